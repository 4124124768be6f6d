use super::*;

fn sheet(name: &str, rows: &[&[&str]], merges: &[(u32, u32, u32, u32)]) -> Sheet {
    Sheet {
        name: name.into(),
        rows: rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect(),
        merges: merges
            .iter()
            .map(|&(first_row, first_col, last_row, last_col)| Merge {
                first_row,
                first_col,
                last_row,
                last_col,
            })
            .collect(),
        hidden_rows: Vec::new(),
        hidden_columns: Vec::new(),
        unformatted_numbers: Vec::new(),
        formulas_without_value: Vec::new(),
    }
}

/// A project table's header row as MOF's form has it (the reader is a stage before the exporter,
/// whose header adds 编号 and jixiao's own columns to these, and cannot borrow it).
const PROJECT_HEADER: [&str; 8] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "分值",
    "年度指标值",
    "实际完成值",
    "得分",
    "偏差原因分析及改进措施",
];

fn project_header() -> &'static [&'static str] {
    &PROJECT_HEADER
}

/// (code, cell, Chinese message) of each reader note, in order.
fn notes(form: &SheetForm) -> Vec<(&str, &str, &str)> {
    form.notes
        .iter()
        .map(|n| (n.code, n.cell.as_str(), n.zh.as_str()))
        .collect()
}

fn report(form: &SheetForm) -> crate::Report {
    crate::evaluate_json(&form.json, &crate::Options::default())
        .unwrap_or_else(|e| panic!("{}: {}", e.message(crate::Lang::ZhCn), form.json))
}

#[test]
fn a_project_form_with_its_budget_block_and_merged_parents() {
    let s = sheet(
        "Sheet1",
        &[
            &["项目支出绩效自评表", "", "", "", "", "", "", ""],
            &["（2024年度）", "", "", "", "", "", "", ""],
            &["项目名称", "社区居家养老服务", "", "", "", "", "", ""],
            &["主管部门", "某区民政局", "", "", "实施单位", "某区民政局", "", ""],
            &[
                "项目资金（元）",
                "",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率",
                "得分",
            ],
            &[
                "",
                "年度资金总额",
                "1200000",
                "1,200,000.00",
                "1,158,600.00",
                "10",
                "96.55%",
                "9.66",
            ],
            &[
                "",
                "其中：当年财政拨款",
                "1200000",
                "1,200,000.00",
                "1,158,600.00",
                "—",
                "—",
                "—",
            ],
            &["", "上年结转资金", "", "", "", "—", "—", "—"],
            &["", "其他资金", "", "0", "0", "—", "—", "—"],
            &[],
            project_header(),
            &[
                "产出指标",
                "数量指标",
                "居家养老上门服务人次",
                "10",
                "≥12000人次",
                "12,680人次",
                "10",
                "",
            ],
            &[
                "",
                "",
                "长者饭堂助餐服务人次",
                "10",
                "≥36000人次",
                "34200人次",
                "9.5",
                "第三季度一处长者饭堂装修停业两个月。",
            ],
            &[
                "",
                "质量指标",
                "服务质量抽检合格率",
                "10",
                "≥98%",
                "97.5%",
                "9.5",
                "个别服务记录填写不规范。",
            ],
            &["", "时效指标", "服务按时完成", "10", "按时完成", "按时完成", "10", ""],
            &["", "成本指标", "人均服务成本", "10", "≤100元", "91.37元", "10", ""],
            &[
                "效益指标",
                "社会效益指标",
                "受益长者人数",
                "15",
                "≥800人",
                "826人",
                "15",
                "",
            ],
            &[
                "",
                "可持续影响指标",
                "服务机制长效运行",
                "15",
                "",
                "良",
                "12",
                "社会力量参与机制尚在建立。",
            ],
            &[
                "满意度指标",
                "服务对象满意度",
                "服务对象满意度",
                "10",
                "≥90%",
                "95%",
                "10",
                "",
            ],
            &["总分", "", "", "100", "", "", "95.66", ""],
            &["评价等级", "", "", "", "", "", "优", ""],
            &["填表说明：1. 本表金额单位为元。", "", "", "", "", "", "", ""],
        ],
        &[
            (0, 0, 0, 7),
            (4, 0, 8, 0),
            (11, 0, 15, 0),
            (11, 1, 12, 1),
            (16, 0, 17, 0),
            (19, 0, 19, 2),
            (20, 0, 20, 5),
        ],
    );
    let forms = read_sheets(&[s]).unwrap();
    assert_eq!(forms.len(), 1);
    let f = &forms[0];
    let form: Value = serde_json::from_str(&f.json).unwrap();
    assert_eq!(form["template"], "mof-project", "{}", f.json);
    assert_eq!(form["moneyUnit"], "元");
    assert_eq!(form["unit"]["year"], "2024");
    assert_eq!(form["budget"]["total"]["executed"], "1,158,600.00");
    assert_eq!(form["budget"]["statedRate"], "96.55%");
    assert_eq!(form["claimed"]["score"], "95.66");
    assert_eq!(form["claimed"]["grade"], "优");
    let r = report(f);
    // the same figures as examples/mof-project-2024.json, less its one custom rule (1.2.1 perPoint)
    let sample = crate::evaluate_json(
        include_str!("../../../examples/mof-project-2024.json"),
        &crate::Options::default(),
    )
    .unwrap();
    assert_eq!(r.budget.rate, sample.budget.rate);
    assert_eq!(f.cell_of("indicators.1.1.2.actual"), Some("Sheet1!F13"));
    assert_eq!(f.cell_of("budget.total.executed"), Some("Sheet1!E6"));
    assert_eq!(f.cell_of("claimed.score"), Some("Sheet1!G20"));
    assert_eq!(f.cell_of("indicators.4.score"), Some("Sheet1!H6"));
}

