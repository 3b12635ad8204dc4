//! The data-quality annex's account of incomplete identities: per source of records, how many
//! registrations had a complete identity and how many had none, no birth date, the birth year
//! only or a single name — counted in every table all the same, but linked only after the
//! coordinator's review — so that the coordinator sees where registration practice must
//! improve. Its words are those of `locales/{nl,fr,en}/identity.ftl`.

use std::sync::OnceLock;

use fluent_bundle::FluentArgs;
use rapporteur_domain::catalog::{Completeness, SourceIdentities};
use rapporteur_domain::Catalog;
use rapporteur_stats::tabulate::CellValue;

use crate::document::{Block, TableBlock, TableCell, TableRow};
use crate::format::{format_cell, Locale};
use crate::messages::Messages;

const SOURCES: [(&str, &[&str]); 3] = [
    ("nl", &[include_str!("../locales/nl/identity.ftl")]),
    ("fr", &[include_str!("../locales/fr/identity.ftl")]),
    ("en", &[include_str!("../locales/en/identity.ftl")]),
];

fn messages() -> &'static Messages {
    static MESSAGES: OnceLock<Messages> = OnceLock::new();
    MESSAGES.get_or_init(|| Messages::load(&SOURCES))
}

/// `part` as a percentage of `whole` in hundredths, rounded half up; 0 of nothing.
fn hundredths(part: u64, whole: u64) -> i64 {
    (10_000 * part + whole / 2).checked_div(whole).unwrap_or(0) as i64
}

/// The annex's paragraph and table on incomplete identities in `locale`'s language, the table
/// numbered `number`; nothing when no source holds records.
pub fn identity_annex(
    catalog: &Catalog,
    sources: &[SourceIdentities],
    locale: &Locale,
    number: u32,
) -> Vec<Block> {
    let sources: Vec<&SourceIdentities> = sources.iter().filter(|s| s.total() > 0).collect();
    if sources.is_empty() {
        return Vec::new();
    }
    let lang = locale.lang.as_str();
    let word = |key: &str, args: Option<&FluentArgs<'_>>| messages().text(lang, key, args);
    let (registrations, incomplete): (u64, u64) =
        sources.iter().fold((0, 0), |(t, i), s| (t + s.total(), i + s.incomplete()));
    let share = |part: u64, whole: u64| {
        format_cell(Some(CellValue::Pct { hundredths: hundredths(part, whole) }), "0", "", locale)
    };
    let mut args = FluentArgs::new();
    args.set("registrations", registrations);
    args.set("incomplete", incomplete);
    args.set("share", share(incomplete, registrations));
    let paragraph = format!(
        "**{}**\n\n{}",
        word("identity-annex-title", None),
        word("identity-annex-intro", Some(&args))
    );

    let mut columns: Vec<String> =
        Completeness::ALL.iter().map(|c| c.label(catalog, lang).to_string()).collect();
    columns.push(word("identity-annex-share", None));
    let rows = sources
        .iter()
        .map(|s| {
            let mut cells: Vec<TableCell> = Completeness::ALL
                .iter()
                .map(|c| TableCell::count(s.counts.get(c).copied().unwrap_or(0)))
                .collect();
            cells.push(TableCell {
                text: share(s.incomplete(), s.total()),
                value: Some((hundredths(s.incomplete(), s.total()), 2)),
                pct: true,
                total: false,
                is_text: false,
                suppressed: false,
            });
            TableRow { labels: vec![s.name.get(lang).to_string()], cells, total: false }
        })
        .collect();
    let caption = word("identity-annex-caption", None);
    let table_word = catalog.table_word.get(lang);
    vec![
        // Computed by the system, not written by an actor.
        Block::Narrative { actor: "Rapporteur".to_string(), markdown: paragraph, draft: false },
        Block::Table(TableBlock {
            number,
            title: format!("{table_word} {number}: {caption}"),
            caption,
            row_header: vec![word("identity-annex-source", None)],
            column_headers: vec![columns],
            rows,
            source: word("identity-annex-table-source", None),
            footnotes: Vec::new(),
        }),
    ]
}
