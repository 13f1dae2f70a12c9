//! Advancing the builtin iterators ([`IterState`]) without the interpreter.
//!
//! [`next`] handles iteration over lists, tuples, strs, bytes, bytearrays, int ranges, dicts
//! (keys, values, items) and sets. The old sequence protocol (`IterState::GetItem`) calls
//! `__getitem__` and is left to the interpreter.

use crate::error::{internal, type_error, ExcKind, VmError, VmResult};
use crate::heap::Heap;
use crate::object::{IterState, Object, PyStr};
use crate::value::{ObjRef, Value};

/// What a dict iterator yields (the `what` field of [`IterState::Dict`]).
pub mod dict_yields {
    /// keys (also set elements)
    pub const KEYS: u8 = 0;
    /// values
    pub const VALUES: u8 = 1;
    /// `(key, value)` tuples
    pub const ITEMS: u8 = 2;
}

/// A new iterator state over a list, tuple, str, bytes, bytearray, dict (keys), set, frozenset
/// or range with inline bounds; `TypeError: 'int' object is not iterable` for the rest.
pub fn iter_state(heap: &Heap, v: Value) -> VmResult<IterState> {
    let not_iterable = |name: &str| type_error(format!("'{name}' object is not iterable"));
    let Value::Obj(r) = v else {
        return Err(not_iterable(crate::ops::type_name(heap, v)));
    };
    Ok(match heap.try_get(r)? {
        Object::List(_)
        | Object::Tuple(_)
        | Object::Str(_)
        | Object::Bytes(_)
        | Object::ByteArray(_) => IterState::Seq {
            seq: r,
            index: 0,
            byte_pos: 0,
        },
        Object::Dict(d) => IterState::Dict {
            dict: r,
            index: 0,
            len: d.len(),
            version: d.version(),
            what: dict_yields::KEYS,
        },
        Object::DictView(view) => match heap.try_get(view.dict)? {
            Object::Dict(d) => IterState::Dict {
                dict: view.dict,
                index: 0,
                len: d.len(),
                version: d.version(),
                what: view.kind.yields(),
            },
            _ => return Err(internal("a dict view of a non-dict")),
        },
        Object::Set(s) | Object::FrozenSet(s) => IterState::Dict {
            dict: r,
            index: 0,
            len: s.len(),
            version: s.version(),
            what: dict_yields::KEYS,
        },
        Object::Range(rg) => match (rg.start, rg.stop, rg.step) {
            (Value::Int(start), Value::Int(stop), Value::Int(step)) => IterState::Range {
                next: start,
                stop,
                step,
            },
            _ => {
                let get = |v| crate::interp::ops::int_of(heap, v).unwrap_or_default();
                IterState::LongRange(Box::new([get(rg.start), get(rg.stop), get(rg.step)]))
            }
        },
        o => return Err(not_iterable(o.type_name())),
    })
}

/// Advance the iterator object `it`: `Ok(Some(v))`, or `Ok(None)` when exhausted (the
/// interpreter raises StopIteration). May allocate (a 1-char str, an items tuple) without a safe
/// point. Dicts and sets changed during iteration raise CPython's RuntimeError.
pub fn next(heap: &mut Heap, it: ObjRef) -> VmResult<Option<Value>> {
    // A range steps in place, and so does a list or tuple iterator: no copy of the state out
    // of the heap and back.
    if let Object::Iterator(IterState::Range { next, stop, step }) = heap.try_get_mut(it)? {
        return Ok(range_step(next, stop, *step));
    }
    if let Some(item) = next_list_or_tuple(heap, it) {
        return Ok(item);
    }
    let Object::Iterator(state) = heap.try_get(it)? else {
        return Err(type_error(format!(
            "'{}' object is not an iterator",
            heap.try_get(it)?.type_name()
        )));
    };
    let mut state = state.clone();
    let result = step(heap, &mut state);
    let done = matches!(result, Ok(None));
    if let Object::Iterator(s) = heap.try_get_mut(it)? {
        *s = if done { spent(state) } else { state };
    }
    result
}

