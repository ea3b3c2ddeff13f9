//! A [`Fix`] in words: the change on the server, and the change for `#[cors]` routes.

use crate::message::CorsErrorKind;
use crate::url::AddressSpace;
use crate::vocabulary::{Exchange, Fix, FixKind};

impl Fix {
    /// The header (name and value) or status the server must send, and on which response.
    pub fn server(&self) -> String {
        match &self.kind {
            FixKind::AllowOrigin { error, on, method, origin } => {
                allow_origin_server(*error, *on, method, origin)
            }
            FixKind::AllowCredentials { on, method } => format!(
                "send `Access-Control-Allow-Credentials: true` on {}",
                response_name(*on, method)
            ),
            FixKind::OkStatus { status } => format!(
                "answer the preflight (OPTIONS with Access-Control-Request-Method) with a 2xx \
                 status such as 204 instead of {status}, without requiring authentication"
            ),
            FixKind::OkStatusAndAllowOrigin { status, method, origin } => format!(
                "answer the preflight with a 2xx status such as 204 instead of {status}, and {}",
                allow_origin_server(
                    CorsErrorKind::PreflightMissingAllowOriginHeader,
                    Exchange::Preflight,
                    method,
                    origin
                )
            ),
            FixKind::NoRedirect { url, location } => format!(
                "answer the preflight at {url} itself instead of redirecting it to {location}, \
                 or have the page call {location} directly"
            ),
            FixKind::ParsableList { header, valid_items, invalid_item } => {
                let suggestion = if valid_items.is_empty() {
                    String::new()
                } else {
                    format!(" such as `{header}: {}`", valid_items.join(", "))
                };
                format!(
                    "send a comma-separated list of tokens{suggestion} on the preflight \
                     response; '{invalid_item}' is not a token"
                )
            }
            FixKind::MethodCase { method } => format!(
                "nothing: the server allows {}; {}",
                method.to_ascii_uppercase(),
                method_case_fix(method)
            ),
            FixKind::AllowMethod { method, methods } => format!(
                "send `Access-Control-Allow-Methods: {}` on the preflight response{}",
                methods.join(", "),
                and_method_case_fix(method)
            ),
            FixKind::AllowHeaders { names, unprobed, .. } => format!(
                "send `Access-Control-Allow-Headers: {}` on the preflight response{}",
                names.join(", "),
                not_probed(unprobed)
            ),
            FixKind::MethodWithoutPreflightRoute { method, origin, status } => format!(
                "answer the preflight for {method} with a 2xx status, \
                 `Access-Control-Allow-Origin: {origin}` and `Access-Control-Allow-Methods: \
                 {method}`: it got {status}, while a GET to the same URL grants the origin"
            ),
            FixKind::OriginGrantedElsewhere { method, origin, status } => format!(
                "grant the preflight for {method}: it got {status} without \
                 Access-Control-Allow-Origin, while a GET to the same URL grants {origin}"
            ),
            FixKind::MixedContent { url, space } => {
                let secure = url.replacen("http://", "https://", 1);
                let device = match space {
                    Some(AddressSpace::Local) => {
                        "; for a device on the user's network that cannot serve HTTPS, Chrome \
                         142+ lets the page call it with `fetch(url, {targetAddressSpace: \
                         \"local\"})` once the user grants the Local Network Access permission"
                    }
                    _ => "",
                };
                format!(
                    "serve the API over HTTPS and have the page call {secure}; no CORS header \
                     can let an https: page call {url}{device}"
                )
            }
            FixKind::RedirectWithoutCredentials { location } => format!(
                "redirect to a URL without `user:password@` (it was {location}); browsers \
                 refuse to follow such a redirect in a cross-origin call"
            ),
            FixKind::FewerRedirects { url } => format!(
                "answer {url} without sending the browser through more than 20 redirects \
                 (usually a loop, such as a login page redirecting back to a page that \
                 redirects to it)"
            ),
            FixKind::TaintedOrigin { url, initial_url } => format!(
                "have the page call {url} directly: after the redirect from {initial_url} to \
                 another origin the browser sends `Origin: null`, which only \
                 `Access-Control-Allow-Origin: *` grants (never with credentials); or redirect \
                 within one origin"
            ),
        }
    }

