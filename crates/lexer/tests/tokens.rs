//! Every token kind, checked against the kinds CPython's tokenizer gives for the same source.

use hotpy_lexer::{tokenize, TokenKind};
use rstest::rstest;

fn kinds(source: &str) -> Vec<&'static str> {
    let (tokens, error) = tokenize(source);
    assert_eq!(error, None, "unexpected error for {source:?}");
    tokens.iter().map(|t| t.kind.name()).collect()
}

#[rstest]
// Generated from CPython 3.11's tokenize module (exact token names, ENCODING left out).
#[case::op_notequal("a != b\n", &["NAME", "NOTEQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_percent("a % b\n", &["NAME", "PERCENT", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_percentequal("a %= b\n", &["NAME", "PERCENTEQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_amper("a & b\n", &["NAME", "AMPER", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_amperequal("a &= b\n", &["NAME", "AMPEREQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_lpar("(\n)\n", &["LPAR", "NL", "RPAR", "NEWLINE", "ENDMARKER"])]
#[case::op_rpar("()\n", &["LPAR", "RPAR", "NEWLINE", "ENDMARKER"])]
#[case::op_star("a * b\n", &["NAME", "STAR", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_doublestar("a ** b\n", &["NAME", "DOUBLESTAR", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_doublestarequal("a **= b\n", &["NAME", "DOUBLESTAREQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_starequal("a *= b\n", &["NAME", "STAREQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_plus("a + b\n", &["NAME", "PLUS", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_plusequal("a += b\n", &["NAME", "PLUSEQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_comma("a , b\n", &["NAME", "COMMA", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_minus("a - b\n", &["NAME", "MINUS", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_minequal("a -= b\n", &["NAME", "MINEQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_rarrow("a -> b\n", &["NAME", "RARROW", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_dot("a . b\n", &["NAME", "DOT", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_ellipsis("a ... b\n", &["NAME", "ELLIPSIS", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_slash("a / b\n", &["NAME", "SLASH", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_doubleslash("a // b\n", &["NAME", "DOUBLESLASH", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_doubleslashequal("a //= b\n", &["NAME", "DOUBLESLASHEQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_slashequal("a /= b\n", &["NAME", "SLASHEQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_colon("a : b\n", &["NAME", "COLON", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_colonequal("a := b\n", &["NAME", "COLONEQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_semi("a ; b\n", &["NAME", "SEMI", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_less("a < b\n", &["NAME", "LESS", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_leftshift("a << b\n", &["NAME", "LEFTSHIFT", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_leftshiftequal("a <<= b\n", &["NAME", "LEFTSHIFTEQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_lessequal("a <= b\n", &["NAME", "LESSEQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_equal("a = b\n", &["NAME", "EQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_eqequal("a == b\n", &["NAME", "EQEQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_greater("a > b\n", &["NAME", "GREATER", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_greaterequal("a >= b\n", &["NAME", "GREATEREQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_rightshift("a >> b\n", &["NAME", "RIGHTSHIFT", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_rightshiftequal("a >>= b\n", &["NAME", "RIGHTSHIFTEQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_at("a @ b\n", &["NAME", "AT", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_atequal("a @= b\n", &["NAME", "ATEQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_lsqb("[\n]\n", &["LSQB", "NL", "RSQB", "NEWLINE", "ENDMARKER"])]
#[case::op_rsqb("[]\n", &["LSQB", "RSQB", "NEWLINE", "ENDMARKER"])]
#[case::op_circumflex("a ^ b\n", &["NAME", "CIRCUMFLEX", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_circumflexequal("a ^= b\n", &["NAME", "CIRCUMFLEXEQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_lbrace("{\n}\n", &["LBRACE", "NL", "RBRACE", "NEWLINE", "ENDMARKER"])]
#[case::op_vbar("a | b\n", &["NAME", "VBAR", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_vbarequal("a |= b\n", &["NAME", "VBAREQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::op_rbrace("{}\n", &["LBRACE", "RBRACE", "NEWLINE", "ENDMARKER"])]
#[case::op_tilde("a ~ b\n", &["NAME", "TILDE", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::name_ascii("abc_123 = _x\n", &["NAME", "EQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::name_unicode("π = größe\n", &["NAME", "EQUAL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::name_nfkc("ﬁle = 1\n", &["NAME", "EQUAL", "NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::keyword("if not x: pass\n", &["NAME", "NAME", "NAME", "COLON", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::int("x = 123\n", &["NAME", "EQUAL", "NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::underscore_int("1_000_000\n", &["NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::hex("0xDEAD_beef\n", &["NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::octal("0o17\n", &["NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::binary("0b1010\n", &["NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::zero("0\n", &["NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::zeros("000\n", &["NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::float_point("1.5\n", &["NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::float_trailing_point("1.\n", &["NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::float_leading_point(".5\n", &["NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::float_exponent("1e10\n", &["NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::float_exponent_sign("1.5E-3\n", &["NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::imaginary("3j\n", &["NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::imaginary_float("1.5e3J\n", &["NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::number_then_keyword("x = 1if y else 2\n", &["NAME", "EQUAL", "NUMBER", "NAME", "NAME", "NAME", "NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::attribute_of_int("1 .real\n", &["NUMBER", "DOT", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::string_single("'a'\n", &["STRING", "NEWLINE", "ENDMARKER"])]
#[case::string_double("\"a\"\n", &["STRING", "NEWLINE", "ENDMARKER"])]
#[case::string_triple("'''a\nb'''\n", &["STRING", "NEWLINE", "ENDMARKER"])]
#[case::string_triple_double("\"\"\"a\"\"\"\n", &["STRING", "NEWLINE", "ENDMARKER"])]
#[case::string_escapes("'a\\'b'\n", &["STRING", "NEWLINE", "ENDMARKER"])]
#[case::string_continuation("'a\\\nb'\n", &["STRING", "NEWLINE", "ENDMARKER"])]
#[case::raw_string("r'\\d'\n", &["STRING", "NEWLINE", "ENDMARKER"])]
#[case::bytes("b'x'\n", &["STRING", "NEWLINE", "ENDMARKER"])]
#[case::raw_bytes("Rb'x' bR'y'\n", &["STRING", "STRING", "NEWLINE", "ENDMARKER"])]
#[case::fstring("f'{x!r:>{w}}'\n", &["STRING", "NEWLINE", "ENDMARKER"])]
#[case::fstring_raw("rf'{x}' FR'{y}'\n", &["STRING", "STRING", "NEWLINE", "ENDMARKER"])]
#[case::unicode_prefix("u'x'\n", &["STRING", "NEWLINE", "ENDMARKER"])]
#[case::adjacent_strings("'a' 'b'\n", &["STRING", "STRING", "NEWLINE", "ENDMARKER"])]
#[case::comment("x = 1  # note\n", &["NAME", "EQUAL", "NUMBER", "COMMENT", "NEWLINE", "ENDMARKER"])]
#[case::comment_line("# only\nx\n", &["COMMENT", "NL", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::blank_lines("\n\nx\n\n", &["NL", "NL", "NAME", "NEWLINE", "NL", "ENDMARKER"])]
#[case::indent_dedent("if x:\n    y\nz\n", &["NAME", "NAME", "COLON", "NEWLINE", "INDENT", "NAME", "NEWLINE", "DEDENT", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::nested_dedents("if a:\n  if b:\n    c\nd\n", &["NAME", "NAME", "COLON", "NEWLINE", "INDENT", "NAME", "NAME", "COLON", "NEWLINE", "INDENT", "NAME", "NEWLINE", "DEDENT", "DEDENT", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::dedent_at_eof("if a:\n  b\n", &["NAME", "NAME", "COLON", "NEWLINE", "INDENT", "NAME", "NEWLINE", "DEDENT", "ENDMARKER"])]
#[case::tabs("if a:\n\tb\n", &["NAME", "NAME", "COLON", "NEWLINE", "INDENT", "NAME", "NEWLINE", "DEDENT", "ENDMARKER"])]
#[case::form_feed("\u{c}x = 1\n", &["NAME", "EQUAL", "NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::brackets_join_lines("x = (1,\n     2)\n", &["NAME", "EQUAL", "LPAR", "NUMBER", "COMMA", "NL", "NUMBER", "RPAR", "NEWLINE", "ENDMARKER"])]
#[case::backslash_continuation("x = 1 + \\\n    2\n", &["NAME", "EQUAL", "NUMBER", "PLUS", "NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::no_final_newline("x = 1", &["NAME", "EQUAL", "NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::comment_at_eof("x\n# end", &["NAME", "NEWLINE", "COMMENT", "NL", "ENDMARKER"])]
#[case::crlf("x = 1\r\ny = 2\r\n", &["NAME", "EQUAL", "NUMBER", "NEWLINE", "NAME", "EQUAL", "NUMBER", "NEWLINE", "ENDMARKER"])]
#[case::semicolons("a; b\n", &["NAME", "SEMI", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::ellipsis("x = ...\n", &["NAME", "EQUAL", "ELLIPSIS", "NEWLINE", "ENDMARKER"])]
#[case::walrus("(y := 1)\n", &["LPAR", "NAME", "COLONEQUAL", "NUMBER", "RPAR", "NEWLINE", "ENDMARKER"])]
#[case::arrow("def f() -> int: pass\n", &["NAME", "NAME", "LPAR", "RPAR", "RARROW", "NAME", "COLON", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::decorator("@d\ndef f(): pass\n", &["AT", "NAME", "NEWLINE", "NAME", "NAME", "LPAR", "RPAR", "COLON", "NAME", "NEWLINE", "ENDMARKER"])]
#[case::empty("", &["ENDMARKER"])]
fn token_kinds(#[case] source: &str, #[case] want: &[&str]) {
    assert_eq!(kinds(source), want);
}

