//! Methods of `dict`.
//!
//! `keys()`, `values()` and `items()` return live view objects (`types/dictview.rs`). Keys compare with builtin equality (`ops`); keys with a user `__eq__` need the
//! interpreter.

use super::dictview::{self, ViewKind};
use super::{type_name, util, MethodDef};
use crate::error::{type_error, value_error, VmResult};
use crate::native::Args;
use crate::object::Object;
use crate::value::{ObjRef, Value};
use crate::{PyDict, Vm};

/// The methods of `dict`.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("get", get),
    MethodDef::new("setdefault", setdefault),
    MethodDef::new("pop", pop),
    MethodDef::new("popitem", popitem),
    MethodDef::new("keys", keys),
    MethodDef::new("values", values),
    MethodDef::new("items", items),
    MethodDef::new("update", update),
    MethodDef::new("clear", clear),
    MethodDef::new("copy", copy),
    MethodDef::new("fromkeys", fromkeys_method),
    MethodDef::new("__contains__", contains),
    MethodDef::new("__len__", len),
    MethodDef::new("__getitem__", getitem),
    MethodDef::new("__setitem__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_setitem(vm, args, "dict")
    }),
    MethodDef::new("__delitem__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_delitem(vm, args, "dict")
    }),
    MethodDef::new("__iter__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_iter(vm, args, "dict")
    }),
];

/// The receiver (a dict) and the other arguments.
fn this<'a>(vm: &Vm, args: &Args<'a>, method: &str) -> VmResult<(ObjRef, Args<'a>)> {
    let (v, rest) = util::split_self(args, "dict", method)?;
    match v {
        Value::Obj(r) if matches!(vm.heap.try_get(r)?, Object::Dict(_)) => Ok((r, rest)),
        _ => Err(util::wrong_receiver("dict", method, type_name(&vm.heap, v))),
    }
}

fn table(vm: &Vm, r: ObjRef) -> &PyDict {
    match vm.heap.get(r) {
        Object::Dict(d) => d,
        _ => unreachable!("checked by this()"),
    }
}

fn table_mut(vm: &mut Vm, r: ObjRef) -> &mut PyDict {
    match vm.heap.get_mut(r) {
        Object::Dict(d) => d,
        _ => unreachable!("checked by this()"),
    }
}

fn get(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "get")?;
    rest.expect_count("get", 1, 2)?;
    let [key, default] = rest.fixed::<2>();
    Ok(util::dict_get(vm, d, key)?.unwrap_or(default))
}

fn setdefault(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "setdefault")?;
    rest.expect_count("setdefault", 1, 2)?;
    let [key, default] = rest.fixed::<2>();
    if let Some(v) = util::dict_get(vm, d, key)? {
        return Ok(v);
    }
    util::dict_set(vm, d, key, default)?;
    Ok(default)
}

fn pop(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "pop")?;
    rest.expect_count("pop", 1, 2)?;
    let key = rest.positional()[0];
    match util::dict_del(vm, d, key)? {
        Some(v) => Ok(v),
        None => match rest.get(1) {
            Some(default) => Ok(default),
            None => Err(util::key_error(vm, key)),
        },
    }
}

fn popitem(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "popitem")?;
    rest.check_count("dict.popitem", 0, 0)?;
    match table_mut(vm, d).pop_last() {
        Some((k, v)) => vm.new_tuple(vec![k, v]),
        None => Err(util::key_error_msg(vm, "popitem(): dictionary is empty")),
    }
}

fn keys(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "keys")?;
    rest.check_count("dict.keys", 0, 0)?;
    dictview::new_view(vm, d, ViewKind::Keys)
}

fn values(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "values")?;
    rest.check_count("dict.values", 0, 0)?;
    dictview::new_view(vm, d, ViewKind::Values)
}

fn items(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "items")?;
    rest.check_count("dict.items", 0, 0)?;
    dictview::new_view(vm, d, ViewKind::Items)
}

