//! `%`-formatting of str: `'%s %d %5.2f %x %r %%' % args`, `%(key)s` with a mapping, `*` widths,
//! with CPython 3.11's argument handling and error messages.
//!
//! Conversions that may need the interpreter (`str()`/`repr()` of instances, `__index__`,
//! `__float__`, mapping `__getitem__`) go through the [`FormatHost`] trait; [`HeapHost`]
//! implements it for builtin values.

use super::render::{fmt_e, fmt_f, fmt_g};
use crate::error::{overflow_error, type_error, value_error, ExcKind, VmError, VmResult};
use crate::heap::Heap;
use crate::numeric::int::Int;
use crate::object::Object;
use crate::ops;
use crate::repr;
use crate::value::Value;

/// What `%`-formatting needs from its environment.
pub trait FormatHost {
    /// The heap the values live in.
    fn heap(&self) -> &Heap;
    /// `str(v)`
    fn str(&mut self, v: Value) -> VmResult<String>;
    /// `repr(v)`
    fn repr(&mut self, v: Value) -> VmResult<String>;
    /// `mapping[key]` for `%(key)s`; `KeyError` when absent.
    fn getitem_str(&mut self, mapping: Value, key: &str) -> VmResult<Value>;
    /// `mapping[key]` for `%(key)s` in bytes formatting (the key is a bytes object).
    fn getitem_bytes(&mut self, mapping: Value, _key: &[u8]) -> VmResult<Value> {
        Err(type_error(format!(
            "'{}' object is not subscriptable",
            ops::type_name(self.heap(), mapping)
        )))
    }
    /// The int value of `v` for `%d`/`%x`/`%c`/`*` (`None`: not an int; builtin ints and bools
    /// are handled before this is asked).
    fn index(&mut self, _v: Value) -> VmResult<Option<Int>> {
        Ok(None)
    }
}

/// A [`FormatHost`] over builtin values only.
pub struct HeapHost<'h> {
    /// The heap.
    pub heap: &'h Heap,
    /// Nesting limit for `repr`.
    pub max_depth: usize,
}

impl FormatHost for HeapHost<'_> {
    fn heap(&self) -> &Heap {
        self.heap
    }
    fn str(&mut self, v: Value) -> VmResult<String> {
        repr::str(self.heap, v, self.max_depth)
    }
    fn repr(&mut self, v: Value) -> VmResult<String> {
        repr::repr(self.heap, v, self.max_depth)
    }
    fn getitem_str(&mut self, mapping: Value, key: &str) -> VmResult<Value> {
        let missing = || VmError::new(ExcKind::KeyError, hotpy_lexer::pyrepr::str_repr(key));
        match mapping {
            Value::Obj(r) if matches!(self.heap.try_get(r)?, Object::Dict(_)) => {
                ops::dict_get_str(self.heap, r, key)?.ok_or_else(missing)
            }
            _ => Err(type_error(format!(
                "'{}' object is not subscriptable",
                ops::type_name(self.heap, mapping)
            ))),
        }
    }
}

