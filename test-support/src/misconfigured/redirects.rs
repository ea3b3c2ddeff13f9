//! Routes that redirect the call, as the browser follows it: within the API, to another origin
//! of the same server (`localhost` for `127.0.0.1` and back, so the browser's `Origin` becomes
//! `null`), and to a URL with a user name and password, which the browser refuses. Each
//! redirect grants the origin (the browser checks CORS on the redirect itself) unless the route
//! is about a redirect that does not, and keeps the query, which tags the browser suite's calls.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};

use super::{ALLOW_HEADERS, ALLOW_METHODS, ALLOW_ORIGIN, Granted, is_preflight};

/// Where a route sends the call.
#[derive(Clone, Copy)]
enum Target {
    /// This path on the API's own origin.
    SameOrigin(&'static str),
    /// This path on the server's other loopback name.
    OtherOrigin(&'static str),
    /// `/ok` with `user:secret@` in the URL.
    WithUserinfo,
}

/// A redirecting route: its path, status, target, and whether the redirect grants the origin.
struct Redirect {
    path: &'static str,
    status: u16,
    target: Target,
    grants: bool,
}

const REDIRECTS: &[Redirect] = &[
    Redirect {
        path: "/redirect/found",
        status: 302,
        target: Target::SameOrigin("/ok"),
        grants: true,
    },
    Redirect {
        path: "/redirect/temporary",
        status: 307,
        target: Target::SameOrigin("/ok"),
        grants: true,
    },
    Redirect {
        path: "/redirect/see-other",
        status: 303,
        target: Target::SameOrigin("/ok"),
        grants: true,
    },
    Redirect {
        path: "/redirect/bare",
        status: 302,
        target: Target::SameOrigin("/ok"),
        grants: false,
    },
    Redirect {
        path: "/redirect/other-origin",
        status: 302,
        target: Target::OtherOrigin("/ok"),
        grants: true,
    },
    Redirect {
        path: "/redirect/other-origin-public",
        status: 302,
        target: Target::OtherOrigin("/public"),
        grants: true,
    },
    Redirect {
        path: "/redirect/userinfo",
        status: 302,
        target: Target::WithUserinfo,
        grants: true,
    },
    // To itself, for ever: the 21st redirect is a network error.
    Redirect {
        path: "/redirect/loop",
        status: 302,
        target: Target::SameOrigin("/redirect/loop"),
        grants: true,
    },
];

/// Registers the redirecting routes.
pub(super) fn register(config: &mut web::ServiceConfig) {
    for redirect in REDIRECTS {
        config.route(
            redirect.path,
            web::to(move |request: HttpRequest, granted: web::Data<Granted>| {
                answer(redirect, request, granted)
            }),
        );
    }
}

async fn answer(
    redirect: &Redirect,
    request: HttpRequest,
    granted: web::Data<Granted>,
) -> HttpResponse {
    let granted = granted.0.as_str();
    if is_preflight(&request) {
        // Every preflight for a redirecting route is granted: the redirect is about the call.
        return HttpResponse::NoContent()
            .append_header((ALLOW_ORIGIN, granted))
            .append_header((ALLOW_METHODS, "GET, PUT, POST"))
            .append_header((ALLOW_HEADERS, "content-type, x-custom"))
            .append_header(("Access-Control-Allow-Credentials", "true"))
            .finish();
    }
    let status = StatusCode::from_u16(redirect.status).expect("the table holds valid statuses");
    let mut response = HttpResponse::build(status);
    response.append_header((LOCATION, location(redirect.target, &request)));
    if redirect.grants {
        response
            .append_header((ALLOW_ORIGIN, granted))
            .append_header(("Access-Control-Allow-Credentials", "true"))
            .append_header(("Vary", "Origin"));
    }
    response.finish()
}

/// The `Location` for `target`, keeping the request's query.
fn location(target: Target, request: &HttpRequest) -> String {
    let query = match request.query_string() {
        "" => String::new(),
        query => format!("?{query}"),
    };
    let host = request.connection_info().host().to_owned();
    match target {
        Target::SameOrigin(path) => format!("{path}{query}"),
        Target::OtherOrigin(path) => format!("http://{}{path}{query}", other_name(&host)),
        Target::WithUserinfo => format!("http://user:secret@{host}/ok{query}"),
    }
}

/// The same server under its other loopback name: another origin, the same port.
fn other_name(host: &str) -> String {
    match host.strip_prefix("127.0.0.1") {
        Some(port) => format!("localhost{port}"),
        None => match host.strip_prefix("localhost") {
            Some(port) => format!("127.0.0.1{port}"),
            None => host.to_owned(),
        },
    }
}
