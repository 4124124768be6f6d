//! Stage 2, [`Form`] + template → [`Model`]: the indicator tree flattened into an arena, the
//! template merged in and every rule's parameters read (`load`). Values that people type stay
//! [`Text`]; scoring reads them.

pub mod load;

use rust_decimal::Decimal;

use crate::read::form::{Form, Node, RuleKind, Text};
use crate::read::number::{self, Quantity};
use crate::read::template::TemplateNode;

#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The form as given, less its indicator rows, which live in `nodes[..].typed`
    /// ([`Model::to_form`] puts them back).
    pub form: Form,
    pub template: Option<TemplateRef>,
    /// Pre-order: a parent comes before its children.
    pub nodes: Vec<ModelNode>,
    pub roots: Vec<usize>,
    /// What the leaf weights must add up to.
    pub total_weight: Decimal,
    /// Highest first; the last band catches everything below.
    pub grades: Vec<GradeBand>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateRef {
    pub id: String,
    pub name: String,
    pub name_en: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GradeBand {
    pub min: Option<Decimal>,
    pub grade: String,
    pub grade_en: String,
}

/// One row of the indicator tree: what the template says of it and what the form typed into it.
/// The two are boxed: an edit of the tree moves every row to its new place in the arena, and a row
/// is then a few words, not 600 bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelNode {
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// The built-in template's row, shared by every form of that template.
    pub template: Option<&'static TemplateNode>,
    /// The form's own row, moved in as typed (its `children` taken out).
    pub typed: Option<Box<TypedRow>>,
    /// The form's rule where it gives one, else the template's, with parameters read.
    pub rule: Option<ResolvedRule>,
    pub is_leaf: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypedRow {
    pub row: Node,
    /// Whether the form wrote a `children` array, so the form can be given back as typed.
    pub had_children: bool,
    /// The row the form nested this one under (not always the tree parent: template rows are
    /// matched by id wherever the form puts them).
    pub form_parent: Option<usize>,
    /// Position in the form, depth first.
    pub form_order: usize,
    /// Position among the rows of the same form parent.
    pub form_index: usize,
}

/// The id of the row at `index` ("" past the end).
pub fn id_at(nodes: &[ModelNode], index: usize) -> &str {
    nodes.get(index).map_or("", ModelNode::id)
}

/// `id.trim()`, without walking its characters when both ends are ASCII other than a space (as
/// ids mostly are: `1.2.3`): a row's id is read at every lookup by id and every scoring of it.
fn trim_id(id: &str) -> &str {
    match (id.as_bytes().first(), id.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => id,
        _ => id.trim(),
    }
}

impl ModelNode {
    /// The row's id, as the form typed it (trimmed) or as the template names it.
    pub fn id(&self) -> &str {
        match (&self.typed, &self.template) {
            (Some(t), _) => trim_id(&t.row.id),
            (None, Some(t)) => &t.id,
            (None, None) => "",
        }
    }

    pub fn name(&self) -> &str {
        self.names().0
    }

    /// The template's English name, unless the form gave the row a name of its own.
    pub fn name_en(&self) -> Option<&str> {
        self.names().1
    }

    /// [`name`](Self::name) and [`name_en`](Self::name_en) in one look at the form's name.
    pub fn names(&self) -> (&str, Option<&str>) {
        let own = self
            .typed
            .as_ref()
            .and_then(|t| t.row.name.as_deref())
            .filter(|n| !n.trim().is_empty());
        match (own, &self.template) {
            (Some(name), _) => (name, None),
            (None, Some(t)) => (&t.name, t.name_en.as_deref()),
            (None, None) => ("", None),
        }
    }

    fn typed_row(&self) -> Option<&Node> {
        self.typed.as_ref().map(|t| &t.row)
    }

    /// The weight that counts: the template's where it sets one, else the form's.
    pub fn weight(&self) -> Option<&Text> {
        self.template
            .as_ref()
            .and_then(|t| t.weight.as_ref())
            .or_else(|| self.typed_row().and_then(|r| r.weight.as_ref()))
    }

    /// The form's own weight where the template fixes a different one.
    pub fn overridden_weight(&self) -> Option<&Text> {
        let fixed = self.template.as_ref().and_then(|t| t.weight.as_ref())?;
        let typed = self.typed_row().and_then(|r| r.weight.as_ref())?;
        (!same_number(fixed, typed)).then_some(typed)
    }

    pub fn leaf(&self) -> Option<LeafView<'_>> {
        if !self.is_leaf {
            return None;
        }
        let row = self.typed_row();
        Some(LeafView {
            rule: self.rule.as_ref(),
            target: row
                .and_then(|r| r.target.as_ref())
                .or_else(|| self.template.as_ref().and_then(|t| t.target.as_ref())),
            actual: row.and_then(|r| r.actual.as_ref()),
            level: row.and_then(|r| r.level.as_ref()),
            score: row.and_then(|r| r.score.as_ref()),
            reason: row.and_then(|r| r.reason.as_deref()),
        })
    }
}

