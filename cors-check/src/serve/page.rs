//! The page itself: one HTML file with its style and script inline, so it loads nothing from
//! anywhere else. Its content security policy allows that one style and that one script by
//! their SHA-256 hash, never any inline code: should a value ever reach the page as HTML, a
//! script in it would not run.

use std::sync::LazyLock;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ring::digest::{SHA256, digest};

use super::Reply;

const PAGE: &str = include_str!("page.html");

pub(super) fn reply() -> Reply {
    Reply { status: 200, content_type: "text/html; charset=utf-8", body: PAGE.as_bytes().to_vec() }
}

/// The `Content-Security-Policy` of every answer.
pub(super) fn policy() -> &'static str {
    static POLICY: LazyLock<String> = LazyLock::new(|| {
        format!(
            "default-src 'none'; script-src {}; style-src {}; connect-src 'self'; img-src data:; \
             base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            hash_of_inline("script"),
            hash_of_inline("style"),
        )
    });
    &POLICY
}

/// `'sha256-…'` of the text of the page's one `<tag>` element, as a browser hashes it.
fn hash_of_inline(tag: &str) -> String {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let start = PAGE.find(&open).map(|at| at + open.len());
    let text = start.and_then(|start| Some(&PAGE[start..start + PAGE[start..].find(&close)?]));
    let text = text.unwrap_or_else(|| panic!("page.html has no {open}…{close}"));
    // The HTML parser turns CR LF into LF before the browser hashes the text (a checkout with
    // Windows line ends).
    let digest = digest(&SHA256, text.replace("\r\n", "\n").as_bytes());
    format!("'sha256-{}'", STANDARD.encode(digest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_the_one_inline_script_and_style_by_hash_only() {
        for tag in ["<script", "<style"] {
            assert_eq!(PAGE.matches(tag).count(), 1, "one {tag}> element: the hash covers it");
        }
        // Style attributes would need 'unsafe-inline' (or 'unsafe-hashes').
        assert!(!PAGE.contains(" style="), "a style attribute in page.html");
        let policy = policy();
        assert!(!policy.contains("unsafe"), "{policy}");
        assert!(policy.contains("script-src 'sha256-") && policy.contains("style-src 'sha256-"));
    }
}
