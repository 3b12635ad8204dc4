//! A cell the cycle owes that the actor cannot give: the value cell holds one of the catalog's
//! markers of a status ("n.b.", "conf.") instead of a number, in any CSV flavour;
//! a blank value, or a marker on a stated figure, is refused with what to write.

use rapporteur_domain::{ObsStatus, ObservationRow, RowKind};
use rapporteur_ingest::parse_return;

use super::CATALOG;

fn rows(bytes: &[u8]) -> Result<Vec<ObservationRow>, Vec<String>> {
    CATALOG.with(|catalog| {
        let cycle = catalog.cycle("2019-2020").unwrap();
        parse_return(bytes, catalog, cycle, &mut |_, _| {})
            .map(|r| r.rows)
            .map_err(|problems| problems.iter().map(|p| p.located("f.csv").to_string()).collect())
    })
}

const HEADER: &str = "cube,period,rsz_directorate,value\n";

fn one(value: &str) -> Result<Vec<ObservationRow>, Vec<String>> {
    rows(format!("{HEADER}rsz_referrals_by_directorate,2019,luik,{value}\n").as_bytes())
}

#[test]
fn the_belgian_clerks_markers_read_as_statuses_ignoring_case_spaces_and_full_stops() {
    for (written, status) in [
        ("n.b.", ObsStatus::NotAvailable),
        ("N.B.", ObsStatus::NotAvailable),
        ("nb", ObsStatus::NotAvailable),
        ("n.a.", ObsStatus::NotAvailable),
        ("nd", ObsStatus::NotAvailable),
        ("/", ObsStatus::NotAvailable),
        ("Niet beschikbaar", ObsStatus::NotAvailable),
        ("conf.", ObsStatus::Confidential),
        ("Confidentiel", ObsStatus::Confidential),
    ] {
        let rows = one(written).unwrap_or_else(|p| panic!("{written:?} refused: {p:?}"));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].kind, RowKind::Flagged(status), "{written:?}");
        assert_eq!(rows[0].coordinate.codes["rsz_directorate"], "luik");
    }
    let number = one("3").unwrap();
    assert_eq!((number[0].kind, number[0].value), (RowKind::Observation, 3));
}

#[test]
fn a_marker_reads_alike_in_a_belgian_semicolon_file_beside_numbers() {
    let text = "cube;period;rsz_directorate;value\n\
                rsz_referrals_by_directorate;2019;luik;n.b.\n\
                rsz_referrals_by_directorate;2019;brussel;1.020\n";
    let rows = rows(text.as_bytes()).unwrap();
    assert_eq!(rows[0].kind, RowKind::Flagged(ObsStatus::NotAvailable));
    assert_eq!((rows[1].kind, rows[1].value), (RowKind::Observation, 1020));
}

#[test]
fn a_blank_value_or_a_dash_is_refused_with_the_markers_named() {
    for blank in ["", "-", "."] {
        let problems = one(blank).expect_err("refused");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains(":2:4:"), "located at row 2, column 4: {problems:?}");
        assert!(problems[0].contains("\"n.b.\"") && problems[0].contains("\"conf.\""), "{problems:?}");
    }
}

#[test]
fn a_stated_total_cannot_be_marked_and_a_cell_cannot_be_both_marked_and_given() {
    let total = one("x").map(|_| ()).expect_err("not a number");
    assert!(total[0].contains("n.b."), "{total:?}");
    let stated =
        rows(format!("{HEADER}rsz_referrals_by_directorate,2019,_T,n.b.\n").as_bytes()).expect_err("refused");
    assert!(stated[0].contains("leave out the row"), "{stated:?}");
    let both = rows(
        format!(
            "{HEADER}rsz_referrals_by_directorate,2019,luik,n.b.\nrsz_referrals_by_directorate,2019,luik,3\n"
        )
        .as_bytes(),
    )
    .expect_err("a cell given twice");
    assert_eq!(both.len(), 1, "{both:?}");
}
