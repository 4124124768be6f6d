//! Scoring one leaf by its rule (domain.md §3), with the findings about that leaf (§4, indicators).
//!
//! A leaf's score is never above its weight and never below 0, and is rounded once, here, to two
//! decimals half away from zero.

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::decimal::{self, clamp, div, fixed, fixed2, mul, mul_div, plain, round_dp, sub, SHOWN_DP};
use crate::finding::{clip, Finding, Severity};
use crate::messages::{say, Lang, Msg};
use crate::model::{LeafView, LevelTable, ResolvedRule};
use crate::read::form::{RuleKind, Text};
use crate::read::has_text;
use crate::read::number::{self, Comparator, Quantity, Reading, Unit};
use crate::score::budget::percent_text;

/// Everything one leaf is scored from.
pub struct LeafInput<'a> {
    pub name: &'a str,
    /// The template's English name, for English messages.
    pub name_en: Option<&'a str>,
    /// `None` when the 分值 is not filled or cannot be read (said by a finding of its own): the
    /// row is scored against 0, and a claimed score has no range to be held to.
    pub weight: Option<Decimal>,
    pub spec: LeafView<'a>,
    /// 执行率 of the budget table, in percent.
    pub budget_rate: Option<Decimal>,
    pub id: &'a str,
    /// The language the explanation is written in.
    pub lang: Lang,
}

pub struct LeafOutcome {
    /// Rounded to two decimals, within `0..=weight`.
    pub score: Decimal,
    /// `score` and the weight as the report prints them.
    pub score_text: String,
    pub weight_text: String,
    pub claimed: Option<Decimal>,
    pub rule: RuleKind,
    /// How the score came out, in words.
    pub explain: String,
    pub met: Option<bool>,
    pub findings: Vec<Finding>,
}

/// A value an explanation quotes: the cell's own text borrowed where it is quoted as typed.
type Slot<'a> = (&'static str, Cow<'a, str>);

/// What a rule made of the leaf before claimed scores are compared.
enum Computed<'a> {
    /// Unrounded; clamped to 0..=w and rounded by the caller.
    Scored {
        raw: Decimal,
        explain: Msg,
        values: Vec<Slot<'a>>,
    },
    /// The rule needs a value that is not there.
    Missing,
    /// The value is there but cannot be used (a finding says why).
    Unusable,
}

fn read_cell(text: Option<&Text>) -> Result<Reading, number::NumberError> {
    match text {
        None => Ok(Reading::Empty),
        Some(t) => number::read(t.as_str()),
    }
}

