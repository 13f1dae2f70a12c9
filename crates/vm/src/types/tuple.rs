//! Methods of `tuple`.

use super::{type_name, util, MethodDef};
use crate::error::VmResult;
use crate::native::Args;
use crate::object::Object;
use crate::value::{ObjRef, Value};
use crate::Vm;

/// The methods of `tuple`.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("index", index),
    MethodDef::new("count", count),
    MethodDef::new("__len__", len),
    MethodDef::new("__contains__", contains),
    MethodDef::new("__getitem__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_getitem(vm, args, "tuple")
    }),
    MethodDef::new("__iter__", |vm: &mut Vm, args: Args<'_>| {
        util::slot_iter(vm, args, "tuple")
    }),
];

/// The receiver, its length and the other arguments.
fn items<'a>(vm: &Vm, args: &Args<'a>, method: &str) -> VmResult<(ObjRef, usize, Args<'a>)> {
    let (this, rest) = util::split_self(args, "tuple", method)?;
    match (this, util::obj(&vm.heap, this)) {
        (Value::Obj(r), Some(Object::Tuple(items))) => Ok((r, items.len(), rest)),
        _ => Err(util::wrong_receiver(
            "tuple",
            method,
            type_name(&vm.heap, this),
        )),
    }
}

fn index(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, _, rest) = items(vm, &args, "index")?;
    super::list::seq_index(vm, r, &rest, "tuple")
}

fn count(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, _, rest) = items(vm, &args, "count")?;
    rest.check_count("tuple.count", 1, 1)?;
    super::list::seq_count(vm, r, rest.positional()[0])
}

fn len(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, n, rest) = items(vm, &args, "__len__")?;
    util::wrapper_count(&rest, "__len__", 0)?;
    Ok(Value::Int(n as i64))
}

fn contains(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (r, _, rest) = items(vm, &args, "__contains__")?;
    util::wrapper_count(&rest, "__contains__", 1)?;
    super::list::seq_contains(vm, r, rest.positional()[0])
}
