//! What works today but is fragile or unsafe: the kind of each warning, with its stable name,
//! and the warning itself with the values that raised it. The words are written in
//! `render::warning`.

use crate::browser::Browser;
use crate::url::AddressSpace;

/// Something that works today but is fragile or unsafe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WarningKind {
    /// The server granted an unrelated origin too: it reflects `Origin` without checking it.
    ReflectsAnyOrigin,
    /// `Access-Control-Allow-Origin` depends on the origin but `Vary: Origin` is missing.
    MissingVaryOrigin,
    /// `Access-Control-Max-Age` is above Chromium's 7200-second cap.
    MaxAgeAboveChromiumCap,
    /// `Access-Control-Max-Age` is above Firefox's 86400-second cap.
    MaxAgeAboveFirefoxCap,
    /// `Access-Control-Max-Age` is above Safari's 600-second cap.
    MaxAgeAboveSafariCap,
    /// `Access-Control-Max-Age` is not a number; Chromium and Safari keep the preflight 5
    /// seconds, Firefox not at all.
    MaxAgeInvalid,
    /// `Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true`.
    WildcardWithCredentials,
    /// The server grants the `null` origin, which any sandboxed document has.
    NullOriginAllowed,
    /// The method is not upper-case, so `fetch()` sends it as written.
    MethodNotUpperCase,
    /// The actual response redirects and cors-check did not follow it (the verdict is then
    /// [`Verdict::Inconclusive`](crate::Verdict::Inconclusive)).
    RedirectNotFollowed,
    /// `Authorization` is allowed only by `*` in `Access-Control-Allow-Headers`, which the Fetch
    /// standard says must not cover it; Chromium, Firefox and Safari still let it through.
    AuthorizationCoveredByWildcard,
    /// The answer is a 401, 403 or a redirect and no cookie was given: it may be the logged-out
    /// answer, not the user's.
    SessionMayBeMissing,
    /// A cookie was given for a cross-origin call without credentials, which the browser sends
    /// without cookies.
    CookieWithoutCredentials,
    /// The call sends cookies to another site, which the engine's third-party cookie rules may
    /// drop although CORS passes.
    ThirdPartyCookie,
    /// The engine drops a header the script set without a word (Chromium: `User-Agent`).
    HeaderDropped,
    /// A page calls a more private address space than its own (a public page calling the
    /// user's network or machine): Chrome 142+ asks the user's permission, which no server
    /// header grants.
    LocalNetworkAccess,
}

impl WarningKind {
    /// The stable name used in JSON: `reflects-any-origin`, `missing-vary-origin`,
    /// `max-age-above-chromium-cap`, `max-age-above-firefox-cap`, `max-age-above-safari-cap`,
    /// `max-age-invalid`, `wildcard-with-credentials`,
    /// `null-origin-allowed`, `method-not-upper-case`, `redirect-not-followed`,
    /// `authorization-covered-by-wildcard`, `session-may-be-missing`,
    /// `cookie-without-credentials`, `third-party-cookie`, `header-dropped`,
    /// `local-network-access`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReflectsAnyOrigin => "reflects-any-origin",
            Self::MissingVaryOrigin => "missing-vary-origin",
            Self::MaxAgeAboveChromiumCap => "max-age-above-chromium-cap",
            Self::MaxAgeAboveFirefoxCap => "max-age-above-firefox-cap",
            Self::MaxAgeAboveSafariCap => "max-age-above-safari-cap",
            Self::MaxAgeInvalid => "max-age-invalid",
            Self::WildcardWithCredentials => "wildcard-with-credentials",
            Self::NullOriginAllowed => "null-origin-allowed",
            Self::MethodNotUpperCase => "method-not-upper-case",
            Self::RedirectNotFollowed => "redirect-not-followed",
            Self::AuthorizationCoveredByWildcard => "authorization-covered-by-wildcard",
            Self::SessionMayBeMissing => "session-may-be-missing",
            Self::CookieWithoutCredentials => "cookie-without-credentials",
            Self::ThirdPartyCookie => "third-party-cookie",
            Self::HeaderDropped => "header-dropped",
            Self::LocalNetworkAccess => "local-network-access",
        }
    }
}

impl WarningKind {
    /// `Access-Control-Max-Age` above what `browser` keeps.
    pub(crate) fn max_age_above_cap(browser: Browser) -> Self {
        match browser {
            Browser::Chromium => Self::MaxAgeAboveChromiumCap,
            Browser::Firefox => Self::MaxAgeAboveFirefoxCap,
            Browser::Safari => Self::MaxAgeAboveSafariCap,
        }
    }

    /// Whether this is `Access-Control-Max-Age` above some engine's cap.
    pub fn is_max_age_above_cap(self) -> bool {
        Browser::ALL.iter().any(|browser| self == Self::max_age_above_cap(*browser))
    }
}

