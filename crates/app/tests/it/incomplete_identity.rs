//! A victim whose birth date or name is unknown is still counted (issue 20): a checklist file
//! with empty and placeholder birth dates, single names and no identity is pseudonymised and
//! imported whole; its records appear in the derived tables; two persons of one name with a
//! placeholder birth date are not merged; the coordinator sees each source's incomplete
//! identities; a file whose identity code contradicts its key is refused whole.

use std::collections::BTreeSet;

use rapporteur_app::{Agreement, App, LoadedCatalog, RecordCounting, RecordImportOutcome, Shown};
use rapporteur_domain::catalog::{Completeness, FieldKind, LinkBasis};
use rapporteur_domain::RecordRef;

use super::officer;

const KEY: &[u8] = b"an invented shared secret for this test only\n";

/// An RSZ checklist export as a clerk fills it: invented persons, whatever identity was given.
const CHECKLISTS: &str = "\
checklist_id,family_name,given_names,birth_date,filled_on,directorate,sex,nationality
rsz-t-01,Testerova,Quintilla,1991-02-03,2019-03-04,antwerpen,F,RO
rsz-t-02,Imaginaria,Bogdana,,2019-03-05,antwerpen,F,RO
rsz-t-03,Fictivo,Marek,1900-01-01,2019-04-10,antwerpen,M,PL
rsz-t-04,Fictivo,Marek,01/01/1900,2019-05-11,luik,M,PL
rsz-t-05,Exempla,Dorin,01/01/1996,2019-06-01,luik,M,RO
rsz-t-06,Inventado,,12/08/2000,2019-06-02,luik,M,BR
rsz-t-07,NN,,onbekend,2019-07-15,brussel,M,
rsz-t-08,,,,2019-07-16,brussel,F,
rsz-t-09,Testerova,Quintilla,03/02/1991,2019-09-09,brussel,F,RO
";

fn open(dir: &std::path::Path) -> App {
    let clock: rapporteur_app::Clock = Box::new(|| "2026-12-04T10:00:00Z".to_string());
    App::open(LoadedCatalog::embedded().expect("catalog"), &dir.join("s.sqlite"), &officer(), clock)
        .expect("a store")
}

/// The checklists pseudonymised at the source, as `rapporteur pseudonymize` writes them.
fn pseudonymised(dir: &std::path::Path) -> Vec<u8> {
    let (key, raw, keyed) = (dir.join("key.txt"), dir.join("raw.csv"), dir.join("keyed.csv"));
    std::fs::write(&key, KEY).unwrap();
    std::fs::write(&raw, CHECKLISTS).unwrap();
    let catalog = LoadedCatalog::embedded().unwrap().catalog;
    let summary =
        rapporteur_app::pseudonymize_file(&catalog.identity, &key, &raw, &keyed).expect("nothing refused");
    assert_eq!(summary.rows, CHECKLISTS.lines().count() - 1);
    std::fs::read(keyed).unwrap()
}

