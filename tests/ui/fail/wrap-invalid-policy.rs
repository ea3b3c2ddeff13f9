use actix_web::{web, App, HttpResponse};

cors_runtime::policy! {
    /// Its error is reported once, where it is declared; `.wrap(API)` adds none.
    API(origins = ["https://myapp.com/"]);
}

fn main() {
    let _ = App::new().service(web::scope("/api").wrap(API).route("/x", web::get().to(HttpResponse::Ok)));
}