/// `ascii(v)`-style escaping of a repr: non-ASCII chars as `\xNN`, `\uNNNN`, `\UNNNNNNNN`.
pub fn ascii_escape(s: &str) -> String {
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

struct Args {
    positional: Vec<Value>,
    single: Value,
    arglen: isize,
    argidx: isize,
    dict: Option<Value>,
}

impl Args {
    fn next(&mut self) -> VmResult<Value> {
        if self.argidx < self.arglen {
            let i = self.argidx;
            self.argidx += 1;
            if self.arglen < 0 {
                return Ok(self.single);
            }
            return Ok(self.positional[i as usize]);
        }
        Err(type_error("not enough arguments for format string"))
    }
}

#[derive(Default)]
struct Flags {
    left: bool,
    sign: bool,
    space: bool,
    alt: bool,
    zero: bool,
}

/// `fmt % args`.
pub fn percent_format(host: &mut dyn FormatHost, fmt: &str, args: Value) -> VmResult<String> {
    format_impl(host, fmt, args, false)
}

/// `bytes % args` (PEP 461): the format and the result are bytes. The work is done on text whose
/// chars are the bytes (latin-1), so every byte survives; `%s`/`%b` take bytes-like arguments,
/// `%r`/`%a` give `ascii(repr(x))`, `%c` an int below 256 or a single byte.
pub fn bytes_percent_format(
    host: &mut dyn FormatHost,
    fmt: &[u8],
    args: Value,
) -> VmResult<Vec<u8>> {
    let text: String = fmt.iter().map(|&b| char::from(b)).collect();
    let out = format_impl(host, &text, args, true)?;
    // Every char is below 256 by construction (conversions emit latin-1 or ASCII).
    Ok(out
        .chars()
        .map(|c| u8::try_from(c as u32).unwrap_or(b'?'))
        .collect())
}

/// The bytes of a bytes-like value as latin-1 text, for `%s` in bytes formatting.
fn bytes_like_text(heap: &Heap, v: Value) -> VmResult<Option<String>> {
    Ok(match v {
        Value::Obj(r) => match heap.try_get(r)? {
            Object::Bytes(b) => Some(b.iter().map(|&x| char::from(x)).collect()),
            Object::ByteArray(b) => Some(b.iter().map(|&x| char::from(x)).collect()),
            _ => None,
        },
        _ => None,
    })
}

fn format_impl(host: &mut dyn FormatHost, fmt: &str, args: Value, bytes: bool) -> VmResult<String> {
    let heap = host.heap();
    let (positional, is_tuple) = match args {
        Value::Obj(r) => match heap.try_get(r)? {
            Object::Tuple(items) => (items.to_vec(), true),
            _ => (Vec::new(), false),
        },
        _ => (Vec::new(), false),
    };
    let is_mapping = !is_tuple
        && match args {
            // Whatever has `__getitem__` but is no tuple, nor (for str) a str, nor (for bytes) a
            // bytes, bytearray or str: CPython's test for "args is a mapping".
            Value::Obj(r) => match heap.try_get(r)? {
                Object::Dict(_) | Object::List(_) | Object::Range(_) => true,
                Object::Bytes(_) | Object::ByteArray(_) => !bytes,
                _ => false,
            },
            _ => false,
        };
    let mut a = Args {
        arglen: if is_tuple {
            positional.len() as isize
        } else {
            -1
        },
        argidx: if is_tuple { 0 } else { -2 },
        positional,
        single: args,
        dict: is_mapping.then_some(args),
    };
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        let incomplete = || value_error("incomplete format");
        if chars.get(i) == Some(&'%') {
            out.push('%');
            i += 1;
            continue;
        }
        // %(key)
        if chars.get(i) == Some(&'(') {
            let Some(dict) = a.dict else {
                return Err(type_error("format requires a mapping"));
            };
            let mut depth = 1;
            let start = i + 1;
            i += 1;
            while i < chars.len() && depth > 0 {
                match chars[i] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            if depth > 0 {
                return Err(value_error("incomplete format key"));
            }
            let key: String = chars[start..i - 1].iter().collect();
            a.single = if bytes {
                let key: Vec<u8> = key.chars().map(|c| c as u32 as u8).collect();
                host.getitem_bytes(dict, &key)?
            } else {
                host.getitem_str(dict, &key)?
            };
            a.arglen = -1;
            a.argidx = -2;
        }
        let mut f = Flags::default();
        while let Some(&c) = chars.get(i) {
            match c {
                '-' => f.left = true,
                '+' => f.sign = true,
                ' ' => f.space = true,
                '#' => f.alt = true,
                '0' => f.zero = true,
                _ => break,
            }
            i += 1;
        }
        let mut width: usize = 0;
        if chars.get(i) == Some(&'*') {
            let w = star(host, a.next()?, "ssize_t")?;
            if w < 0 {
                f.left = true;
            }
            width = w.unsigned_abs() as usize;
            i += 1;
        } else {
            while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
                width = width
                    .checked_mul(10)
                    .and_then(|w| w.checked_add(d as usize))
                    .ok_or_else(|| value_error("width too big"))?;
                i += 1;
            }
        }
        let mut prec: Option<usize> = None;
        if chars.get(i) == Some(&'.') {
            i += 1;
            if chars.get(i) == Some(&'*') {
                prec = Some(star(host, a.next()?, "int")?.max(0) as usize);
                i += 1;
            } else {
                let mut p = 0usize;
                while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
                    // CPython keeps the precision in a C int.
                    p = p
                        .checked_mul(10)
                        .and_then(|w| w.checked_add(d as usize))
                        .filter(|&p| p <= i32::MAX as usize)
                        .ok_or_else(|| value_error("precision too big"))?;
                    i += 1;
                }
                prec = Some(p);
            }
        }
        while matches!(chars.get(i), Some('h' | 'l' | 'L')) {
            i += 1;
        }
        let Some(&conv) = chars.get(i) else {
            return Err(incomplete());
        };
        let conv_index = i;
        i += 1;
        if width > crate::error::MAX_SEQUENCE_BYTES / 4
            || prec.is_some_and(|p| p > crate::error::MAX_SEQUENCE_BYTES / 4)
        {
            return Err(crate::error::memory_error());
        }
        let v = a.next()?;
        let piece = if bytes {
            convert_bytes(host, conv, conv_index, v, &f, prec)?
        } else {
            convert(host, conv, conv_index, v, &f, prec)?
        };
        let (body, numeric_prefix_len) = piece;
        out.push_str(&justify(&body, numeric_prefix_len, width, &f));
    }
    if a.argidx < a.arglen && a.dict.is_none() {
        return Err(type_error(if bytes {
            "not all arguments converted during bytes formatting"
        } else {
            "not all arguments converted during string formatting"
        }));
    }
    Ok(out)
}

