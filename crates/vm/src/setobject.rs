//! [`SetTable`]: the hash table of `set` and `frozenset`, laid out exactly as CPython 3.11's
//! `Objects/setobject.c` lays out its table.
//!
//! A set's iteration order is its table's slot order, which Python programs print all the time
//! (`print({3, 1})` shows `{1, 3}`). To print what CPython prints, the table is CPython's: open
//! addressing over `2**k` slots (8 at least), a probe that looks at up to 9 following slots
//! before jumping (`i = i*5 + 1 + perturb`, `perturb >>= 5`), deleted entries left as dummies
//! that a later insertion may reuse (the *last* dummy seen on its probe), a resize when
//! `fill*5 >= mask*3` to the smallest power of two above `used*4` (`used*2` beyond 50000),
//! `pop()` scanning from a finger, and `set_merge`'s three ways of copying another set.
//!
//! Like [`crate::dict::Table`], the table never hashes or compares keys itself: callers pass the
//! Python hash and an equality callback. An index is a slot number; [`SetTable::next_active`]
//! walks them as CPython's `set_next` does.

use crate::dict::HashedKey;
use crate::error::VmResult;
use crate::gc::Tracer;
use crate::value::Value;

/// CPython's `PySet_MINSIZE`.
const MIN_SIZE: usize = 8;
/// CPython's `LINEAR_PROBES`.
const LINEAR_PROBES: usize = 9;
/// CPython's `PERTURB_SHIFT`.
const PERTURB_SHIFT: u32 = 5;

/// One slot of the table.
#[derive(Clone, Copy, Debug, Default)]
enum Slot {
    /// Never used (ends a probe sequence).
    #[default]
    Empty,
    /// A deleted entry (probe sequences run through it).
    Dummy,
    /// A key with its hash.
    Active(HashedKey),
}

/// The table of a `set` or `frozenset` (see the module docs).
#[derive(Clone, Debug)]
pub struct SetTable {
    /// `mask + 1` slots, or none while the set has never held anything (treated as 8 empty
    /// slots: CPython's `smalltable`).
    slots: Vec<Slot>,
    mask: usize,
    /// Active plus dummy slots.
    fill: usize,
    /// Active slots.
    used: usize,
    /// Where `pop()` starts looking.
    finger: usize,
    version: u64,
}

impl Default for SetTable {
    fn default() -> Self {
        Self::new()
    }
}

/// The probe sequence of CPython's set lookups: for each jump, the slot it starts at and how
/// many further slots are scanned linearly.
struct Probe {
    i: usize,
    perturb: u64,
    mask: usize,
}

impl Probe {
    fn new(hash: i64, mask: usize) -> Self {
        Probe {
            i: (hash as u64 as usize) & mask,
            perturb: hash as u64,
            mask,
        }
    }

    /// The current run: the start slot and the number of slots in it (`1 + LINEAR_PROBES` when
    /// the run fits before the end of the table, else 1).
    fn run(&self) -> (usize, usize) {
        let n = if self.i + LINEAR_PROBES <= self.mask {
            LINEAR_PROBES + 1
        } else {
            1
        };
        (self.i, n)
    }

    fn advance(&mut self) {
        self.perturb >>= PERTURB_SHIFT;
        self.i = (self
            .i
            .wrapping_mul(5)
            .wrapping_add(1)
            .wrapping_add(self.perturb as usize))
            & self.mask;
    }
}

impl SetTable {
    /// An empty table (8 slots, allocated on first insertion).
    pub fn new() -> Self {
        SetTable {
            slots: Vec::new(),
            mask: MIN_SIZE - 1,
            fill: 0,
            used: 0,
            finger: 0,
            version: 0,
        }
    }

    /// An empty table. The capacity hint is ignored on purpose: CPython builds set displays and
    /// `set(iterable)` by adding to an 8-slot table, and the layout (so the order) depends on it.
    pub fn with_capacity(_n: usize) -> Self {
        Self::new()
    }

    /// The number of elements.
    #[inline]
    pub fn len(&self) -> usize {
        self.used
    }

    /// True when empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// The number of slots.
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// Bumped by every insertion and deletion.
    #[inline]
    pub fn version(&self) -> u64 {
        self.version
    }

    fn slot(&self, i: usize) -> Slot {
        self.slots.get(i).copied().unwrap_or_default()
    }

