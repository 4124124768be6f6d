//! Rows added, removed and moved while a form is filled in: the unit's own indicators, under the
//! parts of the template left open for them (or anywhere, without a template).
//!
//! Each edit changes the tree in the arena, renumbers it in pre-order as a fresh load would, moves
//! every row's scores to its new number, and re-scores only the rows whose children changed and
//! the rows above them. The form as typed follows: new rows are nested in the form under their
//! parent, in the order the tree shows them.

use super::{EditError, Evaluator};
use crate::model::{accepts_own_rows, id_at, ModelNode, Renumbered, TypedRow};
use crate::read::error::{MAX_DEPTH, MAX_ID_CHARS, MAX_NODES};
use crate::read::form::Node;
use crate::report::ChangeRef;

/// What [`Evaluator::add_row`] adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// An indicator to fill in.
    Leaf,
    /// A group of indicators, with its first indicator in it (a group without rows would be
    /// scored as a leaf).
    Group,
}

impl Evaluator {
    /// Adds a row of the unit's own under `parent` (`None`: at the top, allowed only without a
    /// template), at `position` among its rows (past the end, or `None`: last). Returns the new
    /// row's id and what changed (borrowed: `to_change()` copies it). The new row is empty: it has
    /// findings until it is filled in.
    pub fn add_row(
        &mut self,
        parent: Option<&str>,
        position: Option<usize>,
        kind: RowKind,
    ) -> Result<(String, ChangeRef<'_>), EditError> {
        let parent = parent.map(|id| self.row(id)).transpose()?;
        self.check_open(parent)?;
        // a new row's id and braces in the form's JSON
        self.make_room(ROW_BYTES, 0)?;
        let added = match kind {
            RowKind::Leaf => 1,
            RowKind::Group => 2,
        };
        if self.depth(parent) + added > MAX_DEPTH {
            return Err(EditError::TooDeep);
        }
        if self.model.nodes.len() + added > MAX_NODES {
            return Err(EditError::TooManyRows);
        }
        let id = self.fresh_id(parent)?;
        let leaf_id = match kind {
            RowKind::Group => Some(self.fresh_id_among(&id, &[])?),
            RowKind::Leaf => None,
        };
        // nothing changes until every check has passed
        for given in std::iter::once(&id).chain(&leaf_id) {
            if let Some((prefix, n)) = numbered_id(given) {
                self.number(prefix, n);
            }
        }
        let first = self.model.nodes.len();
        self.open_in_form(parent);
        // past every row of the form, until renumber_form places it
        let order = self
            .model
            .nodes
            .iter()
            .filter_map(|n| n.typed.as_ref())
            .map(|t| t.form_order + 1)
            .max();
        let order = order.unwrap_or(0);
        self.model
            .nodes
            .push(own_row(&id, parent, kind == RowKind::Group, order));
        self.attach(first, parent, position);
        let mut touched = first;
        if let Some(leaf_id) = leaf_id {
            self.model.nodes.push(own_row(&leaf_id, Some(first), false, order + 1));
            self.attach(first + 1, Some(first), None);
            touched = first + 1;
        }
        Ok((id, self.restructure(Some(parent), &[touched])))
    }

