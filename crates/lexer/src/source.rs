//! From bytes to source text: the UTF-8 BOM, PEP 263 encoding declarations, and CPython's errors for
//! undecodable bytes and NUL bytes.

use crate::error::Shown;
use crate::LexError;

/// Source text decoded from bytes, with the encoding it was read in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedSource {
    /// The text, without a BOM.
    pub text: String,
    /// The encoding's name as CPython's `tokenize` reports it in its ENCODING token
    /// (`utf-8`, `iso-8859-1`, or the declared name for other encodings).
    pub encoding: String,
}

/// Decode a Python source file.
///
/// Honours a UTF-8 BOM and a `coding[:=]` declaration on the first or second line (utf-8 and latin-1
/// natively; other single-byte encodings such as cp1252, iso-8859-15 and koi8-r through
/// `encoding_rs`). Errors carry CPython's messages: "Non-UTF-8 code starting with '\xff' in file …",
/// "encoding problem: NAME", "encoding problem: NAME with BOM", "source code cannot contain null
/// bytes". `filename` appears in the Non-UTF-8 message as CPython prints it.
pub fn decode_source(bytes: &[u8], filename: &str) -> Result<DecodedSource, LexError> {
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let declared = find_declaration(body);
    let encoding = match &declared {
        None => "utf-8".to_string(),
        Some(name) => normal_name(name),
    };
    let offset_of = |i: usize| i + if bom { 3 } else { 0 };
    if bom && encoding != "utf-8" {
        return Err(
            LexError::syntax(format!("encoding problem: {encoding} with BOM"), 0, 0)
                .shown(Shown::MessageOnly),
        );
    }
    let text = match codec_name(&encoding) {
        "utf-8" => match std::str::from_utf8(body) {
            Ok(text) => text.to_string(),
            Err(err) => {
                let at = err.valid_up_to();
                let line = 1 + body[..at].iter().filter(|&&b| b == b'\n').count();
                return Err(LexError::syntax(
                    format!(
                        "Non-UTF-8 code starting with '\\x{:02x}' in file {filename} on line {line}, \
                         but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                        body[at]
                    ),
                    offset_of(at),
                    offset_of(at),
                )
                .shown(Shown::MessageOnly));
            }
        },
        "iso-8859-1" => body.iter().map(|&b| b as char).collect(),
        other => {
            let Some(codec) = lookup_codec(other) else {
                return Err(LexError::syntax(format!("encoding problem: {other}"), 0, 0)
                    .shown(Shown::MessageOnly));
            };
            let (text, had_errors) = codec.decode_without_bom_handling(body);
            if had_errors {
                return Err(LexError::syntax(
                    format!("(unicode error) '{other}' codec can't decode the source"),
                    0,
                    0,
                )
                .shown(Shown::MessageOnly));
            }
            text.into_owned()
        }
    };
    if let Some(at) = text.find('\0') {
        return Err(
            LexError::syntax("source code cannot contain null bytes", at, at).shown(Shown::Line),
        );
    }
    Ok(DecodedSource { text, encoding })
}

/// The declared encoding on line 1, or on line 2 when line 1 is blank or a comment (PEP 263).
fn find_declaration(bytes: &[u8]) -> Option<String> {
    let mut lines = bytes.split_inclusive(|&b| b == b'\n');
    let first = lines.next()?;
    if let Some(name) = cookie(first) {
        return Some(name);
    }
    if !is_blank_or_comment(first) {
        return None;
    }
    lines.next().and_then(cookie)
}

/// `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)` on one line.
fn cookie(line: &[u8]) -> Option<String> {
    let rest = trim_start(line);
    if rest.first() != Some(&b'#') {
        return None;
    }
    let at = rest
        .windows(7)
        .position(|w| w.starts_with(b"coding") && (w[6] == b':' || w[6] == b'='))?;
    let after = trim_start_blanks(&rest[at + 7..]);
    let len = after
        .iter()
        .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
        .count();
    if len == 0 {
        return None;
    }
    Some(String::from_utf8_lossy(&after[..len]).into_owned())
}

