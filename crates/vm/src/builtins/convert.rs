//! Conversions: `int()`, `float()`, `str()`, `bytes()`, `round()`, `format()` and the format-spec
//! mini-language, `ascii()`.

use crate::error::{overflow_error, type_error, value_error, ExcKind, VmError, VmResult};
use crate::interp::format::{format_exp, format_fixed, format_general, repr, to_str};
use crate::interp::ops::{self, Num};
use crate::native::Args;
use crate::object::Object;
use crate::repr::float_repr;
use crate::types::type_name;
use crate::value::Value;
use crate::Vm;
use num_bigint::BigInt;
use num_traits::{Num as _, ToPrimitive};

/// `ascii()` of a repr: non-ASCII characters escaped.
pub(crate) fn ascii_of(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let n = c as u32;
        if n < 0x80 {
            out.push(c);
        } else if n < 0x100 {
            out.push_str(&format!("\\x{n:02x}"));
        } else if n < 0x10000 {
            out.push_str(&format!("\\u{n:04x}"));
        } else {
            out.push_str(&format!("\\U{n:08x}"));
        }
    }
    out
}

fn parse_int(text: &str, base: u32) -> Option<BigInt> {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = t.to_ascii_lowercase();
    let (base, digits) = match base {
        0 => {
            if let Some(r) = lower.strip_prefix("0x") {
                (16, r.to_string())
            } else if let Some(r) = lower.strip_prefix("0o") {
                (8, r.to_string())
            } else if let Some(r) = lower.strip_prefix("0b") {
                (2, r.to_string())
            } else {
                if lower.len() > 1
                    && lower.starts_with('0')
                    && lower.trim_start_matches(['0', '_']).is_empty()
                {
                    return Some(BigInt::from(0));
                }
                if lower.starts_with('0') && lower.len() > 1 {
                    return None;
                }
                (10, lower.clone())
            }
        }
        16 => (16, lower.strip_prefix("0x").unwrap_or(&lower).to_string()),
        8 => (8, lower.strip_prefix("0o").unwrap_or(&lower).to_string()),
        2 => (2, lower.strip_prefix("0b").unwrap_or(&lower).to_string()),
        b => (b, lower.clone()),
    };
    // One underscore may follow a base prefix (`0x_1f`), never lead a plain number.
    let prefixed = t.len() > 1 && t.as_bytes()[0] == b'0' && t.as_bytes()[1].is_ascii_alphabetic();
    let digits = if prefixed {
        digits.strip_prefix('_').unwrap_or(&digits)
    } else {
        &digits
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    let v = BigInt::from_str_radix(&clean, base).ok()?;
    Some(if neg { -v } else { v })
}

/// `int(x)`, `int(s, base)`.
pub(crate) fn int_new(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [x, base] = args.bind(&vm.heap, "int", ["x", "base"], 1, 2, 0)?;
    let Some(mut x) = x else {
        return Ok(Value::Int(0));
    };
    if base.is_none() && crate::class::is_user_object(vm, x) {
        match crate::class::dunder::convert(vm, x, &["__int__", "__index__", "__trunc__"], &[])? {
            Ok(Some(r)) => {
                let r = crate::class::instantiate::payload_of(vm, r);
                return match r {
                    Value::Bool(b) => Ok(Value::Int(i64::from(b))),
                    _ if ops::int_of(&vm.heap, r).is_some() => Ok(r),
                    _ => Err(type_error(format!(
                        "__int__ returned non-int (type {})",
                        type_name(&vm.heap, r)
                    ))),
                };
            }
            Ok(None) => {}
            Err(p) => x = p,
        }
    }
    if let Some(b) = base {
        let b = match b {
            Value::Int(i) if i == 0 || (2..=36).contains(&i) => i as u32,
            Value::Int(_) => return Err(value_error("int() base must be >= 2 and <= 36, or 0")),
            _ => {
                return Err(type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    type_name(&vm.heap, b)
                )))
            }
        };
        let Some(s) = ops::as_str(&vm.heap, x) else {
            return Err(type_error(
                "int() can't convert non-string with explicit base",
            ));
        };
        let text = s.as_str().to_string();
        return match parse_int(&text, b) {
            Some(v) => ops::big(&mut vm.heap, v),
            None => Err(value_error(format!(
                "invalid literal for int() with base {b}: {}",
                repr(vm, x)?
            ))),
        };
    }
    match ops::num(&vm.heap, x) {
        Some(Num::I(i)) => return Ok(Value::Int(i)),
        Some(Num::B(_)) => return Ok(x),
        Some(Num::F(f)) => {
            if f.is_nan() {
                return Err(value_error("cannot convert float NaN to integer"));
            }
            if f.is_infinite() {
                return Err(overflow_error("cannot convert float infinity to integer"));
            }
            let t = f.trunc();
            if t.abs() < 9.0e18 {
                return Ok(Value::Int(t as i64));
            }
            let b: BigInt = num_traits::FromPrimitive::from_f64(t).unwrap_or_default();
            return ops::big(&mut vm.heap, b);
        }
        None => {}
    }
    if let Some(s) = ops::as_str(&vm.heap, x) {
        let text = s.as_str().to_string();
        return match parse_int(&text, 10) {
            Some(v) => ops::big(&mut vm.heap, v),
            None => Err(value_error(format!(
                "invalid literal for int() with base 10: {}",
                repr(vm, x)?
            ))),
        };
    }
    Err(type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        type_name(&vm.heap, x)
    )))
}

fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim();
    let lower = t.to_ascii_lowercase();
    let (sign, body) = match lower.strip_prefix('-') {
        Some(r) => (-1.0, r),
        None => (1.0, lower.strip_prefix('+').unwrap_or(&lower)),
    };
    match body {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-' | '_'))
        || body.starts_with('_')
        || body.ends_with('_')
        || body.contains("__")
    {
        return None;
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    clean.parse::<f64>().ok().map(|v| sign * v)
}

/// `float(x)`.
pub(crate) fn float_new(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("float", 0, 1)?;
    let Some(mut x) = args.get(0) else {
        return Ok(Value::Float(0.0));
    };
    if crate::class::is_user_object(vm, x) {
        match crate::class::dunder::convert(vm, x, &["__float__", "__index__"], &[])? {
            Ok(Some(r)) => {
                return match ops::num(&vm.heap, r) {
                    Some(Num::F(f)) => Ok(Value::Float(f)),
                    Some(Num::I(i)) => Ok(Value::Float(i as f64)),
                    _ => Err(type_error(format!(
                        "{}.__float__ returned non-float (type {})",
                        type_name(&vm.heap, x),
                        type_name(&vm.heap, r)
                    ))),
                }
            }
            Ok(None) => {}
            Err(p) => x = p,
        }
    }
    match ops::num(&vm.heap, x) {
        Some(Num::I(i)) => return Ok(Value::Float(i as f64)),
        Some(Num::F(f)) => return Ok(Value::Float(f)),
        Some(Num::B(b)) => {
            return match b.to_f64() {
                Some(f) if f.is_finite() => Ok(Value::Float(f)),
                _ => Err(overflow_error("int too large to convert to float")),
            }
        }
        None => {}
    }
    if let Some(s) = ops::as_str(&vm.heap, x) {
        let text = s.as_str().to_string();
        return match parse_float(&text) {
            Some(v) if v.is_nan() => Ok(Value::Float(distinct_nan(vm, v))),
            Some(v) => Ok(Value::Float(v)),
            None => Err(value_error(format!(
                "could not convert string to float: {}",
                repr(vm, x)?
            ))),
        };
    }
    Err(type_error(format!(
        "float() argument must be a string or a real number, not '{}'",
        type_name(&vm.heap, x)
    )))
}

/// A NaN with a payload no other `float('nan')` of this VM has. Floats are inline values, so
/// identity is their bits: CPython's `float('nan') in [float('nan')]` is False (two objects,
/// NaN != NaN) while `n in [n]` is True (one object), and distinct payloads give the same
/// answers. Arithmetic, printing and `math.isnan` ignore the payload.
fn distinct_nan(vm: &mut Vm, v: f64) -> f64 {
    vm.rt.nan_serial = vm.rt.nan_serial.wrapping_add(1);
    let payload = vm.rt.nan_serial & 0x0007_FFFF_FFFF_FFFF;
    let sign = v.to_bits() & (1 << 63);
    f64::from_bits(sign | 0x7FF8_0000_0000_0000 | payload)
}

/// `str(x)`.
pub(crate) fn str_new(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    if !args.has_kwargs() && args.len() == 1 {
        match args.positional()[0] {
            Value::Int(i) => return vm.new_str(crate::interp::format::itoa_i64(i)),
            v if ops::as_str(&vm.heap, v).is_some() => return Ok(v),
            _ => {}
        }
    }
    let [x, encoding, _errors] =
        args.bind(&vm.heap, "str", ["object", "encoding", "errors"], 0, 3, 0)?;
    let Some(x) = x else {
        return vm.new_str("");
    };
    if encoding.is_some() {
        if let Some(Object::Bytes(b)) = x.as_obj().map(|r| vm.heap.get(r)) {
            let text = String::from_utf8(b.to_vec())
                .map_err(|_| VmError::new(ExcKind::UnicodeDecodeError, "invalid utf-8 data"))?;
            return vm.new_str(text);
        }
    }
    if ops::as_str(&vm.heap, x).is_some() {
        return Ok(x);
    }
    let s = to_str(vm, x)?;
    vm.new_str(s)
}

/// `bytes(x)`.
pub(crate) fn bytes_new(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let data = bytes_data(vm, args, "bytes")?;
    Ok(Value::Obj(vm.heap.alloc(Object::Bytes(data.into()))?))
}

/// `bytearray(x)`: the same sources as `bytes(x)`, a mutable result.
pub(crate) fn bytearray_new(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let data = bytes_data(vm, args, "bytearray")?;
    Ok(Value::Obj(vm.heap.alloc(Object::ByteArray(data))?))
}

/// The contents `bytes(...)`/`bytearray(...)` (`name`) build from their arguments.
fn bytes_data(vm: &mut Vm, args: Args<'_>, name: &str) -> VmResult<Vec<u8>> {
    let [x, encoding, _errors] =
        args.bind(&vm.heap, name, ["source", "encoding", "errors"], 0, 3, 0)?;
    let data: Vec<u8> = match x {
        None => vec![],
        Some(v) => {
            if let Some(s) = ops::as_str(&vm.heap, v) {
                if encoding.is_none() {
                    return Err(type_error("string argument without an encoding"));
                }
                s.as_str().as_bytes().to_vec()
            } else if let Value::Int(n) = v {
                if n < 0 {
                    return Err(value_error("negative count"));
                }
                crate::error::checked_repeat_len(1, n, 1)?;
                vec![0; n as usize]
            } else {
                let items = ops::collect_iterable(vm, v)?;
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    match i {
                        Value::Int(b) if (0..256).contains(&b) => out.push(b as u8),
                        Value::Int(_) => return Err(value_error("bytes must be in range(0, 256)")),
                        other => {
                            return Err(type_error(format!(
                                "'{}' object cannot be interpreted as an integer",
                                type_name(&vm.heap, other)
                            )))
                        }
                    }
                }
                out
            }
        }
    };
    Ok(data)
}

