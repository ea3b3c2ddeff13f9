//! What to change on the server for each way a call can be blocked: the header to send and,
//! for routes built with this project, the `#[cors(...)]` change.

use crate::message::CorsErrorKind;
use crate::plan::Plan;
use crate::url::AddressSpace;
use crate::vocabulary::{Edit, Exchange, Fix};

/// Names the response the fix applies to.
fn response_name(exchange: Exchange, plan: &Plan) -> String {
    match exchange {
        Exchange::Preflight => "the preflight (OPTIONS) response".to_owned(),
        Exchange::Actual => format!("the response to {}", plan.request().method),
    }
}

/// The listed methods or header names worth keeping in the fixed list: `*` counts only for a call
/// without credentials.
fn items_that_count<'a>(listed: &'a [String], plan: &Plan) -> Vec<&'a str> {
    listed
        .iter()
        .map(String::as_str)
        .filter(|item| *item != "*" || !plan.request().credentials)
        .collect()
}

/// For the `Access-Control-Allow-Origin` failures (on the preflight or the actual response).
pub(crate) fn allow_origin(kind: CorsErrorKind, exchange: Exchange, plan: &Plan) -> Fix {
    let origin = &plan.request().origin;
    let response = response_name(exchange, plan);
    let server = match kind.on_preflight() {
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
    };
    let mut edits = vec![Edit::SendHeader {
        on: exchange,
        name: "Access-Control-Allow-Origin",
        value: origin.clone(),
    }];
    if kind.on_preflight() == CorsErrorKind::PreflightWildcardOriginNotAllowed {
        edits.push(Edit::SendHeader { on: exchange, name: "Vary", value: "Origin".to_owned() });
    }
    let quoted = format!("\"{origin}\"");
    match kind.on_preflight() {
        _ if origin == "null" => {}
        CorsErrorKind::PreflightWildcardOriginNotAllowed => {
            edits.push(Edit::ReplaceInKey { key: "origins", old: "\"*\"".to_owned(), new: quoted })
        }
        CorsErrorKind::PreflightMultipleAllowOriginValues => {}
        _ => edits.push(Edit::AddToKey { key: "origins", entry: quoted }),
    }
    let cors_attribute = if origin == "null" {
        "#[cors] refuses the `null` origin on purpose (every sandboxed document has it): serve \
         the page from a real origin and list that"
            .to_owned()
    } else {
        match kind.on_preflight() {
            CorsErrorKind::PreflightWildcardOriginNotAllowed => format!(
                "replace \"*\" in `origins` with \"{origin}\" (the attribute refuses \"*\" \
                 together with `credentials`)"
            ),
            CorsErrorKind::PreflightMultipleAllowOriginValues => {
                "remove the other layer that also sets Access-Control-Allow-Origin; #[cors] \
                 already sends it once"
                    .to_owned()
            }
            CorsErrorKind::PreflightMissingAllowOriginHeader if exchange == Exchange::Preflight => {
                format!(
                    "add \"{origin}\" to `origins`; if the route has no #[cors(...)] yet, put \
                     #[cors(origins = [\"{origin}\"])] above its route attribute (only \
                     #[cors] routes answer their preflights)"
                )
            }
            _ => format!("add \"{origin}\" to `origins`"),
        }
    };
    Fix { server, cors_attribute, edits }
}

/// For a credentialed call without `Access-Control-Allow-Credentials: true`.
pub(crate) fn allow_credentials(exchange: Exchange, plan: &Plan) -> Fix {
    Fix {
        server: format!(
            "send `Access-Control-Allow-Credentials: true` on {}",
            response_name(exchange, plan)
        ),
        cors_attribute: "add `credentials` (the origins must then be listed exactly, not \"*\")"
            .to_owned(),
        edits: vec![
            Edit::SendHeader {
                on: exchange,
                name: "Access-Control-Allow-Credentials",
                value: "true".to_owned(),
            },
            Edit::AddFlag { key: "credentials" },
        ],
    }
}

/// For a preflight answered with a status outside 200-299.
pub(crate) fn ok_status(status: u16) -> Fix {
    Fix {
        server: format!(
            "answer the preflight (OPTIONS with Access-Control-Request-Method) with a 2xx status \
             such as 204 instead of {status}, without requiring authentication"
        ),
        cors_attribute: "a #[cors] route answers its preflight 204; make sure no guard, \
                         authentication middleware or hand-written OPTIONS route answers the \
                         preflight first"
            .to_owned(),
        edits: vec![Edit::PreflightStatusOk { instead_of: status }],
    }
}

