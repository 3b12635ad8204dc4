//! The indicator checklist through the real router, over a real SQLite file: a field user
//! stores a checklist with an identity, the store holds the person key of that identity and the
//! identity nowhere (neither in the file's bytes nor in the audit log); a refused checklist comes
//! back with its values but never the identity; a request without the session's CSRF token and
//! other roles are refused; a field user of another actor does not see the checklist.

use axum::http::StatusCode;
use rapporteur_app::Value;
use rapporteur_app::{App, LoadedCatalog};
use rapporteur_domain::access::Role;
// The key `rapporteur pseudonymize` computes, computed here without the portal.
use rapporteur_records::{person_key, Secret};
use rapporteur_web::{router, AppState};

mod common;

use common::{operator, Browser, Client, Reply, PASSWORD};

/// A test secret (never a real one).
const KEY: &[u8] = b"00112233445566778899aabbccddeeff-test-only\n";
/// An obviously invented person.
const FAMILY: &str = "Zyxwvenko-Qwertbrink";
const GIVEN: &str = "Quirinella Zorbatilde";
const BIRTH: &str = "1987-06-05";

struct Portal {
    client: Client,
    state: AppState,
    store_path: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn portal() -> Portal {
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("portal.sqlite");
    let mut app = App::open(
        LoadedCatalog::embedded().unwrap(),
        &store_path,
        &operator(),
        rapporteur_app::system_clock(),
    )
    .unwrap();
    for (name, role, actor) in [
        ("rsz.field", Role::Field, Some("rsz")),
        ("police.field", Role::Field, Some("police")),
        ("rsz.contrib", Role::Contributor, Some("rsz")),
        ("reader", Role::Reader, None),
    ] {
        app.add_user(&operator(), name, PASSWORD, (role, actor), "en").unwrap();
    }
    let state = AppState::new(app, &operator(), false, Some(KEY.to_vec())).unwrap();
    Portal { client: Client { router: router(state.clone()) }, state, store_path, _dir: dir }
}

impl std::ops::Deref for Portal {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl Portal {
    /// Posts a form with the browser's CSRF token, keeping a new session cookie.
    async fn post(&self, browser: &mut Browser, path: &str, fields: &[(&str, &str)]) -> Reply {
        let csrf = browser.csrf.clone();
        let mut with_token = vec![("csrf", csrf.as_str())];
        with_token.extend_from_slice(fields);
        let reply = self.post_form(browser, path, &with_token).await;
        browser.absorb(&reply);
        reply
    }

