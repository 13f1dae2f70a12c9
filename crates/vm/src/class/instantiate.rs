//! Calling a class: the metaclass's `__call__`, else `__new__` then `__init__`; instances of
//! subclasses of builtin types carry a payload of that type; subclasses of exceptions are
//! exception objects.

use super::lookup::{constructors, native_receiver, user_lookup_str, Constructors};
use super::type_name_of;
use crate::error::{type_error, VmResult};
use crate::native::Args;
use crate::object::{Instance, Object, SolidBase};
use crate::types::{BuiltinType, TypeObject};
use crate::value::{ObjRef, Value};
use crate::Vm;

/// `cls(*args, **kwargs)` for a class defined in Python.
pub fn call_class(vm: &mut Vm, cls: ObjRef, args: Args<'_>) -> VmResult<Value> {
    let meta = match vm.heap.get(cls) {
        Object::Class(c) => c.meta,
        _ => Value::None,
    };
    if let Some(m) = meta.as_obj() {
        if let Some(call) = user_lookup_str(vm, m, "__call__")? {
            let mut a = Vec::with_capacity(args.len() + 1);
            a.push(Value::Obj(cls));
            a.extend_from_slice(args.values());
            return vm.call_kw(call, &a, args.kwnames());
        }
    }
    type_call(vm, cls, args)
}

/// `type.__call__(cls, *args, **kwargs)`: `__new__`, then `__init__` when the result is an
/// instance of `cls`.
pub fn type_call(vm: &mut Vm, cls: ObjRef, args: Args<'_>) -> VmResult<Value> {
    let clsv = Value::Obj(cls);
    let Constructors { new, init } = constructors(vm, cls)?;
    let user_new = new.filter(|f| f.builtin.is_none());
    let user_init = init.filter(|f| f.builtin.is_none());
    let obj = match user_new {
        Some(f) => {
            let func = match f.value.as_obj().map(|r| vm.heap.get(r)) {
                Some(Object::StaticMethod(g)) => *g,
                _ => f.value,
            };
            let mut a = Vec::with_capacity(args.len() + 1);
            a.push(clsv);
            a.extend_from_slice(args.values());
            vm.call_kw(func, &a, args.kwnames())?
        }
        // A builtin `__new__` other than `object.__new__` (`type.__new__` for metaclasses).
        None if matches!(new, Some(f) if matches!(f.builtin, Some(TypeObject::Builtin(BuiltinType::Type)))) =>
        {
            let f = new.expect("new").value;
            let mut a = Vec::with_capacity(args.len() + 1);
            a.push(clsv);
            a.extend_from_slice(args.values());
            vm.call_native(f, Args::new(&a, args.kwnames()))?
        }
        None => {
            if user_init.is_none()
                && !args.is_empty()
                && matches!(vm.heap.get(cls), Object::Class(c) if c.solid == SolidBase::Object)
            {
                return Err(type_error(format!(
                    "{}() takes no arguments",
                    type_name_of(vm, clsv)
                )));
            }
            new_instance(vm, cls, args)?
        }
    };
    if !super::is_instance(vm, obj, clsv) {
        return Ok(obj);
    }
    vm.push_temp_root(obj);
    let r = run_init(vm, obj, init, args);
    vm.pop_temp_root();
    r?;
    Ok(obj)
}

fn run_init(
    vm: &mut Vm,
    obj: Value,
    init: Option<super::lookup::Found>,
    args: Args<'_>,
) -> VmResult<()> {
    let Some(f) = init else { return Ok(()) };
    if f.builtin.is_none() {
        let n = args.values().len();
        let r = if n <= 5 {
            let mut a = [obj; 6];
            a[1..=n].copy_from_slice(args.values());
            vm.call_kw(f.value, &a[..=n], args.kwnames())?
        } else {
            let mut a = Vec::with_capacity(n + 1);
            a.push(obj);
            a.extend_from_slice(args.values());
            vm.call_kw(f.value, &a, args.kwnames())?
        };
        if !r.is_none() {
            return Err(type_error(format!(
                "__init__() should return None, not '{}'",
                crate::types::type_name(&vm.heap, r)
            )));
        }
        return Ok(());
    }
    // A builtin `__init__`: only the mutable builtin payloads take arguments here (immutable
    // ones were built from them by `__new__`; `object.__init__` ignores them when `__new__`
    // took them).
    match f.builtin {
        Some(TypeObject::Builtin(
            BuiltinType::List | BuiltinType::Dict | BuiltinType::Set | BuiltinType::ByteArray,
        )) => {
            let recv = native_receiver(vm, obj, f.builtin);
            let mut a = Vec::with_capacity(args.len() + 1);
            a.push(recv);
            a.extend_from_slice(args.values());
            vm.call_native(f.value, Args::new(&a, args.kwnames()))?;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// `object.__new__(cls, *args)` and the builtin types' `__new__` for subclasses: a fresh instance
/// of `cls` laid out as its solid base.
pub fn new_instance(vm: &mut Vm, cls: ObjRef, args: Args<'_>) -> VmResult<Value> {
    let (solid, nslots) = match vm.heap.get(cls) {
        Object::Class(c) => (c.solid, c.nslots),
        _ => return Err(type_error("object.__new__(X): X is not a type object")),
    };
    let slots: Box<[Value]> = vec![crate::interp::NULL; nslots].into();
    match solid {
        SolidBase::Object => {
            let d = vm.new_dict()?;
            let r = vm.heap.alloc(Object::Instance(Box::new(Instance {
                class: Value::Obj(cls),
                dict: d.as_obj().expect("dict"),
                payload: Value::None,
                slots,
            })))?;
            Ok(Value::Obj(r))
        }
        SolidBase::Exception(k) => {
            let pos = args.positional().to_vec();
            let r = if k.is_subclass(crate::error::ExcKind::BaseExceptionGroup) {
                super::group::new_group(vm, k, &pos)?
            } else {
                vm.new_exception_object(k, &pos)?
            };
            if let Object::Exception(e) = vm.heap.get_mut(r) {
                e.class = Value::Obj(cls);
            }
            Ok(Value::Obj(r))
        }
        SolidBase::Builtin(ty) => {
            let payload = match ty {
                BuiltinType::List
                | BuiltinType::Dict
                | BuiltinType::Set
                | BuiltinType::ByteArray => {
                    crate::builtins::construct(vm, TypeObject::Builtin(ty), Args::new(&[], &[]))?
                }
                _ => crate::builtins::construct(vm, TypeObject::Builtin(ty), args)?,
            };
            vm.push_temp_root(payload);
            let d = vm.new_dict();
            let out = d.and_then(|d| {
                vm.heap
                    .alloc(Object::Instance(Box::new(Instance {
                        class: Value::Obj(cls),
                        dict: d.as_obj().expect("dict"),
                        payload,
                        slots,
                    })))
                    .map(Value::Obj)
            });
            vm.pop_temp_root();
            out
        }
    }
}

/// The payload of an instance of a subclass of a builtin type, else the value itself.
#[inline]
pub fn payload_of(vm: &Vm, v: Value) -> Value {
    match v.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Instance(i)) if !i.payload.is_none() => i.payload,
        _ => v,
    }
}
