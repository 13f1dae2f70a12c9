//! Rendering ints, floats and strs under a parsed [`FormatSpec`], exactly as CPython 3.11.
//!
//! Float digits come from Rust's `{:.N$e}` / `{:.N$}` formatting, which rounds the exact binary
//! value correctly (half-even on exact ties): `'{:.2f}'.format(2.675) == '2.67'` as in CPython.

use super::spec::{Align, FormatSpec};
use crate::error::{overflow_error, value_error, VmResult};
use crate::numeric::int::Int;
use crate::repr::float_repr;

/// Pad `body` (already signed/prefixed) to the spec's width. `prefix_len` chars at the start of
/// `body` (sign and `0x`-style prefix) stay before the padding for `=` alignment.
fn pad(body: &str, prefix_len: usize, spec: &FormatSpec, default: Align) -> VmResult<String> {
    check_width(spec)?;
    Ok(pad_unchecked(body, prefix_len, spec, default))
}

/// A width no string could reach is a `MemoryError` (as CPython's failed allocation), not an
/// abort.
fn check_width(spec: &FormatSpec) -> VmResult<()> {
    if spec.width > crate::error::MAX_SEQUENCE_BYTES / 4 {
        return Err(crate::error::memory_error());
    }
    Ok(())
}

fn pad_unchecked(body: &str, prefix_len: usize, spec: &FormatSpec, default: Align) -> String {
    let len = body.chars().count();
    if len >= spec.width {
        return body.to_string();
    }
    let n = spec.width - len;
    let fill = |k: usize| std::iter::repeat_n(spec.fill, k).collect::<String>();
    match spec.align.unwrap_or(default) {
        Align::Left => format!("{body}{}", fill(n)),
        Align::Right => format!("{}{body}", fill(n)),
        Align::Center => format!("{}{body}{}", fill(n / 2), fill(n - n / 2)),
        Align::AfterSign => {
            let split = body
                .char_indices()
                .nth(prefix_len)
                .map_or(body.len(), |(i, _)| i);
            format!("{}{}{}", &body[..split], fill(n), &body[split..])
        }
    }
}

/// Insert `sep` every `group` digits from the right; with `min_width`, prepend zeros (grouped
/// too) until the result is at least that wide — CPython's zero padding with grouping.
fn group_digits(digits: &str, sep: char, group: usize, min_width: usize) -> String {
    let grouped = |d: &str| {
        let n = d.len();
        let mut out = String::with_capacity(n + n / group);
        for (i, c) in d.chars().enumerate() {
            if i > 0 && (n - i) % group == 0 {
                out.push(sep);
            }
            out.push(c);
        }
        out
    };
    let mut d = digits.to_string();
    let mut out = grouped(&d);
    while out.len() < min_width {
        d.insert(0, '0');
        out = grouped(&d);
    }
    out
}

/// Assemble sign + prefix + digits (+ tail), with grouping and padding.
fn assemble(
    negative: bool,
    prefix: &str,
    int_digits: &str,
    tail: &str,
    spec: &FormatSpec,
    group: usize,
) -> String {
    let sign = if negative {
        "-"
    } else {
        match spec.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    };
    let lead = format!("{sign}{prefix}");
    let lead_len = lead.chars().count();
    let zero_fill = spec.fill == '0' && spec.align == Some(Align::AfterSign);
    let digits = match spec.grouping {
        Some(sep) => {
            let min = if zero_fill {
                spec.width.saturating_sub(lead_len + tail.chars().count())
            } else {
                0
            };
            group_digits(int_digits, sep, group, min)
        }
        None => int_digits.to_string(),
    };
    let body = format!("{lead}{digits}{tail}");
    pad_unchecked(&body, lead_len, spec, Align::Right)
}

