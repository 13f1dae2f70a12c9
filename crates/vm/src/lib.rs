//! The hotpy virtual machine.
//!
//! This crate will own (see the VM core issue and `docs/ARCHITECTURE.md`):
//! - `Value`, a `Copy` enum of at most 16 bytes: None, bool, int and float inline, everything else a
//!   handle into the VM's heap;
//! - the heap: an arena of object slots owned by the VM with a tracing mark-and-sweep collector;
//! - names interned with `lasso`, dicts and namespaces on `indexmap` with version counters;
//! - frames and the dispatch loop (Python-to-Python calls never recurse on the Rust stack);
//! - the builtin types, functions and exceptions.
//!
//! It is an empty shell for now: the lexer and the compiler come first.
