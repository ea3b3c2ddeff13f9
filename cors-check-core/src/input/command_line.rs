//! The command line that checks a call again, as it is run and as it is printed: printed, the
//! secrets it carries read `<secret>` unless it holds `--show-secrets`.

use crate::browser::Browser;
use crate::request::CorsRequest;
use crate::secrets::{Secrets, is_credential_header};

/// The option that prints secrets, in every command that prints them.
const SHOW_SECRETS: &str = "--show-secrets";

/// What an option's value is, to print it.
#[derive(Clone, Copy)]
enum OptionValue {
    /// A secret as a whole: a cookie, a user and password.
    Secret,
    /// A header line, whose value is a secret when the header carries a credential.
    Header,
    /// Something else (a method, a body), printed as it is.
    Plain,
}

/// The options whose value is printed with care: cors-check's, and curl's that a user may add
/// to a copy's options (printed before they are refused); the short options of other values
/// are listed so that the rest of their word is not read as more options.
const OPTIONS: [(&str, OptionValue); 8] = [
    ("--cookie", OptionValue::Secret),
    ("-b", OptionValue::Secret),
    ("--user", OptionValue::Secret),
    ("-u", OptionValue::Secret),
    ("--header", OptionValue::Header),
    ("-H", OptionValue::Header),
    ("-X", OptionValue::Plain),
    ("-d", OptionValue::Plain),
];

fn option_value(option: &str) -> Option<OptionValue> {
    OPTIONS.iter().find(|(name, _)| *name == option).map(|(_, value)| *value)
}

/// The `cors-check` arguments that check `request` (whose URL is absolute) again: the URL,
/// `--origin`, and `--method`, `--header`, `--credentials`, `--cookie`, `--browser`,
/// `--show-secrets` where they differ from the defaults.
///
/// ```
/// use cors_check_core::CorsRequest;
/// use cors_check_core::input::{arguments, command_line};
///
/// let request = CorsRequest::new("https://api.example/data", "https://app.example")
///     .with_method("PUT")
///     .with_header("X-Custom", "1");
/// assert_eq!(
///     arguments(&request),
///     ["https://api.example/data", "--origin", "https://app.example", "--method", "PUT", "--header", "X-Custom: 1"]
/// );
/// assert_eq!(
///     command_line(&request),
///     "cors-check https://api.example/data --origin https://app.example --method PUT --header 'X-Custom: 1'"
/// );
/// ```
pub fn arguments(request: &CorsRequest) -> Vec<String> {
    let mut words =
        vec![request.url().to_owned(), "--origin".to_owned(), request.origin().to_owned()];
    if request.method() != "GET" {
        words.extend(["--method".to_owned(), request.method().to_owned()]);
    }
    for (name, value) in request.headers() {
        words.extend(["--header".to_owned(), format!("{name}: {value}")]);
    }
    if request.credentials() {
        words.push("--credentials".to_owned());
    }
    if let Some(cookie) = request.cookie() {
        words.extend(["--cookie".to_owned(), cookie.to_owned()]);
    }
    if request.browser() != Browser::Chromium {
        words.extend(["--browser".to_owned(), request.browser().to_string()]);
    }
    if request.secrets_shown() {
        words.push(SHOW_SECRETS.to_owned());
    }
    words
}

/// The `cors-check` command line that checks `request` again, as [`printed`].
pub fn command_line(request: &CorsRequest) -> String {
    format!("cors-check {}", printed(&arguments(request)))
}

/// Arguments as a command line is printed: joined for a POSIX shell, each in single quotes
/// when it holds more than plain characters, and no secret shown unless the words hold
/// `--show-secrets`: the value of `--cookie`, `-b`, `--user`, `-u`, and that of a credential
/// header (`Authorization`, `X-Api-Key`, ...) given with `--header` or `-H`, in every form
/// (`--cookie v`, `--cookie=v`, `-bv`) reads `<secret>`.
///
/// ```
/// use cors_check_core::input::printed;
///
/// let words = ["--cookie=sid=42", "-H", "Authorization: Bearer t0k3n", "-H", "Accept: */*"];
/// let words: Vec<String> = words.map(str::to_owned).to_vec();
/// assert_eq!(
///     printed(&words),
///     "'--cookie=<secret>' -H 'Authorization: <secret>' -H 'Accept: */*'"
/// );
/// ```
pub fn printed(words: &[String]) -> String {
    let secrets = match words.iter().any(|word| word == SHOW_SECRETS) {
        true => Secrets::Shown,
        false => Secrets::Hidden,
    };
    let mut pending = None;
    let mut line = Vec::with_capacity(words.len());
    for word in words {
        let word = match pending.take() {
            Some(value) => printed_value(value, word, secrets),
            None => {
                let (word, takes) = printed_option(word, secrets);
                pending = takes;
                word
            }
        };
        line.push(quoted(&word));
    }
    line.join(" ")
}

