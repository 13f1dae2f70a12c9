//! Methods of `set` and `frozenset`, and the set operators. Results of the non-mutating
//! operations have the receiver's type (`frozenset.union` gives a frozenset).
//!
//! The algebra follows `Objects/setobject.c` step by step (which operand is iterated, when a
//! copy is made, presizing, dummy purging, the self-aliasing shortcuts), because the order a set
//! prints in is its table layout, which those steps decide.
//!
//! Keys compare with builtin equality (`interp::ops::eq`), called while a set's table is taken
//! out of its object (`with_table`): when user `__eq__` arrives, that call can run Python (and
//! reach a safe point), so `with_table` must then keep the table reachable.

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

/// The table of a set or frozenset (a copy: callers read it while mutating another set).
fn table_of(vm: &Vm, v: Value) -> Option<PySet> {
    match util::obj(&vm.heap, v) {
        Some(Object::Set(s) | Object::FrozenSet(s)) => Some(s.clone()),
        _ => None,
    }
}

fn is_set(vm: &Vm, v: Value) -> bool {
    matches!(
        util::obj(&vm.heap, v),
        Some(Object::Set(_) | Object::FrozenSet(_))
    )
}

/// The number of elements of a set (0 for anything else).
fn set_len(vm: &Vm, v: Value) -> usize {
    match util::obj(&vm.heap, v) {
        Some(Object::Set(s) | Object::FrozenSet(s)) => s.len(),
        _ => 0,
    }
}

/// Run `f` on the table of set `s` with the heap at hand for key comparisons. The table is taken
/// out of its object meanwhile; `f` neither allocates nor runs Python code, so nothing can
/// observe (or collect) the momentarily empty set.
fn with_table<R>(
    vm: &mut Vm,
    s: ObjRef,
    f: impl FnOnce(&crate::heap::Heap, &mut PySet) -> VmResult<R>,
) -> VmResult<R> {
    let mut t = match vm.heap.get_mut(s) {
        Object::Set(t) | Object::FrozenSet(t) => std::mem::take(t),
        _ => return Err(crate::error::internal("set operation on a non-set")),
    };
    let r = f(&vm.heap, &mut t);
    if let Object::Set(slot) | Object::FrozenSet(slot) = vm.heap.get_mut(s) {
        *slot = t;
    }
    r
}

/// Whether comparing `k` with another key may need Python (`__eq__` of a user object).
fn python_key(vm: &Vm, k: Value) -> bool {
    crate::interp::protocol::key_needs_python(&vm.heap, k)
}

