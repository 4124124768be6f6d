//! Every scoring rule of domain.md §3 at its boundaries (a = t, t = 0, a = 0, over-achievement,
//! floors), the rules implied by the target's comparator (§7), units, and the checks of claimed
//! leaf scores, totals and grades (§4). Each table row is a small one-leaf form (weight 100, so the
//! weights add up), the leaf score the rules give and the exact set of issue codes on that leaf.
// Native only: the wasm build is tested by tests/web.rs.
#![cfg(not(target_arch = "wasm32"))]

use jixiao::{evaluate_json, Issue, Lang, Options, Report, Severity};
use serde_json::{json, Map, Value};

fn eval(form: &Value) -> Report {
    evaluate_json(&form.to_string(), &Options { lang: Lang::ZhCn })
        .unwrap_or_else(|e| panic!("form did not load: {} {e:?}\n{form}", e.message(Lang::En)))
}

/// `over` laid over `base`; a `null` in `over` removes the field.
fn merge(base: Value, over: Value) -> Value {
    let mut out: Map<String, Value> = base.as_object().cloned().unwrap_or_default();
    for (k, v) in over.as_object().cloned().unwrap_or_default() {
        if v.is_null() {
            out.remove(&k);
        } else {
            out.insert(k, v);
        }
    }
    Value::Object(out)
}

/// A leaf with id "1", weight 100 and a reason (so only the rule's own findings show), with `fields`
/// laid over it.
fn leaf(fields: Value) -> Value {
    merge(
        json!({ "id": "1", "name": "指标", "weight": "100", "reason": "见说明" }),
        fields,
    )
}

fn form_of(leaves: Vec<Value>) -> Value {
    json!({ "version": 1, "indicators": leaves })
}

fn form_with_budget(leaf_fields: Value, budget: Value) -> Value {
    json!({ "version": 1, "budget": budget, "indicators": [leaf(leaf_fields)] })
}

/// Codes of the issues about leaf `id` (its own path or one of its fields), sorted.
fn leaf_codes(report: &Report, id: &str) -> Vec<&'static str> {
    let own = format!("indicators.{id}");
    let field = format!("indicators.{id}.");
    let mut codes: Vec<&'static str> = report
        .issues
        .iter()
        .filter(|i| i.path == own || i.path.starts_with(&field))
        .map(|i| i.code)
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

fn issue<'a>(report: &'a Report, code: &str) -> &'a Issue {
    report
        .issues
        .iter()
        .find(|i| i.code == code)
        .unwrap_or_else(|| panic!("no issue {code} in {:#?}", report.issues))
}

fn has(report: &Report, code: &str) -> bool {
    report.issues.iter().any(|i| i.code == code)
}

struct Case {
    name: &'static str,
    form: Value,
    score: &'static str,
    rule: &'static str,
    codes: &'static [&'static str],
}

/// A one-leaf form without a budget table.
fn case(
    name: &'static str,
    fields: Value,
    score: &'static str,
    rule: &'static str,
    codes: &'static [&'static str],
) -> Case {
    Case {
        name,
        form: form_of(vec![leaf(fields)]),
        score,
        rule,
        codes,
    }
}

