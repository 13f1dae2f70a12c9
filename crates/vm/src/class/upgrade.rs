//! In-place upgrade of live objects, for the reload layer's `upgrade` policy: a function keeps
//! its identity and takes another function's code, defaults, closure and globals; a class keeps
//! its identity and takes another class's body, bases and MRO (its subclasses' MROs are
//! recomputed); a module keeps its identity and takes another namespace. Every change is
//! recorded in an [`UpgradeLog`] so that a failed or rolled-back reload can put everything back.

use crate::error::VmResult;
use crate::interp::ops;
use crate::object::{ClassObj, Function, Object, SolidBase};
use crate::value::{ObjRef, Value};
use crate::Vm;
use hotpy_compiler::fxhash::FxHashMap;

/// One undoable change.
#[derive(Debug, Clone)]
enum Undo {
    Function(ObjRef, Box<Function>),
    Class(ObjRef, Box<ClassObj>),
    InstanceClass(ObjRef, Value),
    ModuleDict(ObjRef, ObjRef),
    DictEntry(ObjRef, Value, Option<Value>),
    /// A redirected reference (cell, list item, dict value at an index): the object, where,
    /// the value before and the survivor written. Undone only where the survivor is still there
    /// (the container may have changed since).
    Cell(ObjRef, Value, Value),
    /// A class's bases and MRO (a class the new code made, whose bases were merged away).
    BasesMro(ObjRef, Box<[Value]>, Box<[Value]>),
    /// A subclass whose MRO was recomputed: recomputed again once the rollback is complete
    /// (restoring a saved MRO would undo a later upgrade of the subclass itself).
    SubclassMro(ObjRef),
    ListItem(ObjRef, usize, Value, Value),
    DictValue(ObjRef, usize, Value, Value),
}

/// What an upgrade changed, in order, with the previous state of each object.
#[derive(Debug, Default, Clone)]
pub struct UpgradeLog {
    undo: Vec<Undo>,
    /// New objects merged into old ones (new → old), to redirect references.
    map: Vec<(Value, Value)>,
}

