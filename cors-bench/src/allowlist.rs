//! `#[cors]` routes whose origins are read at startup (`origins = env("VAR")`) from lists of
//! 1, 1,000 and 10,000 origins, to show what the length of the allowlist costs a request.
//!
//! Multi-tenant APIs list thousands of customer domains. Each list ends with
//! [`ALLOWED_ORIGIN`], the origin of [`Scenario::ActualAllowed`](crate::Scenario), so an
//! allowed request asks for the last origin listed: the worst place for a scan.

use actix_web::web::ServiceConfig;
use actix_web::{HttpResponse, routes};
use cors_runtime::{StartupError, cors};

use crate::{ALLOWED_ORIGIN, data_response};

/// How many origins the route's `env(..)` list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Allowlist {
    One,
    Thousand,
    TenThousand,
}

impl Allowlist {
    pub const ALL: [Allowlist; 3] = [Allowlist::One, Allowlist::Thousand, Allowlist::TenThousand];

    /// The name the scripts use, in the place of a variant's.
    pub fn name(self) -> &'static str {
        match self {
            Allowlist::One => "env-1",
            Allowlist::Thousand => "env-1000",
            Allowlist::TenThousand => "env-10000",
        }
    }

    pub fn from_name(name: &str) -> Option<Allowlist> {
        Allowlist::ALL.into_iter().find(|allowlist| allowlist.name() == name)
    }

    /// How many origins the list holds.
    pub fn count(self) -> usize {
        match self {
            Allowlist::One => 1,
            Allowlist::Thousand => 1_000,
            Allowlist::TenThousand => 10_000,
        }
    }

    fn origins_env(self) -> &'static str {
        match self {
            Allowlist::One => "CORS_BENCH_ORIGINS_1",
            Allowlist::Thousand => "CORS_BENCH_ORIGINS_1000",
            Allowlist::TenThousand => "CORS_BENCH_ORIGINS_10000",
        }
    }

    /// The route, with the policy of the other variants but its origins read at startup.
    pub fn routes(self) -> fn(&mut ServiceConfig) {
        match self {
            Allowlist::One => |config| {
                config.service(env_1_data);
            },
            Allowlist::Thousand => |config| {
                config.service(env_1000_data);
            },
            Allowlist::TenThousand => |config| {
                config.service(env_10000_data);
            },
        }
    }

    /// Each route's variable and its value, the longest list (`env-10000`'s) with `longest`
    /// origins: 10,000 for the benchmarks, more for the startup test and benchmark.
    pub fn variables(longest: usize) -> Vec<(&'static str, String)> {
        Allowlist::ALL
            .into_iter()
            .map(|list| {
                let count = if list == Allowlist::TenThousand { longest } else { list.count() };
                (list.origins_env(), origins_value(count))
            })
            .collect()
    }

    /// Loads every allowlist route's origins from `variables` with `cors_runtime::init_with`.
    pub fn load(variables: &[(&str, String)]) -> Result<(), StartupError> {
        cors_runtime::init_with(|origins_env| {
            variables.iter().find(|(name, _)| *name == origins_env).map(|(_, value)| value.clone())
        })
    }
}

/// `count` origins as a deployment writes them in the variable: `count - 1` tenants, then
/// [`ALLOWED_ORIGIN`].
fn origins_value(count: usize) -> String {
    let mut value: String =
        (1..count).map(|tenant| format!("https://tenant{tenant}.example.com,")).collect();
    value.push_str(ALLOWED_ORIGIN);
    value
}

#[cors(origins = env("CORS_BENCH_ORIGINS_1"), methods = [GET, POST], headers = ["content-type"], credentials, max_age = 3600)]
#[routes]
#[get("/api/data")]
#[post("/api/data")]
async fn env_1_data() -> HttpResponse {
    data_response()
}

#[cors(origins = env("CORS_BENCH_ORIGINS_1000"), methods = [GET, POST], headers = ["content-type"], credentials, max_age = 3600)]
#[routes]
#[get("/api/data")]
#[post("/api/data")]
async fn env_1000_data() -> HttpResponse {
    data_response()
}

#[cors(origins = env("CORS_BENCH_ORIGINS_10000"), methods = [GET, POST], headers = ["content-type"], credentials, max_age = 3600)]
#[routes]
#[get("/api/data")]
#[post("/api/data")]
async fn env_10000_data() -> HttpResponse {
    data_response()
}
