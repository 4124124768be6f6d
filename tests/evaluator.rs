//! The keystroke path: `Evaluator::set` re-scores what a cell touches, and always agrees with a
//! fresh evaluation of the form as typed.
// Native only: the wasm build is tested by tests/web.rs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use jixiao::{evaluate, load, Evaluator, Lang, Options};
use proptest::prelude::*;

fn seed() -> Evaluator {
    Evaluator::from_json(&common::read("examples/shiweitang-2024.json"), &Options::default()).unwrap()
}

fn fresh(e: &Evaluator) -> jixiao::Report {
    evaluate(&load(e.form()).unwrap(), &Options { lang: e.lang() })
}

#[test]
fn fixing_the_nature_sum_clears_the_error() {
    let mut e = seed();
    assert_eq!(e.report().summary.errors, 1);
    // 8,670.53 − 5,670.53 = 3,000.00: the basic spending that makes the natures add up
    let change = e.set("budget.byNature.basic.executed", "3,000.00").unwrap();
    assert!(change.issues.iter().all(|i| i.code != "budget.natureSumMismatch"));
    assert_eq!(change.summary.errors, 0);
    let budget = change.budget.unwrap();
    assert_eq!(budget.by_nature.executed.unwrap().difference, "0.00");
    assert!(change.leaves.is_empty(), "the rate did not move, so no leaf changed");
}

#[test]
fn typing_an_actual_rescored_that_leaf_and_its_parents_only() {
    let mut e = seed();
    let change = e.set("indicators.1.1.2.actual", "95%").unwrap();
    let ids: Vec<&str> = change.leaves.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["1.1.2"]);
    assert_eq!(change.leaves[0].score, "5.00");
    let parents: Vec<&str> = change.subtotals.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(parents, ["1", "1.1"]);
    assert_eq!(change.score, "96.82");
    // the unit still claims 4.79 for that row
    assert!(change
        .issues
        .iter()
        .any(|i| i.code == "indicators.scoreDiffers" && i.path == "indicators.1.1.2.score"));
    assert_eq!(change.budget, None);
}

#[test]
fn budget_rate_change_rescored_the_budget_row() {
    let mut e = seed();
    let change = e.set("budget.total.executed", "9,022.41").unwrap();
    let leaf = change.leaves.iter().find(|l| l.id == "2.1.1").unwrap();
    assert_eq!(leaf.score, "12.00");
    assert_eq!(change.budget.unwrap().rate.as_deref(), Some("100.00"));
}

#[test]
fn text_that_does_not_parse_is_kept_and_marked() {
    let mut e = seed();
    let change = e.set("budget.total.planned", "九千").unwrap();
    assert!(change
        .issues
        .iter()
        .any(|i| i.code == "input.unreadableNumber" && i.path == "budget.total.planned"));
    let form = common::json_value(&e.form());
    assert_eq!(form["budget"]["total"]["planned"], "九千");
    // clearing a cell removes it from the form
    e.set("budget.total.planned", "").unwrap();
    assert!(common::json_value(&e.form())["budget"]["total"]
        .get("planned")
        .is_none());
}

#[test]
fn template_rows_not_yet_typed_join_the_form() {
    let json = r#"{"version":1,"template":"mof-project"}"#;
    let mut e = Evaluator::from_json(json, &Options::default()).unwrap();
    let change = e.set("indicators.3.1.actual", "95%").unwrap();
    assert_eq!(change.leaves[0].score, "10.00");
    let form = common::json_value(&e.form());
    assert_eq!(form["indicators"][0]["id"], "3.1");
    assert_eq!(form["indicators"][0]["actual"], "95%");
    assert_eq!(e.report(), fresh(&e));
}

