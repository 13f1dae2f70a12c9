//! Where a reload's time goes: the median time of compiling the benchmark's 1,000-line module
//! (and its parts: lexing, parsing, the rest of compiling), then of a whole reload per policy.
//! Quicker to run than the criterion benchmark, and split by phase, so a change to one phase can
//! be read off directly.
//!
//! `cargo run --release -p hotpy-reload --example reload_phases [-- --runs N] [--reload-only]
//! [--file PATH] [--policy NAME] [--cpython]` (`--file`: only the compile phases of that file;
//! `--policy`: reload under that policy only; `--cpython`: also time `python3`'s
//! `importlib.reload` of the same module, compiling it each time as hotpy does, side by side).

#[path = "../benches/support.rs"]
mod support;

use std::time::{Duration, Instant};
use support::{thousand_line_module, vm_with_module, Dir};

/// The median and the minimum of `runs` timings of `f` (after a few unmeasured warm-up runs).
/// On a shared machine the minimum moves less with the others' load.
fn median(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    for _ in 0..runs.div_ceil(10) {
        f();
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[times.len() / 2], times[0])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runs = args
        .iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    // `--reload-only` skips the compile timings (for profiling the reload alone).
    let reload_only = args.iter().any(|a| a == "--reload-only");
    // `--file PATH`: time compiling that file instead, and nothing else.
    if let Some(path) = args
        .iter()
        .position(|a| a == "--file")
        .and_then(|i| args.get(i + 1))
    {
        let text = std::fs::read_to_string(path).expect("read the file");
        println!("{path} ({} lines):", text.lines().count());
        compile_phases(&text, runs);
        return;
    }
    let source = thousand_line_module(0);

    if !reload_only {
        println!("the 1,000-line benchmark module:");
        compile_phases(&source, runs);
    }
    let only = args
        .iter()
        .position(|a| a == "--policy")
        .and_then(|i| args.get(i + 1));
    for policy in ["reexec", "fresh", "upgrade", "isolate"] {
        if only.is_some_and(|name| name != policy) {
            continue;
        }
        let dir = Dir::new("phases");
        dir.write("big", &source);
        let mut vm = vm_with_module(&dir, "big", policy);
        let reload = median(runs, || {
            hotpy_reload::reload(&mut vm, "big", false).expect("reload");
        });
        println!("  reload {policy:<8}     {}", ms(reload));
    }
    if args.iter().any(|a| a == "--cpython") {
        match cpython_reload(&source, runs.min(200)) {
            Ok(t) => println!("  python3 reload       {}", ms(t)),
            Err(why) => println!("  python3 reload: {why}"),
        }
    }
}

/// The median and minimum time of CPython's `importlib.reload` of `source` over `runs` reloads,
/// measured inside `python3` (no `.pyc`, so it compiles each time, as hotpy does), or why not.
fn cpython_reload(source: &str, runs: usize) -> Result<(Duration, Duration), String> {
    let dir = Dir::new("phases-cpython");
    dir.write("big", source);
    let script = format!(
        "import sys, time, importlib\n\
         sys.dont_write_bytecode = True\n\
         sys.path.insert(0, {dir:?})\n\
         import big\n\
         for _ in range({warm}): importlib.reload(big)\n\
         times = []\n\
         for _ in range({runs}):\n    \
             t = time.perf_counter(); importlib.reload(big); times.append(time.perf_counter() - t)\n\
         times.sort()\n\
         print(times[len(times) // 2], times[0])\n",
        dir = dir.0.display().to_string(),
        warm = runs.div_ceil(10),
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &script])
        .output()
        .map_err(|e| format!("python3: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut numbers = text.split_whitespace().map(|n| n.parse::<f64>());
    match (numbers.next(), numbers.next()) {
        (Some(Ok(median)), Some(Ok(min))) => Ok((
            Duration::from_secs_f64(median),
            Duration::from_secs_f64(min),
        )),
        _ => Err(format!(
            "python3 printed {text:?}, {}",
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

fn ms((median, min): (Duration, Duration)) -> String {
    format!(
        "{:7.3} ms (min {:.3})",
        median.as_secs_f64() * 1e3,
        min.as_secs_f64() * 1e3
    )
}

/// Lexing, parsing and compiling `source`, each timed alone.
fn compile_phases(source: &str, runs: usize) {
    let lex = median(runs, || {
        let n = hotpy_lexer::tokenize(source).0.len();
        std::hint::black_box(n);
    });
    let parse = median(runs, || {
        let arena = bumpalo::Bump::new();
        let module = hotpy_compiler::parse_module(source, &arena).expect("parses");
        std::hint::black_box(module.body.len());
    });
    let symtable = median(runs, || {
        let table = hotpy_compiler::symbol_table(source).expect("scopes");
        std::hint::black_box(table.scopes.len());
    });
    let here = median(runs, || {
        let arena = bumpalo::Bump::new();
        let module = hotpy_compiler::parse_module(source, &arena).expect("parses");
        let code = hotpy_compiler::codegen::compile_parsed(
            &module,
            source,
            "big.py",
            hotpy_compiler::Mode::Exec,
        );
        std::hint::black_box(code.expect("compiles"));
    });
    let compile = median(runs, || {
        let code = hotpy_compiler::compile_module(source, "big.py").expect("compiles");
        std::hint::black_box(code);
    });
    println!("  {} bytes, median of {runs}:", source.len());
    println!("  lex                 {}", ms(lex));
    println!("  parse (with lex)    {}", ms(parse));
    println!(
        "  symtable            {}",
        ms((
            symtable.0.saturating_sub(parse.0),
            symtable.1.saturating_sub(parse.1)
        ))
    );
    println!(
        "  symtable + codegen  {}",
        ms((
            here.0.saturating_sub(parse.0),
            here.1.saturating_sub(parse.1)
        ))
    );
    println!("  parse + codegen     {}", ms(here));
    println!("  compile_module      {}", ms(compile));
}
