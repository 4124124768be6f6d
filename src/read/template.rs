//! Built-in templates: the indicator trees, weights, rules and grade bands that district finance
//! bureaus publish. They are data (`templates/*.json`), embedded so the core never reads a file.

use std::sync::OnceLock;

use schemars::JsonSchema;

use crate::read::form::{Rule, Text};

/// id → JSON text of every built-in template.
const BUILT_IN: &[(&str, &str)] = &[
    ("gd-dept-overall", include_str!("../../templates/gd-dept-overall.json")),
    ("mof-project", include_str!("../../templates/mof-project.json")),
];

#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub name: String,
    pub name_en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the leaf weights must add up to (100).
    pub total_weight: Text,
    /// Grade bands, highest first; the last band has no `min`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grades: Option<Vec<GradeBandSpec>>,
    pub indicators: Vec<TemplateNode>,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GradeBandSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Text>,
    pub grade: String,
    pub grade_en: String,
}

#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TemplateNode {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Text>,
    /// Forms may add their own rows under an open node (the unit's own KPIs).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<TemplateNode>,
}

/// Ids of the built-in templates, in a stable order.
pub fn ids() -> impl Iterator<Item = &'static str> {
    BUILT_IN.iter().map(|(id, _)| *id)
}

/// The JSON text of a built-in template, as shipped.
pub fn source(id: &str) -> Option<&'static str> {
    BUILT_IN.iter().find(|(i, _)| *i == id).map(|(_, text)| *text)
}

/// How many templates are built in.
pub const COUNT: usize = BUILT_IN.len();

/// Where a built-in template is among [`ids`]: an index for tables kept per template.
pub fn position(id: &str) -> Option<usize> {
    BUILT_IN.iter().position(|(i, _)| *i == id)
}

/// Each built-in template as `read` made it, the first time it was asked for.
static PARSED: [OnceLock<Result<Template, String>>; COUNT] = [const { OnceLock::new() }; COUNT];

/// A built-in template read once by `read` and kept for the life of the program. `read` is the
/// decoder, passed in because it uses this file's types and a file may not import its importer.
pub fn parsed(id: &str, read: fn(&str) -> Result<Template, String>) -> Option<&'static Result<Template, String>> {
    let at = position(id)?;
    let (_, text) = BUILT_IN.get(at)?;
    Some(PARSED.get(at)?.get_or_init(|| read(text)))
}
