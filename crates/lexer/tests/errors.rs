//! Every lexical error message, with the line and column CPython reports for it.

use hotpy_lexer::{decode_source, tokenize, LexError};
use rstest::rstest;

fn first_error(source: &str) -> LexError {
    match tokenize(source) {
        (_, Some(err)) => err,
        (tokens, None) => panic!("no error for {source:?}; tokens: {tokens:?}"),
    }
}

#[rstest]
// Generated from CPython 3.11: compile(source) raised these (type, msg, lineno, offset).
#[case::num_trailing_underscore("1_\n", "SyntaxError", "invalid decimal literal", 1, 2)]
#[case::num_leading_zeros("0777\n", "SyntaxError", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 1)]
#[case::num_double_underscore("1__2\n", "SyntaxError", "invalid decimal literal", 1, 2)]
#[case::num_binary_digit("0b2\n", "SyntaxError", "invalid digit '2' in binary literal", 1, 3)]
#[case::num_binary_digit_later(
    "0b12\n",
    "SyntaxError",
    "invalid digit '2' in binary literal",
    1,
    4
)]
#[case::num_octal_digit("0o8\n", "SyntaxError", "invalid digit '8' in octal literal", 1, 3)]
#[case::num_octal_empty("0o\n", "SyntaxError", "invalid octal literal", 1, 2)]
#[case::num_hex_empty("0x\n", "SyntaxError", "invalid hexadecimal literal", 1, 2)]
#[case::num_hex_bad("0xg\n", "SyntaxError", "invalid hexadecimal literal", 1, 2)]
#[case::num_exponent_empty("1e\n", "SyntaxError", "invalid decimal literal", 1, 1)]
#[case::num_exponent_sign("1e+\n", "SyntaxError", "invalid decimal literal", 1, 3)]
#[case::num_point_exponent("1.e\n", "SyntaxError", "invalid decimal literal", 1, 2)]
#[case::num_letter("1a\n", "SyntaxError", "invalid decimal literal", 1, 1)]
#[case::num_underscore_letter("1_a\n", "SyntaxError", "invalid decimal literal", 1, 2)]
#[case::num_imaginary_digit("1.5j2\n", "SyntaxError", "invalid imaginary literal", 1, 4)]
#[case::num_zero_underscore_digit("0_7\n", "SyntaxError", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 1)]
#[case::num_zero_nine("09\n", "SyntaxError", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 1)]
#[case::num_imaginary_letter("1jx\n", "SyntaxError", "invalid imaginary literal", 1, 2)]
#[case::num_binary_underscore("0b1_\n", "SyntaxError", "invalid binary literal", 1, 4)]
#[case::num_exponent_underscore("1e5_\n", "SyntaxError", "invalid decimal literal", 1, 4)]
#[case::num_in_expression("x = 12abc\n", "SyntaxError", "invalid decimal literal", 1, 6)]
#[case::num_hex_underscore("0x1_\n", "SyntaxError", "invalid hexadecimal literal", 1, 4)]
#[case::num_octal_underscore("0o1_\n", "SyntaxError", "invalid octal literal", 1, 4)]
#[case::num_zeros_underscore("00_\n", "SyntaxError", "invalid decimal literal", 1, 3)]
#[case::num_fraction_underscore("1.5_\n", "SyntaxError", "invalid decimal literal", 1, 4)]
#[case::num_hex_leading_underscore("0x_\n", "SyntaxError", "invalid hexadecimal literal", 1, 3)]
#[case::char_euro("€\n", "SyntaxError", "invalid character '€' (U+20AC)", 1, 1)]
#[case::char_nbsp(
    "a\u{a0}= 1\n",
    "SyntaxError",
    "invalid non-printable character U+00A0",
    1,
    2
)]
#[case::char_dollar("x = 1 $ 2\n", "SyntaxError", "invalid syntax", 1, 7)]
#[case::char_question("x = a?b\n", "SyntaxError", "invalid syntax", 1, 6)]
#[case::char_backtick("x = `a`\n", "SyntaxError", "invalid syntax", 1, 5)]
#[case::char_bang("x = 1 ! 2\n", "SyntaxError", "invalid syntax", 1, 7)]
#[case::char_in_name("x€ = 1\n", "SyntaxError", "invalid character '€' (U+20AC)", 1, 2)]
#[case::char_zero_width_space(
    "x\u{200b} = 1\n",
    "SyntaxError",
    "invalid non-printable character U+200B",
    1,
    2
)]
#[case::str_unterminated(
    "'abc\n",
    "SyntaxError",
    "unterminated string literal (detected at line 1)",
    1,
    1
)]
#[case::str_triple_unterminated(
    "'''abc\n",
    "SyntaxError",
    "unterminated triple-quoted string literal (detected at line 1)",
    1,
    1
)]
#[case::str_unterminated_later_line(
    "x = 1\ny = \"abc\n",
    "SyntaxError",
    "unterminated string literal (detected at line 2)",
    2,
    5
)]
#[case::str_triple_multiline(
    "x = '''\nabc\n\n",
    "SyntaxError",
    "unterminated triple-quoted string literal (detected at line 3)",
    1,
    5
)]
#[case::str_continued_unterminated(
    "x = 'a\\\nb\n",
    "SyntaxError",
    "unterminated string literal (detected at line 2)",
    1,
    5
)]
#[case::fstr_unterminated(
    "f'abc\n",
    "SyntaxError",
    "unterminated string literal (detected at line 1)",
    1,
    1
)]
#[case::str_at_eof(
    "'abc",
    "SyntaxError",
    "unterminated string literal (detected at line 1)",
    1,
    1
)]
#[case::paren_never_closed("x = (1,\n", "SyntaxError", "'(' was never closed", 1, 5)]
#[case::paren_unmatched("x = 1)\n", "SyntaxError", "unmatched ')'", 1, 6)]
#[case::paren_mismatch(
    "(]\n",
    "SyntaxError",
    "closing parenthesis ']' does not match opening parenthesis '('",
    1,
    2
)]
#[case::paren_mismatch_lines(
    "x = (\n1,\n]\n",
    "SyntaxError",
    "closing parenthesis ']' does not match opening parenthesis '(' on line 1",
    3,
    1
)]
#[case::brace_never_closed("x = {\n", "SyntaxError", "'{' was never closed", 1, 5)]
#[case::brace_unmatched("}\n", "SyntaxError", "unmatched '}'", 1, 1)]
#[case::backslash_eof("x = \\\n", "SyntaxError", "unexpected EOF while parsing", 1, 6)]
#[case::backslash_char(
    "x = 1 \\ 2\n",
    "SyntaxError",
    "unexpected character after line continuation character",
    1,
    8
)]
#[case::backslash_no_newline("x = 1 \\", "SyntaxError", "unexpected EOF while parsing", 1, 8)]
#[case::dedent_mismatch(
    "if x:\n  y\n z\n",
    "IndentationError",
    "unindent does not match any outer indentation level",
    3,
    3
)]
#[case::dedent_mismatch_longer_line(
    "if x:\n  a\n bcd(1)\n",
    "IndentationError",
    "unindent does not match any outer indentation level",
    3,
    8
)]
#[case::dedent_mismatch_at_eof(
    "if x:\n  a\n b",
    "IndentationError",
    "unindent does not match any outer indentation level",
    3,
    3
)]
#[case::tab_after_tab_indent(
    "if x:\n\ty\n        z\n",
    "TabError",
    "inconsistent use of tabs and spaces in indentation",
    3,
    1
)]
#[case::tab_after_space_indent(
    "if x:\n        y\n\tz\n",
    "TabError",
    "inconsistent use of tabs and spaces in indentation",
    3,
    1
)]
fn errors_match_cpython(
    #[case] source: &str,
    #[case] kind: &str,
    #[case] message: &str,
    #[case] line: usize,
    #[case] offset: usize,
) {
    let err = first_error(source);
    assert_eq!(err.kind.python_name(), kind);
    assert_eq!(err.message, message);
    assert_eq!(err.line_and_offset(source), (line, offset));
}

