//! The dunder protocol: how instances of classes defined in Python take part in operators,
//! comparisons, truth, `len`, `repr`/`str`/`format`, `hash`, iteration, subscripts, `in` and
//! calls. Special methods are looked up on the class (never the instance), as CPython does. An
//! instance of a subclass of a builtin type falls back to its payload for what its class does
//! not define.

use super::instantiate::payload_of;
use super::lookup::user_lookup_str;
use super::{is_subtype, is_user_object, type_of, user_class_of};
use crate::error::{type_error, ExcKind, VmError, VmResult};
use crate::interp::ops;
use crate::object::Object;
use crate::value::Value;
use crate::Vm;
use hotpy_compiler::bytecode::{BinaryOperator, CompareOperator};

/// The `NotImplemented` singleton.
pub fn not_implemented(vm: &mut Vm) -> Value {
    vm.rt.not_implemented
}

fn is_not_implemented(vm: &Vm, v: Value) -> bool {
    v.is(vm.rt.not_implemented)
}

/// Look up the special method `name` on `v`'s class (classes defined in Python only).
pub fn special(vm: &mut Vm, v: Value, name: &'static str) -> VmResult<Option<Value>> {
    match user_class_of(vm, v) {
        Some(c) => user_lookup_str(vm, c, name),
        None => Ok(None),
    }
}

/// Call special method `f` (found on `obj`'s class) with `obj` first.
pub fn call_special(vm: &mut Vm, f: Value, obj: Value, rest: &[Value]) -> VmResult<Value> {
    match f.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::StaticMethod(g)) => {
            let g = *g;
            vm.call(g, rest)
        }
        Some(Object::ClassMethod(g)) => {
            let g = *g;
            let cls = type_of(vm, obj);
            let mut a = vec![cls];
            a.extend_from_slice(rest);
            vm.call(g, &a)
        }
        _ if rest.len() <= 3 => {
            let mut a = [obj; 4];
            a[1..=rest.len()].copy_from_slice(rest);
            vm.call(f, &a[..=rest.len()])
        }
        _ => {
            let mut a = Vec::with_capacity(rest.len() + 1);
            a.push(obj);
            a.extend_from_slice(rest);
            vm.call(f, &a)
        }
    }
}

/// Whether the right operand's type is a proper subtype of the left's that defines the
/// reflected method (then it is tried first), and whether both operands have the same class.
fn right_first(vm: &mut Vm, a: Value, b: Value, rname: &'static str) -> VmResult<(bool, bool)> {
    let (ca, cb) = (user_class_of(vm, a), user_class_of(vm, b));
    if cb.is_none() || ca == cb {
        return Ok((false, ca == cb));
    }
    let ta = type_of(vm, a);
    let tb = type_of(vm, b);
    let first = !ta.is(tb) && is_subtype(vm, tb, ta) && special(vm, b, rname)?.is_some();
    Ok((first, false))
}

/// Call `obj.name(*rest)` if `obj`'s class defines it.
pub fn try_call(
    vm: &mut Vm,
    obj: Value,
    name: &'static str,
    rest: &[Value],
) -> VmResult<Option<Value>> {
    match special(vm, obj, name)? {
        Some(f) => call_special(vm, f, obj, rest).map(Some),
        None => Ok(None),
    }
}

/// `obj.name(arg)` when the class defines it and it does not answer `NotImplemented`.
fn answer(vm: &mut Vm, obj: Value, name: &'static str, arg: Value) -> VmResult<Option<Value>> {
    match try_call(vm, obj, name, &[arg])? {
        Some(r) if !is_not_implemented(vm, r) => Ok(Some(r)),
        _ => Ok(None),
    }
}

fn tname(vm: &Vm, v: Value) -> String {
    crate::types::type_name(&vm.heap, v).to_string()
}

fn has_payload(vm: &Vm, v: Value) -> bool {
    !payload_of(vm, v).is(v)
}

