//! `str.format` and `str.format_map`: replacement fields (`{0}`, `{name}`, `{}`; `.attr` and
//! `[key]` lookups; `!r`/`!s`/`!a`; format specs with nested fields), rendered through the
//! format-spec module. Calling `__format__` of user objects needs the interpreter.

use super::{type_name, util};
use crate::error::{index_error, value_error, VmError, VmResult};
use crate::native::Args;
use crate::numeric::int::Int;
use crate::value::Value;
use crate::Vm;

/// Where field values come from.
struct Source<'a> {
    positional: &'a [Value],
    /// keyword arguments (`format`) as (name, value)
    keywords: Vec<(String, Value)>,
    /// the mapping of `format_map`
    mapping: Option<Value>,
    /// automatic numbering state: None unknown, Some(true) auto, Some(false) manual
    auto: Option<bool>,
    next: usize,
}

fn fmt_err(msg: impl Into<String>) -> VmError {
    value_error(msg)
}

/// `str.format(*args, **kwargs)`.
pub fn format(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (this, rest) = util::split_self(&args, "str", "format")?;
    let Some(s) = util::as_str(&vm.heap, this) else {
        return Err(util::wrong_receiver(
            "str",
            "format",
            type_name(&vm.heap, this),
        ));
    };
    let text = s.as_str().to_string();
    let keywords = rest
        .kwargs(&vm.heap)
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let mut src = Source {
        positional: rest.positional(),
        keywords,
        mapping: None,
        auto: None,
        next: 0,
    };
    let out = render(vm, &text, &mut src, 2)?;
    vm.new_str(out)
}

/// `str.format_map(mapping)`.
pub fn format_map(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (this, rest) = util::split_self(&args, "str", "format_map")?;
    let Some(s) = util::as_str(&vm.heap, this) else {
        return Err(util::wrong_receiver(
            "str",
            "format_map",
            type_name(&vm.heap, this),
        ));
    };
    rest.check_count("str.format_map", 1, 1)?;
    let text = s.as_str().to_string();
    let mut src = Source {
        positional: &[],
        keywords: Vec::new(),
        mapping: Some(rest.positional()[0]),
        auto: None,
        next: 0,
    };
    let out = render(vm, &text, &mut src, 2)?;
    vm.new_str(out)
}

/// Render a format string (`depth` limits nesting in specs).
fn render(vm: &mut Vm, text: &str, src: &mut Source<'_>, depth: usize) -> VmResult<String> {
    if depth == 0 {
        return Err(fmt_err("Max string recursion exceeded"));
    }
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' if b.get(i + 1) == Some(&b'{') => {
                out.push('{');
                i += 2;
            }
            b'}' if b.get(i + 1) == Some(&b'}') => {
                out.push('}');
                i += 2;
            }
            b'}' => return Err(fmt_err("Single '}' encountered in format string")),
            b'{' => {
                if i + 1 == b.len() {
                    return Err(fmt_err("Single '{' encountered in format string"));
                }
                let (name, conv, spec, next) = parse_field(text, i + 1)?;
                let s = field_value(vm, name, conv, spec, src, depth)?;
                out.push_str(&s);
                i = next;
            }
            _ => {
                let start = i;
                while i < b.len() && b[i] != b'{' && b[i] != b'}' {
                    i += 1;
                }
                out.push_str(&text[start..i]);
            }
        }
    }
    Ok(out)
}

/// Parse a replacement field starting after its `{` (CPython 3.11's `parse_field`): the name,
/// the conversion, the spec and the index after the closing `}`.
fn parse_field(text: &str, start: usize) -> VmResult<(&str, Option<char>, &str, usize)> {
    let b = text.as_bytes();
    let mut i = start;
    let mut stop = None;
    while i < b.len() {
        let c = b[i];
        i += 1;
        match c {
            b'{' => return Err(fmt_err("unexpected '{' in field name")),
            b'[' => {
                while i < b.len() && b[i] != b']' {
                    i += 1;
                }
            }
            b'}' | b':' | b'!' => {
                stop = Some(c);
                break;
            }
            _ => {}
        }
    }
    let Some(mut c) = stop else {
        return Err(fmt_err("expected '}' before end of string"));
    };
    let name = &text[start..i - 1];
    if c == b'}' {
        return Ok((name, None, "", i));
    }
    let mut conv = None;
    if c == b'!' {
        let Some(ch) = text[i..].chars().next() else {
            return Err(fmt_err(
                "end of string while looking for conversion specifier",
            ));
        };
        conv = Some(ch);
        i += ch.len_utf8();
        if i < b.len() {
            c = b[i];
            i += 1;
            if c == b'}' {
                return Ok((name, conv, "", i));
            }
            if c != b':' {
                return Err(fmt_err("expected ':' after conversion specifier"));
            }
        }
    }
    // the spec runs to the matching '}'
    let spec_start = i;
    let mut count = 1;
    while i < b.len() {
        match b[i] {
            b'{' => count += 1,
            b'}' => {
                count -= 1;
                if count == 0 {
                    return Ok((name, conv, &text[spec_start..i], i + 1));
                }
            }
            _ => {}
        }
        i += 1;
    }
    Err(fmt_err("unmatched '{' in format spec"))
}

