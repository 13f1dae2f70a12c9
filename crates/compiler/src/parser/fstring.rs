//! String literals: implicit concatenation, bytes/str mixing, and the inside of f-strings
//! (replacement fields, conversions, nested format specs and the `=` form), as CPython 3.11's
//! `string_parser.c` builds them.

use std::borrow::Cow;

use hotpy_lexer::literal::{decode_bytes_body, decode_str_body, split_string, LiteralError};
use hotpy_lexer::{LexError, Token, TokenKind as T};

use super::{PResult, Parser};
use crate::ast::*;

/// A piece of a string being assembled: literal text or a replacement field.
enum Part<'a> {
    /// Decoded literal text (code points, surrogates allowed), with its own span when CPython
    /// gives it one different from the other parts'.
    Lit(Vec<u32>, Option<Span>),
    /// A `FormattedValue`.
    Field(Expr<'a>),
}

/// Decode a str body to code points, keeping lone surrogates (which `decode_str_body` refuses).
fn decode_code_points(body: &str, raw: bool) -> Result<Vec<u32>, LiteralError> {
    match decode_str_body(body, raw) {
        Ok(s) => Ok(s.chars().map(|c| c as u32).collect()),
        Err(err) if !raw && err.message.contains("surrogate") => decode_with_surrogates(body),
        Err(err) => Err(err),
    }
}

/// Split `body` around `\uXXXX`/`\UXXXXXXXX` escapes of surrogates, decoding the rest normally.
fn decode_with_surrogates(body: &str) -> Result<Vec<u32>, LiteralError> {
    let bytes = body.as_bytes();
    let mut out = Vec::new();
    let mut seg_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' || i + 1 >= bytes.len() {
            i += 1;
            continue;
        }
        let width = match bytes[i + 1] {
            b'u' => 4,
            b'U' => 8,
            _ => {
                // Skip the escaped character (which may be multi-byte) as a unit.
                i += 1 + body[i + 1..].chars().next().map_or(1, |c| c.len_utf8());
                continue;
            }
        };
        let hex = body.get(i + 2..i + 2 + width);
        let value = hex
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match value {
            Some(v) if (0xD800..=0xDFFF).contains(&v) => {
                let seg = decode_str_body(&body[seg_start..i], false).map_err(|mut e| {
                    e.offset += seg_start;
                    e
                })?;
                out.extend(seg.chars().map(|c| c as u32));
                out.push(v);
                i += 2 + width;
                seg_start = i;
            }
            _ => i += 2,
        }
    }
    let seg = decode_str_body(&body[seg_start..], false).map_err(|mut e| {
        e.offset += seg_start;
        e
    })?;
    out.extend(seg.chars().map(|c| c as u32));
    Ok(out)
}

/// Where a replacement field's expression ends inside an f-string body.
struct FieldEnd {
    /// Byte index of the `}`, `!`, `:` or `=` that ends the expression.
    end: usize,
}

