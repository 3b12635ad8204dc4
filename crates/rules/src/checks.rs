//! One function per kind of check. Each returns its findings in a deterministic order.

use std::collections::{BTreeMap, BTreeSet};

use rapporteur_domain::{
    dimension_and_code, finding_key, percentage_hundredths, Check, CubeSet, Finding, FindingCell, LeafOrder,
    Member, ObservationRow, Placeholder, RowKind, Rule, PERIOD, TOTAL_CODE,
};

use crate::stats::binomial_two_sided_p;
use crate::{periods_shown, Index, Selection};

pub(crate) fn check_rule(rule: &Rule, index: &Index<'_>) -> Vec<Finding> {
    match &rule.check {
        Check::ControlValues { cubes, tolerance, pct_tolerance } => {
            control_values(rule, index, cubes, *tolerance, *pct_tolerance)
        }
        Check::EqualTotals { members, by, tolerance } => equal_totals(rule, index, members, by, *tolerance),
        Check::RepeatedSlices { cubes, min_nonzero } => repeated_slices(rule, index, cubes, *min_nonzero),
        Check::Completeness { cubes, require, periods } => completeness(rule, index, cubes, require, periods),
        Check::Plausibility { cubes, alpha, min_total } => {
            plausibility(rule, index, cubes, *alpha, *min_total)
        }
        Check::ValidCodes { cubes } => valid_codes(rule, index, cubes),
        Check::CaptionPeriods => caption_periods(rule, index),
    }
}

fn number(scaled: i64, decimals: u32) -> Placeholder {
    Placeholder::Number { scaled, decimals }
}

fn text(value: impl Into<String>) -> Placeholder {
    Placeholder::Text(value.into())
}

fn owner(index: &Index<'_>, cube: &str) -> Option<String> {
    index.catalog.cube(cube).map(|c| c.owner.clone())
}

fn finding(rule: &Rule, index: &Index<'_>, identity: &str, cells: Vec<FindingCell>) -> Finding {
    let actor = cells.first().and_then(|c| owner(index, &c.cube));
    Finding {
        key: finding_key(&format!("{}|{identity}", rule.id)),
        rule: rule.id.clone(),
        severity: rule.severity,
        actor,
        cells,
        tables: Vec::new(),
        values: BTreeMap::new(),
    }
}

fn cell_of(
    row: &ObservationRow,
    role: &str,
    expected: Option<i64>,
    actual: Option<i64>,
    decimals: u32,
) -> FindingCell {
    FindingCell {
        cube: row.cube.clone(),
        period: row.coordinate.period.clone(),
        codes: row.coordinate.codes.clone(),
        role: role.to_string(),
        expected,
        actual,
        decimals,
    }
}

/// Printed totals, subtotals, narrative figures and percentages against the data under them.
fn control_values(
    rule: &Rule,
    index: &Index<'_>,
    cubes: &CubeSet,
    tolerance: i64,
    pct_tolerance: i64,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for control in index.controls.iter().filter(|c| c.kind == RowKind::Control && cubes.contains(&c.cube)) {
        let selection = index.selection_of(control);
        // A stated figure with no data under it has nothing to be compared with.
        let Some(actual) = index.sum(&control.cube, &selection) else { continue };
        let decimals = index.decimals(&control.cube);
        let mut f = match &control.pct_base {
            None => {
                if (actual - control.value).abs() <= tolerance {
                    continue;
                }
                let mut f = finding(
                    rule,
                    index,
                    &format!("{}|{}", control.cube, control.key()),
                    vec![cell_of(control, "control", Some(control.value), Some(actual), decimals)],
                );
                f.values.insert("expected".into(), number(control.value, decimals));
                f.values.insert("actual".into(), number(actual, decimals));
                f.values.insert("difference".into(), number(control.value - actual, decimals));
                f
            }
            Some(base) => {
                let (dimension, code) = dimension_and_code(base);
                let mut denominator_selection = selection.clone();
                denominator_selection
                    .insert(dimension.to_string(), index.catalog.leaves_of(&control.cube, dimension, code));
                let Some(denominator) = index.sum(&control.cube, &denominator_selection) else { continue };
                let Some(computed) = percentage_hundredths(actual, denominator) else { continue };
                // A percentage is compared at the precision it was written with: "85" (a narrative's
                // whole percent, rounded or cut) matches 85.83; "56,87" must match to the hundredth.
                let unit = 10_i64.pow(2 - control.stated_decimals.unwrap_or(2).min(2));
                if (computed - control.value).abs() < unit + pct_tolerance {
                    continue;
                }
                let mut f = finding(
                    rule,
                    index,
                    &format!("{}|{}", control.cube, control.key()),
                    vec![cell_of(control, "pct", Some(control.value), Some(computed), 2)],
                );
                f.values.insert("expected".into(), number(control.value, 2));
                f.values.insert("actual".into(), number(computed, 2));
                f.values.insert("difference".into(), number(control.value - computed, 2));
                f.values.insert("count".into(), number(actual, decimals));
                f.values.insert("base".into(), number(denominator, decimals));
                f
            }
        };
        f.values.insert("cube".into(), text(control.cube.clone()));
        out.push(f);
    }
    out
}

