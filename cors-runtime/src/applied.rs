//! Where the named policies applied with `.wrap(..)` are: each application, logged when the
//! server starts it, and the prefix it covers, learnt from its first request (a middleware is
//! not told its scope's prefix), for the route report.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};

use actix_web::dev::ServiceRequest;

use crate::policy::Policy;

/// Whether any named policy was ever applied: read without the lock on the request path.
static ANY_APPLIED: AtomicBool = AtomicBool::new(false);

/// Whether any named policy was applied with `.wrap(..)` so far.
pub(crate) fn any_applied() -> bool {
    ANY_APPLIED.load(Ordering::Relaxed)
}

/// The named policies applied with `.wrap(..)` in an app, and the path prefixes their first
/// requests came through, in the order they were applied. Written while apps start and on an
/// application's first request, never after.
static APPLIED: Mutex<Vec<(&'static Policy, Vec<String>)>> = Mutex::new(Vec::new());

/// Records an application of `policy`; the first is logged at `info` beside the table of
/// [`log_routes`](crate::log_routes), which runs before any app starts and so cannot list it.
pub(crate) fn note_applied(policy: &'static Policy) {
    ANY_APPLIED.store(true, Ordering::Relaxed);
    let mut applied = APPLIED.lock().unwrap_or_else(PoisonError::into_inner);
    if !applied.iter().any(|(known, _)| std::ptr::eq(*known, policy)) {
        applied.push((policy, Vec::new()));
        log::info!(
            target: "cors_runtime::routes",
            "CORS policy `{}` is applied with {}; the prefix it covers is logged on its first request",
            policy.policy_name().unwrap_or_default(),
            policy.handler(),
        );
    }
}

/// Records that an application of `policy` covers `prefix`, logged the first time.
pub(crate) fn note_prefix(policy: &'static Policy, prefix: String) {
    let mut applied = APPLIED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, prefixes)) = applied.iter_mut().find(|(known, _)| std::ptr::eq(*known, policy))
        && !prefixes.contains(&prefix)
    {
        log::info!(
            target: "cors_runtime::routes",
            "CORS policy `{}` ({}) covers {}/*",
            policy.policy_name().unwrap_or_default(),
            policy.handler(),
            prefix.trim_end_matches('/'),
        );
        prefixes.push(prefix);
    }
}

/// Every named policy applied with `.wrap(..)` in an app so far, with the prefixes it was seen
/// under (none before its first request).
pub(crate) fn applied() -> Vec<(&'static Policy, Vec<String>)> {
    APPLIED.lock().unwrap_or_else(PoisonError::into_inner).clone()
}

/// The part of the request's path that actix matched before this middleware, as a pattern:
/// a scope's prefix, a resource's path, nothing for the `App`. A dynamic segment's value is put
/// back as its `{name}`, at the segment's own place: the values are slices of the path, so
/// their offsets say where they were matched, whatever the rest of the path repeats.
pub(crate) fn matched_prefix(request: &ServiceRequest) -> String {
    let path = request.match_info();
    let full = path.as_str();
    let matched = &full[..full.len() - path.unprocessed().len()];
    let mut segments: Vec<(usize, usize, &str)> = path
        .iter()
        .filter_map(|(name, value)| {
            let start = value.as_ptr().addr().checked_sub(full.as_ptr().addr())?;
            let end = start + value.len();
            let is_slice_of_path = std::ptr::eq(full.get(start..end)?, value);
            (is_slice_of_path && !value.is_empty() && end <= matched.len())
                .then_some((start, end, name))
        })
        .collect();
    segments.sort_unstable();
    let mut pattern = String::with_capacity(matched.len());
    let mut copied = 0;
    for (start, end, name) in segments {
        if start >= copied {
            pattern.push_str(&matched[copied..start]);
            pattern.push('{');
            pattern.push_str(name);
            pattern.push('}');
            copied = end;
        }
    }
    pattern.push_str(&matched[copied..]);
    pattern
}
