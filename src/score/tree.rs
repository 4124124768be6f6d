//! The 绩效指标表 as a whole: weights, leaf scores, subtotals and the total.

use rust_decimal::Decimal;

use crate::decimal::{self, fixed2, plain};
use crate::finding::{Finding, Issue, Severity};
use crate::messages::{Lang, Msg};
use crate::model::{Model, ModelNode, ResolvedRule};
use crate::read::number;
use crate::score::leaf::{names_budget_rate, row_finding, row_path, score_leaf, LeafInput};
use crate::score::rows::{LeafReport, SubtotalReport};

/// A finding about a row's weight cell (every one is an error).
fn weight_finding(msg: Msg, node: &ModelNode) -> Finding {
    let (name, name_en) = node.names();
    row_finding(msg, Severity::Error, node.id(), "weight", name, name_en)
}

enum Weight {
    Stated(Decimal),
    NotFilled,
    /// A finding already says why.
    Unusable,
}

/// Reads the weight a row states, with findings for what is wrong with it.
fn stated_weight(node: &ModelNode, findings: &mut Vec<Finding>) -> Weight {
    let Some(text) = node.weight() else {
        return Weight::NotFilled;
    };
    match number::parse_points(text.as_str()) {
        Ok(Some(w)) if w < Decimal::ZERO => {
            findings.push(weight_finding(Msg::NegativeWeight, node).with("weight", plain(w)));
            Weight::Unusable
        }
        Ok(Some(w)) => Weight::Stated(w),
        Ok(None) => Weight::NotFilled,
        Err(e) => {
            findings.push(e.finding(text.as_str(), row_path(node.id(), "weight"), Severity::Error));
            Weight::Unusable
        }
    }
}

/// Per-row results of the indicator table, kept so one typed cell re-scores one leaf and the
/// rows above it, not the whole table.
#[derive(Clone, Debug)]
pub struct TreeState {
    /// What the leaves below really carry (the points to be had).
    weights: Vec<Decimal>,
    /// A row's stated weight where it has one, so a wrong row is reported once, at its own level,
    /// and not again at every row above it.
    declared: Vec<Decimal>,
    scores: Vec<Decimal>,
    /// Leaf scores as claimed (the rule's where none is claimed), summed like `scores`.
    claimed: Vec<Decimal>,
    /// The tree changed shape since the last update: the points to be had are to be summed again.
    reshaped: bool,
    /// The findings of each row in words (weight first, in report order), rendered once when the
    /// row is scored, not at every keystroke.
    issues: Vec<Vec<Issue>>,
    /// The rows whose `issues` are not empty, descending (rows are first scored from the last
    /// up, so each is pushed at the end): a keystroke lists the findings of a 10,000-row table
    /// without walking 10,000 empty lists.
    rows_with_issues: Vec<usize>,
    rows: Vec<Row>,
    total_issues: Vec<Issue>,
    lang: Lang,
    pub total: Decimal,
    pub max_total: Decimal,
    pub claimed_sum: Decimal,
}

/// A row as the report shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    Leaf(LeafReport),
    Subtotal(SubtotalReport),
}

impl TreeState {
    pub fn new(model: &Model, budget_rate: Option<Decimal>, lang: Lang) -> TreeState {
        let n = model.nodes.len();
        let mut state = TreeState {
            weights: vec![Decimal::ZERO; n],
            declared: vec![Decimal::ZERO; n],
            scores: vec![Decimal::ZERO; n],
            claimed: vec![Decimal::ZERO; n],
            reshaped: false,
            issues: vec![Vec::new(); n],
            rows_with_issues: Vec::new(),
            rows: Vec::with_capacity(n),
            total_issues: Vec::new(),
            lang,
            total: Decimal::ZERO,
            max_total: Decimal::ZERO,
            claimed_sum: Decimal::ZERO,
        };
        // placeholders, replaced below; pre-order means walking backwards meets children first
        state.rows.resize(n, Row::Subtotal(SubtotalReport::default()));
        for index in (0..n).rev() {
            state.compute(model, index, budget_rate, lang);
        }
        state.compute_totals(model, true);
        state
    }

