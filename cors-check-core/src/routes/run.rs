//! Running a [`RoutesPlan`]: one [`Check`] after another, one request at a time, for any
//! transport.

use std::collections::VecDeque;

use super::plan::{RouteCall, RoutesPlan};
use super::result::{CallOutcome, MethodResult, RoutesResult};
use crate::check::Check;
use crate::drive::{Conversation, drive};
use crate::plan::OutgoingRequest;
use crate::response::Response;

impl RoutesPlan {
    /// Starts sending: ask the run for the next request, send it, record the response, repeat.
    #[must_use]
    pub fn start(&self) -> RoutesRun<'_> {
        RoutesRun::new(self)
    }

    /// Runs every call with a blocking `send` function, or stops at the first transport error.
    pub fn run<E>(
        &self,
        send: impl FnMut(&OutgoingRequest) -> Result<Response, E>,
    ) -> Result<RoutesResult, E> {
        let mut run = self.start();
        drive(&mut run, send)?;
        Ok(run.finish())
    }
}

/// A [`RoutesPlan`] in progress, one request at a time, for any transport.
#[derive(Debug)]
pub struct RoutesRun<'a> {
    routes: &'a RoutesPlan,
    pending: VecDeque<(usize, &'a RouteCall)>,
    in_flight: Option<InFlight<'a>>,
    outcomes: Vec<Vec<CallOutcome>>,
}

#[derive(Debug)]
struct InFlight<'a> {
    method_index: usize,
    call: &'a RouteCall,
    check: Check,
}

impl<'a> RoutesRun<'a> {
    fn new(routes: &'a RoutesPlan) -> Self {
        let pending = routes
            .methods
            .iter()
            .enumerate()
            .flat_map(|(index, method)| method.calls.iter().map(move |call| (index, call)))
            .collect();
        Self { routes, pending, in_flight: None, outcomes: vec![Vec::new(); routes.methods.len()] }
    }

    /// The next request to send, or `None` when every call is done.
    pub fn next_request(&mut self) -> Option<OutgoingRequest> {
        loop {
            let in_flight = match &mut self.in_flight {
                Some(in_flight) => in_flight,
                None => {
                    let (method_index, call) = self.pending.pop_front()?;
                    let check = self.routes.methods[method_index].check_of(call);
                    self.in_flight.insert(InFlight { method_index, call, check })
                }
            };
            if let Some(request) = in_flight.check.next_request() {
                return Some(request);
            }
            let method = &self.routes.methods[in_flight.method_index];
            let outcome = CallOutcome::judge(method, in_flight.call, &in_flight.check);
            self.outcomes[in_flight.method_index].push(outcome);
            self.in_flight = None;
        }
    }

    /// Records the response to the request [`RoutesRun::next_request`] returned.
    ///
    /// # Panics
    ///
    /// When no request is pending.
    pub fn record(&mut self, response: Response) {
        let in_flight = self.in_flight.as_mut().expect("no request is pending");
        in_flight.check.record(response);
    }

    /// The result; call it once [`RoutesRun::next_request`] returns `None`.
    pub fn finish(self) -> RoutesResult {
        let methods = self
            .routes
            .methods
            .iter()
            .cloned()
            .zip(self.outcomes)
            .map(|(plan, calls)| MethodResult { plan, calls })
            .collect();
        RoutesResult { base: self.routes.base.clone(), methods }
    }
}

impl Conversation for RoutesRun<'_> {
    fn next_request(&mut self) -> Option<OutgoingRequest> {
        RoutesRun::next_request(self)
    }

    fn record(&mut self, response: Response) {
        RoutesRun::record(self, response);
    }
}
