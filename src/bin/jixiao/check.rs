//! `jixiao check`: files, folders and workbooks checked in parallel, written in the order given.
//!
//! Each file (a form with the 说明 after it, a 说明 alone, a workbook with its forms) is a job.
//! Jobs run on every core (rayon) in batches, and each job renders its own output (stdout text and
//! the stderr lines above it) into memory; the batch is then written in order, so the bytes are
//! those of a run on one core. One unreadable file never stops the others.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

#[cfg(not(target_arch = "wasm32"))]
use indicatif::{ProgressBar, ProgressStyle};
#[cfg(not(target_arch = "wasm32"))]
use rayon::prelude::*;

use jixiao::api::{narrative_check, NarrativeCheck};
use jixiao::office::workbook::{is_workbook, read_workbook, WorkbookError};
use jixiao::read::workbook::SheetForm;
use jixiao::report::json::{to_json, write_string, ToJson};
use jixiao::{evaluate, load_json, Lang, Options, Report};

use crate::input::{self, Source};
use crate::summary::{self, SummaryRow};
use crate::{say, table, terminal, to_stderr, CheckArgs, Failure, Format, Status, Stop};

/// Jobs run at once before their output is written: enough to keep every core busy, few enough
/// that output starts at once and memory stays small.
const BATCH: usize = 512;
/// A progress bar from this many files on, when standard error is a terminal.
const PROGRESS_FROM: usize = 50;

/// What one job checks.
enum Job {
    /// A form (JSON or a workbook) and the 说明 given right after it.
    Form {
        form: Source,
        narrative: Option<Source>,
        /// Found in a folder, not named on the command line.
        listed: bool,
    },
    Narrative(Source),
    /// A folder that could not be listed (`error`), or that holds no form or workbook (`None`).
    Folder {
        name: String,
        error: Option<io::Error>,
    },
}

/// A piece of a job's output, in order.
enum Piece {
    /// What one file writes on standard output (text mode separates files by a blank line).
    File { text: String, separated: bool },
    /// A line on standard error.
    Err(String),
}

/// A job's output, its status and its rows of the summary.
struct Done {
    pieces: Vec<Piece>,
    status: Status,
    rows: Vec<SummaryRow>,
}

pub fn check(args: CheckArgs, out: &mut impl Write) -> Result<Status, Stop> {
    // the summary is written over its file at the end: refused now if that file is not a summary
    let summary_file = match &args.summary {
        Some(path) => summary::existing_target(path, &args.files, args.lang).map_err(Stop::Refused)?,
        None => None,
    };
    let jobs = jobs(&args.files, summary_file.as_deref());
    let progress = (jobs.len() >= PROGRESS_FROM && io::stderr().is_terminal()).then(|| progress_bar(jobs.len()));
    let mut status = Status::Clean;
    let mut rows = Vec::new();
    let mut shown = 0usize;
    each_batch(&jobs, &args, |done| {
        for d in done {
            status = status.max(d.status);
            rows.extend(d.rows);
            let written = write_pieces(out, d.pieces, args.format, &mut shown, progress.as_ref());
            written.map_err(|error| Stop::Output { status, error })?;
            if let Some(bar) = &progress {
                bar.inc(1);
            }
        }
        // standard output is buffered: a batch shows as soon as it is written
        out.flush().map_err(|error| Stop::Output { status, error })
    })?;
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    if let Some(path) = &args.summary {
        if let Err(why) = summary::write(path, rows, args.lang) {
            status = Status::Failed;
            let what = say(args.lang, "无法写入汇总表", "cannot write the summary");
            to_stderr(&terminal::escape(&format!(
                "{}: {what}: {why}",
                terminal::os_text(path.as_os_str())
            )));
        }
    }
    Ok(status)
}

