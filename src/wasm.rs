//! The only door to JavaScript. Each export converts its input, calls the core, converts the
//! result; there is no logic here. Data crosses as JSON: a form is read by `JSON.stringify`, so a
//! JS number arrives as its shortest decimal text and is never a binary float in Rust; results are
//! built by `JSON.parse`, so every report is a plain object whose numbers are strings.

// The workbook module is built from this crate too (`--features office`): it exports only what
// `office` below does, and shares the conversions here.
#![cfg_attr(feature = "office", allow(dead_code, unused_imports))]

use wasm_bindgen::prelude::*;

/// talc instead of std's dlmalloc: the same speed and memory in a smaller module (bench/README.md).
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::evaluator::{EditError, Evaluator as CoreEvaluator, RowKind};
use crate::messages::{Lang, Msg};
use crate::read::FormError;
use crate::report::json::{to_json, ToJson};
use crate::Options;

#[cfg(feature = "office")]
mod office;

#[cfg(not(feature = "office"))]
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("../types/jixiao.d.ts");

#[cfg(not(feature = "office"))]
#[wasm_bindgen(typescript_custom_section)]
const API: &'static str = r#"
/** Options of `evaluate` and `new Evaluator`. */
export interface Options {
  /** Language of messages and explanations: "zh-CN" (default) or "en". */
  lang?: "zh-CN" | "en";
}

/** Scores, grades and checks a whole form (an object, or its JSON text). */
export function evaluate(form: Form | string, options?: Options): Report;

/** Where `addRow` puts the new row, and what it is. */
export interface AddRowOptions {
  /** Its place among the rows under its parent, from 0; past the end (or absent): last. */
  position?: number;
  /** "leaf" (default), or "group": a group with its first row in it. */
  kind?: "leaf" | "group";
}

/** A form being filled in: `set` one cell, or add, remove and move rows; get back what changed. */
export class Evaluator {
  constructor(form: Form | string, options?: Options);
  /** Types `text` into the cell at `path`; "" or null clears it. The change lists every current
   * finding; a finding that did not change is the same object as in the change before (the module
   * sends only those that changed), so read findings and do not modify them. */
  set(path: string, text: string | number | null): Change;
  /** Adds a row of the unit's own under the row `parent` (null: at the top, without a template). */
  addRow(parent: string | null, options?: AddRowOptions): AddedRow;
  /** Removes a row of the unit's own, with the rows under it. */
  removeRow(id: string): Change;
  /** Moves a row of the unit's own under `parent` (null: the top) at `position` (absent: last). */
  moveRow(id: string, parent: string | null, position?: number): Change;
  report(): Report;
  /** The form as typed, including text that does not parse. */
  form(): Form;
  free(): void;
  [Symbol.dispose](): void;
}

/** Options of `checkNarrative`. */
export interface NarrativeOptions extends Options {
  /** The form the 说明 describes (an object, or its JSON text): every figure the text restates is
   * checked against its table. */
  form?: Form | string;
}

/** Checks a 自评表说明: every figure it states against itself, and against `options.form`. */
export function checkNarrative(text: string, options?: NarrativeOptions): NarrativeCheck;

/** Drafts the 说明's 预算支出情况 paragraph and 自评结论 sentence from a form. */
export function draftNarrative(form: Form | string, options?: Options): Draft;

/** Reads an amount as typed (`9,022.41`, `1.35亿元`) into `unit` (default 万元). */
export function parseAmount(text: string, unit?: "元" | "万元" | "亿元"): AmountReading;
export function templates(): TemplateSummary[];
export function template(id: string): Template;
export function version(): string;
"#;

/// Scores, grades and checks a whole form (an object, or its JSON text).
#[cfg(not(feature = "office"))]
#[wasm_bindgen(skip_typescript)]
pub fn evaluate(form: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let options = read_options(&options)?;
    let json = form_json(&form, options.lang)?;
    let report = crate::evaluate_json(&json, &options).map_err(|e| form_error(&e, options.lang))?;
    to_js(&report)
}

