//! The catalogue of misconfigured servers: one route per CORS mistake a server can make, plus
//! correct routes, and the calls that exercise them with each engine's verdict.
//!
//! Both suites serve the same routes: cors-check's tests run every call of [`CASES`] through
//! the tester (its command line as Chromium, and in-process through `cors_check_core::actix` as
//! every engine), and the browser suite makes every call from a real page in Chromium, Firefox
//! and WebKit, where cors-check must agree. So every verdict below is checked against the
//! engine it names; Firefox's and WebKit's console lines, which the browser suite cannot read,
//! are read off their sources (see [`ConsoleLines`]).
//!
//! The routes grant (or fail to grant) the origin given to [`routes`]: [`APP`] in cors-check's
//! tests, the main page's origin in the browser suite. A correct route, like `#[cors]`, answers other
//! origins' preflights with 403 and no CORS headers.

mod cases;
mod fixture;
mod redirects;

pub use cases::CASES;
pub use fixture::FixtureServer;

use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};
use cors_check_core::{CorsErrorKind, CorsRequest, WarningKind};

use crate::engine::{Engine, PerEngine};

/// The page origin of the calls in cors-check's tests.
pub const APP: &str = "https://app.example";
/// An origin no route grants, for the calls in cors-check's tests.
pub const OTHER: &str = "https://evil.example";
/// The page the API serves itself, from which a [`Caller::Api`] call is made in a browser.
pub const API_PAGE: &str = "/page";
/// The API's own origin in-process, where URLs are paths: a [`Caller::Api`] call goes there.
pub const IN_PROCESS_API: &str = "http://localhost:8080";

/// Which page makes a call: the origin the routes grant, another one, or a page the API serves
/// itself (the same origin as the API: CORS does not apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    App,
    Other,
    Api,
}

/// One call to the catalogue and what each browser engine does with it.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// Says the behaviour, in `[a-z0-9_]`: the browser suite tags the call's URL with it.
    pub name: &'static str,
    pub path: &'static str,
    pub caller: Caller,
    pub method: &'static str,
    /// The headers the page's script sets.
    pub headers: &'static [(&'static str, &'static str)],
    /// `credentials: "include"`.
    pub credentials: bool,
    /// The error each engine reports, or `None` where it allows the call. An engine that runs
    /// its checks in another order reports another error for the same response.
    pub expected: PerEngine<Option<CorsErrorKind>>,
    /// What Firefox and WebKit print when they block the call.
    pub console: Option<ConsoleLines>,
    /// The method, header name or header value Chromium's message must quote, for the cases
    /// that are about one.
    pub quoted: Option<&'static str>,
    /// A warning cors-check's report must contain, judging as each engine (browsers do not
    /// warn).
    pub warning: PerEngine<Option<WarningKind>>,
    /// The preflights the browser sends again for the URLs it is redirected to.
    pub preflights_after_redirects: usize,
    /// The call is redirected to another origin of the same server (`localhost` for
    /// `127.0.0.1`), which an in-process check, whose URLs are paths, cannot follow: there it
    /// has no verdict.
    pub leaves_the_api: bool,
}

/// The console lines of a blocked call in Firefox and WebKit (Safari), which cors-check must
/// print word for word as that engine: read off Gecko's `nsCORSListenerProxy.cpp` and
/// `security.properties`, and WebKit's `CrossOriginAccessControl.cpp`,
/// `CrossOriginPreflightResultCache.cpp` and `NetworkCORSPreflightChecker.cpp`. Chromium's line
/// is judged against Chromium itself, in the browser suite.
#[derive(Debug, Clone, Copy)]
pub struct ConsoleLines {
    /// What follows [`FIREFOX_FRAME`]; or, where Firefox prints no CORS line, the page's
    /// rejection (`TypeError: ...`).
    pub firefox: &'static str,
    pub webkit: &'static str,
}

/// Every key of Firefox's messages starts so, then the URL.
pub const FIREFOX_FRAME: &str = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ";

impl Case {
    /// The console line `engine` prints for this call, when it is Firefox or WebKit and the
    /// call has [`ConsoleLines`].
    pub fn console_line(&self, engine: Engine) -> Option<String> {
        let lines = self.console?;
        match engine {
            Engine::Chromium => None,
            Engine::Firefox if lines.firefox.starts_with("TypeError") => {
                Some(lines.firefox.to_owned())
            }
            Engine::Firefox => Some(format!("{FIREFOX_FRAME}{}", lines.firefox)),
            Engine::WebKit => Some(lines.webkit.to_owned()),
        }
    }

    /// The call as cors-check's tests make it in-process: from [`APP`], [`OTHER`] or the API's
    /// own origin, to the path alone (to [`IN_PROCESS_API`] for the API's own page).
    pub fn request(&self) -> CorsRequest {
        self.request_to("")
    }

