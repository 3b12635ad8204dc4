//! The portal's pages, one module per area.

pub mod account;
pub mod api_tokens;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod checklist;
pub mod home;
pub mod linkage;
pub mod record_value;
pub mod report;
pub mod returns;
pub mod texts;
pub mod translations;
pub mod users;

/// At most this many problems of a refused file are listed on a page; the rest are counted
/// (the first ones are what a data officer fixes first, and the file is refused whole anyway).
const SHOWN_PROBLEMS: usize = 200;

/// The problems of a refused file as a page lists them (`row 3, column 4: …`): `row_key` words
/// a problem's row (a sheet's row, a file's line), `more_key` counts the problems not listed.
pub(crate) fn problem_lines(
    ctx: &crate::ctx::Ctx,
    problems: &[rapporteur_app::ImportProblem],
    row_key: &str,
    more_key: &str,
) -> Vec<String> {
    let mut lines: Vec<String> = problems
        .iter()
        .take(SHOWN_PROBLEMS)
        .map(|p| {
            let mut place = Vec::new();
            if let Some(sheet) = &p.sheet {
                place.push(ctx.tr.args("problem-sheet", &[("sheet", sheet)]));
            }
            if let Some(row) = p.row {
                place.push(ctx.tr.args(row_key, &[("row", &row.to_string()), ("line", &row.to_string())]));
            }
            if let Some(column) = p.column {
                place.push(ctx.tr.args("problem-column", &[("column", &column.to_string())]));
            }
            if place.is_empty() {
                p.message.clone()
            } else {
                format!("{}: {}", place.join(", "), p.message)
            }
        })
        .collect();
    if problems.len() > SHOWN_PROBLEMS {
        let more = (problems.len() - SHOWN_PROBLEMS).to_string();
        lines.push(ctx.tr.args(more_key, &[("count", &more)]));
    }
    lines
}

/// Where an actor's return or text stands, and what the user may do with it: the part the
/// return and text pages share, and the submit and review forms read. The use case decided
/// what the user may do (`rapporteur_app::ItemView`); this only words it.
pub struct Workflow {
    pub cycle: String,
    /// "cube" or "section", and which one.
    pub kind: &'static str,
    pub item: String,
    pub actor: String,
    pub assigned: bool,
    pub status: String,
    pub status_label: String,
    pub comment: String,
    pub may_edit: bool,
    pub may_submit: bool,
    pub may_review: bool,
    pub may_accept: bool,
    /// The page to come back to after submitting or reviewing.
    pub back: String,
}

impl Workflow {
    pub fn new(
        ctx: &crate::ctx::Ctx,
        cycle: &str,
        view: &rapporteur_app::ItemView,
        back: String,
    ) -> Workflow {
        let status = view.status.as_str();
        Workflow {
            cycle: cycle.to_string(),
            kind: view.item.kind.as_str(),
            item: view.item.item.clone(),
            actor: view.item.actor.clone(),
            assigned: view.assignment.is_some(),
            status: status.to_string(),
            status_label: ctx.tr.get(&format!("status-{status}")),
            comment: view.assignment.as_ref().and_then(|a| a.comment.clone()).unwrap_or_default(),
            may_edit: view.may_edit,
            may_submit: view.may_submit,
            may_review: view.may_review,
            may_accept: view.may_accept,
            back,
        }
    }
}

/// The item a form names by kind, item and actor; an unknown kind is no page.
pub fn item_ref(
    ctx: &crate::ctx::Ctx,
    kind: &str,
    item: &str,
    actor: &str,
) -> crate::error::WebResult<rapporteur_domain::ItemRef> {
    let kind =
        rapporteur_domain::ItemKind::parse(kind).ok_or_else(|| crate::error::WebError::not_found(ctx))?;
    Ok(rapporteur_domain::ItemRef::new(kind, item, actor))
}

/// The query of a page reached by a redirect: which `flash-` message to show.
#[derive(Debug, Default, serde::Deserialize)]
pub struct Done {
    pub done: Option<String>,
}

/// `/path?done=what`: a redirect after a change that shows the `flash-what` message.
pub fn done(path: &str, what: &str) -> axum::response::Redirect {
    axum::response::Redirect::to(&format!("{path}?done={what}"))
}

/// `back` if it is a path on this site, else `fallback`: never an open redirect. Browsers read
/// `//host` and `/\host` as another site, and a control character could split the header.
pub fn local_path(back: &str, fallback: String) -> String {
    let mut chars = back.chars();
    let local = chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !back.chars().any(|c| c.is_control());
    if local {
        back.to_string()
    } else {
        fallback
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed() {
        let fallback = || "/".to_string();
        assert_eq!(local_path("/cycles/2019-2020?done=saved", fallback()), "/cycles/2019-2020?done=saved");
        for outside in
            ["//evil.example", "/\\evil.example", "https://evil.example", "", "/x\r\nSet-Cookie: a=b"]
        {
            assert_eq!(local_path(outside, fallback()), "/", "{outside:?}");
        }
    }
}