impl UpgradeLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every value the log holds (the caller keeps them alive while the log may be rolled
    /// back, for example in a rooted list).
    pub fn values(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for u in &self.undo {
            match u {
                Undo::Function(r, f) => {
                    out.push(Value::Obj(*r));
                    out.extend([
                        f.name,
                        f.qualname,
                        f.code,
                        f.globals,
                        f.defaults,
                        f.kwdefaults,
                        f.closure,
                        f.dict,
                    ]);
                }
                Undo::Class(r, c) => {
                    out.push(Value::Obj(*r));
                    out.push(c.qualname);
                    out.extend(c.bases.iter().copied());
                    out.extend(c.mro.iter().copied());
                    out.push(Value::Obj(c.dict));
                    out.push(c.meta);
                    if let Some(s) = &c.slots {
                        out.extend(s.iter().copied());
                    }
                }
                Undo::InstanceClass(r, c) => out.extend([Value::Obj(*r), *c]),
                Undo::ModuleDict(m, d) => out.extend([Value::Obj(*m), Value::Obj(*d)]),
                Undo::DictEntry(d, k, v) => {
                    out.push(Value::Obj(*d));
                    out.push(*k);
                    out.extend(v.iter().copied());
                }
                Undo::Cell(r, v, n) | Undo::ListItem(r, _, v, n) | Undo::DictValue(r, _, v, n) => {
                    out.extend([Value::Obj(*r), *v, *n]);
                }
                Undo::BasesMro(r, bases, mro) => {
                    out.push(Value::Obj(*r));
                    out.extend(bases.iter().chain(mro.iter()).copied());
                }
                Undo::SubclassMro(r) => out.push(Value::Obj(*r)),
            }
        }
        for &(a, b) in &self.map {
            out.push(a);
            out.push(b);
        }
        out
    }

    /// Whether nothing was changed.
    pub fn is_empty(&self) -> bool {
        self.undo.is_empty()
    }

    /// The object `v` was merged into, if it was.
    pub fn merged_into(&self, v: Value) -> Option<Value> {
        self.map.iter().find(|(n, _)| n.is(v)).map(|(_, o)| *o)
    }

    /// Whether `old` took a new object's state (it kept its identity through a merge).
    pub fn upgraded(&self, old: Value) -> bool {
        // Only objects are merged into: a number or None never was (no scan of the log for it).
        old.as_obj().is_some() && self.map.iter().any(|(_, o)| o.is(old))
    }

    /// Put back everything the log changed, newest first.
    pub fn rollback(&mut self, vm: &mut Vm) -> VmResult<()> {
        let mut subclasses = Vec::new();
        while let Some(u) = self.undo.pop() {
            match u {
                Undo::Function(r, f) => {
                    if let Object::Function(slot) = vm.heap.get_mut(r) {
                        *slot = f;
                    }
                }
                Undo::Class(r, c) => {
                    if let Object::Class(slot) = vm.heap.get_mut(r) {
                        *slot = c;
                    }
                }
                Undo::InstanceClass(r, c) => match vm.heap.get_mut(r) {
                    Object::Instance(i) => i.class = c,
                    Object::Exception(e) => e.class = c,
                    _ => {}
                },
                Undo::ModuleDict(m, d) => {
                    if let Object::Module(slot) = vm.heap.get_mut(m) {
                        slot.dict = d;
                    }
                }
                Undo::DictEntry(d, k, v) => match v {
                    Some(v) => ops::dict_set(vm, d, k, v)?,
                    None => {
                        ops::dict_del(vm, d, k)?;
                    }
                },
                Undo::Cell(r, v, n) => {
                    if let Object::Cell(slot) = vm.heap.get_mut(r) {
                        if slot.is(n) {
                            *slot = v;
                        }
                    }
                }
                Undo::BasesMro(r, bases, mro) => {
                    if let Object::Class(c) = vm.heap.get_mut(r) {
                        c.bases = bases;
                        c.mro = mro;
                    }
                }
                Undo::SubclassMro(r) => subclasses.push(r),
                Undo::ListItem(r, i, v, n) => {
                    if let Object::List(items) = vm.heap.get_mut(r) {
                        if let Some(slot) = items.get_mut(i).filter(|s| s.is(n)) {
                            *slot = v;
                        }
                    }
                }
                Undo::DictValue(r, i, v, n) => {
                    if let Object::Dict(t) = vm.heap.get_mut(r) {
                        if t.entry_at(i).is_some_and(|(_, x)| x.is(n)) {
                            t.set_value_at(i, v);
                        }
                    }
                }
            }
        }
        // The bases are back: recompute the subclasses' MROs, shallowest first (a subclass's
        // MRO is built from its bases' MROs).
        subclasses.sort_by_key(|r| match vm.heap.get(*r) {
            Object::Class(c) => c.mro.len(),
            _ => 0,
        });
        subclasses.dedup();
        for s in subclasses {
            recompute_mro(vm, s);
        }
        self.map.clear();
        super::bump_epoch(vm);
        Ok(())
    }
}

fn is_kind(vm: &Vm, v: Value, f: impl Fn(&Object) -> bool) -> bool {
    v.as_obj().is_some_and(|r| f(vm.heap.get(r)))
}

/// Whether `v` is a Python function.
pub fn is_function(vm: &Vm, v: Value) -> bool {
    is_kind(vm, v, |o| matches!(o, Object::Function(_)))
}

/// Whether `v` is a class defined in Python.
pub fn is_class(vm: &Vm, v: Value) -> bool {
    is_kind(vm, v, |o| matches!(o, Object::Class(_)))
}

/// `old` takes `new`'s code, defaults, closure, globals, names and attribute dict; `old` keeps
/// its identity, so every reference to it runs the new code.
pub fn merge_function(vm: &mut Vm, old: Value, new: Value, log: &mut UpgradeLog) {
    let (Some(o), Some(n)) = (old.as_obj(), new.as_obj()) else {
        return;
    };
    if o == n {
        return;
    }
    let Object::Function(nf) = vm.heap.get(n) else {
        return;
    };
    let nf = nf.clone();
    if let Object::Function(slot) = vm.heap.get_mut(o) {
        let saved = std::mem::replace(slot, nf);
        log.undo.push(Undo::Function(o, saved));
        log.map.push((new, old));
    }
}

