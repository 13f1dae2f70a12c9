//! Attribute lookup on classes, instances and `super` objects, with the descriptor protocol:
//! data descriptors (`property`, user classes with `__set__`/`__delete__`) win over the instance
//! dict, which wins over methods and other class attributes; `__getattribute__`,
//! `__getattr__`, `__setattr__` and `__delattr__` hooks are honoured.

use super::{is_type, static_str, type_name_of};
use crate::error::{type_error, ExcKind, VmError, VmResult};
use crate::intern::Name;
use crate::interp::ops;
use crate::object::{BoundMethod, Object};
use crate::types::{BuiltinType, TypeObject};
use crate::value::{ObjRef, Value};
use crate::Vm;

/// Where an attribute was found along an MRO.
#[derive(Clone, Copy, Debug)]
pub struct Found {
    /// The attribute.
    pub value: Value,
    /// The builtin type whose method table held it, or `None` for a class dict.
    pub builtin: Option<TypeObject>,
}

/// A class's `__new__` and `__init__`, as [`mro_lookup`] finds them.
#[derive(Clone, Copy, Debug)]
pub struct Constructors {
    /// `__new__`.
    pub new: Option<Found>,
    /// `__init__`.
    pub init: Option<Found>,
}

/// The `__new__` and `__init__` of class `cls`: looked up along its MRO once, then cached
/// until a class changes (every instantiation needs both; two MRO walks and two name
/// lookups per call were a fifth of the time of a loop creating small objects).
pub fn constructors(vm: &mut Vm, cls: ObjRef) -> VmResult<Constructors> {
    class_caches_current(vm);
    // A class's id is reused only by a class allocated after a collection freed it, and a new
    // class bumps the epoch: an entry cannot outlive its class.
    if let Some(&found) = vm.rt.ctor_cache.get(&cls.id()) {
        return Ok(found);
    }
    let (new_id, init_id) = (vm.names().new, vm.names().init);
    let new_key = static_str(vm, "__new__")?;
    let init_key = static_str(vm, "__init__")?;
    let found = Constructors {
        new: mro_lookup(vm, Value::Obj(cls), new_key, new_id)?,
        init: mro_lookup(vm, Value::Obj(cls), init_key, init_id)?,
    };
    vm.rt.ctor_cache.insert(cls.id(), found);
    Ok(found)
}

/// Empty the per-class caches (special methods, constructors) if a class changed since they
/// were filled.
fn class_caches_current(vm: &mut Vm) {
    let epoch = vm.rt.class_epoch;
    if vm.rt.class_caches_epoch != epoch {
        vm.rt.special_cache.clear();
        vm.rt.ctor_cache.clear();
        vm.rt.class_caches_epoch = epoch;
    }
}

/// Look `name` up along the MRO of the type object `cls` (class dicts, then builtin types'
/// methods), without descriptor binding.
pub fn mro_lookup(vm: &mut Vm, cls: Value, name: Value, name_id: Name) -> VmResult<Option<Found>> {
    let Some(r) = cls.as_obj() else {
        return Ok(None);
    };
    let n = match vm.heap.get(r) {
        Object::Class(c) => c.mro.len(),
        Object::Type(t) => {
            let t = *t;
            return Ok(builtin_chain_lookup(vm, t, name_id));
        }
        _ => return Ok(None),
    };
    for i in 0..n {
        let entry = match vm.heap.get(r) {
            Object::Class(c) => match c.mro.get(i) {
                Some(e) => *e,
                None => break,
            },
            _ => break,
        };
        match entry.as_obj().map(|e| (e, vm.heap.get(e))) {
            Some((_, Object::Class(c))) => {
                let d = c.dict;
                if let Some(v) = ops::dict_get(&vm.heap, d, name)? {
                    return Ok(Some(Found {
                        value: v,
                        builtin: None,
                    }));
                }
            }
            Some((_, Object::Type(t))) => {
                let t = *t;
                if let Some(v) = builtin_type_attr(vm, t, name_id) {
                    return Ok(Some(Found {
                        value: v,
                        builtin: Some(t),
                    }));
                }
            }
            _ => {}
        }
    }
    Ok(None)
}

