//! The indicator rows of a sheet placed in a tree: a built-in template's when every row finds its
//! place in it (template rows by name, the unit's own rows under the template's open groups), or
//! the sheet's own tree when no template fits.

use serde_json::{Map, Value};

use crate::read::template::{Template, TemplateNode};

use super::grid::squeeze;
use super::Cells;

/// One indicator row as read: its names from the top level down and its cells.
#[derive(Debug, Default)]
pub struct Row {
    pub names: Vec<String>,
    /// (field, text, cell) for id, weight, target, actual, score, reason, rule
    pub values: Vec<(&'static str, String, String)>,
    /// (field, cell) of the table's columns left blank in this row: a finding that the value is
    /// missing names the cell to fill, not the row
    pub blank: Vec<(&'static str, String)>,
    /// the cell of its deepest name, and the whole row's range
    pub name_cell: String,
    pub row_range: String,
    /// its row on the sheet, from 1, for the notes that name it
    pub line: u32,
}

impl Row {
    pub fn value(&self, field: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, t, _)| t.as_str())
            .filter(|t| !t.is_empty())
    }

    /// The cells of the row's blank columns, by the paths of the fields they would hold.
    fn put_blank_cells(&self, id: &str, levels: bool, cells: &mut Cells) {
        for (field, cell) in &self.blank {
            if let Some(field) = form_field(field, levels) {
                cells.put(format!("indicators.{id}.{field}"), cell.clone());
            }
        }
    }

    fn has_values(&self) -> bool {
        self.values.iter().any(|(f, t, _)| *f != "id" && !t.is_empty())
    }

    /// The fields of this row only a leaf reads: a group's row gives its 分值, and its 得分 is a
    /// subtotal.
    pub fn leaf_values(&self) -> Vec<&'static str> {
        self.values
            .iter()
            .filter(|(f, t, _)| matches!(*f, "target" | "actual" | "reason" | "rule") && !t.is_empty())
            .map(|(f, _, _)| *f)
            .collect()
    }
}

/// A row the form does not read, and why: said in a note, since its figures are not checked.
#[derive(Debug, PartialEq, Eq)]
pub enum NotRead {
    /// A group's own row with a leaf's values (年度指标值, 实际完成值, …), which a group has none of.
    GroupRow { row: usize, group: String },
    /// A row with the same names as a later one with values, which is the one read.
    Repeated { row: usize, kept: usize },
}

/// Two indicator names are the same when they are equal without spaces, or one is the other and
/// `指标` (`产出` and `产出指标`).
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (squeeze(a), squeeze(b));
    a == b || a.strip_suffix("指标") == Some(b.as_str()) || b.strip_suffix("指标") == Some(a.as_str())
}

/// A node of the tree being built.
#[derive(Debug)]
struct Node {
    id: String,
    name: String,
    /// from the template (its own row, placed by id) or made for the sheet
    from_template: bool,
    open: bool,
    template_weight: Option<String>,
    template_target: Option<String>,
    /// the kind of the template's rule for the row
    template_rule: Option<String>,
    children: Vec<usize>,
    row: Option<usize>,
}

pub struct Tree {
    nodes: Vec<Node>,
    roots: Vec<usize>,
    template: Option<String>,
    /// rows replaced by a later row with the same names: (replaced, kept)
    replaced: Vec<(usize, usize)>,
}

/// Why rows do not fit a template (the template is then not used).
pub struct Misfit;

impl Tree {
    fn from_template(t: &Template) -> Tree {
        fn add(tree: &mut Tree, n: &TemplateNode) -> usize {
            let i = tree.nodes.len();
            tree.nodes.push(Node {
                id: n.id.clone(),
                name: n.name.clone(),
                from_template: true,
                open: n.open,
                template_weight: n.weight.as_ref().map(|w| w.as_str().to_string()),
                template_target: n.target.as_ref().map(|w| w.as_str().to_string()),
                template_rule: n.rule.as_ref().map(|r| r.kind.as_str().to_string()),
                children: Vec::new(),
                row: None,
            });
            let kids: Vec<usize> = n.children.iter().map(|c| add(tree, c)).collect();
            if let Some(node) = tree.nodes.get_mut(i) {
                node.children = kids;
            }
            i
        }
        let mut tree = Tree {
            nodes: Vec::new(),
            roots: Vec::new(),
            template: Some(t.id.clone()),
            replaced: Vec::new(),
        };
        tree.roots = t.indicators.iter().map(|n| add(&mut tree, n)).collect();
        tree
    }

