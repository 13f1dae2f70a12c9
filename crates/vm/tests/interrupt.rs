//! Stopping a running VM from another thread.

use hotpy_vm::error::{Limit, VmError};
use hotpy_vm::Vm;

fn run(vm: &mut Vm, src: &str) -> Result<(), VmError> {
    let code = hotpy_compiler::compile_module(src, "<test>").expect("compiles");
    let g = vm.new_main_globals(None)?;
    vm.run_code(code, g).map(|_| ())
}

#[test]
fn an_infinite_loop_is_interrupted_from_another_thread() {
    let mut vm = Vm::default();
    let handle = vm.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        handle.interrupt();
    });
    let r = run(&mut vm, "while True:\n    pass\n");
    stopper.join().expect("thread");
    assert_eq!(r, Err(VmError::Limit(Limit::Interrupted)));
}

#[test]
fn the_interrupt_cannot_be_caught_and_the_vm_runs_again_afterwards() {
    let mut vm = Vm::default();
    let handle = vm.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(50));
        handle.interrupt();
    });
    let r = run(
        &mut vm,
        "def spin():\n    while True:\n        pass\ntry:\n    spin()\nexcept BaseException:\n    pass\nwhile True:\n    pass\n",
    );
    stopper.join().expect("thread");
    assert_eq!(r, Err(VmError::Limit(Limit::Interrupted)));
    assert!(!r.unwrap_err().is_catchable());
    // The flag was consumed: the next run completes.
    vm.capture_output();
    run(&mut vm, "print(sum(range(10)))\n").expect("runs");
    assert_eq!(vm.take_output(), "45\n");
}

#[test]
fn a_vm_moves_to_another_thread() {
    fn assert_send<T: Send>(_: &T) {}
    let mut vm = Vm::default();
    assert_send(&vm);
    vm.capture_output();
    let out = std::thread::spawn(move || {
        run(&mut vm, "print('moved')\n").expect("runs");
        vm.take_output()
    })
    .join()
    .expect("thread");
    assert_eq!(out, "moved\n");
}

#[test]
fn runaway_dunder_recursion_is_a_recursion_error_on_a_default_thread_stack() {
    // Natives re-enter the interpreter for dunders; the depth limit must stop them before a
    // 2 MiB thread stack (Rust's default for spawned threads) runs out.
    let out = std::thread::spawn(|| {
        let mut vm = Vm::default();
        vm.capture_output();
        run(
            &mut vm,
            "class A:\n    def __repr__(self): return repr(self)\ntry:\n    repr(A())\nexcept RecursionError:\n    print('ok')\n",
        )
        .expect("runs");
        vm.take_output()
    })
    .join()
    .expect("no stack overflow");
    assert_eq!(out, "ok\n");
}
