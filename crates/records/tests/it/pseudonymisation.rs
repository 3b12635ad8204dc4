//! Pseudonymisation: the same person written differently gets the same key; different people
//! do not; the key depends on the secret; a pseudonymised file keeps no identifying column.

use rapporteur_records::{person_key, pseudonymize_csv, Encoder, Encoding, Secret};

fn policy() -> rapporteur_domain::catalog::IdentityPolicy {
    crate::catalog_support::catalog().identity
}

fn secret(text: &str) -> Secret {
    Secret::from_key_file(text.as_bytes()).expect("long enough")
}

const SECRET: &str = "shared secret of the actors, 2021\n";

#[test]
fn the_same_person_written_differently_gets_the_same_key() {
    let s = secret(SECRET);
    let key =
        |names: &[&str], date: &str| person_key(&s, names.iter().copied(), date).expect("valid identity");
    let reference = key(&["Müller", "Anna Maria"], "1990-04-03");
    let variants: [(&[&str], &str); 6] = [
        (&["MULLER", "anna maria"], "03/04/1990"), // case, accents, day-first date
        (&["Anna Maria", "Müller"], "3-4-1990"),   // given and family names swapped
        (&["  Müller ", "Maria-Anna"], "03.04.1990"), // whitespace, hyphen, part order
        (&["müller anna maria"], "19900403"),      // all in one field
        (&["Muller", "Anna", "Maria"], "1990/04/03"), // three fields
        (&["MÜLLER", "ANNA MARIA"], "1990-04-03"),
    ];
    for (names, date) in variants {
        assert_eq!(key(names, date), reference, "{names:?} {date}");
    }
    // Transliteration: a Bulgarian name written in Cyrillic and in Latin letters.
    assert_eq!(key(&["Иванова", "Елена"], "1985-12-01"), key(&["Ivanova", "Elena"], "01/12/1985"));
    assert_eq!(key(&["Ŝtefan", "Dvořák"], "2001-01-31"), key(&["dvorak", "stefan"], "31.01.2001"));
}

#[test]
fn different_people_get_different_keys() {
    let s = secret(SECRET);
    let key =
        |names: &[&str], date: &str| person_key(&s, names.iter().copied(), date).expect("valid identity");
    let a = key(&["Müller", "Anna"], "1990-04-03");
    assert_ne!(a, key(&["Müller", "Anne"], "1990-04-03"), "another given name");
    assert_ne!(a, key(&["Müller", "Anna"], "1990-04-04"), "another birth date");
    assert_ne!(a, key(&["Müller", "Anna"], "1990-03-04"), "day and month swapped is another date");
    assert_ne!(a, key(&["Mueller", "Anna"], "1990-04-03"), "a different spelling is not an accent");
    assert_ne!(key(&["Anna Lena"], "2000-01-01"), key(&["Annalena"], "2000-01-01"));
}

#[test]
fn the_key_cannot_be_computed_without_the_secret() {
    let identity = (["Müller", "Anna"], "1990-04-03");
    let a = person_key(&secret(SECRET), identity.0, identity.1).expect("valid");
    let b = person_key(&secret("another secret of 32 bytes......"), identity.0, identity.1).expect("valid");
    assert_ne!(a, b);
    assert_eq!(a.len(), 64);
    assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    // Not a plain hash of the normalised identity, which anybody could compute.
    use sha2::Digest;
    let plain = hex::encode(sha2::Sha256::digest(b"rapporteur-person-v1\x1fanna muller\x1f1990-04-03"));
    assert_ne!(a, plain);
    assert!(Secret::from_key_file(b"too short").is_err());
}

#[test]
fn a_pseudonymised_file_keeps_no_identifying_column() {
    let input = "guidance_id;Naam;Voornaam;Geboortedatum;Adres;centre;registered_on\n\
                 G1;Müller;Anna;03/04/1990;Kerkstraat 1;payoke;2020-02-01\n\
                 G2;MULLER;anna;1990-04-03;Kerkstraat 1;surya;2020-03-01\n";
    let mut out = Vec::new();
    let summary = pseudonymize_csv(&secret(SECRET), &policy(), input.as_bytes(), b';', &mut out)
        .expect("pseudonymised");
    assert_eq!(summary.rows, 2);
    assert_eq!(summary.dropped_columns, ["Naam", "Voornaam", "Geboortedatum", "Adres"]);
    let text = String::from_utf8(out).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "guidance_id;person_key;person_encoding;identity;centre;registered_on");
    let column = |line: &str, i: usize| line.split(';').nth(i).unwrap_or_default().to_string();
    assert_eq!([column(lines[1], 3), column(lines[2], 3)], ["complete", "complete"]);
    assert_eq!(column(lines[1], 1), column(lines[2], 1), "the same person in two files");
    assert_eq!(column(lines[1], 2), column(lines[2], 2), "the same encoding too");
    let (check, _) = Encoding::parse(&column(lines[1], 2)).expect("an encoding");
    assert_eq!(check, Encoder::new(&secret(SECRET)).check());
    let plain: Vec<String> = lines.iter().map(|l| [0, 1, 3, 4, 5].map(|i| column(l, i)).join(";")).collect();
    let plain = plain.join("\n");
    assert!(!plain.contains("Müller") && !plain.contains("Kerkstraat") && !plain.contains("1990"));
}

#[test]
fn a_typo_changes_the_key_but_not_the_likeness() {
    let input = "guidance_id,family_name,given_names,birth_date\n\
                 G1,Kowalczyk,Anna Maria,03/04/1990\n\
                 G2,Kowalcyzk,Anna Maria,04/03/1990\n\
                 G3,Nowak,Piotr,1971-11-20\n";
    let mut out = Vec::new();
    pseudonymize_csv(&secret(SECRET), &policy(), input.as_bytes(), b',', &mut out).expect("pseudonymised");
    let text = String::from_utf8(out).expect("utf-8");
    let rows: Vec<Vec<&str>> = text.lines().skip(1).map(|l| l.split(',').collect()).collect();
    let encoding = |row: &Vec<&str>| Encoding::parse(row[2]).expect("an encoding").1;
    assert_ne!(rows[0][1], rows[1][1], "a typo and a swapped date give another key");
    let same = encoding(&rows[0]).similarity(&encoding(&rows[1]));
    let other = encoding(&rows[0]).similarity(&encoding(&rows[2]));
    assert!(same > 0.8 && other < 0.7 && same > other + 0.15, "same person {same}, another {other}");
}

#[test]
fn a_bad_birth_date_names_its_row() {
    let input = "guidance_id,family_name,given_names,birth_date\nG1,A,B,1990-04-03\nG2,C,D,31/02/1990\n";
    let err = pseudonymize_csv(&secret(SECRET), &policy(), input.as_bytes(), b',', &mut Vec::new())
        .expect_err("refused");
    assert_eq!(
        err.to_string(),
        "row 3: \"31/02/1990\" is not a birth date: expected YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY or YYYYMMDD"
    );
}
