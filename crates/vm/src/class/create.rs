//! Creating classes: `__build_class__` (what a `class` statement calls), `type(name, bases, ns)`
//! and metaclasses, the C3 MRO with CPython's errors, `__slots__`, `__set_name__` and
//! `__init_subclass__`.

use super::lookup::{mro_lookup, user_lookup_str};
use super::{is_subtype, static_str, type_name_of, type_of};
use crate::error::{type_error, ExcKind, VmError, VmResult};
use crate::interp::ops;
use crate::native::Args;
use crate::object::{AttrHooks, ClassObj, Object, SolidBase};
use crate::types::{BuiltinType, TypeObject};
use crate::value::{ObjRef, Value};
use crate::Vm;

/// `__build_class__(func, name, *bases, metaclass=None, **kwds)`: run the class body `func` in a
/// fresh namespace, then call the metaclass.
pub fn build_class(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let pos = args.positional();
    if pos.len() < 2 {
        return Err(type_error("__build_class__: not enough arguments"));
    }
    let (func, name) = (pos[0], pos[1]);
    if ops::as_str(&vm.heap, name).is_none() {
        return Err(type_error("__build_class__: name is not a string"));
    }
    let bases_in = pos[2..].to_vec();
    let mut meta = Value::None;
    let mut kwnames = Vec::new();
    let mut kwvalues = Vec::new();
    for (i, &k) in args.kwnames().iter().enumerate() {
        let v = args.kwvalues()[i];
        if ops::as_str(&vm.heap, k).is_some_and(|s| s.as_str() == "metaclass") {
            meta = v;
        } else {
            kwnames.push(k);
            kwvalues.push(v);
        }
    }
    let bases = resolve_mro_entries(vm, &bases_in)?;
    let mark = vm.rt.temp_roots.len();
    vm.rt.temp_roots.extend_from_slice(&bases);
    let result = build_class_inner(vm, func, name, bases, meta, &kwnames, &kwvalues);
    vm.rt.temp_roots.truncate(mark);
    result
}

fn build_class_inner(
    vm: &mut Vm,
    func: Value,
    name: Value,
    bases: Vec<Value>,
    meta: Value,
    kwnames: &[Value],
    kwvalues: &[Value],
) -> VmResult<Value> {
    // The metaclass: explicit, else the most derived metaclass of the bases.
    let meta = if meta.is_none() {
        match bases.first() {
            Some(&b) => type_of(vm, b),
            None => vm.type_object(BuiltinType::Type),
        }
    } else {
        meta
    };
    let meta = if is_meta_type(vm, meta) {
        calculate_meta(vm, meta, &bases)?
    } else {
        meta
    };
    vm.rt.temp_roots.push(meta);
    let bases_tuple = vm.new_tuple(bases.clone())?;
    vm.rt.temp_roots.push(bases_tuple);
    // `__prepare__`.
    let ns = match meta.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Class(_)) => {
            let prep_name = static_str(vm, "__prepare__")?;
            let id = vm.interner.intern("__prepare__");
            match mro_lookup(vm, meta, prep_name, id)? {
                Some(f) if f.builtin.is_none() => {
                    let prep = super::lookup::class_getattr(
                        vm,
                        meta.as_obj().expect("meta"),
                        prep_name,
                        id,
                    )?;
                    let mut a = vec![name, bases_tuple];
                    a.extend_from_slice(kwvalues);
                    vm.call_kw(prep, &a, kwnames)?
                }
                _ => new_namespace(vm, func)?,
            }
        }
        _ => new_namespace(vm, func)?,
    };
    vm.rt.temp_roots.push(ns);
    let Some(ns_ref) = ns.as_obj() else {
        return Err(type_error("__prepare__() must return a mapping"));
    };
    if !matches!(vm.heap.get(ns_ref), Object::Dict(_)) {
        return Err(type_error(format!(
            "{}.__prepare__() must return a mapping, not {}",
            type_name_of(vm, meta),
            crate::types::type_name(&vm.heap, ns)
        )));
    }
    let cell = vm.run_function_with_locals(func, ns_ref)?;
    let mut a = vec![name, bases_tuple, ns];
    a.extend_from_slice(kwvalues);
    let cls = vm.call_kw(meta, &a, kwnames)?;
    // A class body using `super()` or `__class__` returns its `__class__` cell.
    if let Some(Object::Cell(c)) = cell.as_obj().map(|r| vm.heap.get_mut(r)) {
        if c.is_none() || crate::interp::is_null(*c) {
            *c = cls;
        }
    }
    Ok(cls)
}

