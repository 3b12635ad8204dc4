//! The API's JSON bodies: what the handlers send, and what `/api/v1/openapi.json` describes
//! (the schemas are derived from these types).

use std::collections::BTreeMap;

use rapporteur_app::{ImportOutcome, ImportProblem, RecordImportOutcome};
use rapporteur_domain::{Catalog, Finding, ReportBuild, StoredFinding};
use rapporteur_report::{finding_message, Locale};
use serde::Serialize;
use utoipa::ToSchema;

/// At most this many problems of a refused file are listed; `problems_total` counts them all
/// (the file is refused whole anyway, and the first ones are what is fixed first).
pub const LISTED_PROBLEMS: usize = 1000;

/// The bytes of a file (a request body, or a download).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct FileBytes(#[allow(dead_code)] Vec<u8>);

/// The token a request was made with.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenInfo {
    pub label: String,
    /// contributor, reviewer, field or reader.
    pub role: String,
    /// The actor the token is scoped to (none for a reader's token).
    pub actor: Option<String>,
}

/// What an import did with a file.
#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Stored, in one transaction (201).
    Imported,
    /// The store already held exactly these values: nothing was written (200).
    Unchanged,
    /// The file had problems: nothing was stored (422).
    Refused,
}

impl Outcome {
    pub fn status(self) -> u16 {
        match self {
            Outcome::Imported => 201,
            Outcome::Unchanged => 200,
            Outcome::Refused => 422,
        }
    }
}

/// A problem of a refused file, where it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// The sheet of a workbook.
    pub sheet: Option<String>,
    /// The row (1 is the header row of a CSV file).
    pub row: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// As the command line prints it: `file:row:column: message`.
    pub located: String,
}

fn problems(file_name: &str, all: &[ImportProblem]) -> Vec<Problem> {
    all.iter()
        .take(LISTED_PROBLEMS)
        .map(|p| Problem {
            sheet: p.sheet.clone(),
            row: p.row,
            column: p.column,
            message: p.message.clone(),
            located: p.located(file_name).to_string(),
        })
        .collect()
}

/// Counts of a return read without problems.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportCounts {
    /// How the file was read (CSV flavour, or a workbook's sheets).
    pub layout: String,
    pub observations: usize,
    pub control_values: usize,
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
    /// The cubes the file holds.
    pub cubes: Vec<String>,
}

/// A cell a finding is about.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingCellJson {
    pub cube: String,
    pub period: String,
    /// Dimension → code.
    pub codes: BTreeMap<String, String>,
    /// control, data, total or pct.
    pub role: String,
    /// The stated value, scaled by 10^decimals.
    pub expected: Option<i64>,
    /// The value the data give, scaled by 10^decimals.
    pub actual: Option<i64>,
    pub decimals: u32,
}

/// An explanation an actor gave for a finding.
#[derive(Debug, Serialize, ToSchema)]
pub struct Explanation {
    pub text: String,
    pub by: String,
    pub at: String,
}

/// What a rule found.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingJson {
    /// Stable across validations: an explanation stays attached to it.
    pub key: String,
    pub rule: String,
    /// error, warning or info.
    pub severity: String,
    pub actor: Option<String>,
    /// The rule's message in the request's language.
    pub message: String,
    pub cells: Vec<FindingCellJson>,
    /// The report tables showing its cells.
    pub tables: Vec<u32>,
    pub explanation: Option<Explanation>,
}

pub fn finding_json(
    catalog: &Catalog,
    lang: &str,
    finding: &Finding,
    explanation: Option<Explanation>,
) -> FindingJson {
    let locale = Locale::new(catalog, lang);
    FindingJson {
        key: finding.key.clone(),
        rule: finding.rule.clone(),
        severity: finding.severity.as_str().to_string(),
        actor: finding.actor.clone(),
        message: finding_message(catalog, finding, &locale),
        cells: finding
            .cells
            .iter()
            .map(|c| FindingCellJson {
                cube: c.cube.clone(),
                period: c.period.clone(),
                codes: c.codes.clone(),
                role: c.role.clone(),
                expected: c.expected,
                actual: c.actual,
                decimals: c.decimals,
            })
            .collect(),
        tables: finding.tables.clone(),
        explanation,
    }
}

pub fn stored_finding_json(catalog: &Catalog, lang: &str, stored: &StoredFinding) -> FindingJson {
    let explanation = stored.acknowledgment.as_ref().map(|a| Explanation {
        text: a.explanation.clone(),
        by: a.who.clone(),
        at: a.at.clone(),
    });
    finding_json(catalog, lang, &stored.finding, explanation)
}

/// The answer to a return's submission: the import's outcome, as `rapporteur import` and the
/// portal's upload report it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnSubmission {
    pub outcome: Outcome,
    pub cycle: String,
    pub file_name: String,
    /// The import that stored the file (when imported).
    pub import_id: Option<i64>,
    /// The counts (when the file was read without problems).
    pub counts: Option<ImportCounts>,
    /// Every problem of a refused file, located (at most 1000 listed).
    pub problems: Vec<Problem>,
    pub problems_total: usize,
    /// After an import the cycle is validated again: the findings on the cubes the file holds.
    pub findings: Vec<FindingJson>,
}

