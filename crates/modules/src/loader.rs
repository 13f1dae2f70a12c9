//! Loaders: where a module's code comes from.
//!
//! The importer asks each [`Loader`] in turn (natives, then in-memory sources, then the file
//! system, as CPython's `sys.meta_path` asks the builtin, frozen and path finders) for a
//! [`ModuleSource`]. A loader only *finds*; the importer creates the module object, registers it
//! in `sys.modules` and runs the code, so every loader gets CPython's import semantics
//! (partially initialised modules, removal on failure, parent binding) for free.

use crate::native::NativeModule;
use hotpy_compiler::bytecode::Code;
use hotpy_vm::VmResult;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// What a loader found for a module name.
#[derive(Clone, Debug)]
pub enum ModuleSource {
    /// Python source.
    Source {
        /// The source text.
        text: String,
        /// `__spec__.origin`: the file path, or a description (`"<memory>"`).
        origin: String,
        /// `__file__` (only for modules that live in a file).
        file: Option<String>,
        /// `Some(__path__)` for a package (its directories), `None` for a plain module.
        package_path: Option<Vec<String>>,
    },
    /// A module declared in Rust.
    Native(Arc<NativeModule>),
    /// A namespace package (PEP 420): directories named like the package but without
    /// `__init__.py`; no code runs, `__path__` lists the directories.
    Namespace(Vec<String>),
}

/// Finds modules by full dotted name.
pub trait Loader: Send + Sync {
    /// Find `fullname`. `search` is `sys.path` for a top-level module, the parent package's
    /// `__path__` for a submodule.
    fn find(&self, fullname: &str, search: &[String]) -> Option<ModuleSource>;

    /// `importlib.invalidate_caches()`: forget any cached directory listings.
    fn invalidate_caches(&self) {}
}

/// Modules declared in Rust, by full name.
#[derive(Default)]
pub struct NativeLoader {
    modules: Mutex<HashMap<String, Arc<NativeModule>>>,
}

impl NativeLoader {
    /// Register (or replace) a native module.
    pub fn register(&self, module: NativeModule) {
        if let Ok(mut m) = self.modules.lock() {
            m.insert(module.name.clone(), Arc::new(module));
        }
    }

    /// Whether a module named `name` is registered.
    pub fn contains(&self, name: &str) -> bool {
        self.modules.lock().is_ok_and(|m| m.contains_key(name))
    }

    /// The names of the registered modules, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .modules
            .lock()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        v.sort();
        v
    }
}

impl Loader for NativeLoader {
    fn find(&self, fullname: &str, _search: &[String]) -> Option<ModuleSource> {
        let m = self.modules.lock().ok()?;
        m.get(fullname).cloned().map(ModuleSource::Native)
    }
}

/// Python sources held in memory (an embedder's asset archive, the bundled standard modules).
#[derive(Default)]
pub struct MemoryLoader {
    sources: Mutex<HashMap<String, (Arc<str>, bool)>>,
}

impl MemoryLoader {
    /// Whether source for module `name` is registered.
    pub fn contains(&self, name: &str) -> bool {
        self.sources.lock().is_ok_and(|m| m.contains_key(name))
    }

    /// Register the source of module `name`; `is_package` makes it a package (its submodules
    /// are registered under `name.sub`).
    pub fn register(&self, name: &str, source: impl Into<Arc<str>>, is_package: bool) {
        if let Ok(mut m) = self.sources.lock() {
            m.insert(name.to_string(), (source.into(), is_package));
        }
    }
}

impl Loader for MemoryLoader {
    fn find(&self, fullname: &str, _search: &[String]) -> Option<ModuleSource> {
        let m = self.sources.lock().ok()?;
        let (text, is_package) = m.get(fullname)?;
        Some(ModuleSource::Source {
            text: text.to_string(),
            origin: format!("<memory:{fullname}>"),
            file: None,
            package_path: is_package.then(Vec::new),
        })
    }
}

/// Modules declared once and shared by every importer made with it
/// ([`Importer::with_shared`](crate::Importer::with_shared)): the standard library and an
/// embedder's own modules. Building the native modules' tables and registering the sources
/// once, and compiling each source once, is what makes a new VM cheap: an importer only holds
/// an `Arc` to the table. The table is immutable once shared (register everything before
/// putting it in an `Arc`); only the cache of compiled code fills as VMs import. Compiled
/// [`Code`] is immutable, so sharing it across VMs (and threads) is safe: each VM loads it into
/// its own heap (`Vm::load_code`).
#[derive(Default)]
pub struct SharedModules {
    natives: HashMap<String, Arc<NativeModule>>,
    sources: HashMap<String, (Cow<'static, str>, bool)>,
    /// Compiled code by file name (`<memory:json>`, `<io>` for a native module's Python part):
    /// the file name determines the module and so the registered text.
    code: Mutex<HashMap<String, Arc<Code>>>,
}

impl std::fmt::Debug for SharedModules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedModules")
            .field("natives", &self.natives.len())
            .field("sources", &self.sources.len())
            .finish_non_exhaustive()
    }
}

