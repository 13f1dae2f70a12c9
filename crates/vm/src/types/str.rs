//! Methods of `str`. Indices are code points: O(1) for ASCII text, a scan otherwise.

use super::unicode_tables as ut;
use super::{type_name, util, MethodDef};
use crate::error::{type_error, value_error, ExcKind, VmError, VmResult};
use crate::heap::Heap;
use crate::native::Args;
use crate::object::{Object, PyStr};
use crate::value::Value;
use crate::Vm;

/// The methods of `str`.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("__add__", dunder_add),
    MethodDef::new("join", join),
    MethodDef::new("split", split),
    MethodDef::new("rsplit", rsplit),
    MethodDef::new("splitlines", splitlines),
    MethodDef::new("strip", strip),
    MethodDef::new("lstrip", lstrip),
    MethodDef::new("rstrip", rstrip),
    MethodDef::new("replace", replace),
    MethodDef::new("find", find),
    MethodDef::new("rfind", rfind),
    MethodDef::new("index", index),
    MethodDef::new("rindex", rindex),
    MethodDef::new("count", count),
    MethodDef::new("startswith", startswith),
    MethodDef::new("endswith", endswith),
    MethodDef::new("upper", upper),
    MethodDef::new("lower", lower),
    MethodDef::new("casefold", casefold),
    MethodDef::new("title", title),
    MethodDef::new("capitalize", capitalize),
    MethodDef::new("swapcase", swapcase),
    MethodDef::new("isdigit", isdigit),
    MethodDef::new("isalpha", isalpha),
    MethodDef::new("isalnum", isalnum),
    MethodDef::new("isspace", isspace),
    MethodDef::new("isupper", isupper),
    MethodDef::new("islower", islower),
    MethodDef::new("istitle", istitle),
    MethodDef::new("isidentifier", isidentifier),
    MethodDef::new("isdecimal", isdecimal),
    MethodDef::new("isnumeric", isnumeric),
    MethodDef::new("isascii", isascii),
    MethodDef::new("isprintable", isprintable),
    MethodDef::new("center", center),
    MethodDef::new("ljust", ljust),
    MethodDef::new("rjust", rjust),
    MethodDef::new("zfill", zfill),
    MethodDef::new("partition", partition),
    MethodDef::new("rpartition", rpartition),
    MethodDef::new("expandtabs", expandtabs),
    MethodDef::new("encode", encode),
    MethodDef::new("removeprefix", removeprefix),
    MethodDef::new("removesuffix", removesuffix),
    MethodDef::new("maketrans", maketrans_method),
    MethodDef::new("translate", translate),
    MethodDef::new("format", super::str_format::format),
    MethodDef::new("format_map", super::str_format::format_map),
    MethodDef::new("__len__", len),
    MethodDef::new("__contains__", contains),
    MethodDef::new("__getitem__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_getitem(vm, args, "str")
    }),
    MethodDef::new("__iter__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_iter(vm, args, "str")
    }),
];

/// The receiver as a str.
fn this<'h>(heap: &'h Heap, args: &Args<'_>, method: &str) -> VmResult<(&'h PyStr, Value)> {
    let (v, _) = util::split_self(args, "str", method)?;
    match util::as_str(heap, v) {
        Some(s) => Ok((s, v)),
        None => Err(util::wrong_receiver("str", method, type_name(heap, v))),
    }
}

/// The arguments after the receiver.
fn rest<'a>(args: &Args<'a>) -> Args<'a> {
    args.split_self().map_or(*args, |(_, r)| r)
}

/// A str argument or `TypeError: must be str, not int` (`what` prefixes the message).
fn str_arg<'h>(heap: &'h Heap, v: Value, what: &str) -> VmResult<&'h str> {
    util::as_str(heap, v)
        .map(|s| s.as_str())
        .ok_or_else(|| type_error(format!("{what}must be str, not {}", type_name(heap, v))))
}

fn new_str(vm: &mut Vm, s: String) -> VmResult<Value> {
    vm.new_str(s)
}

fn new_strs(vm: &mut Vm, parts: Vec<String>) -> VmResult<Value> {
    let mut out = Vec::with_capacity(parts.len());
    for p in parts {
        out.push(vm.new_str(p)?);
    }
    vm.new_list(out)
}

/// Python's `str.isspace` for one char.
pub fn is_space(c: char) -> bool {
    if c.is_ascii() {
        matches!(
            c,
            ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c' | '\x1c'..='\x1f'
        )
    } else {
        ut::in_table(ut::SPACE, c)
    }
}

fn is_linebreak(c: char) -> bool {
    ut::in_table(ut::LINEBREAK, c)
}

fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || ut::in_table(ut::TITLECASE, c)
}

/// `start`/`end` arguments (positions 1 and 2 of `rest`) as a byte range of `s`, or `None` when
/// the range is empty in CPython's sense (`end - start < 0`, or `start > len`).
fn byte_range(
    heap: &Heap,
    s: &PyStr,
    start: Option<Value>,
    end: Option<Value>,
) -> VmResult<Option<ByteRange>> {
    let (start, end) = util::adjust_indices(
        util::slice_index(heap, start)?,
        util::slice_index(heap, end)?,
        s.char_len(),
    );
    if start > s.char_len() || end < start {
        return Ok(None);
    }
    Ok(Some((s.byte_offset(start), s.byte_offset(end), start)))
}

