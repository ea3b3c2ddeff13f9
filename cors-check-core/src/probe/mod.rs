//! The requests cors-check adds to the browser's, where the browser's answer alone would
//! mislead: whether the server grants an unrelated origin ([`foreign`]), and which part of a bare
//! preflight refusal was refused ([`refusal`]). Each plans its requests from a [`Plan`] and
//! amends the [`Report`](crate::Report) that [`evaluate`](crate::evaluate) made; neither changes
//! the verdict, which is the browser's.

pub(crate) mod foreign;
pub(crate) mod refusal;

use crate::plan::{OutgoingRequest, Plan};
use crate::vocabulary::Probe;

/// The request `probe` sends.
pub(crate) fn outgoing(plan: &Plan, probe: Probe) -> OutgoingRequest {
    match probe {
        Probe::ForeignOrigin => foreign::outgoing(plan),
        Probe::Refusal(refusal_probe) => refusal::outgoing(plan, refusal_probe),
    }
}
