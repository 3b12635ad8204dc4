//! The portal: `rapporteur serve`. axum routes over the same use cases as the command line
//! (`rapporteur_app`), pages rendered on the server with askama, words in nl, fr and en.
//!
//! Every request passes one layer (`session::layer`) that loads the session from its cookie,
//! refuses a state-changing request without the session's CSRF token, sends the visitor who is
//! not logged in to the login page, and sets the security headers. Authorization is the use
//! cases' (`Principal::may`); the pages ask the same policy before showing an actor's data.
//!
//! The API for actors' systems (`api`, under `/api/v1`) is nested beside the pages, outside the
//! session layer: a bearer token instead of a cookie, JSON instead of pages.
//!
//! Use cases run on tokio's blocking pool, each on a connection to the store (SQLite or
//! PostgreSQL) lent to it alone: one by default, more with `AppState::with_connections`
//! (`serve --connections`), so that pages need not wait for a save. Nothing a request needs lives only in this process's memory — sessions, CSRF
//! tokens, login throttling, the login form's key, API tokens and report builds are in the
//! store — so several instances can serve one PostgreSQL store behind a proxy.

pub mod api;
mod ctx;
mod error;
mod heavy;
pub mod i18n;
mod login_token;
mod page;
mod pages;
mod session;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};

use axum::routing::{get, post};
use axum::Router;
use rapporteur_app::App;
use rapporteur_domain::access::Caller;

pub use session::{LANG_COOKIE, LOGIN_COOKIE, SESSION_COOKIE};

/// The instance's connections to the store, each an `App` lent to one use case at a time.
struct Connections {
    idle: Mutex<Vec<App>>,
    /// One permit per connection: a request waits here, not on a lock, when all are lent.
    free: tokio::sync::Semaphore,
}

impl Drop for Connections {
    /// A PostgreSQL connection closes by blocking on a runtime of its own, which must not be
    /// started inside the portal's (the last `AppState` is dropped there when the server
    /// stops): the connections are closed on a thread of their own.
    fn drop(&mut self) {
        let apps = std::mem::take(self.idle.get_mut().unwrap_or_else(PoisonError::into_inner));
        if !apps.is_empty() {
            let _ = std::thread::spawn(move || drop(apps)).join();
        }
    }
}

/// A connection lent to a use case; back to the idle ones when dropped (a use case that
/// panicked included: its transaction was rolled back).
struct Lent<'a> {
    connections: &'a Connections,
    app: Option<App>,
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Some(app) = self.app.take() {
            self.connections.idle.lock().unwrap_or_else(PoisonError::into_inner).push(app);
        }
    }
}

/// What every request shares.
#[derive(Clone)]
pub struct AppState {
    connections: Arc<Connections>,
    /// Whether the portal is reached over TLS (directly or behind a proxy): session cookies are
    /// then `Secure` and HSTS is sent.
    pub secure: bool,
    /// The actors' shared secret for pseudonymising the indicator checklists, if configured.
    pub pseudonym_key: Option<Arc<Vec<u8>>>,
    /// Whether the portal runs behind a reverse proxy that appends the client's address to
    /// `X-Forwarded-For` (login throttling then counts per real client, not per proxy).
    pub behind_proxy: bool,
    /// Signs the login form's token: the store's key, the same in every instance.
    form_key: login_token::TokenKey,
    /// The catalog, read without the lock (e.g. to check a grid's size before any work).
    pub(crate) catalog: Arc<rapporteur_app::LoadedCatalog>,
    /// One file or grid is read at a time: reading is the heaviest work a request can ask for,
    /// and the others wait for it rather than take both cores from everyone else.
    pub(crate) reading: Arc<tokio::sync::Semaphore>,
    /// Threads at a lower CPU priority for work far heavier than a page (`heavy.rs`).
    pub(crate) heavy: Arc<heavy::Heavy>,
}

impl AppState {
    /// The portal over `app`, started by `by` (who may read the store's login-form key, made on
    /// first use: the operator).
    pub fn new(
        mut app: App,
        by: &Caller,
        secure: bool,
        pseudonym_key: Option<Vec<u8>>,
    ) -> rapporteur_app::Result<AppState> {
        let form_key = login_token::TokenKey::from_secret(app.login_form_key(by)?);
        Ok(AppState {
            catalog: app.shared_catalog(),
            reading: Arc::new(tokio::sync::Semaphore::new(1)),
            heavy: Arc::new(heavy::Heavy::new()),
            connections: Arc::new(Connections {
                idle: Mutex::new(vec![app]),
                free: tokio::sync::Semaphore::new(1),
            }),
            secure,
            pseudonym_key: pseudonym_key.map(Arc::new),
            behind_proxy: false,
            form_key,
        })
    }

    /// The same, with more connections to the store (`App::connect_again`): pages then need not
    /// wait for a save another request is running.
    pub fn with_connections(self, more: Vec<App>) -> AppState {
        let added = more.len();
        self.connections.idle.lock().unwrap_or_else(PoisonError::into_inner).extend(more);
        self.connections.free.add_permits(added);
        self
    }

    /// The same, taking the client's address from the trusted proxy's `X-Forwarded-For`.
    pub fn behind_proxy(self) -> AppState {
        AppState { behind_proxy: true, ..self }
    }

