//! SQLite: one file (or memory) and one instance, so an admin's change is applied by the
//! instance that wrote it. Queries run on actix's blocking pool, off the request threads.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::Connection;

use super::{Change, StoreError};

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS tenant_origins (
        tenant TEXT NOT NULL,
        origin TEXT NOT NULL,
        PRIMARY KEY (tenant, origin)
    ) WITHOUT ROWID;
";

pub(super) struct Sqlite {
    connection: Arc<Mutex<Connection>>,
}

impl Sqlite {
    /// The database in the file at `path` (created when missing), or in memory.
    pub(super) fn open(path: Option<&Path>) -> Result<Self, StoreError> {
        let opened = match path {
            Some(path) => Connection::open(path),
            None => Connection::open_in_memory(),
        };
        let connection = opened.map_err(|error| StoreError::new("cannot open SQLite", error))?;
        connection
            .execute_batch(SCHEMA)
            .map_err(|error| StoreError::new("cannot create the tenant_origins table", error))?;
        Ok(Sqlite { connection: Arc::new(Mutex::new(connection)) })
    }

    /// Runs `query` on the connection, on the blocking pool.
    async fn run<T: Send + 'static>(
        &self,
        context: &'static str,
        query: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> Result<T, StoreError> {
        let connection = Arc::clone(&self.connection);
        let ran = actix_web::web::block(move || {
            // A panic mid-query left no transaction open: rusqlite's roll back on drop.
            let mut connection = connection.lock().unwrap_or_else(PoisonError::into_inner);
            query(&mut connection)
        })
        .await;
        ran.map_err(|error| StoreError::new(context, error))?
            .map_err(|error| StoreError::new(context, error))
    }

    /// Every tenant's origins, as (tenant, origin) rows.
    pub(super) async fn all(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.run("cannot read the tenants", |connection| {
            let mut statement = connection
                .prepare("SELECT tenant, origin FROM tenant_origins ORDER BY tenant, origin")?;
            let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect()
        })
        .await
    }

    pub(super) async fn origins_of(&self, tenant: &str) -> Result<Vec<String>, StoreError> {
        let tenant = tenant.to_owned();
        self.run("cannot read the tenant's origins", move |connection| {
            let mut statement = connection
                .prepare("SELECT origin FROM tenant_origins WHERE tenant = ?1 ORDER BY origin")?;
            let rows = statement.query_map([&tenant], |row| row.get(0))?;
            rows.collect()
        })
        .await
    }

    /// Writes `change` in one transaction.
    pub(super) async fn write(&self, tenant: &str, change: &Change) -> Result<(), StoreError> {
        let (tenant, change) = (tenant.to_owned(), change.clone());
        self.run("cannot write the tenant's origins", move |connection| {
            let transaction = connection.transaction()?;
            let (sql, origins) = match &change {
                Change::Add(origins) => (
                    "INSERT OR IGNORE INTO tenant_origins (tenant, origin) VALUES (?1, ?2)",
                    origins,
                ),
                Change::Remove(origins) => {
                    ("DELETE FROM tenant_origins WHERE tenant = ?1 AND origin = ?2", origins)
                }
            };
            {
                let mut statement = transaction.prepare(sql)?;
                for origin in origins {
                    statement.execute([&tenant, origin])?;
                }
            }
            transaction.commit()
        })
        .await
    }
}
