//! Reading a catalog from its text files: every problem is reported with its file and line, all
//! of them in one pass, and a catalog with any problem is refused whole.
//!
//! The stages run in the order their parts depend on each other: the manifest (languages,
//! measures), the cycles (periods), the code lists, the cubes (on code lists and measures), then
//! the table and chart layouts, the outline, the rules and the record schemas (on all of those), the identity policy, the disclosure policy and the crosswalks to international destinations.
//! Each stage lives in its own `*_parse.rs` and reports the problems of its own files.

use super::code_list_parse::parse_code_lists;
use super::context::Context;
use super::crosswalk_parse::{parse_crosswalks, CROSSWALK_DIR};
use super::cube_parse::parse_cubes;
use super::cycle_parse::{parse_cycles, CYCLES_FILE};
use super::disclosure_parse::{parse_disclosure, DISCLOSURE_FILE};
use super::identity_parse::{parse_identity, IDENTITY_FILE};
use super::manifest_parse::{parse_manifest, MANIFEST_FILE};
use super::outline_parse::parse_outline;
use super::record_parse::parse_records;
use super::rule_parse::parse_rules;
use super::source::{CatalogProblem, SourceFile};
use super::table_parse::parse_layouts;
use super::Catalog;

/// The file that holds the report's outline.
const OUTLINE_FILE: &str = "outline.toml";

impl Catalog {
    /// Parses and checks a catalog from its files. Returns every problem found, sorted by file
    /// and line, when there is any.
    pub fn parse(files: &[SourceFile]) -> Result<Catalog, Vec<CatalogProblem>> {
        let mut problems = Vec::new();
        let files = CatalogFiles::sort(files, &mut problems);
        let mut catalog = parse_manifest(files.manifest, &mut problems);
        let languages = &catalog.languages;
        catalog.cycles = parse_cycles(files.cycles, languages, &mut problems);
        catalog.code_lists = parse_code_lists(&files.code_lists, languages, &mut problems);
        catalog.cubes =
            parse_cubes(&files.cubes, languages, &catalog.code_lists, &catalog.measures, &mut problems);
        check_owed_cubes(&catalog, &mut problems);

        let periods: Vec<&str> = catalog.cycles.iter().flat_map(|c| c.accepted_periods()).collect();
        let context = Context {
            languages: &catalog.languages,
            code_lists: &catalog.code_lists,
            cubes: &catalog.cubes,
            periods: &periods,
        };
        let tables = parse_layouts(&files.tables, "table", &context, &mut problems);
        let charts = parse_layouts(&files.charts, "chart", &context, &mut problems);
        let outline = parse_outline(files.outline, context.languages, &tables, &charts, &mut problems);
        let rules = parse_rules(&files.rules, &context, &mut problems);
        let records = parse_records(&files.records, &context, &mut problems);
        let identity = parse_identity(files.identity, &catalog.languages, &mut problems);
        let disclosure =
            parse_disclosure(files.disclosure, &catalog.languages, &catalog.cubes, &mut problems);
        let crosswalks = parse_crosswalks(&files.crosswalks, &context, &mut problems);

        if !problems.is_empty() {
            problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            return Err(problems);
        }
        Ok(Catalog { tables, charts, outline, rules, records, identity, disclosure, crosswalks, ..catalog })
    }
}

/// A cycle owes only cubes of the catalog.
fn check_owed_cubes(catalog: &Catalog, problems: &mut Vec<CatalogProblem>) {
    for cycle in &catalog.cycles {
        for cube in cycle.owed.exceptions.keys().filter(|c| !catalog.cubes.contains_key(*c)) {
            problems.push(CatalogProblem::whole_file(
                CYCLES_FILE,
                format!("cycle {:?} owes {cube:?}, which is not a cube of the catalog", cycle.id),
            ));
        }
    }
}

/// A catalog's files sorted by what they hold (each list in the order given).
#[derive(Default)]
struct CatalogFiles<'a> {
    manifest: Option<&'a SourceFile>,
    cycles: Option<&'a SourceFile>,
    code_lists: Vec<&'a SourceFile>,
    cubes: Vec<&'a SourceFile>,
    tables: Vec<&'a SourceFile>,
    charts: Vec<&'a SourceFile>,
    outline: Option<&'a SourceFile>,
    rules: Vec<&'a SourceFile>,
    records: Vec<&'a SourceFile>,
    identity: Option<&'a SourceFile>,
    disclosure: Option<&'a SourceFile>,
    crosswalks: Vec<&'a SourceFile>,
}

impl<'a> CatalogFiles<'a> {
    /// Sorts the files by path; files other than `.toml` are passed over, and a `.toml` file
    /// where the catalog has none is a problem. Of two manifests or cycle files the first
    /// counts, of two outlines the last.
    fn sort(files: &'a [SourceFile], problems: &mut Vec<CatalogProblem>) -> Self {
        let mut sorted = CatalogFiles::default();
        for file in files {
            let path = file.path.as_str();
            if path == MANIFEST_FILE {
                sorted.manifest = sorted.manifest.or(Some(file));
            } else if path == CYCLES_FILE {
                sorted.cycles = sorted.cycles.or(Some(file));
            } else if path == IDENTITY_FILE {
                sorted.identity = sorted.identity.or(Some(file));
            } else if path == DISCLOSURE_FILE {
                sorted.disclosure = sorted.disclosure.or(Some(file));
            } else if !path.ends_with(".toml") {
                continue;
            } else if path.starts_with("codelists/") {
                sorted.code_lists.push(file);
            } else if path.starts_with("tables/") {
                sorted.tables.push(file);
            } else if path.starts_with("charts/") {
                sorted.charts.push(file);
            } else if path == OUTLINE_FILE {
                sorted.outline = Some(file);
            } else if path.starts_with("rules/") {
                sorted.rules.push(file);
            } else if path.starts_with("records/") {
                sorted.records.push(file);
            } else if path.starts_with("cubes/") {
                sorted.cubes.push(file);
            } else if path.starts_with(CROSSWALK_DIR) {
                sorted.crosswalks.push(file);
            } else {
                problems.push(CatalogProblem::whole_file(
                    path,
                    "unexpected file: catalog files are catalog.toml, cycles.toml, codelists/*.toml, cubes/*.toml, tables/*.toml, charts/*.toml, rules/*.toml, records/*.toml, crosswalks/*.toml, identity.toml, disclosure.toml and outline.toml",
                ));
            }
        }
        sorted
    }
}
