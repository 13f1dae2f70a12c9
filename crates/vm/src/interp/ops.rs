//! Operations on builtin values the interpreter needs: arithmetic slow paths, comparison,
//! equality, hashing, truth, subscripting, containment and iteration.
//!
//! The hot cases (two small ints, two floats) are inlined in the dispatch loop; everything here
//! is the general path. Equality and hashing only need the heap (no user `__eq__` exists yet), so
//! they run while a dict is borrowed. Recursion through nested containers is bounded by
//! [`VmConfig::max_depth`](crate::VmConfig::max_depth) and raises `RecursionError`.

pub(crate) use super::protocol::{compare_value, compare_vm, eq_vm, hash_vm, len_vm, truthy_vm};
use crate::error::{
    index_error, memory_error, overflow_error, recursion_error, type_error, value_error,
    zero_division, ExcKind, VmError, VmResult,
};
use crate::heap::Heap;
use crate::object::{IterState, Object, PyStr, Range, Slice};
use crate::types::type_name;
use crate::value::{ObjRef, Value};
use crate::{PyDict, PySet, Vm};
use hotpy_compiler::bytecode::{BinaryOperator, CompareOperator};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use std::cmp::Ordering;

/// A number, unpacked.
#[derive(Debug, Clone)]
pub(crate) enum Num {
    I(i64),
    B(BigInt),
    F(f64),
}

/// `v` as a number (bool counts as int).
pub(crate) fn num(heap: &Heap, v: Value) -> Option<Num> {
    match v {
        Value::Int(i) => Some(Num::I(i)),
        Value::Bool(b) => Some(Num::I(i64::from(b))),
        Value::Float(f) => Some(Num::F(f)),
        Value::Obj(r) => match heap.get(r) {
            Object::BigInt(b) => Some(Num::B(b.clone())),
            _ => None,
        },
        Value::None => None,
    }
}

/// `v` as an int (bool included), big or small.
pub(crate) fn int_of(heap: &Heap, v: Value) -> Option<BigInt> {
    match num(heap, v)? {
        Num::I(i) => Some(BigInt::from(i)),
        Num::B(b) => Some(b),
        Num::F(_) => None,
    }
}

/// `v` as an `i64` index (`__index__` of int and bool).
pub(crate) fn index_of(heap: &Heap, v: Value) -> Option<Result<i64, ()>> {
    match v {
        Value::Int(i) => Some(Ok(i)),
        Value::Bool(b) => Some(Ok(i64::from(b))),
        Value::Obj(r) => match heap.get(r) {
            Object::BigInt(_) => Some(Err(())),
            // An instance of an int subclass indexes as its int.
            Object::Instance(i) if matches!(i.payload, Value::Int(_) | Value::Bool(_)) => {
                index_of(heap, i.payload)
            }
            Object::Instance(i)
                if matches!(
                    i.payload.as_obj().map(|p| heap.get(p)),
                    Some(Object::BigInt(_))
                ) =>
            {
                Some(Err(()))
            }
            _ => None,
        },
        _ => None,
    }
}

/// An int value from a big int (inline when it fits).
pub(crate) fn big(heap: &mut Heap, n: BigInt) -> VmResult<Value> {
    match n.to_i64() {
        Some(i) => Ok(Value::Int(i)),
        None => Ok(Value::Obj(heap.alloc(Object::BigInt(n))?)),
    }
}

fn to_f64(n: &Num) -> VmResult<f64> {
    match n {
        Num::I(i) => Ok(*i as f64),
        Num::F(f) => Ok(*f),
        Num::B(b) => match b.to_f64() {
            Some(f) if f.is_finite() => Ok(f),
            _ => Err(overflow_error("int too large to convert to float")),
        },
    }
}

fn to_big(n: &Num) -> BigInt {
    match n {
        Num::I(i) => BigInt::from(*i),
        Num::B(b) => b.clone(),
        Num::F(_) => BigInt::zero(),
    }
}

/// Python's floor division and modulo of i64 (caller checked `b != 0` and no overflow case).
#[inline]
pub(crate) fn floor_divmod_i64(a: i64, b: i64) -> (i64, i64) {
    let q = a / b;
    let r = a % b;
    if r != 0 && ((r < 0) != (b < 0)) {
        (q - 1, r + b)
    } else {
        (q, r)
    }
}

pub(crate) fn floor_divmod_big(a: &BigInt, b: &BigInt) -> (BigInt, BigInt) {
    let q = a / b;
    let r = a % b;
    if !r.is_zero() && (r.is_negative() != b.is_negative()) {
        (q - 1, r + b)
    } else {
        (q, r)
    }
}

