//! Whether a refused origin looks like someone probing the policy rather than a page the
//! policy forgot: `null`, `*`, bytes no browser sends as an origin, and look-alikes of an origin
//! the policy allows (or of another refused one): `https://myapp.com.evil.net`,
//! `https://myapp-com.evil.net`, `https://evilmyapp.com`, `https://rnyapp.com`,
//! `http://myapp.com` beside `https://myapp.com`. CORS scanners send exactly these.

pub use cors_rules::LookAlike;
use cors_rules::{AllowedOrigin, Origin, look_alike};

use super::value::LoggedValue;

/// Why a refused origin is not taken for a page the policy forgot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Suspicion {
    /// `null`: sandboxed documents, `file:` pages and redirected calls; never listed.
    Null,
    /// `*`, which no browser sends.
    Wildcard,
    /// Not an origin as browsers serialize one: a path, upper case, a default port written
    /// out, bytes beyond printable ASCII, or a value the log cut.
    NotAnOrigin,
    /// Close to `of`, an origin the policy allows or another refused one, in the way `how`.
    LookAlike {
        /// The origin it imitates.
        of: String,
        /// How.
        how: LookAlike,
    },
}

impl Suspicion {
    /// The name in JSON documents.
    pub fn as_str(&self) -> &'static str {
        match self {
            Suspicion::Null => "null",
            Suspicion::Wildcard => "wildcard",
            Suspicion::NotAnOrigin => "not-an-origin",
            Suspicion::LookAlike { .. } => "look-alike",
        }
    }
}

/// `origin` as an origin a policy can list: exact, and written as browsers write it.
pub(super) fn listable_origin(origin: &LoggedValue) -> Option<Origin> {
    let text = origin.as_printable()?;
    match cors_rules::parse_origin(text) {
        Ok(AllowedOrigin::Exact(parsed)) if parsed.to_string() == text => Some(parsed),
        _ => None,
    }
}

/// The origin an allowed entry (an origin or a pattern) names, to compare refused ones with.
pub(super) fn reference(allowed: &str) -> Option<Origin> {
    cors_rules::imitable(allowed)
}

/// Whether `origin`, refused, looks like probing rather than a page the policy forgot, given
/// the origins it may imitate.
pub(super) fn suspicion(origin: &LoggedValue, references: &[Origin]) -> Option<Suspicion> {
    match origin.bytes() {
        b"null" => return Some(Suspicion::Null),
        b"*" => return Some(Suspicion::Wildcard),
        _ => {}
    }
    let Some(origin) = listable_origin(origin) else { return Some(Suspicion::NotAnOrigin) };
    references.iter().find_map(|reference| {
        look_alike(&origin, reference)
            .map(|how| Suspicion::LookAlike { of: reference.to_string(), how })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suspicion_of(origin: &str, allowed: &[&str]) -> Option<Suspicion> {
        let references: Vec<Origin> = allowed.iter().filter_map(|entry| reference(entry)).collect();
        suspicion(&LoggedValue::new(origin), &references)
    }

    /// Which hosts imitate which is `cors_rules::look_alike`'s (tested there); here, that every
    /// allowed entry is a reference, a pattern's base included, and that others are not probes.
    #[test]
    fn look_alikes_of_any_allowed_origin_or_patterns_base_are_probes() {
        let allowed = ["https://partner.example", "https://*.myapp.com", "http://localhost:5173"];
        assert_eq!(
            suspicion_of("https://myapp.com.evil.net", &allowed),
            Some(Suspicion::LookAlike {
                of: "https://myapp.com".to_owned(),
                how: LookAlike::Extended
            })
        );
        assert_eq!(
            suspicion_of("http://partner.example", &allowed),
            Some(Suspicion::LookAlike {
                of: "https://partner.example".to_owned(),
                how: LookAlike::Downgraded
            })
        );
        for origin in ["https://staging.myapp.com", "https://yourapp.com", "http://localhost:3000"]
        {
            assert_eq!(suspicion_of(origin, &allowed), None, "{origin}");
        }
    }

    #[test]
    fn values_no_browser_sends_as_an_origin_are_probes() {
        assert_eq!(suspicion_of("null", &[]), Some(Suspicion::Null));
        assert_eq!(suspicion_of("*", &[]), Some(Suspicion::Wildcard));
        for not_an_origin in [
            "https://app.example/",
            "HTTPS://app.example",
            "https://app.example:443",
            "file://",
            "https://*.example",
            "https://app.example\u{202e}",
            "",
        ] {
            assert_eq!(
                suspicion_of(not_an_origin, &[]),
                Some(Suspicion::NotAnOrigin),
                "{not_an_origin}"
            );
        }
    }
}
