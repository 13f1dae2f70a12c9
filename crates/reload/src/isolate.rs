//! The `isolate` policy: each module lives in a child VM of its own.
//!
//! Under `isolate`, importing a module from a file (not a package) runs its code in a new child
//! VM (made by the VM's [`Spawner`](hotpy_modules::Spawner), so it is set up like its parent,
//! with the parent's `sys.path`). The importer's module object becomes a proxy:
//! - each function of the module is a native function that copies its arguments into the child
//!   ([`Shareable`] values), calls the function there and copies the result back — an exception
//!   in the child is raised again in the caller, a builtin exception as itself, any other as
//!   `RuntimeError("Name: message")`;
//! - each shareable constant (`None`, numbers, str, bytes, tuples of these) is a copy;
//! - anything else (lists, dicts, classes, instances) stays in the child: reading it raises an
//!   `AttributeError` that says so, through the module's `__getattr__`.
//!
//! Proxies find the module's *current* child through a shared cell, so a function imported with
//! `from m import f` calls the new code after a reload. Reloading builds a complete new child
//! from the new source first; only when that succeeded does the module switch to it (the old
//! child is kept for rollback while the generation is kept). A new child that fails to build
//! leaves the old one serving, untouched.

use crate::policy::{dict_entries, ReloadPolicy, Transaction};
use hotpy_compiler::bytecode::Code;
use hotpy_modules::interpreters::run::ExcInfo;
use hotpy_modules::shareable::Shareable;
use hotpy_vm::error::{ExcKind, VmError, VmResult};
use hotpy_vm::object::{NativeImpl, Object};
use hotpy_vm::value::{ObjRef, Value};
use hotpy_vm::{Args, Vm};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Each module lives in its own child VM, rebuilt on reload (see the [module docs](self)).
#[derive(Debug, Default)]
pub struct Isolate;

/// One child VM running one module.
struct Child {
    vm: Mutex<Box<Vm>>,
    /// The module's namespace in the child.
    globals: ObjRef,
}

/// The child serving a module now, shared by the module's proxies.
#[derive(Default)]
struct Cell {
    current: Mutex<Option<Arc<Child>>>,
}

impl Cell {
    fn get(&self) -> Option<Arc<Child>> {
        self.current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn replace(&self, child: Option<Arc<Child>>) -> Option<Arc<Child>> {
        std::mem::replace(
            &mut *self.current.lock().unwrap_or_else(|e| e.into_inner()),
            child,
        )
    }
}

/// The cells of a VM's isolated modules, by name (a [`Vm`] extension).
#[derive(Default)]
struct Isolated(HashMap<String, Arc<Cell>>);

fn cell_of(vm: &mut Vm, name: &str) -> Arc<Cell> {
    if vm.extension::<Isolated>().is_none() {
        vm.set_extension(Isolated::default());
    }
    let cells = vm.extension_mut::<Isolated>().expect("just set");
    cells.0.entry(name.to_string()).or_default().clone()
}

/// What [`Isolate::apply`] leaves for [`Isolate::undo`]: the child that served before.
struct PreviousChild(Option<Arc<Child>>);

impl ReloadPolicy for Isolate {
    fn name(&self) -> &str {
        "isolate"
    }

    fn apply(&self, vm: &mut Vm, tx: &mut Transaction) -> VmResult<()> {
        // The other policies run the module body here, whose safe points collect what the last
        // reload left (the engine asks for a collection after each commit); this one runs no
        // code in this VM, so it offers the safe point itself — else a host reloading in a
        // loop of its own would pile up every generation's proxies.
        vm.safepoint(&hotpy_vm::NoRoots);
        let file = hotpy_vm::ops::dict_get_str(&vm.heap, tx.old_dict, "__file__")?
            .and_then(|f| vm.str_text(f).map(str::to_string));
        let child = build_child(vm, &tx.name, file.as_deref(), tx.code.clone())?;
        // The new child is complete: only now does the module change.
        crate::policy::keep_only_import_entries(vm, &tx.name, tx.old_dict)?;
        let cell = cell_of(vm, &tx.name);
        fill_proxy(vm, &tx.name, &cell, &child, tx.old_dict)?;
        let previous = cell.replace(Some(child));
        tx.policy_state = Some(Box::new(PreviousChild(previous)));
        Ok(())
    }