fn float_floor_divmod(a: f64, b: f64) -> (f64, f64) {
    let mut m = a % b;
    let mut div = (a - m) / b;
    if m != 0.0 {
        if (b < 0.0) != (m < 0.0) {
            m += b;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(b);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0.0f64.copysign(a / b)
    };
    (floordiv, m)
}

/// The largest result (in bits) of `**` and `<<` the VM agrees to compute.
const MAX_INT_BITS: u64 = 1 << 32;

fn int_binop(heap: &mut Heap, op: BinaryOperator, a: Num, b: Num) -> VmResult<Value> {
    use BinaryOperator as B;
    if let (Num::I(x), Num::I(y)) = (&a, &b) {
        let (x, y) = (*x, *y);
        let fast = match op {
            B::Add => x.checked_add(y),
            B::Subtract => x.checked_sub(y),
            B::Multiply => x.checked_mul(y),
            B::And => Some(x & y),
            B::Or => Some(x | y),
            B::Xor => Some(x ^ y),
            B::FloorDivide | B::Remainder if y != 0 && !(x == i64::MIN && y == -1) => {
                let (q, r) = floor_divmod_i64(x, y);
                Some(if op == B::FloorDivide { q } else { r })
            }
            B::RShift if y >= 0 => Some(if y >= 64 { x >> 63 } else { x >> y }),
            B::LShift if (0..64).contains(&y) => x.checked_shl(y as u32).filter(|r| r >> y == x),
            _ => None,
        };
        if let Some(v) = fast {
            return Ok(Value::Int(v));
        }
    }
    let (x, y) = (to_big(&a), to_big(&b));
    let r = match op {
        B::Add => x + y,
        B::Subtract => x - y,
        B::Multiply => {
            if x.bits() + y.bits() > MAX_INT_BITS {
                return Err(memory_error());
            }
            x * y
        }
        B::And => x & y,
        B::Or => x | y,
        B::Xor => x ^ y,
        B::FloorDivide | B::Remainder => {
            if y.is_zero() {
                return Err(zero_division(if op == B::Remainder {
                    "integer modulo by zero"
                } else {
                    "integer division or modulo by zero"
                }));
            }
            let (q, r) = floor_divmod_big(&x, &y);
            if op == B::FloorDivide {
                q
            } else {
                r
            }
        }
        B::TrueDivide => {
            if y.is_zero() {
                return Err(zero_division("division by zero"));
            }
            return Ok(Value::Float(int_truediv(&x, &y)?));
        }
        B::LShift | B::RShift => {
            if y.is_negative() {
                return Err(value_error("negative shift count"));
            }
            let n = y.to_u64().unwrap_or(u64::MAX);
            if op == B::RShift {
                if n > x.bits() {
                    if x.is_negative() {
                        BigInt::from(-1)
                    } else {
                        BigInt::zero()
                    }
                } else {
                    x >> n
                }
            } else {
                if x.is_zero() {
                    return Ok(Value::Int(0));
                }
                if n.saturating_add(x.bits()) > MAX_INT_BITS {
                    return Err(memory_error());
                }
                x << n
            }
        }
        B::Power => {
            if y.is_negative() {
                let (fx, fy) = (to_f64(&a)?, to_f64(&b)?);
                return float_binop(B::Power, fx, fy);
            }
            let e = y.to_u64().unwrap_or(u64::MAX);
            let xb = x.bits();
            if xb > 1 && e.saturating_mul(xb) > MAX_INT_BITS {
                return Err(memory_error());
            }
            if xb <= 1 {
                // 0, 1, -1
                if x.is_zero() {
                    return Ok(Value::Int(i64::from(e == 0)));
                }
                if x == BigInt::from(1) {
                    return Ok(Value::Int(1));
                }
                return Ok(Value::Int(if e % 2 == 0 { 1 } else { -1 }));
            }
            num_traits::pow::Pow::pow(x, e)
        }
        B::MatMul => unreachable!("filtered by the caller"),
        _ => unreachable!("in-place operators are mapped to plain ones"),
    };
    big(heap, r)
}

fn int_truediv(x: &BigInt, y: &BigInt) -> VmResult<f64> {
    if let (Some(a), Some(b)) = (x.to_i64(), y.to_i64()) {
        if a.unsigned_abs() < (1 << 53) && b.unsigned_abs() < (1 << 53) {
            return Ok(a as f64 / b as f64);
        }
    }
    // Correctly rounded (converting each operand to f64 first is not).
    crate::numeric::int::Int::from(x.clone()).truediv(&crate::numeric::int::Int::from(y.clone()))
}

pub(crate) fn float_binop(op: BinaryOperator, x: f64, y: f64) -> VmResult<Value> {
    use BinaryOperator as B;
    Ok(Value::Float(match op {
        B::Add => x + y,
        B::Subtract => x - y,
        B::Multiply => x * y,
        B::TrueDivide => {
            if y == 0.0 {
                return Err(zero_division("float division by zero"));
            }
            x / y
        }
        B::FloorDivide => {
            if y == 0.0 {
                return Err(zero_division("float floor division by zero"));
            }
            float_floor_divmod(x, y).0
        }
        B::Remainder => {
            if y == 0.0 {
                return Err(zero_division("float modulo"));
            }
            float_floor_divmod(x, y).1
        }
        B::Power => {
            if x == 0.0 && y < 0.0 {
                return Err(zero_division("0.0 cannot be raised to a negative power"));
            }
            if x < 0.0 && y.fract() != 0.0 && y.is_finite() {
                return Err(value_error(
                    "hotpy does not support complex numbers yet (negative number raised to a fractional power)",
                ));
            }
            let r = x.powf(y);
            if r.is_infinite() && x.is_finite() && y.is_finite() {
                return Err(overflow_error("(34, 'Numerical result out of range')"));
            }
            r
        }
        _ => return Err(VmError::new(ExcKind::TypeError, "")),
    }))
}

fn unsupported(heap: &Heap, op: BinaryOperator, a: Value, b: Value) -> VmError {
    type_error(format!(
        "unsupported operand type(s) for {}: '{}' and '{}'",
        op.symbol(),
        type_name(heap, a),
        type_name(heap, b)
    ))
}

/// A subscript key with user objects' `__index__` applied (an index, or a slice's bounds).
fn index_key(vm: &mut Vm, key: Value) -> VmResult<Value> {
    if super::protocol::is_user(&vm.heap, key) {
        return Ok(crate::class::dunder::index(vm, key)?.unwrap_or(key));
    }
    if let Some(Object::Slice(s)) = key.as_obj().map(|r| vm.heap.get(r)) {
        let s = *s;
        let heap = &vm.heap;
        if [s.start, s.stop, s.step]
            .iter()
            .any(|&v| super::protocol::is_user(heap, v))
        {
            let mut parts = [s.start, s.stop, s.step];
            for p in &mut parts {
                if super::protocol::is_user(&vm.heap, *p) {
                    *p = crate::class::dunder::index(vm, *p)?.unwrap_or(*p);
                }
            }
            let [start, stop, step] = parts;
            return Ok(Value::Obj(vm.heap.alloc(Object::Slice(Slice {
                start,
                stop,
                step,
            }))?));
        }
    }
    Ok(key)
}

/// Whether `v` is a builtin sequence indexed by integers (a user key's `__index__` applies).
fn is_index_container(heap: &Heap, v: Value) -> bool {
    matches!(
        v.as_obj().map(|r| heap.get(r)),
        Some(
            Object::List(_)
                | Object::Tuple(_)
                | Object::Str(_)
                | Object::Bytes(_)
                | Object::ByteArray(_)
                | Object::Range(_)
        )
    )
}

/// `a op b` for builtin values (the general path).
pub(crate) fn binary_op(vm: &mut Vm, op: BinaryOperator, a: Value, b: Value) -> VmResult<Value> {
    if super::protocol::is_user(&vm.heap, a) || super::protocol::is_user(&vm.heap, b) {
        return crate::class::dunder::binary(vm, op, a, b);
    }
    builtin_binary_op(vm, op, a, b)
}

/// `a op b` by the builtin types' own operations (the dunder protocol's fallback for
/// subclasses of builtin types; operands that are user objects are treated as opaque).
pub(crate) fn builtin_binary_op(
    vm: &mut Vm,
    op: BinaryOperator,
    a: Value,
    b: Value,
) -> VmResult<Value> {
    if op == BinaryOperator::Or {
        if let Some(u) = crate::class::alias::union(vm, a, b)? {
            return Ok(u);
        }
    }
    let plain = op.without_inplace();
    use BinaryOperator as B;
    let heap = &vm.heap;
    if let (Some(x), Some(y)) = (num(heap, a), num(heap, b)) {
        if plain == B::MatMul {
            return Err(unsupported(heap, op, a, b));
        }
        return match (&x, &y) {
            (Num::F(_), _) | (_, Num::F(_)) => {
                if matches!(plain, B::And | B::Or | B::Xor | B::LShift | B::RShift) {
                    return Err(unsupported(heap, op, a, b));
                }
                float_binop(plain, to_f64(&x)?, to_f64(&y)?)
            }
            _ => int_binop(&mut vm.heap, plain, x, y),
        };
    }
    let (ra, rb) = (a.as_obj(), b.as_obj());
    match plain {
        B::Add => {
            if let (Some(ra), Some(rb)) = (ra, rb) {
                match (vm.heap.get(ra), vm.heap.get(rb)) {
                    (Object::Str(x), Object::Str(y)) => {
                        let mut s = String::with_capacity(x.as_str().len() + y.as_str().len());
                        s.push_str(x.as_str());
                        s.push_str(y.as_str());
                        return vm.new_str(s);
                    }
                    (Object::List(x), Object::List(y)) => {
                        if op.is_inplace() {
                            let add = y.clone();
                            extend_list(vm, ra, add)?;
                            return Ok(a);
                        }
                        let v: Vec<Value> = x.iter().chain(y.iter()).copied().collect();
                        return vm.new_list(v);
                    }
                    (Object::Tuple(x), Object::Tuple(y)) => {
                        let v: Vec<Value> = x.iter().chain(y.iter()).copied().collect();
                        return vm.new_tuple(v);
                    }
                    (Object::Bytes(x), Object::Bytes(y)) => {
                        let v: Vec<u8> = x.iter().chain(y.iter()).copied().collect();
                        return Ok(Value::Obj(vm.heap.alloc(Object::Bytes(v.into()))?));
                    }
                    (Object::List(_), _) if op.is_inplace() => {
                        let mark = vm.rt.temp_roots.len();
                        vm.rt.temp_roots.push(a);
                        let items = collect_iterable(vm, b);
                        vm.rt.temp_roots.truncate(mark);
                        let items = items?;
                        extend_list(vm, ra, items)?;
                        return Ok(a);
                    }
                    _ => {}
                }
            }
            if let Some(ra) = ra {
                let kind = match vm.heap.get(ra) {
                    Object::Str(_) => Some("str"),
                    Object::List(_) => Some("list"),
                    Object::Tuple(_) => Some("tuple"),
                    _ => None,
                };
                if let Some(k) = kind {
                    return Err(type_error(format!(
                        "can only concatenate {k} (not \"{}\") to {k}",
                        type_name(&vm.heap, b)
                    )));
                }
            }
        }
        B::Multiply => {
            let (seq, n) = match (index_of(&vm.heap, a), index_of(&vm.heap, b)) {
                (None, Some(n)) => (a, n),
                (Some(n), None) => (b, n),
                // A sequence times something that is not an int: CPython's sequence message.
                (None, None) if is_sequence(&vm.heap, a) || is_sequence(&vm.heap, b) => {
                    let other = if is_sequence(&vm.heap, a) { b } else { a };
                    return Err(type_error(format!(
                        "can't multiply sequence by non-int of type '{}'",
                        type_name(&vm.heap, other)
                    )));
                }
                _ => return Err(unsupported(&vm.heap, op, a, b)),
            };
            let n = match n {
                Ok(n) => n,
                Err(()) => {
                    if is_sequence(&vm.heap, seq) {
                        return Err(overflow_error(
                            "cannot fit 'int' into an index-sized integer",
                        ));
                    }
                    return Err(unsupported(&vm.heap, op, a, b));
                }
            };
            if let Some(r) = seq.as_obj() {
                return repeat(vm, r, n, op.is_inplace())
                    .and_then(|v| v.ok_or_else(|| unsupported(&vm.heap, op, a, b)));
            }
        }
        B::Remainder => {
            if let Some(v) = crate::interp::format::bytes_remainder(vm, a, b)? {
                return Ok(v);
            }
            if let Some(ra) = ra {
                if let Object::Str(s) = vm.heap.get(ra) {
                    let fmt = s.as_str().to_string();
                    let out = crate::interp::format::percent_format(vm, &fmt, b)?;
                    return vm.new_str(out);
                }
            }
        }
        B::Or | B::And | B::Xor | B::Subtract => {
            if let Some(v) = crate::types::dictview::binop(vm, plain, op.is_inplace(), a, b)? {
                return Ok(v);
            }
            if let (Some(ra), Some(rb)) = (ra, rb) {
                if let Some(v) = set_op(vm, plain, ra, rb, op.is_inplace())? {
                    return Ok(v);
                }
            }
        }
        _ => {}
    }
    Err(unsupported(&vm.heap, op, a, b))
}

fn is_sequence(heap: &Heap, v: Value) -> bool {
    v.as_obj().is_some_and(|r| {
        matches!(
            heap.get(r),
            Object::Str(_) | Object::List(_) | Object::Tuple(_) | Object::Bytes(_)
        )
    })
}

fn repeat(vm: &mut Vm, r: ObjRef, n: i64, inplace: bool) -> VmResult<Option<Value>> {
    use crate::error::checked_repeat_len;
    let n = n.max(0);
    let v = match vm.heap.get(r) {
        Object::Str(s) => {
            let total = checked_repeat_len(s.as_str().len(), n, 1)?;
            let mut out = String::new();
            out.try_reserve_exact(total).map_err(|_| memory_error())?;
            for _ in 0..n {
                out.push_str(s.as_str());
            }
            vm.new_str(out)?
        }
        Object::List(items) => {
            let out = repeat_values(items, n)?;
            if inplace {
                if let Object::List(items) = vm.heap.get_mut(r) {
                    *items = out;
                }
                return Ok(Some(Value::Obj(r)));
            }
            vm.new_list(out)?
        }
        Object::Tuple(items) => {
            let out = repeat_values(items, n)?;
            vm.new_tuple(out)?
        }
        Object::Bytes(b) => {
            let total = checked_repeat_len(b.len(), n, 1)?;
            let mut out: Vec<u8> = Vec::new();
            out.try_reserve_exact(total).map_err(|_| memory_error())?;
            for _ in 0..n {
                out.extend_from_slice(b);
            }
            Value::Obj(vm.heap.alloc(Object::Bytes(out.into()))?)
        }
        _ => return Ok(None),
    };
    Ok(Some(v))
}

fn repeat_values(items: &[Value], n: i64) -> VmResult<Vec<Value>> {
    let total = crate::error::checked_repeat_len(items.len(), n, 16)?;
    let mut out = Vec::new();
    out.try_reserve_exact(total).map_err(|_| memory_error())?;
    for _ in 0..n {
        out.extend_from_slice(items);
    }
    Ok(out)
}

fn set_op(
    vm: &mut Vm,
    op: BinaryOperator,
    ra: ObjRef,
    rb: ObjRef,
    inplace: bool,
) -> VmResult<Option<Value>> {
    match vm.heap.get(ra) {
        Object::Set(_) | Object::FrozenSet(_) => {}
        Object::Dict(d) if op == BinaryOperator::Or => {
            if let Object::Dict(e) = vm.heap.get(rb) {
                let mut out = d.clone();
                let pairs: Vec<_> = e.iter().map(|(k, v)| (k, *v)).collect();
                for (k, v) in pairs {
                    dict_set_in(&vm.heap, &mut out, k, v)?;
                }
                if inplace {
                    if let Object::Dict(d) = vm.heap.get_mut(ra) {
                        *d = out;
                    }
                    return Ok(Some(Value::Obj(ra)));
                }
                return Ok(Some(Value::Obj(vm.heap.alloc(Object::Dict(out))?)));
            }
            return Ok(None);
        }
        _ => return Ok(None),
    };
    if !matches!(vm.heap.get(rb), Object::Set(_) | Object::FrozenSet(_)) {
        return Ok(None);
    }
    crate::types::set::binop(vm, op, ra, rb, inplace)
}

fn extend_list(vm: &mut Vm, r: ObjRef, add: Vec<Value>) -> VmResult<()> {
    let grew = if let Object::List(items) = vm.heap.get_mut(r) {
        let before = items.capacity();
        items.extend(add);
        items.capacity().saturating_sub(before)
    } else {
        0
    };
    vm.heap.account((grew * 16) as isize)
}

/// `-x`, `+x`, `~x`.
pub(crate) fn unary_op(vm: &mut Vm, op: char, a: Value) -> VmResult<Value> {
    if super::protocol::is_user(&vm.heap, a) {
        return crate::class::dunder::unary(vm, op, a);
    }
    match (op, num(&vm.heap, a)) {
        ('-', Some(Num::I(i))) => match i.checked_neg() {
            Some(v) => Ok(Value::Int(v)),
            None => big(&mut vm.heap, -BigInt::from(i)),
        },
        ('-', Some(Num::B(b))) => big(&mut vm.heap, -b),
        ('-', Some(Num::F(f))) => Ok(Value::Float(-f)),
        ('+', Some(Num::I(i))) => Ok(Value::Int(i)),
        ('+', Some(Num::F(f))) => Ok(Value::Float(f)),
        ('+', Some(Num::B(_))) => Ok(a),
        ('~', Some(Num::I(i))) => Ok(Value::Int(!i)),
        ('~', Some(Num::B(b))) => big(&mut vm.heap, -b - 1),
        _ => Err(type_error(format!(
            "bad operand type for unary {op}: '{}'",
            type_name(&vm.heap, a)
        ))),
    }
}

/// `bool(v)`.
pub(crate) fn truthy(heap: &Heap, v: Value) -> bool {
    match v {
        Value::None => false,
        Value::Bool(b) => b,
        Value::Int(i) => i != 0,
        Value::Float(f) => f != 0.0,
        Value::Obj(r) => match heap.get(r) {
            Object::Str(s) => !s.as_str().is_empty(),
            Object::List(v) => !v.is_empty(),
            Object::Tuple(v) => !v.is_empty(),
            Object::Dict(d) => !d.is_empty(),
            Object::Set(s) | Object::FrozenSet(s) => !s.is_empty(),
            Object::Bytes(b) => !b.is_empty(),
            Object::ByteArray(b) => !b.is_empty(),
            Object::BigInt(b) => !b.is_zero(),
            Object::Range(r) => range_len(heap, r).is_ok_and(|n| n != 0),
            Object::DictView(v) => crate::types::dictview::len(heap, v) != 0,
            _ => true,
        },
    }
}

/// `hash(v)`.
pub(crate) fn hash_value(heap: &Heap, v: Value) -> VmResult<i64> {
    if let Value::Obj(r) = v {
        match heap.get(r) {
            // The common dict key: its hash is cached.
            Object::Str(s) => return Ok(s.hash()),
            Object::Instance(_) => {
                if let Some(p) = super::protocol::transparent_payload(heap, v) {
                    return crate::ops::hash(heap, p, HASH_MAX_DEPTH);
                }
            }
            _ => {}
        }
    }
    // One hash for the whole VM: the foundations' (iterative, CPython's algorithms), so dicts
    // built by natives and by the loop always agree.
    crate::ops::hash(heap, v, HASH_MAX_DEPTH)
}

/// The nesting depth of tuples `hash` walks before RecursionError (CPython's default limit).
const HASH_MAX_DEPTH: usize = 1000;

/// `a == b` for builtin values.
pub(crate) fn eq(heap: &Heap, a: Value, b: Value) -> VmResult<bool> {
    eq_depth(heap, a, b, 0)
}

fn eq_depth(heap: &Heap, a: Value, b: Value, depth: usize) -> VmResult<bool> {
    if depth > 1000 {
        return Err(recursion_error(
            "maximum recursion depth exceeded in comparison",
        ));
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => return Ok(x == y),
        (Value::Float(x), Value::Float(y)) => return Ok(x == y),
        (Value::None, Value::None) => return Ok(true),
        _ => {}
    }
    let (Value::Obj(ra), Value::Obj(rb)) = (a, b) else {
        if is_instance_obj(heap, a) || is_instance_obj(heap, b) {
            return eq_transparent(heap, a, b, depth);
        }
        if let (Some(x), Some(y)) = (num(heap, a), num(heap, b)) {
            return Ok(num_cmp(&x, &y) == Some(Ordering::Equal));
        }
        return Ok(a.is(b));
    };
    if ra == rb {
        return Ok(true);
    }
    // Two strs (the dict key probe's usual case) before the rarer kinds are tried.
    let (oa, ob) = (heap.get(ra), heap.get(rb));
    if let (Object::Str(x), Object::Str(y)) = (oa, ob) {
        return Ok(x.as_str().len() == y.as_str().len()
            && !matches!((x.hash_if_cached(), y.hash_if_cached()), (Some(h), Some(k)) if h != k)
            && x.as_str() == y.as_str());
    }
    if let Some(same) = crate::types::dictview::view_eq(heap, a, b)? {
        return Ok(same);
    }
    Ok(match (oa, ob) {
        (Object::BigInt(x), Object::BigInt(y)) => x == y,
        (Object::Bytes(x), Object::Bytes(y)) => x == y,
        (Object::List(x), Object::List(y)) => seq_eq(heap, x, y, depth)?,
        (Object::Tuple(x), Object::Tuple(y)) => seq_eq(heap, x, y, depth)?,
        (Object::Dict(x), Object::Dict(y)) => {
            if x.len() != y.len() {
                return Ok(false);
            }
            for (k, v) in x.iter() {
                let h = hash_value(heap, k)?;
                match y.find(h, Some(k), |o| eq_depth(heap, o, k, depth + 1))? {
                    Some(i) => {
                        let (_, w) = y.entry_at(i).expect("index from find");
                        if !eq_depth(heap, *v, *w, depth + 1)? {
                            return Ok(false);
                        }
                    }
                    None => return Ok(false),
                }
            }
            true
        }
        (Object::Set(x) | Object::FrozenSet(x), Object::Set(y) | Object::FrozenSet(y)) => {
            x.len() == y.len() && set_subset(heap, x, y)?
        }
        (Object::Range(x), Object::Range(y)) => {
            let (lx, ly) = (range_len(heap, x)?, range_len(heap, y)?);
            lx == ly
                && (lx == 0
                    || (eq_depth(heap, x.start, y.start, depth + 1)?
                        && (lx == 1 || eq_depth(heap, x.step, y.step, depth + 1)?)))
        }
        (Object::Slice(x), Object::Slice(y)) => {
            eq_depth(heap, x.start, y.start, depth + 1)?
                && eq_depth(heap, x.stop, y.stop, depth + 1)?
                && eq_depth(heap, x.step, y.step, depth + 1)?
        }
        (Object::Type(x), Object::Type(y)) => x == y,
        (Object::Instance(_), _) | (_, Object::Instance(_)) => {
            return eq_transparent(heap, a, b, depth);
        }
        (Object::GenericAlias(x), Object::GenericAlias(y)) => {
            x.union == y.union
                && x.origin.is(y.origin)
                && eq_depth(heap, x.args, y.args, depth + 1)?
        }
        (Object::BoundMethod(x), Object::BoundMethod(y)) => {
            x.receiver.is(y.receiver) && x.function.is(y.function)
        }
        _ => false,
    })
}

fn is_instance_obj(heap: &Heap, v: Value) -> bool {
    matches!(v, Value::Obj(r) if matches!(heap.get(r), Object::Instance(_)))
}

/// Equality when an operand is an instance: a subclass of an immutable builtin without its
/// own `__eq__`/`__hash__` compares as its payload; other instances by identity (the
/// interpreter-level equality calls their `__eq__`).
#[cold]
fn eq_transparent(heap: &Heap, a: Value, b: Value, depth: usize) -> VmResult<bool> {
    let pa = super::protocol::transparent_payload(heap, a);
    let pb = super::protocol::transparent_payload(heap, b);
    if pa.is_none() && pb.is_none() {
        return Ok(a.is(b));
    }
    eq_depth(heap, pa.unwrap_or(a), pb.unwrap_or(b), depth + 1)
}

fn set_subset(heap: &Heap, x: &PySet, y: &PySet) -> VmResult<bool> {
    for hk in x.hashed_keys() {
        if y.find(hk.hash, Some(hk.key), |o| eq(heap, o, hk.key))?
            .is_none()
        {
            return Ok(false);
        }
    }
    Ok(true)
}

fn seq_eq(heap: &Heap, x: &[Value], y: &[Value], depth: usize) -> VmResult<bool> {
    if x.len() != y.len() {
        return Ok(false);
    }
    for (a, b) in x.iter().zip(y) {
        if !a.is(*b) && !eq_depth(heap, *a, *b, depth + 1)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn num_cmp(x: &Num, y: &Num) -> Option<Ordering> {
    match (x, y) {
        (Num::I(a), Num::I(b)) => Some(a.cmp(b)),
        (Num::F(a), Num::F(b)) => a.partial_cmp(b),
        (Num::F(f), other) => int_float_cmp(other, *f).map(Ordering::reverse),
        (other, Num::F(f)) => int_float_cmp(other, *f),
        (a, b) => Some(to_big(a).cmp(&to_big(b))),
    }
}

/// Exact comparison of an int with a float.
fn int_float_cmp(i: &Num, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        });
    }
    let fi = f.trunc();
    let bi = BigInt::from_f64_exact(fi);
    let ord = to_big(i).cmp(&bi);
    if ord != Ordering::Equal {
        return Some(ord);
    }
    let frac = f - fi;
    Some(if frac > 0.0 {
        Ordering::Less
    } else if frac < 0.0 {
        Ordering::Greater
    } else {
        Ordering::Equal
    })
}

