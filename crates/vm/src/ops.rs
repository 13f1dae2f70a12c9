//! Equality, hashing, truth and dict/set access for builtin values: the parts that need the heap
//! but not the interpreter.
//!
//! The interpreter handles instances with user `__eq__`/`__hash__` itself and falls back to these
//! for builtin kinds; the dict helpers here use builtin equality only. To look up keys that may
//! need user `__eq__`, use [`Table::find`](crate::dict::Table::find) with a callback that calls back
//! into the interpreter (see [`dict`](crate::dict)).
//!
//! Nested tuples/lists/dicts are compared and hashed with a depth limit (RecursionError), never
//! unbounded Rust recursion.

use crate::dict::{PyDict, PySet};
use crate::error::{internal, recursion_error, type_error, VmResult};
use crate::hash;
use crate::heap::Heap;
use crate::numeric;
use crate::object::Object;
use crate::value::{ObjRef, Value};

/// The RecursionError message for comparisons.
pub const CMP_RECURSION: &str = "maximum recursion depth exceeded in comparison";

/// `hash(None)`: a constant (CPython hashes None's address).
pub const HASH_NONE: i64 = 0x0FCA_8642;

/// The identity hash of a heap object (CPython rotates the address right by 4 bits).
pub fn identity_hash(r: ObjRef) -> i64 {
    let h = r.id().rotate_right(4) as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(v)` for builtin kinds. Unhashable kinds (list, dict, set, bytearray, slice) raise
/// `TypeError: unhashable type: 'list'`; kinds without value hashing use identity. Nested tuples
/// are walked with an explicit stack, at most `max_depth` deep.
pub fn hash(heap: &Heap, v: Value, max_depth: usize) -> VmResult<i64> {
    struct Frame<'h> {
        items: &'h [Value],
        next: usize,
        acc: hash::TupleHasher,
    }
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut current = v;
    loop {
        let mut h = match current {
            Value::None => HASH_NONE,
            Value::Bool(b) => b as i64,
            Value::Int(i) => hash::hash_int(i),
            Value::Float(_) => numeric::hash(heap, current).unwrap_or(0),
            Value::Obj(r) => match heap.try_get(r)? {
                Object::Str(s) => s.hash(),
                Object::BigInt(b) => hash::hash_bigint(b),
                Object::Bytes(b) => hash::hash_bytes(b),
                Object::Tuple(items) if items.is_empty() => hash::TupleHasher::new(0).finish(),
                Object::Tuple(items) => {
                    if stack.len() >= max_depth {
                        return Err(recursion_error(
                            "maximum recursion depth exceeded while calling a Python object",
                        ));
                    }
                    stack.push(Frame {
                        items,
                        next: 1,
                        acc: hash::TupleHasher::new(items.len()),
                    });
                    current = items[0];
                    continue;
                }
                Object::FrozenSet(s) => hash::combine_frozenset(
                    s.hashed_keys()
                        .map(|k| k.hash)
                        .collect::<Vec<_>>()
                        .into_iter(),
                ),
                Object::Range(rg) => range_hash(heap, rg),
                o @ (Object::List(_)
                | Object::Dict(_)
                | Object::Set(_)
                | Object::ByteArray(_)
                | Object::Slice(_)
                | Object::DictView(_)) => return Err(unhashable(o.type_name())),
                _ => identity_hash(r),
            },
        };
        // feed `h` to the enclosing tuples, closing those that are complete
        loop {
            let Some(top) = stack.last_mut() else {
                return Ok(h);
            };
            top.acc.push(h);
            if top.next < top.items.len() {
                current = top.items[top.next];
                top.next += 1;
                break;
            }
            h = top.acc.finish();
            stack.pop();
        }
    }
}
/// `hash(range)` as CPython: equal ranges (same length, and same start and step where they matter)
/// hash alike, as `hash((len, start, step))` with `None` for the parts an empty or one-item range
/// ignores.
fn range_hash(heap: &Heap, rg: &crate::object::Range) -> i64 {
    use numeric::int::Int;
    let int = |v| Int::from_value(heap, v).unwrap_or(Int::Small(0));
    let (start, step) = (int(rg.start), int(rg.step));
    let len = range_len(&start, &int(rg.stop), &step);
    let mut t = hash::TupleHasher::new(3);
    t.push(len.hash());
    match len {
        Int::Small(0) => {
            t.push(HASH_NONE);
            t.push(HASH_NONE);
        }
        Int::Small(1) => {
            t.push(start.hash());
            t.push(HASH_NONE);
        }
        _ => {
            t.push(start.hash());
            t.push(step.hash());
        }
    }
    t.finish()
}

/// `TypeError: unhashable type: '<name>'`.
#[cold]
pub fn unhashable(type_name: &str) -> crate::VmError {
    type_error(format!("unhashable type: '{type_name}'"))
}

/// `a == b` for builtin kinds (identity for kinds without value equality). Nested containers
/// are compared with an explicit work stack, at most `max_depth` deep; elements are compared
/// left to right with an identity short-cut, as CPython.
pub fn eq(heap: &Heap, a: Value, b: Value, max_depth: usize) -> VmResult<bool> {
    if a.is(b) {
        // identity implies equality, except for a NaN float compared with itself
        return Ok(!matches!(a, Value::Float(x) if x.is_nan()));
    }
    // the work stack allocates only when containers are compared
    let mut work: Vec<(Value, Value, usize)> = Vec::new();
    if !eq_step(heap, a, b, 0, max_depth, &mut work)? {
        return Ok(false);
    }
    while let Some((a, b, depth)) = work.pop() {
        if !eq_step(heap, a, b, depth, max_depth, &mut work)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Compare one pair: `Ok(false)` when unequal; nested element pairs are pushed on `work`.
fn eq_step(
    heap: &Heap,
    a: Value,
    b: Value,
    depth: usize,
    max_depth: usize,
    work: &mut Vec<(Value, Value, usize)>,
) -> VmResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    let (Value::Obj(ra), Value::Obj(rb)) = (a, b) else {
        // at least one inline value: only numbers can be equal to it
        return Ok(numeric::compare(heap, a, b) == Some(Some(std::cmp::Ordering::Equal)));
    };
    let (oa, ob) = (heap.try_get(ra)?, heap.try_get(rb)?);
    if let (Object::BigInt(x), Object::BigInt(y)) = (oa, ob) {
        return Ok(x == y);
    }
    let child = depth + 1;
    let check_depth = || {
        if child > max_depth {
            Err(recursion_error(CMP_RECURSION))
        } else {
            Ok(())
        }
    };
    let push_seq = |x: &[Value], y: &[Value], work: &mut Vec<(Value, Value, usize)>| {
        if x.len() != y.len() {
            return false;
        }
        work.extend(x.iter().zip(y).rev().map(|(&p, &q)| (p, q, child)));
        true
    };
    if let Some(same) = crate::types::dictview::view_eq(heap, a, b)? {
        return Ok(same);
    }
    Ok(match (oa, ob) {
        (Object::Str(x), Object::Str(y)) => {
            x.char_len() == y.char_len()
                && x.hash_if_cached()
                    .zip(y.hash_if_cached())
                    .is_none_or(|(p, q)| p == q)
                && x.as_str() == y.as_str()
        }
        (Object::Bytes(x), Object::Bytes(y)) => x == y,
        (Object::Bytes(x), Object::ByteArray(y)) | (Object::ByteArray(y), Object::Bytes(x)) => {
            x[..] == y[..]
        }
        (Object::ByteArray(x), Object::ByteArray(y)) => x == y,
        (Object::Tuple(x), Object::Tuple(y)) => {
            check_depth()?;
            push_seq(x, y, work)
        }
        (Object::List(x), Object::List(y)) => {
            check_depth()?;
            push_seq(x, y, work)
        }
        (Object::Dict(x), Object::Dict(y)) => {
            check_depth()?;
            if x.len() != y.len() {
                return Ok(false);
            }
            let mut pairs = Vec::with_capacity(x.len());
            for i in 0..x.slots() {
                // A dead position has neither.
                let (Some(k), Some((_, &v))) = (x.hashed_key_at(i), x.entry_at(i)) else {
                    continue;
                };
                let found = y.find(k.hash, Some(k.key), |c| {
                    eq(heap, k.key, c, max_depth - child)
                })?;
                let Some((_, &w)) = found.and_then(|j| y.entry_at(j)) else {
                    return Ok(false);
                };
                pairs.push((v, w, child));
            }
            work.extend(pairs.into_iter().rev());
            true
        }
        (Object::Set(x) | Object::FrozenSet(x), Object::Set(y) | Object::FrozenSet(y)) => {
            check_depth()?;
            if x.len() != y.len() {
                return Ok(false);
            }
            for k in x.hashed_keys() {
                if y.find(k.hash, Some(k.key), |c| {
                    eq(heap, k.key, c, max_depth - child)
                })?
                .is_none()
                {
                    return Ok(false);
                }
            }
            true
        }
        (Object::Range(x), Object::Range(y)) => range_key(heap, x)? == range_key(heap, y)?,
        _ => false,
    })
}

fn range_key(heap: &Heap, r: &crate::object::Range) -> VmResult<(String, String, String)> {
    use numeric::int::Int;
    let get = |v| Int::from_value(heap, v).ok_or_else(|| internal("range bound is not an int"));
    let (start, stop, step) = (get(r.start)?, get(r.stop)?, get(r.step)?);
    let len = range_len(&start, &stop, &step);
    let s = |i: &Int| i.to_decimal().unwrap_or_default();
    Ok(match len.to_i64() {
        Some(0) => ("0".into(), String::new(), String::new()),
        Some(1) => ("1".into(), s(&start), String::new()),
        _ => (s(&len), s(&start), s(&step)),
    })
}

/// `len(range(start, stop, step))` (step != 0).
pub fn range_len(
    start: &numeric::int::Int,
    stop: &numeric::int::Int,
    step: &numeric::int::Int,
) -> numeric::int::Int {
    use numeric::int::Int;
    let (lo, hi, st) = if step.is_negative() {
        (stop.clone(), start.clone(), step.neg())
    } else {
        (start.clone(), stop.clone(), step.clone())
    };
    if lo.cmp_int(&hi) != std::cmp::Ordering::Less {
        return Int::Small(0);
    }
    // (hi - lo - 1) // st + 1
    let diff = hi.sub(&lo).sub(&Int::Small(1));
    diff.floordiv(&st)
        .map(|q| q.add(&Int::Small(1)))
        .unwrap_or(Int::Small(0))
}

/// Truth value of builtin kinds (`bool(v)`); `None` for kinds the interpreter must ask
/// (`__bool__`/`__len__` of instances — none yet).
pub fn truthy(heap: &Heap, v: Value) -> Option<bool> {
    Some(match v {
        Value::None => false,
        Value::Bool(b) => b,
        Value::Int(i) => i != 0,
        Value::Float(x) => x != 0.0,
        Value::Obj(r) => match heap.try_get(r).ok()? {
            Object::Str(s) => !s.as_str().is_empty(),
            Object::BigInt(_) => true,
            Object::Bytes(b) => !b.is_empty(),
            Object::ByteArray(b) => !b.is_empty(),
            Object::List(l) => !l.is_empty(),
            Object::Tuple(t) => !t.is_empty(),
            Object::Dict(d) => !d.is_empty(),
            Object::Set(s) | Object::FrozenSet(s) => !s.is_empty(),
            Object::DictView(v) => crate::types::dictview::len(heap, v) != 0,
            Object::Range(r) => {
                use numeric::int::Int;
                let get = |v| Int::from_value(heap, v);
                !range_len(&get(r.start)?, &get(r.stop)?, &get(r.step)?).is_zero()
            }
            _ => true,
        },
    })
}

fn dict_of(heap: &Heap, d: ObjRef) -> VmResult<&PyDict> {
    match heap.try_get(d)? {
        Object::Dict(t) => Ok(t),
        o => Err(type_error(format!(
            "expected dict, got '{}'",
            o.type_name()
        ))),
    }
}

fn dict_of_mut(heap: &mut Heap, d: ObjRef) -> VmResult<&mut PyDict> {
    match heap.try_get_mut(d)? {
        Object::Dict(t) => Ok(t),
        o => Err(type_error(format!(
            "expected dict, got '{}'",
            o.type_name()
        ))),
    }
}

fn set_of(heap: &Heap, s: ObjRef) -> VmResult<&PySet> {
    match heap.try_get(s)? {
        Object::Set(t) | Object::FrozenSet(t) => Ok(t),
        o => Err(type_error(format!("expected set, got '{}'", o.type_name()))),
    }
}

/// Default depth for the dict helpers' key comparisons.
const KEY_DEPTH: usize = 1000;

/// Find `key` in the dict `d` by builtin hashing and equality: `(hash, index)`.
pub fn dict_find(heap: &Heap, d: ObjRef, key: Value) -> VmResult<(i64, Option<usize>)> {
    let h = hash(heap, key, KEY_DEPTH)?;
    let t = dict_of(heap, d)?;
    let i = t.find(h, Some(key), |k| eq(heap, key, k, KEY_DEPTH))?;
    Ok((h, i))
}

/// `d[key]` (`None` when absent; the caller raises KeyError).
pub fn dict_get(heap: &Heap, d: ObjRef, key: Value) -> VmResult<Option<Value>> {
    let (_, i) = dict_find(heap, d, key)?;
    Ok(i.and_then(|i| dict_of(heap, d).ok()?.entry_at(i).map(|(_, v)| *v)))
}

/// Look a str key up by its text (module namespaces, keyword arguments), without allocating.
pub fn dict_get_str(heap: &Heap, d: ObjRef, name: &str) -> VmResult<Option<Value>> {
    let h = hash::hash_str(name);
    let t = dict_of(heap, d)?;
    let i = t.find(h, None, |k| {
        Ok(match k {
            Value::Obj(r) => matches!(heap.try_get(r)?, Object::Str(s) if s.as_str() == name),
            _ => false,
        })
    })?;
    Ok(i.and_then(|i| t.entry_at(i).map(|(_, v)| *v)))
}

/// `d[key] = value`.
pub fn dict_set(heap: &mut Heap, d: ObjRef, key: Value, value: Value) -> VmResult<()> {
    let (h, i) = dict_find(heap, d, key)?;
    let t = dict_of_mut(heap, d)?;
    match i {
        Some(i) => {
            t.set_value_at(i, value);
        }
        None => {
            t.insert_new(h, key, value);
        }
    }
    Ok(())
}

/// A new dict object with the entries of dict `d`, in its order (`dict.copy()`): the table is
/// copied as it is, its keys already being distinct, with no hashing or probing per entry.
pub fn dict_copy(heap: &mut Heap, d: ObjRef) -> VmResult<ObjRef> {
    let copy = dict_of(heap, d)?.clone();
    heap.alloc(Object::Dict(copy))
}

/// Keep only the entries of dict `d` at the positions where `keep` is true (entries past the
/// end of `keep` stay), in one pass.
pub fn dict_retain_positions(heap: &mut Heap, d: ObjRef, keep: &[bool]) -> VmResult<()> {
    dict_of_mut(heap, d)?.retain_positions(|i| keep.get(i).copied().unwrap_or(true));
    Ok(())
}

/// `del d[key]`: the removed value, or `None` when absent (the caller raises KeyError).
pub fn dict_del(heap: &mut Heap, d: ObjRef, key: Value) -> VmResult<Option<Value>> {
    let (_, i) = dict_find(heap, d, key)?;
    Ok(match i {
        Some(i) => dict_of_mut(heap, d)?.remove_at(i).map(|(_, v)| v),
        None => None,
    })
}

/// `key in s` for a set or frozenset.
pub fn set_contains(heap: &Heap, s: ObjRef, key: Value) -> VmResult<bool> {
    let h = hash(heap, key, KEY_DEPTH)?;
    let t = set_of(heap, s)?;
    Ok(t.find(h, Some(key), |k| eq(heap, key, k, KEY_DEPTH))?
        .is_some())
}

/// `s.add(key)`; returns true when the element was new.
pub fn set_add(heap: &mut Heap, s: ObjRef, key: Value) -> VmResult<bool> {
    let h = hash(heap, key, KEY_DEPTH)?;
    let found = set_of(heap, s)?.find(h, Some(key), |k| eq(heap, key, k, KEY_DEPTH))?;
    if found.is_some() {
        return Ok(false);
    }
    match heap.try_get_mut(s)? {
        Object::Set(t) | Object::FrozenSet(t) => {
            t.insert_new(h, key, ());
        }
        _ => unreachable!(),
    }
    Ok(true)
}

/// `s.discard(key)`; returns true when the element was present.
pub fn set_discard(heap: &mut Heap, s: ObjRef, key: Value) -> VmResult<bool> {
    let h = hash(heap, key, KEY_DEPTH)?;
    let found = set_of(heap, s)?.find(h, Some(key), |k| eq(heap, key, k, KEY_DEPTH))?;
    let Some(i) = found else { return Ok(false) };
    match heap.try_get_mut(s)? {
        Object::Set(t) | Object::FrozenSet(t) => {
            t.remove_at(i);
        }
        _ => unreachable!(),
    }
    Ok(true)
}

/// The Python type name of a value (`'int'`, `'NoneType'`, `'list'`…), for error messages.
pub fn type_name(heap: &Heap, v: Value) -> &'static str {
    match v {
        Value::None => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Obj(r) => heap.try_get(r).map_or("object", |o| o.type_name()),
    }
}

/// A rich comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator's symbol, as error messages print it.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpOp::Lt => ord == Less,
            CmpOp::Le => ord != Greater,
            CmpOp::Eq => ord == Equal,
            CmpOp::Ne => ord != Equal,
            CmpOp::Gt => ord == Greater,
            CmpOp::Ge => ord != Less,
        }
    }
}

/// `TypeError: '<' not supported between instances of 'str' and 'int'`.
#[cold]
pub fn compare_error(heap: &Heap, op: CmpOp, a: Value, b: Value) -> crate::VmError {
    type_error(format!(
        "'{}' not supported between instances of '{}' and '{}'",
        op.symbol(),
        type_name(heap, a),
        type_name(heap, b)
    ))
}

/// `a <op> b` for builtin kinds: numbers (exactly, NaN unordered), str, bytes/bytearray,
/// lists and tuples (lexicographic, descending into the first differing elements without Rust
/// recursion), sets (subset order). `==`/`!=` never fail. `Ok(None)` means NotImplemented:
/// the interpreter tries reflected dunders, then raises [`compare_error`].
pub fn richcompare(
    heap: &Heap,
    op: CmpOp,
    a: Value,
    b: Value,
    max_depth: usize,
) -> VmResult<Option<bool>> {
    match op {
        CmpOp::Eq => return eq(heap, a, b, max_depth).map(Some),
        CmpOp::Ne => return eq(heap, a, b, max_depth).map(|e| Some(!e)),
        _ => {}
    }
    let (mut a, mut b) = (a, b);
    for _ in 0..=max_depth {
        if let Some(ord) = numeric::compare(heap, a, b) {
            return Ok(Some(ord.is_some_and(|o| op.holds(o))));
        }
        let (Value::Obj(ra), Value::Obj(rb)) = (a, b) else {
            return Ok(None);
        };
        let (oa, ob) = (heap.try_get(ra)?, heap.try_get(rb)?);
        let (x, y): (&[Value], &[Value]) = match (oa, ob) {
            (Object::Str(x), Object::Str(y)) => {
                // UTF-8 byte order is code point order
                return Ok(Some(op.holds(x.as_str().cmp(y.as_str()))));
            }
            (Object::Bytes(x), Object::Bytes(y)) => return Ok(Some(op.holds(x[..].cmp(&y[..])))),
            (Object::Bytes(x), Object::ByteArray(y)) => {
                return Ok(Some(op.holds(x[..].cmp(&y[..]))))
            }
            (Object::ByteArray(x), Object::Bytes(y)) => {
                return Ok(Some(op.holds(x[..].cmp(&y[..]))))
            }
            (Object::ByteArray(x), Object::ByteArray(y)) => {
                return Ok(Some(op.holds(x[..].cmp(&y[..]))))
            }
            (Object::Set(x) | Object::FrozenSet(x), Object::Set(y) | Object::FrozenSet(y)) => {
                let subset = |p: &PySet, q: &PySet| -> VmResult<bool> {
                    if p.len() > q.len() {
                        return Ok(false);
                    }
                    for k in p.hashed_keys() {
                        if q.find(k.hash, Some(k.key), |c| eq(heap, k.key, c, max_depth))?
                            .is_none()
                        {
                            return Ok(false);
                        }
                    }
                    Ok(true)
                };
                return Ok(Some(match op {
                    CmpOp::Lt => x.len() < y.len() && subset(x, y)?,
                    CmpOp::Le => subset(x, y)?,
                    CmpOp::Gt => y.len() < x.len() && subset(y, x)?,
                    _ => subset(y, x)?,
                }));
            }
            (Object::List(x), Object::List(y)) => (x, y),
            (Object::Tuple(x), Object::Tuple(y)) => (x, y),
            _ => return Ok(None),
        };
        // the first index where the elements differ
        let mut i = 0;
        while i < x.len() && i < y.len() && eq(heap, x[i], y[i], max_depth)? {
            i += 1;
        }
        if i >= x.len() || i >= y.len() {
            return Ok(Some(op.holds(x.len().cmp(&y.len()))));
        }
        (a, b) = (x[i], y[i]);
    }
    Err(recursion_error(CMP_RECURSION))
}
