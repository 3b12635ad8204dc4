//! Reading and checking the identity policy (`identity.toml`): the words and placeholder birth
//! dates meaning "unknown" or "the year only", and the placeholder name parts, each with its
//! reason in every language. A catalog without the file has an empty policy: only an empty
//! birth date is unknown.

use serde::Deserialize;
use toml::Spanned;

use super::identity::{BirthDatePlaceholder, IdentityPolicy, PlaceholderMeans};
use super::source::{CatalogProblem, FileProblems, RawLabels, SourceFile};
use crate::label::Labels;

/// The identity policy's file.
pub(super) const IDENTITY_FILE: &str = "identity.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIdentity {
    unknown: Spanned<RawUnknown>,
    #[serde(default)]
    birth_date_placeholder: Vec<Spanned<RawPlaceholder>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnknown {
    birth_date_words: Vec<String>,
    name_parts: Vec<String>,
    reason: RawLabels,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlaceholder {
    date: String,
    means: String,
    reason: RawLabels,
}

/// Reads and checks the policy, `file` being `identity.toml` if the catalog has one.
pub(super) fn parse_identity(
    file: Option<&SourceFile>,
    languages: &[String],
    problems: &mut Vec<CatalogProblem>,
) -> IdentityPolicy {
    let Some(file) = file else { return IdentityPolicy::default() };
    let mut p = FileProblems::new(file, problems);
    let Some(raw) = p.parse::<RawIdentity>() else { return IdentityPolicy::default() };
    let offset = raw.unknown.span().start;
    let unknown = raw.unknown.into_inner();
    let words_reason = p.labels(offset, "the reason of [unknown]", &unknown.reason, languages);
    let mut name_placeholders = Vec::new();
    for part in &unknown.name_parts {
        let normalized: String = part.trim().to_lowercase();
        if normalized.is_empty() || !normalized.chars().all(char::is_alphanumeric) {
            p.at(offset, format!("name placeholder {part:?} must be one name part of letters or digits (it is compared with each normalised name part)"));
        }
        name_placeholders.push(normalized);
    }
    let birth_date_placeholders = raw
        .birth_date_placeholder
        .into_iter()
        .filter_map(|placeholder| {
            let offset = placeholder.span().start;
            let raw = placeholder.into_inner();
            let reason = p.labels(offset, &format!("placeholder {:?}", raw.date), &raw.reason, languages);
            check_placeholder(&mut p, offset, raw, reason)
        })
        .collect();
    IdentityPolicy {
        unknown_birth_date_words: unknown.birth_date_words.iter().map(|w| w.trim().to_lowercase()).collect(),
        birth_date_placeholders,
        name_placeholders,
        words_reason,
    }
}

/// A placeholder's pattern `YYYY-MM-DD` where each field is digits or the letters of its name
/// (any value), and its meaning.
fn check_placeholder(
    p: &mut FileProblems<'_>,
    offset: usize,
    raw: RawPlaceholder,
    reason: Labels,
) -> Option<BirthDatePlaceholder> {
    let means = match raw.means.as_str() {
        "unknown" => PlaceholderMeans::Unknown,
        "year" => PlaceholderMeans::Year,
        other => {
            p.at(
                offset,
                format!("placeholder {:?} means {other:?}: expected \"unknown\" or \"year\"", raw.date),
            );
            return None;
        }
    };
    let fields: Vec<&str> = raw.date.split('-').collect();
    let bad = || {
        format!(
            "placeholder {:?} is not a pattern YYYY-MM-DD (digits, or YYYY, MM, DD for any value)",
            raw.date
        )
    };
    let [year, month, day] = fields.as_slice() else {
        p.at(offset, bad());
        return None;
    };
    let field = |text: &str, any: &str| -> Result<Option<u32>, ()> {
        if text == any {
            return Ok(None);
        }
        if text.len() != any.len() {
            return Err(());
        }
        text.parse::<u32>().map(Some).map_err(|_| ())
    };
    match (field(year, "YYYY"), field(month, "MM"), field(day, "DD")) {
        (Ok(y), Ok(m), Ok(d)) if m.is_none_or(|m| m <= 12) && d.is_none_or(|d| d <= 31) => {
            if means == PlaceholderMeans::Year && y.is_some() {
                p.at(
                    offset,
                    format!("placeholder {:?} means \"year\" but fixes the year: use YYYY", raw.date),
                );
                return None;
            }
            Some(BirthDatePlaceholder {
                pattern: raw.date.clone(),
                year: y.map(|y| y as i32),
                month: m.map(|m| m as u8),
                day: d.map(|d| d as u8),
                means,
                reason,
            })
        }
        _ => {
            p.at(offset, bad());
            None
        }
    }
}
