//! Findings: what is wrong with a form, as data.

use schemars::JsonSchema;

use crate::json_write::{ObjectWriter, ToJson};
use crate::messages::{say, Lang, Msg};
use crate::number::NumberError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// The form is wrong.
    Error,
    /// Probably wrong, or needs a reason.
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A finding before it is put into words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub msg: Msg,
    pub severity: Severity,
    pub path: String,
    pub values: Vec<(&'static str, String)>,
}

impl Finding {
    pub fn new(msg: Msg, severity: Severity, path: impl Into<String>) -> Self {
        Finding {
            msg,
            severity,
            path: path.into(),
            values: Vec::new(),
        }
    }

    pub fn with(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.values.push((key, value.into()));
        self
    }

    pub fn to_issue(&self, lang: Lang) -> Issue {
        Issue {
            code: self.msg.code(),
            severity: self.severity,
            path: self.path.clone(),
            message: say(self.msg, lang, &self.values),
            values: Values(self.values.clone()),
        }
    }
}

/// A cell that does not read as a number, said with the reason.
pub fn unreadable(err: &NumberError, text: &str, path: impl Into<String>, severity: Severity) -> Finding {
    let msg = match err {
        NumberError::Unreadable => Msg::UnreadableNumber,
        NumberError::Ambiguous => Msg::AmbiguousNumber,
        NumberError::TooLarge => Msg::NumberTooLarge,
        NumberError::TooPrecise => Msg::NumberTooPrecise,
        NumberError::WrongUnit(_) => Msg::WrongUnit,
    };
    let f = Finding::new(msg, severity, path).with("text", clip(text));
    match err {
        NumberError::WrongUnit(unit) => f.with("unit", clip(unit)),
        _ => f,
    }
}

/// Quotes at most 80 characters of what was typed, so a 10 MB cell does not make a 10 MB message.
pub fn clip(text: &str) -> String {
    clip_to(text, 80)
}

pub fn clip_to(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((at, _)) => [text.get(..at).unwrap_or(""), "…"].concat(),
        None => text.to_string(),
    }
}

/// A finding in words, as the report carries it.
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// Stable, never renamed (`budget.natureSumMismatch`).
    pub code: &'static str,
    pub severity: Severity,
    /// The field it is about (`budget.byNature`, `indicators.1.2.3.actual`).
    pub path: String,
    /// In the requested language.
    pub message: String,
    /// The numbers and words the message quotes, as strings.
    pub values: Values,
}

/// Message values in the order the engine produced them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values(pub Vec<(&'static str, String)>);

impl Values {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }
}

impl ToJson for Values {
    fn write_json(&self, out: &mut String) {
        let mut object = ObjectWriter::new(out);
        for (k, v) in &self.0 {
            object.field(k, v);
        }
        object.end();
    }
}

impl ToJson for Severity {
    fn write_json(&self, out: &mut String) {
        self.as_str().write_json(out);
    }
}

impl ToJson for Issue {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("code", self.code)
            .field("severity", &self.severity)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("values", &self.values)
            .end();
    }
}

impl JsonSchema for Values {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("Values")
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": { "type": "string" }
        })
    }
}
