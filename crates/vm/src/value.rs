//! [`Value`]: what a variable, a stack slot or a container element holds. `Copy`, 16 bytes:
//! `None`, booleans, small ints and floats live inline; everything else is an [`ObjRef`] handle
//! into the VM's [`Heap`](crate::heap::Heap).

/// A handle to a heap object: slot index plus the slot's generation when the object was allocated.
///
/// A handle outlives its object only through a rooting bug; [`Heap::get`](crate::heap::Heap::get)
/// detects that (the generation no longer matches) instead of reading another object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjRef {
    pub(crate) index: u32,
    pub(crate) generation: u32,
}

impl ObjRef {
    /// The slot index (stable for the object's lifetime; used by `id()`).
    pub fn index(self) -> u32 {
        self.index
    }

    /// The slot generation this handle was issued for.
    pub fn generation(self) -> u32 {
        self.generation
    }

    /// A number unique among live objects, for `id()` and `is`: index and generation packed.
    pub fn id(self) -> u64 {
        (u64::from(self.generation) << 32) | u64::from(self.index)
    }

    /// The handle whose [`ObjRef::id`] is `id` (inline caches store handles as words).
    #[inline]
    pub(crate) fn from_id(id: u64) -> ObjRef {
        ObjRef {
            index: id as u32,
            generation: (id >> 32) as u32,
        }
    }
}

/// A Python value.
///
/// The derived `PartialEq` is structural (`Int(1) != Bool(true)`, `Float(NaN) != Float(NaN)`):
/// use [`ops::eq`](crate::ops::eq) for Python `==` and [`Value::is`] for `is`.
///
/// Ints are inline while they fit an `i64`; arithmetic that overflows promotes to a heap
/// `Object::BigInt`, and results that fit again are normalised back to `Int` (the invariant:
/// a heap big int never holds a value that fits `i64`, so equal ints have equal representations).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Value {
    /// `None` (also the default: what a dead dict entry holds)
    #[default]
    None,
    /// `True` / `False`
    Bool(bool),
    /// An int that fits in 64 bits.
    Int(i64),
    /// A float.
    Float(f64),
    /// Any heap object (str, big int, list, …).
    Obj(ObjRef),
}

impl Value {
    /// The heap handle, if this value is a heap object.
    #[inline]
    pub fn as_obj(self) -> Option<ObjRef> {
        match self {
            Value::Obj(r) => Some(r),
            _ => None,
        }
    }

    /// True for `None`.
    #[inline]
    pub fn is_none(self) -> bool {
        matches!(self, Value::None)
    }

    /// Python identity (`a is b`): same heap object, or same inline value. Inline ints and floats
    /// compare by value (CPython caches small ints; we extend that to all inline ints), floats by
    /// bit pattern so `nan is nan` holds for the same value.
    pub fn is(self, other: Value) -> bool {
        match (self, other) {
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (a, b) => a == b,
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Self {
        Value::Float(x)
    }
}

impl From<ObjRef> for Value {
    fn from(r: ObjRef) -> Self {
        Value::Obj(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_at_most_16_bytes() {
        assert!(std::mem::size_of::<Value>() <= 16);
        assert_eq!(std::mem::size_of::<ObjRef>(), 8);
        assert_eq!(std::mem::size_of::<Option<Value>>(), 16);
    }

    #[test]
    fn identity() {
        assert!(Value::Float(f64::NAN).is(Value::Float(f64::NAN)));
        assert!(!Value::Int(1).is(Value::Bool(true)));
        assert!(Value::None.is(Value::None));
    }
}