#[test]
fn trivia_and_operators_are_classified() {
    assert!(TokenKind::Comment.is_trivia());
    assert!(TokenKind::Nl.is_trivia());
    assert!(!TokenKind::Newline.is_trivia());
    assert!(TokenKind::LPar.is_operator());
    assert!(TokenKind::ColonEqual.is_operator());
    assert!(!TokenKind::Name.is_operator());
}

#[test]
fn tokens_cover_their_text() {
    let source = "if x:\n    s = f'{y}' + b\"z\"  # c\n";
    let (tokens, _) = tokenize(source);
    let texts: Vec<&str> = tokens.iter().map(|t| t.text(source)).collect();
    assert_eq!(
        texts,
        ["if", "x", ":", "\n", "    ", "s", "=", "f'{y}'", "+", "b\"z\"", "# c", "\n", "", ""]
    );
}

/// `tokenize` collects in one pass, the iterator one token at a time: both give the same tokens,
/// and on an error the same tokens before it (INDENT/DEDENTs queued before the failing token are
/// dropped by both).
#[rstest]
#[case("if x:\n    y = 1  # c\nz\n")]
#[case("def f():\n    $\n")]
#[case("if x:\n    a\n  b\n")]
#[case("if x:\n    \\\n$\n")]
#[case("x = (1,\n 2]\n")]
#[case("# only a comment")]
#[case("a = 'unterminated\n")]
#[case("class C:\n\tdef f(self):\n\t\treturn 0x1F + 1.5e3j\n")]
#[case("")]
fn tokenize_agrees_with_the_iterator(#[case] source: &str) {
    let mut from_iter = Vec::new();
    let mut iter_error = None;
    for item in hotpy_lexer::Lexer::new(source) {
        match item {
            Ok(token) => from_iter.push(token),
            Err(err) => iter_error = Some(err),
        }
    }
    let (tokens, error) = tokenize(source);
    assert_eq!(tokens, from_iter);
    assert_eq!(error, iter_error);
}

