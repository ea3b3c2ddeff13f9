//! The words of the log lines about a policy: where a developer changes it, and what it allows.
//! They are built only when a line is written, never on the way to a grant.

use crate::policy::Policy;

/// Where a developer changes `policy`.
pub(crate) fn where_written(policy: &Policy) -> String {
    match policy.policy_name() {
        Some(name) => format!("in the policy `{name}` (used by `{}`)", policy.handler()),
        None => format!("in #[cors(...)] on `{}`", policy.handler()),
    }
}

/// Where the allowed origins of `policy` are set.
pub(crate) fn origins_setting(policy: &Policy) -> String {
    match policy.origins_env() {
        Some(origins_env) => format!("the {origins_env} variable read by `origins = env(..)`"),
        None => "`origins`".to_owned(),
    }
}

/// The allowed origins of `policy`, or why there are none yet.
pub(crate) fn describe_origins(policy: &Policy) -> String {
    match (policy.origins_env(), policy.origins()) {
        (Some(origins_env), []) => format!(
            "none yet: the origins in {origins_env} were never loaded; call cors_runtime::init() before starting the server"
        ),
        (_, origins) => origins.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::tests::CREDENTIALED;

    #[test]
    fn describes_origins_for_logs() {
        assert_eq!(
            describe_origins(&CREDENTIALED),
            "https://myapp.com, http://localhost:3000, https://*.myapp.com"
        );
    }
}