    /// Re-scores the given rows and every row above them; returns the rows whose report changed.
    pub fn update(&mut self, model: &Model, touched: &[usize], budget_rate: Option<Decimal>, lang: Lang) -> Vec<usize> {
        // children before parents: in pre-order a child's index is larger than its parent's, so the
        // rows are kept in falling order, and a row already there has its parents there too. A
        // keystroke's path to the top comes in that order; no sort (whose code is a kilobyte of
        // the module) is needed.
        let mut dirty: Vec<usize> = Vec::new();
        for &index in touched {
            let mut cursor = Some(index);
            while let Some(i) = cursor {
                let at = dirty.partition_point(|&d| d > i);
                if dirty.get(at) == Some(&i) {
                    break;
                }
                dirty.insert(at, i);
                cursor = model.nodes.get(i).and_then(|n| n.parent);
            }
        }
        // the points to be had are summed over every top row: again only when one's weight changed
        // (a keystroke mostly changes a value), which on a form of 1,000 top rows is a third of
        // the keystroke's additions
        let mut reweighed = std::mem::take(&mut self.reshaped);
        let mut changed = Vec::new();
        for index in dirty {
            let weight = self.weights.get(index).copied();
            if self.compute(model, index, budget_rate, lang) {
                changed.push(index);
            }
            let is_root = model.nodes.get(index).is_some_and(|n| n.parent.is_none());
            reweighed |= is_root && self.weights.get(index).copied() != weight;
        }
        self.compute_totals(model, reweighed);
        // computed children first: reversed, they are in tree order
        changed.reverse();
        changed
    }

    /// Follows the rows to their new numbers after the tree changed shape (`new_index[old]`; rows
    /// not in it are gone, rows of the new arena that had none are new and hold nothing until
    /// [`TreeState::update`] scores them).
    pub fn renumber(&mut self, new_index: &[Option<usize>], len: usize) {
        fn follow<T: Clone>(values: &mut Vec<T>, new_index: &[Option<usize>], len: usize, empty: T) {
            let mut moved = vec![empty; len];
            for (old, value) in std::mem::take(values).into_iter().enumerate() {
                if let Some(slot) = new_index.get(old).copied().flatten().and_then(|new| moved.get_mut(new)) {
                    *slot = value;
                }
            }
            *values = moved;
        }
        follow(&mut self.weights, new_index, len, Decimal::ZERO);
        follow(&mut self.declared, new_index, len, Decimal::ZERO);
        follow(&mut self.scores, new_index, len, Decimal::ZERO);
        follow(&mut self.claimed, new_index, len, Decimal::ZERO);
        follow(&mut self.issues, new_index, len, Vec::new());
        follow(&mut self.rows, new_index, len, Row::Subtotal(SubtotalReport::default()));
        self.rows_with_issues = (0..len)
            .rev()
            .filter(|i| self.issues.get(*i).is_some_and(|v| !v.is_empty()))
            .collect();
        self.reshaped = true;
    }