/// `round(x[, ndigits])`.
pub(crate) fn round(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [x, nd] = args.bind(&vm.heap, "round", ["number", "ndigits"], 0, 2, 1)?;
    let mut x = x.unwrap_or(Value::None);
    if crate::class::is_user_object(vm, x) {
        let rest: Vec<Value> = nd.into_iter().collect();
        match crate::class::dunder::convert(vm, x, &["__round__"], &rest)? {
            Ok(Some(r)) => return Ok(r),
            Ok(None) => {
                return Err(type_error(format!(
                    "type {} doesn't define __round__ method",
                    type_name(&vm.heap, x)
                )))
            }
            Err(p) => x = p,
        }
    }
    let nd = nd.filter(|v| !v.is_none());
    let nd = match nd {
        None => None,
        Some(v) => match ops::index_of(&vm.heap, v) {
            Some(Ok(i)) => Some(i),
            Some(Err(())) => Some(
                if ops::int_of(&vm.heap, v).is_some_and(|b| b.sign() == num_bigint::Sign::Minus) {
                    i64::MIN / 2
                } else {
                    i64::MAX / 2
                },
            ),
            None => {
                return Err(type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    type_name(&vm.heap, v)
                )))
            }
        },
    };
    match ops::num(&vm.heap, x) {
        Some(Num::F(f)) => match nd {
            None => {
                if f.is_nan() {
                    return Err(value_error("cannot convert float NaN to integer"));
                }
                if f.is_infinite() {
                    return Err(overflow_error("cannot convert float infinity to integer"));
                }
                let r = f.round_ties_even();
                if r.abs() < 9.0e18 {
                    Ok(Value::Int(r as i64))
                } else {
                    let b: BigInt = num_traits::FromPrimitive::from_f64(r).unwrap_or_default();
                    ops::big(&mut vm.heap, b)
                }
            }
            Some(n) => {
                if !f.is_finite() || n > 330 {
                    return Ok(Value::Float(f));
                }
                if n < -330 {
                    return Ok(Value::Float(0.0f64.copysign(f)));
                }
                if n >= 0 {
                    let s = format!("{f:.*}", n as usize);
                    Ok(Value::Float(s.parse().unwrap_or(f)))
                } else {
                    let p = 10f64.powi((-n) as i32);
                    let r = (f / p).round_ties_even() * p;
                    Ok(Value::Float(r))
                }
            }
        },
        Some(Num::I(_)) | Some(Num::B(_)) => match nd {
            None => Ok(match x {
                Value::Bool(b) => Value::Int(i64::from(b)),
                other => other,
            }),
            Some(n) if n >= 0 => Ok(x),
            Some(n) => {
                let v = ops::int_of(&vm.heap, x).unwrap_or_default();
                let p = num_traits::pow::Pow::pow(BigInt::from(10), (-n).min(400) as u64);
                let (q, r) = ops::floor_divmod_big(&v, &p);
                let twice: BigInt = &r * BigInt::from(2);
                let q = match twice.cmp(&p) {
                    std::cmp::Ordering::Greater => q + 1,
                    std::cmp::Ordering::Equal if (&q % 2u32) != BigInt::from(0) => q + 1,
                    _ => q,
                };
                ops::big(&mut vm.heap, q * p)
            }
        },
        None => Err(type_error(format!(
            "type {} doesn't define __round__ method",
            type_name(&vm.heap, x)
        ))),
    }
}