fn len(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _) = this(&vm.heap, &args, "__len__")?;
    util::wrapper_count(&rest(&args), "__len__", 0)?;
    Ok(Value::Int(s.char_len() as i64))
}

fn contains(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _) = this(&vm.heap, &args, "__contains__")?;
    let r = rest(&args);
    util::wrapper_count(&r, "__contains__", 1)?;
    let sub = util::as_str(&vm.heap, r.positional()[0]).ok_or_else(|| {
        type_error(format!(
            "'in <string>' requires string as left operand, not {}",
            type_name(&vm.heap, r.positional()[0])
        ))
    })?;
    Ok(Value::Bool(s.as_str().contains(sub.as_str())))
}

fn join(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, sep_v) = this(&vm.heap, &args, "join")?;
    let r = rest(&args);
    r.check_count("str.join", 1, 1)?;
    let it = r.positional()[0];
    let items = util::collect_or(vm, it, |_| type_error("can only join an iterable"))?;
    let heap = &vm.heap;
    let sep = util::as_str(heap, sep_v).map_or("", |s| s.as_str());
    // the result's size first (MemoryError rather than an abort)
    let mut size = sep.len() as u128 * items.len().saturating_sub(1) as u128;
    for (i, &item) in items.iter().enumerate() {
        let Some(s) = util::as_str(heap, item) else {
            return Err(type_error(format!(
                "sequence item {i}: expected str instance, {} found",
                type_name(heap, item)
            )));
        };
        size += s.as_str().len() as u128;
    }
    let mut out = util::reserve_str(vm, size)?;
    let heap = &vm.heap;
    for (i, &item) in items.iter().enumerate() {
        let s = util::as_str(heap, item).map_or("", |s| s.as_str());
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(s);
    }
    new_str(vm, out)
}

/// `sep` and `maxsplit` of split/rsplit.
fn split_args<'h>(heap: &'h Heap, args: &Args<'_>, name: &str) -> VmResult<(Option<&'h str>, i64)> {
    let [sep, maxsplit] = util::bind(&rest(args), heap, name, ["sep", "maxsplit"], 0, 2, 0)?;
    let sep = match sep {
        None | Some(Value::None) => None,
        Some(v) => {
            let s = util::as_str(heap, v).ok_or_else(|| {
                type_error(format!("must be str or None, not {}", type_name(heap, v)))
            })?;
            if s.as_str().is_empty() {
                return Err(value_error("empty separator"));
            }
            Some(s.as_str())
        }
    };
    let maxsplit = match maxsplit {
        None => -1,
        Some(v) => util::ssize_arg(heap, v)?,
    };
    Ok((sep, maxsplit))
}

/// `s.split(None, maxsplit)`: runs of whitespace.
pub fn split_whitespace(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches(is_space);
    let mut left = maxsplit;
    while !rest.is_empty() {
        if left == 0 {
            out.push(rest);
            return out;
        }
        let end = rest.find(is_space).unwrap_or(rest.len());
        out.push(&rest[..end]);
        rest = rest[end..].trim_start_matches(is_space);
        left -= 1;
    }
    out
}

fn rsplit_whitespace(s: &str, maxsplit: i64) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s.trim_end_matches(is_space);
    let mut left = maxsplit;
    while !rest.is_empty() {
        if left == 0 {
            out.push(rest);
            break;
        }
        let start = rest.rfind(is_space).map_or(0, |i| {
            i + rest[i..].chars().next().map_or(1, char::len_utf8)
        });
        out.push(&rest[start..]);
        rest = rest[..start].trim_end_matches(is_space);
        left -= 1;
    }
    out.reverse();
    out
}

fn split(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _) = this(&vm.heap, &args, "split")?;
    let (sep, maxsplit) = split_args(&vm.heap, &args, "split")?;
    let parts: Vec<String> = match sep {
        None => split_whitespace(s.as_str(), maxsplit)
            .into_iter()
            .map(String::from)
            .collect(),
        Some(sep) if maxsplit < 0 => s.as_str().split(sep).map(String::from).collect(),
        Some(sep) => s
            .as_str()
            .splitn(maxsplit.saturating_add(1) as usize, sep)
            .map(String::from)
            .collect(),
    };
    new_strs(vm, parts)
}

fn rsplit(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _) = this(&vm.heap, &args, "rsplit")?;
    let (sep, maxsplit) = split_args(&vm.heap, &args, "rsplit")?;
    let parts: Vec<String> = match sep {
        None => rsplit_whitespace(s.as_str(), maxsplit)
            .into_iter()
            .map(String::from)
            .collect(),
        Some(sep) if maxsplit < 0 => s.as_str().split(sep).map(String::from).collect(),
        Some(sep) => {
            let mut v: Vec<String> = s
                .as_str()
                .rsplitn(maxsplit.saturating_add(1) as usize, sep)
                .map(String::from)
                .collect();
            v.reverse();
            v
        }
    };
    new_strs(vm, parts)
}