/// The selection a member keeps, and the dimensions it is grouped by.
fn member_selection(index: &Index<'_>, member: &Member) -> Selection {
    member
        .filter
        .iter()
        .map(|(dimension, codes)| {
            let leaves: BTreeSet<String> = codes
                .iter()
                .flat_map(|code| index.catalog.leaves_of(&member.cube, dimension, code))
                .collect();
            (dimension.clone(), leaves)
        })
        .collect()
}

/// Sums of a member's observations per value of the `by` dimensions.
fn member_margins(index: &Index<'_>, member: &Member, by: &[String]) -> BTreeMap<Vec<String>, i64> {
    let selection = member_selection(index, member);
    let mut margins = BTreeMap::new();
    for o in index.observations(&member.cube) {
        if !o.coordinate.is_in(&selection) {
            continue;
        }
        let key: Option<Vec<String>> = by.iter().map(|d| o.coordinate.code(d).cloned()).collect();
        if let Some(key) = key {
            *margins.entry(key).or_insert(0) += o.value;
        }
    }
    margins
}

fn member_text(member: &Member) -> String {
    if member.filter.is_empty() {
        return member.cube.clone();
    }
    let filter: Vec<String> =
        member.filter.iter().map(|(d, codes)| format!("{d}={}", codes.join("|"))).collect();
    format!("{}[{}]", member.cube, filter.join(", "))
}

/// Several cubes counting the same population must give the same totals (or margins).
fn equal_totals(
    rule: &Rule,
    index: &Index<'_>,
    members: &[Member],
    by: &[String],
    tolerance: i64,
) -> Vec<Finding> {
    let margins: Vec<BTreeMap<Vec<String>, i64>> =
        members.iter().map(|m| member_margins(index, m, by)).collect();
    let Some(first) = margins.first() else { return Vec::new() };
    let mut out = Vec::new();
    // Only groups every member has are compared: a missing group is completeness's business.
    for key in first.keys().filter(|k| margins.iter().all(|m| m.contains_key(*k))) {
        let values: Vec<i64> = margins.iter().map(|m| m[key]).collect();
        let (min, max) =
            (values.iter().min().copied().unwrap_or(0), values.iter().max().copied().unwrap_or(0));
        if max - min <= tolerance {
            continue;
        }
        let cells: Vec<FindingCell> = members
            .iter()
            .zip(&values)
            .map(|(member, &value)| {
                let mut codes: BTreeMap<String, String> = member
                    .filter
                    .iter()
                    .filter(|(d, _)| d.as_str() != PERIOD)
                    .map(|(d, c)| (d.clone(), c.join("|")))
                    .collect();
                let mut period = member.filter.get(PERIOD).map(|p| p.join("|")).unwrap_or_default();
                for (dimension, code) in by.iter().zip(key) {
                    if dimension == PERIOD {
                        period = code.clone();
                    } else {
                        codes.insert(dimension.clone(), code.clone());
                    }
                }
                let decimals = index.decimals(&member.cube);
                FindingCell {
                    cube: member.cube.clone(),
                    period,
                    codes,
                    role: "total".into(),
                    expected: Some(values[0]),
                    actual: Some(value),
                    decimals,
                }
            })
            .collect();
        let decimals = cells.first().map_or(0, |c| c.decimals);
        let listed: Vec<String> = members
            .iter()
            .zip(&values)
            .map(|(m, v)| {
                format!("{} {}", member_text(m), rapporteur_domain::format_scaled(*v, decimals, '.'))
            })
            .collect();
        let mut f = finding(rule, index, &key.join("|"), cells);
        f.values.insert("values".into(), text(listed.join("; ")));
        f.values.insert(
            "group".into(),
            text(by.iter().zip(key).map(|(d, c)| format!("{d}={c}")).collect::<Vec<_>>().join(", ")),
        );
        f.values.insert("difference".into(), number(max - min, decimals));
        out.push(f);
    }
    out
}

