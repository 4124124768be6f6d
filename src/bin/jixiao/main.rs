//! `jixiao`: re-runs the rules of the widget on submitted forms, for reviewers.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

mod check;
mod docx;
mod input;
mod summary;
mod table;
mod terminal;

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use input::Source;

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::PathBuf;

use jixiao::office::workbook::WorkbookError;
use jixiao::report::json::to_json;
use jixiao::{load_json, FormError, Lang, Options, Severity};

const USAGE_ZH: &str = "\
jixiao — 部门整体支出绩效自评表 评分与校验

用法：
  jixiao check [--format text|json] [--lang zh-CN|en] [--summary 汇总.xlsx|.csv] 文件或文件夹...
                                （- 表示标准输入：表单、工作簿或说明文字）
                                表单可为 .json 或 Excel 工作簿（.xlsx、.xls），问题标明所在单元格；
                                文件夹内的表单全部核对；--summary 按问题多少排序汇总；
                                表单（.json）紧跟其说明（.txt 或 .docx）时一并核对说明；文件夹中
                                以表单文件名开头的说明（单位1说明.docx）与该表单一并核对；
                                单独的说明只核对其自身的数字
  jixiao draft [--lang zh-CN|en] 表单       按自评表（.json 或工作簿）起草说明的预算支出情况段落
                                          与自评结论
  jixiao export 表单 [-o 文件.xlsx]         将表单导出为 Excel 自评表（说明在第二张工作表；从工作簿导出时
                                          默认写入 表单.jixiao.xlsx，不覆盖原文件）
  jixiao schema                 输出表单格式 v1 的 JSON Schema
  jixiao types                  输出表单与报告的 TypeScript 类型声明
  jixiao templates              列出内置模板
  jixiao template ID            输出内置模板
  jixiao --help | --version

退出码：0 无错误；1 有表单或说明存在错误；2 文件无法读取或解析，或无法写入标准输出。
文件可以是 UTF-8（可带 BOM）、带 BOM 的 UTF-16 或 GB18030/GBK 编码，最大 16 MiB。";

const USAGE_EN: &str = "\
jixiao — scoring and checks of budget-performance self-evaluation forms

Usage:
  jixiao check [--format text|json] [--lang zh-CN|en] [--summary OUT.xlsx|.csv] FILE|FOLDER...
                                (- reads standard input: a form, a workbook or a 说明's text)
                                forms are .json or Excel workbooks (.xlsx, .xls), whose findings
                                name their cells; folders are checked whole;
                                --summary writes one row per form, worst first
                                a form (.json) followed by its 说明 (.txt or .docx) is checked
                                with it, and in a folder the 说明 named after a form (单位1说明.docx);
                                a 说明 alone is checked against itself
  jixiao draft [--lang zh-CN|en] FORM   draft the narrative's (说明) budget paragraph and conclusion
                                        (FORM: .json or a workbook)
  jixiao export FORM [-o FILE.xlsx]     write the form as an Excel 自评表, its 说明 on a second sheet
                                        (from a workbook, FORM.jixiao.xlsx by default: never over it)
  jixiao schema                 print the JSON Schema of form format v1
  jixiao types                  print TypeScript declarations of the form and the report
  jixiao templates              list the built-in templates
  jixiao template ID            print a built-in template
  jixiao --help | --version

Exit codes: 0 no errors; 1 some form or 说明 has errors; 2 a file cannot be read or parsed, or standard
output cannot be written. Files may be UTF-8 (with or without a BOM), UTF-16 with a BOM, or
GB18030/GBK, up to 16 MiB.";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

struct CheckArgs {
    format: Format,
    lang: Lang,
    files: Vec<Source>,
    /// `--summary FILE`: one row per form, worst first (.xlsx, else CSV).
    summary: Option<PathBuf>,
}

/// Exit statuses, ordered so that the worst of several files wins.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Status {
    Clean = 0,
    FormErrors = 1,
    /// A file cannot be read or parsed, the command line is wrong, or the output cannot be written.
    Failed = 2,
}

