//! The app boundary: every use case that reads or changes an actor's data, as the portal's routes
//! and the commands call it, is tried by a caller of every role, of the actor concerned and of
//! another actor. Whoever the access policy does not allow is refused by the use case itself
//! (the pages and commands no longer check anything), and a refused call leaves the audit log as
//! it was; whoever it allows gets past the check.
//!
//! The command line calls the same use cases as the operator (`Caller::Operator`), who may do
//! everything and is audited under their name; the last test shows the operator's changes are
//! audited under that name.

use rapporteur_app::{App, AppError, LoadedCatalog, PortalError, RecordCounting};
use rapporteur_domain::access::{Action, ApiClient, Caller, Principal, Role};
use rapporteur_domain::{ItemKind, ItemRef};

const CYCLE: &str = "2019-2020";
const CUBE: &str = "police_thb_findings";
const SECTION: &str = "11.1.1.1";
const PASSWORD: &str = "a long enough password";

fn data_file(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../../data/be/2019-2020/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A police finding as the police's own system would send it, pseudonymised (no identity).
const POLICE_RECORDS: &str =
    "finding_id,person_key,found_on,district,exploitation_form,kind\nPF-2019-0001,,2019-03-04,,sexual,finding\n";

/// A checklist of the social inspection's field users (the checklist is the inspection's),
/// keyed for the inspection.
const INSPECTION_CHECKLIST: &str = "checklist_id,filled_on\nrsz-0001,2020-05-06\n";

/// A translation memory of one sentence pair, as a translation service's tool writes it.
const TMX: &str = "<tmx version=\"1.4\"><header srclang=\"nl\"/><body><tu><tuv xml:lang=\"nl\"><seg>De politie stelde vast.</seg></tuv><tuv xml:lang=\"fr\"><seg>La police a constaté.</seg></tuv></tu></body></tmx>";

fn operator() -> Caller {
    Caller::Operator("setup".into())
}

/// A store with the police's and the inspection's returns, the cycle open, the police's return
/// and text assigned, and one account to manage.
fn setup() -> (tempfile::TempDir, App, i64) {
    let dir = tempfile::tempdir().unwrap();
    let clock: rapporteur_app::Clock = Box::new(|| "2026-03-02T09:00:00Z".to_string());
    let mut app =
        App::open(LoadedCatalog::embedded().unwrap(), &dir.path().join("s.sqlite"), &operator(), clock)
            .unwrap();
    for path in ["police/police_thb_findings.csv", "rsz/rsz_referrals_by_centre.csv"] {
        app.import(&operator(), path, &data_file(path), Some(CYCLE), &mut |_, _| {}).unwrap();
    }
    app.open_cycle(&operator(), CYCLE).unwrap();
    app.assign(&operator(), CYCLE, &ItemRef::new(ItemKind::Cube, CUBE, "police"), "2026-06-30").unwrap();
    app.assign(&operator(), CYCLE, &ItemRef::new(ItemKind::Section, SECTION, "police"), "2026-06-30")
        .unwrap();
    let account = app.add_user(&operator(), "some.reader", PASSWORD, (Role::Reader, None), "nl").unwrap();
    app.issue_api_token(&operator(), "police-system", (Role::Contributor, Some("police"))).unwrap();
    (dir, app, account)
}

/// A caller of every role: the police's and the inspection's for the actor roles.
fn callers() -> Vec<Caller> {
    let mut out = Vec::new();
    let mut add = |role: Role, actor: Option<&str>| {
        let name = format!("{}.{}", actor.unwrap_or("all"), role.as_str());
        let user_id = out.len() as i64 + 100;
        out.push(Caller::Portal(Principal { user_id, name, role, actor: actor.map(str::to_string) }));
    };
    add(Role::Coordinator, None);
    add(Role::Reader, None);
    for actor in ["police", "rsz"] {
        for role in [Role::Contributor, Role::Reviewer, Role::Field] {
            add(role, Some(actor));
        }
    }
    // The API's tokens: what a token of a role and actor may do is what a user of them may.
    let mut token = |role: Role, actor: Option<&str>| {
        let label = format!("{}-{}-system", actor.unwrap_or("all"), role.as_str());
        out.push(Caller::Api(ApiClient::new(out.len() as i64 + 100, &label, role, actor)));
    };
    token(Role::Reader, None);
    for actor in ["police", "rsz"] {
        for role in [Role::Contributor, Role::Reviewer, Role::Field] {
            token(role, Some(actor));
        }
    }
    out
}

/// A finding on the police's return (the seed's 7 against 9), for explanations.
fn police_finding(app: &App) -> String {
    let sheet = app.return_sheet(&operator(), CYCLE, CUBE).unwrap();
    sheet.findings.first().expect("the police return has a finding").finding.key.clone()
}

type Call = Box<dyn Fn(&mut App, &Caller, i64) -> Result<(), AppError>>;

/// A use case as a route or a command calls it, and what the policy requires of its caller.
struct UseCase {
    name: &'static str,
    action: Action<'static>,
    call: Call,
}

fn use_case(name: &'static str, action: Action<'static>, call: Call) -> UseCase {
    UseCase { name, action, call }
}

fn police_return() -> ItemRef {
    ItemRef::new(ItemKind::Cube, CUBE, "police")
}

fn police_text() -> ItemRef {
    ItemRef::new(ItemKind::Section, SECTION, "police")
}

fn use_cases() -> Vec<UseCase> {
    let (police, inspection) = ("police", "rsz");
    vec![
        // Returns: routes /cycles/{cycle}/returns/{cube} (and /upload), `rapporteur import`.
        use_case(
            "import a return",
            Action::Contribute(police),
            Box::new(|app, by, _| {
                let bytes = data_file("police/police_thb_findings.csv");
                app.import(by, "police.csv", &bytes, Some(CYCLE), &mut |_, _| {}).map(drop)
            }),
        ),
        use_case(
            "read a return",
            Action::ViewActor(police),
            Box::new(|app, by, _| app.return_sheet(by, CYCLE, CUBE).map(drop)),
        ),
        // Route /cycles/{cycle}/returns/{cube}/explain, `rapporteur acknowledge`.
        use_case(
            "explain a finding",
            Action::Contribute(police),
            Box::new(|app, by, _| {
                let key = police_finding(app);
                app.acknowledge(by, Some(CYCLE), &key, "Table 2 is right; the text is not.")
            }),
        ),
        // Records: `rapporteur import-records`, `rapporteur record-tables`.
        use_case(
            "import records",
            Action::Contribute(police),
            Box::new(|app, by, _| {
                app.import_records(by, "police_finding.csv", POLICE_RECORDS.as_bytes()).map(drop)
            }),
        ),
        use_case(
            "tables from records",
            Action::ViewCycle,
            Box::new(|app, by, _| {
                app.record_tables(by, Some(CYCLE), None, RecordCounting::OncePerChain).map(drop)
            }),
        ),
        // Checklists (the inspection's record schema): routes /checklists/new, /checklists.
        use_case(
            "the checklist form",
            Action::FillChecklist(inspection),
            Box::new(|app, by, _| app.checklist_schema(by, inspection).map(drop)),
        ),
        use_case(
            "fill a checklist",
            Action::FillChecklist(inspection),
            Box::new(|app, by, _| {
                app.deliver_checklist(by, inspection, "form", INSPECTION_CHECKLIST.as_bytes()).map(drop)
            }),
        ),
        use_case(
            "list checklists",
            Action::FillChecklist(inspection),
            Box::new(|app, by, _| app.checklists(by, inspection).map(drop)),
        ),
        // The cycle's figures: `rapporteur tables`, `explain`, `validate`, `report`, route
        // /cycles/{cycle}/report and its build.
        use_case(
            "compute the tables",
            Action::ViewCycle,
            Box::new(|app, by, _| app.tables(by, Some(CYCLE), None).map(drop)),
        ),
        use_case(
            "make the open-data package",
            Action::ViewCycle,
            Box::new(|app, by, _| {
                let pattern = rapporteur_domain::SuppressionPattern::new("x");
                app.open_data_package(by, CYCLE, &pattern, "2026-03-02").map(drop)
            }),
        ),
        use_case(
            "protect the publication (stores the pattern)",
            Action::Coordinate,
            Box::new(|app, by, _| app.protect_publication(by, Some(CYCLE)).map(drop)),
        ),
        use_case(
            "write the open-data package under the policy",
            Action::ViewCycle,
            Box::new(|app, by, _| app.open_data(by, CYCLE, "2026-03-02").map(drop)),
        ),
        use_case(
            "explain a printed number",
            Action::ViewCycle,
            Box::new(|app, by, _| app.explain(by, Some(CYCLE), 2, ("1", "1")).map(drop)),
        ),
        use_case(
            "validate the cycle",
            Action::ViewCycle,
            Box::new(|app, by, _| app.validate(by, Some(CYCLE)).map(drop)),
        ),
        use_case(
            "build the report",
            Action::Coordinate,
            Box::new(|app, by, _| app.report(by, Some(CYCLE), &["nl".to_string()]).map(drop)),
        ),
        use_case(
            "store a report build",
            Action::Coordinate,
            Box::new(|app, by, _| {
                app.save_report_build(by, CYCLE, ("nl", "html"), b"<html></html>").map(drop)
            }),
        ),
        use_case(
            "list the report builds",
            Action::Coordinate,
            Box::new(|app, by, _| app.report_builds(by, CYCLE).map(drop)),
        ),
        use_case(
            "publish a build",
            Action::Coordinate,
            Box::new(|app, by, _| app.publish_build(by, 1, true).map(drop)),
        ),
        // Route /reports/{id}/open-data: whoever may read what is published.
        use_case(
            "download a published build's open data",
            Action::ReadPublished,
            Box::new(|app, by, _| app.published_open_data(by, 1).map(drop)),
        ),
        // Texts: route /cycles/{cycle}/texts/{section}/{actor}.
        use_case(
            "read a text",
            Action::ViewActor(police),
            Box::new(|app, by, _| app.section_texts(by, CYCLE, &police_text()).map(drop)),
        ),
        use_case(
            "write a text",
            Action::Contribute(police),
            Box::new(|app, by, _| {
                app.save_text(by, CYCLE, &police_text(), "nl", "De politie stelde vast.").map(drop)
            }),
        ),
        // Translation: `rapporteur translation-export`, `translation-import`,
        // `translation-memory-export`, `translation-memory-import`.
        use_case(
            "export texts for translation (XLIFF)",
            Action::Coordinate,
            Box::new(|app, by, _| {
                let choice = rapporteur_app::ExportChoice::default();
                app.export_translation(by, Some(CYCLE), ("nl", "fr"), &choice).map(drop)
            }),
        ),
        use_case(
            "import translations (XLIFF)",
            Action::Coordinate,
            Box::new(|app, by, _| app.import_translation(by, b"<xliff/>").map(drop)),
        ),
        use_case(
            "export the translation memory (TMX)",
            Action::Coordinate,
            Box::new(|app, by, _| app.export_translation_memory(by, None, ("nl", "fr"), true).map(drop)),
        ),
        use_case(
            "import a translation memory (TMX)",
            Action::Coordinate,
            Box::new(|app, by, _| app.import_translation_memory(by, TMX.as_bytes(), None).map(drop)),
        ),
        // The workflow: routes /cycles/{cycle}/submit, /review, /assign, /cycles.
        use_case(
            "submit",
            Action::Contribute(police),
            Box::new(|app, by, _| app.submit(by, CYCLE, &police_return())),
        ),
        use_case(
            "review",
            Action::Review(police),
            Box::new(|app, by, _| app.review(by, CYCLE, &police_return(), false, "Check 2020 begging.")),
        ),
        use_case(
            "assign",
            Action::Coordinate,
            Box::new(|app, by, _| app.assign(by, CYCLE, &police_text(), "2026-07-31")),
        ),
        use_case(
            "open a cycle",
            Action::Coordinate,
            Box::new(|app, by, _| app.open_cycle(by, CYCLE).map(drop)),
        ),
        // Accounts and the log: routes /users, /users/{id}, /users/{id}/password, /audit;
        // `rapporteur user list`, `rapporteur audit`, `demo`'s summary.
        use_case("list accounts", Action::Coordinate, Box::new(|app, by, _| app.users(by).map(drop))),
        use_case(
            "create an account",
            Action::Coordinate,
            Box::new(|app, by, _| {
                app.add_user(by, "new.reader", PASSWORD, (Role::Reader, None), "fr").map(drop)
            }),
        ),
        use_case(
            "change an account",
            Action::Coordinate,
            Box::new(|app, by, account| app.update_user(by, account, (Role::Reader, None), false)),
        ),
        use_case(
            "reset a password",
            Action::Coordinate,
            Box::new(|app, by, account| app.set_password(by, account, "another long password")),
        ),
        use_case(
            "read the audit log",
            Action::Coordinate,
            Box::new(|app, by, _| app.audit_page(by, "", 0, 50).map(drop)),
        ),
        use_case("count the store", Action::Coordinate, Box::new(|app, by, _| app.counts(by).map(drop))),
        // API tokens: `rapporteur api-token issue|list|revoke`.
        use_case(
            "issue an API token",
            Action::Coordinate,
            Box::new(|app, by, _| {
                app.issue_api_token(by, "rsz-system", (Role::Contributor, Some("rsz"))).map(drop)
            }),
        ),
        use_case("list API tokens", Action::Coordinate, Box::new(|app, by, _| app.api_tokens(by).map(drop))),
        use_case(
            "revoke an API token",
            Action::Coordinate,
            Box::new(|app, by, _| app.revoke_api_token(by, "police-system")),
        ),
        // `rapporteur serve`: the store's key for the login form, read when the portal starts.
        use_case(
            "read the login form's key",
            Action::Coordinate,
            Box::new(|app, by, _| app.login_form_key(by).map(drop)),
        ),
        // API route GET /api/v1/cycles/{cycle}/findings?cube=….
        use_case(
            "read the findings on a return",
            Action::ViewActor(police),
            Box::new(|app, by, _| app.findings_on_returns(by, Some(CYCLE), Some(CUBE)).map(drop)),
        ),
    ]
}

fn audit_len(app: &App) -> usize {
    app.audit_log(&operator()).unwrap().len()
}

fn is_refusal(result: &Result<(), AppError>) -> bool {
    matches!(result, Err(AppError::Portal(PortalError::Forbidden | PortalError::OtherActorsCubes(_))))
}

#[test]
fn every_use_case_refuses_whom_the_policy_does_not_allow_and_writes_nothing() {
    let (_dir, mut app, account) = setup();
    let mut refusals = 0;
    for case in use_cases() {
        for caller in callers() {
            if caller.may(case.action) {
                continue;
            }
            let before = audit_len(&app);
            let result = (case.call)(&mut app, &caller, account);
            assert!(is_refusal(&result), "{}: {} was not refused: {result:?}", case.name, caller.name());
            assert_eq!(audit_len(&app), before, "{}: a refusal of {} was audited", case.name, caller.name());
            refusals += 1;
        }
    }
    // Every use case refuses somebody (at least the reader), but reading what is published.
    assert!(refusals >= use_cases().len(), "{refusals} refusals");
}

#[test]
fn every_use_case_lets_whom_the_policy_allows_past_the_check() {
    for case in use_cases() {
        for caller in callers().into_iter().chain([operator()]) {
            if !caller.may(case.action) {
                continue;
            }
            // A fresh store each time: an allowed call may change what the next one finds.
            let (_dir, mut app, account) = setup();
            let result = (case.call)(&mut app, &caller, account);
            assert!(!is_refusal(&result), "{}: {} was refused: {result:?}", case.name, caller.name());
        }
    }
}

#[test]
fn a_builds_open_data_is_nobodys_until_published_then_everyones() {
    let (_dir, mut app, _) = setup();
    let id = app.save_report_build(&operator(), CYCLE, ("nl", "html"), b"<html></html>").unwrap();
    let everybody: Vec<Caller> = callers().into_iter().chain([operator()]).collect();
    for caller in &everybody {
        assert!(
            app.published_open_data(caller, id).unwrap().is_none(),
            "{} before publication",
            caller.name()
        );
    }
    let before = audit_len(&app);
    assert!(app.publish_build(&operator(), id, true).unwrap());
    let log = app.audit_log(&operator()).unwrap();
    let actions: Vec<&str> = log[before..].iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["publish", "publish_open_data"], "one transaction, both audited");
    let (build, bytes) = app.published_open_data(&operator(), id).unwrap().unwrap();
    assert_eq!(build.open_data_size, Some(bytes.len() as i64));
    assert_eq!(&bytes[..4], b"PK\x03\x04", "a ZIP archive");
    for caller in &everybody {
        let (_, seen) = app.published_open_data(caller, id).unwrap().expect("published");
        assert_eq!(seen, bytes, "{}", caller.name());
    }
    // Published once: publishing again changes nothing and makes no second archive.
    let before = audit_len(&app);
    assert!(!app.publish_build(&operator(), id, true).unwrap());
    assert_eq!(audit_len(&app), before);
    assert_eq!(app.published_open_data(&operator(), id).unwrap().unwrap().1, bytes);
}

