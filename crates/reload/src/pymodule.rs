//! The `hotreload` module: the reload layer's Python face.

use crate::engine;
use hotpy_modules::NativeModule;
use hotpy_vm::error::{type_error, VmResult};
use hotpy_vm::native::Args;
use hotpy_vm::value::Value;
use hotpy_vm::Vm;

/// The `hotreload` native module.
pub fn module() -> NativeModule {
    NativeModule::new("hotreload")
        .doc(
            "Hot reload: policies, generations, rollback and dependents of modules; poll() for \
             --watch.",
        )
        .raw_function("policy", policy)
        .raw_function("set_policy", set_policy)
        .raw_function("generation", generation)
        .raw_function("history", history)
        .raw_function("rollback", rollback)
        .raw_function("reload", reload)
        .raw_function("dependents", dependents)
        .raw_function("stats", stats)
        .raw_function("poll", poll)
}

/// `hotreload.poll()`: reload the modules whose files changed (under `hotpy --watch`; without a
/// watcher, nothing), returning the names reloaded. For loops that never call `time.sleep`.
fn poll(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("poll", 0, 0)?;
    let mut names = Vec::new();
    for r in crate::watch::poll(vm) {
        if let crate::watch::WatchReport::Reloaded(e) = r {
            names.push(vm.new_str(e.module)?);
        }
    }
    vm.new_list(names)
}

fn str_arg(vm: &Vm, v: Value, what: &str) -> VmResult<String> {
    match vm.str_text(v) {
        Some(s) => Ok(s.to_string()),
        None => Err(type_error(format!(
            "{what} must be str, not {}",
            hotpy_vm::types::type_name(&vm.heap, v)
        ))),
    }
}

/// A module's name from a module object or a name.
fn module_name(vm: &mut Vm, v: Value) -> VmResult<String> {
    if let Some(s) = vm.str_text(v) {
        return Ok(s.to_string());
    }
    let Some(d) = vm.module_dict(v) else {
        return Err(type_error(format!(
            "expected a module or a module name, not {}",
            hotpy_vm::types::type_name(&vm.heap, v)
        )));
    };
    match vm.dict_get_str(d, "__name__")? {
        Some(n) => str_arg(vm, n, "__name__"),
        None => Err(type_error("module without __name__")),
    }
}

/// The name of a module that is imported (or has a reload history): `ImportError` otherwise,
/// rather than inventing a history for a module that never ran.
fn known_module(vm: &mut Vm, v: Value) -> VmResult<String> {
    let name = module_name(vm, v)?;
    if vm.lookup_module(&name)?.is_none() && engine::history_len(vm, &name) == 0 {
        return Err(hotpy_vm::error::VmError::new(
            hotpy_vm::error::ExcKind::ImportError,
            format!("module {name} not in sys.modules"),
        ));
    }
    Ok(name)
}

fn policy(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("policy", 0, 0)?;
    let p = engine::policy(vm);
    let name = p.name().to_string();
    vm.new_str(name)
}

fn set_policy(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("set_policy", 1, 1)?;
    let name = str_arg(vm, args.positional()[0], "policy name")?;
    engine::set_policy_by_name(vm, &name)?;
    Ok(Value::None)
}

fn generation(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("generation", 1, 1)?;
    let name = known_module(vm, args.positional()[0])?;
    Ok(Value::Int(engine::generation(vm, &name) as i64))
}

fn history(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("history", 1, 1)?;
    let name = known_module(vm, args.positional()[0])?;
    let gens = engine::history(vm, &name);
    let list = vm.new_list(Vec::new())?;
    let _root = vm.root(list);
    let lref = list.as_obj().expect("list");
    for g in gens {
        let d = vm.new_dict()?;
        let dref = d.as_obj().expect("dict");
        // The list keeps the dict alive while its entries are made.
        if let hotpy_vm::object::Object::List(items) = vm.heap.get_mut(lref) {
            items.push(d);
        }
        vm.dict_set_str(dref, "generation", Value::Int(g.number as i64))?;
        let status = vm.new_str(g.status.as_str())?;
        vm.dict_set_str(dref, "status", status)?;
        let h = vm.new_str(format!("{:016x}", g.source_hash))?;
        vm.dict_set_str(dref, "source_hash", h)?;
        let path = match &g.path {
            Some(p) => vm.new_str(p.as_str())?,
            None => Value::None,
        };
        vm.dict_set_str(dref, "path", path)?;
        let t = g
            .time
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64());
        vm.dict_set_str(dref, "time", Value::Float(t))?;
        let err = match &g.error {
            Some(e) => vm.new_str(e.as_str())?,
            None => Value::None,
        };
        vm.dict_set_str(dref, "error", err)?;
    }
    Ok(list)
}

fn rollback(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("rollback", 1, 1)?;
    let name = known_module(vm, args.positional()[0])?;
    let n = engine::rollback(vm, &name)?;
    Ok(Value::Int(n as i64))
}

fn reload(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    let [m, cascade] = args.bind(&vm.heap, "reload", ["module", "cascade"], 0, 2, 1)?;
    let name = module_name(vm, m.unwrap_or(Value::None))?;
    let cascade = match cascade {
        Some(c) => vm.truthy(c)?,
        None => false,
    };
    let events = engine::reload(vm, &name, cascade).map_err(|e| e.error)?;
    let mut names = Vec::with_capacity(events.len());
    for e in events {
        names.push(vm.new_str(e.module)?);
    }
    vm.new_list(names)
}

fn dependents(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("dependents", 1, 1)?;
    let name = module_name(vm, args.positional()[0])?;
    let deps = engine::dependents(vm, &name);
    let mut out = Vec::with_capacity(deps.len());
    for d in deps {
        out.push(vm.new_str(d)?);
    }
    vm.new_list(out)
}

fn stats(vm: &mut Vm, args: Args<'_>) -> VmResult<Value> {
    args.expect_count("stats", 0, 0)?;
    let (modules, kept, types, bytes) = engine::stats(vm);
    let d = vm.new_dict()?;
    let dref = d.as_obj().expect("dict");
    vm.dict_set_str(dref, "modules", Value::Int(modules as i64))?;
    vm.dict_set_str(dref, "generations_kept", Value::Int(kept as i64))?;
    vm.dict_set_str(dref, "live_types", Value::Int(types as i64))?;
    vm.dict_set_str(dref, "heap_bytes", Value::Int(bytes as i64))?;
    Ok(d)
}
