use actix_web::{get, App, HttpResponse};
use cors_runtime::{cors, policy};

policy! {
    API(origins = ["https://myapp.com"], preflight_skips_guards);
}

#[cors(policy = API)]
#[get("/data")]
async fn data() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(data);
}
