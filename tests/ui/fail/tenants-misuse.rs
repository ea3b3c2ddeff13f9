use actix_web::{get, App, HttpResponse};
use cors_runtime::{cors, TenantOrigins};

static CUSTOMERS: TenantOrigins = TenantOrigins::by_host();

// Development origins belong to a tenant, not beside the set.
#[cors(origins = tenants(CUSTOMERS), dev_origins = ["http://localhost:*"])]
#[get("/a")]
async fn a() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// The set is named by its path, not a string.
#[cors(origins = tenants("CUSTOMERS"))]
#[get("/b")]
async fn b() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// One set per policy.
#[cors(origins = tenants(CUSTOMERS, OTHERS))]
#[get("/c")]
async fn c() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// The rest of the policy is still checked at compile time.
#[cors(origins = tenants(CUSTOMERS), headers = ["*"], credentials)]
#[get("/d")]
async fn d() -> HttpResponse {
    HttpResponse::Ok().finish()
}

// A value that is not a set.
static NOT_A_SET: &str = "https://acme.example";

#[cors(origins = tenants(NOT_A_SET))]
#[get("/e")]
async fn e() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let _ = App::new().service(a).service(b).service(c).service(d).service(e);
}
