//! The zip container of an XLSX or ODS workbook, checked before the spreadsheet reader unpacks
//! any of it: how many parts it holds, what each part says it unpacks to (its central directory
//! entry), and what it really unpacks to, counted while unpacking into nothing, since a declared
//! size can lie. The sheets and shared strings are also scanned for a single piece of text or
//! markup longer than a cell can hold, which the XML reader would otherwise buffer whole.

use std::io::{self, Cursor, Read, Write};

use zip::read::ZipFile;
use zip::ZipArchive;

use super::limits::Limits;
use super::xml_token::LongestToken;
use crate::problem::ImportProblem;

/// Refuses a workbook whose container exceeds `limits`, naming the part and the bound.
pub(crate) fn check(bytes: &[u8], limits: &Limits) -> Result<(), ImportProblem> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ImportProblem::file(format!("the file looks like a workbook but cannot be read as one: {e}"))
    })?;
    if archive.len() > limits.entries {
        return Err(ImportProblem::file(format!(
            "the workbook holds {} parts; a workbook has a few per sheet, at most {} are read",
            archive.len(),
            limits.entries
        )));
    }
    check_declared_sizes(&mut archive, limits)?;
    check_unpacked_sizes(&mut archive, limits)
}

/// What each part says it unpacks to, part by part and in all.
fn check_declared_sizes(archive: &mut Archive<'_>, limits: &Limits) -> Result<(), ImportProblem> {
    each_part(archive, limits, false, |part, _| Ok(part.size()))
}

/// What each part really unpacks to, counted without keeping it, and the longest piece of text
/// or markup of the parts that hold cells.
fn check_unpacked_sizes(archive: &mut Archive<'_>, limits: &Limits) -> Result<(), ImportProblem> {
    each_part(archive, limits, true, |part, name| {
        let mut sink = Counter { bytes: 0, tokens: holds_cells(name).then(LongestToken::default) };
        io::copy(&mut part.take(limits.entry_bytes.saturating_add(1)), &mut sink)
            .map_err(|e| ImportProblem::file(format!("part {name} of the workbook is damaged: {e}")))?;
        if let Some(longest) = sink.tokens.map(|t| t.longest()).filter(|&l| l > limits.xml_token_bytes) {
            return Err(ImportProblem::file(format!(
                "part {name} of the workbook holds a single piece of text or markup of {longest} bytes; a cell holds at most 32,767 characters, and no more than {} bytes are read at once",
                limits.xml_token_bytes
            )));
        }
        Ok(sink.bytes)
    })
}

type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Measures each part (raw, or unpacked when `unpack`) with `measure`, which tells its size,
/// and keeps each and their total within bounds.
fn each_part(
    archive: &mut Archive<'_>,
    limits: &Limits,
    unpack: bool,
    mut measure: impl FnMut(&mut ZipFile<'_, Cursor<&[u8]>>, &str) -> Result<u64, ImportProblem>,
) -> Result<(), ImportProblem> {
    let mut total = 0u64;
    for index in 0..archive.len() {
        let part = if unpack { archive.by_index(index) } else { archive.by_index_raw(index) };
        let mut part = part.map_err(|e| damaged(index, &e))?;
        let name = part.name().map(|n| n.into_owned()).unwrap_or_else(|_| format!("#{index}"));
        let bytes = measure(&mut part, &name)?;
        total = total.saturating_add(bytes);
        within_bounds(&name, bytes, total, limits)?;
    }
    Ok(())
}

fn within_bounds(name: &str, bytes: u64, total: u64, limits: &Limits) -> Result<(), ImportProblem> {
    if bytes > limits.entry_bytes {
        return Err(ImportProblem::file(format!(
            "part {name} of the workbook unpacks to more than {} bytes, the most one part may hold: the file is damaged or built to exhaust memory (a zip bomb)",
            limits.entry_bytes
        )));
    }
    if total > limits.total_bytes {
        return Err(ImportProblem::file(format!(
            "the parts of the workbook unpack to more than {} bytes in all (reached at part {name}): the file is damaged or built to exhaust memory (a zip bomb)",
            limits.total_bytes
        )));
    }
    Ok(())
}

fn damaged(index: usize, e: &zip::result::ZipError) -> ImportProblem {
    ImportProblem::file(format!("part #{} of the workbook is damaged: {e}", index + 1))
}

/// The parts whose XML grows with the data and is read cell by cell: sheets, shared strings,
/// and an ODS workbook's content.
fn holds_cells(name: &str) -> bool {
    (name.starts_with("xl/worksheets/") && name.ends_with(".xml"))
        || name == "xl/sharedStrings.xml"
        || name == "content.xml"
}

/// A writer that keeps nothing: it counts bytes and, for XML parts, the longest token.
struct Counter {
    bytes: u64,
    tokens: Option<LongestToken>,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes = self.bytes.saturating_add(buf.len() as u64);
        if let Some(tokens) = &mut self.tokens {
            tokens.feed(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
