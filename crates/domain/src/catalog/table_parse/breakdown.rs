//! Reading and checking a layout's breakdown column (`[breakdown]`): another cube's codes per
//! row, as text, against the cubes, code lists and the layout's own rows and filter.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::super::context::Context;
use super::super::source::{closest_ids, FileProblems, RawLabels};
use super::super::Cube;
use crate::table::{Axis, Breakdown, BreakdownOrder, PERIOD};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBreakdown {
    cube: Spanned<String>,
    dimension: String,
    split: Option<String>,
    #[serde(default)]
    split_marks: BTreeMap<String, RawLabels>,
    split_separator: Option<RawLabels>,
    order: Option<String>,
    header: RawLabels,
}

/// What a breakdown is checked against: the layout it belongs to, as read.
pub(super) struct Laid<'a> {
    pub what: &'a str,
    pub cube: &'a Cube,
    pub rows: &'a [Axis],
    pub columns: &'a [Axis],
    pub filter: &'a BTreeMap<String, String>,
}

/// Checks a breakdown column; `None` when its cube is unknown.
pub(super) fn check_breakdown(
    p: &mut FileProblems<'_>,
    spanned: &Spanned<RawBreakdown>,
    laid: &Laid<'_>,
    ctx: &Context<'_>,
) -> Option<Breakdown> {
    let offset = spanned.span().start;
    let raw = spanned.get_ref();
    let what = format!("the breakdown of {}", laid.what);
    let Some(cube) = ctx.cubes.get(raw.cube.get_ref()) else {
        let closest = closest_ids(ctx.cubes.keys(), raw.cube.get_ref());
        p.at(
            raw.cube.span().start,
            format!("{what} names unknown cube {:?} (closest: {})", raw.cube.get_ref(), closest.join(", ")),
        );
        return None;
    };
    check_shared_dimensions(p, offset, &what, cube, laid, ctx);
    let placed = |dimension: &str| {
        dimension == PERIOD
            || laid.rows.iter().any(|a| a.dimension == dimension)
            || laid.filter.contains_key(dimension)
    };
    let split = raw.split.as_ref().filter(|s| **s != raw.dimension);
    for dimension in std::iter::once(&raw.dimension).chain(split) {
        if cube.dimension(dimension).is_none() {
            p.at(offset, format!("{what}: cube {:?} has no dimension {dimension:?}", cube.id));
        } else if placed(dimension) {
            p.at(offset, format!("{what}: {dimension:?} is already fixed by the rows or the filter"));
        }
    }
    if raw.split.as_ref() == Some(&raw.dimension) {
        p.at(offset, format!("{what} splits {:?} by itself", raw.dimension));
    }
    let split_marks = check_split_marks(p, offset, &what, cube, raw, ctx);
    let split_separator = match &raw.split_separator {
        Some(labels) => p.labels(offset, &format!("the split separator of {what}"), labels, ctx.languages),
        None => crate::label::Labels(ctx.languages.iter().map(|l| (l.clone(), "-".to_string())).collect()),
    };
    let order = match raw.order.as_deref() {
        None => BreakdownOrder::Count,
        Some(text) => BreakdownOrder::parse(text).unwrap_or_else(|| {
            p.at(offset, format!("{what}: order {text:?} is not one of count, return"));
            BreakdownOrder::Count
        }),
    };
    Some(Breakdown {
        cube: cube.id.clone(),
        dimension: raw.dimension.clone(),
        split: raw.split.clone(),
        split_marks,
        split_separator,
        order,
        header: p.labels(offset, &format!("the header of {what}"), &raw.header, ctx.languages),
    })
}

/// A row of the layout selects the breakdown's data through the same dimensions: each row and
/// filter dimension must be the breakdown cube's too, bound to the same code list, and the
/// period must not be on the columns (a row's breakdown would add up the periods).
fn check_shared_dimensions(
    p: &mut FileProblems<'_>,
    offset: usize,
    what: &str,
    cube: &Cube,
    laid: &Laid<'_>,
    ctx: &Context<'_>,
) {
    let shared = laid.rows.iter().map(|a| a.dimension.as_str()).chain(laid.filter.keys().map(String::as_str));
    for dimension in shared.filter(|d| *d != PERIOD) {
        let theirs = laid.cube.dimension(dimension).map(|d| &d.codelist);
        match cube.dimension(dimension) {
            None => p.at(
                offset,
                format!("{what}: cube {:?} has no dimension {dimension:?}, which the table fixes", cube.id),
            ),
            Some(ours) if Some(&ours.codelist) != theirs && ctx.code_lists.contains_key(&ours.codelist) => p
                .at(
                    offset,
                    format!(
                    "{what}: dimension {dimension:?} of cube {:?} is bound to {:?}, not to the table's {:?}",
                    cube.id,
                    ours.codelist,
                    theirs.map_or("", String::as_str)
                ),
                ),
            Some(_) => {}
        }
    }
    if laid.columns.iter().any(|a| a.dimension == PERIOD) {
        p.at(
            offset,
            format!("{what}: the period is on the columns; a breakdown needs it on the rows or fixed"),
        );
    }
}

/// The marks of the split's codes, each a code of the split's list, in every language.
fn check_split_marks(
    p: &mut FileProblems<'_>,
    offset: usize,
    what: &str,
    cube: &Cube,
    raw: &RawBreakdown,
    ctx: &Context<'_>,
) -> BTreeMap<String, crate::label::Labels> {
    let list = raw.split.as_deref().and_then(|s| cube.dimension(s)).and_then(|d| ctx.code_list_of(d));
    if raw.split.is_none() && !raw.split_marks.is_empty() {
        p.at(offset, format!("{what} has split marks but no split"));
    }
    let mut marks = BTreeMap::new();
    for (code, labels) in &raw.split_marks {
        if let Some(list) = list.filter(|l| l.get(code).is_none()) {
            p.at(offset, format!("{what}: split mark {code:?} is not a code of {:?}", list.id));
        }
        let labels = p.labels(offset, &format!("the split mark {code:?} of {what}"), labels, ctx.languages);
        marks.insert(code.clone(), labels);
    }
    marks
}
