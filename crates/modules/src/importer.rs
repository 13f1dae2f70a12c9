//! The importer: CPython's import algorithm (`importlib._bootstrap`) over [`Loader`]s.
//!
//! - `sys.modules` (the VM's registry dict) is the only place module objects live, so they are
//!   GC-rooted by the VM and visible to Python exactly as in CPython.
//! - A module is put in `sys.modules` *before* its body runs (a circular import sees it
//!   partially initialised) and removed again if the body raises.
//! - Importing `a.b.c` imports `a`, then `a.b` (searching `a.__path__`), then `a.b.c`, and
//!   binds each child as an attribute of its parent.
//! - Every import records the edge importer → imported ([`Importer::dependents`] answers the
//!   reload layer's "who depends on X, transitively").
//!
//! Rust-side state (edges, modules being initialised) sits behind a `Mutex` that is never held
//! while Python code runs, since a module body may import re-entrantly.

use crate::loader::{FileLoader, Loader, MemoryLoader, ModuleSource, NativeLoader, SharedModules};
use crate::native::NativeModule;
use crate::SysSettings;
use hotpy_vm::error::{type_error, value_error, ExcKind, VmError};
use hotpy_vm::import::{fromlist_empty, import_error};
use hotpy_vm::{ImportHook, ImportRequest, ObjRef, Value, Vm, VmResult};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct State {
    /// importer → imported, by module name.
    edges: BTreeMap<String, BTreeSet<String>>,
    /// Modules whose body is running.
    initializing: HashSet<String>,
    /// What was loaded for each module, by name.
    slots: BTreeMap<String, ModuleSlot>,
}

/// The registry's record of a loaded module (the module object itself lives in
/// `sys.modules`): where its code came from, a hash of that code, and how many times it has
/// been (re)loaded, for the reload layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleSlot {
    /// `__spec__.origin`: the file, `built-in`, `<memory:name>`, or `None` for a namespace.
    pub origin: Option<String>,
    /// The file the module was read from, if any.
    pub file: Option<String>,
    /// A hash of the source text (0 for native modules and namespace packages).
    pub source_hash: u64,
    /// 1 after the first load, incremented by every reload.
    pub generation: u64,
}

/// The hash recorded for a module's source text ([`ModuleSlot::source_hash`]): SipHash with
/// fixed keys, so the same text hashes the same in every process and an edit that changes a
/// single byte is told from the old text.
pub fn source_hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

fn slot_for(source: &ModuleSource) -> ModuleSlot {
    let hash = match source {
        ModuleSource::Source { text, .. } => source_hash(text),
        ModuleSource::Native(_) | ModuleSource::Namespace(_) => 0,
    };
    slot_for_hashed(source, hash)
}

/// The record of `source`, whose text (if any) hashes to `hash`.
fn slot_for_hashed(source: &ModuleSource, hash: u64) -> ModuleSlot {
    let (origin, file) = match source {
        ModuleSource::Source { origin, file, .. } => (Some(origin.clone()), file.clone()),
        ModuleSource::Native(_) => (Some("built-in".to_string()), None),
        ModuleSource::Namespace(_) => (None, None),
    };
    ModuleSlot {
        origin,
        file,
        source_hash: hash,
        generation: 0,
    }
}

/// The module system of one VM: loaders, the import graph, and CPython's import semantics.
///
/// Its own loaders (natives and sources registered on it) are asked first, then the
/// [`SharedModules`] table it was given (the standard library, shared by the VMs of a
/// factory), then an embedder's loaders, then the file system. A new importer allocates
/// almost nothing: the shared table is an `Arc`.
pub struct Importer {
    natives: Arc<NativeLoader>,
    memory: Arc<MemoryLoader>,
    shared: Option<Arc<SharedModules>>,
    loaders: Vec<Arc<dyn Loader>>,
    /// What `sys` is created with (`sys.argv`, `sys.path`).
    sys: Arc<SysSettings>,
    state: Mutex<State>,
}

