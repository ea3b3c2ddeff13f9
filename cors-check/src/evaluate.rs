//! The Fetch standard's CORS check and CORS-preflight check, applied in the order Chromium
//! applies them, so the first failure found is the one Chromium reports.

use crate::fix;
use crate::message::{CorsErrorKind, console_message};
use crate::plan::{Exchange, FOREIGN_PROBE_ORIGIN, Plan};
use crate::refusal::{self, RefusalProbe};
use crate::report::{CheckKind, Failure, Fix, Report, Step, Warning, WarningKind};
use crate::response::Response;
use crate::safelist::{is_scheme, is_token};
use cors_rules::fetch;

/// Chromium's cap on `Access-Control-Max-Age` (`preflight_result.cc`, `kMaxTimeout`).
const CHROMIUM_MAX_AGE_CAP_SECONDS: u64 = 7200;

/// The responses the server gave, one per [`Exchange`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Responses {
    /// The answer to the preflight; required when the plan needs one.
    pub preflight: Option<Response>,
    /// The answer to the call; required when no preflight is needed, and otherwise optional:
    /// without it, the report covers the preflight only.
    pub actual: Option<Response>,
    /// The answer to the foreign-origin probe; optional, only used for a warning.
    pub foreign_origin_probe: Option<Response>,
    /// The answers to the refusal probes, in the order sent; optional, they only sharpen the
    /// fix for a preflight refused without CORS headers.
    pub refusal_probes: Vec<(RefusalProbe, Response)>,
}

/// Judges the server's responses to `plan` as a browser would.
///
/// ```
/// use cors_check::{CorsErrorKind, CorsRequest, Plan, Response, Responses, evaluate};
///
/// let plan = Plan::new(
///     CorsRequest::new("https://api.example/data", "https://app.example")
///         .with_method("PUT")
///         .with_header("X-Custom", "1"),
/// )?;
/// let preflight = Response::new(204)
///     .with_header("Access-Control-Allow-Origin", "https://app.example")
///     .with_header("Access-Control-Allow-Methods", "PUT");
/// let report = evaluate(&plan, &Responses { preflight: Some(preflight), ..Responses::default() });
/// assert_eq!(report.error_kind(), Some(CorsErrorKind::HeaderDisallowedByPreflightResponse));
/// assert_eq!(report.failure.unwrap().fix.cors_attribute, r#"add "X-Custom" to `headers`"#);
/// # Ok::<(), cors_check::RequestError>(())
/// ```
///
/// A passed preflight without an actual response is judged as far as it goes: the report then
/// covers the preflight only ([`Check::stop_after_preflight`](crate::Check::stop_after_preflight)).
///
/// # Panics
///
/// When a response the browser would have received is missing: the preflight, when the plan needs
/// one, or the actual response, when there is no preflight.
pub fn evaluate(plan: &Plan, responses: &Responses) -> Report {
    let mut evaluation = Evaluation::new(plan);
    let failure = evaluation.exchanges(responses).err();
    Report::new(plan, evaluation.steps, failure, evaluation.warnings)
}

/// Whether the browser would go on to send the actual request after this preflight response.
pub(crate) fn preflight_passes(plan: &Plan, preflight: &Response) -> bool {
    Evaluation::new(plan).preflight(preflight).is_ok()
}

/// The steps and warnings gathered while applying the checks.
struct Evaluation<'a> {
    plan: &'a Plan,
    steps: Vec<Step>,
    warnings: Vec<Warning>,
}

impl<'a> Evaluation<'a> {
    fn new(plan: &'a Plan) -> Self {
        Self { plan, steps: Vec::new(), warnings: Vec::new() }
    }

