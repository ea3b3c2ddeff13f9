//! Chromium's CORS console messages, classified by their core sentence (and the one network
//! error a case expects, `net::ERR_TOO_MANY_REDIRECTS`).
//!
//! Chromium words a blocked call as (`cors_error_string.cc`; cors-spec.md §3):
//! `Access to fetch at '<url>' from origin '<origin>' has been blocked by CORS policy:
//! [Response to preflight request doesn't pass access control check: ]<sentence>[<hint>]`.
//! The trailing hints change between Chromium releases, so only the core sentence decides
//! the kind; the quoted subject (a method, a header name, a header value) is kept so a case
//! can say *which* header was refused.

use std::fmt;

const BLOCKED_MARKER: &str = "has been blocked by CORS policy: ";
const PREFLIGHT_PREFIX: &str = "Response to preflight request doesn't pass access control check: ";

/// Which response Chromium judged when it blocked the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The preflight `OPTIONS` response.
    Preflight,
    /// The response to the actual request.
    Actual,
}

/// The reasons Chromium gives for blocking a cross-origin call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    MissingAllowOrigin,
    WildcardOriginWithCredentials,
    MultipleAllowOriginValues,
    InvalidAllowOriginValue,
    AllowOriginMismatch,
    AllowCredentialsNotTrue,
    PreflightStatusNotOk,
    PreflightRedirected,
    UnparsableAllowMethods,
    UnparsableAllowHeaders,
    /// The subject is the method as the page sent it.
    MethodNotAllowed,
    /// The subject is the lower-cased request header name.
    HeaderNotAllowed,
    /// The subject is the redirect's location, as Chromium quotes it.
    RedirectContainsCredentials,
    /// Not a CORS message: the network error after the 20th redirect.
    TooManyRedirects,
}

impl Refusal {
    /// Method and header refusals, and the lists they are read from, come from the preflight
    /// but carry no preflight prefix.
    fn implies_preflight(self) -> bool {
        matches!(
            self,
            Self::MethodNotAllowed
                | Self::HeaderNotAllowed
                | Self::UnparsableAllowMethods
                | Self::UnparsableAllowHeaders
        )
    }
}

/// A classified CORS console message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsBlock {
    pub stage: Stage,
    pub refusal: Refusal,
    /// The method, header name or header value the sentence quotes, if it quotes one.
    pub subject: Option<String>,
}

impl CorsBlock {
    /// Classifies one browser log message. `None` when the message is not a CORS block
    /// (e.g. "Failed to load resource: net::ERR_FAILED"); `Err` with the sentence when it
    /// is a CORS block this table does not know, so a new Chromium wording fails loudly
    /// instead of matching nothing.
    pub fn classify(message: &str) -> Option<Result<Self, String>> {
        if message.ends_with("net::ERR_TOO_MANY_REDIRECTS") {
            let (stage, refusal) = (Stage::Actual, Refusal::TooManyRedirects);
            return Some(Ok(Self { stage, refusal, subject: None }));
        }
        let (_, sentence) = message.split_once(BLOCKED_MARKER)?;
        let (prefixed_stage, sentence) = match sentence.strip_prefix(PREFLIGHT_PREFIX) {
            Some(rest) => (Stage::Preflight, rest),
            None => (Stage::Actual, sentence),
        };
        let Some((refusal, subject)) = match_sentence(sentence) else {
            return Some(Err(sentence.to_owned()));
        };
        let stage = if refusal.implies_preflight() { Stage::Preflight } else { prefixed_stage };
        Some(Ok(Self { stage, refusal, subject }))
    }
}

