//! A return file as a clerk's spreadsheet holds it: a header and rows of text, read from and
//! written back to the embedded CSV with its own separator, so that a slip is an edit of cells.

/// A CSV return as rows of cells.
#[derive(Clone)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub delimiter: u8,
}

impl Sheet {
    pub fn parse(bytes: &[u8]) -> Sheet {
        let text = std::str::from_utf8(bytes).expect("the embedded returns are UTF-8");
        let first = text.lines().next().unwrap_or_default();
        let delimiter = if first.contains(';') { b';' } else { b',' };
        let mut reader =
            csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().expect("a header").iter().map(str::to_string).collect();
        let rows = reader
            .records()
            .map(|r| {
                let mut row: Vec<String> = r.expect("a row").iter().map(str::to_string).collect();
                row.resize(header.len(), String::new());
                row
            })
            .collect();
        Sheet { header, rows, delimiter }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut writer = csv::WriterBuilder::new().delimiter(self.delimiter).from_writer(Vec::new());
        writer.write_record(&self.header).expect("in memory");
        for row in &self.rows {
            writer.write_record(row).expect("in memory");
        }
        writer.into_inner().expect("in memory")
    }

    pub fn column(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"))
    }

    fn cell<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        self.header.iter().position(|h| h == name).map_or("", |i| row[i].as_str())
    }

    /// A row the data are made of (not a stated total, narrative figure or percentage).
    pub fn is_data(&self, row: &[String]) -> bool {
        matches!(self.cell(row, "role"), "" | "data")
    }

    /// Whether `row` has every `dimension=code` of `spec` (space-separated).
    pub fn matches(&self, row: &[String], spec: &str) -> bool {
        spec.split_whitespace().all(|pair| {
            let (dimension, code) = pair.split_once('=').expect("dimension=code");
            self.cell(row, dimension) == code
        })
    }

    /// The one data row that matches `spec` (a slip names a row as a clerk would point at it).
    pub fn data_row(&self, spec: &str) -> usize {
        let found: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.is_data(&self.rows[i]) && self.matches(&self.rows[i], spec))
            .collect();
        assert_eq!(found.len(), 1, "{spec} must name exactly one data row, names {}", found.len());
        found[0]
    }

    /// The one row that matches `spec`, data or a stated total (`rsz_directorate=_T`).
    pub fn stated_row(&self, spec: &str) -> usize {
        let found: Vec<usize> = (0..self.rows.len()).filter(|&i| self.matches(&self.rows[i], spec)).collect();
        assert_eq!(found.len(), 1, "{spec} must name exactly one row, names {}", found.len());
        found[0]
    }

    pub fn value(&self, row: usize) -> &str {
        &self.rows[row][self.column("value")]
    }

    pub fn set_value(&mut self, row: usize, value: String) {
        let column = self.column("value");
        self.rows[row][column] = value;
    }

    /// The value of a row as a number, in the sheet's own decimal notation.
    pub fn number(&self, row: usize) -> f64 {
        let text = self.value(row);
        let plain =
            if self.delimiter == b';' { text.replace('.', "").replace(',', ".") } else { text.to_string() };
        plain.parse().unwrap_or_else(|_| panic!("{text} is not a number"))
    }

    /// Writes a number as the sheet writes its numbers (decimal comma after `;`).
    pub fn format(&self, number: f64, like: &str) -> String {
        let decimals = like
            .rsplit_once(['.', ','])
            .filter(|_| like.contains(if self.delimiter == b';' { ',' } else { '.' }))
            .map_or(0, |(_, d)| d.len());
        let text = format!("{number:.decimals$}");
        if self.delimiter == b';' {
            text.replace('.', ",")
        } else {
            text
        }
    }
}
