//! The portal's use cases on a real SQLite file with the seed's police return: accounts,
//! the completeness board, submitting and reviewing, locking, and texts written in the portal
//! reaching the report.

use rapporteur_app::{
    App, AppError, Board, BoardLine, ImportOutcome, LoadedCatalog, LoginOutcome, PortalError,
};
use rapporteur_domain::access::{Caller, Principal, Role, Status};
use rapporteur_domain::{ItemKind, ItemRef, Severity};

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
    coordinator: Caller,
    contributor: Caller,
    reviewer: Caller,
    _dir: tempfile::TempDir,
}

/// The portal user `name`, logged in as the portal logs in.
fn logged_in(app: &mut App, name: &str) -> Caller {
    match app.login(name, PASSWORD, "10.0.0.1").unwrap() {
        LoginOutcome::LoggedIn(principal) => Caller::Portal(principal),
        other => panic!("{name} cannot log in: {other:?}"),
    }
}

fn principal(caller: &Caller) -> &Principal {
    caller.principal().expect("a portal user")
}

fn police_return_item() -> ItemRef {
    ItemRef::new(ItemKind::Cube, CUBE, "police")
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let clock: rapporteur_app::Clock = Box::new(|| "2026-03-02T09:00:00Z".to_string());
    let operator = Caller::Operator("setup".into());
    let mut app =
        App::open(LoadedCatalog::embedded().unwrap(), &dir.path().join("s.sqlite"), &operator, clock)
            .unwrap();
    app.add_user(&operator, "coord", PASSWORD, (Role::Coordinator, None), "nl").unwrap();
    let coordinator = logged_in(&mut app, "coord");
    app.add_user(&coordinator, "pol.c", PASSWORD, (Role::Contributor, Some("police")), "fr").unwrap();
    app.add_user(&coordinator, "pol.r", PASSWORD, (Role::Reviewer, Some("police")), "nl").unwrap();
    app.open_cycle(&coordinator, "2019-2020").unwrap();
    let contributor = logged_in(&mut app, "pol.c");
    let reviewer = logged_in(&mut app, "pol.r");
    Setup { app, coordinator, contributor, reviewer, _dir: dir }
}

fn portal_error(result: Result<impl std::fmt::Debug, AppError>) -> PortalError {
    match result {
        Err(AppError::Portal(e)) => e,
        other => panic!("expected a portal refusal, got {other:?}"),
    }
}

fn line(app: &App, by: &Caller, today: &str) -> BoardLine {
    app.board(by, "2019-2020", today)
        .unwrap()
        .lines
        .into_iter()
        .find(|l| l.assignment.item.item == CUBE)
        .unwrap()
}

#[test]
fn accounts_are_checked_before_they_are_stored() {
    let Setup { mut app, coordinator, contributor, _dir: _keep, .. } = setup();
    let weak = app.add_user(&coordinator, "x.y", "short", (Role::Reader, None), "nl");
    assert_eq!(portal_error(weak), PortalError::WeakPassword);
    let no_actor = app.add_user(&coordinator, "x.y", PASSWORD, (Role::Field, None), "nl");
    assert_eq!(portal_error(no_actor), PortalError::RoleNeedsActor(Role::Field));
    let unknown = app.add_user(&coordinator, "x.y", PASSWORD, (Role::Field, Some("interpol")), "nl");
    assert_eq!(portal_error(unknown), PortalError::UnknownActor("interpol".into()));
    let taken = app.add_user(&coordinator, "pol.c", PASSWORD, (Role::Reader, None), "nl");
    assert_eq!(portal_error(taken), PortalError::NameTaken("pol.c".into()));
    let by_contributor = app.add_user(&contributor, "x.y", PASSWORD, (Role::Reader, None), "nl");
    assert_eq!(portal_error(by_contributor), PortalError::Forbidden);
    assert_eq!(app.users(&coordinator).unwrap().len(), 3);
    // A password is changed by its owner or the coordinator only, and the old one stops working.
    let other = app.set_password(&contributor, principal(&coordinator).user_id, "taken over at last");
    assert_eq!(portal_error(other), PortalError::Forbidden);
    let own_by_reset = app.set_password(&contributor, principal(&contributor).user_id, "my own new password");
    assert_eq!(portal_error(own_by_reset), PortalError::Forbidden, "one's own needs the current password");
    let wrong = app.change_own_password(&contributor, "not my password", "my own new password");
    assert_eq!(portal_error(wrong), PortalError::WrongPassword);
    app.change_own_password(&contributor, PASSWORD, "my own new password").unwrap();
    let old = app.login("pol.c", PASSWORD, "10.0.0.1").unwrap();
    assert_eq!(old, LoginOutcome::Refused);
    let new = app.login("pol.c", "my own new password", "10.0.0.1").unwrap();
    assert!(matches!(new, LoginOutcome::LoggedIn(p) if p.name == "pol.c"));
}

