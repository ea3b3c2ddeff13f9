//! The access check (Chromium's `CheckAccess`, Gecko's `CheckRequestApproved`, WebKit's
//! `passesAccessControlCheck`), which the preflight and the actual response both go through.
//! The engines agree on what passes; how they name a failure is in `message`.

use super::Evaluation;
use crate::fix;
use crate::message::CorsErrorKind;
use crate::response::Response;
use crate::safelist::is_scheme;
use crate::vocabulary::{Exchange, Failure, StepKind, Warning};

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
                format!(
                    "no Access-Control-Allow-Origin (status {}): the server does not grant this \
                     origin{}, or does not answer CORS for this URL at all",
                    response.status,
                    if self.plan.hop().tainted { " (`null`, after the redirect)" } else { "" }
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
                "`true` lets the credentialed call through".to_owned(),
                credential_headers,
            );
            return Ok(());
        }
        let value = allow_credentials.unwrap_or_default();
        self.step(
            exchange,
            StepKind::AllowCredentials,
            false,
            format!("is '{value}', but a call with credentials needs exactly `true`"),
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
