//! Methods of `list`.

use super::{receiver_error, type_name, util, MethodDef};
use crate::error::{index_error, value_error, VmResult};
use crate::native::Args;
use crate::object::Object;
use crate::value::{ObjRef, Value};
use crate::Vm;

/// The methods of `list`.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("append", append),
    MethodDef::new("pop", pop),
    MethodDef::new("clear", clear),
    MethodDef::new("copy", copy),
    MethodDef::new("extend", extend),
    MethodDef::new("insert", insert),
    MethodDef::new("remove", remove),
    MethodDef::new("index", index),
    MethodDef::new("count", count),
    MethodDef::new("reverse", reverse),
    MethodDef::new("sort", sort),
    MethodDef::new("__len__", len),
    MethodDef::new("__contains__", contains),
    MethodDef::new("__getitem__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_getitem(vm, args, "list")
    }),
    MethodDef::new("__setitem__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_setitem(vm, args, "list")
    }),
    MethodDef::new("__delitem__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_delitem(vm, args, "list")
    }),
    MethodDef::new("__iter__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_iter(vm, args, "list")
    }),
];

/// The receiver as a list, or CPython's descriptor TypeError.
fn with_list<R>(
    vm: &mut Vm,
    args: &Args<'_>,
    method: &str,
    f: impl FnOnce(&mut Vec<Value>) -> R,
) -> VmResult<R> {
    let Some((this, _)) = args.split_self() else {
        return Err(crate::error::type_error(format!(
            "unbound method list.{method}() needs an argument"
        )));
    };
    if let Value::Obj(r) = this {
        if let Object::List(items) = vm.heap.get_mut(r) {
            return Ok(f(items));
        }
    }
    Err(receiver_error("list", method, type_name(&vm.heap, this)))
}

fn append(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.check_count("list.append", 1, 1)?;
    let x = rest.positional()[0];
    let grew = with_list(vm, &args, "append", |items| {
        let before = items.capacity();
        items.push(x);
        items.capacity() - before
    })?;
    if grew > 0 {
        vm.heap
            .account((grew * std::mem::size_of::<Value>()) as isize)?;
    }
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.check_count("pop", 0, 1)?;
    let index = match rest.get(0) {
        None => None,
        Some(Value::Int(i)) => Some(i),
        Some(Value::Bool(b)) => Some(i64::from(b)),
        Some(other) => {
            return Err(crate::error::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(&vm.heap, other)
            )))
        }
    };
    with_list(vm, &args, "pop", |items| {
        if items.is_empty() {
            return Err(index_error("pop from empty list"));
        }
        let len = items.len() as i64;
        let i = match index {
            None => len - 1,
            Some(i) if i < 0 => i + len,
            Some(i) => i,
        };
        if i < 0 || i >= len {
            return Err(index_error("pop index out of range"));
        }
        Ok(items.remove(i as usize))
    })?
}

fn clear(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.check_count("list.clear", 0, 0)?;
    with_list(vm, &args, "clear", |items| items.clear())?;
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.check_count("list.copy", 0, 0)?;
    let items = with_list(vm, &args, "copy", |items| items.clone())?;
    vm.new_list(items)
}

/// The receiver (a list).
fn list_ref(vm: &Vm, args: &Args<'_>, method: &str) -> VmResult<ObjRef> {
    let (this, _) = util::split_self(args, "list", method)?;
    match (this, util::obj(&vm.heap, this)) {
        (Value::Obj(r), Some(Object::List(_))) => Ok(r),
        _ => Err(util::wrong_receiver(
            "list",
            method,
            type_name(&vm.heap, this),
        )),
    }
}

/// Item `i` of a list or tuple and its current length, read afresh: comparisons may run Python
/// code (once the interpreter provides `__eq__` callbacks) that changes the list under the scan,
/// as in CPython.
fn item_at(vm: &Vm, seq: ObjRef, i: usize) -> (Option<Value>, usize) {
    match vm.heap.get(seq) {
        Object::List(items) => (items.get(i).copied(), items.len()),
        Object::Tuple(items) => (items.get(i).copied(), items.len()),
        _ => (None, 0),
    }
}

/// The first index in `start..stop` whose item equals `x`.
pub(crate) fn seq_find(
    vm: &mut Vm,
    seq: ObjRef,
    x: Value,
    start: usize,
    stop: usize,
) -> VmResult<Option<usize>> {
    let mut i = start;
    while i < stop {
        let (Some(item), _) = item_at(vm, seq, i) else {
            break;
        };
        if util::eq(vm, item, x)? {
            return Ok(Some(i));
        }
        i += 1;
    }
    Ok(None)
}

