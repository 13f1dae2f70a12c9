//! The interpreter-level versions of truth, `len`, `hash`, equality and comparison: builtin
//! values take the heap-only fast paths of [`super::ops`]; instances of classes defined in
//! Python (and containers holding them) go through the dunder protocol of
//! [`crate::class::dunder`], which may run Python code.

use super::ops::{self, hash_value};
use crate::class::dunder;
use crate::error::{recursion_error, VmResult};
use crate::hash::TupleHasher;
use crate::heap::Heap;
use crate::object::Object;
use crate::value::{ObjRef, Value};
use crate::Vm;
use hotpy_compiler::bytecode::CompareOperator;

/// Whether `v` is an instance of a class defined in Python (heap-only check).
#[inline]
pub(crate) fn is_user(heap: &Heap, v: Value) -> bool {
    match v {
        Value::Obj(r) => match heap.get(r) {
            Object::Instance(_) => true,
            Object::Exception(e) => !e.class.is_none(),
            _ => false,
        },
        _ => false,
    }
}

/// For an instance of a subclass of an immutable builtin type (`class Tag(str)`) whose classes
/// define neither `__eq__` nor `__hash__`: its payload, which hashes and compares for it (so it
/// finds and is found as a dict key without running Python).
#[inline]
pub(crate) fn transparent_payload(heap: &Heap, v: Value) -> Option<Value> {
    let Value::Obj(r) = v else { return None };
    let Object::Instance(i) = heap.get(r) else {
        return None;
    };
    let p = i.payload;
    let immutable = match p {
        Value::Int(_) | Value::Bool(_) | Value::Float(_) => true,
        Value::Obj(pr) => matches!(
            heap.get(pr),
            Object::Str(_)
                | Object::BigInt(_)
                | Object::Bytes(_)
                | Object::Tuple(_)
                | Object::FrozenSet(_)
        ),
        Value::None => false,
    };
    if !immutable {
        return None;
    }
    let Some(Object::Class(c)) = i.class.as_obj().map(|c| heap.get(c)) else {
        return None;
    };
    let overrides = c.mro.iter().any(|m| match m.as_obj().map(|x| heap.get(x)) {
        Some(Object::Class(k)) => ["__eq__", "__hash__"].iter().any(|n| {
            crate::ops::dict_get_str(heap, k.dict, n)
                .ok()
                .flatten()
                .is_some()
        }),
        _ => false,
    });
    (!overrides).then_some(p)
}

/// Whether `v` is a user object or a list/tuple (nested up to a few levels) holding one: its
/// equality, order or hash may need Python code.
fn needs_python(heap: &Heap, v: Value, depth: usize) -> bool {
    match v {
        Value::Obj(r) => match heap.get(r) {
            Object::Instance(_) => transparent_payload(heap, v).is_none(),
            Object::Exception(e) => !e.class.is_none(),
            Object::List(_) | Object::Tuple(_) if depth > 8 => !items_is_empty(heap, r),
            Object::List(items) => items.iter().any(|&x| needs_python(heap, x, depth + 1)),
            Object::Tuple(items) => items.iter().any(|&x| needs_python(heap, x, depth + 1)),
            Object::Set(t) | Object::FrozenSet(t) if depth > 8 => !t.is_empty(),
            Object::Set(t) | Object::FrozenSet(t) => t
                .hashed_keys()
                .any(|hk| needs_python(heap, hk.key, depth + 1)),
            Object::Dict(d) if depth > 8 => !d.is_empty(),
            Object::Dict(d) => d.iter().any(|(k, &v)| {
                needs_python(heap, k, depth + 1) || needs_python(heap, v, depth + 1)
            }),
            _ => false,
        },
        _ => false,
    }
}

fn items_is_empty(heap: &Heap, r: ObjRef) -> bool {
    match heap.get(r) {
        Object::List(v) => v.is_empty(),
        Object::Tuple(v) => v.is_empty(),
        _ => true,
    }
}

/// `bool(v)`.
#[inline]
pub(crate) fn truthy_vm(vm: &mut Vm, v: Value) -> VmResult<bool> {
    if is_user(&vm.heap, v) {
        return dunder::truthy(vm, v);
    }
    Ok(ops::truthy(&vm.heap, v))
}

