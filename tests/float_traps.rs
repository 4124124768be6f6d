//! The arithmetic traps that break JavaScript form engines (binary floats), asserted through the
//! engine's reports and through `jixiao::decimal`. Each engine-level check is chosen so that a
//! binary-float implementation would give a different answer.
// Native only: the wasm build is tested by tests/web.rs.
#![cfg(not(target_arch = "wasm32"))]

use std::str::FromStr;

use jixiao::decimal::{fixed, fixed2, plain, round_dp};
use jixiao::report::SumVerdict;
use jixiao::{evaluate_json, parse_form, Lang, Options, Report, Severity};
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn eval(form: &Value) -> Report {
    evaluate_json(&form.to_string(), &Options { lang: Lang::ZhCn })
        .unwrap_or_else(|e| panic!("form did not load: {} {e:?}", e.message(Lang::En)))
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.issues.iter().map(|i| i.code).collect()
}

fn manual(id: &str, weight: &str, score: Value) -> Value {
    json!({ "id": id, "name": id, "weight": weight, "rule": {"kind": "manual"}, "score": score, "reason": "r" })
}

/// The digits of `num / den` (both positive) to `places` decimals, truncated, by schoolbook long
/// division in integers: no float and no Decimal is involved in the expected value.
fn long_division(num: u128, den: u128, places: usize) -> String {
    let mut out = format!("{}.", num / den);
    let mut rem = num % den;
    for _ in 0..places {
        rem *= 10;
        out.push(char::from(b'0' + u8::try_from(rem / den).unwrap()));
        rem %= den;
    }
    out
}

