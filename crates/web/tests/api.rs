//! The API for actors' systems (`/api/v1`) through the real router, over a real SQLite file with
//! the 2019–2020 returns of the police and the social inspection: tokens issued by the
//! coordinator, a revoked token, a token of another actor, a replayed submission, an oversize
//! body, malformed requests (never a 5xx), the published data, and the OpenAPI description in
//! step with the routes.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use rapporteur_app::{App, LoadedCatalog};
use rapporteur_domain::access::{Caller, Role};
use rapporteur_domain::{AuditEntry, RowKind, StoredRow};
use rapporteur_web::{router, AppState};
use serde_json::Value;

mod common;

use common::{Client, Reply};

const CYCLE: &str = "2019-2020";
const POLICE_CUBE: &str = "police_thb_findings";
const RSZ_CUBE: &str = "rsz_referrals_by_centre";

fn data_file(actor: &str, name: &str) -> Vec<u8> {
    let path = format!("{}/../../data/be/2019-2020/{actor}/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn police_file() -> Vec<u8> {
    data_file("police", "police_thb_findings.csv")
}

/// The police's return with one value changed (an import that stores something): 2019's
/// sexual exploitation, 171 in the seed, as 172.
fn changed_police_file() -> Vec<u8> {
    let text = String::from_utf8(police_file()).unwrap();
    let changed =
        text.replacen("police_thb_findings,2019,sexual,171,", "police_thb_findings,2019,sexual,172,", 1);
    assert_ne!(changed, text, "the seed's line is where the test expects it");
    changed.into_bytes()
}

fn operator() -> Caller {
    Caller::Operator("setup".into())
}

/// The API over a temporary store, with the tokens the coordinator issued.
struct Api {
    client: Client,
    state: AppState,
    police: String,
    rsz: String,
    reader: String,
    _dir: tempfile::TempDir,
}

fn api() -> Api {
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("api.sqlite");
    let now = Arc::new(Mutex::new("2026-03-02T09:00:00Z".parse::<jiff::Timestamp>().unwrap()));
    let clock: rapporteur_app::Clock = Box::new(move || {
        let mut now = now.lock().unwrap();
        *now = now.checked_add(jiff::SignedDuration::from_secs(1)).unwrap();
        now.to_string()
    });
    let mut app = App::open(LoadedCatalog::embedded().unwrap(), &store_path, &operator(), clock).unwrap();
    for (actor, file) in [("police", "police_thb_findings.csv"), ("rsz", "rsz_referrals_by_centre.csv")] {
        let outcome =
            app.import(&operator(), file, &data_file(actor, file), Some(CYCLE), &mut |_, _| {}).unwrap();
        assert!(matches!(outcome, rapporteur_app::ImportOutcome::Imported { .. }), "{file}: {outcome:?}");
    }
    let mut issue = |label: &str, role: Role, actor: Option<&str>| {
        app.issue_api_token(&operator(), label, (role, actor)).unwrap().secret
    };
    let police = issue("police-ang", Role::Contributor, Some("police"));
    let rsz = issue("rsz-system", Role::Contributor, Some("rsz"));
    let reader = issue("statbel", Role::Reader, None);
    let state = AppState::new(app, &operator(), false, None).unwrap();
    Api { client: Client { router: router(state.clone()) }, state, police, rsz, reader, _dir: dir }
}

/// What a test compares of the store: every observation and control value of the cycle.
type Rows = (Vec<StoredRow>, Vec<StoredRow>);

impl Api {
    async fn get(&self, token: Option<&str>, path: &str) -> Reply {
        let mut request = Request::get(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.client.send(request.body(Body::empty()).unwrap()).await
    }

    async fn post(&self, token: &str, path: &str, key: Option<&str>, body: Vec<u8>) -> Reply {
        let mut request = Request::post(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/octet-stream");
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        self.client.send(request.body(Body::from(body)).unwrap()).await
    }

    async fn submit(&self, token: &str, key: Option<&str>, body: Vec<u8>) -> Reply {
        let path = format!("/api/v1/cycles/{CYCLE}/returns?file_name=police_thb_findings.csv");
        self.post(token, &path, key, body).await
    }

    async fn rows(&self) -> Rows {
        self.state
            .run(|app| (stored_rows(app, RowKind::Observation), stored_rows(app, RowKind::Control)))
            .await
    }

    async fn audit(&self) -> Vec<AuditEntry> {
        self.state.run(|app| app.audit_log(&operator()).unwrap()).await
    }

    /// The audit log without the entries of the tokens' uses (every request with a valid token
    /// adds one).
    async fn changes(&self) -> Vec<AuditEntry> {
        self.audit().await.into_iter().filter(|e| e.action != "use_api_token").collect()
    }
}

/// Every stored row of one kind in the cycle, of both returns, as the portal's return sheet
/// gives them.
fn stored_rows(app: &App, kind: RowKind) -> Vec<StoredRow> {
    let mut rows = Vec::new();
    for cube in [POLICE_CUBE, RSZ_CUBE] {
        let sheet = app.return_sheet(&operator(), CYCLE, cube).unwrap();
        rows.extend(match kind {
            RowKind::Observation => sheet.observations,
            _ => sheet.controls,
        });
    }
    rows
}

fn json(reply: &Reply) -> Value {
    serde_json::from_slice(&reply.bytes).unwrap_or_else(|e| panic!("not JSON ({e}): {}", reply.body))
}

#[tokio::test]
async fn a_token_is_its_role_and_actor_and_every_use_is_audited() {
    let api = api();
    let reply = api.get(Some(&api.police), "/api/v1/token").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let token = json(&reply);
    assert_eq!(token["label"], "police-ang");
    assert_eq!(token["role"], "contributor");
    assert_eq!(token["actor"], "police");
    let uses: Vec<AuditEntry> =
        api.audit().await.into_iter().filter(|e| e.action == "use_api_token").collect();
    assert_eq!(uses.len(), 1);
    assert_eq!(uses[0].who, "api:police-ang");
    assert!(uses[0].after.as_deref().unwrap_or("").contains("GET /api/v1/token"), "{:?}", uses[0]);
    // The store keeps only the hash: the secret is nowhere in the file, nor in the audit log.
    let listed = api.state.run(|app| app.api_tokens(&operator()).unwrap()).await;
    assert_eq!(
        listed.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(),
        ["police-ang", "rsz-system", "statbel"]
    );
    assert!(listed[0].last_used_at.is_some() && listed[1].last_used_at.is_none());
    assert!(api.audit().await.iter().all(|e| !format!("{e:?}").contains(&api.police)));
}

#[tokio::test]
async fn a_missing_unknown_or_revoked_token_is_refused_and_changes_nothing() {
    let api = api();
    let reply = api.get(None, "/api/v1/token").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(json(&reply)["code"], "token-missing");
    assert_eq!(reply.headers[header::WWW_AUTHENTICATE], "Bearer");
    let unknown = format!("rap_{}", "0".repeat(64));
    let reply = api.get(Some(&unknown), "/api/v1/token").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(json(&reply)["code"], "token-unknown");

    // The token works, then the coordinator revokes it.
    assert_eq!(api.get(Some(&api.police), "/api/v1/token").await.status, StatusCode::OK);
    api.state.run(|app| app.revoke_api_token(&operator(), "police-ang").unwrap()).await;
    let (rows, audit) = (api.rows().await, api.audit().await);
    let reply = api.submit(&api.police, None, changed_police_file()).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
    let error = json(&reply);
    assert_eq!(error["code"], "token-revoked");
    assert!(error["message"].as_str().unwrap().contains("police-ang"), "{error}");
    for path in ["/api/v1/token", "/api/v1/cycles/2019-2020/findings", "/api/v1/publications"] {
        assert_eq!(api.get(Some(&api.police), path).await.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    assert_eq!(api.rows().await, rows, "a revoked token changed the data");
    assert_eq!(api.audit().await, audit, "a revoked token's refusals were written");
    // Revoked stays revoked; the other tokens still work.
    let again = api.state.run(|app| app.revoke_api_token(&operator(), "police-ang")).await;
    assert!(again.is_err());
    assert_eq!(api.get(Some(&api.rsz), "/api/v1/token").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_token_of_another_actor_is_refused_and_changes_nothing() {
    let api = api();
    let (rows, changes) = (api.rows().await, api.changes().await);
    // The inspection's system sends the police's return.
    let reply = api.submit(&api.rsz, None, changed_police_file()).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert_eq!(json(&reply)["code"], "other-actors-returns");
    // A reader's token submits nothing, and reads no actor's findings.
    let reply = api.submit(&api.reader, None, changed_police_file()).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    let reply = api.get(Some(&api.reader), "/api/v1/cycles/2019-2020/findings").await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    // The police's system reads no finding on the inspection's return.
    let path = format!("/api/v1/cycles/{CYCLE}/findings?cube={RSZ_CUBE}");
    let reply = api.get(Some(&api.police), &path).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
    assert_eq!(json(&reply)["code"], "forbidden");
    assert_eq!(api.rows().await, rows);
    assert_eq!(api.changes().await, changes, "a refusal changed something");

    // Its own findings: only on the police's cubes, in the language asked for.
    let request = Request::get("/api/v1/cycles/2019-2020/findings")
        .header(header::AUTHORIZATION, format!("Bearer {}", api.police))
        .header(header::ACCEPT_LANGUAGE, "fr")
        .body(Body::empty())
        .unwrap();
    let reply = api.client.send(request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let findings = json(&reply)["findings"].as_array().unwrap().clone();
    assert!(!findings.is_empty(), "the seed's police return has findings");
    let catalog = LoadedCatalog::embedded().unwrap().catalog;
    for finding in &findings {
        let cubes: Vec<&str> =
            finding["cells"].as_array().unwrap().iter().map(|c| c["cube"].as_str().unwrap()).collect();
        assert!(
            cubes.iter().any(|c| catalog.cubes[*c].owner == "police"),
            "a finding not on the police's returns: {finding}"
        );
    }
    let path = format!("/api/v1/cycles/{CYCLE}/findings?cube={POLICE_CUBE}");
    let reply = api.get(Some(&api.police), &path).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

#[tokio::test]
async fn a_replayed_submission_gets_the_first_answer_and_changes_nothing() {
    let api = api();
    let first = api.submit(&api.police, Some("ang-2026-03-02-001"), changed_police_file()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let answer = json(&first);
    assert_eq!(answer["outcome"], "imported");
    assert_eq!(answer["counts"]["updated"], 1, "{answer}");
    assert!(first.headers.get("idempotency-replayed").is_none());
    let (rows, changes) = (api.rows().await, api.changes().await);
    assert!(changes.iter().any(|e| e.action == "import" && e.who == "api:police-ang"));

    // The answer was lost; the system retries: the same answer, nothing imported again.
    let replay = api.submit(&api.police, Some("ang-2026-03-02-001"), changed_police_file()).await;
    assert_eq!(replay.status, StatusCode::CREATED);
    assert_eq!(replay.bytes, first.bytes, "the replay is the first answer, byte for byte");
    assert_eq!(replay.headers["idempotency-replayed"], "true");
    assert_eq!(api.rows().await, rows);
    assert_eq!(api.changes().await, changes, "the replay changed the store");

    // Meanwhile the operator restores the value; a retry still does not undo that.
    api.state
        .run(|app| {
            app.import(&operator(), "police.csv", &police_file(), Some(CYCLE), &mut |_, _| {}).unwrap()
        })
        .await;
    let (rows, changes) = (api.rows().await, api.changes().await);
    let replay = api.submit(&api.police, Some("ang-2026-03-02-001"), changed_police_file()).await;
    assert_eq!(replay.bytes, first.bytes);
    assert_eq!(api.rows().await, rows);
    assert_eq!(api.changes().await, changes);

    // The same key for another file is refused; another token's key is its own.
    let reply = api.submit(&api.police, Some("ang-2026-03-02-001"), police_file()).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert_eq!(json(&reply)["code"], "idempotency-conflict");
    assert_eq!(api.rows().await, rows);

    // Without a key, the request's hash is the key: the same bytes again are a replay.
    let first = api.submit(&api.police, None, changed_police_file()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let (rows, changes) = (api.rows().await, api.changes().await);
    let replay = api.submit(&api.police, None, changed_police_file()).await;
    assert_eq!((replay.status, &replay.bytes), (first.status, &first.bytes));
    assert_eq!(replay.headers["idempotency-replayed"], "true");
    assert_eq!(api.rows().await, rows);
    assert_eq!(api.changes().await, changes);

    // A refused file's answer is kept too, with every problem located.
    let bad = b"cube,period,value\npolice_thb_findings,2019,many\n".to_vec();
    let refused = api.submit(&api.police, None, bad.clone()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let answer = json(&refused);
    assert_eq!(answer["outcome"], "refused");
    let problems = answer["problems"].as_array().unwrap();
    assert!(!problems.is_empty());
    assert!(problems.iter().all(|p| p["located"].as_str().unwrap().starts_with("police_thb_findings.csv:")));
    assert_eq!(api.submit(&api.police, None, bad).await.bytes, refused.bytes);
    assert_eq!(api.rows().await, rows);
}

#[tokio::test]
async fn an_oversize_body_is_refused_with_413_as_json_and_changes_nothing() {
    let api = api();
    let (rows, changes) = (api.rows().await, api.changes().await);
    let mut body = police_file();
    body.resize(rapporteur_web::api::MAX_BODY_BYTES + 1, b'\n');
    let reply = api.submit(&api.police, None, body).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json(&reply)["code"], "too-large");
    // Declared too large: refused before the body is read.
    let request = Request::post("/api/v1/records")
        .header(header::AUTHORIZATION, format!("Bearer {}", api.police))
        .header(header::CONTENT_LENGTH, (rapporteur_web::api::MAX_BODY_BYTES + 1).to_string())
        .body(Body::from("x"))
        .unwrap();
    let reply = api.client.send(request).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", reply.body);
    assert_eq!(api.rows().await, rows);
    assert_eq!(api.changes().await, changes);
}

#[tokio::test]
async fn malformed_requests_get_json_errors_never_a_5xx() {
    let api = api();
    let police = api.police.clone();
    let cases: Vec<(Request<Body>, StatusCode)> = vec![
        (Request::get("/api/v1/nothing-here").body(Body::empty()).unwrap(), StatusCode::NOT_FOUND),
        (
            Request::delete("/api/v1/publications").body(Body::empty()).unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        (
            Request::get("/api/v1/publications/not-a-number/data")
                .header(header::AUTHORIZATION, format!("Bearer {police}"))
                .body(Body::empty())
                .unwrap(),
            StatusCode::BAD_REQUEST,
        ),
        (
            Request::get("/api/v1/publications/1/data/x?format=xml")
                .header(header::AUTHORIZATION, format!("Bearer {police}"))
                .body(Body::empty())
                .unwrap(),
            StatusCode::BAD_REQUEST,
        ),
        (
            Request::get("/api/v1/publications/-5/open-data")
                .header(header::AUTHORIZATION, format!("Bearer {police}"))
                .body(Body::empty())
                .unwrap(),
            StatusCode::NOT_FOUND,
        ),
        (
            Request::post("/api/v1/cycles/1999/returns")
                .header(header::AUTHORIZATION, format!("Bearer {police}"))
                .body(Body::from("x"))
                .unwrap(),
            StatusCode::NOT_FOUND,
        ),
        (
            Request::post("/api/v1/cycles/2019-2020/returns")
                .header(header::AUTHORIZATION, format!("Bearer {police}"))
                .body(Body::empty())
                .unwrap(),
            StatusCode::BAD_REQUEST,
        ),
        (
            Request::post("/api/v1/records?file_name=a%0Ab")
                .header(header::AUTHORIZATION, format!("Bearer {police}"))
                .body(Body::from("x"))
                .unwrap(),
            StatusCode::BAD_REQUEST,
        ),
        (
            Request::post("/api/v1/records")
                .header(header::AUTHORIZATION, format!("Bearer {police}"))
                .header("idempotency-key", "")
                .body(Body::from("x"))
                .unwrap(),
            StatusCode::BAD_REQUEST,
        ),
        (
            Request::post("/api/v1/records")
                .header(header::AUTHORIZATION, format!("Bearer {police}"))
                .body(Body::from(vec![0xff, 0xfe, 0x00, 0x01]))
                .unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            Request::get("/api/v1/token")
                .header(header::AUTHORIZATION, "Basic abc")
                .body(Body::empty())
                .unwrap(),
            StatusCode::UNAUTHORIZED,
        ),
    ];
    for (request, expected) in cases {
        let what = format!("{} {}", request.method(), request.uri());
        let reply = api.client.send(request).await;
        assert_eq!(reply.status, expected, "{what}: {}", reply.body);
        let error = json(&reply);
        assert!(error["code"].is_string() || error["outcome"].is_string(), "{what}: {error}");
        assert_eq!(reply.headers[header::CONTENT_TYPE], "application/json", "{what}");
    }
}

#[tokio::test]
async fn readers_get_the_published_tables_as_json_and_csv_and_the_open_data_archive() {
    let api = api();
    let reply = api.get(Some(&api.reader), "/api/v1/publications").await;
    assert_eq!(json(&reply)["publications"], serde_json::json!([]));
    let id = api
        .state
        .run(|app| {
            let id =
                app.save_report_build(&operator(), CYCLE, ("nl", "html"), b"<html>verslag</html>").unwrap();
            assert!(app.publish_build(&operator(), id, true).unwrap());
            id
        })
        .await;
    let reply = api.get(Some(&api.reader), "/api/v1/publications").await;
    let publications = json(&reply)["publications"].clone();
    assert_eq!(publications[0]["id"], id);
    assert_eq!(publications[0]["open_data"], true);

    let reply = api.get(Some(&api.reader), &format!("/api/v1/publications/{id}/data")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let tables = json(&reply)["tables"].clone();
    assert!(tables.as_array().unwrap().iter().any(|t| t == POLICE_CUBE), "{tables}");

    // The CSV is the package's file as published; the JSON holds the same cells.
    let path = format!("/api/v1/publications/{id}/data/{POLICE_CUBE}");
    let csv = api.get(Some(&api.reader), &format!("{path}?format=csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
    let table = json(&api.get(Some(&api.reader), &path).await);
    let columns: Vec<&str> =
        table["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert!(columns.contains(&"OBS_VALUE") && columns.contains(&"CONF_STATUS"), "{columns:?}");
    let mut reader = csv::Reader::from_reader(csv.bytes.as_slice());
    let from_csv: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
    let from_json: Vec<Vec<String>> = serde_json::from_value(table["rows"].clone()).unwrap();
    assert_eq!(from_json, from_csv);
    assert!(!from_json.is_empty());

    // The archive is the one the portal serves.
    let zip = api.get(Some(&api.reader), &format!("/api/v1/publications/{id}/open-data")).await;
    assert_eq!(zip.status, StatusCode::OK);
    assert_eq!(zip.headers[header::CONTENT_TYPE], "application/zip");
    let (_, archive) =
        api.state.run(move |app| app.published_open_data(&operator(), id).unwrap().unwrap()).await;
    assert_eq!(zip.bytes, archive);

    // Unknown tables and publications are 404s.
    let reply = api.get(Some(&api.reader), &format!("/api/v1/publications/{id}/data/nothing")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = api.get(Some(&api.reader), "/api/v1/publications/999/data").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

/// The routes the API's router declares, read from its source.
fn declared_routes() -> Vec<(String, String)> {
    let source = std::fs::read_to_string(format!("{}/src/api/mod.rs", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut routes = Vec::new();
    for part in source.split(".route(\"").skip(1) {
        let (path, rest) = part.split_once('"').unwrap();
        let method = rest.split('(').next().unwrap().trim_start_matches([',', ' ']).to_string();
        routes.push((method, format!("/api/v1{path}")));
    }
    routes
}

#[tokio::test]
async fn the_openapi_description_is_3_1_and_describes_every_route() {
    let api = api();
    let reply = api.get(None, "/api/v1/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = json(&reply);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    let routes = declared_routes();
    assert!(routes.len() >= 9, "{routes:?}");
    for (method, path) in &routes {
        let described = &doc["paths"][path][method];
        assert!(described.is_object(), "{method} {path} is not in openapi.json");
    }
    let described: usize =
        doc["paths"].as_object().unwrap().values().map(|p| p.as_object().unwrap().len()).sum();
    assert_eq!(described, routes.len(), "openapi.json describes a route the router lacks");
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    for schema in ["ApiError", "ReturnSubmission", "RecordSubmission", "Findings", "DataTable"] {
        assert!(doc["components"]["schemas"][schema].is_object(), "no schema {schema}");
    }
}
