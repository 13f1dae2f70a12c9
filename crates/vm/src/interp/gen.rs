//! Generators: resuming a suspended frame, `send`, `throw`, `close`.
//!
//! A generator object owns its frame's window (locals, cells, free variables and evaluation
//! stack) while suspended. Resuming copies the window back onto the value stack, pushes an
//! `entry` frame marked with the generator and re-enters the dispatch loop (counted like
//! [`Vm::call`] towards the recursion limit); `YIELD_VALUE` moves the window back into the
//! generator and returns from the loop. `throw` raises at the suspension point through the
//! unwinder, so the frame's exception table applies.

use super::{exceptions, run, unwind, Frame, LoadedRef, Raised};
use crate::error::{internal, type_error, value_error, ExcKind, VmError, VmResult};
use crate::native::Args;
use crate::object::{GenState, Object};
use crate::types::{type_name, MethodDef};
use crate::value::{ObjRef, Value};
use crate::Vm;
use hotpy_compiler::bytecode::Opcode;

/// How a resumed generator stopped.
pub(crate) enum GenResult {
    /// It yielded this value (and is suspended).
    Yielded(Value),
    /// It returned this value (and is finished).
    Returned(Value),
}

/// `YIELD_VALUE` in the innermost frame (a generator's entry frame, its `ip`/`lasti` saved):
/// move the window into the generator and pop the frame.
pub(crate) fn suspend(vm: &mut Vm) {
    let frame = vm.rt.frames.pop().expect("frame");
    if let Some(g) = frame.gen {
        if let Object::Generator(gn) = vm.heap.get_mut(g) {
            // Into the generator's own buffer (kept from the last suspension): no allocation
            // per `yield`.
            gn.saved.clear();
            gn.saved.extend_from_slice(&vm.rt.stack[frame.base..]);
            gn.ip = frame.ip;
            gn.lasti = frame.lasti;
            gn.state = GenState::Suspended;
        }
    }
    vm.rt.stack.truncate(frame.ret_to);
}

fn state_of(vm: &Vm, g: ObjRef) -> VmResult<GenState> {
    match vm.heap.get(g) {
        Object::Generator(gn) => Ok(gn.state),
        _ => Err(internal("not a generator")),
    }
}

fn finish(vm: &mut Vm, g: ObjRef) {
    if let Object::Generator(gn) = vm.heap.get_mut(g) {
        gn.state = GenState::Finished;
        gn.saved = Vec::new();
    }
}

/// Resume generator `g` sending `sent` (or raising `exc` at its suspension point).
pub(crate) fn resume(
    vm: &mut Vm,
    g: ObjRef,
    sent: Value,
    exc: Option<VmError>,
) -> VmResult<GenResult> {
    let state = state_of(vm, g)?;
    match state {
        GenState::Running => return Err(value_error("generator already executing")),
        GenState::Finished => {
            return match exc {
                Some(e) => Err(e),
                None => Ok(GenResult::Returned(Value::None)),
            }
        }
        GenState::Created => {
            if let Some(e) = exc {
                finish(vm, g);
                return Err(e);
            }
            if !sent.is_none() {
                return Err(type_error(
                    "can't send non-None value to a just-started generator",
                ));
            }
        }
        GenState::Suspended => {}
    }
    vm.ensure_runtime();
    vm.enter_native()?;
    let r = resume_inner(vm, g, state, sent, exc);
    vm.rt.native_depth -= 1;
    r
}

