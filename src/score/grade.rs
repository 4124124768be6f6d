//! 评价等级 from the two-decimal total.

use rust_decimal::Decimal;

use crate::model::{canonical_grade, GradeBand};

/// The first band whose minimum the total reaches; the last band catches the rest.
pub fn grade(total: Decimal, bands: &[GradeBand]) -> Option<&GradeBand> {
    bands.iter().find(|b| b.min.is_none_or(|min| total >= min))
}

/// The band a grade word names, in Chinese or English, or as units also write it (优秀 for 优).
pub fn find<'a>(word: &str, bands: &'a [GradeBand]) -> Option<&'a GradeBand> {
    let w = word.trim();
    let named = |w: &str| {
        bands
            .iter()
            .find(|b| b.grade == w || b.grade_en.eq_ignore_ascii_case(w))
    };
    named(w).or_else(|| named(canonical_grade(w)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::default_grades;
    use std::str::FromStr;

    #[test]
    fn default_bands() {
        let bands = default_grades();
        let g = |s: &str| grade(Decimal::from_str(s).unwrap_or_default(), &bands).map(|b| b.grade.clone());
        assert_eq!(g("100").as_deref(), Some("优"));
        assert_eq!(g("90.00").as_deref(), Some("优"));
        assert_eq!(g("89.99").as_deref(), Some("良"));
        assert_eq!(g("80").as_deref(), Some("良"));
        assert_eq!(g("79.99").as_deref(), Some("中"));
        assert_eq!(g("60").as_deref(), Some("中"));
        assert_eq!(g("59.99").as_deref(), Some("差"));
        assert_eq!(g("0").as_deref(), Some("差"));
    }
}
