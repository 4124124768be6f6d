//! The JavaScript API's data, in pure Rust: what `src/wasm.rs` converts from and to. Keeping it
//! here leaves the boundary with nothing to do but convert, and lets native tests cover it.

use schemars::JsonSchema;
use serde::Serialize;

use crate::issue::{clip, unreadable, Severity};
use crate::messages::{say, Lang, Msg};
use crate::number::{self, MoneyUnit};
use crate::template::{self, Template};
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
                &[("detail", format!("lang \"{}\" (zh-CN | en)", clip(tag)))],
            )
        }),
    }
}

/// What `parseAmount` returns: the amount in the requested unit, or why it cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct AmountError {
    pub code: &'static str,
    pub message: String,
}

pub fn parse_amount(text: &str, unit: Option<&str>, lang: Lang) -> Result<AmountReading, ApiError> {
    let unit = match unit.map(str::trim) {
        None | Some("") => MoneyUnit::default(),
        Some("元") => MoneyUnit::Yuan,
        Some("万元") => MoneyUnit::WanYuan,
        Some("亿元") => MoneyUnit::YiYuan,
        Some(other) => return Err(ApiError::new(Msg::ApiBadMoneyUnit, lang, &[("path", clip(other))])),
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
            let issue = unreadable(&e, text, "", Severity::Error).to_issue(lang);
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TemplateSummary {
    pub id: String,
    pub name: String,
    pub name_en: String,
}

pub fn templates() -> Vec<TemplateSummary> {
    template::ids()
        .filter_map(|id| template::get(id)?.ok())
        .map(|t| TemplateSummary {
            id: t.id,
            name: t.name,
            name_en: t.name_en,
        })
        .collect()
}

pub fn template(id: &str, lang: Lang) -> Result<Template, ApiError> {
    match template::get(id) {
        Some(Ok(t)) => Ok(t),
        _ => Err(ApiError::new(Msg::ApiUnknownTemplate, lang, &[("template", clip(id))])),
    }
}

pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
