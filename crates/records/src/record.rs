//! Record values: one record of a schema as a row of typed values, and the text form of each
//! value in files (the same for CSV, XLSX and JSON).

use std::fmt;

use rapporteur_domain::catalog::{CodeList, FieldKind, RecordField, RecordSchema};
use rapporteur_domain::Catalog;

/// A calendar date. Ordered by (year, month, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid date, or `None` (the 30th of February, month 13, …).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=days).contains(&day) && (1000..=9999).contains(&year)).then_some(Date { year, month, day })
    }

    /// Parses the central file format's date, `YYYY-MM-DD` exactly.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = text[0..4].parse().ok()?;
        let month = text[5..7].parse().ok()?;
        let day = text[8..10].parse().ok()?;
        Date::new(year, month, day)
    }

    /// Days since 1970-01-01 (negative before): the distance between two dates is the
    /// difference of their numbers. The proleptic Gregorian calendar's day count by eras of 400
    /// years, as in Howard Hinnant's `days_from_civil`.
    pub fn day_number(self) -> i32 {
        let year = self.year - i32::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let month = i32::from(self.month);
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i32::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One value of a record. Codes are indexes into their code list's `codes`, so that a million
/// records do not hold a million copies of `"sexual"`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Value {
    #[default]
    Empty,
    Text(Box<str>),
    Code(u32),
    /// Sorted, without repeats.
    Codes(Box<[u32]>),
    Date(Date),
    Integer(i64),
    Bool(bool),
}

/// One record: its values in the schema's field order, and the row it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub values: Vec<Value>,
    /// 1-based row (as a spreadsheet shows it), or the position in a JSON array plus one.
    pub source_row: usize,
}

impl Record {
    pub fn empty(schema: &RecordSchema) -> Record {
        Record { values: vec![Value::Empty; schema.fields.len()], source_row: 0 }
    }

    /// The record's key (the value of the schema's key field).
    pub fn key<'a>(&'a self, schema: &RecordSchema) -> &'a str {
        match schema.field_index(&schema.key).and_then(|i| self.values.get(i)) {
            Some(Value::Text(t)) => t.as_ref(),
            _ => "",
        }
    }
}

/// Why a field's text is not a valid value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("a value is required")]
    Required,
    #[error("{text:?} is not a code of {codelist:?}{}", suggestion(.closest))]
    UnknownCode { text: String, codelist: String, closest: Vec<String> },
    #[error("{text:?} is an aggregate code of {codelist:?}; a record holds leaf codes only")]
    AggregateCode { text: String, codelist: String },
    #[error("{0:?} is not a date: expected YYYY-MM-DD")]
    Date(String),
    #[error("{0:?} is not a whole number")]
    Integer(String),
    #[error("{0:?} is not a boolean: expected true/false (also yes/no, ja/nee, oui/non, 1/0)")]
    Bool(String),
    #[error("{0:?} is not a person key: expected 64 hexadecimal digits from rapporteur pseudonymize")]
    PersonKey(String),
    #[error(transparent)]
    PersonEncoding(#[from] crate::encoding::EncodingError),
}

fn suggestion(closest: &[String]) -> String {
    if closest.is_empty() {
        String::new()
    } else {
        format!(" (closest: {})", closest.join(", "))
    }
}

/// Separator of the codes of a multi-code field in text form (`sexual|labour`). Not `;` or `,`,
/// which separate CSV columns.
pub const CODES_SEPARATOR: char = '|';

/// Parses a field's text. Codes are matched like return codes: by id, label or alias, ignoring
/// case and accents.
pub fn parse_value(catalog: &Catalog, field: &RecordField, text: &str) -> Result<Value, ValueError> {
    parse_in(list_of(catalog, field), field, text)
}

/// The values of one schema's fields read from text as [`parse_value`] reads them, each field's
/// code list found once: what reads the millions of records of a file.
pub struct ValueReader<'c> {
    fields: Vec<(&'c RecordField, Option<&'c CodeList>)>,
}

impl<'c> ValueReader<'c> {
    pub fn new(catalog: &'c Catalog, schema: &'c RecordSchema) -> Self {
        ValueReader { fields: schema.fields.iter().map(|field| (field, list_of(catalog, field))).collect() }
    }

    /// The value of the schema's field at `index` from its text.
    pub fn read(&self, index: usize, text: &str) -> Result<Value, ValueError> {
        let (field, list) = self.fields[index];
        parse_in(list, field, text)
    }
}

/// The code list a field's codes come from.
fn list_of<'c>(catalog: &'c Catalog, field: &RecordField) -> Option<&'c CodeList> {
    match &field.kind {
        FieldKind::Code { codelist } | FieldKind::Codes { codelist } => catalog.code_list(codelist),
        _ => None,
    }
}