impl Default for Importer {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Importer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Importer").finish_non_exhaustive()
    }
}

impl Importer {
    /// An importer with the native, in-memory and file-system loaders (in that order) and no
    /// modules registered.
    pub fn new() -> Self {
        let natives = Arc::new(NativeLoader::default());
        let memory = Arc::new(MemoryLoader::default());
        let loaders: Vec<Arc<dyn Loader>> =
            vec![natives.clone(), memory.clone(), Arc::new(FileLoader)];
        Importer {
            natives,
            memory,
            shared: None,
            loaders,
            sys: Arc::default(),
            state: Mutex::new(State::default()),
        }
    }

    /// An importer over `shared` (asked after the importer's own registrations, before an
    /// embedder's loaders and the file system); replaces a table given before.
    pub fn with_shared(mut self, shared: Arc<SharedModules>) -> Self {
        if let Some(old) = self.shared.take() {
            let old: Arc<dyn Loader> = old;
            self.loaders.retain(|l| !Arc::ptr_eq(l, &old));
        }
        // After the importer's own natives and sources (indexes 0 and 1).
        self.loaders.insert(2, shared.clone());
        self.shared = Some(shared);
        self
    }

    /// The shared module table, if the importer has one.
    pub fn shared(&self) -> Option<&Arc<SharedModules>> {
        self.shared.as_ref()
    }

    /// Create `sys` with `settings` (`sys.argv`, `sys.path`) when it is first imported.
    pub fn with_sys(mut self, settings: Arc<SysSettings>) -> Self {
        self.sys = settings;
        self
    }

    /// What `sys` is (or will be) created with.
    pub fn sys_settings(&self) -> &Arc<SysSettings> {
        &self.sys
    }

    /// Register a native module (before or while the program runs; a module already imported
    /// keeps its object).
    pub fn register_native(&self, module: NativeModule) {
        self.natives.register(module);
    }

    /// Whether the embedder (or the standard library) registered module `name` in memory or
    /// natively, on this importer or in its shared table.
    pub fn is_registered(&self, name: &str) -> bool {
        self.natives.contains(name)
            || self.memory.contains(name)
            || self.shared.as_ref().is_some_and(|s| s.contains(name))
    }

    /// The names of the registered native modules (this importer's and the shared table's),
    /// sorted.
    pub fn native_names(&self) -> Vec<String> {
        let mut v = self.natives.names();
        if let Some(s) = &self.shared {
            v.extend(s.native_names());
        }
        v.sort();
        v.dedup();
        v
    }

    /// Register Python source for module `name` (in memory: found before the file system).
    pub fn register_source(&self, name: &str, source: &str, is_package: bool) {
        self.memory.register(name, source, is_package);
    }

    /// Add a loader, asked after the native and in-memory loaders and before the file system
    /// (an embedder's archive shadows stray files on `sys.path`, as a frozen module would).
    pub fn with_loader(mut self, loader: Arc<dyn Loader>) -> Self {
        // The file-system loader stays last.
        let at = self.loaders.len().saturating_sub(1);
        self.loaders.insert(at, loader);
        self
    }

