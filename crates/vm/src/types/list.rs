//! Methods of `list`.

use super::{receiver_error, type_name, MethodDef};
use crate::error::{index_error, VmResult};
use crate::native::Args;
use crate::object::Object;
use crate::value::Value;
use crate::Vm;

/// The methods of `list`.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("append", append),
    MethodDef::new("pop", pop),
    MethodDef::new("clear", clear),
    MethodDef::new("copy", copy),
];

/// The receiver as a list, or CPython's descriptor TypeError.
fn with_list<R>(
    vm: &mut Vm,
    args: &Args<'_>,
    method: &str,
    f: impl FnOnce(&mut Vec<Value>) -> R,
) -> VmResult<R> {
    let Some((this, _)) = args.split_self() else {
        return Err(crate::error::type_error(format!(
            "unbound method list.{method}() needs an argument"
        )));
    };
    if let Value::Obj(r) = this {
        if let Object::List(items) = vm.heap.get_mut(r) {
            return Ok(f(items));
        }
    }
    Err(receiver_error("list", method, type_name(&vm.heap, this)))
}

fn append(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.check_count("list.append", 1, 1)?;
    let x = rest.positional()[0];
    let grew = with_list(vm, &args, "append", |items| {
        let before = items.capacity();
        items.push(x);
        items.capacity() - before
    })?;
    if grew > 0 {
        vm.heap
            .account((grew * std::mem::size_of::<Value>()) as isize)?;
    }
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.check_count("pop", 0, 1)?;
    let index = match rest.get(0) {
        None => None,
        Some(Value::Int(i)) => Some(i),
        Some(Value::Bool(b)) => Some(i64::from(b)),
        Some(other) => {
            return Err(crate::error::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(&vm.heap, other)
            )))
        }
    };
    with_list(vm, &args, "pop", |items| {
        if items.is_empty() {
            return Err(index_error("pop from empty list"));
        }
        let len = items.len() as i64;
        let i = match index {
            None => len - 1,
            Some(i) if i < 0 => i + len,
            Some(i) => i,
        };
        if i < 0 || i >= len {
            return Err(index_error("pop index out of range"));
        }
        Ok(items.remove(i as usize))
    })?
}

fn clear(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.check_count("list.clear", 0, 0)?;
    with_list(vm, &args, "clear", |items| items.clear())?;
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, rest) = args.split_self().unwrap_or((Value::None, args));
    rest.check_count("list.copy", 0, 0)?;
    let items = with_list(vm, &args, "copy", |items| items.clone())?;
    vm.new_list(items)
}