/// `len(v)`.
pub(crate) fn len_vm(vm: &mut Vm, v: Value) -> VmResult<usize> {
    if is_user(&vm.heap, v) {
        return dunder::len(vm, v);
    }
    if let Some(f) = super::metaclass::meta_special(vm, v, "__len__")? {
        let n = super::metaclass::call(vm, f, v, &[])?;
        return match n {
            Value::Int(i) if i >= 0 => Ok(i as usize),
            _ => Err(crate::error::type_error(
                "__len__() should return a non-negative int",
            )),
        };
    }
    ops::len(&vm.heap, v)
}

/// `hash(v)`.
pub(crate) fn hash_vm(vm: &mut Vm, v: Value) -> VmResult<i64> {
    hash_depth(vm, v, 0)
}

fn hash_depth(vm: &mut Vm, v: Value, depth: usize) -> VmResult<i64> {
    if !needs_python(&vm.heap, v, 0) {
        return hash_value(&vm.heap, v);
    }
    if depth > vm.recursion_limit() {
        return Err(recursion_error("maximum recursion depth exceeded"));
    }
    if is_user(&vm.heap, v) {
        return dunder::hash(vm, v);
    }
    let n = match v.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Tuple(t)) => t.len(),
        // Lists are unhashable: the heap-level hash says so.
        _ => return hash_value(&vm.heap, v),
    };
    let mut h = TupleHasher::new(n);
    for i in 0..n {
        let item = match v.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::Tuple(t)) => t[i],
            _ => break,
        };
        h.push(hash_depth(vm, item, depth + 1)?);
    }
    Ok(h.finish())
}

/// `a == b` as a bool.
pub(crate) fn eq_vm(vm: &mut Vm, a: Value, b: Value) -> VmResult<bool> {
    // Identity implies equality for objects only: two NaN floats are never equal.
    if matches!(a, Value::Obj(_)) && a.is(b) {
        return Ok(true);
    }
    if !needs_python(&vm.heap, a, 0) && !needs_python(&vm.heap, b, 0) {
        return ops::eq(&vm.heap, a, b);
    }
    let r = compare_value(vm, CompareOperator::Eq, a, b)?;
    truthy_vm(vm, r)
}

/// The size of a dict.
fn dict_size(heap: &Heap, v: Value) -> Option<usize> {
    match v.as_obj().map(|r| heap.get(r)) {
        Some(Object::Dict(d)) => Some(d.len()),
        _ => None,
    }
}