/// `a op b` when either operand is a user object.
pub fn binary(vm: &mut Vm, op: BinaryOperator, a: Value, b: Value) -> VmResult<Value> {
    if op.is_inplace() {
        if let Some(r) = answer(vm, a, op.dunder(), b)? {
            return Ok(r);
        }
    }
    let base = op.without_inplace();
    let (name, rname) = (base.dunder(), base.reflected_dunder());
    let (b_first, same_class) = right_first(vm, a, b, rname)?;
    if b_first {
        if let Some(r) = answer(vm, b, rname, a)? {
            return Ok(r);
        }
    }
    if let Some(r) = answer(vm, a, name, b)? {
        return Ok(r);
    }
    if !b_first && !same_class {
        if let Some(r) = answer(vm, b, rname, a)? {
            return Ok(r);
        }
    }
    // `[0] * n` with an `n` that has `__index__`.
    if base == BinaryOperator::Multiply {
        let (seq, other, swapped) = if is_user_object(vm, b) {
            (a, b, false)
        } else {
            (b, a, true)
        };
        if !is_user_object(vm, seq) && !has_payload(vm, other) {
            if let Some(n) = index(vm, other)? {
                let (x, y) = if swapped { (n, seq) } else { (seq, n) };
                return ops::binary_op(vm, op, x, y);
            }
        }
    }
    if has_payload(vm, a) || has_payload(vm, b) {
        let pa = payload_of(vm, a);
        // `fmt % args` formats the arguments themselves (their `__str__`), not their payloads.
        let formatting = base == BinaryOperator::Remainder
            && matches!(
                pa.as_obj().map(|r| vm.heap.get(r)),
                Some(Object::Str(_) | Object::Bytes(_) | Object::ByteArray(_))
            );
        let pb = if formatting { b } else { payload_of(vm, b) };
        let r = ops::builtin_binary_op(vm, op, pa, pb)?;
        // `+=` on a list subclass mutates the payload in place: the result is the instance.
        return Ok(if op.is_inplace() && r.is(pa) { a } else { r });
    }
    // `"%s" % obj`: a str format takes any right operand (its __str__/__repr__ run).
    if base == BinaryOperator::Remainder {
        if let Some(Object::Str(s)) = a.as_obj().map(|r| vm.heap.get(r)) {
            let fmt = s.as_str().to_string();
            let out = crate::interp::format::percent_format(vm, &fmt, b)?;
            return vm.new_str(out);
        }
    }
    let symbol = match base {
        BinaryOperator::Power => "** or pow()",
        _ => base.symbol(),
    };
    let symbol = if op.is_inplace() { op.symbol() } else { symbol };
    Err(type_error(format!(
        "unsupported operand type(s) for {symbol}: '{}' and '{}'",
        tname(vm, a),
        tname(vm, b)
    )))
}

/// `-a`, `+a`, `~a` (`op` is `'-'`, `'+'` or `'~'`).
pub fn unary(vm: &mut Vm, op: char, a: Value) -> VmResult<Value> {
    let name = match op {
        '-' => "__neg__",
        '+' => "__pos__",
        _ => "__invert__",
    };
    if let Some(r) = try_call(vm, a, name, &[])? {
        return Ok(r);
    }
    if has_payload(vm, a) {
        let p = payload_of(vm, a);
        return ops::unary_op(vm, op, p);
    }
    Err(type_error(format!(
        "bad operand type for unary {op}: '{}'",
        tname(vm, a)
    )))
}

fn cmp_names(op: CompareOperator) -> (&'static str, &'static str) {
    match op {
        CompareOperator::Lt => ("__lt__", "__gt__"),
        CompareOperator::Le => ("__le__", "__ge__"),
        CompareOperator::Eq => ("__eq__", "__eq__"),
        CompareOperator::Ne => ("__ne__", "__ne__"),
        CompareOperator::Gt => ("__gt__", "__lt__"),
        CompareOperator::Ge => ("__ge__", "__le__"),
    }
}

/// `x.name(y)` for one side of a comparison; for `!=` on a class without `__ne__`,
/// `object.__ne__`'s inversion of `__eq__`. `None` when that side has no answer.
fn compare_one(
    vm: &mut Vm,
    op: CompareOperator,
    x: Value,
    name: &'static str,
    y: Value,
) -> VmResult<Option<Value>> {
    // `!=` falls back to `not __eq__` only when the class lacks `__ne__` (looked up only then).
    if op != CompareOperator::Ne || special(vm, x, name)?.is_some() {
        return answer(vm, x, name, y);
    }
    match answer(vm, x, "__eq__", y)? {
        Some(r) => Ok(Some(Value::Bool(!truthy(vm, r)?))),
        None => Ok(None),
    }
}

/// `a op b` (a rich comparison) when either operand is a user object: the result of the dunder,
/// which need not be a bool.
pub fn compare(vm: &mut Vm, op: CompareOperator, a: Value, b: Value) -> VmResult<Value> {
    let (name, rname) = cmp_names(op);
    let (b_first, _) = right_first(vm, a, b, rname)?;
    if b_first {
        if let Some(r) = answer(vm, b, rname, a)? {
            return Ok(r);
        }
    }
    if let Some(r) = compare_one(vm, op, a, name, b)? {
        return Ok(r);
    }
    if !b_first {
        if let Some(r) = compare_one(vm, op, b, rname, a)? {
            return Ok(r);
        }
    }
    if has_payload(vm, a) || has_payload(vm, b) {
        let (pa, pb) = (payload_of(vm, a), payload_of(vm, b));
        return ops::compare_value(vm, op, pa, pb);
    }
    match op {
        CompareOperator::Eq => Ok(Value::Bool(a.is(b))),
        CompareOperator::Ne => Ok(Value::Bool(!a.is(b))),
        _ => Err(type_error(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            tname(vm, a),
            tname(vm, b)
        ))),
    }
}