    fn free() -> Tree {
        Tree {
            nodes: Vec::new(),
            roots: Vec::new(),
            template: None,
            replaced: Vec::new(),
        }
    }

    fn children_of(&self, parent: Option<usize>) -> &[usize] {
        match parent {
            None => &self.roots,
            Some(p) => self.nodes.get(p).map_or(&[], |n| n.children.as_slice()),
        }
    }

    /// A node under `parent` named `name`: a child, else the nearest deeper descendant (a sheet
    /// may leave out a level the template has: `产出指标` right under the table for 履职效能 →
    /// 产出指标).
    fn find(&self, parent: Option<usize>, name: &str) -> Option<usize> {
        let mut level: Vec<usize> = self.children_of(parent).to_vec();
        while !level.is_empty() {
            if let Some(&hit) = level
                .iter()
                .find(|&&i| self.nodes.get(i).is_some_and(|n| same_name(&n.name, name)))
            {
                return Some(hit);
            }
            level = level.iter().flat_map(|&i| self.children_of(Some(i)).to_vec()).collect();
        }
        None
    }

    fn accepts_new(&self, parent: Option<usize>) -> bool {
        match (parent, &self.template) {
            (None, None) => true,
            (None, Some(_)) => false,
            (Some(p), _) => self.nodes.get(p).is_some_and(|n| n.open || !n.from_template),
        }
    }

    fn fresh_id(&self, parent: Option<usize>, taken: &dyn Fn(&str) -> bool) -> String {
        let prefix = parent
            .and_then(|p| self.nodes.get(p))
            .map(|n| format!("{}.", n.id))
            .unwrap_or_default();
        let mut k = self.children_of(parent).len() + 1;
        loop {
            let id = format!("{prefix}{k}");
            if !taken(&id) && self.nodes.iter().all(|n| n.id != id) {
                return id;
            }
            k += 1;
        }
    }

    fn add(&mut self, parent: Option<usize>, id: String, name: &str) -> usize {
        let i = self.nodes.len();
        self.nodes.push(Node {
            id,
            name: name.to_string(),
            from_template: false,
            open: false,
            template_weight: None,
            template_target: None,
            template_rule: None,
            children: Vec::new(),
            row: None,
        });
        match parent.and_then(|p| self.nodes.get_mut(p)) {
            Some(p) => p.children.push(i),
            None => self.roots.push(i),
        }
        i
    }

    /// Places every row; `Err` when a row has no place in the template.
    fn place(&mut self, rows: &[Row]) -> Result<(), Misfit> {
        let ids_typed: Vec<&str> = rows.iter().filter_map(|r| r.value("id")).collect();
        for (ri, row) in rows.iter().enumerate() {
            let mut at: Option<usize> = None;
            let last = row.names.len().saturating_sub(1);
            for (k, name) in row.names.iter().enumerate() {
                let found = self.find(at, name).filter(|&i| {
                    // a name deeper down counts only where the level it skips is the template's
                    self.children_of(at).contains(&i) || self.template.is_some()
                });
                at = Some(match found {
                    Some(i) => i,
                    None if self.accepts_new(at) => {
                        let typed = (k == last).then(|| row.value("id")).flatten();
                        let id = match typed {
                            Some(id) if self.nodes.iter().all(|n| n.id != id) => id.to_string(),
                            _ => self.fresh_id(at, &|id| ids_typed.contains(&id)),
                        };
                        self.add(at, id, name)
                    }
                    None => return Err(Misfit),
                });
            }
            let Some(node) = at.and_then(|i| self.nodes.get_mut(i)) else {
                continue;
            };
            if node.row.is_some() && row.has_values() {
                // a template row named twice: the template does not describe this sheet
                if node.from_template {
                    return Err(Misfit);
                }
            }
            if node.row.is_none() || row.has_values() {
                let earlier = node.row.replace(ri);
                if let Some(earlier) = earlier.filter(|&e| rows.get(e).is_some_and(Row::has_values)) {
                    self.replaced.push((earlier, ri));
                }
            }
        }
        if self.template.is_some() && self.template_group_reads_as_leaf(rows) {
            return Err(Misfit);
        }
        Ok(())
    }

