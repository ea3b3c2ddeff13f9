//! `origins = tenants(SET)` on a route and in a named policy, keyed by host and by path.
use actix_web::{get, put, App, HttpResponse};
use cors_runtime::{cors, policy, TenantOrigins};

mod sets {
    pub static CUSTOMERS: cors_runtime::TenantOrigins = cors_runtime::TenantOrigins::by_host();
}

static WORKSPACES: TenantOrigins = TenantOrigins::by_path("workspace").dangerously_allow_http_origins();

policy! {
    /// The customers' API.
    pub API(origins = tenants(crate::sets::CUSTOMERS), methods = [GET, PUT], credentials, reject_unlisted_writes);
}

#[cors(policy = API)]
#[put("/api/orders")]
async fn orders() -> HttpResponse {
    HttpResponse::Ok().finish()
}

#[cors(origins = tenants(WORKSPACES), headers = ["Content-Type"], max_age = 600)]
#[get("/w/{workspace}/files")]
async fn files() -> HttpResponse {
    HttpResponse::Ok().finish()
}

fn main() {
    let admin = actix_web::web::scope("/admin").wrap(API);
    let _ = App::new().service(orders).service(files).service(admin);
}
