//! [`Form`] → [`Model`]: the shape checks that can make a form unreadable as a whole (ids, the
//! template's tree, rules and their parameters), the template merged in, every rule read.

use rust_decimal::Decimal;

use crate::finding::clip;
use crate::messages::Msg;
use crate::model::{
    accepts_own_rows, form_path, id_at, GradeBand, LevelTable, Model, ModelNode, Renumbered, ResolvedBand,
    ResolvedRule, TemplateRef, TypedRow,
};
use crate::read::error::{too_many_nodes, FormError, MAX_DEPTH, MAX_ID_CHARS, MAX_NODES};
use crate::read::form::{Band, EqualOtherwise, Form, Node, Rule, RuleKind, Text, FORM_VERSION};
use crate::read::json_path::JsonPath;
use crate::read::number::{self, Reading};
use crate::read::template::{self, GradeBandSpec, Template, TemplateNode};
use crate::read::{self, parse_form};
use crate::row_ids::RowIds;

/// Parses and loads in one step.
pub fn load_json(json: &str) -> Result<Model, FormError> {
    load(parse_form(json)?)
}

/// Checks the form's shape, merges its template and reads every rule.
pub fn load(mut form: Form) -> Result<Model, FormError> {
    if form.version != FORM_VERSION {
        return Err(FormError::new(
            Msg::FormVersion,
            "version",
            vec![("version", form.version.to_string())],
        ));
    }
    let template = match &form.template {
        None => None,
        Some(id) => Some((id.as_str(), resolve_template(id)?)),
    };
    let mut builder = Builder::new(template.map(|(_, t)| t));
    let (total_weight, grades, template_ref) = match template {
        Some((id, t)) => {
            let rows = template_rows(id, t)?;
            builder.nodes = rows.nodes;
            builder.roots = rows.roots;
            builder.template_ids = rows.ids;
            let total = number::parse_points(t.total_weight.as_str())
                .ok()
                .flatten()
                .unwrap_or(Decimal::ONE_HUNDRED);
            let grades = match &t.grades {
                Some(specs) => grade_bands(specs),
                None => default_grades(),
            };
            let r = TemplateRef {
                id: t.id.clone(),
                name: t.name.clone(),
                name_en: t.name_en.clone(),
            };
            (total, grades, Some(r))
        }
        None => (Decimal::ONE_HUNDRED, default_grades(), None),
    };
    let top = JsonPath::root("indicators");
    let rows = std::mem::take(&mut form.indicators);
    // rows are large; growing the arena by doubling would move each of them several times
    builder.nodes.reserve(count_rows(&rows).min(MAX_NODES));
    for (i, node) in rows.into_iter().enumerate() {
        builder.add_form_node(node, None, i, 1, &top.index(i))?;
    }
    let (nodes, roots) = builder.finish()?;
    Ok(Model {
        form,
        template: template_ref,
        nodes,
        roots,
        total_weight,
        grades,
    })
}

/// A built-in template's rows as a model holds them before a form's rows merge in.
#[derive(Clone)]
struct TemplateRows {
    nodes: Vec<ModelNode>,
    roots: Vec<usize>,
    ids: RowIds,
}

/// Each built-in template's rows, built the first time a form of it was loaded: every later form
/// starts from a copy, its rules already read and its ids already indexed. The CLI loads thousands
/// of forms of one template; the WebAssembly module, which a page loads a form at a time, is spared
/// the bytes of the copy.
#[cfg(not(target_arch = "wasm32"))]
fn template_rows(id: &str, template: &'static Template) -> Result<TemplateRows, FormError> {
    static BUILT: [std::sync::OnceLock<Result<TemplateRows, FormError>>; template::COUNT] =
        [const { std::sync::OnceLock::new() }; template::COUNT];
    match template::position(id).and_then(|at| BUILT.get(at)) {
        Some(built) => built.get_or_init(|| build_template_rows(template)).clone(),
        None => build_template_rows(template),
    }
}

#[cfg(target_arch = "wasm32")]
fn template_rows(_id: &str, template: &'static Template) -> Result<TemplateRows, FormError> {
    build_template_rows(template)
}