    /// Leaves whose score comes from the budget table's rate: by their rule, or, without one, by
    /// their name ([`names_budget_rate`]).
    pub fn budget_rows(model: &Model) -> Vec<usize> {
        model
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| {
                n.is_leaf
                    && match &n.rule {
                        Some(rule) => matches!(rule, ResolvedRule::BudgetExecution { .. }),
                        None => names_budget_rate(n.name()),
                    }
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The rows, leaves and subtotals apart (copies: the state lives on).
    pub fn split_rows(&self) -> (Vec<LeafReport>, Vec<SubtotalReport>) {
        split(self.rows.iter().cloned(), self.leaf_count(), Row::into_either)
    }

    /// The rows at `indices`, leaves and subtotals apart, borrowed.
    pub fn rows_at(&self, indices: &[usize]) -> (Vec<&LeafReport>, Vec<&SubtotalReport>) {
        split(indices.iter().filter_map(|i| self.rows.get(*i)), 0, Row::as_either)
    }

    /// The rows (leaves and subtotals apart) and the findings, moved out for a one-shot report.
    pub fn into_parts(self) -> ((Vec<LeafReport>, Vec<SubtotalReport>), Vec<Issue>) {
        let leaves = self.leaf_count();
        let issues = self.issues.into_iter().flatten().chain(self.total_issues).collect();
        (split(self.rows.into_iter(), leaves, Row::into_either), issues)
    }

    /// Every finding of the table, in report order.
    pub fn issues(&self) -> impl Iterator<Item = &Issue> {
        self.rows_with_issues
            .iter()
            .rev()
            .filter_map(|i| self.issues.get(*i))
            .flatten()
            .chain(self.total_issues.iter())
    }

    /// The findings on the table as a whole: the weights not adding up to the total.
    pub fn total_issues(&self) -> &[Issue] {
        &self.total_issues
    }

    pub fn has_leaves(&self) -> bool {
        self.rows.iter().any(|r| matches!(r, Row::Leaf(_)))
    }

    fn leaf_count(&self) -> usize {
        self.rows.iter().filter(|r| matches!(r, Row::Leaf(_))).count()
    }

    /// The total and the points to be had; `reweighed`: a top row's weight changed, or may have.
    /// Weights are compared by value: what is shown of their sum is its value (`plain`).
    fn compute_totals(&mut self, model: &Model, reweighed: bool) {
        let over_roots = |v: &[Decimal]| decimal::sum_at(v, &model.roots);
        self.total = over_roots(&self.scores);
        if reweighed {
            self.max_total = over_roots(&self.weights);
        }
        self.claimed_sum = over_roots(&self.claimed);
        self.total_issues.clear();
        if self.max_total != model.total_weight {
            self.total_issues.push(
                Finding::new(Msg::WeightTotalMismatch, Severity::Error, "indicators")
                    .with("sum", plain(self.max_total))
                    .with("expected", plain(model.total_weight))
                    .into_issue(self.lang),
            );
        }
    }

    /// Scores one row from its children's current results (or, for a leaf, from its cells); true
    /// when the row as the report shows it changed.
    fn compute(&mut self, model: &Model, index: usize, budget_rate: Option<Decimal>, lang: Lang) -> bool {
        let Some(node) = model.nodes.get(index) else {
            return false;
        };
        let mut own = Vec::new();
        let stated = stated_weight(node, &mut own);
        if let Some(form_weight) = node.overridden_weight() {
            own.push(
                weight_finding(Msg::TemplateWeightChanged, node)
                    .with("weight", form_weight.as_str())
                    .with("templateWeight", node.weight().map(|w| w.as_str()).unwrap_or("")),
            );
        }
        let parent = node.parent.and_then(|p| model.nodes.get(p)).map(ModelNode::id);
        let (id, (name, name_en)) = (node.id(), node.names());
        let head = RowHead {
            id,
            name,
            name_en,
            parent,
        };
        let (weight, declared, score, claimed, changed) = match node.leaf() {
            Some(spec) => {
                let weight = match stated {
                    Weight::Stated(w) => Some(w),
                    Weight::Unusable => None,
                    Weight::NotFilled => {
                        own.push(weight_finding(Msg::MissingWeight, node));
                        None
                    }
                };
                let w = weight.unwrap_or(Decimal::ZERO);
                let mut outcome = score_leaf(&LeafInput {
                    name,
                    name_en,
                    weight,
                    spec,
                    budget_rate,
                    id,
                    lang,
                });
                own.append(&mut outcome.findings);
                let claimed = outcome
                    .claimed
                    .filter(|c| *c >= Decimal::ZERO && *c <= w)
                    .unwrap_or(outcome.score);
                let changed = update_row(self.rows.get_mut(index), Row::as_leaf, |row: &mut LeafReport| {
                    let mut changed = head.write(&mut row.id, &mut row.name, &mut row.name_en, &mut row.parent);
                    changed |= set_owned(&mut row.score, std::mem::take(&mut outcome.score_text));
                    changed |= set_owned(&mut row.max_score, std::mem::take(&mut outcome.weight_text));
                    changed |= set_owned(&mut row.claimed_score, outcome.claimed.map(fixed2));
                    changed |= set_text(&mut row.rule, outcome.rule.as_str());
                    changed |= set_owned(&mut row.explain, std::mem::take(&mut outcome.explain));
                    changed | set_owned(&mut row.met, outcome.met)
                });
                (w, w, outcome.score, claimed, changed)
            }
            None => {
                let sum = |v: &[Decimal]| decimal::sum_at(v, &node.children);
                let children_weight = sum(&self.declared);
                if let Weight::Stated(w) = stated {
                    if w != children_weight {
                        // how far off, in the words of each language: a group still being filled
                        // is short of its weight
                        let gap = plain(decimal::sub(w, children_weight).abs());
                        let (zh, en) = if children_weight < w {
                            (["还差 ", &gap].concat(), [&gap, " short"].concat())
                        } else {
                            (["多出 ", &gap].concat(), [&gap, " over"].concat())
                        };
                        own.push(
                            weight_finding(Msg::ParentWeightMismatch, node)
                                .with("weight", plain(w))
                                .with("sum", plain(children_weight))
                                .with("gap", zh)
                                .with("gapEn", en),
                        );
                    }
                }
                let declared = if let Weight::Stated(w) = stated {
                    w
                } else {
                    children_weight
                };
                let (weight, score) = (sum(&self.weights), sum(&self.scores));
                let changed = update_row(
                    self.rows.get_mut(index),
                    Row::as_subtotal,
                    |row: &mut SubtotalReport| {
                        let mut changed = head.write(&mut row.id, &mut row.name, &mut row.name_en, &mut row.parent);
                        changed |= set_owned(&mut row.score, fixed2(score));
                        changed | set_owned(&mut row.max_score, plain(weight))
                    },
                );
                (weight, declared, score, sum(&self.claimed), changed)
            }
        };
        put(&mut self.weights, index, weight);
        put(&mut self.declared, index, declared);
        put(&mut self.scores, index, score);
        put(&mut self.claimed, index, claimed);
        if let Some(slot) = self.issues.get_mut(index) {
            *slot = own.into_iter().map(|f| f.into_issue(lang)).collect();
            match (
                self.rows_with_issues.binary_search_by(|row| index.cmp(row)),
                slot.is_empty(),
            ) {
                (Ok(at), true) => {
                    self.rows_with_issues.remove(at);
                }
                (Err(at), false) => self.rows_with_issues.insert(at, index),
                _ => {}
            }
        }
        changed
    }
}

/// Writes a row in place with `write` (true when a field changed), first making the slot an empty
/// row of the kind `kind` finds, if it held the other kind (or the placeholder of a new row); true
/// when the row as the report shows it changed.
fn update_row<R: Default + Into<Row>>(
    slot: Option<&mut Row>,
    kind: fn(&mut Row) -> Option<&mut R>,
    write: impl FnOnce(&mut R) -> bool,
) -> bool {
    let Some(slot) = slot else {
        return false;
    };
    let fresh = kind(slot).is_none();
    if fresh {
        *slot = R::default().into();
    }
    kind(slot).is_some_and(write) || fresh
}

/// What every row shows of itself, borrowed from the model.
struct RowHead<'m> {
    id: &'m str,
    name: &'m str,
    name_en: Option<&'m str>,
    parent: Option<&'m str>,
}

impl RowHead<'_> {
    /// Writes the head into a row's fields; true when one changed.
    fn write(
        &self,
        id: &mut String,
        name: &mut String,
        name_en: &mut Option<String>,
        parent: &mut Option<String>,
    ) -> bool {
        let mut changed = set_text(id, self.id);
        changed |= set_text(name, self.name);
        changed |= set_optional_text(name_en, self.name_en);
        changed | set_optional_text(parent, self.parent)
    }
}

