//! Why a form cannot be read at all, and the limits past which it is refused.
//!
//! A load error means the form's *shape* is wrong (bad JSON, an unknown field, a duplicate id, an
//! unknown template). Values that do not parse are not load errors: they become findings, so the
//! widget can keep what was typed.

use crate::messages::{say, Lang, Msg};
use crate::read::json_path::JsonPath;

/// Larger inputs are refused before parsing (a district form is a few kilobytes).
pub const MAX_FORM_BYTES: usize = 16 * 1024 * 1024;
/// 一级 → 二级 → 三级, with room for units that nest their own indicators further.
pub const MAX_DEPTH: usize = 8;
pub const MAX_NODES: usize = 100_000;
/// Every row's report names its parent by id, so a long id is copied once per child: a 562 KB
/// form whose one parent had a 200 KB id made a 2.7 GB report. Ids are short codes (`1.2.3`).
pub const MAX_ID_CHARS: usize = 100;

/// Why a form could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    pub msg: Msg,
    /// Where in the JSON (`indicators[0].children[2].weight`); empty for the whole document.
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub values: Vec<(&'static str, String)>,
}

impl FormError {
    /// An error at `path`, with no position in the text.
    pub fn new(msg: Msg, path: impl Into<String>, values: Vec<(&'static str, String)>) -> Self {
        FormError {
            msg,
            path: path.into(),
            line: None,
            column: None,
            values,
        }
    }

    pub fn code(&self) -> &'static str {
        self.msg.code()
    }

    pub fn message(&self, lang: Lang) -> String {
        say(self.msg, lang, &self.values)
    }
}

/// A form past `MAX_FORM_BYTES`. `size` is its length in bytes, or `>16777216` for a stream that
/// was not read to its end.
// inlined: otherwise the size-tuned WebAssembly module, where `parse_form` is the only caller,
// keeps a function of its own for it
#[inline]
pub fn too_large(size: String) -> FormError {
    FormError::new(
        Msg::FormTooLarge,
        "",
        vec![("size", size), ("limit", MAX_FORM_BYTES.to_string())],
    )
}

/// The row past `MAX_NODES`, at `at`.
pub fn too_many_nodes(at: &JsonPath<'_>) -> FormError {
    FormError::new(
        Msg::FormTooManyNodes,
        at.render(),
        vec![("limit", MAX_NODES.to_string())],
    )
}
