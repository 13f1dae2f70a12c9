//! [`Heap`]: the arena of object slots owned by a VM.
//!
//! Slots are reused through a free list; each slot carries a generation bumped when its object is
//! freed, so a stale [`ObjRef`] is detected (`try_get` returns an internal error, `get` panics with
//! a message) instead of silently reading the object that reused the slot. All safe Rust: a rooting
//! bug can make the VM report an internal error, never undefined behaviour.
//!
//! The heap does not collect by itself: [`Vm::alloc`](crate::Vm::alloc) is the allocation *safe
//! point* that may run the collector first (see [`gc`](crate::gc)).

use crate::dict::PyDict;
use crate::error::{internal, Limit, VmError, VmResult};
use crate::object::{Object, PyStr};
use crate::value::{ObjRef, Value};

#[derive(Debug)]
struct Slot {
    generation: u32,
    object: Option<Object>,
}

/// The arena of heap objects.
#[derive(Debug, Default)]
pub struct Heap {
    slots: Vec<Slot>,
    free: Vec<u32>,
    live: usize,
    /// Estimated bytes owned by live (or not yet swept) objects.
    bytes: usize,
    /// Bytes allocated since the last collection (the GC's debt).
    pub(crate) allocated_since_gc: usize,
    limit: Option<usize>,
}

impl Heap {
    /// An empty heap; `limit` caps the estimated bytes of live objects (`None`: no cap).
    pub fn new(limit: Option<usize>) -> Self {
        Heap {
            limit,
            ..Heap::default()
        }
    }

    /// The configured byte limit.
    pub fn limit(&self) -> Option<usize> {
        self.limit
    }

    /// Change the byte limit.
    pub fn set_limit(&mut self, limit: Option<usize>) {
        self.limit = limit;
    }

    /// True when allocating `extra` more bytes would pass the limit.
    pub fn would_exceed(&self, extra: usize) -> bool {
        self.limit
            .is_some_and(|l| self.bytes.saturating_add(extra) > l)
    }

