//! Two portal instances on one PostgreSQL store, as behind a load balancer: one user's flow
//! goes to each in turn, and nothing either keeps in its memory is missed by the other — the
//! login form's signed token, the session and its CSRF token, the coordinator's changes, a saved
//! grid, a logout and the count of failed logins.

use crate::portal_process::{serve, user_add, Browser, Reply};
use crate::{Workspace, TABLE_2};

const CYCLE: &str = "2019-2020";
const CUBE: &str = "police_thb_findings";
const PASSWORD: &str = "a long test password";

/// Logs in with the login form read from `form_from` and posted to `post_to`.
fn log_in(form_from: &str, post_to: &str, name: &str, password: &str) -> (Browser, Reply) {
    let mut browser = Browser::default();
    let page = browser.get(form_from, "/login");
    assert_eq!(page.status, 200, "{page:?}");
    let reply = browser.post(post_to, "/login", &[("name", name), ("password", password)]);
    (browser, reply)
}

/// The value of the input named `name` in `html`.
fn input_value<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    html[start..].split('"').next()
}

/// The grid of the return page filled with the seed's Table 2: (field, value) for every cell.
fn table_2_grid(page: &str) -> Vec<(String, String)> {
    let periods: Vec<&str> = (0..).map_while(|c| input_value(page, &format!("col_{c}"))).collect();
    let rows: Vec<&str> = (0..).map_while(|r| input_value(page, &format!("row_{r}"))).collect();
    assert!(!periods.is_empty() && !rows.is_empty(), "a grid of periods by forms: {page}");
    let mut fields: Vec<(String, String)> = Vec::new();
    fields.extend(periods.iter().enumerate().map(|(c, p)| (format!("col_{c}"), p.to_string())));
    for (r, row) in rows.iter().enumerate() {
        fields.push((format!("row_{r}"), row.to_string()));
        let form = row.strip_prefix("exploitation_form=").unwrap_or(row);
        let Some((_, y2019, y2020)) = TABLE_2.iter().find(|(code, ..)| *code == form) else { continue };
        for (c, period) in periods.iter().enumerate() {
            let value = match *period {
                "2019" => y2019,
                "2020" => y2020,
                _ => continue,
            };
            fields.push((format!("c_{r}_{c}"), value.to_string()));
        }
    }
    fields
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

#[test]
fn one_users_flow_alternates_between_two_portal_instances_on_one_postgres_store() {
    let ws = Workspace::postgres();
    for (name, role) in [
        ("coord", &["--role", "coordinator"][..]),
        ("pol.one", &["--role", "contributor", "--actor", "police"]),
    ] {
        let mut args = vec![name];
        args.extend_from_slice(role);
        let made = user_add(&ws, &args, PASSWORD);
        assert!(made.status.success(), "{made:?}");
    }
    let servers = (serve(&ws), serve(&ws));
    let (a, b) = (servers.0.addr.as_str(), servers.1.addr.as_str());

    // The login form read from A is accepted by B: both sign with the store's key.
    let (mut coord, reply) = log_in(a, b, "coord", PASSWORD);
    assert_eq!(reply.status, 303, "a login form from A posted to B: {reply:?}");
    assert!(coord.cookie("rapporteur_session").is_some(), "{reply:?}");
    // The session started on B is known to A, with its CSRF token.
    assert_eq!(coord.get(a, "/").status, 200);

    // The coordinator opens the cycle and assigns the police's return on B (with A's token)…
    assert_eq!(coord.post(b, "/cycles", &[("cycle", CYCLE)]).status, 303);
    let assign = [("kind", "cube"), ("item", CUBE), ("actor", "police"), ("deadline", "2026-12-31")];
    let reply = coord.post(b, &format!("/cycles/{CYCLE}/assign"), &assign);
    assert_eq!(reply.status, 303, "{reply:?}");
    // … and A's board shows it, still open.
    let board = coord.get(a, &format!("/cycles/{CYCLE}"));
    assert_eq!(board.status, 200);
    let line = format!("href=\"/cycles/{CYCLE}/returns/{CUBE}\"");
    assert!(board.body.contains(&line) && board.body.contains("status-open"), "{}", board.body);

    // The contributor logs in the other way round, saves the grid on A and sees it on B.
    let (mut contributor, reply) = log_in(b, a, "pol.one", PASSWORD);
    assert_eq!(reply.status, 303, "a login form from B posted to A: {reply:?}");
    let return_path = format!("/cycles/{CYCLE}/returns/{CUBE}");
    let page = contributor.get(a, &return_path);
    assert_eq!(page.status, 200, "{page:?}");
    let grid = table_2_grid(&page.body);
    let saved = contributor.post(a, &return_path, &pairs(&grid));
    assert_eq!(saved.status, 303, "the grid saved on A: {saved:?}");
    let seen = contributor.get(b, &return_path);
    let (sexual_2019, labour_2020) = (TABLE_2[0].1.to_string(), TABLE_2[1].2.to_string());
    assert!(
        seen.body.contains(&format!("value=\"{sexual_2019}\""))
            && seen.body.contains(&format!("value=\"{labour_2020}\"")),
        "B shows the values saved on A: {}",
        seen.body
    );
    // Submitted on B, with the token of B's page; A's board shows it submitted.
    let submit = [("kind", "cube"), ("item", CUBE), ("actor", "police")];
    let reply = contributor.post(b, &format!("/cycles/{CYCLE}/submit"), &submit);
    assert_eq!(reply.status, 303, "submitted on B: {reply:?}");
    let board = coord.get(a, &format!("/cycles/{CYCLE}"));
    assert!(board.body.contains("status-submitted"), "{}", board.body);

    // Logging out on A ends the session on B too.
    let ended = contributor.clone();
    assert_eq!(contributor.post(a, "/logout", &[]).status, 303);
    let mut stale = ended;
    let after = stale.get(b, &return_path);
    assert_eq!((after.status, after.header("location")), (303, Some("/login")), "{after:?}");

    // Failed logins count across both: five wrong passwords, alternately on A and B, and then
    // even the right one waits, on either. (Attempts are stamped to the second, and failures
    // count from after the name's last success: the first failure comes a second after it.)
    std::thread::sleep(std::time::Duration::from_millis(1100));
    for (i, server) in [a, b, a, b, a].into_iter().enumerate() {
        let (_, reply) = log_in(server, server, "pol.one", "not the password at all");
        assert_eq!(reply.status, 401, "failure {} is refused, not yet throttled: {reply:?}", i + 1);
    }
    let (_, reply) = log_in(a, b, "pol.one", PASSWORD);
    assert_eq!(reply.status, 429, "the sixth attempt waits: {reply:?}");

    // Each instance stops on Ctrl-C and closes its store connections cleanly (PostgreSQL
    // connections dropped inside the async runtime once aborted the process).
    for server in [servers.0, servers.1] {
        let status = server.interrupt();
        assert!(status.success(), "{status:?}");
    }
}
