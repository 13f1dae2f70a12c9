//! No input makes the lexer panic, and every token it produces lies on character boundaries, in
//! order, inside the source.

use hotpy_lexer::{decode_source, format_tokenize, tokenize, Lexer};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Fragments that exercise every path of the driver when glued together at random.
const PIECES: &[&str] = &[
    " ",
    "  ",
    "\t",
    "\x0c",
    "\n",
    "\r\n",
    "\r",
    "\\",
    "\\\n",
    "#",
    "# c\n",
    "'",
    "\"",
    "'''",
    "\"\"\"",
    "r'",
    "b\"",
    "f'",
    "rb'",
    "x",
    "if",
    "é",
    "€",
    "\u{a0}",
    "\u{e0100}",
    "0",
    "1",
    "0x",
    "0o",
    "0b",
    "_",
    ".",
    "e",
    "j",
    "+",
    "-",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    "=",
    "!",
    "$",
    "?",
    "`",
    "<>",
    "...",
    "->",
    ":=",
    "**=",
    "1e+",
    "9",
    "\\N{",
    "\\x",
    "\u{0}",
];

fn check_invariants(source: &str) {
    let (tokens, _) = tokenize(source);
    let mut last_end = 0;
    for token in &tokens {
        assert!(token.start <= token.end, "{token:?} in {source:?}");
        assert!(
            token.start >= last_end || token.start == token.end,
            "{token:?} in {source:?}"
        );
        assert!(
            source.is_char_boundary(token.start as usize),
            "{token:?} in {source:?}"
        );
        assert!(
            source.is_char_boundary(token.end as usize),
            "{token:?} in {source:?}"
        );
        last_end = token.end.max(last_end);
    }
    // The formatter and error rendering must not panic either.
    let _ = format_tokenize(source.as_bytes(), "f.py");
    if let (_, Some(err)) = tokenize(source) {
        let _ = err.render("f.py", source);
        let _ = err.line_and_offset(source);
    }
}

#[test]
fn random_sources_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let len = rng.below(24);
        let source: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        check_invariants(&source);
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(42);
    for _ in 0..5_000 {
        let len = rng.below(40);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if let Ok(decoded) = decode_source(&bytes, "f.py") {
            check_invariants(&decoded.text);
        }
        let _ = format_tokenize(&bytes, "f.py");
    }
}

#[test]
fn huge_nesting_and_long_lines_end_in_errors_or_tokens() {
    let deep = "(".repeat(100_000);
    assert!(tokenize(&deep).1.is_some());
    let long = format!("x = {}\n", "1 + ".repeat(100_000) + "1");
    assert!(tokenize(&long).1.is_none());
    let many_dedents = (0..99).fold(String::new(), |mut s, depth| {
        s.push_str(&" ".repeat(depth));
        s.push_str("if x:\n");
        s
    }) + &" ".repeat(99)
        + "pass\n";
    let dedents = Lexer::new(&many_dedents)
        .filter(|t| t.as_ref().is_ok_and(|t| t.kind.name() == "DEDENT"))
        .count();
    assert_eq!(dedents, 99);
}
