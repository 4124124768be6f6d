//! How many findings of each severity: the figure a report and a change end with.

use schemars::JsonSchema;

use crate::finding::{Issue, Severity};
use crate::report::json::{ObjectWriter, ToJson};

#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

/// How many findings of each severity.
pub fn summarize<'i>(issues: impl IntoIterator<Item = &'i Issue>) -> Summary {
    let mut summary = Summary::default();
    for issue in issues {
        match issue.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Info => summary.infos += 1,
        }
    }
    summary
}

impl ToJson for Summary {
    fn write_json(&self, out: &mut String) {
        ObjectWriter::new(out)
            .field("errors", &self.errors)
            .field("warnings", &self.warnings)
            .field("infos", &self.infos)
            .end();
    }
}
