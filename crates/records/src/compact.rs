//! The compact stored form of a record: its values in the schema's field order as bytes, each
//! a tag and its payload — a code as its number in the store's code dictionary (not its text,
//! not its index in the catalog's list, which an edit of the list would shift), a date as one
//! packed number, a whole number as a number, a person key as its 32 bytes, a person encoding
//! as the bytes of its hexadecimal text — so that a record costs the store a few dozen bytes
//! beside its key and encoding, not a JSON object of names.
//! The record's key is the store's key column and is not repeated here.

use std::collections::HashMap;

use rapporteur_domain::catalog::{FieldKind, RecordSchema};
use rapporteur_domain::Catalog;

use crate::record::{Date, Record, Value};

const EMPTY: u8 = 0;
const TEXT: u8 = 1;
const CODE: u8 = 2;
const CODES: u8 = 3;
const DATE: u8 = 4;
const INTEGER: u8 = 5;
const FALSE: u8 = 6;
const TRUE: u8 = 7;
const PERSON_KEY: u8 = 8;
/// The record's key field: its value is the store's key column.
const KEY: u8 = 9;
/// A person encoding as the bytes of its text form (`encoding::text_to_bytes`): half its text.
const PERSON_ENCODING: u8 = 10;

/// Whether a decoded record's person key and encoding are read (for the linkage) or left empty
/// (for what never looks at them, the derivations: most of a record's bytes need not become
/// hexadecimal text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonFields {
    Read,
    Skip,
}

/// Why stored bytes are not a record of the schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompactError {
    #[error("the stored form ends inside field {0}")]
    Truncated(String),
    #[error("field {field}: unknown tag {tag}")]
    Tag { field: String, tag: u8 },
    #[error("field {field}: code number {id} is not in the store's code dictionary of {codelist:?}, or no longer in the catalog")]
    Code { field: String, codelist: String, id: u64 },
    #[error("field {0}: not a valid date or text")]
    Value(String),
    #[error("{0} byte(s) after the last field")]
    Trailing(usize),
}

/// The code lists the record fields of a catalog use, with every code of each: what the
/// store's code dictionary must hold before records of the schemas are stored.
pub fn dictionary_codes<'c>(catalog: &'c Catalog, schema: &'c RecordSchema) -> Vec<(&'c str, &'c str)> {
    let mut out = Vec::new();
    for field in &schema.fields {
        if let FieldKind::Code { codelist } | FieldKind::Codes { codelist } = &field.kind {
            if out.iter().any(|(l, _)| l == codelist) {
                continue;
            }
            if let Some(list) = catalog.code_list(codelist) {
                out.extend(list.codes.iter().map(|c| (codelist.as_str(), c.id.as_str())));
            }
        }
    }
    out
}

/// One schema's codes both ways: the catalog's index of a code ↔ its number in the store's
/// dictionary, per field.
pub struct Codebook {
    /// Per field: the dictionary number of each catalog index (code fields only).
    to_id: Vec<Vec<u64>>,
    /// Per field: the catalog index of each dictionary number (code fields only), by number
    /// ([`NO_INDEX`] for a number of another list): the dictionary's numbers are small and
    /// dense, and a table is read for every code of every record read.
    to_index: Vec<Vec<u32>>,
}

/// A dictionary number that is no code of the field's list.
const NO_INDEX: u32 = u32::MAX;