/// The dict a class body runs in, with room for the names the body's code uses (an upper
/// bound of what it stores, plus `__module__` and `__qualname__`).
fn new_namespace(vm: &mut Vm, body: Value) -> VmResult<Value> {
    let names = match body.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Function(f)) => f.loaded.names.len(),
        _ => 0,
    };
    vm.new_dict_with_capacity(names + 2)
}

/// PEP 560: bases that are not classes but define `__mro_entries__`.
fn resolve_mro_entries(vm: &mut Vm, bases: &[Value]) -> VmResult<Vec<Value>> {
    let mut out = Vec::with_capacity(bases.len());
    for &b in bases {
        if super::is_type(vm, b) {
            out.push(b);
            continue;
        }
        let me = static_str(vm, "__mro_entries__")?;
        let id = vm.interner.intern("__mro_entries__");
        match crate::interp::attrs::get_attr(vm, b, me, id) {
            Ok(f) => {
                let t = vm.new_tuple(bases.to_vec())?;
                let r = vm.call(f, &[t])?;
                out.extend(ops::collect_iterable(vm, r)?);
            }
            Err(_) => out.push(b),
        }
    }
    Ok(out)
}

fn is_meta_type(vm: &mut Vm, meta: Value) -> bool {
    let t = vm.type_object(BuiltinType::Type);
    is_subtype(vm, meta, t)
}

/// The most derived of `meta` and the bases' metaclasses (CPython's metaclass conflict error).
fn calculate_meta(vm: &mut Vm, meta: Value, bases: &[Value]) -> VmResult<Value> {
    let mut winner = meta;
    for &b in bases {
        let bm = type_of(vm, b);
        if is_subtype(vm, winner, bm) {
            continue;
        }
        if is_subtype(vm, bm, winner) {
            winner = bm;
            continue;
        }
        return Err(type_error(
            "metaclass conflict: the metaclass of a derived class must be a (non-strict) \
             subclass of the metaclasses of all its bases",
        ));
    }
    Ok(winner)
}

