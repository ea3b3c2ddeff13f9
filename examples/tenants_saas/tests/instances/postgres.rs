//! Two instances on one PostgreSQL: a change through one instance's admin route is granted and
//! revoked by the other within a second (`LISTEN/NOTIFY`); with PostgreSQL stopped, the last
//! loaded origins stay in force, a change is refused cleanly and logged, and nothing new is
//! granted.

use std::io::{self, Write};
use std::time::Duration;

use crate::instance::{ACME, ACME_SHOP, GLOBEX, Instance, TOKEN, time_until};
use crate::postgres_server::PostgresServer;

/// The promise: every instance applies a change within a second.
const CONVERGENCE: Duration = Duration::from_secs(1);

#[test]
fn a_change_through_one_instance_is_granted_and_revoked_by_the_other_within_a_second() {
    let test = "a_change_through_one_instance_is_granted_and_revoked_by_the_other_within_a_second";
    let Some(mut postgres) = PostgresServer::start(test) else { return };
    let one = Instance::start(&postgres.url());
    let two = Instance::start(&postgres.url());
    assert_eq!(two.granted(ACME, ACME_SHOP), None);

    // Added through instance 1: instance 2 grants it within a second.
    assert_eq!(one.admin("POST", ACME, &[ACME_SHOP], Some(TOKEN)).status, 200);
    assert_eq!(one.granted(ACME, ACME_SHOP).as_deref(), Some(ACME_SHOP), "applied by the writer");
    let granted = time_until(CONVERGENCE, || two.granted(ACME, ACME_SHOP).is_some());
    let granted = granted.unwrap_or_else(|| panic!("instance 2 never granted:\n{}", two.logs()));
    assert_eq!(two.granted(GLOBEX, ACME_SHOP), None, "only on its own tenant's host");

    // Removed through instance 1: instance 2 refuses it within a second.
    assert_eq!(one.admin("DELETE", ACME, &[ACME_SHOP], Some(TOKEN)).status, 200);
    assert_eq!(one.granted(ACME, ACME_SHOP), None);
    let revoked = time_until(CONVERGENCE, || two.granted(ACME, ACME_SHOP).is_none());
    let revoked = revoked.unwrap_or_else(|| panic!("instance 2 never revoked:\n{}", two.logs()));
    let _ = writeln!(
        io::stderr(),
        "{test}: instance 2 granted {granted:?} and revoked {revoked:?} after instance 1's admin route answered"
    );

    // An origin loaded before the outage.
    assert_eq!(one.admin("POST", ACME, &[ACME_SHOP], Some(TOKEN)).status, 200);
    time_until(CONVERGENCE, || two.granted(ACME, ACME_SHOP).is_some()).expect("granted again");

    postgres.stop();
    for instance in [&one, &two] {
        instance.wait_for_log("lost the connection to PostgreSQL", Duration::from_secs(10));
    }
    // The last loaded origins stay in force.
    assert_eq!(one.granted(ACME, ACME_SHOP).as_deref(), Some(ACME_SHOP));
    assert_eq!(two.granted(ACME, ACME_SHOP).as_deref(), Some(ACME_SHOP));
    // A change fails cleanly: the admin gets an error, it is logged, and nothing changes.
    let admin = "https://admin.acme.example";
    let refused = one.admin("POST", ACME, &[admin], Some(TOKEN));
    assert_eq!(refused.status, 503, "{refused:?}");
    assert!(refused.body.contains("nothing changed"), "{}", refused.body);
    one.wait_for_log("failed, nothing changed", Duration::from_secs(1));
    let removal = one.admin("DELETE", ACME, &[ACME_SHOP], Some(TOKEN));
    assert_eq!(removal.status, 503, "{removal:?}");
    // Nothing is granted that was never loaded.
    for instance in [&one, &two] {
        assert_eq!(instance.granted(ACME, admin), None);
        assert_eq!(instance.granted(GLOBEX, ACME_SHOP), None);
        assert_eq!(instance.granted(ACME, ACME_SHOP).as_deref(), Some(ACME_SHOP));
    }
    // The failed refreshes are logged, and no line holds the token.
    two.wait_for_log("refresh failed: cannot reach PostgreSQL", Duration::from_secs(5));
    assert!(!one.logs().contains(TOKEN) && !two.logs().contains(TOKEN), "the token was logged");
}
