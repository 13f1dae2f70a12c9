//! Modules for hotpy: the module registry, the import system, loaders and the standard modules.
//!
//! - [`Importer`] implements the VM's [`hotpy_vm::ImportHook`] with CPython's import
//!   algorithm: `sys.modules` (the VM's registry dict) caches modules, packages have
//!   `__path__`, relative imports resolve against `__package__`, circular imports see partially
//!   initialised modules, failures remove the module again; every import records an edge
//!   importer → imported ([`Importer::dependents`] is the reload layer's question).
//! - [`loader`]: the [`Loader`] trait and the three loaders, asked in order: native modules
//!   ([`NativeModule`], declared in Rust), in-memory sources (an embedder's asset archive, the
//!   bundled Python parts of the standard library), and the file system (`sys.path`).
//! - [`native`]: the typed native-module API ([`FromPy`]/[`IntoPy`] conversions with
//!   CPython-style `TypeError`s, constants, optional Python source completing a module).
//! - [`stdlib`]: `sys`, `math`, `random`, `json`, `os`, `itertools`, … (Rust or bundled
//!   Python, per module).
//!
//! [`install`] puts it all into a VM: the standard modules, the hook, and what `sys` is created
//! with (`argv`, and `path`: the script's directory, then `HOTPYPATH`, then the embedder's
//! entries). Nothing is imported until the program imports it (`sys` too). Many VMs share one
//! [`SharedModules`] table (the standard library's declarations and its compiled code) through
//! a [`ModuleSetup`], which is how a factory makes VMs cheaply.

pub mod importer;
pub mod interpreters;
pub mod loader;
pub mod native;
pub mod shareable;
pub mod spawn;
pub mod stdlib;

pub use importer::{with_importer, Importer, ModuleSlot};
pub use loader::{FileLoader, Loader, MemoryLoader, ModuleSource, NativeLoader, SharedModules};
pub use native::{Const, Expected, FromPy, IntoPy, NativeClass, NativeModule, TypedFn};
pub use spawn::{default_spawn, spawn_from, Spawner};
pub use stdlib::SleepHook;

use hotpy_vm::{ObjRef, Vm, VmResult};
use std::sync::Arc;

/// How [`install`] sets up `sys`.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// `sys.argv` (the script path first; `["-c"]` for `-c`, `[""]` for a REPL).
    pub argv: Vec<String>,
    /// The script's directory, first on `sys.path` (`Some("")` for `-c`, the current
    /// directory).
    pub script_dir: Option<String>,
    /// Read `HOTPYPATH` (entries separated by `:`) into `sys.path` after the script directory.
    pub use_hotpypath: bool,
    /// Entries the embedder adds at the end of `sys.path`.
    pub extra_path: Vec<String>,
}

impl Config {
    /// `sys.path` as [`install`] builds it.
    pub fn sys_path(&self) -> Vec<String> {
        let mut path = Vec::new();
        if let Some(d) = &self.script_dir {
            path.push(d.clone());
        }
        if self.use_hotpypath {
            if let Ok(v) = std::env::var("HOTPYPATH") {
                path.extend(v.split(':').filter(|s| !s.is_empty()).map(str::to_string));
            }
        }
        path.extend(self.extra_path.iter().cloned());
        path
    }

    /// `sys.argv` and `sys.path` as `sys` will be created with them (`HOTPYPATH` is read
    /// now).
    pub fn sys_settings(&self) -> SysSettings {
        SysSettings {
            argv: self.argv.clone(),
            path: self.sys_path(),
        }
    }
}

/// What `sys` is created with when a VM first imports it: computed from a [`Config`] once and
/// shared (an `Arc`) by the importers of the VMs made with it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SysSettings {
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// `sys.path`.
    pub path: Vec<String>,
}

/// What the module systems of many VMs share: a [`SharedModules`] table (the standard library,
/// plus an embedder's modules) and the `sys` settings. Cloning is two `Arc` clones;
/// [`ModuleSetup::install`] gives a VM its own [`Importer`] over them, so a new VM neither
/// rebuilds the standard library's declarations nor recompiles its Python sources.
#[derive(Clone, Debug)]
pub struct ModuleSetup {
    shared: Arc<SharedModules>,
    sys: Arc<SysSettings>,
}

impl ModuleSetup {
    /// The standard library (built now, once) with `sys` set up from `config`.
    pub fn new(config: &Config) -> Self {
        Self::with_modules(Arc::new(stdlib::table()), config)
    }

    /// A setup over an existing table (see [`stdlib::table`] for one with the standard
    /// library; an embedder adds its modules to it before sharing it).
    pub fn with_modules(shared: Arc<SharedModules>, config: &Config) -> Self {
        ModuleSetup {
            shared,
            sys: Arc::new(config.sys_settings()),
        }
    }

    /// The same modules (and compiled code) with `sys` set up from `config`.
    pub fn with_config(&self, config: &Config) -> Self {
        Self::with_modules(self.shared.clone(), config)
    }

    /// The shared table.
    pub fn shared(&self) -> &Arc<SharedModules> {
        &self.shared
    }

    /// What `sys` is created with.
    pub fn sys_settings(&self) -> &Arc<SysSettings> {
        &self.sys
    }

    /// A new importer over the shared table.
    pub fn importer(&self) -> Importer {
        Importer::new()
            .with_shared(self.shared.clone())
            .with_sys(self.sys.clone())
    }

    /// Install a new importer over the shared table as `vm`'s module system (see
    /// [`install`]). Returns the importer, for registering modules of this VM only.
    pub fn install(&self, vm: &mut Vm) -> VmResult<Arc<Importer>> {
        install_importer(vm, self.importer())
    }
}

/// Install `importer` as `vm`'s module system, with the standard modules (a table built now,
/// unless the importer already has one: prefer [`ModuleSetup`] for many VMs) and `sys`
/// created from `config` when the program first imports it. Nothing is imported here. Returns
/// the importer, for registering more modules or asking for dependents.
pub fn install(vm: &mut Vm, importer: Importer, config: &Config) -> VmResult<Arc<Importer>> {
    let importer = match importer.shared() {
        Some(_) => importer,
        None => importer.with_shared(Arc::new(stdlib::table())),
    };
    install_importer(vm, importer.with_sys(Arc::new(config.sys_settings())))
}

/// Install `importer` as it is (its table and `sys` settings already chosen).
pub(crate) fn install_importer(vm: &mut Vm, importer: Importer) -> VmResult<Arc<Importer>> {
    let importer = Arc::new(importer);
    vm.set_import_hook(importer.clone());
    Ok(importer)
}

/// Register a program's `__main__` namespace (from [`Vm::new_main_globals`]) as
/// `sys.modules['__main__']`.
pub fn register_main(vm: &mut Vm, globals: ObjRef) -> VmResult<()> {
    let m = vm.module_from_dict("__main__", globals)?;
    let sm = vm.sys_modules()?;
    vm.dict_set_str(sm, "__main__", hotpy_vm::Value::Obj(m))
}
