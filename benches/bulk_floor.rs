//! The floor under a bulk review: what reading the forms and writing a report's worth of JSON
//! cost on this machine, with nothing checked. `bench/bulk.mjs` runs it beside
//! `jixiao check --format json` and the Python peer, on the same files and the same cores:
//!
//! - `read`: every file read and checked for UTF-8 (as the CLI reads them: `std::fs::read`,
//!   `simdutf8`);
//! - `parse`: and parsed into the engine's JSON tree (`read::json::parse`, the reader the CLI
//!   uses, strings borrowed from the text);
//! - `echo`: and the tree written back as JSON three times over, one line a form, about the bytes
//!   of the form's report (a seed-like form is 3 KB, its report 8 KB), to standard output through
//!   the CLI's writer and buffer.
//!
//! Like the CLI, the files are taken in batches of 512, each batch on every core (rayon), and
//! written in order (the CLI also writes one batch while the cores check the next; the floor
//! writes after each batch, which costs it little: its lines go to `/dev/null`). `cargo bench --bench bulk_floor -- MODE FILE…` runs one pass and prints
//! nothing but the echo; the caller times the process, as it times the CLI.

use std::io::Write;
use std::path::{Path, PathBuf};

use jixiao::read::json::{self, Kind, Value};
use jixiao::report::json::write_string;
use rayon::prelude::*;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const BATCH: usize = 512;

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Read,
    Parse,
    Echo,
}

fn echo(value: &Value<'_>, out: &mut String) {
    match &value.kind {
        Kind::Null => out.push_str("null"),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Number(n) => out.push_str(n),
        Kind::String(s) => write_string(out, s),
        Kind::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                echo(item, out);
            }
            out.push(']');
        }
        Kind::Object(members) => {
            out.push('{');
            for (i, member) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, &member.key);
                out.push(':');
                echo(&member.value, out);
            }
            out.push('}');
        }
    }
}

/// One form's line: empty unless echoing. Panics on a file that is not a readable JSON form in
/// UTF-8: the floor is measured on the benchmark's own files.
fn line(path: &Path, mode: Mode) -> String {
    let bytes = std::fs::read(path).expect("the form is readable");
    let text = simdutf8::basic::from_utf8(&bytes).expect("the form is UTF-8");
    if mode == Mode::Read {
        return String::new();
    }
    let tree = json::parse(text).expect("the form is JSON");
    if mode == Mode::Parse {
        return String::new();
    }
    let mut out = String::with_capacity(text.len() * 3 + 4);
    out.push('[');
    for copy in 0..3 {
        if copy > 0 {
            out.push(',');
        }
        echo(&tree, &mut out);
    }
    out.push_str("]\n");
    out
}

fn main() {
    // cargo bench appends `--bench`
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mode = match args.next().as_deref() {
        Some("read") => Mode::Read,
        Some("parse") => Mode::Parse,
        Some("echo") => Mode::Echo,
        _ => {
            eprintln!("usage: cargo bench --bench bulk_floor -- read|parse|echo FILE…");
            std::process::exit(2);
        }
    };
    let files: Vec<PathBuf> = args.map(PathBuf::from).collect();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    for batch in files.chunks(BATCH) {
        let lines: Vec<String> = batch.par_iter().map(|path| line(path, mode)).collect();
        for text in lines {
            out.write_all(text.as_bytes()).expect("standard output takes the echo");
        }
    }
    out.flush().expect("standard output takes the echo");
}