/// Checks a 自评表说明 on its own, or against `options.form`.
#[cfg(not(feature = "office"))]
#[wasm_bindgen(js_name = checkNarrative, skip_typescript)]
pub fn check_narrative(text: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let parsed = read_options(&options)?;
    let text = string_argument(&text, "text", parsed.lang)?;
    api::narrative_size(&text, parsed.lang).map_err(api_error)?;
    let form = if options.is_object() {
        js_sys::Reflect::get(&options, &JsValue::from_str("form")).map_err(|e| {
            let detail = ["form: ", &thrown_reason(&e)].concat();
            api_error(ApiError::new(
                Msg::ApiInvalidOptions,
                parsed.lang,
                &[("detail", detail)],
            ))
        })?
    } else {
        JsValue::UNDEFINED
    };
    let form = match form.is_undefined() || form.is_null() {
        true => None,
        false => Some(form_json(&form, parsed.lang)?),
    };
    let checked = api::check_narrative(&text, form.as_deref(), &parsed).map_err(|e| form_error(&e, parsed.lang))?;
    to_js(&checked)
}

/// Drafts the 说明's budget paragraph and conclusion from a form.
#[cfg(not(feature = "office"))]
#[wasm_bindgen(js_name = draftNarrative, skip_typescript)]
pub fn draft_narrative(form: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let options = read_options(&options)?;
    let json = form_json(&form, options.lang)?;
    to_js(&api::draft_narrative(&json, &options).map_err(|e| form_error(&e, options.lang))?)
}

/// A form being filled in: `set` one cell, get back what changed.
#[cfg(not(feature = "office"))]
#[wasm_bindgen(skip_typescript)]
pub struct Evaluator {
    inner: CoreEvaluator,
    /// The findings as of the last `set`, which the package's wrapper holds too: a keystroke sends
    /// only how they changed (`issueEdit`) and the wrapper edits its list. `None` after any other
    /// call that changes the form, so that the next `set` sends them all (`issues`) and the two
    /// never disagree.
    sent_issues: Option<Vec<crate::finding::Issue>>,
}

#[cfg(not(feature = "office"))]
#[wasm_bindgen]
impl Evaluator {
    #[wasm_bindgen(constructor)]
    pub fn new(form: JsValue, options: JsValue) -> Result<Evaluator, JsValue> {
        let options = read_options(&options)?;
        let json = form_json(&form, options.lang)?;
        let inner = CoreEvaluator::from_json(&json, &options).map_err(|e| form_error(&e, options.lang))?;
        Ok(Evaluator {
            inner,
            sent_issues: None,
        })
    }

    /// Types `text` (a string, a number, or null/"" to clear) into the cell at `path`.
    pub fn set(&mut self, path: JsValue, text: JsValue) -> Result<JsValue, JsValue> {
        let lang = self.inner.lang();
        let path = string_argument(&path, "path", lang)?;
        let text = cell_text(&text, lang)?;
        let mut change = self
            .inner
            .set_borrowed(&path, &text)
            .map_err(|e| edit_error(&e, lang))?;
        match &mut self.sent_issues {
            Some(sent) => change.edit_issues_from(sent),
            None => self.sent_issues = Some(change.issues().iter().map(|i| (*i).clone()).collect()),
        }
        to_js(&change)
    }

    /// Adds a row of the unit's own under `parent` (null: at the top).
    #[wasm_bindgen(js_name = addRow)]
    pub fn add_row(&mut self, parent: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        self.sent_issues = None;
        let lang = self.inner.lang();
        let parent = optional_string(&parent, "parent", lang)?;
        let (position, kind) = read_add_options(&options, lang)?;
        let (id, change) = self
            .inner
            .add_row(parent.as_deref(), position, kind)
            .map_err(|e| edit_error(&e, lang))?;
        to_js(&api::AddedRow { id, change })
    }

    /// Removes a row of the unit's own, with the rows under it.
    #[wasm_bindgen(js_name = removeRow)]
    pub fn remove_row(&mut self, id: JsValue) -> Result<JsValue, JsValue> {
        self.sent_issues = None;
        let lang = self.inner.lang();
        let id = string_argument(&id, "id", lang)?;
        to_js(&self.inner.remove_row(&id).map_err(|e| edit_error(&e, lang))?)
    }

