//! Reading a pasted console line back. Each engine's table ([`super::chromium`],
//! [`super::firefox`], [`super::webkit`]) is rendered with markers in place of the URL, the
//! origin, the quoted value and the status, and the pasted text is matched against those
//! templates: every engine's wording exists once, in its table. A Firefox line in another
//! language is recognised by its structure instead (`translated`).

use std::cell::OnceCell;
use std::sync::OnceLock;

use super::{Blocked, CorsErrorKind};
use crate::browser::Browser;
use crate::url::origin_of;

/// The most text read as one pasted console error: a CORS line with its network line takes a
/// few hundred bytes, a long URL and header value a few KiB.
pub const MAX_CONSOLE_ERROR_BYTES: usize = 64 * 1024;

const URL: char = '\u{E000}';
const ORIGIN: char = '\u{E001}';
const VALUE: char = '\u{E002}';
const HEADER: char = '\u{E003}';
const STATUS: char = '\u{E004}';
/// Rendered as the status, then replaced by [`STATUS`]; no table holds this number.
const STATUS_SAMPLE: u16 = 59_999;

/// Blocks before CORS, whose lines are not in the frame of the engine's CORS lines.
const OUTSIDE_CORS: [CorsErrorKind; 2] =
    [CorsErrorKind::MixedContent, CorsErrorKind::TooManyRedirects];

/// Whether `browser`'s table entry for `kind` is a line of the console. Firefox prints none
/// for too many redirects: its table holds the page's rejection, which every failed fetch
/// gets, so that line tells nothing.
fn is_console_line(browser: Browser, kind: CorsErrorKind) -> bool {
    !(browser == Browser::Firefox && kind == CorsErrorKind::TooManyRedirects)
}

/// What a pasted console error says, as far as its engine's wording tells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConsoleError {
    /// The engine whose wording the text is in.
    pub browser: Browser,
    /// The error kinds the line may stand for (engines print one line for several causes;
    /// Firefox the same line for a preflight and a call); empty when the reason is not one of
    /// the CORS checks cors-check judges.
    pub kinds: Vec<CorsErrorKind>,
    /// The URL the page called, when the text names it.
    pub url: Option<String>,
    /// The page's origin, when the text names it (Chromium and Safari's origin lines do).
    pub origin: Option<String>,
    /// The value the line quotes: a header value, a method or a request header's name.
    pub value: Option<String>,
    /// The status the line gives.
    pub status: Option<u16>,
    /// Whether the line was recognised by its structure (a Firefox line in another language)
    /// rather than word for word by its engine's table.
    pub translated: bool,
}

/// A table entry rendered with markers, split into literal text and holes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Piece {
    Text(String),
    Hole(char),
}

pub(super) struct Template {
    browser: Browser,
    kind: CorsErrorKind,
    pieces: Vec<Piece>,
}

/// The console lines of every engine for every kind, with markers for what varies.
fn rendered() -> Vec<(Browser, CorsErrorKind, String)> {
    let (url, origin, header) = (URL.to_string(), ORIGIN.to_string(), HEADER.to_string());
    let value = VALUE.to_string();
    let mut lines = Vec::new();
    for browser in Browser::ALL {
        for kind in CorsErrorKind::ALL.into_iter().filter(|kind| is_console_line(browser, *kind)) {
            let render = |value: &str, count| {
                let blocked = Blocked {
                    kind,
                    url: &url,
                    origin: &origin,
                    status: STATUS_SAMPLE,
                    value,
                    header: &header,
                    lines: count,
                    redirected_from: None,
                };
                let line = blocked.console_message(browser);
                line.replace(&STATUS_SAMPLE.to_string(), &STATUS.to_string())
            };
            let one_line = render(&value, 1);
            // Firefox words several header lines its own way, WebKit a value with a comma;
            // a line that does not quote the value is the same whatever it holds.
            let mut variants = vec![render(&value, 2)];
            if !one_line.contains(VALUE) {
                variants.push(render(",", 1));
            }
            lines.extend([one_line].into_iter().chain(variants).map(|line| (browser, kind, line)));
        }
    }
    lines
}

/// Every engine's lines as templates, rendered once: a pasted line is matched against all of
/// them.
pub(super) fn templates() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let mut templates: Vec<Template> = Vec::new();
        for (browser, kind, line) in rendered() {
            let pieces = split(&line);
            if !templates
                .iter()
                .any(|t| t.browser == browser && t.kind == kind && t.pieces == pieces)
            {
                templates.push(Template { browser, kind, pieces });
            }
        }
        templates
    })
}

