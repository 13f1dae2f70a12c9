//! The natives of the object model: `object`'s methods, `property`, `staticmethod`,
//! `classmethod`, `super`, `BaseException`'s methods, and the `__init__` of the mutable builtin
//! types (so `super().__init__(items)` in a `list` subclass fills the payload).

use super::lookup::{generic_delattr, generic_getattr, generic_setattr, no_attribute};
use super::{is_subtype, is_type, type_of, user_class_of};
use crate::error::{type_error, VmResult};
use crate::interp::ops;
use crate::native::Args;
use crate::object::{Object, Property, Super};
use crate::types::MethodDef;
use crate::value::Value;
use crate::Vm;

/// `object`'s methods (found at the end of every MRO).
pub static OBJECT_METHODS: &[MethodDef] = &[
    MethodDef::new("__init__", object_init),
    MethodDef::new("__new__", object_new),
    MethodDef::new("__repr__", object_repr),
    MethodDef::new("__str__", object_str),
    MethodDef::new("__eq__", object_eq),
    MethodDef::new("__ne__", object_ne),
    MethodDef::new("__hash__", object_hash),
    MethodDef::new("__format__", object_format),
    MethodDef::new("__getattribute__", object_getattribute),
    MethodDef::new("__setattr__", object_setattr),
    MethodDef::new("__delattr__", object_delattr),
    MethodDef::new("__init_subclass__", object_init_subclass),
    MethodDef::new("__dir__", object_dir),
];

/// `BaseException`'s methods.
pub static EXCEPTION_METHODS: &[MethodDef] = &[
    MethodDef::new("__init__", exception_init),
    MethodDef::new("__str__", exception_str),
    MethodDef::new("__repr__", exception_repr),
    MethodDef::new("with_traceback", exception_with_traceback),
];

/// `list.__init__`.
pub static LIST_INIT: &[MethodDef] = &[MethodDef::new("__init__", list_init)];
/// `dict.__init__`.
pub static DICT_INIT: &[MethodDef] = &[MethodDef::new("__init__", dict_init)];
/// `set.__init__`.
pub static SET_INIT: &[MethodDef] = &[MethodDef::new("__init__", set_init)];

/// `property`'s methods.
pub static PROPERTY_METHODS: &[MethodDef] = &[
    MethodDef::new("getter", property_getter),
    MethodDef::new("setter", property_setter),
    MethodDef::new("deleter", property_deleter),
    MethodDef::new("__get__", property_get),
    MethodDef::new("__set__", property_set),
];

/// `type`'s methods.
pub static TYPE_METHODS: &[MethodDef] = &[
    MethodDef::new("mro", type_mro),
    MethodDef::new("__subclasses__", type_subclasses),
    MethodDef::new("__new__", type_new_native),
    MethodDef::new("__init__", type_init),
    MethodDef::new("__call__", type_call_native),
    MethodDef::new("__instancecheck__", type_instancecheck),
    MethodDef::new("__subclasscheck__", type_subclasscheck),
];

/// `classmethod`'s and `staticmethod`'s methods.
pub static CLASSMETHOD_METHODS: &[MethodDef] = &[MethodDef::new("__get__", classmethod_get)];
/// `staticmethod`'s methods.
pub static STATICMETHOD_METHODS: &[MethodDef] = &[MethodDef::new("__get__", staticmethod_get)];

fn classmethod_get(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("__get__", 2, 3)?;
    let [this, obj, owner] = args.fixed::<3>();
    let f = match this.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::ClassMethod(f)) => *f,
        _ => {
            return Err(type_error(
                "descriptor '__get__' requires a 'classmethod' object",
            ))
        }
    };
    let cls = if owner.is_none() {
        type_of(vm, obj)
    } else {
        owner
    };
    let m = crate::object::BoundMethod {
        receiver: cls,
        function: f,
    };
    Ok(Value::Obj(vm.heap.alloc(Object::BoundMethod(m))?))
}

fn staticmethod_get(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("__get__", 2, 3)?;
    let this = receiver(&args);
    match this.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::StaticMethod(f)) => Ok(*f),
        _ => Err(type_error(
            "descriptor '__get__' requires a 'staticmethod' object",
        )),
    }
}

/// The methods of Python functions (`function.__get__`).
pub static FUNCTION_METHODS: &[MethodDef] = &[MethodDef::new("__get__", function_get)];

