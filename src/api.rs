//! The JavaScript API's data, in pure Rust: what `src/wasm.rs` converts from and to. Keeping it
//! here leaves the boundary with nothing to do but convert, and lets native tests cover it.

use schemars::JsonSchema;

use crate::evaluator::RowKind;
use crate::finding::{clip, Issue, Severity};
use crate::messages::{say, Lang, Msg};
use crate::model::load::load_json;
use crate::model::Model;
use crate::narrative::{self, draft::Draft, ClaimReport};
use crate::read::built_in_template;
use crate::read::number::{self, MoneyUnit};
use crate::read::template::{self, Template};
use crate::read::{FormError, MAX_FORM_BYTES};
use crate::report::json::{ObjectWriter, ToJson};
use crate::report::{summarize, Change, Summary};
use crate::score::Evaluation;
use crate::Options;

/// Calling the API wrongly. Thrown in JavaScript as an `Error` with this `code`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(msg: Msg, lang: Lang, values: &[(&str, String)]) -> ApiError {
        ApiError {
            code: msg.code(),
            message: say(msg, lang, values),
        }
    }
}

/// `options.lang` as JavaScript passes it (absent, or a language tag).
pub fn options(lang: Option<&str>) -> Result<Options, ApiError> {
    match lang {
        None => Ok(Options::default()),
        Some(tag) => Lang::parse(tag).map(|lang| Options { lang }).ok_or_else(|| {
            ApiError::new(
                Msg::ApiInvalidOptions,
                Lang::default(),
                &[("detail", ["lang \"", &clip(tag), "\" (zh-CN | en)"].concat())],
            )
        }),
    }
}

/// An `Evaluator` used after `free()` (`api.freed`) or called on an object that `new Evaluator()`
/// did not make (`api.notAnEvaluator`), said in `lang` (the tag its options gave, if any).
pub fn evaluator_misuse(freed: bool, lang: Option<&str>) -> ApiError {
    let msg = if freed { Msg::ApiFreed } else { Msg::ApiNotAnEvaluator };
    ApiError::new(msg, lang.and_then(Lang::parse).unwrap_or_default(), &[])
}

/// What `addRow` returns: the new row's id and what changed (a [`Change`], or the borrowed
/// `ChangeRef` the keystroke path writes).
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[schemars(rename = "AddedRow")]
pub struct AddedRow<C = Change> {
    /// The id of the row added (of the group, for a group: its first row is in `change.leaves`).
    pub id: String,
    pub change: C,
}

impl<C: ToJson> ToJson for AddedRow<C> {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("id", &self.id)
            .field("change", &self.change)
            .end();
    }
}

/// What `checkNarrative` returns: the 说明's claims, their findings and the count of findings.
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(rename = "NarrativeCheck")]
pub struct NarrativeCheck {
    /// How many claims the text makes (stated rates, parts, grades and, with a form, the
    /// figures it restates).
    pub found: u32,
    /// How many of them could be checked; the rest are hedged or name no base.
    pub checked: u32,
    pub claims: Vec<ClaimReport>,
    pub issues: Vec<Issue>,
    pub summary: Summary,
}

impl ToJson for NarrativeCheck {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("found", &self.found)
            .field("checked", &self.checked)
            .field("claims", &self.claims)
            .field("issues", &self.issues)
            .field("summary", &self.summary)
            .end();
    }
}

/// A 说明 too long to be a 说明: more than a whole form may hold.
pub fn narrative_size(text: &str, lang: Lang) -> Result<(), ApiError> {
    if text.len() <= MAX_FORM_BYTES {
        return Ok(());
    }
    let values = [("size", text.len().to_string()), ("limit", MAX_FORM_BYTES.to_string())];
    Err(ApiError::new(Msg::ApiNarrativeTooLong, lang, &values))
}

/// Checks a 说明 on its own, or against the form whose JSON is `form` (the form's own findings are
/// its report's, not these).
pub fn check_narrative(text: &str, form: Option<&str>, options: &Options) -> Result<NarrativeCheck, FormError> {
    let model = form.map(load_json).transpose()?;
    let evaluation = model.as_ref().map(|m| Evaluation::new(m, options));
    Ok(narrative_check(
        text,
        model.as_ref().zip(evaluation.as_ref()),
        options.lang,
    ))
}

