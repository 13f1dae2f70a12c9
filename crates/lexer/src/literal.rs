//! The values of string, bytes and number literals, decoded from a token's text.
//!
//! The lexer only finds where a literal ends; the parser asks here for its value, so that a file is
//! decoded once and only the literals that are used are decoded at all. Error messages are CPython's,
//! including its byte positions inside the string body.

use std::borrow::Cow;

use num_bigint::BigInt;
use num_traits::Num;
use unicode_normalization::UnicodeNormalization;

/// The identifier a NAME token's text denotes: CPython NFKC-normalises non-ASCII names, so `ﬁle`
/// and `file` are the same variable. ASCII names are returned as they are, without allocating.
#[inline]
pub fn normalize_identifier(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().collect())
    }
}

/// The prefix letters of a string literal (any case, any order).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct StringPrefix {
    /// `r`: escapes are not processed.
    pub raw: bool,
    /// `b`: a bytes literal.
    pub bytes: bool,
    /// `f`: an f-string, whose inside the parser parses.
    pub fstring: bool,
    /// `u`: a plain string that `ast` marks with `kind='u'`.
    pub unicode: bool,
}

/// A string token split into prefix, quotes and body.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct StringParts<'a> {
    /// The prefix letters.
    pub prefix: StringPrefix,
    /// The quote that opens and closes the literal: `'`, `"`, `'''` or `"""`.
    pub quote: &'a str,
    /// The text between the quotes, undecoded.
    pub body: &'a str,
    /// Byte offset of `body` inside the token text.
    pub body_offset: usize,
}

/// Split the text of a STRING token. The token is assumed well formed (the lexer checked it).
pub fn split_string(text: &str) -> StringParts<'_> {
    let mut prefix = StringPrefix::default();
    let prefix_len = text
        .bytes()
        .take_while(|b| !matches!(b, b'\'' | b'"'))
        .count();
    for b in text[..prefix_len].bytes() {
        match b.to_ascii_lowercase() {
            b'r' => prefix.raw = true,
            b'b' => prefix.bytes = true,
            b'f' => prefix.fstring = true,
            b'u' => prefix.unicode = true,
            _ => {}
        }
    }
    let rest = &text[prefix_len..];
    let quote_len = if rest.len() >= 6 && (rest.starts_with("'''") || rest.starts_with("\"\"\"")) {
        3
    } else {
        1
    };
    let body_end = rest.len().saturating_sub(quote_len).max(quote_len);
    StringParts {
        prefix,
        quote: &rest[..quote_len],
        body: &rest[quote_len..body_end],
        body_offset: prefix_len + quote_len,
    }
}

/// The value of a string or bytes literal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StringValue {
    /// A `str` literal.
    Str(String),
    /// A `bytes` literal.
    Bytes(Vec<u8>),
}

/// An error decoding a literal: CPython's message and the byte offset in the token text it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiteralError {
    /// The message, as CPython words it (`(unicode error) 'unicodeescape' codec can't decode …`).
    pub message: String,
    /// Byte offset inside the decoded text (the body) where the bad escape starts.
    pub offset: usize,
}

/// Decode a plain (non-f) string or bytes literal token.
pub fn decode_string(text: &str) -> Result<StringValue, LiteralError> {
    let parts = split_string(text);
    if parts.prefix.bytes {
        decode_bytes_body(parts.body, parts.prefix.raw).map(StringValue::Bytes)
    } else {
        decode_str_body(parts.body, parts.prefix.raw).map(StringValue::Str)
    }
}