/// `d.update(other)`: a dict, or an iterable of key/value pairs.
pub fn update_from(vm: &mut Vm, d: ObjRef, other: Value) -> VmResult<()> {
    // A dict subclass's instance: its dict payload.
    let other = crate::class::instantiate::payload_of(vm, other);
    if let Some(Object::Dict(src)) = util::obj(&vm.heap, other) {
        let entries: Vec<(Value, Value)> = src.iter().map(|(k, v)| (k, *v)).collect();
        for (k, v) in entries {
            util::dict_set(vm, d, k, v)?;
        }
        return Ok(());
    }
    let items = util::collect(vm, other)?;
    // the pairs may be iterables that call back into Python: keep the items rooted
    let holder = vm.new_list(items.clone())?;
    let _root = vm.root(holder);
    for (i, item) in items.into_iter().enumerate() {
        let pair = util::collect_or(vm, item, |_| {
            type_error(format!(
                "cannot convert dictionary update sequence element #{i} to a sequence"
            ))
        })?;
        if pair.len() != 2 {
            return Err(value_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                pair.len()
            )));
        }
        util::dict_set(vm, d, pair[0], pair[1])?;
    }
    Ok(())
}

fn update(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "update")?;
    let n = rest.len();
    if n > 1 {
        return Err(type_error(format!(
            "update expected at most 1 argument, got {n}"
        )));
    }
    if let Some(other) = rest.get(0) {
        update_from(vm, d, other)?;
    }
    let kw: Vec<(Value, Value)> = rest
        .kwnames()
        .iter()
        .copied()
        .zip(rest.kwvalues().iter().copied())
        .collect();
    for (k, v) in kw {
        util::dict_set(vm, d, k, v)?;
    }
    Ok(Value::None)
}

fn clear(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "clear")?;
    rest.check_count("dict.clear", 0, 0)?;
    table_mut(vm, d).clear();
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "copy")?;
    rest.check_count("dict.copy", 0, 0)?;
    let t = table(vm, d).clone();
    Ok(Value::Obj(vm.heap.alloc(Object::Dict(t))?))
}

/// `dict.fromkeys(iterable, value=None)` (a class method: `args` has no receiver).
pub fn fromkeys(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("fromkeys", 1, 2)?;
    let [it, value] = args.fixed::<2>();
    let keys = util::collect(vm, it)?;
    let d = vm.new_dict()?;
    let Value::Obj(r) = d else { unreachable!() };
    for k in keys {
        util::dict_set(vm, r, k, value)?;
    }
    Ok(d)
}

/// The table entry of `fromkeys`: `{}.fromkeys(it)` through an instance (the receiver is
/// ignored), or `dict.fromkeys(it)` through the type object, whose attribute lookup passes the
/// iterable as the receiver: a first argument that is no dict, or a dict with nothing after it,
/// is the iterable. (`util::static_method` gives the exact class-method entry.)
fn fromkeys_method(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (this, rest) = util::split_self(&args, "dict", "fromkeys")?;
    if rest.is_empty() || !matches!(util::obj(&vm.heap, this), Some(Object::Dict(_))) {
        return fromkeys(vm, args);
    }
    fromkeys(vm, rest)
}

fn contains(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "__contains__")?;
    rest.check_count("dict.__contains__", 1, 1)?;
    let key = rest.positional()[0];
    Ok(Value::Bool(util::find_key(vm, d, key)?.1.is_some()))
}

fn len(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "__len__")?;
    util::wrapper_count(&rest, "__len__", 0)?;
    Ok(Value::Int(table(vm, d).len() as i64))
}

fn getitem(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "__getitem__")?;
    rest.check_count("dict.__getitem__", 1, 1)?;
    let key = rest.positional()[0];
    match util::dict_get(vm, d, key)? {
        Some(v) => Ok(v),
        None => Err(util::key_error(vm, key)),
    }
}
