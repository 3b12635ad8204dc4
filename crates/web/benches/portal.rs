//! What a portal request costs on the server, in process (no network): the pages people open
//! most and the changes that run the import and the validation. The store is a real SQLite file
//! holding the whole 2019–2020 data set (43 returns), the cycle open with three assignments.
//!
//! Run: `cargo bench -p rapporteur-web` (release). Compare runs on one machine only; the
//! medians measured when it was written are in the closing note of the portal issue.

use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{header, Request};
use rapporteur_app::{embedded_data_set, App, LoadedCatalog};
use rapporteur_domain::access::{Caller, Principal, Role};
use rapporteur_domain::{ItemKind, ItemRef};
use rapporteur_web::{router, AppState};

#[path = "../tests/common/mod.rs"]
mod common;

use common::{Browser, Client, PASSWORD};

const CYCLE: &str = "2019-2020";
const CUBE: &str = "police_thb_findings";

struct Fixture {
    runtime: tokio::runtime::Runtime,
    client: Client,
    coordinator: Browser,
    contributor: Browser,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let catalog = LoadedCatalog::embedded().unwrap();
        let clock = rapporteur_app::system_clock();
        let operator = Caller::Operator("bench".into());
        let mut app = App::open(catalog, &dir.path().join("bench.sqlite"), &operator, clock).unwrap();
        for file in embedded_data_set(CYCLE) {
            app.import(&operator, &file.path, file.bytes, Some(CYCLE), &mut |_, _| {}).unwrap();
        }
        let id = app.add_user(&operator, "coord", PASSWORD, (Role::Coordinator, None), "nl").unwrap();
        let coordinator = Caller::Portal(Principal {
            user_id: id,
            name: "coord".into(),
            role: Role::Coordinator,
            actor: None,
        });
        app.add_user(&coordinator, "pol.contrib", PASSWORD, (Role::Contributor, Some("police")), "nl")
            .unwrap();
        app.open_cycle(&coordinator, CYCLE).unwrap();
        for (kind, item, actor) in [
            (ItemKind::Cube, CUBE, "police"),
            (ItemKind::Cube, "rsz_referrals_by_centre", "rsz"),
            (ItemKind::Section, "11.1.1", "police"),
        ] {
            app.assign(&coordinator, CYCLE, &ItemRef::new(kind, item, actor), "2026-06-30").unwrap();
        }
        let client = Client { router: router(AppState::new(app, &operator, false, None).unwrap()) };
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        let (coordinator, contributor) =
            runtime.block_on(async { (client.login("coord").await, client.login("pol.contrib").await) });
        Fixture { runtime, client, coordinator, contributor, _dir: dir }
    })
}

fn get(browser: &Browser, path: &str) {
    let f = fixture();
    let request = Request::get(path).header(header::COOKIE, &browser.cookie).body(Body::empty()).unwrap();
    let reply = f.runtime.block_on(f.client.send(request));
    assert_eq!(reply.status, 200, "{path}");
}

fn main() {
    divan::main();
}

/// The completeness board of the cycle, as the coordinator sees it.
#[divan::bench]
fn board() {
    get(&fixture().coordinator, &format!("/cycles/{CYCLE}"));
}

/// A return with its grid, stated figures and findings in the contributor's language.
#[divan::bench]
fn return_page() {
    get(&fixture().contributor, &format!("/cycles/{CYCLE}/returns/{CUBE}"));
}

/// The compile page: validates the whole cycle (every rule) and lists the annex.
#[divan::bench]
fn compile_page() {
    get(&fixture().coordinator, &format!("/cycles/{CYCLE}/report"));
}

/// Saving the grid with one value changed: the CSV return, the import in one transaction, the
/// validation of the whole cycle, the findings stored, and the redirect.
#[divan::bench(sample_count = 30)]
fn save_grid(bencher: divan::Bencher) {
    let f = fixture();
    let mut value = 171;
    bencher.bench_local(|| {
        value = if value == 171 { 170 } else { 171 };
        let browser = &f.contributor;
        let v = value.to_string();
        let fields = [
            ("csrf", browser.csrf.as_str()),
            ("col_0", "2019"),
            ("row_0", "exploitation_form=sexual"),
            ("c_0_0", v.as_str()),
            ("row_1", "exploitation_form=labour"),
            ("c_1_0", "146"),
        ];
        let path = format!("/cycles/{CYCLE}/returns/{CUBE}");
        let reply = f.runtime.block_on(f.client.post_form(browser, &path, &fields));
        assert_eq!(reply.status, 303, "{}", reply.body);
    });
}

/// A login: the Argon2id check (19 MiB, two passes) and a new session.
#[divan::bench(sample_count = 20)]
fn login() {
    let f = fixture();
    f.runtime.block_on(f.client.login("pol.contrib"));
}