trait FromF64Exact {
    fn from_f64_exact(f: f64) -> BigInt;
}

impl FromF64Exact for BigInt {
    fn from_f64_exact(f: f64) -> BigInt {
        num_traits::FromPrimitive::from_f64(f).unwrap_or_default()
    }
}

/// Ordering comparison (`<`, `<=`, `>`, `>=`) of builtin values.
pub(crate) fn compare(heap: &Heap, op: CompareOperator, a: Value, b: Value) -> VmResult<bool> {
    use CompareOperator as C;
    match op {
        C::Eq => return eq(heap, a, b),
        C::Ne => return eq(heap, a, b).map(|e| !e),
        _ => {}
    }
    if let Some(r) = crate::types::dictview::view_order(heap, op, a, b)? {
        return Ok(r);
    }
    let ord = partial_order(heap, a, b, 0).map_err(|e| match e {
        None => type_error(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            type_name(heap, a),
            type_name(heap, b)
        )),
        Some(e) => e,
    })?;
    Ok(match ord {
        None => false,
        Some(o) => match op {
            C::Lt => o == Ordering::Less,
            C::Le => o != Ordering::Greater,
            C::Gt => o == Ordering::Greater,
            C::Ge => o != Ordering::Less,
            _ => unreachable!(),
        },
    })
}