fn build_template_rows(template: &'static Template) -> Result<TemplateRows, FormError> {
    let mut builder = Builder::new(Some(template));
    let top = JsonPath::root("template.indicators");
    for (i, node) in template.indicators.iter().enumerate() {
        builder.add_template_node(node, None, 1, &top.index(i))?;
    }
    // a built-in template's ids are unique (a test holds every template to it)
    let ids = RowIds::new(0..builder.nodes.len(), &|i| template_id(&builder.nodes, i));
    Ok(TemplateRows {
        nodes: builder.nodes,
        roots: builder.roots,
        ids,
    })
}

fn resolve_template(id: &str) -> Result<&'static Template, FormError> {
    match read::built_in_template(id) {
        None => Err(FormError::new(
            Msg::FormUnknownTemplate,
            "template",
            vec![
                ("template", clip(id)),
                ("templates", template::ids().collect::<Vec<_>>().join(", ")),
            ],
        )),
        Some(Err(detail)) => Err(FormError::new(
            Msg::FormBrokenTemplate,
            "template",
            vec![("template", clip(id)), ("detail", detail.to_string())],
        )),
        Some(Ok(t)) => Ok(t),
    }
}

/// 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below (domain.md §3).
pub fn default_grades() -> Vec<GradeBand> {
    [(90, "优", "Excellent"), (80, "良", "Good"), (60, "中", "Fair")]
        .iter()
        .map(|(min, g, e)| GradeBand {
            min: Some(Decimal::from(*min)),
            grade: (*g).to_string(),
            grade_en: (*e).to_string(),
        })
        .chain(std::iter::once(GradeBand {
            min: None,
            grade: "差".to_string(),
            grade_en: "Poor".to_string(),
        }))
        .collect()
}

fn grade_bands(specs: &[GradeBandSpec]) -> Vec<GradeBand> {
    specs
        .iter()
        .map(|s| GradeBand {
            min: s
                .min
                .as_ref()
                .and_then(|m| number::parse_points(m.as_str()).ok().flatten()),
            grade: s.grade.clone(),
            grade_en: s.grade_en.clone(),
        })
        .collect()
}

struct Builder {
    nodes: Vec<ModelNode>,
    roots: Vec<usize>,
    /// The template's rows by id.
    template_ids: RowIds,
    template: Option<&'static Template>,
    /// Rows of the form seen so far, depth first.
    form_rows: usize,
}

impl Builder {
    fn new(template: Option<&'static Template>) -> Self {
        Builder {
            nodes: Vec::new(),
            roots: Vec::new(),
            template_ids: RowIds::default(),
            template,
            form_rows: 0,
        }
    }

    fn push(&mut self, node: ModelNode, parent: Option<usize>) -> usize {
        let index = self.nodes.len();
        self.nodes.push(node);
        match parent.and_then(|p| self.nodes.get_mut(p)) {
            Some(p) => p.children.push(index),
            None => self.roots.push(index),
        }
        index
    }

    fn check_limits(&self, depth: usize, at: &JsonPath<'_>) -> Result<(), FormError> {
        if depth > MAX_DEPTH {
            return Err(FormError::new(
                Msg::FormTooDeep,
                at.render(),
                vec![("limit", MAX_DEPTH.to_string())],
            ));
        }
        if self.nodes.len() >= MAX_NODES {
            return Err(too_many_nodes(at));
        }
        Ok(())
    }

    fn add_template_node(
        &mut self,
        node: &'static TemplateNode,
        parent: Option<usize>,
        depth: usize,
        at: &JsonPath<'_>,
    ) -> Result<(), FormError> {
        self.check_limits(depth, at)?;
        // an open part is a parent even before the form adds its rows: empty, it weighs 0
        let is_leaf = node.children.is_empty() && !node.open;
        let rule = match (&node.rule, is_leaf) {
            (Some(r), true) => Some(resolve_rule(r, &|| at.field("rule"))?),
            _ => None,
        };
        let model_node = ModelNode {
            parent,
            children: Vec::new(),
            template: Some(node),
            typed: None,
            rule,
            is_leaf,
        };
        let index = self.push(model_node, parent);
        let children = at.key("children");
        for (i, child) in node.children.iter().enumerate() {
            self.add_template_node(child, Some(index), depth + 1, &children.index(i))?;
        }
        Ok(())
    }

