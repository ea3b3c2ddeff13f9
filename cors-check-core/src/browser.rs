//! The browser engines cors-check speaks for, and what each does its own way: the order of its
//! preflight checks, how long it keeps a preflight, which refused header it names, why it lets
//! `*` cover `Authorization`. Their console lines are in `message`; everything else is the same
//! Fetch standard, applied by the same code.

use std::fmt;
use std::str::FromStr;

use crate::safelist::SafelistExtras;

/// A browser engine, whose verdict, order of checks and console messages a check follows.
///
/// ```
/// use cors_check_core::Browser;
///
/// assert_eq!(Browser::default(), Browser::Chromium);
/// assert_eq!("webkit".parse::<Browser>(), Ok(Browser::Safari));
/// assert_eq!(Browser::Firefox.to_string(), "firefox");
/// assert_eq!(Browser::ALL.map(Browser::as_str), ["chromium", "firefox", "safari"]);
/// let error = "opera".parse::<Browser>().unwrap_err();
/// assert_eq!(error.to_string(), "unknown browser 'opera': expected chromium, firefox or safari (webkit)");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Browser {
    /// Chrome, Edge, Opera and the other Chromium-based browsers (Blink's `services/network/`).
    #[default]
    Chromium,
    /// Firefox (Gecko's `nsCORSListenerProxy`).
    Firefox,
    /// Safari and every browser on iOS (WebKit's `CrossOriginAccessControl`).
    Safari,
}

impl Browser {
    /// Every engine, in the order reports list them.
    pub const ALL: [Browser; 3] = [Browser::Chromium, Browser::Firefox, Browser::Safari];

    /// The stable name used on the command line and in JSON: `chromium`, `firefox`, `safari`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Chromium => "chromium",
            Self::Firefox => "firefox",
            Self::Safari => "safari",
        }
    }

    /// The name in prose: `Chromium`, `Firefox`, `Safari`.
    pub fn name(self) -> &'static str {
        self.engine().name
    }

    /// What the engine does its own way.
    pub(crate) fn engine(self) -> &'static Engine {
        match self {
            Self::Chromium => &CHROMIUM,
            Self::Firefox => &FIREFOX,
            Self::Safari => &WEBKIT,
        }
    }
}

impl fmt::Display for Browser {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl FromStr for Browser {
    type Err = UnknownBrowser;

    /// Reads `chromium`, `firefox`, `safari` or `webkit` (Safari's engine), in any case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "chromium" => Ok(Self::Chromium),
            "firefox" => Ok(Self::Firefox),
            "safari" | "webkit" => Ok(Self::Safari),
            _ => Err(UnknownBrowser(text.to_owned())),
        }
    }
}

/// A name [`Browser::from_str`] does not know; it displays the accepted names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownBrowser(pub(crate) String);

impl fmt::Display for UnknownBrowser {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "unknown browser '{}': expected chromium, firefox or safari (webkit)",
            self.0
        )
    }
}

impl std::error::Error for UnknownBrowser {}

/// One of the checks an engine applies to a preflight response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PreflightCheck {
    /// The response is not a redirect.
    Redirect,
    /// `Access-Control-Allow-Origin`, then `-Credentials` (the same check as on the call).
    Access,
    /// The status is 200-299.
    Status,
    /// `Access-Control-Allow-Methods` parses as a list of tokens.
    ParseMethods,
    /// `Access-Control-Allow-Headers` parses as a list of tokens.
    ParseHeaders,
    /// The method is allowed.
    Method,
    /// Every unsafe request header is allowed.
    Headers,
}

/// Which of several refused request headers an engine's message names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RefusedHeaderNamed {
    /// Any one of them: the first missing in the request's header vector, which Blink fills
    /// from its `HTTPHeaderMap`, a hash map (`preflight_result.cc`
    /// `EnsureAllowedCrossOriginHeaders` over `CorsUnsafeNotForbiddenRequestHeaderNames`, not
    /// sorted). cors-check names the first in sorted order and says the browser may name another.
    AnyOne,
    /// The first of `Access-Control-Request-Headers`: lower-case, in byte order.
    FirstSorted,
    /// The first the script set, spelled as the script wrote it.
    FirstSet,
}

