//! Parsing `#[cors(...)]`'s arguments into a typed model that keeps every token's span.
//!
//! Parsing records what it can and keeps going, so a misspelt key and a bad origin are
//! reported in the same compile: a value of the wrong shape (`origins = "x"`) is recorded and
//! skipped, and the keys after it are still read. Only a token stream it cannot read at all
//! stops it. The rules on what was read are in `validate`.

use cors_rules::WriteGuard;
use proc_macro2::{Span, TokenStream, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Error, Ident, Lit, LitBool, LitInt, LitStr, Token, bracketed};

use crate::keys::{KEYS, unknown_key_message};

mod env;

pub use env::{FromEnv, Variables};
use env::{env_variable, is_env_call, read_written_or_env};

/// A value as written, with the span the error about it belongs on.
#[derive(Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// A key and its value: the key's span is where errors about the whole entry go.
pub struct Keyed<T> {
    pub key: Span,
    pub value: T,
}

/// Where the allowed origins come from.
pub enum Origins {
    /// `origins = ["https://myapp.com", ...]`, checked at compile time.
    Listed(Vec<Spanned<String>>),
    /// `origins = env("VAR")`: read and checked when the application starts.
    AtStartup(Spanned<String>),
    /// `origins = tenants(SET)`: each tenant's, from a `TenantOrigins` the application changes
    /// while it runs, each update checked then.
    Tenants(syn::Path),
    /// A value of the wrong shape, already reported: the origins are unknown.
    Unreadable,
}

/// The arguments of one `#[cors(...)]` or named policy.
#[derive(Default)]
pub struct Args {
    /// `policy = API`: a named policy declared with `cors_runtime::policy!`.
    pub policy: Option<Keyed<syn::Path>>,
    pub origins: Option<Keyed<Origins>>,
    /// `dev_origins = [..]`: origins allowed besides `origins` in debug builds only.
    pub dev_origins: Option<Keyed<Vec<Spanned<String>>>>,
    pub methods: Option<Keyed<Vec<Spanned<String>>>>,
    pub headers: Option<Keyed<Vec<Spanned<String>>>>,
    pub expose: Option<Keyed<Vec<Spanned<String>>>>,
    pub max_age: Option<Keyed<Spanned<u64>>>,
    /// `credentials` or `credentials = true`; `credentials = false` leaves it `None`.
    pub credentials: Option<Span>,
    /// `dangerously_allow_http_origins`: non-loopback `http://` origins with `credentials`.
    pub allow_http_origins: Option<Span>,
    /// `reject_unlisted_writes` (unsafe-method requests from unlisted origins get `403`) or
    /// `report_unlisted_writes` (they are logged and let through), on the key's token.
    pub write_guard: Option<Spanned<WriteGuard>>,
    /// `public_websocket`: WebSocket handshakes from any origin are accepted.
    pub public_websocket: Option<Span>,
    /// `preflight_skips_guards`: the route's `guard = ..` are not asked about its preflights.
    pub preflight_skips_guards: Option<Span>,
    /// `methods = env("VAR")`, ...: the keys besides `origins` read when the application starts.
    pub from_env: FromEnv,
}

impl Args {
    /// The environment variable the origins are read from at startup (`origins = env("VAR")`).
    pub fn origins_env(&self) -> Option<&str> {
        match &self.origins.as_ref()?.value {
            Origins::AtStartup(variable) => Some(&variable.value),
            Origins::Listed(_) | Origins::Tenants(_) | Origins::Unreadable => None,
        }
    }
}

/// Parses the attribute's arguments; errors are added to `errors`.
pub fn parse(tokens: TokenStream, errors: &mut Vec<Error>) -> Args {
    let mut args = Args::default();
    let parser = syn::meta::parser(|meta| parse_entry(&mut args, meta, errors));
    if let Err(error) = parser.parse2(tokens) {
        errors.push(error);
    }
    args
}