/// `num / den` rounded half up to `places` decimals, in integers: `num × 10^places / den`, plus one
/// when twice the remainder reaches the divisor.
fn rounded_division(num: u128, den: u128, places: u32) -> String {
    let scaled = num * 10u128.pow(places);
    let mut q = scaled / den;
    if 2 * (scaled % den) >= den {
        q += 1;
    }
    let digits = format!("{q:0>width$}", width = places as usize + 1);
    let (int, frac) = digits.split_at(digits.len() - places as usize);
    if places == 0 {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

// ---------------------------------------------------------------------------------------------
// 0.1 + 0.2 = 0.3
// ---------------------------------------------------------------------------------------------

#[test]
fn point_one_plus_point_two_in_decimal() {
    let sum = d("0.1") + d("0.2");
    assert_eq!(sum, d("0.3"));
    assert_eq!(plain(sum), "0.3");
    // the number reader, too
    let (a, _) = jixiao::read::number::parse_decimal("0.1").unwrap();
    let (b, _) = jixiao::read::number::parse_decimal("0.2").unwrap();
    assert_eq!(a + b, d("0.3"));
}

#[test]
fn point_one_plus_point_two_in_a_budget_breakdown() {
    // in floats 0.1 + 0.2 = 0.30000000000000004 ≠ 0.3: a float engine reports a (rounding) difference
    let report = eval(&json!({
        "version": 1,
        "budget": {
            "total": { "planned": "0.3", "executed": "0.3" },
            "bySource": {
                "generalPublic": { "planned": "0.1", "executed": "0.1" },
                "governmentFund": { "planned": "0.2", "executed": "0.2" }
            }
        }
    }));
    for check in [&report.budget.by_source.planned, &report.budget.by_source.executed] {
        let check = check.as_ref().unwrap();
        assert_eq!(check.verdict, SumVerdict::Equal);
        assert_eq!(check.sum, "0.30");
        assert_eq!(check.difference, "0.00");
    }
    assert!(
        !codes(&report).iter().any(|c| c.starts_with("budget.sourceSum")),
        "{:?}",
        codes(&report)
    );
    assert_eq!(report.budget.rate_exact.as_deref(), Some("100"));
}

#[test]
fn point_one_plus_point_two_as_a_claimed_total() {
    // rows of 0.1 and 0.2 and a claimed total of 0.3: exactly equal, so no claimedTotalMismatch
    let form = |total: &str| {
        json!({
            "version": 1,
            "indicators": [manual("1", "50", json!("0.1")), manual("2", "50", json!("0.2"))],
            "claimed": { "score": total }
        })
    };
    let report = eval(&form("0.3"));
    assert_eq!(report.score, "0.30");
    assert!(
        !codes(&report).contains(&"score.claimedTotalMismatch"),
        "{:?}",
        codes(&report)
    );
    // and the check is there: 0.31 is caught
    let report = eval(&form("0.31"));
    assert!(codes(&report).contains(&"score.claimedTotalMismatch"));
}

// ---------------------------------------------------------------------------------------------
// 0.233 + 0.232 + 0.233 = 0.698
// ---------------------------------------------------------------------------------------------

#[test]
fn three_summands_in_decimal() {
    // in floats: 0.6980000000000001
    let sum = d("0.233") + d("0.232") + d("0.233");
    assert_eq!(sum, d("0.698"));
    assert_eq!(plain(sum), "0.698");
    assert_eq!(fixed(sum, 3), "0.698");
}

#[test]
fn three_summands_in_a_budget_breakdown() {
    let report = eval(&json!({
        "version": 1,
        "moneyUnit": "元",
        "budget": {
            "total": { "planned": "0.698", "executed": "0.698" },
            "bySource": {
                "generalPublic": { "executed": "0.233" },
                "governmentFund": { "executed": "0.232" },
                "stateCapital": { "executed": "0.233" }
            }
        }
    }));
    let check = report.budget.by_source.executed.as_ref().unwrap();
    assert_eq!(check.verdict, SumVerdict::Equal);
    assert_eq!(check.sum, "0.698");
    assert_eq!(check.total, "0.698");
    assert_eq!(check.difference, "0.000");
    assert!(
        !codes(&report).iter().any(|c| c.starts_with("budget.sourceSum")),
        "{:?}",
        codes(&report)
    );
}

#[test]
fn three_summands_as_deductions() {
    // 10 − (0.233 + 0.232 + 0.233) = 9.302, and the row of weight 90 makes the total 99.302 → rows 9.30 + 90
    let report = eval(&json!({
        "version": 1,
        "indicators": [
            { "id": "1", "name": "合规", "weight": "10", "reason": "r", "rule": { "kind": "deductions", "items": [
                { "fault": "a", "points": "0.233" }, { "fault": "b", "points": "0.232" }, { "fault": "c", "points": "0.233" }
            ]}},
            manual("2", "90", json!("90"))
        ]
    }));
    assert_eq!(report.leaves[0].score, "9.30");
    assert_eq!(report.score, "99.30");
}

// ---------------------------------------------------------------------------------------------
// 21.9 / 0.2 rounded to 0 places = 110
// ---------------------------------------------------------------------------------------------

#[test]
fn twenty_one_point_nine_over_point_two_in_decimal() {
    // in floats 21.9 / 0.2 = 109.49999999999999, which rounds to 109
    let q = d("21.9") / d("0.2");
    assert_eq!(q, d("109.5"));
    assert_eq!(round_dp(q, 0), d("110"));
    assert_eq!(fixed(q, 0), "110");
}

/// 预算数 0.2 万元 and 执行数 0.219 万元, typed in 元 so the amounts have no odd decimals: the engine
/// computes 0.219 × 100 / 0.2 = 21.9 / 0.2 = 109.5 exactly.
fn rate_109_5(stated: &str) -> Value {
    json!({
        "version": 1,
        "budget": { "total": { "planned": "2000元", "executed": "2190元" }, "statedRate": stated },
        "indicators": [{ "id": "1", "name": "预算执行率", "weight": "100", "rule": { "kind": "budgetExecution" },
                         "actual": stated }]
    })
}

#[test]
fn twenty_one_point_nine_over_point_two_as_a_stated_rate() {
    let report = eval(&rate_109_5("110%"));
    assert_eq!(report.budget.rate_exact.as_deref(), Some("109.5"));
    assert_eq!(report.budget.rate.as_deref(), Some("109.50"));
    // a stated whole-percent rate matches when it is the exact rate rounded to 0 places: 110
    let c = codes(&report);
    assert!(!c.iter().any(|c| c.starts_with("budget.statedRate")), "{c:?}");
    assert!(!c.contains(&"indicators.budgetRateMismatch"), "{c:?}");
    // and 109% (what floats give) is one off
    let report = eval(&rate_109_5("109%"));
    let c = codes(&report);
    assert!(c.contains(&"budget.statedRateImprecise"), "{c:?}");
    assert!(c.contains(&"indicators.budgetRateMismatch"), "{c:?}");
    let i = report
        .issues
        .iter()
        .find(|i| i.code == "budget.statedRateImprecise")
        .unwrap();
    assert_eq!(i.values.get("expected"), Some("110%"));
}

// ---------------------------------------------------------------------------------------------
// 1000000.01 / 1234567.89 × 100, exact to 2 places
// ---------------------------------------------------------------------------------------------

// Worked by hand in integers: 1000000.01 / 1234567.89 = 100000001 / 123456789 (both × 100), and
// × 100 gives 10000000100 / 123456789. Long division: 10000000100 = 81 × 123456789 + 191, so the
// rate is 81 + 191/123456789 %. 191 × 10^26 / 123456789 = 154710001407861012811 (21 digits), so
// the first 26 decimals are 00000154710001407861012811 and the next digit is 5:
// 81.00000154710001407861012811 5…%. To 2 places: 81.00 (the third decimal is 0). To the 28
// significant digits a Decimal holds (26 decimals here): 81.00000154710001407861012812, the last
// digit rounded up from 1 because the remainder 5352… is over half.
// Floats print 81.00000154710003, wrong from the 14th decimal on.
const EXACT_26: &str = "81.00000154710001407861012811";
const ROUNDED_26: &str = "81.00000154710001407861012812";

#[test]
fn long_division_helper_agrees_with_the_hand_computation() {
    assert_eq!(long_division(10_000_000_100, 123_456_789, 26), EXACT_26);
    assert_eq!(long_division(10_000_000_100, 123_456_789, 2), "81.00");
    assert_eq!(long_division(1, 8, 3), "0.125");
    assert_eq!(rounded_division(10_000_000_100, 123_456_789, 26), ROUNDED_26);
    assert_eq!(rounded_division(10_000_000_100, 123_456_789, 2), "81.00");
    assert_eq!(rounded_division(10_000_000_100, 123_456_789, 14), "81.00000154710001");
    assert_eq!(rounded_division(1, 8, 2), "0.13");
    assert_eq!(rounded_division(1, 8, 0), "0");
    assert_eq!(rounded_division(5, 1, 0), "5");
}

#[test]
fn million_rate_in_decimal() {
    let rate = d("1000000.01") * Decimal::ONE_HUNDRED / d("1234567.89");
    assert_eq!(fixed2(rate), "81.00");
    // all 28 significant digits are right, the last one rounded
    assert_eq!(rate.to_string(), ROUNDED_26);
    assert_eq!(fixed(rate, 25), &EXACT_26[..EXACT_26.len() - 1]);
    // dividing first and multiplying after agrees to the 26th decimal too
    let rate2 = d("1000000.01") / d("1234567.89") * Decimal::ONE_HUNDRED;
    assert_eq!(fixed(rate2, 20), fixed(rate, 20));
}

fn million_form(stated: &str) -> Value {
    json!({
        "version": 1,
        "moneyUnit": "元",
        "budget": {
            "total": { "planned": "1,234,567.89", "executed": "1,000,000.01" },
            "statedRate": stated,
            "reason": "r"
        }
    })
}

#[test]
fn million_rate_in_the_budget_table() {
    let report = eval(&million_form("81.00%"));
    assert_eq!(report.budget.rate.as_deref(), Some("81.00"));
    assert_eq!(report.budget.rate_exact.as_deref(), Some(ROUNDED_26));
    assert!(
        !codes(&report).iter().any(|c| c.starts_with("budget.statedRate")),
        "{:?}",
        codes(&report)
    );

    // stated at 14 decimals, the exact digits match and the float's digits do not
    let report = eval(&million_form("81.00000154710001%"));
    assert!(
        !codes(&report).iter().any(|c| c.starts_with("budget.statedRate")),
        "{:?}",
        codes(&report)
    );
    let report = eval(&million_form("81.00000154710003%"));
    let i = report
        .issues
        .iter()
        .find(|i| i.code == "budget.statedRateMismatch")
        .unwrap();
    assert_eq!(i.severity, Severity::Error);
    assert_eq!(i.values.get("expected"), Some("81.00000154710001%"));
}

#[test]
fn million_rate_scores_a_budget_execution_leaf() {
    let mut form = million_form("81%");
    form["indicators"] = json!([{ "id": "1", "name": "预算执行率", "weight": "100", "rule": {"kind": "budgetExecution"}, "reason": "r" }]);
    let report = eval(&form);
    // 100 × 81.000001547…% = 81.000001547… → 81.00
    assert_eq!(report.leaves[0].score, "81.00");
    assert_eq!(report.score, "81.00");
    assert_eq!(report.grade, "良");
}

// ---------------------------------------------------------------------------------------------
// 1.005 rounded to 2 places = 1.01 (half away from zero, never banker's, never float)
// ---------------------------------------------------------------------------------------------

#[test]
fn one_point_zero_zero_five_in_decimal() {
    // the float 1.005 is 1.00499999999999989…, which rounds to 1.00; banker's gives 1.00 too
    assert_eq!(round_dp(d("1.005"), 2), d("1.01"));
    assert_eq!(fixed2(d("1.005")), "1.01");
    assert_eq!(fixed2(d("-1.005")), "-1.01");
    assert_eq!(fixed2(d("1.015")), "1.02");
    assert_eq!(fixed2(d("1.025")), "1.03");
    assert_eq!(fixed2(d("2.675")), "2.68");
    assert_eq!(fixed2(d("1.0049999999")), "1.00");
    assert_eq!(fixed(d("0.5"), 0), "1");
    assert_eq!(fixed(d("2.5"), 0), "3");
}

#[test]
fn one_point_zero_zero_five_as_a_leaf_score() {
    // a manual score of 1.005 and a proportional score of 100 × 1.005 / 100 both show 1.01
    let report = eval(&json!({ "version": 1, "indicators": [manual("1", "100", json!("1.005"))] }));
    assert_eq!(report.leaves[0].score, "1.01");
    assert_eq!(report.score, "1.01");
    let report = eval(&json!({ "version": 1, "indicators": [
        { "id": "1", "name": "x", "weight": "100", "target": "≥100", "actual": "1.005", "reason": "r" }
    ]}));
    assert_eq!(report.leaves[0].score, "1.01");
    // 2.675 of 100 → 2.68 (floats give 2.67)
    let report = eval(&json!({ "version": 1, "indicators": [
        { "id": "1", "name": "x", "weight": "100", "target": "≥100", "actual": "2.675", "reason": "r" }
    ]}));
    assert_eq!(report.leaves[0].score, "2.68");
}

#[test]
fn one_point_zero_zero_five_as_a_rate() {
    // 1.005 / 100 spent: rate exactly 1.005% → shown 1.01%
    let report = eval(&json!({
        "version": 1,
        "budget": { "total": { "planned": "100", "executed": "1.005" }, "statedRate": "1.01%", "reason": "r" }
    }));
    assert_eq!(report.budget.rate_exact.as_deref(), Some("1.005"));
    assert_eq!(report.budget.rate.as_deref(), Some("1.01"));
    assert!(
        !codes(&report).iter().any(|c| c.starts_with("budget.statedRate")),
        "{:?}",
        codes(&report)
    );
}

// ---------------------------------------------------------------------------------------------
// JSON numbers are read by their digits
// ---------------------------------------------------------------------------------------------

#[test]
fn json_number_point_one_is_exactly_point_one() {
    let text = r#"{ "version": 1,
        "budget": {
            "total": { "planned": 0.3, "executed": 0.3 },
            "bySource": { "generalPublic": { "executed": 0.1 }, "governmentFund": { "executed": 0.2 } }
        },
        "indicators": [
            { "id": "1", "name": "a", "weight": 50, "rule": { "kind": "manual" }, "score": 0.1, "reason": "r" },
            { "id": "2", "name": "b", "weight": 50, "rule": { "kind": "manual" }, "score": 0.2, "reason": "r" }
        ],
        "claimed": { "score": 0.3 }
    }"#;
    let form = parse_form(text).unwrap();
    assert_eq!(form.indicators[0].score.as_ref().unwrap().as_str(), "0.1");
    assert_eq!(
        form.budget.by_source.general_public.executed.as_ref().unwrap().as_str(),
        "0.1"
    );

    let report = evaluate_json(text, &Options { lang: Lang::ZhCn }).unwrap();
    assert_eq!(report.leaves[0].claimed_score.as_deref(), Some("0.10"));
    let check = report.budget.by_source.executed.as_ref().unwrap();
    assert_eq!(check.verdict, SumVerdict::Equal);
    assert_eq!(check.difference, "0.00");
    assert!(
        !codes(&report).contains(&"score.claimedTotalMismatch"),
        "{:?}",
        codes(&report)
    );
    assert!(
        !codes(&report).contains(&"indicators.weightTotalMismatch"),
        "{:?}",
        codes(&report)
    );
}

#[test]
fn json_numbers_keep_all_their_digits() {
    // 0.1 as the nearest double, written out: a float reader would collapse it to 0.1
    let text = r#"{ "version": 1, "indicators": [
        { "id": "1", "name": "a", "weight": 100, "rule": { "kind": "manual" },
          "score": 0.1000000000000000055511151231257827, "reason": "r" }
    ]}"#;
    let form = parse_form(text).unwrap();
    assert_eq!(
        form.indicators[0].score.as_ref().unwrap().as_str(),
        "0.1000000000000000055511151231257827"
    );
    // and 1.005 as a JSON number rounds like the string "1.005"
    let text = r#"{ "version": 1, "indicators": [
        { "id": "1", "name": "a", "weight": 100, "rule": { "kind": "manual" }, "score": 1.005, "reason": "r" }
    ]}"#;
    let report = evaluate_json(text, &Options { lang: Lang::ZhCn }).unwrap();
    assert_eq!(report.leaves[0].score, "1.01");
}