/// The coordinator accepts every explained error on the police return as it stands.
fn accept_errors(app: &mut App, coordinator: &Caller) {
    for stored in app.return_sheet(coordinator, "2019-2020", CUBE).unwrap().findings {
        if stored.finding.severity == Severity::Error {
            app.accept_finding(coordinator, Some("2019-2020"), &stored.finding.key).unwrap();
        }
    }
}

#[test]
fn an_error_blocks_submission_until_corrected_or_explained_and_accepted_as_it_stands() {
    let Setup { mut app, coordinator, contributor, reviewer, _dir: _keep } = setup();
    app.assign(&coordinator, "2019-2020", &police_return_item(), "2026-04-30").unwrap();
    app.import(&contributor, "police.csv", &police_return(), None, &mut |_, _| {}).unwrap();
    let findings = app.return_sheet(&contributor, "2019-2020", CUBE).unwrap().findings;
    let error =
        findings.iter().find(|f| f.finding.severity == Severity::Error).expect("the seed's 7 against 9");
    let key = error.finding.key.clone();

    // An error nobody explained cannot be accepted; a contributor or reviewer cannot accept one.
    let unexplained = app.accept_finding(&coordinator, Some("2019-2020"), &key);
    assert_eq!(portal_error(unexplained), PortalError::AcceptUnexplained);
    for stored in &findings {
        let because = "Table 2 is right; the text is not.";
        app.acknowledge(&contributor, Some("2019-2020"), &stored.finding.key, because).unwrap();
    }
    for not_coordinator in [&contributor, &reviewer] {
        let refused = app.accept_finding(not_coordinator, Some("2019-2020"), &key);
        assert_eq!(portal_error(refused), PortalError::Forbidden);
    }
    if let Some(other) = findings.iter().find(|f| f.finding.severity != Severity::Error) {
        let refused = app.accept_finding(&coordinator, Some("2019-2020"), &other.finding.key);
        assert_eq!(portal_error(refused), PortalError::AcceptOnlyErrors);
    }

    // Explained is not enough for an error: submission waits for the coordinator.
    let explained = line(&app, &contributor, "2026-03-02");
    assert_eq!((explained.unexplained, explained.unaccepted), (0, explained.errors));
    let refused = app.submit(&contributor, "2019-2020", &police_return_item());
    assert_eq!(
        portal_error(refused),
        PortalError::NotAccepted { item: CUBE.into(), count: explained.errors }
    );
    let audit_before = app.audit_log(&coordinator).unwrap().len();
    accept_errors(&mut app, &coordinator);
    let accepted = line(&app, &contributor, "2026-03-02");
    assert_eq!(accepted.unaccepted, 0);
    let audit = app.audit_log(&coordinator).unwrap();
    assert_eq!(audit.len(), audit_before + explained.errors, "each acceptance is audited");
    assert!(audit.iter().any(|e| e.action == "accept" && e.who == "coord" && e.entity_key.ends_with(&key)));

    // The acceptance holds for the figures accepted: when they change, the error blocks again.
    let changed = String::from_utf8(police_return())
        .unwrap()
        .replace("police_thb_findings,2019,forced_crime,9,\n", "police_thb_findings,2019,forced_crime,8,\n");
    app.import(&contributor, "police.csv", changed.as_bytes(), None, &mut |_, _| {}).unwrap();
    let after = app.return_sheet(&contributor, "2019-2020", CUBE).unwrap().findings;
    let again = after.iter().find(|f| f.finding.key == key).expect("the same finding, other figures");
    assert!(again.acknowledgment.is_some() && again.acceptance.is_none() && again.blocks_submission());
    assert!(line(&app, &contributor, "2026-03-02").unaccepted >= 1);
    let refused = app.submit(&contributor, "2019-2020", &police_return_item());
    assert!(matches!(
        portal_error(refused),
        PortalError::NotAccepted { .. } | PortalError::Unexplained { .. }
    ));

    // Back to the figures as accepted: the acceptance holds again, and the return goes in.
    app.import(&contributor, "police.csv", &police_return(), None, &mut |_, _| {}).unwrap();
    app.submit(&contributor, "2019-2020", &police_return_item()).unwrap();
}