/// Runs a table; every row is checked and all failures are reported together.
fn run(cases: Vec<Case>) {
    let mut failures = Vec::new();
    for c in &cases {
        let report = eval(&c.form);
        let Some(l) = report.leaves.iter().find(|l| l.id == "1") else {
            failures.push(format!("{}: no leaf 1", c.name));
            continue;
        };
        let mut expected: Vec<&str> = c.codes.to_vec();
        expected.sort_unstable();
        let got = leaf_codes(&report, "1");
        if l.score != c.score || l.rule != c.rule || got != expected {
            failures.push(format!(
                "{}: expected score {} rule {} codes {:?}; got score {} rule {} codes {:?} ({})",
                c.name, c.score, c.rule, expected, l.score, l.rule, got, l.explain
            ));
        }
        if has(&report, "indicators.weightTotalMismatch") {
            failures.push(format!("{}: the test form's weights do not add up", c.name));
        }
        // the single leaf is the whole form: the total is its score
        if report.score != l.score {
            failures.push(format!(
                "{}: total {} is not the leaf's {}",
                c.name, report.score, l.score
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

const NO_ISSUES: &[&str] = &[];
const MISSING_REASON: &[&str] = &["indicators.missingReason"];

// ---------------------------------------------------------------------------------------------
// proportional: w × min(a/t, 1); t = 0 → w
// ---------------------------------------------------------------------------------------------

#[test]
fn proportional() {
    let r = || json!({ "kind": "proportional" });
    run(vec![
        case(
            "a = t",
            json!({"rule": r(), "target": "90%", "actual": "90%"}),
            "100.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "a < t",
            json!({"rule": r(), "target": "90%", "actual": "85%"}),
            "94.44",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "a > t capped at w",
            json!({"rule": r(), "target": "90%", "actual": "99%"}),
            "100.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "t = 0",
            json!({"rule": r(), "target": "0", "actual": "5"}),
            "100.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "t = 0, a = 0",
            json!({"rule": r(), "target": "0", "actual": "0"}),
            "100.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "a = 0",
            json!({"rule": r(), "target": "90%", "actual": "0%"}),
            "0.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "a < 0 floors at 0",
            json!({"rule": r(), "target": "90", "actual": "-10"}),
            "0.00",
            "proportional",
            NO_ISSUES,
        ),
        // 100 × 1 / 800 = 0.125: half away from zero gives 0.13 (half to even would give 0.12)
        case(
            "0.125 rounds up",
            json!({"rule": r(), "target": "800", "actual": "1"}),
            "0.13",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "1/3",
            json!({"rule": r(), "target": "3", "actual": "1"}),
            "33.33",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "2/3",
            json!({"rule": r(), "target": "3", "actual": "2"}),
            "66.67",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "below w without reason",
            json!({"rule": r(), "target": "90%", "actual": "85%", "reason": null}),
            "94.44",
            "proportional",
            MISSING_REASON,
        ),
        case(
            "empty reason counts as none",
            json!({"rule": r(), "target": "90%", "actual": "85%", "reason": "  "}),
            "94.44",
            "proportional",
            MISSING_REASON,
        ),
        case(
            "met without reason",
            json!({"rule": r(), "target": "90%", "actual": "90%", "reason": null}),
            "100.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "full-width digits and ％",
            json!({"rule": r(), "target": "９０％", "actual": "８１％"}),
            "90.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "grouped thousands",
            json!({"rule": r(), "target": "12,000人次", "actual": "9,000人次"}),
            "75.00",
            "proportional",
            NO_ISSUES,
        ),
    ]);
}

#[test]
fn proportional_units_convert_exactly() {
    let r = || json!({ "kind": "proportional" });
    run(vec![
        case(
            "元 against 万元",
            json!({"rule": r(), "target": "100万元", "actual": "500000元"}),
            "50.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "元 against 万元, 99%",
            json!({"rule": r(), "target": "100万元", "actual": "990000元"}),
            "99.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "万元 against 亿元",
            json!({"rule": r(), "target": "≥1亿元", "actual": "5000万元"}),
            "50.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "亿元 against 万元 met",
            json!({"rule": r(), "target": "≥100万元", "actual": "0.01亿元"}),
            "100.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "万 as 万元",
            json!({"rule": r(), "target": "≥100万元", "actual": "80万"}),
            "80.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "亿元 against 元",
            json!({"rule": r(), "target": "≥200000000元", "actual": "1.5亿元"}),
            "75.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "% against a bare number",
            json!({"rule": r(), "target": "≥90%", "actual": "90"}),
            "100.00",
            "proportional",
            &["indicators.unitMismatch"],
        ),
        case(
            "件 against 人次",
            json!({"rule": r(), "target": "≥100件", "actual": "100人次"}),
            "100.00",
            "proportional",
            &["indicators.unitMismatch"],
        ),
    ]);
}

#[test]
fn percent_over_100_only_for_bounded_ratios() {
    let over = |name: &str| json!({"name": name, "target": "≥90%", "actual": "120%"});
    run(vec![
        case(
            "完成率",
            over("完成率"),
            "100.00",
            "proportional",
            &["indicators.percentOver100"],
        ),
        case(
            "满意度",
            over("服务对象满意度"),
            "100.00",
            "proportional",
            &["indicators.percentOver100"],
        ),
        case(
            "增长率 may exceed 100%",
            over("收入增长率"),
            "100.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "no ratio in the name",
            over("产值"),
            "100.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "exactly 100% is fine",
            json!({"name": "完成率", "target": "≥90%", "actual": "100%"}),
            "100.00",
            "proportional",
            NO_ISSUES,
        ),
    ]);
}

// ---------------------------------------------------------------------------------------------
// inverse: a ≤ t → w, else w × t / a
// ---------------------------------------------------------------------------------------------

#[test]
fn inverse() {
    let r = || json!({ "kind": "inverse" });
    run(vec![
        case(
            "a = t",
            json!({"target": "≤50万元", "actual": "50万元"}),
            "100.00",
            "inverse",
            NO_ISSUES,
        ),
        case(
            "a < t",
            json!({"target": "≤50万元", "actual": "40万元"}),
            "100.00",
            "inverse",
            NO_ISSUES,
        ),
        case(
            "a > t",
            json!({"target": "≤50万元", "actual": "60万元"}),
            "83.33",
            "inverse",
            NO_ISSUES,
        ),
        case(
            "a = 0",
            json!({"target": "≤50万元", "actual": "0万元"}),
            "100.00",
            "inverse",
            NO_ISSUES,
        ),
        case(
            "t = 0, a = 0",
            json!({"target": "≤0", "actual": "0"}),
            "100.00",
            "inverse",
            NO_ISSUES,
        ),
        case(
            "t = 0, a > 0",
            json!({"target": "≤0", "actual": "5"}),
            "0.00",
            "inverse",
            NO_ISSUES,
        ),
        case(
            "a in 元",
            json!({"target": "≤50万元", "actual": "600000元"}),
            "83.33",
            "inverse",
            NO_ISSUES,
        ),
        case(
            "a in 亿元",
            json!({"target": "≤50万元", "actual": "0.006亿元"}),
            "83.33",
            "inverse",
            NO_ISSUES,
        ),
        case(
            "a far over t",
            json!({"target": "≤50万元", "actual": "1亿元"}),
            "0.50",
            "inverse",
            NO_ISSUES,
        ),
        case(
            "explicit rule, bare target",
            json!({"rule": r(), "target": "50", "actual": "200"}),
            "25.00",
            "inverse",
            NO_ISSUES,
        ),
        case(
            "explicit rule wins over ≥",
            json!({"rule": r(), "target": "≥50", "actual": "40"}),
            "100.00",
            "inverse",
            NO_ISSUES,
        ),
        case(
            "a > t without reason",
            json!({"target": "≤50万元", "actual": "60万元", "reason": null}),
            "83.33",
            "inverse",
            MISSING_REASON,
        ),
    ]);
}

// ---------------------------------------------------------------------------------------------
// equal: a = t → w, else proportional by closeness (or 0)
// ---------------------------------------------------------------------------------------------

#[test]
fn equal() {
    let zero = || json!({ "kind": "equal", "otherwise": "zero" });
    let close = || json!({ "kind": "equal", "otherwise": "proportional" });
    run(vec![
        case(
            "a = t",
            json!({"target": "=100%", "actual": "100%"}),
            "100.00",
            "equal",
            NO_ISSUES,
        ),
        case(
            "a = t at another scale",
            json!({"target": "=100%", "actual": "100.00%"}),
            "100.00",
            "equal",
            NO_ISSUES,
        ),
        case(
            "a < t by closeness",
            json!({"target": "=100%", "actual": "98%"}),
            "98.00",
            "equal",
            NO_ISSUES,
        ),
        // over the target is as far off as under: 100 × 100/102 = 98.039…
        case(
            "a > t by closeness",
            json!({"target": "=100", "actual": "102"}),
            "98.04",
            "equal",
            NO_ISSUES,
        ),
        case(
            "a = 0",
            json!({"target": "=100%", "actual": "0%"}),
            "0.00",
            "equal",
            NO_ISSUES,
        ),
        case(
            "t = 0, a = 0",
            json!({"target": "=0", "actual": "0"}),
            "100.00",
            "equal",
            NO_ISSUES,
        ),
        case(
            "t = 0, a > 0",
            json!({"target": "=0", "actual": "5"}),
            "0.00",
            "equal",
            NO_ISSUES,
        ),
        case(
            "explicit proportional",
            json!({"rule": close(), "target": "50", "actual": "40"}),
            "80.00",
            "equal",
            NO_ISSUES,
        ),
        case(
            "otherwise zero, miss",
            json!({"rule": zero(), "target": "=100%", "actual": "98%"}),
            "0.00",
            "equal",
            NO_ISSUES,
        ),
        case(
            "otherwise zero, hit",
            json!({"rule": zero(), "target": "=100%", "actual": "100%"}),
            "100.00",
            "equal",
            NO_ISSUES,
        ),
        case(
            "otherwise zero, over",
            json!({"rule": zero(), "target": "=100%", "actual": "100.01%"}),
            "0.00",
            "equal",
            NO_ISSUES,
        ),
        case(
            "units convert before comparing",
            json!({"target": "=1万元", "actual": "10000元"}),
            "100.00",
            "equal",
            NO_ISSUES,
        ),
    ]);
}

// ---------------------------------------------------------------------------------------------
// perPoint: w − deduct × gap / per, floor 0
// ---------------------------------------------------------------------------------------------

#[test]
fn per_point() {
    let r = |per: &str, deduct: &str| json!({ "kind": "perPoint", "per": per, "deduct": deduct });
    let at = |target: &str, actual: &str, per: &str, deduct: &str| json!({"rule": r(per, deduct), "target": target, "actual": actual});
    run(vec![
        case("a = t", at("≥95%", "95%", "1", "0.5"), "100.00", "perPoint", NO_ISSUES),
        case(
            "5 points short",
            at("≥95%", "90%", "1", "0.5"),
            "97.50",
            "perPoint",
            NO_ISSUES,
        ),
        case(
            "over-achievement",
            at("≥95%", "99%", "1", "0.5"),
            "100.00",
            "perPoint",
            NO_ISSUES,
        ),
        case("a = 0", at("≥95%", "0%", "1", "0.5"), "52.50", "perPoint", NO_ISSUES),
        case(
            "deducted exactly to 0",
            at("≥95%", "85%", "1", "10"),
            "0.00",
            "perPoint",
            NO_ISSUES,
        ),
        case(
            "floor at 0 (扣完为止)",
            at("≥95%", "80%", "1", "10"),
            "0.00",
            "perPoint",
            NO_ISSUES,
        ),
        case("t = 0, a = 0", at("≥0", "0", "1", "1"), "100.00", "perPoint", NO_ISSUES),
        case(
            "per 0.5",
            at("≥95%", "94.2%", "0.5", "1"),
            "98.40",
            "perPoint",
            NO_ISSUES,
        ),
        // 100 − 1/3 = 99.666…
        case(
            "per 3 rounds",
            at("≥95", "94", "3", "1"),
            "99.67",
            "perPoint",
            NO_ISSUES,
        ),
        case(
            "≤ target: over is the gap",
            at("≤5%", "7%", "1", "0.5"),
            "99.00",
            "perPoint",
            NO_ISSUES,
        ),
        case(
            "≤ target: under is full",
            at("≤5%", "3%", "1", "0.5"),
            "100.00",
            "perPoint",
            NO_ISSUES,
        ),
        case(
            "units: 10万元 short in 元",
            at("≥100万元", "900000元", "10", "1"),
            "99.00",
            "perPoint",
            NO_ISSUES,
        ),
        case(
            "deduct 0 never deducts",
            at("≥95%", "10%", "1", "0"),
            "100.00",
            "perPoint",
            NO_ISSUES,
        ),
    ]);
}

// ---------------------------------------------------------------------------------------------
// bands: table lookup, first band that holds; otherwiseScore (default 0)
// ---------------------------------------------------------------------------------------------

/// 预算调整率 of domain.md §3 scaled to 100: 0 → 100, ≤10% → 75, ≤20% → 50, ≤30% → 25, else 0.
fn adjustment_bands() -> Value {
    json!([
        { "from": "0%", "upTo": "0%", "score": "100" },
        { "upTo": "10%", "score": "75" },
        { "upTo": "20%", "score": "50" },
        { "upTo": "30%", "score": "25" }
    ])
}

#[test]
fn bands() {
    let r = || json!({ "kind": "bands", "bands": adjustment_bands() });
    let a = |actual: &str| json!({"rule": r(), "actual": actual});
    run(vec![
        case("0 → 100", a("0%"), "100.00", "bands", NO_ISSUES),
        case("5% → 75", a("5%"), "75.00", "bands", NO_ISSUES),
        case("10% is in ≤10%", a("10%"), "75.00", "bands", NO_ISSUES),
        case("10.01% is in ≤20%", a("10.01%"), "50.00", "bands", NO_ISSUES),
        case("20% is in ≤20%", a("20%"), "50.00", "bands", NO_ISSUES),
        case("30% is in ≤30%", a("30%"), "25.00", "bands", NO_ISSUES),
        case("30.01% → otherwise 0", a("30.01%"), "0.00", "bands", NO_ISSUES),
        case(
            "otherwiseScore",
            json!({"rule": {"kind": "bands", "bands": adjustment_bands(), "otherwiseScore": "10"}, "actual": "45%"}),
            "10.00",
            "bands",
            NO_ISSUES,
        ),
        case(
            "a band worth more than w is capped",
            json!({"rule": {"kind": "bands", "bands": [{"from": "0", "score": "150"}]}, "actual": "1"}),
            "100.00",
            "bands",
            NO_ISSUES,
        ),
        case(
            "money bounds convert: 800000元 is under 100万元",
            json!({"rule": {"kind": "bands", "bands": [
                {"from": "100万元", "score": "100"}, {"from": "50万元", "score": "60"}
            ]}, "actual": "800000元"}),
            "60.00",
            "bands",
            NO_ISSUES,
        ),
        case(
            "money bounds convert: 1000000元 is 100万元",
            json!({"rule": {"kind": "bands", "bands": [
                {"from": "100万元", "score": "100"}, {"from": "50万元", "score": "60"}
            ]}, "actual": "1000000元"}),
            "100.00",
            "bands",
            NO_ISSUES,
        ),
        case(
            "words are not a band value",
            json!({"rule": r(), "actual": "很多"}),
            "0.00",
            "bands",
            &["indicators.unreadableActual"],
        ),
        case(
            "75 without reason",
            json!({"rule": r(), "actual": "5%", "reason": null}),
            "75.00",
            "bands",
            MISSING_REASON,
        ),
    ]);
}

// ---------------------------------------------------------------------------------------------
// levels: 优/良/中/差 → 1/0.8/0.6/0 of w
// ---------------------------------------------------------------------------------------------

#[test]
fn levels() {
    let r = || json!({ "kind": "levels" });
    let a = |actual: &str| json!({"rule": r(), "actual": actual});
    run(vec![
        case("优", a("优"), "100.00", "levels", NO_ISSUES),
        case("良", a("良"), "80.00", "levels", NO_ISSUES),
        case("中", a("中"), "60.00", "levels", NO_ISSUES),
        case("差", a("差"), "0.00", "levels", NO_ISSUES),
        case("达成", a("达成"), "100.00", "levels", NO_ISSUES),
        case("基本达成", a("基本达成"), "80.00", "levels", NO_ISSUES),
        case("部分达成", a("部分达成"), "60.00", "levels", NO_ISSUES),
        case("未达成", a("未达成"), "0.00", "levels", NO_ISSUES),
        case("English, any case", a("Good"), "80.00", "levels", NO_ISSUES),
        case("优秀", a("优秀"), "100.00", "levels", NO_ISSUES),
        case("良好", a("良好"), "80.00", "levels", NO_ISSUES),
        case("中等", a("中等"), "60.00", "levels", NO_ISSUES),
        case("较差", a("较差"), "0.00", "levels", NO_ISSUES),
        case(
            "the level field",
            json!({"rule": r(), "level": "良"}),
            "80.00",
            "levels",
            NO_ISSUES,
        ),
        case(
            "custom table",
            json!({"rule": {"kind": "levels", "levels": {"好": "0.9", "一般": "0.5"}}, "actual": "一般"}),
            "50.00",
            "levels",
            NO_ISSUES,
        ),
        case(
            "unknown word",
            a("一般"),
            "0.00",
            "levels",
            &["indicators.unknownLevel"],
        ),
        case(
            "implied by a level target",
            json!({"target": "优", "actual": "良"}),
            "80.00",
            "levels",
            NO_ISSUES,
        ),
        // the target's own level reached is the target met, as any word the target names
        case(
            "a level target reached with its own word",
            json!({"target": "良", "actual": "良"}),
            "100.00",
            "boolean",
            NO_ISSUES,
        ),
        case(
            "a level target passed",
            json!({"target": "良", "actual": "优"}),
            "100.00",
            "levels",
            NO_ISSUES,
        ),
        case(
            "implied by the level field",
            json!({"level": "中"}),
            "60.00",
            "levels",
            NO_ISSUES,
        ),
        case(
            "良 without reason",
            json!({"rule": r(), "actual": "良", "reason": null}),
            "80.00",
            "levels",
            MISSING_REASON,
        ),
    ]);
}

// ---------------------------------------------------------------------------------------------
// boolean and qualitative words: done → w, not done → 0; the target's own word means met
// ---------------------------------------------------------------------------------------------

#[test]
fn boolean_and_qualitative() {
    let r = || json!({ "kind": "boolean" });
    run(vec![
        case(
            "same words",
            json!({"rule": r(), "target": "按时完成", "actual": "按时完成"}),
            "100.00",
            "boolean",
            NO_ISSUES,
        ),
        case(
            "是",
            json!({"rule": r(), "target": "是", "actual": "是"}),
            "100.00",
            "boolean",
            NO_ISSUES,
        ),
        case(
            "是 for 按时完成",
            json!({"rule": r(), "target": "按时完成", "actual": "是"}),
            "100.00",
            "boolean",
            NO_ISSUES,
        ),
        case(
            "√",
            json!({"rule": r(), "target": "是", "actual": "√"}),
            "100.00",
            "boolean",
            NO_ISSUES,
        ),
        case(
            "否",
            json!({"rule": r(), "target": "是", "actual": "否"}),
            "0.00",
            "boolean",
            NO_ISSUES,
        ),
        case(
            "未完成",
            json!({"rule": r(), "target": "按时完成", "actual": "未完成"}),
            "0.00",
            "boolean",
            NO_ISSUES,
        ),
        case(
            "implied: 明显提升 = 明显提升",
            json!({"target": "明显提升", "actual": "明显提升"}),
            "100.00",
            "boolean",
            NO_ISSUES,
        ),
        case(
            "implied: 有效 = 有效",
            json!({"target": "有效", "actual": "有效"}),
            "100.00",
            "boolean",
            NO_ISSUES,
        ),
        case(
            "implied: 及时 vs 不及时",
            json!({"target": "及时", "actual": "不及时"}),
            "0.00",
            "boolean",
            NO_ISSUES,
        ),
        case(
            "implied: surrounding spaces do not matter",
            json!({"target": " 明显提升 ", "actual": "明显提升"}),
            "100.00",
            "boolean",
            NO_ISSUES,
        ),
        case(
            "other words cannot be judged",
            json!({"target": "明显提升", "actual": "有所提升"}),
            "0.00",
            "boolean",
            &["indicators.unreadableYesNo"],
        ),
        case(
            "not done without reason",
            json!({"target": "是", "actual": "否", "reason": null}),
            "0.00",
            "boolean",
            MISSING_REASON,
        ),
    ]);
}

// ---------------------------------------------------------------------------------------------
// deductions: w − Σ points, floor 0 (扣完为止)
// ---------------------------------------------------------------------------------------------

#[test]
fn deductions() {
    let items = |points: &[&str]| {
        let list: Vec<Value> = points
            .iter()
            .enumerate()
            .map(|(i, p)| json!({"fault": format!("问题{i}"), "points": p}))
            .collect();
        json!({"rule": {"kind": "deductions", "items": list}})
    };
    run(vec![
        case("none", items(&[]), "100.00", "deductions", NO_ISSUES),
        case(
            "no items field",
            json!({"rule": {"kind": "deductions"}}),
            "100.00",
            "deductions",
            NO_ISSUES,
        ),
        case("two faults", items(&["3", "2.5"]), "94.50", "deductions", NO_ISSUES),
        case("exactly w", items(&["100"]), "0.00", "deductions", NO_ISSUES),
        case("floor at 0", items(&["60", "50"]), "0.00", "deductions", NO_ISSUES),
        case(
            "0.233 + 0.232 + 0.233",
            items(&["0.233", "0.232", "0.233"]),
            "99.30",
            "deductions",
            NO_ISSUES,
        ),
        case("0.005 rounds up", items(&["99.995"]), "0.01", "deductions", NO_ISSUES),
        case("with 分", items(&["3分"]), "97.00", "deductions", NO_ISSUES),
    ]);
}

// ---------------------------------------------------------------------------------------------
// budgetExecution: w × min(rate, 1) from the budget table; full from fullFrom
// ---------------------------------------------------------------------------------------------

fn seed_budget() -> Value {
    // 8670.53 / 9022.41 = 96.0999…%
    json!({ "total": { "planned": "9,022.41", "executed": "8,670.53" }, "reason": "见说明" })
}

fn budget_rule(full_from: Option<&str>) -> Value {
    match full_from {
        Some(f) => json!({ "kind": "budgetExecution", "fullFrom": f }),
        None => json!({ "kind": "budgetExecution" }),
    }
}

fn budget_case(
    name: &'static str,
    fields: Value,
    budget: Value,
    score: &'static str,
    codes: &'static [&'static str],
) -> Case {
    Case {
        name,
        form: form_with_budget(fields, budget),
        score,
        rule: "budgetExecution",
        codes,
    }
}

#[test]
fn budget_execution() {
    let plain =
        |planned: &str, executed: &str| json!({"total": {"planned": planned, "executed": executed}, "reason": "r"});
    run(vec![
        budget_case(
            "seed rate",
            json!({"rule": budget_rule(None)}),
            seed_budget(),
            "96.10",
            NO_ISSUES,
        ),
        budget_case(
            "stated 96.1% matches",
            json!({"rule": budget_rule(None), "actual": "96.1%"}),
            seed_budget(),
            "96.10",
            NO_ISSUES,
        ),
        budget_case(
            "stated as the fraction 0.961",
            json!({"rule": budget_rule(None), "actual": "0.961"}),
            seed_budget(),
            "96.10",
            NO_ISSUES,
        ),
        budget_case(
            "stated 96.2% is wrong",
            json!({"rule": budget_rule(None), "actual": "96.2%"}),
            seed_budget(),
            "96.10",
            &["indicators.budgetRateMismatch"],
        ),
        // a target typed beside a rule that does not score by it was not missed
        budget_case(
            "full marks claimed, a target typed",
            json!({"rule": budget_rule(None), "target": "≥95%", "actual": "96.1%", "score": "100"}),
            seed_budget(),
            "96.10",
            &["indicators.scoreDiffers"],
        ),
        // a row of the unit's own named 预算执行率, with no rule: scored from the table as well
        budget_case(
            "named, no target: w × the table's rate",
            json!({"name": "预算执行率", "score": "96.10"}),
            seed_budget(),
            "96.10",
            NO_ISSUES,
        ),
        budget_case(
            "named, target 100%, a wrong rate stated",
            json!({"name": " 部门预算执行率（%）", "target": "100%", "actual": "97.1%", "reason": "r"}),
            seed_budget(),
            "96.10",
            &["indicators.budgetRateMismatch"],
        ),
        budget_case(
            "named, target ≥95%: full marks from 95%",
            json!({"name": "预算执行率", "target": "≥95%", "actual": "96.1%"}),
            seed_budget(),
            "100.00",
            NO_ISSUES,
        ),
        case(
            "named, no budget table: the target decides",
            json!({"name": "预算执行率", "target": "≥95%", "actual": "90%", "reason": "r"}),
            "94.74",
            "proportional",
            NO_ISSUES,
        ),
        Case {
            name: "another rate's name",
            form: form_with_budget(
                json!({"name": "项目预算执行率", "target": "≥95%", "actual": "94%"}),
                seed_budget(),
            ),
            score: "98.95",
            rule: "proportional",
            codes: NO_ISSUES,
        },
        budget_case(
            "fullFrom 95% reached",
            json!({"rule": budget_rule(Some("95%"))}),
            seed_budget(),
            "100.00",
            NO_ISSUES,
        ),
        budget_case(
            "fullFrom 97% not reached",
            json!({"rule": budget_rule(Some("97%"))}),
            seed_budget(),
            "96.10",
            NO_ISSUES,
        ),
        // the exact rate 96.0999…% is below 96.1% even though it prints as 96.10%
        budget_case(
            "fullFrom 96.1% missed by the exact rate",
            json!({"rule": budget_rule(Some("96.1%"))}),
            seed_budget(),
            "96.10",
            NO_ISSUES,
        ),
        budget_case(
            "fullFrom as a fraction 0.95",
            json!({"rule": budget_rule(Some("0.95"))}),
            seed_budget(),
            "100.00",
            NO_ISSUES,
        ),
        budget_case(
            "fullFrom boundary: 95% = 95%",
            json!({"rule": budget_rule(Some("95%"))}),
            plain("100", "95"),
            "100.00",
            NO_ISSUES,
        ),
        budget_case(
            "fullFrom boundary: 94.99%",
            json!({"rule": budget_rule(Some("95%"))}),
            plain("100", "94.99"),
            "94.99",
            NO_ISSUES,
        ),
        budget_case(
            "over-executed capped",
            json!({"rule": budget_rule(None)}),
            plain("100", "120"),
            "100.00",
            NO_ISSUES,
        ),
        budget_case(
            "executed 0",
            json!({"rule": budget_rule(None)}),
            plain("100", "0"),
            "0.00",
            NO_ISSUES,
        ),
        budget_case(
            "rate exactly 100%",
            json!({"rule": budget_rule(None)}),
            plain("100", "100"),
            "100.00",
            NO_ISSUES,
        ),
        budget_case(
            "亿元 and 万元 in one table",
            json!({"rule": budget_rule(None)}),
            plain("1.35亿元", "12150万元"),
            "90.00",
            NO_ISSUES,
        ),
        budget_case(
            "moneyUnit 元 does not change the rate",
            json!({"rule": budget_rule(None)}),
            plain("1000000元", "95.5万元"),
            "95.50",
            NO_ISSUES,
        ),
        budget_case(
            "no budget table: the stated rate is used",
            json!({"rule": budget_rule(None), "actual": "80%"}),
            json!({}),
            "80.00",
            NO_ISSUES,
        ),
        budget_case(
            "no table, no actual",
            json!({"rule": budget_rule(None)}),
            json!({}),
            "0.00",
            &["indicators.notFilled"],
        ),
        budget_case(
            "below w without reason",
            json!({"rule": budget_rule(None), "reason": null}),
            seed_budget(),
            "96.10",
            MISSING_REASON,
        ),
    ]);
}

#[test]
fn budget_execution_with_money_unit_yuan() {
    let form = json!({
        "version": 1,
        "moneyUnit": "元",
        "budget": { "total": { "planned": "1,000,000", "executed": "955,000" } },
        "indicators": [leaf(json!({"rule": budget_rule(None)}))]
    });
    let report = eval(&form);
    assert_eq!(report.budget.rate.as_deref(), Some("95.50"));
    assert_eq!(report.leaves[0].score, "95.50");
}

// ---------------------------------------------------------------------------------------------
// manual: the claimed score, checked against 0..w
// ---------------------------------------------------------------------------------------------

#[test]
fn manual() {
    let r = || json!({ "kind": "manual" });
    run(vec![
        case(
            "within",
            json!({"rule": r(), "score": "85"}),
            "85.00",
            "manual",
            NO_ISSUES,
        ),
        case("w", json!({"rule": r(), "score": "100"}), "100.00", "manual", NO_ISSUES),
        case("0", json!({"rule": r(), "score": "0"}), "0.00", "manual", NO_ISSUES),
        case(
            "with 分",
            json!({"rule": r(), "score": "85分"}),
            "85.00",
            "manual",
            NO_ISSUES,
        ),
        case(
            "1.005 rounds to 1.01",
            json!({"rule": r(), "score": "1.005"}),
            "1.01",
            "manual",
            NO_ISSUES,
        ),
        case(
            "over w",
            json!({"rule": r(), "score": "120"}),
            "100.00",
            "manual",
            &["indicators.scoreOutOfRange"],
        ),
        case(
            "just over w",
            json!({"rule": r(), "score": "100.01"}),
            "100.00",
            "manual",
            &["indicators.scoreOutOfRange"],
        ),
        case(
            "below 0",
            json!({"rule": r(), "score": "-5"}),
            "0.00",
            "manual",
            &["indicators.scoreOutOfRange"],
        ),
        case(
            "not filled",
            json!({"rule": r()}),
            "0.00",
            "manual",
            &["indicators.scoreNotFilled"],
        ),
        // §7: rows with only 分值 and 得分 stand as manual scores
        case(
            "only weight and score",
            json!({"score": "8.5"}),
            "8.50",
            "manual",
            NO_ISSUES,
        ),
        case(
            "only weight and score, over w",
            json!({"score": "101"}),
            "100.00",
            "manual",
            &["indicators.scoreOutOfRange"],
        ),
        case(
            "below w without reason",
            json!({"rule": r(), "score": "85", "reason": null}),
            "85.00",
            "manual",
            MISSING_REASON,
        ),
    ]);
}

#[test]
fn score_out_of_range_names_the_row_and_the_range() {
    let report = eval(&form_of(vec![leaf(
        json!({"rule": {"kind": "manual"}, "score": "120"}),
    )]));
    let i = issue(&report, "indicators.scoreOutOfRange");
    assert_eq!(i.severity, Severity::Error);
    assert_eq!(i.path, "indicators.1.score");
    assert_eq!(i.values.get("claimed"), Some("120"));
    assert_eq!(i.values.get("weight"), Some("100"));
}

#[test]
fn a_weight_not_filled_or_unreadable_holds_no_score_to_a_range() {
    // the weight's own finding says what is wrong; "得分 6 超出 0 至 0 的范围" said nothing more
    for weight in [json!("6,5"), json!(null)] {
        let report = eval(&form_of(vec![leaf(
            json!({"weight": weight, "score": "6", "target": "≥90%", "actual": "95%"}),
        )]));
        let codes: Vec<&str> = report.issues.iter().map(|i| i.code).collect();
        assert!(!codes.contains(&"indicators.scoreOutOfRange"), "{weight}: {codes:?}");
        assert!(
            codes.contains(&"input.ambiguousNumber") || codes.contains(&"indicators.missingWeight"),
            "{weight}: {codes:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// rules implied by the target's comparator
// ---------------------------------------------------------------------------------------------

#[test]
fn implied_by_at_least() {
    let c = |name: &'static str, target: &str| {
        case(
            name,
            json!({"target": target, "actual": "81%"}),
            "90.00",
            "proportional",
            NO_ISSUES,
        )
    };
    run(vec![
        c("≥", "≥90%"),
        c(">=", ">=90%"),
        c("≧", "≧90%"),
        c("≥ with a space", "≥ 90%"),
        c("full-width ＞＝", "＞＝90%"),
        c("不低于", "不低于90%"),
        c("不少于", "不少于90%"),
        c("大于等于", "大于等于90%"),
        c("以上", "90%以上"),
        c("及以上", "90%及以上"),
        c("bare number", "90%"),
    ]);
}

#[test]
fn implied_by_95_percent_and_above() {
    run(vec![
        // 100 × 90 / 95 = 94.736…
        case(
            "95%以上, a = 90%",
            json!({"target": "95%以上", "actual": "90%"}),
            "94.74",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "95%以上, a = 95%",
            json!({"target": "95%以上", "actual": "95%"}),
            "100.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "95%以上, a = 96%",
            json!({"target": "95%以上", "actual": "96%"}),
            "100.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "bare count",
            json!({"target": "100", "actual": "80"}),
            "80.00",
            "proportional",
            NO_ISSUES,
        ),
    ]);
}

#[test]
fn implied_by_at_most() {
    let c = |name: &'static str, target: &str| {
        case(
            name,
            json!({"target": target, "actual": "60万元"}),
            "83.33",
            "inverse",
            NO_ISSUES,
        )
    };
    run(vec![
        c("≤", "≤50万元"),
        c("<=", "<=50万元"),
        c("≦", "≦50万元"),
        c("不超过", "不超过50万元"),
        c("不高于", "不高于50万元"),
        c("小于等于", "小于等于50万元"),
        c("以内", "50万元以内"),
        c("以下", "50万元以下"),
    ]);
}

#[test]
fn implied_by_equal() {
    let c = |name: &'static str, target: &str| {
        case(
            name,
            json!({"target": target, "actual": "102件"}),
            "98.04",
            "equal",
            NO_ISSUES,
        )
    };
    run(vec![
        c("=", "=100件"),
        c("full-width ＝", "＝100件"),
        c("stray ═", "═100件"),
        // domain.md §7 lists 达到 with = and ＝
        c("达到", "达到100件"),
    ]);
}

// ---------------------------------------------------------------------------------------------
// actuals that restate the target (`≥95%`): met, with a warning that the value is missing
// ---------------------------------------------------------------------------------------------

#[test]
fn restated_actuals() {
    const RESTATED: &[&str] = &["indicators.actualRestatesTarget"];
    run(vec![
        case(
            "≥95% as actual",
            json!({"target": "≥95%", "actual": "≥95%"}),
            "100.00",
            "proportional",
            RESTATED,
        ),
        case(
            "≥96% as actual",
            json!({"target": "≥95%", "actual": "≥96%"}),
            "100.00",
            "proportional",
            RESTATED,
        ),
        case(
            "95%以上 as actual",
            json!({"target": "≥95%", "actual": "95%以上"}),
            "100.00",
            "proportional",
            RESTATED,
        ),
        case(
            "≤5% as actual",
            json!({"target": "≤5%", "actual": "≤5%"}),
            "100.00",
            "inverse",
            RESTATED,
        ),
        case(
            "=100% as actual",
            json!({"target": "=100%", "actual": "=100%"}),
            "100.00",
            "equal",
            RESTATED,
        ),
        case(
            "with a perPoint rule",
            json!({"rule": {"kind": "perPoint", "per": "1", "deduct": "1"}, "target": "≥95%", "actual": "≥95%"}),
            "100.00",
            "perPoint",
            RESTATED,
        ),
    ]);
}

#[test]
fn restated_actual_warning_quotes_the_cell() {
    let report = eval(&form_of(vec![leaf(json!({"target": "≥95%", "actual": " ≥95% "}))]));
    let i = issue(&report, "indicators.actualRestatesTarget");
    assert_eq!(i.severity, Severity::Warning);
    assert_eq!(i.path, "indicators.1.actual");
    assert_eq!(i.values.get("actual"), Some("≥95%"));
    assert_eq!(report.leaves[0].met, Some(true));
}

// ---------------------------------------------------------------------------------------------
// claimed leaf scores against the rule's
// ---------------------------------------------------------------------------------------------

#[test]
fn claimed_leaf_scores() {
    // the rule gives 100 × 85 / 90 = 94.44
    let missed = |score: &str| json!({"target": "≥90%", "actual": "85%", "score": score});
    // the rule gives 100 × 189 / 200 = 94.50, which rounds to 95 (half away from zero)
    let half = |score: &str| json!({"target": "≥200", "actual": "189", "score": score});
    run(vec![
        case("agrees", missed("94.44"), "94.44", "proportional", NO_ISSUES),
        case("agrees with 分", missed("94.44分"), "94.44", "proportional", NO_ISSUES),
        case(
            "agrees at another scale",
            half("94.5"),
            "94.50",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "differs",
            missed("90"),
            "94.44",
            "proportional",
            &["indicators.scoreDiffers"],
        ),
        case(
            "differs by 0.01",
            missed("94.45"),
            "94.44",
            "proportional",
            &["indicators.scoreDiffers"],
        ),
        case(
            "rounded to a whole point",
            missed("94"),
            "94.44",
            "proportional",
            &["indicators.scoreRounded"],
        ),
        case(
            "94.5 rounded to 95",
            half("95"),
            "94.50",
            "proportional",
            &["indicators.scoreRounded"],
        ),
        case(
            "94.5 is not 94",
            half("94"),
            "94.50",
            "proportional",
            &["indicators.scoreDiffers"],
        ),
        case(
            "full for a missed target",
            missed("100"),
            "94.44",
            "proportional",
            &["indicators.fullScoreForMissedTarget"],
        ),
        case(
            "out of range only",
            missed("120"),
            "94.44",
            "proportional",
            &["indicators.scoreOutOfRange"],
        ),
        case(
            "met target with less than full and no reason",
            json!({"target": "≥90%", "actual": "95%", "score": "95", "reason": null}),
            "100.00",
            "proportional",
            &["indicators.scoreDiffers", "indicators.missingReason"],
        ),
        case(
            "met target with full and no reason",
            json!({"target": "≥90%", "actual": "95%", "score": "100", "reason": null}),
            "100.00",
            "proportional",
            NO_ISSUES,
        ),
        case(
            "missed target, right score, no reason",
            json!({"target": "≥90%", "actual": "85%", "score": "94.44", "reason": null}),
            "94.44",
            "proportional",
            MISSING_REASON,
        ),
        case(
            "deductions: 10.5 rounded to 11",
            json!({"rule": {"kind": "deductions", "items": [{"fault": "f", "points": "89.5"}]}, "score": "11"}),
            "10.50",
            "deductions",
            &["indicators.scoreRounded"],
        ),
        case(
            "deductions: 10.5 is not 10",
            json!({"rule": {"kind": "deductions", "items": [{"fault": "f", "points": "89.5"}]}, "score": "10"}),
            "10.50",
            "deductions",
            &["indicators.scoreDiffers"],
        ),
        case(
            "unreadable claim",
            json!({"target": "≥90%", "actual": "85%", "score": "九十"}),
            "94.44",
            "proportional",
            &["input.unreadableNumber"],
        ),
        case(
            "claim without an actual",
            json!({"target": "≥90%", "score": "90"}),
            "90.00",
            "manual",
            &["indicators.missingActual"],
        ),
    ]);
}

#[test]
fn claimed_leaf_warnings_carry_the_rules_score() {
    let nested = json!({
        "version": 1,
        "indicators": [{ "id": "1", "name": "产出", "weight": "100", "children": [
            { "id": "1.1", "name": "培训人次", "weight": "60", "target": "≥500人次", "actual": "480人次",
              "score": "60", "reason": "r" },
            { "id": "1.2", "name": "合格率", "weight": "40", "target": "≥90%", "actual": "85%", "score": "37" },
        ]}]
    });
    let report = eval(&nested);
    // 60 × 480 / 500 = 57.6
    let full = issue(&report, "indicators.fullScoreForMissedTarget");
    assert_eq!(full.severity, Severity::Warning);
    assert_eq!(full.path, "indicators.1.1.score");
    assert_eq!(full.values.get("claimed"), Some("60.00"));
    assert_eq!(full.values.get("computed"), Some("57.60"));
    assert_eq!(full.values.get("target"), Some("≥500人次"));
    assert_eq!(full.values.get("actual"), Some("480人次"));
    // 40 × 85 / 90 = 37.777… → 37.78, and 37 is not its whole-point rounding (38)
    let differs = issue(&report, "indicators.scoreDiffers");
    assert_eq!(differs.path, "indicators.1.2.score");
    assert_eq!(differs.values.get("claimed"), Some("37.00"));
    assert_eq!(differs.values.get("computed"), Some("37.78"));
    let reason = issue(&report, "indicators.missingReason");
    assert_eq!(reason.path, "indicators.1.2.reason");
    assert_eq!(leaf_codes(&report, "1.1"), vec!["indicators.fullScoreForMissedTarget"]);
    assert_eq!(
        leaf_codes(&report, "1.2"),
        vec!["indicators.missingReason", "indicators.scoreDiffers"]
    );
    // the rule's scores count: 57.60 + 37.78
    assert_eq!(report.score, "95.38");
    assert_eq!(report.subtotals[0].score, "95.38");
    assert_eq!(report.leaves[0].claimed_score.as_deref(), Some("60.00"));
}

#[test]
fn score_rounded_names_the_rules_score() {
    let report = eval(&form_of(vec![leaf(
        json!({"target": "≥90%", "actual": "85%", "score": "94"}),
    )]));
    let i = issue(&report, "indicators.scoreRounded");
    assert_eq!(i.severity, Severity::Warning);
    assert_eq!(i.path, "indicators.1.score");
    assert_eq!(i.values.get("claimed"), Some("94.00"));
    assert_eq!(i.values.get("computed"), Some("94.44"));
}

// ---------------------------------------------------------------------------------------------
// the total, the claimed total and the grade
// ---------------------------------------------------------------------------------------------

fn manual_leaf(id: &str, weight: &str, score: &str) -> Value {
    json!({ "id": id, "name": id, "weight": weight, "rule": {"kind": "manual"}, "score": score, "reason": "r" })
}

fn claimed(mut form: Value, score: Option<&str>, grade: Option<&str>) -> Value {
    let mut c = Map::new();
    if let Some(s) = score {
        c.insert("score".into(), json!(s));
    }
    if let Some(g) = grade {
        c.insert("grade".into(), json!(g));
    }
    form["claimed"] = Value::Object(c);
    form
}

fn score_codes(report: &Report) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = report
        .issues
        .iter()
        .filter(|i| i.code.starts_with("score."))
        .map(|i| i.code)
        .collect();
    v.sort_unstable();
    v
}

#[test]
fn grade_bands_at_their_edges() {
    for (score, grade) in [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ] {
        let report = eval(&form_of(vec![manual_leaf("1", "100", score)]));
        assert_eq!(report.grade, grade, "score {score}");
        assert_eq!(
            report.score,
            jixiao::decimal::fixed2(score.parse().unwrap()),
            "score {score}"
        );
    }
}

#[test]
fn total_is_the_sum_of_the_rounded_leaves() {
    // each leaf: 50 × 1 / 3 = 16.666… → 16.67; the total is 33.34, not round(33.333…) = 33.33
    let leaf_of =
        |id: &str| json!({"id": id, "name": id, "weight": "50", "target": "≥3", "actual": "1", "reason": "r"});
    let form = form_of(vec![leaf_of("1"), leaf_of("2")]);
    let report = eval(&form);
    assert_eq!(report.leaves[0].score, "16.67");
    assert_eq!(report.leaves[1].score, "16.67");
    assert_eq!(report.score, "33.34");
    assert_eq!(report.grade, "差");
    let report = eval(&claimed(form.clone(), Some("33.34"), Some("差")));
    assert_eq!(score_codes(&report), Vec::<&str>::new());
    let report = eval(&claimed(form, Some("33.33"), Some("差")));
    assert_eq!(score_codes(&report), vec!["score.claimedTotalMismatch"]);
    let i = issue(&report, "score.claimedTotalMismatch");
    assert_eq!(i.severity, Severity::Error);
    assert_eq!(i.path, "claimed.score");
    assert_eq!(i.values.get("claimed"), Some("33.33"));
    assert_eq!(i.values.get("sum"), Some("33.34"));
}

#[test]
fn claimed_total_and_grade() {
    let form = || form_of(vec![manual_leaf("1", "50", "45.5"), manual_leaf("2", "50", "44.5")]);
    let report = eval(&form());
    assert_eq!(report.score, "90.00");
    assert_eq!(report.grade, "优");

    let cases: &[(Option<&str>, Option<&str>, &[&str])] = &[
        (Some("90"), Some("优"), &[]),
        (Some("90.00"), Some("优"), &[]),
        (Some("90.00分"), None, &[]),
        (None, Some("优"), &[]),
        (None, Some("Excellent"), &[]),
        // as units write the grades, and as the 说明 reads them
        (None, Some("优秀"), &[]),
        (None, Some(" 优秀 "), &[]),
        (None, Some("良好"), &["score.claimedGradeMismatch"]),
        (None, Some("合格"), &["score.claimedGradeMismatch"]),
        (None, Some("优秀级"), &["score.unknownGrade"]),
        (Some("90.01"), None, &["score.claimedTotalMismatch"]),
        (Some("89.99"), None, &["score.claimedTotalMismatch"]),
        (Some("90"), Some("良"), &["score.claimedGradeMismatch"]),
        (None, Some("良"), &["score.claimedGradeMismatch"]),
        (None, Some("A"), &["score.unknownGrade"]),
    ];
    for (score, grade, codes) in cases {
        let report = eval(&claimed(form(), *score, *grade));
        assert_eq!(score_codes(&report), codes.to_vec(), "claimed {score:?} {grade:?}");
    }

    let report = eval(&claimed(form(), Some("90"), Some("良")));
    let i = issue(&report, "score.claimedGradeMismatch");
    assert_eq!(i.severity, Severity::Error);
    assert_eq!(i.path, "claimed.grade");
    assert_eq!(i.values.get("expected"), Some("优"));
    assert_eq!(i.values.get("claimed"), Some("良"));
}

#[test]
fn claimed_grade_at_the_band_edge() {
    // 79.99 is 中, however close to 良
    let form = form_of(vec![manual_leaf("1", "50", "40"), manual_leaf("2", "50", "39.99")]);
    let report = eval(&claimed(form.clone(), Some("79.99"), Some("良")));
    assert_eq!(report.grade, "中");
    assert_eq!(score_codes(&report), vec!["score.claimedGradeMismatch"]);
    assert_eq!(
        issue(&report, "score.claimedGradeMismatch").values.get("expected"),
        Some("中")
    );
    let report = eval(&claimed(form, Some("79.99"), Some("中")));
    assert_eq!(score_codes(&report), Vec::<&str>::new());
}

#[test]
fn claimed_total_is_checked_against_the_printed_rows() {
    // the rows print 90 where the rule gives 94.44: the printed total 90 adds up to the printed
    // rows (only the row is wrong), while 94.44 does not
    let row = json!({"id": "1", "name": "x", "weight": "100", "target": "≥90%", "actual": "85%", "score": "90", "reason": "r"});
    let report = eval(&claimed(form_of(vec![row.clone()]), Some("90"), None));
    assert_eq!(report.score, "94.44");
    assert_eq!(score_codes(&report), Vec::<&str>::new());
    assert!(has(&report, "indicators.scoreDiffers"));
    let report = eval(&claimed(form_of(vec![row]), Some("94.44"), None));
    assert_eq!(score_codes(&report), vec!["score.claimedTotalMismatch"]);
}

#[test]
fn weights_must_add_up_to_100() {
    let report = eval(&form_of(vec![
        manual_leaf("1", "50", "50"),
        manual_leaf("2", "60", "60"),
    ]));
    let i = issue(&report, "indicators.weightTotalMismatch");
    assert_eq!(i.severity, Severity::Error);
    assert_eq!(i.values.get("sum"), Some("110"));
    assert_eq!(i.values.get("expected"), Some("100"));
    let report = eval(&form_of(vec![
        manual_leaf("1", "50", "50"),
        manual_leaf("2", "50", "50"),
    ]));
    assert!(!has(&report, "indicators.weightTotalMismatch"));
}

#[test]
fn a_parent_weighs_the_sum_of_its_children() {
    let tree = |parent_weight: Option<&str>| {
        let mut parent = json!({ "id": "1", "name": "产出", "children": [
            manual_leaf("1.1", "60", "60"), manual_leaf("1.2", "40", "30")
        ]});
        if let Some(w) = parent_weight {
            parent["weight"] = json!(w);
        }
        form_of(vec![parent])
    };
    for weight in [None, Some("100")] {
        let report = eval(&tree(weight));
        assert!(!has(&report, "indicators.parentWeightMismatch"), "{weight:?}");
        assert!(!has(&report, "indicators.weightTotalMismatch"), "{weight:?}");
        assert_eq!(report.subtotals[0].max_score, "100");
        assert_eq!(report.subtotals[0].score, "90.00");
    }
    let report = eval(&tree(Some("90")));
    let i = issue(&report, "indicators.parentWeightMismatch");
    assert_eq!(i.path, "indicators.1.weight");
    assert_eq!(i.values.get("sum"), Some("100"));
}

// ---------------------------------------------------------------------------------------------
// cases where the engine once disagreed with domain.md (kept as regressions)
// ---------------------------------------------------------------------------------------------

#[test]
fn unreadable_manual_score_is_not_called_empty() {
    run(vec![case(
        "unreadable",
        json!({"rule": {"kind": "manual"}, "score": "很多"}),
        "0.00",
        "manual",
        &["input.unreadableNumber"],
    )]);
}

#[test]
fn weights_with_three_decimals_never_score_above_the_weight() {
    // domain.md §3: never more than w (满分为止)
    let full = |id: &str, w: &str| json!({"id": id, "name": id, "weight": w, "target": "≥100%", "actual": "100%"});
    let report = eval(&form_of(vec![full("1", "33.335"), full("2", "66.665")]));
    assert!(!has(&report, "indicators.weightTotalMismatch"));
    for l in &report.leaves {
        let score: rust_decimal::Decimal = l.score.parse().unwrap();
        let weight: rust_decimal::Decimal = l.max_score.parse().unwrap();
        assert!(score <= weight, "leaf {} scores {} of {}", l.id, l.score, l.max_score);
    }
    let total: rust_decimal::Decimal = report.score.parse().unwrap();
    assert!(total <= rust_decimal::Decimal::ONE_HUNDRED, "total {}", report.score);
}

#[test]
fn claimed_score_is_compared_at_two_decimals() {
    // domain.md §3: leaf scores are rounded to 2 decimals; the claim 94.444 is the row 94.44
    let report = eval(&form_of(vec![leaf(
        json!({"target": "≥90%", "actual": "85%", "score": "94.444"}),
    )]));
    assert_eq!(report.leaves[0].claimed_score.as_deref(), Some("94.44"));
    for i in report.issues.iter().filter(|i| i.path == "indicators.1.score") {
        assert_ne!(
            i.values.get("claimed"),
            i.values.get("computed"),
            "{} says the claim differs but quotes equal numbers: {}",
            i.code,
            i.message
        );
    }
    assert_eq!(leaf_codes(&report, "1"), Vec::<&str>::new());
}

#[test]
fn claimed_total_adds_the_rows_as_printed() {
    // domain.md §3: each leaf score is rounded to 2 decimals and the total is the sum of the rounded
    // rows, "so the printed rows add up to the printed total"
    let form = |total: &str| {
        claimed(
            form_of(vec![
                manual_leaf("1", "10", "0.233"),
                manual_leaf("2", "10", "0.232"),
                manual_leaf("3", "80", "0.233"),
            ]),
            Some(total),
            None,
        )
    };
    let report = eval(&form("0.69"));
    let rows: Vec<&str> = report
        .leaves
        .iter()
        .filter_map(|l| l.claimed_score.as_deref())
        .collect();
    assert_eq!(rows, vec!["0.23", "0.23", "0.23"]);
    assert_eq!(report.score, "0.69");
    assert_eq!(score_codes(&report), Vec::<&str>::new());
    let report = eval(&form("0.70"));
    assert_eq!(score_codes(&report), vec!["score.claimedTotalMismatch"]);
}

#[test]
fn budget_execution_row_over_100_percent_is_a_warning_not_an_error() {
    let report = eval(&form_with_budget(
        json!({"name": "预算执行率", "rule": budget_rule(None), "actual": "105%"}),
        json!({"total": {"planned": "100", "executed": "105"}}),
    ));
    assert_eq!(report.leaves[0].score, "100.00");
    assert!(has(&report, "budget.overExecuted"));
    let errors: Vec<&str> = report
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.code)
        .collect();
    assert_eq!(errors, Vec::<&str>::new());
}

#[test]
fn a_row_with_no_name_is_named_by_its_id_in_its_findings() {
    let report = eval(&json!({ "version": 1, "indicators": [
        { "id": "1", "name": "", "weight": null },
        { "id": "2", "weight": null },
        { "id": "3", "name": "满意度", "weight": "100", "target": "≥90%", "actual": "95%" },
    ]}));
    let messages: Vec<&str> = report
        .issues
        .iter()
        .filter(|i| i.code == "indicators.missingWeight")
        .map(|i| i.message.as_str())
        .collect();
    assert_eq!(messages, ["指标「1」未填写分值", "指标「2」未填写分值"]);
}

/// The year as units write it in the header, as their own titles do (`2024年度`), is a year.
#[test]
fn a_year_may_end_in_年_or_年度() {
    for (year, readable) in [
        ("2024", true),
        ("2024年", true),
        ("２０２４年", true),
        ("2024年度", true),
        (" 2024 年度 ", true),
        ("2024年度预算", false),
        ("2024度", false),
        ("二〇二四", false),
    ] {
        let report = eval(&json!({ "version": 1, "unit": { "year": year } }));
        let unreadable = report.issues.iter().any(|i| i.code == "unit.yearUnreadable");
        assert_eq!(!unreadable, readable, "{year}");
    }
}