    /// Moves a row of the unit's own under `parent` (null: the top) at `position`.
    #[wasm_bindgen(js_name = moveRow)]
    pub fn move_row(&mut self, id: JsValue, parent: JsValue, position: JsValue) -> Result<JsValue, JsValue> {
        self.sent_issues = None;
        let lang = self.inner.lang();
        let id = string_argument(&id, "id", lang)?;
        let parent = optional_string(&parent, "parent", lang)?;
        let position = optional_position(&position, lang)?;
        let change = self
            .inner
            .move_row(&id, parent.as_deref(), position)
            .map_err(|e| edit_error(&e, lang))?;
        to_js(&change)
    }

    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.report())
    }

    /// The form as typed, including text that does not parse.
    pub fn form(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.form())
    }
}

/// Reads an amount as typed (`9,022.41`, `1.35亿元`) into `unit` (default 万元).
#[cfg(not(feature = "office"))]
#[wasm_bindgen(js_name = parseAmount, skip_typescript)]
pub fn parse_amount(text: JsValue, unit: JsValue) -> Result<JsValue, JsValue> {
    let lang = Lang::default();
    let text = string_argument(&text, "text", lang)?;
    let unit = optional_string(&unit, "unit", lang)?;
    let reading = api::parse_amount(&text, unit.as_deref(), lang).map_err(api_error)?;
    to_js(&reading)
}

#[cfg(not(feature = "office"))]
#[wasm_bindgen(skip_typescript)]
pub fn templates() -> Result<JsValue, JsValue> {
    to_js(&api::templates())
}

#[cfg(not(feature = "office"))]
#[wasm_bindgen(skip_typescript)]
pub fn template(id: JsValue) -> Result<JsValue, JsValue> {
    let id = string_argument(&id, "id", Lang::default())?;
    to_js(&api::template(&id, Lang::default()).map_err(api_error)?)
}

#[cfg(not(feature = "office"))]
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    api::version().to_string()
}

/// The Error that the package's `Evaluator` (`js/jixiao.js`) throws when it is used after `free()`
/// or called on an object it did not make. Internal: the package's entry point does not export it.
#[cfg(not(feature = "office"))]
#[wasm_bindgen(js_name = misuseError, skip_typescript)]
pub fn misuse_error(freed: bool, lang: JsValue) -> JsValue {
    api_error(api::evaluator_misuse(freed, lang.as_string().as_deref()))
}

fn to_js<T: ToJson + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&to_json(value))
}

fn read_options(options: &JsValue) -> Result<Options, JsValue> {
    let invalid = |detail: String| {
        api_error(ApiError::new(
            Msg::ApiInvalidOptions,
            Lang::default(),
            &[("detail", detail)],
        ))
    };
    if options.is_undefined() || options.is_null() {
        return Ok(Options::default());
    }
    if !options.is_object() {
        return Err(invalid(kind_of(options)));
    }
    // a getter that throws is misuse too, said as such
    let lang = js_sys::Reflect::get(options, &JsValue::from_str("lang"))
        .map_err(|e| invalid(["lang: ", &thrown_reason(&e)].concat()))?;
    if lang.is_undefined() {
        return Ok(Options::default());
    }
    match lang.as_string() {
        Some(tag) => api::options(Some(&tag)).map_err(api_error),
        None => Err(invalid(["lang: ", &kind_of(&lang)].concat())),
    }
}

/// `typeof`, with null and arrays named as such.
fn kind_of(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_string()
    } else if js_sys::Array::is_array(value) {
        "array".to_string()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

fn string_argument(value: &JsValue, name: &str, lang: Lang) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        api_error(ApiError::new(
            Msg::ApiInvalidArgument,
            lang,
            &[("name", name.to_string()), ("detail", kind_of(value))],
        ))
    })
}

fn optional_string(value: &JsValue, name: &str, lang: Lang) -> Result<Option<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        string_argument(value, name, lang).map(Some)
    }
}

/// A position among rows: absent, or a whole number from 0.
fn optional_position(value: &JsValue, lang: Lang) -> Result<Option<usize>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    match value.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(Some(n.min(u32::MAX.into()) as usize)),
        // the number itself says what was wrong with it (-1, 1.5); of anything else, its kind
        Some(_) => Err(invalid_position(&cell_text(value, lang).unwrap_or_default(), lang)),
        None => Err(invalid_position(&kind_of(value), lang)),
    }
}

