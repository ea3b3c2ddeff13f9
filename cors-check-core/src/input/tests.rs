//! The parsers against samples of each format (`tests/devtools/`, hand-written from the
//! documented formats; see its README).

use super::*;
use crate::message::CorsErrorKind;

const CHROMIUM_CURL: &str = include_str!("../../tests/devtools/chromium.curl");
const FIREFOX_CURL: &str = include_str!("../../tests/devtools/firefox.curl");
const CHROMIUM_FETCH: &str = include_str!("../../tests/devtools/chromium.fetch.js");
const FIREFOX_FETCH: &str = include_str!("../../tests/devtools/firefox.fetch.js");
const CHROMIUM_HAR: &str = include_str!("../../tests/devtools/chromium.har");
const FIREFOX_HAR: &str = include_str!("../../tests/devtools/firefox.har");

fn header_names(request: &CorsRequest) -> Vec<&str> {
    request.headers().iter().map(|(name, _)| name.as_str()).collect()
}

#[test]
fn chromium_curl_keeps_the_pages_headers_and_reads_cookies_as_credentials() {
    let call = read_copied_request(CHROMIUM_CURL).unwrap();
    let request = call.request().unwrap();
    assert_eq!(request.url(), "https://api.example.com/v1/items/3");
    assert_eq!((request.method(), request.origin()), ("PUT", "https://app.example.com"));
    assert!(request.credentials());
    assert_eq!(
        header_names(&request),
        ["accept", "accept-language", "content-type", "x-request-id"]
    );
    let left_out = call.notes.iter().find_map(|note| match note {
        Note::BrowserHeadersLeftOut { names } => Some(names),
        _ => None,
    });
    let left_out = left_out.expect("the browser's headers are left out, and said so");
    assert!(left_out.iter().any(|name| name == "sec-fetch-mode"), "{left_out:?}");
    assert!(left_out.iter().any(|name| name == "user-agent"), "{left_out:?}");
    assert_eq!(request.cookie(), Some("session=abc123; theme=dark"));
    assert!(command_line(&request).ends_with("--credentials --cookie '<secret>'"));
}

#[test]
fn firefox_curl_post_from_data_and_devtools_no_cache_pair_left_out() {
    let call = read_copied_request(FIREFOX_CURL).unwrap();
    let request = call.request().unwrap();
    assert_eq!(request.method(), "POST");
    assert!(!request.credentials());
    assert_eq!(header_names(&request), ["Accept", "Accept-Language", "Content-Type"]);
    assert!(call.notes.contains(&Note::NoCookieInCopy), "{:?}", call.notes);
}

#[test]
fn bash_quoting_is_undone() {
    let copy = curl::parse(CHROMIUM_CURL).unwrap();
    assert!(copy.body);
    let words = "curl $'https://a.example/x\\u0041' -H \"X-A: \\\"q\\\"\" -H 'X-B: it'\\''s'";
    let copy = curl::parse(words).unwrap();
    assert_eq!(copy.url, "https://a.example/xA");
    assert_eq!(copy.headers, [("X-A".into(), "\"q\"".into()), ("X-B".into(), "it's".into())]);
    assert_eq!(curl::parse("curl 'https://a.example").err(), Some(InputError::CurlUnclosedQuote));
    assert_eq!(curl::parse("curl -H 'X: 1'").err(), Some(InputError::CurlWithoutUrl));
    let no_colon = InputError::CurlHeaderWithoutColon { option: "--header".into() };
    assert_eq!(curl::parse("curl https://a.example --header 'X'").err(), Some(no_colon));
    let no_value = InputError::CurlOptionWithoutValue { option: "-H".into() };
    assert_eq!(curl::parse("curl https://a.example -H").err(), Some(no_value));
    // `\udfff` is a lone surrogate: hexadecimal, but no character.
    let bad_escape = InputError::CurlBadEscape { digits: "dfff".into() };
    assert_eq!(curl::parse("curl $'https://a.example/\\udfff'").err(), Some(bad_escape));
}