#[test]
fn too_many_nested_parentheses() {
    let source = format!("{}{}\n", "(".repeat(201), ")".repeat(201));
    let err = first_error(&source);
    assert_eq!(err.message, "too many nested parentheses");
    assert_eq!(err.line_and_offset(&source), (1, 201));
}

#[test]
fn too_many_levels_of_indentation() {
    let mut source = String::from("if 1:\n");
    for depth in 1..=100 {
        source.push_str(&" ".repeat(depth));
        source.push_str("if 1:\n");
    }
    source.push_str(&" ".repeat(101));
    source.push_str("pass\n");
    let err = first_error(&source);
    assert_eq!(err.kind.python_name(), "IndentationError");
    assert_eq!(err.message, "too many levels of indentation");
    assert_eq!(err.line_and_offset(&source).0, 101);
}

#[rstest]
#[case::invalid_utf8(b"x = 1\n\xff\n", "Non-UTF-8 code starting with '\\xff' in file f.py on line 2, but no encoding declared; see https://peps.python.org/pep-0263/ for details")]
#[case::null_byte(b"x = 1\0\n", "source code cannot contain null bytes")]
#[case::unknown_encoding(b"# coding: foobar\n", "encoding problem: foobar")]
#[case::bom_with_latin1(
    b"\xEF\xBB\xBF# coding: latin-1\n",
    "encoding problem: iso-8859-1 with BOM"
)]
fn decoding_errors(#[case] bytes: &[u8], #[case] message: &str) {
    assert_eq!(decode_source(bytes, "f.py").unwrap_err().message, message);
}

#[test]
fn rendering_matches_cpython() {
    let source = "x = (1,\n";
    let err = first_error(source);
    assert_eq!(
        err.render("f.py", source),
        "  File \"f.py\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n"
    );
    let source = "if x:\n\ty\n        z\n";
    assert_eq!(
        first_error(source).render("f.py", source),
        "  File \"f.py\", line 3\n    z\nTabError: inconsistent use of tabs and spaces in indentation\n"
    );
}

#[test]
fn rendering_keeps_trailing_spaces_and_gives_indentation_errors_one_caret() {
    // CPython prints the line as written (trailing spaces kept) and clips the caret to its end.
    let source = "if x:\n  a\n b = 1   \n";
    assert_eq!(
        first_error(source).render("f.py", source),
        "  File \"f.py\", line 3\n    b = 1   \n            ^\nIndentationError: unindent does not match any outer indentation level\n"
    );
}

#[test]
fn rendering_widens_the_caret_over_a_syntax_error_range() {
    let source = "x = 1_000_\n";
    let err = first_error(source);
    let rendered = err.render("f.py", source);
    let caret = rendered.lines().nth(2).unwrap_or_default();
    let (_, offset) = err.line_and_offset(source);
    assert_eq!(
        caret.trim_start().len(),
        (err.end - err.start).max(1) as usize
    );
    assert_eq!(caret.len() - caret.trim_start().len(), 4 + offset - 1);
}
