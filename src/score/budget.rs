//! 年度部门整体支出规模: amounts, the two breakdowns and the execution rate (domain.md §4, budget).

use rust_decimal::Decimal;

use crate::decimal::{self, fixed, fixed2, mul, mul_div, plain, round_dp, sub, unit_in_last_place, SHOWN_DP};
use crate::finding::{Finding, Severity};
use crate::messages::Msg;
use crate::read::form::{Budget, Column, Form, Text};
use crate::read::number::{self, display_grouped, MoneyUnit};
use crate::score::rows::{BudgetReport, SumCheck, SumReport, SumVerdict};

/// Below this execution rate a reason is expected (percent).
const LOW_RATE: u32 = 90;

pub struct BudgetOutcome {
    pub report: BudgetReport,
    /// 执行率 in percent, exact; `None` when it cannot be computed.
    pub rate: Option<Decimal>,
    /// What is wrong with the table (the draft of a 说明 reads them too).
    pub findings: Vec<Finding>,
}

/// One of the two columns (全年预算数, 全年执行数).
#[derive(Clone, Copy)]
enum Col {
    Planned,
    Executed,
}

impl Col {
    fn key(self) -> &'static str {
        match self {
            Col::Planned => "planned",
            Col::Executed => "executed",
        }
    }

    fn zh(self) -> &'static str {
        match self {
            Col::Planned => "全年预算数",
            Col::Executed => "全年执行数",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Col::Planned => "Full-year budget",
            Col::Executed => "Full-year spending",
        }
    }

    fn of(self, c: &Column) -> Option<&Text> {
        match self {
            Col::Planned => c.planned.as_ref(),
            Col::Executed => c.executed.as_ref(),
        }
    }
}

const COLUMNS: [Col; 2] = [Col::Planned, Col::Executed];

/// A breakdown whose rows must add up to the total.
struct Breakdown<'a> {
    path: &'static str,
    rows: Vec<(&'static str, &'a Column)>,
    rounding: Msg,
    mismatch: Msg,
}

fn breakdowns(b: &Budget) -> [Breakdown<'_>; 2] {
    [
        Breakdown {
            path: "budget.bySource",
            rows: vec![
                ("generalPublic", &b.by_source.general_public),
                ("governmentFund", &b.by_source.government_fund),
                ("stateCapital", &b.by_source.state_capital),
                ("other", &b.by_source.other),
            ],
            rounding: Msg::SourceSumRounding,
            mismatch: Msg::SourceSumMismatch,
        },
        Breakdown {
            path: "budget.byNature",
            rows: vec![("basic", &b.by_nature.basic), ("project", &b.by_nature.project)],
            rounding: Msg::NatureSumRounding,
            mismatch: Msg::NatureSumMismatch,
        },
    ]
}

/// Prints an amount with at least two decimals and all the ones it has (`42.30`, `1.2345`).
pub fn amount_plain(x: Decimal) -> String {
    if x.scale() < SHOWN_DP {
        fixed2(x)
    } else {
        decimal::text(x)
    }
}

/// [`amount_plain`] with thousands groups (`8,670.52`), for messages.
pub fn amount_text(x: Decimal) -> String {
    let mut shown = x;
    if shown.scale() < SHOWN_DP {
        shown.rescale(SHOWN_DP);
    }
    display_grouped(shown)
}

/// Prints a percentage with two decimals and its sign (`96.10%`).
pub fn percent_text(pct: Decimal) -> String {
    fixed2(pct) + "%"
}

