//! What the server is told at startup: where the tenants live, where to listen, and the admin
//! token, from the command line and the environment.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Where the tenants and their origins are kept. Its `Debug` is [`describe`](Self::describe),
/// without a URL's password.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file (created when missing): one instance.
    SqliteFile(PathBuf),
    /// A SQLite database in memory, gone when the process ends: for trying the API out.
    SqliteMemory,
    /// A PostgreSQL URL (`postgres://user@host:port/db`): any number of instances, which hear
    /// each other's changes through `LISTEN/NOTIFY`.
    Postgres(String),
}

impl Database {
    /// `value` as `--database` or `DATABASE_URL` give it: a `postgres://` or `postgresql://`
    /// URL, `:memory:`, or a SQLite file's path (with or without `sqlite:`).
    #[must_use]
    pub fn parse(value: &str) -> Self {
        if value.starts_with("postgres://") || value.starts_with("postgresql://") {
            Database::Postgres(value.to_owned())
        } else {
            match value.strip_prefix("sqlite:").unwrap_or(value) {
                ":memory:" => Database::SqliteMemory,
                path => Database::SqliteFile(PathBuf::from(path)),
            }
        }
    }

    /// How the database reads in the startup line: a PostgreSQL URL without its password.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Database::SqliteFile(path) => format!("SQLite file {}", path.display()),
            Database::SqliteMemory => "SQLite in memory".to_owned(),
            Database::Postgres(url) => format!("PostgreSQL {}", without_password(url)),
        }
    }
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// `postgres://user:secret@host/db` as `postgres://user:***@host/db`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((credentials, host)) = rest.split_once('@') else { return url.to_owned() };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

/// The bearer token of the admin routes. Its `Debug` hides it, so no log line can print it.
#[derive(Clone)]
pub struct AdminToken(String);

impl AdminToken {
    /// The shortest token accepted: shorter ones are guessed.
    pub const MIN_LEN: usize = 16;

    /// `token`, if it is long enough.
    ///
    /// # Errors
    ///
    /// A token shorter than [`AdminToken::MIN_LEN`] bytes.
    pub fn new(token: String) -> Result<Self, String> {
        if token.len() < Self::MIN_LEN {
            return Err(format!(
                "ADMIN_TOKEN must be at least {} bytes (try `openssl rand -hex 16`)",
                Self::MIN_LEN
            ));
        }
        Ok(AdminToken(token))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminToken(***)")
    }
}

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the tenants live.
    pub database: Database,
    /// The loopback address to listen on (port 0: any free port, printed at startup).
    pub listen: SocketAddr,
    /// The admin routes' bearer token.
    pub admin_token: AdminToken,
    /// The proxies in front of the API (addresses or CIDR ranges) whose `X-Forwarded-Host`
    /// names the tenant; none: the `Host` does. Checked when the server starts.
    pub trusted_proxies: Vec<String>,
}

