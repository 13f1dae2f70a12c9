//! Micro-benchmarks of the VM foundations: small-int arithmetic through the value-level dispatch,
//! dict insert/lookup with str and int keys, and allocation + collection.

use criterion::{criterion_group, criterion_main, Criterion};
use hotpy_vm::numeric::{binary_op, BinOp};
use hotpy_vm::{ops, NoRoots, Object, Value, Vm};
use std::hint::black_box;

fn small_int_arith(c: &mut Criterion) {
    let mut vm = Vm::default();
    c.bench_function("int add/mul/floordiv x1000", |b| {
        b.iter(|| {
            let mut acc = Value::Int(0);
            for i in 0..1000i64 {
                let t = binary_op(&mut vm.heap, BinOp::Mul, Value::Int(i), Value::Int(3))
                    .unwrap()
                    .unwrap();
                let t = binary_op(&mut vm.heap, BinOp::FloorDiv, t, Value::Int(2))
                    .unwrap()
                    .unwrap();
                acc = binary_op(&mut vm.heap, BinOp::Add, acc, t)
                    .unwrap()
                    .unwrap();
            }
            black_box(acc)
        })
    });
}

fn dict_ops(c: &mut Criterion) {
    let mut vm = Vm::default();
    let keys: Vec<Value> = (0..1000)
        .map(|i| vm.new_str(format!("name{i}")).unwrap())
        .collect();
    c.bench_function("dict insert 1000 str keys", |b| {
        b.iter_custom(|iters| {
            let mut total = std::time::Duration::ZERO;
            for i in 0..iters {
                let start = std::time::Instant::now();
                let d = vm.new_dict().unwrap().as_obj().unwrap();
                for (i, &k) in keys.iter().enumerate() {
                    ops::dict_set(&mut vm.heap, d, k, Value::Int(i as i64)).unwrap();
                }
                black_box(d);
                total += start.elapsed();
                if i % 64 == 63 {
                    vm.collect(&keys); // untimed: free the dicts built so far
                }
            }
            vm.collect(&keys);
            total
        })
    });
    let d = vm.new_dict().unwrap().as_obj().unwrap();
    for (i, &k) in keys.iter().enumerate() {
        ops::dict_set(&mut vm.heap, d, k, Value::Int(i as i64)).unwrap();
    }
    c.bench_function("dict lookup 1000 str keys", |b| {
        b.iter(|| {
            let mut n = 0;
            for &k in &keys {
                if ops::dict_get(&vm.heap, d, k).unwrap().is_some() {
                    n += 1;
                }
            }
            black_box(n)
        })
    });
    let di = vm.new_dict().unwrap().as_obj().unwrap();
    for i in 0..1000 {
        ops::dict_set(&mut vm.heap, di, Value::Int(i), Value::Int(i)).unwrap();
    }
    c.bench_function("dict lookup 1000 int keys", |b| {
        b.iter(|| {
            let mut n = 0;
            for i in 0..1000 {
                if ops::dict_get(&vm.heap, di, Value::Int(i))
                    .unwrap()
                    .is_some()
                {
                    n += 1;
                }
            }
            black_box(n)
        })
    });
}

fn alloc_and_collect(c: &mut Criterion) {
    c.bench_function("alloc 10k lists + collect", |b| {
        let mut vm = Vm::default();
        b.iter(|| {
            for i in 0..10_000 {
                vm.heap.alloc(Object::List(vec![Value::Int(i)])).unwrap();
            }
            black_box(vm.collect(&NoRoots))
        })
    });
}

criterion_group!(benches, small_int_arith, dict_ops, alloc_and_collect);
criterion_main!(benches);
