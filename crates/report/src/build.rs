//! Builds the report document in one language from the catalog's outline, the computed tables
//! and charts, the actors' narrative texts and the validation's findings: chapter by chapter,
//! each place of the outline (the chapter's own number, then its sections) with the actors'
//! texts, then its tables and charts (`blocks.rs`); then the annex.

use std::collections::BTreeMap;

use rapporteur_domain::{Catalog, Chapter, ObservationRow, SuppressionPattern, TableLayout, TextStatus};
use rapporteur_stats::tabulate::ComputedTable;

use crate::blocks::{chart_block, table_block};
use crate::document::{Annex, AnnexFinding, Block, DocChapter, DocSection, Document, Words};
use crate::findings::{finding_message, FindingView};
use crate::format::Locale;

/// One actor's text for one section, in one language (Markdown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Narrative {
    pub section: String,
    pub actor: String,
    pub lang: String,
    pub markdown: String,
    /// The actor's own text, or a translation (a draft is marked when published).
    pub status: TextStatus,
}

/// Everything a report is built from.
pub struct ReportInput<'a> {
    pub catalog: &'a Catalog,
    pub cycle: &'a str,
    pub tables: &'a [(&'a TableLayout, ComputedTable)],
    pub charts: &'a [(&'a TableLayout, ComputedTable)],
    pub narrative: &'a [Narrative],
    pub findings: &'a [FindingView<'a>],
    /// What disclosure control hides (an empty pattern hides nothing).
    pub pattern: &'a SuppressionPattern,
    /// The cells of data the actors flagged not available or confidential instead of a value.
    pub flagged: &'a [ObservationRow],
}

/// Why a report cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the catalog has no report outline (outline.toml)")]
    NoOutline,
}

/// The fixed words the renderers print, in the locale's language.
fn words(catalog: &Catalog, locale: &Locale) -> Words {
    let text = |key: &str| catalog.text(key, &locale.lang).to_string();
    Words {
        contents: text("contents"),
        table: catalog.table_word.get(&locale.lang).to_string(),
        figure: text("figure"),
        annex_title: text("annex_title"),
        annex_intro: text("annex_intro"),
        no_findings: text("no_findings"),
        explained: text("explained"),
        awaiting_translation: text("awaiting_translation"),
        contribution_of: text("contribution_of"),
        draft_translation: text("draft_translation"),
        draft_notice: text("draft_notice"),
        decimal_separator: locale.decimal_separator,
    }
}

/// Builds the report in `locale`'s language.
pub fn build_document(input: &ReportInput<'_>, locale: &Locale) -> Result<Document, BuildError> {
    let catalog = input.catalog;
    let outline = catalog.outline.as_ref().ok_or(BuildError::NoOutline)?;
    let lang = locale.lang.as_str();
    let builder = Builder {
        input,
        locale,
        tables: input.tables.iter().map(|t| (t.0.number, t)).collect(),
        charts: input.charts.iter().map(|t| (t.0.number, t)).collect(),
    };
    Ok(Document {
        lang: lang.to_string(),
        title: outline.title.get(lang).to_string(),
        cycle: input.cycle.to_string(),
        words: words(catalog, locale),
        chapters: outline.chapters.iter().map(|chapter| builder.chapter(chapter)).collect(),
        annex: annex(input, locale),
    })
}

/// A computed table or chart layout with its layout, looked up by its number.
type Computed<'a> = BTreeMap<u32, &'a (&'a TableLayout, ComputedTable)>;

/// What every chapter is built from: the input, the language, and the computed tables and
/// charts by number.
struct Builder<'i, 'a> {
    input: &'i ReportInput<'a>,
    locale: &'i Locale,
    tables: Computed<'a>,
    charts: Computed<'a>,
}

/// A place of the outline where content stands: a section, or the chapter's own number (depth 1,
/// no tables or charts), whose text comes before its first section.
struct Place<'o> {
    number: &'o str,
    depth: usize,
    title: &'o str,
    tables: &'o [u32],
    charts: &'o [u32],
}

impl Builder<'_, '_> {
    /// A chapter with its places that hold something.
    fn chapter(&self, chapter: &Chapter) -> DocChapter {
        let lang = self.locale.lang.as_str();
        // Text at the chapter's own number comes before its first section.
        let own = Place {
            number: &chapter.number,
            depth: 1,
            title: chapter.title.get(lang),
            tables: &[],
            charts: &[],
        };
        let sections = chapter.sections.iter().map(|s| Place {
            number: &s.number,
            depth: s.depth(),
            title: s.title.get(lang),
            tables: &s.tables,
            charts: &s.charts,
        });
        DocChapter {
            number: chapter.number.clone(),
            title: chapter.title.get(lang).to_string(),
            sections: std::iter::once(own).chain(sections).filter_map(|place| self.section(&place)).collect(),
        }
    }