/// A parsed format spec: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
#[derive(Default, Debug)]
struct Spec {
    fill: Option<char>,
    align: Option<char>,
    sign: Option<char>,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(spec: &str) -> VmResult<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut s = Spec::default();
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = Some(chars[0]);
        s.align = Some(chars[1]);
        i = 2;
    } else if !chars.is_empty() && is_align(chars[0]) {
        s.align = Some(chars[0]);
        i = 1;
    }
    if i < chars.len() && matches!(chars[i], '+' | '-' | ' ') {
        s.sign = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == 'z' {
        i += 1;
    }
    if i < chars.len() && chars[i] == '#' {
        s.alt = true;
        i += 1;
    }
    if i < chars.len() && chars[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    s.width = spec_number(&chars[start..i])?.unwrap_or(0);
    if i < chars.len() && matches!(chars[i], ',' | '_') {
        s.grouping = Some(chars[i]);
        i += 1;
    }
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if start == i {
            return Err(value_error("Format specifier missing precision"));
        }
        s.precision = spec_number(&chars[start..i])?;
    }
    if i < chars.len() {
        s.ty = Some(chars[i]);
        i += 1;
    }
    if i != chars.len() {
        return Err(value_error("Invalid format specifier"));
    }
    Ok(s)
}

/// A width or precision (`None` when absent): CPython's error beyond a C ssize_t.
fn spec_number(digits: &[char]) -> VmResult<Option<usize>> {
    if digits.is_empty() {
        return Ok(None);
    }
    let n = digits.iter().collect::<String>().parse::<i64>();
    match n {
        Ok(n) => Ok(Some(n as usize)),
        Err(_) => Err(value_error("Too many decimal digits in format string")),
    }
}

fn group(digits: &str, sep: char, every: usize) -> String {
    let (int_part, rest) = match digits.find(|c: char| !c.is_ascii_alphanumeric() || c == 'e') {
        Some(p) => (&digits[..p], &digits[p..]),
        None => (digits, ""),
    };
    let n = int_part.len();
    let mut out = String::with_capacity(n + n / every + rest.len());
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (n - i) % every == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out.push_str(rest);
    out
}

fn pad(body: String, sign: &str, s: &Spec, default_align: char) -> String {
    let len = body.chars().count() + sign.chars().count();
    if len >= s.width {
        return format!("{sign}{body}");
    }
    let fill = s.fill.unwrap_or(if s.zero && s.align.is_none() {
        '0'
    } else {
        ' '
    });
    let align = s.align.unwrap_or(if s.zero { '=' } else { default_align });
    let n = s.width - len;
    let f = |k: usize| std::iter::repeat_n(fill, k).collect::<String>();
    match align {
        '<' => format!("{sign}{body}{}", f(n)),
        '^' => format!("{}{sign}{body}{}", f(n / 2), f(n - n / 2)),
        '=' => format!("{sign}{}{body}", f(n)),
        _ => format!("{}{sign}{body}", f(n)),
    }
}

