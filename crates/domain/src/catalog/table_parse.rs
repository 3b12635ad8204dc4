//! Reading and checking table layouts (`tables/table_NN.toml`) and charts
//! (`charts/chart_NN.toml`) against the cubes and code lists.

mod breakdown;

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::context::Context;
use breakdown::{check_breakdown, Laid, RawBreakdown};

use super::source::{closest_ids, for_each_parsed, CatalogProblem, FileProblems, RawLabels, SourceFile};
use super::Cube;
use crate::label::Labels;
use crate::observation::TOTAL_CODE;
use crate::table::{Axis, TableLayout, TableMeasure, TotalPosition, PERIOD};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
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
    breakdown: Option<Spanned<RawBreakdown>>,
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

/// Reads and checks the layout files of one kind ("table" or "chart"), by number; a number
/// defined by two files is a problem of the second.
pub(super) fn parse_layouts(
    files: &[&SourceFile],
    kind: &str,
    ctx: &Context<'_>,
    problems: &mut Vec<CatalogProblem>,
) -> BTreeMap<u32, TableLayout> {
    let mut layouts = BTreeMap::new();
    let mut defined_in: BTreeMap<u32, String> = BTreeMap::new();
    for_each_parsed(files, problems, |p, raw| {
        let Some(layout) = check_table(p, raw, ctx, kind) else { return };
        if let Some(first) = defined_in.get(&layout.number) {
            p.whole(format!("{kind} {} is also defined in {first}", layout.number));
            return;
        }
        defined_in.insert(layout.number, p.path().to_string());
        layouts.insert(layout.number, layout);
    });
    layouts
}

/// Checks a table layout, or a chart's (`kind` is "table" or "chart": the file name's prefix
/// and the word in messages; a chart shows values only).
fn check_table(
    p: &mut FileProblems<'_>,
    raw: RawTable,
    ctx: &Context<'_>,
    kind: &str,
) -> Option<TableLayout> {
    let number = *raw.number.get_ref();
    let number_offset = raw.number.span().start;
    check_file_name(p, kind, number, number_offset);
    let what = format!("{kind} {number}");
    if kind == "chart" && raw.measures.is_some() {
        p.at(number_offset, format!("{what}: a chart draws values; it takes no measures"));
    }
    let breakdown = raw.breakdown.as_ref().filter(|breakdown| {
        if kind == "chart" {
            p.at(breakdown.span().start, format!("{what}: a chart draws values; it takes no breakdown"));
        }
        kind != "chart"
    });
    let (caption, source, footnotes) = check_texts(p, &raw, &what, ctx.languages);
    let cube = find_cube(p, &raw.cube, &what, ctx)?;
    let measures = check_measures(p, raw.measures.as_ref(), &what);
    let mut axes = AxisCheck { what: &what, cube, ctx, used: HashSet::new() };
    let rows: Vec<Axis> = raw.rows.iter().filter_map(|a| axes.check(p, a)).collect();
    let columns: Vec<Axis> = raw.columns.iter().filter_map(|a| axes.check(p, a)).collect();
    let filter = axes.check_filter(p, raw.filter);
    check_shape(p, number_offset, &what, &axes.used, &measures, &rows, &columns);
    let laid = Laid { what: &what, cube, rows: &rows, columns: &columns, filter: &filter };
    let breakdown = breakdown.and_then(|b| check_breakdown(p, b, &laid, ctx));
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
        breakdown,
    })
}

/// Table 7 lives in `table_07.toml` (chart 7 in `chart_07.toml`).
fn check_file_name(p: &mut FileProblems<'_>, kind: &str, number: u32, offset: usize) {
    let expected_stem = format!("{kind}_{number:02}");
    let stem = p.file_stem().to_string();
    if stem != expected_stem {
        p.at(
            offset,
            format!("{kind} {number} must be in a file named {expected_stem}.toml, not {stem}.toml"),
        );
    }
}

/// The caption, the source line and the footnotes, each in every language.
fn check_texts(
    p: &mut FileProblems<'_>,
    raw: &RawTable,
    what: &str,
    languages: &[String],
) -> (Labels, Labels, Vec<Labels>) {
    let caption = p.labels(
        raw.caption.span().start,
        &format!("the caption of {what}"),
        raw.caption.get_ref(),
        languages,
    );
    let source = p.labels(
        raw.source.span().start,
        &format!("the source line of {what}"),
        raw.source.get_ref(),
        languages,
    );
    let footnotes = raw
        .footnotes
        .iter()
        .enumerate()
        .map(|(i, f)| p.labels(0, &format!("footnote {} of {what}", i + 1), f, languages))
        .collect();
    (caption, source, footnotes)
}

/// The cube a layout lays out; without it nothing else of the layout can be checked.
fn find_cube<'c>(
    p: &mut FileProblems<'_>,
    raw: &Spanned<String>,
    what: &str,
    ctx: &Context<'c>,
) -> Option<&'c Cube> {
    let cube = ctx.cubes.get(raw.get_ref());
    if cube.is_none() {
        let closest = closest_ids(ctx.cubes.keys(), raw.get_ref());
        p.at(
            raw.span().start,
            format!("{what} lays out unknown cube {:?} (closest: {})", raw.get_ref(), closest.join(", ")),
        );
    }
    cube
}

