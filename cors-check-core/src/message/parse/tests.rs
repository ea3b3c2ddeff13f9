//! Real console lines, read back. The English lines are the tables' own wording as each
//! browser prints it (Chromium's trailing hint and network line included); the French and
//! German Firefox lines are hand-written after Firefox's translated `security.properties`
//! (their words may differ from a given release; only their URL, header names, quotes and
//! status are read).

use super::*;
use CorsErrorKind::*;

fn read(text: &str) -> ConsoleError {
    read_console_error(text).unwrap_or_else(|| panic!("not recognised: {text}"))
}

#[test]
fn chromium_preflight_line_with_its_hint_and_network_line() {
    let error = read(
        "Access to fetch at 'https://api.example.com/v1/items' from origin \
         'https://app.example.com' has been blocked by CORS policy: Response to preflight \
         request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is \
         present on the requested resource. If an opaque response serves your needs, set the \
         request's mode to 'no-cors' to fetch the resource with CORS disabled.\n\
         app.js:12  GET https://api.example.com/v1/items net::ERR_FAILED 403 (Forbidden)",
    );
    assert_eq!(error.browser, Browser::Chromium);
    assert_eq!(error.kinds, [PreflightMissingAllowOriginHeader]);
    assert_eq!(error.url.as_deref(), Some("https://api.example.com/v1/items"));
    assert_eq!(error.origin.as_deref(), Some("https://app.example.com"));
}

#[test]
fn chromium_lines_quote_the_method_header_or_value() {
    let header = read(
        "localhost/:1 Access to XMLHttpRequest at 'http://localhost:8080/api' from origin \
         'http://localhost:3000' has been blocked by CORS policy: Request header field \
         x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.",
    );
    assert_eq!(header.kinds, [HeaderDisallowedByPreflightResponse]);
    assert_eq!(header.value.as_deref(), Some("x-api-key"));
    assert_eq!(header.origin.as_deref(), Some("http://localhost:3000"));
    let wildcard = read(
        "Access to fetch at 'https://api.example.com/me' from origin 'https://app.example.com' \
         has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header \
         in the response must not be the wildcard '*' when the request's credentials mode is \
         'include'.",
    );
    assert_eq!(wildcard.kinds, [WildcardOriginNotAllowed]);
    let mismatch = read(
        "Access to fetch at 'https://api.example.com/me' from origin 'https://app.example.com' \
         has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value \
         'https://www.example.com' that is not equal to the supplied origin. Have the server \
         send the header with a valid value.",
    );
    assert_eq!(mismatch.kinds, [AllowOriginMismatch]);
    assert_eq!(mismatch.value.as_deref(), Some("https://www.example.com"));
}

#[test]
fn chromium_reasons_outside_the_table_keep_url_and_origin() {
    let error = read(
        "Access to fetch at 'http://192.168.1.20/api' from origin 'https://app.example.com' has \
         been blocked by CORS policy: Permission was denied for this request to access the \
         `unknown` address space.",
    );
    assert_eq!((error.browser, error.kinds.len()), (Browser::Chromium, 0));
    assert_eq!(error.url.as_deref(), Some("http://192.168.1.20/api"));
    assert_eq!(error.origin.as_deref(), Some("https://app.example.com"));
}

#[test]
fn firefox_english_lines_give_url_status_and_both_exchanges() {
    let error = read(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
         resource at https://api.example.com/v1/items. (Reason: CORS header \
         ‘Access-Control-Allow-Origin’ missing). Status code: 403.",
    );
    assert_eq!(error.browser, Browser::Firefox);
    assert_eq!(error.kinds, [MissingAllowOriginHeader, PreflightMissingAllowOriginHeader]);
    assert_eq!(error.url.as_deref(), Some("https://api.example.com/v1/items"));
    assert_eq!((error.status, error.origin, error.translated), (Some(403), None, false));
    let wildcard = read(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
         resource at ‘https://api.example.com/me’. (Reason: Credential is not supported if the \
         CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
    );
    assert_eq!(wildcard.kinds, [WildcardOriginNotAllowed, PreflightWildcardOriginNotAllowed]);
    assert_eq!(wildcard.url.as_deref(), Some("https://api.example.com/me"));
}

