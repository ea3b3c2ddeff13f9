//! The page itself: one HTML file with its style and script inline, so it loads nothing from
//! anywhere else (its content security policy allows nothing else).

use super::Reply;

const PAGE: &str = include_str!("page.html");

pub(super) fn reply() -> Reply {
    Reply { status: 200, content_type: "text/html; charset=utf-8", body: PAGE.as_bytes().to_vec() }
}
