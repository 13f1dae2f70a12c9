//! Calls: the `CALL` protocol, binding arguments to parameters, native calls.

use super::{call_imp, is_null, Callee, Frame, NULL};
use crate::error::{type_error, VmError, VmResult};
use crate::native::Args;
use crate::object::{NativeImpl, Object};
use crate::types::type_name;
use crate::value::{ObjRef, Value};
use crate::{PyDict, Vm};
use hotpy_compiler::bytecode::CodeFlags;

/// Call the callable of a call protocol window: `stack[p]` is NULL or a method, `stack[p + 1]`
/// the callable or `self`, followed by `argc` arguments (the last `kwnames.len()` of them
/// keyword arguments). On `Callee::Value` the caller truncates the stack to `p`; on
/// `Callee::Frame` a frame returning to `p` was pushed.
pub(crate) fn call_at(
    vm: &mut Vm,
    p: usize,
    argc: usize,
    kwnames: &[Value],
    entry: bool,
) -> VmResult<Callee> {
    let first = vm.rt.stack[p];
    let (callable, args_start, nargs) = if is_null(first) {
        (vm.rt.stack[p + 1], p + 2, argc)
    } else {
        (first, p + 1, argc + 1)
    };
    let Value::Obj(r) = callable else {
        return Err(not_callable(vm, callable));
    };
    match vm.heap.get(r) {
        Object::Function(f) => {
            let l = &f.loaded;
            if l.fast_call && kwnames.is_empty() && nargs == l.code.arg_count() as usize {
                // The arguments are the first locals already: no binding, no copying.
                let loaded = super::LoadedRef::new(l);
                let globals = match f.globals {
                    Value::Obj(g) => g,
                    _ => return Err(crate::error::internal("function without globals")),
                };
                let nlp = loaded.nlocalsplus();
                let stack = &mut vm.rt.stack;
                stack.truncate(args_start + nargs);
                stack.resize(args_start + nlp, NULL);
                vm.push_frame(Frame {
                    stack_base: args_start + nlp,
                    loaded,
                    func: callable,
                    globals,
                    locals: None,
                    base: args_start,
                    ret_to: p,
                    ip: 0,
                    lasti: 0,
                    entry,
                    gen: None,
                })?;
                return Ok(Callee::Frame);
            }
            push_function_frame(vm, r, callable, args_start, nargs, kwnames, p, entry)
        }
        Object::NativeFunction(nf) => {
            let imp = nf.imp.clone();
            let receiver = nf.receiver;
            if receiver.is_none() && nargs > 0 {
                unwrap_payload_receiver(vm, r, args_start);
            }
            call_native_window(vm, &imp, receiver, args_start, nargs, kwnames).map(Callee::Value)
        }
        Object::BoundMethod(m) => {
            let (recv, func) = (m.receiver, m.function);
            if is_null(first) {
                vm.rt.stack[p] = func;
                vm.rt.stack[p + 1] = recv;
            } else {
                // [bound, x, args…]: make room for the receiver.
                vm.rt.stack[p] = func;
                vm.rt.stack.insert(p + 1, recv);
            }
            call_at(vm, p, nargs, kwnames, entry)
        }
        Object::GenericAlias(_) => {
            let values: Vec<Value> = vm.rt.stack[args_start..args_start + nargs].to_vec();
            crate::class::alias::call(vm, r, &values, kwnames).map(Callee::Value)
        }
        Object::Class(_) => {
            if nargs <= 6 {
                let mut buf = [Value::None; 6];
                buf[..nargs].copy_from_slice(&vm.rt.stack[args_start..args_start + nargs]);
                crate::class::instantiate::call_class(vm, r, Args::new(&buf[..nargs], kwnames))
                    .map(Callee::Value)
            } else {
                let values: Vec<Value> = vm.rt.stack[args_start..args_start + nargs].to_vec();
                crate::class::instantiate::call_class(vm, r, Args::new(&values, kwnames))
                    .map(Callee::Value)
            }
        }
        Object::Instance(_) | Object::Exception(_) => {
            let Some(f) = crate::class::dunder::special(vm, callable, "__call__")? else {
                return Err(not_callable(vm, callable));
            };
            // [NULL, obj, args…] → [f, obj, args…]: the instance becomes the first argument.
            if is_null(first) {
                vm.rt.stack[p] = f;
                if !matches!(
                    f.as_obj().map(|x| vm.heap.get(x)),
                    Some(Object::Function(_))
                ) {
                    let values: Vec<Value> = vm.rt.stack[p + 1..args_start + nargs].to_vec();
                    return crate::class::dunder::call_special(vm, f, values[0], &values[1..])
                        .map(Callee::Value);
                }
                return call_at(vm, p, nargs, kwnames, entry);
            }
            let values: Vec<Value> = vm.rt.stack[args_start..args_start + nargs].to_vec();
            let mut all = vec![callable];
            all.extend(values);
            let n = all.len();
            vm.call_kw(f, &all[..n], kwnames).map(Callee::Value)
        }
        Object::StaticMethod(f) | Object::ClassMethod(f)
            if matches!(vm.heap.get(r), Object::StaticMethod(_)) =>
        {
            let f = *f;
            let values: Vec<Value> = vm.rt.stack[args_start..args_start + nargs].to_vec();
            vm.call_kw(f, &values, kwnames).map(Callee::Value)
        }
        Object::Type(t) => {
            let t = *t;
            if nargs <= 6 {
                let mut buf = [Value::None; 6];
                buf[..nargs].copy_from_slice(&vm.rt.stack[args_start..args_start + nargs]);
                crate::builtins::construct(vm, t, Args::new(&buf[..nargs], kwnames))
                    .map(Callee::Value)
            } else {
                let values: Vec<Value> = vm.rt.stack[args_start..args_start + nargs].to_vec();
                crate::builtins::construct(vm, t, Args::new(&values, kwnames)).map(Callee::Value)
            }
        }
        _ => Err(not_callable(vm, callable)),
    }
}