fn is_blank(text: Option<&str>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

/// Rate and satisfaction indicators cannot exceed 100%; growth and task-completion ratios can.
fn is_bounded_ratio(name: &str) -> bool {
    const UNBOUNDED: &[&str] = &[
        "增长",
        "增幅",
        "增速",
        "提升",
        "提高",
        "上升",
        "下降",
        "降低",
        "变动",
        "调整",
        "任务完成",
    ];
    (has_text(name, "率") || has_text(name, "满意")) && !UNBOUNDED.iter().any(|w| has_text(name, w))
}

const YES: &[&str] = &[
    "是",
    "已完成",
    "完成",
    "按时完成",
    "达成",
    "已达成",
    "达到",
    "已达到",
    "及时",
    "有效",
    "合格",
    "符合",
    "已公开",
    "公开",
    "有",
    "yes",
    "true",
    "done",
    "√",
    "✓",
    "✔",
];
const NO: &[&str] = &["否", "无", "no", "false", "×", "✗", "✘"];

fn truthiness(words: &str) -> Option<bool> {
    let w = words.trim().to_ascii_lowercase();
    if YES.contains(&w.as_str()) {
        Some(true)
    } else if NO.contains(&w.as_str()) || w.starts_with('未') || w.starts_with('不') || w.starts_with("没") {
        Some(false)
    } else {
        None
    }
}

pub fn score_leaf(input: &LeafInput<'_>) -> LeafOutcome {
    let LeafInput {
        name, weight, spec, id, ..
    } = *input;
    let w = weight.unwrap_or(Decimal::ZERO);
    let mut findings = Vec::new();
    let named = |msg: Msg, severity: Severity, field: &str| row_finding(msg, severity, id, field, name, input.name_en);

    let target = match read_cell(spec.target) {
        Ok(r) => r,
        Err(_) => {
            let text = spec.target.map(|t| t.as_str()).unwrap_or("");
            findings.push(named(Msg::UnreadableTarget, Severity::Warning, "target").with("text", clip(text)));
            Reading::Empty
        }
    };
    let actual_text = spec.actual.map(|t| t.as_str()).unwrap_or("");
    let (actual, actual_unreadable) = match read_cell(spec.actual) {
        Ok(r) => (r, false),
        Err(_) => {
            findings.push(named(Msg::UnreadableActual, Severity::Warning, "actual").with("text", clip(actual_text)));
            (Reading::Empty, true)
        }
    };
    let claimed = match spec.score.map(|t| (t, number::parse_points(t.as_str()))) {
        None | Some((_, Ok(None))) => None,
        // what the form prints is the claim: compared and summed at two decimals
        Some((_, Ok(Some(v)))) => Some(round_dp(v, SHOWN_DP)),
        Some((t, Err(e))) => {
            findings.push(e.finding(t.as_str(), row_path(id, "score"), Severity::Error));
            None
        }
    };
    let level_text = spec.level.map(|t| t.as_str().trim()).filter(|t| !t.is_empty());

    if let Reading::Quantity(_, q) = &actual {
        // over 100% on the budget-execution row is over-execution, which the budget check warns of
        let budget_row = matches!(spec.rule, Some(ResolvedRule::BudgetExecution { .. }));
        if q.unit == Unit::Percent && q.value > Decimal::ONE_HUNDRED && is_bounded_ratio(name) && !budget_row {
            findings.push(named(Msg::PercentOver100, Severity::Error, "actual").with("actual", q.display()));
        }
    }

    let implied;
    let rule = match spec.rule {
        Some(r) => Some(r),
        None => {
            let budget_row = input.budget_rate.is_some() && names_budget_rate(name);
            implied = implied_rule(&target, &actual, level_text, claimed, budget_row);
            implied.as_ref()
        }
    };
    let ctx = Ctx {
        w,
        target: &target,
        target_text: spec.target.map(|t| t.as_str()).unwrap_or(""),
        actual: &actual,
        actual_text,
        level: level_text,
        budget_rate: input.budget_rate,
    };
    let (kind, computed) = match rule {
        None => (RuleKind::Manual, Computed::Missing),
        Some(r) => (r.kind(), apply(r, &ctx, &mut findings, &named)),
    };
    let computed = match computed {
        Computed::Missing if actual_unreadable => Computed::Unusable,
        c => c,
    };

    let weight_text = plain(w);
    let mut met = None;
    let (score, explain, rule_used) = match computed {
        Computed::Scored { raw, explain, values } => {
            let score = leaf_score(raw, w);
            met = Some(score >= w);
            let mut values = values;
            values.push(("weight", Cow::Borrowed(&weight_text)));
            if let Some(c) = claimed {
                compare_claim(c, score, kind, &ctx, &named, &mut findings);
            }
            (score, (explain, values), kind)
        }
        Computed::Missing | Computed::Unusable => {
            let unusable = matches!(computed, Computed::Unusable);
            match claimed {
                Some(c) => {
                    let score = leaf_score(c, w);
                    let stands_as_manual = matches!(target, Reading::Empty) && !unusable;
                    if !stands_as_manual && !unusable && kind != RuleKind::Manual {
                        findings
                            .push(named(Msg::MissingActual, Severity::Warning, "actual").with("claimed", fixed2(c)));
                    }
                    let msg = if stands_as_manual || kind == RuleKind::Manual {
                        Msg::ExplainManual
                    } else {
                        Msg::ExplainClaimedStands
                    };
                    let values = slots([("weight", Cow::Borrowed(weight_text.as_str()))]);
                    (score, (msg, values), RuleKind::Manual)
                }
                None => {
                    if kind == RuleKind::Manual {
                        // an unreadable score already has its finding
                        if is_blank(spec.score.map(Text::as_str)) {
                            findings.push(named(Msg::ScoreNotFilled, Severity::Warning, "score"));
                        }
                    } else if !unusable {
                        // a level is chosen, not typed: say so at the level's own cell
                        findings.push(match kind {
                            RuleKind::Levels => named(Msg::LevelNotChosen, Severity::Warning, "level"),
                            _ => named(Msg::NotFilled, Severity::Warning, "actual"),
                        });
                    }
                    let msg = if unusable {
                        Msg::ExplainUnreadable
                    } else {
                        Msg::ExplainNotFilled
                    };
                    (Decimal::ZERO, (msg, Vec::new()), kind)
                }
            }
        }
    };

    if let (Some(c), Some(w)) = (claimed, weight) {
        if c < Decimal::ZERO || c > w {
            findings.push(
                named(Msg::ScoreOutOfRange, Severity::Error, "score")
                    .with("claimed", plain(c))
                    .with("weight", weight_text.clone()),
            );
        }
    }
    // whether the row has a score to explain (not one left blank or unreadable)
    let explained = !matches!(explain.0, Msg::ExplainNotFilled | Msg::ExplainUnreadable);
    // the score as text, once: the report shows it, and the explanation says it
    let score_text = score_text(score);
    let (explain, mut values) = explain;
    if explained {
        values.push(("score", Cow::Borrowed(&score_text)));
    }
    let explain = say(explain, input.lang, &values);
    let shown = claimed.unwrap_or(score);
    if shown < w && is_blank(spec.reason) && explained {
        findings.push(
            named(Msg::MissingReason, Severity::Warning, "reason")
                .with("score", fixed2(shown))
                .with("weight", weight_text.clone()),
        );
    }

    LeafOutcome {
        score,
        score_text,
        weight_text,
        claimed,
        rule: rule_used,
        explain,
        met,
        findings,
    }
}

/// The path of a row (`indicators.1.2`, `field` empty) or of one of its cells (`indicators.1.2.weight`).
pub fn row_path(id: &str, field: &str) -> String {
    if field.is_empty() {
        ["indicators.", id].concat()
    } else {
        ["indicators.", id, ".", field].concat()
    }
}

/// A finding about a row or one of its cells, naming the row in both languages (a row not named
/// yet, just added, by its id, so that the findings of three new rows are told apart). Its path is
/// written out only when there is a finding to put it on.
pub fn row_finding(msg: Msg, severity: Severity, id: &str, field: &str, name: &str, name_en: Option<&str>) -> Finding {
    let name = if name.trim().is_empty() { id } else { name };
    Finding::new(msg, severity, row_path(id, field))
        .with("name", clip(name))
        .with("nameEn", clip(name_en.unwrap_or(name)))
}

/// Rounded to two decimals within `0..=w`; a weight with more decimals than that caps the score
/// at the weight cut to two decimals, never above it (33.335 → 33.33, not 33.34).
fn leaf_score(raw: Decimal, w: Decimal) -> Decimal {
    let score = round_dp(clamp(raw, Decimal::ZERO, w), SHOWN_DP);
    if score > w {
        w.trunc_with_scale(SHOWN_DP)
    } else {
        score
    }
}

fn score_text(score: Decimal) -> String {
    fixed2(score)
}

/// Whether a row's name is the budget's execution rate (`预算执行率`, `部门预算执行率（%）`): without a
/// rule of its own, such a row of a form with a budget table is scored from the table.
pub fn names_budget_rate(name: &str) -> bool {
    let name = name.trim();
    let bracket = name.char_indices().find(|(_, c)| matches!(c, '（' | '('));
    let name = bracket.and_then(|(at, _)| name.get(..at)).unwrap_or(name).trim_end();
    matches!(name, "预算执行率" | "部门预算执行率" | "整体预算执行率")
}

/// Without an explicit rule, the target decides (domain.md §3 and §7); a `budget_row`
/// ([`names_budget_rate`], with a budget table) is scored from the table's rate as the templates
/// score it, with full marks from a target below 100% (`≥95%`), unless its target is no rate.
fn implied_rule(
    target: &Reading,
    actual: &Reading,
    level: Option<&str>,
    claimed: Option<Decimal>,
    budget_row: bool,
) -> Option<ResolvedRule> {
    if budget_row {
        let full_from = match target {
            Reading::Empty => Some(None),
            Reading::Quantity(None | Some(Comparator::AtLeast | Comparator::Equal), q) if q.unit == Unit::Percent => {
                Some((q.value < Decimal::ONE_HUNDRED).then_some(q.value))
            }
            _ => None,
        };
        if let Some(full_from) = full_from {
            return Some(ResolvedRule::BudgetExecution { full_from });
        }
    }
    let is_level = |w: &str| LevelTable::Default.find(w).is_some();
    let levels = || {
        Some(ResolvedRule::Levels {
            table: LevelTable::Default,
        })
    };
    match target {
        Reading::Quantity(Some(Comparator::AtMost), _) => Some(ResolvedRule::Inverse),
        Reading::Quantity(Some(Comparator::Equal), _) => Some(ResolvedRule::Equal { zero_otherwise: false }),
        Reading::Quantity(_, _) => Some(ResolvedRule::Proportional),
        // the target's own word reached is the target met (良 for 良), whatever its level's fraction
        Reading::Words(t) => match (level, actual) {
            (Some(_), _) => levels(),
            (None, Reading::Words(a)) if is_level(a) && truthiness(a).is_none() && t.trim() != a.trim() => levels(),
            _ => Some(ResolvedRule::Boolean),
        },
        Reading::Empty => match (level, actual) {
            (Some(_), _) => levels(),
            (None, Reading::Words(a)) if is_level(a) => levels(),
            (None, Reading::Words(a)) if truthiness(a).is_some() => Some(ResolvedRule::Boolean),
            // a number with nothing to compare it to: the proportional rule says the target is missing
            (None, Reading::Quantity(..)) => Some(ResolvedRule::Proportional),
            _ if claimed.is_some() => Some(ResolvedRule::Manual),
            _ => None,
        },
    }
}

struct Ctx<'a> {
    w: Decimal,
    target: &'a Reading,
    target_text: &'a str,
    actual: &'a Reading,
    actual_text: &'a str,
    level: Option<&'a str>,
    budget_rate: Option<Decimal>,
}

