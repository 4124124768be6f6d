//! jixiao (绩效): exact scoring and validation of 部门整体支出绩效自评表.
//!
//! The core is pure: it receives the whole form and its options and returns a [`Report`]; it never
//! reads a file, a clock or the environment, and never uses binary floats. Data flows one way:
//! form as typed → [`Model`] → scored leaves → subtotals → total and grade → checks → report.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

pub mod api;
pub mod budget;
pub mod decimal;
mod decode;
pub mod evaluation;
pub mod evaluator;
pub mod form;
pub mod grade;
pub mod indicators;
pub mod issue;
pub mod json;
pub mod json_path;
pub mod json_write;
pub mod load;
pub mod messages;
pub mod model;
pub mod number;
pub mod report;
mod row_ids;
pub mod score;
pub mod template;
pub mod typescript;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use form::Form;
pub use issue::{Finding, Issue, Severity};
pub use load::{load, load_json, parse_form, FormError};
pub use messages::Lang;
pub use model::Model;
pub use report::Report;

pub use evaluation::Evaluation;
pub use evaluator::{Change, ChangeRef, Evaluator, SetError};

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
    Evaluation::new(model, options).into_report(model)
}
