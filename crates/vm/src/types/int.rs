//! Methods of `int` (and, by inheritance, `bool`).
//!
//! `real`, `imag`, `numerator` and `denominator` are attributes, not methods: the interpreter's
//! attribute lookup provides them (`real`/`numerator` → the int itself, `imag` → 0,
//! `denominator` → 1).

use super::{type_name, util, MethodDef};
use crate::error::{overflow_error, type_error, value_error, VmResult};
use crate::native::Args;
use crate::numeric::int::Int;
use crate::value::Value;
use crate::Vm;
use num_bigint::{BigInt, Sign};

/// The methods of `int`.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("__str__", to_text),
    MethodDef::new("__repr__", to_text),
    MethodDef::new("bit_length", bit_length),
    MethodDef::new("bit_count", bit_count),
    MethodDef::new("to_bytes", to_bytes),
    MethodDef::new("from_bytes", from_bytes_method),
    MethodDef::new("conjugate", conjugate),
    MethodDef::new("as_integer_ratio", as_integer_ratio),
];

/// The receiver as an int, and the other arguments.
fn this<'a>(vm: &Vm, args: &Args<'a>, method: &str) -> VmResult<(Int, Args<'a>)> {
    let (v, rest) = util::split_self(args, "int", method)?;
    match Int::from_value(&vm.heap, v) {
        Some(i) => Ok((i, rest)),
        None => Err(util::wrong_receiver("int", method, type_name(&vm.heap, v))),
    }
}

fn bit_length(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (i, rest) = this(vm, &args, "bit_length")?;
    rest.check_count("int.bit_length", 0, 0)?;
    Ok(Value::Int(i.bits() as i64))
}

fn bit_count(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (i, rest) = this(vm, &args, "bit_count")?;
    rest.check_count("int.bit_count", 0, 0)?;
    let n = match i {
        Int::Small(i) => u64::from(i.unsigned_abs().count_ones()),
        Int::Big(b) => b.magnitude().count_ones(),
    };
    Ok(Value::Int(n as i64))
}

fn conjugate(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (i, rest) = this(vm, &args, "conjugate")?;
    rest.check_count("int.conjugate", 0, 0)?;
    i.into_value(&mut vm.heap)
}

fn as_integer_ratio(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (i, rest) = this(vm, &args, "as_integer_ratio")?;
    rest.check_count("int.as_integer_ratio", 0, 0)?;
    let n = i.into_value(&mut vm.heap)?;
    vm.new_tuple(vec![n, Value::Int(1)])
}

/// `byteorder` and `signed` of to_bytes/from_bytes.
fn order_and_sign(
    vm: &Vm,
    order: Option<Value>,
    signed: Option<Value>,
    name: &str,
) -> VmResult<(bool, bool)> {
    let little = match order {
        None => false,
        Some(v) => match util::as_str(&vm.heap, v) {
            Some(s) if s.as_str() == "little" => true,
            Some(s) if s.as_str() == "big" => false,
            Some(_) => return Err(value_error("byteorder must be either 'little' or 'big'")),
            None => {
                return Err(type_error(format!(
                    "{name}() argument 'byteorder' must be str, not {}",
                    type_name(&vm.heap, v)
                )))
            }
        },
    };
    let signed = match signed {
        None => false,
        Some(v) => crate::ops::truthy(&vm.heap, v).unwrap_or(true),
    };
    Ok((little, signed))
}

