//! Rows by id: the index every lookup of a row by its id goes through (a template's rows while a
//! form merges into them, repeated ids, `Evaluator.set`), and of a word in a levels table.
//!
//! It holds row numbers only; the ids stay in the rows, and each call says where to read them.
//! The rows are sorted once by (id, row), and a lookup is a binary search: O(n log n) to build and
//! O(log n) to look up, whatever the ids are. A hash table would need a random key to stay fast on
//! ids crafted to collide, and the core has no randomness.

/// Reads the id of a row.
pub type IdOf<'a, 'r> = &'a dyn Fn(usize) -> &'r str;

#[derive(Default)]
pub struct RowIds {
    /// Rows by id, then by row number.
    sorted: Vec<usize>,
}

impl RowIds {
    /// The index of `rows`, whose ids `id_of` reads.
    pub fn new(rows: impl Iterator<Item = usize>, id_of: IdOf<'_, '_>) -> RowIds {
        let mut sorted: Vec<usize> = rows.collect();
        sorted.sort_unstable_by(|a, b| id_of(*a).cmp(id_of(*b)).then(a.cmp(b)));
        RowIds { sorted }
    }

    /// The first row (the lowest number) whose id is `id`.
    pub fn get(&self, id: &str, id_of: IdOf<'_, '_>) -> Option<usize> {
        let at = self.sorted.partition_point(|row| id_of(*row) < id);
        self.sorted.get(at).copied().filter(|row| id_of(*row) == id)
    }

    /// The lowest row whose id a lower row already has: (the first row with that id, that row).
    pub fn first_repeat(&self, id_of: IdOf<'_, '_>) -> Option<(usize, usize)> {
        let mut first = *self.sorted.first()?;
        let mut repeat: Option<(usize, usize)> = None;
        for pair in self.sorted.windows(2) {
            let [before, row] = pair else { continue };
            if id_of(*before) != id_of(*row) {
                first = *row;
            } else if repeat.is_none_or(|(_, earliest)| *row < earliest) {
                repeat = Some((first, *row));
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
