//! The header and the unit's own claims: the year, the claimed total against the rows' claims,
//! the claimed grade against the claimed total.

use rust_decimal::Decimal;

use crate::decimal::{self, fixed2};
use crate::finding::{clip, Finding, Severity};
use crate::messages::Msg;
use crate::model::GradeBand;
use crate::read::form::Form;
use crate::read::number;
use crate::score::grade;

/// A year as typed, as any other value: full-width digits read as their ASCII twins, and the
/// trailing 年 or 年度 and spaces aside (`２０２４年` and `2024年度` → `2024`).
pub fn year_text(year: &str) -> String {
    let text = number::normalize(year);
    let text = text.trim();
    text.strip_suffix("年度")
        .unwrap_or(text)
        .trim_end_matches('年')
        .trim_end()
        .to_string()
}

pub fn check_unit(form: &Form) -> Vec<Finding> {
    let Some(year) = &form.unit.year else {
        return Vec::new();
    };
    let text = year_text(year.as_str());
    let valid = text.len() == 4 && text.parse::<u32>().is_ok_and(|y| (1949..=2200).contains(&y));
    if valid || text.is_empty() {
        Vec::new()
    } else {
        vec![Finding::new(Msg::YearUnreadable, Severity::Warning, "unit.year").with("text", clip(year.as_str()))]
    }
}

/// The claimed total against the leaf scores, and the claimed grade against the claimed total.
pub fn check_claims(form: &Form, bands: &[GradeBand], claimed_sum: Decimal, has_leaves: bool) -> Vec<Finding> {
    let mut findings = Vec::new();
    let claimed_total = match &form.claimed.score {
        None => None,
        Some(text) => match number::parse_points(text.as_str()) {
            Ok(v) => v,
            Err(e) => {
                findings.push(e.finding(text.as_str(), "claimed.score", Severity::Error));
                None
            }
        },
    };
    if let Some(claimed) = claimed_total {
        // compared as they are shown: 99.995 claimed over claims adding up to 100.00 is 100.00
        let shown = |x| decimal::round_dp(x, decimal::SHOWN_DP);
        if has_leaves && shown(claimed) != shown(claimed_sum) {
            findings.push(
                Finding::new(Msg::ClaimedTotalMismatch, Severity::Error, "claimed.score")
                    .with("claimed", fixed2(claimed))
                    .with("sum", fixed2(claimed_sum)),
            );
        }
    }
    let Some(word) = form.claimed.grade.as_deref().map(str::trim).filter(|w| !w.is_empty()) else {
        return findings;
    };
    if grade::find(word, bands).is_none() {
        let names: Vec<&str> = bands.iter().map(|b| b.grade.as_str()).collect();
        findings.push(
            Finding::new(Msg::UnknownGrade, Severity::Error, "claimed.grade")
                .with("claimed", clip(word))
                .with("grades", names.join("/")),
        );
        return findings;
    }
    let basis = claimed_total.unwrap_or(claimed_sum);
    if let (Some(expected), Some(claimed)) = (
        grade::grade(decimal::round_dp(basis, decimal::SHOWN_DP), bands),
        grade::find(word, bands),
    ) {
        if expected.grade != claimed.grade {
            findings.push(
                Finding::new(Msg::ClaimedGradeMismatch, Severity::Error, "claimed.grade")
                    .with("score", fixed2(basis))
                    .with("expected", expected.grade.as_str())
                    .with("expectedEn", expected.grade_en.as_str())
                    .with("claimed", word),
            );
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year_findings(year: &str) -> usize {
        let json = format!(r#"{{"version":1,"unit":{{"year":"{year}"}}}}"#);
        crate::read::parse_form(&json).map_or(usize::MAX, |form| check_unit(&form).len())
    }

    #[test]
    fn a_year_in_full_width_digits_reads_as_typed_in_ascii() {
        for year in ["2024", "2024年", "２０２４", "２０２４年", " ２０２４ ", "2024　"] {
            assert_eq!(year_findings(year), 0, "{year}");
        }
        for year in ["二〇二四", "２０２", "１９４８", "2024-25"] {
            assert_eq!(year_findings(year), 1, "{year}");
        }
    }
}
