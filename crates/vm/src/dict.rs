//! [`PyDict`] and [`PySet`]: insertion-ordered hash tables with Python hashing and equality.
//!
//! Both are a [`Table`] on `indexmap`, keyed by a [`HashedKey`] (the Python hash computed once,
//! plus the key value). The table never hashes or compares keys itself: every lookup takes the
//! Python hash and an `eq` callback, so equality can need the heap (str contents, tuple elements,
//! big ints) and — later — call user `__eq__`. Lookups go through indexmap's raw-entry API with the
//! stored hash; the map's own `Hash`/`Eq` machinery is never used.
//!
//! Mutation is two-phase because keys live in the same heap as the table: first [`Table::find`]
//! (shared borrows: the table and the heap for comparisons) gives an index, then a `&mut` call
//! ([`Table::set_value_at`], [`Table::insert_new`], [`Table::remove_at`]) applies the change.
//! An interpreter calling user `__eq__` (which may mutate the dict) collects candidates with `find`
//! returning `Ok(false)`, calls out, and re-checks [`Table::version`] afterwards, as CPython does.
//!
//! Removal leaves a *dead* entry in place (hash [`DEAD`], key and value cleared), as CPython's
//! dict does, so `del` costs O(1) instead of shifting every later entry; the dead entries are
//! squeezed out when they are more than half of the table. So an entry's position runs up to
//! [`Table::slots`], not [`Table::len`], and [`Table::entry_at`] is `None` at a dead one: walk
//! positions with [`Table::next_live`] / [`Table::prev_live`]. The version counter is bumped on
//! every insert and delete (not when a value is replaced in place: caches hold indices and re-read
//! values).

use crate::error::VmResult;
use crate::gc::Tracer;
use crate::value::Value;
use indexmap::map::RawEntryApiV1;
use indexmap::IndexMap;
use std::hash::{BuildHasher, Hasher};

/// A key with its Python hash.
#[derive(Clone, Copy, Debug)]
pub struct HashedKey {
    /// `hash(key)`.
    pub hash: i64,
    /// The key.
    pub key: Value,
}