    /// Runs a use case for a request: its error becomes the page the user sees.
    pub(crate) async fn call<T, F>(&self, ctx: &ctx::Ctx, f: F) -> error::WebResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut App) -> rapporteur_app::Result<T> + Send + 'static,
    {
        match self.spawn(f).await {
            Ok(outcome) => outcome.map_err(|e| error::WebError::app(ctx, e)),
            Err(panic) => Err(error::WebError::internal(ctx, &panic)),
        }
    }

    /// Runs `f` with the application on the blocking pool (SQLite and the use cases block).
    /// Panics if the use case did (tests and benches; requests go through `call`).
    pub async fn run<T, F>(&self, f: F) -> T
    where
        T: Send + 'static,
        F: FnOnce(&mut App) -> T + Send + 'static,
    {
        self.spawn(f).await.expect("a use case panicked")
    }

    /// Reads a file (work that needs no store) on the heavy lane, one file at a time.
    pub(crate) async fn read<T, F>(&self, ctx: &ctx::Ctx, f: F) -> error::WebResult<T>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let _turn = self.reading.acquire().await.map_err(|e| error::WebError::internal(ctx, &e))?;
        self.heavy(ctx, f).await
    }

    /// Runs work far heavier than a page that needs no store (a password check, typesetting) on
    /// the heavy lane, at a lower CPU priority.
    pub(crate) async fn heavy<T, F>(&self, ctx: &ctx::Ctx, f: F) -> error::WebResult<T>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        self.heavy.run(f).await.map_err(|failed| error::WebError::internal(ctx, &failed))
    }

    async fn spawn<T, F>(&self, f: F) -> Result<T, tokio::task::JoinError>
    where
        T: Send + 'static,
        F: FnOnce(&mut App) -> T + Send + 'static,
    {
        let connections = self.connections.clone();
        // The semaphore is never closed, so a permit always comes.
        let _permit = connections.free.acquire().await.expect("the connections' semaphore is never closed");
        let lender = self.connections.clone();
        tokio::task::spawn_blocking(move || {
            let app = lender.idle.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let mut lent = Lent { connections: &lender, app };
            f(lent.app.as_mut().expect("a permit is held for every connection lent"))
        })
        .await
    }
}

/// The portal's routes, and the API's under `/api/v1`. Every POST route of the portal is state-changing and CSRF-checked by the session
/// layer; `tests/http.rs` lists them all and checks each refuses what it must.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home::home))
        .route("/login", get(pages::auth::login_form).post(pages::auth::login))
        .route("/logout", post(pages::auth::logout))
        .route("/lang", post(pages::auth::set_language))
        .route("/static/portal.css", get(pages::assets::css))
        .route("/account", get(pages::account::show))
        .route("/account/password", post(pages::account::change_password))
        .route("/users", get(pages::users::list).post(pages::users::add))
        .route("/api-tokens", get(pages::api_tokens::list).post(pages::api_tokens::issue))
        .route("/api-tokens/{label}/revoke", post(pages::api_tokens::revoke))
        .route("/users/{id}", post(pages::users::update))
        .route("/users/{id}/password", post(pages::account::reset_password))
        .route("/cycles", post(pages::home::open_cycle))
        .route("/cycles/{cycle}", get(pages::home::board))
        .route("/cycles/{cycle}/assign", post(pages::home::assign))
        .route("/cycles/{cycle}/returns/{cube}", get(pages::returns::show).post(pages::returns::save_grid))
        .route("/cycles/{cycle}/returns/{cube}/upload", post(pages::returns::upload))
        .route("/cycles/{cycle}/returns/{cube}/explain", post(pages::returns::explain))
        .route("/cycles/{cycle}/returns/{cube}/accept", post(pages::returns::accept))
        .route("/cycles/{cycle}/texts/{section}/{actor}", get(pages::texts::show).post(pages::texts::save))
        .route("/cycles/{cycle}/submit", post(pages::home::submit))
        .route("/cycles/{cycle}/review", post(pages::home::review))
        .route("/cycles/{cycle}/report", get(pages::report::compile))
        .route("/cycles/{cycle}/exports/{destination}", get(pages::report::export))
        .route("/cycles/{cycle}/report/build", post(pages::report::build))
        .route("/cycles/{cycle}/translations", get(pages::translations::show))
        .route(
            "/cycles/{cycle}/translations/xliff",
            get(pages::translations::export_xliff).post(pages::translations::import_xliff),
        )
        .route(
            "/cycles/{cycle}/translations/tmx",
            get(pages::translations::export_tmx).post(pages::translations::import_tmx),
        )
        .route("/reports", get(pages::report::published))
        .route("/reports/{id}", get(pages::report::download))
        .route("/reports/{id}/publish", post(pages::report::publish))
        .route("/reports/{id}/open-data", get(pages::report::open_data))
        .route("/audit", get(pages::audit::log))
        .route("/linkage", get(pages::linkage::show))
        .route("/linkage/run", post(pages::linkage::run))
        .route("/linkage/decide", post(pages::linkage::decide))
        .merge(pages::checklist::routes())
        // The session layer has already read the body within this limit; the extractors'
        // default (2 MiB) would refuse a larger return the layer accepted.
        .layer(axum::extract::DefaultBodyLimit::max(session::MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(state.clone(), session::layer))
        .with_state(state.clone())
        // The API has its own layers (a token, not a session) and answers JSON.
        .nest("/api/v1", api::router(state))
}

/// Serves the portal on `addr` until Ctrl-C; `ready` is told the address bound (port 0 asks the
/// system for a free port).
pub async fn serve(state: AppState, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    ready(listener.local_addr()?);
    let router = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
