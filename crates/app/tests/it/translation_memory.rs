//! The translation memory as TMX 1.4b (issue 17): the sentence pairs the store holds exported
//! (a known first sentence pair, drafts only when asked and then marked), a round trip export
//! → import into another store → export giving the same pairs, a broken file refused whole
//! leaving the store file and the audit log as they were, and an imported pair pre-filling the
//! next XLIFF export.

use std::collections::BTreeMap;

use rapporteur_app::{ExportChoice, MemoryImport, TranslationImport};

use super::officer;
use super::translations::{fresh_app, translated};

const CYCLE: &str = "2019-2020";

/// The first sentence of the general coordinator's introduction (section 1, `dsb`), in Dutch
/// and in its draft French translation, as TMX segments.
const FIRST_NL: &str = r#"<seg>De wet van <ph x="1">13</ph> april <ph x="2">1995</ph> houdende bepalingen tot bestrijding van de mensenhandel en van de mensensmokkel bepaalt dat de regering tweejaarlijks een verslag moet opstellen over de bestrijding van de mensenhandel en de mensensmokkel.</seg>"#;
const FIRST_FR: &str = r#"<seg>La loi du <ph x="1">13</ph> avril <ph x="2">1995</ph> contenant des dispositions en vue de la répression de la traite et du trafic des êtres humains prévoit que le gouvernement doit établir tous les deux ans un rapport sur la lutte contre la traite et le trafic des êtres humains.</seg>"#;

