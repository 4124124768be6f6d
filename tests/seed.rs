//! The seed: 2024 石围塘街道 self-evaluation, budget figures exactly as published (domain.md §5).
// Native only: the wasm build is tested by tests/web.rs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use jixiao::report::SumVerdict;
use jixiao::{Lang, Severity};

fn seed() -> jixiao::Report {
    common::report(&common::read("examples/shiweitang-2024.json"), Lang::ZhCn)
}

#[test]
fn rate_is_96_10_and_matches_the_stated_96_1() {
    let r = seed();
    assert_eq!(r.budget.rate.as_deref(), Some("96.10"));
    assert!(r.budget.rate_exact.as_deref().unwrap().starts_with("96.0999"));
    assert_eq!(r.budget.stated_rate.as_deref(), Some("96.1%"));
    assert!(r.issues.iter().all(|i| !i.code.starts_with("budget.statedRate")));
}

#[test]
fn sources_are_0_01_off_which_is_rounding() {
    let r = seed();
    let check = r.budget.by_source.executed.as_ref().unwrap();
    assert_eq!((check.sum.as_str(), check.total.as_str()), ("8670.52", "8670.53"));
    assert_eq!(check.difference, "-0.01");
    assert_eq!(check.verdict, SumVerdict::Rounding);
    let issue = r.issues.iter().find(|i| i.code == "budget.sourceSumRounding").unwrap();
    assert_eq!(
        (issue.severity, issue.path.as_str()),
        (Severity::Info, "budget.bySource.executed")
    );
    assert_eq!(issue.values.get("difference"), Some("0.01"));
}

#[test]
fn natures_are_42_30_off_an_error_on_by_nature() {
    let r = seed();
    let check = r.budget.by_nature.executed.as_ref().unwrap();
    assert_eq!(check.sum, "8712.83");
    assert_eq!(check.difference, "42.30");
    assert_eq!(check.verdict, SumVerdict::Mismatch);
    let issue = r.issues.iter().find(|i| i.code == "budget.natureSumMismatch").unwrap();
    assert_eq!(
        (issue.severity, issue.path.as_str()),
        (Severity::Error, "budget.byNature.executed")
    );
    assert_eq!(issue.values.get("difference"), Some("42.30"));
    assert!(issue.message.contains("42.30"), "{}", issue.message);
}

#[test]
fn only_the_three_budget_verdicts_the_two_mistakes_of_the_narrative_and_the_published_total() {
    let r = seed();
    let codes: Vec<&str> = r.issues.iter().map(|i| i.code).collect();
    assert_eq!(
        codes,
        [
            "budget.sourceSumRounding",
            "budget.natureSumMismatch",
            "narrative.rateMismatch",
            "narrative.partsSumRounding",
            "narrative.partsSumMismatch"
        ]
    );
    assert_eq!((r.score.as_str(), r.grade.as_str()), ("96.61", "优"));
    assert_eq!(r.claimed.score.as_deref(), Some("96.61"));
    assert_eq!(r.summary.errors, 3);
}

#[test]
fn budget_execution_leaf_uses_the_exact_rate() {
    let r = seed();
    let leaf = r.leaves.iter().find(|l| l.id == "2.1.1").unwrap();
    // 12 × 96.0999…% = 11.5319… → 11.53
    assert_eq!((leaf.score.as_str(), leaf.rule.as_str()), ("11.53", "budgetExecution"));
}