#[test]
fn incomplete_identities_are_imported_counted_and_never_merged_on_a_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = pseudonymised(dir.path());
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(!text.contains("Fictivo") && !text.contains("1900"), "{text}");
    let mut app = open(dir.path());
    let outcome = app.import_records(&officer(), "checklists.csv", &bytes[..]).expect("imported");
    let rows = CHECKLISTS.lines().count() - 1;
    assert!(matches!(outcome, RecordImportOutcome::Imported { added, .. } if added == rows), "{outcome:?}");

    // Every record counts in the derived table of checklists per directorate (Table 4, 2019).
    let tables = app
        .record_tables(&officer(), Some("2019-2020"), Some(4), RecordCounting::AsRegistered)
        .expect("table 4");
    let (_, table) = &tables[0];
    for directorate in ["antwerpen", "luik", "brussel"] {
        let written = CHECKLISTS.lines().filter(|l| l.split(',').nth(5) == Some(directorate)).count() as i64;
        let wanted = BTreeSet::from([directorate.to_string()]);
        let cell = table
            .cells
            .iter()
            .map(|row| &row[0])
            .find(|c| !c.total && c.selection.get("rsz_directorate") == Some(&wanted))
            .unwrap_or_else(|| panic!("a row for {directorate}"));
        let value = match cell.value {
            Some(rapporteur_stats::tabulate::CellValue::Amount { scaled, .. }) => scaled,
            ref other => panic!("{other:?}"),
        };
        assert_eq!(value, written, "{directorate}: every checklist counts, identity or not");
    }

    // The coordinator sees how complete the identities were, per source.
    let sources = app.identity_completeness(&officer()).expect("counts");
    let checklists = sources.iter().find(|s| s.schema == "indicator_checklist").expect("the checklists");
    let count = |c: Completeness| checklists.counts[&c];
    assert_eq!(checklists.total(), rows as u64);
    assert_eq!(
        [
            Completeness::Complete,
            Completeness::NoBirthDate,
            Completeness::BirthYearOnly,
            Completeness::SingleName,
            Completeness::None
        ]
        .map(count),
        [2, 3, 1, 1, 2]
    );
    assert_eq!(checklists.incomplete(), 7);

    // The report's data-quality annex says the same, per source, in each language.
    let documents =
        app.report(&officer(), Some("2019-2020"), &["nl".to_string(), "fr".to_string()]).expect("the report");
    for document in &documents {
        let table = document
            .annex
            .blocks
            .iter()
            .find_map(|b| if let rapporteur_report::Block::Table(t) = b { Some(t) } else { None })
            .expect("the annex's table of identities");
        let label = checklists.name.get(&document.lang);
        let row = table.rows.iter().find(|r| r.labels[0] == label).expect("a row for the checklists");
        let counts: Vec<i64> = Completeness::ALL.iter().map(|c| checklists.counts[c] as i64).collect();
        let printed: Vec<i64> =
            row.cells[..counts.len()].iter().map(|c| c.value.expect("a count").0).collect();
        assert_eq!(printed, counts, "{}", document.lang);
        let share = (10_000 * checklists.incomplete() as i64 + checklists.total() as i64 / 2)
            / checklists.total() as i64;
        assert_eq!(row.cells[counts.len()].value, Some((share, 2)));
        let markdown = {
            let mut out = Vec::new();
            rapporteur_report::render_markdown(document, &mut out).expect("markdown");
            String::from_utf8(out).expect("utf-8")
        };
        assert!(markdown.contains(&table.title), "{}: the annex prints its table", document.lang);
    }

    // Linking: the two Marek Fictivo registered with 1900-01-01 are not merged — nothing but the
    // name says they are one person; the pair awaits the coordinator, marked as resting on the
    // name alone. The complete Quintilla Testerova, written two ways, links.
    app.link_records(&officer()).expect("linked");
    let persons = app.linked_persons(&officer()).expect("persons");
    let record = |key: &str| RecordRef { schema: "indicator_checklist".into(), key: key.into() };
    assert_ne!(persons[&record("rsz-t-03")], persons[&record("rsz-t-04")]);
    assert_eq!(persons[&record("rsz-t-01")], persons[&record("rsz-t-09")]);
    assert!(
        !persons.contains_key(&record("rsz-t-07")) && !persons.contains_key(&record("rsz-t-08")),
        "no identity: unlinkable"
    );
    let review = app.link_review(&officer(), 100).expect("the review list");
    let namesakes = review
        .iter()
        .find(|item| [&item.pair.a, &item.pair.b] == [&record("rsz-t-03"), &record("rsz-t-04")])
        .expect("the namesakes are sent to review");
    assert_eq!(namesakes.pair.basis, LinkBasis::NameOnly);
    // The coordinator sees how far apart in time the two were registered (`filled_on`).
    let filled_on = |key: &str| {
        let line = CHECKLISTS.lines().find(|l| l.starts_with(&format!("{key},"))).expect("the row");
        rapporteur_records::Date::parse_iso(line.split(',').nth(4).expect("filled_on")).expect("a date")
    };
    let apart = filled_on("rsz-t-04").day_number() - filled_on("rsz-t-03").day_number();
    assert_eq!(namesakes.days_apart, Some(apart.unsigned_abs()));
    // ... and what both registrations say side by side, named and worded as the catalog says,
    // with whether they agree: no identity, no key, no encoding.
    let catalog = LoadedCatalog::embedded().unwrap().catalog;
    let schema = &catalog.records["indicator_checklist"];
    let header: Vec<&str> = CHECKLISTS.lines().next().unwrap().split(',').collect();
    let cell = |key: &str, column: &str| -> String {
        let line = CHECKLISTS.lines().find(|l| l.starts_with(&format!("{key},"))).expect("the row");
        line.split(',')
            .nth(header.iter().position(|h| *h == column).expect("the column"))
            .unwrap()
            .to_string()
    };
    let rows = namesakes.rows();
    let mut agreements = Vec::new();
    for column in ["directorate", "sex", "nationality"] {
        let field = &schema.fields[schema.field_index(column).expect("the field")];
        let row = rows.iter().find(|r| r.a.is_some_and(|f| f.field == column)).expect("the field is shown");
        assert_eq!(row.name, &field.name, "{column} is named by the catalog");
        let FieldKind::Code { codelist } = &field.kind else { panic!("{column} holds a code") };
        let list = catalog.code_list(codelist).expect("its code list");
        let code = |key: &str| list.lookup(&cell(key, column)).expect("a code of the list");
        let (a, b) = (code("rsz-t-03"), code("rsz-t-04"));
        assert_eq!(row.a.unwrap().shown, Shown::Codes(vec![a.labels.clone()]), "{column} reads as its label");
        assert_eq!(row.b.unwrap().shown, Shown::Codes(vec![b.labels.clone()]));
        assert_eq!(row.agreement() == Agreement::Same, a.id == b.id, "{column}");
        agreements.push(row.agreement());
    }
    assert!(agreements.contains(&Agreement::Same) && agreements.contains(&Agreement::Different));
    let identifying = schema
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::PersonKey | FieldKind::PersonEncoding) || f.id == schema.key);
    for field in identifying {
        assert!(rows.iter().all(|r| r.name != &field.name), "{} is not shown", field.id);
    }
    let actor = catalog.code_list("actor").and_then(|l| l.get(&schema.owner)).expect("the owner");
    assert_eq!(namesakes.a.owner_name, actor.labels);
    assert!(review.iter().all(|item| item.pair.basis == LinkBasis::NameAndBirthDate
        || item.pair.status == rapporteur_domain::PairStatus::Review));
}

#[test]
fn an_identity_code_that_contradicts_the_key_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let text = String::from_utf8(pseudonymised(dir.path())).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    // Row 3 of the file (rsz-t-02, no birth date) given the key of row 2: as if a clerk had
    // filled the empty key by copying the cell above.
    let key_of = |line: &str| line.split(',').nth(1).unwrap().to_string();
    let copied = key_of(&lines[1]);
    let mut cells: Vec<String> = lines[2].split(',').map(str::to_string).collect();
    cells[1] = copied;
    lines[2] = cells.join(",");
    let edited = lines.join("\n") + "\n";
    let mut app = open(dir.path());
    let outcome = app.import_records(&officer(), "edited.csv", edited.as_bytes()).expect("answered");
    let RecordImportOutcome::Refused(problems) = outcome else { panic!("{outcome:?}") };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].row, Some(3));
    assert!(
        problems[0].message.contains("identity is no_birth_date but the row has a person_key"),
        "{}",
        problems[0].message
    );
    assert!(app.identity_completeness(&officer()).unwrap().iter().all(|s| s.total() == 0), "nothing stored");
}
