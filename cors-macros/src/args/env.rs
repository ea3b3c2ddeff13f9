//! The keys read from the deployment when the application starts: `key = env("VAR")`.

use syn::meta::ParseNestedMeta;
use syn::{Error, Ident, LitStr, Token};

use super::{Args, Keyed, Origins, Spanned, duplicate_key, read_value, set, skip_all};

/// The keys besides `origins` read from the deployment when the application starts, each the
/// variable's name where it was written; such a key is then `None` among the written ones.
#[derive(Default)]
pub struct FromEnv {
    pub methods: Option<Keyed<Spanned<String>>>,
    pub headers: Option<Keyed<Spanned<String>>>,
    pub expose: Option<Keyed<Spanned<String>>>,
    pub max_age: Option<Keyed<Spanned<String>>>,
}

/// Where a policy's values come from at run time: the variables it reads when the application
/// starts, by key, and the tenant origin set of `origins = tenants(SET)`.
#[derive(Default, Clone, Copy)]
pub struct Variables<'a> {
    pub tenants: Option<&'a syn::Path>,
    pub origins: Option<&'a str>,
    pub methods: Option<&'a str>,
    pub headers: Option<&'a str>,
    pub expose: Option<&'a str>,
    pub max_age: Option<&'a str>,
}

impl Variables<'_> {
    /// Whether a key other than `origins` is read at startup.
    pub fn reads_lists(&self) -> bool {
        self.methods.is_some()
            || self.headers.is_some()
            || self.expose.is_some()
            || self.max_age.is_some()
    }
}

impl Args {
    /// The variables this policy reads at startup.
    pub fn variables(&self) -> Variables<'_> {
        fn name(keyed: &Option<Keyed<Spanned<String>>>) -> Option<&str> {
            keyed.as_ref().map(|keyed| keyed.value.value.as_str())
        }
        let tenants = match self.origins.as_ref().map(|keyed| &keyed.value) {
            Some(Origins::Tenants(set)) => Some(set),
            _ => None,
        };
        Variables {
            tenants,
            origins: self.origins_env(),
            methods: name(&self.from_env.methods),
            headers: name(&self.from_env.headers),
            expose: name(&self.from_env.expose),
            max_age: name(&self.from_env.max_age),
        }
    }

    /// Each variable read at startup with its key, where it was written.
    pub fn env_entries(&self) -> Vec<(&'static str, &Spanned<String>)> {
        let origins = match self.origins.as_ref().map(|keyed| &keyed.value) {
            Some(Origins::AtStartup(variable)) => Some(variable),
            _ => None,
        };
        let from_env = &self.from_env;
        [
            ("origins", origins),
            ("methods", from_env.methods.as_ref().map(|keyed| &keyed.value)),
            ("headers", from_env.headers.as_ref().map(|keyed| &keyed.value)),
            ("expose", from_env.expose.as_ref().map(|keyed| &keyed.value)),
            ("max_age", from_env.max_age.as_ref().map(|keyed| &keyed.value)),
        ]
        .into_iter()
        .filter_map(|(key, variable)| Some((key, variable?)))
        .collect()
    }
}

/// Reads the value of the key `ident`, written (into `written`, with `read`) or read from the
/// deployment (`env("VAR")`, into `env`); the key given twice, either way, is an error.
pub(super) fn read_written_or_env<T>(
    written: &mut Option<Keyed<T>>,
    env: &mut Option<Keyed<Spanned<String>>>,
    ident: &Ident,
    meta: &ParseNestedMeta<'_>,
    errors: &mut Vec<Error>,
    read: fn(&ParseNestedMeta<'_>) -> syn::Result<T>,
) {
    let key = ident.span();
    if is_env_call(meta) {
        let Some(variable) = read_value(meta, errors, env_variable) else { return };
        if written.is_some() {
            errors.push(duplicate_key(ident, "keep one of the two"));
        } else {
            set(env, ident, Keyed { key, value: variable }, errors);
        }
    } else if let Some(value) = read_value(meta, errors, read) {
        if env.is_some() {
            errors.push(duplicate_key(ident, "keep one of the two"));
        } else {
            set(written, ident, Keyed { key, value }, errors);
        }
    }
}

/// Whether the value is a call, `key = name(..)`: `env("VAR")`, or a misspelling of it.
pub(super) fn is_env_call(meta: &ParseNestedMeta<'_>) -> bool {
    let lookahead = meta.input.fork();
    lookahead.parse::<Token![=]>().is_ok()
        && lookahead.peek(Ident)
        && lookahead.peek2(syn::token::Paren)
}

/// The variable of `key = env("VAR")`, read when the application starts.
pub(super) fn env_variable(meta: &ParseNestedMeta<'_>) -> syn::Result<Spanned<String>> {
    let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
    let input = meta.value()?;
    let function: Ident = input.parse()?;
    if function != "env" {
        let (written, them) = match key.as_str() {
            "origins" => {
                ("a list of origins, `tenants(SET)` (each tenant's, changed while it runs)", "them")
            }
            "methods" => ("a list of methods", "them"),
            "max_age" => ("a number of seconds", "it"),
            _ => ("a list of header names", "them"),
        };
        return Err(Error::new(
            function.span(),
            format!(
                "`{key}` is {written}, or `env(\"VARIABLE\")` to read {them} when the application starts"
            ),
        ));
    }
    let content;
    syn::parenthesized!(content in input);
    let variable = content.parse::<LitStr>().inspect_err(|_| skip_all(&content))?;
    Ok(Spanned { value: variable.value(), span: variable.span() })
}
