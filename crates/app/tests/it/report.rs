//! The report built from the embedded data set: golden Markdown and HTML of the figures
//! chapter (`test_data/report/`, rewritten on purpose with `UPDATE_EXPECT=1`), the workbook
//! reopened and compared cell for cell with the tables, the Dutch and French reports differing
//! only in language, and the same inputs giving the same bytes.

use std::path::Path;
use std::sync::OnceLock;

use crate::officer;
use calamine::{Data, Reader};
use rapporteur_app::{embedded_data_set, App, Document, LoadedCatalog};
use rapporteur_report::{render_html, render_markdown, render_xlsx, Block, TableBlock};

fn documents() -> &'static Vec<Document> {
    static DOCUMENTS: OnceLock<Vec<Document>> = OnceLock::new();
    DOCUMENTS.get_or_init(|| {
        let store = crate::TestStore::new();
        let clock = Box::new(|| "2021-06-30T12:00:00Z".to_string());
        let mut app =
            App::open(LoadedCatalog::embedded().unwrap(), store.location(), &officer(), clock).unwrap();
        for file in embedded_data_set("2019-2020") {
            app.import(&officer(), &file.path, file.bytes, Some("2019-2020"), &mut |_, _| {}).unwrap();
        }
        app.report(&officer(), Some("2019-2020"), &["nl".to_string(), "fr".to_string()]).unwrap()
    })
}

/// The part of a rendering from chapter 11's heading to the annex.
fn figures_chapter<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).expect("chapter 11 is rendered");
    let to = text[from..].find(end).map_or(text.len(), |i| from + i);
    &text[from..to]
}

fn check_golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/report").join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs from the rendering; run with UPDATE_EXPECT=1 and review the diff",
        path.display()
    );
}

#[test]
fn the_figures_chapter_is_as_reviewed_in_markdown_and_html() {
    let nl = &documents()[0];
    let mut markdown = Vec::new();
    render_markdown(nl, &mut markdown).unwrap();
    let markdown = String::from_utf8(markdown).unwrap();
    check_golden("chapter_11.nl.md", figures_chapter(&markdown, "\n## 11 ", "\n## Bijlage"));
    let mut html = Vec::new();
    render_html(nl, &mut html).unwrap();
    let html = String::from_utf8(html).unwrap();
    check_golden(
        "chapter_11.nl.html",
        figures_chapter(&html, "<section id=\"s-11\">", "<section id=\"annex\">"),
    );
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"nl\">"));
    assert!(html.contains("<caption>Tabel 17: "), "tables carry their caption");
    assert!(html.contains("<th scope=\"row\">"), "row headers are scoped");
    assert!(!html.contains("src=\"http"), "the page is self-contained");
}

#[test]
fn every_table_of_the_seed_is_in_the_report_once() {
    let numbers: Vec<u32> = documents()[0].tables().iter().map(|t| t.number).collect();
    assert_eq!(numbers, (1..=43).collect::<Vec<u32>>());
}

