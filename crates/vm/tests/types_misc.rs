//! The class-method natives (callable without a receiver, for `dict.fromkeys(...)` once types
//! are objects), unbound calls, and method tables under GC. Expected values from python3.

mod types_support;

use hotpy_vm::types::{bytes, dict, float, int, str as pystr, BuiltinType};
use hotpy_vm::{Args, NoRoots, Value, Vm};
use rstest::rstest;

fn repr(vm: &Vm, v: Value) -> String {
    hotpy_vm::repr::repr(&vm.heap, v, 100).unwrap()
}

type Native = fn(&mut Vm, Args<'_>) -> hotpy_vm::VmResult<Value>;

fn fromhex_bytes(vm: &mut Vm, a: Args<'_>) -> hotpy_vm::VmResult<Value> {
    bytes::fromhex(vm, a, false)
}

fn fromhex_bytearray(vm: &mut Vm, a: Args<'_>) -> hotpy_vm::VmResult<Value> {
    bytes::fromhex(vm, a, true)
}

#[rstest]
#[case(dict::fromkeys as Native, "('ab', 0)", "{'a': 0, 'b': 0}")]
#[case(dict::fromkeys as Native, "([1, 2],)", "{1: None, 2: None}")]
#[case(dict::fromkeys as Native, "()", "!fromkeys expected at least 1 argument, got 0")]
#[case(pystr::maketrans as Native, "('ab', 'xy')", "{97: 120, 98: 121}")]
#[case(int::from_bytes as Native, "(b'\\x01\\x00', 'little')", "1")]
#[case(int::from_bytes as Native, "()", "!from_bytes() missing required argument 'bytes' (pos 1)")]
#[case(float::fromhex as Native, "('0x1.8p1',)", "3.0")]
#[case(fromhex_bytes as Native, "('0a ff',)", "b'\\n\\xff'")]
#[case(fromhex_bytearray as Native, "('0a ff',)", "bytearray(b'\\n\\xff')")]
fn class_methods(#[case] f: Native, #[case] args: &str, #[case] want: &str) {
    let mut vm = Vm::default();
    let a = types_support::parse(&mut vm, args);
    let hotpy_vm::Object::Tuple(items) = vm.heap.get(a.as_obj().unwrap()) else {
        panic!()
    };
    let items = items.to_vec();
    match f(&mut vm, Args::positional_only(&items)) {
        Ok(v) => assert_eq!(repr(&vm, v), want),
        Err(e) => assert_eq!(format!("!{}", e.message().unwrap()), want),
    }
}

#[rstest]
#[case(
    BuiltinType::Str,
    "split",
    "unbound method str.split() needs an argument"
)]
#[case(
    BuiltinType::Dict,
    "get",
    "unbound method dict.get() needs an argument"
)]
#[case(BuiltinType::Set, "add", "unbound method set.add() needs an argument")]
#[case(
    BuiltinType::Int,
    "bit_length",
    "unbound method int.bit_length() needs an argument"
)]
#[case(
    BuiltinType::Float,
    "hex",
    "unbound method float.hex() needs an argument"
)]
#[case(
    BuiltinType::Bytes,
    "hex",
    "unbound method bytes.hex() needs an argument"
)]
#[case(
    BuiltinType::Tuple,
    "index",
    "unbound method tuple.index() needs an argument"
)]
#[case(
    BuiltinType::Range,
    "count",
    "unbound method range.count() needs an argument"
)]
#[case(
    BuiltinType::Str,
    "format",
    "unbound method str.format() needs an argument"
)]
#[case(
    BuiltinType::Str,
    "join",
    "unbound method str.join() needs an argument"
)]
fn unbound_without_receiver(#[case] ty: BuiltinType, #[case] method: &str, #[case] want: &str) {
    let mut vm = Vm::default();
    let name = vm.interner.intern(method);
    let m = vm.builtin_method(ty, name).unwrap();
    let e = vm.call_native(m, Args::positional_only(&[])).unwrap_err();
    assert_eq!(e.message(), Some(want));
}

/// Every method of every table survives a collection and works afterwards; results allocated
/// by natives are ordinary heap objects that a collection frees once unreachable.
#[test]
fn methods_under_gc() {
    let mut vm = Vm::default();
    vm.set_gc_stress(true);
    let s = vm.new_str("a b c").unwrap();
    let r = vm.root(s);
    let split = vm.interner.intern("split");
    let m = vm.builtin_method(BuiltinType::Str, split).unwrap();
    vm.collect(&NoRoots);
    let parts = vm.call_native(m, Args::positional_only(&[s])).unwrap();
    assert_eq!(repr(&vm, parts), "['a', 'b', 'c']");
    let before = vm.live_objects();
    vm.collect(&NoRoots);
    assert!(vm.live_objects() < before);
    assert!(vm.heap.is_live(r.value().as_obj().unwrap()));
    let again = vm.builtin_method(BuiltinType::Str, split).unwrap();
    assert_eq!(again, m);
}

/// The class/static methods reachable from the type objects, without a receiver
/// (`dict.fromkeys('ab')` → `{'a': None, 'b': None}` in python3).
#[rstest]
#[case(BuiltinType::Dict, "fromkeys", "('ab',)", "{'a': None, 'b': None}")]
#[case(BuiltinType::Str, "maketrans", "('a', 'b')", "{97: 98}")]
#[case(BuiltinType::Bytes, "fromhex", "('6869',)", "b'hi'")]
#[case(BuiltinType::ByteArray, "fromhex", "('6869',)", "bytearray(b'hi')")]
#[case(BuiltinType::Int, "from_bytes", "(b'\\x01\\x00',)", "256")]
#[case(BuiltinType::Bool, "from_bytes", "(b'\\x01',)", "True")]
#[case(BuiltinType::Float, "fromhex", "('0x1p-1',)", "0.5")]
fn static_methods(
    #[case] ty: BuiltinType,
    #[case] name: &str,
    #[case] args: &str,
    #[case] want: &str,
) {
    let mut vm = Vm::default();
    let f = hotpy_vm::types::util::static_method(ty, name).expect("a static method");
    let a = types_support::parse(&mut vm, args);
    let hotpy_vm::Object::Tuple(items) = vm.heap.get(a.as_obj().unwrap()) else {
        panic!()
    };
    let items = items.to_vec();
    let v = f(&mut vm, Args::positional_only(&items)).unwrap();
    assert_eq!(repr(&vm, v), want);
    assert!(hotpy_vm::types::util::static_method(ty, "split").is_none());
}
