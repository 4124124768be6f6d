//! What a numeric cell shows: its stored binary float written under its number format, the way
//! Excel and WPS display it. A reviewer reads 96.10% and 9,022.41 on screen, so that is the text the
//! form reader gets, never 0.9610000000000001. The float is turned into a decimal once, from its
//! shortest round-trip digits, and every rounding after that is the engine's own (四舍五入).

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::decimal::{fixed, round_dp};

/// Significant digits Excel keeps of a stored number (what "General" can show at most).
const EXCEL_DIGITS: u32 = 15;

/// The text a cell holding `value` shows under `format` (an Excel number format code such as
/// `General`, `0.00`, `#,##0.00`, `0.0%`, `0.00"万元"`). Formats this does not understand (dates
/// are read before this, as dates) show the number as `General` does.
pub fn shown(value: f64, format: &str) -> String {
    let Some(number) = exact(value) else {
        // beyond what a decimal holds (or not a number): as Rust writes it, which the reader refuses
        return value.to_string();
    };
    let Some(section) = Section::parse(format, number.is_sign_negative()) else {
        return general(number);
    };
    let mut x = if section.signless { number.abs() } else { number };
    for _ in 0..section.percent {
        x *= Decimal::ONE_HUNDRED;
    }
    for _ in 0..section.thousands_scale {
        x /= Decimal::ONE_THOUSAND;
    }
    let rounded = round_dp(x, section.decimals);
    let mut digits = fixed(rounded, section.decimals);
    if section.optional_decimals > 0 {
        // `#` places: trailing zeros are not shown, down to the `0` places
        let keep = section.decimals - section.optional_decimals;
        while digits.contains('.') && digits.ends_with('0') && decimals_of(&digits) > keep {
            digits.pop();
        }
        if digits.ends_with('.') {
            digits.pop();
        }
    }
    if section.grouping {
        digits = grouped(&digits);
    }
    if rounded.is_zero() {
        // -0.001 under 0.00 shows 0.00
        digits = digits.trim_start_matches('-').to_string();
    }
    format!("{}{digits}{}", section.prefix, section.suffix)
}

fn decimals_of(digits: &str) -> u32 {
    digits.split_once('.').map_or(0, |(_, f)| f.len() as u32)
}

/// The float's shortest round-trip digits as a decimal, cut to the 15 digits Excel keeps.
fn exact(value: f64) -> Option<Decimal> {
    if !value.is_finite() || value.abs() >= 1e28 {
        return None;
    }
    let digits = format!("{value}");
    let d = Decimal::from_str(&digits)
        .or_else(|_| Decimal::from_scientific(&format!("{value:e}")))
        .ok()?;
    Some(significant(d, EXCEL_DIGITS).normalize())
}

/// `d` rounded to `digits` significant digits.
fn significant(d: Decimal, digits: u32) -> Decimal {
    if d.is_zero() {
        return d;
    }
    let integer_digits = {
        let int = d.abs().trunc();
        if int.is_zero() {
            0
        } else {
            int.to_string().len() as u32
        }
    };
    if integer_digits > digits {
        let scale = Decimal::from_i128_with_scale(10_i128.pow(integer_digits - digits), 0);
        return round_dp(d / scale, 0) * scale;
    }
    if integer_digits > 0 {
        return round_dp(d, digits - integer_digits);
    }
    // below 1: the zeros after the point do not count
    let text = d.abs().to_string();
    let zeros = text.trim_start_matches("0.").chars().take_while(|&c| c == '0').count() as u32;
    round_dp(d, (zeros + digits).min(28))
}