#[test]
fn the_workbook_holds_every_table_cell_for_cell() {
    let nl = &documents()[0];
    let bytes = render_xlsx(nl).unwrap();
    let mut workbook = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(workbook.sheet_names()[0], "Index");
    for table in nl.tables() {
        let range = workbook.worksheet_range(&format!("Tabel {}", table.number)).unwrap();
        assert_eq!(range.get_value((0, 0)), Some(&Data::String(table.title.clone())));
        let first_body_row = 2 + table.column_headers.len();
        let labels = table.row_header.len();
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.cells.iter().enumerate() {
                let stored = range.get_value(((first_body_row + r) as u32, (labels + c) as u32));
                if cell.is_text {
                    // A breakdown's text, its lines in one cell.
                    let expected = (!cell.text.is_empty()).then(|| Data::String(cell.text.clone()));
                    let found = stored.filter(|d| !matches!(d, Data::Empty));
                    assert_eq!(found, expected.as_ref(), "table {} cell {r},{c}", table.number);
                    continue;
                }
                if cell.suppressed {
                    // Hidden by disclosure control: the symbol, never the number.
                    assert_eq!(
                        stored,
                        Some(&Data::String(cell.text.clone())),
                        "table {} cell {r},{c}",
                        table.number
                    );
                    continue;
                }
                match cell.value {
                    None => assert!(
                        matches!(stored, None | Some(Data::Empty)),
                        "table {} cell {r},{c}",
                        table.number
                    ),
                    Some((scaled, decimals)) => {
                        let expected =
                            scaled as f64 / 10f64.powi(decimals as i32) / if cell.pct { 100.0 } else { 1.0 };
                        let Some(Data::Float(found)) = stored else {
                            panic!("table {} cell {r},{c}: a number is stored as {stored:?}", table.number)
                        };
                        assert!(
                            (found - expected).abs() < 1e-9,
                            "table {} cell {r},{c}: {found} vs {expected}",
                            table.number
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn dutch_and_french_differ_only_in_language() {
    let (nl, fr) = (&documents()[0], &documents()[1]);
    assert_eq!((nl.lang.as_str(), fr.lang.as_str()), ("nl", "fr"));
    assert_ne!(nl.title, fr.title);
    let shape = |d: &Document| -> Vec<(String, usize)> {
        d.chapters.iter().flat_map(|c| &c.sections).map(|s| (s.number.clone(), s.blocks.len())).collect()
    };
    assert_eq!(shape(nl), shape(fr), "the same sections and blocks");
    for (a, b) in nl.tables().iter().zip(fr.tables()) {
        let values = |t: &TableBlock| -> Vec<Vec<Option<(i64, u32)>>> {
            t.rows.iter().map(|r| r.cells.iter().map(|c| c.value).collect()).collect()
        };
        assert_eq!(values(a), values(b), "table {} has the same numbers", a.number);
    }
    // Each Dutch text, the actors' original, stands in the French report as its draft
    // translation, marked as such.
    let blocks = |d: &'static Document| d.chapters.iter().flat_map(|c| &c.sections).flat_map(|s| &s.blocks);
    for (a, b) in blocks(nl).zip(blocks(fr)) {
        match (a, b) {
            (Block::Narrative { draft: false, .. }, Block::Narrative { draft: true, .. }) => {}
            (Block::Narrative { .. }, other) => panic!("a Dutch text stands in French as {other:?}"),
            _ => {}
        }
    }
    assert_eq!(nl.annex.findings.len(), fr.annex.findings.len());
    // The annex names each finding's severity in the report's language, not by its code.
    for (a, b) in nl.annex.findings.iter().zip(&fr.annex.findings) {
        assert_eq!(a.severity, b.severity);
        assert!(a.severity_label != a.severity && b.severity_label != b.severity, "{a:?}");
        assert_ne!(a.severity_label, b.severity_label, "{}", a.severity);
    }
}

#[test]
fn a_text_with_no_translation_is_said_to_await_it_never_filled_in() {
    let catalog = LoadedCatalog::embedded().unwrap().catalog;
    let mut narrative = rapporteur_app::embedded_narrative("2019-2020");
    narrative.retain(|n| n.lang == "nl");
    let input = rapporteur_report::ReportInput {
        catalog: &catalog,
        cycle: "2019-2020",
        tables: &[],
        charts: &[],
        narrative: &narrative,
        findings: &[],
        pattern: &rapporteur_domain::SuppressionPattern::new("x"),
        flagged: &[],
    };
    let fr =
        rapporteur_report::build_document(&input, &rapporteur_report::Locale::new(&catalog, "fr")).unwrap();
    let blocks: Vec<&Block> = fr.chapters.iter().flat_map(|c| &c.sections).flat_map(|s| &s.blocks).collect();
    let awaiting = blocks
        .iter()
        .filter(|b| matches!(b, Block::AwaitingTranslation { available_in, .. } if available_in == &["nl"]))
        .count();
    assert_eq!(awaiting, narrative.len(), "every Dutch text awaits its French translation");
    assert!(!blocks.iter().any(|b| matches!(b, Block::Narrative { .. })), "no French text is invented");
    assert!(!fr.has_drafts());
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let nl = &documents()[0];
    let render = |d: &Document| {
        let (mut html, mut md) = (Vec::new(), Vec::new());
        render_html(d, &mut html).unwrap();
        render_markdown(d, &mut md).unwrap();
        (html, md, render_xlsx(d).unwrap())
    };
    assert!(render(nl) == render(nl), "HTML, Markdown and XLSX are byte-identical across renderings");
}

#[test]
fn the_html_report_carries_its_own_policy_and_loads_nothing_from_elsewhere() {
    let mut html = Vec::new();
    render_html(&documents()[0], &mut html).unwrap();
    let html = String::from_utf8(html).unwrap();
    let policy = html
        .lines()
        .find(|l| l.contains(r#"http-equiv="Content-Security-Policy""#))
        .expect("the report states its Content-Security-Policy");
    assert!(policy.contains("default-src 'none'") && !policy.contains("script-src"), "{policy}");
    for remote in ["<img src=\"http", "<script", "<link ", "url(http", "<iframe"] {
        assert!(!html.contains(remote), "the report loads {remote}…");
    }
}

/// The annex states what each severity asks of the actor, and how a missing cell differs from
/// one the actor flagged, in the report's language, in the catalog's words.
#[test]
fn the_annex_explains_the_severity_policy_in_each_language() {
    let catalog = LoadedCatalog::embedded().unwrap().catalog;
    for document in documents() {
        let mut markdown = Vec::new();
        render_markdown(document, &mut markdown).unwrap();
        let markdown = String::from_utf8(markdown).unwrap();
        let annex = &markdown[markdown.find(&document.words.annex_title).expect("the annex")..];
        let keys =
            ["severity_policy", "severity_error", "severity_warning", "severity_info", "missing_and_flagged"];
        for key in keys {
            let words = catalog.text(key, &document.lang);
            assert!(words != key && annex.contains(words), "{}: the annex lacks {key}", document.lang);
        }
    }
}
