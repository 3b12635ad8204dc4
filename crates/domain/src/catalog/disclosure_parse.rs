//! Reading and checking the disclosure policy (`disclosure.toml`). Every cube of the catalog
//! must be classified (what it counts), so that a new cube is never published unprotected by
//! omission; exemptions name cubes of the catalog and give their reason in every language.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::disclosure::{CountedUnit, DisclosurePolicy, ExemptCells, Exemption, Outlet};
use super::source::{closest_ids, CatalogProblem, FileProblems, RawLabels, SourceFile};
use super::Cube;

/// The disclosure policy's file.
pub(super) const DISCLOSURE_FILE: &str = "disclosure.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDisclosure {
    symbol: String,
    footnote: RawLabels,
    applies_to: Vec<Spanned<String>>,
    primary: Spanned<RawPrimary>,
    amounts: RawLabels,
    #[serde(default)]
    units: BTreeMap<String, Vec<Spanned<String>>>,
    #[serde(default)]
    exempt: Vec<Spanned<RawExempt>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrimary {
    rule: String,
    k: i64,
    min_interval: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExempt {
    cube: String,
    cells: String,
    reason: RawLabels,
}

/// Reads and checks the policy, `file` being `disclosure.toml` if the catalog has one.
pub(super) fn parse_disclosure(
    file: Option<&SourceFile>,
    languages: &[String],
    cubes: &BTreeMap<String, Cube>,
    problems: &mut Vec<CatalogProblem>,
) -> DisclosurePolicy {
    let Some(file) = file else { return DisclosurePolicy::default() };
    let mut p = FileProblems::new(file, problems);
    let Some(raw) = p.parse::<RawDisclosure>() else { return DisclosurePolicy::default() };
    let primary_at = raw.primary.span().start;
    let primary = raw.primary.into_inner();
    if primary.rule != "threshold" {
        p.at(primary_at, format!("primary rule {:?} is not known (expected \"threshold\": a count of 1 to k − 1 persons is sensitive)", primary.rule));
    }
    if primary.k < 2 {
        p.at(
            primary_at,
            format!(
                "k = {} protects nothing: it must be at least 2 (a count of 1 to k − 1 is sensitive)",
                primary.k
            ),
        );
    }
    if primary.min_interval < 1 {
        p.at(primary_at, format!("min_interval = {} must be at least 1 person", primary.min_interval));
    }
    let mut applies_to = Vec::new();
    for outlet in &raw.applies_to {
        match Outlet::parse(outlet.get_ref()) {
            Some(o) => applies_to.push(o),
            None => p.at(
                outlet.span().start,
                format!(
                    "applies_to {:?} is not known (expected report, open_data or exports)",
                    outlet.get_ref()
                ),
            ),
        }
    }
    let units = classify_cubes(&mut p, &raw.units, cubes);
    let exemptions = raw
        .exempt
        .iter()
        .filter_map(|e| {
            let at = e.span().start;
            let e = e.get_ref();
            if !cubes.contains_key(&e.cube) {
                p.at(at, unknown_cube(&e.cube, cubes));
            }
            let cells = match e.cells.as_str() {
                "all" => ExemptCells::All,
                "period_totals" => ExemptCells::PeriodTotals,
                other => {
                    p.at(at, format!("exempt cells {other:?} is not known (expected all or period_totals)"));
                    return None;
                }
            };
            let reason =
                p.labels(at, &format!("the reason of the exemption of {:?}", e.cube), &e.reason, languages);
            Some(Exemption { cube: e.cube.clone(), cells, reason })
        })
        .collect();
    if raw.symbol.trim().is_empty() || raw.symbol.chars().any(|c| c.is_ascii_digit()) {
        p.at(
            0,
            format!(
                "symbol {:?} must be printable and hold no digit (it stands where a number would)",
                raw.symbol
            ),
        );
    }
    let footnote = p.labels(0, "footnote", &raw.footnote, languages);
    let amounts_note = p.labels(0, "amounts", &raw.amounts, languages);
    DisclosurePolicy {
        k: primary.k,
        min_interval: primary.min_interval,
        applies_to,
        units,
        exemptions,
        symbol: raw.symbol.trim().to_string(),
        footnote,
        amounts_note,
    }
}

/// Every cube under exactly one unit, and only cubes of the catalog.
fn classify_cubes(
    p: &mut FileProblems<'_>,
    raw: &BTreeMap<String, Vec<Spanned<String>>>,
    cubes: &BTreeMap<String, Cube>,
) -> BTreeMap<String, CountedUnit> {
    let mut units = BTreeMap::new();
    for (unit_name, listed) in raw {
        let Some(unit) = CountedUnit::parse(unit_name) else {
            let at = listed.first().map_or(0, |c| c.span().start);
            p.at(
                at,
                format!("[units] {unit_name:?} is not known (expected persons, cases, amounts or shares)"),
            );
            continue;
        };
        for cube in listed {
            let at = cube.span().start;
            if !cubes.contains_key(cube.get_ref()) {
                p.at(at, unknown_cube(cube.get_ref(), cubes));
            } else if let Some(before) = units.insert(cube.get_ref().clone(), unit) {
                p.at(
                    at,
                    format!(
                        "cube {:?} is classified twice ({} and {unit_name})",
                        cube.get_ref(),
                        before.as_str()
                    ),
                );
            }
        }
    }
    for cube in cubes.keys().filter(|c| !units.contains_key(*c)) {
        p.whole(format!("cube {cube:?} is not classified under [units]: say whether it counts persons (protected), cases, amounts or shares"));
    }
    units
}

fn unknown_cube(cube: &str, cubes: &BTreeMap<String, Cube>) -> String {
    let close = closest_ids(cubes.keys(), cube);
    format!("{cube:?} is not a cube of the catalog (closest: {})", close.join(", "))
}
