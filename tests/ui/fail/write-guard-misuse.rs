use actix_web::{post, HttpResponse};
use cors_runtime::cors;

// Reported or rejected: one setting, and the error says which word to keep.
#[cors(origins = ["https://myapp.com"], report_unlisted_writes, reject_unlisted_writes)]
#[post("/a")]
async fn a() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// `*` lists every origin: nothing would ever be reported.
#[cors(origins = ["*"], report_unlisted_writes)]
#[post("/b")]
async fn b() -> HttpResponse {
    HttpResponse::Ok().finish()
}

cors_runtime::policy! {
    API(origins = ["https://myapp.com"], report_unlisted_writes);
}

// The write guard is the policy's, rolled out there.
#[cors(policy = API, report_unlisted_writes)]
#[post("/c")]
async fn c() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {}
