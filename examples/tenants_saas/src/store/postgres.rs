//! PostgreSQL: any number of instances share the database and hear each other's changes. A
//! trigger on the table sends `NOTIFY tenant_origins` with the tenant of every row written,
//! however it was written (an admin route, or SQL by hand); each instance `LISTEN`s, reads
//! that tenant's rows again and applies them.
//!
//! When the connection is lost, the sets loaded last stay in force and nothing is applied
//! that was not read; the instance reconnects, listens again and reloads every tenant, since
//! notifications sent meanwhile were not heard.

use std::future::poll_fn;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio_postgres::{AsyncMessage, Client, Config, NoTls};

use super::{Change, Store, StoreError};

/// The channel the trigger notifies; the payload is the tenant (empty: every tenant, after a
/// `TRUNCATE`).
const CHANNEL: &str = "tenant_origins";

/// Created or updated by every instance that starts, under a lock so that two starting at
/// once do not race. `CREATE OR REPLACE TRIGGER` needs PostgreSQL 14.
const SCHEMA: &str = "
    BEGIN;
    SELECT pg_advisory_xact_lock(hashtext('tenant_origins schema'));
    CREATE TABLE IF NOT EXISTS tenant_origins (
        tenant TEXT NOT NULL,
        origin TEXT NOT NULL,
        PRIMARY KEY (tenant, origin)
    );
    CREATE OR REPLACE FUNCTION tenant_origins_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            PERFORM pg_notify('tenant_origins', '');
            RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM pg_notify('tenant_origins', OLD.tenant);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM pg_notify('tenant_origins', NEW.tenant);
        END IF;
        RETURN NULL;
    END $$;
    CREATE OR REPLACE TRIGGER tenant_origins_notify
        AFTER INSERT OR UPDATE OR DELETE ON tenant_origins
        FOR EACH ROW EXECUTE FUNCTION tenant_origins_notify();
    CREATE OR REPLACE TRIGGER tenant_origins_truncated
        AFTER TRUNCATE ON tenant_origins
        FOR EACH STATEMENT EXECUTE FUNCTION tenant_origins_notify();
    COMMIT;
";

/// The longest wait between two attempts to reconnect.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(5);
/// The longest a connection attempt or a query may take: a database that stops answering
/// without closing the connection fails a change (the admin gets `503`) instead of holding it.
const TIMEOUT: Duration = Duration::from_secs(5);

pub(super) struct Postgres {
    config: Config,
    /// The connection's client while it is up; `None` while reconnecting.
    client: RwLock<Option<Arc<Client>>>,
}

/// One connection's notifications: the tenants changed, until the connection ends.
pub(super) struct Session {
    changed: mpsc::UnboundedReceiver<String>,
}

impl Postgres {
    /// Connects to `url`, creates the table and its trigger, and listens.
    pub(super) async fn connect(url: &str) -> Result<(Self, Session), StoreError> {
        let mut config: Config =
            url.parse().map_err(|error| StoreError::new("not a PostgreSQL URL", error))?;
        config.connect_timeout(TIMEOUT);
        let postgres = Postgres { config, client: RwLock::new(None) };
        let session = postgres.open_session().await?;
        Ok((postgres, session))
    }

