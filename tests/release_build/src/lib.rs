//! A `#[cors]` route with `dev_origins`, in a package the workspace builds without
//! `debug_assertions`, as `--release` builds: its test (`tests/dev_origins.rs`) checks that a
//! production build neither allows nor reports the development origins.

use actix_web::{HttpResponse, get};
use cors_runtime::cors;

/// Whether this crate was compiled as a release build compiles it: the test refuses to judge
/// anything else.
#[must_use]
pub fn built_as_release() -> bool {
    cfg!(not(debug_assertions))
}

/// The production site, and in debug builds a development server on any loopback port.
#[cors(
    origins = ["https://myapp.com"],
    dev_origins = ["http://127.0.0.1:*", "http://localhost:*"],
    credentials
)]
#[get("/profile")]
pub async fn profile() -> HttpResponse {
    HttpResponse::Ok().body("profile")
}
