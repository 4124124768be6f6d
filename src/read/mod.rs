//! Stage 1, text as typed → [`Form`]: the JSON reader, numbers as people type them, form format
//! v1, the built-in templates, and the errors that make a form unreadable as a whole.

pub mod decode;
pub mod error;
pub mod form;
pub mod json;
pub mod json_path;
pub mod narrative;
pub mod number;
pub mod template;
// a workbook's layout, for `office` (not in the scoring module)
#[cfg(feature = "workbooks")]
pub mod workbook;

pub use error::{FormError, MAX_DEPTH, MAX_FORM_BYTES, MAX_ID_CHARS, MAX_NODES};
pub use form::Form;

/// Where `needle` first occurs in `text` at or after byte `from`, compared byte for byte: both are
/// UTF-8, so a whole needle matches only from one character boundary to another. Used instead of
/// `str::find` and `str::contains` with a `&str` pattern, whose two-way searcher (and the panic path
/// it keeps) weighed several kilobytes of the module for words of a few characters.
pub fn find_text(text: &str, needle: &str, from: usize) -> Option<usize> {
    let rest = text.as_bytes().get(from..)?;
    if needle.is_empty() {
        return Some(from);
    }
    rest.windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .map(|at| at + from)
}

/// Whether `needle` occurs in `text` ([`find_text`]).
pub fn has_text(text: &str, needle: &str) -> bool {
    find_text(text, needle, 0).is_some()
}

/// Reads form JSON. Numbers keep their own digits (`0.1` is exactly 0.1). A byte-order mark
/// before it is skipped, as a browser's file import and the CLI skip it: Chinese Windows tools
/// write one.
pub fn parse_form(json: &str) -> Result<Form, FormError> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    if json.len() > MAX_FORM_BYTES {
        return Err(error::too_large(json.len().to_string()));
    }
    decode::form(json)
}

/// A built-in template, parsed the first time it is asked for and kept: every form of a template
/// shares it (reading it again was a tenth of a reviewer's bulk run). `Err` carries the parser's
/// message: a defect in a shipped file, which the template tests catch, so callers only relay it.
pub fn built_in_template(id: &str) -> Option<Result<&'static template::Template, &'static str>> {
    template::parsed(id, decode::template).map(|t| t.as_ref().map_err(String::as_str))
}
