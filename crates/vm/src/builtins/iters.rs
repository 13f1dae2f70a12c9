//! The iterator builtins: `enumerate`, `zip`, `map`, `filter`, `reversed`.

use super::iter_state;
use crate::error::{type_error, VmResult};
use crate::interp::ops;
use crate::native::Args;
use crate::object::{IterState, Object};
use crate::types::type_name;
use crate::value::{ObjRef, Value};
use crate::Vm;

fn new_iter(vm: &mut Vm, s: IterState) -> VmResult<Value> {
    Ok(Value::Obj(vm.heap.alloc(Object::Iterator(s))?))
}

pub(super) fn enumerate(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [it, start] = args.bind(&vm.heap, "enumerate", ["iterable", "start"], 0, 2, 1)?;
    let it = ops::get_iter(vm, it.unwrap_or(Value::None))?;
    let count = start.unwrap_or(Value::Int(0));
    if ops::int_of(&vm.heap, count).is_none() {
        return Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(&vm.heap, count)
        )));
    }
    new_iter(vm, IterState::Enumerate { it, count })
}

fn iters_of(vm: &mut Vm, vals: &[Value]) -> VmResult<Box<[Value]>> {
    let mut its = Vec::with_capacity(vals.len());
    for &v in vals {
        let it = ops::get_iter(vm, v)?;
        its.push(it);
    }
    Ok(its.into())
}

pub(super) fn zip(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let mut strict = false;
    for (k, v) in args.kwargs(&vm.heap) {
        if k != "strict" {
            return Err(type_error(format!(
                "zip() got an unexpected keyword argument '{k}'"
            )));
        }
        strict = ops::truthy(&vm.heap, v);
    }
    let its = iters_of(vm, args.positional())?;
    new_iter(vm, IterState::Zip { its, strict })
}

pub(super) fn map(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.no_kwargs("map")?;
    if args.len() < 2 {
        return Err(type_error("map() must have at least two arguments."));
    }
    let func = args.positional()[0];
    let its = iters_of(vm, &args.positional()[1..])?;
    new_iter(vm, IterState::Map { func, its })
}

pub(super) fn filter(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("filter", 2, 2)?;
    let func = args.positional()[0];
    let it = ops::get_iter(vm, args.positional()[1])?;
    new_iter(vm, IterState::Filter { func, it })
}

pub(super) fn reversed(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("reversed", 1, 1)?;
    let seq = args.positional()[0];
    if crate::class::is_user_object(vm, seq) {
        use crate::class::dunder;
        if let Some(f) = dunder::special(vm, seq, "__reversed__")? {
            return dunder::call_special(vm, f, seq, &[]);
        }
        // The sequence protocol: `__len__` and `__getitem__` (or a builtin payload).
        let has_getitem = dunder::special(vm, seq, "__getitem__")?.is_some();
        let payload = crate::class::instantiate::payload_of(vm, seq);
        if has_getitem || !payload.is(seq) {
            let n = ops::len_vm(vm, seq)?;
            return new_iter(vm, IterState::Reversed { seq, left: n });
        }
        return Err(type_error(format!(
            "'{}' object is not reversible",
            type_name(&vm.heap, seq)
        )));
    }
    let heap = &vm.heap;
    let n = match seq.as_obj().map(|r| heap.get(r)) {
        Some(
            Object::List(_)
            | Object::Tuple(_)
            | Object::Str(_)
            | Object::Range(_)
            | Object::Bytes(_),
        ) => ops::len(heap, seq)?,
        Some(Object::Dict(d)) => {
            let (Some(dict), len, slots) = (seq.as_obj(), d.len(), d.slots()) else {
                unreachable!()
            };
            return new_iter(
                vm,
                IterState::DictRev {
                    dict,
                    left: slots,
                    len,
                    what: crate::iter::dict_yields::KEYS,
                },
            );
        }
        Some(Object::DictView(w)) => {
            let (dict, what) = (w.dict, w.kind.yields());
            let (len, slots) = match heap.get(dict) {
                Object::Dict(d) => (d.len(), d.slots()),
                _ => (0, 0),
            };
            return new_iter(
                vm,
                IterState::DictRev {
                    dict,
                    left: slots,
                    len,
                    what,
                },
            );
        }
        _ => {
            return Err(type_error(format!(
                "'{}' object is not reversible",
                type_name(heap, seq)
            )))
        }
    };
    new_iter(vm, IterState::Reversed { seq, left: n })
}

