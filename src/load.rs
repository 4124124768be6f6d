//! JSON text → [`Form`] → [`Model`]: everything that can make a form unreadable as a whole.
//!
//! A load error means the form's *shape* is wrong (bad JSON, an unknown field, a duplicate id, an
//! unknown template). Values that do not parse are not load errors: they become findings, so the
//! widget can keep what was typed.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::form::{Band, EqualOtherwise, Form, Node, Rule, RuleKind, Text, FORM_VERSION};
use crate::messages::{say, Lang, Msg};
use crate::model::{GradeBand, LeafSpec, Model, ModelNode, ResolvedBand, ResolvedRule, TemplateRef};
use crate::number::{self, Reading};
use crate::template::{self, Template, TemplateNode};

/// Larger inputs are refused before parsing (a district form is a few kilobytes).
pub const MAX_FORM_BYTES: usize = 16 * 1024 * 1024;
/// 一级 → 二级 → 三级, with room for units that nest their own indicators further.
pub const MAX_DEPTH: usize = 8;
pub const MAX_NODES: usize = 100_000;

/// Why a form could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    pub msg: Msg,
    /// Where in the JSON (`indicators[0].children[2].weight`); empty for the whole document.
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub values: Vec<(&'static str, String)>,
}

impl FormError {
    fn new(msg: Msg, path: impl Into<String>, values: Vec<(&'static str, String)>) -> Self {
        FormError {
            msg,
            path: path.into(),
            line: None,
            column: None,
            values,
        }
    }

    pub fn code(&self) -> &'static str {
        self.msg.code()
    }

    pub fn message(&self, lang: Lang) -> String {
        say(self.msg, lang, &self.values)
    }
}

/// Reads form JSON. Numbers keep their own digits (`0.1` is exactly 0.1).
pub fn parse_form(json: &str) -> Result<Form, FormError> {
    if json.len() > MAX_FORM_BYTES {
        return Err(FormError::new(
            Msg::FormTooLarge,
            "",
            vec![("size", json.len().to_string()), ("limit", MAX_FORM_BYTES.to_string())],
        ));
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let form: Form = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        from_json_error(e.inner(), if path == "." { String::new() } else { path })
    })?;
    de.end().map_err(|e| from_json_error(&e, String::new()))?;
    Ok(form)
}

fn from_json_error(e: &serde_json::Error, path: String) -> FormError {
    let text = e.to_string();
    // serde_json appends the position; it is carried in `line`/`column` instead.
    let detail = match text.rfind(" at line ") {
        Some(at) => text.get(..at).unwrap_or(&text).to_string(),
        None => text.clone(),
    };
    let msg = match e.classify() {
        serde_json::error::Category::Data => Msg::FormInvalid,
        _ => Msg::FormSyntax,
    };
    FormError {
        msg,
        path,
        line: (e.line() > 0).then_some(e.line()),
        column: (e.line() > 0).then_some(e.column()),
        values: vec![("detail", detail)],
    }
}

/// Parses and loads in one step.
pub fn load_json(json: &str) -> Result<Model, FormError> {
    load(parse_form(json)?)
}

