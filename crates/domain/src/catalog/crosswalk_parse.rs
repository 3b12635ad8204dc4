//! Reading and checking crosswalks (`crosswalks/<destination>.toml`): every cube, dimension,
//! code list and code they name exists in the catalog, every leaf code of a mapped code list is
//! mapped or listed as unmapped with its reason in every language (nothing is dropped
//! silently), and every mapping names a source the file declares.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::context::Context;
use super::crosswalk::{
    CodeMap, Crosswalk, CrosswalkSource, CubeMap, CubeTarget, DestinationTable, ExportFormat, Verification,
};
use super::source::{closest_ids, for_each_parsed, CatalogProblem, FileProblems, RawLabels, SourceFile};
use super::CodeList;

/// The folder of the crosswalk files.
pub(super) const CROSSWALK_DIR: &str = "crosswalks/";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrosswalk {
    destination: Spanned<RawDestination>,
    #[serde(default)]
    source: Vec<Spanned<RawSource>>,
    #[serde(default)]
    table: Vec<Spanned<RawTable>>,
    #[serde(default)]
    codes: Vec<Spanned<RawCodes>>,
    #[serde(default)]
    cube: Vec<Spanned<RawCube>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDestination {
    id: String,
    name: RawLabels,
    format: String,
    verified: bool,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    url: String,
    title: String,
    read: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    id: String,
    title: String,
    #[serde(default)]
    dimensions: Vec<String>,
    article: Option<String>,
    source: String,
    verified: Option<bool>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodes {
    codelist: String,
    dimension: String,
    source: String,
    verified: Option<bool>,
    note: Option<String>,
    #[serde(default)]
    identity: bool,
    #[serde(default)]
    map: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    unmapped: Vec<Spanned<RawUnmapped>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnmapped {
    code: String,
    reason: RawLabels,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCube {
    cube: String,
    table: Option<String>,
    #[serde(default)]
    dimensions: BTreeMap<String, String>,
    #[serde(default)]
    fixed: BTreeMap<String, String>,
    #[serde(default)]
    filter: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    summed: Vec<String>,
    reason: Option<RawLabels>,
    source: String,
    verified: Option<bool>,
    note: Option<String>,
}

/// Reads and checks every crosswalk file, by destination id.
pub(super) fn parse_crosswalks(
    files: &[&SourceFile],
    ctx: &Context<'_>,
    problems: &mut Vec<CatalogProblem>,
) -> BTreeMap<String, Crosswalk> {
    let mut out = BTreeMap::new();
    for_each_parsed::<RawCrosswalk>(files, problems, |p, raw| {
        let crosswalk = check_crosswalk(p, raw, ctx);
        out.insert(crosswalk.id.clone(), crosswalk);
    });
    out
}

fn check_crosswalk(p: &mut FileProblems<'_>, raw: RawCrosswalk, ctx: &Context<'_>) -> Crosswalk {
    let at = raw.destination.span().start;
    let dest = raw.destination.into_inner();
    p.file_id(at, "destination", &dest.id);
    let name = p.labels(at, "destination name", &dest.name, ctx.languages);
    let format = ExportFormat::parse(&dest.format).unwrap_or_else(|| {
        p.at(
            at,
            format!(
                "destination {:?}: format {:?} is neither \"sdmx\" nor \"workbook\"",
                dest.id, dest.format
            ),
        );
        ExportFormat::Workbook
    });
    let verification = check_verification(
        p,
        at,
        &format!("destination {:?}", dest.id),
        Some(dest.verified),
        dest.note.clone(),
        None,
    );

    let mut sources = Vec::new();
    let mut seen = HashSet::new();
    for s in raw.source {
        let at = s.span().start;
        let s = s.into_inner();
        p.unique_id(at, "source", &s.id, &mut seen);
        for (field, value) in [("url", &s.url), ("title", &s.title), ("read", &s.read)] {
            if value.trim().is_empty() {
                p.at(at, format!("source {:?} has an empty {field}", s.id));
            }
        }
        if !s.url.starts_with("https://") && !s.url.starts_with("http://") {
            p.at(at, format!("source {:?}: url {:?} is not a web address", s.id, s.url));
        }
        sources.push(CrosswalkSource { id: s.id, url: s.url, title: s.title, read: s.read });
    }
    if sources.is_empty() {
        p.at(
            at,
            format!(
                "destination {:?} names no [[source]]: every mapping must say where it was read",
                dest.id
            ),
        );
    }
    let source_ids: Vec<String> = sources.iter().map(|s| s.id.clone()).collect();

    let mut tables = Vec::new();
    let mut seen = HashSet::new();
    for t in raw.table {
        let at = t.span().start;
        let t = t.into_inner();
        p.unique_id(at, "table", &t.id, &mut seen);
        check_source(p, at, &format!("table {:?}", t.id), &t.source, &source_ids);
        let what = format!("table {:?}", t.id);
        let verification = check_verification(p, at, &what, t.verified, t.note, Some(&dest));
        tables.push(DestinationTable {
            id: t.id,
            title: t.title,
            dimensions: t.dimensions,
            article: t.article,
            source: t.source,
            verification,
        });
    }
    let dimensions: BTreeSet<String> = tables.iter().flat_map(|t| t.dimensions.iter().cloned()).collect();

    let mut code_maps: Vec<CodeMap> = Vec::new();
    for c in raw.codes {
        let at = c.span().start;
        let c = c.into_inner();
        if let Some(map) = check_codes(p, at, c, ctx, &dimensions, &source_ids, &dest) {
            if code_maps.iter().any(|m| m.codelist == map.codelist && m.dimension == map.dimension) {
                p.at(at, format!("code list {:?} is mapped onto {:?} twice", map.codelist, map.dimension));
            }
            code_maps.push(map);
        }
    }

    let mut cubes: Vec<CubeMap> = Vec::new();
    for c in raw.cube {
        let at = c.span().start;
        let c = c.into_inner();
        if cubes.iter().any(|m| m.cube == c.cube) {
            p.at(at, format!("cube {:?} is mapped twice", c.cube));
        }
        if let Some(map) = check_cube(p, at, c, ctx, &tables, &code_maps, &source_ids, &dest) {
            cubes.push(map);
        }
    }
    Crosswalk { id: dest.id, name, format, verification, sources, tables, code_maps, cubes }
}

/// A mapping's verification: its own, or the destination's when it says none. Unverified
/// needs a note saying what was assumed.
fn check_verification(
    p: &mut FileProblems<'_>,
    at: usize,
    what: &str,
    verified: Option<bool>,
    note: Option<String>,
    dest: Option<&RawDestination>,
) -> Verification {
    let verified = verified.or(dest.map(|d| d.verified)).unwrap_or(false);
    let note = note.filter(|n| !n.trim().is_empty());
    let note = note.or_else(|| dest.and_then(|d| d.note.clone()));
    if !verified && note.is_none() {
        p.at(at, format!("{what} is not verified but has no note saying what was assumed"));
    }
    Verification { verified, note }
}

fn check_source(p: &mut FileProblems<'_>, at: usize, what: &str, source: &str, known: &[String]) {
    if !known.iter().any(|s| s == source) {
        let close = closest_ids(known.iter(), source);
        p.at(
            at,
            format!(
                "{what} names source {source:?}, which no [[source]] declares (closest: {})",
                close.join(", ")
            ),
        );
    }
}

fn unknown_code(list: &CodeList, code: &str) -> String {
    let close: Vec<&str> = list.closest(code, 3).iter().map(|c| c.id.as_str()).collect();
    format!("{code:?} is not a code of {:?} (closest: {})", list.id, close.join(", "))
}

#[allow(clippy::too_many_arguments)]
fn check_codes(
    p: &mut FileProblems<'_>,
    at: usize,
    raw: RawCodes,
    ctx: &Context<'_>,
    dimensions: &BTreeSet<String>,
    sources: &[String],
    dest: &RawDestination,
) -> Option<CodeMap> {
    let what = format!("codes {:?} → {:?}", raw.codelist, raw.dimension);
    check_source(p, at, &what, &raw.source, sources);
    if !dimensions.contains(&raw.dimension) {
        let close = closest_ids(dimensions.iter(), &raw.dimension);
        p.at(
            at,
            format!(
                "{what}: {:?} is a dimension of no [[table]] (closest: {})",
                raw.dimension,
                close.join(", ")
            ),
        );
    }
    let verification = check_verification(p, at, &what, raw.verified, raw.note, Some(dest));
    let Some(list) = ctx.code_lists.get(&raw.codelist) else {
        let close = closest_ids(ctx.code_lists.keys(), &raw.codelist);
        p.at(
            at,
            format!("{:?} is not a code list of the catalog (closest: {})", raw.codelist, close.join(", ")),
        );
        return None;
    };
    let mut map = BTreeMap::new();
    for (code, to) in raw.map {
        let line_at = to.span().start;
        if list.get(&code).is_none() {
            p.at(line_at, format!("{what}: {}", unknown_code(list, &code)));
        }
        if to.get_ref().trim().is_empty() {
            p.at(line_at, format!("{what}: {code:?} maps to an empty code"));
        }
        map.insert(code, to.into_inner());
    }
    let mut unmapped = BTreeMap::new();
    for u in raw.unmapped {
        let line_at = u.span().start;
        let u = u.into_inner();
        if list.get(&u.code).is_none() {
            p.at(line_at, format!("{what}: {}", unknown_code(list, &u.code)));
        }
        if map.contains_key(&u.code) {
            p.at(line_at, format!("{what}: {:?} is both mapped and listed as unmapped", u.code));
        }
        let reason =
            p.labels(line_at, &format!("the reason {:?} is unmapped", u.code), &u.reason, ctx.languages);
        if unmapped.insert(u.code.clone(), reason).is_some() {
            p.at(line_at, format!("{what}: {:?} is listed as unmapped twice", u.code));
        }
    }
    if !raw.identity {
        let missing: Vec<&str> = list
            .leaves()
            .map(|c| c.id.as_str())
            .filter(|c| !map.contains_key(*c) && !unmapped.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            p.at(
                at,
                format!(
                    "{what}: {} neither mapped nor listed as unmapped with a reason (nothing may be dropped silently): {}",
                    if missing.len() == 1 { "a leaf code is" } else { "leaf codes are" },
                    missing.join(", ")
                ),
            );
        }
    }
    Some(CodeMap {
        codelist: raw.codelist,
        dimension: raw.dimension,
        identity: raw.identity,
        map,
        unmapped,
        source: raw.source,
        verification,
    })
}

#[allow(clippy::too_many_arguments)]
fn check_cube(
    p: &mut FileProblems<'_>,
    at: usize,
    raw: RawCube,
    ctx: &Context<'_>,
    tables: &[DestinationTable],
    code_maps: &[CodeMap],
    sources: &[String],
    dest: &RawDestination,
) -> Option<CubeMap> {
    let what = format!("cube {:?}", raw.cube);
    check_source(p, at, &what, &raw.source, sources);
    let verification = check_verification(p, at, &what, raw.verified, raw.note, Some(dest));
    let Some(cube) = ctx.cubes.get(&raw.cube) else {
        let close = closest_ids(ctx.cubes.keys(), &raw.cube);
        p.at(at, format!("{:?} is not a cube of the catalog (closest: {})", raw.cube, close.join(", ")));
        return None;
    };
    let target = match (raw.table, raw.reason) {
        (None, Some(reason)) => {
            if !raw.dimensions.is_empty()
                || !raw.fixed.is_empty()
                || !raw.filter.is_empty()
                || !raw.summed.is_empty()
            {
                p.at(at, format!("{what} is unmapped (it has a reason) but also maps dimensions"));
            }
            let reason =
                p.labels(at, &format!("the reason {:?} is unmapped", raw.cube), &reason, ctx.languages);
            CubeTarget::Unmapped { reason }
        }
        (Some(_), Some(_)) | (None, None) => {
            p.at(
                at,
                format!(
                    "{what} needs either a table (where it goes) or a reason (why it goes nowhere), not both"
                ),
            );
            return None;
        }
        (Some(table_id), None) => {
            let Some(table) = tables.iter().find(|t| t.id == table_id) else {
                let ids: Vec<String> = tables.iter().map(|t| t.id.clone()).collect();
                let close = closest_ids(ids.iter(), &table_id);
                p.at(
                    at,
                    format!(
                        "{what} goes to {table_id:?}, which no [[table]] declares (closest: {})",
                        close.join(", ")
                    ),
                );
                return None;
            };
            let cube_dims: Vec<String> = cube.dimensions.iter().map(|d| d.id.clone()).collect();
            let table_dims = &table.dimensions;
            let mut covered = BTreeSet::new();
            for (dim, to) in &raw.dimensions {
                let Some(d) = cube.dimension(dim) else {
                    let close = closest_ids(cube_dims.iter(), dim);
                    p.at(at, format!("{what} has no dimension {dim:?} (closest: {})", close.join(", ")));
                    continue;
                };
                covered.insert(dim.as_str());
                if !table_dims.contains(to) {
                    let close = closest_ids(table_dims.iter(), to);
                    p.at(
                        at,
                        format!(
                            "{what}: table {table_id:?} has no dimension {to:?} (closest: {})",
                            close.join(", ")
                        ),
                    );
                } else if !code_maps.iter().any(|m| m.codelist == d.codelist && m.dimension == *to) {
                    p.at(at, format!("{what}: dimension {dim:?} goes to {to:?}, but no [[codes]] maps code list {:?} onto {to:?}", d.codelist));
                }
            }
            for (dim, codes) in &raw.filter {
                let Some(d) = cube.dimension(dim) else {
                    let close = closest_ids(cube_dims.iter(), dim);
                    p.at(
                        at,
                        format!(
                            "{what}: filter names no dimension of the cube: {dim:?} (closest: {})",
                            close.join(", ")
                        ),
                    );
                    continue;
                };
                if !covered.insert(dim.as_str()) {
                    p.at(at, format!("{what}: dimension {dim:?} is both mapped and filtered"));
                }
                if let Some(list) = ctx.code_list_of(d) {
                    for code in codes.iter().filter(|c| list.get(c).is_none()) {
                        p.at(at, format!("{what}: filter: {}", unknown_code(list, code)));
                    }
                }
            }
            for dim in &raw.summed {
                if cube.dimension(dim).is_none() {
                    let close = closest_ids(cube_dims.iter(), dim);
                    p.at(
                        at,
                        format!(
                            "{what}: summed names no dimension of the cube: {dim:?} (closest: {})",
                            close.join(", ")
                        ),
                    );
                } else if !covered.insert(dim.as_str()) {
                    p.at(at, format!("{what}: dimension {dim:?} is summed and also mapped or filtered"));
                }
            }
            let left: Vec<&str> =
                cube_dims.iter().map(String::as_str).filter(|d| !covered.contains(d)).collect();
            if !left.is_empty() {
                p.at(at, format!("{what}: say what becomes of dimension(s) {} (map them under dimensions, or list them in filter or summed)", left.join(", ")));
            }
            for to in raw.fixed.keys() {
                if !table_dims.contains(to) {
                    let close = closest_ids(table_dims.iter(), to);
                    p.at(
                        at,
                        format!(
                            "{what}: fixed: table {table_id:?} has no dimension {to:?} (closest: {})",
                            close.join(", ")
                        ),
                    );
                }
            }
            let filled: BTreeSet<&String> = raw.dimensions.values().chain(raw.fixed.keys()).collect();
            let open: Vec<&str> =
                table_dims.iter().filter(|d| !filled.contains(d)).map(String::as_str).collect();
            if !open.is_empty() {
                p.at(at, format!("{what}: table {table_id:?} dimension(s) {} are neither mapped from the cube nor fixed", open.join(", ")));
            }
            CubeTarget::Table {
                table: table_id,
                dimensions: raw.dimensions,
                fixed: raw.fixed,
                filter: raw.filter,
                summed: raw.summed,
            }
        }
    };
    Some(CubeMap { cube: raw.cube, target, source: raw.source, verification })
}
