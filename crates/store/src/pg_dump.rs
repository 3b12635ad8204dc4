//! Reading a plain SQL dump that `pg_dump` made of a store: the schema it restores, and what it
//! holds (the rows of every table, the audit log's entries), so that a restore can be checked
//! against it.

use std::collections::BTreeMap;

use crate::backup::{audit_digest, AuditFields, Inventory};
use crate::{Result, StoreError};

/// What a dump restores: its schema, and its inventory.
#[derive(Debug)]
pub(crate) struct Dump {
    pub schema: String,
    pub inventory: Inventory,
}

fn refused(why: impl Into<String>) -> StoreError {
    StoreError::Backup(why.into())
}

/// Reads a dump's `COPY schema.table (columns) FROM stdin;` blocks.
pub(crate) fn read(sql: &str) -> Result<Dump> {
    if !sql.starts_with("--\n-- PostgreSQL database dump") {
        return Err(refused(
            "not a plain SQL dump made by pg_dump (rapporteur backup of a PostgreSQL store)",
        ));
    }
    let mut schema: Option<String> = None;
    let mut rows = BTreeMap::new();
    let mut audit: Vec<AuditFields> = Vec::new();
    let mut lines = sql.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("COPY ") else { continue };
        let (name, columns) = rest
            .split_once(" (")
            .and_then(|(name, rest)| rest.strip_suffix(") FROM stdin;").map(|c| (name, c)))
            .ok_or_else(|| refused(format!("a COPY line this program cannot read: {line}")))?;
        let (table_schema, table) =
            name.split_once('.').ok_or_else(|| refused(format!("a COPY without its schema: {line}")))?;
        if schema.get_or_insert_with(|| table_schema.to_string()) != table_schema {
            return Err(refused("the dump holds more than one schema"));
        }
        let columns: Vec<&str> = columns.split(", ").collect();
        let mut count = 0;
        loop {
            let row = lines.next().ok_or_else(|| refused(format!("the rows of {name} end without \\.")))?;
            if row == "\\." {
                break;
            }
            count += 1;
            if table == "audit_log" {
                audit.push(audit_entry(&columns, row)?);
            }
        }
        if table != "rapporteur_schema" {
            rows.insert(table.to_string(), count);
        }
    }
    let schema = schema.ok_or_else(|| refused("the dump holds no table"))?;
    audit.sort_by_key(|(id, _)| *id);
    let inventory = Inventory { rows, audit_entries: audit.len() as i64, audit_digest: audit_digest(&audit) };
    Ok(Dump { schema, inventory })
}

/// An audit entry from a row of COPY's text format.
fn audit_entry(columns: &[&str], row: &str) -> Result<AuditFields> {
    let values: BTreeMap<&str, Option<String>> =
        columns.iter().copied().zip(row.split('\t').map(unescape)).collect();
    let field = |name: &str| values.get(name).cloned().flatten();
    let id = field("id")
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| refused(format!("an audit entry without id: {row}")))?;
    let fields = ["at", "who", "action", "entity", "entity_key", "before", "after"].map(field).to_vec();
    Ok((id, fields))
}

/// A field of COPY's text format: `\N` is NULL; backslash escapes stand for the characters.
fn unescape(field: &str) -> Option<String> {
    if field == "\\N" {
        return None;
    }
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn copy_text_fields_are_read_back() {
        assert_eq!(unescape("\\N"), None);
        assert_eq!(unescape("{\"note\":\"a\\\\b\\tc\\nd\"}").as_deref(), Some("{\"note\":\"a\\b\tc\nd\"}"));
    }
}
