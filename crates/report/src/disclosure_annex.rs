//! The data-quality annex's account of disclosure control: the policy in a paragraph, how many
//! published figures were hidden per kind of figure (counts of cells, never their values), the
//! exemptions with their reasons, and any sensitive figure that could not be protected. Its
//! words are those of `locales/{nl,fr,en}/disclosure.ftl`.

use std::sync::OnceLock;

use fluent_bundle::FluentArgs;
use rapporteur_domain::{Catalog, SuppressionPattern};

use crate::document::{Block, TableBlock, TableCell, TableRow};
use crate::format::Locale;
use crate::messages::Messages;

const SOURCES: [(&str, &[&str]); 3] = [
    ("nl", &[include_str!("../locales/nl/disclosure.ftl")]),
    ("fr", &[include_str!("../locales/fr/disclosure.ftl")]),
    ("en", &[include_str!("../locales/en/disclosure.ftl")]),
];

fn messages() -> &'static Messages {
    static MESSAGES: OnceLock<Messages> = OnceLock::new();
    MESSAGES.get_or_init(|| Messages::load(&SOURCES))
}

/// What disclosure control did to a publication, as the annex reports it.
pub struct DisclosureSummary<'a> {
    pub pattern: &'a SuppressionPattern,
    /// Published cells in all, each once.
    pub cells: usize,
    /// Sensitive cells no suppression could protect.
    pub unprotectable: usize,
}

/// The annex's paragraph and table on disclosure control, the table numbered `number`; nothing
/// when the policy hid nothing.
pub fn disclosure_annex(
    catalog: &Catalog,
    summary: &DisclosureSummary<'_>,
    locale: &Locale,
    number: u32,
) -> Vec<Block> {
    if summary.pattern.is_empty() && summary.unprotectable == 0 {
        return Vec::new();
    }
    let policy = &catalog.disclosure;
    let lang = locale.lang.as_str();
    let word = |key: &str, args: Option<&FluentArgs<'_>>| messages().text(lang, key, args);
    let by_cube = summary.pattern.counts_by_cube();
    let (primary, secondary) = by_cube.values().fold((0, 0), |(p, s), (a, b)| (p + a, s + b));
    let mut args = FluentArgs::new();
    args.set("k", policy.k);
    args.set("width", policy.min_interval);
    args.set("cells", summary.cells);
    args.set("primary", primary);
    args.set("secondary", secondary);
    args.set("symbol", policy.symbol.clone());
    args.set("count", summary.unprotectable);
    let mut paragraph = format!(
        "**{}**\n\n{}\n\n{}",
        word("disclosure-annex-title", None),
        word("disclosure-annex-intro", Some(&args)),
        policy.amounts_note.get(lang)
    );
    if !policy.exemptions.is_empty() {
        paragraph.push_str(&format!("\n\n{}\n", word("disclosure-annex-exempt", None)));
        for e in &policy.exemptions {
            let cube = catalog.cube(&e.cube).map_or(e.cube.as_str(), |c| c.name.get(lang));
            paragraph.push_str(&format!("\n- {cube}: {}", e.reason.get(lang)));
        }
    }
    if summary.unprotectable > 0 {
        paragraph.push_str(&format!("\n\n{}", word("disclosure-annex-unprotectable", Some(&args))));
    }
    let rows = by_cube
        .iter()
        .map(|(cube, (p, s))| TableRow {
            labels: vec![catalog.cube(cube).map_or(cube.to_string(), |c| c.name.get(lang).to_string())],
            cells: vec![TableCell::count(*p as u64), TableCell::count(*s as u64)],
            total: false,
        })
        .collect();
    let caption = word("disclosure-annex-caption", None);
    let table_word = catalog.table_word.get(lang);
    vec![
        Block::Narrative { actor: "Rapporteur".to_string(), markdown: paragraph, draft: false },
        Block::Table(TableBlock {
            number,
            title: format!("{table_word} {number}: {caption}"),
            caption,
            row_header: vec![word("disclosure-annex-cube", None)],
            column_headers: vec![vec![
                word("disclosure-annex-primary", Some(&args)),
                word("disclosure-annex-secondary", None),
            ]],
            rows,
            source: word("disclosure-annex-table-source", None),
            footnotes: Vec::new(),
        }),
    ]
}

/// What a protection run decided, as the command line prints it.
pub struct ProtectionFigures<'a> {
    pub cycle: &'a str,
    pub cells: usize,
    pub by_cube: &'a [(String, usize, usize)],
    pub narrowest: Option<f64>,
    pub programs: usize,
}

/// The lines `rapporteur protect` prints in `lang`: the summary, then one line per cube.
pub fn protection_lines(catalog: &Catalog, figures: &ProtectionFigures<'_>, lang: &str) -> Vec<String> {
    let policy = &catalog.disclosure;
    let (primary, secondary) = figures.by_cube.iter().fold((0, 0), |(p, s), c| (p + c.1, s + c.2));
    let mut args = FluentArgs::new();
    args.set("cycle", figures.cycle.to_string());
    args.set("cells", figures.cells);
    args.set("primary", primary);
    args.set("secondary", secondary);
    args.set("k", policy.k);
    args.set("width", policy.min_interval);
    args.set("narrowest", figures.narrowest.map_or("—".to_string(), |n| format!("{n:.1}")));
    args.set("programs", figures.programs);
    let mut lines = vec![messages().text(lang, "disclosure-summary", Some(&args))];
    for (cube, p, s) in figures.by_cube {
        let mut args = FluentArgs::new();
        args.set("cube", cube.clone());
        args.set("primary", *p);
        args.set("secondary", *s);
        args.set("k", policy.k);
        lines.push(format!("  {}", messages().text(lang, "disclosure-summary-cube", Some(&args))));
    }
    lines
}

/// The line `rapporteur protect --each-table` adds: what table-by-table protection hides and
/// how many of its sensitive counts the attacker of the whole publication narrows.
pub fn each_table_line(catalog: &Catalog, suppressed: usize, narrowed: usize, lang: &str) -> String {
    let policy = &catalog.disclosure;
    let mut args = FluentArgs::new();
    args.set("suppressed", suppressed);
    args.set("narrowed", narrowed);
    args.set("k", policy.k);
    args.set("width", policy.min_interval);
    messages().text(lang, "disclosure-each-table", Some(&args))
}
