//! Reading the handler `#[cors]` sits on: its route attributes (path, methods, options) and
//! its name. The function body is kept as tokens, never parsed.
//!
//! The route attributes are read with actix-web's grammar; what cannot be read is left to
//! actix-web (the handler is then emitted unchanged), so its familiar errors stay. Whether
//! actix-web would accept what was read is a rule, in `validate`.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream, Parser};
use syn::{Attribute, Error, Expr, Ident, LitStr, Token, Visibility};

/// The actix-web route attributes that name one method each.
const METHOD_ATTRIBUTES: [&str; 10] =
    ["get", "post", "put", "delete", "patch", "head", "options", "trace", "connect", "query"];

/// The handler function, split where the expansion needs it.
pub struct Handler {
    pub attrs: Vec<Attribute>,
    pub vis: Visibility,
    pub name: Ident,
    /// Everything after the visibility: `async fn name(..) -> R { .. }`.
    pub signature_and_body: TokenStream,
}

/// One route attribute: `#[get("/path", ...)]`, `#[route("/path", method = "GET", ...)]`, or
/// one of the method attributes under `#[routes]`.
pub struct RouteAttribute {
    /// Index of the attribute in [`Handler::attrs`].
    pub attr_index: usize,
    pub path: LitStr,
    /// The methods it serves, upper-case as actix-web matches them, each with its token.
    pub methods: Vec<(String, Span)>,
    /// `name = ".."`: the resource name for `url_for`; the handler's name when absent.
    pub name: Option<LitStr>,
    /// `guard = "path"`: functions `fn(&GuardContext) -> bool` that must all accept a request.
    pub guards: Vec<syn::Path>,
    /// `wrap = "expr"`: the user's middleware, innermost first.
    pub wraps: Vec<Expr>,
    /// Options that are not actix-web's (`methd = "GET"`, `method` outside `#[route]`).
    pub unknown_options: Vec<syn::Path>,
}

impl Parse for Handler {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let signature_and_body: TokenStream = input.parse()?;
        let mut tokens = signature_and_body.clone().into_iter();
        let name = tokens
            .by_ref()
            .find(|token| matches!(token, TokenTree::Ident(ident) if ident == "fn"))
            .and_then(|_| match tokens.next() {
                Some(TokenTree::Ident(name)) => Some(name),
                _ => None,
            })
            .ok_or_else(|| {
                Error::new(Span::call_site(), "#[cors] goes on an actix-web handler function")
            })?;
        Ok(Handler { attrs, vis, name, signature_and_body })
    }
}

/// Route attributes that cannot be read with actix-web's grammar: actix-web reports them.
pub struct Unreadable;

impl Handler {
    /// Whether the route attributes are method attributes under `#[routes]`.
    pub fn under_routes(&self) -> bool {
        self.attrs.iter().any(is_routes_attribute)
    }

    /// The route attributes: `#[get]`-like and `#[route]` ones, or the method attributes under
    /// `#[routes]`; none when `#[cors]` is below them (and so expands after them).
    pub fn route_attributes(&self) -> Result<Vec<RouteAttribute>, Unreadable> {
        let under_routes = self.under_routes();
        let mut routes = Vec::new();
        for (attr_index, attr) in self.attrs.iter().enumerate() {
            let Some(kind) = attr.path().segments.last().map(|segment| segment.ident.to_string())
            else {
                continue;
            };
            // Under `#[routes]`, actix reads only bare `#[get(..)]`-style attributes.
            let is_route = if under_routes {
                METHOD_ATTRIBUTES.contains(&kind.as_str()) && attr.path().get_ident().is_some()
            } else {
                kind == "route" || METHOD_ATTRIBUTES.contains(&kind.as_str())
            };
            if !is_route {
                continue;
            }
            routes.push(parse_route(attr_index, attr, &kind).map_err(|_| Unreadable)?);
        }
        Ok(routes)
    }

    /// Other `#[cors]` attributes on the same handler.
    pub fn repeated_cors(&self) -> impl Iterator<Item = &Attribute> {
        self.attrs.iter().filter(|attr| last_segment_is(attr, "cors"))
    }
}

/// Whether `attr` is `#[routes]`, under which actix-web reads method attributes as markers.
pub fn is_routes_attribute(attr: &Attribute) -> bool {
    last_segment_is(attr, "routes")
}

fn last_segment_is(attr: &Attribute, name: &str) -> bool {
    attr.path().segments.last().is_some_and(|segment| segment.ident == name)
}

fn parse_route(attr_index: usize, attr: &Attribute, kind: &str) -> syn::Result<RouteAttribute> {
    let (path, options) = attr.parse_args_with(|input: ParseStream<'_>| {
        let path: LitStr = input.parse()?;
        let mut options = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            // `key = "string"`, as actix-web reads its options; a value of another shape is
            // an error on its first token, never parsed as an expression (a deeply nested one
            // would recurse through syn until the stack ends).
            let key: syn::Path = input.parse()?;
            input.parse::<Token![=]>()?;
            if !input.peek(LitStr) {
                let value: TokenTree = input.parse()?;
                return Err(Error::new_spanned(value, "actix-web expects a string"));
            }
            options.push((key, input.parse::<LitStr>()?));
        }
        Ok((path, options))
    })?;
    let mut route = RouteAttribute {
        attr_index,
        path,
        methods: Vec::new(),
        name: None,
        guards: Vec::new(),
        wraps: Vec::new(),
        unknown_options: Vec::new(),
    };
    for (key, value) in &options {
        match key.get_ident().map(ToString::to_string).as_deref() {
            Some("name") => route.name = Some(value.clone()),
            Some("guard") => route.guards.push(value.parse()?),
            Some("wrap") => route.wraps.push(value.parse()?),
            Some("method") if kind == "route" => route.methods.push((value.value(), value.span())),
            _ => route.unknown_options.push(key.clone()),
        }
    }
    if kind != "route" {
        route.methods.push((kind.to_ascii_uppercase(), path_span(attr)));
    }
    Ok(route)
}

fn path_span(attr: &Attribute) -> Span {
    attr.path().segments.last().map_or_else(Span::call_site, |segment| segment.ident.span())
}

/// Parses the handler, or says where `#[cors]` belongs.
pub fn parse(item: TokenStream) -> syn::Result<Handler> {
    Handler::parse.parse2(item)
}
