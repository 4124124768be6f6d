//! Golden reports of every sample, in both languages. `make golden` rewrites them after a
//! deliberate change; the diff is then reviewed like code.
// Native only: the wasm build is tested by tests/web.rs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use jixiao::Lang;

#[test]
fn sample_reports_match_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let samples = common::samples();
    assert!(samples.len() >= 3, "expected at least three samples");
    let mut stale = Vec::new();
    for (stem, json) in samples {
        for lang in [Lang::ZhCn, Lang::En] {
            let report = common::report(&json, lang);
            let actual = serde_json::to_string_pretty(&common::json_value(&report)).unwrap() + "\n";
            let path = common::root().join(format!("tests/golden/{stem}.{}.json", lang.tag()));
            if update {
                std::fs::write(&path, &actual).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_default();
            if expected != actual {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "golden reports differ (run `make golden` and review): {stale:?}"
    );
}
