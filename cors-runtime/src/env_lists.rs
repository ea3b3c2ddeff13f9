//! `methods`, `headers`, `expose` and `max_age` read from the deployment when the application
//! starts (`headers = env("API_HEADERS")`, ...): each variable checked with the rules the
//! compiler applies to written values (cors-rules' [`Draft::check`], beside the keys the
//! attribute wrote, `credentials` among them), methods against those the route serves, and
//! every problem named by its variable and entry.

use actix_web::http::header::HeaderValue;
use cors_rules::{Draft, Located, Name, ValidPolicy, check_method};

use crate::lists::{HeaderValues, KeysAtStartup, Lists, NameList, WrittenNames};

/// Where a value of a policy with keys read at startup was written.
#[derive(Debug, Clone)]
enum At {
    /// In the attribute, checked at compile time: a conflict with it is reported at the
    /// variable's entry.
    Written,
    /// A variable as a whole.
    Variable(&'static str),
    /// One entry of a variable's list: its number from 1, and its text.
    Entry(&'static str, usize, String),
}

/// The lists of `keys`, with the variables' values from `lookup`, or every problem with them.
pub(crate) fn check(
    keys: &KeysAtStartup,
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Lists, Vec<String>> {
    let mut problems = Vec::new();
    let mut read = |variable: Option<&'static str>, example: &str| {
        let variable = variable?;
        let value = lookup(variable);
        if value.is_none() {
            problems.push(format!(
                "{variable} is not set: set it to {example}, e.g. {variable}=\"{}\"",
                examples(example)
            ));
        }
        Some((variable, value?))
    };
    let methods = read(keys.env.methods, METHODS);
    let headers = read(keys.env.headers, HEADERS);
    let expose = read(keys.env.expose, EXPOSE);
    let max_age = read(keys.env.max_age, MAX_AGE);
    let mut methods_read = entries(keys.methods, methods.as_ref());
    if let Some((variable, _)) = methods {
        methods_read = served_methods(keys, variable, methods_read, &mut problems);
    }
    let max_age = match max_age {
        Some((variable, text)) => match text.trim().parse::<u64>() {
            Ok(seconds) => Some((At::Variable(variable), seconds)),
            Err(_) => {
                problems.push(format!(
                    "{variable} `{text}` is not a whole number of seconds\n    help: {}",
                    set_max_age(variable)
                ));
                None
            }
        },
        None => keys.max_age.map(|seconds| (At::Written, u64::from(seconds))),
    };
    let draft = Draft {
        methods: methods_read,
        headers: entries(keys.headers, headers.as_ref()),
        expose: entries(keys.expose, expose.as_ref()),
        max_age,
        credentials: keys.credentials.then_some(At::Written),
        // The origins are checked on their own: at compile time, or by `startup` when read.
        origins_at_startup: true,
        ..Draft::new(At::Written)
    };
    match draft.check() {
        Ok(policy) if problems.is_empty() => Ok(lists(&policy)),
        Ok(_) => Err(problems),
        Err(located) => {
            problems.extend(located.into_iter().filter_map(describe));
            Err(problems)
        }
    }
}

const METHODS: &str = "the methods pages may use, separated by commas";
const HEADERS: &str = "the request headers pages may send, separated by commas";
const EXPOSE: &str = "the response headers pages may read, separated by commas";
const MAX_AGE: &str = "how many seconds browsers may cache a preflight";

fn examples(what: &str) -> &'static str {
    match what {
        METHODS => "GET,POST",
        HEADERS => "Content-Type,X-Request-Id",
        EXPOSE => "X-Total-Count",
        _ => "3600",
    }
}

/// The written entries, then the variable's (spaces around them ignored, empty ones skipped).
fn entries(written: WrittenNames, read: Option<&(&'static str, String)>) -> Vec<(At, String)> {
    let wildcard = written.wildcard.then(|| (At::Written, "*".to_owned()));
    let names = written.names.iter().map(|name| (At::Written, (*name).to_owned()));
    let from_variable =
        read.into_iter().flat_map(|(variable, value)| {
            value.split(',').map(str::trim).enumerate().filter(|(_, text)| !text.is_empty()).map(
                |(index, text)| (At::Entry(variable, index + 1, text.to_owned()), text.to_owned()),
            )
        });
    wildcard.into_iter().chain(names).chain(from_variable).collect()
}

/// The methods read from `variable` that apply: those the routes serve. An entry they do not
/// serve is refused, as the compiler refuses a written one, unless the methods are a named
/// policy's, which apply where a route serves them; a list left with none is refused.
fn served_methods(
    keys: &KeysAtStartup,
    variable: &'static str,
    read: Vec<(At, String)>,
    problems: &mut Vec<String>,
) -> Vec<(At, String)> {
    let Some(served) = keys.served else { return read };
    let handler = keys.handler;
    let served_list = served.join(", ");
    let problems_before = problems.len();
    let applying: Vec<(At, String)> = read
        .into_iter()
        .filter(|(at, text)| {
            // Entries that are no valid method are left to the rules, which say why.
            let Ok(Name::Listed(method)) = check_method(text) else { return true };
            if served.contains(&method.as_str()) {
                return true;
            }
            if !keys.methods_apply_where_served {
                problems.push(describe_entry(at, &format!(
                    "`{method}` is not a method of `{handler}`, which serves {served_list}: its preflight would never reach this handler\nhelp: remove `{method}` from {variable}, or serve it with `#[route(\"/path\", method = \"{method}\", ...)]`"
                )));
            }
            false
        })
        .collect();
    if applying.is_empty() && keys.methods_apply_where_served {
        problems.push(format!(
            "{variable} allows none of the methods `{handler}` serves ({served_list})\n    help: add them to {variable}, e.g. {variable}=\"{}\"",
            served.join(",")
        ));
    } else if applying.is_empty() && problems.len() == problems_before {
        problems.push(format!(
            "{variable} lists no method, so every cross-origin call to `{handler}` would be blocked\n    help: set it to methods `{handler}` serves, e.g. {variable}=\"{}\"",
            served.join(",")
        ));
    }
    applying
}

/// A problem of the rules, said at its variable and entry; `None` for the written half of a
/// conflict, which its entry reports.
fn describe(Located { at, problem }: Located<At>) -> Option<String> {
    match at {
        At::Written => None,
        // The rules' help says what to write in the attribute; here the fix is in the
        // deployment.
        At::Variable(variable) => {
            Some(format!("{variable}: {}\n    help: {}", problem.message, set_max_age(variable)))
        }
        at => Some(describe_entry(&at, &problem.to_string())),
    }
}

/// The fix for a `max_age` read from `variable`, the one key read as a whole variable.
fn set_max_age(variable: &str) -> String {
    let limit = cors_rules::MAX_AGE_LIMIT;
    format!("set {variable} to a number of seconds from 0 to {limit}, e.g. {variable}=3600")
}

fn describe_entry(at: &At, problem: &str) -> String {
    let place = match at {
        At::Variable(variable) => (*variable).to_owned(),
        At::Entry(variable, number, text) => format!("{variable} entry {number} `{text}`"),
        At::Written => "the attribute".to_owned(),
    };
    format!("{place}: {problem}").replace('\n', "\n    ")
}

/// The lists and their header values, built once at startup and kept for the life of the
/// program.
fn lists(policy: &ValidPolicy) -> Lists {
    let leak = |list: &cors_rules::NameList| NameList {
        wildcard: list.wildcard,
        names: list.names.iter().map(|name| &*name.clone().leak()).collect::<Vec<_>>().leak(),
    };
    // Checked names are tokens and `max_age` a number: each makes a valid header value.
    let value = |text: Option<String>| text.and_then(|text| HeaderValue::from_str(&text).ok());
    Lists {
        methods: leak(&policy.methods),
        headers: leak(&policy.headers),
        expose: leak(&policy.expose),
        max_age: policy.max_age,
        header_values: HeaderValues {
            allow_methods: value(policy.methods.header_value())
                .unwrap_or(HeaderValue::from_static("")),
            allow_headers: value(policy.headers.header_value()),
            expose_headers: value(policy.expose.header_value()),
            max_age: value(policy.max_age.map(|seconds| seconds.to_string())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lists::KeysFromEnv;
    use crate::lists::tests::{HEADERS_FROM_ENV, NONE_WRITTEN};

    fn values(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |variable| {
            pairs.iter().find(|(name, _)| *name == variable).map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn headers_read_are_canonical_and_their_value_computed_once() {
        let lists =
            check(&HEADERS_FROM_ENV, &values(&[("TEST_HEADERS", "X-Request-Id, ,Content-Type")]))
                .expect("valid headers");
        assert_eq!(lists.headers.names, ["content-type", "x-request-id"]);
        assert_eq!(
            lists.header_values.allow_headers.as_ref().unwrap(),
            "content-type, x-request-id"
        );
        assert_eq!(lists.header_values.allow_methods, "GET, PUT");
        assert_eq!(lists.describe("headers"), "content-type, x-request-id");
    }

    #[test]
    fn a_wildcard_read_is_refused_beside_written_credentials() {
        let credentialed = KeysAtStartup { credentials: true, ..HEADERS_FROM_ENV };
        let problems = check(&credentialed, &values(&[("TEST_HEADERS", "*")])).unwrap_err();
        assert_eq!(problems.len(), 1, "one problem, at the entry: {problems:?}");
        assert!(
            problems[0].starts_with(
                "TEST_HEADERS entry 1 `*`: `*` in `headers` cannot be combined with `credentials`"
            ),
            "{problems:?}"
        );
        assert!(check(&HEADERS_FROM_ENV, &values(&[("TEST_HEADERS", "*")])).is_ok());
    }

    /// A named policy's methods, read at startup, applied to a route serving GET and PUT.
    const POLICY_METHODS: KeysAtStartup = KeysAtStartup {
        env: KeysFromEnv {
            methods: Some("TEST_METHODS"),
            headers: None,
            expose: None,
            max_age: None,
        },
        methods_apply_where_served: true,
        methods: NONE_WRITTEN,
        ..HEADERS_FROM_ENV
    };

    #[test]
    fn a_policys_methods_apply_where_the_route_serves_them() {
        let lists = check(&POLICY_METHODS, &values(&[("TEST_METHODS", "GET, DELETE")])).unwrap();
        assert_eq!(lists.methods.names, ["GET"]);
        let problems = check(&POLICY_METHODS, &values(&[("TEST_METHODS", "DELETE")])).unwrap_err();
        assert_eq!(
            problems,
            [
                "TEST_METHODS allows none of the methods `items` serves (GET, PUT)\n    help: add them to TEST_METHODS, e.g. TEST_METHODS=\"GET,PUT\""
            ]
        );
        let own = KeysAtStartup { methods_apply_where_served: false, ..POLICY_METHODS };
        let problems = check(&own, &values(&[("TEST_METHODS", " ")])).unwrap_err();
        assert!(problems[0].starts_with("TEST_METHODS lists no method"), "{problems:?}");
    }

    #[test]
    fn names_read_are_added_to_the_written_ones_and_max_age_is_bounded() {
        let keys = KeysAtStartup {
            env: KeysFromEnv {
                methods: None,
                headers: None,
                expose: Some("TEST_EXPOSE"),
                max_age: Some("TEST_MAX_AGE"),
            },
            expose: WrittenNames { wildcard: false, names: &["x-total-count"] },
            ..HEADERS_FROM_ENV
        };
        let read = values(&[("TEST_EXPOSE", "X-Request-Id"), ("TEST_MAX_AGE", "600")]);
        let lists = check(&keys, &read).unwrap();
        assert_eq!(lists.expose.names, ["x-request-id", "x-total-count"]);
        assert_eq!(lists.header_values.max_age.unwrap(), "600");
        let read = values(&[("TEST_EXPOSE", "X-Total-Count"), ("TEST_MAX_AGE", "90000")]);
        let problems = check(&keys, &read).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems.iter().any(|problem| problem.starts_with(
                "TEST_EXPOSE entry 1 `X-Total-Count`: `X-Total-Count` is listed twice"
            )),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|problem| problem
                    .starts_with("TEST_MAX_AGE: `max_age` is at most 86400 seconds")
                    // The fix is in the deployment, not in the attribute.
                    && problem.ends_with("help: set TEST_MAX_AGE to a number of seconds from 0 to 86400, e.g. TEST_MAX_AGE=3600")),
            "{problems:?}"
        );
    }
}
