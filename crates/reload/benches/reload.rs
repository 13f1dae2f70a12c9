//! How long a reload takes: a generated 1,000-line module (10 classes with methods, functions,
//! constants) reloaded from its file, per built-in policy. The goal is a median of at
//! most 1 ms (CPython 3.11's `importlib.reload` takes about 16 ms on the same module).
//!
//! Run with `cargo bench -p hotpy-reload --bench reload`. The memory side (10,000 reloads) is
//! `cargo run --release -p hotpy-reload --example reload_memory`.

mod support;

use criterion::{criterion_group, criterion_main, Criterion};
use support::{thousand_line_module, vm_with_module, Dir};

fn reload_per_policy(c: &mut Criterion) {
    let source = thousand_line_module(0);
    let lines = source.lines().count();
    assert!(
        (990..=1010).contains(&lines),
        "the generated module has {lines} lines"
    );
    let mut group = c.benchmark_group("reload_1000_lines");
    for policy in ["reexec", "fresh", "upgrade"] {
        let dir = Dir::new("bench");
        dir.write("big", &source);
        let mut vm = vm_with_module(&dir, "big", policy);
        group.bench_function(policy, |b| {
            b.iter(|| {
                hotpy_reload::reload(&mut vm, "big", false).expect("reload");
            })
        });
    }
    group.finish();
}

criterion_group!(benches, reload_per_policy);
criterion_main!(benches);