/// The live entries of dict `d` with their positions.
fn positions(vm: &Vm, d: ObjRef) -> Vec<(usize, Value, Value)> {
    match vm.heap.get(d) {
        Object::Dict(t) => (0..t.slots())
            .filter_map(|i| t.entry_at(i).map(|(k, v)| (i, k, *v)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Replace the value of the entry at position `i` of dict `d` (no hashing or probing: the
/// caller just read the entry there), recording the previous one.
fn set_value_at(vm: &mut Vm, d: ObjRef, i: usize, v: Value, log: &mut UpgradeLog) {
    if let Object::Dict(t) = vm.heap.get_mut(d) {
        if let Some(prev) = t.entry_at(i).map(|(_, x)| *x) {
            t.set_value_at(i, v);
            log.undo.push(Undo::DictValue(d, i, prev, v));
        }
    }
}

/// Merge the entries of namespace `new` into what namespace `old` holds under the same names
/// (see [`merge_value`]), leaving in `new` the survivors: the old functions and classes,
/// upgraded. Names `skip` says are left as they are.
pub fn merge_namespace(
    vm: &mut Vm,
    old: ObjRef,
    new: ObjRef,
    skip: impl Fn(&Vm, Value) -> bool,
    log: &mut UpgradeLog,
) -> VmResult<()> {
    for (i, k, new_v) in positions(vm, new) {
        if skip(vm, k) {
            continue;
        }
        let Some(old_v) = ops::dict_get(&vm.heap, old, k)? else {
            continue;
        };
        let survivor = merge_value(vm, old_v, new_v, log)?;
        if !survivor.is(new_v) {
            set_value_at(vm, new, i, survivor, log);
        }
    }
    Ok(())
}

/// Set `d[k] = v`, recording the previous entry.
fn logged_set(vm: &mut Vm, d: ObjRef, k: Value, v: Value, log: &mut UpgradeLog) -> VmResult<()> {
    let prev = ops::dict_get(&vm.heap, d, k)?;
    log.undo.push(Undo::DictEntry(d, k, prev));
    ops::dict_set(vm, d, k, v)
}

/// Merge what a new namespace entry holds into the old one where identity matters, returning
/// the value the namespace should hold: the old function, class or enum member (upgraded), or
/// the new value.
pub fn merge_value(vm: &mut Vm, old: Value, new: Value, log: &mut UpgradeLog) -> VmResult<Value> {
    if is_function(vm, old) && is_function(vm, new) {
        merge_function(vm, old, new, log);
        return Ok(old);
    }
    if is_class(vm, old) && is_class(vm, new) {
        if instance_layout(vm, old) != instance_layout(vm, new) {
            // Live instances store their `__slots__` values (or their builtin payload) in the
            // old layout: taking the new body would read them at the wrong places. The new
            // class replaces the old one instead, as under `fresh`; old instances keep theirs.
            return Ok(new);
        }
        merge_class(vm, old, new, log)?;
        return Ok(old);
    }
    let wrapped = |vm: &Vm, v: Value| match v.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::StaticMethod(f)) => Some((*f, false)),
        Some(Object::ClassMethod(f)) => Some((*f, true)),
        _ => None,
    };
    if let (Some((of, ok)), Some((nf, nk))) = (wrapped(vm, old), wrapped(vm, new)) {
        if ok == nk && is_function(vm, of) && is_function(vm, nf) {
            merge_function(vm, of, nf, log);
            return Ok(old);
        }
    }
    if let (Some(Object::Property(op)), Some(Object::Property(np))) = (
        old.as_obj().map(|r| vm.heap.get(r)),
        new.as_obj().map(|r| vm.heap.get(r)),
    ) {
        let (op, np) = (**op, **np);
        for (o, n) in [(op.fget, np.fget), (op.fset, np.fset), (op.fdel, np.fdel)] {
            if is_function(vm, o) && is_function(vm, n) {
                merge_function(vm, o, n, log);
            }
        }
        // The new property, but calling the surviving function objects.
        if let Some(Object::Property(p)) = new.as_obj().map(|r| vm.heap.get_mut(r)) {
            let pick = |o: Value, n: Value| if o.is_none() || n.is_none() { n } else { o };
            p.fget = pick(op.fget, np.fget);
            p.fset = pick(op.fset, np.fset);
            p.fdel = pick(op.fdel, np.fdel);
        }
        return Ok(new);
    }
    Ok(new)
}

/// `old` takes `new`'s body (its namespace, with surviving methods, nested classes and enum
/// members keeping their identity), bases, MRO and layout; subclasses' MROs follow.
pub fn merge_class(vm: &mut Vm, old: Value, new: Value, log: &mut UpgradeLog) -> VmResult<()> {
    let (Some(o), Some(n)) = (old.as_obj(), new.as_obj()) else {
        return Ok(());
    };
    if o == n {
        return Ok(());
    }
    let (old_dict, new_state) = match (vm.heap.get(o), vm.heap.get(n)) {
        (Object::Class(oc), Object::Class(nc)) => (oc.dict, (**nc).clone()),
        _ => return Ok(()),
    };
    log.map.push((new, old));
    let new_dict = new_state.dict;
    for (i, k, nv) in positions(vm, new_dict) {
        let Some(ov) = ops::dict_get(&vm.heap, old_dict, k)? else {
            continue;
        };
        let keep = if is_member_of(vm, ov, old) && is_member_of(vm, nv, new) {
            // An enum member (an instance of the class in its own namespace): the old object
            // survives and takes the new one's attributes.
            merge_instance(vm, ov, nv, log)?;
            ov
        } else {
            merge_value(vm, ov, nv, log)?
        };
        if !keep.is(nv) {
            set_value_at(vm, new_dict, i, keep, log);
        }
    }
    // Containers in the namespace (an enum's member maps) refer to the surviving objects.
    redirect_containers(vm, new_dict, log)?;
    let mapped_bases: Vec<Value> = new_state
        .bases
        .iter()
        .map(|b| log.merged_into(*b).unwrap_or(*b))
        .collect();
    let mut mro = vec![old];
    mro.extend(
        new_state
            .mro
            .iter()
            .skip(1)
            .map(|m| log.merged_into(*m).unwrap_or(*m)),
    );
    let mut state = new_state;
    state.bases = mapped_bases.into();
    state.mro = mro.into();
    let mut mro_changed = true;
    if let Object::Class(slot) = vm.heap.get_mut(o) {
        mro_changed = slot.mro.len() != state.mro.len()
            || slot
                .mro
                .iter()
                .zip(state.mro.iter())
                .any(|(a, b)| !a.is(*b));
        let saved = std::mem::replace(&mut **slot, state);
        log.undo.push(Undo::Class(o, Box::new(saved)));
    }
    super::create::refresh_hooks(vm, o)?;
    // A subclass's MRO is the C3 merge of its bases' MROs: while this class's MRO is the same
    // objects in the same order, recomputing would give every subclass the MRO it has, and the
    // search for subclasses is a scan of the whole heap (once per merged class).
    if mro_changed {
        refresh_subclass_mros(vm, old, log)?;
    }
    super::bump_epoch(vm);
    Ok(())
}

/// An instance layout: the builtin layout, the number of slot values, and each `__slots__`
/// attribute's name and index.
type Layout = (SolidBase, usize, Vec<(String, usize)>);

/// How instances of class `cls` are laid out (the slots from the member descriptors along the
/// MRO).
fn instance_layout(vm: &Vm, cls: Value) -> Option<Layout> {
    let Object::Class(c) = vm.heap.get(cls.as_obj()?) else {
        return None;
    };
    let mut members = Vec::new();
    for k in c.mro.iter() {
        let Some(Object::Class(kc)) = k.as_obj().map(|r| vm.heap.get(r)) else {
            continue;
        };
        let Object::Dict(d) = vm.heap.get(kc.dict) else {
            continue;
        };
        for (_, v) in d.iter() {
            if let Some(Object::Member(m)) = v.as_obj().map(|r| vm.heap.get(r)) {
                let name = vm
                    .heap
                    .as_str(m.name)
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default();
                members.push((name, m.index));
            }
        }
    }
    members.sort();
    Some((c.solid, c.nslots, members))
}

fn is_member_of(vm: &Vm, v: Value, cls: Value) -> bool {
    match v.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Instance(i)) => i.class.is(cls),
        _ => false,
    }
}

/// `old` (an instance) takes `new`'s attributes and payload.
fn merge_instance(vm: &mut Vm, old: Value, new: Value, log: &mut UpgradeLog) -> VmResult<()> {
    let (Some(o), Some(n)) = (old.as_obj(), new.as_obj()) else {
        return Ok(());
    };
    let (od, nd) = match (vm.heap.get(o), vm.heap.get(n)) {
        (Object::Instance(a), Object::Instance(b)) => (a.dict, b.dict),
        _ => return Ok(()),
    };
    let entries: Vec<(Value, Value)> = match vm.heap.get(nd) {
        Object::Dict(d) => d.iter().map(|(k, v)| (k, *v)).collect(),
        _ => Vec::new(),
    };
    for (k, v) in entries {
        logged_set(vm, od, k, v, log)?;
    }
    log.map.push((new, old));
    Ok(())
}

/// The log's merged-away objects, each with the object it was merged into: probed once per
/// reference on the heap, so Fx-hashed, not SipHash.
fn merged_map(log: &UpgradeLog) -> FxHashMap<ObjRef, Value> {
    log.map
        .iter()
        .filter_map(|(n, o)| n.as_obj().map(|r| (r, *o)))
        .collect()
}

/// In the dicts, lists and tuples held by namespace `d`, replace merged-away objects with the
/// objects they were merged into.
fn redirect_containers(vm: &mut Vm, d: ObjRef, log: &mut UpgradeLog) -> VmResult<()> {
    if log.map.is_empty() {
        return Ok(());
    }
    let containers = containers_in(vm, d);
    // Most class namespaces hold no container: no map to build then.
    if !containers.is_empty() {
        redirect_in(vm, &containers, &merged_map(log));
    }
    Ok(())
}

/// The dicts, lists and tuples that are values of namespace `d`.
fn containers_in(vm: &Vm, d: ObjRef) -> Vec<ObjRef> {
    let Object::Dict(t) = vm.heap.get(d) else {
        return Vec::new();
    };
    t.iter()
        .filter_map(|(_, v)| v.as_obj())
        .filter(|r| {
            matches!(
                vm.heap.get(*r),
                Object::List(_) | Object::Tuple(_) | Object::Dict(_)
            )
        })
        .collect()
}

/// Replace the merged-away objects (`map`'s keys) among the items of `containers`.
fn redirect_in(vm: &mut Vm, containers: &[ObjRef], map: &FxHashMap<ObjRef, Value>) {
    let redirect = |v: &mut Value| {
        if let Some(o) = v.as_obj().and_then(|r| map.get(&r)) {
            *v = *o;
        }
    };
    for &r in containers {
        match vm.heap.get_mut(r) {
            Object::List(items) => items.iter_mut().for_each(redirect),
            Object::Tuple(items) => items.iter_mut().for_each(redirect),
            Object::Dict(t) => {
                for i in 0..t.slots() {
                    if let Some((_, val)) = t.entry_at(i) {
                        let mut nv = *val;
                        redirect(&mut nv);
                        if !nv.is(*val) {
                            t.set_value_at(i, nv);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// Recompute the MRO of every class deriving from `cls` (its bases may have changed).
fn refresh_subclass_mros(vm: &mut Vm, cls: Value, log: &mut UpgradeLog) -> VmResult<()> {
    let subs: Vec<ObjRef> = vm
        .heap
        .objects()
        .filter_map(|(r, o)| match o {
            Object::Class(c) if !Value::Obj(r).is(cls) && c.mro.iter().any(|m| m.is(cls)) => {
                Some(r)
            }
            _ => None,
        })
        .collect();
    for s in subs {
        if recompute_mro(vm, s) {
            log.undo.push(Undo::SubclassMro(s));
        }
    }
    Ok(())
}

/// Recompute class `s`'s MRO from its bases (C3); false when they admit none (the MRO stays).
fn recompute_mro(vm: &mut Vm, s: ObjRef) -> bool {
    let bases = match vm.heap.get(s) {
        Object::Class(c) => c.bases.to_vec(),
        _ => return false,
    };
    let Ok(tail) = super::create::c3_merge(vm, &bases) else {
        return false;
    };
    let mut mro = vec![Value::Obj(s)];
    mro.extend(tail);
    if let Object::Class(c) = vm.heap.get_mut(s) {
        c.mro = mro.into();
    }
    true
}

/// After a merge, make every reference to a merged-away new object refer to the object it was
/// merged into, heap-wide: the class of instances (made by the new code anywhere: in lists, in
/// dicts, new enum members), `__class__` cells (so `super()` in the new methods works on live
/// instances), the bases and MROs of classes the new code made (a new subclass of a surviving
/// class), and list items and dict values. Every change is logged. The dicts, lists and tuples
/// held directly by namespace `d` are redirected too.
pub fn retarget_instances(vm: &mut Vm, d: ObjRef, log: &mut UpgradeLog) -> VmResult<()> {
    if log.map.is_empty() {
        return Ok(());
    }
    let map = merged_map(log);
    let to = |v: Value| v.as_obj().and_then(|r| map.get(&r).copied());
    let mut fixes = Vec::new();
    // Only the kinds below can refer to a merged-away object; the rest of the heap (strings,
    // functions, code…) goes by without a map probe.
    for (r, obj) in vm.heap.objects() {
        match obj {
            Object::Instance(i) => {
                if let Some(o) = to(i.class) {
                    fixes.push((r, Undo::InstanceClass(r, i.class), o));
                }
            }
            Object::Exception(e) => {
                if let Some(o) = to(e.class) {
                    fixes.push((r, Undo::InstanceClass(r, e.class), o));
                }
            }
            Object::Cell(v) => {
                if let Some(o) = to(*v) {
                    fixes.push((r, Undo::Cell(r, *v, o), o));
                }
            }
            Object::Class(c) if c.bases.iter().chain(c.mro.iter()).any(|b| to(*b).is_some()) => {
                fixes.push((
                    r,
                    Undo::BasesMro(r, c.bases.clone(), c.mro.clone()),
                    Value::None,
                ));
            }
            Object::List(items) => {
                for (i, v) in items.iter().enumerate() {
                    if let Some(o) = to(*v) {
                        fixes.push((r, Undo::ListItem(r, i, *v, o), o));
                    }
                }
            }
            Object::Dict(t) => {
                for i in 0..t.slots() {
                    if let Some((_, v)) = t.entry_at(i) {
                        if let Some(o) = to(*v) {
                            fixes.push((r, Undo::DictValue(r, i, *v, o), o));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    for (r, undo, o) in fixes {
        // A merged-away object itself is never used again.
        if map.contains_key(&r) {
            continue;
        }
        match &undo {
            Undo::InstanceClass(r, _) => match vm.heap.get_mut(*r) {
                Object::Instance(i) => i.class = o,
                Object::Exception(e) => e.class = o,
                _ => {}
            },
            Undo::Cell(r, _, _) => {
                if let Object::Cell(slot) = vm.heap.get_mut(*r) {
                    *slot = o;
                }
            }
            Undo::BasesMro(r, _, _) => {
                if let Object::Class(c) = vm.heap.get_mut(*r) {
                    let remap =
                        |v: &Value| v.as_obj().and_then(|x| map.get(&x).copied()).unwrap_or(*v);
                    c.bases = c.bases.iter().map(remap).collect();
                    c.mro = c.mro.iter().map(remap).collect();
                }
            }
            Undo::ListItem(r, i, _, _) => {
                if let Object::List(items) = vm.heap.get_mut(*r) {
                    items[*i] = o;
                }
            }
            Undo::DictValue(r, i, _, _) => {
                if let Object::Dict(t) = vm.heap.get_mut(*r) {
                    t.set_value_at(*i, o);
                }
            }
            _ => {}
        }
        log.undo.push(undo);
    }
    super::bump_epoch(vm);
    let containers = containers_in(vm, d);
    redirect_in(vm, &containers, &map);
    Ok(())
}

/// Give `module` the namespace `dict` (recorded for rollback).
pub fn set_module_dict(vm: &mut Vm, module: Value, dict: ObjRef, log: &mut UpgradeLog) {
    let Some(m) = module.as_obj() else { return };
    if let Object::Module(slot) = vm.heap.get_mut(m) {
        let old = std::mem::replace(&mut slot.dict, dict);
        log.undo.push(Undo::ModuleDict(m, old));
    }
    super::bump_epoch(vm);
}

/// Set `d[k] = v` in a namespace, recorded for rollback.
pub fn set_entry(vm: &mut Vm, d: ObjRef, k: Value, v: Value, log: &mut UpgradeLog) -> VmResult<()> {
    logged_set(vm, d, k, v, log)
}

/// Delete `d[k]`, recorded for rollback.
pub fn del_entry(vm: &mut Vm, d: ObjRef, k: Value, log: &mut UpgradeLog) -> VmResult<()> {
    if let Some(prev) = ops::dict_get(&vm.heap, d, k)? {
        log.undo.push(Undo::DictEntry(d, k, Some(prev)));
        ops::dict_del(vm, d, k)?;
    }
    Ok(())
}