    fn exchanges(&mut self, responses: &Responses) -> Result<(), Failure> {
        if self.plan.request().method != self.plan.request().method.to_ascii_uppercase() {
            self.warn(
                WarningKind::MethodNotUpperCase,
                format!(
                    "fetch() sends '{}' exactly as written and methods are case-sensitive; \
                     servers and #[cors] list methods in upper case",
                    self.plan.request().method
                ),
            );
        }
        if self.plan.needs_preflight() {
            let preflight = responses
                .preflight
                .as_ref()
                .expect("this call needs the preflight response to be evaluated");
            if let Err(mut failure) = self.preflight(preflight) {
                if let Some(fix) = self.diagnose_refusal(preflight, &responses.refusal_probes) {
                    failure.fix = fix;
                }
                return Err(failure);
            }
        }
        let Some(actual) = responses.actual.as_ref() else {
            assert!(
                self.plan.needs_preflight(),
                "this call needs the actual response to be evaluated"
            );
            // Checked up to the preflight only (`Check::stop_after_preflight`).
            return Ok(());
        };
        self.access(Exchange::Actual, actual)?;
        self.warn_if_vary_origin_is_missing(actual);
        if let Some(location) = actual.redirect_location() {
            self.warn(
                WarningKind::RedirectNotFollowed,
                format!(
                    "the response redirects to {location}; the browser follows it and applies \
                     the same check to that response, which cors-check did not fetch"
                ),
            );
        }
        if let Some(probe) = &responses.foreign_origin_probe {
            self.warn_if_any_origin_is_granted(probe);
        }
        Ok(())
    }

    /// Records what each refusal probe found, and returns the fix their answers support.
    fn diagnose_refusal(
        &mut self,
        preflight: &Response,
        answers: &[(RefusalProbe, Response)],
    ) -> Option<Fix> {
        for (probe, answer) in answers {
            let (granted, detail) = refusal::describe_answer(self.plan, *probe, answer);
            self.step(
                Exchange::RefusalProbe(*probe),
                CheckKind::AllowOrigin,
                granted,
                detail,
                answer.header_pairs("Access-Control-Allow-Origin"),
            );
        }
        refusal::diagnose(self.plan, preflight, answers)
    }

    fn step(
        &mut self,
        exchange: Exchange,
        check: CheckKind,
        passed: bool,
        detail: String,
        headers: Vec<(String, String)>,
    ) {
        self.steps.push(Step { exchange, check, passed, detail, headers });
    }

    fn warn(&mut self, kind: WarningKind, message: String) {
        self.warnings.push(Warning { kind, message });
    }

    fn failure(&self, kind: CorsErrorKind, failed_value: &str, fix: Fix) -> Failure {
        let request = self.plan.request();
        Failure {
            kind,
            failed_value: failed_value.to_owned(),
            console_message: console_message(kind, &request.url, &request.origin, failed_value),
            fix,
        }
    }

    /// Chromium's `CheckAccess`: `Access-Control-Allow-Origin`, then for credentialed calls
    /// `Access-Control-Allow-Credentials`. Returns the kinds of the actual response; the preflight
    /// maps them to its own.
    fn access(&mut self, exchange: Exchange, response: &Response) -> Result<(), Failure> {
        let request = self.plan.request();
        let origin = request.origin.as_str();
        let allow_origin = response.header("Access-Control-Allow-Origin");
        let headers = response.header_pairs("Access-Control-Allow-Origin");
        let outcome = match allow_origin.as_deref() {
            None => Err((
                CorsErrorKind::MissingAllowOriginHeader,
                format!(
                    "no Access-Control-Allow-Origin (status {}): the server does not grant this \
                     origin, or does not answer CORS for this URL at all",
                    response.status
                ),
            )),
            Some("*") if request.credentials => Err((
                CorsErrorKind::WildcardOriginNotAllowed,
                "`*` never grants a call with credentials".to_owned(),
            )),
            Some("*") => Ok("`*` grants every origin (the call has no credentials)".to_owned()),
            Some(value) if value == origin => Ok("equals the page's origin".to_owned()),
            Some(value) if value.contains([' ', ',']) => Err((
                CorsErrorKind::MultipleAllowOriginValues,
                "holds several values (several lines are joined with \", \"); exactly one \
                 origin is allowed"
                    .to_owned(),
            )),
            Some(value) if value != "null" && !is_url(value) => Err((
                CorsErrorKind::InvalidAllowOriginValue,
                "is neither `*` nor an origin".to_owned(),
            )),
            Some(value) => {
                Err((CorsErrorKind::AllowOriginMismatch, mismatch_detail(value, origin)))
            }
        };
        let allow_origin = allow_origin.unwrap_or_default();
        match outcome {
            Ok(detail) => self.step(exchange, CheckKind::AllowOrigin, true, detail, headers),
            Err((kind, detail)) => {
                self.step(exchange, CheckKind::AllowOrigin, false, detail, headers);
                let kind = on_exchange(kind, exchange);
                let fix = fix::allow_origin(kind, exchange, self.plan);
                return Err(self.failure(kind, &allow_origin, fix));
            }
        }
        if allow_origin == "null" {
            self.warn(
                WarningKind::NullOriginAllowed,
                "the server grants the `null` origin, which every sandboxed iframe and data: \
                 document has, so any site can obtain it"
                    .to_owned(),
            );
        }
        let allow_credentials = response.header("Access-Control-Allow-Credentials");
        let credential_headers = response.header_pairs("Access-Control-Allow-Credentials");
        if !request.credentials {
            if allow_origin == "*" && allow_credentials.as_deref() == Some("true") {
                self.warn(
                    WarningKind::WildcardWithCredentials,
                    "`Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: \
                     true` grants nothing more: the same call with credentials is blocked; \
                     send the exact origin if credentials are meant to work"
                        .to_owned(),
                );
            }
            return Ok(());
        }
        if allow_credentials.as_deref() == Some("true") {
            self.step(
                exchange,
                CheckKind::AllowCredentials,
                true,
                "`true` lets the credentialed call through".to_owned(),
                credential_headers,
            );
            return Ok(());
        }
        let value = allow_credentials.unwrap_or_default();
        self.step(
            exchange,
            CheckKind::AllowCredentials,
            false,
            format!("is '{value}', but a call with credentials needs exactly `true`"),
            credential_headers,
        );
        let kind = on_exchange(CorsErrorKind::InvalidAllowCredentials, exchange);
        Err(self.failure(kind, &value, fix::allow_credentials(exchange, self.plan)))
    }

