//! Inline caches for attribute access on instances of classes defined in Python.
//!
//! A cache slot (three words) records, for one `LOAD_ATTR`, `LOAD_METHOD` or `STORE_ATTR`:
//! the instance's class (its handle id with [`INSTANCE_TAG`] set, so it never equals a builtin
//! type tag), the VM's class epoch when the lookup was made, and what the lookup found: the index
//! of the attribute in the instance dict, or the method (a function's handle id). Any class
//! mutation bumps the epoch, so a recorded lookup is only reused while no class has changed —
//! and no string is hashed on a hit.

use super::attrs;
use crate::error::VmResult;
use crate::function::CacheSlot;
use crate::intern::Name;
use crate::object::Object;
use crate::value::{ObjRef, Value};
use crate::Vm;

/// Marks a cache slot as recording a class (not a builtin type tag).
const INSTANCE_TAG: u64 = 1 << 63;

/// The instance's class and dict, when `obj` is an instance of a class defined in Python.
#[inline]
fn instance_parts(vm: &Vm, obj: Value) -> Option<(ObjRef, ObjRef)> {
    match vm.heap.get(obj.as_obj()?) {
        Object::Instance(i) => Some((i.class.as_obj()?, i.dict)),
        _ => None,
    }
}

#[inline]
fn hit(vm: &Vm, cache: &CacheSlot, cls: ObjRef) -> bool {
    cache.get(0) == cls.id() | INSTANCE_TAG && cache.get(1) == vm.rt.class_epoch
}

/// Whether reads and writes of `name` on instances of `cls` are plain instance-dict accesses
/// (no attribute hooks, no data descriptor in the class, no `__slots__`).
fn plain_attribute(vm: &mut Vm, cls: ObjRef, name: Value, name_id: Name, store: bool) -> bool {
    let (hooks, slotted) = match vm.heap.get(cls) {
        Object::Class(c) => (c.hooks, c.slots.is_some()),
        _ => return false,
    };
    if hooks.getattribute || (store && (hooks.setattr || slotted)) {
        return false;
    }
    match crate::class::lookup::mro_lookup(vm, Value::Obj(cls), name, name_id) {
        Ok(None) => true,
        // Methods and plain class attributes: the instance dict wins over them.
        Ok(Some(f)) => {
            f.builtin.is_some()
                || matches!(
                    f.value.as_obj().map(|r| vm.heap.get(r)),
                    Some(Object::Function(_) | Object::Str(_))
                )
                || !matches!(f.value, Value::Obj(_))
        }
        Err(_) => false,
    }
}

fn dict_index(vm: &Vm, d: ObjRef, name: Value) -> Option<usize> {
    match vm.heap.get(d) {
        Object::Dict(t) => {
            let h = crate::interp::ops::as_str(&vm.heap, name)?.hash();
            t.find(h, Some(name), |k| {
                Ok(crate::interp::ops::as_str(&vm.heap, k)
                    .zip(crate::interp::ops::as_str(&vm.heap, name))
                    .is_some_and(|(a, b)| a.as_str() == b.as_str()))
            })
            .ok()
            .flatten()
        }
        _ => None,
    }
}

/// `LOAD_ATTR`.
#[inline]
pub(crate) fn load_attr(
    vm: &mut Vm,
    cache: &CacheSlot,
    obj: Value,
    name: Value,
    name_id: Name,
) -> VmResult<Value> {
    if let Some((cls, d)) = instance_parts(vm, obj) {
        if hit(vm, cache, cls) {
            if let Object::Dict(t) = vm.heap.get(d) {
                if let Some((k, v)) = t.entry_at(cache.get(2) as usize) {
                    if k.is(name) {
                        return Ok(*v);
                    }
                }
            }
        }
        return load_attr_slow(vm, cache, obj, cls, d, name, name_id);
    }
    attrs::get_attr(vm, obj, name, name_id)
}

