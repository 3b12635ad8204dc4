//! Record schemas: the fields of one source's record-level data, each bound to a code list
//! where it holds codes, and the derivations that turn its records into observations of the
//! catalog's cubes. Read by `record_parse`; used by the records crate.

use std::collections::BTreeMap;

use crate::label::Labels;

/// The record-level data of one source: an indicator checklist, a guidance file, a
/// prosecution case, a conviction, a police finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSchema {
    pub id: String,
    /// The actor that holds the records (a code of the `actor` list).
    pub owner: String,
    pub name: Labels,
    /// The field that identifies a record within its source (unique in a file); a file's
    /// header tells its schema by this column.
    pub key: String,
    /// Further columns that identify a person in this source, refused like the general ones.
    pub identifying: Vec<String>,
    pub fields: Vec<RecordField>,
    pub derivations: Vec<Derivation>,
    /// Where the source's records stand in the chain from detection to judgment, if they do.
    pub chain: Option<ChainPart>,
}

/// What a source's records are in the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChainRole {
    /// Registrations of (potential) victims: linked into persons, a list for the estimate of
    /// the hidden population.
    Victims,
    /// Prosecution cases, which victims' registrations name by their notice number.
    Cases,
    /// Judgments closing a case, named by its notice number.
    Judgments,
}

/// A source's part in the chain: its role, the date that places a record in time, the fields
/// holding the form of exploitation, the case (notice number) and the place (a code whose
/// region the linkage compares), and the steps of the chain
/// (codes of `chain_step`) a record attests, each under its condition (field → codes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainPart {
    pub role: ChainRole,
    pub date: String,
    pub form: Option<String>,
    pub case: Option<String>,
    pub place: Option<String>,
    pub steps: Vec<(String, BTreeMap<String, Vec<String>>)>,
}

impl RecordSchema {
    pub fn field(&self, id: &str) -> Option<&RecordField> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn field_index(&self, id: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    /// The field holding the pseudonymous person key, if records of this source concern a person.
    pub fn person_field(&self) -> Option<&RecordField> {
        self.fields.iter().find(|f| f.kind == FieldKind::PersonKey)
    }

    /// The field holding the person's similarity encoding, if the source sends one.
    pub fn encoding_field(&self) -> Option<&RecordField> {
        self.fields.iter().find(|f| f.kind == FieldKind::PersonEncoding)
    }

    /// The position of the field saying how complete the person's identity was (a code of the
    /// `identity` list), if the source sends one: written by the pseudonymisation, like the key.
    pub fn identity_field(&self) -> Option<usize> {
        self.fields.iter().position(|f| f.is_identity())
    }
}

/// The code list of how complete a registered identity is ([`super::Completeness`]).
pub const IDENTITY_LIST: &str = "identity";

impl RecordField {
    /// Whether the field says how complete the person's identity was: computed at the source
    /// from the identity, never typed nor generated.
    pub fn is_identity(&self) -> bool {
        matches!(&self.kind, FieldKind::Code { codelist } if codelist == IDENTITY_LIST)
    }
}

/// One field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordField {
    pub id: String,
    /// What the field is called, in every language of the catalog (a page or command that
    /// shows a record's field shows this, never the id).
    pub name: Labels,
    pub kind: FieldKind,
    pub required: bool,
    /// For a reference: the condition under which the reference is expected (`state =
    /// transferred`), as field → code.
    pub when: BTreeMap<String, String>,
    /// For a reference: fields the referenced record shares (a transferred case keeps its form).
    pub same: Vec<String>,
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    /// One code of a code list.
    Code {
        codelist: String,
    },
    /// Any number of codes of a code list (written `a|b` in CSV).
    Codes {
        codelist: String,
    },
    /// A calendar date (`YYYY-MM-DD`).
    Date,
    Integer,
    Bool,
    /// A pseudonymous person key (64 hex digits, HMAC-SHA-256).
    PersonKey,
    /// The person's similarity encoding (a keyed, balanced Bloom filter of the identity, made
    /// at the source beside the key), for linking the same person written differently.
    PersonEncoding,
    /// The key of another record of the same source, and what the link means.
    Ref {
        link: LinkKind,
    },
}

/// What a reference between two records of one source means for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkKind {
    /// The case went on in another district under the referenced key.
    Transfer,
    /// The case was joined to the referenced (parent) case.
    Merge,
}

/// How a derivation takes an observation's period from a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodRule {
    /// The year of a date field (`year(inflow_date)`).
    Year(String),
    /// The cycle's span period (`2019-2020`) when the date field's year is one of the cycle's
    /// (`cycle(inflow_date)`): cohorts followed over the whole cycle.
    Cycle(String),
}

impl PeriodRule {
    pub fn field(&self) -> &str {
        match self {
            PeriodRule::Year(f) | PeriodRule::Cycle(f) => f,
        }
    }
}

/// What one counted unit of a derivation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountUnit {
    /// Every record counts.
    Record,
    /// A chain of transfers counts once, at its first registration; a case merged into
    /// another counts in its parent only (unless the counting rule asked is "as registered").
    Chain,
}

/// Records → observations of one cube: count the records (or chains) at each combination of
/// the fields mapped to the cube's dimensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    pub cube: String,
    pub period: PeriodRule,
    /// Cube dimension → record field, in the cube's dimension order.
    pub dimensions: Vec<(String, String)>,
    /// Field → the codes (or `true`/`false`) that count; an aggregate code stands for its
    /// leaves. For a multi-code field it selects which of a record's codes count.
    pub filter: BTreeMap<String, Vec<String>>,
    pub count: CountUnit,
}
