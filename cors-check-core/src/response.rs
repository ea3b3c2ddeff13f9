//! What the server answered, as plain data any transport can fill in.

use std::fmt;

use crate::safelist::is_http_whitespace;
use crate::secrets::DebugHeaders;

/// An HTTP response as the browser's CORS code sees it: the status and every header line, with
/// repeated names kept as separate lines. Redirects are never followed by the transports, so a
/// redirect shows up as a 3xx status with `Location`.
///
/// ```
/// use cors_check_core::Response;
///
/// let response = Response::new(204)
///     .with_header("Access-Control-Allow-Origin", "https://a.example")
///     .with_header("access-control-allow-origin", "https://b.example");
/// // Like Fetch's "get", lines of one name are joined with ", ".
/// assert_eq!(
///     response.header("Access-Control-Allow-Origin").as_deref(),
///     Some("https://a.example, https://b.example")
/// );
/// ```
///
/// Its `Debug` hides the values of `Set-Cookie` and other credential headers.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Every header line in order, names as received.
    pub headers: Vec<(String, String)>,
}

impl fmt::Debug for Response {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &DebugHeaders(&self.headers))
            .finish()
    }
}

/// Statuses after which a browser follows `Location` (`#redirect-status`).
const REDIRECT_STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

impl Response {
    /// A response with this status and no headers.
    pub fn new(status: u16) -> Self {
        Self { status, headers: Vec::new() }
    }

    /// Adds a header line.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The lines named `name` (case-insensitive), values stripped of surrounding whitespace.
    pub fn header_lines<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(line_name, _)| line_name.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim_matches(is_http_whitespace))
    }

    /// The elements of a comma-separated list header over all its lines (`Vary`,
    /// `Access-Control-Allow-Headers`, ...), trimmed, empty ones skipped.
    pub fn header_list<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.header_lines(name).flat_map(cors_rules::fetch::list_elements_str)
    }

    /// The header's value as Fetch's "get" and Chromium read it: all lines of that name joined
    /// with `", "`, or `None` when there is no such line.
    pub fn header(&self, name: &str) -> Option<String> {
        let lines: Vec<&str> = self.header_lines(name).collect();
        (!lines.is_empty()).then(|| lines.join(", "))
    }

    /// The lines named `name`, as (name, value) pairs, to show which headers decided a step.
    pub(crate) fn header_pairs(&self, name: &str) -> Vec<(String, String)> {
        self.headers
            .iter()
            .filter(|(line_name, _)| line_name.eq_ignore_ascii_case(name))
            .cloned()
            .collect()
    }

    /// Where the browser would be sent, when this response is a redirect it would follow.
    pub fn redirect_location(&self) -> Option<String> {
        REDIRECT_STATUSES.contains(&self.status).then(|| self.header("Location")).flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_cookies_a_server_sets() {
        let response = Response::new(200)
            .with_header("Set-Cookie", "session=SECRET; HttpOnly")
            .with_header("Access-Control-Allow-Origin", "https://app.example");
        let debug = format!("{response:?}");
        assert!(!debug.contains("SECRET"), "{debug}");
        assert!(debug.contains(r#"("Set-Cookie", "<secret>")"#), "{debug}");
        assert!(debug.contains("https://app.example"), "{debug}");
    }
}