/// `Ok(None)`: unordered (NaN); `Err(None)`: not comparable (TypeError by the caller).
fn partial_order(
    heap: &Heap,
    a: Value,
    b: Value,
    depth: usize,
) -> Result<Option<Ordering>, Option<VmError>> {
    if depth > 1000 {
        return Err(Some(recursion_error(
            "maximum recursion depth exceeded in comparison",
        )));
    }
    if let (Some(x), Some(y)) = (num(heap, a), num(heap, b)) {
        return Ok(num_cmp(&x, &y));
    }
    let (Value::Obj(ra), Value::Obj(rb)) = (a, b) else {
        return Err(None);
    };
    match (heap.get(ra), heap.get(rb)) {
        (Object::Str(x), Object::Str(y)) => Ok(Some(x.as_str().cmp(y.as_str()))),
        (Object::Bytes(x), Object::Bytes(y)) => Ok(Some(x.cmp(y))),
        (Object::List(x), Object::List(y)) => seq_order(heap, x, y, depth),
        (Object::Tuple(x), Object::Tuple(y)) => seq_order(heap, x, y, depth),
        (Object::Set(x) | Object::FrozenSet(x), Object::Set(y) | Object::FrozenSet(y)) => {
            let sub = set_subset(heap, x, y).map_err(Some)?;
            let sup = set_subset(heap, y, x).map_err(Some)?;
            Ok(match (sub, sup) {
                (true, true) => Some(Ordering::Equal),
                (true, false) => Some(Ordering::Less),
                (false, true) => Some(Ordering::Greater),
                _ => None,
            })
        }
        _ => Err(None),
    }
}

