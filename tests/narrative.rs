//! The 说明 (narrative) checks: the corpus of tests/narrative/ (texts written for the tests, each
//! with the findings a correct checker gives, derived independently by tests/narrative/verify.py),
//! the seed as published, drafting, and properties of any text.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use jixiao::api::narrative_check;
use jixiao::finding::{Issue, Severity, Span};
use jixiao::narrative::{check_text, ClaimKind, Verdict};
use jixiao::{evaluate, load_json, Lang, Options};
use proptest::prelude::*;
use serde_json::Value;

/// The text at a span, cut out of the original by UTF-16 offsets, as JavaScript would.
fn at(text: &str, span: &Span) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[span.start as usize..span.end as usize]).unwrap()
}

/// A case's findings and claims: with its form when it has one (the form's `narrative` replaced
/// by the text), else alone.
fn outcome(text: &str, form: Option<&str>) -> (Vec<Issue>, Vec<(ClaimKind, Verdict, Span)>) {
    match form {
        Some(json) => {
            let mut model = load_json(json).unwrap();
            model.form.narrative = Some(text.to_string());
            let report = evaluate(&model, &Options::default());
            let narrative = report.narrative.unwrap();
            let issues = report.issues.into_iter().filter(|i| i.path == "narrative").collect();
            (
                issues,
                narrative
                    .claims
                    .into_iter()
                    .map(|c| (c.kind, c.verdict, c.span))
                    .collect(),
            )
        }
        None => {
            let checked = narrative_check(text, None, Lang::ZhCn);
            (
                checked.issues,
                checked
                    .claims
                    .into_iter()
                    .map(|c| (c.kind, c.verdict, c.span))
                    .collect(),
            )
        }
    }
}

/// The corpus names kinds finer than the report: a share and a change are rates.
fn kind(name: &str) -> ClaimKind {
    match name {
        "budgetRate" => ClaimKind::BudgetRate,
        "rate" | "share" | "yearOnYear" => ClaimKind::Rate,
        "partsSum" => ClaimKind::Parts,
        "grade" => ClaimKind::Grade,
        "tableMatch" => ClaimKind::Restated,
        other => panic!("unknown claim kind {other}"),
    }
}

