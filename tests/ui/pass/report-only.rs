//! The rollout forms: `report_unlisted_writes` on a route and in a policy, and a named policy
//! applied report-only; each becomes enforced by one word.
use actix_web::{post, web, App, HttpResponse};
use cors_runtime::{cors, NamedPolicy, ReportOnly, WriteGuard};

#[cors(origins = ["https://myapp.com"], report_unlisted_writes)]
#[post("/orders")]
async fn orders() -> HttpResponse {
    HttpResponse::Ok().finish()
}

cors_runtime::policy! {
    /// Tightening a permissive configuration: watched first.
    pub API(origins = ["https://myapp.com"], methods = [GET, POST], report_unlisted_writes);
}

fn main() {
    let report_only: ReportOnly = API.report_only();
    let enforced: NamedPolicy = API;
    assert_eq!(enforced.policy().write_guard(), Some(WriteGuard::Report));
    let _ = App::new()
        .service(orders)
        .service(web::scope("/api").route("/items", web::get().to(HttpResponse::Ok)))
        .wrap(report_only);
}
