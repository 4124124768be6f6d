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
    // the table's natures, and in the 说明 the same natures and the 12345 rate
    assert_eq!(e.report().summary.errors, 3);
    // 8,670.53 − 5,670.53 = 3,000.00: the basic spending that makes the natures add up
    let change = e.set("budget.byNature.basic.executed", "3,000.00").unwrap();
    assert!(change.issues.iter().all(|i| i.code != "budget.natureSumMismatch"));
    // the 说明 is checked again against the table: its 3,042.3 now differs from the table, one
    // finding, and the sum it is a part of is no longer held against the text
    let narrative: Vec<(&str, Option<&str>)> = change
        .issues
        .iter()
        .filter(|i| i.path == "narrative")
        .map(|i| (i.code, i.values.get("table")))
        .collect();
    assert_eq!(
        narrative,
        [
            ("narrative.rateMismatch", None),
            ("narrative.partsSumRounding", None),
            ("narrative.differsFromTable", Some("3,000.00 万元")),
        ]
    );
    assert_eq!(change.summary.errors, 2);
    assert_eq!(e.set("narrative", "").unwrap().summary.errors, 0);
    assert!(e.report().narrative.is_none());
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
    "narrative",
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
    // a row of the unit's own named so is scored from the budget table
    "预算执行率",
    "部门预算执行率（%）",
    "自评得分为 96.61 分，评价等级为“良”。",
    "全年预算数 9,022.41 万元，执行数 8,670.53 万元，完成预算的 96.1%。按支出性质看，基本支出 3,042.3 万元，项目支出 5,670.53 万元。",
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

// ---------------------------------------------------------------------------------------------
// rows added, removed and moved
// ---------------------------------------------------------------------------------------------

use jixiao::{EditError, RowKind};

/// Every row id of the report, in tree order.
fn row_ids(e: &Evaluator) -> Vec<String> {
    let report = e.report();
    let mut ids: Vec<String> = report.subtotals.iter().map(|s| s.id.clone()).collect();
    ids.extend(report.leaves.iter().map(|l| l.id.clone()));
    ids.sort();
    ids
}