/// `bool(v)` for a user object: `__bool__`, else `__len__`, else true.
pub fn truthy(vm: &mut Vm, v: Value) -> VmResult<bool> {
    if !is_user_object(vm, v) {
        return ops::truthy_vm(vm, v);
    }
    if let Some(r) = try_call(vm, v, "__bool__", &[])? {
        return match r {
            Value::Bool(b) => Ok(b),
            other => Err(type_error(format!(
                "__bool__ should return bool, returned {}",
                tname(vm, other)
            ))),
        };
    }
    if let Some(r) = try_call(vm, v, "__len__", &[])? {
        return Ok(len_result(vm, r)? != 0);
    }
    if has_payload(vm, v) {
        let p = payload_of(vm, v);
        return ops::truthy_vm(vm, p);
    }
    Ok(true)
}

fn len_result(vm: &mut Vm, r: Value) -> VmResult<usize> {
    match ops::index_of(&vm.heap, r) {
        Some(Ok(n)) if n >= 0 => Ok(n as usize),
        Some(Ok(_)) => Err(VmError::new(
            ExcKind::ValueError,
            "__len__() should return >= 0",
        )),
        Some(Err(())) => Err(VmError::new(
            ExcKind::OverflowError,
            "cannot fit 'int' into an index-sized integer",
        )),
        None => Err(type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            tname(vm, r)
        ))),
    }
}

/// `len(v)` for a user object.
pub fn len(vm: &mut Vm, v: Value) -> VmResult<usize> {
    if let Some(r) = try_call(vm, v, "__len__", &[])? {
        return len_result(vm, r);
    }
    if has_payload(vm, v) {
        let p = payload_of(vm, v);
        return ops::len_vm(vm, p);
    }
    Err(type_error(format!(
        "object of type '{}' has no len()",
        tname(vm, v)
    )))
}

/// `repr(v)` for a user object.
pub fn repr(vm: &mut Vm, v: Value) -> VmResult<String> {
    if let Some(r) = try_call(vm, v, "__repr__", &[])? {
        return match ops::as_str(&vm.heap, r) {
            Some(s) => Ok(s.as_str().to_string()),
            None => Err(type_error(format!(
                "__repr__ returned non-string (type {})",
                tname(vm, r)
            ))),
        };
    }
    default_repr(vm, v)
}

/// The repr a user object gets without `__repr__`: its payload's, an exception's
/// `Name(args)`, or `<module.Qualname object at 0x…>`.
pub fn default_repr(vm: &mut Vm, v: Value) -> VmResult<String> {
    let Some(r) = v.as_obj() else {
        return crate::interp::format::repr(vm, v);
    };
    match vm.heap.get(r) {
        Object::Instance(i) if !i.payload.is_none() => {
            let p = i.payload;
            crate::interp::format::repr(vm, p)
        }
        Object::Exception(e) => {
            let args = e.args;
            let name = tname(vm, v);
            let items: Vec<Value> = match args.as_obj().map(|a| vm.heap.get(a)) {
                Some(Object::Tuple(t)) => t.to_vec(),
                _ => Vec::new(),
            };
            let inner = if items.len() == 1 {
                crate::interp::format::repr(vm, items[0])?
            } else {
                let s = crate::interp::format::repr(vm, args)?;
                s[1..s.len() - 1].trim_end_matches(',').to_string()
            };
            Ok(format!("{name}({inner})"))
        }
        Object::Instance(i) => {
            let cls = i.class;
            let q = super::create::qualified_name(vm, cls);
            Ok(format!(
                "<{q} object at {}>",
                crate::interp::format::hex_id(r)
            ))
        }
        _ => crate::interp::format::repr(vm, v),
    }
}