/// `api.invalidOptions`, saying what a position must be: the code is the one it has always had.
fn invalid_position(got: &str, lang: Lang) -> JsValue {
    let detail = match lang {
        Lang::ZhCn => ["position 应为从 0 起的整数，收到 ", got].concat(),
        Lang::En => ["position must be a whole number from 0, not ", got].concat(),
    };
    api_error(ApiError::new(Msg::ApiInvalidOptions, lang, &[("detail", detail)]))
}

/// `addRow`'s options: `{ position?, kind? }`.
fn read_add_options(options: &JsValue, lang: Lang) -> Result<(Option<usize>, RowKind), JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok((None, RowKind::Leaf));
    }
    // `addRow(parent, 'group')` for `{ kind: 'group' }`: said as such, not as a failed property read
    if !options.is_object() {
        return Err(api_error(ApiError::new(
            Msg::ApiInvalidOptions,
            lang,
            &[("detail", kind_of(options))],
        )));
    }
    let field = |name: &str| {
        js_sys::Reflect::get(options, &JsValue::from_str(name)).map_err(|e| {
            let detail = [name, ": ", &thrown_reason(&e)].concat();
            api_error(ApiError::new(Msg::ApiInvalidOptions, lang, &[("detail", detail)]))
        })
    };
    let position = optional_position(&field("position")?, lang)?;
    let kind = field("kind")?;
    let kind = api::row_kind(kind.as_string().as_deref(), kind.is_undefined(), lang).map_err(api_error)?;
    Ok((position, kind))
}

/// The form's JSON text: a string is taken as JSON, an object is stringified by JavaScript.
fn form_json(form: &JsValue, lang: Lang) -> Result<String, JsValue> {
    if let Some(text) = form.as_string() {
        return Ok(text);
    }
    let misuse = |detail: &str| {
        api_error(ApiError::new(
            Msg::ApiInvalidForm,
            lang,
            &[("detail", detail.to_string())],
        ))
    };
    if !form.is_object() || js_sys::Array::is_array(form) {
        let kind = if form.is_object() {
            "array".to_string()
        } else {
            form.js_typeof().as_string().unwrap_or_default()
        };
        return Err(misuse(&kind));
    }
    // a cyclic object, or a getter that throws, makes JSON.stringify throw: misuse too, with why
    let text = js_sys::JSON::stringify(form).map_err(|e| misuse(&thrown_reason(&e)))?;
    let text = text.as_string().ok_or_else(|| misuse("not serializable"))?;
    // a lone surrogate, escaped by JSON.stringify as `\ud800`, reads as U+FFFD
    Ok(text)
}

/// A cell's text: strings as they are, numbers by their shortest decimal form, null clears.
fn cell_text(value: &JsValue, lang: Lang) -> Result<String, JsValue> {
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    if value.is_null() || value.is_undefined() {
        return Ok(String::new());
    }
    match value.dyn_ref::<js_sys::Number>() {
        Some(n) => Ok(n.to_string_with_radix(10).map(String::from).unwrap_or_default()),
        None => Err(api_error(ApiError::new(
            Msg::ApiInvalidText,
            lang,
            &[("detail", kind_of(value))],
        ))),
    }
}

/// What a JavaScript throw says: an Error's message, a thrown string, else its type.
fn thrown_reason(e: &JsValue) -> String {
    let reason = match e.dyn_ref::<js_sys::Error>() {
        Some(error) => String::from(error.message()),
        None => e.as_string().unwrap_or_else(|| kind_of(e)),
    };
    match reason.trim() {
        "" => kind_of(e),
        reason => crate::finding::clip(reason),
    }
}

fn thrown(code: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("code"), &JsValue::from_str(code));
    error.into()
}

fn api_error(e: ApiError) -> JsValue {
    thrown(e.code, &e.message)
}

fn edit_error(e: &EditError, lang: Lang) -> JsValue {
    thrown(e.code(), &e.message(lang))
}

/// A form whose shape is wrong: the error also carries `path`, `line` and `column`.
fn form_error(e: &FormError, lang: Lang) -> JsValue {
    let error = thrown(e.code(), &e.message(lang));
    let set = |key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(&error, &JsValue::from_str(key), &value);
    };
    set("path", JsValue::from_str(&e.path));
    set("line", e.line.map_or(JsValue::NULL, |l| JsValue::from(l as u32)));
    set("column", e.column.map_or(JsValue::NULL, |c| JsValue::from(c as u32)));
    error
}
