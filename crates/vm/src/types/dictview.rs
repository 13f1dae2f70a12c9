//! Dict views: `d.keys()`, `d.values()`, `d.items()` (`dict_keys`, `dict_values`, `dict_items`).
//!
//! A view is a heap object holding its dict, so it is live: it sees every later change to the
//! dict (length, membership, iteration). Keys and items views are set-like, as CPython's: they
//! compare equal to sets with the same elements and take `&`, `|`, `-`, `^` with any iterable,
//! giving a `set` — computed as `Objects/dictobject.c` does (`dictviews_to_set`, then the set
//! method), so the result's order is CPython's too.

use super::{type_name, util, MethodDef};
use crate::error::{type_error, VmResult};
use crate::heap::Heap;
use crate::iter::dict_yields;
use crate::native::Args;
use crate::object::Object;
use crate::value::{ObjRef, Value};
use crate::Vm;
use hotpy_compiler::bytecode::BinaryOperator;

/// Which view of its dict a view is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKind {
    /// `dict_keys`
    Keys,
    /// `dict_values`
    Values,
    /// `dict_items`
    Items,
}

impl ViewKind {
    /// The Python type name (`"dict_keys"`).
    pub fn type_name(self) -> &'static str {
        match self {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        }
    }

    /// The method-table key.
    pub fn builtin_type(self) -> super::BuiltinType {
        match self {
            ViewKind::Keys => super::BuiltinType::DictKeys,
            ViewKind::Values => super::BuiltinType::DictValues,
            ViewKind::Items => super::BuiltinType::DictItems,
        }
    }

    /// What an iterator over the view yields ([`dict_yields`]).
    pub fn yields(self) -> u8 {
        match self {
            ViewKind::Keys => dict_yields::KEYS,
            ViewKind::Values => dict_yields::VALUES,
            ViewKind::Items => dict_yields::ITEMS,
        }
    }
}

/// A view object's payload: its dict and kind.
#[derive(Clone, Copy, Debug)]
pub struct DictView {
    /// The dict (kept alive by the view).
    pub dict: ObjRef,
    /// keys, values or items.
    pub kind: ViewKind,
}

/// The methods of `dict_keys`.
pub static KEYS_METHODS: &[MethodDef] = &[
    MethodDef::new("isdisjoint", isdisjoint),
    MethodDef::new("__len__", len_method),
    MethodDef::new("__contains__", contains_method),
];

/// The methods of `dict_values`.
pub static VALUES_METHODS: &[MethodDef] = &[
    MethodDef::new("__len__", len_method),
    MethodDef::new("__contains__", contains_method),
];

/// The methods of `dict_items`.
pub static ITEMS_METHODS: &[MethodDef] = KEYS_METHODS;

/// A new view of dict `d`.
pub fn new_view(vm: &mut Vm, d: ObjRef, kind: ViewKind) -> VmResult<Value> {
    Ok(Value::Obj(
        vm.heap
            .alloc(Object::DictView(DictView { dict: d, kind }))?,
    ))
}

/// The view payload of `v`, if it is a view.
pub fn view_of(heap: &Heap, v: Value) -> Option<DictView> {
    match util::obj(heap, v) {
        Some(Object::DictView(view)) => Some(*view),
        _ => None,
    }
}

/// `v` is a keys or items view (the set-like ones).
fn set_like(heap: &Heap, v: Value) -> Option<DictView> {
    view_of(heap, v).filter(|w| w.kind != ViewKind::Values)
}

fn dict_len(heap: &Heap, d: ObjRef) -> usize {
    match heap.get(d) {
        Object::Dict(t) => t.len(),
        _ => 0,
    }
}

/// `len(view)`: the dict's length.
pub fn len(heap: &Heap, view: &DictView) -> usize {
    dict_len(heap, view.dict)
}

/// The value stored under `key` in dict `d`.
fn lookup(heap: &Heap, d: ObjRef, key: Value) -> VmResult<Option<Value>> {
    crate::interp::ops::dict_get(heap, d, key)
}