/// Decode the escapes of a `str` body (also used for the literal parts of f-strings).
///
/// Invalid escapes such as `\d` stay as they are (CPython only warns); `\N{…}` takes Unicode names
/// and their aliases.
pub fn decode_str_body(body: &str, raw: bool) -> Result<String, LiteralError> {
    if raw || !body.contains('\\') {
        return Ok(body.to_string());
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(&(_, next)) = chars.peek() else {
            out.push('\\');
            break;
        };
        chars.next();
        match next {
            '\n' => {}
            '\r' => {
                if let Some(&(_, '\n')) = chars.peek() {
                    chars.next();
                }
            }
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut value = next as u32 - '0' as u32;
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&(_, d @ '0'..='7')) => {
                            value = value * 8 + (d as u32 - '0' as u32);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                out.push(char::from_u32(value).unwrap_or('\u{fffd}'));
            }
            'x' | 'u' | 'U' => {
                let (digits, name) = match next {
                    'x' => (2, "\\xXX"),
                    'u' => (4, "\\uXXXX"),
                    _ => (8, "\\UXXXXXXXX"),
                };
                let mut value: u32 = 0;
                let mut seen = 0;
                while seen < digits {
                    match chars.peek() {
                        Some(&(_, d)) if d.is_ascii_hexdigit() => {
                            value = value * 16 + d.to_digit(16).unwrap_or(0);
                            chars.next();
                            seen += 1;
                        }
                        _ => break,
                    }
                }
                let scanned_to = chars.peek().map_or(body.len(), |&(i, _)| i);
                if seen < digits {
                    return Err(unicode_error(
                        body,
                        at,
                        scanned_to,
                        &format!("truncated {name} escape"),
                    ));
                }
                match char::from_u32(value) {
                    Some(ch) => out.push(ch),
                    // Lone surrogates cannot live in a Rust string; refuse them clearly.
                    None if value < 0x110000 => {
                        return Err(LiteralError {
                            message: "hotpy does not support lone surrogates in strings".into(),
                            offset: at,
                        })
                    }
                    None => {
                        return Err(unicode_error(
                            body,
                            at,
                            scanned_to,
                            "illegal Unicode character",
                        ))
                    }
                }
            }
            'N' => {
                let rest = &body[at + 2..];
                let close = rest.strip_prefix('{').and_then(|r| r.find('}'));
                let Some(close) = close.filter(|&c| c > 0) else {
                    let scanned_to = match rest.strip_prefix('{') {
                        Some(inner) => {
                            (at + 3 + inner.find('}').unwrap_or(inner.len())).min(body.len())
                        }
                        None => at + 2,
                    };
                    return Err(unicode_error(
                        body,
                        at,
                        scanned_to,
                        "malformed \\N character escape",
                    ));
                };
                let name = &rest[1..close + 1];
                let end = at + 2 + close + 2;
                match lookup_unicode_name(name) {
                    Some(ch) => out.push(ch),
                    None => {
                        return Err(unicode_error(
                            body,
                            at,
                            end,
                            "unknown Unicode character name",
                        ))
                    }
                }
                while chars.peek().is_some_and(|&(i, _)| i < end) {
                    chars.next();
                }
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// Decode the escapes of a `bytes` body. Non-ASCII characters are an error, as in CPython.
pub fn decode_bytes_body(body: &str, raw: bool) -> Result<Vec<u8>, LiteralError> {
    if let Some(at) = body.find(|c: char| !c.is_ascii()) {
        return Err(LiteralError {
            message: "bytes can only contain ASCII literal characters".into(),
            offset: at,
        });
    }
    let bytes = body.as_bytes();
    if raw || !bytes.contains(&b'\\') {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'\\' || i + 1 >= bytes.len() {
            out.push(b);
            i += 1;
            continue;
        }
        let next = bytes[i + 1];
        i += 2;
        match next {
            b'\n' => {}
            b'\r' => {
                if bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\\' | b'\'' | b'"' => out.push(next),
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(0x0b),
            b'0'..=b'7' => {
                let mut value = u32::from(next - b'0');
                for _ in 0..2 {
                    match bytes.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(value as u8);
            }
            b'x' => {
                let hex = bytes
                    .get(i..i + 2)
                    .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
                let Some(hex) = hex else {
                    return Err(LiteralError {
                        message: format!("(value error) invalid \\x escape at position {}", i - 2),
                        offset: i - 2,
                    });
                };
                let value = (hex_value(hex[0]) << 4) | hex_value(hex[1]);
                out.push(value);
                i += 2;
            }
            other => {
                out.push(b'\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

fn hex_value(digit: u8) -> u8 {
    (digit as char).to_digit(16).unwrap_or(0) as u8
}

/// CPython's unicode-escape error. Its positions count the body after non-ASCII characters were
/// turned into ten-byte `\UXXXXXXXX` escapes, so they are counted the same way here.
fn unicode_error(body: &str, start: usize, end_exclusive: usize, reason: &str) -> LiteralError {
    let position = |offset: usize| -> usize {
        body[..offset]
            .chars()
            .map(|c| if c.is_ascii() { 1 } else { 10 })
            .sum()
    };
    let from = position(start);
    let to = position(end_exclusive.min(body.len()))
        .saturating_sub(1)
        .max(from);
    LiteralError {
        message: format!(
            "(unicode error) 'unicodeescape' codec can't decode bytes in position {from}-{to}: {reason}"
        ),
        offset: start,
    }
}

/// A character by its Unicode name or name alias, case-insensitively as `unicodedata.lookup` does.
fn lookup_unicode_name(name: &str) -> Option<char> {
    unicode_names2::character(name)
}

/// The value of a number literal.
#[derive(Clone, Debug, PartialEq)]
pub enum NumberValue {
    /// An integer of any size.
    Int(BigInt),
    /// A float.
    Float(f64),
    /// An imaginary number (`1j`): its imaginary part.
    Imaginary(f64),
}

/// The value of a NUMBER token's text (assumed well formed: the lexer checked it).
pub fn parse_number(text: &str) -> NumberValue {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let lower = clean.to_ascii_lowercase();
    if let Some(imag) = lower.strip_suffix('j') {
        return NumberValue::Imaginary(imag.parse().unwrap_or(f64::NAN));
    }
    let radix = match lower.get(..2) {
        Some("0x") => 16,
        Some("0o") => 8,
        Some("0b") => 2,
        _ => 10,
    };
    if radix != 10 {
        return NumberValue::Int(BigInt::from_str_radix(&lower[2..], radix).unwrap_or_default());
    }
    if lower.contains(['.', 'e']) {
        return NumberValue::Float(lower.parse().unwrap_or(f64::NAN));
    }
    NumberValue::Int(BigInt::from_str_radix(&lower, 10).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("'abc'", "abc")]
    #[case(r#""a\nb""#, "a\nb")]
    #[case(r"'\x41\u00e9\U0001F600'", "Aé😀")]
    #[case(r"'\101\0'", "A\0")]
    #[case(r"'\777'", "\u{1ff}")]
    #[case(r"'\d'", "\\d")]
    #[case(r"r'\n'", "\\n")]
    #[case(r"'\N{LATIN SMALL LETTER A}'", "a")]
    #[case(r"'\N{BYTE ORDER MARK}'", "\u{feff}")]
    #[case("'''a\nb'''", "a\nb")]
    #[case("'a\\\nb'", "ab")]
    #[case(r"U'\t'", "\t")]
    fn str_values(#[case] text: &str, #[case] want: &str) {
        assert_eq!(decode_string(text), Ok(StringValue::Str(want.into())));
    }

    #[rstest]
    #[case(r"b'a\x41\n'", b"aA\n")]
    #[case(r"b'\777'", b"\xff")]
    #[case(r"Rb'\x41'", b"\\x41")]
    #[case(r"b'\q'", b"\\q")]
    fn bytes_values(#[case] text: &str, #[case] want: &[u8]) {
        assert_eq!(decode_string(text), Ok(StringValue::Bytes(want.to_vec())));
    }

    #[rstest]
    #[case(r"'\x4'", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape")]
    #[case(r"'ab\x'", "(unicode error) 'unicodeescape' codec can't decode bytes in position 2-3: truncated \\xXX escape")]
    #[case(r"'\xg1'", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape")]
    #[case(r"'é\x'", "(unicode error) 'unicodeescape' codec can't decode bytes in position 10-11: truncated \\xXX escape")]
    #[case(r"'\u12'", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \\uXXXX escape")]
    #[case(r"'\U0011ffff'", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character")]
    #[case(r"'\N{foo}'", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-6: unknown Unicode character name")]
    #[case(r"'\N'", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: malformed \\N character escape")]
    #[case(r"'\N{'", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: malformed \\N character escape")]
    #[case(r"b'\x4'", "(value error) invalid \\x escape at position 0")]
    #[case("b'é'", "bytes can only contain ASCII literal characters")]
    fn errors(#[case] text: &str, #[case] message: &str) {
        assert_eq!(decode_string(text).unwrap_err().message, message);
    }

    #[rstest]
    #[case("42", NumberValue::Int(42.into()))]
    #[case("1_000", NumberValue::Int(1000.into()))]
    #[case("0x_ff", NumberValue::Int(255.into()))]
    #[case("0o17", NumberValue::Int(15.into()))]
    #[case("0B101", NumberValue::Int(5.into()))]
    #[case("1.5", NumberValue::Float(1.5))]
    #[case("1.", NumberValue::Float(1.0))]
    #[case(".5e1", NumberValue::Float(5.0))]
    #[case("1E-2", NumberValue::Float(0.01))]
    #[case("2j", NumberValue::Imaginary(2.0))]
    #[case("1.5J", NumberValue::Imaginary(1.5))]
    fn numbers(#[case] text: &str, #[case] want: NumberValue) {
        assert_eq!(parse_number(text), want);
    }

    #[rstest]
    #[case("abc", "abc")]
    #[case("ﬁle", "file")]
    #[case("ℌ", "H")]
    #[case("größe", "größe")]
    fn identifiers_are_nfkc_normalised(#[case] text: &str, #[case] want: &str) {
        assert_eq!(normalize_identifier(text), want);
    }

    #[test]
    fn lone_surrogates_are_refused_clearly() {
        let err = decode_string(r"'\ud800'").unwrap_err();
        assert_eq!(
            err.message,
            "hotpy does not support lone surrogates in strings"
        );
    }

    #[test]
    fn big_int() {
        let NumberValue::Int(v) = parse_number("123456789012345678901234567890") else {
            panic!("not an int")
        };
        assert_eq!(v.to_string(), "123456789012345678901234567890");
    }
}