fn seq_order(
    heap: &Heap,
    x: &[Value],
    y: &[Value],
    depth: usize,
) -> Result<Option<Ordering>, Option<VmError>> {
    for (a, b) in x.iter().zip(y) {
        if a.is(*b) || eq_depth(heap, *a, *b, depth + 1).map_err(Some)? {
            continue;
        }
        return partial_order(heap, *a, *b, depth + 1);
    }
    Ok(Some(x.len().cmp(&y.len())))
}

// ── dicts ──────────────────────────────────────────────────────────────────────────────────────

/// `d[key]` lookup in a dict payload.
pub(crate) fn dict_get_in(heap: &Heap, d: &PyDict, key: Value) -> VmResult<Option<Value>> {
    let h = hash_value(heap, key)?;
    Ok(d.find(h, Some(key), |k| eq(heap, k, key))?
        .map(|i| *d.entry_at(i).expect("index from find").1))
}

/// `d[key] = value` on a dict payload (the heap is only read, for key equality).
pub(crate) fn dict_set_in(heap: &Heap, d: &mut PyDict, key: Value, value: Value) -> VmResult<()> {
    let h = hash_value(heap, key)?;
    match d.find(h, Some(key), |k| eq(heap, k, key))? {
        Some(i) => {
            d.set_value_at(i, value);
        }
        None => {
            d.insert_new(h, key, value);
        }
    }
    Ok(())
}

/// `d[key]` on a dict object.
pub(crate) fn dict_get(heap: &Heap, d: ObjRef, key: Value) -> VmResult<Option<Value>> {
    match heap.get(d) {
        Object::Dict(dict) => dict_get_in(heap, dict, key),
        _ => Ok(None),
    }
}

/// `d[key] = value` on a dict object.
pub(crate) fn dict_set(vm: &mut Vm, d: ObjRef, key: Value, value: Value) -> VmResult<()> {
    dict_set_index(vm, d, key, value).map(|_| ())
}

/// [`dict_set`], giving the position of the entry (for an inline cache).
pub(crate) fn dict_set_index(vm: &mut Vm, d: ObjRef, key: Value, value: Value) -> VmResult<usize> {
    if !matches!(vm.heap.get(d), Object::Dict(_)) {
        return Err(type_error("not a dict"));
    }
    // Python equality whenever the key or a stored key with the same hash is a user object.
    let (h, found) = super::protocol::table_find_vm(vm, d, key)?;
    if !matches!(vm.heap.get(d), Object::Dict(_)) {
        return Err(type_error("not a dict"));
    }
    let (index, grew) = if let Object::Dict(dict) = vm.heap.get_mut(d) {
        match found {
            Some(i) => {
                dict.set_value_at(i, value);
                (i, 0)
            }
            None => {
                let cap = dict.capacity();
                let i = dict.insert_new(h, key, value);
                (i, dict.capacity().saturating_sub(cap))
            }
        }
    } else {
        (0, 0)
    };
    if grew > 0 {
        vm.heap.account((grew * 48) as isize)?;
    }
    Ok(index)
}

/// `del d[key]`; returns the removed value.
pub(crate) fn dict_del(vm: &mut Vm, d: ObjRef, key: Value) -> VmResult<Option<Value>> {
    if !matches!(vm.heap.get(d), Object::Dict(_)) {
        return Err(type_error("not a dict"));
    }
    let found = super::protocol::table_find_vm(vm, d, key)?.1;
    Ok(match (found, vm.heap.get_mut(d)) {
        (Some(i), Object::Dict(dict)) => dict.remove_at(i).map(|(_, v)| v),
        _ => None,
    })
}

/// Add `key` to a set payload.
pub(crate) fn set_add_in(heap: &Heap, s: &mut PySet, key: Value) -> VmResult<()> {
    let h = hash_value(heap, key)?;
    if s.find(h, Some(key), |k| eq(heap, k, key))?.is_none() {
        s.insert_new(h, key, ());
    }
    Ok(())
}

/// A `KeyError(key)`.
pub(crate) fn key_error(vm: &mut Vm, key: Value) -> VmError {
    match vm.new_exception(ExcKind::KeyError, &[key]) {
        Ok(e) => e,
        Err(e) => e,
    }
}

// ── subscripts ─────────────────────────────────────────────────────────────────────────────────

/// Resolve an index against `len` (negative from the end), `None` when out of range.
#[inline]
pub(crate) fn resolve_index(i: i64, len: usize) -> Option<usize> {
    let len = len as i64;
    let i = if i < 0 { i + len } else { i };
    (0..len).contains(&i).then_some(i as usize)
}

/// `slice.indices(len)`: (start, stop, step, slicelength).
pub(crate) fn slice_indices(
    heap: &Heap,
    s: &Slice,
    len: usize,
) -> VmResult<(i64, i64, i64, usize)> {
    let get = |v: Value| -> VmResult<Option<i64>> {
        match v {
            Value::None => Ok(None),
            other => match index_of(heap, other) {
                Some(Ok(i)) => Ok(Some(i)),
                Some(Err(())) => Ok(Some(
                    if int_of(heap, other).is_some_and(|b| b.is_negative()) {
                        i64::MIN / 2
                    } else {
                        i64::MAX / 2
                    },
                )),
                None => Err(type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )),
            },
        }
    };
    let step = get(s.step)?.unwrap_or(1);
    if step == 0 {
        return Err(value_error("slice step cannot be zero"));
    }
    let len = len as i64;
    let (lower, upper) = if step < 0 { (-1, len - 1) } else { (0, len) };
    let clamp = |v: Option<i64>, default: i64| match v {
        None => default,
        Some(i) if i < 0 => (i + len).max(lower),
        Some(i) => i.min(upper),
    };
    let start = clamp(get(s.start)?, if step < 0 { upper } else { lower });
    let stop = clamp(get(s.stop)?, if step < 0 { lower } else { upper });
    let n = if step > 0 {
        if stop > start {
            (stop - start - 1) / step + 1
        } else {
            0
        }
    } else if start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    };
    Ok((start, stop, step, n as usize))
}

fn slice_positions(start: i64, step: i64, n: usize) -> impl Iterator<Item = usize> {
    (0..n as i64).map(move |k| (start + k * step) as usize)
}