/// Account for a list's capacity growth.
fn account_growth(vm: &mut Vm, before: usize, after: usize) -> VmResult<()> {
    if after > before {
        vm.heap
            .account(((after - before) * std::mem::size_of::<Value>()) as isize)?;
    }
    Ok(())
}

fn extend(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = util::split_self(&args, "list", "extend")?;
    list_ref(vm, &args, "extend")?;
    rest.check_count("list.extend", 1, 1)?;
    let new = util::collect(vm, rest.positional()[0])?;
    let (before, after) = with_list(vm, &args, "extend", |items| {
        let before = items.capacity();
        items.extend_from_slice(&new);
        (before, items.capacity())
    })?;
    account_growth(vm, before, after)?;
    Ok(Value::None)
}

fn insert(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = util::split_self(&args, "list", "insert")?;
    list_ref(vm, &args, "insert")?;
    rest.expect_count("insert", 2, 2)?;
    let [i, x] = rest.fixed::<2>();
    let i = util::ssize_arg(&vm.heap, i)?;
    let (before, after) = with_list(vm, &args, "insert", |items| {
        let len = items.len() as i64;
        let at = if i < 0 { (i + len).max(0) } else { i.min(len) };
        let before = items.capacity();
        items.insert(at as usize, x);
        (before, items.capacity())
    })?;
    account_growth(vm, before, after)?;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = util::split_self(&args, "list", "remove")?;
    list_ref(vm, &args, "remove")?;
    rest.check_count("list.remove", 1, 1)?;
    let x = rest.positional()[0];
    let r = list_ref(vm, &args, "remove")?;
    let Some(i) = seq_find(vm, r, x, 0, usize::MAX)? else {
        return Err(value_error("list.remove(x): x not in list"));
    };
    with_list(vm, &args, "remove", |items| {
        if i < items.len() {
            items.remove(i);
        }
    })?;
    Ok(Value::None)
}

/// A `start`/`stop` bound of `index` (None is not allowed).
fn index_bound(vm: &Vm, v: Option<Value>) -> VmResult<Option<i64>> {
    match v {
        Some(Value::None) => Err(crate::error::type_error(
            "slice indices must be integers or have an __index__ method",
        )),
        v => util::slice_index(&vm.heap, v).map_err(|_| {
            crate::error::type_error("slice indices must be integers or have an __index__ method")
        }),
    }
}

/// `seq.index(x, start, stop)` for a list or tuple.
pub(crate) fn seq_index(vm: &mut Vm, seq: ObjRef, rest: &Args<'_>, what: &str) -> VmResult<Value> {
    rest.expect_count("index", 1, 3)?;
    let x = rest.positional()[0];
    let start = index_bound(vm, rest.get(1))?;
    let stop = index_bound(vm, rest.get(2))?;
    let (start, stop) = util::adjust_indices(start, stop, item_at(vm, seq, 0).1);
    if let Some(i) = seq_find(vm, seq, x, start, stop)? {
        return Ok(Value::Int(i as i64));
    }
    if what == "tuple" {
        return Err(value_error("tuple.index(x): x not in tuple"));
    }
    Err(value_error(format!(
        "{} is not in {what}",
        util::repr(vm, x)?
    )))
}

/// `seq.count(x)` for a list or tuple.
pub(crate) fn seq_count(vm: &mut Vm, seq: ObjRef, x: Value) -> VmResult<Value> {
    let mut n = 0;
    let mut i = 0;
    while let (Some(item), _) = item_at(vm, seq, i) {
        if util::eq(vm, item, x)? {
            n += 1;
        }
        i += 1;
    }
    Ok(Value::Int(n))
}

/// `x in seq` for a list or tuple.
pub(crate) fn seq_contains(vm: &mut Vm, seq: ObjRef, x: Value) -> VmResult<Value> {
    Ok(Value::Bool(seq_find(vm, seq, x, 0, usize::MAX)?.is_some()))
}

fn index(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = util::split_self(&args, "list", "index")?;
    list_ref(vm, &args, "index")?;
    rest.expect_count("index", 1, 3)?;
    let r = list_ref(vm, &args, "index")?;
    seq_index(vm, r, &rest, "list")
}

fn count(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = util::split_self(&args, "list", "count")?;
    list_ref(vm, &args, "count")?;
    rest.check_count("list.count", 1, 1)?;
    let r = list_ref(vm, &args, "count")?;
    seq_count(vm, r, rest.positional()[0])
}

