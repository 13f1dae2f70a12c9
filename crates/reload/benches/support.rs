//! Shared by the reload benchmark and the memory example: generated modules and a VM with the
//! import system and the reload layer installed, reading modules from a temporary directory.

#![allow(dead_code)] // each user takes what it needs

use hotpy_vm::Vm;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

/// A module of about `lines` lines: `classes` classes with methods, `functions` functions and
/// constants, in the proportions of ordinary application code. `salt` changes the constants'
/// values, so successive generations differ.
pub fn module_source(
    classes: usize,
    methods: usize,
    functions: usize,
    consts: usize,
    salt: u64,
) -> String {
    let mut s = String::from("\"\"\"A generated module for the reload benchmarks.\"\"\"\n\n");
    for i in 0..consts {
        let _ = writeln!(s, "CONST_{i} = {}", i as u64 * 7 + salt);
    }
    s.push('\n');
    for c in 0..classes {
        let _ = writeln!(s, "class Class{c}:");
        let _ = writeln!(s, "    \"\"\"Class number {c}.\"\"\"");
        let _ = writeln!(s, "    LIMIT = {}", c + 10);
        let _ = writeln!(s, "    def __init__(self, a, b=2):");
        let _ = writeln!(s, "        self.a = a");
        let _ = writeln!(s, "        self.b = b");
        for m in 0..methods {
            let _ = writeln!(s, "    def method_{m}(self, x):");
            let _ = writeln!(s, "        y = x * self.a + {m}");
            let _ = writeln!(s, "        if y > self.LIMIT:");
            let _ = writeln!(s, "            y = y - self.b");
            let _ = writeln!(s, "        return y");
        }
        s.push('\n');
    }
    for f in 0..functions {
        let _ = writeln!(s, "def function_{f}(a, b=1, *rest):");
        let _ = writeln!(s, "    total = a + b + CONST_{}", f % consts.max(1));
        let _ = writeln!(s, "    for r in rest:");
        let _ = writeln!(s, "        total += r");
        let _ = writeln!(s, "    return [total, {f}]");
        s.push('\n');
    }
    s
}

/// The module the timing benchmark reloads: 1,000 lines (10 classes of 10 methods, 55
/// functions, 100 constants; checked by the benchmark).
pub fn thousand_line_module(salt: u64) -> String {
    module_source(10, 10, 55, 100, salt)
}

/// The module the memory check reloads: 10 classes and 20 functions.
pub fn small_module(salt: u64) -> String {
    module_source(10, 4, 20, 10, salt)
}

/// A temporary directory for the module files, removed when dropped.
pub struct Dir(pub PathBuf);

impl Dir {
    /// A fresh directory under the system's temporary directory.
    pub fn new(tag: &str) -> Dir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let d = std::env::temp_dir().join(format!("hotpy-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&d).expect("temp dir");
        Dir(d)
    }

    /// Write module `name`'s source.
    pub fn write(&self, name: &str, source: &str) {
        std::fs::write(self.0.join(format!("{name}.py")), source).expect("write module");
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A VM whose `sys.path` is `dir`, with the reload layer installed under `policy`, that has
/// imported module `name`.
pub fn vm_with_module(dir: &Dir, name: &str, policy: &str) -> Vm {
    let mut vm = Vm::default();
    let config = hotpy_modules::Config {
        argv: vec![String::new()],
        script_dir: Some(dir.0.display().to_string()),
        use_hotpypath: false,
        extra_path: Vec::new(),
    };
    let importer = hotpy_modules::install(&mut vm, hotpy_modules::Importer::new(), &config)
        .expect("install the importer");
    let policy = hotpy_reload::policy_by_name(policy).expect("a built-in policy");
    hotpy_reload::install(&mut vm, &importer, Arc::clone(&policy));
    vm.import_module(name).expect("first import");
    vm
}
