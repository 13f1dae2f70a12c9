//! The VM side of `import`: a test hook that serves modules built from source strings, with
//! `IMPORT_FROM`'s fallbacks and errors and `IMPORT_STAR`'s name selection (CPython 3.11's
//! behaviour; expected outputs from python3 with the same modules on disk).

use hotpy_vm::{ImportHook, ImportRequest, Value, Vm, VmResult};
use std::sync::Arc;

/// Serves `mods` (name → source): runs a module's body once and caches it in `sys.modules`.
struct SourceHook {
    mods: Vec<(&'static str, &'static str)>,
}

impl ImportHook for SourceHook {
    fn import(&self, vm: &mut Vm, req: &ImportRequest) -> VmResult<Value> {
        if let Some(m) = vm.lookup_module(&req.name)? {
            return Ok(m);
        }
        let Some((_, src)) = self.mods.iter().find(|(n, _)| *n == req.name) else {
            return Err(hotpy_vm::import::module_not_found(&req.name));
        };
        let m = Value::Obj(vm.new_module(&req.name)?);
        let sm = vm.sys_modules()?;
        vm.dict_set_str(sm, &req.name, m)?;
        let d = vm.module_dict(m).expect("module");
        let b = Value::Obj(vm.builtins());
        vm.dict_set_str(d, "__builtins__", b)?;
        let code = hotpy_compiler::compile_module(src, &req.name).expect("compiles");
        vm.run_code(code, d)?;
        Ok(m)
    }
}

fn run(src: &str) -> String {
    let mut vm = Vm::default();
    vm.set_gc_stress(true);
    vm.capture_output();
    vm.set_import_hook(Arc::new(SourceHook {
        mods: vec![
            ("m", "x = 1\n_y = 2\nz = [3]\ndef f(): return x + 1\n"),
            ("a", "__all__ = ['p', '_q']\np = 'p'\n_q = 'q'\nr = 'r'\n"),
        ],
    }));
    let code = hotpy_compiler::compile_module(src, "<test>").expect("compiles");
    let globals = vm.new_module_globals("__main__").unwrap();
    let r = vm.run_code(code, globals);
    let mut out = vm.take_output();
    if let Err(e) = r {
        out.push_str(&vm.format_exception(&e));
    }
    out
}

#[test]
fn import_forms() {
    assert_eq!(
        run("import m\nimport m as q\nfrom m import x, f as g\nprint(m.x, q is m, x, g(), m.z)\n"),
        "1 True 1 2 [3]\n"
    );
}

#[test]
fn import_star_honours_all_and_underscores() {
    assert_eq!(
        run("from m import *\nprint(x, z, '_y' in globals())\nfrom a import *\nprint(p, _q, 'r' in globals())\n"),
        "1 [3] False\np q False\n"
    );
}

#[test]
fn import_errors() {
    assert_eq!(
        run("try:\n    from m import nope\nexcept ImportError as e:\n    print(e)\ntry:\n    import nothere\nexcept ModuleNotFoundError as e:\n    print(e)\n"),
        "cannot import name 'nope' from 'm' (unknown location)\nNo module named 'nothere'\n"
    );
}

#[test]
fn dunder_import() {
    assert_eq!(
        run("m = __import__('m')\nprint(m.x)\ntry:\n    __import__('')\nexcept ValueError as e:\n    print(e)\n"),
        "1\nEmpty module name\n"
    );
}
