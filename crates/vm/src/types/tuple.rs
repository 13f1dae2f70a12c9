//! Methods of `tuple`.

use super::{receiver_error, type_name, util, MethodDef};
use crate::error::VmResult;
use crate::native::Args;
use crate::object::Object;
use crate::value::Value;
use crate::Vm;

/// The methods of `tuple`.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("index", index),
    MethodDef::new("count", count),
    MethodDef::new("__len__", len),
    MethodDef::new("__contains__", contains),
];

/// The receiver's items (borrowed) and the other arguments.
fn items<'a, 'h>(vm: &'h Vm, args: &Args<'a>, method: &str) -> VmResult<(&'h [Value], Args<'a>)> {
    let (this, rest) = util::split_self(args, "tuple", method)?;
    match util::obj(&vm.heap, this) {
        Some(Object::Tuple(items)) => Ok((items, rest)),
        _ => Err(receiver_error("tuple", method, type_name(&vm.heap, this))),
    }
}

fn index(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (items, rest) = items(vm, &args, "index")?;
    super::list::seq_index(vm, items, &rest, "tuple")
}

fn count(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (items, rest) = items(vm, &args, "count")?;
    rest.check_count("tuple.count", 1, 1)?;
    super::list::seq_count(vm, items, rest.positional()[0])
}

fn len(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (items, rest) = items(vm, &args, "__len__")?;
    util::wrapper_count(&rest, "__len__", 0)?;
    Ok(Value::Int(items.len() as i64))
}

fn contains(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (items, rest) = items(vm, &args, "__contains__")?;
    util::wrapper_count(&rest, "__contains__", 1)?;
    let x = rest.positional()[0];
    for &item in items {
        if util::eq(vm, item, x)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}
