//! A form written as a workbook (`office::export`) and read back (`office::workbook`) is the same
//! form to the engine: the same report, byte for byte, for every sample and for generated forms.
//! The 说明 travels on a sheet of its own and comes back the same.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use jixiao::office::export::export_workbook;
use jixiao::office::workbook::read_workbook;
use jixiao::report::json::to_json;
use jixiao::{evaluate_json, Lang, Options};
use proptest::prelude::*;

fn without_narrative(json: &str) -> String {
    let mut form: serde_json::Value = serde_json::from_str(json).unwrap();
    if let Some(map) = form.as_object_mut() {
        map.remove("narrative");
    }
    form.to_string()
}

/// The report of `json`, and of `json` written as a workbook and read back.
fn both_ways(json: &str) -> (String, String, String) {
    let options = Options { lang: Lang::ZhCn };
    let direct = to_json(&evaluate_json(json, &options).unwrap());
    let bytes = export_workbook(json, Lang::ZhCn).unwrap_or_else(|e| panic!("{e}: {json}"));
    let forms = read_workbook(&bytes).unwrap_or_else(|e| panic!("{}: {json}", e.message(Lang::ZhCn)));
    assert_eq!(forms.len(), 1);
    let read = &forms[0];
    // all but the blank lines at its end, which Excel keeps no row for (a 说明 of spaces only is
    // none, as the form is read)
    let narrative = |json: &str| {
        let form: serde_json::Value = serde_json::from_str(json).unwrap();
        form["narrative"]
            .as_str()
            .map(|n| n.trim_end_matches(['\r', '\n']).to_string())
            .filter(|n| !n.trim().is_empty())
    };
    assert_eq!(narrative(&read.json), narrative(json), "the 说明");
    let back = to_json(
        &evaluate_json(&read.json, &options).unwrap_or_else(|e| panic!("{}: {}", e.message(Lang::ZhCn), read.json)),
    );
    (direct, back, read.json.clone())
}

#[test]
fn every_sample_reads_back_to_the_same_report() {
    for (name, json) in common::samples() {
        let (direct, back, read) = both_ways(&json);
        assert_eq!(direct, back, "{name}: read back as {read}");
    }
}

#[test]
fn findings_name_the_cells_they_are_about() {
    // the table's findings (a 说明's name their place in its text)
    let json = without_narrative(&common::read("examples/shiweitang-2024.json"));
    let bytes = export_workbook(&json, Lang::ZhCn).unwrap();
    let form = &read_workbook(&bytes).unwrap()[0];
    let report = evaluate_json(&form.json, &Options::default()).unwrap();
    let cells: Vec<(&str, Option<&str>)> = report.issues.iter().map(|i| (i.code, form.cell_of(&i.path))).collect();
    // the by-source and by-nature executed columns of the budget block, where the sums are wrong
    assert!(
        cells.iter().all(|(_, c)| c.is_some_and(|c| c.starts_with("自评表!"))),
        "{cells:?}"
    );
    assert!(
        cells
            .iter()
            .any(|(code, c)| *code == "budget.natureSumMismatch" && c.is_some_and(|c| c.contains(':'))),
        "{cells:?}"
    );
}

/// A name no other row has (the reader places rows by name).
fn name(i: usize) -> String {
    const WORDS: [&str; 8] = ["培训", "服务", "项目", "资金", "建设", "管理", "群众", "设备"];
    format!("{}指标{i}", WORDS[i % WORDS.len()])
}

const TARGETS: [(&str, &str); 6] = [
    ("≥95%", "96.5%"),
    ("≥100件", "93件"),
    ("≤50万元", "48万元"),
    ("按时完成", "按时完成"),
    ("=100%", "100%"),
    ("≥0.6亿元", "1.35亿元"),
];