    fn ensure_allocated(&mut self) {
        if self.slots.is_empty() {
            self.slots = vec![Slot::Empty; self.mask + 1];
        }
    }

    /// The slot holding a key equal to the probe (`set_lookkey`): slots with the same hash are
    /// offered to `eq`, except that a stored key identical to `probe` matches at once.
    pub fn find(
        &self,
        hash: i64,
        probe: Option<Value>,
        mut eq: impl FnMut(Value) -> VmResult<bool>,
    ) -> VmResult<Option<usize>> {
        if self.slots.is_empty() {
            return Ok(None);
        }
        let mut p = Probe::new(hash, self.mask);
        // Bounded by the table size: at least one slot is always empty (fill < size).
        for _ in 0..=self.slots.len() * 2 + 64 {
            let (start, n) = p.run();
            for j in start..start + n {
                match self.slot(j) {
                    Slot::Empty => return Ok(None),
                    Slot::Dummy => {}
                    Slot::Active(k) if k.hash == hash => {
                        if probe.is_some_and(|v| k.key.is(v)) || eq(k.key)? {
                            return Ok(Some(j));
                        }
                    }
                    Slot::Active(_) => {}
                }
            }
            p.advance();
        }
        // A full scan as a last resort (cannot happen while fill < size).
        for (j, s) in self.slots.iter().enumerate() {
            if let Slot::Active(k) = s {
                if k.hash == hash && (probe.is_some_and(|v| k.key.is(v)) || eq(k.key)?) {
                    return Ok(Some(j));
                }
            }
        }
        Ok(None)
    }

    /// Where `set_add_entry` puts a key known to be absent: the last dummy on its probe path
    /// before the first empty slot, else that empty slot. The flag says whether it is empty.
    fn insertion_slot(&self, hash: i64) -> (usize, bool) {
        let mut p = Probe::new(hash, self.mask);
        let mut freeslot = None;
        loop {
            let (start, n) = p.run();
            for j in start..start + n {
                match self.slots[j] {
                    Slot::Empty => {
                        return match freeslot {
                            Some(f) => (f, false),
                            None => (j, true),
                        }
                    }
                    Slot::Dummy => freeslot = Some(j),
                    Slot::Active(_) => {}
                }
            }
            p.advance();
        }
    }

    /// Add a key the caller has checked (with [`SetTable::find`]) is absent, as
    /// `set_add_entry` does, resizing afterwards as it does. Returns the key's slot.
    pub fn insert_new(&mut self, hash: i64, key: Value, _unit: ()) -> usize {
        self.ensure_allocated();
        let (j, empty) = self.insertion_slot(hash);
        self.slots[j] = Slot::Active(HashedKey { hash, key });
        self.used += 1;
        self.version += 1;
        if empty {
            self.fill += 1;
            if self.fill * 5 >= self.mask * 3 {
                let minused = if self.used > 50000 {
                    self.used * 2
                } else {
                    self.used * 4
                };
                self.resize(minused);
                return self.position_of(hash, key).unwrap_or(0);
            }
        }
        j
    }

    /// The slot of a key by identity (after a resize moved it).
    fn position_of(&self, hash: i64, key: Value) -> Option<usize> {
        self.slots
            .iter()
            .position(|s| matches!(s, Slot::Active(k) if k.hash == hash && k.key.is(key)))
    }

    /// `set_add_entry`: add `key` unless an equal key is present; true when added.
    pub fn add(
        &mut self,
        hash: i64,
        key: Value,
        eq: impl FnMut(Value) -> VmResult<bool>,
    ) -> VmResult<bool> {
        if self.find(hash, Some(key), eq)?.is_some() {
            return Ok(false);
        }
        self.insert_new(hash, key, ());
        Ok(true)
    }

    /// CPython's `set_insert_clean`: place a key into a table with no dummies and no equal key.
    fn insert_clean(slots: &mut [Slot], mask: usize, hk: HashedKey) {
        let mut p = Probe::new(hk.hash, mask);
        loop {
            let (start, n) = p.run();
            if let Some(slot) = slots[start..start + n]
                .iter_mut()
                .find(|s| matches!(s, Slot::Empty))
            {
                *slot = Slot::Active(hk);
                return;
            }
            p.advance();
        }
    }

