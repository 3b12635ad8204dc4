//! The extent of an XLS workbook's sheets, measured before calamine reads them. calamine reads
//! every XLS sheet whole when it opens the file, into a grid as large as the bounding box of
//! its cells; a cell record names its row and column with 16 bits each, so two cells of a 2 KB
//! file can claim 65,536 × 65,536 cells (128 GiB as a grid). Here the `Workbook` stream is found
//! in the compound file (OLE2) and its cell records are scanned: a sheet whose cells reach
//! beyond the [`Limits`] is refused. Anything this scan cannot follow is left to calamine,
//! which then refuses the file as damaged.

use super::limits::Limits;
use super::sheet_rows::cell_name;
use crate::problem::ImportProblem;

/// Refuses an XLS workbook with a cell beyond `limits` or a sheet whose cells' bounding box
/// holds more cells than an import reads.
pub(crate) fn check(bytes: &[u8], limits: &Limits) -> Result<(), ImportProblem> {
    let Some(mut file) = CompoundFile::read(bytes) else { return Ok(()) };
    if let Some(damage) = file.damage() {
        return Err(ImportProblem::file(format!(
            "the file looks like an XLS workbook, but its compound file is damaged ({damage}): save it again from the spreadsheet program, as XLSX"
        )));
    }
    let Some(stream) = file.workbook_stream() else { return Ok(()) };
    // The sheets' names, from the workbook globals, in the order of their substreams.
    let mut names = Vec::new();
    // Substreams begun: the globals, then one per sheet.
    let mut substreams = 0usize;
    let mut bounds: Option<Bounds> = None;
    for (kind, data) in records(&stream) {
        match kind {
            BOF => {
                substreams += 1;
                bounds = None;
            }
            BOUNDSHEET => names.push(sheet_name(data)),
            _ => {
                let sheet = substreams.checked_sub(2).and_then(|i| names.get(i)).map_or("?", String::as_str);
                for (row, column) in cells(kind, data) {
                    let bounds = bounds.get_or_insert(Bounds::at(row, column));
                    bounds.extend(row, column);
                    bounds.check(sheet, row, column, limits)?;
                }
            }
        }
    }
    Ok(())
}

const BOF: u16 = 0x0809;
const BOUNDSHEET: u16 = 0x0085;

/// A BOUNDSHEET record's sheet name: its length, then 8-bit or UTF-16 characters.
fn sheet_name(data: &[u8]) -> String {
    let length = data.get(6).map_or(0, |&l| usize::from(l));
    match data.get(7) {
        Some(0) => data.get(8..8 + length).map(|b| b.iter().map(|&c| char::from(c)).collect()),
        _ => data.get(8..8 + 2 * length).map(|b| {
            String::from_utf16_lossy(&b.chunks_exact(2).filter_map(|c| u16_at(c, 0)).collect::<Vec<_>>())
        }),
    }
    .unwrap_or_default()
}

/// The rows and columns a sheet's cells span so far.
struct Bounds {
    rows: (u32, u32),
    columns: (u32, u32),
}

impl Bounds {
    fn at(row: u32, column: u32) -> Bounds {
        Bounds { rows: (row, row), columns: (column, column) }
    }

    fn extend(&mut self, row: u32, column: u32) {
        self.rows = (self.rows.0.min(row), self.rows.1.max(row));
        self.columns = (self.columns.0.min(column), self.columns.1.max(column));
    }

    fn check(&self, sheet: &str, row: u32, column: u32, limits: &Limits) -> Result<(), ImportProblem> {
        let name = cell_name(row, column);
        let span = |(first, last): (u32, u32)| u64::from(last - first) + 1;
        let problem = if column >= limits.columns {
            format!("cell {name} lies beyond the {} columns a sheet of a return, a record file or capture histories may use", limits.columns)
        } else if row >= limits.rows {
            format!("cell {name} lies beyond row {}, the last row a spreadsheet has", limits.rows)
        } else if span(self.rows).saturating_mul(span(self.columns)) > limits.cells {
            format!(
                "with cell {name}, the sheet's cells span more than the {} cells an import reads",
                limits.cells
            )
        } else {
            return Ok(());
        };
        Err(ImportProblem::at(
            row as usize + 1,
            Some(column as usize + 1),
            format!("{problem}; the file is damaged: save it again from the spreadsheet program, as XLSX"),
        )
        .in_sheet(sheet))
    }
}

