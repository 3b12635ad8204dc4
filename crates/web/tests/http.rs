//! The portal through its real router, over a real SQLite file with the 2019–2020 returns of the
//! police and the social inspection: every state-changing route refuses a missing or wrong CSRF
//! token, an expired session and a user of another actor (or of the wrong role), and changes
//! nothing when it refuses; every read route refuses another actor's data.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use rapporteur_app::{App, CellValue, LoadedCatalog};
use rapporteur_domain::access::{Caller, Principal, Role};
use rapporteur_domain::{CellKey, ItemKind, ItemRef, Severity, PERIOD, TOTAL_CODE};
use rapporteur_web::{router, AppState};
use tower::ServiceExt;

mod common;

use common::{operator, Browser, Client, Reply, PASSWORD};

const CYCLE: &str = "2019-2020";
const POLICE_CUBE: &str = "police_thb_findings";
const RSZ_CUBE: &str = "rsz_referrals_by_centre";
const POLICE_SECTION: &str = "11.1.1";
const RSZ_SECTION: &str = "11.1.2";

/// A portal over a temporary store, with a clock the test moves.
struct Portal {
    client: Client,
    state: AppState,
    now: Arc<Mutex<jiff::Timestamp>>,
    _dir: tempfile::TempDir,
    store_path: std::path::PathBuf,
}

