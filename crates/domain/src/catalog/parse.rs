//! Reading a catalog from its text files: every problem is reported with its file and line, all
//! of them in one pass, and a catalog with any problem is refused whole.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use super::rule_parse::RawRules;
use super::table_parse::RawTable;
use super::{Catalog, Code, CodeList, Cube, Cycle, Dimension, Flag, Measure};
use crate::label::{normalize_label, Labels};
use crate::observation::{columns, TOTAL_CODE};

/// One file of a catalog: its path relative to the catalog's root (`codelists/sex.toml`) and
/// its text. The caller reads files; this module only parses.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

/// A problem found while loading a catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogProblem {
    pub file: String,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for CatalogProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        }
    }
}

/// Languages a label may carry beyond the catalog's required ones.
const OPTIONAL_LANGUAGES: [&str; 1] = ["de"];
/// The code list that names the actors owning cubes.
const ACTOR_LIST: &str = "actor";

pub(super) type RawLabels = BTreeMap<String, String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    id: Spanned<String>,
    languages: Spanned<Vec<String>>,
    name: Spanned<RawLabels>,
    decimal_separator: Option<Spanned<RawLabels>>,
    table_word: Option<Spanned<RawLabels>>,
    period_word: Option<Spanned<RawLabels>>,
    #[serde(default)]
    texts: BTreeMap<String, Spanned<RawLabels>>,
    #[serde(default)]
    measure: Vec<Spanned<RawMeasure>>,
    #[serde(default)]
    flag: Vec<Spanned<RawFlag>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    id: String,
    decimals: u32,
    name: RawLabels,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlag {
    id: String,
    name: RawLabels,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCycles {
    #[serde(default)]
    cycle: Vec<Spanned<RawCycle>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCycle {
    id: String,
    periods: Vec<String>,
    #[serde(default)]
    context_periods: Vec<String>,
    name: RawLabels,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCodeList {
    id: Spanned<String>,
    name: Spanned<RawLabels>,
    description: Option<Spanned<RawLabels>>,
    #[serde(default)]
    code: Vec<Spanned<RawCode>>,
}

/// A code: its fixed keys, and one key per language for its label (flattened, so that a code
/// reads `nl = "…"` rather than `label.nl = "…"`).
#[derive(Deserialize)]
struct RawCode {
    id: String,
    parent: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    note: Option<String>,
    #[serde(flatten)]
    labels: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCube {
    id: Spanned<String>,
    owner: Spanned<String>,
    measure: Spanned<String>,
    name: Spanned<RawLabels>,
    description: Option<Spanned<RawLabels>>,
    #[serde(default)]
    dimension: Vec<Spanned<RawDimension>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDimension {
    id: String,
    codelist: String,
}

/// Collects problems for one file, turning byte offsets into line numbers.
pub(super) struct FileProblems<'a> {
    file: &'a SourceFile,
    line_starts: Vec<usize>,
    out: &'a mut Vec<CatalogProblem>,
}

impl<'a> FileProblems<'a> {
    pub(super) fn new(file: &'a SourceFile, out: &'a mut Vec<CatalogProblem>) -> Self {
        let line_starts =
            std::iter::once(0).chain(file.text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        FileProblems { file, line_starts, out }
    }

    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    pub(super) fn at(&mut self, offset: usize, message: impl Into<String>) {
        let line = self.line_of(offset);
        self.out.push(CatalogProblem { file: self.file.path.clone(), line, message: message.into() });
    }

    pub(super) fn file_stem(&self) -> &str {
        file_stem(&self.file.path)
    }

    pub(super) fn whole(&mut self, message: impl Into<String>) {
        self.out.push(CatalogProblem { file: self.file.path.clone(), line: 0, message: message.into() });
    }

    pub(super) fn parse<T: serde::de::DeserializeOwned>(&mut self) -> Option<T> {
        match toml::from_str(&self.file.text) {
            Ok(value) => Some(value),
            Err(e) => {
                let message = e.message().trim_end_matches('.').to_string();
                match e.span() {
                    Some(span) => self.at(span.start, message),
                    None => self.whole(message),
                }
                None
            }
        }
    }

    /// Checks that a label map has every required language and no unknown one.
    pub(super) fn labels(
        &mut self,
        offset: usize,
        what: &str,
        raw: &RawLabels,
        languages: &[String],
    ) -> Labels {
        for lang in languages {
            if raw.get(lang).is_none_or(|t| t.trim().is_empty()) {
                self.at(offset, format!("{what} has no label in {lang:?}"));
            }
        }
        for key in raw.keys() {
            if !languages.contains(key) && !OPTIONAL_LANGUAGES.contains(&key.as_str()) {
                self.at(
                    offset,
                    format!(
                        "{what} has a label in unknown language {key:?} (expected one of {})",
                        languages.join(", ")
                    ),
                );
            }
        }
        Labels(raw.clone())
    }

    pub(super) fn id(&mut self, offset: usize, what: &str, id: &str) {
        if !is_valid_id(id) {
            self.at(
                offset,
                format!("{what} id {id:?} is not valid: expected a letter or digit, then letters, digits, '_', '.' or '-'"),
            );
        }
    }
}

fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".toml").unwrap_or(name)
}

/// What table layouts, rules and record schemas are checked against: the parts of the catalog
/// read before them.
pub(super) struct Context<'a> {
    pub languages: &'a [String],
    pub code_lists: &'a BTreeMap<String, CodeList>,
    pub cubes: &'a BTreeMap<String, Cube>,
    /// Every period of every cycle.
    pub periods: &'a [&'a str],
}

/// A cube as read, with the offsets needed to check its references once all code lists are known.
struct PendingCube<'a> {
    file: &'a SourceFile,
    raw: RawCube,
}

