//! The wasm boundary itself, run by `wasm-pack test --node` and `--headless --chrome`: exports
//! convert and call the core, misuse throws an `Error` with a `code`, and no error kills the module.
#![cfg(target_arch = "wasm32")]

use jixiao::wasm::{evaluate, parse_amount, template, templates, version, Evaluator};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const SEED: &str = include_str!("../examples/shiweitang-2024.json");

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn text(value: &JsValue, key: &str) -> String {
    get(value, key).as_string().unwrap_or_default()
}

fn code(error: JsValue) -> String {
    assert!(error.is_instance_of::<js_sys::Error>(), "not an Error: {error:?}");
    text(&error, "code")
}

fn seed_object() -> JsValue {
    js_sys::JSON::parse(SEED).unwrap()
}

#[wasm_bindgen_test]
fn evaluates_the_seed_from_an_object_and_from_text() {
    for form in [seed_object(), JsValue::from_str(SEED)] {
        let report = evaluate(form, JsValue::UNDEFINED).unwrap();
        assert_eq!(text(&report, "score"), "96.61");
        assert_eq!(text(&report, "grade"), "优");
        let budget = get(&report, "budget");
        assert_eq!(text(&budget, "rate"), "96.10");
        let issues: js_sys::Array = get(&report, "issues").dyn_into().unwrap();
        let codes: Vec<String> = issues.iter().map(|i| text(&i, "code")).collect();
        // the table's two findings, then the 说明's: the seed's own two mistakes in its sentences
        assert_eq!(
            codes,
            [
                "budget.sourceSumRounding",
                "budget.natureSumMismatch",
                "narrative.rateMismatch",
                "narrative.partsSumRounding",
                "narrative.partsSumMismatch"
            ]
        );
    }
}

#[wasm_bindgen_test]
fn english_messages_on_request() {
    let options: js_sys::Object = js_sys::JSON::parse(r#"{"lang":"en"}"#).unwrap().dyn_into().unwrap();
    let report = evaluate(seed_object(), options.into()).unwrap();
    let issues: js_sys::Array = get(&report, "issues").dyn_into().unwrap();
    assert!(text(&issues.get(1), "message").contains("off by 42.30"));
}

#[wasm_bindgen_test]
fn misuse_throws_with_a_code_and_the_module_lives_on() {
    let bad_forms = [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from(7),
        js_sys::Array::new().into(),
        JsValue::from_str("{ not json"),
        js_sys::JSON::parse(r#"{"version":1,"bogus":true}"#).unwrap(),
    ];
    let expected = [
        "api.invalidForm",
        "api.invalidForm",
        "api.invalidForm",
        "api.invalidForm",
        "form.syntax",
        "form.invalid",
    ];
    for (form, want) in bad_forms.into_iter().zip(expected) {
        assert_eq!(code(evaluate(form, JsValue::UNDEFINED).unwrap_err()), want);
        // the next call still works
        assert_eq!(
            text(&evaluate(seed_object(), JsValue::UNDEFINED).unwrap(), "score"),
            "96.61"
        );
    }
    let cyclic = js_sys::Object::new();
    js_sys::Reflect::set(&cyclic, &JsValue::from_str("self"), &cyclic).unwrap();
    assert_eq!(
        code(evaluate(cyclic.into(), JsValue::UNDEFINED).unwrap_err()),
        "api.invalidForm"
    );
    let options: js_sys::Object = js_sys::JSON::parse(r#"{"lang":"fr"}"#).unwrap().dyn_into().unwrap();
    assert_eq!(
        code(evaluate(seed_object(), options.into()).unwrap_err()),
        "api.invalidOptions"
    );
}

#[wasm_bindgen_test]
fn evaluator_keystrokes() {
    // the table alone: the 说明 restates the budget this test edits
    let table = seed_object();
    js_sys::Reflect::delete_property(table.unchecked_ref::<js_sys::Object>(), &JsValue::from_str("narrative")).unwrap();
    let mut e = Evaluator::new(table, JsValue::UNDEFINED).unwrap();
    let change = e
        .set(
            JsValue::from_str("budget.byNature.basic.executed"),
            JsValue::from_str("3,000.00"),
        )
        .unwrap();
    assert_eq!(get(&get(&change, "summary"), "errors").as_f64(), Some(0.0));
    let change = e
        .set(JsValue::from_str("indicators.1.1.2.actual"), JsValue::from(95))
        .unwrap();
    assert_eq!(text(&change, "score"), "96.82");
    assert_eq!(
        code(
            e.set(JsValue::from_str("indicators.9.actual"), JsValue::from_str("1"))
                .unwrap_err()
        ),
        "api.unknownRow"
    );
    assert_eq!(
        code(
            e.set(JsValue::from_str("budget.total.planned"), JsValue::TRUE)
                .unwrap_err()
        ),
        "api.invalidText"
    );
    let form = e.form().unwrap();
    assert_eq!(
        text(&get(&get(&get(&form, "budget"), "byNature"), "basic"), "executed"),
        "3,000.00"
    );
    assert_eq!(text(&e.report().unwrap(), "score"), "96.82");
}

#[wasm_bindgen_test]
fn small_exports() {
    assert_eq!(
        text(
            &parse_amount(JsValue::from_str("1.35亿元"), JsValue::UNDEFINED).unwrap(),
            "value"
        ),
        "13500.00"
    );
    let bad = parse_amount(JsValue::from_str("8 670,53"), JsValue::from_str("元")).unwrap();
    assert_eq!(text(&get(&bad, "error"), "code"), "input.ambiguousNumber");
    assert_eq!(
        code(parse_amount(JsValue::from_str("1"), JsValue::from_str("美元")).unwrap_err()),
        "api.badMoneyUnit"
    );
    let list: js_sys::Array = templates().unwrap().dyn_into().unwrap();
    assert_eq!(list.length(), 2);
    assert_eq!(
        text(&template(JsValue::from_str("mof-project")).unwrap(), "id"),
        "mof-project"
    );
    assert_eq!(
        code(template(JsValue::from_str("nope")).unwrap_err()),
        "api.unknownTemplate"
    );
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn ten_megabyte_inputs_are_refused_or_quoted_briefly() {
    let huge = "9".repeat(10 * 1024 * 1024);
    let mut e = Evaluator::new(seed_object(), JsValue::UNDEFINED).unwrap();
    let refused = e.set(JsValue::from_str("budget.total.planned"), JsValue::from_str(&huge));
    assert_eq!(code(refused.unwrap_err()), "api.textTooLong");
    let long = "9".repeat(512 * 1024);
    let change = e
        .set(JsValue::from_str("budget.total.planned"), JsValue::from_str(&long))
        .unwrap();
    let issues: js_sys::Array = get(&change, "issues").dyn_into().unwrap();
    let too_large = issues
        .iter()
        .find(|i| text(i, "code") == "input.numberTooLarge")
        .unwrap();
    assert!(text(&too_large, "message").chars().count() < 200);
    let form = format!(
        "{{\"version\":1,\"unit\":{{\"name\":\"{}\"}}}}",
        "名".repeat(6 * 1024 * 1024)
    );
    assert_eq!(
        code(evaluate(JsValue::from_str(&form), JsValue::UNDEFINED).unwrap_err()),
        "form.tooLarge"
    );
    assert_eq!(
        text(&evaluate(seed_object(), JsValue::UNDEFINED).unwrap(), "score"),
        "96.61"
    );
}
