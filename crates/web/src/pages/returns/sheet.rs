//! A return's page built from the use case's `ReturnSheet`: the findings numbered, the periods
//! and rows of the grid, a line to add a row when the grid is too large to show whole, and the
//! stated figures beside it.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_app::{App, ReturnSheet};
use rapporteur_domain::catalog::LeafOrder;
use rapporteur_domain::value::format_scaled;
use rapporteur_domain::{Catalog, Coordinate, Cube, Cycle, StoredRow, TOTAL_CODE};
use rapporteur_report::{finding_message, Locale};

use super::{encode_codes, ControlView, FindingItem, GridCell, GridRow, NewRowDim, ReturnPage};
use crate::ctx::Ctx;
use crate::page::Page;
use crate::pages::home::{actor_label, Choice};
use crate::pages::Workflow;

/// Above this many code combinations the grid shows only the rows that hold values, and a line
/// to add one.
const MAX_FULL_GRID_ROWS: usize = 60;

/// The key of a cell as the store's rows give it (`Coordinate::key`), for a finding's cell or a
/// grid cell, which are not coordinates themselves.
pub(super) fn coordinate_key(period: &str, codes: &BTreeMap<String, String>) -> String {
    Coordinate { period: period.to_string(), codes: codes.clone() }.key()
}

/// The decimals of the cube's measure.
pub(super) fn decimals_of(catalog: &Catalog, cube: &str) -> u32 {
    catalog
        .cubes
        .get(cube)
        .and_then(|c| catalog.measures.iter().find(|m| m.id == c.measure))
        .map_or(0, |m| m.decimals)
}

/// What the steps of a page share: the cube, the user's words and number format, and which
/// findings (by number) touch which cell.
struct Frame<'a> {
    app: &'a App,
    ctx: &'a Ctx,
    cube: &'a Cube,
    decimals: u32,
    separator: char,
    marks: BTreeMap<String, BTreeSet<usize>>,
}

impl Frame<'_> {
    fn lang(&self) -> &'static str {
        self.ctx.tr.lang
    }

    fn code_label(&self, dimension: &str, code: &str) -> String {
        self.app
            .catalog()
            .code_list_of_dimension(&self.cube.id, dimension)
            .and_then(|l| l.get(code))
            .map_or_else(|| code.to_string(), |c| c.labels.get(self.lang()).to_string())
    }

    fn number(&self, value: i64) -> String {
        format_scaled(value, self.decimals, self.separator)
    }

    /// The numbers of the findings on the cell `key`.
    fn marks_at(&self, key: &str) -> Vec<usize> {
        self.marks.get(key).map(|s| s.iter().copied().collect()).unwrap_or_default()
    }
}

/// The page of `sheet`, the return of `cube` in `cycle`.
pub(super) fn return_page(
    app: &App,
    ctx: &Ctx,
    (cycle, cube): (&Cycle, &Cube),
    sheet: &ReturnSheet,
    problems: Vec<String>,
) -> ReturnPage {
    let lang = ctx.tr.lang;
    let separator = Locale::new(app.catalog(), lang).decimal_separator;
    let decimals = decimals_of(app.catalog(), &cube.id);
    let mut frame = Frame { app, ctx, cube, decimals, separator, marks: BTreeMap::new() };
    let findings = finding_items(&mut frame, sheet);
    let periods = grid_periods(cycle, cube, &sheet.observations);
    let (row_codes, whole) = grid_row_codes(&frame, &sheet.observations);
    let dims: Vec<String> = cube
        .dimensions
        .iter()
        .map(|d| {
            app.catalog().code_lists.get(&d.codelist).map_or(d.id.clone(), |l| l.name.get(lang).to_string())
        })
        .collect();
    ReturnPage {
        p: Page::new(ctx, cube.name.get(lang).to_string()),
        cycle: cycle.id.clone(),
        cube: cube.id.clone(),
        cube_name: cube.name.get(lang).to_string(),
        description: cube.description.as_ref().map(|d| d.get(lang).to_string()).unwrap_or_default(),
        actor_label: actor_label(app, &cube.owner, lang),
        rows: grid_rows(&frame, sheet, &row_codes, &periods),
        new_row: if whole { Vec::new() } else { new_row_dims(&frame, &dims) },
        controls: control_views(&frame, &sheet.controls),
        dims,
        periods,
        findings,
        problems,
        w: Workflow::new(ctx, &cycle.id, &sheet.view, format!("/cycles/{}/returns/{}", cycle.id, cube.id)),
    }
}