impl Catalog {
    /// Parses and checks a catalog from its files. Returns every problem found, sorted by file
    /// and line, when there is any.
    pub fn parse(files: &[SourceFile]) -> Result<Catalog, Vec<CatalogProblem>> {
        let mut problems = Vec::new();
        let find = |path: &str| files.iter().find(|f| f.path == path);

        let mut manifest = None;
        let mut languages: Vec<String> = Vec::new();
        match find("catalog.toml") {
            Some(file) => {
                let mut p = FileProblems::new(file, &mut problems);
                if let Some(raw) = p.parse::<RawManifest>() {
                    languages = raw.languages.get_ref().clone();
                    if languages.is_empty() {
                        p.at(raw.languages.span().start, "a catalog needs at least one language");
                    }
                    manifest = Some(raw);
                }
            }
            None => problems.push(CatalogProblem {
                file: "catalog.toml".into(),
                line: 0,
                message: "the catalog has no catalog.toml (id, languages, measures)".into(),
            }),
        }

        let (mut id, mut name, mut measures, mut flags) =
            (String::new(), Labels::default(), Vec::new(), Vec::new());
        let (mut decimal_separator, mut table_word, mut period_word) =
            (Labels::default(), Labels::default(), Labels::default());
        let mut texts = BTreeMap::new();
        if let (Some(raw), Some(file)) = (manifest, find("catalog.toml")) {
            let mut p = FileProblems::new(file, &mut problems);
            p.id(raw.id.span().start, "catalog", raw.id.get_ref());
            id = raw.id.into_inner();
            name = p.labels(raw.name.span().start, "the catalog", raw.name.get_ref(), &languages);
            let mut optional = |field: &Option<Spanned<RawLabels>>, what: &str, default: &str| match field {
                Some(labels) => p.labels(labels.span().start, what, labels.get_ref(), &languages),
                None => Labels(languages.iter().map(|l| (l.clone(), default.to_string())).collect()),
            };
            decimal_separator = optional(&raw.decimal_separator, "decimal_separator", ".");
            table_word = optional(&raw.table_word, "table_word", "Table");
            period_word = optional(&raw.period_word, "period_word", "Period");
            for (key, labels) in &raw.texts {
                texts.insert(
                    key.clone(),
                    p.labels(labels.span().start, &format!("text {key:?}"), labels.get_ref(), &languages),
                );
            }
            let mut seen = HashSet::new();
            for m in raw.measure {
                let offset = m.span().start;
                let m = m.into_inner();
                p.id(offset, "measure", &m.id);
                if !seen.insert(m.id.clone()) {
                    p.at(offset, format!("measure {:?} is defined twice", m.id));
                }
                if m.decimals > 6 {
                    p.at(
                        offset,
                        format!("measure {:?} has {} decimals; at most 6 are supported", m.id, m.decimals),
                    );
                }
                let name = p.labels(offset, &format!("measure {:?}", m.id), &m.name, &languages);
                measures.push(Measure { id: m.id, decimals: m.decimals, name });
            }
            let mut seen = HashSet::new();
            for f in raw.flag {
                let offset = f.span().start;
                let f = f.into_inner();
                p.id(offset, "flag", &f.id);
                if !seen.insert(f.id.clone()) {
                    p.at(offset, format!("flag {:?} is defined twice", f.id));
                }
                let name = p.labels(offset, &format!("flag {:?}", f.id), &f.name, &languages);
                flags.push(Flag { id: f.id, name });
            }
        }

        let mut cycles = Vec::new();
        match find("cycles.toml") {
            Some(file) => {
                let mut p = FileProblems::new(file, &mut problems);
                if let Some(raw) = p.parse::<RawCycles>() {
                    let mut seen = HashSet::new();
                    for c in raw.cycle {
                        let offset = c.span().start;
                        let c = c.into_inner();
                        p.id(offset, "cycle", &c.id);
                        if !seen.insert(c.id.clone()) {
                            p.at(offset, format!("cycle {:?} is defined twice", c.id));
                        }
                        if c.periods.is_empty() {
                            p.at(offset, format!("cycle {:?} has no periods", c.id));
                        }
                        let mut periods_seen = HashSet::new();
                        for period in c.periods.iter().chain(&c.context_periods) {
                            if !periods_seen.insert(period) {
                                p.at(offset, format!("cycle {:?} lists period {period:?} twice", c.id));
                            }
                        }
                        let name = p.labels(offset, &format!("cycle {:?}", c.id), &c.name, &languages);
                        cycles.push(Cycle {
                            id: c.id,
                            periods: c.periods,
                            context_periods: c.context_periods,
                            name,
                        });
                    }
                }
            }
            None => problems.push(CatalogProblem {
                file: "cycles.toml".into(),
                line: 0,
                message: "the catalog has no cycles.toml (reporting cycles and their periods)".into(),
            }),
        }

        let mut code_lists = BTreeMap::new();
        let mut pending_cubes = Vec::new();
        let mut pending_tables: Vec<&SourceFile> = Vec::new();
        let mut pending_charts: Vec<&SourceFile> = Vec::new();
        let mut outline_file: Option<&SourceFile> = None;
        let mut pending_rules: Vec<&SourceFile> = Vec::new();
        for file in files {
            let path = file.path.as_str();
            if path == "catalog.toml" || path == "cycles.toml" || !path.ends_with(".toml") {
                continue;
            }
            if path.starts_with("codelists/") {
                if let Some(list) = parse_code_list(file, &languages, &mut problems) {
                    code_lists.insert(list.id.clone(), list);
                }
            } else if path.starts_with("tables/") {
                pending_tables.push(file);
            } else if path.starts_with("charts/") {
                pending_charts.push(file);
            } else if path == "outline.toml" {
                outline_file = Some(file);
            } else if path.starts_with("rules/") {
                pending_rules.push(file);
            } else if path.starts_with("records/") {
                // Record schemas are read after the cubes they derive (record_parse).
            } else if path.starts_with("cubes/") {
                let mut p = FileProblems::new(file, &mut problems);
                if let Some(raw) = p.parse::<RawCube>() {
                    pending_cubes.push(PendingCube { file, raw });
                }
            } else {
                problems.push(CatalogProblem {
                    file: path.to_string(),
                    line: 0,
                    message: "unexpected file: catalog files are catalog.toml, cycles.toml, codelists/*.toml, cubes/*.toml, tables/*.toml, charts/*.toml, rules/*.toml, records/*.toml and outline.toml".into(),
                });
            }
        }

        let mut cubes = BTreeMap::new();
        for PendingCube { file, raw } in pending_cubes {
            let mut p = FileProblems::new(file, &mut problems);
            if let Some(cube) = check_cube(&mut p, raw, &languages, &code_lists, &measures) {
                cubes.insert(cube.id.clone(), cube);
            }
        }

        let known_periods: Vec<&str> = cycles.iter().flat_map(|c| c.accepted_periods()).collect();
        let context = Context {
            languages: &languages,
            code_lists: &code_lists,
            cubes: &cubes,
            periods: &known_periods,
        };
        let layouts = |pending: Vec<&SourceFile>, kind: &str, problems: &mut Vec<CatalogProblem>| {
            let mut out = BTreeMap::new();
            let mut files: BTreeMap<u32, String> = BTreeMap::new();
            for file in pending {
                let mut p = FileProblems::new(file, problems);
                let Some(raw) = p.parse::<RawTable>() else { continue };
                if let Some(layout) = super::table_parse::check_table(&mut p, raw, &context, kind) {
                    if let Some(first) = files.get(&layout.number) {
                        p.whole(format!("{kind} {} is also defined in {first}", layout.number));
                        continue;
                    }
                    files.insert(layout.number, file.path.clone());
                    out.insert(layout.number, layout);
                }
            }
            out
        };
        let tables = layouts(pending_tables, "table", &mut problems);
        let charts = layouts(pending_charts, "chart", &mut problems);

        let outline = outline_file.and_then(|file| {
            let mut p = FileProblems::new(file, &mut problems);
            let raw = p.parse::<super::outline_parse::RawOutline>()?;
            Some(super::outline_parse::check_outline(&mut p, raw, &languages, &tables, &charts))
        });

        let mut rules = Vec::new();
        let mut rule_ids = HashSet::new();
        for file in pending_rules {
            let mut p = FileProblems::new(file, &mut problems);
            let Some(raw) = p.parse::<RawRules>() else { continue };
            rules.extend(super::rule_parse::check_rules(&mut p, raw, &context, &mut rule_ids));
        }

        let records = super::record_parse::parse_records(files, &context, &mut problems);

        if problems.is_empty() {
            Ok(Catalog {
                id,
                languages,
                name,
                decimal_separator,
                table_word,
                period_word,
                texts,
                measures,
                flags,
                cycles,
                code_lists,
                cubes,
                tables,
                charts,
                outline,
                rules,
                records,
            })
        } else {
            problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
            Err(problems)
        }
    }
}

