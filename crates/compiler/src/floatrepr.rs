//! `repr(float)` exactly as CPython: the lexer's `pyrepr::float_repr` takes Rust's shortest
//! round-trip digits, which round a decimal tie up (`99.998809814453125` → `…313`), where
//! CPython's dtoa picks the even digit (`…312`). Fix the digits, then lay them out as Python does.

use hotpy_lexer::pyrepr::float_repr;

/// Python's `repr` of a float.
pub fn py_float_repr(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return float_repr(x);
    }
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|&c| c != '.').collect();
    let n = digits.len();
    // The exact decimal value of `x` (every double has a finite expansion, under 800 digits).
    let exact = format!("{:.800e}", x.abs());
    let exact_digits: String = exact
        .split_once('e')
        .map_or("", |(m, _)| m)
        .chars()
        .filter(|&c| c != '.')
        .collect();
    let rest = exact_digits.get(n..).unwrap_or("");
    let is_tie = rest.starts_with('5') && rest[1..].bytes().all(|b| b == b'0');
    let truncated = exact_digits.get(..n).unwrap_or("");
    if !is_tie || truncated == digits {
        return float_repr(x);
    }
    // Rust rounded the tie up; CPython rounds to even, if that still reads back as `x`.
    let last = truncated.bytes().last().map_or(0, |b| b - b'0');
    if last % 2 != 0 {
        return float_repr(x);
    }
    let candidate = format!(
        "{}{}.{}e{}",
        if x < 0.0 { "-" } else { "" },
        &truncated[..1],
        &truncated[1..],
        exponent
    );
    if candidate.parse::<f64>().ok() != Some(x) {
        return float_repr(x);
    }
    layout(x < 0.0, truncated, exponent.parse().unwrap_or(0))
}

/// Python's layout of significant `digits` × 10^`exponent` (first digit before the point):
/// fixed notation for exponents -4..16, else `d.ddde+XX`.
fn layout(negative: bool, digits: &str, exponent: i32) -> String {
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let point = exponent + 1;
    let mut out = String::from(if negative { "-" } else { "" });
    if !(-3..=16).contains(&point) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let sign = if exponent < 0 { '-' } else { '+' };
        out.push_str(&format!("e{sign}{:02}", exponent.abs()));
    } else if point <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat(point.unsigned_abs() as usize));
        out.push_str(digits);
    } else {
        let point = point as usize;
        if digits.len() <= point {
            out.push_str(digits);
            out.push_str(&"0".repeat(point - digits.len()));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..point]);
            out.push('.');
            out.push_str(&digits[point..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(99.99880981445312, "99.99880981445312")]
    #[case(1_429_035_198_630_573.2, "1429035198630573.2")]
    #[case(0.1, "0.1")]
    #[case(1e22, "1e+22")]
    #[case(1e16, "1e+16")]
    #[case(123456789.0, "123456789.0")]
    #[case(5e-324, "5e-324")]
    #[case(0.5, "0.5")]
    #[case(2.5, "2.5")]
    #[case(1.5e-7, "1.5e-07")]
    fn floats_repr_like_python(#[case] x: f64, #[case] want: &str) {
        assert_eq!(py_float_repr(x), want);
    }
}
