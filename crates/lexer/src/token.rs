//! Token kinds and tokens: small, payload-free values that point back into the source.

/// The kind of a token. Names follow CPython's `token` module (`token.tok_name`), so that
/// [`TokenKind::name`] prints exactly what `python3 -m tokenize -e` prints.
///
/// Keywords are [`TokenKind::Name`] tokens: the parser decides by their text, as CPython does.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum TokenKind {
    /// End of input. Always the last token.
    EndMarker,
    /// An identifier or keyword.
    Name,
    /// A number literal of any kind (int, float, imaginary).
    Number,
    /// A string or bytes literal with its prefix and quotes; f-strings are one token, as in 3.11.
    String,
    /// The end of a logical line.
    Newline,
    /// An increase of indentation.
    Indent,
    /// A decrease of indentation (one per level closed).
    Dedent,
    /// A comment, `#` up to the end of the line. Trivia: the parser skips it.
    Comment,
    /// A line break that does not end a logical line (blank line, comment line, inside brackets).
    /// Trivia: the parser skips it.
    Nl,
    /// `(`
    LPar,
    /// `)`
    RPar,
    /// `[`
    LSqb,
    /// `]`
    RSqb,
    /// `:`
    Colon,
    /// `,`
    Comma,
    /// `;`
    Semi,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// `|`
    VBar,
    /// `&`
    Amper,
    /// `<`
    Less,
    /// `>`
    Greater,
    /// `=`
    Equal,
    /// `.`
    Dot,
    /// `%`
    Percent,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `==`
    EqEqual,
    /// `!=`
    NotEqual,
    /// `<=`
    LessEqual,
    /// `>=`
    GreaterEqual,
    /// `~`
    Tilde,
    /// `^`
    Circumflex,
    /// `<<`
    LeftShift,
    /// `>>`
    RightShift,
    /// `**`
    DoubleStar,
    /// `+=`
    PlusEqual,
    /// `-=`
    MinEqual,
    /// `*=`
    StarEqual,
    /// `/=`
    SlashEqual,
    /// `%=`
    PercentEqual,
    /// `&=`
    AmperEqual,
    /// `|=`
    VBarEqual,
    /// `^=`
    CircumflexEqual,
    /// `<<=`
    LeftShiftEqual,
    /// `>>=`
    RightShiftEqual,
    /// `**=`
    DoubleStarEqual,
    /// `//`
    DoubleSlash,
    /// `//=`
    DoubleSlashEqual,
    /// `@`
    At,
    /// `@=`
    AtEqual,
    /// `->`
    RArrow,
    /// `...`
    Ellipsis,
    /// `:=`
    ColonEqual,
}

impl TokenKind {
    /// CPython's name for this kind as `tokenize -e` prints it (`token.tok_name[exact_type]`).
    pub fn name(self) -> &'static str {
        use TokenKind::*;
        match self {
            EndMarker => "ENDMARKER",
            Name => "NAME",
            Number => "NUMBER",
            String => "STRING",
            Newline => "NEWLINE",
            Indent => "INDENT",
            Dedent => "DEDENT",
            Comment => "COMMENT",
            Nl => "NL",
            LPar => "LPAR",
            RPar => "RPAR",
            LSqb => "LSQB",
            RSqb => "RSQB",
            Colon => "COLON",
            Comma => "COMMA",
            Semi => "SEMI",
            Plus => "PLUS",
            Minus => "MINUS",
            Star => "STAR",
            Slash => "SLASH",
            VBar => "VBAR",
            Amper => "AMPER",
            Less => "LESS",
            Greater => "GREATER",
            Equal => "EQUAL",
            Dot => "DOT",
            Percent => "PERCENT",
            LBrace => "LBRACE",
            RBrace => "RBRACE",
            EqEqual => "EQEQUAL",
            NotEqual => "NOTEQUAL",
            LessEqual => "LESSEQUAL",
            GreaterEqual => "GREATEREQUAL",
            Tilde => "TILDE",
            Circumflex => "CIRCUMFLEX",
            LeftShift => "LEFTSHIFT",
            RightShift => "RIGHTSHIFT",
            DoubleStar => "DOUBLESTAR",
            PlusEqual => "PLUSEQUAL",
            MinEqual => "MINEQUAL",
            StarEqual => "STAREQUAL",
            SlashEqual => "SLASHEQUAL",
            PercentEqual => "PERCENTEQUAL",
            AmperEqual => "AMPEREQUAL",
            VBarEqual => "VBAREQUAL",
            CircumflexEqual => "CIRCUMFLEXEQUAL",
            LeftShiftEqual => "LEFTSHIFTEQUAL",
            RightShiftEqual => "RIGHTSHIFTEQUAL",
            DoubleStarEqual => "DOUBLESTAREQUAL",
            DoubleSlash => "DOUBLESLASH",
            DoubleSlashEqual => "DOUBLESLASHEQUAL",
            At => "AT",
            AtEqual => "ATEQUAL",
            RArrow => "RARROW",
            Ellipsis => "ELLIPSIS",
            ColonEqual => "COLONEQUAL",
        }
    }

    /// True for comments and non-logical line breaks, which the parser skips.
    #[inline]
    pub fn is_trivia(self) -> bool {
        matches!(self, TokenKind::Comment | TokenKind::Nl)
    }

    /// True for operators and delimiters (CPython's `OP` type).
    #[inline]
    pub fn is_operator(self) -> bool {
        (self as u8) >= (TokenKind::LPar as u8)
    }
}

/// A token: its kind and its byte range in the (decoded, UTF-8) source.
///
/// Tokens carry no text: slice it from the source with [`Token::text`]. Line and column come from a
/// [`crate::LineIndex`] built once per source.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What kind of token this is.
    pub kind: TokenKind,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl Token {
    /// The token's text in `source` (empty for INDENT-less DEDENT, ENDMARKER and implicit NEWLINE).
    // Inlined: the parser slices a token's text at almost every step, from another crate.
    #[inline]
    pub fn text<'s>(&self, source: &'s str) -> &'s str {
        &source[self.start as usize..self.end as usize]
    }
}