fn data_file(actor: &str, name: &str) -> Vec<u8> {
    let path = format!("{}/../../data/be/2019-2020/{actor}/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The portal's coordinator `coord` (account `user_id`) as the use cases see them.
fn coordinator_caller(user_id: i64) -> Caller {
    Caller::Portal(Principal { user_id, name: "coord".into(), role: Role::Coordinator, actor: None })
}

fn portal() -> Portal {
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("portal.sqlite");
    let now = Arc::new(Mutex::new("2026-03-02T09:00:00Z".parse::<jiff::Timestamp>().unwrap()));
    let clock_now = now.clone();
    let clock: rapporteur_app::Clock = Box::new(move || clock_now.lock().unwrap().to_string());
    let setup = Caller::Operator("setup".into());
    let mut app = App::open(LoadedCatalog::embedded().unwrap(), &store_path, &setup, clock).unwrap();
    for (actor, file) in [("police", "police_thb_findings.csv"), ("rsz", "rsz_referrals_by_centre.csv")] {
        let outcome = app.import(&setup, file, &data_file(actor, file), Some(CYCLE), &mut |_, _| {}).unwrap();
        assert!(matches!(outcome, rapporteur_app::ImportOutcome::Imported { .. }), "{file}: {outcome:?}");
    }
    let coordinator_id = app.add_user(&setup, "coord", PASSWORD, (Role::Coordinator, None), "nl").unwrap();
    let coordinator = coordinator_caller(coordinator_id);
    for (name, role, actor) in [
        ("pol.contrib", Role::Contributor, Some("police")),
        ("pol.review", Role::Reviewer, Some("police")),
        ("pol.field", Role::Field, Some("police")),
        ("rsz.contrib", Role::Contributor, Some("rsz")),
        ("rsz.review", Role::Reviewer, Some("rsz")),
        ("reader", Role::Reader, None),
    ] {
        app.add_user(&coordinator, name, PASSWORD, (role, actor), "nl").unwrap();
    }
    app.open_cycle(&coordinator, CYCLE).unwrap();
    for (kind, item, actor) in [
        (ItemKind::Cube, POLICE_CUBE, "police"),
        (ItemKind::Cube, RSZ_CUBE, "rsz"),
        (ItemKind::Section, POLICE_SECTION, "police"),
        (ItemKind::Section, RSZ_SECTION, "rsz"),
    ] {
        app.assign(&coordinator, CYCLE, &ItemRef::new(kind, item, actor), "2026-06-30").unwrap();
    }
    let state = AppState::new(app, &operator(), false, None).unwrap();
    Portal { client: Client { router: router(state.clone()) }, state, now, _dir: dir, store_path }
}

impl std::ops::Deref for Portal {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl Portal {
    async fn post_multipart(&self, browser: &Browser, path: &str, csrf: Option<&str>, file: &[u8]) -> Reply {
        let boundary = "rapporteur-test-boundary";
        let mut body = Vec::new();
        if let Some(csrf) = csrf {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
                    .bytes(),
            );
        }
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"return.csv\"\r\nContent-Type: text/csv\r\n\r\n")
                .bytes(),
        );
        body.extend_from_slice(file);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        let request = Request::post(path)
            .header(header::COOKIE, &browser.cookie)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// The key of a finding on the police's return (the seed's 7 against 9).
    async fn police_finding(&self) -> String {
        self.state
            .run(|app| {
                app.return_sheet(&operator(), CYCLE, POLICE_CUBE).unwrap().findings[0].finding.key.clone()
            })
            .await
    }

    /// The number of audit entries: a refused request must add none.
    async fn audit_len(&self) -> usize {
        self.state.run(|app| app.audit_log(&operator()).unwrap().len()).await
    }

    fn advance(&self, minutes: i64) {
        let mut now = self.now.lock().unwrap();
        *now = now.checked_add(jiff::SignedDuration::from_mins(minutes)).unwrap();
    }
}

/// One state-changing request of the portal: its route (as in the router), a concrete path,
/// the form that would be accepted, who may send it, and whether it is a file upload.
struct Change {
    route: &'static str,
    path: String,
    fields: Vec<(&'static str, String)>,
    /// A user allowed to make this change (the test checks the change is not refused as such).
    allowed: &'static str,
    /// Users who must be refused: another actor's, or of a role without the right.
    refused: &'static [&'static str],
    upload: bool,
}

/// Stands in a change's form for the key of a finding on the police's return.
const POLICE_FINDING: &str = "<a police finding>";

fn changes() -> Vec<Change> {
    let f =
        |pairs: &[(&'static str, &str)]| pairs.iter().map(|(k, v)| (*k, v.to_string())).collect::<Vec<_>>();
    let police_return = format!("/cycles/{CYCLE}/returns/{POLICE_CUBE}");
    let police_text = format!("/cycles/{CYCLE}/texts/{POLICE_SECTION}/police");
    let actor_refused: &[&str] = &["rsz.contrib", "rsz.review", "pol.field", "reader", "coord"];
    let coordinator_only: &[&str] = &["pol.contrib", "pol.review", "rsz.contrib", "pol.field", "reader"];
    vec![
        Change {
            route: "/logout",
            path: "/logout".into(),
            fields: vec![],
            allowed: "pol.contrib",
            refused: &[],
            upload: false,
        },
        Change {
            route: "/lang",
            path: "/lang".into(),
            fields: f(&[("lang", "fr")]),
            allowed: "pol.contrib",
            refused: &[],
            upload: false,
        },
        Change {
            route: "/users",
            path: "/users".into(),
            fields: f(&[
                ("name", "new.user"),
                ("password", PASSWORD),
                ("role", "reader"),
                ("actor", ""),
                ("lang", "fr"),
            ]),
            allowed: "coord",
            refused: coordinator_only,
            upload: false,
        },
        Change {
            route: "/api-tokens",
            path: "/api-tokens".into(),
            fields: f(&[("label", "police-ang"), ("role", "contributor"), ("actor", "police")]),
            allowed: "coord",
            refused: coordinator_only,
            upload: false,
        },
        Change {
            route: "/api-tokens/{label}/revoke",
            path: "/api-tokens/police-ang/revoke".into(),
            fields: vec![],
            allowed: "coord",
            refused: coordinator_only,
            upload: false,
        },
        Change {
            route: "/users/{id}",
            path: "/users/7".into(),
            fields: f(&[("role", "reader"), ("actor", ""), ("active", "1")]),
            allowed: "coord",
            refused: coordinator_only,
            upload: false,
        },
        Change {
            route: "/cycles",
            path: "/cycles".into(),
            fields: f(&[("cycle", CYCLE)]),
            allowed: "coord",
            refused: coordinator_only,
            upload: false,
        },
        Change {
            route: "/cycles/{cycle}/assign",
            path: format!("/cycles/{CYCLE}/assign"),
            fields: f(&[
                ("kind", "cube"),
                ("item", "police_thb_records"),
                ("actor", "police"),
                ("deadline", "2026-07-01"),
            ]),
            allowed: "coord",
            refused: coordinator_only,
            upload: false,
        },
        Change {
            route: "/cycles/{cycle}/returns/{cube}",
            path: police_return.clone(),
            fields: f(&[("col_0", "2019"), ("row_0", "exploitation_form=sexual"), ("c_0_0", "171")]),
            allowed: "pol.contrib",
            refused: actor_refused,
            upload: false,
        },
        Change {
            route: "/cycles/{cycle}/returns/{cube}/upload",
            path: format!("{police_return}/upload"),
            fields: vec![],
            allowed: "pol.contrib",
            refused: actor_refused,
            upload: true,
        },
        Change {
            route: "/cycles/{cycle}/returns/{cube}/explain",
            path: format!("{police_return}/explain"),
            fields: f(&[
                ("key", POLICE_FINDING),
                ("explanation", "The text counts differently from the table."),
            ]),
            allowed: "pol.contrib",
            refused: actor_refused,
            upload: false,
        },
        Change {
            route: "/cycles/{cycle}/returns/{cube}/accept",
            path: format!("{police_return}/accept"),
            fields: f(&[("key", POLICE_FINDING)]),
            allowed: "coord",
            refused: coordinator_only,
            upload: false,
        },
        Change {
            route: "/cycles/{cycle}/texts/{section}/{actor}",
            path: police_text.clone(),
            fields: f(&[("lang", "nl"), ("markdown", "De politie stelde vast …"), ("action", "save")]),
            allowed: "pol.contrib",
            refused: actor_refused,
            upload: false,
        },
        Change {
            route: "/cycles/{cycle}/submit",
            path: format!("/cycles/{CYCLE}/submit"),
            fields: f(&[("kind", "section"), ("item", POLICE_SECTION), ("actor", "police")]),
            allowed: "pol.contrib",
            refused: actor_refused,
            upload: false,
        },
        Change {
            route: "/cycles/{cycle}/review",
            path: format!("/cycles/{CYCLE}/review"),
            fields: f(&[
                ("kind", "section"),
                ("item", POLICE_SECTION),
                ("actor", "police"),
                ("decision", "approve"),
            ]),
            allowed: "pol.review",
            refused: &["rsz.review", "rsz.contrib", "pol.contrib", "pol.field", "reader", "coord"],
            upload: false,
        },
        Change {
            route: "/cycles/{cycle}/report/build",
            path: format!("/cycles/{CYCLE}/report/build"),
            fields: f(&[("lang", "nl")]),
            allowed: "coord",
            refused: coordinator_only,
            upload: false,
        },
        Change {
            route: "/reports/{id}/publish",
            path: "/reports/1/publish".into(),
            fields: vec![],
            allowed: "coord",
            refused: coordinator_only,
            upload: false,
        },
        Change {
            route: "/users/{id}/password",
            path: "/users/7/password".into(),
            fields: f(&[("password", "a reset password of reader")]),
            allowed: "coord",
            refused: coordinator_only,
            upload: false,
        },
        Change {
            route: "/linkage/run",
            path: "/linkage/run".into(),
            fields: vec![],
            allowed: "coord",
            refused: coordinator_only,
            upload: false,
        },
        Change {
            route: "/linkage/decide",
            path: "/linkage/decide".into(),
            fields: f(&[
                ("a_schema", "police_finding"),
                ("a_key", "PF1"),
                ("b_schema", "guidance_file"),
                ("b_key", "G1"),
                ("decision", "different"),
                ("comment", "two sisters, one birth date"),
            ]),
            allowed: "coord",
            refused: coordinator_only,
            upload: false,
        },
        Change {
            route: "/cycles/{cycle}/translations/xliff",
            path: format!("/cycles/{CYCLE}/translations/xliff"),
            fields: vec![],
            allowed: "coord",
            refused: coordinator_only,
            upload: true,
        },
        Change {
            route: "/cycles/{cycle}/translations/tmx",
            path: format!("/cycles/{CYCLE}/translations/tmx"),
            fields: vec![],
            allowed: "coord",
            refused: coordinator_only,
            upload: true,
        },
        // Last: it ends every session of its user.
        Change {
            route: "/account/password",
            path: "/account/password".into(),
            fields: f(&[("current", PASSWORD), ("password", "my own new password")]),
            allowed: "pol.contrib",
            refused: &[],
            upload: false,
        },
    ]
}

/// The POST routes the router declares, read from its source (so that a new route cannot be
/// added without this test covering it).
fn declared_post_routes() -> Vec<String> {
    let mut routes = Vec::new();
    for file in ["src/lib.rs", "src/pages/checklist/mod.rs"] {
        let source = std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        for part in source.split(".route(\"").skip(1) {
            let (path, rest) = part.split_once('"').unwrap();
            let call = rest.split(".route(").next().unwrap();
            if call.contains("post(") {
                routes.push(path.to_string());
            }
        }
    }
    routes
}

/// Routes of the checklist form, covered by `tests/checklist.rs`.
const CHECKLIST_ROUTES: [&str; 1] = ["/checklists"];

#[test]
fn every_post_route_of_the_router_is_covered() {
    let covered: Vec<&str> =
        changes().iter().map(|c| c.route).chain(["/login"]).chain(CHECKLIST_ROUTES).collect();
    for route in declared_post_routes() {
        assert!(covered.contains(&route.as_str()), "POST {route} is not covered by tests/http.rs");
    }
}

fn refused(status: StatusCode) -> bool {
    matches!(status, StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED)
}

async fn send_change(portal: &Portal, browser: &Browser, change: &Change, csrf: Option<&str>) -> Reply {
    if change.upload {
        let file = data_file("police", "police_thb_findings.csv");
        return portal.post_multipart(browser, &change.path, csrf, &file).await;
    }
    let finding = portal.police_finding().await;
    let mut fields: Vec<(&str, &str)> = change
        .fields
        .iter()
        .map(|(k, v)| (*k, if v == POLICE_FINDING { finding.as_str() } else { v.as_str() }))
        .collect();
    if let Some(csrf) = csrf {
        fields.push(("csrf", csrf));
    }
    portal.post_form(browser, &change.path, &fields).await
}

#[tokio::test]
async fn every_change_refuses_a_missing_or_wrong_csrf_token_and_changes_nothing() {
    let portal = portal();
    for change in changes() {
        let browser = portal.login(change.allowed).await;
        // Another live session of the same user, whose token is wrong for the first.
        let other = portal.login(change.allowed).await;
        let before = portal.audit_len().await;
        let missing = send_change(&portal, &browser, &change, None).await;
        assert_eq!(
            missing.status,
            StatusCode::FORBIDDEN,
            "{} without a token: {}",
            change.route,
            missing.body
        );
        let wrong = "0".repeat(browser.csrf.len());
        let reply = send_change(&portal, &browser, &change, Some(&wrong)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{} with a wrong token", change.route);
        let reply = send_change(&portal, &browser, &change, Some(&other.csrf)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{} with another session's token", change.route);
        assert_eq!(portal.audit_len().await, before, "{} changed something while refusing", change.route);
    }
}

#[tokio::test]
async fn every_change_refuses_an_expired_session() {
    let portal = portal();
    let mut browsers = Vec::new();
    for change in changes() {
        browsers.push(portal.login(change.allowed).await);
    }
    // A working day later every session has expired.
    portal.advance(9 * 60);
    let before = portal.audit_len().await;
    for (change, browser) in changes().iter().zip(&browsers) {
        let reply = send_change(&portal, browser, change, Some(&browser.csrf)).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{} with an expired session: {}",
            change.route,
            reply.body
        );
    }
    assert_eq!(portal.audit_len().await, before);
    // And reading sends the browser to the login page.
    let mut browser = browsers[0].clone();
    let reply = portal.get(&mut browser, &format!("/cycles/{CYCLE}")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.headers[header::LOCATION], "/login");
}

#[tokio::test]
async fn every_change_refuses_another_actors_user_and_the_wrong_role() {
    let portal = portal();
    for change in changes() {
        for user in change.refused {
            let browser = portal.login(user).await;
            let before = portal.audit_len().await;
            let reply = send_change(&portal, &browser, &change, Some(&browser.csrf)).await;
            assert!(refused(reply.status), "{user} on {}: {} {}", change.route, reply.status, reply.body);
            assert_eq!(portal.audit_len().await, before, "{user} on {} changed something", change.route);
        }
    }
}

#[tokio::test]
async fn the_allowed_user_gets_past_the_checks() {
    // The refusals above are not a portal that refuses everything: with the token and the right
    // user, no change is refused as forbidden.
    let portal = portal();
    for change in changes() {
        let browser = portal.login(change.allowed).await;
        let reply = send_change(&portal, &browser, &change, Some(&browser.csrf)).await;
        assert!(
            !refused(reply.status),
            "{} by {}: {} {}",
            change.route,
            change.allowed,
            reply.status,
            reply.body
        );
    }
}

#[tokio::test]
async fn reads_of_another_actors_data_are_refused() {
    let portal = portal();
    let mut police = portal.login("pol.contrib").await;
    let rsz_return = format!("/cycles/{CYCLE}/returns/{RSZ_CUBE}");
    let rsz_text = format!("/cycles/{CYCLE}/texts/{RSZ_SECTION}/rsz");
    for path in [
        rsz_return.as_str(),
        rsz_text.as_str(),
        "/users",
        "/audit",
        "/linkage",
        &format!("/cycles/{CYCLE}/report"),
        &format!("/cycles/{CYCLE}/translations"),
        &format!("/cycles/{CYCLE}/translations/xliff?from=nl&to=fr"),
        &format!("/cycles/{CYCLE}/translations/tmx?from=nl&to=fr"),
    ] {
        let token = police.csrf.clone();
        let reply = portal.get(&mut police, path).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "police contributor reading {path}");
        // The refusal is a page of the session: its language switcher and logout still work.
        assert_eq!(common::csrf_of(&reply.body), Some(token), "{path}");
    }
    let own = portal.get(&mut police, &format!("/cycles/{CYCLE}/returns/{POLICE_CUBE}")).await;
    assert_eq!(own.status, StatusCode::OK);
    // The board shows the police's own assignments only.
    let board = portal.get(&mut police, &format!("/cycles/{CYCLE}")).await;
    assert_eq!(board.status, StatusCode::OK);
    assert!(board.body.contains(POLICE_CUBE));
    assert!(!board.body.contains(RSZ_CUBE), "the police board shows the social inspection's return");
    // A reader sees neither the board nor any return nor an unpublished report.
    let mut reader = portal.login("reader").await;
    for path in
        [format!("/cycles/{CYCLE}"), format!("/cycles/{CYCLE}/returns/{POLICE_CUBE}"), "/audit".into()]
    {
        let reply = portal.get(&mut reader, &path).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "reader reading {path}");
    }
}

#[tokio::test]
async fn unpublished_reports_are_the_coordinators_until_published() {
    let portal = portal();
    let id = portal
        .state
        .run(|app| {
            let coordinator = coordinator_caller(1);
            app.save_report_build(&coordinator, CYCLE, ("nl", "html"), b"<html>report</html>").unwrap()
        })
        .await;
    let path = format!("/reports/{id}");
    let mut reader = portal.login("reader").await;
    assert_eq!(portal.get(&mut reader, &path).await.status, StatusCode::NOT_FOUND);
    let mut contributor = portal.login("pol.contrib").await;
    assert_eq!(portal.get(&mut contributor, &path).await.status, StatusCode::NOT_FOUND);
    let coordinator = portal.login("coord").await;
    let reply =
        portal.post_form(&coordinator, &format!("{path}/publish"), &[("csrf", &coordinator.csrf)]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let reply = portal.get(&mut reader, &path).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body, "<html>report</html>");
    assert!(reply.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));
    // A French build holds the data set's draft translations: published only when accepted.
    let fr = portal
        .state
        .run(|app| {
            let coordinator = coordinator_caller(1);
            app.save_report_build(&coordinator, CYCLE, ("fr", "html"), b"<html>rapport</html>").unwrap()
        })
        .await;
    let publish = format!("/reports/{fr}/publish");
    let held = portal.post_form(&coordinator, &publish, &[("csrf", &coordinator.csrf)]).await;
    assert_eq!(held.status, StatusCode::BAD_REQUEST, "{}", held.body);
    let drafts = rapporteur_app::embedded_narrative(CYCLE).iter().filter(|n| n.lang == "fr").count();
    let message = format!("Het FR-verslag bevat {drafts} ontwerpvertaling(en)");
    assert!(drafts > 0 && held.body.contains(&message), "{}", held.body);
    assert_eq!(portal.get(&mut reader, &format!("/reports/{fr}")).await.status, StatusCode::NOT_FOUND);
    let accepted = portal
        .post_form(&coordinator, &publish, &[("csrf", &coordinator.csrf), ("drafts", "accepted")])
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    assert_eq!(portal.get(&mut reader, &format!("/reports/{fr}")).await.status, StatusCode::OK);
}

/// A cell of the police's return as the tables use case computes it: the code of each column of
/// its cube's open-data file (`_T` where the cell sums every code) and its value. The largest
/// count of a body cell of a police table, so that disclosure control leaves it free.
fn police_cell_as_tabled(app: &mut App) -> (BTreeMap<String, String>, String) {
    let catalog = app.catalog().clone();
    let tables = app.tables(&operator(), Some(CYCLE), None).unwrap();
    let cube = catalog.cube(POLICE_CUBE).unwrap();
    let columns: Vec<String> =
        cube.dimensions.iter().map(|d| d.id.clone()).chain([PERIOD.to_string()]).collect();
    let mut best: Option<(i64, BTreeMap<String, String>)> = None;
    for (_, table) in tables.iter().filter(|(_, t)| t.cube == POLICE_CUBE) {
        for cell in table.cells.iter().flatten().filter(|c| !c.total) {
            let Some(CellValue::Amount { scaled, decimals: 0 }) = cell.value else { continue };
            let key = CellKey::new(&catalog, POLICE_CUBE, &cell.selection);
            let codes: Option<BTreeMap<String, String>> = columns
                .iter()
                .map(|column| match key.selection.get(column) {
                    None => Some((column.clone(), TOTAL_CODE.to_string())),
                    Some(set) if set.len() == 1 => Some((column.clone(), set.iter().next()?.clone())),
                    Some(_) => None,
                })
                .collect();
            if let Some(codes) = codes {
                if best.as_ref().is_none_or(|(value, _)| scaled > *value) {
                    best = Some((scaled, codes));
                }
            }
        }
    }
    let (value, codes) = best.expect("a body cell of a police table");
    (codes, value.to_string())
}

/// The files of a ZIP archive, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP archive");
    let mut files = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut content).unwrap();
        files.insert(entry.name().unwrap().to_string(), content);
    }
    files
}

