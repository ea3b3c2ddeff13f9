//! The same API converted: one `policy!`, one `.wrap(..)`. The policy is checked when the crate
//! compiles; `http://localhost:47811` is the web app's exact origin (a port is part of an
//! origin, so actix-cors's prefix test was also letting in every other local port).

use actix_web::web::{self, ServiceConfig};

use crate::handlers;

cors_runtime::policy! {
    /// The web app's calls, with the user's cookies.
    pub API(
        origins = ["http://localhost:47811"],
        methods = [GET, POST, PUT],
        headers = ["Content-Type"],
        expose = ["X-Total-Count"],
        credentials,
        max_age = 600,
    );
}

pub fn configure(config: &mut ServiceConfig) {
    config.service(handlers::api(web::scope("/api").wrap(API)));
}