    /// Removes a row of the unit's own, with every row under it.
    pub fn remove_row(&mut self, id: &str) -> Result<ChangeRef<'_>, EditError> {
        let index = self.own_row(id)?;
        let parent = self.detach(index);
        let mut gone = Vec::new();
        self.subtree(index, &mut gone);
        for row in gone {
            let id = id_at(&self.model.nodes, row).to_string();
            if let Some((prefix, n)) = numbered_id(&id) {
                self.number(prefix, n);
            }
        }
        Ok(self.restructure(None, parent.as_slice()))
    }

    /// Moves a row of the unit's own, with its rows, under `parent` (`None`: the top, without a
    /// template) at `position` among the rows there (past the end, or `None`: last).
    pub fn move_row(
        &mut self,
        id: &str,
        parent: Option<&str>,
        position: Option<usize>,
    ) -> Result<ChangeRef<'_>, EditError> {
        let index = self.own_row(id)?;
        let parent = parent.map(|id| self.row(id)).transpose()?;
        self.check_open(parent)?;
        let mut cursor = parent;
        while let Some(row) = cursor {
            if row == index {
                return Err(EditError::MoveIntoItself(row_path(id)));
            }
            cursor = self.model.nodes.get(row).and_then(|n| n.parent);
        }
        if self.depth(parent) + self.height(index) > MAX_DEPTH {
            return Err(EditError::TooDeep);
        }
        self.open_in_form(parent);
        let old_parent = self.detach(index);
        self.attach(index, parent, position);
        let mut touched = vec![index];
        touched.extend(old_parent);
        Ok(self.restructure(Some(parent), &touched))
    }

    /// The row of `id`, by its number.
    fn row(&self, id: &str) -> Result<usize, EditError> {
        self.ids
            .get(id, &|r| id_at(&self.model.nodes, r))
            .ok_or_else(|| EditError::UnknownRow(row_path(id)))
    }

    /// The row of `id`, which must be the unit's own.
    fn own_row(&self, id: &str) -> Result<usize, EditError> {
        let index = self.row(id)?;
        match self.model.nodes.get(index) {
            Some(n) if n.template.is_none() => Ok(index),
            _ => Err(EditError::FixedByTemplate(row_path(id))),
        }
    }

    /// Whether rows of the unit's own may go under `parent` (`None`: the top): a part the
    /// template leaves open, or a row of the unit's own that is a group or an empty leaf (a group
    /// that lost its last row is one).
    fn check_open(&self, parent: Option<usize>) -> Result<(), EditError> {
        let open = match parent {
            None => self.model.template.is_none(),
            Some(p) => {
                let has_values =
                    self.model.nodes.get(p).is_some_and(|n| {
                        n.is_leaf && n.typed.as_ref().is_some_and(|t| !t.row.leaf_fields().is_empty())
                    });
                accepts_own_rows(&self.model.nodes, p) && !has_values
            }
        };
        if open {
            Ok(())
        } else {
            let path = parent.map_or_else(|| "indicators".to_string(), |p| row_path(id_at(&self.model.nodes, p)));
            Err(EditError::NotOpen(path))
        }
    }

    /// How deep `row` sits: 1 at the top, 0 for "above the top".
    fn depth(&self, row: Option<usize>) -> usize {
        let mut depth = 0;
        let mut cursor = row;
        while let Some(r) = cursor {
            depth += 1;
            cursor = self.model.nodes.get(r).and_then(|n| n.parent);
        }
        depth
    }

    /// The levels of `row` and the rows under it (1 for a leaf).
    fn height(&self, row: usize) -> usize {
        let children = self.model.nodes.get(row).map(|n| n.children.as_slice()).unwrap_or(&[]);
        1 + children.iter().map(|c| self.height(*c)).max().unwrap_or(0)
    }

    /// `row` and every row under it, by number.
    fn subtree(&self, row: usize, out: &mut Vec<usize>) {
        out.push(row);
        for child in self
            .model
            .nodes
            .get(row)
            .map(|n| n.children.clone())
            .unwrap_or_default()
        {
            self.subtree(child, out);
        }
    }

    /// An id for a new row under `parent`: its id and a number (`1.1.3`), the first number past
    /// its rows' count and past every number given or removed under it that no row has.
    fn fresh_id(&self, parent: Option<usize>) -> Result<String, EditError> {
        let prefix = parent.map_or("", |p| id_at(&self.model.nodes, p));
        let siblings = match parent.and_then(|p| self.model.nodes.get(p)) {
            Some(n) => &n.children,
            None => &self.model.roots,
        };
        self.fresh_id_among(prefix, siblings)
    }

    /// [`Evaluator::fresh_id`] under the id `prefix`, past the count of `siblings`.
    fn fresh_id_among(&self, prefix: &str, siblings: &[usize]) -> Result<String, EditError> {
        let dot = if prefix.is_empty() { "" } else { "." };
        let past = self.numbered(prefix).max(siblings.len());
        for n in past + 1.. {
            let id = [prefix, dot, &n.to_string()].concat();
            if id.chars().count() > MAX_ID_CHARS {
                return Err(EditError::TooDeep);
            }
            if self.ids.get(&id, &|r| id_at(&self.model.nodes, r)).is_none() {
                return Ok(id);
            }
        }
        Err(EditError::TooManyRows)
    }

    /// The highest number given or removed under `prefix`.
    fn numbered(&self, prefix: &str) -> usize {
        self.numbered
            .binary_search_by(|(p, _)| p.as_str().cmp(prefix))
            .ok()
            .and_then(|at| self.numbered.get(at))
            .map_or(0, |(_, n)| *n)
    }

    /// Records that the number `n` under `prefix` was given or removed.
    fn number(&mut self, prefix: &str, n: usize) {
        match self.numbered.binary_search_by(|(p, _)| p.as_str().cmp(prefix)) {
            Ok(at) => {
                if let Some(slot) = self.numbered.get_mut(at) {
                    slot.1 = slot.1.max(n);
                }
            }
            Err(at) => self.numbered.insert(at, (prefix.to_string(), n)),
        }
    }

    /// Makes sure the form can nest rows under `parent`: a template part joins the form, and its
    /// row in the form gets a list of rows.
    fn open_in_form(&mut self, parent: Option<usize>) {
        let Some(p) = parent else { return };
        self.join_form(p);
        if let Some(typed) = self.model.nodes.get_mut(p).and_then(|n| n.typed.as_mut()) {
            typed.had_children = true;
        }
    }

    /// Puts `row` under `parent` at `position` (clamped), in the tree and in the form.
    fn attach(&mut self, row: usize, parent: Option<usize>, position: Option<usize>) {
        let nodes = &mut self.model.nodes;
        let siblings = match parent.and_then(|p| nodes.get_mut(p)) {
            Some(p) => {
                // an empty leaf of the unit's own (a group that lost its last row) becomes a group
                p.is_leaf = false;
                p.rule = None;
                &mut p.children
            }
            None => &mut self.model.roots,
        };
        let at = position.unwrap_or(siblings.len()).min(siblings.len());
        siblings.insert(at, row);
        if let Some(node) = nodes.get_mut(row) {
            node.parent = parent;
            if let Some(typed) = &mut node.typed {
                typed.form_parent = parent;
            }
        }
    }

    /// Takes `row` out of its parent's rows; returns the parent. A row of the unit's own left
    /// without rows is a leaf again, as the form would load (`children: []`).
    fn detach(&mut self, row: usize) -> Option<usize> {
        let parent = self.model.nodes.get(row).and_then(|n| n.parent);
        let siblings = match parent.and_then(|p| self.model.nodes.get_mut(p)) {
            Some(p) => &mut p.children,
            None => &mut self.model.roots,
        };
        siblings.retain(|r| *r != row);
        if let Some(p) = parent.and_then(|p| self.model.nodes.get_mut(p)) {
            if p.children.is_empty() && p.template.is_none() {
                p.is_leaf = true;
            }
        }
        parent
    }

    /// After an edit of the tree: renumbers the arena in pre-order, the form's rows in the order
    /// the form lists them (the rows under `reordered` in the tree's order: `Some(None)` is the
    /// top), moves the scores along, and re-scores the `touched` rows (old numbers) and every row
    /// above them.
    fn restructure(&mut self, reordered: Option<Option<usize>>, touched: &[usize]) -> ChangeRef<'_> {
        let nodes = std::mem::take(&mut self.model.nodes);
        // the rows an edit adds are past the end of the arena (and of the index) until renumbered
        let indexed = self.ids.len();
        let renumbered = Renumbered::new(nodes, &self.model.roots);
        let new = |old: usize| renumbered.new_index.get(old).copied().flatten();
        let touched: Vec<usize> = touched.iter().filter_map(|r| new(*r)).collect();
        let reordered = reordered.map(|parent| parent.and_then(new));
        let added: Vec<usize> = renumbered.new_index.iter().skip(indexed).filter_map(|r| *r).collect();
        let len = renumbered.nodes.len();
        self.evaluation.tree.renumber(&renumbered.new_index, len);
        self.model.nodes = renumbered.nodes;
        self.model.roots = renumbered.roots;
        self.model.renumber_form(reordered);
        let nodes = &self.model.nodes;
        self.ids.renumber(&renumbered.new_index, &added, &|r| id_at(nodes, r));
        let rate = self.evaluation.budget.rate;
        let lang = self.evaluation.lang;
        let changed = self.evaluation.tree.update(&self.model, &touched, rate, lang);
        // the claims depend on whether the table has rows at all, not only on their sum
        self.evaluation.refresh_claims(&self.model);
        self.refresh_narrative();
        ChangeRef::new(&self.evaluation, &self.model, &changed, false, self.narrative_checked())
    }
}

/// At most what a new row adds to the form's JSON: its braces and an id of up to 100 characters.
const ROW_BYTES: usize = 512;

/// A new row of the unit's own, empty, at `form_order` in the form; a group has a list of rows in
/// the form (`children`).
fn own_row(id: &str, parent: Option<usize>, group: bool, form_order: usize) -> ModelNode {
    ModelNode {
        parent,
        children: Vec::new(),
        template: None,
        typed: Some(Box::new(TypedRow {
            row: Node {
                id: id.to_string(),
                ..Node::default()
            },
            had_children: group,
            form_parent: parent,
            form_order,
            form_index: 0,
        })),
        rule: None,
        is_leaf: !group,
    }
}

/// A numbered id (`1.1.7`, `3`) as its parent's id and its number: ("1.1", 7), ("", 3).
fn numbered_id(id: &str) -> Option<(&str, usize)> {
    let (prefix, last) = id.rsplit_once('.').unwrap_or(("", id));
    // a number as fresh_id writes it: no sign, no leading zero
    if last.starts_with('0') || !last.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    last.parse().ok().map(|n| (prefix, n))
}

fn row_path(id: &str) -> String {
    ["indicators.", id].concat()
}
