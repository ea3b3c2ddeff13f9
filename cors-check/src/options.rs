//! What the commands share: exit statuses, reading a file or standard input, and the options
//! of a check, read once into data that the main command and the DevTools inputs merge with
//! the call they have.

use std::io::Read;
use std::time::Duration;

use cors_check_core::CorsRequest;
use cors_check_core::http::Trust;
use cors_check_core::input::{Missing, Open};
use lexopt::prelude::*;

use crate::checking::{CheckOptions, Judges};

/// Exit status when the input or the network failed, so no verdict could be given.
pub(crate) const EXIT_ERROR: u8 = 2;
/// Exit status when an answer came that cors-check cannot judge (a redirect it did not follow,
/// a TLS failure): never 0, and not the usage error either.
pub(crate) const EXIT_INCONCLUSIVE: u8 = 3;

/// The options of a check, as given: what is absent was not given.
pub(crate) struct CheckFlags {
    /// The URL: the main command's positional argument, or `--url` for the DevTools inputs.
    pub(crate) url: Option<String>,
    pub(crate) origin: Option<String>,
    pub(crate) method: Option<String>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) credentials: bool,
    pub(crate) cookies: Vec<String>,
    pub(crate) body: Option<String>,
    pub(crate) trust: Trust,
    pub(crate) json: bool,
    pub(crate) timeout: Duration,
    pub(crate) probe: bool,
    pub(crate) show_secrets: bool,
    pub(crate) judges: Option<Judges>,
}

/// Where a check's URL is given.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlGiven {
    /// As the first argument that is no option (`cors-check <URL>`).
    Positional,
    /// With `--url` (`explain`, `from-curl`: the first argument is their text).
    Option,
}

/// What parsing the arguments asks for.
pub(crate) enum Parsed {
    Help,
    Version,
    Check(CheckFlags),
}

/// Reads the options of a check.
pub(crate) fn parse_check_flags(
    mut parser: lexopt::Parser,
    url_given: UrlGiven,
) -> Result<Parsed, lexopt::Error> {
    let mut flags = CheckFlags {
        url: None,
        origin: None,
        method: None,
        headers: Vec::new(),
        credentials: false,
        cookies: Vec::new(),
        body: None,
        // The system's authorities, as the browser trusts them; Mozilla's roots without a bundle.
        trust: Trust::system().unwrap_or_default(),
        json: false,
        timeout: Duration::from_secs(10),
        probe: true,
        show_secrets: false,
        judges: None,
    };
    while let Some(argument) = parser.next()? {
        match argument {
            Short('h') | Long("help") => return Ok(Parsed::Help),
            Short('V') | Long("version") => return Ok(Parsed::Version),
            Long("url") if url_given == UrlGiven::Option => {
                flags.url = Some(parser.value()?.string()?);
            }
            Long("origin") => flags.origin = Some(parser.value()?.string()?),
            Short('X') | Long("method") => flags.method = Some(parser.value()?.string()?),
            Short('H') | Long("header") => {
                flags.headers.push(parse_header(&parser.value()?.string()?)?);
            }
            Long("credentials") => flags.credentials = true,
            Long("cookie") => flags.cookies.push(parser.value()?.string()?),
            Short('d') | Long("data") => flags.body = Some(parser.value()?.string()?),
            Short('k') | Long("insecure") => flags.trust = Trust::anything(),
            Long("cacert") => {
                let authorities = read_authorities(&parser.value()?.string()?)?;
                flags.trust = flags.trust.and(authorities);
            }
            Long("json") => flags.json = true,
            Long("timeout") => flags.timeout = parse_timeout(&mut parser)?,
            Long("no-probe") => flags.probe = false,
            Long("show-secrets") => flags.show_secrets = true,
            Long("browser") => flags.judges = Some(Judges::parse(&parser.value()?.string()?)?),
            Value(value) if url_given == UrlGiven::Positional && flags.url.is_none() => {
                flags.url = Some(value.string()?);
            }
            _ => return Err(argument.unexpected()),
        }
    }
    Ok(Parsed::Check(flags))
}

impl CheckFlags {
    /// `request` with these options on top: a method given replaces its method, headers and
    /// cookies given are added, credentials and shown secrets are turned on when given.
    pub(crate) fn applied_to(&self, request: CorsRequest) -> CorsRequest {
        let request = match &self.method {
            Some(method) => request.with_method(method),
            None => request,
        };
        let request = self
            .headers
            .iter()
            .fold(request, |request, (name, value)| request.with_header(name, value));
        let request = if self.credentials { request.with_credentials() } else { request };
        let request = if self.show_secrets { request.with_secrets_shown() } else { request };
        let request =
            self.cookies.iter().fold(request, |request, cookie| request.with_cookie(cookie));
        match &self.body {
            Some(body) => request.with_body(body),
            None => request,
        }
    }

    /// Whether these options say what a call read back from DevTools left `open`.
    pub(crate) fn settles(&self, open: Open) -> bool {
        match open {
            Open::Method => self.method.is_some(),
            Open::Headers => !self.headers.is_empty(),
            Open::Credentials => self.credentials,
        }
    }

