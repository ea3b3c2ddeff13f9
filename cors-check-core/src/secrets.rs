//! What cors-check never prints unless the user asks (`--show-secrets`,
//! [`CorsRequest::with_secrets_shown`](crate::CorsRequest::with_secrets_shown)): the cookie
//! given, and the value of every header that carries a credential. Reports and command lines
//! are pasted into issues and CI logs; the request still sends every value.

use std::fmt;

/// Printed in place of a secret value.
pub(crate) const HIDDEN: &str = "<secret>";

/// Parts of a header name, compared without case, that make its value a credential:
/// `Authorization` and `Proxy-Authorization`, `Cookie`, and the API keys, tokens, sessions and
/// passwords of custom headers (`X-Api-Key`, `X-Auth-Token`, `X-Session-Id`, `X-CSRF-Token`).
/// A name matched by mistake costs one hidden value; a credential missed would be printed.
const CREDENTIAL_NAME_PARTS: [&str; 7] =
    ["auth", "cookie", "token", "key", "secret", "session", "password"];

/// Whether a header named `name` carries a credential.
pub(crate) fn is_credential_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    CREDENTIAL_NAME_PARTS.iter().any(|part| name.contains(part))
}

/// Whether secret values are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) enum Secrets {
    /// Printed as [`HIDDEN`] (the default).
    #[default]
    Hidden,
    /// Printed as they are: the user asked.
    Shown,
}

impl Secrets {
    /// `value`, a secret as a whole (a cookie, a password), as printed.
    pub(crate) fn value(self, value: &str) -> &str {
        match self {
            Secrets::Hidden => HIDDEN,
            Secrets::Shown => value,
        }
    }

    /// The value of a header named `name` as printed.
    pub(crate) fn header_value<'a>(self, name: &str, value: &'a str) -> &'a str {
        if is_credential_header(name) { self.value(value) } else { value }
    }
}

/// Header lines for a `Debug` output, credentials hidden: a derived `Debug` would print them
/// into logs and panic messages.
pub(crate) struct DebugHeaders<'a>(pub &'a [(String, String)]);

impl fmt::Debug for DebugHeaders<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines =
            self.0.iter().map(|(name, value)| (name, Secrets::Hidden.header_value(name, value)));
        formatter.debug_list().entries(lines).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_headers_are_told_by_their_name() {
        for name in [
            "Authorization",
            "proxy-authorization",
            "Cookie",
            "X-Api-Key",
            "x-auth-token",
            "X-CSRF-Token",
            "X-Session-Id",
            "X-Client-Secret",
            "X-Password",
        ] {
            assert!(is_credential_header(name), "{name}");
            assert_eq!(Secrets::Hidden.header_value(name, "s3cr3t"), HIDDEN, "{name}");
            assert_eq!(Secrets::Shown.header_value(name, "s3cr3t"), "s3cr3t", "{name}");
        }
        for name in ["Content-Type", "Accept", "X-Request-Id", "Origin"] {
            assert!(!is_credential_header(name), "{name}");
            assert_eq!(Secrets::Hidden.header_value(name, "v"), "v", "{name}");
        }
    }
}
