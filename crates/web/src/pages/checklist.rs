//! The indicator checklist, filled by an actor's field user for one potential victim.

use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
