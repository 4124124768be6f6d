//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use jixiao::{evaluate_json, Lang, Options, Report};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn read(path: impl AsRef<Path>) -> String {
    let p = root().join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

pub fn report(json: &str, lang: Lang) -> Report {
    evaluate_json(json, &Options { lang }).unwrap_or_else(|e| panic!("{} {:?}", e.message(Lang::En), e))
}

/// The sample forms, by file stem.
pub fn samples() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().to_string();
            (stem, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

/// What the engine writes, read back as a JSON value (keys in the written order).
#[allow(dead_code)]
pub fn json_value<T: jixiao::report::json::ToJson + ?Sized>(value: &T) -> serde_json::Value {
    serde_json::from_str(&jixiao::report::json::to_json(value)).unwrap()
}
