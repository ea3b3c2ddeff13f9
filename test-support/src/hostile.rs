//! Inputs crafted to make cors-check's readers work hard, at any size: the shapes of the third
//! security review's findings N4 (HAR files) and N5 (pasted console lines). The tests use them
//! scaled down; `cargo run --release -p cors-check --example hostile_inputs` writes them at
//! the review's sizes for measuring the release binary.

/// One HAR entry: `method url`, its request headers, and a `200` answer with `answer_headers`.
fn entry(
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    answer_headers: &[(&str, &str)],
) -> String {
    let list = |headers: &[(&str, &str)]| {
        let items: Vec<String> = headers
            .iter()
            .map(|(name, value)| format!(r#"{{"name":"{name}","value":"{value}"}}"#))
            .collect();
        items.join(",")
    };
    format!(
        r#"{{"request":{{"method":"{method}","url":"{url}","headers":[{}]}},"response":{{"status":200,"headers":[{}]}}}}"#,
        list(headers),
        list(answer_headers)
    )
}

fn har(entries: &[String]) -> String {
    format!(r#"{{"log":{{"version":"1.2","entries":[{}]}}}}"#, entries.join(","))
}

/// `preflights` preflights, each with `padding` header lines whose names are as long as
/// `Access-Control-Request-Method` and share most of its start (so that comparing them with it
/// reads most bytes), then
/// `calls` calls to URLs no preflight was for: a reader that looks back through every earlier
/// entry for each call's preflight does `preflights × calls × padding` comparisons. The
/// review's file: 5 000, 200 and 5 000 (58 MB).
pub fn har_of_padded_preflights(preflights: usize, padding: usize, calls: usize) -> String {
    let names: Vec<String> =
        (0..padding).map(|line| format!("access-control-request-m{line:05}")).collect();
    let mut headers: Vec<(&str, &str)> = names.iter().map(|name| (name.as_str(), "1")).collect();
    headers.extend([("Origin", "https://app.example"), ("Access-Control-Request-Method", "PUT")]);
    let answer = [("Access-Control-Allow-Origin", "https://app.example")];
    let entries = (0..preflights)
        .map(|index| entry("OPTIONS", &format!("https://api.example/p/{index}"), &headers, &answer))
        .chain((0..calls).map(|index| {
            let url = format!("https://api.example/c/{index}");
            entry("GET", &url, &[("Origin", "https://app.example")], &answer)
        }))
        .collect::<Vec<_>>();
    har(&entries)
}

/// One preflight whose `Access-Control-Request-Headers` is `commas` commas, then `calls` calls
/// it was for: a reader that splits the list again for each call does `commas × calls` work.
/// The review's file: 8 000 000 commas and 20 calls (8 MB).
pub fn har_of_one_long_preflight(commas: usize, calls: usize) -> String {
    let url = "https://api.example/items";
    let requested = ",".repeat(commas);
    let preflight = entry(
        "OPTIONS",
        url,
        &[
            ("Origin", "https://app.example"),
            ("Access-Control-Request-Method", "PUT"),
            ("Access-Control-Request-Headers", &requested),
        ],
        &[("Access-Control-Allow-Origin", "https://app.example")],
    );
    let entries = std::iter::once(preflight)
        .chain((0..calls).map(|index| {
            let id = index.to_string();
            let headers = [("Origin", "https://app.example"), ("X-Call", id.as_str())];
            entry("PUT", url, &headers, &[])
        }))
        .collect::<Vec<_>>();
    har(&entries)
}

/// An empty HAR log followed by a member holding `numbers` JSON numbers: a reader that builds
/// a tree of the whole document first holds each number as a tree node, many times its one
/// or two bytes. The review's file: 8 000 000 numbers (16 MB).
pub fn har_padded_with_numbers(numbers: usize) -> String {
    format!(r#"{{"log":{{"entries":[]}},"padding":[{}0]}}"#, "0,".repeat(numbers.saturating_sub(1)))
}

/// Chromium's frame repeated `times` without a reason: every URL hole can end at every later
/// `' from origin '`. The review's text: 8 000 times (312 KB).
pub fn console_of_repeated_frames(times: usize) -> String {
    "Access to fetch at 'a' from origin 'b' ".repeat(times)
}

/// A Firefox line of another language with `quotes` quoted values: a reader that removes each
/// quoted value from the whole reason, one after another, does `quotes × length` work. The
/// review's text: 40 000 quotes (160 KB).
pub fn console_of_many_quotes(quotes: usize) -> String {
    format!("Cross-Origin http://api.example/x CORS {}", "'a' ".repeat(quotes))
}

/// Safari's start of a refused method repeated `times`, its end never written: every start
/// searches the rest of the text for the end.
pub fn console_of_unfinished_reasons(times: usize) -> String {
    "Method PUT ".repeat(times)
}
