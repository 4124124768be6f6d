//! With the `serde` feature, serde_json writes exactly what the engine's own writer writes (the
//! golden reports, every change, the forms and templates), and reads a form exactly as the engine's
//! own reader does. Run by `cargo test --features serde`.
#![cfg(all(feature = "serde", not(target_arch = "wasm32")))]

mod common;

use jixiao::read::form::Text;
use jixiao::read::template::Template;
use jixiao::read::{built_in_template, template};
use jixiao::report::json::to_json;
use jixiao::{parse_form, Evaluator, Form, Lang, Options};

#[test]
fn reports_are_byte_equal_to_the_engines_writer_and_the_golden_files() {
    let samples = common::samples();
    assert!(samples.len() >= 3);
    for (stem, json) in samples {
        for lang in [Lang::ZhCn, Lang::En] {
            let report = common::report(&json, lang);
            assert_eq!(
                serde_json::to_string(&report).unwrap(),
                to_json(&report),
                "{stem} {lang:?}"
            );
            let golden = common::read(format!("tests/golden/{stem}.{}.json", lang.tag()));
            assert_eq!(serde_json::to_string_pretty(&report).unwrap() + "\n", golden, "{stem}");
        }
    }
}

#[test]
fn changes_are_byte_equal_to_the_engines_writer() {
    let json = common::read("examples/shiweitang-2024.json");
    let mut e = Evaluator::from_json(&json, &Options::default()).unwrap();
    let edits = [
        ("budget.byNature.basic.executed", "3,000.00"),
        ("budget.total.planned", ""),
        ("claimed.grade", "良"),
        ("unit.name", "控制字符\u{1b}[2J与\"引号\""),
        ("moneyUnit", "亿元"),
    ];
    let mut seen_budget = false;
    for (path, text) in edits {
        let change = e.set(path, text).unwrap();
        seen_budget |= change.budget.is_some();
        assert_eq!(serde_json::to_string(&change).unwrap(), to_json(&change), "{path}");
    }
    assert!(seen_budget, "a change with its budget figures was written");
    let report = e.report();
    assert_eq!(serde_json::to_string(&report).unwrap(), to_json(&report));
}

/// A JSON number with an exponent somewhere outside a string (a rough test, good for the corpus).
struct ExponentNumber;

impl ExponentNumber {
    fn is_match(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let mut in_string = false;
        let mut escaped = false;
        for (i, b) in bytes.iter().enumerate() {
            match (in_string, b) {
                (true, b'\\') if !escaped => escaped = true,
                (true, b'"') if !escaped => in_string = false,
                (true, _) => escaped = false,
                (false, b'"') => in_string = true,
                (false, b'e' | b'E') if i > 0 && bytes[i - 1].is_ascii_digit() => return true,
                _ => {}
            }
        }
        false
    }
}

/// Every form the engine reads: the samples, and the bad corpus where it loads.
fn forms() -> Vec<(String, String)> {
    let mut forms = common::samples();
    let dir = common::root().join("tests/bad");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if let Ok(text) = std::fs::read_to_string(&path) {
            forms.push((path.display().to_string(), text));
        }
    }
    forms
}

#[test]
fn forms_read_by_serde_equal_the_engines_reading_and_write_the_same_bytes() {
    let exponent_number = ExponentNumber;
    let mut read = 0;
    for (name, text) in forms() {
        let Ok(ours) = parse_form(&text) else { continue };
        read += 1;
        // a byte-order mark is the reader's to skip, before any JSON parser sees the text
        let json = text.strip_prefix('\u{feff}').unwrap_or(&text);
        // serde_json refuses half a surrogate pair (`"\ud800"`), which the engine reads as U+FFFD,
        // as JavaScript hands it over: the one place the two readers differ on purpose
        let theirs: Form = match serde_json::from_str(json) {
            Ok(form) => form,
            Err(e) if e.to_string().contains("hex escape") => continue,
            Err(e) => panic!("{name}: {e}"),
        };
        if exponent_number.is_match(json) {
            // serde_json writes an exponent with its sign (`1e40` → "1e+40"): the same number
            assert_eq!(
                to_json(&theirs).replace("e+", "e"),
                to_json(&ours).replace("e+", "e"),
                "{name}"
            );
        } else {
            assert_eq!(theirs, ours, "{name}");
        }
        assert_eq!(serde_json::to_string(&ours).unwrap(), to_json(&ours), "{name}");
    }
    assert!(read >= 20, "only {read} forms read");
}

#[test]
fn numbers_keep_their_digits_and_levels_merge_as_the_engine_merges_them() {
    let text = r#"{"version":1,"indicators":[{"id":"1","weight":0.1,"target":1e40,"actual":12345678901234567890123,
        "rule":{"kind":"levels","levels":{"优":1,"良":0.8,"优":0.9}}}]}"#;
    let theirs: Form = serde_json::from_str(text).unwrap();
    let ours = parse_form(text).unwrap();
    assert_eq!(ours.indicators[0].target, Some(Text("1e40".into())));
    assert_eq!(theirs.indicators[0].actual, ours.indicators[0].actual);
    assert_eq!(theirs.indicators[0].rule, ours.indicators[0].rule);
    let row = &theirs.indicators[0];
    assert_eq!(row.weight, Some(Text("0.1".into())));
    assert_eq!(row.target, Some(Text("1e+40".into())));
    assert_eq!(row.actual, Some(Text("12345678901234567890123".into())));
    let levels = row.rule.as_ref().unwrap().levels.as_ref().unwrap();
    assert_eq!(
        levels,
        &[("优".into(), Text("0.9".into())), ("良".into(), Text("0.8".into()))]
    );
}

#[test]
fn shapes_the_engine_refuses_serde_refuses_too() {
    for text in [
        r#"{"version":1,"colour":"red"}"#,
        r#"{"indicators":[]}"#,
        r#"{"version":1,"indicators":[{"name":"no id"}]}"#,
        r#"{"version":1,"moneyUnit":"美元"}"#,
        r#"{"version":1,"indicators":[{"id":"1","weight":true}]}"#,
        r#"{"version":1,"indicators":[{"id":"1","rule":{"kind":"guess"}}]}"#,
        r#"{"version":1,"budget":{"total":{"planned":{}}}}"#,
    ] {
        assert!(parse_form(text).is_err(), "{text}");
        assert!(serde_json::from_str::<Form>(text).is_err(), "{text}");
    }
}

#[test]
fn templates_read_and_write_as_the_engine_does() {
    let ids: Vec<&str> = template::ids().collect();
    assert!(ids.len() >= 2);
    for id in ids {
        let ours = built_in_template(id).unwrap().unwrap();
        let theirs: Template = serde_json::from_str(template::source(id).unwrap()).unwrap();
        assert_eq!(&theirs, ours, "{id}");
        assert_eq!(serde_json::to_string(&ours).unwrap(), to_json(&ours), "{id}");
    }
}
