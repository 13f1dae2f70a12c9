//! Python numeric semantics: [`int`] (inline `i64` fast path, big-int slow path) and [`float`],
//! and the value-level dispatch over bool/int/float operands ([`binary_op`], [`compare`],
//! [`unary_op`]) the interpreter calls before looking for dunders.

pub mod float;
pub mod int;

use crate::error::VmResult;
use crate::heap::Heap;
use crate::value::Value;
use int::{Int, IntOrFloat};
use std::cmp::Ordering;

/// A binary arithmetic operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    TrueDiv,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
}

/// A unary operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Pos,
    /// `~x`
    Invert,
    /// `abs(x)`
    Abs,
}

/// A number read from a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Num {
    /// bool or int
    Int(Int),
    /// float
    Float(f64),
}

impl Num {
    /// Read a bool, int or float; `None` for other kinds.
    #[inline]
    pub fn from_value(heap: &Heap, v: Value) -> Option<Num> {
        match v {
            Value::Float(x) => Some(Num::Float(x)),
            v => Int::from_value(heap, v).map(Num::Int),
        }
    }

    fn to_f64(&self) -> VmResult<f64> {
        match self {
            Num::Int(i) => i.to_f64(),
            Num::Float(x) => Ok(*x),
        }
    }
}

/// `a <op> b` for numbers. `Ok(None)` means NotImplemented (an operand is not a number, or the
/// operator does not apply: `1.5 << 2`): the interpreter then tries dunders or raises TypeError.
#[inline]
pub fn binary_op(heap: &mut Heap, op: BinOp, a: Value, b: Value) -> VmResult<Option<Value>> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => {
            if let Some(r) = int_fast(op, x, y) {
                return Ok(Some(r));
            }
        }
        (Value::Float(x), Value::Float(y)) => {
            let r = match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::TrueDiv if y != 0.0 => x / y,
                _ => return binary_op_slow(heap, op, a, b),
            };
            return Ok(Some(Value::Float(r)));
        }
        _ => {}
    }
    binary_op_slow(heap, op, a, b)
}

/// Two inline ints, no overflow, no error: the interpreter's hot path.
#[inline]
fn int_fast(op: BinOp, x: i64, y: i64) -> Option<Value> {
    const EXACT: u64 = 1 << 53;
    Some(Value::Int(match op {
        BinOp::Add => x.checked_add(y)?,
        BinOp::Sub => x.checked_sub(y)?,
        BinOp::Mul => x.checked_mul(y)?,
        BinOp::FloorDiv if y != 0 => {
            let q = x.checked_div(y)?;
            if (x % y != 0) && ((x < 0) != (y < 0)) {
                q - 1
            } else {
                q
            }
        }
        BinOp::Mod if y != 0 => {
            let r = x.checked_rem(y)?;
            if r != 0 && ((r < 0) != (y < 0)) {
                r + y
            } else {
                r
            }
        }
        BinOp::TrueDiv if y != 0 && x.unsigned_abs() <= EXACT && y.unsigned_abs() <= EXACT => {
            return Some(Value::Float(x as f64 / y as f64));
        }
        BinOp::And => x & y,
        BinOp::Or => x | y,
        BinOp::Xor => x ^ y,
        BinOp::RShift if y >= 0 => x >> y.min(63),
        BinOp::LShift if (0..63).contains(&y) => {
            let r = x << y;
            if r >> y != x {
                return None;
            }
            r
        }
        _ => return None,
    }))
}