/// Why a run ends before it has done everything.
enum Stop {
    /// Wrong command-line use: the message, then the usage, on standard error.
    Usage(String),
    /// Standard output refused a write; `status` is the worst status so far.
    Output { status: Status, error: io::Error },
    /// The command cannot do what was asked without harm (a reviewer's file overwritten): the
    /// message alone, on standard error; nothing was checked or written.
    Refused(String),
}

fn main() -> ExitCode {
    let args = split_options(std::env::args_os().skip(1));
    let lang = lang_of(&args);
    // buffered: a review writes a line for each of thousands of forms, and a line each was a
    // system call each (`check` flushes after each batch, so a terminal still shows it batch by batch)
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let ended = run(&args, lang, &mut out).and_then(|status| {
        // stdout keeps what follows its last newline: a full disk may only show here
        out.flush()
            .map(|()| status)
            .map_err(|error| Stop::Output { status, error })
    });
    let status = match ended {
        Ok(status) => status,
        Err(Stop::Usage(message)) => {
            to_stderr(&format!("jixiao: {message}\n\n{}", usage(lang)));
            Status::Failed
        }
        Err(Stop::Refused(message)) => {
            to_stderr(&terminal::escape(&format!("jixiao: {message}")));
            Status::Failed
        }
        // `| head`, `| true`: the reader has all it wants, and the status says what was found
        Err(Stop::Output { status, error }) if error.kind() == io::ErrorKind::BrokenPipe => status,
        Err(Stop::Output { error, .. }) => {
            let why = io_reason(&error, lang);
            to_stderr(&format!(
                "jixiao: {}{why}",
                say(lang, "无法写入标准输出：", "cannot write to standard output: ")
            ));
            Status::Failed
        }
    };
    ExitCode::from(status as u8)
}

/// A line on standard error. Its own failure is not reported: there is nowhere left to say it.
fn to_stderr(line: &str) {
    let _ = writeln!(io::stderr(), "{line}");
}

/// `--format=json` as `--format json`, as most command lines take it, for the options that take a
/// value; anything else as it is.
fn split_options(args: impl Iterator<Item = OsString>) -> Vec<OsString> {
    const TAKE_VALUES: [&str; 5] = ["--format", "--lang", "--summary", "--output", "-o"];
    let mut out = Vec::new();
    for arg in args {
        let split = arg
            .to_str()
            .and_then(|a| a.split_once('='))
            .filter(|(option, _)| TAKE_VALUES.contains(option))
            .map(|(option, value)| [OsString::from(option), OsString::from(value)]);
        match split {
            Some(pair) => out.extend(pair),
            None => out.push(arg),
        }
    }
    out
}

/// The language of usage errors: `--lang` if given, else Chinese.
fn lang_of(args: &[OsString]) -> Lang {
    args.windows(2)
        .find(|w| w.first().is_some_and(|a| a == "--lang"))
        .and_then(|w| w.get(1))
        .and_then(|l| l.to_str())
        .and_then(Lang::parse)
        .unwrap_or_default()
}

fn usage(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhCn => USAGE_ZH,
        Lang::En => USAGE_EN,
    }
}

