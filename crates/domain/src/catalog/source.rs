//! Where catalog text comes from and where its problems are: the source files, the located
//! problems, and the checks every stage of parsing shares (ids, labels, suggestions).
//!
//! A leaf: the stages (`*_parse.rs`) import it, and it imports none of them.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use crate::label::Labels;

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

impl CatalogProblem {
    /// A problem of a file as a whole (line 0).
    pub(super) fn whole_file(file: &str, message: impl Into<String>) -> Self {
        CatalogProblem { file: file.to_string(), line: 0, message: message.into() }
    }
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

/// Labels as written: language → text.
pub(super) type RawLabels = BTreeMap<String, String>;

/// Languages a label may carry beyond the catalog's required ones.
const OPTIONAL_LANGUAGES: [&str; 1] = ["de"];

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

    /// A problem at the line holding byte `offset`.
    pub(super) fn at(&mut self, offset: usize, message: impl Into<String>) {
        let line = self.line_of(offset);
        self.out.push(CatalogProblem { file: self.file.path.clone(), line, message: message.into() });
    }

    /// A problem of the file as a whole.
    pub(super) fn whole(&mut self, message: impl Into<String>) {
        self.out.push(CatalogProblem::whole_file(&self.file.path, message));
    }

    pub(super) fn path(&self) -> &str {
        &self.file.path
    }

    /// The file's name without folder and `.toml`: what a code list, cube or record schema id
    /// must be.
    pub(super) fn file_stem(&self) -> &str {
        file_stem(&self.file.path)
    }

    /// The file's text as TOML of shape `T`, or `None` after reporting why it is not.
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

    /// Checks that an id is made of the characters ids may use.
    pub(super) fn id(&mut self, offset: usize, what: &str, id: &str) {
        if !is_valid_id(id) {
            self.at(
                offset,
                format!("{what} id {id:?} is not valid: expected a letter or digit, then letters, digits, '_', '.' or '-'"),
            );
        }
    }

    /// Checks an id that must be valid and new among `seen` (which it joins).
    pub(super) fn unique_id(&mut self, offset: usize, what: &str, id: &str, seen: &mut HashSet<String>) {
        self.id(offset, what, id);
        if !seen.insert(id.to_string()) {
            self.at(offset, format!("{what} {id:?} is defined twice"));
        }
    }

    /// Checks the id of a thing that has a file of its own (a code list, a cube, a record
    /// schema): valid, and the file's name.
    pub(super) fn file_id(&mut self, offset: usize, what: &str, id: &str) {
        self.id(offset, what, id);
        let stem = self.file_stem();
        if id != stem {
            let message = format!("{what} id {id:?} does not match its file name (expected {stem:?})");
            self.at(offset, message);
        }
    }
}

/// Reads each file as TOML of shape `T` and hands it to `check` with the file's problems; a
/// file that is not such TOML has its problem reported and is passed over.
pub(super) fn for_each_parsed<T: serde::de::DeserializeOwned>(
    files: &[&SourceFile],
    problems: &mut Vec<CatalogProblem>,
    mut check: impl FnMut(&mut FileProblems<'_>, T),
) {
    for file in files {
        let mut p = FileProblems::new(file, problems);
        if let Some(raw) = p.parse::<T>() {
            check(&mut p, raw);
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

/// The three ids among `known` closest to `wanted`, best first (ties in id order), for "did
/// you mean" messages.
pub(super) fn closest_ids<'k>(known: impl Iterator<Item = &'k String>, wanted: &str) -> Vec<&'k str> {
    let mut scored: Vec<(f64, &str)> = known.map(|k| (strsim::jaro_winkler(k, wanted), k.as_str())).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}