/// Two weights that read as the same number are the same weight (`5` and `5.0`).
pub fn same_number(a: &Text, b: &Text) -> bool {
    match (number::parse_points(a.as_str()), number::parse_points(b.as_str())) {
        (Ok(Some(x)), Ok(Some(y))) => x == y,
        _ => a == b,
    }
}

/// What a leaf is scored from, borrowed from its row.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LeafView<'a> {
    pub rule: Option<&'a ResolvedRule>,
    pub target: Option<&'a Text>,
    pub actual: Option<&'a Text>,
    pub level: Option<&'a Text>,
    pub score: Option<&'a Text>,
    pub reason: Option<&'a str>,
}

impl Model {
    /// The form exactly as it was given: the typed rows back in their own nesting.
    pub fn to_form(&self) -> Form {
        let (roots, kids) = self.form_lists();
        let mut form = self.form.clone();
        form.indicators = roots.iter().filter_map(|r| self.typed_subtree(*r, &kids)).collect();
        form
    }

    /// The form's rows as the form nests them: its top rows, and each row's rows, in the order the
    /// form lists them.
    fn form_lists(&self) -> (Vec<usize>, Vec<Vec<usize>>) {
        // orders are unique, so a slot each: no sort
        let typed = || {
            self.nodes
                .iter()
                .enumerate()
                .filter_map(|(i, n)| Some((i, n.typed.as_ref()?)))
        };
        let mut slots: Vec<Option<usize>> = vec![None; typed().map(|(_, t)| t.form_order + 1).max().unwrap_or(0)];
        for (i, t) in typed() {
            if let Some(slot) = slots.get_mut(t.form_order) {
                *slot = Some(i);
            }
        }
        let mut kids: Vec<Vec<usize>> = vec![Vec::new(); self.nodes.len()];
        let mut roots = Vec::new();
        for i in slots.into_iter().flatten() {
            match self
                .nodes
                .get(i)
                .and_then(|n| n.typed.as_ref())
                .and_then(|t| t.form_parent)
            {
                Some(p) => kids.get_mut(p).into_iter().for_each(|k| k.push(i)),
                None => roots.push(i),
            }
        }
        (roots, kids)
    }

    /// Numbers the form's rows again, depth first in the order the form lists them
    /// (`form_order`) and each among its siblings in the form (`form_index`), after rows were
    /// added, removed or moved. The rows the form nests under `follow_tree` (`Some(None)`: its top
    /// rows) take the order the tree gives them there; every other list keeps its order.
    pub fn renumber_form(&mut self, follow_tree: Option<Option<usize>>) {
        let (mut roots, mut kids) = self.form_lists();
        if let Some(parent) = follow_tree {
            let in_tree = match parent.and_then(|p| self.nodes.get(p)) {
                Some(p) => &p.children,
                None => &self.roots,
            };
            let nested: Vec<usize> = in_tree
                .iter()
                .copied()
                .filter(|c| {
                    self.nodes
                        .get(*c)
                        .and_then(|n| n.typed.as_ref())
                        .is_some_and(|t| t.form_parent == parent)
                })
                .collect();
            match parent {
                Some(p) => {
                    if let Some(k) = kids.get_mut(p) {
                        *k = nested;
                    }
                }
                None => roots = nested,
            }
        }
        let mut order = 0;
        let mut stack: Vec<(usize, usize)> = roots.iter().copied().enumerate().rev().map(|(at, i)| (i, at)).collect();
        while let Some((i, at)) = stack.pop() {
            if let Some(t) = self.nodes.get_mut(i).and_then(|n| n.typed.as_mut()) {
                t.form_order = order;
                t.form_index = at;
            }
            order += 1;
            let children = kids.get(i).map(Vec::as_slice).unwrap_or(&[]);
            stack.extend(children.iter().copied().enumerate().rev().map(|(at, c)| (c, at)));
        }
    }