#[test]
fn the_board_follows_a_return_from_owed_to_approved_and_approval_locks_it() {
    let Setup { mut app, coordinator, contributor, reviewer, _dir: _keep } = setup();
    let wrong_owner =
        app.assign(&coordinator, "2019-2020", &ItemRef::new(ItemKind::Cube, CUBE, "rsz"), "2026-04-30");
    assert!(matches!(portal_error(wrong_owner), PortalError::NotOwner { .. }));
    app.assign(&coordinator, "2019-2020", &police_return_item(), "2026-04-30").unwrap();
    let owed = line(&app, &coordinator, "2026-03-02");
    assert!(!owed.delivered && !owed.late && owed.errors == 0);
    assert!(line(&app, &coordinator, "2026-05-01").late, "past the deadline and not submitted");
    let nothing = app.submit(&contributor, "2019-2020", &police_return_item());
    assert_eq!(portal_error(nothing), PortalError::NothingDelivered(CUBE.into()));

    let outcome = app.import(&contributor, "police.csv", &police_return(), None, &mut |_, _| {}).unwrap();
    assert!(matches!(outcome, ImportOutcome::Imported { .. }));
    let delivered = line(&app, &contributor, "2026-03-02");
    // The seed's text says 7 forced-crime findings in 2019, its Table 2 says 9: an error.
    assert!(
        delivered.delivered
            && delivered.errors >= 1
            && delivered.unexplained == delivered.errors + delivered.warnings
    );
    let unexplained = app.submit(&contributor, "2019-2020", &police_return_item());
    assert!(matches!(portal_error(unexplained), PortalError::Unexplained { .. }));
    for finding in app.return_sheet(&contributor, "2019-2020", CUBE).unwrap().findings {
        let because = "Table 2 is right; the text is not.";
        app.acknowledge(&contributor, Some("2019-2020"), &finding.finding.key, because).unwrap();
    }
    accept_errors(&mut app, &coordinator);
    app.submit(&contributor, "2019-2020", &police_return_item()).unwrap();
    assert!(!line(&app, &coordinator, "2026-05-01").late, "submitted is not late");
    let summary =
        rapporteur_app::summarize(&app.board(&coordinator, "2019-2020", "2026-05-01").unwrap().lines);
    assert_eq!(summary.len(), 1);
    let police = &summary[0];
    assert_eq!(
        (police.actor.as_str(), police.owed, police.delivered, police.submitted, police.late),
        ("police", 1, 1, 1, 0)
    );
    assert_eq!(police.failing, 1, "an explained error still fails validation");

    // A reviewer of another actor cannot decide; sending back needs a comment.
    let other = Caller::Portal(Principal { actor: Some("rsz".into()), ..principal(&reviewer).clone() });
    let foreign = app.review(&other, "2019-2020", &police_return_item(), true, "");
    assert_eq!(portal_error(foreign), PortalError::Forbidden);
    let silent = app.review(&reviewer, "2019-2020", &police_return_item(), false, "  ");
    assert_eq!(portal_error(silent), PortalError::CommentNeeded);
    app.review(&reviewer, "2019-2020", &police_return_item(), false, "Check 2020 begging.").unwrap();
    let sent_back = line(&app, &contributor, "2026-03-02");
    assert_eq!(sent_back.assignment.status, Status::SentBack);
    assert_eq!(sent_back.assignment.comment.as_deref(), Some("Check 2020 begging."));
    app.submit(&contributor, "2019-2020", &police_return_item()).unwrap();
    app.review(&reviewer, "2019-2020", &police_return_item(), true, "").unwrap();

    let changed =
        String::from_utf8(police_return()).unwrap().replacen(",2020,begging,7,", ",2020,begging,8,", 1);
    let locked = app.import(&contributor, "police.csv", changed.as_bytes(), None, &mut |_, _| {});
    assert_eq!(portal_error(locked), PortalError::Locked(CUBE.into()));
    // The command line is held by the same lock.
    let operator = Caller::Operator("an.operator".into());
    let locked = app.import(&operator, "police.csv", changed.as_bytes(), None, &mut |_, _| {});
    assert_eq!(portal_error(locked), PortalError::Locked(CUBE.into()));
    let log = app.audit_log(&coordinator).unwrap();
    let statuses: Vec<&str> =
        log.iter().filter(|e| e.action == "set_status").map(|e| e.who.as_str()).collect();
    assert_eq!(statuses, ["pol.c", "pol.r", "pol.c", "pol.r"]);
}

