//! The portal's use cases on a real SQLite file with the seed's police return: accounts,
//! the completeness board, submitting and reviewing, locking, and texts written in the portal
//! reaching the report.

use rapporteur_app::portal::{BoardLine, PortalError};
use rapporteur_app::{App, AppError, ImportOutcome, LoadedCatalog};
use rapporteur_domain::access::{Principal, Role};

const PASSWORD: &str = "a long enough password";
const CUBE: &str = "police_thb_findings";

fn police_return() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/be/2019-2020/police/police_thb_findings.csv"
    ))
    .unwrap()
}

struct Setup {
    app: App,
    coordinator: Principal,
    contributor: Principal,
    reviewer: Principal,
    _dir: tempfile::TempDir,
}

fn principal(app: &App, name: &str) -> Principal {
    let user = app.store.user_by_name(name).unwrap().unwrap();
    Principal { user_id: user.id, name: user.name, role: Role::parse(&user.role).unwrap(), actor: user.actor }
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let clock: rapporteur_app::Clock = Box::new(|| "2026-03-02T09:00:00Z".to_string());
    let mut app =
        App::open(LoadedCatalog::embedded().unwrap(), &dir.path().join("s.sqlite"), "setup", clock).unwrap();
    app.add_user(None, "coord", PASSWORD, Role::Coordinator, None, "nl").unwrap();
    let coordinator = principal(&app, "coord");
    app.add_user(Some(&coordinator), "pol.c", PASSWORD, Role::Contributor, Some("police"), "fr").unwrap();
    app.add_user(Some(&coordinator), "pol.r", PASSWORD, Role::Reviewer, Some("police"), "nl").unwrap();
    app.open_cycle(&coordinator, "2019-2020").unwrap();
    let contributor = principal(&app, "pol.c");
    let reviewer = principal(&app, "pol.r");
    Setup { app, coordinator, contributor, reviewer, _dir: dir }
}

fn portal_error(result: Result<impl std::fmt::Debug, AppError>) -> PortalError {
    match result {
        Err(AppError::Portal(e)) => e,
        other => panic!("expected a portal refusal, got {other:?}"),
    }
}

fn line(app: &App, by: &Principal, today: &str) -> BoardLine {
    app.board(by, "2019-2020", today).unwrap().into_iter().find(|l| l.assignment.item == CUBE).unwrap()
}

#[test]
fn accounts_are_checked_before_they_are_stored() {
    let Setup { mut app, coordinator, contributor, _dir: _keep, .. } = setup();
    let weak = app.add_user(Some(&coordinator), "x.y", "short", Role::Reader, None, "nl");
    assert_eq!(portal_error(weak), PortalError::WeakPassword);
    let no_actor = app.add_user(Some(&coordinator), "x.y", PASSWORD, Role::Field, None, "nl");
    assert_eq!(portal_error(no_actor), PortalError::RoleNeedsActor(Role::Field));
    let unknown = app.add_user(Some(&coordinator), "x.y", PASSWORD, Role::Field, Some("interpol"), "nl");
    assert_eq!(portal_error(unknown), PortalError::UnknownActor("interpol".into()));
    let taken = app.add_user(Some(&coordinator), "pol.c", PASSWORD, Role::Reader, None, "nl");
    assert_eq!(portal_error(taken), PortalError::NameTaken("pol.c".into()));
    let by_contributor = app.add_user(Some(&contributor), "x.y", PASSWORD, Role::Reader, None, "nl");
    assert_eq!(portal_error(by_contributor), PortalError::Forbidden);
    assert_eq!(app.store.users().unwrap().len(), 3);
    // A password is changed by its owner or the coordinator only, and the old one stops working.
    let other = app.set_password(&contributor, coordinator.user_id, "taken over at last");
    assert_eq!(portal_error(other), PortalError::Forbidden);
    let own_by_reset = app.set_password(&contributor, contributor.user_id, "my own new password");
    assert_eq!(portal_error(own_by_reset), PortalError::Forbidden, "one's own needs the current password");
    let wrong = app.change_own_password(&contributor, "not my password", "my own new password");
    assert_eq!(portal_error(wrong), PortalError::WrongPassword);
    app.change_own_password(&contributor, PASSWORD, "my own new password").unwrap();
    let old = app.login("pol.c", PASSWORD, "10.0.0.1").unwrap();
    assert_eq!(old, rapporteur_app::portal::LoginOutcome::Refused);
    let new = app.login("pol.c", "my own new password", "10.0.0.1").unwrap();
    assert!(matches!(new, rapporteur_app::portal::LoginOutcome::LoggedIn(p) if p.name == "pol.c"));
}

