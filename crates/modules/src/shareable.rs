//! Values that can cross from one VM to another.
//!
//! VMs share no mutable state: what one VM sends another is *copied* out of its heap into a
//! [`Shareable`] (plain Rust data, `Send`) and rebuilt in the receiver's heap. Shareable are
//! `None`, `bool`, `int`, `float`, `str`, `bytes`, tuples of shareable values, queues (the same
//! queue is seen from both sides), builtin functions (by name) and Python functions without
//! closures (their compiled code
//! is immutable and shared; the receiver runs it with its own `__main__` globals). Anything
//! else is refused with a `TypeError` that names its type, as `interpreters` must.

use crate::interpreters::errors::{raise, ErrorClass};
use crate::interpreters::queue::{self, QueueCore};
use hotpy_compiler::bytecode::Code;
use hotpy_vm::object::Object;
use hotpy_vm::{ObjRef, Value, Vm, VmResult};
use num_bigint::BigInt;
use std::sync::Arc;

/// A value copied out of one VM, ready to be rebuilt in another.
#[derive(Clone, Debug)]
pub enum Shareable {
    /// `None`
    None,
    /// `True` / `False`
    Bool(bool),
    /// An int that fits in 64 bits.
    Int(i64),
    /// A larger int.
    BigInt(Arc<BigInt>),
    /// A float (bit-for-bit, NaN payloads included).
    Float(f64),
    /// A str.
    Str(Arc<str>),
    /// A bytes object.
    Bytes(Arc<[u8]>),
    /// A tuple of shareable values.
    Tuple(Arc<[Shareable]>),
    /// A cross-VM queue: both sides see the same queue.
    Queue(Arc<QueueCore>),
    /// A Python function without free variables.
    Function(Arc<SharedFunction>),
    /// A builtin function (`len`, `print`, …), by name: the receiver uses its own.
    Builtin(Arc<str>),
}

/// A Python function as it crosses VMs: its compiled code and its shareable defaults. The
/// receiver makes a new function of it whose globals are its own `__main__` namespace.
#[derive(Debug)]
pub struct SharedFunction {
    /// The compiled code (immutable, so shared rather than copied).
    pub code: Arc<Code>,
    /// `__defaults__`, if any.
    pub defaults: Option<Shareable>,
    /// `__kwdefaults__`, as (name, value) pairs in order.
    pub kwdefaults: Vec<(Arc<str>, Shareable)>,
}

/// Why `value` cannot cross: a `TypeError` naming its type.
pub fn not_shareable(vm: &mut Vm, value: Value) -> hotpy_vm::VmError {
    let ty = vm.type_of(value);
    let name = hotpy_vm::class::type_name_of(vm, ty);
    raise(
        vm,
        ErrorClass::NotShareable,
        &format!("object of type '{name}' cannot be shared between interpreters"),
    )
}

/// Deepest tuple nesting copied (deeper is refused rather than recursing without bound).
const MAX_DEPTH: usize = 200;

impl Shareable {
    /// Copy `value` out of `vm`, or raise `TypeError` if it (or something inside it) is not
    /// shareable.
    pub fn from_value(vm: &mut Vm, value: Value) -> VmResult<Shareable> {
        Self::from_value_at(vm, value, 0)
    }

    /// Whether `value` is of a kind [`Shareable::from_value`] can copy (what it holds may still
    /// refuse): a test that builds no exception for the usual refusals (classes, modules,
    /// instances), where `from_value` raises one, which in a new interpreter first imports the
    /// module defining the exception classes.
    pub fn may_share(vm: &mut Vm, value: Value) -> bool {
        let Value::Obj(r) = value else {
            return true;
        };
        match vm.heap.get(r) {
            Object::Str(_)
            | Object::BigInt(_)
            | Object::Bytes(_)
            | Object::Tuple(_)
            | Object::Function(_) => true,
            Object::NativeFunction(f) => f.receiver.is_none(),
            _ => matches!(queue::core_of(vm, value), Ok(Some(_))),
        }
    }

