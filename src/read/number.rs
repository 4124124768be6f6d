//! Reading numbers the way people type them into a 自评表 (domain.md §6).
//!
//! `9,022.41`, `9022.41万元`, `９０２２．４１`, `1.35亿元`, `96.1%`, `≥90%`, `95%以上`. What cannot be
//! read unambiguously is refused with a reason; nothing is guessed.

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::decimal;
use crate::finding::{clip, Finding, Severity};
use crate::messages::Msg;

/// Decimal's mantissa holds 96 bits: at most 28 digits are always representable.
const MAX_DIGITS: usize = 28;

#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, schemars::JsonSchema)]
pub enum MoneyUnit {
    #[serde(rename = "元")]
    Yuan,
    #[default]
    #[serde(rename = "万元")]
    WanYuan,
    #[serde(rename = "亿元")]
    YiYuan,
}

impl MoneyUnit {
    /// The units a form may name, by their label.
    pub const LABELS: [(&'static str, MoneyUnit); 3] = [
        ("元", MoneyUnit::Yuan),
        ("万元", MoneyUnit::WanYuan),
        ("亿元", MoneyUnit::YiYuan),
    ];

    pub fn from_label(label: &str) -> Option<MoneyUnit> {
        Self::LABELS.iter().find(|(l, _)| *l == label).map(|(_, u)| *u)
    }

    /// How many 元 one of this unit is.
    pub fn in_yuan(self) -> Decimal {
        match self {
            MoneyUnit::Yuan => Decimal::ONE,
            MoneyUnit::WanYuan => Decimal::from(10_000u32),
            MoneyUnit::YiYuan => Decimal::from(100_000_000u32),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::WanYuan => "万元",
            MoneyUnit::YiYuan => "亿元",
        }
    }

    /// Exact conversion; `None` only when the result does not fit a Decimal.
    pub fn convert(self, value: Decimal, to: MoneyUnit) -> Option<Decimal> {
        if self == to {
            return Some(value);
        }
        decimal::div(decimal::mul(value, self.in_yuan())?, to.in_yuan())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A bare number.
    None,
    Percent,
    Money(MoneyUnit),
    /// Any other unit people write after a count: 件, 人次, 个, 天, 分 …
    Other(String),
}

impl Unit {
    pub fn label(&self) -> &str {
        match self {
            Unit::None => "",
            Unit::Percent => "%",
            Unit::Money(m) => m.label(),
            Unit::Other(s) => s,
        }
    }

    /// Two units measure the same thing (money units convert into each other).
    pub fn compatible(&self, other: &Unit) -> bool {
        match (self, other) {
            (Unit::Money(_), Unit::Money(_)) => true,
            (a, b) => a == b,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    AtLeast,
    AtMost,
    Equal,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::AtLeast => "≥",
            Comparator::AtMost => "≤",
            Comparator::Equal => "=",
        }
    }
}

/// A number with the unit it was typed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quantity {
    pub value: Decimal,
    pub unit: Unit,
    /// Decimal places as typed (`96.10%` → 2), which is the precision a stated rate is checked at.
    pub decimals: u32,
}

impl Quantity {
    /// The value expressed in `other`'s unit when the two are money, else the value as typed.
    pub fn value_in(&self, other: &Unit) -> Option<Decimal> {
        match (&self.unit, other) {
            (Unit::Money(from), Unit::Money(to)) => from.convert(self.value, *to),
            _ => Some(self.value),
        }
    }