/// The dimensions of a cube, with the period.
fn dimensions_with_period(index: &Index<'_>, cube: &str) -> Vec<String> {
    let mut out = vec![PERIOD.to_string()];
    if let Some(c) = index.catalog.cube(cube) {
        out.extend(c.dimensions.iter().map(|d| d.id.clone()));
    }
    out
}

/// A slice that repeats another exactly, within the whole cube or within one code of another
/// dimension: the signal of a table pasted under a second title.
fn repeated_slices(rule: &Rule, index: &Index<'_>, cubes: &CubeSet, min_nonzero: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut reported: BTreeSet<(String, String, String, String)> = BTreeSet::new();
    for (cube, observations) in index.by_cube.iter().filter(|(c, _)| cubes.contains(c)) {
        let dimensions = dimensions_with_period(index, cube);
        for along in &dimensions {
            let mut contexts: Vec<Option<(String, String)>> = vec![None];
            for other in dimensions.iter().filter(|d| *d != along) {
                let codes: BTreeSet<String> =
                    observations.iter().filter_map(|o| o.coordinate.code(other).cloned()).collect();
                contexts.extend(codes.into_iter().map(|c| Some((other.clone(), c))));
            }
            for context in contexts {
                let mut slices: BTreeMap<String, BTreeMap<String, i64>> = BTreeMap::new();
                for o in observations.iter() {
                    if let Some((d, c)) = &context {
                        if o.coordinate.code(d) != Some(c) {
                            continue;
                        }
                    }
                    let Some(code) = o.coordinate.code(along).cloned() else { continue };
                    let rest: Vec<String> = dimensions
                        .iter()
                        .filter(|d| *d != along)
                        .map(|d| format!("{d}={}", o.coordinate.code(d).map_or("", String::as_str)))
                        .collect();
                    slices.entry(code).or_default().insert(rest.join("|"), o.value);
                }
                let codes: Vec<&String> = slices.keys().collect();
                for (i, a) in codes.iter().enumerate() {
                    for b in &codes[i + 1..] {
                        let (sa, sb) = (&slices[*a], &slices[*b]);
                        let nonzero = sa.values().filter(|v| **v != 0).count();
                        if sa != sb || nonzero < min_nonzero {
                            continue;
                        }
                        if !reported.insert((cube.to_string(), along.clone(), a.to_string(), b.to_string())) {
                            continue;
                        }
                        let context_codes: BTreeMap<String, String> =
                            context.iter().filter(|(d, _)| d != PERIOD).cloned().collect();
                        let context_period =
                            context.iter().find(|(d, _)| d == PERIOD).map(|(_, c)| c.clone());
                        let slice_cell = |code: &str| {
                            let mut codes = context_codes.clone();
                            let mut period = context_period.clone().unwrap_or_default();
                            if along == PERIOD {
                                period = code.to_string();
                            } else {
                                codes.insert(along.clone(), code.to_string());
                            }
                            FindingCell {
                                cube: cube.to_string(),
                                period,
                                codes,
                                role: "slice".into(),
                                expected: None,
                                actual: Some(sa.values().sum()),
                                decimals: index.decimals(cube),
                            }
                        };
                        let mut f = finding(
                            rule,
                            index,
                            &format!("{cube}|{along}|{a}|{b}"),
                            vec![slice_cell(a), slice_cell(b)],
                        );
                        // A slice is shown in every period it holds, so name the periods for the table lookup.
                        f.values.insert("cube".into(), text(cube.to_string()));
                        f.values.insert("dimension".into(), text(along.clone()));
                        f.values.insert("first".into(), text(a.to_string()));
                        f.values.insert("second".into(), text(b.to_string()));
                        f.values.insert("cells".into(), text(sa.len().to_string()));
                        let within = context.as_ref().map(|(d, c)| format!("{d}={c}")).unwrap_or_default();
                        f.values.insert("within".into(), text(within));
                        expand_periods(&mut f, sa);
                        out.push(f);
                    }
                }
            }
        }
    }
    out
}

