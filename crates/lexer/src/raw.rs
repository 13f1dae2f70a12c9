//! Raw tokens recognised by a `logos` automaton.
//!
//! The automaton knows only what is regular: operators, names, comments, white space, line breaks and
//! the *openers* of numbers and strings. Number tails and string bodies are scanned by the driver
//! ([`crate::lexer`]), which needs CPython's exact error positions and messages, and then skips the
//! automaton past them with `bump`.

use logos::Logos;

use crate::TokenKind;

/// A raw token. Operators carry their final [`TokenKind`] through [`Raw::operator`].
///
/// Spaces, tabs and form feeds between tokens are skipped inside the automaton (the driver
/// measures indentation from the line's start, not from white-space tokens).
#[derive(Logos, Copy, Clone, Debug, PartialEq, Eq)]
#[logos(skip r"[ \t\x0c]+")]
pub(crate) enum Raw {
    /// A line break: `\n`, `\r\n` or a lone `\r`.
    #[regex(r"\r\n|\n|\r")]
    Newline,
    /// `#` to the end of the line.
    #[regex(r"#[^\r\n]*", allow_greedy = true)]
    Comment,
    /// A backslash that joins the next line to this one.
    #[regex(r"\\(\r\n|\n|\r)")]
    Continuation,
    /// A backslash followed by anything but a line break.
    #[token("\\")]
    StrayBackslash,
    /// A hard keyword ([`crate::is_keyword`]): told from other names here, so the driver need
    /// not look each name up. Preferred to the name rules when they match the same text.
    #[token("False", priority = 20)]
    #[token("None", priority = 20)]
    #[token("True", priority = 20)]
    #[token("and", priority = 20)]
    #[token("as", priority = 20)]
    #[token("assert", priority = 20)]
    #[token("async", priority = 20)]
    #[token("await", priority = 20)]
    #[token("break", priority = 20)]
    #[token("class", priority = 20)]
    #[token("continue", priority = 20)]
    #[token("def", priority = 20)]
    #[token("del", priority = 20)]
    #[token("elif", priority = 20)]
    #[token("else", priority = 20)]
    #[token("except", priority = 20)]
    #[token("finally", priority = 20)]
    #[token("for", priority = 20)]
    #[token("from", priority = 20)]
    #[token("global", priority = 20)]
    #[token("if", priority = 20)]
    #[token("import", priority = 20)]
    #[token("in", priority = 20)]
    #[token("is", priority = 20)]
    #[token("lambda", priority = 20)]
    #[token("nonlocal", priority = 20)]
    #[token("not", priority = 20)]
    #[token("or", priority = 20)]
    #[token("pass", priority = 20)]
    #[token("raise", priority = 20)]
    #[token("return", priority = 20)]
    #[token("try", priority = 20)]
    #[token("while", priority = 20)]
    #[token("with", priority = 20)]
    #[token("yield", priority = 20)]
    Keyword,
    /// An identifier or keyword of ASCII characters only, which needs no check: nearly all
    /// names. Preferred to [`Raw::Name`] when both match the same text.
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*", priority = 10)]
    AsciiName,
    /// An identifier or keyword with a non-ASCII character. Any non-ASCII character is taken here
    /// and checked by the driver, so that `€` gives CPython's "invalid character" error rather
    /// than a generic one.
    #[regex(r"[A-Za-z_\x{80}-\x{10FFFF}][A-Za-z0-9_\x{80}-\x{10FFFF}]*")]
    Name,
    /// The first digit of a number; the driver scans the rest.
    #[regex(r"[0-9]")]
    NumberStart,
    /// `.` followed by a digit: a float such as `.5`.
    #[regex(r"\.[0-9]")]
    DotNumberStart,
    /// A string prefix and opening quote (`'`, `"`, `'''`, `"""`); the driver scans the body.
    #[regex(r#"([rRuUbBfF]|[bB][rR]|[rR][bB]|[fF][rR]|[rR][fF])?('|"|'''|""")"#)]
    StringStart,
    #[token("(")]
    LPar,
    #[token(")")]
    RPar,
    #[token("[")]
    LSqb,
    #[token("]")]
    RSqb,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token(":")]
    Colon,
    #[token(",")]
    Comma,
    #[token(";")]
    Semi,
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("/")]
    Slash,
    #[token("|")]
    VBar,
    #[token("&")]
    Amper,
    #[token("<")]
    Less,
    #[token(">")]
    Greater,
    #[token("=")]
    Equal,
    #[token(".")]
    Dot,
    #[token("%")]
    Percent,
    #[token("==")]
    EqEqual,
    #[token("!=")]
    NotEqual,
    #[token("<>")]
    LessGreater,
    #[token("<=")]
    LessEqual,
    #[token(">=")]
    GreaterEqual,
    #[token("~")]
    Tilde,
    #[token("^")]
    Circumflex,
    #[token("<<")]
    LeftShift,
    #[token(">>")]
    RightShift,
    #[token("**")]
    DoubleStar,
    #[token("+=")]
    PlusEqual,
    #[token("-=")]
    MinEqual,
    #[token("*=")]
    StarEqual,
    #[token("/=")]
    SlashEqual,
    #[token("%=")]
    PercentEqual,
    #[token("&=")]
    AmperEqual,
    #[token("|=")]
    VBarEqual,
    #[token("^=")]
    CircumflexEqual,
    #[token("<<=")]
    LeftShiftEqual,
    #[token(">>=")]
    RightShiftEqual,
    #[token("**=")]
    DoubleStarEqual,
    #[token("//")]
    DoubleSlash,
    #[token("//=")]
    DoubleSlashEqual,
    #[token("@")]
    At,
    #[token("@=")]
    AtEqual,
    #[token("->")]
    RArrow,
    #[token("...")]
    Ellipsis,
    #[token(":=")]
    ColonEqual,
}

