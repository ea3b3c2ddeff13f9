//! The catalogue of misconfigured servers (`cors_test_support::misconfigured`), as browser
//! cases: the API serves its routes granting the main page's origin, and each of its calls is
//! made from a page, so that every mistake cors-check's tests are judged on is also judged by
//! each engine (and, by the agreement pass, by cors-check against that engine's verdict).

use cors_check_core::CorsErrorKind;
use cors_test_support::engine::PerEngine;
use cors_test_support::misconfigured::{self, Caller};

use super::{Blocked, Case, Credentials, Expect, Page};
use crate::console::{Refusal, Stage};

/// The page whose origin the catalogue's routes grant.
pub const GRANTED_PAGE: Page = Page::main("app.example.test");
/// A page whose origin no route of the catalogue grants.
const OTHER_PAGE: Page = Page::main("evil.test");

/// Every call of the catalogue, with each engine's verdict in the catalogue put as Chromium
/// words it.
pub fn cases() -> Vec<Case> {
    misconfigured::CASES.iter().map(browser_case).collect()
}

fn browser_case(case: &'static misconfigured::Case) -> Case {
    Case {
        name: case.name,
        page: match case.caller {
            Caller::App => GRANTED_PAGE,
            Caller::Other => OTHER_PAGE,
            Caller::Api => Page::api(),
        },
        method: case.method,
        path: case.path,
        headers: case.headers,
        credentials: if case.credentials { Credentials::Include } else { Credentials::Omit },
        preflights: PerEngine::all(
            usize::from(is_preflighted(case)) + case.preflights_after_redirects,
        ),
        expect: case.expected.map(|kind| match kind {
            // Every route of the catalogue answers the calls it lets through with 200.
            None => Expect::Allowed { status: 200, readable: &[], hidden: &[] },
            Some(kind) => Expect::Blocked(Blocked { naming: case.quoted, ..blocked(kind) }),
        }),
        ..Case::SIMPLE_GET
    }
}

/// Whether Chromium sends a preflight first: for a method other than GET, HEAD and POST, or
/// for any header a catalogue call sets, since none of them is CORS-safelisted; never from the
/// API's own page.
fn is_preflighted(case: &misconfigured::Case) -> bool {
    case.caller != Caller::Api
        && (!matches!(case.method, "GET" | "HEAD" | "POST") || !case.headers.is_empty())
}

/// The console message Chromium logs for an error of `kind`.
fn blocked(kind: CorsErrorKind) -> Blocked {
    use CorsErrorKind as Kind;
    let (stage, refusal) = match kind {
        Kind::MissingAllowOriginHeader => (Stage::Actual, Refusal::MissingAllowOrigin),
        Kind::WildcardOriginNotAllowed => (Stage::Actual, Refusal::WildcardOriginWithCredentials),
        Kind::MultipleAllowOriginValues => (Stage::Actual, Refusal::MultipleAllowOriginValues),
        Kind::InvalidAllowOriginValue => (Stage::Actual, Refusal::InvalidAllowOriginValue),
        Kind::AllowOriginMismatch => (Stage::Actual, Refusal::AllowOriginMismatch),
        Kind::InvalidAllowCredentials => (Stage::Actual, Refusal::AllowCredentialsNotTrue),
        Kind::PreflightMissingAllowOriginHeader => (Stage::Preflight, Refusal::MissingAllowOrigin),
        Kind::PreflightWildcardOriginNotAllowed => {
            (Stage::Preflight, Refusal::WildcardOriginWithCredentials)
        }
        Kind::PreflightMultipleAllowOriginValues => {
            (Stage::Preflight, Refusal::MultipleAllowOriginValues)
        }
        Kind::PreflightInvalidAllowOriginValue => {
            (Stage::Preflight, Refusal::InvalidAllowOriginValue)
        }
        Kind::PreflightAllowOriginMismatch => (Stage::Preflight, Refusal::AllowOriginMismatch),
        Kind::PreflightInvalidAllowCredentials => {
            (Stage::Preflight, Refusal::AllowCredentialsNotTrue)
        }
        Kind::PreflightInvalidStatus => (Stage::Preflight, Refusal::PreflightStatusNotOk),
        Kind::PreflightDisallowedRedirect => (Stage::Preflight, Refusal::PreflightRedirected),
        Kind::InvalidAllowMethodsPreflightResponse => {
            (Stage::Preflight, Refusal::UnparsableAllowMethods)
        }
        Kind::InvalidAllowHeadersPreflightResponse => {
            (Stage::Preflight, Refusal::UnparsableAllowHeaders)
        }
        Kind::MethodDisallowedByPreflightResponse => (Stage::Preflight, Refusal::MethodNotAllowed),
        Kind::HeaderDisallowedByPreflightResponse => (Stage::Preflight, Refusal::HeaderNotAllowed),
        Kind::RedirectContainsCredentials => (Stage::Actual, Refusal::RedirectContainsCredentials),
        Kind::TooManyRedirects => (Stage::Actual, Refusal::TooManyRedirects),
        // `CorsErrorKind` is non-exhaustive: a kind added to cors-check needs its Chromium
        // message here before a catalogue call can expect it.
        other => panic!("{other:?} has no Chromium console message in this suite yet"),
    };
    Blocked { stage, refusal, naming: None }
}
