//! One call judged by every engine from the same responses: one verdict where the engines agree,
//! each engine's verdict side by side where they do not, and always each engine's console line.

use std::fmt;

use crate::document::{self, ComparisonDocument, FORMAT, ReportDocument};

use crate::browser::Browser;
use crate::report::{Report, write_fix};
use crate::vocabulary::Verdict;

/// The reports of every engine on the same responses ([`Check::compare`](crate::Check::compare),
/// `cors-check --browser all`).
///
/// ```
/// use cors_check_core::{Browser, Check, CorsRequest, Plan, Response, Verdict};
///
/// let plan = Plan::new(CorsRequest::new("https://api.example/data", "https://app.example").with_method("DELETE"))?;
/// let comparison = Check::new(plan).without_probes().compare(|_request| {
///     Ok::<_, std::convert::Infallible>(Response::new(404))
/// })?;
/// // Every engine blocks the call, but Safari names the status where the others name the header.
/// assert_eq!(comparison.verdict(), Verdict::Blocked);
/// assert!(!comparison.agree());
/// let text = comparison.to_string();
/// assert!(text.starts_with("BLOCKED in Chromium, Firefox and Safari: DELETE"));
/// assert!(text.contains("  Safari    BLOCKED  PreflightInvalidStatus\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Comparison {
    /// One report per engine, in the order of [`Browser::ALL`].
    pub reports: Vec<Report>,
}

impl Comparison {
    /// Compares these reports of the same call, one per engine.
    ///
    /// # Panics
    ///
    /// When there is no report.
    pub fn new(reports: Vec<Report>) -> Self {
        assert!(!reports.is_empty(), "a comparison needs at least one report");
        Self { reports }
    }

    /// Whether every engine gives the same verdict with the same error kind (their console
    /// lines always differ).
    pub fn agree(&self) -> bool {
        let first = &self.reports[0];
        self.reports.iter().all(|report| {
            report.verdict() == first.verdict() && report.error_kind() == first.error_kind()
        })
    }

    /// Blocked when any engine blocks the call, otherwise inconclusive when any has no verdict.
    pub fn verdict(&self) -> Verdict {
        let any = |verdict| self.reports.iter().any(|report| report.verdict() == verdict);
        if any(Verdict::Blocked) {
            Verdict::Blocked
        } else if any(Verdict::Inconclusive) {
            Verdict::Inconclusive
        } else {
            Verdict::Allowed
        }
    }

    /// The report of `browser`, if it was compared.
    pub fn report(&self, browser: Browser) -> Option<&Report> {
        self.reports.iter().find(|report| report.browser() == browser)
    }

    /// The machine-readable comparison, pretty-printed: a
    /// [`ComparisonDocument`](crate::document::ComparisonDocument).
    pub fn to_json(&self) -> String {
        document::pretty(&self.document())
    }

    /// The comparison as its JSON document.
    pub fn document(&self) -> ComparisonDocument {
        ComparisonDocument::from(self)
    }
}

/// The engines in prose: `Chromium`, `Chromium and Safari`, `Chromium, Firefox and Safari`.
fn names(browsers: &[Browser]) -> String {
    let names: Vec<&str> = browsers.iter().map(|browser| browser.name()).collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Groups equal values, in the order first seen, with the engines that have each.
fn group<T: PartialEq>(items: impl IntoIterator<Item = (Browser, T)>) -> Vec<(Vec<Browser>, T)> {
    let mut groups: Vec<(Vec<Browser>, T)> = Vec::new();
    for (browser, item) in items {
        match groups.iter_mut().find(|(_, value)| *value == item) {
            Some((browsers, _)) => browsers.push(browser),
            None => groups.push((vec![browser], item)),
        }
    }
    groups
}

/// `heading`, or `heading in ENGINES` when the engines split into several groups.
fn heading(heading: &str, browsers: &[Browser], split: bool) -> String {
    if split { format!("{heading} in {}", names(browsers)) } else { heading.to_owned() }
}

impl fmt::Display for Comparison {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = &self.reports[0];
        let verdicts =
            group(self.reports.iter().map(|report| (report.browser(), report.verdict())));
        let verdict: Vec<String> = verdicts
            .iter()
            .map(|(browsers, verdict)| {
                format!("{} in {}", verdict.as_str().to_ascii_uppercase(), names(browsers))
            })
            .collect();
        first.write_call(formatter, &verdict.join(", "))?;
        if !self.agree() {
            writeln!(formatter, "\nThe engines differ:")?;
            for report in &self.reports {
                let verdict = report.verdict().as_str().to_ascii_uppercase();
                let kind = report.error_kind().map_or("-", |kind| kind.as_str());
                writeln!(formatter, "  {:<9} {verdict:<8} {kind}", report.browser().name())?;
            }
        }
        first.write_preflight(formatter)?;
        let steps = group(
            self.reports
                .iter()
                .map(|report| (report.browser(), report))
                .map(|(browser, report)| (browser, StepsOf(report))),
        );
        for (browsers, StepsOf(report)) in &steps {
            report.write_steps(formatter, &heading("Steps", browsers, steps.len() > 1))?;
        }
        let failures: Vec<_> = self
            .reports
            .iter()
            .filter_map(|report| report.failure.as_ref().map(|failure| (report.browser(), failure)))
            .collect();
        if !failures.is_empty() {
            writeln!(formatter, "\nConsole:")?;
            for (browser, failure) in &failures {
                let label = format!("{}:", browser.name());
                writeln!(formatter, "  {label:<9} {}", failure.console_message)?;
            }
        }
        let fixes = group(failures.iter().map(|(browser, failure)| (*browser, &failure.fix)));
        for (browsers, fix) in &fixes {
            write_fix(formatter, &heading("Fix", browsers, fixes.len() > 1), fix)?;
        }
        let warnings =
            group(self.reports.iter().flat_map(|report| {
                report.warnings.iter().map(|warning| (report.browser(), warning))
            }));
        if !warnings.is_empty() {
            writeln!(formatter, "\nWarnings:")?;
        }
        for (browsers, warning) in &warnings {
            let only = match browsers.len() < self.reports.len() {
                true => format!(" ({})", names(browsers)),
                false => String::new(),
            };
            writeln!(formatter, "  - {}{only}: {warning}", warning.kind().as_str())?;
        }
        Ok(())
    }
}

