//! Incomplete identities (issue 20): an empty or placeholder birth date, the birth year only,
//! one name, or no identity at all never refuses a row; such a row gets no exact key, an
//! encoding of what is known, and its `identity` code; two persons of one name whose birth
//! dates are placeholders do not look alike because of the placeholder.

use rapporteur_domain::catalog::{Completeness, IdentityPolicy};
use rapporteur_records::{
    pseudonymize_csv, read_birth_date, BirthDate, Date, Encoder, Encoding, Identity, Secret,
};

fn policy() -> IdentityPolicy {
    crate::catalog_support::catalog().identity
}

fn secret() -> Secret {
    Secret::from_key_file(b"shared secret of the actors, 2021\n").expect("long enough")
}

#[test]
fn the_catalog_lists_placeholders_with_their_reasons() {
    let policy = policy();
    assert!(policy.birth_date_placeholders.len() >= 5);
    for placeholder in &policy.birth_date_placeholders {
        for lang in ["nl", "fr", "en"] {
            assert!(
                !placeholder.reason.get(lang).is_empty(),
                "{} has a reason in {lang}",
                placeholder.pattern
            );
        }
    }
    let read = |text: &str| read_birth_date(&policy, text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let date = |y, m, d| BirthDate::Full(Date::new(y, m, d).expect("a date"));
    for (text, expected) in [
        ("", BirthDate::Unknown),
        ("  ", BirthDate::Unknown),
        ("onbekend", BirthDate::Unknown),
        ("Inconnu", BirthDate::Unknown),
        ("1900-01-01", BirthDate::Unknown),
        ("01/01/1900", BirthDate::Unknown),
        ("00/00/0000", BirthDate::Unknown),
        ("30/12/1899", BirthDate::Unknown),
        ("01/01/1998", BirthDate::Year(1998)),
        ("1998-01-01", BirthDate::Year(1998)),
        ("00/00/1998", BirthDate::Year(1998)),
        ("XX/XX/1998", BirthDate::Year(1998)),
        ("1998", BirthDate::Year(1998)),
        ("03/1998", BirthDate::Year(1998)),
        ("00/03/1998", BirthDate::Year(1998)),
        ("02/01/1998", date(1998, 1, 2)),
        ("1990-04-03", date(1990, 4, 3)),
    ] {
        assert_eq!(read(text), expected, "{text:?}");
    }
    for slip in ["31/02/1990", "1990-13-01", "gisteren", "12/12", "00/03/0000"] {
        assert!(
            read_birth_date(&policy, slip).is_err(),
            "{slip:?} is a slip to correct, not an unknown date"
        );
    }
}

#[test]
fn a_file_with_unknown_and_placeholder_birth_dates_is_pseudonymised_whole() {
    let input = "guidance_id,family_name,given_names,birth_date,centre\n\
                 G1,Kowalczyk,Anna Maria,03/04/1990,payoke\n\
                 G2,Kowalczyk,Anna Maria,,payoke\n\
                 G3,Nowak,Piotr,1900-01-01,surya\n\
                 G4,Nowak,Piotr,01/01/1995,surya\n\
                 G5,Ahmadi,,12/06/2001,pag_asa\n\
                 G6,NN,,onbekend,pag_asa\n\
                 G7,,,,esperanto\n\
                 G8,FNU,Karimi,00/00/1999,esperanto\n";
    let mut out = Vec::new();
    let summary =
        pseudonymize_csv(&secret(), &policy(), input.as_bytes(), b',', &mut out).expect("nothing refused");
    assert_eq!(summary.rows, 8);
    let count = |c: Completeness| summary.by_completeness.get(&c).copied().unwrap_or(0);
    assert_eq!(count(Completeness::Complete), 1);
    assert_eq!(count(Completeness::NoBirthDate), 2, "G2 and G3");
    assert_eq!(count(Completeness::BirthYearOnly), 2, "G4 and G8 (FNU is no name)");
    assert_eq!(count(Completeness::SingleName), 1, "G5");
    assert_eq!(count(Completeness::None), 2, "G6 (NN, onbekend) and G7");
    assert_eq!(summary.incomplete(), 7);

    let text = String::from_utf8(out).expect("utf-8");
    let rows: Vec<Vec<String>> =
        text.lines().skip(1).map(|l| l.split(',').map(str::to_string).collect()).collect();
    assert_eq!(text.lines().next(), Some("guidance_id,person_key,person_encoding,identity,centre"));
    let (key, encoding, identity) = (1, 2, 3);
    assert_eq!(
        rows.iter().map(|r| r[identity].as_str()).collect::<Vec<_>>(),
        [
            "complete",
            "no_birth_date",
            "no_birth_date",
            "birth_year_only",
            "single_name",
            "none",
            "none",
            "birth_year_only"
        ]
    );
    // Only the complete identity has an exact key: a key of "Kowalczyk Anna Maria, unknown"
    // would join every person of that name whose birth date is unknown.
    for row in &rows {
        assert_eq!(row[key].is_empty(), row[identity] != "complete", "{row:?}");
        assert_eq!(row[encoding].is_empty(), row[identity] == "none", "{row:?}");
    }
    // The encoding holds what is known: the same name without its date stays close to it.
    let parsed = |i: usize| Encoding::parse(&rows[i][encoding]).expect("an encoding").1;
    let with_and_without_date = parsed(0).similarity(&parsed(1));
    assert!(
        with_and_without_date > 0.88,
        "the same name with and without a birth date: {with_and_without_date}"
    );
}

#[test]
fn a_placeholder_date_is_not_encoded_as_a_date() {
    let (policy, encoder) = (policy(), Encoder::new(&secret()));
    let encode = |names: [&str; 2], birth: &str| {
        let identity = Identity::read(&policy, [names[0]], [names[1]], birth).expect("readable");
        encoder.encode_identity(&identity).expect("a name")
    };
    // Two different persons registered with the systems' default date: the placeholder adds
    // nothing to their likeness, so they are exactly as alike as their names.
    let a = encode(["Nowak", "Piotr"], "1900-01-01");
    let b = encode(["Nowakowski", "Pawel"], "01/01/1900");
    let a_unknown = encode(["Nowak", "Piotr"], "");
    let b_unknown = encode(["Nowakowski", "Pawel"], "");
    assert_eq!(a, a_unknown);
    assert_eq!(a.similarity(&b), a_unknown.similarity(&b_unknown));
    // Were 1900-01-01 read as a date, it would have raised the likeness of the two.
    let as_dates = encoder
        .encode("Nowak", "Piotr", "1900-01-01")
        .expect("a date")
        .similarity(&encoder.encode("Nowakowski", "Pawel", "1900-01-01").expect("a date"));
    assert!(as_dates > a.similarity(&b), "a shared date raises likeness: {as_dates} vs {}", a.similarity(&b));
    // A year only keeps the year.
    let year = encode(["Nowak", "Piotr"], "01/01/1995");
    assert_eq!(year, encode(["Nowak", "Piotr"], "1995"));
    assert_ne!(year, a_unknown);
}