#[test]
fn json_number_rate_stated_as_a_fraction() {
    // 0.958 typed as a JSON number is the fraction 95.8%, exactly
    let text = r#"{ "version": 1, "budget": {
        "total": { "planned": "1,000.00", "executed": "958.00" }, "statedRate": 0.958 } }"#;
    let report = evaluate_json(text, &Options { lang: Lang::ZhCn }).unwrap();
    assert_eq!(report.budget.rate.as_deref(), Some("95.80"));
    assert!(
        !codes(&report).iter().any(|c| c.starts_with("budget.statedRate")),
        "{:?}",
        codes(&report)
    );
}

/// A claimed total is compared at the precision it is shown: 99.995 over leaf claims of 4.995 and
/// 95 (which show as 5.00 and 95.00) is 100.00 against 100.00, never "100.00 与 100.00 不符".
#[test]
fn a_claimed_total_is_compared_as_shown() {
    let form = |total: &str| {
        json!({ "version": 1, "indicators": [manual("a", "5", json!("4.995")), manual("b", "95", json!("95"))],
                "claimed": { "score": total } })
    };
    for total in ["99.995", "100", "100.004"] {
        assert!(
            !codes(&eval(&form(total))).contains(&"score.claimedTotalMismatch"),
            "{total}"
        );
    }
    let r = eval(&form("99.994"));
    let issue = r
        .issues
        .iter()
        .find(|i| i.code == "score.claimedTotalMismatch")
        .unwrap();
    assert_eq!(
        (issue.values.get("claimed"), issue.values.get("sum")),
        (Some("99.99"), Some("100.00"))
    );
}