#[test]
fn chromium_fetch_gives_method_credentials_and_origin_from_the_referrer() {
    let call = read_copied_request(CHROMIUM_FETCH).unwrap();
    let request = call.request().unwrap();
    assert_eq!((request.method(), request.origin()), ("PATCH", "https://app.example.com"));
    assert!(request.credentials());
    assert_eq!(
        header_names(&request),
        ["accept", "accept-language", "content-type", "x-request-id"]
    );
    assert!(
        call.notes.iter().any(|note| matches!(note, Note::OriginFromReferrer { origin, .. }
            if origin == "https://app.example.com")),
        "{:?}",
        call.notes
    );
}

#[test]
fn firefox_fetch_with_await_and_credentials_omit() {
    let request = read_copied_request(FIREFOX_FETCH).unwrap().request().unwrap();
    assert_eq!(request.url(), "https://api.example.com/v1/me");
    assert!(!request.credentials());
    assert_eq!(header_names(&request), ["Accept", "Accept-Language", "Authorization"]);
    let url_not_json = InputError::FetchNotJson { part: FetchPart::Url };
    assert_eq!(read_copied_request("fetch(url, {})").unwrap_err(), url_not_json);
    let options_not_json = InputError::FetchNotJson { part: FetchPart::Options };
    assert_eq!(
        read_copied_request("fetch(\"https://a.example\", {x})").unwrap_err(),
        options_not_json
    );
    let neither = read_copied_request("wget https://a.example").unwrap_err();
    assert_eq!(neither, InputError::NotACopiedRequest);
}

#[test]
fn har_files_of_both_browsers_give_the_same_cross_origin_calls() {
    for har in [CHROMIUM_HAR, FIREFOX_HAR] {
        let calls = read_har(har).unwrap();
        let entries: Vec<usize> = calls.iter().map(|call| call.entry).collect();
        assert_eq!(entries, [2, 3, 5, 6], "same-origin, image and preflight entries are no calls");
        let put = &calls[0].request;
        assert_eq!(put.method(), "PUT");
        assert_eq!(header_names(put).len(), 3, "{put:?}");
        assert!(calls[0].preflight.is_some() && calls[0].actual.is_none());
        assert!(calls[1].request.credentials() && !calls[2].request.credentials());
        assert_eq!(calls[1].request.cookie(), Some("session=abc123"));
    }
}

#[test]
fn offline_judgement_ranks_the_cause_of_the_most_entries_first() {
    for har in [CHROMIUM_HAR, FIREFOX_HAR] {
        let result = judge_offline(read_har(har).unwrap());
        let kinds: Vec<Option<CorsErrorKind>> =
            result.rows.iter().map(|row| row.outcome.as_ref().unwrap().error_kind()).collect();
        assert_eq!(
            kinds,
            [
                Some(CorsErrorKind::WildcardOriginNotAllowed),
                Some(CorsErrorKind::MethodDisallowedByPreflightResponse),
                None,
            ]
        );
        assert_eq!(result.rows[0].entries, [3, 6]);
        assert_eq!(result.blocked(), 2);
        let text = result.to_string();
        assert!(
            text.starts_with("3 cross-origin call(s): 2 blocked, 0 without a verdict, 1 allowed")
        );
        assert!(text.contains("missing-vary-origin"), "{text}");
    }
}

#[test]
fn bad_har_input_is_refused_with_a_reason() {
    let not_json = read_har("{\"log\": ").unwrap_err();
    assert!(matches!(not_json, InputError::HarInvalidJson { .. }), "{not_json:?}");
    assert_eq!(read_har("{\"entries\": []}").unwrap_err(), InputError::HarWithoutEntries);
    let entry = r#"{"request": {"method": "GET", "url": "https://a.example/"}, "response": {"status": 200}}"#;
    let many =
        format!("{{\"log\": {{\"entries\": [{}]}}}}", vec![entry; MAX_HAR_ENTRIES + 1].join(","));
    let too_many = InputError::HarTooManyEntries { entries: MAX_HAR_ENTRIES + 1 };
    assert_eq!(read_har(&many).unwrap_err(), too_many);
    let huge = " ".repeat(MAX_HAR_BYTES + 1);
    assert_eq!(read_har(&huge).unwrap_err(), InputError::HarTooLarge { bytes: MAX_HAR_BYTES + 1 });
    let no_url = r#"{"log": {"entries": [{"request": {"method": "GET"}}]}}"#;
    let no_request = read_har(no_url).unwrap_err();
    assert_eq!(no_request, InputError::HarEntryWithoutRequest { index: 0 });
    // One snapshot of the words, which the command line prints.
    assert_eq!(no_request.to_string(), "HAR entry 0 has no request method and URL");
}

