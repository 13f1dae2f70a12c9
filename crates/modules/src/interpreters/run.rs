//! Running code in another interpreter: borrowing its VM, turning its uncaught exception into
//! a plain description ([`ExcInfo`]) the caller can rebuild, and running it on a new thread.

use super::family::{already_running, membership, InterpSlot, Refusal, SlotState};
use super::main_globals;
use crate::shareable::Shareable;
use hotpy_vm::error::VmError;
use hotpy_vm::{Value, Vm, VmResult};
use std::sync::Arc;

/// An exception that escaped the other interpreter, described in plain data (the exception
/// object itself belongs to the other VM's heap).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExcInfo {
    /// The exception class's `__name__`.
    pub type_name: String,
    /// Its `__qualname__`.
    pub qualname: String,
    /// Its `__module__`.
    pub module: String,
    /// `str(exc)`.
    pub msg: String,
    /// The traceback as CPython prints it.
    pub errdisplay: String,
}

impl ExcInfo {
    /// `Name: message` (or just `Name`), as `traceback.format_exception_only` ends.
    pub fn formatted(&self) -> String {
        if self.msg.is_empty() {
            self.type_name.clone()
        } else {
            format!("{}: {}", self.type_name, self.msg)
        }
    }

    /// Describe `err`, raised in `vm`. A resource limit (instruction budget, interrupt, heap
    /// limit), which Python code cannot catch, is described as `ResourceLimitError`.
    pub fn from_error(vm: &mut Vm, mut err: VmError) -> ExcInfo {
        if let VmError::Limit(_) | VmError::Internal(_) = err {
            let msg = err.to_string();
            return ExcInfo {
                type_name: "ResourceLimitError".into(),
                qualname: "ResourceLimitError".into(),
                module: "builtins".into(),
                errdisplay: format!("ResourceLimitError: {msg}\n"),
                msg,
            };
        }
        let errdisplay = vm.format_exception(&err);
        let obj = vm.materialize_exception(&mut err).ok().flatten();
        let text = |vm: &mut Vm, v: Value, attr: &str| -> String {
            vm.get_attr_str(v, attr)
                .ok()
                .and_then(|s| vm.str_text(s).map(str::to_string))
                .unwrap_or_default()
        };
        let (type_name, qualname, module) = match obj {
            Some(r) => {
                let ty = vm.type_of(Value::Obj(r));
                (
                    text(vm, ty, "__name__"),
                    text(vm, ty, "__qualname__"),
                    text(vm, ty, "__module__"),
                )
            }
            None => {
                let name = err.kind().map(|k| k.name()).unwrap_or("Exception");
                (name.to_string(), name.to_string(), "builtins".to_string())
            }
        };
        let msg = match obj {
            Some(r) => vm.to_str(Value::Obj(r)).unwrap_or_default(),
            None => err.message().unwrap_or_default().to_string(),
        };
        ExcInfo {
            type_name,
            qualname,
            module,
            msg: clipped(msg, MAX_MSG),
            errdisplay: clipped(errdisplay, MAX_DISPLAY),
        }
    }

    /// As a tuple for the Python layer: `(type name, qualname, module, msg, formatted,
    /// errdisplay)`.
    pub(crate) fn to_value(&self, vm: &mut Vm) -> VmResult<Value> {
        let parts = [
            &self.type_name,
            &self.qualname,
            &self.module,
            &self.msg,
            &self.formatted(),
            &self.errdisplay,
        ];
        let items = vm.new_strs(parts.map(String::as_str))?;
        vm.new_tuple(items)
    }
}

/// The longest message and traceback text an [`ExcInfo`] carries. An `ExecutionFailed` from a
/// nested interpreter holds its child's message and traceback in its own, so without a cap the
/// text would double at each level of nesting.
const MAX_MSG: usize = 2_000;
const MAX_DISPLAY: usize = 8_000;

/// `text` cut to at most `max` bytes (on a character boundary), saying so.
fn clipped(mut text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push_str("\n[… cut: the rest of the text is longer than hotpy carries across]");
    text
}

/// What a run in another interpreter gives back: a shareable result, or the exception that
/// escaped it.
pub(crate) type Outcome = Result<Shareable, ExcInfo>;

/// Take interpreter `slot`'s VM to run something on it (marking it running); refused if it
/// is running already or closed.
pub(crate) fn checkout(slot: &InterpSlot) -> Result<Box<Vm>, Refusal> {
    let mut state = slot.state.lock().unwrap_or_else(|e| e.into_inner());
    match std::mem::replace(&mut *state, SlotState::Running) {
        SlotState::Idle(vm) => Ok(vm),
        other => {
            let refusal = match other {
                SlotState::Closed => super::family::not_found(slot.id),
                _ => already_running(),
            };
            *state = other;
            Err(refusal)
        }
    }
}

/// Give the VM back to its slot after a run.
pub(crate) fn checkin(slot: &InterpSlot, vm: Box<Vm>) {
    *slot.state.lock().unwrap_or_else(|e| e.into_inner()) = SlotState::Idle(vm);
}

