//! Stage 3½, beside scoring: the 自评表说明 (narrative text) checked against itself and, when a form
//! comes with it, against the table (domain.md §8); and the budget paragraph drafted from a table.
//!
//! A claim is a figure that asserts a relation: a stated rate (of the budget, of two counts, a
//! share, a change), parts that must add up to their total, a grade for a score, and, with a table,
//! every figure the text restates. Each is checked exactly or, where the text does not give what
//! it needs (`签约率达 66.5%`, a hedged `超 10 万元`), counted as found and not checked: it never
//! gives a finding.

pub mod claims;
pub mod draft;
pub mod table;

use schemars::JsonSchema;

use crate::finding::{Issue, Span};
use crate::messages::Lang;
use crate::model::{GradeBand, Model};
use crate::read::narrative::Narrative;
use crate::score::Evaluation;

pub use claims::{Claim, ClaimKind, Verdict};
pub use table::{Table, PART_NAMES};

/// A 说明 read and its claims found: what a keystroke elsewhere in the form re-checks without
/// reading the text again.
#[derive(Debug, Default)]
pub struct Read {
    pub text: Narrative,
    pub claims: Vec<Claim>,
}

impl Read {
    pub fn new(text: &str, bands: &[GradeBand]) -> Read {
        let text = Narrative::read(text);
        let claims = claims::find(&text, bands);
        Read { text, claims }
    }

    /// Checks every claim, against the table when there is one.
    pub fn check(&self, table: Option<&Table>, lang: Lang) -> Checked {
        let mut findings = Vec::new();
        let mut report = NarrativeReport::default();
        // without a table, a restated figure asserts nothing that can be checked
        let claims = self
            .claims
            .iter()
            .filter(|c| table.is_some() || c.kind != ClaimKind::Restated);
        let checked: Vec<_> = claims.clone().map(|c| claims::check(c, &self.text, table)).collect();
        // the figures the table contradicts, which what is computed from them is not held to
        let wrong: Vec<usize> = claims
            .clone()
            .zip(&checked)
            .filter_map(|(c, (verdict, _))| c.restated().filter(|_| *verdict == Verdict::Error))
            .collect();
        for (claim, checked) in claims.zip(checked) {
            let (verdict, finding) = claims::beside_wrong(claim, checked, &self.text, table, &wrong);
            report.found += 1;
            if verdict != Verdict::Unchecked {
                report.checked += 1;
            }
            report.claims.push(ClaimReport {
                kind: claim.kind,
                verdict,
                text: self.text.figure_text(claim.at.clone()),
                span: self.text.place(claim.at.clone()),
            });
            findings.extend(finding);
        }
        claims::unreadable(&self.text, &mut findings);
        Checked {
            report,
            issues: findings.into_iter().map(|f| f.into_issue(lang)).collect(),
        }
    }
}

/// A 说明 kept with a form being filled in: read again when its text changes, checked again when
/// the table's figures change.
#[derive(Debug)]
pub struct Kept {
    read: Read,
    table: Table,
    pub checked: Checked,
}

impl Kept {
    pub fn new(text: &str, model: &Model, evaluation: &Evaluation) -> Kept {
        let read = Read::new(text, &model.grades);
        let table = Table::new(model, evaluation);
        let checked = read.check(Some(&table), evaluation.lang);
        Kept { read, table, checked }
    }

    /// Checks the claims again if the table's figures changed.
    pub fn refresh(&mut self, model: &Model, evaluation: &Evaluation) {
        let table = Table::new(model, evaluation);
        if table != self.table {
            self.checked = self.read.check(Some(&table), evaluation.lang);
            self.table = table;
        }
    }
}

/// The claims' verdicts and the findings in words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    pub report: NarrativeReport,
    pub issues: Vec<Issue>,
}

/// What the report says of a 说明: how many claims were found and checked, and each claim.
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NarrativeReport {
    pub found: u32,
    pub checked: u32,
    pub claims: Vec<ClaimReport>,
}

/// How many claims a 说明 has and how many were checked, as a keystroke's change carries it.
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, JsonSchema)]
pub struct NarrativeCount {
    pub found: u32,
    pub checked: u32,
}

impl NarrativeReport {
    pub fn count(&self) -> NarrativeCount {
        NarrativeCount {
            found: self.found,
            checked: self.checked,
        }
    }
}

/// One claim: its kind, its verdict, the figure as written (clean of line breaks and spaces) and
/// where it is.
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ClaimReport {
    pub kind: ClaimKind,
    pub verdict: Verdict,
    pub text: String,
    pub span: Span,
}

/// Checks a 说明 on its own, or against a loaded form's evaluation.
pub fn check_text(text: &str, table: Option<(&Model, &Evaluation)>, lang: Lang) -> Checked {
    let bands = match table {
        Some((model, _)) => model.grades.clone(),
        None => crate::model::load::default_grades(),
    };
    let table = table.map(|(model, evaluation)| Table::new(model, evaluation));
    Read::new(text, &bands).check(table.as_ref(), lang)
}
