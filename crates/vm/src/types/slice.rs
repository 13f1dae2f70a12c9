//! Methods of `slice` (its `start`, `stop` and `step` attributes are read in `interp/attrs.rs`).

use super::{type_name, util, MethodDef};
use crate::error::{type_error, value_error, VmResult};
use crate::native::Args;
use crate::object::{Object, Slice};
use crate::value::Value;
use crate::Vm;

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
    let len = match crate::interp::ops::index_of(&vm.heap, n) {
        Some(Ok(i)) => i,
        // A length beyond 64 bits: CPython computes with big ints; such sequences cannot exist
        // here, so say so rather than answer wrongly.
        Some(Err(()))
            if crate::interp::ops::int_of(&vm.heap, n)
                .is_some_and(|b| b.sign() == num_bigint::Sign::Minus) =>
        {
            return Err(value_error("length should not be negative"))
        }
        Some(Err(())) => {
            return Err(crate::error::overflow_error(
                "Python int too large to convert to C ssize_t",
            ))
        }
        None => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(&vm.heap, n)
            )))
        }
    };
    if len < 0 {
        return Err(value_error("length should not be negative"));
    }
    let (start, stop, step, _) = crate::interp::ops::slice_indices(&vm.heap, &s, len as usize)?;
    vm.new_tuple(vec![Value::Int(start), Value::Int(stop), Value::Int(step)])
}
