//! The import hook: how `IMPORT_NAME`, `IMPORT_FROM` and `__import__` reach the module system.
//!
//! The VM knows nothing of files, `sys.path` or loaders: those live in `hotpy-modules`, a crate
//! above this one. The VM defines [`ImportHook`] and the embedder (or the modules crate) installs
//! one with [`Vm::set_import_hook`]. The hook is stored as an `Arc` so the interpreter can clone
//! it out before calling it with `&mut Vm`: running a module's body may import again, re-entering
//! the same hook.
//!
//! The VM also keeps the module registry's Python face, the `sys.modules` dict
//! ([`Vm::set_sys_modules`]): `IMPORT_FROM` falls back to `sys.modules["pkg.sub"]` as CPython
//! does, and the dict is a GC root, so every imported module stays alive through it.
//!
//! The helpers at the end (`get_attr_str`, `set_attr_str`, …) give crates above the VM the
//! attribute and item protocols without exposing the interpreter's internals.

use crate::error::{ExcKind, VmError, VmResult};
use crate::interp::{attrs, ops};
use crate::object::{Module, NativeFunction, NativeImpl, Object};
use crate::value::{ObjRef, Value};
use crate::{PyDict, Vm};
use std::sync::Arc;

/// One `__import__` call: what `IMPORT_NAME` or the builtin asks the module system for.
#[derive(Clone, Debug)]
pub struct ImportRequest {
    /// The module name as written (`"a.b"`, `""` for `from . import x`).
    pub name: String,
    /// The importing module's globals (for `__package__`/`__name__` and the import edge).
    pub globals: Option<ObjRef>,
    /// The `fromlist`: `None` or an empty tuple for `import a.b` (the top package is returned),
    /// a tuple of names for `from a.b import x, y` (the module `a.b` itself is returned).
    pub fromlist: Value,
    /// 0 for absolute imports, the number of leading dots for relative ones.
    pub level: usize,
}

/// The module system as the VM sees it. Implemented by `hotpy-modules`' importer.
pub trait ImportHook: Send + Sync {
    /// `__import__(name, globals, locals, fromlist, level)` with CPython's result: the top-level
    /// package for `import a.b.c` (empty fromlist), else the named module.
    fn import(&self, vm: &mut Vm, request: &ImportRequest) -> VmResult<Value>;

    /// Whether module `name` is still running its body (a circular import sees it partially
    /// initialised; `IMPORT_FROM` then words its error as CPython does).
    fn is_initializing(&self, _vm: &Vm, _name: &str) -> bool {
        false
    }

    /// The hook as `Any`, so natives of the module system (`importlib.reload`) can reach their
    /// concrete importer through [`Vm::import_hook`]. `None` by default.
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        None
    }
}

/// The VM's import state: the hook and `sys.modules`.
#[derive(Default)]
pub(crate) struct ImportState {
    /// The installed hook.
    pub(crate) hook: Option<Arc<dyn ImportHook>>,
    /// `sys.modules` (also pushed onto the runtime's module roots).
    pub(crate) sys_modules: Option<ObjRef>,
}

impl std::fmt::Debug for ImportState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportState")
            .field("hook", &self.hook.is_some())
            .field("sys_modules", &self.sys_modules)
            .finish()
    }
}

impl Vm {
    /// Install the module system `import` statements call.
    pub fn set_import_hook(&mut self, hook: Arc<dyn ImportHook>) {
        self.imports.hook = Some(hook);
    }

    /// The installed import hook (cloned out so it can be called with `&mut Vm`).
    pub fn import_hook(&self) -> Option<Arc<dyn ImportHook>> {
        self.imports.hook.clone()
    }

    /// Make `dict` the VM's `sys.modules` (a GC root from now on).
    pub fn set_sys_modules(&mut self, dict: ObjRef) {
        self.rt.modules.push(dict);
        self.imports.sys_modules = Some(dict);
    }

    /// `sys.modules`, created empty on first use.
    pub fn sys_modules(&mut self) -> VmResult<ObjRef> {
        if let Some(d) = self.imports.sys_modules {
            return Ok(d);
        }
        let d = self.heap.alloc(Object::Dict(PyDict::new()))?;
        self.set_sys_modules(d);
        Ok(d)
    }

    /// `sys.modules.get(name)`.
    pub fn lookup_module(&mut self, name: &str) -> VmResult<Option<Value>> {
        let d = self.sys_modules()?;
        crate::ops::dict_get_str(&self.heap, d, name)
    }

    /// `__import__(name, globals, None, fromlist, level)` through the installed hook
    /// (`ModuleNotFoundError` when none is installed and `sys.modules` lacks the module).
    pub fn import(&mut self, request: &ImportRequest) -> VmResult<Value> {
        match self.import_hook() {
            Some(hook) => hook.import(self, request),
            None => {
                let top = if fromlist_empty(self, request.fromlist) {
                    request.name.split('.').next().unwrap_or("")
                } else {
                    request.name.as_str()
                };
                match self.lookup_module(top)? {
                    Some(m) if request.level == 0 => Ok(m),
                    _ => Err(module_not_found(&request.name)),
                }
            }
        }
    }