fn to_bytes(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (i, rest) = this(vm, &args, "to_bytes")?;
    let [length, order, signed] = util::bind(
        &rest,
        &vm.heap,
        "to_bytes",
        ["length", "byteorder", "signed"],
        0,
        2,
        0,
    )?;
    let length = match length {
        None => 1,
        Some(v) => util::ssize_arg(&vm.heap, v)?,
    };
    if length < 0 {
        return Err(value_error("length argument must be non-negative"));
    }
    let (little, signed) = order_and_sign(vm, order, signed, "to_bytes")?;
    let n = i.to_big();
    if !signed && n.sign() == Sign::Minus {
        return Err(overflow_error("can't convert negative int to unsigned"));
    }
    let length = length as usize;
    let mut bytes = if signed {
        n.to_signed_bytes_be()
    } else {
        n.to_bytes_be().1
    };
    if n.sign() == Sign::NoSign {
        bytes.clear();
    }
    if bytes.len() > length {
        return Err(overflow_error("int too big to convert"));
    }
    let fill = if signed && n.sign() == Sign::Minus {
        0xff
    } else {
        0
    };
    let mut out = util::reserve(vm, length as u128)?;
    out.extend(std::iter::repeat_n(fill, length - bytes.len()));
    out.extend_from_slice(&bytes);
    if little {
        out.reverse();
    }
    util::new_bytes(vm, out)
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)` (a class method: `args` has no
/// receiver).
pub fn from_bytes(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [data, order, signed] = util::bind(
        &args,
        &vm.heap,
        "from_bytes",
        ["bytes", "byteorder", "signed"],
        0,
        2,
        1,
    )?;
    let data = data.unwrap_or(Value::None);
    let (little, signed) = order_and_sign(vm, order, signed, "from_bytes")?;
    let mut bytes = match util::as_bytes(&vm.heap, data) {
        Some(b) => b.to_vec(),
        None => {
            let cannot = |heap: &crate::heap::Heap| {
                type_error(format!(
                    "cannot convert '{}' object to bytes",
                    type_name(heap, data)
                ))
            };
            if util::as_str(&vm.heap, data).is_some() {
                return Err(cannot(&vm.heap));
            }
            let items = util::collect_or(vm, data, cannot)?;
            let mut out = Vec::with_capacity(items.len());
            for v in items {
                let n = util::int_arg(&vm.heap, v)?;
                match n.to_i64() {
                    Some(b @ 0..=255) => out.push(b as u8),
                    _ => return Err(value_error("bytes must be in range(0, 256)")),
                }
            }
            out
        }
    };
    if little {
        bytes.reverse();
    }
    let n = if signed {
        BigInt::from_signed_bytes_be(&bytes)
    } else {
        BigInt::from_bytes_be(Sign::Plus, &bytes)
    };
    vm.new_int(n)
}

/// `bool.from_bytes(...)`: the int made a bool, as CPython's `cls(int)` for subclasses.
pub fn from_bytes_bool(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let v = from_bytes(vm, args)?;
    Ok(Value::Bool(
        !Int::from_value(&vm.heap, v).is_some_and(|i| i.is_zero()),
    ))
}

/// The table entry of `from_bytes`: `(0).from_bytes(b)` through an instance, or
/// `int.from_bytes(b)` through the type object (whose attribute lookup passes `b` as the
/// receiver: a receiver that is no int is the bytes argument).
fn from_bytes_method(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (this, rest) = util::split_self(&args, "int", "from_bytes")?;
    if Int::from_value(&vm.heap, this).is_none() {
        return from_bytes(vm, args);
    }
    if matches!(this, Value::Bool(_)) {
        return from_bytes_bool(vm, rest);
    }
    from_bytes(vm, rest)
}

/// `int.__str__` / `int.__repr__` (the same text for ints; `True.__repr__()` is `'True'`).
fn to_text(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (v, rest) = util::split_self(&args, "int", "__str__")?;
    if !matches!(v, Value::Int(_) | Value::Bool(_))
        && !matches!(
            util::obj(&vm.heap, v),
            Some(crate::object::Object::BigInt(_))
        )
    {
        return Err(util::wrong_receiver(
            "int",
            "__str__",
            type_name(&vm.heap, v),
        ));
    }
    util::wrapper_count(&rest, "__str__", 0)?;
    let s = util::repr(vm, v)?;
    vm.new_str(s)
}