    /// The check of `request` (these options already applied) as these options say, judged by
    /// `judges` unless `--browser` was given.
    pub(crate) fn check_options(self, request: CorsRequest, judges: Judges) -> CheckOptions {
        CheckOptions {
            request,
            judges: self.judges.unwrap_or(judges),
            probes: self.probe,
            timeout: self.timeout,
            trust: self.trust,
        }
    }
}

/// The option that gives what a call read back from DevTools is `missing`, and what it is.
pub(crate) fn missing_option(missing: Missing) -> &'static str {
    match missing {
        Missing::Url => "--url <URL>: the URL the page called",
        Missing::Origin => "--origin <ORIGIN>: the origin of the page that made the call",
    }
}

/// The certificate authorities of the PEM file at `path`.
fn read_authorities(path: &str) -> Result<Trust, lexopt::Error> {
    let pem = std::fs::read(path).map_err(|error| format!("--cacert '{path}': {error}"))?;
    Ok(Trust::authorities_from_pem(&pem).map_err(|error| format!("--cacert '{path}': {error}"))?)
}

/// Splits `Name: value` like curl's `-H`; the text is not echoed, which may be a bare token.
fn parse_header(text: &str) -> Result<(String, String), lexopt::Error> {
    let (name, value) = text
        .split_once(':')
        .ok_or("--header needs the form 'Name: value', and a value given has no ':'")?;
    Ok((name.trim().to_owned(), value.trim().to_owned()))
}

pub(crate) fn parse_timeout(parser: &mut lexopt::Parser) -> Result<Duration, lexopt::Error> {
    let seconds: f64 = parser.value()?.parse()?;
    let timeout = Duration::try_from_secs_f64(seconds).ok().filter(|timeout| !timeout.is_zero());
    Ok(timeout.ok_or("--timeout needs a positive number of seconds")?)
}

/// The text of `source`: a file, `-` or nothing for standard input; `what` names it in errors,
/// which never repeat `source` (it may be a whole command with its cookies, given instead of
/// a file). At most `limit` bytes are read: an endless source (`/dev/zero`) is refused once
/// past them.
pub(crate) fn read_input(source: Option<&str>, what: &str, limit: usize) -> Result<String, String> {
    let mut bytes = Vec::new();
    let mut read_up_to_limit =
        |reader: &mut dyn Read| reader.take(limit as u64 + 1).read_to_end(&mut bytes);
    match source {
        None | Some("-") => read_up_to_limit(&mut std::io::stdin().lock())
            .map_err(|error| format!("cannot read {what} from standard input: {error}"))?,
        Some(path) => std::fs::File::open(path)
            .and_then(|mut file| read_up_to_limit(&mut file))
            .map_err(|error| {
                format!(
                    "cannot read {what}: the argument is not a readable file ({error}); pass \
                     the text on standard input with -"
                )
            })?,
    };
    if bytes.len() > limit {
        return Err(format!("{what} is over the {limit} bytes cors-check reads"));
    }
    String::from_utf8(bytes).map_err(|_| format!("{what} is not UTF-8 text"))
}

#[cfg(test)]
mod tests {
    use cors_check_core::Browser;

    use super::*;

    fn flags(words: &[&str], url_given: UrlGiven) -> CheckFlags {
        match parse_check_flags(lexopt::Parser::from_args(words), url_given) {
            Ok(Parsed::Check(flags)) => flags,
            _ => panic!("{words:?} are the options of a check"),
        }
    }

    #[test]
    fn options_given_are_merged_into_a_call_read_back_as_data() {
        let call = CorsRequest::new("https://api.example/data", "https://app.example")
            .with_method("PUT")
            .with_header("X-Call", "1");
        let options = ["--method", "DELETE", "-H", "X-Added: 2", "--credentials", "--url", "u"];
        let flags = flags(&options, UrlGiven::Option);
        assert_eq!(flags.url.as_deref(), Some("u"));
        let request = flags.applied_to(call);
        assert_eq!(request.method(), "DELETE");
        let headers: Vec<(&str, &str)> =
            request.headers().iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
        assert_eq!(headers, [("X-Call", "1"), ("X-Added", "2")]);
        assert!(request.credentials());
        let options = flags.check_options(request, Judges::One(Browser::Firefox));
        assert_eq!(options.judges, Judges::One(Browser::Firefox), "the call's engine judges");
    }

    #[test]
    fn the_url_is_positional_for_the_main_command_and_an_option_for_the_devtools_inputs() {
        let main = flags(&["https://api.example/", "--browser", "ALL"], UrlGiven::Positional);
        assert_eq!(main.url.as_deref(), Some("https://api.example/"));
        assert_eq!(main.judges, Some(Judges::All));
        let url =
            parse_check_flags(lexopt::Parser::from_args(["--url", "u"]), UrlGiven::Positional);
        assert!(url.is_err(), "the main command has no --url");
        let text = parse_check_flags(lexopt::Parser::from_args(["u"]), UrlGiven::Option);
        assert!(text.is_err(), "the DevTools inputs take their text first, not a URL");
        assert_eq!(Judges::parse("webkit"), Ok(Judges::One(Browser::Safari)));
        assert!(
            Judges::parse("lynx").unwrap_err().starts_with("--browser: unknown browser 'lynx'")
        );
    }
}