/// `str(v)` for a user object: `__str__`, else (`object.__str__`) its repr.
pub fn to_str(vm: &mut Vm, v: Value) -> VmResult<String> {
    if let Some(r) = try_call(vm, v, "__str__", &[])? {
        return match ops::as_str(&vm.heap, r) {
            Some(s) => Ok(s.as_str().to_string()),
            None => Err(type_error(format!(
                "__str__ returned non-string (type {})",
                tname(vm, r)
            ))),
        };
    }
    let r = v.as_obj().expect("user object");
    let (is_exc, has_payload) = match vm.heap.get(r) {
        Object::Exception(_) => (true, false),
        Object::Instance(i) => (false, !i.payload.is_none()),
        _ => (false, false),
    };
    if is_exc {
        return crate::interp::format::exception_str(vm, r);
    }
    if has_payload && special(vm, v, "__repr__")?.is_none() {
        let p = payload_of(vm, v);
        return crate::interp::format::to_str(vm, p);
    }
    repr(vm, v)
}

/// `format(v, spec)` for a user object.
pub fn format(vm: &mut Vm, v: Value, spec: Value) -> VmResult<String> {
    if let Some(r) = try_call(vm, v, "__format__", &[spec])? {
        return match ops::as_str(&vm.heap, r) {
            Some(s) => Ok(s.as_str().to_string()),
            None => Err(type_error(format!(
                "__format__ must return a str, not {}",
                tname(vm, r)
            ))),
        };
    }
    let spec_s = ops::as_str(&vm.heap, spec)
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    if spec_s.is_empty() {
        return to_str(vm, v);
    }
    if has_payload(vm, v) {
        let p = payload_of(vm, v);
        return crate::builtins::format_value(vm, p, &spec_s);
    }
    if spec_s.is_empty() {
        return to_str(vm, v);
    }
    Err(type_error(format!(
        "unsupported format string passed to {}.__format__",
        tname(vm, v)
    )))
}

/// `hash(v)` for a user object.
pub fn hash(vm: &mut Vm, v: Value) -> VmResult<i64> {
    let Some(cls) = user_class_of(vm, v) else {
        return ops::hash_vm(vm, v);
    };
    match user_lookup_str(vm, cls, "__hash__")? {
        Some(f) if f.is_none() => Err(type_error(format!("unhashable type: '{}'", tname(vm, v)))),
        Some(f) => {
            let r = call_special(vm, f, v, &[])?;
            match r {
                Value::Int(i) => Ok(if i == -1 { -2 } else { i }),
                Value::Bool(b) => Ok(i64::from(b)),
                _ => match ops::int_of(&vm.heap, r) {
                    Some(_) => ops::hash_vm(vm, r),
                    None => Err(type_error("__hash__ method should return an integer")),
                },
            }
        }
        None => {
            if has_payload(vm, v) {
                let p = payload_of(vm, v);
                return ops::hash_vm(vm, p);
            }
            Ok(crate::ops::identity_hash(v.as_obj().expect("object")))
        }
    }
}

/// `a == b` as a bool, for containers and lookups.
pub fn eq(vm: &mut Vm, a: Value, b: Value) -> VmResult<bool> {
    if a.is(b) {
        return Ok(true);
    }
    let r = compare(vm, CompareOperator::Eq, a, b)?;
    truthy(vm, r)
}

/// `iter(v)` for a user object.
pub fn iter(vm: &mut Vm, v: Value) -> VmResult<Value> {
    if let Some(f) = special(vm, v, "__iter__")? {
        if f.is_none() {
            return Err(type_error(format!(
                "'{}' object is not iterable",
                tname(vm, v)
            )));
        }
        let it = call_special(vm, f, v, &[])?;
        let ok = match it.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::Iterator(_) | Object::Generator(_)) => true,
            _ => special(vm, it, "__next__")?.is_some(),
        };
        if !ok {
            return Err(type_error(format!(
                "iter() returned non-iterator of type '{}'",
                tname(vm, it)
            )));
        }
        return Ok(it);
    }
    if has_payload(vm, v) {
        let p = payload_of(vm, v);
        return ops::get_iter(vm, p);
    }
    if special(vm, v, "__getitem__")?.is_some() {
        let st = crate::object::IterState::GetItem { obj: v, index: 0 };
        return Ok(Value::Obj(vm.heap.alloc(Object::Iterator(st))?));
    }
    Err(type_error(format!(
        "'{}' object is not iterable",
        tname(vm, v)
    )))
}

/// `next(it)` for a user iterator; `None` at `StopIteration`.
pub fn next(vm: &mut Vm, it: Value) -> VmResult<Option<Value>> {
    match special(vm, it, "__next__")? {
        Some(f) => match call_special(vm, f, it, &[]) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.kind() == Some(ExcKind::StopIteration) => Ok(None),
            Err(e) => Err(e),
        },
        None => Err(type_error(format!(
            "'{}' object is not an iterator",
            tname(vm, it)
        ))),
    }
}

