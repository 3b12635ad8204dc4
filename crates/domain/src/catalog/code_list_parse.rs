//! Reading and checking code lists (`codelists/<id>.toml`): unique ids and names, labels in
//! every language, a hierarchy of parents without cycles, regions that are codes of the region
//! list.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::source::{for_each_parsed, CatalogProblem, FileProblems, RawLabels, SourceFile};
use super::{code_names, Code, CodeList, REGION_LIST};
use crate::label::normalize_label;
use crate::observation::TOTAL_CODE;

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
    region: Option<String>,
    #[serde(default)]
    unknown: bool,
    #[serde(flatten)]
    labels: BTreeMap<String, toml::Value>,
}

/// Reads and checks every code list file, by list id.
pub(super) fn parse_code_lists(
    files: &[&SourceFile],
    languages: &[String],
    problems: &mut Vec<CatalogProblem>,
) -> BTreeMap<String, CodeList> {
    let mut code_lists = BTreeMap::new();
    let mut regions = Vec::new();
    for_each_parsed(files, problems, |p, raw| {
        let (list, lines) = check_code_list(p, raw, languages);
        for (code, line) in list.codes.iter().zip(lines) {
            if let Some(region) = &code.region {
                regions.push(NamedRegion {
                    file: p.path().to_string(),
                    line,
                    code: code.id.clone(),
                    region: region.clone(),
                });
            }
        }
        code_lists.insert(list.id.clone(), list);
    });
    check_regions(&code_lists, regions, problems);
    code_lists
}

/// A code's region, where it was written.
struct NamedRegion {
    file: String,
    line: usize,
    code: String,
    region: String,
}

/// Every region a code names is a code of the region list.
fn check_regions(
    code_lists: &BTreeMap<String, CodeList>,
    named: Vec<NamedRegion>,
    problems: &mut Vec<CatalogProblem>,
) {
    let regions = code_lists.get(REGION_LIST);
    for n in named.into_iter().filter(|n| regions.is_none_or(|list| list.get(&n.region).is_none())) {
        problems.push(CatalogProblem {
            file: n.file,
            line: n.line,
            message: format!(
                "code {:?} lies in region {:?}, which is not a code of the {REGION_LIST:?} code list",
                n.code, n.region
            ),
        });
    }
}

/// The list, and the line of each of its codes.
fn check_code_list(
    p: &mut FileProblems<'_>,
    raw: RawCodeList,
    languages: &[String],
) -> (CodeList, Vec<usize>) {
    let list_offset = raw.id.span().start;
    let list_id = raw.id.into_inner();
    p.file_id(list_offset, "code list", &list_id);
    let name =
        p.labels(raw.name.span().start, &format!("code list {list_id:?}"), raw.name.get_ref(), languages);
    let description = raw.description.as_ref().map(|d| {
        p.labels(d.span().start, &format!("the description of code list {list_id:?}"), d.get_ref(), languages)
    });
    if raw.code.is_empty() {
        p.at(list_offset, format!("code list {list_id:?} has no codes"));
    }
    let mut codes = CodesRead::default();
    for spanned in raw.code {
        codes.add(p, spanned, languages);
    }
    codes.check_hierarchy(p);
    let lines = codes.offsets.iter().map(|&o| p.line_of(o)).collect();
    (CodeList::new(list_id, name, description, codes.codes), lines)
}

/// The codes of a list read so far, with where each stands and the ids and names taken.
#[derive(Default)]
struct CodesRead {
    codes: Vec<Code>,
    offsets: Vec<usize>,
    by_id: HashMap<String, usize>,
    /// Normalised name (id, label or alias) → the code it names.
    by_name: HashMap<String, usize>,
}

impl CodesRead {
    /// Checks one code against those before it, and keeps it.
    fn add(&mut self, p: &mut FileProblems<'_>, spanned: Spanned<RawCode>, languages: &[String]) {
        let offset = spanned.span().start;
        let raw = spanned.into_inner();
        let what = format!("code {:?}", raw.id);
        if raw.id == TOTAL_CODE {
            p.at(offset, format!("code id {TOTAL_CODE:?} is reserved for control values"));
        } else {
            p.id(offset, "code", &raw.id);
        }
        let duplicate = self.by_id.get(&raw.id).copied();
        if let Some(first) = duplicate {
            p.at(
                offset,
                format!(
                    "code {:?} is defined twice (first at line {})",
                    raw.id,
                    p.line_of(self.offsets[first])
                ),
            );
        }
        let labels = text_labels(p, offset, &what, &raw.labels);
        let labels = p.labels(offset, &what, &labels, languages);
        let index = self.codes.len();
        self.by_id.entry(raw.id.clone()).or_insert(index);
        let code = Code {
            id: raw.id,
            labels,
            parent: raw.parent,
            aliases: raw.aliases,
            note: raw.note,
            region: raw.region,
            unknown: raw.unknown,
        };
        // A duplicated code shares every name with its first definition; one problem says it all.
        if duplicate.is_none() {
            self.claim_names(p, offset, &what, &code, index);
        }
        self.codes.push(code);
        self.offsets.push(offset);
    }

    /// Registers the names of code `index`; a name another code already has is a problem
    /// (names are what a printed label is matched by).
    fn claim_names(
        &mut self,
        p: &mut FileProblems<'_>,
        offset: usize,
        what: &str,
        code: &Code,
        index: usize,
    ) {
        let mut own_names = HashSet::new();
        for printed in code_names(code) {
            let normal = normalize_label(printed);
            if normal.is_empty() || !own_names.insert(normal.clone()) {
                continue;
            }
            match self.by_name.get(&normal) {
                Some(&other) if other != index => p.at(
                    offset,
                    format!(
                        "{what}: the name {printed:?} also names code {:?} (line {}); names are compared ignoring case, accents and punctuation",
                        self.codes.get(other).map_or("?", |c: &Code| c.id.as_str()),
                        p.line_of(self.offsets[other])
                    ),
                ),
                _ => {
                    self.by_name.insert(normal, index);
                }
            }
        }
    }

    /// Every parent is a code of the list, and no code is its own ancestor.
    fn check_hierarchy(&self, p: &mut FileProblems<'_>) {
        let (codes, by_id) = (&self.codes, &self.by_id);
        for (code, &offset) in codes.iter().zip(&self.offsets) {
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
                    p.at(
                        offset,
                        format!("code {:?} is its own ancestor (the parents form a cycle)", code.id),
                    );
                    break;
                }
                match codes[by_id[&current]].parent.as_ref().filter(|p| by_id.contains_key(*p)) {
                    Some(next) => current = next.clone(),
                    None => break,
                }
            }
        }
    }
}

/// A code's language keys as text; a key holding anything but text is a problem.
fn text_labels(
    p: &mut FileProblems<'_>,
    offset: usize,
    what: &str,
    raw: &BTreeMap<String, toml::Value>,
) -> RawLabels {
    let mut labels = RawLabels::new();
    for (key, value) in raw {
        match value.as_str() {
            Some(text) => {
                labels.insert(key.clone(), text.to_string());
            }
            None => p.at(offset, format!("{what}: {key:?} must be a text label, found {}", value.type_str())),
        }
    }
    labels
}
