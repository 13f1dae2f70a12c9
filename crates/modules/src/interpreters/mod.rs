//! Many interpreters in one process: `concurrent.interpreters` (PEP 734, CPython 3.14), also
//! importable as `interpreters`.
//!
//! Each interpreter is a separate [`Vm`] — its own heap, modules and builtins; nothing mutable
//! is shared. What crosses between them is copied as a [`Shareable`](crate::shareable) value:
//! arguments and results of `Interpreter.call`, names given to `prepare_main`, items put in a
//! queue. An exception escaping `exec`/`call` crosses as an [`ExcInfo`] and is raised in the
//! caller as `ExecutionFailed`.
//!
//! - [`family`]: the interpreters of one tree of VMs, by id (the first VM is the main one);
//! - [`queue`]: cross-interpreter queues;
//! - [`run`]: running code in another interpreter, on this thread or a new one;
//! - [`errors`]: the Python classes the natives raise;
//! - the Python face is `py/concurrent_interpreters.py` over the native `_interpreters`.
//!
//! A child interpreter is made by the parent's [`Spawner`](crate::Spawner) (so it is set up
//! like its parent), then gets its own `__main__`.

pub mod errors;
pub mod family;
pub mod queue;
pub mod run;

use crate::loader::SharedModules;
use crate::native::NativeModule;
use crate::shareable::Shareable;
use errors::{raise, ErrorClass};
use family::{membership, MainGlobals, Refusal};
use hotpy_vm::error::type_error;
use hotpy_vm::object::{NativeImpl, Object};
use hotpy_vm::{Args, ObjRef, Value, Vm, VmResult};
use run::{ExcInfo, Job, Outcome};
use std::sync::{Arc, Mutex};

/// Add `_interpreters`, `concurrent`, `concurrent.interpreters` and `interpreters` to a
/// standard-library table.
pub fn register(table: &mut SharedModules) {
    table.register_native(native_module());
    table.register_source("concurrent", "", true);
    table.register_source(
        "concurrent.interpreters",
        include_str!("../stdlib/py/concurrent_interpreters.py"),
        false,
    );
    table.register_source(
        "interpreters",
        "from concurrent.interpreters import *\nfrom concurrent.interpreters import __all__\n",
        false,
    );
}

fn native_module() -> NativeModule {
    NativeModule::new("_interpreters")
        .doc("Low-level support for concurrent.interpreters.")
        .raw_function("_register", errors::register)
        .raw_function("create", create)
        .raw_function("destroy", destroy)
        .raw_function("list_all", list_all)
        .raw_function("get_current", get_current)
        .raw_function("is_running", is_running)
        .raw_function("exec", exec)
        .raw_function("call", call)
        .raw_function("set_main_attrs", set_main_attrs)
        .raw_function("exec_in_thread", exec_in_thread)
        .raw_function("call_in_thread", call_in_thread)
        .raw_function("is_shareable", is_shareable)
        .raw_function("queue_create", queue::create)
        .raw_function("queue_handle", queue::handle_of)
}

/// The `__main__` namespace of `vm`: its own if it is a child interpreter, else
/// `sys.modules['__main__']`'s, else a new one.
pub(crate) fn main_globals(vm: &mut Vm) -> VmResult<ObjRef> {
    if let Some(MainGlobals(g)) = vm.extension::<MainGlobals>() {
        return Ok(*g);
    }
    if let Some(m) = vm.lookup_module("__main__")? {
        if let Some(d) = vm.module_dict(m) {
            return Ok(d);
        }
    }
    let g = vm.new_module_globals("__main__")?;
    vm.set_extension(MainGlobals(g));
    Ok(g)
}

fn refused(vm: &mut Vm, (class, message): Refusal) -> hotpy_vm::VmError {
    raise(vm, class, &message)
}

fn id_arg(vm: &mut Vm, v: Option<Value>) -> VmResult<u64> {
    match v {
        Some(Value::Int(i)) if i >= 0 => Ok(i as u64),
        Some(Value::Int(i)) => Err(refused(vm, family::not_found(i as u64))),
        _ => Err(type_error("interpreter id must be an int")),
    }
}

/// `create()`: a new interpreter's id.
fn create(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("create", 0, 0)?;
    let family = membership(vm).family;
    let child = crate::spawn::spawn_from(vm)?;
    Ok(Value::Int(family.adopt(child)? as i64))
}

/// `destroy(id)`: close interpreter `id`.
fn destroy(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let id = id_arg(vm, args.get(0))?;
    let me = membership(vm);
    if id == 0 || id == me.id {
        return Err(raise(
            vm,
            ErrorClass::Interpreter,
            "cannot close a running interpreter",
        ));
    }
    me.family.close(id).map_err(|r| refused(vm, r))?;
    Ok(Value::None)
}

