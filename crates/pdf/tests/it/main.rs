//! The PDF renderer on a small, realistic Dutch report: two chapters, a narrative with a footnote
//! and a list, a table with a total row and a percentage column, a chart, a table with a text
//! column of several lines a cell, a contribution awaiting translation, an annex with two findings.
//!
//! The bytes are checked here; the text and the page count are checked with poppler's `pdftotext`
//! and `pdfinfo` when they are installed (Debian: `poppler-utils`; CI installs it). Set
//! `RAPPORTEUR_PDF_SAMPLE=/some/file.pdf` to keep the rendered sample for a look.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use proptest::prelude::*;
use rapporteur_pdf::render_pdf;
use rapporteur_report::{
    bar_chart_svg, Annex, AnnexFinding, Block, ChartBlock, DocChapter, DocSection, Document, TableBlock,
    TableCell, TableRow, Words,
};

fn words() -> Words {
    Words {
        contents: "Inhoud".into(),
        table: "Tabel".into(),
        figure: "Figuur".into(),
        annex_title: "Bijlage: kwaliteit van de gegevens".into(),
        annex_intro: "De validatieregels van Rapporteur hebben de volgende bevindingen opgeleverd. \
                      Een toelichting van de actor staat bij de bevinding."
            .into(),
        no_findings: "De validatie leverde geen bevindingen op.".into(),
        explained: "Toelichting".into(),
        awaiting_translation: "Deze bijdrage wacht op vertaling; ze bestaat in:".into(),
        contribution_of: "Bijdrage van".into(),
        draft_translation: "Ontwerpvertaling, niet nagelezen.".into(),
        draft_notice: "De teksten van dit verslag zijn ontwerpvertalingen.".into(),
        decimal_separator: ',',
    }
}

fn count(text: &str, value: i64, total: bool) -> TableCell {
    TableCell {
        text: text.into(),
        value: Some((value, 0)),
        pct: false,
        total,
        is_text: false,
        suppressed: false,
    }
}

fn pct(text: &str, tenths: i64, total: bool) -> TableCell {
    TableCell {
        text: text.into(),
        value: Some((tenths, 1)),
        pct: true,
        total,
        is_text: false,
        suppressed: false,
    }
}

fn row(label: &str, cells: Vec<TableCell>, total: bool) -> TableRow {
    TableRow { labels: vec![label.into()], cells, total }
}

/// Table 17 as the report prints it: counts and column percentages for two years.
fn table_17() -> TableBlock {
    TableBlock {
        number: 17,
        title: "Tabel 17: aantal vaststellingen mensenhandel per uitbuitingsvorm".into(),
        caption: "aantal vaststellingen mensenhandel per uitbuitingsvorm".into(),
        row_header: vec!["Uitbuitingsvorm".into()],
        column_headers: vec![
            vec!["2019".into(), "2019".into(), "2020".into(), "2020".into()],
            vec!["n".into(), "%".into(), "n".into(), "%".into()],
        ],
        rows: vec![
            row(
                "Seksuele uitbuiting",
                vec![
                    count("1.234", 1234, false),
                    pct("61,7", 617, false),
                    count("987", 987, false),
                    pct("55,2", 552, false),
                ],
                false,
            ),
            row(
                "Economische uitbuiting",
                vec![
                    count("702", 702, false),
                    pct("35,1", 351, false),
                    count("745", 745, false),
                    pct("41,7", 417, false),
                ],
                false,
            ),
            row(
                "Gedwongen bedelarij",
                vec![
                    count("64", 64, false),
                    pct("3,2", 32, false),
                    count("56", 56, false),
                    pct("3,1", 31, false),
                ],
                false,
            ),
            row(
                "Totaal",
                vec![
                    count("2.000", 2000, true),
                    pct("100,0", 1000, true),
                    count("1.788", 1788, true),
                    pct("100,0", 1000, true),
                ],
                true,
            ),
        ],
        source: "Bron: ANG (algemene nationale gegevensbank van de politie)".into(),
        footnotes: vec![
            "Een dossier kan meer dan één uitbuitingsvorm betreffen; het telt dan onder elke vorm.".into(),
        ],
    }
}

