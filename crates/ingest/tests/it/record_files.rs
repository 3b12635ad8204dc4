//! Record files refused whole, every problem at its row and column; JSON and CSV read alike.

use rapporteur_ingest::{parse_records, ImportProblem, ParsedRecords};

use crate::CATALOG;

fn read(bytes: &[u8]) -> Result<ParsedRecords, Vec<ImportProblem>> {
    CATALOG.with(|catalog| parse_records(bytes, catalog))
}

fn problems(text: &str) -> Vec<String> {
    match read(text.as_bytes()) {
        Ok(parsed) => panic!("accepted {} records", parsed.records.len()),
        Err(problems) => problems.iter().map(|p| p.located("cases.csv").to_string()).collect(),
    }
}

#[test]
fn every_bad_cell_is_located() {
    let text = "case_id,district,inflow_date,exploitation_form,state\n\
                C1,antwerpen,2019-03-05,sexual,dismissed\n\
                C2,atlantis,2019-13-05,sexual,dismissed\n\
                C3,limburg,2020-01-10,thb,dismised\n\
                C1,luik,2020-02-02,,summons\n";
    assert_eq!(
        problems(text),
        [
            "cases.csv:3:2: \"atlantis\" is not a code of \"judicial_district\" (closest: oost_vlaanderen, antwerpen, leuven)",
            "cases.csv:3:3: \"2019-13-05\" is not a date: expected YYYY-MM-DD",
            "cases.csv:4:4: \"thb\" is an aggregate code of \"exploitation_form\"; a record holds leaf codes only",
            "cases.csv:4:5: \"dismised\" is not a code of \"prosecution_state\" (closest: dismissed, transferred, merged)",
            "cases.csv:5:1: case_id \"C1\" appears twice (first at row 2)",
            "cases.csv:5:4: a value is required",
        ]
    );
}

#[test]
fn a_file_with_an_identifying_column_is_refused_whole() {
    let text =
        "guidance_id;centre;registered_on;Geboortedatum;nationality\nG1;payoke;2020-01-02;03/04/1990;RO\n";
    assert_eq!(
        problems(text),
        ["cases.csv:1:4: column \"Geboortedatum\" identifies a person: the central store takes pseudonymous keys only; run `rapporteur pseudonymize --key-file KEY IN OUT` at the source and import OUT (nothing was stored)"]
    );
}

#[test]
fn unknown_kinds_and_columns() {
    assert_eq!(
        problems("dossier,centre\n1,payoke\n"),
        ["cases.csv: the header names no record key, so the kind of record is unknown: expected one of conviction_id (conviction), guidance_id (guidance_file), checklist_id (indicator_checklist), finding_id (police_finding), case_id (prosecution_case)"]
    );
    let p = problems("finding_id,found_on,exploitation_form,kind,colour\nF1,2019-01-01,labour,finding,red\n");
    assert_eq!(p.len(), 1);
    assert!(p[0].starts_with("cases.csv:1:5: unknown column \"colour\" for a police_finding"), "{p:?}");
}

#[test]
fn json_and_csv_give_the_same_records() {
    let csv =
        "finding_id,found_on,exploitation_form,kind,person_key\nF1,2019-01-01,Seksuele uitbuiting,finding,\n";
    let json = r#"[{"finding_id": "F1", "found_on": "2019-01-01", "exploitation_form": "sexual", "kind": "finding", "person_key": null}]"#;
    let a = read(csv.as_bytes()).expect("csv");
    let b = read(json.as_bytes()).expect("json");
    assert_eq!(a.records[0].values, b.records[0].values);
    let bad =
        r#"[{"finding_id": "F1", "found_on": "1/1/2019", "exploitation_form": "sexual", "kind": "finding"}]"#;
    let err = read(bad.as_bytes()).expect_err("bad date");
    assert_eq!(
        err[0].located("f.json").to_string(),
        "f.json:1: field \"found_on\": \"1/1/2019\" is not a date: expected YYYY-MM-DD"
    );
}

/// A file of `n` prosecution cases, every `bad`-th with a district that is none.
fn cases(n: usize, bad: Option<usize>) -> String {
    let mut text = String::from("case_id;district;inflow_date;exploitation_form;state\n");
    for i in 1..=n {
        let district = if bad.is_some_and(|b| i % b == 0) { "atlantis" } else { "antwerpen" };
        text.push_str(&format!("C{i};{district};2019-03-05;sexual;dismissed\n"));
    }
    text
}

#[test]
fn a_file_with_thousands_of_bad_rows_lists_the_first_thousand_and_counts_the_rest() {
    let problems = match read(cases(5000, Some(2)).as_bytes()) {
        Ok(parsed) => panic!("accepted {} records", parsed.records.len()),
        Err(problems) => problems,
    };
    assert_eq!(problems.len(), rapporteur_ingest::PROBLEMS_LISTED + 1);
    // The first listed is the first bad row (C2, on line 3), in order of row.
    assert_eq!(problems[0].row, Some(3));
    assert!(problems.windows(2).take(rapporteur_ingest::PROBLEMS_LISTED - 1).all(|w| w[0].row < w[1].row));
    let last = problems.last().expect("the count");
    assert_eq!(last.row, None);
    // Every second of the 5,000 rows is bad; those past the first thousand are counted.
    let more = 5000 / 2 - rapporteur_ingest::PROBLEMS_LISTED;
    assert!(last.message.starts_with(&format!("{more} more problem(s) not listed")), "{last:?}");
}

/// Hands the bytes over 1 to 7 at a time, as a pipe or a slow upload does.
struct Trickle<'a>(&'a [u8], usize);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.1 = self.1 % 7 + 1;
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn a_file_read_as_it_streams_gives_what_the_whole_file_gives() {
    // Windows-1252 (older Excel): the encoding is told only by a row past the first bytes.
    let mut text = cases(3000, None).into_bytes();
    text.extend(
        b"C3001;antwerpen;2019-03-05;sexual;dismissed\nC3002;atlant\xefs;2019-03-05;sexual;dismissed\n",
    );
    let whole = read(&text);
    let streamed = CATALOG.with(|catalog| {
        let mut stream = rapporteur_ingest::open_records(Trickle(&text, 0), catalog).expect("a header");
        let records: Vec<_> = stream.by_ref().collect();
        (records, stream.finish())
    });
    let whole_problems = whole.expect_err("atlantïs is no district code");
    assert_eq!(streamed.1.expect_err("the same problem"), whole_problems);
    assert!(
        whole_problems[0].message.contains("\"atlant\u{ef}s\""),
        "decoded as Windows-1252: {whole_problems:?}"
    );
    assert_eq!(streamed.0.len(), 3002);

    let good = cases(3000, None);
    let whole = read(good.as_bytes()).expect("read");
    let streamed = CATALOG.with(|catalog| {
        let mut stream =
            rapporteur_ingest::open_records(Trickle(good.as_bytes(), 0), catalog).expect("a header");
        let records: Vec<_> = stream.by_ref().collect();
        (records, stream.finish().expect("read"))
    });
    assert_eq!(streamed.0, whole.records);
    assert_eq!(streamed.1, whole.layout);
}