/// What an engine does its own way; the rest is the Fetch standard, the same for all.
#[derive(Debug)]
pub(crate) struct Engine {
    /// The name in prose.
    pub name: &'static str,
    /// The preflight checks, in the engine's order: the first that fails is the one it reports.
    pub preflight_checks: [PreflightCheck; 7],
    /// The longest the engine keeps a preflight, in seconds, and where that is written.
    pub max_age_cap: (u64, &'static str),
    /// How long the engine keeps a preflight whose `Access-Control-Max-Age` is not a number
    /// (`None`: not at all).
    pub unparsable_max_age: Option<u64>,
    /// Which refused request header its message names.
    pub refused_header: RefusedHeaderNamed,
    /// Why `*` in `Access-Control-Allow-Headers` covers `Authorization` in this engine.
    pub authorization_by_wildcard: &'static str,
    /// Request headers a script may set by the Fetch standard but the engine drops without a
    /// word (lower-case), with where that is written.
    pub dropped_request_headers: (&'static [&'static str], &'static str),
    /// Whether the engine joins the lines of a header the script set twice with ", " before it
    /// decides whether the call needs a preflight (the Fetch standard judges each line).
    pub combines_repeated_headers: bool,
    /// The `User-Agent` of a current release on Linux (macOS for Safari), which cors-check
    /// sends with `cors-check/<version>` after it.
    pub user_agent: &'static str,
    /// Where its safelist goes beyond the Fetch standard's: a `Range` unit in any case
    /// (`Bytes=0-`; the standard and Chromium 156 want `bytes`, the browser suite's case
    /// `range_unit_in_capitals_is_safelisted_by_webkit`), client hints.
    pub safelist: SafelistExtras,
    /// Whether a call preflighted before a redirect is preflighted again at the new URL, with
    /// the same request headers, even when the redirect made it a simple `GET` (seen in the
    /// browser suite's case `see_other_turns_a_json_post_into_a_get`).
    pub preflights_again_after_redirect: bool,
}

use PreflightCheck::*;

/// Chromium (`services/network/cors/cors_url_loader.cc`, `cors.cc` `CheckAccess`,
/// `preflight_result.cc`): a redirected preflight fails before anything else (the browser suite
/// confirmed it with Chromium 156), and the access check comes before the status, so a 404
/// without CORS headers is reported as a missing `Access-Control-Allow-Origin`; of several
/// refused headers it names any one.
const CHROMIUM: Engine = Engine {
    name: "Chromium",
    preflight_checks: [Redirect, Access, Status, ParseMethods, ParseHeaders, Method, Headers],
    max_age_cap: (7200, "`preflight_result.cc` `kMaxTimeout`"),
    unparsable_max_age: Some(5),
    refused_header: RefusedHeaderNamed::AnyOne,
    authorization_by_wildcard: "its `kCorsNonWildcardRequestHeadersSupport` feature is off by \
                                default (the browser suite sees Chromium 156 allow it)",
    dropped_request_headers: (
        &["user-agent"],
        "`net/http/http_util.cc` keeps `user-agent` in `kForbiddenHeaderFields` (crbug.com/571722)",
    ),
    // Blink's `HTTPHeaderMap` joins a repeated name before the network service classifies it.
    combines_repeated_headers: true,
    user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/156.0.0.0 Safari/537.36",
    safelist: SafelistExtras { range_unit_any_case: false, client_hints: true },
    preflights_again_after_redirect: false,
};

/// Gecko (`netwerk/protocol/http/nsCORSListenerProxy.cpp`): the preflight channel goes through
/// the same `nsCORSListenerProxy::CheckRequestApproved` as the call, before the redirect
/// (`AsyncOnChannelRedirect`) and before `nsCORSPreflightListener::CheckPreflightRequestApproved`,
/// which checks the status, then parses and checks the methods before it parses the headers.
/// `AddResultToCache` caps the age at 86400 s and caches nothing for a value that is not digits.
const FIREFOX: Engine = Engine {
    name: "Firefox",
    preflight_checks: [Access, Redirect, Status, ParseMethods, Method, ParseHeaders, Headers],
    max_age_cap: (86400, "`nsCORSListenerProxy.cpp` `AddResultToCache`"),
    unparsable_max_age: None,
    refused_header: RefusedHeaderNamed::FirstSorted,
    authorization_by_wildcard: "it prints the deprecation warning \
                                `CORSAllowHeaderFromPreflightDeprecation` and refuses it once the \
                                preference `network.cors_preflight.authorization_covered_by_wildcard` \
                                is false",
    dropped_request_headers: (&[], ""),
    combines_repeated_headers: false,
    user_agent: "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0",
    safelist: SafelistExtras { range_unit_any_case: false, client_hints: false },
    preflights_again_after_redirect: true,
};

/// WebKit (`Source/WebCore/loader/CrossOriginAccessControl.cpp` `validatePreflightResponse`,
/// `Source/WebKit/NetworkProcess/NetworkCORSPreflightChecker.cpp`,
/// `Source/WebCore/loader/CrossOriginPreflightResultCache.cpp`): a redirect and any status
/// outside 200-299 fail before the access check; both lists are parsed before the method and the
/// headers are checked; `validateCrossOriginHeaders` walks the request's own header map and
/// names the key as stored; `maxPreflightCacheTimeout` is 600 s, `defaultPreflightCacheTimeout`
/// 5 s.
const WEBKIT: Engine = Engine {
    name: "Safari",
    preflight_checks: [Redirect, Status, Access, ParseMethods, ParseHeaders, Method, Headers],
    max_age_cap: (600, "`CrossOriginPreflightResultCache.cpp` `maxPreflightCacheTimeout`"),
    unparsable_max_age: Some(5),
    refused_header: RefusedHeaderNamed::FirstSet,
    authorization_by_wildcard: "WebKit's `validateCrossOriginHeaders` lets `*` cover every \
                                header of a call without credentials",
    dropped_request_headers: (&[], ""),
    // `HTTPHeaderMap::add` joins a repeated name, and `isSimpleCrossOriginAccessRequest` reads
    // the map.
    combines_repeated_headers: true,
    user_agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, \
                 like Gecko) Version/26.0 Safari/605.1.15",
    // Seen in the browser suite: `Range: Bytes=0-99` needs no preflight in WebKit.
    safelist: SafelistExtras { range_unit_any_case: true, client_hints: false },
    preflights_again_after_redirect: true,
};