#[test]
fn not_a_form_says_what_it_looked_for() {
    let s = sheet("名单", &[&["姓名", "电话"], &["张三", "123"]], &[]);
    let err = read_sheets(&[s]).unwrap_err();
    let zh = err.message(crate::Lang::ZhCn);
    assert!(zh.contains("一级指标") && zh.contains("「姓名」"), "{zh}");
}

#[test]
fn a_damaged_header_is_what_the_message_quotes() {
    // 分值 is missing: no table, and the message shows the header row found, not the title
    let s = sheet(
        "自评表",
        &[
            &["2024年度部门整体支出绩效自评表"],
            &["单位名称", "某单位"],
            &["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"],
            &["产出指标", "数量指标", "培训人次", "≥500人次", "480人次", "20"],
        ],
        &[],
    );
    let zh = read_sheets(&[s]).unwrap_err().message(crate::Lang::ZhCn);
    assert!(
        zh.contains("自评表: 「一级指标」 「二级指标」 「三级指标」 「年度指标值」 「实际完成值」 「得分」"),
        "{zh}"
    );
    assert!(!zh.contains("某单位"), "{zh}");
}

#[test]
fn cell_names() {
    assert_eq!(cell_name("自评表", 11, 6), "自评表!G12");
    assert_eq!(cell_name("Sheet 1", 0, 26), "'Sheet 1'!AA1");
    assert_eq!(column_letters(701), "ZZ");
    assert_eq!(column_letters(702), "AAA");
}

/// A project sheet in the unit's own words, budget block under the table.
fn project_sheet(satisfaction: [&str; 3]) -> Sheet {
    let [level1, level2, level3] = satisfaction;
    sheet(
        "自评表",
        &[
            &["2024年度项目支出绩效自评表"],
            project_header(),
            &[
                "产出指标",
                "数量指标",
                "服务人次",
                "25",
                "≥1000人次",
                "1000人次",
                "25",
                "",
            ],
            &["产出指标", "数量指标", "活动场次", "25", "≥10场", "8场", "20", "场地"],
            &["效益指标", "社会效益", "覆盖率", "30", "≥90%", "95%", "30", ""],
            &[level1, level2, level3, "10", "≥90%", "95%", "10", ""],
            &["预算执行率", "", "", "10", "100%", "96.1%", "9.61", "x"],
            &["总分", "", "", "100", "", "", "94.61", ""],
            &[],
            &["", "", "全年预算数", "全年执行数", "执行率", "得分"],
            &["年度资金总额", "", "100", "96.1", "96.1%", ""],
        ],
        &[],
    )
}

