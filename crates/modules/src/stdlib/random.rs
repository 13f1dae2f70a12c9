//! `random`: the Mersenne Twister (MT19937) seeded exactly as CPython seeds it, so a seeded
//! program draws CPython's numbers. The generator and `getrandbits` are Rust; the
//! distributions (`randrange`, `choice`, `shuffle`, `sample`, …) are Python in
//! `py/random.py`, written to consume the generator in the same order as CPython's.

use crate::native::NativeModule;
use hotpy_vm::error::{type_error, value_error};
use hotpy_vm::object::Object;
use hotpy_vm::{Args, Value, Vm};
use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};
use std::sync::{Arc, Mutex};

const N: usize = 624;
const M: usize = 397;

/// MT19937 state.
struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    fn new() -> Self {
        let mut m = Mt {
            state: [0; N],
            index: N + 1,
        };
        m.init_genrand(5489);
        m
    }

    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let mut i = 1usize;
        let mut j = 0usize;
        let len = key.len().max(1);
        let mut k = N.max(len);
        while k > 0 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key.get(j).copied().unwrap_or(0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
            k -= 1;
        }
        k = N - 1;
        while k > 0 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            k -= 1;
        }
        self.state[0] = 0x8000_0000;
        self.index = N;
    }

    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            for kk in 0..N {
                let y = (self.state[kk] & 0x8000_0000) | (self.state[(kk + 1) % N] & 0x7fff_ffff);
                let mut v = self.state[(kk + M) % N] ^ (y >> 1);
                if y & 1 != 0 {
                    v ^= 0x9908_b0df;
                }
                self.state[kk] = v;
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    fn random(&mut self) -> f64 {
        let a = f64::from(self.next_u32() >> 5);
        let b = f64::from(self.next_u32() >> 6);
        (a * 67_108_864.0 + b) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)`: 32-bit words, least significant first; the last word keeps its top
    /// bits.
    fn getrandbits(&mut self, k: u64) -> BigInt {
        if k <= 32 {
            return BigInt::from(self.next_u32() >> (32 - k as u32));
        }
        let mut words = Vec::new();
        let mut left = k;
        while left > 0 {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left as u32;
            }
            words.push(r);
            left = left.saturating_sub(32);
        }
        BigInt::from_slice(Sign::Plus, &words)
    }

    fn seed_int(&mut self, n: &BigInt) {
        let (_, mut words) = n.abs().to_u32_digits();
        if words.is_empty() {
            words.push(0);
        }
        self.init_by_array(&words);
    }
}

fn int_of(vm: &Vm, v: Value) -> Option<BigInt> {
    match v {
        Value::Int(i) => Some(BigInt::from(i)),
        Value::Bool(b) => Some(BigInt::from(u8::from(b))),
        Value::Obj(r) => match vm.heap.get(r) {
            Object::BigInt(b) => Some(b.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The `random` module (its generator state belongs to this declaration, so to one VM).
pub(super) fn module() -> NativeModule {
    let mt = Arc::new(Mutex::new(Mt::new()));
    let seed_mt = mt.clone();
    let rand_mt = mt.clone();
    let bits_mt = mt.clone();
    let below_mt = mt;
    NativeModule::new("random")
        .doc("Random variable generators.")
        .closure(
            "_seed",
            Arc::new(move |vm: &mut Vm, args: Args<'_>| {
                args.check_count("seed", 0, 1)?;
                let a = args.get(0).unwrap_or(Value::None);
                let n = if a.is_none() {
                    let t = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map(|d| d.as_nanos())
                        .unwrap_or(0);
                    BigInt::from(t) ^ BigInt::from(std::process::id())
                } else if let Some(n) = int_of(vm, a) {
                    n
                } else if let Some(s) = vm.str_text(a) {
                    // CPython appends a SHA-512 digest; hotpy uses the text's bytes alone.
                    BigInt::from_bytes_be(Sign::Plus, s.as_bytes())
                } else if let Value::Float(_) = a {
                    BigInt::from(vm.hash(a)?)
                } else {
                    return Err(type_error(
                        "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
                    ));
                };
                if let Ok(mut m) = seed_mt.lock() {
                    m.seed_int(&n);
                }
                Ok(Value::None)
            }),
        )
        .closure(
            "random",
            Arc::new(move |_vm: &mut Vm, args: Args<'_>| {
                args.check_count("random", 0, 0)?;
                let r = rand_mt.lock().map(|mut m| m.random()).unwrap_or(0.0);
                Ok(Value::Float(r))
            }),
        )
        .closure(
            "getrandbits",
            Arc::new(move |vm: &mut Vm, args: Args<'_>| {
                args.check_count("getrandbits", 1, 1)?;
                let k = match args.positional()[0] {
                    Value::Int(k) => k,
                    _ => return Err(type_error("an integer is required")),
                };
                if k < 0 {
                    return Err(value_error("number of bits must be non-negative"));
                }
                if k == 0 {
                    return Ok(Value::Int(0));
                }
                // The VM refuses ints this large anyway: fail before drawing gigabytes.
                if k as u64 > hotpy_vm::numeric::int::MAX_INT_BITS {
                    return Err(hotpy_vm::error::memory_error());
                }
                let r = bits_mt
                    .lock()
                    .map(|mut m| m.getrandbits(k as u64))
                    .unwrap_or_default();
                vm.new_int(r)
            }),
        )
        .closure(
            "_randbelow",
            Arc::new(move |vm: &mut Vm, args: Args<'_>| {
                args.check_count("_randbelow", 1, 1)?;
                let Some(n) = int_of(vm, args.positional()[0]) else {
                    return Err(type_error("an integer is required"));
                };
                if n.is_zero() || n.is_negative() {
                    return Ok(Value::Int(0));
                }
                let k = n.bits();
                let r = {
                    let Ok(mut m) = below_mt.lock() else {
                        return Ok(Value::Int(0));
                    };
                    let mut r = m.getrandbits(k);
                    while r >= n {
                        r = m.getrandbits(k);
                    }
                    r
                };
                vm.new_int(r)
            }),
        )
        .python(include_str!("py/random.py"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_like_cpython() {
        // python3: random.seed(1); random.random() == 0.13436424411240122
        let mut m = Mt::new();
        m.seed_int(&BigInt::from(1));
        assert_eq!(m.random(), 0.134_364_244_112_401_22);
        let mut m = Mt::new();
        m.seed_int(&BigInt::from(42));
        assert_eq!(m.random(), 0.639_426_798_457_883_7);
    }
}