    async fn open_session(&self) -> Result<Session, StoreError> {
        let context = "cannot reach PostgreSQL";
        let (client, mut connection) =
            self.config.connect(NoTls).await.map_err(|error| StoreError::new(context, error))?;
        let (sender, changed) = mpsc::unbounded_channel();
        // The connection runs on its own task, which hands notifications on; when it ends, the
        // channel closes and the listener reconnects.
        tokio::spawn(async move {
            while let Some(message) = poll_fn(|cx| connection.poll_message(cx)).await {
                match message {
                    Ok(AsyncMessage::Notification(notification)) => {
                        let _ = sender.send(notification.payload().to_owned());
                    }
                    Ok(_) => {}
                    Err(error) => {
                        log::warn!("the connection to PostgreSQL ended: {error}");
                        break;
                    }
                }
            }
        });
        let listen = format!("{SCHEMA}\nLISTEN {CHANNEL};");
        within_timeout(client.batch_execute(&listen))
            .await
            .map_err(|error| StoreError::new(context, error))?;
        *self.client.write().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(client));
        Ok(Session { changed })
    }

    fn client(&self) -> Result<Arc<Client>, StoreError> {
        let client = self.client.read().unwrap_or_else(PoisonError::into_inner);
        client.clone().ok_or_else(|| StoreError("PostgreSQL is not connected".to_owned()))
    }

    fn disconnected(&self) {
        *self.client.write().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// Every tenant's origins, as (tenant, origin) rows.
    pub(super) async fn all(&self) -> Result<Vec<(String, String)>, StoreError> {
        let sql = "SELECT tenant, origin FROM tenant_origins ORDER BY tenant, origin";
        let rows = within_timeout(self.client()?.query(sql, &[])).await;
        let rows = rows.map_err(|error| StoreError::new("cannot read the tenants", error))?;
        Ok(rows.iter().map(|row| (row.get(0), row.get(1))).collect())
    }

    pub(super) async fn origins_of(&self, tenant: &str) -> Result<Vec<String>, StoreError> {
        let sql = "SELECT origin FROM tenant_origins WHERE tenant = $1 ORDER BY origin";
        let rows = within_timeout(self.client()?.query(sql, &[&tenant])).await;
        let rows =
            rows.map_err(|error| StoreError::new("cannot read the tenant's origins", error))?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    /// Writes `change` in one statement; its trigger notifies every instance.
    pub(super) async fn write(&self, tenant: &str, change: &Change) -> Result<(), StoreError> {
        let (sql, origins) = match change {
            Change::Add(origins) => (
                "INSERT INTO tenant_origins (tenant, origin) SELECT $1, unnest($2::text[]) \
                 ON CONFLICT DO NOTHING",
                origins,
            ),
            Change::Remove(origins) => {
                ("DELETE FROM tenant_origins WHERE tenant = $1 AND origin = ANY($2)", origins)
            }
        };
        let written = self.client()?.execute(sql, &[&tenant, origins]).await;
        written
            .map(drop)
            .map_err(|error| StoreError::new("cannot write the tenant's origins", error))
    }
}

/// `query`'s result, or an error once it took longer than [`TIMEOUT`].
async fn within_timeout<T>(
    query: impl Future<Output = Result<T, tokio_postgres::Error>>,
) -> Result<T, String> {
    match tokio::time::timeout(TIMEOUT, query).await {
        Ok(result) => result.map_err(|error| error.to_string()),
        Err(_) => Err(format!("no answer within {TIMEOUT:?}")),
    }
}

/// Applies the changes `session` hears, and after the connection is lost, reconnects and
/// reloads, for as long as the server runs.
pub(super) fn listen(store: Store, postgres: Arc<Postgres>, mut session: Session) {
    tokio::spawn(async move {
        loop {
            while let Some(tenant) = session.changed.recv().await {
                let refreshed = if tenant.is_empty() {
                    store.reload().await.map(drop)
                } else {
                    store.refresh(&tenant).await
                };
                if let Err(error) = refreshed {
                    log::warn!(
                        "refresh failed for tenant `{tenant}`: {error}; its last loaded origins stay in force"
                    );
                }
            }
            postgres.disconnected();
            log::warn!(
                "lost the connection to PostgreSQL: the last loaded origins stay in force until it is back"
            );
            session = reconnect(&store, &postgres).await;
        }
    });
}

/// Tries until PostgreSQL answers again and every tenant is reloaded, each failure logged.
async fn reconnect(store: &Store, postgres: &Postgres) -> Session {
    let mut delay = Duration::from_millis(250);
    loop {
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(MAX_RETRY_DELAY);
        let session = match postgres.open_session().await {
            Ok(session) => session,
            Err(error) => {
                log::warn!(
                    "refresh failed: {error}; the last loaded origins stay in force, next attempt in {delay:?}"
                );
                continue;
            }
        };
        match store.reload().await {
            Ok(loaded) => {
                log::info!(
                    "reconnected to PostgreSQL: {} tenant(s), {} origin(s) reloaded",
                    loaded.summary.tenants,
                    loaded.summary.origins
                );
                return session;
            }
            Err(error) => log::warn!(
                "refresh failed: {error}; the last loaded origins stay in force, next attempt in {delay:?}"
            ),
        }
    }
}