/// Checks the form's shape, merges its template and reads every rule.
pub fn load(form: Form) -> Result<Model, FormError> {
    if form.version != FORM_VERSION {
        return Err(FormError::new(
            Msg::FormVersion,
            "version",
            vec![("version", form.version.to_string())],
        ));
    }
    let template = match &form.template {
        None => None,
        Some(id) => Some(resolve_template(id)?),
    };
    let mut builder = Builder::default();
    let (total_weight, grades, template_ref) = match &template {
        Some(t) => {
            for (i, node) in t.indicators.iter().enumerate() {
                builder.add_template_node(node, None, 1, &format!("template.indicators[{i}]"))?;
            }
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
    builder.template_id = template_ref.as_ref().map(|t| t.id.clone());
    for (i, node) in form.indicators.iter().enumerate() {
        builder.add_form_node(node, None, 1, &format!("indicators[{i}]"))?;
    }
    let (nodes, roots) = builder.finish();
    Ok(Model {
        form,
        template: template_ref,
        nodes,
        roots,
        total_weight,
        grades,
    })
}

fn resolve_template(id: &str) -> Result<Template, FormError> {
    match template::get(id) {
        None => Err(FormError::new(
            Msg::FormUnknownTemplate,
            "template",
            vec![
                ("template", id.to_string()),
                ("templates", template::ids().collect::<Vec<_>>().join(", ")),
            ],
        )),
        Some(Err(detail)) => Err(FormError::new(
            Msg::FormBrokenTemplate,
            "template",
            vec![("template", id.to_string()), ("detail", detail)],
        )),
        Some(Ok(t)) => Ok(t),
    }
}

/// 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below (domain.md §3).
pub fn default_grades() -> Vec<GradeBand> {
    [("90", "优", "Excellent"), ("80", "良", "Good"), ("60", "中", "Fair")]
        .iter()
        .map(|(min, g, e)| GradeBand {
            min: min.parse().ok(),
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

fn grade_bands(specs: &[template::GradeBandSpec]) -> Vec<GradeBand> {
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

#[derive(Default)]
struct Builder {
    nodes: Vec<ModelNode>,
    roots: Vec<usize>,
    /// id → (arena index, JSON path where it was first seen)
    ids: HashMap<String, (usize, String)>,
    /// Template nodes under which the form may add rows.
    open: Vec<bool>,
    /// Ids the form itself has already used (a template id may appear once in the form).
    form_ids: HashMap<String, String>,
    template_id: Option<String>,
}

impl Builder {
    fn push(&mut self, node: ModelNode, parent: Option<usize>, open: bool) -> usize {
        let index = self.nodes.len();
        self.nodes.push(node);
        self.open.push(open);
        match parent.and_then(|p| self.nodes.get_mut(p)) {
            Some(p) => {
                p.children.push(index);
                // a row of the unit's own that receives rows becomes their parent
                p.leaf = None;
            }
            None => self.roots.push(index),
        }
        index
    }

    fn check_limits(&self, depth: usize, path: &str) -> Result<(), FormError> {
        if depth > MAX_DEPTH {
            return Err(FormError::new(
                Msg::FormTooDeep,
                path,
                vec![("limit", MAX_DEPTH.to_string())],
            ));
        }
        if self.nodes.len() >= MAX_NODES {
            return Err(FormError::new(
                Msg::FormTooManyNodes,
                path,
                vec![("limit", MAX_NODES.to_string())],
            ));
        }
        Ok(())
    }

    fn add_template_node(
        &mut self,
        node: &TemplateNode,
        parent: Option<usize>,
        depth: usize,
        path: &str,
    ) -> Result<(), FormError> {
        self.check_limits(depth, path)?;
        // an open part is a parent even before the form adds its rows: empty, it weighs 0
        let leaf = if node.children.is_empty() && !node.open {
            let rule = match &node.rule {
                Some(r) => Some(resolve_rule(r, &format!("{path}.rule"))?),
                None => None,
            };
            Some(LeafSpec {
                rule,
                target: node.target.clone(),
                ..LeafSpec::default()
            })
        } else {
            None
        };
        let model_node = ModelNode {
            id: node.id.clone(),
            name: node.name.clone(),
            name_en: node.name_en.clone(),
            parent,
            children: Vec::new(),
            weight: node.weight.clone(),
            overridden_weight: None,
            from_template: true,
            leaf,
        };
        let index = self.push(model_node, parent, node.open);
        if let Some(first) = self.ids.insert(node.id.clone(), (index, path.to_string())) {
            return Err(duplicate(&node.id, &first.1, path));
        }
        for (i, child) in node.children.iter().enumerate() {
            self.add_template_node(child, Some(index), depth + 1, &format!("{path}.children[{i}]"))?;
        }
        Ok(())
    }

    fn add_form_node(
        &mut self,
        node: &Node,
        form_parent: Option<usize>,
        depth: usize,
        path: &str,
    ) -> Result<(), FormError> {
        self.check_limits(depth, path)?;
        let id = node.id.trim();
        if id.is_empty() {
            return Err(FormError::new(Msg::FormEmptyId, format!("{path}.id"), vec![]));
        }
        if let Some(first) = self.form_ids.insert(id.to_string(), path.to_string()) {
            return Err(duplicate(id, &first, path));
        }
        let leaf_fields = node.leaf_fields();
        if node.is_parent() && !leaf_fields.is_empty() {
            return Err(FormError::new(
                Msg::FormParentWithValues,
                path,
                vec![("id", id.to_string()), ("fields", leaf_fields.join(", "))],
            ));
        }
        let index = match self.ids.get(id).map(|(i, _)| *i) {
            Some(existing) if self.template_id.is_some() => {
                self.merge_into_template_node(existing, node, path)?;
                existing
            }
            Some(_) => {
                let first = self.ids.get(id).map(|(_, p)| p.clone()).unwrap_or_default();
                return Err(duplicate(id, &first, path));
            }
            None => self.add_own_node(id, node, form_parent, path)?,
        };
        if let Some(children) = &node.children {
            for (i, child) in children.iter().enumerate() {
                self.add_form_node(child, Some(index), depth + 1, &format!("{path}.children[{i}]"))?;
            }
        }
        Ok(())
    }

    /// A row the template already has: the form brings its values.
    fn merge_into_template_node(&mut self, index: usize, node: &Node, path: &str) -> Result<(), FormError> {
        let rule = match &node.rule {
            Some(r) => Some(resolve_rule(r, &format!("{path}.rule"))?),
            None => None,
        };
        let Some(target) = self.nodes.get_mut(index) else {
            return Ok(());
        };
        if let Some(name) = &node.name {
            if !name.trim().is_empty() {
                target.name = name.clone();
            }
        }
        if let Some(w) = &node.weight {
            match &target.weight {
                Some(tw) if !same_number(tw, w) => target.overridden_weight = Some(w.clone()),
                Some(_) => {}
                None => target.weight = Some(w.clone()),
            }
        }
        let has_values = !node.leaf_fields().is_empty();
        match &mut target.leaf {
            Some(leaf) => {
                if rule.is_some() {
                    leaf.rule = rule;
                }
                if node.target.is_some() {
                    leaf.target = node.target.clone();
                }
                leaf.actual = node.actual.clone();
                leaf.level = node.level.clone();
                leaf.score = node.score.clone();
                leaf.reason = node.reason.clone();
            }
            None if has_values => {
                return Err(FormError::new(
                    Msg::FormParentWithValues,
                    path,
                    vec![("id", node.id.clone()), ("fields", node.leaf_fields().join(", "))],
                ));
            }
            None => {}
        }
        Ok(())
    }

    /// A row of the unit's own: allowed anywhere without a template, and under open parts with one.
    fn add_own_node(
        &mut self,
        id: &str,
        node: &Node,
        form_parent: Option<usize>,
        path: &str,
    ) -> Result<usize, FormError> {
        if let Some(template_id) = &self.template_id {
            let allowed = form_parent.is_some_and(|p| self.accepts_own_rows(p));
            if !allowed {
                return Err(FormError::new(
                    Msg::FormUnknownNode,
                    format!("{path}.id"),
                    vec![("template", template_id.clone()), ("id", id.to_string())],
                ));
            }
        }
        let leaf = if node.is_parent() {
            None
        } else {
            let rule = match &node.rule {
                Some(r) => Some(resolve_rule(r, &format!("{path}.rule"))?),
                None => None,
            };
            Some(LeafSpec {
                rule,
                target: node.target.clone(),
                actual: node.actual.clone(),
                level: node.level.clone(),
                score: node.score.clone(),
                reason: node.reason.clone(),
            })
        };
        let model_node = ModelNode {
            id: id.to_string(),
            name: node.name.clone().unwrap_or_default(),
            name_en: None,
            parent: form_parent,
            children: Vec::new(),
            weight: node.weight.clone(),
            overridden_weight: None,
            from_template: false,
            leaf,
        };
        let index = self.push(model_node, form_parent, false);
        self.ids.insert(id.to_string(), (index, path.to_string()));
        Ok(index)
    }

    /// An open template part, or a row the unit added under one.
    fn accepts_own_rows(&self, index: usize) -> bool {
        match self.nodes.get(index) {
            Some(n) if n.from_template => {
                // a template node with template children takes no extra rows beside them
                self.open.get(index).copied().unwrap_or(false)
                    && n.children
                        .iter()
                        .all(|c| self.nodes.get(*c).is_some_and(|c| !c.from_template))
            }
            Some(_) => true,
            None => false,
        }
    }

    /// Renumbers the arena in pre-order so every later pass can walk it front to back.
    fn finish(self) -> (Vec<ModelNode>, Vec<usize>) {
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            order.push(i);
            if let Some(n) = self.nodes.get(i) {
                stack.extend(n.children.iter().rev().copied());
            }
        }
        let mut new_index = vec![usize::MAX; self.nodes.len()];
        for (new, old) in order.iter().enumerate() {
            if let Some(slot) = new_index.get_mut(*old) {
                *slot = new;
            }
        }
        let remap = |i: usize| new_index.get(i).copied().unwrap_or(usize::MAX);
        let mut slots: Vec<Option<ModelNode>> = self.nodes.into_iter().map(Some).collect();
        let mut nodes = Vec::with_capacity(order.len());
        for old in &order {
            if let Some(mut n) = slots.get_mut(*old).and_then(Option::take) {
                n.parent = n.parent.map(remap);
                n.children = n.children.iter().map(|c| remap(*c)).collect();
                nodes.push(n);
            }
        }
        let roots = self.roots.iter().map(|r| remap(*r)).collect();
        (nodes, roots)
    }
}

fn duplicate(id: &str, first: &str, path: &str) -> FormError {
    FormError::new(
        Msg::FormDuplicateId,
        format!("{path}.id"),
        vec![("id", id.to_string()), ("first", first.to_string())],
    )
}

fn same_number(a: &Text, b: &Text) -> bool {
    match (number::parse_points(a.as_str()), number::parse_points(b.as_str())) {
        (Ok(Some(x)), Ok(Some(y))) => x == y,
        _ => a == b,
    }
}

const DEFAULT_LEVELS: &[(&str, &str)] = &[
    ("优", "1"),
    ("良", "0.8"),
    ("中", "0.6"),
    ("差", "0"),
    ("达成", "1"),
    ("基本达成", "0.8"),
    ("部分达成", "0.6"),
    ("未达成", "0"),
    ("excellent", "1"),
    ("good", "0.8"),
    ("fair", "0.6"),
    ("poor", "0"),
];

pub fn default_levels() -> Vec<(String, Decimal)> {
    DEFAULT_LEVELS
        .iter()
        .filter_map(|(w, f)| f.parse().ok().map(|f| ((*w).to_string(), f)))
        .collect()
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

fn resolve_rule(rule: &Rule, path: &str) -> Result<ResolvedRule, FormError> {
    let kind = rule.kind;
    let allowed = allowed_parameters(kind);
    if let Some(extra) = rule.parameters().into_iter().find(|p| !allowed.contains(p)) {
        return Err(FormError::new(
            Msg::FormRuleParameter,
            format!("{path}.{extra}"),
            vec![("kind", kind.as_str().to_string()), ("parameter", extra.to_string())],
        ));
    }
    let missing = |parameter: &str| {
        FormError::new(
            Msg::FormRuleMissingParameter,
            path,
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
            let per_value = quantity_value(per, &format!("{path}.per"))?;
            if per_value <= Decimal::ZERO {
                return Err(rule_value(per, &format!("{path}.per")));
            }
            ResolvedRule::PerPoint {
                per: per_value,
                deduct: non_negative_points(deduct, &format!("{path}.deduct"))?,
            }
        }
        RuleKind::Bands => {
            let specs = rule.bands.as_ref().ok_or_else(|| missing("bands"))?;
            let mut bands = Vec::with_capacity(specs.len());
            for (i, b) in specs.iter().enumerate() {
                bands.push(resolve_band(b, &format!("{path}.bands[{i}]"))?);
            }
            let otherwise = match &rule.otherwise_score {
                Some(t) => non_negative_points(t, &format!("{path}.otherwiseScore"))?,
                None => Decimal::ZERO,
            };
            ResolvedRule::Bands { bands, otherwise }
        }
        RuleKind::Levels => match &rule.levels {
            None => ResolvedRule::Levels {
                table: default_levels(),
            },
            Some(map) => {
                let mut table = Vec::with_capacity(map.len());
                for (word, fraction) in map {
                    let f = non_negative_points(fraction, &format!("{path}.levels.{word}"))?;
                    if f > Decimal::ONE {
                        return Err(rule_value(fraction, &format!("{path}.levels.{word}")));
                    }
                    table.push((word.trim().to_string(), f));
                }
                ResolvedRule::Levels { table }
            }
        },
        RuleKind::Deductions => {
            let mut items = Vec::new();
            for (i, item) in rule.items.iter().flatten().enumerate() {
                let points = non_negative_points(&item.points, &format!("{path}.items[{i}].points"))?;
                items.push((item.fault.clone(), points));
            }
            ResolvedRule::Deductions { items }
        }
        RuleKind::BudgetExecution => {
            let full_from = match &rule.full_from {
                None => None,
                Some(t) => match number::parse_rate(t.as_str()) {
                    Ok(Some((pct, _))) => Some(pct),
                    _ => return Err(rule_value(t, &format!("{path}.fullFrom"))),
                },
            };
            ResolvedRule::BudgetExecution { full_from }
        }
    })
}

fn rule_value(text: &Text, path: &str) -> FormError {
    FormError::new(Msg::FormRuleValue, path, vec![("text", text.0.clone())])
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
                _ => Err(rule_value(text, &format!("{path}.{field}"))),
            },
        }
    };
    let from = bound(&band.from, "from")?;
    let up_to = bound(&band.up_to, "upTo")?;
    let score = non_negative_points(&band.score, &format!("{path}.score"))?;
    let label = match (&from, &up_to) {
        (Some(f), Some(u)) if f == u => format!("={}", f.display()),
        (Some(f), Some(u)) => format!("{}–{}", f.display(), u.display()),
        (Some(f), None) => format!("≥{}", f.display()),
        (None, Some(u)) => format!("≤{}", u.display()),
        (None, None) => "*".to_string(),
    };
    Ok(ResolvedBand {
        from,
        up_to,
        score,
        label,
    })
}