/// `type(name, bases, ns)` / `type.__new__(meta, name, bases, ns, **kwds)`: make a class.
pub fn type_new(
    vm: &mut Vm,
    meta: Value,
    name: Value,
    bases: Value,
    ns: Value,
    kwnames: &[Value],
    kwvalues: &[Value],
) -> VmResult<Value> {
    let Some(name_s) = ops::as_str(&vm.heap, name).map(|s| s.as_str().to_string()) else {
        return Err(type_error(format!(
            "type.__new__() argument 1 must be str, not {}",
            crate::types::type_name(&vm.heap, name)
        )));
    };
    let bases: Vec<Value> = match bases.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Tuple(t)) => t.to_vec(),
        _ => {
            return Err(type_error(format!(
                "type.__new__() argument 2 must be tuple, not {}",
                crate::types::type_name(&vm.heap, bases)
            )))
        }
    };
    let Some(Object::Dict(src)) = ns.as_obj().map(|r| vm.heap.get(r)) else {
        return Err(type_error(format!(
            "type.__new__() argument 3 must be dict, not {}",
            crate::types::type_name(&vm.heap, ns)
        )));
    };
    // The class gets its own copy of the namespace: the table as it is (its keys are already
    // distinct), as `dict.copy()` does, not one insert per entry.
    let copy = src.clone();
    let dref = vm.heap.alloc(Object::Dict(copy))?;
    let dict = Value::Obj(dref);
    vm.rt.temp_roots.push(dict);
    let object = vm.type_object(BuiltinType::Object);
    let bases = if bases.is_empty() {
        vec![object]
    } else {
        bases
    };
    for &b in &bases {
        check_base(vm, b)?;
    }
    let solid = solid_base(vm, &bases)?;
    let qualname = match take_key(vm, dref, "__qualname__")? {
        Some(q) => {
            if ops::as_str(&vm.heap, q).is_none() {
                return Err(type_error(format!(
                    "type __qualname__ must be a str, not {}",
                    crate::types::type_name(&vm.heap, q)
                )));
            }
            q
        }
        None => name,
    };
    let classcell = take_key(vm, dref, "__classcell__")?;
    // `__module__` from the caller's globals when the namespace lacks it.
    let module_key = static_str(vm, "__module__")?;
    if ops::dict_get(&vm.heap, dref, module_key)?.is_none() {
        if let Some(frame) = vm.rt.frames.last() {
            let g = frame.globals;
            let nk = static_str(vm, "__name__")?;
            if let Some(m) = ops::dict_get(&vm.heap, g, nk)? {
                ops::dict_set(vm, dref, module_key, m)?;
            }
        }
    }
    // `__new__`, `__init_subclass__` and `__class_getitem__` are implicitly static/class methods.
    wrap_implicit(vm, dref, "__new__", false)?;
    wrap_implicit(vm, dref, "__init_subclass__", true)?;
    wrap_implicit(vm, dref, "__class_getitem__", true)?;
    // Defining `__eq__` without `__hash__` makes instances unhashable.
    let eq_key = static_str(vm, "__eq__")?;
    let hash_key = static_str(vm, "__hash__")?;
    if ops::dict_get(&vm.heap, dref, eq_key)?.is_some()
        && ops::dict_get(&vm.heap, dref, hash_key)?.is_none()
    {
        ops::dict_set(vm, dref, hash_key, Value::None)?;
    }
    let slots = slots_of(vm, dref, &bases)?;
    let meta = if meta.is(vm.type_object(BuiltinType::Type)) {
        Value::None
    } else {
        meta
    };
    // The MRO is computed before the class exists, so a class with an inconsistent MRO is
    // never allocated.
    let mro_tail = c3_merge(vm, &bases)?;
    let cls = vm.heap.alloc(Object::Class(Box::new(ClassObj {
        name: name_s.clone().into(),
        qualname,
        bases: bases.clone().into(),
        mro: Box::new([]),
        dict: dref,
        meta,
        solid,
        slots: slots.restrict,
        nslots: slots.base_slots + slots.own.len(),
        hooks: AttrHooks::default(),
    })))?;
    let clsv = Value::Obj(cls);
    vm.rt.temp_roots.push(clsv);
    // A new class may reuse the slot (and id) of a collected one: cached lookups are stale.
    super::bump_epoch(vm);
    for (i, &n) in slots.own.iter().enumerate() {
        let m = vm
            .heap
            .alloc(Object::Member(Box::new(crate::object::Member {
                name: n,
                index: slots.base_slots + i,
                owner: clsv,
            })))?;
        ops::dict_set(vm, dref, n, Value::Obj(m))?;
    }
    let mut mro = vec![clsv];
    mro.extend(mro_tail);
    if let Object::Class(c) = vm.heap.get_mut(cls) {
        c.mro = mro.into();
    }
    refresh_hooks(vm, cls)?;
    if let Some(cell) = classcell {
        match cell.as_obj().map(|r| vm.heap.get_mut(r)) {
            Some(Object::Cell(c)) => *c = clsv,
            _ => {
                return Err(type_error(format!(
                    "__classcell__ must be a nonlocal cell, not {}",
                    crate::types::type_name(&vm.heap, cell)
                )))
            }
        }
    }
    set_names(vm, clsv, dref)?;
    init_subclass(vm, clsv, kwnames, kwvalues)?;
    Ok(clsv)
}

