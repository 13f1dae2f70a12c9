//! Equality, hashing and dict/set access for builtin values.
