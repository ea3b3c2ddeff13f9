//! The `#[cors(...)]` attribute's parser and rules on any text, through proc-macro2 (as the
//! compiler hands them tokens): they never panic, and every problem they report has a message.
//! The first line is the attribute's arguments, the rest the item it sits on.
#![no_main]

use std::str::FromStr;

use libfuzzer_sys::fuzz_target;
use proc_macro2::TokenStream;

// The macro crate's own stages, compiled here as they are: a proc-macro crate exports only its
// macros, so its parser can only be called from outside by including its modules. Declared in an
// inline module that names their folder, so that their own submodules (`args/env.rs`,
// `validate/methods.rs`) are found where the macro crate finds them; re-exported at the root,
// where they name each other (`crate::keys`).
#[allow(dead_code, unused_imports)]
#[path = "../../cors-macros/src"]
mod cors_macros {
    pub mod args;
    pub mod handler;
    pub mod keys;
    pub mod validate;
}
use cors_macros::{args, handler, keys, validate};

fuzz_target!(|text: &str| {
    let (arguments, item) = text.split_once('\n').unwrap_or((text, ""));
    let (Ok(arguments), Ok(item)) = (TokenStream::from_str(arguments), TokenStream::from_str(item))
    else {
        return;
    };
    let mut errors = Vec::new();
    let args = args::parse(arguments, &mut errors);
    if let Ok(handler) = handler::parse(item) {
        if let Some(routes) = validate::routes(&handler, &mut errors) {
            if args.policy.is_some() {
                validate::handler_using_policy(&args, &mut errors);
            } else {
                let _ = validate::handler_policy(&args, None, &routes, &mut errors);
            }
        }
    }
    assert!(errors.iter().all(|error| !error.to_string().is_empty()));
});