/// Parses a field's text, its codes from `list`.
fn parse_in(list: Option<&CodeList>, field: &RecordField, text: &str) -> Result<Value, ValueError> {
    let text = text.trim();
    if text.is_empty() {
        return if field.required { Err(ValueError::Required) } else { Ok(Value::Empty) };
    }
    Ok(match &field.kind {
        FieldKind::Text | FieldKind::Ref { .. } => Value::Text(text.into()),
        FieldKind::Code { codelist } => Value::Code(parse_code(list, codelist, text)?),
        FieldKind::Codes { codelist } => {
            let mut codes = Vec::new();
            for part in text.split(CODES_SEPARATOR).map(str::trim).filter(|p| !p.is_empty()) {
                codes.push(parse_code(list, codelist, part)?);
            }
            codes.sort_unstable();
            codes.dedup();
            if codes.is_empty() && field.required {
                return Err(ValueError::Required);
            }
            Value::Codes(codes.into())
        }
        FieldKind::Date => Value::Date(Date::parse_iso(text).ok_or_else(|| ValueError::Date(text.into()))?),
        FieldKind::Integer => Value::Integer(text.parse().map_err(|_| ValueError::Integer(text.into()))?),
        FieldKind::Bool => Value::Bool(parse_bool(text).ok_or_else(|| ValueError::Bool(text.into()))?),
        FieldKind::PersonKey => {
            if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(ValueError::PersonKey(text.into()));
            }
            Value::Text(text.to_ascii_lowercase().into())
        }
        FieldKind::PersonEncoding => {
            let text = text.to_ascii_lowercase();
            crate::encoding::Encoding::parse(&text)?;
            Value::Text(text.into())
        }
    })
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "true" | "yes" | "ja" | "oui" | "1" | "y" | "j" | "o" => Some(true),
        "false" | "no" | "nee" | "non" | "0" | "n" => Some(false),
        _ => None,
    }
}

fn parse_code(list: Option<&CodeList>, codelist: &str, text: &str) -> Result<u32, ValueError> {
    let list = list.ok_or_else(|| ValueError::UnknownCode {
        text: text.into(),
        codelist: codelist.into(),
        closest: Vec::new(),
    })?;
    match list.lookup_index(text) {
        Some(index) if list.is_aggregate_at(index) => {
            Err(ValueError::AggregateCode { text: text.into(), codelist: codelist.into() })
        }
        Some(index) => Ok(u32::try_from(index).unwrap_or(0)),
        None => Err(ValueError::UnknownCode {
            text: text.into(),
            codelist: codelist.into(),
            closest: list.closest(text, 3).into_iter().map(|c| c.id.clone()).collect(),
        }),
    }
}

/// The index of a code in its list (the representation in [`Value::Code`]).
pub fn code_index(catalog: &Catalog, codelist: &str, id: &str) -> Option<u32> {
    let list = catalog.code_list(codelist)?;
    list.index_of(id).and_then(|i| u32::try_from(i).ok())
}

/// The text form of a value, as files and the store hold it (code ids, ISO dates).
pub fn format_value(catalog: &Catalog, field: &RecordField, value: &Value) -> String {
    let code = |i: u32| -> String {
        match &field.kind {
            FieldKind::Code { codelist } | FieldKind::Codes { codelist } => catalog
                .code_list(codelist)
                .and_then(|l| l.codes.get(i as usize))
                .map_or_else(String::new, |c| c.id.clone()),
            _ => String::new(),
        }
    };
    match value {
        Value::Empty => String::new(),
        Value::Text(t) => t.to_string(),
        Value::Code(i) => code(*i),
        Value::Codes(codes) => {
            codes.iter().map(|&i| code(i)).collect::<Vec<_>>().join(&CODES_SEPARATOR.to_string())
        }
        Value::Date(d) => d.to_string(),
        Value::Integer(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert_eq!(Date::parse_iso("2020-02-29").map(|d| d.to_string()), Some("2020-02-29".into()));
        assert_eq!(Date::parse_iso("2019-02-29"), None);
        assert_eq!(Date::parse_iso("2019-13-01"), None);
        assert_eq!(Date::parse_iso("01/02/2019"), None);
    }

    #[test]
    fn day_numbers_count_every_day_once() {
        assert_eq!(Date::new(1970, 1, 1).map(Date::day_number), Some(0));
        let mut previous = None;
        for year in 1899..=2101 {
            for month in 1..=12 {
                for day in (1..=31).filter_map(|d| Date::new(year, month, d)) {
                    let n = day.day_number();
                    if let Some(p) = previous {
                        assert_eq!(n, p + 1, "{day} after day {p}");
                    }
                    previous = Some(n);
                }
            }
        }
    }

    #[test]
    fn booleans_in_three_languages() {
        assert_eq!(parse_bool("Ja"), Some(true));
        assert_eq!(parse_bool("non"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
    }
}
