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
            Some(space) => {
                format!("the page ({}) is in the `{}` space", request.origin, space.as_str())
            }
            None => format!(
                "the page ({}) is taken as `public` (its address is not known here; a page \
                 served from your own network or machine is not)",
                request.origin
            ),
        };
        let secure = request.origin.starts_with("https://");
        let engine = match request.browser {
            Browser::Chromium => chromium(target, secure),
            Browser::Firefox => {
                "Firefox is rolling out its own Local Network Access prompt (enterprise policy \
                 `LocalNetworkAccess`, Firefox 150)"
                    .to_owned()
            }
            Browser::Safari => {
                "Safari does not ask yet (WebKit supports the proposal); Chrome 142+ does"
                    .to_owned()
            }
        };
        self.warn(
            WarningKind::LocalNetworkAccess,
            format!(
                "{page_words}, and {} is in the more private `{}` space: {engine}. No server \
                 header grants this (Access-Control-Allow-Private-Network is not read any more); \
                 what helps is the user's permission, an enterprise policy \
                 (`LocalNetworkAccessAllowedForUrls`), or a page served from the same space",
                request.url,
                target.as_str()
            ),
        );
    }
}

/// What Chrome 142+ does with a call from a less private space into `target`.
fn chromium(target: AddressSpace, secure_page: bool) -> String {
    let denied = format!(
        "if the user blocks it, the console says `Permission was denied for this request to \
         access the `{}` address space.` (LocalNetworkAccessPermissionDenied)",
        target.as_str()
    );
    if secure_page {
        format!("Chrome 142+ asks the user for the Local Network Access permission first; {denied}")
    } else {
        format!(
            "Chrome 142+ grants the Local Network Access permission only to secure (https:) pages, \
             so this http: page is refused unless it takes part in the reverse origin trial \
             \"Local Network Access from Non-Secure Contexts\"; {denied}"
        )
    }
}