/// The findings, numbered, in the user's words; marks which cells each touches.
fn finding_items(frame: &mut Frame<'_>, sheet: &ReturnSheet) -> Vec<FindingItem> {
    let catalog = frame.app.catalog();
    let locale = Locale::new(catalog, frame.lang());
    let t = frame.ctx.tr;
    let mut items = Vec::new();
    for (i, stored) in sheet.findings.iter().enumerate() {
        let number = i + 1;
        for cell in stored.finding.cells.iter().filter(|c| c.cube == frame.cube.id) {
            frame.marks.entry(coordinate_key(&cell.period, &cell.codes)).or_default().insert(number);
        }
        let explained = stored.acknowledgment.as_ref();
        let accepted = stored.acceptance.as_ref();
        items.push(FindingItem {
            number,
            key: stored.finding.key.clone(),
            severity: stored.finding.severity.as_str().to_string(),
            severity_label: t.get(&format!("severity-{}", stored.finding.severity.as_str())),
            message: finding_message(catalog, &stored.finding, &locale),
            explanation: explained.map(|a| a.explanation.clone()).unwrap_or_default(),
            explained_by: explained.map(|a| format!("{}, {}", a.who, a.at)).unwrap_or_default(),
            accepted_by: accepted.map(|a| format!("{}, {}", a.who, a.at)).unwrap_or_default(),
            acceptable: stored.awaits_acceptance(),
        });
    }
    items
}

/// The grid's columns: the cycle's periods (context periods first) that the cube holds, or the
/// periods the cycle owes of the cube for an empty return (a year cube has no cohort column).
fn grid_periods(cycle: &Cycle, cube: &Cube, observations: &[StoredRow]) -> Vec<String> {
    let held: BTreeSet<&str> = observations.iter().map(|s| s.row.coordinate.period.as_str()).collect();
    let periods: Vec<String> = cycle
        .context_periods
        .iter()
        .chain(&cycle.periods)
        .filter(|p| held.contains(p.as_str()))
        .cloned()
        .collect();
    if periods.is_empty() {
        cycle.owed_periods(cube).into_iter().map(str::to_string).collect()
    } else {
        periods
    }
}

/// The grid's rows: every combination of leaf codes when there are few, then the combinations
/// the return holds that are not among them; and whether the grid is shown whole.
fn grid_row_codes(frame: &Frame<'_>, observations: &[StoredRow]) -> (Vec<BTreeMap<String, String>>, bool) {
    let selections: Vec<(&str, &str)> =
        frame.cube.dimensions.iter().map(|d| (d.id.as_str(), TOTAL_CODE)).collect();
    let combinations = frame.app.catalog().leaf_combinations(&frame.cube.id, &selections, LeafOrder::Printed);
    let whole = combinations.remaining() <= MAX_FULL_GRID_ROWS;
    let mut rows: Vec<BTreeMap<String, String>> = if whole { combinations.collect() } else { Vec::new() };
    let mut seen: BTreeSet<String> = rows.iter().map(encode_codes).collect();
    for stored in observations {
        if seen.insert(encode_codes(&stored.row.coordinate.codes)) {
            rows.push(stored.row.coordinate.codes.clone());
        }
    }
    (rows, whole)
}