fn function_get(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("__get__", 2, 3)?;
    let [f, obj] = args.fixed::<2>();
    if obj.is_none() {
        return Ok(f);
    }
    let m = crate::object::BoundMethod {
        receiver: obj,
        function: f,
    };
    Ok(Value::Obj(vm.heap.alloc(Object::BoundMethod(m))?))
}

fn type_new_native(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let pos = args.positional();
    if pos.len() == 2 && !args.has_kwargs() {
        // `type.__new__(type, x)`: the type of x.
        return Ok(type_of(vm, pos[1]));
    }
    if pos.len() != 4 {
        return Err(type_error("type.__new__() takes exactly 3 arguments"));
    }
    super::create::type_new(
        vm,
        pos[0],
        pos[1],
        pos[2],
        pos[3],
        args.kwnames(),
        args.kwvalues(),
    )
}

fn type_init(_vm: &mut Vm, _args: Args<'_>) -> VmResult<Value> {
    Ok(Value::None)
}

fn type_call_native(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let Some(cls) = args.get(0) else {
        return Err(type_error("type.__call__(): not enough arguments"));
    };
    let rest = Args::new(&args.values()[1..], args.kwnames());
    match cls.as_obj().map(|r| (r, vm.heap.get(r))) {
        Some((r, Object::Class(_))) => super::instantiate::type_call(vm, r, rest),
        _ => vm.call_kw(cls, rest.values(), rest.kwnames()),
    }
}

fn type_instancecheck(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [cls, v] = args.fixed::<2>();
    Ok(Value::Bool(super::is_instance(vm, v, cls)))
}

fn type_subclasscheck(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [cls, v] = args.fixed::<2>();
    Ok(Value::Bool(is_subtype(vm, v, cls)))
}

fn receiver(args: &Args<'_>) -> Value {
    args.get(0).unwrap_or(Value::None)
}