/// A builtin type's method called unbound on an instance of a subclass of that type
/// (`float.__repr__(self)`) works on the instance's payload.
#[inline]
fn unwrap_payload_receiver(vm: &mut Vm, f: ObjRef, at: usize) {
    let first = vm.rt.stack[at];
    let payload = match first.as_obj().map(|x| vm.heap.get(x)) {
        Some(Object::Instance(i)) if !i.payload.is_none() => i.payload,
        _ => return,
    };
    match vm.rt.methods.owner_of(f) {
        Some(crate::types::BuiltinType::Object) | None => {}
        Some(_) => vm.rt.stack[at] = payload,
    }
}

#[cold]
fn not_callable(vm: &Vm, v: Value) -> VmError {
    type_error(format!(
        "'{}' object is not callable",
        type_name(&vm.heap, v)
    ))
}

/// Call a native with the arguments in the stack window (copied out: the native gets `&mut Vm`
/// while the originals stay on the stack, rooted).
fn call_native_window(
    vm: &mut Vm,
    imp: &NativeImpl,
    receiver: Option<Value>,
    start: usize,
    n: usize,
    kwnames: &[Value],
) -> VmResult<Value> {
    let extra = usize::from(receiver.is_some());
    if n + extra <= 6 {
        let mut buf = [Value::None; 6];
        if let Some(r) = receiver {
            buf[0] = r;
        }
        buf[extra..extra + n].copy_from_slice(&vm.rt.stack[start..start + n]);
        call_imp(vm, imp, Args::new(&buf[..n + extra], kwnames))
    } else {
        let mut buf = Vec::with_capacity(n + extra);
        if let Some(r) = receiver {
            buf.push(r);
        }
        buf.extend_from_slice(&vm.rt.stack[start..start + n]);
        call_imp(vm, imp, Args::new(&buf, kwnames))
    }
}

