//! Rows by id: the index every lookup of a row by its id goes through (the template's rows while
//! a form merges into them, repeated ids, `Evaluator.set`), and of a word in a levels table.
//!
//! The table holds indices only; the ids stay in the rows, and each call says where to read them.
//! A `BTreeMap` (or `HashMap`) per key type instead instantiated 6.5 KB of WebAssembly.
//!
//! The hash is FNV-1a, unkeyed (the core has no randomness): ids or words crafted to collide would
//! make reading that form quadratic in their number (rows: at most 100,000, `load::MAX_NODES`).

/// A slot no row is in.
const EMPTY: usize = usize::MAX;

/// Open addressing with linear probing, at most half full.
pub struct RowIds {
    /// A power of two long.
    slots: Vec<usize>,
    len: usize,
}

impl Default for RowIds {
    fn default() -> Self {
        RowIds {
            slots: vec![EMPTY; 16],
            len: 0,
        }
    }
}

/// FNV-1a: ids are short.
fn hash(id: &str) -> usize {
    id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    }) as usize
}

impl RowIds {
    /// The row whose id (as `id_of` reads it) is `id`.
    pub fn get<'r>(&self, id: &str, id_of: impl Fn(usize) -> &'r str) -> Option<usize> {
        let at = self.slot_of(id, &id_of);
        self.slots.get(at).copied().filter(|row| *row != EMPTY)
    }

    /// Adds `row` under `id`, unless a row already has that id: then nothing is added and that
    /// earlier row is returned.
    pub fn insert<'r>(&mut self, id: &str, row: usize, id_of: impl Fn(usize) -> &'r str) -> Option<usize> {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow(&id_of);
        }
        let at = self.slot_of(id, &id_of);
        match self.slots.get_mut(at) {
            Some(slot) if *slot == EMPTY => {
                *slot = row;
                self.len += 1;
                None
            }
            Some(slot) => Some(*slot),
            None => None,
        }
    }

    /// The slot of the row with `id`, or else the empty slot where it would go (the table is never
    /// full, so the probe ends).
    fn slot_of<'r>(&self, id: &str, id_of: &impl Fn(usize) -> &'r str) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = hash(id) & mask;
        while let Some(&row) = self.slots.get(at) {
            if row == EMPTY || id_of(row) == id {
                break;
            }
            at = (at + 1) & mask;
        }
        at
    }

    fn grow<'r>(&mut self, id_of: &impl Fn(usize) -> &'r str) {
        let doubled = vec![EMPTY; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        for row in old.into_iter().filter(|r| *r != EMPTY) {
            // the ids are distinct, so this finds an empty slot
            let at = self.slot_of(id_of(row), id_of);
            if let Some(slot) = self.slots.get_mut(at) {
                *slot = row;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_row_and_the_first_of_a_repeated_id() {
        // enough rows to grow the table several times, and ids that differ in one byte
        let ids: Vec<String> = (0..1000).map(|i| format!("{}.{}", i / 10, i % 10)).collect();
        let id_of = |i: usize| ids.get(i).map_or("", String::as_str);
        let mut table = RowIds::default();
        for i in 0..ids.len() {
            assert_eq!(table.insert(id_of(i), i, id_of), None);
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(table.get(id, id_of), Some(i));
        }
        assert_eq!(table.get("100.0", id_of), None);
        assert_eq!(table.get("", id_of), None);
        assert_eq!(table.insert("42.7", 5000, id_of), Some(427));
        assert_eq!(table.get("42.7", id_of), Some(427));
    }
}
