//! Hashing, equality, repr and dict/set access of builtin values, checked against CPython 3.11
//! (hashes of str/bytes as printed with `PYTHONHASHSEED=0`).

use hotpy_vm::dict::PySet;
use hotpy_vm::numeric::int::Int;
use hotpy_vm::{ops, repr, ExcKind, Object, PyStr, Value, Vm, VmConfig};
use rstest::rstest;

fn s(vm: &mut Vm, text: &str) -> Value {
    vm.new_str(text).unwrap()
}

fn big(vm: &mut Vm, text: &str) -> Value {
    Int::parse(text, 10)
        .unwrap()
        .into_value(&mut vm.heap)
        .unwrap()
}

#[rstest]
#[case("", 0)]
#[case("a", 4644417185603328019)]
#[case("abc", -4594863902769663758)]
#[case("hello world!", 839851713330019024)]
#[case("é", 6047309291227476195)]
#[case("héllo", 6395329678795984700)]
#[case("€", -5529981157763016009)]
#[case("😀x", -8926728262118538918)]
#[case("abcdefgh", 4574395652268504554)]
#[case("abcdefghi", -532774252720507163)]
fn str_hash_matches_cpython_seed_0(#[case] text: &str, #[case] want: i64) {
    let mut vm = Vm::default();
    let v = s(&mut vm, text);
    assert_eq!(ops::hash(&vm.heap, v, 100).unwrap(), want);
}

#[rstest]
#[case(b"abc", -4594863902769663758)]
#[case(b"", 0)]
#[case(b"\xff\x00", 7217110220190950386)]
fn bytes_hash(#[case] b: &[u8], #[case] want: i64) {
    assert_eq!(hotpy_vm::hash::hash_bytes(b), want);
}

#[test]
fn tuple_and_frozenset_hashes() {
    let mut vm = Vm::default();
    let h = |vm: &Vm, v| ops::hash(&vm.heap, v, 100).unwrap();
    let empty = vm.new_tuple(vec![]).unwrap();
    assert_eq!(h(&vm, empty), 5740354900026072187);
    let t1 = vm.new_tuple(vec![Value::Int(1)]).unwrap();
    assert_eq!(h(&vm, t1), -6644214454873602895);
    let t12 = vm.new_tuple(vec![Value::Int(1), Value::Int(2)]).unwrap();
    assert_eq!(h(&vm, t12), -3550055125485641917);
    let t23 = vm.new_tuple(vec![Value::Int(2), Value::Int(3)]).unwrap();
    let nested = vm.new_tuple(vec![Value::Int(1), t23]).unwrap();
    assert_eq!(h(&vm, nested), 7267574591690527098);
    let a = s(&mut vm, "a");
    let ta = vm.new_tuple(vec![a, Value::Float(1.5)]).unwrap();
    assert_eq!(h(&vm, ta), -7544107753855020359);
    let tb = vm
        .new_tuple(vec![Value::Bool(true), Value::Bool(false)])
        .unwrap();
    assert_eq!(h(&vm, tb), -5164621852614943976);
    let b = big(&mut vm, "18446744073709551616");
    let tbig = vm.new_tuple(vec![b, Value::Int(-1)]).unwrap();
    assert_eq!(h(&vm, tbig), 4705214496270574563);

    let fs = |vm: &mut Vm, items: Vec<Value>| {
        let r = vm.heap.alloc(Object::FrozenSet(PySet::new())).unwrap();
        for it in items {
            ops::set_add(&mut vm.heap, r, it).unwrap();
        }
        Value::Obj(r)
    };
    let f0 = fs(&mut vm, vec![]);
    assert_eq!(h(&vm, f0), 133146708735736);
    let f1 = fs(&mut vm, vec![Value::Int(1)]);
    assert_eq!(h(&vm, f1), -558064481276695278);
    let f3 = fs(&mut vm, vec![Value::Int(3), Value::Int(1), Value::Int(2)]);
    assert_eq!(h(&vm, f3), -272375401224217160);
    let a = s(&mut vm, "a");
    let fa = fs(&mut vm, vec![a]);
    assert_eq!(h(&vm, fa), -7857795138424989601);
}

