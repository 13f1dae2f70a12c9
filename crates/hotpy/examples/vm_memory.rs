//! How much one more VM costs: make 2,000 VMs from one [`hotpy::VmFactory`], keep them all
//! alive, run a tiny statement in each, and print the time per VM and the growth of the
//! process's resident memory (`VmRSS` in `/proc/self/status`) per VM, for creating an idle VM
//! and for its first run (the builtins are made on first use).
//!
//! `cargo run --release -p hotpy --example vm_memory [COUNT]`
//!
//! `--install` makes each VM the way a single VM is made without a factory
//! (`hotpy::install(&mut vm, Importer::new(), &config)`, which builds the standard library's
//! table for that VM), for comparison.

use hotpy::{Vm, VmFactory};
use std::time::Instant;

/// The resident set size of this process in KiB (0 where `/proc` is missing).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let without_factory = args.iter().any(|a| a == "--install");
    let count: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(2000);
    let factory = VmFactory::new();
    let code = hotpy::compiler::compile_module("x = 21 * 2\n", "<tiny>")?;

    // Warm up: the first VM compiles nothing yet, but the allocator's first arenas and the
    // lazily made parts of the factory should not count against the per-VM figures.
    drop(factory.new_vm()?);

    let mut vms: Vec<Vm> = Vec::with_capacity(count);
    let rss0 = rss_kib();
    let t0 = Instant::now();
    for _ in 0..count {
        let vm = if without_factory {
            let mut vm = Vm::default();
            let importer = hotpy::install(
                &mut vm,
                hotpy::Importer::new(),
                &hotpy::ModulesConfig::default(),
            )?;
            hotpy::reload::install(
                &mut vm,
                &importer,
                std::sync::Arc::new(hotpy::reload::Reexec),
            );
            vm
        } else {
            factory.new_vm()?
        };
        vms.push(vm);
    }
    let create = t0.elapsed();
    let rss1 = rss_kib();

    let t1 = Instant::now();
    for vm in &mut vms {
        let globals = vm.new_main_globals(None)?;
        vm.run_code(code.clone(), globals)?;
    }
    let run = t1.elapsed();
    let rss2 = rss_kib();

    let per = |d: std::time::Duration| d.as_secs_f64() * 1e6 / count as f64;
    let kib = |a: u64, b: u64| b.saturating_sub(a) as f64 / count as f64;
    println!(
        "{count} VMs ({})",
        if without_factory {
            "install per VM"
        } else {
            "VmFactory"
        }
    );
    println!(
        "create idle VM:   {:8.1} µs/VM  {:8.1} KiB/VM",
        per(create),
        kib(rss0, rss1)
    );
    println!(
        "first tiny run:   {:8.1} µs/VM  {:8.1} KiB/VM",
        per(run),
        kib(rss1, rss2)
    );
    println!(
        "total:            {:8.1} µs/VM  {:8.1} KiB/VM",
        per(create + run),
        kib(rss0, rss2)
    );
    Ok(())
}