    /// Import the module `name` (absolute, dotted) and return it (the leaf, not the top
    /// package): `importlib.import_module(name)` for embedders.
    pub fn import_module(&mut self, name: &str) -> VmResult<Value> {
        // `None` asks for the top package without allocating (a fresh empty tuple would not be
        // rooted while the module body runs).
        let req = ImportRequest {
            name: name.to_string(),
            globals: None,
            fromlist: Value::None,
            level: 0,
        };
        self.import(&req)?;
        match self.lookup_module(name)? {
            Some(m) => Ok(m),
            None => Err(module_not_found(name)),
        }
    }

    /// A new module object named `name` whose dict holds CPython's initial entries
    /// (`__name__`, `__doc__`, `__package__`, `__loader__`, `__spec__`). Not rooted: store it
    /// (in `sys.modules`) or root it before the next safe point.
    pub fn new_module(&mut self, name: &str) -> VmResult<ObjRef> {
        let d = self.heap.alloc(Object::Dict(PyDict::new()))?;
        let n = self.new_str(name)?;
        let entries = [
            ("__name__", n),
            ("__doc__", Value::None),
            ("__package__", Value::None),
            ("__loader__", Value::None),
            ("__spec__", Value::None),
        ];
        for (k, v) in entries {
            let k = self.new_str(k)?;
            crate::ops::dict_set(&mut self.heap, d, k, v)?;
        }
        self.heap.alloc(Object::Module(Module { name: n, dict: d }))
    }

    /// A module object named `name` around an existing namespace `dict` (the `__main__` module
    /// of a program whose globals were made by [`Vm::new_main_globals`]). No safe point.
    pub fn module_from_dict(&mut self, name: &str, dict: ObjRef) -> VmResult<ObjRef> {
        let n = self.new_str(name)?;
        self.heap.alloc(Object::Module(Module { name: n, dict }))
    }

    /// A native function object named `name` (no safe point).
    pub fn new_native(&mut self, name: &str, imp: NativeImpl) -> VmResult<Value> {
        Ok(Value::Obj(self.heap.alloc(Object::NativeFunction(
            Box::new(NativeFunction {
                name: name.into(),
                imp,
                receiver: None,
            }),
        ))?))
    }

    /// The namespace dict of a module object.
    pub fn module_dict(&self, module: Value) -> Option<ObjRef> {
        match module.as_obj().map(|r| self.heap.get(r)) {
            Some(Object::Module(m)) => Some(m.dict),
            _ => None,
        }
    }

    /// `obj.name`.
    pub fn get_attr_str(&mut self, obj: Value, name: &str) -> VmResult<Value> {
        let key = self.new_str(name)?;
        let id = self.interner.intern(name);
        self.push_temp_root(key);
        let r = attrs::get_attr(self, obj, key, id);
        self.pop_temp_root();
        r
    }