    async fn records(&self) -> Vec<rapporteur_app::Record> {
        // The operator reads what the store holds of the checklists (the inspection's schema).
        self.state.run(|app| app.checklists(&operator(), "rsz")).await.unwrap()
    }
}

fn expected_key() -> String {
    person_key(&Secret::from_key_file(KEY).unwrap(), [FAMILY, GIVEN], BIRTH).unwrap()
}

/// Every spelling of the identity that must never reach the store.
fn identity_texts() -> Vec<String> {
    let mut texts = vec![BIRTH.to_string(), "05/06/1987".to_string()];
    for part in FAMILY.split(['-', ' ']).chain(GIVEN.split(' ')) {
        texts.push(part.to_string());
        texts.push(part.to_lowercase());
    }
    texts
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The fields of a checklist filled in the form.
const FILLED: [(&str, &str); 9] = [
    ("f_filled_on", "2026-03-02"),
    ("f_directorate", "antwerpen"),
    ("f_nationality", "AF"),
    ("f_sex", "F"),
    ("f_age_band", "18-30"),
    ("f_wage", "low"),
    ("f_wage", "withheld"),
    ("f_identity_documents_held", "no"),
    ("f_referred_to", "payoke"),
];

fn with_identity<'a>(fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = vec![("family_name", FAMILY), ("given_names", GIVEN), ("birth_date", BIRTH)];
    all.extend_from_slice(fields);
    all
}

#[tokio::test]
async fn a_field_user_stores_a_checklist_whose_person_is_only_a_key() {
    let portal = portal();
    let mut field = portal.login("rsz.field").await;

    // The form: generated from the schema, the centres in the referral list, the identity asked.
    let form = portal.get(&mut field, "/checklists/new").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    for centre in ["Payoke", "PAG-ASA", "Sürya"] {
        assert!(form.body.contains(centre), "the form lists {centre}");
    }
    assert!(form.body.contains("<select id=\"f-referred_to\" name=\"f_referred_to\""));
    assert!(form.body.contains("<label for=\"f-referred_to\">"));
    assert!(form.body.contains("<input id=\"f-filled_on\" name=\"f_filled_on\" type=\"date\""));
    assert!(form.body.contains("type=\"checkbox\" id=\"f-wage-1\" name=\"f_wage\""));
    for identity in ["family_name", "given_names", "birth_date"] {
        assert!(form.body.contains(&format!("<label for=\"{identity}\">")), "{identity} has a label");
        let input = form.body.split(&format!("<input id=\"{identity}\"")).nth(1).unwrap_or("");
        let input = input.split('>').next().unwrap_or("");
        assert!(input.contains("autocomplete=\"off\""), "{identity}: {input}");
    }
    assert!(!form.body.contains("name=\"f_checklist_id\""), "the server makes the key");
    assert!(!form.body.contains("name=\"f_person_key\""), "the server computes the person key");

    // A birth date that is no date (a slip, not an unknown date) is refused, the values kept,
    // the identity not sent back.
    let mut slip = vec![("family_name", FAMILY), ("given_names", GIVEN), ("birth_date", "1987-02-31")];
    slip.extend_from_slice(&FILLED);
    let refused = portal.post(&mut field, "/checklists", &slip).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("id=\"identity-problem\""), "{}", refused.body);
    let mut disagreeing =
        vec![("family_name", FAMILY), ("given_names", GIVEN), ("birth_date", BIRTH), ("birth_year", "1990")];
    disagreeing.extend_from_slice(&FILLED);
    let disagrees = portal.post(&mut field, "/checklists", &disagreeing).await;
    assert_eq!(disagrees.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", disagrees.body);
    assert!(disagrees.body.contains("The birth date and the birth year disagree"), "{}", disagrees.body);
    assert!(refused.body.contains("<option value=\"antwerpen\" selected>"), "values are kept");
    for text in identity_texts() {
        assert!(!refused.body.contains(&text), "the refused form shows {text:?}");
    }

    // A checklist the import refuses (an unknown code) comes back with its problem at the field.
    let mut bad = with_identity(&FILLED);
    bad.retain(|(k, _)| *k != "f_sex");
    bad.push(("f_sex", "X-not-a-sex"));
    let refused = portal.post(&mut field, "/checklists", &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("id=\"f-sex-problem\""), "{}", refused.body);
    assert!(refused.body.contains("<option value=\"payoke\" selected>"), "values are kept");
    for text in identity_texts() {
        assert!(!refused.body.contains(&text), "the refused form shows {text:?}");
    }
    assert!(portal.records().await.is_empty(), "a refused checklist stores nothing");

    // Stored.
    let saved = portal.post(&mut field, "/checklists", &with_identity(&FILLED)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), "/checklists?done=checklist-saved");
    let records = portal.records().await;
    assert_eq!(records.len(), 1);
    let catalog = LoadedCatalog::embedded().unwrap();
    let schema = &catalog.catalog.records["indicator_checklist"];
    let key = expected_key();
    let person = schema.field_index("person_key").unwrap();
    assert_eq!(records[0].values[person], Value::Text(key.clone().into()));
    let id = records[0].key(schema).to_string();
    assert!(id.starts_with("rsz-") && id.len() == "rsz-".len() + 12, "{id}");