/// A `*` width (`c_type` "ssize_t") or precision ("int"): an int, or CPython's OverflowError
/// when it does not fit the C type.
fn star(host: &mut dyn FormatHost, v: Value, c_type: &str) -> VmResult<i64> {
    let too_big = || overflow_error(format!("Python int too large to convert to C {c_type}"));
    match v {
        Value::Int(i) => Ok(i),
        Value::Bool(b) => Ok(b as i64),
        Value::Float(_) => Err(type_error("* wants int")),
        v => match int_of(host, v)? {
            Some(i) => {
                let i = i.to_i64().ok_or_else(too_big)?;
                if c_type == "int" && i32::try_from(i).is_err() {
                    return Err(too_big());
                }
                Ok(i)
            }
            None => Err(type_error("* wants int")),
        },
    }
}

/// Justify a converted piece. `prefix_len` is `Some(n)` for numbers (sign and prefix chars that
/// zero padding goes after), `None` for text (never zero-padded).
fn justify(body: &str, prefix_len: Option<usize>, width: usize, f: &Flags) -> String {
    let len = body.chars().count();
    if len >= width {
        return body.to_string();
    }
    let n = width - len;
    if f.left {
        return format!("{body}{}", " ".repeat(n));
    }
    match prefix_len {
        Some(p) if f.zero => {
            let split = body.char_indices().nth(p).map_or(body.len(), |(i, _)| i);
            format!("{}{}{}", &body[..split], "0".repeat(n), &body[split..])
        }
        _ => format!("{}{body}", " ".repeat(n)),
    }
}

fn int_of(host: &mut dyn FormatHost, v: Value) -> VmResult<Option<Int>> {
    if let Some(i) = Int::from_value(host.heap(), v) {
        return Ok(Some(i));
    }
    host.index(v)
}

/// A conversion of bytes formatting: the text ones differ from str's, the numeric ones are
/// str's.
fn convert_bytes(
    host: &mut dyn FormatHost,
    conv: char,
    index: usize,
    v: Value,
    f: &Flags,
    prec: Option<usize>,
) -> VmResult<(String, Option<usize>)> {
    let truncate = |s: String| match prec {
        Some(p) => s.chars().take(p).collect(),
        None => s,
    };
    match conv {
        's' | 'b' => match bytes_like_text(host.heap(), v)? {
            Some(s) => Ok((truncate(s), None)),
            None => Err(type_error(format!(
                "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                ops::type_name(host.heap(), v)
            ))),
        },
        'r' | 'a' => Ok((truncate(ascii_escape(&host.repr(v)?)), None)),
        'c' => {
            if let Some(s) = bytes_like_text(host.heap(), v)? {
                if s.chars().count() == 1 {
                    return Ok((s, None));
                }
            }
            let bad = || type_error("%c requires an integer in range(256) or a single byte");
            if !matches!(v, Value::Int(_) | Value::Bool(_))
                && !matches!(v, Value::Obj(r) if matches!(host.heap().try_get(r)?, Object::BigInt(_)))
            {
                return Err(bad());
            }
            let n = int_of(host, v)?.ok_or_else(bad)?;
            match n.to_i64().and_then(|i| u8::try_from(i).ok()) {
                Some(b) => Ok((char::from(b).to_string(), None)),
                None => Err(overflow_error("%c arg not in range(256)")),
            }
        }
        _ => convert(host, conv, index, v, f, prec),
    }
}

