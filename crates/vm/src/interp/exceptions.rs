//! Exception objects: creating them from [`VmError`]s, chaining (`__context__`, `__cause__`),
//! matching `except` clauses by class hierarchy, and printing uncaught ones as CPython does.
//!
//! Natives raise cheaply with `VmError::new(kind, message)`; the interpreter materialises the heap
//! exception object (`args = (message,)`) the moment the error reaches the loop. An error that
//! already carries its object (`PyException::object`) keeps it, so an exception that crosses a
//! native (a `sorted` key raising) is the same object on both sides.

use super::format;
use crate::error::{ExcKind, PyException, VmError, VmResult};
use crate::object::{ExceptionObj, Object};
use crate::traceback::{TbEntry, Traceback};
use crate::types::TypeObject;
use crate::value::{ObjRef, Value};
use crate::Vm;
use hotpy_compiler::bytecode::Code;
use std::sync::Arc;

impl Vm {
    /// A Python exception of builtin class `kind` with `args`, as a [`VmError`] carrying the
    /// exception object (for exceptions whose args are not one message: `KeyError(key)`).
    pub fn new_exception(&mut self, kind: ExcKind, args: &[Value]) -> VmResult<VmError> {
        let r = self.new_exception_object(kind, args)?;
        Ok(error_of(self, r))
    }

    /// A new exception object of builtin class `kind` with `args` (not raised).
    pub fn new_exception_object(&mut self, kind: ExcKind, args: &[Value]) -> VmResult<ObjRef> {
        let t = self.new_tuple(args.to_vec())?;
        let r = self.heap.alloc(Object::Exception(Box::new(ExceptionObj {
            kind,
            args: t,
            context: Value::None,
            cause: Value::None,
            suppress_context: false,
            class: Value::None,
            dict: Value::None,
            traceback: Value::None,
        })))?;
        Ok(r)
    }

    /// The error that raises exception instance `exc` (for natives raising an exception of a
    /// class defined in Python); a `TypeError` if `exc` is not an exception.
    pub fn raise_exception(&mut self, exc: Value) -> VmError {
        match exc.as_obj() {
            Some(r) if matches!(self.heap.get(r), Object::Exception(_)) => error_of(self, r),
            _ => crate::error::type_error("exceptions must derive from BaseException"),
        }
    }

    /// The last exception that escaped to the embedder, rendered as CPython prints an uncaught
    /// exception (traceback, chained exceptions, `Name: message`).
    pub fn format_exception(&mut self, err: &VmError) -> String {
        match err {
            VmError::Exception(p) => match p.object {
                Some(r) => render_chain(self, r),
                None => {
                    if p.message.is_empty() {
                        format!("{}\n", p.kind.name())
                    } else {
                        format!("{}: {}\n", p.kind.name(), p.message)
                    }
                }
            },
            VmError::Limit(_) | VmError::Internal(_) => format!("{err}\n"),
        }
    }

    /// For `SystemExit`: the process exit status and what to print to stderr first (CPython:
    /// `None` → 0, an int → that, anything else is printed and gives 1).
    pub fn system_exit_status(&mut self, err: &VmError) -> Option<(i32, Option<String>)> {
        let VmError::Exception(p) = err else {
            return None;
        };
        if p.kind != ExcKind::SystemExit {
            return None;
        }
        let Some(r) = p.object else {
            return Some((0, None));
        };
        let Object::Exception(e) = self.heap.get(r) else {
            return None;
        };
        let code = match e.args.as_obj().map(|a| self.heap.get(a)) {
            Some(Object::Tuple(t)) if t.len() == 1 => t[0],
            Some(Object::Tuple(t)) if t.is_empty() => Value::None,
            _ => e.args,
        };
        Some(match code {
            Value::None => (0, None),
            Value::Int(i) => (i as i32, None),
            Value::Bool(b) => (i32::from(b), None),
            // Beyond a C long CPython's conversion fails: status -1 (255), nothing printed.
            Value::Obj(o) if matches!(self.heap.get(o), Object::BigInt(_)) => (-1, None),
            other => (1, format::to_str(self, other).ok()),
        })
    }
}

/// The `VmError` for exception object `r` inside the interpreter, where only the object matters:
/// the message is left empty (it is computed by [`error_of`] when the error leaves the VM).
pub(crate) fn error_of_lazy(vm: &Vm, r: ObjRef) -> VmError {
    let kind = match vm.heap.get(r) {
        Object::Exception(e) => e.kind,
        _ => ExcKind::TypeError,
    };
    VmError::Exception(Box::new(PyException {
        kind,
        message: String::new(),
        object: Some(r),
        syntax: None,
    }))
}

/// The `VmError` for exception object `r`.
pub(crate) fn error_of(vm: &mut Vm, r: ObjRef) -> VmError {
    let kind = match vm.heap.get(r) {
        Object::Exception(e) => Some(e.kind),
        _ => None,
    };
    let (kind, message) = match kind {
        Some(k) => (k, format::to_str(vm, Value::Obj(r)).unwrap_or_default()),
        None => (ExcKind::TypeError, String::new()),
    };
    VmError::Exception(Box::new(PyException {
        kind,
        message,
        object: Some(r),
        syntax: None,
    }))
}