#[test]
fn the_board_shows_each_actor_only_its_own_assignments() {
    let (_dir, app, _) = setup();
    for caller in callers() {
        let board = app.board(&caller, CYCLE, "2026-03-02").map(|b| b.lines);
        let role = match &caller {
            Caller::Portal(p) => p.role,
            Caller::Api(client) => client.role,
            Caller::Operator(_) => unreachable!("callers() holds no operator"),
        };
        match (role, caller.actor()) {
            (Role::Coordinator, _) => assert_eq!(board.unwrap().len(), 2),
            (Role::Contributor | Role::Reviewer, Some(actor)) => {
                let lines = board.unwrap();
                assert!(lines.iter().all(|l| l.assignment.item.actor == actor), "{}", caller.name());
                assert_eq!(lines.len(), if actor == "police" { 2 } else { 0 });
            }
            _ => assert!(is_refusal(&board.map(drop)), "{} sees a board", caller.name()),
        }
    }
}

#[test]
fn another_actors_return_is_refused_whole_naming_its_cubes() {
    let (_dir, mut app, _) = setup();
    let rsz_contributor = callers().into_iter().find(|c| c.name() == "rsz.contributor").unwrap();
    let before = audit_len(&app);
    let bytes = data_file("police/police_thb_findings.csv");
    let result = app.import(&rsz_contributor, "police.csv", &bytes, Some(CYCLE), &mut |_, _| {});
    assert!(
        matches!(&result, Err(AppError::Portal(PortalError::OtherActorsCubes(cubes))) if cubes == CUBE),
        "{result:?}"
    );
    assert_eq!(audit_len(&app), before);
}

