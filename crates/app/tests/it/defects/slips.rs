//! The slips a clerk makes when a return is filled, filtered, copied or exported, and the
//! harmless ways a spreadsheet program may write the same return: each an edit of a `Sheet`
//! (or of its bytes), applied to one of the seed's returns.

use rapporteur_domain::Catalog;

use super::sheet::Sheet;

/// One slip in one return.
#[derive(Clone, Copy)]
pub enum Slip {
    /// Every row of a period left out (the sheet of one year not copied).
    DropPeriod(&'static str),
    /// The previous cycle's file sent again: every period two years earlier.
    PreviousCycle,
    /// Every row of a period labelled with another period (a cohort labelled with one year).
    RelabelPeriod(&'static str, &'static str),
    /// One value multiplied (×10 a digit typed twice, ×1000 thousands entered as units).
    Scale(&'static str, f64),
    /// One value multiplied in a sheet whose stated total (the second row) is a formula: the
    /// total follows the slip.
    ScaleSummed(&'static str, &'static str, f64),
    /// One value cell left blank.
    Blank(&'static str),
    /// One value written as a marker of a status ("n.b.": not available) instead of a number.
    Mark(&'static str, &'static str),
    /// One value replaced by another, plausible one (an isolated typo).
    Retype(&'static str, &'static str),
    /// One row removed (a filter left on when copying).
    DropRow(&'static str),
    /// Every data row under a stated figure removed, the stated figure kept.
    DropRows(&'static str),
    /// A row's value replaced by the value of the row above it (a fill-down).
    CopyAbove(&'static str),
    /// The values of two rows exchanged (two columns swapped in the clerk's wide sheet).
    Swap(&'static str, &'static str),
}

impl Slip {
    pub fn apply(self, sheet: &mut Sheet) {
        match self {
            Slip::DropPeriod(period) => {
                let column = sheet.column("period");
                sheet.rows.retain(|row| row[column] != period);
            }
            Slip::PreviousCycle => {
                let column = sheet.column("period");
                for row in &mut sheet.rows {
                    row[column] = row[column].split('-').map(two_years_earlier).collect::<Vec<_>>().join("-");
                }
            }
            Slip::RelabelPeriod(from, to) => {
                let column = sheet.column("period");
                for row in sheet.rows.iter_mut().filter(|row| row[column] == from) {
                    row[column] = to.to_string();
                }
            }
            Slip::Scale(spec, factor) => {
                let row = sheet.data_row(spec);
                let value = sheet.format(sheet.number(row) * factor, sheet.value(row));
                sheet.set_value(row, value);
            }
            Slip::ScaleSummed(spec, total, factor) => {
                let (row, total) = (sheet.data_row(spec), sheet.stated_row(total));
                let scaled = sheet.number(row) * factor;
                let sum = sheet.number(total) + scaled - sheet.number(row);
                let (value, sum) =
                    (sheet.format(scaled, sheet.value(row)), sheet.format(sum, sheet.value(total)));
                sheet.set_value(row, value);
                sheet.set_value(total, sum);
            }
            Slip::Blank(spec) => {
                let row = sheet.data_row(spec);
                sheet.set_value(row, String::new());
            }
            Slip::Retype(spec, value) | Slip::Mark(spec, value) => {
                let row = sheet.data_row(spec);
                sheet.set_value(row, value.to_string());
            }
            Slip::DropRow(spec) => {
                let row = sheet.data_row(spec);
                sheet.rows.remove(row);
            }
            Slip::DropRows(spec) => {
                let before = sheet.rows.len();
                let keep: Vec<bool> =
                    sheet.rows.iter().map(|row| !(sheet.is_data(row) && sheet.matches(row, spec))).collect();
                let mut keep = keep.into_iter();
                sheet.rows.retain(|_| keep.next().unwrap_or(true));
                assert!(sheet.rows.len() < before, "{spec} names no data row");
            }
            Slip::CopyAbove(spec) => {
                let row = sheet.data_row(spec);
                let above = sheet.value(row - 1).to_string();
                sheet.set_value(row, above);
            }
            Slip::Swap(a, b) => {
                let (a, b) = (sheet.data_row(a), sheet.data_row(b));
                let (value_a, value_b) = (sheet.value(a).to_string(), sheet.value(b).to_string());
                sheet.set_value(a, value_b);
                sheet.set_value(b, value_a);
            }
        }
    }
}

fn two_years_earlier(year: &str) -> String {
    year.parse::<u32>().map_or_else(|_| year.to_string(), |y| (y - 2).to_string())
}

/// A harmless way of writing the same return.
#[derive(Clone, Copy)]
pub enum Flavour {
    /// Belgian Excel: `;`-separated, decimal comma, `.` between thousands.
    SemicolonDecimalComma,
    /// Tab-separated with decimal comma (copied from a sheet into a text file).
    TabDecimalComma,
    /// Saved as Windows-1252 (the default "CSV" of Excel on a Belgian Windows).
    Windows1252,
    /// A byte-order mark and Windows line ends.
    BomCrlf,
    /// Codes written as their labels in a language.
    Labels(&'static str),
    /// Rows in the opposite order.
    ReversedRows,
    /// The value column first, the notes removed.
    ValueFirstNoNotes,
    /// Blank lines between the blocks of rows.
    BlankLines,
}

impl Flavour {
    pub fn apply(self, catalog: &Catalog, cube: &str, bytes: &[u8]) -> Vec<u8> {
        let mut sheet = Sheet::parse(bytes);
        match self {
            Flavour::SemicolonDecimalComma | Flavour::TabDecimalComma => {
                let column = sheet.column("value");
                for row in &mut sheet.rows {
                    row[column] = belgian_number(&row[column]);
                }
                sheet.delimiter = if matches!(self, Flavour::TabDecimalComma) { b'\t' } else { b';' };
                sheet.to_bytes()
            }
            Flavour::Windows1252 => {
                let text = String::from_utf8(sheet.to_bytes()).expect("UTF-8");
                let (encoded, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
                assert!(!unmappable, "the return must be writable in Windows-1252");
                encoded.into_owned()
            }
            Flavour::BomCrlf => {
                let text = String::from_utf8(sheet.to_bytes()).expect("UTF-8");
                let mut out = vec![0xEF, 0xBB, 0xBF];
                out.extend(text.replace('\n', "\r\n").into_bytes());
                out
            }
            Flavour::Labels(lang) => {
                let cube = catalog.cube(cube).expect("a cube of the catalog");
                for dimension in &cube.dimensions {
                    let list = catalog.code_list_of(dimension);
                    let column = sheet.column(&dimension.id);
                    for row in &mut sheet.rows {
                        if let Some(code) = list.get(&row[column]) {
                            row[column] = code.labels.get(lang).to_string();
                        }
                    }
                }
                sheet.to_bytes()
            }
            Flavour::ReversedRows => {
                sheet.rows.reverse();
                sheet.to_bytes()
            }
            Flavour::ValueFirstNoNotes => {
                let order: Vec<usize> = std::iter::once(sheet.column("value"))
                    .chain(
                        (0..sheet.header.len())
                            .filter(|&i| !matches!(sheet.header[i].as_str(), "value" | "note")),
                    )
                    .collect();
                let pick = |row: &[String]| order.iter().map(|&i| row[i].clone()).collect::<Vec<_>>();
                sheet.header = pick(&sheet.header);
                sheet.rows = sheet.rows.iter().map(|row| pick(row)).collect();
                sheet.to_bytes()
            }
            Flavour::BlankLines => {
                let text = String::from_utf8(sheet.to_bytes()).expect("UTF-8");
                let mut out = String::new();
                for (i, line) in text.lines().enumerate() {
                    out.push_str(line);
                    out.push('\n');
                    if i.is_multiple_of(5) {
                        out.push('\n');
                    }
                }
                out.push_str("\n\n");
                out.into_bytes()
            }
        }
    }
}

/// `1085` → `1.085`, `56.87` → `56,87`, as Belgian Excel writes numbers.
fn belgian_number(plain: &str) -> String {
    let (whole, fraction) = plain.split_once('.').unwrap_or((plain, ""));
    let digits: Vec<char> = whole.chars().collect();
    let mut grouped = String::new();
    for (i, digit) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) && digit.is_ascii_digit() {
            grouped.push('.');
        }
        grouped.push(*digit);
    }
    if fraction.is_empty() {
        grouped
    } else {
        format!("{grouped},{fraction}")
    }
}

impl Slip {
    /// Whether the slip only leaves rows out (the return is an incomplete copy of the right one).
    pub fn leaves_rows_out(self) -> bool {
        matches!(self, Slip::DropPeriod(_) | Slip::DropRow(_) | Slip::DropRows(_))
    }

    /// The slip in a line of the corpus manifest.
    pub fn describe(self) -> String {
        match self {
            Slip::DropPeriod(period) => format!("period {period} missing"),
            Slip::PreviousCycle => "the previous cycle's file (every period two years earlier)".into(),
            Slip::RelabelPeriod(from, to) => format!("period {from} labelled {to}"),
            Slip::Scale(spec, factor) => format!("{spec}: value ×{factor}"),
            Slip::ScaleSummed(spec, total, factor) => {
                format!("{spec}: value ×{factor}, the total at {total} a formula that follows")
            }
            Slip::Blank(spec) => format!("{spec}: value left blank"),
            Slip::Mark(spec, marker) => format!("{spec}: value written as {marker:?} (not available)"),
            Slip::Retype(spec, value) => format!("{spec}: value typed as {value}"),
            Slip::DropRow(spec) => format!("{spec}: row filtered out"),
            Slip::DropRows(spec) => format!("{spec}: data rows filtered out, stated figures kept"),
            Slip::CopyAbove(spec) => format!("{spec}: value of the row above"),
            Slip::Swap(a, b) => format!("values of {a} and {b} swapped"),
        }
    }
}

impl Flavour {
    /// The flavour in a line of the corpus manifest.
    pub fn describe(self) -> String {
        match self {
            Flavour::SemicolonDecimalComma => "';'-separated, decimal comma, '.' between thousands".into(),
            Flavour::TabDecimalComma => "tab-separated, decimal comma".into(),
            Flavour::Windows1252 => "Windows-1252".into(),
            Flavour::BomCrlf => "UTF-8 with BOM, CRLF line ends".into(),
            Flavour::Labels(lang) => format!("codes written as their {lang} labels"),
            Flavour::ReversedRows => "rows in reverse order".into(),
            Flavour::ValueFirstNoNotes => "value column first, no notes column".into(),
            Flavour::BlankLines => "blank lines between rows".into(),
        }
    }
}
