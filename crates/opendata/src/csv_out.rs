//! The CSV files: a cube's rows, and a code list with the total `_T` added.

use rapporteur_domain::{Catalog, CodeList, Labels, TOTAL_CODE};

use crate::columns::{columns, text};
use crate::tidy::TidyTable;
use crate::PackageError;

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new())
}

fn finish(writer: csv::Writer<Vec<u8>>) -> Result<Vec<u8>, PackageError> {
    writer.into_inner().map_err(|e| PackageError::Csv(e.to_string()))
}

/// The cube's data file: a header, then one line per published cell.
pub fn data_csv(catalog: &Catalog, table: &TidyTable<'_>) -> Result<Vec<u8>, PackageError> {
    let columns = columns(&catalog.languages, table);
    let mut out = writer();
    out.write_record(columns.iter().map(|c| c.name.as_str()))?;
    for row in &table.rows {
        out.write_record(columns.iter().map(|c| text(table, row, &c.kind)))?;
    }
    finish(out)
}

/// The header of a code-list file.
pub fn codelist_columns(catalog: &Catalog) -> Vec<String> {
    ["code".to_string(), "parent".to_string()]
        .into_iter()
        .chain(catalog.languages.iter().map(|lang| format!("label_{lang}")))
        .collect()
}

/// A code list's file: every code in printed order with its parent and labels, then `_T`.
pub fn codelist_csv(catalog: &Catalog, list: &CodeList, total: &Labels) -> Result<Vec<u8>, PackageError> {
    let mut out = writer();
    out.write_record(codelist_columns(catalog))?;
    let rows = list
        .codes
        .iter()
        .map(|c| (c.id.as_str(), c.parent.as_deref().unwrap_or(""), &c.labels))
        .chain(std::iter::once((TOTAL_CODE, "", total)));
    for (code, parent, labels) in rows {
        let mut record = vec![code.to_string(), parent.to_string()];
        record.extend(catalog.languages.iter().map(|lang| labels.get(lang).to_string()));
        out.write_record(&record)?;
    }
    finish(out)
}