/// `container[key]` for builtin containers.
pub(crate) fn getitem(vm: &mut Vm, container: Value, mut key: Value) -> VmResult<Value> {
    if is_index_container(&vm.heap, container) {
        key = index_key(vm, key)?;
    }
    if let Value::Obj(r) = container {
        match vm.heap.get(r) {
            Object::Instance(_) => return crate::class::dunder::getitem(vm, container, key),
            Object::Exception(e) if !e.class.is_none() => {
                return crate::class::dunder::getitem(vm, container, key)
            }
            Object::Class(_) => {
                if let Some(f) = super::metaclass::meta_special(vm, container, "__getitem__")? {
                    return super::metaclass::call(vm, f, container, &[key]);
                }
                let k = crate::class::static_str(vm, "__class_getitem__")?;
                let id = vm.interner.intern("__class_getitem__");
                return match crate::class::lookup::class_getattr(vm, r, k, id) {
                    Ok(f) => vm.call(f, &[key]),
                    Err(_) => Err(type_error(format!(
                        "type '{}' is not subscriptable",
                        crate::class::type_name_of(vm, container)
                    ))),
                };
            }
            Object::Dict(_) => {
                return match super::protocol::dict_get_vm(vm, r, key)? {
                    Some(v) => Ok(v),
                    None => Err(key_error(vm, key)),
                };
            }
            _ => {}
        }
    }
    let Value::Obj(r) = container else {
        return Err(not_subscriptable(&vm.heap, container));
    };
    let heap = &vm.heap;
    if let Object::Range(rg) = heap.get(r) {
        return crate::types::range::subscript(vm, *rg, key);
    }
    // integer index
    if let Some(idx) = index_of(heap, key) {
        let i = idx.map_err(|()| index_error("cannot fit 'int' into an index-sized integer"));
        match heap.get(r) {
            Object::List(items) => {
                return resolve_index(i?, items.len())
                    .map(|i| items[i])
                    .ok_or_else(|| index_error("list index out of range"))
            }
            Object::Tuple(items) => {
                return resolve_index(i?, items.len())
                    .map(|i| items[i])
                    .ok_or_else(|| index_error("tuple index out of range"))
            }
            Object::Str(s) => {
                let c = resolve_index(i?, s.char_len())
                    .and_then(|i| s.char_at(i))
                    .ok_or_else(|| index_error("string index out of range"))?;
                return vm.new_str(c.to_string());
            }
            Object::Bytes(b) => {
                return resolve_index(i?, b.len())
                    .map(|i| Value::Int(i64::from(b[i])))
                    .ok_or_else(|| index_error("index out of range"))
            }
            Object::ByteArray(b) => {
                return resolve_index(i?, b.len())
                    .map(|i| Value::Int(i64::from(b[i])))
                    .ok_or_else(|| index_error("bytearray index out of range"))
            }
            Object::Range(rg) => {
                // In i128: a range may hold up to 2**64 - 1 items.
                let n = range_len(heap, rg)? as i128;
                let i = i128::from(i?);
                let i = if i < 0 { i + n } else { i };
                if !(0..n).contains(&i) {
                    return Err(index_error("range object index out of range"));
                }
                let (s, st) = (int_of(heap, rg.start), int_of(heap, rg.step));
                let v = s.unwrap_or_default() + st.unwrap_or_default() * BigInt::from(i);
                return big(&mut vm.heap, v);
            }
            _ => {}
        }
    }
    // slices
    if let Some(kr) = key.as_obj() {
        if let Object::Slice(s) = heap.get(kr) {
            let s = *s;
            return get_slice(vm, r, &s, container, key);
        }
    }
    match heap.get(r) {
        Object::List(_) | Object::Tuple(_) | Object::Str(_) | Object::Range(_) => {
            let what = match heap.get(r) {
                Object::List(_) => "list indices",
                Object::Tuple(_) => "tuple indices",
                Object::Str(_) => "string indices",
                _ => "range indices",
            };
            Err(type_error(format!(
                "{what} must be integers or slices, not {}",
                type_name(heap, key)
            )))
        }
        Object::Type(crate::types::TypeObject::Builtin(ty))
            if crate::class::alias::is_generic(*ty) =>
        {
            crate::class::alias::new_alias(vm, container, key)
        }
        _ => Err(not_subscriptable(heap, container)),
    }
}

fn not_subscriptable(heap: &Heap, v: Value) -> VmError {
    type_error(format!(
        "'{}' object is not subscriptable",
        type_name(heap, v)
    ))
}

fn get_slice(vm: &mut Vm, r: ObjRef, s: &Slice, container: Value, key: Value) -> VmResult<Value> {
    let heap = &vm.heap;
    let len = match heap.get(r) {
        Object::List(v) => v.len(),
        Object::Tuple(v) => v.len(),
        Object::Str(s) => s.char_len(),
        Object::Bytes(b) => b.len(),
        Object::Range(rg) => range_len(heap, rg)?,
        _ => {
            let _ = key;
            return Err(not_subscriptable(heap, container));
        }
    };
    let (start, stop, step, n) = slice_indices(heap, s, len)?;
    match heap.get(r) {
        Object::List(v) => {
            let out: Vec<Value> = slice_positions(start, step, n).map(|i| v[i]).collect();
            vm.new_list(out)
        }
        Object::Tuple(v) => {
            let out: Vec<Value> = slice_positions(start, step, n).map(|i| v[i]).collect();
            vm.new_tuple(out)
        }
        Object::Str(ps) => {
            let out: String = if ps.is_ascii() {
                let b = ps.as_str().as_bytes();
                slice_positions(start, step, n)
                    .map(|i| b[i] as char)
                    .collect()
            } else {
                let chars: Vec<char> = ps.as_str().chars().collect();
                slice_positions(start, step, n).map(|i| chars[i]).collect()
            };
            vm.new_str(out)
        }
        Object::Bytes(b) => {
            let out: Vec<u8> = slice_positions(start, step, n).map(|i| b[i]).collect();
            Ok(Value::Obj(vm.heap.alloc(Object::Bytes(out.into()))?))
        }
        Object::Range(rg) => {
            let (rs, rst) = (
                int_of(heap, rg.start).unwrap_or_default(),
                int_of(heap, rg.step).unwrap_or_default(),
            );
            let new_start = &rs + &rst * BigInt::from(start);
            let new_step = &rst * BigInt::from(step);
            let _ = n;
            let new_stop = &rs + &rst * BigInt::from(stop);
            let a = big(&mut vm.heap, new_start)?;
            let b = big(&mut vm.heap, new_stop)?;
            let c = big(&mut vm.heap, new_step)?;
            Ok(Value::Obj(vm.heap.alloc(Object::Range(Range {
                start: a,
                stop: b,
                step: c,
            }))?))
        }
        _ => Err(not_subscriptable(&vm.heap, container)),
    }
}

