//! The example as it runs: its binary started as separate processes on loopback, on a SQLite
//! file and on a real PostgreSQL (two instances hearing each other through `LISTEN/NOTIFY`),
//! driven over HTTP like a browser and an admin would.
//!
//! Without PostgreSQL's binaries the PostgreSQL test is skipped with a notice naming the
//! install command; under `CI=true` it fails.

mod instance;
mod postgres_server;
mod scratch;

mod postgres;
mod proxy;
mod sqlite;