#[rstest]
#[case("0.5", 1152921504606846976)]
#[case("1.0", 1)]
#[case("-1.0", -2)]
#[case("1e300", 1224995262755759164)]
#[case("2305843009213693951", 0)]
#[case("2305843009213693952", 1)]
#[case("-2305843009213693952", -2)]
#[case("1267650600228229401496703205376", 549755813888)]
#[case("1.5e-300", 1876877353711978326)]
#[case("inf", 314159)]
fn number_hashes(#[case] text: &str, #[case] want: i64) {
    let mut vm = Vm::default();
    let v = if text.contains(['.', 'e', 'i']) {
        Value::Float(text.parse().unwrap())
    } else {
        big(&mut vm, text)
    };
    assert_eq!(ops::hash(&vm.heap, v, 10).unwrap(), want);
}

#[test]
fn unhashable_kinds() {
    let mut vm = Vm::default();
    let l = vm.new_list(vec![]).unwrap();
    let e = ops::hash(&vm.heap, l, 10).unwrap_err();
    assert_eq!(e.kind(), Some(ExcKind::TypeError));
    assert_eq!(e.message(), Some("unhashable type: 'list'"));
    let d = vm.new_dict().unwrap();
    let e = ops::dict_set(&mut vm.heap, d.as_obj().unwrap(), l, Value::None).unwrap_err();
    assert_eq!(e.message(), Some("unhashable type: 'list'"));
    let t = vm.new_tuple(vec![Value::Int(1), l]).unwrap();
    assert_eq!(
        ops::hash(&vm.heap, t, 10).unwrap_err().message(),
        Some("unhashable type: 'list'")
    );
}

#[test]
fn dict_with_python_key_equality() {
    let mut vm = Vm::default();
    let d = vm.new_dict().unwrap().as_obj().unwrap();
    let k1 = s(&mut vm, "key");
    let k2 = s(&mut vm, "key"); // equal, distinct object
    ops::dict_set(&mut vm.heap, d, k1, Value::Int(1)).unwrap();
    ops::dict_set(&mut vm.heap, d, k2, Value::Int(2)).unwrap();
    // 1, 1.0 and True are the same key
    ops::dict_set(&mut vm.heap, d, Value::Int(1), Value::Int(10)).unwrap();
    ops::dict_set(&mut vm.heap, d, Value::Float(1.0), Value::Int(11)).unwrap();
    ops::dict_set(&mut vm.heap, d, Value::Bool(true), Value::Int(12)).unwrap();
    let b1 = big(&mut vm, "100000000000000000000");
    let b2 = big(&mut vm, "100000000000000000000");
    ops::dict_set(&mut vm.heap, d, b1, Value::Int(20)).unwrap();
    let t1 = vm.new_tuple(vec![Value::Int(1), k1]).unwrap();
    let t2 = vm.new_tuple(vec![Value::Float(1.0), k2]).unwrap();
    ops::dict_set(&mut vm.heap, d, t1, Value::Int(30)).unwrap();
    let Object::Dict(dict) = vm.heap.get(d) else {
        panic!()
    };
    assert_eq!(dict.len(), 4);
    assert_eq!(ops::dict_get(&vm.heap, d, k2).unwrap(), Some(Value::Int(2)));
    assert_eq!(
        ops::dict_get(&vm.heap, d, Value::Float(1.0)).unwrap(),
        Some(Value::Int(12))
    );
    assert_eq!(
        ops::dict_get(&vm.heap, d, b2).unwrap(),
        Some(Value::Int(20))
    );
    assert_eq!(
        ops::dict_get(&vm.heap, d, t2).unwrap(),
        Some(Value::Int(30))
    );
    assert_eq!(
        ops::dict_get_str(&vm.heap, d, "key").unwrap(),
        Some(Value::Int(2))
    );
    assert_eq!(ops::dict_get_str(&vm.heap, d, "nope").unwrap(), None);
    assert_eq!(
        ops::dict_del(&mut vm.heap, d, Value::Int(1)).unwrap(),
        Some(Value::Int(12))
    );
    assert_eq!(ops::dict_del(&mut vm.heap, d, Value::Int(1)).unwrap(), None);
    let r = repr::repr(&vm.heap, Value::Obj(d), 100).unwrap();
    assert_eq!(r, "{'key': 2, 100000000000000000000: 20, (1, 'key'): 30}");
}

