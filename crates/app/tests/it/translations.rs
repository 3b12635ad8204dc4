//! The draft translations of the 2019–2020 texts (issue 17): every Dutch text of the embedded
//! data set has its French and English, each with the same structure (headings, list items at
//! the same depth, table rows and cells, paragraphs), the same footnote labels and the same
//! numbers, read in each language's convention; the data set marks them as drafts, and the
//! French and English reports hold no section awaiting translation and say on their title page
//! that the texts are draft translations.

use std::collections::BTreeMap;

use rapporteur_app::{App, LoadedCatalog};
use rapporteur_domain::TextStatus;
use rapporteur_report::Block;

use super::officer;

/// The shape of one non-empty line of Markdown: what a faithful translation keeps.
fn line_shape(line: &str) -> String {
    let indent = line.len() - line.trim_start().len();
    let t = line.trim_start();
    if let Some(rest) = t.strip_prefix('#') {
        return format!("h{}", 1 + rest.chars().take_while(|&c| c == '#').count());
    }
    if t.starts_with("[^") && t.contains("]:") {
        return format!("footnote {}", &t[..t.find("]:").unwrap_or(0) + 1]);
    }
    if t.starts_with('|') {
        return format!("row {}", t.matches('|').count());
    }
    if t.starts_with("- ") || t.starts_with("* ") || t.starts_with("• ") {
        return format!("item {}", indent / 2);
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") ")) {
        return format!("numbered {}", indent / 2);
    }
    "paragraph".to_string()
}

fn shape(markdown: &str) -> Vec<String> {
    markdown.lines().filter(|l| !l.trim().is_empty()).map(line_shape).collect()
}

/// The footnote references of a text, in order.
fn footnotes(markdown: &str) -> Vec<String> {
    markdown
        .match_indices("[^")
        .map(|(i, _)| markdown[i..].split(']').next().unwrap_or("").to_string())
        .collect()
}

/// The numbers of a text, each as its digits alone: runs of digits joined by a `.` or `,`, or
/// by a space before a group of three (thousands), are one number, so that 1.234 (nl), 1 234
/// (fr) and 1,234 (en), 2,5 and 2.5, or a section number 8.2.5 read alike whatever the
/// language's convention, and "in 2019 146" stays two numbers.
fn numbers(markdown: &str) -> BTreeMap<String, usize> {
    let space = |c: char| matches!(c, ' ' | '\u{a0}' | '\u{202f}');
    let chars: Vec<char> = markdown.chars().collect();
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        loop {
            let mut run = 0;
            while i < chars.len() && chars[i].is_ascii_digit() {
                digits.push(chars[i]);
                run += 1;
                i += 1;
            }
            let next_digits = chars.iter().skip(i + 1).take_while(|c| c.is_ascii_digit()).count();
            let joins = i + 1 < chars.len()
                && chars[i + 1].is_ascii_digit()
                && (matches!(chars[i], '.' | ',') || (space(chars[i]) && run <= 3 && next_digits == 3));
            if !joins {
                break;
            }
            i += 1;
        }
        *out.entry(digits).or_default() += 1;
    }
    out
}

#[test]
fn numbers_read_alike_in_every_languages_convention() {
    let read = |text: &str| numbers(text).into_keys().collect::<Vec<_>>();
    let expected = ["1234", "2020", "25", "825"];
    assert_eq!(read("1.234 slachtoffers, 2,5 % in 2020 (punt 8.2.5)"), expected);
    assert_eq!(read("1 234 victimes, 2,5 % en 2020 (point 8.2.5)"), expected);
    assert_eq!(read("1,234 victims, 2.5% in 2020 (point 8.2.5)"), expected);
    assert_eq!(read("art. 433quinquies, COL 01/2015"), ["01", "2015", "433"]);
    assert_eq!(read("in 2019 146 slachtoffers, 1 000 euro"), ["1000", "146", "2019"]);
}

