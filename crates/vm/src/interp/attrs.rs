//! Attribute access on builtin values: methods from the per-type tables, data attributes of
//! functions, exceptions, numbers, ranges, slices and modules.

use super::ops;
use crate::error::{ExcKind, VmError, VmResult};
use crate::intern::Name;
use crate::object::{BoundMethod, Object};
use crate::types::{type_name, BuiltinType};
use crate::value::Value;
use crate::Vm;

fn name_str(vm: &Vm, name: Value) -> String {
    ops::as_str(&vm.heap, name)
        .map(|s| s.as_str().to_string())
        .unwrap_or_default()
}

#[cold]
pub(crate) fn no_attribute(vm: &Vm, obj: Value, name: Value) -> VmError {
    let n = name_str(vm, name);
    let msg = match obj.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Type(t)) => format!("type object '{}' has no attribute '{n}'", t.name()),
        Some(Object::Module(m)) => {
            let mn = ops::as_str(&vm.heap, m.name)
                .map(|s| s.as_str().to_string())
                .unwrap_or_default();
            format!("module '{mn}' has no attribute '{n}'")
        }
        _ => format!(
            "'{}' object has no attribute '{n}'",
            type_name(&vm.heap, obj)
        ),
    };
    VmError::new(ExcKind::AttributeError, msg)
}

/// `LOAD_METHOD`: `(Some(method), _)` when a method of the type is found (called with the
/// receiver as first argument, no bound method made), else `(None, obj.name)`.
pub(crate) fn get_method(
    vm: &mut Vm,
    obj: Value,
    name: Value,
    name_id: Name,
) -> VmResult<(Option<Value>, Value)> {
    if let Value::Obj(r) = obj {
        match vm.heap.get(r) {
            Object::Instance(i) => {
                let cls = i.class.as_obj().expect("instance class");
                if matches!(vm.heap.get(cls), Object::Class(_)) {
                    return crate::class::lookup::instance_get_method(vm, obj, cls, name, name_id);
                }
                return Ok((None, get_attr(vm, obj, name, name_id)?));
            }
            Object::Exception(e) if !e.class.is_none() => {
                let cls = e.class.as_obj().expect("class");
                return crate::class::lookup::instance_get_method(vm, obj, cls, name, name_id);
            }
            Object::Class(_) | Object::Super(_) => {
                return Ok((None, get_attr(vm, obj, name, name_id)?));
            }
            _ => {}
        }
    }
    let ty = BuiltinType::of(&vm.heap, obj);
    if !matches!(ty, BuiltinType::Module | BuiltinType::Type) {
        if let Some(m) = vm.builtin_method(ty, name_id) {
            return Ok((Some(m), Value::None));
        }
    }
    Ok((None, get_attr(vm, obj, name, name_id)?))
}

