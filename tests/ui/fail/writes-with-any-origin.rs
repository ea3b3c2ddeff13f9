use actix_web::{post, App, HttpResponse};
use cors_runtime::cors;

#[cors(origins = ["*"], reject_unlisted_writes)]
#[post("/comments")]
async fn comment() -> HttpResponse {
    HttpResponse::Created().finish()
}

cors_runtime::policy! {
    HANDLER_MAY_NOT(origins = ["https://myapp.com"]);
}

#[cors(policy = HANDLER_MAY_NOT, reject_unlisted_writes)]
#[post("/orders")]
async fn order() -> HttpResponse {
    HttpResponse::Created().finish()
}

fn main() {
    let _ = App::new().service(comment).service(order);
}
