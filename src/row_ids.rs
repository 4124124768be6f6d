//! Rows by id: the index every lookup of a row by its id goes through (a template's rows while a
//! form merges into them, repeated ids, `Evaluator.set`), and of a word in a levels table.
//!
//! It holds row numbers only; the ids stay in the rows, and each call says where to read them.
//! The rows are sorted once by (hash of the id, id, row), and a lookup is a binary search: O(n log
//! n) to build and O(log n) to look up, whatever the ids are. The open-addressing hash table it
//! replaced was quadratic on ids crafted to collide under its public, unkeyed hash (the core has no
//! randomness to key one with): 20,000 such rows took 1.46 s to read instead of 36 ms. The hash is
//! still compared first, so that sorting rarely reads the ids themselves. A `BTreeMap` per key type
//! cost 6.5 KB of WebAssembly.

use std::cmp::Ordering;

use crate::heapsort;

#[derive(Default)]
pub struct RowIds {
    /// (hash of the id, row), by hash, then id, then row.
    sorted: Vec<(u64, usize)>,
}

/// FNV-1a: ids are short.
fn hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Reads the id of a row. Called through a pointer, so that the index is one piece of code for
/// all its callers, not one copy per caller.
pub type IdOf<'a, 'r> = &'a dyn Fn(usize) -> &'r str;

impl RowIds {
    /// The index of `rows`, whose ids `id_of` reads.
    pub fn new(rows: impl Iterator<Item = usize>, id_of: IdOf<'_, '_>) -> RowIds {
        RowIds::sort(rows.map(|row| (hash(id_of(row)), row)).collect(), id_of)
    }

    /// Apart from `new`, which is built once per kind of iterator, so the sort is built once.
    fn sort(mut sorted: Vec<(u64, usize)>, id_of: IdOf<'_, '_>) -> RowIds {
        heapsort::sort_by(&mut sorted, |a, b| {
            // the ids are read only when the hashes tie
            let by_id = || id_of(a.1).cmp(id_of(b.1)).then(a.1.cmp(&b.1));
            a.0.cmp(&b.0).then_with(by_id) == Ordering::Less
        });
        RowIds { sorted }
    }

    /// The first row (the lowest number) whose id is `id`.
    pub fn get(&self, id: &str, id_of: IdOf<'_, '_>) -> Option<usize> {
        let key = hash(id);
        let order = |entry: &(u64, usize)| key.cmp(&entry.0).then_with(|| id.cmp(id_of(entry.1)));
        let at = self.sorted.partition_point(|entry| order(entry) == Ordering::Greater);
        self.sorted
            .get(at)
            .filter(|entry| order(entry) == Ordering::Equal)
            .map(|entry| entry.1)
    }

    /// The lowest row whose id a lower row already has: (the first row with that id, that row).
    pub fn first_repeat(&self, id_of: IdOf<'_, '_>) -> Option<(usize, usize)> {
        let mut first = self.sorted.first()?.1;
        let mut repeat: Option<(usize, usize)> = None;
        for pair in self.sorted.windows(2) {
            let [before, row] = pair else { continue };
            if before.0 != row.0 || id_of(before.1) != id_of(row.1) {
                first = row.1;
            } else if repeat.is_none_or(|(_, earliest)| row.1 < earliest) {
                repeat = Some((first, row.1));
            }
        }
        repeat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_row_of_every_id_and_the_first_repeat() {
        // enough rows to sort in many rounds, ids that differ in one byte, and two repeats
        let mut ids: Vec<String> = (0..1000).map(|i| format!("{}.{}", i / 10, i % 10)).collect();
        ids.push("42.7".into()); // row 1000
        ids.push("3.1".into()); // row 1001
        ids.push("42.7".into()); // row 1002
        let id_of = |i: usize| ids.get(i).map_or("", String::as_str);
        let id_of = &id_of;
        let table = RowIds::new((0..ids.len()).rev(), id_of);
        for (i, id) in ids.iter().enumerate().take(1000) {
            assert_eq!(table.get(id, id_of), Some(i));
        }
        assert_eq!(table.get("100.0", id_of), None);
        assert_eq!(table.get("", id_of), None);
        assert_eq!(table.first_repeat(id_of), Some((427, 1000)));
        let unique = RowIds::new(0..1000, id_of);
        assert_eq!(unique.first_repeat(id_of), None);
        assert_eq!(RowIds::new(0..0, id_of).first_repeat(id_of), None);
    }
}