/// An amount too small for a Decimal in the form's unit is said, not silently 0.00.
#[test]
fn an_amount_too_precise_for_the_unit_is_a_finding() {
    let form = json!({ "version": 1, "moneyUnit": "亿元",
        "budget": { "total": { "planned": "0.000000000000000000001元", "executed": "1e-27元" } } });
    let r = eval(&form);
    let paths: Vec<(&str, &str)> = r
        .issues
        .iter()
        .filter(|i| i.code == "input.numberTooPrecise")
        .map(|i| (i.code, i.path.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            ("input.numberTooPrecise", "budget.total.planned"),
            ("input.numberTooPrecise", "budget.total.executed")
        ]
    );
    // an exact conversion stays exact
    let r = eval(
        &json!({ "version": 1, "moneyUnit": "亿元", "budget": { "total": { "planned": "1元", "executed": "1元" } } }),
    );
    assert_eq!(r.budget.planned.as_deref(), Some("0.00000001"));
}

/// A rate stated over a budget of 0 cannot be right: the rate is undefined, and said so.
#[test]
fn a_rate_stated_over_a_budget_of_zero_is_said() {
    let form = json!({ "version": 1, "budget": { "total": { "planned": "0", "executed": "0" }, "statedRate": "50%" } });
    assert!(codes(&eval(&form)).contains(&"budget.rateUndefined"));
    let form = json!({ "version": 1, "budget": { "total": { "planned": "0", "executed": "0" } } });
    assert!(!codes(&eval(&form)).contains(&"budget.rateUndefined"));
}
