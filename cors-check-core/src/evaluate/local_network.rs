//! Local Network Access (Chrome 142+): a page may reach a more private address space than its
//! own (a public page calling the user's network or machine, a local one calling the machine)
//! only with the user's permission, which no response header can grant. cors-check sorts both
//! ends (the page by its host, which it assumes public when it is a name; the URL by its
//! address, once resolved) and explains what each engine does.

use super::Evaluation;
use crate::url::AddressSpace;
use crate::vocabulary::Warning;

impl Evaluation<'_> {
    /// Warns when the call goes from a less private address space to a more private one.
    pub(super) fn warn_about_local_network_access(&mut self) {
        let request = self.plan.request();
        let target = request
            .target_address
            .map(AddressSpace::of)
            .or_else(|| AddressSpace::of_host(&request.url));
        let page_named = AddressSpace::of_host(&request.origin);
        let (Some(target), page) = (target, page_named.unwrap_or(AddressSpace::Public)) else {
            return;
        };
        if target >= page {
            return;
        }
        self.warn(Warning::LocalNetworkAccess {
            page: page_named,
            target,
            secure_page: request.origin.starts_with("https://"),
            judge: self.judge,
        });
    }
}