/// `s.splitlines(keepends)`.
pub fn split_lines(s: &str, keepends: bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if is_linebreak(c) {
            let mut end = i + c.len_utf8();
            if c == '\r' {
                if let Some(&(_, '\n')) = it.peek() {
                    it.next();
                    end += 1;
                }
            }
            out.push(if keepends {
                &s[start..end]
            } else {
                &s[start..i]
            });
            start = end;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

fn splitlines(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _) = this(&vm.heap, &args, "splitlines")?;
    let [keep] = util::bind(&rest(&args), &vm.heap, "splitlines", ["keepends"], 0, 1, 0)?;
    let keep = match keep {
        None => false,
        Some(v) => !util::int_arg(&vm.heap, v)?.is_zero(),
    };
    let parts = split_lines(s.as_str(), keep)
        .into_iter()
        .map(String::from)
        .collect();
    new_strs(vm, parts)
}

fn strip_impl(vm: &mut Vm, args: Args<'_>, name: &str, left: bool, right: bool) -> VmResult<Value> {
    let (s, v) = this(&vm.heap, &args, name)?;
    let r = rest(&args);
    r.expect_count(name, 0, 1)?;
    let text = s.as_str();
    let out = match r.get(0) {
        None | Some(Value::None) => {
            let mut t = text;
            if left {
                t = t.trim_start_matches(is_space);
            }
            if right {
                t = t.trim_end_matches(is_space);
            }
            t
        }
        Some(c) => {
            let chars = util::as_str(&vm.heap, c)
                .ok_or_else(|| type_error(format!("{name} arg must be None or str")))?;
            let set: Vec<char> = chars.as_str().chars().collect();
            let mut t = text;
            if left {
                t = t.trim_start_matches(&set[..]);
            }
            if right {
                t = t.trim_end_matches(&set[..]);
            }
            t
        }
    };
    if out.len() == text.len() {
        return Ok(v);
    }
    let out = out.to_string();
    new_str(vm, out)
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
    let (s, _) = this(&vm.heap, &args, "replace")?;
    let r = rest(&args);
    r.expect_count("replace", 2, 3)?;
    let heap = &vm.heap;
    let old = str_arg(heap, r.positional()[0], "replace() argument 1 ")?;
    let new = str_arg(heap, r.positional()[1], "replace() argument 2 ")?;
    let count = match r.get(2) {
        None => -1,
        Some(v) => util::ssize_arg(heap, v)?,
    };
    let text = s.as_str();
    // the result's size first: an expansion too large for memory is a MemoryError, not an abort
    let limit = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    let n = if old.is_empty() {
        (s.char_len() + 1).min(limit)
    } else {
        text.matches(old).take(limit).count()
    };
    let size = text.len() as u128 + n as u128 * new.len() as u128 - n as u128 * old.len() as u128;
    let mut out = util::reserve_str(vm, size)?;
    if old.is_empty() {
        let mut chars = text.chars();
        for i in 0..n {
            out.push_str(new);
            if i + 1 < n {
                if let Some(c) = chars.next() {
                    out.push(c);
                }
            }
        }
        out.push_str(chars.as_str());
    } else {
        let mut last = 0;
        for (at, _) in text.match_indices(old).take(n) {
            out.push_str(&text[last..at]);
            out.push_str(new);
            last = at + old.len();
        }
        out.push_str(&text[last..]);
    }
    new_str(vm, out)
}

/// A byte range of a str with the code-point index of its start.
type ByteRange = (usize, usize, usize);

/// find/rfind/index/rindex/count: the receiver, the needle and the byte range.
fn search_args<'h>(
    heap: &'h Heap,
    args: &Args<'_>,
    name: &str,
) -> VmResult<(&'h PyStr, &'h str, Option<ByteRange>)> {
    let (s, _) = this(heap, args, name)?;
    let r = rest(args);
    r.check_count(name, 1, 3)?;
    let sub = str_arg(heap, r.positional()[0], "")?;
    let range = byte_range(heap, s, r.get(1), r.get(2))?;
    Ok((s, sub, range))
}

fn find_impl(vm: &Vm, args: &Args<'_>, name: &str, rev: bool) -> VmResult<i64> {
    let (s, sub, range) = search_args(&vm.heap, args, name)?;
    let Some((b0, b1, c0)) = range else {
        return Ok(-1);
    };
    let hay = &s.as_str()[b0..b1];
    let found = if rev { hay.rfind(sub) } else { hay.find(sub) };
    Ok(match found {
        None => -1,
        Some(b) if s.is_ascii() => (b0 + b) as i64,
        Some(b) => (c0 + hay[..b].chars().count()) as i64,
    })
}

fn find(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    find_impl(vm, &args, "find", false).map(Value::Int)
}

fn rfind(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    find_impl(vm, &args, "rfind", true).map(Value::Int)
}

fn index(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    match find_impl(vm, &args, "index", false)? {
        -1 => Err(value_error("substring not found")),
        i => Ok(Value::Int(i)),
    }
}

