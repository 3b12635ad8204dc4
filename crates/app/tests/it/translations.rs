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

/// The actors' texts of 2019–2020, the Dutch originals each has a draft translation of.
fn dutch_texts() -> usize {
    rapporteur_app::embedded_narrative("2019-2020").iter().filter(|n| n.lang == "nl").count()
}

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
            assert_eq!(drafts, dutch_texts(), "{}", document.lang);
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
            assert_eq!(
                html.matches(r#"<p class="draft" role="note">"#).count(),
                dutch_texts(),
                "{}",
                document.lang
            );
        }
    }
}

/// An app on a fresh store with the embedded catalog.
pub(super) fn fresh_app(dir: &std::path::Path) -> App {
    let clock: rapporteur_app::Clock = Box::new(|| "2026-12-04T10:00:00Z".to_string());
    App::open(LoadedCatalog::embedded().unwrap(), &dir.join("s.sqlite"), &officer(), clock).unwrap()
}

/// The file with a target after every segment's source: `translate` makes it from the source's
/// inner XML (text and placeholders), and the segment's state becomes `state`.
pub(super) fn translated(xliff: &str, state: &str, translate: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = xliff;
    while let Some(start) = rest.find("<segment ") {
        let (before, segment) = rest.split_at(start);
        out.push_str(before);
        let end = segment.find("</segment>").expect("a closed segment");
        let source = segment.split("<source>").nth(1).and_then(|s| s.split("</source>").next()).unwrap();
        let head = segment[..segment.find("<source>").unwrap()]
            .replace(r#"state="initial""#, &format!(r#"state="{state}""#));
        out.push_str(&format!(
            "{head}<source>{source}</source><target>{}</target></segment>",
            translate(source)
        ));
        rest = &segment[end + "</segment>".len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn every_dutch_text_is_cut_into_segments_that_give_it_back() {
    let catalog = LoadedCatalog::embedded().unwrap().catalog;
    let style = catalog.number_style("nl");
    for text in rapporteur_app::embedded_narrative("2019-2020").iter().filter(|n| n.lang == "nl") {
        let unit = rapporteur_domain::translation::TranslationUnit::of(&text.markdown, style);
        assert_eq!(unit.source(), text.markdown, "{}/{}", text.section, text.actor);
        assert!(unit.segments().count() > 0);
    }
}

#[test]
fn an_exported_text_comes_back_translated_and_replaces_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fresh_app(dir.path());
    let choice =
        rapporteur_app::ExportChoice { actors: vec!["pag_asa".into()], sections: vec!["2.9.1".into()] };
    let export =
        app.export_translation(&officer(), Some("2019-2020"), ("nl", "fr"), &choice).expect("exported");
    assert_eq!(export.units, 1, "PAG-ASA's text at 2.9.1 has only a draft in French");
    let xliff = String::from_utf8(export.xliff).unwrap();
    assert!(xliff.contains(
        r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="nl" trgLang="fr">"#
    ));
    assert_eq!(xliff.matches("<segment ").count(), export.segments);
    // A translator keeps every placeholder and writes the text (here: the source, marked).
    let filled = translated(&xliff, "translated", |source| format!("[fr] {source}"));
    match app.import_translation(&officer(), filled.as_bytes()).expect("imported") {
        rapporteur_app::TranslationImport::Stored { language, texts, unchanged } => {
            assert_eq!(language, "fr");
            assert_eq!(texts.get(&TextStatus::Translated), Some(&1));
            assert_eq!(unchanged, 0);
        }
        other => panic!("{other:?}"),
    }
    // The French report now holds that translation, no longer a draft, its numbers in French.
    let documents = app.report(&officer(), Some("2019-2020"), &["fr".to_string()]).unwrap();
    let text = documents[0]
        .chapters
        .iter()
        .flat_map(|c| &c.sections)
        .filter(|s| s.number == "2.9.1")
        .flat_map(|s| &s.blocks)
        .find_map(|b| match b {
            Block::Narrative { markdown, draft, actor } if actor.contains("PAG") => {
                Some((markdown.clone(), *draft))
            }
            _ => None,
        })
        .expect("PAG-ASA's text at 2.9.1");
    assert!(!text.1, "a translation is no draft");
    assert!(text.0.starts_with("[fr] De lockdown van maart-april 2020"), "{}", &text.0[..80]);
    // A second export no longer offers it.
    let again = app.export_translation(&officer(), Some("2019-2020"), ("nl", "fr"), &choice).unwrap();
    assert_eq!(again.units, 0);
}

#[test]
fn a_broken_translation_is_refused_whole_with_located_problems() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fresh_app(dir.path());
    let choice = rapporteur_app::ExportChoice { actors: vec!["police".into()], sections: Vec::new() };
    let export = app.export_translation(&officer(), Some("2019-2020"), ("nl", "en"), &choice).unwrap();
    assert!(export.units >= 3, "{}", export.units);
    let xliff = String::from_utf8(export.xliff).unwrap();
    let good = translated(&xliff, "translated", |source| format!("[en] {source}"));
    let before = app.audit_log(&officer()).unwrap().len();
    let refused =
        |bytes: &str, app: &mut App| match app.import_translation(&officer(), bytes.as_bytes()).unwrap() {
            rapporteur_app::TranslationImport::Refused(problems) => problems,
            other => panic!("accepted: {other:?}"),
        };
    // A placeholder dropped by the translator.
    let first_ph = good
        .match_indices("<target>")
        .find_map(|(t, _)| {
            let target = &good[t..t + good[t..].find("</target>").unwrap()];
            target.find("<ph ").map(|p| t + p)
        })
        .expect("a placeholder in a target");
    let ph_end = first_ph + good[first_ph..].find("/>").unwrap() + 2;
    let broken = format!("{}{}", &good[..first_ph], &good[ph_end..]);
    let problems = refused(&broken, &mut app);
    assert!(
        problems.iter().any(|p| p.message.contains("is missing from the translation") && p.row.is_some()),
        "{problems:?}"
    );
    // A segment left out.
    let start = good.rfind("<segment ").unwrap();
    let end = start + good[start..].find("</segment>").unwrap() + "</segment>".len();
    let missing = format!("{}{}", &good[..start], &good[end..]);
    let problems = refused(&missing, &mut app);
    assert!(problems.iter().any(|p| p.message.contains("is missing (")), "{problems:?}");
    // The wrong target language.
    let german = good.replace(r#"trgLang="en""#, r#"trgLang="de""#);
    let problems = refused(&german, &mut app);
    assert!(
        problems.iter().any(|p| p.message.contains(r#"the target language "de" is not one of the report's"#)),
        "{problems:?}"
    );
    // Not XML at all.
    let problems = refused(&good[..good.len() / 2], &mut app);
    assert!(!problems.is_empty());
    // Nothing changed: no text saved, nothing audited; the good file then imports.
    assert_eq!(app.audit_log(&officer()).unwrap().len(), before);
    assert!(matches!(
        app.import_translation(&officer(), good.as_bytes()).unwrap(),
        rapporteur_app::TranslationImport::Stored { .. }
    ));
}

/// A copy of the catalog with a second cycle after 2019-2020, in `dir`.
fn two_cycles(dir: &std::path::Path) -> LoadedCatalog {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let target = to.join(path.file_name().unwrap());
            if path.is_dir() {
                copy(&path, &target);
            } else {
                std::fs::copy(&path, &target).unwrap();
            }
        }
    }
    let catalog = dir.join("catalog");
    copy(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog/be"), &catalog);
    let cycles = catalog.join("cycles.toml");
    let mut text = std::fs::read_to_string(&cycles).unwrap();
    text.push_str("\n[[cycle]]\nid = \"2021-2022\"\nperiods = [\"2021\", \"2022\", \"2021-2022\"]\nname = { nl = \"Regeringsverslag 2021-2022\", fr = \"Rapport du gouvernement 2021-2022\", en = \"Government report 2021-2022\" }\n");
    std::fs::write(&cycles, text).unwrap();
    LoadedCatalog::from_dir(&catalog).expect("the catalog with two cycles")
}

/// An app over two cycles in which PAG-ASA's text at 2.9.1 of 2019-2020 was exported, translated
/// into French (each segment its source after "[fr-a] ") and imported; and the choice of that
/// text.
fn translated_in_the_first_edition(dir: &std::path::Path) -> (App, rapporteur_app::ExportChoice) {
    let clock: rapporteur_app::Clock = Box::new(|| "2026-12-04T10:00:00Z".to_string());
    let mut app = App::open(two_cycles(dir), &dir.join("s.sqlite"), &officer(), clock).unwrap();
    let choice =
        rapporteur_app::ExportChoice { actors: vec!["pag_asa".into()], sections: vec!["2.9.1".into()] };
    let first = app.export_translation(&officer(), Some("2019-2020"), ("nl", "fr"), &choice).unwrap();
    assert_eq!(first.prefilled, 0, "nothing was translated before");
    let first = String::from_utf8(first.xliff).unwrap();
    let filled = translated(&first, "translated", |source| format!("[fr-a] {source}"));
    assert!(matches!(
        app.import_translation(&officer(), filled.as_bytes()).unwrap(),
        rapporteur_app::TranslationImport::Stored { .. }
    ));
    (app, choice)
}

/// PAG-ASA's Dutch text at 2.9.1 in 2021-2022, the cycle opened and the text assigned.
fn written_in_the_second_edition(app: &mut App, text: &str) {
    use rapporteur_domain::{ItemKind, ItemRef};
    app.open_cycle(&officer(), "2021-2022").unwrap();
    let section = ItemRef::new(ItemKind::Section, "2.9.1", "pag_asa");
    app.assign(&officer(), "2021-2022", &section, "2027-04-30").unwrap();
    app.save_text(&officer(), "2021-2022", &section, "nl", text).unwrap();
}

/// PAG-ASA's Dutch text at 2.9.1 of 2019-2020.
fn pag_asa_dutch() -> String {
    rapporteur_app::embedded_narrative("2019-2020")
        .into_iter()
        .find(|n| n.section == "2.9.1" && n.actor == "pag_asa" && n.lang == "nl")
        .unwrap()
        .markdown
}

#[test]
fn a_sentence_translated_in_an_earlier_edition_is_pre_filled() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, choice) = translated_in_the_first_edition(dir.path());
    // 2021-2022: PAG-ASA writes a text that repeats the first paragraph and adds a sentence.
    let repeated = pag_asa_dutch().split("\n\n").next().unwrap().to_string();
    written_in_the_second_edition(
        &mut app,
        &format!("{repeated}\n\nIn 2022 daalde het aantal aanmeldingen opnieuw.\n"),
    );
    let second = app.export_translation(&officer(), Some("2021-2022"), ("nl", "fr"), &choice).unwrap();
    let style = LoadedCatalog::embedded().unwrap().catalog.number_style("nl");
    let sentences = rapporteur_domain::translation::TranslationUnit::of(&repeated, style).segments().count();
    assert_eq!(second.prefilled, sentences, "every repeated sentence, and not the new one");
    let xliff = String::from_utf8(second.xliff).unwrap();
    assert_eq!(xliff.matches(r#"state="translated" subState="rapporteur:exact-match""#).count(), sentences);
    assert_eq!(
        xliff
            .matches(r#"similarity="100.0" matchQuality="100.0" origin="rapporteur:2019-2020/2.9.1/pag_asa""#)
            .count(),
        sentences,
        "each exact match is also a candidate of quality 100"
    );
    assert_eq!(second.fuzzy, 0, "the new sentence is like none translated before");
    assert!(
        xliff.contains(
            "<target>[fr-a] De lockdown van maart-april <ph id=\"1\" dataRef=\"d1\" disp=\"2020\"/>"
        ),
        "{}",
        &xliff[..600]
    );
    // The translator completes the new sentence; the file imports like any other.
    let done =
        translated(&xliff.replace("<target>", "<kept>").replace("</target>", "</kept>"), "translated", |s| {
            format!("[fr] {s}")
        });
    assert!(matches!(
        app.import_translation(&officer(), done.as_bytes()).unwrap(),
        rapporteur_app::TranslationImport::Stored { .. }
    ));
}

/// The candidates of an exported file: per segment id, each candidate's similarity and match
/// quality, in the file's order.
fn candidates(xliff: &str) -> BTreeMap<String, Vec<(f64, f64)>> {
    let attribute = |tag: &str, name: &str| -> String {
        let from = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        tag[from..from + tag[from..].find('"').unwrap()].to_string()
    };
    let mut out: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for (at, _) in xliff.match_indices("<mtc:match ") {
        let tag = &xliff[at..at + xliff[at..].find('>').unwrap()];
        out.entry(attribute(tag, "ref")).or_default().push((
            attribute(tag, "similarity").parse().unwrap(),
            attribute(tag, "matchQuality").parse().unwrap(),
        ));
    }
    out
}

#[test]
fn a_sentence_changed_slightly_since_an_earlier_edition_is_offered_as_a_fuzzy_match() {
    use rapporteur_domain::translation::{TranslationUnit, FUZZY_THRESHOLD};
    let dir = tempfile::tempdir().unwrap();
    let (mut app, choice) = translated_in_the_first_edition(dir.path());
    // 2021-2022: its first sentence again with another year, its second with one word changed,
    // and a sentence like none before.
    let style = LoadedCatalog::embedded().unwrap().catalog.number_style("nl");
    let old: Vec<String> =
        TranslationUnit::of(&pag_asa_dutch(), style).segments().map(|s| s.source()).collect();
    let (year, word) = (old[0].replace("2020", "2021"), old[1].replace(" extra ", " bijkomende "));
    assert!(year != old[0] && word != old[1], "the seed's sentences changed: {:?}", &old[..2]);
    written_in_the_second_edition(
        &mut app,
        &format!("{year} {word} In 2022 daalde het aantal aanmeldingen opnieuw.\n"),
    );
    let export = app.export_translation(&officer(), Some("2021-2022"), ("nl", "fr"), &choice).unwrap();
    assert_eq!((export.segments, export.prefilled, export.fuzzy), (3, 0, 2));
    let xliff = String::from_utf8(export.xliff).unwrap();
    let found = candidates(&xliff);
    assert_eq!(found.keys().collect::<Vec<_>>(), ["#s1", "#s2"], "no candidate for the new sentence");
    for (segment, scores) in &found {
        assert!(
            scores
                .iter()
                .all(|&(similarity, quality)| similarity == quality
                    && (FUZZY_THRESHOLD..100.0).contains(&quality)),
            "{segment}: {scores:?}"
        );
        assert!(scores.windows(2).all(|w| w[0].1 >= w[1].1), "{segment}: the best first: {scores:?}");
    }
    // Another year costs less than another word; both are the best candidates of their segment.
    assert!(found["#s1"][0].1 > found["#s2"][0].1, "{found:?}");
    assert!(xliff.contains("<target>[fr-a] De lockdown van maart-april <ph id=\"1\" dataRef=\"d1\""));
    // A fuzzy match fills no target: the segments stay initial, and the file as exported (no
    // translation written) is refused, nothing stored.
    assert_eq!(xliff.matches(r#"<segment id="s1" state="initial"><source>"#).count(), 1);
    assert!(!xliff.split("</mtc:matches>").nth(1).unwrap().contains("<target>"));
    match app.import_translation(&officer(), xliff.as_bytes()).unwrap() {
        rapporteur_app::TranslationImport::Refused(problems) => assert_eq!(
            problems.iter().filter(|p| p.message.ends_with("has no translation")).count(),
            3,
            "{problems:?}"
        ),
        other => panic!("a fuzzy match imported as a translation: {other:?}"),
    }
    // The translator's file, candidates and all, imports.
    let done = translated(&xliff, "translated", |s| format!("[fr] {s}"));
    assert!(matches!(
        app.import_translation(&officer(), done.as_bytes()).unwrap(),
        rapporteur_app::TranslationImport::Stored { .. }
    ));
}

#[test]
fn a_report_with_draft_translations_is_published_only_when_the_coordinator_accepts_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fresh_app(dir.path());
    let fr = app.save_report_build(&officer(), "2019-2020", ("fr", "html"), b"<html>fr</html>").unwrap();
    let nl = app.save_report_build(&officer(), "2019-2020", ("nl", "html"), b"<html>nl</html>").unwrap();
    assert_eq!(app.draft_translations(&officer(), "2019-2020", "fr").unwrap(), dutch_texts());
    assert_eq!(app.draft_translations(&officer(), "2019-2020", "nl").unwrap(), 0);
    let refused = app.publish_build(&officer(), fr, false).expect_err("held");
    assert!(refused.to_string().contains(&format!("{} draft translation(s)", dutch_texts())), "{refused}");
    assert!(app.published_builds(&officer()).unwrap().is_empty(), "nothing published");
    assert!(app.publish_build(&officer(), nl, false).unwrap(), "the Dutch originals hold no draft");
    assert!(app.publish_build(&officer(), fr, true).unwrap(), "accepted, the drafts marked as such");
    assert_eq!(app.published_builds(&officer()).unwrap().len(), 2);
}