    /// The change for routes annotated with this project's `#[cors(...)]` attribute.
    pub fn cors_attribute(&self) -> String {
        match &self.kind {
            FixKind::AllowOrigin { error, on, origin, .. } => {
                allow_origin_attribute(*error, *on, origin)
            }
            FixKind::AllowCredentials { .. } => {
                "add `credentials` (the origins must then be listed exactly, not \"*\")".to_owned()
            }
            FixKind::OkStatus { .. } => "a #[cors] route answers its preflight 204; make sure no \
                                         guard, authentication middleware or hand-written \
                                         OPTIONS route answers the preflight first"
                .to_owned(),
            FixKind::OkStatusAndAllowOrigin { origin, .. } => allow_origin_attribute(
                CorsErrorKind::PreflightMissingAllowOriginHeader,
                Exchange::Preflight,
                origin,
            ),
            FixKind::NoRedirect { .. } => "call the route's exact path and scheme; middleware \
                                           such as NormalizePath or an HTTPS redirect must not \
                                           redirect OPTIONS requests"
                .to_owned(),
            FixKind::ParsableList { .. } => "nothing in the attribute, which always sends a valid \
                                             list: remove the code or proxy rule that writes this \
                                             header by hand"
                .to_owned(),
            FixKind::MethodCase { method } => format!("nothing: {}", method_case_fix(method)),
            // `#[cors]` itself answers so only for a method its route serves; a hand-written
            // server may answer so for any method.
            FixKind::AllowMethod { method, .. } => {
                let upper_case = method.to_ascii_uppercase();
                format!(
                    "add {upper_case} to `methods` (if the route does not serve {upper_case} \
                     yet, serve it too, e.g. #[route(\"/path\", method = \"GET\", method = \
                     \"{upper_case}\")]){}",
                    and_method_case_fix(method)
                )
            }
            FixKind::AllowHeaders { missing, unprobed, .. } => {
                let quoted: Vec<String> =
                    missing.iter().map(|name| format!("\"{name}\"")).collect();
                format!("add {} to `headers`{}", quoted.join(", "), not_probed(unprobed))
            }
            FixKind::MethodWithoutPreflightRoute { method, .. } => {
                let upper_case = method.to_ascii_uppercase();
                let page_fix = method_case_fix(method);
                if page_fix.is_empty() {
                    format!(
                        "serve {upper_case} at this path from a handler with #[cors(...)] (e.g. \
                         #[route(\"/path\", method = \"GET\", method = \"{upper_case}\")] under \
                         the attribute): the path grants the origin to GET, but no annotated \
                         handler serves {upper_case}, so no #[cors] route answers its preflight"
                    )
                } else {
                    format!(
                        "{page_fix}; if no handler with #[cors(...)] serves {upper_case} either, \
                         add one"
                    )
                }
            }
            FixKind::OriginGrantedElsewhere { method, origin, .. } => format!(
                "the #[cors(...)] of the handler serving {method} refuses the origin or the \
                 method (a GET to this URL grants the origin): add \"{origin}\" to its \
                 `origins`, or {method} to its `methods`"
            ),
            FixKind::MixedContent { .. } => {
                "nothing in the attribute: the browser blocks the call before sending it".to_owned()
            }
            FixKind::RedirectWithoutCredentials { .. } => {
                "nothing in the attribute: change the redirect".to_owned()
            }
            FixKind::FewerRedirects { .. } => {
                "nothing in the attribute: change the redirects".to_owned()
            }
            FixKind::TaintedOrigin { .. } => "#[cors] refuses the `null` origin on purpose: have \
                                              the page call the final URL, or keep the redirect \
                                              on the API's own origin"
                .to_owned(),
        }
    }
}

/// Names the response the fix applies to.
fn response_name(exchange: Exchange, method: &str) -> String {
    match exchange {
        Exchange::Preflight => "the preflight (OPTIONS) response".to_owned(),
        Exchange::Actual => format!("the response to {method}"),
    }
}

/// The server's change for an `Access-Control-Allow-Origin` failure of kind `error`.
fn allow_origin_server(error: CorsErrorKind, on: Exchange, method: &str, origin: &str) -> String {
    let response = response_name(on, method);
    match error.on_preflight() {
        CorsErrorKind::PreflightWildcardOriginNotAllowed => format!(
            "send `Access-Control-Allow-Origin: {origin}` and `Vary: Origin` on {response}: with \
             credentials the exact origin is required, never `*`"
        ),
        CorsErrorKind::PreflightMultipleAllowOriginValues => format!(
            "send exactly one `Access-Control-Allow-Origin: {origin}` line on {response}; the \
             usual cause is two layers (a proxy and the app, or actix-cors and #[cors]) each \
             adding the header"
        ),
        _ => format!("send `Access-Control-Allow-Origin: {origin}` on {response}"),
    }
}

/// The `#[cors]` change for an `Access-Control-Allow-Origin` failure of kind `error`.
fn allow_origin_attribute(error: CorsErrorKind, on: Exchange, origin: &str) -> String {
    if origin == "null" {
        return "#[cors] refuses the `null` origin on purpose (every sandboxed document has it): \
                serve the page from a real origin and list that"
            .to_owned();
    }
    match error.on_preflight() {
        CorsErrorKind::PreflightWildcardOriginNotAllowed => format!(
            "replace \"*\" in `origins` with \"{origin}\" (the attribute refuses \"*\" together \
             with `credentials`)"
        ),
        CorsErrorKind::PreflightMultipleAllowOriginValues => {
            "remove the other layer that also sets Access-Control-Allow-Origin; #[cors] already \
             sends it once"
                .to_owned()
        }
        CorsErrorKind::PreflightMissingAllowOriginHeader if on == Exchange::Preflight => format!(
            "add \"{origin}\" to `origins`; if the route has no #[cors(...)] yet, put \
             #[cors(origins = [\"{origin}\"])] above its route attribute (only #[cors] routes \
             answer their preflights)"
        ),
        _ => format!("add \"{origin}\" to `origins`"),
    }
}

/// The page's spelling problem with a method that is not upper-case: `fetch()` sends `patch` as
/// written, and servers (and `#[cors]` routes) match `PATCH`. Empty for an upper-case method.
fn method_case_fix(method: &str) -> String {
    let upper_case = method.to_ascii_uppercase();
    if method == upper_case {
        String::new()
    } else {
        format!(
            "have the page send '{upper_case}' instead of '{method}' (fetch() sends it exactly \
             as written, and methods are case-sensitive)"
        )
    }
}

/// `, and ` and the page's change, for a method that is not upper-case.
fn and_method_case_fix(method: &str) -> String {
    match method_case_fix(method) {
        page_fix if page_fix.is_empty() => String::new(),
        page_fix => format!(", and {page_fix}"),
    }
}

/// The names the refusal probes did not try alone, to add too.
fn not_probed(unprobed: &[String]) -> String {
    match unprobed.is_empty() {
        true => String::new(),
        false => {
            format!(" (not probed, add them too if they are refused: {})", unprobed.join(", "))
        }
    }
}
