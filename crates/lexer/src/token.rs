//! Token kinds and tokens: small, payload-free values that point back into the source.

/// The kind of a token. Names follow CPython's `token` module (`token.tok_name`), so that
/// [`TokenKind::name`] prints exactly what `python3 -m tokenize -e` prints.
///
/// Keywords are [`TokenKind::Name`] tokens, as in CPython (soft keywords are decided by the parser
/// from context); a hard keyword's token has [`Token::keyword`] set.
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
    /// A NAME that is a hard keyword ([`is_keyword`]), so never an identifier. Decided once here
    /// (it fits in the token's padding) so that a parser need not compare the text to the
    /// keyword list at every step.
    pub keyword: bool,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

/// The hard keywords of Python 3.11, which can never be names (soft keywords such as `match` are
/// not among them).
const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// For each byte, one bit per length (bit `n` for `n` bytes) that some keyword starting with that
/// byte has. Most names fail this test (`self`, `x`, `total`), so the list is rarely searched.
static KEYWORD_SHAPES: [u16; 256] = {
    let mut shapes = [0u16; 256];
    let mut i = 0;
    while i < KEYWORDS.len() {
        let word = KEYWORDS[i].as_bytes();
        shapes[word[0] as usize] |= 1 << word.len();
        i += 1;
    }
    shapes
};

/// True for the hard keywords of Python 3.11, which can never be names (soft keywords such as
/// `match` are not among them).
#[inline]
pub fn is_keyword(text: &str) -> bool {
    is_keyword_at(text.as_bytes(), 0, text.len())
}

/// A word of at most 8 bytes as a number (its bytes little-endian, zero-padded): keywords hold no
/// zero byte, so two words of different lengths never have the same number.
const fn pack(word: &[u8]) -> u64 {
    let mut code = 0u64;
    let mut i = 0;
    while i < word.len() {
        code |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    code
}

/// The keywords [`pack`]ed, in increasing order for a binary search.
static KEYWORD_CODES: [u64; KEYWORDS.len()] = {
    let mut codes = [0u64; KEYWORDS.len()];
    let mut i = 0;
    while i < KEYWORDS.len() {
        // Insertion sort: the table is built at compile time.
        let code = pack(KEYWORDS[i].as_bytes());
        let mut j = i;
        while j > 0 && codes[j - 1] > code {
            codes[j] = codes[j - 1];
            j -= 1;
        }
        codes[j] = code;
        i += 1;
    }
    codes
};

/// True if `bytes[start..end]` is a keyword ([`is_keyword`]).
#[inline]
fn is_keyword_at(bytes: &[u8], start: usize, end: usize) -> bool {
    let len = end - start;
    let Some(&first) = bytes.get(start) else {
        return false;
    };
    if len >= 16 || KEYWORD_SHAPES[first as usize] & (1 << len) == 0 {
        return false;
    }
    // The test above passes only lengths of keywords, 2 to 8 bytes: the word packs into a u64,
    // read at once when eight bytes are there to read.
    let code = match bytes.get(start..start + 8) {
        Some(window) => {
            let window: [u8; 8] = window.try_into().unwrap_or_default();
            u64::from_le_bytes(window) & (u64::MAX >> (64 - 8 * len))
        }
        None => pack(&bytes[start..end]),
    };
    KEYWORD_CODES.binary_search(&code).is_ok()
}

impl Token {
    /// A token that is not a keyword (see [`Token::name`] for NAME tokens).
    #[inline]
    pub fn new(kind: TokenKind, start: u32, end: u32) -> Self {
        Token {
            kind,
            keyword: false,
            start,
            end,
        }
    }

    /// A NAME token of `source` at `start..end`, marked when it is a keyword.
    #[inline]
    pub fn name(source: &str, start: u32, end: u32) -> Self {
        Token {
            kind: TokenKind::Name,
            keyword: is_keyword_at(source.as_bytes(), start as usize, end as usize),
            start,
            end,
        }
    }

    /// The token's text in `source` (empty for INDENT-less DEDENT, ENDMARKER and implicit NEWLINE).
    // Inlined: the parser slices a token's text at almost every step, from another crate.
    #[inline]
    pub fn text<'s>(&self, source: &'s str) -> &'s str {
        &source[self.start as usize..self.end as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_recognised_and_names_are_not() {
        for word in KEYWORDS {
            assert!(is_keyword(word), "{word}");
            assert!(!is_keyword(&word[..word.len() - 1]) || word == "async" || word == "in");
        }
        for word in [
            "match", "case", "_", "self", "x", "Class1", "iff", "fo", "", "printing",
        ] {
            assert!(!is_keyword(word), "{word}");
        }
        assert!(!is_keyword("nonlocals"), "longer than any keyword");
        assert!(!is_keyword("défault"));
    }

    #[test]
    fn name_tokens_carry_the_keyword_flag() {
        let source = "if x: return None";
        assert!(Token::name(source, 0, 2).keyword);
        assert!(!Token::name(source, 3, 4).keyword);
        assert!(Token::name(source, 13, 17).keyword);
        // Keywords followed by enough bytes to be read eight at a time, and not.
        let source = "None = else_ + elsewhere; else";
        assert!(Token::name(source, 0, 4).keyword);
        assert!(!Token::name(source, 7, 12).keyword);
        assert!(
            Token::name(source, 7, 11).keyword,
            "else, read with the bytes after it"
        );
        assert!(!Token::name(source, 15, 24).keyword);
        assert!(Token::name(source, 26, 30).keyword);
    }
}
