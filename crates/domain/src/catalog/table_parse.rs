//! Reading and checking table layouts (`tables/table_NN.toml`) against the cubes and code lists.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::parse::{Context, FileProblems, RawLabels};
use crate::label::Labels;
use crate::observation::TOTAL_CODE;
use crate::table::{Axis, TableLayout, TableMeasure, TotalPosition, PERIOD};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTable {
    number: Spanned<u32>,
    section: String,
    cube: Spanned<String>,
    caption: Spanned<RawLabels>,
    source: Spanned<RawLabels>,
    #[serde(default)]
    footnotes: Vec<RawLabels>,
    measures: Option<Spanned<Vec<String>>>,
    zero: Option<String>,
    zero_total: Option<String>,
    missing: Option<String>,
    filter: Option<Spanned<BTreeMap<String, String>>>,
    #[serde(default)]
    rows: Vec<Spanned<RawAxis>>,
    #[serde(default)]
    columns: Vec<Spanned<RawAxis>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAxis {
    dimension: String,
    codes: Option<Vec<String>>,
    total: Option<String>,
    total_label: Option<RawLabels>,
}

fn default_total_label() -> Labels {
    Labels(BTreeMap::from([
        ("nl".to_string(), "Totaal".to_string()),
        ("fr".to_string(), "Total".to_string()),
        ("en".to_string(), "Total".to_string()),
        ("de".to_string(), "Insgesamt".to_string()),
    ]))
}

/// Checks a table layout, or a chart's (`kind` is "table" or "chart": the file name's prefix
/// and the word in messages; a chart shows values only).
pub(super) fn check_table(
    p: &mut FileProblems<'_>,
    raw: RawTable,
    ctx: &Context<'_>,
    kind: &str,
) -> Option<TableLayout> {
    let number = *raw.number.get_ref();
    let number_offset = raw.number.span().start;
    let expected_stem = format!("{kind}_{number:02}");
    let stem = p.file_stem().to_string();
    if stem != expected_stem {
        p.at(
            number_offset,
            format!("{kind} {number} must be in a file named {expected_stem}.toml, not {stem}.toml"),
        );
    }
    let what = format!("{kind} {number}");
    if kind == "chart" && raw.measures.is_some() {
        p.at(number_offset, format!("{what}: a chart draws values; it takes no measures"));
    }
    let caption = p.labels(
        raw.caption.span().start,
        &format!("the caption of {what}"),
        raw.caption.get_ref(),
        ctx.languages,
    );
    let source = p.labels(
        raw.source.span().start,
        &format!("the source line of {what}"),
        raw.source.get_ref(),
        ctx.languages,
    );
    let footnotes: Vec<Labels> = raw
        .footnotes
        .iter()
        .enumerate()
        .map(|(i, f)| p.labels(0, &format!("footnote {} of {what}", i + 1), f, ctx.languages))
        .collect();

    let cube_offset = raw.cube.span().start;
    let Some(cube) = ctx.cubes.get(raw.cube.get_ref()) else {
        let mut known: Vec<(f64, &str)> =
            ctx.cubes.keys().map(|k| (strsim::jaro_winkler(k, raw.cube.get_ref()), k.as_str())).collect();
        known.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        let closest: Vec<&str> = known.iter().take(3).map(|(_, k)| *k).collect();
        p.at(
            cube_offset,
            format!(
                "{what} lays out unknown cube {:?} (closest: {})",
                raw.cube.get_ref(),
                closest.join(", ")
            ),
        );
        return None;
    };

    let measures = match &raw.measures {
        None => vec![TableMeasure::Value],
        Some(list) => {
            let mut out = Vec::new();
            for m in list.get_ref() {
                match TableMeasure::parse(m) {
                    Some(measure) => out.push(measure),
                    None => p.at(
                        list.span().start,
                        format!("{what}: unknown measure {m:?} (expected count, pct_row or pct_col)"),
                    ),
                }
            }
            if list.get_ref().is_empty() {
                p.at(list.span().start, format!("{what} shows no measure"));
            }
            out
        }
    };

    let mut used: HashSet<String> = HashSet::new();
    let mut axis = |p: &mut FileProblems<'_>, spanned: &Spanned<RawAxis>| -> Option<Axis> {
        let offset = spanned.span().start;
        let raw = spanned.get_ref();
        if !used.insert(raw.dimension.clone()) {
            p.at(offset, format!("{what} uses dimension {:?} twice", raw.dimension));
        }
        let total = match raw.total.as_deref() {
            None | Some("none") => TotalPosition::None,
            Some("after") => TotalPosition::After,
            Some("before") => TotalPosition::Before,
            Some(other) => {
                p.at(offset, format!("{what}: total {other:?} is not one of after, before, none"));
                TotalPosition::None
            }
        };
        let total_label = match &raw.total_label {
            Some(labels) => p.labels(offset, &format!("a total label of {what}"), labels, ctx.languages),
            None => default_total_label(),
        };
        let codes = if raw.dimension == PERIOD {
            let Some(codes) = &raw.codes else {
                p.at(offset, format!("{what}: a period axis needs its codes (the periods shown, in order)"));
                return None;
            };
            for code in codes {
                if !ctx.periods.contains(&code.as_str()) {
                    p.at(offset, format!("{what}: period {code:?} is in no cycle of the catalog"));
                }
            }
            codes.clone()
        } else {
            let Some(dimension) = cube.dimensions.iter().find(|d| d.id == raw.dimension) else {
                let known: Vec<&str> =
                    std::iter::once(PERIOD).chain(cube.dimensions.iter().map(|d| d.id.as_str())).collect();
                p.at(
                    offset,
                    format!(
                        "{what}: cube {:?} has no dimension {:?} (it has {})",
                        cube.id,
                        raw.dimension,
                        known.join(", ")
                    ),
                );
                return None;
            };
            let list = ctx.code_lists.get(&dimension.codelist)?;
            match &raw.codes {
                None => list.leaves().map(|c| c.id.clone()).collect(),
                Some(codes) => {
                    for code in codes {
                        if list.get(code).is_none() {
                            let closest: Vec<&str> =
                                list.closest(code, 3).iter().map(|c| c.id.as_str()).collect();
                            p.at(
                                offset,
                                format!(
                                    "{what}: {code:?} is not a code of {:?} (closest: {})",
                                    list.id,
                                    closest.join(", ")
                                ),
                            );
                        }
                    }
                    codes.clone()
                }
            }
        };
        Some(Axis { dimension: raw.dimension.clone(), codes, total, total_label })
    };
    let rows: Vec<Axis> = raw.rows.iter().filter_map(|a| axis(p, a)).collect();
    let columns: Vec<Axis> = raw.columns.iter().filter_map(|a| axis(p, a)).collect();

    let filter_offset = raw.filter.as_ref().map_or(0, |f| f.span().start);
    let filter = raw.filter.map(Spanned::into_inner).unwrap_or_default();
    for (dimension, code) in &filter {
        if !used.insert(dimension.clone()) {
            p.at(filter_offset, format!("{what} filters dimension {dimension:?}, which is also on an axis"));
        }
        if dimension == PERIOD {
            if !ctx.periods.contains(&code.as_str()) {
                p.at(filter_offset, format!("{what}: period {code:?} is in no cycle of the catalog"));
            }
            continue;
        }
        match cube.dimensions.iter().find(|d| &d.id == dimension) {
            None => p.at(
                filter_offset,
                format!("{what} filters {dimension:?}, which is not a dimension of cube {:?}", cube.id),
            ),
            Some(d) => {
                let list = &ctx.code_lists[&d.codelist];
                if code != TOTAL_CODE && list.get(code).is_none() {
                    p.at(
                        filter_offset,
                        format!(
                            "{what} filters {dimension:?} on {code:?}, which is not a code of {:?}",
                            list.id
                        ),
                    );
                }
            }
        }
    }
    if !used.contains(PERIOD) {
        p.at(number_offset, format!("{what} must place the period on an axis or fix it in filter (a table never adds up periods it does not show)"));
    }
    if measures.contains(&TableMeasure::PctRow) && columns.is_empty() {
        p.at(number_offset, format!("{what}: pct_row needs a column dimension"));
    }
    if measures.contains(&TableMeasure::PctCol) && rows.is_empty() {
        p.at(number_offset, format!("{what}: pct_col needs a row dimension"));
    }

    Some(TableLayout {
        number,
        section: raw.section,
        cube: cube.id.clone(),
        caption,
        source,
        footnotes,
        measures,
        zero_total: raw.zero_total.or_else(|| raw.zero.clone()).unwrap_or_else(|| "0".to_string()),
        zero: raw.zero.unwrap_or_else(|| "0".to_string()),
        missing: raw.missing.unwrap_or_default(),
        filter,
        rows,
        columns,
    })
}