/// The next item of a list or tuple iterator without copying its state (the loop's fast path):
/// `None` when `it` is another kind of iterator, else what [`next`] would give.
#[inline]
pub(crate) fn next_list_or_tuple(heap: &mut Heap, it: ObjRef) -> Option<Option<Value>> {
    let (seq, index) = match heap.get(it) {
        Object::Iterator(IterState::Seq { seq, index, .. }) => (*seq, *index),
        _ => return None,
    };
    let item = if index == SPENT {
        None
    } else {
        match heap.get(seq) {
            Object::List(v) => v.get(index).copied(),
            Object::Tuple(v) => v.get(index).copied(),
            _ => return None,
        }
    };
    if let Object::Iterator(IterState::Seq { index, .. }) = heap.get_mut(it) {
        *index = if item.is_some() { *index + 1 } else { SPENT };
    }
    Some(item)
}

/// An index marking a sequence or dict iterator as exhausted for good (CPython drops its
/// reference to the container: appending afterwards yields nothing more).
const SPENT: usize = usize::MAX;
/// The `len` marking a reverse dict iterator as exhausted (`usize::MAX` means "broken").
const SPENT_LEN: usize = usize::MAX - 1;

/// The exhausted form of an iterator state: it keeps its kind (so `type(it)` stays
/// `list_iterator`, `dict_keyiterator`, …) and yields nothing more.
fn spent(state: IterState) -> IterState {
    match state {
        IterState::Seq { seq, .. } => IterState::Seq {
            seq,
            index: SPENT,
            byte_pos: 0,
        },
        IterState::Dict {
            dict,
            len,
            version,
            what,
            ..
        } => IterState::Dict {
            dict,
            index: SPENT,
            len,
            version,
            what,
        },
        IterState::DictRev { dict, what, .. } => IterState::DictRev {
            dict,
            left: 0,
            len: SPENT_LEN,
            what,
        },
        s @ (IterState::Range { .. } | IterState::LongRange(_)) => s,
        _ => IterState::Exhausted,
    }
}

/// The next value of an inline-int range iterator, advancing it.
#[inline]
fn range_step(next: &mut i64, stop: &mut i64, step: i64) -> Option<Value> {
    let more = if step > 0 {
        *next < *stop
    } else {
        *next > *stop
    };
    if !more {
        return None;
    }
    let v = *next;
    match next.checked_add(step) {
        Some(n) => *next = n,
        None => *stop = *next, // the next step would overflow: this is the last item
    }
    Some(Value::Int(v))
}

