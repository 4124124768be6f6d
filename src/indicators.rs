//! The 绩效指标表 as a whole: weights, leaf scores, subtotals and the total.

use rust_decimal::Decimal;

use crate::decimal::{self, fixed2, plain};
use crate::issue::{clip, unreadable, Finding, Severity};
use crate::messages::{say, Lang, Msg};
use crate::model::{Model, ModelNode};
use crate::number;
use crate::report::{LeafReport, SubtotalReport};
use crate::score::{score_leaf, LeafInput, LeafOutcome};

pub struct TreeOutcome {
    pub leaves: Vec<LeafReport>,
    pub subtotals: Vec<SubtotalReport>,
    /// Sum of the rounded leaf scores.
    pub total: Decimal,
    /// Sum of the leaf weights.
    pub max_total: Decimal,
    /// What the leaf scores as claimed add up to (the rule's score where none is claimed).
    pub claimed_sum: Decimal,
    pub findings: Vec<Finding>,
}

pub fn node_path(id: &str) -> String {
    format!("indicators.{id}")
}

enum Weight {
    Stated(Decimal),
    NotFilled,
    /// A finding already says why.
    Unusable,
}

/// Reads the weight a row states, with findings for what is wrong with it.
fn stated_weight(node: &ModelNode, findings: &mut Vec<Finding>) -> Weight {
    let path = || format!("{}.weight", node_path(node.id()));
    let Some(text) = node.weight() else {
        return Weight::NotFilled;
    };
    match number::parse_points(text.as_str()) {
        Ok(Some(w)) if w < Decimal::ZERO => {
            findings.push(
                Finding::new(Msg::NegativeWeight, Severity::Error, path())
                    .with("name", clip(node.name()))
                    .with("weight", plain(w)),
            );
            Weight::Unusable
        }
        Ok(Some(w)) => Weight::Stated(w),
        Ok(None) => Weight::NotFilled,
        Err(e) => {
            findings.push(unreadable(&e, text.as_str(), path(), Severity::Error));
            Weight::Unusable
        }
    }
}