#[test]
fn the_operator_is_audited_under_their_name() {
    let (_dir, mut app, _) = setup();
    let operator = Caller::Operator("an.operator".into());
    let key = police_finding(&app);
    app.acknowledge(&operator, Some(CYCLE), &key, "Checked with the police: Table 2 is right.").unwrap();
    let last = app.audit_log(&operator).unwrap().pop().unwrap();
    assert_eq!((last.who.as_str(), last.action.as_str()), ("an.operator", "acknowledge"));
}

#[test]
fn a_field_user_of_another_actor_cannot_file_checklists_into_the_inspections_tables() {
    let (_dir, mut app, _) = setup();
    let police_field = callers().into_iter().find(|c| c.name() == "police.field").unwrap();
    let before = audit_len(&app);
    let police_checklist = "checklist_id,filled_on\npolice-0001,2020-05-06\n";
    let filed = app.deliver_checklist(&police_field, "police", "form", police_checklist.as_bytes());
    assert!(is_refusal(&filed.map(drop)), "a police checklist would count in the inspection's tables");
    assert!(is_refusal(&app.checklist_schema(&police_field, "police").map(drop)));
    assert_eq!(audit_len(&app), before);
    // Nor under the inspection's name: a field user fills only their own actor's.
    let filed = app.deliver_checklist(&police_field, "rsz", "form", INSPECTION_CHECKLIST.as_bytes());
    assert!(is_refusal(&filed.map(drop)));
    assert!(app.checklists(&operator(), "rsz").unwrap().is_empty());
}

#[test]
fn an_approved_text_locks_only_its_own_actors_text_of_the_section() {
    let (_dir, mut app, _) = setup();
    let rsz_text = ItemRef::new(ItemKind::Section, SECTION, "rsz");
    app.assign(&operator(), CYCLE, &rsz_text, "2026-06-30").unwrap();
    let by = |name: &str| callers().into_iter().find(|c| c.name() == name).unwrap();
    app.save_text(&by("police.contributor"), CYCLE, &police_text(), "nl", "De politie stelde vast.").unwrap();
    app.submit(&by("police.contributor"), CYCLE, &police_text()).unwrap();
    app.review(&by("police.reviewer"), CYCLE, &police_text(), true, "").unwrap();
    let locked = app.save_text(&by("police.contributor"), CYCLE, &police_text(), "nl", "Anders.");
    assert!(matches!(locked, Err(AppError::Portal(PortalError::Locked(_)))), "{locked:?}");
    // The inspection's text of the same section is its own item: still open.
    app.save_text(&by("rsz.contributor"), CYCLE, &rsz_text, "nl", "De inspectie stelde vast.").unwrap();
}