/// `list_all()`: the ids of the live interpreters.
fn list_all(vm: &mut Vm, _args: Args<'_>) -> VmResult<Value> {
    let ids = membership(vm).family.ids();
    vm.new_list(ids.into_iter().map(|i| Value::Int(i as i64)).collect())
}

/// `get_current()`: this interpreter's id.
fn get_current(vm: &mut Vm, _args: Args<'_>) -> VmResult<Value> {
    Ok(Value::Int(membership(vm).id as i64))
}

/// `is_running(id)`.
fn is_running(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let id = id_arg(vm, args.get(0))?;
    let me = membership(vm);
    if id == 0 || id == me.id {
        return Ok(Value::Bool(true));
    }
    let slot = me.family.slot(id).map_err(|r| refused(vm, r))?;
    let running = matches!(
        *slot.state.lock().unwrap_or_else(|e| e.into_inner()),
        family::SlotState::Running
    );
    Ok(Value::Bool(running))
}

/// `is_shareable(obj)`.
fn is_shareable(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [v] = args.fixed();
    Ok(Value::Bool(Shareable::from_value(vm, v).is_ok()))
}

/// What `exec` runs: source text, or a function called with no arguments.
fn job_of_code(vm: &mut Vm, code: Value) -> VmResult<Job> {
    if let Some(s) = vm.str_text(code) {
        return Ok(Job::Source(Arc::from(s)));
    }
    if matches!(
        code.as_obj().map(|r| vm.heap.get(r)),
        Some(Object::Function(_))
    ) {
        return Ok(Job::Call {
            func: Shareable::from_value(vm, code)?,
            args: Vec::new(),
            kwargs: Vec::new(),
        });
    }
    let ty = vm.type_of(code);
    let name = hotpy_vm::class::type_name_of(vm, ty);
    Err(type_error(format!(
        "exec() expected a str or a function, not {name}"
    )))
}

/// The outcome as the Python layer expects it: `(True, result)` or `(False, excinfo)`.
fn outcome_value(vm: &mut Vm, outcome: Outcome) -> VmResult<Value> {
    let (ok, v) = match outcome {
        Ok(result) => {
            let globals = main_globals(vm)?;
            (true, result.to_value(vm, globals)?)
        }
        Err(info) => (false, info.to_value(vm)?),
    };
    vm.push_temp_root(v);
    let t = vm.new_tuple(vec![Value::Bool(ok), v]);
    vm.pop_temp_root();
    t
}

fn run_job_in(vm: &mut Vm, id: u64, job: &Job) -> VmResult<Value> {
    let outcome = run::run_in(vm, id, job).map_err(|r| refused(vm, r))?;
    outcome_value(vm, outcome)
}

/// `exec(id, code)`: `(True, None)` or `(False, excinfo)`.
fn exec(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [id, code] = args.fixed();
    let id = id_arg(vm, Some(id))?;
    let job = job_of_code(vm, code)?;
    run_job_in(vm, id, &job)
}

/// `call(id, func, args, kwargs)`: `(True, result)` or `(False, excinfo)`.
fn call(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [id, func, pos, kw] = args.fixed();
    let id = id_arg(vm, Some(id))?;
    let job = call_job(vm, func, pos, kw)?;
    run_job_in(vm, id, &job)
}

/// The job `func(*pos, **kw)`, its parts copied out of `vm`.
fn call_job(vm: &mut Vm, func: Value, pos: Value, kw: Value) -> VmResult<Job> {
    let func = Shareable::from_value(vm, func)?;
    let pos: Vec<Value> = match pos.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Tuple(t)) => t.to_vec(),
        _ => return Err(type_error("call() arguments must be a tuple")),
    };
    let mut shared = Vec::with_capacity(pos.len());
    for v in pos {
        shared.push(Shareable::from_value(vm, v)?);
    }
    let kwargs = shareable_pairs(vm, kw)?;
    Ok(Job::Call {
        func,
        args: shared,
        kwargs,
    })
}

/// A dict of str keys to shareable values, copied.
fn shareable_pairs(vm: &mut Vm, d: Value) -> VmResult<Vec<(Arc<str>, Shareable)>> {
    let pairs: Vec<(Value, Value)> = match d.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Dict(d)) => d.iter().map(|(k, v)| (k, *v)).collect(),
        _ if d.is_none() => Vec::new(),
        _ => return Err(type_error("expected a dict")),
    };
    let mut out = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        let Some(name) = vm.str_text(k).map(Arc::<str>::from) else {
            return Err(type_error("names must be strings"));
        };
        out.push((name, Shareable::from_value(vm, v)?));
    }
    Ok(out)
}

/// `set_main_attrs(id, names)`: bind shareable values in the interpreter's `__main__`.
fn set_main_attrs(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [id, names] = args.fixed();
    let id = id_arg(vm, Some(id))?;
    let pairs = shareable_pairs(vm, names)?;
    let outcome = run::run_in(vm, id, &Job::SetMain(pairs)).map_err(|r| refused(vm, r))?;
    match outcome {
        Ok(_) => Ok(Value::None),
        Err(info) => Err(raise(vm, ErrorClass::Interpreter, &info.formatted())),
    }
}