    /// Whether a row on a template's group carries what only a leaf has: a target, an actual, a
    /// reason or a rule, or a 得分 with no row under the group to be its subtotal (`满意度指标` over all three name
    /// columns, with the part's figures). The template reads no values from its groups, so such a
    /// row would be dropped; the sheet's own tree reads it as the leaf it is.
    fn template_group_reads_as_leaf(&self, rows: &[Row]) -> bool {
        self.nodes.iter().enumerate().any(|(i, n)| {
            let group = n.from_template && (n.open || !n.children.is_empty());
            let Some(row) = n.row.and_then(|r| rows.get(r)).filter(|_| group) else {
                return false;
            };
            !row.leaf_values().is_empty() || (row.value("score").is_some() && !self.has_row_below(i))
        })
    }

    fn has_row_below(&self, i: usize) -> bool {
        self.children_of(Some(i))
            .iter()
            .any(|&c| self.nodes.get(c).is_some_and(|n| n.row.is_some()) || self.has_row_below(c))
    }

    /// The rows whose values the form does not read, in the order of the sheet.
    pub fn not_read(&self, rows: &[Row]) -> Vec<NotRead> {
        let repeated = self.replaced.iter().map(|&(row, kept)| NotRead::Repeated { row, kept });
        let groups = self.nodes.iter().filter_map(|n| {
            let group = n.open || !n.children.is_empty();
            let ri = n.row.filter(|_| group)?;
            rows.get(ri).filter(|r| !r.leaf_values().is_empty())?;
            Some(NotRead::GroupRow {
                row: ri,
                group: n.name.clone(),
            })
        });
        // each put after those of its row or above: a handful of rows, in the sheet's order with
        // no sort for the module to carry
        let row_of = |n: &NotRead| match n {
            NotRead::GroupRow { row, .. } | NotRead::Repeated { row, .. } => *row,
        };
        let mut out: Vec<NotRead> = Vec::new();
        for n in repeated.chain(groups) {
            let at = out.partition_point(|o| row_of(o) <= row_of(&n));
            out.insert(at, n);
        }
        out
    }

    pub fn template(&self) -> Option<&str> {
        self.template.as_deref()
    }

    /// The form's `indicators`, and where each value came from.
    pub fn indicators(&self, rows: &[Row], cells: &mut Cells) -> Vec<Value> {
        let mut out = Vec::new();
        match &self.template {
            Some(_) => {
                for &i in &self.roots {
                    self.template_entries(i, rows, cells, &mut out);
                }
            }
            None => {
                for &i in &self.roots {
                    out.push(self.own_node(i, rows, cells));
                }
            }
        }
        out
    }

    /// A template's rows fill its nodes by id at the top level; its open groups carry the unit's
    /// own rows as children.
    fn template_entries(&self, i: usize, rows: &[Row], cells: &mut Cells, out: &mut Vec<Value>) {
        let Some(n) = self.nodes.get(i) else { return };
        if n.open {
            let kids: Vec<Value> = n.children.iter().map(|&c| self.own_node(c, rows, cells)).collect();
            if !kids.is_empty() {
                let mut m = Map::new();
                m.insert("id".into(), Value::String(n.id.clone()));
                m.insert("children".into(), Value::Array(kids));
                out.push(Value::Object(m));
            }
            return;
        }
        if !n.children.is_empty() {
            for &c in &n.children {
                self.template_entries(c, rows, cells, out);
            }
            return;
        }
        let Some(row) = n.row.and_then(|r| rows.get(r)) else {
            return;
        };
        let mut m = Map::new();
        m.insert("id".into(), Value::String(n.id.clone()));
        cells.put(format!("indicators.{}", n.id), row.row_range.clone());
        cells.put(format!("indicators.{}.name", n.id), row.name_cell.clone());
        let levels = n.template_rule.as_deref() == Some("levels");
        row.put_blank_cells(&n.id, levels, cells);
        for (field, text, cell) in &row.values {
            // what the template says already is not written again
            let same = match *field {
                "weight" => same_number(Some(text), n.template_weight.as_deref()),
                "target" => n.template_target.as_deref().map(str::trim) == Some(text.trim()),
                "rule" => n.template_rule.is_some() && rule_kind(text) == n.template_rule,
                _ => false,
            };
            if let (false, Some(field)) = (same, form_field(field, levels)) {
                put_value(&mut m, field, text, &n.id, cell, cells);
            }
        }
        if m.len() > 1 {
            out.push(Value::Object(m));
        }
    }