#[test]
fn a_text_written_in_the_portal_replaces_the_embedded_one_in_the_report() {
    let Setup { mut app, coordinator, contributor, _dir: _keep, .. } = setup();
    let section = ItemRef::new(ItemKind::Section, "11.1.1.1", "police");
    let refused = app.save_text(&contributor, "2019-2020", &section, "nl", "Tekst.");
    assert_eq!(portal_error(refused), PortalError::NotAssigned("11.1.1.1".into()));
    app.assign(&coordinator, "2019-2020", &section, "2026-04-30").unwrap();
    let embedded = rapporteur_app::embedded_narrative("2019-2020")
        .into_iter()
        .find(|n| n.section == "11.1.1.1" && n.actor == "police" && n.lang == "nl")
        .expect("the data set has the police's text of 11.1.1.1");
    let first_sentence = embedded.markdown.lines().next().unwrap().to_string();
    let report_html = |app: &mut App| {
        let documents = app.report(&coordinator, Some("2019-2020"), &["nl".to_string()]).unwrap();
        let mut html = Vec::new();
        rapporteur_report::render_html(&documents[0], &mut html).unwrap();
        String::from_utf8(html).unwrap()
    };
    assert!(report_html(&mut app).contains(&first_sentence), "the embedded text, before");
    let text = "De politie registreerde in 2020 **142** feiten van seksuele uitbuiting.";
    assert!(app.save_text(&contributor, "2019-2020", &section, "nl", text).unwrap());
    assert!(!app.save_text(&contributor, "2019-2020", &section, "nl", text).unwrap(), "unchanged");
    assert_eq!(app.section_texts(&contributor, "2019-2020", &section).unwrap().texts["nl"], text);
    let html = report_html(&mut app);
    assert!(html.contains("De politie registreerde in 2020 <strong>142</strong> feiten"));
    assert!(!html.contains(&first_sentence), "the portal's text replaces the embedded one, not beside it");
}

/// A language's counts on the board: original, awaiting, draft, translated, reviewed.
fn text_counts(board: &Board, lang: &str) -> (usize, usize, usize, usize, usize) {
    let c = board.text_counts.iter().find(|c| c.lang == lang).expect("a catalog language");
    (c.original, c.awaiting, c.draft, c.translated, c.reviewed)
}

#[test]
fn the_board_counts_each_languages_texts_by_translation_status() {
    let Setup { mut app, coordinator, contributor, _dir: _keep, .. } = setup();
    let data_set = rapporteur_app::embedded_narrative("2019-2020");
    let sections = data_set.iter().filter(|n| n.lang == "nl").count();
    assert!(sections > 0);
    let board = app.board(&coordinator, "2019-2020", "2026-03-02").unwrap();
    assert_eq!(board.texts.len(), sections, "every text of the data set, none assigned yet");
    assert_eq!(text_counts(&board, "nl"), (sections, 0, 0, 0, 0));
    assert_eq!(text_counts(&board, "fr"), (0, 0, sections, 0, 0));
    assert_eq!(text_counts(&board, "en"), (0, 0, sections, 0, 0));

    // An assigned section the police write in French only: awaiting in Dutch and English.
    let section = ItemRef::new(ItemKind::Section, "11.1.1", "police");
    app.assign(&coordinator, "2019-2020", &section, "2026-06-30").unwrap();
    let board = app.board(&coordinator, "2019-2020", "2026-03-02").unwrap();
    assert_eq!(text_counts(&board, "fr"), (0, 1, sections, 0, 0), "assigned, nothing written yet");
    app.save_text(&contributor, "2019-2020", &section, "fr", "Un texte de la police.").unwrap();
    let board = app.board(&coordinator, "2019-2020", "2026-03-02").unwrap();
    assert_eq!(board.texts.len(), sections + 1);
    assert_eq!(text_counts(&board, "fr"), (1, 0, sections, 0, 0));
    assert_eq!(text_counts(&board, "nl"), (sections, 1, 0, 0, 0));
    let line = board.texts.iter().find(|t| t.section == "11.1.1").unwrap();
    let fr = line.statuses.iter().find(|(lang, _)| lang == "fr").unwrap().1;
    assert_eq!(fr, Some(rapporteur_domain::TextStatus::Original));

    // The police's contributor counts the police's texts only.
    let police = data_set.iter().filter(|n| n.lang == "nl" && n.actor == "police").count();
    let own = app.board(&contributor, "2019-2020", "2026-03-02").unwrap();
    assert!(own.texts.iter().all(|t| t.actor == "police"));
    assert_eq!(own.texts.len(), police + 1);
    assert_eq!(text_counts(&own, "en"), (0, 1, police, 0, 0));
}
