//! The open-data package of the 2019–2020 cycle, made through the app from the embedded catalog
//! and data set: the values are the tables', suppressed cells are blank and flagged, every code
//! is in its code list, the Parquet files read back (with the parquet crate's own reader) with
//! the CSV's values, and the descriptor's resources and keys name what the package holds.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use rapporteur_app::{embedded_data_set, App, ComputedTable, LoadedCatalog, PackageFile};
use rapporteur_domain::access::Caller;
use rapporteur_domain::{Catalog, CellKey, Confidentiality, SuppressionPattern, TOTAL_CODE};
use rapporteur_opendata::{decimal_text, OBS_VALUE, SUM_JOINER};
use rapporteur_stats::published::{published_cells, PublishedCell};
use rapporteur_stats::tabulate::{CellValue, TableMeasureName};

const CYCLE: &str = "2019-2020";
const PUBLISHED: &str = "2026-03-02";

struct Fixture {
    catalog: Catalog,
    tables: Vec<ComputedTable>,
    cells: Vec<PublishedCell>,
    pattern: SuppressionPattern,
    /// The suppressed cells: (key, status).
    suppressed: Vec<(CellKey, Confidentiality)>,
    files: Vec<PackageFile>,
}

fn officer() -> Caller {
    Caller::Operator("test-officer".into())
}

/// A hand-made pattern: in the first protected cube with a body cell of at least one person,
/// that cell is primary and its cube's first total secondary (both of one code per dimension).
fn pattern_for(
    catalog: &Catalog,
    cells: &[PublishedCell],
) -> (SuppressionPattern, Vec<(CellKey, Confidentiality)>) {
    let single: Vec<&PublishedCell> =
        cells.iter().filter(|c| single_codes(catalog, &c.key).is_some()).collect();
    let (primary, secondary) = single
        .iter()
        .filter(|c| catalog.disclosure.protects(&c.key.cube) && !c.total && c.value.is_some_and(|v| v > 0))
        .find_map(|primary| {
            let total =
                single.iter().find(|c| c.key.cube == primary.key.cube && c.total && c.value.is_some())?;
            Some((primary, total))
        })
        .expect("a protected body cell and a total of its cube");
    let mut pattern = SuppressionPattern::new(&catalog.disclosure.symbol);
    let chosen = vec![
        (primary.key.clone(), Confidentiality::Primary),
        (secondary.key.clone(), Confidentiality::Secondary),
    ];
    for (key, status) in &chosen {
        pattern.suppress(key.clone(), *status);
    }
    (pattern, chosen)
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let loaded = LoadedCatalog::embedded().unwrap();
        let catalog = loaded.catalog.clone();
        let clock = Box::new(|| "2026-03-02T09:00:00Z".to_string());
        let mut app = App::open(loaded, &dir.path().join("store.sqlite"), &officer(), clock).unwrap();
        for file in embedded_data_set(CYCLE) {
            app.import(&officer(), &file.path, file.bytes, Some(CYCLE), &mut |_, _| {}).unwrap();
        }
        let tables = app.tables(&officer(), Some(CYCLE), None).unwrap();
        let cells = published_cells(&catalog, &tables);
        let (pattern, suppressed) = pattern_for(&catalog, &cells);
        let files = app.open_data_package(&officer(), CYCLE, &pattern, PUBLISHED).unwrap();
        let tables = tables.into_iter().map(|(_, t)| t).collect();
        Fixture { catalog, tables, cells, pattern, suppressed, files }
    })
}

fn file<'a>(files: &'a [PackageFile], path: &str) -> &'a PackageFile {
    files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("the package has no {path}"))
}

/// A CSV file as header and rows of named values.
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader
        .records()
        .map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect())
        .collect();
    (header, rows)
}

/// The code columns of a cube's rows (its dimensions, then the period).
fn code_columns(catalog: &Catalog, cube: &str) -> Vec<String> {
    let cube = catalog.cube(cube).unwrap();
    cube.dimensions.iter().map(|d| d.id.clone()).chain(["period".to_string()]).collect()
}