#[test]
fn equality_of_containers() {
    let mut vm = Vm::default();
    let a = s(&mut vm, "a");
    let a2 = s(&mut vm, "a");
    let l1 = vm
        .new_list(vec![Value::Int(1), a, Value::Float(2.0)])
        .unwrap();
    let l2 = vm
        .new_list(vec![Value::Float(1.0), a2, Value::Int(2)])
        .unwrap();
    assert!(ops::eq(&vm.heap, l1, l2, 100).unwrap());
    let t = vm.new_tuple(vec![Value::Int(1), a]).unwrap();
    assert!(!ops::eq(&vm.heap, l1, t, 100).unwrap());
    let nan = Value::Float(f64::NAN);
    assert!(!ops::eq(&vm.heap, nan, nan, 100).unwrap());
    let ln = vm.new_list(vec![nan]).unwrap();
    let ln2 = vm.new_list(vec![nan]).unwrap();
    // containers compare elements with `is` first, as CPython: [nan] == [nan] for the same nan
    assert!(ops::eq(&vm.heap, ln, ln2, 100).unwrap());
    let d1 = vm.new_dict().unwrap();
    let d2 = vm.new_dict().unwrap();
    ops::dict_set(&mut vm.heap, d1.as_obj().unwrap(), a, l1).unwrap();
    ops::dict_set(&mut vm.heap, d2.as_obj().unwrap(), a2, l2).unwrap();
    assert!(ops::eq(&vm.heap, d1, d2, 100).unwrap());
    let b = vm.heap.alloc(Object::Bytes(b"ab".to_vec().into())).unwrap();
    let ba = vm.heap.alloc(Object::ByteArray(b"ab".to_vec())).unwrap();
    assert!(ops::eq(&vm.heap, Value::Obj(b), Value::Obj(ba), 100).unwrap());
    let big1 = big(&mut vm, "9007199254740993");
    assert!(!ops::eq(&vm.heap, big1, Value::Float(9007199254740992.0), 100).unwrap());
}

#[test]
fn reprs_of_containers() {
    let mut vm = Vm::default();
    let a = s(&mut vm, "a");
    let q = s(&mut vm, "it's");
    let b = vm.heap.alloc(Object::Bytes(b"x".to_vec().into())).unwrap();
    let l = vm
        .new_list(vec![
            Value::Float(1.0),
            a,
            Value::Obj(b),
            Value::None,
            Value::Bool(true),
            q,
        ])
        .unwrap();
    // python3: repr([1.0, 'a', b'x', None, True, "it's"])
    assert_eq!(
        repr::repr(&vm.heap, l, 100).unwrap(),
        "[1.0, 'a', b'x', None, True, \"it's\"]"
    );
    let t1 = vm.new_tuple(vec![Value::Int(1)]).unwrap();
    assert_eq!(repr::repr(&vm.heap, t1, 100).unwrap(), "(1,)");
    let t0 = vm.new_tuple(vec![]).unwrap();
    assert_eq!(repr::repr(&vm.heap, t0, 100).unwrap(), "()");
    let set = vm.heap.alloc(Object::Set(PySet::new())).unwrap();
    assert_eq!(repr::repr(&vm.heap, Value::Obj(set), 100).unwrap(), "set()");
    ops::set_add(&mut vm.heap, set, Value::Int(1)).unwrap();
    ops::set_add(&mut vm.heap, set, Value::Int(2)).unwrap();
    assert_eq!(
        repr::repr(&vm.heap, Value::Obj(set), 100).unwrap(),
        "{1, 2}"
    );
    let fs = vm.heap.alloc(Object::FrozenSet(PySet::new())).unwrap();
    ops::set_add(&mut vm.heap, fs, Value::Int(1)).unwrap();
    assert_eq!(
        repr::repr(&vm.heap, Value::Obj(fs), 100).unwrap(),
        "frozenset({1})"
    );
    let ba = vm.heap.alloc(Object::ByteArray(vec![])).unwrap();
    assert_eq!(
        repr::repr(&vm.heap, Value::Obj(ba), 100).unwrap(),
        "bytearray(b'')"
    );
    let r = vm
        .heap
        .alloc(Object::Range(hotpy_vm::object::Range {
            start: Value::Int(1),
            stop: Value::Int(5),
            step: Value::Int(2),
        }))
        .unwrap();
    assert_eq!(
        repr::repr(&vm.heap, Value::Obj(r), 100).unwrap(),
        "range(1, 5, 2)"
    );
    let sl = vm
        .heap
        .alloc(Object::Slice(hotpy_vm::object::Slice {
            start: Value::Int(1),
            stop: Value::None,
            step: Value::None,
        }))
        .unwrap();
    assert_eq!(
        repr::repr(&vm.heap, Value::Obj(sl), 100).unwrap(),
        "slice(1, None, None)"
    );
    assert_eq!(repr::str(&vm.heap, a, 100).unwrap(), "a");
}