/// The stack of a thread an interpreter runs on: Python-to-Python calls do not grow it, natives
/// calling back into Python do (and stop with RecursionError before it runs out).
const THREAD_STACK: usize = 64 * 1024 * 1024;

/// How often a `join` looks up from its wait (to notice an interrupt).
const JOIN_SLICE: std::time::Duration = std::time::Duration::from_millis(2);

/// A thread running code in another interpreter, as its handle closure sees it.
struct ThreadRun {
    handle: Option<std::thread::JoinHandle<Option<ExcInfo>>>,
    /// The thread's result once joined (a second `join` gives it again).
    result: Option<Option<ExcInfo>>,
}

/// `exec_in_thread(id, code)`: run `code` in interpreter `id` on a new OS thread; returns a
/// handle `h` with `h("join")` → `None` or an excinfo tuple, and `h("is_alive")`.
fn exec_in_thread(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [id, code] = args.fixed();
    let id = id_arg(vm, Some(id))?;
    let job = job_of_code(vm, code)?;
    start_thread(vm, id, job)
}

/// `call_in_thread(id, func, args, kwargs)`: `func(*args, **kwargs)` in interpreter `id` on a
/// new OS thread (the result is dropped, as CPython's); the same handle as `exec_in_thread`.
fn call_in_thread(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [id, func, pos, kw] = args.fixed();
    let id = id_arg(vm, Some(id))?;
    let job = call_job(vm, func, pos, kw)?;
    start_thread(vm, id, job)
}

/// Run `job` in interpreter `id` on a new thread: the handle closure (`join`, `is_alive`).
fn start_thread(vm: &mut Vm, id: u64, job: Job) -> VmResult<Value> {
    let me = membership(vm);
    if id == 0 || id == me.id {
        return Err(refused(vm, family::already_running()));
    }
    let depth = run::nested_depth(vm).map_err(|r| refused(vm, r))?;
    let slot = me.family.slot(id).map_err(|r| refused(vm, r))?;
    let mut child = run::checkout(&slot).map_err(|r| refused(vm, r))?;
    vm.flush_stdout();
    // A thread started from a nested interpreter still counts towards the chain: each level
    // holds a whole VM (and here a thread) until it ends.
    child.set_extension(run::Nesting(depth));
    let thread_slot = slot.clone();
    let spawned = std::thread::Builder::new()
        .name(format!("interpreter-{id}"))
        .stack_size(THREAD_STACK)
        .spawn(move || {
            let outcome = run::run_job(&mut child, &job);
            child.set_extension(run::Nesting(0));
            run::checkin(&thread_slot, child);
            outcome.err()
        });
    let handle = match spawned {
        Ok(h) => h,
        Err(e) => {
            return Err(raise(
                vm,
                ErrorClass::Interpreter,
                &format!("cannot start a thread: {e}"),
            ))
        }
    };
    let run = Arc::new(Mutex::new(ThreadRun {
        handle: Some(handle),
        result: None,
    }));
    let f: hotpy_vm::NativeClosure = Arc::new(move |vm: &mut Vm, args: Args<'_>| {
        let op = args.get(0).and_then(|v| vm.str_text(v).map(str::to_string));
        let mut run = run.lock().unwrap_or_else(|e| e.into_inner());
        match op.as_deref() {
            Some("is_alive") => Ok(Value::Bool(
                run.handle.as_ref().is_some_and(|h| !h.is_finished()),
            )),
            Some("join") => {
                vm.flush_stdout();
                // Wait in slices so that an interrupt of this VM ends the wait (the thread
                // keeps running; a later join still gets its result).
                while run.handle.as_ref().is_some_and(|h| !h.is_finished()) {
                    if vm.take_interrupt() {
                        return Err(hotpy_vm::VmError::Limit(
                            hotpy_vm::error::Limit::Interrupted,
                        ));
                    }
                    std::thread::sleep(JOIN_SLICE);
                }
                if let Some(h) = run.handle.take() {
                    let result = h.join().unwrap_or_else(|_| {
                        Some(ExcInfo {
                            type_name: "SystemError".into(),
                            qualname: "SystemError".into(),
                            module: "builtins".into(),
                            msg: "the interpreter's thread panicked".into(),
                            errdisplay: "SystemError: the interpreter's thread panicked\n".into(),
                        })
                    });
                    run.result = Some(result);
                }
                match run.result.clone().flatten() {
                    None => Ok(Value::None),
                    Some(info) => info.to_value(vm),
                }
            }
            _ => Err(hotpy_vm::error::value_error("unknown thread operation")),
        }
    });
    vm.new_native("_thread_handle", NativeImpl::Closure(f))
}