/// A builtin type's own attribute or one of its builtin bases' (`bool` → `int` → `object`).
fn builtin_chain_lookup(vm: &mut Vm, t: TypeObject, name_id: Name) -> Option<Found> {
    let mut chain = vec![t];
    match t {
        TypeObject::Exception(k) => {
            let mut c = k.parent();
            while let Some(p) = c {
                chain.push(TypeObject::Exception(p));
                c = p.parent();
            }
        }
        TypeObject::Builtin(BuiltinType::Bool) => chain.push(TypeObject::Builtin(BuiltinType::Int)),
        _ => {}
    }
    if t != TypeObject::Builtin(BuiltinType::Object) {
        chain.push(TypeObject::Builtin(BuiltinType::Object));
    }
    for t in chain {
        if let Some(v) = builtin_type_attr(vm, t, name_id) {
            return Some(Found {
                value: v,
                builtin: Some(t),
            });
        }
    }
    None
}

/// The method `name_id` a builtin type defines itself (exception classes share
/// `BaseException`'s table, which only the root answers).
fn builtin_type_attr(vm: &mut Vm, t: TypeObject, name_id: Name) -> Option<Value> {
    match t {
        TypeObject::Builtin(ty) => vm.builtin_method(ty, name_id),
        TypeObject::Exception(crate::error::ExcKind::BaseException) => {
            vm.builtin_method(BuiltinType::Exception, name_id)
        }
        TypeObject::Exception(_) => None,
    }
}

/// Look `name` up in the classes defined in Python along `cls`'s MRO only (the builtin types'
/// own behaviour is not a dunder the protocol should call).
pub fn user_lookup(vm: &mut Vm, cls: ObjRef, name: Value) -> VmResult<Option<Value>> {
    let n = match vm.heap.get(cls) {
        Object::Class(c) => c.mro.len(),
        _ => return Ok(None),
    };
    for i in 0..n {
        let entry = match vm.heap.get(cls) {
            Object::Class(c) => c.mro[i],
            _ => break,
        };
        if let Some(Object::Class(c)) = entry.as_obj().map(|e| vm.heap.get(e)) {
            let d = c.dict;
            if let Some(v) = ops::dict_get(&vm.heap, d, name)? {
                return Ok(Some(v));
            }
        }
    }
    Ok(None)
}

/// [`user_lookup`] by a static name.
///
/// Answers are cached per (class, name) until the next class mutation (the class epoch), so
/// the dunder protocol does not walk class dicts on every operator.
pub fn user_lookup_str(vm: &mut Vm, cls: ObjRef, name: &'static str) -> VmResult<Option<Value>> {
    class_caches_current(vm);
    // Pointer and length: two different static names never share both.
    let key = (cls.id(), name.as_ptr() as usize ^ (name.len() << 48));
    if let Some(&v) = vm.rt.special_cache.get(&key) {
        return Ok(v);
    }
    let name_v = static_str(vm, name)?;
    let found = user_lookup(vm, cls, name_v)?;
    // A class can be freed and its slot reused by a new class with the same id only after a
    // collection, and a new class bumps the epoch: the entry cannot outlive its class.
    vm.rt.special_cache.insert(key, found);
    Ok(found)
}

fn name_text(vm: &Vm, name: Value) -> String {
    ops::as_str(&vm.heap, name)
        .map(|s| s.as_str().to_string())
        .unwrap_or_default()
}

/// What a class attribute does when read through an instance or a class.
enum Descr {
    Function,
    Native,
    Static(Value),
    Class(Value),
    Property,
    /// A user descriptor: `__get__`, and whether it is a data descriptor.
    User(Value, bool),
    /// A `__slots__` member: the slot index.
    Member(usize),
    Plain,
}

fn classify(vm: &mut Vm, attr: Value) -> VmResult<Descr> {
    let Some(r) = attr.as_obj() else {
        return Ok(Descr::Plain);
    };
    Ok(match vm.heap.get(r) {
        Object::Function(_) => Descr::Function,
        Object::NativeFunction(f) if f.receiver.is_none() => Descr::Native,
        Object::StaticMethod(f) => Descr::Static(*f),
        Object::ClassMethod(f) => Descr::Class(*f),
        Object::Property(_) => Descr::Property,
        Object::Member(m) => Descr::Member(m.index),
        Object::Instance(i) => {
            let cls = i.class.as_obj().expect("instance class");
            match user_lookup_str(vm, cls, "__get__")? {
                Some(get) => {
                    let data = user_lookup_str(vm, cls, "__set__")?.is_some()
                        || user_lookup_str(vm, cls, "__delete__")?.is_some();
                    Descr::User(get, data)
                }
                None => Descr::Plain,
            }
        }
        _ => Descr::Plain,
    })
}