/// `tokenize_significant` is `tokenize` without COMMENT and NL, a NEWLINE after a comment
/// starting at the comment.
#[rstest]
#[case("x = 1  # one\n# alone\n\ny = (2,  # in brackets\n  3)\n")]
#[case("x = 1  # no line break at the end")]
#[case("# only a comment")]
#[case("if x:\n    y  # c\n  z\n")]
#[case("def f():\n    # c\n    $\n")]
#[case("")]
fn significant_tokens_drop_the_trivia(#[case] source: &str) {
    let (all, error) = tokenize(source);
    let mut want = Vec::new();
    let mut comment_start = None;
    for mut t in all {
        match t.kind {
            TokenKind::Comment => comment_start = Some(t.start),
            TokenKind::Nl => comment_start = None,
            _ => {
                if t.kind == TokenKind::Newline {
                    t.start = comment_start.unwrap_or(t.start);
                }
                comment_start = None;
                want.push(t);
            }
        }
    }
    let (got, got_error) = hotpy_lexer::tokenize_significant(source);
    assert_eq!(got, want);
    assert_eq!(got_error, error);
}

/// Plain decimal integers take a shortcut past the number scanner: it must end them where the
/// scanner does, and leave everything else (and every error) to it.
#[rstest]
#[case("x = 7\n", &["x", "=", "7", "\n", ""])]
#[case("f(120, 0)\n", &["f", "(", "120", ",", "0", ")", "\n", ""])]
#[case("0\n", &["0", "\n", ""])]
#[case("00 + 1_000 + 1.5 + 2j + 3e4 + 0x1F\n", &["00", "+", "1_000", "+", "1.5", "+", "2j", "+", "3e4", "+", "0x1F", "\n", ""])]
#[case("1if x else 2", &["1", "if", "x", "else", "2", "", ""])]
#[case("a[1:2]", &["a", "[", "1", ":", "2", "]", "", ""])]
fn plain_integers_end_where_the_scanner_ends_them(#[case] source: &str, #[case] want: &[&str]) {
    let (tokens, error) = tokenize(source);
    assert_eq!(error, None);
    let texts: Vec<&str> = tokens.iter().map(|t| t.text(source)).collect();
    assert_eq!(texts, want);
}

