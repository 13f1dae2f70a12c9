//! What the module-system tests share: running a program as `__main__` of a VM.

use hotpy_vm::Vm;

/// Run `main` as the `__main__` of `vm` (whose output is captured here); its output, with an
/// uncaught exception appended as the last line CPython prints for it.
pub fn run_main(vm: &mut Vm, main: &str) -> String {
    vm.capture_output();
    let globals = vm.new_main_globals(None).expect("globals");
    hotpy_modules::register_main(vm, globals).expect("main");
    let code = hotpy_compiler::compile_module(main, "<main>").expect("compiles");
    let r = vm.run_code(code, globals);
    let mut out = vm.take_output();
    if let Err(e) = r {
        let text = vm.format_exception(&e);
        out.push_str(text.lines().last().unwrap_or(""));
        out.push('\n');
    }
    out
}
