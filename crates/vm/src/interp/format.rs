//! `repr`, `str` and `%`-formatting of builtin values, as CPython prints them.
//!
//! Nested containers are walked with a depth limit (`VmConfig::max_depth`, RecursionError past
//! it) and a "being printed" set, so a list containing itself prints `[[...]]` as in CPython.

use crate::error::{recursion_error, ExcKind, VmError, VmResult};
use crate::heap::Heap;
use crate::object::{IterState, Object};
use crate::repr::float_repr;
use crate::types::type_name;
use crate::value::{ObjRef, Value};
use crate::Vm;
use hotpy_lexer::pyrepr::{bytes_repr, str_repr};
use std::fmt::Write as _;

struct Ctx<'a> {
    heap: &'a Heap,
    max_depth: usize,
    active: Vec<ObjRef>,
}

/// The marker error the heap-only printer returns when it meets an object whose repr is
/// Python code: the caller retries with the interpreter-aware printer.
fn needs_vm() -> VmError {
    crate::error::internal(NEEDS_VM)
}

const NEEDS_VM: &str = "repr needs the interpreter";

fn is_needs_vm(e: &VmError) -> bool {
    matches!(e, VmError::Internal(m) if m.as_str() == NEEDS_VM)
}

/// `repr(v)`.
pub(crate) fn repr(vm: &mut Vm, v: Value) -> VmResult<String> {
    match v {
        Value::Int(i) => return Ok(itoa_i64(i)),
        Value::Float(f) => return Ok(float_repr(f)),
        _ => {}
    }
    match repr_fast(vm, v) {
        Err(e) if is_needs_vm(&e) => {
            let mut active = Vec::new();
            repr_slow(vm, v, 0, &mut active)
        }
        other => other,
    }
}

fn repr_fast(vm: &Vm, v: Value) -> VmResult<String> {
    let mut out = String::new();
    let mut ctx = Ctx {
        heap: &vm.heap,
        max_depth: vm.config().max_depth,
        active: Vec::new(),
    };
    write_repr(&mut ctx, v, &mut out, 0)?;
    Ok(out)
}

/// The interpreter-aware printer: containers are walked by index (re-reading the container
/// after every element, since a `__repr__` may mutate it), user objects call `__repr__`.
fn repr_slow(vm: &mut Vm, v: Value, depth: usize, active: &mut Vec<ObjRef>) -> VmResult<String> {
    let Value::Obj(r) = v else {
        return repr_fast(vm, v);
    };
    if depth > vm.config().max_depth {
        return Err(recursion_error(
            "maximum recursion depth exceeded while getting the repr of an object",
        ));
    }
    enum Kind {
        List,
        Tuple,
        Dict,
        Set,
        FrozenSet,
        User,
        Other,
    }
    let kind = match vm.heap.get(r) {
        Object::List(_) => Kind::List,
        Object::Tuple(_) => Kind::Tuple,
        Object::Dict(_) => Kind::Dict,
        Object::Set(_) => Kind::Set,
        Object::FrozenSet(_) => Kind::FrozenSet,
        Object::Instance(_) => Kind::User,
        Object::Exception(e) if !e.class.is_none() => Kind::User,
        _ => Kind::Other,
    };
    match kind {
        Kind::User => {
            vm.enter_native()?;
            let out = crate::class::dunder::repr(vm, v);
            vm.rt.native_depth -= 1;
            return out;
        }
        Kind::Other => {
            return match repr_fast(vm, v) {
                Err(e) if is_needs_vm(&e) => repr_slow_other(vm, r, depth, active),
                other => other,
            }
        }
        _ => {}
    }
    if active.contains(&r) {
        return Ok(match kind {
            Kind::List => "[...]",
            Kind::Dict => "{...}",
            _ => "...",
        }
        .into());
    }
    active.push(r);
    vm.push_temp_root(v);
    let result = (|| -> VmResult<String> {
        let mut out = String::new();
        let (open, close) = match kind {
            Kind::List => ("[", "]"),
            Kind::Tuple => ("(", ")"),
            Kind::Dict => ("{", "}"),
            Kind::Set => ("{", "}"),
            _ => ("frozenset({", "})"),
        };
        out.push_str(open);
        let mut i = 0;
        // A dict's next position (dead entries are skipped, so it can run ahead of `i`).
        let mut position = 0;
        loop {
            let item = match vm.heap.get(r) {
                Object::List(x) => x.get(i).map(|&x| (x, None)),
                Object::Tuple(x) => x.get(i).map(|&x| (x, None)),
                Object::Dict(d) => d.next_live(position).map(|(j, k, v)| {
                    position = j + 1;
                    (k, Some(*v))
                }),
                Object::Set(s) | Object::FrozenSet(s) => s.entry_at(i).map(|(k, _)| (k, None)),
                _ => None,
            };
            let Some((x, val)) = item else { break };
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&repr_slow(vm, x, depth + 1, active)?);
            if let Some(val) = val {
                out.push_str(": ");
                out.push_str(&repr_slow(vm, val, depth + 1, active)?);
            }
            i += 1;
        }
        if matches!(kind, Kind::Tuple) && i == 1 {
            out.push(',');
        }
        out.push_str(close);
        Ok(out)
    })();
    vm.pop_temp_root();
    active.pop();
    result
}

