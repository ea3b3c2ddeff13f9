//! The layering ARCHITECTURE.md promises: in every crate (a library, a binary, a test built as
//! a module tree), no module uses (directly or through others) a module that uses it, so each
//! crate reads bottom-up; and no source file grows past the size a reader takes in at once.

mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use source::{
    code_only, declared_modules, names_module, reexport_statements, reexports, relative_paths,
};

const CRATES: [&str; 9] = [
    "cors-rules",
    "cors-macros",
    "cors-runtime",
    "cors-check-core",
    "cors-check",
    "test-support",
    "examples/migrate_from_actix_cors",
    "examples/tenants_saas",
    "examples/production_rollout",
];

/// Above this, a file holds more than one concern (test tables included).
const MAX_LINES: usize = 420;

/// Uses that close a cycle, known and not yet removed, each with the way out: the graph is
/// checked without them. The test fails when one is gone, so that its entry goes with it.
const KNOWN_CYCLE_EDGES: &[(&str, &str, &str, &str)] = &[];

#[test]
fn no_module_uses_a_module_that_uses_it() {
    let mut problems = Vec::new();
    for root in crate_roots() {
        let name = relative(&root);
        let mut graph = module_graph(&root);
        for (_, from, to, way_out) in KNOWN_CYCLE_EDGES.iter().filter(|edge| edge.0 == name) {
            if !graph.get_mut(*from).is_some_and(|used| used.remove(*to)) {
                problems.push(format!(
                    "{name}: `{from}` no longer uses `{to}` ({way_out}): remove its entry from \
                     KNOWN_CYCLE_EDGES"
                ));
            }
        }
        if let Some(cycle) = graph.keys().find_map(|start| cycle_through(&graph, start)) {
            problems.push(format!(
                "{name}: modules use each other in a circle: {}",
                cycle.join(" -> ")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
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

/// Every crate root: each member's `src/lib.rs` and `src/main.rs`, and each test target built
/// as a module tree (`tests/<name>/main.rs`).
fn crate_roots() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = CRATES.iter().flat_map(|krate| {
        ["lib.rs", "main.rs"].map(|file| root.join(krate).join("src").join(file))
    });
    let trees = fs::read_dir(root.join("tests"))
        .expect("the tests folder")
        .flatten()
        .map(|entry| entry.path().join("main.rs"));
    sources.chain(trees).filter(|file| file.is_file()).collect()
}

fn relative(file: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    file.strip_prefix(root).unwrap_or(file).display().to_string()
}

/// The crate rooted at `root_file`: each top-level module, and the root itself (named after
/// its file: `lib` or `main`), with the nodes its code (unit tests aside) names through
/// `crate::`, `super::` or, in the root, a module's name. A name the root re-exports
/// (`pub use m::Item`) counts as a use of `m`; re-exports alone are not uses.
fn module_graph(root_file: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let root_name = root_file.file_stem().and_then(|stem| stem.to_str()).expect("a root file");
    let files = module_files(root_file);
    let root_code = code_only(&fs::read_to_string(root_file).expect("a readable root"));
    let top: BTreeSet<String> =
        files.iter().filter_map(|(_, path)| path.first().cloned()).collect();
    let reexports = reexports(&root_code);
    let resolve = |segment: &str| -> String {
        match (top.contains(segment), reexports.get(segment)) {
            (true, _) => segment.to_owned(),
            (false, Some(module)) => module.clone(),
            (false, None) => root_name.to_owned(),
        }
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, path) in &files {
        let node = path.first().map_or(root_name, String::as_str).to_owned();
        let code = code_only(&fs::read_to_string(file).expect("a readable source file"));
        // A `super::` that stays below the root stays in this node.
        let mut used: BTreeSet<String> = relative_paths(&code)
            .into_iter()
            .map(|(supers, first)| match supers {
                Some(supers) if supers < path.len() => path[0].clone(),
                _ => resolve(&first),
            })
            .collect();
        if path.is_empty() {
            let mut code = code.into_bytes();
            for statement in reexport_statements(&root_code) {
                code[statement].fill(b' ');
            }
            let code = String::from_utf8(code).expect("ASCII blanks keep it UTF-8");
            used.extend(top.iter().filter(|module| names_module(&code, module)).cloned());
        }
        used.remove(&node);
        graph.entry(node).or_default().extend(used);
    }
    graph
}

/// Every file of the crate rooted at `root_file`, with its module path (empty for the root),
/// found through the `mod name;` declarations outside unit tests, `#[path]` included.
fn module_files(root_file: &Path) -> Vec<(PathBuf, Vec<String>)> {
    let mut files = vec![(root_file.to_owned(), Vec::new())];
    let mut next = 0;
    while let Some((file, path)) = files.get(next).cloned() {
        next += 1;
        let text = fs::read_to_string(&file).expect("a readable source file");
        let owns_folder = path.is_empty() || file.file_name().is_some_and(|name| name == "mod.rs");
        let folder = file.parent().expect("a folder");
        let children = if owns_folder {
            folder.to_owned()
        } else {
            folder.join(file.file_stem().expect("a file name"))
        };
        for (name, attribute) in declared_modules(&text) {
            let child = match attribute {
                Some(relative) => folder.join(relative),
                None if children.join(format!("{name}.rs")).is_file() => {
                    children.join(format!("{name}.rs"))
                }
                None => children.join(&name).join("mod.rs"),
            };
            files.push((child, [path.as_slice(), &[name]].concat()));
        }
    }
    files
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
    let text = "use crate::{plan::Plan,\n    report::{self, Report}};\n\
                let _ = super::super::vary::x; // crate::in_a_comment\n\
                let _ = \"crate::in_a_string\"; let _ = '{';\n\
                #[cfg(test)]\nmod tests { use crate::in_unit_tests; }\n\
                macro_rules! m { () => { $crate::exported } }\n\
                use crate::after_the_tests;";
    let code = code_only(text);
    assert_eq!(code.len(), text.len());
    let paths = relative_paths(&code);
    let paths: Vec<(Option<usize>, &str)> =
        paths.iter().map(|(up, first)| (*up, first.as_str())).collect();
    assert_eq!(
        paths,
        [(None, "plan"), (None, "report"), (None, "after_the_tests"), (Some(2), "vary")]
    );
}

#[test]
fn a_root_uses_what_it_names_and_not_what_it_reexports() {
    let root =
        code_only("mod a;\nmod b;\npub use a::{Item, Other as Renamed};\nfn run() { b::go() }");
    assert!(names_module(&root, "b"));
    let reexports = reexports(&root);
    assert_eq!(reexports.get("Item").map(String::as_str), Some("a"));
    assert_eq!(reexports.get("Renamed").map(String::as_str), Some("a"));
    let declared: Vec<String> = declared_modules(
        "#[path = \"../x/y.rs\"]\nmod a;\npub(crate) mod b;\n#[cfg(test)]\nmod tests;",
    )
    .into_iter()
    .map(|(name, path)| format!("{name} {path:?}"))
    .collect();
    assert_eq!(declared, ["a Some(\"../x/y.rs\")", "b None"]);
}
