//! Generated descriptions of the public data: the JSON Schema of form format v1 (`schema/`) and the
//! TypeScript declarations shipped with the WebAssembly module (`types/`), both from the Rust types
//! through schemars, so neither can drift from them.

use std::collections::BTreeMap;
use std::fmt::Write;

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use serde_json::{Map, Value};

/// The JSON Schema of `T`. Without the defaults that schemars adds for types that implement
/// `Serialize`: the `serde` feature must not change what is generated.
fn schema_of<T: schemars::JsonSchema>() -> schemars::Schema {
    let drop_defaults = RecursiveTransform(|schema: &mut schemars::Schema| {
        schema.remove("default");
    });
    SchemaSettings::default()
        .with_transform(drop_defaults)
        .into_generator()
        .into_root_schema_for::<T>()
}

/// The JSON Schema of form format v1, pretty-printed.
pub fn form_schema() -> String {
    serde_json::to_string_pretty(&schema_of::<crate::read::form::Form>()).unwrap_or_default()
}

/// `export interface …` / `export type …` for every type reachable from the roots, sorted by name.
pub fn declarations() -> String {
    let mut defs: BTreeMap<String, Value> = BTreeMap::new();
    let roots = [
        ("Form", serde_json::to_value(schema_of::<crate::read::form::Form>())),
        ("Report", serde_json::to_value(schema_of::<crate::report::Report>())),
        (
            "Template",
            serde_json::to_value(schema_of::<crate::read::template::Template>()),
        ),
        ("Change", serde_json::to_value(schema_of::<crate::report::Change>())),
        ("AddedRow", serde_json::to_value(schema_of::<crate::api::AddedRow>())),
        (
            "AmountReading",
            serde_json::to_value(schema_of::<crate::api::AmountReading>()),
        ),
        (
            "TemplateSummary",
            serde_json::to_value(schema_of::<crate::api::TemplateSummary>()),
        ),
        (
            "NarrativeCheck",
            serde_json::to_value(schema_of::<crate::api::NarrativeCheck>()),
        ),
        (
            "Draft",
            serde_json::to_value(schema_of::<crate::narrative::draft::Draft>()),
        ),
    ];
    for (name, schema) in roots {
        let Ok(Value::Object(mut schema)) = schema else {
            continue;
        };
        if let Some(Value::Object(inner)) = schema.remove("$defs") {
            defs.extend(inner);
        }
        schema.remove("$schema");
        schema.remove("title");
        defs.insert(name.to_string(), Value::Object(schema));
    }
    let mut out = String::from(
        "// Generated from the Rust types by `jixiao types` (src/schema.rs); do not edit.\n\
         // Every number the engine reads or writes crosses as a string: exact decimals, no floats.\n",
    );
    for (name, schema) in &defs {
        out.push('\n');
        declare(&mut out, name, schema);
    }
    out
}

fn declare(out: &mut String, name: &str, schema: &Value) {
    if let Some(text) = schema.get("description").and_then(Value::as_str) {
        doc(out, text, "");
    }
    match schema.get("properties").and_then(Value::as_object) {
        Some(props) => {
            let _ = writeln!(out, "export interface {name} {{");
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for (field, prop) in props {
                if let Some(text) = prop.get("description").and_then(Value::as_str) {
                    doc(out, text, "  ");
                }
                let optional = if required.contains(&field.as_str()) { "" } else { "?" };
                let _ = writeln!(out, "  {field}{optional}: {};", ts_type(prop));
            }
            out.push_str("}\n");
        }
        None => {
            let _ = writeln!(out, "export type {name} = {};", ts_type(schema));
        }
    }
}

fn doc(out: &mut String, text: &str, indent: &str) {
    let _ = writeln!(out, "{indent}/** {} */", text.replace("*/", "* /").replace('\n', " "));
}

fn ts_type(schema: &Value) -> String {
    let Some(obj) = schema.as_object() else {
        return "unknown".to_string();
    };
    if let Some(r) = obj.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or("unknown").to_string();
    }
    if let Some(c) = obj.get("const") {
        return c.to_string();
    }
    if let Some(values) = obj.get("enum").and_then(Value::as_array) {
        return values.iter().map(Value::to_string).collect::<Vec<_>>().join(" | ");
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = obj.get(key).and_then(Value::as_array) {
            let mut parts: Vec<String> = options.iter().map(ts_type).collect();
            parts.dedup();
            return parts.join(" | ");
        }
    }
    match obj.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .map(|t| single(t, obj))
            .collect::<Vec<_>>()
            .join(" | "),
        Some(Value::String(t)) => single(t, obj),
        _ => "unknown".to_string(),
    }
}

fn single(t: &str, obj: &Map<String, Value>) -> String {
    match t {
        "string" => "string".to_string(),
        "integer" | "number" => "number".to_string(),
        "boolean" => "boolean".to_string(),
        "null" => "null".to_string(),
        "array" => {
            let item = obj.get("items").map(ts_type).unwrap_or_else(|| "unknown".to_string());
            if item.contains(' ') {
                format!("Array<{item}>")
            } else {
                format!("{item}[]")
            }
        }
        "object" => match obj.get("additionalProperties") {
            Some(v @ Value::Object(_)) => format!("Record<string, {}>", ts_type(v)),
            _ => "Record<string, unknown>".to_string(),
        },
        _ => "unknown".to_string(),
    }
}