/// A wide table like the seed's Table 18: six charge codes, a count and a percentage under each.
fn table_18() -> TableBlock {
    let codes =
        ["Seksuele uitbuiting", "Economische uitbuiting", "Bedelarij", "Criminaliteit", "Organen", "Totaal"];
    let counts = [[7, 216, 53, 1, 62, 339], [2, 74, 15, 1, 12, 104], [3, 155, 127, 0, 16, 301]];
    let totals = [12, 445, 195, 2, 90, 744];
    let cells = |values: &[i64; 6], total: bool| {
        values
            .iter()
            .zip(totals)
            .flat_map(|(&value, column_total)| {
                let tenths = (value * 1000 + column_total / 2) / column_total;
                let percent = format!("{},{}", tenths / 10, tenths % 10);
                [count(&value.to_string(), value, total), pct(&percent, tenths, total)]
            })
            .collect()
    };
    TableBlock {
        number: 18,
        title: "Tabel 18: voortgangsstaat van de zaken mensenhandel per tenlasteleggingscode".into(),
        caption: "Gegevens per tenlasteleggingscode (a en % in kolom).".into(),
        row_header: vec!["Voortgangsstaat".into()],
        column_headers: vec![
            codes.iter().flat_map(|code| [code.to_string(), code.to_string()]).collect(),
            codes.iter().flat_map(|_| ["a".to_owned(), "%".to_owned()]).collect(),
        ],
        rows: vec![
            row("Sepot", cells(&counts[0], false), false),
            row("Opsporingsonderzoek", cells(&counts[1], false), false),
            row("Vooronderzoek lopende", cells(&counts[2], false), false),
            row("Totaal", cells(&totals, true), true),
        ],
        source: "Bron: College van procureurs-generaal, statistisch analisten".into(),
        footnotes: Vec::new(),
    }
}

/// Table 8 as the seed prints it: a count and, per directorate, the referred victims'
/// nationalities with their sex split, one a line (a breakdown column).
fn table_8() -> TableBlock {
    let text = |lines: &[&str]| TableCell {
        text: lines.join("\n"),
        value: None,
        pct: false,
        total: false,
        is_text: true,
        suppressed: false,
    };
    TableBlock {
        number: 8,
        title: "Tabel 8: doorverwijzing van de slachtoffers naar een opvangcentrum".into(),
        caption: "doorverwijzing van de slachtoffers naar een opvangcentrum".into(),
        row_header: vec!["Provinciale directie RSZ".into()],
        column_headers: vec![vec!["aantal".into(), "Nationaliteit en geslacht".into()]],
        rows: vec![
            row(
                "Namen-Luxemburg",
                vec![
                    count("37", 37, false),
                    text(&["1 België (M)", "1 Pakistan (M)", "1 Afghanistan (M)", "34 Roemenië (22M-12V)"]),
                ],
                false,
            ),
            row("Waals-Brabant", vec![count("0", 0, false), text(&[])], false),
            row("TOTAAL", vec![count("73", 73, true), text(&[])], true),
        ],
        source: "Bron: RSZ (checklists bijlage 5 COL 01/2015)".into(),
        footnotes: Vec::new(),
    }
}

/// Figure 1 as `report` draws it: a standalone SVG with its labels as text.
fn chart_1() -> ChartBlock {
    let title = "Figuur 1: politionele vaststellingen mensenhandel per uitbuitingsvorm";
    let categories = vec!["seksueel".to_owned(), "economisch".to_owned(), "bedelarij".to_owned()];
    let series = vec!["2019".to_owned(), "2020".to_owned()];
    let values =
        vec![vec![Some(1234.0), Some(987.0)], vec![Some(702.0), Some(745.0)], vec![Some(64.0), None]];
    ChartBlock {
        number: 1,
        title: title.into(),
        caption: "politionele vaststellingen mensenhandel per uitbuitingsvorm".into(),
        source: "Bron: ANG".into(),
        svg: bar_chart_svg(title, &categories, &series, &values, ','),
        categories,
        series,
        values,
    }
}

const NARRATIVE: &str = "\
In 2020 stelde de politie minder feiten van seksuele uitbuiting vast dan in 2019; de zaak *Sürya* \
toont hoe netwerken uit België en Bulgarije hun werkwijze aanpasten aan de coronamaatregelen[^12].

De belangrijkste vaststellingen:

- seksuele uitbuiting blijft de meest voorkomende vorm;
- economische uitbuiting nam toe, vooral in de bouw en de schoonmaak;
- meer dan **10 %** van de slachtoffers was minderjarig.

[^12]: Zie het jaarverslag van Myria, hoofdstuk 3, over de zaak Sürya.
";

