//! The docs keep up with the code: every code the engine can say is listed in
//! docs/report-format.md.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use jixiao::messages::Msg;

#[test]
fn every_code_is_in_the_report_format() {
    let doc = common::read("docs/report-format.md");
    let missing: Vec<&str> = Msg::ALL
        .iter()
        .map(|m| m.code())
        .filter(|code| !doc.contains(&format!("`{code}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes missing from docs/report-format.md: {missing:?}"
    );
}