    fn typed_subtree(&self, index: usize, kids: &[Vec<usize>]) -> Option<Node> {
        let typed = self.nodes.get(index)?.typed.as_ref()?;
        let mut node = typed.row.clone();
        if typed.had_children {
            let children = kids.get(index).map(Vec::as_slice).unwrap_or(&[]);
            node.children = Some(children.iter().filter_map(|c| self.typed_subtree(*c, kids)).collect());
        }
        Some(node)
    }
}

/// Whether the unit may put rows of its own under the row at `index`: an open template part (one
/// without template children; those all come before any row of the form, so the first child
/// tells, and checking them all made k own rows under one part cost O(k²)), or a row of its own.
pub fn accepts_own_rows(nodes: &[ModelNode], index: usize) -> bool {
    match nodes.get(index) {
        Some(n) => match &n.template {
            Some(t) => {
                t.open
                    && n.children
                        .first()
                        .is_none_or(|c| nodes.get(*c).is_some_and(|c| c.template.is_none()))
            }
            None => true,
        },
        None => false,
    }
}

/// An arena renumbered in pre-order: a parent before its children, roots and children in order,
/// rows that no root reaches left out.
pub struct Renumbered {
    pub nodes: Vec<ModelNode>,
    pub roots: Vec<usize>,
    /// For each row of the old arena, its new number (`None`: left out).
    pub new_index: Vec<Option<usize>>,
}

impl Renumbered {
    pub fn new(nodes: Vec<ModelNode>, roots: &[usize]) -> Renumbered {
        let mut order = Vec::with_capacity(nodes.len());
        let mut stack: Vec<usize> = roots.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            order.push(i);
            if let Some(n) = nodes.get(i) {
                stack.extend(n.children.iter().rev().copied());
            }
        }
        // rows added in form order without a template are already in pre-order
        if order.len() == nodes.len() && order.iter().enumerate().all(|(new, old)| new == *old) {
            return Renumbered {
                new_index: (0..nodes.len()).map(Some).collect(),
                roots: roots.to_vec(),
                nodes,
            };
        }
        let mut new_index = vec![None; nodes.len()];
        for (new, old) in order.iter().enumerate() {
            if let Some(slot) = new_index.get_mut(*old) {
                *slot = Some(new);
            }
        }
        let remap = |i: usize| new_index.get(i).copied().flatten().unwrap_or(usize::MAX);
        let mut slots: Vec<Option<ModelNode>> = nodes.into_iter().map(Some).collect();
        let mut renumbered = Vec::with_capacity(order.len());
        for old in &order {
            if let Some(mut n) = slots.get_mut(*old).and_then(Option::take) {
                n.parent = n.parent.map(remap);
                n.children = n.children.iter().map(|c| remap(*c)).collect();
                if let Some(t) = &mut n.typed {
                    t.form_parent = t.form_parent.map(remap);
                }
                renumbered.push(n);
            }
        }
        Renumbered {
            nodes: renumbered,
            roots: roots.iter().map(|r| remap(*r)).collect(),
            new_index,
        }
    }
}

/// Where a typed row sits in the form's JSON (`indicators[1].children[0]`).
pub fn form_path(nodes: &[ModelNode], index: usize) -> String {
    let mut positions = Vec::new();
    let mut cursor = Some(index);
    while let Some(typed) = cursor.and_then(|i| nodes.get(i)).and_then(|n| n.typed.as_ref()) {
        positions.push(typed.form_index);
        cursor = typed.form_parent;
    }
    let mut path = String::from("indicators");
    for (depth, position) in positions.iter().rev().enumerate() {
        if depth == 0 {
            path.push('[');
        } else {
            path.push_str(".children[");
        }
        path.push_str(&position.to_string());
        path.push(']');
    }
    path
}

/// A rule with its parameters read into exact numbers.
#[derive(Clone, Debug, PartialEq)]
pub enum ResolvedRule {
    Proportional,
    Inverse,
    Equal {
        zero_otherwise: bool,
    },
    PerPoint {
        per: Decimal,
        deduct: Decimal,
    },
    Bands {
        bands: Vec<ResolvedBand>,
        otherwise: Decimal,
    },
    Levels {
        table: LevelTable,
    },
    Boolean,
    Deductions {
        items: Vec<(String, Decimal)>,
    },
    /// `full_from` is a percentage (95 for `95%`).
    BudgetExecution {
        full_from: Option<Decimal>,
    },
    Manual,
}

