//! The API as an actor's system meets it: `rapporteur api-token issue` on the command line,
//! `rapporteur serve` answering on a real socket, and a return submitted over HTTP. The same
//! file through `rapporteur import` into another store gives the same store: the same
//! observations, control values and findings, and the same audit log but for who and when (and
//! the token's own entries and the portal's key).

use crate::portal_process::{http, serve};
use crate::Workspace;

const FILE: &str = "police_thb_findings.csv";

fn police_file() -> Vec<u8> {
    std::fs::read(format!("{}/../../data/be/2019-2020/police/{FILE}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// An audit entry but for who and when: action, entity, key, before, after.
type Change = (String, String, String, Option<String>, Option<String>);

/// The audit log but for who and when, the token's own entries and the making of the portal's
/// login-form key.
fn audit(ws: &Workspace) -> Vec<Change> {
    let conn = rusqlite::Connection::open(ws.store()).unwrap();
    let mut statement = conn
        .prepare("SELECT action, entity, entity_key, before, after FROM audit_log WHERE entity NOT IN ('api_token', 'store_secret') ORDER BY id")
        .unwrap();
    statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every stored finding (key, severity, its JSON).
fn findings(ws: &Workspace) -> Vec<(String, String)> {
    let conn = rusqlite::Connection::open(ws.store()).unwrap();
    let mut statement = conn.prepare("SELECT key, detail FROM finding ORDER BY cycle, key").unwrap();
    statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

#[test]
fn a_return_through_the_api_and_through_the_command_line_give_the_same_store() {
    let (through_api, through_cli) = (Workspace::new(), Workspace::new());
    let issued =
        through_api.run(&["api-token", "issue", "police-ang", "--role", "contributor", "--actor", "police"]);
    assert!(issued.status.success(), "{issued:?}");
    let token = String::from_utf8(issued.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("rap_") && token.len() == 68, "{token}");
    assert!(String::from_utf8_lossy(&issued.stderr).contains("shown only now"));

    let server = serve(&through_api);
    let addr = server.addr.clone();
    let bearer = format!("Bearer {token}");
    let path = format!("/api/v1/cycles/2019-2020/returns?file_name={FILE}");
    let headers = [("Authorization", bearer.as_str()), ("Content-Type", "text/csv")];
    let (status, body) = http(&addr, "POST", &path, &headers, &police_file());
    // A retry of the same request is answered the same, and imports nothing again.
    let (status_again, body_again) = http(&addr, "POST", &path, &headers, &police_file());
    let (no_token, _) = http(&addr, "POST", &path, &[], &police_file());
    drop(server);
    assert_eq!(status, 201, "{body}");
    assert!(body.contains("\"outcome\":\"imported\""), "{body}");
    assert_eq!((status_again, body_again), (201, body));
    assert_eq!(no_token, 401);

    std::fs::write(through_cli.dir.path().join(FILE), police_file()).unwrap();
    let imported = through_cli.run(&["import", "--cycle", "2019-2020", FILE]);
    assert!(imported.status.code() == Some(0), "{imported:?}");

    for table in ["observation", "control_value"] {
        assert_eq!(through_api.rows(table), through_cli.rows(table), "{table}");
    }
    assert!(!through_api.rows("observation").is_empty());
    assert_eq!(findings(&through_api), findings(&through_cli));
    let (api_audit, cli_audit) = (audit(&through_api), audit(&through_cli));
    assert!(api_audit.iter().any(|e| e.0 == "import"), "{api_audit:?}");
    assert_eq!(api_audit, cli_audit);

    // Who is recorded: the token's name on the API's import, the operator's on the command
    // line's; the token's issue and its three uses beside.
    let conn = rusqlite::Connection::open(through_api.store()).unwrap();
    let who: String = conn.query_row("SELECT imported_by FROM import", [], |r| r.get(0)).unwrap();
    assert_eq!(who, "api:police-ang");
    let uses: i64 = conn
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'use_api_token'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(uses, 2, "each request with the token is audited once");
    let listed = String::from_utf8(through_api.run(&["api-token", "list"]).stdout).unwrap();
    assert!(
        listed.starts_with("police-ang\tcontributor\tpolice\tissued ") && listed.contains("last used"),
        "{listed}"
    );
    assert!(!listed.contains(&token));
    let revoked = through_api.run(&["api-token", "revoke", "police-ang"]);
    assert!(revoked.status.success(), "{revoked:?}");
    let listed = String::from_utf8(through_api.run(&["api-token", "list"]).stdout).unwrap();
    assert!(listed.contains("revoked "), "{listed}");
}