fn parse_code_list(
    file: &SourceFile,
    languages: &[String],
    problems: &mut Vec<CatalogProblem>,
) -> Option<CodeList> {
    let mut p = FileProblems::new(file, problems);
    let raw = p.parse::<RawCodeList>()?;
    let list_offset = raw.id.span().start;
    let list_id = raw.id.get_ref().clone();
    p.id(list_offset, "code list", &list_id);
    if list_id != file_stem(&file.path) {
        p.at(
            list_offset,
            format!(
                "code list id {list_id:?} does not match its file name (expected {:?})",
                file_stem(&file.path)
            ),
        );
    }
    let name =
        p.labels(raw.name.span().start, &format!("code list {list_id:?}"), raw.name.get_ref(), languages);
    let description = raw.description.as_ref().map(|d| {
        p.labels(d.span().start, &format!("the description of code list {list_id:?}"), d.get_ref(), languages)
    });
    if raw.code.is_empty() {
        p.at(list_offset, format!("code list {list_id:?} has no codes"));
    }

    let mut codes = Vec::with_capacity(raw.code.len());
    let mut offsets = Vec::with_capacity(raw.code.len());
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for spanned in raw.code {
        let offset = spanned.span().start;
        let raw_code = spanned.into_inner();
        let what = format!("code {:?}", raw_code.id);
        if raw_code.id == TOTAL_CODE {
            p.at(offset, format!("code id {TOTAL_CODE:?} is reserved for control values"));
        } else {
            p.id(offset, "code", &raw_code.id);
        }
        let duplicate = by_id.get(&raw_code.id).copied();
        if let Some(first) = duplicate {
            p.at(
                offset,
                format!(
                    "code {:?} is defined twice (first at line {})",
                    raw_code.id,
                    p.line_of(offsets[first])
                ),
            );
        }
        let mut labels = RawLabels::new();
        for (key, value) in &raw_code.labels {
            match value.as_str() {
                Some(text) => {
                    labels.insert(key.clone(), text.to_string());
                }
                None => {
                    p.at(offset, format!("{what}: {key:?} must be a text label, found {}", value.type_str()))
                }
            }
        }
        let labels = p.labels(offset, &what, &labels, languages);
        let index = codes.len();
        by_id.entry(raw_code.id.clone()).or_insert(index);
        let code = Code {
            id: raw_code.id,
            labels,
            parent: raw_code.parent,
            aliases: raw_code.aliases,
            note: raw_code.note,
        };
        let mut own_names = HashSet::new();
        // A duplicated code shares every name with its first definition; one problem says it all.
        let names_to_check =
            if duplicate.is_some() { Vec::new() } else { super::code_names(&code).collect() };
        for printed in names_to_check {
            let normal = normalize_label(printed);
            if normal.is_empty() || !own_names.insert(normal.clone()) {
                continue;
            }
            match by_name.get(&normal) {
                Some(&other) if other != index => p.at(
                    offset,
                    format!(
                        "{what}: the name {printed:?} also names code {:?} (line {}); names are compared ignoring case, accents and punctuation",
                        codes.get(other).map_or("?", |c: &Code| c.id.as_str()),
                        p.line_of(offsets[other])
                    ),
                ),
                _ => {
                    by_name.insert(normal, index);
                }
            }
        }
        codes.push(code);
        offsets.push(offset);
    }

    for (code, &offset) in codes.iter().zip(&offsets) {
        let Some(parent) = &code.parent else { continue };
        if !by_id.contains_key(parent) {
            p.at(
                offset,
                format!("code {:?} has parent {parent:?}, which is not a code of this list", code.id),
            );
            continue;
        }
        // Walk up; coming back to the code means the hierarchy has a cycle.
        let mut current = parent.clone();
        for _ in 0..codes.len() {
            if current == code.id {
                p.at(offset, format!("code {:?} is its own ancestor (the parents form a cycle)", code.id));
                break;
            }
            match codes[by_id[&current]].parent.as_ref().filter(|p| by_id.contains_key(*p)) {
                Some(next) => current = next.clone(),
                None => break,
            }
        }
    }

    Some(CodeList::new(list_id, name, description, codes))
}