fn rindex(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    match find_impl(vm, &args, "rindex", true)? {
        -1 => Err(value_error("substring not found")),
        i => Ok(Value::Int(i)),
    }
}

fn count(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, sub, range) = search_args(&vm.heap, &args, "count")?;
    let Some((b0, b1, _)) = range else {
        return Ok(Value::Int(0));
    };
    let hay = &s.as_str()[b0..b1];
    let n = if sub.is_empty() {
        if s.is_ascii() {
            hay.len() + 1
        } else {
            hay.chars().count() + 1
        }
    } else {
        hay.matches(sub).count()
    };
    Ok(Value::Int(n as i64))
}

fn affix_impl(vm: &mut Vm, args: Args<'_>, name: &str, end: bool) -> VmResult<Value> {
    let heap = &vm.heap;
    let (s, _) = this(heap, &args, name)?;
    let r = rest(&args);
    r.check_count(name, 1, 3)?;
    let range = byte_range(heap, s, r.get(1), r.get(2))?;
    let test = |affix: &str| match range {
        None => false,
        Some((b0, b1, _)) => {
            let hay = &s.as_str()[b0..b1];
            if end {
                hay.ends_with(affix)
            } else {
                hay.starts_with(affix)
            }
        }
    };
    let what = r.positional()[0];
    if let Some(Object::Tuple(items)) = util::obj(heap, what) {
        for &item in items.iter() {
            let a = util::as_str(heap, item).ok_or_else(|| {
                type_error(format!(
                    "tuple for {name} must only contain str, not {}",
                    type_name(heap, item)
                ))
            })?;
            if test(a.as_str()) {
                return Ok(Value::Bool(true));
            }
        }
        return Ok(Value::Bool(false));
    }
    let a = util::as_str(heap, what).ok_or_else(|| {
        type_error(format!(
            "{name} first arg must be str or a tuple of str, not {}",
            type_name(heap, what)
        ))
    })?;
    Ok(Value::Bool(test(a.as_str())))
}

fn startswith(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    affix_impl(vm, args, "startswith", false)
}

fn endswith(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    affix_impl(vm, args, "endswith", true)
}

/// A no-argument method mapping the text to a new str.
fn map_text(
    vm: &mut Vm,
    args: Args<'_>,
    name: &str,
    f: impl FnOnce(&PyStr) -> String,
) -> VmResult<Value> {
    let (s, _) = this(&vm.heap, &args, name)?;
    rest(&args).check_count(&format!("str.{name}"), 0, 0)?;
    let out = f(s);
    new_str(vm, out)
}

/// A no-argument predicate.
fn test_text(
    vm: &mut Vm,
    args: Args<'_>,
    name: &str,
    f: impl FnOnce(&PyStr) -> bool,
) -> VmResult<Value> {
    let (s, _) = this(&vm.heap, &args, name)?;
    rest(&args).check_count(&format!("str.{name}"), 0, 0)?;
    Ok(Value::Bool(f(s)))
}

fn upper(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    map_text(vm, args, "upper", |s| s.as_str().to_uppercase())
}

fn lower(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    map_text(vm, args, "lower", |s| s.as_str().to_lowercase())
}

/// Python's full case folding.
pub fn casefold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match ut::special(ut::CASEFOLD, c) {
            Some(f) => out.push_str(f),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

fn casefold(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    map_text(vm, args, "casefold", |s| casefold_str(s.as_str()))
}

/// The titlecase mapping of one char.
fn push_title(out: &mut String, c: char) {
    match ut::special(ut::TITLE, c) {
        Some(t) => out.push_str(t),
        None => out.extend(c.to_uppercase()),
    }
}

/// Whether the char at byte `i` (a capital sigma) ends a word: preceded by a cased letter and
/// not followed by one (case-ignorable chars skipped), as CPython's final-sigma rule.
fn final_sigma(s: &str, i: usize) -> bool {
    let ignorable = |c: char| {
        matches!(
            c,
            '\'' | '.' | ':' | '^' | '`' | '\u{AD}' | '\u{B7}' | '\u{2019}'
        ) || ('\u{300}'..='\u{36F}').contains(&c)
    };
    let before = s[..i].chars().rev().find(|&c| !ignorable(c));
    let after = s[i + 'Σ'.len_utf8()..].chars().find(|&c| !ignorable(c));
    before.is_some_and(is_cased) && !after.is_some_and(is_cased)
}

/// Lowercase `c` (at byte `i` of `s`) with the final-sigma rule.
fn push_lower(out: &mut String, s: &str, i: usize, c: char) {
    if c == 'Σ' {
        out.push(if final_sigma(s, i) { 'ς' } else { 'σ' });
    } else {
        out.extend(c.to_lowercase());
    }
}

/// `str.title`.
pub fn title_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for (i, c) in s.char_indices() {
        if prev_cased {
            push_lower(&mut out, s, i, c);
        } else {
            push_title(&mut out, c);
        }
        prev_cased = is_cased(c);
    }
    out
}

fn title(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    map_text(vm, args, "title", |s| title_str(s.as_str()))
}