/// A slice compared across periods has no single period; list the cells once per period held
/// so that the finding names every table showing them.
fn expand_periods(f: &mut Finding, slice: &BTreeMap<String, i64>) {
    let periods: BTreeSet<String> = slice
        .keys()
        .filter_map(|k| k.split('|').find_map(|part| part.strip_prefix("period=")).map(str::to_string))
        .collect();
    if periods.is_empty() {
        return;
    }
    let mut cells = Vec::new();
    for cell in &f.cells {
        if cell.period.is_empty() {
            for period in &periods {
                let mut c = cell.clone();
                c.period = period.clone();
                cells.push(c);
            }
        } else {
            cells.push(cell.clone());
        }
    }
    f.cells = cells;
}

/// A cell that should hold figures and holds none.
fn missing_cell(cube: &str, period: &str) -> FindingCell {
    FindingCell {
        cube: cube.to_string(),
        period: period.to_string(),
        codes: BTreeMap::new(),
        role: "missing".into(),
        expected: None,
        actual: None,
        decimals: 0,
    }
}

/// Owed cubes have data; required breakdowns are filled in every period.
fn completeness(
    rule: &Rule,
    index: &Index<'_>,
    cubes: &CubeSet,
    require: &[String],
    periods: &[String],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let owed: Vec<&String> = index.catalog.cubes.keys().filter(|c| cubes.contains(c)).collect();
    let yearly: Vec<String> = if periods.is_empty() {
        index.cycle.periods.iter().filter(|p| p.len() == 4).cloned().collect()
    } else {
        periods.to_vec()
    };
    for cube in owed {
        let observations = index.observations(cube);
        if observations.is_empty() {
            let mut f = finding(rule, index, cube, vec![missing_cell(cube, "")]);
            f.values.insert("cube".into(), text(cube.clone()));
            f.values.insert("missing".into(), text("all"));
            out.push(f);
            continue;
        }
        if require.is_empty() {
            continue;
        }
        // Every combination of the required dimensions' leaves, per period; in code order, the
        // order the message lists the missing ones in.
        let selections: Vec<(&str, &str)> = require.iter().map(|r| dimension_and_code(r)).collect();
        let combinations: Vec<BTreeMap<String, String>> =
            index.catalog.leaf_combinations(cube, &selections, LeafOrder::ById).collect();
        for period in &yearly {
            let missing: Vec<String> = combinations
                .iter()
                .filter(|combination| {
                    !observations.iter().any(|o| {
                        &o.coordinate.period == period
                            && combination.iter().all(|(d, c)| o.coordinate.codes.get(d) == Some(c))
                    })
                })
                .map(|combination| combination.values().cloned().collect::<Vec<_>>().join("/"))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let mut f = finding(rule, index, &format!("{cube}|{period}"), vec![missing_cell(cube, period)]);
            f.values.insert("cube".into(), text(cube.clone()));
            f.values.insert("missing".into(), text(missing.join(", ")));
            out.push(f);
        }
    }
    out
}

/// A value against the previous year's, by an exact test suited to small counts.
fn plausibility(rule: &Rule, index: &Index<'_>, cubes: &CubeSet, alpha: f64, min_total: i64) -> Vec<Finding> {
    let mut years: Vec<&str> =
        index.cycle.accepted_periods().filter(|p| p.len() == 4 && p.parse::<u32>().is_ok()).collect();
    years.sort_unstable();
    let mut out = Vec::new();
    for (cube, observations) in index.by_cube.iter().filter(|(c, _)| cubes.contains(c)) {
        let decimals = index.decimals(cube);
        if decimals != 0 {
            continue; // the test is for counts
        }
        let mut series: BTreeMap<&BTreeMap<String, String>, BTreeMap<&str, &ObservationRow>> =
            BTreeMap::new();
        for o in observations {
            series.entry(&o.coordinate.codes).or_default().insert(o.coordinate.period.as_str(), o);
        }
        for by_period in series.into_values() {
            for pair in years.windows(2) {
                let (Some(before), Some(after)) = (by_period.get(pair[0]), by_period.get(pair[1])) else {
                    continue;
                };
                if before.value + after.value < min_total {
                    continue;
                }
                let p = binomial_two_sided_p(before.value, after.value);
                if p >= alpha {
                    continue;
                }
                let mut f = finding(
                    rule,
                    index,
                    &format!("{cube}|{}|{}", after.coordinate.key(), pair[0]),
                    vec![
                        cell_of(after, "data", None, Some(after.value), 0),
                        cell_of(before, "previous", None, Some(before.value), 0),
                    ],
                );
                f.values.insert("cube".into(), text(cube.to_string()));
                f.values.insert("previous".into(), number(before.value, 0));
                f.values.insert("actual".into(), number(after.value, 0));
                f.values.insert("previous_period".into(), text(pair[0]));
                f.values.insert("period".into(), text(pair[1]));
                f.values.insert("p_value".into(), text(format_p(p)));
                out.push(f);
            }
        }
    }
    out
}

