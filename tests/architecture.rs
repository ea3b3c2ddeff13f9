//! The layering ARCHITECTURE.md promises: in every crate, no module uses (directly or through
//! others) a module that uses it, so each crate reads bottom-up; and no source file grows past
//! the size a reader takes in at once.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const CRATES: [&str; 6] =
    ["cors-rules", "cors-macros", "cors-runtime", "cors-check-core", "cors-check", "test-support"];

/// Above this, a file holds more than one concern (test tables included).
const MAX_LINES: usize = 420;

#[test]
fn no_module_uses_a_module_that_uses_it() {
    for krate in CRATES {
        let graph = module_graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join(krate).join("src"));
        for start in graph.keys() {
            if let Some(cycle) = cycle_through(&graph, start) {
                panic!("{krate}: modules use each other in a circle: {}", cycle.join(" -> "));
            }
        }
    }
}

#[test]
fn no_source_file_is_longer_than_a_reader_takes_in() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for folder in
        CRATES.iter().map(|krate| root.join(krate).join("src")).chain([root.join("tests")])
    {
        rust_files(&folder, &mut files);
    }
    let long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let lines = fs::read_to_string(file).ok()?.lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", file.display()))
        })
        .collect();
    assert!(long.is_empty(), "split these by concern or subject: {long:?}");
}

/// Each top-level module of the crate under `src`, and the top-level modules its code (tests
/// and doc links aside) names through `crate::`.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(src).expect("under src");
        let module = relative.iter().next().and_then(|part| part.to_str()).expect("a file name");
        let module = module.trim_end_matches(".rs").to_owned();
        if ["lib", "main"].contains(&module.as_str()) || relative.iter().any(|part| part == "tests")
        {
            continue;
        }
        let text = fs::read_to_string(&file).expect("a readable source file");
        // Unit tests may use anything; they sit at the end of a file, after `#[cfg(test)]`.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let used = graph.entry(module.clone()).or_default();
        for line in code.lines().filter(|line| !line.trim_start().starts_with("//")) {
            used.extend(crate_paths(line).filter(|target| *target != module));
        }
    }
    graph
}

/// The first segment of every `crate::a::b` or `crate::{a, b::c}` path in `line`.
fn crate_paths(line: &str) -> impl Iterator<Item = String> + '_ {
    line.match_indices("crate::").flat_map(move |(at, prefix)| {
        let rest = &line[at + prefix.len()..];
        let group = match rest.strip_prefix('{') {
            Some(inner) => inner.split('}').next().unwrap_or_default(),
            None => rest,
        };
        group
            .split(',')
            .map(|path| path.trim().split("::").next().unwrap_or_default())
            .map(|segment| segment.chars().take_while(|c| c.is_alphanumeric() || *c == '_'))
            .map(String::from_iter)
            .filter(|segment| segment.starts_with(|c: char| c.is_ascii_lowercase()))
            .collect::<Vec<_>>()
    })
}

fn cycle_through(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut path = vec![start.to_owned()];
    let mut seen = BTreeSet::new();
    walk(graph, start, &mut path, &mut seen)
}

fn walk(
    graph: &BTreeMap<String, BTreeSet<String>>,
    module: &str,
    path: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    for next in graph.get(module).into_iter().flatten() {
        if *next == path[0] {
            return Some([path.as_slice(), std::slice::from_ref(next)].concat());
        }
        if seen.insert(next.clone()) {
            path.push(next.clone());
            if let Some(cycle) = walk(graph, next, path, seen) {
                return Some(cycle);
            }
            path.pop();
        }
    }
    None
}

fn rust_files(folder: &Path, files: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn the_graph_sees_grouped_and_plain_paths() {
    let paths: Vec<String> =
        crate_paths("use crate::{plan::Plan, report}; let _ = crate::vary::x;").collect();
    assert_eq!(paths, ["plan", "report", "vary"]);
}
