use actix_web::{get, App, HttpResponse};
use cors_runtime::{cors, policy};

policy! {
    /// Errors are reported here, once, not at every handler that uses the policy.
    pub API(origins = ["*"], headers = ["Cookie"], credentials);
    NESTED(policy = API, origins = ["https://myapp.com"]);
}

#[cors(policy = API)]
#[get("/a")]
async fn a() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(policy = API)]
#[get("/b")]
async fn b() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(a).service(b);
}