/// For a preflight refused with `status` and no `Access-Control-Allow-Origin`, where the
/// browser names the status (Safari): both must change, and the origin is what servers refuse
/// so (`#[cors]` does for an origin it does not list).
pub(crate) fn ok_status_and_allow_origin(plan: &Plan, status: u16) -> Fix {
    let origin =
        allow_origin(CorsErrorKind::PreflightMissingAllowOriginHeader, Exchange::Preflight, plan);
    Fix {
        server: format!(
            "answer the preflight with a 2xx status such as 204 instead of {status}, and {}",
            origin.server
        ),
        cors_attribute: origin.cors_attribute,
        edits: [Edit::PreflightStatusOk { instead_of: status }]
            .into_iter()
            .chain(origin.edits)
            .collect(),
    }
}

/// For a redirected preflight.
pub(crate) fn no_redirect(url: &str, location: &str) -> Fix {
    Fix {
        server: format!(
            "answer the preflight at {url} itself instead of redirecting it to {location}, or \
             have the page call {location} directly"
        ),
        cors_attribute: "call the route's exact path and scheme; middleware such as NormalizePath \
                         or an HTTPS redirect must not redirect OPTIONS requests"
            .to_owned(),
        edits: Vec::new(),
    }
}

/// For an `Access-Control-Allow-Methods` or `-Headers` value that is not a list of tokens.
pub(crate) fn parsable_list(header: &str, valid_items: &[String], invalid_item: &str) -> Fix {
    let suggestion = if valid_items.is_empty() {
        String::new()
    } else {
        format!(" such as `{header}: {}`", valid_items.join(", "))
    };
    Fix {
        server: format!(
            "send a comma-separated list of tokens{suggestion} on the preflight response; \
             '{invalid_item}' is not a token"
        ),
        cors_attribute: "nothing in the attribute, which always sends a valid list: remove the \
                         code or proxy rule that writes this header by hand"
            .to_owned(),
        edits: Vec::new(),
    }
}

/// For a method missing from `Access-Control-Allow-Methods`. A method that is not upper-case is
/// also a page bug: `fetch()` sends `patch` as written, and servers list `PATCH`.
pub(crate) fn allow_method(plan: &Plan, allowed_methods: &[String]) -> Fix {
    let method = &plan.request().method;
    let upper_case = method.to_ascii_uppercase();
    let page_fix = method_case_fix(method);
    if allowed_methods.contains(&upper_case) {
        return Fix {
            server: format!("nothing: the server allows {upper_case}; {page_fix}"),
            cors_attribute: format!("nothing: {page_fix}"),
            edits: Vec::new(),
        };
    }
    let mut methods = items_that_count(allowed_methods, plan);
    methods.push(&upper_case);
    let also = if page_fix.is_empty() { String::new() } else { format!(", and {page_fix}") };
    Fix {
        server: format!(
            "send `Access-Control-Allow-Methods: {}` on the preflight response{also}",
            methods.join(", ")
        ),
        // `#[cors]` itself answers so only for a method its route serves; a hand-written
        // server may answer so for any method.
        cors_attribute: format!(
            "add {upper_case} to `methods` (if the route does not serve {upper_case} yet, serve \
             it too, e.g. #[route(\"/path\", method = \"GET\", method = \"{upper_case}\")]){also}"
        ),
        edits: vec![
            Edit::SendHeader {
                on: Exchange::Preflight,
                name: "Access-Control-Allow-Methods",
                value: methods.join(", "),
            },
            Edit::AddToKey { key: "methods", entry: upper_case.clone() },
        ],
    }
}

