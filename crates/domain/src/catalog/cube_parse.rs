//! Reading and checking cubes (`cubes/<id>.toml`) against the code lists and measures read
//! before them.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::period::PeriodType;
use toml::Spanned;

use super::source::{closest_ids, for_each_parsed, CatalogProblem, FileProblems, RawLabels, SourceFile};
use super::{CodeList, Cube, Dimension, Measure};
use crate::observation::columns;

/// The code list that names the actors owning cubes.
pub(super) const ACTOR_LIST: &str = "actor";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCube {
    id: Spanned<String>,
    owner: Spanned<String>,
    measure: Spanned<String>,
    name: Spanned<RawLabels>,
    description: Option<Spanned<RawLabels>>,
    period: Option<Spanned<String>>,
    #[serde(default)]
    dimension: Vec<Spanned<RawDimension>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDimension {
    id: String,
    codelist: String,
}

/// Reads and checks every cube file, by cube id.
pub(super) fn parse_cubes(
    files: &[&SourceFile],
    languages: &[String],
    code_lists: &BTreeMap<String, CodeList>,
    measures: &[Measure],
    problems: &mut Vec<CatalogProblem>,
) -> BTreeMap<String, Cube> {
    let mut cubes = BTreeMap::new();
    for_each_parsed(files, problems, |p, raw| {
        let cube = check_cube(p, raw, languages, code_lists, measures);
        cubes.insert(cube.id.clone(), cube);
    });
    cubes
}

fn check_cube(
    p: &mut FileProblems<'_>,
    raw: RawCube,
    languages: &[String],
    code_lists: &BTreeMap<String, CodeList>,
    measures: &[Measure],
) -> Cube {
    let offset = raw.id.span().start;
    let id = raw.id.into_inner();
    p.file_id(offset, "cube", &id);
    let name = p.labels(raw.name.span().start, &format!("cube {id:?}"), raw.name.get_ref(), languages);
    let description = raw.description.as_ref().map(|d| {
        p.labels(d.span().start, &format!("the description of cube {id:?}"), d.get_ref(), languages)
    });
    let owner = check_owner(p, &id, raw.owner, code_lists);
    let measure = check_measure(p, &id, raw.measure, measures);
    let dimensions = check_dimensions(p, &id, raw.dimension, code_lists);
    let period = raw.period.map_or(PeriodType::Year, |period| check_period_type(p, &id, period));
    Cube { id, owner, measure, name, description, dimensions, period }
}

/// The period type must be one of year, cohort, date.
fn check_period_type(p: &mut FileProblems<'_>, id: &str, raw: Spanned<String>) -> PeriodType {
    PeriodType::parse(raw.get_ref()).unwrap_or_else(|| {
        p.at(
            raw.span().start,
            format!("cube {id:?} has period {:?}: expected one of year, cohort, date", raw.get_ref()),
        );
        PeriodType::Year
    })
}

/// The owner must be a code of the actor list.
fn check_owner(
    p: &mut FileProblems<'_>,
    id: &str,
    raw: Spanned<String>,
    code_lists: &BTreeMap<String, CodeList>,
) -> String {
    let offset = raw.span().start;
    let owner = raw.into_inner();
    match code_lists.get(ACTOR_LIST) {
        Some(actors) if actors.get(&owner).is_some() => {}
        Some(actors) => {
            let closest: Vec<&str> = actors.closest(&owner, 3).iter().map(|c| c.id.as_str()).collect();
            p.at(offset, format!("cube {id:?} has owner {owner:?}, which is not a code of the {ACTOR_LIST:?} code list (closest: {})", closest.join(", ")));
        }
        None => p.at(
            offset,
            format!("cube {id:?} has owner {owner:?}, but the catalog has no {ACTOR_LIST:?} code list"),
        ),
    }
    owner
}

/// The measure must be one of the manifest's.
fn check_measure(p: &mut FileProblems<'_>, id: &str, raw: Spanned<String>, measures: &[Measure]) -> String {
    let offset = raw.span().start;
    let measure = raw.into_inner();
    if !measures.iter().any(|m| m.id == measure) {
        let known: Vec<&str> = measures.iter().map(|m| m.id.as_str()).collect();
        p.at(
            offset,
            format!("cube {id:?} has unknown measure {measure:?} (expected one of: {})", known.join(", ")),
        );
    }
    measure
}

/// Each dimension: a valid id that no import column has, once, bound to a known code list.
fn check_dimensions(
    p: &mut FileProblems<'_>,
    id: &str,
    raw: Vec<Spanned<RawDimension>>,
    code_lists: &BTreeMap<String, CodeList>,
) -> Vec<Dimension> {
    let mut dimensions: Vec<Dimension> = Vec::new();
    for d in raw {
        let offset = d.span().start;
        let d = d.into_inner();
        p.id(offset, "dimension", &d.id);
        if columns::RESERVED.contains(&d.id.as_str()) {
            p.at(
                offset,
                format!(
                    "dimension {:?} has the name of an import column; choose another (reserved: {})",
                    d.id,
                    columns::RESERVED.join(", ")
                ),
            );
        }
        if dimensions.iter().any(|x| x.id == d.id) {
            p.at(offset, format!("cube {id:?} has dimension {:?} twice", d.id));
        }
        if !code_lists.contains_key(&d.codelist) {
            let closest = closest_ids(code_lists.keys(), &d.codelist);
            p.at(
                offset,
                format!(
                    "dimension {:?} names unknown code list {:?} (closest: {})",
                    d.id,
                    d.codelist,
                    closest.join(", ")
                ),
            );
        }
        dimensions.push(Dimension { id: d.id, codelist: d.codelist });
    }
    dimensions
}