    /// Chromium's preflight checks, in its order: redirect, access check (before the status, so
    /// a 404 without CORS headers reports the missing header), status, parsing of both lists,
    /// method, headers.
    fn preflight(&mut self, response: &Response) -> Result<(), Failure> {
        let exchange = Exchange::Preflight;
        // The network stack reports a redirect before any header reaches the CORS code.
        if let Some(location) = response.redirect_location() {
            self.step(
                exchange,
                CheckKind::Redirect,
                false,
                format!(
                    "status {} redirects to {location}; preflights are never redirected",
                    response.status
                ),
                response.header_pairs("Location"),
            );
            let fix = fix::no_redirect(&self.plan.request().url, &location);
            return Err(self.failure(CorsErrorKind::PreflightDisallowedRedirect, "", fix));
        }
        self.access(exchange, response)?;
        if !fetch::is_ok_status(response.status) {
            self.step(
                exchange,
                CheckKind::Status,
                false,
                format!("{} is not an ok status (200-299)", response.status),
                Vec::new(),
            );
            return Err(self.failure(
                CorsErrorKind::PreflightInvalidStatus,
                "",
                fix::ok_status(response.status),
            ));
        }
        self.step(
            exchange,
            CheckKind::Status,
            true,
            format!("{} is an ok status", response.status),
            Vec::new(),
        );
        let allowed_methods = self.parse_list(response, CheckKind::AllowMethods, false)?;
        let allowed_headers = self.parse_list(response, CheckKind::AllowHeaders, true)?;
        self.check_method(response, &allowed_methods)?;
        self.check_headers(response, &allowed_headers)?;
        self.warn_about_max_age(response);
        Ok(())
    }

    /// Parses `Access-Control-Allow-Methods` or `-Headers` like Chromium: all lines joined,
    /// split on commas, empty elements skipped, every element a token.
    fn parse_list(
        &mut self,
        response: &Response,
        check: CheckKind,
        lower_case: bool,
    ) -> Result<Vec<String>, Failure> {
        let (header, kind) = match check {
            CheckKind::AllowMethods => (
                "Access-Control-Allow-Methods",
                CorsErrorKind::InvalidAllowMethodsPreflightResponse,
            ),
            _ => (
                "Access-Control-Allow-Headers",
                CorsErrorKind::InvalidAllowHeadersPreflightResponse,
            ),
        };
        let items: Vec<&str> = response.header_list(header).collect();
        let Some(invalid) = items.iter().find(|item| !is_token(item)) else {
            return Ok(items
                .iter()
                .map(|item| match lower_case {
                    true => item.to_ascii_lowercase(),
                    false => (*item).to_owned(),
                })
                .collect());
        };
        self.step(
            Exchange::Preflight,
            check,
            false,
            format!("cannot be parsed: '{invalid}' is not a token (separate items with commas)"),
            response.header_pairs(header),
        );
        let valid: Vec<String> = items
            .iter()
            .flat_map(|item| item.split([' ', '\t']))
            .filter(|item| is_token(item))
            .map(ToOwned::to_owned)
            .collect();
        Err(self.failure(kind, "", fix::parsable_list(header, &valid, invalid)))
    }

