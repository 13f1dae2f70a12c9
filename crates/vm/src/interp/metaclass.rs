//! Container protocols on classes through a metaclass defined in Python: `iter(C)`, `len(C)`,
//! `x in C`, `C[k]` call the metaclass's `__iter__`, `__len__`, `__contains__`, `__getitem__`
//! (what `enum`'s `EnumMeta` relies on).

use crate::object::Object;
use crate::value::Value;
use crate::{Vm, VmResult};

/// The special method `name` of the Python metaclass of class `v`, if `v` is such a class and
/// the metaclass (or a Python base of it) defines it. Cheap for every other value.
#[inline]
pub(crate) fn meta_special(vm: &mut Vm, v: Value, name: &'static str) -> VmResult<Option<Value>> {
    let Some(r) = v.as_obj() else {
        return Ok(None);
    };
    let meta = match vm.heap.get(r) {
        Object::Class(c) => c.meta,
        _ => return Ok(None),
    };
    match meta.as_obj() {
        Some(m) if matches!(vm.heap.get(m), Object::Class(_)) => {
            crate::class::lookup::user_lookup_str(vm, m, name)
        }
        _ => Ok(None),
    }
}

/// Call the metaclass method `f` found by [`meta_special`] with the class first.
pub(crate) fn call(vm: &mut Vm, f: Value, cls: Value, rest: &[Value]) -> VmResult<Value> {
    crate::class::dunder::call_special(vm, f, cls, rest)
}
