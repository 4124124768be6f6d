//! The one place where numbers are rounded and printed.
//!
//! Every score, rate and amount that is shown or compared at a fixed precision goes through
//! [`round_dp`], so the whole engine rounds 四舍五入 (half away from zero) and never banker's.

use rust_decimal::{Decimal, RoundingStrategy};

/// 四舍五入: `1.005 → 1.01`, `-0.125 → -0.13`. `Decimal::round_dp` alone would round half to even.
pub const ROUNDING: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// Decimals kept for scores, amounts in 万元 and percentages on screen.
pub const SHOWN_DP: u32 = 2;

pub fn round_dp(x: Decimal, dp: u32) -> Decimal {
    x.round_dp_with_strategy(dp, ROUNDING)
}

/// Rounds to `dp` places and prints exactly `dp` places (`96.1 → "96.10"`).
pub fn fixed(x: Decimal, dp: u32) -> String {
    // most values printed so are at that scale already (scores are rounded when they are made)
    let mut r = if x.scale() > dp { round_dp(x, dp) } else { x };
    r.rescale(dp);
    text(r)
}

/// The text `Decimal`'s `Display` gives (every digit of the scale kept, `-` on a negative zero
/// too), written from the mantissa's digits. `Display` divides the 96-bit mantissa by ten a digit
/// at a time and pads through a `Formatter`, and every report writes dozens of decimals.
pub fn push_text(out: &mut String, x: Decimal) {
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(x.mantissa().unsigned_abs());
    if x.is_sign_negative() {
        out.push('-');
    }
    let scale = x.scale() as usize;
    match digits.len().checked_sub(scale) {
        Some(0) | None => {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', scale - digits.len()));
            out.push_str(digits);
        }
        Some(whole) => {
            let (int_part, frac_part) = digits.split_at_checked(whole).unwrap_or((digits, ""));
            out.push_str(int_part);
            if scale > 0 {
                out.push('.');
                out.push_str(frac_part);
            }
        }
    }
}

/// [`push_text`] into a new string: what `x.to_string()` gives.
pub fn text(x: Decimal) -> String {
    let mut out = String::with_capacity(8);
    push_text(&mut out, x);
    out
}

/// Prints with two decimals, the precision of every score and 万元 amount.
pub fn fixed2(x: Decimal) -> String {
    fixed(x, SHOWN_DP)
}

/// Prints without trailing zeros (`10.50 → "10.5"`, `100 → "100"`).
pub fn plain(x: Decimal) -> String {
    text(x.normalize())
}

/// `10^-dp`, the size of one unit in the last shown place.
pub fn unit_in_last_place(dp: u32) -> Decimal {
    Decimal::new(1, dp.min(28))
}

/// Adds without the panic of `+` on overflow: a sum beyond Decimal's range (no real form comes
/// near ±7.9 × 10²⁸) stays at the bound, where the checks then report it as a mismatch.
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    values.into_iter().fold(Decimal::ZERO, add)
}

/// The sum of `values` at `indices` (an index past the end adds nothing): a parent's rows, the
/// roots. Unlike [`sum`] it adds inline: on a 10,000-leaf form a keystroke sums 1,000 roots
/// three times, and a call per addition made it 20 % slower.
pub fn sum_at(values: &[Decimal], indices: &[usize]) -> Decimal {
    indices
        .iter()
        .filter_map(|i| values.get(*i))
        .fold(Decimal::ZERO, |acc, x| acc.saturating_add(*x))
}

/// `a + b`, at the bound past Decimal's range. Like [`mul`], the one call of the addition.
#[inline(never)]
pub fn add(a: Decimal, b: Decimal) -> Decimal {
    a.saturating_add(b)
}

/// `a − b`, at the bound past Decimal's range, as `a + (−b)`: rust_decimal's subtraction is its
/// addition with the sign flipped, and a second copy of it cost 1.8 KB of WebAssembly. A zero `b`
/// is not negated, so that `0 − 0` stays `0`, not `−0`, as rust_decimal's own subtraction gives it.
pub fn sub(a: Decimal, b: Decimal) -> Decimal {
    add(a, if b.is_zero() { b } else { -b })
}

/// `a × b`, `None` when it does not fit. The one call of rust_decimal's multiplication: inlined at
/// every product, it was kilobytes of WebAssembly.
#[inline(never)]
pub fn mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
}

/// `a ÷ b`, `None` when `b` is 0 or the quotient does not fit; the one call of the division.
#[inline(never)]
pub fn div(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_div(b)
}

/// `a × b ÷ c`, multiplying first when the product fits (then the only rounding is the division's),
/// else dividing first. `None` when `c` is 0 or the result itself does not fit.
pub fn mul_div(a: Decimal, b: Decimal, c: Decimal) -> Option<Decimal> {
    if c.is_zero() {
        return None;
    }
    match mul(a, b) {
        Some(product) => div(product, c),
        None => div(a, c)
            .and_then(|q| mul(q, b))
            .or_else(|| div(b, c).and_then(|q| mul(q, a))),
    }
}

pub fn clamp(x: Decimal, lo: Decimal, hi: Decimal) -> Decimal {
    x.max(lo).min(hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(fixed2(d("1.005")), "1.01");
        assert_eq!(fixed2(d("-1.005")), "-1.01");
        assert_eq!(fixed2(d("2.345")), "2.35");
        assert_eq!(fixed(d("109.5"), 0), "110");
        assert_eq!(fixed(d("108.5"), 0), "109");
        assert_eq!(fixed2(d("96.1")), "96.10");
    }

    #[test]
    fn sub_is_rust_decimals_subtraction_bit_for_bit() {
        // zeros of both signs and several scales, 32-, 64- and 96-bit magnitudes, the bounds
        let mut values: Vec<Decimal> = [
            "0",
            "0.00",
            "1",
            "1.5",
            "0.005",
            "96.10",
            "8670.53",
            "4294967295",
            "4294967296",
            "18446744073709551615",
            "18446744073709551616.25",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "39614081257132168796771975168",
        ]
        .iter()
        .map(|s| d(s))
        .collect();
        values.extend(values.clone().into_iter().map(|x| -x));
        values.push(Decimal::from_parts(0, 0, 0, true, 5));
        for a in &values {
            for b in &values {
                let expected = a.saturating_sub(*b);
                assert_eq!(sub(*a, *b).serialize(), expected.serialize(), "{a:?} - {b:?}");
            }
        }
    }

    #[test]
    fn plain_drops_trailing_zeros() {
        assert_eq!(plain(d("10.50")), "10.5");
        assert_eq!(plain(d("100.00")), "100");
    }
}
