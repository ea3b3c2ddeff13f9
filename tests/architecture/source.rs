//! Rust source read as the compiler resolves paths: comments, string and character literals
//! and unit tests left out; module declarations, `pub use` re-exports, and the first segment
//! of each `crate::` and `super::` path.

use std::collections::BTreeMap;
use std::ops::Range;

/// The `mod name;` declarations of `text` outside unit tests, each with its `#[path]`.
pub fn declared_modules(text: &str) -> Vec<(String, Option<String>)> {
    let code = code_only(text);
    let mut modules = Vec::new();
    let mut statement_start = 0;
    for (at, character) in code.char_indices() {
        if !matches!(character, ';' | '{' | '}') {
            continue;
        }
        let statement = &code[statement_start..at];
        let words: Vec<&str> = statement.split_whitespace().collect();
        if character == ';' && words.len() >= 2 && words[words.len() - 2] == "mod" {
            // Strings are blanked in `code`; the attribute's value is read from `text`.
            let original = &text[statement_start..at];
            let attribute = original
                .split("#[path = \"")
                .nth(1)
                .and_then(|rest| rest.split('"').next().map(str::to_owned));
            modules.push((words[words.len() - 1].to_owned(), attribute));
        }
        statement_start = at + 1;
    }
    modules
}

/// The names the root's `pub use` statements re-export, each with the module it comes from.
pub fn reexports(root_code: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for statement in reexport_statements(root_code) {
        let tree = root_code[statement].split_once("use").map_or("", |(_, tree)| tree).trim();
        let tree = tree.trim_start_matches("crate::").trim_start_matches("self::");
        let module: String = tree.chars().take_while(|c| is_ident(*c)).collect();
        let leaves = tree.split(|c: char| !is_ident(c)).filter(|word| !word.is_empty());
        for leaf in leaves.filter(|leaf| *leaf != module && *leaf != "as") {
            names.insert(leaf.to_owned(), module.clone());
        }
    }
    names
}

/// Where each `pub use …;` (any `pub(…)` too) of `code` is.
pub fn reexport_statements(code: &str) -> Vec<Range<usize>> {
    let mut statements = Vec::new();
    for (start, _) in code.match_indices("pub") {
        if code[..start].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let mut rest = code[start + 3..].trim_start();
        if let Some(scoped) = rest.strip_prefix('(') {
            rest = scoped.split_once(')').map_or("", |(_, after)| after).trim_start();
        }
        let is_use = rest.strip_prefix("use").is_some_and(|after| after.starts_with(' '));
        if let (true, Some(length)) = (is_use, code[start..].find(';')) {
            statements.push(start..start + length + 1);
        }
    }
    statements
}

/// Whether the root's `code` names `module` as a path's first segment (`module::item`).
pub fn names_module(code: &str, module: &str) -> bool {
    code.match_indices(&format!("{module}::")).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        !before.is_some_and(|c| is_ident(c) || c == ':' || c == '$')
    })
}

/// Every `crate::…` and `super::…` path in `code`, as how many `super::` it climbs (`None`
/// for `crate::`) and each first segment after them: `crate::{a, b::C}` gives `a` and `b`.
pub fn relative_paths(code: &str) -> Vec<(Option<usize>, String)> {
    let mut paths = Vec::new();
    for prefix in ["crate::", "super::"] {
        for (at, _) in code.match_indices(prefix) {
            let before = code[..at].chars().next_back();
            // `$crate` is a macro's, and a `super::` after `::` was counted at the first one.
            if before.is_some_and(|c| is_ident(c) || c == ':' || c == '$') {
                continue;
            }
            let mut rest = &code[at + prefix.len()..];
            let mut supers = usize::from(prefix == "super::");
            while let Some(after) = rest.trim_start().strip_prefix("super::") {
                (supers, rest) = (supers + 1, after);
            }
            let climbs = (prefix == "super::").then_some(supers);
            paths.extend(first_segments(rest).into_iter().map(|first| (climbs, first)));
        }
    }
    paths
}

