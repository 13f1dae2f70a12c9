//! Collector tests: cycles die, roots keep things alive, deep nesting, stress mode, pacing.

use hotpy_vm::dict::PyDict;
use hotpy_vm::error::Limit;
use hotpy_vm::{NoRoots, Object, Value, Vm, VmConfig, VmError};

fn list(vm: &mut Vm, items: Vec<Value>) -> Value {
    vm.new_list(items).unwrap()
}

#[test]
fn unreachable_objects_are_freed_and_slots_reused() {
    let mut vm = Vm::default();
    for i in 0..100 {
        list(&mut vm, vec![Value::Int(i)]);
    }
    assert_eq!(vm.live_objects(), 100);
    assert_eq!(vm.collect(&NoRoots), 100);
    assert_eq!(vm.live_objects(), 0);
    let a = list(&mut vm, vec![]).as_obj().unwrap();
    assert!(a.index() < 100, "a freed slot is reused");
}

#[test]
fn list_containing_itself_dies() {
    let mut vm = Vm::default();
    let l = list(&mut vm, vec![]);
    let r = l.as_obj().unwrap();
    if let Object::List(v) = vm.heap.get_mut(r) {
        v.push(l);
    }
    vm.collect(&l);
    assert_eq!(vm.live_objects(), 1);
    vm.collect(&NoRoots);
    assert_eq!(vm.live_objects(), 0);
    assert!(!vm.heap.is_live(r));
}

#[test]
fn dict_list_cycle_dies() {
    let mut vm = Vm::default();
    let d = vm.new_dict().unwrap();
    let l = list(&mut vm, vec![d]);
    let key = vm.new_str("k").unwrap();
    if let Object::Dict(dict) = vm.heap.get_mut(d.as_obj().unwrap()) {
        dict.insert_new(7, key, l);
    }
    let rooted = vm.root(d);
    vm.collect(&NoRoots);
    assert_eq!(vm.live_objects(), 3);
    drop(rooted);
    assert_eq!(vm.host_roots(), 0);
    vm.collect(&NoRoots);
    assert_eq!(vm.live_objects(), 0);
}

#[test]
fn rooted_handles_keep_values_alive_until_released() {
    let mut vm = Vm::default();
    let l = list(&mut vm, vec![]);
    let r = vm.root(l);
    let r2 = r.clone();
    vm.collect(&NoRoots);
    assert!(vm.heap.is_live(l.as_obj().unwrap()));
    r.release();
    vm.collect(&NoRoots);
    assert!(vm.heap.is_live(l.as_obj().unwrap()));
    drop(r2);
    vm.collect(&NoRoots);
    assert!(!vm.heap.is_live(l.as_obj().unwrap()));
}

#[test]
fn a_million_deep_list_is_collected_without_recursion() {
    let mut vm = Vm::default();
    let mut inner = list(&mut vm, vec![]);
    for _ in 0..1_000_000 {
        inner = list(&mut vm, vec![inner]);
    }
    vm.collect(&inner);
    assert_eq!(vm.live_objects(), 1_000_001);
    vm.collect(&NoRoots);
    assert_eq!(vm.live_objects(), 0);
}

#[test]
fn stress_mode_collects_at_every_allocation() {
    let mut vm = Vm::new(VmConfig {
        gc: hotpy_vm::GcConfig {
            stress: true,
            ..Default::default()
        },
        ..Default::default()
    });
    let mut keep: Vec<Value> = Vec::new();
    for i in 0..200 {
        // garbage
        vm.alloc(Object::List(vec![Value::Int(i)]), &keep).unwrap();
        // an object whose children exist only inside the pending object
        let s = vm
            .heap
            .alloc(Object::Str(hotpy_vm::PyStr::new("x")))
            .unwrap();
        let t = vm
            .alloc(Object::Tuple(Box::new([Value::Obj(s)])), &keep)
            .unwrap();
        keep.push(Value::Obj(t));
    }
    vm.collect(&keep);
    assert_eq!(vm.live_objects(), 400);
    for t in &keep {
        let Object::Tuple(items) = vm.heap.get(t.as_obj().unwrap()) else {
            panic!()
        };
        assert!(matches!(
            vm.heap.get(items[0].as_obj().unwrap()),
            Object::Str(_)
        ));
    }
    assert!(vm.gc_stats().collections >= 400);
}

#[test]
fn short_scripts_never_collect() {
    let mut vm = Vm::default();
    vm.set_gc_stress(false);
    let mut keep = Vec::new();
    for i in 0..1000 {
        let l = vm.alloc(Object::List(vec![Value::Int(i)]), &keep).unwrap();
        keep.push(Value::Obj(l));
        vm.safepoint(&keep);
    }
    assert_eq!(vm.gc_stats().collections, 0);
}

#[test]
fn pacing_collects_in_proportion() {
    let mut vm = Vm::default();
    let roots: Vec<Value> = Vec::new();
    for _ in 0..200_000 {
        vm.alloc(Object::List(Vec::with_capacity(4)), &roots)
            .unwrap();
    }
    let c = vm.gc_stats().collections;
    assert!(c >= 1, "garbage triggers collections");
    assert!(vm.live_objects() < 200_000);
}