/// Something that works today but is fragile or unsafe, with the values that raised it. Its
/// `Display` is the explanation and what to do.
///
/// ```
/// use cors_check_core::{Browser, Check, CorsRequest, Plan, Response, Warning, WarningKind};
///
/// let plan = Plan::new(CorsRequest::new("https://api.example/data", "https://app.example"))?;
/// let report = Check::new(plan).without_probes().run(|_| {
///     Ok::<_, std::convert::Infallible>(
///         Response::new(200).with_header("Access-Control-Allow-Origin", "https://app.example"),
///     )
/// })?;
/// assert_eq!(report.warnings, [Warning::MissingVaryOrigin]);
/// assert_eq!(report.warnings[0].kind(), WarningKind::MissingVaryOrigin);
/// assert!(report.warnings[0].to_string().starts_with("the response names the origin"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// The server granted `granted`, an origin no page has, too.
    ReflectsAnyOrigin {
        /// The unrelated origin it granted.
        granted: String,
        /// Whether it granted it with `Access-Control-Allow-Credentials: true`.
        with_credentials: bool,
    },
    /// `Access-Control-Allow-Origin` names the origin but `Vary: Origin` is missing.
    MissingVaryOrigin,
    /// `Access-Control-Max-Age` is above what `judge` keeps.
    MaxAgeAboveCap {
        /// The engine whose cap it passes.
        judge: Browser,
        /// The seconds the server sent.
        seconds: i64,
    },
    /// `Access-Control-Max-Age` is not a number of seconds.
    MaxAgeInvalid {
        /// The engine whose handling is told.
        judge: Browser,
        /// The value the server sent.
        value: String,
    },
    /// `Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: true`.
    WildcardWithCredentials,
    /// The server grants the `null` origin.
    NullOriginAllowed,
    /// The method is not upper-case.
    MethodNotUpperCase {
        /// The method as the page wrote it.
        method: String,
    },
    /// The actual response redirects to `location`, which cors-check did not fetch.
    RedirectNotFollowed {
        /// Where it redirects.
        location: String,
        /// The page's origin, to check `location` from by hand.
        origin: String,
    },
    /// Only `*` in `Access-Control-Allow-Headers` lets `Authorization` through in `judge`.
    AuthorizationCoveredByWildcard {
        /// The engine that lets it through.
        judge: Browser,
    },
    /// The answer is `status` and no cookie was given.
    SessionMayBeMissing {
        /// 401, 403 or a redirect.
        status: u16,
    },
    /// A cookie was given for a cross-origin call without credentials.
    CookieWithoutCredentials,
    /// The call sends cookies to another site, which `judge`'s third-party cookie rules may
    /// drop.
    ThirdPartyCookie {
        /// The engine whose rules apply.
        judge: Browser,
    },
    /// `browser` drops the header `name` a script set.
    HeaderDropped {
        /// The engine that sent the call.
        browser: Browser,
        /// The header, as the page spelled it.
        name: String,
    },
    /// A page calls a more private address space than its own.
    LocalNetworkAccess {
        /// The page's space by its host; `None` for a host name, taken as public.
        page: Option<AddressSpace>,
        /// The called URL's space.
        target: AddressSpace,
        /// Whether the page is on `https:`.
        secure_page: bool,
        /// The engine whose handling is told.
        judge: Browser,
    },
}

impl Warning {
    /// The kind of problem, whose stable name the JSON uses.
    pub fn kind(&self) -> WarningKind {
        match self {
            Self::ReflectsAnyOrigin { .. } => WarningKind::ReflectsAnyOrigin,
            Self::MissingVaryOrigin => WarningKind::MissingVaryOrigin,
            Self::MaxAgeAboveCap { judge, .. } => WarningKind::max_age_above_cap(*judge),
            Self::MaxAgeInvalid { .. } => WarningKind::MaxAgeInvalid,
            Self::WildcardWithCredentials => WarningKind::WildcardWithCredentials,
            Self::NullOriginAllowed => WarningKind::NullOriginAllowed,
            Self::MethodNotUpperCase { .. } => WarningKind::MethodNotUpperCase,
            Self::RedirectNotFollowed { .. } => WarningKind::RedirectNotFollowed,
            Self::AuthorizationCoveredByWildcard { .. } => {
                WarningKind::AuthorizationCoveredByWildcard
            }
            Self::SessionMayBeMissing { .. } => WarningKind::SessionMayBeMissing,
            Self::CookieWithoutCredentials => WarningKind::CookieWithoutCredentials,
            Self::ThirdPartyCookie { .. } => WarningKind::ThirdPartyCookie,
            Self::HeaderDropped { .. } => WarningKind::HeaderDropped,
            Self::LocalNetworkAccess { .. } => WarningKind::LocalNetworkAccess,
        }
    }
}