fn apply<'a>(
    rule: &'a ResolvedRule,
    ctx: &Ctx<'a>,
    findings: &mut Vec<Finding>,
    named: &dyn Fn(Msg, Severity, &str) -> Finding,
) -> Computed<'a> {
    match rule {
        ResolvedRule::Proportional
        | ResolvedRule::Inverse
        | ResolvedRule::Equal { .. }
        | ResolvedRule::PerPoint { .. } => compare_to_target(rule, ctx, findings, named),
        ResolvedRule::Bands { bands, otherwise } => {
            let Reading::Quantity(_, a) = ctx.actual else {
                return not_a_quantity(ctx, findings, named);
            };
            let hit = bands.iter().find(|b| {
                b.from
                    .as_ref()
                    .is_none_or(|f| f.value_in(&a.unit).is_some_and(|f| a.value >= f))
                    && b.up_to
                        .as_ref()
                        .is_none_or(|u| u.value_in(&a.unit).is_some_and(|u| a.value <= u))
            });
            let actual = slots([("actual", a.display().into())]);
            match hit {
                Some(b) => {
                    let mut values = actual;
                    values.push(("band", Cow::Borrowed(b.label.as_str())));
                    scored(b.score.min(ctx.w), Msg::ExplainBand, values)
                }
                None => scored(*otherwise, Msg::ExplainNoBand, actual),
            }
        }
        ResolvedRule::Levels { table } => {
            let word = match (ctx.level, ctx.actual) {
                (Some(l), _) => l.to_string(),
                (None, Reading::Words(a)) => a.clone(),
                (None, Reading::Empty) => return Computed::Missing,
                (None, Reading::Quantity(..)) => ctx.actual_text.trim().to_string(),
            };
            match table.find(&word) {
                // a level's fraction is at most 1 (load checks it), so w × f fits
                Some(f) => scored(
                    mul(ctx.w, f).unwrap_or(ctx.w),
                    Msg::ExplainLevel,
                    slots([("level", word.into()), ("fraction", plain(f).into())]),
                ),
                None => {
                    let levels = table.words();
                    let field = if ctx.level.is_some() { "level" } else { "actual" };
                    findings.push(
                        named(Msg::UnknownLevel, Severity::Warning, field)
                            .with("text", clip(&word))
                            .with("levels", levels.join("/")),
                    );
                    Computed::Unusable
                }
            }
        }
        ResolvedRule::Boolean => {
            let words = match ctx.actual {
                Reading::Empty => return Computed::Missing,
                Reading::Words(a) => a.clone(),
                Reading::Quantity(..) => ctx.actual_text.trim().to_string(),
            };
            let same_as_target = matches!(ctx.target, Reading::Words(t) if t.trim() == words.trim());
            match if same_as_target { Some(true) } else { truthiness(&words) } {
                Some(true) => scored(ctx.w, Msg::ExplainMet, slots([("actual", words.into())])),
                Some(false) => scored(Decimal::ZERO, Msg::ExplainNotMet, slots([("actual", words.into())])),
                None => {
                    findings.push(
                        named(Msg::UnreadableYesNo, Severity::Warning, "actual").with("text", clip(ctx.actual_text)),
                    );
                    Computed::Unusable
                }
            }
        }
        ResolvedRule::Deductions { items } => {
            let deducted = decimal::sum(items.iter().map(|(_, p)| *p));
            scored(
                sub(ctx.w, deducted).max(Decimal::ZERO),
                Msg::ExplainDeductions,
                slots([
                    ("count", items.len().to_string().into()),
                    ("deducted", plain(deducted).into()),
                ]),
            )
        }
        ResolvedRule::BudgetExecution { full_from } => budget_execution(*full_from, ctx, findings, named),
        // the claimed score is the score; the caller checks it against 0..w
        ResolvedRule::Manual => Computed::Missing,
    }
}