/// The jobs checked batch by batch, each batch on every core, and each batch's output given to
/// `write` in order. While this thread writes one batch, the cores check the next: writing is
/// otherwise time they would spend waiting.
#[cfg(not(target_arch = "wasm32"))]
fn each_batch(
    jobs: &[Job],
    args: &CheckArgs,
    mut write: impl FnMut(Vec<Done>) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let check = |batch: &[Job]| batch.par_iter().map(|job| run(job, args)).collect::<Vec<Done>>();
    let check = &check;
    std::thread::scope(|scope| {
        let mut batches = jobs.chunks(BATCH);
        let mut ready = batches.next().map(check);
        while let Some(done) = ready.take() {
            let next = batches.next().map(|batch| scope.spawn(move || check(batch)));
            write(done)?;
            // a panic while checking is a defect: it ends the run as it would have on this thread
            ready = next.map(|checking| checking.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        Ok(())
    })
}

/// The CLI built for wasm32 (which `make lint-wasm` checks) has one thread.
#[cfg(target_arch = "wasm32")]
fn each_batch(
    jobs: &[Job],
    args: &CheckArgs,
    mut write: impl FnMut(Vec<Done>) -> Result<(), Stop>,
) -> Result<(), Stop> {
    for batch in jobs.chunks(BATCH) {
        write(batch.iter().map(|job| run(job, args)).collect())?;
    }
    Ok(())
}

#[cfg(not(target_arch = "wasm32"))]
fn progress_bar(files: usize) -> ProgressBar {
    let bar = ProgressBar::new(files as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// The CLI built for wasm32 (which `make lint-wasm` checks) has no terminal to draw on.
#[cfg(target_arch = "wasm32")]
struct ProgressBar;

#[cfg(target_arch = "wasm32")]
impl ProgressBar {
    fn inc(&self, _: u64) {}
    fn finish_and_clear(&self) {}
    fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        f()
    }
}

#[cfg(target_arch = "wasm32")]
fn progress_bar(_: usize) -> ProgressBar {
    ProgressBar
}

fn write_pieces(
    out: &mut impl Write,
    pieces: Vec<Piece>,
    format: Format,
    shown: &mut usize,
    progress: Option<&ProgressBar>,
) -> io::Result<()> {
    for piece in pieces {
        match piece {
            Piece::File { text, separated } => {
                if format == Format::Text && separated && *shown > 0 {
                    writeln!(out)?;
                }
                out.write_all(text.as_bytes())?;
                *shown += 1;
            }
            Piece::Err(line) => {
                // stdout and stderr share the terminal: what is said of a file comes after what
                // came before it
                out.flush()?;
                match progress {
                    Some(bar) => bar.suspend(|| to_stderr(&line)),
                    None => to_stderr(&line),
                }
            }
        }
    }
    Ok(())
}

/// The jobs of the command line: folders listed (their forms, workbooks and 说明, sorted), a 说明
/// paired with a form or workbook: on the command line any 说明 right after one, in a folder one
/// named after it ([`folder_pairs`]); a 说明 paired with no form is checked alone. `summary`, the summary of an earlier run that this
/// run writes over, is never checked as a submission when it lies in a folder checked.
fn jobs(files: &[Source], summary: Option<&Path>) -> Vec<Job> {
    // a folder is known by asking the file system, once for each path: on every core, since
    // a review may name ten thousand files
    let is_folder = |source: &Source| matches!(source, Source::File(path) if path.is_dir());
    #[cfg(not(target_arch = "wasm32"))]
    let folders: Vec<bool> = files.par_iter().map(is_folder).collect();
    #[cfg(target_arch = "wasm32")]
    let folders: Vec<bool> = files.iter().map(is_folder).collect();
    // each source, and whether a folder's listing found it
    let mut expanded: Vec<Result<(Source, bool), Job>> = Vec::new();
    for (source, folder) in files.iter().zip(folders) {
        match source {
            Source::File(path) if folder => {
                let mut found = Vec::new();
                match list(path, summary, &mut found) {
                    Ok(()) if found.is_empty() => expanded.push(Err(Job::Folder {
                        name: source.name(),
                        error: None,
                    })),
                    Ok(()) => {
                        found.sort();
                        expanded.extend(found.into_iter().map(|p| Ok((Source::File(p), true))));
                    }
                    Err(error) => expanded.push(Err(Job::Folder {
                        name: source.name(),
                        error: Some(error),
                    })),
                }
            }
            Source::File(path) => expanded.push(Ok((Source::File(path.clone()), false))),
            Source::Stdin => expanded.push(Ok((Source::Stdin, false))),
        }
    }
    let (partner, paired) = folder_pairs(&expanded);
    let mut slots: Vec<Option<Result<(Source, bool), Job>>> = expanded.into_iter().map(Some).collect();
    let mut jobs = Vec::new();
    let taken = |n: usize| paired.get(n).copied().unwrap_or(false);
    for i in 0..slots.len() {
        // a 说明 its form takes, wherever it sorts
        if taken(i) {
            continue;
        }
        let (source, listed) = match slots.get_mut(i).and_then(Option::take) {
            None => continue,
            Some(Ok(found)) => found,
            Some(Err(job)) => {
                jobs.push(job);
                continue;
            }
        };
        if is_narrative(&source) {
            jobs.push(Job::Narrative(source));
            continue;
        }
        // on the command line, the 说明 right after a form is its own
        let next_is_its = match slots.get(i + 1) {
            Some(Some(Ok((s, n_listed)))) => is_narrative(s) && (!listed || !n_listed) && !taken(i + 1),
            _ => false,
        };
        let at = partner.get(i).copied().flatten().or(next_is_its.then_some(i + 1));
        let narrative = match at.and_then(|n| slots.get_mut(n)).and_then(Option::take) {
            Some(Ok((n, _))) => Some(n),
            _ => None,
        };
        jobs.push(Job::Form {
            form: source,
            narrative,
            listed,
        });
    }
    jobs
}

/// The 说明 found in folders and their forms: each 说明 goes to the form found in its folder whose
/// name, without its extension, is the longest that begins the 说明's (`单位1说明.docx` is
/// `单位1.xlsx`'s beside `单位12.xlsx`, and so is `单位1 说明.txt`, which sorts before it). A name
/// that ends in a digit is not continued by one: `单位10说明.txt` is not `单位1.json`'s. A form takes
/// one 说明, the first by name. Returns, by place, each form's 说明 and whether a 说明 is taken.
fn folder_pairs(expanded: &[Result<(Source, bool), Job>]) -> (Vec<Option<usize>>, Vec<bool>) {
    let listed = || {
        expanded.iter().enumerate().filter_map(|(i, e)| match e {
            Ok((Source::File(path), true)) => Some((i, path)),
            _ => None,
        })
    };
    let folder = |path: &Path| path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut forms: HashMap<(PathBuf, String), usize> = HashMap::new();
    for (i, path) in listed().filter(|(_, path)| !is_narrative_path(path)) {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        forms.insert((folder(path), stem), i);
    }
    let mut partner = vec![None; expanded.len()];
    let mut paired = vec![false; expanded.len()];
    for (n, path) in listed().filter(|(_, path)| is_narrative_path(path)) {
        let name = path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut key = (folder(path), String::new());
        for (end, _) in name.char_indices().skip(1).collect::<Vec<_>>().into_iter().rev() {
            let (stem, rest) = name.split_at(end);
            if stem.ends_with(|c: char| c.is_ascii_digit()) && rest.starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            key.1.replace_range(.., stem);
            if let Some(&form) = forms.get(&key) {
                if let Some(slot @ None) = partner.get_mut(form) {
                    *slot = Some(n);
                    if let Some(p) = paired.get_mut(n) {
                        *p = true;
                    }
                }
                break;
            }
        }
    }
    (partner, paired)
}

/// The forms, workbooks and 说明 under `dir`, at any depth (no symbolic links followed: a link to
/// a parent would never end). Office's lock files (`~$…`), hidden files and `summary` are skipped.
fn list(dir: &Path, summary: Option<&Path>, found: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            list(&path, summary, found)?;
        } else if kind.is_file() && (is_workbook_path(&path) || extension(&path) == "json" || is_narrative_path(&path))
        {
            // the name first: resolving every path of a large folder would cost a call each
            let is_summary =
                summary.is_some_and(|s| s.file_name() == path.file_name() && path.canonicalize().is_ok_and(|p| p == s));
            if !is_summary {
                found.push(path);
            }
        }
    }
    Ok(())
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// A 说明 by its file name: a text or Word file. Anything else (and standard input) is a form.
pub fn is_narrative(source: &Source) -> bool {
    matches!(source, Source::File(path) if is_narrative_path(path))
}

fn is_narrative_path(path: &Path) -> bool {
    matches!(extension(path).as_str(), "txt" | "text" | "docx")
}

fn is_workbook_path(path: &Path) -> bool {
    matches!(extension(path).as_str(), "xlsx" | "xlsm" | "xls")
}

/// Whether `source` is a workbook: by its name, or, whatever it is named, by its bytes.
fn holds_workbook(source: &Source, bytes: &[u8]) -> bool {
    matches!(source, Source::File(path) if is_workbook_path(path)) || is_workbook(bytes)
}

/// The form at `source` as JSON text, for `draft` and `export`: a workbook's form (its first, said
/// on standard error when it holds more), else the file's text.
pub fn form_text(source: &Source, lang: Lang) -> Result<String, Failure> {
    let bytes = input::read_bytes(source)?;
    if !holds_workbook(source, &bytes) {
        return input::text(bytes).map(|i| i.text);
    }
    let forms = read_workbook(&bytes).map_err(Failure::Workbook)?;
    if let (Some(first), true) = (forms.first(), forms.len() > 1) {
        let sheets = first.sheets.join(", ");
        let count = forms.len();
        to_stderr(&terminal::escape(&format!(
            "{}: {}",
            source.name(),
            match lang {
                Lang::ZhCn => format!("工作簿中有 {count} 张自评表，取第一张（工作表 {sheets}）"),
                Lang::En => format!("the workbook holds {count} forms; the first is used (sheet {sheets})"),
            }
        )));
    }
    // read_workbook finds at least one form or refuses the file
    forms
        .into_iter()
        .next()
        .map(|f| f.json)
        .ok_or(Failure::Workbook(WorkbookError::NotAWorkbook))
}

/// What one file, or a form and its 说明, gave.
enum Outcome {
    Form(Result<Box<Report>, Failure>),
    Narrative(Result<NarrativeCheck, Failure>),
}

impl Outcome {
    fn status(&self) -> Status {
        let errors = match self {
            Outcome::Form(Ok(report)) => report.summary.errors,
            Outcome::Narrative(Ok(checked)) => checked.summary.errors,
            Outcome::Form(Err(_)) | Outcome::Narrative(Err(_)) => return Status::Failed,
        };
        if errors > 0 {
            Status::FormErrors
        } else {
            Status::Clean
        }
    }
}

/// One file checked (a form with its 说明, or a 说明 alone), as it is written out.
#[derive(Clone, Copy)]
struct Checked<'a> {
    name: &'a str,
    /// The 说明 checked with a form, by its file name.
    narrative: Option<&'a str>,
    /// The encoding it was read in, when not UTF-8.
    encoding: Option<&'a str>,
    /// The encoding the 说明 checked with it was read in, when not UTF-8.
    narrative_encoding: Option<&'a str>,
    /// The form's sheet(s) in a workbook, and the cell of each value.
    sheet: Option<&'a SheetForm>,
    outcome: &'a Outcome,
}

impl<'a> Checked<'a> {
    fn new(name: &'a str, outcome: &'a Outcome) -> Checked<'a> {
        Checked {
            name,
            narrative: None,
            encoding: None,
            narrative_encoding: None,
            sheet: None,
            outcome,
        }
    }
}