    /// The method must be safelisted, listed byte for byte, or covered by `*` without
    /// credentials.
    fn check_method(&mut self, response: &Response, allowed: &[String]) -> Result<(), Failure> {
        let request = self.plan.request();
        let method = request.method.as_str();
        let headers = response.header_pairs("Access-Control-Allow-Methods");
        let wildcard = allowed.iter().any(|item| item == "*");
        let detail = if fetch::is_cors_safelisted_method(method.as_bytes()) {
            Some(format!("{method} is CORS-safelisted: always allowed"))
        } else if allowed.iter().any(|item| item == method) {
            Some(format!("{method} is listed"))
        } else if wildcard && !request.credentials {
            Some(format!("`*` covers {method} (the call has no credentials)"))
        } else {
            None
        };
        if let Some(detail) = detail {
            self.step(Exchange::Preflight, CheckKind::AllowMethods, true, detail, headers);
            return Ok(());
        }
        let detail = if let Some(other_case) =
            allowed.iter().find(|item| item.eq_ignore_ascii_case(method))
        {
            format!("{method} is not listed: '{other_case}' is, but methods are case-sensitive")
        } else if wildcard {
            format!("{method} is not listed, and `*` does not count for a call with credentials")
        } else {
            format!("{method} is not listed")
        };
        self.step(Exchange::Preflight, CheckKind::AllowMethods, false, detail, headers);
        Err(self.failure(
            CorsErrorKind::MethodDisallowedByPreflightResponse,
            method,
            fix::allow_method(self.plan, allowed),
        ))
    }

    /// Every unsafe request-header name must be listed (case-insensitively) or covered by `*`,
    /// which counts only without credentials. The Fetch standard says `*` never covers
    /// `Authorization`, but Chromium does not enforce that: its
    /// `kCorsNonWildcardRequestHeadersSupport` is off by default, and the browser suite's case
    /// `wildcard_request_headers_cover_authorization_in_chromium` shows Chromium 156 allowing
    /// the call. So that is a warning, not a refusal.
    fn check_headers(&mut self, response: &Response, allowed: &[String]) -> Result<(), Failure> {
        let names = self.plan.unsafe_header_names();
        if names.is_empty() {
            return Ok(());
        }
        let credentials = self.plan.request().credentials;
        let wildcard = allowed.iter().any(|item| item == "*");
        let is_allowed = |name: &String| allowed.contains(name) || (wildcard && !credentials);
        let missing: Vec<String> = names.iter().filter(|name| !is_allowed(name)).cloned().collect();
        let authorization_by_wildcard = wildcard
            && !credentials
            && names.iter().any(|name| name == "authorization")
            && !allowed.iter().any(|name| name == "authorization");
        if authorization_by_wildcard && missing.is_empty() {
            self.warn(
                WarningKind::AuthorizationCoveredByWildcard,
                "only `*` in Access-Control-Allow-Headers lets Authorization through: Chromium \
                 and Firefox accept that today, but the Fetch standard says `*` never covers \
                 Authorization and browsers are moving to it; list Authorization by name \
                 (add \"Authorization\" to `headers`)"
                    .to_owned(),
            );
        }
        let headers = response.header_pairs("Access-Control-Allow-Headers");
        let Some(first_missing) = missing.first() else {
            let detail = format!("{} allowed", names.join(", "));
            self.step(Exchange::Preflight, CheckKind::AllowHeaders, true, detail, headers);
            return Ok(());
        };
        let mut detail = format!("not listed: {}", missing.join(", "));
        if wildcard {
            detail.push_str("; `*` does not count for a call with credentials");
        }
        self.step(Exchange::Preflight, CheckKind::AllowHeaders, false, detail, headers);
        Err(self.failure(
            CorsErrorKind::HeaderDisallowedByPreflightResponse,
            first_missing,
            fix::allow_headers(self.plan, allowed, &missing),
        ))
    }