/// The values an explanation quotes, with room for what is added to them before it is written (a
/// band or a threshold, then the weight and the score): growing the list was a copy for most leaves.
fn slots<'a, const N: usize>(values: [Slot<'a>; N]) -> Vec<Slot<'a>> {
    let mut list = Vec::with_capacity(N + 3);
    list.extend(values);
    list
}

fn scored(raw: Decimal, explain: Msg, values: Vec<Slot<'_>>) -> Computed<'_> {
    Computed::Scored { raw, explain, values }
}

fn not_a_quantity<'a>(
    ctx: &Ctx<'a>,
    findings: &mut Vec<Finding>,
    named: &dyn Fn(Msg, Severity, &str) -> Finding,
) -> Computed<'a> {
    match ctx.actual {
        Reading::Empty => Computed::Missing,
        _ => {
            findings
                .push(named(Msg::UnreadableActual, Severity::Warning, "actual").with("text", clip(ctx.actual_text)));
            Computed::Unusable
        }
    }
}

/// proportional, inverse, equal and perPoint: a number against a target.
fn compare_to_target<'a>(
    rule: &'a ResolvedRule,
    ctx: &Ctx<'a>,
    findings: &mut Vec<Finding>,
    named: &dyn Fn(Msg, Severity, &str) -> Finding,
) -> Computed<'a> {
    let w = ctx.w;
    let (cmp, t) = match ctx.target {
        Reading::Quantity(cmp, t) => (*cmp, t),
        _ => {
            if !matches!(ctx.actual, Reading::Empty) {
                findings.push(
                    named(Msg::MissingTarget, Severity::Warning, "target")
                        .with("rule", rule_zh(rule.kind()))
                        .with("ruleEn", rule.kind().as_str()),
                );
            }
            return Computed::Unusable;
        }
    };
    let a: &Quantity = match ctx.actual {
        Reading::Quantity(Some(_), _) => {
            findings.push(
                named(Msg::ActualRestatesTarget, Severity::Warning, "actual").with("actual", ctx.actual_text.trim()),
            );
            return scored(
                w,
                Msg::ExplainRestated,
                slots([("actual", ctx.actual_text.trim().into())]),
            );
        }
        Reading::Quantity(None, a) => a,
        _ => return not_a_quantity(ctx, findings, named),
    };
    if !a.unit.compatible(&t.unit) {
        findings.push(
            named(Msg::UnitMismatch, Severity::Warning, "actual")
                .with("targetUnit", clip(unit_label(&t.unit)))
                .with("actualUnit", clip(unit_label(&a.unit))),
        );
    }
    let av = a.value_in(&t.unit).unwrap_or(a.value);
    let tv = t.value;
    let values = || {
        slots([
            ("actual", a.display().into()),
            ("target", ctx.target_text.trim().into()),
        ])
    };
    // w × num ÷ den, exact where it fits; num < den at every use, so the result is below w
    let share = |num: Decimal, den: Decimal| mul_div(w, num, den).unwrap_or(Decimal::ZERO);
    match rule {
        ResolvedRule::Proportional => {
            if tv <= Decimal::ZERO {
                scored(w, Msg::ExplainZeroTarget, values())
            } else if av >= tv {
                scored(w, Msg::ExplainProportionalFull, values())
            } else {
                scored(share(av.max(Decimal::ZERO), tv), Msg::ExplainProportional, values())
            }
        }
        ResolvedRule::Inverse => {
            if av <= tv {
                scored(w, Msg::ExplainInverseFull, values())
            } else {
                scored(share(tv.max(Decimal::ZERO), av), Msg::ExplainInverse, values())
            }
        }
        ResolvedRule::Equal { zero_otherwise } => {
            if av == tv {
                scored(w, Msg::ExplainEqualFull, values())
            } else if *zero_otherwise || av <= Decimal::ZERO || tv <= Decimal::ZERO {
                scored(Decimal::ZERO, Msg::ExplainEqualZero, values())
            } else {
                let (low, high) = (av.min(tv), av.max(tv));
                let r = div(low, high).unwrap_or(Decimal::ZERO);
                let mut v = values();
                v.push(("ratio", plain(round_dp(r, 4)).into()));
                scored(share(low, high), Msg::ExplainEqualCloseness, v)
            }
        }
        ResolvedRule::PerPoint { per, deduct } => {
            let gap = if cmp == Some(Comparator::AtMost) {
                sub(av, tv)
            } else {
                sub(tv, av)
            };
            if gap <= Decimal::ZERO {
                scored(w, Msg::ExplainPerPointFull, values())
            } else {
                // beyond Decimal's range the deduction is certainly more than the weight
                let deducted = mul_div(*deduct, gap, *per).unwrap_or(Decimal::MAX);
                let mut v = values();
                v.push(("gap", plain(gap).into()));
                v.push(("per", plain(*per).into()));
                v.push(("deduct", plain(*deduct).into()));
                v.push(("deducted", plain(round_dp(deducted, 4)).into()));
                scored(sub(w, deducted).max(Decimal::ZERO), Msg::ExplainPerPoint, v)
            }
        }
        _ => Computed::Unusable,
    }
}