#[test]
fn a_level_named_like_its_parent_without_指标_keeps_its_row() {
    // `满意度` under `满意度指标` is a level of its own, not the parent written again: the row is
    // the satisfaction leaf, whatever the level-2 and level-3 cells say
    for names in [
        ["满意度指标", "满意度", "满意度"],
        ["满意度指标", "满意度", ""],
        ["满意度指标", "服务对象满意度", ""],
        ["满意度指标", "满意度指标", "群众满意度"],
        // the part's name over all three levels: the row is the part's only leaf, not a
        // template group's subtotal
        ["满意度指标", "满意度指标", "满意度指标"],
        ["满意度指标", "", ""],
    ] {
        let forms = read_sheets(&[project_sheet(names)]).unwrap();
        let f = &forms[0];
        let r = report(f);
        assert_eq!(r.score, "94.61", "{names:?}: {}", f.json);
        let codes: Vec<&str> = r.issues.iter().map(|i| i.code).collect();
        assert!(
            !codes.contains(&"indicators.notFilled"),
            "{names:?}: {codes:?} {}",
            f.json
        );
        assert!(!codes.contains(&"score.claimedTotalMismatch"), "{names:?}: {codes:?}");
        assert!(f.notes.is_empty(), "{names:?}: {:?}", f.notes);
    }
}

#[test]
fn a_row_whose_values_are_not_read_has_a_note() {
    let header = &project_header()[..7];
    // a group's own row with a target and an actual, and a row whose names a later one repeats
    let s = sheet(
        "表",
        &[
            header,
            &["工作任务", "培训", "", "60", "≥10场", "10场", "60"],
            &["工作任务", "培训", "培训人次", "30", "≥500人次", "520人次", "30"],
            &["工作任务", "培训", "培训场次", "30", "≥10场", "10场", "30"],
            &["群众评价", "满意度", "", "40", "≥90%", "91%", "40"],
            &["群众评价", "满意度", "", "40", "≥90%", "95%", "40"],
        ],
        &[],
    );
    let f = &read_sheets(&[s]).unwrap()[0];
    assert_eq!(
        notes(f),
        [
            (
                "workbook.rowNotRead",
                "表!A2:G2",
                "第 2 行是「培训」下各行的上级行，只读取分值，其年度指标值、实际完成值未读取"
            ),
            (
                "workbook.rowNotRead",
                "表!A5:G5",
                "第 5 行与第 6 行的指标名称相同，未读取，读取的是第 6 行"
            ),
        ],
        "{}",
        f.json
    );
    assert!(f.notes.iter().all(|n| !n.en.is_empty()));
}

#[test]
fn a_template_group_holding_a_leafs_figures_is_no_template_row() {
    // the satisfaction part's figures on its own row with no row under it: read, not dropped as
    // the template group's subtotal
    for names in [["满意度指标", "", ""], ["满意度指标", "满意度指标", "满意度指标"]] {
        let f = &read_sheets(&[project_sheet(names)]).unwrap()[0];
        let form: Value = serde_json::from_str(&f.json).unwrap();
        assert_eq!(form.get("template"), None, "{}", f.json);
        assert_eq!(report(f).score, "94.61", "{}", f.json);
    }
    // a subtotal on a template group above the unit's rows is the group's, and the template holds
    let s = sheet(
        "表",
        &[
            &["项目支出绩效自评表"],
            &project_header()[..7],
            &["产出指标", "", "", "50", "", "", "45"],
            &["产出指标", "数量指标", "服务人次", "50", "≥1000人次", "900人次", "45"],
            &["效益指标", "社会效益指标", "覆盖率", "30", "≥90%", "95%", "30"],
            &["满意度指标", "服务对象满意度", "", "10", "≥90%", "95%", "10"],
            &["预算执行率", "", "", "10", "100%", "96.1%", "9.61"],
        ],
        &[],
    );
    let f = &read_sheets(&[s]).unwrap()[0];
    let form: Value = serde_json::from_str(&f.json).unwrap();
    assert_eq!(form["template"], "mof-project", "{}", f.json);
    assert!(f.notes.is_empty(), "{:?}", f.notes);
}

