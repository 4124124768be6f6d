//! What the engine writes as JSON (src/report/json.rs, written by hand) is what its JSON Schema and
//! TypeScript declarations promise (generated from the Rust types): every key declared, every
//! required key present, every value of the declared type. The golden files pin the bytes; this
//! pins the shape of everything else the API returns.
// Native only: the wasm build is tested by tests/web.rs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use jixiao::report::json::ToJson;
use jixiao::{Evaluator, Lang, Options};
use serde_json::{Map, Value};

fn conforms<T: schemars::JsonSchema, V: ToJson + ?Sized>(value: &V) {
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    let data = common::json_value(value);
    let mut problems = Vec::new();
    check(&schema, &schema, &data, "", &mut problems);
    assert!(
        problems.is_empty(),
        "{}:\n{}",
        std::any::type_name::<T>(),
        problems.join("\n")
    );
}

fn resolve<'s>(root: &'s Value, schema: &'s Value) -> &'s Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => root
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("no {r}")),
        None => schema,
    }
}

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn check(root: &Value, schema: &Value, data: &Value, at: &str, problems: &mut Vec<String>) {
    let schema = resolve(root, schema);
    for alternatives in ["anyOf", "oneOf"] {
        if let Some(options) = schema.get(alternatives).and_then(Value::as_array) {
            let fits = options.iter().any(|o| {
                let mut p = Vec::new();
                check(root, o, data, at, &mut p);
                p.is_empty()
            });
            if !fits {
                problems.push(format!("{at}: {data} fits none of {alternatives}"));
            }
            return;
        }
    }
    if let Some(types) = schema.get("type") {
        let allowed: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let t = type_of(data);
        let fits = allowed.contains(&t) || (t == "integer" && allowed.contains(&"number"));
        if !fits {
            problems.push(format!("{at}: {t}, declared {allowed:?}"));
            return;
        }
    }
    if let Some(c) = schema.get("const") {
        if c != data {
            problems.push(format!("{at}: {data} is not {c}"));
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(data) {
            problems.push(format!("{at}: {data} not in {e:?}"));
        }
    }
    if let Value::Object(fields) = data {
        let empty = Map::new();
        let properties = schema.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        for required in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !fields.contains_key(required.as_str().unwrap()) {
                problems.push(format!("{at}: missing {required}"));
            }
        }
        for (key, value) in fields {
            let here = format!("{at}.{key}");
            match (properties.get(key), schema.get("additionalProperties")) {
                (Some(s), _) => check(root, s, value, &here, problems),
                (None, Some(Value::Bool(false))) => problems.push(format!("{here}: not declared")),
                (None, Some(extra @ Value::Object(_))) => check(root, extra, value, &here, problems),
                (None, _) if properties.is_empty() => {}
                (None, _) => problems.push(format!("{here}: not declared")),
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (data, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check(root, item_schema, item, &format!("{at}[{i}]"), problems);
        }
    }
}

#[test]
fn reports_forms_and_changes_have_the_declared_shape() {
    for (name, json) in common::samples() {
        for lang in [Lang::ZhCn, Lang::En] {
            let options = Options { lang };
            let report = jixiao::evaluate_json(&json, &options).unwrap();
            assert!(
                !report.issues.is_empty() || name.contains("mof"),
                "{name}: a sample with findings"
            );
            conforms::<jixiao::Report, _>(&report);
            let mut e = Evaluator::from_json(&json, &options).unwrap();
            conforms::<jixiao::Form, _>(&e.form());
            let change = e.set("budget.total.executed", "1,234.5").unwrap();
            assert!(change.budget.is_some());
            conforms::<jixiao::Change, _>(&change);
        }
    }
}

#[test]
fn templates_and_amounts_have_the_declared_shape() {
    for summary in jixiao::api::templates() {
        conforms::<jixiao::api::TemplateSummary, _>(&summary);
        let template = jixiao::api::template(&summary.id, Lang::ZhCn).unwrap();
        conforms::<jixiao::read::template::Template, _>(&template);
    }
    for text in ["9,022.41", "1.35亿元", "abc", ""] {
        let reading = jixiao::api::parse_amount(text, Some("万元"), Lang::En).unwrap();
        conforms::<jixiao::api::AmountReading, _>(&reading);
    }
}

#[test]
fn strings_are_escaped_as_json_requires() {
    let tricky = "引号\" 反斜杠\\ 换行\n 制表\t \u{1} \u{7f} \u{2028} 😀";
    let text = jixiao::report::json::to_json(tricky);
    assert_eq!(serde_json::from_str::<String>(&text).unwrap(), tricky);
    assert_eq!(
        text,
        serde_json::to_string(tricky).unwrap(),
        "escaped as serde_json does"
    );
}

#[test]
fn a_level_word_typed_with_quotes_is_escaped_in_the_form_written_back() {
    let json = r#"{"version":1,"indicators":[{"id":"k","weight":"100","rule":{"kind":"levels","levels":{"好\"极\\了":"1"}},"level":"好\"极\\了"}]}"#;
    let e = Evaluator::from_json(json, &Options::default()).unwrap();
    let back = common::json_value(&e.form());
    let levels = &back["indicators"][0]["rule"]["levels"];
    assert_eq!(levels["好\"极\\了"], "1", "{back}");
}

#[test]
fn a_borrowed_change_writes_the_same_json_as_the_owned_one() {
    for (_, json) in common::samples() {
        let mut e = Evaluator::from_json(&json, &Options::default()).unwrap();
        for (path, text) in [
            ("budget.total.executed", "8,000"),
            ("indicators.1.1.2.actual", "abc"),
            ("claimed.score", "90"),
        ] {
            let Ok(borrowed) = e.set_borrowed(path, text) else {
                continue;
            };
            let written = jixiao::report::json::to_json(&borrowed);
            assert_eq!(written, jixiao::report::json::to_json(&borrowed.to_change()));
            assert!(written.contains("\"issues\":["), "{written}");
        }
    }
}

#[test]
fn an_issue_edit_applied_to_the_findings_before_gives_every_finding_after() {
    // `issueEdit` is what the package's Evaluator splices into the list it holds: over typing that
    // adds, removes, changes and keeps findings, the list it ends with is always the report's
    let edits: &[(&str, &str)] = &[
        ("unit.preparer", "张三"),
        ("indicators.1.1.2.actual", "94%"),
        ("indicators.1.1.2.actual", "abc"),
        ("budget.total.executed", "8,000"),
        ("budget.total.executed", "8,000"),
        ("indicators.1.1.2.reason", ""),
        ("indicators.1.1.3.actual", ""),
        ("claimed.score", "90"),
        ("budget.statedRate", "96.1%"),
        ("indicators.1.1.2.actual", "100%"),
        ("claimed.score", ""),
        ("budget.total.executed", "8,670.53"),
        ("indicators.1.1.3.actual", "93件"),
    ];
    for (name, json) in common::samples() {
        let mut e = Evaluator::from_json(&json, &Options::default()).unwrap();
        let mut sent = Vec::new();
        let mut held: Vec<Value> = Vec::new();
        for (step, (path, text)) in edits.iter().enumerate() {
            let Ok(mut change) = e.set_borrowed(path, text) else {
                continue;
            };
            change.edit_issues_from(&mut sent);
            let written = common::json_value(&change);
            assert!(written.get("issues").is_none(), "{name} step {step}: {written}");
            let edit = &written["issueEdit"];
            let (at, remove) = (
                edit["at"].as_u64().unwrap() as usize,
                edit["remove"].as_u64().unwrap() as usize,
            );
            let insert = edit["insert"].as_array().unwrap().clone();
            let before = held.clone();
            held.splice(at..at + remove, insert.clone());
            let report = common::json_value(&e.report());
            if step > 0 {
                // only what changed crosses: findings kept at either end are not sent again
                let kept = before.len() - remove;
                assert_eq!(held.len(), kept + insert.len());
                let removed = &before[at..at + remove];
                let differ = |a: Option<&Value>, b: Option<&Value>| a.is_none() || b.is_none() || a != b;
                assert!(
                    differ(insert.first(), removed.first()) && differ(insert.last(), removed.last()),
                    "{name} step {step}: an unchanged finding sent again: {edit}"
                );
            }
            assert_eq!(
                Value::Array(held.clone()),
                report["issues"],
                "{name} step {step}: set({path}, {text})"
            );
            assert_eq!(
                common::json_value(&sent),
                report["issues"],
                "{name} step {step}: what the module keeps"
            );
        }
    }
}