impl Raw {
    /// The token kind of an operator or delimiter, `None` for everything else.
    pub(crate) fn operator(self) -> Option<TokenKind> {
        use TokenKind as K;
        Some(match self {
            Raw::LPar => K::LPar,
            Raw::RPar => K::RPar,
            Raw::LSqb => K::LSqb,
            Raw::RSqb => K::RSqb,
            Raw::LBrace => K::LBrace,
            Raw::RBrace => K::RBrace,
            Raw::Colon => K::Colon,
            Raw::Comma => K::Comma,
            Raw::Semi => K::Semi,
            Raw::Plus => K::Plus,
            Raw::Minus => K::Minus,
            Raw::Star => K::Star,
            Raw::Slash => K::Slash,
            Raw::VBar => K::VBar,
            Raw::Amper => K::Amper,
            Raw::Less => K::Less,
            Raw::Greater => K::Greater,
            Raw::Equal => K::Equal,
            Raw::Dot => K::Dot,
            Raw::Percent => K::Percent,
            Raw::EqEqual => K::EqEqual,
            // `<>` is only valid under `from __future__ import barry_as_FLUFL`; the parser refuses it.
            Raw::NotEqual | Raw::LessGreater => K::NotEqual,
            Raw::LessEqual => K::LessEqual,
            Raw::GreaterEqual => K::GreaterEqual,
            Raw::Tilde => K::Tilde,
            Raw::Circumflex => K::Circumflex,
            Raw::LeftShift => K::LeftShift,
            Raw::RightShift => K::RightShift,
            Raw::DoubleStar => K::DoubleStar,
            Raw::PlusEqual => K::PlusEqual,
            Raw::MinEqual => K::MinEqual,
            Raw::StarEqual => K::StarEqual,
            Raw::SlashEqual => K::SlashEqual,
            Raw::PercentEqual => K::PercentEqual,
            Raw::AmperEqual => K::AmperEqual,
            Raw::VBarEqual => K::VBarEqual,
            Raw::CircumflexEqual => K::CircumflexEqual,
            Raw::LeftShiftEqual => K::LeftShiftEqual,
            Raw::RightShiftEqual => K::RightShiftEqual,
            Raw::DoubleStarEqual => K::DoubleStarEqual,
            Raw::DoubleSlash => K::DoubleSlash,
            Raw::DoubleSlashEqual => K::DoubleSlashEqual,
            Raw::At => K::At,
            Raw::AtEqual => K::AtEqual,
            Raw::RArrow => K::RArrow,
            Raw::Ellipsis => K::Ellipsis,
            Raw::ColonEqual => K::ColonEqual,
            _ => return None,
        })
    }
}