/// `obj.name`.
pub(crate) fn get_attr(vm: &mut Vm, obj: Value, name: Value, name_id: Name) -> VmResult<Value> {
    if let Value::Obj(r) = obj {
        match vm.heap.get(r) {
            Object::Instance(i) => {
                let cls = i.class.as_obj().expect("instance class");
                if matches!(vm.heap.get(cls), Object::Class(_)) {
                    return crate::class::lookup::instance_getattr(vm, obj, cls, name, name_id);
                }
                // A bare `object()`.
                return match n_is(vm, name, "__class__") {
                    true => Ok(Value::Obj(cls)),
                    false => Err(no_attribute(vm, obj, name)),
                };
            }
            Object::Exception(e) if !e.class.is_none() => {
                let cls = e.class.as_obj().expect("class");
                return crate::class::lookup::instance_getattr(vm, obj, cls, name, name_id);
            }
            Object::Class(_) => return crate::class::lookup::class_getattr(vm, r, name, name_id),
            Object::Super(_) => return crate::class::lookup::super_getattr(vm, r, name, name_id),
            Object::Property(p) => {
                let p = **p;
                match name_str(vm, name).as_str() {
                    "fget" => return Ok(p.fget),
                    "fset" => return Ok(p.fset),
                    "fdel" => return Ok(p.fdel),
                    "__doc__" => return Ok(p.doc),
                    _ => {}
                }
            }
            Object::StaticMethod(f) | Object::ClassMethod(f) => {
                let f = *f;
                if n_is(vm, name, "__func__") || n_is(vm, name, "__wrapped__") {
                    return Ok(f);
                }
                if let Ok(v) = get_attr(vm, f, name, name_id) {
                    return Ok(v);
                }
            }
            _ => {}
        }
    }
    let ty = BuiltinType::of(&vm.heap, obj);
    if !matches!(ty, BuiltinType::Module | BuiltinType::Type) {
        if let Some(m) = vm.builtin_method(ty, name_id) {
            let bm = vm.heap.alloc(Object::BoundMethod(BoundMethod {
                receiver: obj,
                function: m,
            }))?;
            return Ok(Value::Obj(bm));
        }
    }
    let n = name_str(vm, name);
    let n = n.as_str();
    match obj {
        Value::Int(_) | Value::Bool(_) => match n {
            "real" | "numerator" => return Ok(int_value(obj)),
            "imag" => return Ok(Value::Int(0)),
            "denominator" => return Ok(Value::Int(1)),
            _ => {}
        },
        Value::Float(f) => match n {
            "real" => return Ok(Value::Float(f)),
            "imag" => return Ok(Value::Float(0.0)),
            _ => {}
        },
        _ => {}
    }
    if n == "__class__" {
        return Ok(super::type_of(vm, obj));
    }
    if let Some(r) = obj.as_obj() {
        match vm.heap.get(r) {
            Object::Exception(_) => {
                if let Some(v) = exception_field(vm, r, n) {
                    return Ok(v);
                }
                if let Some(v) = crate::class::group::field(vm, r, n)? {
                    return Ok(v);
                }
                if let Some(d) = exception_dict_of(vm, r) {
                    if let Some(v) = ops::dict_get(&vm.heap, d, name)? {
                        return Ok(v);
                    }
                }
            }
            Object::Function(f) => match n {
                "__name__" => return Ok(f.name),
                "__qualname__" => return Ok(f.qualname),
                "__defaults__" => return Ok(f.defaults),
                "__kwdefaults__" => return Ok(f.kwdefaults),
                "__closure__" => return Ok(f.closure),
                "__globals__" => return Ok(f.globals),
                "__code__" => return Ok(f.code),
                // Constant 0 of a function's code is its docstring or None (codegen's rule).
                "__doc__" | "__module__"
                    if f.dict.as_obj().is_some_and(|d| {
                        matches!(crate::ops::dict_get_str(&vm.heap, d, n), Ok(Some(_)))
                    }) =>
                {
                    let d = f.dict.as_obj().expect("dict");
                    return Ok(crate::ops::dict_get_str(&vm.heap, d, n)?.unwrap_or(Value::None));
                }
                "__module__" => {
                    let g = f.globals.as_obj();
                    return Ok(match g {
                        Some(g) => crate::ops::dict_get_str(&vm.heap, g, "__name__")?
                            .unwrap_or(Value::None),
                        None => Value::None,
                    });
                }
                "__doc__" => {
                    let first = f.loaded.consts.first().copied().unwrap_or(Value::None);
                    let is_str = ops::as_str(&vm.heap, first).is_some();
                    let named = !f.loaded.code.name().starts_with('<');
                    return Ok(if is_str && named { first } else { Value::None });
                }
                "__annotations__" => {
                    let existing = match f.dict.as_obj() {
                        Some(d) => ops::dict_get(&vm.heap, d, name)?,
                        None => None,
                    };
                    if let Some(v) = existing {
                        return Ok(v);
                    }
                    let d = vm.new_dict()?;
                    set_attr(vm, obj, name, d)?;
                    return Ok(d);
                }
                "__dict__" => {
                    if f.dict.is_none() {
                        let d = vm.new_dict()?;
                        if let Object::Function(f) = vm.heap.get_mut(r) {
                            f.dict = d;
                        }
                        return Ok(d);
                    }
                    return Ok(f.dict);
                }
                _ => {
                    if let Some(d) = f.dict.as_obj() {
                        if let Some(v) = ops::dict_get(&vm.heap, d, name)? {
                            return Ok(v);
                        }
                    }
                }
            },
            Object::NativeFunction(f) => match n {
                "__name__" | "__qualname__" => {
                    let s = f.name.to_string();
                    return vm.new_str(s);
                }
                "__self__" => return Ok(f.receiver.unwrap_or(Value::None)),
                _ => {}
            },
            Object::BoundMethod(m) => match n {
                "__self__" => return Ok(m.receiver),
                "__func__" => return Ok(m.function),
                // Everything else is the function's (`__name__`, `__doc__`, …).
                _ => {
                    let f = m.function;
                    return get_attr(vm, f, name, name_id).map_err(|_| no_attribute(vm, obj, name));
                }
            },
            Object::Type(t) => {
                let t = *t;
                match n {
                    "__name__" | "__qualname__" => {
                        let s = t.name();
                        return vm.new_str(s);
                    }
                    "__mro__" | "__bases__" | "__base__" => {
                        let mro = crate::class::builtin_mro(vm, t);
                        return match n {
                            "__mro__" => vm.new_tuple(mro),
                            "__base__" => Ok(mro.get(1).copied().unwrap_or(Value::None)),
                            _ => {
                                let bases: Vec<Value> = mro.get(1).copied().into_iter().collect();
                                vm.new_tuple(bases)
                            }
                        };
                    }
                    "__module__" => return vm.new_str("builtins"),
                    // A snapshot of the type's methods (CPython's is a read-only mappingproxy).
                    "__dict__" => {
                        let ty = match t {
                            crate::types::TypeObject::Builtin(ty) => ty,
                            crate::types::TypeObject::Exception(_) => BuiltinType::Exception,
                        };
                        let d = vm.new_dict()?;
                        let dref = d.as_obj().expect("dict");
                        // Sorted and without duplicates.
                        let names = crate::types::MethodTable::names_of(ty);
                        for n in names {
                            let id = vm.interner.intern(n);
                            if let Some(m) = vm.builtin_method(ty, id) {
                                let k = vm.new_str(n)?;
                                ops::dict_set(vm, dref, k, m)?;
                            }
                        }
                        return Ok(d);
                    }
                    _ => {}
                }
                // `dict.fromkeys`, `float.fromhex`: class and static methods take no receiver.
                if let crate::types::TypeObject::Builtin(ty) = t {
                    if let Some(f) = crate::types::util::static_method(ty, n) {
                        let nf = Object::NativeFunction(Box::new(crate::object::NativeFunction {
                            name: n.into(),
                            imp: crate::object::NativeImpl::Fn(f),
                            receiver: None,
                        }));
                        return Ok(Value::Obj(vm.heap.alloc(nf)?));
                    }
                }
                // `str.lower`: the method itself, called with the receiver first.
                let ty = match t {
                    crate::types::TypeObject::Builtin(ty) => ty,
                    crate::types::TypeObject::Exception(_) => BuiltinType::Exception,
                };
                if let Some(m) = vm.builtin_method(ty, name_id) {
                    return Ok(m);
                }
                if ty != BuiltinType::Object {
                    if let Some(m) = vm.builtin_method(BuiltinType::Object, name_id) {
                        return Ok(m);
                    }
                }
            }
            Object::GenericAlias(_) => {
                if let Some(v) = crate::class::alias::getattr(vm, r, n)? {
                    return Ok(v);
                }
            }
            Object::Generator(g) => {
                let (func, state) = (g.func, g.state);
                match n {
                    "__name__" | "__qualname__" | "gi_code" => {
                        let field = match n {
                            "__name__" => "__name__",
                            "__qualname__" => "__qualname__",
                            _ => "__code__",
                        };
                        let k = crate::class::static_str(vm, field)?;
                        let id = vm.interner.intern(field);
                        return get_attr(vm, func, k, id);
                    }
                    "gi_running" => {
                        return Ok(Value::Bool(state == crate::object::GenState::Running))
                    }
                    "gi_frame" if state == crate::object::GenState::Finished => {
                        return Ok(Value::None)
                    }
                    _ => {}
                }
            }
            Object::Range(rg) => match n {
                "start" => return Ok(rg.start),
                "stop" => return Ok(rg.stop),
                "step" => return Ok(rg.step),
                _ => {}
            },
            Object::File(_) => {
                if let Some(v) = crate::types::file::attr(vm, r, n)? {
                    return Ok(v);
                }
            }
            Object::Slice(s) => match n {
                "start" => return Ok(s.start),
                "stop" => return Ok(s.stop),
                "step" => return Ok(s.step),
                _ => {}
            },
            Object::Module(m) => {
                let d = m.dict;
                if n == "__dict__" {
                    return Ok(Value::Obj(d));
                }
                if let Some(v) = ops::dict_get(&vm.heap, d, name)? {
                    return Ok(v);
                }
                // PEP 562: a module's own `__getattr__` answers for names it lacks.
                if n != "__getattr__" {
                    if let Some(hook) = crate::ops::dict_get_str(&vm.heap, d, "__getattr__")? {
                        return vm.call(hook, &[name]);
                    }
                }
            }
            Object::BigInt(_) => match n {
                "real" | "numerator" => return Ok(obj),
                "imag" => return Ok(Value::Int(0)),
                "denominator" => return Ok(Value::Int(1)),
                _ => {}
            },
            _ => {}
        }
    }
    Err(no_attribute(vm, obj, name))
}