    fn from_value_at(vm: &mut Vm, value: Value, depth: usize) -> VmResult<Shareable> {
        let r = match value {
            Value::None => return Ok(Shareable::None),
            Value::Bool(b) => return Ok(Shareable::Bool(b)),
            Value::Int(i) => return Ok(Shareable::Int(i)),
            Value::Float(f) => return Ok(Shareable::Float(f)),
            Value::Obj(r) => r,
        };
        match vm.heap.get(r) {
            Object::Str(s) => return Ok(Shareable::Str(Arc::from(s.as_str()))),
            Object::BigInt(b) => return Ok(Shareable::BigInt(Arc::new(b.clone()))),
            Object::Bytes(b) => return Ok(Shareable::Bytes(Arc::from(&b[..]))),
            Object::Tuple(items) => {
                if depth >= MAX_DEPTH {
                    return Err(hotpy_vm::error::recursion_error(
                        "maximum recursion depth exceeded while sharing a tuple",
                    ));
                }
                let items = items.to_vec();
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(Self::from_value_at(vm, item, depth + 1)?);
                }
                return Ok(Shareable::Tuple(out.into()));
            }
            Object::Function(_) => return shared_function(vm, value, r, depth),
            Object::NativeFunction(f) if f.receiver.is_none() => {
                let name = f.name.to_string();
                if builtin_named(vm, &name)?.is_some_and(|b| b.is(value)) {
                    return Ok(Shareable::Builtin(name.into()));
                }
            }
            _ => {}
        }
        if let Some(core) = queue::core_of(vm, value)? {
            return Ok(Shareable::Queue(core));
        }
        Err(not_shareable(vm, value))
    }

    /// Rebuild the value in `vm` (functions get `globals` as their namespace).
    pub fn to_value(&self, vm: &mut Vm, globals: ObjRef) -> VmResult<Value> {
        Ok(match self {
            Shareable::None => Value::None,
            Shareable::Bool(b) => Value::Bool(*b),
            Shareable::Int(i) => Value::Int(*i),
            Shareable::Float(f) => Value::Float(*f),
            Shareable::BigInt(b) => hotpy_vm::numeric::int::normalize(&mut vm.heap, (**b).clone())?,
            Shareable::Str(s) => vm.new_str(&**s)?,
            Shareable::Bytes(b) => Value::Obj(vm.heap.alloc(Object::Bytes(b.to_vec().into()))?),
            Shareable::Tuple(items) => {
                // The items built so far stay rooted while later ones allocate.
                let mut out = Vec::with_capacity(items.len());
                let mut rooted = 0;
                let built = (|| {
                    for item in items.iter() {
                        let v = item.to_value(vm, globals)?;
                        vm.push_temp_root(v);
                        rooted += 1;
                        out.push(v);
                    }
                    vm.new_tuple(std::mem::take(&mut out))
                })();
                for _ in 0..rooted {
                    vm.pop_temp_root();
                }
                built?
            }
            Shareable::Queue(core) => queue::to_python(vm, core.clone())?,
            Shareable::Function(f) => function_to_value(vm, f, globals)?,
            Shareable::Builtin(name) => builtin_named(vm, name)?
                .ok_or_else(|| hotpy_vm::error::internal(format!("no builtin named {name}")))?,
        })
    }
}

/// The builtin function called `name` in `vm`'s builtins namespace.
fn builtin_named(vm: &mut Vm, name: &str) -> VmResult<Option<Value>> {
    let builtins = vm.builtins();
    vm.dict_get_str(builtins, name)
}

/// Copy a Python function: refused if it closes over variables (cells belong to its VM).
fn shared_function(vm: &mut Vm, value: Value, r: ObjRef, depth: usize) -> VmResult<Shareable> {
    let (code, defaults, kwdefaults, has_closure) = match vm.heap.get(r) {
        Object::Function(f) => (
            f.loaded.code.clone(),
            f.defaults,
            f.kwdefaults,
            !f.closure.is_none(),
        ),
        _ => return Err(not_shareable(vm, value)),
    };
    if has_closure {
        let msg = format!(
            "function '{}' cannot be shared between interpreters: it has free variables",
            code.qualname()
        );
        return Err(raise(vm, ErrorClass::NotShareable, &msg));
    }
    let defaults = match defaults {
        Value::None => None,
        d => Some(Shareable::from_value_at(vm, d, depth + 1)?),
    };
    let mut kw = Vec::new();
    if let Some(d) = kwdefaults.as_obj() {
        let pairs: Vec<(Value, Value)> = match vm.heap.get(d) {
            Object::Dict(d) => d.iter().map(|(k, v)| (k, *v)).collect(),
            _ => Vec::new(),
        };
        for (k, v) in pairs {
            let name: Arc<str> = Arc::from(vm.str_text(k).unwrap_or_default());
            kw.push((name, Shareable::from_value_at(vm, v, depth + 1)?));
        }
    }
    Ok(Shareable::Function(Arc::new(SharedFunction {
        code,
        defaults,
        kwdefaults: kw,
    })))
}

/// A new function in `vm` running the shared code with `globals` as its namespace.
fn function_to_value(vm: &mut Vm, f: &SharedFunction, globals: ObjRef) -> VmResult<Value> {
    let code = vm.load_code(f.code.clone())?;
    vm.push_temp_root(code);
    let made = (|| {
        let func = vm.new_function(code, globals)?;
        vm.push_temp_root(func);
        let set = (|| {
            if let Some(d) = &f.defaults {
                let d = d.to_value(vm, globals)?;
                vm.set_attr_str(func, "__defaults__", d)?;
            }
            if !f.kwdefaults.is_empty() {
                let d = vm.new_dict()?;
                vm.set_attr_str(func, "__kwdefaults__", d)?;
                let dict = d.as_obj().expect("dict");
                for (k, v) in &f.kwdefaults {
                    let v = v.to_value(vm, globals)?;
                    vm.dict_set_str(dict, k, v)?;
                }
            }
            Ok(func)
        })();
        vm.pop_temp_root();
        set
    })();
    vm.pop_temp_root();
    made
}
