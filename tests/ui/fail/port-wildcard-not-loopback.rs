use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://myapp.com:*"])]
#[get("/public_host")]
async fn public_host() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["http://127.0.0.2:*"])]
#[get("/other_loopback_address")]
async fn other_loopback_address() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["http://*.localhost:*"])]
#[get("/subdomain_of_localhost")]
async fn subdomain_of_localhost() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(public_host).service(other_loopback_address).service(subdomain_of_localhost);
}