#[test]
fn a_sum_over_parts_names_every_part_cell_a_blank_one_too() {
    let s = sheet(
        "自评表",
        &[
            &["2024年度部门整体支出绩效自评表", "", "", ""],
            &["", "全年预算数", "全年执行数", "执行率"],
            &["合计", "100", "96", "96%"],
            &["基本支出", "40", "40", ""],
            &["项目支出", "", "56", ""],
            &["", "", "", ""],
            &["一级指标", "分值", "实际完成值", "得分"],
            &["产出", "100", "100%", "100"],
        ],
        &[],
    );
    let forms = read_sheets(&[s]).unwrap_or_else(|e| panic!("{:?}", e.found));
    let f = forms.first().expect("one form");
    assert_eq!(f.cell_of("budget.byNature.planned"), Some("自评表!B4:B5"));
    assert_eq!(f.cell_of("budget.byNature.executed"), Some("自评表!C4:C5"));
    assert_eq!(f.cell_of("budget.byNature.basic.planned"), Some("自评表!B4"));
    let report = report(f);
    assert!(
        report.issues.iter().any(|i| i.path == "budget.byNature.planned"),
        "{:?}",
        report.issues
    );
}

#[test]
fn an_xls_fraction_beside_a_percentage_is_that_percentage() {
    // an .xls stores 95% as 0.95 and does not give the format: the layout reads the numbers whose
    // format it was not told beside a percentage as percentages, each with a note
    let mut s = sheet(
        "自评表",
        &[
            project_header(),
            &["产出指标", "质量指标", "合格率", "50", "≥90%", "0.95", "50", ""],
            &["效益指标", "社会效益", "覆盖率", "30", "0.8", "80%", "30", ""],
            // 95 is already in percent; 0.5 beside a target in 人次 is no fraction of it
            &["效益指标", "社会效益", "知晓率", "10", "≥90%", "95", "10", ""],
            &["效益指标", "社会效益", "人次", "10", "≥1000人次", "0.5", "0", "x"],
            &["总分", "", "", "100", "", "", "90", ""],
        ],
        &[],
    );
    s.unformatted_numbers = vec![(1, 5), (2, 4), (3, 5), (4, 5)];
    let f = &read_sheets(&[s.clone()]).unwrap()[0];
    let notes: Vec<(&str, &str)> = f.notes.iter().map(|n| (n.code, n.cell.as_str())).collect();
    assert_eq!(
        notes,
        [
            ("workbook.fractionAsPercent", "自评表!F2"),
            ("workbook.fractionAsPercent", "自评表!E3")
        ]
    );
    assert_eq!(
        f.notes[0].zh,
        "第 2 行的实际完成值 0.95 是 .xls 中的数字（文件不记其格式），同行另一值为百分比，已按 95% 读取"
    );
    let r = report(f);
    let scores: Vec<&str> = r.leaves.iter().map(|l| l.score.as_str()).collect();
    assert_eq!(scores, ["50.00", "30.00", "10.00", "0.01"], "{}", f.json);
    // the same cells typed in an .xlsx (their format known) are read as they show
    s.unformatted_numbers.clear();
    let f = &read_sheets(&[s]).unwrap()[0];
    assert!(f.notes.is_empty(), "{:?}", f.notes);
    assert_eq!(report(f).leaves[0].score, "0.53");
}

