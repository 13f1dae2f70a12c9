//! Methods of `slice` (its `start`, `stop` and `step` attributes are read in `interp/attrs.rs`).

use super::{type_name, util, MethodDef};
use crate::error::{type_error, value_error, VmResult};
use crate::native::Args;
use crate::object::{Object, Slice};
use crate::value::Value;
use crate::Vm;
use num_bigint::{BigInt, Sign};

/// The methods of `slice`.
pub static METHODS: &[MethodDef] = &[MethodDef::new("indices", indices)];

/// `slice.indices(length)`: the `(start, stop, step)` that `range` needs to walk the indices the
/// slice selects in a sequence of that length (None filled in, negatives resolved, clamped).
fn indices(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (v, rest) = util::split_self(&args, "slice", "indices")?;
    let s: Slice = match util::obj(&vm.heap, v) {
        Some(Object::Slice(s)) => *s,
        _ => {
            return Err(util::wrong_receiver(
                "slice",
                "indices",
                type_name(&vm.heap, v),
            ))
        }
    };
    rest.check_count("slice.indices", 1, 1)?;
    let n = rest.positional()[0];
    let Some(len) = index_value(&vm.heap, n) else {
        return Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(&vm.heap, n)
        )));
    };
    if len.sign() == Sign::Minus {
        return Err(value_error("length should not be negative"));
    }
    let (start, stop, step) = big_indices(&vm.heap, &s, &len)?;
    let start = crate::interp::ops::big(&mut vm.heap, start)?;
    let stop = crate::interp::ops::big(&mut vm.heap, stop)?;
    let step = crate::interp::ops::big(&mut vm.heap, step)?;
    vm.new_tuple(vec![start, stop, step])
}

/// The int value of an index (ints and bools), as a big int.
pub(crate) fn index_value(heap: &crate::heap::Heap, v: Value) -> Option<BigInt> {
    match v {
        Value::Bool(b) => Some(BigInt::from(i64::from(b))),
        _ => crate::interp::ops::int_of(heap, v),
    }
}

/// CPython's `_PySlice_GetLongIndices`: the slice's start, stop and step for a sequence of
/// length `len`, in big ints (None filled in, negatives counted from the end, clamped).
pub(crate) fn big_indices(
    heap: &crate::heap::Heap,
    s: &Slice,
    len: &BigInt,
) -> VmResult<(BigInt, BigInt, BigInt)> {
    let field = |v: Value| -> VmResult<Option<BigInt>> {
        if v.is_none() {
            return Ok(None);
        }
        index_value(heap, v).map(Some).ok_or_else(|| {
            type_error("slice indices must be integers or None or have an __index__ method")
        })
    };
    let zero = BigInt::from(0);
    let step = field(s.step)?.unwrap_or_else(|| BigInt::from(1));
    if step == zero {
        return Err(value_error("slice step cannot be zero"));
    }
    let neg = step < zero;
    let (lower, upper) = if neg {
        (BigInt::from(-1), len - 1)
    } else {
        (zero.clone(), len.clone())
    };
    let clamp = |v: Option<BigInt>, default: &BigInt| match v {
        None => default.clone(),
        Some(i) if i < zero => (i + len).max(lower.clone()),
        Some(i) => i.min(upper.clone()),
    };
    let start = clamp(field(s.start)?, if neg { &upper } else { &lower });
    let stop = clamp(field(s.stop)?, if neg { &lower } else { &upper });
    Ok((start, stop, step))
}