    pub fn display(&self) -> String {
        decimal::plain(self.value) + self.unit.label()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all.
    Unreadable,
    /// `8 670,53`, `8670,53`: a comma or space that could be a decimal mark.
    Ambiguous,
    /// More digits than an exact decimal can hold (`1e40`, forty digits).
    TooLarge,
    /// More significant digits than an exact decimal can hold after the point.
    TooPrecise,
    /// A number with a unit that does not belong in this field (`96%` as an amount).
    WrongUnit(String),
}

impl NumberError {
    /// Stable name of the reason, used as a message value.
    pub fn reason(&self) -> &'static str {
        match self {
            NumberError::Unreadable => "unreadable",
            NumberError::Ambiguous => "ambiguous",
            NumberError::TooLarge => "tooLarge",
            NumberError::TooPrecise => "tooPrecise",
            NumberError::WrongUnit(_) => "wrongUnit",
        }
    }
}

impl NumberError {
    /// A cell that does not read as a number, as a finding that says why.
    pub fn finding(&self, text: &str, path: impl Into<String>, severity: Severity) -> Finding {
        let msg = match self {
            NumberError::Unreadable => Msg::UnreadableNumber,
            NumberError::Ambiguous => Msg::AmbiguousNumber,
            NumberError::TooLarge => Msg::NumberTooLarge,
            NumberError::TooPrecise => Msg::NumberTooPrecise,
            NumberError::WrongUnit(_) => Msg::WrongUnit,
        };
        let f = Finding::new(msg, severity, path).with("text", clip(text));
        match self {
            NumberError::WrongUnit(unit) => f.with("unit", clip(unit)),
            _ => f,
        }
    }
}

/// What a cell holds once read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reading {
    /// Empty, `—`, `-`, `/`: not filled.
    Empty,
    Quantity(Option<Comparator>, Quantity),
    /// Words such as `按时完成`, `优`, `是`.
    Words(String),
}

/// Maps full-width forms and look-alikes to ASCII so one grammar reads them all, and trims.
pub fn normalize(text: &str) -> Cow<'_, str> {
    let needs_mapping = |c: char| {
        matches!(
            c,
            '\u{FF01}'
                ..='\u{FF5E}'
                    | '\u{3000}'
                    | '\u{00A0}'
                    | '\u{2009}'
                    | '\u{202F}'
                    | '\u{2212}'
                    | '\u{2010}'
                    | '\u{2011}'
                    | '\u{3002}'
        )
    };
    // every character mapped here is outside ASCII, which most cells are
    if text.is_ascii() || !text.chars().any(needs_mapping) {
        return Cow::Borrowed(text.trim());
    }
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\u{00A0}' | '\u{2009}' | '\u{202F}' => ' ',
            '\u{2212}' | '\u{2010}' | '\u{2011}' => '-',
            '\u{3002}' => '.',
            _ => c,
        })
        .collect();
    Cow::Owned(mapped.trim().to_string())
}

fn is_blank(s: &str) -> bool {
    s.is_empty()
        || s.chars().all(|c| matches!(c, '-' | '—' | '–' | '/' | '\\'))
        || s == "无数据"
        || s.eq_ignore_ascii_case("n/a")
}

/// Longest first, so `≥=` wins over `≥` and `大于等于` over `大于`.
const COMPARATORS: &[(&str, Comparator)] = &[
    ("大于或等于", Comparator::AtLeast),
    ("小于或等于", Comparator::AtMost),
    ("大于等于", Comparator::AtLeast),
    ("小于等于", Comparator::AtMost),
    ("不低于", Comparator::AtLeast),
    ("不少于", Comparator::AtLeast),
    ("不小于", Comparator::AtLeast),
    ("不高于", Comparator::AtMost),
    ("不超过", Comparator::AtMost),
    ("不多于", Comparator::AtMost),
    ("不大于", Comparator::AtMost),
    ("至少", Comparator::AtLeast),
    ("最多", Comparator::AtMost),
    ("大于", Comparator::AtLeast),
    ("高于", Comparator::AtLeast),
    ("超过", Comparator::AtLeast),
    ("小于", Comparator::AtMost),
    ("低于", Comparator::AtMost),
    ("达到", Comparator::Equal),
    ("等于", Comparator::Equal),
    ("≥=", Comparator::AtLeast),
    (">=", Comparator::AtLeast),
    ("=>", Comparator::AtLeast),
    ("<=", Comparator::AtMost),
    ("=<", Comparator::AtMost),
    ("==", Comparator::Equal),
    ("≥", Comparator::AtLeast),
    ("≧", Comparator::AtLeast),
    ("⩾", Comparator::AtLeast),
    (">", Comparator::AtLeast),
    ("≤", Comparator::AtMost),
    ("≦", Comparator::AtMost),
    ("⩽", Comparator::AtMost),
    ("<", Comparator::AtMost),
    ("=", Comparator::Equal),
    ("═", Comparator::Equal),
];