fn object_init(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let this = receiver(&args);
    if args.len() > 1 {
        // Extra arguments are an error only when `__new__` was not overridden to take them.
        let overridden_new = match user_class_of(vm, this) {
            Some(c) => super::lookup::user_lookup_str(vm, c, "__new__")?.is_some(),
            None => false,
        };
        if !overridden_new {
            return Err(type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
    }
    Ok(Value::None)
}

fn object_new(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let Some(cls) = args.get(0) else {
        return Err(type_error("object.__new__(): not enough arguments"));
    };
    match cls.as_obj().map(|r| (r, vm.heap.get(r))) {
        Some((r, Object::Class(_))) => {
            super::instantiate::new_instance(vm, r, Args::new(&args.positional()[1..], &[]))
        }
        Some((_, Object::Type(_))) => {
            let pos = args.positional()[1..].to_vec();
            vm.call_kw(cls, &pos, &[])
        }
        _ => Err(type_error(format!(
            "object.__new__(X): X is not a type object ({})",
            crate::types::type_name(&vm.heap, cls)
        ))),
    }
}

fn object_repr(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let s = super::dunder::default_repr(vm, receiver(&args))?;
    vm.new_str(s)
}

fn object_str(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let this = receiver(&args);
    let s = crate::interp::format::repr(vm, this)?;
    vm.new_str(s)
}

fn object_eq(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [a, b] = args.fixed::<2>();
    Ok(if a.is(b) {
        Value::Bool(true)
    } else {
        vm.rt.not_implemented
    })
}

fn object_ne(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [a, b] = args.fixed::<2>();
    if a.is(b) {
        return Ok(Value::Bool(false));
    }
    match super::dunder::try_call(vm, a, "__eq__", &[b])? {
        Some(r) if !r.is(vm.rt.not_implemented) => Ok(Value::Bool(!ops::truthy_vm(vm, r)?)),
        Some(r) => Ok(r),
        None => Ok(vm.rt.not_implemented),
    }
}

fn object_hash(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let this = receiver(&args);
    Ok(Value::Int(match this {
        Value::Obj(r) => crate::ops::identity_hash(r),
        other => ops::hash_vm(vm, other)?,
    }))
}

fn object_format(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [this, spec] = args.fixed::<2>();
    let empty = ops::as_str(&vm.heap, spec).is_some_and(|s| s.as_str().is_empty());
    if !empty {
        return Err(type_error(format!(
            "unsupported format string passed to {}.__format__",
            crate::types::type_name(&vm.heap, this)
        )));
    }
    let s = crate::interp::format::to_str(vm, this)?;
    vm.new_str(s)
}

fn object_getattribute(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [this, name] = args.fixed::<2>();
    let Some(cls) = user_class_of(vm, this) else {
        let id = name_id(vm, name)?;
        return crate::interp::attrs::get_attr(vm, this, name, id);
    };
    let id = name_id(vm, name)?;
    match generic_getattr(vm, this, cls, name, id)? {
        Some(v) => Ok(v),
        None => Err(no_attribute(vm, this, name)),
    }
}

fn name_id(vm: &mut Vm, name: Value) -> VmResult<crate::Name> {
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

fn object_setattr(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [this, name, value] = args.fixed::<3>();
    name_id(vm, name)?;
    match user_class_of(vm, this) {
        Some(cls) => generic_setattr(vm, this, cls, name, value)?,
        None => crate::interp::attrs::set_attr(vm, this, name, value)?,
    }
    Ok(Value::None)
}

fn object_delattr(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [this, name] = args.fixed::<2>();
    name_id(vm, name)?;
    match user_class_of(vm, this) {
        Some(cls) => generic_delattr(vm, this, cls, name)?,
        None => crate::interp::attrs::del_attr(vm, this, name)?,
    }
    Ok(Value::None)
}

fn object_init_subclass(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    if args.has_kwargs() {
        let cls = receiver(&args);
        return Err(type_error(format!(
            "{}.__init_subclass__() takes no keyword arguments",
            super::type_name_of(vm, cls)
        )));
    }
    Ok(Value::None)
}

fn object_dir(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let this = receiver(&args);
    let names = dir_names(vm, this)?;
    vm.new_list(names)
}

/// The sorted attribute names `dir(v)` lists: the instance dict, then every class along the MRO.
pub fn dir_names(vm: &mut Vm, v: Value) -> VmResult<Vec<Value>> {
    let mut keys: Vec<Value> = Vec::new();
    let mut dicts = Vec::new();
    match v.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Instance(i)) => dicts.push(i.dict),
        Some(Object::Exception(e)) => {
            if let Some(d) = e.dict.as_obj() {
                dicts.push(d);
            }
        }
        Some(Object::Module(m)) => dicts.push(m.dict),
        _ => {}
    }
    let t = if is_type(vm, v) { v } else { type_of(vm, v) };
    let mut builtin_names = Vec::new();
    for m in super::mro_of(vm, t) {
        match m.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::Class(c)) => dicts.push(c.dict),
            Some(Object::Type(ty)) => {
                let ty = match ty {
                    crate::types::TypeObject::Builtin(b) => *b,
                    crate::types::TypeObject::Exception(_) => crate::types::BuiltinType::Exception,
                };
                for n in crate::types::MethodTable::names_of(ty) {
                    builtin_names.push(vm.interner.intern(n));
                }
            }
            _ => {}
        }
    }
    // Every object has these, though no method table lists them.
    for extra in ["__class__", "__doc__", "__module__", "__dict__"] {
        builtin_names.push(vm.interner.intern(extra));
    }
    let mut seen = std::collections::HashSet::new();
    for d in dicts {
        if let Object::Dict(dict) = vm.heap.get(d) {
            for (k, _) in dict.iter() {
                if let Some(s) = ops::as_str(&vm.heap, k) {
                    if seen.insert(s.as_str().to_string()) {
                        keys.push(k);
                    }
                }
            }
        }
    }
    for n in builtin_names {
        let text = vm.interner.resolve(n).to_string();
        if seen.insert(text.clone()) {
            keys.push(vm.new_str(text)?);
        }
    }
    let heap = &vm.heap;
    keys.sort_by(|a, b| {
        let a = ops::as_str(heap, *a).map(|s| s.as_str()).unwrap_or("");
        let b = ops::as_str(heap, *b).map(|s| s.as_str()).unwrap_or("");
        a.cmp(b)
    });
    Ok(keys)
}

fn exception_init(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let this = receiver(&args);
    let rest = args.positional().get(1..).unwrap_or(&[]).to_vec();
    let t = vm.new_tuple(rest)?;
    if let Some(Object::Exception(e)) = this.as_obj().map(|r| vm.heap.get_mut(r)) {
        e.args = t;
    }
    Ok(Value::None)
}

fn exception_str(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let this = receiver(&args);
    let s = match this.as_obj() {
        Some(r) if matches!(vm.heap.get(r), Object::Exception(_)) => {
            crate::interp::format::exception_str(vm, r)?
        }
        _ => crate::interp::format::to_str(vm, this)?,
    };
    vm.new_str(s)
}

