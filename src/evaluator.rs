//! A form being filled in: one typed cell at a time, re-scoring only what that cell touches.
//!
//! This is the engine behind the browser widget's keystroke path. After any sequence of
//! [`Evaluator::set`] calls, [`Evaluator::report`] equals a fresh evaluation of
//! [`Evaluator::form`] (a property the tests check).

use crate::finding::clip;
use crate::messages::{say, Lang, Msg};
use crate::model::{id_at, load, Model, TypedRow};
use crate::read::form::{Form, Node, Text};
use crate::read::number::MoneyUnit;
use crate::read::FormError;
use crate::report::{self, Change, ChangeRef, Report};
use crate::row_ids::RowIds;
use crate::score::tree::TreeState;
use crate::score::Evaluation;
use crate::Options;

pub struct Evaluator {
    model: Model,
    evaluation: Evaluation,
    /// Row id → arena index.
    ids: RowIds,
}

/// Calling [`Evaluator::set`] wrongly: a path that names no field. Findings about the form are
/// never errors; this is API misuse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetError {
    UnknownPath(String),
    UnknownRow(String),
    NotALeaf(String),
    BadMoneyUnit(String),
    /// More text than any cell holds; the form would outgrow what can be loaded again.
    TextTooLong(usize),
}

/// A cell holds at most this much text (a whole form may hold 16 MiB).
pub const MAX_CELL_BYTES: usize = 1024 * 1024;

impl SetError {
    pub fn code(&self) -> &'static str {
        self.msg().code()
    }

    fn msg(&self) -> Msg {
        match self {
            SetError::UnknownPath(_) => Msg::ApiUnknownPath,
            SetError::UnknownRow(_) => Msg::ApiUnknownRow,
            SetError::NotALeaf(_) => Msg::ApiNotALeaf,
            SetError::BadMoneyUnit(_) => Msg::ApiBadMoneyUnit,
            SetError::TextTooLong(_) => Msg::ApiTextTooLong,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let values = match self {
            SetError::UnknownPath(p) | SetError::UnknownRow(p) | SetError::NotALeaf(p) | SetError::BadMoneyUnit(p) => {
                vec![("path", clip(p))]
            }
            SetError::TextTooLong(size) => vec![("size", size.to_string()), ("limit", MAX_CELL_BYTES.to_string())],
        };
        say(self.msg(), lang, &values)
    }
}

/// Where a settable cell lives.
enum Target {
    Unit,
    Budget,
    Claims,
    MoneyUnit,
    Row(usize, RowField),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RowField {
    Name,
    Weight,
    Target,
    Actual,
    Level,
    Score,
    Reason,
}

impl Evaluator {
    pub fn new(form: Form, options: &Options) -> Result<Evaluator, FormError> {
        Ok(Evaluator::from_model(load::load(form)?, options))
    }

    pub fn from_json(json: &str, options: &Options) -> Result<Evaluator, FormError> {
        Ok(Evaluator::from_model(load::load_json(json)?, options))
    }

    pub fn from_model(model: Model, options: &Options) -> Evaluator {
        let evaluation = Evaluation::new(&model, options);
        let ids = RowIds::new(0..model.nodes.len(), &|r| id_at(&model.nodes, r));
        Evaluator { model, evaluation, ids }
    }

    pub fn report(&self) -> Report {
        report::report(&self.evaluation, &self.model)
    }

    /// The form as typed, including text that does not parse.
    pub fn form(&self) -> Form {
        self.model.to_form()
    }

    pub fn lang(&self) -> Lang {
        self.evaluation.lang
    }

    /// Types `text` into the cell at `path` (`budget.total.executed`, `indicators.1.1.2.actual`,
    /// `claimed.score` …); an empty text clears the cell.
    pub fn set(&mut self, path: &str, text: &str) -> Result<Change, SetError> {
        Ok(self.set_borrowed(path, text)?.to_change())
    }

