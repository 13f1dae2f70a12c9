//! Methods of `set` and `frozenset`. Results of the non-mutating operations have the receiver's
//! type (`frozenset.union` gives a frozenset).

use super::{type_name, util, MethodDef};
use crate::error::VmResult;
use crate::native::Args;
use crate::object::Object;
use crate::value::{ObjRef, Value};
use crate::{PySet, Vm};

/// A method of the `set` (`$frozen` false) or `frozenset` table: checks the receiver's type
/// first, so that `set.union(frozenset())` fails as in CPython although both tables share code.
macro_rules! typed {
    ($frozen:expr, $name:literal, $f:ident) => {
        MethodDef::new($name, |vm: &mut Vm, args: Args<'_>| {
            require(vm, &args, $frozen, $name)?;
            $f(vm, args)
        })
    };
}

/// `TypeError: descriptor 'union' for 'set' objects doesn't apply to a 'frozenset' object`.
fn require(vm: &Vm, args: &Args<'_>, frozen: bool, method: &str) -> VmResult<()> {
    let ty = if frozen { "frozenset" } else { "set" };
    let Some(this) = args.get(0) else {
        return Ok(()); // the method itself reports the missing receiver
    };
    let ok = match util::obj(&vm.heap, this) {
        Some(Object::Set(_)) => !frozen,
        Some(Object::FrozenSet(_)) => frozen,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(util::wrong_receiver(ty, method, type_name(&vm.heap, this)))
    }
}

/// The methods of `set`.
pub static SET_METHODS: &[MethodDef] = &[
    typed!(false, "add", add),
    typed!(false, "discard", discard),
    typed!(false, "remove", remove),
    typed!(false, "pop", pop),
    typed!(false, "clear", clear),
    typed!(false, "copy", copy),
    typed!(false, "update", update),
    typed!(false, "union", union),
    typed!(false, "intersection", intersection),
    typed!(false, "difference", difference),
    typed!(false, "symmetric_difference", symmetric_difference),
    typed!(false, "intersection_update", intersection_update),
    typed!(false, "difference_update", difference_update),
    typed!(
        false,
        "symmetric_difference_update",
        symmetric_difference_update
    ),
    typed!(false, "issubset", issubset),
    typed!(false, "issuperset", issuperset),
    typed!(false, "isdisjoint", isdisjoint),
    typed!(false, "__contains__", contains),
    typed!(false, "__len__", len),
    MethodDef::new("__iter__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_iter(vm, args, "set")
    }),
];

/// The methods of `frozenset`.
pub static FROZENSET_METHODS: &[MethodDef] = &[
    typed!(true, "copy", copy),
    typed!(true, "union", union),
    typed!(true, "intersection", intersection),
    typed!(true, "difference", difference),
    typed!(true, "symmetric_difference", symmetric_difference),
    typed!(true, "issubset", issubset),
    typed!(true, "issuperset", issuperset),
    typed!(true, "isdisjoint", isdisjoint),
    typed!(true, "__contains__", contains),
    typed!(true, "__len__", len),
    MethodDef::new("__iter__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_iter(vm, args, "frozenset")
    }),
];

/// The receiver: its handle, whether it is frozen, its type name, and the other arguments.
fn this<'a>(
    vm: &Vm,
    args: &Args<'a>,
    method: &str,
    mutating: bool,
) -> VmResult<(ObjRef, bool, &'static str, Args<'a>)> {
    let ty = match args.get(0).and_then(|v| util::obj(&vm.heap, v)) {
        Some(Object::FrozenSet(_)) if !mutating => "frozenset",
        _ => "set",
    };
    let (v, rest) = util::split_self(args, ty, method)?;
    match (v, util::obj(&vm.heap, v)) {
        (Value::Obj(r), Some(Object::Set(_))) => Ok((r, false, "set", rest)),
        (Value::Obj(r), Some(Object::FrozenSet(_))) if !mutating => {
            Ok((r, true, "frozenset", rest))
        }
        _ => Err(util::wrong_receiver(ty, method, type_name(&vm.heap, v))),
    }
}

fn elements(vm: &Vm, r: ObjRef) -> Vec<Value> {
    match vm.heap.get(r) {
        Object::Set(s) | Object::FrozenSet(s) => s.iter().map(|(k, _)| k).collect(),
        _ => Vec::new(),
    }
}

