//! Routes whose origins are each tenant's (`origins = tenants(SET)` in the report).

use super::*;
use crate::vocabulary::Verdict;

fn report(keyed_by: &str, sample: &str) -> String {
    format!(
        r#"{{"format":1,"routes":[{{"handler":"orders","policy":null,"path":"/t/{{tenant:[a-z]+}}/orders/{{id}}",
        "methods":["GET","PUT"],"allowed_methods":["*"],"origins":[],"origins_env":null,
        "headers":[],"expose":[],"credentials":true,"max_age":null,
        "tenants":{{"name":"CUSTOMERS","keyed_by":{keyed_by},"tenants":2,"origins":2,"changed":1,
        "sample":{sample}}}}}]}}"#
    )
}

/// A method's URL, its method, and each call's origin and expected verdict.
type Planned<'a> = (&'a str, &'a str, Vec<(&'a str, Verdict)>);

const SAMPLE: &str = r#"[{"tenant":"acme","origins":["https://shop.acme.example"]},
    {"tenant":"globex","origins":["https://*.globex.example"]}]"#;

#[test]
fn a_path_tenant_is_called_on_its_path_from_its_origins_and_another_tenants() {
    let routes = parse_routes(&report(r#"{"path":"tenant"}"#, SAMPLE)).unwrap();
    let plan = RoutesPlan::new(&routes, "http://127.0.0.1:8080", UnsafeCalls::Send).unwrap();
    let planned: Vec<Planned<'_>> = (plan.methods().iter())
        .map(|method| {
            let calls = method.calls.iter().map(|call| (call.origin.as_str(), call.expected));
            (method.url(), method.method(), calls.collect())
        })
        .collect();
    let acme = vec![
        ("https://shop.acme.example", Verdict::Allowed),
        ("https://cors-check.invalid", Verdict::Blocked),
        ("https://cors-check.globex.example", Verdict::Blocked),
    ];
    let globex = vec![
        ("https://cors-check.globex.example", Verdict::Allowed),
        ("https://cors-check.globex.example.cors-check.invalid", Verdict::Blocked),
        ("https://cors-check.invalid", Verdict::Blocked),
        ("https://shop.acme.example", Verdict::Blocked),
    ];
    assert_eq!(
        planned,
        [
            ("http://127.0.0.1:8080/t/acme/orders/1", "GET", acme.clone()),
            ("http://127.0.0.1:8080/t/acme/orders/1", "PUT", acme),
            ("http://127.0.0.1:8080/t/globex/orders/1", "GET", globex.clone()),
            ("http://127.0.0.1:8080/t/globex/orders/1", "PUT", globex),
        ]
    );
}

#[test]
fn host_tenants_are_not_called_at_the_base_and_the_check_to_run_is_named() {
    let routes = parse_routes(&report(r#""host""#, SAMPLE)).unwrap();
    let plan = RoutesPlan::new(&routes, "https://127.0.0.1:8443", UnsafeCalls::Send).unwrap();
    let skipped: Vec<String> = plan
        .methods()
        .iter()
        .filter_map(|method| method.skipped())
        .map(ToString::to_string)
        .collect();
    assert!(plan.methods().iter().all(|method| method.calls.is_empty()));
    assert_eq!(skipped.len(), 2);
    assert!(
        skipped[1].ends_with(
            "check tenant acme on its own host: cors-check https://acme/t/1/orders/1 -X PUT --origin https://shop.acme.example --credentials"
        ),
        "{skipped:?}"
    );
    assert!(matches!(
        plan.methods()[0].skipped(),
        Some(Skipped::TenantsByHost { set, tenant, .. }) if set == "CUSTOMERS" && tenant == "acme"
    ));
}

#[test]
fn a_set_reading_forwarded_hosts_is_read_and_checked_on_each_tenants_host_like_any_other() {
    let host_only = parse_routes(&report(r#""host""#, SAMPLE)).unwrap();
    assert_eq!(host_only[0].tenants.as_ref().unwrap().forwarded_host_from, Vec::<String>::new());
    let behind_proxy = r#""host","forwarded_host_from":["10.0.0.0/8","::1"]"#;
    let routes = parse_routes(&report(behind_proxy, SAMPLE)).unwrap();
    assert_eq!(routes[0].tenants.as_ref().unwrap().forwarded_host_from, ["10.0.0.0/8", "::1"]);
    // The tenant's own host reaches the application through the proxy, which forwards it.
    let skipped = |routes: &[Route]| -> Vec<String> {
        let plan = RoutesPlan::new(routes, "https://127.0.0.1:8443", UnsafeCalls::Send).unwrap();
        plan.methods()
            .iter()
            .filter_map(|method| method.skipped())
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(skipped(&routes), skipped(&host_only));
}

#[test]
fn a_set_empty_when_the_report_was_made_proves_nothing() {
    let problems = parse_routes(&report(r#""host""#, "[]")).unwrap_err().problems();
    assert_eq!(
        problems,
        [
            "GET,PUT /t/{tenant:[a-z]+}/orders/{id} (orders) has no tenants: `CUSTOMERS` held none when the report was made; load the tenants' origins before cors_runtime::routes_json()"
        ]
    );
}
