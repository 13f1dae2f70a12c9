//! Loaders: where a module's code comes from.
//!
//! The importer asks each [`Loader`] in turn (natives, then in-memory sources, then the file
//! system, as CPython's `sys.meta_path` asks the builtin, frozen and path finders) for a
//! [`ModuleSource`]. A loader only *finds*; the importer creates the module object, registers it
//! in `sys.modules` and runs the code, so every loader gets CPython's import semantics
//! (partially initialised modules, removal on failure, parent binding) for free.

use crate::native::NativeModule;
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
