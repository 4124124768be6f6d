//! `types/jixiao.d.ts` (shipped in pkg/ by the wasm boundary) is generated from the Rust types.
// Native only: the wasm build is tested by tests/web.rs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

#[test]
fn committed_declarations_match_the_types() {
    let generated = jixiao::schema::declarations();
    let committed = common::read("types/jixiao.d.ts");
    assert!(
        generated == committed,
        "types/jixiao.d.ts is stale: run `make types` and commit it"
    );
}

#[test]
fn declarations_describe_the_report_precisely() {
    let d = jixiao::schema::declarations();
    for needle in [
        "export interface Report {",
        "export interface Issue {",
        "export interface Change {",
        "export interface Form {",
        "  score: string;",
        "  issues: Issue[];",
        "export type Severity = ",
        "export type Text = string | number;",
    ] {
        assert!(d.contains(needle), "missing {needle:?}");
    }
    assert!(!d.contains("unknown"), "a type fell through to `unknown`");
}