/// An element of a set-like container: a value, or a `(key, value)` pair not yet a tuple (an
/// items view's element, compared without allocating).
#[derive(Clone, Copy)]
enum Elem {
    Val(Value),
    Pair(Value, Value),
}

/// The pair of a 2-tuple.
fn as_pair(heap: &Heap, v: Value) -> Option<(Value, Value)> {
    match util::obj(heap, v) {
        Some(Object::Tuple(t)) if t.len() == 2 => Some((t[0], t[1])),
        _ => None,
    }
}

fn elem_hash(heap: &Heap, e: Elem) -> VmResult<i64> {
    let h = |v| crate::interp::ops::hash_value(heap, v);
    Ok(match e {
        Elem::Val(v) => h(v)?,
        Elem::Pair(k, v) => crate::hash::combine_tuple([h(k)?, h(v)?].into_iter()),
    })
}

/// `stored == e` for a key stored in a set or dict.
fn elem_eq(heap: &Heap, stored: Value, e: Elem) -> VmResult<bool> {
    let eq = |a, b| crate::interp::ops::eq(heap, a, b);
    match e {
        Elem::Val(v) => eq(stored, v),
        Elem::Pair(k, v) => match as_pair(heap, stored) {
            Some((a, b)) => Ok(eq(a, k)? && eq(b, v)?),
            None => Ok(false),
        },
    }
}

/// `e in container` for a set, frozenset or set-like view.
fn contains_elem(heap: &Heap, container: Value, e: Elem) -> VmResult<bool> {
    if let Some(view) = view_of(heap, container) {
        return match view.kind {
            ViewKind::Keys => match e {
                Elem::Val(v) => Ok(lookup(heap, view.dict, v)?.is_some()),
                Elem::Pair(..) => {
                    let h = elem_hash(heap, e)?;
                    match heap.get(view.dict) {
                        Object::Dict(d) => Ok(d.find(h, None, |k| elem_eq(heap, k, e))?.is_some()),
                        _ => Ok(false),
                    }
                }
            },
            ViewKind::Items => {
                let (k, v) = match e {
                    Elem::Pair(k, v) => (k, v),
                    Elem::Val(t) => match as_pair(heap, t) {
                        Some(p) => p,
                        None => return Ok(false),
                    },
                };
                match lookup(heap, view.dict, k)? {
                    Some(w) => crate::interp::ops::eq(heap, w, v),
                    None => Ok(false),
                }
            }
            ViewKind::Values => {
                let Elem::Val(x) = e else { return Ok(false) };
                values_contain(heap, view.dict, x)
            }
        };
    }
    match util::obj(heap, container) {
        Some(Object::Set(s) | Object::FrozenSet(s)) => {
            let h = elem_hash(heap, e)?;
            let probe = match e {
                Elem::Val(v) => Some(v),
                Elem::Pair(..) => None,
            };
            Ok(s.find(h, probe, |k| elem_eq(heap, k, e))?.is_some())
        }
        _ => Ok(false),
    }
}

