//! Cases about what the three engines do differently, where a policy has a choice: how long
//! a preflight is cached. The other differences that matter to a policy are judged where
//! their feature is: `Authorization` under `Access-Control-Allow-Headers: *` (all three
//! engines let it through, against the Fetch standard: the catalogue's
//! `wildcard_request_headers_cover_authorization_in_chromium`; `#[cors]` never sends `*` for
//! it: `attribute::public_wildcard_headers_do_not_cover_authorization`), methods matched case
//! by case (`attribute::method_is_matched_case_sensitively`), and redirected preflights (the
//! catalogue's `redirected_preflight_*`).
//!
//! Request rules: Chromium drops a `User-Agent` a script sets (`net/http/http_util.cc` keeps it
//! in `kForbiddenHeaderFields`), where Firefox and WebKit send it and preflight; Chromium and
//! WebKit join a header set twice into one value before deciding on a preflight, where Firefox
//! judges each line; WebKit reads a `Range` unit in any case (`Bytes=0-99`), the others only
//! `bytes`; Chromium safelists its client hints (`Save-Data: on`, `cors.cc`
//! `IsCorsSafelistedHeader`). After a 303 turns a preflighted JSON POST into a GET, Chromium
//! sends the GET as it is, where Firefox and WebKit preflight the new URL again. These call the misconfigured catalogue's `/ok`, which grants the main page with
//! `content-type` and `x-custom` only.
//!
//! Preflight cache caps: Chromium keeps a preflight at most 7200 s
//! (`services/network/public/cpp/cors/preflight_result.cc`, `kMaxTimeToLive`), Firefox 86400 s
//! (`nsCORSListenerProxy.cpp`, `AddResultToCache`), WebKit 600 s
//! (`CrossOriginPreflightResultCache.cpp`, `maxPreflightCacheTimeout`). A `max_age` above 600
//! is honoured at first by all three, and WebKit asks again after ten minutes, which no test
//! here waits for: cors-check warns about it per engine.

use cors_test_support::engine::PerEngine;

use super::{Blocked, Case, Expect, FIREFOX_REPEATS_A_CACHED_PREFLIGHT};

const X_CUSTOM: (&str, &str) = ("X-Custom", "1");
const ALLOWED: Expect = Expect::Allowed { status: 200, readable: &[], hidden: &[] };

pub const CASES: &[Case] = &[
    Case {
        name: "script_set_user_agent_is_dropped_by_chromium",
        path: "/ok",
        headers: &[("User-Agent", "my-app/1.0")],
        preflights: PerEngine { chromium: 0, firefox: 1, webkit: 1 },
        expect: PerEngine {
            chromium: ALLOWED,
            firefox: Expect::Blocked(Blocked::header_not_allowed("user-agent")),
            webkit: Expect::Blocked(Blocked::header_not_allowed("user-agent")),
        },
        ..Case::SIMPLE_GET
    },
    Case {
        name: "content_type_set_twice_is_joined_by_chromium_and_webkit",
        method: "POST",
        path: "/ok",
        headers: &[("Content-Type", "text/plain"), ("Content-Type", "text/plain")],
        body: Some("x"),
        preflights: PerEngine { chromium: 1, firefox: 0, webkit: 1 },
        ..Case::SIMPLE_GET
    },
    Case {
        name: "see_other_turns_a_json_post_into_a_get",
        method: "POST",
        path: "/redirect/see-other",
        headers: &[("Content-Type", "application/json")],
        preflights: PerEngine { chromium: 1, firefox: 2, webkit: 2 },
        ..Case::SIMPLE_GET
    },
    Case {
        name: "save_data_client_hint_is_safelisted_by_chromium",
        path: "/ok",
        headers: &[("Save-Data", "on")],
        preflights: PerEngine { chromium: 0, firefox: 1, webkit: 1 },
        expect: PerEngine {
            chromium: ALLOWED,
            firefox: Expect::Blocked(Blocked::header_not_allowed("save-data")),
            webkit: Expect::Blocked(Blocked::header_not_allowed("save-data")),
        },
        ..Case::SIMPLE_GET
    },
    Case {
        name: "range_unit_in_capitals_is_safelisted_by_webkit",
        path: "/ok",
        headers: &[("Range", "Bytes=0-99")],
        preflights: PerEngine { chromium: 1, firefox: 1, webkit: 0 },
        expect: PerEngine {
            chromium: Expect::Blocked(Blocked::header_not_allowed("range")),
            firefox: Expect::Blocked(Blocked::header_not_allowed("range")),
            webkit: ALLOWED,
        },
        ..Case::SIMPLE_GET
    },
    Case {
        name: "max_age_lets_second_call_skip_preflight",
        method: "PUT",
        path: "/api/cached",
        headers: &[X_CUSTOM],
        calls: 2,
        preflights: PerEngine::all(1),
        may_repeat_preflight: FIREFOX_REPEATS_A_CACHED_PREFLIGHT,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "max_age_above_the_webkit_cap_is_cached_at_first",
        method: "PUT",
        path: "/api/cached-hour",
        headers: &[X_CUSTOM],
        calls: 2,
        preflights: PerEngine::all(1),
        may_repeat_preflight: FIREFOX_REPEATS_A_CACHED_PREFLIGHT,
        ..Case::SIMPLE_GET
    },
    Case {
        name: "max_age_zero_preflights_every_call",
        method: "PUT",
        path: "/api/uncached",
        headers: &[X_CUSTOM],
        calls: 2,
        preflights: PerEngine::all(2),
        ..Case::SIMPLE_GET
    },
];
