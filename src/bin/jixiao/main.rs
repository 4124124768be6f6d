//! `jixiao`: re-runs the rules of the widget on submitted forms, for reviewers.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

mod table;

use std::io::{self, Read, Write};
use std::process::ExitCode;

use jixiao::report::json::{to_json, write_string};
use jixiao::{evaluate, load_json, FormError, Lang, Options, Report, Severity};

const USAGE_ZH: &str = "\
jixiao — 部门整体支出绩效自评表 评分与校验

用法：
  jixiao check [--format text|json] [--lang zh-CN|en] 文件...   （- 表示标准输入）
  jixiao schema                 输出表单格式 v1 的 JSON Schema
  jixiao types                  输出表单与报告的 TypeScript 类型声明
  jixiao templates              列出内置模板
  jixiao template ID            输出内置模板
  jixiao --help | --version

退出码：0 无错误；1 有表单存在错误；2 文件无法读取或解析。";

const USAGE_EN: &str = "\
jixiao — scoring and checks of budget-performance self-evaluation forms

Usage:
  jixiao check [--format text|json] [--lang zh-CN|en] FILE...   (- reads standard input)
  jixiao schema                 print the JSON Schema of form format v1
  jixiao types                  print TypeScript declarations of the form and the report
  jixiao templates              list the built-in templates
  jixiao template ID            print a built-in template
  jixiao --help | --version

Exit codes: 0 no errors; 1 some form has errors; 2 a file cannot be read or parsed.";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

struct CheckArgs {
    format: Format,
    lang: Lang,
    files: Vec<String>,
}

/// Exit statuses, ordered so that the worst of several files wins.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Clean = 0,
    FormErrors = 1,
    Unreadable = 2,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let lang = env_lang(&args);
    match run(&args, lang) {
        Ok(status) => ExitCode::from(status as u8),
        Err(message) => {
            eprintln!("jixiao: {message}");
            eprintln!();
            eprintln!("{}", usage(lang));
            ExitCode::from(Status::Unreadable as u8)
        }
    }
}

/// The language of usage errors: `--lang` if given, else Chinese.
fn env_lang(args: &[String]) -> Lang {
    args.windows(2)
        .find(|w| w.first().is_some_and(|a| a == "--lang"))
        .and_then(|w| w.get(1))
        .and_then(|l| Lang::parse(l))
        .unwrap_or_default()
}

fn usage(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => USAGE_ZH,
        Lang::En => USAGE_EN,
    }
}

fn run(args: &[String], lang: Lang) -> Result<Status, String> {
    let Some(command) = args.first() else {
        return Err(say(lang, "缺少命令", "missing command"));
    };
    let rest = args.get(1..).unwrap_or(&[]);
    match command.as_str() {
        "-h" | "--help" | "help" => {
            println!("{}", usage(lang));
            Ok(Status::Clean)
        }
        "-V" | "--version" => {
            println!("jixiao {}", env!("CARGO_PKG_VERSION"));
            Ok(Status::Clean)
        }
        "check" => check(parse_check_args(rest, lang)?),
        "schema" => {
            println!("{}", jixiao::schema::form_schema());
            Ok(Status::Clean)
        }
        "types" => {
            print!("{}", jixiao::schema::declarations());
            Ok(Status::Clean)
        }
        "templates" => {
            for id in jixiao::read::template::ids() {
                match jixiao::read::built_in_template(id) {
                    Some(Ok(t)) => println!("{id}\t{}", if lang == Lang::En { &t.name_en } else { &t.name }),
                    _ => println!("{id}"),
                }
            }
            Ok(Status::Clean)
        }
        "template" => {
            let id = rest
                .first()
                .ok_or_else(|| say(lang, "缺少模板 id", "missing template id"))?;
            let text = jixiao::read::template::source(id)
                .ok_or_else(|| format!("{}: {id}", say(lang, "未知模板", "unknown template")))?;
            print!("{text}");
            Ok(Status::Clean)
        }
        other => Err(format!("{}: {other}", say(lang, "未知命令", "unknown command"))),
    }
}

