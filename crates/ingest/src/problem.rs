//! A problem of an import file, located as precisely as the defect allows.

use std::fmt;

/// One problem: where (sheet, 1-based row, 1-based column, as a spreadsheet shows them) and
/// what is wrong with what was expected.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ImportProblem {
    pub sheet: Option<String>,
    pub row: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl ImportProblem {
    pub fn file(message: impl Into<String>) -> Self {
        ImportProblem { sheet: None, row: None, column: None, message: message.into() }
    }

    pub fn at(row: usize, column: Option<usize>, message: impl Into<String>) -> Self {
        ImportProblem { sheet: None, row: Some(row), column, message: message.into() }
    }

    pub fn in_sheet(mut self, sheet: &str) -> Self {
        self.sheet = Some(sheet.to_string());
        self
    }

    /// The problem as `file:row:column: message` (`file[sheet]:…` for a workbook).
    pub fn located<'a>(&'a self, file: &'a str) -> Located<'a> {
        Located { file, problem: self }
    }
}

/// Display adapter for [`ImportProblem::located`].
pub struct Located<'a> {
    file: &'a str,
    problem: &'a ImportProblem,
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.problem;
        write!(f, "{}", self.file)?;
        if let Some(sheet) = &p.sheet {
            write!(f, "[{sheet}]")?;
        }
        if let Some(row) = p.row {
            write!(f, ":{row}")?;
            if let Some(column) = p.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", p.message)
    }
}