    /// `set_table_resize`: a table of the smallest power of two (≥ 8) above `minused`, the active
    /// keys reinserted in slot order.
    fn resize(&mut self, minused: usize) {
        let mut newsize = MIN_SIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        if newsize == MIN_SIZE && self.mask + 1 == MIN_SIZE && self.fill == self.used {
            // CPython keeps a small table without dummies as it is.
            return;
        }
        let old = std::mem::take(&mut self.slots);
        let mut slots = vec![Slot::Empty; newsize];
        let mask = newsize - 1;
        for s in old {
            if let Slot::Active(hk) = s {
                Self::insert_clean(&mut slots, mask, hk);
            }
        }
        self.slots = slots;
        self.mask = mask;
        self.fill = self.used;
    }

    /// `set_merge`: add every key of `other` (a different table), with CPython's presizing and
    /// its two fast paths for an empty receiver (a slot-for-slot copy when the sizes agree and
    /// `other` has no dummies; clean insertions otherwise).
    pub fn merge(
        &mut self,
        other: &SetTable,
        mut eq: impl FnMut(Value, Value) -> VmResult<bool>,
    ) -> VmResult<()> {
        if other.used == 0 {
            return Ok(());
        }
        self.ensure_allocated();
        if (self.fill + other.used) * 5 >= self.mask * 3 {
            self.resize((self.used + other.used) * 2);
        }
        self.version += 1;
        if self.fill == 0 && self.mask == other.mask && other.fill == other.used {
            for (j, s) in other.slots.iter().enumerate() {
                if let Slot::Active(hk) = s {
                    self.slots[j] = Slot::Active(*hk);
                }
            }
            self.fill = other.used;
            self.used = other.used;
            return Ok(());
        }
        if self.fill == 0 {
            let mask = self.mask;
            for s in &other.slots {
                if let Slot::Active(hk) = s {
                    Self::insert_clean(&mut self.slots, mask, *hk);
                }
            }
            self.fill = other.used;
            self.used = other.used;
            return Ok(());
        }
        for s in &other.slots {
            if let Slot::Active(hk) = s {
                let key = hk.key;
                self.add(hk.hash, key, |k| eq(k, key))?;
            }
        }
        Ok(())
    }

    /// A new table with this one's keys added in its iteration order: what CPython's constant
    /// merging does to a frozenset constant (`merge_consts_recursive` rebuilds it from its own
    /// elements), so that `{100, 7, 15, 23}` prints as `{7, 100, 15, 23}`.
    pub fn reinserted(&self) -> SetTable {
        let mut out = SetTable::new();
        for hk in self.hashed_keys() {
            out.insert_new(hk.hash, hk.key, ());
        }
        out
    }

    /// `set_swap_bodies` (for `intersection_update`): take `other`'s table, keeping this set's
    /// `pop()` finger as CPython does.
    pub fn replace_body(&mut self, other: SetTable) {
        let (finger, version) = (self.finger, self.version);
        *self = other;
        self.finger = finger;
        self.version = version + 1;
    }

    /// The presizing `set_update_internal` does before adding a dict's `n` keys.
    pub fn presize_for(&mut self, n: usize) {
        self.ensure_allocated();
        if (self.fill + n) * 5 >= self.mask * 3 {
            self.resize((self.used + n) * 2);
        }
    }

    /// What `set_difference_update_internal` does after discarding: rebuild when more than a
    /// quarter of the slots are dummies.
    pub fn purge_dummies(&mut self) {
        if self.fill - self.used <= self.mask / 4 {
            return;
        }
        let minused = if self.used > 50000 {
            self.used * 2
        } else {
            self.used * 4
        };
        self.resize(minused);
    }

    /// The key at slot `index`, if that slot is active.
    #[inline]
    pub fn entry_at(&self, index: usize) -> Option<(Value, &())> {
        match self.slots.get(index) {
            Some(Slot::Active(k)) => Some((k.key, &())),
            _ => None,
        }
    }

    /// The key at slot `index` with its hash, if that slot is active.
    pub fn hashed_key_at(&self, index: usize) -> Option<HashedKey> {
        match self.slots.get(index) {
            Some(Slot::Active(k)) => Some(*k),
            _ => None,
        }
    }

    /// CPython's `set_next`: the first active slot at or after `index`, with its key.
    pub fn next_active(&self, index: usize) -> Option<(usize, Value)> {
        self.slots
            .iter()
            .enumerate()
            .skip(index)
            .find_map(|(j, s)| match s {
                Slot::Active(k) => Some((j, k.key)),
                _ => None,
            })
    }