    fn undo(&self, vm: &mut Vm, tx: &mut Transaction) -> VmResult<()> {
        if let Some(state) = tx.policy_state.take() {
            if let Ok(previous) = state.downcast::<PreviousChild>() {
                cell_of(vm, &tx.name).replace(previous.0);
            }
        }
        tx.log.rollback(vm)?;
        tx.restore_entries(vm)
    }
}

/// At first import: run the module in a child VM when `vm`'s policy is `isolate`. `None` when
/// the module should load as usual (another policy, a package).
pub(crate) fn load_isolated(
    vm: &mut Vm,
    name: &str,
    file: Option<&str>,
    code: Arc<Code>,
    namespace: ObjRef,
) -> Option<VmResult<()>> {
    if crate::engine::policy(vm).name() != "isolate" {
        return None;
    }
    Some((|| {
        let child = build_child(vm, name, file, code)?;
        let cell = cell_of(vm, name);
        fill_proxy(vm, name, &cell, &child, namespace)?;
        cell.replace(Some(child));
        Ok(())
    })())
}

/// A new child VM in which module `name` ran `code`.
fn build_child(
    vm: &mut Vm,
    name: &str,
    file: Option<&str>,
    code: Arc<Code>,
) -> VmResult<Arc<Child>> {
    let path = sys_path(vm)?;
    let mut child = Box::new(hotpy_modules::spawn_from(vm)?);
    // The module's own imports run normally inside its VM.
    crate::engine::set_policy(&mut child, Arc::new(crate::policy::Reexec));
    let built = (|| {
        set_sys_path(&mut child, &path)?;
        let m = child.new_module(name)?;
        let sm = child.sys_modules()?;
        child.dict_set_str(sm, name, Value::Obj(m))?;
        let globals = child
            .module_dict(Value::Obj(m))
            .ok_or_else(|| hotpy_vm::error::internal("module without a dict"))?;
        if let Some(f) = file {
            let f = child.new_str(f)?;
            child.dict_set_str(globals, "__file__", f)?;
        }
        let package = name.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
        let package = child.new_str(package)?;
        child.dict_set_str(globals, "__package__", package)?;
        child.run_code(code, globals)?;
        child.flush_stdout();
        Ok(globals)
    })();
    match built {
        Ok(globals) => Ok(Arc::new(Child {
            vm: Mutex::new(child),
            globals,
        })),
        Err(e) => {
            child.flush_stdout();
            let info = ExcInfo::from_error(&mut child, e);
            Err(reraise(&info))
        }
    }
}

/// The caller's version of an exception that escaped a child: a builtin exception as itself,
/// any other as `RuntimeError("Name: message")`.
fn reraise(info: &ExcInfo) -> VmError {
    let builtin = ExcKind::ALL
        .iter()
        .copied()
        .find(|k| k.name() == info.type_name && info.module == "builtins");
    match builtin {
        Some(kind) => VmError::new(kind, info.msg.clone()),
        None => VmError::new(ExcKind::RuntimeError, info.formatted()),
    }
}

fn sys_path(vm: &mut Vm) -> VmResult<Vec<String>> {
    let sys = vm.import_module("sys")?;
    let path = vm.get_attr_str(sys, "path")?;
    let items: Vec<Value> = match path.as_obj().map(|r| vm.heap.get(r)) {
        Some(Object::List(l)) => l.clone(),
        _ => Vec::new(),
    };
    Ok(items
        .into_iter()
        .filter_map(|v| vm.str_text(v).map(str::to_string))
        .collect())
}

fn set_sys_path(vm: &mut Vm, path: &[String]) -> VmResult<()> {
    let sys = vm.import_module("sys")?;
    let items = vm.new_strs(path.iter().map(String::as_str))?;
    let list = vm.new_list(items)?;
    vm.set_attr_str(sys, "path", list)
}

/// Fill the importer's `namespace` for module `name` from `child`: proxies for functions,
/// copies of shareable constants, and a `__getattr__` that explains the rest.
fn fill_proxy(
    vm: &mut Vm,
    name: &str,
    cell: &Arc<Cell>,
    child: &Arc<Child>,
    namespace: ObjRef,
) -> VmResult<()> {
    let mut functions = Vec::new();
    let mut constants = Vec::new();
    let mut remote = Vec::new();
    {
        let mut cvm = child.vm.lock().unwrap_or_else(|e| e.into_inner());
        for (k, v) in dict_entries(&cvm, child.globals) {
            let Some(key) = cvm.str_text(k).map(str::to_string) else {
                continue;
            };
            if key.starts_with("__") && key.ends_with("__") && key != "__doc__" && key != "__all__"
            {
                continue;
            }
            let is_function = matches!(
                v.as_obj().map(|r| cvm.heap.get(r)),
                Some(Object::Function(_))
            );
            if is_function {
                functions.push(key);
                continue;
            }
            let shared = if Shareable::may_share(&mut cvm, v) {
                Shareable::from_value(&mut cvm, v).ok()
            } else {
                None
            };
            match shared {
                Some(s) => constants.push((key, s)),
                None => {
                    let ty = cvm.type_of(v);
                    remote.push((key, hotpy_vm::class::type_name_of(&cvm, ty)));
                }
            }
        }
    }
    for f in functions {
        let proxy = proxy_function(vm, cell.clone(), &f)?;
        vm.dict_set_str(namespace, &f, proxy)?;
    }
    for (k, s) in constants {
        let v = s.to_value(vm, namespace)?;
        vm.dict_set_str(namespace, &k, v)?;
    }
    let getattr = remote_getattr(vm, name, remote)?;
    vm.dict_set_str(namespace, "__getattr__", getattr)
}

/// A function of the caller's VM that calls function `name` of the module's current child.
fn proxy_function(vm: &mut Vm, cell: Arc<Cell>, name: &str) -> VmResult<Value> {
    let fname: Arc<str> = Arc::from(name);
    let f: hotpy_vm::NativeClosure = Arc::new(move |vm: &mut Vm, args: Args<'_>| {
        let mut positional = Vec::with_capacity(args.positional().len());
        for v in args.positional() {
            positional.push(Shareable::from_value(vm, *v)?);
        }
        let mut keywords = Vec::new();
        let named: Vec<(Arc<str>, Value)> = args
            .kwargs(&vm.heap)
            .map(|(k, v)| (Arc::from(k), v))
            .collect();
        for (k, v) in named {
            keywords.push((k, Shareable::from_value(vm, v)?));
        }
        let Some(child) = cell.get() else {
            return Err(VmError::new(
                ExcKind::RuntimeError,
                "the isolated module is gone",
            ));
        };
        vm.flush_stdout();
        let outcome = {
            let mut cvm = child.vm.lock().unwrap_or_else(|e| e.into_inner());
            let r = call_in_child(&mut cvm, child.globals, &fname, &positional, &keywords);
            cvm.flush_stdout();
            r.map_err(|e| ExcInfo::from_error(&mut cvm, e))
        };
        match outcome {
            Ok(result) => {
                let globals = vm.builtins();
                result.to_value(vm, globals)
            }
            Err(info) => Err(reraise(&info)),
        }
    });
    vm.new_native(name, NativeImpl::Closure(f))
}