fn resume_inner(
    vm: &mut Vm,
    g: ObjRef,
    state: GenState,
    sent: Value,
    exc: Option<VmError>,
) -> VmResult<GenResult> {
    let Object::Generator(gn) = vm.heap.get_mut(g) else {
        return Err(internal("not a generator"));
    };
    let func = gn.func;
    let saved = std::mem::take(&mut gn.saved);
    let (ip, lasti) = (gn.ip, gn.lasti);
    gn.state = GenState::Running;
    let (loaded, globals) = match func.as_obj().map(|f| vm.heap.get(f)) {
        Some(Object::Function(f)) => (
            LoadedRef::new(&f.loaded),
            f.globals.as_obj().expect("globals dict"),
        ),
        _ => return Err(internal("generator without a function")),
    };
    let p = vm.rt.stack.len();
    vm.rt.stack.extend_from_slice(&saved);
    if state == GenState::Suspended && exc.is_none() {
        vm.rt.stack.push(sent);
    }
    let nlp = loaded.nlocalsplus();
    if let Err(e) = vm.push_frame(Frame {
        stack_base: p + nlp,
        loaded,
        func,
        globals,
        locals: None,
        base: p,
        ret_to: p,
        ip,
        lasti,
        entry: true,
        gen: Some(g),
    }) {
        // Not resumed: the generator stays where it was.
        if let Object::Generator(gn) = vm.heap.get_mut(g) {
            gn.saved = saved;
            gn.state = state;
        }
        return Err(e);
    }
    // The buffer goes back, empty, for the next suspension to fill (no allocation per yield).
    let mut saved = saved;
    saved.clear();
    if let Object::Generator(gn) = vm.heap.get_mut(g) {
        gn.saved = saved;
    }
    // An `except` block the generator yields from must not leak its exception to the resumer.
    let handled = vm.rt.handled;
    let r = match exc {
        Some(error) => match unwind(
            vm,
            Raised {
                error,
                offset: lasti,
                reraise: false,
                lasti: None,
            },
        ) {
            Ok(()) => run(vm),
            Err(e) => Err(e),
        },
        None => run(vm),
    };
    vm.rt.handled = handled;
    match r {
        Ok(v) if state_of(vm, g)? == GenState::Suspended => Ok(GenResult::Yielded(v)),
        Ok(v) => {
            finish(vm, g);
            Ok(GenResult::Returned(v))
        }
        Err(e) => {
            finish(vm, g);
            Err(stop_iteration_to_runtime_error(vm, e))
        }
    }
}

/// PEP 479: a StopIteration leaving a generator becomes `RuntimeError: generator raised
/// StopIteration` (caused by it).
fn stop_iteration_to_runtime_error(vm: &mut Vm, e: VmError) -> VmError {
    if e.kind() != Some(ExcKind::StopIteration) {
        return e;
    }
    let VmError::Exception(p) = e else {
        return e;
    };
    let stop = match exceptions::materialize(vm, *p) {
        Ok(r) => r,
        Err(e) => return e,
    };
    vm.push_temp_root(Value::Obj(stop));
    let msg = vm.new_str("generator raised StopIteration");
    let rt = msg.and_then(|m| {
        vm.push_temp_root(m);
        let r = vm.new_exception_object(ExcKind::RuntimeError, &[m]);
        vm.pop_temp_root();
        r
    });
    vm.pop_temp_root();
    let rt = match rt {
        Ok(r) => r,
        Err(e) => return e,
    };
    if let Object::Exception(x) = vm.heap.get_mut(rt) {
        x.cause = Value::Obj(stop);
        x.context = Value::Obj(stop);
        x.suppress_context = true;
    }
    exceptions::error_of_lazy(vm, rt)
}

/// The error `next()`/`send()` raise when a generator returns `v`.
pub(crate) fn stop_iteration(vm: &mut Vm, v: Value) -> VmError {
    if v.is_none() {
        return VmError::new(ExcKind::StopIteration, "");
    }
    match vm.new_exception(ExcKind::StopIteration, &[v]) {
        Ok(e) | Err(e) => e,
    }
}

/// `SEND`: send `val` into the sub-iterator `recv` of a `yield from`.
pub(crate) fn send_to(vm: &mut Vm, recv: Value, val: Value) -> VmResult<GenResult> {
    if let Value::Obj(r) = recv {
        if let Object::Generator(_) = vm.heap.get(r) {
            return resume(vm, r, val, None);
        }
    }
    if val.is_none() {
        return Ok(match super::ops::iter_next(vm, recv)? {
            Some(v) => GenResult::Yielded(v),
            None => GenResult::Returned(Value::None),
        });
    }
    Err(VmError::new(
        ExcKind::AttributeError,
        format!(
            "'{}' object has no attribute 'send'",
            type_name(&vm.heap, recv)
        ),
    ))
}

/// The sub-iterator a suspended generator delegates to (`yield from`), if it is in one.
fn delegate(vm: &Vm, g: ObjRef) -> Option<Value> {
    let Object::Generator(gn) = vm.heap.get(g) else {
        return None;
    };
    if gn.state != GenState::Suspended || gn.lasti == 0 {
        return None;
    }
    let Some(Object::Function(f)) = gn.func.as_obj().map(|f| vm.heap.get(f)) else {
        return None;
    };
    let instrs = f.loaded.code.instructions();
    let prev = instrs.get(gn.lasti as usize - 1)?;
    if prev.opcode() != Opcode::Send {
        return None;
    }
    gn.saved.last().copied()
}

