//! `repr`, `str` and `%`-formatting of builtin values, as CPython prints them.
//!
//! Nested containers are walked with a depth limit (`VmConfig::max_depth`, RecursionError past
//! it) and a "being printed" set, so a list containing itself prints `[[...]]` as in CPython.

use crate::error::{recursion_error, type_error, value_error, ExcKind, VmResult};
use crate::heap::Heap;
use crate::object::{IterState, Object};
use crate::repr::float_repr;
use crate::types::{type_name, TypeObject};
use crate::value::{ObjRef, Value};
use crate::Vm;
use hotpy_lexer::pyrepr::{bytes_repr, str_repr};
use std::fmt::Write as _;

struct Ctx<'a> {
    heap: &'a Heap,
    max_depth: usize,
    active: Vec<ObjRef>,
}

/// `repr(v)`.
pub(crate) fn repr(vm: &Vm, v: Value) -> VmResult<String> {
    match v {
        Value::Int(i) => return Ok(itoa_i64(i)),
        Value::Float(f) => return Ok(float_repr(f)),
        _ => {}
    }
    let mut out = String::new();
    let mut ctx = Ctx {
        heap: &vm.heap,
        max_depth: vm.config().max_depth,
        active: Vec::new(),
    };
    write_repr(&mut ctx, v, &mut out, 0)?;
    Ok(out)
}

/// `str(v)`.
pub(crate) fn to_str(vm: &Vm, v: Value) -> VmResult<String> {
    if let Value::Obj(r) = v {
        match vm.heap.get(r) {
            Object::Str(s) => return Ok(s.as_str().to_string()),
            Object::Exception(_) => return exception_str(vm, r),
            _ => {}
        }
    }
    repr(vm, v)
}

/// `str(exc)`: `''` without args, `str(arg)` for one (`repr(key)` for KeyError), else
/// `str(args)`.
pub(crate) fn exception_str(vm: &Vm, r: ObjRef) -> VmResult<String> {
    let Object::Exception(e) = vm.heap.get(r) else {
        return Ok(String::new());
    };
    let args: Vec<Value> = match e.args {
        Value::Obj(a) => match vm.heap.get(a) {
            Object::Tuple(t) => t.to_vec(),
            _ => vec![],
        },
        _ => vec![],
    };
    match args.len() {
        0 => Ok(String::new()),
        1 if e.kind == ExcKind::KeyError => repr(vm, args[0]),
        1 => to_str(vm, args[0]),
        _ => repr(vm, e.args),
    }
}

/// Decimal text of an i64.
pub(crate) fn itoa_i64(i: i64) -> String {
    let mut buf = [0u8; 20];
    let mut n = i.unsigned_abs();
    let mut pos = buf.len();
    loop {
        pos -= 1;
        buf[pos] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut s = String::with_capacity(buf.len() - pos + usize::from(i < 0));
    if i < 0 {
        s.push('-');
    }
    // The digits are ASCII.
    s.push_str(std::str::from_utf8(&buf[pos..]).unwrap_or("0"));
    s
}

fn hex_id(r: ObjRef) -> String {
    format!("0x{:012x}", 0x7f00_0000_0000u64 + r.id() * 16)
}

fn write_repr(ctx: &mut Ctx<'_>, v: Value, out: &mut String, depth: usize) -> VmResult<()> {
    match v {
        Value::None => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&float_repr(f)),
        Value::Obj(r) => {
            if depth > ctx.max_depth {
                return Err(recursion_error(
                    "maximum recursion depth exceeded while getting the repr of an object",
                ));
            }
            let heap = ctx.heap;
            let obj = heap.get(r);
            let container = matches!(
                obj,
                Object::List(_)
                    | Object::Tuple(_)
                    | Object::Dict(_)
                    | Object::Set(_)
                    | Object::FrozenSet(_)
            );
            if container {
                if ctx.active.contains(&r) {
                    out.push_str(match obj {
                        Object::List(_) => "[...]",
                        Object::Dict(_) => "{...}",
                        _ => "...",
                    });
                    return Ok(());
                }
                ctx.active.push(r);
            }
            let result = write_obj(ctx, r, obj, out, depth);
            if container {
                ctx.active.pop();
            }
            result?;
        }
    }
    Ok(())
}

fn write_items(ctx: &mut Ctx<'_>, items: &[Value], out: &mut String, depth: usize) -> VmResult<()> {
    for (i, &x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_repr(ctx, x, out, depth + 1)?;
    }
    Ok(())
}

