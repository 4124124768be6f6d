//! Findings: what is wrong with a form, as data. Every stage reports in these terms.

use schemars::JsonSchema;

use crate::messages::{say, Lang, Msg};

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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
    pub span: Option<Span>,
}

impl Finding {
    pub fn new(msg: Msg, severity: Severity, path: impl Into<String>) -> Self {
        Finding {
            msg,
            severity,
            path: path.into(),
            values: Vec::new(),
            span: None,
        }
    }

    pub fn with(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.values.push((key, value.into()));
        self
    }

    /// The finding in words, its path and values moved into the issue.
    pub fn into_issue(self, lang: Lang) -> Issue {
        Issue {
            code: self.msg.code(),
            severity: self.severity,
            message: say(self.msg, lang, &self.values),
            path: self.path,
            values: Values(self.values),
            span: self.span,
        }
    }

    /// The finding in words, kept as it is.
    pub fn to_issue(&self, lang: Lang) -> Issue {
        self.clone().into_issue(lang)
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
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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
    /// Where in a 说明 the figure is (`path` is `narrative`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// A span of a 说明's text: offsets in UTF-16 code units (what JavaScript's `selectionStart`
/// counts), from 0, end exclusive; the line and column of its start, from 1, the column in UTF-16
/// code units too. Line breaks are `\n`, `\r\n` or `\r`.
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub column: u32,
}

/// Message values in the order the engine produced them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values(pub Vec<(&'static str, String)>);

impl Values {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
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

/// With the `serde` feature: an object of the values, in the order the engine produced them.
#[cfg(feature = "serde")]
impl serde::Serialize for Values {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
