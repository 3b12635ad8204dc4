//! A delimited text file read as UTF-8 while it streams, whatever encoding it came in: what
//! `rapporteur pseudonymize` reads a file of millions of rows with. The file is seekable, so
//! its encoding is told by a first pass that keeps nothing (unlike [`crate::text_rows`], which
//! reads an input once and tells the encoding as the rows come).

use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};

/// A text file (seekable) as UTF-8 bytes to read as they stream, and its separator: the encodings the
/// import reads (UTF-8 with or without BOM, UTF-16 with BOM, otherwise Windows-1252), told by
/// a first pass that keeps nothing; only a UTF-16 file (rare) is decoded whole.
pub fn utf8_text<R: Read + Seek + 'static>(mut file: R) -> std::io::Result<(Box<dyn Read>, u8)> {
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut file).take(HEAD_BYTES as u64).read_to_end(&mut head)?;
    let delimiter = |text: &[u8]| crate::detect_delimiter(&String::from_utf8_lossy(text));
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&head) {
        if encoding == encoding_rs::UTF_8 {
            file.seek(SeekFrom::Start(bom as u64))?;
            return Ok((Box::new(BufReader::new(file)), delimiter(&head[bom..])));
        }
        let mut bytes = head;
        file.read_to_end(&mut bytes)?;
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let text = text.into_owned().into_bytes();
        let separator = delimiter(&text);
        return Ok((Box::new(std::io::Cursor::new(text)), separator));
    }
    file.seek(SeekFrom::Start(0))?;
    let utf8 = is_utf8(&mut BufReader::new(&mut file))?;
    file.seek(SeekFrom::Start(0))?;
    if utf8 {
        return Ok((Box::new(BufReader::new(file)), delimiter(&head)));
    }
    let (head, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&head);
    Ok((
        Box::new(Windows1252 { input: BufReader::new(file), pending: Vec::new(), at: 0 }),
        delimiter(head.as_bytes()),
    ))
}

/// How much of a file's start tells its BOM and the separator of its header line.
const HEAD_BYTES: usize = 64 * 1024;

/// Whether everything `input` gives is UTF-8, read a block at a time.
fn is_utf8(input: &mut impl BufRead) -> std::io::Result<bool> {
    // The bytes of a character cut by the end of a block, carried to the next.
    let mut carried: Vec<u8> = Vec::new();
    loop {
        let block = input.fill_buf()?;
        if block.is_empty() {
            return Ok(carried.is_empty());
        }
        let n = block.len();
        carried.extend_from_slice(block);
        input.consume(n);
        match std::str::from_utf8(&carried) {
            Ok(_) => carried.clear(),
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                carried.drain(..valid);
            }
            Err(_) => return Ok(false),
        }
    }
}

/// Windows-1252 text read as UTF-8: each byte is one character, so blocks decode alone.
struct Windows1252<R> {
    input: R,
    pending: Vec<u8>,
    at: usize,
}

impl<R: BufRead> Read for Windows1252<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.pending.len() {
            let block = self.input.fill_buf()?;
            if block.is_empty() {
                return Ok(0);
            }
            let n = block.len();
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(block);
            self.pending.clear();
            self.pending.extend_from_slice(text.as_bytes());
            self.at = 0;
            self.input.consume(n);
        }
        let n = buf.len().min(self.pending.len() - self.at);
        buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> (String, u8) {
        let (mut text, delimiter) = utf8_text(std::io::Cursor::new(bytes.to_vec())).expect("in memory");
        let mut out = String::new();
        text.read_to_string(&mut out).expect("UTF-8");
        (out, delimiter)
    }

    #[test]
    fn every_encoding_the_import_reads_comes_out_as_utf8() {
        let utf8 = "family_name;birth_date\nRen\u{e9};1990-01-02\n";
        assert_eq!(read(utf8.as_bytes()), (utf8.to_string(), b';'));
        let with_bom = [b"\xef\xbb\xbf".as_slice(), utf8.as_bytes()].concat();
        assert_eq!(read(&with_bom), (utf8.to_string(), b';'));
        assert_eq!(read(b"family_name;birth_date\nRen\xe9;1990-01-02\n"), (utf8.to_string(), b';'));
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(utf8.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read(&utf16), (utf8.to_string(), b';'));
    }

    #[test]
    fn a_character_cut_by_a_block_end_is_still_utf8() {
        // é is two bytes; with a block size of 8 KiB (BufReader's) one of them falls at the end.
        let mut text = "x".repeat(8191);
        text.push_str("\u{e9}\n");
        let mut input = BufReader::with_capacity(8192, text.as_bytes());
        assert!(is_utf8(&mut input).expect("in memory"));
        let mut input = BufReader::with_capacity(8192, b"ab\xe9cd".as_slice());
        assert!(!is_utf8(&mut input).expect("in memory"));
    }
}
