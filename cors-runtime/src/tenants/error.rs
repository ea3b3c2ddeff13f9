//! A refused update of a [`TenantOrigins`](super::TenantOrigins): every problem with its fix,
//! listed up to a cap and counted past it.

use std::fmt;

use cors_rules::fetch::MAX_ORIGIN_LEN;

/// An error lists at most this many problems, and counts the others.
const MAX_LISTED_PROBLEMS: usize = 100;

/// Why an update of a [`TenantOrigins`](super::TenantOrigins) was refused: every problem, each with its fix. Nothing
/// of the update was applied; the previous origins stay in force.
#[derive(Clone, PartialEq, Eq)]
pub struct TenantUpdateError {
    problems: Vec<TenantProblem>,
    /// Problems found past the ones listed.
    unlisted: usize,
}

/// One problem of a refused update.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TenantProblem {
    /// The tenant, if the problem is one tenant's.
    pub tenant: Option<String>,
    /// The origin as given (cut at [`MAX_ORIGIN_LEN`] bytes), if the problem is one origin's.
    pub origin: Option<String>,
    /// What is wrong, in the words the compiler uses for a written origin.
    pub message: String,
    /// The fix.
    pub help: String,
}

impl TenantUpdateError {
    /// The problems found (at most 100; [`fmt::Display`] counts the others).
    #[must_use]
    pub fn problems(&self) -> &[TenantProblem] {
        &self.problems
    }

    /// How many problems were found, listed or not.
    #[must_use]
    pub fn count(&self) -> usize {
        self.problems.len() + self.unlisted
    }
}

impl fmt::Display for TenantUpdateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.count();
        write!(f, "the tenant origins were not changed ({count} problem(s)):")?;
        for problem in &self.problems {
            write!(f, "\n  - ")?;
            if let Some(tenant) = &problem.tenant {
                write!(f, "tenant `{tenant}`")?;
                f.write_str(if problem.origin.is_some() { ", " } else { ": " })?;
            }
            if let Some(origin) = &problem.origin {
                write!(f, "origin `{}`: ", origin.escape_debug())?;
            }
            write!(f, "{}\n    help: {}", problem.message.replace('\n', "\n    "), problem.help)?;
        }
        if self.unlisted > 0 {
            write!(f, "\n  - and {} more", self.unlisted)?;
        }
        Ok(())
    }
}

// As for `StartupError`: a `main` returning it prints `Debug`, which should read as `Display`.
impl fmt::Debug for TenantUpdateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for TenantUpdateError {}

/// The problems of one update, listed up to a cap.
#[derive(Default)]
pub(super) struct Problems {
    listed: Vec<TenantProblem>,
    unlisted: usize,
}

impl Problems {
    pub(super) fn push(
        &mut self,
        tenant: Option<&str>,
        origin: Option<&str>,
        message: String,
        help: String,
    ) {
        if self.listed.len() == MAX_LISTED_PROBLEMS {
            self.unlisted += 1;
            return;
        }
        let origin = origin.map(|origin| cut(origin, MAX_ORIGIN_LEN).to_owned());
        let tenant = tenant.map(|tenant| cut(tenant, super::key::MAX_KEY_LEN).to_owned());
        self.listed.push(TenantProblem { tenant, origin, message, help });
    }

    pub(super) fn into_result<T>(self, value: T) -> Result<T, TenantUpdateError> {
        if self.listed.is_empty() {
            return Ok(value);
        }
        Err(TenantUpdateError { problems: self.listed, unlisted: self.unlisted })
    }
}

pub(super) fn cut(text: &str, at: usize) -> &str {
    let mut end = at.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