fn run(job: &Job, args: &CheckArgs) -> Done {
    let mut done = Done {
        pieces: Vec::new(),
        status: Status::Clean,
        rows: Vec::new(),
    };
    match job {
        Job::Folder { name, error } => {
            let failure = match error {
                // the job is shared by the cores; the error is told again in its own words
                Some(e) => Failure::Folder(io::Error::new(e.kind(), e.to_string())),
                None => Failure::EmptyFolder,
            };
            let outcome = Outcome::Form(Err(failure));
            render(&mut done, &Checked::new(name, &outcome), args);
        }
        Job::Narrative(source) => {
            let name = source.name();
            let input = input::read_narrative(source);
            let encoding = input.as_ref().ok().and_then(|i| i.encoding);
            let outcome = Outcome::Narrative(input.map(|i| narrative_check(&i.text, None, args.lang)));
            let file = Checked {
                encoding,
                ..Checked::new(&name, &outcome)
            };
            render(&mut done, &file, args);
        }
        Job::Form {
            form,
            narrative,
            listed,
        } => run_form(&mut done, form, narrative.as_ref(), *listed, args),
    }
    done
}

/// A form and the 说明 after it. A 说明 that cannot be read is reported as such after the form,
/// which is checked without it.
fn run_form(done: &mut Done, source: &Source, narrative: Option<&Source>, listed: bool, args: &CheckArgs) {
    let (narrative, unread) = match narrative.map(|n| (n.name(), input::read_narrative(n))) {
        Some((narrative_name, Ok(text))) => (Some((narrative_name, text)), None),
        Some((narrative_name, Err(failure))) => (None, Some((narrative_name, failure))),
        None => (None, None),
    };
    check_form(done, source, narrative, listed, args);
    if let Some((narrative_name, failure)) = unread {
        let outcome = Outcome::Narrative(Err(failure));
        render(done, &Checked::new(&narrative_name, &outcome), args);
    }
}

