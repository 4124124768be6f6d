//! jixiao (绩效): exact scoring and validation of 部门整体支出绩效自评表.
//!
//! The core is pure: it receives the whole form and its options and returns a [`Report`]; it never
//! reads a file, a clock or the environment, and never uses binary floats. The source tree is the
//! pipeline, each stage a folder that uses only the stages before it:
//!
//! 1. [`read`]: text as typed → [`Form`] (JSON, numbers, form format v1, built-in templates);
//! 2. [`model`]: form and template → [`Model`] (the tree, every rule read);
//! 3. [`score`]: model → leaf scores, subtotals, total, grade and findings ([`score::Evaluation`]);
//! 4. [`narrative`]: the 自评表说明 checked against itself and the table, and drafted from it;
//! 5. [`report`]: evaluation → [`Report`] or a keystroke's [`Change`], and their JSON.
//!
//! Beside the stages, shared by all of them: [`decimal`] (exact arithmetic and the one rounding
//! function), [`messages`] (every sentence in zh-CN and en), [`finding`] (what a check found) and
//! [`row_ids`] (rows by id). At the edge: [`Evaluator`] (a form being filled in, one cell at a
//! time), [`api`] and `wasm` (the JavaScript API), [`schema`] (JSON Schema and TypeScript) and the
//! CLI in `src/bin/`.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

pub mod decimal;
pub mod finding;
pub mod messages;
pub mod row_ids;

pub mod model;
pub mod narrative;
pub mod read;
pub mod report;
pub mod score;

pub mod api;
pub mod evaluator;
// Not compiled into the scoring module at all: present but unreachable, it still changed how the
// engine's own functions were inlined (a kilobyte more).
#[cfg(feature = "workbooks")]
pub mod office;
pub mod schema;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use evaluator::{EditError, Evaluator, RowKind};
pub use finding::{Finding, Issue, Severity};
pub use messages::Lang;
pub use model::load::{load, load_json};
pub use model::Model;
pub use read::{parse_form, Form, FormError};
pub use report::{Change, ChangeRef, Report};

/// What the caller decides for a whole evaluation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub lang: Lang,
}

/// Reads form JSON and evaluates it. `Err` only when the form cannot be read at all.
pub fn evaluate_json(json: &str, options: &Options) -> Result<Report, FormError> {
    Ok(evaluate(&load_json(json)?, options))
}

/// Scores, grades and checks a loaded form.
pub fn evaluate(model: &Model, options: &Options) -> Report {
    report::into_report(score::Evaluation::new(model, options), model)
}
