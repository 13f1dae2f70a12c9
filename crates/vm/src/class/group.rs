//! `BaseExceptionGroup` and `ExceptionGroup` (PEP 654): construction with CPython's checks,
//! `message`, `exceptions`, `split`, `subgroup`, `derive`, and the two operations `except*`
//! compiles to — matching a clause (`CHECK_EG_MATCH`) and combining what the clauses raised and
//! left unhandled into the exception to re-raise (`PREP_RERAISE_STAR`).

use crate::error::{type_error, ExcKind, VmError, VmResult};
use crate::interp::ops;
use crate::native::Args;
use crate::object::{NativeFunction, NativeImpl, Object};
use crate::value::{ObjRef, Value};
use crate::Vm;

/// Whether `v` is an exception group.
pub fn is_group(vm: &Vm, v: Value) -> bool {
    matches!(
        v.as_obj().map(|r| vm.heap.get(r)),
        Some(Object::Exception(e)) if e.kind.is_subclass(ExcKind::BaseExceptionGroup)
    )
}

fn is_exception(vm: &Vm, v: Value) -> Option<ExcKind> {
    match v.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Exception(e)) => Some(e.kind),
        _ => None,
    }
}

/// `BaseExceptionGroup(message, exceptions)` / `ExceptionGroup(…)`: a group of `kind` (a
/// `BaseExceptionGroup` of `Exception`s only is an `ExceptionGroup`).
pub fn new_group(vm: &mut Vm, kind: ExcKind, args: &[Value]) -> VmResult<ObjRef> {
    let name = kind.name();
    if args.len() != 2 {
        return Err(type_error(format!(
            "{name} expected 2 arguments, got {}",
            args.len()
        )));
    }
    let (message, excs) = (args[0], args[1]);
    if ops::as_str(&vm.heap, message).is_none() {
        return Err(type_error(format!(
            "argument 1 must be str, not {}",
            crate::types::type_name(&vm.heap, message)
        )));
    }
    let is_seq = matches!(
        excs.as_obj().map(|r| vm.heap.get(r)),
        Some(Object::List(_) | Object::Tuple(_))
    );
    if !is_seq {
        return Err(type_error(
            "second argument (exceptions) must be a sequence",
        ));
    }
    let items = ops::collect_iterable(vm, excs)?;
    if items.is_empty() {
        return Err(VmError::new(
            ExcKind::ValueError,
            "second argument (exceptions) must be a non-empty sequence",
        ));
    }
    let mut all_exceptions = true;
    for (i, &x) in items.iter().enumerate() {
        match is_exception(vm, x) {
            Some(k) => all_exceptions &= k.is_subclass(ExcKind::Exception),
            None => {
                return Err(VmError::new(
                    ExcKind::ValueError,
                    format!("Item {i} of second argument (exceptions) is not an exception"),
                ))
            }
        }
    }
    let kind = match kind {
        ExcKind::BaseExceptionGroup if all_exceptions => ExcKind::ExceptionGroup,
        ExcKind::ExceptionGroup if !all_exceptions => {
            return Err(type_error(
                "Cannot nest BaseExceptions in an ExceptionGroup",
            ))
        }
        k => k,
    };
    let r = vm.new_exception_object(kind, args)?;
    let excs_tuple = vm.new_tuple(items)?;
    let d = super::lookup::exception_dict(vm, r)?;
    let k = super::static_str(vm, "exceptions")?;
    ops::dict_set(vm, d, k, excs_tuple)?;
    Ok(r)
}

/// The sub-exceptions of group `g`.
fn members(vm: &mut Vm, g: ObjRef) -> Vec<Value> {
    let d = match vm.heap.get(g) {
        Object::Exception(e) => e.dict.as_obj(),
        _ => None,
    };
    let t = d.and_then(|d| {
        crate::ops::dict_get_str(&vm.heap, d, "exceptions")
            .ok()
            .flatten()
    });
    match t.and_then(|t| t.as_obj()).map(|r| vm.heap.get(r)) {
        Some(Object::Tuple(items)) => items.to_vec(),
        _ => Vec::new(),
    }
}

fn message(vm: &Vm, g: ObjRef) -> Value {
    match vm.heap.get(g) {
        Object::Exception(e) => match e.args.as_obj().map(|a| vm.heap.get(a)) {
            Some(Object::Tuple(t)) if !t.is_empty() => t[0],
            _ => Value::None,
        },
        _ => Value::None,
    }
}