    /// The call to the API at `api` (`http://127.0.0.1:<port>`; empty in-process).
    pub fn request_to(&self, api: &str) -> CorsRequest {
        let (api, origin) = match self.caller {
            Caller::App => (api, APP),
            Caller::Other => (api, OTHER),
            Caller::Api if api.is_empty() => (IN_PROCESS_API, IN_PROCESS_API),
            Caller::Api => (api, api),
        };
        let url = format!("{api}{}", self.path);
        let mut request = CorsRequest::new(url, origin).with_method(self.method);
        for (name, value) in self.headers {
            request = request.with_header(*name, *value);
        }
        if self.credentials { request.with_credentials() } else { request }
    }
}

/// Stands for the granted origin in [`ANSWERS`].
const GRANTED: &str = "{granted}";

/// A route that sends the same headers to every method; only the preflight's status differs.
struct Answer {
    path: &'static str,
    preflight_status: u16,
    /// Appended in order, not inserted: some mistakes are two lines of one header.
    headers: &'static [(&'static str, &'static str)],
}

const ALLOW_ORIGIN: &str = "Access-Control-Allow-Origin";
const ALLOW_METHODS: &str = "Access-Control-Allow-Methods";
const ALLOW_HEADERS: &str = "Access-Control-Allow-Headers";

const ANSWERS: &[Answer] = &[
    Answer {
        path: "/wrong-allow-origin",
        preflight_status: 200,
        headers: &[(ALLOW_ORIGIN, "https://other.example")],
    },
    Answer {
        path: "/multiple-allow-origin",
        preflight_status: 200,
        headers: &[(ALLOW_ORIGIN, GRANTED), (ALLOW_ORIGIN, "https://other.example")],
    },
    Answer {
        path: "/allow-origin-twice",
        preflight_status: 200,
        headers: &[
            (ALLOW_ORIGIN, GRANTED),
            (ALLOW_ORIGIN, GRANTED),
            (ALLOW_METHODS, "PUT"),
            (ALLOW_HEADERS, "x-custom"),
        ],
    },
    // The most common pattern mistake: browsers compare the value with the origin, as text.
    Answer {
        path: "/pattern-allow-origin",
        preflight_status: 200,
        headers: &[(ALLOW_ORIGIN, "https://*.example.com")],
    },
    Answer {
        path: "/invalid-allow-origin",
        preflight_status: 200,
        headers: &[(ALLOW_ORIGIN, "app.example")],
    },
    Answer {
        path: "/missing-allow-credentials",
        preflight_status: 200,
        headers: &[(ALLOW_ORIGIN, GRANTED)],
    },
    Answer {
        path: "/wrong-allow-credentials",
        preflight_status: 200,
        headers: &[(ALLOW_ORIGIN, GRANTED), ("Access-Control-Allow-Credentials", "True")],
    },
    // A granted preflight failing with a server error (e.g. a handler that panics).
    Answer {
        path: "/preflight-error-status",
        preflight_status: 500,
        headers: &[(ALLOW_ORIGIN, GRANTED), (ALLOW_METHODS, "PUT"), (ALLOW_HEADERS, "x-custom")],
    },
    // A trailing-slash or HTTPS redirect placed before CORS.
    Answer { path: "/preflight-redirect", preflight_status: 308, headers: &[("Location", "/ok")] },
    Answer {
        path: "/granted-preflight-redirect",
        preflight_status: 307,
        headers: &[("Location", "/ok"), (ALLOW_ORIGIN, GRANTED)],
    },
    Answer {
        path: "/method-not-allowed",
        preflight_status: 200,
        headers: &[(ALLOW_ORIGIN, GRANTED), (ALLOW_METHODS, "GET, POST")],
    },
    Answer {
        path: "/header-not-allowed",
        preflight_status: 200,
        headers: &[
            (ALLOW_ORIGIN, GRANTED),
            (ALLOW_METHODS, "PUT"),
            (ALLOW_HEADERS, "content-type"),
        ],
    },
    Answer {
        path: "/unparsable-allow-methods",
        preflight_status: 200,
        headers: &[(ALLOW_ORIGIN, GRANTED), (ALLOW_METHODS, "GET PUT")],
    },
    Answer {
        path: "/unparsable-allow-headers",
        preflight_status: 200,
        headers: &[
            (ALLOW_ORIGIN, GRANTED),
            (ALLOW_METHODS, "PUT"),
            (ALLOW_HEADERS, "x-custom; content-type"),
        ],
    },
    Answer {
        path: "/wildcard-allow-headers",
        preflight_status: 200,
        headers: &[(ALLOW_ORIGIN, GRANTED), (ALLOW_METHODS, "PUT"), (ALLOW_HEADERS, "*")],
    },
    Answer {
        path: "/max-age-too-long",
        preflight_status: 200,
        headers: &[
            (ALLOW_ORIGIN, GRANTED),
            (ALLOW_METHODS, "PUT"),
            (ALLOW_HEADERS, "x-custom"),
            ("Access-Control-Max-Age", "86400"),
            ("Vary", "Origin"),
        ],
    },
];