/// `line` cut into text and holes. An origin where the line has the page's URL (the mixed
/// content lines print the origin and `/`) takes the URL's path too.
fn split(line: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    for character in line.chars() {
        if ('\u{E000}'..='\u{E004}').contains(&character) {
            if !text.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut text)));
            }
            pieces.push(Piece::Hole(character));
        } else {
            text.push(character);
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    for at in 1..pieces.len() {
        if pieces[at - 1] == Piece::Hole(ORIGIN)
            && let Piece::Text(text) = &mut pieces[at]
            && text.starts_with('/')
        {
            text.remove(0);
        }
    }
    pieces
}

/// The longest start every line of `browser` shares: the frame around its reasons
/// (Chromium's "Access to fetch at … from origin … has been blocked by CORS policy: ").
fn frame(browser: Browser) -> Vec<Piece> {
    let lines: Vec<String> = rendered()
        .into_iter()
        .filter(|(b, kind, _)| *b == browser && !OUTSIDE_CORS.contains(kind))
        .map(|(.., line)| line)
        .collect();
    let first = &lines[0];
    let shared = lines.iter().fold(first.len(), |shared, line| {
        first.char_indices().zip(line.chars()).take_while(|((_, a), b)| a == b).count().min(shared)
    });
    let end = first.char_indices().nth(shared).map_or(first.len(), |(at, _)| at);
    split(&first[..end])
}

/// The holes of a match, in order.
type Captures = Vec<(char, String)>;

/// Where `pieces` first match in `text`: a hole takes the shortest text that lets the rest
/// match, a trailing hole the rest of the text.
///
/// The work is linear in the text's length for the engines' templates: a URL, an origin or a
/// status ends at the first character it cannot hold, so the literal after it is looked for
/// only up to there (the starts of the first literal's occurrences are apart by a space, so
/// these stretches do not overlap); a value may hold anything, so where the literal after it
/// occurs is found once across the text, and every start of the value looks it up there.
fn matches(pieces: &[Piece], text: &str) -> Option<Captures> {
    let matcher =
        Matcher { pieces, text, occurrences: pieces.iter().map(|_| OnceCell::new()).collect() };
    match pieces.first() {
        Some(Piece::Text(literal)) => text
            .match_indices(literal.as_str())
            .find_map(|(start, _)| matcher.from(1, start + literal.len())),
        _ => matcher.from(0, 0),
    }
}

struct Matcher<'a> {
    pieces: &'a [Piece],
    text: &'a str,
    /// For each literal after a value, where it occurs in the text, found the first time it
    /// is needed.
    occurrences: Vec<OnceCell<Vec<usize>>>,
}

impl<'a> Matcher<'a> {
    /// Matches the pieces from `piece` on at byte `at`.
    fn from(&self, piece: usize, at: usize) -> Option<Captures> {
        let text = self.text;
        match &self.pieces[piece..] {
            [] => Some(Vec::new()),
            [Piece::Text(literal), ..] => text[at..]
                .starts_with(literal.as_str())
                .then(|| self.from(piece + 1, at + literal.len()))
                .flatten(),
            [Piece::Hole(hole), ..] => {
                let pieces: &'a [Piece] = self.pieces;
                let Some(Piece::Text(next)) = pieces.get(piece + 1) else {
                    return trailing(*hole, &text[at..]).map(|value| vec![(*hole, value)]);
                };
                self.ends(piece + 1, next, *hole, at).find_map(|end| {
                    let value = unquoted(&text[at..end]);
                    if !hole_accepts(*hole, value) {
                        return None;
                    }
                    let mut captures = self.from(piece + 1, end)?;
                    captures.insert(0, (*hole, value.to_owned()));
                    Some(captures)
                })
            }
        }
    }

    /// Where the hole starting at `at` can end: where the literal of piece `literal_piece`,
    /// `next`, starts within the hole's reach, in order.
    fn ends(
        &self,
        literal_piece: usize,
        next: &'a str,
        hole: char,
        at: usize,
    ) -> Box<dyn Iterator<Item = usize> + '_> {
        let text = self.text;
        match reach(hole, &text[at..]) {
            Some(reach) => {
                // `next` starts at the latest where the hole's value must end.
                let mut stop = (at + reach + next.len()).min(text.len());
                while !text.is_char_boundary(stop) {
                    stop += 1;
                }
                let window = &text[at..stop];
                Box::new(window.match_indices(next).map(move |(offset, _)| at + offset))
            }
            None => {
                let occurrences = self.occurrences[literal_piece]
                    .get_or_init(|| text.match_indices(next).map(|(start, _)| start).collect());
                let first = occurrences.partition_point(|start| *start < at);
                Box::new(occurrences[first..].iter().copied())
            }
        }
    }
}

