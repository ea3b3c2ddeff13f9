//! "Copy as fetch" as Chromium and Firefox write it: `fetch("URL", {...})` (Firefox prefixes
//! `await`), whose options are a JSON object: `headers`, `referrer`, `body`, `method`, `mode`,
//! `credentials`.

use serde_json::Value;

use super::copied::Copy;
use super::{FetchPart, InputError};

pub(super) fn parse(text: &str) -> Result<Copy, InputError> {
    let start = text.find("fetch(").ok_or(InputError::FetchWithoutCall)?;
    let mut values =
        serde_json::Deserializer::from_str(&text[start + "fetch(".len()..]).into_iter::<Value>();
    let bad = |part| InputError::FetchNotJson { part };
    let url = match values.next() {
        Some(Ok(Value::String(url))) => url,
        _ => return Err(bad(FetchPart::Url)),
    };
    let rest = &text[start + "fetch(".len() + values.byte_offset()..];
    let options = match rest.trim_start().strip_prefix(',') {
        Some(object) => {
            let mut objects = serde_json::Deserializer::from_str(object).into_iter::<Value>();
            match objects.next() {
                Some(Ok(Value::Object(options))) => options,
                _ => return Err(bad(FetchPart::Options)),
            }
        }
        None => serde_json::Map::new(),
    };
    let text_of = |key: &str| options.get(key).and_then(Value::as_str).map(str::to_owned);
    let headers = match options.get("headers") {
        Some(Value::Object(headers)) => headers
            .iter()
            .map(|(name, value)| (name.clone(), value.as_str().unwrap_or_default().to_owned()))
            .collect(),
        _ => Vec::new(),
    };
    Ok(Copy {
        url,
        method: text_of("method"),
        headers,
        body: options.get("body").is_some_and(|body| !body.is_null()),
        sends_credentials: false,
        cookie: None,
        referrer: text_of("referrer"),
        credentials_mode: text_of("credentials"),
    })
}