impl SharedModules {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Register (or replace) a native module.
    pub fn register_native(&mut self, module: NativeModule) {
        self.natives.insert(module.name.clone(), Arc::new(module));
    }

    /// Register (or replace) the Python source of module `name`; `is_package` makes it a
    /// package. A `&'static str` (an `include_str!`) is not copied.
    pub fn register_source(
        &mut self,
        name: &str,
        source: impl Into<Cow<'static, str>>,
        is_package: bool,
    ) {
        self.sources
            .insert(name.to_string(), (source.into(), is_package));
    }

    /// Whether module `name` is registered (natively or as source).
    pub fn contains(&self, name: &str) -> bool {
        self.natives.contains_key(name) || self.sources.contains_key(name)
    }

    /// The names of the registered native modules, sorted.
    pub fn native_names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.natives.keys().cloned().collect();
        v.sort();
        v
    }

    /// Whether `module` is this table's native module of that name (not an importer's own).
    pub(crate) fn owns_native(&self, module: &Arc<NativeModule>) -> bool {
        self.natives
            .get(&module.name)
            .is_some_and(|m| Arc::ptr_eq(m, module))
    }

    /// Whether `text` is this table's source of module `name`.
    pub(crate) fn owns_source(&self, name: &str, text: &str) -> bool {
        self.sources.get(name).is_some_and(|(t, _)| t == text)
    }

    /// The code of `text`, compiled under `filename` once per table. Callers pass only text
    /// the table owns ([`Self::owns_source`], a native module's Python part), so the file name
    /// identifies the text.
    pub(crate) fn code(&self, text: &str, filename: &str) -> VmResult<Arc<Code>> {
        if let Some(c) = self.code.lock().ok().and_then(|m| m.get(filename).cloned()) {
            return Ok(c);
        }
        // Compiled without the lock held: VMs on other threads keep importing meanwhile (two
        // first imports at once both compile; the results are equal).
        let code = hotpy_compiler::compile_module(text, filename)
            .map_err(|e| hotpy_vm::class::syntaxerror::from_lex_error(&e, text, filename))?;
        if let Ok(mut m) = self.code.lock() {
            m.insert(filename.to_string(), code.clone());
        }
        Ok(code)
    }

    /// How many compiled sources the cache holds.
    pub fn compiled_count(&self) -> usize {
        self.code.lock().map(|m| m.len()).unwrap_or(0)
    }
}

impl Loader for SharedModules {
    fn find(&self, fullname: &str, _search: &[String]) -> Option<ModuleSource> {
        if let Some(m) = self.natives.get(fullname) {
            return Some(ModuleSource::Native(m.clone()));
        }
        let (text, is_package) = self.sources.get(fullname)?;
        Some(ModuleSource::Source {
            text: text.to_string(),
            origin: format!("<memory:{fullname}>"),
            file: None,
            package_path: is_package.then(Vec::new),
        })
    }
}

/// Modules in directories: `dir/name/__init__.py` (a package) or `dir/name.py`, for each
/// directory of the search path in order. Nothing is cached, so a file written at run time is
/// found by the next import (`invalidate_caches` has nothing to forget).
#[derive(Default)]
pub struct FileLoader;

impl Loader for FileLoader {
    fn find(&self, fullname: &str, search: &[String]) -> Option<ModuleSource> {
        let tail = fullname.rsplit('.').next().unwrap_or(fullname);
        // Directories without `__init__.py` are namespace portions: used only when no regular
        // package or module is found anywhere on the search path (PEP 420).
        let mut portions = Vec::new();
        for dir in search {
            let base = if dir.is_empty() {
                PathBuf::from(".")
            } else {
                PathBuf::from(dir)
            };
            let pkg = base.join(tail);
            let init = pkg.join("__init__.py");
            if init.is_file() {
                let text = read_source(&init)?;
                return Some(ModuleSource::Source {
                    text,
                    origin: display(&init),
                    file: Some(display(&init)),
                    package_path: Some(vec![display(&pkg)]),
                });
            }
            let file = base.join(format!("{tail}.py"));
            if file.is_file() {
                let text = read_source(&file)?;
                return Some(ModuleSource::Source {
                    text,
                    origin: display(&file),
                    file: Some(display(&file)),
                    package_path: None,
                });
            }
            if pkg.is_dir() {
                portions.push(display(&pkg));
            }
        }
        (!portions.is_empty()).then_some(ModuleSource::Namespace(portions))
    }
}

/// A path as CPython shows it in `__file__`: absolute.
fn display(p: &Path) -> String {
    std::path::absolute(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .display()
        .to_string()
}

/// A source file decoded as CPython decodes it (BOM, PEP 263); undecodable files are skipped
/// rather than half-read.
fn read_source(p: &Path) -> Option<String> {
    let bytes = std::fs::read(p).ok()?;
    let name = p.display().to_string();
    match hotpy_lexer::decode_source(&bytes, &name) {
        Ok(s) => Some(s.text.to_string()),
        // Let the compiler report the error with its position.
        Err(_) => Some(String::from_utf8_lossy(&bytes).into_owned()),
    }
}
