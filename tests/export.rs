//! The form written as an .xlsx workbook (src/office/export.rs), read back by calamine: title,
//! header fields, budget block, leaf rows, totals and their formulas' cached values, merged group
//! names; the errors; the same bytes twice. A second reader, openpyxl, checks the same files when
//! python3 has it (tests/workbook/openpyxl_check.py).
// Native only: the office module is not part of the wasm package.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::process::Command;

use calamine::{open_workbook_from_rs, Data, Dimensions, Reader, Xlsx};
use jixiao::office::export::{export_workbook, ExportError, INDICATOR_HEADER, SHEET_NAME};
use jixiao::read::workbook::NARRATIVE_SHEET;
use jixiao::Lang;

/// A sheet as calamine reads it: values, formulas and merged ranges, by (row, column) from 0.
struct Sheet {
    names: Vec<String>,
    values: HashMap<(u32, u32), Data>,
    formulas: HashMap<(u32, u32), String>,
    merged: Vec<Dimensions>,
}

impl Sheet {
    fn read(bytes: &[u8]) -> Sheet {
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an .xlsx calamine reads");
        let names = book.sheet_names().to_vec();
        let range = book.worksheet_range(SHEET_NAME).unwrap();
        let values = range
            .used_cells()
            .map(|(r, c, v)| {
                let (r0, c0) = range.start().unwrap();
                ((r0 + r as u32, c0 + c as u32), v.clone())
            })
            .collect();
        let formula_range = book.worksheet_formula(SHEET_NAME).unwrap();
        let formulas = formula_range
            .used_cells()
            .filter(|(_, _, f)| !f.is_empty())
            .map(|(r, c, f)| {
                let (r0, c0) = formula_range.start().unwrap();
                ((r0 + r as u32, c0 + c as u32), f.clone())
            })
            .collect();
        let merged = book.merge_cells_by_sheet_name(SHEET_NAME).unwrap();
        Sheet {
            names,
            values,
            formulas,
            merged,
        }
    }

    fn at(&self, row: u32, col: char) -> Data {
        self.values.get(&(row, col_index(col))).cloned().unwrap_or(Data::Empty)
    }

    fn text(&self, row: u32, col: char) -> String {
        match self.at(row, col) {
            Data::String(s) => s,
            Data::Empty => String::new(),
            other => panic!("{col}{}: not text: {other:?}", row + 1),
        }
    }

    fn number(&self, row: u32, col: char) -> f64 {
        match self.at(row, col) {
            Data::Float(x) => x,
            Data::Int(i) => i as f64,
            other => panic!("{col}{}: not a number: {other:?}", row + 1),
        }
    }

    /// The row whose column A holds `label` (the first).
    fn row_of(&self, label: &str) -> u32 {
        self.find(label).unwrap_or_else(|| panic!("no row labelled {label}"))
    }

    fn find(&self, label: &str) -> Option<u32> {
        let mut rows: Vec<u32> = self
            .values
            .iter()
            .filter(|((_, c), v)| *c == 0 && matches!(v, Data::String(s) if s == label))
            .map(|((r, _), _)| *r)
            .collect();
        rows.sort();
        rows.first().copied()
    }

    /// The row whose column B holds `label`.
    fn row_of_b(&self, label: &str) -> u32 {
        self.values
            .iter()
            .find(|((_, c), v)| *c == 1 && matches!(v, Data::String(s) if s == label))
            .map(|((r, _), _)| *r)
            .unwrap_or_else(|| panic!("no row with {label} in B"))
    }

    fn formula(&self, row: u32, col: char) -> String {
        self.formulas.get(&(row, col_index(col))).cloned().unwrap_or_default()
    }

    fn is_merged(&self, first: (u32, char), last: (u32, char)) -> bool {
        let want = ((first.0, col_index(first.1)), (last.0, col_index(last.1)));
        self.merged.iter().any(|d| (d.start, d.end) == want)
    }

    /// The ids in column A below the indicator header, up to the 总分 row.
    /// The ids in column A: every leaf's, and above its first leaf each group of the unit's own.
    fn row_ids(&self) -> Vec<String> {
        let header = self.row_of("编号");
        let total = self.row_of_b("总分");
        (header + 1..total).map(|r| self.text(r, 'A')).collect()
    }
}

fn col_index(col: char) -> u32 {
    col as u32 - 'A' as u32
}