/// `format(n, spec)` for an int (or a bool: `type_name` names the type in error messages).
pub fn format_int(n: &Int, spec: &FormatSpec, type_name: &str) -> VmResult<String> {
    check_width(spec)?;
    let ty = spec.ty.unwrap_or('d');
    match ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => {}
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            return format_float(n.to_f64()?, spec);
        }
        t => return Err(unknown_code(t, type_name)),
    }
    if spec.precision.is_some() {
        return Err(value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.no_neg_zero {
        return Err(value_error(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    if ty == 'c' {
        if spec.sign.is_some() {
            return Err(value_error(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(value_error(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let c = n
            .to_i64()
            .ok_or_else(|| overflow_error("Python int too large to convert to C long"))
            .map(|i| u32::try_from(i).ok())?
            .and_then(char::from_u32)
            .ok_or_else(|| overflow_error("%c arg not in range(0x110000)"))?;
        return pad(&c.to_string(), 0, spec, Align::Right);
    }
    let (radix, prefix, group) = match ty {
        'b' => (2, "0b", 4),
        'o' => (8, "0o", 4),
        'x' => (16, "0x", 4),
        'X' => (16, "0X", 4),
        _ => (10, "", 3),
    };
    let mut digits = n.abs().to_radix(radix, false)?;
    if ty == 'X' {
        digits.make_ascii_uppercase();
    }
    let prefix = if spec.alternate { prefix } else { "" };
    Ok(assemble(n.is_negative(), prefix, &digits, "", spec, group))
}

#[cold]
fn unknown_code(t: char, type_name: &str) -> crate::VmError {
    if (' '..'\x7f').contains(&t) && t != ' ' {
        value_error(format!(
            "Unknown format code '{t}' for object of type '{type_name}'"
        ))
    } else {
        value_error(format!(
            "Unknown format code '\\x{:x}' for object of type '{type_name}'",
            t as u32
        ))
    }
}

/// Fractional (or significant) digits beyond which every finite double's decimal expansion is
/// exact (at most 1074 fractional and 767 significant digits): longer precisions are these digits
/// padded with zeros. Rust's own precision is a `u16`, so it must never see more.
const EXACT_DIGITS: usize = 1100;

/// `format!("{x:.prec$}")` for any precision.
pub(crate) fn fixed_digits(x: f64, prec: usize) -> String {
    if prec <= EXACT_DIGITS || !x.is_finite() {
        return format!("{x:.0$}", prec.min(EXACT_DIGITS), x = x);
    }
    let mut s = format!("{x:.0$}", EXACT_DIGITS, x = x);
    s.extend(std::iter::repeat_n('0', prec - EXACT_DIGITS));
    s
}

/// `format!("{x:.prec$e}")` for any precision.
pub(crate) fn exp_digits(x: f64, prec: usize) -> String {
    if prec <= EXACT_DIGITS || !x.is_finite() {
        return format!("{x:.0$e}", prec.min(EXACT_DIGITS), x = x);
    }
    let s = format!("{x:.0$e}", EXACT_DIGITS, x = x);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let mut out = String::with_capacity(prec + 8);
    out.push_str(m);
    out.extend(std::iter::repeat_n('0', prec - EXACT_DIGITS));
    out.push('e');
    out.push_str(e);
    out
}

/// `%e` digits of `x >= 0`: `1.500000e+00` (`alt` keeps a `.` with zero precision).
pub(crate) fn fmt_e(x: f64, prec: usize, alt: bool) -> String {
    let s = exp_digits(x, prec);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let dot = if alt && prec == 0 { "." } else { "" };
    format!("{m}{dot}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// `%f` digits of `x >= 0`.
pub(crate) fn fmt_f(x: f64, prec: usize, alt: bool) -> String {
    let s = fixed_digits(x, prec);
    if alt && prec == 0 {
        s + "."
    } else {
        s
    }
}

/// `%g` digits of `x >= 0`. `add_dot_0`: the `''` presentation type with a precision (switch to
/// exponent one digit earlier; integral results keep `.0`).
pub(crate) fn fmt_g(x: f64, prec: usize, alt: bool, add_dot_0: bool) -> String {
    let p = prec.max(1);
    let exp: i64 = if x == 0.0 {
        0
    } else {
        let s = exp_digits(x, p - 1);
        s.split_once('e')
            .and_then(|(_, e)| e.parse().ok())
            .unwrap_or(0)
    };
    let limit = if add_dot_0 { p as i64 - 1 } else { p as i64 };
    let use_exp = exp < -4 || exp >= limit;
    let mut s = if use_exp {
        fmt_e(x, p - 1, alt)
    } else {
        fmt_f(x, (p as i64 - 1 - exp).max(0) as usize, alt)
    };
    if !alt {
        let (m, e) = match s.find('e') {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            m
        };
        s = m + &e;
    } else if !s.contains('.') {
        // '#': always a decimal point
        match s.find('e') {
            Some(i) => s.insert(i, '.'),
            None => s.push('.'),
        }
    }
    if add_dot_0 && !s.contains(['.', 'e']) {
        s.push_str(".0");
    }
    s
}

/// `format(x, spec)` for a float.
pub fn format_float(x: f64, spec: &FormatSpec) -> VmResult<String> {
    check_width(spec)?;
    let ty = spec.ty;
    match ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => {}
        Some(t) => return Err(unknown_code(t, "float")),
    }
    if spec.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err(value_error("precision too big"));
    }
    let upper = matches!(ty, Some('E' | 'F' | 'G'));
    let negative = x.is_sign_negative() && !x.is_nan();
    let a = x.abs();
    let mut suffix = "";
    let body = if !x.is_finite() {
        if ty == Some('%') {
            suffix = "%";
        }
        if x.is_nan() { "nan" } else { "inf" }.to_string()
    } else {
        match (ty, spec.precision) {
            (None, None) => {
                let mut r = float_repr(a);
                if spec.alternate && !r.contains('.') {
                    match r.find('e') {
                        Some(i) => r.insert(i, '.'),
                        None => r.push('.'),
                    }
                }
                r
            }
            (None, Some(p)) => fmt_g(a, p, spec.alternate, true),
            (Some('e' | 'E'), p) => fmt_e(a, p.unwrap_or(6), spec.alternate),
            (Some('f' | 'F'), p) => fmt_f(a, p.unwrap_or(6), spec.alternate),
            (Some('g' | 'G' | 'n'), p) => fmt_g(a, p.unwrap_or(6), spec.alternate, false),
            (Some('%'), p) => {
                suffix = "%";
                fmt_f(a * 100.0, p.unwrap_or(6), spec.alternate)
            }
            _ => unreachable!(),
        }
    };
    let body = if upper {
        body.to_ascii_uppercase()
    } else {
        body
    };
    let negative = negative
        && !(spec.no_neg_zero
            && body.chars().all(|c| !c.is_ascii_digit() || c == '0')
            && x.is_finite());
    // split the integer digits (grouped) from the rest
    let (int_part, rest) = if x.is_finite() {
        let cut = body.find(['.', 'e', 'E']).unwrap_or(body.len());
        (body[..cut].to_string(), body[cut..].to_string())
    } else {
        (body.clone(), String::new())
    };
    let tail = format!("{rest}{suffix}");
    if x.is_finite() {
        Ok(assemble(negative, "", &int_part, &tail, spec, 3))
    } else {
        let spec = FormatSpec {
            grouping: None,
            ..*spec
        };
        Ok(assemble(negative, "", &int_part, &tail, &spec, 3))
    }
}

/// `format(s, spec)` for a str.
pub fn format_str(s: &str, spec: &FormatSpec) -> VmResult<String> {
    match spec.ty {
        None | Some('s') => {}
        Some(t) => return Err(unknown_code(t, "str")),
    }
    if spec.sign.is_some() {
        return Err(value_error("Sign not allowed in string format specifier"));
    }
    if spec.no_neg_zero {
        return Err(value_error(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if spec.alternate {
        return Err(value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if spec.align == Some(Align::AfterSign) {
        return Err(value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let text: String = match spec.precision {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    pad(&text, 0, spec, Align::Left)
}
