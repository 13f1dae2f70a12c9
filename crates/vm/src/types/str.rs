//! Methods of `str` (the common ones; the rest are for the types module).

use super::{receiver_error, type_name, MethodDef};
use crate::error::{type_error, value_error, VmResult};
use crate::interp::ops;
use crate::native::Args;
use crate::value::Value;
use crate::Vm;

/// The methods of `str`.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("join", join),
    MethodDef::new("split", split),
    MethodDef::new("strip", strip),
    MethodDef::new("lstrip", lstrip),
    MethodDef::new("rstrip", rstrip),
    MethodDef::new("upper", upper),
    MethodDef::new("lower", lower),
    MethodDef::new("startswith", startswith),
    MethodDef::new("endswith", endswith),
    MethodDef::new("replace", replace),
    MethodDef::new("find", find),
    MethodDef::new("count", count),
    MethodDef::new("format", format),
];

/// The receiver's text and the other arguments.
fn this<'a>(vm: &Vm, args: &Args<'a>, method: &str) -> VmResult<(String, Args<'a>)> {
    let Some((recv, rest)) = args.split_self() else {
        return Err(type_error(format!(
            "unbound method str.{method}() needs an argument"
        )));
    };
    match ops::as_str(&vm.heap, recv) {
        Some(s) => Ok((s.as_str().to_string(), rest)),
        None => Err(receiver_error("str", method, type_name(&vm.heap, recv))),
    }
}

fn str_arg(vm: &Vm, v: Value, what: &str) -> VmResult<String> {
    match ops::as_str(&vm.heap, v) {
        Some(s) => Ok(s.as_str().to_string()),
        None => Err(type_error(format!(
            "{what}, not {}",
            type_name(&vm.heap, v)
        ))),
    }
}

fn join(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (sep, rest) = this(vm, &args, "join")?;
    rest.check_count("str.join", 1, 1)?;
    let items = ops::collect_iterable(vm, rest.positional()[0])?;
    let mut out = String::new();
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        match ops::as_str(&vm.heap, *v) {
            Some(s) => out.push_str(s.as_str()),
            None => {
                return Err(type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    type_name(&vm.heap, *v)
                )))
            }
        }
    }
    vm.new_str(out)
}

fn split(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, rest) = this(vm, &args, "split")?;
    let [sep, maxsplit] = rest.bind(&vm.heap, "split", ["sep", "maxsplit"], 0, 2, 0)?;
    let max = match maxsplit {
        Some(Value::Int(n)) if n >= 0 => Some(n as usize),
        _ => None,
    };
    let parts: Vec<String> = match sep.filter(|v| !v.is_none()) {
        None => {
            let mut out = Vec::new();
            let mut rest_s = s.trim_start();
            while !rest_s.is_empty() {
                if max.is_some_and(|m| out.len() >= m) {
                    out.push(rest_s.to_string());
                    break;
                }
                let end = rest_s.find(char::is_whitespace).unwrap_or(rest_s.len());
                out.push(rest_s[..end].to_string());
                rest_s = rest_s[end..].trim_start();
            }
            out
        }
        Some(sep) => {
            let sep = str_arg(vm, sep, "must be str or None")?;
            if sep.is_empty() {
                return Err(value_error("empty separator"));
            }
            match max {
                Some(m) => s.splitn(m + 1, sep.as_str()).map(String::from).collect(),
                None => s.split(sep.as_str()).map(String::from).collect(),
            }
        }
    };
    let mut vals = Vec::with_capacity(parts.len());
    for p in parts {
        vals.push(vm.new_str(p)?);
    }
    vm.new_list(vals)
}

fn strip_impl(vm: &mut Vm, args: Args<'_>, name: &str, left: bool, right: bool) -> VmResult<Value> {
    let (s, rest) = this(vm, &args, name)?;
    rest.check_count(name, 0, 1)?;
    let chars: Option<Vec<char>> = match rest.get(0).filter(|v| !v.is_none()) {
        Some(v) => Some(
            str_arg(vm, v, &format!("{name} arg must be None or str"))?
                .chars()
                .collect(),
        ),
        None => None,
    };
    let pred = |c: char| match &chars {
        Some(cs) => cs.contains(&c),
        None => c.is_whitespace(),
    };
    let mut t: &str = &s;
    if left {
        t = t.trim_start_matches(pred);
    }
    if right {
        t = t.trim_end_matches(pred);
    }
    let t = t.to_string();
    vm.new_str(t)
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

fn upper(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, rest) = this(vm, &args, "upper")?;
    rest.check_count("str.upper", 0, 0)?;
    vm.new_str(s.to_uppercase())
}

