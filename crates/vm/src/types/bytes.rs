//! Methods of `bytes` and `bytearray`. The shared methods return the receiver's type
//! (`bytearray.split` gives bytearrays).

use super::{type_name, util, MethodDef};
use crate::error::{index_error, type_error, value_error, ExcKind, VmError, VmResult};
use crate::heap::Heap;
use crate::native::Args;
use crate::object::Object;
use crate::value::{ObjRef, Value};
use crate::Vm;

/// A method of the `bytes` (`$ba` false) or `bytearray` table: checks the receiver's type first,
/// so that `bytes.decode(bytearray())` fails as in CPython although both tables share the code.
macro_rules! typed {
    ($ba:expr, $name:literal, $f:ident) => {
        MethodDef::new($name, |vm: &mut Vm, args: Args<'_>| {
            require(vm, &args, $ba, $name)?;
            $f(vm, args)
        })
    };
}

macro_rules! shared {
    ($ba:expr $(, $extra:expr)* $(,)?) => {
        &[
            typed!($ba, "decode", decode),
            typed!($ba, "hex", hex),
            MethodDef::new("fromhex", |vm: &mut Vm, args: Args<'_>| fromhex_entry(vm, args, $ba)),
            typed!($ba, "join", join),
            typed!($ba, "split", split),
            typed!($ba, "rsplit", rsplit),
            typed!($ba, "strip", strip),
            typed!($ba, "lstrip", lstrip),
            typed!($ba, "rstrip", rstrip),
            typed!($ba, "startswith", startswith),
            typed!($ba, "endswith", endswith),
            typed!($ba, "find", find),
            typed!($ba, "rfind", rfind),
            typed!($ba, "index", index),
            typed!($ba, "rindex", rindex),
            typed!($ba, "count", count),
            typed!($ba, "replace", replace),
            typed!($ba, "upper", upper),
            typed!($ba, "lower", lower),
            typed!($ba, "partition", partition),
            typed!($ba, "rpartition", rpartition),
            typed!($ba, "__len__", len),
            typed!($ba, "__contains__", contains),
            typed!($ba, "isalpha", isalpha),
            typed!($ba, "isdigit", isdigit),
            typed!($ba, "isalnum", isalnum),
            typed!($ba, "isspace", isspace),
            typed!($ba, "islower", islower),
            typed!($ba, "isupper", isupper),
            typed!($ba, "istitle", istitle),
            typed!($ba, "isascii", isascii),
            typed!($ba, "capitalize", capitalize),
            typed!($ba, "title", title),
            typed!($ba, "swapcase", swapcase),
            typed!($ba, "center", center),
            typed!($ba, "ljust", ljust),
            typed!($ba, "rjust", rjust),
            typed!($ba, "zfill", zfill),
            typed!($ba, "removeprefix", removeprefix),
            typed!($ba, "removesuffix", removesuffix),
            typed!($ba, "splitlines", splitlines),
            typed!($ba, "translate", translate),
            MethodDef::new("maketrans", maketrans_entry),
            MethodDef::new("__getitem__", |vm: &mut Vm, args: Args<'_>| {
                util::slot_getitem(vm, args, tname($ba))
            }),
            MethodDef::new("__iter__", |vm: &mut Vm, args: Args<'_>| {
                util::slot_iter(vm, args, tname($ba))
            }),
            $($extra,)*
        ]
    };
}

/// `TypeError: descriptor 'decode' for 'bytes' objects doesn't apply to a 'bytearray' object`.
fn require(vm: &Vm, args: &Args<'_>, bytearray: bool, method: &str) -> VmResult<()> {
    let ty = tname(bytearray);
    let Some(this) = args.get(0) else {
        return Ok(()); // the method itself reports the missing receiver
    };
    let ok = match util::obj(&vm.heap, this) {
        Some(Object::Bytes(_)) => !bytearray,
        Some(Object::ByteArray(_)) => bytearray,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(util::wrong_receiver(ty, method, type_name(&vm.heap, this)))
    }
}

/// The methods of `bytes`.
pub static BYTES_METHODS: &[MethodDef] = shared!(false);

/// The methods of `bytearray`.
pub static BYTEARRAY_METHODS: &[MethodDef] = shared!(
    true,
    MethodDef::new("append", append),
    MethodDef::new("extend", extend),
    MethodDef::new("pop", pop),
    MethodDef::new("clear", clear),
    MethodDef::new("copy", copy),
    MethodDef::new("insert", insert),
    MethodDef::new("remove", remove),
    MethodDef::new("reverse", reverse),
    MethodDef::new("__setitem__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_setitem(vm, args, "bytearray")
    }),
    MethodDef::new("__delitem__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_delitem(vm, args, "bytearray")
    }),
);