fn capitalize(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    map_text(vm, args, "capitalize", |s| {
        let text = s.as_str();
        let mut out = String::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            if i == 0 {
                push_title(&mut out, c);
            } else {
                push_lower(&mut out, text, i, c);
            }
        }
        out
    })
}

fn swapcase(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    map_text(vm, args, "swapcase", |s| {
        let text = s.as_str();
        let mut out = String::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            if c.is_uppercase() {
                push_lower(&mut out, text, i, c);
            } else if c.is_lowercase() {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
        }
        out
    })
}

fn all_chars(s: &PyStr, f: impl Fn(char) -> bool) -> bool {
    !s.as_str().is_empty() && s.as_str().chars().all(f)
}

fn isdigit(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_text(vm, args, "isdigit", |s| {
        all_chars(s, |c| {
            c.is_ascii_digit() || (!c.is_ascii() && ut::in_table(ut::DIGIT, c))
        })
    })
}

fn isdecimal(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_text(vm, args, "isdecimal", |s| {
        all_chars(s, |c| {
            c.is_ascii_digit() || (!c.is_ascii() && ut::in_table(ut::DECIMAL, c))
        })
    })
}

fn isnumeric(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_text(vm, args, "isnumeric", |s| {
        all_chars(s, |c| {
            c.is_ascii_digit() || (!c.is_ascii() && ut::in_table(ut::NUMERIC, c))
        })
    })
}

fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        ut::in_table(ut::ALPHA, c)
    }
}

fn isalpha(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_text(vm, args, "isalpha", |s| all_chars(s, is_alpha))
}

fn isalnum(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_text(vm, args, "isalnum", |s| {
        all_chars(s, |c| {
            if c.is_ascii() {
                c.is_ascii_alphanumeric()
            } else {
                is_alpha(c) || ut::in_table(ut::NUMERIC, c)
            }
        })
    })
}

fn isspace(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_text(vm, args, "isspace", |s| all_chars(s, is_space))
}

fn isupper(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_text(vm, args, "isupper", |s| {
        let mut cased = false;
        for c in s.as_str().chars() {
            if c.is_lowercase() || ut::in_table(ut::TITLECASE, c) {
                return false;
            }
            cased |= c.is_uppercase();
        }
        cased
    })
}

fn islower(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_text(vm, args, "islower", |s| {
        let mut cased = false;
        for c in s.as_str().chars() {
            if c.is_uppercase() || ut::in_table(ut::TITLECASE, c) {
                return false;
            }
            cased |= c.is_lowercase();
        }
        cased
    })
}

fn istitle(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_text(vm, args, "istitle", |s| {
        let (mut cased, mut prev) = (false, false);
        for c in s.as_str().chars() {
            if c.is_uppercase() || ut::in_table(ut::TITLECASE, c) {
                if prev {
                    return false;
                }
                prev = true;
                cased = true;
            } else if c.is_lowercase() {
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

/// `str.isidentifier` (no NFKC normalisation, as CPython).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let start = |c: char| {
        if c.is_ascii() {
            c.is_ascii_alphabetic() || c == '_'
        } else {
            ut::in_table(ut::XID_START, c)
        }
    };
    let cont = |c: char| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '_'
        } else {
            ut::in_table(ut::XID_CONTINUE, c)
        }
    };
    start(first) && chars.all(cont)
}

fn isidentifier(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_text(vm, args, "isidentifier", |s| is_identifier(s.as_str()))
}

fn isascii(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_text(vm, args, "isascii", |s| s.is_ascii())
}

fn isprintable(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    test_text(vm, args, "isprintable", |s| {
        s.as_str().chars().all(hotpy_lexer::pyrepr::is_printable)
    })
}

/// width and fill char of center/ljust/rjust.
fn pad_args(heap: &Heap, args: &Args<'_>, name: &str) -> VmResult<(i64, char)> {
    let r = rest(args);
    r.expect_count(name, 1, 2)?;
    let width = util::ssize_arg(heap, r.positional()[0])?;
    let fill = match r.get(1) {
        None => ' ',
        Some(v) => {
            let f = util::as_str(heap, v).ok_or_else(|| {
                type_error(format!(
                    "The fill character must be a unicode character, not {}",
                    type_name(heap, v)
                ))
            })?;
            if f.char_len() != 1 {
                return Err(type_error(
                    "The fill character must be exactly one character long",
                ));
            }
            f.char_at(0).unwrap_or(' ')
        }
    };
    Ok((width, fill))
}

fn pad(vm: &Vm, s: &PyStr, left: usize, right: usize, fill: char) -> VmResult<String> {
    let size = s.as_str().len() as u128 + (left as u128 + right as u128) * fill.len_utf8() as u128;
    let mut out = util::reserve_str(vm, size)?;
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s.as_str());
    out.extend(std::iter::repeat_n(fill, right));
    Ok(out)
}

