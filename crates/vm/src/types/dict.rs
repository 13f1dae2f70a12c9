//! Methods of `dict`.

use super::{receiver_error, type_name, MethodDef};
use crate::error::VmResult;
use crate::interp::ops;
use crate::native::Args;
use crate::object::Object;
use crate::value::{ObjRef, Value};
use crate::Vm;

/// The methods of `dict`.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("get", get),
    MethodDef::new("keys", keys),
    MethodDef::new("values", values),
    MethodDef::new("items", items),
    MethodDef::new("pop", pop),
    MethodDef::new("setdefault", setdefault),
    MethodDef::new("update", update),
    MethodDef::new("copy", copy),
    MethodDef::new("clear", clear),
    MethodDef::new("popitem", popitem),
];

/// The receiver (a dict) and the other arguments.
fn this<'a>(vm: &Vm, args: &Args<'a>, method: &str) -> VmResult<(ObjRef, Args<'a>)> {
    let Some((recv, rest)) = args.split_self() else {
        return Err(crate::error::type_error(format!(
            "unbound method dict.{method}() needs an argument"
        )));
    };
    match recv.as_obj().map(|r| (r, vm.heap.get(r))) {
        Some((r, Object::Dict(_))) => Ok((r, rest)),
        _ => Err(receiver_error("dict", method, type_name(&vm.heap, recv))),
    }
}

fn get(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "get")?;
    rest.expect_count("get", 1, 2)?;
    let [key, default] = rest.fixed::<2>();
    Ok(ops::dict_get(&vm.heap, d, key)?.unwrap_or(default))
}

/// `keys()`/`values()`/`items()` return lists (dict views are not implemented yet).
fn view(vm: &mut Vm, args: Args<'_>, what: u8, name: &str) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, name)?;
    rest.check_count(&format!("dict.{name}"), 0, 0)?;
    let pairs: Vec<(Value, Value)> = match vm.heap.get(d) {
        Object::Dict(dict) => dict.iter().map(|(k, v)| (k, *v)).collect(),
        _ => vec![],
    };
    let mut out = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        out.push(match what {
            0 => k,
            1 => v,
            _ => vm.new_tuple(vec![k, v])?,
        });
    }
    vm.new_list(out)
}

fn keys(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    view(vm, args, 0, "keys")
}

fn values(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    view(vm, args, 1, "values")
}

fn items(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    view(vm, args, 2, "items")
}

fn pop(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "pop")?;
    rest.expect_count("pop", 1, 2)?;
    let [key, default] = rest.fixed::<2>();
    match ops::dict_del(vm, d, key)? {
        Some(v) => Ok(v),
        None if rest.len() == 2 => Ok(default),
        None => Err(ops::key_error(vm, key)),
    }
}

fn popitem(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "popitem")?;
    rest.check_count("dict.popitem", 0, 0)?;
    let last = match vm.heap.get_mut(d) {
        Object::Dict(dict) => dict.pop_last(),
        _ => None,
    };
    match last {
        Some((k, v)) => vm.new_tuple(vec![k, v]),
        None => Err(crate::error::VmError::new(
            crate::ExcKind::KeyError,
            "'popitem(): dictionary is empty'",
        )),
    }
}

fn setdefault(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "setdefault")?;
    rest.expect_count("setdefault", 1, 2)?;
    let [key, default] = rest.fixed::<2>();
    if let Some(v) = ops::dict_get(&vm.heap, d, key)? {
        return Ok(v);
    }
    ops::dict_set(vm, d, key, default)?;
    Ok(default)
}

fn update(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "update")?;
    if rest.len() > 1 {
        return Err(crate::error::type_error(format!(
            "update expected at most 1 argument, got {}",
            rest.len()
        )));
    }
    if let Some(src) = rest.get(0) {
        crate::builtins::dict_update_from(vm, d, src)?;
    }
    for (&k, &v) in rest.kwnames().iter().zip(rest.kwvalues()) {
        ops::dict_set(vm, d, k, v)?;
    }
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "copy")?;
    rest.check_count("dict.copy", 0, 0)?;
    let c = match vm.heap.get(d) {
        Object::Dict(dict) => dict.clone(),
        _ => crate::PyDict::new(),
    };
    Ok(Value::Obj(vm.heap.alloc(Object::Dict(c))?))
}

fn clear(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (d, rest) = this(vm, &args, "clear")?;
    rest.check_count("dict.clear", 0, 0)?;
    if let Object::Dict(dict) = vm.heap.get_mut(d) {
        dict.clear();
    }
    Ok(Value::None)
}