fn say(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::ZhCn => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

fn parse_check_args(args: &[String], lang: Lang) -> Result<CheckArgs, String> {
    let mut parsed = CheckArgs {
        format: Format::Text,
        lang,
        files: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--format" => {
                parsed.format = match it.next().map(String::as_str) {
                    Some("text") => Format::Text,
                    Some("json") => Format::Json,
                    v => {
                        return Err(format!(
                            "{}: {}",
                            say(lang, "--format 只能是 text 或 json", "--format takes text or json"),
                            v.unwrap_or("")
                        ))
                    }
                }
            }
            "--lang" => {
                let v = it.next().map(String::as_str).unwrap_or("");
                parsed.lang = Lang::parse(v).ok_or_else(|| {
                    format!(
                        "{}: {v}",
                        say(lang, "--lang 只能是 zh-CN 或 en", "--lang takes zh-CN or en")
                    )
                })?;
            }
            "-" => parsed.files.push(arg.clone()),
            flag if flag.starts_with('-') => {
                return Err(format!("{}: {flag}", say(lang, "未知选项", "unknown option")));
            }
            _ => parsed.files.push(arg.clone()),
        }
    }
    if parsed.files.is_empty() {
        return Err(say(lang, "请给出要检查的文件", "give the files to check"));
    }
    Ok(parsed)
}

fn read_input(file: &str) -> io::Result<String> {
    if file == "-" {
        let mut s = String::new();
        io::stdin().read_to_string(&mut s)?;
        Ok(s)
    } else {
        std::fs::read_to_string(file)
    }
}

fn check(args: CheckArgs) -> Result<Status, String> {
    let options = Options { lang: args.lang };
    let mut status = Status::Clean;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    for (i, file) in args.files.iter().enumerate() {
        let shown = if file == "-" { "<stdin>" } else { file.as_str() };
        let outcome = match read_input(file) {
            Err(e) => Err(Failure::Io(e.to_string())),
            Ok(text) => load_json(&text).map(|m| evaluate(&m, &options)).map_err(Failure::Form),
        };
        let file_status = match &outcome {
            Ok(report) if report.summary.errors > 0 => Status::FormErrors,
            Ok(_) => Status::Clean,
            Err(_) => Status::Unreadable,
        };
        status = status.max(file_status);
        let written = match (args.format, outcome) {
            (Format::Json, Ok(report)) => write_json_report(&mut out, shown, &report),
            (Format::Json, Err(failure)) => {
                eprintln!("{}", failure.line(shown, args.lang));
                write_json_failure(&mut out, shown, &failure, args.lang)
            }
            (Format::Text, Ok(report)) => {
                if i > 0 {
                    let _ = writeln!(out);
                }
                table::write_report(&mut out, shown, &report)
            }
            (Format::Text, Err(failure)) => {
                let _ = out.flush();
                eprintln!("{}", failure.line(shown, args.lang));
                Ok(())
            }
        };
        // a closed pipe (`| head`) ends the run quietly
        if written.is_err() {
            return Ok(status);
        }
    }
    Ok(status)
}

enum Failure {
    Io(String),
    Form(FormError),
}

impl Failure {
    /// `file:line:column: path: message`, the shape editors and CI logs link to.
    fn line(&self, file: &str, lang: Lang) -> String {
        match self {
            Failure::Io(e) => format!("{file}: {} ({e})", say(lang, "无法读取文件", "cannot read the file")),
            Failure::Form(e) => {
                let position = match (e.line, e.column) {
                    (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
                    _ => file.to_string(),
                };
                let field = if e.path.is_empty() {
                    String::new()
                } else {
                    format!(" {}{}", say(lang, "字段 ", "field "), e.path)
                };
                format!("{position}:{field} [{}] {}", e.code(), e.message(lang))
            }
        }
    }
}

fn write_json_report(out: &mut impl Write, file: &str, report: &Report) -> io::Result<()> {
    // the report's own object, with `file` in front
    let mut line = String::from("{");
    write_string(&mut line, "file");
    line.push(':');
    write_string(&mut line, file);
    let body = to_json(report);
    if let Some(fields) = body.strip_prefix('{').filter(|f| *f != "}") {
        line.push(',');
        line.push_str(fields);
    } else {
        line.push('}');
    }
    writeln!(out, "{line}")
}

fn write_json_failure(out: &mut impl Write, file: &str, failure: &Failure, lang: Lang) -> io::Result<()> {
    let error = match failure {
        Failure::Io(e) => serde_json::json!({ "code": "file.unreadable", "message": e }),
        Failure::Form(e) => serde_json::json!({
            "code": e.code(),
            "message": e.message(lang),
            "path": e.path,
            "line": e.line,
            "column": e.column,
        }),
    };
    writeln!(out, "{}", serde_json::json!({ "file": file, "error": error }))
}

/// Severity in words for the table.
pub fn severity_label(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, Lang::ZhCn) => "错误",
        (Severity::Warning, Lang::ZhCn) => "警告",
        (Severity::Info, Lang::ZhCn) => "提示",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::En) => "warning",
        (Severity::Info, Lang::En) => "info",
    }
}