/// Whether every key of dict `a` is in dict `b` with an equal value (CPython's `dict_equal`).
fn dict_within_vm(vm: &mut Vm, a: Value, b: Value, depth: usize) -> VmResult<bool> {
    let (Some(ar), Some(br)) = (a.as_obj(), b.as_obj()) else {
        return Ok(false);
    };
    let entries: Vec<(crate::dict::HashedKey, Value)> = match vm.heap.get(ar) {
        Object::Dict(d) => d.hashed_keys().zip(d.iter().map(|(_, &v)| v)).collect(),
        _ => Vec::new(),
    };
    for (hk, av) in entries {
        let Some(i) = table_find_hashed_vm(vm, br, hk.hash, hk.key)? else {
            return Ok(false);
        };
        let bv = match vm.heap.get(br) {
            Object::Dict(d) => d.entry_at(i).map(|(_, v)| *v),
            _ => None,
        };
        let Some(bv) = bv else { return Ok(false) };
        if !av.is(bv) {
            let r = compare_depth(vm, CompareOperator::Eq, av, bv, depth + 1)?;
            if !truthy_vm(vm, r)? {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// The size of a set or frozenset.
fn set_size(heap: &Heap, v: Value) -> Option<usize> {
    match v.as_obj().map(|r| heap.get(r)) {
        Some(Object::Set(t) | Object::FrozenSet(t)) => Some(t.len()),
        _ => None,
    }
}

/// Whether every element of set `small` is in set `big` (Python equality).
fn set_within_vm(vm: &mut Vm, small: Value, big: Value) -> VmResult<bool> {
    let (Some(s), Some(b)) = (small.as_obj(), big.as_obj()) else {
        return Ok(false);
    };
    let keys: Vec<crate::dict::HashedKey> = match vm.heap.get(s) {
        Object::Set(t) | Object::FrozenSet(t) => t.hashed_keys().collect(),
        _ => Vec::new(),
    };
    for hk in keys {
        if table_find_hashed_vm(vm, b, hk.hash, hk.key)?.is_none() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `a op b` for two sets (`==` is equal size and a subset, `<` a proper subset, …).
fn set_compare_vm(
    vm: &mut Vm,
    op: CompareOperator,
    (a, la): (Value, usize),
    (b, lb): (Value, usize),
) -> VmResult<bool> {
    Ok(match op {
        CompareOperator::Eq => la == lb && set_within_vm(vm, a, b)?,
        CompareOperator::Ne => !(la == lb && set_within_vm(vm, a, b)?),
        CompareOperator::Le => la <= lb && set_within_vm(vm, a, b)?,
        CompareOperator::Lt => la < lb && set_within_vm(vm, a, b)?,
        CompareOperator::Ge => lb <= la && set_within_vm(vm, b, a)?,
        CompareOperator::Gt => lb < la && set_within_vm(vm, b, a)?,
    })
}

/// `a op b` for a rich comparison: the result value (a user `__lt__` may return anything).
pub(crate) fn compare_value(
    vm: &mut Vm,
    op: CompareOperator,
    a: Value,
    b: Value,
) -> VmResult<Value> {
    compare_depth(vm, op, a, b, 0)
}

fn compare_depth(
    vm: &mut Vm,
    op: CompareOperator,
    a: Value,
    b: Value,
    depth: usize,
) -> VmResult<Value> {
    let heap = &vm.heap;
    if is_user(heap, a) || is_user(heap, b) {
        return dunder::compare(vm, op, a, b);
    }
    if !needs_python(heap, a, 0) && !needs_python(heap, b, 0) {
        return ops::compare(heap, op, a, b).map(Value::Bool);
    }
    if depth > vm.recursion_limit() {
        return Err(recursion_error(
            "maximum recursion depth exceeded in comparison",
        ));
    }
    // Dicts holding user objects: same size, and each key found with an equal value.
    if matches!(op, CompareOperator::Eq | CompareOperator::Ne) {
        if let (Some(la), Some(lb)) = (dict_size(heap, a), dict_size(heap, b)) {
            let same = la == lb && dict_within_vm(vm, a, b, depth)?;
            return Ok(Value::Bool(same == (op == CompareOperator::Eq)));
        }
    }
    // Sets holding user objects: CPython's subset tests, asking `__eq__` through the lookups.
    if let (Some(la), Some(lb)) = (set_size(heap, a), set_size(heap, b)) {
        return set_compare_vm(vm, op, (a, la), (b, lb)).map(Value::Bool);
    }
    // Lists or tuples holding user objects: element by element, as CPython's list compare.
    let (la, lb) = match (seq_len(heap, a), seq_len(heap, b)) {
        (Some(x), Some(y)) if same_kind(heap, a, b) => (x, y),
        _ => return ops::compare(heap, op, a, b).map(Value::Bool),
    };
    if la != lb && matches!(op, CompareOperator::Eq | CompareOperator::Ne) {
        return Ok(Value::Bool(op == CompareOperator::Ne));
    }
    let mut i = 0;
    while i < la.min(lb) {
        let (x, y) = (seq_item(&vm.heap, a, i), seq_item(&vm.heap, b, i));
        let (Some(x), Some(y)) = (x, y) else { break };
        let same = x.is(y) || {
            let r = compare_depth(vm, CompareOperator::Eq, x, y, depth + 1)?;
            truthy_vm(vm, r)?
        };
        if !same {
            return match op {
                CompareOperator::Eq => Ok(Value::Bool(false)),
                CompareOperator::Ne => Ok(Value::Bool(true)),
                _ => compare_depth(vm, op, x, y, depth + 1),
            };
        }
        i += 1;
    }
    let (la, lb) = (
        seq_len(&vm.heap, a).unwrap_or(0),
        seq_len(&vm.heap, b).unwrap_or(0),
    );
    Ok(Value::Bool(match op {
        CompareOperator::Lt => la < lb,
        CompareOperator::Le => la <= lb,
        CompareOperator::Eq => la == lb,
        CompareOperator::Ne => la != lb,
        CompareOperator::Gt => la > lb,
        CompareOperator::Ge => la >= lb,
    }))
}

fn same_kind(heap: &Heap, a: Value, b: Value) -> bool {
    matches!(
        (
            a.as_obj().map(|r| heap.get(r)),
            b.as_obj().map(|r| heap.get(r))
        ),
        (Some(Object::List(_)), Some(Object::List(_)))
            | (Some(Object::Tuple(_)), Some(Object::Tuple(_)))
    )
}

fn seq_len(heap: &Heap, v: Value) -> Option<usize> {
    match v.as_obj().map(|r| heap.get(r))? {
        Object::List(x) => Some(x.len()),
        Object::Tuple(x) => Some(x.len()),
        _ => None,
    }
}

fn seq_item(heap: &Heap, v: Value, i: usize) -> Option<Value> {
    match v.as_obj().map(|r| heap.get(r))? {
        Object::List(x) => x.get(i).copied(),
        Object::Tuple(x) => x.get(i).copied(),
        _ => None,
    }
}

/// `a op b` as a bool (sorting, `min`/`max`, chained comparisons in natives).
pub(crate) fn compare_vm(vm: &mut Vm, op: CompareOperator, a: Value, b: Value) -> VmResult<bool> {
    let r = compare_value(vm, op, a, b)?;
    truthy_vm(vm, r)
}

/// Find `key` in the dict or set object `d`: `(hash, index)`. Keys compare with builtin
/// equality unless the key or a stored key with the same hash is a user object, whose `__eq__`
/// is then asked (after the table borrow ends). Every dict and set lookup that may meet user
/// objects goes through here.
pub(crate) fn table_find_vm(vm: &mut Vm, d: ObjRef, key: Value) -> VmResult<(i64, Option<usize>)> {
    let h = hash_vm(vm, key)?;
    Ok((h, table_find_hashed_vm(vm, d, h, key)?))
}

/// [`table_find_vm`] for a key whose hash `h` is known: the index of the equal key, if any.
pub(crate) fn table_find_hashed_vm(
    vm: &mut Vm,
    d: ObjRef,
    h: i64,
    key: Value,
) -> VmResult<Option<usize>> {
    let mut candidates = Vec::new();
    let found = {
        let heap = &vm.heap;
        let key_user = needs_python(heap, key, 0);
        let mut eq = |k: Value| -> VmResult<bool> {
            if k.is(key) {
                return Ok(true);
            }
            if key_user || needs_python(heap, k, 0) {
                candidates.push(k);
                return Ok(false);
            }
            ops::eq(heap, k, key)
        };
        match heap.get(d) {
            Object::Dict(t) => t.find(h, Some(key), &mut eq)?,
            Object::Set(t) | Object::FrozenSet(t) => t.find(h, Some(key), &mut eq)?,
            _ => None,
        }
    };
    if found.is_some() {
        return Ok(found);
    }
    for c in candidates {
        if eq_vm(vm, c, key)? {
            let heap = &vm.heap;
            let by_identity = |k: Value| -> VmResult<bool> { Ok(k.is(c)) };
            let idx = match heap.get(d) {
                Object::Dict(t) => t.find(h, Some(c), by_identity)?,
                Object::Set(t) | Object::FrozenSet(t) => t.find(h, Some(c), by_identity)?,
                _ => None,
            };
            return Ok(idx);
        }
    }
    Ok(None)
}

/// `d[key]` on a dict object, with Python equality where a user object takes part.
pub(crate) fn dict_get_vm(vm: &mut Vm, d: ObjRef, key: Value) -> VmResult<Option<Value>> {
    let (_, idx) = table_find_vm(vm, d, key)?;
    Ok(idx.and_then(|i| match vm.heap.get(d) {
        Object::Dict(t) => t.entry_at(i).map(|(_, v)| *v),
        _ => None,
    }))
}

/// Whether the key needs the slow lookup.
#[inline]
pub(crate) fn key_needs_python(heap: &Heap, key: Value) -> bool {
    needs_python(heap, key, 0)
}

/// Add `key` to the set object `s` (any key, including user objects).
pub(crate) fn set_add_vm(vm: &mut Vm, s: ObjRef, key: Value) -> VmResult<()> {
    let (h, idx) = table_find_vm(vm, s, key)?;
    if idx.is_none() {
        if let Object::Set(t) | Object::FrozenSet(t) = vm.heap.get_mut(s) {
            t.insert_new(h, key, ());
        }
    }
    Ok(())
}