    /// Store `object` in a free slot (or a new one) and return its handle. Fails with the heap
    /// limit error (not catchable by scripts) when the limit would be passed; never aborts.
    /// This does not collect: use [`Vm::alloc`](crate::Vm::alloc) at safe points.
    pub fn alloc(&mut self, object: Object) -> VmResult<ObjRef> {
        let size = object.heap_size();
        if self.would_exceed(size) {
            return Err(VmError::Limit(Limit::Heap {
                limit: self.limit.unwrap_or(0),
            }));
        }
        self.bytes += size;
        self.allocated_since_gc += size;
        self.live += 1;
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            debug_assert!(slot.object.is_none());
            slot.object = Some(object);
            return Ok(ObjRef {
                index,
                generation: slot.generation,
            });
        }
        let index = u32::try_from(self.slots.len())
            .map_err(|_| VmError::Limit(Limit::Heap { limit: usize::MAX }))?;
        self.slots.push(Slot {
            generation: 0,
            object: Some(object),
        });
        Ok(ObjRef {
            index,
            generation: 0,
        })
    }

    /// Record that a live object grew (or shrank, negative) by `delta` bytes, e.g. after a list
    /// append that reallocated; keeps pacing and the limit honest. Fails when the limit is passed.
    pub fn account(&mut self, delta: isize) -> VmResult<()> {
        if delta >= 0 {
            let d = delta as usize;
            if self.would_exceed(d) {
                return Err(VmError::Limit(Limit::Heap {
                    limit: self.limit.unwrap_or(0),
                }));
            }
            self.bytes += d;
            self.allocated_since_gc += d;
        } else {
            self.bytes = self.bytes.saturating_sub(delta.unsigned_abs());
        }
        Ok(())
    }

    /// The object behind `r`, or an internal error for a stale or foreign handle.
    #[inline]
    pub fn try_get(&self, r: ObjRef) -> VmResult<&Object> {
        match self.slots.get(r.index as usize) {
            Some(Slot {
                generation,
                object: Some(o),
            }) if *generation == r.generation => Ok(o),
            _ => Err(stale(r)),
        }
    }

    /// Mutable access to the object behind `r`, or an internal error for a stale handle.
    #[inline]
    pub fn try_get_mut(&mut self, r: ObjRef) -> VmResult<&mut Object> {
        match self.slots.get_mut(r.index as usize) {
            Some(Slot {
                generation,
                object: Some(o),
            }) if *generation == r.generation => Ok(o),
            _ => Err(stale(r)),
        }
    }

    /// The object behind `r`.
    ///
    /// # Panics
    /// On a stale handle (a rooting bug in the VM): a clean panic, never a read of another object.
    #[inline]
    pub fn get(&self, r: ObjRef) -> &Object {
        match self.try_get(r) {
            Ok(o) => o,
            Err(e) => panic!("{e}"),
        }
    }

    /// Mutable access to the object behind `r`.
    ///
    /// # Panics
    /// On a stale handle, as [`Heap::get`].
    #[inline]
    pub fn get_mut(&mut self, r: ObjRef) -> &mut Object {
        match self.try_get_mut(r) {
            Ok(o) => o,
            Err(e) => panic!("{e}"),
        }
    }

    /// The str behind `v`, if `v` is a live str object.
    #[inline]
    pub fn as_str(&self, v: Value) -> Option<&PyStr> {
        match self.try_get(v.as_obj()?).ok()? {
            Object::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The items of a list or tuple `v`.
    #[inline]
    pub fn as_seq(&self, v: Value) -> Option<&[Value]> {
        match self.try_get(v.as_obj()?).ok()? {
            Object::List(l) => Some(l),
            Object::Tuple(t) => Some(t),
            _ => None,
        }
    }

    /// The list behind `v`, mutably.
    #[inline]
    pub fn as_list_mut(&mut self, v: Value) -> Option<&mut Vec<Value>> {
        match self.try_get_mut(v.as_obj()?).ok()? {
            Object::List(l) => Some(l),
            _ => None,
        }
    }

    /// The dict behind `v`.
    #[inline]
    pub fn as_dict(&self, v: Value) -> Option<&PyDict> {
        match self.try_get(v.as_obj()?).ok()? {
            Object::Dict(d) => Some(d),
            _ => None,
        }
    }

    /// The dict behind `v`, mutably.
    #[inline]
    pub fn as_dict_mut(&mut self, v: Value) -> Option<&mut PyDict> {
        match self.try_get_mut(v.as_obj()?).ok()? {
            Object::Dict(d) => Some(d),
            _ => None,
        }
    }

    /// True when `r` still names a live object.
    pub fn is_live(&self, r: ObjRef) -> bool {
        self.try_get(r).is_ok()
    }

    /// Every object in the heap (live, or unreachable and not yet swept), with its handle.
    pub fn objects(&self) -> impl Iterator<Item = (crate::value::ObjRef, &Object)> + '_ {
        self.slots.iter().enumerate().filter_map(|(i, s)| {
            s.object.as_ref().map(|o| {
                (
                    ObjRef {
                        index: i as u32,
                        generation: s.generation,
                    },
                    o,
                )
            })
        })
    }

    /// The number of live (not yet swept) objects.
    pub fn live_objects(&self) -> usize {
        self.live
    }

    /// Estimated bytes owned by live (not yet swept) objects.
    pub fn live_bytes(&self) -> usize {
        self.bytes
    }

    /// The number of slots (live and free): the bound of slot indices.
    pub(crate) fn slot_count(&self) -> usize {
        self.slots.len()
    }

    /// The handle of slot `index` if it holds an object.
    pub(crate) fn handle_at(&self, index: usize) -> Option<ObjRef> {
        let slot = &self.slots[index];
        slot.object.as_ref().map(|_| ObjRef {
            index: index as u32,
            generation: slot.generation,
        })
    }

    /// Free every live object whose slot is not marked; returns how many were freed. Called by
    /// the collector only.
    pub(crate) fn sweep(&mut self, is_marked: impl Fn(usize) -> bool) -> usize {
        let mut freed = 0;
        let mut bytes = 0;
        for (i, slot) in self.slots.iter_mut().enumerate() {
            let Some(obj) = &slot.object else { continue };
            if is_marked(i) {
                bytes += obj.heap_size();
                continue;
            }
            // Dropping the payload never recurses through other objects: they hold handles only.
            slot.object = None;
            freed += 1;
            if slot.generation == u32::MAX {
                // Retire the slot: its generations are spent, reusing it could alias a handle.
                continue;
            }
            slot.generation += 1;
            self.free.push(i as u32);
        }
        self.live -= freed;
        self.bytes = bytes;
        self.allocated_since_gc = 0;
        freed
    }
}

#[cold]
fn stale(r: ObjRef) -> VmError {
    internal(format!(
        "stale object handle (slot {}, generation {}): the object was freed",
        r.index, r.generation
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Limit;

    #[test]
    fn alloc_get_and_limit() {
        let mut h = Heap::new(Some(1000));
        let r = h.alloc(Object::List(vec![])).unwrap();
        assert!(matches!(h.get(r), Object::List(_)));
        assert_eq!(h.live_objects(), 1);
        let e = h.alloc(Object::Bytes(vec![0; 5000].into())).unwrap_err();
        assert!(matches!(e, VmError::Limit(Limit::Heap { limit: 1000 })));
    }

    #[test]
    fn stale_handles_are_detected() {
        let mut h = Heap::new(None);
        let r = h.alloc(Object::List(vec![])).unwrap();
        assert_eq!(h.sweep(|_| false), 1);
        assert!(h.try_get(r).is_err());
        let r2 = h.alloc(Object::Tuple(Box::new([]))).unwrap();
        assert_eq!(r2.index(), r.index(), "slot reused");
        assert_ne!(r2, r);
        assert!(matches!(h.try_get(r), Err(VmError::Internal(_))));
        assert!(h.is_live(r2));
        assert_eq!(h.as_seq(Value::Obj(r2)), Some(&[][..]));
        assert!(h.as_str(Value::Obj(r2)).is_none());
        assert!(h.as_seq(Value::Obj(r)).is_none(), "stale");
    }
}