#[test]
fn console_errors_say_what_they_leave_open() {
    let preflight = explain(
        "Access to fetch at 'https://api.example.com/v1/items' from origin \
         'https://app.example.com' has been blocked by CORS policy: Response to preflight \
         request doesn't pass access control check: It does not have HTTP ok status.",
    )
    .unwrap();
    assert!(preflight.call.notes.contains(&Note::PreflightCauseUnknown));
    assert_eq!(Note::PreflightCauseUnknown.leaves_open(), [Open::Method, Open::Headers]);
    let firefox = explain(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
         resource at https://api.example.com/v1/items. (Reason: Did not find method in CORS \
         header ‘Access-Control-Allow-Methods’).",
    )
    .unwrap();
    assert_eq!(firefox.call.missing(), [Missing::Origin]);
    let not_cors = explain("Uncaught TypeError: Failed to fetch").unwrap_err();
    assert_eq!(not_cors, InputError::NotAConsoleError);
    let header = explain(
        "Access to fetch at 'https://api.example.com/v1/items' from origin \
         'https://app.example.com' has been blocked by CORS policy: Request header field \
         x-request-id is not allowed by Access-Control-Allow-Headers in preflight response.",
    )
    .unwrap();
    let request = header.call.request().unwrap();
    assert_eq!(request.headers(), [("x-request-id".to_owned(), "1".to_owned())]);
    assert_eq!(
        command_line(&request),
        "cors-check https://api.example.com/v1/items --origin https://app.example.com --header \
         'x-request-id: 1'"
    );
}

#[test]
fn a_line_for_both_exchanges_is_named_once() {
    let firefox = explain(
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
         resource at https://api.example.com/x. (Reason: CORS header \
         ‘Access-Control-Allow-Origin’ missing). Status code: 404.",
    )
    .unwrap();
    assert_eq!(firefox.reason(), "MissingAllowOriginHeader (on the preflight or on the call)");
    let chromium = explain(
        "Access to fetch at 'https://api.example.com/x' from origin 'https://app.example.com' \
         has been blocked by CORS policy: Response to preflight request doesn't pass access \
         control check: It does not have HTTP ok status.",
    )
    .unwrap();
    assert_eq!(chromium.reason(), "PreflightInvalidStatus");
}

#[test]
fn a_scripted_call_without_origin_takes_the_referrers() {
    let har = r#"{"log": {"entries": [{
        "_resourceType": "xhr",
        "request": {"method": "GET", "url": "https://api.example.com/v1/me",
                    "headers": [{"name": "Referer", "value": "https://app.example.com/account"}]},
        "response": {"status": 200, "headers": []}
    }]}}"#;
    let calls = read_har(har).unwrap();
    assert_eq!(calls[0].request.origin(), "https://app.example.com");
}

#[test]
fn chromiums_network_line_gives_the_method() {
    let explanation = explain(
        "Access to fetch at 'https://api.example.com/v1/items/3' from origin \
         'https://app.example.com' has been blocked by CORS policy: Response to preflight \
         request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is \
         present on the requested resource.\n\
         items.js:41  PUT https://api.example.com/v1/items/3 net::ERR_FAILED",
    )
    .unwrap();
    assert_eq!(explanation.call.method.as_deref(), Some("PUT"));
    assert!(
        explanation.call.notes.iter().all(|note| !note.leaves_open().contains(&Open::Method)),
        "{:?}",
        explanation.call.notes
    );
    assert!(explanation.call.notes.contains(&Note::MethodFromNetworkLine { method: "PUT".into() }));
}

#[test]
fn a_note_renders_as_the_sentence_the_cli_and_the_page_print() {
    let note = Note::HeaderValueUnknown { name: "X-Id".to_owned() };
    assert_eq!(
        note.to_string(),
        "the line names the header X-Id but not its value: checked with 'X-Id: 1' (add --header \
         'X-Id: ...' for the page's value, and any other header it sets)"
    );
    assert_eq!(note.leaves_open(), [Open::Headers]);
}