/// `container[key] = value`.
pub(crate) fn setitem(vm: &mut Vm, container: Value, mut key: Value, value: Value) -> VmResult<()> {
    if is_index_container(&vm.heap, container) {
        key = index_key(vm, key)?;
    }
    if super::protocol::is_user(&vm.heap, container) {
        return crate::class::dunder::setitem(vm, container, key, value);
    }
    let Value::Obj(r) = container else {
        return Err(type_error(format!(
            "'{}' object does not support item assignment",
            type_name(&vm.heap, container)
        )));
    };
    match vm.heap.get(r) {
        Object::Dict(_) => return dict_set(vm, r, key, value),
        Object::List(items) => {
            let len = items.len();
            if let Some(idx) = index_of(&vm.heap, key) {
                let i = idx
                    .ok()
                    .and_then(|i| resolve_index(i, len))
                    .ok_or_else(|| index_error("list assignment index out of range"))?;
                if let Object::List(items) = vm.heap.get_mut(r) {
                    items[i] = value;
                }
                return Ok(());
            }
            if let Some(kr) = key.as_obj() {
                if let Object::Slice(s) = vm.heap.get(kr) {
                    let s = *s;
                    let mark = vm.rt.temp_roots.len();
                    vm.rt.temp_roots.push(container);
                    vm.rt.temp_roots.push(key);
                    let new = crate::types::list::assigned_items(vm, value);
                    vm.rt.temp_roots.truncate(mark);
                    let new = new?;
                    let (start, stop, step, n) = slice_indices(&vm.heap, &s, len)?;
                    if let Object::List(items) = vm.heap.get_mut(r) {
                        if step == 1 {
                            let stop = stop.max(start) as usize;
                            items.splice(start as usize..stop, new);
                        } else {
                            if new.len() != n {
                                return Err(value_error(format!(
                                    "attempt to assign sequence of size {} to extended slice of size {n}",
                                    new.len()
                                )));
                            }
                            for (i, v) in slice_positions(start, step, n).zip(new) {
                                items[i] = v;
                            }
                        }
                    }
                    return Ok(());
                }
            }
            return Err(type_error(format!(
                "list indices must be integers or slices, not {}",
                type_name(&vm.heap, key)
            )));
        }
        Object::ByteArray(b) => {
            let len = b.len();
            if let (Some(Ok(i)), Some(Ok(x))) = (index_of(&vm.heap, key), index_of(&vm.heap, value))
            {
                let i = resolve_index(i, len)
                    .ok_or_else(|| index_error("bytearray index out of range"))?;
                let x =
                    u8::try_from(x).map_err(|_| value_error("byte must be in range(0, 256)"))?;
                if let Object::ByteArray(b) = vm.heap.get_mut(r) {
                    b[i] = x;
                }
                return Ok(());
            }
        }
        _ => {}
    }
    Err(type_error(format!(
        "'{}' object does not support item assignment",
        type_name(&vm.heap, container)
    )))
}

/// `del container[key]`.
pub(crate) fn delitem(vm: &mut Vm, container: Value, mut key: Value) -> VmResult<()> {
    if is_index_container(&vm.heap, container) {
        key = index_key(vm, key)?;
    }
    if super::protocol::is_user(&vm.heap, container) {
        return crate::class::dunder::delitem(vm, container, key);
    }
    let Value::Obj(r) = container else {
        return Err(type_error(format!(
            "'{}' object does not support item deletion",
            type_name(&vm.heap, container)
        )));
    };
    match vm.heap.get(r) {
        Object::Dict(_) => {
            if dict_del(vm, r, key)?.is_none() {
                return Err(key_error(vm, key));
            }
            return Ok(());
        }
        Object::List(items) => {
            let len = items.len();
            if let Some(idx) = index_of(&vm.heap, key) {
                let i = idx
                    .ok()
                    .and_then(|i| resolve_index(i, len))
                    .ok_or_else(|| index_error("list assignment index out of range"))?;
                if let Object::List(items) = vm.heap.get_mut(r) {
                    items.remove(i);
                }
                return Ok(());
            }
            if let Some(kr) = key.as_obj() {
                if let Object::Slice(s) = vm.heap.get(kr) {
                    let s = *s;
                    let (start, _, step, n) = slice_indices(&vm.heap, &s, len)?;
                    let mut drop: Vec<usize> = slice_positions(start, step, n).collect();
                    drop.sort_unstable();
                    if let Object::List(items) = vm.heap.get_mut(r) {
                        for i in drop.into_iter().rev() {
                            items.remove(i);
                        }
                    }
                    return Ok(());
                }
            }
        }
        _ => {}
    }
    Err(type_error(format!(
        "'{}' object does not support item deletion",
        type_name(&vm.heap, container)
    )))
}

/// `item in container`.
pub(crate) fn contains(vm: &mut Vm, container: Value, item: Value) -> VmResult<bool> {
    if super::protocol::is_user(&vm.heap, container) {
        return crate::class::dunder::contains(vm, container, item);
    }
    if let Some(f) = super::metaclass::meta_special(vm, container, "__contains__")? {
        let r = super::metaclass::call(vm, f, container, &[item])?;
        return crate::class::dunder::truthy(vm, r);
    }
    if let Value::Obj(r) = container {
        if matches!(
            vm.heap.get(r),
            Object::Dict(_) | Object::Set(_) | Object::FrozenSet(_)
        ) {
            return Ok(super::protocol::table_find_vm(vm, r, item)?.1.is_some());
        }
        if let Some(view) = crate::types::dictview::view_of(&vm.heap, container) {
            use crate::types::dictview::ViewKind;
            // Keys and items are looked up in the dict (Python equality where a user object
            // takes part); values are searched like a sequence, below.
            match view.kind {
                ViewKind::Keys => {
                    return Ok(super::protocol::table_find_vm(vm, view.dict, item)?
                        .1
                        .is_some());
                }
                ViewKind::Items => {
                    let pair = match item.as_obj().map(|i| vm.heap.get(i)) {
                        Some(Object::Tuple(t)) if t.len() == 2 => Some((t[0], t[1])),
                        _ => None,
                    };
                    let Some((k, v)) = pair else { return Ok(false) };
                    let (_, found) = super::protocol::table_find_vm(vm, view.dict, k)?;
                    let stored = found.and_then(|i| match vm.heap.get(view.dict) {
                        Object::Dict(d) => d.entry_at(i).map(|(_, w)| *w),
                        _ => None,
                    });
                    return match stored {
                        Some(w) => Ok(w.is(v) || eq_vm(vm, w, v)?),
                        None => Ok(false),
                    };
                }
                ViewKind::Values => {}
            }
        }
        if let Object::List(_) | Object::Tuple(_) = vm.heap.get(r) {
            if super::protocol::key_needs_python(&vm.heap, item)
                || super::protocol::key_needs_python(&vm.heap, container)
            {
                let mut i = 0;
                loop {
                    let x = match vm.heap.get(r) {
                        Object::List(v) => v.get(i).copied(),
                        Object::Tuple(v) => v.get(i).copied(),
                        _ => None,
                    };
                    let Some(x) = x else { return Ok(false) };
                    if eq_vm(vm, x, item)? {
                        return Ok(true);
                    }
                    i += 1;
                }
            }
        }
    }
    let heap = &vm.heap;
    let Value::Obj(r) = container else {
        return Err(type_error(format!(
            "argument of type '{}' is not iterable",
            type_name(heap, container)
        )));
    };
    match heap.get(r) {
        Object::List(v) => seq_contains(heap, v, item),
        Object::Tuple(v) => seq_contains(heap, v, item),
        Object::DictView(_) => crate::types::dictview::contains_view(heap, container, item),
        Object::Str(s) => match item.as_obj().map(|i| heap.get(i)) {
            Some(Object::Str(needle)) => Ok(s.as_str().contains(needle.as_str())),
            _ => Err(type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                type_name(heap, item)
            ))),
        },
        Object::Bytes(b) => match item {
            Value::Int(i) => Ok(u8::try_from(i).is_ok_and(|x| b.contains(&x))),
            _ => match item.as_obj().map(|i| heap.get(i)) {
                Some(Object::Bytes(n)) => {
                    Ok(n.is_empty() || b.windows(n.len()).any(|w| w == &n[..]))
                }
                _ => Err(type_error("a bytes-like object is required")),
            },
        },
        Object::Range(rg) => {
            let Some(x) = int_of(heap, item) else {
                return Ok(false);
            };
            let (s, e, st) = (
                int_of(heap, rg.start).unwrap_or_default(),
                int_of(heap, rg.stop).unwrap_or_default(),
                int_of(heap, rg.step).unwrap_or_default(),
            );
            let inside = if st.is_positive() {
                s <= x && x < e
            } else {
                e < x && x <= s
            };
            Ok(inside && ((x - s) % st).is_zero())
        }
        Object::Iterator(_) | Object::Generator(_) => {
            // The caller popped both operands and `iter_next` may run Python (`map`, `filter`):
            // root them until the search ends (truncating drops whatever an error path left).
            let it = container;
            let mark = vm.rt.temp_roots.len();
            vm.rt.temp_roots.push(it);
            vm.rt.temp_roots.push(item);
            let r = (|| {
                while let Some(v) = iter_next(vm, it)? {
                    if eq(&vm.heap, v, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            })();
            vm.rt.temp_roots.truncate(mark);
            r
        }
        _ => Err(type_error(format!(
            "argument of type '{}' is not iterable",
            type_name(heap, container)
        ))),
    }
}