fn take_key(vm: &mut Vm, d: ObjRef, key: &'static str) -> VmResult<Option<Value>> {
    let k = static_str(vm, key)?;
    ops::dict_del(vm, d, k)
}

fn wrap_implicit(vm: &mut Vm, d: ObjRef, key: &'static str, classmethod: bool) -> VmResult<()> {
    let k = static_str(vm, key)?;
    if let Some(v) = ops::dict_get(&vm.heap, d, k)? {
        if matches!(
            v.as_obj().map(|r| vm.heap.get(r)),
            Some(Object::Function(_))
        ) {
            let w = if classmethod {
                Object::ClassMethod(v)
            } else {
                Object::StaticMethod(v)
            };
            let w = Value::Obj(vm.heap.alloc(w)?);
            ops::dict_set(vm, d, k, w)?;
        }
    }
    Ok(())
}

fn check_base(vm: &mut Vm, b: Value) -> VmResult<()> {
    match b.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Class(_)) => Ok(()),
        Some(Object::Type(t)) => {
            let ok = match t {
                TypeObject::Exception(_) => true,
                TypeObject::Builtin(ty) => matches!(
                    ty,
                    BuiltinType::Object
                        | BuiltinType::Int
                        | BuiltinType::Float
                        | BuiltinType::Str
                        | BuiltinType::Bytes
                        | BuiltinType::ByteArray
                        | BuiltinType::List
                        | BuiltinType::Tuple
                        | BuiltinType::Dict
                        | BuiltinType::Set
                        | BuiltinType::FrozenSet
                        | BuiltinType::Type
                        | BuiltinType::Exception
                ),
            };
            if ok {
                Ok(())
            } else {
                Err(type_error(format!(
                    "type '{}' is not an acceptable base type",
                    t.name()
                )))
            }
        }
        _ => Err(type_error(format!(
            "bases must be types, not {}",
            crate::types::type_name(&vm.heap, b)
        ))),
    }
}

/// The builtin layout instances of a class with `bases` have; CPython's "multiple bases have
/// instance lay-out conflict" when two differ.
fn solid_base(vm: &mut Vm, bases: &[Value]) -> VmResult<SolidBase> {
    let mut out = SolidBase::Object;
    for &b in bases {
        let s = match b.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::Class(c)) => c.solid,
            Some(Object::Type(TypeObject::Exception(k))) => SolidBase::Exception(*k),
            Some(Object::Type(TypeObject::Builtin(BuiltinType::Object))) => SolidBase::Object,
            Some(Object::Type(TypeObject::Builtin(BuiltinType::Type))) => SolidBase::Object,
            Some(Object::Type(TypeObject::Builtin(BuiltinType::Exception))) => {
                SolidBase::Exception(ExcKind::BaseException)
            }
            Some(Object::Type(TypeObject::Builtin(ty))) => SolidBase::Builtin(*ty),
            _ => SolidBase::Object,
        };
        out = match (out, s) {
            (SolidBase::Object, s) => s,
            (o, SolidBase::Object) => o,
            (SolidBase::Exception(a), SolidBase::Exception(b)) => {
                if a.is_subclass(b) {
                    SolidBase::Exception(a)
                } else if b.is_subclass(a) {
                    SolidBase::Exception(b)
                } else {
                    return Err(layout_conflict());
                }
            }
            (a, b) if a == b => a,
            _ => return Err(layout_conflict()),
        };
    }
    Ok(out)
}

fn layout_conflict() -> VmError {
    type_error("multiple bases have instance lay-out conflict")
}

/// What `__slots__` declares: the class's own slot names (each gets a member descriptor), the
/// names instances accept when no class gives them a `__dict__`, and the base layout's slot count.
struct SlotSpec {
    own: Vec<Value>,
    restrict: Option<Box<[Value]>>,
    base_slots: usize,
}