fn check_form(
    done: &mut Done,
    source: &Source,
    narrative: Option<(String, input::Input)>,
    listed: bool,
    args: &CheckArgs,
) {
    let options = Options { lang: args.lang };
    let name = source.name();
    let narrative_name = narrative.as_ref().map(|(n, _)| n.as_str());
    let narrative_encoding = narrative.as_ref().and_then(|(_, i)| i.encoding);
    let bytes = input::read_bytes(source);
    let workbook = match &bytes {
        Ok(b) => holds_workbook(source, b),
        // the file's own error, said as a workbook's when it is named one
        Err(_) => matches!(source, Source::File(path) if is_workbook_path(path)),
    };
    if workbook {
        let forms = bytes.and_then(|bytes| match read_workbook(&bytes) {
            Ok(forms) => Ok(forms),
            // a summary an earlier run wrote into the folder is the reviewer's, not a unit's: no
            // forms, and nothing said
            Err(WorkbookError::NotRecognised(_)) if listed && summary::is_summary_workbook(&bytes) => Ok(Vec::new()),
            Err(e) => Err(Failure::Workbook(e)),
        });
        let forms = match forms {
            Ok(forms) => forms,
            Err(failure) => {
                let outcome = Outcome::Form(Err(failure));
                render(done, &Checked::new(&name, &outcome), args);
                return;
            }
        };
        // a 说明 after a workbook goes with its form when the workbook holds one
        let narrative = narrative.as_ref().filter(|_| forms.len() == 1);
        for form in &forms {
            let model = load_json(&form.json).map_err(Failure::Form);
            let outcome = form_outcome(model, narrative.map(|(_, i)| i.text.clone()), &options);
            let file = Checked {
                narrative: narrative.map(|(n, _)| n.as_str()),
                narrative_encoding,
                sheet: Some(form),
                ..Checked::new(&name, &outcome)
            };
            render(done, &file, args);
        }
        return;
    }
    let input = bytes.and_then(input::text);
    // standard input has no name to say what it holds: a text that is no JSON object is a 说明
    // (nothing at all is still an error: a form that never came)
    if let (Source::Stdin, None, Ok(i)) = (source, &narrative, &input) {
        let text = i.text.strip_prefix('\u{feff}').unwrap_or(&i.text);
        let start = text.trim_start();
        if !start.is_empty() && !start.starts_with('{') {
            let outcome = Outcome::Narrative(Ok(narrative_check(text, None, args.lang)));
            let file = Checked {
                encoding: i.encoding,
                ..Checked::new(&name, &outcome)
            };
            render(done, &file, args);
            return;
        }
    }
    let encoding = input.as_ref().ok().and_then(|i| i.encoding);
    let model = input.and_then(|i| load_json(&i.text).map_err(Failure::Form));
    let outcome = form_outcome(model, narrative.as_ref().map(|(_, i)| i.text.clone()), &options);
    let file = Checked {
        narrative: narrative_name,
        encoding,
        narrative_encoding,
        ..Checked::new(&name, &outcome)
    };
    render(done, &file, args);
}

