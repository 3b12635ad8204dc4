//! Reading and checking the manifest (`catalog.toml`): the catalog's id, languages and name,
//! the fixed words of its outputs, its measures, flags and the markers of a cell owed without a
//! value.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::source::{CatalogProblem, FileProblems, RawLabels, SourceFile};
use super::{Catalog, Flag, Measure};
use crate::label::Labels;
use crate::status::{ObsStatus, StatusMarker};

/// The manifest's file.
pub(super) const MANIFEST_FILE: &str = "catalog.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    id: Spanned<String>,
    languages: Spanned<Vec<String>>,
    name: Spanned<RawLabels>,
    decimal_separator: Option<Spanned<RawLabels>>,
    group_separator: Option<Spanned<RawLabels>>,
    table_word: Option<Spanned<RawLabels>>,
    period_word: Option<Spanned<RawLabels>>,
    #[serde(default)]
    texts: BTreeMap<String, Spanned<RawLabels>>,
    #[serde(default)]
    measure: Vec<Spanned<RawMeasure>>,
    #[serde(default)]
    flag: Vec<Spanned<RawFlag>>,
    #[serde(default)]
    status: Vec<Spanned<RawStatus>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStatus {
    id: String,
    markers: Vec<String>,
    sign: String,
    name: RawLabels,
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

/// Reads and checks the manifest, `file` being `catalog.toml` if the catalog has one: a catalog
/// holding what the manifest says (id, languages, name, words, measures, flags), which the later
/// stages fill in. Nothing more when the file is missing or unreadable (its problem is reported,
/// and the other files are still checked).
pub(super) fn parse_manifest(file: Option<&SourceFile>, problems: &mut Vec<CatalogProblem>) -> Catalog {
    let Some(file) = file else {
        problems.push(CatalogProblem::whole_file(
            MANIFEST_FILE,
            "the catalog has no catalog.toml (id, languages, measures)",
        ));
        return Catalog::empty();
    };
    let mut p = FileProblems::new(file, problems);
    let Some(raw) = p.parse::<RawManifest>() else { return Catalog::empty() };
    let languages = raw.languages.get_ref().clone();
    if languages.is_empty() {
        p.at(raw.languages.span().start, "a catalog needs at least one language");
    }
    p.id(raw.id.span().start, "catalog", raw.id.get_ref());
    let name = p.labels(raw.name.span().start, "the catalog", raw.name.get_ref(), &languages);
    let mut word = |field: &Option<Spanned<RawLabels>>, what: &str, default: &str| {
        output_word(&mut p, field, what, default, &languages)
    };
    let decimal_separator = word(&raw.decimal_separator, "decimal_separator", ".");
    let table_word = word(&raw.table_word, "table_word", "Table");
    let period_word = word(&raw.period_word, "period_word", "Period");
    let group_separator = separators(&mut p, &raw.group_separator, &languages);
    let texts = check_texts(&mut p, &raw.texts, &languages);
    let measures = check_measures(&mut p, raw.measure, &languages);
    let flags = check_flags(&mut p, raw.flag, &languages);
    let statuses = check_statuses(&mut p, raw.status, &languages);
    Catalog {
        id: raw.id.into_inner(),
        languages,
        name,
        decimal_separator,
        group_separator,
        table_word,
        period_word,
        texts,
        measures,
        flags,
        statuses,
        ..Catalog::empty()
    }
}

/// A fixed word of the outputs, or `default` in every language when the manifest has none.
fn output_word(
    p: &mut FileProblems<'_>,
    field: &Option<Spanned<RawLabels>>,
    what: &str,
    default: &str,
    languages: &[String],
) -> Labels {
    match field {
        Some(labels) => p.labels(labels.span().start, what, labels.get_ref(), languages),
        None => Labels(languages.iter().map(|l| (l.clone(), default.to_string())).collect()),
    }
}

/// The thousands separator of each language: one character (a space may be one), `,` when the
/// manifest has none.
fn separators(p: &mut FileProblems<'_>, field: &Option<Spanned<RawLabels>>, languages: &[String]) -> Labels {
    let Some(labels) = field else {
        return Labels(languages.iter().map(|l| (l.clone(), ",".to_string())).collect());
    };
    for lang in languages {
        let value = labels.get_ref().get(lang);
        if value.is_none_or(|v| v.chars().count() != 1) {
            p.at(
                labels.span().start,
                format!("group_separator in {lang:?} must be one character, found {value:?}"),
            );
        }
    }
    Labels(labels.get_ref().clone())
}

/// The fixed texts of the outputs, by key, each in every language.
fn check_texts(
    p: &mut FileProblems<'_>,
    raw: &BTreeMap<String, Spanned<RawLabels>>,
    languages: &[String],
) -> BTreeMap<String, Labels> {
    raw.iter()
        .map(|(key, labels)| {
            let checked =
                p.labels(labels.span().start, &format!("text {key:?}"), labels.get_ref(), languages);
            (key.clone(), checked)
        })
        .collect()
}

fn check_measures(
    p: &mut FileProblems<'_>,
    raw: Vec<Spanned<RawMeasure>>,
    languages: &[String],
) -> Vec<Measure> {
    let mut seen = HashSet::new();
    let mut measures = Vec::new();
    for m in raw {
        let offset = m.span().start;
        let m = m.into_inner();
        p.unique_id(offset, "measure", &m.id, &mut seen);
        if m.decimals > 6 {
            p.at(offset, format!("measure {:?} has {} decimals; at most 6 are supported", m.id, m.decimals));
        }
        let name = p.labels(offset, &format!("measure {:?}", m.id), &m.name, languages);
        measures.push(Measure { id: m.id, decimals: m.decimals, name });
    }
    measures
}

fn check_flags(p: &mut FileProblems<'_>, raw: Vec<Spanned<RawFlag>>, languages: &[String]) -> Vec<Flag> {
    let mut seen = HashSet::new();
    let mut flags = Vec::new();
    for f in raw {
        let offset = f.span().start;
        let f = f.into_inner();
        p.unique_id(offset, "flag", &f.id, &mut seen);
        let name = p.labels(offset, &format!("flag {:?}", f.id), &f.name, languages);
        flags.push(Flag { id: f.id, name });
    }
    flags
}

/// The statuses of a cell owed without a value: SDMX codes (`M`, `C`), each once, with at least
/// one marker and a sign; no marker is a number or another status's marker.
fn check_statuses(
    p: &mut FileProblems<'_>,
    raw: Vec<Spanned<RawStatus>>,
    languages: &[String],
) -> Vec<StatusMarker> {
    let mut seen = HashSet::new();
    let mut statuses: Vec<StatusMarker> = Vec::new();
    for s in raw {
        let offset = s.span().start;
        let s = s.into_inner();
        p.unique_id(offset, "status", &s.id, &mut seen);
        let Some(status) = ObsStatus::from_code(&s.id) else {
            p.at(
                offset,
                format!("status {:?} is not one of the SDMX codes a cell owed without a value may have (M: not available, OBS_STATUS; C: confidential, CONF_STATUS)", s.id),
            );
            continue;
        };
        let name = p.labels(offset, &format!("status {:?}", s.id), &s.name, languages);
        if s.markers.is_empty() || s.sign.trim().is_empty() {
            p.at(offset, format!("status {:?} needs at least one marker and a sign", s.id));
        }
        for marker in &s.markers {
            let numeric = crate::parse_scaled(marker, 6, crate::DecimalStyle::Point).is_ok()
                || crate::parse_scaled(marker, 6, crate::DecimalStyle::Comma).is_ok();
            if numeric {
                p.at(offset, format!("status {:?}: marker {marker:?} reads as a number", s.id));
            }
            if let Some(other) = statuses.iter().find(|o| o.is_written_as(marker)) {
                p.at(
                    offset,
                    format!(
                        "status {:?}: marker {marker:?} already marks status {:?}",
                        s.id,
                        other.status.code()
                    ),
                );
            }
        }
        statuses.push(StatusMarker { status, markers: s.markers, sign: s.sign, name });
    }
    statuses
}
