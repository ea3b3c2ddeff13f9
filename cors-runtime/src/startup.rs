//! The policy read from the deployment when the application starts: `origins = env("VAR")`
//! here, and `methods`, `headers`, `expose` and `max_age` through `env_lists`.
//!
//! The values are checked with the same rules as origins written in the attribute (the rules
//! live in `cors-rules`), together with the rest of the handler's policy (`*` or `http://`
//! with `credentials`, public-suffix patterns, ...). [`init`] reads and checks every such
//! variable once, before the server starts, and reports every problem in one error; until it
//! has run, those routes allow no origin, so a forgotten call fails closed, never open.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use actix_web::http::header::HeaderValue;
use cors_rules::{
    AllowedOrigin, Draft, Located, OriginIndex, OriginPattern, WriteGuard, build_index,
};

use crate::env_lists;
use crate::lists::{Lists, ListsAtStartup};
use crate::origins::{AllowedOrigins, ExactOrigins, OriginsAtStartup};

/// Why the settings read from the deployment could not be loaded: every problem, each naming
/// its variable.
///
/// It converts into [`std::io::Error`] (kind `InvalidInput`, keeping this error as its inner
/// error), so `init()?` stops an actix `main` that returns `std::io::Result<()>`.
#[derive(Clone, PartialEq, Eq)]
pub struct StartupError {
    problems: Vec<String>,
}

impl StartupError {
    /// One line per problem.
    #[must_use]
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl fmt::Display for StartupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the CORS settings read from the deployment are not valid ({} problem(s)):",
            self.problems.len()
        )?;
        // No newline after the last problem: `eprintln!("{error}")` adds its own.
        for problem in &self.problems {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}

// The same text as `Display`: a `main` that returns the error prints it with `Debug`, and a
// derived `Debug` would print the problems as one line of escaped strings.
impl fmt::Debug for StartupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for StartupError {}

impl From<StartupError> for std::io::Error {
    fn from(error: StartupError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, error)
    }
}

/// Reads and checks every key read from the environment (`origins = env("VAR")`,
/// `headers = env("VAR")`, ...) of every policy, and loads them all, or none.
///
/// Call it in `main` before starting the server, and stop when it fails:
///
/// ```no_run
/// #[actix_web::main]
/// async fn main() -> std::io::Result<()> {
///     cors_runtime::init()?; // prints every problem and exits with status 1
///     // HttpServer::new(...)
///     Ok(())
/// }
/// ```
///
/// A variable holds a list separated by commas (spaces around entries are ignored):
/// `API_ORIGINS="https://myapp.com, https://*.preview.myapp.com"`,
/// `API_HEADERS="Content-Type, X-Request-Id"`, `API_METHODS="GET, PUT"`; `max_age`'s holds a
/// number of seconds. Each is checked with the rules the compiler applies to written values,
/// beside the policy's written keys (`*` with `credentials` is refused, say), and methods must
/// be ones the route serves. Values are loaded once; later calls check them again but keep
/// what the first successful call loaded.
pub fn init() -> Result<(), StartupError> {
    init_with(|variable| std::env::var(variable).ok())
}

/// [`init`], with the values from `lookup` (for instance from the application's own
/// configuration) instead of the environment. `lookup` gets each variable's name.
pub fn init_with(lookup: impl Fn(&str) -> Option<String>) -> Result<(), StartupError> {
    let all_at_startup: Vec<&'static OriginsAtStartup> = OriginsAtStartup::all().collect();
    let mut checked: BTreeMap<Requirement, CheckedOrigins> = BTreeMap::new();
    for at_startup in &all_at_startup {
        checked
            .entry(requirement(at_startup))
            .or_insert_with(|| check(at_startup, lookup(at_startup.origins_env)));
    }
    // A variable read by several policies is reported once; a set, as a list of 100,000
    // origins may hold as many problems.
    let all_lists: Vec<&'static ListsAtStartup> = ListsAtStartup::all().collect();
    let checked_lists: Vec<Result<Lists, Vec<String>>> =
        all_lists.iter().map(|at_startup| env_lists::check(&at_startup.keys, &lookup)).collect();
    let mut reported: HashSet<&String> = HashSet::new();
    let problems: Vec<String> = (checked.values().filter_map(|checked| checked.as_ref().err()))
        .chain(checked_lists.iter().filter_map(|checked| checked.as_ref().err()))
        .flatten()
        .filter(|problem| reported.insert(problem))
        .cloned()
        .collect();
    if !problems.is_empty() {
        return Err(StartupError { problems });
    }
    // One line per setting, with every route and `.wrap(..)` that reads it: a named policy's
    // variable is read by each of them.
    let mut settings: Vec<(String, Vec<&str>)> = Vec::new();
    for (at_startup, lists) in all_lists.into_iter().zip(checked_lists.into_iter().flatten()) {
        let loaded = at_startup
            .keys
            .env
            .pairs()
            .map(|(key, variable)| format!("`{key}` from {variable}: {}", lists.describe(key)));
        let loaded: Vec<String> = loaded.collect();
        if at_startup.load(lists) {
            for setting in loaded {
                let handler = at_startup.keys.handler;
                match settings.iter_mut().find(|(known, _)| *known == setting) {
                    Some((_, handlers)) => handlers.push(handler),
                    None => settings.push((setting, vec![handler])),
                }
            }
        }
    }
    for (setting, handlers) in settings {
        log::info!("CORS settings from the deployment: {setting}, for `{}`", handlers.join("`, `"));
    }
    let mut newly_loaded = Vec::new();
    for at_startup in all_at_startup {
        if let Some(Ok(origins)) = checked.get(&requirement(at_startup))
            && at_startup.load(allowed_origins(origins))
            && !newly_loaded.contains(&at_startup.origins_env)
        {
            newly_loaded.push(at_startup.origins_env);
            let variable = at_startup.origins_env;
            let shown = display(origins);
            log::info!("CORS origins from {variable}: {shown}");
            #[cfg(feature = "tracing")]
            if crate::route_log::tracing_in_use() {
                tracing::info!(
                    target: "cors_runtime::events",
                    event = "origins_loaded",
                    variable,
                    origins = origins.len(),
                    "CORS origins from {variable}: {shown}"
                );
            }
        }
    }
    Ok(())
}