fn trim_start(line: &[u8]) -> &[u8] {
    let n = line
        .iter()
        .take_while(|&&b| matches!(b, b' ' | b'\t' | b'\x0c'))
        .count();
    &line[n..]
}

fn trim_start_blanks(line: &[u8]) -> &[u8] {
    let n = line
        .iter()
        .take_while(|&&b| matches!(b, b' ' | b'\t'))
        .count();
    &line[n..]
}

fn is_blank_or_comment(line: &[u8]) -> bool {
    matches!(trim_start(line).first(), None | Some(b'#' | b'\r' | b'\n'))
}

/// CPython's `_get_normal_name`: utf-8 and latin-1 spellings collapse to one name.
fn normal_name(name: &str) -> String {
    let lower: String = name
        .chars()
        .take(12)
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if lower == "utf-8" || lower.starts_with("utf-8-") {
        return "utf-8".into();
    }
    const LATIN1: [&str; 3] = ["latin-1", "iso-8859-1", "iso-latin-1"];
    if LATIN1
        .iter()
        .any(|l| lower == *l || lower.starts_with(&format!("{l}-")))
    {
        return "iso-8859-1".into();
    }
    name.to_string()
}

/// The codec behind an encoding name: CPython's spellings of utf-8 and latin-1 that `normal_name`
/// leaves alone (`utf8`, `latin1`, `l1` …) still decode with those codecs.
fn codec_name(name: &str) -> &str {
    match name.to_ascii_lowercase().replace('_', "-").as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => "utf-8",
        "iso-8859-1" | "latin1" | "l1" | "iso8859-1" | "8859" | "cp819" | "latin"
        | "iso-ir-100" | "csisolatin1" => "iso-8859-1",
        _ => name,
    }
}

/// A decoder for the other encodings CPython's standard library declares. latin-1 never gets here:
/// WHATWG maps it to windows-1252, which is not what Python means by it.
fn lookup_codec(name: &str) -> Option<&'static encoding_rs::Encoding> {
    let lower = name.to_ascii_lowercase().replace('_', "-");
    match lower.as_str() {
        "ascii" | "us-ascii" => Some(encoding_rs::UTF_8),
        _ => encoding_rs::Encoding::for_label(lower.as_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(b"x = 1\n", "utf-8", "x = 1\n")]
    #[case(b"\xEF\xBB\xBFx = 1\n", "utf-8", "x = 1\n")]
    #[case(
        b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
        "iso-8859-1",
        "# -*- coding: latin-1 -*-\nx = 'é'\n"
    )]
    #[case(
        b"#!/bin/python\n# coding=utf_8\n",
        "utf-8",
        "#!/bin/python\n# coding=utf_8\n"
    )]
    #[case(
        b"# coding: cp1252\nx = '\x80'\n",
        "cp1252",
        "# coding: cp1252\nx = '€'\n"
    )]
    fn decodes(#[case] bytes: &[u8], #[case] encoding: &str, #[case] text: &str) {
        let decoded = decode_source(bytes, "f.py").unwrap();
        assert_eq!(decoded.encoding, encoding);
        assert_eq!(decoded.text, text);
    }

    #[rstest]
    #[case(b"x = 1\n\xff\n", "Non-UTF-8 code starting with '\\xff' in file f.py on line 2, but no encoding declared; see https://peps.python.org/pep-0263/ for details")]
    #[case(b"x = 1\0\n", "source code cannot contain null bytes")]
    #[case(
        b"\xEF\xBB\xBF# coding: latin-1\n",
        "encoding problem: iso-8859-1 with BOM"
    )]
    #[case(b"# coding: foobar\n", "encoding problem: foobar")]
    #[case(b"x = 1\n# coding: latin-1\n'\xe9'\n", "Non-UTF-8 code starting with '\\xe9' in file f.py on line 3, but no encoding declared; see https://peps.python.org/pep-0263/ for details")]
    fn errors(#[case] bytes: &[u8], #[case] message: &str) {
        assert_eq!(decode_source(bytes, "f.py").unwrap_err().message, message);
    }
}
