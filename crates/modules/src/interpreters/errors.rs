//! The Python classes the natives need: the exception classes and `Queue`, defined in
//! `concurrent/interpreters.py` and registered per VM when that module runs
//! (`_interpreters._register(name, cls)`), so natives raise the very classes scripts catch.

use hotpy_vm::error::{ExcKind, VmError};
use hotpy_vm::{Args, Rooted, Value, Vm, VmResult};
use std::collections::HashMap;

/// An error the natives raise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// `InterpreterError`
    Interpreter,
    /// `InterpreterNotFoundError`
    InterpreterNotFound,
    /// `QueueEmpty`
    QueueEmpty,
    /// `QueueFull`
    QueueFull,
    /// `QueueNotFoundError`
    QueueNotFound,
    /// `NotShareableError` (a `TypeError`)
    NotShareable,
    /// The builtin `RecursionError` (interpreters nested too deep).
    Recursion,
}

impl ErrorClass {
    fn name(self) -> &'static str {
        match self {
            ErrorClass::Interpreter => "InterpreterError",
            ErrorClass::InterpreterNotFound => "InterpreterNotFoundError",
            ErrorClass::QueueEmpty => "QueueEmpty",
            ErrorClass::QueueFull => "QueueFull",
            ErrorClass::QueueNotFound => "QueueNotFoundError",
            ErrorClass::NotShareable => "NotShareableError",
            ErrorClass::Recursion => "RecursionError",
        }
    }
}

/// The registered classes of one VM (a [`Vm`] extension).
#[derive(Default)]
struct Registered(HashMap<String, Rooted>);

/// `_interpreters._register(name, cls)`.
pub(crate) fn register(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [name, cls] = args.fixed();
    let name = vm
        .str_text(name)
        .ok_or_else(|| hotpy_vm::error::type_error("name must be a str"))?
        .to_string();
    let rooted = vm.root(cls);
    if vm.extension::<Registered>().is_none() {
        vm.set_extension(Registered::default());
    }
    if let Some(r) = vm.extension_mut::<Registered>() {
        r.0.insert(name, rooted);
    }
    Ok(Value::None)
}

fn class(vm: &Vm, name: &str) -> Option<Value> {
    vm.extension::<Registered>()
        .and_then(|r| r.0.get(name))
        .map(Rooted::value)
}

/// The `Queue` class, once the Python module registered it.
pub(crate) fn queue_class(vm: &Vm) -> Option<Value> {
    class(vm, "Queue")
}

/// The error raising `kind(message)`: the registered class, else a `RuntimeError`.
pub fn raise(vm: &mut Vm, kind: ErrorClass, message: &str) -> VmError {
    if kind == ErrorClass::Recursion {
        return VmError::new(ExcKind::RecursionError, message);
    }
    if class(vm, kind.name()).is_none() {
        // A child that never imported the module still raises the classes scripts catch
        // (importing registers them); if even that fails, a builtin class stands in.
        let _ = vm.import_module("concurrent.interpreters");
    }
    let Some(cls) = class(vm, kind.name()) else {
        let fallback = match kind {
            ErrorClass::NotShareable => ExcKind::TypeError,
            _ => ExcKind::RuntimeError,
        };
        return VmError::new(fallback, message);
    };
    let msg = match vm.new_str(message) {
        Ok(m) => m,
        Err(e) => return e,
    };
    match vm.call(cls, &[msg]) {
        Ok(exc) => vm.raise_exception(exc),
        Err(e) => e,
    }
}
