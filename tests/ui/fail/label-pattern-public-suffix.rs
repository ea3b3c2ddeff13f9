use actix_web::{get, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["https://myapp-*.vercel.app"], credentials)]
#[get("/vercel")]
async fn vercel() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = ["https://*-staging.herokuapp.com"])]
#[get("/heroku")]
async fn heroku() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(vercel).service(heroku);
}