fn budget_execution<'a>(
    full_from: Option<Decimal>,
    ctx: &Ctx<'a>,
    findings: &mut Vec<Finding>,
    named: &dyn Fn(Msg, Severity, &str) -> Finding,
) -> Computed<'a> {
    let stated = match ctx.actual {
        Reading::Empty => None,
        _ => match number::parse_rate(ctx.actual_text) {
            Ok(v) => v,
            Err(_) => {
                findings.push(
                    named(Msg::UnreadableActual, Severity::Warning, "actual").with("text", clip(ctx.actual_text)),
                );
                None
            }
        },
    };
    if let (Some(rate), Some((value, dp))) = (ctx.budget_rate, stated) {
        let dp = dp.min(26);
        if round_dp(rate, dp) != value {
            findings.push(
                named(Msg::BudgetRateMismatch, Severity::Error, "actual")
                    .with("actual", ctx.actual_text.trim())
                    .with("rate", fixed(rate, dp.max(SHOWN_DP)) + "%"),
            );
        }
    }
    let Some(rate) = ctx.budget_rate.or(stated.map(|(v, _)| v)) else {
        return Computed::Missing;
    };
    let shown = slots([("rate", percent_text(rate).into())]);
    match full_from {
        Some(full) if rate >= full => {
            let mut v = shown;
            v.push(("fullFrom", (plain(full) + "%").into()));
            scored(ctx.w, Msg::ExplainBudgetFull, v)
        }
        _ => {
            let fraction = clamp(
                div(rate, Decimal::ONE_HUNDRED).unwrap_or(Decimal::ZERO),
                Decimal::ZERO,
                Decimal::ONE,
            );
            scored(mul(ctx.w, fraction).unwrap_or(ctx.w), Msg::ExplainBudget, shown)
        }
    }
}

