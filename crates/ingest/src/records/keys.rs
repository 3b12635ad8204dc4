//! The keys a record file has given so far, each with the row that gave it first: how a key
//! given twice is found while the rows stream by. The keys are kept end to end in one block of
//! text and the table holds only where each starts, so a file of a million records costs about
//! the size of its keys plus 16 bytes a key, not a string allocation each.

use std::hash::BuildHasher;

use hashbrown::HashTable;

/// Where one key lies in the block of text, and the row that first gave it.
#[derive(Debug, Clone, Copy)]
struct Seen {
    start: usize,
    len: u32,
    /// Rows past 4 294 967 295 are beyond any record file (the store counts them in i64).
    row: u32,
}

#[derive(Default)]
pub(super) struct KeysSeen {
    text: String,
    table: HashTable<Seen>,
    hasher: std::collections::hash_map::RandomState,
}

impl KeysSeen {
    /// Notes that `row` gives `key`; the row that gave it first, when one did.
    pub(super) fn first_row(&mut self, key: &str, row: usize) -> Option<usize> {
        let KeysSeen { text, table, hasher } = self;
        let of = |seen: &Seen| &text[seen.start..seen.start + seen.len as usize];
        let hash = hasher.hash_one(key);
        if let Some(seen) = table.find(hash, |seen| of(seen) == key) {
            return Some(seen.row as usize);
        }
        let seen = Seen {
            start: text.len(),
            len: u32::try_from(key.len()).unwrap_or(u32::MAX),
            row: u32::try_from(row).unwrap_or(u32::MAX),
        };
        text.push_str(key);
        let text = &*text;
        table.insert_unique(hash, seen, |seen| {
            hasher.hash_one(&text[seen.start..seen.start + seen.len as usize])
        });
        None
    }
}

#[cfg(test)]
mod tests {
    use super::KeysSeen;

    #[test]
    fn a_key_given_again_names_its_first_row() {
        let mut keys = KeysSeen::default();
        for row in 2..20_002 {
            assert_eq!(keys.first_row(&format!("PF-{row:06}"), row), None);
        }
        assert_eq!(keys.first_row("PF-000017", 30_000), Some(17));
        assert_eq!(keys.first_row("PF-000017", 30_001), Some(17));
        // A key that is a prefix of another is its own key.
        assert_eq!(keys.first_row("PF-00001", 30_002), None);
        assert_eq!(keys.first_row("PF-00001", 30_003), Some(30_002));
    }
}
