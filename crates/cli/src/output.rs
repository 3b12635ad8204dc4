//! Terminal output: aligned columns and the choice of language.

use std::io::Write;

use anyhow::bail;
use rapporteur_domain::Catalog;

/// A language of the catalog, chosen by `--lang` or the catalog's first.
pub struct Lang<'a>(pub &'a str);

impl<'a> Lang<'a> {
    pub fn pick(catalog: &'a Catalog, wanted: Option<&str>) -> anyhow::Result<Lang<'a>> {
        match wanted {
            None => Ok(Lang(catalog.languages.first().map(String::as_str).unwrap_or("en"))),
            Some(wanted) => match catalog.languages.iter().find(|l| l.as_str() == wanted) {
                Some(lang) => Ok(Lang(lang)),
                None => {
                    bail!("unknown language {wanted:?}: the catalog has {}", catalog.languages.join(", "))
                }
            },
        }
    }
}

/// Prints rows under a header, each column as wide as its widest cell; the last column is not
/// padded, so long names do not leave trailing blanks.
pub fn print_aligned(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let last = cells.len().saturating_sub(1);
        let mut text = String::new();
        for (i, cell) in cells.into_iter().enumerate() {
            text.push_str(cell);
            if i < last {
                text.extend(std::iter::repeat_n(' ', widths[i] - cell.chars().count() + 2));
            }
        }
        text.trim_end().to_string()
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for row in rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    Ok(())
}