/// The (Dutch, French) segments of a TMX file's units, in order.
fn segment_pairs(tmx: &str) -> Vec<(String, String)> {
    tmx.split("<tu>")
        .skip(1)
        .map(|tu| {
            let seg = |lang: &str| {
                let open = format!(r#"<tuv xml:lang="{lang}">"#);
                let start = tu.find(&open).expect("a tuv") + open.len();
                tu[start..].split("</tuv>").next().unwrap().to_string()
            };
            (seg("nl"), seg("fr"))
        })
        .collect()
}

#[test]
fn the_memory_holds_every_aligned_sentence_pair_drafts_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fresh_app(dir.path());
    let without = app.export_translation_memory(&officer(), Some(CYCLE), ("nl", "fr"), false).unwrap();
    assert_eq!(without.units, 0, "every French text of the data set is a draft");
    let with = app.export_translation_memory(&officer(), Some(CYCLE), ("nl", "fr"), true).unwrap();
    let tmx = String::from_utf8(with.tmx.clone()).unwrap();
    assert!(tmx.contains(r#"<tmx version="1.4">"#));
    assert!(tmx.contains(r#"<header creationtool="Rapporteur" creationtoolversion=""#));
    assert!(tmx.contains(
        r#"segtype="sentence" o-tmf="rapporteur" adminlang="en" srclang="nl" datatype="plaintext"/>"#
    ));
    assert_eq!(tmx.matches("<tu>").count(), with.units);
    assert_eq!((with.drafts, with.imported), (with.units, 0));
    assert_eq!(tmx.matches(r#"<prop type="x-rapporteur-status">draft</prop>"#).count(), with.units);
    let first = format!(
        r#"<tu><prop type="x-section">1</prop><prop type="x-actor">dsb</prop><prop type="x-cycle">2019-2020</prop><prop type="x-rapporteur-status">draft</prop><tuv xml:lang="nl">{FIRST_NL}</tuv><tuv xml:lang="fr">{FIRST_FR}</tuv></tu>"#
    );
    assert!(tmx.contains(&first), "{}", &tmx[..1200]);
    // Every pair once; the same inputs give the same bytes.
    let pairs = segment_pairs(&tmx);
    let mut distinct = pairs.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), pairs.len());
    assert_eq!(app.export_translation_memory(&officer(), Some(CYCLE), ("nl", "fr"), true).unwrap(), with);
    assert!(with.misaligned_texts < 74 && with.texts + with.misaligned_texts == 74, "{with:?}");

    // PAG-ASA's text at 2.9.1 translated (not a draft): its sentences are in the memory
    // without the drafts, unmarked.
    let choice = ExportChoice { actors: vec!["pag_asa".into()], sections: vec!["2.9.1".into()] };
    let export = app.export_translation(&officer(), Some(CYCLE), ("nl", "fr"), &choice).unwrap();
    let xliff = String::from_utf8(export.xliff).unwrap();
    let filled = translated(&xliff, "translated", |source| format!("[fr] {source}"));
    assert!(matches!(
        app.import_translation(&officer(), filled.as_bytes()).unwrap(),
        TranslationImport::Stored { .. }
    ));
    let memory = app.export_translation_memory(&officer(), None, ("nl", "fr"), false).unwrap();
    assert_eq!((memory.texts, memory.units), (1, export.segments), "{memory:?}");
    let tmx = String::from_utf8(memory.tmx).unwrap();
    assert!(!tmx.contains("x-rapporteur-status"));
    assert!(tmx.contains(r#"<prop type="x-section">2.9.1</prop><prop type="x-actor">pag_asa</prop>"#));
    assert!(
        segment_pairs(&tmx).iter().all(|(nl, fr)| fr.strip_prefix("<seg>[fr] ") == nl.strip_prefix("<seg>")),
        "each translation is its own source's"
    );
}

#[test]
fn an_exported_memory_imported_into_another_store_gives_the_same_pairs() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let source = fresh_app(a.path());
    let exported = source.export_translation_memory(&officer(), None, ("nl", "fr"), true).unwrap();
    // Taken as finished translations (the draft marks removed, as a translator's tool may).
    let tmx = String::from_utf8(exported.tmx)
        .unwrap()
        .replace(r#"<prop type="x-rapporteur-status">draft</prop>"#, "");
    let mut other = fresh_app(b.path());
    let audit_before = other.audit_log(&officer()).unwrap().len();
    let (pairs, changed) = match other.import_translation_memory(&officer(), tmx.as_bytes(), None).unwrap() {
        MemoryImport::Stored { from, to, pairs, changed, drafts, duplicates } => {
            assert_eq!((from.as_str(), to.as_str(), drafts), ("nl", "fr", 0));
            // A sentence translated two ways is one source: the first translation is taken.
            let sources: std::collections::BTreeSet<_> =
                segment_pairs(&tmx).into_iter().map(|(nl, _)| nl).collect();
            assert_eq!((pairs, duplicates), (sources.len(), exported.units - sources.len()));
            (pairs, changed)
        }
        refused => panic!("{refused:?}"),
    };
    assert_eq!(changed, pairs);
    let audit = other.audit_log(&officer()).unwrap();
    assert_eq!(audit.len() - audit_before, pairs, "every pair audited");
    assert!(audit.iter().rev().take(pairs).all(|e| e.action == "import_tmx" && e.who == "test-officer"));
    // The second store's memory is now exactly the first's pairs (its own texts are drafts).
    let again = other.export_translation_memory(&officer(), None, ("nl", "fr"), false).unwrap();
    assert_eq!((again.units, again.imported, again.texts), (pairs, pairs, 0));
    let first_per_source = |tmx: &str| -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (nl, fr) in segment_pairs(tmx) {
            out.entry(nl).or_insert(fr);
        }
        out
    };
    assert_eq!(first_per_source(&String::from_utf8(again.tmx).unwrap()), first_per_source(&tmx));
    // Importing the same file again changes nothing and audits nothing.
    let len = other.audit_log(&officer()).unwrap().len();
    assert!(matches!(
        other.import_translation_memory(&officer(), tmx.as_bytes(), Some("fr")).unwrap(),
        MemoryImport::Stored { changed: 0, .. }
    ));
    assert_eq!(other.audit_log(&officer()).unwrap().len(), len);
}

#[test]
fn a_broken_memory_is_refused_whole_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fresh_app(dir.path());
    let unit = |nl: &str, fr: &str| {
        format!("<tu><tuv xml:lang=\"nl\"><seg>{nl}</seg></tuv><tuv xml:lang=\"fr-BE\"><seg>{fr}</seg></tuv></tu>\n")
    };
    let good = unit("Dit is goed.", "C'est bien.");
    let file = |units: &str| {
        format!("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"nl-BE\" segtype=\"sentence\"/><body>\n{units}</body></tmx>\n")
    };
    let store = dir.path().join("s.sqlite");
    let bytes_before = std::fs::read(&store).unwrap();
    let audit_before = app.audit_log(&officer()).unwrap();
    let cases = [
        (
            file(&format!("{good}<tu><tuv xml:lang=\"nl\"><seg>Alleen Nederlands.</seg></tuv></tu>\n")),
            4,
            "no <tuv> in fr",
        ),
        (file(&format!("{good}{}", unit("In 2019[^3].", "En 2019."))), 4, "2019 [^3]"),
        (
            file(&format!("{good}{}", unit("Zie <bpt i=\"1\" x=\"1\">[</bpt>dit.", "Voir."))),
            4,
            "never closed",
        ),
        (file(&format!("{good}{}", unit("Zie dit.", "Voir <ph x=\"9\">[^1]</ph>."))), 4, "x=\"9\""),
        (file(&format!("{good}<tu><tuv xml:lang=\"nl\"><seg>Open"))[..].to_string(), 4, "not well-formed"),
        (file(&good).replace("nl-BE", "de"), 0, "\"de\""),
    ];
    for (tmx, line, says) in &cases {
        match app.import_translation_memory(&officer(), tmx.as_bytes(), None).unwrap() {
            MemoryImport::Refused(problems) => {
                assert!(
                    problems.iter().any(|p| p.message.contains(says) && (*line == 0 || p.row == Some(*line))),
                    "{says} at line {line}: {problems:?}"
                );
            }
            stored => panic!("{says}: {stored:?}"),
        }
    }
    assert_eq!(app.audit_log(&officer()).unwrap(), audit_before);
    assert_eq!(std::fs::read(&store).unwrap(), bytes_before, "the store file is byte for byte as it was");
    assert!(matches!(
        app.import_translation_memory(&officer(), file(&good).as_bytes(), None).unwrap(),
        MemoryImport::Stored { pairs: 1, changed: 1, .. }
    ));
}

#[test]
fn an_imported_pair_pre_fills_the_next_xliff_export() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = fresh_app(dir.path());
    let choice = ExportChoice { actors: vec!["dsb".into()], sections: vec!["1".into()] };
    let before = app.export_translation(&officer(), Some(CYCLE), ("nl", "fr"), &choice).unwrap();
    assert_eq!(before.prefilled, 0);
    // A translator's tool writes the numbers as plain text and the spaces its own way.
    let tmx = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="CAT" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" srclang="nl" datatype="PlainText"/>
  <body>
    <tu>
      <tuv xml:lang="nl"><seg>De wet van 13 april 1995 houdende bepalingen tot bestrijding van de mensenhandel en van de mensensmokkel bepaalt dat de regering tweejaarlijks een verslag moet opstellen over de bestrijding van de   mensenhandel en de mensensmokkel.</seg></tuv>
      <tuv xml:lang="fr"><seg>Selon la loi du 13 avril 1995, le gouvernement fait rapport tous les deux ans.</seg></tuv>
    </tu>
  </body>
</tmx>"#;
    assert!(matches!(
        app.import_translation_memory(&officer(), tmx.as_bytes(), None).unwrap(),
        MemoryImport::Stored { pairs: 1, changed: 1, .. }
    ));
    let after = app.export_translation(&officer(), Some(CYCLE), ("nl", "fr"), &choice).unwrap();
    assert_eq!(after.prefilled, 1);
    let xliff = String::from_utf8(after.xliff).unwrap();
    assert!(
        xliff.contains(r#"state="translated" subState="rapporteur:tmx-match"><source>De wet van <ph id="1""#),
        "{}",
        &xliff[..1500]
    );
    assert!(xliff.contains(r#"<target>Selon la loi du <ph id="1" dataRef="d1" disp="13"/> avril <ph id="2" dataRef="d2" disp="1995"/>, le gouvernement fait rapport tous les deux ans.</target>"#));
}