fn utf16_len(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

/// Where an expected figure is, in UTF-16 units: inside its `at` when given (the figure is not
/// unique), else its first occurrence.
fn expected_start(text: &str, entry: &Value) -> Option<u32> {
    let figure = entry["figure"].as_str()?;
    let byte = match entry["at"].as_str() {
        Some(context) => text.find(context)? + context.find(figure)?,
        None => text.find(figure)?,
    };
    Some(utf16_len(&text[..byte]))
}

#[test]
fn every_case_of_the_corpus_gives_exactly_its_findings() {
    let dir = common::root().join("tests/narrative");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 9, "the corpus has {} texts", cases.len());
    let mut failures = Vec::new();
    for path in &cases {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let form = std::fs::read_to_string(dir.join(format!("{stem}.form.json"))).ok();
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{stem}.expected.json"))).unwrap()).unwrap();
        let (issues, claims) = outcome(&text, form.as_deref());

        let found: BTreeMap<(String, String, String), usize> = issues.iter().fold(BTreeMap::new(), |mut m, i| {
            let key = (
                i.code.to_string(),
                i.severity.as_str().to_string(),
                at(&text, &i.span.unwrap()),
            );
            *m.entry(key).or_default() += 1;
            m
        });
        let wanted: BTreeMap<(String, String, String), usize> =
            expected["findings"]
                .as_array()
                .unwrap()
                .iter()
                .fold(BTreeMap::new(), |mut m, f| {
                    let key = (
                        f["code"].as_str().unwrap().to_string(),
                        f["severity"].as_str().unwrap().to_string(),
                        f["figure"].as_str().unwrap().to_string(),
                    );
                    *m.entry(key).or_default() += 1;
                    m
                });
        if found != wanted {
            failures.push(format!("{stem}: findings\n  found  {found:?}\n  wanted {wanted:?}"));
            continue;
        }
        for f in expected["findings"].as_array().unwrap() {
            let code = f["code"].as_str().unwrap();
            let start = expected_start(&text, f);
            let issue = issues.iter().find(|i| {
                i.code == code
                    && at(&text, &i.span.unwrap()) == f["figure"].as_str().unwrap()
                    && (f["at"].is_null() || Some(i.span.unwrap().start) == start)
            });
            let Some(issue) = issue else {
                failures.push(format!("{stem}: {code} not at {:?} in {:?}", start, f["at"]));
                continue;
            };
            for (key, value) in f["values"].as_object().into_iter().flatten() {
                if issue.values.get(key) != value.as_str() {
                    failures.push(format!(
                        "{stem}: {} value {key}: {:?}, wanted {value}",
                        issue.code,
                        issue.values.get(key)
                    ));
                }
            }
        }
        for ok in expected["ok"].as_array().into_iter().flatten() {
            let (k, figure) = (kind(ok["kind"].as_str().unwrap()), ok["figure"].as_str().unwrap());
            let start = expected_start(&text, ok);
            let right = claims.iter().any(|(ck, v, s)| {
                *ck == k
                    && *v == Verdict::Ok
                    && at(&text, s) == figure
                    && (ok["at"].is_null() || Some(s.start) == start)
            });
            if !right {
                let near: Vec<_> = claims.iter().filter(|(_, _, s)| at(&text, s) == figure).collect();
                failures.push(format!(
                    "{stem}: no right {k:?} claim at {figure:?} (claims there: {near:?})"
                ));
            }
        }
        for quiet in expected["unchecked"].as_array().into_iter().flatten() {
            let quiet = quiet.as_str().unwrap();
            for (byte, _) in text.match_indices(quiet) {
                let (from, to) = (utf16_len(&text[..byte]), utf16_len(&text[..byte]) + utf16_len(quiet));
                for i in &issues {
                    let span = i.span.unwrap();
                    if span.start < to && from < span.end {
                        failures.push(format!("{stem}: {} over {quiet:?}, which must give nothing", i.code));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The seed as published gives exactly its two mistakes and the rounding note, alone and with the
/// sample form; its budget rate and grade are checked and right; 225% is found and not checked.
fn seed_findings(text: &str) {
    for form in [None, Some(common::read("examples/shiweitang-2024.json"))] {
        let (issues, claims) = outcome(text, form.as_deref());
        let got: Vec<(&str, String, Option<&str>)> = issues
            .iter()
            .map(|i| {
                let value = i.values.get("difference").or(i.values.get("computed"));
                (i.code, at(text, &i.span.unwrap()), value)
            })
            .collect();
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(
            got.contains(&("narrative.rateMismatch", "100%".into(), Some("90.96%"))),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|(c, _, v)| *c == "narrative.partsSumMismatch" && *v == Some("42.30")),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|(c, _, v)| *c == "narrative.partsSumRounding" && *v == Some("0.01")),
            "{got:?}"
        );
        let verdict = |k: ClaimKind, figure: &str| {
            claims
                .iter()
                .find(|(ck, _, s)| *ck == k && at(text, s) == figure)
                .map(|(_, v, _)| *v)
        };
        assert_eq!(verdict(ClaimKind::BudgetRate, "96.1%"), Some(Verdict::Ok));
        assert_eq!(verdict(ClaimKind::Grade, "优"), Some(Verdict::Ok));
        assert_eq!(verdict(ClaimKind::Rate, "225%"), Some(Verdict::Unchecked));
    }
}

#[test]
fn the_seed_as_published() {
    // the shared seeds folder is beside the checkout on the project's machines, not in a clone
    let path = common::root().join("../shared/seeds/000_eb42360c6b062f37.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => seed_findings(&text),
        Err(_) => eprintln!("{} is not here: the restatement below stands in", path.display()),
    }
}

#[test]
fn the_seed_restated_for_the_demo() {
    let form = common::read("examples/shiweitang-2024.json");
    let form: Value = serde_json::from_str(&form).unwrap();
    seed_findings(form["narrative"].as_str().expect("the sample form has its 说明"));
}

#[test]
fn a_figure_broken_over_lines_spans_the_break() {
    let text = "全年预算数 1,000 万元，执行数 95\r\n0 万\n元，完成预算的 96%。";
    let checked = narrative_check(text, None, Lang::ZhCn);
    let issue = checked.issues.first().unwrap();
    assert_eq!(issue.code, "narrative.budgetRateMismatch");
    assert_eq!(at(text, &issue.span.unwrap()), "96%");
    let claim = checked
        .claims
        .iter()
        .find(|c| c.kind == ClaimKind::Restated || c.text == "950万元");
    assert!(claim.is_none(), "no restated claim without a form");
    let n = jixiao::read::narrative::Narrative::read(text);
    let executed = n.figures.iter().find(|f| f.value == 950.into()).unwrap();
    let span = n.place(executed.at.clone());
    assert_eq!(at(text, &span), "95\r\n0 万\n元");
    assert_eq!((span.line, span.column), (1, 20));
}

#[test]
fn a_score_the_table_does_not_give_is_an_error_at_it() {
    let form = common::read("examples/shiweitang-2024.json");
    let text = "经综合评定，自评得分为 95.20 分，评价等级为“优”。";
    let (issues, _) = outcome(text, Some(&form));
    let codes: Vec<(&str, String)> = issues.iter().map(|i| (i.code, at(text, &i.span.unwrap()))).collect();
    assert_eq!(codes, vec![("narrative.differsFromTable", "95.20 分".to_string())]);
    assert_eq!(issues[0].values.get("table"), Some("96.61 分"));
}

/// A text, the claims found in it (kind, verdict, figure) and its findings (code, figure).
type Case<'a> = (&'a str, &'a [(ClaimKind, Verdict, &'a str)], &'a [(&'a str, &'a str)]);

#[test]
fn last_years_figure_is_no_current_figure_and_no_total_of_the_parts_after_it() {
    let cases: [Case; 8] = [
        // the change against last year's figure as written, not that figure less the change
        (
            "全年执行数8,670.53万元，比上年8,000.00万元增加670.53万元，增长8.38%。",
            &[(ClaimKind::Rate, Verdict::Ok, "8.38%")],
            &[],
        ),
        (
            "会议费支出6.40万元，比上年8.00万元减少1.60万元，下降25%。",
            &[(ClaimKind::Rate, Verdict::Error, "25%")],
            &[("narrative.rateMismatch", "25%")],
        ),
        // no change written: the growth is the current figure against last year's
        (
            "全年执行数9,022.41万元，预算执行率为96.10%，比上年支出8,576.30万元增长5.2%。",
            &[
                (ClaimKind::BudgetRate, Verdict::Unchecked, "96.10%"),
                (ClaimKind::Rate, Verdict::Ok, "5.2%"),
            ],
            &[],
        ),
        (
            "会议费支出6.40万元，比上年8.00万元下降25%。",
            &[(ClaimKind::Rate, Verdict::Error, "25%")],
            &[("narrative.rateMismatch", "25%")],
        ),
        (
            "会议费支出6.00万元，较上年8.00万元下降25%。",
            &[(ClaimKind::Rate, Verdict::Ok, "25%")],
            &[],
        ),
        // the parts split the amount before the change or the bracket, not the change
        (
            "“三公”经费支出12.30万元，较上年减少1.20万元，其中公务接待费2.10万元，公务用车运行维护费10.20万元。",
            &[(ClaimKind::Parts, Verdict::Ok, "2.10万元，公务用车运行维护费10.20万元")],
            &[],
        ),
        (
            "全年执行数8,670.53万元（上年为8,000.00万元），其中基本支出3,042.30万元，项目支出5,628.23万元。",
            &[(ClaimKind::Parts, Verdict::Ok, "3,042.30万元，项目支出5,628.23万元")],
            &[],
        ),
        (
            "培训费支出20.50万元，较上年增加3.00万元，其中师资费12.00万元，场地费8.00万元。",
            &[(ClaimKind::Parts, Verdict::Error, "12.00万元，场地费8.00万元")],
            &[("narrative.partsShortOfTotal", "12.00万元，场地费8.00万元")],
        ),
    ];
    for (text, claims, findings) in cases {
        assert_case(text, claims, findings);
    }
}

/// The text alone gives exactly these claims and findings, at these figures.
fn assert_case(text: &str, claims: &[(ClaimKind, Verdict, &str)], findings: &[(&str, &str)]) {
    let (issues, found) = outcome(text, None);
    let found: Vec<(ClaimKind, Verdict, String)> = found.iter().map(|(k, v, s)| (*k, *v, at(text, s))).collect();
    let want: Vec<(ClaimKind, Verdict, String)> = claims.iter().map(|(k, v, f)| (*k, *v, f.to_string())).collect();
    assert_eq!(found, want, "{text}");
    let issues: Vec<(&str, String)> = issues.iter().map(|i| (i.code, at(text, &i.span.unwrap()))).collect();
    let want: Vec<(&str, String)> = findings.iter().map(|(c, f)| (*c, f.to_string())).collect();
    assert_eq!(issues, want, "{text}");
}

/// Each text, checked with `form`, gives no finding.
fn assert_no_findings<T: AsRef<str>>(form: &str, texts: impl IntoIterator<Item = T>) {
    for text in texts {
        let text = text.as_ref();
        let (issues, _) = outcome(text, Some(form));
        assert!(issues.is_empty(), "{text}: {issues:?}");
    }
}

/// The findings of a text checked with `form` (or alone): each code and its message.
fn messages(text: &str, form: Option<&str>) -> Vec<(&'static str, String)> {
    let (issues, _) = outcome(text, form);
    issues.into_iter().map(|i| (i.code, i.message)).collect()
}

/// The findings of a text checked with `form` (or alone): each code and the text it points at.
fn findings(text: &str, form: Option<&str>) -> Vec<(&'static str, String)> {
    let (issues, _) = outcome(text, form);
    issues.iter().map(|i| (i.code, at(text, &i.span.unwrap()))).collect()
}

#[test]
fn a_list_after_其中_ends_at_the_next_budget_figure_and_leaves_out_what_含_breaks_down() {
    let cases: [Case; 4] = [
        // one item, then the 执行数: no parts to add up
        (
            "全年预算数9,022.41万元，其中2024年12月追加预算1,022.41万元，执行数8,670.53万元，执行率96.10%。",
            &[(ClaimKind::BudgetRate, Verdict::Ok, "96.10%")],
            &[],
        ),
        // a 执行数 that names its row is an item
        (
            "全年执行数8,670.53万元，其中基本支出执行数3,042.30万元，项目支出执行数5,600.23万元。",
            &[(ClaimKind::Parts, Verdict::Error, "3,042.30万元，项目支出执行数5,600.23万元")],
            &[("narrative.partsSumMismatch", "3,042.30万元，项目支出执行数5,600.23万元")],
        ),
        (
            "执行数8,670.53万元，其中基本支出3,042.30万元，含人员经费2,500.00万元、公用经费542.30万元，项目支出5,628.23万元。",
            &[
                (
                    ClaimKind::Parts,
                    Verdict::Ok,
                    "3,042.30万元，含人员经费2,500.00万元、公用经费542.30万元，项目支出5,628.23万元",
                ),
                // the breakdown is a list of its own
                (ClaimKind::Parts, Verdict::Ok, "2,500.00万元、公用经费542.30万元"),
            ],
            &[],
        ),
        (
            "执行数8,670.53万元，其中基本支出3,042.30万元，包括人员经费2,500.00万元，项目支出5,000.23万元。",
            &[(ClaimKind::Parts, Verdict::Error, "3,042.30万元，包括人员经费2,500.00万元，项目支出5,000.23万元")],
            &[(
                "narrative.partsSumMismatch",
                "3,042.30万元，包括人员经费2,500.00万元，项目支出5,000.23万元",
            )],
        ),
    ];
    for (text, claims, findings) in cases {
        assert_case(text, claims, findings);
    }
}

#[test]
fn a_total_split_by_nature_and_then_by_source_after_one_其中_is_two_lists() {
    let cases: [Case; 2] = [
        (
            "全年实际支出8,670.53万元，其中：人员经费2,516.80万元，公用经费483.20万元，项目支出5,670.53万元；一般公共预算财政拨款7,110.55万元，政府性基金1,559.98万元。",
            &[
                (ClaimKind::Parts, Verdict::Ok, "2,516.80万元，公用经费483.20万元，项目支出5,670.53万元"),
                (ClaimKind::Parts, Verdict::Ok, "7,110.55万元，政府性基金1,559.98万元"),
            ],
            &[],
        ),
        // by source first; a wrong figure in the second list is found in it
        (
            "执行数8,670.53万元，其中一般公共预算财政拨款支出7,110.55万元，政府性基金1,559.98万元；基本支出3,000.00万元，项目支出5,600.53万元。",
            &[
                (ClaimKind::Parts, Verdict::Ok, "7,110.55万元，政府性基金1,559.98万元"),
                (ClaimKind::Parts, Verdict::Error, "3,000.00万元，项目支出5,600.53万元"),
            ],
            &[("narrative.partsSumMismatch", "3,000.00万元，项目支出5,600.53万元")],
        ),
    ];
    for (text, claims, findings) in cases {
        assert_case(text, claims, findings);
    }
}

#[test]
fn an_amount_broken_down_in_brackets_or_after_含_is_a_list_of_its_own() {
    let cases: [Case; 8] = [
        (
            "基本支出3,042.30万元（其中人员经费2,500.00万元，公用经费542.30万元）。",
            &[(ClaimKind::Parts, Verdict::Ok, "2,500.00万元，公用经费542.30万元")],
            &[],
        ),
        // rows of the table, or the whole of 基本支出: all of it must be there
        (
            "执行数8,670.53万元（其中基本支出3,042.30万元，项目支出5,600.23万元）。",
            &[(ClaimKind::Parts, Verdict::Error, "3,042.30万元，项目支出5,600.23万元")],
            &[("narrative.partsSumMismatch", "3,042.30万元，项目支出5,600.23万元")],
        ),
        (
            "基本支出3,042.30万元，含人员经费2,500.00万元、公用经费500.00万元。",
            &[(ClaimKind::Parts, Verdict::Error, "2,500.00万元、公用经费500.00万元")],
            &[("narrative.partsSumMismatch", "2,500.00万元、公用经费500.00万元")],
        ),
        // within a list after 其中
        (
            "全年实际支出8,670.53万元，其中基本支出3,000.00万元（其中人员经费2,516.80万元，公用经费438.20万元），项目支出5,670.53万元。",
            &[
                (ClaimKind::Parts, Verdict::Ok, "3,000.00万元（其中人员经费2,516.80万元，公用经费438.20万元），项目支出5,670.53万元"),
                (ClaimKind::Parts, Verdict::Error, "2,516.80万元，公用经费438.20万元"),
            ],
            &[("narrative.partsSumMismatch", "2,516.80万元，公用经费438.20万元")],
        ),
        // items that may be some of the parts only: a warning when short
        (
            "项目支出5,628.23万元（其中垃圾分类项目300.00万元，河道保洁200.00万元）。",
            &[(ClaimKind::Parts, Verdict::Error, "300.00万元，河道保洁200.00万元")],
            &[("narrative.partsShortOfTotal", "300.00万元，河道保洁200.00万元")],
        ),
        // one amount in brackets is no list
        ("预算数9,022.41万元（含追加1,022.41万元），执行数8,670.53万元，执行率96.10%。", &[(ClaimKind::BudgetRate, Verdict::Ok, "96.10%")], &[]),
        // the budget in brackets is no budget of the spending outside them, but a part of the
        // budget before them
        (
            "全年预算数9,022.41万元（年初预算8,500.00万元，年中追加预算522.41万元），全年执行数8,670.53万元，执行率96.10%。",
            &[
                (ClaimKind::Parts, Verdict::Ok, "8,500.00万元，年中追加预算522.41万元"),
                (ClaimKind::BudgetRate, Verdict::Ok, "96.10%"),
            ],
            &[],
        ),
        // an amount taken off is no part
        (
            "预算数9,022.41万元（含年中追加1,022.41万元、调减100.00万元），执行数8,670.53万元，执行率96.10%。",
            &[(ClaimKind::BudgetRate, Verdict::Ok, "96.10%")],
            &[],
        ),
    ];
    for (text, claims, findings) in cases {
        assert_case(text, claims, findings);
    }
}

#[test]
fn parts_in_brackets_without_其中_after_包括_or_joined_by_和_are_a_list() {
    let cases: [Case; 9] = [
        // in brackets right after the amount, with nothing to say they are its parts
        (
            "基本支出3,000.00万元（人员经费2,516.80万元、公用经费483.20万元），主要用于保障机关正常运转。",
            &[(ClaimKind::Parts, Verdict::Ok, "2,516.80万元、公用经费483.20万元")],
            &[],
        ),
        (
            "基本支出3,000.00万元（人员经费2,561.80万元、公用经费483.20万元），主要用于保障机关正常运转。",
            &[(ClaimKind::Parts, Verdict::Error, "2,561.80万元、公用经费483.20万元")],
            &[("narrative.partsSumMismatch", "2,561.80万元、公用经费483.20万元")],
        ),
        (
            "全年预算数9,022.41万元（年初预算8,500.00万元，年中追加预算520.41万元），全年执行数8,670.53万元。",
            &[(ClaimKind::Parts, Verdict::Error, "8,500.00万元，年中追加预算520.41万元")],
            &[("narrative.partsShortOfTotal", "8,500.00万元，年中追加预算520.41万元")],
        ),
        // figures in brackets that are no parts: last year's and the change, a budget restated
        (
            "全年支出8,670.53万元（上年为8,000.00万元，较上年增加670.53万元）。",
            &[],
            &[],
        ),
        (
            "全年预算数9,022.41万元（年初预算8,500.00万元，调整后预算9,022.41万元）。",
            &[],
            &[],
        ),
        // after 包括, joined by 和 or each in a clause of its own after 包括：
        (
            "本年度部门整体支出8,670.53万元，包括基本支出3,000.00万元和项目支出5,670.53万元。",
            &[(ClaimKind::Parts, Verdict::Ok, "3,000.00万元和项目支出5,670.53万元")],
            &[],
        ),
        (
            "本年度部门整体支出8,670.53万元，包括基本支出3,000.00万元和项目支出5,760.53万元。",
            &[(ClaimKind::Parts, Verdict::Error, "3,000.00万元和项目支出5,760.53万元")],
            &[("narrative.partsSumMismatch", "3,000.00万元和项目支出5,760.53万元")],
        ),
        (
            "本年度部门整体支出8,670.53万元，包括：基本支出3,000.00万元；项目支出5,760.53万元。",
            &[(ClaimKind::Parts, Verdict::Error, "3,000.00万元；项目支出5,760.53万元")],
            &[("narrative.partsSumMismatch", "3,000.00万元；项目支出5,760.53万元")],
        ),
        // 和 between names, before the figure, joins one item
        ("人员经费和公用经费共3,000.00万元，项目支出5,670.53万元。", &[], &[]),
    ];
    for (text, claims, findings) in cases {
        assert_case(text, claims, findings);
    }
}

#[test]
fn the_units_own_name_or_a_note_before_its_figure_of_the_year_is_held_to_the_table() {
    let form = common::read("examples/shiweitang-2024.json");
    for text in [
        "区卫生健康局2024年度全年支出8,760.53万元。",
        "我街道2024年度全年实际支出8,760.53万元。",
        "石围塘街道本年度支出决算8,760.53万元。",
    ] {
        let (issues, claims) = outcome(text, Some(&form));
        assert_eq!(claims.len(), 1, "{text}: {claims:?}");
        let codes: Vec<&str> = issues.iter().map(|i| i.code).collect();
        assert_eq!(codes, ["narrative.differsFromTable"], "{text}");
    }
    // a note in brackets of what the whole holds or of the date, between the words and the figure
    for text in [
        "全年预算（含上年结转）9,202.41万元，全年实际支出8,670.53万元。",
        "全年实际支出（截至12月31日）8,760.53万元。",
    ] {
        let (issues, _) = outcome(text, Some(&form));
        let codes: Vec<&str> = issues.iter().map(|i| i.code).collect();
        assert_eq!(codes, ["narrative.differsFromTable"], "{text}");
    }
    // a sub-unit's is not the unit's
    for text in [
        "所属执法队2024年度全年支出8,760.53万元。",
        "各社区服务中心2024年度全年支出8,760.53万元。",
    ] {
        let (issues, _) = outcome(text, Some(&form));
        assert!(issues.is_empty(), "{text}: {issues:?}");
    }
}

#[test]
fn a_rows_rate_in_brackets_after_its_amount_is_the_rows() {
    let right = "其中，一般公共预算支出7,110.55万元（预算7,400.00万元，执行率96.09%），政府性基金预算支出1,559.98万元（预算1,622.41万元，执行率96.15%）。";
    let form = common::read("examples/shiweitang-2024.json");
    // held to the table's rows, not to the unit's rate
    let text = right.replace("7,110.55", "7,110.54");
    let (issues, _) = outcome(&text, Some(&form));
    assert!(issues.is_empty(), "{issues:?}");
    assert_case(
        right,
        &[
            (ClaimKind::BudgetRate, Verdict::Ok, "96.09%"),
            (ClaimKind::BudgetRate, Verdict::Ok, "96.15%"),
        ],
        &[],
    );
    let wrong = right.replace("96.09%", "96.19%");
    assert_case(
        &wrong,
        &[
            (ClaimKind::BudgetRate, Verdict::Error, "96.19%"),
            (ClaimKind::BudgetRate, Verdict::Ok, "96.15%"),
        ],
        &[("narrative.budgetRateMismatch", "96.19%")],
    );
}

#[test]
fn amounts_too_rounded_to_check_a_rate_leave_it_to_the_table() {
    let text = "全年预算数0.90亿元，执行数0.87亿元，执行率96.10%。";
    // 0.865 ÷ 0.905 to 0.875 ÷ 0.895: 95.58 % to 97.77 %
    assert_case(text, &[(ClaimKind::BudgetRate, Verdict::Unchecked, "96.10%")], &[]);
    let form = common::read("examples/shiweitang-2024.json");
    let (issues, claims) = outcome(text, Some(&form));
    assert!(issues.is_empty(), "{issues:?}");
    assert!(claims
        .iter()
        .any(|(k, v, s)| *k == ClaimKind::BudgetRate && *v == Verdict::Ok && at(text, s) == "96.10%"));
    // outside what the amounts allow, and for counts, which are exact, the rate is still wrong
    let cases: [Case; 2] = [
        (
            "全年预算数0.90亿元，执行数0.87亿元，执行率90.10%。",
            &[(ClaimKind::BudgetRate, Verdict::Error, "90.10%")],
            &[("narrative.budgetRateMismatch", "90.10%")],
        ),
        (
            "受理工单6件，其中按时完成5件，按时完成率90%。",
            &[(ClaimKind::Rate, Verdict::Error, "90%")],
            &[("narrative.rateMismatch", "90%")],
        ),
    ];
    for (text, claims, findings) in cases {
        assert_case(text, claims, findings);
    }
}

#[test]
fn a_label_and_its_figure_either_side_of_a_colon_are_one_clause() {
    let cases: [Case; 2] = [
        (
            "全年预算数：9,022.41万元；全年执行数：8,670.53万元；预算执行率：96.00%。",
            &[(ClaimKind::BudgetRate, Verdict::Error, "96.00%")],
            &[("narrative.budgetRateMismatch", "96.00%")],
        ),
        // a heading before the colon names no figure after it
        (
            "二、预算执行情况：全年预算数9,022.41万元，执行数8,670.53万元，执行率96.10%。",
            &[(ClaimKind::BudgetRate, Verdict::Ok, "96.10%")],
            &[],
        ),
    ];
    for (text, claims, findings) in cases {
        assert_case(text, claims, findings);
    }
    let text = "全年执行数：8,760.53万元，预算执行率：96.10%。";
    let form = common::read("examples/shiweitang-2024.json");
    let issues = findings(text, Some(&form));
    assert_eq!(issues, [("narrative.differsFromTable", "8,760.53万元".to_string())]);
}

#[test]
fn a_list_whose_items_are_separated_by_semicolons_is_one_list_and_each_share_has_its_total() {
    let cases: [Case; 2] = [
        (
            "全年执行数8,670.53万元，其中：基本支出3,042.30万元，占35.09%；项目支出5,628.23万元，占64.91%。",
            &[
                (
                    ClaimKind::Parts,
                    Verdict::Ok,
                    "3,042.30万元，占35.09%；项目支出5,628.23万元",
                ),
                (ClaimKind::Rate, Verdict::Ok, "35.09%"),
                (ClaimKind::Rate, Verdict::Ok, "64.91%"),
            ],
            &[],
        ),
        (
            "全年执行数8,670.53万元，其中：基本支出3,042.30万元，占35.09%；项目支出5,600.23万元，占64.91%。",
            &[
                (
                    ClaimKind::Parts,
                    Verdict::Error,
                    "3,042.30万元，占35.09%；项目支出5,600.23万元",
                ),
                (ClaimKind::Rate, Verdict::Ok, "35.09%"),
                (ClaimKind::Rate, Verdict::Error, "64.91%"),
            ],
            &[
                (
                    "narrative.partsSumMismatch",
                    "3,042.30万元，占35.09%；项目支出5,600.23万元",
                ),
                ("narrative.rateMismatch", "64.91%"),
            ],
        ),
    ];
    for (text, claims, findings) in cases {
        assert_case(text, claims, findings);
    }
}

#[test]
fn another_years_or_lines_rate_is_not_the_units_and_nested_breakdowns_are_no_items() {
    let other_rate = |tail: &str| format!("全年预算数920.50万元，执行数901.23万元，执行率97.91%，{tail}95.20%。");
    for tail in ["上年执行率为", "其中项目支出执行率", "高于全区平均执行率"] {
        let text = other_rate(tail);
        assert_case(
            &text,
            &[
                (ClaimKind::BudgetRate, Verdict::Ok, "97.91%"),
                (ClaimKind::Rate, Verdict::Unchecked, "95.20%"),
            ],
            &[],
        );
    }
    let cases: [Case; 4] = [
        // a second 其中 breaks its item down
        (
            "项目支出434.56万元，其中：专项业务费300.00万元，其中培训费50.00万元；信息化运维费134.56万元。",
            &[(
                ClaimKind::Parts,
                Verdict::Ok,
                "300.00万元，其中培训费50.00万元；信息化运维费134.56万元",
            )],
            &[],
        ),
        // parts in 元 under a total rounded to 万元
        (
            "项目资金共计356.81万元，其中：人员经费2,150,000.00元，公用经费418,123.45元，业务经费1,000,000.00元。",
            &[(
                ClaimKind::Parts,
                Verdict::Note,
                "2,150,000.00元，公用经费418,123.45元，业务经费1,000,000.00元",
            )],
            &[(
                "narrative.partsSumRounding",
                "2,150,000.00元，公用经费418,123.45元，业务经费1,000,000.00元",
            )],
        ),
        // 累计支出 is spending
        (
            "全年预算数3,560.00万元，累计支出3,412.80万元，执行率95.78%。",
            &[(ClaimKind::BudgetRate, Verdict::Error, "95.78%")],
            &[("narrative.budgetRateMismatch", "95.78%")],
        ),
        (
            "全年预算数3,560.00万元，累计支出3,412.80万元，执行率95.87%。",
            &[(ClaimKind::BudgetRate, Verdict::Ok, "95.87%")],
            &[],
        ),
    ];
    for (text, claims, findings) in cases {
        assert_case(text, claims, findings);
    }
    // with the table: figures of last year, of a project or of a row are not the table's totals
    let form = common::read("examples/shiweitang-2024.json");
    assert_no_findings(
        &form,
        [
            "全年预算数9,022.41万元，执行率96.10%。上年预算数8,500.00万元，执行数8,000.00万元。",
            "全年执行数8,670.53万元，比上年执行数8,000.00万元增加670.53万元，增长8.38%。",
            "其中“民生微实事”项目预算1,600.00万元，执行数1,580.00万元，执行率98.75%。",
            "本年度一般公共预算财政拨款预算数7,200.00万元，执行数7,110.54万元。",
            "自评得分96.61分，比上年提高8.11分。",
            "2023年度自评得分88.50分，评价等级为良；2024年度自评得分96.61分，评价等级为优。",
        ],
    );
    // the form's own year is still checked
    let text = "2023年度自评得分88.50分；2024年度自评得分88.00分，评价等级为良。";
    let issues = findings(text, Some(&form));
    assert_eq!(
        issues,
        [
            ("narrative.differsFromTable", "88.00分".to_string()),
            ("narrative.differsFromTable", "良".to_string())
        ]
    );
}

#[test]
fn a_heading_joined_to_its_first_line_names_no_figure_of_it() {
    // line breaks are layout (a PDF's lines), so the heading runs into the sentence after it
    let text = "一、预算执行情况\n2024年全年预算数9,022.41万元，全年执行数8,670.53万元，预算执行率96.10%。";
    let form = common::read("examples/shiweitang-2024.json");
    let (issues, claims) = outcome(text, Some(&form));
    assert!(issues.is_empty(), "{issues:?}");
    let claims: Vec<(ClaimKind, Verdict, String)> = claims.iter().map(|(k, v, s)| (*k, *v, at(text, s))).collect();
    assert_eq!(
        claims,
        [
            (ClaimKind::Restated, Verdict::Ok, "9,022.41万元".to_string()),
            (ClaimKind::Restated, Verdict::Ok, "8,670.53万元".to_string()),
            (ClaimKind::BudgetRate, Verdict::Ok, "96.10%".to_string()),
        ]
    );
}

#[test]
fn a_figure_in_full_width_is_quoted_with_ascii_digits_and_commas() {
    let text = "全年预算数９，０２２．４１万元，执行数８，６７０．５３万元，执行率为９５．１％。";
    let (issues, _) = outcome(text, None);
    assert_eq!(issues.len(), 1, "{issues:?}");
    let message = &issues[0].message;
    assert!(
        message.contains("执行数 8,670.53 万元 ÷ 预算数 9,022.41 万元"),
        "{message}"
    );
}

#[test]
fn drafts_agree_with_their_tables() {
    for (stem, json) in common::samples() {
        let model = load_json(&json).unwrap();
        let evaluation = jixiao::score::Evaluation::new(&model, &Options::default());
        let draft = jixiao::narrative::draft::draft(&model, &evaluation, Lang::ZhCn);
        let has_error = evaluation
            .budget
            .findings
            .iter()
            .any(|f| f.severity == jixiao::Severity::Error);
        assert_eq!(draft.budget.is_none(), has_error, "{stem}");
        assert_eq!(draft.issues.is_empty(), !has_error, "{stem}");
        if let Some(budget) = draft.budget {
            let text = [budget, draft.conclusion.unwrap_or_default()].join("\n");
            let checked = check_text(&text, Some((&model, &evaluation)), Lang::ZhCn);
            let bad: Vec<&Issue> = checked
                .issues
                .iter()
                .filter(|i| i.severity != jixiao::Severity::Info)
                .collect();
            assert!(bad.is_empty(), "{stem}: {bad:?}\n{text}");
        }
    }
}

/// Figures in the sentence shapes of the corpus, some hedged, some with no base.
fn sentence() -> impl Strategy<Value = String> {
    let amount = (1u32..10_000_000, 0u32..3).prop_map(|(n, dp)| {
        let value = rust_decimal::Decimal::new(i64::from(n), dp);
        format!("{value}")
    });
    let percent =
        (0u32..20000, 0u32..3).prop_map(|(n, dp)| format!("{}%", rust_decimal::Decimal::new(i64::from(n), dp)));
    let hedge = prop::sample::select(vec!["约", "超", "逾", "近", "预计", "超过"]);
    let after = prop::sample::select(vec!["余", "多", "以上", "左右"]);
    let unit = prop::sample::select(vec!["万元", "元", "亿元", "件", "人次", "家"]);
    let word = prop::sample::select(vec!["签约率达", "满意度为", "占全年任务的", "覆盖率", "提升", "完成"]);
    prop_oneof![
        (hedge.clone(), amount.clone(), unit.clone(), percent.clone())
            .prop_map(|(h, a, u, p)| format!("全年预算数 {h}{a} {u}，执行数 {a} {u}，完成预算的 {p}。")),
        (
            amount.clone(),
            after.clone(),
            unit.clone(),
            amount.clone(),
            percent.clone()
        )
            .prop_map(|(a, s, u, b, p)| format!("受理 {a}{s}{u}，按时完成 {b}{u}，按时完成率 {p}。")),
        (word, percent.clone()).prop_map(|(w, p)| format!("{w}{p}。")),
        (hedge, amount.clone(), unit.clone(), amount.clone())
            .prop_map(|(h, a, u, b)| format!("按资金来源分，一般公共预算 {h}{a}{u}，其他资金 {b}{u}。")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Hedged figures and rates with no stated base are never wrong.
    #[test]
    fn hedged_or_baseless_figures_never_give_an_error(sentences in prop::collection::vec(sentence(), 1..6)) {
        let text = sentences.concat();
        let checked = narrative_check(&text, None, Lang::ZhCn);
        prop_assert!(checked.issues.is_empty(), "{text}\n{:?}", checked.issues);
    }

    /// Any text is read without a panic, and every span cuts the original where a figure is.
    #[test]
    fn any_text_is_read_and_spans_cut_the_original(text in "[0-9０-９.,，。％%万元亿件人次\\n\\r 约超预算数执行完成率的其中共计按资金来源分得分等级为优良中差A-z😀]{0,200}") {
        let checked = narrative_check(&text, None, Lang::ZhCn);
        let units = text.encode_utf16().count() as u32;
        for claim in &checked.claims {
            prop_assert!(claim.span.start <= claim.span.end && claim.span.end <= units);
            // the claim's text is the figure as read: full-width folded, layout taken out
            let fold = |c: char| match c {
                '０'..='９' | '．' | '％' => char::from_u32(c as u32 - 0xFEE0).unwrap(),
                c => c,
            };
            let cut: String = at(&text, &claim.span).chars().filter(|c| !c.is_whitespace()).map(fold).collect();
            prop_assert_eq!(cut, claim.text.clone());
        }
    }

    /// Any text at all, with a form or without, is read and checked without a panic.
    #[test]
    fn any_text_at_all_is_checked(text in "\\PC*|[\\x00-\\u{ffff}]{0,300}") {
        let form = common::read("examples/shiweitang-2024.json");
        let (issues, claims) = outcome(&text, Some(&form));
        prop_assert!(issues.iter().all(|i| i.code.starts_with("narrative.")));
        prop_assert!(claims.len() < text.chars().count() + 1);
    }

    /// A drafted paragraph checks clean against its own form, whatever the table's amounts.
    #[test]
    fn a_draft_checks_clean_against_its_form(
        planned in 1u64..100_000_000_000, executed in 0u64..100_000_000_000,
        split in 0u64..=100, unit in 0usize..3, dp in 0u32..3,
    ) {
        let money = |x: u64| rust_decimal::Decimal::new(x as i64, dp).to_string();
        let basic = executed * split / 100;
        let general = executed - executed * split / 200;
        let money_unit = ["元", "万元", "亿元"][unit];
        let form = serde_json::json!({
            "version": 1,
            "moneyUnit": money_unit,
            "budget": {
                "total": { "planned": money(planned), "executed": money(executed) },
                "bySource": { "generalPublic": { "executed": money(general) }, "other": { "executed": money(executed - general) } },
                "byNature": { "basic": { "executed": money(basic) }, "project": { "executed": money(executed - basic) } }
            },
            "indicators": [{ "id": "1", "name": "产出", "weight": "100", "target": "≥10件", "actual": "9件" }]
        });
        let model = load_json(&form.to_string()).unwrap();
        let evaluation = jixiao::score::Evaluation::new(&model, &Options::default());
        let draft = jixiao::narrative::draft::draft(&model, &evaluation, Lang::ZhCn);
        let text = [draft.budget.unwrap(), draft.conclusion.unwrap()].join("\n");
        let checked = check_text(&text, Some((&model, &evaluation)), Lang::ZhCn);
        prop_assert!(checked.issues.is_empty(), "{text}\n{:?}", checked.issues);
        prop_assert!(checked.report.checked >= 5, "{text}\n{:?}", checked.report);
    }
}

#[test]
fn a_heading_line_is_a_sentence_of_its_own() {
    // a PDF's or a Word file's heading on its own line, then the paragraph under it: the finding
    // quotes the paragraph's sentence, not the heading run into it
    for heading in ["二、预算执行情况", "（二）预算执行情况", "十二、预算执行情况"] {
        for breaks in ["\n", "\r\n", "\n\n"] {
            let text = format!(
                "一、部门基本情况{breaks}本部门共有人员30人。{breaks}{heading}{breaks}全年预算数9,022.14万元，执行数8,670.53万元，执行率95.00%。"
            );
            let (issues, _) = outcome(&text, None);
            let sentence = issues
                .first()
                .and_then(|i| i.values.get("sentence"))
                .map(str::to_string);
            assert_eq!(
                sentence.as_deref(),
                Some("全年预算数9,022.14万元，执行数8,670.53万元，执行率95.00%。"),
                "{text:?}: {issues:?}"
            );
        }
    }
    // a number at the end of a line is not joined to a list item at the start of the next, as
    // before; and 一 inside a line is no heading
    let (issues, claims) = outcome(
        "全年预算数9,022.14万元，执行数8,670.53万元，\n执行率一、二季度较低，全年96.10%。",
        None,
    );
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(claims.len(), 1);
}

/// Figures of a project, a special fund or part of the year are not the unit's: they are checked
/// against the other figures of their sentence, never against the table, and a unit's budget rate
/// is never computed from them. A table pasted from Word (tab-separated rows) is no part of the
/// paragraph after it.
#[test]
fn a_projects_or_part_of_the_years_figures_are_not_held_to_the_table() {
    let form = common::read("examples/shiweitang-2024.json");
    let unit = "全年预算数9,022.41万元，执行数8,670.53万元，执行率96.10%。\n";
    assert_no_findings(
        &form,
        [
            // a project's section, by its heading
            "二、项目执行情况\n（一）河湖长制项目。全年预算860万元，实际支出842.6万元，执行率97.98%。".to_string(),
            // a special fund, in the sentence or by its heading
            "垃圾分类专项经费预算860.00万元，执行912.30万元，执行率106.08%。".to_string(),
            format!("{unit}（二）专项资金\n省级专项资金预算300万元，执行285万元，执行率95%。"),
            // another year's rate after a project's figures
            "“民生微实事”项目全年预算120万元，实际支出115.32万元，项目预算执行率96.1%。2023年度本街道预算执行率为93.20%。"
                .to_string(),
            // a subsidy's rate in a project's section, far from the unit's budget
            format!("一、部门预算执行情况\n{unit}二、项目情况\n（一）学生资助项目。全年资助家庭经济困难学生12,356人次，发放资助金1,845.6万元，资助资金发放率100%。"),
            // 年初预算 before the adjusted budget the table holds
            "本局年初预算8,500.00万元，年中追加522.41万元，调整后全年预算数9,022.41万元，执行数8,670.53万元，执行率96.10%。"
                .to_string(),
            // part of the year
            "截至2024年6月30日，执行数4,120.25万元，序时进度执行率45.67%。".to_string(),
            "上半年执行数4,120.25万元。".to_string(),
            // a project's rate stated alone
            format!("{unit}二、履职情况\n项目执行率100%。"),
        ],
    );
    // the year's end is the year
    let text = "截至2024年12月31日，全年预算数9,022.41万元，执行数8,670.35万元。";
    let found = findings(text, Some(&form));
    assert_eq!(found, [("narrative.differsFromTable", "8,670.35万元".to_string())]);
    // alone, the unit's rate of another year is not computed from a project's figures
    assert_case(
        "“民生微实事”项目全年预算120万元，实际支出115.32万元，项目预算执行率96.1%。2023年度本街道预算执行率为93.20%。",
        &[
            (ClaimKind::BudgetRate, Verdict::Ok, "96.1%"),
            (ClaimKind::BudgetRate, Verdict::Unchecked, "93.20%"),
        ],
        &[],
    );
    // a row's cells, numbers without a unit, are not read as one number
    assert_case(
        "基本支出\t3,100.00\t3,042.30\t98.14%",
        &[(ClaimKind::Rate, Verdict::Unchecked, "98.14%")],
        &[],
    );
    // a pasted table's rows, then the budget paragraph, whose 执行数 differs from the table
    let text = "项目\t预算数\t执行数\t备注\n基本支出\t3,100.00\t3,042.30\t含项目经费\n\n全年预算数9,022.41万元，执行数8,670.35万元，执行率96.10%。";
    let found = findings(text, Some(&form));
    assert_eq!(found, [("narrative.differsFromTable", "8,670.35万元".to_string())]);
}

/// Shares after 分别 go to the parts in their order; a rate's count before another rate is that
/// rate's; 增幅 and 降幅 are changes; an amount more precise than the table agrees when it rounds to
/// the table's; a claim's text groups thousands with the ASCII comma.
#[test]
fn respective_shares_closed_counts_change_words_and_precise_amounts() {
    assert_case(
        "全年执行数8,670.53万元，其中基本支出3,042.30万元、项目支出5,628.23万元，分别占35.09%和64.91%。",
        &[
            (ClaimKind::Parts, Verdict::Ok, "3,042.30万元、项目支出5,628.23万元"),
            (ClaimKind::Rate, Verdict::Ok, "35.09%"),
            (ClaimKind::Rate, Verdict::Ok, "64.91%"),
        ],
        &[],
    );
    assert_case(
        "全年执行数8,670.53万元，其中基本支出3,042.30万元、项目支出5,628.23万元，分别占45.00%和55.00%。",
        &[
            (ClaimKind::Parts, Verdict::Ok, "3,042.30万元、项目支出5,628.23万元"),
            (ClaimKind::Rate, Verdict::Error, "45.00%"),
            (ClaimKind::Rate, Verdict::Error, "55.00%"),
        ],
        &[
            ("narrative.rateMismatch", "45.00%"),
            ("narrative.rateMismatch", "55.00%"),
        ],
    );
    assert_case(
        "签约常住居民3.2万人，签约率约38%；65岁及以上老年人健康管理9,864人，健康管理率72.6%。",
        &[
            (ClaimKind::Rate, Verdict::Unchecked, "38%"),
            (ClaimKind::Rate, Verdict::Unchecked, "72.6%"),
        ],
        &[],
    );
    // 312.58 ÷ (4,126.38 − 312.58) = 8.20 %
    assert_case(
        "全年支出4,126.38万元，同比增加312.58万元，增幅9.2%。",
        &[(ClaimKind::Rate, Verdict::Error, "9.2%")],
        &[("narrative.rateMismatch", "9.2%")],
    );
    assert_case(
        "全年支出3,813.80万元，同比减少312.58万元，降幅7.6%。",
        &[(ClaimKind::Rate, Verdict::Ok, "7.6%")],
        &[],
    );
    let form = common::read("examples/shiweitang-2024.json");
    for (text, finding) in [
        ("全年执行数86,705,312.42元。", None),
        ("全年执行数86,705,300.00元。", None),
        ("全年执行数86,715,312.42元。", Some("86,715,312.42元")),
    ] {
        let (issues, _) = outcome(text, Some(&form));
        let found: Vec<String> = issues.iter().map(|i| at(text, &i.span.unwrap())).collect();
        assert_eq!(
            found,
            finding.map(str::to_string).into_iter().collect::<Vec<_>>(),
            "{text}"
        );
    }
    let text = "全年预算数9，022.41万元，执行数8，670.53万元。";
    let mut model = load_json(&form).unwrap();
    model.form.narrative = Some(text.to_string());
    let report = evaluate(&model, &Options::default());
    let claims: Vec<String> = report.narrative.unwrap().claims.into_iter().map(|c| c.text).collect();
    assert_eq!(claims, ["9,022.41万元", "8,670.53万元"]);
}

/// A rate written in Chinese numerals after 百分之 is read as its figure and checked like one.
#[test]
fn a_rate_in_chinese_numerals_is_read_and_checked() {
    assert_case(
        "受理群众诉求2480件，按时办结2383件，按时办结率为百分之百。",
        &[(ClaimKind::Rate, Verdict::Error, "百分之百")],
        &[("narrative.rateMismatch", "百分之百")],
    );
    for (rate, verdict) in [
        ("百分之九十六点一", Verdict::Ok),
        ("百分之九十六点一零", Verdict::Ok),
        ("百分之九十五点八", Verdict::Error),
    ] {
        let text = format!("全年预算数9,022.41万元，执行数8,670.53万元，执行率{rate}。");
        let (_, claims) = outcome(&text, None);
        let claims: Vec<(ClaimKind, Verdict, String)> = claims.iter().map(|(k, v, s)| (*k, *v, at(&text, s))).collect();
        assert_eq!(claims, [(ClaimKind::BudgetRate, verdict, rate.to_string())], "{text}");
    }
    assert_case(
        "全年预算数200.00万元，执行数210.00万元，执行率百分之一百零五。",
        &[(ClaimKind::BudgetRate, Verdict::Ok, "百分之一百零五")],
        &[],
    );
    assert_case(
        "全年预算数200.00万元，执行数190.00万元，执行率百分之九十五。",
        &[(ClaimKind::BudgetRate, Verdict::Ok, "百分之九十五")],
        &[],
    );
    // hedged; and two digits in a row are no numeral
    assert_case(
        "满意度达百分之九十以上。",
        &[(ClaimKind::Rate, Verdict::Unchecked, "百分之九十")],
        &[],
    );
    assert_case("执行率百分之九五。", &[], &[]);
}

/// A grade word wrong for the score stated before it is one error, not a second one for differing
/// from the table's grade; a grade right for its own score but not the table's is still an error.
#[test]
fn a_wrong_grade_word_is_one_error() {
    let form = common::read("examples/shiweitang-2024.json");
    let findings = |text: &str| findings(text, Some(&form));
    assert_eq!(
        findings("自评得分为96.61分，评价等级为良。"),
        [("narrative.gradeMismatch", "良".to_string())]
    );
    // wrong for its score, right for the table's: the score differs from the table, and the
    // grade from the score
    assert_eq!(
        findings("自评得分为88.00分，评价等级为优。"),
        [
            ("narrative.differsFromTable", "88.00分".to_string()),
            ("narrative.gradeMismatch", "优".to_string())
        ]
    );
    assert_eq!(
        findings("自评得分为88.00分，评价等级为良。"),
        [
            ("narrative.differsFromTable", "88.00分".to_string()),
            ("narrative.differsFromTable", "良".to_string())
        ]
    );
}

/// A grade word is read before 等次 or 等级, and after 评定为, 评为 or 结果为 when it ends its clause;
/// an award (`被评为优秀共产党员`) and a word of one character before 等级 alone (`中等级别`) are no grade.
#[test]
fn a_grade_word_is_read_before_等次_and_after_评定为() {
    let form = common::read("examples/shiweitang-2024.json");
    let findings = |text: &str| findings(text, Some(&form));
    let wrong = |word: &str| vec![("narrative.gradeMismatch", word.to_string())];
    assert_eq!(findings("自评得分为96.61分，评价结果为良好等次。"), wrong("良好"));
    assert_eq!(findings("自评得分为96.61分，为“良”等级。"), wrong("良"));
    assert_eq!(findings("自评得分为96.61分，综合评定为良好。"), wrong("良好"));
    assert_eq!(findings("自评得分96.61分，自评结果：合格"), wrong("合格"));
    assert_eq!(findings("自评得分为96.61分，被评为良好，"), wrong("良好"));
    // one grade named twice is one claim
    assert_eq!(findings("自评得分为96.61分，评价等级为良好等次。"), wrong("良好"));
    for right in [
        "自评得分为96.61分，评价结果为优秀等次。",
        "自评得分为96.61分，综合评定为优。",
        "自评得分为96.61分，评价等级为优秀等次。",
    ] {
        assert_eq!(findings(right), [], "{right}");
    }
    for no_grade in [
        "自评得分为96.61分。单位党支部被评为良好党支部。",
        "自评得分为96.61分。项目运行结果良好。",
        "自评得分为96.61分。新建中等级别道路2条。",
        "自评得分为96.61分。经评定，合格率100%。",
    ] {
        assert_eq!(findings(no_grade), [], "{no_grade}");
    }
}

/// One figure restated wrong is one error: the rate and the sum computed from it are not held
/// against the text (the rate is held to the table's instead), so the reader is not sent to the
/// figures that are right.
#[test]
fn one_wrong_figure_is_one_error() {
    let form = common::read("examples/shiweitang-2024.json");
    let findings = |text: &str| findings(text, Some(&form));
    let said = "全年预算数9,022.41万元，执行数8,607.53万元，完成预算的96.1%。按资金来源分，一般公共预算财政拨款支出7,110.54万元，政府性基金预算财政拨款支出1,559.98万元。";
    assert_eq!(
        findings(said),
        [("narrative.differsFromTable", "8,607.53万元".to_string())]
    );
    // a rate wrong for the text's figures and for the table's is still wrong
    let both = said.replace("96.1%", "97.2%");
    assert_eq!(
        findings(&both),
        [
            ("narrative.differsFromTable", "8,607.53万元".to_string()),
            ("narrative.differsFromTable", "97.2%".to_string())
        ]
    );
}

/// A row by source or nature restated wrong is named in English as in Chinese.
#[test]
fn a_part_that_differs_from_the_table_is_named_in_english() {
    let form = common::read("examples/shiweitang-2024.json");
    let mut model = load_json(&form).unwrap();
    model.form.narrative = Some("全年执行数8,670.53万元，其中基本支出1,836.40万元，项目支出6,834.13万元。".to_string());
    let report = evaluate(&model, &Options { lang: Lang::En });
    let messages: Vec<&str> = report
        .issues
        .iter()
        .filter(|i| i.code == "narrative.differsFromTable")
        .map(|i| i.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "The narrative states basic spending of 1,836.40 万元; the table has 3,042.30 万元",
            "The narrative states project spending of 6,834.13 万元; the table has 5,670.53 万元"
        ]
    );
}

/// A row of the budget table stated on its own, not as part of a list after its total, is held
/// to the table's row: in the column its words name, or in either when they name none. Said with
/// anything else in its clause (a project's name, 上年, a date before the year's end), or under a
/// project's heading, it may be another's row and is left alone.
#[test]
fn a_row_of_the_budget_table_stated_alone_is_held_to_the_table() {
    let form = common::read("examples/shiweitang-2024.json");
    let (issues, claims) = outcome(
        "其中基本支出3,142.30万元。\n项目支出为5,670.53万元。\n一般公共预算财政拨款支出7,110.54万元；政府性基金预算财政拨款执行数1,559.98万元。",
        Some(&form),
    );
    let found: Vec<(&str, &str)> = issues.iter().map(|i| (i.code, i.message.as_str())).collect();
    assert_eq!(
        found,
        [(
            "narrative.differsFromTable",
            "说明所写基本支出 3,142.30 万元 与自评表的 3,042.30 万元 不符"
        )]
    );
    let verdicts: Vec<(ClaimKind, Verdict)> = claims.iter().map(|(k, v, _)| (*k, *v)).collect();
    assert_eq!(
        verdicts,
        [
            (ClaimKind::Restated, Verdict::Error),
            (ClaimKind::Restated, Verdict::Ok),
            (ClaimKind::Restated, Verdict::Ok),
            (ClaimKind::Restated, Verdict::Ok),
        ]
    );
    assert_no_findings(
        &form,
        [
            // revenue, a row's share of another row, a kind of spending reported apart, next year
            "收入预算9,300.00万元，其中一般公共预算财政拨款收入7,600.00万元。",
            "一般公共预算财政拨款支出7,110.54万元，其中基本支出2,900.00万元，项目支出4,210.54万元。",
            "2024年“三公”经费预算数15.00万元，执行数12.56万元，执行率83.73%。",
            "（二）“三公”经费支出情况\n预算数15.00万元，执行数12.56万元，执行率83.73%。",
            "政府采购预算数1,200.00万元，实际采购金额1,150.32万元，执行率95.86%。",
            "下年度预算数9,500.00万元。",
            // a row's rate is not the unit's
            "基本支出执行率96.77%。",
            "城市更新项目支出120.00万元。",
            "上年基本支出2,900.00万元。",
            "二、项目情况\n（一）河湖长制项目\n项目支出860.00万元。",
            "截至2024年6月30日，基本支出1,500.00万元。",
            "基本支出约3,000万元。",
            // the planned column, which this table leaves empty
            "基本支出预算数3,100.00万元。",
        ],
    );
}

/// A budget rate's finding names the rate as the text does (发放率, 支付率), and an amount computed
/// from the text's figures keeps their decimals (45.60 + 2.40 is 48.00 万元).
#[test]
fn a_budget_rate_is_named_as_written_and_a_computed_amount_keeps_its_decimals() {
    let messages = |text: &str, lang: Lang| -> Vec<String> {
        let checked = jixiao::narrative::check_text(text, None, lang);
        checked.issues.iter().map(|i| i.message.clone()).collect()
    };
    let text = "专项资金下达300.00万元，实际发放288.00万元，发放率98%。\n养老补贴已支付45.60万元，未支付2.40万元，支付率96%。\n全年预算数1,250.00万元，完成预算的95%。";
    assert_eq!(
        messages(text, Lang::ZhCn),
        [
            "说明所写发放率 98% 与计算值 96.00% 不符（执行数 288.00 万元 ÷ 预算数 300.00 万元）",
            "说明所写支付率 96% 与计算值 95.00% 不符（执行数 45.60 万元 ÷ 预算数 48.00 万元）",
        ]
    );
    assert_eq!(
        messages(text, Lang::En),
        [
            "The narrative states a disbursement rate of 98%; 288.00 万元 / 300.00 万元 is 96.00%",
            "The narrative states a payment rate of 96%; 45.60 万元 / 48.00 万元 is 95.00%",
        ]
    );
}

/// A budget table pasted into the 说明 (cells tab-separated, as a .docx's table is read): under a
/// header of 预算数, 执行数 and 执行率, each row's rate is held to its figures, and with the form the
/// row of the whole and the rows by source or nature to the table, bare amounts in the unit the
/// table names. Findings point at the cell. Without a unit named, amounts are not read; a table of
/// indicators is no budget table.
#[test]
fn a_pasted_budget_tables_rows_are_checked() {
    let form = common::read("examples/shiweitang-2024.json");
    let text = "表1 部门整体支出情况表（单位：万元）\n项目\t全年预算数\t全年执行数\t执行率\n合计\t9,022.41\t8,670.53\t96.10%\n一般公共预算财政拨款\t7,300.00\t7,110.54\t97.40%\n基本支出\t3,100.00\t3,142.30\t98.14%\n人员经费\t2,000.00\t1,900.00\t96%\n";
    let (issues, claims) = outcome(text, Some(&form));
    let found: Vec<(&str, String, &str)> = issues
        .iter()
        .map(|i| (i.code, at(text, &i.span.unwrap()), i.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "narrative.differsFromTable",
                "3,142.30".to_string(),
                "说明所写基本支出执行数 3,142.30 万元 与自评表的 3,042.30 万元 不符"
            ),
            (
                "narrative.rateMismatch",
                "96%".to_string(),
                "说明所写 96% 与 1,900.00 万元 ÷ 2,000.00 万元 = 95.00% 不符"
            ),
        ]
    );
    let claims: Vec<(ClaimKind, Verdict, String)> = claims.iter().map(|(k, v, s)| (*k, *v, at(text, s))).collect();
    let want = [
        (ClaimKind::Restated, Verdict::Ok, "9,022.41"),
        (ClaimKind::Restated, Verdict::Ok, "8,670.53"),
        (ClaimKind::BudgetRate, Verdict::Ok, "96.10%"),
        // the form's table has no budget by source
        (ClaimKind::Restated, Verdict::Unchecked, "7,300.00"),
        (ClaimKind::Restated, Verdict::Ok, "7,110.54"),
        (ClaimKind::Rate, Verdict::Ok, "97.40%"),
        (ClaimKind::Restated, Verdict::Unchecked, "3,100.00"),
        (ClaimKind::Restated, Verdict::Error, "3,142.30"),
        // computed from a figure the table contradicts
        (ClaimKind::Rate, Verdict::Unchecked, "98.14%"),
        (ClaimKind::Rate, Verdict::Error, "96%"),
    ];
    let want: Vec<(ClaimKind, Verdict, String)> = want.iter().map(|(k, v, f)| (*k, *v, f.to_string())).collect();
    assert_eq!(claims, want);

    // alone, the rates against their rows
    assert_case(
        text,
        &[
            (ClaimKind::BudgetRate, Verdict::Ok, "96.10%"),
            (ClaimKind::Rate, Verdict::Ok, "97.40%"),
            (ClaimKind::Rate, Verdict::Error, "98.14%"),
            (ClaimKind::Rate, Verdict::Error, "96%"),
        ],
        &[("narrative.rateMismatch", "98.14%"), ("narrative.rateMismatch", "96%")],
    );
    // no unit named: the amounts are not read, the row of the whole's rate is the table's
    let no_unit = text.replace("（单位：万元）", "");
    let (issues, claims) = outcome(&no_unit, Some(&form));
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(claims.len(), 4, "{claims:?}");
    assert_eq!((claims[0].0, claims[0].1), (ClaimKind::BudgetRate, Verdict::Ok));
    // rates without %, a 序号 column, a full-width comma: the same findings, at the same cells
    let plain = text
        .replace("项目\t", "序号\t项目\t")
        .replace("\n合计", "\n1\t合计")
        .replace("\n一般", "\n2\t一般")
        .replace("\n基本", "\n3\t基本")
        .replace("\n人员", "\n4\t人员")
        .replace("3,142.30", "3，142.30")
        .replace('%', "");
    let codes: Vec<(&str, String)> = outcome(&plain, Some(&form))
        .0
        .iter()
        .map(|i| (i.code, at(&plain, &i.span.unwrap())))
        .collect();
    assert_eq!(
        codes,
        [
            ("narrative.differsFromTable", "3，142.30".to_string()),
            ("narrative.rateMismatch", "96".to_string())
        ]
    );
    // a table, all right, with the budget as first set beside it and last year's spending, and a
    // table of 三公经费, whose 合计 is not the unit's
    let adjusted = "单位：万元\n项目\t上年执行数\t年初预算数\t全年预算数\t全年执行数\t执行率\n合计\t8,100.00\t7,850.00\t9,022.41\t8,670.53\t96.10%\n";
    let sangong = "“三公”经费支出情况表（单位：万元）\n项目\t预算数\t执行数\t执行率\n合计\t15.00\t12.56\t83.73%\n";
    for text in [adjusted, sangong] {
        let (issues, claims) = outcome(text, Some(&form));
        assert!(issues.is_empty(), "{text}: {issues:?}");
        assert!(claims.iter().any(|(_, v, _)| *v == Verdict::Ok), "{text}: {claims:?}");
    }
    // a table of indicators, and a budget row with no header over it
    assert_no_findings(
        &form,
        [
            "一级指标\t二级指标\t年度指标值\t实际完成值\n产出指标\t数量指标\t≥2000人\t2399人\n",
            "基本支出\t3,100.00\t3,142.30\t98.14%\n",
        ],
    );
}

/// A project's grade (in its section, or after its name) and a threshold (`评价等级为良以下的项目`)
/// are not the unit's grade; the unit's own grade still is.
#[test]
fn a_projects_grade_and_a_threshold_are_not_the_units_grade() {
    let form = common::read("examples/shiweitang-2024.json");
    assert_no_findings(
        &form,
        [
            "1.“民生微实事”项目自评得分为89.50分，评价等级为“良好”。",
            "三、项目支出绩效自评情况\n本街道对2个项目开展自评：社区治理评价等级为“良”。",
            "下一步对评价等级为良以下的项目压减下年度预算。",
        ],
    );
    let text = "本街道2024年度部门整体支出绩效自评得分为96.61分，评价等级为“良”。";
    let codes: Vec<&str> = outcome(text, Some(&form)).0.iter().map(|i| i.code).collect();
    assert_eq!(codes, ["narrative.gradeMismatch"], "{text}");
}

/// The unit's spending in the words reports use for it (全年实际支出, 决算支出, 支出决算数, 部门整体支出)
/// is held to the table's 执行数; a row's other column after its figure (`基本支出预算数 A，执行数 B`)
/// to the row's; a whole amount in 元 against the table is quoted whole.
#[test]
fn spending_in_other_words_and_a_rows_second_column_are_held_to_the_table() {
    let mut form: Value = serde_json::from_str(&common::read("examples/shiweitang-2024.json")).unwrap();
    form["budget"]["byNature"]["basic"]["planned"] = "3,100.00".into();
    let form = form.to_string();
    for text in [
        "2024年全年预算数9,022.41万元，全年实际支出8,760.53万元。",
        "2024年度决算支出8,760.53万元。",
        "本年度部门整体支出8,760.53万元。",
        "2024年度支出决算数为8,760.53万元。",
        // a report's totals of spending, and 支出决算 without 数
        "2024年度支出决算8,760.53万元。",
        "2024年度本年支出8,760.53万元。",
        "2024年度本年收入合计9,022.41万元，本年支出合计8,760.53万元。",
        "本年度总支出8,760.53万元。",
        "本年度支出总额为8,760.53万元。",
        // the unit named as 本部门 or 本单位, and 决算 before the spending
        "本部门本年支出合计8,760.53万元。",
        "本单位2024年度支出总额8,760.53万元。",
        "部门决算支出总额8,760.53万元。",
        // a short note in brackets between the words and the figure
        "2024年度本年支出合计（决算数）8,760.53万元。",
        // classes of spending by function named in a clause of their own, without their figures
        "2024年度我街道支出以一般公共服务支出和城乡社区支出为主，全年实际支出8,760.53万元。",
    ] {
        assert_eq!(
            findings(text, Some(&form)),
            [("narrative.differsFromTable", "8,760.53万元".to_string())],
            "{text}"
        );
        // the right figure in the same words agrees
        assert!(
            findings(&text.replace("8,760.53", "8,670.53"), Some(&form)).is_empty(),
            "{text}"
        );
    }
    // a payment, a project's spending, spending before the year's end and a budget or plan of
    // spending are not the unit's spending of the year
    assert_no_findings(
        &form,
        [
            "支付工程款8,760.53万元。",
            "2024年全年支出预算9,000.00万元。",
            "全年支出计划9,000.00万元。",
            // by function or economic category, by a sub-unit, over months or years, for a purpose
            "一般公共服务支出决算数3,200.00万元。",
            "社会保障和就业支出全年实际支出1,100.00万元。",
            "工资福利支出决算数2,100.00万元。",
            "所属社区居委会全年实际支出1,230.00万元。",
            "所属XX社区居委会执行数1,230.00万元。",
            "其中，本级全年实际支出7,440.53万元。",
            "2024年1-6月累计支出4,200.00万元。",
            "近三年累计支出25,600.00万元。",
            "全年累计支出320.00万元用于垃圾分类专项工作。",
            "本年支出用于教育500.00万元。",
            "一般公共服务支出决算3,200.00万元。",
            "所属单位本年支出合计1,000.00万元。",
            "1-6月支出合计4,000.00万元。",
            "三公经费支出合计12.00万元。",
            "本年支出预算9,000.00万元。",
            "上年支出决算8,000.00万元。",
            "本年支出中，人员经费2,000.00万元。",
            // a function's, a category's, a fund's or a sub-unit's budget, and a budget of revenue
            "一般公共服务支出预算数3,200.00万元。",
            "工资福利支出全年预算2,100.00万元。",
            "党建经费全年预算120.00万元。",
            "对个人和家庭的补助预算数60.00万元。",
            "“民生微实事”资金年度预算1,650.00万元。",
            "所属综合行政执法队全年预算800.00万元。",
            "街道本级全年预算8,200.00万元。",
            "下属单位年度预算822.41万元。",
            "社区居委会全年预算420.00万元。",
            "全年部门预算收入9,202.41万元。",
            // last year's figures, in a clause that does not say 本年
            "上年预算数8,500.00万元，执行数8,000.00万元。",
            "上年度预算数8,500.00万元，本年度较上年增加522.41万元。",
            // what a sentence says after a part's budget is that part's
            "一般公共服务支出预算数6,500.00万元，实际支出6,320.15万元。",
            // a class of spending by function, with a note in brackets, in a heading of its own or
            // joined to its first line, or in the clause before
            "科学技术支出（类）预算数20.00万元，实际支出18.50万元。",
            "（一）一般公共服务支出。全年预算6,500.00万元，实际支出6,320.15万元。",
            // the heading's line broken by a PDF before 支出
            "（一）一般公共服务\n支出。全年预算6,500.00万元，实际支出6,320.15万\n元，执行率97.23%。",
            "（二）城乡社区支出方面，年度预算1,622.41万元，实际支出1,559.98万元。",
            "一般公共服务支出6,320.15万元，预算数6,500.00万元，执行率97.23%。",
            "（三）公共安全支出方面，全年预算320.00万元，实际支出300.00万元。",
            "资源勘探工业信息等支出45.00万元，预算数50.00万元。",
            // a total of the budget
            "预算支出总额9,022.41万元。",
            "2024年预算支出合计9,022.41万元。",
            "2024年部门预算支出总额9,022.41万元，实际支出总额8,670.53万元。",
            // a difference of two figures
            "执行数较预算数减少351.88万元。",
            "支出决算数比调整后预算数少351.88万元。",
            "实际支出与预算数相差351.88万元。",
            "全年支出低于预算数351.88万元。",
            // the whole's figure after a row's
            "基本支出执行数3,042.30万元，全年执行数8,670.53万元。",
            "项目支出5,670.53万元，全年实际支出8,670.53万元。",
            "城市更新项目实际支出860.00万元。",
            "截至2024年6月30日，累计支出4,200.00万元。",
        ],
    );

    // a budget with no kind of spending before it may say anything else before, and 部门预算 or
    // 本年预算 is the unit's
    for (text, figure) in [
        ("经批准的调整预算数9,000.00万元。", "9,000.00万元"),
        ("我办2024年部门预算9,202.41万元。", "9,202.41万元"),
        ("经区财政局批复，本年预算9,202.41万元。", "9,202.41万元"),
        ("我街道全年预算9,202.41万元。", "9,202.41万元"),
        // this year's own clause after last year's
        ("上年度预算数8,500.00万元，本年度预算数9,202.41万元。", "9,202.41万元"),
    ] {
        assert_eq!(
            findings(text, Some(&form)),
            [("narrative.differsFromTable", figure.to_string())],
            "{text}"
        );
    }

    let text =
        "基本支出预算数3,100.00万元，执行数3,142.30万元。\n其中基本支出预算数3,100.00万元，较上年增加120.00万元。";
    assert_eq!(
        messages(text, Some(&form)),
        [(
            "narrative.differsFromTable",
            "说明所写基本支出执行数 3,142.30 万元 与自评表的 3,042.30 万元 不符".to_string()
        )]
    );

    // rows listed by nature with both columns are pairs, not parts of the total before them
    let pairs = "全年预算数9,022.41万元，执行数8,670.53万元。按支出性质分，基本支出预算3,100.00万元，实际支出3,042.30万元；项目支出预算5,922.41万元，实际支出5,670.53万元。";
    assert!(findings(pairs, Some(&form)).is_empty());
    assert!(findings(pairs, None).is_empty());
    assert_eq!(
        findings(&pairs.replace("3,042.30", "3,142.30"), Some(&form)),
        [("narrative.differsFromTable", "3,142.30万元".to_string())]
    );
    // a row's full-year spending, and a table's 累计支出 column
    assert_eq!(
        findings("基本支出全年实际支出3,142.30万元。", Some(&form)),
        [("narrative.differsFromTable", "3,142.30万元".to_string())]
    );
    let table = "单位：万元\n项目\t全年预算数\t累计支出\t执行率\n合计\t9,022.41\t8,760.53\t97.10%\n";
    assert_eq!(
        findings(table, Some(&form)),
        [("narrative.differsFromTable", "8,760.53".to_string())]
    );
    assert_eq!(
        messages("基本支出30,433,000元。", Some(&form)),
        [(
            "narrative.differsFromTable",
            "说明所写基本支出 30,433,000 元 与自评表的 30,423,000 元 不符".to_string()
        )]
    );
}

/// A budget rate cut off instead of rounded is a note against the table's figures, as it is
/// against the text's own.
#[test]
fn a_rate_cut_off_is_a_note_against_the_table_too() {
    let form = common::read("examples/shiweitang-2024.json");
    let text = "部门整体执行率96.09%。";
    assert_eq!(
        messages(text, Some(&form)),
        [(
            "narrative.budgetRateImprecise",
            "说明所写执行率 96.09% 未按四舍五入取值，应为 96.10%（执行数 8,670.53 万元 ÷ 预算数 9,022.41 万元 = 96.10%）".to_string()
        )]
    );
    let (_, claims) = outcome(text, Some(&form));
    assert_eq!(claims.len(), 1);
    assert_eq!((claims[0].0, claims[0].1), (ClaimKind::BudgetRate, Verdict::Note));
    assert!(findings("部门整体执行率96.10%。", Some(&form)).is_empty());
    // each row's rate of its own budget, the budget written 预算
    let rows = "基本支出预算3,100.00万元，实际支出3,000.00万元，执行率96.77%；项目支出预算5,922.41万元，实际支出5,670.53万元，执行率95.75%。";
    let (issues, claims) = outcome(rows, None);
    assert!(issues.is_empty(), "{issues:?}");
    let rates: Vec<Verdict> = claims
        .iter()
        .filter(|c| c.0 == ClaimKind::BudgetRate)
        .map(|c| c.1)
        .collect();
    assert_eq!(rates, [Verdict::Ok, Verdict::Ok]);
    assert_eq!(
        findings("部门整体执行率96.20%。", Some(&form)),
        [("narrative.differsFromTable", "96.20%".to_string())]
    );
}

/// A text of nothing but spaces is said to be empty, alone and with a form; any word makes it a
/// text.
#[test]
fn an_empty_text_is_said_to_be_empty() {
    let form = common::read("examples/shiweitang-2024.json");
    for text in ["", " \n\t\r\n　", "\u{feff}"] {
        for form in [None, Some(form.as_str())] {
            let (issues, claims) = outcome(text, form);
            let codes: Vec<&str> = issues.iter().map(|i| i.code).collect();
            assert_eq!(codes, ["narrative.empty"], "{text:?}");
            assert_eq!(issues[0].span, None);
            assert!(claims.is_empty());
        }
    }
    let checked = check_text(" ", None, Lang::En);
    assert_eq!(
        checked.issues[0].message,
        "The narrative has no text; nothing was checked (text in scans or pictures is not read)"
    );
    assert!(outcome("无", None).0.is_empty());
    // a form's 说明 of spaces only is none, as read and as typed
    for text in ["", "\n \n"] {
        let mut empty: Value = serde_json::from_str(&form).unwrap();
        empty["narrative"] = text.into();
        let model = load_json(&empty.to_string()).unwrap();
        assert_eq!(model.form.narrative, None);
        assert!(evaluate(&model, &Options::default()).narrative.is_none());
        let mut typed = jixiao::evaluator::Evaluator::from_json(&form, &Options::default()).unwrap();
        let change = typed.set("narrative", text).unwrap();
        assert!(change.narrative.is_none() && change.issues.iter().all(|i| i.path != "narrative"));
    }
}

/// Claims are listed in the order of the text, whichever pass found them: a part of a list held to
/// its row comes before the share stated after it, and shares stated together after the list
/// (分别占) come after every part.
#[test]
fn claims_come_in_the_order_of_the_text() {
    let form = common::read("examples/shiweitang-2024.json");
    for text in [
        "本年支出合计8,670.53万元，其中：基本支出3,000.00万元，占34.60%；项目支出5,670.53万元，占65.40%。",
        "全年执行数8,670.53万元，其中基本支出3,000.00万元、项目支出5,670.53万元，分别占34.60%和65.40%。",
        "全年预算数9,022.41万元，其中基本支出3,100.00万元，占34.36%；项目支出5,922.41万元，占65.64%。",
    ] {
        for form in [Some(form.as_str()), None] {
            let (_, claims) = outcome(text, form);
            let starts: Vec<u32> = claims.iter().map(|(_, _, span)| span.start).collect();
            assert!(claims.len() >= 3, "{text}: {claims:?}");
            assert!(starts.is_sorted(), "{text}: {starts:?}");
        }
    }
}

/// A list after 其中 of items that are no rows of the budget table may name only some of what its
/// total holds: falling short of the total is a warning that says so. Over the total, a list of the
/// table's rows, or a list closed by 合计 falling short is an error.
#[test]
fn a_list_after_其中_that_may_be_partial_falls_short_with_a_warning() {
    let short = "全年实际支出8,670.53万元，其中人员经费2,516.80万元，公用经费483.20万元。";
    assert_case(
        short,
        &[(ClaimKind::Parts, Verdict::Error, "2,516.80万元，公用经费483.20万元")],
        &[("narrative.partsShortOfTotal", "2,516.80万元，公用经费483.20万元")],
    );
    let (issues, _) = outcome(short, None);
    assert_eq!(issues[0].severity, Severity::Warning);
    assert_eq!(
        issues[0].message,
        "说明所列各项合计 3,000.00 万元，比总额 8,670.53 万元 少 5,670.53 万元：如只列举了部分，可忽略；如应为全部，请核对各项数字"
    );
    // items that themselves say 合计 are still items
    let classes =
        "本年支出合计8,670.53万元，其中：对个人和家庭的补助支出合计310.20万元；商品和服务支出合计1,450.00万元。";
    assert_case(
        classes,
        &[(
            ClaimKind::Parts,
            Verdict::Error,
            "310.20万元；商品和服务支出合计1,450.00万元",
        )],
        &[(
            "narrative.partsShortOfTotal",
            "310.20万元；商品和服务支出合计1,450.00万元",
        )],
    );
    // each part's rate of its own budget is no share of the total
    assert_case(
        "全年执行数8,670.53万元，其中基本支出3,000.00万元，项目支出5,670.53万元，分别占预算数的96.77%和95.75%。",
        &[
            (ClaimKind::Parts, Verdict::Ok, "3,000.00万元，项目支出5,670.53万元"),
            (ClaimKind::Rate, Verdict::Unchecked, "96.77%"),
            (ClaimKind::Rate, Verdict::Unchecked, "95.75%"),
        ],
        &[],
    );
    // a 合计 closing the list after 其中 is no item of it
    assert_case(
        "基本支出3,000.00万元，其中人员经费2,516.80万元、公用经费483.20万元，合计3,000.00万元。",
        &[(ClaimKind::Parts, Verdict::Ok, "2,516.80万元、公用经费483.20万元")],
        &[],
    );
    for (text, parts) in [
        // more than the total
        (
            "培训费支出20.50万元，其中师资费12.00万元，场地费9.00万元。",
            "12.00万元，场地费9.00万元",
        ),
        // the table's rows, which make the whole
        (
            "全年执行数8,670.53万元，其中基本支出3,000.00万元，项目支出5,600.00万元。",
            "3,000.00万元，项目支出5,600.00万元",
        ),
        // closed by 合计: the items are all there is
        (
            "发放慰问金12.60万元、防暑降温物资8.35万元，合计21.95万元。",
            "12.60万元、防暑降温物资8.35万元",
        ),
        // 人员经费 and 公用经费 are the whole of 基本支出
        (
            "基本支出3,000.00万元，其中人员经费2,516.80万元，公用经费438.20万元。",
            "2,516.80万元，公用经费438.20万元",
        ),
        (
            "基本支出3,000.00万元，其中人员经费2,516.80万元、公用经费438.20万元，合计2,955.00万元。",
            "2,516.80万元、公用经费438.20万元",
        ),
    ] {
        assert_case(
            text,
            &[(ClaimKind::Parts, Verdict::Error, parts)],
            &[("narrative.partsSumMismatch", parts)],
        );
    }
}