/// A form loaded (or not), with the 说明 that came with it, evaluated.
fn form_outcome(model: Result<jixiao::Model, Failure>, narrative: Option<String>, options: &Options) -> Outcome {
    Outcome::Form(model.map(|mut m| {
        if narrative.is_some() {
            m.form.narrative = narrative;
        }
        Box::new(evaluate(&m, options))
    }))
}

/// One file's output pieces, its status and (for the summary) its row.
fn render(done: &mut Done, file: &Checked<'_>, args: &CheckArgs) {
    done.status = done.status.max(file.outcome.status());
    if args.summary.is_some() {
        done.rows.push(summary_row(file, args.lang));
    }
    match args.format {
        Format::Json => {
            if let Outcome::Form(Err(failure)) | Outcome::Narrative(Err(failure)) = file.outcome {
                done.pieces.push(Piece::Err(failure.line(file.name, args.lang)));
            }
            done.pieces.push(Piece::File {
                text: json_line(file, args.lang),
                separated: true,
            });
        }
        Format::Text => text(done, file, args.lang),
    }
}

fn summary_row(file: &Checked<'_>, lang: Lang) -> SummaryRow {
    let sheet = file.sheet.map(|s| s.sheets.join(",")).unwrap_or_default();
    match file.outcome {
        Outcome::Form(Ok(report)) => {
            let first = report.issues.iter().find(|i| i.severity == jixiao::Severity::Error);
            SummaryRow {
                file: file.name.to_string(),
                sheet,
                unit: report.unit.name.clone().unwrap_or_default(),
                year: report.unit.year.clone().unwrap_or_default(),
                score: report.score.clone(),
                grade: report.grade.clone(),
                claimed_score: report.claimed.score.clone().unwrap_or_default(),
                claimed_grade: report.claimed.grade.clone().unwrap_or_default(),
                errors: report.summary.errors,
                warnings: report.summary.warnings,
                infos: report.summary.infos,
                first_error: first.map(|i| i.message.clone()).unwrap_or_default(),
                first_error_at: first.map(|i| table::place(i, file.sheet)).unwrap_or_default(),
                unreadable: false,
            }
        }
        Outcome::Narrative(Ok(checked)) => {
            let first = checked.issues.iter().find(|i| i.severity == jixiao::Severity::Error);
            SummaryRow {
                file: file.name.to_string(),
                errors: checked.summary.errors,
                warnings: checked.summary.warnings,
                infos: checked.summary.infos,
                first_error: first.map(|i| i.message.clone()).unwrap_or_default(),
                first_error_at: first.map(|i| table::place(i, None)).unwrap_or_default(),
                ..SummaryRow::default()
            }
        }
        Outcome::Form(Err(failure)) | Outcome::Narrative(Err(failure)) => SummaryRow {
            file: file.name.to_string(),
            sheet,
            first_error: failure.message(lang),
            unreadable: true,
            ..SummaryRow::default()
        },
    }
}

