//! Helpers shared by the builtin types' methods: receivers, integer arguments, CPython's index
//! adjustment, iteration of builtin iterables, equality and ordering.

use super::type_name;
use crate::error::{type_error, ExcKind, VmError, VmResult};
use crate::heap::Heap;
use crate::native::Args;
use crate::numeric::int::Int;
use crate::object::{Object, PyStr};
use crate::value::{ObjRef, Value};
use crate::Vm;
use std::cmp::Ordering;

/// Split the receiver off a method's arguments: `TypeError: unbound method str.split() needs an
/// argument` when there is none.
pub fn split_self<'a>(args: &Args<'a>, ty: &str, method: &str) -> VmResult<(Value, Args<'a>)> {
    args.split_self()
        .ok_or_else(|| type_error(format!("unbound method {ty}.{method}() needs an argument")))
}

/// A receiver of the wrong type: CPython's method-descriptor message (`descriptor 'append' for
/// 'list' objects doesn't apply to a 'int' object`), or its slot-wrapper message for the dunders
/// that are slots (`descriptor '__len__' requires a 'list' object but received a 'int'`).
pub fn wrong_receiver(ty: &str, method: &str, got: &str) -> VmError {
    let slot = matches!(
        method,
        "__len__" | "__iter__" | "__setitem__" | "__delitem__"
    ) || (method == "__contains__" && !matches!(ty, "dict" | "set" | "frozenset"))
        || (method == "__getitem__" && !matches!(ty, "list" | "dict"));
    if slot {
        type_error(format!(
            "descriptor '{method}' requires a '{ty}' object but received a '{got}'"
        ))
    } else {
        super::receiver_error(ty, method, got)
    }
}

/// The object behind `v`, if it is a heap object.
#[inline]
pub fn obj(heap: &Heap, v: Value) -> Option<&Object> {
    match v {
        Value::Obj(r) => heap.try_get(r).ok(),
        _ => None,
    }
}

/// The str behind `v`.
#[inline]
pub fn as_str(heap: &Heap, v: Value) -> Option<&PyStr> {
    match obj(heap, v) {
        Some(Object::Str(s)) => Some(s),
        _ => None,
    }
}

/// The bytes of a bytes or bytearray value.
#[inline]
pub fn as_bytes(heap: &Heap, v: Value) -> Option<&[u8]> {
    match obj(heap, v) {
        Some(Object::Bytes(b)) => Some(b),
        Some(Object::ByteArray(b)) => Some(b),
        _ => None,
    }
}

/// An int argument (bool, int, big int) or `TypeError: 'str' object cannot be interpreted as an
/// integer`.
pub fn int_arg(heap: &Heap, v: Value) -> VmResult<Int> {
    Int::from_value(heap, v).ok_or_else(|| {
        type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(heap, v)
        ))
    })
}

/// An int argument that must fit a C `Py_ssize_t`: `OverflowError: Python int too large to
/// convert to C ssize_t` otherwise.
pub fn ssize_arg(heap: &Heap, v: Value) -> VmResult<i64> {
    int_arg(heap, v)?.to_i64().ok_or_else(|| {
        VmError::new(
            ExcKind::OverflowError,
            "Python int too large to convert to C ssize_t",
        )
    })
}

/// A slice index (`start`/`end` of `find`, `index`…): `None` for None or absent, big ints
/// clamped, `TypeError: slice indices must be integers or None or have an __index__ method`.
pub fn slice_index(heap: &Heap, v: Option<Value>) -> VmResult<Option<i64>> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(v) => match Int::from_value(heap, v) {
            Some(i) => Ok(Some(i.to_i64().unwrap_or(if i.is_negative() {
                i64::MIN
            } else {
                i64::MAX
            }))),
            None => Err(type_error(
                "slice indices must be integers or None or have an __index__ method",
            )),
        },
    }
}

/// CPython's `ADJUST_INDICES`: clamp `start`/`end` (None → 0/len) into `0..=len`-ish bounds; the
/// result may have `start > end` or `start > len` (an empty range).
pub fn adjust_indices(start: Option<i64>, end: Option<i64>, len: usize) -> (usize, usize) {
    let len_i = len as i64;
    let mut end = end.unwrap_or(len_i);
    let mut start = start.unwrap_or(0);
    if end > len_i {
        end = len_i;
    } else if end < 0 {
        end = end.saturating_add(len_i).max(0);
    }
    if start < 0 {
        start = start.saturating_add(len_i).max(0);
    }
    (start as usize, end as usize)
}

