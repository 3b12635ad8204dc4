//! `rapporteur report`, `rapporteur explain` and the demo's report, on real files.

use crate::{stdout, Workspace};

#[test]
fn explain_traces_a_printed_total_to_its_returns() {
    let ws = Workspace::new();
    assert!(ws.run(&["demo", "--out", "out", "--format", "md"]).status.success());
    // Table 2's total for 2019, addressed by codes and by position.
    let by_codes = stdout(&ws.run(&["explain", "--table", "2", "--row", "_T", "--col", "2019"]));
    let by_position = stdout(&ws.run(&["explain", "--table", "2", "--row", "6", "--col", "1"]));
    assert_eq!(by_codes, by_position);
    assert!(by_codes.starts_with("table 2, row Totaal, column 2019: 331\n"), "{by_codes}");
    let observations: Vec<&str> =
        by_codes.lines().filter(|l| l.contains("police_thb_findings.csv:")).collect();
    assert_eq!(observations.len(), 5, "the five forms of 2019: {by_codes}");
    let summed: i64 =
        observations.iter().map(|l| l.split_whitespace().nth(2).unwrap().parse::<i64>().unwrap()).sum();
    assert_eq!(summed, 331);
    assert!(observations.iter().all(|l| l.contains(" police ") && l.contains("test-officer")));

    let unknown = ws.run(&["explain", "--table", "2", "--row", "smuggling", "--col", "2019"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn the_demo_writes_the_report_in_every_format_and_language() {
    let ws = Workspace::new();
    let output = ws.run(&["demo", "--out", "out"]);
    assert!(output.status.success(), "{}", stdout(&output));
    let out = ws.dir.path().join("out");
    for lang in ["nl", "fr"] {
        for ext in ["html", "md", "xlsx", "pdf"] {
            let path = out.join(format!("rapporteur-2019-2020.{lang}.{ext}"));
            let bytes = std::fs::read(&path).unwrap_or_else(|_| panic!("{} is written", path.display()));
            assert!(bytes.len() > 10_000, "{} is a real report ({} bytes)", path.display(), bytes.len());
        }
        assert!(out.join(format!("figures/chart_01.{lang}.svg")).exists());
    }
    let html = std::fs::read_to_string(out.join("rapporteur-2019-2020.fr.html")).unwrap();
    // The French texts are the engineers' draft translations: marked above each, and on the
    // title page; none awaits translation any more.
    assert!(
        html.contains("<html lang=\"fr\">")
            && html.contains("Traduction provisoire du texte original, non relue.")
    );
    assert!(
        html.contains(r#"<p class="draft-notice" role="note">"#) && !html.contains("attend sa traduction")
    );
    assert!(!html.contains("La chaîne"), "the returns-based report stays as it is");
    check_pdf(&out.join("rapporteur-2019-2020.nl.pdf"));
    // Beside it, the report whose chain chapter is computed on a synthetic cycle, saying so.
    let chain = std::fs::read_to_string(out.join("chain-demo/rapporteur-2019-2020.en.md")).unwrap();
    let title = chain.lines().next().unwrap_or_default();
    assert!(title.contains("The chain: victims across actors"), "{title}");
    assert!(chain.contains("computed from a synthetic cycle"));
    for caption in [
        "Table 44: Registrations on the victim lists",
        "Table 46: Persons first detected",
        "a bootstrap interval",
    ] {
        assert!(chain.contains(caption), "the chain chapter lacks {caption:?}");
    }
    let nl = std::fs::read_to_string(out.join("chain-demo/rapporteur-2019-2020.nl.md")).unwrap();
    assert!(nl.contains("De keten: slachtoffers over de actoren heen") && nl.contains("synthetische cyclus"));
}

/// Letters and digits only, quotes unified: line breaks, hyphenation and typographic quotes in
/// the PDF's extracted text then compare equal to the catalog's captions.
fn comparable(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric() || *c == ',').collect()
}

/// The PDF opens (pdfinfo), has a plausible page count, and its text (pdftotext, poppler-utils,
/// installed by .ci/run) holds every table's caption and the seed's numbers.
fn check_pdf(path: &std::path::Path) {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    let info =
        std::process::Command::new("pdfinfo").arg(path).output().expect("pdfinfo (poppler-utils) runs");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pdfinfo reads the PDF")
        .trim()
        .parse()
        .unwrap();
    assert!((40..=200).contains(&pages), "{pages} pages");
    let text = std::process::Command::new("pdftotext").arg(path).arg("-").output().expect("pdftotext runs");
    let text = comparable(&String::from_utf8_lossy(&text.stdout));
    let catalog = rapporteur_app::LoadedCatalog::embedded().unwrap().catalog;
    for layout in catalog.tables.values() {
        let caption = format!("Tabel {}: {}", layout.number, layout.caption.get("nl"));
        assert!(text.contains(&comparable(&caption)), "the PDF lacks the caption {caption:?}");
    }
    for number in ["331", "56,87", "744", "100,00", "1085"] {
        assert!(text.contains(number), "the PDF lacks {number}");
    }
}