/// Push a frame for Python function `fr` whose `nargs` arguments start at `start`.
#[allow(clippy::too_many_arguments)]
fn push_function_frame(
    vm: &mut Vm,
    fr: ObjRef,
    func: Value,
    start: usize,
    nargs: usize,
    kwnames: &[Value],
    ret_to: usize,
    entry: bool,
) -> VmResult<Callee> {
    let Object::Function(f) = vm.heap.get(fr) else {
        unreachable!()
    };
    let loaded = super::LoadedRef::new(&f.loaded);
    let globals = f.globals.as_obj().expect("globals dict");
    bind_args(vm, fr, loaded, start, nargs, kwnames)?;
    let nlp = loaded.nlocalsplus();
    if loaded.is_generator() {
        // The generator owns the bound locals; its code (prologue included) runs on the first
        // resume.
        let saved = vm.rt.stack[start..start + nlp].to_vec();
        vm.rt.stack.truncate(ret_to);
        let g = vm
            .heap
            .alloc(Object::Generator(Box::new(crate::object::Generator {
                func,
                saved,
                ip: 0,
                lasti: 0,
                state: crate::object::GenState::Created,
            })))?;
        return Ok(Callee::Value(Value::Obj(g)));
    }
    vm.push_frame(Frame {
        stack_base: start + nlp,
        loaded,
        func,
        globals,
        locals: None,
        base: start,
        ret_to,
        ip: 0,
        lasti: 0,
        entry,
        gen: None,
    })?;
    Ok(Callee::Frame)
}

#[cold]
fn qualname(vm: &Vm, fr: ObjRef) -> String {
    match vm.heap.get(fr) {
        Object::Function(f) => match f.qualname.as_obj().map(|q| vm.heap.get(q)) {
            Some(Object::Str(s)) => s.as_str().to_string(),
            _ => "?".into(),
        },
        _ => "?".into(),
    }
}

