//! Python `int` semantics: an inline `i64` fast path and a `BigInt` slow path, normalised back
//! to inline whenever the result fits.
//!
//! [`Int`] is an owned, heap-free view of an int value: read one with [`Int::from_value`], compute,
//! and store the result with [`Int::into_value`] (which allocates a heap big int only when needed).
//! Every operation follows CPython 3.11: floor division and modulo take the divisor's sign, true
//! division is correctly rounded, error messages are CPython's.

use crate::error::{memory_error, overflow_error, value_error, zero_division, VmError, VmResult};
use crate::hash;
use crate::heap::Heap;
use crate::object::Object;
use crate::value::Value;
use num_bigint::{BigInt, Sign};
use num_traits::{FromPrimitive, One, Signed, ToPrimitive, Zero};
use std::cmp::Ordering;

/// Results larger than this many bits are refused with `MemoryError` instead of being computed
/// (CPython would try for minutes and exhaust memory): 2**28 bits is a 32 MiB integer.
pub const MAX_INT_BITS: u64 = 1 << 28;

/// CPython 3.11's default `sys.get_int_max_str_digits()`: decimal conversions of ints with more
/// digits are refused (CVE-2020-10735 mitigation).
pub const MAX_STR_DIGITS: usize = 4300;

/// An int value, owned and detached from the heap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Int {
    /// Fits in 64 bits.
    Small(i64),
    /// Any size (may transiently hold a value that fits `i64`; [`Int::into_value`] normalises).
    Big(BigInt),
}

/// An int or a float: the result of `int ** int`.
#[derive(Clone, Debug, PartialEq)]
pub enum IntOrFloat {
    /// An int.
    Int(Int),
    /// A float.
    Float(f64),
}

/// An int value from a big int: inline when it fits `i64`, else a heap big int.
pub fn normalize(heap: &mut Heap, n: BigInt) -> VmResult<Value> {
    match n.to_i64() {
        Some(i) => Ok(Value::Int(i)),
        None => Ok(Value::Obj(heap.alloc(Object::BigInt(n))?)),
    }
}

impl From<i64> for Int {
    fn from(i: i64) -> Self {
        Int::Small(i)
    }
}

impl From<BigInt> for Int {
    fn from(b: BigInt) -> Self {
        Int::Big(b).normalized()
    }
}

impl Int {
    /// Read an int (or bool) value; `None` for other kinds.
    #[inline]
    pub fn from_value(heap: &Heap, v: Value) -> Option<Int> {
        match v {
            Value::Int(i) => Some(Int::Small(i)),
            Value::Bool(b) => Some(Int::Small(b as i64)),
            Value::Obj(r) => match heap.try_get(r).ok()? {
                Object::BigInt(b) => Some(Int::Big(b.clone())),
                _ => None,
            },
            _ => None,
        }
    }

    /// Store as a value: inline when it fits, else a new heap big int.
    #[inline]
    pub fn into_value(self, heap: &mut Heap) -> VmResult<Value> {
        match self {
            Int::Small(i) => Ok(Value::Int(i)),
            Int::Big(b) => normalize(heap, b),
        }
    }

    /// Small when it fits.
    pub fn normalized(self) -> Int {
        match self {
            Int::Big(b) => match b.to_i64() {
                Some(i) => Int::Small(i),
                None => Int::Big(b),
            },
            s => s,
        }
    }

    /// As a `BigInt` (clones for big values).
    pub fn to_big(&self) -> BigInt {
        match self {
            Int::Small(i) => BigInt::from(*i),
            Int::Big(b) => b.clone(),
        }
    }

    /// The value as `i64` if it fits.
    pub fn to_i64(&self) -> Option<i64> {
        match self {
            Int::Small(i) => Some(*i),
            Int::Big(b) => b.to_i64(),
        }
    }

    /// The value as an index-sized integer (`i64`), or CPython's `OverflowError: cannot fit 'int'
    /// into an index-sized integer` (for `seq * n`, `seq[i]`, `range` lengths…).
    pub fn to_index(&self) -> VmResult<i64> {
        self.to_i64()
            .ok_or_else(|| overflow_error("cannot fit 'int' into an index-sized integer"))
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        match self {
            Int::Small(i) => *i == 0,
            Int::Big(b) => b.is_zero(),
        }
    }

