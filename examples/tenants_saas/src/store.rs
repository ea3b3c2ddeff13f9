//! Where the tenants' origins are kept, and the one way they change: checked by the rules
//! first, then written, then read back into the live set, so that what the database holds is
//! what the sets hold.
//!
//! Every change of this process's sets (an admin's change, a notification from another
//! instance, a full reload) happens under one lock and reads the database after taking it, so
//! a slower change never puts back rows older than the ones a faster one applied.

mod postgres;
mod sqlite;

use std::fmt;
use std::sync::Arc;

use cors_runtime::TenantUpdateError;

use crate::config::Database;
use crate::tenants::{self, Loaded};

/// The database the tenants live in: a cheap handle, shared by the admin routes and, with
/// PostgreSQL, the task that hears other instances' changes.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    backend: Backend,
    /// Taken by every change of this process's sets.
    changing: tokio::sync::Mutex<()>,
}

enum Backend {
    Sqlite(sqlite::Sqlite),
    Postgres(Arc<postgres::Postgres>),
}

/// An admin's change of one tenant's origins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Adds these origins (those the tenant has already are left as they are).
    Add(Vec<String>),
    /// Removes these origins (those the tenant does not have are ignored).
    Remove(Vec<String>),
}

/// Why a change was not made.
#[derive(Debug)]
pub enum ChangeError {
    /// An origin or the tenant breaks a rule: every problem with its fix, in the compiler's
    /// words. Nothing was written.
    Refused(TenantUpdateError),
    /// The database did not answer.
    Database(StoreError),
}

/// The database failed or could not be reached.
#[derive(Debug)]
pub struct StoreError(String);

impl StoreError {
    fn new(context: &str, error: impl fmt::Display) -> Self {
        StoreError(format!("{context}: {error}"))
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl Store {
    /// Opens `database` (creating its table), and loads every tenant's origins into
    /// [`CUSTOMERS`](crate::tenants::CUSTOMERS). With PostgreSQL, also starts listening for other instances' changes,
    /// reconnecting after an outage.
    ///
    /// # Errors
    ///
    /// The database cannot be opened or read, or holds more than a set can: the server does
    /// not start rather than serve without its tenants.
    pub async fn open(database: &Database) -> Result<(Self, Loaded), StoreError> {
        let (backend, listener) = match database {
            Database::SqliteFile(path) => {
                (Backend::Sqlite(sqlite::Sqlite::open(Some(path))?), None)
            }
            Database::SqliteMemory => (Backend::Sqlite(sqlite::Sqlite::open(None)?), None),
            Database::Postgres(url) => {
                let (postgres, session) = postgres::Postgres::connect(url).await?;
                let postgres = Arc::new(postgres);
                (Backend::Postgres(Arc::clone(&postgres)), Some((postgres, session)))
            }
        };
        let store =
            Store { inner: Arc::new(Inner { backend, changing: tokio::sync::Mutex::new(()) }) };
        let loaded = store.reload().await?;
        // Listening started before the load, so no change made since is missed; the changes
        // heard meanwhile are applied after it, each read again.
        if let Some((postgres, session)) = listener {
            postgres::listen(store.clone(), postgres, session);
        }
        Ok((store, loaded))
    }

    /// Every tenant's origins read again and loaded whole.
    async fn reload(&self) -> Result<Loaded, StoreError> {
        let _changing = self.inner.changing.lock().await;
        let rows = match &self.inner.backend {
            Backend::Sqlite(sqlite) => sqlite.all().await?,
            Backend::Postgres(postgres) => postgres.all().await?,
        };
        tenants::load_all(rows)
            .map_err(|error| StoreError::new("the tenants were not loaded", error))
    }

    /// `tenant`'s origins read again and applied (another instance changed them).
    async fn refresh(&self, tenant: &str) -> Result<(), StoreError> {
        let _changing = self.inner.changing.lock().await;
        let rows = self.origins_of(tenant).await?;
        // A refusal closed the tenant and was logged: its rows are the database's to fix.
        let _ = tenants::apply(tenant, &rows);
        Ok(())
    }

    async fn origins_of(&self, tenant: &str) -> Result<Vec<String>, StoreError> {
        match &self.inner.backend {
            Backend::Sqlite(sqlite) => sqlite.origins_of(tenant).await,
            Backend::Postgres(postgres) => postgres.origins_of(tenant).await,
        }
    }

    /// Changes `tenant`'s origins: checked with the live set's rules first (a refusal writes
    /// nothing), then written, then read back and applied. Returns the origins the tenant has
    /// now.
    ///
    /// # Errors
    ///
    /// [`ChangeError::Refused`] with every problem and its fix; [`ChangeError::Database`]
    /// when the database did not answer (the sets stay as they were).
    pub async fn change(&self, tenant: &str, change: &Change) -> Result<Vec<String>, ChangeError> {
        let _changing = self.inner.changing.lock().await;
        let stored = self.origins_of(tenant).await.map_err(ChangeError::Database)?;
        match change {
            // The tenant's origins after the change, checked whole (the cap per tenant too).
            Change::Add(added) => {
                let mut after = stored;
                for origin in added {
                    if !after.contains(origin) {
                        after.push(origin.clone());
                    }
                }
                tenants::check(tenant, &after)
            }
            // A stored origin is removed whatever it holds (so a broken row can go); one not
            // stored is checked, so that a mistyped origin is refused with its fix rather
            // than "removed" without effect.
            Change::Remove(removed) => {
                let unknown: Vec<String> =
                    removed.iter().filter(|origin| !stored.contains(origin)).cloned().collect();
                tenants::check(tenant, &unknown)
            }
        }
        .map_err(ChangeError::Refused)?;
        let written = match (&self.inner.backend, change) {
            (Backend::Sqlite(sqlite), change) => sqlite.write(tenant, change).await,
            (Backend::Postgres(postgres), change) => postgres.write(tenant, change).await,
        };
        written.map_err(ChangeError::Database)?;
        let rows = self.origins_of(tenant).await.map_err(ChangeError::Database)?;
        tenants::apply(tenant, &rows).map_err(ChangeError::Refused)?;
        Ok(rows)
    }
}
