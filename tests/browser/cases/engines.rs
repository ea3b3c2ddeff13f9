//! Cases about what the three engines do differently, where a policy has a choice: how long
//! a preflight is cached. The other differences that matter to a policy are judged where
//! their feature is: `Authorization` under `Access-Control-Allow-Headers: *` (all three
//! engines let it through, against the Fetch standard: the catalogue's
//! `wildcard_request_headers_cover_authorization_in_chromium`; `#[cors]` never sends `*` for
//! it: `attribute::public_wildcard_headers_do_not_cover_authorization`), methods matched case
//! by case (`attribute::method_is_matched_case_sensitively`), and redirected preflights (the
//! catalogue's `redirected_preflight_*`).
//!
//! Preflight cache caps: Chromium keeps a preflight at most 7200 s
//! (`services/network/public/cpp/cors/preflight_result.cc`, `kMaxTimeToLive`), Firefox 86400 s
//! (`nsCORSListenerProxy.cpp`, `AddResultToCache`), WebKit 600 s
//! (`CrossOriginPreflightResultCache.cpp`, `maxPreflightCacheTimeout`). A `max_age` above 600
//! is honoured at first by all three, and WebKit asks again after ten minutes, which no test
//! here waits for: cors-check warns about it per engine.

use super::{Case, FIREFOX_REPEATS_A_CACHED_PREFLIGHT};

const X_CUSTOM: (&str, &str) = ("X-Custom", "1");

pub const CASES: &[Case] = &[
    Case {
        name: "max_age_lets_second_call_skip_preflight",
        method: "PUT",
        path: "/api/cached",
        headers: &[X_CUSTOM],
        calls: 2,
        preflights: 1,
        may_repeat_preflight: FIREFOX_REPEATS_A_CACHED_PREFLIGHT,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "max_age_above_the_webkit_cap_is_cached_at_first",
        method: "PUT",
        path: "/api/cached-hour",
        headers: &[X_CUSTOM],
        calls: 2,
        preflights: 1,
        may_repeat_preflight: FIREFOX_REPEATS_A_CACHED_PREFLIGHT,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "max_age_zero_preflights_every_call",
        method: "PUT",
        path: "/api/uncached",
        headers: &[X_CUSTOM],
        calls: 2,
        preflights: 2,
        ..Case::SIMPLE_GET
    },
];