#[cold]
#[inline(never)]
fn binary_op_slow(heap: &mut Heap, op: BinOp, a: Value, b: Value) -> VmResult<Option<Value>> {
    let (Some(x), Some(y)) = (Num::from_value(heap, a), Num::from_value(heap, b)) else {
        return Ok(None);
    };
    let r = match (x, y) {
        (Num::Int(x), Num::Int(y)) => match op {
            BinOp::Add => Num::Int(x.add(&y)),
            BinOp::Sub => Num::Int(x.sub(&y)),
            BinOp::Mul => Num::Int(x.mul(&y)?),
            BinOp::TrueDiv => Num::Float(x.truediv(&y)?),
            BinOp::FloorDiv => Num::Int(x.floordiv(&y)?),
            BinOp::Mod => Num::Int(x.modulo(&y)?),
            BinOp::Pow => match x.pow(&y)? {
                IntOrFloat::Int(i) => Num::Int(i),
                IntOrFloat::Float(f) => Num::Float(f),
            },
            BinOp::LShift => Num::Int(x.shl(&y)?),
            BinOp::RShift => Num::Int(x.shr(&y)?),
            BinOp::And => Num::Int(x.bitand(&y)),
            BinOp::Or => Num::Int(x.bitor(&y)),
            BinOp::Xor => Num::Int(x.bitxor(&y)),
        },
        (x, y) => {
            let (x, y) = (x.to_f64()?, y.to_f64()?);
            Num::Float(match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::TrueDiv => float::truediv(x, y)?,
                BinOp::FloorDiv => float::floordiv(x, y)?,
                BinOp::Mod => float::modulo(x, y)?,
                BinOp::Pow => float::pow(x, y)?,
                _ => return Ok(None),
            })
        }
    };
    Ok(Some(match r {
        Num::Int(i) => i.into_value(heap)?,
        Num::Float(f) => Value::Float(f),
    }))
}

/// `divmod(a, b)` for numbers; `Ok(None)` for NotImplemented.
pub fn divmod(heap: &mut Heap, a: Value, b: Value) -> VmResult<Option<(Value, Value)>> {
    let (Some(x), Some(y)) = (Num::from_value(heap, a), Num::from_value(heap, b)) else {
        return Ok(None);
    };
    Ok(Some(match (x, y) {
        (Num::Int(x), Num::Int(y)) => {
            let (q, r) = x.divmod(&y)?;
            (q.into_value(heap)?, r.into_value(heap)?)
        }
        (x, y) => {
            let (q, r) = float::divmod(x.to_f64()?, y.to_f64()?)?;
            (Value::Float(q), Value::Float(r))
        }
    }))
}

/// `-a`, `+a`, `~a`, `abs(a)` for numbers; `Ok(None)` for NotImplemented (`~1.5`).
pub fn unary_op(heap: &mut Heap, op: UnaryOp, a: Value) -> VmResult<Option<Value>> {
    let Some(x) = Num::from_value(heap, a) else {
        return Ok(None);
    };
    Ok(Some(match x {
        Num::Int(i) => match op {
            UnaryOp::Neg => i.neg(),
            UnaryOp::Pos => i,
            UnaryOp::Invert => i.invert(),
            UnaryOp::Abs => i.abs(),
        }
        .into_value(heap)?,
        Num::Float(f) => Value::Float(match op {
            UnaryOp::Neg => -f,
            UnaryOp::Pos => f,
            UnaryOp::Abs => f.abs(),
            UnaryOp::Invert => return Ok(None),
        }),
    }))
}

/// Compare two numbers exactly (ints against floats without rounding). `Ok(None)` when either
/// is not a number; `Some(None)` when unordered (NaN).
pub fn compare(heap: &Heap, a: Value, b: Value) -> Option<Option<Ordering>> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => return Some(Some(x.cmp(&y))),
        (Value::Float(x), Value::Float(y)) => return Some(x.partial_cmp(&y)),
        _ => {}
    }
    let (x, y) = (Num::from_value(heap, a)?, Num::from_value(heap, b)?);
    Some(match (x, y) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp_int(&y)),
        (Num::Int(x), Num::Float(y)) => x.cmp_float(y),
        (Num::Float(x), Num::Int(y)) => y.cmp_float(x).map(Ordering::reverse),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(&y),
    })
}

/// `hash(n)` for a bool, int or float; `None` for other kinds.
pub fn hash(heap: &Heap, v: Value) -> Option<i64> {
    match v {
        Value::Float(x) => {
            if let Some(i) = (x.fract() == 0.0 && x.abs() < 9.0e18).then_some(x as i64) {
                return Some(crate::hash::hash_int(i));
            }
            Some(crate::hash::hash_float(x))
        }
        v => Int::from_value(heap, v).map(|i| i.hash()),
    }
}