/// `iter(callable, sentinel)`: a `callable_iterator`.
pub(super) fn call_iter(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.no_kwargs("iter")?;
    let [func, sentinel] = args.fixed::<2>();
    // The `callable` builtin decides, so this follows it when classes make instances callable.
    let callable = super::callable(vm, Args::new(&[func], &[]))?;
    if !ops::truthy(&vm.heap, callable) {
        return Err(type_error("iter(v, w): v must be callable"));
    }
    new_iter(vm, IterState::Call { func, sentinel })
}

/// Mark iterator `r` exhausted, keeping its kind (`type(m).__name__` stays `'map'`, as in
/// CPython): the state becomes one that yields nothing and holds nothing. Enumerate and filter
/// keep their exhausted source, which yields nothing more.
fn exhaust(vm: &mut Vm, r: ObjRef) {
    let empty = match vm.heap.get(r) {
        Object::Iterator(IterState::Map { .. }) => IterState::Map {
            func: Value::None,
            its: Box::new([]),
        },
        Object::Iterator(IterState::Zip { .. }) => IterState::Zip {
            its: Box::new([]),
            strict: false,
        },
        // Keeps its sequence so that its type (list_reverseiterator, …) stays.
        Object::Iterator(IterState::Reversed { seq, .. }) => {
            IterState::Reversed { seq: *seq, left: 0 }
        }
        Object::Iterator(IterState::Call { .. }) => IterState::Call {
            func: Value::None,
            sentinel: Value::None,
        },
        Object::Iterator(IterState::Enumerate { .. } | IterState::Filter { .. }) => return,
        _ => IterState::Exhausted,
    };
    set_state(vm, r, empty);
}

fn set_state(vm: &mut Vm, r: ObjRef, s: IterState) {
    if let Object::Iterator(st) = vm.heap.get_mut(r) {
        *st = s;
    }
}

/// `next()` of the iterator kinds above (called by `ops::iter_next`).
pub(crate) fn iter_next_ext(vm: &mut Vm, r: ObjRef, state: IterState) -> VmResult<Option<Value>> {
    match state {
        IterState::Enumerate { it, count } => match ops::iter_next(vm, it)? {
            None => {
                exhaust(vm, r);
                Ok(None)
            }
            Some(v) => {
                let next = match count {
                    Value::Int(i) if i < i64::MAX => Value::Int(i + 1),
                    other => {
                        let b = ops::int_of(&vm.heap, other).unwrap_or_default() + 1;
                        ops::big(&mut vm.heap, b)?
                    }
                };
                if let Some(IterState::Enumerate { count: c, .. }) = iter_state_mut(vm, r) {
                    *c = next;
                }
                Ok(Some(vm.new_tuple(vec![count, v])?))
            }
        },
        IterState::Filter { func, it } => loop {
            let Some(v) = ops::iter_next(vm, it)? else {
                exhaust(vm, r);
                return Ok(None);
            };
            let keep = if func.is_none() {
                ops::truthy(&vm.heap, v)
            } else {
                vm.push_temp_root(v);
                let t = vm.call(func, &[v]);
                vm.pop_temp_root();
                let t = t?;
                ops::truthy(&vm.heap, t)
            };
            if keep {
                return Ok(Some(v));
            }
        },
        IterState::Reversed { seq, left } => {
            if left == 0 {
                exhaust(vm, r);
                return Ok(None);
            }
            let i = left - 1;
            // A user sequence answers its own length; a builtin one may have shrunk.
            let len = if crate::class::is_user_object(vm, seq) {
                left
            } else {
                ops::len(&vm.heap, seq)?
            };
            if i >= len {
                exhaust(vm, r);
                return Ok(None);
            }
            let v = ops::getitem(vm, seq, Value::Int(i as i64))?;
            set_state(vm, r, IterState::Reversed { seq, left: i });
            Ok(Some(v))
        }
        IterState::Call { func, sentinel } => {
            if func.is_none() {
                return Ok(None); // exhausted
            }
            let v = vm.call(func, &[])?;
            if v.is(sentinel) || ops::eq_vm(vm, sentinel, v)? {
                exhaust(vm, r);
                return Ok(None);
            }
            Ok(Some(v))
        }
        _ => Ok(None),
    }
}