pub fn evaluate_tree(model: &Model, budget_rate: Option<Decimal>, lang: Lang) -> TreeOutcome {
    let n = model.nodes.len();
    let mut findings = Vec::new();
    // `weights`: what the leaves below really carry (the points to be had);
    // `declared`: a row's stated weight where it has one, so a wrong row is reported once, at
    // its own level, and not again at every row above it
    let mut weights = vec![Decimal::ZERO; n];
    let mut declared = vec![Decimal::ZERO; n];
    let mut scores = vec![Decimal::ZERO; n];
    let mut claimed = vec![Decimal::ZERO; n];
    let mut outcomes: Vec<Option<LeafOutcome>> = (0..n).map(|_| None).collect();
    let mut weight_findings: Vec<Vec<Finding>> = (0..n).map(|_| Vec::new()).collect();

    // Pre-order arena: walking it backwards visits every child before its parent.
    for index in (0..n).rev() {
        let Some(node) = model.nodes.get(index) else { continue };
        let mut own = Vec::new();
        let stated = stated_weight(node, &mut own);
        if let Some(form_weight) = node.overridden_weight() {
            own.push(
                Finding::new(
                    Msg::TemplateWeightChanged,
                    Severity::Error,
                    format!("{}.weight", node_path(node.id())),
                )
                .with("name", clip(node.name()))
                .with("weight", form_weight.as_str())
                .with("templateWeight", node.weight().map(|w| w.as_str()).unwrap_or("")),
            );
        }
        match node.leaf() {
            Some(spec) => {
                let w = match stated {
                    Weight::Stated(w) => w,
                    Weight::Unusable => Decimal::ZERO,
                    Weight::NotFilled => {
                        own.push(
                            Finding::new(
                                Msg::MissingWeight,
                                Severity::Error,
                                format!("{}.weight", node_path(node.id())),
                            )
                            .with("name", clip(node.name())),
                        );
                        Decimal::ZERO
                    }
                };
                let outcome = score_leaf(&LeafInput {
                    name: node.name(),
                    weight: w,
                    spec,
                    budget_rate,
                    id: node.id(),
                });
                set(&mut weights, index, w);
                set(&mut declared, index, w);
                set(&mut scores, index, outcome.score);
                set(
                    &mut claimed,
                    index,
                    outcome
                        .claimed
                        .filter(|c| *c >= Decimal::ZERO && *c <= w)
                        .unwrap_or(outcome.score),
                );
                if let Some(slot) = outcomes.get_mut(index) {
                    *slot = Some(outcome);
                }
            }
            None => {
                let sum = |v: &[Decimal]| -> Decimal {
                    decimal::sum(node.children.iter().filter_map(|c| v.get(*c)).copied())
                };
                let children_weight = sum(&declared);
                if let Weight::Stated(w) = stated {
                    if w != children_weight {
                        own.push(
                            Finding::new(
                                Msg::ParentWeightMismatch,
                                Severity::Error,
                                format!("{}.weight", node_path(node.id())),
                            )
                            .with("name", clip(node.name()))
                            .with("weight", plain(w))
                            .with("sum", plain(children_weight)),
                        );
                    }
                }
                let (s, c) = (sum(&scores), sum(&claimed));
                let carried = sum(&weights);
                set(&mut weights, index, carried);
                set(
                    &mut declared,
                    index,
                    if let Weight::Stated(w) = stated {
                        w
                    } else {
                        children_weight
                    },
                );
                set(&mut scores, index, s);
                set(&mut claimed, index, c);
            }
        }
        if let Some(slot) = weight_findings.get_mut(index) {
            *slot = own;
        }
    }

    let mut leaves = Vec::new();
    let mut subtotals = Vec::new();
    for (index, node) in model.nodes.iter().enumerate() {
        if let Some(own) = weight_findings.get_mut(index) {
            findings.append(own);
        }
        let parent = node.parent.and_then(|p| model.nodes.get(p)).map(|p| p.id().to_string());
        let weight = weights.get(index).copied().unwrap_or_default();
        let score = scores.get(index).copied().unwrap_or_default();
        match outcomes.get_mut(index).and_then(Option::take) {
            Some(mut outcome) => {
                findings.append(&mut outcome.findings);
                leaves.push(LeafReport {
                    id: node.id().to_string(),
                    name: node.name().to_string(),
                    parent,
                    score: std::mem::take(&mut outcome.score_text),
                    max_score: std::mem::take(&mut outcome.weight_text),
                    claimed_score: outcome.claimed.map(fixed2),
                    rule: outcome.rule.as_str().to_string(),
                    explain: say(outcome.explain.0, lang, &outcome.explain.1),
                    met: outcome.met,
                });
            }
            None => subtotals.push(SubtotalReport {
                id: node.id().to_string(),
                name: node.name().to_string(),
                parent,
                score: fixed2(score),
                max_score: plain(weight),
            }),
        }
    }

    let over_roots = |v: &[Decimal]| decimal::sum(model.roots.iter().filter_map(|r| v.get(*r)).copied());
    let (total, max_total, claimed_sum) = (over_roots(&scores), over_roots(&weights), over_roots(&claimed));
    if max_total != model.total_weight {
        findings.push(
            Finding::new(Msg::WeightTotalMismatch, Severity::Error, "indicators")
                .with("sum", plain(max_total))
                .with("expected", plain(model.total_weight)),
        );
    }
    TreeOutcome {
        leaves,
        subtotals,
        total,
        max_total,
        claimed_sum,
        findings,
    }
}

fn set(v: &mut [Decimal], index: usize, value: Decimal) {
    if let Some(slot) = v.get_mut(index) {
        *slot = value;
    }
}