const SUFFIX_COMPARATORS: &[(&str, Comparator)] = &[
    ("及以上", Comparator::AtLeast),
    ("以上", Comparator::AtLeast),
    ("及以下", Comparator::AtMost),
    ("以下", Comparator::AtMost),
    ("以内", Comparator::AtMost),
];

fn split_comparator(s: &str) -> (Option<Comparator>, &str) {
    // most cells start with a digit: no comparator to look for
    let Some(&first) = s.as_bytes().first().filter(|b| !b.is_ascii_digit()) else {
        return (None, s);
    };
    // a word whose first byte differs is not compared at all: a comparison is a call to memcmp
    for (word, cmp) in COMPARATORS
        .iter()
        .filter(|(word, _)| word.as_bytes().first() == Some(&first))
    {
        if let Some(rest) = s.strip_prefix(word) {
            return (Some(*cmp), rest.trim_start());
        }
    }
    (None, s)
}

fn split_suffix_comparator(s: &str) -> (Option<Comparator>, &str) {
    let last = s.as_bytes().last();
    for (word, cmp) in SUFFIX_COMPARATORS
        .iter()
        .filter(|(word, _)| word.as_bytes().last() == last)
    {
        if let Some(rest) = s.strip_suffix(word) {
            return (Some(*cmp), rest.trim_end());
        }
    }
    (None, s)
}

fn unit_of(suffix: &str) -> Unit {
    match suffix {
        "" => Unit::None,
        "%" => Unit::Percent,
        "元" => Unit::Money(MoneyUnit::Yuan),
        "万元" | "万" => Unit::Money(MoneyUnit::WanYuan),
        "亿元" | "亿" => Unit::Money(MoneyUnit::YiYuan),
        other => Unit::Other(other.to_string()),
    }
}

/// Splits `9,022.41万元` into the numeric part and the rest.
fn split_number(s: &str) -> (&str, &str) {
    let mut end = 0;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b' ');
        let sign_ok = (b == b'+' || b == b'-') && (i == 0 || matches!(bytes.get(i - 1), Some(b'e' | b'E')));
        let exp_ok = (b == b'e' || b == b'E') && i > 0 && matches!(bytes.get(i + 1), Some(b'0'..=b'9' | b'+' | b'-'));
        if b.is_ascii_digit() || b == b'.' || b == b',' || b == b' ' || sign_ok || exp_ok {
            i += 1;
            if b != b' ' {
                end = i;
            }
        } else {
            break;
        }
    }
    // `end` is a byte index just past an ASCII char, so it is a char boundary.
    (s.get(..end).unwrap_or(""), s.get(end..).unwrap_or("").trim())
}