/// The origin the routes grant.
#[derive(Debug)]
struct Granted(String);

/// Registers every route of the catalogue, granting `granted` where a route grants an origin.
pub fn routes(granted: &str) -> impl Fn(&mut web::ServiceConfig) + Clone + Send + 'static {
    let granted = web::Data::new(Granted(granted.to_owned()));
    move |config| {
        config
            .app_data(granted.clone())
            .route(API_PAGE, web::get().to(page))
            .route("/ok", web::to(correct))
            .route("/public", web::to(public))
            .route("/reflects-any-origin", web::to(reflect_any_origin))
            .route("/bare-204-refusal", web::to(bare_204_refusal))
            // Serves GET only: actix-web answers the preflight with 405 and no CORS headers.
            .route("/missing-allow-origin", web::get().to(HttpResponse::Ok));
        redirects::register(config);
        for answer in ANSWERS {
            config.route(
                answer.path,
                web::to(move |request: HttpRequest, granted: web::Data<Granted>| {
                    send(answer, request, granted)
                }),
            );
        }
    }
}

async fn send(answer: &Answer, request: HttpRequest, granted: web::Data<Granted>) -> HttpResponse {
    let is_preflight = is_preflight(&request);
    let status = if is_preflight { answer.preflight_status } else { 200 };
    let mut response =
        HttpResponse::build(StatusCode::from_u16(status).expect("the table holds valid statuses"));
    for &(name, value) in answer.headers {
        // Only the preflight is redirected: the actual call must reach the server.
        if !is_preflight && name == "Location" {
            continue;
        }
        let value = if value == GRANTED { granted.0.as_str() } else { value };
        response.append_header((name, value));
    }
    response.finish()
}

fn is_preflight(request: &HttpRequest) -> bool {
    request.method() == Method::OPTIONS
        && request.headers().contains_key("Access-Control-Request-Method")
}

fn origin(request: &HttpRequest) -> Option<&str> {
    request.headers().get("Origin").and_then(|origin| origin.to_str().ok())
}

/// What `#[cors(origins = [granted], methods = [GET, PUT, POST], headers = ["Content-Type",
/// "X-Custom"], credentials, max_age = 600)]` does.
async fn correct(request: HttpRequest, granted: web::Data<Granted>) -> HttpResponse {
    let granted = granted.0.as_str();
    let is_granted = origin(&request) == Some(granted);
    if is_preflight(&request) {
        if !is_granted {
            return HttpResponse::Forbidden().finish();
        }
        return HttpResponse::NoContent()
            .append_header((ALLOW_ORIGIN, granted))
            .append_header((ALLOW_METHODS, "GET, PUT, POST"))
            .append_header((ALLOW_HEADERS, "content-type, x-custom"))
            .append_header(("Access-Control-Allow-Credentials", "true"))
            .append_header(("Access-Control-Max-Age", "600"))
            .finish();
    }
    let mut response = HttpResponse::Ok();
    response.append_header(("Vary", "Origin"));
    if is_granted {
        response
            .append_header((ALLOW_ORIGIN, granted))
            .append_header(("Access-Control-Allow-Credentials", "true"));
    }
    response.finish()
}

/// A blank page on the API's own origin.
async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(r#"<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>API page</title>"#)
}

/// Like rs/cors: grants the origin and `PUT`, and refuses any request header with a bare 204
/// (no CORS header), which browsers report as a missing `Access-Control-Allow-Origin`.
async fn bare_204_refusal(request: HttpRequest, granted: web::Data<Granted>) -> HttpResponse {
    let asks_for_headers = request.headers().contains_key("Access-Control-Request-Headers");
    let mut response =
        if is_preflight(&request) { HttpResponse::NoContent() } else { HttpResponse::Ok() };
    response.append_header(("Vary", "Origin"));
    if is_preflight(&request) && asks_for_headers {
        return response.finish();
    }
    response
        .append_header((ALLOW_ORIGIN, granted.0.as_str()))
        .append_header((ALLOW_METHODS, "PUT"));
    response.finish()
}

/// A public API: `*`, and `Access-Control-Allow-Credentials: true` that cannot work with it.
async fn public(request: HttpRequest) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response
        .append_header((ALLOW_ORIGIN, "*"))
        .append_header(("Access-Control-Allow-Credentials", "true"));
    if is_preflight(&request) {
        response.append_header((ALLOW_METHODS, "*")).append_header((ALLOW_HEADERS, "*"));
    }
    response.finish()
}

/// Echoes any `Origin` with credentials: works for the page, and for every other site too.
async fn reflect_any_origin(request: HttpRequest) -> HttpResponse {
    let origin = origin(&request).unwrap_or("null").to_owned();
    HttpResponse::Ok()
        .append_header((ALLOW_ORIGIN, origin))
        .append_header(("Access-Control-Allow-Credentials", "true"))
        .finish()
}
