//! A form being filled in: one typed cell at a time, re-scoring only what that cell touches, and
//! rows added, removed and moved (`rows`).
//!
//! This is the engine behind the browser widget's keystroke path. After any sequence of
//! [`Evaluator::set`] calls and row edits, [`Evaluator::report`] equals a fresh evaluation of
//! [`Evaluator::form`] (a property the tests check).

mod rows;

pub use rows::RowKind;

use crate::finding::clip;
use crate::messages::{say, Lang, Msg};
use crate::model::{id_at, load, Model, TypedRow};
use crate::narrative::Kept;
use crate::read::error::{MAX_DEPTH, MAX_FORM_BYTES, MAX_NODES};
use crate::read::form::{Form, Node, Rule, RuleKind, Text};
use crate::read::number::MoneyUnit;
use crate::read::FormError;
use crate::report::json::{to_json, write_string};
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
    /// By the id of a parent (`""` for the top), the highest number of a row under it that this
    /// evaluator gave or removed (`1.1.7` → ("1.1", 7)), sorted: a new row is numbered past it, so
    /// a finding or a draft that names a removed row never comes to name another.
    numbered: Vec<(String, usize)>,
    /// The 说明, read and checked, when the form has one.
    narrative: Option<Kept>,
    /// How many bytes the form's JSON may still grow by before it could not be loaded again (at
    /// most): measured now and then, and less every text typed since.
    room: usize,
}

/// Calling an edit of the [`Evaluator`] wrongly: a path that names no field, a row that cannot be
/// added, removed or moved there. Findings about the form are never errors; this is API misuse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    UnknownPath(String),
    UnknownRow(String),
    NotALeaf(String),
    BadMoneyUnit(String),
    /// More text than any cell holds; the form would outgrow what can be loaded again.
    TextTooLong(usize),
    /// A 说明 longer than a whole form may be.
    NarrativeTooLong(usize),
    /// The form, with this text, would be larger than a form may be (its JSON, in bytes).
    FormTooLarge(usize),
    /// No rows may be added (or moved) under this row: the template fixes what is below it, or it
    /// is a leaf.
    NotOpen(String),
    /// A row of the template: it stays where the template puts it, with its rule.
    FixedByTemplate(String),
    /// A rule that cannot be chosen for a row (it needs parameters, or is no rule at all).
    BadRule(String),
    /// Moving a row under itself or under one of its own rows.
    MoveIntoItself(String),
    TooManyRows,
    TooDeep,
}

/// A cell holds at most this much text (a whole form may hold 16 MiB).
pub const MAX_CELL_BYTES: usize = 1024 * 1024;

/// The rules a row of the unit's own may be given by [`Evaluator::set`] (`indicators.<id>.rule`):
/// the ones that need no parameters. An empty text goes back to the rule the target implies.
pub const CHOOSABLE_RULES: [RuleKind; 7] = [
    RuleKind::Proportional,
    RuleKind::Inverse,
    RuleKind::Equal,
    RuleKind::Levels,
    RuleKind::Boolean,
    RuleKind::BudgetExecution,
    RuleKind::Manual,
];