#[test]
fn a_finding_that_a_value_is_missing_names_its_blank_cell() {
    let s = sheet(
        "表",
        &[
            &["", "", "全年预算数", "全年执行数", "执行率"],
            &["年度资金总额", "", "100", "", ""],
            &[],
            &project_header()[..8],
            &["产出指标", "数量指标", "服务人次", "", "≥1000人次", "1000人次", "", ""],
            &["效益指标", "社会效益", "覆盖率", "50", "≥90%", "80%", "40", ""],
        ],
        &[],
    );
    let f = &read_sheets(&[s]).unwrap()[0];
    let r = report(f);
    let cell_of = |code: &str| {
        let i = r
            .issues
            .iter()
            .find(|i| i.code == code)
            .unwrap_or_else(|| panic!("{code}: {:?}", r.issues));
        f.cell_of(&i.path).map(str::to_string)
    };
    // the blank 分值 (D5), 偏差原因 (H6) and 全年执行数 (D2), not their rows
    assert_eq!(cell_of("indicators.missingWeight").as_deref(), Some("表!D5"));
    assert_eq!(cell_of("indicators.missingReason").as_deref(), Some("表!H6"));
    assert_eq!(cell_of("budget.missingAmount").as_deref(), Some("表!D2"));
}

#[test]
fn a_budget_blocks_分值_is_the_预算执行率_indicators_weight_template_or_not() {
    // the ministry's layout: no 预算执行率 row in the table, its 分值, 执行率 and 得分 in the budget
    // block's 年度资金总额 row; the table's own satisfaction names fit no template
    let s = sheet(
        "Sheet1",
        &[
            &["项目支出绩效自评表"],
            &[
                "项目资金（万元）",
                "",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率",
                "得分",
            ],
            &["", "年度资金总额", "120", "120", "115.86", "10", "96.55%", "9.66"],
            &[],
            project_header(),
            &[
                "产出指标",
                "数量指标",
                "服务人次",
                "50",
                "≥1000人次",
                "1000人次",
                "50",
                "",
            ],
            &[
                "满意度指标",
                "服务对象满意度指标",
                "服务对象满意度",
                "40",
                "≥90%",
                "95%",
                "40",
                "",
            ],
            &["总分", "", "", "100", "", "", "99.66", ""],
        ],
        &[],
    );
    let f = &read_sheets(&[s]).unwrap()[0];
    let r = report(f);
    let codes: Vec<&str> = r.issues.iter().map(|i| i.code).collect();
    assert!(!codes.contains(&"indicators.missingWeight"), "{codes:?} {}", f.json);
    assert!(!codes.contains(&"indicators.missingTarget"), "{codes:?} {}", f.json);
    assert!(!codes.contains(&"indicators.weightTotalMismatch"), "{codes:?}");
    let rate = r.leaves.iter().find(|l| l.name == "预算执行率").unwrap();
    assert_eq!(
        (rate.max_score.as_str(), rate.score.as_str(), rate.rule.as_str()),
        ("10", "9.66", "budgetExecution")
    );
    assert_eq!(r.score, "99.66");
    assert_eq!(f.cell_of("indicators.3.weight"), Some("Sheet1!F3"), "{}", f.json);
}

#[test]
fn a_hidden_or_repeated_column_of_the_table_has_a_note() {
    // a corrected 实际完成值 added as column H beside the old one, which is hidden: the old one is
    // read, and both notes say so
    let mut s = sheet(
        "表",
        &[
            &[
                "一级指标",
                "二级指标",
                "三级指标",
                "分值",
                "年度指标值",
                "实际完成值",
                "得分",
                "实际完成值",
            ],
            &[
                "产出指标",
                "数量指标",
                "服务人次",
                "100",
                "≥1000人次",
                "900人次",
                "90",
                "1000人次",
            ],
        ],
        &[],
    );
    s.hidden_columns = vec![5, 30];
    let f = &read_sheets(&[s]).unwrap()[0];
    assert_eq!(
        notes(f),
        [
            (
                "workbook.hiddenColumn",
                "表!F1",
                "第 F 列「实际完成值」在 Excel 中隐藏，已按其内容核对"
            ),
            (
                "workbook.columnNotRead",
                "表!H1",
                "第 H 列「实际完成值」与第 F 列重复，未读取；读取的是第 F 列"
            ),
        ]
    );
    assert_eq!(report(f).leaves[0].score, "90.00");
}