/// The interpreter-aware repr of the non-container kinds that hold user objects: bound methods
/// of instances, classes with a metaclass `__repr__`, `super` objects.
fn repr_slow_other(
    vm: &mut Vm,
    r: ObjRef,
    depth: usize,
    active: &mut Vec<ObjRef>,
) -> VmResult<String> {
    match vm.heap.get(r) {
        Object::BoundMethod(m) => {
            let (recv, func) = (m.receiver, m.function);
            let name = match func.as_obj().map(|f| vm.heap.get(f)) {
                Some(Object::Function(f)) => match f.qualname.as_obj().map(|q| vm.heap.get(q)) {
                    Some(Object::Str(s)) => s.as_str().to_string(),
                    _ => "?".into(),
                },
                Some(Object::NativeFunction(f)) => f.name.to_string(),
                _ => "?".into(),
            };
            let inner = repr_slow(vm, recv, depth + 1, active)?;
            Ok(format!("<bound method {name} of {inner}>"))
        }
        Object::Class(c) => {
            let meta = c.meta;
            if let Some(m) = meta.as_obj() {
                if let Some(f) = crate::class::lookup::user_lookup_str(vm, m, "__repr__")? {
                    let out = vm.call(f, &[Value::Obj(r)])?;
                    return match vm.heap.get(out.as_obj().unwrap_or(r)) {
                        Object::Str(s) if out.as_obj().is_some() => Ok(s.as_str().to_string()),
                        _ => Err(crate::error::type_error(format!(
                            "__repr__ returned non-string (type {})",
                            type_name(&vm.heap, out)
                        ))),
                    };
                }
            }
            let q = crate::class::create::qualified_name(vm, Value::Obj(r));
            Ok(format!("<class '{q}'>"))
        }
        Object::GenericAlias(_) => crate::class::alias::repr(vm, r),
        Object::Super(s) => {
            let (this, obj) = (s.this, s.obj);
            let t = repr_slow(vm, this, depth + 1, active)?;
            let tn = type_name(&vm.heap, obj).to_string();
            Ok(format!("<super: {t}, <{tn} object>>"))
        }
        _ => Err(crate::error::internal(
            "hotpy cannot print this object's repr yet",
        )),
    }
}

/// `str(v)`.
pub(crate) fn to_str(vm: &mut Vm, v: Value) -> VmResult<String> {
    if let Value::Obj(r) = v {
        match vm.heap.get(r) {
            Object::Str(s) => return Ok(s.as_str().to_string()),
            Object::Instance(_) => return crate::class::dunder::to_str(vm, v),
            Object::Exception(e) if !e.class.is_none() => {
                return crate::class::dunder::to_str(vm, v)
            }
            Object::Exception(_) => return exception_str(vm, r),
            _ => {}
        }
    }
    repr(vm, v)
}