/// `word` as printed when it is no option's value, and what the next word is when it is an
/// option whose value follows.
fn printed_option(word: &str, secrets: Secrets) -> (String, Option<OptionValue>) {
    if word.starts_with("--") {
        let (option, attached) = match word.split_once('=') {
            Some((option, value)) => (option, Some(value)),
            None => (word, None),
        };
        return match (option_value(option), attached) {
            (Some(value), Some(attached)) => {
                (format!("{option}={}", printed_value(value, attached, secrets)), None)
            }
            (value, _) => (word.to_owned(), value),
        };
    }
    let Some(shorts) = word.strip_prefix('-') else { return (word.to_owned(), None) };
    // Flags may share a word (`-kb v`); the first short option with a value takes the rest.
    for (at, short) in shorts.char_indices() {
        let Some(value) = option_value(&format!("-{short}")) else { continue };
        let (head, rest) = word.split_at(1 + at + short.len_utf8());
        let (head, rest) = match rest.strip_prefix('=') {
            Some(rest) => (&word[..head.len() + 1], rest),
            None => (head, rest),
        };
        return match rest {
            "" => (word.to_owned(), Some(value)),
            rest => (format!("{head}{}", printed_value(value, rest, secrets)), None),
        };
    }
    (word.to_owned(), None)
}

/// An option's value as printed.
fn printed_value(value: OptionValue, text: &str, secrets: Secrets) -> String {
    match value {
        OptionValue::Plain => text.to_owned(),
        OptionValue::Secret => secrets.value(text).to_owned(),
        OptionValue::Header => match text.split_once(':') {
            Some((name, value)) if is_credential_header(name.trim()) => {
                format!("{name}: {}", secrets.value(value.trim()))
            }
            Some(_) => text.to_owned(),
            // No header line: whatever it is, it may be the token alone.
            None => secrets.value(text).to_owned(),
        },
    }
}

/// `word` for a POSIX shell: as it is when it holds only plain characters, else single-quoted.
fn quoted(word: &str) -> String {
    if !word.is_empty()
        && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c))
    {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed_line(words: &[&str]) -> String {
        printed(&words.iter().map(|word| (*word).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn secret_options_are_hidden_in_every_form() {
        for (words, line) in [
            (&["--cookie", "session=SECRET"][..], "--cookie '<secret>'"),
            (&["--cookie=session=SECRET"], "'--cookie=<secret>'"),
            (&["-b", "session=SECRET"], "-b '<secret>'"),
            (&["-bsession=SECRET"], "'-b<secret>'"),
            (&["-b=session=SECRET"], "'-b=<secret>'"),
            (&["-kb", "session=SECRET"], "-kb '<secret>'"),
            (&["--user", "me:SECRET"], "--user '<secret>'"),
            (&["-u", "me:SECRET"], "-u '<secret>'"),
            (&["-ume:SECRET"], "'-u<secret>'"),
            (&["-H", "authorization: Bearer SECRET"], "-H 'authorization: <secret>'"),
            (&["--header=X-Api-Key: SECRET"], "'--header=X-Api-Key: <secret>'"),
            (&["-HProxy-Authorization: Basic SECRET"], "'-HProxy-Authorization: <secret>'"),
            (&["--header", "SECRET"], "--header '<secret>'"),
        ] {
            assert_eq!(printed_line(words), line, "{words:?}");
        }
    }

    #[test]
    fn other_values_and_options_are_printed_as_they_are() {
        let words = [
            "https://api.example/a",
            "--origin",
            "https://app.example",
            "-XPUT",
            "-d",
            "-b x",
            "--header",
            "X-Request-Id: 7f3c",
            "--credentials",
        ];
        assert_eq!(
            printed_line(&words),
            "https://api.example/a --origin https://app.example -XPUT -d '-b x' --header \
             'X-Request-Id: 7f3c' --credentials"
        );
    }

    #[test]
    fn show_secrets_prints_them_wherever_it_is() {
        let words = ["--show-secrets", "--cookie=session=SECRET", "-H", "authorization: Bearer T"];
        assert_eq!(
            printed_line(&words),
            "--show-secrets --cookie=session=SECRET -H 'authorization: Bearer T'"
        );
    }

    #[test]
    fn the_command_line_again_hides_the_cookie_and_credential_headers_unless_shown() {
        let request = CorsRequest::new("https://api.example/me", "https://app.example")
            .with_header("X-Api-Key", "K123")
            .with_credentials()
            .with_cookie("session=SECRET");
        assert_eq!(
            command_line(&request),
            "cors-check https://api.example/me --origin https://app.example --header \
             'X-Api-Key: <secret>' --credentials --cookie '<secret>'"
        );
        assert_eq!(
            command_line(&request.with_secrets_shown()),
            "cors-check https://api.example/me --origin https://app.example --header \
             'X-Api-Key: K123' --credentials --cookie session=SECRET --show-secrets"
        );
    }
}