/// `v[k]` for a user object.
pub fn getitem(vm: &mut Vm, v: Value, k: Value) -> VmResult<Value> {
    if let Some(r) = try_call(vm, v, "__getitem__", &[k])? {
        return Ok(r);
    }
    if has_payload(vm, v) {
        let p = payload_of(vm, v);
        return match ops::getitem(vm, p, k) {
            // `dict` subclasses: `__missing__(key)` answers a missing key.
            Err(e) if e.kind() == Some(ExcKind::KeyError) => {
                match try_call(vm, v, "__missing__", &[k])? {
                    Some(r) => Ok(r),
                    None => Err(e),
                }
            }
            other => other,
        };
    }
    Err(type_error(format!(
        "'{}' object is not subscriptable",
        tname(vm, v)
    )))
}

/// `v[k] = x` for a user object.
pub fn setitem(vm: &mut Vm, v: Value, k: Value, x: Value) -> VmResult<()> {
    if try_call(vm, v, "__setitem__", &[k, x])?.is_some() {
        return Ok(());
    }
    if has_payload(vm, v) {
        let p = payload_of(vm, v);
        return ops::setitem(vm, p, k, x);
    }
    Err(type_error(format!(
        "'{}' object does not support item assignment",
        tname(vm, v)
    )))
}

/// `del v[k]` for a user object.
pub fn delitem(vm: &mut Vm, v: Value, k: Value) -> VmResult<()> {
    if try_call(vm, v, "__delitem__", &[k])?.is_some() {
        return Ok(());
    }
    if has_payload(vm, v) {
        let p = payload_of(vm, v);
        return ops::delitem(vm, p, k);
    }
    Err(type_error(format!(
        "'{}' object does not support item deletion",
        tname(vm, v)
    )))
}

/// `x in v` for a user container.
pub fn contains(vm: &mut Vm, v: Value, x: Value) -> VmResult<bool> {
    if let Some(r) = try_call(vm, v, "__contains__", &[x])? {
        return truthy(vm, r);
    }
    if has_payload(vm, v) {
        let p = payload_of(vm, v);
        return ops::contains(vm, p, x);
    }
    if special(vm, v, "__iter__")?.is_some() || special(vm, v, "__getitem__")?.is_some() {
        let it = iter(vm, v)?;
        vm.push_temp_root(it);
        let r = (|| {
            while let Some(item) = ops::iter_next(vm, it)? {
                if ops::eq_vm(vm, item, x)? {
                    return Ok(true);
                }
            }
            Ok(false)
        })();
        vm.pop_temp_root();
        return r;
    }
    Err(type_error(format!(
        "argument of type '{}' is not iterable",
        tname(vm, v)
    )))
}

/// Whether a user object is callable (its class defines `__call__`).
pub fn callable(vm: &mut Vm, v: Value) -> VmResult<bool> {
    Ok(special(vm, v, "__call__")?.is_some())
}

/// For a builtin that converts or measures a user object (`abs`, `int`, `float`, `round`): the
/// first of `names` its class defines, called with `rest`; else, for an instance of a subclass
/// of a builtin type, `Err(payload)` so the builtin can work on the payload; else `Ok(None)`.
pub fn convert(
    vm: &mut Vm,
    v: Value,
    names: &[&'static str],
    rest: &[Value],
) -> VmResult<Result<Option<Value>, Value>> {
    for &n in names {
        if let Some(r) = try_call(vm, v, n, rest)? {
            return Ok(Ok(Some(r)));
        }
    }
    if has_payload(vm, v) {
        return Ok(Err(payload_of(vm, v)));
    }
    Ok(Ok(None))
}

/// `operator.index(v)` for a user object: its `__index__` (which must return an int), or the
/// payload of an int subclass; `None` when it has neither.
pub fn index(vm: &mut Vm, v: Value) -> VmResult<Option<Value>> {
    if let Some(r) = try_call(vm, v, "__index__", &[])? {
        let r = payload_of(vm, r);
        return match r {
            Value::Bool(b) => Ok(Some(Value::Int(i64::from(b)))),
            _ if ops::int_of(&vm.heap, r).is_some() => Ok(Some(r)),
            _ => Err(type_error(format!(
                "__index__ returned non-int (type {})",
                tname(vm, r)
            ))),
        };
    }
    let p = payload_of(vm, v);
    Ok(match p {
        Value::Int(_) => Some(p),
        Value::Bool(b) => Some(Value::Int(i64::from(b))),
        _ if !p.is(v) && ops::int_of(&vm.heap, p).is_some() => Some(p),
        _ => None,
    })
}