#[test]
fn the_board_follows_a_return_from_owed_to_approved_and_approval_locks_it() {
    let Setup { mut app, coordinator, contributor, reviewer, _dir: _keep } = setup();
    let wrong_owner = app.assign(&coordinator, "2019-2020", "cube", CUBE, "rsz", "2026-04-30");
    assert!(matches!(portal_error(wrong_owner), PortalError::NotOwner { .. }));
    app.assign(&coordinator, "2019-2020", "cube", CUBE, "police", "2026-04-30").unwrap();
    let owed = line(&app, &coordinator, "2026-03-02");
    assert!(!owed.delivered && !owed.late && owed.errors == 0);
    assert!(line(&app, &coordinator, "2026-05-01").late, "past the deadline and not submitted");
    let nothing = app.submit(&contributor, "2019-2020", "cube", CUBE, "police");
    assert_eq!(portal_error(nothing), PortalError::NothingDelivered(CUBE.into()));

    app.user = contributor.name.clone();
    let outcome =
        app.import_for("police.csv", &police_return(), None, &mut |_, _| {}, Some("police")).unwrap();
    assert!(matches!(outcome, ImportOutcome::Imported { .. }));
    let delivered = line(&app, &contributor, "2026-03-02");
    // The seed's text says 7 forced-crime findings in 2019, its Table 2 says 9: an error.
    assert!(
        delivered.delivered
            && delivered.errors >= 1
            && delivered.unexplained == delivered.errors + delivered.warnings
    );
    let unexplained = app.submit(&contributor, "2019-2020", "cube", CUBE, "police");
    assert!(matches!(portal_error(unexplained), PortalError::Unexplained { .. }));
    for finding in app.store.findings("2019-2020").unwrap() {
        let concerns = finding.finding.cells.iter().any(|c| c.cube == CUBE);
        if concerns && finding.finding.severity != rapporteur_domain::Severity::Info {
            app.acknowledge_as(
                &contributor,
                "2019-2020",
                &finding.finding.key,
                "Table 2 is right; the text is not.",
            )
            .unwrap();
        }
    }
    app.submit(&contributor, "2019-2020", "cube", CUBE, "police").unwrap();
    assert!(!line(&app, &coordinator, "2026-05-01").late, "submitted is not late");
    let summary =
        rapporteur_app::portal::summarize(&app.board(&coordinator, "2019-2020", "2026-05-01").unwrap());
    assert_eq!(summary.len(), 1);
    let police = &summary[0];
    assert_eq!(
        (police.actor.as_str(), police.owed, police.delivered, police.submitted, police.late),
        ("police", 1, 1, 1, 0)
    );
    assert_eq!(police.failing, 1, "an explained error still fails validation");

    // A reviewer of another actor cannot decide; sending back needs a comment.
    let other = Principal { actor: Some("rsz".into()), ..reviewer.clone() };
    let foreign = app.review(&other, "2019-2020", "cube", CUBE, "police", true, "");
    assert_eq!(portal_error(foreign), PortalError::Forbidden);
    let silent = app.review(&reviewer, "2019-2020", "cube", CUBE, "police", false, "  ");
    assert_eq!(portal_error(silent), PortalError::CommentNeeded);
    app.review(&reviewer, "2019-2020", "cube", CUBE, "police", false, "Check 2020 begging.").unwrap();
    let sent_back = line(&app, &contributor, "2026-03-02");
    assert_eq!(sent_back.assignment.status, "sent_back");
    assert_eq!(sent_back.assignment.comment.as_deref(), Some("Check 2020 begging."));
    app.submit(&contributor, "2019-2020", "cube", CUBE, "police").unwrap();
    app.review(&reviewer, "2019-2020", "cube", CUBE, "police", true, "").unwrap();

    let changed =
        String::from_utf8(police_return()).unwrap().replacen(",2020,begging,7,", ",2020,begging,8,", 1);
    let locked = app.import_for("police.csv", changed.as_bytes(), None, &mut |_, _| {}, Some("police"));
    assert_eq!(portal_error(locked), PortalError::Locked(CUBE.into()));
    // The command line is held by the same lock.
    let locked = app.import("police.csv", changed.as_bytes(), None, &mut |_, _| {});
    assert_eq!(portal_error(locked), PortalError::Locked(CUBE.into()));
    let log = app.store.audit_log().unwrap();
    let statuses: Vec<&str> =
        log.iter().filter(|e| e.action == "set_status").map(|e| e.who.as_str()).collect();
    assert_eq!(statuses, ["pol.c", "pol.r", "pol.c", "pol.r"]);
}

#[test]
fn a_text_written_in_the_portal_replaces_the_embedded_one_in_the_report() {
    let Setup { mut app, coordinator, contributor, _dir: _keep, .. } = setup();
    let refused = app.save_text(&contributor, "2019-2020", "11.1.1", "police", "nl", "Tekst.");
    assert_eq!(portal_error(refused), PortalError::NotAssigned("11.1.1".into()));
    app.assign(&coordinator, "2019-2020", "section", "11.1.1", "police", "2026-04-30").unwrap();
    let text = "De politie registreerde in 2020 **142** feiten van seksuele uitbuiting.";
    assert!(app.save_text(&contributor, "2019-2020", "11.1.1", "police", "nl", text).unwrap());
    assert!(!app.save_text(&contributor, "2019-2020", "11.1.1", "police", "nl", text).unwrap(), "unchanged");
    let documents = app.report(Some("2019-2020"), &["nl".to_string()]).unwrap();
    let mut html = Vec::new();
    rapporteur_report::render_html(&documents[0], &mut html).unwrap();
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("De politie registreerde in 2020 <strong>142</strong> feiten"));
    let before = app.narratives("2019-2020").unwrap();
    let police =
        before.iter().filter(|n| n.section == "11.1.1" && n.actor == "police" && n.lang == "nl").count();
    assert_eq!(police, 1, "the portal's text replaces the embedded one, it is not added beside it");
}
