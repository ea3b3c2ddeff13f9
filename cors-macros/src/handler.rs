//! Reading the handler `#[cors]` sits on: its route attributes (path, methods, options) and
//! its name. The function body is kept as tokens, never parsed.
//!
//! The route attributes are read with actix-web's grammar; anything actix-web itself would
//! reject is left to it (the handler is then emitted unchanged), so its familiar errors stay.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream, Parser};
use syn::{Attribute, Error, Expr, Ident, LitStr, MetaNameValue, Token, Visibility};

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
    /// `name = ".."`: the resource name for `url_for`; the handler's name when absent.
    pub name: Option<LitStr>,
    /// `guard = "path"`: functions `fn(&GuardContext) -> bool` that must all accept a request.
    pub guards: Vec<syn::Path>,
    /// `wrap = "expr"`: the user's middleware, innermost first.
    pub wraps: Vec<Expr>,
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
    check_pattern(&path)?;
    let mut route = Route {
        attr_index,
        path,
        methods: Vec::new(),
        name: None,
        guards: Vec::new(),
        wraps: Vec::new(),
    };
    for option in &options {
        let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(value), .. }) = &option.value else {
            return Err(Error::new_spanned(&option.value, "actix-web expects a string"));
        };
        match option.path.get_ident().map(ToString::to_string).as_deref() {
            Some("name") => route.name = Some(value.clone()),
            Some("guard") => route.guards.push(value.parse()?),
            Some("wrap") => route.wraps.push(value.parse()?),
            Some("method") if kind == "route" => route.methods.push((value.value(), value.span())),
            _ => return Err(Error::new_spanned(&option.path, "not an actix-web route option")),
        }
    }
    if kind != "route" {
        route.methods.push((kind.to_ascii_uppercase(), path_span(attr)));
    }
    if route.methods.is_empty() {
        return Err(Error::new_spanned(attr, "actix-web requires a `method`"));
    }
    Ok(route)
}

/// The checks actix-web makes of a path pattern when it expands a route attribute, so that a
/// pattern it would refuse at compile time is still refused at compile time, by it.
fn check_pattern(path: &LitStr) -> syn::Result<()> {
    let mut depth = 0_i32;
    for character in path.value().chars() {
        match character {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            break;
        }
    }
    if depth == 0 {
        Ok(())
    } else {
        Err(Error::new(path.span(), "unbalanced braces in the path pattern"))
    }
}

fn path_span(attr: &Attribute) -> Span {
    attr.path().segments.last().map_or_else(Span::call_site, |segment| segment.ident.span())
}

/// Parses the handler, or says where `#[cors]` belongs.
pub fn parse(item: TokenStream) -> syn::Result<Handler> {
    Handler::parse.parse2(item)
}