fn convert(
    host: &mut dyn FormatHost,
    conv: char,
    index: usize,
    v: Value,
    f: &Flags,
    prec: Option<usize>,
) -> VmResult<(String, Option<usize>)> {
    let sign_of = |negative: bool| {
        if negative {
            "-"
        } else if f.sign {
            "+"
        } else if f.space {
            " "
        } else {
            ""
        }
    };
    let tname = |host: &dyn FormatHost, v| ops::type_name(host.heap(), v);
    Ok(match conv {
        's' | 'r' | 'a' => {
            let s = match conv {
                's' => host.str(v)?,
                'r' => host.repr(v)?,
                _ => ascii_escape(&host.repr(v)?),
            };
            let s = match prec {
                Some(p) => s.chars().take(p).collect(),
                None => s,
            };
            (s, None)
        }
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
            let n = match v {
                Value::Float(x) if matches!(conv, 'd' | 'i' | 'u') => Int::from_f64(x)?,
                v => match int_of(host, v)? {
                    Some(n) => n,
                    None => {
                        return Err(type_error(if matches!(conv, 'd' | 'i' | 'u') {
                            format!(
                                "%{conv} format: a real number is required, not {}",
                                tname(host, v)
                            )
                        } else {
                            format!(
                                "%{conv} format: an integer is required, not {}",
                                tname(host, v)
                            )
                        }));
                    }
                },
            };
            let (radix, prefix) = match conv {
                'o' => (8, "0o"),
                'x' => (16, "0x"),
                'X' => (16, "0X"),
                _ => (10, ""),
            };
            let mut digits = n.abs().to_radix(radix, false)?;
            if conv == 'X' {
                digits.make_ascii_uppercase();
            }
            if let Some(p) = prec {
                if digits.len() < p {
                    digits = "0".repeat(p - digits.len()) + &digits;
                }
            }
            let prefix = if f.alt { prefix } else { "" };
            let sign = sign_of(n.is_negative());
            (
                format!("{sign}{prefix}{digits}"),
                Some(sign.len() + prefix.len()),
            )
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let x = match v {
                Value::Float(x) => x,
                v => match int_of(host, v)? {
                    Some(n) => n.to_f64()?,
                    None => {
                        return Err(type_error(format!(
                            "must be real number, not {}",
                            tname(host, v)
                        )))
                    }
                },
            };
            let p = prec.unwrap_or(6);
            let a = x.abs();
            let mut body = if !x.is_finite() {
                if x.is_nan() { "nan" } else { "inf" }.to_string()
            } else {
                match conv {
                    'e' | 'E' => fmt_e(a, p, f.alt),
                    'f' | 'F' => fmt_f(a, p, f.alt),
                    _ => fmt_g(a, p, f.alt, false),
                }
            };
            if conv.is_ascii_uppercase() {
                body.make_ascii_uppercase();
            }
            let sign = sign_of(x.is_sign_negative() && !x.is_nan());
            (format!("{sign}{body}"), Some(sign.len()))
        }
        'c' => {
            let heap = host.heap();
            let s = match v {
                Value::Obj(r) => match heap.try_get(r)? {
                    Object::Str(s) if s.char_len() == 1 => Some(s.as_str().to_string()),
                    Object::BigInt(_) => {
                        return Err(overflow_error("%c arg not in range(0x110000)"))
                    }
                    _ => None,
                },
                Value::Int(_) | Value::Bool(_) => None,
                _ => return Err(type_error("%c requires int or char")),
            };
            match s {
                Some(s) => (s, None),
                None => {
                    let n =
                        int_of(host, v)?.ok_or_else(|| type_error("%c requires int or char"))?;
                    let c = n
                        .to_i64()
                        .and_then(|i| u32::try_from(i).ok())
                        .and_then(char::from_u32)
                        .ok_or_else(|| overflow_error("%c arg not in range(0x110000)"))?;
                    (c.to_string(), None)
                }
            }
        }
        c => {
            return Err(value_error(format!(
                "unsupported format character '{}' ({:#x}) at index {index}",
                if c.is_ascii_graphic() || c == ' ' {
                    c.to_string()
                } else {
                    ascii_escape(&c.to_string())
                },
                c as u32
            )))
        }
    })
}
