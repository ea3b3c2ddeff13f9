//! Migrating from actix-cors: the same API twice, as written with actix-cors (`before.rs`) on
//! 127.0.0.1:8090 and converted to a named policy (`after.rs`) on 127.0.0.1:8091. MIGRATING.md
//! walks through the conversion; the browser suite proves that both behave the same for the
//! web app's origin, and that only the converted one refuses a look-alike origin.
//!
//! Run it with `cargo run -p migrate-from-actix-cors`, then compare:
//!
//! ```sh
//! cors-check http://127.0.0.1:8090/api/profile --origin http://localhost.evil.test:47811 --credentials
//! cors-check http://127.0.0.1:8091/api/profile --origin http://localhost.evil.test:47811 --credentials
//! ```

use actix_web::{App, HttpServer};
use migrate_from_actix_cors::{after, before};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let before = HttpServer::new(|| App::new().configure(before::configure))
        .bind(("127.0.0.1", 8090))?
        .run();
    let after =
        HttpServer::new(|| App::new().configure(after::configure)).bind(("127.0.0.1", 8091))?.run();
    println!(
        "actix-cors on http://127.0.0.1:8090/api, the converted policy on http://127.0.0.1:8091/api"
    );
    // Both servers stop on Ctrl-C.
    actix_web::rt::spawn(before);
    after.await
}