fn join_names(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// Bind the arguments at `stack[start..start + nargs]` to the parameters of function `fr`, in
/// place: on success `stack[start..start + nlocalsplus]` holds the callee's locals. CPython's
/// error messages.
#[allow(clippy::needless_range_loop)]
fn bind_args(
    vm: &mut Vm,
    fr: ObjRef,
    loaded: super::LoadedRef,
    start: usize,
    nargs: usize,
    kwnames: &[Value],
) -> VmResult<()> {
    let (defaults, kwdefaults) = match vm.heap.get(fr) {
        Object::Function(f) => (f.defaults, f.kwdefaults),
        _ => unreachable!(),
    };
    let code = &loaded.code;
    let argcount = code.arg_count() as usize;
    let posonly = code.posonly_arg_count() as usize;
    let kwonly = code.kwonly_arg_count() as usize;
    let flags = code.flags();
    let has_varargs = flags.contains(CodeFlags::VARARGS);
    let has_varkw = flags.contains(CodeFlags::VARKEYWORDS);
    let varnames = code.varnames();
    let npos = nargs - kwnames.len();
    let mut kwbuf = [Value::None; 8];
    let kwvec: Vec<Value>;
    let kwvals: &[Value] = if kwnames.len() <= 8 {
        kwbuf[..kwnames.len()].copy_from_slice(&vm.rt.stack[start + npos..start + nargs]);
        &kwbuf[..kwnames.len()]
    } else {
        kwvec = vm.rt.stack[start + npos..start + nargs].to_vec();
        &kwvec
    };
    let extra: Option<Vec<Value>> = if npos > argcount {
        if !has_varargs {
            let ndefaults = tuple_len(vm, defaults);
            let takes = if ndefaults > 0 {
                format!("from {} to {argcount}", argcount - ndefaults)
            } else {
                argcount.to_string()
            };
            return Err(type_error(format!(
                "{}() takes {takes} positional argument{} but {npos} {} given",
                qualname(vm, fr),
                if argcount == 1 && ndefaults == 0 {
                    ""
                } else {
                    "s"
                },
                if npos == 1 { "was" } else { "were" }
            )));
        }
        Some(vm.rt.stack[start + argcount..start + npos].to_vec())
    } else {
        None
    };
    let stack = &mut vm.rt.stack;
    stack.truncate(start + npos.min(argcount));
    stack.resize(start + loaded.nlocalsplus(), NULL);
    let mut slot = argcount + kwonly;
    if has_varargs {
        let t = vm.new_tuple(extra.unwrap_or_default())?;
        vm.rt.stack[start + slot] = t;
        slot += 1;
    }
    let kwdict = if has_varkw {
        let d = vm.heap.alloc(Object::Dict(PyDict::new()))?;
        vm.rt.stack[start + slot] = Value::Obj(d);
        Some(d)
    } else {
        None
    };
    // keywords
    let mut posonly_as_kw: Vec<String> = Vec::new();
    for (&kn, &kv) in kwnames.iter().zip(kwvals) {
        let found = match super::ops::as_str(&vm.heap, kn) {
            Some(key) => varnames[..argcount + kwonly]
                .iter()
                .position(|v| **v == *key.as_str()),
            None => None,
        };
        match found {
            Some(i) if i >= posonly => {
                if !is_null(vm.rt.stack[start + i]) {
                    let key = super::ops::as_str(&vm.heap, kn)
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default();
                    return Err(type_error(format!(
                        "{}() got multiple values for argument '{key}'",
                        qualname(vm, fr)
                    )));
                }
                vm.rt.stack[start + i] = kv;
            }
            other => {
                if let Some(d) = kwdict {
                    super::ops::dict_set(vm, d, kn, kv)?;
                    continue;
                }
                let key = super::ops::as_str(&vm.heap, kn)
                    .map(|s| s.as_str().to_string())
                    .unwrap_or_default();
                if other.is_some() {
                    posonly_as_kw.push(key);
                } else {
                    return Err(type_error(format!(
                        "{}() got an unexpected keyword argument '{key}'",
                        qualname(vm, fr)
                    )));
                }
            }
        }
    }
    if !posonly_as_kw.is_empty() {
        return Err(type_error(format!(
            "{}() got some positional-only arguments passed as keyword arguments: '{}'",
            qualname(vm, fr),
            posonly_as_kw.join(", ")
        )));
    }
    // defaults
    let mut missing = Vec::new();
    {
        let heap = &vm.heap;
        let defs: &[Value] = match defaults.as_obj().map(|d| heap.get(d)) {
            Some(Object::Tuple(t)) => t,
            _ => &[],
        };
        let first_default = argcount - defs.len().min(argcount);
        let stack = &mut vm.rt.stack;
        for i in 0..argcount {
            if is_null(stack[start + i]) {
                if i >= first_default {
                    stack[start + i] = defs[i - first_default];
                } else {
                    missing.push(varnames[i].to_string());
                }
            }
        }
    }
    if !missing.is_empty() {
        return Err(type_error(format!(
            "{}() missing {} required positional argument{}: {}",
            qualname(vm, fr),
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            join_names(&missing)
        )));
    }
    for i in argcount..argcount + kwonly {
        if is_null(vm.rt.stack[start + i]) {
            let heap = &vm.heap;
            let dv = match kwdefaults.as_obj().map(|d| heap.get(d)) {
                Some(Object::Dict(d)) => d
                    .iter()
                    .find(|(k, _)| {
                        super::ops::as_str(heap, *k).is_some_and(|s| s.as_str() == &*varnames[i])
                    })
                    .map(|(_, v)| *v),
                _ => None,
            };
            match dv {
                Some(v) => vm.rt.stack[start + i] = v,
                None => missing.push(varnames[i].to_string()),
            }
        }
    }
    if !missing.is_empty() {
        return Err(type_error(format!(
            "{}() missing {} required keyword-only argument{}: {}",
            qualname(vm, fr),
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            join_names(&missing)
        )));
    }
    Ok(())
}

fn tuple_len(vm: &Vm, v: Value) -> usize {
    match v.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Tuple(t)) => t.len(),
        _ => 0,
    }
}