fn values_contain(heap: &Heap, d: ObjRef, x: Value) -> VmResult<bool> {
    let vals: Vec<Value> = match heap.get(d) {
        Object::Dict(t) => t.iter().map(|(_, v)| *v).collect(),
        _ => Vec::new(),
    };
    for v in vals {
        if v.is(x) || crate::interp::ops::eq(heap, v, x)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `item in view` for a view value.
pub fn contains_view(heap: &Heap, view: Value, item: Value) -> VmResult<bool> {
    match view_of(heap, view) {
        Some(w) if w.kind == ViewKind::Keys => Ok(lookup(heap, w.dict, item)?.is_some()),
        Some(_) => contains_elem(heap, view, Elem::Val(item)),
        None => Ok(false),
    }
}

/// The elements of a set, frozenset or set-like view (items as pairs).
fn elems(heap: &Heap, v: Value) -> Vec<Elem> {
    if let Some(view) = view_of(heap, v) {
        return match heap.get(view.dict) {
            Object::Dict(d) => d
                .iter()
                .map(|(k, w)| match view.kind {
                    ViewKind::Items => Elem::Pair(k, *w),
                    ViewKind::Values => Elem::Val(*w),
                    ViewKind::Keys => Elem::Val(k),
                })
                .collect(),
            _ => Vec::new(),
        };
    }
    match util::obj(heap, v) {
        Some(Object::Set(s) | Object::FrozenSet(s)) => {
            s.iter().map(|(k, _)| Elem::Val(k)).collect()
        }
        _ => Vec::new(),
    }
}

fn size(heap: &Heap, v: Value) -> Option<usize> {
    if let Some(view) = view_of(heap, v) {
        return Some(len(heap, &view));
    }
    match util::obj(heap, v) {
        Some(Object::Set(s) | Object::FrozenSet(s)) => Some(s.len()),
        _ => None,
    }
}

/// `a == b` when either is a view: set-like views equal sets (and set-like views) with the same
/// elements; a values view equals only itself. `None` when neither is a view.
pub fn view_eq(heap: &Heap, a: Value, b: Value) -> VmResult<Option<bool>> {
    let (va, vb) = (view_of(heap, a), view_of(heap, b));
    if va.is_none() && vb.is_none() {
        return Ok(None);
    }
    if a.is(b) {
        return Ok(Some(true));
    }
    if va.is_some_and(|w| w.kind == ViewKind::Values)
        || vb.is_some_and(|w| w.kind == ViewKind::Values)
    {
        return Ok(Some(false));
    }
    let (Some(n), Some(m)) = (size(heap, a), size(heap, b)) else {
        return Ok(Some(false));
    };
    if n != m {
        return Ok(Some(false));
    }
    for e in elems(heap, a) {
        if !contains_elem(heap, b, e)? {
            return Ok(Some(false));
        }
    }
    Ok(Some(true))
}

/// A set, frozenset, or keys/items view: what set-like views compare with.
fn setish(heap: &Heap, v: Value) -> bool {
    set_like(heap, v).is_some()
        || matches!(
            util::obj(heap, v),
            Some(Object::Set(_) | Object::FrozenSet(_))
        )
}

/// `a < b`, `a <= b`, `a > b`, `a >= b` when a set-like view meets a set or set-like view:
/// subset and superset tests, as `dictview_richcompare`. `None` when it does not apply (the
/// caller's TypeError).
pub fn view_order(
    heap: &Heap,
    op: hotpy_compiler::bytecode::CompareOperator,
    a: Value,
    b: Value,
) -> VmResult<Option<bool>> {
    use hotpy_compiler::bytecode::CompareOperator as C;
    if set_like(heap, a).is_none() && set_like(heap, b).is_none() {
        return Ok(None);
    }
    if !setish(heap, a) || !setish(heap, b) {
        return Ok(None);
    }
    let (Some(n), Some(m)) = (size(heap, a), size(heap, b)) else {
        return Ok(None);
    };
    let within = |x: Value, y: Value| -> VmResult<bool> {
        for e in elems(heap, x) {
            if !contains_elem(heap, y, e)? {
                return Ok(false);
            }
        }
        Ok(true)
    };
    Ok(Some(match op {
        C::Lt => n < m && within(a, b)?,
        C::Le => n <= m && within(a, b)?,
        C::Gt => n > m && within(b, a)?,
        C::Ge => n >= m && within(b, a)?,
        _ => return Ok(None),
    }))
}

/// A new set holding the elements of `v` (CPython's `dictviews_to_set`: a keys view is read
/// straight from its dict, anything else is iterated).
fn to_set(vm: &mut Vm, v: Value) -> VmResult<ObjRef> {
    let src = match view_of(&vm.heap, v) {
        Some(w) if w.kind == ViewKind::Keys => Value::Obj(w.dict),
        _ => v,
    };
    let r = super::set::new_empty(vm, false)?;
    let _root = vm.root(Value::Obj(r));
    super::set::update_internal(vm, r, src)?;
    Ok(r)
}

/// `a op b` when a set-like view is involved (`&`, `|`, `-`, `^`; the result is a set), and
/// `dict |= iterable` (PEP 584: any mapping or iterable of pairs). `None` otherwise.
pub fn binop(
    vm: &mut Vm,
    op: BinaryOperator,
    inplace: bool,
    a: Value,
    b: Value,
) -> VmResult<Option<Value>> {
    use BinaryOperator as B;
    if inplace && op == B::Or {
        if let (Value::Obj(d), Some(Object::Dict(_))) = (a, util::obj(&vm.heap, a)) {
            if !matches!(util::obj(&vm.heap, b), Some(Object::Dict(_))) {
                super::dict::update_from(vm, d, b)?;
                return Ok(Some(a));
            }
        }
    }
    if !matches!(op, B::And | B::Or | B::Subtract | B::Xor) {
        return Ok(None);
    }
    if set_like(&vm.heap, a).is_none() && set_like(&vm.heap, b).is_none() {
        return Ok(None);
    }
    let _ra = vm.root(a);
    let _rb = vm.root(b);
    let r = match op {
        B::Or => {
            let r = to_set(vm, a)?;
            let _root = vm.root(Value::Obj(r));
            super::set::update_internal(vm, r, b)?;
            r
        }
        B::Subtract => {
            let r = to_set(vm, a)?;
            let _root = vm.root(Value::Obj(r));
            super::set::difference_update_internal(vm, r, b)?;
            r
        }
        B::Xor => {
            let r = to_set(vm, a)?;
            let _root = vm.root(Value::Obj(r));
            super::set::symmetric_update(vm, r, b)?;
            r
        }
        _ => intersection(vm, a, b)?,
    };
    Ok(Some(Value::Obj(r)))
}

/// CPython's `dictviews_and`.
fn intersection(vm: &mut Vm, a: Value, b: Value) -> VmResult<ObjRef> {
    let heap = &vm.heap;
    let (mut this, mut other) = if set_like(heap, a).is_some() {
        (a, b)
    } else {
        (b, a)
    };
    let len_self = size(heap, this).unwrap_or(0);
    if let Some(Object::Set(s)) = util::obj(heap, other) {
        if len_self <= s.len() {
            let Value::Obj(o) = other else { unreachable!() };
            return super::set::intersection2(vm, o, this, false);
        }
    }
    if set_like(heap, other).is_some() && size(heap, other).unwrap_or(0) > len_self {
        std::mem::swap(&mut this, &mut other);
    }
    let r = super::set::new_empty(vm, false)?;
    let _root = vm.root(Value::Obj(r));
    let items = crate::interp::ops::collect_iterable(vm, other)?;
    let holder = vm.new_list(items.clone())?;
    let _items = vm.root(holder);
    for x in items {
        if contains_view(&vm.heap, this, x)? {
            util::set_add(vm, r, x)?;
        }
    }
    Ok(r)
}

/// The receiver view.
fn this<'a>(vm: &Vm, args: &Args<'a>, method: &str) -> VmResult<(Value, DictView, Args<'a>)> {
    let (v, rest) = util::split_self(args, "dict_keys", method)?;
    match view_of(&vm.heap, v) {
        Some(w) => Ok((v, w, rest)),
        None => Err(util::wrong_receiver(
            "dict_keys",
            method,
            type_name(&vm.heap, v),
        )),
    }
}

fn len_method(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (_, w, rest) = this(vm, &args, "__len__")?;
    util::wrapper_count(&rest, "__len__", 0)?;
    Ok(Value::Int(len(&vm.heap, &w) as i64))
}

fn contains_method(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (v, _, rest) = this(vm, &args, "__contains__")?;
    util::wrapper_count(&rest, "__contains__", 1)?;
    Ok(Value::Bool(contains_view(
        &vm.heap,
        v,
        rest.positional()[0],
    )?))
}

/// `view.isdisjoint(iterable)`.
fn isdisjoint(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let (v, _, rest) = this(vm, &args, "isdisjoint")?;
    if rest.len() != 1 {
        return Err(type_error(format!(
            "isdisjoint() takes exactly one argument ({} given)",
            rest.len()
        )));
    }
    let items = crate::interp::ops::collect_iterable(vm, rest.positional()[0])?;
    for x in items {
        if contains_view(&vm.heap, v, x)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}
