//! Cases for the migration example (`examples/migrate_from_actix_cors/`): the API as written
//! with actix-cors and the same API converted to a named policy. Both must behave the same for
//! the web app's origin ([`SAME_FOR_BOTH`]); the look-alike origins that actix-cors's prefix
//! test lets read the user's data with their cookies ([`LEAKED_BEFORE`]) the converted policy
//! refuses ([`REFUSED_AFTER`]).

use cors_test_support::engine::PerEngine;

use super::{Blocked, Case, Credentials, Expect, Page};
use crate::console::Refusal;

/// The web app, the only origin the policy means to allow.
const WEB_APP: Page = Page::main("localhost");

const PROFILE_WITH_COOKIES: Case = Case {
    name: "",
    page: WEB_APP,
    method: "GET",
    path: "/api/profile",
    headers: &[],
    body: None,
    credentials: Credentials::Include,
    calls: 1,
    preflights: PerEngine::all(0),
    expect: PerEngine::all(Expect::Allowed {
        status: 200,
        readable: &["content-type"],
        hidden: &[],
    }),
    may_repeat_preflight: PerEngine::all(false),
};

pub const SAME_FOR_BOTH: &[Case] = &[
    Case { name: "migration_profile_with_cookies", ..PROFILE_WITH_COOKIES },
    Case {
        name: "migration_orders_expose_their_count",
        path: "/api/orders",
        expect: PerEngine::all(Expect::Allowed {
            status: 200,
            readable: &["x-total-count"],
            hidden: &[],
        }),
        ..PROFILE_WITH_COOKIES
    },
    Case {
        name: "migration_json_update_is_preflighted",
        method: "PUT",
        headers: &[("Content-Type", "application/json")],
        body: Some(r#"{"name":"Ada L."}"#),
        preflights: PerEngine::all(1),
        ..PROFILE_WITH_COOKIES
    },
];

/// A site whose name starts with `localhost`, and the web app's host on another port.
const LOOKALIKE_SITE: Case = Case {
    name: "migration_lookalike_site_reads_the_profile",
    page: Page::main("localhost.evil.test"),
    ..PROFILE_WITH_COOKIES
};
const OTHER_LOCAL_PORT: Case = Case {
    name: "migration_other_local_port_reads_the_profile",
    page: Page::other_port("localhost"),
    ..PROFILE_WITH_COOKIES
};

/// What actix-cors's `allowed_origin_fn(starts_with("http://localhost"))` lets through.
pub const LEAKED_BEFORE: &[Case] = &[LOOKALIKE_SITE, OTHER_LOCAL_PORT];

const NOT_GRANTED: Expect = Expect::Blocked(Blocked::actual(Refusal::MissingAllowOrigin));

/// The same calls against the converted policy.
pub const REFUSED_AFTER: &[Case] = &[
    Case { expect: PerEngine::all(NOT_GRANTED), ..LOOKALIKE_SITE },
    Case { expect: PerEngine::all(NOT_GRANTED), ..OTHER_LOCAL_PORT },
];