/// Reads one amount cell, adding findings for what is wrong with it. `Err` when the cell is not
/// filled in (absent, blank or a dash); `Ok(None)` when it cannot be read.
fn read_amount(
    text: Option<&Text>,
    unit: MoneyUnit,
    path: &str,
    findings: &mut Vec<Finding>,
) -> Result<Option<Decimal>, NotFilled> {
    let text = text.ok_or(NotFilled)?;
    Ok(match number::parse_amount(text.as_str(), unit) {
        Err(e) => {
            findings.push(e.finding(text.as_str(), path, Severity::Error));
            None
        }
        Ok(None) => return Err(NotFilled),
        Ok(Some(a)) => {
            if a.value < Decimal::ZERO {
                findings
                    .push(Finding::new(Msg::NegativeAmount, Severity::Error, path).with("value", amount_text(a.value)));
            }
            if a.typed_decimals > SHOWN_DP {
                findings.push(
                    Finding::new(Msg::TooManyDecimals, Severity::Warning, path)
                        .with("text", text.as_str())
                        .with("decimals", a.typed_decimals.to_string())
                        .with("unit", a.typed_unit.label()),
                );
            }
            Some(a.value)
        }
    })
}

/// An amount cell left empty.
struct NotFilled;

pub fn check(form: &Form) -> BudgetOutcome {
    let b = &form.budget;
    let unit = form.money_unit;
    let mut findings = Vec::new();
    let mut report = BudgetReport::default();

    let mut totals = [None, None];
    for (slot, col) in totals.iter_mut().zip(COLUMNS) {
        let path = ["budget.total.", col.key()].concat();
        let text = col.of(&b.total);
        let read = read_amount(text, unit, &path, &mut findings);
        let filled = read.is_ok();
        *slot = read.ok().flatten();
        if !filled {
            findings.push(
                Finding::new(Msg::MissingAmount, Severity::Warning, path)
                    .with("field", col.zh())
                    .with("fieldEn", col.en()),
            );
        }
    }
    let [planned, executed] = totals;
    report.planned = planned.map(amount_plain);
    report.executed = executed.map(amount_plain);

    for breakdown in breakdowns(b) {
        let mut sums = SumReport::default();
        for (col, total) in COLUMNS.into_iter().zip(totals) {
            let parts: Vec<Option<Decimal>> = breakdown
                .rows
                .iter()
                .map(|(key, row)| {
                    let path = [breakdown.path, ".", key, ".", col.key()].concat();
                    read_amount(col.of(row), unit, &path, &mut findings).ok().flatten()
                })
                .collect();
            let check = check_sum(&breakdown, col, &parts, total, &mut findings);
            match col {
                Col::Planned => sums.planned = check,
                Col::Executed => sums.executed = check,
            }
        }
        if breakdown.path == "budget.bySource" {
            report.by_source = sums;
        } else {
            report.by_nature = sums;
        }
    }

    let rate = execution_rate(planned, executed, b.stated_rate.is_some(), &mut findings);
    report.rate = rate.map(fixed2);
    report.rate_exact = rate.map(plain);
    report.stated_rate = b.stated_rate.as_ref().map(|t| t.0.clone());

    if let (Some(rate), Some(planned), Some(executed)) = (rate, planned, executed) {
        let values = |f: Finding| {
            f.with("rate", percent_text(rate))
                .with("planned", amount_text(planned))
                .with("executed", amount_text(executed))
        };
        if rate > Decimal::ONE_HUNDRED {
            findings.push(values(Finding::new(
                Msg::OverExecuted,
                Severity::Warning,
                "budget.total.executed",
            )));
        }
        let threshold = Decimal::from(LOW_RATE);
        if rate < threshold && b.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            findings.push(values(
                Finding::new(Msg::LowExecutionNoReason, Severity::Warning, "budget.reason")
                    .with("threshold", LOW_RATE.to_string() + "%"),
            ));
        }
        if let Some(stated) = &b.stated_rate {
            check_stated_rate(stated, rate, planned, executed, &mut findings);
        }
    } else if let Some(stated) = &b.stated_rate {
        // still say when the stated rate itself is unreadable
        if let Err(e) = number::parse_rate(stated.as_str()) {
            findings.push(e.finding(stated.as_str(), "budget.statedRate", Severity::Error));
        }
    }

    BudgetOutcome { report, rate, findings }
}

