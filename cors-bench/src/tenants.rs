//! A `#[cors]` route whose origins are each tenant's (`origins = tenants(..)`), with 100,000
//! tenants of 3 origins each, keyed by `Host`, to show what a run-time set costs a request
//! against the one-origin literal policy of the other variants.

use actix_web::web::ServiceConfig;
use actix_web::{HttpResponse, routes};
use cors_runtime::{TenantOrigins, TenantUpdateError, cors};

use crate::{ALLOWED_ORIGIN, data_response};

/// The tenants the route's requests are judged against.
pub static BENCH_TENANTS: TenantOrigins = TenantOrigins::by_host();

/// The tenants loaded for the measurements.
pub const TENANTS: usize = 100_000;

/// The host of the tenant whose origins hold [`ALLOWED_ORIGIN`]: the last one loaded.
pub const TENANT_HOST: &str = "tenant99999.example.com";

/// The name the scripts use, in the place of a variant's.
pub const NAME: &str = "tenants-100000";

/// `count` tenants (`tenant0.example.com`, ...) of 3 origins each; the last one's are its
/// app, its admin page and [`ALLOWED_ORIGIN`].
pub fn rows(count: usize) -> impl Iterator<Item = (String, [String; 3])> {
    (0..count).map(move |tenant| {
        let host = format!("tenant{tenant}.example.com");
        let third = if tenant + 1 == count {
            ALLOWED_ORIGIN.to_owned()
        } else {
            format!("https://www.tenant{tenant}.example.com")
        };
        let origins = [
            format!("https://app.tenant{tenant}.example.com"),
            format!("https://admin.{host}"),
            third,
        ];
        (host, origins)
    })
}

/// Loads [`TENANTS`] tenants into [`BENCH_TENANTS`].
pub fn load() -> Result<(), TenantUpdateError> {
    BENCH_TENANTS.replace_all(rows(TENANTS)).map(drop)
}

/// The route, with the policy of the other variants but each tenant's origins.
pub fn routes(config: &mut ServiceConfig) {
    config.service(tenants_data);
}

#[cors(origins = tenants(BENCH_TENANTS), methods = [GET, POST], headers = ["content-type"], credentials, max_age = 3600)]
#[routes]
#[get("/api/data")]
#[post("/api/data")]
async fn tenants_data() -> HttpResponse {
    data_response()
}