/// How far into `text` (which starts where a hole's value does) the value can reach: a URL or
/// an origin to the first whitespace, a status to the first non-digit; a value, anywhere.
fn reach(hole: char, text: &str) -> Option<usize> {
    let end = match hole {
        STATUS => text.find(|c: char| !c.is_ascii_digit()),
        URL | ORIGIN => text.find(char::is_whitespace),
        _ => return None,
    };
    Some(end.unwrap_or(text.len()))
}

/// What a hole at the end of a line takes: a status its digits, a URL or origin up to a space,
/// a value the rest of the text.
fn trailing(hole: char, text: &str) -> Option<String> {
    let text = text.trim_start();
    let value = unquoted(text[..reach(hole, text).unwrap_or(text.len())].trim_end());
    hole_accepts(hole, value).then(|| value.to_owned())
}

/// A hole's value without Firefox's quotes: Firefox quotes the URL in some lines only, and a
/// hole of the frame its lines share takes them.
fn unquoted(value: &str) -> &str {
    value.trim_matches(['‘', '’'])
}

fn hole_accepts(hole: char, value: &str) -> bool {
    match hole {
        URL | ORIGIN => !value.is_empty() && !value.contains(char::is_whitespace),
        STATUS => !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()),
        _ => true,
    }
}

/// Reads a console error pasted from Chromium, Firefox (any language) or Safari; `None` when
/// the text is none of theirs.
pub(crate) fn read_console_error(text: &str) -> Option<ConsoleError> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // XMLHttpRequest's lines differ from fetch()'s only in the API's name.
    let text = text.replace("Access to XMLHttpRequest at", "Access to fetch at");
    let mut found: Option<ConsoleError> = None;
    for template in templates() {
        let Some(captures) = matches(&template.pieces, &text) else {
            continue;
        };
        let error = found.get_or_insert_with(|| ConsoleError {
            browser: template.browser,
            ..ConsoleError::default()
        });
        if error.browser == template.browser {
            if !error.kinds.contains(&template.kind) {
                error.kinds.push(template.kind);
            }
            fill(error, captures);
        }
    }
    if let Some(error) = found.as_mut().filter(|error| error.browser == Browser::Safari) {
        // Safari follows its reason with a line that names the URL.
        if let Some(captures) = matches(cannot_load(), &text) {
            fill(error, captures);
        }
    }
    found.or_else(|| framed(&text)).or_else(|| translated::read(&text))
}

/// A line in an engine's frame whose reason is not one of the kinds (Chromium's mixed content
/// or private network lines, Safari's bare "Fetch API cannot load").
fn framed(text: &str) -> Option<ConsoleError> {
    static FRAMES: OnceLock<[(Browser, Vec<Piece>); 3]> = OnceLock::new();
    let frames = FRAMES.get_or_init(|| {
        let mut firefox = frame(Browser::Firefox);
        // The frame ends before the URL; take the URL up to the reason.
        firefox.extend([Piece::Hole(URL), Piece::Text(". (".to_owned())]);
        [
            (Browser::Chromium, frame(Browser::Chromium)),
            (Browser::Firefox, firefox),
            (Browser::Safari, cannot_load().to_vec()),
        ]
    });
    frames.iter().find_map(|(browser, pieces)| {
        let captures = matches(pieces, text)?;
        let mut error = ConsoleError { browser: *browser, ..ConsoleError::default() };
        fill(&mut error, captures);
        Some(error)
    })
}

/// Safari's second line, which names the URL.
fn cannot_load() -> &'static [Piece] {
    static CANNOT_LOAD: OnceLock<Vec<Piece>> = OnceLock::new();
    CANNOT_LOAD.get_or_init(|| split(&super::webkit::cannot_load(&URL.to_string())))
}

fn fill(error: &mut ConsoleError, captures: Captures) {
    for (hole, value) in captures {
        match hole {
            URL => error.url = Some(value),
            // A page's URL stands for its origin.
            ORIGIN => error.origin = Some(origin_of(&value).unwrap_or(value)),
            STATUS => error.status = value.parse().ok(),
            _ => error.value = Some(value),
        }
    }
}

mod translated;

#[cfg(test)]
mod tests;