/// The measures a table shows: the value when it names none.
fn check_measures(
    p: &mut FileProblems<'_>,
    raw: Option<&Spanned<Vec<String>>>,
    what: &str,
) -> Vec<TableMeasure> {
    let Some(list) = raw else { return vec![TableMeasure::Value] };
    let mut measures = Vec::new();
    for m in list.get_ref() {
        match TableMeasure::parse(m) {
            Some(measure) => measures.push(measure),
            None => p.at(
                list.span().start,
                format!("{what}: unknown measure {m:?} (expected count, pct_row or pct_col)"),
            ),
        }
    }
    if list.get_ref().is_empty() {
        p.at(list.span().start, format!("{what} shows no measure"));
    }
    measures
}

/// Checks a layout's axes and filter, each dimension used once among them.
struct AxisCheck<'a> {
    what: &'a str,
    cube: &'a Cube,
    ctx: &'a Context<'a>,
    /// The dimensions placed so far, on an axis or in the filter.
    used: HashSet<String>,
}

impl AxisCheck<'_> {
    /// One axis, its codes resolved (a dimension's leaves when it names none); `None` when its
    /// dimension is unusable.
    fn check(&mut self, p: &mut FileProblems<'_>, spanned: &Spanned<RawAxis>) -> Option<Axis> {
        let offset = spanned.span().start;
        let raw = spanned.get_ref();
        let what = self.what;
        if !self.used.insert(raw.dimension.clone()) {
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
            Some(labels) => p.labels(offset, &format!("a total label of {what}"), labels, self.ctx.languages),
            None => default_total_label(),
        };
        let codes = if raw.dimension == PERIOD {
            self.period_codes(p, offset, raw)?
        } else {
            self.dimension_codes(p, offset, raw)?
        };
        Some(Axis { dimension: raw.dimension.clone(), codes, total, total_label })
    }

    /// A period axis lists its periods, each of a cycle.
    fn period_codes(&self, p: &mut FileProblems<'_>, offset: usize, raw: &RawAxis) -> Option<Vec<String>> {
        let Some(codes) = &raw.codes else {
            p.at(
                offset,
                format!("{}: a period axis needs its codes (the periods shown, in order)", self.what),
            );
            return None;
        };
        for code in codes {
            self.ctx.check_period(p, offset, self.what, code);
        }
        Some(codes.clone())
    }

    /// A dimension's axis shows the codes it lists, or every leaf of the dimension's list.
    fn dimension_codes(&self, p: &mut FileProblems<'_>, offset: usize, raw: &RawAxis) -> Option<Vec<String>> {
        let Some(dimension) = self.cube.dimension(&raw.dimension) else {
            let known: Vec<&str> =
                std::iter::once(PERIOD).chain(self.cube.dimensions.iter().map(|d| d.id.as_str())).collect();
            p.at(
                offset,
                format!(
                    "{}: cube {:?} has no dimension {:?} (it has {})",
                    self.what,
                    self.cube.id,
                    raw.dimension,
                    known.join(", ")
                ),
            );
            return None;
        };
        let list = self.ctx.code_list_of(dimension)?;
        let Some(codes) = &raw.codes else { return Some(list.leaves().map(|c| c.id.clone()).collect()) };
        for code in codes.iter().filter(|code| list.get(code).is_none()) {
            let closest: Vec<&str> = list.closest(code, 3).iter().map(|c| c.id.as_str()).collect();
            p.at(
                offset,
                format!(
                    "{}: {code:?} is not a code of {:?} (closest: {})",
                    self.what,
                    list.id,
                    closest.join(", ")
                ),
            );
        }
        Some(codes.clone())
    }

    /// The fixed codes of the dimensions on no axis.
    fn check_filter(
        &mut self,
        p: &mut FileProblems<'_>,
        raw: Option<Spanned<BTreeMap<String, String>>>,
    ) -> BTreeMap<String, String> {
        let offset = raw.as_ref().map_or(0, |f| f.span().start);
        let filter = raw.map(Spanned::into_inner).unwrap_or_default();
        let what = self.what;
        for (dimension, code) in &filter {
            if !self.used.insert(dimension.clone()) {
                p.at(offset, format!("{what} filters dimension {dimension:?}, which is also on an axis"));
            }
            if dimension == PERIOD {
                self.ctx.check_period(p, offset, what, code);
                continue;
            }
            match self.cube.dimension(dimension).map(|d| self.ctx.code_list_of(d)) {
                None => p.at(
                    offset,
                    format!(
                        "{what} filters {dimension:?}, which is not a dimension of cube {:?}",
                        self.cube.id
                    ),
                ),
                Some(None) => {}
                Some(Some(list)) => {
                    if code != TOTAL_CODE && list.get(code).is_none() {
                        p.at(
                            offset,
                            format!(
                                "{what} filters {dimension:?} on {code:?}, which is not a code of {:?}",
                                list.id
                            ),
                        );
                    }
                }
            }
        }
        filter
    }
}

/// What a layout as a whole must satisfy once its axes are read: the period is placed (a table
/// never adds up periods), and a percentage has the dimension it is taken over.
fn check_shape(
    p: &mut FileProblems<'_>,
    offset: usize,
    what: &str,
    used: &HashSet<String>,
    measures: &[TableMeasure],
    rows: &[Axis],
    columns: &[Axis],
) {
    if !used.contains(PERIOD) {
        p.at(offset, format!("{what} must place the period on an axis or fix it in filter (a table never adds up periods it does not show)"));
    }
    if measures.contains(&TableMeasure::PctRow) && columns.is_empty() {
        p.at(offset, format!("{what}: pct_row needs a column dimension"));
    }
    if measures.contains(&TableMeasure::PctCol) && rows.is_empty() {
        p.at(offset, format!("{what}: pct_col needs a row dimension"));
    }
}
