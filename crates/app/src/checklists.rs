//! Indicator checklists filled in the portal by an actor's field users: one record per
//! potential victim, pseudonymised before it is stored, keyed `<actor>-<random>` so that each
//! actor's field users see only their own actor's checklists.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::catalog::RecordSchema;
use rapporteur_domain::catalog::{Completeness, IdentityPolicy};
use rapporteur_records::{exact_key, read_birth_date, BirthDate, Encoder, Identity, Record, Secret};

use crate::access::allow;
use crate::error::Result;
use crate::records::RecordImportOutcome;
use crate::App;

/// The record schema of the indicator checklist.
pub const CHECKLIST_SCHEMA: &str = "indicator_checklist";

/// The key prefix of `actor`'s checklists.
fn prefix(actor: &str) -> String {
    format!("{actor}-")
}

impl App {
    /// The checklist a field user of `actor` fills: the checklist's schema belongs to one actor
    /// (the social inspection's), whose tables it counts in, and only its field users fill it.
    /// `None` when the catalog has no checklist.
    pub fn checklist_schema(&self, by: &Caller, actor: &str) -> Result<Option<&RecordSchema>> {
        allow(by, Action::FillChecklist(actor))?;
        let schema = self.catalog.catalog.records.get(CHECKLIST_SCHEMA);
        if schema.is_some_and(|s| s.owner != actor) {
            return Err(crate::error::refuse(crate::PortalError::Forbidden));
        }
        Ok(schema)
    }

    /// Stores checklists filled by `by`, a field user of `actor`: the file must hold
    /// checklists only, each keyed for `actor`.
    pub fn deliver_checklist(
        &mut self,
        by: &Caller,
        actor: &str,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<RecordImportOutcome> {
        if self.checklist_schema(by, actor)?.is_none() {
            return Err(crate::error::refuse(crate::PortalError::Forbidden));
        }
        let own = prefix(actor);
        let admission = crate::record_import::Admission {
            schema: Box::new(|found| {
                if found.id == CHECKLIST_SCHEMA {
                    Ok(())
                } else {
                    Err(crate::error::refuse(crate::PortalError::Forbidden))
                }
            }),
            record: Box::new(move |found, record| record.key(found).starts_with(&own)),
        };
        self.stream_records(by, file_name, bytes, admission)
    }

    /// `actor`'s checklists, for its field users; the read is audited.
    pub fn checklists(&mut self, by: &Caller, actor: &str) -> Result<Vec<Record>> {
        self.checklist_schema(by, actor)?;
        let purpose = "portal: a field user lists their actor's checklists";
        let records = self.load_records(by, CHECKLIST_SCHEMA, purpose)?;
        let Some(schema) = self.catalog.catalog.records.get(CHECKLIST_SCHEMA) else { return Ok(Vec::new()) };
        Ok(records.into_iter().filter(|r| r.key(schema).starts_with(&prefix(actor))).collect())
    }
}

/// Why the identity typed in a checklist could not be pseudonymised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityRefusal {
    /// The birth date is neither a date, nor a known placeholder, nor a year.
    BirthDate,
    /// A birth date and a birth year were both given, and their years differ.
    BirthYearDisagrees,
    /// The portal's shared secret cannot be used (too short).
    UnusableSecret,
}

/// What a typed identity becomes before it is stored: the exact person key (only for a
/// complete identity) and the similarity encoding (of the parts known), in their text forms,
/// and how complete the identity was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pseudonym {
    pub key: String,
    pub encoding: String,
    pub completeness: Completeness,
}

/// The pseudonym of the identity typed in a checklist form, under the actors' shared secret
/// (the bytes of its key file), as `rapporteur pseudonymize` computes it. Nothing typed is an
/// identity too: none, so the checklist is counted and marked unlinkable. An incomplete identity — no birth date, a placeholder, the birth year
/// only (`birth_year`, used when no date is given), one name, no name — is accepted: the
/// checklist is counted whatever is known. The identity goes no further than this function.
pub fn checklist_pseudonym(
    policy: &IdentityPolicy,
    key_file: &[u8],
    (family, given): (&str, &str),
    (birth, birth_year): (&str, &str),
) -> std::result::Result<Pseudonym, IdentityRefusal> {
    let secret = Secret::from_key_file(key_file).map_err(|_| IdentityRefusal::UnusableSecret)?;
    let year_only = read_birth_date(policy, birth_year).map_err(|_| IdentityRefusal::BirthDate)?;
    let birth = if birth.trim().is_empty() { birth_year.trim() } else { birth };
    let identity =
        Identity::read(policy, [family], [given], birth).map_err(|_| IdentityRefusal::BirthDate)?;
    let year = |b: BirthDate| match b {
        BirthDate::Full(date) => Some(date.year),
        BirthDate::Year(year) => Some(year),
        BirthDate::Unknown => None,
    };
    if let (Some(stated), Some(typed)) = (year(identity.birth), year(year_only)) {
        if stated != typed {
            return Err(IdentityRefusal::BirthYearDisagrees);
        }
    }
    let encoder = Encoder::new(&secret);
    Ok(Pseudonym {
        key: exact_key(&secret, &identity).unwrap_or_default(),
        encoding: encoder.encode_identity(&identity).map(|e| e.to_text(encoder.check())).unwrap_or_default(),
        completeness: identity.completeness(),
    })
}