/// `str(group)`: `message (N sub-exceptions)`.
pub fn group_str(vm: &mut Vm, r: ObjRef) -> VmResult<Option<String>> {
    if !is_group(vm, Value::Obj(r)) {
        return Ok(None);
    }
    let m = message(vm, r);
    let text = ops::as_str(&vm.heap, m)
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    let n = members(vm, r).len();
    Ok(Some(format!(
        "{text} ({n} sub-exception{})",
        if n == 1 { "" } else { "s" }
    )))
}

/// `message`, `exceptions` and the methods of a group.
pub fn field(vm: &mut Vm, r: ObjRef, name: &str) -> VmResult<Option<Value>> {
    if !is_group(vm, Value::Obj(r)) {
        return Ok(None);
    }
    let f: crate::native::NativeFnPtr = match name {
        "message" => return Ok(Some(message(vm, r))),
        "exceptions" => {
            let items = members(vm, r);
            return vm.new_tuple(items).map(Some);
        }
        "split" => group_split,
        "subgroup" => group_subgroup,
        "derive" => group_derive,
        _ => return Ok(None),
    };
    let nf = Object::NativeFunction(Box::new(NativeFunction {
        name: name.into(),
        imp: NativeImpl::Fn(f),
        receiver: Some(Value::Obj(r)),
    }));
    Ok(Some(Value::Obj(vm.heap.alloc(nf)?)))
}

/// A condition of `split`/`subgroup`: an exception type (or tuple of them), or a predicate.
#[derive(Clone, Copy)]
enum Cond {
    Types(Value),
    Predicate(Value),
}

fn condition(vm: &mut Vm, v: Value) -> VmResult<Cond> {
    let is_types = match v.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Type(_) | Object::Class(_)) => true,
        Some(Object::Tuple(items)) => {
            let items = items.to_vec();
            items.iter().all(|&i| super::is_type(vm, i))
        }
        _ => false,
    };
    if is_types {
        return Ok(Cond::Types(v));
    }
    let callable = crate::builtins::callable(vm, Args::new(&[v], &[]))?;
    if ops::truthy(&vm.heap, callable) {
        return Ok(Cond::Predicate(v));
    }
    Err(type_error(
        "expected a function, exception type or tuple of exception types",
    ))
}

fn matches(vm: &mut Vm, cond: Cond, e: Value) -> VmResult<bool> {
    match cond {
        Cond::Types(t) => {
            let ts: Vec<Value> = match t.as_obj().map(|r| vm.heap.get(r)) {
                Some(Object::Tuple(items)) => items.to_vec(),
                _ => vec![t],
            };
            Ok(ts.into_iter().any(|t| super::is_instance(vm, e, t)))
        }
        Cond::Predicate(f) => {
            let r = vm.call(f, &[e])?;
            ops::truthy_vm(vm, r)
        }
    }
}

/// Copy `__traceback__`, `__context__`, `__cause__` and the notes of `from` to `to`.
fn copy_metadata(vm: &mut Vm, from: ObjRef, to: ObjRef) -> VmResult<()> {
    let (tb, ctx, cause, sup) = match vm.heap.get(from) {
        Object::Exception(e) => (e.traceback, e.context, e.cause, e.suppress_context),
        _ => return Ok(()),
    };
    if let Object::Exception(e) = vm.heap.get_mut(to) {
        e.traceback = tb;
        e.context = ctx;
        e.cause = cause;
        e.suppress_context = sup;
    }
    let notes = match vm.heap.get(from) {
        Object::Exception(e) => e.dict.as_obj().and_then(|d| {
            crate::ops::dict_get_str(&vm.heap, d, "__notes__")
                .ok()
                .flatten()
        }),
        _ => None,
    };
    if let Some(n) = notes {
        let d = super::lookup::exception_dict(vm, to)?;
        let k = super::static_str(vm, "__notes__")?;
        ops::dict_set(vm, d, k, n)?;
    }
    Ok(())
}

/// `group.derive(excs)` with the group's metadata: a new group of the same message.
fn derive_with_metadata(vm: &mut Vm, g: ObjRef, excs: Vec<Value>) -> VmResult<Value> {
    let m = message(vm, g);
    let list = vm.new_list(excs)?;
    vm.push_temp_root(list);
    let made = new_group(vm, ExcKind::BaseExceptionGroup, &[m, list]);
    vm.pop_temp_root();
    let r = made?;
    copy_metadata(vm, g, r)?;
    Ok(Value::Obj(r))
}