/// The file's report as a table on stdout (with what the workbook reader noted), or its error on
/// stderr (with those notes); the note of an encoding other than UTF-8 on stderr, just above.
fn text(done: &mut Done, file: &Checked<'_>, lang: Lang) {
    let Checked {
        name,
        narrative,
        encoding,
        narrative_encoding,
        sheet,
        outcome,
    } = *file;
    for (file, encoding) in [(Some(name), encoding), (narrative, narrative_encoding)] {
        let (Some(file), Some(encoding)) = (file, encoding) else {
            continue;
        };
        let note = say(
            lang,
            &format!("{file}: 提示：文件不是 UTF-8，已按 {encoding} 编码读取"),
            &format!("{file}: note: the file is not UTF-8; read as {encoding}"),
        );
        done.pieces.push(Piece::Err(terminal::escape(&note).into_owned()));
    }
    let titled;
    let name = match sheet {
        Some(form) => {
            // with a report, the report lists them; without one, they go with its error
            let notes = match outcome {
                Outcome::Form(Ok(_)) => &[][..],
                _ => &form.notes[..],
            };
            for note in notes {
                let text = note.message(lang);
                let label = say(lang, "提示", "note");
                done.pieces.push(Piece::Err(
                    terminal::escape(&format!("{name} {}: {label}: {text} [{}]", note.cell, note.code)).into_owned(),
                ));
            }
            titled = format!("{name} [{}]", form.sheets.join(", "));
            titled.as_str()
        }
        None => name,
    };
    let mut out = Vec::new();
    let written = match outcome {
        Outcome::Form(Ok(report)) => table::write_report(&mut out, name, narrative, sheet, report),
        Outcome::Narrative(Ok(checked)) => table::write_narrative(&mut out, name, checked, lang),
        Outcome::Form(Err(failure)) | Outcome::Narrative(Err(failure)) => {
            done.pieces.push(Piece::Err(failure.line(name, lang)));
            done.pieces.push(Piece::File {
                text: String::new(),
                separated: false,
            });
            return;
        }
    };
    // writing into memory cannot fail
    debug_assert!(written.is_ok());
    done.pieces.push(Piece::File {
        text: String::from_utf8(out).unwrap_or_default(),
        separated: true,
    });
}