fn check_cube(
    p: &mut FileProblems<'_>,
    raw: RawCube,
    languages: &[String],
    code_lists: &BTreeMap<String, CodeList>,
    measures: &[Measure],
) -> Option<Cube> {
    let offset = raw.id.span().start;
    let id = raw.id.into_inner();
    p.id(offset, "cube", &id);
    if id != file_stem(&p.file.path) {
        p.at(
            offset,
            format!("cube id {id:?} does not match its file name (expected {:?})", file_stem(&p.file.path)),
        );
    }
    let name = p.labels(raw.name.span().start, &format!("cube {id:?}"), raw.name.get_ref(), languages);
    let description = raw.description.as_ref().map(|d| {
        p.labels(d.span().start, &format!("the description of cube {id:?}"), d.get_ref(), languages)
    });
    let owner_offset = raw.owner.span().start;
    let owner = raw.owner.into_inner();
    match code_lists.get(ACTOR_LIST) {
        Some(actors) if actors.get(&owner).is_some() => {}
        Some(actors) => {
            let closest: Vec<&str> = actors.closest(&owner, 3).iter().map(|c| c.id.as_str()).collect();
            p.at(owner_offset, format!("cube {id:?} has owner {owner:?}, which is not a code of the {ACTOR_LIST:?} code list (closest: {})", closest.join(", ")));
        }
        None => p.at(
            owner_offset,
            format!("cube {id:?} has owner {owner:?}, but the catalog has no {ACTOR_LIST:?} code list"),
        ),
    }
    let measure_offset = raw.measure.span().start;
    let measure = raw.measure.into_inner();
    if !measures.iter().any(|m| m.id == measure) {
        let known: Vec<&str> = measures.iter().map(|m| m.id.as_str()).collect();
        p.at(
            measure_offset,
            format!("cube {id:?} has unknown measure {measure:?} (expected one of: {})", known.join(", ")),
        );
    }
    let mut dimensions = Vec::new();
    for d in raw.dimension {
        let d_offset = d.span().start;
        let d = d.into_inner();
        p.id(d_offset, "dimension", &d.id);
        if columns::RESERVED.contains(&d.id.as_str()) {
            p.at(
                d_offset,
                format!(
                    "dimension {:?} has the name of an import column; choose another (reserved: {})",
                    d.id,
                    columns::RESERVED.join(", ")
                ),
            );
        }
        if dimensions.iter().any(|x: &Dimension| x.id == d.id) {
            p.at(d_offset, format!("cube {id:?} has dimension {:?} twice", d.id));
        }
        if !code_lists.contains_key(&d.codelist) {
            let mut known: Vec<(f64, &str)> =
                code_lists.keys().map(|k| (strsim::jaro_winkler(k, &d.codelist), k.as_str())).collect();
            known.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
            let closest: Vec<&str> = known.iter().take(3).map(|(_, k)| *k).collect();
            p.at(
                d_offset,
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
    Some(Cube { id, owner, measure, name, description, dimensions })
}