    /// Moves one row of the form (and its rows) into the arena.
    fn add_form_node(
        &mut self,
        mut node: Node,
        form_parent: Option<usize>,
        form_index: usize,
        depth: usize,
        at: &JsonPath<'_>,
    ) -> Result<(), FormError> {
        self.check_limits(depth, at)?;
        let children = node.children.take();
        let id = node.id.trim();
        if id.is_empty() {
            return Err(FormError::new(Msg::FormEmptyId, at.field("id"), vec![]));
        }
        if id.chars().nth(MAX_ID_CHARS).is_some() {
            return Err(FormError::new(
                Msg::FormIdTooLong,
                at.field("id"),
                vec![("limit", MAX_ID_CHARS.to_string())],
            ));
        }
        let has_rows = children.as_ref().is_some_and(|c| !c.is_empty());
        if has_rows && !node.leaf_fields().is_empty() {
            return Err(parent_with_values(&node, at));
        }
        let nodes = &self.nodes;
        let template_index = self.template_ids.get(id, &|i| template_id(nodes, i));
        let typed = TypedRow {
            row: node,
            had_children: children.is_some(),
            form_parent,
            form_order: self.form_rows,
            form_index,
        };
        self.form_rows += 1;
        let index = match template_index {
            Some(existing) => self.merge_into_template_node(existing, typed, at)?,
            None => self.add_own_node(typed, has_rows, at)?,
        };
        let children_at = at.key("children");
        for (i, child) in children.into_iter().flatten().enumerate() {
            self.add_form_node(child, Some(index), i, depth + 1, &children_at.index(i))?;
        }
        Ok(())
    }

    /// A row the template already has: the form brings its values.
    fn merge_into_template_node(
        &mut self,
        index: usize,
        typed: TypedRow,
        at: &JsonPath<'_>,
    ) -> Result<usize, FormError> {
        let Some(target) = self.nodes.get(index) else {
            return Ok(index);
        };
        // rows may be listed flat, but a row nested in the form must sit where the template has it
        if let Some(placed) = typed.form_parent.filter(|p| target.parent != Some(*p)) {
            let id_of = |i: Option<usize>| i.and_then(|i| self.nodes.get(i)).map(|n| n.id().to_string());
            return Err(FormError::new(
                Msg::FormTemplateStructure,
                at.render(),
                vec![
                    ("id", clip(typed.row.id.trim())),
                    ("parent", id_of(target.parent).unwrap_or_else(|| "—".to_string())),
                    ("placed", id_of(Some(placed)).map(|p| clip(&p)).unwrap_or_default()),
                ],
            ));
        }
        if target.typed.is_some() {
            let first = form_path(&self.nodes, index);
            return Err(duplicate(typed.row.id.trim(), &first, at));
        }
        if !target.is_leaf && !typed.row.leaf_fields().is_empty() {
            return Err(parent_with_values(&typed.row, at));
        }
        let rule = match &typed.row.rule {
            Some(r) => Some(resolve_rule(r, &|| at.field("rule"))?),
            None => None,
        };
        if let Some(target) = self.nodes.get_mut(index) {
            if rule.is_some() {
                target.rule = rule;
            }
            target.typed = Some(Box::new(typed));
        }
        Ok(index)
    }

    /// A row of the unit's own: allowed anywhere without a template, and under open parts with one.
    fn add_own_node(&mut self, typed: TypedRow, has_rows: bool, at: &JsonPath<'_>) -> Result<usize, FormError> {
        if let Some(template) = self.template {
            if !typed.form_parent.is_some_and(|p| accepts_own_rows(&self.nodes, p)) {
                return Err(FormError::new(
                    Msg::FormUnknownNode,
                    at.field("id"),
                    vec![("template", template.id.clone()), ("id", clip(typed.row.id.trim()))],
                ));
            }
        }
        let rule = match (&typed.row.rule, has_rows) {
            (Some(r), false) => Some(resolve_rule(r, &|| at.field("rule"))?),
            _ => None,
        };
        let parent = typed.form_parent;
        let model_node = ModelNode {
            parent,
            children: Vec::new(),
            template: None,
            typed: Some(Box::new(typed)),
            rule,
            is_leaf: !has_rows,
        };
        Ok(self.push(model_node, parent))
    }

