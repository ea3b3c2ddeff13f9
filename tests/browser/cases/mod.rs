//! What a browser case is: one `fetch()` from a page origin and what the engines must make of
//! it.
//! The tables sit in one file per API under test: [`handmade`] for the hand-written policy,
//! [`attribute`] for the `#[cors]` handlers, [`engines`] for where engines differ, [`wrapped`] for a named policy applied with
//! `.wrap(..)` and for guarded writes, [`misconfigured`] for the catalogue of misconfigured
//! servers that cors-check's tests share.

pub mod attribute;
pub mod engines;
pub mod handmade;
pub mod migration;
pub mod misconfigured;
pub mod wrapped;

use cors_test_support::engine::{Engine, PerEngine};

use crate::console::{Refusal, Stage};

/// The page server's main port. The `#[cors]` policies name it literally, e.g.
/// `"http://app.example.test:47811"`, since origins are compile-time literals.
pub const MAIN_PAGE_PORT: u16 = 47811;
/// A second page port: the same host on another port is another origin.
pub const OTHER_PAGE_PORT: u16 = 47812;

/// Which of the page server's two ports the page is loaded from, or the API's own page
/// (`cors_test_support::misconfigured::API_PAGE`: the API's origin, so its calls are same-origin).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagePort {
    Main,
    Other,
    Api,
}

/// Where the page that makes the call is loaded from: `http://{host}:{port}`.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Any `*.test` name (Chromium maps them to loopback), `localhost` or `127.0.0.1`.
    pub host: &'static str,
    pub port: PagePort,
}

impl Page {
    pub const fn main(host: &'static str) -> Self {
        Self { host, port: PagePort::Main }
    }

    pub const fn other_port(host: &'static str) -> Self {
        Self { host, port: PagePort::Other }
    }

    /// The API's own page, at its origin (`host` is then not used).
    pub const fn api() -> Self {
        Self { host: "127.0.0.1", port: PagePort::Api }
    }
}

/// `fetch()`'s `credentials` option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credentials {
    Omit,
    SameOrigin,
    Include,
}

impl Credentials {
    pub fn as_fetch_option(self) -> &'static str {
        match self {
            Self::Omit => "omit",
            Self::SameOrigin => "same-origin",
            Self::Include => "include",
        }
    }
}

/// What an engine must make of a case's calls.
#[derive(Debug, Clone, Copy)]
pub enum Expect {
    /// The page receives the response.
    Allowed {
        status: u16,
        /// Response headers the page must be able to read (lower-case).
        readable: &'static [&'static str],
        /// Response headers the server sends but the page must not see (lower-case).
        hidden: &'static [&'static str],
    },
    /// `fetch()` rejects with a TypeError and the engine logs this CORS message (the suite
    /// reads Chromium's: `Engine::console_is_read`).
    Blocked(Blocked),
}

/// The CORS console message a blocked case must produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocked {
    pub stage: Stage,
    pub refusal: Refusal,
    /// The method or header name the message must quote, where it quotes one.
    pub naming: Option<&'static str>,
}

impl Blocked {
    /// Blocked on the actual response.
    pub const fn actual(refusal: Refusal) -> Self {
        Self { stage: Stage::Actual, refusal, naming: None }
    }

    /// Blocked on the preflight response.
    pub const fn preflight(refusal: Refusal) -> Self {
        Self { stage: Stage::Preflight, refusal, naming: None }
    }

    /// The preflight response does not allow request header `name` (lower-case).
    pub const fn header_not_allowed(name: &'static str) -> Self {
        Self { stage: Stage::Preflight, refusal: Refusal::HeaderNotAllowed, naming: Some(name) }
    }

    /// The preflight response does not allow `method`.
    pub const fn method_not_allowed(method: &'static str) -> Self {
        Self { stage: Stage::Preflight, refusal: Refusal::MethodNotAllowed, naming: Some(method) }
    }
}

/// One conformance case: a `fetch()` made `calls` times from `page`, with what each engine
/// must make of it (where engines legitimately differ, each difference with its source).
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// Says the behaviour; also tags the call's URL (`?case=<name>`), so it must be unique
    /// and URL-safe (`[a-z0-9_]`).
    pub name: &'static str,
    pub page: Page,
    pub method: &'static str,
    /// Path on the API server, without query.
    pub path: &'static str,
    pub headers: &'static [(&'static str, &'static str)],
    pub body: Option<&'static str>,
    pub credentials: Credentials,
    /// How many identical calls the page makes, one after the other; more than one
    /// observes the preflight cache.
    pub calls: u8,
    /// How many preflight `OPTIONS` requests the API must receive for all calls together, by
    /// each engine's own request rules (a header one drops, or joins, and another does not).
    pub preflights: PerEngine<usize>,
    pub expect: PerEngine<Expect>,
    /// Whether the engine may send one preflight more than `preflights` before its preflight
    /// cache serves the calls (see [`FIREFOX_REPEATS_A_CACHED_PREFLIGHT`]).
    pub may_repeat_preflight: PerEngine<bool>,
}

/// Firefox (ESR 153 here) caches a preflight for its `Access-Control-Max-Age`, but the call
/// right after the one that was preflighted is sometimes preflighted again; later calls are
/// served from the cache (four identical calls: two preflights). Seen in every run of the
/// hand-written policy's case and in some runs of the `#[cors]` one; Gecko's
/// `nsCORSListenerProxy.cpp` (`AddResultToCache`, `nsPreflightCache::GetEntry`) does not show
/// why. The cases therefore accept one more preflight in Firefox, and still fail when it does
/// not cache at all.
pub const FIREFOX_REPEATS_A_CACHED_PREFLIGHT: PerEngine<bool> =
    PerEngine { chromium: false, firefox: true, webkit: false };

impl Case {
    /// How many preflights `engine` may send for all calls together.
    pub fn preflights_in(&self, engine: Engine) -> std::ops::RangeInclusive<usize> {
        let preflights = self.preflights.of(engine);
        preflights..=preflights + usize::from(self.may_repeat_preflight.of(engine))
    }

    /// A simple GET from the main page origin that must succeed with 200 and no preflight;
    /// cases override what they are about with struct update syntax.
    pub const SIMPLE_GET: Self = Self {
        name: "",
        page: Page::main("app.example.test"),
        method: "GET",
        path: "/",
        headers: &[],
        body: None,
        credentials: Credentials::Omit,
        calls: 1,
        preflights: PerEngine::all(0),
        expect: PerEngine::all(Expect::Allowed { status: 200, readable: &[], hidden: &[] }),
        may_repeat_preflight: PerEngine::all(false),
    };
}
