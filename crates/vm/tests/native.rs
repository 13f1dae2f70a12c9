//! The native calling convention and the builtin method tables.

use hotpy_vm::types::BuiltinType;
use hotpy_vm::{Args, Object, Value, Vm};

#[test]
fn list_methods_through_the_table() {
    let mut vm = Vm::default();
    let xs = vm.new_list(vec![]).unwrap();
    let append = vm.interner.intern("append");
    let m = vm.builtin_method(BuiltinType::List, append).unwrap();
    vm.call_native(m, Args::positional_only(&[xs, Value::Int(7)]))
        .unwrap();
    let Object::List(items) = vm.heap.get(xs.as_obj().unwrap()) else {
        panic!()
    };
    assert_eq!(items, &[Value::Int(7)]);
    let e = vm.call_native(m, Args::positional_only(&[xs])).unwrap_err();
    assert_eq!(
        e.message(),
        Some("list.append() takes exactly one argument (0 given)")
    );
    let pop = vm.interner.intern("pop");
    let m = vm.builtin_method(BuiltinType::List, pop).unwrap();
    let v = vm.call_native(m, Args::positional_only(&[xs])).unwrap();
    assert_eq!(v, Value::Int(7));
    let e = vm.call_native(m, Args::positional_only(&[xs])).unwrap_err();
    assert_eq!(e.message(), Some("pop from empty list"));
    // The method objects survive collections: the VM roots them.
    vm.collect(&xs);
    let again = vm.builtin_method(BuiltinType::List, pop).unwrap();
    assert_eq!(again, m);
    assert!(vm.builtin_method(BuiltinType::Int, pop).is_none());
}
