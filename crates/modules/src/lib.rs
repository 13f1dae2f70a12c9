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
//! [`install`] puts it all into a VM: register the standard modules, install the hook, create
//! `sys` with `argv` and `path` (the script's directory, then `HOTPYPATH`, then the embedder's
//! entries).

pub mod importer;
pub mod interpreters;
pub mod loader;
pub mod native;
pub mod shareable;
pub mod spawn;
pub mod stdlib;

pub use importer::{with_importer, Importer, ModuleSlot};
pub use loader::{FileLoader, Loader, MemoryLoader, ModuleSource, NativeLoader};
pub use native::{Const, Expected, FromPy, IntoPy, NativeClass, NativeModule, TypedFn};
pub use spawn::{spawn_from, Spawner};
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
}

/// Install `importer` (with the standard modules added) as `vm`'s module system and import
/// `sys`. Returns the importer, for registering more modules or asking for dependents.
pub fn install(vm: &mut Vm, importer: Importer, config: &Config) -> VmResult<Arc<Importer>> {
    stdlib::register_all(&importer, config);
    let importer = Arc::new(importer);
    vm.set_import_hook(importer.clone());
    vm.sys_modules()?;
    vm.import_module("sys")?;
    let io = vm.import_module("io")?;
    // `sys.stdin` becomes an iterable file-like object around the native reads.
    let sys = vm.import_module("sys")?;
    let raw = vm.get_attr_str(sys, "stdin")?;
    let wrap = vm.get_attr_str(io, "_Stdin")?;
    let stdin = vm.call(wrap, &[raw])?;
    vm.set_attr_str(sys, "stdin", stdin)?;
    vm.set_attr_str(sys, "__stdin__", stdin)?;
    Ok(importer)
}

/// Register a program's `__main__` namespace (from [`Vm::new_main_globals`]) as
/// `sys.modules['__main__']`.
pub fn register_main(vm: &mut Vm, globals: ObjRef) -> VmResult<()> {
    let m = vm.module_from_dict("__main__", globals)?;
    let sm = vm.sys_modules()?;
    vm.dict_set_str(sm, "__main__", hotpy_vm::Value::Obj(m))
}