/// The first segment of a path, or of each path of a `{…}` group.
fn first_segments(rest: &str) -> Vec<String> {
    let rest = rest.trim_start();
    let Some(group) = rest.strip_prefix('{') else {
        let segment: String = rest.chars().take_while(|c| is_ident(*c)).collect();
        return Vec::from_iter((!segment.is_empty()).then_some(segment));
    };
    let (mut depth, mut item_start, mut segments) = (0, 0, Vec::new());
    for (at, character) in group.char_indices() {
        match character {
            '{' => depth += 1,
            '}' | ',' if depth == 0 => {
                segments.extend(first_segments(&group[item_start..at]));
                if character == '}' {
                    break;
                }
                item_start = at + 1;
            }
            '}' => depth -= 1,
            _ => {}
        }
    }
    segments.retain(|segment| segment != "self");
    segments
}

fn is_ident(character: char) -> bool {
    character.is_alphanumeric() || character == '_'
}

/// `text` with its comments, the contents of its string and character literals, and its unit
/// tests (each item under `#[cfg(test)]`) blanked, byte offsets kept: what is left is the code
/// whose paths count.
pub fn code_only(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut code = bytes.to_vec();
    let blank = |code: &mut Vec<u8>, from: usize, to: usize| {
        code[from..to].iter_mut().filter(|byte| **byte != b'\n').for_each(|byte| *byte = b' ');
    };
    let find = |from: usize, needle: &str| {
        text[from..].find(needle).map_or(text.len(), |at| from + at + needle.len())
    };
    let mut at = 0;
    while at < bytes.len() {
        let rest = &text[at..];
        let after_ident = at > 0 && is_ident(char::from(bytes[at - 1]));
        let raw = rest.strip_prefix('b').unwrap_or(rest).strip_prefix('r');
        let hashes = raw.map_or(0, |raw| raw.len() - raw.trim_start_matches('#').len());
        let end = if rest.starts_with("//") {
            let end = find(at, "\n");
            blank(&mut code, at, end);
            end
        } else if rest.starts_with("/*") {
            let end = find(at + 2, "*/");
            blank(&mut code, at, end);
            end
        } else if !after_ident && raw.is_some_and(|raw| raw[hashes..].starts_with('"')) {
            let opening = rest.find('"').expect("a raw string's quote") + 1;
            let end = find(at + opening, &format!("\"{}", "#".repeat(hashes)));
            blank(&mut code, at + opening, end - hashes - 1);
            end
        } else if rest.starts_with('"') || is_char_literal(rest) {
            let quote = bytes[at];
            let mut end = at + 1;
            while end < bytes.len() && bytes[end] != quote {
                end += if bytes[end] == b'\\' { 2 } else { 1 };
            }
            blank(&mut code, at + 1, end);
            end + 1
        } else {
            at + rest.chars().next().map_or(1, char::len_utf8)
        };
        at = end.min(bytes.len());
    }
    let mut code = String::from_utf8(code).expect("ASCII blanks keep it UTF-8");
    while let Some(attribute) = code.find("#[cfg(test)]") {
        let mut end = attribute;
        let (mut depth, mut opened) = (0, false);
        for (at, character) in code[attribute..].char_indices().skip("#[cfg(test)]".len()) {
            match character {
                '{' | '(' | '[' => (depth, opened) = (depth + 1, opened || character == '{'),
                '}' | ')' | ']' => depth -= 1,
                ';' if depth == 0 => {}
                _ => continue,
            }
            if depth == 0 && (opened || character == ';') {
                end = attribute + at + 1;
                break;
            }
        }
        let blanked: String = code[attribute..end.max(attribute + 1)]
            .chars()
            .map(|c| if c == '\n' { c } else { ' ' })
            .collect();
        code.replace_range(attribute..end.max(attribute + 1), &blanked);
    }
    code
}

/// Whether `rest` starts with a character literal (`'a'`, `'\n'`, `'é'`), not a lifetime.
fn is_char_literal(rest: &str) -> bool {
    let mut characters = rest.chars();
    matches!(
        (characters.next(), characters.next(), characters.next()),
        (Some('\''), Some('\\'), _) | (Some('\''), Some(_), Some('\''))
    )
}
