//! A named policy declared in this crate and used by the root package's tests, which are other
//! crates: how a workspace shares one policy between its crates.

cors_runtime::policy! {
    /// The policy of `POST /shared` in the root package's `tests/policies.rs`.
    pub SHARED_API(origins = ["https://shared.example"], headers = ["Content-Type"], max_age = 60);
}