fn slots_of(vm: &mut Vm, d: ObjRef, bases: &[Value]) -> VmResult<SlotSpec> {
    let base_slots = bases
        .iter()
        .map(|b| match b.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::Class(c)) => c.nslots,
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    let key = static_str(vm, "__slots__")?;
    let Some(spec) = ops::dict_get(&vm.heap, d, key)? else {
        return Ok(SlotSpec {
            own: Vec::new(),
            restrict: None,
            base_slots,
        });
    };
    let names = if ops::as_str(&vm.heap, spec).is_some() {
        vec![spec]
    } else {
        ops::collect_iterable(vm, spec)?
    };
    let mut own = Vec::new();
    let mut has_dict = false;
    for &n in &names {
        match ops::as_str(&vm.heap, n).map(|s| s.as_str().to_string()) {
            Some(s) if s == "__dict__" => has_dict = true,
            Some(s) if s == "__weakref__" => {}
            Some(s) => {
                if ops::dict_get(&vm.heap, d, n)?.is_some() {
                    return Err(VmError::new(
                        ExcKind::ValueError,
                        format!("'{s}' in __slots__ conflicts with class variable"),
                    ));
                }
                own.push(n);
            }
            None => {
                return Err(type_error(format!(
                    "__slots__ items must be strings, not '{}'",
                    crate::types::type_name(&vm.heap, n)
                )))
            }
        }
    }
    // Inherited slots; a base without `__slots__` gives instances a dict.
    let mut restrict = (!has_dict).then(|| own.clone());
    for &b in bases {
        if let Some(Object::Class(c)) = b.as_obj().map(|r| vm.heap.get(r)) {
            match (&c.slots, &mut restrict) {
                (Some(s), Some(r)) => r.extend(s.iter().copied()),
                (None, _) => restrict = None,
                _ => {}
            }
        }
    }
    Ok(SlotSpec {
        own,
        restrict: restrict.map(Into::into),
        base_slots,
    })
}

/// Recompute which attribute hooks `cls`'s MRO defines.
pub fn refresh_hooks(vm: &mut Vm, cls: ObjRef) -> VmResult<()> {
    let hooks = AttrHooks {
        getattribute: user_lookup_str(vm, cls, "__getattribute__")?.is_some(),
        getattr: user_lookup_str(vm, cls, "__getattr__")?.is_some(),
        setattr: user_lookup_str(vm, cls, "__setattr__")?.is_some(),
        delattr: user_lookup_str(vm, cls, "__delattr__")?.is_some(),
    };
    if let Object::Class(c) = vm.heap.get_mut(cls) {
        c.hooks = hooks;
    }
    Ok(())
}

/// The C3 linearisation of a new class with `bases`, without the class itself (CPython's
/// errors for duplicate bases and an inconsistent order).
pub fn c3_merge(vm: &mut Vm, bases: &[Value]) -> VmResult<Vec<Value>> {
    let mut seqs: Vec<Vec<Value>> = Vec::with_capacity(bases.len() + 1);
    for (i, &b) in bases.iter().enumerate() {
        if bases[..i].iter().any(|x| x.is(b)) {
            return Err(type_error(format!(
                "duplicate base class {}",
                type_name_of(vm, b)
            )));
        }
        seqs.push(super::mro_of(vm, b));
    }
    seqs.push(bases.to_vec());
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let candidate = seqs
            .iter()
            .map(|s| s[0])
            .find(|&c| !seqs.iter().any(|s| s[1..].iter().any(|x| x.is(c))));
        let Some(c) = candidate else {
            let mut names: Vec<String> = Vec::new();
            for s in &seqs {
                let n = type_name_of(vm, s[0]);
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            return Err(type_error(format!(
                "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                names.join(", ")
            )));
        };
        out.push(c);
        for s in &mut seqs {
            if s[0].is(c) {
                s.remove(0);
            }
        }
    }
}

