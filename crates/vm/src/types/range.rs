//! Methods of `range`.

use super::{type_name, util, MethodDef};
use crate::error::{value_error, VmResult};
use crate::native::Args;
use crate::numeric::int::Int;
use crate::object::{Object, Range};
use crate::value::Value;
use crate::Vm;

/// The methods of `range`.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("index", index),
    MethodDef::new("count", count),
    MethodDef::new("__len__", len),
    MethodDef::new("__contains__", contains),
    MethodDef::new("__getitem__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_getitem(vm, args, "range")
    }),
    MethodDef::new("__iter__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_iter(vm, args, "range")
    }),
];

fn this<'a>(vm: &Vm, args: &Args<'a>, method: &str) -> VmResult<(Range, Args<'a>)> {
    let (v, rest) = util::split_self(args, "range", method)?;
    match util::obj(&vm.heap, v) {
        Some(Object::Range(r)) => Ok((*r, rest)),
        _ => Err(util::wrong_receiver(
            "range",
            method,
            type_name(&vm.heap, v),
        )),
    }
}

/// The position of `x` in the range, for ints (and floats equal to one), `None` when absent.
fn position(vm: &Vm, r: &Range, x: Value) -> VmResult<Option<Int>> {
    let heap = &vm.heap;
    let n = match x {
        Value::Float(f) if f.is_finite() && f.fract() == 0.0 => Int::from_f64(f)?,
        v => match Int::from_value(heap, v) {
            Some(n) => n,
            None => return Ok(None),
        },
    };
    let get = |v| util::int_arg(heap, v);
    let (start, stop, step) = (get(r.start)?, get(r.stop)?, get(r.step)?);
    let len = crate::ops::range_len(&start, &stop, &step);
    let off = n.sub(&start);
    let (q, rem) = off.divmod(&step)?;
    if !rem.is_zero() || q.is_negative() || q.cmp_int(&len) != std::cmp::Ordering::Less {
        return Ok(None);
    }
    Ok(Some(q))
}

fn index(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, rest) = this(vm, &args, "index")?;
    rest.check_count("range.index", 1, 1)?;
    let x = rest.positional()[0];
    match position(vm, &r, x)? {
        Some(i) => i.into_value(&mut vm.heap),
        None if Int::from_value(&vm.heap, x).is_some() => Err(value_error(format!(
            "{} is not in range",
            util::repr(vm, x)?
        ))),
        None => Err(value_error("sequence.index(x): x not in sequence")),
    }
}

fn count(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, rest) = this(vm, &args, "count")?;
    rest.check_count("range.count", 1, 1)?;
    Ok(Value::Int(i64::from(
        position(vm, &r, rest.positional()[0])?.is_some(),
    )))
}

fn contains(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, rest) = this(vm, &args, "__contains__")?;
    util::wrapper_count(&rest, "__contains__", 1)?;
    Ok(Value::Bool(
        position(vm, &r, rest.positional()[0])?.is_some(),
    ))
}

fn len(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, rest) = this(vm, &args, "__len__")?;
    util::wrapper_count(&rest, "__len__", 0)?;
    let get = |v| util::int_arg(&vm.heap, v);
    let n = crate::ops::range_len(&get(r.start)?, &get(r.stop)?, &get(r.step)?);
    n.into_value(&mut vm.heap)
}

/// `range[key]` with arbitrary ints: an index (negative counts from the end) or a slice (a new
/// range, as CPython's `compute_slice`), so `range(10**20)[-1]` and `range(0, 10**20, 3)[5:]`
/// work as in CPython.
pub(crate) fn subscript(vm: &mut Vm, rg: Range, key: Value) -> VmResult<Value> {
    use crate::interp::ops::{big, int_of};
    use num_bigint::BigInt;
    let heap = &vm.heap;
    let (start, stop, step) = (
        int_of(heap, rg.start).unwrap_or_default(),
        int_of(heap, rg.stop).unwrap_or_default(),
        int_of(heap, rg.step).unwrap_or_default(),
    );
    let len = big_len(&start, &stop, &step);
    if let Some(i) = super::slice::index_value(heap, key) {
        let i = if i < BigInt::from(0) { i + &len } else { i };
        if i < BigInt::from(0) || i >= len {
            return Err(crate::error::index_error("range object index out of range"));
        }
        return big(&mut vm.heap, start + step * i);
    }
    if let Some(Object::Slice(s)) = util::obj(heap, key) {
        let s = *s;
        let (sstart, sstop, sstep) = super::slice::big_indices(heap, &s, &len)?;
        let a = big(&mut vm.heap, &start + &step * sstart)?;
        let b = big(&mut vm.heap, &start + &step * sstop)?;
        let c = big(&mut vm.heap, step * sstep)?;
        return Ok(Value::Obj(vm.heap.alloc(Object::Range(Range {
            start: a,
            stop: b,
            step: c,
        }))?));
    }
    Err(crate::error::type_error(format!(
        "range indices must be integers or slices, not {}",
        type_name(heap, key)
    )))
}

/// The length of a range, in big ints.
fn big_len(
    start: &num_bigint::BigInt,
    stop: &num_bigint::BigInt,
    step: &num_bigint::BigInt,
) -> num_bigint::BigInt {
    use num_bigint::BigInt;
    let zero = BigInt::from(0);
    let (lo, hi, st) = if *step < zero {
        (stop.clone(), start.clone(), -step.clone())
    } else {
        (start.clone(), stop.clone(), step.clone())
    };
    if lo >= hi || st == zero {
        return zero;
    }
    (hi - lo - 1) / st + 1
}
