//! The text of a `str` object: stored in the object itself when short, so that making one of
//! the strings programs make most (dict keys, identifiers, numbers turned into text, single
//! characters) costs no allocation, and freeing it none either.

use std::borrow::Cow;
use std::fmt;

/// Texts up to this many bytes are stored inline: with the one-byte length and the tag, a
/// [`StrText`] is as big as the boxed form plus eight bytes.
pub const INLINE_MAX: usize = 22;

/// UTF-8 text, inline when at most [`INLINE_MAX`] bytes long.
#[derive(Clone)]
pub struct StrText(Repr);

#[derive(Clone)]
enum Repr {
    /// The first `len` bytes of `bytes` are the text.
    Inline {
        len: u8,
        bytes: [u8; INLINE_MAX],
    },
    Heap(Box<str>),
}

impl StrText {
    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                // SAFETY: an inline text is only made by `inline`, which copies all the bytes of
                // a `&str` (a whole string, so no char is cut) and records their number: the
                // bytes up to `len` are valid UTF-8.
                unsafe { std::str::from_utf8_unchecked(&bytes[..usize::from(*len)]) }
            }
            Repr::Heap(b) => b,
        }
    }

    /// Whether the text lives outside the object (it is longer than [`INLINE_MAX`]).
    pub fn is_boxed(&self) -> bool {
        matches!(self.0, Repr::Heap(_))
    }

    /// `s` copied inline, if it fits.
    fn inline(s: &str) -> Option<StrText> {
        let len = u8::try_from(s.len())
            .ok()
            .filter(|&n| usize::from(n) <= INLINE_MAX)?;
        let mut bytes = [0u8; INLINE_MAX];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Some(StrText(Repr::Inline { len, bytes }))
    }
}

impl fmt::Debug for StrText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for StrText {
    fn from(s: &str) -> StrText {
        StrText::inline(s).unwrap_or_else(|| StrText(Repr::Heap(s.into())))
    }
}

impl From<&String> for StrText {
    fn from(s: &String) -> StrText {
        StrText::from(s.as_str())
    }
}

impl From<Box<str>> for StrText {
    /// A long text keeps its box (no copy); a short one is copied inline.
    fn from(s: Box<str>) -> StrText {
        StrText::inline(&s).unwrap_or(StrText(Repr::Heap(s)))
    }
}

impl From<String> for StrText {
    fn from(s: String) -> StrText {
        match StrText::inline(&s) {
            Some(t) => t,
            None => StrText(Repr::Heap(s.into_boxed_str())),
        }
    }
}

impl From<Cow<'_, str>> for StrText {
    fn from(s: Cow<'_, str>) -> StrText {
        match s {
            Cow::Borrowed(b) => StrText::from(b),
            Cow::Owned(o) => StrText::from(o),
        }
    }
}

impl From<char> for StrText {
    fn from(c: char) -> StrText {
        StrText::from(c.encode_utf8(&mut [0u8; 4]) as &str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case::empty("", false)]
    #[case::short("k123", false)]
    #[case::multibyte("héllo wörld ✓", false)]
    #[case::longest_inline("abcdefghijklmnopqrstuv", false)]
    #[case::one_past("abcdefghijklmnopqrstuvw", true)]
    #[case::long_multibyte("ααααααααααααα", true)]
    fn text_round_trips(#[case] text: &str, #[case] boxed: bool) {
        for t in [
            StrText::from(text),
            StrText::from(text.to_string()),
            StrText::from(Box::<str>::from(text)),
            StrText::from(Cow::Borrowed(text)),
        ] {
            assert_eq!(t.as_str(), text);
            assert_eq!(t.is_boxed(), boxed, "{text:?}");
            assert_eq!(t.clone().as_str(), text);
            assert_eq!(format!("{t:?}"), format!("{text:?}"));
        }
    }

    #[test]
    fn chars_are_whole() {
        for c in ['a', 'é', '✓', '😀'] {
            assert_eq!(StrText::from(c).as_str(), c.to_string());
        }
    }

    #[test]
    fn no_larger_than_a_box_and_a_word() {
        assert!(std::mem::size_of::<StrText>() <= std::mem::size_of::<Box<str>>() + 8);
    }
}