fn export(json: &str) -> Sheet {
    Sheet::read(&export_workbook(json, Lang::ZhCn).unwrap_or_else(|e| panic!("{e}")))
}

fn sample(stem: &str) -> String {
    common::read(format!("examples/{stem}.json"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn shiweitang_department_form() {
    let sheet = export(&sample("shiweitang-2024"));
    // the 说明 on a sheet of its own
    assert_eq!(sheet.names, vec![SHEET_NAME, NARRATIVE_SHEET]);
    assert_eq!(sheet.text(0, 'A'), "2024年度部门整体支出绩效自评表");
    assert!(sheet.is_merged((0, 'A'), (0, 'K')));
    assert_eq!(
        sheet.text(sheet.row_of("单位名称"), 'B'),
        "广州市荔湾区人民政府石围塘街道办事处"
    );
    // the year as typed, text
    assert_eq!(sheet.at(sheet.row_of("年度"), 'B'), Data::String("2024".into()));
    let money = sheet.row_of("金额单位");
    assert_eq!(sheet.text(money, 'B'), "万元");
    assert!(sheet.is_merged((money, 'B'), (money, 'K')));
    assert!(sheet
        .text(sheet.row_of("年度总体目标"), 'B')
        .starts_with("保障基本运转"));
    assert!(sheet.find("全年实际完成情况").is_some());
    assert!(sheet.find("填表人").is_none() && sheet.find("联系电话").is_none());

    // budget: amounts as numbers (9,022.41 under #,##0.00), 96.1% as 0.961, and the checked rate
    let header = sheet.row_of("预算资金");
    assert_eq!(
        ['E', 'F', 'G', 'H'].map(|c| sheet.text(header, c)),
        ["全年预算数", "全年执行数", "执行率", "核算执行率"]
    );
    let total = sheet.row_of("合计");
    assert!(sheet.is_merged((total, 'A'), (total, 'D')));
    assert_eq!(sheet.number(total, 'E'), 9022.41);
    assert_eq!(sheet.number(total, 'F'), 8670.53);
    assert_eq!(sheet.number(total, 'G'), 0.961);
    assert!(close(sheet.number(total, 'H'), 0.960_999_333_880_858_9));
    let (e, f) = (format!("E{}", total + 1), format!("F{}", total + 1));
    assert_eq!(sheet.formula(total, 'H'), format!("IF(N({e})=0,\"\",{f}/{e})"));
    assert_eq!(sheet.at(sheet.row_of("基本支出"), 'E'), Data::Empty);
    assert_eq!(sheet.number(sheet.row_of("基本支出"), 'F'), 3042.3);
    assert_eq!(sheet.number(sheet.row_of("政府性基金预算财政拨款"), 'F'), 1559.98);
    assert_eq!(sheet.number(sheet.row_of("国有资本经营预算财政拨款"), 'F'), 0.0);
    let reason = sheet.row_of("执行偏差原因");
    assert!(sheet.text(reason, 'E').starts_with("部分项目前期论证"));
    assert!(sheet.is_merged((reason, 'E'), (reason, 'K')));

    // the indicator table: every leaf the report scores, template leaves included
    let head = sheet.row_of("编号");
    assert_eq!(
        ('A'..='K').map(|c| sheet.text(head, c)).collect::<Vec<_>>(),
        INDICATOR_HEADER.to_vec()
    );
    let ids = sheet.row_ids();
    assert_eq!(ids.len(), 19);
    assert_eq!(ids.first().map(String::as_str), Some("1.1.1"));
    assert_eq!(ids.last().map(String::as_str), Some("2.5.1"));
    let first = head + 1;
    assert_eq!(sheet.text(first, 'B'), "履职效能");
    assert_eq!(sheet.text(first, 'C'), "产出指标");
    // 履职效能 over its ten leaves, 产出指标 over its five
    assert!(sheet.is_merged((first, 'B'), (first + 9, 'B')));
    assert!(sheet.is_merged((first, 'C'), (first + 4, 'C')));
    assert!(sheet.is_merged((first + 10, 'B'), (first + 18, 'B')));

    let row = sheet.row_of("1.1.2");
    assert_eq!(sheet.text(row, 'D'), "12345热线工单按时完成率（示意）");
    assert_eq!(sheet.number(row, 'E'), 5.0);
    assert_eq!(sheet.text(row, 'F'), "≥95%");
    assert_eq!(sheet.number(row, 'G'), 0.9096);
    assert_eq!(sheet.number(row, 'H'), 4.79);
    assert!(sheet.text(row, 'I').starts_with("受理6337件"));
    assert_eq!(sheet.text(row, 'J'), "");
    assert_eq!(sheet.number(row, 'K'), 4.79);

    // a template leaf: weight and name from the template, the rule not the form's
    let row = sheet.row_of("2.1.1");
    assert_eq!(sheet.text(row, 'D'), "预算执行率");
    assert_eq!(sheet.number(row, 'E'), 12.0);
    assert_eq!(sheet.number(row, 'G'), 0.961);
    assert_eq!(sheet.text(row, 'J'), "");
    assert_eq!(sheet.number(row, 'K'), 11.53);
    // a levels row shows its level word
    let row = sheet.row_of("2.3.1");
    assert_eq!(sheet.text(row, 'G'), "良");
    assert_eq!(sheet.number(row, 'K'), 4.0);
    assert_eq!(sheet.text(sheet.row_of("1.2.4"), 'G'), "明显下降");

    let total = sheet.row_of_b("总分");
    assert!(sheet.is_merged((total, 'B'), (total, 'D')));
    assert_eq!(sheet.number(total, 'E'), 100.0);
    assert_eq!(sheet.number(total, 'H'), 96.61);
    assert_eq!(sheet.number(total, 'K'), 96.61);
    assert_eq!(sheet.formula(total, 'K'), format!("SUM(K{}:K{})", first + 1, total));
    let grade = sheet.row_of_b("评价等级");
    assert_eq!(grade, total + 1);
    assert_eq!(sheet.text(grade, 'H'), "优");
    assert_eq!(sheet.text(grade, 'K'), "优");
}

#[test]
fn mof_project_form() {
    let sheet = export(&sample("mof-project-2024"));
    assert_eq!(sheet.text(0, 'A'), "2024年度项目支出绩效自评表");
    assert_eq!(sheet.text(sheet.row_of("金额单位"), 'B'), "元");
    assert_eq!(sheet.text(sheet.row_of("填表人"), 'B'), "张三");
    assert_eq!(sheet.text(sheet.row_of("联系电话"), 'B'), "020-00000000");
    assert_eq!(sheet.text(sheet.row_of("填报日期"), 'B'), "2025-03-15");
    assert!(sheet.find("执行偏差原因").is_none());

    let total = sheet.row_of("合计");
    assert_eq!(sheet.number(total, 'E'), 1_200_000.0);
    assert_eq!(sheet.number(total, 'F'), 1_158_600.0);
    assert_eq!(sheet.number(total, 'G'), 0.9655);
    assert!(close(sheet.number(total, 'H'), 0.9655));
    assert_eq!(sheet.number(sheet.row_of("基本支出"), 'E'), 0.0);

    assert_eq!(
        sheet.row_ids(),
        ["1.1.1", "1.1.2", "1.2.1", "1.3.1", "1.4.1", "2.2.1", "2.4.1", "3.1", "4"]
    );
    let first = sheet.row_of("1.1.1");
    assert_eq!(sheet.text(first, 'B'), "产出指标");
    assert!(sheet.is_merged((first, 'B'), (first + 4, 'B')));
    assert!(sheet.is_merged((first, 'C'), (first + 1, 'C')));
    assert_eq!(sheet.text(first, 'G'), "12,680人次");
    // a single leaf under its group: no merge, the name in place
    let row = sheet.row_of("1.2.1");
    assert_eq!(sheet.text(row, 'C'), "质量指标");
    assert_eq!(sheet.text(row, 'J'), r#"{"kind":"perPoint","per":"1","deduct":"1"}"#);
    assert_eq!(sheet.number(row, 'G'), 0.975);
    let row = sheet.row_of("2.4.1");
    assert_eq!(sheet.text(row, 'J'), "定性");
    assert_eq!(sheet.text(row, 'G'), "良");
    // a level-2 leaf: its group in B, its name over C:D, the template's target
    let row = sheet.row_of("3.1");
    assert_eq!(sheet.text(row, 'B'), "满意度指标");
    assert_eq!(sheet.text(row, 'C'), "服务对象满意度");
    assert!(sheet.is_merged((row, 'C'), (row, 'D')));
    assert_eq!(sheet.text(row, 'F'), "≥90%");
    // a level-1 leaf: its name over B:D, the template's weight and target (100% as a number)
    let row = sheet.row_of("4");
    assert_eq!(sheet.text(row, 'B'), "预算执行率");
    assert!(sheet.is_merged((row, 'B'), (row, 'D')));
    assert_eq!(sheet.number(row, 'E'), 10.0);
    assert_eq!(sheet.number(row, 'F'), 1.0);
    assert_eq!(sheet.number(row, 'G'), 0.9655);
    assert_eq!(sheet.number(row, 'H'), 9.66);
    assert_eq!(sheet.text(row, 'I'), "结余资金按规定收回。");
    assert_eq!(sheet.number(row, 'K'), 9.66);

    let total = sheet.row_of_b("总分");
    assert_eq!(total, row + 1);
    assert_eq!(sheet.number(total, 'K'), 95.66);
    assert_eq!(sheet.number(total, 'H'), 95.66);
}

#[test]
fn form_with_mistakes_keeps_them() {
    let sheet = export(&sample("mistakes"));
    assert_eq!(sheet.text(0, 'A'), "2024年度绩效自评表");
    assert_eq!(sheet.text(sheet.row_of("年度"), 'B'), "2024年");
    // what cannot be a number stays the text typed
    assert_eq!(sheet.text(sheet.row_of("国有资本经营预算财政拨款"), 'F'), "1 000,00");
    let total = sheet.row_of("合计");
    assert_eq!(sheet.number(total, 'G'), 0.958);
    assert!(close(sheet.number(total, 'H'), 0.95862));
    assert_eq!(sheet.number(sheet.row_of("项目支出"), 'F'), 458.6);

    assert_eq!(sheet.row_ids(), ["1", "1.1", "1.2", "2", "2.1", "2.2", "3", "3.1", "4"]);
    // the group's own row keeps the 分值 it was given (25, where its leaves add up to 20)
    assert_eq!(sheet.number(sheet.row_of("3"), 'E'), 25.0);
    let group = sheet.row_of("1");
    assert_eq!(sheet.text(group, 'B'), "产出指标");
    let row = sheet.row_of("1.1");
    assert_eq!(row, group + 1);
    assert_eq!(sheet.text(row, 'C'), "培训人次");
    assert!(sheet.is_merged((row, 'C'), (row, 'D')));
    assert!(sheet.is_merged((group, 'B'), (row + 1, 'B')));
    assert_eq!(sheet.text(sheet.row_of("1.2"), 'G'), "≥95%");
    assert_eq!(sheet.number(sheet.row_of("2.1"), 'G'), 1.05);
    assert_eq!(sheet.number(sheet.row_of("2.2"), 'G'), 75.0);
    assert_eq!(
        sheet.text(sheet.row_of("3.1"), 'J'),
        r#"{"kind":"deductions","items":[{"fault":"未按规定公开项目资金使用情况","points":"2"}]}"#
    );
    let row = sheet.row_of("4");
    assert_eq!(sheet.text(row, 'B'), "预算执行率");
    assert_eq!(sheet.text(row, 'J'), "预算执行率");
    assert_eq!(sheet.number(row, 'K'), 9.59);

    let total = sheet.row_of_b("总分");
    assert_eq!(sheet.number(total, 'E'), 110.0);
    assert_eq!(sheet.number(total, 'H'), 88.0);
    assert_eq!(sheet.number(total, 'K'), 105.54);
    let grade = sheet.row_of_b("评价等级");
    assert_eq!(sheet.text(grade, 'H'), "优");
    assert_eq!(sheet.text(grade, 'K'), "优");
}

#[test]
fn amounts_typed_with_units_keep_the_rate_without_a_formula() {
    let form = r#"{ "version": 1,
      "budget": { "total": { "planned": "1亿元", "executed": "9,000万元" } },
      "indicators": [ { "id": "1", "name": "预算执行率", "weight": "100",
                        "rule": { "kind": "budgetExecution", "fullFrom": "95%" } } ] }"#;
    let sheet = export(form);
    assert_eq!(sheet.text(0, 'A'), "绩效自评表");
    let total = sheet.row_of("合计");
    assert_eq!(sheet.text(total, 'E'), "1亿元");
    assert_eq!(sheet.number(total, 'H'), 0.9);
    assert_eq!(sheet.formula(total, 'H'), "");
    assert_eq!(
        sheet.text(sheet.row_of("1"), 'J'),
        r#"{"kind":"budgetExecution","fullFrom":"95%"}"#
    );
}

#[test]
fn a_bare_form_still_has_its_table() {
    let sheet = export(r#"{ "version": 1 }"#);
    assert_eq!(sheet.text(0, 'A'), "绩效自评表");
    assert_eq!(sheet.text(sheet.row_of("金额单位"), 'B'), "万元");
    assert_eq!(sheet.at(sheet.row_of("单位名称"), 'B'), Data::Empty);
    assert!(sheet.find("预算资金").is_none());
    assert!(sheet.row_ids().is_empty());
    let total = sheet.row_of_b("总分");
    // nothing to sum: the total alone
    assert_eq!(sheet.number(total, 'K'), 0.0);
    assert_eq!(sheet.formula(total, 'K'), "");
    assert_eq!(sheet.text(total + 1, 'K'), "差");
}

#[test]
fn more_than_three_levels_is_refused() {
    let form = r#"{ "version": 1, "indicators": [
      { "id": "1", "children": [ { "id": "1.1", "children": [ { "id": "1.1.1", "children": [
        { "id": "1.1.1.1", "weight": "100", "score": "90" } ] } ] } ] } ] }"#;
    let err = export_workbook(form, Lang::ZhCn).unwrap_err();
    assert_eq!(err.code(), "export.tooDeep");
    assert_eq!(
        err,
        ExportError::TooDeep {
            id: "1.1.1.1".into(),
            level: 4
        }
    );
    assert!(err.message(Lang::ZhCn).contains("三级") && err.message(Lang::ZhCn).contains("1.1.1.1"));
    assert!(err.message(Lang::En).contains("three indicator levels"));
}

#[test]
fn an_unreadable_form_says_why() {
    for (json, code) in [
        ("{", "form.syntax"),
        (r#"{ "version": 1, "colour": "red" }"#, "form.invalid"),
        (r#"{ "version": 2 }"#, "form.version"),
    ] {
        let err = export_workbook(json, Lang::En).unwrap_err();
        assert_eq!(err.code(), "export.form");
        assert_eq!(err.form_error().map(|e| e.code()), Some(code), "{json}");
        let inner = err.form_error().unwrap().message(Lang::En);
        assert!(err.message(Lang::En).contains(&inner));
        assert!(err.message(Lang::ZhCn).starts_with("表单无法读取"));
    }
}

#[test]
fn a_text_longer_than_a_cell_is_refused() {
    let form = format!(
        r#"{{ "version": 1, "goals": {{ "target": "{}" }} }}"#,
        "长".repeat(40_000)
    );
    let err = export_workbook(&form, Lang::ZhCn).unwrap_err();
    assert_eq!(err.code(), "export.textTooLong");
    assert!(err.message(Lang::En).contains("40000 characters"));
}

#[test]
fn the_same_form_gives_the_same_bytes() {
    for (stem, json) in common::samples() {
        let once = export_workbook(&json, Lang::ZhCn).unwrap();
        let again = export_workbook(&json, Lang::ZhCn).unwrap();
        assert!(once == again, "{stem}: two exports differ");
        // the language is the errors'; the sheet is the form's
        assert!(once == export_workbook(&json, Lang::En).unwrap(), "{stem}");
    }
}

/// Writes every sample's workbook to target/export-check/ with what a second reader must find
/// there, then runs tests/workbook/openpyxl_check.py over them when python3 has openpyxl.
#[test]
fn openpyxl_reads_the_exported_files() {
    let dir = common::root().join("target/export-check");
    std::fs::create_dir_all(&dir).unwrap();
    let mut expected = BTreeMap::new();
    for (stem, json) in common::samples() {
        let bytes = export_workbook(&json, Lang::ZhCn).unwrap();
        let file = format!("{stem}.xlsx");
        std::fs::write(dir.join(&file), &bytes).unwrap();
        let sheet = Sheet::read(&bytes);
        // what jixiao computed: the rate as a fraction, the total
        let report = common::report(&json, Lang::ZhCn);
        let rate = report.budget.rate_exact.as_deref().map(|r| {
            let fraction = r.parse::<rust_decimal::Decimal>().unwrap() / rust_decimal::Decimal::ONE_HUNDRED;
            fraction.to_string().parse::<f64>().unwrap()
        });
        let mut cached = BTreeMap::new();
        for (&(row, col), formula) in &sheet.formulas {
            let (value, format) = match col {
                7 => (rate.expect("a rate formula without a rate"), "0.00%"),
                10 => (report.score.parse::<f64>().unwrap(), "0.00"),
                _ => panic!("{stem}: unexpected formula {formula}"),
            };
            assert_eq!(
                sheet.values.get(&(row, col)),
                Some(&Data::Float(value)),
                "{stem}: {formula}"
            );
            let cell = format!("{}{}", char::from_u32('A' as u32 + col).unwrap(), row + 1);
            cached.insert(cell, serde_json::json!({ "value": value, "format": format }));
        }
        assert!(!cached.is_empty(), "{stem}: no formulas");
        // the 说明, which a second reader must find on its own sheet, but its blank lines at the end
        let form: serde_json::Value = serde_json::from_str(&json).unwrap();
        let narrative = form["narrative"].as_str().map(|n| n.trim_end_matches(['\r', '\n']));
        let sheets = if narrative.is_some() {
            vec![SHEET_NAME, NARRATIVE_SHEET]
        } else {
            vec![SHEET_NAME]
        };
        assert_eq!(sheet.names, sheets, "{stem}");
        expected.insert(
            file,
            serde_json::json!({
                "sheets": sheets,
                "title": sheet.text(0, 'A'),
                "formulas": cached,
                "narrative": narrative,
            }),
        );
    }
    let expected_path = dir.join("expected.json");
    std::fs::write(&expected_path, serde_json::to_string_pretty(&expected).unwrap()).unwrap();

    let has_openpyxl = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_openpyxl {
        eprintln!("skipped the openpyxl check: python3 with openpyxl not found (make tools-python installs it)");
        return;
    }
    let script = common::root().join("tests/workbook/openpyxl_check.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&expected_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openpyxl_check.py failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The report of `json`, and of `json` exported and read back.
fn both_ways(json: &str) -> (String, String, String) {
    use jixiao::office::workbook::read_workbook;
    use jixiao::report::json::to_json;
    let options = jixiao::Options { lang: Lang::ZhCn };
    let direct = to_json(&jixiao::evaluate_json(json, &options).unwrap());
    let bytes = export_workbook(json, Lang::ZhCn).unwrap_or_else(|e| panic!("{e}"));
    let forms = read_workbook(&bytes).unwrap_or_else(|e| panic!("{}", e.message(Lang::ZhCn)));
    assert_eq!(forms.len(), 1);
    let read = forms[0].json.clone();
    let back = to_json(
        &jixiao::evaluate_json(&read, &options).unwrap_or_else(|e| panic!("{}: {read}", e.message(Lang::ZhCn))),
    );
    (direct, back, read)
}

/// A template form the unit has hardly begun: the template's rows are on the sheet with nothing
/// typed in them, and a part made only of the unit's own groups (履职效能, or a project's 产出 and
/// 效益) has no row at all; reading it back must still name the template and score as it does.
#[test]
fn a_blank_or_partly_filled_template_form_reads_back_to_the_same_report() {
    let budget = r#""budget":{"total":{"planned":"100","executed":"95"}}"#;
    let forms = [
        (r#"{"version":1}"#.to_string(), None),
        (
            r#"{"version":1,"template":"gd-dept-overall"}"#.to_string(),
            Some("gd-dept-overall"),
        ),
        (
            format!(r#"{{"version":1,"template":"gd-dept-overall",{budget}}}"#),
            Some("gd-dept-overall"),
        ),
        (
            format!(
                r#"{{"version":1,"template":"gd-dept-overall",{budget},"indicators":[{{"id":"2.3.1","level":"良"}},{{"id":"2.5.1","actual":"92%","score":"5"}}]}}"#
            ),
            Some("gd-dept-overall"),
        ),
        (
            r#"{"version":1,"template":"mof-project"}"#.to_string(),
            Some("mof-project"),
        ),
        (
            format!(r#"{{"version":1,"template":"mof-project",{budget}}}"#),
            Some("mof-project"),
        ),
        (
            format!(
                r#"{{"version":1,"template":"mof-project",{budget},"indicators":[{{"id":"1.1","children":[{{"id":"1.1.1","name":"服务人次","weight":"50","target":"≥1000人次","actual":"900人次"}}]}},{{"id":"3.1","actual":"95%"}}]}}"#
            ),
            Some("mof-project"),
        ),
    ];
    for (json, template) in forms {
        let (direct, back, read) = both_ways(&json);
        let form: serde_json::Value = serde_json::from_str(&read).unwrap();
        assert_eq!(form["template"].as_str(), template, "{json}: read back as {read}");
        assert_eq!(direct, back, "{json}: read back as {read}");
    }
}