impl EditError {
    pub fn code(&self) -> &'static str {
        self.msg().code()
    }

    fn msg(&self) -> Msg {
        match self {
            EditError::UnknownPath(_) => Msg::ApiUnknownPath,
            EditError::UnknownRow(_) => Msg::ApiUnknownRow,
            EditError::NotALeaf(_) => Msg::ApiNotALeaf,
            EditError::BadMoneyUnit(_) => Msg::ApiBadMoneyUnit,
            EditError::TextTooLong(_) => Msg::ApiTextTooLong,
            EditError::NarrativeTooLong(_) => Msg::ApiNarrativeTooLong,
            EditError::FormTooLarge(_) => Msg::ApiFormTooLarge,
            EditError::NotOpen(_) => Msg::ApiNotOpen,
            EditError::FixedByTemplate(_) => Msg::ApiFixedByTemplate,
            EditError::BadRule(_) => Msg::ApiBadRule,
            EditError::MoveIntoItself(_) => Msg::ApiMoveIntoItself,
            EditError::TooManyRows => Msg::ApiTooManyRows,
            EditError::TooDeep => Msg::ApiTooDeep,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let values = match self {
            EditError::UnknownPath(p)
            | EditError::UnknownRow(p)
            | EditError::NotALeaf(p)
            | EditError::BadMoneyUnit(p)
            | EditError::NotOpen(p)
            | EditError::FixedByTemplate(p)
            | EditError::MoveIntoItself(p) => vec![("path", clip(p))],
            EditError::BadRule(rule) => {
                let names: Vec<&str> = CHOOSABLE_RULES.iter().map(|k| k.as_str()).collect();
                vec![("rule", clip(rule)), ("rules", names.join(", "))]
            }
            EditError::TextTooLong(size) => vec![("size", size.to_string()), ("limit", MAX_CELL_BYTES.to_string())],
            EditError::NarrativeTooLong(size) | EditError::FormTooLarge(size) => {
                vec![("size", size.to_string()), ("limit", MAX_FORM_BYTES.to_string())]
            }
            EditError::TooManyRows => vec![("limit", MAX_NODES.to_string())],
            EditError::TooDeep => vec![("limit", MAX_DEPTH.to_string())],
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
    Narrative,
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
    Rule,
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
        let narrative = model
            .form
            .narrative
            .as_deref()
            .map(|t| Kept::new(t, &model, &evaluation));
        let mut evaluator = Evaluator {
            model,
            evaluation,
            ids,
            numbered: Vec::new(),
            narrative,
            room: 0,
        };
        evaluator.measure_room(0);
        evaluator
    }

    /// The room left once the form's JSON, less `leaving` bytes, is measured; returns its size.
    fn measure_room(&mut self, leaving: usize) -> usize {
        let size = to_json(&self.model.to_form()).len().saturating_sub(leaving);
        self.room = MAX_FORM_BYTES.saturating_sub(size);
        size
    }

    /// Keeps the form loadable again: `grow` more bytes of JSON (a text typed in place of one of
    /// `leaving` bytes) fit the room left, or the form is measured and they are refused.
    fn make_room(&mut self, grow: usize, leaving: usize) -> Result<(), EditError> {
        if grow <= self.room {
            self.room -= grow;
            return Ok(());
        }
        let size = self.measure_room(leaving).saturating_add(grow);
        if size > MAX_FORM_BYTES {
            return Err(EditError::FormTooLarge(size));
        }
        self.room = MAX_FORM_BYTES - size;
        Ok(())
    }

    pub fn report(&self) -> Report {
        report::report(&self.evaluation, &self.model, self.narrative_checked())
    }

    fn narrative_checked(&self) -> Option<&crate::narrative::Checked> {
        self.narrative.as_ref().map(|k| &k.checked)
    }

    /// Checks the 说明 again where the table's figures changed.
    fn refresh_narrative(&mut self) {
        if let Some(kept) = &mut self.narrative {
            kept.refresh(&self.model, &self.evaluation);
        }
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
    pub fn set(&mut self, path: &str, text: &str) -> Result<Change, EditError> {
        Ok(self.set_borrowed(path, text)?.to_change())
    }

    /// [`Evaluator::set`], with the change borrowed from the evaluator instead of copied.
    pub fn set_borrowed(&mut self, path: &str, text: &str) -> Result<ChangeRef<'_>, EditError> {
        if path == "narrative" && text.len() > MAX_FORM_BYTES {
            return Err(EditError::NarrativeTooLong(text.len()));
        }
        if path != "narrative" && text.len() > MAX_CELL_BYTES {
            return Err(EditError::TextTooLong(text.len()));
        }
        let target = self.locate(path)?;
        // as the form's JSON writes it (escapes included); the 说明 it replaces is known
        let mut written = String::new();
        write_string(&mut written, text);
        let leaving = match target {
            Target::Narrative => self.model.form.narrative.as_ref().map_or(0, |n| n.len()),
            _ => 0,
        };
        self.make_room(written.len(), leaving)?;
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
            Target::Narrative => {
                // spaces typed into an empty 说明 are none yet (as the form reads back), not an empty one
                let words = value.as_deref().filter(|t| !t.trim().is_empty());
                self.narrative = words.map(|t| Kept::new(t, &self.model, &self.evaluation));
                self.model.form.narrative = value;
            }
            Target::Budget | Target::MoneyUnit => {
                if let Target::MoneyUnit = target {
                    // clearing the unit goes back to the default, 万元
                    self.model.form.money_unit = match text.trim() {
                        "" => MoneyUnit::default(),
                        unit => MoneyUnit::from_label(unit).ok_or_else(|| EditError::BadMoneyUnit(text.to_string()))?,
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
                let rule = match field {
                    RowField::Rule => Some(chosen_rule(text)?),
                    _ => None,
                };
                self.write_row(index, field, value, rule);
                let rate = self.evaluation.budget.rate;
                changed_rows = self.evaluation.tree.update(&self.model, &[index], rate, lang);
            }
        }
        // the claims are checked against the claimed cells and the sum of the rows' claims only
        if matches!(target, Target::Claims) || self.evaluation.tree.claimed_sum != claimed_sum {
            self.evaluation.refresh_claims(&self.model);
        }
        if !matches!(target, Target::Narrative) {
            self.refresh_narrative();
        }
        Ok(ChangeRef::new(
            &self.evaluation,
            &self.model,
            &changed_rows,
            budget_changed,
            self.narrative_checked(),
        ))
    }

    fn locate(&self, path: &str) -> Result<Target, EditError> {
        let unknown = || EditError::UnknownPath(path.to_string());
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
                "rule" => RowField::Rule,
                _ => return Err(unknown()),
            };
            let index = self.ids.get(id, &|r| id_at(&self.model.nodes, r));
            let node = index.and_then(|i| self.model.nodes.get(i));
            let (Some(index), Some(node)) = (index, node) else {
                return Err(EditError::UnknownRow(path.to_string()));
            };
            if !node.is_leaf && !matches!(field, RowField::Name | RowField::Weight) {
                return Err(EditError::NotALeaf(path.to_string()));
            }
            if field == RowField::Rule && node.template.is_some() {
                return Err(EditError::FixedByTemplate(path.to_string()));
            }
            return Ok(Target::Row(index, field));
        }
        match path {
            "moneyUnit" => Ok(Target::MoneyUnit),
            "unit.name" | "unit.year" | "unit.preparer" | "unit.phone" | "unit.date" | "goals.target"
            | "goals.completion" | "goals.reason" => Ok(Target::Unit),
            "claimed.score" | "claimed.grade" => Ok(Target::Claims),
            "narrative" => Ok(Target::Narrative),
            p if budget_cell(p).is_some() => Ok(Target::Budget),
            _ => Err(unknown()),
        }
    }

    /// Makes a template row the form has not typed into yet a row of the form, at its top level.
    fn join_form(&mut self, index: usize) {
        if self.model.nodes.get(index).is_none_or(|n| n.typed.is_some()) {
            return;
        }
        let nodes = &self.model.nodes;
        let typed_rows = || nodes.iter().filter_map(|n| n.typed.as_ref());
        let form_index = typed_rows().filter(|t| t.form_parent.is_none()).count();
        let form_order = typed_rows().map(|t| t.form_order + 1).max().unwrap_or(0);
        if let Some(node) = self.model.nodes.get_mut(index) {
            node.typed = Some(Box::new(TypedRow {
                row: Node {
                    id: node.id().to_string(),
                    ..Node::default()
                },
                had_children: false,
                form_parent: None,
                form_order,
                form_index,
            }));
        }
    }

    /// Writes one cell of a row; for its rule, `rule` is the rule read from the text.
    fn write_row(&mut self, index: usize, field: RowField, value: Option<String>, rule: Option<Option<Rule>>) {
        self.join_form(index);
        let Some(node) = self.model.nodes.get_mut(index) else {
            return;
        };
        if let Some(rule) = rule {
            // a choosable rule has no parameters to read: resolving it cannot fail
            node.rule = rule.as_ref().and_then(|r| load::resolve_rule(r, &String::new).ok());
            if let Some(typed) = &mut node.typed {
                typed.row.rule = rule;
            }
            return;
        }
        let Some(typed) = node.typed.as_mut() else {
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
            RowField::Rule => {}
        }
    }
}

/// The rule typed as `indicators.<id>.rule`: a choosable kind by its name, or none.
fn chosen_rule(text: &str) -> Result<Option<Rule>, EditError> {
    match text.trim() {
        "" => Ok(None),
        name => CHOOSABLE_RULES
            .iter()
            .find(|k| k.as_str() == name)
            .map(|k| Some(Rule::of(*k)))
            .ok_or_else(|| EditError::BadRule(text.to_string())),
    }
}

fn write_header(form: &mut Form, path: &str, value: Option<String>) -> Result<(), EditError> {
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
        other => return Err(EditError::UnknownPath(other.to_string())),
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

fn write_budget(form: &mut Form, path: &str, value: Option<String>) -> Result<(), EditError> {
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
        None => return Err(EditError::UnknownPath(path.to_string())),
    }
    Ok(())
}
