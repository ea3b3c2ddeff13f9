//! The transcripts of the README and the reference (`docs/REFERENCE.md`), run: every `console` block's `$ cors-check ...` commands are run
//! against the servers they name (the misconfigured catalogue on `127.0.0.1:8090`, the
//! quickstart's API on `127.0.0.1:8080`, nothing on `127.0.0.1:8091`), and what they print must
//! be what the block shows, so a change of output
//! fails here until the README is regenerated. The format is trycmd's, as clap's docs use it:
//! a line `...` (indented or not) stands for any lines, and `[exit status N]` ends what a
//! command printed (a command shown without one exits 0).

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use actix_web::App;
use cors_test_support::cli::{run, stderr, stdout};
use cors_test_support::misconfigured::FixtureServer;
use cors_test_support::server::LoopbackServer;
use quickstart_api as quickstart;

/// The documents whose transcripts are run.
const DOCUMENTS: [(&str, &str); 2] = [
    ("README.md", include_str!("../README.md")),
    ("docs/REFERENCE.md", include_str!("../docs/REFERENCE.md")),
];
/// The request the README copies from DevTools, a call to the catalogue.
const COPIED: &str = include_str!("copied.curl");

/// Blocks not run yet, by their first command, with what running them needs.
const NOT_YET_RUN: &[(&str, &str)] = &[(
    "cors-check routes routes.json",
    "a second quickstart, deployed with other origins (origins load once per process)",
)];

/// A `console` block: its commands, each with the lines it printed.
struct Block {
    line: usize,
    commands: Vec<(String, Vec<String>)>,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (number, line) in markdown.lines().enumerate() {
        match (&mut current, line) {
            (None, "```console") => current = Some(Block { line: number + 1, commands: vec![] }),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(block), line) => match line.strip_prefix("$ ") {
                Some(command) => block.commands.push((command.to_owned(), Vec::new())),
                None => block.commands.last_mut().expect("a command first").1.push(line.into()),
            },
            (None, _) => {}
        }
    }
    blocks
}