#[test]
fn self_referential_containers() {
    let mut vm = Vm::default();
    let l = vm.new_list(vec![Value::Int(1)]).unwrap();
    if let Object::List(v) = vm.heap.get_mut(l.as_obj().unwrap()) {
        v.push(l);
    }
    assert_eq!(repr::repr(&vm.heap, l, 100).unwrap(), "[1, [...]]");
    let d = vm.new_dict().unwrap();
    let k = s(&mut vm, "a");
    ops::dict_set(&mut vm.heap, d.as_obj().unwrap(), k, d).unwrap();
    assert_eq!(repr::repr(&vm.heap, d, 100).unwrap(), "{'a': {...}}");
}

#[test]
fn a_million_deep_list_is_a_recursion_error_not_a_crash() {
    let mut vm = Vm::default();
    let max = vm.config().max_depth;
    let mut x = vm.new_list(vec![]).unwrap();
    let mut y = vm.new_list(vec![]).unwrap();
    let mut t = vm.new_tuple(vec![]).unwrap();
    for _ in 0..1_000_000 {
        x = vm.new_list(vec![x]).unwrap();
        y = vm.new_list(vec![y]).unwrap();
        t = vm.new_tuple(vec![t]).unwrap();
    }
    let e = repr::repr(&vm.heap, x, max).unwrap_err();
    assert_eq!(e.kind(), Some(ExcKind::RecursionError));
    assert_eq!(
        e.message(),
        Some("maximum recursion depth exceeded while getting the repr of an object")
    );
    let e = ops::eq(&vm.heap, x, y, max).unwrap_err();
    assert_eq!(
        e.message(),
        Some("maximum recursion depth exceeded in comparison")
    );
    assert!(ops::eq(&vm.heap, x, x, max).unwrap(), "identity short-cut");
    let e = ops::hash(&vm.heap, t, max).unwrap_err();
    assert_eq!(e.kind(), Some(ExcKind::RecursionError));
}

#[test]
fn nesting_within_the_limit_works() {
    let mut vm = Vm::new(VmConfig::default());
    let mut x = vm.new_list(vec![]).unwrap();
    for _ in 0..500 {
        x = vm.new_list(vec![x]).unwrap();
    }
    let r = repr::repr(&vm.heap, x, 1000).unwrap();
    assert_eq!(r.len(), 1002);
}

#[test]
fn str_objects() {
    let p = PyStr::new("aé");
    assert_eq!(p.char_len(), 2);
    assert!(!p.is_ascii());
}

