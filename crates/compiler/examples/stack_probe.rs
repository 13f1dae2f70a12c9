//! Finds how much stack `parse_module` needs for the deepest inputs the depth limit allows:
//! `stack_probe KIB` parses them on a thread with that much stack (a crash means too little).

fn main() {
    let kib: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(8192);
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
    ];
    let handle = std::thread::Builder::new()
        .stack_size(kib * 1024)
        .spawn(move || {
            for source in &inputs {
                let arena = bumpalo::Bump::new();
                let ok = hotpy_compiler::parse_module(source, &arena).is_ok();
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