#[tokio::test]
async fn a_published_build_carries_the_open_data_package_readers_download() {
    let portal = portal();
    let save = |lang: &'static str| {
        portal.state.run(move |app| {
            app.save_report_build(&coordinator_caller(1), CYCLE, (lang, "html"), b"<html>report</html>")
                .unwrap()
        })
    };
    let id = save("nl").await;
    let path = format!("/reports/{id}/open-data");
    let mut reader = portal.login("reader").await;
    let coordinator = portal.login("coord").await;

    // Before publication there is nothing to download, for anybody; an unknown build neither;
    // a visitor who is not logged in is sent to the login page. None of it is audited.
    let before = portal.audit_len().await;
    assert_eq!(portal.get(&mut reader, &path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(portal.get(&mut coordinator.clone(), &path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(portal.get(&mut reader, "/reports/9999/open-data").await.status, StatusCode::NOT_FOUND);
    let anonymous = portal.get(&mut Browser::default(), &path).await;
    assert!(
        anonymous.status.is_redirection() && anonymous.location().starts_with("/login"),
        "{}",
        anonymous.status
    );
    assert!(!portal.get(&mut reader, "/reports").await.body.contains("/open-data"));
    assert_eq!(portal.audit_len().await, before, "a refused download was audited");

    // The coordinator publishes: the package is made and stored with the build, audited.
    let reply = portal
        .post_form(&coordinator, &format!("/reports/{id}/publish"), &[("csrf", &coordinator.csrf)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let log = portal.state.run(|app| app.audit_log(&operator()).unwrap()).await;
    let actions: Vec<&str> = log[before..].iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["publish", "publish_open_data"]);

    // The reader sees the link with its size, and downloads a ZIP.
    let page = portal.get(&mut reader, "/reports").await;
    assert!(page.body.contains(&format!("href=\"/reports/{id}/open-data\"")), "{}", page.body);
    assert!(page.body.contains("Open data (ZIP)"), "{}", page.body);
    let download = portal.get(&mut reader, &path).await;
    assert_eq!(download.status, StatusCode::OK, "{}", download.body);
    assert_eq!(download.headers[header::CONTENT_TYPE], "application/zip");
    assert_eq!(
        download.headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"rapporteur-{CYCLE}-open-data.zip\"")
    );
    let kb = download.bytes.len().div_ceil(1024);
    assert!(page.body.contains(&format!("({kb} kB)")), "{kb} kB in {}", page.body);

    // It holds the package under one folder: the descriptor, and the police's data whose cell
    // reads as the tables use case computes it.
    let files = unzip(&download.bytes);
    let folder = format!("rapporteur-{CYCLE}-open-data");
    assert!(files.keys().all(|name| name.starts_with(&format!("{folder}/"))), "{:?}", files.keys());
    let descriptor: serde_json::Value =
        serde_json::from_slice(&files[&format!("{folder}/datapackage.json")]).expect("datapackage.json");
    assert!(descriptor["resources"].as_array().is_some_and(|r| !r.is_empty()));
    let csv_file = &files[&format!("{folder}/data/{POLICE_CUBE}.csv")];
    let (codes, value) = portal.state.run(police_cell_as_tabled).await;
    let mut rows = csv::Reader::from_reader(csv_file.as_slice());
    let header = rows.headers().unwrap().clone();
    let column =
        |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    let found: Vec<csv::StringRecord> = rows
        .records()
        .map(Result::unwrap)
        .filter(|row| codes.iter().all(|(c, code)| &row[column(c)] == code))
        .collect();
    assert_eq!(found.len(), 1, "one row at {codes:?}");
    assert_eq!(&found[0][column("OBS_VALUE")], value, "at {codes:?}");
    assert_eq!(&found[0][column("CONF_STATUS")], "F", "at {codes:?}");

    // The package is what `open_data` makes on the day of publication, byte for byte; a build
    // published the same day carries the same archive.
    let made =
        portal.state.run(|app| app.open_data(&coordinator_caller(1), CYCLE, "2026-03-02").unwrap()).await;
    assert_eq!(made.len(), files.len());
    for file in &made {
        assert_eq!(files[&format!("{folder}/{}", file.path)], file.bytes, "{}", file.path);
    }
    let other = save("en").await;
    let fields = [("csrf", coordinator.csrf.as_str()), ("drafts", "accepted")];
    let reply = portal.post_form(&coordinator, &format!("/reports/{other}/publish"), &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let again = portal.get(&mut reader, &format!("/reports/{other}/open-data")).await;
    assert_eq!(again.bytes, download.bytes, "the same data the same day give the same archive");
}

/// A login attempt from `addr` (as the trusted proxy reports it), with the login form's token.
async fn login_from(client: &Client, addr: &str, name: &str, password: &str) -> Reply {
    let mut browser = Browser::default();
    client.get(&mut browser, "/login").await;
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("csrf", browser.csrf.as_str()), ("name", name), ("password", password)])
        .finish();
    let request = Request::post("/login")
        .header(header::COOKIE, &browser.cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", format!("10.9.9.9, {addr}"))
        .body(Body::from(body))
        .unwrap();
    client.send(request).await
}

#[tokio::test]
async fn throttling_slows_the_attacker_and_never_locks_the_real_user_out() {
    let portal = portal();
    let behind_proxy = Client { router: router(portal.state.clone().behind_proxy()) };
    let attacker = "203.0.113.9";
    for _ in 0..rapporteur_app::FREE_FAILURES_PER_NAME {
        let reply = login_from(&behind_proxy, attacker, "coord", "wrong guess").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    // From the attacker's address, even the right password must now wait …
    let reply = login_from(&behind_proxy, attacker, "coord", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    // … while the real coordinator, elsewhere, logs in at once.
    let reply = login_from(&behind_proxy, "198.51.100.7", "coord", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    // The wait grows with each further failure: 30 s after the fifth, a minute after the sixth,
    // two after the seventh.
    portal.advance(1);
    assert_eq!(
        login_from(&behind_proxy, attacker, "coord", "wrong again").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login_from(&behind_proxy, attacker, "coord", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    portal.advance(1);
    assert_eq!(
        login_from(&behind_proxy, attacker, "coord", "and again").await.status,
        StatusCode::UNAUTHORIZED
    );
    portal.advance(1);
    assert_eq!(
        login_from(&behind_proxy, attacker, "coord", PASSWORD).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    portal.advance(1);
    assert_eq!(login_from(&behind_proxy, attacker, "coord", PASSWORD).await.status, StatusCode::SEE_OTHER);
    // The coordinator is told: six failures, from the attacker's address, on their name.
    let pressure = portal.state.run(|app| app.login_pressure(&operator()).unwrap()).await;
    assert_eq!(pressure.failed, 7);
    assert_eq!(pressure.addresses.first(), Some(&(attacker.to_string(), 7)));
    assert_eq!(pressure.names.first(), Some(&("coord".to_string(), 7)));
    let mut coordinator = portal.login("coord").await;
    let audit = portal.get(&mut coordinator, "/audit").await;
    assert!(
        audit.body.contains(&format!("<code>{attacker}</code> (7)")),
        "the audit page names the attacking address: {}",
        audit.body
    );
}

#[tokio::test]
async fn a_typed_name_is_kept_only_to_the_longest_account_name() {
    let portal = portal();
    let long = "x".repeat(1_000_000);
    let reply = login_from(&portal, "192.0.2.1", &long, "whatever it is").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let log = portal.state.run(|app| app.audit_log(&operator()).unwrap()).await;
    let failed = log.iter().find(|e| e.action == "login_failed").unwrap();
    assert!(failed.who.chars().count() <= rapporteur_app::MAX_NAME_CHARS + 1, "{} chars", failed.who.len());
    assert!(failed.entity_key.chars().count() <= rapporteur_app::MAX_NAME_CHARS + 1);
    // And a form larger than any form of the portal is refused before anything reads it.
    let huge = "x".repeat(3 * 1024 * 1024);
    let reply = login_from(&portal, "192.0.2.1", &huge, "whatever it is").await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn visitors_who_are_not_logged_in_leave_nothing_in_the_store() {
    let portal = portal();
    let sessions = || {
        let connection = rusqlite::Connection::open(&portal.store_path).unwrap();
        connection.query_row("SELECT count(*) FROM web_session", [], |r| r.get::<_, i64>(0)).unwrap()
    };
    let before = sessions();
    for _ in 0..50 {
        let mut stranger = Browser::default();
        assert_eq!(portal.get(&mut stranger, "/login").await.status, StatusCode::OK);
        assert_eq!(portal.get(&mut stranger, "/").await.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(sessions(), before, "no session row for anonymous requests");
    // The login form's token is signed by the server: a made-up one is refused.
    let forged =
        Browser { cookie: "rapporteur_login=0.9999999999.00".into(), csrf: "0.9999999999.00".into() };
    let reply = portal
        .post_form(&forged, "/login", &[("csrf", &forged.csrf), ("name", "coord"), ("password", PASSWORD)])
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // Logging in makes one session; logging out ends it.
    let coordinator = portal.login("coord").await;
    assert_eq!(sessions(), before + 1);
    let reply = portal.post_form(&coordinator, "/logout", &[("csrf", &coordinator.csrf)]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(sessions(), before);
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_the_cookie_is_locked_down() {
    let portal = portal();
    let mut browser = Browser::default();
    let reply = portal.get(&mut browser, "/login").await;
    let csp = reply.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"), "{csp}");
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    assert_eq!(reply.headers["referrer-policy"], "no-referrer");
    let cookie = reply.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP on loopback: {cookie}");
    // Behind TLS: Secure, the __Host- prefix, and HSTS.
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(
        LoadedCatalog::embedded().unwrap(),
        &dir.path().join("s.sqlite"),
        &operator(),
        rapporteur_app::system_clock(),
    )
    .unwrap();
    let tls = router(AppState::new(app, &operator(), true, None).unwrap());
    let response = tls.oneshot(Request::get("/login").body(Body::empty()).unwrap()).await.unwrap();
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("__Host-") && cookie.contains("; Secure"), "{cookie}");
    assert!(response.headers().contains_key(header::STRICT_TRANSPORT_SECURITY));
    // The password hash is Argon2id, and no hash or password reaches the audit log.
    let stored = std::fs::read(&portal.store_path).unwrap();
    assert!(
        stored.windows(PASSWORD.len()).all(|w| w != PASSWORD.as_bytes()),
        "a password is stored in clear"
    );
    let connection = rusqlite::Connection::open(&portal.store_path).unwrap();
    let mut hashes = connection.prepare("SELECT password_hash FROM app_user").unwrap();
    let hashes: Vec<String> = hashes.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert!(!hashes.is_empty() && hashes.iter().all(|h| h.starts_with("$argon2id$")));
    let log = portal.state.run(|app| app.audit_log(&operator()).unwrap()).await;
    assert!(log.iter().all(|e| !e.after.as_deref().unwrap_or("").contains("argon2")));
}

#[tokio::test]
async fn an_approved_return_is_locked_until_sent_back() {
    let portal = portal();
    let contributor = portal.login("pol.contrib").await;
    let return_path = format!("/cycles/{CYCLE}/returns/{POLICE_CUBE}");
    // The seed's contradiction on this cube must be explained before submitting.
    let unexplained = portal
        .post_form(
            &contributor,
            &format!("/cycles/{CYCLE}/submit"),
            &[("csrf", &contributor.csrf), ("kind", "cube"), ("item", POLICE_CUBE), ("actor", "police")],
        )
        .await;
    assert_eq!(unexplained.status, StatusCode::BAD_REQUEST, "{}", unexplained.body);
    let findings = portal
        .state
        .run(|app| {
            let sheet = app.return_sheet(&operator(), CYCLE, POLICE_CUBE).unwrap();
            sheet.findings.into_iter().map(|f| (f.finding.key, f.finding.severity)).collect::<Vec<_>>()
        })
        .await;
    let keys: Vec<&String> = findings.iter().map(|(key, _)| key).collect();
    assert!(!keys.is_empty(), "the seed's police contradiction (7 vs 9) is a finding");
    for key in &keys {
        let reply = portal
            .post_form(
                &contributor,
                &format!("{return_path}/explain"),
                &[
                    ("csrf", &contributor.csrf),
                    ("key", key),
                    ("explanation", "Table 2 counts 9; the text's 7 is a typo."),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    let submit =
        [("csrf", contributor.csrf.as_str()), ("kind", "cube"), ("item", POLICE_CUBE), ("actor", "police")];
    // An explained error still waits for the coordinator to accept it as it stands.
    let reply = portal.post_form(&contributor, &format!("/cycles/{CYCLE}/submit"), &submit).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    let coordinator = portal.login("coord").await;
    let page = portal.get(&mut coordinator.clone(), &return_path).await;
    let accept_buttons = page.body.matches(&format!("action=\"{return_path}/accept\"")).count();
    let errors = findings.iter().filter(|(_, severity)| *severity == Severity::Error).count();
    assert_eq!(accept_buttons, errors, "the coordinator sees a button beside each explained error");
    for (key, _) in findings.iter().filter(|(_, severity)| *severity == Severity::Error) {
        let reply = portal
            .post_form(
                &coordinator,
                &format!("{return_path}/accept"),
                &[("csrf", &coordinator.csrf), ("key", key)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    }
    let reply = portal.post_form(&contributor, &format!("/cycles/{CYCLE}/submit"), &submit).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let reviewer = portal.login("pol.review").await;
    let approve = [
        ("csrf", reviewer.csrf.as_str()),
        ("kind", "cube"),
        ("item", POLICE_CUBE),
        ("actor", "police"),
        ("decision", "approve"),
    ];
    assert_eq!(
        portal.post_form(&reviewer, &format!("/cycles/{CYCLE}/review"), &approve).await.status,
        StatusCode::SEE_OTHER
    );
    // Locked: a changed grid and an upload are refused, the store keeps its values.
    let before = portal.audit_len().await;
    let grid = [
        ("csrf", contributor.csrf.as_str()),
        ("col_0", "2019"),
        ("row_0", "exploitation_form=sexual"),
        ("c_0_0", "170"),
    ];
    let reply = portal.post_form(&contributor, &return_path, &grid).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    let mut file = String::from_utf8(data_file("police", "police_thb_findings.csv")).unwrap();
    file = file.replacen("police_thb_findings,2020,sexual,142,", "police_thb_findings,2020,sexual,124,", 1);
    let reply = portal
        .post_multipart(
            &contributor,
            &format!("{return_path}/upload"),
            Some(&contributor.csrf),
            file.as_bytes(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert_eq!(portal.audit_len().await, before);
}

/// What the server logs, kept for a test to read.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn an_internal_error_shows_an_incident_number_and_logs_the_detail() {
    let portal = portal();
    let log = LogBuffer::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
    let _logging = tracing::subscriber::set_default(subscriber);
    let mut coordinator = portal.login("coord").await;
    // The store loses a table behind the portal's back (a broken migration, a damaged file).
    let connection = rusqlite::Connection::open(&portal.store_path).unwrap();
    connection.execute_batch("DROP TABLE report_build").unwrap();
    let reply = portal.get(&mut coordinator, &format!("/cycles/{CYCLE}/report")).await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    let logged = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
    let line = logged.lines().find(|l| l.contains("internal error")).expect("the error is logged");
    assert!(line.contains("no such table: report_build"), "{line}");
    // The page says so in the user's language with the incident number of the log line, and
    // nothing of the store's inside.
    let incident = line.split("incident=").nth(1).unwrap().split_whitespace().next().unwrap();
    assert_eq!(incident.len(), 16, "{line}");
    assert!(reply.body.contains(incident), "{}", reply.body);
    assert!(reply.body.contains("incidentnummer"), "the coordinator reads Dutch: {}", reply.body);
    assert!(!reply.body.contains("report_build") && !reply.body.contains("no such table"), "{}", reply.body);
}

/// A return grid form of `rows` rows (with one period), as a hostile client would send it.
fn huge_grid(csrf: &str, rows: usize) -> String {
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("csrf", csrf).append_pair("col_0", "2019");
    for i in 0..rows {
        form.append_pair(&format!("row_{i}"), "exploitation_form=sexual")
            .append_pair(&format!("c_{i}_0"), "1");
    }
    form.finish()
}

async fn post_raw(portal: &Portal, browser: &Browser, path: &str, body: String) -> Reply {
    let request = Request::post(path)
        .header(header::COOKIE, &browser.cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    portal.send(request).await
}

#[tokio::test]
async fn a_huge_grid_is_refused_before_any_work_and_a_large_one_is_read_once() {
    let portal = portal();
    let return_path = format!("/cycles/{CYCLE}/returns/{POLICE_CUBE}");
    let mut browsers = Vec::new();
    for name in ["reader", "rsz.contrib", "pol.review", "pol.contrib"] {
        browsers.push((name, portal.login(name).await));
    }
    let before = portal.audit_len().await;
    for (name, browser) in &browsers {
        // Beyond the form limit (about 3.7 MB): refused before it is read.
        let reply = post_raw(&portal, browser, &return_path, huge_grid(&browser.csrf, 100_000)).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{name}");
        // Within it, but with more rows than the cube has combinations: refused before any work.
        let reply = post_raw(&portal, browser, &return_path, huge_grid(&browser.csrf, 30_000)).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{name}");
        // Few fields, but more rows than the cube has combinations (row keys without cells).
        let mut rows_only = form_urlencoded::Serializer::new(String::new());
        rows_only.append_pair("csrf", &browser.csrf).append_pair("col_0", "2019");
        for i in 0..40 {
            rows_only.append_pair(&format!("row_{i}"), "exploitation_form=sexual");
        }
        let reply = post_raw(&portal, browser, &return_path, rows_only.finish()).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{name}");
    }
    // A grid of the cube's size, from a user who may not change the return: refused before the
    // grid is read.
    for (name, browser) in &browsers[..3] {
        let reply = post_raw(&portal, browser, &return_path, huge_grid(&browser.csrf, 5)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{name}");
    }
    assert_eq!(portal.audit_len().await, before);
    // The contributor's grid is read and answered.
    let contributor = &browsers[3].1;
    let reply = post_raw(&portal, contributor, &return_path, huge_grid(&contributor.csrf, 5)).await;
    assert!(!reply.status.is_server_error() && !refused(reply.status), "{}", reply.status);
}

#[tokio::test]
async fn look_alike_names_blank_or_common_passwords_and_overlong_texts_are_refused() {
    let portal = portal();
    let coordinator = portal.login("coord").await;
    let contributor = portal.login("pol.contrib").await;
    let before = portal.audit_len().await;
    let add = |name: &'static str, password: String| {
        vec![
            ("name", name.to_string()),
            ("password", password),
            ("role", "reader".into()),
            ("lang", "fr".into()),
        ]
    };
    for (fields, expected) in [
        (add("сoord", "the river runs past four mills".into()), "Cyrillic"),
        (add("C00RD", "the river runs past four mills".into()), "coord"),
        (add("new.reader", " ".repeat(12)), "spaces"),
        (add("new.reader", "password1234".into()), "common"),
    ] {
        let mut form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        form.push(("csrf", &coordinator.csrf));
        let reply = portal.post_form(&coordinator, "/users", &form).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{expected}: {}", reply.body);
    }
    let explanation = "x".repeat(rapporteur_app::MAX_EXPLANATION_CHARS + 1);
    let finding = portal.police_finding().await;
    let reply = portal
        .post_form(
            &contributor,
            &format!("/cycles/{CYCLE}/returns/{POLICE_CUBE}/explain"),
            &[("csrf", &contributor.csrf), ("key", &finding), ("explanation", &explanation)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(portal.audit_len().await, before, "nothing of it was stored");
}

#[tokio::test]
async fn a_refused_file_lists_its_first_problems_and_counts_the_rest() {
    let portal = portal();
    let contributor = portal.login("pol.contrib").await;
    // 1,000 rows each with an unknown code: a thousand located problems.
    let mut file = String::from("cube,period,exploitation_form,value\n");
    for i in 0..1_000 {
        file.push_str(&format!("police_thb_findings,2019,no_such_form_{i},1\n"));
    }
    let path = format!("/cycles/{CYCLE}/returns/{POLICE_CUBE}/upload");
    let reply = portal.post_multipart(&contributor, &path, Some(&contributor.csrf), file.as_bytes()).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("no_such_form_199") && !reply.body.contains("no_such_form_200"));
    assert!(
        reply.body.contains("800"),
        "the rest are counted: {}",
        &reply.body[..2000.min(reply.body.len())]
    );
}

#[tokio::test]
async fn the_coordinator_links_the_records_and_sees_the_chain() {
    let portal = portal();
    let mut coordinator = portal.login("coord").await;
    let page = portal.get(&mut coordinator, "/linkage").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("action=\"/linkage/run\""), "{}", page.body);
    let change = changes().into_iter().find(|c| c.route == "/linkage/run").expect("the route");
    let before = portal.audit_len().await;
    let reply = send_change(&portal, &coordinator, &change, Some(&coordinator.csrf)).await;
    assert!(reply.status.is_redirection(), "{} {}", reply.status, reply.body);
    let page = portal.get(&mut coordinator, "/linkage?done=linked").await;
    assert!(page.body.contains("<caption id=\"funnel-caption\">"), "{}", page.body);
    assert!(portal.audit_len().await > before, "the run (and its reads of records) is audited");
}

#[tokio::test]
async fn the_review_list_shows_how_many_days_apart_the_two_registrations_are() {
    let portal = portal();
    // Two checklists of one name with the placeholder birth date: the rule never links such a
    // pair; it awaits the coordinator.
    let filled_on = ["2019-04-10", "2019-05-11"];
    let raw = format!(
        "checklist_id,family_name,given_names,birth_date,filled_on,directorate,sex,nationality\n\
         rsz-w-01,Fictivo,Marek,1900-01-01,{},antwerpen,M,PL\n\
         rsz-w-02,Fictivo,Marek,01/01/1900,{},luik,M,PL\n",
        filled_on[0], filled_on[1]
    );
    let dir = tempfile::tempdir().unwrap();
    let (key, raw_path, keyed) =
        (dir.path().join("key.txt"), dir.path().join("raw.csv"), dir.path().join("keyed.csv"));
    std::fs::write(&key, b"an invented shared secret for this test only\n").unwrap();
    std::fs::write(&raw_path, raw).unwrap();
    let catalog = LoadedCatalog::embedded().unwrap().catalog;
    rapporteur_app::pseudonymize_file(&catalog.identity, &key, &raw_path, &keyed).unwrap();
    let bytes = std::fs::read(&keyed).unwrap();
    portal
        .state
        .run(move |app| {
            app.import_records(&operator(), "checklists.csv", &bytes[..]).unwrap();
            app.link_records(&coordinator_caller(1)).unwrap();
        })
        .await;
    let mut coordinator = portal.login("coord").await;
    let page = portal.get(&mut coordinator, "/linkage").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let [a, b] = filled_on.map(|d| d.parse::<jiff::civil::Date>().unwrap());
    let days = a.until(b).unwrap().get_days();
    assert!(
        page.body.contains(&format!("De twee registraties liggen {days} dagen uit elkaar")),
        "{}",
        page.body
    );
    // What both registrations say, side by side in Dutch: each field by its catalog name, a
    // code by its label, and whether the two agree (the directorates differ, sex agrees).
    let schema = &catalog.records["indicator_checklist"];
    let row = |field: &str, a: &str, b: &str| {
        let f = &schema.fields[schema.field_index(field).unwrap()];
        let label = |text: &str| match &f.kind {
            rapporteur_domain::catalog::FieldKind::Code { codelist } => {
                catalog.code_list(codelist).unwrap().lookup(text).unwrap().labels.get("nl").to_string()
            }
            _ => text.to_string(),
        };
        let (class, agreement) = if a == b { ("agree", "gelijk") } else { ("differ", "verschillend") };
        format!(
            "<tr class=\"{class}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{agreement}</td></tr>",
            f.name.get("nl"),
            label(a),
            label(b)
        )
    };
    for expected in
        [row("sex", "M", "M"), row("nationality", "PL", "PL"), row("directorate", "antwerpen", "luik")]
    {
        assert!(page.body.contains(&expected), "{expected} in {}", page.body);
    }
    for hidden in ["person_key", "person_encoding"] {
        let name = schema.fields[schema.field_index(hidden).unwrap()].name.get("nl");
        assert!(!page.body.contains(name), "{name} is not shown: {}", page.body);
    }
}

#[tokio::test]
async fn a_sections_texts_say_where_each_language_stands() {
    let portal = portal();
    portal
        .state
        .run(|app| {
            let coordinator = coordinator_caller(1);
            let section = ItemRef::new(ItemKind::Section, "11.1.1.1", "police");
            app.assign(&coordinator, CYCLE, &section, "2027-01-31").unwrap();
        })
        .await;
    let mut contributor = portal.login("pol.contrib").await;
    let page = portal.get(&mut contributor, &format!("/cycles/{CYCLE}/texts/11.1.1.1/police")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    // The police's own Dutch text, and the data set's draft translations into French and English.
    assert_eq!(
        page.body.matches(r#"class="tag text-status text-status-original""#).count(),
        1,
        "{}",
        page.body
    );
    assert_eq!(page.body.matches(r#"class="tag text-status text-status-draft""#).count(), 2, "{}", page.body);
}

#[tokio::test]
async fn the_board_shows_each_texts_translation_status_per_language() {
    let portal = portal();
    let mut coordinator = portal.login("coord").await;
    let page = portal.get(&mut coordinator, &format!("/cycles/{CYCLE}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let table = page.body.split(r#"<table class="text-statuses">"#).nth(1).expect("the status table");
    let table = table.split("</table>").next().unwrap();
    for lang in ["NL", "FR", "EN"] {
        assert!(table.contains(&format!(r#"<th scope="col">{lang}</th>"#)), "{table}");
    }
    let row = |marker: &str| -> String {
        table
            .split("<tr>")
            .find(|row| row.contains(marker))
            .unwrap_or_else(|| panic!("{marker}: {table}"))
            .to_string()
    };
    let cell = |lang: &str, code: &str, word: &str| {
        format!(
            r#"<td data-lang="{lang}"><span class="tag text-status text-status-{code}">{word}</span></td>"#
        )
    };
    // A text of the data set: the police's Dutch original, and its draft French translation.
    let written = row(r#"<th scope="row">11.1.1.1 "#);
    assert!(written.contains(&cell("nl", "original", "origineel")), "{written}");
    assert!(written.contains(&cell("fr", "draft", "ontwerp")), "{written}");
    // An assigned section with no text yet: every language awaits, the word not colour alone.
    let assigned = row(&format!(r#"href="/cycles/{CYCLE}/texts/{POLICE_SECTION}/police""#));
    assert!(assigned.contains(&cell("fr", "awaiting", "wacht")), "{assigned}");
    assert!(assigned.contains(&cell("en", "awaiting", "wacht")), "{assigned}");
    // The cycle's count line per language: the data set's drafts, the two assigned sections.
    let drafts = rapporteur_app::embedded_narrative(CYCLE).iter().filter(|n| n.lang == "fr").count();
    let counts = format!("FR: 0 origineel, {drafts} ontwerp(en), 0 vertaald, 0 nagelezen, 2 wachtend");
    assert!(page.body.contains(&counts), "{}", page.body);

    // An actor's contributor sees the statuses of its own texts only.
    let mut rsz = portal.login("rsz.contrib").await;
    let page = portal.get(&mut rsz, &format!("/cycles/{CYCLE}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(!page.body.contains(&format!("/texts/{POLICE_SECTION}/police")), "{}", page.body);
    assert!(!page.body.contains(r#"<th scope="row">11.1.1.1 "#), "{}", page.body);
}

#[tokio::test]
async fn the_coordinator_downloads_each_destinations_export_and_nobody_else_does() {
    let portal = portal();
    let mut coordinator = portal.login("coord").await;
    let page = portal.get(&mut coordinator, &format!("/cycles/{CYCLE}/report")).await;
    assert_eq!(page.status, StatusCode::OK);
    for id in ["eurostat_thb", "eurostat_smu", "unodc_glotip", "greta"] {
        assert!(
            page.body.contains(&format!("href=\"/cycles/{CYCLE}/exports/{id}\"")),
            "{id} in {}",
            page.body
        );
    }

    // UNODC's questionnaire asks for the offences the police recorded: the portal's store has
    // them. The archive holds the workbook under one folder.
    let path = format!("/cycles/{CYCLE}/exports/unodc_glotip");
    let download = portal.get(&mut coordinator, &path).await;
    assert_eq!(download.status, StatusCode::OK, "{}", download.body);
    assert_eq!(download.headers[header::CONTENT_TYPE], "application/zip");
    let folder = format!("rapporteur-{CYCLE}-unodc_glotip");
    assert_eq!(
        download.headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"{folder}.zip\"")
    );
    let files = unzip(&download.bytes);
    let names: Vec<&String> = files.keys().collect();
    assert_eq!(names, [&format!("{folder}/unodc_glotip_{CYCLE}.xlsx")]);
    assert!(files.values().all(|bytes| bytes.starts_with(b"PK")), "an XLSX is a ZIP container");

    // The Eurostat export is SDMX: data files, the structure and the READMEs.
    let eurostat =
        unzip(&portal.get(&mut coordinator, &format!("/cycles/{CYCLE}/exports/eurostat_thb")).await.bytes);
    assert!(eurostat.keys().any(|n| n.ends_with("/structure.xml")), "{:?}", eurostat.keys());
    assert!(eurostat.keys().any(|n| n.ends_with(".csv")), "{:?}", eurostat.keys());

    // An unknown destination is a clear refusal, not a crash; others may not export at all.
    let unknown = portal.get(&mut coordinator, &format!("/cycles/{CYCLE}/exports/interpol")).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.body.contains("interpol"), "{}", unknown.body);
    for user in ["pol.contrib", "reader"] {
        let mut browser = portal.login(user).await;
        assert_eq!(portal.get(&mut browser, &path).await.status, StatusCode::FORBIDDEN, "{user}");
    }
}

#[tokio::test]
async fn the_coordinator_issues_a_token_sees_its_secret_once_and_revokes_it() {
    let portal = portal();
    let coordinator = portal.login("coord").await;
    let reply = portal
        .post_form(
            &coordinator,
            "/api-tokens",
            &[
                ("csrf", &coordinator.csrf),
                ("label", "police-ang"),
                ("role", "contributor"),
                ("actor", "police"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let secret = reply
        .body
        .split("value=\"")
        .find_map(|rest| rest.split('"').next().filter(|v| v.starts_with(rapporteur_app::API_TOKEN_PREFIX)))
        .expect("the secret is shown once")
        .to_string();
    let api = |secret: String| {
        Request::get("/api/v1/token")
            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(portal.send(api(secret.clone())).await.status, StatusCode::OK);

    // The list names it, never its secret.
    let list = portal.get(&mut coordinator.clone(), "/api-tokens").await;
    assert!(list.body.contains("police-ang"), "{}", list.body);
    assert!(!list.body.contains(&secret), "the secret is shown again");

    // Revoked, it opens nothing; others may neither see nor revoke tokens.
    for user in ["pol.contrib", "reader"] {
        let mut browser = portal.login(user).await;
        assert_eq!(portal.get(&mut browser, "/api-tokens").await.status, StatusCode::FORBIDDEN, "{user}");
    }
    let reply =
        portal.post_form(&coordinator, "/api-tokens/police-ang/revoke", &[("csrf", &coordinator.csrf)]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(portal.send(api(secret)).await.status, StatusCode::UNAUTHORIZED);
}

/// The file with a target after every segment's source, the source copied (text and
/// placeholders as they are), each segment's state `translated`.
fn with_targets(xliff: &str) -> String {
    let mut out = String::new();
    let mut rest = xliff;
    while let Some(start) = rest.find("<segment ") {
        let (before, segment) = rest.split_at(start);
        out.push_str(before);
        let end = segment.find("</segment>").expect("a closed segment");
        let source = segment.split("<source>").nth(1).and_then(|s| s.split("</source>").next()).unwrap();
        let head = segment[..segment.find("<source>").unwrap()]
            .replace(r#"state="initial""#, r#"state="translated""#);
        out.push_str(&format!("{head}<source>{source}</source><target>{source}</target></segment>"));
        rest = &segment[end + "</segment>".len()..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn the_coordinator_exchanges_translations_as_xliff_and_tmx_through_the_portal() {
    let portal = portal();
    // The texts of the police and of the social inspection that await French (drafts).
    let (police, rsz) = ("11.1.1.1", "11.1.2.1.1");
    portal
        .state
        .run(move |app| {
            for (section, actor) in [(police, "police"), (rsz, "rsz")] {
                let item = ItemRef::new(ItemKind::Section, section, actor);
                app.assign(&coordinator_caller(1), CYCLE, &item, "2026-06-30").unwrap();
            }
        })
        .await;
    let mut coordinator = portal.login("coord").await;
    let page_path = format!("/cycles/{CYCLE}/translations");
    let page = portal.get(&mut coordinator, &page_path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(&format!("action=\"/cycles/{CYCLE}/translations/xliff\"")), "{}", page.body);
    let board = portal.get(&mut coordinator, &format!("/cycles/{CYCLE}")).await;
    assert!(board.body.contains(&format!("href=\"{page_path}\"")), "the board links the page");

    // The export: the bytes the use case (and so the command line) gives for the same choice.
    let export_path =
        format!("{page_path}/xliff?from=nl&to=fr&actor=police&actor=rsz&sections={police},+{rsz}");
    let download = portal.get(&mut coordinator, &export_path).await;
    assert_eq!(download.status, StatusCode::OK, "{}", download.body);
    assert_eq!(
        download.headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"rapporteur-{CYCLE}.nl-fr.xlf\"")
    );
    let choice = rapporteur_app::ExportChoice {
        actors: vec!["police".into(), "rsz".into()],
        sections: vec![police.into(), rsz.into()],
    };
    let expected = portal
        .state
        .run(move |app| app.export_translation(&operator(), Some(CYCLE), ("nl", "fr"), &choice).unwrap())
        .await;
    assert_eq!(expected.units, 2, "the police's and the social inspection's texts await French");
    assert_eq!(download.bytes, expected.xliff);
    let xliff = String::from_utf8(download.bytes).unwrap();
    let good = with_targets(&xliff);

    // A placeholder dropped from a target: refused with the line of its unit; nothing changes.
    let first_ph = good
        .match_indices("<target>")
        .find_map(|(t, _)| {
            let target = &good[t..t + good[t..].find("</target>").unwrap()];
            target.find("<ph ").map(|p| t + p)
        })
        .expect("a placeholder in a target");
    let ph_end = first_ph + good[first_ph..].find("/>").unwrap() + 2;
    let broken = format!("{}{}", &good[..first_ph], &good[ph_end..]);
    let before = portal.audit_len().await;
    let upload = format!("{page_path}/xliff");
    let reply =
        portal.post_multipart(&coordinator, &upload, Some(&coordinator.csrf), broken.as_bytes()).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Het vertaalde bestand werd geweigerd"), "{}", reply.body);
    assert!(
        reply.body.contains("<li>regel ") && reply.body.contains("is missing from the translation"),
        "{}",
        reply.body
    );
    assert_eq!(portal.audit_len().await, before, "a refused file changed something");
    let police_text = ItemRef::new(ItemKind::Section, police, "police");
    let texts =
        |item: ItemRef| portal.state.run(move |app| app.section_texts(&operator(), CYCLE, &item).unwrap());
    let unchanged = texts(police_text.clone()).await;
    assert_ne!(unchanged.statuses.get("fr"), Some(&rapporteur_domain::TextStatus::Translated));

    // The filled file: both texts stored as translations, said in the flash.
    let reply = portal.post_multipart(&coordinator, &upload, Some(&coordinator.csrf), good.as_bytes()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let page = portal.get(&mut coordinator, reply.location()).await;
    assert!(
        page.body.contains("Vertalingen naar FR: 2 tekst(en) opgeslagen, waarvan 0 al precies zo."),
        "{}",
        page.body
    );
    assert!(portal.audit_len().await > before, "the import is audited");
    for (section, actor) in [(police, "police"), (rsz, "rsz")] {
        let stored = texts(ItemRef::new(ItemKind::Section, section, actor)).await;
        assert_eq!(stored.statuses.get("fr"), Some(&rapporteur_domain::TextStatus::Translated), "{section}");
        let first_words: String = stored.texts["nl"].chars().take(20).collect();
        assert!(stored.texts["fr"].starts_with(&first_words), "{section}: {}", stored.texts["fr"]);
    }
    // Nothing awaits French any more for this choice: the export says so instead of a file.
    let again = portal.get(&mut coordinator, &export_path).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let page = portal.get(&mut coordinator, again.location()).await;
    assert!(page.body.contains("wacht geen enkele tekst op een vertaling naar FR"), "{}", page.body);

    // The memory: the use case's TMX, which imports back; a broken one is refused.
    let tmx = portal.get(&mut coordinator, &format!("{page_path}/tmx?from=nl&to=fr&scope=cycle")).await;
    assert_eq!(tmx.status, StatusCode::OK, "{}", tmx.body);
    let expected = portal
        .state
        .run(|app| app.export_translation_memory(&operator(), Some(CYCLE), ("nl", "fr"), false).unwrap())
        .await;
    assert!(expected.units > 0);
    assert_eq!(tmx.bytes, expected.tmx);
    let upload = format!("{page_path}/tmx");
    let before = portal.audit_len().await;
    let truncated = &tmx.bytes[..tmx.bytes.len() / 2];
    let reply = portal.post_multipart(&coordinator, &upload, Some(&coordinator.csrf), truncated).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    assert!(reply.body.contains("Het geheugen werd geweigerd"), "{}", reply.body);
    assert_eq!(portal.audit_len().await, before, "a refused memory changed something");
    let reply = portal.post_multipart(&coordinator, &upload, Some(&coordinator.csrf), &tmx.bytes).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let page = portal.get(&mut coordinator, reply.location()).await;
    let read = format!("Vertaalgeheugen naar FR: {} zinspaar/-paren gelezen", expected.units);
    assert!(page.body.contains(&read), "{}", page.body);
}

#[tokio::test]
async fn an_empty_returns_grid_has_a_column_for_each_period_the_cycle_owes_of_the_cube() {
    let portal = portal();
    let mut coordinator = portal.login("coord").await;
    let catalog = LoadedCatalog::embedded().unwrap();
    let cycle = catalog.catalog.cycle(CYCLE).expect("the cycle");
    // A cube of years and a cohort cube, neither with data in this portal.
    for id in ["centre_registrations", "prosecution_dismissals"] {
        let cube = &catalog.catalog.cubes[id];
        let page = portal.get(&mut coordinator, &format!("/cycles/{CYCLE}/returns/{id}")).await;
        assert_eq!(page.status, StatusCode::OK, "{id}");
        let columns: Vec<&str> = page
            .body
            .split("name=\"col_")
            .skip(1)
            .filter_map(|rest| rest.split("value=\"").nth(1)?.split('"').next())
            .collect();
        assert_eq!(columns, cycle.owed_periods(cube), "{id}: {}", cube.period.as_str());
        assert!(columns.iter().all(|p| cube.period.fits(p)), "{id}: {columns:?}");
    }
}
