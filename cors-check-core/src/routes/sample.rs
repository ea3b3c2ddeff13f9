//! The call a page would make to a route: sample values for what the report leaves open (path
//! parameters, subdomains of a pattern, request-header values).

use crate::probe::foreign::FOREIGN_PROBE_ORIGIN;

/// The subdomain that stands for every subdomain of a pattern such as `https://*.example.com`.
const SAMPLE_SUBDOMAIN: &str = "cors-check";

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

/// The origin a page would have for a policy entry: the origin itself, a made-up subdomain of a
/// pattern, or an unrelated origin for `*`.
pub(super) fn sample_origin(entry: &str) -> String {
    if entry == "*" {
        FOREIGN_PROBE_ORIGIN.to_owned()
    } else {
        entry.replacen("://*.", &format!("://{SAMPLE_SUBDOMAIN}."), 1)
    }
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
    fn header_names_are_spelled_as_people_write_them() {
        assert_eq!(title_case("x-client-version"), "X-Client-Version");
        assert_eq!(title_case("content-type"), "Content-Type");
    }
}