/// `93`, `93.00`, `9,022.41`: ASCII digits, with at most one point and a digit on both sides of
/// it, the whole part in thousands groups or none, 19 digits at most (so they fit a `u64`). Most
/// numbers in a form are written so, and the budget table's amounts in groups; read in one pass,
/// they give the value and decimals [`parse_decimal`]'s general grammar gives them (a property
/// test holds the two together), at a fraction of its cost.
fn plain_decimal(s: &[u8]) -> Option<(Decimal, u32)> {
    if s.is_empty() || s.len() > 19 + 6 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut digits = 0;
    let mut point = None;
    let mut last_comma: Option<usize> = None;
    for (i, &b) in s.iter().enumerate() {
        match b {
            // past 19 digits the value may wrap: such a number is left to the grammar (below)
            b'0'..=b'9' => {
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
                digits += 1;
            }
            b'.' if point.is_none() && i > 0 && i + 1 < s.len() => point = Some(i),
            // a thousands comma follows the 1 to 3 digits of the first group, or a group of three
            b',' if point.is_none() && last_comma.map_or((1..=3).contains(&i), |c| i - c == 4) => last_comma = Some(i),
            _ => return None,
        }
    }
    // the last group is three digits too, up to the point or the end
    let groups_end = last_comma.is_none_or(|c| point.unwrap_or(s.len()) - c == 4);
    if digits > 19 || !groups_end {
        return None;
    }
    let decimals = u32::try_from(point.map_or(0, |p| s.len() - p - 1)).ok()?;
    let value = Decimal::try_from_i128_with_scale(i128::from(mantissa), decimals).ok()?;
    Some((value, decimals))
}

/// Reads a plain decimal: optional sign, digits with optional `,` thousands groups, optional
/// fraction, optional exponent. Returns the value and the decimals as typed.
pub fn parse_decimal(s: &str) -> Result<(Decimal, u32), NumberError> {
    plain_decimal(s.as_bytes()).map_or_else(|| parse_decimal_grammar(s), Ok)
}

/// [`parse_decimal`] by the whole grammar.
fn parse_decimal_grammar(s: &str) -> Result<(Decimal, u32), NumberError> {
    let s = s.trim();
    // byte tests, not `str::contains` and `find`: every separator here is ASCII, and their
    // per-call setup cost more than the short text they search
    if s.bytes().any(|b| b == b' ') {
        return Err(NumberError::Ambiguous);
    }
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..).unwrap_or("")),
        Some(b'+') => (false, s.get(1..).unwrap_or("")),
        _ => (false, s),
    };
    let (mantissa, exponent) = match body.bytes().position(|b| b == b'e' || b == b'E') {
        Some(at) => {
            let exp_text = body.get(at + 1..).unwrap_or("");
            let exp: i64 = exp_text.parse().map_err(|_| NumberError::Unreadable)?;
            (body.get(..at).unwrap_or(""), exp)
        }
        None => (body, 0),
    };
    let (int_part, frac_part) = match mantissa.bytes().position(|b| b == b'.') {
        Some(at) => (mantissa.get(..at).unwrap_or(""), mantissa.get(at + 1..)),
        None => (mantissa, None),
    };
    if let Some(f) = frac_part {
        // `1.234,56` and `1.234.567` may be European groupings; `1.2.3` is simply not a number
        let european_groups = f.bytes().any(|b| b == b'.') && f.split('.').all(|g| g.len() == 3);
        if f.bytes().any(|b| b == b',') || european_groups {
            return Err(NumberError::Ambiguous);
        }
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NumberError::Unreadable);
        }
    }
    check_grouping(int_part)?;
    let frac_digits = frac_part.unwrap_or("");
    if int_part.is_empty() && frac_digits.is_empty() {
        return Err(NumberError::Unreadable);
    }
    // an exponent this large cannot give a representable value either way
    if exponent.abs() > 1000 {
        return Err(if exponent > 0 {
            NumberError::TooLarge
        } else {
            NumberError::TooPrecise
        });
    }
    let typed_decimals = i64::try_from(frac_digits.len()).map_err(|_| NumberError::TooPrecise)?;

    // Accumulate the digits straight into the mantissa: no string is built for a number.
    let mut mantissa: i128 = 0;
    let mut significant: i64 = 0;
    for b in int_part.bytes().filter(|b| *b != b',').chain(frac_digits.bytes()) {
        let digit = i128::from(b.wrapping_sub(b'0'));
        if significant == 0 && digit == 0 {
            continue;
        }
        significant += 1;
        if significant <= MAX_DIGITS as i64 {
            mantissa = mantissa * 10 + digit;
        }
    }
    // scale = digits after the point, once the exponent has moved it
    let mut scale = typed_decimals - exponent;
    if significant > MAX_DIGITS as i64 {
        return Err(if significant - scale.max(0) > MAX_DIGITS as i64 {
            NumberError::TooLarge
        } else {
            NumberError::TooPrecise
        });
    }
    if scale < 0 {
        if significant > 0 && significant - scale > MAX_DIGITS as i64 {
            return Err(NumberError::TooLarge);
        }
        for _ in 0..(-scale) {
            mantissa = mantissa.checked_mul(10).ok_or(NumberError::TooLarge)?;
        }
        scale = 0;
    }
    if scale > MAX_DIGITS as i64 {
        return Err(NumberError::TooPrecise);
    }
    let signed = if negative { -mantissa } else { mantissa };
    let scale32 = u32::try_from(scale).map_err(|_| NumberError::TooPrecise)?;
    let value = Decimal::try_from_i128_with_scale(signed, scale32).map_err(|_| NumberError::TooLarge)?;
    let shown_decimals = u32::try_from((typed_decimals - exponent).max(0)).unwrap_or(0);
    Ok((value, shown_decimals))
}

