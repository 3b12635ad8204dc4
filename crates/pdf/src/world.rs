//! The typst `World` of one report: the generated main source, the charts as in-memory files, the
//! fonts shipped in `typst-assets`, and no clock, no file system, no network, no packages.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The fonts, parsed once per process: they are static data, and parsing ~10 MB of font tables
/// for every report would be wasted work.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// A file of the report's virtual project.
struct File {
    id: FileId,
    bytes: Bytes,
}

pub(crate) struct ReportWorld {
    main: Source,
    files: Vec<File>,
}

/// The path of a file in the report's virtual project; the paths are made by this crate (never
/// from data), so a failure is a bug, reported as an error rather than a panic.
pub(crate) fn file_id(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|error| format!("invalid virtual path {path}: {error}"))?;
    // `FileId`s are interned for the life of the process; the paths are a fixed name plus a chart
    // index, so repeated renders reuse the same few ids.
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl ReportWorld {
    /// A world whose main file is `main` and which also holds `files` (path, bytes).
    pub(crate) fn new(main: String, files: Vec<(String, Vec<u8>)>) -> Result<Self, String> {
        let main = Source::new(file_id("/main.typ")?, main);
        let files = files
            .into_iter()
            .map(|(path, bytes)| Ok(File { id: file_id(&path)?, bytes: Bytes::new(bytes) }))
            .collect::<Result<_, String>>()?;
        Ok(ReportWorld { main, files })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_owned()));
        }
        self.files
            .iter()
            .find(|file| file.id == id)
            .map(|file| file.bytes.clone())
            .ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    /// The report model carries no publication date and rendering reads no clock (the same
    /// document must give the same bytes), so there is no "today": `datetime.today()` is an
    /// error, and the generated source never calls it.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