fn pad_impl(vm: &mut Vm, args: Args<'_>, name: &str) -> VmResult<Value> {
    let (s, v) = this(&vm.heap, &args, name)?;
    let (width, fill) = pad_args(&vm.heap, &args, name)?;
    let len = s.char_len() as i64;
    if width <= len {
        return Ok(v);
    }
    let total = (width - len) as usize;
    let (left, right) = match name {
        "ljust" => (0, total),
        "rjust" => (total, 0),
        _ => {
            // CPython: left = marg/2 + (marg & width & 1)
            let left = total / 2 + (total & (width as usize) & 1);
            (left, total - left)
        }
    };
    let out = pad(vm, s, left, right, fill)?;
    new_str(vm, out)
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
    let (s, v) = this(&vm.heap, &args, "zfill")?;
    let r = rest(&args);
    r.check_count("str.zfill", 1, 1)?;
    let width = util::ssize_arg(&vm.heap, r.positional()[0])?;
    let len = s.char_len() as i64;
    if width <= len {
        return Ok(v);
    }
    let fill = (width - len) as usize;
    let text = s.as_str();
    let mut out = util::reserve_str(vm, text.len() as u128 + fill as u128)?;
    let body = match text.as_bytes().first() {
        Some(&c @ (b'+' | b'-')) => {
            out.push(c as char);
            &text[1..]
        }
        _ => text,
    };
    out.extend(std::iter::repeat_n('0', fill));
    out.push_str(body);
    new_str(vm, out)
}

fn partition_impl(vm: &mut Vm, args: Args<'_>, name: &str, rev: bool) -> VmResult<Value> {
    let (s, v) = this(&vm.heap, &args, name)?;
    let r = rest(&args);
    r.check_count(&format!("str.{name}"), 1, 1)?;
    let sep = str_arg(&vm.heap, r.positional()[0], "")?;
    if sep.is_empty() {
        return Err(value_error("empty separator"));
    }
    let text = s.as_str();
    let found = if rev { text.rfind(sep) } else { text.find(sep) };
    let parts = match found {
        Some(i) => (
            text[..i].to_string(),
            Some(r.positional()[0]),
            text[i + sep.len()..].to_string(),
        ),
        None => {
            let e = vm.new_str("")?;
            let e2 = vm.new_str("")?;
            return vm.new_tuple(if rev { vec![e, e2, v] } else { vec![v, e, e2] });
        }
    };
    let a = vm.new_str(parts.0)?;
    let b = parts.1.unwrap_or(Value::None);
    let c = vm.new_str(parts.2)?;
    vm.new_tuple(vec![a, b, c])
}

fn partition(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    partition_impl(vm, args, "partition", false)
}

fn rpartition(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    partition_impl(vm, args, "rpartition", true)
}

fn expandtabs(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _) = this(&vm.heap, &args, "expandtabs")?;
    let [tab] = util::bind(&rest(&args), &vm.heap, "expandtabs", ["tabsize"], 0, 1, 0)?;
    let tab = match tab {
        None => 8,
        Some(v) => util::int_arg(&vm.heap, v)?
            .to_i64()
            .filter(|n| i32::try_from(*n).is_ok())
            .ok_or_else(|| {
                crate::error::overflow_error("Python int too large to convert to C int")
            })?,
    };
    // the result's size first (MemoryError rather than an abort for huge tab sizes)
    let (mut size, mut col): (u128, i64) = (0, 0);
    for c in s.as_str().chars() {
        match c {
            '\t' if tab > 0 => {
                let n = tab - col % tab;
                size += n as u128;
                col = col.saturating_add(n);
            }
            '\t' => {}
            '\n' | '\r' => {
                size += 1;
                col = 0;
            }
            _ => {
                size += c.len_utf8() as u128;
                col = col.saturating_add(1);
            }
        }
    }
    let mut out = util::reserve_str(vm, size)?;
    let mut col: i64 = 0;
    for c in s.as_str().chars() {
        match c {
            '\t' => {
                if tab > 0 {
                    let n = tab - col % tab;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                    col += n;
                }
            }
            '\n' | '\r' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    new_str(vm, out)
}

/// A normalised codec name: `utf-8`, `ascii`, `latin-1`, or `LookupError: unknown encoding`.
pub fn codec(name: &str) -> VmResult<&'static str> {
    let n = name.to_ascii_lowercase().replace(['_', ' '], "-");
    Ok(match n.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => "utf-8",
        "ascii" | "us-ascii" | "646" | "us" => "ascii",
        "latin-1" | "latin1" | "latin" | "iso-8859-1" | "iso8859-1" | "8859" | "cp819" | "l1"
        | "iso-ir-100" => "latin-1",
        _ => {
            return Err(VmError::new(
                ExcKind::LookupError,
                format!("unknown encoding: {name}"),
            ))
        }
    })
}