/// `(match, rest)` of group `g` by `cond`, `None` for an empty side (the recursion of
/// `split`; leaves keep their identity).
fn split(vm: &mut Vm, g: ObjRef, cond: Cond, depth: usize) -> VmResult<(Value, Value)> {
    if depth > vm.recursion_limit() {
        return Err(crate::error::recursion_error(
            "maximum recursion depth exceeded",
        ));
    }
    if matches(vm, cond, Value::Obj(g))? {
        return Ok((Value::Obj(g), Value::None));
    }
    let mut hit = Vec::new();
    let mut miss = Vec::new();
    for e in members(vm, g) {
        if is_group(vm, e) {
            let (m, r) = split(vm, e.as_obj().expect("group"), cond, depth + 1)?;
            if !m.is_none() {
                hit.push(m);
            }
            if !r.is_none() {
                miss.push(r);
            }
        } else if matches(vm, cond, e)? {
            hit.push(e);
        } else {
            miss.push(e);
        }
    }
    let mark = vm.rt.temp_roots.len();
    vm.rt
        .temp_roots
        .extend(hit.iter().chain(miss.iter()).copied());
    let result = (|| {
        let m = if hit.is_empty() {
            Value::None
        } else {
            derive_with_metadata(vm, g, hit)?
        };
        vm.push_temp_root(m);
        let r = if miss.is_empty() {
            Ok(Value::None)
        } else {
            derive_with_metadata(vm, g, miss)
        };
        vm.pop_temp_root();
        Ok((m, r?))
    })();
    vm.rt.temp_roots.truncate(mark);
    result
}

fn receiver(vm: &Vm, args: &Args<'_>, name: &str) -> VmResult<ObjRef> {
    match args.get(0) {
        Some(v) if is_group(vm, v) => Ok(v.as_obj().expect("group")),
        _ => Err(type_error(format!(
            "descriptor '{name}' requires a 'BaseExceptionGroup' object"
        ))),
    }
}

fn group_split(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("split", 2, 2)?;
    let g = receiver(vm, &args, "split")?;
    let cond = condition(vm, args.positional()[1])?;
    let (m, r) = split(vm, g, cond, 0)?;
    vm.new_tuple(vec![m, r])
}

fn group_subgroup(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("subgroup", 2, 2)?;
    let g = receiver(vm, &args, "subgroup")?;
    let cond = condition(vm, args.positional()[1])?;
    Ok(split(vm, g, cond, 0)?.0)
}

fn group_derive(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("derive", 2, 2)?;
    let g = receiver(vm, &args, "derive")?;
    let m = message(vm, g);
    let r = new_group(vm, ExcKind::BaseExceptionGroup, &[m, args.positional()[1]])?;
    Ok(Value::Obj(r))
}