/// One JSON line: the report's own object (or a 说明's check), or `{"error": …}`, with `file` in
/// front, then the 说明 checked with a form as `narrativeFile`, for a file that was not UTF-8
/// `encoding`, and for a workbook `sheet`.
fn json_line(file: &Checked<'_>, lang: Lang) -> String {
    // a seed-like form's line is about 8 KB: room for it at once instead of four regrowths
    let mut line = String::with_capacity(8192);
    line.push('{');
    let sheet = file.sheet.map(|s| s.sheets.join(","));
    for (key, value) in [
        ("file", Some(file.name)),
        ("narrativeFile", file.narrative),
        ("encoding", file.encoding),
        ("narrativeEncoding", file.narrative_encoding),
        ("sheet", sheet.as_deref()),
    ] {
        let Some(value) = value else { continue };
        if line.len() > 1 {
            line.push(',');
        }
        write_string(&mut line, key);
        line.push(':');
        write_string(&mut line, value);
    }
    let start = line.len();
    match file.outcome {
        Outcome::Form(Ok(report)) => match file.sheet {
            Some(form) => line.push_str(&with_cells(&to_json(report.as_ref()), form, lang)),
            // the most common line, a JSON form's report: written in place, not copied
            None => report.as_ref().write_json(&mut line),
        },
        Outcome::Narrative(Ok(checked)) => checked.write_json(&mut line),
        Outcome::Form(Err(failure)) | Outcome::Narrative(Err(failure)) => {
            line.push_str(&serde_json::json!({ "error": failure.json(lang) }).to_string());
        }
    }
    // the body's own `{` becomes the comma that joins its members to the line's (`{}` adds none)
    match line.get(start..) {
        Some(body) if body.starts_with('{') && body != "{}" => line.replace_range(start..=start, ","),
        _ => {
            line.truncate(start);
            line.push('}');
        }
    }
    line.push('\n');
    line
}

/// A workbook form's report with the cell of each finding (`"cell": "自评表!G12"`) and what the
/// reader noted (`workbookNotes`).
fn with_cells(report: &str, form: &SheetForm, lang: Lang) -> String {
    let Ok(serde_json::Value::Object(mut body)) = serde_json::from_str::<serde_json::Value>(report) else {
        return report.to_string();
    };
    if let Some(serde_json::Value::Array(issues)) = body.get_mut("issues") {
        for issue in issues.iter_mut() {
            let cell = issue
                .get("path")
                .and_then(|p| p.as_str())
                .and_then(|p| form.cell_of(p))
                .map(str::to_string);
            if let (Some(cell), serde_json::Value::Object(fields)) = (cell, issue) {
                fields.insert("cell".into(), cell.into());
            }
        }
    }
    if !form.notes.is_empty() {
        let notes: Vec<serde_json::Value> = form
            .notes
            .iter()
            .map(|n| serde_json::json!({ "code": n.code, "cell": n.cell, "message": n.message(lang) }))
            .collect();
        body.insert("workbookNotes".into(), notes.into());
    }
    serde_json::Value::Object(body).to_string()
}