/// The `args` tuple of an exception object made from `p`: `(message,)` (or `()`), and for a
/// located syntax error CPython's `(msg, (filename, lineno, offset, text, end_lineno,
/// end_offset))`.
pub(crate) fn exception_args(vm: &mut Vm, p: &PyException) -> VmResult<Value> {
    if let Some(d) = &p.syntax {
        let msg = vm.new_str(d.msg.as_str())?;
        vm.push_temp_root(msg);
        let made = (|| {
            let filename = vm.new_str(d.filename.as_str())?;
            vm.push_temp_root(filename);
            let text = match &d.text {
                Some(t) => vm.new_str(t.as_str()),
                None => Ok(Value::None),
            };
            let info = text.and_then(|text| {
                vm.new_tuple(vec![
                    filename,
                    Value::Int(d.lineno as i64),
                    Value::Int(d.offset as i64),
                    text,
                    Value::Int(d.end_lineno as i64),
                    Value::Int(d.end_offset as i64),
                ])
            });
            vm.pop_temp_root();
            let info = info?;
            vm.push_temp_root(info);
            let args = vm.new_tuple(vec![msg, info]);
            vm.pop_temp_root();
            args
        })();
        vm.pop_temp_root();
        return made;
    }
    if p.message.is_empty() {
        vm.new_tuple(Vec::new())
    } else {
        let m = vm.new_str(p.message.as_str())?;
        vm.new_tuple(vec![m])
    }
}

/// The heap object of a raised exception (made now when the error has none).
pub(crate) fn materialize(vm: &mut Vm, p: PyException) -> VmResult<ObjRef> {
    if let Some(r) = p.object {
        return Ok(r);
    }
    let args = exception_args(vm, &p)?;
    vm.heap.alloc(Object::Exception(Box::new(ExceptionObj {
        kind: p.kind,
        args,
        context: Value::None,
        cause: Value::None,
        suppress_context: false,
        class: Value::None,
        dict: Value::None,
        traceback: Value::None,
    })))
}

/// Set `exc.__context__` to the exception being handled (CPython breaks cycles in the chain).
pub(crate) fn set_context(vm: &mut Vm, exc: ObjRef) {
    let handled = vm.rt.handled;
    let Some(h) = handled.as_obj() else {
        return;
    };
    if h == exc {
        return;
    }
    // Break a cycle: if exc is already in handled's context chain, cut it there.
    let mut o = h;
    let mut steps = 0;
    loop {
        let next = match vm.heap.get(o) {
            Object::Exception(e) => e.context,
            _ => Value::None,
        };
        match next.as_obj() {
            Some(n) if n == exc => {
                if let Object::Exception(e) = vm.heap.get_mut(o) {
                    e.context = Value::None;
                }
                break;
            }
            Some(n) if steps < 10_000 => {
                o = n;
                steps += 1;
            }
            _ => break,
        }
    }
    if let Object::Exception(e) = vm.heap.get_mut(exc) {
        e.context = handled;
    }
}

/// Record that `exc` passed through `code` at `offset`.
pub(crate) fn add_traceback(vm: &mut Vm, exc: ObjRef, code: Arc<Code>, offset: u32) {
    let tb = match vm.heap.get(exc) {
        Object::Exception(e) => e.traceback,
        _ => return,
    };
    let entry = TbEntry { code, offset };
    if let Some(t) = tb.as_obj() {
        if let Object::Traceback(t) = vm.heap.get_mut(t) {
            t.entries.push(entry);
            return;
        }
    }
    if let Ok(t) = vm.heap.alloc(Object::Traceback(Box::new(Traceback {
        entries: vec![entry],
    }))) {
        if let Object::Exception(e) = vm.heap.get_mut(exc) {
            e.traceback = Value::Obj(t);
        }
    }
}

/// Instantiate an exception class (or pass an instance through) for `raise`.
fn instantiate(vm: &mut Vm, v: Value, what: &str) -> VmResult<ObjRef> {
    match v.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Exception(_)) => Ok(v.as_obj().expect("object")),
        Some(Object::Type(TypeObject::Exception(k))) => {
            let k = *k;
            vm.new_exception_object(k, &[])
        }
        Some(Object::Class(_))
            if crate::class::create::exception_kind(vm, v.as_obj().expect("class")).is_some() =>
        {
            let e = vm.call(v, &[])?;
            match e.as_obj().map(|r| vm.heap.get(r)) {
                Some(Object::Exception(_)) => Ok(e.as_obj().expect("object")),
                _ => Err(VmError::new(
                    ExcKind::TypeError,
                    format!(
                        "calling {} should have returned an instance of BaseException, not {}",
                        crate::class::type_name_of(vm, v),
                        crate::types::type_name(&vm.heap, e)
                    ),
                )),
            }
        }
        _ => Err(VmError::new(
            ExcKind::TypeError,
            format!("exceptions must derive from BaseException{what}"),
        )),
    }
}

