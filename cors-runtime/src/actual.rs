//! The grant on the responses of a `#[cors]` route's own requests (not preflights).

use actix_web::HttpRequest;
use actix_web::dev::ServiceRequest;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use cors_rules::Name;

use crate::logs::{Quoted, describe_origins, origin_advice, where_written};
use crate::observe::{self, AllowKey, Decision, Kind, Outcome, Reason};
use crate::policy::Policy;
use crate::route_log::{self, Admitted};
use crate::{grant, vary};

/// The `Access-Control-Allow-Origin` value an actual request earns, if any.
pub(crate) fn grant_for(policy: &Policy, request: &ServiceRequest) -> Option<HeaderValue> {
    let request = request.request();
    let Some(origin) = request.headers().get(header::ORIGIN) else {
        observe::count(policy, Kind::Request, Outcome::NoOrigin, None, request);
        return None;
    };
    let method = request.method().as_str();
    let allow_origin = policy.grant(origin, request);
    let refused = match allow_origin {
        None => Reason::Origin,
        Some(_) if !policy.allows_method(method.as_bytes()) => Reason::Method,
        Some(_) => {
            observe::count(policy, Kind::Request, Outcome::Granted, None, request);
            return allow_origin;
        }
    };
    observe::count(policy, Kind::Request, Outcome::Refused, Some(refused), request);
    if route_log::enabled(log::Level::Debug) {
        let why = match refused {
            Reason::Origin => format!(
                " (allowed: {}); {}",
                describe_origins(policy, request),
                origin_advice(policy, request, origin.as_bytes())
                    .fix("read the response", policy, request)
                    .unwrap_or_else(|| format!(
                        "the Origin header is not an origin a policy can list; nothing to change {}",
                        where_written(policy)
                    )),
            ),
            _ => format!(": the method is not in `methods` {}", where_written(policy)),
        };
        observe::write(
            module_path!(),
            Admitted { level: log::Level::Debug, suppressed: 0 },
            &decision(policy, request, origin, Outcome::Refused, refused),
            format_args!(
                "CORS: {} {} from origin {} gets no CORS headers{why}",
                Quoted(method.as_bytes()),
                Quoted(request.path().as_bytes()),
                Quoted(origin.as_bytes()),
            ),
        );
    }
    None
}

/// Under a policy rolled out report-only: logs and counts an actual request from `origin` the
/// policy would send no CORS headers, which the configuration it stands in for granted.
pub(crate) fn report(policy: &Policy, request: &HttpRequest, origin: &HeaderValue) {
    let method = request.method().as_str();
    let reason = if policy.grant(origin, request).is_none() {
        Reason::Origin
    } else if !policy.allows_method(method.as_bytes()) {
        Reason::Method
    } else {
        return;
    };
    observe::count(policy, Kind::Request, Outcome::WouldRefuse, Some(reason), request);
    let Some(admitted) = policy.log().refusal_level() else { return };
    let decision = decision(policy, request, origin, Outcome::WouldRefuse, reason);
    let origin_fix = (reason == Reason::Origin)
        .then(|| {
            origin_advice(policy, request, origin.as_bytes()).fix(
                "read the response",
                policy,
                request,
            )
        })
        .flatten();
    let why = match (origin_fix, decision.allow) {
        (Some(fix), _) => format!(
            "the origin is not allowed (allowed: {}); {fix}",
            describe_origins(policy, request),
        ),
        (None, Some((_, listed))) => format!(
            "method {listed} is not allowed; if pages should use it, add {listed} to `methods` {}",
            where_written(policy),
        ),
        (None, None) => format!(
            "the {} is not one a policy can list; nothing to change {}",
            reason.as_str(),
            where_written(policy),
        ),
    };
    observe::write(
        module_path!(),
        admitted,
        &decision,
        format_args!(
            "CORS report-only: {} {} from origin {} would get no CORS headers: {why}. Let through unchanged.{admitted}",
            Quoted(method.as_bytes()),
            Quoted(request.path().as_bytes()),
            Quoted(origin.as_bytes()),
        ),
    );
}

/// An actual request's decision, with the edit that would allow it when there is one.
fn decision<'a>(
    policy: &'a Policy,
    request: &'a HttpRequest,
    origin: &'a HeaderValue,
    outcome: Outcome,
    reason: Reason,
) -> Decision<'a> {
    let method = request.method().as_str();
    let allow = match reason {
        Reason::Origin => origin_advice(policy, request, origin.as_bytes())
            .edit()
            .map(|origin| (AllowKey::Origins, origin)),
        Reason::Method => matches!(cors_rules::check_method(method), Ok(Name::Listed(_)))
            .then_some((AllowKey::Methods, method)),
        Reason::Header | Reason::TooManyHeaders => None,
    };
    Decision {
        kind: Kind::Request,
        outcome,
        reason: Some(reason),
        policy,
        request,
        method: method.as_bytes(),
        origin: Some(origin.as_bytes()),
        header: None,
        allow,
    }
}

/// Makes the grant `allow_origin` (if any) the only CORS headers of a response of the route,
/// and appends `Vary: Origin`.
///
/// The policy is the only source of CORS headers on its route: any `Access-Control-*` header
/// the handler or the user's middleware wrote (a proxy copying upstream headers, code that
/// reflects `Origin`) is removed first, or it would grant origins, credentials or headers the
/// policy refuses.
pub(crate) fn add_grant(
    policy: &Policy,
    allow_origin: Option<HeaderValue>,
    headers: &mut HeaderMap,
) {
    remove_cors_headers(policy, headers);
    if let Some(allow_origin) = allow_origin {
        grant::insert_allow_origin(policy, allow_origin, headers);
        if let Some(expose) =
            policy.lists().and_then(|lists| lists.header_values.expose_headers.as_ref())
        {
            headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
        }
    }
    vary::append_origin(headers);
}

/// Removes every `Access-Control-*` header from a response of the route. One pass over the
/// names when there is none, the usual case; a name is cloned (a reference count at most) only
/// to remove it.
fn remove_cors_headers(policy: &Policy, headers: &mut HeaderMap) {
    while let Some(name) = headers.keys().find(|name| is_cors_header(name)).cloned() {
        headers.remove(&name);
        if route_log::enabled(log::Level::Debug) && policy.log().first_removal() {
            observe::headers_removed(
                module_path!(),
                policy,
                &name,
                format_args!(
                    "CORS: `{}` (or a middleware it wraps) set `{name}` itself; removed with every other Access-Control-* header it set, as the policy {} alone decides them (logged once per route)",
                    policy.handler(),
                    where_written(policy),
                ),
            );
        }
    }
}

/// Header names arrive lower-case, so one prefix comparison finds every CORS header.
fn is_cors_header(name: &HeaderName) -> bool {
    name.as_str().as_bytes().starts_with(b"access-control-")
}