    /// `getattr(obj, name, None)` but `None` when the attribute is missing (other errors
    /// propagate).
    pub fn get_attr_opt(&mut self, obj: Value, name: &str) -> VmResult<Option<Value>> {
        match self.get_attr_str(obj, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.kind() == Some(ExcKind::AttributeError) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// `obj.name = value`.
    pub fn set_attr_str(&mut self, obj: Value, name: &str, value: Value) -> VmResult<()> {
        let key = self.new_str(name)?;
        self.push_temp_root(key);
        let r = attrs::set_attr(self, obj, key, value);
        self.pop_temp_root();
        r
    }

    /// `container[key]`.
    pub fn get_item(&mut self, container: Value, key: Value) -> VmResult<Value> {
        ops::getitem(self, container, key)
    }

    /// `container[key] = value`.
    pub fn set_item(&mut self, container: Value, key: Value, value: Value) -> VmResult<()> {
        ops::setitem(self, container, key, value)
    }

    /// `del container[key]`.
    pub fn del_item(&mut self, container: Value, key: Value) -> VmResult<()> {
        ops::delitem(self, container, key)
    }

    /// `item in container`.
    pub fn contains(&mut self, container: Value, item: Value) -> VmResult<bool> {
        ops::contains(self, container, item)
    }

    /// `d[name] = value` for a dict object and a str key.
    pub fn dict_set_str(&mut self, d: ObjRef, name: &str, value: Value) -> VmResult<()> {
        let k = self.new_str(name)?;
        ops::dict_set(self, d, k, value)
    }

    /// `d.get(name)` for a dict object and a str key.
    pub fn dict_get_str(&self, d: ObjRef, name: &str) -> VmResult<Option<Value>> {
        crate::ops::dict_get_str(&self.heap, d, name)
    }

    /// The text of a str value, `None` for other values.
    pub fn str_text(&self, v: Value) -> Option<&str> {
        ops::as_str(&self.heap, v).map(|s| s.as_str())
    }

    /// `a <op> b` for a binary operator.
    pub fn binary_op(
        &mut self,
        op: hotpy_compiler::bytecode::BinaryOperator,
        a: Value,
        b: Value,
    ) -> VmResult<Value> {
        ops::binary_op(self, op, a, b)
    }

    /// The exception being handled (`sys.exception()`), `None` outside `except` blocks.
    pub fn handled_exception(&self) -> Value {
        self.rt.handled
    }

    /// The type object of `v` (`type(v)`).
    pub fn type_of(&mut self, v: Value) -> Value {
        crate::interp::type_of(self, v)
    }
}

/// Whether a `fromlist` asks for nothing (`None` or an empty tuple/list).
pub fn fromlist_empty(vm: &Vm, fromlist: Value) -> bool {
    match fromlist.as_obj().map(|r| vm.heap.get(r)) {
        None => true,
        Some(Object::Tuple(t)) => t.is_empty(),
        Some(Object::List(l)) => l.is_empty(),
        Some(_) => false,
    }
}

/// `ModuleNotFoundError: No module named 'name'`.
pub fn module_not_found(name: &str) -> VmError {
    VmError::new(
        ExcKind::ModuleNotFoundError,
        format!("No module named '{name}'"),
    )
}

/// An `ImportError` (or `ModuleNotFoundError`) carrying CPython's `name` and `path`
/// attributes (kept in the exception's attribute dict; read back by [`import_error_attr`]).
pub fn import_error(
    vm: &mut Vm,
    kind: ExcKind,
    msg: &str,
    name: Option<&str>,
    path: Option<&str>,
) -> VmError {
    let build = |vm: &mut Vm| -> VmResult<VmError> {
        let m = vm.new_str(msg)?;
        let err = vm.new_exception(kind, &[m])?;
        if let VmError::Exception(p) = &err {
            if let Some(r) = p.object {
                let d = crate::class::lookup::exception_dict(vm, r)?;
                let n = match name {
                    Some(n) => vm.new_str(n)?,
                    None => Value::None,
                };
                vm.dict_set_str(d, "name", n)?;
                let p = match path {
                    Some(p) => vm.new_str(p)?,
                    None => Value::None,
                };
                vm.dict_set_str(d, "path", p)?;
            }
        }
        Ok(err)
    };
    build(vm).unwrap_or_else(|e| e)
}

/// `exc.name`, `exc.path`, `exc.msg` of an `ImportError`: from the attribute dict `dict`
/// when set there, else what CPython gives (`None`; `msg` is the first argument).
pub(crate) fn import_error_attr(
    heap: &crate::Heap,
    dict: Value,
    args: Value,
    attr: &str,
) -> VmResult<Value> {
    if let Some(d) = dict.as_obj() {
        if let Some(v) = crate::ops::dict_get_str(heap, d, attr)? {
            return Ok(v);
        }
    }
    if attr == "msg" {
        if let Some(Object::Tuple(t)) = args.as_obj().map(|a| heap.get(a)) {
            if t.len() == 1 {
                return Ok(t[0]);
            }
        }
    }
    Ok(Value::None)
}

/// `OSError(errno, strerror, filename)` as CPython raises it from a failed system call: the
/// errno's subclass (`FileNotFoundError`, …), `str()` = `[Errno 2] …: 'path'`, `filename2` set
/// when given.
pub fn os_error(
    vm: &mut Vm,
    errno: i64,
    strerror: &str,
    filename: &str,
    filename2: Option<&str>,
) -> VmError {
    let build = |vm: &mut Vm| -> VmResult<VmError> {
        let s = vm.new_str(strerror)?;
        let f = vm.new_str(filename)?;
        let r =
            crate::class::oserror::new_os_error(vm, ExcKind::OSError, &[Value::Int(errno), s, f])?;
        if let Some(f2) = filename2 {
            let d = crate::class::lookup::exception_dict(vm, r)?;
            let v = vm.new_str(f2)?;
            vm.dict_set_str(d, "filename2", v)?;
        }
        Ok(crate::interp::exceptions::error_of(vm, r))
    };
    build(vm).unwrap_or_else(|e| e)
}

/// `sys.stdout` when a program replaced it (`sys.stdout = io.StringIO()`,
/// `contextlib.redirect_stdout`): `print` without `file=` writes there. `None` while it is the
/// VM's own stream (a module object standing for it) or `sys` is not imported.
pub(crate) fn redirected_stdout(vm: &mut Vm) -> VmResult<Option<Value>> {
    let Some(sm) = vm.imports.sys_modules else {
        return Ok(None);
    };
    let Some(sys) = crate::ops::dict_get_str(&vm.heap, sm, "sys")? else {
        return Ok(None);
    };
    let Some(d) = vm.module_dict(sys) else {
        return Ok(None);
    };
    match crate::ops::dict_get_str(&vm.heap, d, "stdout")? {
        Some(v) if !matches!(v.as_obj().map(|r| vm.heap.get(r)), Some(Object::Module(_))) => {
            Ok(Some(v))
        }
        _ => Ok(None),
    }
}
