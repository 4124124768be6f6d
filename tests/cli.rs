//! The reviewer's CLI: output, JSON Lines, languages and exit codes.
// Native only: the wasm build is tested by tests/web.rs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn jixiao(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(common::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// Standard output as JSON Lines, one value a line.
fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn tmp(name: &str, contents: &str) -> String {
    let dir = std::env::temp_dir().join(format!("jixiao-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

#[test]
fn clean_form_exits_0() {
    let out = jixiao(&["check", "examples/mof-project-2024.json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("得分 95.66 / 100"), "{stdout}");
    assert!(stdout.contains("未发现问题"), "{stdout}");
}

#[test]
fn form_with_errors_exits_1_and_shows_the_finding() {
    let out = jixiao(&["check", "examples/shiweitang-2024.json"], None);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("budget.natureSumMismatch"), "{stdout}");
    assert!(stdout.contains("相差 42.30"), "{stdout}");
    assert!(stdout.contains("执行率 96.10% (填报 96.1%)"), "{stdout}");
    assert!(stdout.contains("共 3 个错误、0 个警告、2 个提示"), "{stdout}");
}

#[test]
fn english_output() {
    let out = jixiao(&["check", "--lang", "en", "examples/shiweitang-2024.json"], None);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("off by 42.30"), "{stdout}");
    assert!(stdout.contains("3 errors, 0 warnings, 2 infos"), "{stdout}");
}

#[test]
fn json_lines_one_per_file_and_parseable() {
    let out = jixiao(
        &[
            "check",
            "--format",
            "json",
            "examples/shiweitang-2024.json",
            "examples/mof-project-2024.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["file"], "examples/shiweitang-2024.json");
    assert_eq!(lines[0]["score"], "96.61");
    assert_eq!(lines[0]["budget"]["rate"], "96.10");
    assert_eq!(lines[1]["summary"]["errors"], 0);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let form = common::read("examples/mof-project-2024.json");
    let out = jixiao(&["check", "--format", "json", "-"], Some(&form));
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert_eq!(v["file"], "<stdin>");
    assert_eq!(v["grade"], "优");
}

#[test]
fn unreadable_file_exits_2_naming_file_line_column_and_field() {
    let bad = tmp(
        "bad-weight.json",
        "{\n  \"version\": 1,\n  \"indicators\": [ { \"id\": \"1\", \"weight\": {} } ]\n}\n",
    );
    let out = jixiao(&["check", &bad], None);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains(&format!("{bad}:3:")), "{stderr}");
    assert!(stderr.contains("indicators[0].weight"), "{stderr}");
    assert!(stderr.contains("form.invalid"), "{stderr}");
}

#[test]
fn missing_file_exits_2() {
    let out = jixiao(&["check", "does/not/exist.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("does/not/exist.json"));
}

#[test]
fn worst_status_wins_and_every_file_is_still_reported() {
    let bad = tmp("syntax.json", "{ \"version\": 1, ");
    let out = jixiao(
        &[
            "check",
            "--format",
            "json",
            "examples/shiweitang-2024.json",
            &bad,
            "examples/mof-project-2024.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["error"]["code"], "form.syntax");
    assert!(lines[1]["error"]["line"].is_number());
    assert_eq!(lines[2]["score"], "95.66");
}

#[test]
fn what_cannot_be_checked_has_its_json_line_in_the_users_language() {
    let junk = tmp("junk.docx", "abc");
    let empty = std::env::temp_dir().join(format!("jixiao-cli-{}-empty", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let version = tmp("version-2.json", r#"{"version":2}"#);
    let out = jixiao(
        &[
            "check",
            "--format",
            "json",
            "examples/shiweitang-2024.json",
            &junk,
            "does/not/exist.json",
            &empty.display().to_string(),
            &version,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 5, "{}", text(&out.stdout));
    // the form is checked without the 说明 that cannot be read, which has its own line after it
    assert_eq!(lines[0]["score"], "96.61");
    assert!(lines[0].get("narrativeFile").is_none());
    assert_eq!(lines[1]["file"], junk.as_str());
    assert_eq!(lines[1]["error"]["code"], "docx.notZip");
    assert_eq!(lines[2]["error"]["code"], "file.unreadable");
    assert_eq!(lines[2]["error"]["message"], "无法读取文件：文件或文件夹不存在");
    // a folder with nothing to check is said, not passed over
    assert_eq!(lines[3]["error"]["code"], "folder.empty");
    // a form's load error has its path, and no line or column where the text did not break
    assert_eq!(lines[4]["error"]["code"], "form.version");
    assert_eq!(lines[4]["error"]["path"], "version");
    assert!(lines[4]["error"]["line"].is_null() && lines[4]["error"]["column"].is_null());
    for line in &lines[1..4] {
        assert!(line["error"].get("path").is_none() && line["error"].get("line").is_none());
    }
    let stderr = text(&out.stderr);
    assert!(stderr.contains("[folder.empty] 文件夹中没有表单"), "{stderr}");

    let out = jixiao(&["check", "--lang", "en", "does/not/exist.json"], None);
    assert!(text(&out.stderr).contains("[file.unreadable] cannot read the file: no such file or folder"));
}

#[test]
fn an_export_that_cannot_be_written_says_so_not_that_the_form_is_unreadable() {
    let out = jixiao(
        &["export", "examples/shiweitang-2024.json", "-o", "does/not/exist/x.xlsx"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("[file.unwritable] 无法写入 does/not/exist/x.xlsx"),
        "{stderr}"
    );
    assert!(!stderr.contains("无法读取"), "{stderr}");
}

#[test]
fn an_option_and_its_value_may_be_joined_by_an_equals_sign() {
    let joined = jixiao(
        &["check", "--format=json", "--lang=en", "examples/shiweitang-2024.json"],
        None,
    );
    let apart = jixiao(
        &[
            "check",
            "--format",
            "json",
            "--lang",
            "en",
            "examples/shiweitang-2024.json",
        ],
        None,
    );
    assert_eq!(joined.status.code(), Some(1));
    assert_eq!(joined.stdout, apart.stdout);
    assert_eq!(json_lines(&joined)[0]["lang"], "en");
}

#[test]
fn help_after_a_command_prints_the_usage() {
    for command in ["check", "draft", "export"] {
        let out = jixiao(&[command, "--help"], None);
        assert_eq!(out.status.code(), Some(0), "{command}");
        assert!(text(&out.stdout).contains("用法："), "{command}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["check"][..],
        &["check", "--format", "xml", "a.json"],
        &["frobnicate"],
        &[],
    ] {
        let out = jixiao(args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!text(&out.stderr).is_empty());
    }
}

#[test]
fn schema_and_templates_commands() {
    let out = jixiao(&["schema"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), common::read("schema/form-v1.schema.json"));
    let out = jixiao(&["templates"], None);
    let listing = text(&out.stdout);
    assert!(listing.contains("gd-dept-overall") && listing.contains("mof-project"));
    let out = jixiao(&["template", "mof-project"], None);
    assert_eq!(text(&out.stdout), common::read("templates/mof-project.json"));
}

#[test]
fn a_narrative_alone_names_line_and_column_and_quotes_its_sentence() {
    let path = tmp("说明.txt", "全年预算数 1,000 万元，执行数 900 万元，\n完成预算的 95%。");
    let out = jixiao(&["check", &path], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("找到 1 处可核对的表述，核对了 1 处"), "{stdout}");
    assert!(stdout.contains("说明 2:7"), "{stdout}");
    assert!(stdout.contains("narrative.budgetRateMismatch"), "{stdout}");
    assert!(
        stdout.contains("「全年预算数1,000万元，执行数900万元，完成预算的95%。」"),
        "{stdout}"
    );
}

/// A 说明 file with no words, alone or after its form, is said to be empty, in the 说明's place.
#[test]
fn an_empty_narrative_file_is_said_to_be_empty() {
    let path = tmp("空说明.txt", " \n\n");
    for args in [
        vec!["check", &path],
        vec!["check", "examples/shiweitang-2024.json", &path],
    ] {
        let out = jixiao(&args, None);
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains("警告  说明 ") && stdout.contains("说明没有文字，未作核对"),
            "{stdout}"
        );
        assert!(stdout.contains("narrative.empty"), "{stdout}");
    }
}

#[test]
fn a_narrative_after_its_form_is_checked_against_the_table() {
    let path = tmp("结论.txt", "自评得分为 95.20 分，评价等级为“优”。");
    let out = jixiao(
        &["check", "--format", "json", "examples/shiweitang-2024.json", &path],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let line: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert_eq!(line["narrativeFile"], path.as_str());
    let codes: Vec<&str> = line["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["code"].as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "budget.sourceSumRounding",
            "budget.natureSumMismatch",
            "narrative.differsFromTable"
        ]
    );
    assert_eq!(line["narrative"]["found"], 3);
}

#[test]
fn a_narrative_in_gbk_and_a_word_file_that_is_not_one() {
    let dir = std::path::Path::new(&tmp("x", "")).parent().unwrap().to_path_buf();
    // 执行率 in GB18030, with a wrong rate: read, noted, checked
    let (gbk, _, _) = encoding_rs::GB18030.encode("预算数 100 万元，执行数 90 万元，执行率 80%。");
    std::fs::write(dir.join("gbk.txt"), &gbk).unwrap();
    let out = jixiao(&["check", dir.join("gbk.txt").to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("GB18030"), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("narrative.budgetRateMismatch"));
    // a GBK file with a broken byte is refused, with the encodings that are read
    let mut broken = gbk.to_vec();
    broken.insert(4, 0xFF);
    std::fs::write(dir.join("broken.txt"), &broken).unwrap();
    let out = jixiao(&["check", dir.join("broken.txt").to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("file.encoding"), "{}", text(&out.stderr));
    std::fs::write(dir.join("假的.docx"), b"PK not really").unwrap();
    let out = jixiao(&["check", dir.join("假的.docx").to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("docx."), "{}", text(&out.stderr));
}

#[test]
fn draft_writes_the_paragraph_and_refuses_a_wrong_budget() {
    let out = jixiao(&["draft", "examples/mof-project-2024.json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("全年预算数 1,200,000.00 元，执行数 1,158,600.00 元，完成预算的 96.55%。"),
        "{stdout}"
    );
    assert!(stdout.contains("自评得分为 95.66 分，评价等级为“优”。"), "{stdout}");
    let out = jixiao(&["draft", "examples/shiweitang-2024.json"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(!text(&out.stdout).contains("全年预算数"));
    assert!(
        text(&out.stderr).contains("budget.natureSumMismatch"),
        "{}",
        text(&out.stderr)
    );
    // weights of 110 give 105.54, which no 自评结论 may state
    let out = jixiao(&["draft", "--format", "json", "examples/mistakes.json"], None);
    assert_eq!(out.status.code(), Some(1));
    let drafted: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert!(drafted.get("conclusion").is_none(), "{drafted}");
    let codes: Vec<&str> = drafted["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"indicators.weightTotalMismatch"), "{codes:?}");
    assert!(
        text(&out.stderr).contains("指标分值合计有误，未起草自评结论"),
        "{}",
        text(&out.stderr)
    );
}
