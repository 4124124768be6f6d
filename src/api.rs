//! The JavaScript API's data, in pure Rust: what `src/wasm.rs` converts from and to. Keeping it
//! here leaves the boundary with nothing to do but convert, and lets native tests cover it.

use std::borrow::Cow;

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
            value: Some(a.value.to_string()),
            unit,
            typed_unit: Some(a.typed_unit),
            error: None,
        },
        Err(e) => {
            let issue = e.finding(text, "", Severity::Error).to_issue(lang);
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
            id: t.id,
            name: t.name,
            name_en: t.name_en,
        })
        .collect()
}

pub fn template(id: &str, lang: Lang) -> Result<Template, ApiError> {
    match built_in_template(id) {
        Some(Ok(t)) => Ok(t),
        _ => Err(ApiError::new(Msg::ApiUnknownTemplate, lang, &[("template", clip(id))])),
    }
}

/// JSON text from `JSON.stringify`, whose lone UTF-16 surrogates (legal in a JS string, written as
/// `\ud800` escapes) become U+FFFD, as wasm-bindgen does for a string passed to `Evaluator.set`: a JS
/// object and the same text typed cell by cell then read the same.
pub fn well_formed_json(json: &str) -> Cow<'_, str> {
    if !json.contains("\\u") {
        return Cow::Borrowed(json);
    }
    let surrogate = |hex: &str| {
        u16::from_str_radix(hex, 16)
            .ok()
            .filter(|u| (0xD800..=0xDFFF).contains(u))
    };
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len());
    let mut copied = 0;
    let mut i = 0;
    while i + 6 <= bytes.len() {
        // an even run of backslashes before `u` would be text, not an escape
        let escape = bytes.get(i) == Some(&b'\\')
            && bytes.get(i + 1) == Some(&b'u')
            && bytes
                .get(..i)
                .unwrap_or_default()
                .iter()
                .rev()
                .take_while(|b| **b == b'\\')
                .count()
                % 2
                == 0;
        let Some(unit) = escape.then(|| json.get(i + 2..i + 6).and_then(surrogate)).flatten() else {
            i += 1;
            continue;
        };
        let high = (0xD800..=0xDBFF).contains(&unit);
        let paired = high
            && json.get(i + 6..i + 8) == Some("\\u")
            && json
                .get(i + 8..i + 12)
                .and_then(surrogate)
                .is_some_and(|low| (0xDC00..=0xDFFF).contains(&low));
        if paired {
            i += 12;
            continue;
        }
        out.push_str(json.get(copied..i).unwrap_or(""));
        out.push_str("\\ufffd");
        i += 6;
        copied = i;
    }
    if copied == 0 {
        return Cow::Borrowed(json);
    }
    out.push_str(json.get(copied..).unwrap_or(""));
    Cow::Owned(out)
}

pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(well_formed_json(r#"{"a":"x\ud800y"}"#), r#"{"a":"x\ufffdy"}"#);
        assert_eq!(well_formed_json(r#"["\udc00"]"#), r#"["\ufffd"]"#);
        // a valid pair, an escaped backslash before `u`, and ordinary escapes stay
        assert_eq!(well_formed_json(r#""\ud83d\ude00""#), r#""\ud83d\ude00""#);
        assert_eq!(well_formed_json(r#""\\ud800""#), r#""\\ud800""#);
        assert_eq!(well_formed_json(r#""\u00e9""#), r#""\u00e9""#);
    }
}