fn requirement(at_startup: &OriginsAtStartup) -> Requirement {
    (
        at_startup.origins_env,
        at_startup.credentials,
        at_startup.allow_http_origins,
        at_startup.write_guard,
    )
}

/// What a variable's value is checked against: the variable, and the keys of the policy that
/// change which origins are acceptable (`credentials`, `dangerously_allow_http_origins`,
/// the write guard).
type Requirement = (&'static str, bool, bool, Option<WriteGuard>);

/// The origins read from one variable, or every problem with them.
type CheckedOrigins = Result<Vec<AllowedOrigin>, Vec<String>>;

/// Where a problem with origins read at startup lies.
#[derive(Debug, Clone)]
enum At {
    /// The variable as a whole (empty, say).
    Variable,
    /// One entry of the list: its number from 1, and its text.
    Entry(usize, String),
    /// A key of the policy itself, fixed at compile time; its conflicts with an entry are
    /// reported at the entry.
    PolicyKey,
}

fn check(at_startup: &OriginsAtStartup, value: Option<String>) -> CheckedOrigins {
    let origins_env = at_startup.origins_env;
    let Some(value) = value else {
        return Err(vec![format!(
            "{origins_env} is not set: set it to the origins of the pages that call these routes, separated by commas, e.g. {origins_env}=\"https://myapp.com,https://admin.myapp.com\""
        )]);
    };
    let draft = Draft {
        origins: value
            .split(',')
            .map(str::trim)
            .enumerate()
            .filter(|(_, text)| !text.is_empty())
            .map(|(index, text)| (At::Entry(index + 1, text.to_owned()), text.to_owned()))
            .collect(),
        credentials: at_startup.credentials.then_some(At::PolicyKey),
        allow_http_origins: at_startup.allow_http_origins.then_some(At::PolicyKey),
        write_guard: at_startup.write_guard.map(|guard| (At::PolicyKey, guard)),
        ..Draft::new(At::Variable)
    };
    draft.check().map(|policy| policy.origins).map_err(|problems| {
        problems
            .into_iter()
            .filter_map(|Located { at, problem }| {
                let place = match at {
                    At::Variable => origins_env.to_owned(),
                    At::Entry(number, text) => format!("{origins_env} entry {number} `{text}`"),
                    At::PolicyKey => return None,
                };
                Some(format!("{place}: {problem}").replace('\n', "\n    "))
            })
            .collect()
    })
}

fn allowed_origins(origins: &[AllowedOrigin]) -> AllowedOrigins {
    if origins == [AllowedOrigin::Any] {
        return AllowedOrigins::Any;
    }
    // Loaded once per handler at startup and kept for the life of the program.
    let exact: Vec<HeaderValue> = origins
        .iter()
        .filter(|origin| matches!(origin, AllowedOrigin::Exact(_)))
        .filter_map(|origin| HeaderValue::from_str(&origin.to_string()).ok())
        .collect();
    let exact_bytes: Vec<&[u8]> = exact.iter().map(HeaderValue::as_bytes).collect();
    let index = build_index(&exact_bytes)
        .map_or(OriginIndex::NONE, |(slots, probes)| OriginIndex::from_parts(slots.leak(), probes));
    let exact: &'static [HeaderValue] = exact.leak();
    let patterns: Vec<OriginPattern<'static>> = origins
        .iter()
        .filter_map(AllowedOrigin::pattern_parts)
        .map(|(prefix, wildcard, suffix)| {
            OriginPattern::from_parts(prefix.leak(), wildcard, suffix.leak())
        })
        .collect();
    let is_exact = |origin: &&AllowedOrigin| matches!(origin, AllowedOrigin::Exact(_));
    let entries: Vec<&'static str> = (origins.iter().filter(is_exact))
        .chain(origins.iter().filter(|origin| !is_exact(origin)))
        .map(|origin| &*origin.to_string().leak())
        .collect();
    AllowedOrigins::Listed {
        exact: ExactOrigins::new(exact, index),
        patterns: patterns.leak(),
        entries: entries.leak(),
    }
}

fn display(origins: &[AllowedOrigin]) -> String {
    origins.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_lists_one_problem_per_line_and_ends_without_a_newline() {
        let error = StartupError {
            problems: vec!["A is not set".to_owned(), "B entry 1 `x`: bad".to_owned()],
        };
        assert_eq!(
            error.to_string(),
            "the CORS settings read from the deployment are not valid (2 problem(s)):\n  - A is not set\n  - B entry 1 `x`: bad"
        );
    }

    #[test]
    fn the_question_mark_in_an_io_main_keeps_the_message_and_the_problems() {
        let startup = StartupError { problems: vec!["A is not set".to_owned()] };
        let message = startup.to_string();
        let main = || -> std::io::Result<()> {
            Err(startup)?;
            Ok(())
        };
        let error = main().expect_err("the startup error");
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput);
        assert_eq!(error.to_string(), message);
        // What the standard library prints when `main` returns it: the lines as they are.
        assert!(format!("{error:?}").contains("):\n  - A is not set"), "{error:?}");
        let inner = error.into_inner().expect("an inner error").downcast::<StartupError>();
        assert_eq!(inner.expect("the StartupError").problems(), ["A is not set"]);
    }

    #[test]
    fn a_deployment_cannot_turn_the_write_guard_off_with_a_wildcard() {
        static GUARDED: OriginsAtStartup =
            OriginsAtStartup::new("WRITERS", false, false, Some(WriteGuard::Reject));
        let problems = check(&GUARDED, Some("*".to_owned())).expect_err("`*` rejects nothing");
        assert_eq!(
            problems,
            [
                "WRITERS entry 1 `*`: `reject_unlisted_writes` rejects nothing with `origins = [\"*\"]`: every origin is listed\n    help: list the origins that may write, or remove `reject_unlisted_writes`"
            ]
        );
        static OPEN: OriginsAtStartup = OriginsAtStartup::new("READERS", false, false, None);
        assert!(check(&OPEN, Some("*".to_owned())).is_ok());
    }

    #[test]
    fn every_origin_of_a_long_list_is_found_and_lookalikes_are_not() {
        let tenant = |number: usize| format!("https://tenant{number}.example.com");
        let origins: Vec<AllowedOrigin> = (1..=2_000)
            .map(tenant)
            .chain(["https://*.myapp.com".to_owned()])
            .map(|text| cors_rules::parse_origin(&text).unwrap())
            .collect();
        let allowed = allowed_origins(&origins);
        let origin = |text: &str| HeaderValue::from_str(text).unwrap();
        for number in 1..=2_000 {
            let listed = origin(&tenant(number));
            assert_eq!(allowed.allow_origin_value(&listed), Some(listed));
        }
        for lookalike in [
            "https://TENANT7.example.com",
            "https://tenant7.example.com.",
            "https://tenant7.example.com:8443",
            "http://tenant7.example.com",
            "https://tenant7.example.co",
            "https://tenant7.example.com.evil.com",
            "https://xtenant7.example.com",
            "https://tenant2001.example.com",
            "https://myapp.com",
        ] {
            assert_eq!(allowed.allow_origin_value(&origin(lookalike)), None, "{lookalike}");
        }
        let subdomain = origin("https://api.myapp.com");
        assert_eq!(allowed.allow_origin_value(&subdomain), Some(subdomain));
    }

    #[test]
    fn the_deployment_may_set_label_and_port_patterns_with_the_same_rules() {
        static PREVIEWS: OriginsAtStartup = OriginsAtStartup::new("PREVIEWS", true, false, None);
        let value = "https://preview-*.myapp.com, http://localhost:*".to_owned();
        let allowed = allowed_origins(&check(&PREVIEWS, Some(value)).expect("both are valid"));
        assert_eq!(allowed.entries(), ["https://preview-*.myapp.com", "http://localhost:*"]);
        let origin = |text: &str| HeaderValue::from_str(text).unwrap();
        for granted in ["https://preview-42.myapp.com", "http://localhost", "http://localhost:5173"]
        {
            assert_eq!(allowed.allow_origin_value(&origin(granted)), Some(origin(granted)));
        }
        for refused in [
            "https://preview-a.b.myapp.com",
            "https://preview-.myapp.com",
            "http://localhost:05173",
            "http://localhost.evil.test:5173",
        ] {
            assert_eq!(allowed.allow_origin_value(&origin(refused)), None, "{refused}");
        }

        let value = "https://myapp-*.vercel.app,https://myapp.com:*".to_owned();
        let problems = check(&PREVIEWS, Some(value)).expect_err("a public suffix and a port");
        assert_eq!(problems.len(), 2);
        assert!(problems[0].starts_with("PREVIEWS entry 1 `https://myapp-*.vercel.app`: "));
        assert!(problems[0].contains("lies on a public suffix"), "{}", problems[0]);
        assert!(problems[0].contains("\n    help: give these deployments a custom domain"));
        assert!(problems[1].contains("only safe on loopback"), "{}", problems[1]);
    }
}