impl ReturnSubmission {
    pub fn of(catalog: &Catalog, lang: &str, cycle: &str, file_name: &str, outcome: &ImportOutcome) -> Self {
        let mut answer = ReturnSubmission {
            outcome: Outcome::Refused,
            cycle: cycle.to_string(),
            file_name: file_name.to_string(),
            import_id: None,
            counts: None,
            problems: Vec::new(),
            problems_total: 0,
            findings: Vec::new(),
        };
        let counts = |s: &rapporteur_app::ImportSummary| ImportCounts {
            layout: s.layout.clone(),
            observations: s.observations,
            control_values: s.control_values,
            added: s.added,
            updated: s.updated,
            removed: s.removed,
            cubes: s.cubes.clone(),
        };
        match outcome {
            ImportOutcome::Refused(all) => {
                answer.problems = problems(file_name, all);
                answer.problems_total = all.len();
            }
            ImportOutcome::Unchanged(summary) => {
                answer.outcome = Outcome::Unchanged;
                answer.counts = Some(counts(summary));
            }
            ImportOutcome::Imported { import_id, summary, findings } => {
                answer.outcome = Outcome::Imported;
                answer.import_id = Some(*import_id);
                answer.counts = Some(counts(summary));
                answer.findings = findings.iter().map(|f| finding_json(catalog, lang, f, None)).collect();
            }
        }
        answer
    }
}

/// The answer to a record file's submission, as `rapporteur import-records` reports it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordSubmission {
    pub outcome: Outcome,
    pub file_name: String,
    /// The record schema the file holds (when read).
    pub schema: Option<String>,
    pub import_id: Option<i64>,
    /// Records the file holds (when unchanged).
    pub records: Option<usize>,
    pub added: Option<usize>,
    pub updated: Option<usize>,
    pub unchanged: Option<usize>,
    pub problems: Vec<Problem>,
    pub problems_total: usize,
}

impl RecordSubmission {
    pub fn of(file_name: &str, outcome: &RecordImportOutcome) -> Self {
        let mut answer = RecordSubmission {
            outcome: Outcome::Refused,
            file_name: file_name.to_string(),
            schema: None,
            import_id: None,
            records: None,
            added: None,
            updated: None,
            unchanged: None,
            problems: Vec::new(),
            problems_total: 0,
        };
        match outcome {
            RecordImportOutcome::Refused(all) => {
                answer.problems = problems(file_name, all);
                answer.problems_total = all.len();
            }
            RecordImportOutcome::Unchanged { schema, records } => {
                answer.outcome = Outcome::Unchanged;
                answer.schema = Some(schema.clone());
                answer.records = Some(*records);
            }
            RecordImportOutcome::Imported { import_id, schema, added, updated, unchanged } => {
                answer.outcome = Outcome::Imported;
                answer.schema = Some(schema.clone());
                answer.import_id = Some(*import_id);
                answer.added = Some(*added);
                answer.updated = Some(*updated);
                answer.unchanged = Some(*unchanged);
            }
        }
        answer
    }
}

/// The findings on the token's returns in a cycle.
#[derive(Debug, Serialize, ToSchema)]
pub struct Findings {
    pub cycle: String,
    pub findings: Vec<FindingJson>,
}

/// A published report build.
#[derive(Debug, Serialize, ToSchema)]
pub struct Publication {
    pub id: i64,
    pub cycle: String,
    pub lang: String,
    /// html, pdf, xlsx or md.
    pub format: String,
    pub size: i64,
    pub sha256: String,
    pub built_at: String,
    /// Whether the open data were published with it (`/publications/{id}/data`).
    pub open_data: bool,
}

impl From<&ReportBuild> for Publication {
    fn from(b: &ReportBuild) -> Publication {
        Publication {
            id: b.id,
            cycle: b.cycle.clone(),
            lang: b.lang.clone(),
            format: b.format.clone(),
            size: b.size,
            sha256: b.sha256.clone(),
            built_at: b.built_at.clone(),
            open_data: b.open_data_size.is_some(),
        }
    }
}

/// The published reports, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct Publications {
    pub publications: Vec<Publication>,
}

/// The tables of a publication's open data: one per cube, every published cell once.
#[derive(Debug, Serialize, ToSchema)]
pub struct DataTables {
    pub publication: i64,
    pub cycle: String,
    /// The tables, by name (a cube's id): `/publications/{id}/data/{table}`.
    pub tables: Vec<String>,
}

/// One table of the open data as published: the tidy CSV's columns and rows (every value as
/// the CSV writes it; an empty string where the CSV has none, e.g. a suppressed cell's value).
#[derive(Debug, Serialize, ToSchema)]
pub struct DataTable {
    pub publication: i64,
    pub table: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}