    // The list: the checklist, the start of its key, never the whole key nor the identity.
    let list = portal.get(&mut field, "/checklists?done=checklist-saved").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("The checklist has been saved."));
    assert!(list.body.contains(&id));
    assert!(list.body.contains(&key[..8]));
    assert!(!list.body.contains(&key[..9]), "only the first 8 characters of the key are shown");
    assert!(list.body.contains("Payoke") && list.body.contains("Antwerp"));
    for text in identity_texts() {
        assert!(!list.body.contains(&text), "the list shows {text:?}");
    }

    // The identity is nowhere in the store's file (nor in a journal beside it) ...
    for entry in std::fs::read_dir(portal.store_path.parent().unwrap()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for text in identity_texts() {
            assert!(!contains(&bytes, &text), "{} holds {text:?}", path.display());
        }
    }
    // ... nor in the audit log, which tells who stored and who read the checklists.
    let audit = portal.state.run(|app| app.audit_log(&operator())).await.unwrap();
    for entry in &audit {
        let text = format!("{entry:?}");
        for identity in identity_texts() {
            assert!(!text.contains(&identity), "audit entry {text} holds {identity:?}");
        }
    }
    assert!(audit.iter().any(|e| e.action == "import_records" && e.who == "rsz.field"));
    assert!(audit.iter().any(|e| e.action == "read" && e.entity == "record" && e.who == "rsz.field"));
}

#[tokio::test]
async fn an_identity_without_a_birth_date_is_saved_and_counted_with_a_note() {
    let portal = portal();
    let mut field = portal.login("rsz.field").await;
    let catalog = LoadedCatalog::embedded().unwrap();
    let schema = &catalog.catalog.records["indicator_checklist"];
    let field_of = |id: &str| schema.field_index(id).unwrap();
    let identity_of = |record: &rapporteur_app::Record| {
        rapporteur_app::format_value(
            &catalog.catalog,
            &schema.fields[field_of("identity")],
            &record.values[field_of("identity")],
        )
    };

    // Names only: saved, no exact key (it would join every namesake of unknown birth date), an
    // encoding of the names, and a note saying what that means for linking.
    let mut names_only = vec![("family_name", FAMILY), ("given_names", GIVEN), ("birth_date", "")];
    names_only.extend_from_slice(&FILLED);
    let saved = portal.post(&mut field, "/checklists", &names_only).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), "/checklists?done=checklist-saved-no-birth-date");
    let list = portal.get(&mut field, saved.location()).await;
    assert!(list.body.contains("Without a birth date the person gets no exact key"), "{}", list.body);
    let records = portal.records().await;
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].values[field_of("person_key")], Value::Empty);
    assert!(
        matches!(&records[0].values[field_of("person_encoding")], Value::Text(t) if t.starts_with("e3:"))
    );
    assert_eq!(identity_of(&records[0]), "no_birth_date");

    // The systems' default date is no date either; the birth year alone is kept as a year.
    let mut placeholder = vec![("family_name", FAMILY), ("given_names", GIVEN), ("birth_date", "1900-01-01")];
    placeholder.extend_from_slice(&FILLED);
    let saved = portal.post(&mut field, "/checklists", &placeholder).await;
    assert_eq!(saved.location(), "/checklists?done=checklist-saved-no-birth-date");
    let mut year =
        vec![("family_name", FAMILY), ("given_names", GIVEN), ("birth_date", ""), ("birth_year", "1987")];
    year.extend_from_slice(&FILLED);
    let saved = portal.post(&mut field, "/checklists", &year).await;
    assert_eq!(saved.location(), "/checklists?done=checklist-saved-birth-year-only");
    // No identity at all: counted, marked unlinkable.
    let saved = portal.post(&mut field, "/checklists", &FILLED).await;
    assert_eq!(saved.location(), "/checklists?done=checklist-saved-no-identity");
    let records = portal.records().await;
    let mut identities: Vec<String> = records.iter().map(identity_of).collect();
    identities.sort();
    assert_eq!(identities, ["birth_year_only", "no_birth_date", "no_birth_date", "none"]);
    for text in identity_texts() {
        for entry in std::fs::read_dir(portal.store_path.parent().unwrap()).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            assert!(!contains(&bytes, &text), "the store holds {text:?}");
        }
    }
}

