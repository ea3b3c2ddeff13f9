use actix_web::{get, App, HttpResponse};
use cors_runtime::{cors, policy};

policy! {
    API(origins = ["https://myapp.com"]);
}

#[cors(policy = API, origins = ["https://admin.myapp.com"], dev_origins = ["http://localhost:*"], credentials, max_age = 60)]
#[get("/data")]
async fn data() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(data);
}