fn exception_dict_of(vm: &Vm, r: crate::value::ObjRef) -> Option<crate::value::ObjRef> {
    match vm.heap.get(r) {
        Object::Exception(e) => e.dict.as_obj(),
        _ => None,
    }
}

fn n_is(vm: &Vm, name: Value, s: &str) -> bool {
    ops::as_str(&vm.heap, name).is_some_and(|x| x.as_str() == s)
}

/// The builtin data attributes of an exception object (`args`, `__cause__`, …).
pub(crate) fn exception_field(vm: &Vm, r: crate::value::ObjRef, n: &str) -> Option<Value> {
    let Object::Exception(e) = vm.heap.get(r) else {
        return None;
    };
    Some(match n {
        "args" => e.args,
        "__cause__" => e.cause,
        "__context__" => e.context,
        "__suppress_context__" => Value::Bool(e.suppress_context),
        "__traceback__" => e.traceback,
        "value" if e.kind == ExcKind::StopIteration => {
            match e.args.as_obj().map(|a| vm.heap.get(a)) {
                Some(Object::Tuple(t)) if !t.is_empty() => t[0],
                _ => Value::None,
            }
        }
        "code" if e.kind == ExcKind::SystemExit => match e.args.as_obj().map(|a| vm.heap.get(a)) {
            Some(Object::Tuple(t)) if t.len() == 1 => t[0],
            Some(Object::Tuple(t)) if t.is_empty() => Value::None,
            _ => e.args,
        },
        "name" | "path" | "msg" if e.kind.is_subclass(ExcKind::ImportError) => {
            return crate::import::import_error_attr(&vm.heap, e.dict, e.args, n).ok()
        }
        _ => {
            return crate::class::oserror::field(vm, r, n)
                .or_else(|| crate::class::oserror::unicode_field(vm, r, n))
                .or_else(|| crate::class::syntaxerror::field(vm, r, n))
        }
    })
}