/// `str(exc)`: `''` without args, `str(arg)` for one (`repr(key)` for KeyError), else
/// `str(args)`.
pub(crate) fn exception_str(vm: &mut Vm, r: ObjRef) -> VmResult<String> {
    let Object::Exception(e) = vm.heap.get(r) else {
        return Ok(String::new());
    };
    let (kind, args_v) = (e.kind, e.args);
    if kind.is_subclass(ExcKind::OSError) {
        if let Some(s) = crate::class::oserror::os_error_str(vm, r)? {
            return Ok(s);
        }
    }
    if kind.is_subclass(ExcKind::BaseExceptionGroup) {
        if let Some(s) = crate::class::group::group_str(vm, r)? {
            return Ok(s);
        }
    }
    if kind.is_subclass(ExcKind::UnicodeError) {
        if let Some(s) = crate::class::oserror::unicode_error_str(vm, r)? {
            return Ok(s);
        }
    }
    if kind.is_subclass(ExcKind::SyntaxError) {
        if let Some(s) = crate::class::syntaxerror::syntax_error_str(vm, r)? {
            return Ok(s);
        }
    }
    let args: Vec<Value> = match args_v {
        Value::Obj(a) => match vm.heap.get(a) {
            Object::Tuple(t) => t.to_vec(),
            _ => vec![],
        },
        _ => vec![],
    };
    match args.len() {
        0 => Ok(String::new()),
        1 if kind == ExcKind::KeyError => repr(vm, args[0]),
        1 => to_str(vm, args[0]),
        _ => repr(vm, args_v),
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

/// The address-like text CPython prints in default reprs (`0x7f…`).
pub(crate) fn hex_id(r: ObjRef) -> String {
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
                    | Object::DictView(_)
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

/// The repr of `v` on its own.
fn write_repr_string(ctx: &mut Ctx<'_>, v: Value, depth: usize) -> VmResult<String> {
    let mut s = String::new();
    write_repr(ctx, v, &mut s, depth + 1)?;
    Ok(s)
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
        Object::Exception(e) if !e.class.is_none() => return Err(needs_vm()),
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
        Object::Ellipsis => out.push_str("Ellipsis"),
        Object::File(f) => {
            let name = write_repr_string(ctx, f.name, depth)?;
            out.push_str(&f.repr(&name));
        }
        Object::DictView(w) => {
            use crate::types::dictview::ViewKind;
            let pairs: Vec<(Value, Value)> = match heap.get(w.dict) {
                Object::Dict(d) => d.iter().map(|(k, v)| (k, *v)).collect(),
                _ => Vec::new(),
            };
            out.push_str(w.kind.type_name());
            out.push_str("([");
            for (i, (k, v)) in pairs.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match w.kind {
                    ViewKind::Keys => write_repr(ctx, k, out, depth + 1)?,
                    ViewKind::Values => write_repr(ctx, v, out, depth + 1)?,
                    ViewKind::Items => {
                        out.push('(');
                        write_repr(ctx, k, out, depth + 2)?;
                        out.push_str(", ");
                        write_repr(ctx, v, out, depth + 2)?;
                        out.push(')');
                    }
                }
            }
            out.push_str("])");
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
                _ => obj.type_name(),
            };
            let _ = write!(out, "<{kind} object at {}>", hex_id(r));
        }
        Object::Type(t) => {
            let _ = write!(out, "<class '{}'>", t.name());
        }
        Object::Instance(_) => return Err(needs_vm()),
        Object::Class(c) if !c.meta.is_none() => return Err(needs_vm()),
        Object::Class(c) => {
            let module = crate::ops::dict_get_str(heap, c.dict, "__module__")
                .ok()
                .flatten()
                .and_then(|m| match m.as_obj().map(|x| heap.get(x)) {
                    Some(Object::Str(s)) => Some(s.as_str().to_string()),
                    _ => None,
                });
            let q = match c.qualname.as_obj().map(|x| heap.get(x)) {
                Some(Object::Str(s)) => s.as_str().to_string(),
                _ => c.name.to_string(),
            };
            match module {
                Some(m) if m != "builtins" => {
                    let _ = write!(out, "<class '{m}.{q}'>");
                }
                _ => {
                    let _ = write!(out, "<class '{q}'>");
                }
            }
        }
        Object::Property(_) => {
            let _ = write!(out, "<property object at {}>", hex_id(r));
        }
        Object::StaticMethod(f) | Object::ClassMethod(f) => {
            out.push_str(if matches!(obj, Object::StaticMethod(_)) {
                "<staticmethod("
            } else {
                "<classmethod("
            });
            write_repr(ctx, *f, out, depth + 1)?;
            out.push_str(")>");
        }
        Object::Super(s) => {
            out.push_str("<super: ");
            write_repr(ctx, s.this, out, depth + 1)?;
            out.push_str(", <");
            out.push_str(type_name(heap, s.obj));
            out.push_str(" object>>");
        }
        Object::Member(m) => {
            let owner = crate::types::class_name(heap, m.owner);
            out.push_str("<member ");
            write_repr(ctx, m.name, out, depth + 1)?;
            let _ = write!(out, " of '{owner}' objects>");
        }
        Object::GenericAlias(_) => return Err(needs_vm()),
        Object::NotImplemented => out.push_str("NotImplemented"),
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

/// `fmt % args` (printf-style formatting of str): the foundations' implementation
/// ([`crate::format::percent`]) with the interpreter's `str()`/`repr()` as its host.
pub(crate) fn percent_format(vm: &mut Vm, fmt: &str, args: Value) -> VmResult<String> {
    // The operands may be off the value stack: keep `args` (and its items) alive should a
    // conversion ever reach a safe point.
    let mark = vm.rt.temp_roots.len();
    vm.rt.temp_roots.push(args);
    let mut host = InterpHost { vm };
    let r = crate::format::percent_format(&mut host, fmt, args);
    vm.rt.temp_roots.truncate(mark);
    r
}

/// `b % args` when `b` is a bytes or bytearray (the result has its type); `None` otherwise.
pub(crate) fn bytes_remainder(vm: &mut Vm, b: Value, args: Value) -> VmResult<Option<Value>> {
    let (fmt, array) = match b.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Bytes(x)) => (x.to_vec(), false),
        Some(Object::ByteArray(x)) => (x.clone(), true),
        _ => return Ok(None),
    };
    let mark = vm.rt.temp_roots.len();
    vm.rt.temp_roots.push(args);
    let mut host = InterpHost { vm };
    let r = crate::format::bytes_percent_format(&mut host, &fmt, args);
    vm.rt.temp_roots.truncate(mark);
    let out = r?;
    let obj = if array {
        Object::ByteArray(out)
    } else {
        Object::Bytes(out.into())
    };
    Ok(Some(Value::Obj(vm.heap.alloc(obj)?)))
}