fn seq_contains(heap: &Heap, v: &[Value], item: Value) -> VmResult<bool> {
    for &x in v {
        if x.is(item) || eq(heap, x, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `len(range)`.
pub(crate) fn range_len(heap: &Heap, r: &Range) -> VmResult<usize> {
    if let (Value::Int(a), Value::Int(b), Value::Int(s)) = (r.start, r.stop, r.step) {
        let (a, b, s) = (i128::from(a), i128::from(b), i128::from(s));
        let n = if s > 0 {
            if b > a {
                (b - a - 1) / s + 1
            } else {
                0
            }
        } else if a > b {
            (a - b - 1) / (-s) + 1
        } else {
            0
        };
        return usize::try_from(n)
            .map_err(|_| overflow_error("Python int too large to convert to C ssize_t"));
    }
    let (a, b, s) = (
        int_of(heap, r.start).unwrap_or_default(),
        int_of(heap, r.stop).unwrap_or_default(),
        int_of(heap, r.step).unwrap_or_default(),
    );
    let one = BigInt::from(1);
    let n = if s.is_positive() {
        if b > a {
            (b - a - &one) / &s + one
        } else {
            BigInt::zero()
        }
    } else if a > b {
        (a - b - &one) / (-s) + one
    } else {
        BigInt::zero()
    };
    n.to_usize()
        .ok_or_else(|| overflow_error("Python int too large to convert to C ssize_t"))
}

/// `len(v)`.
pub(crate) fn len(heap: &Heap, v: Value) -> VmResult<usize> {
    if let Value::Obj(r) = v {
        match heap.get(r) {
            Object::Str(s) => return Ok(s.char_len()),
            Object::List(x) => return Ok(x.len()),
            Object::Tuple(x) => return Ok(x.len()),
            Object::Dict(d) => return Ok(d.len()),
            Object::Set(s) | Object::FrozenSet(s) => return Ok(s.len()),
            Object::Bytes(b) => return Ok(b.len()),
            Object::ByteArray(b) => return Ok(b.len()),
            Object::Range(rg) => return range_len(heap, rg),
            Object::DictView(w) => return Ok(crate::types::dictview::len(heap, w)),
            _ => {}
        }
    }
    Err(type_error(format!(
        "object of type '{}' has no len()",
        type_name(heap, v)
    )))
}

// ── iteration ──────────────────────────────────────────────────────────────────────────────────

/// `iter(v)`: the foundations' iterator states for the builtin kinds ([`crate::iter`]).
pub(crate) fn get_iter(vm: &mut Vm, v: Value) -> VmResult<Value> {
    if super::protocol::is_user(&vm.heap, v) {
        return crate::class::dunder::iter(vm, v);
    }
    if let Some(f) = super::metaclass::meta_special(vm, v, "__iter__")? {
        return super::metaclass::call(vm, f, v, &[]);
    }
    let heap = &vm.heap;
    let Value::Obj(r) = v else {
        return Err(not_iterable(heap, v));
    };
    match heap.get(r) {
        Object::Iterator(_) | Object::Generator(_) | Object::File(_) => return Ok(v),
        _ => {}
    }
    let state = crate::iter::iter_state(heap, v)?;
    Ok(Value::Obj(vm.heap.alloc(Object::Iterator(state))?))
}

fn not_iterable(heap: &Heap, v: Value) -> VmError {
    type_error(format!("'{}' object is not iterable", type_name(heap, v)))
}

/// `next(it)`: `None` when exhausted.
pub(crate) fn iter_next(vm: &mut Vm, it: Value) -> VmResult<Option<Value>> {
    if super::protocol::is_user(&vm.heap, it) {
        return crate::class::dunder::next(vm, it);
    }
    let Value::Obj(r) = it else {
        return Err(type_error(format!(
            "'{}' object is not an iterator",
            type_name(&vm.heap, it)
        )));
    };
    let state = match vm.heap.get(r) {
        Object::Iterator(IterState::Zip { .. } | IterState::Map { .. }) => {
            vm.enter_native()?;
            let out = crate::builtins::iter_next_zip_map(vm, r);
            vm.rt.native_depth -= 1;
            return out;
        }
        Object::Iterator(IterState::GetItem { obj, index }) => {
            // The old sequence protocol: `obj[0]`, `obj[1]`, … until IndexError.
            let (obj, index) = (*obj, *index);
            vm.enter_native()?;
            let got = getitem(vm, obj, Value::Int(index));
            vm.rt.native_depth -= 1;
            return match got {
                Ok(v) => {
                    if let Object::Iterator(IterState::GetItem { index: i, .. }) =
                        vm.heap.get_mut(r)
                    {
                        *i += 1;
                    }
                    Ok(Some(v))
                }
                Err(e)
                    if matches!(e.kind(), Some(ExcKind::IndexError | ExcKind::StopIteration)) =>
                {
                    if let Object::Iterator(st) = vm.heap.get_mut(r) {
                        *st = IterState::Exhausted;
                    }
                    Ok(None)
                }
                Err(e) => Err(e),
            };
        }
        // Only the iterators that may call back into Python need their state copied out.
        Object::Iterator(
            s @ (IterState::Enumerate { .. }
            | IterState::Filter { .. }
            | IterState::Reversed { .. }
            | IterState::Call { .. }),
        ) => s.clone(),
        Object::Iterator(_) => return crate::iter::next(&mut vm.heap, r),
        Object::File(_) => return crate::types::file::next_line(vm, r),
        Object::Generator(_) => {
            return Ok(match super::gen::resume(vm, r, Value::None, None)? {
                super::gen::GenResult::Yielded(v) => Some(v),
                super::gen::GenResult::Returned(_) => None,
            })
        }
        _ => {
            return Err(type_error(format!(
                "'{}' object is not an iterator",
                type_name(&vm.heap, it)
            )))
        }
    };
    vm.enter_native()?;
    let out = crate::builtins::iter_next_ext(vm, r, state);
    vm.rt.native_depth -= 1;
    out
}

/// Every item of an iterable, in order.
pub(crate) fn collect_iterable(vm: &mut Vm, v: Value) -> VmResult<Vec<Value>> {
    if let Value::Obj(r) = v {
        match vm.heap.get(r) {
            Object::List(x) => return Ok(x.clone()),
            Object::Tuple(x) => return Ok(x.to_vec()),
            _ => {}
        }
    }
    if let Value::Obj(r) = v {
        if let Object::Range(rg) = vm.heap.get(r) {
            // Refuse an absurd length before building it (MemoryError, not an abort).
            let n = range_len(&vm.heap, rg)?;
            if (n as u128) * 16 > crate::error::MAX_SEQUENCE_BYTES as u128 {
                return Err(memory_error());
            }
        }
    }
    // `iter_next` may run Python (`map`, `filter`, generators) and so reach a safe point, and
    // callers may have popped `v` off the value stack: the iterable, the iterator and the items
    // collected so far live on the temp roots (`[v, it, items…]` from `mark`) until the end, and
    // every exit path truncates back to `mark` (also dropping anything an inner error path left).
    let mark = vm.rt.temp_roots.len();
    vm.rt.temp_roots.push(v);
    let r = (|| {
        let it = get_iter(vm, v)?;
        vm.rt.temp_roots.push(it);
        let base = mark + 2;
        let mut n = 0;
        loop {
            let x = iter_next(vm, it);
            vm.rt.temp_roots.truncate(base + n);
            match x? {
                Some(x) => {
                    vm.rt.temp_roots.push(x);
                    n += 1;
                }
                None => break,
            }
        }
        Ok(vm.rt.temp_roots.split_off(base))
    })();
    vm.rt.temp_roots.truncate(mark);
    r
}

/// `str` payload of `v`, if it is a str.
pub(crate) fn as_str(heap: &Heap, v: Value) -> Option<&PyStr> {
    match v {
        Value::Obj(r) => match heap.get(r) {
            Object::Str(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}
