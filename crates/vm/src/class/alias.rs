//! `list[int]` (`types.GenericAlias`) and `int | None` (`types.UnionType`): what annotations and
//! `typing` build from classes. They print, compare and expose `__origin__`/`__args__` as
//! CPython's do; calling an alias calls its origin; `isinstance` accepts a union (of classes)
//! and refuses a parameterized generic, with CPython's messages.

use crate::error::{type_error, VmResult};
use crate::object::{GenericAlias, Object};
use crate::types::BuiltinType;
use crate::value::Value;
use crate::Vm;

/// Whether builtin type `ty` can be parameterized (`list[int]`).
pub fn is_generic(ty: BuiltinType) -> bool {
    use BuiltinType as T;
    matches!(
        ty,
        T::List | T::Dict | T::Tuple | T::Set | T::FrozenSet | T::Type
    )
}

/// `origin[args]`.
pub fn new_alias(vm: &mut Vm, origin: Value, args: Value) -> VmResult<Value> {
    let args = match args.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Tuple(_)) => args,
        _ => vm.new_tuple(vec![args])?,
    };
    let a = GenericAlias {
        origin,
        args,
        union: false,
    };
    Ok(Value::Obj(
        vm.heap.alloc(Object::GenericAlias(Box::new(a)))?,
    ))
}

/// Whether `v` can be a member of a union: a class, `None`, an alias or a union.
fn unionable(vm: &Vm, v: Value) -> bool {
    v.is_none()
        || matches!(
            v.as_obj().map(|r| vm.heap.get(r)),
            Some(Object::Type(_) | Object::Class(_) | Object::GenericAlias(_))
        )
}

/// `a | b` for classes, `None` and aliases (`None` when the operands are not that).
pub fn union(vm: &mut Vm, a: Value, b: Value) -> VmResult<Option<Value>> {
    let either_type = [a, b].iter().any(|&v| {
        matches!(
            v.as_obj().map(|r| vm.heap.get(r)),
            Some(Object::Type(_) | Object::Class(_) | Object::GenericAlias(_))
        )
    });
    if !either_type || !unionable(vm, a) || !unionable(vm, b) {
        return Ok(None);
    }
    let mut members: Vec<Value> = Vec::new();
    for v in [a, b] {
        let flat: Vec<Value> = match v.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::GenericAlias(g)) if g.union => {
                match g.args.as_obj().map(|r| vm.heap.get(r)) {
                    Some(Object::Tuple(t)) => t.to_vec(),
                    _ => vec![],
                }
            }
            _ => vec![v],
        };
        for m in flat {
            // `None` in a union is `type(None)`.
            let m = if m.is_none() {
                vm.type_object(BuiltinType::NoneType)
            } else {
                m
            };
            if !members.iter().any(|x| x.is(m)) {
                members.push(m);
            }
        }
    }
    if members.len() == 1 {
        return Ok(Some(members[0]));
    }
    let args = vm.new_tuple(members)?;
    let u = GenericAlias {
        origin: Value::None,
        args,
        union: true,
    };
    Ok(Some(Value::Obj(
        vm.heap.alloc(Object::GenericAlias(Box::new(u)))?,
    )))
}

/// The members of a union (for `isinstance`/`issubclass`), or `Err` for a parameterized generic.
pub fn check_members(vm: &Vm, v: Value, fname: &str) -> VmResult<Option<Vec<Value>>> {
    match v.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::GenericAlias(g)) if g.union => {
            Ok(match g.args.as_obj().map(|r| vm.heap.get(r)) {
                Some(Object::Tuple(t)) => Some(t.to_vec()),
                _ => Some(vec![]),
            })
        }
        Some(Object::GenericAlias(_)) => Err(type_error(format!(
            "{fname}() argument 2 cannot be a parameterized generic"
        ))),
        _ => Ok(None),
    }
}

/// The repr of an alias member: classes by qualified name, `...`, `None` for `NoneType`.
fn member_repr(vm: &mut Vm, v: Value) -> VmResult<String> {
    match v.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Type(t)) if t.name() == "NoneType" => Ok("None".into()),
        Some(Object::Type(t)) => Ok(t.name().to_string()),
        Some(Object::Class(_)) => Ok(super::create::qualified_name(vm, v)),
        Some(Object::Ellipsis) => Ok("...".into()),
        _ => crate::interp::format::repr(vm, v),
    }
}

/// `repr(alias)`: `list[int]`, `dict[str, int]`, `int | None`.
pub fn repr(vm: &mut Vm, r: crate::value::ObjRef) -> VmResult<String> {
    let Object::GenericAlias(g) = vm.heap.get(r) else {
        return Ok(String::new());
    };
    let (origin, args, union) = (g.origin, g.args, g.union);
    let items: Vec<Value> = match args.as_obj().map(|a| vm.heap.get(a)) {
        Some(Object::Tuple(t)) => t.to_vec(),
        _ => vec![],
    };
    let mut parts = Vec::with_capacity(items.len());
    for i in items {
        parts.push(member_repr(vm, i)?);
    }
    if union {
        return Ok(parts.join(" | "));
    }
    let o = member_repr(vm, origin)?;
    if parts.is_empty() {
        return Ok(format!("{o}[()]"));
    }
    Ok(format!("{o}[{}]", parts.join(", ")))
}

/// `alias.name`: `__origin__`, `__args__`, `__parameters__`; else the origin's attribute.
pub fn getattr(vm: &mut Vm, r: crate::value::ObjRef, name: &str) -> VmResult<Option<Value>> {
    let Object::GenericAlias(g) = vm.heap.get(r) else {
        return Ok(None);
    };
    let (origin, args, union) = (g.origin, g.args, g.union);
    Ok(match name {
        "__origin__" if !union => Some(origin),
        "__args__" => Some(args),
        "__parameters__" => Some(vm.new_tuple(Vec::new())?),
        _ => None,
    })
}

/// `alias(*args)`: a union cannot be called; an alias calls its origin.
pub fn call(
    vm: &mut Vm,
    r: crate::value::ObjRef,
    args: &[Value],
    kwnames: &[Value],
) -> VmResult<Value> {
    let Object::GenericAlias(g) = vm.heap.get(r) else {
        return Err(type_error("not an alias"));
    };
    if g.union {
        return Err(type_error("'types.UnionType' object is not callable"));
    }
    let origin = g.origin;
    vm.call_kw(origin, args, kwnames)
}