impl<'a, 's> Parser<'a, 's> {
    /// One or more adjacent STRING tokens as a Constant or a JoinedStr.
    pub(crate) fn strings(&mut self) -> PResult<Expr<'a>> {
        let first = self.pos;
        while self.at(T::String) {
            self.bump();
        }
        // The tokens are adjacent, and there is at least one (the caller saw it).
        let (first_tok, last_tok) = (self.toks[first], self.toks[self.pos - 1]);
        let span = self.tok_span(first_tok).to(self.tok_span(last_tok));
        // CPython reports errors in the strings' text at the token after them.
        self.fstring_error_at = self.start();
        self.fstring_span = span;
        let first_text = self.text_of(first_tok);
        let kind = if first_text.starts_with('u') {
            Some("u")
        } else {
            None
        };
        if let Some(value) = self.plain_strings(first..self.pos) {
            let value = Constant::Str(value);
            return Ok(self.expr(ExprKind::Constant { value, kind }, span));
        }
        let toks = self.toks[first..self.pos].to_vec();
        let any_bytes = toks
            .iter()
            .any(|t| split_string(self.text_of(*t)).prefix.bytes);
        let all_bytes = toks
            .iter()
            .all(|t| split_string(self.text_of(*t)).prefix.bytes);
        if any_bytes && !all_bytes {
            return Err(self.error_here("cannot mix bytes and nonbytes literals"));
        }
        if all_bytes {
            let mut out = Vec::new();
            for t in &toks {
                let parts = split_string(self.text_of(*t));
                let v = decode_bytes_body(parts.body, parts.prefix.raw)
                    .map_err(|e| self.literal_error(*t, e))?;
                out.extend_from_slice(&v);
            }
            let bytes = self.arena.alloc_slice_copy(&out);
            return Ok(self.constant(Constant::Bytes(bytes), span));
        }
        let any_f = toks
            .iter()
            .any(|t| split_string(self.text_of(*t)).prefix.fstring);
        let mut parts: Vec<Part<'a>> = Vec::new();
        for t in &toks {
            let text = self.text_of(*t);
            let sp = split_string(text);
            let body_at = (t.start + self.base) as usize + sp.body_offset;
            // A format spec's parts take the position of the literal token holding them.
            self.fstring_token_span = self.tok_span(*t);
            if sp.prefix.fstring {
                self.fstring_body(sp.body, sp.prefix.raw, body_at, false, 0, &mut parts)?;
                continue;
            }
            let v = decode_code_points(sp.body, sp.prefix.raw)
                .map_err(|e| self.literal_error(*t, e))?;
            push_lit(&mut parts, v);
        }
        if !any_f {
            let lit = match parts.pop() {
                Some(Part::Lit(v, _)) => v,
                _ => Vec::new(),
            };
            return Ok(self.expr(
                ExprKind::Constant {
                    value: self.str_constant(&lit),
                    kind,
                },
                span,
            ));
        }
        let values = self.joined_values(parts, kind, span);
        Ok(self.expr(ExprKind::JoinedStr { values }, span))
    }

    /// The value of the adjacent string tokens at `range` when all are plain strings (no `b`,
    /// no `f`): their bodies decoded and joined straight into the arena, as the code-point path
    /// of [`Self::strings`] would make them, without its buffers. `None` when one is not plain
    /// or its escapes fail to decode (a lone surrogate, an error): the long way judges those.
    fn plain_strings(&mut self, range: std::ops::Range<usize>) -> Option<&'a str> {
        let mut joined: Option<Cow<'s, str>> = None;
        for i in range.clone() {
            let parts = split_string(self.text_of(self.toks[i]));
            if parts.prefix.bytes || parts.prefix.fstring {
                return None;
            }
            let value = if parts.prefix.raw || !parts.body.contains('\\') {
                Cow::Borrowed(parts.body)
            } else {
                Cow::Owned(decode_str_body(parts.body, false).ok()?)
            };
            joined = Some(match joined {
                None => value,
                Some(before) => Cow::Owned(before.into_owned() + &value),
            });
        }
        // As the long way leaves it: at the last token.
        self.fstring_token_span = self.tok_span(self.toks[range.end - 1]);
        Some(self.alloc_str(&joined?))
    }

    /// A str constant from code points.
    fn str_constant(&self, cps: &[u32]) -> Constant<'a> {
        let s: Option<String> = cps.iter().map(|&c| char::from_u32(c)).collect();
        match s {
            Some(s) => Constant::Str(self.alloc_str(&s)),
            None => Constant::StrCodePoints(self.arena.alloc_slice_copy(cps)),
        }
    }

    /// The values of a JoinedStr: literal parts as Constants (empty ones dropped).
    fn joined_values(
        &self,
        parts: Vec<Part<'a>>,
        kind: Option<&'a str>,
        span: Span,
    ) -> &'a [Expr<'a>] {
        let mut values = self.vec();
        for part in parts {
            match part {
                Part::Lit(v, _) if v.is_empty() => {}
                Part::Lit(v, own) => values.push(self.expr(
                    ExprKind::Constant {
                        value: self.str_constant(&v),
                        kind,
                    },
                    own.unwrap_or(span),
                )),
                Part::Field(e) => values.push(e),
            }
        }
        values.into_bump_slice()
    }

    /// The SyntaxError for a literal that does not decode.
    fn literal_error(&self, t: Token, e: LiteralError) -> LexError {
        // Non-ASCII bytes are a tokenizer error in CPython, at the literal; escapes are decoded
        // after the next token is read, and reported there.
        if e.message.starts_with("bytes can only") {
            return self.error_tok(t, &e.message);
        }
        let at = self.fstring_error_at as usize;
        LexError::syntax(e.message, at, at)
    }

    /// An error found while scanning an f-string's text (`at` is where it is in the text;
    /// CPython reports it at the token after the string).
    fn fstring_error(&self, at: usize, message: &str) -> LexError {
        self.fstring_error_raw(at, &format!("f-string: {message}"))
    }

    /// Like [`Self::fstring_error`], with the message as given.
    fn fstring_error_raw(&self, _at: usize, message: &str) -> LexError {
        let at = self.fstring_error_at as usize;
        LexError::syntax(message, at, at)
    }

    /// Move an error found in the `(expr)` text of a replacement field to where CPython 3.11
    /// reports it: the line and column inside that text, counted from the line holding the
    /// expression (CPython parses the expression as a separate string).
    fn relocate_fstring_error(
        &self,
        mut err: LexError,
        wrapped: &str,
        base: u32,
        at: usize,
    ) -> LexError {
        let rel = (err.start.saturating_sub(base) as usize).min(wrapped.len());
        let mut rel = rel;
        while !wrapped.is_char_boundary(rel) {
            rel -= 1;
        }
        let before = &wrapped[..rel];
        let sub_line = before.matches('\n').count();
        let sub_col = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
        let src = self.src;
        let at = at.saturating_sub(self.base as usize).min(src.len());
        let mut line_start = src[..at].rfind('\n').map_or(0, |k| k + 1);
        for _ in 0..sub_line {
            match src[line_start..].find('\n') {
                Some(k) => line_start += k + 1,
                None => break,
            }
        }
        let line_end = src[line_start..]
            .find('\n')
            .map_or(src.len(), |k| line_start + k);
        let offset = src[line_start..line_end]
            .char_indices()
            .nth(sub_col)
            .map_or(line_end, |(k, _)| line_start + k);
        let offset = offset as u32 + self.base;
        err.start = offset;
        err.end = offset;
        err
    }

    /// Parse an f-string body (or a format spec when `spec`), appending its parts. Returns the
    /// byte index in `body` where parsing stopped (the `}` closing a spec).
    fn fstring_body(
        &mut self,
        body: &str,
        raw: bool,
        body_at: usize,
        spec: bool,
        nesting: u32,
        parts: &mut Vec<Part<'a>>,
    ) -> PResult<usize> {
        let bytes = body.as_bytes();
        let mut lit = String::new();
        let mut i = 0;
        let flush = |this: &Self, lit: &mut String, parts: &mut Vec<Part<'a>>| -> PResult<()> {
            if !lit.is_empty() {
                let v = decode_code_points(lit, raw)
                    .map_err(|e| this.fstring_error(body_at, &e.message).clone())?;
                push_lit(parts, v);
                lit.clear();
            }
            Ok(())
        };
        while i < bytes.len() {
            let c = bytes[i];
            match c {
                b'{' => {
                    if !spec && bytes.get(i + 1) == Some(&b'{') {
                        lit.push('{');
                        i += 2;
                        continue;
                    }
                    flush(self, &mut lit, parts)?;
                    i = self.replacement_field(body, raw, body_at, i + 1, nesting, parts)?;
                }
                b'}' => {
                    if spec {
                        flush(self, &mut lit, parts)?;
                        // CPython 3.11 gives the literal that ends a format spec the position
                        // of the string token, the others that of the whole concatenation.
                        if let Some(Part::Lit(_, own)) = parts.last_mut() {
                            *own = Some(self.fstring_token_span);
                        }
                        return Ok(i);
                    }
                    if bytes.get(i + 1) == Some(&b'}') {
                        lit.push('}');
                        i += 2;
                        continue;
                    }
                    return Err(self.fstring_error(body_at + i, "single '}' is not allowed"));
                }
                b'\\' if !raw => {
                    // Keep the escape for the decoder; `\N{…}` braces are not fields.
                    if body[i..].starts_with("\\N{") {
                        let close = body[i..].find('}').map_or(bytes.len(), |k| i + k + 1);
                        lit.push_str(&body[i..close]);
                        i = close;
                    } else if matches!(bytes.get(i + 1), Some(b'{') | Some(b'}') | None) {
                        lit.push('\\');
                        i += 1;
                    } else {
                        let n = body[i + 1..].chars().next().map_or(0, |c| c.len_utf8());
                        lit.push_str(&body[i..i + 1 + n]);
                        i += 1 + n;
                    }
                }
                _ => {
                    let n = body[i..].chars().next().map_or(1, |c| c.len_utf8());
                    lit.push_str(&body[i..i + n]);
                    i += n;
                }
            }
        }
        flush(self, &mut lit, parts)?;
        if spec {
            return Err(self.fstring_error(body_at + i, "expecting '}'"));
        }
        Ok(i)
    }

    /// Find where the expression of a replacement field starting at `from` ends.
    fn field_expression_end(&self, body: &str, body_at: usize, from: usize) -> PResult<FieldEnd> {
        let bytes = body.as_bytes();
        let mut i = from;
        let mut stack: Vec<u8> = Vec::new();
        let mut quote: Option<&str> = None;
        while i < bytes.len() {
            let c = bytes[i];
            if let Some(q) = quote {
                if bytes[i..].starts_with(q.as_bytes()) {
                    i += q.len();
                    quote = None;
                } else {
                    if c == b'\\' {
                        return Err(self.fstring_error_raw(
                            body_at + i,
                            "f-string expression part cannot include a backslash",
                        ));
                    }
                    i += 1;
                }
                continue;
            }
            match c {
                b'\\' => {
                    return Err(self.fstring_error_raw(
                        body_at + i,
                        "f-string expression part cannot include a backslash",
                    ))
                }
                b'\'' | b'"' => {
                    let triple = if c == b'\'' { "'''" } else { "\"\"\"" };
                    quote = Some(if body[i..].starts_with(triple) {
                        triple
                    } else if c == b'\'' {
                        "'"
                    } else {
                        "\""
                    });
                    i += quote.map_or(1, |q| q.len());
                    continue;
                }
                b'(' | b'[' | b'{' => {
                    if stack.len() >= 200 {
                        return Err(self.fstring_error(body_at + i, "too many nested parenthesis"));
                    }
                    stack.push(c);
                }
                b')' | b']' | b'}' => {
                    if stack.is_empty() {
                        if c == b'}' {
                            return Ok(FieldEnd { end: i });
                        }
                        return Err(
                            self.fstring_error(body_at + i, &format!("unmatched '{}'", c as char))
                        );
                    }
                    let open = stack.pop().unwrap_or(b'(');
                    let want = match open {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    if want != c {
                        return Err(self.fstring_error(
                            body_at + i,
                            &format!(
                                "closing parenthesis '{}' does not match opening parenthesis '{}'",
                                c as char, open as char
                            ),
                        ));
                    }
                }
                b'#' => {
                    return Err(self.fstring_error_raw(
                        body_at + i,
                        "f-string expression part cannot include '#'",
                    ))
                }
                b'!' | b':' | b'=' | b'<' | b'>' if stack.is_empty() => {
                    let next = bytes.get(i + 1).copied();
                    if next == Some(b'=') && c != b':' {
                        i += 2;
                        continue;
                    }
                    if c == b'<' || c == b'>' {
                        i += 1;
                        continue;
                    }
                    return Ok(FieldEnd { end: i });
                }
                _ => {}
            }
            i += 1;
        }
        if quote.is_some() {
            return Err(self.fstring_error(body_at + i, "unterminated string"));
        }
        Err(self.fstring_error(body_at + i, "expecting '}'"))
    }

    /// Parse a replacement field whose expression starts at `from` (after `{`); returns the
    /// index just past its closing `}`.
    fn replacement_field(
        &mut self,
        body: &str,
        raw: bool,
        body_at: usize,
        from: usize,
        nesting: u32,
        parts: &mut Vec<Part<'a>>,
    ) -> PResult<usize> {
        if nesting >= 2 {
            return Err(self.fstring_error(body_at + from, "expressions nested too deeply"));
        }
        let FieldEnd { end } = self.field_expression_end(body, body_at, from)?;
        let expr_text = &body[from..end];
        if expr_text
            .trim_matches([' ', '\t', '\n', '\r', '\x0c'])
            .is_empty()
        {
            return Err(self.fstring_error(body_at + end, "empty expression not allowed"));
        }
        let value = self.fstring_expression(expr_text, body_at + from)?;
        let bytes = body.as_bytes();
        let mut i = end;
        let mut self_doc = false;
        if bytes.get(i) == Some(&b'=') {
            self_doc = true;
            i += 1;
            // Whitespace after `=` belongs to the echoed text too.
            while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')) {
                i += 1;
            }
            push_lit(parts, body[from..i].chars().map(|c| c as u32).collect());
        }
        let mut conversion = -1;
        if bytes.get(i) == Some(&b'!') {
            let conv = bytes.get(i + 1).copied();
            match conv {
                Some(b's') | Some(b'r') | Some(b'a') => {
                    conversion = conv.map_or(-1, i32::from);
                    i += 2;
                }
                None => return Err(self.fstring_error(body_at + i, "expecting '}'")),
                _ => {
                    return Err(self.fstring_error(
                        body_at + i + 1,
                        "invalid conversion character: expected 's', 'r', or 'a'",
                    ))
                }
            }
        }
        let mut format_spec = None;
        if bytes.get(i) == Some(&b':') {
            let mut spec_parts = Vec::new();
            let spec_from = i + 1;
            let stop = self.fstring_body(
                &body[spec_from..],
                raw,
                body_at + spec_from,
                true,
                nesting + 1,
                &mut spec_parts,
            )?;
            i = spec_from + stop;
            // CPython 3.11: the spec covers the string token holding it.
            let values = self.joined_values(spec_parts, None, self.fstring_span);
            let span = self.fstring_token_span;
            format_spec = Some(self.alloc(self.expr(ExprKind::JoinedStr { values }, span)));
        }
        if bytes.get(i) != Some(&b'}') {
            return Err(self.fstring_error(body_at + i, "expecting '}'"));
        }
        i += 1;
        if self_doc && conversion == -1 && format_spec.is_none() {
            conversion = i32::from(b'r');
        }
        // CPython 3.11 gives the parts of an f-string the position of the whole literal.
        let span = self.fstring_span;
        parts.push(Part::Field(self.expr(
            ExprKind::FormattedValue {
                value: self.alloc(value),
                conversion,
                format_spec,
            },
            span,
        )));
        Ok(i)
    }

    /// Parse the expression of a replacement field as CPython 3.11 does: `(text)` parsed as
    /// `star_expressions`.
    fn fstring_expression(&mut self, text: &str, at: usize) -> PResult<Expr<'a>> {
        let wrapped = format!("({text})");
        let (tokens, lex_error) = hotpy_lexer::tokenize_significant(&wrapped);
        let base = (at as u32).saturating_sub(1);
        if let Some(mut err) = lex_error {
            err.message = format!("f-string: {}", err.message);
            err.start += base;
            err.end += base;
            return Err(self.relocate_fstring_error(err, &wrapped, base, at));
        }
        let mut sub = Parser::new(self.arena, &wrapped, tokens, base);
        sub.depth = self.depth + 1;
        sub.in_fstring = true;
        let result = sub.star_expressions().and_then(|e| {
            sub.eat(T::Newline);
            if sub.at(T::EndMarker) {
                Ok(e)
            } else {
                Err(sub.bracket_error(T::RPar))
            }
        });
        result.map_err(|err| self.relocate_fstring_error(err, &wrapped, base, at))
    }
}

/// Append literal code points, merging with a preceding literal.
fn push_lit(parts: &mut Vec<Part<'_>>, v: Vec<u32>) {
    if let Some(Part::Lit(prev, None)) = parts.last_mut() {
        prev.extend(v);
    } else {
        parts.push(Part::Lit(v, None));
    }
}
