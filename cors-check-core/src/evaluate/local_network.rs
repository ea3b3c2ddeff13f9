//! Local Network Access (Chrome 142+): a page may reach a more private address space than its
//! own (a public page calling the user's network or machine, a local one calling the machine)
//! only with the user's permission, which no response header can grant. cors-check sorts both
//! ends (the page by its host, which it assumes public when it is a name; the URL by its
//! address, once resolved) and explains what each engine does.

use super::Evaluation;
use crate::browser::Browser;
use crate::url::AddressSpace;
use crate::vocabulary::WarningKind;

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
        let page_words = match page_named {
            Some(space) => format!("a `{}` page", space.as_str()),
            None => "a page taken as `public` (a host name)".to_owned(),
        };
        let secure = request.origin.starts_with("https://");
        let engine = match self.judge {
            Browser::Chromium => chromium(target, secure),
            Browser::Firefox => {
                "Firefox is rolling out a prompt of its own (policy `LocalNetworkAccess`)"
                    .to_owned()
            }
            Browser::Safari => "Safari does not ask yet; Chrome 142+ does".to_owned(),
        };
        self.warn(
            WarningKind::LocalNetworkAccess,
            format!(
                "{page_words} calls the more private `{}` address space: {engine}. No server \
                 header grants it",
                target.as_str()
            ),
        );
    }
}

/// What Chrome 142+ does with a call from a less private space into `target`.
fn chromium(target: AddressSpace, secure_page: bool) -> String {
    let denied = format!(
        "refused: `Permission was denied for this request to access the `{}` address space.`",
        target.as_str()
    );
    match secure_page {
        true => format!(
            "Chrome 142+ asks the user's permission first ({denied}); the user, an enterprise \
             policy (`LocalNetworkAccessAllowedForUrls`) or a page in the same space does"
        ),
        false => format!(
            "Chrome 142+ gives the permission to https: pages only, so it refuses this one \
             (unless in the \"Local Network Access from Non-Secure Contexts\" trial; {denied})"
        ),
    }
}