fn iter_state_mut(vm: &mut Vm, r: ObjRef) -> Option<&mut IterState> {
    let _ = iter_state;
    match vm.heap.get_mut(r) {
        Object::Iterator(s) => Some(s),
        _ => None,
    }
}

/// The `i`-th underlying iterator of a zip/map object, and (for map) its function.
fn zip_map_part(vm: &Vm, r: ObjRef, i: usize) -> Option<(Value, Option<Value>)> {
    match vm.heap.get(r) {
        Object::Iterator(IterState::Zip { its, .. }) => its.get(i).map(|&it| (it, None)),
        Object::Iterator(IterState::Map { func, its }) => its.get(i).map(|&it| (it, Some(*func))),
        _ => None,
    }
}

/// `next()` of zip and map objects: reads the underlying iterators in place (no copy of the
/// state per item); the items gathered so far are kept in a rooted list while iterators that
/// call back into Python run.
pub(crate) fn iter_next_zip_map(vm: &mut Vm, r: ObjRef) -> VmResult<Option<Value>> {
    let (n, func, strict) = match vm.heap.get(r) {
        Object::Iterator(IterState::Zip { its, strict }) => (its.len(), None, *strict),
        Object::Iterator(IterState::Map { func, its }) => (its.len(), Some(*func), false),
        _ => return Ok(None),
    };
    if n == 0 {
        return Ok(None);
    }
    if n == 1 && !strict {
        let Some((it, _)) = zip_map_part(vm, r, 0) else {
            return Ok(None);
        };
        let Some(v) = ops::iter_next(vm, it)? else {
            exhaust(vm, r);
            return Ok(None);
        };
        return match func {
            Some(f) => {
                vm.push_temp_root(v);
                let out = vm.call(f, &[v]);
                vm.pop_temp_root();
                out.map(Some)
            }
            None => Ok(Some(vm.new_tuple(vec![v])?)),
        };
    }
    let holder = vm.new_list(Vec::with_capacity(n))?;
    vm.push_temp_root(holder);
    let hr = holder.as_obj().expect("list");
    let result = (|| {
        for i in 0..n {
            let Some((it, _)) = zip_map_part(vm, r, i) else {
                return Ok(None);
            };
            match ops::iter_next(vm, it)? {
                Some(v) => {
                    if let Object::List(l) = vm.heap.get_mut(hr) {
                        l.push(v);
                    }
                }
                None => {
                    if strict {
                        if i > 0 {
                            exhaust(vm, r);
                            return Err(crate::error::value_error(format!(
                                "zip() argument {} is shorter than argument{} 1{}",
                                i + 1,
                                if i == 1 { "" } else { "s" },
                                if i == 1 {
                                    String::new()
                                } else {
                                    format!("-{i}")
                                }
                            )));
                        }
                        for j in 1..n {
                            let Some((it, _)) = zip_map_part(vm, r, j) else {
                                break;
                            };
                            if ops::iter_next(vm, it)?.is_some() {
                                exhaust(vm, r);
                                return Err(crate::error::value_error(format!(
                                    "zip() argument {} is longer than argument{} 1{}",
                                    j + 1,
                                    if j == 1 { "" } else { "s" },
                                    if j == 1 {
                                        String::new()
                                    } else {
                                        format!("-{j}")
                                    }
                                )));
                            }
                        }
                    }
                    exhaust(vm, r);
                    return Ok(None);
                }
            }
        }
        let items = match vm.heap.get(hr) {
            Object::List(l) => l.clone(),
            _ => vec![],
        };
        match func {
            Some(f) => Ok(Some(vm.call(f, &items)?)),
            None => Ok(Some(vm.new_tuple(items)?)),
        }
    })();
    vm.pop_temp_root();
    result
}
