//! Prometheus' text format, read back as a scrape reads it: each sample's name and labels to
//! its value.

use std::collections::BTreeMap;

/// A series: the metric's name and its labels, sorted by name.
pub type Series = (String, BTreeMap<String, String>);

/// Every sample of `text` (comments and blank lines skipped).
pub fn samples(text: &str) -> BTreeMap<Series, f64> {
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| sample(line).unwrap_or_else(|| panic!("not a sample: {line:?}")))
        .collect()
}

/// `name{label="value",...} value` or `name value`.
fn sample(line: &str) -> Option<(Series, f64)> {
    let (series, value) = line.rsplit_once(' ')?;
    let value = value.parse().ok()?;
    let Some((name, labels)) = series.split_once('{') else {
        return Some(((series.to_owned(), BTreeMap::new()), value));
    };
    Some(((name.to_owned(), labels_of(labels.strip_suffix('}')?)?), value))
}

/// `label="value",...`, values unescaped (`\"`, `\\`, `\n`).
fn labels_of(mut text: &str) -> Option<BTreeMap<String, String>> {
    let mut labels = BTreeMap::new();
    while !text.is_empty() {
        let (name, rest) = text.split_once("=\"")?;
        let mut value = String::new();
        let mut chars = rest.char_indices();
        let end = loop {
            match chars.next()? {
                (at, '"') => break at,
                (_, '\\') => value.push(match chars.next()?.1 {
                    'n' => '\n',
                    escaped => escaped,
                }),
                (_, c) => value.push(c),
            }
        };
        labels.insert(name.to_owned(), value);
        text = rest[end + 1..].strip_prefix(',').unwrap_or(&rest[end + 1..]);
    }
    Some(labels)
}

/// The series `name` with `labels`.
pub fn series(name: &str, labels: &[(&str, &str)]) -> Series {
    let labels = labels.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned()));
    (name.to_owned(), labels.collect())
}

#[cfg(test)]
#[test]
fn reads_names_labels_and_escaped_values() {
    let text = "# TYPE a counter\na{route=\"/x\",note=\"say \\\"hi\\\"\"} 3\n\nb 1.5\n";
    let read = samples(text);
    assert_eq!(read[&series("a", &[("route", "/x"), ("note", "say \"hi\"")])], 3.0);
    assert_eq!(read[&series("b", &[])], 1.5);
    assert_eq!(read.len(), 2);
}