/// The interpreter as a [`crate::format::FormatHost`]: `str()`/`repr()` of every value kind the
/// interpreter prints (functions, iterators, type objects…), mapping lookup in dicts.
struct InterpHost<'a> {
    vm: &'a mut Vm,
}

impl crate::format::FormatHost for InterpHost<'_> {
    fn heap(&self) -> &Heap {
        &self.vm.heap
    }
    fn str(&mut self, v: Value) -> VmResult<String> {
        to_str(self.vm, v)
    }
    fn repr(&mut self, v: Value) -> VmResult<String> {
        repr(self.vm, v)
    }
    fn getitem_str(&mut self, mapping: Value, key: &str) -> VmResult<Value> {
        if let Some(r) = mapping.as_obj() {
            if let Object::Dict(_) = self.vm.heap.get(r) {
                if let Some(v) = crate::ops::dict_get_str(&self.vm.heap, r, key)? {
                    return Ok(v);
                }
                // `KeyError('c')`, whose str() is `'c'` (the key as the exception's argument).
                let k = self.vm.new_str(key)?;
                return Err(super::ops::key_error(self.vm, k));
            }
        }
        let k = self.vm.new_str(key)?;
        super::ops::getitem(self.vm, mapping, k)
    }
    fn getitem_bytes(&mut self, mapping: Value, key: &[u8]) -> VmResult<Value> {
        let k = Value::Obj(self.vm.heap.alloc(Object::Bytes(key.into()))?);
        self.vm.push_temp_root(k);
        let r = super::ops::getitem(self.vm, mapping, k);
        self.vm.pop_temp_root();
        r
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
    crate::format::render::fixed_digits(x, p)
}

/// `'%.*e' % (p, x)`.
pub(crate) fn format_exp(x: f64, p: usize, upper: bool) -> String {
    if !x.is_finite() {
        return format_fixed(x, p);
    }
    let s = crate::format::render::exp_digits(x, p);
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
    let e_repr = crate::format::render::exp_digits(x, p - 1);
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
        let s = crate::format::render::fixed_digits(x, decimals);
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    s
}