/// For request headers missing from `Access-Control-Allow-Headers`; `missing` lists all of them,
/// lower-case, so one fix covers every header rather than only the one Chromium names.
pub(crate) fn allow_headers(plan: &Plan, allowed_names: &[String], missing: &[String]) -> Fix {
    let spellings: Vec<String> = missing.iter().map(|name| plan.header_spelling(name)).collect();
    let mut names = items_that_count(allowed_names, plan);
    names.extend(spellings.iter().map(String::as_str));
    let quoted: Vec<String> = spellings.iter().map(|name| format!("\"{name}\"")).collect();
    Fix {
        server: format!(
            "send `Access-Control-Allow-Headers: {}` on the preflight response",
            names.join(", ")
        ),
        cors_attribute: format!("add {} to `headers`", quoted.join(", ")),
        edits: [Edit::SendHeader {
            on: Exchange::Preflight,
            name: "Access-Control-Allow-Headers",
            value: names.join(", "),
        }]
        .into_iter()
        .chain(quoted.iter().map(|entry| Edit::AddToKey { key: "headers", entry: entry.clone() }))
        .collect(),
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

/// For a preflight nothing answers (`status` 404 or 405) on a URL that grants the origin to a
/// `GET`: no route for the method answers preflights.
pub(crate) fn method_without_preflight_route(plan: &Plan, status: u16) -> Fix {
    let request = plan.request();
    let method = &request.method;
    let upper_case = method.to_ascii_uppercase();
    let page_fix = method_case_fix(method);
    let cors_attribute = if page_fix.is_empty() {
        format!(
            "serve {upper_case} at this path from a handler with #[cors(...)] (e.g. \
             #[route(\"/path\", method = \"GET\", method = \"{upper_case}\")] under the \
             attribute): the path grants the origin to GET, but no annotated handler serves \
             {upper_case}, so no #[cors] route answers its preflight"
        )
    } else {
        format!("{page_fix}; if no handler with #[cors(...)] serves {upper_case} either, add one")
    };
    Fix {
        server: format!(
            "answer the preflight for {method} with a 2xx status, `Access-Control-Allow-Origin: \
             {}` and `Access-Control-Allow-Methods: {method}`: it got {status}, while a GET to \
             the same URL grants the origin",
            request.origin
        ),
        cors_attribute,
        edits: vec![
            Edit::PreflightStatusOk { instead_of: status },
            Edit::SendHeader {
                on: Exchange::Preflight,
                name: "Access-Control-Allow-Origin",
                value: request.origin.clone(),
            },
            Edit::SendHeader {
                on: Exchange::Preflight,
                name: "Access-Control-Allow-Methods",
                value: method.clone(),
            },
        ],
    }
}

/// For a preflight refused with `status` (403 from `#[cors]`, which sends its lists instead
/// for a method other than GET, HEAD or POST on a path one handler serves) on a URL that grants
/// the origin to a `GET`: the handler serving the method has a policy of its own, which refuses
/// the origin or the method; from outside both look the same.
pub(crate) fn origin_granted_elsewhere(plan: &Plan, status: u16) -> Fix {
    let request = plan.request();
    let method = &request.method;
    let origin = &request.origin;
    Fix {
        server: format!(
            "grant the preflight for {method}: it got {status} without \
             Access-Control-Allow-Origin, while a GET to the same URL grants {origin}"
        ),
        cors_attribute: format!(
            "the #[cors(...)] of the handler serving {method} refuses the origin or the method \
             (a GET to this URL grants the origin): add \"{origin}\" to its `origins`, or \
             {method} to its `methods`"
        ),
        edits: Vec::new(),
    }
}

/// For an `https:` page calling an `http:` URL: nothing on the server's CORS headers helps.
pub(crate) fn mixed_content(plan: &Plan) -> Fix {
    let url = &plan.request().url;
    let secure = url.replacen("http://", "https://", 1);
    let device = match AddressSpace::of_host(url) {
        Some(AddressSpace::Local) => {
            "; for a device on the user's network that cannot serve HTTPS, Chrome 142+ lets the \
             page call it with `fetch(url, {targetAddressSpace: \"local\"})` once the user grants \
             the Local Network Access permission"
        }
        _ => "",
    };
    Fix {
        server: format!(
            "serve the API over HTTPS and have the page call {secure}; no CORS header can let an \
             https: page call {url}{device}"
        ),
        cors_attribute: "nothing in the attribute: the browser blocks the call before sending it"
            .to_owned(),
        edits: Vec::new(),
    }
}

/// For a redirect whose location carries a user name or password.
pub(crate) fn redirect_without_credentials(location: &str) -> Fix {
    Fix {
        server: format!(
            "redirect to a URL without `user:password@` (it was {location}); browsers refuse \
             to follow such a redirect in a cross-origin call"
        ),
        cors_attribute: "nothing in the attribute: change the redirect".to_owned(),
        edits: Vec::new(),
    }
}

/// For a chain of more than 20 redirects.
pub(crate) fn fewer_redirects(url: &str) -> Fix {
    Fix {
        server: format!(
            "answer {url} without sending the browser through more than 20 redirects (usually \
             a loop, such as a login page redirecting back to a page that redirects to it)"
        ),
        cors_attribute: "nothing in the attribute: change the redirects".to_owned(),
        edits: Vec::new(),
    }
}

/// For a tainted request (its `Origin` is `null` after a redirect from one foreign origin to
/// another), which only `*` grants.
pub(crate) fn tainted_origin(plan: &Plan) -> Fix {
    let request = &plan.request();
    let initial = plan.hop().initial_url.as_deref().unwrap_or(&request.url);
    Fix {
        server: format!(
            "have the page call {} directly: after the redirect from {initial} to another \
             origin the browser sends `Origin: null`, which only `Access-Control-Allow-Origin: \
             *` grants (never with credentials); or redirect within one origin",
            request.url
        ),
        cors_attribute: "#[cors] refuses the `null` origin on purpose: have the page call the \
                         final URL, or keep the redirect on the API's own origin"
            .to_owned(),
        edits: Vec::new(),
    }
}
