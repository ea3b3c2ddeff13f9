//! The calls of a HAR file judged, most important first: blocked calls (those sharing a cause
//! with the most others first), then calls without a verdict (not judged, or an answer
//! cors-check cannot judge), then allowed calls with warnings; allowed calls without any are
//! only counted.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;

use super::Note;
use super::har::HarCall;
use crate::check::Check;
use crate::document::{self, FORMAT, HarCallDocument, HarDocument, HarSummary};
use crate::evaluate::{Responses, evaluate};
use crate::message::CorsErrorKind;
use crate::plan::{OutgoingRequest, Plan};
use crate::report::Report;
use crate::request::CorsRequest;
use crate::response::Response;
use crate::vocabulary::Verdict;

/// One call of the file (several identical entries count once), and how it was judged.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct HarRow {
    /// The entries (indexes in `log.entries`) that made this call.
    pub entries: Vec<usize>,
    /// The call.
    pub request: CorsRequest,
    /// The report, or why the call could not be judged.
    pub outcome: Result<Report, String>,
    /// What was guessed in reading the call back.
    pub notes: Vec<Note>,
}

/// Every cross-origin call of a HAR file, judged and ranked.
#[derive(Clone, Debug)]
pub struct HarResult {
    /// The calls, most important first.
    pub rows: Vec<HarRow>,
}

/// Judges the recorded answers as the browser would, sending nothing.
pub fn judge_offline(calls: Vec<HarCall>) -> HarResult {
    rank(merge(calls).into_iter().map(|(call, entries)| {
        let outcome = offline(&call);
        HarRow { entries, request: call.request, outcome, notes: call.notes }
    }))
}

/// Sends each call again (once, however many entries made it) through `send` and judges the
/// answers, probes included.
pub fn judge_live<E: fmt::Display>(
    calls: Vec<HarCall>,
    mut send: impl FnMut(&OutgoingRequest) -> Result<Response, E>,
) -> HarResult {
    rank(merge(calls).into_iter().map(|(call, entries)| {
        let outcome = Plan::new(call.request.clone())
            .map_err(|error| error.to_string())
            .and_then(|plan| Check::new(plan).run(&mut send).map_err(|error| error.to_string()));
        HarRow { entries, request: call.request, outcome, notes: call.notes }
    }))
}

fn offline(call: &HarCall) -> Result<Report, String> {
    let plan = Plan::new(call.request.clone()).map_err(|error| error.to_string())?;
    if plan.needs_preflight() && call.preflight.is_none() {
        return Err("its preflight is not in the file (Chromium exports it only in some \
                    versions): check it live, without --offline"
            .to_owned());
    }
    if !plan.needs_preflight() && call.actual.is_none() {
        return Err("no answer was recorded (status 0: the connection failed or the browser \
                    did not send it): check it live, without --offline"
            .to_owned());
    }
    let responses =
        Responses { preflight: call.preflight.as_deref().cloned(), actual: call.actual.clone() };
    // Judged by the engine the call is read as (`har --browser`), which made it.
    Ok(evaluate(&plan, &responses, plan.request().browser()))
}

/// Identical calls once, with every entry that made them.
fn merge(calls: Vec<HarCall>) -> Vec<(HarCall, Vec<usize>)> {
    let mut merged: Vec<(HarCall, Vec<usize>)> = Vec::new();
    let mut rows: HashMap<CorsRequest, usize> = HashMap::new();
    for call in calls {
        match rows.entry(call.request.clone()) {
            Entry::Occupied(row) => merged[*row.get()].1.push(call.entry),
            Entry::Vacant(row) => {
                row.insert(merged.len());
                let entry = call.entry;
                merged.push((call, vec![entry]));
            }
        }
    }
    merged
}

fn rank(rows: impl Iterator<Item = HarRow>) -> HarResult {
    let mut rows: Vec<HarRow> = rows.collect();
    // A cause is the check that failed, the value it failed on and the origin refused: calls
    // that share it are unblocked by one change on the server.
    let cause = |row: &HarRow| {
        let failure = row.outcome.as_ref().ok()?.failure.as_ref()?;
        Some((failure.kind, failure.failed_value.clone(), row.request.origin().to_owned()))
    };
    // How many entries share each cause: the fix that unblocks the most goes first.
    let mut shared: HashMap<(CorsErrorKind, String, String), usize> = HashMap::new();
    for row in &rows {
        if let Some(cause) = cause(row) {
            *shared.entry(cause).or_default() += row.entries.len();
        }
    }
    rows.sort_by_cached_key(|row| {
        let class = match row.outcome.as_ref().map(Report::verdict) {
            Ok(Verdict::Blocked) => 0,
            Err(_) | Ok(Verdict::Inconclusive) => 1,
            Ok(Verdict::Allowed) if !is_quiet(row) => 2,
            Ok(Verdict::Allowed) => 3,
        };
        let sharing = cause(row).map_or(0, |cause| shared[&cause]);
        (class, usize::MAX - sharing, row.entries[0])
    });
    HarResult { rows }
}