/// The claimed leaf score against the rule's: warnings naming the row, with the rule's score.
fn compare_claim(
    claimed: Decimal,
    computed: Decimal,
    kind: RuleKind,
    ctx: &Ctx<'_>,
    named: &dyn Fn(Msg, Severity, &str) -> Finding,
    findings: &mut Vec<Finding>,
) {
    let w = ctx.w;
    if claimed == computed || claimed < Decimal::ZERO || claimed > w {
        return;
    }
    let missed = computed < w;
    // a rule that scores against the target (a level below the target's is one missed): the
    // budget's rate, bands and deductions do not, and a target typed beside them was not missed
    // because the rule gives less
    let by_target = !matches!(kind, RuleKind::BudgetExecution | RuleKind::Bands | RuleKind::Deductions);
    let has_target = by_target && !ctx.target_text.trim().is_empty();
    let msg = if missed && claimed == w && has_target {
        Msg::FullScoreForMissedTarget
    } else if claimed.fract().is_zero() && round_dp(computed, 0) == claimed {
        Msg::ScoreRounded
    } else {
        Msg::ScoreDiffers
    };
    let mut f = named(msg, Severity::Warning, "score")
        .with("claimed", fixed2(claimed))
        .with("computed", fixed2(computed));
    if msg == Msg::FullScoreForMissedTarget {
        f = f
            .with("target", ctx.target_text.trim())
            .with("actual", ctx.actual_text.trim());
    }
    findings.push(f);
}

