//! What a step found, as data: one variant per outcome of each rule, with the values that
//! decided it. The words are written in `render::finding`.

use crate::browser::Browser;

/// What a [`Step`](crate::Step) found, with the values that decided it; its `Display` says it
/// in words, as the text report and the JSON's `detail` print it.
///
/// ```
/// use cors_check_core::{Check, CorsRequest, Finding, OriginNearMiss, Plan, Response};
///
/// let plan = Plan::new(CorsRequest::new("https://api.example/data", "https://app.example"))?;
/// let report = Check::new(plan).without_probes().run(|_| {
///     Ok::<_, std::convert::Infallible>(
///         Response::new(200).with_header("Access-Control-Allow-Origin", "https://app.example/"),
///     )
/// })?;
/// let finding = &report.steps[0].detail;
/// assert_eq!(*finding, Finding::OriginMismatch {
///     allowed: "https://app.example/".to_owned(),
///     origin: "https://app.example".to_owned(),
///     near_miss: Some(OriginNearMiss::TrailingSlashOrPath),
/// });
/// assert_eq!(
///     finding.to_string(),
///     "'https://app.example/' is not the page's origin 'https://app.example'; an origin has no \
///      trailing slash or path"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Finding {
    /// An `https:` page calls `url`, `http:` on a host that is not loopback.
    MixedContent {
        /// The URL called.
        url: String,
    },
    /// `url` is on the page's own `origin`: CORS does not apply.
    SameOrigin {
        /// The URL called.
        url: String,
        /// The page's origin.
        origin: String,
    },
    /// No `Access-Control-Allow-Origin` on a response with `status`.
    MissingAllowOrigin {
        /// The response's status.
        status: u16,
        /// Whether the origin sent was `null`, after a redirect.
        tainted: bool,
    },
    /// `Access-Control-Allow-Origin: *` for a call with credentials.
    WildcardWithCredentials,
    /// `Access-Control-Allow-Origin: *` for a call without credentials.
    WildcardGrants,
    /// `Access-Control-Allow-Origin` equals the page's origin.
    OriginEquals,
    /// `Access-Control-Allow-Origin` holds several values.
    SeveralOrigins,
    /// `Access-Control-Allow-Origin` is neither `*` nor an origin.
    NotAnOrigin,
    /// `Access-Control-Allow-Origin` names another origin.
    OriginMismatch {
        /// The origin it names.
        allowed: String,
        /// The page's origin (`null` after a tainting redirect).
        origin: String,
        /// How close it came, when it is a usual near miss.
        near_miss: Option<OriginNearMiss>,
    },
    /// `Access-Control-Allow-Credentials: true` for a call with credentials.
    CredentialsTrue,
    /// `Access-Control-Allow-Credentials` is `value`, not `true` (empty when missing).
    CredentialsNotTrue {
        /// The value sent.
        value: String,
    },
    /// The preflight, answered with `status`, redirects to `location`.
    PreflightRedirected {
        /// The response's status.
        status: u16,
        /// Where it redirects.
        location: String,
    },
    /// The preflight's status is in 200-299.
    OkStatus {
        /// The status.
        status: u16,
    },
    /// The preflight's status is outside 200-299.
    NotOkStatus {
        /// The status.
        status: u16,
    },
    /// `Access-Control-Allow-Methods` or `-Headers` is not a list of tokens.
    Unparsable {
        /// The first item that is not a token.
        invalid: String,
    },
    /// The method is CORS-safelisted.
    MethodSafelisted {
        /// The method.
        method: String,
    },
    /// The method is listed.
    MethodListed {
        /// The method.
        method: String,
    },
    /// `*` covers the method of a call without credentials.
    MethodByWildcard {
        /// The method.
        method: String,
    },
    /// The method is not listed, but the same letters in another case are.
    MethodInOtherCase {
        /// The method.
        method: String,
        /// The listed spelling.
        listed: String,
    },
    /// The method is not listed.
    MethodNotListed {
        /// The method.
        method: String,
        /// Whether `*` is listed, which does not count for a call with credentials.
        wildcard_listed: bool,
    },
    /// Every unsafe request header is allowed.
    HeadersAllowed {
        /// Their names, lower-case.
        names: Vec<String>,
    },
    /// Some request headers are not listed.
    HeadersNotListed {
        /// Their names, lower-case.
        missing: Vec<String>,
        /// Whether `*` is listed, which does not count for a call with credentials.
        wildcard_listed: bool,
        /// The engine that names any one of several in its message (its header map has no
        /// order), when several are missing.
        any_one_named_by: Option<Browser>,
    },
    /// The actual response redirects with `status`, and the browser follows it.
    RedirectFollowed {
        /// The redirect's status.
        status: u16,
        /// The next request's method.
        method: String,
        /// The next request's URL.
        url: String,
        /// Whether the redirect went from one origin other than the page's to another, so the
        /// next request sends `Origin: null`.
        taints_origin: bool,
    },
    /// The actual response redirects to `location`, which cors-check did not follow.
    RedirectNotFollowed {
        /// The redirect's status.
        status: u16,
        /// Where it redirects.
        location: String,
    },
    /// The actual response redirects to a URL with a user name or password.
    RedirectWithCredentials {
        /// The redirect's status.
        status: u16,
        /// Where it redirects.
        location: String,
    },
    /// The 21st redirect.
    TooManyRedirects {
        /// The redirect's status.
        status: u16,
    },
    /// The refusal probe without `Access-Control-Request-Headers` got `status`.
    ProbeWithoutRequestHeaders {
        /// The call's method.
        method: String,
        /// The answer's status.
        status: u16,
        /// Whether it was granted (then a request header is refused).
        granted: bool,
    },
    /// The refusal probe with only the request header `name` got `status`.
    ProbeWithOneRequestHeader {
        /// The header, lower-case.
        name: String,
        /// The answer's status.
        status: u16,
        /// Whether it was granted.
        granted: bool,
    },
    /// The `GET` with only `Origin` got `status`.
    ProbeOriginOnly {
        /// The answer's status.
        status: u16,
        /// What it tells.
        answer: OriginOnlyAnswer,
    },
}

/// How an `Access-Control-Allow-Origin` that is not the page's origin comes close to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OriginNearMiss {
    /// It is the origin with a trailing slash or a path.
    TrailingSlashOrPath,
    /// It is the origin in another case.
    Case,
}

/// What the server's answer to a `GET` with only `Origin` tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OriginOnlyAnswer {
    /// It grants the origin on this URL.
    Granted,
    /// It does not grant the origin on this URL.
    NotGranted,
    /// Nothing serves `GET` there (404 or 405), so it tells nothing.
    NoGetRoute,
}
