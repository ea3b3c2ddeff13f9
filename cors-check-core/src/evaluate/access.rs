//! The access check (Chromium's `CheckAccess`, Gecko's `CheckRequestApproved`, WebKit's
//! `passesAccessControlCheck`), which the preflight and the actual response both go through.
//! The engines agree on what passes; how they name a failure is in `message`.

use super::Evaluation;
use crate::fix;
use crate::message::CorsErrorKind;
use crate::response::Response;
use crate::safelist::is_scheme;
use crate::vocabulary::{Exchange, Failure, Finding, OriginNearMiss, StepKind, Warning};

impl Evaluation<'_> {
    /// `Access-Control-Allow-Origin`, then for credentialed calls
    /// `Access-Control-Allow-Credentials`. Returns the kinds of the actual response; the preflight
    /// maps them to its own.
    pub(super) fn access(
        &mut self,
        exchange: Exchange,
        response: &Response,
    ) -> Result<(), Failure> {
        let request = self.plan.request();
        // `null` once a redirect tainted the request's origin.
        let origin = self.plan.origin_sent();
        let allow_origin = response.header("Access-Control-Allow-Origin");
        let headers = response.header_pairs("Access-Control-Allow-Origin");
        let outcome = match allow_origin.as_deref() {
            None => Err((
                CorsErrorKind::MissingAllowOriginHeader,
                Finding::MissingAllowOrigin {
                    status: response.status,
                    tainted: self.plan.hop().tainted,
                },
            )),
            Some("*") if request.credentials => {
                Err((CorsErrorKind::WildcardOriginNotAllowed, Finding::WildcardWithCredentials))
            }
            Some("*") => Ok(Finding::WildcardGrants),
            Some(value) if value == origin => Ok(Finding::OriginEquals),
            Some(value) if value.contains([' ', ',']) => {
                Err((CorsErrorKind::MultipleAllowOriginValues, Finding::SeveralOrigins))
            }
            Some(value) if value != "null" && !is_url(value) => {
                Err((CorsErrorKind::InvalidAllowOriginValue, Finding::NotAnOrigin))
            }
            Some(value) => Err((
                CorsErrorKind::AllowOriginMismatch,
                Finding::OriginMismatch {
                    allowed: value.to_owned(),
                    origin: origin.to_owned(),
                    near_miss: near_miss(value, origin),
                },
            )),
        };
        let allow_origin = allow_origin.unwrap_or_default();
        match outcome {
            Ok(detail) => self.step(exchange, StepKind::AllowOrigin, true, detail, headers),
            Err((kind, detail)) => {
                self.step(exchange, StepKind::AllowOrigin, false, detail, headers);
                let kind = on_exchange(kind, exchange);
                let fix = match origin {
                    "null" if self.plan.hop().tainted => fix::tainted_origin(self.plan),
                    _ => fix::allow_origin(kind, exchange, self.plan),
                };
                return Err(self.failure(kind, &allow_origin, response, fix));
            }
        }
        if allow_origin == "null" {
            self.warn(Warning::NullOriginAllowed);
        }
        let allow_credentials = response.header("Access-Control-Allow-Credentials");
        let credential_headers = response.header_pairs("Access-Control-Allow-Credentials");
        if !request.credentials {
            if allow_origin == "*" && allow_credentials.as_deref() == Some("true") {
                self.warn(Warning::WildcardWithCredentials);
            }
            return Ok(());
        }
        if allow_credentials.as_deref() == Some("true") {
            self.step(
                exchange,
                StepKind::AllowCredentials,
                true,
                Finding::CredentialsTrue,
                credential_headers,
            );
            return Ok(());
        }
        let value = allow_credentials.unwrap_or_default();
        self.step(
            exchange,
            StepKind::AllowCredentials,
            false,
            Finding::CredentialsNotTrue { value: value.clone() },
            credential_headers,
        );
        let kind = on_exchange(CorsErrorKind::InvalidAllowCredentials, exchange);
        Err(self.failure(kind, &value, response, fix::allow_credentials(exchange, self.plan)))
    }
}

/// The kind of an access-check failure on this response.
fn on_exchange(kind: CorsErrorKind, exchange: Exchange) -> CorsErrorKind {
    match exchange {
        Exchange::Preflight => kind.on_preflight(),
        Exchange::Actual => kind,
    }
}

/// The usual near misses between an allowed origin and the page's origin.
fn near_miss(allowed: &str, origin: &str) -> Option<OriginNearMiss> {
    if allowed.trim_end_matches('/') == origin {
        Some(OriginNearMiss::TrailingSlashOrPath)
    } else if allowed.eq_ignore_ascii_case(origin) {
        Some(OriginNearMiss::Case)
    } else {
        None
    }
}

/// Whether Chromium's URL parser would accept the value (then a wrong origin is a mismatch,
/// otherwise an invalid value): a scheme, and for the schemes with hosts, a plausible host and
/// port. GURL accepts `*` in a host (`url_canon_host.cc` maps it to `kEsc`, "valid but should
/// be escaped", crbug.com/1416013), so `https://*.example.com` is a mismatch, not an invalid
/// value.
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
    let host_and_port = authority.rsplit('@').next().unwrap_or_default();
    let (host, port) = match host_and_port.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((address, rest)) => (address, rest.strip_prefix(':').unwrap_or(rest)),
            None => ("", ""),
        },
        None => host_and_port.rsplit_once(':').unwrap_or((host_and_port, "")),
    };
    let port_is_valid = port.is_empty()
        || (port.bytes().all(|byte| byte.is_ascii_digit()) && port.parse::<u16>().is_ok());
    !host.is_empty()
        && port_is_valid
        && host.chars().all(|character| {
            character.is_ascii_alphanumeric() || "-._[]:%*!$&'()+;=`{}~".contains(character)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_detection_follows_chromiums_parser_loosely() {
        assert!(is_url("https://other.example"));
        assert!(is_url("ftp://files.example"));
        assert!(is_url("chrome-extension://abc"));
        assert!(!is_url("https://"));
        assert!(!is_url("app.example"));
        assert!(!is_url("https://app.example\0"));
        assert!(is_url("https://*.example.com"));
        assert!(is_url("http://[::1]:8080"));
        assert!(!is_url("https://app.example:99999"));
    }
}
