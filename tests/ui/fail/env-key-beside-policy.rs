use actix_web::{get, put, App, HttpResponse};
use cors_runtime::{cors, policy};

policy! {
    API(origins = ["https://myapp.com"], methods = env("API_METHODS"));
}

/// The policy's methods are read at startup: a handler cannot narrow them at compile time.
#[cors(policy = API, methods = [GET])]
#[get("/a")]
async fn a() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// A handler's own keys beside a policy are checked against the policy's at compile time.
#[cors(policy = API, expose = env("ITEM_EXPOSE"), headers = env("ITEM_HEADERS"))]
#[put("/b")]
async fn b() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(a).service(b);
}
