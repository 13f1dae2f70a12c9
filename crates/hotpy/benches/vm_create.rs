//! How long a new VM takes. The goal (issue 8) is an idle VM — module system and reload layer
//! installed, modules imported on demand — in at most 50 µs.
//!
//! - `factory_new_vm`: `VmFactory::new_vm()` (the VM is dropped each iteration);
//! - `factory_new_vm_and_run`: the same plus a first tiny statement (the VM makes its builtins
//!   on first use);
//! - `install_per_vm`: a VM made without a factory (`hotpy::install` with a new `Importer`,
//!   which builds the standard library's table for that VM), for comparison.
//!
//! Run with `cargo bench -p hotpy --bench vm_create`. Memory per VM is
//! `cargo run --release -p hotpy --example vm_memory`.

use criterion::{criterion_group, criterion_main, Criterion};
use hotpy::{Vm, VmFactory};
use std::hint::black_box;

fn vm_create(c: &mut Criterion) {
    let factory = VmFactory::new();
    let tiny = hotpy::compiler::compile_module("x = 21 * 2\n", "<tiny>").expect("compiles");
    let mut group = c.benchmark_group("vm_create");
    group.bench_function("factory_new_vm", |b| {
        b.iter(|| black_box(factory.new_vm().expect("vm")))
    });
    group.bench_function("factory_new_vm_and_run", |b| {
        b.iter(|| {
            let mut vm = factory.new_vm().expect("vm");
            let globals = vm.new_main_globals(None).expect("globals");
            vm.run_code(tiny.clone(), globals).expect("runs");
            black_box(vm)
        })
    });
    group.bench_function("install_per_vm", |b| {
        b.iter(|| {
            let mut vm = Vm::default();
            let importer = hotpy::install(
                &mut vm,
                hotpy::Importer::new(),
                &hotpy::ModulesConfig::default(),
            )
            .expect("install");
            hotpy::reload::install(
                &mut vm,
                &importer,
                std::sync::Arc::new(hotpy::reload::Reexec),
            );
            black_box(vm)
        })
    });
    group.finish();
}

criterion_group!(benches, vm_create);
criterion_main!(benches);