    /// The unit's own rows must not share an id (template rows are checked as they merge).
    fn check_unique_ids(&self) -> Result<(), FormError> {
        // own rows sit in the arena in the order the form lists them, so the lowest-numbered
        // repeat is the earliest one
        let own = (0..self.nodes.len()).filter(|i| {
            self.nodes
                .get(*i)
                .is_some_and(|n| n.template.is_none() && n.typed.is_some())
        });
        let id_of = &|i: usize| id_at(&self.nodes, i);
        match RowIds::new(own, id_of).first_repeat(id_of) {
            Some((first, repeat)) => {
                let id = self.nodes.get(repeat).map(|n| n.id()).unwrap_or_default();
                Err(FormError::new(
                    Msg::FormDuplicateId,
                    form_path(&self.nodes, repeat) + ".id",
                    vec![("id", clip(id)), ("first", form_path(&self.nodes, first))],
                ))
            }
            None => Ok(()),
        }
    }

    /// Renumbers the arena in pre-order so every later pass can walk it front to back.
    fn finish(self) -> Result<(Vec<ModelNode>, Vec<usize>), FormError> {
        self.check_unique_ids()?;
        let renumbered = Renumbered::new(self.nodes, &self.roots);
        Ok((renumbered.nodes, renumbered.roots))
    }
}

/// The id a template row has in the template (a form's row merged into it may spell it otherwise).
fn template_id(nodes: &[ModelNode], index: usize) -> &str {
    nodes
        .get(index)
        .and_then(|n| n.template.as_ref())
        .map_or("", |t| t.id.as_str())
}

fn count_rows(rows: &[Node]) -> usize {
    rows.iter()
        .map(|r| 1 + r.children.as_deref().map_or(0, count_rows))
        .sum()
}

fn parent_with_values(node: &Node, at: &JsonPath<'_>) -> FormError {
    FormError::new(
        Msg::FormParentWithValues,
        at.render(),
        vec![("id", clip(node.id.trim())), ("fields", node.leaf_fields().join(", "))],
    )
}

fn duplicate(id: &str, first: &str, at: &JsonPath<'_>) -> FormError {
    FormError::new(
        Msg::FormDuplicateId,
        at.field("id"),
        vec![("id", clip(id)), ("first", first.to_string())],
    )
}

fn allowed_parameters(kind: RuleKind) -> &'static [&'static str] {
    match kind {
        RuleKind::Proportional | RuleKind::Inverse | RuleKind::Boolean | RuleKind::Manual => &[],
        RuleKind::Equal => &["otherwise"],
        RuleKind::PerPoint => &["per", "deduct"],
        RuleKind::Bands => &["bands", "otherwiseScore"],
        RuleKind::Levels => &["levels"],
        RuleKind::Deductions => &["items"],
        RuleKind::BudgetExecution => &["fullFrom"],
    }
}

