//! Python `float` semantics: division and modulo signs, `**` with its errors, `round`, parsing,
//! `hex`/`fromhex`, `as_integer_ratio`, all as CPython 3.11.

use super::int::{ldexp, Int};
use crate::error::{overflow_error, value_error, zero_division, ExcKind, VmError, VmResult};
use num_bigint::{BigInt, BigUint};
use num_traits::{One, ToPrimitive, Zero};

/// `x / y`
#[inline]
pub fn truediv(x: f64, y: f64) -> VmResult<f64> {
    if y == 0.0 {
        return Err(zero_division("float division by zero"));
    }
    Ok(x / y)
}

/// `x % y` (the result takes `y`'s sign).
pub fn modulo(x: f64, y: f64) -> VmResult<f64> {
    if y == 0.0 {
        return Err(zero_division("float modulo"));
    }
    let mut m = x % y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    Ok(m)
}

fn divmod_unchecked(x: f64, y: f64) -> (f64, f64) {
    let mut m = x % y;
    let mut div = (x - m) / y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(x / y)
    };
    (floordiv, m)
}

/// `divmod(x, y)`
pub fn divmod(x: f64, y: f64) -> VmResult<(f64, f64)> {
    if y == 0.0 {
        return Err(zero_division("float divmod()"));
    }
    Ok(divmod_unchecked(x, y))
}

/// `x // y`
pub fn floordiv(x: f64, y: f64) -> VmResult<f64> {
    if y == 0.0 {
        return Err(zero_division("float floor division by zero"));
    }
    Ok(divmod_unchecked(x, y).0)
}

fn is_odd_integer(x: f64) -> bool {
    x.is_finite() && x.floor() == x && (x % 2.0).abs() == 1.0
}

/// `x ** y` with CPython's special cases and errors. A negative base with a fractional exponent
/// (a complex result in CPython) raises `ValueError` until complex numbers exist.
pub fn pow(iv: f64, iw: f64) -> VmResult<f64> {
    if iw == 0.0 {
        return Ok(1.0);
    }
    if iv.is_nan() {
        return Ok(iv);
    }
    if iw.is_nan() {
        return Ok(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let a = iv.abs();
        return Ok(if a == 1.0 {
            1.0
        } else if (iw > 0.0) == (a > 1.0) {
            iw.abs()
        } else {
            0.0
        });
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Ok(if iv > 0.0 {
            if iw > 0.0 {
                iv
            } else {
                0.0
            }
        } else if iw > 0.0 {
            if odd {
                iv
            } else {
                -iv
            }
        } else if odd {
            -0.0
        } else {
            0.0
        });
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err(zero_division("0.0 cannot be raised to a negative power"));
        }
        return Ok(if is_odd_integer(iw) { iv } else { 0.0 });
    }
    let mut base = iv;
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            return Err(value_error(
                "negative number cannot be raised to a fractional power",
            ));
        }
        base = -iv;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return Ok(if negate { -1.0 } else { 1.0 });
    }
    let r = base.powf(iw);
    if r.is_infinite() {
        return Err(overflow_error("(34, 'Numerical result out of range')"));
    }
    Ok(if negate { -r } else { r })
}

/// `round(x)`: half to even, to an int.
pub fn round_to_int(x: f64) -> VmResult<Int> {
    Int::from_f64(x.round_ties_even())
}

/// `round(x, ndigits)`: the float nearest to the correctly rounded decimal (half to even on the
/// exact binary value, so `round(2.675, 2) == 2.67`).
pub fn round(x: f64, ndigits: i64) -> VmResult<f64> {
    if !x.is_finite() || x == 0.0 {
        return Ok(x);
    }
    if ndigits > 323 {
        return Ok(x);
    }
    if ndigits < -308 {
        return Ok(0.0 * x);
    }
    if ndigits >= 0 {
        let s = format!("{:.*}", ndigits as usize, x);
        let r: f64 = s.parse().unwrap_or(x);
        if r.is_infinite() {
            return Err(overflow_error("rounded value too large to represent"));
        }
        return Ok(r);
    }
    // Negative ndigits: round the exact integer part to a multiple of 10**k.
    let k = (-ndigits) as u32;
    let m = num_traits::pow::Pow::pow(BigUint::from(10u32), k);
    let t = x.abs().trunc();
    let frac = x.abs() - t;
    let ti = exact_biguint(t);
    let (q, r) = (&ti / &m, &ti % &m);
    let twice = &r * 2u32;
    let up = match twice.cmp(&m) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => frac > 0.0 || q.bit(0),
        std::cmp::Ordering::Less => false,
    };
    let q = if up { q + 1u32 } else { q };
    let v = (q * m).to_f64().unwrap_or(f64::INFINITY);
    if v.is_infinite() {
        return Err(overflow_error("rounded value too large to represent"));
    }
    Ok(v.copysign(x))
}

fn exact_biguint(t: f64) -> BigUint {
    let (m, e) = mantissa_exponent(t);
    if e >= 0 {
        BigUint::from(m) << e as u64
    } else {
        BigUint::from(m >> (-e) as u32)
    }
}

/// `(m, e)` with `x == m * 2**e` exactly (`x` finite, `|x|`).
fn mantissa_exponent(x: f64) -> (u64, i32) {
    let bits = x.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    }
}