/// `KeyError(key)`: an exception object whose args are `(key,)` (its message, `str(e)`, is
/// `repr(key)`).
pub fn key_error(vm: &mut Vm, key: Value) -> VmError {
    match vm.new_exception(ExcKind::KeyError, &[key]) {
        Ok(e) => e,
        Err(e) => e,
    }
}

/// `KeyError('message')` (args `('message',)`).
pub fn key_error_msg(vm: &mut Vm, msg: &str) -> VmError {
    match vm.new_str(msg) {
        Ok(s) => key_error(vm, s),
        Err(e) => e,
    }
}

/// `repr(v)`.
pub fn repr(vm: &mut Vm, v: Value) -> VmResult<String> {
    crate::interp::format::repr(vm, v)
}

/// `a == b` (builtin equality). Takes `&mut Vm` so that it can call `__eq__` once the
/// interpreter provides callbacks: the methods already re-read their receivers around it.
pub fn eq(vm: &mut Vm, a: Value, b: Value) -> VmResult<bool> {
    vm.eq(a, b)
}

/// `hash(v)` (builtin hashing; `&mut Vm` for `__hash__` callbacks later).
pub fn hash(vm: &mut Vm, v: Value) -> VmResult<i64> {
    vm.hash(v)
}

/// Dict and set access with the interpreter's hashing and equality, so that the methods find the
/// keys that the interpreter's own subscripts and displays stored (`{None: 1}.get(None)`).
///
/// User objects hash with their `__hash__` and compare with their `__eq__` (which may run
/// Python): the key is passed in, and the table is re-read after, so callers hold no borrow.
pub fn hash_key(vm: &mut Vm, key: Value) -> VmResult<i64> {
    crate::interp::ops::hash_vm(vm, key)
}

/// The index of `key` in the dict or set `t`, with its hash.
pub fn find_key(vm: &mut Vm, t: ObjRef, key: Value) -> VmResult<(i64, Option<usize>)> {
    match vm.heap.try_get(t)? {
        Object::Dict(_) | Object::Set(_) | Object::FrozenSet(_) => {
            crate::interp::protocol::table_find_vm(vm, t, key)
        }
        o => Err(type_error(format!(
            "expected dict or set, got '{}'",
            o.type_name()
        ))),
    }
}

/// `d.get(key)` without a default: `None` when absent.
pub fn dict_get(vm: &mut Vm, d: ObjRef, key: Value) -> VmResult<Option<Value>> {
    let (_, i) = find_key(vm, d, key)?;
    Ok(match (i, vm.heap.get(d)) {
        (Some(i), Object::Dict(t)) => t.entry_at(i).map(|(_, v)| *v),
        _ => None,
    })
}

/// `d[key] = value`.
pub fn dict_set(vm: &mut Vm, d: ObjRef, key: Value, value: Value) -> VmResult<()> {
    crate::interp::ops::dict_set(vm, d, key, value)
}

/// `del d[key]`: the removed value, `None` when absent.
pub fn dict_del(vm: &mut Vm, d: ObjRef, key: Value) -> VmResult<Option<Value>> {
    crate::interp::ops::dict_del(vm, d, key)
}

/// `key in s` for a set or frozenset.
pub fn set_contains(vm: &mut Vm, s: ObjRef, key: Value) -> VmResult<bool> {
    Ok(find_key(vm, s, key)?.1.is_some())
}

/// `s.add(key)` for a set or frozenset being built: true when the key was new.
pub fn set_add(vm: &mut Vm, s: ObjRef, key: Value) -> VmResult<bool> {
    let (h, i) = find_key(vm, s, key)?;
    if i.is_some() {
        return Ok(false);
    }
    if let Object::Set(t) | Object::FrozenSet(t) = vm.heap.get_mut(s) {
        let cap = t.capacity();
        t.insert_new(h, key, ());
        let grew = t.capacity().saturating_sub(cap);
        if grew > 0 {
            vm.heap.account((grew * 32) as isize)?;
        }
    }
    Ok(true)
}