fn parse_entry(
    args: &mut Args,
    meta: ParseNestedMeta<'_>,
    errors: &mut Vec<Error>,
) -> syn::Result<()> {
    let Some(ident) = meta.path.get_ident().cloned() else {
        errors.push(meta.error(format!("expected one of: {}", KEYS.join(", "))));
        skip_rest_of_value(meta.input);
        return Ok(());
    };
    let key = ident.span();
    let meta = &meta;
    match ident.to_string().as_str() {
        "policy" => read_into(&mut args.policy, &ident, meta, errors, |meta| meta.value()?.parse()),
        "origins" => {
            let value = read_value(meta, errors, origins).unwrap_or(Origins::Unreadable);
            set(&mut args.origins, &ident, Keyed { key, value }, errors);
        }
        "dev_origins" => read_into(&mut args.dev_origins, &ident, meta, errors, string_list),
        "headers" => {
            let env = &mut args.from_env.headers;
            read_written_or_env(&mut args.headers, env, &ident, meta, errors, string_list);
        }
        "expose" => {
            let env = &mut args.from_env.expose;
            read_written_or_env(&mut args.expose, env, &ident, meta, errors, string_list);
        }
        "methods" => {
            let env = &mut args.from_env.methods;
            read_written_or_env(&mut args.methods, env, &ident, meta, errors, method_list);
        }
        "max_age" => {
            let env = &mut args.from_env.max_age;
            read_written_or_env(&mut args.max_age, env, &ident, meta, errors, seconds);
        }
        "credentials" => read_flag_into(&mut args.credentials, &ident, meta, errors),
        "dangerously_allow_http_origins" => {
            read_flag_into(&mut args.allow_http_origins, &ident, meta, errors);
        }
        "reject_unlisted_writes" => {
            read_write_guard(&mut args.write_guard, WriteGuard::Reject, &ident, meta, errors);
        }
        "report_unlisted_writes" => {
            read_write_guard(&mut args.write_guard, WriteGuard::Report, &ident, meta, errors);
        }
        "public_websocket" => {
            read_flag_into(&mut args.public_websocket, &ident, meta, errors);
        }
        "preflight_skips_guards" => {
            read_flag_into(&mut args.preflight_skips_guards, &ident, meta, errors);
        }
        unknown => {
            errors.push(Error::new(key, unknown_key_message(unknown)));
            if skip_value(meta).is_err() {
                skip_rest_of_value(meta.input);
            }
        }
    }
    Ok(())
}

