//! The call a page would make to a route: sample values for what the report leaves open (path
//! parameters, what a pattern's `*` stands for, request-header values), and the look-alike of a
//! pattern's sample that the route must refuse.

use crate::probe::foreign::FOREIGN_PROBE_ORIGIN;

/// What stands for the `*` of a host pattern: the subdomain of `https://*.example.com`, the
/// changing part of the label of `https://preview-*.example.com`.
const SAMPLE_LABEL: &str = "cors-check";

/// What stands for the `*` of `http://localhost:*`: Vite's default port, where a page's
/// development server often runs.
const SAMPLE_PORT: &str = "5173";

/// The value of every path parameter (`{id}`, `{id:\d+}`, `{tail}*`).
const SAMPLE_PATH_VALUE: &str = "1";

/// The path with every parameter (`{id}`, `{id:\d+}`, `{tail}*`) replaced by a sample value.
pub(super) fn sample_path(path: &str) -> String {
    let mut sampled = String::with_capacity(path.len());
    // A parameter's regex may hold braces of its own (`{id:\d{4}}`).
    let mut depth = 0_usize;
    let mut characters = path.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '{' => {
                if depth == 0 {
                    sampled.push_str(SAMPLE_PATH_VALUE);
                }
                depth += 1;
            }
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    characters.next_if_eq(&'*');
                }
            }
            _ if depth > 0 => {}
            character => sampled.push(character),
        }
    }
    sampled
}

/// The origin a page would have for a policy entry: the origin itself, a made-up host or port
/// for a pattern, or an unrelated origin for `*`.
pub(super) fn sample_origin(entry: &str) -> String {
    if entry == "*" {
        FOREIGN_PROBE_ORIGIN.to_owned()
    } else if let Some(loopback) = entry.strip_suffix(":*") {
        format!("{loopback}:{SAMPLE_PORT}")
    } else {
        entry.replacen('*', SAMPLE_LABEL, 1)
    }
}

/// For a pattern, an origin it must not match though a prefix or suffix test would: its
/// sample's host followed by the foreign probe's domain
/// (`https://preview-cors-check.myapp.com.cors-check.invalid`,
/// `http://localhost.cors-check.invalid:5173`). None for an exact origin, `*`, or an IPv6
/// host, which nothing can follow.
pub(super) fn lookalike_origin(entry: &str) -> Option<String> {
    if entry == "*" || !entry.contains('*') {
        return None;
    }
    let sample = sample_origin(entry);
    let (scheme, authority) = sample.split_once("://")?;
    let (host, port) = authority
        .split_once(':')
        .map_or((authority, ""), |(host, _)| (host, &authority[host.len()..]));
    let foreign_domain = FOREIGN_PROBE_ORIGIN.split_once("://")?.1;
    (!host.starts_with('[')).then(|| format!("{scheme}://{host}.{foreign_domain}{port}"))
}

/// The headers the page sends: every allowed one with a plausible value (`*` names none).
pub(super) fn sample_headers(allowed: &[String]) -> Vec<(String, String)> {
    allowed
        .iter()
        .filter(|name| *name != "*")
        .map(|name| {
            let value = if name == "content-type" { "application/json" } else { "1" };
            (title_case(name), value.to_owned())
        })
        .collect()
}

/// `x-client-version` as people write it, `X-Client-Version`, for the fixes the user pastes.
pub(super) fn title_case(lower_case_name: &str) -> String {
    lower_case_name
        .split('-')
        .map(|word| {
            let mut characters = word.chars();
            characters.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + characters.as_str()
            })
        })
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_parameters_get_a_sample_value() {
        assert_eq!(sample_path("/api/data"), "/api/data");
        assert_eq!(sample_path("/items/{id}"), "/items/1");
        assert_eq!(sample_path(r"/items/{id:\d+}/parts/{part}"), "/items/1/parts/1");
        assert_eq!(sample_path(r"/items/{id:\d+}/files/{tail}*"), "/items/1/files/1");
        assert_eq!(sample_path(r"/years/{year:\d{4}}"), "/years/1");
        assert_eq!(sample_path("/files/{tail}*"), "/files/1");
        assert_eq!(sample_path("/{tail:.*}"), "/1");
    }

    #[test]
    fn a_pattern_gets_a_sample_and_a_lookalike_it_must_refuse() {
        for (entry, sample, lookalike) in [
            ("https://myapp.com", "https://myapp.com", None),
            ("*", FOREIGN_PROBE_ORIGIN, None),
            (
                "https://*.preview.example",
                "https://cors-check.preview.example",
                Some("https://cors-check.preview.example.cors-check.invalid"),
            ),
            (
                "https://preview-*.myapp.com:8443",
                "https://preview-cors-check.myapp.com:8443",
                Some("https://preview-cors-check.myapp.com.cors-check.invalid:8443"),
            ),
            (
                "http://localhost:*",
                "http://localhost:5173",
                Some("http://localhost.cors-check.invalid:5173"),
            ),
            (
                "http://127.0.0.1:*",
                "http://127.0.0.1:5173",
                Some("http://127.0.0.1.cors-check.invalid:5173"),
            ),
            ("http://[::1]:*", "http://[::1]:5173", None),
        ] {
            assert_eq!(sample_origin(entry), sample, "{entry}");
            assert_eq!(lookalike_origin(entry).as_deref(), lookalike, "{entry}");
        }
    }

    #[test]
    fn header_names_are_spelled_as_people_write_them() {
        assert_eq!(title_case("x-client-version"), "X-Client-Version");
        assert_eq!(title_case("content-type"), "Content-Type");
    }
}