fn table_mut(vm: &mut Vm, r: ObjRef) -> &mut PySet {
    match vm.heap.get_mut(r) {
        Object::Set(s) | Object::FrozenSet(s) => s,
        _ => unreachable!("checked by this()"),
    }
}

/// A new set (or frozenset) of `items` (deduplicated).
fn new_set(vm: &mut Vm, frozen: bool, items: &[Value]) -> VmResult<ObjRef> {
    let obj = if frozen {
        Object::FrozenSet(PySet::new())
    } else {
        Object::Set(PySet::new())
    };
    let r = vm.heap.alloc(obj)?;
    for &k in items {
        util::set_add(vm, r, k)?;
    }
    Ok(r)
}

/// An argument that must be a set-like key: a set is looked up as the equal frozenset
/// (`{1} in set_of_frozensets`), as CPython.
fn key_of(vm: &mut Vm, key: Value) -> VmResult<Value> {
    if let Some(Object::Set(s)) = util::obj(&vm.heap, key) {
        let items: Vec<Value> = s.iter().map(|(k, _)| k).collect();
        return Ok(Value::Obj(new_set(vm, true, &items)?));
    }
    Ok(key)
}

/// The elements of an "other" argument: a set or any builtin iterable.
fn other_elements(vm: &mut Vm, other: Value) -> VmResult<Vec<Value>> {
    util::collect(vm, other)
}

/// A set holding the elements of `other` (for membership tests).
fn other_set(vm: &mut Vm, other: Value) -> VmResult<ObjRef> {
    match (other, util::obj(&vm.heap, other)) {
        (Value::Obj(r), Some(Object::Set(_) | Object::FrozenSet(_))) => Ok(r),
        _ => {
            let items = other_elements(vm, other)?;
            new_set(vm, true, &items)
        }
    }
}

fn add(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "add", true)?;
    rest.check_count("set.add", 1, 1)?;
    util::set_add(vm, s, rest.positional()[0])?;
    Ok(Value::None)
}

fn discard(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "discard", true)?;
    rest.check_count("set.discard", 1, 1)?;
    let key = key_of(vm, rest.positional()[0])?;
    util::set_discard(vm, s, key)?;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "remove", true)?;
    rest.check_count("set.remove", 1, 1)?;
    let key = key_of(vm, rest.positional()[0])?;
    if !util::set_discard(vm, s, key)? {
        return Err(util::key_error(vm, rest.positional()[0]));
    }
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "pop", true)?;
    rest.check_count("set.pop", 0, 0)?;
    let t = table_mut(vm, s);
    if t.is_empty() {
        return Err(util::key_error_msg(vm, "pop from an empty set"));
    }
    // the newest element: O(1) (CPython's order is its hash table's, unspecified)
    Ok(t.pop_last().map_or(Value::None, |(k, _)| k))
}

fn clear(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "clear", true)?;
    rest.check_count("set.clear", 0, 0)?;
    table_mut(vm, s).clear();
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, frozen, ty, rest) = this(vm, &args, "copy", false)?;
    rest.check_count(&format!("{ty}.copy"), 0, 0)?;
    if frozen {
        // frozensets are immutable: copy() is the same object
        return Ok(Value::Obj(s));
    }
    let t = match vm.heap.get(s) {
        Object::Set(t) => t.clone(),
        _ => unreachable!(),
    };
    Ok(Value::Obj(vm.heap.alloc(Object::Set(t))?))
}

fn update(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "update", true)?;
    rest.no_kwargs("set.update")?;
    for &other in rest.positional() {
        for k in other_elements(vm, other)? {
            util::set_add(vm, s, k)?;
        }
    }
    Ok(Value::None)
}

fn union(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, frozen, ty, rest) = this(vm, &args, "union", false)?;
    rest.no_kwargs(&format!("{ty}.union"))?;
    let mut items = elements(vm, s);
    for &other in rest.positional() {
        items.extend(other_elements(vm, other)?);
    }
    Ok(Value::Obj(new_set(vm, frozen, &items)?))
}

/// The elements of `items` that are (or are not) in every `others`.
fn filter(vm: &mut Vm, items: Vec<Value>, others: &[Value], keep_in: bool) -> VmResult<Vec<Value>> {
    let mut items = items;
    for &other in others {
        let o = other_set(vm, other)?;
        let mut kept = Vec::with_capacity(items.len());
        for k in items {
            if util::set_contains(vm, o, k)? == keep_in {
                kept.push(k);
            }
        }
        items = kept;
    }
    Ok(items)
}