/// The BIFF records of a workbook stream: (type, data).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let kind = u16_at(stream, at)?;
        let length = usize::from(u16_at(stream, at + 2)?);
        let data = stream.get(at + 4..at + 4 + length)?;
        at += 4 + length;
        Some((kind, data))
    })
}

/// The (row, column) of the cells a record holds, blank cells included.
fn cells(kind: u16, data: &[u8]) -> Vec<(u32, u32)> {
    const SINGLE: [u16; 8] = [0x0006, 0x00FD, 0x0203, 0x027E, 0x0205, 0x0204, 0x00D6, 0x0201];
    const MULTIPLE: [u16; 2] = [0x00BD, 0x00BE];
    let (Some(row), Some(first)) = (u16_at(data, 0), u16_at(data, 2)) else { return Vec::new() };
    let (row, first) = (u32::from(row), u32::from(first));
    if SINGLE.contains(&kind) {
        vec![(row, first)]
    } else if MULTIPLE.contains(&kind) {
        let last = data.len().checked_sub(2).and_then(|at| u16_at(data, at)).map_or(first, u32::from);
        vec![(row, first), (row, last.max(first))]
    } else {
        Vec::new()
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// The parts of a compound file (OLE2) needed to read one stream, read as calamine reads them.
struct CompoundFile<'a> {
    bytes: &'a [u8],
    sectors: Sectors<'a>,
    /// How many sectors the header and the DIFAT list as holding the FAT.
    fat_sectors_listed: usize,
    /// The next sector of each sector's chain.
    fat: Vec<u32>,
    mini_cutoff: u32,
    first_mini_fat: u32,
    first_directory: u32,
}

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED: u32 = 0xFFFF_FFFA;

impl<'a> CompoundFile<'a> {
    /// The header, the DIFAT and the FAT, in calamine's order and with its cache of sectors;
    /// `None` where calamine fails (or panics, which ingest catches).
    fn read(bytes: &'a [u8]) -> Option<CompoundFile<'a>> {
        let shift = u16_at(bytes, 30)?;
        if (shift != 9 && shift != 12) || u16_at(bytes, 32)? != 6 {
            return None;
        }
        let mut sectors = Sectors::new(bytes, 1usize << shift);
        let mut difat: Vec<u32> = (0..109).filter_map(|i| u32_at(bytes, 76 + 4 * i)).collect();
        let mut next = u32_at(bytes, 68)?;
        let mut hops = 0usize;
        while next < RESERVED {
            hops += 1;
            if hops > sectors.last_id.saturating_add(1) {
                return None;
            }
            difat.extend(words(&sectors.get(next)?)?);
            next = difat.pop()?;
        }
        // Every listed sector below DIFSECT holds part of the FAT, whatever the header's count;
        // no more are loaded than the file may have (see `damage`).
        let listed: Vec<u32> = difat.into_iter().filter(|&id| id < DIFSECT).collect();
        let mut fat = Vec::new();
        for &id in listed.iter().take(most_fat_sectors(bytes, sectors.size)) {
            fat.extend(words(&sectors.get(id)?)?);
        }
        Some(CompoundFile {
            bytes,
            sectors,
            fat_sectors_listed: listed.len(),
            fat,
            mini_cutoff: u32_at(bytes, 56)?,
            first_mini_fat: u32_at(bytes, 60)?,
            first_directory: u32_at(bytes, 48)?,
        })
    }

    /// What would make calamine's reader of the compound file run out of memory: it follows a
    /// chain of sectors until its end or its declared length (a loop never ends; up to 4 GiB
    /// or more), and loads every listed FAT sector (listing one sector over and over claims a
    /// FAT thousands of times the file's size). A valid file has neither.
    fn damage(&self) -> Option<&'static str> {
        if self.fat_sectors_listed > most_fat_sectors(self.bytes, self.sectors.size) {
            return Some("it lists more sectors of allocation table than the file has");
        }
        has_loop(&self.fat).then_some("a chain of its sectors loops")
    }

    /// The bytes of the chain of sectors from `start`, at most `length` of them; call it once
    /// [`CompoundFile::damage`] has found no loop.
    fn chain(&mut self, start: u32, length: usize) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut sector = start;
        let mut hops = 0;
        while sector != END_OF_CHAIN && out.len() < length && hops <= self.fat.len() {
            out.extend(self.sectors.get(sector)?);
            sector = *self.fat.get(usize::try_from(sector).ok()?)?;
            hops += 1;
        }
        out.truncate(length);
        Some(out)
    }

    /// The `Workbook` stream (`Book` in BIFF5), from the regular or the mini stream.
    fn workbook_stream(&mut self) -> Option<Vec<u8>> {
        let directory = self.chain(self.first_directory, usize::MAX)?;
        let entries = directory.chunks_exact(128);
        let entry =
            entries.clone().find(|e| matches!(entry_name(e).as_deref(), Some("Workbook" | "Book")))?;
        let (start, size) = (u32_at(entry, 116)?, u32_at(entry, 120)?);
        let size = usize::try_from(size).ok()?;
        if u32::try_from(size).ok()? >= self.mini_cutoff {
            return self.chain(start, size);
        }
        let root = entries.clone().next()?;
        let mini_stream = self.chain(u32_at(root, 116)?, usize::try_from(u32_at(root, 120)?).ok()?)?;
        let mini_fat: Vec<u32> = words(&self.chain(self.first_mini_fat, usize::MAX)?).unwrap_or_default();
        let mut out = Vec::new();
        let mut sector = start;
        let mut hops = 0;
        while sector != END_OF_CHAIN && out.len() < size && hops <= mini_fat.len() {
            let at = usize::try_from(sector).ok()?.checked_mul(64)?;
            out.extend_from_slice(mini_stream.get(at..at.checked_add(64)?)?);
            sector = *mini_fat.get(usize::try_from(sector).ok()?)?;
            hops += 1;
        }
        out.truncate(size);
        Some(out)
    }
}