#[test]
fn a_budget_block_in_another_money_unit_than_the_sheet_has_a_note() {
    for (label, note) in [("预算资金（元）", true), ("预算资金（万元）", false)] {
        let s = sheet(
            "表",
            &[
                &["部门整体支出绩效自评表"],
                &["金额单位：万元"],
                &["", label, "全年预算数", "全年执行数", "执行率"],
                &["", "合计", "100", "96", "96%"],
                &[],
                &project_header()[..7],
                &["产出指标", "数量指标", "人次", "100", "≥1人次", "1人次", "100"],
            ],
            &[],
        );
        let f = &read_sheets(&[s]).unwrap()[0];
        let form: serde_json::Value = serde_json::from_str(&f.json).unwrap();
        assert_eq!(form["moneyUnit"], "万元", "{label}");
        let notes: Vec<(&str, &str)> = f.notes.iter().map(|n| (n.code, n.cell.as_str())).collect();
        assert_eq!(
            notes.contains(&("workbook.moneyUnitsDiffer", "表!B3")),
            note,
            "{label}: {notes:?}"
        );
    }
}

/// Many formulas without a value: the note counts them, names the first three and says there are
/// more, in both languages; on every form the sheet holds.
#[test]
fn formulas_without_value_are_counted_and_the_first_three_named() {
    let mut s = project_sheet(["≥90%", "95%", "10"]);
    s.formulas_without_value = vec![(5, 7), (6, 7), (7, 7), (40, 2)];
    let note = formulas_note(&s).unwrap_or_else(|| panic!("no note"));
    assert_eq!(note.cell, cell_name(&s.name, 5, 7));
    assert!(
        note.zh.contains("有 4 个公式单元格没有保存计算结果（H6、H7、H8 等）"),
        "{}",
        note.zh
    );
    assert!(note.en.starts_with("4 formula cells of sheet"), "{}", note.en);
    assert!(
        note.en
            .contains("were saved without a result (H6, H7, H8 …) and are read as the formula"),
        "{}",
        note.en
    );
    let forms = read_sheets(&[s]).unwrap_or_default();
    assert!(!forms.is_empty());
    for form in &forms {
        assert_eq!(
            notes(form)
                .iter()
                .filter(|n| n.0 == "workbook.formulaWithoutValue")
                .count(),
            1
        );
    }
}

/// The total row labelled as the form names the total (自评得分), and a 备注 row among the
/// indicators: the claimed total, and no indicator of either.
#[test]
fn a_total_labelled_自评得分_and_a_remark_row_are_no_indicators() {
    for total in ["自评得分", "总分", "得分合计"] {
        let s = sheet(
            "自评表",
            &[
                project_header(),
                &[
                    "产出指标",
                    "数量指标",
                    "培训人次",
                    "50",
                    "≥500人次",
                    "520人次",
                    "50",
                    "",
                ],
                &["效益指标", "社会效益", "满意度", "50", "≥90%", "93%", "50", ""],
                &["备注", "本单位无政府性基金收支", "", "", "", "", "", ""],
                &[total, "", "", "100", "", "", "98.30", ""],
                &["评价等级", "", "", "", "", "", "优", ""],
            ],
            &[],
        );
        let f = &read_sheets(&[s]).unwrap()[0];
        let form: Value = serde_json::from_str(&f.json).unwrap();
        assert_eq!(form["claimed"]["score"], "98.30", "{total}");
        assert_eq!(f.cell_of("claimed.score"), Some("自评表!G5"), "{total}");
        let r = report(f);
        assert_eq!(
            (r.max_score.as_str(), r.leaves.len()),
            ("100", 2),
            "{total}: {}",
            f.json
        );
    }
}

