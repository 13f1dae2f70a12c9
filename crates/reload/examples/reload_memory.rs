//! Memory across many reloads: a module with 10 classes and 20 functions, reloaded 10,000 times
//! (by default) from its file under each policy named on the command line (default: reexec,
//! fresh, upgrade). Between reloads a live instance of each class is kept, as a running program
//! would. Prints, per policy, the GC's live objects and live bytes after a collection, and the
//! process's resident set, before and after. The goal: under 2 MiB of growth.
//!
//! `cargo run --release -p hotpy-reload --example reload_memory [-- POLICY... [--reloads N]
//! [--collect]]`; run one policy per process to read its own peak RSS. `--collect` runs the GC
//! after every reload: the RSS growth without it is mostly the garbage the collector's pacing
//! lets pile up before a collection (it levels off after about 1,000 reloads), not live data.

#[path = "../benches/support.rs"]
mod support;

use hotpy_vm::{NoRoots, Vm};
use support::{small_module, vm_with_module, Dir};

/// `(VmRSS, VmHWM)` in KiB from `/proc/self/status` (zeros where there is no `/proc`).
fn rss_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn live(vm: &mut Vm) -> (usize, usize) {
    vm.collect(&NoRoots);
    (vm.heap.objects().count(), vm.heap.live_bytes())
}

fn main() {
    let mut policies = Vec::new();
    let mut reloads = 10_000u64;
    let mut collect_each = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--collect" {
            collect_each = true;
        } else if a == "--reloads" {
            reloads = args.next().and_then(|n| n.parse().ok()).unwrap_or(reloads);
        } else {
            policies.push(a);
        }
    }
    if policies.is_empty() {
        policies = vec!["reexec".into(), "fresh".into(), "upgrade".into()];
    }
    for policy in &policies {
        let dir = Dir::new("memory");
        dir.write("mod10", &small_module(0));
        let mut vm = vm_with_module(&dir, "mod10", policy);
        // Live instances of every class, held by the main program as a game would (under
        // `isolate` the classes stay in the module's child VM: nothing to hold).
        let globals = vm.new_main_globals(None).expect("globals");
        let keep = if policy == "isolate" {
            "import mod10\nkeep = []\n"
        } else {
            "import mod10\nkeep = [getattr(mod10, f'Class{i}')(i) for i in range(10)]\n"
        };
        let code = vm.compile_module(keep, "<keep>").expect("compile");
        vm.run_code(code, globals).expect("make instances");
        // Warm up: the first reloads allocate the history and the caches that then stay.
        for i in 0..10 {
            dir.write("mod10", &small_module(i % 2));
            hotpy_reload::reload(&mut vm, "mod10", false).expect("reload");
        }
        let (objects0, bytes0) = live(&mut vm);
        let (rss0, _) = rss_kib();
        let started = std::time::Instant::now();
        for i in 0..reloads {
            // Alternate two sources, so every reload really changes the module.
            if i % 2 == 0 {
                dir.write("mod10", &small_module(1));
            } else {
                dir.write("mod10", &small_module(0));
            }
            hotpy_reload::reload(&mut vm, "mod10", false).expect("reload");
            if collect_each {
                vm.collect(&NoRoots);
            }
        }
        let elapsed = started.elapsed();
        let (objects1, bytes1) = live(&mut vm);
        let (rss1, hwm1) = rss_kib();
        println!(
            "{policy:8} {reloads} reloads in {:.2} s ({:.3} ms each): live objects {objects0} → \
             {objects1} ({:+}), live bytes {bytes0} → {bytes1} ({:+}), RSS {rss0} KiB → {rss1} \
             KiB ({:+} KiB), peak RSS {hwm1} KiB",
            elapsed.as_secs_f64(),
            elapsed.as_secs_f64() * 1000.0 / reloads as f64,
            objects1 as i64 - objects0 as i64,
            bytes1 as i64 - bytes0 as i64,
            rss1 as i64 - rss0 as i64,
        );
    }
}
