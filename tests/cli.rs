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
    assert!(stdout.contains("共 1 个错误、0 个警告、1 个提示"), "{stdout}");
}

#[test]
fn english_output() {
    let out = jixiao(&["check", "--lang", "en", "examples/shiweitang-2024.json"], None);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("off by 42.30"), "{stdout}");
    assert!(stdout.contains("1 error, 0 warnings, 1 info"), "{stdout}");
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
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["error"]["code"], "form.syntax");
    assert!(lines[1]["error"]["line"].is_number());
    assert_eq!(lines[2]["score"], "95.66");
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
