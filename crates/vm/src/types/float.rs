//! Methods of `float`.
//!
//! `real` and `imag` are attributes (the interpreter's attribute lookup: `real` → the float,
//! `imag` → 0.0).

use super::{type_name, util, MethodDef};
use crate::error::{type_error, VmResult};
use crate::native::Args;
use crate::numeric::float as f;
use crate::value::Value;
use crate::Vm;

/// The methods of `float`.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("is_integer", is_integer),
    MethodDef::new("as_integer_ratio", as_integer_ratio),
    MethodDef::new("hex", hex),
    MethodDef::new("fromhex", fromhex_method),
    MethodDef::new("conjugate", conjugate),
];

fn this<'a>(vm: &Vm, args: &Args<'a>, method: &str) -> VmResult<(f64, Args<'a>)> {
    let (v, rest) = util::split_self(args, "float", method)?;
    match v {
        Value::Float(x) => Ok((x, rest)),
        _ => Err(util::wrong_receiver(
            "float",
            method,
            type_name(&vm.heap, v),
        )),
    }
}

fn is_integer(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (x, rest) = this(vm, &args, "is_integer")?;
    rest.check_count("float.is_integer", 0, 0)?;
    Ok(Value::Bool(f::is_integer(x)))
}

fn as_integer_ratio(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (x, rest) = this(vm, &args, "as_integer_ratio")?;
    rest.check_count("float.as_integer_ratio", 0, 0)?;
    let (n, d) = f::as_integer_ratio(x)?;
    let n = n.into_value(&mut vm.heap)?;
    let d = d.into_value(&mut vm.heap)?;
    vm.new_tuple(vec![n, d])
}

fn hex(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (x, rest) = this(vm, &args, "hex")?;
    rest.check_count("float.hex", 0, 0)?;
    vm.new_str(f::hex(x))
}

fn conjugate(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (x, rest) = this(vm, &args, "conjugate")?;
    rest.check_count("float.conjugate", 0, 0)?;
    Ok(Value::Float(x))
}

/// `float.fromhex(s)` (a class method: `args` has no receiver).
pub fn fromhex(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("float.fromhex", 1, 1)?;
    let s = util::as_str(&vm.heap, args.positional()[0])
        .ok_or_else(|| type_error("bad argument type for built-in operation"))?;
    Ok(Value::Float(f::fromhex(s.as_str())?))
}

/// The table entry of `fromhex`: `(0.0).fromhex(s)` through an instance, or `float.fromhex(s)`
/// through the type object (whose attribute lookup passes `s` as the receiver).
fn fromhex_method(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (this, rest) = util::split_self(&args, "float", "fromhex")?;
    if !matches!(this, Value::Float(_)) {
        return fromhex(vm, args);
    }
    fromhex(vm, rest)
}
