//! The customers' API: each customer's own pages call it on the customer's own host, with
//! cookies, and get a grant only for that customer's origins.

use actix_web::http::header;
use actix_web::web::ServiceConfig;
use actix_web::{HttpRequest, HttpResponse, get, put};
use cors_runtime::{cors, policy};

use crate::tenants::CUSTOMERS;

policy! {
    /// Credentialed reads and writes from each customer's own origins. A preflight is cached
    /// for at most a minute; a removed origin loses the actual responses at once.
    pub CUSTOMER_API(
        origins = tenants(CUSTOMERS),
        methods = [GET, PUT],
        headers = ["Content-Type"],
        credentials,
        max_age = 60,
    );
}

/// The tenant's orders (an empty list: the example keeps no orders).
#[cors(policy = CUSTOMER_API)]
#[get("/api/orders")]
async fn orders(request: HttpRequest) -> HttpResponse {
    let tenant = request.headers().get(header::HOST).and_then(|host| host.to_str().ok());
    HttpResponse::Ok().json(serde_json::json!({ "tenant": tenant, "orders": [] }))
}

/// Replaces the tenant's orders (accepted and dropped).
#[cors(policy = CUSTOMER_API)]
#[put("/api/orders")]
async fn put_orders() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

/// The API's routes.
pub fn routes(config: &mut ServiceConfig) {
    config.service(orders).service(put_orders);
}
