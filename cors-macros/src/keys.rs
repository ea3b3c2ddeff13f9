//! The keys `#[cors(...)]` and `policy!` take, and the suggestion for a key they do not.

/// Every key, in the order the reference lists them.
pub const KEYS: [&str; 13] = [
    "policy",
    "origins",
    "dev_origins",
    "methods",
    "headers",
    "expose",
    "max_age",
    "credentials",
    "dangerously_allow_http_origins",
    "reject_unlisted_writes",
    "report_unlisted_writes",
    "public_websocket",
    "preflight_skips_guards",
];

/// Names other CORS libraries use, mapped to ours.
const ALIASES: [(&str, &str); 17] = [
    ("allowed_origins", "origins"),
    ("allow_origins", "origins"),
    ("allow_origin", "origins"),
    ("allowed_methods", "methods"),
    ("allow_methods", "methods"),
    ("allowed_headers", "headers"),
    ("allow_headers", "headers"),
    ("expose_headers", "expose"),
    ("exposed_headers", "expose"),
    ("maxage", "max_age"),
    ("max_age_secs", "max_age"),
    ("allow_credentials", "credentials"),
    ("supports_credentials", "credentials"),
    ("supports_credential", "credentials"),
    // Go's `http.CrossOriginProtection` and tower-http's `csrf` layer do this separately.
    ("csrf", "reject_unlisted_writes"),
    ("cross_origin_protection", "reject_unlisted_writes"),
    ("block_on_origin_mismatch", "reject_unlisted_writes"),
];

/// What to say about `unknown`: the key it is an alias or a near miss of, if any.
pub fn unknown_key_message(unknown: &str) -> String {
    let suggestion = ALIASES
        .iter()
        .find(|(alias, _)| *alias == unknown)
        .map(|(_, key)| *key)
        .or_else(|| KEYS.iter().copied().find(|key| edit_distance(key, unknown) <= 2));
    let expected = format!("expected one of: {}", KEYS.join(", "));
    match suggestion {
        Some(key) => {
            format!("unknown #[cors] option `{unknown}`\nhelp: did you mean `{key}`? ({expected})")
        }
        None => format!("unknown #[cors] option `{unknown}`\nhelp: {expected}"),
    }
}

/// Levenshtein distance, for "did you mean" on short keys.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_keys_and_aliases() {
        assert!(unknown_key_message("origin").contains("did you mean `origins`"));
        assert!(unknown_key_message("max_agee").contains("did you mean `max_age`"));
        assert!(unknown_key_message("allow_credentials").contains("did you mean `credentials`"));
        assert!(!unknown_key_message("frobnicate").contains("did you mean"));
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("origins", "origin"), 1);
        assert_eq!(edit_distance("headers", "headres"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn the_reference_and_the_root_readme_list_every_key() {
        // The rustdoc table is the reference; the README's summary table links to it.
        let (reference, readme) = (include_str!("lib.rs"), include_str!("../../README.md"));
        for key in KEYS {
            assert!(reference.contains(&format!("/// | `{key}`")), "{key} not in the reference");
            assert!(readme.contains(&format!("\n| `{key}`")), "{key} not in README.md's table");
        }
    }
}