fn run(args: &[OsString], lang: Lang, out: &mut impl Write) -> Result<Status, Stop> {
    let Some(command) = args.first() else {
        return Err(Stop::Usage(say(lang, "缺少命令", "missing command")));
    };
    let rest = args.get(1..).unwrap_or(&[]);
    // `jixiao check --help` asks for help as `jixiao --help` does, wherever it comes
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        return print(out, &format!("{}\n", usage(lang)));
    }
    match command.to_str() {
        Some("-h" | "--help" | "help") => print(out, &format!("{}\n", usage(lang))),
        Some("-V" | "--version") => print(out, &format!("jixiao {}\n", env!("CARGO_PKG_VERSION"))),
        Some("check") => check::check(parse_check_args(rest, lang)?, out),
        Some("draft") => draft(parse_check_args(rest, lang)?, out),
        Some("export") => export(rest, lang),
        Some("schema") => print(out, &format!("{}\n", jixiao::schema::form_schema())),
        Some("types") => print(out, &jixiao::schema::declarations()),
        Some("templates") => {
            let mut listing = String::new();
            for id in jixiao::read::template::ids() {
                listing.push_str(id);
                if let Some(Ok(t)) = jixiao::read::built_in_template(id) {
                    listing.push('\t');
                    listing.push_str(if lang == Lang::En { &t.name_en } else { &t.name });
                }
                listing.push('\n');
            }
            print(out, &listing)
        }
        Some("template") => {
            let id = rest
                .first()
                .ok_or_else(|| Stop::Usage(say(lang, "缺少模板 id", "missing template id")))?;
            let text = id.to_str().and_then(jixiao::read::template::source).ok_or_else(|| {
                let unknown = say(lang, "未知模板", "unknown template");
                Stop::Usage(format!("{unknown}: {}", terminal::arg(id)))
            })?;
            print(out, text)
        }
        _ => Err(Stop::Usage(format!(
            "{}: {}",
            say(lang, "未知命令", "unknown command"),
            terminal::arg(command)
        ))),
    }
}

/// The whole output of a command that has nothing else to report.
fn print(out: &mut impl Write, text: &str) -> Result<Status, Stop> {
    out.write_all(text.as_bytes())
        .map(|()| Status::Clean)
        .map_err(|error| Stop::Output {
            status: Status::Clean,
            error,
        })
}

