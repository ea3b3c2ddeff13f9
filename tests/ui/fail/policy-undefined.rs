use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(policy = API)]
#[get("/data")]
async fn data() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(data);
}
