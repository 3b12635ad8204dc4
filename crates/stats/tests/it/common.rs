//! Fixtures: the UK data sets, the SparseMSE reference, and relative comparisons.

use std::path::PathBuf;

use rapporteur_stats::mse::CaptureData;
use serde_json::Value;

/// The crate's own fixtures.
pub fn test_data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test_data").join(name)
}

/// The shared reference directory beside the clone (the bootstrap tables are read from there).
pub fn shared_mse(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/mse").join(name)
}

pub fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A comma-separated table: header and rows of fields.
pub fn read_csv(path: &PathBuf) -> (Vec<String>, Vec<Vec<String>>) {
    let text = read(path);
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let split = |line: &str| line.split(',').map(|f| f.trim().to_owned()).collect::<Vec<_>>();
    let header = split(lines.next().expect("header"));
    (header, lines.map(split).collect())
}

/// Capture histories from a CSV of 0/1 list columns followed by a count column.
pub fn capture_data(path: &PathBuf) -> CaptureData {
    let (header, rows) = read_csv(path);
    let lists = header.len() - 1;
    CaptureData::new(
        header[..lists].to_vec(),
        rows.iter()
            .map(|row| (row[..lists].iter().map(|f| f == "1").collect(), row[lists].parse().expect("count"))),
    )
    .expect("valid capture data")
}

/// The UK data set "UKdat" (six lists) or "UKdat_5" (five lists).
pub fn uk(name: &str) -> CaptureData {
    capture_data(&test_data(&format!("{name}.csv")))
}

/// SparseMSE's reference results for a data set.
pub fn reference(name: &str) -> Value {
    let all: Value = serde_json::from_str(&read(&test_data("reference.json"))).expect("json");
    all[name].clone()
}

pub fn number(value: &Value) -> f64 {
    value.as_f64().unwrap_or_else(|| panic!("not a number: {value}"))
}

pub fn strings(value: &Value) -> Vec<String> {
    value.as_array().expect("array").iter().map(|v| v.as_str().expect("string").to_owned()).collect()
}

/// Asserts |actual − expected| ≤ tolerance·|expected| (relative), with a name for the message.
#[track_caller]
pub fn assert_relative(what: &str, actual: f64, expected: f64, tolerance: f64) {
    let error = (actual - expected).abs() / expected.abs().max(f64::MIN_POSITIVE);
    assert!(
        error <= tolerance,
        "{what}: {actual} vs reference {expected} (relative error {error:e} > {tolerance:e})"
    );
}

/// Asserts |actual − expected| ≤ tolerance.
#[track_caller]
pub fn assert_close(what: &str, actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual} vs reference {expected} (difference {:e} > {tolerance:e})",
        (actual - expected).abs()
    );
}

/// Capture data from (history as "0110", count) pairs with lists named A, B, C, …
pub fn lettered(rows: &[(&str, i64)]) -> CaptureData {
    let lists = rows[0].0.len();
    CaptureData::new(
        (0..lists).map(|i| char::from(b'A' + i as u8).to_string()).collect(),
        rows.iter().map(|(h, n)| (h.chars().map(|c| c == '1').collect(), *n)),
    )
    .expect("valid capture data")
}