impl HarResult {
    /// How many calls the browser blocks.
    pub fn blocked(&self) -> usize {
        self.rows.iter().filter(|row| verdict(row) == Some(Verdict::Blocked)).count()
    }

    /// How many calls have no verdict: not judged (offline, without the answers needed), or
    /// answered in a way cors-check cannot judge ([`Verdict::Inconclusive`]).
    pub fn without_verdict(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| !matches!(verdict(row), Some(Verdict::Blocked | Verdict::Allowed)))
            .count()
    }
}

impl HarResult {
    /// The result as JSON, for scripts, pretty-printed: a [`HarDocument`].
    pub fn to_json(&self) -> String {
        document::pretty(&self.document())
    }

    /// The result as its JSON document.
    pub fn document(&self) -> HarDocument {
        let calls = self
            .rows
            .iter()
            .map(|row| {
                let (verdict, reason, report) = match &row.outcome {
                    Ok(report) => (report.verdict().as_str(), None, Some(report.document())),
                    Err(reason) => ("not-judged", Some(reason.clone()), None),
                };
                HarCallDocument {
                    entries: row.entries.clone(),
                    verdict: verdict.to_owned(),
                    reason,
                    report,
                    notes: row.notes.iter().map(Note::to_string).collect(),
                }
            })
            .collect();
        let (blocked, unknown) = (self.blocked(), self.without_verdict());
        HarDocument {
            format: FORMAT,
            summary: HarSummary {
                calls: self.rows.len(),
                blocked,
                without_verdict: unknown,
                allowed: self.rows.len() - blocked - unknown,
            },
            calls,
        }
    }
}

fn verdict(row: &HarRow) -> Option<Verdict> {
    row.outcome.as_ref().ok().map(Report::verdict)
}

/// An allowed call without warnings: counted, not listed.
fn is_quiet(row: &HarRow) -> bool {
    row.outcome
        .as_ref()
        .is_ok_and(|report| report.verdict() == Verdict::Allowed && report.warnings.is_empty())
}

impl fmt::Display for HarResult {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (blocked, unknown) = (self.blocked(), self.without_verdict());
        writeln!(
            formatter,
            "{} cross-origin call(s): {blocked} blocked, {unknown} without a verdict, {} allowed",
            self.rows.len(),
            self.rows.len() - blocked - unknown
        )?;
        for row in self.rows.iter().filter(|row| !is_quiet(row)) {
            write_row(formatter, row)?;
        }
        Ok(())
    }
}

fn write_row(formatter: &mut fmt::Formatter<'_>, row: &HarRow) -> fmt::Result {
    let request = &row.request;
    let credentials = if request.credentials() { " with credentials" } else { "" };
    let entries: Vec<String> = row.entries.iter().map(usize::to_string).collect();
    let label = match verdict(row) {
        Some(Verdict::Blocked) => "BLOCKED",
        Some(Verdict::Allowed) => "ALLOWED",
        Some(Verdict::Inconclusive) => "NO VERDICT",
        None => "NOT JUDGED",
    };
    writeln!(
        formatter,
        "\n{label}  {} {} from {}{credentials}  (entries {})",
        request.method(),
        request.url(),
        request.origin(),
        entries.join(", ")
    )?;
    match &row.outcome {
        Err(reason) => writeln!(formatter, "  {reason}")?,
        Ok(report) => {
            if let Some(failure) = &report.failure {
                writeln!(formatter, "  {}: {}", failure.kind, failure.console_message)?;
                writeln!(formatter, "  server:  {}", failure.fix.server())?;
                writeln!(formatter, "  #[cors]: {}", failure.fix.cors_attribute())?;
            }
            for warning in &report.warnings {
                writeln!(formatter, "  warning: {}: {warning}", warning.kind().as_str())?;
            }
        }
    }
    for note in &row.notes {
        writeln!(formatter, "  note: {note}")?;
    }
    writeln!(formatter, "  again: {}", super::command_line(&row.request))
}
