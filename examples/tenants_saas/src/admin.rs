//! The admin routes: a tenant's origins listed, added and removed, behind a bearer token.
//!
//! `GET|POST|DELETE /admin/tenants/{tenant}/origins`, the body of `POST` and `DELETE` being
//! `{"origins": ["https://shop.acme.example"]}`. A change is checked by the rules first: an
//! origin the compiler would refuse in `#[cors(origins = [..])]` is refused with the same
//! message and fix (`422`), and nothing is written.

use actix_web::http::{StatusCode, header};
use actix_web::web::{self, Bytes, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse};
use serde::Deserialize;
use subtle::ConstantTimeEq;

use crate::config::AdminToken;
use crate::store::{Change, ChangeError, Store};
use crate::tenants::CUSTOMERS;

/// What the admin routes share.
pub struct Admin {
    /// Where the change is written.
    pub store: Store,
    /// The token requests must carry.
    pub token: AdminToken,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Origins {
    origins: Vec<String>,
}

/// The admin routes, with `admin` as their shared state.
pub fn routes(admin: web::Data<Admin>) -> impl FnOnce(&mut ServiceConfig) {
    move |config| {
        config.app_data(admin).service(
            web::resource("/admin/tenants/{tenant}/origins")
                .route(web::get().to(list))
                .route(web::post().to(add))
                .route(web::delete().to(remove)),
        );
    }
}

/// Whether `request` carries the token, compared in constant time (its length aside).
fn authorized(request: &HttpRequest, token: &AdminToken) -> bool {
    let given = request.headers().get(header::AUTHORIZATION).map(|value| value.as_bytes());
    let Some(given) = given.and_then(|value| value.strip_prefix(b"Bearer ")) else { return false };
    given.ct_eq(token.as_bytes()).into()
}

fn unauthorized(request: &HttpRequest) -> HttpResponse {
    // The token given, if any, is never logged.
    log::warn!("admin: {} {} refused: no valid bearer token", request.method(), request.path());
    HttpResponse::Unauthorized()
        .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
        .body("a valid admin bearer token is required\n")
}

fn held(tenant: &str, origins: &[String]) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "tenant": tenant, "origins": origins }))
}

async fn list(
    request: HttpRequest,
    admin: web::Data<Admin>,
    tenant: web::Path<String>,
) -> HttpResponse {
    if !authorized(&request, &admin.token) {
        return unauthorized(&request);
    }
    held(&tenant, &CUSTOMERS.origins_of(&tenant).unwrap_or_default())
}

async fn add(
    request: HttpRequest,
    admin: web::Data<Admin>,
    tenant: web::Path<String>,
    body: Bytes,
) -> HttpResponse {
    change(&request, &admin, &tenant, &body, Change::Add).await
}

async fn remove(
    request: HttpRequest,
    admin: web::Data<Admin>,
    tenant: web::Path<String>,
    body: Bytes,
) -> HttpResponse {
    change(&request, &admin, &tenant, &body, Change::Remove).await
}

/// The token checked before the body is read; then the change, and its answer.
async fn change(
    request: &HttpRequest,
    admin: &Admin,
    tenant: &str,
    body: &[u8],
    change: fn(Vec<String>) -> Change,
) -> HttpResponse {
    if !authorized(request, &admin.token) {
        return unauthorized(request);
    }
    let origins = match serde_json::from_slice::<Origins>(body) {
        Ok(body) => body.origins,
        Err(error) => {
            return HttpResponse::BadRequest()
                .body(format!("expected {{\"origins\": [\"https://...\"]}}: {error}\n"));
        }
    };
    let change = change(origins);
    match admin.store.change(tenant, &change).await {
        Ok(now) => {
            log::info!("admin: tenant `{tenant}`: {change:?}; it has {} origin(s) now", now.len());
            held(tenant, &now)
        }
        Err(ChangeError::Refused(error)) => {
            HttpResponse::build(StatusCode::UNPROCESSABLE_ENTITY).body(format!("{error}\n"))
        }
        Err(ChangeError::Database(error)) => {
            log::error!("admin: tenant `{tenant}`: {change:?} failed, nothing changed: {error}");
            HttpResponse::ServiceUnavailable()
                .body(format!("the database did not answer, nothing changed: {error}\n"))
        }
    }
}