fn bound(vm: &mut Vm, receiver: Value, function: Value) -> VmResult<Value> {
    Ok(Value::Obj(vm.heap.alloc(Object::BoundMethod(
        BoundMethod { receiver, function },
    ))?))
}

/// The receiver a builtin type's method gets for `obj`: the payload of an instance of a
/// subclass of that builtin type.
pub fn native_receiver(vm: &Vm, obj: Value, owner: Option<TypeObject>) -> Value {
    if let Some(TypeObject::Builtin(ty)) = owner {
        if ty != BuiltinType::Object {
            if let Some(Object::Instance(i)) = obj.as_obj().map(|r| vm.heap.get(r)) {
                if !i.payload.is_none() {
                    return i.payload;
                }
            }
        }
    }
    obj
}

/// Read `found` through instance `obj` of class `cls` (descriptor `__get__`).
fn bind_to_instance(
    vm: &mut Vm,
    found: Found,
    obj: Value,
    cls: Value,
    name: Value,
) -> VmResult<Value> {
    let attr = found.value;
    match classify(vm, attr)? {
        Descr::Function => bound(vm, obj, attr),
        Descr::Native => {
            if name_text(vm, name) == "__new__" {
                return Ok(attr);
            }
            let recv = native_receiver(vm, obj, found.builtin);
            bound(vm, recv, attr)
        }
        Descr::Static(f) => Ok(f),
        Descr::Class(f) => bound(vm, cls, f),
        Descr::Property => property_get(vm, attr, obj, name),
        Descr::User(get, _) => vm.call(get, &[attr, obj, cls]),
        Descr::Member(i) => member_get(vm, obj, i, name),
        Descr::Plain => Ok(attr),
    }
}

fn member_get(vm: &mut Vm, obj: Value, index: usize, name: Value) -> VmResult<Value> {
    let v = match obj.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Instance(i)) => i.slots.get(index).copied(),
        _ => None,
    };
    match v {
        Some(v) if !crate::interp::is_null(v) => Ok(v),
        _ => Err(no_attribute(vm, obj, name)),
    }
}

/// Store (or with `None`, delete) slot `index` of instance `obj`.
fn member_set(
    vm: &mut Vm,
    obj: Value,
    index: usize,
    name: Value,
    v: Option<Value>,
) -> VmResult<()> {
    let Some(r) = obj.as_obj() else {
        return Err(no_attribute(vm, obj, name));
    };
    let missing = match vm.heap.get_mut(r) {
        Object::Instance(i) => match i.slots.get_mut(index) {
            Some(slot) => {
                let was_set = !crate::interp::is_null(*slot);
                *slot = v.unwrap_or(crate::interp::NULL);
                v.is_none() && !was_set
            }
            None => true,
        },
        _ => true,
    };
    if missing {
        return Err(no_attribute(vm, obj, name));
    }
    Ok(())
}

/// What a property is asked to do.
#[derive(Clone, Copy)]
pub(crate) enum Access {
    /// Call the getter.
    Get,
    /// Call the setter with the value.
    Set(Value),
    /// Call the deleter.
    Delete,
}

/// Call the getter, setter or deleter of `prop` for `obj` (CPython's AttributeError when the
/// property lacks it).
pub(crate) fn property_access(
    vm: &mut Vm,
    prop: Value,
    obj: Value,
    name: Value,
    access: Access,
) -> VmResult<Value> {
    let Some(Object::Property(p)) = prop.as_obj().map(|r| vm.heap.get(r)) else {
        return Err(type_error("not a property"));
    };
    let (f, word) = match access {
        Access::Get => (p.fget, "getter"),
        Access::Set(_) => (p.fset, "setter"),
        Access::Delete => (p.fdel, "deleter"),
    };
    if f.is_none() {
        let tn = crate::types::type_name(&vm.heap, obj).to_string();
        return Err(VmError::new(
            ExcKind::AttributeError,
            format!(
                "property '{}' of '{tn}' object has no {word}",
                name_text(vm, name)
            ),
        ));
    }
    match access {
        Access::Set(v) => vm.call(f, &[obj, v]),
        _ => vm.call(f, &[obj]),
    }
}