fn format_p(p: f64) -> String {
    if p < 0.0001 {
        "< 0.0001".to_string()
    } else {
        format!("{p:.4}")
    }
}

/// Stored codes that the catalog no longer knows (or data at an aggregate code).
fn valid_codes(rule: &Rule, index: &Index<'_>, cubes: &CubeSet) -> Vec<Finding> {
    let mut out = Vec::new();
    let rows = index.by_cube.values().flatten().copied().chain(index.controls.iter());
    for row in rows.filter(|r| cubes.contains(&r.cube)) {
        let mut problems = Vec::new();
        if index.catalog.cube(&row.cube).is_none() {
            problems.push(format!("cube {} is not in the catalog", row.cube));
        }
        if !index.cycle.accepts_period(&row.coordinate.period) {
            problems.push(format!("period {} is outside the cycle", row.coordinate.period));
        }
        for (dimension, code) in &row.coordinate.codes {
            match index.catalog.code_list_of_dimension(&row.cube, dimension) {
                None => problems.push(format!("{dimension} is not a dimension of {}", row.cube)),
                Some(_) if code == TOTAL_CODE && row.kind == RowKind::Control => {}
                Some(list) if list.get(code).is_none() => {
                    problems.push(format!("{code} is not a code of {}", list.id))
                }
                Some(list) if row.kind == RowKind::Observation && list.is_aggregate(code) => {
                    problems.push(format!("{code} of {} has children: data lie at leaf codes", list.id))
                }
                Some(_) => {}
            }
        }
        if problems.is_empty() {
            continue;
        }
        let mut f = finding(
            rule,
            index,
            &format!("{}|{}|{}", row.cube, row.kind.as_str(), row.key()),
            vec![cell_of(row, row.kind.as_str(), None, Some(row.value), index.decimals(&row.cube))],
        );
        f.values.insert("cube".into(), text(row.cube.clone()));
        f.values.insert("problem".into(), text(problems.join("; ")));
        out.push(f);
    }
    out
}

/// The years a caption names, among the cycle's periods.
fn years_named(caption: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let chars: Vec<char> = caption.chars().collect();
    for i in 0..chars.len() {
        let starts = i == 0 || !chars[i - 1].is_ascii_digit();
        if starts && i + 4 <= chars.len() && chars[i..i + 4].iter().all(char::is_ascii_digit) {
            let ends = i + 4 == chars.len() || !chars[i + 4].is_ascii_digit();
            if ends {
                out.insert(chars[i..i + 4].iter().collect());
            }
        }
    }
    out
}

/// A caption naming a year its table does not show (a title copied from the year before).
fn caption_periods(rule: &Rule, index: &Index<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let cycle_years: BTreeSet<String> = index
        .cycle
        .accepted_periods()
        .flat_map(|p| p.split('-').map(str::to_string).collect::<Vec<_>>())
        .collect();
    for layout in index.catalog.tables.values() {
        let shown: BTreeSet<String> =
            periods_shown(layout).flat_map(|p| p.split('-')).map(str::to_string).collect();
        let named: BTreeSet<String> = layout
            .caption
            .0
            .values()
            .flat_map(|c| years_named(c))
            .filter(|y| cycle_years.contains(y))
            .collect();
        for year in named.difference(&shown) {
            let mut f = finding(rule, index, &format!("table {}|{year}", layout.number), Vec::new());
            f.actor = owner(index, &layout.cube);
            f.tables = vec![layout.number];
            f.values.insert("table".into(), text(layout.number.to_string()));
            f.values.insert("year".into(), text(year.clone()));
            f.values.insert("shown".into(), text(shown.iter().cloned().collect::<Vec<_>>().join(", ")));
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_years_a_caption_names() {
        let years = years_named("aantal checklists – verdeling volgens leeftijd en geslacht – 2019");
        assert_eq!(years, BTreeSet::from(["2019".to_string()]));
        assert!(years_named("8 mei 2021, van 2019 tot 2020").contains("2020"));
        assert!(years_named("art. 433quinquies, 12345").is_empty());
    }
}