fn document() -> Document {
    Document {
        lang: "nl".into(),
        title: "Mensenhandel en mensensmokkel in België".into(),
        cycle: "2019-2020".into(),
        words: words(),
        chapters: vec![
            DocChapter {
                number: "1".into(),
                title: "Slachtoffers en vaststellingen".into(),
                sections: vec![
                    DocSection {
                        number: "1.1".into(),
                        depth: 2,
                        title: "Vaststellingen door de politie".into(),
                        blocks: vec![
                            Block::Narrative {
                                actor: "Federale Gerechtelijke Politie".into(),
                                markdown: NARRATIVE.into(),
                                draft: false,
                            },
                            Block::AwaitingTranslation {
                                actor: "Centre Sürya".into(),
                                available_in: vec!["fr".into(), "en".into()],
                            },
                        ],
                    },
                    DocSection {
                        number: "1.1.1".into(),
                        depth: 3,
                        title: "Per uitbuitingsvorm".into(),
                        blocks: vec![Block::Table(table_17()), Block::Chart(chart_1()), Block::Table(table_8())],
                    },
                ],
            },
            DocChapter {
                number: "2".into(),
                title: "Vervolging".into(),
                sections: vec![DocSection {
                    number: "2.1".into(),
                    depth: 2,
                    title: "Correctionele parketten".into(),
                    blocks: vec![
                        Block::Narrative {
                            actor: "College van procureurs-generaal".into(),
                            markdown: "De parketten registreerden de zaken volgens de \
                                       [omzendbrief COL 01/2015](https://www.om-mp.be/). \
                                       Een *tenlastelegging* kan [meerdere] codes #1 krijgen."
                                .into(),
                            // A draft translation: marked, and the cover says so.
                            draft: true,
                        },
                        Block::Table(table_18()),
                    ],
                }],
            },
        ],
        annex: Annex {
            findings: vec![
                AnnexFinding {
                    severity: "error".into(),
                    severity_label: "Fout".into(),
                    rule: "stated_total".into(),
                    key: "stated_total/table_17/2020".into(),
                    message: "Het vermelde totaal van tabel 17 voor 2020 is 1.798, de som van de cellen is 1.788.".into(),
                    tables: vec![17],
                    explanation: Some("Tien dossiers zonder uitbuitingsvorm werden apart geteld (Sürya Demir).".into()),
                },
                AnnexFinding {
                    severity: "warning".into(),
                    severity_label: "Waarschuwing".into(),
                    rule: "plausibility".into(),
                    key: "plausibility/table_17/begging".into(),
                    message: "Het aantal vaststellingen van gedwongen bedelarij daalde met 12,5 % ten opzichte van 2019."
                        .into(),
                    tables: vec![17, 18],
                    explanation: None,
                },
            ],
            blocks: Vec::new(),
        },
    }
}

/// Runs a poppler tool on `pdf` (between `options` and `rest`); `None` when it is not installed.
fn poppler(tool: &str, options: &[&str], pdf: &Path, rest: &[&str]) -> Option<String> {
    let output = Command::new(tool).args(options).arg(pdf).args(rest).output();
    match output {
        Ok(output) => {
            assert!(output.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&output.stderr));
            Some(String::from_utf8_lossy(&output.stdout).into_owned())
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("{tool} is not installed (Debian: poppler-utils); its checks are skipped");
            None
        }
        Err(error) => panic!("{tool}: {error}"),
    }
}

