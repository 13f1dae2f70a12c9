//! Classes defined in Python: creation (`class` statements, `type(name, bases, ns)`, metaclasses),
//! the C3 method resolution order, attribute lookup with the descriptor protocol, instance
//! creation, and the dunder protocol that lets instances take part in operators and builtins.
//!
//! - [`create`]: `__build_class__`, `type.__new__`, C3 MRO, `__set_name__`, `__init_subclass__`.
//! - [`lookup`]: MRO lookup, `obj.name` / `obj.name = v` / `del obj.name` on instances and
//!   classes, descriptors (functions, `property`, `staticmethod`, `classmethod`, user
//!   descriptors), `super`.
//! - [`instantiate`]: calling a class (`__new__` then `__init__`), subclasses of builtin types.
//! - [`dunder`]: operators, comparisons, `len`, `bool`, `repr`, `hash`, iteration, subscripts
//!   and calls on instances, through their class's dunder methods.
//! - [`natives`]: the builtin descriptors' and `object`'s methods, `super()`, `BaseException`'s.
//!
//! Classes are [`Object::Class`]; the builtin types stay [`Object::Type`] and appear in MROs as
//! such (`object` ends every MRO). Every class mutation bumps the VM's class epoch, which the
//! interpreter's attribute caches compare, so a cache never serves a stale lookup.

pub mod alias;
pub mod create;
pub mod dunder;
pub mod group;
pub mod instantiate;
pub mod lookup;
pub mod natives;
pub mod oserror;
pub mod syntaxerror;
pub mod upgrade;

use crate::error::VmResult;
use crate::object::Object;
use crate::types::{BuiltinType, TypeObject};
use crate::value::{ObjRef, Value};
use crate::Vm;

/// The user class of `v` (an instance of a class defined in Python, or a user exception), if any.
#[inline]
pub fn user_class_of(vm: &Vm, v: Value) -> Option<ObjRef> {
    match v.as_obj().map(|r| vm.heap.get(r))? {
        Object::Instance(i) => i.class.as_obj(),
        Object::Exception(e) => e.class.as_obj(),
        _ => None,
    }
}

/// Whether `v` is an object whose behaviour comes (at least partly) from a class defined in
/// Python: its operations must go through the dunder protocol.
#[inline]
pub fn is_user_object(vm: &Vm, v: Value) -> bool {
    crate::interp::protocol::is_user(&vm.heap, v)
}

/// The class object of `v` (`type(v)`): a user class (or metaclass), or the builtin type object.
pub fn type_of(vm: &mut Vm, v: Value) -> Value {
    crate::interp::type_of(vm, v)
}

/// The MRO of a type object (`Object::Class` or `Object::Type`) as values.
pub fn mro_of(vm: &mut Vm, t: Value) -> Vec<Value> {
    match t.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Class(c)) => c.mro.to_vec(),
        Some(Object::Type(ty)) => {
            let ty = *ty;
            builtin_mro(vm, ty)
        }
        _ => Vec::new(),
    }
}

/// The MRO of a builtin type or builtin exception class (ending with `object`).
pub fn builtin_mro(vm: &mut Vm, t: TypeObject) -> Vec<Value> {
    let mut out = Vec::new();
    match t {
        TypeObject::Exception(crate::error::ExcKind::ExceptionGroup) => {
            use crate::error::ExcKind as K;
            for k in [
                K::ExceptionGroup,
                K::BaseExceptionGroup,
                K::Exception,
                K::BaseException,
            ] {
                out.push(vm.exc_type(k));
            }
        }
        TypeObject::Exception(k) => {
            let mut c = Some(k);
            while let Some(kind) = c {
                out.push(vm.exc_type(kind));
                c = kind.parent();
            }
        }
        TypeObject::Builtin(ty) => {
            if ty != BuiltinType::Object {
                out.push(vm.type_object(ty));
                if ty == BuiltinType::Bool {
                    out.push(vm.type_object(BuiltinType::Int));
                }
            }
        }
    }
    out.push(vm.type_object(BuiltinType::Object));
    out
}

/// Whether type object `sub` is `sup` or derives from it.
pub fn is_subtype(vm: &mut Vm, sub: Value, sup: Value) -> bool {
    if sub.is(sup) {
        return true;
    }
    match sub.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Class(c)) => c.mro.iter().any(|m| m.is(sup)),
        Some(Object::Type(a)) => {
            let a = *a;
            match sup.as_obj().map(|r| vm.heap.get(r)) {
                Some(Object::Type(b)) => builtin_subtype(a, *b),
                _ => false,
            }
        }
        _ => false,
    }
}

/// `issubclass` between builtin types and builtin exception classes.
pub fn builtin_subtype(a: TypeObject, b: TypeObject) -> bool {
    match (a, b) {
        (_, TypeObject::Builtin(BuiltinType::Object)) => true,
        (TypeObject::Builtin(x), TypeObject::Builtin(y)) => {
            x == y || (x == BuiltinType::Bool && y == BuiltinType::Int)
        }
        (TypeObject::Exception(x), TypeObject::Exception(y)) => x.is_subclass(y),
        _ => false,
    }
}

/// `isinstance(v, t)` for one type object `t` (no `__instancecheck__`).
pub fn is_instance(vm: &mut Vm, v: Value, t: Value) -> bool {
    let ty = type_of(vm, v);
    if is_subtype(vm, ty, t) {
        return true;
    }
    // A bool is an int; an exception object of a builtin kind derives from its kind's bases.
    match (
        v.as_obj().map(|r| vm.heap.get(r)),
        t.as_obj().map(|r| vm.heap.get(r)),
    ) {
        (Some(Object::Exception(e)), Some(Object::Type(TypeObject::Exception(k)))) => {
            e.kind.is_subclass(*k)
        }
        _ => false,
    }
}

/// Whether `t` is a type object (a builtin type or a class).
pub fn is_type(vm: &Vm, t: Value) -> bool {
    matches!(
        t.as_obj().map(|r| vm.heap.get(r)),
        Some(Object::Type(_) | Object::Class(_))
    )
}

/// The `__name__` of a type object.
pub fn type_name_of(vm: &Vm, t: Value) -> String {
    match t.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Class(c)) => c.name.to_string(),
        Some(Object::Type(ty)) => ty.name().to_string(),
        _ => "?".into(),
    }
}

/// A str value for a static name, allocated once per VM and kept alive by it.
pub fn static_str(vm: &mut Vm, s: &'static str) -> VmResult<Value> {
    if let Some(v) = vm.rt.static_strs.get(s) {
        return Ok(*v);
    }
    let v = vm.new_str(s)?;
    vm.rt.static_strs.insert(s, v);
    Ok(v)
}

/// Bump the VM's class epoch: every attribute cache entry recorded before is stale.
pub fn bump_epoch(vm: &mut Vm) {
    vm.rt.class_epoch = vm.rt.class_epoch.wrapping_add(1);
}
