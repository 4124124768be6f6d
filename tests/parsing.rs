//! Reading numbers the way people type them (domain.md §6), table-driven: every row names the input
//! and exactly what must come out, good or bad. Then a few whole forms, for JSON numbers and paths.
// Native only: the wasm build is tested by tests/web.rs.
#![cfg(not(target_arch = "wasm32"))]

use std::str::FromStr;

use jixiao::read::form::Text;
use jixiao::read::number::{
    normalize, parse_amount, parse_decimal, parse_points, parse_rate, read, Amount, Comparator, MoneyUnit, NumberError,
    Quantity, Reading, Unit,
};
use jixiao::{evaluate_json, parse_form, Options};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn unit(label: &str) -> Unit {
    match label {
        "" => Unit::None,
        "%" => Unit::Percent,
        "元" => Unit::Money(MoneyUnit::Yuan),
        "万元" => Unit::Money(MoneyUnit::WanYuan),
        "亿元" => Unit::Money(MoneyUnit::YiYuan),
        other => Unit::Other(other.to_string()),
    }
}

/// A quantity as `read` must return it: comparator, exact value, unit, decimals as typed.
fn q(cmp: Option<Comparator>, value: &str, label: &str, decimals: u32) -> Result<Reading, NumberError> {
    Ok(Reading::Quantity(
        cmp,
        Quantity {
            value: d(value),
            unit: unit(label),
            decimals,
        },
    ))
}

fn words(w: &str) -> Result<Reading, NumberError> {
    Ok(Reading::Words(w.to_string()))
}

const EMPTY: Result<Reading, NumberError> = Ok(Reading::Empty);
const AMBIGUOUS: NumberError = NumberError::Ambiguous;
const UNREADABLE: NumberError = NumberError::Unreadable;
const TOO_LARGE: NumberError = NumberError::TooLarge;
const TOO_PRECISE: NumberError = NumberError::TooPrecise;

const GE: Option<Comparator> = Some(Comparator::AtLeast);
const LE: Option<Comparator> = Some(Comparator::AtMost);
const EQ: Option<Comparator> = Some(Comparator::Equal);

const FORTY_DIGITS: &str = "1234567890123456789012345678901234567890";

