//! The workbook module's exports: the page fetches it only when someone imports or exports a
//! workbook, so the scoring module stays as small as it was. Same rules as the engine's door:
//! convert, call, convert; reading errors throw with their `workbook.*` / `export.*` code.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{form_json, kind_of, read_options, thrown};
use crate::messages::Lang;

#[wasm_bindgen(typescript_custom_section)]
const API: &'static str = r#"
/** Options of `readWorkbook` and `exportWorkbook`. */
export interface Options {
  /** Language of messages: "zh-CN" (default) or "en". */
  lang?: "zh-CN" | "en";
}

/** One 自评表 found in a workbook. */
export interface WorkbookForm {
  /** The sheet(s) it was read from. */
  sheets: string[];
  /** The form, in form format v1, as the cells show it. */
  form: object;
  /** Where each value came from: a form path (`indicators.1.1.2.actual`) → a cell (`自评表!G12`). */
  cells: Record<string, string>;
  /** What the reader did that the user should know. */
  notes: { code: string; cell: string; message: string }[];
}

/** Every 自评表 in an .xlsx or .xls workbook. Throws `workbook.*` when there is none to read. */
export function readWorkbook(bytes: Uint8Array | ArrayBuffer, options?: Options): WorkbookForm[];
/** The form as an .xlsx 自评表 (the unit's values as typed, jixiao's scores, Excel formulas). */
export function exportWorkbook(form: object | string, options?: Options): Uint8Array;
export function version(): string;
"#;

#[wasm_bindgen(js_name = readWorkbook, skip_typescript)]
pub fn read_workbook(bytes: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let options = read_options(&options)?;
    let bytes = workbook_bytes(&bytes, options.lang)?;
    let forms =
        crate::office::workbook::read_workbook(&bytes).map_err(|e| thrown(e.code(), &e.message(options.lang)))?;
    let lang = options.lang;
    let list: Vec<serde_json::Value> = forms
        .iter()
        .map(|f| {
            let form = serde_json::from_str::<serde_json::Value>(&f.json).unwrap_or_default();
            let cells: serde_json::Map<String, serde_json::Value> =
                f.cells.iter().map(|(p, c)| (p.clone(), c.clone().into())).collect();
            let notes: Vec<serde_json::Value> = f
                .notes
                .iter()
                .map(|n| serde_json::json!({ "code": n.code, "cell": n.cell, "message": n.message(lang) }))
                .collect();
            serde_json::json!({ "sheets": f.sheets, "form": form, "cells": cells, "notes": notes })
        })
        .collect();
    js_sys::JSON::parse(&serde_json::Value::Array(list).to_string())
}

#[wasm_bindgen(js_name = exportWorkbook, skip_typescript)]
pub fn export_workbook(form: JsValue, options: JsValue) -> Result<Vec<u8>, JsValue> {
    let options = read_options(&options)?;
    let json = form_json(&form, options.lang)?;
    crate::office::export::export_workbook(&json, options.lang).map_err(|e| thrown(e.code(), &e.message(options.lang)))
}

#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// A Uint8Array or an ArrayBuffer (what `File.arrayBuffer()` gives); anything else is misuse.
fn workbook_bytes(value: &JsValue, lang: Lang) -> Result<Vec<u8>, JsValue> {
    if let Some(array) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(array.to_vec());
    }
    if let Some(buffer) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(js_sys::Uint8Array::new(buffer).to_vec());
    }
    let message = match lang {
        Lang::ZhCn => format!("工作簿须为 Uint8Array 或 ArrayBuffer，收到 {}", kind_of(value)),
        Lang::En => format!(
            "A workbook must be a Uint8Array or an ArrayBuffer, not {}",
            kind_of(value)
        ),
    };
    Err(thrown("api.invalidWorkbook", &message))
}