    /// Delete the key at slot `index` (it becomes a dummy).
    pub fn remove_at(&mut self, index: usize) -> Option<(Value, ())> {
        match self.slots.get(index).copied() {
            Some(Slot::Active(k)) => {
                self.slots[index] = Slot::Dummy;
                self.used -= 1;
                self.version += 1;
                Some((k.key, ()))
            }
            _ => None,
        }
    }

    /// `set.pop()`: the first active slot from the finger on (wrapping), as CPython.
    pub fn pop(&mut self) -> Option<Value> {
        if self.used == 0 {
            return None;
        }
        let n = self.slots.len();
        let mut j = self.finger & self.mask;
        while !matches!(self.slots[j], Slot::Active(_)) {
            j += 1;
            if j >= n {
                j = 0;
            }
        }
        self.finger = j + 1;
        self.remove_at(j).map(|(k, _)| k)
    }

    /// Remove and return some element (alias of [`SetTable::pop`], for the dict-like API).
    pub fn pop_last(&mut self) -> Option<(Value, ())> {
        self.pop().map(|k| (k, ()))
    }

    /// Remove everything: back to an 8-slot table, as `set_clear_internal`.
    pub fn clear(&mut self) {
        self.slots = Vec::new();
        self.mask = MIN_SIZE - 1;
        self.fill = 0;
        self.used = 0;
        self.version += 1;
    }

    /// Elements in slot order (CPython's iteration order).
    pub fn iter(&self) -> impl Iterator<Item = (Value, &())> + '_ {
        self.hashed_keys().map(|k| (k.key, &()))
    }

    /// Elements with their hashes, in slot order.
    pub fn hashed_keys(&self) -> impl Iterator<Item = HashedKey> + '_ {
        self.slots.iter().filter_map(|s| match s {
            Slot::Active(k) => Some(*k),
            _ => None,
        })
    }

    /// Trace the elements.
    pub fn trace(&self, t: &mut Tracer<'_>) {
        for k in self.hashed_keys() {
            t.value(k.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn int_set(keys: &[i64]) -> SetTable {
        let mut s = SetTable::new();
        for &k in keys {
            s.add(k, Value::Int(k), |o| Ok(o == Value::Int(k))).unwrap();
        }
        s
    }

    fn order(s: &SetTable) -> Vec<i64> {
        s.iter()
            .map(|(k, _)| match k {
                Value::Int(i) => i,
                _ => -1,
            })
            .collect()
    }

    // Orders printed by CPython 3.11 for the same insertions.
    #[rstest]
    #[case(&[3, 1], &[1, 3])]
    #[case(&[10, 2, 18], &[18, 10, 2])]
    #[case(&[100, 7, 15, 23], &[23, 100, 15, 7])]
    #[case(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9])]
    fn insertion_order_matches_cpython(#[case] keys: &[i64], #[case] want: &[i64]) {
        assert_eq!(order(&int_set(keys)), want);
    }

    #[test]
    fn dummies_are_reused_last_first() {
        // s = set(range(5)); s.discard(0); s.discard(2); s.add(32) -> {1, 32, 3, 4}
        let mut s = int_set(&[0, 1, 2, 3, 4]);
        for k in [0, 2] {
            let i = s
                .find(k, None, |o| Ok(o == Value::Int(k)))
                .unwrap()
                .unwrap();
            s.remove_at(i);
        }
        s.add(32, Value::Int(32), |o| Ok(o == Value::Int(32)))
            .unwrap();
        assert_eq!(order(&s), [1, 32, 3, 4]);
    }

    #[test]
    fn pop_uses_the_finger() {
        let mut s = int_set(&[0, 1, 2, 3, 4]);
        assert_eq!(s.pop(), Some(Value::Int(0)));
        assert_eq!(s.pop(), Some(Value::Int(1)));
        s.add(8, Value::Int(8), |o| Ok(o == Value::Int(8))).unwrap();
        assert_eq!(s.pop(), Some(Value::Int(2)));
        assert_eq!(order(&s), [3, 4, 8]);
        assert_eq!(s.len(), 3);
    }

    #[test]
    fn merge_into_empty_copies_layout() {
        let src = int_set(&[7, 15]);
        let mut dst = SetTable::new();
        dst.merge(&src, |a, b| Ok(a == b)).unwrap();
        assert_eq!(order(&dst), order(&src));
    }
}
