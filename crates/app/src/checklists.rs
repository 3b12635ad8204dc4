//! Indicator checklists filled in the portal by an actor's field users: one record per
//! potential victim, pseudonymised before it is stored, keyed `<actor>-<random>` so that each
//! actor's field users see only their own actor's checklists.

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::catalog::RecordSchema;
use rapporteur_ingest::parse_records;
use rapporteur_records::{person_key, Encoder, PseudonymError, Record, Secret};

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
        let Some(schema) = self.checklist_schema(by, actor)? else {
            return Err(crate::error::refuse(crate::PortalError::Forbidden));
        };
        let parsed = match parse_records(bytes, &self.catalog.catalog) {
            Ok(parsed) => parsed,
            Err(problems) => return Ok(RecordImportOutcome::Refused(problems)),
        };
        let foreign = parsed.schema != CHECKLIST_SCHEMA
            || parsed.records.iter().any(|r| !r.key(schema).starts_with(&prefix(actor)));
        if foreign {
            return Err(crate::error::refuse(crate::PortalError::Forbidden));
        }
        self.store_records(by, file_name, bytes, parsed)
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

/// Why the identity typed in a checklist gave no person key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityRefusal {
    /// A birth date without any name.
    NoName,
    /// The birth date is not a date.
    BirthDate,
    /// The portal's shared secret cannot be used (too short).
    UnusableSecret,
}

/// What a typed identity becomes before it is stored: the exact person key and the similarity
/// encoding, in their text forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pseudonym {
    pub key: String,
    pub encoding: String,
}

/// The pseudonym of the identity typed in a checklist form, under the actors' shared secret
/// (the bytes of its key file), as `rapporteur pseudonymize` computes it; `None` when no
/// identity was typed. The identity goes no further than this function.
pub fn checklist_pseudonym(
    key_file: &[u8],
    family: &str,
    given: &str,
    birth: &str,
) -> std::result::Result<Option<Pseudonym>, IdentityRefusal> {
    if [family, given, birth].iter().all(|s| s.trim().is_empty()) {
        return Ok(None);
    }
    let secret = Secret::from_key_file(key_file).map_err(|_| IdentityRefusal::UnusableSecret)?;
    let refusal = |e: PseudonymError| match e {
        PseudonymError::NoName => IdentityRefusal::NoName,
        PseudonymError::BirthDate(_) => IdentityRefusal::BirthDate,
        PseudonymError::ShortSecret(_) => IdentityRefusal::UnusableSecret,
    };
    let key = person_key(&secret, [family, given], birth).map_err(refusal)?;
    let encoder = Encoder::new(&secret);
    let encoding = encoder.encode([family, given], birth).map_err(refusal)?;
    Ok(Some(Pseudonym { key, encoding: encoding.to_text(encoder.check()) }))
}