/// Whether adding `keys` to set `s` would compare a user object: a key that needs Python
/// equality, or one whose hash meets such a key already in `s`. Linear in `keys` (one probe
/// each), so a merge stays proportional to what is merged, not to the size of `s`.
fn merge_needs_python(vm: &Vm, s: ObjRef, keys: &[crate::dict::HashedKey]) -> VmResult<bool> {
    let (Object::Set(t) | Object::FrozenSet(t)) = vm.heap.get(s) else {
        return Ok(false);
    };
    for hk in keys {
        if python_key(vm, hk.key) {
            return Ok(true);
        }
        let mut met = false;
        t.find(hk.hash, Some(hk.key), |k| {
            met |= python_key(vm, k);
            Ok(false)
        })?;
        if met {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `set_add_entry` with a known hash: true when the key was added. Equality is Python's
/// (`__eq__` of user objects), as in every set operation.
fn add_hashed(vm: &mut Vm, s: ObjRef, hash: i64, key: Value) -> VmResult<bool> {
    if crate::interp::protocol::table_find_hashed_vm(vm, s, hash, key)?.is_some() {
        return Ok(false);
    }
    // Not present (the search above asked `__eq__` where needed): insert without comparing.
    with_table(vm, s, |_, t| t.add(hash, key, |k| Ok(k.is(key))))
}

/// `set_discard_entry` with a known hash: true when the key was present.
fn discard_hashed(vm: &mut Vm, s: ObjRef, hash: i64, key: Value) -> VmResult<bool> {
    match crate::interp::protocol::table_find_hashed_vm(vm, s, hash, key)? {
        Some(i) => {
            table_mut(vm, s).remove_at(i);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// `key in t` (a set, frozenset or dict) with a known hash.
fn contains_hashed(vm: &mut Vm, t: ObjRef, hash: i64, key: Value) -> VmResult<bool> {
    Ok(crate::interp::protocol::table_find_hashed_vm(vm, t, hash, key)?.is_some())
}

/// The hashed elements of a set, in slot order.
fn hashed(vm: &Vm, s: ObjRef) -> Vec<crate::dict::HashedKey> {
    match vm.heap.get(s) {
        Object::Set(t) | Object::FrozenSet(t) => t.hashed_keys().collect(),
        _ => Vec::new(),
    }
}

/// A new empty set (or frozenset).
pub fn new_empty(vm: &mut Vm, frozen: bool) -> VmResult<ObjRef> {
    let obj = if frozen {
        Object::FrozenSet(PySet::new())
    } else {
        Object::Set(PySet::new())
    };
    vm.heap.alloc(obj)
}

/// A new set (or frozenset) of `items` (deduplicated), added in order.
fn new_set(vm: &mut Vm, frozen: bool, items: &[Value]) -> VmResult<ObjRef> {
    let r = new_empty(vm, frozen)?;
    for &k in items {
        util::set_add(vm, r, k)?;
    }
    Ok(r)
}

/// CPython's `set_update_internal`: add the elements of `other` to set `s` — a set by
/// `set_merge`, a dict by its keys after one presizing, anything else element by element.
pub fn update_internal(vm: &mut Vm, s: ObjRef, other: Value) -> VmResult<()> {
    if other == Value::Obj(s) {
        return Ok(());
    }
    if let Some(o) = table_of(vm, other) {
        let keys: Vec<crate::dict::HashedKey> = o.hashed_keys().collect();
        if !merge_needs_python(vm, s, &keys)? {
            return with_table(vm, s, |heap, t| {
                t.merge(&o, |a, b| crate::interp::ops::eq(heap, a, b))
            });
        }
        // User objects compare with `__eq__`: one lookup per element.
        for hk in keys {
            add_hashed(vm, s, hk.hash, hk.key)?;
        }
        return Ok(());
    }
    if let Some(Object::Dict(d)) = util::obj(&vm.heap, other) {
        let keys: Vec<crate::dict::HashedKey> = d.hashed_keys().collect();
        if merge_needs_python(vm, s, &keys)? {
            for hk in keys {
                add_hashed(vm, s, hk.hash, hk.key)?;
            }
            return Ok(());
        }
        return with_table(vm, s, |heap, t| {
            t.presize_for(keys.len());
            for hk in keys {
                t.add(hk.hash, hk.key, |k| crate::interp::ops::eq(heap, k, hk.key))?;
            }
            Ok(())
        });
    }
    let items = crate::interp::ops::collect_iterable(vm, other)?;
    for k in items {
        util::set_add(vm, s, k)?;
    }
    Ok(())
}

/// `set(iterable)` / `frozenset(iterable)` (`frozenset(fs)` of an exact frozenset is `fs`).
pub fn construct(vm: &mut Vm, frozen: bool, iterable: Option<Value>) -> VmResult<Value> {
    if let Some(v) = iterable {
        if frozen && matches!(util::obj(&vm.heap, v), Some(Object::FrozenSet(_))) {
            return Ok(v);
        }
    }
    let r = new_empty(vm, frozen)?;
    if let Some(v) = iterable {
        let _root = vm.root(Value::Obj(r));
        update_internal(vm, r, v)?;
    }
    Ok(Value::Obj(r))
}

/// `set_copy`: a new set of `s`'s type (`frozen`) with its elements.
fn copy_of(vm: &mut Vm, s: ObjRef, frozen: bool) -> VmResult<ObjRef> {
    let r = new_empty(vm, frozen)?;
    update_internal(vm, r, Value::Obj(s))?;
    Ok(r)
}

/// `set_intersection`: the elements of `s` also in `other`, as a new set of type `frozen`.
pub(crate) fn intersection2(
    vm: &mut Vm,
    s: ObjRef,
    other: Value,
    frozen: bool,
) -> VmResult<ObjRef> {
    if other == Value::Obj(s) {
        // `s & s` is a copy (whose layout can differ from a rebuilt set's), as CPython's.
        return copy_of(vm, s, frozen);
    }
    if is_set(vm, other) {
        let Value::Obj(o) = other else { unreachable!() };
        // Iterate the smaller set, look up in the bigger one.
        let (big, small) = if set_len(vm, other) > set_len(vm, Value::Obj(s)) {
            (o, s)
        } else {
            (s, o)
        };
        let r = new_empty(vm, frozen)?;
        for hk in hashed(vm, small) {
            if contains_hashed(vm, big, hk.hash, hk.key)? {
                add_hashed(vm, r, hk.hash, hk.key)?;
            }
        }
        return Ok(r);
    }
    let items = crate::interp::ops::collect_iterable(vm, other)?;
    let r = new_empty(vm, frozen)?;
    for k in items {
        let h = util::hash_key(vm, k)?;
        if contains_hashed(vm, s, h, k)? {
            add_hashed(vm, r, h, k)?;
        }
    }
    Ok(r)
}

/// `set_intersection_multi`.
fn intersection_multi(vm: &mut Vm, s: ObjRef, others: &[Value], frozen: bool) -> VmResult<ObjRef> {
    if others.is_empty() {
        return copy_of(vm, s, frozen);
    }
    let mut tmp = s;
    let mut roots = Vec::new();
    for &other in others {
        tmp = intersection2(vm, tmp, other, frozen)?;
        roots.push(vm.root(Value::Obj(tmp)));
    }
    Ok(tmp)
}

/// `set_difference_update_internal`: discard the elements of `other` from `s`.
pub(crate) fn difference_update_internal(vm: &mut Vm, s: ObjRef, other: Value) -> VmResult<()> {
    if other == Value::Obj(s) {
        table_mut(vm, s).clear();
        return Ok(());
    }
    let keys: Vec<(i64, Value)> = if is_set(vm, other) {
        let Value::Obj(mut o) = other else {
            unreachable!()
        };
        // CPython intersects first when the other set is more than 8 times bigger.
        if (set_len(vm, other) >> 3) > set_len(vm, Value::Obj(s)) {
            o = intersection2(vm, s, other, false)?;
        }
        hashed(vm, o).into_iter().map(|k| (k.hash, k.key)).collect()
    } else {
        let items = crate::interp::ops::collect_iterable(vm, other)?;
        let mut v = Vec::with_capacity(items.len());
        for k in items {
            v.push((util::hash_key(vm, k)?, k));
        }
        v
    };
    for (h, k) in keys {
        discard_hashed(vm, s, h, k)?;
    }
    table_mut(vm, s).purge_dummies();
    Ok(())
}

/// `set_difference`: the elements of `s` not in `other`, as a new set of type `frozen`.
fn difference2(vm: &mut Vm, s: ObjRef, other: Value, frozen: bool) -> VmResult<ObjRef> {
    let other_size = match util::obj(&vm.heap, other) {
        Some(Object::Set(t) | Object::FrozenSet(t)) => Some(t.len()),
        Some(Object::Dict(d)) => Some(d.len()),
        _ => None,
    };
    match other_size {
        Some(n) if (set_len(vm, Value::Obj(s)) >> 2) <= n => {
            let Value::Obj(o) = other else { unreachable!() };
            let r = new_empty(vm, frozen)?;
            for hk in hashed(vm, s) {
                if !contains_hashed(vm, o, hk.hash, hk.key)? {
                    add_hashed(vm, r, hk.hash, hk.key)?;
                }
            }
            Ok(r)
        }
        _ => {
            let r = copy_of(vm, s, frozen)?;
            let _root = vm.root(Value::Obj(r));
            difference_update_internal(vm, r, other)?;
            Ok(r)
        }
    }
}

/// `set_symmetric_difference_update`: toggle the elements of `other` in `s`.
pub(crate) fn symmetric_update(vm: &mut Vm, s: ObjRef, other: Value) -> VmResult<()> {
    if other == Value::Obj(s) {
        table_mut(vm, s).clear();
        return Ok(());
    }
    let keys: Vec<crate::dict::HashedKey> = match util::obj(&vm.heap, other) {
        Some(Object::Dict(d)) => d.hashed_keys().collect(),
        Some(Object::Set(t) | Object::FrozenSet(t)) => t.hashed_keys().collect(),
        _ => {
            let o = new_empty(vm, false)?;
            let _root = vm.root(Value::Obj(o));
            update_internal(vm, o, other)?;
            hashed(vm, o)
        }
    };
    for hk in keys {
        if !discard_hashed(vm, s, hk.hash, hk.key)? {
            add_hashed(vm, s, hk.hash, hk.key)?;
        }
    }
    Ok(())
}

/// `set_symmetric_difference`: a copy of `other` (of `s`'s type) with `s` toggled in.
fn symmetric2(vm: &mut Vm, s: ObjRef, other: Value, frozen: bool) -> VmResult<ObjRef> {
    let r = new_empty(vm, frozen)?;
    let _root = vm.root(Value::Obj(r));
    update_internal(vm, r, other)?;
    symmetric_update(vm, r, Value::Obj(s))?;
    Ok(r)
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` and their in-place forms for two sets (or frozensets):
/// CPython's `set_or`, `set_and`, … — the result has the left operand's type; a frozenset's
/// in-place form makes a new object. `None` for other operators.
pub fn binop(
    vm: &mut Vm,
    op: hotpy_compiler::bytecode::BinaryOperator,
    a: ObjRef,
    b: ObjRef,
    inplace: bool,
) -> VmResult<Option<Value>> {
    use hotpy_compiler::bytecode::BinaryOperator as Op;
    let frozen = matches!(vm.heap.get(a), Object::FrozenSet(_));
    let other = Value::Obj(b);
    if inplace && !frozen {
        match op {
            Op::Or => update_internal(vm, a, other)?,
            Op::And => {
                let t = intersection2(vm, a, other, false)?;
                let body = std::mem::take(table_mut(vm, t));
                table_mut(vm, a).replace_body(body);
            }
            Op::Subtract => difference_update_internal(vm, a, other)?,
            Op::Xor => symmetric_update(vm, a, other)?,
            _ => return Ok(None),
        }
        return Ok(Some(Value::Obj(a)));
    }
    let r = match op {
        Op::Or => {
            let r = copy_of(vm, a, frozen)?;
            if a != b {
                // `s | s` is just the copy (a merge could resize it), as CPython's `set_or`.
                update_internal(vm, r, other)?;
            }
            r
        }
        Op::And => intersection2(vm, a, other, frozen)?,
        Op::Subtract => difference2(vm, a, other, frozen)?,
        Op::Xor => symmetric2(vm, a, other, frozen)?,
        _ => return Ok(None),
    };
    Ok(Some(Value::Obj(r)))
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
    match table_mut(vm, s).pop() {
        Some(k) => Ok(k),
        None => Err(util::key_error_msg(vm, "pop from an empty set")),
    }
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
    Ok(Value::Obj(copy_of(vm, s, false)?))
}

fn update(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "update", true)?;
    rest.no_kwargs("set.update")?;
    for &other in rest.positional() {
        update_internal(vm, s, other)?;
    }
    Ok(Value::None)
}

fn union(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, frozen, ty, rest) = this(vm, &args, "union", false)?;
    rest.no_kwargs(&format!("{ty}.union"))?;
    let r = copy_of(vm, s, frozen)?;
    let _root = vm.root(Value::Obj(r));
    for &other in rest.positional() {
        if other != Value::Obj(s) {
            update_internal(vm, r, other)?;
        }
    }
    Ok(Value::Obj(r))
}

fn intersection(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, frozen, ty, rest) = this(vm, &args, "intersection", false)?;
    rest.no_kwargs(&format!("{ty}.intersection"))?;
    Ok(Value::Obj(intersection_multi(
        vm,
        s,
        rest.positional(),
        frozen,
    )?))
}

fn difference(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, frozen, ty, rest) = this(vm, &args, "difference", false)?;
    rest.no_kwargs(&format!("{ty}.difference"))?;
    let others = rest.positional();
    let Some((&first, more)) = others.split_first() else {
        return Ok(Value::Obj(copy_of(vm, s, frozen)?));
    };
    let r = difference2(vm, s, first, frozen)?;
    let _root = vm.root(Value::Obj(r));
    for &other in more {
        difference_update_internal(vm, r, other)?;
    }
    Ok(Value::Obj(r))
}

fn symmetric_difference(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, frozen, ty, rest) = this(vm, &args, "symmetric_difference", false)?;
    rest.check_count(&format!("{ty}.symmetric_difference"), 1, 1)?;
    Ok(Value::Obj(symmetric2(vm, s, rest.positional()[0], frozen)?))
}

fn intersection_update(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "intersection_update", true)?;
    rest.no_kwargs("set.intersection_update")?;
    let t = intersection_multi(vm, s, rest.positional(), false)?;
    let body = std::mem::take(table_mut(vm, t));
    table_mut(vm, s).replace_body(body);
    Ok(Value::None)
}

fn difference_update(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "difference_update", true)?;
    rest.no_kwargs("set.difference_update")?;
    for &other in rest.positional() {
        difference_update_internal(vm, s, other)?;
    }
    Ok(Value::None)
}

fn symmetric_difference_update(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (s, _, _, rest) = this(vm, &args, "symmetric_difference_update", true)?;
    rest.check_count("set.symmetric_difference_update", 1, 1)?;
    symmetric_update(vm, s, rest.positional()[0])?;
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