/// Refuses any comma that is not a thousands separator (`8670,53`, `1,23,456`).
fn check_grouping(int_part: &str) -> Result<(), NumberError> {
    if !int_part.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Err(NumberError::Unreadable);
    }
    if !int_part.bytes().any(|b| b == b',') {
        return Ok(());
    }
    let mut groups = int_part.split(',');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    if first_ok && groups.all(|g| g.len() == 3) {
        Ok(())
    } else {
        Err(NumberError::Ambiguous)
    }
}

/// Reads any cell of the indicator table: empty, a quantity (with comparator) or words.
pub fn read(text: &str) -> Result<Reading, NumberError> {
    read_plain(text).map_or_else(|| read_grammar(text), Ok)
}

/// `93`, `93.00%`, `≥90%`, `≤50万元`: the plain number most cells hold, with at most a
/// comparator sign right before it and `%` or a money unit right after it, and nothing else to
/// look for (no space, blank word, suffix comparator or other unit). `None` for anything else,
/// which the grammar reads.
fn read_plain(text: &str) -> Option<Reading> {
    let bytes = text.as_bytes();
    let (cmp, rest) = match bytes.first()? {
        b'0'..=b'9' => (None, bytes),
        // a sign the grammar reads as a longer one (`≥=`, `>=`, `==`) leaves a byte
        // `plain_decimal` refuses, so it falls to the grammar
        _ => PLAIN_COMPARATORS
            .iter()
            .find_map(|(sign, cmp)| bytes.strip_prefix(sign.as_bytes()).map(|rest| (Some(*cmp), rest)))?,
    };
    let (digits, unit) = match rest.last()? {
        b'%' => (rest.split_last()?.1, Unit::Percent),
        b'0'..=b'9' => (rest, Unit::None),
        _ => PLAIN_UNITS.iter().find_map(|(label, unit)| {
            rest.strip_suffix(label.as_bytes())
                .map(|digits| (digits, Unit::Money(*unit)))
        })?,
    };
    let (value, decimals) = plain_decimal(digits)?;
    Some(Reading::Quantity(cmp, Quantity { value, unit, decimals }))
}

/// The comparator signs typed right before a number, as [`COMPARATORS`] reads them.
const PLAIN_COMPARATORS: [(&str, Comparator); 5] = [
    ("≥", Comparator::AtLeast),
    ("≤", Comparator::AtMost),
    ("=", Comparator::Equal),
    (">", Comparator::AtLeast),
    ("<", Comparator::AtMost),
];

