use actix_web::{route, App, HttpResponse};
use cors_runtime::{cors, policy};

policy! {
    READ_ONLY(origins = ["https://myapp.com"], methods = [GET]);
}

#[cors(policy = READ_ONLY, methods = [GET, DELETE])]
#[route("/data", method = "GET", method = "DELETE")]
async fn data() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = READ_ONLY)]
#[actix_web::post("/upload")]
async fn upload() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(data).service(upload);
}