fn int_value(v: Value) -> Value {
    match v {
        Value::Bool(b) => Value::Int(i64::from(b)),
        other => other,
    }
}

/// `obj.name = value`.
/// The heap object `v` stands for, if any.
fn heap_obj(heap: &crate::Heap, v: Value) -> Option<&Object> {
    v.as_obj().map(|r| heap.get(r))
}

pub(crate) fn set_attr(vm: &mut Vm, obj: Value, name: Value, value: Value) -> VmResult<()> {
    if let Value::Obj(r) = obj {
        match vm.heap.get(r) {
            Object::Instance(i) => {
                let cls = i.class.as_obj().expect("instance class");
                if matches!(vm.heap.get(cls), Object::Class(_)) {
                    return crate::class::lookup::instance_setattr(vm, obj, cls, name, value);
                }
            }
            Object::Exception(e) if !e.class.is_none() => {
                let cls = e.class.as_obj().expect("class");
                return crate::class::lookup::instance_setattr(vm, obj, cls, name, value);
            }
            Object::Class(_) => return crate::class::lookup::class_setattr(vm, r, name, value),
            _ => {}
        }
    }
    set_attr_builtin(vm, obj, name, value)
}

/// `obj.name = value` for builtin kinds.
pub(crate) fn set_attr_builtin(vm: &mut Vm, obj: Value, name: Value, value: Value) -> VmResult<()> {
    let n = name_str(vm, name);
    if let Some(r) = obj.as_obj() {
        let heap = &vm.heap;
        match heap.get(r) {
            Object::Exception(_) => {
                let is_exc = |v: Value| {
                    v.is_none()
                        || matches!(v.as_obj().map(|x| heap.get(x)), Some(Object::Exception(_)))
                };
                let (special, ok) = match n.as_str() {
                    "__cause__" | "__context__" => (true, is_exc(value)),
                    "__suppress_context__" | "__traceback__" | "args" => (true, true),
                    _ => (false, false),
                };
                if !special {
                    // Any other attribute lives in the exception's dict (`e.note = …`).
                    let d = crate::class::lookup::exception_dict(vm, r)?;
                    return ops::dict_set(vm, d, name, value);
                }
                if ok {
                    let truth = ops::truthy(heap, value);
                    let args = if n == "args" {
                        // The exception may have been popped off the stack: keep it alive
                        // while collecting runs Python.
                        let mark = vm.rt.temp_roots.len();
                        vm.rt.temp_roots.push(obj);
                        let items = ops::collect_iterable(vm, value);
                        vm.rt.temp_roots.truncate(mark);
                        Some(items?)
                    } else {
                        None
                    };
                    let args = match args {
                        Some(a) => Some(vm.new_tuple(a)?),
                        None => None,
                    };
                    if let Object::Exception(e) = vm.heap.get_mut(r) {
                        match n.as_str() {
                            "__cause__" => {
                                e.cause = value;
                                e.suppress_context = true;
                            }
                            "__context__" => e.context = value,
                            "__suppress_context__" => e.suppress_context = truth,
                            "__traceback__" => e.traceback = value,
                            _ => e.args = args.unwrap_or(e.args),
                        }
                    }
                    return Ok(());
                }
            }
            Object::Function(_) if matches!(n.as_str(), "__name__" | "__qualname__") => {
                // functools.wraps renames wrappers.
                if ops::as_str(heap, value).is_none() {
                    return Err(VmError::new(
                        ExcKind::TypeError,
                        format!("{n} must be set to a string object"),
                    ));
                }
                if let Object::Function(f) = vm.heap.get_mut(r) {
                    if n == "__name__" {
                        f.name = value;
                    } else {
                        f.qualname = value;
                    }
                }
                return Ok(());
            }
            Object::Function(_) if matches!(n.as_str(), "__defaults__" | "__kwdefaults__") => {
                let (want, ok) = if n == "__defaults__" {
                    (
                        "tuple",
                        matches!(heap_obj(heap, value), Some(Object::Tuple(_))),
                    )
                } else {
                    (
                        "dict",
                        matches!(heap_obj(heap, value), Some(Object::Dict(_))),
                    )
                };
                if !ok && !value.is_none() {
                    return Err(VmError::new(
                        ExcKind::TypeError,
                        format!("{n} must be set to a {want} object"),
                    ));
                }
                if let Object::Function(f) = vm.heap.get_mut(r) {
                    if n == "__defaults__" {
                        f.defaults = value;
                    } else {
                        f.kwdefaults = value;
                    }
                }
                return Ok(());
            }
            Object::Function(f) => {
                let d = match f.dict.as_obj() {
                    Some(d) => d,
                    None => {
                        let d = vm.new_dict()?;
                        if let Object::Function(f) = vm.heap.get_mut(r) {
                            f.dict = d;
                        }
                        d.as_obj().expect("dict")
                    }
                };
                return ops::dict_set(vm, d, name, value);
            }
            Object::Module(m) => {
                let d = m.dict;
                return ops::dict_set(vm, d, name, value);
            }
            _ => {}
        }
    }
    let tn = type_name(&vm.heap, obj);
    Err(VmError::new(
        ExcKind::AttributeError,
        if matches!(obj, Value::Obj(_)) && !matches!(tn, "int" | "float" | "str") {
            format!("'{tn}' object has no attribute '{n}'")
        } else {
            format!("'{tn}' object attribute '{n}' is read-only")
        },
    ))
}

/// `del obj.name`.
pub(crate) fn del_attr(vm: &mut Vm, obj: Value, name: Value) -> VmResult<()> {
    if let Value::Obj(r) = obj {
        match vm.heap.get(r) {
            Object::Instance(i) => {
                let cls = i.class.as_obj().expect("instance class");
                if matches!(vm.heap.get(cls), Object::Class(_)) {
                    return crate::class::lookup::instance_delattr(vm, obj, cls, name);
                }
            }
            Object::Exception(e) if !e.class.is_none() => {
                let cls = e.class.as_obj().expect("class");
                return crate::class::lookup::instance_delattr(vm, obj, cls, name);
            }
            Object::Class(_) => return crate::class::lookup::class_delattr(vm, r, name),
            _ => {}
        }
    }
    if let Some(r) = obj.as_obj() {
        let d = match vm.heap.get(r) {
            Object::Function(f) => f.dict.as_obj(),
            Object::Module(m) => Some(m.dict),
            _ => None,
        };
        if let Some(d) = d {
            if ops::dict_del(vm, d, name)?.is_some() {
                return Ok(());
            }
        }
    }
    Err(no_attribute(vm, obj, name))
}