/// `s.encode(encoding, errors)` for the builtin codecs.
pub fn encode_str(s: &str, encoding: &str, errors: &str) -> VmResult<Vec<u8>> {
    let codec = codec(encoding)?;
    let limit: u32 = match codec {
        "utf-8" => return Ok(s.as_bytes().to_vec()),
        "ascii" => 128,
        _ => 256,
    };
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j] as u32 >= limit {
            j += 1;
        }
        match errors {
            "strict" => {
                let what = if j - i == 1 {
                    format!(
                        "character {} in position {i}",
                        super::str_format::ascii(&hotpy_lexer::pyrepr::str_repr(&c.to_string()))
                    )
                } else {
                    format!("characters in position {i}-{}", j - 1)
                };
                return Err(VmError::new(
                    ExcKind::UnicodeEncodeError,
                    format!("'{codec}' codec can't encode {what}: ordinal not in range({limit})"),
                ));
            }
            "ignore" => {}
            "replace" => out.extend(std::iter::repeat_n(b'?', j - i)),
            "backslashreplace" => {
                for &c in &chars[i..j] {
                    let n = c as u32;
                    let e = if n < 0x100 {
                        format!("\\x{n:02x}")
                    } else if n < 0x10000 {
                        format!("\\u{n:04x}")
                    } else {
                        format!("\\U{n:08x}")
                    };
                    out.extend_from_slice(e.as_bytes());
                }
            }
            "xmlcharrefreplace" => {
                for &c in &chars[i..j] {
                    out.extend_from_slice(format!("&#{};", c as u32).as_bytes());
                }
            }
            other => {
                return Err(VmError::new(
                    ExcKind::LookupError,
                    format!("unknown error handler name '{other}'"),
                ))
            }
        }
        i = j;
    }
    Ok(out)
}

fn encode(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let heap = &vm.heap;
    let (s, _) = this(heap, &args, "encode")?;
    let [enc, errors] = util::bind(
        &rest(&args),
        heap,
        "encode",
        ["encoding", "errors"],
        0,
        2,
        0,
    )?;
    let get = |v: Option<Value>, n: &str, default: &'static str| -> VmResult<&str> {
        match v {
            None => Ok(default),
            Some(v) => str_arg(heap, v, &format!("encode() argument '{n}' ")),
        }
    };
    let enc = get(enc, "encoding", "utf-8")?;
    let errors = get(errors, "errors", "strict")?;
    let out = match encode_str(s.as_str(), enc, errors) {
        Ok(out) => out,
        Err(e) if e.kind() == Some(ExcKind::UnicodeEncodeError) && errors == "strict" => {
            // Rebuild it with CPython's args (encoding, object, start, end, reason).
            let (codec, start, end, reason) = encode_failure(s.as_str(), enc);
            let receiver = args.get(0).unwrap_or(Value::None);
            return Err(crate::class::oserror::unicode_error(
                vm,
                ExcKind::UnicodeEncodeError,
                codec,
                receiver,
                start,
                end,
                &reason,
            ));
        }
        Err(e) => return Err(e),
    };
    util::new_bytes(vm, out)
}

/// Where a strict encode of `s` fails: the codec, the run of unencodable chars, the reason.
fn encode_failure(s: &str, encoding: &str) -> (&'static str, usize, usize, String) {
    let codec = codec(encoding).unwrap_or("ascii");
    let limit: u32 = if codec == "ascii" { 128 } else { 256 };
    let chars: Vec<char> = s.chars().collect();
    let start = chars.iter().position(|&c| c as u32 >= limit).unwrap_or(0);
    let mut end = start;
    while end < chars.len() && chars[end] as u32 >= limit {
        end += 1;
    }
    (codec, start, end, format!("ordinal not in range({limit})"))
}

fn affix_remove(vm: &mut Vm, args: Args<'_>, name: &str, suffix: bool) -> VmResult<Value> {
    let (s, v) = this(&vm.heap, &args, name)?;
    let r = rest(&args);
    r.check_count(&format!("str.{name}"), 1, 1)?;
    let a = str_arg(&vm.heap, r.positional()[0], &format!("{name}() argument "))?;
    let text = s.as_str();
    let out = if suffix {
        text.strip_suffix(a)
    } else {
        text.strip_prefix(a)
    };
    match out {
        Some(o) if !a.is_empty() => {
            let o = o.to_string();
            new_str(vm, o)
        }
        _ => Ok(v),
    }
}

fn removeprefix(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    affix_remove(vm, args, "removeprefix", false)
}

fn removesuffix(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    affix_remove(vm, args, "removesuffix", true)
}

/// `str.maketrans(x[, y[, z]])` (a static method: `args` has no receiver).
pub fn maketrans(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("maketrans", 1, 3)?;
    let d = vm.new_dict()?;
    let Value::Obj(dr) = d else { unreachable!() };
    let x = args.positional()[0];
    let mut pairs: Vec<(Value, Value)> = Vec::new();
    if args.len() == 1 {
        let Some(Object::Dict(src)) = util::obj(&vm.heap, x) else {
            return Err(type_error(
                "if you give only one argument to maketrans it must be a dict",
            ));
        };
        let entries: Vec<(Value, Value)> = src.iter().map(|(k, v)| (k, *v)).collect();
        for (k, v) in entries {
            let key = match util::as_str(&vm.heap, k) {
                Some(s) if s.char_len() == 1 => Value::Int(s.char_at(0).unwrap_or('\0') as i64),
                Some(_) => {
                    return Err(value_error(
                        "string keys in translate table must be of length 1",
                    ))
                }
                None if crate::numeric::int::Int::from_value(&vm.heap, k).is_some() => k,
                None => {
                    return Err(type_error(
                        "keys in translate table must be strings or integers",
                    ))
                }
            };
            pairs.push((key, v));
        }
    } else {
        let heap = &vm.heap;
        let xs = str_arg(heap, x, "maketrans() argument 1 ")?;
        let ys = str_arg(heap, args.positional()[1], "maketrans() argument 2 ")?;
        if xs.chars().count() != ys.chars().count() {
            return Err(value_error(
                "the first two maketrans arguments must have equal length",
            ));
        }
        let mut char_pairs: Vec<(char, Option<char>)> =
            xs.chars().zip(ys.chars().map(Some)).collect();
        if let Some(z) = args.get(2) {
            let zs = str_arg(heap, z, "maketrans() argument 3 ")?;
            char_pairs.extend(zs.chars().map(|c| (c, None)));
        }
        for (a, b) in char_pairs {
            let v = match b {
                Some(b) => Value::Int(b as i64),
                None => Value::None,
            };
            pairs.push((Value::Int(a as i64), v));
        }
    }
    for (k, v) in pairs {
        util::dict_set(vm, dr, k, v)?;
    }
    Ok(d)
}