/// The receiver's bytes (a copy), whether it is a bytearray, and the other arguments.
fn this<'a>(vm: &Vm, args: &Args<'a>, method: &str) -> VmResult<(Vec<u8>, bool, Args<'a>)> {
    let ty = match args.get(0).and_then(|v| util::obj(&vm.heap, v)) {
        Some(Object::ByteArray(_)) => "bytearray",
        _ => "bytes",
    };
    let (v, rest) = util::split_self(args, ty, method)?;
    match util::obj(&vm.heap, v) {
        Some(Object::Bytes(b)) => Ok((b.to_vec(), false, rest)),
        Some(Object::ByteArray(b)) => Ok((b.clone(), true, rest)),
        _ => Err(util::wrong_receiver(ty, method, type_name(&vm.heap, v))),
    }
}

fn tname(ba: bool) -> &'static str {
    if ba {
        "bytearray"
    } else {
        "bytes"
    }
}

fn new(vm: &mut Vm, ba: bool, b: Vec<u8>) -> VmResult<Value> {
    if ba {
        util::new_bytearray(vm, b)
    } else {
        util::new_bytes(vm, b)
    }
}

/// A bytes-like argument: `TypeError: a bytes-like object is required, not 'str'`.
fn buffer(heap: &Heap, v: Value) -> VmResult<&[u8]> {
    util::as_bytes(heap, v).ok_or_else(|| {
        type_error(format!(
            "a bytes-like object is required, not '{}'",
            type_name(heap, v)
        ))
    })
}