/// Matches the core sentence and pulls out its quoted subject.
fn match_sentence(sentence: &str) -> Option<(Refusal, Option<String>)> {
    let fixed = [
        (
            "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            Refusal::MissingAllowOrigin,
        ),
        (
            "The value of the 'Access-Control-Allow-Origin' header in the response must not be \
             the wildcard '*' when the request's credentials mode is 'include'.",
            Refusal::WildcardOriginWithCredentials,
        ),
        ("It does not have HTTP ok status.", Refusal::PreflightStatusNotOk),
        ("Redirect is not allowed for a preflight request.", Refusal::PreflightRedirected),
        (
            "Cannot parse Access-Control-Allow-Methods response header field in preflight response.",
            Refusal::UnparsableAllowMethods,
        ),
        (
            "Cannot parse Access-Control-Allow-Headers response header field in preflight response.",
            Refusal::UnparsableAllowHeaders,
        ),
    ];
    if let Some((_, refusal)) = fixed.iter().find(|(text, _)| sentence.starts_with(text)) {
        return Some((*refusal, None));
    }

    // (text before the subject, text after it, refusal)
    let quoting = [
        (
            "The 'Access-Control-Allow-Origin' header contains multiple values '",
            "', but only one is allowed.",
            Refusal::MultipleAllowOriginValues,
        ),
        (
            "The 'Access-Control-Allow-Origin' header contains the invalid value '",
            "'.",
            Refusal::InvalidAllowOriginValue,
        ),
        (
            "The 'Access-Control-Allow-Origin' header has a value '",
            "' that is not equal to the supplied origin.",
            Refusal::AllowOriginMismatch,
        ),
        (
            "The value of the 'Access-Control-Allow-Credentials' header in the response is '",
            "' which must be 'true' when the request's credentials mode is 'include'.",
            Refusal::AllowCredentialsNotTrue,
        ),
        (
            "Method ",
            " is not allowed by Access-Control-Allow-Methods in preflight response.",
            Refusal::MethodNotAllowed,
        ),
        (
            "Request header field ",
            " is not allowed by Access-Control-Allow-Headers in preflight response.",
            Refusal::HeaderNotAllowed,
        ),
        (
            "Redirect location '",
            "' contains a username and password, which is disallowed for cross-origin requests.",
            Refusal::RedirectContainsCredentials,
        ),
    ];
    quoting.iter().find_map(|(before, after, refusal)| {
        let rest = sentence.strip_prefix(before)?;
        let (subject, _) = rest.split_once(after)?;
        Some((*refusal, Some(subject.to_owned())))
    })
}

impl fmt::Display for CorsBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} in the {:?} response", self.refusal, self.stage)?;
        if let Some(subject) = &self.subject {
            write!(f, " (naming `{subject}`)")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "http://app.example.test:47811/ - Access to fetch at \
                        'http://127.0.0.1:40000/a?case=x' from origin \
                        'http://app.example.test:47811' has been blocked by CORS policy: ";

    fn classify(sentence: &str) -> CorsBlock {
        CorsBlock::classify(&format!("{PAGE}{sentence}"))
            .expect("a CORS message")
            .expect("a known sentence")
    }

    #[test]
    fn preflight_prefix_sets_the_stage() {
        let block = classify(
            "Response to preflight request doesn't pass access control check: No \
             'Access-Control-Allow-Origin' header is present on the requested resource.",
        );
        assert_eq!(block.stage, Stage::Preflight);
        assert_eq!(block.refusal, Refusal::MissingAllowOrigin);
    }

    #[test]
    fn older_hint_suffixes_do_not_change_the_kind() {
        let block = classify(
            "No 'Access-Control-Allow-Origin' header is present on the requested resource. \
             If an opaque response serves your needs, set the request's mode to 'no-cors' to \
             fetch the resource with CORS disabled.",
        );
        assert_eq!(block.stage, Stage::Actual);
        assert_eq!(block.refusal, Refusal::MissingAllowOrigin);
    }

    #[test]
    fn header_refusal_names_the_header_and_counts_as_preflight() {
        let block = classify(
            "Request header field x-custom is not allowed by Access-Control-Allow-Headers in \
             preflight response.",
        );
        assert_eq!(block.stage, Stage::Preflight);
        assert_eq!(block.refusal, Refusal::HeaderNotAllowed);
        assert_eq!(block.subject.as_deref(), Some("x-custom"));
    }

    #[test]
    fn credentials_refusal_keeps_the_empty_value() {
        let block = classify(
            "The value of the 'Access-Control-Allow-Credentials' header in the response is '' \
             which must be 'true' when the request's credentials mode is 'include'.",
        );
        assert_eq!(block.refusal, Refusal::AllowCredentialsNotTrue);
        assert_eq!(block.subject.as_deref(), Some(""));
    }

    #[test]
    fn too_many_redirects_is_the_one_network_error_that_counts_as_a_block() {
        let line = "http://127.0.0.1:40000/a?case=x - Failed to load resource: \
                    net::ERR_TOO_MANY_REDIRECTS";
        let block = CorsBlock::classify(line).expect("a block").expect("a known block");
        assert_eq!(block.refusal, Refusal::TooManyRedirects);
    }

    #[test]
    fn unknown_cors_sentence_is_an_error_and_other_messages_are_ignored() {
        let unknown = CorsBlock::classify(&format!("{PAGE}A sentence from the future."));
        assert_eq!(unknown, Some(Err("A sentence from the future.".to_owned())));
        let network = "http://127.0.0.1:40000/a?case=x - Failed to load resource: net::ERR_FAILED";
        assert_eq!(CorsBlock::classify(network), None);
    }
}