/// The money units typed right after a number, as `unit_of` reads them; a longer one first, so
/// `万元` is not taken for `元` after `万`.
const PLAIN_UNITS: [(&str, MoneyUnit); 5] = [
    ("万元", MoneyUnit::WanYuan),
    ("亿元", MoneyUnit::YiYuan),
    ("元", MoneyUnit::Yuan),
    ("万", MoneyUnit::WanYuan),
    ("亿", MoneyUnit::YiYuan),
];

/// [`read`] by the whole grammar.
fn read_grammar(text: &str) -> Result<Reading, NumberError> {
    let s = normalize(text);
    if is_blank(&s) {
        return Ok(Reading::Empty);
    }
    let (cmp, rest) = split_comparator(&s);
    let (suffix_cmp, rest) = split_suffix_comparator(rest);
    let cmp = cmp.or(suffix_cmp);
    let (number, suffix) = split_number(rest);
    if number.is_empty() {
        return Ok(Reading::Words(s.into_owned()));
    }
    if suffix.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '.') {
        return Err(NumberError::Unreadable);
    }
    // `12件/年` keeps its unit; `1.2.3`, `5-6` or a control character is not a number.
    if suffix.starts_with(['.', ',', '-', '+']) || suffix.chars().any(char::is_control) {
        return Err(NumberError::Unreadable);
    }
    let (value, decimals) = parse_decimal(number)?;
    Ok(Reading::Quantity(
        cmp,
        Quantity {
            value,
            unit: unit_of(suffix),
            decimals,
        },
    ))
}

/// Reads an amount of money and converts it exactly to `unit`. `Ok(None)` means not filled.
pub fn parse_amount(text: &str, unit: MoneyUnit) -> Result<Option<Amount>, NumberError> {
    match read(text)? {
        Reading::Empty => Ok(None),
        Reading::Words(_) => Err(NumberError::Unreadable),
        Reading::Quantity(Some(_), _) => Err(NumberError::Unreadable),
        Reading::Quantity(None, q) => {
            let typed = match q.unit {
                Unit::None => unit,
                Unit::Money(m) => m,
                other => return Err(NumberError::WrongUnit(other.label().to_string())),
            };
            let value = typed.convert(q.value, unit).ok_or(NumberError::TooLarge)?;
            // a conversion past Decimal's 28 places rounds; converting back says whether it did
            if unit.convert(value, typed) != Some(q.value) {
                return Err(NumberError::TooPrecise);
            }
            Ok(Some(Amount {
                value,
                typed_unit: typed,
                typed_decimals: q.decimals,
            }))
        }
    }
}

/// An amount converted to the form's money unit, remembering how it was typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    pub value: Decimal,
    pub typed_unit: MoneyUnit,
    pub typed_decimals: u32,
}

/// Reads a plain number such as a weight or a claimed score (`10`, `9.5分`). `Ok(None)`: not filled.
pub fn parse_points(text: &str) -> Result<Option<Decimal>, NumberError> {
    match read(text)? {
        Reading::Empty => Ok(None),
        Reading::Words(_) | Reading::Quantity(Some(_), _) => Err(NumberError::Unreadable),
        Reading::Quantity(None, q) => match &q.unit {
            Unit::None => Ok(Some(q.value)),
            Unit::Other(u) if u == "分" => Ok(Some(q.value)),
            other => Err(NumberError::WrongUnit(other.label().to_string())),
        },
    }
}

/// A rate as typed: `96.1%` or the fraction `0.961`. Returns the percentage and its decimals.
pub fn parse_rate(text: &str) -> Result<Option<(Decimal, u32)>, NumberError> {
    match read(text)? {
        Reading::Empty => Ok(None),
        Reading::Words(_) | Reading::Quantity(Some(_), _) => Err(NumberError::Unreadable),
        Reading::Quantity(None, q) => match q.unit {
            Unit::Percent => Ok(Some((q.value, q.decimals))),
            // a bare number up to 1 is a fraction (`0.958` printed for 95.8%)
            Unit::None if q.value <= Decimal::ONE => {
                let pct = decimal::mul(q.value, Decimal::ONE_HUNDRED).ok_or(NumberError::TooLarge)?;
                Ok(Some((pct, q.decimals.saturating_sub(2))))
            }
            Unit::None => Ok(Some((q.value, q.decimals))),
            other => Err(NumberError::WrongUnit(other.label().to_string())),
        },
    }
}

