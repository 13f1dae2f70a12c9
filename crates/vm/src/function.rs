//! Loaded code and functions.
//!
//! A compiled [`Code`] is immutable and shared (`Arc`). When a VM loads it, the constants become
//! values of this VM (strings, big ints, tuples, nested code objects: allocated once per load, not
//! per execution) and the names are interned: that is a [`LoadedCode`], held by an
//! [`Object::Code`](crate::Object::Code) heap object (which keeps the constants alive) and shared
//! by every function made from it and every frame running it.
//!
//! **Inline caches** live here, beside the functions, never in `Code`: one [`CacheSlot`] per
//! `code.cache_slots()`. They are plain relaxed atomics (free on every target: a load or a store)
//! so a `LoadedCode` stays `Send + Sync` behind its `Arc`. A global-read cache (`LOAD_GLOBAL`,
//! and `LOAD_NAME` at module level, where the locals are the globals) holds the globals dict's
//! identity and version and the entry index; a name-store cache (`STORE_NAME`, `STORE_GLOBAL`)
//! the same for the namespace written. An entry found in the namespace stays valid while it
//! holds the very key object (entries keep their places and a key is in a dict once, so other
//! names coming and going do not matter); a builtin stays valid while the globals' version
//! (moved by every insert and delete — and therefore by any reload) and the builtins' version
//! are unchanged. Replacing a value does not move its entry.

use crate::gc::Tracer;
use crate::intern::Name;
use crate::value::Value;
use hotpy_compiler::bytecode::{Code, CodeFlags};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// One inline-cache slot: three words whose meaning depends on the instruction.
#[derive(Debug, Default)]
pub struct CacheSlot {
    words: [AtomicU64; 3],
}

impl CacheSlot {
    /// Word `i`.
    #[inline]
    pub fn get(&self, i: usize) -> u64 {
        self.words[i].load(Ordering::Relaxed)
    }

    /// Set word `i`.
    #[inline]
    pub fn set(&self, i: usize, v: u64) {
        self.words[i].store(v, Ordering::Relaxed);
    }
}

/// Compiled code loaded into one VM.
#[derive(Debug)]
pub struct LoadedCode {
    /// The compiled code.
    pub code: Arc<Code>,
    /// The constants as values of this VM.
    pub consts: Box<[Value]>,
    /// The names as str objects (dict keys for globals and attributes).
    pub names: Box<[Value]>,
    /// The names interned (method-table keys).
    pub name_ids: Box<[Name]>,
    /// `co_name` as a str object.
    pub name: Value,
    /// `co_qualname` as a str object.
    pub qualname: Value,
    /// The inline caches.
    pub caches: Box<[CacheSlot]>,
    /// Number of fast locals (`varnames`).
    pub nlocals: usize,
    /// Number of cell variables.
    pub ncells: usize,
    /// Number of free variables.
    pub nfree: usize,
    /// Whether the code reads locals from a dict (`LOAD_NAME`: module and class bodies).
    pub uses_fast_locals: bool,
    /// Positional parameters only (no keyword-only, `*args`, `**kwargs`), not a generator: a call
    /// with exactly `arg_count` positional arguments binds by leaving them where they are.
    pub fast_call: bool,
}

impl LoadedCode {
    /// Slots the frame needs below its value stack: locals, cells, free variables.
    #[inline]
    pub fn nlocalsplus(&self) -> usize {
        self.nlocals + self.ncells + self.nfree
    }

    /// Report the values this code keeps alive.
    pub fn trace(&self, t: &mut Tracer<'_>) {
        t.values(&self.consts);
        t.values(&self.names);
        t.value(self.name);
        t.value(self.qualname);
    }

    /// Whether calling a function of this code makes a generator.
    pub fn is_generator(&self) -> bool {
        self.code.flags().contains(CodeFlags::GENERATOR)
    }
}
