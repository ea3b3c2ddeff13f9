use std::fmt;

/// One thing wrong with a CORS policy, in the words a developer needs.
///
/// `message` says what is wrong and, in one sentence, why it matters to a browser; `help` says
/// how to fix it, with the corrected text where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong, and why it matters.
    pub message: String,
    /// The fix.
    pub help: String,
}

impl Problem {
    pub(crate) fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Problem { message: message.into(), help: help.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\nhelp: {}", self.message, self.help)
    }
}

impl std::error::Error for Problem {}

/// A [`Problem`] and where it is: a token's span in the macro, an entry of an environment
/// variable at startup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<L> {
    /// Where the offending value was written.
    pub at: L,
    /// What is wrong with it.
    pub problem: Problem,
}
