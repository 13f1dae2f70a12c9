//! Finds how much stack `parse_module` needs for the deepest inputs the depth limit allows:
//! `stack_probe KIB` parses them on a thread with that much stack (a crash means too little);
//! `stack_probe KIB --compile` also compiles them (symbol table and code generation).

fn main() {
    let kib: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(8192);
    let compile = std::env::args().any(|a| a == "--compile");
    let inputs = [
        "(".repeat(199) + &"-".repeat(790) + "x" + &")".repeat(199),
        "[".repeat(199) + "x" + &"]".repeat(199),
        "f(".repeat(199) + &")".repeat(199),
        "x if y else ".repeat(995) + "z",
        "lambda: ".repeat(995) + "x",
        "(".repeat(100) + &"not ".repeat(890) + "x" + &")".repeat(100),
        (0..99)
            .map(|i| " ".repeat(i) + "if x:\n")
            .collect::<String>()
            + &" ".repeat(99)
            + &"(".repeat(199)
            + &"-".repeat(690)
            + "x"
            + &")".repeat(199),
        // Nested functions, each a code unit of its own, around a deep expression.
        (0..99)
            .map(|i| " ".repeat(i) + "def f():\n")
            .collect::<String>()
            + &" ".repeat(99)
            + "return "
            + &"(".repeat(199)
            + &"-".repeat(690)
            + "x"
            + &")".repeat(199),
        // Nested comprehensions.
        "[".repeat(199) + "x for x in y" + &"]".repeat(199),
        "[(".repeat(99) + "x for x in y" + &")]".repeat(99),
    ];
    let handle = std::thread::Builder::new()
        .stack_size(kib * 1024)
        .spawn(move || {
            for source in &inputs {
                let arena = bumpalo::Bump::new();
                let parsed = hotpy_compiler::parse_module(source, &arena);
                let ok = match parsed {
                    Ok(module) if compile => hotpy_compiler::codegen::compile_parsed(
                        &module,
                        source,
                        "probe.py",
                        hotpy_compiler::Mode::Exec,
                    )
                    .is_ok(),
                    parsed => parsed.is_ok(),
                };
                println!(
                    "{} bytes: {}",
                    source.len(),
                    if ok { "ok" } else { "error" }
                );
            }
        })
        .expect("thread");
    let _ = handle.join();
}
