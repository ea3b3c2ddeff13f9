//! The migration example's API, as written with actix-cors ([`before`]) and converted to a named
//! policy ([`after`]); both serve the same handlers ([`handlers`]). `main.rs` serves them side by
//! side; the browser suite serves each and shows where they differ.

pub mod after;
pub mod before;
pub mod handlers;