#[cold]
fn load_attr_slow(
    vm: &mut Vm,
    cache: &CacheSlot,
    obj: Value,
    cls: ObjRef,
    d: ObjRef,
    name: Value,
    name_id: Name,
) -> VmResult<Value> {
    if matches!(vm.heap.get(cls), Object::Class(_))
        && plain_attribute(vm, cls, name, name_id, false)
    {
        if let Some(i) = dict_index(vm, d, name) {
            let epoch = vm.rt.class_epoch;
            cache.set(0, cls.id() | INSTANCE_TAG);
            cache.set(1, epoch);
            cache.set(2, i as u64);
        }
    }
    attrs::get_attr(vm, obj, name, name_id)
}

/// `LOAD_METHOD` on an instance: `Some` when handled here (a cached or freshly found method of
/// the class, or the attribute), `None` for other receivers.
#[inline]
pub(crate) fn load_method(
    vm: &mut Vm,
    cache: &CacheSlot,
    obj: Value,
    name: Value,
    name_id: Name,
) -> VmResult<Option<(Option<Value>, Value)>> {
    let Some((cls, d)) = instance_parts(vm, obj) else {
        return Ok(None);
    };
    if hit(vm, cache, cls) {
        let shadowed = match vm.heap.get(d) {
            Object::Dict(t) => {
                !t.is_empty()
                    && crate::interp::ops::as_str(&vm.heap, name)
                        .is_some_and(|s| t.has_hash(s.hash()))
                    && dict_index(vm, d, name).is_some()
            }
            _ => false,
        };
        if !shadowed {
            return Ok(Some((Some(Value::Obj(ObjRef::from_id(cache.get(2)))), obj)));
        }
    }
    let found = attrs::get_method(vm, obj, name, name_id)?;
    if let (Some(Value::Obj(f)), _) = found {
        if matches!(vm.heap.get(f), Object::Function(_))
            && matches!(vm.heap.get(cls), Object::Class(c) if !c.hooks.getattribute)
        {
            let epoch = vm.rt.class_epoch;
            cache.set(0, cls.id() | INSTANCE_TAG);
            cache.set(1, epoch);
            cache.set(2, f.id());
        }
    }
    Ok(Some(found))
}

/// `STORE_ATTR`.
#[inline]
pub(crate) fn store_attr(
    vm: &mut Vm,
    cache: &CacheSlot,
    obj: Value,
    name: Value,
    value: Value,
) -> VmResult<()> {
    if let Some((cls, d)) = instance_parts(vm, obj) {
        if hit(vm, cache, cls) {
            if let Object::Dict(t) = vm.heap.get_mut(d) {
                let i = cache.get(2) as usize;
                if t.entry_at(i).is_some_and(|(k, _)| k.is(name)) {
                    t.set_value_at(i, value);
                    return Ok(());
                }
            }
            // The class still makes this a plain store; only this instance's dict differs (a
            // new instance without the attribute yet, or attributes set in another order).
            return store_plain(vm, cache, d, name, value);
        }
        return store_attr_slow(vm, cache, obj, cls, d, name, value);
    }
    attrs::set_attr(vm, obj, name, value)
}

#[cold]
fn store_attr_slow(
    vm: &mut Vm,
    cache: &CacheSlot,
    obj: Value,
    cls: ObjRef,
    d: ObjRef,
    name: Value,
    value: Value,
) -> VmResult<()> {
    let id = match crate::interp::ops::as_str(&vm.heap, name) {
        Some(s) if s.as_str() != "__class__" => Some(vm.interner.intern(s.as_str())),
        _ => None,
    };
    let plain = id.is_some_and(|id| {
        matches!(vm.heap.get(cls), Object::Class(_)) && plain_attribute(vm, cls, name, id, true)
    });
    if !plain {
        return attrs::set_attr(vm, obj, name, value);
    }
    let epoch = vm.rt.class_epoch;
    cache.set(0, cls.id() | INSTANCE_TAG);
    cache.set(1, epoch);
    cache.set(2, u64::MAX);
    store_plain(vm, cache, d, name, value)
}

/// A store into the instance dict (the class was found to leave `name` to it), recording where
/// the entry is for the next store.
fn store_plain(
    vm: &mut Vm,
    cache: &CacheSlot,
    d: ObjRef,
    name: Value,
    value: Value,
) -> VmResult<()> {
    crate::interp::ops::dict_set(vm, d, name, value)?;
    if let Some(i) = dict_index(vm, d, name) {
        cache.set(2, i as u64);
    }
    Ok(())
}