/// `throw(exc)`: raise `err` in `g` at its suspension point (delegating to a `yield from`
/// sub-generator first, as CPython does).
pub(crate) fn throw_into(vm: &mut Vm, g: ObjRef, mut err: VmError) -> VmResult<GenResult> {
    if let Some(sub) = delegate(vm, g) {
        let sub_gen = match sub {
            Value::Obj(s) if matches!(vm.heap.get(s), Object::Generator(_)) => Some(s),
            _ => None,
        };
        if let Some(s) = sub_gen {
            if err.kind() == Some(ExcKind::GeneratorExit) {
                if let Err(e) = close(vm, s) {
                    err = e;
                }
            } else {
                match throw_into(vm, s, err) {
                    Ok(GenResult::Yielded(v)) => return Ok(GenResult::Yielded(v)),
                    Ok(GenResult::Returned(r)) => {
                        // The `yield from` is over: drop the receiver, leave the SEND loop
                        // (skip its JUMP_BACKWARD) and continue with the result.
                        if let Object::Generator(gn) = vm.heap.get_mut(g) {
                            gn.saved.pop();
                            gn.ip += 1;
                        }
                        return resume(vm, g, r, None);
                    }
                    Err(e) => err = e,
                }
            }
        }
    }
    resume(vm, g, Value::None, Some(err))
}

/// `close()`: throw GeneratorExit into a started generator and expect it back.
pub(crate) fn close(vm: &mut Vm, g: ObjRef) -> VmResult<()> {
    match state_of(vm, g)? {
        GenState::Created => {
            finish(vm, g);
            return Ok(());
        }
        GenState::Finished => return Ok(()),
        _ => {}
    }
    match throw_into(vm, g, VmError::new(ExcKind::GeneratorExit, "")) {
        Ok(GenResult::Yielded(_)) => Err(VmError::new(
            ExcKind::RuntimeError,
            "generator ignored GeneratorExit",
        )),
        Ok(GenResult::Returned(_)) => Ok(()),
        Err(e)
            if matches!(
                e.kind(),
                Some(ExcKind::GeneratorExit | ExcKind::StopIteration)
            ) =>
        {
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// The methods of `generator`.
pub static METHODS: &[MethodDef] = &[
    MethodDef::new("send", send),
    MethodDef::new("throw", throw),
    MethodDef::new("close", close_method),
    MethodDef::new("__next__", next),
    MethodDef::new("__iter__", iter),
];

fn this(vm: &Vm, args: &Args<'_>, method: &str) -> VmResult<ObjRef> {
    match args.positional().first() {
        Some(&Value::Obj(r)) if matches!(vm.heap.get(r), Object::Generator(_)) => Ok(r),
        _ => Err(type_error(format!(
            "descriptor '{method}' requires a 'generator' object"
        ))),
    }
}

fn yielded_or_stop(vm: &mut Vm, r: VmResult<GenResult>) -> VmResult<Value> {
    match r? {
        GenResult::Yielded(v) => Ok(v),
        GenResult::Returned(v) => Err(stop_iteration(vm, v)),
    }
}

fn send(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let g = this(vm, &args, "send")?;
    args.expect_count("send", 2, 2)?;
    let v = args.positional()[1];
    let r = resume(vm, g, v, None);
    yielded_or_stop(vm, r)
}

fn next(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let g = this(vm, &args, "__next__")?;
    let r = resume(vm, g, Value::None, None);
    yielded_or_stop(vm, r)
}

fn iter(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let g = this(vm, &args, "__iter__")?;
    Ok(Value::Obj(g))
}

fn throw(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let g = this(vm, &args, "throw")?;
    args.expect_count("throw", 2, 4)?;
    let typ = args.positional()[1];
    let val = args.positional().get(2).copied().unwrap_or(Value::None);
    let is_class = matches!(typ.as_obj().map(|r| vm.heap.get(r)), Some(Object::Type(_)));
    let err = if is_class && !val.is_none() {
        // throw(Type, value): Type(value)
        let made = vm.call(typ, &[val])?;
        exceptions::make_raise(vm, made, None)
    } else {
        exceptions::make_raise(vm, typ, None)
    };
    // The exception object is not on the value stack until the unwinder pushes it.
    let mark = vm.rt.temp_roots.len();
    if let VmError::Exception(p) = &err {
        if let Some(o) = p.object {
            vm.push_temp_root(Value::Obj(o));
        }
    }
    let r = throw_into(vm, g, err);
    vm.rt.temp_roots.truncate(mark);
    yielded_or_stop(vm, r)
}

fn close_method(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let g = this(vm, &args, "close")?;
    args.expect_count("close", 1, 1)?;
    close(vm, g)?;
    Ok(Value::None)
}