#[test]
fn heap_limit_is_a_resource_error_after_collecting() {
    let mut vm = Vm::new(VmConfig {
        heap_limit: Some(100_000),
        ..Default::default()
    });
    // garbage is collected to make room
    for _ in 0..1000 {
        vm.alloc(Object::Bytes(vec![0; 1000].into()), &NoRoots)
            .unwrap();
    }
    // live data cannot be collected
    let mut keep = Vec::new();
    let err = loop {
        match vm.alloc(Object::Bytes(vec![0; 1000].into()), &keep) {
            Ok(r) => keep.push(Value::Obj(r)),
            Err(e) => break e,
        }
    };
    assert_eq!(err, VmError::Limit(Limit::Heap { limit: 100_000 }));
    assert!(!err.is_catchable());
}

#[test]
fn dicts_trace_keys_and_values() {
    let mut vm = Vm::default();
    let k = vm.new_str("key").unwrap();
    let v = vm.new_str("value").unwrap();
    let mut d = PyDict::new();
    d.insert_new(1, k, v);
    let d = vm.heap.alloc(Object::Dict(d)).unwrap();
    vm.new_str("garbage").unwrap();
    vm.collect(&Value::Obj(d));
    assert_eq!(vm.live_objects(), 3);
}

/// The cycle reload creates: function → module dict → function (and module → dict). It must die
/// once nothing outside refers to it.
#[test]
fn function_module_dict_cycle_dies() {
    use hotpy_vm::object::Module;
    use hotpy_vm::ops;
    let mut vm = Vm::default();
    let compiled = hotpy_compiler::compile_module("def f(x=1):\n    return x\n", "m.py").unwrap();
    // Loading code interns its names for the VM's lifetime (one str per name, like the
    // interner): load it once before counting.
    vm.load_code(compiled.clone()).unwrap();
    vm.collect(&NoRoots);
    let before = vm.live_objects();
    let name = vm.new_str("mod").unwrap();
    let dict = vm.new_dict().unwrap();
    let module = vm
        .heap
        .alloc(Object::Module(Module {
            name,
            dict: dict.as_obj().unwrap(),
        }))
        .unwrap();
    let code = vm.load_code(compiled).unwrap();
    let f = vm.new_function(code, dict.as_obj().unwrap()).unwrap();
    let defaults = vm.new_tuple(vec![Value::Int(1)]).unwrap();
    if let Object::Function(func) = vm.heap.get_mut(f.as_obj().unwrap()) {
        func.defaults = defaults;
    }
    let fname = vm.new_str("f").unwrap();
    ops::dict_set(&mut vm.heap, dict.as_obj().unwrap(), fname, f).unwrap();
    let root = vm.root(Value::Obj(module));
    vm.collect(&NoRoots);
    // module, its name, its dict, the function, its defaults, the dict key, the code object and
    // what loading it made (name, qualname, constants)
    assert!(vm.live_objects() >= before + 7, "{}", vm.live_objects());
    drop(root);
    vm.collect(&NoRoots);
    assert_eq!(vm.live_objects(), before);
}

/// A toy interpreter state as a `RootSource`: a value stack and a globals dict. Random
/// operations under stress mode (a collection at every allocation) must never free anything
/// still reachable.
#[test]
fn custom_root_source_under_stress() {
    use hotpy_vm::gc::Tracer;
    use hotpy_vm::{ops, RootSource};
    struct Frame {
        stack: Vec<Value>,
        globals: Value,
    }
    impl RootSource for Frame {
        fn trace_roots(&self, t: &mut Tracer<'_>) {
            t.values(&self.stack);
            t.value(self.globals);
        }
    }
    let mut vm = Vm::default();
    vm.set_gc_stress(true);
    let g = vm.new_dict().unwrap();
    let mut frame = Frame {
        stack: Vec::new(),
        globals: g,
    };
    let mut seed: u64 = 12345;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for step in 0..3000 {
        match rand() % 5 {
            0 => {
                let s = vm
                    .alloc(
                        Object::Str(hotpy_vm::PyStr::new(format!("s{step}"))),
                        &frame,
                    )
                    .unwrap();
                frame.stack.push(Value::Obj(s));
            }
            1 if frame.stack.len() >= 2 => {
                let b = frame.stack.pop().unwrap();
                let a = frame.stack.pop().unwrap();
                let l = vm.alloc(Object::List(vec![a, b]), &frame).unwrap();
                frame.stack.push(Value::Obj(l));
            }
            2 if !frame.stack.is_empty() => {
                let v = frame.stack.pop().unwrap();
                let k = vm
                    .alloc(
                        Object::Str(hotpy_vm::PyStr::new(format!("k{}", step % 50))),
                        &(&frame, v),
                    )
                    .unwrap();
                ops::dict_set(&mut vm.heap, g.as_obj().unwrap(), Value::Obj(k), v).unwrap();
            }
            3 => {
                frame.stack.pop();
            }
            _ => vm.safepoint(&frame),
        }
    }
    // everything reachable is intact and readable
    let text = hotpy_vm::repr::repr(&vm.heap, g, 10_000).unwrap();
    assert!(text.starts_with('{'));
    for v in &frame.stack {
        hotpy_vm::repr::repr(&vm.heap, *v, 10_000).unwrap();
    }
    assert!(vm.gc_stats().collections > 1000);
}
