//! The dunder methods of the builtin types (`(3).__add__(4)`, `"x".__len__()`,
//! `super().__eq__(other)` in a `str` subclass): natives that perform the operator, returning
//! `NotImplemented` where CPython's slot wrappers do. Each type lists the dunders it has, so
//! `hasattr(5, "__len__")` stays false.

use super::{BuiltinType, MethodDef};
use crate::error::{ExcKind, VmResult};
use crate::interp::ops;
use crate::native::Args;
use crate::value::Value;
use crate::Vm;
use hotpy_compiler::bytecode::{BinaryOperator as B, CompareOperator as C};

fn two(args: &Args<'_>, name: &str) -> VmResult<(Value, Value)> {
    args.no_kwargs(name)?;
    args.expect_count(name, 2, 2)?;
    let p = args.positional();
    Ok((p[0], p[1]))
}

fn one(args: &Args<'_>, name: &str) -> VmResult<Value> {
    args.no_kwargs(name)?;
    args.expect_count(name, 1, 1)?;
    Ok(args.positional()[0])
}

/// `NotImplemented` when the operation is not defined for the operand types.
fn or_not_implemented(vm: &mut Vm, r: VmResult<Value>) -> VmResult<Value> {
    match r {
        Err(e) if e.kind() == Some(ExcKind::TypeError) => Ok(vm.rt.not_implemented),
        other => other,
    }
}

macro_rules! binary_slots {
    ($($f:ident, $rf:ident, $op:ident, $name:literal, $rname:literal;)*) => {
        $(
            fn $f(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
                let (a, b) = two(&args, $name)?;
                let r = ops::binary_op(vm, B::$op, a, b);
                or_not_implemented(vm, r)
            }
            fn $rf(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
                let (a, b) = two(&args, $rname)?;
                let r = ops::binary_op(vm, B::$op, b, a);
                or_not_implemented(vm, r)
            }
        )*
        /// The binary-operator dunders: (name, reflected name, function, reflected function).
        const BINARY: &[(&str, &str, crate::native::NativeFnPtr, crate::native::NativeFnPtr)] =
            &[$(($name, $rname, $f, $rf)),*];
    };
}

binary_slots! {
    add, radd, Add, "__add__", "__radd__";
    sub, rsub, Subtract, "__sub__", "__rsub__";
    mul, rmul, Multiply, "__mul__", "__rmul__";
    truediv, rtruediv, TrueDivide, "__truediv__", "__rtruediv__";
    floordiv, rfloordiv, FloorDivide, "__floordiv__", "__rfloordiv__";
    modulo, rmodulo, Remainder, "__mod__", "__rmod__";
    pow, rpow, Power, "__pow__", "__rpow__";
    and, rand, And, "__and__", "__rand__";
    or, ror, Or, "__or__", "__ror__";
    xor, rxor, Xor, "__xor__", "__rxor__";
    lshift, rlshift, LShift, "__lshift__", "__rlshift__";
    rshift, rrshift, RShift, "__rshift__", "__rrshift__";
}

macro_rules! compare_slots {
    ($($f:ident, $op:ident, $name:literal;)*) => {
        $(
            fn $f(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
                let (a, b) = two(&args, $name)?;
                let r = ops::compare_value(vm, C::$op, a, b);
                or_not_implemented(vm, r)
            }
        )*
        const COMPARE: &[(&str, crate::native::NativeFnPtr)] = &[$(($name, $f)),*];
    };
}

compare_slots! {
    lt, Lt, "__lt__";
    le, Le, "__le__";
    eq, Eq, "__eq__";
    ne, Ne, "__ne__";
    gt, Gt, "__gt__";
    ge, Ge, "__ge__";
}

fn len(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let a = one(&args, "__len__")?;
    Ok(Value::Int(ops::len_vm(vm, a)? as i64))
}

fn contains(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (a, b) = two(&args, "__contains__")?;
    ops::contains(vm, a, b).map(Value::Bool)
}

fn getitem(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (a, b) = two(&args, "__getitem__")?;
    ops::getitem(vm, a, b)
}

fn setitem(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("__setitem__", 3, 3)?;
    let p = args.positional();
    ops::setitem(vm, p[0], p[1], p[2])?;
    Ok(Value::None)
}

fn delitem(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (a, b) = two(&args, "__delitem__")?;
    ops::delitem(vm, a, b)?;
    Ok(Value::None)
}

fn iter(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let a = one(&args, "__iter__")?;
    ops::get_iter(vm, a)
}

fn hash(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let a = one(&args, "__hash__")?;
    Ok(Value::Int(ops::hash_vm(vm, a)?))
}

fn bool_(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let a = one(&args, "__bool__")?;
    ops::truthy_vm(vm, a).map(Value::Bool)
}

fn repr(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let a = one(&args, "__repr__")?;
    let s = crate::interp::format::repr(vm, a)?;
    vm.new_str(s)
}

fn str_(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let a = one(&args, "__str__")?;
    let s = crate::interp::format::to_str(vm, a)?;
    vm.new_str(s)
}

fn format(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (a, spec) = two(&args, "__format__")?;
    let Some(spec) = ops::as_str(&vm.heap, spec).map(|s| s.as_str().to_string()) else {
        return Err(crate::error::type_error(format!(
            "__format__() argument must be str, not {}",
            super::type_name(&vm.heap, spec)
        )));
    };
    let s = crate::builtins::format_value(vm, a, &spec)?;
    vm.new_str(s)
}

