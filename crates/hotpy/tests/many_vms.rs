//! Many VMs from one factory: isolation, moving VMs between threads, per-VM limits, stopping a
//! VM from another thread, and children made like their parent.

use hotpy::vm::error::Limit;
use hotpy::vm::ExcKind;
use hotpy::{Limits, Value, Vm, VmError, VmFactory};
use std::time::Duration;

/// Run `src` as a fresh `__main__` in `vm`; the globals and the result.
fn run(vm: &mut Vm, src: &str) -> (hotpy::vm::ObjRef, Result<(), VmError>) {
    let code = hotpy::compiler::compile_module(src, "<test>").expect("compiles");
    let globals = vm.new_main_globals(None).expect("globals");
    let r = vm.run_code(code, globals).map(|_| ());
    (globals, r)
}

/// Run `src` with output captured; the output.
fn output(vm: &mut Vm, src: &str) -> String {
    vm.capture_output();
    let (_, r) = run(vm, src);
    r.expect("runs");
    vm.take_output()
}

#[test]
fn two_thousand_live_vms_keep_their_own_values() {
    let factory = VmFactory::new();
    let mut vms = Vec::new();
    for i in 0..2000i64 {
        let mut vm = factory.new_vm().expect("vm");
        let (globals, r) = run(&mut vm, &format!("x = {i} * 2\n"));
        r.expect("runs");
        vms.push((vm, globals));
    }
    for (i, (vm, globals)) in vms.iter().enumerate() {
        let x = vm.dict_get_str(*globals, "x").expect("lookup");
        assert_eq!(x, Some(Value::Int(i as i64 * 2)), "VM {i}");
    }
    // Modules are per VM too: a change to one VM's module is not seen by another.
    let (a, _) = &mut vms[0];
    assert_eq!(
        output(
            a,
            "import json\njson.mine = 1\nprint(hasattr(json, 'mine'))"
        ),
        "True\n"
    );
    let (b, _) = &mut vms[1];
    assert_eq!(
        output(b, "import json\nprint(hasattr(json, 'mine'))"),
        "False\n"
    );
}

#[test]
fn a_vm_from_the_factory_moves_to_another_thread_and_imports_there() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    let factory = VmFactory::new();
    assert_send_sync(&factory);
    let mut vm = factory.new_vm().expect("vm");
    assert_send(&vm);
    output(&mut vm, "import math\nx = 1");
    let out = std::thread::spawn(move || {
        output(
            &mut vm,
            "import sys, json, math\nprint(json.dumps([math.floor(2.5)]), sys.getrecursionlimit())",
        )
    })
    .join()
    .expect("thread");
    assert_eq!(out, "[2] 1000\n");
}

#[test]
fn the_instruction_budget_stops_a_loop_and_cannot_be_caught() {
    let factory = VmFactory::builder()
        .limits(Limits {
            max_instructions: Some(10_000),
            ..Limits::default()
        })
        .build()
        .expect("factory");
    let mut vm = factory.new_vm().expect("vm");
    let (_, r) = run(
        &mut vm,
        "try:\n    while True:\n        pass\nexcept BaseException:\n    pass\n",
    );
    assert_eq!(r, Err(VmError::Limit(Limit::Instructions)));
    // Each VM has its own allowance.
    let mut other = factory.new_vm().expect("vm");
    assert_eq!(output(&mut other, "print(sum(range(100)))"), "4950\n");
}

#[test]
fn the_heap_limit_stops_a_growing_list() {
    let factory = VmFactory::builder()
        .limits(Limits {
            heap_limit: Some(1 << 20),
            ..Limits::default()
        })
        .build()
        .expect("factory");
    let mut vm = factory.new_vm().expect("vm");
    assert_eq!(vm.config().heap_limit, Some(1 << 20));
    let (_, r) = run(&mut vm, "l = []\nwhile True:\n    l.append([0] * 100)\n");
    let err = r.expect_err("the limit is reached");
    assert!(err.is_memory_error(), "{err}");
    assert!(!err.is_catchable());
}

#[test]
fn the_recursion_limit_applies_to_python_calls_and_sys() {
    let factory = VmFactory::builder()
        .limits(Limits {
            recursion_limit: Some(50),
            ..Limits::default()
        })
        .build()
        .expect("factory");
    let mut vm = factory.new_vm().expect("vm");
    assert_eq!(vm.recursion_limit(), 50);
    let out = output(
        &mut vm,
        "import sys\nprint(sys.getrecursionlimit())\ndepth = 0\ndef f(n):\n    global depth\n    depth = n\n    return f(n + 1)\ntry:\n    f(1)\nexcept RecursionError:\n    print(depth)\n",
    );
    assert_eq!(out, "50\n49\n");
    let (_, r) = run(&mut vm, "def g(): return g()\ng()\n");
    assert_eq!(
        r.expect_err("too deep").kind(),
        Some(ExcKind::RecursionError)
    );
}

#[test]
fn an_interrupt_handle_stops_an_infinite_loop_from_another_thread() {
    let factory = VmFactory::new();
    let mut vm = factory.new_vm().expect("vm");
    let handle: hotpy::InterruptHandle = vm.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        handle.interrupt();
    });
    let (_, r) = run(&mut vm, "import json\nwhile True:\n    pass\n");
    stopper.join().expect("thread");
    assert_eq!(r, Err(VmError::Limit(Limit::Interrupted)));
}

#[test]
fn a_child_vm_is_made_by_the_parents_factory() {
    let factory = VmFactory::builder()
        .reload_policy("upgrade")
        .limits(Limits {
            recursion_limit: Some(77),
            ..Limits::default()
        })
        .config(hotpy::ModulesConfig {
            argv: vec!["parent.py".to_string()],
            ..Default::default()
        })
        .build()
        .expect("factory");
    let parent = factory.new_vm().expect("vm");
    assert!(parent.extension::<hotpy::modules::Spawner>().is_some());
    let mut child = hotpy::modules::spawn_from(&parent).expect("child");
    assert_eq!(child.recursion_limit(), 77);
    assert!(child.extension::<hotpy::modules::Spawner>().is_some());
    let out = output(
        &mut child,
        "import sys, hotreload\nprint(sys.argv, hotreload.policy())",
    );
    assert_eq!(out, "['parent.py'] upgrade\n");
    assert_eq!(factory.policy_name(), "upgrade");
}

#[test]
fn bundled_sources_compile_once_per_factory() {
    let factory = VmFactory::new();
    let mut a = factory.new_vm().expect("vm");
    output(&mut a, "import json, collections");
    let compiled = factory.shared_modules().compiled_count();
    assert!(compiled >= 2, "{compiled}");
    let mut b = factory.with_limits(Limits::default()).new_vm().expect("vm");
    assert_eq!(output(&mut b, "import json\nprint(json.dumps(1))"), "1\n");
    assert_eq!(factory.shared_modules().compiled_count(), compiled);
}

#[test]
fn an_unknown_reload_policy_is_refused() {
    let err = VmFactory::builder()
        .reload_policy("nope")
        .build()
        .expect_err("unknown");
    assert_eq!(err.kind(), Some(ExcKind::ValueError));
}