fn say(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::ZhCn => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

fn parse_check_args(args: &[OsString], lang: Lang) -> Result<CheckArgs, Stop> {
    let mut parsed = CheckArgs {
        format: Format::Text,
        lang,
        files: Vec::new(),
        summary: None,
    };
    let wrong = |what: String, value: Option<&OsString>| {
        Stop::Usage(format!(
            "{what}: {}",
            value.map(|v| terminal::arg(v)).unwrap_or_default()
        ))
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.to_str() {
            Some("--format") => {
                let value = it.next();
                parsed.format = match value.and_then(|v| v.to_str()) {
                    Some("text") => Format::Text,
                    Some("json") => Format::Json,
                    _ => {
                        let what = say(lang, "--format 只能是 text 或 json", "--format takes text or json");
                        return Err(wrong(what, value));
                    }
                }
            }
            Some("--lang") => {
                let value = it.next();
                parsed.lang = value.and_then(|v| v.to_str()).and_then(Lang::parse).ok_or_else(|| {
                    wrong(
                        say(lang, "--lang 只能是 zh-CN 或 en", "--lang takes zh-CN or en"),
                        value,
                    )
                })?;
            }
            Some("--summary") => match it.next() {
                Some(path) => parsed.summary = Some(PathBuf::from(path)),
                None => {
                    let what = say(
                        lang,
                        "--summary 需要文件名（.xlsx 或 .csv）",
                        "--summary takes a file name (.xlsx or .csv)",
                    );
                    return Err(wrong(what, None));
                }
            },
            _ if arg != "-" && arg.as_encoded_bytes().starts_with(b"-") => {
                return Err(wrong(say(lang, "未知选项", "unknown option"), Some(arg)));
            }
            _ => parsed.files.push(Source::from_arg(arg)),
        }
    }
    if parsed.files.is_empty() {
        return Err(Stop::Usage(say(lang, "请给出要检查的文件", "give the files to check")));
    }
    Ok(parsed)
}

/// Writes each form as a workbook: `jixiao export FORM.json [-o FORM.xlsx]` (beside the form by
/// default, with its extension changed).
fn export(args: &[OsString], lang: Lang) -> Result<Status, Stop> {
    let mut files = Vec::new();
    let mut output: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.to_str() {
            Some("-o" | "--output") => match it.next() {
                Some(path) => output = Some(PathBuf::from(path)),
                None => return Err(Stop::Usage(say(lang, "-o 需要文件名", "-o takes a file name"))),
            },
            Some("--lang") => {
                it.next();
            }
            _ if arg.as_encoded_bytes().starts_with(b"-") => {
                let what = say(lang, "未知选项", "unknown option");
                return Err(Stop::Usage(format!("{what}: {}", terminal::arg(arg))));
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    if files.is_empty() || (output.is_some() && files.len() > 1) {
        let what = say(
            lang,
            "请给出一个表单（或不带 -o 的多个表单）",
            "give one form (or several without -o)",
        );
        return Err(Stop::Usage(what));
    }
    let mut status = Status::Clean;
    for path in files {
        let source = Source::File(path.clone());
        let name = source.name();
        // never over the workbook read: beside it, `单位04.jixiao.xlsx`
        let beside = path.with_extension("xlsx");
        let target = match &output {
            Some(target) => target.clone(),
            None if beside == path => path.with_extension("jixiao.xlsx"),
            None => beside,
        };
        if target == path {
            status = Status::Failed;
            let what = say(
                lang,
                "不会覆盖所读的工作簿，请用 -o 另给文件名",
                "the workbook read is never written over: name another file with -o",
            );
            to_stderr(&terminal::escape(&format!("{name}: {what}")));
            continue;
        }
        let bytes = check::form_text(&source, lang).and_then(|text| {
            jixiao::office::export::export_workbook(&text, lang).map_err(|e| Failure::Export(Box::new(e)))
        });
        let written = bytes.and_then(|b| {
            std::fs::write(&target, b).map_err(|error| Failure::Write {
                target: terminal::os_text(target.as_os_str()),
                error,
            })
        });
        match written {
            Ok(()) => to_stderr(&terminal::escape(&format!(
                "{name} → {}",
                terminal::os_text(target.as_os_str())
            ))),
            Err(failure) => {
                status = Status::Failed;
                to_stderr(&failure.line(&name, lang));
            }
        }
    }
    Ok(status)
}

/// Drafts the 说明's budget paragraph and conclusion of each form.
fn draft(args: CheckArgs, out: &mut impl Write) -> Result<Status, Stop> {
    let options = Options { lang: args.lang };
    let mut status = Status::Clean;
    for source in &args.files {
        let name = source.name();
        let model = check::form_text(source, args.lang).and_then(|text| load_json(&text).map_err(Failure::Form));
        let model = match model {
            Ok(model) => model,
            Err(failure) => {
                status = Status::Failed;
                to_stderr(&failure.line(&name, args.lang));
                continue;
            }
        };
        let evaluation = jixiao::score::Evaluation::new(&model, &options);
        let drafted = jixiao::narrative::draft::draft(&model, &evaluation, args.lang);
        let mut text = String::new();
        if args.format == Format::Json {
            text = to_json(&drafted) + "\n";
        } else {
            for paragraph in drafted.budget.iter().chain(drafted.conclusion.iter()) {
                text.push_str(&terminal::escape(paragraph));
                text.push_str("\n\n");
            }
        }
        for issue in &drafted.issues {
            status = Status::FormErrors;
            let why = if issue.path.starts_with("budget") {
                say(
                    args.lang,
                    "预算表有误，未起草预算支出情况",
                    "the budget table is wrong; no budget paragraph",
                )
            } else {
                say(
                    args.lang,
                    "指标分值合计有误，未起草自评结论",
                    "the indicators' weights are wrong; no conclusion",
                )
            };
            to_stderr(&terminal::escape(&format!(
                "{name}: {why}: {} [{}]",
                issue.message, issue.code
            )));
        }
        print(out, text.trim_end_matches('\n'))
            .and_then(|_| print(out, "\n"))
            .map_err(|e| match e {
                Stop::Output { error, .. } => Stop::Output { status, error },
                other => other,
            })?;
        // standard output is buffered: a file's draft shows before what is said of the next on
        // standard error
        out.flush().map_err(|error| Stop::Output { status, error })?;
    }
    Ok(status)
}

/// Why a file gives no report.
pub enum Failure {
    Io(io::Error),
    /// A file the command writes (an exported workbook) cannot be written.
    Write {
        target: String,
        error: io::Error,
    },
    /// A folder that cannot be listed.
    Folder(io::Error),
    /// A folder with no form or workbook in it, at any depth: nothing would be checked.
    EmptyFolder,
    Encoding(input::Undecodable),
    Form(FormError),
    Docx(docx::DocxError),
    Workbook(WorkbookError),
    Export(Box<jixiao::office::export::ExportError>),
}

impl Failure {
    /// The reason alone, in `lang` (for the summary's column).
    fn message(&self, lang: Lang) -> String {
        match self {
            Failure::Io(e) => say(lang, "无法读取文件：", "cannot read the file: ") + &io_reason(e, lang),
            Failure::Write { target, error } => match lang {
                Lang::ZhCn => format!("无法写入 {target}：{}", io_reason(error, lang)),
                Lang::En => format!("cannot write {target}: {}", io_reason(error, lang)),
            },
            Failure::Folder(e) => say(lang, "无法读取文件夹：", "cannot read the folder: ") + &io_reason(e, lang),
            Failure::EmptyFolder => say(
                lang,
                "文件夹中没有表单（.json）或工作簿（.xlsx、.xlsm、.xls），未检查任何文件",
                "the folder holds no form (.json) or workbook (.xlsx, .xlsm, .xls): nothing was checked",
            ),
            Failure::Encoding(e) => e.message(lang),
            Failure::Docx(e) => e.message(lang),
            Failure::Workbook(e) => e.message(lang),
            Failure::Export(e) => e.message(lang),
            Failure::Form(e) => e.message(lang),
        }
    }

    /// `{"code", "message", …}` for the JSON output.
    fn json(&self, lang: Lang) -> serde_json::Value {
        match self {
            // as the module throws it: `line` and `column` null where the text did not break
            Failure::Form(e) => serde_json::json!({
                "code": e.code(),
                "message": e.message(lang),
                "path": e.path,
                "line": e.line,
                "column": e.column,
            }),
            _ => serde_json::json!({ "code": self.code(), "message": self.message(lang) }),
        }
    }

    /// Its stable code: the CLI's own for what is not in a form, a workbook or a Word file.
    fn code(&self) -> &'static str {
        match self {
            Failure::Io(_) => "file.unreadable",
            Failure::Write { .. } => "file.unwritable",
            Failure::Folder(_) => "folder.unreadable",
            Failure::EmptyFolder => "folder.empty",
            Failure::Encoding(_) => input::Undecodable::CODE,
            Failure::Docx(e) => e.code(),
            Failure::Workbook(e) => e.code(),
            Failure::Export(e) => e.code(),
            Failure::Form(e) => e.code(),
        }
    }

    /// `file:line:column: path: message`, the shape editors and CI logs link to, escaped for the
    /// terminal (file names, ids and cell text in it are anyone's).
    fn line(&self, file: &str, lang: Lang) -> String {
        let line = match self {
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
            _ => format!("{file}: [{}] {}", self.code(), self.message(lang)),
        };
        terminal::escape(&line).into_owned()
    }
}

/// Why the system refused a read or a write, in `lang` for what a reviewer meets most; the system's own
/// words (in English) for the rest.
fn io_reason(e: &io::Error, lang: Lang) -> String {
    match (e.kind(), lang) {
        (io::ErrorKind::NotFound, Lang::ZhCn) => "文件或文件夹不存在".to_string(),
        (io::ErrorKind::NotFound, Lang::En) => "no such file or folder".to_string(),
        (io::ErrorKind::PermissionDenied, Lang::ZhCn) => "没有权限".to_string(),
        (io::ErrorKind::PermissionDenied, Lang::En) => "permission denied".to_string(),
        (io::ErrorKind::IsADirectory, Lang::ZhCn) => "这是文件夹，不是文件".to_string(),
        (io::ErrorKind::IsADirectory, Lang::En) => "it is a folder, not a file".to_string(),
        (io::ErrorKind::StorageFull, Lang::ZhCn) => "磁盘已满".to_string(),
        (io::ErrorKind::StorageFull, Lang::En) => "the disk is full".to_string(),
        _ => e.to_string(),
    }
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