/// "General": up to 15 significant digits, no trailing zeros, no grouping.
fn general(d: Decimal) -> String {
    let s = d.normalize().to_string();
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// `1234567.5` → `1,234,567.5`.
fn grouped(digits: &str) -> String {
    let (sign, rest) = digits.strip_prefix('-').map_or(("", digits), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(digits.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// The part of a format code that applies, read into what changes the digits.
#[derive(Debug, Default)]
struct Section {
    prefix: String,
    suffix: String,
    decimals: u32,
    /// of `decimals`, the `#` and `?` places
    optional_decimals: u32,
    grouping: bool,
    percent: u32,
    thousands_scale: u32,
    /// the section for negative numbers writes its own sign (or none)
    signless: bool,
}

impl Section {
    /// `None` for General, text (`@`) and anything without a digit placeholder.
    fn parse(format: &str, negative: bool) -> Option<Section> {
        let sections = split_sections(format);
        let (code, signless) = match (negative, sections.get(1)) {
            (true, Some(second)) => (*second, true),
            _ => (*sections.first()?, false),
        };
        let mut s = Section {
            signless,
            ..Section::default()
        };
        let mut seen_digit = false;
        let mut after_point = false;
        let mut pending_commas = 0;
        let mut chars = code.chars().peekable();
        while let Some(c) = chars.next() {
            let literal = match c {
                '"' => {
                    let mut text = String::new();
                    for q in chars.by_ref() {
                        if q == '"' {
                            break;
                        }
                        text.push(q);
                    }
                    Some(text)
                }
                '\\' => chars.next().map(String::from),
                '[' => {
                    // colours, conditions, locales: [Red], [>=100], [$¥-804]; a currency symbol
                    // in a locale tag is shown
                    let mut tag = String::new();
                    for q in chars.by_ref() {
                        if q == ']' {
                            break;
                        }
                        tag.push(q);
                    }
                    tag.strip_prefix('$')
                        .map(|t| t.split('-').next().unwrap_or("").to_string())
                }
                '_' => {
                    chars.next();
                    None
                }
                '*' => {
                    chars.next();
                    None
                }
                '0' | '#' | '?' => {
                    if pending_commas > 0 && !after_point {
                        s.grouping = true;
                        pending_commas = 0;
                    }
                    seen_digit = true;
                    if after_point {
                        s.decimals += 1;
                        if c != '0' {
                            s.optional_decimals += 1;
                        }
                    }
                    None
                }
                '.' if !after_point => {
                    after_point = true;
                    None
                }
                ',' if seen_digit => {
                    pending_commas += 1;
                    None
                }
                '%' => {
                    s.percent += 1;
                    Some("%".to_string())
                }
                'E' | 'e' if seen_digit => return None,
                '@' => return None,
                other => Some(other.to_string()),
            };
            if let Some(text) = literal {
                if seen_digit {
                    s.suffix.push_str(&text);
                } else {
                    s.prefix.push_str(&text);
                }
            }
        }
        // commas after the last placeholder divide by a thousand each
        s.thousands_scale = pending_commas;
        let general = code.trim().eq_ignore_ascii_case("general") || code.contains("General");
        (seen_digit && !general).then_some(s)
    }
}

/// The `;`-separated sections of a format code, quotes and escapes respected.
fn split_sections(format: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in format.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(format.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(format.get(start..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn what_excel_shows() {
        assert_eq!(shown(0.961, "0.00%"), "96.10%");
        assert_eq!(shown(0.961, "0.0%"), "96.1%");
        assert_eq!(shown(0.9586, "0%"), "96%");
        assert_eq!(shown(9022.41, "#,##0.00"), "9,022.41");
        assert_eq!(shown(3042.3, "#,##0.0"), "3,042.3");
        assert_eq!(shown(1_158_600.0, "#,##0.00"), "1,158,600.00");
        assert_eq!(shown(0.1 + 0.2, "General"), "0.3");
        assert_eq!(shown(96.61, "General"), "96.61");
        assert_eq!(shown(2024.0, "General"), "2024");
        assert_eq!(shown(2024.0, "0"), "2024");
        assert_eq!(shown(4.795, "0.00"), "4.80");
        assert_eq!(shown(-4.795, "0.00"), "-4.80");
        assert_eq!(shown(2.5, "0"), "3");
        assert_eq!(shown(12680.0, "#,##0\"人次\""), "12,680人次");
        assert_eq!(shown(-5.0, "0.00;(0.00)"), "(5.00)");
        assert_eq!(shown(-0.001, "0.00"), "0.00");
        assert_eq!(shown(95.5, "0.##"), "95.5");
        assert_eq!(shown(95.0, "0.##"), "95");
        assert_eq!(shown(1234567.0, "#,##0,"), "1,235");
        assert_eq!(shown(88.0, "[Red]0.0"), "88.0");
        assert_eq!(shown(1.5, "[$¥-804]#,##0.00"), "¥1.50");
        assert_eq!(shown(0.5, "@"), "0.5");
        assert_eq!(shown(f64::NAN, "0.00"), "NaN");
        assert!(shown(1e300, "0.00").starts_with("1000000000"));
        assert_eq!(shown(123456789012345678.0, "General"), "123456789012346000");
        assert_eq!(shown(0.000001234, "General"), "0.000001234");
    }
}
