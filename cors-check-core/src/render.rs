//! The English of a check, written only here, at the edge: what a step found, the fix for a
//! server and for `#[cors]`, and each warning's explanation. Evaluation returns typed values
//! (the vocabulary); the text report, the JSON documents and the page print them through these
//! `Display` impls and methods, and nothing decides anything by reading them back.

mod finding;
mod fix;
mod warning;