/// The CSV row of a cube at these codes.
fn row_at(files: &[PackageFile], cube: &str, codes: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let (_, rows) = read_csv(&file(files, &format!("data/{cube}.csv")).bytes);
    let found: Vec<_> = rows.into_iter().filter(|r| codes.iter().all(|(c, v)| &r[c] == v)).collect();
    assert_eq!(found.len(), 1, "{cube} at {codes:?}");
    found.into_iter().next().unwrap()
}

/// The codes of a key selecting one leaf (or period) per dimension it names; `None` for a key
/// selecting several.
fn single_codes(catalog: &Catalog, key: &CellKey) -> Option<BTreeMap<String, String>> {
    let mut codes = BTreeMap::new();
    for column in code_columns(catalog, &key.cube) {
        let code = match key.selection.get(&column) {
            None => TOTAL_CODE.to_string(),
            Some(set) if set.len() == 1 => set.iter().next().unwrap().clone(),
            Some(_) => return None,
        };
        codes.insert(column, code);
    }
    Some(codes)
}

#[test]
fn every_value_cell_of_every_table_is_in_the_csv_with_its_exact_value() {
    let f = fixture();
    let mut checked = 0;
    for table in &f.tables {
        for (c, column) in table.columns.iter().enumerate() {
            if column.measure != TableMeasureName::Value {
                continue;
            }
            for row in &table.cells {
                let cell = &row[c];
                let key = CellKey::new(&f.catalog, &table.cube, &cell.selection);
                let Some(codes) = single_codes(&f.catalog, &key) else { continue };
                let found = row_at(&f.files, &table.cube, &codes);
                let expected = match (cell.value.as_ref(), f.pattern.status(&key).is_suppressed()) {
                    (_, true) => String::new(),
                    (Some(CellValue::Amount { scaled, decimals }), false) => decimal_text(*scaled, *decimals),
                    (_, false) => String::new(),
                };
                assert_eq!(found[OBS_VALUE], expected, "table {} at {codes:?}", table.number);
                assert_eq!(found["OBS_STATUS"], if cell.value.is_some() { "A" } else { "M" });
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} cells checked");
}

#[test]
fn a_known_cell_of_table_30_reads_as_the_table_prints_it() {
    let f = fixture();
    let table = f.tables.iter().find(|t| t.number == 30).expect("table 30");
    let (c, _) =
        table.columns.iter().enumerate().find(|(_, c)| c.measure == TableMeasureName::Value).unwrap();
    let cell = table.cells.iter().map(|r| &r[c]).find(|cell| !cell.total && cell.value.is_some()).unwrap();
    let Some(CellValue::Amount { scaled, decimals: 0 }) = cell.value else { panic!("a count") };
    let key = CellKey::new(&f.catalog, &table.cube, &cell.selection);
    let row = row_at(&f.files, &table.cube, &single_codes(&f.catalog, &key).unwrap());
    assert_eq!(row[OBS_VALUE], scaled.to_string());
    assert_eq!(row["UNIT_MEASURE"], "count");
    assert_eq!(
        row["sex_label_en"],
        f.catalog.code_list("sex").unwrap().get(&row["sex"]).unwrap().labels.get("en")
    );
}

#[test]
fn a_suppressed_cell_has_no_value_and_one_confidentiality_status_whatever_the_reason() {
    let f = fixture();
    for (key, status) in &f.suppressed {
        let codes = single_codes(&f.catalog, key).expect("single codes");
        let row = row_at(&f.files, &key.cube, &codes);
        assert_eq!(row[OBS_VALUE], "", "{key:?}");
        // C for a primary and a secondary cell alike: per cell, the difference would tell the
        // reader that a primary cell is small.
        assert!(status.is_suppressed());
        assert_eq!(row["CONF_STATUS"], "C", "{key:?}");
        assert_eq!(row["OBS_STATUS"], "A", "a suppressed value exists: it is hidden, not missing");
    }
    let (_, rows) = read_csv(&file(&f.files, &format!("data/{}.csv", f.suppressed[0].0.cube)).bytes);
    let flagged: Vec<&str> = rows.iter().map(|r| r["CONF_STATUS"].as_str()).filter(|s| *s != "F").collect();
    assert_eq!(flagged.len(), 2, "only the two suppressed cells are flagged");
}

#[test]
fn every_published_cell_is_one_row() {
    let f = fixture();
    let mut per_cube: BTreeMap<&str, usize> = BTreeMap::new();
    for cell in &f.cells {
        *per_cube.entry(&cell.key.cube).or_default() += 1;
    }
    for (cube, count) in per_cube {
        let (_, rows) = read_csv(&file(&f.files, &format!("data/{cube}.csv")).bytes);
        assert_eq!(rows.len(), count, "{cube}");
        let keys: BTreeSet<Vec<&String>> = rows
            .iter()
            .map(|r| code_columns(&f.catalog, cube).iter().map(|c| &r[c]).collect::<Vec<_>>())
            .collect();
        assert_eq!(keys.len(), count, "{cube}: the code columns are a key");
    }
}

#[test]
fn every_code_of_a_data_file_is_in_its_code_list_file() {
    let f = fixture();
    for data in f.files.iter().filter(|f| f.path.starts_with("data/") && f.path.ends_with(".csv")) {
        let cube_id = data.path.trim_start_matches("data/").trim_end_matches(".csv");
        let cube = f.catalog.cube(cube_id).unwrap();
        let (_, rows) = read_csv(&data.bytes);
        for dimension in &cube.dimensions {
            let (_, list) = read_csv(&file(&f.files, &format!("codelists/{}.csv", dimension.codelist)).bytes);
            let known: BTreeSet<&str> = list.iter().map(|r| r["code"].as_str()).collect();
            assert!(known.contains(TOTAL_CODE));
            for row in &rows {
                let code = &row[&dimension.id];
                let parts: Vec<&str> = code.split(SUM_JOINER).collect();
                assert!(parts.len() == 1 || !parts.contains(&TOTAL_CODE), "{code}");
                for part in parts {
                    assert!(
                        known.contains(part),
                        "{}: {}={part} is not in {}",
                        data.path,
                        dimension.id,
                        dimension.codelist
                    );
                }
            }
        }
    }
}

/// A Parquet field as the CSV writes it.
fn field_text(field: &Field) -> String {
    match field {
        Field::Null => String::new(),
        Field::Str(text) => text.clone(),
        Field::Long(value) => value.to_string(),
        Field::Decimal(decimal) => {
            let bytes: [u8; 8] = decimal.data().try_into().expect("an INT64 decimal");
            decimal_text(i64::from_be_bytes(bytes), u32::try_from(decimal.scale()).unwrap())
        }
        other => panic!("unexpected Parquet field {other:?}"),
    }
}

#[test]
fn every_parquet_file_reads_back_with_the_csv_values() {
    let f = fixture();
    let files = check_parquet_files(&f.files);
    assert!(files > 20, "{files} Parquet files");
}

/// Reads every Parquet file of `files` back and compares it with its CSV, header and rows;
/// returns how many.
fn check_parquet_files(files: &[PackageFile]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for parquet in files.iter().filter(|f| f.path.ends_with(".parquet")) {
        let (header, rows) = read_csv(&file(files, &parquet.path.replace(".parquet", ".csv")).bytes);
        let path = dir.path().join("file.parquet");
        std::fs::write(&path, &parquet.bytes).unwrap();
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        let read: Vec<BTreeMap<String, String>> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|row| {
                row.unwrap()
                    .get_column_iter()
                    .map(|(name, field)| (name.clone(), field_text(field)))
                    .collect()
            })
            .collect();
        let names: Vec<String> = reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        assert_eq!(names, header, "{}", parquet.path);
        assert_eq!(read, rows, "{}", parquet.path);
        checked += 1;
    }
    checked
}

/// The 2019–2020 tables print no amount, so the exact decimals of the Parquet files are
/// checked on cells of the amounts cube made here: cents in and out, negative and suppressed.
#[test]
fn amounts_keep_their_cents_in_parquet_and_csv() {
    let f = fixture();
    let cube = "commission_thb_amount";
    assert_eq!(f.catalog.measure_of(f.catalog.cube(cube).unwrap()).decimals, 2);
    let cell = |period: &str, value: Option<i64>| PublishedCell {
        key: CellKey {
            cube: cube.to_string(),
            selection: [("period".to_string(), [period.to_string()].into())].into(),
        },
        value,
        decimals: 2,
        shown: rapporteur_stats::published::Shown::Figure,
        total: true,
        tables: vec![1],
    };
    let cells = vec![
        cell("2017", Some(-5)),
        cell("2018", None),
        cell("2019", Some(123_456_789)),
        cell("2020", Some(7)),
    ];
    let mut pattern = SuppressionPattern::new("x");
    pattern.suppress(cells[3].key.clone(), Confidentiality::Primary);
    let input = rapporteur_opendata::PackageInput {
        catalog: &f.catalog,
        cycle: CYCLE,
        cells: &cells,
        pattern: &pattern,
        flagged: &[],
        published_at: PUBLISHED,
    };
    let files = rapporteur_opendata::build_package(&input).unwrap();
    let (_, rows) = read_csv(&file(&files, &format!("data/{cube}.csv")).bytes);
    let values: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[OBS_VALUE].as_str(), r["OBS_STATUS"].as_str(), r["CONF_STATUS"].as_str()))
        .collect();
    assert_eq!(values, [("-0.05", "A", "F"), ("", "M", "F"), ("1234567.89", "A", "F"), ("", "A", "C")]);
    assert_eq!(check_parquet_files(&files), 1);
}

