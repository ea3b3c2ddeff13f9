//! The preflight's checks after the access check: redirect, status, the two lists, the method,
//! the request headers, and the cache lifetime, in the order of the request's browser
//! (`Engine::preflight_checks`).

use cors_rules::fetch;

use super::Evaluation;
use crate::browser::{PreflightCheck, RefusedHeaderNamed};
use crate::fix;
use crate::message::CorsErrorKind;
use crate::response::Response;
use crate::safelist::is_token;
use crate::vocabulary::{Exchange, Failure, Finding, StepKind, Warning};

impl Evaluation<'_> {
    /// The preflight's checks in the browser's order; the first that fails is the one it reports.
    /// Chromium checks the access before the status, so a 404 without CORS headers reports the
    /// missing header; Safari reports the status first; Firefox checks the access even before a
    /// redirect.
    pub(super) fn preflight(&mut self, response: &Response) -> Result<(), Failure> {
        let (mut allowed_methods, mut allowed_headers) = (Vec::new(), Vec::new());
        for check in self.judge.engine().preflight_checks {
            match check {
                PreflightCheck::Redirect => self.check_redirect(response)?,
                PreflightCheck::Access => self.preflight_access(response)?,
                PreflightCheck::Status => self.check_status(response)?,
                PreflightCheck::ParseMethods => {
                    allowed_methods = self.parse_list(response, StepKind::AllowMethods, false)?;
                }
                PreflightCheck::ParseHeaders => {
                    allowed_headers = self.parse_list(response, StepKind::AllowHeaders, true)?;
                }
                PreflightCheck::Method => self.check_method(response, &allowed_methods)?,
                PreflightCheck::Headers => self.check_headers(response, &allowed_headers)?,
            }
        }
        self.warn_about_max_age(response);
        Ok(())
    }

    /// A preflight is never redirected (Chromium's network stack and WebKit's preflight checker
    /// refuse the redirect before any header reaches the CORS code).
    fn check_redirect(&mut self, response: &Response) -> Result<(), Failure> {
        let Some(location) = response.redirect_location() else {
            return Ok(());
        };
        self.step(
            Exchange::Preflight,
            StepKind::Redirect,
            false,
            Finding::PreflightRedirected { status: response.status, location: location.clone() },
            response.header_pairs("Location"),
        );
        let fix = fix::no_redirect(&self.plan.request().url, &location);
        Err(self.failure(CorsErrorKind::PreflightDisallowedRedirect, "", response, fix))
    }

    /// The access check on the preflight. An engine that checks it before the redirect (Firefox)
    /// names the header on a redirect, but sending it would not help: the fix stays the
    /// redirect's.
    fn preflight_access(&mut self, response: &Response) -> Result<(), Failure> {
        self.access(Exchange::Preflight, response).map_err(|mut failure| {
            if let Some(location) = response.redirect_location() {
                failure.fix = fix::no_redirect(&self.plan.request().url, &location);
            }
            failure
        })
    }

    /// The status must be 200-299. An engine that checks it first (Safari) reports a bare
    /// refusal as a bad status; the origin is then the usual cause, and the fix names both.
    fn check_status(&mut self, response: &Response) -> Result<(), Failure> {
        let status = response.status;
        if fetch::is_ok_status(status) {
            let detail = Finding::OkStatus { status };
            self.step(Exchange::Preflight, StepKind::Status, true, detail, Vec::new());
            return Ok(());
        }
        let detail = Finding::NotOkStatus { status };
        self.step(Exchange::Preflight, StepKind::Status, false, detail, Vec::new());
        let fix = match response.header("Access-Control-Allow-Origin") {
            Some(_) => fix::ok_status(status),
            None => fix::ok_status_and_allow_origin(self.plan, status),
        };
        Err(self.failure(CorsErrorKind::PreflightInvalidStatus, "", response, fix))
    }

    /// Parses `Access-Control-Allow-Methods` or `-Headers` as every engine does: all lines
    /// joined, split on commas, elements trimmed, empty ones skipped, every element a token.
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
            Finding::Unparsable { invalid: (*invalid).to_owned() },
            response.header_pairs(header),
        );
        let valid: Vec<String> = items
            .iter()
            .flat_map(|item| item.split([' ', '\t']))
            .filter(|item| is_token(item))
            .map(ToOwned::to_owned)
            .collect();
        Err(self.failure(kind, invalid, response, fix::parsable_list(header, &valid, invalid)))
    }

    /// The method must be safelisted, listed byte for byte, or covered by `*` without
    /// credentials.
    fn check_method(&mut self, response: &Response, allowed: &[String]) -> Result<(), Failure> {
        let request = self.plan.request();
        let method = request.method.as_str();
        let headers = response.header_pairs("Access-Control-Allow-Methods");
        let wildcard = allowed.iter().any(|item| item == "*");
        let method_owned = method.to_owned();
        let detail = if fetch::is_cors_safelisted_method(method.as_bytes()) {
            Some(Finding::MethodSafelisted { method: method_owned })
        } else if allowed.iter().any(|item| item == method) {
            Some(Finding::MethodListed { method: method_owned })
        } else if wildcard && !request.credentials {
            Some(Finding::MethodByWildcard { method: method_owned })
        } else {
            None
        };
        if let Some(detail) = detail {
            self.step(Exchange::Preflight, StepKind::AllowMethods, true, detail, headers);
            return Ok(());
        }
        let method_owned = method.to_owned();
        let detail = match allowed.iter().find(|item| item.eq_ignore_ascii_case(method)) {
            Some(listed) => {
                Finding::MethodInOtherCase { method: method_owned, listed: listed.clone() }
            }
            None => Finding::MethodNotListed { method: method_owned, wildcard_listed: wildcard },
        };
        self.step(Exchange::Preflight, StepKind::AllowMethods, false, detail, headers);
        Err(self.failure(
            CorsErrorKind::MethodDisallowedByPreflightResponse,
            method,
            response,
            fix::allow_method(self.plan, allowed),
        ))
    }

    /// Every unsafe request-header name must be listed (case-insensitively) or covered by `*`,
    /// which counts only without credentials. The Fetch standard says `*` never covers
    /// `Authorization`, but no engine enforces that yet (`Engine::authorization_by_wildcard`;
    /// the browser suite's case `wildcard_request_headers_cover_authorization_in_chromium`
    /// shows Chromium 156 allowing the call), so the verdict follows the engine and a warning
    /// says the standard does not.
    fn check_headers(&mut self, response: &Response, allowed: &[String]) -> Result<(), Failure> {
        let names = self.plan.unsafe_header_names();
        if names.is_empty() {
            return Ok(());
        }
        let request = self.plan.request();
        let engine = self.judge.engine();
        let wildcard = allowed.iter().any(|item| item == "*");
        let is_allowed =
            |name: &String| allowed.contains(name) || (wildcard && !request.credentials);
        let missing: Vec<String> = names.iter().filter(|name| !is_allowed(name)).cloned().collect();
        let authorization_by_wildcard = wildcard
            && !request.credentials
            && names.iter().any(|name| name == "authorization")
            && !allowed.iter().any(|name| name == "authorization");
        if authorization_by_wildcard && missing.is_empty() {
            self.warn(Warning::AuthorizationCoveredByWildcard { judge: self.judge });
        }
        let headers = response.header_pairs("Access-Control-Allow-Headers");
        let Some(first_missing) = missing.first() else {
            let detail = Finding::HeadersAllowed { names: names.to_vec() };
            self.step(Exchange::Preflight, StepKind::AllowHeaders, true, detail, headers);
            return Ok(());
        };
        let named = match engine.refused_header {
            RefusedHeaderNamed::FirstSorted | RefusedHeaderNamed::AnyOne => first_missing,
            RefusedHeaderNamed::FirstSet => request
                .headers
                .iter()
                .map(|(name, _)| name)
                .find(|name| missing.contains(&name.to_ascii_lowercase()))
                .unwrap_or(first_missing),
        };
        let names_any_one =
            engine.refused_header == RefusedHeaderNamed::AnyOne && missing.len() > 1;
        let detail = Finding::HeadersNotListed {
            missing: missing.clone(),
            wildcard_listed: wildcard,
            any_one_named_by: names_any_one.then_some(self.judge),
        };
        self.step(Exchange::Preflight, StepKind::AllowHeaders, false, detail, headers);
        Err(self.failure(
            CorsErrorKind::HeaderDisallowedByPreflightResponse,
            named,
            response,
            fix::allow_headers(self.plan, allowed, &missing, &[]),
        ))
    }

    /// How long the browser keeps this preflight, against what the server asked.
    fn warn_about_max_age(&mut self, response: &Response) {
        let Some(max_age) = response.header("Access-Control-Max-Age") else {
            return;
        };
        let judge = self.judge;
        let (cap, _) = judge.engine().max_age_cap;
        match max_age.parse::<i64>() {
            Ok(seconds) if seconds > cap as i64 => {
                self.warn(Warning::MaxAgeAboveCap { judge, seconds });
            }
            Ok(_) => {}
            Err(_) => self.warn(Warning::MaxAgeInvalid { judge, value: max_age }),
        }
    }
}
