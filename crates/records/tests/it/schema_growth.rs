//! A record schema grows at its end: a record stored before its last fields existed reads them
//! empty, and a stored form cut inside a field is still refused.

use rapporteur_records::{code_index, dictionary_codes, Codebook, CompactError, Date, Record, Value};

use crate::catalog_support::catalog;

#[test]
fn a_record_stored_before_the_police_findings_had_sex_and_nationality_reads_them_empty() {
    let catalog = catalog();
    let schema = &catalog.records["police_finding"];
    let [sex, nationality] = ["sex", "nationality"].map(|f| schema.field_index(f).expect("the field"));
    assert_eq!([sex, nationality], [schema.fields.len() - 2, schema.fields.len() - 1], "added at the end");
    let dictionary: Vec<(u64, &str, &str)> = dictionary_codes(&catalog, schema)
        .into_iter()
        .enumerate()
        .map(|(n, (l, c))| (n as u64, l, c))
        .collect();
    let codebook = Codebook::new(&catalog, schema, dictionary.iter().copied());
    let code = |field: &str, id: &str| {
        let f = &schema.fields[schema.field_index(field).unwrap()];
        let rapporteur_domain::catalog::FieldKind::Code { codelist } = &f.kind else { panic!("{field}") };
        Value::Code(code_index(&catalog, codelist, id).expect("a code"))
    };
    let mut values = vec![Value::Empty; schema.fields.len()];
    let mut set = |field: &str, value: Value| values[schema.field_index(field).unwrap()] = value;
    set("finding_id", Value::Text("PF0000042".into()));
    set("found_on", Value::Date(Date::new(2020, 3, 14).unwrap()));
    set("exploitation_form", code("exploitation_form", "sexual"));
    set("kind", code("kind", "finding"));
    set("pv_number", Value::Text("PV.BR.100042/2020".into()));
    set("notice_number", Value::Text("PC0000042".into()));
    let full = Record { values, source_row: 2 };

    // Stored under the schema as it was: every field but the last two.
    let mut before = schema.clone();
    before.fields.truncate(sex);
    let old = Record { values: full.values[..sex].to_vec(), source_row: 2 };
    let mut bytes = Vec::new();
    codebook.encode(&before, &old, &mut bytes);
    let read = codebook.decode(schema, "PF0000042", &bytes, 2).expect("the old record reads");
    assert_eq!(read, full, "the new fields read empty, the others as stored");

    // Stored now, with both: read back whole.
    let mut now = full.clone();
    now.values[sex] = code("sex", "F");
    now.values[nationality] = code("nationality", "RO");
    let mut bytes = Vec::new();
    codebook.encode(schema, &now, &mut bytes);
    assert_eq!(codebook.decode(schema, "PF0000042", &bytes, 2).expect("reads"), now);

    // Cut inside a field: refused, never read as empty.
    let pv = bytes.windows(5).position(|w| w == b"PV.BR").expect("the PV's text");
    let cut = &bytes[..pv + 3];
    let refused = codebook.decode(schema, "PF0000042", cut, 2);
    assert!(matches!(refused, Err(CompactError::Truncated(ref f)) if f == "pv_number"), "{refused:?}");
}