    /// True for negative values.
    pub fn is_negative(&self) -> bool {
        match self {
            Int::Small(i) => *i < 0,
            Int::Big(b) => b.is_negative(),
        }
    }

    /// `int.bit_length()`.
    pub fn bits(&self) -> u64 {
        match self {
            Int::Small(i) => u64::from(64 - i.unsigned_abs().leading_zeros()),
            Int::Big(b) => b.bits(),
        }
    }

    /// `a + b`
    #[inline]
    pub fn add(&self, other: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            if let Some(r) = a.checked_add(*b) {
                return Int::Small(r);
            }
        }
        Int::from(self.to_big() + other.to_big())
    }

    /// `a - b`
    #[inline]
    pub fn sub(&self, other: &Int) -> Int {
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            if let Some(r) = a.checked_sub(*b) {
                return Int::Small(r);
            }
        }
        Int::from(self.to_big() - other.to_big())
    }

    /// `a * b`
    #[inline]
    pub fn mul(&self, other: &Int) -> VmResult<Int> {
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            if let Some(r) = a.checked_mul(*b) {
                return Ok(Int::Small(r));
            }
        }
        if self.bits() + other.bits() > MAX_INT_BITS {
            return Err(memory_error());
        }
        Ok(Int::from(self.to_big() * other.to_big()))
    }

    /// `-a`
    pub fn neg(&self) -> Int {
        match self {
            Int::Small(i) => match i.checked_neg() {
                Some(r) => Int::Small(r),
                None => Int::Big(-BigInt::from(*i)),
            },
            Int::Big(b) => Int::from(-b),
        }
    }

    /// `abs(a)`
    pub fn abs(&self) -> Int {
        if self.is_negative() {
            self.neg()
        } else {
            self.clone()
        }
    }

    /// `~a`
    pub fn invert(&self) -> Int {
        match self {
            Int::Small(i) => Int::Small(!i),
            Int::Big(b) => Int::from(-b - 1),
        }
    }

    /// `divmod(a, b)` with Python signs (the remainder takes the divisor's sign).
    pub fn divmod(&self, other: &Int) -> VmResult<(Int, Int)> {
        if other.is_zero() {
            return Err(zero_division("integer division or modulo by zero"));
        }
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            if let (Some(q), Some(r)) = (a.checked_div(*b), a.checked_rem(*b)) {
                return Ok(if r != 0 && ((r < 0) != (*b < 0)) {
                    (Int::Small(q - 1), Int::Small(r + b))
                } else {
                    (Int::Small(q), Int::Small(r))
                });
            }
        }
        let (a, b) = (self.to_big(), other.to_big());
        let (q, r) = (&a / &b, &a % &b);
        Ok(if !r.is_zero() && (r.is_negative() != b.is_negative()) {
            (Int::from(q - 1), Int::from(r + b))
        } else {
            (Int::from(q), Int::from(r))
        })
    }

    /// `a // b`
    pub fn floordiv(&self, other: &Int) -> VmResult<Int> {
        Ok(self.divmod(other)?.0)
    }

    /// `a % b`
    pub fn modulo(&self, other: &Int) -> VmResult<Int> {
        if other.is_zero() {
            return Err(zero_division("integer modulo by zero"));
        }
        Ok(self.divmod(other)?.1)
    }

    /// `a / b`: correctly rounded (CPython's algorithm for big operands).
    pub fn truediv(&self, other: &Int) -> VmResult<f64> {
        if other.is_zero() {
            return Err(zero_division("division by zero"));
        }
        const EXACT: u64 = 1 << 53;
        if let (Int::Small(a), Int::Small(b)) = (self, other) {
            if a.unsigned_abs() <= EXACT && b.unsigned_abs() <= EXACT {
                return Ok(*a as f64 / *b as f64);
            }
        }
        big_truediv(&self.to_big(), &other.to_big())
    }

    /// `a ** b` (a negative exponent gives a float, as CPython).
    pub fn pow(&self, exp: &Int) -> VmResult<IntOrFloat> {
        if exp.is_negative() {
            let base = self.to_f64()?;
            let e = exp.to_f64()?;
            return super::float::pow(base, e).map(IntOrFloat::Float);
        }
        let Some(e) = exp.to_i64().and_then(|e| u64::try_from(e).ok()) else {
            return match self.to_i64() {
                Some(0) => Ok(IntOrFloat::Int(Int::Small(0))),
                Some(1) => Ok(IntOrFloat::Int(Int::Small(1))),
                Some(-1) => Ok(IntOrFloat::Int(Int::Small(if exp.is_even() {
                    1
                } else {
                    -1
                }))),
                _ => Err(memory_error()),
            };
        };
        if let Int::Small(b) = self {
            if let Ok(e32) = u32::try_from(e) {
                if let Some(r) = b.checked_pow(e32) {
                    return Ok(IntOrFloat::Int(Int::Small(r)));
                }
            }
            match b {
                0 | 1 => return Ok(IntOrFloat::Int(Int::Small(*b))),
                -1 => return Ok(IntOrFloat::Int(Int::Small(if e % 2 == 0 { 1 } else { -1 }))),
                _ => {}
            }
        }
        // The result has at most bits(base) * e bits (exactly (bits - 1) * e + 1 for a power
        // of two).
        let base = self.to_big();
        let m = base.magnitude();
        let per = if m.count_ones() == 1 {
            self.bits() - 1
        } else {
            self.bits()
        };
        if per.saturating_mul(e) > MAX_INT_BITS {
            return Err(memory_error());
        }
        if m.count_ones() == 1 {
            // a power of two: a shift
            let shift = (m.bits() - 1) * e;
            let mut r = BigInt::one() << shift;
            if base.is_negative() && e % 2 == 1 {
                r = -r;
            }
            return Ok(IntOrFloat::Int(Int::from(r)));
        }
        let e32 = u32::try_from(e).map_err(|_| memory_error())?;
        Ok(IntOrFloat::Int(Int::from(num_traits::pow::Pow::pow(
            &base, e32,
        ))))
    }

    /// True when even.
    pub fn is_even(&self) -> bool {
        match self {
            Int::Small(i) => i % 2 == 0,
            Int::Big(b) => !b.bit(0),
        }
    }

    /// `pow(a, b, m)`: a negative exponent needs an inverse of `a` modulo `m`; the result takes
    /// `m`'s sign.
    pub fn pow_mod(&self, exp: &Int, modulus: &Int) -> VmResult<Int> {
        if modulus.is_zero() {
            return Err(value_error("pow() 3rd argument cannot be 0"));
        }
        let m = modulus.to_big();
        let am = m.abs();
        if am.is_one() {
            return Ok(Int::Small(0));
        }
        let mut base = self.to_big().mod_floor_big(&am);
        let mut e = exp.to_big();
        if e.is_negative() {
            base = mod_inverse(&base, &am)
                .ok_or_else(|| value_error("base is not invertible for the given modulus"))?;
            e = -e;
        }
        let mut r = base.modpow(&e, &am);
        if m.is_negative() && !r.is_zero() {
            r += &m;
        }
        Ok(Int::from(r))
    }

    /// `a << n`
    pub fn shl(&self, n: &Int) -> VmResult<Int> {
        if n.is_negative() {
            return Err(value_error("negative shift count"));
        }
        if self.is_zero() {
            return Ok(Int::Small(0));
        }
        let n = n.to_i64().ok_or_else(memory_error)? as u64;
        if let Int::Small(a) = self {
            if n < 63 {
                let r = a.wrapping_shl(n as u32);
                if r >> n == *a {
                    return Ok(Int::Small(r));
                }
            }
        }
        if self.bits().saturating_add(n) > MAX_INT_BITS {
            return Err(memory_error());
        }
        Ok(Int::from(self.to_big() << n))
    }

    /// `a >> n` (floor: rounds toward negative infinity).
    pub fn shr(&self, n: &Int) -> VmResult<Int> {
        if n.is_negative() {
            return Err(value_error("negative shift count"));
        }
        let n = n.to_i64().map_or(u64::MAX, |n| n as u64);
        match self {
            Int::Small(a) => Ok(Int::Small(if n >= 64 {
                if *a < 0 {
                    -1
                } else {
                    0
                }
            } else {
                a >> n
            })),
            Int::Big(b) => {
                if n >= b.bits() {
                    return Ok(Int::Small(if b.is_negative() { -1 } else { 0 }));
                }
                Ok(Int::from(b >> n))
            }
        }
    }

    /// `a & b` (two's complement semantics for negatives).
    pub fn bitand(&self, other: &Int) -> Int {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a & b),
            _ => Int::from(self.to_big() & other.to_big()),
        }
    }

    /// `a | b`
    pub fn bitor(&self, other: &Int) -> Int {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a | b),
            _ => Int::from(self.to_big() | other.to_big()),
        }
    }

    /// `a ^ b`
    pub fn bitxor(&self, other: &Int) -> Int {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => Int::Small(a ^ b),
            _ => Int::from(self.to_big() ^ other.to_big()),
        }
    }

    /// Compare two ints.
    pub fn cmp_int(&self, other: &Int) -> Ordering {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => a.cmp(b),
            _ => self.to_big().cmp(&other.to_big()),
        }
    }

    /// Compare with a float exactly (`None` when `x` is NaN), as CPython: `2**53 + 1 > 2.0**53`.
    pub fn cmp_float(&self, x: f64) -> Option<Ordering> {
        if x.is_nan() {
            return None;
        }
        if x.is_infinite() {
            return Some(if x > 0.0 {
                Ordering::Less
            } else {
                Ordering::Greater
            });
        }
        if let Int::Small(i) = self {
            if i.unsigned_abs() <= 1 << 53 {
                return (*i as f64).partial_cmp(&x);
            }
        }
        let t = x.trunc();
        let ti = BigInt::from_f64(t)?;
        match self.to_big().cmp(&ti) {
            Ordering::Equal => 0.0f64.partial_cmp(&(x - t)),
            o => Some(o),
        }
    }

    /// `float(a)`: correctly rounded; `OverflowError` when out of range.
    pub fn to_f64(&self) -> VmResult<f64> {
        let f = match self {
            Int::Small(i) => return Ok(*i as f64),
            Int::Big(b) => b.to_f64().unwrap_or(f64::INFINITY),
        };
        if f.is_infinite() {
            return Err(overflow_error("int too large to convert to float"));
        }
        Ok(f)
    }

    /// `int(x)` for a float: truncates toward zero.
    pub fn from_f64(x: f64) -> VmResult<Int> {
        if x.is_nan() {
            return Err(value_error("cannot convert float NaN to integer"));
        }
        if x.is_infinite() {
            return Err(overflow_error("cannot convert float infinity to integer"));
        }
        let t = x.trunc();
        if t.abs() < 9.2e18 {
            return Ok(Int::Small(t as i64));
        }
        Ok(Int::from(BigInt::from_f64(t).unwrap_or_default()))
    }

    /// `hash(a)` as CPython.
    pub fn hash(&self) -> i64 {
        match self {
            Int::Small(i) => hash::hash_int(*i),
            Int::Big(b) => hash::hash_bigint(b),
        }
    }

    /// `str(a)` (decimal); `ValueError` past CPython's 4300-digit limit.
    pub fn to_decimal(&self) -> VmResult<String> {
        match self {
            Int::Small(i) => Ok(i.to_string()),
            Int::Big(b) => {
                // 4300 digits need at most 14285 bits: refuse far bigger ints before converting.
                if b.bits() > 14_300 {
                    return Err(str_digits_error());
                }
                let s = b.to_string();
                if s.trim_start_matches('-').len() > MAX_STR_DIGITS {
                    return Err(str_digits_error());
                }
                Ok(s)
            }
        }
    }

    /// Digits in `radix` (2, 8, 10 or 16, lower case) with an optional prefix (`0b`, `0o`, `0x`)
    /// after the sign: `bin`, `oct`, `hex` and the format codes.
    pub fn to_radix(&self, radix: u32, prefix: bool) -> VmResult<String> {
        if radix == 10 {
            return self.to_decimal();
        }
        let (neg, digits) = match self {
            Int::Small(i) => {
                let m = i.unsigned_abs();
                (
                    *i < 0,
                    match radix {
                        2 => format!("{m:b}"),
                        8 => format!("{m:o}"),
                        _ => format!("{m:x}"),
                    },
                )
            }
            Int::Big(b) => (b.is_negative(), b.magnitude().to_str_radix(radix)),
        };
        let p = match (prefix, radix) {
            (false, _) => "",
            (true, 2) => "0b",
            (true, 8) => "0o",
            (true, _) => "0x",
        };
        Ok(format!("{}{p}{digits}", if neg { "-" } else { "" }))
    }

    /// `int(s, base)` with CPython's rules: surrounding whitespace, a sign, base prefixes (base 0
    /// infers the base and rejects leading zeros), single underscores between digits. Non-ASCII
    /// decimal digits are not accepted yet.
    pub fn parse(s: &str, base: u32) -> VmResult<Int> {
        if base == 1 || base > 36 {
            return Err(value_error("int() base must be >= 2 and <= 36, or 0"));
        }
        let invalid = || {
            let mut r = hotpy_lexer::pyrepr::str_repr(s);
            if r.chars().count() > 200 {
                r = r.chars().take(200).collect();
            }
            value_error(format!("invalid literal for int() with base {base}: {r}"))
        };
        let t = s.trim();
        let (neg, t) = match t.as_bytes().first() {
            Some(b'-') => (true, &t[1..]),
            Some(b'+') => (false, &t[1..]),
            _ => (false, t),
        };
        let lower2 = t.get(..2).map(|p| p.to_ascii_lowercase());
        let prefixed = |p: &str| lower2.as_deref() == Some(p);
        let (radix, body, had_prefix) = match base {
            0 if prefixed("0x") => (16, &t[2..], true),
            0 if prefixed("0o") => (8, &t[2..], true),
            0 if prefixed("0b") => (2, &t[2..], true),
            0 => (10, t, false),
            16 if prefixed("0x") => (16, &t[2..], true),
            8 if prefixed("0o") => (8, &t[2..], true),
            2 if prefixed("0b") => (2, &t[2..], true),
            b => (b, t, false),
        };
        let body = if had_prefix {
            body.strip_prefix('_').unwrap_or(body)
        } else {
            body
        };
        let mut digits = Vec::with_capacity(body.len());
        let mut prev_underscore = true; // no leading underscore
        for c in body.chars() {
            if c == '_' {
                if prev_underscore {
                    return Err(invalid());
                }
                prev_underscore = true;
                continue;
            }
            match c.to_digit(radix) {
                Some(_) => digits.push(c as u8),
                None => return Err(invalid()),
            }
            prev_underscore = false;
        }
        if digits.is_empty() || prev_underscore {
            return Err(invalid());
        }
        if base == 0 && !had_prefix && digits[0] == b'0' && digits.iter().any(|&d| d != b'0') {
            return Err(invalid());
        }
        if !radix.is_power_of_two() && digits.len() > MAX_STR_DIGITS {
            return Err(value_error(format!(
                "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: \
                 value has {} digits; use sys.set_int_max_str_digits() to increase the limit",
                digits.len()
            )));
        }
        let text = std::str::from_utf8(&digits).map_err(|_| invalid())?;
        if let Ok(u) = u64::from_str_radix(text, radix) {
            if neg {
                if u <= 1 << 63 {
                    return Ok(Int::Small((u as i64).wrapping_neg()));
                }
            } else if let Ok(i) = i64::try_from(u) {
                return Ok(Int::Small(i));
            }
        }
        let mag = BigInt::parse_bytes(&digits, radix).ok_or_else(invalid)?;
        Ok(Int::from(if neg { -mag } else { mag }))
    }
}