fn property_get(vm: &mut Vm, prop: Value, obj: Value, name: Value) -> VmResult<Value> {
    property_access(vm, prop, obj, name, Access::Get)
}

/// The data-descriptor part of `object.__setattr__` (`value` given) and `object.__delattr__`
/// (`None`): a property, a `__slots__` member or a user descriptor with `__set__`/`__delete__`
/// on the class handles the write. `true` when one did.
fn descriptor_write(
    vm: &mut Vm,
    obj: Value,
    cls: ObjRef,
    name: Value,
    value: Option<Value>,
) -> VmResult<bool> {
    let name_id = intern_name(vm, name)?;
    let Some(f) = mro_lookup(vm, Value::Obj(cls), name, name_id)? else {
        return Ok(false);
    };
    if f.builtin.is_some() {
        return Ok(false);
    }
    match classify(vm, f.value)? {
        Descr::Property => {
            let access = value.map_or(Access::Delete, Access::Set);
            property_access(vm, f.value, obj, name, access)?;
            Ok(true)
        }
        Descr::Member(i) => member_set(vm, obj, i, name, value).map(|()| true),
        Descr::User(_, true) => {
            let dcls = super::user_class_of(vm, f.value).expect("descriptor class");
            let hook = if value.is_some() {
                "__set__"
            } else {
                "__delete__"
            };
            let Some(m) = user_lookup_str(vm, dcls, hook)? else {
                return Ok(false);
            };
            match value {
                Some(v) => vm.call(m, &[f.value, obj, v])?,
                None => vm.call(m, &[f.value, obj])?,
            };
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// `obj.name` for an instance of a class defined in Python (or a user exception).
pub fn instance_getattr(
    vm: &mut Vm,
    obj: Value,
    cls: ObjRef,
    name: Value,
    name_id: Name,
) -> VmResult<Value> {
    let hooks = match vm.heap.get(cls) {
        Object::Class(c) => c.hooks,
        _ => Default::default(),
    };
    if hooks.getattribute {
        if let Some(ga) = user_lookup_str(vm, cls, "__getattribute__")? {
            let r = call_hook(vm, ga, obj, &[name]);
            return match r {
                Err(e) if hooks.getattr && e.kind() == Some(ExcKind::AttributeError) => {
                    call_getattr_hook(vm, obj, cls, name)
                }
                other => other,
            };
        }
    }
    match generic_getattr(vm, obj, cls, name, name_id)? {
        Some(v) => Ok(v),
        None if hooks.getattr => call_getattr_hook(vm, obj, cls, name),
        None => Err(no_attribute(vm, obj, name)),
    }
}

fn call_getattr_hook(vm: &mut Vm, obj: Value, cls: ObjRef, name: Value) -> VmResult<Value> {
    match user_lookup_str(vm, cls, "__getattr__")? {
        Some(f) => call_hook(vm, f, obj, &[name]),
        None => Err(no_attribute(vm, obj, name)),
    }
}

/// Call a hook method found in a class dict (a function, or any descriptor) on `obj`.
fn call_hook(vm: &mut Vm, f: Value, obj: Value, rest: &[Value]) -> VmResult<Value> {
    let mut args = Vec::with_capacity(rest.len() + 1);
    match f.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::StaticMethod(g)) => {
            let g = *g;
            return vm.call(g, rest);
        }
        Some(Object::Function(_)) | Some(Object::NativeFunction(_)) => {
            args.push(obj);
        }
        _ => {
            args.push(obj);
        }
    }
    args.extend_from_slice(rest);
    vm.call(f, &args)
}

/// The `AttributeError` for a missing attribute of an instance.
pub fn no_attribute(vm: &Vm, obj: Value, name: Value) -> VmError {
    let tn = crate::types::type_name(&vm.heap, obj).to_string();
    VmError::new(
        ExcKind::AttributeError,
        format!("'{tn}' object has no attribute '{}'", name_text(vm, name)),
    )
}

/// `object.__getattribute__(obj, name)`: data descriptors, the instance dict, then other class
/// attributes. `None` when missing.
pub fn generic_getattr(
    vm: &mut Vm,
    obj: Value,
    cls: ObjRef,
    name: Value,
    name_id: Name,
) -> VmResult<Option<Value>> {
    let found = mro_lookup(vm, Value::Obj(cls), name, name_id)?;
    if let Some(f) = found {
        if f.builtin.is_none() {
            match classify(vm, f.value)? {
                Descr::Property => return property_get(vm, f.value, obj, name).map(Some),
                Descr::Member(i) => return member_get(vm, obj, i, name).map(Some),
                Descr::User(get, true) => {
                    return vm.call(get, &[f.value, obj, Value::Obj(cls)]).map(Some)
                }
                _ => {}
            }
        }
    }
    let Some(r) = obj.as_obj() else {
        return Ok(None);
    };
    let dict = match vm.heap.get(r) {
        Object::Instance(i) => Some(i.dict),
        Object::Exception(e) => e.dict.as_obj(),
        _ => None,
    };
    if let Some(d) = dict {
        if let Some(v) = ops::dict_get(&vm.heap, d, name)? {
            return Ok(Some(v));
        }
    }
    let text = name_text(vm, name);
    match text.as_str() {
        "__class__" => return Ok(Some(Value::Obj(cls))),
        "__dict__" => {
            let slotted = matches!(vm.heap.get(cls), Object::Class(c) if c.slots.is_some());
            if !slotted {
                match vm.heap.get(r) {
                    Object::Instance(i) => return Ok(Some(Value::Obj(i.dict))),
                    Object::Exception(_) => {
                        let d = exception_dict(vm, r)?;
                        return Ok(Some(Value::Obj(d)));
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    if matches!(vm.heap.get(r), Object::Exception(_)) {
        if let Some(v) = crate::interp::attrs::exception_field(vm, r, &text) {
            return Ok(Some(v));
        }
        if let Some(v) = crate::class::group::field(vm, r, &text)? {
            return Ok(Some(v));
        }
    }
    match found {
        Some(f) => bind_to_instance(vm, f, obj, Value::Obj(cls), name).map(Some),
        None => {
            // Data attributes of the payload (`real` of an int subclass).
            let payload = match vm.heap.get(r) {
                Object::Instance(i) => i.payload,
                _ => Value::None,
            };
            if payload.is_none() {
                return Ok(None);
            }
            match crate::interp::attrs::get_attr(vm, payload, name, name_id) {
                Ok(v) => Ok(Some(v)),
                Err(e) if e.kind() == Some(ExcKind::AttributeError) => Ok(None),
                Err(e) => Err(e),
            }
        }
    }
}

/// The attribute dict of an exception object, created on first use.
pub fn exception_dict(vm: &mut Vm, r: ObjRef) -> VmResult<ObjRef> {
    if let Object::Exception(e) = vm.heap.get(r) {
        if let Some(d) = e.dict.as_obj() {
            return Ok(d);
        }
    }
    let d = vm.new_dict()?;
    if let Object::Exception(e) = vm.heap.get_mut(r) {
        e.dict = d;
    }
    Ok(d.as_obj().expect("dict"))
}

/// `LOAD_METHOD` on an instance: `Some(function)` when `name` is a plain function of the class
/// (called with the instance first, no bound method made), else the attribute.
pub fn instance_get_method(
    vm: &mut Vm,
    obj: Value,
    cls: ObjRef,
    name: Value,
    name_id: Name,
) -> VmResult<(Option<Value>, Value)> {
    let (hooks, r) = match (vm.heap.get(cls), obj.as_obj()) {
        (Object::Class(c), Some(r)) => (c.hooks, r),
        _ => return Ok((None, instance_getattr(vm, obj, cls, name, name_id)?)),
    };
    if !hooks.getattribute {
        if let Some(f) = mro_lookup(vm, Value::Obj(cls), name, name_id)? {
            if f.builtin.is_none()
                && matches!(
                    f.value.as_obj().map(|x| vm.heap.get(x)),
                    Some(Object::Function(_))
                )
            {
                let dict = match vm.heap.get(r) {
                    Object::Instance(i) => Some(i.dict),
                    Object::Exception(e) => e.dict.as_obj(),
                    _ => None,
                };
                let shadowed = match dict {
                    Some(d) => ops::dict_get(&vm.heap, d, name)?.is_some(),
                    None => false,
                };
                if !shadowed {
                    return Ok((Some(f.value), obj));
                }
            }
        }
    }
    Ok((None, instance_getattr(vm, obj, cls, name, name_id)?))
}

/// `cls.name` for a class defined in Python.
pub fn class_getattr(vm: &mut Vm, cls: ObjRef, name: Value, name_id: Name) -> VmResult<Value> {
    let text = name_text(vm, name);
    if let Some(v) = class_special(vm, cls, &text)? {
        return Ok(v);
    }
    let meta = match vm.heap.get(cls) {
        Object::Class(c) => c.meta,
        _ => Value::None,
    };
    let meta = if meta.is_none() {
        vm.type_object(BuiltinType::Type)
    } else {
        meta
    };
    let meta_found = mro_lookup(vm, meta, name, name_id)?;
    if let Some(f) = meta_found {
        if f.builtin.is_none() {
            match classify(vm, f.value)? {
                Descr::Property => return property_get(vm, f.value, Value::Obj(cls), name),
                Descr::User(get, true) => return vm.call(get, &[f.value, Value::Obj(cls), meta]),
                _ => {}
            }
        }
    }
    if let Some(f) = mro_lookup(vm, Value::Obj(cls), name, name_id)? {
        return class_bind(vm, f, cls);
    }
    if let Some(f) = meta_found {
        return match classify(vm, f.value)? {
            Descr::Function | Descr::Native => bound(vm, Value::Obj(cls), f.value),
            Descr::Class(g) => bound(vm, meta, g),
            Descr::Static(g) => Ok(g),
            Descr::User(get, _) => vm.call(get, &[f.value, Value::Obj(cls), meta]),
            _ => Ok(f.value),
        };
    }
    if let Some(m) = meta.as_obj() {
        if let Some(ga) = user_lookup_str(vm, m, "__getattr__")? {
            return vm.call(ga, &[Value::Obj(cls), name]);
        }
    }
    Err(VmError::new(
        ExcKind::AttributeError,
        format!(
            "type object '{}' has no attribute '{text}'",
            type_name_of(vm, Value::Obj(cls))
        ),
    ))
}

/// Read a class attribute found on `cls`'s MRO through the class itself.
fn class_bind(vm: &mut Vm, f: Found, cls: ObjRef) -> VmResult<Value> {
    match classify(vm, f.value)? {
        Descr::Class(g) => bound(vm, Value::Obj(cls), g),
        Descr::Static(g) => Ok(g),
        Descr::User(get, _) => vm.call(get, &[f.value, Value::None, Value::Obj(cls)]),
        _ => Ok(f.value),
    }
}

/// The attributes every class has that are not in its dict.
fn class_special(vm: &mut Vm, cls: ObjRef, name: &str) -> VmResult<Option<Value>> {
    let Object::Class(c) = vm.heap.get(cls) else {
        return Ok(None);
    };
    Ok(Some(match name {
        "__name__" => {
            let n = c.name.to_string();
            vm.new_str(n)?
        }
        "__qualname__" => c.qualname,
        "__mro__" => {
            let m = c.mro.to_vec();
            vm.new_tuple(m)?
        }
        "__bases__" => {
            let b = c.bases.to_vec();
            vm.new_tuple(b)?
        }
        "__base__" => c.bases.first().copied().unwrap_or(Value::None),
        "__dict__" => Value::Obj(c.dict),
        "__class__" => {
            let meta = c.meta;
            if meta.is_none() {
                vm.type_object(BuiltinType::Type)
            } else {
                meta
            }
        }
        "__doc__" | "__module__" => {
            let d = c.dict;
            let key = vm.new_str(name)?;
            match ops::dict_get(&vm.heap, d, key)? {
                Some(v) => v,
                None => Value::None,
            }
        }
        _ => return Ok(None),
    }))
}

/// `obj.name = value` on an instance of a class defined in Python.
pub fn instance_setattr(
    vm: &mut Vm,
    obj: Value,
    cls: ObjRef,
    name: Value,
    value: Value,
) -> VmResult<()> {
    let hooks = match vm.heap.get(cls) {
        Object::Class(c) => c.hooks,
        _ => Default::default(),
    };
    if hooks.setattr {
        if let Some(f) = user_lookup_str(vm, cls, "__setattr__")? {
            call_hook(vm, f, obj, &[name, value])?;
            return Ok(());
        }
    }
    generic_setattr(vm, obj, cls, name, value)
}

/// `object.__setattr__(obj, name, value)`.
pub fn generic_setattr(
    vm: &mut Vm,
    obj: Value,
    cls: ObjRef,
    name: Value,
    value: Value,
) -> VmResult<()> {
    if descriptor_write(vm, obj, cls, name, Some(value))? {
        return Ok(());
    }
    let r = obj.as_obj().expect("instance");
    if name_text(vm, name) == "__class__" {
        return set_class(vm, r, cls, value);
    }
    check_slots(vm, obj, cls, name)?;
    match vm.heap.get(r) {
        Object::Instance(i) => {
            let d = i.dict;
            ops::dict_set(vm, d, name, value)
        }
        Object::Exception(_) => {
            let text = name_text(vm, name);
            if matches!(
                text.as_str(),
                "args" | "__cause__" | "__context__" | "__suppress_context__" | "__traceback__"
            ) {
                return crate::interp::attrs::set_attr_builtin(vm, obj, name, value);
            }
            let d = exception_dict(vm, r)?;
            ops::dict_set(vm, d, name, value)
        }
        _ => Err(no_attribute(vm, obj, name)),
    }
}

/// `obj.__class__ = new`: allowed between classes with the same instance layout.
fn set_class(vm: &mut Vm, r: ObjRef, cls: ObjRef, new: Value) -> VmResult<()> {
    let (old_solid, new_solid) = match (vm.heap.get(cls), new.as_obj().map(|n| vm.heap.get(n))) {
        (Object::Class(a), Some(Object::Class(b))) => (a.solid, b.solid),
        _ => {
            return Err(type_error(format!(
                "__class__ must be set to a class, not '{}' object",
                crate::types::type_name(&vm.heap, new)
            )))
        }
    };
    if old_solid != new_solid {
        return Err(type_error(format!(
            "__class__ assignment: '{}' object layout differs from '{}'",
            type_name_of(vm, new),
            type_name_of(vm, Value::Obj(cls))
        )));
    }
    match vm.heap.get_mut(r) {
        Object::Instance(i) => i.class = new,
        Object::Exception(e) => e.class = new,
        _ => {}
    }
    Ok(())
}

fn check_slots(vm: &mut Vm, obj: Value, cls: ObjRef, name: Value) -> VmResult<()> {
    let allowed = match vm.heap.get(cls) {
        Object::Class(c) => match &c.slots {
            None => return Ok(()),
            Some(s) => s.to_vec(),
        },
        _ => return Ok(()),
    };
    for a in allowed {
        if ops::eq(&vm.heap, a, name)? {
            return Ok(());
        }
    }
    Err(no_attribute(vm, obj, name))
}

fn intern_name(vm: &mut Vm, name: Value) -> VmResult<Name> {
    match ops::as_str(&vm.heap, name) {
        Some(s) => {
            let s = s.as_str().to_string();
            Ok(vm.interner.intern(&s))
        }
        None => Err(type_error(format!(
            "attribute name must be string, not '{}'",
            crate::types::type_name(&vm.heap, name)
        ))),
    }
}

/// `del obj.name` on an instance of a class defined in Python.
pub fn instance_delattr(vm: &mut Vm, obj: Value, cls: ObjRef, name: Value) -> VmResult<()> {
    let hooks = match vm.heap.get(cls) {
        Object::Class(c) => c.hooks,
        _ => Default::default(),
    };
    if hooks.delattr {
        if let Some(f) = user_lookup_str(vm, cls, "__delattr__")? {
            call_hook(vm, f, obj, &[name])?;
            return Ok(());
        }
    }
    generic_delattr(vm, obj, cls, name)
}

/// `object.__delattr__(obj, name)`.
pub fn generic_delattr(vm: &mut Vm, obj: Value, cls: ObjRef, name: Value) -> VmResult<()> {
    if descriptor_write(vm, obj, cls, name, None)? {
        return Ok(());
    }
    let r = obj.as_obj().expect("instance");
    let d = match vm.heap.get(r) {
        Object::Instance(i) => Some(i.dict),
        Object::Exception(e) => e.dict.as_obj(),
        _ => None,
    };
    if let Some(d) = d {
        if ops::dict_del(vm, d, name)?.is_some() {
            return Ok(());
        }
    }
    Err(no_attribute(vm, obj, name))
}

/// `cls.name = value`: stores in the class dict and invalidates attribute caches.
pub fn class_setattr(vm: &mut Vm, cls: ObjRef, name: Value, value: Value) -> VmResult<()> {
    let text = name_text(vm, name);
    let d = match vm.heap.get(cls) {
        Object::Class(c) => c.dict,
        _ => return Err(type_error("not a class")),
    };
    match text.as_str() {
        "__name__" => {
            let Some(s) = ops::as_str(&vm.heap, value).map(|s| s.as_str().to_string()) else {
                return Err(type_error(format!(
                    "can only assign string to {}.__name__, not '{}'",
                    type_name_of(vm, Value::Obj(cls)),
                    crate::types::type_name(&vm.heap, value)
                )));
            };
            if let Object::Class(c) = vm.heap.get_mut(cls) {
                c.name = s.into();
            }
            return Ok(());
        }
        "__qualname__" => {
            if let Object::Class(c) = vm.heap.get_mut(cls) {
                c.qualname = value;
            }
            return Ok(());
        }
        _ => {}
    }
    ops::dict_set(vm, d, name, value)?;
    super::create::refresh_hooks(vm, cls)?;
    super::bump_epoch(vm);
    Ok(())
}

/// `del cls.name`.
pub fn class_delattr(vm: &mut Vm, cls: ObjRef, name: Value) -> VmResult<()> {
    let d = match vm.heap.get(cls) {
        Object::Class(c) => c.dict,
        _ => return Err(type_error("not a class")),
    };
    if ops::dict_del(vm, d, name)?.is_none() {
        return Err(VmError::new(
            ExcKind::AttributeError,
            format!(
                "type object '{}' has no attribute '{}'",
                type_name_of(vm, Value::Obj(cls)),
                name_text(vm, name)
            ),
        ));
    }
    super::create::refresh_hooks(vm, cls)?;
    super::bump_epoch(vm);
    Ok(())
}

/// `super_obj.name`: the MRO of the receiver's class, after `this`.
pub fn super_getattr(vm: &mut Vm, sup: ObjRef, name: Value, name_id: Name) -> VmResult<Value> {
    let Object::Super(s) = vm.heap.get(sup) else {
        return Err(type_error("not a super object"));
    };
    let s = *s;
    let mro = super::mro_of(vm, s.obj_type);
    let start = mro
        .iter()
        .position(|m| m.is(s.this))
        .map_or(mro.len(), |i| i + 1);
    let text = name_text(vm, name);
    match text.as_str() {
        "__class__" => return Ok(vm.type_object(BuiltinType::Super)),
        "__thisclass__" => return Ok(s.this),
        "__self__" => return Ok(s.obj),
        "__self_class__" => return Ok(s.obj_type),
        _ => {}
    }
    for &entry in &mro[start..] {
        let found = match entry.as_obj().map(|e| vm.heap.get(e)) {
            Some(Object::Class(c)) => {
                let d = c.dict;
                ops::dict_get(&vm.heap, d, name)?.map(|v| Found {
                    value: v,
                    builtin: None,
                })
            }
            Some(Object::Type(t)) => {
                let t = *t;
                builtin_type_attr(vm, t, name_id).map(|v| Found {
                    value: v,
                    builtin: Some(t),
                })
            }
            _ => None,
        };
        let Some(f) = found else { continue };
        let obj_is_class = s.obj.is(s.obj_type) && is_type(vm, s.obj);
        if obj_is_class {
            // `super().__new__(cls)`, `super().__init_subclass__()`, class methods.
            return match classify(vm, f.value)? {
                Descr::Class(g) => bound(vm, s.obj, g),
                Descr::Static(g) => Ok(g),
                Descr::User(get, _) => vm.call(get, &[f.value, Value::None, s.obj]),
                Descr::Native if text == "__init_subclass__" => bound(vm, s.obj, f.value),
                _ => Ok(f.value),
            };
        }
        return bind_to_instance(vm, f, s.obj, s.obj_type, name);
    }
    Err(VmError::new(
        ExcKind::AttributeError,
        format!("'super' object has no attribute '{text}'"),
    ))
}