/// A 计分规则 as units write it (`正向指标`), or as the form format names the kind
/// (`budgetExecution`), is read; one the reader does not know leaves its row to the rule its cells
/// imply, with a note naming the cell, and the rest of the form is read.
#[test]
fn a_scoring_rule_is_read_by_its_word_or_kind_and_an_unknown_one_is_a_note() {
    let mut header = project_header().to_vec();
    header.push("计分规则");
    let s = sheet(
        "自评表",
        &[
            &header,
            &[
                "产出指标",
                "数量指标",
                "培训人次",
                "40",
                "≥500人次",
                "520人次",
                "40",
                "",
                "正向指标",
            ],
            &[
                "效益指标",
                "社会效益",
                "满意度",
                "40",
                "≥90%",
                "93%",
                "40",
                "",
                "按比例",
            ],
            &[
                "预算执行",
                "预算执行",
                "执行率",
                "20",
                "100%",
                "95%",
                "19",
                "",
                "budgetExecution",
            ],
            &["总分", "", "", "100", "", "", "99", "", ""],
        ],
        &[],
    );
    let f = &read_sheets(&[s]).unwrap()[0];
    let form: Value = serde_json::from_str(&f.json).unwrap();
    fn leaves(rows: &Value, out: &mut Vec<Value>) {
        for row in rows.as_array().into_iter().flatten() {
            match row.get("children") {
                Some(children) => leaves(children, out),
                None => out.push(row["rule"].clone()),
            }
        }
    }
    let mut rules = Vec::new();
    leaves(&form["indicators"], &mut rules);
    assert_eq!(
        rules,
        [
            serde_json::json!({"kind": "proportional"}),
            Value::Null,
            serde_json::json!({"kind": "budgetExecution"})
        ],
        "{}",
        f.json
    );
    assert_eq!(
        notes(f),
        [(
            "workbook.ruleNotRead",
            "自评表!I3",
            "计分规则「按比例」无法识别，该行按其目标值计分（可写：正向、反向、达标、是否、定性、扣分、预算执行率、手工）"
        )]
    );
    assert_eq!(report(f).leaves.len(), 3);
}

/// One name column and the levels in the 编号 (`1 产出指标`, `1.1 抽检合格率`): the rows nest by
/// their 编号, the groups' 分值 are theirs, and a template whose first level is not the sheet's is
/// not tried (产出指标 is gd-dept-overall's second level).
#[test]
fn levels_given_by_the_编号_nest_the_rows() {
    let s = sheet(
        "自评表",
        &[
            &[
                "编号",
                "指标名称",
                "分值",
                "年度指标值",
                "实际完成值",
                "得分",
                "偏差原因分析及改进措施",
            ],
            &["1", "产出指标", "50", "", "", "", ""],
            &["1.1", "抽检合格率", "10", "≥80%", "73%", "9.13", "抽检不合格。"],
            &["1.2", "培训人次", "40", "≥500人次", "500人次", "40", ""],
            &["2", "效益指标", "30", "", "", "", ""],
            &["2.1", "满意度", "30", "≥90%", "90%", "30", ""],
            &["3", "预算执行率", "20", "100%", "95.83%", "19.17", "结余。"],
            &["", "总分", "100", "", "", "98.30", ""],
        ],
        &[],
    );
    let f = &read_sheets(&[s]).unwrap()[0];
    let r = report(f);
    let parents: Vec<(&str, Option<&str>)> = r.leaves.iter().map(|l| (l.id.as_str(), l.parent.as_deref())).collect();
    assert_eq!(
        parents,
        [("1.1", Some("1")), ("1.2", Some("1")), ("2.1", Some("2")), ("3", None)],
        "{}",
        f.json
    );
    assert_eq!((r.score.as_str(), r.max_score.as_str()), ("98.30", "100"), "{}", f.json);
    assert_eq!(r.template, None);
    // no budget block on the sheet: its amounts are missing, nothing else
    let codes: Vec<&str> = r.issues.iter().map(|i| i.code).collect();
    assert_eq!(codes, ["budget.missingAmount", "budget.missingAmount"]);
}
