//! A multi-tenant SaaS API whose customers' origins live in a database and feed
//! `origins = tenants(CUSTOMERS)`: SQLite for one instance, PostgreSQL for several, which hear
//! each other's changes through `LISTEN/NOTIFY`. An admin route adds and removes a tenant's
//! origins, checked by the rules the compiler applies to written ones. See README.md.
//!
//! The modules, bottom-up (each uses only those before it): `config` and `logger`; `tenants`,
//! the live set and its checks; `store`, the database and the one way a change is made; `api`,
//! the customers' routes; `admin`, the admin routes.

pub mod admin;
pub mod api;
pub mod config;
pub mod logger;
pub mod store;
pub mod tenants;

use std::io::{self, Write};

use actix_web::{App, HttpServer, web};

use crate::admin::Admin;
use crate::config::Config;
use crate::store::Store;

/// Trusts `config.trusted_proxies`' `X-Forwarded-Host`, opens the database, loads every
/// tenant's origins, and serves the API and the admin routes on `config.listen`, printing
/// `listening on http://ADDRESS` once bound, until stopped.
///
/// # Errors
///
/// A trusted proxy that is not an address or a range (the error names it and the fix), the
/// database cannot be opened or read (the server does not start without its tenants), or the
/// address cannot be bound.
pub async fn serve(config: Config) -> io::Result<()> {
    if !config.trusted_proxies.is_empty() {
        tenants::CUSTOMERS
            .trust_forwarded_host(&config.trusted_proxies)
            .map_err(|error| io::Error::new(io::ErrorKind::InvalidInput, error))?;
    }
    let (store, loaded) = Store::open(&config.database).await.map_err(io::Error::other)?;
    log::info!(
        "{}: {} tenant(s), {} origin(s) loaded{}",
        config.database.describe(),
        loaded.summary.tenants,
        loaded.summary.origins,
        if loaded.closed.is_empty() {
            String::new()
        } else {
            format!("; closed until their rows are fixed: {}", loaded.closed.join(", "))
        }
    );
    let admin = web::Data::new(Admin { store, token: config.admin_token });
    let server = HttpServer::new(move || {
        App::new().configure(api::routes).configure(admin::routes(admin.clone()))
    })
    .workers(2)
    .bind(config.listen)?;
    let mut stdout = io::stdout().lock();
    for address in server.addrs() {
        writeln!(stdout, "listening on http://{address}")?;
    }
    stdout.flush()?;
    drop(stdout);
    server.run().await
}
