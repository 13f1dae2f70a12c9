//! VMs share no interpreter state, so two of them run on two threads at once: the same
//! CPU-bound Python function in two VMs, first one after the other on one thread, then on two
//! threads in parallel. Prints both times and their ratio (parallel / sequential); on two
//! free cores the goal is at most 0.65 (1.0 would mean the VMs serialise). On a shared machine
//! the cores may not be free: the CPU time the process used in each phase (from
//! `/proc/self/stat`) shows how much of two cores the threads got (about 2× the wall time when
//! both ran at once).
//!
//! `cargo run --release -p hotpy --example parallel_vms [N]` (N: the loop's length, default
//! 3,000,000).

use hotpy::{Vm, VmFactory};
use std::time::{Duration, Instant};

const PROGRAM: &str = "
def work(n):
    total = 0
    i = 0
    while i < n:
        total += i
        i += 1
    return total

result = work(N)
";

/// CPU time (user + system) this process has used, in seconds (0 without `/proc`).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which is in parentheses and may contain spaces);
    // utime and stime are the 14th and 15th fields, in clock ticks (100 per second on Linux).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Run the program in `vm` and check its answer.
fn run(vm: &mut Vm, n: i64) -> Duration {
    let code = hotpy::compiler::compile_module(&PROGRAM.replace('N', &n.to_string()), "<work>")
        .expect("compiles");
    let globals = vm.new_main_globals(None).expect("globals");
    let started = Instant::now();
    vm.run_code(code, globals).expect("runs");
    let elapsed = started.elapsed();
    let result = vm.dict_get_str(globals, "result").expect("lookup");
    assert_eq!(result, Some(hotpy::Value::Int(n * (n - 1) / 2)));
    elapsed
}

fn main() {
    let n: i64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3_000_000);
    let factory = VmFactory::new();

    // Warm-up, so neither measurement pays for first-use costs (page faults, allocator).
    run(&mut factory.new_vm().expect("vm"), n / 10);

    let mut a = factory.new_vm().expect("vm");
    let mut b = factory.new_vm().expect("vm");
    let cpu = cpu_seconds();
    let started = Instant::now();
    run(&mut a, n);
    run(&mut b, n);
    let sequential = started.elapsed();
    let sequential_cpu = cpu_seconds() - cpu;

    let mut vms = [factory.new_vm().expect("vm"), factory.new_vm().expect("vm")];
    let cpu = cpu_seconds();
    let started = Instant::now();
    std::thread::scope(|s| {
        for vm in &mut vms {
            s.spawn(move || run(vm, n));
        }
    });
    let parallel = started.elapsed();
    let parallel_cpu = cpu_seconds() - cpu;

    println!(
        "sum of range({n}) in two VMs: one after the other {:.3} s, on two threads {:.3} s, ratio {:.2}",
        sequential.as_secs_f64(),
        parallel.as_secs_f64(),
        parallel.as_secs_f64() / sequential.as_secs_f64()
    );
    println!(
        "CPU time used: one after the other {sequential_cpu:.2} s, on two threads {parallel_cpu:.2} s ({:.1} cores busy)",
        parallel_cpu / parallel.as_secs_f64()
    );
}