/// The sectors after the header as calamine's reader caches them: read once, in order; a
/// sector the file ends in comes back short the first time it is read and padded with zeros
/// afterwards, one past the end empty and then zeros; beyond the file's length in sectors,
/// none (an error).
struct Sectors<'a> {
    /// The file after its header, which takes one sector.
    data: &'a [u8],
    size: usize,
    /// How far calamine's cache reaches.
    cached: usize,
    last_id: usize,
}

impl<'a> Sectors<'a> {
    fn new(bytes: &'a [u8], size: usize) -> Sectors<'a> {
        Sectors { data: bytes.get(size..).unwrap_or_default(), size, cached: 0, last_id: bytes.len() / size }
    }

    fn get(&mut self, id: u32) -> Option<Vec<u8>> {
        let id = usize::try_from(id).ok()?;
        if id > self.last_id {
            return None;
        }
        let start = id.checked_mul(self.size)?;
        let mut end = start.checked_add(self.size)?;
        if end > self.cached {
            let reached = self.cached.max(end.min(self.data.len()));
            self.cached = end;
            if start > reached {
                return None;
            }
            end = reached;
        }
        let real = self.data.get(start.min(self.data.len())..end.min(self.data.len())).unwrap_or_default();
        let mut sector = real.to_vec();
        sector.resize(end - start, 0);
        Some(sector)
    }
}

/// Little-endian 32-bit words; `None` for a length calamine's reader panics on.
fn words(bytes: &[u8]) -> Option<Vec<u32>> {
    bytes.len().is_multiple_of(4).then(|| bytes.chunks_exact(4).filter_map(|c| u32_at(c, 0)).collect())
}

/// The most sectors of allocation table a file may list: as many as it has sectors, or the
/// header's 109 slots (a sloppy writer may leave them 0 rather than free).
fn most_fat_sectors(bytes: &[u8], sector_size: usize) -> usize {
    (bytes.len() / sector_size).max(109)
}

/// Whether following `next` from some entry comes back to it (an entry's successor is the
/// entry it names; a value beyond the table ends the chain).
fn has_loop(next: &[u32]) -> bool {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![UNSEEN; next.len()];
    let mut path = Vec::new();
    for start in 0..next.len() {
        let mut at = start;
        while state.get(at) == Some(&UNSEEN) {
            state[at] = ON_PATH;
            path.push(at);
            at = usize::try_from(next[at]).unwrap_or(usize::MAX);
        }
        if state.get(at) == Some(&ON_PATH) {
            return true;
        }
        for visited in path.drain(..) {
            state[visited] = DONE;
        }
    }
    false
}

/// A directory entry's name (UTF-16, its length in bytes with the final NUL at offset 64).
fn entry_name(entry: &[u8]) -> Option<String> {
    let length = usize::from(u16_at(entry, 64)?).min(64);
    let units: Vec<u16> =
        entry.get(..length.saturating_sub(2))?.chunks_exact(2).filter_map(|c| u16_at(c, 0)).collect();
    String::from_utf16(&units).ok()
}
