//! Chromium's preflight checks after the access check: status, the two lists, the method, the
//! request headers, and the cache lifetime.

use cors_rules::fetch;

use super::Evaluation;
use crate::fix;
use crate::message::CorsErrorKind;
use crate::response::Response;
use crate::safelist::is_token;
use crate::vocabulary::{Exchange, Failure, StepKind, WarningKind};

/// Chromium's cap on `Access-Control-Max-Age` (`preflight_result.cc`, `kMaxTimeout`).
const CHROMIUM_MAX_AGE_CAP_SECONDS: u64 = 7200;

impl Evaluation<'_> {
    /// Chromium's preflight checks, in its order: redirect, access check (before the status, so
    /// a 404 without CORS headers reports the missing header), status, parsing of both lists,
    /// method, headers.
    pub(super) fn preflight(&mut self, response: &Response) -> Result<(), Failure> {
        let exchange = Exchange::Preflight;
        // The network stack reports a redirect before any header reaches the CORS code.
        if let Some(location) = response.redirect_location() {
            self.step(
                exchange,
                StepKind::Redirect,
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
                StepKind::Status,
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
            StepKind::Status,
            true,
            format!("{} is an ok status", response.status),
            Vec::new(),
        );
        let allowed_methods = self.parse_list(response, StepKind::AllowMethods, false)?;
        let allowed_headers = self.parse_list(response, StepKind::AllowHeaders, true)?;
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
        step: StepKind,
        lower_case: bool,
    ) -> Result<Vec<String>, Failure> {
        let (header, kind) = match step {
            StepKind::AllowMethods => (
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
            step,
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
            self.step(Exchange::Preflight, StepKind::AllowMethods, true, detail, headers);
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
        self.step(Exchange::Preflight, StepKind::AllowMethods, false, detail, headers);
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
            self.step(Exchange::Preflight, StepKind::AllowHeaders, true, detail, headers);
            return Ok(());
        };
        let mut detail = format!("not listed: {}", missing.join(", "));
        if wildcard {
            detail.push_str("; `*` does not count for a call with credentials");
        }
        self.step(Exchange::Preflight, StepKind::AllowHeaders, false, detail, headers);
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
}