fn blank(template: &str) -> Evaluator {
    let json = format!(r#"{{"version":1,"template":"{template}"}}"#);
    Evaluator::from_json(&json, &Options::default()).unwrap()
}

#[test]
fn a_blank_form_is_filled_to_a_clean_hundred_points_by_rows_added_under_its_open_parts() {
    let mut e = blank("gd-dept-overall");
    assert_eq!(
        e.add_row(Some("2.1"), None, RowKind::Leaf).unwrap_err(),
        EditError::NotOpen("indicators.2.1".into()),
        "the template fixes what is under 2.1"
    );
    assert!(matches!(
        e.add_row(None, None, RowKind::Leaf),
        Err(EditError::NotOpen(_))
    ));
    let mut leaves = Vec::new();
    for part in ["1.1", "1.2"] {
        for n in 0..5 {
            let (id, change) = e.add_row(Some(part), None, RowKind::Leaf).unwrap();
            assert_eq!(id, format!("{part}.{}", n + 1));
            assert!(
                change.to_change().leaves.iter().any(|l| l.id == id),
                "the new leaf is in the change"
            );
            leaves.push(id);
        }
    }
    for id in &leaves {
        for (field, text) in [("name", "指标"), ("weight", "5"), ("target", "≥90%"), ("actual", "95%")] {
            e.set(&format!("indicators.{id}.{field}"), text).unwrap();
        }
    }
    // the template's own rows and the budget
    for (path, text) in [
        ("budget.total.planned", "100"),
        ("budget.total.executed", "100"),
        ("indicators.2.1.2.actual", "0%"),
        ("indicators.2.2.1.actual", "按规定公开"),
        ("indicators.2.2.2.actual", "按规定公开"),
        ("indicators.2.3.1.level", "优"),
        ("indicators.2.3.2.level", "优"),
        ("indicators.2.4.1.level", "优"),
        ("indicators.2.4.2.level", "优"),
        ("indicators.2.5.1.actual", "90%"),
    ] {
        e.set(path, text).unwrap();
    }
    let report = e.report();
    assert_eq!(report, fresh(&e));
    assert_eq!((report.score.as_str(), report.grade.as_str()), ("100.00", "优"));
    assert_eq!(report.summary.errors, 0, "{:#?}", report.issues);
    // the form as typed nests the rows under their parts, in order
    let form = e.form();
    let part = form.indicators.iter().find(|n| n.id == "1.1").unwrap();
    let ids: Vec<&str> = part.children.as_ref().unwrap().iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5"]);
}

#[test]
fn removed_ids_are_never_reused_and_positions_are_kept() {
    let mut e = blank("mof-project");
    for _ in 0..3 {
        e.add_row(Some("1.1"), None, RowKind::Leaf).unwrap();
    }
    e.remove_row("1.1.3").unwrap();
    let (id, _) = e.add_row(Some("1.1"), None, RowKind::Leaf).unwrap();
    assert_eq!(id, "1.1.4", "1.1.3 was removed and is not taken again");
    let (first, _) = e.add_row(Some("1.1"), Some(0), RowKind::Leaf).unwrap();
    assert_eq!(first, "1.1.5");
    let order = |e: &Evaluator| -> Vec<String> {
        e.report()
            .leaves
            .iter()
            .filter(|l| l.parent.as_deref() == Some("1.1"))
            .map(|l| l.id.clone())
            .collect()
    };
    assert_eq!(order(&e), ["1.1.5", "1.1.1", "1.1.2", "1.1.4"]);
    e.move_row("1.1.5", Some("1.1"), Some(3)).unwrap();
    assert_eq!(order(&e), ["1.1.1", "1.1.2", "1.1.4", "1.1.5"]);
    e.move_row("1.1.1", Some("2.2"), None).unwrap();
    assert_eq!(order(&e), ["1.1.2", "1.1.4", "1.1.5"]);
    assert_eq!(e.report(), fresh(&e));
    assert_eq!(
        e.remove_row("3.1").unwrap_err(),
        EditError::FixedByTemplate("indicators.3.1".into())
    );
    assert_eq!(
        e.move_row("4", Some("1.1"), None).unwrap_err(),
        EditError::FixedByTemplate("indicators.4".into())
    );
    assert_eq!(
        e.remove_row("9.9").unwrap_err(),
        EditError::UnknownRow("indicators.9.9".into())
    );
}

#[test]
fn groups_of_the_units_own_come_with_a_row_and_a_group_without_rows_is_a_leaf() {
    let mut e = Evaluator::from_json(r#"{"version":1}"#, &Options::default()).unwrap();
    let (group, change) = e.add_row(None, None, RowKind::Group).unwrap();
    assert_eq!(group, "1");
    let change = change.to_change();
    assert!(change.leaves.iter().any(|l| l.id == "1.1"));
    assert!(change.subtotals.iter().any(|s| s.id == "1"));
    e.add_row(Some("1"), None, RowKind::Leaf).unwrap();
    assert_eq!(row_ids(&e), ["1", "1.1", "1.2"]);
    assert!(matches!(
        e.move_row("1", Some("1.1"), None),
        Err(EditError::MoveIntoItself(_))
    ));
    assert!(matches!(
        e.move_row("1", Some("1"), None),
        Err(EditError::MoveIntoItself(_))
    ));
    e.remove_row("1.1").unwrap();
    e.remove_row("1.2").unwrap();
    let report = e.report();
    assert!(
        report.leaves.iter().any(|l| l.id == "1"),
        "a group without rows is scored as a leaf"
    );
    assert_eq!(report, fresh(&e));
    // and takes rows again
    let (id, _) = e.add_row(Some("1"), None, RowKind::Leaf).unwrap();
    assert_eq!(id, "1.3");
    assert!(e.report().subtotals.iter().any(|s| s.id == "1"));
    // a leaf with values takes no rows
    e.set("indicators.1.3.target", "≥1").unwrap();
    assert!(matches!(
        e.add_row(Some("1.3"), None, RowKind::Leaf),
        Err(EditError::NotOpen(_))
    ));
    assert_eq!(e.report(), fresh(&e));
}

#[test]
fn a_rule_is_chosen_for_the_units_own_rows_only() {
    let mut e = blank("gd-dept-overall");
    let (id, _) = e.add_row(Some("1.1"), None, RowKind::Leaf).unwrap();
    e.set(&format!("indicators.{id}.weight"), "25").unwrap();
    e.set(&format!("indicators.{id}.target"), "100").unwrap();
    e.set(&format!("indicators.{id}.actual"), "80").unwrap();
    let score = |e: &Evaluator| {
        e.report()
            .leaves
            .iter()
            .find(|l| l.id == id)
            .map(|l| (l.rule.clone(), l.score.clone()))
            .unwrap()
    };
    assert_eq!(score(&e), ("proportional".to_string(), "20.00".to_string()));
    e.set(&format!("indicators.{id}.rule"), "inverse").unwrap();
    assert_eq!(score(&e), ("inverse".to_string(), "25.00".to_string()));
    assert_eq!(e.report(), fresh(&e));
    e.set(&format!("indicators.{id}.rule"), "").unwrap();
    assert_eq!(score(&e).0, "proportional");
    assert!(matches!(
        e.set(&format!("indicators.{id}.rule"), "bands"),
        Err(EditError::BadRule(_))
    ));
    assert!(matches!(
        e.set("indicators.2.1.1.rule", "manual"),
        Err(EditError::FixedByTemplate(_))
    ));
    assert!(matches!(
        e.set("indicators.1.1.rule", "manual"),
        Err(EditError::NotALeaf(_))
    ));
    assert_eq!(e.report(), fresh(&e));
}

#[derive(Clone, Debug)]
enum Step {
    Set(usize, usize, usize),
    Add(usize, usize, bool),
    Remove(usize),
    Move(usize, usize, usize),
    Rule(usize, usize),
}

const FIELDS: &[&str] = &["name", "weight", "target", "actual", "level", "score", "reason"];
const RULES: &[&str] = &[
    "",
    "proportional",
    "inverse",
    "equal",
    "levels",
    "boolean",
    "manual",
    "budgetExecution",
    "perPoint",
];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (any::<usize>(), 0..FIELDS.len(), 0..TEXTS.len()).prop_map(|(r, f, t)| Step::Set(r, f, t)),
        3 => (any::<usize>(), 0..5usize, any::<bool>()).prop_map(|(p, at, g)| Step::Add(p, at, g)),
        1 => any::<usize>().prop_map(Step::Remove),
        1 => (any::<usize>(), any::<usize>(), 0..5usize).prop_map(|(r, p, at)| Step::Move(r, p, at)),
        1 => (any::<usize>(), 0..RULES.len()).prop_map(|(r, k)| Step::Rule(r, k)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// After any sequence of cells typed and rows added, removed, moved and given a rule, the
    /// incremental report is the fresh report of the form as typed, and a refused edit changes
    /// nothing.
    #[test]
    fn edits_of_the_tree_equal_fresh(
        sample in 0..4usize,
        steps in prop::collection::vec(step(), 1..30),
        lang in prop_oneof![Just(Lang::ZhCn), Just(Lang::En)],
    ) {
        let json = match sample {
            0 => common::read("examples/shiweitang-2024.json"),
            1 => common::read("examples/mof-project-2024.json"),
            2 => common::read("examples/mistakes.json"),
            _ => r#"{"version":1}"#.to_string(),
        };
        let mut e = Evaluator::from_json(&json, &Options { lang }).unwrap();
        for s in steps {
            let ids = row_ids(&e);
            let pick = |n: usize| ids.get(n % ids.len().max(1)).cloned();
            // one in five picks the top instead of a row
            let parent = |n: usize| if n.is_multiple_of(5) { None } else { pick(n / 5) };
            let before = e.report();
            let outcome = match &s {
                Step::Set(r, f, t) => match pick(*r) {
                    Some(id) => e.set(&format!("indicators.{id}.{}", FIELDS[*f]), TEXTS[*t]).map(Some),
                    None => Ok(None),
                },
                Step::Add(p, at, group) => {
                    let kind = if *group { RowKind::Group } else { RowKind::Leaf };
                    e.add_row(parent(*p).as_deref(), Some(*at), kind).map(|(_, c)| Some(c.to_change()))
                }
                Step::Remove(r) => match pick(*r) {
                    Some(id) => e.remove_row(&id).map(|c| Some(c.to_change())),
                    None => Ok(None),
                },
                Step::Move(r, p, at) => match pick(*r) {
                    Some(id) => e.move_row(&id, parent(*p).as_deref(), Some(*at)).map(|c| Some(c.to_change())),
                    None => Ok(None),
                },
                Step::Rule(r, k) => match pick(*r) {
                    Some(id) => e.set(&format!("indicators.{id}.rule"), RULES[*k]).map(Some),
                    None => Ok(None),
                },
            };
            let report = e.report();
            match outcome {
                Ok(Some(change)) => {
                    prop_assert_eq!(&change.score, &report.score);
                    prop_assert_eq!(&change.issues, &report.issues);
                }
                Ok(None) => {}
                Err(err) => prop_assert_eq!(&before, &report, "{:?} was refused ({:?}) but changed the report", s, err),
            }
            prop_assert_eq!(&report, &fresh(&e), "after {:?}", s);
        }
    }
}

/// However much is typed, the form stays one that can be loaded again: text that would take it
/// past the 16 MiB a form may have is refused (`api.formTooLarge`), the rest is kept.
#[test]
fn the_form_never_outgrows_what_can_be_loaded_again() {
    let mut e = seed();
    let mib = "说".repeat(1024 * 1024 / 3);
    let cells = [
        "unit.name",
        "unit.preparer",
        "unit.phone",
        "unit.date",
        "goals.target",
        "goals.completion",
        "goals.reason",
        "budget.reason",
        "indicators.1.1.1.reason",
        "indicators.1.1.2.reason",
        "indicators.1.1.3.reason",
        "indicators.1.1.4.reason",
        "indicators.1.1.5.reason",
        "indicators.1.2.1.reason",
        "indicators.1.2.2.reason",
        "indicators.1.2.3.reason",
        "indicators.1.2.4.reason",
        "indicators.1.2.5.reason",
    ];
    let refused: Vec<&str> = cells
        .iter()
        .filter(|path| matches!(e.set(path, &mib), Err(err) if err.code() == "api.formTooLarge"))
        .copied()
        .collect();
    assert!(!refused.is_empty(), "18 MiB of cells were all taken");
    let json = jixiao::report::json::to_json(&e.form());
    assert!(json.len() <= jixiao::read::MAX_FORM_BYTES, "{} bytes", json.len());
    assert_eq!(jixiao::evaluate_json(&json, &Options::default()).unwrap(), e.report());
    // a 说明 typed over and over in place of itself is not counted twice
    let mut e = seed();
    let text = "说".repeat(2_000_000);
    for _ in 0..3 {
        e.set("narrative", &text).unwrap();
    }
}
