//! CPython's hash functions for the builtin value kinds.
//!
//! Numbers hash exactly as CPython (modulus 2**61 - 1, so `hash(1.0) == hash(1)`), tuples and
//! frozensets with CPython's combining functions, and str/bytes with SipHash-1-3 under a zero key —
//! the values CPython prints when run with `PYTHONHASHSEED=0` (randomised hashing is not
//! reproduced: a VM's hashes are deterministic).

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

/// Number of bits of the hash modulus.
pub const HASH_BITS: u32 = 61;
/// `2**61 - 1`: ints and floats hash to their value modulo this prime.
pub const HASH_MODULUS: u64 = (1 << HASH_BITS) - 1;
/// `hash(float('inf'))`.
pub const HASH_INF: i64 = 314_159;

/// `hash(i)` for an inline int.
#[inline]
pub fn hash_int(i: i64) -> i64 {
    let m = (i.unsigned_abs() % HASH_MODULUS) as i64;
    let h = if i < 0 { -m } else { m };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(n)` for a big int.
pub fn hash_bigint(n: &BigInt) -> i64 {
    let m = (n.magnitude() % HASH_MODULUS).to_i64().unwrap_or(0);
    let h = if n.sign() == Sign::Minus { -m } else { m };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(x)` for a float. NaN hashes to 0 (CPython 3.10+ hashes a NaN by object identity; an
/// inline float has none).
pub fn hash_float(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { HASH_INF } else { -HASH_INF };
    }
    let (mut m, mut e) = frexp(x);
    let sign: i64 = if m < 0.0 {
        m = -m;
        -1
    } else {
        1
    };
    let mut acc: u64 = 0;
    while m != 0.0 {
        acc = ((acc << 28) & HASH_MODULUS) | (acc >> (HASH_BITS - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        acc += y;
        if acc >= HASH_MODULUS {
            acc -= HASH_MODULUS;
        }
    }
    let bits = HASH_BITS as i32;
    let e = if e >= 0 {
        e % bits
    } else {
        bits - 1 - ((-1 - e) % bits)
    } as u32;
    acc = ((acc << e) & HASH_MODULUS) | (acc >> (HASH_BITS - e));
    let h = (acc as i64) * sign;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `frexp`: `x = m * 2**e` with `0.5 <= |m| < 1` (m = 0 for x = 0).
pub fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // subnormal: scale up first
        let (m, e) = frexp(x * f64::from_bits(0x4350_0000_0000_0000)); // 2**54
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// `hash(s)` for a str: SipHash-1-3 (zero key) over CPython's internal representation
/// (Latin-1, UCS-2 or UCS-4 little-endian by the widest char); `hash('') == 0`.
pub fn hash_str(s: &str) -> i64 {
    if s.is_empty() {
        return 0;
    }
    let max = s.chars().map(|c| c as u32).max().unwrap_or(0);
    if max < 0x80 {
        return fix(siphash13(s.as_bytes()));
    }
    let mut buf = Vec::with_capacity(s.len() * 2);
    for c in s.chars() {
        let c = c as u32;
        if max < 0x100 {
            buf.push(c as u8);
        } else if max < 0x10000 {
            buf.extend_from_slice(&(c as u16).to_le_bytes());
        } else {
            buf.extend_from_slice(&c.to_le_bytes());
        }
    }
    fix(siphash13(&buf))
}

/// `hash(b)` for bytes (equal to the hash of the Latin-1 str with the same code points).
pub fn hash_bytes(b: &[u8]) -> i64 {
    if b.is_empty() {
        return 0;
    }
    fix(siphash13(b))
}

#[inline]
fn fix(h: u64) -> i64 {
    let h = h as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// SipHash-1-3 with the key (0, 0), as CPython computes it.
fn siphash13(data: &[u8]) -> u64 {
    let (k0, k1) = (0u64, 0u64);
    let mut v0 = k0 ^ 0x736f_6d65_7073_6575;
    let mut v1 = k1 ^ 0x646f_7261_6e64_6f6d;
    let mut v2 = k0 ^ 0x6c79_6765_6e65_7261;
    let mut v3 = k1 ^ 0x7465_6462_7974_6573;
    macro_rules! round {
        () => {
            v0 = v0.wrapping_add(v1);
            v1 = v1.rotate_left(13);
            v1 ^= v0;
            v0 = v0.rotate_left(32);
            v2 = v2.wrapping_add(v3);
            v3 = v3.rotate_left(16);
            v3 ^= v2;
            v0 = v0.wrapping_add(v3);
            v3 = v3.rotate_left(21);
            v3 ^= v0;
            v2 = v2.wrapping_add(v1);
            v1 = v1.rotate_left(17);
            v1 ^= v2;
            v2 = v2.rotate_left(32);
        };
    }
    let chunks = data.chunks_exact(8);
    let tail = chunks.remainder();
    for c in chunks {
        let m = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        v3 ^= m;
        round!();
        v0 ^= m;
    }
    let mut b = (data.len() as u64) << 56;
    for (i, &byte) in tail.iter().enumerate() {
        b |= u64::from(byte) << (8 * i);
    }
    v3 ^= b;
    round!();
    v0 ^= b;
    v2 ^= 0xff;
    round!();
    round!();
    round!();
    v0 ^ v1 ^ v2 ^ v3
}

/// CPython's tuple hash (xxHash-based), fed one element hash at a time.
#[derive(Clone, Copy, Debug)]
pub struct TupleHasher {
    acc: u64,
    len: u64,
}

impl TupleHasher {
    const P1: u64 = 11_400_714_785_074_694_791;
    const P2: u64 = 14_029_467_366_897_019_727;
    const P5: u64 = 2_870_177_450_012_600_261;

    /// Start hashing a tuple of `len` elements.
    pub fn new(len: usize) -> Self {
        TupleHasher {
            acc: Self::P5,
            len: len as u64,
        }
    }

    /// Feed the next element's hash.
    #[inline]
    pub fn push(&mut self, h: i64) {
        self.acc = self.acc.wrapping_add((h as u64).wrapping_mul(Self::P2));
        self.acc = self.acc.rotate_left(31);
        self.acc = self.acc.wrapping_mul(Self::P1);
    }

    /// The tuple's hash.
    pub fn finish(self) -> i64 {
        let acc = self.acc.wrapping_add(self.len ^ (Self::P5 ^ 3_527_539));
        if acc == u64::MAX {
            return 1_546_275_796;
        }
        acc as i64
    }
}

/// CPython's tuple hash over the element hashes.
pub fn combine_tuple(hashes: impl ExactSizeIterator<Item = i64>) -> i64 {
    let mut t = TupleHasher::new(hashes.len());
    for h in hashes {
        t.push(h);
    }
    t.finish()
}

/// CPython's frozenset hash over the element hashes (order-independent).
pub fn combine_frozenset(hashes: impl ExactSizeIterator<Item = i64>) -> i64 {
    fn shuffle(h: u64) -> u64 {
        ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167)
    }
    let len = hashes.len() as u64;
    let mut hash: u64 = 0;
    for h in hashes {
        hash ^= shuffle(h as u64);
    }
    hash ^= (len + 1).wrapping_mul(1_927_868_237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69069).wrapping_add(907_133_923);
    if hash == u64::MAX {
        return 590_923_713;
    }
    hash as i64
}