/// A byte value (`0..=255`).
fn byte_of(heap: &Heap, v: Value) -> VmResult<u8> {
    let n = util::int_arg(heap, v)?;
    match n.to_i64() {
        Some(b @ 0..=255) => Ok(b as u8),
        _ => Err(value_error("byte must be in range(0, 256)")),
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

fn find_sub(hay: &[u8], needle: &[u8], rev: bool) -> Option<usize> {
    if needle.is_empty() {
        return Some(if rev { hay.len() } else { 0 });
    }
    if needle.len() > hay.len() {
        return None;
    }
    let mut positions = hay.windows(needle.len()).enumerate();
    if rev {
        positions.rev().find(|(_, w)| *w == needle).map(|(i, _)| i)
    } else {
        positions.find(|(_, w)| *w == needle).map(|(i, _)| i)
    }
}

fn count_sub(hay: &[u8], needle: &[u8]) -> usize {
    if needle.is_empty() {
        return hay.len() + 1;
    }
    let mut n = 0;
    let mut i = 0;
    while let Some(j) = find_sub(&hay[i..], needle, false) {
        n += 1;
        i += j + needle.len();
    }
    n
}

fn len(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (b, _, rest) = this(vm, &args, "__len__")?;
    util::wrapper_count(&rest, "__len__", 0)?;
    Ok(Value::Int(b.len() as i64))
}

fn contains(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (b, _, rest) = this(vm, &args, "__contains__")?;
    util::wrapper_count(&rest, "__contains__", 1)?;
    let x = rest.positional()[0];
    if util::as_str(&vm.heap, x).is_some() {
        buffer(&vm.heap, x)?;
    }
    let needle = needle_of(&vm.heap, x)?;
    Ok(Value::Bool(find_sub(&b, &needle, false).is_some()))
}

/// The needle of find/count/index/`in`: bytes-like or an int byte.
fn needle_of(heap: &Heap, v: Value) -> VmResult<Vec<u8>> {
    if let Some(b) = util::as_bytes(heap, v) {
        return Ok(b.to_vec());
    }
    if crate::numeric::int::Int::from_value(heap, v).is_some() {
        return Ok(vec![byte_of(heap, v)?]);
    }
    Err(type_error(format!(
        "argument should be integer or bytes-like object, not '{}'",
        type_name(heap, v)
    )))
}

fn search(vm: &Vm, args: &Args<'_>, name: &str, rev: bool) -> VmResult<(i64, usize, Vec<u8>)> {
    let (b, _, rest) = this(vm, args, name)?;
    rest.check_count(name, 1, 3)?;
    let needle = needle_of(&vm.heap, rest.positional()[0])?;
    let (start, end) = util::adjust_indices(
        util::slice_index(&vm.heap, rest.get(1))?,
        util::slice_index(&vm.heap, rest.get(2))?,
        b.len(),
    );
    if start > b.len() || end < start {
        return Ok((-1, 0, needle));
    }
    let hay = &b[start..end];
    if name == "count" {
        return Ok((count_sub(hay, &needle) as i64, 0, needle));
    }
    Ok((
        find_sub(hay, &needle, rev).map_or(-1, |i| (start + i) as i64),
        0,
        needle,
    ))
}

fn find(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    Ok(Value::Int(search(vm, &args, "find", false)?.0))
}

fn rfind(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    Ok(Value::Int(search(vm, &args, "rfind", true)?.0))
}

fn index(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    match search(vm, &args, "index", false)?.0 {
        -1 => Err(value_error("subsection not found")),
        i => Ok(Value::Int(i)),
    }
}

fn rindex(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    match search(vm, &args, "rindex", true)?.0 {
        -1 => Err(value_error("subsection not found")),
        i => Ok(Value::Int(i)),
    }
}

fn count(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    Ok(Value::Int(search(vm, &args, "count", false)?.0.max(0)))
}

fn affix(vm: &mut Vm, args: Args<'_>, name: &str, end: bool) -> VmResult<Value> {
    let (b, _, rest) = this(vm, &args, name)?;
    rest.check_count(name, 1, 3)?;
    let heap = &vm.heap;
    let (start, stop) = util::adjust_indices(
        util::slice_index(heap, rest.get(1))?,
        util::slice_index(heap, rest.get(2))?,
        b.len(),
    );
    let test = |a: &[u8]| {
        if start > b.len() || stop < start {
            return false;
        }
        let hay = &b[start..stop];
        if end {
            hay.ends_with(a)
        } else {
            hay.starts_with(a)
        }
    };
    let what = rest.positional()[0];
    if let Some(Object::Tuple(items)) = util::obj(heap, what) {
        for &item in items.iter() {
            if test(buffer(heap, item)?) {
                return Ok(Value::Bool(true));
            }
        }
        return Ok(Value::Bool(false));
    }
    let a = util::as_bytes(heap, what).ok_or_else(|| {
        type_error(format!(
            "{name} first arg must be bytes or a tuple of bytes, not {}",
            type_name(heap, what)
        ))
    })?;
    Ok(Value::Bool(test(a)))
}

fn startswith(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    affix(vm, args, "startswith", false)
}

fn endswith(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    affix(vm, args, "endswith", true)
}

fn split_impl(vm: &mut Vm, args: Args<'_>, name: &str, rev: bool) -> VmResult<Value> {
    let (b, ba, rest) = this(vm, &args, name)?;
    let [sep, maxsplit] = util::bind(&rest, &vm.heap, name, ["sep", "maxsplit"], 0, 2, 0)?;
    let sep = match sep {
        None | Some(Value::None) => None,
        Some(v) => {
            let s = buffer(&vm.heap, v)?.to_vec();
            if s.is_empty() {
                return Err(value_error("empty separator"));
            }
            Some(s)
        }
    };
    let mut left = match maxsplit {
        None => -1,
        Some(v) => util::ssize_arg(&vm.heap, v)?,
    };
    let mut parts: Vec<Vec<u8>> = Vec::new();
    match sep {
        None => {
            let mut s: &[u8] = &b;
            loop {
                // trim the leading (or trailing) whitespace
                if rev {
                    while let [rest @ .., last] = s {
                        if !is_space(*last) {
                            break;
                        }
                        s = rest;
                    }
                } else {
                    while let [first, rest @ ..] = s {
                        if !is_space(*first) {
                            break;
                        }
                        s = rest;
                    }
                }
                if s.is_empty() {
                    break;
                }
                if left == 0 {
                    parts.push(s.to_vec());
                    break;
                }
                if rev {
                    let i = s.iter().rposition(|&c| is_space(c)).map_or(0, |i| i + 1);
                    parts.push(s[i..].to_vec());
                    s = &s[..i];
                } else {
                    let i = s.iter().position(|&c| is_space(c)).unwrap_or(s.len());
                    parts.push(s[..i].to_vec());
                    s = &s[i..];
                }
                left -= 1;
            }
        }
        Some(sep) => {
            let mut s: &[u8] = &b;
            loop {
                if left == 0 {
                    parts.push(s.to_vec());
                    break;
                }
                match find_sub(s, &sep, rev) {
                    None => {
                        parts.push(s.to_vec());
                        break;
                    }
                    Some(i) if rev => {
                        parts.push(s[i + sep.len()..].to_vec());
                        s = &s[..i];
                    }
                    Some(i) => {
                        parts.push(s[..i].to_vec());
                        s = &s[i + sep.len()..];
                    }
                }
                left -= 1;
            }
        }
    }
    if rev {
        parts.reverse();
    }
    let mut out = Vec::with_capacity(parts.len());
    for p in parts {
        out.push(new(vm, ba, p)?);
    }
    vm.new_list(out)
}

fn split(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    split_impl(vm, args, "split", false)
}

fn rsplit(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    split_impl(vm, args, "rsplit", true)
}

fn strip_impl(vm: &mut Vm, args: Args<'_>, name: &str, l: bool, r: bool) -> VmResult<Value> {
    let (b, ba, rest) = this(vm, &args, name)?;
    rest.expect_count(name, 0, 1)?;
    let set: Vec<u8> = match rest.get(0) {
        None | Some(Value::None) => b" \t\n\r\x0b\x0c".to_vec(),
        Some(v) => buffer(&vm.heap, v)?.to_vec(),
    };
    let mut s: &[u8] = &b;
    if l {
        let i = s.iter().position(|c| !set.contains(c)).unwrap_or(s.len());
        s = &s[i..];
    }
    if r {
        let i = s
            .iter()
            .rposition(|c| !set.contains(c))
            .map_or(0, |i| i + 1);
        s = &s[..i];
    }
    if !ba && s.len() == b.len() {
        return Ok(args.positional()[0]);
    }
    let out = s.to_vec();
    new(vm, ba, out)
}

fn strip(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    strip_impl(vm, args, "strip", true, true)
}

fn lstrip(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    strip_impl(vm, args, "lstrip", true, false)
}

fn rstrip(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    strip_impl(vm, args, "rstrip", false, true)
}

fn replace(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (b, ba, rest) = this(vm, &args, "replace")?;
    rest.expect_count("replace", 2, 3)?;
    let old = buffer(&vm.heap, rest.positional()[0])?.to_vec();
    let newb = buffer(&vm.heap, rest.positional()[1])?.to_vec();
    let mut left = match rest.get(2) {
        None => -1,
        Some(v) => util::ssize_arg(&vm.heap, v)?,
    };
    let limit = if left < 0 { usize::MAX } else { left as usize };
    let n = if old.is_empty() {
        (b.len() + 1).min(limit)
    } else {
        let mut n = 0;
        let mut rest: &[u8] = &b;
        while n < limit {
            match find_sub(rest, &old, false) {
                Some(i) => {
                    n += 1;
                    rest = &rest[i + old.len()..];
                }
                None => break,
            }
        }
        n
    };
    let size = b.len() as u128 + n as u128 * newb.len() as u128 - n as u128 * old.len() as u128;
    let mut out = util::reserve(vm, size)?;
    if old.is_empty() {
        for (i, &c) in b.iter().enumerate() {
            if left != 0 {
                out.extend_from_slice(&newb);
                left -= 1;
            } else {
                out.extend_from_slice(&b[i..]);
                return new(vm, ba, out);
            }
            out.push(c);
        }
        if left != 0 {
            out.extend_from_slice(&newb);
        }
        return new(vm, ba, out);
    }
    let mut s: &[u8] = &b;
    while left != 0 {
        match find_sub(s, &old, false) {
            Some(i) => {
                out.extend_from_slice(&s[..i]);
                out.extend_from_slice(&newb);
                s = &s[i + old.len()..];
                left -= 1;
            }
            None => break,
        }
    }
    out.extend_from_slice(s);
    new(vm, ba, out)
}

fn upper(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (b, ba, rest) = this(vm, &args, "upper")?;
    rest.check_count(&format!("{}.upper", tname(ba)), 0, 0)?;
    new(vm, ba, b.to_ascii_uppercase())
}

fn lower(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (b, ba, rest) = this(vm, &args, "lower")?;
    rest.check_count(&format!("{}.lower", tname(ba)), 0, 0)?;
    new(vm, ba, b.to_ascii_lowercase())
}

fn partition_impl(vm: &mut Vm, args: Args<'_>, name: &str, rev: bool) -> VmResult<Value> {
    let (b, ba, rest) = this(vm, &args, name)?;
    rest.check_count(&format!("{}.{name}", tname(ba)), 1, 1)?;
    let sep = buffer(&vm.heap, rest.positional()[0])?.to_vec();
    if sep.is_empty() {
        return Err(value_error("empty separator"));
    }
    let parts = match find_sub(&b, &sep, rev) {
        Some(i) => [b[..i].to_vec(), sep.clone(), b[i + sep.len()..].to_vec()],
        None if rev => [Vec::new(), Vec::new(), b.clone()],
        None => [b.clone(), Vec::new(), Vec::new()],
    };
    let mut out = Vec::with_capacity(3);
    for p in parts {
        out.push(new(vm, ba, p)?);
    }
    vm.new_tuple(out)
}

fn partition(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    partition_impl(vm, args, "partition", false)
}

fn rpartition(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    partition_impl(vm, args, "rpartition", true)
}

fn join(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (sep, ba, rest) = this(vm, &args, "join")?;
    rest.check_count(&format!("{}.join", tname(ba)), 1, 1)?;
    let it = rest.positional()[0];
    let items = util::collect_or(vm, it, |_| type_error("can only join an iterable"))?;
    let mut size = sep.len() as u128 * items.len().saturating_sub(1) as u128;
    for &item in &items {
        size += util::as_bytes(&vm.heap, item).map_or(0, |b| b.len() as u128);
    }
    let mut out = util::reserve(vm, size)?;
    for (i, &item) in items.iter().enumerate() {
        let Some(b) = util::as_bytes(&vm.heap, item) else {
            return Err(type_error(format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                type_name(&vm.heap, item)
            )));
        };
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(b);
    }
    new(vm, ba, out)
}

fn hex(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (b, _, rest) = this(vm, &args, "hex")?;
    let [sep, per] = util::bind(&rest, &vm.heap, "hex", ["sep", "bytes_per_sep"], 0, 2, 0)?;
    let digits: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
    let sep = match sep {
        None => None,
        Some(v) => {
            let s: Vec<char> = match (util::as_str(&vm.heap, v), util::as_bytes(&vm.heap, v)) {
                (Some(s), _) => s.as_str().chars().collect(),
                (_, Some(b)) => b.iter().map(|&c| c as char).collect(),
                _ => {
                    return Err(type_error(format!(
                        "object of type '{}' has no len()",
                        type_name(&vm.heap, v)
                    )))
                }
            };
            if s.len() != 1 {
                return Err(value_error("sep must be length 1."));
            }
            if !s[0].is_ascii() {
                return Err(value_error("sep must be ASCII."));
            }
            Some(s[0])
        }
    };
    let per = match per {
        None => 1,
        Some(v) => util::ssize_arg(&vm.heap, v)?,
    };
    let out = match sep {
        Some(sep) if per != 0 && !digits.is_empty() => {
            let n = per.unsigned_abs() as usize;
            let groups: Vec<String> = if per > 0 {
                // groups counted from the right
                let first = digits.len() % n;
                let mut g = Vec::new();
                if first > 0 {
                    g.push(digits[..first].concat());
                }
                g.extend(digits[first..].chunks(n).map(|c| c.concat()));
                g
            } else {
                digits.chunks(n).map(|c| c.concat()).collect()
            };
            groups.join(&sep.to_string())
        }
        _ => digits.concat(),
    };
    vm.new_str(out)
}

/// `bytes.fromhex(s)` / `bytearray.fromhex(s)` (class methods: `args` has no receiver).
pub fn fromhex(vm: &mut Vm, args: Args<'_>, bytearray: bool) -> VmResult<Value> {
    args.check_count("fromhex", 1, 1)?;
    let v = args.positional()[0];
    let s = util::as_str(&vm.heap, v).ok_or_else(|| {
        type_error(format!(
            "fromhex() argument must be str, not {}",
            type_name(&vm.heap, v)
        ))
    })?;
    let chars: Vec<char> = s.as_str().chars().collect();
    let bad = |i: usize| {
        value_error(format!(
            "non-hexadecimal number found in fromhex() arg at position {i}"
        ))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() && chars[i].is_ascii() {
            i += 1;
            continue;
        }
        let hi = chars[i]
            .to_digit(16)
            .filter(|_| chars[i].is_ascii())
            .ok_or_else(|| bad(i))?;
        let lo = chars
            .get(i + 1)
            .and_then(|c| c.to_digit(16).filter(|_| c.is_ascii()))
            .ok_or_else(|| bad(i + 1))?;
        out.push((hi * 16 + lo) as u8);
        i += 2;
    }
    new(vm, bytearray, out)
}

/// `bytes.fromhex(s)` (no receiver).
pub fn fromhex_bytes(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    fromhex(vm, args, false)
}

/// `bytearray.fromhex(s)` (no receiver).
pub fn fromhex_bytearray(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    fromhex(vm, args, true)
}

/// The table entry of `fromhex`: `b''.fromhex(s)` through an instance, or `bytes.fromhex(s)`
/// through the type object (whose attribute lookup passes the argument as the receiver: a str
/// there is the argument, never a bytes receiver).
fn fromhex_entry(vm: &mut Vm, args: Args<'_>, bytearray: bool) -> VmResult<Value> {
    match args.get(0).and_then(|v| util::obj(&vm.heap, v)) {
        Some(Object::Bytes(_) | Object::ByteArray(_)) => {
            let rest = args.split_self().map_or(args, |(_, r)| r);
            fromhex(vm, rest, bytearray)
        }
        _ => fromhex(vm, args, bytearray),
    }
}

/// `b.decode(encoding, errors)` for the builtin codecs.
pub fn decode_bytes(b: &[u8], encoding: &str, errors: &str) -> VmResult<String> {
    decode_detailed(b, encoding, errors).map_err(|(e, _)| e)
}

/// Where a strict decode failed: the codec, the byte range and the reason (what
/// `UnicodeDecodeError`'s attributes hold).
pub type DecodeFailure = Option<(&'static str, usize, usize, String)>;

/// [`decode_bytes`], also returning where a strict decode failed.
pub fn decode_detailed(
    b: &[u8],
    encoding: &str,
    errors: &str,
) -> Result<String, (VmError, DecodeFailure)> {
    let failure = std::cell::RefCell::new(None);
    decode_inner(b, encoding, errors, &failure).map_err(|e| (e, failure.take()))
}

fn decode_inner(
    b: &[u8],
    encoding: &str,
    errors: &str,
    failure: &std::cell::RefCell<DecodeFailure>,
) -> VmResult<String> {
    let codec = super::str::codec(encoding)?;
    let mut out = String::with_capacity(b.len());
    let fail = |start: usize, end: usize, reason: &str| -> VmResult<()> {
        *failure.borrow_mut() = Some((codec, start, end, reason.to_string()));
        let what = if end - start == 1 {
            format!("byte 0x{:02x} in position {start}", b[start])
        } else {
            format!("bytes in position {start}-{}", end - 1)
        };
        Err(VmError::new(
            ExcKind::UnicodeDecodeError,
            format!("'{codec}' codec can't decode {what}: {reason}"),
        ))
    };
    let handle = |out: &mut String, start: usize, end: usize, reason: &str| -> VmResult<()> {
        match errors {
            "strict" => fail(start, end, reason),
            "ignore" => Ok(()),
            "replace" => {
                out.push('\u{FFFD}');
                Ok(())
            }
            "backslashreplace" => {
                for &x in &b[start..end] {
                    out.push_str(&format!("\\x{x:02x}"));
                }
                Ok(())
            }
            other => Err(VmError::new(
                ExcKind::LookupError,
                format!("unknown error handler name '{other}'"),
            )),
        }
    };
    match codec {
        "latin-1" => out.extend(b.iter().map(|&c| c as char)),
        "ascii" => {
            for (i, &c) in b.iter().enumerate() {
                if c < 128 {
                    out.push(c as char);
                } else {
                    handle(&mut out, i, i + 1, "ordinal not in range(128)")?;
                }
            }
        }
        _ => {
            let mut i = 0;
            while i < b.len() {
                match std::str::from_utf8(&b[i..]) {
                    Ok(s) => {
                        out.push_str(s);
                        break;
                    }
                    Err(e) => {
                        let good = e.valid_up_to();
                        out.push_str(std::str::from_utf8(&b[i..i + good]).unwrap_or_default());
                        let start = i + good;
                        match e.error_len() {
                            None => {
                                handle(&mut out, start, b.len(), "unexpected end of data")?;
                                break;
                            }
                            Some(n) => {
                                let lead = b[start];
                                let reason = if (0x80..0xC2).contains(&lead) || lead > 0xF4 {
                                    "invalid start byte"
                                } else {
                                    "invalid continuation byte"
                                };
                                handle(&mut out, start, start + n, reason)?;
                                i = start + n;
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}

fn decode(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (b, _, rest) = this(vm, &args, "decode")?;
    let heap = &vm.heap;
    let [enc, errors] = util::bind(&rest, heap, "decode", ["encoding", "errors"], 0, 2, 0)?;
    let get = |v: Option<Value>, n: &str, default: &'static str| -> VmResult<String> {
        match v {
            None => Ok(default.to_string()),
            Some(v) => util::as_str(heap, v)
                .map(|s| s.as_str().to_string())
                .ok_or_else(|| {
                    type_error(format!(
                        "decode() argument '{n}' must be str, not {}",
                        type_name(heap, v)
                    ))
                }),
        }
    };
    let enc = get(enc, "encoding", "utf-8")?;
    let errors = get(errors, "errors", "strict")?;
    let receiver = args.get(0).unwrap_or(Value::None);
    match decode_detailed(&b, &enc, &errors) {
        Ok(s) => vm.new_str(s),
        Err((_, Some((codec, start, end, reason)))) => Err(crate::class::oserror::unicode_error(
            vm,
            ExcKind::UnicodeDecodeError,
            codec,
            receiver,
            start,
            end,
            &reason,
        )),
        Err((e, None)) => Err(e),
    }
}

/// The receiver as a bytearray handle.
fn bytearray_of(vm: &Vm, args: &Args<'_>, method: &str) -> VmResult<ObjRef> {
    let (v, _) = util::split_self(args, "bytearray", method)?;
    match v {
        Value::Obj(r) if matches!(vm.heap.try_get(r)?, Object::ByteArray(_)) => Ok(r),
        _ => Err(util::wrong_receiver(
            "bytearray",
            method,
            type_name(&vm.heap, v),
        )),
    }
}

fn buf_mut(vm: &mut Vm, r: ObjRef) -> &mut Vec<u8> {
    match vm.heap.get_mut(r) {
        Object::ByteArray(b) => b,
        _ => unreachable!("checked by bytearray_of"),
    }
}

fn grow(vm: &mut Vm, r: ObjRef, extra: &[u8]) -> VmResult<()> {
    let b = buf_mut(vm, r);
    let before = b.capacity();
    b.extend_from_slice(extra);
    let after = b.capacity();
    if after > before {
        vm.heap.account((after - before) as isize)?;
    }
    Ok(())
}

fn append(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let r = bytearray_of(vm, &args, "append")?;
    let rest = args.split_self().map_or(args, |(_, a)| a);
    rest.check_count("bytearray.append", 1, 1)?;
    let x = byte_of(&vm.heap, rest.positional()[0])?;
    grow(vm, r, &[x])?;
    Ok(Value::None)
}

fn extend(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let r = bytearray_of(vm, &args, "extend")?;
    let rest = args.split_self().map_or(args, |(_, a)| a);
    rest.check_count("bytearray.extend", 1, 1)?;
    let it = rest.positional()[0];
    let data = if let Some(b) = util::as_bytes(&vm.heap, it) {
        b.to_vec()
    } else {
        let items = util::collect_or(vm, it, |heap| {
            type_error(format!(
                "can't extend bytearray with {}",
                type_name(heap, it)
            ))
        })?;
        let mut out = Vec::with_capacity(items.len());
        for v in items {
            out.push(byte_of(&vm.heap, v)?);
        }
        out
    };
    grow(vm, r, &data)?;
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let r = bytearray_of(vm, &args, "pop")?;
    let rest = args.split_self().map_or(args, |(_, a)| a);
    rest.expect_count("pop", 0, 1)?;
    let i = match rest.get(0) {
        None => -1,
        Some(v) => util::ssize_arg(&vm.heap, v)?,
    };
    let b = buf_mut(vm, r);
    if b.is_empty() {
        return Err(index_error("pop from empty bytearray"));
    }
    let len = b.len() as i64;
    let j = if i < 0 { i + len } else { i };
    if j < 0 || j >= len {
        return Err(index_error("pop index out of range"));
    }
    Ok(Value::Int(i64::from(b.remove(j as usize))))
}

fn clear(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let r = bytearray_of(vm, &args, "clear")?;
    let rest = args.split_self().map_or(args, |(_, a)| a);
    rest.check_count("bytearray.clear", 0, 0)?;
    buf_mut(vm, r).clear();
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let r = bytearray_of(vm, &args, "copy")?;
    let rest = args.split_self().map_or(args, |(_, a)| a);
    rest.check_count("bytearray.copy", 0, 0)?;
    let b = buf_mut(vm, r).clone();
    util::new_bytearray(vm, b)
}

/// A no-argument predicate over the bytes.
fn test_bytes(vm: &mut Vm, args: Args<'_>, name: &str, f: fn(&[u8]) -> bool) -> VmResult<Value> {
    let (b, ba, rest) = this(vm, &args, name)?;
    rest.check_count(&format!("{}.{name}", tname(ba)), 0, 0)?;
    Ok(Value::Bool(f(&b)))
}

fn all_of(b: &[u8], f: fn(&u8) -> bool) -> bool {
    !b.is_empty() && b.iter().all(f)
}

fn isalpha(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_bytes(vm, args, "isalpha", |b| all_of(b, u8::is_ascii_alphabetic))
}

fn isdigit(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_bytes(vm, args, "isdigit", |b| all_of(b, u8::is_ascii_digit))
}

fn isalnum(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_bytes(vm, args, "isalnum", |b| {
        all_of(b, u8::is_ascii_alphanumeric)
    })
}

fn isspace(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_bytes(vm, args, "isspace", |b| all_of(b, |c| is_space(*c)))
}

fn islower(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_bytes(vm, args, "islower", |b| {
        b.iter().any(u8::is_ascii_lowercase) && !b.iter().any(u8::is_ascii_uppercase)
    })
}

fn isupper(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_bytes(vm, args, "isupper", |b| {
        b.iter().any(u8::is_ascii_uppercase) && !b.iter().any(u8::is_ascii_lowercase)
    })
}

fn istitle(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_bytes(vm, args, "istitle", |b| {
        let (mut cased, mut prev) = (false, false);
        for c in b {
            if c.is_ascii_uppercase() {
                if prev {
                    return false;
                }
                prev = true;
                cased = true;
            } else if c.is_ascii_lowercase() {
                if !prev {
                    return false;
                }
                prev = true;
                cased = true;
            } else {
                prev = false;
            }
        }
        cased
    })
}

fn isascii(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_bytes(vm, args, "isascii", |b| b.is_ascii())
}

/// A no-argument mapping of the bytes.
fn map_bytes(vm: &mut Vm, args: Args<'_>, name: &str, f: fn(&[u8]) -> Vec<u8>) -> VmResult<Value> {
    let (b, ba, rest) = this(vm, &args, name)?;
    rest.check_count(&format!("{}.{name}", tname(ba)), 0, 0)?;
    new(vm, ba, f(&b))
}

fn capitalize(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    map_bytes(vm, args, "capitalize", |b| {
        b.iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    })
}

fn title(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    map_bytes(vm, args, "title", |b| {
        let mut prev = false;
        b.iter()
            .map(|&c| {
                let out = if prev {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                };
                prev = c.is_ascii_alphabetic();
                out
            })
            .collect()
    })
}

fn swapcase(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    map_bytes(vm, args, "swapcase", |b| {
        b.iter()
            .map(|&c| {
                if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect()
    })
}

fn pad_impl(vm: &mut Vm, args: Args<'_>, name: &str) -> VmResult<Value> {
    let (b, ba, rest) = this(vm, &args, name)?;
    rest.expect_count(name, 1, 2)?;
    let width = util::ssize_arg(&vm.heap, rest.positional()[0])?;
    let fill = match rest.get(1) {
        None => b' ',
        Some(v) => match util::as_bytes(&vm.heap, v) {
            Some([c]) => *c,
            _ => {
                return Err(type_error(format!(
                    "{name}() argument 2 must be a byte string of length 1, not {}",
                    type_name(&vm.heap, v)
                )))
            }
        },
    };
    let len = b.len() as i64;
    if width <= len {
        if ba {
            return new(vm, ba, b);
        }
        return Ok(args.positional()[0]);
    }
    let total = (width - len) as usize;
    let (left, right) = match name {
        "ljust" => (0, total),
        "rjust" => (total, 0),
        _ => {
            let left = total / 2 + (total & (width as usize) & 1);
            (left, total - left)
        }
    };
    let mut out = util::reserve(vm, total as u128 + b.len() as u128)?;
    out.extend(std::iter::repeat_n(fill, left));
    out.extend_from_slice(&b);
    out.extend(std::iter::repeat_n(fill, right));
    new(vm, ba, out)
}

fn center(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    pad_impl(vm, args, "center")
}

fn ljust(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    pad_impl(vm, args, "ljust")
}

fn rjust(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    pad_impl(vm, args, "rjust")
}

fn zfill(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (b, ba, rest) = this(vm, &args, "zfill")?;
    rest.check_count(&format!("{}.zfill", tname(ba)), 1, 1)?;
    let width = util::ssize_arg(&vm.heap, rest.positional()[0])?;
    let len = b.len() as i64;
    if width <= len {
        return new(vm, ba, b);
    }
    let fill = (width - len) as usize;
    let (sign, body) = match b.first() {
        Some(&c @ (b'+' | b'-')) => (Some(c), &b[1..]),
        _ => (None, &b[..]),
    };
    let mut out = util::reserve(vm, b.len() as u128 + fill as u128)?;
    out.extend(sign);
    out.extend(std::iter::repeat_n(b'0', fill));
    out.extend_from_slice(body);
    new(vm, ba, out)
}

fn affix_remove(vm: &mut Vm, args: Args<'_>, name: &str, suffix: bool) -> VmResult<Value> {
    let (b, ba, rest) = this(vm, &args, name)?;
    rest.check_count(&format!("{}.{name}", tname(ba)), 1, 1)?;
    let a = buffer(&vm.heap, rest.positional()[0])?.to_vec();
    let out = if suffix {
        b.strip_suffix(&a[..])
    } else {
        b.strip_prefix(&a[..])
    };
    let out = out.unwrap_or(&b).to_vec();
    new(vm, ba, out)
}

fn removeprefix(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    affix_remove(vm, args, "removeprefix", false)
}

fn removesuffix(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    affix_remove(vm, args, "removesuffix", true)
}

fn splitlines(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (b, ba, rest) = this(vm, &args, "splitlines")?;
    let [keep] = util::bind(&rest, &vm.heap, "splitlines", ["keepends"], 0, 1, 0)?;
    let keep = match keep {
        None => false,
        Some(v) => !util::int_arg(&vm.heap, v)?.is_zero(),
    };
    let mut parts = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            let mut end = i + 1;
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                end += 1;
            }
            parts.push(b[start..if keep { end } else { i }].to_vec());
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < b.len() {
        parts.push(b[start..].to_vec());
    }
    let mut out = Vec::with_capacity(parts.len());
    for p in parts {
        out.push(new(vm, ba, p)?);
    }
    vm.new_list(out)
}

fn insert(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let r = bytearray_of(vm, &args, "insert")?;
    let rest = args.split_self().map_or(args, |(_, a)| a);
    rest.expect_count("insert", 2, 2)?;
    let i = util::ssize_arg(&vm.heap, rest.positional()[0])?;
    let x = byte_of(&vm.heap, rest.positional()[1])?;
    let b = buf_mut(vm, r);
    let len = b.len() as i64;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) };
    b.insert(at as usize, x);
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let r = bytearray_of(vm, &args, "remove")?;
    let rest = args.split_self().map_or(args, |(_, a)| a);
    rest.check_count("bytearray.remove", 1, 1)?;
    let x = byte_of(&vm.heap, rest.positional()[0])?;
    let b = buf_mut(vm, r);
    match b.iter().position(|&c| c == x) {
        Some(i) => {
            b.remove(i);
            Ok(Value::None)
        }
        None => Err(value_error("value not found in bytearray")),
    }
}

fn reverse(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let r = bytearray_of(vm, &args, "reverse")?;
    let rest = args.split_self().map_or(args, |(_, a)| a);
    rest.check_count("bytearray.reverse", 0, 0)?;
    buf_mut(vm, r).reverse();
    Ok(Value::None)
}

fn translate(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (b, ba, rest) = this(vm, &args, "translate")?;
    if rest.is_empty() {
        return Err(type_error(
            "translate() takes at least 1 positional argument (0 given)",
        ));
    }
    let [table, delete] = util::bind(&rest, &vm.heap, "translate", ["table", "delete"], 1, 2, 1)?;
    let table = match table {
        None | Some(Value::None) => None,
        Some(v) => {
            let t = buffer(&vm.heap, v)?;
            if t.len() != 256 {
                return Err(value_error("translation table must be 256 characters long"));
            }
            Some(t.to_vec())
        }
    };
    let delete = match delete {
        None => Vec::new(),
        Some(v) => buffer(&vm.heap, v)?.to_vec(),
    };
    let out: Vec<u8> = b
        .iter()
        .filter(|c| !delete.contains(c))
        .map(|&c| table.as_ref().map_or(c, |t| t[c as usize]))
        .collect();
    new(vm, ba, out)
}

/// `bytes.maketrans(from, to)` (a static method: `args` has no receiver).
pub fn maketrans(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("maketrans", 2, 2)?;
    let from = buffer(&vm.heap, args.positional()[0])?.to_vec();
    let to = buffer(&vm.heap, args.positional()[1])?.to_vec();
    if from.len() != to.len() {
        return Err(value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (a, b) in from.into_iter().zip(to) {
        table[a as usize] = b;
    }
    util::new_bytes(vm, table)
}

/// The table entry of `maketrans`: `b''.maketrans(a, b)` through an instance, or
/// `bytes.maketrans(a, b)` through the type object (two arguments in all: the first is then the
/// `from` table, not a receiver).
fn maketrans_entry(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    if args.len() == 3 {
        let rest = args.split_self().map_or(args, |(_, r)| r);
        return maketrans(vm, rest);
    }
    maketrans(vm, args)
}
