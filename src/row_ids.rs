//! Rows by id: the index every lookup of a row by its id goes through (a template's rows while a
//! form merges into them, repeated ids, `Evaluator.set`), and of a word in a levels table.
//!
//! It holds row numbers only; the ids stay in the rows, and each call says where to read them.
//! The rows are sorted once by (hash of the id, id, row), and a lookup is a binary search: O(n log
//! n) to build and O(log n) to look up, whatever the ids are. A hash table would need a random key
//! to stay fast on ids crafted to collide, and the core has no randomness; here a collision costs
//! only a comparison of the ids. Sorting by the hash first took 13 % off evaluating a 10,000-leaf
//! form against sorting by the ids alone (bench/README.md).

/// Reads the id of a row.
pub type IdOf<'a, 'r> = &'a dyn Fn(usize) -> &'r str;

#[derive(Clone, Default)]
pub struct RowIds {
    /// (hash of the id, row), by hash, then id, then row.
    sorted: Vec<(u64, usize)>,
}

/// FNV-1a: ids are short. Sorting by it first compares one integer where ids would be compared
/// byte by byte, and ids are read only on a tie.
fn hash(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

impl RowIds {
    /// The index of `rows`, whose ids `id_of` reads.
    pub fn new(rows: impl Iterator<Item = usize>, id_of: IdOf<'_, '_>) -> RowIds {
        let mut sorted: Vec<(u64, usize)> = rows.map(|row| (hash(id_of(row)), row)).collect();
        sorted.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| id_of(a.1).cmp(id_of(b.1)))
                .then(a.1.cmp(&b.1))
        });
        RowIds { sorted }
    }

    /// Follows the rows to their new numbers (`new_index[old]`; a row not in it is gone) and takes
    /// in the rows `added` (new numbers): an edit of the tree keeps the index sorted without
    /// sorting it again. The order by row number only breaks ties of one id, which an index of
    /// unique ids has none of.
    pub fn renumber(&mut self, new_index: &[Option<usize>], added: &[usize], id_of: IdOf<'_, '_>) {
        self.sorted
            .retain_mut(|entry| match new_index.get(entry.1).copied().flatten() {
                Some(new) => {
                    entry.1 = new;
                    true
                }
                None => false,
            });
        for &row in added {
            let entry = (hash(id_of(row)), row);
            let at = self
                .sorted
                .partition_point(|e| e.0.cmp(&entry.0).then_with(|| id_of(e.1).cmp(id_of(row))).is_lt());
            self.sorted.insert(at, entry);
        }
    }

    /// How many rows the index holds.
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }

    /// The first row (the lowest number) whose id is `id`.
    pub fn get(&self, id: &str, id_of: IdOf<'_, '_>) -> Option<usize> {
        // the ids are read only where the hashes tie
        let key = hash(id);
        let at = self
            .sorted
            .partition_point(|&(h, row)| h < key || (h == key && id_of(row) < id));
        self.sorted
            .get(at)
            .filter(|&&(h, row)| h == key && id_of(row) == id)
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