pub fn resolve_rule(rule: &Rule, path_of: &dyn Fn() -> String) -> Result<ResolvedRule, FormError> {
    // rendered only when a finding or a parameter needs it: a rule is resolved for every row
    // of every form, and most have neither
    let rendered = std::cell::OnceCell::new();
    let path = || rendered.get_or_init(path_of).as_str();
    // the path of one of the rule's parameters
    let at = |parameter: &str| [path(), parameter].concat();
    let kind = rule.kind;
    let allowed = allowed_parameters(kind);
    if let Some(extra) = rule.parameters().into_iter().find(|p| !allowed.contains(p)) {
        return Err(FormError::new(
            Msg::FormRuleParameter,
            [path(), ".", extra].concat(),
            vec![("kind", kind.as_str().to_string()), ("parameter", extra.to_string())],
        ));
    }
    let missing = |parameter: &str| {
        FormError::new(
            Msg::FormRuleMissingParameter,
            path(),
            vec![
                ("kind", kind.as_str().to_string()),
                ("parameter", parameter.to_string()),
            ],
        )
    };
    Ok(match kind {
        RuleKind::Proportional => ResolvedRule::Proportional,
        RuleKind::Inverse => ResolvedRule::Inverse,
        RuleKind::Boolean => ResolvedRule::Boolean,
        RuleKind::Manual => ResolvedRule::Manual,
        RuleKind::Equal => ResolvedRule::Equal {
            zero_otherwise: rule.otherwise == Some(EqualOtherwise::Zero),
        },
        RuleKind::PerPoint => {
            let per = rule.per.as_ref().ok_or_else(|| missing("per"))?;
            let deduct = rule.deduct.as_ref().ok_or_else(|| missing("deduct"))?;
            let per_value = quantity_value(per, &at(".per"))?;
            if per_value <= Decimal::ZERO {
                return Err(rule_value(per, &at(".per")));
            }
            ResolvedRule::PerPoint {
                per: per_value,
                deduct: non_negative_points(deduct, &at(".deduct"))?,
            }
        }
        RuleKind::Bands => {
            let specs = rule.bands.as_ref().ok_or_else(|| missing("bands"))?;
            let mut bands = Vec::with_capacity(specs.len());
            for (i, b) in specs.iter().enumerate() {
                bands.push(resolve_band(b, &at(&[".bands[", &i.to_string(), "]"].concat()))?);
            }
            let otherwise = match &rule.otherwise_score {
                Some(t) => non_negative_points(t, &at(".otherwiseScore"))?,
                None => Decimal::ZERO,
            };
            ResolvedRule::Bands { bands, otherwise }
        }
        RuleKind::Levels => match &rule.levels {
            None => ResolvedRule::Levels {
                table: LevelTable::Default,
            },
            Some(map) => {
                let mut table = Vec::with_capacity(map.len());
                for (word, fraction) in map {
                    let f = non_negative_points(fraction, &at(&[".levels.", &clip(word)].concat()))?;
                    if f > Decimal::ONE {
                        return Err(rule_value(fraction, &at(&[".levels.", &clip(word)].concat())));
                    }
                    table.push((word.trim().to_string(), f));
                }
                ResolvedRule::Levels {
                    table: LevelTable::Custom(table),
                }
            }
        },
        RuleKind::Deductions => {
            let mut items = Vec::new();
            for (i, item) in rule.items.iter().flatten().enumerate() {
                let points = non_negative_points(&item.points, &at(&[".items[", &i.to_string(), "].points"].concat()))?;
                items.push((item.fault.clone(), points));
            }
            ResolvedRule::Deductions { items }
        }
        RuleKind::BudgetExecution => {
            let full_from = match &rule.full_from {
                None => None,
                Some(t) => match number::parse_rate(t.as_str()) {
                    Ok(Some((pct, _))) => Some(pct),
                    _ => return Err(rule_value(t, &at(".fullFrom"))),
                },
            };
            ResolvedRule::BudgetExecution { full_from }
        }
    })
}

fn rule_value(text: &Text, path: &str) -> FormError {
    FormError::new(Msg::FormRuleValue, path, vec![("text", clip(text.as_str()))])
}

fn non_negative_points(text: &Text, path: &str) -> Result<Decimal, FormError> {
    match number::parse_points(text.as_str()) {
        Ok(Some(v)) if v >= Decimal::ZERO => Ok(v),
        _ => Err(rule_value(text, path)),
    }
}

fn quantity_value(text: &Text, path: &str) -> Result<Decimal, FormError> {
    match number::read(text.as_str()) {
        Ok(Reading::Quantity(None, q)) => Ok(q.value),
        _ => Err(rule_value(text, path)),
    }
}

fn resolve_band(band: &Band, path: &str) -> Result<ResolvedBand, FormError> {
    let bound = |t: &Option<Text>, field: &str| -> Result<Option<number::Quantity>, FormError> {
        match t {
            None => Ok(None),
            Some(text) => match number::read(text.as_str()) {
                Ok(Reading::Quantity(None, q)) => Ok(Some(q)),
                _ => Err(rule_value(text, &[path, ".", field].concat())),
            },
        }
    };
    let from = bound(&band.from, "from")?;
    let up_to = bound(&band.up_to, "upTo")?;
    let score = non_negative_points(&band.score, &[path, ".score"].concat())?;
    let label = match (&from, &up_to) {
        (Some(f), Some(u)) if f == u => ["=", &f.display()].concat(),
        (Some(f), Some(u)) => [&f.display(), "–", &u.display()].concat(),
        (Some(f), None) => ["≥", &f.display()].concat(),
        (None, Some(u)) => ["≤", &u.display()].concat(),
        (None, None) => "*".to_string(),
    };
    Ok(ResolvedBand {
        from,
        up_to,
        score,
        label,
    })
}