fn exception_repr(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let this = receiver(&args);
    let s = super::dunder::default_repr(vm, this)?;
    vm.new_str(s)
}

fn exception_with_traceback(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [this, tb] = args.fixed::<2>();
    if let Some(Object::Exception(e)) = this.as_obj().map(|r| vm.heap.get_mut(r)) {
        e.traceback = tb;
    }
    Ok(this)
}

fn list_init(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("list", 1, 2)?;
    let this = receiver(&args);
    let items = match args.get(1) {
        Some(v) => ops::collect_iterable(vm, v)?,
        None => Vec::new(),
    };
    match this.as_obj().map(|r| vm.heap.get_mut(r)) {
        Some(Object::List(l)) => {
            l.clear();
            l.extend(items);
            Ok(Value::None)
        }
        _ => Err(type_error("descriptor '__init__' requires a 'list' object")),
    }
}

fn dict_init(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let this = receiver(&args);
    let Some(r) = this.as_obj() else {
        return Err(type_error("descriptor '__init__' requires a 'dict' object"));
    };
    // `dict(*args, **kwargs)` builds the content; copy it in.
    let t = vm.type_object(crate::types::BuiltinType::Dict);
    let built = vm.call_kw(t, &args.values()[1..], args.kwnames())?;
    let entries: Vec<(Value, Value)> = match built.as_obj().map(|b| vm.heap.get(b)) {
        Some(Object::Dict(d)) => d.iter().map(|(k, v)| (k, *v)).collect(),
        _ => Vec::new(),
    };
    for (k, v) in entries {
        ops::dict_set(vm, r, k, v)?;
    }
    Ok(Value::None)
}

fn set_init(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.check_count("set", 1, 2)?;
    let this = receiver(&args);
    let items = match args.get(1) {
        Some(v) => ops::collect_iterable(vm, v)?,
        None => Vec::new(),
    };
    let Some(r) = this.as_obj() else {
        return Err(type_error("descriptor '__init__' requires a 'set' object"));
    };
    for x in items {
        crate::ops::set_add(&mut vm.heap, r, x)?;
    }
    Ok(Value::None)
}

/// `property(fget=None, fset=None, fdel=None, doc=None)`.
pub fn property_new(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [fget, fset, fdel, doc] = args.bind(
        &vm.heap,
        "property",
        ["fget", "fset", "fdel", "doc"],
        0,
        4,
        0,
    )?;
    let fget = fget.unwrap_or(Value::None);
    let doc = match doc {
        Some(d) if !d.is_none() => d,
        _ => match fget.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::Function(_)) => {
                let k = super::static_str(vm, "__doc__")?;
                let id = vm.interner.intern("__doc__");
                crate::interp::attrs::get_attr(vm, fget, k, id).unwrap_or(Value::None)
            }
            _ => Value::None,
        },
    };
    let p = Property {
        fget,
        fset: fset.unwrap_or(Value::None),
        fdel: fdel.unwrap_or(Value::None),
        doc,
        name: Value::None,
    };
    Ok(Value::Obj(vm.heap.alloc(Object::Property(Box::new(p)))?))
}

fn property_copy(vm: &mut Vm, args: &Args<'_>, which: usize) -> VmResult<Value> {
    let [this, f] = args.fixed::<2>();
    let Some(Object::Property(p)) = this.as_obj().map(|r| vm.heap.get(r)) else {
        return Err(type_error("descriptor requires a 'property' object"));
    };
    let mut p = **p;
    match which {
        0 => p.fget = f,
        1 => p.fset = f,
        _ => p.fdel = f,
    }
    Ok(Value::Obj(vm.heap.alloc(Object::Property(Box::new(p)))?))
}

fn property_getter(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    property_copy(vm, &args, 0)
}

fn property_setter(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    property_copy(vm, &args, 1)
}

fn property_deleter(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    property_copy(vm, &args, 2)
}

fn property_name(vm: &Vm, this: Value) -> Value {
    match this.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Property(p)) => p.name,
        _ => Value::None,
    }
}

fn property_get(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [this, obj] = args.fixed::<2>();
    if obj.is_none() {
        return Ok(this);
    }
    let name = property_name(vm, this);
    super::lookup::property_access(vm, this, obj, name, super::lookup::Access::Get)
}