/// `raise exc` / `raise exc from cause`: the error to throw.
pub(crate) fn make_raise(vm: &mut Vm, exc: Value, cause: Option<Value>) -> VmError {
    let r = match instantiate(vm, exc, "") {
        Ok(r) => r,
        Err(e) => return e,
    };
    if let Some(c) = cause {
        let cause_v = if c.is_none() {
            Value::None
        } else {
            match instantiate(vm, c, "") {
                Ok(cr) => Value::Obj(cr),
                Err(_) => {
                    return VmError::new(
                        ExcKind::TypeError,
                        "exception causes must derive from BaseException",
                    )
                }
            }
        };
        if let Object::Exception(e) = vm.heap.get_mut(r) {
            e.cause = cause_v;
            e.suppress_context = true;
        }
    }
    error_of_lazy(vm, r)
}

/// `except ty:` — does exception `exc` match `ty` (a class or a tuple of classes)?
pub(crate) fn matches(vm: &mut Vm, exc: Value, ty: Value) -> VmResult<bool> {
    if !matches!(
        exc.as_obj().map(|r| vm.heap.get(r)),
        Some(Object::Exception(_))
    ) {
        return Ok(false);
    }
    let candidates: Vec<Value> = match ty.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Tuple(items)) => items.to_vec(),
        _ => vec![ty],
    };
    for t in candidates {
        let is_exc_class = match t.as_obj().map(|r| vm.heap.get(r)) {
            Some(Object::Type(TypeObject::Exception(_))) => true,
            Some(Object::Class(_)) => {
                crate::class::create::exception_kind(vm, t.as_obj().expect("class")).is_some()
            }
            _ => false,
        };
        if !is_exc_class {
            return Err(VmError::new(
                ExcKind::TypeError,
                "catching classes that do not inherit from BaseException is not allowed",
            ));
        }
        if crate::class::is_instance(vm, exc, t) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// `LOAD_DEREF` of an empty cell.
#[cold]
pub(crate) fn unbound_deref(code: &Code, i: u32) -> VmError {
    let name = code.deref_name(i).unwrap_or("?");
    if (i as usize) < code.cellvars().len() {
        VmError::new(
            ExcKind::UnboundLocalError,
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    } else {
        VmError::new(
            ExcKind::NameError,
            format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
        )
    }
}

/// `a, b = [1, 2, 3]`.
#[cold]
pub(crate) fn unpack_count_error(expected: usize, got: usize) -> VmError {
    if got > expected {
        VmError::new(
            ExcKind::ValueError,
            format!("too many values to unpack (expected {expected})"),
        )
    } else {
        VmError::new(
            ExcKind::ValueError,
            format!("not enough values to unpack (expected {expected}, got {got})"),
        )
    }
}

/// The exception line: `Name: message` (or `Name`).
fn exception_line(vm: &mut Vm, r: ObjRef) -> String {
    let (kind, class) = match vm.heap.get(r) {
        Object::Exception(e) => (e.kind.name(), e.class),
        _ => ("Exception", Value::None),
    };
    let name = if class.is_none() {
        kind.to_string()
    } else {
        let q = crate::class::create::qualified_name(vm, class);
        q.strip_prefix("__main__.")
            .map_or(q.clone(), str::to_string)
    };
    let msg =
        format::to_str(vm, Value::Obj(r)).unwrap_or_else(|_| "<exception str() failed>".into());
    if msg.is_empty() {
        format!("{name}\n")
    } else {
        format!("{name}: {msg}\n")
    }
}

/// Print an exception with its chain (causes and contexts first), as CPython's default hook.
pub(crate) fn render_chain(vm: &mut Vm, r: ObjRef) -> String {
    let mut chain: Vec<(ObjRef, &'static str)> = Vec::new();
    let mut seen = vec![r];
    let mut cur = r;
    while let Object::Exception(e) = vm.heap.get(cur) {
        let (next, sep) = if let Some(c) = e.cause.as_obj() {
            (
                Some(c),
                "\nThe above exception was the direct cause of the following exception:\n\n",
            )
        } else if let (Some(c), false) = (e.context.as_obj(), e.suppress_context) {
            (
                Some(c),
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            )
        } else {
            (None, "")
        };
        match next {
            Some(n) if !seen.contains(&n) && seen.len() < 100 => {
                seen.push(n);
                chain.push((n, sep));
                cur = n;
            }
            _ => break,
        }
    }
    let mut out = String::new();
    for i in (0..chain.len()).rev() {
        render_one(vm, chain[i].0, &mut out);
        out.push_str(chain[i].1);
    }
    render_one(vm, r, &mut out);
    out
}

fn render_one(vm: &mut Vm, r: ObjRef, out: &mut String) {
    if let Object::Exception(e) = vm.heap.get(r) {
        if let Some(Object::Traceback(tb)) = e.traceback.as_obj().map(|t| vm.heap.get(t)) {
            tb.render(out);
        }
    }
    out.push_str(&exception_line(vm, r));
}
