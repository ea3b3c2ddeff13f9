//! The one loop that drives a sans-IO conversation with a server: ask for the next request, send
//! it, record the response, until nothing is due. [`Check`](crate::Check) and
//! [`RoutesRun`](crate::routes::RoutesRun) make every decision; the transport only sends.

use crate::plan::OutgoingRequest;
use crate::response::Response;

/// A conversation that decides, from the responses recorded so far, which request is due.
pub(crate) trait Conversation {
    /// The next request to send, or `None` when the conversation is over.
    fn next_request(&mut self) -> Option<OutgoingRequest>;

    /// Records the response to the request [`Conversation::next_request`] returned.
    fn record(&mut self, response: Response);
}

/// Runs `conversation` to its end with a blocking `send`, or stops at the first transport error.
pub(crate) fn drive<E>(
    conversation: &mut impl Conversation,
    mut send: impl FnMut(&OutgoingRequest) -> Result<Response, E>,
) -> Result<(), E> {
    while let Some(request) = conversation.next_request() {
        conversation.record(send(&request)?);
    }
    Ok(())
}
