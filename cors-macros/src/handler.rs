//! Reading the handler `#[cors]` sits on: its route attributes (path, methods, options) and
//! its name. The function body is kept as tokens, never parsed.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream, Parser};
use syn::{Attribute, Error, Ident, LitStr, MetaNameValue, Token, Visibility};

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
pub struct Route {
    /// Index of the attribute in [`Handler::attrs`].
    pub attr_index: usize,
    pub path: LitStr,
    /// The methods it serves, upper-case as actix-web matches them, each with its token.
    pub methods: Vec<(String, Span)>,
    /// The attribute's own options (`guard = ..`, `wrap = ..`, `name = ..`, `method = ..`).
    pub options: Vec<MetaNameValue>,
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

/// How the handler's route attributes turned out.
pub enum Routing {
    /// The routes to add CORS to.
    Routes(Vec<Route>),
    /// No route attribute: `#[cors]` is below it (and so expands after it) or it is missing.
    Missing,
    /// Route attributes actix-web itself will reject; the handler is left for it to report.
    LeftToActix,
}

impl Handler {
    /// Finds the route attributes: one `#[get]`-like or `#[route]`, or `#[routes]` with
    /// method attributes under it.
    pub fn routing(&self) -> Routing {
        let under_routes = self.attrs.iter().any(|attr| last_segment_is(attr, "routes"));
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
            let Ok(route) = parse_route(attr_index, attr, &kind) else {
                return Routing::LeftToActix;
            };
            routes.push(route);
        }
        match routes.len() {
            0 => Routing::Missing,
            1 => Routing::Routes(routes),
            _ if under_routes => Routing::Routes(routes),
            _ => Routing::LeftToActix,
        }
    }

    /// Other `#[cors]` attributes on the same handler.
    pub fn repeated_cors(&self) -> impl Iterator<Item = &Attribute> {
        self.attrs.iter().filter(|attr| last_segment_is(attr, "cors"))
    }
}

fn last_segment_is(attr: &Attribute, name: &str) -> bool {
    attr.path().segments.last().is_some_and(|segment| segment.ident == name)
}

fn parse_route(attr_index: usize, attr: &Attribute, kind: &str) -> syn::Result<Route> {
    let (path, options) = attr.parse_args_with(|input: ParseStream<'_>| {
        let path: LitStr = input.parse()?;
        let mut options = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            options.push(input.parse::<MetaNameValue>()?);
        }
        Ok((path, options))
    })?;
    let methods = if kind == "route" {
        let methods: Vec<(String, Span)> = options
            .iter()
            .filter(|option| option.path.is_ident("method"))
            .map(|option| match &option.value {
                syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(method), .. }) => {
                    Ok((method.value(), method.span()))
                }
                other => Err(Error::new_spanned(other, "actix-web expects a string")),
            })
            .collect::<syn::Result<_>>()?;
        if methods.is_empty() {
            return Err(Error::new_spanned(attr, "actix-web requires a `method`"));
        }
        methods
    } else {
        vec![(kind.to_ascii_uppercase(), path_span(attr))]
    };
    Ok(Route { attr_index, path, methods, options })
}

fn path_span(attr: &Attribute) -> Span {
    attr.path().segments.last().map_or_else(Span::call_site, |segment| segment.ident.span())
}

/// Parses the handler, or says where `#[cors]` belongs.
pub fn parse(item: TokenStream) -> syn::Result<Handler> {
    Handler::parse.parse2(item)
}