/// One grid row per combination of codes, one cell per period: the stored value, the figure
/// the actor stated there, the findings on it.
fn grid_rows(
    frame: &Frame<'_>,
    sheet: &ReturnSheet,
    row_codes: &[BTreeMap<String, String>],
    periods: &[String],
) -> Vec<GridRow> {
    // A cell flagged not available or confidential shows its status's first marker ("n.b."),
    // which the form accepts back as it accepts a number.
    let catalog = frame.app.catalog();
    let values: BTreeMap<String, String> = sheet
        .observations
        .iter()
        .map(|s| {
            let text = match s.row.kind.status() {
                Some(status) => catalog
                    .status_marker(status)
                    .and_then(|m| m.markers.first().cloned())
                    .unwrap_or_else(|| status.code().to_string()),
                None => frame.number(s.row.value),
            };
            (s.row.coordinate.key(), text)
        })
        .collect();
    let stated: BTreeMap<String, i64> = sheet
        .controls
        .iter()
        .filter(|s| s.row.pct_base.is_none())
        .map(|s| (s.row.coordinate.key(), s.row.value))
        .collect();
    let shown =
        |map: &BTreeMap<String, i64>, key: &str| map.get(key).map(|v| frame.number(*v)).unwrap_or_default();
    row_codes
        .iter()
        .enumerate()
        .map(|(index, codes)| {
            let labels: Vec<String> = frame
                .cube
                .dimensions
                .iter()
                .map(|d| codes.get(&d.id).map(|c| frame.code_label(&d.id, c)).unwrap_or_default())
                .collect();
            let cells = periods
                .iter()
                .enumerate()
                .map(|(p, period)| {
                    let key = coordinate_key(period, codes);
                    GridCell {
                        name: format!("c_{index}_{p}"),
                        value: values.get(&key).cloned().unwrap_or_default(),
                        stated: shown(&stated, &key),
                        findings: frame.marks_at(&key),
                        label: format!("{} – {period}", labels.join(", ")),
                    }
                })
                .collect();
            GridRow { index, key: encode_codes(codes), labels, cells }
        })
        .collect()
}

/// The line to add a row of a grid too large to show whole: a choice of leaf codes per
/// dimension.
fn new_row_dims(frame: &Frame<'_>, dims: &[String]) -> Vec<NewRowDim> {
    let catalog = frame.app.catalog();
    frame
        .cube
        .dimensions
        .iter()
        .zip(dims)
        .map(|(d, label)| {
            let selection = [(d.id.as_str(), TOTAL_CODE)];
            let codes = catalog.leaf_combinations(&frame.cube.id, &selection, LeafOrder::Printed);
            NewRowDim {
                id: d.id.clone(),
                label: label.clone(),
                codes: codes
                    .filter_map(|combination| combination.get(&d.id).cloned())
                    .map(|c| Choice { label: frame.code_label(&d.id, &c), value: c })
                    .collect(),
            }
        })
        .collect()
}

/// The stated totals, figures of the text and percentages, with the findings on each.
fn control_views(frame: &Frame<'_>, controls: &[StoredRow]) -> Vec<ControlView> {
    let t = frame.ctx.tr;
    controls
        .iter()
        .map(|s| {
            let row = &s.row;
            let label = row
                .coordinate
                .codes
                .iter()
                .map(|(d, c)| if c == TOTAL_CODE { t.get("return-total") } else { frame.code_label(d, c) })
                .collect::<Vec<_>>()
                .join(", ");
            let (value, kind) = match &row.pct_base {
                Some(_) => (format!("{} %", format_scaled(row.value, 2, frame.separator)), "pct"),
                None => (frame.number(row.value), "control"),
            };
            ControlView {
                period: row.coordinate.period.clone(),
                label: if label.is_empty() { t.get("return-whole") } else { label },
                value,
                kind: t.get(&format!("return-kind-{kind}")),
                findings: frame.marks_at(&row.coordinate.key()),
            }
        })
        .collect()
}