/// A bare number has no unit to quote; say so visibly instead of quoting nothing.
fn unit_label(unit: &Unit) -> &str {
    match unit {
        Unit::None => "—",
        other => other.label(),
    }
}

fn rule_zh(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::Proportional => "正向指标",
        RuleKind::Inverse => "反向指标",
        RuleKind::Equal => "等值指标",
        RuleKind::PerPoint => "按差距扣分",
        RuleKind::Bands => "分档计分",
        RuleKind::Levels => "定性分级",
        RuleKind::Boolean => "是否完成",
        RuleKind::Deductions => "扣分制",
        RuleKind::BudgetExecution => "预算执行率",
        RuleKind::Manual => "人工评分",
    }
}

#[cfg(test)]
mod tests {
    use super::names_budget_rate;

    #[test]
    fn a_budget_rates_name_is_the_name_alone_or_before_a_bracket() {
        for name in [
            "预算执行率",
            " 部门预算执行率（%）",
            "整体预算执行率 (%)",
            "预算执行率\u{3000}",
            "部门预算执行率 （百分比）",
        ] {
            assert!(names_budget_rate(name), "{name:?}");
        }
        for name in [
            "项目预算执行率",
            "预算执行率X",
            "预算执行率达标（%）",
            "部门预算执行率X（%）",
            "预算执行",
            "（预算执行率）",
            "",
        ] {
            assert!(!names_budget_rate(name), "{name:?}");
        }
    }
}