    /// A place's section: the actors' texts, then its tables, then its charts. None for the
    /// chapter's own number when nothing stands there: that heading is the chapter itself.
    fn section(&self, place: &Place<'_>) -> Option<DocSection> {
        let (catalog, locale) = (self.input.catalog, self.locale);
        let mut blocks = self.narrative_blocks(place.number);
        for n in place.tables {
            if let Some((layout, table)) = self.tables.get(n) {
                let marks = (self.input.pattern, self.input.flagged);
                blocks.push(Block::Table(table_block(catalog, layout, table, locale, marks)));
            }
        }
        for n in place.charts {
            if let Some((layout, table)) = self.charts.get(n) {
                let marks = (self.input.pattern, self.input.flagged);
                blocks.push(Block::Chart(chart_block(catalog, layout, table, locale, marks)));
            }
        }
        if place.depth == 1 && blocks.is_empty() {
            return None;
        }
        Some(DocSection {
            number: place.number.to_string(),
            depth: place.depth,
            title: place.title.to_string(),
            blocks,
        })
    }

    /// A block per actor with a text at `section` (in any language), in the order of the actors'
    /// codes.
    fn narrative_blocks(&self, section: &str) -> Vec<Block> {
        let mut actors: Vec<&str> =
            self.input.narrative.iter().filter(|n| n.section == section).map(|n| n.actor.as_str()).collect();
        actors.sort_unstable();
        actors.dedup();
        actors.into_iter().map(|actor| self.narrative_block(section, actor)).collect()
    }

    /// An actor's text at `section` in the report's language, or the note that it exists only in
    /// other languages (which ones).
    fn narrative_block(&self, section: &str, actor: &str) -> Block {
        let lang = self.locale.lang.as_str();
        let texts = self.input.narrative.iter().filter(|n| n.section == section && n.actor == actor);
        match texts.clone().find(|n| n.lang == lang) {
            Some(text) => Block::Narrative {
                actor: self.actor_name(actor),
                markdown: text.markdown.clone(),
                draft: text.status.is_draft(),
            },
            None => {
                let mut available: Vec<String> = texts.map(|n| n.lang.clone()).collect();
                available.sort_unstable();
                available.dedup();
                Block::AwaitingTranslation { actor: self.actor_name(actor), available_in: available }
            }
        }
    }

    /// An actor's name in the report's language (from the `actor` code list), or its code.
    fn actor_name(&self, actor: &str) -> String {
        self.input.catalog.code_labels("actor", actor).get(&self.locale.lang).to_string()
    }
}

/// The data-quality annex: each finding's message in the report's language, with the actor's
/// explanation (and who gave it, on which day) when given, and the severity policy.
fn annex(input: &ReportInput<'_>, locale: &Locale) -> Annex {
    let findings = input
        .findings
        .iter()
        .map(|view| AnnexFinding {
            severity: view.finding.severity.as_str().to_string(),
            severity_label: input
                .catalog
                .text(&format!("severity_label_{}", view.finding.severity.as_str()), &locale.lang)
                .to_string(),
            rule: view.finding.rule.clone(),
            key: view.finding.key.clone(),
            message: finding_message(input.catalog, view.finding, locale),
            tables: view.finding.tables.clone(),
            explanation: view
                .explanation
                .map(|(text, who, at)| format!("{text} ({who}, {})", at.get(..10).unwrap_or(at))),
        })
        .collect();
    Annex { findings, blocks: vec![severity_policy(input.catalog, locale)] }
}

/// What each severity asks of the actor, in the catalog's words (`severity_*` texts), and how
/// a missing cell differs from one the actor flagged (`missing_and_flagged`).
fn severity_policy(catalog: &Catalog, locale: &Locale) -> Block {
    let text = |key: &str| catalog.text(key, &locale.lang).to_string();
    let items: Vec<String> = ["severity_error", "severity_warning", "severity_info"]
        .iter()
        .map(|key| format!("- {}", text(key)))
        .collect();
    Block::Narrative {
        actor: "Rapporteur".to_string(),
        markdown: format!(
            "{}\n\n{}\n\n{}\n",
            text("severity_policy"),
            items.join("\n"),
            text("missing_and_flagged")
        ),
        draft: false,
    }
}