fn field_value(
    vm: &mut Vm,
    name: &str,
    conv: Option<char>,
    spec: &str,
    src: &mut Source<'_>,
    depth: usize,
) -> VmResult<String> {
    let v = lookup(vm, name, src)?;
    let spec = if spec.contains('{') {
        render(vm, spec, src, depth - 1)?
    } else {
        spec.to_string()
    };
    let converted;
    let v = match conv {
        None => v,
        Some(c @ ('r' | 's' | 'a')) => {
            let s = match c {
                'r' => vm.repr(v)?,
                's' => vm.to_str(v)?,
                _ => ascii(&vm.repr(v)?),
            };
            converted = vm.new_str(s)?;
            converted
        }
        Some(c) => {
            return Err(fmt_err(format!("Unknown conversion specifier {c}")));
        }
    };
    format_one(vm, v, &spec)
}

/// `format(v, spec)` (`str(v)` for an empty spec; a user object's `__format__`).
pub fn format_one(vm: &mut Vm, v: Value, spec: &str) -> VmResult<String> {
    if spec.is_empty() {
        return vm.to_str(v);
    }
    if crate::class::is_user_object(vm, v) {
        return crate::builtins::format_value(vm, v, spec);
    }
    crate::format::format_value(&vm.heap, v, spec, vm.config().max_depth)
}

/// `ascii()` of a repr: escape non-ASCII chars.
pub fn ascii(repr: &str) -> String {
    let mut out = String::with_capacity(repr.len());
    for c in repr.chars() {
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

/// Resolve `arg_name(.attr|[key])*`.
fn lookup(vm: &mut Vm, name: &str, src: &mut Source<'_>) -> VmResult<Value> {
    let end = name.find(['.', '[']).unwrap_or(name.len());
    let (first, mut rest) = name.split_at(end);
    let mut v = if first.is_empty() || first.bytes().all(|c| c.is_ascii_digit()) {
        let index = if first.is_empty() {
            if src.auto == Some(false) {
                return Err(fmt_err(
                    "cannot switch from manual field specification to automatic field numbering",
                ));
            }
            src.auto = Some(true);
            src.next += 1;
            src.next - 1
        } else {
            if src.auto == Some(true) {
                return Err(fmt_err(
                    "cannot switch from automatic field numbering to manual field specification",
                ));
            }
            src.auto = Some(false);
            first
                .parse::<usize>()
                .map_err(|_| fmt_err("Too many decimal digits in format string"))?
        };
        if src.mapping.is_some() {
            return Err(fmt_err("Format string contains positional fields"));
        }
        match src.positional.get(index) {
            Some(&v) => v,
            None => {
                return Err(index_error(format!(
                    "Replacement index {index} out of range for positional args tuple"
                )))
            }
        }
    } else if let Some(m) = src.mapping {
        let key = vm.new_str(first)?;
        getitem(vm, m, key)?
    } else {
        match src.keywords.iter().find(|(k, _)| k == first) {
            Some(&(_, v)) => v,
            None => {
                let key = vm.new_str(first)?;
                return Err(util::key_error(vm, key));
            }
        }
    };
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let attr = &r[..end];
            if attr.is_empty() {
                return Err(fmt_err("Empty attribute in format string"));
            }
            v = getattr(vm, v, attr)?;
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(close) = r.find(']') else {
                return Err(fmt_err("Missing ']' in format string"));
            };
            let key = &r[..close];
            if key.is_empty() {
                return Err(fmt_err("Empty attribute in format string"));
            }
            let k = if key.bytes().all(|c| c.is_ascii_digit()) {
                Int::parse(key, 10)?.into_value(&mut vm.heap)?
            } else {
                vm.new_str(key)?
            };
            v = getitem(vm, v, k)?;
            rest = &r[close + 1..];
            if !rest.is_empty() && !rest.starts_with(['.', '[']) {
                return Err(fmt_err(
                    "Only '.' or '[' may follow ']' in format field specifier",
                ));
            }
        } else {
            return Err(fmt_err(
                "Only '.' or '[' may follow ']' in format field specifier",
            ));
        }
    }
    Ok(v)
}

/// `v[k]` (the interpreter's subscript).
fn getitem(vm: &mut Vm, v: Value, k: Value) -> VmResult<Value> {
    crate::interp::ops::getitem(vm, v, k)
}

/// `v.attr` (the interpreter's attribute lookup).
fn getattr(vm: &mut Vm, v: Value, attr: &str) -> VmResult<Value> {
    let name = vm.new_str(attr)?;
    let id = vm.interner.intern(attr);
    crate::interp::attrs::get_attr(vm, v, name, id)
}
