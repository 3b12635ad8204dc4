//! The package as one ZIP archive, as the portal offers it for download: every file under one
//! folder, deflated, each entry dated the day of publication at midnight with the same
//! permissions, so that the same package gives the same bytes.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::{is_date, PackageError, PackageFile};

/// The folder the archive holds the package in: `rapporteur-<cycle>-open-data`.
pub fn archive_folder(cycle: &str) -> String {
    format!("rapporteur-{cycle}-open-data")
}

/// The files of the package in one ZIP archive, each at its package path under `folder`, in the
/// package's order; the entries are dated `published_at` (`YYYY-MM-DD`) at 00:00.
pub fn zip_package(folder: &str, files: &[PackageFile], published_at: &str) -> Result<Vec<u8>, PackageError> {
    let date = entry_date(published_at)?;
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(date)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for file in files {
        zip.start_file(format!("{folder}/{}", file.path), options)?;
        zip.write_all(&file.bytes).map_err(|e| PackageError::Zip(e.to_string()))?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The files of an archive made by [`zip_package`] under `folder`, at their package paths, in
/// the archive's order (what the API serves file by file from a published archive).
pub fn unzip_package(folder: &str, bytes: &[u8]) -> Result<Vec<PackageFile>, PackageError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    let prefix = format!("{folder}/");
    let mut files = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.into_owned();
        let Some(path) = name.strip_prefix(&prefix).map(str::to_string) else { continue };
        let mut data = Vec::new();
        entry.read_to_end(&mut data).map_err(|e| PackageError::Zip(e.to_string()))?;
        files.push(PackageFile { path, bytes: data });
    }
    Ok(files)
}

fn entry_date(published_at: &str) -> Result<DateTime, PackageError> {
    let bad = || PackageError::BadDate(published_at.to_string());
    if !is_date(published_at) {
        return Err(bad());
    }
    let number = |range: std::ops::Range<usize>| published_at[range].parse::<u16>().map_err(|_| bad());
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (month, day) = (u8::try_from(month).map_err(|_| bad())?, u8::try_from(day).map_err(|_| bad())?);
    DateTime::from_date_and_time(year, month, day, 0, 0, 0).map_err(|_| bad())
}

impl From<zip::result::ZipError> for PackageError {
    fn from(error: zip::result::ZipError) -> Self {
        PackageError::Zip(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn files() -> Vec<PackageFile> {
        vec![
            PackageFile { path: "datapackage.json".into(), bytes: b"{\"name\": \"p\"}".to_vec() },
            PackageFile { path: "data/cube.csv".into(), bytes: b"a,b\n1,2\n".repeat(100) },
        ]
    }

    #[test]
    fn an_archive_unzips_to_its_files() {
        let bytes = zip_package("rapporteur-2019-2020-open-data", &files(), "2026-03-02").unwrap();
        let back = unzip_package("rapporteur-2019-2020-open-data", &bytes).unwrap();
        assert_eq!(back, files());
    }

    #[test]
    fn the_same_package_gives_the_same_bytes_and_reads_back_under_its_folder() {
        let first = zip_package("rapporteur-2019-2020-open-data", &files(), "2026-03-02").unwrap();
        let second = zip_package("rapporteur-2019-2020-open-data", &files(), "2026-03-02").unwrap();
        assert_eq!(first, second);
        let mut archive = zip::ZipArchive::new(Cursor::new(first)).unwrap();
        let names: Vec<String> =
            (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().unwrap().to_string()).collect();
        assert_eq!(
            names,
            [
                "rapporteur-2019-2020-open-data/datapackage.json",
                "rapporteur-2019-2020-open-data/data/cube.csv"
            ]
        );
        let mut entry = archive.by_name("rapporteur-2019-2020-open-data/data/cube.csv").unwrap();
        assert_eq!(entry.compression(), CompressionMethod::Deflated);
        let modified = entry.last_modified().unwrap();
        assert_eq!((modified.year(), modified.month(), modified.day()), (2026, 3, 2));
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        assert_eq!(text.as_bytes(), files()[1].bytes);
    }

    #[test]
    fn a_date_that_is_not_one_is_refused() {
        for bad in ["2026-3-2", "2026-13-02", "1970-01-01", "yesterday"] {
            assert!(matches!(zip_package("f", &files(), bad), Err(PackageError::BadDate(_))), "{bad}");
        }
    }
}