/// Extracted text with hyphenated line ends joined (typst hyphenates Dutch; poppler gives the
/// hyphen as a soft hyphen) and whitespace collapsed, so that a phrase is found wherever the lines
/// broke.
fn normalised(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    lines.join("\n").replace("\u{ad}\n", "").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn report_renders_to_a_pdf_with_its_tables_footnotes_and_annex() {
    let document = document();
    let started = Instant::now();
    let pdf = render_pdf(&document).unwrap_or_else(|error| panic!("{error}"));
    eprintln!("rendered {} bytes in {:?}", pdf.len(), started.elapsed());
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF: {:?}", &pdf[..pdf.len().min(16)]);
    assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));

    // With typst's memoization cache emptied, a second rendering recomputes everything.
    typst::comemo::evict(0);
    let again = render_pdf(&document).unwrap_or_else(|error| panic!("{error}"));
    assert!(pdf == again, "the same document gave different bytes");

    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let path = folder.path().join("report.pdf");
    std::fs::write(&path, &pdf).unwrap_or_else(|error| panic!("{error}"));
    if let Ok(sample) = std::env::var("RAPPORTEUR_PDF_SAMPLE") {
        std::fs::write(&sample, &pdf).unwrap_or_else(|error| panic!("{sample}: {error}"));
    }

    if let Some(info) = poppler("pdfinfo", &[], &path, &[]) {
        let field = |name: &str| {
            info.lines()
                .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
                .map(str::trim)
                .unwrap_or_else(|| panic!("no {name} in {info}"))
        };
        let pages: usize = field("Pages").parse().unwrap_or_else(|error| panic!("{error}: {info}"));
        // Cover, contents, two chapters, annex; a chapter may take two pages.
        assert!((5..=9).contains(&pages), "{pages} pages");
        assert_eq!(field("Page size"), "595.276 x 841.89 pts (A4)");
        assert_eq!(field("Title"), "Mensenhandel en mensensmokkel in België");
    }
    // `-layout` keeps a table row on one line.
    if let Some(text) = poppler("pdftotext", &["-layout", "-enc", "UTF-8"], &path, &["-"]) {
        let text = normalised(&text);
        for expected in [
            "Inhoud",
            "1.1.1 Per uitbuitingsvorm",
            "Tabel 17: aantal vaststellingen mensenhandel per uitbuitingsvorm",
            "Seksuele uitbuiting 1.234 61,7 987 55,2",
            "Totaal 2.000 100,0 1.788 100,0",
            "Bron: ANG (algemene nationale gegevensbank van de politie)",
            "Figuur 1: politionele vaststellingen",
            "de zaak Sürya toont",
            "Zie het jaarverslag van Myria, hoofdstuk 3, over de zaak Sürya.",
            "seksuele uitbuiting blijft de meest voorkomende vorm;",
            "Deze bijdrage wacht op vertaling; ze bestaat in: FR, EN",
            "Een tenlastelegging kan [meerdere] codes #1 krijgen.",
            // A draft translation is marked, and the cover says the texts are drafts.
            "Ontwerpvertaling, niet nagelezen.",
            "De teksten van dit verslag zijn ontwerpvertalingen.",
            "Bijlage: kwaliteit van de gegevens",
            "Het vermelde totaal van tabel 17 voor 2020 is 1.798, de som van de cellen is 1.788.",
            "Tien dossiers zonder uitbuitingsvorm werden apart geteld (Sürya Demir).",
            "Tabel 17, 18",
            "Tabel 18: voortgangsstaat van de zaken mensenhandel per tenlasteleggingscode",
            "Sepot 7 58,3 216 48,5 53 27,2 1 50,0 62 68,9 339 45,6",
            // A breakdown's items stand one a line, the row's label and count on the first.
            "Namen-Luxemburg 37 1 België (M) 1 Pakistan (M) 1 Afghanistan (M) 34 Roemenië (22M-12V)",
            "TOTAAL 73",
        ] {
            assert!(text.contains(expected), "{expected:?} is missing from the text:\n{text}");
        }
        // The footnote's definition is not printed as Markdown.
        assert!(!text.contains("[^12]"), "{text}");
    }
}

/// Text that typst markup would read as syntax, in every field of a report.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        "(?s).{0,24}",
        "[-*_#>`\\\\\\[\\]()!^:0-9a-zé .|~<>$@=+/{}\"'\n]{0,40}",
        Just("= kop\n- lijst\n1. een\n/ term: x // geen commentaar */ #set text(red) $x$ <a> @b".to_owned()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Whatever the catalog, the data and the actors hold, the report typesets.
    #[test]
    fn any_text_in_any_field_typesets(
        texts in proptest::collection::vec(hostile(), 12),
        markdown in "[-*_#>`\\\\\\[\\]()!^:0-9a-z .|~<>$@=+/{}\"'\n]{0,200}",
    ) {
        let text = |index: usize| texts[index % texts.len()].clone();
        let mut document = document();
        document.title = text(0);
        document.cycle = text(1);
        document.lang = text(2);
        document.words.contribution_of = text(3);
        document.chapters[0].title = text(4);
        document.chapters[0].sections[0].blocks = vec![
            Block::Narrative { actor: text(5), markdown: format!("{markdown}[^n]\n\n[^n]: {}\n", text(6)), draft: false },
            Block::AwaitingTranslation { actor: text(7), available_in: vec![text(8)] },
        ];
        let mut table = table_17();
        table.title = text(9);
        table.caption = text(10);
        table.row_header = vec![text(11), text(0)];
        table.column_headers[0][1] = text(1);
        table.rows[0].labels = vec![text(2)];
        table.rows[1].cells[0].text = text(3);
        table.rows[2].cells.truncate(1);
        table.source = text(4);
        table.footnotes.push(text(5));
        let mut chart = chart_1();
        chart.title = text(6);
        chart.caption = text(7);
        chart.source = text(8);
        document.chapters[0].sections[1].blocks = vec![Block::Table(table), Block::Chart(chart)];
        document.annex.findings[0].message = text(9);
        document.annex.findings[0].rule = text(10);
        document.annex.findings[0].key = text(11);
        document.annex.findings[1].explanation = Some(text(0));
        let pdf = render_pdf(&document);
        prop_assert!(pdf.is_ok(), "{}", pdf.err().map(|error| error.to_string()).unwrap_or_default());
    }
}
