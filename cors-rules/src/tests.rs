//! The rules of `Draft::check`, one behaviour per test.
use super::*;

fn draft(origins: &[&str]) -> Draft<usize> {
    Draft {
        origins: origins.iter().enumerate().map(|(i, o)| (i, (*o).to_owned())).collect(),
        ..Draft::new(usize::MAX)
    }
}

fn places(result: Result<ValidPolicy, Vec<Located<usize>>>) -> Vec<usize> {
    result.expect_err("policy was accepted").into_iter().map(|l| l.at).collect()
}

#[test]
fn guarding_writes_needs_a_list_of_origins() {
    for guard in [WriteGuard::Reject, WriteGuard::Report] {
        let mut any = draft(&["*"]);
        any.write_guard = Some((7, guard));
        let problems = any.check().expect_err("`*` lists every origin");
        assert_eq!(problems.iter().map(|l| l.at).collect::<Vec<_>>(), [0, 7]);
        assert!(problems[0].problem.to_string().contains(guard.key()), "{}", problems[0].problem);
        let mut listed = draft(&["https://myapp.com"]);
        listed.write_guard = Some((7, guard));
        assert_eq!(listed.check().unwrap().write_guard, Some(guard));
    }
    assert_eq!(draft(&["https://myapp.com"]).check().unwrap().write_guard, None);
}

#[test]
fn accepts_a_full_policy_and_canonicalizes_lists() {
    let mut draft = draft(&["https://myapp.com", "https://*.myapp.com", "http://localhost:3000"]);
    draft.methods = vec![(10, "GET".into()), (11, "POST".into())];
    draft.headers = vec![(20, "X-Request-Id".into()), (21, "Content-Type".into())];
    draft.expose = vec![(30, "X-Total-Count".into())];
    draft.max_age = Some((40, 3600));
    draft.credentials = Some(50);
    let policy = draft.check().unwrap();
    assert_eq!(policy.headers.header_value().as_deref(), Some("content-type, x-request-id"));
    assert_eq!(policy.methods.header_value().as_deref(), Some("GET, POST"));
    assert_eq!(policy.expose.header_value().as_deref(), Some("x-total-count"));
    assert_eq!(policy.max_age, Some(3600));
    assert!(policy.credentials && !policy.allows_any_origin());
    assert_eq!(policy.origins.len(), 3);
}

#[test]
fn wildcard_with_credentials_is_reported_at_both_tokens() {
    let mut wildcard = draft(&["*"]);
    wildcard.credentials = Some(9);
    assert_eq!(places(wildcard.check()), [0, 9]);

    let mut headers = draft(&["https://a.com"]);
    headers.headers = vec![(5, "*".into())];
    headers.credentials = Some(9);
    assert_eq!(places(headers.check()), [5, 9]);
}

#[test]
fn public_wildcard_policy_is_valid() {
    let mut public = draft(&["*"]);
    public.headers = vec![(1, "*".into()), (2, "Authorization".into())];
    let policy = public.check().unwrap();
    assert!(policy.allows_any_origin());
    assert_eq!(policy.headers.header_value().as_deref(), Some("*, authorization"));
}

#[test]
fn reports_every_problem_at_its_entry() {
    let mut many = draft(&["https://a.com/", "null", "https://a.com", "https://a.com"]);
    many.headers = vec![(7, "Cookie".into()), (8, "x-a".into()), (9, "X-A".into())];
    many.max_age = Some((12, 86_401));
    assert_eq!(places(many.check()), [0, 1, 3, 7, 9, 12]);
}

#[test]
fn empty_origin_list_is_reported_at_the_list() {
    assert_eq!(places(draft(&[]).check()), [usize::MAX]);
}

#[test]
fn origins_read_at_startup_are_not_checked_at_compile_time() {
    let mut deferred = draft(&[]);
    deferred.origins_at_startup = true;
    deferred.credentials = Some(1);
    deferred.allow_http_origins = Some(2);
    assert_eq!(deferred.check().unwrap().origins, []);
}

#[test]
fn wildcard_beside_other_origins_is_an_error() {
    assert_eq!(places(draft(&["https://a.com", "*"]).check()), [1]);
}

#[test]
fn http_with_credentials_needs_the_opt_out_except_on_loopback() {
    let mut insecure =
        draft(&["http://myapp.com", "http://localhost:8081", "http://*.intra.example"]);
    insecure.credentials = Some(9);
    assert_eq!(places(insecure.clone().check()), [0, 2]);
    insecure.allow_http_origins = Some(10);
    assert!(insecure.check().is_ok());

    let mut useless_opt_out = draft(&["https://myapp.com"]);
    useless_opt_out.allow_http_origins = Some(10);
    assert_eq!(places(useless_opt_out.check()), [10]);
}

#[test]
fn duplicates_among_many_origins_are_reported_at_the_second() {
    let mut origins: Vec<String> =
        (0..20_000).map(|tenant| format!("https://tenant{tenant}.example.com")).collect();
    origins.push("https://tenant123.example.com".to_owned());
    let texts: Vec<&str> = origins.iter().map(String::as_str).collect();
    let problems = draft(&texts).check().unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].at, 20_000);
    assert_eq!(problems[0].problem, duplicate_problem("origins", "https://tenant123.example.com"));
}

#[test]
fn patterns_follow_the_http_rule_of_their_host() {
    let mut loopback =
        draft(&["http://localhost:*", "http://[::1]:*", "https://preview-*.myapp.com"]);
    loopback.credentials = Some(9);
    assert_eq!(loopback.check().unwrap().origins.len(), 3);
    let mut intranet = draft(&["http://preview-*.intra.example"]);
    intranet.credentials = Some(9);
    assert_eq!(places(intranet.check()), [0]);
}

#[test]
fn dev_origins_are_checked_with_the_origins_and_kept_apart() {
    let mut dev = draft(&["https://myapp.com"]);
    dev.dev_origins = vec![(5, "http://localhost:*".into()), (6, "https://*.dev.myapp.com".into())];
    let policy = dev.check().unwrap();
    assert_eq!(policy.origins, [parse_origin("https://myapp.com").unwrap()]);
    let dev_texts: Vec<String> = policy.dev_origins.iter().map(ToString::to_string).collect();
    assert_eq!(dev_texts, ["http://localhost:*", "https://*.dev.myapp.com"]);

    let mut clashing = draft(&["https://myapp.com"]);
    clashing.dev_origins =
        vec![(5, "https://myapp.com".into()), (6, "*".into()), (7, "http://localhost:80".into())];
    assert_eq!(places(clashing.check()), [5, 6, 7], "twice, `*` beside others, not canonical");

    let mut insecure = draft(&["https://myapp.com"]);
    insecure.dev_origins = vec![(5, "http://dev.myapp.test".into())];
    insecure.credentials = Some(9);
    assert_eq!(places(insecure.clone().check()), [5]);
    insecure.allow_http_origins = Some(10);
    assert!(insecure.check().is_ok(), "the opt-out counts the development origins too");
}