    /// [`Evaluator::set`], with the change borrowed from the evaluator instead of copied.
    pub fn set_borrowed(&mut self, path: &str, text: &str) -> Result<ChangeRef<'_>, SetError> {
        if text.len() > MAX_CELL_BYTES {
            return Err(SetError::TextTooLong(text.len()));
        }
        let target = self.locate(path)?;
        let value = (!text.is_empty()).then(|| text.to_string());
        let lang = self.evaluation.lang;
        let mut budget_changed = false;
        let mut changed_rows = Vec::new();
        let claimed_sum = self.evaluation.tree.claimed_sum;
        match target {
            Target::Unit => {
                write_header(&mut self.model.form, path, value)?;
                self.evaluation.refresh_unit(&self.model);
            }
            Target::Claims => {
                write_header(&mut self.model.form, path, value)?;
            }
            Target::Budget | Target::MoneyUnit => {
                if let Target::MoneyUnit = target {
                    // clearing the unit goes back to the default, 万元
                    self.model.form.money_unit = match text.trim() {
                        "" => MoneyUnit::default(),
                        unit => MoneyUnit::from_label(unit).ok_or_else(|| SetError::BadMoneyUnit(text.to_string()))?,
                    };
                } else {
                    write_budget(&mut self.model.form, path, value)?;
                }
                budget_changed = true;
                if self.evaluation.refresh_budget(&self.model) {
                    let rows = TreeState::budget_rows(&self.model);
                    let rate = self.evaluation.budget.rate;
                    changed_rows = self.evaluation.tree.update(&self.model, &rows, rate, lang);
                }
            }
            Target::Row(index, field) => {
                self.write_row(index, field, value);
                let rate = self.evaluation.budget.rate;
                changed_rows = self.evaluation.tree.update(&self.model, &[index], rate, lang);
            }
        }
        // the claims are checked against the claimed cells and the sum of the rows' claims only
        if matches!(target, Target::Claims) || self.evaluation.tree.claimed_sum != claimed_sum {
            self.evaluation.refresh_claims(&self.model);
        }
        Ok(ChangeRef::new(
            &self.evaluation,
            &self.model,
            &changed_rows,
            budget_changed,
        ))
    }

    fn locate(&self, path: &str) -> Result<Target, SetError> {
        let unknown = || SetError::UnknownPath(path.to_string());
        if let Some(rest) = path.strip_prefix("indicators.") {
            let (id, field) = rest.rsplit_once('.').ok_or_else(unknown)?;
            let field = match field {
                "name" => RowField::Name,
                "weight" => RowField::Weight,
                "target" => RowField::Target,
                "actual" => RowField::Actual,
                "level" => RowField::Level,
                "score" => RowField::Score,
                "reason" => RowField::Reason,
                _ => return Err(unknown()),
            };
            let index = self
                .ids
                .get(id, &|r| id_at(&self.model.nodes, r))
                .ok_or_else(|| SetError::UnknownRow(path.to_string()))?;
            let is_leaf = self.model.nodes.get(index).is_some_and(|n| n.is_leaf);
            if !is_leaf && !matches!(field, RowField::Name | RowField::Weight) {
                return Err(SetError::NotALeaf(path.to_string()));
            }
            return Ok(Target::Row(index, field));
        }
        match path {
            "moneyUnit" => Ok(Target::MoneyUnit),
            "unit.name" | "unit.year" | "unit.preparer" | "unit.phone" | "unit.date" | "goals.target"
            | "goals.completion" | "goals.reason" => Ok(Target::Unit),
            "claimed.score" | "claimed.grade" => Ok(Target::Claims),
            p if budget_cell(p).is_some() => Ok(Target::Budget),
            _ => Err(unknown()),
        }
    }

