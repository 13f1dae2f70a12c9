//! Python `int` semantics.

use crate::error::VmResult;
use crate::heap::Heap;
use crate::object::Object;
use crate::value::Value;
use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// An int value from a big int: inline when it fits `i64`, else a heap big int.
pub fn normalize(heap: &mut Heap, n: BigInt) -> VmResult<Value> {
    match n.to_i64() {
        Some(i) => Ok(Value::Int(i)),
        None => Ok(Value::Obj(heap.alloc(Object::BigInt(n))?)),
    }
}