    fn warn_about_max_age(&mut self, response: &Response) {
        let Some(max_age) = response.header("Access-Control-Max-Age") else {
            return;
        };
        match max_age.parse::<i64>() {
            Ok(seconds) if seconds > CHROMIUM_MAX_AGE_CAP_SECONDS as i64 => self.warn(
                WarningKind::MaxAgeAboveChromiumCap,
                format!(
                    "Access-Control-Max-Age: {seconds} is above what browsers keep (Chromium \
                     {CHROMIUM_MAX_AGE_CAP_SECONDS} s, Firefox 86400 s, Safari 600 s); send at \
                     most {CHROMIUM_MAX_AGE_CAP_SECONDS} (`max_age = {CHROMIUM_MAX_AGE_CAP_SECONDS}`)"
                ),
            ),
            Ok(_) => {}
            Err(_) => self.warn(
                WarningKind::MaxAgeInvalid,
                format!(
                    "Access-Control-Max-Age: '{max_age}' is not a number of seconds, so browsers \
                     cache the preflight for 5 s only"
                ),
            ),
        }
    }

    /// A response whose `Access-Control-Allow-Origin` names an origin differs by origin; without
    /// `Vary: Origin` a cache can hand one origin's response to another (or a response without
    /// the header to a CORS request).
    fn warn_if_vary_origin_is_missing(&mut self, actual: &Response) {
        let names_an_origin = actual
            .header("Access-Control-Allow-Origin")
            .is_some_and(|allow_origin| allow_origin != "*");
        let varies_by_origin =
            actual.header_lines("Vary").any(|line| fetch::vary_covers_origin(line.as_bytes()));
        if names_an_origin && !varies_by_origin {
            self.warn(
                WarningKind::MissingVaryOrigin,
                "the response names the origin in Access-Control-Allow-Origin but lacks \
                 `Vary: Origin`, so a shared cache may serve it to another origin; append \
                 `Vary: Origin` (#[cors] does)"
                    .to_owned(),
            );
        }
    }

    fn warn_if_any_origin_is_granted(&mut self, probe: &Response) {
        if probe.header("Access-Control-Allow-Origin").as_deref() != Some(FOREIGN_PROBE_ORIGIN) {
            return;
        }
        let with_credentials =
            probe.header("Access-Control-Allow-Credentials").as_deref() == Some("true");
        let consequence = if with_credentials {
            "together with `Access-Control-Allow-Credentials: true`, any website can read this \
             endpoint with the visitor's cookies"
        } else {
            "the origin check grants every site"
        };
        self.warn(
            WarningKind::ReflectsAnyOrigin,
            format!(
                "the server also granted the unrelated origin {FOREIGN_PROBE_ORIGIN}: it echoes \
                 Origin without checking it; {consequence}. List the allowed origins instead"
            ),
        );
    }
}

/// The kind Chromium reports for an access-check failure on this response.
fn on_exchange(kind: CorsErrorKind, exchange: Exchange) -> CorsErrorKind {
    match exchange {
        Exchange::Preflight => kind.on_preflight(),
        Exchange::Actual | Exchange::ForeignOriginProbe | Exchange::RefusalProbe(_) => kind,
    }
}

/// Explains the usual near misses between an allowed origin and the page's origin.
fn mismatch_detail(allowed: &str, origin: &str) -> String {
    let reason = if allowed.trim_end_matches('/') == origin {
        "; an origin has no trailing slash or path"
    } else if allowed.eq_ignore_ascii_case(origin) {
        "; origins are compared byte for byte, in lower case"
    } else {
        ""
    };
    format!("'{allowed}' is not the page's origin '{origin}'{reason}")
}

/// Whether Chromium's URL parser would accept the value (then a wrong origin is a mismatch,
/// otherwise an invalid value): a scheme, and for the schemes with hosts, a plausible host.
fn is_url(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else {
        return false;
    };
    if !is_scheme(scheme) || value.chars().any(|character| character.is_ascii_control()) {
        return false;
    }
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https" | "ws" | "wss" | "ftp") {
        return true;
    }
    let authority = rest.trim_start_matches('/').split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    !host.is_empty()
        && host
            .chars()
            .all(|character| character.is_ascii_alphanumeric() || "-._[]:%".contains(character))
}

#[cfg(test)]
mod tests;