fn form() -> impl Strategy<Value = String> {
    // 1–3 groups of 1–4 leaves, weights 100 split evenly (a remainder on the last leaf)
    (
        prop::collection::vec(
            prop::collection::vec((0..TARGETS.len(), any::<bool>(), 0u8..3), 1..5),
            1..4,
        ),
        prop::option::of("[单位甲乙丙]{2,6}"),
        prop::option::of(prop_oneof![Just("元"), Just("万元"), Just("亿元")]),
        any::<bool>(),
        // a 说明 of lines of any kind: blank, CRLF, tabs, leading spaces, a leading `=`
        prop::option::of("[执行数8,670.53万元率96.1% \t=\r\n]{0,80}"),
    )
        .prop_map(|(groups, unit, money, claimed, narrative)| {
            let leaves: usize = groups.iter().map(Vec::len).sum();
            let share = 100 / leaves;
            let mut counter = 0;
            let mut k = 0;
            let mut nodes = Vec::new();
            for (g, leaves_of) in groups.iter().enumerate() {
                let mut children = Vec::new();
                for (l, (t, with_score, reason)) in leaves_of.iter().enumerate() {
                    k += 1;
                    let weight = if k == leaves { 100 - share * (leaves - 1) } else { share };
                    let (target, actual) = TARGETS[*t];
                    let mut leaf = serde_json::json!({
                        "id": format!("{}.{}", g + 1, l + 1),
                        "name": name(counter),
                        "weight": weight.to_string(),
                        "target": target,
                        "actual": actual,
                    });
                    counter += 1;
                    if *with_score {
                        leaf["score"] = serde_json::Value::String(weight.to_string());
                    }
                    if *reason == 1 {
                        leaf["reason"] = serde_json::Value::String("部分任务顺延至下年度。".into());
                    }
                    children.push(leaf);
                }
                nodes.push(
                    serde_json::json!({ "id": (g + 1).to_string(), "name": name(100 + g), "children": children }),
                );
            }
            let mut form = serde_json::json!({
                "version": 1,
                "unit": { "year": "2024" },
                "budget": {
                    "total": { "planned": "1,200.00", "executed": "1,158.60" },
                    "byNature": { "basic": { "executed": "400.00" }, "project": { "executed": "758.60" } },
                    "statedRate": "96.55%"
                },
                "indicators": nodes,
            });
            if let Some(unit) = unit {
                form["unit"]["name"] = serde_json::Value::String(unit);
            }
            if let Some(money) = money {
                form["moneyUnit"] = serde_json::Value::String(money.into());
            }
            if claimed {
                form["claimed"] = serde_json::json!({ "score": "95", "grade": "优" });
            }
            if let Some(text) = narrative {
                form["narrative"] = serde_json::Value::String(text);
            }
            form.to_string()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn generated_forms_read_back_to_the_same_report(json in form()) {
        let (direct, back, read) = both_ways(&json);
        prop_assert_eq!(direct, back, "read back as {}", read);
    }
}

#[test]
fn the_goals_reason_reads_back() {
    let mut form: serde_json::Value = serde_json::from_str(&common::read("examples/mof-project-2024.json")).unwrap();
    form["goals"]["reason"] = "部分长者饭堂装修停业。".into();
    let (direct, back, read) = both_ways(&form.to_string());
    assert_eq!(direct, back, "read back as {read}");
    assert!(read.contains("部分长者饭堂装修停业。"), "{read}");
}

#[test]
fn a_unit_named_like_a_label_reads_back() {
    // the value beside 单位名称 is the unit's name even when it is a label's word itself
    for name in ["单位", "部门", "年度"] {
        let json = common::read("examples/mof-project-2024.json").replace("某区民政局（示例）", name);
        let (direct, back, read) = both_ways(&json);
        assert_eq!(direct, back, "{name}: read back as {read}");
    }
}

/// The 说明 comes back as typed: its blank lines first and last, a line longer than an Excel cell
/// holds, more lines than the reader reads rows.
#[test]
fn a_narrative_of_any_shape_reads_back() {
    let long = "执行数8,670.53万元。".repeat(3_000);
    let many = (0..5_100).map(|i| format!("第{i}行")).collect::<Vec<_>>().join("\n");
    for text in [
        "\n\n全年执行数8,670.53万元。\n\n",
        "\n",
        "第一段\r\n第二段",
        long.as_str(),
        many.as_str(),
    ] {
        let mut form: serde_json::Value = serde_json::from_str(&common::read("examples/shiweitang-2024.json")).unwrap();
        form["narrative"] = text.into();
        let (direct, back, read) = both_ways(&form.to_string());
        assert_eq!(direct, back, "read back as {}", &read[..200]);
    }
}