#[test]
fn ordering_comparisons() {
    use hotpy_vm::ops::{compare_error, richcompare, CmpOp};
    let mut vm = Vm::default();
    let l = |vm: &mut Vm, items: Vec<Value>| vm.new_list(items).unwrap();
    let t = |vm: &mut Vm, items: Vec<Value>| vm.new_tuple(items).unwrap();
    let cmp = |vm: &Vm, op, a, b| richcompare(&vm.heap, op, a, b, 100).unwrap();
    // expected values printed by python3 3.11
    let a = l(&mut vm, vec![Value::Int(1), Value::Int(2)]);
    let b = l(&mut vm, vec![Value::Int(1), Value::Int(2), Value::Int(3)]);
    assert_eq!(cmp(&vm, CmpOp::Lt, a, b), Some(true)); // [1,2] < [1,2,3]
    let sa = s(&mut vm, "a");
    let sb = s(&mut vm, "b");
    let t1 = t(&mut vm, vec![Value::Int(1), sa]);
    let t2 = t(&mut vm, vec![Value::Int(1), sb]);
    assert_eq!(cmp(&vm, CmpOp::Lt, t1, t2), Some(true)); // (1,'a') < (1,'b')
    let e = s(&mut vm, "é");
    assert_eq!(cmp(&vm, CmpOp::Lt, sa, e), Some(true)); // 'a' < 'é'
    let nan = l(&mut vm, vec![Value::Int(1), Value::Float(f64::NAN)]);
    let one_two = l(&mut vm, vec![Value::Int(1), Value::Int(2)]);
    assert_eq!(cmp(&vm, CmpOp::Lt, nan, one_two), Some(false)); // [1, nan] < [1, 2]
    let x = l(&mut vm, vec![Value::Int(1), Value::Int(2)]);
    let y = l(&mut vm, vec![Value::Int(1), Value::Float(2.5)]);
    assert_eq!(cmp(&vm, CmpOp::Lt, x, y), Some(true)); // [1, 2] < [1, 2.5]
    let empty = l(&mut vm, vec![]);
    let inner = l(&mut vm, vec![]);
    let nested = l(&mut vm, vec![inner]);
    assert_eq!(cmp(&vm, CmpOp::Lt, empty, nested), Some(true)); // [] < [[]]
    let s1 = vm.heap.alloc(Object::Set(PySet::new())).unwrap();
    let s12 = vm.heap.alloc(Object::FrozenSet(PySet::new())).unwrap();
    ops::set_add(&mut vm.heap, s1, Value::Int(1)).unwrap();
    ops::set_add(&mut vm.heap, s12, Value::Int(1)).unwrap();
    ops::set_add(&mut vm.heap, s12, Value::Int(2)).unwrap();
    assert_eq!(
        cmp(&vm, CmpOp::Lt, Value::Obj(s1), Value::Obj(s12)),
        Some(true)
    ); // {1} < {1,2}
    assert_eq!(
        cmp(&vm, CmpOp::Gt, Value::Obj(s1), Value::Obj(s12)),
        Some(false)
    );
    // [1,'a'] < [1, 2] → TypeError: '<' not supported between instances of 'str' and 'int'
    let m = l(&mut vm, vec![Value::Int(1), sa]);
    let n = l(&mut vm, vec![Value::Int(1), Value::Int(2)]);
    assert_eq!(cmp(&vm, CmpOp::Lt, m, n), None);
    let err = compare_error(&vm.heap, CmpOp::Lt, sa, Value::Int(2));
    assert_eq!(
        err.message(),
        Some("'<' not supported between instances of 'str' and 'int'")
    );
    assert_eq!(cmp(&vm, CmpOp::Lt, Value::None, Value::None), None);
    assert_eq!(cmp(&vm, CmpOp::Ne, Value::None, Value::None), Some(false));
    // deep nesting: RecursionError, not a crash
    let mut p = l(&mut vm, vec![]);
    let mut q = l(&mut vm, vec![Value::Int(1)]);
    for _ in 0..100_000 {
        p = l(&mut vm, vec![p]);
        q = l(&mut vm, vec![q]);
    }
    let e = richcompare(&vm.heap, CmpOp::Lt, p, q, 1000).unwrap_err();
    assert_eq!(e.kind(), Some(ExcKind::RecursionError));
}