fn check_sum(
    breakdown: &Breakdown<'_>,
    col: Col,
    parts: &[Option<Decimal>],
    total: Option<Decimal>,
    findings: &mut Vec<Finding>,
) -> Option<SumCheck> {
    let total = total?;
    if parts.iter().all(Option::is_none) {
        return None;
    }
    let sum = decimal::sum(parts.iter().flatten().copied());
    let difference = sub(sum, total);
    let extra_summands = Decimal::from(breakdown.rows.len().saturating_sub(1));
    let tolerance = mul(unit_in_last_place(SHOWN_DP), extra_summands).unwrap_or(Decimal::MAX);
    let with_values = |f: Finding| {
        f.with("column", col.zh())
            .with("columnEn", col.en())
            .with("sum", amount_text(sum))
            .with("total", amount_text(total))
            .with("difference", amount_text(difference.abs()))
    };
    // the column of the breakdown (`budget.byNature.executed`): what the rows of that column must fix
    let column_path = || [breakdown.path, ".", col.key()].concat();
    let verdict = if difference.is_zero() {
        SumVerdict::Equal
    } else if total.is_zero() {
        findings.push(with_values(Finding::new(
            Msg::ZeroTotal,
            Severity::Error,
            ["budget.total.", col.key()].concat(),
        )));
        SumVerdict::Mismatch
    } else if difference.abs() <= tolerance {
        findings.push(with_values(Finding::new(
            breakdown.rounding,
            Severity::Info,
            column_path(),
        )));
        SumVerdict::Rounding
    } else {
        findings.push(with_values(Finding::new(
            breakdown.mismatch,
            Severity::Error,
            column_path(),
        )));
        SumVerdict::Mismatch
    };
    Some(SumCheck {
        sum: amount_plain(sum),
        total: amount_plain(total),
        difference: amount_plain(difference),
        tolerance: amount_plain(tolerance),
        verdict,
    })
}

/// 执行率 = 执行数 / 预算数, in percent, exact. A budget of 0 has no rate: said when something was
/// spent, or when the form states a rate all the same.
fn execution_rate(
    planned: Option<Decimal>,
    executed: Option<Decimal>,
    stated: bool,
    findings: &mut Vec<Finding>,
) -> Option<Decimal> {
    let (planned, executed) = (planned?, executed?);
    if planned.is_zero() {
        if executed > Decimal::ZERO || stated {
            findings.push(
                Finding::new(Msg::RateUndefined, Severity::Warning, "budget.total.planned")
                    .with("executed", amount_text(executed)),
            );
        }
        return None;
    }
    mul_div(executed, Decimal::ONE_HUNDRED, planned)
}

/// A stated rate matches when it equals the exact rate rounded to the stated decimals.
fn check_stated_rate(stated: &Text, rate: Decimal, planned: Decimal, executed: Decimal, findings: &mut Vec<Finding>) {
    let path = "budget.statedRate";
    let (value, dp) = match number::parse_rate(stated.as_str()) {
        Err(e) => {
            findings.push(e.finding(stated.as_str(), path, Severity::Error));
            return;
        }
        Ok(None) => return,
        Ok(Some(v)) => v,
    };
    let dp = dp.min(26);
    let expected = round_dp(rate, dp);
    if value == expected {
        return;
    }
    let truncated = rate.trunc_with_scale(dp);
    let one_off = sub(expected, value).abs() == unit_in_last_place(dp);
    let finding = if value == truncated || one_off {
        Finding::new(Msg::StatedRateImprecise, Severity::Warning, path)
    } else {
        Finding::new(Msg::StatedRateMismatch, Severity::Error, path)
    };
    findings.push(
        finding
            .with("stated", stated.as_str())
            .with("expected", fixed(rate, dp) + "%")
            .with("rate", percent_text(rate))
            .with("planned", amount_text(planned))
            .with("executed", amount_text(executed)),
    );
}
