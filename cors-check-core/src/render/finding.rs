//! What a step found, in words.

use std::fmt;

use crate::vocabulary::{Finding, OriginNearMiss, OriginOnlyAnswer};

impl fmt::Display for Finding {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MixedContent { url } => write!(
                formatter,
                "the page is on https:, and {url} is http: on a host that is not loopback: the \
                 browser blocks it before sending anything"
            ),
            Self::SameOrigin { url, origin } => write!(
                formatter,
                "{url} is on the page's origin {origin}: CORS does not apply, the browser sends \
                 the call as it is and the page reads any answer"
            ),
            Self::MissingAllowOrigin { status, tainted } => write!(
                formatter,
                "no Access-Control-Allow-Origin (status {status}): the server does not grant this \
                 origin{}, or does not answer CORS for this URL at all",
                if *tainted { " (`null`, after the redirect)" } else { "" }
            ),
            Self::WildcardWithCredentials => {
                formatter.write_str("`*` never grants a call with credentials")
            }
            Self::WildcardGrants => {
                formatter.write_str("`*` grants every origin (the call has no credentials)")
            }
            Self::OriginEquals => formatter.write_str("equals the page's origin"),
            Self::SeveralOrigins => formatter.write_str(
                "holds several values (several lines are joined with \", \"); exactly one origin \
                 is allowed",
            ),
            Self::NotAnOrigin => formatter.write_str("is neither `*` nor an origin"),
            Self::OriginMismatch { allowed, origin, near_miss } => {
                let reason = match near_miss {
                    Some(OriginNearMiss::TrailingSlashOrPath) => {
                        "; an origin has no trailing slash or path"
                    }
                    Some(OriginNearMiss::Case) => {
                        "; origins are compared byte for byte, in lower case"
                    }
                    None => "",
                };
                write!(formatter, "'{allowed}' is not the page's origin '{origin}'{reason}")
            }
            Self::CredentialsTrue => {
                formatter.write_str("`true` lets the credentialed call through")
            }
            Self::CredentialsNotTrue { value } => {
                write!(formatter, "is '{value}', but a call with credentials needs exactly `true`")
            }
            Self::PreflightRedirected { status, location } => write!(
                formatter,
                "status {status} redirects to {location}; preflights are never redirected"
            ),
            Self::OkStatus { status } => write!(formatter, "{status} is an ok status"),
            Self::NotOkStatus { status } => {
                write!(formatter, "{status} is not an ok status (200-299)")
            }
            Self::Unparsable { invalid } => write!(
                formatter,
                "cannot be parsed: '{invalid}' is not a token (separate items with commas)"
            ),
            Self::MethodSafelisted { method } => {
                write!(formatter, "{method} is CORS-safelisted: always allowed")
            }
            Self::MethodListed { method } => write!(formatter, "{method} is listed"),
            Self::MethodByWildcard { method } => {
                write!(formatter, "`*` covers {method} (the call has no credentials)")
            }
            Self::MethodInOtherCase { method, listed } => write!(
                formatter,
                "{method} is not listed: '{listed}' is, but methods are case-sensitive"
            ),
            Self::MethodNotListed { method, wildcard_listed: true } => write!(
                formatter,
                "{method} is not listed, and `*` does not count for a call with credentials"
            ),
            Self::MethodNotListed { method, wildcard_listed: false } => {
                write!(formatter, "{method} is not listed")
            }
            Self::HeadersAllowed { names } => write!(formatter, "{} allowed", names.join(", ")),
            Self::HeadersNotListed { missing, wildcard_listed, any_one_named_by } => {
                write!(formatter, "not listed: {}", missing.join(", "))?;
                if *wildcard_listed {
                    formatter.write_str("; `*` does not count for a call with credentials")?;
                }
                if let (Some(browser), Some(first)) = (any_one_named_by, missing.first()) {
                    write!(
                        formatter,
                        "; {} names any one of them in its message (its header map has no \
                         order), not necessarily {first}",
                        browser.name()
                    )?;
                }
                Ok(())
            }
            Self::RedirectFollowed { status, method, url, taints_origin } => {
                write!(formatter, "{status}: the browser follows it with {method} {url}")?;
                if *taints_origin {
                    formatter.write_str(
                        ", from `Origin: null`: the redirect went from one origin other than the \
                         page's to another",
                    )?;
                }
                Ok(())
            }
            Self::RedirectNotFollowed { status, location } => {
                write!(formatter, "{status} to {location}: not followed by cors-check")
            }
            Self::RedirectWithCredentials { status, location } => write!(
                formatter,
                "{status} to {location}: a URL with a user name or password, which the browser \
                 refuses to follow in a cross-origin call"
            ),
            Self::TooManyRedirects { status } => write!(
                formatter,
                "{status}: a 21st redirect, after which the browser gives up with a network error"
            ),
            Self::ProbeWithoutRequestHeaders { method, status, granted } => {
                write!(
                    formatter,
                    "the preflight without Access-Control-Request-Headers got {status}: "
                )?;
                match granted {
                    true => write!(
                        formatter,
                        "the origin and {method} are granted, so a request header is refused"
                    ),
                    false => write!(formatter, "still refused, so the origin or {method} is"),
                }
            }
            Self::ProbeWithOneRequestHeader { name, status, granted } => write!(
                formatter,
                "the preflight with only Access-Control-Request-Headers: {name} got {status}: \
                 {name} is {}",
                if *granted { "allowed" } else { "refused" }
            ),
            Self::ProbeOriginOnly { status, answer } => {
                let meaning = match answer {
                    OriginOnlyAnswer::Granted => "the origin is granted on this URL",
                    OriginOnlyAnswer::NotGranted => "the origin is not granted on this URL",
                    OriginOnlyAnswer::NoGetRoute => "nothing serves GET here, so it tells nothing",
                };
                write!(formatter, "GET with only Origin got {status}: {meaning}")
            }
        }
    }
}