/// The table entry of `maketrans`: `''.maketrans(...)` through an instance, or
/// `str.maketrans(...)` through the type object, whose attribute lookup passes the first argument
/// as the receiver. The first argument is an argument when it is no str (the dict form), when one
/// str follows it (the two-string form), or when two strs follow and it has the length of the
/// next (the three-string form: `str.maketrans('', '', 'xyz')`). (`util::static_method` gives
/// the exact entry.)
fn maketrans_method(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let r = rest(&args);
    let heap = &vm.heap;
    let chars = |v: Value| util::as_str(heap, v).map(PyStr::char_len);
    let static_call = match (args.get(0).and_then(chars), r.len()) {
        (None, _) => true,
        (Some(_), 1) => chars(r.positional()[0]).is_some(),
        (Some(n), 2) => chars(r.positional()[0]) == Some(n),
        _ => false,
    };
    if static_call {
        return maketrans(vm, args);
    }
    maketrans(vm, r)
}

/// `table[ord(c)]` for str.translate: `None` when the table has no entry (LookupError).
fn table_lookup(vm: &mut Vm, table: Value, c: char) -> VmResult<Option<Value>> {
    let Value::Obj(tr) = table else {
        return Err(type_error(format!(
            "'{}' object is not subscriptable",
            type_name(&vm.heap, table)
        )));
    };
    let i = c as usize;
    Ok(match vm.heap.try_get(tr)? {
        Object::Dict(_) => util::dict_get(vm, tr, Value::Int(i as i64))?,
        Object::List(items) => items.get(i).copied(),
        Object::Tuple(items) => items.get(i).copied(),
        Object::Str(s) => match s.char_at(i) {
            Some(ch) => Some(vm.new_str(ch.to_string())?),
            None => None,
        },
        _ => match crate::interp::ops::getitem(vm, table, Value::Int(i as i64)) {
            Ok(v) => Some(v),
            Err(e)
                if matches!(
                    e.kind(),
                    Some(ExcKind::LookupError | ExcKind::IndexError | ExcKind::KeyError)
                ) =>
            {
                None
            }
            Err(e) => return Err(e),
        },
    })
}

fn translate(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _) = this(&vm.heap, &args, "translate")?;
    let r = rest(&args);
    r.check_count("str.translate", 1, 1)?;
    let table = r.positional()[0];
    let text = s.as_str().to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match table_lookup(vm, table, c)? {
            None => out.push(c),
            Some(Value::None) => {}
            Some(v) => {
                if let Some(t) = util::as_str(&vm.heap, v) {
                    out.push_str(t.as_str());
                } else if let Some(i) = crate::numeric::int::Int::from_value(&vm.heap, v) {
                    match i.to_i64().and_then(|n| u32::try_from(n).ok()) {
                        Some(n) if n <= 0x10FFFF => match char::from_u32(n) {
                            Some(ch) => out.push(ch),
                            None => {
                                return Err(VmError::new(
                                    ExcKind::NotImplementedError,
                                    "surrogate code points are not supported",
                                ))
                            }
                        },
                        _ => {
                            return Err(value_error("character mapping must be in range(0x110000)"))
                        }
                    }
                } else {
                    return Err(type_error(
                        "character mapping must return integer, None or str",
                    ));
                }
            }
        }
    }
    new_str(vm, out)
}

/// `str.__add__(other)`: concatenation; another str or CPython's TypeError (str's concat slot
/// raises rather than returning NotImplemented).
fn dunder_add(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, this_v) = this(&vm.heap, &args, "__add__")?;
    let rest = rest(&args);
    util::wrapper_count(&rest, "__add__", 1)?;
    let other = rest.positional()[0];
    if util::as_str(&vm.heap, other).is_none() {
        return Err(crate::error::type_error(format!(
            "can only concatenate str (not \"{}\") to str",
            type_name(&vm.heap, other)
        )));
    }
    crate::interp::ops::binary_op(
        vm,
        hotpy_compiler::bytecode::BinaryOperator::Add,
        this_v,
        other,
    )
}