fn intersection(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, frozen, ty, rest) = this(vm, &args, "intersection", false)?;
    rest.no_kwargs(&format!("{ty}.intersection"))?;
    let items = elements(vm, s);
    let kept = filter(vm, items, rest.positional(), true)?;
    Ok(Value::Obj(new_set(vm, frozen, &kept)?))
}

fn difference(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, frozen, ty, rest) = this(vm, &args, "difference", false)?;
    rest.no_kwargs(&format!("{ty}.difference"))?;
    let items = elements(vm, s);
    let kept = filter(vm, items, rest.positional(), false)?;
    Ok(Value::Obj(new_set(vm, frozen, &kept)?))
}

/// The elements of `s ^ other`, in CPython's order (those of `s` first).
fn symmetric(vm: &mut Vm, s: ObjRef, other: Value) -> VmResult<Vec<Value>> {
    let mine = elements(vm, s);
    let theirs = other_elements(vm, other)?;
    let o = new_set(vm, true, &theirs)?;
    let mut out = Vec::new();
    for &k in &mine {
        if !util::set_contains(vm, o, k)? {
            out.push(k);
        }
    }
    let o_items = elements(vm, o);
    for k in o_items {
        if !util::set_contains(vm, s, k)? {
            out.push(k);
        }
    }
    Ok(out)
}

fn symmetric_difference(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, frozen, ty, rest) = this(vm, &args, "symmetric_difference", false)?;
    rest.check_count(&format!("{ty}.symmetric_difference"), 1, 1)?;
    let items = symmetric(vm, s, rest.positional()[0])?;
    Ok(Value::Obj(new_set(vm, frozen, &items)?))
}

/// Replace the contents of set `s` with `items`.
fn replace_contents(vm: &mut Vm, s: ObjRef, items: &[Value]) -> VmResult<()> {
    table_mut(vm, s).clear();
    for &k in items {
        util::set_add(vm, s, k)?;
    }
    Ok(())
}

fn intersection_update(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "intersection_update", true)?;
    rest.no_kwargs("set.intersection_update")?;
    let items = elements(vm, s);
    let kept = filter(vm, items, rest.positional(), true)?;
    replace_contents(vm, s, &kept)?;
    Ok(Value::None)
}

fn difference_update(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "difference_update", true)?;
    rest.no_kwargs("set.difference_update")?;
    for &other in rest.positional() {
        for k in other_elements(vm, other)? {
            util::set_discard(vm, s, k)?;
        }
    }
    Ok(Value::None)
}

fn symmetric_difference_update(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "symmetric_difference_update", true)?;
    rest.check_count("set.symmetric_difference_update", 1, 1)?;
    let items = symmetric(vm, s, rest.positional()[0])?;
    replace_contents(vm, s, &items)?;
    Ok(Value::None)
}

fn issubset(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, ty, rest) = this(vm, &args, "issubset", false)?;
    rest.check_count(&format!("{ty}.issubset"), 1, 1)?;
    let o = other_set(vm, rest.positional()[0])?;
    for k in elements(vm, s) {
        if !util::set_contains(vm, o, k)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn issuperset(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, ty, rest) = this(vm, &args, "issuperset", false)?;
    rest.check_count(&format!("{ty}.issuperset"), 1, 1)?;
    for k in other_elements(vm, rest.positional()[0])? {
        if !util::set_contains(vm, s, k)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn isdisjoint(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, ty, rest) = this(vm, &args, "isdisjoint", false)?;
    rest.check_count(&format!("{ty}.isdisjoint"), 1, 1)?;
    for k in other_elements(vm, rest.positional()[0])? {
        if util::set_contains(vm, s, k)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn contains(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, ty, rest) = this(vm, &args, "__contains__", false)?;
    rest.check_count(&format!("{ty}.__contains__"), 1, 1)?;
    let key = key_of(vm, rest.positional()[0])?;
    Ok(Value::Bool(util::set_contains(vm, s, key)?))
}

fn len(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "__len__", false)?;
    util::wrapper_count(&rest, "__len__", 0)?;
    Ok(Value::Int(elements(vm, s).len() as i64))
}