fn property_set(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [this, obj, value] = args.fixed::<3>();
    let name = property_name(vm, this);
    super::lookup::property_access(vm, this, obj, name, super::lookup::Access::Set(value))?;
    Ok(Value::None)
}

/// `staticmethod(f)` / `classmethod(f)`.
pub fn wrapper_new(vm: &mut Vm, args: Args<'_>, class: bool) -> VmResult<Value> {
    let name = if class { "classmethod" } else { "staticmethod" };
    args.no_kwargs(name)?;
    args.expect_count(name, 1, 1)?;
    let f = args.positional()[0];
    let o = if class {
        Object::ClassMethod(f)
    } else {
        Object::StaticMethod(f)
    };
    Ok(Value::Obj(vm.heap.alloc(o)?))
}

/// `super()` (from the calling frame's `__class__` cell and first argument) or
/// `super(type, obj)`.
pub fn super_new(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let pos = args.positional();
    let (this, obj) = match pos.len() {
        0 => zero_arg_super(vm)?,
        2 => (pos[0], pos[1]),
        1 => {
            return Err(type_error(
                "hotpy does not support unbound super objects yet",
            ))
        }
        _ => {
            return Err(type_error(format!(
                "super() takes at most 2 arguments ({} given)",
                pos.len()
            )))
        }
    };
    if !is_type(vm, this) {
        return Err(type_error(format!(
            "super() argument 1 must be a type, not {}",
            crate::types::type_name(&vm.heap, this)
        )));
    }
    let obj_type = if is_type(vm, obj) && is_subtype(vm, obj, this) {
        obj
    } else {
        let t = type_of(vm, obj);
        if !is_subtype(vm, t, this) {
            return Err(type_error(
                "super(type, obj): obj must be an instance or subtype of type",
            ));
        }
        t
    };
    let s = Super {
        this,
        obj,
        obj_type,
    };
    Ok(Value::Obj(vm.heap.alloc(Object::Super(s))?))
}

fn zero_arg_super(vm: &mut Vm) -> VmResult<(Value, Value)> {
    let Some(frame) = vm.rt.frames.last() else {
        return Err(runtime("super(): no current frame"));
    };
    let code = &frame.loaded.code;
    if code.arg_count() == 0 && code.varnames().is_empty() {
        return Err(runtime("super(): no arguments"));
    }
    let nlocals = frame.loaded.nlocals;
    let ncells = frame.loaded.ncells;
    let base = frame.base;
    let Some(pos) = code.freevars().iter().position(|n| &**n == "__class__") else {
        return Err(runtime("super(): __class__ cell not found"));
    };
    let first_name = code.varnames().first().map(|s| s.to_string());
    let cell_of_first = first_name
        .as_ref()
        .and_then(|n| code.cellvars().iter().position(|c| **c == **n));
    let mut first = vm.rt.stack[base];
    if let Some(ci) = cell_of_first {
        if let Some(Object::Cell(v)) = vm.rt.stack[base + nlocals + ci]
            .as_obj()
            .map(|r| vm.heap.get(r))
        {
            first = *v;
        }
    }
    if crate::interp::is_null(first) {
        return Err(runtime("super(): arg[0] deleted"));
    }
    let cell = vm.rt.stack[base + nlocals + ncells + pos];
    let class = match cell.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Cell(v)) => *v,
        _ => Value::None,
    };
    if class.is_none() || crate::interp::is_null(class) {
        return Err(runtime("super(): empty __class__ cell"));
    }
    Ok((class, first))
}

fn runtime(msg: &str) -> crate::error::VmError {
    crate::error::VmError::new(crate::error::ExcKind::RuntimeError, msg)
}

fn type_mro(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let this = receiver(&args);
    let m = super::mro_of(vm, this);
    vm.new_list(m)
}

fn type_subclasses(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    // Classes do not keep a list of their subclasses (strong references would keep every
    // reloaded generation alive): scan the heap for classes naming this one as a base. Like
    // CPython with classes in reference cycles, a subclass that is garbage but not yet
    // collected can still be listed.
    let this = receiver(&args);
    let found: Vec<Value> = vm
        .heap
        .objects()
        .filter_map(|(r, o)| match o {
            Object::Class(c) if c.bases.iter().any(|b| b.is(this)) => Some(Value::Obj(r)),
            _ => None,
        })
        .collect();
    vm.new_list(found)
}