/// `s.discard(key)`: true when the key was present.
pub fn set_discard(vm: &mut Vm, s: ObjRef, key: Value) -> VmResult<bool> {
    let (_, i) = find_key(vm, s, key)?;
    let Some(i) = i else { return Ok(false) };
    if let Object::Set(t) | Object::FrozenSet(t) = vm.heap.get_mut(s) {
        t.remove_at(i);
    }
    Ok(true)
}

/// `TypeError: '<' not supported between instances of 'a' and 'b'`.
pub fn unorderable(heap: &Heap, op: &str, a: Value, b: Value) -> VmError {
    type_error(format!(
        "'{op}' not supported between instances of '{}' and '{}'",
        type_name(heap, a),
        type_name(heap, b)
    ))
}

/// `a < b` for builtin kinds: numbers (mixed int/float exactly), str, bytes, tuples and lists
/// lexicographically, sets by proper inclusion. Other pairs raise CPython's TypeError.
/// (`&mut Vm` for `__lt__` callbacks later.)
pub fn lt(vm: &mut Vm, a: Value, b: Value) -> VmResult<bool> {
    // Instances go through `__lt__` (and their payload) even when they hash and compare equal
    // as their payload: ordering may be overridden, and `lt_depth` knows only builtin values.
    if crate::interp::protocol::is_user(&vm.heap, a)
        || crate::interp::protocol::is_user(&vm.heap, b)
        || crate::interp::protocol::key_needs_python(&vm.heap, a)
        || crate::interp::protocol::key_needs_python(&vm.heap, b)
    {
        return crate::interp::ops::compare_vm(
            vm,
            hotpy_compiler::bytecode::CompareOperator::Lt,
            a,
            b,
        );
    }
    lt_depth(vm, a, b, 0)
}