/// Prints an amount the way a form shows it: thousands groups, no trailing zeros lost.
pub fn display_grouped(x: Decimal) -> String {
    let text = decimal::text(x);
    let (sign, body) = text
        .split_at_checked(usize::from(text.starts_with('-')))
        .unwrap_or(("", &text));
    let whole = body.find('.').unwrap_or(body.len());
    let (int_part, rest) = body.split_at_checked(whole).unwrap_or((body, ""));
    let mut grouped = String::with_capacity(text.len() + whole / 3);
    grouped.push_str(sign);
    // the digits are ASCII: a group boundary falls before every third digit from the point
    for (i, digit) in int_part.char_indices() {
        if i > 0 && (whole - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped.push_str(rest);
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn reads_grouped_fullwidth_and_units() {
        let wan = MoneyUnit::WanYuan;
        let v = |t: &str| parse_amount(t, wan).map(|a| a.map(|a| a.value));
        assert_eq!(v("9,022.41"), Ok(Some(d("9022.41"))));
        assert_eq!(v("９０２２．４１"), Ok(Some(d("9022.41"))));
        assert_eq!(v("9022.41万元"), Ok(Some(d("9022.41"))));
        assert_eq!(v("1.35亿元"), Ok(Some(d("13500"))));
        assert_eq!(v("12345元"), Ok(Some(d("1.2345"))));
        assert_eq!(v("—"), Ok(None));
        assert_eq!(v(""), Ok(None));
        assert_eq!(v("8 670,53"), Err(NumberError::Ambiguous));
        assert_eq!(v("8670,53"), Err(NumberError::Ambiguous));
        assert_eq!(v("1e40"), Err(NumberError::TooLarge));
    }

    /// The one-pass reading of plain numbers gives what the whole grammar gives, to the scale of
    /// each value (a `Decimal`'s `==` would ignore it; its `Debug` text does not), on plain numbers
    /// and on the near misses around them: signs, commas, spaces, exponents, points at either end,
    /// too many digits, thousands groups of the wrong length or after the point.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn plain_numbers_read_as_the_grammar_reads_them() {
        use proptest::prelude::*;
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(4096));
        let text = prop_oneof![
            "0{0,3}[0-9]{0,20}(\\.[0-9]{0,20})?%?",
            "[0-9.%]{0,24}",
            "[-+ ,eE0-9.%]{0,12}",
            "0{0,2}[0-9]{0,4}(,[0-9]{2,4}){0,7}(\\.[0-9,]{0,4})?%?",
            // comparator signs and units right at the number, and the near misses around them:
            // longer signs, a space, a sign after it, suffix comparators, other units
            "(≥|≤|=|>|<|≥=|>=|=>|<=|=<|==|≧| |大于)?( ?)[0-9]{0,4}(,[0-9]{3})?(\\.[0-9]{0,3})?( ?)(%|元|万元|亿元|万|亿|万元以上|以下|件|分|千元|%元| )?",
        ];
        runner
            .run(&text, |text| {
                let shown = |r: &dyn std::fmt::Debug| format!("{r:?}");
                prop_assert_eq!(shown(&read(&text)), shown(&read_grammar(&text)), "{}", text);
                let number = text.trim_end_matches('%');
                prop_assert_eq!(
                    shown(&parse_decimal(number)),
                    shown(&parse_decimal_grammar(number)),
                    "{}",
                    number
                );
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn display_grouped_round_trips() {
        assert_eq!(display_grouped(d("9022.41")), "9,022.41");
        assert_eq!(display_grouped(d("-1234567")), "-1,234,567");
        assert_eq!(display_grouped(d("123")), "123");
    }
}