#[tokio::test]
async fn only_the_inspections_field_users_fill_its_checklists() {
    let portal = portal();
    let mut rsz = portal.login("rsz.field").await;
    let saved = portal.post(&mut rsz, "/checklists", &with_identity(&FILLED)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let key = expected_key();

    // Without the session's CSRF token, or without a session: refused, and nothing stored.
    let mut forged = Browser { cookie: rsz.cookie.clone(), csrf: "0".repeat(64) };
    let reply = portal.post(&mut forged, "/checklists", &with_identity(&FILLED)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let mut stranger = Browser { cookie: String::new(), csrf: rsz.csrf.clone() };
    let reply = portal.post(&mut stranger, "/checklists", &with_identity(&FILLED)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(portal.records().await.len(), 1);

    // Other roles: refused, and nothing stored.
    for name in ["rsz.contrib", "reader"] {
        let mut other = portal.login(name).await;
        assert!(!other.csrf.is_empty());
        for path in ["/checklists/new", "/checklists"] {
            let reply = portal.get(&mut other, path).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{name} GET {path}");
        }
        let reply = portal.post(&mut other, "/checklists", &with_identity(&FILLED)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{name} POST /checklists");
    }
    assert_eq!(portal.records().await.len(), 1);

    // A field user of another actor neither sees the inspection's checklists nor files one:
    // the checklist is the inspection's, and counts in its tables.
    let mut police = portal.login("police.field").await;
    for path in ["/checklists/new", "/checklists"] {
        let reply = portal.get(&mut police, path).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "police.field GET {path}");
        assert!(!reply.body.contains("rsz-") && !reply.body.contains(&key[..8]));
    }
    let filed = portal.post(&mut police, "/checklists", &FILLED).await;
    assert_eq!(filed.status, StatusCode::FORBIDDEN, "{}", filed.body);
    let list = portal.get(&mut rsz, "/checklists").await;
    assert!(list.body.contains("rsz-") && list.body.contains(&key[..8]));
    assert!(!list.body.contains("police-"), "{}", list.body);
    assert_eq!(portal.records().await.len(), 1);
}

#[tokio::test]
async fn without_a_shared_secret_no_identity_is_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portal.sqlite");
    let mut app =
        App::open(LoadedCatalog::embedded().unwrap(), &path, &operator(), rapporteur_app::system_clock())
            .unwrap();
    app.add_user(&operator(), "rsz.field", PASSWORD, (Role::Field, Some("rsz")), "nl").unwrap();
    let state = AppState::new(app, &operator(), false, None).unwrap();
    let portal =
        Portal { client: Client { router: router(state.clone()) }, state, store_path: path, _dir: dir };
    let mut field = portal.login("rsz.field").await;
    let form = portal.get(&mut field, "/checklists/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.body.contains("family_name") && !form.body.contains("birth_date"));
    // An identity sent anyway is ignored, and so are a key and a person key sent by the client:
    // the server makes the key, and without a secret the checklist has no person key.
    let forged_person = "ab".repeat(32);
    let mut fields = with_identity(&FILLED);
    fields.push(("f_checklist_id", "rsz-forged"));
    fields.push(("f_person_key", &forged_person));
    let saved = portal.post(&mut field, "/checklists", &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let records = portal.records().await;
    assert_eq!(records.len(), 1);
    let catalog = LoadedCatalog::embedded().unwrap();
    let person = catalog.catalog.records["indicator_checklist"].field_index("person_key").unwrap();
    assert_eq!(records[0].values[person], Value::Empty);
    let id = records[0].key(&catalog.catalog.records["indicator_checklist"]).to_string();
    assert!(id.starts_with("rsz-") && id != "rsz-forged", "{id}");
    let bytes = std::fs::read(&portal.store_path).unwrap();
    for text in identity_texts() {
        assert!(!contains(&bytes, &text), "the store holds {text:?}");
    }
}
