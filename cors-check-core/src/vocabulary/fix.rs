//! What the server must change, as data: why (a [`FixKind`] with the values that decided it)
//! and the changes themselves ([`Edit`]s). The words are written in `render::fix`.

use crate::message::CorsErrorKind;
use crate::url::AddressSpace;

use super::Exchange;

/// What the server must change.
///
/// ```
/// use cors_check_core::{Check, CorsRequest, Edit, Exchange, FixKind, Plan, Response};
///
/// let plan = Plan::new(CorsRequest::new("https://api.example/data", "https://app.example"))?;
/// let report = Check::new(plan)
///     .without_probes()
///     .run(|_| Ok::<_, std::convert::Infallible>(Response::new(200)))?;
/// let fix = report.failure.unwrap().fix;
/// assert!(matches!(&fix.kind, FixKind::AllowOrigin { origin, .. } if origin == "https://app.example"));
/// assert_eq!(fix.edits[0], Edit::SendHeader {
///     on: Exchange::Actual,
///     name: "Access-Control-Allow-Origin",
///     value: "https://app.example".to_owned(),
/// });
/// // The words, for people:
/// assert_eq!(fix.server(), "send `Access-Control-Allow-Origin: https://app.example` on the response to GET");
/// assert_eq!(fix.cors_attribute(), r#"add "https://app.example" to `origins`"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fix {
    /// Why, with the values that decided it; [`Fix::server`] and [`Fix::cors_attribute`] say it
    /// in words.
    pub kind: FixKind,
    /// The same change as data, for a program: the headers to send and the `#[cors]` keys to
    /// change. Empty when the fix is no header or key (a redirect, mixed content, a change on
    /// the page), or when it is a choice between several.
    pub edits: Vec<Edit>,
}

/// Which fix, with the values that decided it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FixKind {
    /// Send `Access-Control-Allow-Origin: origin` on the response to `on`.
    AllowOrigin {
        /// The failure's kind: a wildcard with credentials, several values, a missing header...
        error: CorsErrorKind,
        /// The response that lacks it.
        on: Exchange,
        /// The call's method, which names the actual response.
        method: String,
        /// The page's origin.
        origin: String,
    },
    /// Send `Access-Control-Allow-Credentials: true` on the response to `on`.
    AllowCredentials {
        /// The response that lacks it.
        on: Exchange,
        /// The call's method, which names the actual response.
        method: String,
    },
    /// Answer the preflight with a 2xx status instead of `status`.
    OkStatus {
        /// The status it got.
        status: u16,
    },
    /// Answer the preflight with a 2xx status instead of `status`, and grant `origin`: the
    /// browser named the status of a bare refusal (Safari).
    OkStatusAndAllowOrigin {
        /// The status it got.
        status: u16,
        /// The call's method.
        method: String,
        /// The page's origin.
        origin: String,
    },
    /// Answer the preflight at `url` instead of redirecting it to `location`.
    NoRedirect {
        /// The URL the preflight went to.
        url: String,
        /// Where it was redirected.
        location: String,
    },
    /// Send `header` as a list of tokens.
    ParsableList {
        /// `Access-Control-Allow-Methods` or `Access-Control-Allow-Headers`.
        header: &'static str,
        /// The tokens found in its value, to suggest.
        valid_items: Vec<String>,
        /// The first item that is not a token.
        invalid_item: String,
    },
    /// Nothing on the server: it allows the method in upper case, which the page does not send.
    MethodCase {
        /// The method as the page wrote it.
        method: String,
    },
    /// Send `Access-Control-Allow-Methods` with `methods`.
    AllowMethod {
        /// The method as the page wrote it (not upper-case: the page must change too).
        method: String,
        /// The whole list to send: the listed methods that count, and the method in upper case.
        methods: Vec<String>,
    },
    /// Send `Access-Control-Allow-Headers` with `names`.
    AllowHeaders {
        /// The whole list to send: the listed names that count, and the missing ones.
        names: Vec<String>,
        /// The missing names, as the page spelled them.
        missing: Vec<String>,
        /// Names the refusal probes did not try alone, as the page spelled them, which may be
        /// refused too.
        unprobed: Vec<String>,
    },
    /// Answer the preflight for `method`, which nothing answers (`status` 404 or 405), while a
    /// `GET` to the same URL grants `origin`.
    MethodWithoutPreflightRoute {
        /// The call's method.
        method: String,
        /// The page's origin.
        origin: String,
        /// The preflight's status.
        status: u16,
    },
    /// Grant the preflight for `method`, refused with `status`, while a `GET` to the same URL
    /// grants `origin`.
    OriginGrantedElsewhere {
        /// The call's method.
        method: String,
        /// The page's origin.
        origin: String,
        /// The preflight's status.
        status: u16,
    },
    /// Serve the API over HTTPS: an `https:` page calls the `http:` `url`.
    MixedContent {
        /// The URL called.
        url: String,
        /// Its host's address space, when it tells (a device on the user's network has a way
        /// out).
        space: Option<AddressSpace>,
    },
    /// Redirect to a URL without a user name or password.
    RedirectWithoutCredentials {
        /// The redirect's location.
        location: String,
    },
    /// Answer `url` with fewer than 21 redirects.
    FewerRedirects {
        /// The URL the page called.
        url: String,
    },
    /// Have the page call `url` directly: the redirect from `initial_url` tainted the origin.
    TaintedOrigin {
        /// The URL after the redirects.
        url: String,
        /// The URL the page called.
        initial_url: String,
    },
}

/// One change a [`Fix`] asks for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Edit {
    /// Send the header `name` with `value` on the response to `on`.
    SendHeader {
        /// The response.
        on: Exchange,
        /// The header's name, as the Fetch standard spells it.
        name: &'static str,
        /// Its whole value.
        value: String,
    },
    /// Answer the preflight with a 2xx status, such as 204.
    PreflightStatusOk {
        /// The status it got.
        instead_of: u16,
    },
    /// In `#[cors(...)]`, add `entry` to the list `key` (`origins`, `methods`, `headers`).
    AddToKey {
        /// The key.
        key: &'static str,
        /// The entry, as written in the attribute (origins and headers in quotes).
        entry: String,
    },
    /// In `#[cors(...)]`, replace `old` with `new` in the list `key`.
    ReplaceInKey {
        /// The key.
        key: &'static str,
        /// The entry to replace, as written.
        old: String,
        /// The entry to write instead.
        new: String,
    },
    /// In `#[cors(...)]`, add the flag `key` (`credentials`).
    AddFlag {
        /// The key.
        key: &'static str,
    },
}