/// The table-level hash: Python hashes of small ints are the ints themselves, so spread the bits
/// (hashbrown uses the top 7 bits as a tag).
#[inline]
fn table_hash(py_hash: i64) -> u64 {
    (py_hash as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Never used for hashing keys (lookups pass hashes explicitly); exists to satisfy `IndexMap`.
#[derive(Clone, Copy, Debug, Default)]
pub struct StoredHash;

impl BuildHasher for StoredHash {
    type Hasher = StoredHasher;
    fn build_hasher(&self) -> StoredHasher {
        StoredHasher(0)
    }
}

/// See [`StoredHash`].
#[derive(Clone, Copy, Debug, Default)]
pub struct StoredHasher(u64);

impl Hasher for StoredHasher {
    fn finish(&self) -> u64 {
        table_hash(self.0 as i64)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_i64(&mut self, i: i64) {
        self.0 = i as u64;
    }
}

/// The stored hash of a dead entry. No Python hash is -1 (CPython's rule, which hotpy's hashes
/// follow, and [`Table`] maps a -1 it is given to -2), so no probe ever matches a dead entry.
pub const DEAD: i64 = -1;

/// A hash as the table stores and compares it: never [`DEAD`].
#[inline]
fn live_hash(hash: i64) -> i64 {
    if hash == DEAD {
        -2
    } else {
        hash
    }
}

/// An insertion-ordered hash table of Python keys to `V` (`Value` for dicts, `()` for sets).
#[derive(Clone, Debug, Default)]
pub struct Table<V> {
    map: IndexMap<HashedKey, V, StoredHash>,
    version: u64,
    /// How many entries are dead (deleted, kept in place until the next squeeze).
    dead: usize,
}

/// A `dict`.
pub type PyDict = Table<Value>;
/// A `set` or `frozenset`: CPython's set table (iteration order is CPython's).
pub type PySet = crate::setobject::SetTable;

impl<V> Table<V> {
    /// An empty table.
    pub fn new() -> Self {
        Table {
            map: IndexMap::with_hasher(StoredHash),
            version: 0,
            dead: 0,
        }
    }

    /// An empty table with room for `n` entries.
    pub fn with_capacity(n: usize) -> Self {
        Table {
            map: IndexMap::with_capacity_and_hasher(n, StoredHash),
            version: 0,
            dead: 0,
        }
    }

    /// The number of (live) entries.
    #[inline]
    pub fn len(&self) -> usize {
        self.map.len() - self.dead
    }

    /// True when empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of positions, dead entries included: positions run from 0 to this.
    #[inline]
    pub fn slots(&self) -> usize {
        self.map.len()
    }

    /// The first live entry at position `from` or after: its position, key and value.
    pub fn next_live(&self, from: usize) -> Option<(usize, Value, &V)> {
        (from..self.map.len()).find_map(|i| self.entry_at(i).map(|(k, v)| (i, k, v)))
    }

    /// The last live entry before position `before`: its position, key and value.
    pub fn prev_live(&self, before: usize) -> Option<(usize, Value, &V)> {
        (0..before.min(self.map.len()))
            .rev()
            .find_map(|i| self.entry_at(i).map(|(k, v)| (i, k, v)))
    }

    /// Allocated entry capacity.
    pub fn capacity(&self) -> usize {
        self.map.capacity()
    }

    /// The key-set version: bumped by every insert and delete.
    #[inline]
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The index of the entry whose key equals the probe: entries with the same hash are offered
    /// to `eq`. When `probe` is given, a stored key identical to it (`is`) matches without calling
    /// `eq`, as CPython's `is`-then-`==`. `eq` may fail; the first error is returned.
    pub fn find(
        &self,
        hash: i64,
        probe: Option<Value>,
        mut eq: impl FnMut(Value) -> VmResult<bool>,
    ) -> VmResult<Option<usize>> {
        let hash = live_hash(hash);
        let mut err = None;
        let found = self
            .map
            .raw_entry_v1()
            .index_from_hash(table_hash(hash), |k| {
                if err.is_some() || k.hash != hash {
                    return false;
                }
                if probe.is_some_and(|p| k.key.is(p)) {
                    return true;
                }
                match eq(k.key) {
                    Ok(b) => b,
                    Err(e) => {
                        err = Some(e);
                        false
                    }
                }
            });
        match err {
            Some(e) => Err(e),
            None => Ok(found),
        }
    }

    /// Whether a live entry has the stored hash `hash`: when none has, no key equal to one of
    /// that hash is here (a method call's check that the instance dict does not shadow the
    /// method, without comparing keys).
    pub fn has_hash(&self, hash: i64) -> bool {
        let hash = live_hash(hash);
        self.map
            .raw_entry_v1()
            .index_from_hash(table_hash(hash), |k| k.hash == hash)
            .is_some()
    }

    /// Append a new entry; the caller has checked (with [`Table::find`]) that the key is absent.
    /// Returns its index.
    pub fn insert_new(&mut self, hash: i64, key: Value, value: V) -> usize {
        let hash = live_hash(hash);
        let index = self.map.len();
        match self
            .map
            .raw_entry_mut_v1()
            .from_hash(table_hash(hash), |_| false)
        {
            indexmap::map::raw_entry_v1::RawEntryMut::Vacant(v) => {
                v.insert_hashed_nocheck(table_hash(hash), HashedKey { hash, key }, value);
            }
            indexmap::map::raw_entry_v1::RawEntryMut::Occupied(_) => unreachable!(),
        }
        self.version += 1;
        index
    }

    /// The key and value at position `index` (insertion order); `None` past the end or at a dead
    /// entry.
    #[inline]
    pub fn entry_at(&self, index: usize) -> Option<(Value, &V)> {
        match self.map.get_index(index) {
            Some((k, v)) if k.hash != DEAD => Some((k.key, v)),
            _ => None,
        }
    }

    /// The key at position `index` with its hash (`None` at a dead entry).
    pub fn hashed_key_at(&self, index: usize) -> Option<HashedKey> {
        match self.map.get_index(index) {
            Some((k, _)) if k.hash != DEAD => Some(*k),
            _ => None,
        }
    }

    /// Replace the value at position `index` (no version bump); `None` at a dead entry.
    pub fn set_value_at(&mut self, index: usize, value: V) -> Option<V> {
        match self.map.get_index_mut(index) {
            Some((k, v)) if k.hash != DEAD => Some(std::mem::replace(v, value)),
            _ => None,
        }
    }

    /// Remove the entry at position `index`, keeping the order (and positions) of the others: it
    /// dies in place; trailing dead entries are dropped, and the table is squeezed once more than
    /// half of it is dead.
    pub fn remove_at(&mut self, index: usize) -> Option<(Value, V)>
    where
        V: Default,
    {
        use indexmap::map::MutableKeys;
        let (k, v) = self.map.get_index_mut2(index)?;
        if k.hash == DEAD {
            return None;
        }
        let key = std::mem::replace(
            k,
            HashedKey {
                hash: DEAD,
                key: Value::None,
            },
        )
        .key;
        let value = std::mem::take(v);
        self.dead += 1;
        self.version += 1;
        self.drop_dead_tail();
        if self.dead > 8 && self.dead * 2 > self.map.len() {
            self.squeeze();
        }
        Some((key, value))
    }

    /// Drop the dead entries at the end (where positions need not be kept).
    fn drop_dead_tail(&mut self) {
        while self.map.last().is_some_and(|(k, _)| k.hash == DEAD) {
            self.map.pop();
            self.dead -= 1;
        }
    }

    /// Remove every dead entry (the live ones move to lower positions; the version was bumped by
    /// the removal that called this).
    fn squeeze(&mut self) {
        self.map.retain(|k, _| k.hash != DEAD);
        self.dead = 0;
    }

    /// Keep only the entries whose position (in order, from 0) `keep` accepts, in one pass:
    /// removing many entries one at a time with [`Self::remove_at`] shifts the rest each time.
    ///
    /// Positions count live entries only (as [`Self::iter`] yields them); dead entries go too.
    pub fn retain_positions(&mut self, mut keep: impl FnMut(usize) -> bool) {
        let before = self.len();
        let mut position = 0;
        self.map.retain(|k, _| {
            if k.hash == DEAD {
                return false;
            }
            position += 1;
            keep(position - 1)
        });
        self.dead = 0;
        if self.map.len() != before {
            self.version += 1;
        }
    }

    /// Remove and return the last entry (`dict.popitem()`).
    pub fn pop_last(&mut self) -> Option<(Value, V)> {
        self.drop_dead_tail();
        let r = self.map.pop().map(|(k, v)| (k.key, v));
        if r.is_some() {
            self.version += 1;
        }
        r
    }

    /// Remove everything.
    pub fn clear(&mut self) {
        self.map.clear();
        self.dead = 0;
        self.version += 1;
    }

    /// Entries in insertion order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (Value, &V)> + '_ {
        self.iter_hashed().map(|(k, v)| (k.key, v))
    }

    /// Keys with their hashes, in order (to copy a table without rehashing).
    pub fn hashed_keys(&self) -> impl ExactSizeIterator<Item = HashedKey> + '_ {
        self.iter_hashed().map(|(k, _)| *k)
    }

    /// Live entries with their stored keys.
    fn iter_hashed(&self) -> Live<indexmap::map::Iter<'_, HashedKey, V>> {
        Live {
            inner: self.map.iter(),
            left: self.len(),
        }
    }
}