/// Compares reports by their steps only.
struct StepsOf<'a>(&'a Report);

impl PartialEq for StepsOf<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.steps == other.0.steps
    }
}

impl From<&Comparison> for ComparisonDocument {
    fn from(comparison: &Comparison) -> Self {
        Self {
            format: FORMAT,
            agree: comparison.agree(),
            verdict: comparison.verdict().as_str().to_owned(),
            reports: comparison.reports.iter().map(ReportDocument::from).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Check;
    use crate::plan::Plan;
    use crate::request::CorsRequest;
    use crate::response::Response;

    fn compare(request: CorsRequest, answer: impl Fn(&str) -> Response) -> Comparison {
        Check::new(Plan::new(request).unwrap())
            .without_probes()
            .compare(|outgoing| Ok::<_, ()>(answer(&outgoing.method)))
            .unwrap()
    }

    fn put() -> CorsRequest {
        CorsRequest::new("https://api.example/data", "https://app.example").with_method("PUT")
    }

    #[test]
    fn engines_that_agree_get_one_verdict_and_each_their_console_line() {
        let comparison = compare(put(), |_| {
            Response::new(204)
                .with_header("Access-Control-Allow-Origin", "https://app.example")
                .with_header("Access-Control-Allow-Methods", "GET")
        });
        assert!(comparison.agree());
        let text = comparison.to_string();
        assert!(text.starts_with("BLOCKED in Chromium, Firefox and Safari: PUT"), "{text}");
        assert!(!text.contains("The engines differ"), "{text}");
        // Safari checks the status first, so its steps come in another order.
        assert!(text.contains("\nSteps in Safari:\n  [pass] preflight status"), "{text}");
        assert!(text.contains("\nFix:\n"), "{text}");
        for line in [
            "  Chromium: Access to fetch at",
            "  Firefox:  Cross-Origin Request Blocked: The Same Origin Policy disallows reading \
             the remote resource at https://api.example/data. (Reason: Did not find method in \
             CORS header ‘Access-Control-Allow-Methods’).",
            "  Safari:   Method PUT is not allowed by Access-Control-Allow-Methods.",
        ] {
            assert!(text.contains(line), "{line}\n{text}");
        }
    }

    #[test]
    fn engines_that_differ_are_listed_side_by_side_with_their_steps() {
        let comparison = compare(put(), |_| Response::new(403));
        assert!(!comparison.agree());
        assert_eq!(comparison.verdict(), Verdict::Blocked);
        let text = comparison.to_string();
        assert!(text.contains(
            "\nThe engines differ:\n  Chromium  BLOCKED  PreflightMissingAllowOriginHeader\n  \
             Firefox   BLOCKED  PreflightMissingAllowOriginHeader\n  Safari    BLOCKED  \
             PreflightInvalidStatus\n"
        ));
        assert!(text.contains("\nSteps in Chromium and Firefox:\n"), "{text}");
        assert!(text.contains("\nSteps in Safari:\n  [FAIL] preflight status: 403"), "{text}");
        assert!(text.contains("\nFix in Safari:\n  server:  answer the preflight with a 2xx"));
        let json: serde_json::Value = serde_json::from_str(&comparison.to_json()).unwrap();
        assert_eq!(json["agree"], false);
        assert_eq!(json["reports"][2]["browser"], "safari");
        assert_eq!(json["reports"][2]["error"]["kind"], "PreflightInvalidStatus");
    }

    #[test]
    fn allowed_everywhere_names_the_warnings_of_one_engine() {
        let comparison = compare(put(), |_| {
            Response::new(204)
                .with_header("Access-Control-Allow-Origin", "https://app.example")
                .with_header("Access-Control-Allow-Methods", "PUT")
                .with_header("Access-Control-Max-Age", "3600")
                .with_header("Vary", "Origin")
        });
        assert_eq!(comparison.verdict(), Verdict::Allowed);
        let text = comparison.to_string();
        assert!(text.starts_with("ALLOWED in Chromium, Firefox and Safari: PUT"), "{text}");
        assert!(!text.contains("Console"), "{text}");
        assert!(text.contains("  - max-age-above-safari-cap (Safari): "), "{text}");
        assert_eq!(names(&[Browser::Firefox]), "Firefox");
    }
}