fn lower(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, rest) = this(vm, &args, "lower")?;
    rest.check_count("str.lower", 0, 0)?;
    vm.new_str(s.to_lowercase())
}

fn affix(vm: &mut Vm, args: Args<'_>, name: &str, start: bool) -> VmResult<Value> {
    let (s, rest) = this(vm, &args, name)?;
    rest.expect_count(name, 1, 1)?;
    let arg = rest.positional()[0];
    let candidates: Vec<Value> = match arg.as_obj().map(|r| vm.heap.get(r)) {
        Some(crate::Object::Tuple(t)) => t.to_vec(),
        _ => vec![arg],
    };
    for c in candidates {
        let Some(p) = ops::as_str(&vm.heap, c) else {
            return Err(type_error(format!(
                "{name} first arg must be str or a tuple of str, not {}",
                type_name(&vm.heap, c)
            )));
        };
        let hit = if start {
            s.starts_with(p.as_str())
        } else {
            s.ends_with(p.as_str())
        };
        if hit {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn startswith(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    affix(vm, args, "startswith", true)
}

fn endswith(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    affix(vm, args, "endswith", false)
}

fn replace(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, rest) = this(vm, &args, "replace")?;
    rest.expect_count("replace", 2, 3)?;
    let [old, new, count] = rest.fixed::<3>();
    let old = str_arg(vm, old, "replace() argument 1 must be str")?;
    let new = str_arg(vm, new, "replace() argument 2 must be str")?;
    let out = match count {
        Value::Int(n) if n >= 0 && rest.len() == 3 => s.replacen(old.as_str(), &new, n as usize),
        _ => s.replace(old.as_str(), &new),
    };
    vm.new_str(out)
}

fn find(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, rest) = this(vm, &args, "find")?;
    rest.expect_count("find", 1, 1)?;
    let sub = str_arg(vm, rest.positional()[0], "must be str")?;
    Ok(Value::Int(match s.find(sub.as_str()) {
        Some(b) => s[..b].chars().count() as i64,
        None => -1,
    }))
}

fn count(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, rest) = this(vm, &args, "count")?;
    rest.expect_count("count", 1, 1)?;
    let sub = str_arg(vm, rest.positional()[0], "must be str")?;
    let n = if sub.is_empty() {
        s.chars().count() + 1
    } else {
        s.matches(sub.as_str()).count()
    };
    Ok(Value::Int(n as i64))
}

/// `str.format` with positional and keyword fields, conversions and format specs (no nested
/// fields or attribute/index lookups yet).
fn format(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, rest) = this(vm, &args, "format")?;
    let pos = rest.positional().to_vec();
    let kws: Vec<(String, Value)> = rest
        .kwargs(&vm.heap)
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let mut out = String::new();
    let mut auto = 0usize;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut field = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    field.push(c);
                }
                let (name_conv, spec) = match field.split_once(':') {
                    Some((a, b)) => (a.to_string(), b.to_string()),
                    None => (field.clone(), String::new()),
                };
                let (name, conv) = match name_conv.split_once('!') {
                    Some((a, b)) => (a.to_string(), b.chars().next()),
                    None => (name_conv, None),
                };
                let v = if name.is_empty() {
                    let v = pos.get(auto).copied();
                    auto += 1;
                    v.ok_or_else(|| {
                        crate::error::VmError::new(
                            crate::ExcKind::IndexError,
                            format!(
                                "Replacement index {} out of range for positional args tuple",
                                auto - 1
                            ),
                        )
                    })?
                } else if let Ok(i) = name.parse::<usize>() {
                    pos.get(i).copied().ok_or_else(|| {
                        crate::error::VmError::new(
                            crate::ExcKind::IndexError,
                            format!("Replacement index {i} out of range for positional args tuple"),
                        )
                    })?
                } else {
                    match kws.iter().find(|(k, _)| *k == name) {
                        Some((_, v)) => *v,
                        None => {
                            let k = vm.new_str(name)?;
                            return Err(ops::key_error(vm, k));
                        }
                    }
                };
                let v = match conv {
                    Some('r') => {
                        let r = crate::interp::format::repr(vm, v)?;
                        vm.new_str(r)?
                    }
                    Some('s') => {
                        let r = crate::interp::format::to_str(vm, v)?;
                        vm.new_str(r)?
                    }
                    _ => v,
                };
                out.push_str(&crate::builtins::format_value(vm, v, &spec)?);
            }
            '}' => return Err(value_error("Single '}' encountered in format string")),
            other => out.push(other),
        }
    }
    vm.new_str(out)
}