/// The usage text `--help` prints.
pub const USAGE: &str = "\
usage: tenants-saas [--database URL|PATH|:memory:] [--listen 127.0.0.1:PORT]
                    [--trusted-proxy ADDRESS|CIDR]...

  --database       a PostgreSQL URL (postgres://...), a SQLite file, or :memory:
                   (default: $DATABASE_URL, else the SQLite file tenants.sqlite3)
  --listen         where to serve the API (default 127.0.0.1:8080; port 0 picks a free one)
  --trusted-proxy  a proxy in front of the API (127.0.0.1, 10.20.0.0/16; repeat for more):
                   on requests it sends, X-Forwarded-Host names the tenant, not Host

environment:
  ADMIN_TOKEN      the admin routes' bearer token, at least 16 bytes (required)
  DATABASE_URL     as --database
  TRUSTED_PROXIES  as --trusted-proxy, comma-separated
  RUST_LOG         error, warn, info (default) or debug";

impl Config {
    /// The configuration from `args` (without the program's name) and `env`, a lookup of
    /// environment variables.
    ///
    /// # Errors
    ///
    /// What is wrong, for the user: an unknown flag, a value missing, a listen address that is
    /// not loopback, no `ADMIN_TOKEN`.
    pub fn from_args(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        let mut database = env("DATABASE_URL").map(|url| Database::parse(&url));
        let mut listen = SocketAddr::from(([127, 0, 0, 1], 8080));
        let mut proxies_given = Vec::new();
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--database" => database = Some(Database::parse(&value()?)),
                "--listen" => {
                    let given = value()?;
                    listen =
                        given.parse().map_err(|_| format!("--listen {given}: not an address"))?;
                }
                "--trusted-proxy" => proxies_given.push(value()?),
                other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
            }
        }
        if !listen.ip().is_loopback() {
            return Err(format!(
                "--listen {listen}: this example serves loopback only (127.0.0.1 or [::1])"
            ));
        }
        let token = env("ADMIN_TOKEN").ok_or("set ADMIN_TOKEN, the admin routes' bearer token")?;
        // The flags, when given, replace the variable, as --database replaces DATABASE_URL.
        let trusted_proxies = if proxies_given.is_empty() {
            let variable = env("TRUSTED_PROXIES").unwrap_or_default();
            variable
                .split(',')
                .map(str::trim)
                .filter(|entry| !entry.is_empty())
                .map(str::to_owned)
                .collect()
        } else {
            proxies_given
        };
        Ok(Config {
            database: database
                .unwrap_or_else(|| Database::SqliteFile(PathBuf::from("tenants.sqlite3"))),
            listen,
            admin_token: AdminToken::new(token)?,
            trusted_proxies,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(args: &[&str], env: &[(&str, &str)]) -> Result<Config, String> {
        let env: Vec<(String, String)> =
            env.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
        Config::from_args(args.iter().map(|arg| (*arg).to_owned()), |name| {
            env.iter().find(|(have, _)| have == name).map(|(_, value)| value.clone())
        })
    }

    const TOKEN: (&str, &str) = ("ADMIN_TOKEN", "0123456789abcdef");

    #[test]
    fn the_database_is_sqlite_unless_a_postgres_url_is_given() {
        assert_eq!(
            config(&[], &[TOKEN]).unwrap().database,
            Database::SqliteFile("tenants.sqlite3".into())
        );
        assert_eq!(
            config(&["--database", ":memory:"], &[TOKEN]).unwrap().database,
            Database::SqliteMemory
        );
        let url = "postgres://app@127.0.0.1:5432/app";
        assert_eq!(
            config(&[], &[TOKEN, ("DATABASE_URL", url)]).unwrap().database,
            Database::Postgres(url.to_owned())
        );
        assert_eq!(
            config(&["--database", "sqlite:/tmp/t.db"], &[TOKEN, ("DATABASE_URL", url)])
                .unwrap()
                .database,
            Database::SqliteFile("/tmp/t.db".into())
        );
    }

    #[test]
    fn trusted_proxies_come_from_the_flags_else_the_variable() {
        assert_eq!(config(&[], &[TOKEN]).unwrap().trusted_proxies, Vec::<String>::new());
        let variable = ("TRUSTED_PROXIES", " 127.0.0.1, 10.20.0.0/16,,");
        assert_eq!(
            config(&[], &[TOKEN, variable]).unwrap().trusted_proxies,
            ["127.0.0.1", "10.20.0.0/16"]
        );
        let flags = ["--trusted-proxy", "::1", "--trusted-proxy", "10.30.0.0/16"];
        assert_eq!(
            config(&flags, &[TOKEN, variable]).unwrap().trusted_proxies,
            ["::1", "10.30.0.0/16"]
        );
        assert!(config(&["--trusted-proxy"], &[TOKEN]).unwrap_err().contains("needs a value"));
    }

    #[test]
    fn a_short_or_missing_token_and_a_public_address_are_refused() {
        assert!(config(&[], &[]).unwrap_err().contains("ADMIN_TOKEN"));
        assert!(config(&[], &[("ADMIN_TOKEN", "short")]).unwrap_err().contains("16 bytes"));
        assert!(config(&["--listen", "0.0.0.0:80"], &[TOKEN]).unwrap_err().contains("loopback"));
        assert!(config(&["--port"], &[TOKEN]).unwrap_err().contains("unknown argument"));
    }

    #[test]
    fn secrets_never_show_in_debug_or_the_startup_line() {
        let url = ("DATABASE_URL", "postgres://app:hunter2@127.0.0.1/app");
        let config = config(&[], &[TOKEN, url]).unwrap();
        let debug = format!("{config:?}");
        assert!(!debug.contains(TOKEN.1) && !debug.contains("hunter2"), "{debug}");
        let url = Database::parse("postgres://app:hunter2@127.0.0.1/app");
        assert_eq!(url.describe(), "PostgreSQL postgres://app:***@127.0.0.1/app");
    }
}