#[test]
fn every_dutch_text_has_faithful_draft_translations() {
    let narratives = rapporteur_app::embedded_narrative("2019-2020");
    let mut by_text: BTreeMap<(&str, &str), BTreeMap<&str, &rapporteur_report::Narrative>> = BTreeMap::new();
    for n in &narratives {
        by_text.entry((n.section.as_str(), n.actor.as_str())).or_default().insert(n.lang.as_str(), n);
    }
    assert_eq!(by_text.len(), 74, "the seed's 74 texts");
    let mut problems = Vec::new();
    for ((section, actor), texts) in &by_text {
        let dutch = texts.get("nl").unwrap_or_else(|| panic!("{section}/{actor} has no Dutch original"));
        assert_eq!(dutch.status, TextStatus::Original);
        for lang in ["fr", "en"] {
            let Some(translation) = texts.get(lang) else {
                problems.push(format!("{section}/{actor}: no {lang} text"));
                continue;
            };
            let at = format!("{section}/{actor}.{lang}");
            if translation.status != TextStatus::Draft {
                problems.push(format!("{at}: status {:?}, expected a draft", translation.status));
            }
            if shape(&translation.markdown) != shape(&dutch.markdown) {
                problems.push(format!(
                    "{at}: structure {:?} differs from the Dutch {:?}",
                    shape(&translation.markdown),
                    shape(&dutch.markdown)
                ));
            }
            if footnotes(&translation.markdown) != footnotes(&dutch.markdown) {
                problems.push(format!(
                    "{at}: footnotes {:?}, Dutch {:?}",
                    footnotes(&translation.markdown),
                    footnotes(&dutch.markdown)
                ));
            }
            let (theirs, ours) = (numbers(&translation.markdown), numbers(&dutch.markdown));
            if theirs != ours {
                let missing: Vec<_> = ours.iter().filter(|(v, n)| theirs.get(*v) != Some(n)).collect();
                let extra: Vec<_> = theirs.iter().filter(|(v, n)| ours.get(*v) != Some(n)).collect();
                problems.push(format!("{at}: numbers differ: Dutch {missing:?}, translation {extra:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_french_and_english_reports_are_complete_and_say_their_texts_are_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let clock: rapporteur_app::Clock = Box::new(|| "2026-12-04T10:00:00Z".to_string());
    let mut app =
        App::open(LoadedCatalog::embedded().unwrap(), &dir.path().join("s.sqlite"), &officer(), clock)
            .unwrap();
    let languages: Vec<String> = ["nl", "fr", "en"].map(String::from).to_vec();
    let documents = app.report(&officer(), Some("2019-2020"), &languages).expect("the reports");
    for document in &documents {
        let blocks: Vec<&Block> =
            document.chapters.iter().flat_map(|c| &c.sections).flat_map(|s| &s.blocks).collect();
        assert!(
            !blocks.iter().any(|b| matches!(b, Block::AwaitingTranslation { .. })),
            "{}: a section awaits translation",
            document.lang
        );
        let drafts = blocks.iter().filter(|b| matches!(b, Block::Narrative { draft: true, .. })).count();
        if document.lang == "nl" {
            assert_eq!(drafts, 0, "the Dutch texts are the originals");
            assert!(!document.has_drafts());
        } else {
            assert_eq!(drafts, 74, "{}", document.lang);
            assert!(document.has_drafts());
            let mut html = Vec::new();
            rapporteur_report::render_html(document, &mut html).unwrap();
            let html = String::from_utf8(html).unwrap();
            let header = html.split("</header>").next().unwrap_or("");
            assert!(
                header.contains(r#"<p class="draft-notice" role="note">"#),
                "{}: the title says so",
                document.lang
            );
            let markdown = {
                let mut out = Vec::new();
                rapporteur_report::render_markdown(document, &mut out).unwrap();
                String::from_utf8(out).unwrap()
            };
            assert!(markdown.contains(&document.words.draft_notice), "{}", document.lang);
            assert_eq!(html.matches(r#"<p class="draft" role="note">"#).count(), 74, "{}", document.lang);
        }
    }
}
