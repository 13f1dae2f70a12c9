//! The parser never panics: random mutations of the golden snippets (deleted, duplicated and
//! swapped pieces, inserted tokens, truncations) must all give a tree or a SyntaxError, and
//! deeply nested inputs must give CPython's answer or a clean SyntaxError, never a stack overflow.

use std::fs;
use std::path::Path;

use rstest::rstest;

/// A small deterministic xorshift generator (no dependency needed for test inputs).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Pieces of Python inserted at random places.
const PIECES: &[&str] = &[
    "(", ")", "[", "]", "{", "}", ":", ",", "=", "*", "**", "\n", "    ", "if ", "else", "lambda",
    "f'{", "}'", "'", "\"", "yield", "await ", "match ", "case ", "async ", "def ", "class ", ":=",
    "->", "@", ".", "...", "not ", " in ", "0x", "1e", "\\", "#", "\t", "from ", "import ",
    "except*", "try:", "finally", "with (", " as ", "del ", "global ", "!r", "=}", "{{", "}}",
];

fn mutate(rng: &mut Rng, source: &str) -> String {
    let mut chars: Vec<char> = source.chars().collect();
    for _ in 0..=rng.below(4) {
        let len = chars.len();
        match rng.below(5) {
            0 if len > 0 => {
                let at = rng.below(len);
                let n = rng.below(20).min(len - at);
                chars.drain(at..at + n);
            }
            1 => {
                let at = rng.below(len + 1);
                let piece = PIECES[rng.below(PIECES.len())];
                chars.splice(at..at, piece.chars());
            }
            2 if len > 0 => {
                let at = rng.below(len);
                let n = rng.below(40).min(len - at);
                let copy: Vec<char> = chars[at..at + n].to_vec();
                let to = rng.below(len + 1);
                chars.splice(to..to, copy);
            }
            3 if len > 0 => chars.truncate(rng.below(len)),
            _ if len > 1 => {
                let (a, b) = (rng.below(len), rng.below(len));
                chars.swap(a, b);
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mutated_snippets_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ast");
    let mut sources = Vec::new();
    for entry in fs::read_dir(dir).expect("tests/ast") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "py") {
            sources.push(fs::read_to_string(path).expect("snippet"));
        }
    }
    sources.sort();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut errors = 0;
    for round in 0..5000 {
        let source = &sources[round % sources.len()];
        // Mutate a window of the file so that errors land in many different constructs.
        let lines: Vec<&str> = source.lines().collect();
        let from = rng.below(lines.len());
        let to = (from + 1 + rng.below(12)).min(lines.len());
        let window = lines[from..to].join("\n") + "\n";
        let mutated = mutate(&mut rng, &window);
        if hotpy_compiler::check_syntax(&mutated).is_err() {
            errors += 1;
        }
        let _ = hotpy_compiler::dump_ast(&mutated);
    }
    // Most mutations break the program: the test does reach the error paths.
    assert!(errors > 1000, "only {errors} mutations were errors");
}

#[rstest]
#[case::parens("(".repeat(199) + "x" + &")".repeat(199), true)]
#[case::brackets("[".repeat(199) + "x" + &"]".repeat(199), true)]
#[case::too_many_parens("(".repeat(201) + "x" + &")".repeat(201), false)]
#[case::unary("-".repeat(900) + "x", true)]
#[case::unary_too_deep("-".repeat(50_000) + "x", false)]
#[case::nots("not ".repeat(900) + "x", true)]
#[case::nots_too_deep("not ".repeat(50_000) + "x", false)]
#[case::power("a**".repeat(900) + "b", true)]
#[case::lambdas("lambda: ".repeat(300) + "x", true)]
#[case::lambdas_too_deep("lambda: ".repeat(50_000) + "x", false)]
#[case::conditional("x if y else ".repeat(500) + "z", true)]
#[case::conditional_too_deep("x if y else ".repeat(50_000) + "z", false)]
#[case::sum_too_long("a+".repeat(50_000) + "b", false)]
#[case::attributes_too_long("x".to_string() + &".a".repeat(50_000), false)]
#[case::calls_too_long("f".to_string() + &"()".repeat(50_000), false)]
#[case::blocks((0..99).map(|i| " ".repeat(i) + "if x:\n").collect::<String>() + &" ".repeat(99) + "pass\n", true)]
#[case::fstring_in_parens("(".repeat(190) + "f'{" + &"(".repeat(5) + "x" + &")".repeat(5) + "}'" + &")".repeat(190), true)]
fn deep_nesting_is_bounded(#[case] source: String, #[case] valid: bool) {
    let result = hotpy_compiler::check_syntax(&source);
    assert_eq!(
        result.is_ok(),
        valid,
        "{:?}",
        result.err().map(|e| e.message)
    );
}
