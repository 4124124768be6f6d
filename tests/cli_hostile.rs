//! The reviewer's CLI against what real folders and shells hand it: forms whose text holds terminal
//! control sequences, file names that are not UTF-8, a standard output that is closed or full,
//! inputs without end, and files written by Chinese Windows tools (a BOM, UTF-16, GB18030/GBK).
// Native only: the wasm build is tested by tests/web.rs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

use jixiao::read::MAX_FORM_BYTES;
use serde_json::Value;

fn command(args: &[&OsStr]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    c.args(args).current_dir(common::root());
    c
}

/// Runs with an empty standard input, both outputs captured.
fn run(args: &[&OsStr]) -> Output {
    command(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("jixiao-cli-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn tmp(name: impl AsRef<OsStr>, contents: &[u8]) -> PathBuf {
    let path = dir().join(name.as_ref());
    std::fs::write(&path, contents).unwrap();
    path
}

/// Waits at most `limit`, killing the child past it, so a run that never ends fails the test.
fn wait_for(child: &mut Child, limit: Duration) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What a terminal would act on instead of showing: C0 and C1 controls, DEL, and the bidi controls
/// that reorder what is shown. A newline is the renderer's own.
fn terminal_controls(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Control characters

/// The sample form with control sequences in every text a reviewer sees: a screen clear and a fake
/// verdict in the unit name, an 8-bit CSI in the year, hidden text after the claimed grade, an OSC
/// title in an indicator name, colour in an unreadable cell and a right-to-left override.
fn hostile_form() -> String {
    let mut form: Value = serde_json::from_str(&common::read("examples/mof-project-2024.json")).unwrap();
    form["unit"]["name"] = "\u{1b}[2J\u{1b}[H得分 100.00 未发现问题\u{1b}[8m".into();
    form["unit"]["year"] = "20\u{9b}24\u{202e}".into();
    form["claimed"]["grade"] = "优\u{7f}\u{1b}[0m".into();
    form["indicators"][0]["children"][0]["name"] = "\u{1b}]0;pwned\u{7}人次".into();
    form["indicators"][0]["children"][0]["actual"] = "\u{1b}[31m12,680\u{0}\r人次".into();
    form["budget"]["statedRate"] = "96.55%\u{1b}[8m".into();
    serde_json::to_string(&form).unwrap()
}

#[test]
fn control_characters_of_a_form_reach_the_terminal_escaped() {
    let file = tmp("hostile\u{1b}[2J.json", hostile_form().as_bytes());
    for lang in ["zh-CN", "en"] {
        let out = run(&[os("check"), os("--lang"), os(lang), file.as_os_str()]);
        let stdout = text(&out.stdout);
        let stderr = text(&out.stderr);
        assert_eq!(terminal_controls(&stdout), Vec::<char>::new(), "{stdout}");
        assert_eq!(terminal_controls(&stderr), Vec::<char>::new(), "{stderr}");
        // shown, not acted on, and the real verdict is still there
        assert!(stdout.contains("hostile\\x1b[2J.json"), "{stdout}");
        assert!(stdout.contains("\\x1b[2J\\x1b[H得分 100.00"), "{stdout}");
        assert!(stdout.contains("20\\u{9b}24\\u{202e}"), "{stdout}");
        assert!(stdout.contains("优\\x7f\\x1b[0m"), "{stdout}");
        assert!(stdout.contains("\\x1b]0;pwned\\x07"), "{stdout}");
        assert!(stdout.contains("\\x1b[31m12,680\\x00\\x0d"), "{stdout}");
        assert!(stdout.contains("input.unreadableNumber"), "{stdout}");
        assert_eq!(out.status.code(), Some(1), "{stdout}");
    }
}

#[test]
fn control_characters_in_load_errors_and_file_names_are_escaped_on_stderr() {
    let duplicate =
        r#"{"version": 1, "indicators": [{"id": "\u001b[2Ja", "weight": "1"}, {"id": "\u001b[2Ja", "weight": "1"}]}"#;
    let unknown_field = "{\"version\": 1, \"\\u001b[8mhidden\": 1}";
    let missing = dir().join("gone\u{1b}[2J\u{9b}31m.json");
    for (file, code) in [
        (tmp("dup\u{1b}[2J.json", duplicate.as_bytes()), "form.duplicateId"),
        (tmp("field\u{7}.json", unknown_field.as_bytes()), "form.invalid"),
        (missing, "gone\\x1b[2J\\u{9b}31m.json"),
    ] {
        for format in ["text", "json"] {
            let out = run(&[os("check"), os("--format"), os(format), file.as_os_str()]);
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{stderr}");
            assert_eq!(terminal_controls(&stderr), Vec::<char>::new(), "{stderr}");
            assert!(stderr.contains(code), "{stderr}");
        }
    }
}

#[test]
fn json_lines_keep_the_text_of_the_form_exactly() {
    let form = hostile_form();
    let file = tmp("hostile-json.json", form.as_bytes());
    let out = run(&[os("check"), os("--format"), os("json"), file.as_os_str()]);
    let stdout = text(&out.stdout);
    // the JSON writer escapes what JSON must; the sanitiser of the terminal has no say here
    assert!(
        stdout.contains(r#""name":"\u001b[2J\u001b[H得分 100.00 未发现问题\u001b[8m""#),
        "{stdout}"
    );
    let line: Value = serde_json::from_str(stdout.trim_end()).unwrap();
    let sent: Value = serde_json::from_str(&form).unwrap();
    assert_eq!(line["unit"]["name"], sent["unit"]["name"]);
    assert_eq!(line["unit"]["year"], sent["unit"]["year"]);
    assert_eq!(line["claimed"]["grade"], sent["claimed"]["grade"]);
}

// ---------------------------------------------------------------------------------------------
// File names that are not UTF-8

#[test]
fn a_file_name_that_is_not_utf8_is_read_and_shown_escaped() {
    let name = OsString::from_vec(b"\xb2\xe2\xca\xd4-\xff.json".to_vec()); // GBK 测试, then a stray byte
    let file = tmp(&name, common::read("examples/mof-project-2024.json").as_bytes());
    let out = run(&[os("check"), file.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("\\xb2\\xe2\\xca\\xd4-\\xff.json"), "{stdout}");
    assert!(stdout.contains("得分 95.66 / 100"), "{stdout}");

    let out = run(&[os("check"), os("--format"), os("json"), file.as_os_str()]);
    assert_eq!(out.status.code(), Some(0));
    let line: Value = serde_json::from_str(text(&out.stdout).trim_end()).unwrap();
    assert!(
        line["file"]
            .as_str()
            .unwrap()
            .ends_with("\\xb2\\xe2\\xca\\xd4-\\xff.json"),
        "{line}"
    );

    let missing = dir().join(OsStr::from_bytes(b"\xff\xfe-missing.json"));
    let out = run(&[os("check"), missing.as_os_str()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("\\xff\\xfe-missing.json"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn arguments_that_are_not_utf8_are_usage_errors() {
    let bad = OsStr::from_bytes(b"\xff");
    for args in [
        vec![bad],
        vec![os("check"), os("--lang"), bad, os("a.json")],
        vec![os("check"), os("--format"), bad, os("a.json")],
        vec![os("template"), bad],
    ] {
        let out = run(&args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("\\xff"), "{args:?}: {stderr}");
    }
}

// ---------------------------------------------------------------------------------------------
// A standard output that is closed or full

/// Runs with standard output a pipe whose reading end is already closed, as in `jixiao … | true`.
fn run_into_closed_pipe(args: &[&OsStr]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    command(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

fn run_into_full_disk(args: &[&OsStr]) -> Output {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    command(args)
        .stdin(Stdio::null())
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn a_closed_pipe_ends_the_run_quietly_with_the_status_so_far() {
    for (args, status) in [
        (&["templates"][..], 0),
        (&["schema"], 0),
        (&["types"], 0),
        (&["template", "mof-project"], 0),
        (&["--help"], 0),
        (&["--version"], 0),
        (&["check", "examples/mof-project-2024.json"], 0),
        (&["check", "examples/shiweitang-2024.json"], 1),
        (&["check", "--format", "json", "examples/shiweitang-2024.json"], 1),
    ] {
        let args: Vec<&OsStr> = args.iter().map(|a| os(a)).collect();
        let out = run_into_closed_pipe(&args);
        assert_eq!(out.status.code(), Some(status), "{args:?}: {}", text(&out.stderr));
        assert_eq!(text(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn a_full_disk_is_said_on_stderr_and_exits_2() {
    for args in [
        &["check", "examples/mof-project-2024.json"][..],
        &["check", "--format", "json", "examples/mof-project-2024.json"],
        &["schema"],
        &["types"],
        &["templates"],
        &["template", "mof-project"],
        &["--help"],
    ] {
        let args: Vec<&OsStr> = args.iter().map(|a| os(a)).collect();
        let out = run_into_full_disk(&args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("无法写入标准输出"), "{args:?}: {stderr}");
        assert!(stderr.contains("磁盘已满"), "{args:?}: {stderr}");
    }
    let out = run_into_full_disk(&[
        os("check"),
        os("--lang"),
        os("en"),
        os("examples/mof-project-2024.json"),
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write to standard output: the disk is full"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// Bounded reads

/// Runs under a 128 MiB address-space limit, so a reader that keeps everything fails by itself
/// instead of taking the machine's memory.
fn bounded_command(args: &str) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!("ulimit -v 131072 && exec \"$0\" {args}"))
        .arg(env!("CARGO_BIN_EXE_jixiao"))
        .current_dir(common::root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn assert_too_large(mut child: Child, expect_size: &str) {
    let status = wait_for(&mut child, Duration::from_secs(60));
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("[form.tooLarge]"), "{stderr}");
    assert!(stderr.contains(expect_size), "{stderr}");
}

#[test]
fn a_device_without_end_stops_at_the_limit() {
    let child = bounded_command("check /dev/zero").stdin(Stdio::null()).spawn().unwrap();
    assert_too_large(child, &format!("上限 {MAX_FORM_BYTES}"));
}

#[test]
fn an_endless_stdin_stops_at_the_limit() {
    let mut child = bounded_command("check --format json -")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    // `yes`: writes until the reader goes away
    let writer = std::thread::spawn(move || {
        let chunk = "y\n".repeat(32 * 1024);
        while pipe.write_all(chunk.as_bytes()).is_ok() {}
    });
    let mut stdout = String::new();
    let status = wait_for(&mut child, Duration::from_secs(60));
    std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut stdout).unwrap();
    writer.join().unwrap();
    assert_eq!(status.code(), Some(2));
    let line: Value = serde_json::from_str(stdout.trim_end()).unwrap();
    assert_eq!(line["file"], "<stdin>");
    assert_eq!(line["error"]["code"], "form.tooLarge");
}

#[test]
fn a_file_over_the_limit_is_refused_with_its_size_and_one_at_the_limit_is_read() {
    let over = dir().join("over.json");
    std::fs::File::create(&over)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap(); // sparse
    let child = bounded_command(&format!("check '{}'", over.display()))
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    assert_too_large(child, &format!("{} 字节", 200 * 1024 * 1024));

    let at = dir().join("at-limit.json");
    std::fs::File::create(&at)
        .unwrap()
        .set_len(MAX_FORM_BYTES as u64)
        .unwrap();
    let out = run(&[os("check"), at.as_os_str()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        !stderr.contains("form.tooLarge") && stderr.contains("form.syntax"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// Encodings

fn sample(name: &str) -> String {
    common::read(format!("examples/{name}.json"))
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    bytes
}

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// The JSON line of `file`, without its `file` key.
fn json_line(file: &OsStr) -> (Value, String) {
    let out = run(&[os("check"), os("--format"), os("json"), file]);
    let mut line: Value = serde_json::from_str(text(&out.stdout).trim_end()).unwrap();
    line.as_object_mut().unwrap().remove("file");
    (line, text(&out.stderr))
}

#[test]
fn a_utf8_bom_is_skipped_and_the_report_is_the_same() {
    let plain = tmp("plain.json", sample("shiweitang-2024").as_bytes());
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(sample("shiweitang-2024").as_bytes());
    let bom = tmp("bom.json", &bom);
    let (a, _) = json_line(plain.as_os_str());
    let (b, stderr) = json_line(bom.as_os_str());
    assert_eq!(a, b);
    assert_eq!(stderr, "", "UTF-8 is UTF-8, with or without a BOM: no note");
    assert!(b.get("encoding").is_none());
}

#[test]
fn utf16_and_gb18030_are_read_and_said() {
    let (expected, _) = json_line(os("examples/shiweitang-2024.json"));
    let form = sample("shiweitang-2024");
    for (name, bytes, encoding) in [
        ("le.json", utf16(&form, false), "UTF-16LE"),
        ("be.json", utf16(&form, true), "UTF-16BE"),
        ("gbk.json", gb18030(&form), "GB18030"),
    ] {
        let file = tmp(name, &bytes);
        let (mut line, _) = json_line(file.as_os_str());
        assert_eq!(line["encoding"], encoding, "{line}");
        line.as_object_mut().unwrap().remove("encoding");
        assert_eq!(line, expected, "{name}");

        let out = run(&[os("check"), file.as_os_str()]);
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stdout).contains("得分 96.61 / 100"));
        let stderr = text(&out.stderr);
        assert!(stderr.contains(&format!("按 {encoding} 编码读取")), "{stderr}");
        let out = run(&[os("check"), os("--lang"), os("en"), file.as_os_str()]);
        let stderr = text(&out.stderr);
        assert!(stderr.contains(&format!("read as {encoding}")), "{stderr}");
    }
}

#[test]
fn an_encoding_that_is_none_of_those_is_refused_naming_the_ones_accepted() {
    // 0xFF never starts a GB18030 character, and is never UTF-8
    let file = tmp(
        "latin.json",
        b"{\"version\": 1, \"unit\": {\"name\": \"caf\xe9 \xff\"}}",
    );
    let out = run(&[os("check"), file.as_os_str()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("[file.encoding]"), "{stderr}");
    for accepted in ["UTF-8", "UTF-16", "GB18030", "GBK"] {
        assert!(stderr.contains(accepted), "{stderr}");
    }
    assert!(stderr.contains("编码"), "{stderr}");
    let out = run(&[
        os("check"),
        os("--lang"),
        os("en"),
        os("--format"),
        os("json"),
        file.as_os_str(),
    ]);
    let line: Value = serde_json::from_str(text(&out.stdout).trim_end()).unwrap();
    assert_eq!(line["error"]["code"], "file.encoding");
    assert!(
        line["error"]["message"].as_str().unwrap().contains("encoding"),
        "{line}"
    );

    // a UTF-16 BOM before text that is not UTF-16 (a lone surrogate)
    let file = tmp("bad16.json", &[0xFF, 0xFE, b'{', 0, 0x00, 0xD8, b'}', 0]);
    let out = run(&[os("check"), file.as_os_str()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("[file.encoding]") && stderr.contains("UTF-16"),
        "{stderr}"
    );
}
