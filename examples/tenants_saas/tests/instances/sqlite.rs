//! One instance on a SQLite file: the admin route's changes hold on the next request, an
//! invalid origin is refused with the compiler's message and writes nothing, a request without
//! the token changes nothing, and a restart loads what the file holds.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;

use crate::instance::{ACME, ACME_SHOP, GLOBEX, Instance, TOKEN};
use crate::scratch::ScratchDir;

/// The rows the database holds, read beside the instance.
fn rows(database: &Path) -> Vec<(String, String)> {
    let connection = Connection::open(database).expect("open the instance's SQLite file");
    let mut statement = connection
        .prepare("SELECT tenant, origin FROM tenant_origins ORDER BY tenant, origin")
        .expect("the instance created its table");
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?))).unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// What the compiler prints for `#[cors(origins = ["https://example.com/"])]`: the first line
/// of its reviewed compile-fail output.
fn compiler_message_for_trailing_slash() -> String {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/ui/fail/origin-trailing-slash.stderr");
    let stderr = std::fs::read_to_string(&ui).expect("the compile-fail test's output");
    let first = stderr.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").expect("an error line").to_owned()
}

#[test]
fn admin_changes_hold_on_the_next_request_and_invalid_or_unauthorized_ones_change_nothing() {
    let scratch = ScratchDir::new("sqlite");
    let database = scratch.path().join("tenants.sqlite3");
    let api = Instance::start(database.to_str().unwrap());
    assert_eq!(api.preflight(ACME, ACME_SHOP).status, 403, "nothing is loaded yet");

    // Without the token, or with a wrong one: 401, nothing written, nothing granted.
    let wrong = format!("{TOKEN}x");
    for token in [None, Some("wrong"), Some(&wrong[..]), Some(&TOKEN[..TOKEN.len() - 1])] {
        let refused = api.admin("POST", ACME, &[ACME_SHOP], token);
        assert_eq!(refused.status, 401, "{token:?}: {refused:?}");
        assert_eq!(refused.single_header("www-authenticate"), Some("Bearer"));
    }
    assert_eq!(api.admin("DELETE", ACME, &[ACME_SHOP], None).status, 401);
    assert_eq!(rows(&database), []);
    assert_eq!(api.granted(ACME, ACME_SHOP), None);
    assert!(!api.logs().contains(TOKEN), "the token was logged");

    // Added: granted on tenant A's host at once, refused on tenant B's.
    let added = api.admin("POST", ACME, &[ACME_SHOP], Some(TOKEN));
    assert_eq!(added.status, 200, "{added:?}");
    assert!(added.body.contains(ACME_SHOP), "{}", added.body);
    assert_eq!(rows(&database), [(ACME.to_owned(), ACME_SHOP.to_owned())]);
    let preflight = api.preflight(ACME, ACME_SHOP);
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.single_header("access-control-allow-origin"), Some(ACME_SHOP));
    assert_eq!(preflight.single_header("access-control-allow-credentials"), Some("true"));
    assert_eq!(api.granted(ACME, ACME_SHOP).as_deref(), Some(ACME_SHOP));
    assert_eq!(api.preflight(GLOBEX, ACME_SHOP).status, 403);
    assert_eq!(api.granted(GLOBEX, ACME_SHOP), None);

    // An origin the compiler would refuse: 422 with its message and fix; nothing written.
    let invalid = api.admin("POST", ACME, &["https://shop.acme.example/"], Some(TOKEN));
    assert_eq!(invalid.status, 422, "{invalid:?}");
    assert!(invalid.body.contains(&compiler_message_for_trailing_slash()), "{}", invalid.body);
    assert!(
        invalid.body.contains("help: write it as browsers send it: `https://shop.acme.example`"),
        "{}",
        invalid.body
    );
    assert_eq!(api.admin("POST", "API.Acme.Example", &[ACME_SHOP], Some(TOKEN)).status, 422);
    assert_eq!(rows(&database), [(ACME.to_owned(), ACME_SHOP.to_owned())]);
    assert_eq!(api.granted(ACME, ACME_SHOP).as_deref(), Some(ACME_SHOP));

    // Removed: the next request gets no grant, and the row is gone.
    let removed = api.admin("DELETE", ACME, &[ACME_SHOP], Some(TOKEN));
    assert_eq!(removed.status, 200, "{removed:?}");
    assert_eq!(api.granted(ACME, ACME_SHOP), None);
    assert_eq!(api.preflight(ACME, ACME_SHOP).status, 403);
    assert_eq!(rows(&database), []);
    assert!(!api.logs().contains(TOKEN), "the token was logged");
}

#[test]
fn a_restart_loads_the_file_and_a_tenant_with_a_broken_row_gets_no_grant() {
    let scratch = ScratchDir::new("sqlite-restart");
    let database = scratch.path().join("tenants.sqlite3");
    let first = Instance::start(database.to_str().unwrap());
    assert_eq!(first.admin("POST", ACME, &[ACME_SHOP], Some(TOKEN)).status, 200);
    drop(first);
    // Written by hand, past the admin route's check.
    let globex_app = "https://app.globex.example";
    Connection::open(&database)
        .unwrap()
        .execute(
            "INSERT INTO tenant_origins (tenant, origin) VALUES (?1, ?2), (?1, 'https://*.com')",
            [GLOBEX, globex_app],
        )
        .unwrap();

    let restarted = Instance::start(database.to_str().unwrap());
    assert_eq!(restarted.granted(ACME, ACME_SHOP).as_deref(), Some(ACME_SHOP));
    assert_eq!(restarted.granted(GLOBEX, globex_app), None, "a broken tenant is closed");
    restarted.wait_for_log(
        &format!(
            "tenant `{GLOBEX}` gets no grant until its stored origins are fixed: `https://*.com`"
        ),
        Duration::from_secs(1),
    );
    // Fixed through the admin route: removing the broken row opens the tenant again.
    let fixed = restarted.admin("DELETE", GLOBEX, &["https://*.com"], Some(TOKEN));
    assert_eq!(fixed.status, 200, "{fixed:?}");
    assert_eq!(restarted.granted(GLOBEX, globex_app).as_deref(), Some(globex_app));
}
