//! The one front door: check a call as one engine or as all of them, over HTTP. The command
//! line, the tester page and the DevTools inputs (`explain`, `from-curl`) each build a
//! [`CheckOptions`] and go through [`check`]; they differ only in how they print the
//! [`Outcome`].

use std::fmt;
use std::time::Duration;

use cors_check_core::http::{HttpTransport, TransportError, Trust, resolve_host, validate_url};
use cors_check_core::{Browser, Check, Comparison, CorsRequest, Plan, Report, Verdict};

/// Which engines judge the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Judges {
    One(Browser),
    /// Chromium, Firefox and Safari, side by side where they differ.
    All,
}

impl Judges {
    /// `chromium`, `firefox`, `safari`, `webkit` or `all`, in any case.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        if text.eq_ignore_ascii_case("all") {
            return Ok(Judges::All);
        }
        text.parse().map(Judges::One).map_err(|error| format!("--browser: {error}, or all"))
    }
}

/// A call to check, and how.
pub(crate) struct CheckOptions {
    pub(crate) request: CorsRequest,
    pub(crate) judges: Judges,
    /// Whether the tester's own probes are sent (`--no-probe` turns them off).
    pub(crate) probes: bool,
    pub(crate) timeout: Duration,
    pub(crate) trust: Trust,
}

/// What the judges made of the call.
pub(crate) enum Outcome {
    One(Box<Report>),
    All(Comparison),
}

impl Outcome {
    pub(crate) fn verdict(&self) -> Verdict {
        match self {
            Outcome::One(report) => report.verdict(),
            Outcome::All(comparison) => comparison.verdict(),
        }
    }

    /// Whether the judges agree (one judge always does).
    pub(crate) fn agree(&self) -> bool {
        match self {
            Outcome::One(_) => true,
            Outcome::All(comparison) => comparison.agree(),
        }
    }

    /// Each judge's report.
    pub(crate) fn reports(&self) -> Vec<&Report> {
        match self {
            Outcome::One(report) => vec![report],
            Outcome::All(comparison) => {
                Browser::ALL.iter().filter_map(|browser| comparison.report(*browser)).collect()
            }
        }
    }

    /// The report as JSON, or the comparison's.
    pub(crate) fn to_json(&self) -> String {
        match self {
            Outcome::One(report) => report.to_json(),
            Outcome::All(comparison) => comparison.to_json(),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::One(report) => report.fmt(formatter),
            Outcome::All(comparison) => comparison.fmt(formatter),
        }
    }
}

/// Why no outcome came.
#[derive(Debug)]
pub(crate) enum CheckError {
    /// The call cannot be made as given (its URL, its origin, a header): a usage error.
    Refused(String),
    /// The server gave no answer that can be judged.
    Transport(TransportError),
}

impl fmt::Display for CheckError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckError::Refused(message) => formatter.write_str(message),
            CheckError::Transport(error) => error.fmt(formatter),
        }
    }
}

/// Sends what the browser sends for `options.request`, and judges the answers.
pub(crate) fn check(options: CheckOptions) -> Result<Outcome, CheckError> {
    let CheckOptions { request, judges, probes, timeout, trust } = options;
    validate_url(request.url()).map_err(|error| CheckError::Refused(error.to_string()))?;
    let request = match judges {
        Judges::One(browser) => request.with_browser(browser),
        Judges::All => request,
    };
    // The address the host resolves to tells a call into a private network (Local Network
    // Access), as the browser tells it.
    let request = match resolve_host(request.url()) {
        Some(address) => request.with_target_address(address),
        None => request,
    };
    let plan = Plan::new(request).map_err(|error| CheckError::Refused(error.to_string()))?;
    let check = if probes { Check::new(plan) } else { Check::new(plan).without_probes() };
    let transport = HttpTransport::trusting(timeout, trust);
    let send = |request: &_| transport.send(request);
    match judges {
        Judges::One(_) => check.run(send).map(|report| Outcome::One(Box::new(report))),
        Judges::All => check.compare(send).map(Outcome::All),
    }
    .map_err(CheckError::Transport)
}
