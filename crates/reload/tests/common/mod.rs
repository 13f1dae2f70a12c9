//! A VM set up as the CLI sets it up (`hotpy_modules::install`, then `hotpy_reload::install`
//! with a policy), with a temporary directory on `sys.path` for the modules a test writes and
//! rewrites, and a persistent `__main__` namespace in which the test runs Python snippets.

#![allow(dead_code)]

use hotpy_modules::{Config, Importer};
use hotpy_vm::{NoRoots, ObjRef, Vm};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The policies that reload in the VM itself (`isolate`, with child VMs, is tested on its own).
pub const POLICIES: [&str; 3] = ["reexec", "fresh", "upgrade"];

/// A temporary directory, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// A new empty directory under the system's temporary directory.
    pub fn new() -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let p = std::env::temp_dir().join(format!("hotpy-rtest-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One interpreter session.
pub struct Py {
    /// The VM.
    pub vm: Vm,
    /// Its importer.
    pub importer: Arc<Importer>,
    /// The `__main__` namespace the snippets run in.
    pub main: ObjRef,
    /// The directory on `sys.path`.
    pub dir: TempDir,
}

impl Py {
    /// A session reloading with `policy`.
    pub fn new(policy: &str) -> Self {
        Self::with_stress(policy, false)
    }

    /// A session reloading with `policy`, with GC stress mode (a collection at every safe
    /// point) when `stress`.
    pub fn with_stress(policy: &str, stress: bool) -> Self {
        let dir = TempDir::new();
        let mut vm = Vm::default();
        vm.capture_output();
        let config = Config {
            extra_path: vec![dir.0.display().to_string()],
            ..Config::default()
        };
        let importer = hotpy_modules::install(&mut vm, Importer::new(), &config).expect("install");
        let p = hotpy_reload::policy_by_name(policy).expect("a built-in policy");
        hotpy_reload::install(&mut vm, &importer, p);
        let main = vm.new_main_globals(None).expect("globals");
        hotpy_modules::register_main(&mut vm, main).expect("main");
        vm.set_gc_stress(stress);
        Py {
            vm,
            importer,
            main,
            dir,
        }
    }

    /// Write `rel` (`"m.py"`, `"pkg/__init__.py"`) in the session's directory.
    pub fn write(&self, rel: &str, src: &str) {
        let p = self.dir.0.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, src).expect("write");
    }

    /// Delete `rel` from the session's directory.
    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.dir.0.join(rel)).expect("remove");
    }

    /// Run `src` in `__main__`: its output, and the last line of the uncaught exception if any.
    pub fn exec(&mut self, src: &str) -> (String, Option<String>) {
        let code = hotpy_compiler::compile_module(src, "<test>").expect("test snippet compiles");
        let r = self.vm.run_code(code, self.main);
        let out = self.vm.take_output();
        let err = r.err().map(|e| {
            let text = self.vm.format_exception(&e);
            text.lines().last().unwrap_or("").to_string()
        });
        (out, err)
    }

    /// Run `src`, which must not raise: its output.
    #[track_caller]
    pub fn ok(&mut self, src: &str) -> String {
        let (out, err) = self.exec(src);
        if let Some(e) = err {
            panic!("snippet raised {e}\noutput so far:\n{out}\nsnippet:\n{src}");
        }
        out
    }

    /// Run `src`, which must raise: the exception's last line.
    #[track_caller]
    pub fn raises(&mut self, src: &str) -> String {
        let (out, err) = self.exec(src);
        match err {
            Some(e) => e,
            None => panic!("snippet did not raise\noutput:\n{out}\nsnippet:\n{src}"),
        }
    }

    /// Collect garbage now; the number of live heap objects afterwards.
    pub fn live_after_gc(&mut self) -> usize {
        self.vm.collect(&NoRoots);
        self.vm.live_objects()
    }
}