/// `float(s)`: surrounding whitespace, a sign, `inf`/`infinity`/`nan` in any case, and
/// underscores only between digits. Error: `could not convert string to float: '…'`.
pub fn parse(s: &str) -> VmResult<f64> {
    let invalid = || {
        value_error(format!(
            "could not convert string to float: {}",
            hotpy_lexer::pyrepr::str_repr(s)
        ))
    };
    let t = s.trim();
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let v = match lower.as_str() {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            let bytes = body.as_bytes();
            let mut clean = String::with_capacity(body.len());
            for (i, &b) in bytes.iter().enumerate() {
                match b {
                    b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-' => clean.push(b as char),
                    b'_' => {
                        let ok = i > 0
                            && bytes[i - 1].is_ascii_digit()
                            && bytes.get(i + 1).is_some_and(|c| c.is_ascii_digit());
                        if !ok {
                            return Err(invalid());
                        }
                    }
                    _ => return Err(invalid()),
                }
            }
            if clean.starts_with(['+', '-']) {
                return Err(invalid());
            }
            clean.parse::<f64>().map_err(|_| invalid())?
        }
    };
    Ok(if neg { -v } else { v })
}

/// `float.is_integer()`
pub fn is_integer(x: f64) -> bool {
    x.is_finite() && x.trunc() == x
}

/// `float.as_integer_ratio()`: the exact fraction in lowest terms, positive denominator.
pub fn as_integer_ratio(x: f64) -> VmResult<(Int, Int)> {
    if x.is_infinite() {
        return Err(overflow_error("cannot convert Infinity to integer ratio"));
    }
    if x.is_nan() {
        return Err(value_error("cannot convert NaN to integer ratio"));
    }
    if x == 0.0 {
        return Ok((Int::Small(0), Int::Small(1)));
    }
    let (mut m, mut e) = mantissa_exponent(x);
    let tz = m.trailing_zeros();
    m >>= tz;
    e += tz as i32;
    let num = BigInt::from(m);
    let num = if x < 0.0 { -num } else { num };
    if e >= 0 {
        Ok((Int::from(num << e as u64), Int::Small(1)))
    } else {
        Ok((Int::from(num), Int::from(BigInt::one() << (-e) as u64)))
    }
}

/// `float.hex()`: `'0x1.8000000000000p+0'`, `'-0x0.0p+0'`, `'inf'`, `'nan'`.
pub fn hex(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let sign = if x.is_sign_negative() { "-" } else { "" };
    if x == 0.0 {
        return format!("{sign}0x0.0p+0");
    }
    let bits = x.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (lead, e) = if exp == 0 {
        (0, -1022)
    } else {
        (1, exp - 1023)
    };
    let es = if e >= 0 { "+" } else { "-" };
    format!("{sign}0x{lead}.{frac:013x}p{es}{}", e.abs())
}

/// `float.fromhex(s)`: correctly rounded. Errors as CPython.
pub fn fromhex(s: &str) -> VmResult<f64> {
    let invalid = || value_error("invalid hexadecimal floating-point string");
    let t = s.trim();
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let apply = |v: f64| if neg { -v } else { v };
    match lower.as_str() {
        "inf" | "infinity" => return Ok(apply(f64::INFINITY)),
        "nan" => return Ok(apply(f64::NAN)),
        _ => {}
    }
    let body = lower.strip_prefix("0x").unwrap_or(&lower);
    let (mant, exp) = match body.split_once('p') {
        Some((m, e)) => {
            let (neg, digits) = match e.as_bytes().first() {
                Some(b'-') => (true, &e[1..]),
                Some(b'+') => (false, &e[1..]),
                _ => (false, e),
            };
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            // saturate: any exponent past ±2**62 over- or underflows anyway
            let mag = digits.bytes().fold(0i64, |acc, b| {
                acc.saturating_mul(10)
                    .saturating_add(i64::from(b - b'0'))
                    .min(1 << 62)
            });
            (m, if neg { -mag } else { mag })
        }
        None => (body, 0),
    };
    let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
    if ip.is_empty() && fp.is_empty() {
        return Err(invalid());
    }
    let digits: String = ip.chars().chain(fp.chars()).collect();
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(invalid());
    }
    let m = BigUint::parse_bytes(digits.as_bytes(), 16).ok_or_else(invalid)?;
    let e = exp.saturating_sub((4 * fp.len()) as i64);
    match scaled_to_f64(&m, e) {
        Some(v) => Ok(apply(v)),
        None => Err(VmError::new(
            ExcKind::OverflowError,
            "hexadecimal value too large to represent as a float",
        )),
    }
}

/// `m * 2**e` correctly rounded to a float (half to even); `None` on overflow.
pub fn scaled_to_f64(m: &BigUint, e: i64) -> Option<f64> {
    if m.is_zero() {
        return Some(0.0);
    }
    let bits = m.bits() as i64;
    // the value is in [2**(bits-1+e), 2**(bits+e))
    let top = bits.saturating_add(e); // exponent such that value < 2**top
    if top > 1024 {
        return None;
    }
    if top < -1075 {
        return Some(0.0);
    }
    // keep `keep` significant bits: 53, fewer when subnormal
    let lsb_exp = (top - 53).max(-1074); // exponent of the last kept bit
    let drop = lsb_exp - e;
    let (mut q, half_or_more, sticky) = if drop <= 0 {
        (m << (-drop) as u64, false, false)
    } else {
        let d = drop as u64;
        let q = m >> d;
        let half = m.bit(d - 1);
        let rest = m.trailing_zeros().is_some_and(|tz| tz < d - 1);
        (q, half, rest)
    };
    if half_or_more && (sticky || q.bit(0)) {
        q += 1u32;
    }
    let v = ldexp(q.to_f64()?, lsb_exp as i32);
    if v.is_infinite() {
        return None;
    }
    Some(v)
}