    fn write_row(&mut self, index: usize, field: RowField, value: Option<String>) {
        let untyped = self.model.nodes.get(index).is_some_and(|n| n.typed.is_none());
        if untyped {
            // a template row the form has not typed into yet joins the form at its top level
            let nodes = &self.model.nodes;
            let typed_rows = || nodes.iter().filter_map(|n| n.typed.as_ref());
            let form_index = typed_rows().filter(|t| t.form_parent.is_none()).count();
            let form_order = typed_rows().map(|t| t.form_order + 1).max().unwrap_or(0);
            if let Some(node) = self.model.nodes.get_mut(index) {
                node.typed = Some(TypedRow {
                    row: Node {
                        id: node.id().to_string(),
                        ..Node::default()
                    },
                    had_children: false,
                    form_parent: None,
                    form_order,
                    form_index,
                });
            }
        }
        let Some(typed) = self.model.nodes.get_mut(index).and_then(|n| n.typed.as_mut()) else {
            return;
        };
        let row = &mut typed.row;
        match field {
            RowField::Name => row.name = value,
            RowField::Weight => row.weight = value.map(Text),
            RowField::Target => row.target = value.map(Text),
            RowField::Actual => row.actual = value.map(Text),
            RowField::Level => row.level = value.map(Text),
            RowField::Score => row.score = value.map(Text),
            RowField::Reason => row.reason = value,
        }
    }
}

fn write_header(form: &mut Form, path: &str, value: Option<String>) -> Result<(), SetError> {
    let slot = match path {
        "unit.name" => &mut form.unit.name,
        "unit.preparer" => &mut form.unit.preparer,
        "unit.phone" => &mut form.unit.phone,
        "unit.date" => &mut form.unit.date,
        "goals.target" => &mut form.goals.target,
        "goals.completion" => &mut form.goals.completion,
        "goals.reason" => &mut form.goals.reason,
        "claimed.grade" => &mut form.claimed.grade,
        "unit.year" => {
            form.unit.year = value.map(Text);
            return Ok(());
        }
        "claimed.score" => {
            form.claimed.score = value.map(Text);
            return Ok(());
        }
        other => return Err(SetError::UnknownPath(other.to_string())),
    };
    *slot = value;
    Ok(())
}

/// The budget cells by path: amounts and the stated rate are typed values, the reason is text.
enum BudgetCell {
    Amount(&'static str, &'static str),
    StatedRate,
    Reason,
}

fn budget_cell(path: &str) -> Option<BudgetCell> {
    let rest = path.strip_prefix("budget.")?;
    match rest {
        "statedRate" => return Some(BudgetCell::StatedRate),
        "reason" => return Some(BudgetCell::Reason),
        _ => {}
    }
    let (row, column) = rest.rsplit_once('.')?;
    let column = match column {
        "planned" => "planned",
        "executed" => "executed",
        _ => return None,
    };
    let row = match row {
        "total" => "total",
        "bySource.generalPublic" => "bySource.generalPublic",
        "bySource.governmentFund" => "bySource.governmentFund",
        "bySource.stateCapital" => "bySource.stateCapital",
        "bySource.other" => "bySource.other",
        "byNature.basic" => "byNature.basic",
        "byNature.project" => "byNature.project",
        _ => return None,
    };
    Some(BudgetCell::Amount(row, column))
}

fn write_budget(form: &mut Form, path: &str, value: Option<String>) -> Result<(), SetError> {
    let b = &mut form.budget;
    match budget_cell(path) {
        Some(BudgetCell::StatedRate) => b.stated_rate = value.map(Text),
        Some(BudgetCell::Reason) => b.reason = value,
        Some(BudgetCell::Amount(row, column)) => {
            let row = match row {
                "total" => &mut b.total,
                "bySource.generalPublic" => &mut b.by_source.general_public,
                "bySource.governmentFund" => &mut b.by_source.government_fund,
                "bySource.stateCapital" => &mut b.by_source.state_capital,
                "bySource.other" => &mut b.by_source.other,
                "byNature.basic" => &mut b.by_nature.basic,
                _ => &mut b.by_nature.project,
            };
            let slot = if column == "planned" {
                &mut row.planned
            } else {
                &mut row.executed
            };
            *slot = value.map(Text);
        }
        None => return Err(SetError::UnknownPath(path.to_string())),
    }
    Ok(())
}