impl ResolvedRule {
    pub fn kind(&self) -> RuleKind {
        match self {
            ResolvedRule::Proportional => RuleKind::Proportional,
            ResolvedRule::Inverse => RuleKind::Inverse,
            ResolvedRule::Equal { .. } => RuleKind::Equal,
            ResolvedRule::PerPoint { .. } => RuleKind::PerPoint,
            ResolvedRule::Bands { .. } => RuleKind::Bands,
            ResolvedRule::Levels { .. } => RuleKind::Levels,
            ResolvedRule::Boolean => RuleKind::Boolean,
            ResolvedRule::Deductions { .. } => RuleKind::Deductions,
            ResolvedRule::BudgetExecution { .. } => RuleKind::BudgetExecution,
            ResolvedRule::Manual => RuleKind::Manual,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedBand {
    pub from: Option<Quantity>,
    pub up_to: Option<Quantity>,
    pub score: Decimal,
    /// As written, for the explanation (`≤10%`, `10%–20%`).
    pub label: String,
}

/// Level word → fraction of the weight.
#[derive(Clone, Debug, PartialEq)]
pub enum LevelTable {
    /// 优 1, 良 0.8, 中 0.6, 差 0; 达成 1, 基本达成 0.8, 部分达成 0.6, 未达成 0 (and English).
    Default,
    Custom(Vec<(String, Decimal)>),
}

/// Grade words as units write them, longest first, and the grade each names: the table's 评价等级
/// and the 说明's are read alike (优秀 is 优).
pub const GRADE_WORDS: [(&str, &str); 13] = [
    ("不合格", "差"),
    ("不及格", "差"),
    ("优秀", "优"),
    ("良好", "良"),
    ("合格", "中"),
    ("及格", "中"),
    ("中等", "中"),
    ("较差", "差"),
    ("一般", "中"),
    ("优", "优"),
    ("良", "良"),
    ("中", "中"),
    ("差", "差"),
];

/// The grade `word` names (优 for 优秀), or the word itself when it names none.
pub fn canonical_grade(word: &str) -> &str {
    GRADE_WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map_or(word, |(_, band)| band)
}

/// (word, fraction in tenths): static, so the implied rule of every leaf costs no allocation.
const DEFAULT_LEVELS: &[(&str, i64)] = &[
    ("优", 10),
    ("良", 8),
    ("中", 6),
    ("差", 0),
    ("达成", 10),
    ("基本达成", 8),
    ("部分达成", 6),
    ("未达成", 0),
    ("excellent", 10),
    ("good", 8),
    ("fair", 6),
    ("poor", 0),
];

impl LevelTable {
    pub fn find(&self, word: &str) -> Option<Decimal> {
        let w = word.trim();
        let matches = |k: &str| k == w || k.eq_ignore_ascii_case(w);
        match self {
            LevelTable::Default => {
                // the levels' long forms; not 合格 or 一般, which a done-or-not row says as often
                let w = match w {
                    "优秀" => "优",
                    "良好" => "良",
                    "中等" => "中",
                    "较差" => "差",
                    _ => w,
                };
                DEFAULT_LEVELS
                    .iter()
                    .find(|(k, _)| *k == w || k.eq_ignore_ascii_case(w))
                    .map(|(_, tenths)| Decimal::new(*tenths, 1))
            }
            LevelTable::Custom(table) => table.iter().find(|(k, _)| matches(k)).map(|(_, f)| *f),
        }
    }

    pub fn words(&self) -> Vec<&str> {
        match self {
            LevelTable::Default => DEFAULT_LEVELS.iter().map(|(k, _)| *k).collect(),
            LevelTable::Custom(table) => table.iter().map(|(k, _)| k.as_str()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::trim_id;

    /// The shortcut for ids with plain ends gives what `trim` gives, whatever stands at either end:
    /// ASCII and Unicode spaces (an ideographic space starts with a byte above ASCII), control
    /// characters, CJK, and nothing.
    #[test]
    fn an_id_is_trimmed_as_trim_trims_it() {
        let ends = [
            "", " ", "\t", "\u{b}", "\u{7f}", "\u{a0}", "\u{3000}", "\u{85}", "一", "~", "!", "x",
        ];
        let cores = ["", "1", "1.2", "a b", "一级", "\u{3000}"];
        for before in ends {
            for core in cores {
                for after in ends {
                    let id = [before, core, after].concat();
                    assert_eq!(trim_id(&id), id.trim(), "{id:?}");
                }
            }
        }
    }
}
