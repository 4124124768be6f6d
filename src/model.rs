//! The form once loaded: the indicator tree flattened into an arena, the template merged in and
//! every rule's parameters read. Values that people type stay [`Text`]; the engine reads them.

use rust_decimal::Decimal;

use crate::form::{Form, RuleKind, Text};
use crate::number::Quantity;

#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// The form exactly as given: the engine never rewrites what was typed.
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

#[derive(Clone, Debug, PartialEq)]
pub struct ModelNode {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// The weight that counts: the template's where it sets one, else the form's.
    pub weight: Option<Text>,
    /// The form's own weight where the template fixes a different one.
    pub overridden_weight: Option<Text>,
    pub from_template: bool,
    pub leaf: Option<LeafSpec>,
}

impl ModelNode {
    pub fn is_leaf(&self) -> bool {
        self.leaf.is_some()
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct LeafSpec {
    pub rule: Option<ResolvedRule>,
    pub target: Option<Text>,
    pub actual: Option<Text>,
    pub level: Option<Text>,
    pub score: Option<Text>,
    pub reason: Option<String>,
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
        table: Vec<(String, Decimal)>,
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
