//! XLS (BIFF8 in a compound file), which calamine reads whole when it opens the file: a cell
//! record may name any 16-bit row and column, so two cells can claim a grid of 65,536 × 65,536
//! cells. Such a file is refused before calamine reads it; a small valid one reads as before.

use rapporteur_ingest::parse_capture_histories;

/// A BIFF record: type, length, data.
fn record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
    out
}

fn bof(kind: u16) -> Vec<u8> {
    let mut data = vec![0x00, 0x06];
    data.extend(kind.to_le_bytes());
    data.extend([0u8; 12]);
    record(0x0809, &data)
}

/// A cell holding a number (NUMBER) or a text (LABEL).
pub enum Cell<'a> {
    Number(u16, u16, f64),
    Text(u16, u16, &'a str),
}

/// A workbook stream with one worksheet `name` holding `cells`.
pub fn workbook_stream(name: &str, cells: &[Cell]) -> Vec<u8> {
    let mut sheet = bof(0x0010);
    for cell in cells {
        sheet.extend(match *cell {
            Cell::Number(row, column, value) => {
                let mut data = [row.to_le_bytes(), column.to_le_bytes(), [0, 0]].concat();
                data.extend(value.to_le_bytes());
                record(0x0203, &data)
            }
            Cell::Text(row, column, text) => {
                let mut data = [row.to_le_bytes(), column.to_le_bytes(), [0, 0]].concat();
                data.extend((text.len() as u16).to_le_bytes());
                data.push(0);
                data.extend(text.as_bytes());
                record(0x0204, &data)
            }
        });
    }
    sheet.extend(record(0x000A, &[]));
    let boundsheet = |offset: u32| {
        let mut data = offset.to_le_bytes().to_vec();
        data.extend([0, 0, name.len() as u8, 0]);
        data.extend(name.as_bytes());
        record(0x0085, &data)
    };
    let globals_length = bof(0x0005).len() + boundsheet(0).len() + record(0x000A, &[]).len();
    let mut stream = bof(0x0005);
    stream.extend(boundsheet(globals_length as u32));
    stream.extend(record(0x000A, &[]));
    stream.extend(sheet);
    stream
}

/// A compound file (version 3, 512-byte sectors) holding `stream` as `Workbook`: the FAT in
/// sector 0, the directory in sector 1, the stream from sector 2 (at least 4096 bytes, so that
/// it lives in regular sectors).
pub fn compound_file(mut stream: Vec<u8>) -> Vec<u8> {
    let size = stream.len().max(4096);
    stream.resize(size.div_ceil(512) * 512, 0);
    let sectors = stream.len() / 512;
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let mut put = |at: usize, bytes: &[u8]| header[at..at + bytes.len()].copy_from_slice(bytes);
    put(24, &0x003Eu16.to_le_bytes());
    put(26, &3u16.to_le_bytes());
    put(28, &0xFFFEu16.to_le_bytes());
    put(30, &9u16.to_le_bytes());
    put(32, &6u16.to_le_bytes());
    put(44, &1u32.to_le_bytes());
    put(48, &1u32.to_le_bytes());
    put(56, &4096u32.to_le_bytes());
    put(60, &0xFFFF_FFFEu32.to_le_bytes());
    put(68, &0xFFFF_FFFEu32.to_le_bytes());
    put(76, &0u32.to_le_bytes());
    for i in 1..109 {
        put(76 + 4 * i, &u32::MAX.to_le_bytes());
    }
    let mut fat = vec![0xFFFF_FFFDu32, 0xFFFF_FFFE];
    fat.extend((0..sectors).map(|i| if i + 1 == sectors { 0xFFFF_FFFE } else { 3 + i as u32 }));
    fat.resize(128, u32::MAX);
    let fat: Vec<u8> = fat.iter().flat_map(|e| e.to_le_bytes()).collect();
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u8> = name.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
        e[..units.len()].copy_from_slice(&units);
        e[64..66].copy_from_slice(&(units.len() as u16).to_le_bytes());
        e[66] = kind;
        e[67] = 1;
        e[68..72].copy_from_slice(&u32::MAX.to_le_bytes());
        e[72..76].copy_from_slice(&u32::MAX.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut directory = entry("Root Entry", 5, 1, 0xFFFF_FFFE, 0);
    directory.extend(entry("Workbook", 2, u32::MAX, 2, size as u32));
    directory.extend(entry("", 0, u32::MAX, 0, 0));
    directory.extend(entry("", 0, u32::MAX, 0, 0));
    [header, fat, directory, stream].concat()
}

fn histories(extra: Option<Cell>) -> Vec<u8> {
    let mut cells = vec![
        Cell::Text(0, 0, "LA"),
        Cell::Text(0, 1, "NG"),
        Cell::Text(0, 2, "count"),
        Cell::Number(1, 0, 1.0),
        Cell::Number(1, 1, 0.0),
        Cell::Number(1, 2, 54.0),
    ];
    cells.extend(extra);
    compound_file(workbook_stream("histories", &cells))
}

#[test]
fn a_small_xls_reads_as_before() {
    let table = parse_capture_histories(&histories(None)).expect("a valid XLS");
    assert_eq!(table.lists, ["LA", "NG"]);
    assert_eq!(table.rows[0].count, 54);
}

#[test]
fn an_xls_cell_far_beyond_the_sheet_is_refused_before_it_is_read() {
    let problems = parse_capture_histories(&histories(Some(Cell::Number(65_535, 65_535, 1.0)))).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let problem = &problems[0];
    assert_eq!(
        (problem.sheet.as_deref(), problem.row, problem.column),
        (Some("histories"), Some(65_536), Some(65_536))
    );
    assert_eq!(
        problem.message,
        "cell CRXP65536 lies beyond the 256 columns a sheet of a return, a record file or capture histories may use; the file is damaged: save it again from the spreadsheet program, as XLSX"
    );
}
