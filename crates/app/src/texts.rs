//! The actors' texts of the report's sections: written per language in the portal (Markdown),
//! over the texts of the embedded data set; locked while submitted or approved.

use std::collections::BTreeMap;

use rapporteur_domain::access::{Action, Caller};
use rapporteur_domain::{ItemRef, TextStatus};
use rapporteur_report::Narrative;
use rapporteur_store::{Stamp, TextRef};

use crate::access::allow;
use crate::cycles::ItemView;
use crate::error::{refuse, PortalError, Result};
use crate::limits::{check_length, MAX_TEXT_CHARS};
use crate::App;

/// An actor's texts of one section, per language, and where the section stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionTexts {
    pub view: ItemView,
    /// Per language of the catalog, the text (empty when none was written).
    pub texts: BTreeMap<String, String>,
    /// Per language with a text, how far it is from publishable (the actor's own, a draft
    /// translation, a translation, a reviewed one); a language without awaits translation.
    pub statuses: BTreeMap<String, TextStatus>,
}

impl App {
    /// Saves an actor's text of a section in one language (the actor's contributor), unless the
    /// section is submitted or approved. Returns false when the text was already exactly this.
    pub fn save_text(
        &mut self,
        by: &Caller,
        cycle: &str,
        section: &ItemRef,
        lang: &str,
        markdown: &str,
    ) -> Result<bool> {
        allow(by, Action::Contribute(&section.actor))?;
        check_length("text", markdown, MAX_TEXT_CHARS)?;
        self.check_language(lang)?;
        if self.find_assignment(cycle, section)?.is_none() {
            return Err(refuse(PortalError::NotAssigned(section.item.clone())));
        }
        self.check_unlocked(cycle, section)?;
        let at = self.now();
        let text = TextRef { cycle, section: &section.item, actor: &section.actor, lang };
        // Written by the actor in the portal: theirs in that language.
        let saved = (markdown, TextStatus::Original);
        Ok(self.store.save_narrative(text, saved, Stamp { at: &at, by: by.name() })?)
    }

    /// An assigned section's texts in every language, as `by` may see them.
    pub fn section_texts(&self, by: &Caller, cycle: &str, section: &ItemRef) -> Result<SectionTexts> {
        let view = self.item_view(by, cycle, section)?;
        if view.assignment.is_none() {
            return Err(refuse(PortalError::NotAssigned(section.item.clone())));
        }
        let narratives = self.narratives(cycle)?;
        let statuses = narratives
            .iter()
            .filter(|n| n.section == section.item && n.actor == section.actor)
            .map(|n| (n.lang.clone(), n.status))
            .collect();
        let texts = self
            .catalog
            .catalog
            .languages
            .iter()
            .map(|lang| {
                let text = narratives
                    .iter()
                    .find(|n| n.section == section.item && n.actor == section.actor && &n.lang == lang)
                    .map(|n| n.markdown.clone())
                    .unwrap_or_default();
                (lang.clone(), text)
            })
            .collect();
        Ok(SectionTexts { view, texts, statuses })
    }

    /// The actors' texts of a cycle: the embedded data set's, replaced by those saved in the
    /// portal. The report publishes them; they are not an actor's private data.
    pub(crate) fn narratives(&self, cycle: &str) -> Result<Vec<Narrative>> {
        let mut merged: BTreeMap<(String, String, String), (String, TextStatus)> =
            crate::embedded_narrative(cycle)
                .into_iter()
                .map(|n| ((n.section, n.actor, n.lang), (n.markdown, n.status)))
                .collect();
        for saved in self.store.narratives(cycle)? {
            merged.insert((saved.section, saved.actor, saved.lang), (saved.markdown, saved.status));
        }
        Ok(merged
            .into_iter()
            .map(|((section, actor, lang), (markdown, status))| Narrative {
                section,
                actor,
                lang,
                markdown,
                status,
            })
            .collect())
    }
}
