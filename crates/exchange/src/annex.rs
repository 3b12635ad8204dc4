//! The data-quality annex's account of the figures sent abroad: per population, year and
//! destination, the report's total, the total sent, and what explains a difference. Its words
//! are those of `locales/{nl,fr,en}/consistency.ftl`.
//!
//! Nothing is printed that the publication does not already show: a total is printed only
//! when disclosure control left it free (the caller says which report totals are), and a
//! difference's size only when both totals are printed.

use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::FluentArgs;
use rapporteur_domain::{Catalog, CellKey};
use rapporteur_report::{Block, Locale, TableBlock, TableCell, TableRow};

use crate::consistency::{ConsistencyLine, Explanation, Verdict};
use crate::words::messages;
use crate::Export;

/// The annex's paragraph and table on the figures sent abroad, the table numbered `number`;
/// nothing when no destination receives a population the rules name. `printable` says whether
/// a report total may be printed (a published cell disclosure control left free).
pub fn consistency_annex(
    catalog: &Catalog,
    lines: &[ConsistencyLine],
    printable: &dyn Fn(&CellKey) -> bool,
    locale: &Locale,
    number: u32,
) -> Vec<Block> {
    if lines.is_empty() {
        return Vec::new();
    }
    let lang = locale.lang.as_str();
    let word = |key: &str, args: Option<&FluentArgs<'_>>| messages().text(lang, key, args);
    let destinations: BTreeSet<&str> = lines.iter().map(|l| l.destination.as_str()).collect();
    let names: Vec<&str> =
        destinations.iter().map(|d| catalog.crosswalks.get(*d).map_or(*d, |c| c.name.get(lang))).collect();
    let mut args = FluentArgs::new();
    args.set("destinations", names.join("; "));
    let paragraph = format!(
        "**{}**\n\n{}",
        word("consistency-annex-title", None),
        word("consistency-annex-intro", Some(&args))
    );
    let worst = worst_lines(lines);
    let text = |text: String| TableCell {
        text,
        value: None,
        pct: false,
        total: false,
        is_text: true,
        suppressed: false,
    };
    let rows = worst
        .values()
        .map(|line| {
            let destination = catalog
                .crosswalks
                .get(&line.destination)
                .map_or(line.destination.as_str(), |c| c.name.get(lang));
            let cube = catalog.cube(&line.cube).map_or(line.cube.as_str(), |c| c.name.get(lang));
            TableRow {
                labels: vec![destination.to_string(), cube.to_string(), line.period.clone()],
                cells: vec![text(verdict_text(catalog, line, printable, lang))],
                total: false,
            }
        })
        .collect();
    let caption = word("consistency-annex-caption", None);
    let table_word = catalog.table_word.get(lang);
    vec![
        Block::Narrative { actor: "Rapporteur".to_string(), markdown: paragraph, draft: false },
        Block::Table(TableBlock {
            number,
            title: format!("{table_word} {number}: {caption}"),
            caption,
            row_header: vec![
                word("consistency-annex-destination", None),
                word("consistency-annex-population", None),
                word("consistency-annex-year", None),
            ],
            column_headers: vec![vec![word("consistency-annex-verdict", None)]],
            rows,
            source: word("consistency-annex-table-source", None),
            footnotes: Vec::new(),
        }),
    ]
}

/// What `rapporteur export` says when it has written `files` files of `export` into `dir`.
pub fn export_written(lang: &str, export: &Export<'_>, dir: &str, files: usize) -> String {
    let mut args = FluentArgs::new();
    args.set("files", files);
    args.set("cycle", export.cycle.to_string());
    args.set("destination", export.crosswalk.name.get(lang).to_string());
    args.set("dir", dir.to_string());
    args.set("cells", export.cells.iter().filter(|c| c.value.is_some() || c.status.is_suppressed()).count());
    args.set("suppressed", export.cells.iter().filter(|c| c.status.is_suppressed()).count());
    args.set("unsent", export.not_sent.len());
    messages().text(lang, "export-written", Some(&args))
}