/// Splits a command line as a POSIX shell does for these commands: words, in single or double
/// quotes.
fn words(command: &str) -> Vec<String> {
    let (mut words, mut word, mut quote, mut started) = (Vec::new(), String::new(), None, false);
    for character in command.chars() {
        match (quote, character) {
            (None, '\'' | '"') => (quote, started) = (Some(character), true),
            (Some(open), _) if character == open => quote = None,
            (None, ' ') if started => {
                words.push(std::mem::take(&mut word));
                started = false;
            }
            (None, ' ') => {}
            _ => (word.push(character), started = true).1,
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// `report` as made before `cors_runtime::init()`: the origins of environment variables empty.
fn unloaded_report(report: &str) -> String {
    let mut report: serde_json::Value = serde_json::from_str(report).unwrap();
    for route in report["routes"].as_array_mut().unwrap() {
        if !route["origins_env"].is_null() {
            route["origins"] = serde_json::json!([]);
        }
    }
    report.to_string()
}

/// Whether `printed` is `expected`, where a line `...` in `expected` stands for any lines.
fn matches(expected: &[String], printed: &[&str]) -> bool {
    match expected.split_first() {
        None => printed.is_empty(),
        Some((first, rest)) if first.trim() == "..." => {
            (0..=printed.len()).any(|skip| matches(rest, &printed[skip..]))
        }
        Some((first, rest)) => {
            printed.first().is_some_and(|line| line == first) && matches(rest, &printed[1..])
        }
    }
}

#[test]
fn every_transcript_of_the_readme_prints_what_it_shows() {
    let catalogue = FixtureServer::start(TcpListener::bind("127.0.0.1:0").unwrap());
    // The quickstart's API, with the demo page's origins its main falls back to.
    cors_runtime::init_with(quickstart::demo_default).expect("the demo page's origins are valid");
    // The report `cargo run --example quickstart -- --cors-report` prints: made before any app is
    // built, as that command makes it (a `.wrap(..)` is known only once an app applies it).
    let report = cors_runtime::routes_json();
    let api = LoopbackServer::start(|| App::new().configure(quickstart::configure));
    let unused = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    // The addresses the README shows, and those of this run.
    let catalogue = catalogue.origin().trim_start_matches("http://").to_owned();
    let port = catalogue.rsplit_once(':').expect("an address with a port").1.to_owned();
    let addresses = [
        ("127.0.0.1:8090", catalogue),
        // The catalogue's redirect to another origin: the same server under another name.
        ("localhost:8090", format!("localhost:{port}")),
        ("127.0.0.1:8091", unused.to_string()),
        ("127.0.0.1:8080", api.addr().to_string()),
    ];
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // The files the README's commands read, with this run's addresses.
    let folder = std::env::temp_dir().join(format!("cors-check-readme-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let copied = folder.join("copied.curl");
    let mut text = COPIED.to_owned();
    for (shown, real) in &addresses {
        text = text.replace(shown, real);
    }
    std::fs::write(&copied, text).unwrap();
    // `routes.json` is what `cargo run --example quickstart -- --cors-report` writes (the
    // command itself is not run: this process holds the same routes, and `report` is made as
    // it makes it); `unloaded.json` is it with the origins read from the environment left out,
    // as before `init()`.
    let (routes, unloaded) = (folder.join("routes.json"), folder.join("unloaded.json"));
    std::fs::write(&unloaded, unloaded_report(&report)).unwrap();
    let files = [
        ("copied.curl", copied.display().to_string()),
        ("routes.json", routes.display().to_string()),
        ("unloaded.json", unloaded.display().to_string()),
    ];
    let mut failures = Vec::new();
    let mut ran = 0;
    for (document, block) in
        DOCUMENTS.iter().flat_map(|(name, text)| blocks(text).into_iter().map(move |b| (*name, b)))
    {
        let first = &block.commands[0].0;
        if NOT_YET_RUN.iter().any(|(start, _)| first.starts_with(start)) {
            continue;
        }
        for (command, expected) in &block.commands {
            if command == "cargo run --example quickstart -- --cors-report > routes.json" {
                std::fs::write(&routes, &report).unwrap();
                continue;
            }
            let mut arguments = words(command);
            assert_eq!(arguments.remove(0), "cors-check", "{document}:{}: {command}", block.line);
            for argument in &mut arguments {
                for (shown, real) in &addresses {
                    *argument = argument.replace(shown, real);
                }
                if let Some((_, path)) = files.iter().find(|(name, _)| argument == name) {
                    argument.clone_from(path);
                }
            }
            let output = run(
                Command::new(env!("CARGO_BIN_EXE_cors-check"))
                    .args(&arguments)
                    .current_dir(&workspace),
                "",
            );
            let mut printed = stdout(&output) + &stderr(&output);
            let code = output.status.code().expect("the tool exits, not killed");
            let shows_status = expected.last().is_some_and(|line| line.starts_with("[exit status"));
            if code != 0 || shows_status {
                printed.push_str(&format!("[exit status {code}]\n"));
            }
            for (shown, real) in &addresses {
                printed = printed.replace(real, shown);
            }
            let lines: Vec<&str> = printed.lines().collect();
            if !matches(expected, &lines) {
                failures.push(format!(
                    "{document}:{}: $ {command}\n--- shown\n{}\n--- printed\n{printed}",
                    block.line,
                    expected.join("\n")
                ));
            }
            ran += 1;
        }
    }
    std::fs::remove_dir_all(&folder).unwrap();
    assert!(ran > 10, "only {ran} commands ran: the blocks were not found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_transcript_reader_splits_as_a_shell_and_elides_as_trycmd() {
    assert_eq!(words("a 'b c' \"d 'e'\" f''"), ["a", "b c", "d 'e'", "f"]);
    let expected: Vec<String> = ["a", "...", "z"].map(str::to_owned).to_vec();
    assert!(matches(&expected, &["a", "z"]));
    assert!(matches(&expected, &["a", "b", "c", "z"]));
    assert!(!matches(&expected, &["a", "b"]));
}