/// Checks a 说明 on its own, or against a loaded form's evaluation.
pub fn narrative_check(text: &str, table: Option<(&Model, &Evaluation)>, lang: Lang) -> NarrativeCheck {
    let checked = narrative::check_text(text, table, lang);
    NarrativeCheck {
        found: checked.report.found,
        checked: checked.report.checked,
        claims: checked.report.claims,
        summary: summarize(&checked.issues),
        issues: checked.issues,
    }
}

/// Drafts the 说明's budget paragraph and conclusion from the form whose JSON is `form`.
pub fn draft_narrative(form: &str, options: &Options) -> Result<Draft, FormError> {
    let model = load_json(form)?;
    let evaluation = Evaluation::new(&model, options);
    Ok(narrative::draft::draft(&model, &evaluation, options.lang))
}

impl ToJson for Draft {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("budget", &self.budget)
            .optional("conclusion", &self.conclusion)
            .field("issues", &self.issues)
            .end();
    }
}

/// `addRow`'s `kind`: "leaf" (also when absent) or "group".
pub fn row_kind(kind: Option<&str>, absent: bool, lang: Lang) -> Result<RowKind, ApiError> {
    match kind {
        Some("leaf") => Ok(RowKind::Leaf),
        Some("group") => Ok(RowKind::Group),
        None if absent => Ok(RowKind::Leaf),
        other => Err(ApiError::new(
            Msg::ApiInvalidOptions,
            lang,
            &[(
                "detail",
                ["kind \"", &clip(other.unwrap_or("")), "\" (leaf | group)"].concat(),
            )],
        )),
    }
}

/// What `parseAmount` returns: the amount in the requested unit, or why it cannot be read.
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AmountReading {
    /// The amount in `unit`, exact, as a string; absent when the cell is empty or unreadable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub unit: MoneyUnit,
    /// The unit the text was typed in (`1.35亿元` → 亿元).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typed_unit: Option<MoneyUnit>,
    /// Why the text is not an amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<AmountError>,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
pub struct AmountError {
    pub code: &'static str,
    pub message: String,
}

pub fn parse_amount(text: &str, unit: Option<&str>, lang: Lang) -> Result<AmountReading, ApiError> {
    let unit = match unit.map(str::trim) {
        None | Some("") => MoneyUnit::default(),
        Some(label) => match MoneyUnit::from_label(label) {
            Some(unit) => unit,
            None => return Err(ApiError::new(Msg::ApiBadMoneyUnit, lang, &[("path", clip(label))])),
        },
    };
    Ok(match number::parse_amount(text, unit) {
        Ok(None) => AmountReading {
            value: None,
            unit,
            typed_unit: None,
            error: None,
        },
        Ok(Some(a)) => AmountReading {
            value: Some(crate::decimal::text(a.value)),
            unit,
            typed_unit: Some(a.typed_unit),
            error: None,
        },
        Err(e) => {
            let issue = e.finding(text, "", Severity::Error).into_issue(lang);
            AmountReading {
                value: None,
                unit,
                typed_unit: None,
                error: Some(AmountError {
                    code: issue.code,
                    message: issue.message,
                }),
            }
        }
    })
}

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TemplateSummary {
    pub id: String,
    pub name: String,
    pub name_en: String,
}

impl ToJson for TemplateSummary {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("id", &self.id)
            .field("name", &self.name)
            .field("nameEn", &self.name_en)
            .end();
    }
}

impl ToJson for AmountReading {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .optional("value", &self.value)
            .field("unit", &self.unit)
            .optional("typedUnit", &self.typed_unit)
            .optional("error", &self.error)
            .end();
    }
}

impl ToJson for AmountError {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("code", self.code)
            .field("message", &self.message)
            .end();
    }
}

pub fn templates() -> Vec<TemplateSummary> {
    template::ids()
        .filter_map(|id| built_in_template(id)?.ok())
        .map(|t| TemplateSummary {
            id: t.id.clone(),
            name: t.name.clone(),
            name_en: t.name_en.clone(),
        })
        .collect()
}

pub fn template(id: &str, lang: Lang) -> Result<Template, ApiError> {
    match built_in_template(id) {
        Some(Ok(t)) => Ok(t.clone()),
        _ => Err(ApiError::new(Msg::ApiUnknownTemplate, lang, &[("template", clip(id))])),
    }
}

pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