    /// The modules `name` imports directly.
    pub fn imports_of(&self, name: &str) -> Vec<String> {
        self.state
            .lock()
            .map(|s| s.edges.get(name).map(|e| e.iter().cloned().collect()))
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Every module that imports `name`, directly or transitively (sorted, without `name`).
    pub fn dependents(&self, name: &str) -> Vec<String> {
        let Ok(s) = self.state.lock() else {
            return Vec::new();
        };
        let mut out = BTreeSet::new();
        let mut work = vec![name.to_string()];
        while let Some(n) = work.pop() {
            for (from, tos) in &s.edges {
                if tos.contains(&n) && from != name && out.insert(from.clone()) {
                    work.push(from.clone());
                }
            }
        }
        out.into_iter().collect()
    }

    fn record_edge(&self, from: &str, to: &str) {
        if from == to {
            return;
        }
        if let Ok(mut s) = self.state.lock() {
            s.edges
                .entry(from.to_string())
                .or_default()
                .insert(to.to_string());
        }
    }

    /// The registry's record of module `name`, once it has been loaded.
    pub fn slot(&self, name: &str) -> Option<ModuleSlot> {
        self.state.lock().ok()?.slots.get(name).cloned()
    }

    /// Record that `name` was (re)loaded from `source`.
    /// Record that module `name` now runs `source`, whose text hashes to `hash`
    /// ([`source_hash`]; the reload layer has it already): its generation goes up by one. The
    /// reload layer calls this when a reload commits.
    pub fn record_reload(&self, name: &str, source: &ModuleSource, hash: u64) {
        if let Ok(mut s) = self.state.lock() {
            let mut slot = slot_for_hashed(source, hash);
            slot.generation = s.slots.get(name).map_or(0, |old| old.generation) + 1;
            s.slots.insert(name.to_string(), slot);
        }
    }

    /// Put back the record of module `name` as it was (a rolled-back reload); `None` forgets it.
    pub fn restore_slot(&self, name: &str, slot: Option<ModuleSlot>) {
        if let Ok(mut s) = self.state.lock() {
            match slot {
                Some(slot) => {
                    s.slots.insert(name.to_string(), slot);
                }
                None => {
                    s.slots.remove(name);
                }
            }
        }
    }

    fn record_load(&self, name: &str, source: &ModuleSource) {
        if let Ok(mut s) = self.state.lock() {
            let mut slot = slot_for(source);
            slot.generation = s.slots.get(name).map_or(0, |old| old.generation) + 1;
            s.slots.insert(name.to_string(), slot);
        }
    }

    fn set_initializing(&self, name: &str, on: bool) {
        if let Ok(mut s) = self.state.lock() {
            if on {
                s.initializing.insert(name.to_string());
            } else {
                s.initializing.remove(name);
            }
        }
    }

    /// What this importer's own loaders or its shared table have for `full` (none of them
    /// searches a path).
    fn find_registered(&self, full: &str) -> Option<ModuleSource> {
        let own: [&dyn Loader; 2] = [&*self.natives, &*self.memory];
        own.into_iter()
            .find_map(|l| l.find(full, &[]))
            .or_else(|| self.shared.as_ref().and_then(|s| s.find(full, &[])))
    }

    /// `importlib.invalidate_caches()`.
    pub fn invalidate_caches(&self) {
        for l in &self.loaders {
            l.invalidate_caches();
        }
    }

    /// `importlib.import_module(name, package)`.
    pub fn import_module(&self, vm: &mut Vm, name: &str, package: Option<&str>) -> VmResult<Value> {
        let level = name.chars().take_while(|&c| c == '.').count();
        let full = if level > 0 {
            let Some(pkg) = package.filter(|p| !p.is_empty()) else {
                return Err(type_error(format!(
                    "the 'package' argument is required to perform a relative import for {}",
                    hotpy_lexer::pyrepr::str_repr(name)
                )));
            };
            resolve_name(&name[level..], pkg, level)?
        } else {
            name.to_string()
        };
        if full.is_empty() {
            return Err(value_error("Empty module name"));
        }
        self.gcd_import(vm, &full)
    }

    /// The module `full` (absolute), importing it and its parents if needed.
    pub fn gcd_import(&self, vm: &mut Vm, full: &str) -> VmResult<Value> {
        if let Some(m) = vm.lookup_module(full)? {
            if m.is_none() {
                return Err(not_found(
                    vm,
                    full,
                    format!("import of {full} halted; None in sys.modules"),
                ));
            }
            return Ok(m);
        }
        if full == "builtins" {
            return builtins_module(vm);
        }
        let (parent, child) = match full.rfind('.') {
            Some(i) => (&full[..i], &full[i + 1..]),
            None => ("", full),
        };
        let mut parent_module = None;
        let source = if !parent.is_empty() {
            let p = self.gcd_import(vm, parent)?;
            if let Some(m) = vm.lookup_module(full)? {
                return Ok(m);
            }
            // Keep the parent alive while the child loads (its body may drop it from
            // sys.modules).
            vm.push_temp_root(p);
            let path = vm.get_attr_opt(p, "__path__");
            vm.pop_temp_root();
            let Some(path) = path? else {
                return Err(not_found(
                    vm,
                    full,
                    format!("No module named '{full}'; '{parent}' is not a package"),
                ));
            };
            let search = str_list(vm, path)?;
            parent_module = Some(p);
            self.loaders.iter().find_map(|l| l.find(full, &search))
        } else {
            // The importer's own registrations and the shared table come first in the loader
            // order and need no path, so asking them before reading `sys.path` changes no
            // answer, and a program that imports only `math` (or `sys` itself) never has `sys`
            // made just for its path.
            match self.find_registered(full) {
                Some(source) => Some(source),
                None => {
                    let search = sys_path(self, vm)?;
                    self.loaders.iter().find_map(|l| l.find(full, &search))
                }
            }
        };
        let Some(source) = source else {
            return Err(not_found(vm, full, format!("No module named '{full}'")));
        };
        let m = self.load(vm, full, source)?;
        if let Some(p) = parent_module {
            vm.push_temp_root(m);
            let r = vm.set_attr_str(p, child, m);
            vm.pop_temp_root();
            r?;
        }
        Ok(m)
    }

    /// Create module `full` from `source`, register it and run its body (CPython's
    /// `_load_unlocked`). Returns `sys.modules[full]` afterwards (a module may replace itself).
    fn load(&self, vm: &mut Vm, full: &str, source: ModuleSource) -> VmResult<Value> {
        let m = Value::Obj(vm.new_module(full)?);
        let sm = vm.sys_modules()?;
        vm.dict_set_str(sm, full, m)?;
        let d = vm.module_dict(m).expect("a module has a dict");
        self.set_initializing(full, true);
        let r = self.exec_into(vm, full, d, &source, true);
        self.set_initializing(full, false);
        if let Err(e) = r {
            let key = vm.new_str(full)?;
            let _ = vm.del_item(Value::Obj(sm), key);
            return Err(e);
        }
        self.record_load(full, &source);
        match vm.lookup_module(full)? {
            Some(m) => Ok(m),
            None => Err(VmError::new(
                ExcKind::ImportError,
                format!("Loaded module {full} not found in sys.modules"),
            )),
        }
    }

    /// Set the module attributes of `source` in `d` and run its code there. `fresh` is false
    /// for `importlib.reload` (the existing dict is reused and nothing is cleared).
    fn exec_into(
        &self,
        vm: &mut Vm,
        full: &str,
        d: ObjRef,
        source: &ModuleSource,
        fresh: bool,
    ) -> VmResult<()> {
        let package = match source {
            ModuleSource::Source {
                package_path: Some(_),
                ..
            }
            | ModuleSource::Namespace(_) => full.to_string(),
            _ => full
                .rsplit_once('.')
                .map(|(p, _)| p.to_string())
                .unwrap_or_default(),
        };
        let pkg = vm.new_str(package)?;
        vm.dict_set_str(d, "__package__", pkg)?;
        let b = Value::Obj(vm.builtins());
        vm.dict_set_str(d, "__builtins__", b)?;
        match source {
            ModuleSource::Namespace(dirs) => {
                let items = vm.new_strs(dirs.iter().map(String::as_str))?;
                let l = vm.new_list(items)?;
                vm.dict_set_str(d, "__path__", l)?;
                let spec = make_spec(vm, full, "", Some(l))?;
                vm.dict_set_str(d, "__spec__", spec)?;
                // CPython 3.11 gives namespace packages `__file__ = None`.
                vm.dict_set_str(d, "__file__", Value::None)?;
                Ok(())
            }
            ModuleSource::Native(nm) => {
                let spec = make_spec(vm, full, "built-in", None)?;
                vm.dict_set_str(d, "__spec__", spec)?;
                nm.fill(vm, d)?;
                if let Some(py) = nm.python {
                    let filename = format!("<{full}>");
                    let code = match &self.shared {
                        Some(s) if s.owns_native(nm) => s.code(py, &filename)?,
                        _ => vm.compile_module(py, &filename)?,
                    };
                    vm.run_code(code, d)?;
                }
                let _ = fresh;
                Ok(())
            }
            ModuleSource::Source {
                text,
                origin,
                file,
                package_path,
            } => {
                let path_list = match package_path {
                    Some(p) => {
                        let items = vm.new_strs(p.iter().map(String::as_str))?;
                        let l = vm.new_list(items)?;
                        vm.dict_set_str(d, "__path__", l)?;
                        Some(l)
                    }
                    None => None,
                };
                let spec = make_spec(vm, full, origin, path_list)?;
                vm.dict_set_str(d, "__spec__", spec)?;
                if let Some(f) = file {
                    let fv = vm.new_str(f.as_str())?;
                    vm.dict_set_str(d, "__file__", fv)?;
                    vm.dict_set_str(d, "__cached__", Value::None)?;
                }
                let filename = file.as_deref().unwrap_or(origin);
                let code = match &self.shared {
                    // The bundled sources: compiled once per shared table, not per VM.
                    Some(s) if file.is_none() && s.owns_source(full, text) => {
                        s.code(text, filename)?
                    }
                    _ => vm.compile_module(text, filename)?,
                };
                // A module read from a file may be run elsewhere (the `isolate` policy).
                if let Some(hook) = vm.extension::<SourceExecHook>().cloned() {
                    if file.is_some() && package_path.is_none() {
                        if let Some(r) = (hook.0)(vm, full, file.as_deref(), code.clone(), d) {
                            return r;
                        }
                    }
                }
                vm.run_code(code, d)?;
                Ok(())
            }
        }
    }

    /// `importlib.reload(module)`: CPython's semantics (same module object, the body re-run in
    /// the same dict, names the new source no longer defines survive).
    pub fn reload(&self, vm: &mut Vm, module: Value) -> VmResult<Value> {
        let Some(d) = vm.module_dict(module) else {
            return Err(type_error("reload() argument must be a module"));
        };
        let name = match vm.dict_get_str(d, "__name__")? {
            Some(n) => vm.str_text(n).map(str::to_string),
            None => None,
        };
        let Some(name) = name else {
            return Err(type_error("reload() argument must be a module"));
        };
        match vm.lookup_module(&name)? {
            Some(m) if m.is(module) => {}
            _ => {
                return Err(VmError::new(
                    ExcKind::ImportError,
                    format!("module {name} not in sys.modules"),
                ))
            }
        }
        let Some(source) = self.find(vm, &name)? else {
            return Err(VmError::new(
                ExcKind::ModuleNotFoundError,
                format!(
                    "spec not found for the module {}",
                    hotpy_lexer::pyrepr::str_repr(&name)
                ),
            ));
        };
        self.set_initializing(&name, true);
        let r = self.exec_into(vm, &name, d, &source, false);
        self.set_initializing(&name, false);
        r?;
        self.record_load(&name, &source);
        Ok(vm.lookup_module(&name)?.unwrap_or(module))
    }

    /// What the loaders find for module `name` now (its parent must be imported: the search
    /// path is the parent's `__path__`, or `sys.path` for a top-level name), without running
    /// anything: the reload layer compiles a new generation from it.
    pub fn find(&self, vm: &mut Vm, name: &str) -> VmResult<Option<ModuleSource>> {
        let search = match name.rsplit_once('.') {
            Some((parent, _)) => {
                let Some(p) = vm.lookup_module(parent)? else {
                    return Err(VmError::new(
                        ExcKind::ImportError,
                        format!(
                            "parent {} not in sys.modules",
                            hotpy_lexer::pyrepr::str_repr(parent)
                        ),
                    ));
                };
                match vm.get_attr_opt(p, "__path__")? {
                    Some(path) => str_list(vm, path)?,
                    None => Vec::new(),
                }
            }
            None => sys_path(self, vm)?,
        };
        Ok(self.loaders.iter().find_map(|l| l.find(name, &search)))
    }

    /// CPython's `_handle_fromlist`: import submodules named in the fromlist that the package
    /// does not have as attributes yet (a missing one is not an error here: `IMPORT_FROM`
    /// reports it).
    fn handle_fromlist(
        &self,
        vm: &mut Vm,
        module: Value,
        full: &str,
        fromlist: Value,
        importer: Option<&str>,
    ) -> VmResult<()> {
        if vm.get_attr_opt(module, "__path__")?.is_none() {
            return Ok(());
        }
        let mut names = str_list(vm, fromlist)?;
        if names.iter().any(|n| n == "*") {
            if let Some(all) = vm.get_attr_opt(module, "__all__")? {
                names.extend(str_list(vm, all)?);
            }
        }
        for n in names {
            if n == "*" || vm.get_attr_opt(module, &n)?.is_some() {
                continue;
            }
            let sub = format!("{full}.{n}");
            match self.gcd_import(vm, &sub) {
                Ok(_) => {
                    if let Some(i) = importer {
                        self.record_edge(i, &sub);
                    }
                }
                Err(e)
                    if e.kind() == Some(ExcKind::ModuleNotFoundError)
                        && e.message()
                            .is_some_and(|m| m == format!("No module named '{sub}'")) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

impl ImportHook for Importer {
    fn import(&self, vm: &mut Vm, req: &ImportRequest) -> VmResult<Value> {
        let importer_name = match req.globals {
            Some(g) => match vm.dict_get_str(g, "__name__")? {
                Some(n) => vm.str_text(n).map(str::to_string),
                None => None,
            },
            None => None,
        };
        let full = if req.level > 0 {
            let package = package_of(vm, req.globals)?;
            resolve_name(&req.name, &package, req.level)?
        } else {
            if req.name.is_empty() {
                return Err(value_error("Empty module name"));
            }
            req.name.clone()
        };
        let module = self.gcd_import(vm, &full)?;
        if let Some(i) = &importer_name {
            self.record_edge(i, &full);
        }
        if fromlist_empty(vm, req.fromlist) {
            if req.level == 0 {
                let top = full.split('.').next().unwrap_or(&full);
                return Ok(vm.lookup_module(top)?.unwrap_or(module));
            }
            if req.name.is_empty() {
                return Ok(module);
            }
            // `from . import` never gets here with an empty fromlist; `__import__('.a.b',
            // level=1)` returns the package `.a` as CPython does.
            let first = req.name.split('.').next().unwrap_or("");
            let cut = req.name.len() - first.len();
            let keep = &full[..full.len() - cut];
            return Ok(vm.lookup_module(keep)?.unwrap_or(module));
        }
        vm.push_temp_root(module);
        let r = self.handle_fromlist(vm, module, &full, req.fromlist, importer_name.as_deref());
        vm.pop_temp_root();
        r?;
        Ok(module)
    }

    fn is_initializing(&self, _vm: &Vm, name: &str) -> bool {
        self.state
            .lock()
            .map(|s| s.initializing.contains(name))
            .unwrap_or(false)
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

/// `ModuleNotFoundError(msg)` with `name` set, as CPython raises it.
fn not_found(vm: &mut Vm, name: &str, msg: String) -> VmError {
    import_error(vm, ExcKind::ModuleNotFoundError, &msg, Some(name), None)
}

/// The package a relative import in `globals` is relative to (CPython's `_calc___package__`).
fn package_of(vm: &mut Vm, globals: Option<ObjRef>) -> VmResult<String> {
    let Some(g) = globals else {
        return Err(VmError::new(
            ExcKind::ImportError,
            "attempted relative import with no known parent package",
        ));
    };
    if let Some(p) = vm.dict_get_str(g, "__package__")? {
        if !p.is_none() {
            return match vm.str_text(p) {
                Some(s) => Ok(s.to_string()),
                None => Err(type_error("package must be a string")),
            };
        }
    }
    let name = match vm.dict_get_str(g, "__name__")? {
        Some(n) => vm.str_text(n).map(str::to_string).unwrap_or_default(),
        None => return Err(VmError::new(ExcKind::KeyError, "'__name__' not in globals")),
    };
    if vm.dict_get_str(g, "__path__")?.is_some() {
        return Ok(name);
    }
    Ok(name
        .rsplit_once('.')
        .map(|(p, _)| p.to_string())
        .unwrap_or_default())
}

/// CPython's `_resolve_name`: `name` relative to `package` at `level` dots.
fn resolve_name(name: &str, package: &str, level: usize) -> VmResult<String> {
    if package.is_empty() {
        return Err(VmError::new(
            ExcKind::ImportError,
            "attempted relative import with no known parent package",
        ));
    }
    let bits: Vec<&str> = package.rsplitn(level, '.').collect();
    if bits.len() < level {
        return Err(VmError::new(
            ExcKind::ImportError,
            "attempted relative import beyond top-level package",
        ));
    }
    let base = bits.last().copied().unwrap_or(package);
    Ok(if name.is_empty() {
        base.to_string()
    } else {
        format!("{base}.{name}")
    })
}

/// The str items of a list or tuple value (other items are skipped, as the path finder skips
/// non-str `sys.path` entries).
fn str_list(vm: &mut Vm, v: Value) -> VmResult<Vec<String>> {
    vm.push_temp_root(v);
    let items = vm.collect_iterable(v);
    vm.pop_temp_root();
    Ok(items?
        .into_iter()
        .filter_map(|i| vm.str_text(i).map(str::to_string))
        .collect())
}

/// `sys.path` as strings, importing `sys` first if nothing has yet (it is created on demand).
fn sys_path(importer: &Importer, vm: &mut Vm) -> VmResult<Vec<String>> {
    let sys = match vm.lookup_module("sys")? {
        Some(sys) => sys,
        None if importer.is_registered("sys") => importer.gcd_import(vm, "sys")?,
        None => return Ok(Vec::new()),
    };
    match vm.get_attr_opt(sys, "path")? {
        Some(p) => str_list(vm, p),
        None => Ok(Vec::new()),
    }
}

/// `__spec__`: a small namespace with CPython's `ModuleSpec` fields that programs read
/// (`name`, `origin`, `parent`, `submodule_search_locations`, `has_location`, `loader`).
/// A module object stands in for the `ModuleSpec` class until the VM has classes.
fn make_spec(vm: &mut Vm, name: &str, origin: &str, path: Option<Value>) -> VmResult<Value> {
    let spec = Value::Obj(vm.new_module("ModuleSpec")?);
    vm.push_temp_root(spec);
    let r = (|| {
        let d = vm.module_dict(spec).expect("module");
        let n = vm.new_str(name)?;
        vm.dict_set_str(d, "name", n)?;
        // A namespace package has no origin (None, as CPython 3.7+).
        let o = if origin.is_empty() {
            Value::None
        } else {
            vm.new_str(origin)?
        };
        vm.dict_set_str(d, "origin", o)?;
        let parent = if path.is_some() {
            name.to_string()
        } else {
            name.rsplit_once('.')
                .map(|(p, _)| p.to_string())
                .unwrap_or_default()
        };
        let p = vm.new_str(parent)?;
        vm.dict_set_str(d, "parent", p)?;
        vm.dict_set_str(d, "submodule_search_locations", path.unwrap_or(Value::None))?;
        let has_location = !origin.is_empty() && !origin.starts_with('<') && origin != "built-in";
        vm.dict_set_str(d, "has_location", Value::Bool(has_location))?;
        vm.dict_set_str(d, "loader", Value::None)?;
        vm.dict_set_str(d, "cached", Value::None)?;
        Ok(())
    })();
    vm.pop_temp_root();
    r.map(|()| spec)
}

/// Compile `text` and run it in namespace `d`; a syntax error becomes Python's `SyntaxError`.
pub(crate) fn run_source(vm: &mut Vm, text: &str, filename: &str, d: ObjRef) -> VmResult<()> {
    let code = vm.compile_module(text, filename)?;
    vm.run_code(code, d)?;
    Ok(())
}

/// Runs a module read from a file (not a package) in place of the importer, when it answers
/// `Some` (a [`Vm`] extension): how the reload layer's `isolate` policy loads modules into
/// child VMs. Arguments: module name, file, compiled code, the module's namespace.
#[derive(Clone)]
pub struct SourceExecHook(pub SourceExecFn);

/// The function behind a [`SourceExecHook`].
pub type SourceExecFn = Arc<
    dyn Fn(
            &mut Vm,
            &str,
            Option<&str>,
            Arc<hotpy_compiler::bytecode::Code>,
            ObjRef,
        ) -> Option<VmResult<()>>
        + Send
        + Sync,
>;

/// What `importlib.reload` calls instead of CPython's re-execution when a reload layer is
/// installed in the VM ([`Vm::set_extension`]).
#[derive(Clone)]
pub struct ReloadHook(pub ReloadFn);

/// The function behind a [`ReloadHook`]: reload this module object, return it.
pub type ReloadFn = Arc<dyn Fn(&mut Vm, Value) -> VmResult<Value> + Send + Sync>;

/// The [`Importer`] installed in `vm`, if the hook is one.
pub fn importer_of(vm: &Vm) -> Option<Arc<dyn ImportHook>> {
    let hook = vm.import_hook()?;
    hook.as_any()?.downcast_ref::<Importer>()?;
    Some(hook)
}

/// Call `f` with the VM's [`Importer`] (an `ImportError` when another hook is installed).
pub fn with_importer<R>(
    vm: &mut Vm,
    f: impl FnOnce(&Importer, &mut Vm) -> VmResult<R>,
) -> VmResult<R> {
    let Some(hook) = importer_of(vm) else {
        return Err(VmError::new(
            ExcKind::ImportError,
            "the hotpy importer is not installed",
        ));
    };
    let Some(imp) = hook.as_any().and_then(|a| a.downcast_ref::<Importer>()) else {
        return Err(VmError::new(
            ExcKind::ImportError,
            "the hotpy importer is not installed",
        ));
    };
    f(imp, vm)
}

/// The `builtins` module: a module around the VM's builtins namespace itself, so that
/// `builtins.print = f` changes what `print` means in every module, as in CPython. Made on
/// first import and kept in `sys.modules`.
fn builtins_module(vm: &mut Vm) -> VmResult<Value> {
    let d = vm.builtins();
    // CPython's builtins namespace names its module (and `exec(code, {})` sees that name).
    if vm.dict_get_str(d, "__name__")?.is_none() {
        let name = vm.new_str("builtins")?;
        vm.dict_set_str(d, "__name__", name)?;
    }
    let m = Value::Obj(vm.module_from_dict("builtins", d)?);
    let sm = vm.sys_modules()?;
    vm.dict_set_str(sm, "builtins", m)?;
    Ok(m)
}