fn step(heap: &mut Heap, state: &mut IterState) -> VmResult<Option<Value>> {
    match state {
        IterState::Exhausted => Ok(None),
        // These call back into Python: the interpreter advances them (`builtins::iter_next_ext`).
        IterState::GetItem { .. }
        | IterState::Enumerate { .. }
        | IterState::Zip { .. }
        | IterState::Map { .. }
        | IterState::Filter { .. }
        | IterState::Reversed { .. }
        | IterState::Call { .. } => Err(internal(
            "this iterator needs the interpreter (advance it with Vm::next)",
        )),
        IterState::DictRev {
            dict,
            left,
            len,
            what,
        } => {
            if *len == SPENT_LEN {
                return Ok(None);
            }
            let Object::Dict(d) = heap.try_get(*dict)? else {
                return Err(internal("dict iterator over a non-dict"));
            };
            if d.len() != *len {
                *len = usize::MAX; // stay broken, as CPython
                return Err(VmError::new(
                    ExcKind::RuntimeError,
                    "dictionary changed size during iteration",
                ));
            }
            let Some((j, k, &v)) = d.prev_live(*left) else {
                *left = 0;
                return Ok(None);
            };
            *left = j;
            Ok(Some(match *what {
                dict_yields::VALUES => v,
                dict_yields::ITEMS => Value::Obj(heap.alloc(Object::Tuple(Box::new([k, v])))?),
                _ => k,
            }))
        }
        IterState::LongRange(st) => {
            let [next, stop, step] = &mut **st;
            let more = if step.sign() == num_bigint::Sign::Minus {
                *next > *stop
            } else {
                *next < *stop
            };
            if !more {
                return Ok(None);
            }
            let v = next.clone();
            *next += &*step;
            crate::interp::ops::big(heap, v).map(Some)
        }
        IterState::Range { next, stop, step } => Ok(range_step(next, stop, *step)),
        IterState::Seq {
            seq,
            index,
            byte_pos,
        } => {
            if *index == SPENT {
                return Ok(None);
            }
            let item = match heap.try_get(*seq)? {
                Object::List(v) => v.get(*index).copied(),
                Object::Tuple(v) => v.get(*index).copied(),
                Object::Bytes(b) => b.get(*index).map(|&x| Value::Int(x.into())),
                Object::ByteArray(b) => b.get(*index).map(|&x| Value::Int(x.into())),
                Object::Str(s) => {
                    let Some(c) = s.as_str()[*byte_pos..].chars().next() else {
                        return Ok(None);
                    };
                    *byte_pos += c.len_utf8();
                    *index += 1;
                    let r = heap.alloc(Object::Str(PyStr::new(c.to_string())))?;
                    return Ok(Some(Value::Obj(r)));
                }
                _ => return Err(internal("sequence iterator over a non-sequence")),
            };
            if item.is_some() {
                *index += 1;
            }
            Ok(item)
        }
        IterState::Dict {
            dict,
            index,
            len,
            version,
            what,
        } => {
            if *index == SPENT {
                return Ok(None);
            }
            let (is_set, cur_len, cur_version, entry) = match heap.try_get(*dict)? {
                Object::Dict(d) => {
                    // Positions, not entries: skip the dead ones.
                    let next = d.next_live(*index);
                    if let Some((j, _, _)) = next {
                        *index = j;
                    }
                    (false, d.len(), d.version(), next.map(|(_, k, &v)| (k, v)))
                }
                Object::Set(s) | Object::FrozenSet(s) => {
                    // Slots, not entries: skip the empty ones as CPython's set iterator does.
                    let next = s.next_active(*index);
                    if let Some((j, _)) = next {
                        *index = j;
                    }
                    (
                        true,
                        s.len(),
                        s.version(),
                        next.map(|(_, k)| (k, Value::None)),
                    )
                }
                _ => return Err(internal("dict iterator over a non-dict")),
            };
            if cur_len != *len {
                *len = usize::MAX; // stay broken, as CPython
                return Err(VmError::new(
                    ExcKind::RuntimeError,
                    if is_set {
                        "Set changed size during iteration"
                    } else {
                        "dictionary changed size during iteration"
                    },
                ));
            }
            if cur_version != *version && !is_set {
                return Err(VmError::new(
                    ExcKind::RuntimeError,
                    "dictionary keys changed during iteration",
                ));
            }
            let Some((k, v)) = entry else {
                return Ok(None);
            };
            *index += 1;
            Ok(Some(match *what {
                dict_yields::VALUES => v,
                dict_yields::ITEMS => Value::Obj(heap.alloc(Object::Tuple(Box::new([k, v])))?),
                _ => k,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ops, Vm};

    fn collect(vm: &mut Vm, v: Value) -> VmResult<String> {
        let st = iter_state(&vm.heap, v)?;
        let it = vm.heap.alloc(Object::Iterator(st))?;
        let mut items = Vec::new();
        while let Some(x) = next(&mut vm.heap, it)? {
            items.push(x);
        }
        assert_eq!(next(&mut vm.heap, it)?, None, "stays exhausted");
        let l = vm.new_list(items)?;
        crate::repr::repr(&vm.heap, l, 100)
    }

    #[test]
    fn iterate_builtins() {
        // expected values printed by python3: list(x) for each x
        let mut vm = Vm::default();
        let s = vm.new_str("aé😀").unwrap();
        assert_eq!(collect(&mut vm, s).unwrap(), "['a', 'é', '😀']");
        let b = Value::Obj(vm.heap.alloc(Object::Bytes(b"hi".to_vec().into())).unwrap());
        assert_eq!(collect(&mut vm, b).unwrap(), "[104, 105]");
        let t = vm.new_tuple(vec![Value::Int(1), Value::None]).unwrap();
        assert_eq!(collect(&mut vm, t).unwrap(), "[1, None]");
        let r = Value::Obj(
            vm.heap
                .alloc(Object::Range(crate::object::Range {
                    start: Value::Int(10),
                    stop: Value::Int(0),
                    step: Value::Int(-3),
                }))
                .unwrap(),
        );
        assert_eq!(collect(&mut vm, r).unwrap(), "[10, 7, 4, 1]");
        let r = Value::Obj(
            vm.heap
                .alloc(Object::Range(crate::object::Range {
                    start: Value::Int(i64::MAX - 2),
                    stop: Value::Int(i64::MAX),
                    step: Value::Int(5),
                }))
                .unwrap(),
        );
        assert_eq!(collect(&mut vm, r).unwrap(), "[9223372036854775805]");
        let d = vm.new_dict().unwrap();
        let k = vm.new_str("k").unwrap();
        ops::dict_set(&mut vm.heap, d.as_obj().unwrap(), k, Value::Int(1)).unwrap();
        ops::dict_set(
            &mut vm.heap,
            d.as_obj().unwrap(),
            Value::Int(2),
            Value::Int(3),
        )
        .unwrap();
        assert_eq!(collect(&mut vm, d).unwrap(), "['k', 2]");
        let st = IterState::Dict {
            dict: d.as_obj().unwrap(),
            index: 0,
            len: 2,
            version: 2,
            what: dict_yields::ITEMS,
        };
        let it = vm.heap.alloc(Object::Iterator(st)).unwrap();
        let first = next(&mut vm.heap, it).unwrap().unwrap();
        assert_eq!(crate::repr::repr(&vm.heap, first, 10).unwrap(), "('k', 1)");
    }

    #[test]
    fn dict_changed_during_iteration() {
        let mut vm = Vm::default();
        let d = vm.new_dict().unwrap();
        let dr = d.as_obj().unwrap();
        ops::dict_set(&mut vm.heap, dr, Value::Int(1), Value::Int(2)).unwrap();
        let st = iter_state(&vm.heap, d).unwrap();
        let it = vm.heap.alloc(Object::Iterator(st)).unwrap();
        next(&mut vm.heap, it).unwrap();
        ops::dict_set(&mut vm.heap, dr, Value::Int(2), Value::Int(0)).unwrap();
        let e = next(&mut vm.heap, it).unwrap_err();
        assert_eq!(
            e.message(),
            Some("dictionary changed size during iteration")
        );
        // same size, different keys
        let d = vm.new_dict().unwrap();
        let dr = d.as_obj().unwrap();
        ops::dict_set(&mut vm.heap, dr, Value::Int(1), Value::Int(2)).unwrap();
        ops::dict_set(&mut vm.heap, dr, Value::Int(3), Value::Int(4)).unwrap();
        let st = iter_state(&vm.heap, d).unwrap();
        let it = vm.heap.alloc(Object::Iterator(st)).unwrap();
        next(&mut vm.heap, it).unwrap();
        ops::dict_del(&mut vm.heap, dr, Value::Int(3)).unwrap();
        ops::dict_set(&mut vm.heap, dr, Value::Int(5), Value::Int(6)).unwrap();
        let e = next(&mut vm.heap, it).unwrap_err();
        assert_eq!(
            e.message(),
            Some("dictionary keys changed during iteration")
        );
        // a set
        let s = Value::Obj(vm.heap.alloc(Object::Set(crate::PySet::new())).unwrap());
        ops::set_add(&mut vm.heap, s.as_obj().unwrap(), Value::Int(1)).unwrap();
        let st = iter_state(&vm.heap, s).unwrap();
        let it = vm.heap.alloc(Object::Iterator(st)).unwrap();
        next(&mut vm.heap, it).unwrap();
        ops::set_add(&mut vm.heap, s.as_obj().unwrap(), Value::Int(2)).unwrap();
        let e = next(&mut vm.heap, it).unwrap_err();
        assert_eq!(e.message(), Some("Set changed size during iteration"));
        let e = iter_state(&vm.heap, Value::Int(3)).unwrap_err();
        assert_eq!(e.message(), Some("'int' object is not iterable"));
    }
}
