//! `IMPORT_NAME`, `IMPORT_FROM`, `IMPORT_STAR` and the `__import__` builtin.
//!
//! Finding and loading modules is the installed [`ImportHook`](crate::import::ImportHook)'s
//! business (`hotpy-modules`); this file is the bytecode side, following CPython 3.11's
//! `ceval.c` (`import_name`, `import_from`, `import_all_from`).
//!
//! Rooting: the operands of `IMPORT_NAME` stay on the value stack while the hook runs (the loop
//! pops them afterwards), and the module of `IMPORT_FROM` stays on the stack by the opcode's
//! definition, so nothing here needs extra roots across the calls back into Python.

use super::{attrs, ops};
use crate::error::{type_error, value_error, ExcKind, VmError, VmResult};
use crate::import::ImportRequest;
use crate::intern::Name;
use crate::native::Args;
use crate::object::Object;
use crate::value::{ObjRef, Value};
use crate::Vm;

/// `IMPORT_NAME`: `__import__(name, globals, locals, fromlist, level)`.
pub(crate) fn import_name(
    vm: &mut Vm,
    name: Value,
    globals: ObjRef,
    fromlist: Value,
    level: Value,
) -> VmResult<Value> {
    let name = ops::as_str(&vm.heap, name)
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    let level = match level {
        Value::Int(n) if n >= 0 => n as usize,
        _ => 0,
    };
    let req = ImportRequest {
        name,
        globals: Some(globals),
        fromlist,
        level,
    };
    vm.import(&req)
}

/// `IMPORT_FROM`: `module.name`, else `sys.modules["module.name"]` (a submodule imported by a
/// circular import before its parent bound it), else CPython's `ImportError`.
pub(crate) fn import_from(
    vm: &mut Vm,
    module: Value,
    name: Value,
    name_id: Name,
) -> VmResult<Value> {
    match attrs::get_attr(vm, module, name, name_id) {
        Ok(v) => return Ok(v),
        Err(e) if e.kind() == Some(ExcKind::AttributeError) => {}
        Err(e) => return Err(e),
    }
    let attr = ops::as_str(&vm.heap, name)
        .map(|s| s.as_str().to_string())
        .unwrap_or_default();
    let pkg = match vm.get_attr_opt(module, "__name__")? {
        Some(v) => ops::as_str(&vm.heap, v).map(|s| s.as_str().to_string()),
        None => None,
    };
    if let Some(pkg) = &pkg {
        if let Some(m) = vm.lookup_module(&format!("{pkg}.{attr}"))? {
            return Ok(m);
        }
    }
    let path = match vm.get_attr_opt(module, "__file__")? {
        Some(v) => ops::as_str(&vm.heap, v).map(|s| s.as_str().to_string()),
        None => None,
    };
    let pkg_shown = pkg
        .clone()
        .unwrap_or_else(|| "<unknown module name>".into());
    let initializing = match (&pkg, vm.import_hook()) {
        (Some(p), Some(h)) => h.is_initializing(vm, p),
        _ => false,
    };
    let a = hotpy_lexer::pyrepr::str_repr(&attr);
    let m = hotpy_lexer::pyrepr::str_repr(&pkg_shown);
    let msg = match (path.clone(), initializing) {
        (None, true) => format!(
            "cannot import name {a} from partially initialized module {m} (most likely due to a circular import)"
        ),
        (None, false) => format!("cannot import name {a} from {m} (unknown location)"),
        (Some(p), true) => format!(
            "cannot import name {a} from partially initialized module {m} (most likely due to a circular import) ({p})"
        ),
        (Some(p), false) => format!("cannot import name {a} from {m} ({p})"),
    };
    Err(crate::import::import_error(
        vm,
        ExcKind::ImportError,
        &msg,
        pkg.as_deref(),
        path.as_deref(),
    ))
}

/// `IMPORT_STAR`: bind the module's public names (`__all__`, else every name not starting
/// with `_`) in `target` (the frame's locals, which is the module namespace).
pub(crate) fn import_star(vm: &mut Vm, module: Value, target: ObjRef) -> VmResult<()> {
    let names: Vec<Value> = match vm.get_attr_opt(module, "__all__")? {
        Some(all) => {
            vm.push_temp_root(all);
            let r = ops::collect_iterable(vm, all);
            vm.pop_temp_root();
            let names = r?;
            for &n in &names {
                if ops::as_str(&vm.heap, n).is_none() {
                    let modname = match vm.get_attr_opt(module, "__name__")? {
                        Some(v) => vm.to_str(v)?,
                        None => "?".into(),
                    };
                    return Err(type_error(format!(
                        "Item in {modname}.__all__ must be str, not {}",
                        crate::types::type_name(&vm.heap, n)
                    )));
                }
            }
            names
        }
        None => {
            let Some(d) = vm.module_dict(module) else {
                return Err(VmError::new(
                    ExcKind::ImportError,
                    "from-import-* object has no __dict__ and no __all__",
                ));
            };
            let keys: Vec<Value> = match vm.heap.get(d) {
                Object::Dict(d) => d.iter().map(|(k, _)| k).collect(),
                _ => Vec::new(),
            };
            keys.into_iter()
                .filter(|&k| ops::as_str(&vm.heap, k).is_some_and(|s| !s.as_str().starts_with('_')))
                .collect()
        }
    };
    // The names are str objects held by the module (its dict or `__all__`), but `__all__` may
    // be a fresh list: keep them alive while attribute lookups run.
    let list = vm.new_list(names.clone())?;
    vm.push_temp_root(list);
    let r = (|| {
        for n in names {
            let text = ops::as_str(&vm.heap, n)
                .map(|s| s.as_str().to_string())
                .unwrap_or_default();
            let id = vm.interner.intern(&text);
            let v = attrs::get_attr(vm, module, n, id)?;
            ops::dict_set(vm, target, n, v)?;
        }
        Ok(())
    })();
    vm.pop_temp_root();
    r
}

/// `__import__(name, globals=None, locals=None, fromlist=(), level=0)`.
pub(crate) fn builtin_import(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [name, globals, _locals, fromlist, level] = args.bind(
        &vm.heap,
        "__import__",
        ["name", "globals", "locals", "fromlist", "level"],
        0,
        5,
        1,
    )?;
    let name = name.unwrap_or(Value::None);
    let Some(text) = ops::as_str(&vm.heap, name).map(|s| s.as_str().to_string()) else {
        return Err(type_error(format!(
            "__import__() argument 1 must be str, not {}",
            crate::types::type_name(&vm.heap, name)
        )));
    };
    let level = match level.unwrap_or(Value::Int(0)) {
        Value::Int(n) if n >= 0 => n as usize,
        Value::Int(_) => return Err(value_error("level must be >= 0")),
        other => {
            return Err(type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                crate::types::type_name(&vm.heap, other)
            )))
        }
    };
    if text.is_empty() && level == 0 {
        return Err(value_error("Empty module name"));
    }
    let globals = globals.and_then(|g| match g.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::Dict(_)) => g.as_obj(),
        _ => None,
    });
    let req = ImportRequest {
        name: text,
        globals,
        fromlist: fromlist.unwrap_or(Value::None),
        level,
    };
    vm.import(&req)
}