/// Copies `value` into `slot` unless it is there already; true when it was not. A row scored
/// again mostly keeps its id, names, parent and rule: comparing them costs less than copying them
/// anew and freeing the old copies at every keystroke.
fn set_text(slot: &mut String, value: &str) -> bool {
    let changed = slot != value;
    if changed {
        slot.clear();
        slot.push_str(value);
    }
    changed
}

fn set_optional_text(slot: &mut Option<String>, value: Option<&str>) -> bool {
    match (slot.as_mut(), value) {
        (Some(old), Some(new)) => set_text(old, new),
        (None, None) => false,
        (_, new) => {
            *slot = new.map(str::to_string);
            true
        }
    }
}

/// Moves `value` into `slot`; true when it differs from what was there.
fn set_owned<T: PartialEq>(slot: &mut T, value: T) -> bool {
    let changed = *slot != value;
    *slot = value;
    changed
}

/// A row, owned or borrowed, by kind.
enum Side<L, S> {
    Leaf(L),
    Subtotal(S),
}

impl From<LeafReport> for Row {
    fn from(row: LeafReport) -> Row {
        Row::Leaf(row)
    }
}

impl From<SubtotalReport> for Row {
    fn from(row: SubtotalReport) -> Row {
        Row::Subtotal(row)
    }
}

impl Row {
    fn as_leaf(&mut self) -> Option<&mut LeafReport> {
        match self {
            Row::Leaf(row) => Some(row),
            Row::Subtotal(_) => None,
        }
    }

    fn as_subtotal(&mut self) -> Option<&mut SubtotalReport> {
        match self {
            Row::Subtotal(row) => Some(row),
            Row::Leaf(_) => None,
        }
    }

    fn into_either(self) -> Side<LeafReport, SubtotalReport> {
        match self {
            Row::Leaf(l) => Side::Leaf(l),
            Row::Subtotal(s) => Side::Subtotal(s),
        }
    }

    fn as_either(&self) -> Side<&LeafReport, &SubtotalReport> {
        match self {
            Row::Leaf(l) => Side::Leaf(l),
            Row::Subtotal(s) => Side::Subtotal(s),
        }
    }
}

/// Leaves and subtotals apart, in tree order; `leaf_count` of the rows are leaves (0 when not
/// known), so that neither list grows as it is filled.
fn split<R, L, S>(
    rows: impl Iterator<Item = R>,
    leaf_count: usize,
    side: impl Fn(R) -> Side<L, S>,
) -> (Vec<L>, Vec<S>) {
    let mut leaves = Vec::with_capacity(leaf_count);
    let mut subtotals = Vec::with_capacity(rows.size_hint().0.saturating_sub(leaf_count));
    for row in rows {
        match side(row) {
            Side::Leaf(l) => leaves.push(l),
            Side::Subtotal(s) => subtotals.push(s),
        }
    }
    (leaves, subtotals)
}

fn put(v: &mut [Decimal], index: usize, value: Decimal) {
    if let Some(slot) = v.get_mut(index) {
        *slot = value;
    }
}