impl Codebook {
    /// The codebook of `schema` from the dictionary's entries (number, code list, code); a
    /// catalog code missing from the dictionary has none, and a record holding it cannot be
    /// encoded (the store adds every code of [`dictionary_codes`] before).
    pub fn new<'d>(
        catalog: &Catalog,
        schema: &RecordSchema,
        dictionary: impl IntoIterator<Item = (u64, &'d str, &'d str)>,
    ) -> Codebook {
        let mut by_list: HashMap<&str, HashMap<&str, u64>> = HashMap::new();
        for (id, list, code) in dictionary {
            by_list.entry(list).or_default().insert(code, id);
        }
        let mut to_id = Vec::with_capacity(schema.fields.len());
        let mut to_index = Vec::with_capacity(schema.fields.len());
        for field in &schema.fields {
            let (ids, back) = match &field.kind {
                FieldKind::Code { codelist } | FieldKind::Codes { codelist } => {
                    let known = by_list.get(codelist.as_str());
                    let codes = catalog.code_list(codelist).map(|l| l.codes.as_slice()).unwrap_or_default();
                    let ids: Vec<u64> = codes
                        .iter()
                        .map(|c| known.and_then(|k| k.get(c.id.as_str())).copied().unwrap_or(u64::MAX))
                        .collect();
                    let known_ids = ids.iter().filter(|&&id| id != u64::MAX);
                    let mut back = vec![NO_INDEX; known_ids.max().map_or(0, |&max| max as usize + 1)];
                    for (i, &id) in ids.iter().enumerate().filter(|(_, &id)| id != u64::MAX) {
                        back[id as usize] = i as u32;
                    }
                    (ids, back)
                }
                _ => (Vec::new(), Vec::new()),
            };
            to_id.push(ids);
            to_index.push(back);
        }
        Codebook { to_id, to_index }
    }

    /// Appends the compact form of `record` to `out`.
    pub fn encode(&self, schema: &RecordSchema, record: &Record, out: &mut Vec<u8>) {
        for (i, (field, value)) in schema.fields.iter().zip(&record.values).enumerate() {
            if field.id == schema.key {
                out.push(KEY);
                continue;
            }
            match value {
                Value::Empty => out.push(EMPTY),
                Value::Text(t) if field.kind == FieldKind::PersonKey => match hex::decode(t.as_bytes()) {
                    Ok(bytes) if bytes.len() == 32 => {
                        out.push(PERSON_KEY);
                        out.extend_from_slice(&bytes);
                    }
                    _ => text(out, t),
                },
                Value::Text(t) if field.kind == FieldKind::PersonEncoding => {
                    out.push(PERSON_ENCODING);
                    if !crate::encoding::text_to_bytes(t, out) {
                        out.pop();
                        text(out, t);
                    }
                }
                Value::Text(t) => text(out, t),
                Value::Code(c) => {
                    out.push(CODE);
                    varint(out, self.id(i, *c));
                }
                Value::Codes(cs) => {
                    out.push(CODES);
                    varint(out, cs.len() as u64);
                    for &c in cs.iter() {
                        varint(out, self.id(i, c));
                    }
                }
                Value::Date(d) => {
                    out.push(DATE);
                    varint(out, (d.year as u64) << 9 | u64::from(d.month) << 5 | u64::from(d.day));
                }
                Value::Integer(n) => {
                    out.push(INTEGER);
                    varint(out, ((n << 1) ^ (n >> 63)) as u64);
                }
                Value::Bool(b) => out.push(if *b { TRUE } else { FALSE }),
            }
        }
    }

    /// The dictionary number of the code at catalog `index` in field `field`'s list.
    pub fn number(&self, field: usize, index: u32) -> Option<i64> {
        self.to_id.get(field)?.get(index as usize).filter(|&&id| id != u64::MAX).map(|&id| id as i64)
    }

    fn id(&self, field: usize, index: u32) -> u64 {
        self.to_id[field].get(index as usize).copied().unwrap_or(u64::MAX)
    }

    /// The record stored as `bytes` under `key`.
    pub fn decode(
        &self,
        schema: &RecordSchema,
        key: &str,
        bytes: &[u8],
        source_row: usize,
    ) -> Result<Record, CompactError> {
        self.decode_as(schema, key, bytes, source_row, PersonFields::Read)
    }

    /// The record stored as `bytes` under `key`, its person key and encoding read or left empty.
    pub fn decode_as(
        &self,
        schema: &RecordSchema,
        key: &str,
        mut bytes: &[u8],
        source_row: usize,
        persons: PersonFields,
    ) -> Result<Record, CompactError> {
        let mut values = Vec::with_capacity(schema.fields.len());
        for (i, field) in schema.fields.iter().enumerate() {
            // A schema grows at its end: a record stored before its last fields existed ends
            // here, and reads them empty.
            if bytes.is_empty() && i > 0 {
                values.resize(schema.fields.len(), Value::Empty);
                break;
            }
            let truncated = || CompactError::Truncated(field.id.clone());
            let (&tag, rest) = bytes.split_first().ok_or_else(truncated)?;
            bytes = rest;
            let value = match tag {
                EMPTY => Value::Empty,
                KEY => Value::Text(key.into()),
                TEXT => {
                    let len = read_varint(&mut bytes).ok_or_else(truncated)? as usize;
                    let text = bytes.get(..len).ok_or_else(truncated)?;
                    bytes = &bytes[len..];
                    Value::Text(
                        std::str::from_utf8(text).map_err(|_| CompactError::Value(field.id.clone()))?.into(),
                    )
                }
                PERSON_KEY if persons == PersonFields::Skip => {
                    bytes = bytes.get(32..).ok_or_else(truncated)?;
                    Value::Empty
                }
                PERSON_KEY => {
                    let raw = bytes.get(..32).ok_or_else(truncated)?;
                    bytes = &bytes[32..];
                    Value::Text(hex::encode(raw).into())
                }
                PERSON_ENCODING if persons == PersonFields::Skip => {
                    crate::encoding::skip_bytes(&mut bytes).ok_or_else(truncated)?;
                    Value::Empty
                }
                PERSON_ENCODING => {
                    let text = crate::encoding::text_of_bytes(&mut bytes).ok_or_else(truncated)?;
                    Value::Text(text.into())
                }
                CODE => Value::Code(self.index(i, field, read_varint(&mut bytes).ok_or_else(truncated)?)?),
                CODES => {
                    let n = read_varint(&mut bytes).ok_or_else(truncated)? as usize;
                    let mut codes = Vec::with_capacity(n.min(64));
                    for _ in 0..n {
                        codes.push(self.index(i, field, read_varint(&mut bytes).ok_or_else(truncated)?)?);
                    }
                    codes.sort_unstable();
                    Value::Codes(codes.into())
                }
                DATE => {
                    let packed = read_varint(&mut bytes).ok_or_else(truncated)?;
                    let date = Date::new((packed >> 9) as i32, (packed >> 5 & 15) as u8, (packed & 31) as u8)
                        .ok_or_else(|| CompactError::Value(field.id.clone()))?;
                    Value::Date(date)
                }
                INTEGER => {
                    let z = read_varint(&mut bytes).ok_or_else(truncated)?;
                    Value::Integer((z >> 1) as i64 ^ -((z & 1) as i64))
                }
                FALSE => Value::Bool(false),
                TRUE => Value::Bool(true),
                tag => return Err(CompactError::Tag { field: field.id.clone(), tag }),
            };
            values.push(value);
        }
        if !bytes.is_empty() {
            return Err(CompactError::Trailing(bytes.len()));
        }
        Ok(Record { values, source_row })
    }

    fn index(
        &self,
        field: usize,
        schema_field: &rapporteur_domain::catalog::RecordField,
        id: u64,
    ) -> Result<u32, CompactError> {
        let index = usize::try_from(id).ok().and_then(|id| self.to_index[field].get(id)).copied();
        index.filter(|&i| i != NO_INDEX).ok_or_else(|| CompactError::Code {
            field: schema_field.id.clone(),
            codelist: match &schema_field.kind {
                FieldKind::Code { codelist } | FieldKind::Codes { codelist } => codelist.clone(),
                _ => String::new(),
            },
            id,
        })
    }
}

fn text(out: &mut Vec<u8>, t: &str) {
    out.push(TEXT);
    varint(out, t.len() as u64);
    out.extend_from_slice(t.as_bytes());
}

/// LEB128: seven bits a byte, low first, the high bit saying more follow.
fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        n |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            *bytes = &bytes[i + 1..];
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_at_their_edges() {
        for n in [0, 1, 127, 128, 16_383, 16_384, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            varint(&mut out, n);
            let mut bytes = out.as_slice();
            assert_eq!(read_varint(&mut bytes), Some(n));
            assert!(bytes.is_empty());
        }
        assert_eq!(read_varint(&mut [0x80u8, 0x80].as_slice()), None);
    }
}