#[test]
fn firefox_french_and_german_lines_are_read_by_structure() {
    let french = read(
        "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin \
         » ne permet pas de consulter la ressource distante située sur \
         https://api.example.com/v1/items. Raison : l’en-tête CORS « \
         Access-Control-Allow-Origin » est manquant. Code d’état : 403.",
    );
    assert!(french.translated);
    assert_eq!(french.kinds, [MissingAllowOriginHeader, PreflightMissingAllowOriginHeader]);
    assert_eq!(french.status, Some(403));
    let german = read(
        "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel \
         verbietet das Lesen der externen Ressource auf https://api.example.com/v1/items. \
         (Grund: Kopfzeile „x-api-key“ ist gemäß Kopfzeile „Access-Control-Allow-Headers“ der \
         CORS-Preflight-Antwort nicht zulässig).",
    );
    assert_eq!(german.kinds, [HeaderDisallowedByPreflightResponse]);
    assert_eq!(german.value.as_deref(), Some("x-api-key"));
    let method = read(
        "Blocage d’une requête multiorigine (Cross-Origin Request) : la politique « Same Origin \
         » ne permet pas de consulter la ressource distante située sur https://api.example.com/x. \
         Raison : méthode introuvable dans l’en-tête CORS « Access-Control-Allow-Methods ».",
    );
    assert_eq!(method.kinds, [MethodDisallowedByPreflightResponse]);
    let credentials = read(
        "Quellübergreifende (Cross-Origin) Anfrage blockiert: Die Gleiche-Quelle-Regel \
         verbietet das Lesen der externen Ressource auf https://api.example.com/me. (Grund: \
         Credentials werden nicht unterstützt, wenn die CORS-Kopfzeile \
         „Access-Control-Allow-Origin“ „*“ ist).",
    );
    assert_eq!(credentials.kinds, [WildcardOriginNotAllowed, PreflightWildcardOriginNotAllowed]);
}

#[test]
fn safari_reason_and_its_fetch_line_together() {
    let error = read(
        "[Error] Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. \
         Status code: 403\n[Error] Fetch API cannot load https://api.example.com/v1/items due \
         to access control checks.",
    );
    assert_eq!(error.browser, Browser::Safari);
    assert!(error.kinds.contains(&PreflightMissingAllowOriginHeader));
    assert!(error.kinds.contains(&AllowOriginMismatch));
    assert_eq!(error.origin.as_deref(), Some("https://app.example.com"));
    assert_eq!(error.url.as_deref(), Some("https://api.example.com/v1/items"));
    assert_eq!(error.status, Some(403));
    let method = read("[Error] Method PUT is not allowed by Access-Control-Allow-Methods.");
    assert_eq!(method.kinds, [MethodDisallowedByPreflightResponse]);
    assert_eq!(method.value.as_deref(), Some("PUT"));
    let bare =
        read("Fetch API cannot load https://api.example.com/x due to access control checks.");
    assert_eq!((bare.browser, bare.kinds.len()), (Browser::Safari, 0));
}

#[test]
fn text_of_no_engine_is_not_read() {
    assert_eq!(read_console_error("TypeError: Failed to fetch"), None);
    assert_eq!(read_console_error(""), None);
}

#[test]
fn every_line_of_every_table_is_read_back_as_its_kind() {
    for browser in Browser::ALL {
        for kind in CorsErrorKind::ALL.into_iter().filter(|kind| is_console_line(browser, *kind)) {
            for value in ["x-custom", "https://other.example"] {
                let blocked = Blocked {
                    kind,
                    url: "https://api.example/data",
                    origin: "https://app.example",
                    status: 403,
                    value,
                    header: value,
                    lines: 1,
                    redirected_from: None,
                };
                let line = blocked.console_message(browser);
                let error = read(&line);
                assert_eq!(error.browser, browser, "{line}");
                assert!(error.kinds.contains(&kind), "{kind} not read from {line}: {error:?}");
                let quoted = blocked.quoted(browser);
                if !quoted.is_empty() && line.contains(quoted) {
                    assert_eq!(error.value.as_deref(), Some(quoted), "{line}");
                }
                if browser != Browser::Safari {
                    assert_eq!(error.url.as_deref(), Some("https://api.example/data"), "{line}");
                }
            }
        }
    }
}

#[test]
fn mixed_content_lines_give_the_pages_origin_and_the_url() {
    let chromium = read(
        "Mixed Content: The page at 'https://app.example.com/orders/12' was loaded over HTTPS, \
         but requested an insecure resource 'http://api.example.com/v1/orders'. This request \
         has been blocked; the content must be served over HTTPS.",
    );
    assert_eq!(chromium.kinds, [MixedContent]);
    assert_eq!(chromium.origin.as_deref(), Some("https://app.example.com"));
    assert_eq!(chromium.url.as_deref(), Some("http://api.example.com/v1/orders"));
    let safari = read(
        "[blocked] The page at https://app.example.com/orders requested insecure content from \
         http://api.example.com/v1/orders. This content was blocked and must be served over \
         HTTPS.",
    );
    assert_eq!((safari.browser, safari.kinds.as_slice()), (Browser::Safari, &[MixedContent][..]));
    assert_eq!(safari.origin.as_deref(), Some("https://app.example.com"));
    // Firefox's page rejection follows every failed fetch: it names no cause.
    assert_eq!(
        read_console_error("TypeError: NetworkError when attempting to fetch resource."),
        None
    );
}

#[test]
fn a_url_of_quotes_alone_is_no_url() {
    // Found by the console_error fuzz target: Firefox's frame with a lone quote for the URL.
    let text = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
                resource at ‘. (Reason: Credccess-Cont";
    assert_eq!(read_console_error(text), None);
}