fn unary(vm: &mut Vm, args: &Args<'_>, op: char, name: &str) -> VmResult<Value> {
    let a = one(args, name)?;
    ops::unary_op(vm, op, a)
}

fn neg(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    unary(vm, &args, '-', "__neg__")
}

fn pos(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    unary(vm, &args, '+', "__pos__")
}

fn invert(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    unary(vm, &args, '~', "__invert__")
}

fn call_builtin(vm: &mut Vm, name: &'static str, a: Value) -> VmResult<Value> {
    let key = crate::class::static_str(vm, name)?;
    let f = match vm.rt.builtins {
        Some(b) => ops::dict_get(&vm.heap, b, key)?,
        None => None,
    };
    match f {
        Some(f) => vm.call(f, &[a]),
        None => Err(crate::error::internal("builtin missing")),
    }
}

fn abs(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let a = one(&args, "__abs__")?;
    call_builtin(vm, "abs", a)
}

fn int(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let a = one(&args, "__int__")?;
    let t = vm.type_object(BuiltinType::Int);
    vm.call(t, &[a])
}

fn float(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let a = one(&args, "__float__")?;
    let t = vm.type_object(BuiltinType::Float);
    vm.call(t, &[a])
}

fn index(_vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let a = one(&args, "__index__")?;
    Ok(match a {
        Value::Bool(b) => Value::Int(i64::from(b)),
        other => other,
    })
}

const CONTAINER: &[MethodDef] = &[
    MethodDef::new("__len__", len),
    MethodDef::new("__contains__", contains),
    MethodDef::new("__iter__", iter),
];

const COMMON: &[MethodDef] = &[
    MethodDef::new("__repr__", repr),
    MethodDef::new("__str__", str_),
    MethodDef::new("__format__", format),
];

/// Whether builtin type `ty` has the binary operator dunder `name`.
fn has_binary(ty: BuiltinType, name: &str) -> bool {
    use BuiltinType as T;
    match ty {
        T::Int | T::Bool => true,
        T::Float => !matches!(
            name,
            "__and__" | "__or__" | "__xor__" | "__lshift__" | "__rshift__"
        ),
        T::Str | T::Bytes | T::ByteArray => matches!(name, "__add__" | "__mul__" | "__mod__"),
        T::List | T::Tuple => matches!(name, "__add__" | "__mul__"),
        T::Set | T::FrozenSet => matches!(name, "__and__" | "__or__" | "__xor__" | "__sub__"),
        T::Dict => name == "__or__",
        _ => false,
    }
}

/// Every dunder of builtin type `ty`, as `(name, native)` pairs (the type's own method table
/// is consulted after these, so a hand-written method wins).
pub fn dunder_defs(ty: BuiltinType) -> Vec<(&'static str, crate::native::NativeFnPtr)> {
    use BuiltinType as T;
    let mut out: Vec<(&'static str, crate::native::NativeFnPtr)> = Vec::new();
    let comparable = matches!(
        ty,
        T::Int
            | T::Bool
            | T::Float
            | T::Str
            | T::Bytes
            | T::ByteArray
            | T::List
            | T::Tuple
            | T::Set
            | T::FrozenSet
    );
    if comparable {
        out.extend(COMPARE.iter().copied());
    } else if matches!(ty, T::Dict | T::Range | T::Slice) {
        out.extend(
            COMPARE
                .iter()
                .filter(|(n, _)| matches!(*n, "__eq__" | "__ne__")),
        );
    }
    for &(name, rname, f, rf) in BINARY {
        if has_binary(ty, name) {
            out.push((name, f));
            if matches!(ty, T::Int | T::Bool | T::Float) || name == "__mul__" {
                out.push((rname, rf));
            }
        }
    }
    if matches!(
        ty,
        T::Str
            | T::Bytes
            | T::ByteArray
            | T::List
            | T::Tuple
            | T::Dict
            | T::Set
            | T::FrozenSet
            | T::Range
    ) {
        out.extend(CONTAINER.iter().map(|d| (d.name, d.imp)));
        out.push(("__getitem__", getitem));
    }
    if matches!(ty, T::Set | T::FrozenSet) {
        out.retain(|(n, _)| *n != "__getitem__");
    }
    if matches!(ty, T::List | T::Dict | T::ByteArray) {
        out.push(("__setitem__", setitem));
        out.push(("__delitem__", delitem));
    }
    let hashable = !matches!(
        ty,
        T::List | T::Dict | T::Set | T::ByteArray | T::Slice | T::Object
    );
    if hashable {
        out.push(("__hash__", hash));
    }
    if matches!(ty, T::Int | T::Bool | T::Float) {
        out.push(("__bool__", bool_));
        out.push(("__neg__", neg));
        out.push(("__pos__", pos));
        out.push(("__abs__", abs));
        out.push(("__int__", int));
        out.push(("__float__", float));
        if ty != T::Float {
            out.push(("__invert__", invert));
            out.push(("__index__", index));
        }
    }
    if ty != T::Object {
        out.extend(COMMON.iter().map(|d| (d.name, d.imp)));
    }
    out
}