fn reverse(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = util::split_self(&args, "list", "reverse")?;
    list_ref(vm, &args, "reverse")?;
    rest.check_count("list.reverse", 0, 0)?;
    with_list(vm, &args, "reverse", |items| items.reverse())?;
    Ok(Value::None)
}

fn len(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = util::split_self(&args, "list", "__len__")?;
    list_ref(vm, &args, "__len__")?;
    util::wrapper_count(&rest, "__len__", 0)?;
    let r = list_ref(vm, &args, "__len__")?;
    Ok(Value::Int(item_at(vm, r, 0).1 as i64))
}

fn contains(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = util::split_self(&args, "list", "__contains__")?;
    list_ref(vm, &args, "__contains__")?;
    util::wrapper_count(&rest, "__contains__", 1)?;
    let r = list_ref(vm, &args, "__contains__")?;
    seq_contains(vm, r, rest.positional()[0])
}

/// Sort `items` stably by `<`, optionally through `key` (any callable, called back through the
/// interpreter) and reversed (stability kept, as CPython: reverse, sort, reverse).
pub(crate) fn sort_values(
    vm: &mut Vm,
    items: &mut [Value],
    key: Option<Value>,
    reverse: bool,
) -> VmResult<()> {
    if reverse {
        items.reverse();
    }
    let res = sort_inner(vm, items, key);
    if reverse {
        items.reverse();
    }
    res
}

fn sort_inner(vm: &mut Vm, items: &mut [Value], key: Option<Value>) -> VmResult<()> {
    match key {
        None => util::sort_by_lt(vm, items, |v| v)?,
        Some(f) => {
            // the keys are fresh values: rooted while later keys are computed and while sorting
            let holder = vm.new_list(Vec::with_capacity(items.len()))?;
            let _keys_root = vm.root(holder);
            let mut keyed = Vec::with_capacity(items.len());
            for (i, &x) in items.iter().enumerate() {
                let k = util::call1(vm, f, x)?;
                if let Object::List(ks) = vm.heap.get_mut(holder.as_obj().expect("list")) {
                    ks.push(k);
                }
                keyed.push((k, i));
            }
            util::sort_by_lt(vm, &mut keyed, |(k, _)| k)?;
            let orig: Vec<Value> = items.to_vec();
            for (slot, (_, i)) in items.iter_mut().zip(&keyed) {
                *slot = orig[*i];
            }
        }
    }
    Ok(())
}

fn sort(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = util::split_self(&args, "list", "sort")?;
    list_ref(vm, &args, "sort")?;
    if !rest.is_empty() {
        return Err(crate::error::type_error(
            "sort() takes no positional arguments",
        ));
    }
    let mut key = None;
    let mut rev = false;
    for (name, v) in rest.kwargs(&vm.heap) {
        match name {
            "key" => key = (!v.is_none()).then_some(v),
            "reverse" => rev = !util::int_arg(&vm.heap, v)?.is_zero(),
            other => {
                return Err(crate::error::type_error(format!(
                    "'{other}' is an invalid keyword argument for sort()"
                )))
            }
        }
    }
    // CPython empties the list while sorting: mutations during the sort are detected
    let mut items = with_list(vm, &args, "sort", std::mem::take)?;
    // the items are out of the list while sorting: keep them rooted across callbacks (only a key
    // function calls back into Python today: `util::lt` is builtin ordering; root always once it
    // can call `__lt__`)
    let holder = if items.len() > 1 && key.is_some() {
        Some(vm.new_list(items.clone()))
    } else {
        None
    };
    let holder = match holder.transpose() {
        Ok(h) => h,
        Err(e) => {
            with_list(vm, &args, "sort", |slot| *slot = items)?;
            return Err(e);
        }
    };
    let root = holder.map(|h| vm.root(h));
    let res = sort_values(vm, &mut items, key, rev);
    drop(root);
    let modified = with_list(vm, &args, "sort", |slot| {
        let modified = !slot.is_empty();
        *slot = items;
        modified
    })?;
    res?;
    if modified {
        return Err(value_error("list modified during sort"));
    }
    Ok(Value::None)
}

/// The items of the value assigned to a list slice: CPython's `PySequence_Fast(v, "can only
/// assign an iterable")` — a value that cannot be iterated is that TypeError, while errors raised
/// by the iteration itself pass through.
pub(crate) fn assigned_items(vm: &mut Vm, value: Value) -> VmResult<Vec<Value>> {
    let it = crate::interp::ops::get_iter(vm, value).map_err(|e| {
        if e.kind() == Some(crate::error::ExcKind::TypeError) {
            crate::error::type_error("can only assign an iterable")
        } else {
            e
        }
    })?;
    crate::interp::ops::collect_iterable(vm, it)
}