#[rstest]
#[case("012\n", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")]
#[case("12abc\n", "invalid decimal literal")]
#[case("1_\n", "invalid decimal literal")]
fn number_errors_still_come_from_the_scanner(#[case] source: &str, #[case] message: &str) {
    let (_, error) = tokenize(source);
    assert_eq!(error.map(|e| e.message), Some(message.to_string()));
}

/// The automaton tells keywords from other names (and ASCII names from the rest) itself: the
/// flag must be what `is_keyword` says of the text, whatever rule matched.
#[rstest]
#[case("if iff i fi if_ _if None Nonex xNone nonlocal nonlocals await awaits\n")]
#[case("False None True and as assert async await break class continue def del elif else\n")]
#[case("except finally for from global if import in is lambda nonlocal not or pass raise\n")]
#[case("return try while with yield match case _ print\n")]
#[case("ifé éif if1 if_é défault é x1if elsé async_ notin isnot\n")]
#[case("x = 1if y else 2\nr'a' rb'b' f'c' in_ or_\n")]
fn keyword_flags_match_the_keyword_list(#[case] source: &str) {
    let (tokens, error) = tokenize(source);
    assert_eq!(error, None, "unexpected error for {source:?}");
    for t in tokens.iter().filter(|t| t.kind == TokenKind::Name) {
        let text = t.text(source);
        assert_eq!(t.keyword, hotpy_lexer::is_keyword(text), "{text:?}");
    }
}