fn write_obj(
    ctx: &mut Ctx<'_>,
    r: ObjRef,
    obj: &Object,
    out: &mut String,
    depth: usize,
) -> VmResult<()> {
    let heap = ctx.heap;
    match obj {
        Object::Str(s) => out.push_str(&str_repr(s.as_str())),
        Object::BigInt(b) => {
            let _ = write!(out, "{b}");
        }
        Object::Bytes(b) => out.push_str(&bytes_repr(b)),
        Object::ByteArray(b) => {
            let _ = write!(out, "bytearray({})", bytes_repr(b));
        }
        Object::List(items) => {
            out.push('[');
            write_items(ctx, items, out, depth)?;
            out.push(']');
        }
        Object::Tuple(items) => {
            out.push('(');
            write_items(ctx, items, out, depth)?;
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        Object::Dict(d) => {
            out.push('{');
            for (i, (k, v)) in d.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(ctx, k, out, depth + 1)?;
                out.push_str(": ");
                write_repr(ctx, *v, out, depth + 1)?;
            }
            out.push('}');
        }
        Object::Set(s) => {
            if s.is_empty() {
                out.push_str("set()");
            } else {
                out.push('{');
                let keys: Vec<Value> = s.iter().map(|(k, _)| k).collect();
                write_items(ctx, &keys, out, depth)?;
                out.push('}');
            }
        }
        Object::FrozenSet(s) => {
            if s.is_empty() {
                out.push_str("frozenset()");
            } else {
                out.push_str("frozenset({");
                let keys: Vec<Value> = s.iter().map(|(k, _)| k).collect();
                write_items(ctx, &keys, out, depth)?;
                out.push_str("})");
            }
        }
        Object::Range(rg) => {
            out.push_str("range(");
            write_repr(ctx, rg.start, out, depth + 1)?;
            out.push_str(", ");
            write_repr(ctx, rg.stop, out, depth + 1)?;
            if rg.step != Value::Int(1) {
                out.push_str(", ");
                write_repr(ctx, rg.step, out, depth + 1)?;
            }
            out.push(')');
        }
        Object::Slice(s) => {
            out.push_str("slice(");
            write_items(ctx, &[s.start, s.stop, s.step], out, depth)?;
            out.push(')');
        }
        Object::Function(f) => {
            let name = match f.qualname.as_obj().map(|q| heap.get(q)) {
                Some(Object::Str(s)) => s.as_str().to_string(),
                _ => "?".into(),
            };
            let _ = write!(out, "<function {name} at {}>", hex_id(r));
        }
        Object::NativeFunction(f) => match f.receiver {
            None => {
                let _ = write!(out, "<built-in function {}>", f.name);
            }
            Some(recv) => {
                let _ = write!(
                    out,
                    "<built-in method {} of {} object at {}>",
                    f.name,
                    type_name(heap, recv),
                    recv.as_obj().map(hex_id).unwrap_or_default()
                );
            }
        },
        Object::BoundMethod(m) => {
            if let Some(Object::NativeFunction(f)) = m.function.as_obj().map(|f| heap.get(f)) {
                let _ = write!(
                    out,
                    "<built-in method {} of {} object at {}>",
                    f.name,
                    type_name(heap, m.receiver),
                    m.receiver.as_obj().map(hex_id).unwrap_or_default()
                );
            } else {
                out.push_str("<bound method ");
                if let Some(Object::Function(f)) = m.function.as_obj().map(|f| heap.get(f)) {
                    if let Some(Object::Str(s)) = f.qualname.as_obj().map(|q| heap.get(q)) {
                        out.push_str(s.as_str());
                    }
                }
                out.push_str(" of ");
                write_repr(ctx, m.receiver, out, depth + 1)?;
                out.push('>');
            }
        }
        Object::Exception(e) => {
            out.push_str(e.kind.name());
            match e.args.as_obj().map(|a| heap.get(a)) {
                Some(Object::Tuple(t)) if t.len() == 1 => {
                    out.push('(');
                    write_repr(ctx, t[0], out, depth + 1)?;
                    out.push(')');
                }
                Some(Object::Tuple(_)) => write_repr(ctx, e.args, out, depth + 1)?,
                _ => out.push_str("()"),
            }
        }
        Object::Module(m) => {
            let name = match m.name.as_obj().map(|q| heap.get(q)) {
                Some(Object::Str(s)) => s.as_str().to_string(),
                _ => "?".into(),
            };
            let _ = write!(out, "<module '{name}'>");
        }
        Object::Cell(_) => {
            let _ = write!(out, "<cell at {}>", hex_id(r));
        }
        Object::Iterator(it) => {
            let kind = match it {
                IterState::Seq { seq, .. } => match heap.get(*seq) {
                    Object::List(_) => "list_iterator",
                    Object::Tuple(_) => "tuple_iterator",
                    Object::Str(_) => "str_ascii_iterator",
                    Object::Bytes(_) => "bytes_iterator",
                    _ => "iterator",
                },
                IterState::Range { .. } => "range_iterator",
                IterState::Dict { dict, what, .. } => match (heap.get(*dict), what) {
                    (Object::Dict(_), 0) => "dict_keyiterator",
                    (Object::Dict(_), 1) => "dict_valueiterator",
                    (Object::Dict(_), _) => "dict_itemiterator",
                    _ => "set_iterator",
                },
                _ => "iterator",
            };
            let _ = write!(out, "<{kind} object at {}>", hex_id(r));
        }
        Object::Type(t) => {
            let _ = write!(out, "<class '{}'>", t.name());
        }
        Object::Code(c) => {
            let _ = write!(
                out,
                "<code object {} at {}, file \"{}\", line {}>",
                c.code.name(),
                hex_id(r),
                c.code.filename(),
                c.code.first_line()
            );
        }
        Object::Traceback(_) => {
            let _ = write!(out, "<traceback object at {}>", hex_id(r));
        }
        Object::Generator(g) => {
            let name = match g.func.as_obj().map(|f| heap.get(f)) {
                Some(Object::Function(f)) => match f.qualname.as_obj().map(|q| heap.get(q)) {
                    Some(Object::Str(s)) => s.as_str().to_string(),
                    _ => "?".into(),
                },
                _ => "?".into(),
            };
            let _ = write!(out, "<generator object {} at {}>", name, hex_id(r));
        }
    }
    Ok(())
}