#[cold]
fn str_digits_error() -> VmError {
    value_error(format!(
        "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion; \
         use sys.set_int_max_str_digits() to increase the limit"
    ))
}

trait ModFloor {
    fn mod_floor_big(&self, m: &BigInt) -> BigInt;
}

impl ModFloor for BigInt {
    fn mod_floor_big(&self, m: &BigInt) -> BigInt {
        let r = self % m;
        if !r.is_zero() && (r.is_negative() != m.is_negative()) {
            r + m
        } else {
            r
        }
    }
}

/// The inverse of `a` modulo `m` (`m > 1`), by the extended Euclidean algorithm.
fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let (mut old_r, mut r) = (a.clone(), m.clone());
    let (mut old_s, mut s) = (BigInt::one(), BigInt::zero());
    while !r.is_zero() {
        let q = &old_r / &r;
        let nr = &old_r - &q * &r;
        old_r = std::mem::replace(&mut r, nr);
        let ns = &old_s - &q * &s;
        old_s = std::mem::replace(&mut s, ns);
    }
    if !old_r.is_one() {
        return None;
    }
    Some(old_s.mod_floor_big(m))
}

/// `a / b` for big ints, correctly rounded (CPython's `long_true_divide`).
fn big_truediv(a: &BigInt, b: &BigInt) -> VmResult<f64> {
    const MANT: i64 = 53;
    const MIN_EXP: i64 = -1021;
    const MAX_EXP: i64 = 1024;
    let negative = a.sign() == Sign::Minus && b.sign() != Sign::Minus
        || a.sign() != Sign::Minus && b.sign() == Sign::Minus;
    let sign = if negative { -1.0 } else { 1.0 };
    let (a, b) = (a.magnitude(), b.magnitude());
    if a.is_zero() {
        return Ok(sign * 0.0);
    }
    let diff = a.bits() as i64 - b.bits() as i64;
    if diff > MAX_EXP {
        return Err(overflow_error(
            "integer division result too large for a float",
        ));
    }
    if diff < MIN_EXP - MANT - 1 {
        return Ok(sign * 0.0);
    }
    let shift = diff.max(MIN_EXP) - MANT - 2;
    let mut inexact = false;
    let x = if shift <= 0 {
        a << (-shift) as u64
    } else {
        let x = a >> shift as u64;
        inexact = (&x << shift as u64) != *a;
        x
    };
    let (mut x, rem) = (&x / b, &x % b);
    inexact |= !rem.is_zero();
    let x_bits = x.bits() as i64;
    let extra = x_bits.max(MIN_EXP - shift) - MANT;
    debug_assert!(extra >= 2);
    let mask = num_bigint::BigUint::one() << (extra - 1) as u64;
    let low_mask = (&mask << 1u32) - 1u32;
    // the bits below the kept part plus the lowest kept bit (for ties to even)
    let mut low = &x & ((&mask << 2u32) - 1u32);
    if inexact {
        low |= num_bigint::BigUint::one();
    }
    let three_mask_minus_1 = &mask * 3u32 - 1u32;
    if !(&low & &mask).is_zero() && !(&low & &three_mask_minus_1).is_zero() {
        x += &mask;
    }
    x = &x - (&x & &low_mask);
    let dx = x.to_f64().unwrap_or(f64::INFINITY);
    if shift + x_bits >= MAX_EXP && (shift + x_bits > MAX_EXP || dx == ldexp(1.0, x_bits as i32)) {
        return Err(overflow_error(
            "integer division result too large for a float",
        ));
    }
    Ok(sign * ldexp(dx, shift as i32))
}

/// `x * 2**e`, exact when the result is representable (multiplies in steps that stay normal).
pub fn ldexp(mut x: f64, mut e: i32) -> f64 {
    let pow2 = |k: i32| f64::from_bits(((k + 1023) as u64) << 52);
    while e > 1000 {
        x *= pow2(1000);
        e -= 1000;
        if x.is_infinite() {
            return x;
        }
    }
    while e < -1000 {
        x *= pow2(-1000);
        e += 1000;
        if x == 0.0 {
            return x;
        }
    }
    if e >= -1022 {
        x * pow2(e)
    } else {
        // the last step may be subnormal: do it as one multiplication by a normal power
        x * pow2(e + 60) * pow2(-60)
    }
}