/// `format(v, spec)` for builtin values.
pub(crate) fn format_value(vm: &mut Vm, v: Value, spec: &str) -> VmResult<String> {
    if crate::class::is_user_object(vm, v) {
        let spec_v = vm.new_str(spec)?;
        return crate::class::dunder::format(vm, v, spec_v);
    }
    if spec.is_empty() {
        return to_str(vm, v);
    }
    let s = parse_spec(spec)?;
    // A width no string could reach is a MemoryError (CPython's failed allocation), not an abort.
    if s.width > crate::error::MAX_SEQUENCE_BYTES / 4 {
        return Err(crate::error::memory_error());
    }
    let heap = &vm.heap;
    if let Some(st) = ops::as_str(heap, v) {
        if !matches!(s.ty, None | Some('s')) {
            return Err(value_error(format!(
                "Unknown format code '{}' for object of type 'str'",
                s.ty.unwrap_or(' ')
            )));
        }
        if s.sign.is_some() {
            return Err(value_error("Sign not allowed in string format specifier"));
        }
        let mut body = st.as_str().to_string();
        if let Some(p) = s.precision {
            body = body.chars().take(p).collect();
        }
        return Ok(pad(body, "", &s, '<'));
    }
    let Some(n) = ops::num(heap, v) else {
        if matches!(v, Value::None) || v.as_obj().is_some() {
            return Err(type_error(format!(
                "unsupported format string passed to {}.__format__",
                type_name(heap, v)
            )));
        }
        return to_str(vm, v);
    };
    let is_int = !matches!(n, Num::F(_));
    let ty = s.ty;
    let float_ty =
        matches!(ty, Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%')) || (!is_int && ty.is_none());
    if is_int && !float_ty {
        let b = match &n {
            Num::I(i) => BigInt::from(*i),
            Num::B(b) => b.clone(),
            Num::F(_) => unreachable!(),
        };
        if s.precision.is_some() {
            return Err(value_error(
                "Precision not allowed in integer format specifier",
            ));
        }
        let neg = b.sign() == num_bigint::Sign::Minus;
        let mag = b.magnitude();
        let (digits, prefix) = match ty {
            None | Some('d') | Some('n') => (mag.to_string(), ""),
            Some('x') => (mag.to_str_radix(16), "0x"),
            Some('X') => (mag.to_str_radix(16).to_uppercase(), "0X"),
            Some('o') => (mag.to_str_radix(8), "0o"),
            Some('b') => (mag.to_str_radix(2), "0b"),
            Some('c') => {
                let c = b
                    .to_u32()
                    .and_then(char::from_u32)
                    .ok_or_else(|| overflow_error("%c arg not in range(0x110000)"))?;
                return Ok(pad(c.to_string(), "", &s, '<'));
            }
            Some(other) => {
                return Err(value_error(format!(
                    "Unknown format code '{other}' for object of type 'int'"
                )))
            }
        };
        let digits = match s.grouping {
            Some(g) => group(
                &digits,
                g,
                if matches!(ty, Some('x' | 'X' | 'o' | 'b')) {
                    4
                } else {
                    3
                },
            ),
            None => digits,
        };
        let sign = if neg {
            "-"
        } else {
            match s.sign {
                Some('+') => "+",
                Some(' ') => " ",
                _ => "",
            }
        };
        let sign = if s.alt {
            format!("{sign}{prefix}")
        } else {
            sign.to_string()
        };
        return Ok(pad(digits, &sign, &s, '>'));
    }
    let x = match n {
        Num::I(i) => i as f64,
        Num::F(f) => f,
        Num::B(b) => b.to_f64().unwrap_or(f64::INFINITY),
    };
    if s.precision.is_some_and(|p| p > i32::MAX as usize) {
        return Err(value_error("precision too big"));
    }
    let neg = x.is_sign_negative() && !x.is_nan();
    let a = x.abs();
    let mut body = match ty {
        Some('f' | 'F') => format_fixed(a, s.precision.unwrap_or(6)),
        Some('e' | 'E') => format_exp(a, s.precision.unwrap_or(6), ty == Some('E')),
        Some('g' | 'G') => format_general(a, s.precision.unwrap_or(6), ty == Some('G')),
        Some('%') => format!("{}%", format_fixed(a * 100.0, s.precision.unwrap_or(6))),
        None => match s.precision {
            None => float_repr(a),
            Some(p) => {
                let g = format_general(a, p, false);
                if g.contains(['.', 'e', 'n', 'i']) {
                    g
                } else {
                    format!("{g}.0")
                }
            }
        },
        Some(other) => {
            return Err(value_error(format!(
                "Unknown format code '{other}' for object of type 'float'"
            )))
        }
    };
    if ty == Some('F') {
        body = body.to_uppercase();
    }
    if let Some(g) = s.grouping {
        body = group(&body, g, 3);
    }
    let sign = if neg {
        "-"
    } else {
        match s.sign {
            Some('+') => "+",
            Some(' ') => " ",
            _ => "",
        }
    };
    Ok(pad(body, sign, &s, '>'))
}