/// `globals[name](*args, **kwargs)` in the child, its result copied out.
fn call_in_child(
    vm: &mut Vm,
    globals: ObjRef,
    name: &str,
    args: &[Shareable],
    kwargs: &[(Arc<str>, Shareable)],
) -> VmResult<Shareable> {
    let f = hotpy_vm::ops::dict_get_str(&vm.heap, globals, name)?.ok_or_else(|| {
        VmError::new(
            ExcKind::AttributeError,
            format!("the isolated module no longer defines '{name}'"),
        )
    })?;
    hotpy_modules::interpreters::run::call_shared(vm, f, args, kwargs, globals)
}

/// The module's `__getattr__`: names that live only in the child raise an `AttributeError`
/// saying why; other names the usual one.
fn remote_getattr(vm: &mut Vm, module: &str, remote: Vec<(String, String)>) -> VmResult<Value> {
    let module = module.to_string();
    let f: hotpy_vm::NativeClosure = Arc::new(move |vm: &mut Vm, args: Args<'_>| {
        let name = args
            .get(0)
            .and_then(|v| vm.str_text(v).map(str::to_string))
            .unwrap_or_default();
        let msg = match remote.iter().find(|(k, _)| *k == name) {
            Some((_, ty)) => format!(
                "module '{module}' is isolated: '{name}' is a {ty} that lives in the module's \
                 own VM (only functions and shareable constants cross)"
            ),
            None => format!("module '{module}' has no attribute '{name}'"),
        };
        Err(VmError::new(ExcKind::AttributeError, msg))
    });
    vm.new_native("__getattr__", NativeImpl::Closure(f))
}