/// The class name of a type object, if `v` is one.
pub(crate) fn type_object(heap: &Heap, v: Value) -> Option<TypeObject> {
    match v.as_obj().map(|r| heap.get(r)) {
        Some(Object::Type(t)) => Some(*t),
        _ => None,
    }
}

/// `fmt % args` (printf-style formatting of str).
pub(crate) fn percent_format(vm: &mut Vm, fmt: &str, args: Value) -> VmResult<String> {
    let heap = &vm.heap;
    let (items, is_tuple): (Vec<Value>, bool) = match args.as_obj().map(|r| heap.get(r)) {
        Some(Object::Tuple(t)) => (t.to_vec(), true),
        _ => (vec![args], false),
    };
    let mapping = matches!(args.as_obj().map(|r| heap.get(r)), Some(Object::Dict(_)));
    let mut out = String::with_capacity(fmt.len() + 16);
    let mut next = 0usize;
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        // %[(key)][flags][width][.precision]type
        let mut key: Option<String> = None;
        if chars.peek() == Some(&'(') {
            chars.next();
            let mut k = String::new();
            for c in chars.by_ref() {
                if c == ')' {
                    break;
                }
                k.push(c);
            }
            key = Some(k);
        }
        let mut flags = String::new();
        while let Some(&f) = chars.peek() {
            if "-+ #0".contains(f) {
                flags.push(f);
                chars.next();
            } else {
                break;
            }
        }
        let mut width = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() || d == '*' {
                width.push(d);
                chars.next();
            } else {
                break;
            }
        }
        let mut precision: Option<usize> = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() {
                    p.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            precision = Some(p.parse().unwrap_or(0));
        }
        let Some(conv) = chars.next() else {
            return Err(value_error("incomplete format"));
        };
        if conv == '%' {
            out.push('%');
            continue;
        }
        let arg = if let Some(k) = &key {
            if !mapping {
                return Err(type_error("format requires a mapping"));
            }
            let kv = vm.new_str(k.as_str())?;
            let d = args.as_obj().expect("mapping is a dict");
            match super::ops::dict_get(&vm.heap, d, kv)? {
                Some(v) => v,
                None => return Err(super::ops::key_error(vm, kv)),
            }
        } else {
            let Some(&a) = items.get(next) else {
                return Err(type_error("not enough arguments for format string"));
            };
            next += 1;
            a
        };
        let heap = &vm.heap;
        let body = match conv {
            's' => to_str(vm, arg)?,
            'r' | 'a' => repr(vm, arg)?,
            'd' | 'i' | 'u' => match super::ops::num(heap, arg) {
                Some(super::ops::Num::I(i)) => format_int_sign(i.to_string(), &flags),
                Some(super::ops::Num::B(b)) => format_int_sign(b.to_string(), &flags),
                Some(super::ops::Num::F(f)) => {
                    format_int_sign(format!("{}", f.trunc() as i64), &flags)
                }
                None => {
                    return Err(type_error(format!(
                        "%{conv} format: a real number is required, not {}",
                        type_name(heap, arg)
                    )))
                }
            },
            'x' | 'X' | 'o' => match super::ops::int_of(heap, arg) {
                Some(b) => {
                    let s = match conv {
                        'x' => format!("{b:x}"),
                        'X' => format!("{b:X}"),
                        _ => format!("{b:o}"),
                    };
                    format_int_sign(s, &flags)
                }
                None => {
                    return Err(type_error(format!(
                        "%{conv} format: an integer is required, not {}",
                        type_name(heap, arg)
                    )))
                }
            },
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                let x = match super::ops::num(heap, arg) {
                    Some(super::ops::Num::I(i)) => i as f64,
                    Some(super::ops::Num::F(f)) => f,
                    Some(super::ops::Num::B(b)) => {
                        num_traits::ToPrimitive::to_f64(&b).unwrap_or(f64::INFINITY)
                    }
                    None => {
                        return Err(type_error(format!(
                            "must be real number, not {}",
                            type_name(heap, arg)
                        )))
                    }
                };
                let p = precision.unwrap_or(6);
                let s = match conv {
                    'f' | 'F' => format_fixed(x, p),
                    'e' | 'E' => format_exp(x, p, conv == 'E'),
                    _ => format_general(x, p, conv == 'G'),
                };
                format_int_sign(s, &flags)
            }
            'c' => match arg {
                Value::Int(i) => char::from_u32(i as u32)
                    .map(String::from)
                    .unwrap_or_default(),
                _ => to_str(vm, arg)?,
            },
            other => {
                return Err(value_error(format!(
                    "unsupported format character '{other}' (0x{:x}) at index {}",
                    other as u32,
                    fmt.find(other).unwrap_or(0)
                )))
            }
        };
        let body = if matches!(conv, 's' | 'r' | 'a') {
            match precision {
                Some(p) => body.chars().take(p).collect(),
                None => body,
            }
        } else {
            body
        };
        let w: usize = width.parse().unwrap_or(0);
        let n = body.chars().count();
        if n >= w {
            out.push_str(&body);
        } else if flags.contains('-') {
            out.push_str(&body);
            out.extend(std::iter::repeat_n(' ', w - n));
        } else if flags.contains('0') && !matches!(conv, 's' | 'r' | 'a') {
            let (sign, digits) = match body.chars().next() {
                Some(c @ ('-' | '+' | ' ')) => (&body[..c.len_utf8()], &body[c.len_utf8()..]),
                _ => ("", body.as_str()),
            };
            out.push_str(sign);
            out.extend(std::iter::repeat_n('0', w - n));
            out.push_str(digits);
        } else {
            out.extend(std::iter::repeat_n(' ', w - n));
            out.push_str(&body);
        }
    }
    if !mapping && next < items.len() && (is_tuple || next == 0) {
        return Err(type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

fn format_int_sign(s: String, flags: &str) -> String {
    if s.starts_with('-') {
        s
    } else if flags.contains('+') {
        format!("+{s}")
    } else if flags.contains(' ') {
        format!(" {s}")
    } else {
        s
    }
}

/// `'%.*f' % (p, x)`.
pub(crate) fn format_fixed(x: f64, p: usize) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    format!("{x:.p$}")
}

/// `'%.*e' % (p, x)`.
pub(crate) fn format_exp(x: f64, p: usize, upper: bool) -> String {
    if !x.is_finite() {
        return format_fixed(x, p);
    }
    let s = format!("{x:.p$e}");
    // Rust: 1.5e3 → Python: 1.5e+03
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let (sign, digits) = match e.strip_prefix('-') {
        Some(d) => ('-', d),
        None => ('+', e),
    };
    let out = format!("{m}e{sign}{digits:0>2}");
    if upper {
        out.to_uppercase()
    } else {
        out
    }
}

/// `'%.*g' % (p, x)`.
pub(crate) fn format_general(x: f64, p: usize, upper: bool) -> String {
    if !x.is_finite() {
        return format_fixed(x, p);
    }
    let p = p.max(1);
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let exp = x.abs().log10().floor() as i32;
    // Round first to know the real exponent.
    let e_repr = format!("{:.*e}", p - 1, x);
    let exp_after: i32 = e_repr
        .split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(exp);
    let s = if exp_after < -4 || exp_after >= p as i32 {
        let s = format_exp(x, p - 1, upper);
        let (m, e) = s
            .split_once(if upper { 'E' } else { 'e' })
            .unwrap_or((&s, ""));
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        };
        format!("{m}{}{e}", if upper { 'E' } else { 'e' })
    } else {
        let decimals = (p as i32 - 1 - exp_after).max(0) as usize;
        let s = format!("{x:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    s
}