/// `CHECK_EG_MATCH`: the part of `exc` an `except* match_type` clause handles, and the rest
/// (`None` for an empty part). A naked exception that matches is wrapped in an
/// `ExceptionGroup("", [exc])`.
pub fn check_eg_match(vm: &mut Vm, exc: Value, match_type: Value) -> VmResult<(Value, Value)> {
    let types: Vec<Value> = match match_type.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Tuple(items)) => items.to_vec(),
        _ => vec![match_type],
    };
    for &t in &types {
        let ok = match t.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::Type(crate::types::TypeObject::Exception(_))) => true,
            Some(Object::Class(_)) => {
                super::create::exception_kind(vm, t.as_obj().expect("class")).is_some()
            }
            _ => false,
        };
        if !ok {
            return Err(type_error(
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
        let group_type = vm.exc_type(ExcKind::BaseExceptionGroup);
        if super::is_subtype(vm, t, group_type) {
            return Err(type_error(
                "catching ExceptionGroup with except* is not allowed. Use except instead.",
            ));
        }
    }
    if exc.is_none() {
        return Ok((Value::None, Value::None));
    }
    let cond = Cond::Types(match_type);
    if matches(vm, cond, exc)? {
        if is_group(vm, exc) {
            return Ok((exc, Value::None));
        }
        // A naked exception: wrapped (in a tuple, as CPython does), with its traceback.
        let empty = vm.new_str("")?;
        let list = vm.new_tuple(vec![exc])?;
        vm.push_temp_root(list);
        let made = new_group(vm, ExcKind::BaseExceptionGroup, &[empty, list]);
        vm.pop_temp_root();
        let g = made?;
        if let Some(e) = exc.as_obj() {
            let tb = match vm.heap.get(e) {
                Object::Exception(x) => x.traceback,
                _ => Value::None,
            };
            if let Object::Exception(x) = vm.heap.get_mut(g) {
                x.traceback = tb;
            }
        }
        return Ok((Value::Obj(g), Value::None));
    }
    if is_group(vm, exc) {
        return split(vm, exc.as_obj().expect("group"), cond, 0);
    }
    Ok((Value::None, exc))
}

fn same_metadata(vm: &Vm, a: Value, b: Value) -> bool {
    match (
        a.as_obj().map(|r| vm.heap.get(r)),
        b.as_obj().map(|r| vm.heap.get(r)),
    ) {
        (Some(Object::Exception(x)), Some(Object::Exception(y))) => {
            x.traceback.is(y.traceback) && x.context.is(y.context) && x.cause.is(y.cause)
        }
        _ => false,
    }
}

fn leaves(vm: &mut Vm, v: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 1000 {
        return;
    }
    if is_group(vm, v) {
        for e in members(vm, v.as_obj().expect("group")) {
            leaves(vm, e, out, depth + 1);
        }
    } else {
        out.push(v);
    }
}

/// `PREP_RERAISE_STAR`: from the original exception and what the `except*` clauses raised or
/// left unhandled, the exception to re-raise (`None` when everything was handled).
pub fn prep_reraise_star(vm: &mut Vm, orig: Value, excs: Value) -> VmResult<Value> {
    let items: Vec<Value> = match excs.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::List(l)) => l.iter().copied().filter(|v| !v.is_none()).collect(),
        _ => Vec::new(),
    };
    if items.is_empty() {
        return Ok(Value::None);
    }
    if !is_group(vm, orig) {
        // A naked exception was wrapped: at most one clause ran.
        return Ok(items[0]);
    }
    let (mut raised, mut reraised) = (Vec::new(), Vec::new());
    for e in items {
        if same_metadata(vm, e, orig) {
            reraised.push(e);
        } else {
            raised.push(e);
        }
    }
    // The re-raised parts, as the original group restricted to their leaves.
    let mut keep = Vec::new();
    for e in &reraised {
        leaves(vm, *e, &mut keep, 0);
    }
    let reraised_eg = if keep.is_empty() {
        Value::None
    } else {
        let list = vm.new_list(keep)?;
        vm.push_temp_root(list);
        let pred = project_predicate(vm, list);
        let r = pred.and_then(|p| {
            vm.push_temp_root(p);
            let s = split(vm, orig.as_obj().expect("group"), Cond::Predicate(p), 0);
            vm.pop_temp_root();
            s
        });
        vm.pop_temp_root();
        r?.0
    };
    if raised.is_empty() {
        return Ok(reraised_eg);
    }
    if !reraised_eg.is_none() {
        raised.push(reraised_eg);
    }
    let empty = vm.new_str("")?;
    let list = vm.new_list(raised)?;
    vm.push_temp_root(list);
    let made = new_group(vm, ExcKind::BaseExceptionGroup, &[empty, list]);
    vm.pop_temp_root();
    Ok(Value::Obj(made?))
}

/// A predicate `leaf in keep` (by identity) over the list `keep`, as a native closure.
fn project_predicate(vm: &mut Vm, keep: Value) -> VmResult<Value> {
    let f: crate::native::NativeClosure =
        std::sync::Arc::new(move |vm: &mut Vm, args: Args<'_>| {
            let x = args.get(0).unwrap_or(Value::None);
            let found = match keep.as_obj().map(|r| vm.heap.get(r)) {
                Some(Object::List(l)) => l.iter().any(|v| v.is(x)),
                _ => false,
            };
            Ok(Value::Bool(found))
        });
    let nf = Object::NativeFunction(Box::new(NativeFunction {
        name: "_in_projection".into(),
        imp: NativeImpl::Closure(f),
        receiver: None,
    }));
    Ok(Value::Obj(vm.heap.alloc(nf)?))
}
