//! A fast, deterministic hasher for the compiler's (and the reload layer's) internal tables.
//!
//! The standard `HashMap` hashes with SipHash-1-3, which resists hash flooding but costs more
//! than the rest of a lookup for the short keys a compiler uses (names, labels, node
//! addresses): it was a tenth of compile time. These tables are keyed by the program's own
//! names, built and dropped within one compile, so flooding is not a threat worth that price.
//! The algorithm is the one rustc uses for its own tables (`FxHasher`: rotate, xor, multiply by a
//! constant, a word at a time); it is written out here rather than taken from a crate because it
//! is a dozen lines.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// The multiplier of rustc's `FxHasher` (64-bit).
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// rustc's `FxHasher`: fast on short keys, not collision-resistant against chosen input.
#[derive(Clone, Copy, Default, Debug)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        // The last bytes are read as two overlapping words (or three single bytes) rather than
        // copied into a word, which took a call of `memcpy` for nearly every name. Given the
        // length, every byte still shows in the word.
        let rest = chunks.remainder();
        let n = rest.len();
        if n >= 4 {
            let word = |at: usize| {
                let mut w = [0u8; 4];
                w.copy_from_slice(&rest[at..at + 4]);
                u64::from(u32::from_le_bytes(w))
            };
            self.add(word(0) | word(n - 4) << 32);
        } else if n > 0 {
            self.add(
                u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16,
            );
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Builds [`FxHasher`]s (for `HashMap::with_hasher` and friends).
pub type FxBuildHasher = BuildHasherDefault<FxHasher>;

/// A `HashMap` hashed with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, FxBuildHasher>;

/// A `HashSet` hashed with [`FxHasher`].
pub type FxHashSet<T> = HashSet<T, FxBuildHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash + ?Sized>(v: &T) -> u64 {
        FxBuildHasher::default().hash_one(v)
    }

    #[test]
    fn deterministic_and_discriminating() {
        assert_eq!(hash("spam"), hash("spam"));
        assert_ne!(hash("spam"), hash("spam2"));
        // The tail of a key longer than a word counts.
        assert_ne!(hash("abcdefghX"), hash("abcdefghY"));
        // str's terminator keeps ("ab", "c") and ("a", "bc") apart.
        assert_ne!(hash(&("ab", "c")), hash(&("a", "bc")));
    }

    #[test]
    fn maps_work() {
        let mut m: FxHashMap<String, usize> = FxHashMap::default();
        for i in 0..1000 {
            m.insert(format!("name_{i}"), i);
        }
        assert_eq!(m.len(), 1000);
        assert!((0..1000).all(|i| m[&format!("name_{i}")] == i));
    }
}
