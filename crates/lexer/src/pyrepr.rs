//! Python's `repr` of the literal kinds: `str`, `bytes` and `float`, exactly as CPython 3.11 prints
//! them. The tokenizer oracle needs `str` repr; the `ast` dump and the VM need all three, so they live
//! at the bottom of the stack.

use unicode_general_category::{get_general_category, GeneralCategory};

/// `str.isprintable()` for one character: false for the categories CPython calls non-printable
/// (controls, formats, surrogates, private use, unassigned, separators other than the ASCII space),
/// with Unicode 14.0's assignments, as Python 3.11 has them.
pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    if crate::unicode14::unassigned_in_py311(c as u32) {
        return false;
    }
    !matches!(
        get_general_category(c),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::Surrogate
            | GeneralCategory::PrivateUse
            | GeneralCategory::Unassigned
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
            | GeneralCategory::SpaceSeparator
    )
}

/// `repr(s)` for a `str`: single quotes unless the text holds `'` and no `"`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => push_escape(&mut out, c as u32),
        }
    }
    out.push(quote);
    out
}

fn push_escape(out: &mut String, code: u32) {
    use std::fmt::Write;
    let _ = if code < 0x100 {
        write!(out, "\\x{code:02x}")
    } else if code < 0x10000 {
        write!(out, "\\u{code:04x}")
    } else {
        write!(out, "\\U{code:08x}")
    };
}

/// `repr(b)` for `bytes`: `b'...'`, with the same quote choice as `str`.
pub fn bytes_repr(bytes: &[u8]) -> String {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut out = String::with_capacity(bytes.len() + 3);
    out.push('b');
    out.push(quote as char);
    for &b in bytes {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b if b == quote => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            b => push_escape(&mut out, u32::from(b)),
        }
    }
    out.push(quote as char);
    out
}

/// `repr(x)` (and `str(x)`) for a `float`: the shortest string that round-trips, in fixed notation
/// when the decimal exponent is in `-4 <= exp < 16`, else in Python's exponent notation (`1e+16`,
/// `1.5e-05`); integral values keep a `.0`.
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // Rust's `{:e}` finds the shortest round-trip digit count; redo that many digits with exact
    // rounding (`{:.N$e}` rounds the exact binary value half-even), which picks CPython's choice
    // when two shortest candidates are equally near.
    let shortest = format!("{x:e}");
    let (m, _) = shortest.split_once('e').unwrap_or((&shortest, "0"));
    let ndigits = m.bytes().filter(u8::is_ascii_digit).count();
    let exact = format!("{:.*e}", ndigits.saturating_sub(1), x);
    let sci = if exact.parse::<f64>().ok() == Some(x) {
        exact
    } else {
        shortest
    };
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|&c| c != '.').collect();
    let point = exponent + 1; // the value is 0.DIGITS × 10^point
    let mut out = String::from(sign);
    if !(-3..=16).contains(&point) {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        out.push_str(&format!("e{exp_sign}{:02}", exponent.abs()));
    } else if point <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-point) as usize));
        out.push_str(&digits);
    } else {
        let point = point as usize;
        if digits.len() <= point {
            out.push_str(&digits);
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
    #[case("abc", "'abc'")]
    #[case("it's", "\"it's\"")]
    #[case("'\"", "'\\'\"'")]
    #[case("a\\b\n\t\r", "'a\\\\b\\n\\t\\r'")]
    #[case("\x00\x7f", "'\\x00\\x7f'")]
    #[case("é€😀", "'é€😀'")]
    #[case("\u{a0}\u{200b}\u{2028}", "'\\xa0\\u200b\\u2028'")]
    #[case("\u{e000}\u{10ffff}", "'\\ue000\\U0010ffff'")]
    #[case(" ", "' '")]
    fn str_reprs(#[case] s: &str, #[case] want: &str) {
        assert_eq!(str_repr(s), want);
    }

    #[rstest]
    #[case(b"abc", "b'abc'")]
    #[case(b"it's", "b\"it's\"")]
    #[case(b"\x00\xff\n\\", "b'\\x00\\xff\\n\\\\'")]
    fn bytes_reprs(#[case] b: &[u8], #[case] want: &str) {
        assert_eq!(bytes_repr(b), want);
    }

    #[rstest]
    #[case(0.0, "0.0")]
    #[case(-0.0, "-0.0")]
    #[case(1.0, "1.0")]
    #[case(1.5, "1.5")]
    #[case(0.1, "0.1")]
    #[case(0.0001, "0.0001")]
    #[case(0.00001, "1e-05")]
    #[case(1.5e-7, "1.5e-07")]
    #[case(1e15, "1000000000000000.0")]
    #[case(1e16, "1e+16")]
    #[case(1.2345e16, "1.2345e+16")]
    #[case(123456789012345680.0, "1.2345678901234568e+17")]
    #[case(1e300, "1e+300")]
    #[case(5e-324, "5e-324")]
    #[case(1.7976931348623157e308, "1.7976931348623157e+308")]
    #[case(f64::INFINITY, "inf")]
    #[case(f64::NEG_INFINITY, "-inf")]
    #[case(f64::NAN, "nan")]
    #[case(2.0 / 3.0, "0.6666666666666666")]
    #[case(-123.456, "-123.456")]
    fn float_reprs(#[case] x: f64, #[case] want: &str) {
        assert_eq!(float_repr(x), want);
    }
}
