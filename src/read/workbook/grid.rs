//! A sheet as a grid of what its cells show, merged ranges filled from their first cell.

use std::collections::HashMap;

use super::Sheet;

/// A sheet ready to be searched: every cell of a merged range reads as its first cell, and knows
/// where that first cell is (the cell a reviewer would click).
pub struct Grid<'a> {
    pub sheet: &'a Sheet,
    /// merged cell (other than the first) → the range's first cell
    anchors: HashMap<(u32, u32), (u32, u32)>,
    pub rows: u32,
    pub cols: u32,
}

impl<'a> Grid<'a> {
    pub fn new(sheet: &'a Sheet) -> Grid<'a> {
        let rows = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
        let cols = sheet
            .rows
            .iter()
            .map(|r| u32::try_from(r.len()).unwrap_or(u32::MAX))
            .max()
            .unwrap_or(0);
        let mut anchors = HashMap::new();
        for m in &sheet.merges {
            // only the part inside the used area matters, which bounds the work by the cells read
            let bottom = m.last_row.min(rows.saturating_sub(1));
            let right = m.last_col.min(cols.saturating_sub(1));
            if m.first_row > bottom || m.first_col > right {
                continue;
            }
            for r in m.first_row..=bottom {
                for c in m.first_col..=right {
                    if (r, c) != (m.first_row, m.first_col) {
                        anchors.entry((r, c)).or_insert((m.first_row, m.first_col));
                    }
                }
            }
        }
        Grid {
            sheet,
            anchors,
            rows,
            cols,
        }
    }

    /// The cell whose text (r, c) shows: itself, or the first cell of its merged range.
    pub fn anchor(&self, r: u32, c: u32) -> (u32, u32) {
        self.anchors.get(&(r, c)).copied().unwrap_or((r, c))
    }

    /// What (r, c) shows, trimmed.
    pub fn text(&self, r: u32, c: u32) -> &'a str {
        let (r, c) = self.anchor(r, c);
        self.sheet
            .rows
            .get(r as usize)
            .and_then(|row| row.get(c as usize))
            .map_or("", |s| s.trim())
    }

    /// What (r, c) shows, with every space and line break taken out: header words are matched on
    /// this, since people wrap and pad them (`实际\n完成值`, `分　值`).
    pub fn word(&self, r: u32, c: u32) -> String {
        squeeze(self.text(r, c))
    }

    pub fn row_is_blank(&self, r: u32) -> bool {
        (0..self.cols).all(|c| self.text(r, c).is_empty())
    }

    /// The row's distinct non-empty texts, left to right (a merged range counted once).
    pub fn row_texts(&self, r: u32) -> Vec<(u32, &'a str)> {
        (0..self.cols)
            .filter(|&c| c == 0 || self.anchor(r, c) != self.anchor(r, c - 1))
            .map(|c| (c, self.text(r, c)))
            .filter(|(_, t)| !t.is_empty())
            .collect()
    }
}

/// `s` without white space of any kind (full-width spaces and line breaks included).
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}