fn lt_depth(vm: &Vm, a: Value, b: Value, depth: usize) -> VmResult<bool> {
    let heap = &vm.heap;
    if let Some(ord) = crate::numeric::compare(heap, a, b) {
        return Ok(ord == Some(Ordering::Less));
    }
    if depth > vm.config().max_depth {
        return Err(crate::error::recursion_error(crate::ops::CMP_RECURSION));
    }
    match (obj(heap, a), obj(heap, b)) {
        (Some(Object::Str(x)), Some(Object::Str(y))) => Ok(x.as_str() < y.as_str()),
        (
            Some(Object::Bytes(_) | Object::ByteArray(_)),
            Some(Object::Bytes(_) | Object::ByteArray(_)),
        ) => Ok(as_bytes(heap, a) < as_bytes(heap, b)),
        (Some(Object::Tuple(x)), Some(Object::Tuple(y))) => seq_lt(vm, x, y, depth),
        (Some(Object::List(x)), Some(Object::List(y))) => seq_lt(vm, x, y, depth),
        (
            Some(Object::Set(x) | Object::FrozenSet(x)),
            Some(Object::Set(y) | Object::FrozenSet(y)),
        ) => {
            if x.len() >= y.len() {
                return Ok(false);
            }
            let (Value::Obj(_), Value::Obj(rb)) = (a, b) else {
                return Ok(false);
            };
            for (k, _) in x.iter() {
                let h = crate::interp::ops::hash_value(heap, k)?;
                let found = match heap.try_get(rb)? {
                    Object::Set(t) | Object::FrozenSet(t) => {
                        t.find(h, Some(k), |o| crate::interp::ops::eq(heap, o, k))?
                    }
                    _ => None,
                };
                if found.is_none() {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        _ => Err(unorderable(heap, "<", a, b)),
    }
}

fn seq_lt(vm: &Vm, x: &[Value], y: &[Value], depth: usize) -> VmResult<bool> {
    for (&p, &q) in x.iter().zip(y) {
        if !crate::interp::ops::eq(&vm.heap, p, q)? {
            return lt_depth(vm, p, q, depth + 1);
        }
    }
    Ok(x.len() < y.len())
}

/// Sort `items` stably by the values `key` gives, ordered by [`lt`], as [`merge_sort`] with
/// [`lt`] would. As CPython's pre-sort check of the keys: keys that are all inline ints, or all
/// strs, sort on the plain numbers or texts (code-point order is UTF-8 byte order); keys that
/// are all builtin values skip, per comparison, the check for values that compare in Python.
pub fn sort_by_lt<T: Copy>(vm: &mut Vm, items: &mut [T], key: impl Fn(T) -> Value) -> VmResult<()> {
    if items.len() < 2 {
        return Ok(());
    }
    if items.iter().all(|&t| matches!(key(t), Value::Int(_))) {
        items.sort_by_key(|&t| match key(t) {
            Value::Int(i) => i,
            _ => 0,
        });
        return Ok(());
    }
    let heap = &vm.heap;
    let text = |v: Value| match obj(heap, v) {
        Some(Object::Str(s)) => Some(s.as_str()),
        _ => None,
    };
    if items.iter().all(|&t| text(key(t)).is_some()) {
        items.sort_by(|&a, &b| text(key(a)).cmp(&text(key(b))));
        return Ok(());
    }
    let builtin = items.iter().all(|&t| {
        let v = key(t);
        !crate::interp::protocol::is_user(heap, v)
            && !crate::interp::protocol::key_needs_python(heap, v)
    });
    if builtin {
        // No comparison can run Python code, so none can change what the others compare.
        let vm: &Vm = vm;
        merge_sort(items, &mut |a, b| lt_depth(vm, key(a), key(b), 0))
    } else {
        merge_sort(items, &mut |a, b| lt(vm, key(a), key(b)))
    }
}

/// Stable merge sort with a fallible `less` (the first error stops the sort; the slice is then
/// left in some permutation of its elements).
pub fn merge_sort<T: Copy>(
    items: &mut [T],
    less: &mut dyn FnMut(T, T) -> VmResult<bool>,
) -> VmResult<()> {
    let n = items.len();
    if n < 2 {
        return Ok(());
    }
    // binary insertion sort on short runs, then bottom-up merges
    const RUN: usize = 16;
    let mut lo = 0;
    while lo < n {
        let hi = (lo + RUN).min(n);
        for i in lo + 1..hi {
            let x = items[i];
            let (mut l, mut r) = (lo, i);
            while l < r {
                let m = (l + r) / 2;
                if less(x, items[m])? {
                    r = m;
                } else {
                    l = m + 1;
                }
            }
            items.copy_within(l..i, l + 1);
            items[l] = x;
        }
        lo = hi;
    }
    let mut width = RUN;
    let mut buf: Vec<T> = Vec::with_capacity(n);
    while width < n {
        let mut start = 0;
        while start + width < n {
            let mid = start + width;
            let end = (start + 2 * width).min(n);
            buf.clear();
            buf.extend_from_slice(&items[start..mid]);
            let (mut i, mut j, mut k) = (0, mid, start);
            while i < buf.len() && j < end {
                if less(items[j], buf[i])? {
                    items[k] = items[j];
                    j += 1;
                } else {
                    items[k] = buf[i];
                    i += 1;
                }
                k += 1;
            }
            while i < buf.len() {
                items[k] = buf[i];
                i += 1;
                k += 1;
            }
            start = end;
        }
        width *= 2;
    }
    Ok(())
}

/// `TypeError: 'int' object is not iterable`.
pub fn not_iterable(heap: &Heap, v: Value) -> VmError {
    type_error(format!("'{}' object is not iterable", type_name(heap, v)))
}

/// [`collect`], with `err` in place of CPython's generic `'int' object is not iterable` (as
/// `str.join`'s `can only join an iterable`).
pub fn collect_or(
    vm: &mut Vm,
    v: Value,
    err: impl FnOnce(&Heap) -> VmError,
) -> VmResult<Vec<Value>> {
    match collect(vm, v) {
        Err(e)
            if e.kind() == Some(ExcKind::TypeError)
                && e.message() == not_iterable(&vm.heap, v).message() =>
        {
            Err(err(&vm.heap))
        }
        r => r,
    }
}

/// The items of an iterable (str → one-char strs, bytes → ints, dict → keys; iterators are
/// consumed; other kinds go through the interpreter's iteration protocol).
pub fn collect(vm: &mut Vm, v: Value) -> VmResult<Vec<Value>> {
    let Value::Obj(r) = v else {
        return Err(not_iterable(&vm.heap, v));
    };
    let out = match vm.heap.try_get(r)? {
        Object::List(items) => items.clone(),
        Object::Tuple(items) => items.to_vec(),
        Object::Dict(d) => d.iter().map(|(k, _)| k).collect(),
        Object::Set(s) | Object::FrozenSet(s) => s.iter().map(|(k, _)| k).collect(),
        Object::Bytes(b) => b.iter().map(|&x| Value::Int(i64::from(x))).collect(),
        Object::ByteArray(b) => b.iter().map(|&x| Value::Int(i64::from(x))).collect(),
        Object::Str(s) => {
            let chars: Vec<char> = s.as_str().chars().collect();
            let mut out = Vec::with_capacity(chars.len());
            for c in chars {
                out.push(vm.new_str(c.to_string())?);
            }
            out
        }
        Object::Range(rg) => {
            let rg = *rg;
            return collect_range(vm, rg);
        }
        _ => return collect_iterator(vm, r),
    };
    Ok(out)
}

fn collect_range(vm: &mut Vm, rg: crate::object::Range) -> VmResult<Vec<Value>> {
    let get = |v| int_arg(&vm.heap, v);
    let (start, stop, step) = (get(rg.start)?, get(rg.stop)?, get(rg.step)?);
    let len = crate::ops::range_len(&start, &stop, &step);
    let n = len
        .to_i64()
        .filter(|&n| (n as u128) * 16 <= crate::error::MAX_SEQUENCE_BYTES as u128)
        .ok_or_else(crate::error::memory_error)?;
    let mut out = Vec::with_capacity(n as usize);
    let mut cur = start;
    for _ in 0..n {
        out.push(cur.clone().into_value(&mut vm.heap)?);
        cur = cur.add(&step);
    }
    Ok(out)
}

fn collect_iterator(vm: &mut Vm, r: ObjRef) -> VmResult<Vec<Value>> {
    // The interpreter advances every iterator kind (including those that call back into Python)
    // and keeps the items collected so far rooted.
    vm.collect_iterable(Value::Obj(r))
}

/// Check that a result of `bytes` bytes may be built: `MemoryError` past
/// [`MAX_SEQUENCE_BYTES`](crate::error::MAX_SEQUENCE_BYTES) or when the allocator refuses, the
/// heap-limit error when the VM's limit would be passed — never an abort. Returns an empty
/// buffer with that capacity.
pub fn reserve(vm: &Vm, bytes: u128) -> VmResult<Vec<u8>> {
    if bytes > crate::error::MAX_SEQUENCE_BYTES as u128 {
        return Err(crate::error::memory_error());
    }
    let n = bytes as usize;
    if vm.heap.would_exceed(n) {
        return Err(VmError::Limit(crate::error::Limit::Heap {
            limit: vm.heap.limit().unwrap_or(0),
        }));
    }
    let mut v = Vec::new();
    v.try_reserve_exact(n)
        .map_err(|_| crate::error::memory_error())?;
    Ok(v)
}

/// [`reserve`] for a `String`.
pub fn reserve_str(vm: &Vm, bytes: u128) -> VmResult<String> {
    reserve(vm, bytes)?;
    let mut s = String::new();
    s.try_reserve_exact(bytes as usize)
        .map_err(|_| crate::error::memory_error())?;
    Ok(s)
}

/// Allocate a bytes object.
pub fn new_bytes(vm: &mut Vm, b: impl Into<Box<[u8]>>) -> VmResult<Value> {
    Ok(Value::Obj(vm.heap.alloc(Object::Bytes(b.into()))?))
}

/// Allocate a bytearray object.
pub fn new_bytearray(vm: &mut Vm, b: Vec<u8>) -> VmResult<Value> {
    Ok(Value::Obj(vm.heap.alloc(Object::ByteArray(b))?))
}

/// Call a callable with one argument from a native (a sort key, a predicate): the interpreter
/// runs Python functions re-entrantly, with its native-reentry depth limit.
pub fn call1(vm: &mut Vm, f: Value, arg: Value) -> VmResult<Value> {
    vm.call(f, &[arg])
}

/// The class and static methods of the builtin types (`dict.fromkeys`, `str.maketrans`,
/// `bytes.fromhex`, `int.from_bytes`, `float.fromhex`…), as natives that take no receiver: for
/// attribute lookup on the type objects. (Their method-table entries, reached through an
/// instance — `{}.fromkeys(...)` — skip the receiver.)
pub fn static_method(ty: super::BuiltinType, name: &str) -> Option<crate::native::NativeFnPtr> {
    use super::BuiltinType as B;
    Some(match (ty, name) {
        (B::Dict, "fromkeys") => super::dict::fromkeys,
        (B::Str, "maketrans") => super::str::maketrans,
        (B::Bytes | B::ByteArray, "maketrans") => super::bytes::maketrans,
        (B::Bytes, "fromhex") => super::bytes::fromhex_bytes,
        (B::ByteArray, "fromhex") => super::bytes::fromhex_bytearray,
        (B::Int, "from_bytes") => super::int::from_bytes,
        (B::Bool, "from_bytes") => super::int::from_bytes_bool,
        (B::Float, "fromhex") => super::float::fromhex,
        _ => return None,
    })
}

/// [`Args::bind`] with argument clinic's message for unknown keywords (`'x' is an invalid keyword
/// argument for split()`).
pub fn bind<const N: usize>(
    args: &Args<'_>,
    heap: &Heap,
    name: &str,
    params: [&str; N],
    posonly: usize,
    kwonly_from: usize,
    required: usize,
) -> VmResult<[Option<Value>; N]> {
    for (key, _) in args.kwargs(heap) {
        if !params[posonly..].contains(&key) {
            return Err(type_error(format!(
                "'{key}' is an invalid keyword argument for {name}()"
            )));
        }
    }
    args.bind(heap, name, params, posonly, kwonly_from, required)
}

/// The argument check of a slot wrapper (`[].__len__`): `TypeError: expected 0 arguments, got 1`.
pub fn wrapper_count(args: &Args<'_>, name: &str, n: usize) -> VmResult<()> {
    if args.has_kwargs() {
        return Err(type_error(format!(
            "wrapper {name}() takes no keyword arguments"
        )));
    }
    if args.len() != n {
        // (CPython's two-argument wrappers print an empty function name before the message)
        return Err(type_error(format!(
            "{}expected {n} argument{}, got {}",
            if n == 2 { " " } else { "" },
            if n == 1 { "" } else { "s" },
            args.len()
        )));
    }
    Ok(())
}

/// The receiver of a slot wrapper or dunder method of `ty`, checked.
fn dunder_self<'a>(
    vm: &Vm,
    args: &Args<'a>,
    ty: &str,
    method: &str,
) -> VmResult<(Value, Args<'a>)> {
    let (this, rest) = split_self(args, ty, method)?;
    let got = type_name(&vm.heap, this);
    if got != ty {
        return Err(wrong_receiver(ty, method, got));
    }
    Ok((this, rest))
}

/// `x.__getitem__(k)` for a builtin container `ty` (the interpreter's subscript).
pub fn slot_getitem(vm: &mut Vm, args: Args<'_>, ty: &str) -> VmResult<Value> {
    let (this, rest) = dunder_self(vm, &args, ty, "__getitem__")?;
    if ty == "list" {
        rest.check_count("list.__getitem__", 1, 1)?;
    } else {
        wrapper_count(&rest, "__getitem__", 1)?;
    }
    crate::interp::ops::getitem(vm, this, rest.positional()[0])
}

/// `x.__setitem__(k, v)` (the interpreter's item assignment).
pub fn slot_setitem(vm: &mut Vm, args: Args<'_>, ty: &str) -> VmResult<Value> {
    let (this, rest) = dunder_self(vm, &args, ty, "__setitem__")?;
    wrapper_count(&rest, "__setitem__", 2)?;
    let [k, v] = rest.fixed::<2>();
    crate::interp::ops::setitem(vm, this, k, v)?;
    Ok(Value::None)
}

/// `x.__delitem__(k)` (the interpreter's item deletion).
pub fn slot_delitem(vm: &mut Vm, args: Args<'_>, ty: &str) -> VmResult<Value> {
    let (this, rest) = dunder_self(vm, &args, ty, "__delitem__")?;
    wrapper_count(&rest, "__delitem__", 1)?;
    crate::interp::ops::delitem(vm, this, rest.positional()[0])?;
    Ok(Value::None)
}

/// `x.__iter__()` (the interpreter's `iter`).
pub fn slot_iter(vm: &mut Vm, args: Args<'_>, ty: &str) -> VmResult<Value> {
    let (this, rest) = dunder_self(vm, &args, ty, "__iter__")?;
    wrapper_count(&rest, "__iter__", 0)?;
    vm.iter(this)
}