/// The live entries of a table's entry iterator, counted (so it has an exact size).
struct Live<I> {
    inner: I,
    left: usize,
}

impl<'a, V: 'a, I: Iterator<Item = (&'a HashedKey, &'a V)>> Iterator for Live<I> {
    type Item = (&'a HashedKey, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        let found = self.inner.by_ref().find(|(k, _)| k.hash != DEAD);
        if found.is_some() {
            self.left -= 1;
        }
        found
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<'a, V: 'a, I: Iterator<Item = (&'a HashedKey, &'a V)>> ExactSizeIterator for Live<I> {}

impl Table<Value> {
    /// Trace keys and values.
    pub fn trace(&self, t: &mut Tracer<'_>) {
        for (k, v) in self.iter() {
            t.value(k);
            t.value(*v);
        }
    }
}

impl Table<()> {
    /// Trace the elements.
    pub fn trace(&self, t: &mut Tracer<'_>) {
        for (k, _) in self.iter() {
            t.value(k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int_eq(probe: i64) -> impl FnMut(Value) -> VmResult<bool> {
        move |k| Ok(k == Value::Int(probe))
    }

    #[test]
    fn insert_find_remove_keeps_order() {
        let mut d = PyDict::new();
        for i in 0..100 {
            let h = i % 7; // force collisions
            assert_eq!(d.find(h, None, int_eq(i)).unwrap(), None);
            d.insert_new(h, Value::Int(i), Value::Int(i * 10));
        }
        assert_eq!(d.len(), 100);
        let v0 = d.version();
        let i = d.find(50 % 7, None, int_eq(50)).unwrap().unwrap();
        assert_eq!(d.entry_at(i).unwrap().1, &Value::Int(500));
        d.set_value_at(i, Value::Int(-1));
        assert_eq!(d.version(), v0);
        d.remove_at(i);
        assert!(d.version() > v0);
        let keys: Vec<_> = d.iter().map(|(k, _)| k).collect();
        let want: Vec<_> = (0..100).filter(|&k| k != 50).map(Value::Int).collect();
        assert_eq!(keys, want);
        assert_eq!(d.find(50 % 7, None, int_eq(50)).unwrap(), None);
        let j = d.find(51 % 7, None, int_eq(51)).unwrap().unwrap();
        assert_eq!(d.entry_at(j).unwrap().0, Value::Int(51));
    }

    #[test]
    fn retain_positions_keeps_order_and_lookups() {
        let mut d = PyDict::new();
        for i in 0..50 {
            d.insert_new(i % 5, Value::Int(i), Value::Int(i));
        }
        let v0 = d.version();
        d.retain_positions(|i| i % 3 == 0);
        assert!(d.version() > v0, "removing entries is a change");
        let keys: Vec<_> = d.iter().map(|(k, _)| k).collect();
        let want: Vec<_> = (0..50).filter(|k| k % 3 == 0).map(Value::Int).collect();
        assert_eq!(keys, want);
        for k in 0..50 {
            let found = d.find(k % 5, None, int_eq(k)).unwrap();
            assert_eq!(found.is_some(), k % 3 == 0, "key {k}");
        }
        let v1 = d.version();
        d.retain_positions(|_| true);
        assert_eq!(d.version(), v1, "keeping everything is no change");
    }

    #[test]
    fn deleted_entries_die_in_place_and_are_squeezed_later() {
        let mut d = PyDict::new();
        for i in 0..20 {
            d.insert_new(i, Value::Int(i), Value::Int(i));
        }
        let v0 = d.version();
        assert_eq!(d.remove_at(3), Some((Value::Int(3), Value::Int(3))));
        assert!(d.version() > v0);
        assert_eq!((d.len(), d.slots()), (19, 20), "the position stays");
        assert_eq!(d.entry_at(3), None);
        assert_eq!(d.remove_at(3), None, "a dead entry cannot die twice");
        assert_eq!(d.entry_at(4).map(|(k, _)| k), Some(Value::Int(4)));
        assert_eq!(d.find(3, None, int_eq(3)).unwrap(), None);
        assert_eq!(
            d.next_live(3).map(|(i, k, _)| (i, k)),
            Some((4, Value::Int(4)))
        );
        assert_eq!(
            d.prev_live(4).map(|(i, k, _)| (i, k)),
            Some((2, Value::Int(2)))
        );
        // Re-inserted, the key goes to the end.
        d.insert_new(3, Value::Int(3), Value::Int(-3));
        assert_eq!(d.iter().last().map(|(k, _)| k), Some(Value::Int(3)));
        assert_eq!(d.iter().len(), d.len());
        // Deleting the last entries drops them (and the dead ones before them).
        let last = d.slots() - 1;
        d.remove_at(last);
        assert_eq!(d.slots(), 20);
        // Past half dead, the table is squeezed: positions close up, order stays.
        for i in 0..12 {
            if let Some(j) = d.find(i, None, int_eq(i)).unwrap() {
                d.remove_at(j);
            }
        }
        // Squeezed at the 11th dead entry (more than half of 20); the 12th delete (key 11, then
        // first) left one more dead entry in front.
        assert_eq!((d.len(), d.slots()), (8, 9));
        let keys: Vec<_> = d.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, (12..20).map(Value::Int).collect::<Vec<_>>());
        assert_eq!(d.pop_last().map(|(k, _)| k), Some(Value::Int(19)));
    }

    #[test]
    fn a_hash_of_minus_one_is_stored_as_minus_two() {
        let mut d = PyDict::new();
        d.insert_new(DEAD, Value::Int(7), Value::Int(1));
        assert_eq!(d.len(), 1, "not taken for a dead entry");
        assert_eq!(d.find(DEAD, None, int_eq(7)).unwrap(), Some(0));
        assert_eq!(d.hashed_key_at(0).map(|k| k.hash), Some(-2));
    }

    #[test]
    fn eq_errors_propagate() {
        let mut d = PyDict::new();
        d.insert_new(1, Value::Int(1), Value::None);
        let r = d.find(1, Some(Value::Int(2)), |_| {
            Err(crate::error::type_error("boom"))
        });
        assert!(r.is_err());
        // identical keys match without calling eq
        let r = d.find(1, Some(Value::Int(1)), |_| {
            Err(crate::error::type_error("boom"))
        });
        assert_eq!(r.unwrap(), Some(0));
    }
}