    /// A row the unit wrote itself (or a group of them), with its name.
    fn own_node(&self, i: usize, rows: &[Row], cells: &mut Cells) -> Value {
        let mut m = Map::new();
        let Some(n) = self.nodes.get(i) else {
            return Value::Object(m);
        };
        m.insert("id".into(), Value::String(n.id.clone()));
        m.insert("name".into(), Value::String(n.name.clone()));
        let row = n.row.and_then(|r| rows.get(r));
        if let Some(row) = row {
            cells.put(format!("indicators.{}", n.id), row.row_range.clone());
            cells.put(format!("indicators.{}.name", n.id), row.name_cell.clone());
        }
        if n.children.is_empty() {
            if let Some(row) = row {
                let levels = row.value("rule").and_then(rule_kind).as_deref() == Some("levels");
                row.put_blank_cells(&n.id, levels, cells);
                for (field, text, cell) in &row.values {
                    if let Some(field) = form_field(field, levels) {
                        put_value(&mut m, field, text, &n.id, cell, cells);
                    }
                }
            }
        } else {
            // a group's own row says its 分值; its 得分 is a subtotal the engine computes
            if let Some((_, text, cell)) =
                row.and_then(|r| r.values.iter().find(|(f, t, _)| *f == "weight" && !t.is_empty()))
            {
                put_value(&mut m, "weight", text, &n.id, cell, cells);
            }
            let kids: Vec<Value> = n.children.iter().map(|&c| self.own_node(c, rows, cells)).collect();
            m.insert("children".into(), Value::Array(kids));
        }
        Value::Object(m)
    }
}

fn put_value(m: &mut Map<String, Value>, field: &str, text: &str, id: &str, cell: &str, cells: &mut Cells) {
    if text.is_empty() {
        return;
    }
    let value = if field == "rule" {
        match rule_of(text) {
            Some(rule) => rule,
            None => Value::String(text.to_string()),
        }
    } else {
        Value::String(text.to_string())
    };
    m.insert(field.to_string(), value);
    cells.put(format!("indicators.{id}.{field}"), cell.to_string());
}

/// Whether two typed weights are the same number (`5` and `5.0`).
fn same_number(a: Option<&str>, b: Option<&str>) -> bool {
    use std::str::FromStr;
    match (a, b) {
        (Some(a), Some(b)) => {
            let n = |s: &str| rust_decimal::Decimal::from_str(s.trim()).ok();
            n(a).is_some_and(|x| Some(x) == n(b)) || a.trim() == b.trim()
        }
        _ => false,
    }
}

/// The words of a 计分规则 cell for the rules without parameters, and their kinds.
pub const RULE_WORDS: [(&str, &str); 8] = [
    ("正向", "proportional"),
    ("反向", "inverse"),
    ("达标", "equal"),
    ("是否", "boolean"),
    ("定性", "levels"),
    ("扣分", "deductions"),
    ("预算执行率", "budgetExecution"),
    ("手工", "manual"),
];

/// A 计分规则 cell: a word for the rules without parameters (`正向`, `正向指标`, or the kind's own name,
/// `budgetExecution`), or the rule as JSON.
pub fn rule_of(text: &str) -> Option<Value> {
    let word = squeeze(text);
    let short = word.strip_suffix("指标").unwrap_or(&word);
    let named = RULE_WORDS
        .iter()
        .find(|(w, kind)| *w == short || kind.eq_ignore_ascii_case(&word));
    if let Some((_, kind)) = named {
        let mut m = Map::new();
        m.insert("kind".into(), Value::String((*kind).into()));
        return Some(Value::Object(m));
    }
    word.starts_with('{')
        .then(|| serde_json::from_str::<Value>(text).ok().filter(Value::is_object))
        .flatten()
}

/// The form's field a column's value goes to: a levels row's 实际完成值 is its `level`; the 编号
/// is the row's id, no field.
fn form_field(column: &'static str, levels: bool) -> Option<&'static str> {
    match column {
        "id" => None,
        "actual" if levels => Some("level"),
        other => Some(other),
    }
}

/// The kind of the rule a 计分规则 cell names.
fn rule_kind(text: &str) -> Option<String> {
    rule_of(text).and_then(|v| v.get("kind").and_then(Value::as_str).map(str::to_string))
}

/// Places the rows in the first template they fit, else in a tree of their own.
pub fn build(rows: &[Row], templates: &[&Template]) -> Tree {
    for t in templates {
        let mut tree = Tree::from_template(t);
        if tree.place(rows).is_ok() {
            return tree;
        }
    }
    let mut tree = Tree::free();
    // a free tree places every row: new nodes are always accepted at the top
    let _ = tree.place(rows);
    tree
}