/// What to run in the other interpreter.
#[derive(Clone, Debug)]
pub(crate) enum Job {
    /// Source text, executed in its `__main__`.
    Source(Arc<str>),
    /// `func(*args, **kwargs)` with shareable arguments; its result is copied back.
    Call {
        func: Shareable,
        args: Vec<Shareable>,
        kwargs: Vec<(Arc<str>, Shareable)>,
    },
    /// Bind names in its `__main__`.
    SetMain(Vec<(Arc<str>, Shareable)>),
}

/// Run `job` in `vm` (the other interpreter's VM), flushing its output at the end.
pub(crate) fn run_job(vm: &mut Vm, job: &Job) -> Outcome {
    let result = run_job_inner(vm, job);
    vm.flush_stdout();
    result.map_err(|e| ExcInfo::from_error(vm, e))
}

fn run_job_inner(vm: &mut Vm, job: &Job) -> VmResult<Shareable> {
    let globals = main_globals(vm)?;
    match job {
        Job::Source(src) => {
            let builtins = vm.builtins();
            let exec = vm
                .dict_get_str(builtins, "exec")?
                .ok_or_else(|| hotpy_vm::error::internal("no exec builtin"))?;
            let src = vm.new_str(&**src)?;
            vm.push_temp_root(src);
            let r = vm.call(exec, &[src, Value::Obj(globals)]);
            vm.pop_temp_root();
            r?;
            Ok(Shareable::None)
        }
        Job::Call { func, args, kwargs } => {
            let f = func.to_value(vm, globals)?;
            vm.push_temp_root(f);
            let r = call_shared(vm, f, args, kwargs, globals);
            vm.pop_temp_root();
            r
        }
        Job::SetMain(pairs) => {
            for (k, v) in pairs {
                let v = v.to_value(vm, globals)?;
                vm.dict_set_str(globals, k, v)?;
            }
            Ok(Shareable::None)
        }
    }
}

/// `f(*args, **kwargs)` in `vm` with the arguments rebuilt there (functions among them get
/// `globals`), the result copied out: how another VM's call runs.
pub fn call_shared(
    vm: &mut Vm,
    f: Value,
    args: &[Shareable],
    kwargs: &[(Arc<str>, Shareable)],
    globals: hotpy_vm::ObjRef,
) -> VmResult<Shareable> {
    let mut values = Vec::with_capacity(args.len() + kwargs.len());
    let mut kwnames = Vec::with_capacity(kwargs.len());
    let mut rooted = 0;
    let result = (|| {
        for a in args {
            let v = a.to_value(vm, globals)?;
            vm.push_temp_root(v);
            rooted += 1;
            values.push(v);
        }
        for (k, v) in kwargs {
            let name = vm.new_str(&**k)?;
            vm.push_temp_root(name);
            rooted += 1;
            kwnames.push(name);
            let v = v.to_value(vm, globals)?;
            vm.push_temp_root(v);
            rooted += 1;
            values.push(v);
        }
        let r = vm.call_kw(f, &values, &kwnames)?;
        vm.push_temp_root(r);
        rooted += 1;
        Shareable::from_value(vm, r)
    })();
    for _ in 0..rooted {
        vm.pop_temp_root();
    }
    result
}

/// Run `job` in interpreter `id` of `vm`'s family, on this thread.
pub(crate) fn run_in(vm: &mut Vm, id: u64, job: &Job) -> Result<Outcome, Refusal> {
    let me = membership(vm);
    if id == me.id || id == 0 {
        // The caller is running, and so is the main interpreter while any of its children
        // runs code on its behalf.
        return Err(already_running());
    }
    let depth = nested_depth(vm)?;
    let slot = me.family.slot(id)?;
    let mut child = checkout(&slot)?;
    // Keep the two VMs' output in order.
    vm.flush_stdout();
    child.set_extension(Nesting(depth));
    let outcome = run_job(&mut child, job);
    child.set_extension(Nesting(0));
    checkin(&slot, child);
    Ok(outcome)
}

/// How deep a VM runs in a chain of interpreters running each other (a [`Vm`] extension; 0 or
/// absent at the top).
pub(crate) struct Nesting(pub(crate) usize);

/// The most interpreters one chain of `exec`/`call` may nest. Each level is a whole VM on the
/// same Rust stack, so without a bound a script that runs itself in a new interpreter would
/// exhaust memory long before the stack check of a single VM notices.
pub const MAX_NESTING: usize = 64;

/// The depth a VM called from `vm` runs at, or the `RecursionError` past [`MAX_NESTING`].
pub(crate) fn nested_depth(vm: &Vm) -> Result<usize, Refusal> {
    let depth = vm.extension::<Nesting>().map_or(0, |n| n.0) + 1;
    if depth > MAX_NESTING {
        return Err((
            super::errors::ErrorClass::Recursion,
            format!("maximum interpreter nesting depth ({MAX_NESTING}) exceeded"),
        ));
    }
    Ok(depth)
}