/// The value of the key `meta` names, read with `read`. A value of the wrong shape is recorded
/// in `errors` and skipped, so that the keys after it are still read (as serde_derive's
/// `get_lit_str2` does).
fn read_value<T>(
    meta: &ParseNestedMeta<'_>,
    errors: &mut Vec<Error>,
    read: fn(&ParseNestedMeta<'_>) -> syn::Result<T>,
) -> Option<T> {
    match read(meta) {
        Ok(value) => Some(value),
        Err(error) => {
            errors.push(error);
            skip_rest_of_value(meta.input);
            None
        }
    }
}

/// Reads the value of the key `ident` into `slot`, unless it has the wrong shape.
fn read_into<T>(
    slot: &mut Option<Keyed<T>>,
    ident: &Ident,
    meta: &ParseNestedMeta<'_>,
    errors: &mut Vec<Error>,
    read: fn(&ParseNestedMeta<'_>) -> syn::Result<T>,
) {
    if let Some(value) = read_value(meta, errors, read) {
        set(slot, ident, Keyed { key: ident.span(), value }, errors);
    }
}

/// Reads the flag `ident` into `slot`, unless its value has the wrong shape.
fn read_flag_into(
    slot: &mut Option<Span>,
    ident: &Ident,
    meta: &ParseNestedMeta<'_>,
    errors: &mut Vec<Error>,
) {
    if let Some(on) = read_value(meta, errors, flag) {
        set_flag(slot, ident, on, errors);
    }
}

/// `reject_unlisted_writes` and `report_unlisted_writes` are one setting: the second word of
/// a rollout replaces the first, never joins it.
fn read_write_guard(
    slot: &mut Option<Spanned<WriteGuard>>,
    guard: WriteGuard,
    ident: &Ident,
    meta: &ParseNestedMeta<'_>,
    errors: &mut Vec<Error>,
) {
    let mut on = None;
    read_flag_into(&mut on, ident, meta, errors);
    let Some(span) = on else { return };
    match slot {
        Some(earlier) if earlier.value == guard => {
            errors.push(duplicate_key(ident, &format!("remove the second `{ident}`")));
        }
        Some(earlier) => errors.push(Error::new(
            span,
            format!(
                "`{ident}` and `{}` are one setting: writes from unlisted origins are either reported or rejected\nhelp: keep `report_unlisted_writes` while you watch the logs, then change that one word to `reject_unlisted_writes`",
                earlier.value.key(),
            ),
        )),
        None => *slot = Some(Spanned { value: guard, span }),
    }
}

/// Skips what is left of a value, up to the comma before the next key.
fn skip_rest_of_value(input: ParseStream<'_>) {
    while !input.is_empty() && !input.peek(Token![,]) {
        let _ = input.parse::<TokenTree>();
    }
}

/// Skips every token left in a bracketed or parenthesized value, so that, once its error is
/// recorded, syn does not also report them as unexpected.
fn skip_all(input: ParseStream<'_>) {
    while input.parse::<TokenTree>().is_ok() {}
}

fn set<T>(slot: &mut Option<T>, ident: &Ident, value: T, errors: &mut Vec<Error>) {
    if slot.is_some() {
        errors.push(duplicate_key(ident, "merge the two lists into one"));
    } else {
        *slot = Some(value);
    }
}

/// `credentials`, `credentials = true` or `credentials = false`: whether the flag is on.
fn flag(meta: &ParseNestedMeta<'_>) -> syn::Result<bool> {
    if !meta.input.peek(Token![=]) {
        return Ok(true);
    }
    let ident = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
    let value: LitBool = meta.value()?.parse().map_err(|error| {
        Error::new(
            error.span(),
            format!(
                "`{ident}` is a flag: write `{ident}`, or `{ident} = true` / `{ident} = false`"
            ),
        )
    })?;
    Ok(value.value)
}

fn set_flag(slot: &mut Option<Span>, ident: &Ident, on: bool, errors: &mut Vec<Error>) {
    if slot.is_some() {
        errors.push(duplicate_key(ident, &format!("remove the second `{ident}`")));
    } else if on {
        *slot = Some(ident.span());
    }
}

fn duplicate_key(ident: &Ident, fix: &str) -> Error {
    Error::new(ident.span(), format!("`{ident}` is given twice in #[cors(...)]\nhelp: {fix}"))
}

fn string_list(meta: &ParseNestedMeta<'_>) -> syn::Result<Vec<Spanned<String>>> {
    let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
    let input = meta.value()?;
    if input.peek(LitStr) {
        let single: LitStr = input.parse()?;
        return Err(Error::new(
            single.span(),
            format!("`{key}` takes a list\nhelp: write `{key} = [{:?}]`", single.value()),
        ));
    }
    let entries = bracketed_list(input, |entry| entry.parse::<LitStr>())?;
    Ok(entries.into_iter().map(|lit| Spanned { value: lit.value(), span: lit.span() }).collect())
}

fn origins(meta: &ParseNestedMeta<'_>) -> syn::Result<Origins> {
    if !is_env_call(meta) {
        return string_list(meta).map(Origins::Listed);
    }
    if let Some(set) = tenant_set(meta)? {
        return Ok(Origins::Tenants(set));
    }
    env_variable(meta).map(Origins::AtStartup)
}

/// The set of `origins = tenants(SET)`, a path to a `static` `TenantOrigins`; `None` for any
/// other call, left to `env_variable`.
fn tenant_set(meta: &ParseNestedMeta<'_>) -> syn::Result<Option<syn::Path>> {
    let lookahead = meta.input.fork();
    let _: Token![=] = lookahead.parse()?;
    if lookahead.parse::<Ident>()? != "tenants" {
        return Ok(None);
    }
    let input = meta.value()?;
    let _: Ident = input.parse()?;
    let content;
    syn::parenthesized!(content in input);
    let set = content.parse::<syn::Path>().map_err(|error| {
        skip_all(&content);
        Error::new(
            error.span(),
            "`tenants(..)` names the `static` that holds the tenants' origins\nhelp: declare `static CUSTOMERS: cors_runtime::TenantOrigins = cors_runtime::TenantOrigins::by_host();` and write `origins = tenants(CUSTOMERS)`",
        )
    })?;
    if !content.is_empty() {
        let extra = content.span();
        skip_all(&content);
        return Err(Error::new(extra, "`tenants(..)` takes one path, the set's `static`"));
    }
    Ok(Some(set))
}

fn method_list(meta: &ParseNestedMeta<'_>) -> syn::Result<Vec<Spanned<String>>> {
    let input = meta.value()?;
    bracketed_list(input, |entry| {
        if entry.peek(LitStr) {
            let lit: LitStr = entry.parse()?;
            Ok(Spanned { value: lit.value(), span: lit.span() })
        } else if entry.peek(Token![*]) {
            let star: Token![*] = entry.parse()?;
            Ok(Spanned { value: "*".to_owned(), span: star.span })
        } else {
            let ident: Ident = entry.call(syn::ext::IdentExt::parse_any).map_err(|error| {
                Error::new(error.span(), "expected a method such as `GET` or `\"PATCH\"`")
            })?;
            Ok(Spanned { value: ident.to_string(), span: ident.span() })
        }
    })
}

fn bracketed_list<T>(
    input: ParseStream<'_>,
    entry: fn(ParseStream<'_>) -> syn::Result<T>,
) -> syn::Result<Vec<T>> {
    let content;
    bracketed!(content in input);
    let entries = Punctuated::<T, Token![,]>::parse_terminated_with(&content, entry)
        .inspect_err(|_| skip_all(&content))?;
    Ok(entries.into_iter().collect())
}

fn seconds(meta: &ParseNestedMeta<'_>) -> syn::Result<Spanned<u64>> {
    let input = meta.value()?;
    let expected = "`max_age` is a whole number of seconds from 0 to 86400, e.g. `max_age = 3600`";
    let lit: Lit = input.parse().map_err(|error| Error::new(error.span(), expected))?;
    let Lit::Int(int) = lit else {
        return Err(Error::new(lit.span(), expected));
    };
    let value = LitInt::base10_parse::<u64>(&int).map_err(|_| Error::new(int.span(), expected))?;
    Ok(Spanned { value, span: int.span() })
}

fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        // Token trees up to the next comma, never parsed as an expression: a deeply nested
        // value (`x = || || || ...`) would otherwise recurse through syn until the stack ends.
        meta.value()?.step(|cursor| {
            let mut rest = *cursor;
            while let Some((tree, next)) = rest.token_tree() {
                if matches!(&tree, TokenTree::Punct(punct) if punct.as_char() == ',') {
                    break;
                }
                rest = next;
            }
            Ok(((), rest))
        })?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<proc_macro2::Group>()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_of_the_wrong_shape_are_skipped_and_later_keys_still_read() {
        let mut errors = Vec::new();
        let args = parse(
            quote::quote!(
                origins = ["https://a.com", 1],
                max_age = "1h",
                credentials = "yes",
                methods = [1],
                expose = ["X-Id"]
            ),
            &mut errors,
        );
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages.len(),
            4,
            "one error per wrong value, none for skipped tokens: {messages:?}"
        );
        assert!(matches!(args.origins.map(|keyed| keyed.value), Some(Origins::Unreadable)));
        assert!(args.max_age.is_none() && args.credentials.is_none() && args.methods.is_none());
        assert_eq!(args.expose.expect("read after the errors").value[0].value, "X-Id");
    }
}
