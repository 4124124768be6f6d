//! The reviewer's CLI on workbooks and folders: cells named in findings, export, a folder checked
//! whole in the order of its files, the summary (CSV and .xlsx, worst first), and output that is
//! the same bytes however many cores ran it.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn jixiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(common::root())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// A fresh folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jixiao-wb-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

/// The sample exported as a workbook into `dir` by `jixiao export`.
fn exported(dir: &Path, sample: &str) -> String {
    let target = dir.join(format!("{sample}.xlsx"));
    let out = jixiao(&["export", &format!("examples/{sample}.json"), "-o", &path(&target)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    path(&target)
}

#[test]
fn a_workbook_is_checked_and_its_findings_name_their_cells() {
    let dir = folder("cells");
    let book = exported(&dir, "shiweitang-2024");
    let out = jixiao(&["check", &book]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("[自评表]"), "{stdout}");
    assert!(stdout.contains("得分 96.61 / 100"), "{stdout}");
    // the by-nature executed cells, where 3,042.3 + 5,670.53 ≠ 8,670.53
    let line = stdout.lines().find(|l| l.contains("budget.natureSumMismatch")).unwrap();
    assert!(line.contains("自评表!F"), "{line}");

    let out = jixiao(&["check", "--format", "json", &book]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["sheet"], "自评表");
    // the table's findings name their cells; the 说明's, which the workbook holds on a sheet of its
    // own, their line and column in it
    let issues = report["issues"].as_array().unwrap();
    for issue in issues {
        match issue["path"].as_str() {
            Some("narrative") => assert!(issue["cell"].is_null() && issue["span"]["line"].is_u64(), "{issue}"),
            _ => assert!(issue["cell"].as_str().unwrap().starts_with("自评表!"), "{issue}"),
        }
    }
    assert!(issues.iter().any(|i| i["path"] == "narrative"));
}

#[test]
fn a_file_that_is_no_workbook_is_a_clear_error_and_the_others_go_on() {
    let dir = folder("bad");
    let bad = dir.join("坏.xlsx");
    std::fs::write(&bad, b"not a workbook at all").unwrap();
    let out = jixiao(&["check", &path(&bad), "examples/mof-project-2024.json"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("[workbook.notAWorkbook] 不是 Excel 工作簿"), "{stderr}");
    assert!(text(&out.stdout).contains("得分 95.66 / 100"));
}

#[test]
fn a_folder_is_checked_whole_and_summarised_worst_first() {
    let dir = folder("summary");
    for sample in ["mof-project-2024", "shiweitang-2024", "mistakes"] {
        exported(&dir, sample);
        std::fs::copy(
            common::root().join(format!("examples/{sample}.json")),
            dir.join(format!("{sample}.json")),
        )
        .unwrap();
    }
    // Excel's lock file and a text file are not forms
    std::fs::write(dir.join("~$mistakes.xlsx"), b"lock").unwrap();
    std::fs::write(dir.join("readme.md"), b"#").unwrap();
    let csv = dir.join("汇总.csv");
    let out = jixiao(&["check", "--format", "json", "--summary", &path(&csv), &path(&dir)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let files: Vec<String> = text(&out.stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["file"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let names: Vec<&str> = files.iter().map(|f| f.rsplit('/').next().unwrap()).collect();
    // sorted by name, the lock file and the text file left out
    assert_eq!(
        names,
        [
            "mistakes.json",
            "mistakes.xlsx",
            "mof-project-2024.json",
            "mof-project-2024.xlsx",
            "shiweitang-2024.json",
            "shiweitang-2024.xlsx"
        ]
    );
    let summary = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = summary.lines().collect();
    assert!(
        rows[0].starts_with("\u{feff}文件,工作表,单位,年度,得分,等级"),
        "{summary}"
    );
    // the form with most errors first, the clean one last
    assert!(rows[1].contains("mistakes"), "{summary}");
    assert!(rows.last().unwrap().contains("mof-project-2024"), "{summary}");
    let workbook_row = rows.iter().find(|r| r.contains("shiweitang-2024.xlsx")).unwrap();
    assert!(
        workbook_row.contains(",自评表,") && workbook_row.contains("自评表!F"),
        "{workbook_row}"
    );

    let xlsx = dir.join("summary.xlsx");
    let out = jixiao(&["check", "--summary", &path(&xlsx), &path(&dir)]);
    assert_eq!(out.status.code(), Some(1));
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let range = book.worksheet_range("汇总").unwrap();
    assert_eq!(range.get_size().0, 7);
    assert_eq!(range.get((0, 0)).unwrap().to_string(), "文件");
}

#[test]
fn many_files_give_the_bytes_of_one_after_another() {
    // enough files for several batches on every core; the output must not depend on scheduling
    let dir = folder("order");
    let seed = std::fs::read_to_string(common::root().join("examples/mistakes.json")).unwrap();
    let mut args = vec!["check".to_string(), "--format".into(), "json".into()];
    for i in 0..1200 {
        let p = dir.join(format!("f{i:04}.json"));
        std::fs::write(&p, seed.replace("某街道办事处", &format!("单位{i}"))).unwrap();
        args.push(path(&p));
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = jixiao(&refs);
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 1200);
    for (i, line) in lines.iter().enumerate() {
        assert!(line.contains(&format!("f{i:04}.json")), "line {i}: {}", &line[..80]);
        assert!(line.contains(&format!("单位{i}")), "line {i}");
    }
}

#[test]
fn the_summary_never_overwrites_a_reviewers_file_nor_is_read_back_as_a_submission() {
    let dir = folder("summary-target");
    let form = dir.join("form.json");
    std::fs::copy(common::root().join("examples/shiweitang-2024.json"), &form).unwrap();
    let unit = PathBuf::from(exported(&dir, "mof-project-2024"));
    let before = (std::fs::read(&form).unwrap(), std::fs::read(&unit).unwrap());
    // one of the files checked, and a unit's workbook named after --summary by mistake
    for (target, said) in [(&form, "是要检查的文件"), (&unit, "不是 jixiao 写的汇总表")] {
        let out = jixiao(&["check", "--summary", &path(target), &path(&form)]);
        assert_eq!(out.status.code(), Some(2), "{}", path(target));
        assert!(text(&out.stderr).contains(said), "{}", text(&out.stderr));
        assert!(out.stdout.is_empty(), "nothing is checked: {}", text(&out.stdout));
    }
    assert_eq!(before, (std::fs::read(&form).unwrap(), std::fs::read(&unit).unwrap()));

    // a summary kept in the folder it summarises is written over on the next run, and never
    // checked as a unit's workbook
    for summary in [dir.join("汇总.xlsx"), dir.join("summary.csv")] {
        for run in 0..2 {
            let out = jixiao(&["check", "--format", "json", "--summary", &path(&summary), &path(&dir)]);
            assert_eq!(out.status.code(), Some(1), "run {run}: {}", text(&out.stderr));
            let files: Vec<String> = text(&out.stdout)
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["file"].to_string())
                .collect();
            assert_eq!(files.len(), 2, "run {run}: {files:?}");
            assert!(files
                .iter()
                .all(|f| f.contains("form.json") || f.contains("mof-project-2024.xlsx")));
        }
    }
    std::fs::remove_file(dir.join("summary.csv")).unwrap();
    // an English summary is a summary too
    let english = dir.join("summary.xlsx");
    for _ in 0..2 {
        let out = jixiao(&["check", "--lang", "en", "--summary", &path(&english), &path(&form)]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    }
}

/// Units numbered 1 to 15 lie side by side: `单位1说明.txt` is `单位1.json`'s beside `单位12.json`, a
/// 说明 whose name sorts before its form's (`单位1 说明.txt`) is still its, and `单位10说明.txt` is not
/// `单位1.json`'s. A second 说明 of one form is checked alone.
#[test]
fn a_folders_说明_go_with_the_form_whose_whole_name_begins_theirs() {
    let dir = folder("numbered");
    let form = common::root().join("examples/mof-project-2024.json");
    for name in ["单位1.json", "单位12.json", "单位3.json"] {
        std::fs::copy(&form, dir.join(name)).unwrap();
    }
    let said = "全年预算数 1,200,000.00 元，执行数 1,158,600.00 元。";
    for name in ["单位1说明.txt", "单位10说明.txt", "单位3 说明.txt", "单位3-说明.txt"] {
        std::fs::write(dir.join(name), said).unwrap();
    }
    let out = jixiao(&["check", "--format", "json", &path(&dir)]);
    assert!(out.status.code().is_some(), "{}", text(&out.stderr));
    let name = |v: &serde_json::Value, key: &str| v[key].as_str().map(|f| f.rsplit('/').next().unwrap().to_string());
    let found: Vec<(Option<String>, Option<String>)> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|v| (name(&v, "file"), name(&v, "narrativeFile")))
        .collect();
    let pair = |f: &str, n: Option<&str>| (Some(f.to_string()), n.map(str::to_string));
    assert_eq!(
        found,
        [
            pair("单位1.json", Some("单位1说明.txt")),
            pair("单位10说明.txt", None),
            pair("单位12.json", None),
            pair("单位3-说明.txt", None),
            pair("单位3.json", Some("单位3 说明.txt")),
        ]
    );
}

#[test]
fn a_folders_说明_go_with_the_form_they_are_named_after_or_alone() {
    let dir = folder("narratives");
    let sub = dir.join("街道");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::copy(
        common::root().join("examples/mof-project-2024.json"),
        sub.join("单位1.json"),
    )
    .unwrap();
    // the form's own 说明, in GBK, with a wrong rate (the form's is 96.55%)
    let (gbk, _, _) = encoding_rs::GB18030.encode("全年预算数 1,200,000.00 元，执行数 1,158,600.00 元，执行率 90%。");
    std::fs::write(sub.join("单位1说明.txt"), &gbk).unwrap();
    // a 说明 whose form is not in the folder: checked alone, not with 单位1's form
    std::fs::write(
        sub.join("单位2说明.txt"),
        "预算数 100 万元，执行数 90 万元，执行率 80%。",
    )
    .unwrap();
    let out = jixiao(&["check", "--format", "json", &path(&dir)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let name = |v: &serde_json::Value, key: &str| v[key].as_str().map(|f| f.rsplit('/').next().unwrap().to_string());
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(name(&lines[0], "file").as_deref(), Some("单位1.json"));
    assert_eq!(name(&lines[0], "narrativeFile").as_deref(), Some("单位1说明.txt"));
    assert_eq!(lines[0]["narrativeEncoding"], "GB18030");
    let codes: Vec<&str> = lines[0]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["code"].as_str())
        .collect();
    assert!(codes.contains(&"narrative.budgetRateMismatch"), "{codes:?}");
    assert_eq!(name(&lines[1], "file").as_deref(), Some("单位2说明.txt"));
    assert_eq!(lines[1]["found"], 1);

    let out = jixiao(&["check", &path(&dir)]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("单位1说明.txt: 提示：文件不是 UTF-8，已按 GB18030 编码读取"),
        "{stderr}"
    );
}

/// `draft` and `export` take a workbook as `check` does, `export` never writes over the workbook
/// it read, and standard input may hold a workbook or a 说明 (a text that is no JSON object).
#[test]
fn draft_export_and_standard_input_take_workbooks_and_a_说明() {
    let dir = folder("draft-export");
    let book = exported(&dir, "mof-project-2024");
    // the draft of the workbook is the draft of its form
    let from_book = jixiao(&["draft", &book]);
    let from_json = jixiao(&["draft", "examples/mof-project-2024.json"]);
    assert_eq!(from_book.status.code(), Some(0), "{}", text(&from_book.stderr));
    assert!(!from_book.stdout.is_empty());
    assert_eq!(text(&from_book.stdout), text(&from_json.stdout));
    // exported again beside it, not over it
    let out = jixiao(&["export", &book]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(dir.join("mof-project-2024.jixiao.xlsx").is_file());
    let over = jixiao(&["export", &book, "-o", &book]);
    assert_eq!(over.status.code(), Some(2));
    assert!(
        text(&over.stderr).contains("不会覆盖所读的工作簿"),
        "{}",
        text(&over.stderr)
    );
    // standard input: the workbook's bytes, then a 说明
    let piped = |bytes: &[u8]| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(["check", "--format", "json", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), bytes).unwrap();
        let out = child.wait_with_output().unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let report = piped(&std::fs::read(&book).unwrap());
    assert_eq!(
        (report["score"].as_str(), report["sheet"].as_str()),
        (Some("95.66"), Some("自评表"))
    );
    let said = piped("全年预算数100万元，执行数90万元，执行率80%。".as_bytes());
    assert_eq!(said["file"], "<stdin>");
    assert_eq!(said["issues"][0]["code"], "narrative.budgetRateMismatch");
}

/// What the reader noted of a workbook (here a hidden row) is part of the text report on standard
/// output, so a report saved with `> 报告.txt` keeps it; nothing of it goes to standard error.
#[test]
fn the_readers_notes_are_in_the_report_on_standard_output() {
    use std::io::{Read, Write};
    let dir = folder("notes");
    let book = std::fs::read(exported(&dir, "shiweitang-2024")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut hidden = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let xml = String::from_utf8(bytes).unwrap();
            let row = r#"<row r="25" spans="1:11">"#;
            assert!(xml.contains(row), "the exported sheet has row 25 as a plain row");
            bytes = xml.replace(row, r#"<row r="25" spans="1:11" hidden="1">"#).into_bytes();
        }
        hidden
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        hidden.write_all(&bytes).unwrap();
    }
    let target = dir.join("hidden.xlsx");
    std::fs::write(&target, hidden.finish().unwrap().into_inner()).unwrap();
    let out = jixiao(&["check", &path(&target)]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(
        stdout.contains("读取提示 自评表!A25:J25: 第 25 行在 Excel 中隐藏，已按其内容核对 [workbook.hiddenRow]"),
        "{stdout}"
    );
    assert!(!stderr.contains("hiddenRow"), "{stderr}");
    let out = jixiao(&["check", "--lang", "en", &path(&target)]);
    assert!(
        text(&out.stdout).contains("reader's note 自评表!A25:J25: "),
        "{}",
        text(&out.stdout)
    );
}
