//! The column names that identify a person. A central import refuses a file carrying any of
//! them, and a record schema may not have such a field: only the pseudonymous key computed at
//! the actor's side travels.

use crate::label::normalize_label;

/// Columns whose text makes up a person's name (what the pseudonymous key is computed from,
/// with the birth date). Compared after [`normalize_label`], so `family_name` and `Family name`
/// are one.
pub const NAME_COLUMNS: &[&str] = &[
    "name",
    "family name",
    "surname",
    "last name",
    "first name",
    "given name",
    "given names",
    "naam",
    "achternaam",
    "familienaam",
    "voornaam",
    "voornamen",
    "nom",
    "nom de famille",
    "prenom",
    "prenoms",
];

/// Of the [`NAME_COLUMNS`], those holding given names only: the similarity encoding keeps their
/// parts apart, so that a family name changed by marriage is told from a stranger.
pub const GIVEN_NAME_COLUMNS: &[&str] =
    &["first name", "given name", "given names", "voornaam", "voornamen", "prenom", "prenoms"];

/// Columns holding a birth date.
pub const BIRTH_DATE_COLUMNS: &[&str] =
    &["birth date", "date of birth", "geboortedatum", "date de naissance", "date naissance"];

/// Column names that identify a person besides the name and birth date: documents, national
/// numbers, addresses, contact details.
pub const OTHER_IDENTIFYING_COLUMNS: &[&str] = &[
    "document number",
    "passport number",
    "identity card number",
    "documentnummer",
    "paspoortnummer",
    "numero de document",
    "national number",
    "rijksregisternummer",
    "numero national",
    "address",
    "adres",
    "adresse",
    "phone",
    "telefoon",
    "telephone",
    "email",
];

/// Column names that identify a person: a central import refuses a file carrying any of them
/// (compared after [`normalize_label`], so `Geboortedatum` and `date de naissance` match); only
/// the pseudonymous key computed at the actor's side may travel.
pub const IDENTIFYING_COLUMNS: [&[&str]; 3] = [NAME_COLUMNS, BIRTH_DATE_COLUMNS, OTHER_IDENTIFYING_COLUMNS];

/// Whether `name` is one of `list`, compared after [`normalize_label`].
pub fn is_column_of(name: &str, list: &[&str]) -> bool {
    let normal = normalize_label(name);
    list.iter().any(|c| normalize_label(c) == normal)
}

/// Whether a column name identifies a person (see [`IDENTIFYING_COLUMNS`]).
pub fn is_identifying_column(name: &str) -> bool {
    IDENTIFYING_COLUMNS.iter().any(|list| is_column_of(name, list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifying_columns_match_in_any_spelling() {
        assert!(is_identifying_column("Geboortedatum"));
        assert!(is_identifying_column("Date de naissance"));
        assert!(is_identifying_column("family_name"));
        assert!(is_identifying_column("PRÉNOM"));
        assert!(!is_identifying_column("nationality"));
        assert!(!is_identifying_column("person_key"));
    }
}