#[test]
fn the_descriptor_names_every_csv_and_keys_only_code_columns() {
    let f = fixture();
    let descriptor: serde_json::Value =
        serde_json::from_slice(&file(&f.files, "datapackage.json").bytes).unwrap();
    assert_eq!(descriptor["profile"], "tabular-data-package");
    assert_eq!(descriptor["licenses"][0]["name"], "CC-BY-4.0");
    assert_eq!(descriptor["created"], format!("{PUBLISHED}T00:00:00Z"));
    let resources = descriptor["resources"].as_array().unwrap();
    let names: BTreeSet<&str> = resources.iter().map(|r| r["name"].as_str().unwrap()).collect();
    let csvs: BTreeSet<&str> =
        f.files.iter().map(|f| f.path.as_str()).filter(|p| p.ends_with(".csv")).collect();
    let paths: BTreeSet<&str> = resources.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(paths, csvs);
    for resource in resources {
        let (header, _) = read_csv(&file(&f.files, resource["path"].as_str().unwrap()).bytes);
        let fields: Vec<&str> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(fields, header);
        for key in resource["schema"]["foreignKeys"].as_array().unwrap() {
            let target = key["reference"]["resource"].as_str().unwrap();
            assert!(target.is_empty() || names.contains(target), "{target}");
        }
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes_and_a_readme_per_language() {
    let f = fixture();
    let input = rapporteur_opendata::PackageInput {
        catalog: &f.catalog,
        cycle: CYCLE,
        cells: &f.cells,
        pattern: &f.pattern,
        flagged: &[],
        published_at: PUBLISHED,
    };
    assert_eq!(rapporteur_opendata::build_package(&input).unwrap(), f.files);
    for lang in ["nl", "fr", "en"] {
        let readme = String::from_utf8(file(&f.files, &format!("README.{lang}.md")).bytes.clone()).unwrap();
        assert!(readme.contains(f.catalog.disclosure.footnote.get(lang)), "{lang}");
        assert!(readme.contains("CC BY 4.0"), "{lang}");
    }
    let en = String::from_utf8(file(&f.files, "README.en.md").bytes.clone()).unwrap();
    assert!(en.contains("one cell is suppressed as sensitive and one cell to protect them"), "{en}");
    let bad = rapporteur_opendata::PackageInput { published_at: "2 March 2026", ..input };
    assert!(rapporteur_opendata::build_package(&bad).is_err());
}
