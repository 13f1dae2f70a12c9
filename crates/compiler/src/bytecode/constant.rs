//! Compile-time constants: the values `LOAD_CONST` pushes.

use std::fmt::{self, Write as _};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use hotpy_lexer::pyrepr::{bytes_repr, float_repr, str_repr};
use num_bigint::BigInt;
use num_traits::ToPrimitive;

use super::code::Code;

/// A constant of a code object. The VM turns each into a value when it loads the code (interning
/// strings, allocating big ints and tuples once per load, not per execution).
#[derive(Clone, Debug)]
pub enum Constant {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// An int that fits in 64 bits.
    Int(i64),
    /// Any other int. [`Constant::int`] picks `Int` when the value fits, so a given value has one
    /// form.
    BigInt(BigInt),
    /// A float.
    Float(f64),
    /// A complex (`1j`, or folded `1+2j`).
    Complex {
        /// Real part.
        re: f64,
        /// Imaginary part.
        im: f64,
    },
    /// A `str`.
    Str(Arc<str>),
    /// A `bytes`.
    Bytes(Arc<[u8]>),
    /// `...`
    Ellipsis,
    /// A tuple of constants (folded tuple displays, keyword-name tuples, default tuples).
    Tuple(Arc<[Constant]>),
    /// A frozenset of constants, in source order (`x in {1, 2}` becomes a frozenset).
    FrozenSet(Arc<[Constant]>),
    /// The code of a nested function, lambda, comprehension or class body.
    Code(Arc<Code>),
}

impl Constant {
    /// An int constant in its canonical form (`Int` when it fits in an `i64`).
    pub fn int(value: BigInt) -> Constant {
        match value.to_i64() {
            Some(v) => Constant::Int(v),
            None => Constant::BigInt(value),
        }
    }

    /// A `str` constant.
    pub fn str(s: &str) -> Constant {
        Constant::Str(Arc::from(s))
    }

    /// A `bytes` constant.
    pub fn bytes(b: &[u8]) -> Constant {
        Constant::Bytes(Arc::from(b))
    }

    /// A tuple constant.
    pub fn tuple(items: impl IntoIterator<Item = Constant>) -> Constant {
        Constant::Tuple(items.into_iter().collect())
    }

    /// Python's `repr` of the constant, as `dis` prints it. A code object prints without an address:
    /// `<code object f, file "x.py", line 3>`.
    pub fn repr(&self) -> String {
        let mut out = String::new();
        self.write_repr(&mut out);
        out
    }

    fn write_repr(&self, out: &mut String) {
        match self {
            Constant::None => out.push_str("None"),
            Constant::Bool(true) => out.push_str("True"),
            Constant::Bool(false) => out.push_str("False"),
            Constant::Int(v) => {
                let _ = write!(out, "{v}");
            }
            Constant::BigInt(v) => {
                let _ = write!(out, "{v}");
            }
            Constant::Float(x) => out.push_str(&float_repr(*x)),
            Constant::Complex { re, im } => out.push_str(&complex_repr(*re, *im)),
            Constant::Str(s) => out.push_str(&str_repr(s)),
            Constant::Bytes(b) => out.push_str(&bytes_repr(b)),
            Constant::Ellipsis => out.push_str("Ellipsis"),
            Constant::Tuple(items) => {
                out.push('(');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write_repr(out);
                }
                if items.len() == 1 {
                    out.push(',');
                }
                out.push(')');
            }
            Constant::FrozenSet(items) => {
                if items.is_empty() {
                    out.push_str("frozenset()");
                    return;
                }
                out.push_str("frozenset({");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write_repr(out);
                }
                out.push_str("})");
            }
            Constant::Code(code) => {
                let _ = write!(
                    out,
                    "<code object {}, file \"{}\", line {}>",
                    code.name(),
                    code.filename(),
                    code.first_line()
                );
            }
        }
    }
}

/// `repr(complex(re, im))`: `1j`, `(1+2j)`, `(-0-1j)`; components print like floats without a
/// trailing `.0`.
fn complex_repr(re: f64, im: f64) -> String {
    fn part(x: f64) -> String {
        let s = float_repr(x);
        match s.strip_suffix(".0") {
            Some(t) => t.to_string(),
            None => s,
        }
    }
    if re == 0.0 && re.is_sign_positive() {
        return format!("{}j", part(im));
    }
    let im_s = part(im);
    let sign = if im_s.starts_with('-') { "" } else { "+" };
    format!("({}{sign}{im_s}j)", part(re))
}

/// Constant identity for the builder's deduplication: two constants are equal when one can stand for
/// the other. So `1`, `1.0` and `True` differ (different types), `0.0` and `-0.0` differ, a NaN equals
/// a NaN with the same bits, tuples compare item by item under the same rule, and code objects by
/// identity.
impl PartialEq for Constant {
    fn eq(&self, other: &Constant) -> bool {
        match (self, other) {
            (Constant::None, Constant::None) | (Constant::Ellipsis, Constant::Ellipsis) => true,
            (Constant::Bool(a), Constant::Bool(b)) => a == b,
            (Constant::Int(a), Constant::Int(b)) => a == b,
            (Constant::BigInt(a), Constant::BigInt(b)) => a == b,
            (Constant::Float(a), Constant::Float(b)) => a.to_bits() == b.to_bits(),
            (Constant::Complex { re: a, im: b }, Constant::Complex { re: c, im: d }) => {
                a.to_bits() == c.to_bits() && b.to_bits() == d.to_bits()
            }
            (Constant::Str(a), Constant::Str(b)) => a == b,
            (Constant::Bytes(a), Constant::Bytes(b)) => a == b,
            (Constant::Tuple(a), Constant::Tuple(b))
            | (Constant::FrozenSet(a), Constant::FrozenSet(b)) => a == b,
            (Constant::Code(a), Constant::Code(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Constant {}

impl Hash for Constant {
    fn hash<H: Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            Constant::None | Constant::Ellipsis => {}
            Constant::Bool(b) => b.hash(state),
            Constant::Int(v) => v.hash(state),
            Constant::BigInt(v) => v.hash(state),
            Constant::Float(x) => x.to_bits().hash(state),
            Constant::Complex { re, im } => {
                re.to_bits().hash(state);
                im.to_bits().hash(state);
            }
            Constant::Str(s) => s.hash(state),
            Constant::Bytes(b) => b.hash(state),
            Constant::Tuple(items) | Constant::FrozenSet(items) => items.hash(state),
            Constant::Code(code) => (Arc::as_ptr(code) as usize).hash(state),
        }
    }
}

impl fmt::Display for Constant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.repr())
    }
}