/// Call `__set_name__(owner, name)` on every namespace value whose type defines it.
fn set_names(vm: &mut Vm, cls: Value, d: ObjRef) -> VmResult<()> {
    let entries: Vec<(Value, Value)> = match vm.heap.get(d) {
        Object::Dict(dict) => dict.iter().map(|(k, v)| (k, *v)).collect(),
        _ => return Ok(()),
    };
    for (k, v) in entries {
        match v.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::Instance(i)) => {
                let c = i.class.as_obj().expect("class");
                if let Some(f) = user_lookup_str(vm, c, "__set_name__")? {
                    vm.call(f, &[v, cls, k])?;
                }
            }
            Some(Object::Property(_)) => {
                if let Some(Object::Property(p)) = v.as_obj().map(|r| vm.heap.get_mut(r)) {
                    if p.name.is_none() {
                        p.name = k;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// `super(cls, cls).__init_subclass__(**kwds)`: the first base along the MRO defining it.
fn init_subclass(vm: &mut Vm, cls: Value, kwnames: &[Value], kwvalues: &[Value]) -> VmResult<()> {
    let mro = super::mro_of(vm, cls);
    let key = static_str(vm, "__init_subclass__")?;
    for &entry in mro.iter().skip(1) {
        let f = match entry.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::Class(c)) => {
                let d = c.dict;
                ops::dict_get(&vm.heap, d, key)?
            }
            _ => None,
        };
        if let Some(f) = f {
            let func = match f.as_obj().map(|r| vm.heap.get(r)) {
                Some(Object::ClassMethod(g)) => *g,
                _ => f,
            };
            let mut a = vec![cls];
            a.extend_from_slice(kwvalues);
            vm.call_kw(func, &a, kwnames)?;
            return Ok(());
        }
    }
    if !kwnames.is_empty() {
        return Err(type_error(format!(
            "{}.__init_subclass__() takes no keyword arguments",
            type_name_of(vm, cls)
        )));
    }
    Ok(())
}

/// `type.__call__` on `type` itself: `type(x)` or `type(name, bases, ns)`.
pub fn type_call_builtin(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let pos = args.positional();
    if pos.len() == 1 && !args.has_kwargs() {
        return Ok(type_of(vm, pos[0]));
    }
    if pos.len() != 3 {
        return Err(type_error("type() takes 1 or 3 arguments"));
    }
    let meta = vm.type_object(BuiltinType::Type);
    // The most derived metaclass of the bases decides.
    let bases: Vec<Value> = match pos[1].as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Tuple(t)) => t.to_vec(),
        _ => Vec::new(),
    };
    let winner = calculate_meta(vm, meta, &bases)?;
    if !winner.is(meta) {
        return vm.call_kw(winner, args.values(), args.kwnames());
    }
    type_new(
        vm,
        meta,
        pos[0],
        pos[1],
        pos[2],
        args.kwnames(),
        args.kwvalues(),
    )
}

/// The `ExcKind` a user exception class's instances are laid out as.
pub fn exception_kind(vm: &Vm, cls: ObjRef) -> Option<ExcKind> {
    match vm.heap.get(cls) {
        Object::Class(c) => match c.solid {
            SolidBase::Exception(k) => Some(k),
            _ => None,
        },
        _ => None,
    }
}

/// A short description of `cls` for messages: `__module__.__qualname__` unless builtins or
/// `__main__`.
pub fn qualified_name(vm: &mut Vm, cls: Value) -> String {
    let Some(Object::Class(c)) = cls.as_obj().map(|r| vm.heap.get(r)) else {
        return type_name_of(vm, cls);
    };
    let q = ops::as_str(&vm.heap, c.qualname)
        .map(|s| s.as_str().to_string())
        .unwrap_or_else(|| c.name.to_string());
    let d = c.dict;
    let module = static_str(vm, "__module__")
        .ok()
        .and_then(|k| ops::dict_get(&vm.heap, d, k).ok().flatten())
        .and_then(|m| ops::as_str(&vm.heap, m).map(|s| s.as_str().to_string()));
    match module {
        Some(m) if m != "builtins" => format!("{m}.{q}"),
        _ => q,
    }
}
