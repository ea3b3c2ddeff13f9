//! What to change on the server for each way a call can be blocked: which fix, with the values
//! that decided it, and its edits (the headers to send, the `#[cors(...)]` keys to change). Its
//! words are written in `render::fix`.

use crate::message::CorsErrorKind;
use crate::plan::Plan;
use crate::url::AddressSpace;
use crate::vocabulary::{Edit, Exchange, Fix, FixKind};

/// A fix no header or key expresses.
fn without_edits(kind: FixKind) -> Fix {
    Fix { kind, edits: Vec::new() }
}

/// The listed methods or header names worth keeping in the fixed list: `*` counts only for a call
/// without credentials.
fn items_that_count(listed: &[String], plan: &Plan) -> Vec<String> {
    listed.iter().filter(|item| *item != "*" || !plan.request().credentials).cloned().collect()
}

/// For the `Access-Control-Allow-Origin` failures (on the preflight or the actual response).
pub(crate) fn allow_origin(kind: CorsErrorKind, exchange: Exchange, plan: &Plan) -> Fix {
    let request = plan.request();
    let origin = &request.origin;
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
    let kind = FixKind::AllowOrigin {
        error: kind,
        on: exchange,
        method: request.method.clone(),
        origin: origin.clone(),
    };
    Fix { kind, edits }
}

/// For a credentialed call without `Access-Control-Allow-Credentials: true`.
pub(crate) fn allow_credentials(exchange: Exchange, plan: &Plan) -> Fix {
    Fix {
        kind: FixKind::AllowCredentials { on: exchange, method: plan.request().method.clone() },
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
        kind: FixKind::OkStatus { status },
        edits: vec![Edit::PreflightStatusOk { instead_of: status }],
    }
}

/// For a preflight refused with `status` and no `Access-Control-Allow-Origin`, where the
/// browser names the status (Safari): both must change, and the origin is what servers refuse
/// so (`#[cors]` does for an origin it does not list).
pub(crate) fn ok_status_and_allow_origin(plan: &Plan, status: u16) -> Fix {
    let origin =
        allow_origin(CorsErrorKind::PreflightMissingAllowOriginHeader, Exchange::Preflight, plan);
    let request = plan.request();
    Fix {
        kind: FixKind::OkStatusAndAllowOrigin {
            status,
            method: request.method.clone(),
            origin: request.origin.clone(),
        },
        edits: [Edit::PreflightStatusOk { instead_of: status }]
            .into_iter()
            .chain(origin.edits)
            .collect(),
    }
}

/// For a redirected preflight.
pub(crate) fn no_redirect(url: &str, location: &str) -> Fix {
    without_edits(FixKind::NoRedirect { url: url.to_owned(), location: location.to_owned() })
}

/// For an `Access-Control-Allow-Methods` or `-Headers` value that is not a list of tokens.
pub(crate) fn parsable_list(
    header: &'static str,
    valid_items: &[String],
    invalid_item: &str,
) -> Fix {
    without_edits(FixKind::ParsableList {
        header,
        valid_items: valid_items.to_vec(),
        invalid_item: invalid_item.to_owned(),
    })
}

/// For a method missing from `Access-Control-Allow-Methods`. A method that is not upper-case is
/// also a page bug: `fetch()` sends `patch` as written, and servers list `PATCH`.
pub(crate) fn allow_method(plan: &Plan, allowed_methods: &[String]) -> Fix {
    let method = &plan.request().method;
    let upper_case = method.to_ascii_uppercase();
    if allowed_methods.contains(&upper_case) {
        return without_edits(FixKind::MethodCase { method: method.clone() });
    }
    let mut methods = items_that_count(allowed_methods, plan);
    methods.push(upper_case.clone());
    Fix {
        edits: vec![
            Edit::SendHeader {
                on: Exchange::Preflight,
                name: "Access-Control-Allow-Methods",
                value: methods.join(", "),
            },
            Edit::AddToKey { key: "methods", entry: upper_case },
        ],
        kind: FixKind::AllowMethod { method: method.clone(), methods },
    }
}

/// For request headers missing from `Access-Control-Allow-Headers`; `missing` lists all of them,
/// lower-case, so one fix covers every header rather than only the one Chromium names.
/// `unprobed` (lower-case too) are those the refusal probes did not try alone.
pub(crate) fn allow_headers(
    plan: &Plan,
    allowed_names: &[String],
    missing: &[String],
    unprobed: &[String],
) -> Fix {
    let spellings: Vec<String> = missing.iter().map(|name| plan.header_spelling(name)).collect();
    let mut names = items_that_count(allowed_names, plan);
    names.extend(spellings.iter().cloned());
    let edits = [Edit::SendHeader {
        on: Exchange::Preflight,
        name: "Access-Control-Allow-Headers",
        value: names.join(", "),
    }]
    .into_iter()
    .chain(
        spellings
            .iter()
            .map(|name| Edit::AddToKey { key: "headers", entry: format!("\"{name}\"") }),
    )
    .collect();
    let unprobed = unprobed.iter().map(|name| plan.header_spelling(name)).collect();
    Fix { kind: FixKind::AllowHeaders { names, missing: spellings, unprobed }, edits }
}

/// For a preflight nothing answers (`status` 404 or 405) on a URL that grants the origin to a
/// `GET`: no route for the method answers preflights.
pub(crate) fn method_without_preflight_route(plan: &Plan, status: u16) -> Fix {
    let request = plan.request();
    Fix {
        kind: FixKind::MethodWithoutPreflightRoute {
            method: request.method.clone(),
            origin: request.origin.clone(),
            status,
        },
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
                value: request.method.clone(),
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
    without_edits(FixKind::OriginGrantedElsewhere {
        method: request.method.clone(),
        origin: request.origin.clone(),
        status,
    })
}

/// For an `https:` page calling an `http:` URL: nothing on the server's CORS headers helps.
pub(crate) fn mixed_content(plan: &Plan) -> Fix {
    let url = &plan.request().url;
    without_edits(FixKind::MixedContent { url: url.clone(), space: AddressSpace::of_host(url) })
}

/// For a redirect whose location carries a user name or password.
pub(crate) fn redirect_without_credentials(location: &str) -> Fix {
    without_edits(FixKind::RedirectWithoutCredentials { location: location.to_owned() })
}

/// For a chain of more than 20 redirects.
pub(crate) fn fewer_redirects(url: &str) -> Fix {
    without_edits(FixKind::FewerRedirects { url: url.to_owned() })
}

/// For a tainted request (its `Origin` is `null` after a redirect from one foreign origin to
/// another), which only `*` grants.
pub(crate) fn tainted_origin(plan: &Plan) -> Fix {
    let request = &plan.request();
    let initial = plan.hop().initial_url.as_deref().unwrap_or(&request.url);
    without_edits(FixKind::TaintedOrigin {
        url: request.url.clone(),
        initial_url: initial.to_owned(),
    })
}
