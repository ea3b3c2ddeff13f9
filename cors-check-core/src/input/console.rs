//! A pasted console error, read back into the call it reports: what the line names, what it
//! implies (a preflight means a method or a header beyond the simple ones; the credentials
//! kinds mean `credentials: 'include'`), and the flags for what it leaves open.

use cors_rules::fetch::is_token;

use super::{InputError, Note, Open, Recovered};
use crate::message::MAX_CONSOLE_ERROR_BYTES;
use crate::message::{ConsoleError, CorsErrorKind};

/// A console error and the call it reports.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Explanation {
    /// What the line says.
    pub error: ConsoleError,
    /// The call, as far as the line tells it.
    pub call: Recovered,
}

/// Reads a pasted console error into the call it reports.
///
/// # Errors
///
/// Text over [`MAX_CONSOLE_ERROR_BYTES`], or without a CORS error of an engine's console.
///
/// ```
/// use cors_check_core::input::explain;
///
/// let explanation = explain(
///     "Access to fetch at 'https://api.example/me' from origin 'https://app.example' has been \
///      blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the \
///      response must not be the wildcard '*' when the request's credentials mode is 'include'.",
/// )?;
/// let request = explanation.call.request().unwrap();
/// assert!(request.credentials());
/// assert_eq!(request.url(), "https://api.example/me");
/// # Ok::<(), cors_check_core::input::InputError>(())
/// ```
pub fn explain(text: &str) -> Result<Explanation, InputError> {
    if text.len() > MAX_CONSOLE_ERROR_BYTES {
        return Err(InputError::ConsoleErrorTooLong { bytes: text.len() });
    }
    let error = super::read_console_error(text).ok_or(InputError::NotAConsoleError)?;
    let mut call = recover(&error);
    if let Some(method) = error.url.as_deref().and_then(|url| network_line_method(text, url))
        && call.method.is_none()
    {
        call.notes.retain(|note| !note.leaves_open().contains(&Open::Method));
        call.notes.push(Note::MethodFromNetworkLine { method: method.clone() });
        call.method = Some(method);
    }
    Ok(Explanation { error, call })
}

/// The method of Chromium's network line for `url`, pasted with the CORS line:
/// `PUT https://api.example/items net::ERR_FAILED` (the method of the call, also when its
/// preflight failed).
fn network_line_method(text: &str, url: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(3).find_map(|window| {
        let [method, line_url, error] = window else { return None };
        (*line_url == url && error.starts_with("net::ERR_") && is_token(method))
            .then(|| (*method).to_owned())
    })
}

fn recover(error: &ConsoleError) -> Recovered {
    use CorsErrorKind::*;
    let mut call = Recovered {
        url: error.url.clone(),
        origin: error.origin.clone(),
        browser: error.browser,
        ..Recovered::default()
    };
    let only = |kinds: &[CorsErrorKind]| {
        !error.kinds.is_empty() && error.kinds.iter().all(|kind| kinds.contains(kind))
    };
    let value = error.value.clone().unwrap_or_default();
    if only(&[MethodDisallowedByPreflightResponse]) && !value.is_empty() {
        call.method = Some(value.clone());
    }
    if only(&[HeaderDisallowedByPreflightResponse]) && !value.is_empty() {
        call.headers.push((value.clone(), "1".to_owned()));
        call.notes.push(Note::HeaderValueUnknown { name: value.clone() });
    }
    let preflighted =
        !error.kinds.is_empty() && error.kinds.iter().all(|kind| implies_preflight(*kind));
    if preflighted && call.method.is_none() && call.headers.is_empty() {
        call.notes.push(Note::PreflightCauseUnknown);
    } else if call.method.is_none() {
        call.notes.push(Note::MethodUnknown);
    }
    if only(&[
        WildcardOriginNotAllowed,
        PreflightWildcardOriginNotAllowed,
        InvalidAllowCredentials,
        PreflightInvalidAllowCredentials,
    ]) {
        call.credentials = Some(true);
    } else {
        call.notes.push(Note::CredentialsUnknown);
    }
    if error.kinds.is_empty() {
        call.notes.push(Note::ReasonNotJudged { browser: error.browser });
    }
    call
}

/// Whether only a preflighted call can fail so.
fn implies_preflight(kind: CorsErrorKind) -> bool {
    kind.is_preflight_error()
        || matches!(
            kind,
            CorsErrorKind::MethodDisallowedByPreflightResponse
                | CorsErrorKind::HeaderDisallowedByPreflightResponse
                | CorsErrorKind::InvalidAllowMethodsPreflightResponse
                | CorsErrorKind::InvalidAllowHeadersPreflightResponse
        )
}

impl Explanation {
    /// The kinds the line stands for, in words: `AllowOriginMismatch or InvalidAllowOriginValue
    /// (on the preflight or on the call)` when the line does not tell the two apart.
    pub fn reason(&self) -> String {
        let kinds = &self.error.kinds;
        if kinds.is_empty() {
            return "a reason cors-check does not judge".to_owned();
        }
        // Each kind of the call with its twin on the preflight, and no other.
        let twins = kinds.iter().any(|kind| !kind.is_preflight_error())
            && kinds.iter().all(|kind| match kind.is_preflight_error() {
                true => kinds.iter().any(|call| call.on_preflight() == *kind && call != kind),
                false => kind.on_preflight() != *kind && kinds.contains(&kind.on_preflight()),
            });
        if !twins {
            return kinds.iter().map(|kind| kind.as_str()).collect::<Vec<_>>().join(" or ");
        }
        let calls: Vec<&str> = kinds
            .iter()
            .filter(|kind| !kind.is_preflight_error())
            .map(|kind| kind.as_str())
            .collect();
        format!("{} (on the preflight or on the call)", calls.join(" or "))
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use cors_test_support::hostile;

    use super::*;

    /// Text up to the cap in the shapes that made the matcher backtrack (each took seconds in a
    /// release build, the time growing with the square of the length) is read at once: matching
    /// is linear in the text's length, so the cap is not the only defence.
    #[test]
    fn hostile_repetitions_up_to_the_cap_are_read_at_once() {
        let repeat = |unit: fn(usize) -> String| unit(MAX_CONSOLE_ERROR_BYTES / unit(1).len());
        for text in [
            repeat(hostile::console_of_repeated_frames),
            repeat(hostile::console_of_many_quotes),
            repeat(hostile::console_of_unfinished_reasons),
        ] {
            assert!(text.len() <= MAX_CONSOLE_ERROR_BYTES);
            let start = Instant::now();
            let error = explain(&text).ok().map(|explanation| explanation.error);
            let elapsed = start.elapsed();
            assert!(elapsed < Duration::from_secs(2), "{elapsed:?} for {}", &text[..40]);
            assert!(error.as_ref().is_none_or(|error| error.kinds.is_empty()), "{error:?}");
        }
    }

    #[test]
    fn text_past_the_cap_is_refused_unread() {
        // The review's text, which took 54 s to match in a release build.
        let error = explain(&hostile::console_of_repeated_frames(8_000)).unwrap_err();
        assert_eq!(error, InputError::ConsoleErrorTooLong { bytes: 312000 });
    }
}