#[test]
fn level_words_are_given_back_in_the_order_typed_and_a_repeated_word_keeps_its_last_fraction() {
    // sorted, 一般 (U+4E00) would come before 好 (U+597D)
    let json = r#"{"version":1,"indicators":[{"id":"k","weight":"100","actual":"好",
        "rule":{"kind":"levels","levels":{"好":"0.9","一般":"0.5","好":"0.7"}}}]}"#;
    let mut e = Evaluator::from_json(json, &Options::default()).unwrap();
    assert_eq!(e.report().leaves[0].score, "70.00");
    let written = jixiao::report::json::to_json(&e.form());
    assert!(written.contains(r#""levels":{"好":"0.7","一般":"0.5"}"#), "{written}");
    // and a word not in the table is told the table in that order
    let change = e.set("indicators.k.actual", "中").unwrap();
    let unknown = change
        .issues
        .iter()
        .find(|i| i.code == "indicators.unknownLevel")
        .unwrap();
    assert_eq!(unknown.values.get("levels"), Some("好/一般"));
}

#[test]
fn misuse_is_an_error_with_a_code() {
    let mut e = seed();
    let cases = [
        ("budget.total.spent", "api.unknownPath"),
        ("indicators.9.9.actual", "api.unknownRow"),
        ("indicators.1.actual", "api.notALeaf"),
        ("indicators.1.1.1.colour", "api.unknownPath"),
        ("moneyUnit", "api.badMoneyUnit"),
        ("", "api.unknownPath"),
    ];
    for (path, code) in cases {
        let err = e.set(path, "1").unwrap_err();
        assert_eq!(err.code(), code, "{path}");
        assert!(!err.message(Lang::ZhCn).is_empty() && !err.message(Lang::En).contains('{'));
    }
    // the evaluator is unharmed
    assert_eq!(e.report(), fresh(&e));
}

const PATHS: &[&str] = &[
    "budget.total.planned",
    "budget.total.executed",
    "budget.bySource.generalPublic.executed",
    "budget.bySource.other.executed",
    "budget.byNature.basic.executed",
    "budget.byNature.project.planned",
    "budget.statedRate",
    "budget.reason",
    "claimed.score",
    "claimed.grade",
    "unit.year",
    "moneyUnit",
    "indicators.1.1.1.actual",
    "indicators.1.1.2.target",
    "indicators.1.1.3.score",
    "indicators.1.1.3.weight",
    "indicators.1.1.4.reason",
    "indicators.1.2.4.actual",
    "indicators.1.2.5.name",
    "indicators.1.weight",
    "indicators.1.1.weight",
    "indicators.2.1.1.actual",
    "indicators.2.1.2.actual",
    "indicators.2.3.1.level",
    "indicators.2.5.1.actual",
];

const TEXTS: &[&str] = &[
    "",
    "0",
    "5",
    "4.79",
    "96.1%",
    "100%",
    "9,022.41",
    "1.35亿元",
    "≥95%",
    "良",
    "优",
    "按时完成",
    "—",
    "abc",
    "-3",
    "1e40",
    "8 670,53",
    "万元",
    "元",
    "12件",
    "0.958",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// After any sequence of keystrokes, the incremental report is the fresh report of the form as typed.
    #[test]
    fn incremental_equals_fresh(steps in prop::collection::vec((0..PATHS.len(), 0..TEXTS.len()), 1..25), lang in prop_oneof![Just(Lang::ZhCn), Just(Lang::En)]) {
        let json = common::read("examples/shiweitang-2024.json");
        let mut e = Evaluator::from_json(&json, &Options { lang }).unwrap();
        for (p, t) in steps {
            let (path, text) = (PATHS[p], TEXTS[t]);
            match e.set(path, text) {
                Ok(change) => {
                    let report = e.report();
                    prop_assert_eq!(&change.score, &report.score);
                    prop_assert_eq!(&change.issues, &report.issues);
                    prop_assert_eq!(&report, &fresh(&e), "after {} = {:?}", path, text);
                }
                // only a money unit that is not 元/万元/亿元 is refused; every other text is a finding
                Err(err) => prop_assert!(path == "moneyUnit", "{:?}", err),
            }
        }
    }
}