/// Runs a table and reports every row that differs, not just the first.
fn check_table<T: PartialEq + std::fmt::Debug>(what: &str, rows: &[(&str, T)], f: impl Fn(&str) -> T) {
    let mut wrong = String::new();
    for (input, want) in rows {
        let got = f(input);
        if &got != want {
            wrong.push_str(&format!("\n  {what}({input:?}): want {want:?}, got {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} rows differ:{wrong}",
        wrong.lines().count() - 1,
        rows.len()
    );
}

#[test]
fn read_cells() {
    let rows = vec![
        // domain.md §6, as people type them
        ("9,022.41", q(None, "9022.41", "", 2)),
        ("9022.41万元", q(None, "9022.41", "万元", 2)),
        ("９０２２．４１", q(None, "9022.41", "", 2)),
        ("1.35亿元", q(None, "1.35", "亿元", 2)),
        ("1.35亿", q(None, "1.35", "亿元", 2)),
        ("96.1%", q(None, "96.1", "%", 1)),
        ("96.1％", q(None, "96.1", "%", 1)),
        ("96.10%", q(None, "96.10", "%", 2)),
        ("１００％", q(None, "100", "%", 0)),
        ("１，０２２.４１", q(None, "1022.41", "", 2)),
        ("  9,022.41  ", q(None, "9022.41", "", 2)),
        ("\u{3000}12\u{3000}", q(None, "12", "", 0)),
        ("1,000万元", q(None, "1000", "万元", 0)),
        ("12345元", q(None, "12345", "元", 0)),
        // not filled
        ("—", EMPTY),
        ("", EMPTY),
        ("-", EMPTY),
        ("   ", EMPTY),
        ("/", EMPTY),
        ("——", EMPTY),
        ("无数据", EMPTY),
        ("N/A", EMPTY),
        // comparators (domain.md §7)
        ("≥90%", q(GE, "90", "%", 0)),
        (">=90%", q(GE, "90", "%", 0)),
        ("≧ 95 %", q(GE, "95", "%", 0)),
        ("不低于90%", q(GE, "90", "%", 0)),
        ("不少于500人次", q(GE, "500", "人次", 0)),
        ("95%以上", q(GE, "95", "%", 0)),
        ("≤50万元", q(LE, "50", "万元", 0)),
        ("<=50万元", q(LE, "50", "万元", 0)),
        ("不超过 50 万元", q(LE, "50", "万元", 0)),
        ("10%以内", q(LE, "10", "%", 0)),
        ("=100%", q(EQ, "100", "%", 0)),
        ("＝100%", q(EQ, "100", "%", 0)),
        ("═100%", q(EQ, "100", "%", 0)),
        ("达到100%", q(EQ, "100", "%", 0)),
        // words
        ("按时完成", words("按时完成")),
        ("优", words("优")),
        ("明显提升", words("明显提升")),
        ("十", words("十")),
        // signs, exponents, other units
        ("+5", q(None, "5", "", 0)),
        ("-3.2", q(None, "-3.2", "", 1)),
        ("−3.2", q(None, "-3.2", "", 1)),
        ("1e2", q(None, "100", "", 0)),
        ("2.5E-1", q(None, "0.25", "", 2)),
        (".5", q(None, "0.5", "", 1)),
        ("12件", q(None, "12", "件", 0)),
        ("12件/年", q(None, "12", "件/年", 0)),
        ("9.5分", q(None, "9.5", "分", 1)),
        (
            "9999999999999999999999999999",
            q(None, "9999999999999999999999999999", "", 0),
        ),
        (
            "0.0000000000000000000000000001",
            q(None, "0.0000000000000000000000000001", "", 28),
        ),
        // refused, never guessed
        ("8 670,53", Err(AMBIGUOUS)),
        ("8670,53", Err(AMBIGUOUS)),
        ("1,23,456", Err(AMBIGUOUS)),
        ("9 022.41", Err(AMBIGUOUS)),
        ("12,345.678,9", Err(AMBIGUOUS)),
        ("1.234.567", Err(AMBIGUOUS)),
        ("5-6", Err(UNREADABLE)),
        ("5--6", Err(UNREADABLE)),
        (".", Err(UNREADABLE)),
        ("1e40", Err(TOO_LARGE)),
        (FORTY_DIGITS, Err(TOO_LARGE)),
        ("99999999999999999999999999999", Err(TOO_LARGE)),
        ("1e999999", Err(TOO_LARGE)),
        ("≥1e40%", Err(TOO_LARGE)),
        ("1e-999999", Err(TOO_PRECISE)),
        ("0.00000000000000000000000000001", Err(TOO_PRECISE)),
        ("1.0000000000000000000000000001", Err(TOO_PRECISE)),
    ];
    assert!(rows.len() >= 40);
    check_table("read", &rows, read);
}

#[test]
fn parse_amounts_in_wan_yuan() {
    let wan = |v: &str, typed: MoneyUnit, decimals: u32| -> Result<Option<Amount>, NumberError> {
        Ok(Some(Amount {
            value: d(v),
            typed_unit: typed,
            typed_decimals: decimals,
        }))
    };
    use MoneyUnit::{WanYuan, YiYuan, Yuan};
    let rows = vec![
        ("9,022.41", wan("9022.41", WanYuan, 2)),
        ("9022.41万元", wan("9022.41", WanYuan, 2)),
        ("９０２２．４１", wan("9022.41", WanYuan, 2)),
        ("1.35亿元", wan("13500", YiYuan, 2)),
        ("12345元", wan("1.2345", Yuan, 0)),
        ("0", wan("0", WanYuan, 0)),
        ("-0", wan("0", WanYuan, 0)),
        ("-5", wan("-5", WanYuan, 0)),
        ("—", Ok(None)),
        ("", Ok(None)),
        ("-", Ok(None)),
        ("96.1%", Err(NumberError::WrongUnit("%".to_string()))),
        ("12件", Err(NumberError::WrongUnit("件".to_string()))),
        ("≤50万元", Err(UNREADABLE)),
        ("按时完成", Err(UNREADABLE)),
        ("8 670,53", Err(AMBIGUOUS)),
        ("8670,53", Err(AMBIGUOUS)),
        ("1e40", Err(TOO_LARGE)),
        (FORTY_DIGITS, Err(TOO_LARGE)),
        ("9999999999999999999999999999亿元", Err(TOO_LARGE)),
    ];
    check_table("parse_amount", &rows, |t| parse_amount(t, WanYuan));

    // 1 亿元 = 10000 万元 = 100000000 元, exactly
    let value = |t: &str, u: MoneyUnit| parse_amount(t, u).unwrap().unwrap().value.normalize().to_string();
    assert_eq!(value("1.35亿元", WanYuan), "13500");
    assert_eq!(value("1亿元", Yuan), "100000000");
    assert_eq!(value("100000000元", YiYuan), "1");
    assert_eq!(value("1万元", YiYuan), "0.0001");
    assert_eq!(value("8,670.53", Yuan), "8670.53");
}

#[test]
fn parse_rates() {
    let rate = |v: &str, dp: u32| -> Result<Option<(Decimal, u32)>, NumberError> { Ok(Some((d(v), dp))) };
    let rows = vec![
        ("96.1%", rate("96.1", 1)),
        ("96.1％", rate("96.1", 1)),
        ("96.10%", rate("96.10", 2)),
        ("96.1", rate("96.1", 1)),
        // a bare fraction is a rate: 0.958 printed for 95.8%, one decimal of percent
        ("0.958", rate("95.8", 1)),
        ("0.9586", rate("95.86", 2)),
        ("0.5%", rate("0.5", 1)),
        ("100%", rate("100", 0)),
        ("—", Ok(None)),
        ("", Ok(None)),
        ("≥90%", Err(UNREADABLE)),
        ("很高", Err(UNREADABLE)),
        ("96.1万元", Err(NumberError::WrongUnit("万元".to_string()))),
        ("96,1%", Err(AMBIGUOUS)),
        ("1e40%", Err(TOO_LARGE)),
    ];
    check_table("parse_rate", &rows, parse_rate);
    let (pct, dp) = parse_rate("0.958").unwrap().unwrap();
    assert_eq!((pct.normalize().to_string(), dp), ("95.8".to_string(), 1));
}

#[test]
fn parse_points_and_weights() {
    let p = |v: &str| -> Result<Option<Decimal>, NumberError> { Ok(Some(d(v))) };
    let rows = vec![
        ("10", p("10")),
        ("9.5分", p("9.5")),
        ("１０", p("10")),
        ("+5", p("5")),
        ("-3.2", p("-3.2")),
        ("1e2", p("100")),
        ("", Ok(None)),
        ("—", Ok(None)),
        ("10%", Err(NumberError::WrongUnit("%".to_string()))),
        ("100万元", Err(NumberError::WrongUnit("万元".to_string()))),
        ("12件", Err(NumberError::WrongUnit("件".to_string()))),
        ("abc", Err(UNREADABLE)),
        ("十", Err(UNREADABLE)),
        ("满分", Err(UNREADABLE)),
        ("≥10", Err(UNREADABLE)),
        ("5-6", Err(UNREADABLE)),
        ("1,5", Err(AMBIGUOUS)),
        ("1e40", Err(TOO_LARGE)),
    ];
    check_table("parse_points", &rows, parse_points);
}

#[test]
fn parse_plain_decimals() {
    let ok = |v: &str, dp: u32| -> Result<(Decimal, u32), NumberError> { Ok((d(v), dp)) };
    let rows = vec![
        ("9,022.41", ok("9022.41", 2)),
        ("1e2", ok("100", 0)),
        ("1.5e1", ok("15", 0)),
        ("2.5E-1", ok("0.25", 2)),
        ("-0", ok("0", 0)),
        ("007", ok("7", 0)),
        ("8 670,53", Err(AMBIGUOUS)),
        ("1,2345", Err(AMBIGUOUS)),
        ("1e", Err(UNREADABLE)),
        ("e5", Err(UNREADABLE)),
        ("", Err(UNREADABLE)),
        ("1e99999999999999999999", Err(UNREADABLE)),
        ("1e40", Err(TOO_LARGE)),
    ];
    check_table("parse_decimal", &rows, parse_decimal);
    // -0 is zero, not a negative amount
    let (zero, _) = parse_decimal("-0").unwrap();
    assert!(!zero.is_sign_negative());
    assert_eq!(zero.to_string(), "0");
}

#[test]
fn normalize_maps_full_width_and_look_alikes() {
    let rows = [
        ("　９０２２．４１　", "9022.41".to_string()),
        ("96.1％", "96.1%".to_string()),
        ("−5", "-5".to_string()),
        ("１，０００", "1,000".to_string()),
        ("＞＝９０％", ">=90%".to_string()),
        ("12。5", "12.5".to_string()),
        ("\u{a0}7\u{202f}", "7".to_string()),
    ];
    check_table("normalize", &rows, |t| normalize(t).to_string());
}

#[test]
fn two_decimal_points_are_unreadable() {
    assert_eq!(read("1.2.3"), Err(UNREADABLE));
    assert_eq!(read("12.5."), Err(UNREADABLE));
    assert_eq!(parse_amount("1.2.3", MoneyUnit::WanYuan), Err(UNREADABLE));
}

#[test]
fn control_characters_are_never_units() {
    assert_eq!(read("12\u{0}34"), Err(UNREADABLE));
    assert_eq!(read("12\u{7}"), Err(UNREADABLE));
    assert_eq!(parse_amount("100\u{1b}[0m", MoneyUnit::WanYuan), Err(UNREADABLE));
}

// ---------------------------------------------------------------------------------------------
// Whole forms: JSON numbers, exact arithmetic and the path of an unknown field.

fn evaluate(json: &str) -> jixiao::Report {
    evaluate_json(json, &Options::default()).unwrap()
}

#[test]
fn a_json_number_is_read_by_its_own_digits() {
    let form =
        parse_form(r#"{"version":1,"indicators":[{"id":"k1","weight":0.1}],"budget":{"total":{"planned":9022.41}}}"#)
            .unwrap();
    assert_eq!(form.indicators[0].weight, Some(Text("0.1".to_string())));
    assert_eq!(form.budget.total.planned, Some(Text("9022.41".to_string())));
    let w = parse_points(form.indicators[0].weight.as_ref().unwrap().as_str())
        .unwrap()
        .unwrap();
    assert_eq!(w, d("0.1"));
    assert_eq!(w.to_string(), "0.1");
}

#[test]
fn a_json_exponent_is_read_exactly() {
    let report = evaluate(
        r#"{"version":1,"budget":{"total":{"planned":1e2,"executed":1E2}},
            "indicators":[{"id":"k1","name":"甲","weight":1e2,"target":"≥90%","actual":"95%"}]}"#,
    );
    assert_eq!(report.budget.planned.as_deref(), Some("100.00"));
    assert_eq!(report.budget.executed.as_deref(), Some("100.00"));
    assert_eq!(report.leaves[0].max_score, "100");
    assert_eq!(report.score, "100.00");
    assert!(report.issues.is_empty(), "{:?}", report.issues);
}

#[test]
fn json_numbers_and_typed_strings_give_the_same_report() {
    let typed = evaluate(
        r#"{"version":1,"budget":{"total":{"planned":"9,022.41","executed":"8,670.53"},"statedRate":"96.1%"},
            "indicators":[{"id":"a","name":"甲","weight":"33.3","target":"≥90%","actual":"95%"},
                          {"id":"b","name":"乙","weight":"33.3","target":"≥90%","actual":"95%"},
                          {"id":"c","name":"丙","weight":"33.4","target":"≥90%","actual":"95%"}]}"#,
    );
    let numbers = evaluate(
        r#"{"version":1,"budget":{"total":{"planned":9022.41,"executed":8670.53},"statedRate":"96.1%"},
            "indicators":[{"id":"a","name":"甲","weight":33.3,"target":"≥90%","actual":"95%"},
                          {"id":"b","name":"乙","weight":33.3,"target":"≥90%","actual":"95%"},
                          {"id":"c","name":"丙","weight":33.4,"target":"≥90%","actual":"95%"}]}"#,
    );
    // 33.3 + 33.3 + 33.4 is exactly 100: no weight finding, as with strings
    assert!(typed.issues.is_empty(), "{:?}", typed.issues);
    assert!(numbers.issues.is_empty(), "{:?}", numbers.issues);
    assert_eq!(numbers.budget.rate.as_deref(), Some("96.10"));
    assert_eq!(numbers.budget.rate, typed.budget.rate);
    assert_eq!(numbers.score, "100.00");
    assert_eq!(numbers.max_score, "100");
    assert_eq!(numbers.leaves, typed.leaves);
}

#[test]
fn a_json_number_too_large_is_a_finding_not_a_load_error() {
    let report = evaluate(r#"{"version":1,"budget":{"total":{"planned":1e40,"executed":"1"}}}"#);
    let issue = report.issues.iter().find(|i| i.path == "budget.total.planned").unwrap();
    assert_eq!((issue.code, issue.severity.as_str()), ("input.numberTooLarge", "error"));
    assert_eq!(report.budget.planned, None);
}

#[test]
fn an_unknown_field_is_refused_with_its_path() {
    let e = parse_form(r#"{"version":1,"budget":{"total":{"planed":"9,022.41"}}}"#).unwrap_err();
    assert_eq!(e.code(), "form.invalid");
    assert_eq!(e.path, "budget.total.planed");
    // the column of the key's opening quote
    assert_eq!((e.line, e.column), (Some(1), Some(33)));
    assert_eq!(
        e.message(jixiao::Lang::En),
        "Wrong field or type: unknown field `planed`, expected `planned` or `executed`"
    );
    // in Chinese from end to end
    assert_eq!(
        e.message(jixiao::Lang::ZhCn),
        "字段类型或名称不对：没有「planed」这个字段，可用：planned、executed"
    );
}

#[test]
fn a_wrong_type_is_refused_with_its_path_line_and_column() {
    let e = parse_form("{\"version\": 1,\n \"indicators\": [{\"id\": \"k1\", \"weight\": true}]}").unwrap_err();
    assert_eq!(e.code(), "form.invalid");
    assert_eq!(e.path, "indicators[0].weight");
    // the column of the value's first byte
    assert_eq!((e.line, e.column), (Some(2), Some(40)));
    assert_eq!(
        e.message(jixiao::Lang::En),
        "Wrong field or type: invalid type: boolean `true`, expected a string or a number"
    );
    assert_eq!(
        e.message(jixiao::Lang::ZhCn),
        "字段类型或名称不对：应为字符串或数字，却是布尔值"
    );
}

#[test]
fn unreadable_cells_in_a_form_are_findings_with_their_paths() {
    let report = evaluate(
        r#"{"version":1,"budget":{"total":{"planned":"8 670,53","executed":"1.35亿元"},
            "bySource":{"generalPublic":{"planned":"1,23,456"}},"statedRate":"很高"},
            "indicators":[{"id":"1.1","name":"甲","weight":"十","target":"≥90%","actual":"95%"}]}"#,
    );
    let found: Vec<(&str, &str, &str)> = report
        .issues
        .iter()
        .filter(|i| i.code.starts_with("input."))
        .map(|i| (i.code, i.path.as_str(), i.values.get("text").unwrap_or("")))
        .collect();
    assert_eq!(
        found,
        vec![
            ("input.ambiguousNumber", "budget.total.planned", "8 670,53"),
            (
                "input.ambiguousNumber",
                "budget.bySource.generalPublic.planned",
                "1,23,456"
            ),
            ("input.unreadableNumber", "budget.statedRate", "很高"),
            ("input.unreadableNumber", "indicators.1.1.weight", "十"),
        ]
    );
    assert_eq!(report.budget.executed.as_deref(), Some("13500.00"));
}