/// The lines of `destination` that differ from the report, as the command line prints them
/// (with every size: the coordinator sees the store).
pub fn consistency_lines(
    catalog: &Catalog,
    lines: &[ConsistencyLine],
    destination: &str,
    lang: &str,
) -> Vec<String> {
    let everything = |_: &CellKey| true;
    worst_lines(lines)
        .into_values()
        .filter(|l| l.destination == destination && l.verdict != Verdict::Same)
        .map(|l| {
            let mut args = FluentArgs::new();
            args.set(
                "figure",
                catalog.cube(&l.cube).map_or(l.cube.as_str(), |c| c.name.get(lang)).to_string(),
            );
            args.set("year", l.period.clone());
            let text = verdict_text(catalog, l, &everything, lang);
            let (verdict, reasons) = text.split_once('\n').unwrap_or((&text, ""));
            args.set("verdict", format!("{verdict} {}", reasons.replace('\n', "; ")).trim_end().to_string());
            messages().text(lang, "export-consistency", Some(&args))
        })
        .collect()
}

/// Per destination, figure and year, the worst of its lines (a figure may be a member of
/// several populations), in that order.
fn worst_lines(lines: &[ConsistencyLine]) -> BTreeMap<(&str, &str, &str), &ConsistencyLine> {
    let mut worst: BTreeMap<(&str, &str, &str), &ConsistencyLine> = BTreeMap::new();
    for line in lines {
        let slot = worst.entry((&line.destination, &line.cube, &line.period)).or_insert(line);
        if severity(&line.verdict) > severity(&slot.verdict) {
            *slot = line;
        }
    }
    worst
}

/// How bad a verdict is, to keep the worst of a figure's lines.
fn severity(verdict: &Verdict) -> u8 {
    match verdict {
        Verdict::Same => 0,
        Verdict::Explained(_) => 1,
        Verdict::Unexplained { .. } => 2,
    }
}

/// What the difference column says: none, or each explanation on its line, and what is left
/// unexplained. A size is printed only when the cells it is the difference of are printed.
fn verdict_text(
    catalog: &Catalog,
    line: &ConsistencyLine,
    printable: &dyn Fn(&CellKey) -> bool,
    lang: &str,
) -> String {
    let word = |key: &str, args: Option<&FluentArgs<'_>>| messages().text(lang, key, args);
    let (explained, gap) = match &line.verdict {
        Verdict::Same => return word("consistency-same", None),
        Verdict::Explained(explained) => (explained, None),
        Verdict::Unexplained { gap, explained } => (explained, Some(*gap)),
    };
    let mut parts = Vec::new();
    let data_gap_shown = printable(&line.report_key) && printable(&line.reference_key);
    match gap {
        Some(gap) if data_gap_shown && gap == line.report - line.reference => {
            let mut args = FluentArgs::new();
            args.set("gap", gap.abs());
            parts.push(word("consistency-unexplained", Some(&args)));
        }
        Some(_) => parts.push(word("consistency-unexplained-hidden", None)),
        None => parts.push(word("consistency-explained", None)),
    }
    let data_gap = line.report != line.reference;
    let actor_explained = explained.iter().any(|e| matches!(e, Explanation::Actor { .. }));
    for explanation in explained {
        let mut args = FluentArgs::new();
        let key = match explanation {
            Explanation::NotSent(withheld) => {
                let labels: Vec<&str> =
                    withheld.iter().map(|w| code_label(catalog, &line.cube, &w.code, lang)).collect();
                let reasons: BTreeSet<&str> = withheld.iter().map(|w| w.reason.get(lang)).collect();
                args.set("codes", labels.join(", "));
                args.set("count", withheld.iter().map(|w| w.count).sum::<i64>());
                args.set("reason", reasons.into_iter().collect::<Vec<_>>().join(" "));
                if withheld.iter().all(|w| printable(&w.key)) {
                    "consistency-not-sent"
                } else {
                    "consistency-not-sent-hidden"
                }
            }
            Explanation::Definition { filter, .. } => {
                let codes: Vec<&str> = filter
                    .iter()
                    .flat_map(|(_, codes)| codes.iter().map(|c| code_label(catalog, &line.cube, c, lang)))
                    .collect();
                args.set("filter", codes.join(", "));
                "consistency-definition"
            }
            Explanation::Actor { explanation, .. } => {
                args.set("explanation", explanation.clone());
                "consistency-actor"
            }
        };
        parts.push(word(key, Some(&args)));
    }
    if data_gap && !actor_explained {
        parts.push(word("consistency-data", None));
    }
    parts.join("\n")
}

/// The label of `code` in whichever of the cube's code lists has it.
fn code_label<'a>(catalog: &'a Catalog, cube: &str, code: &'a str, lang: &str) -> &'a str {
    catalog
        .cube(cube)
        .into_iter()
        .flat_map(|c| &c.dimensions)
        .find_map(|d| catalog.code_list_of(d).get(code))
        .map_or(code, |c| c.labels.get(lang))
}
