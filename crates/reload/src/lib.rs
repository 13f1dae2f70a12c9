//! Hot reload for hotpy.
//!
//! This crate will own module generations, the public `ReloadPolicy` trait with its four built-in
//! policies (`reexec`, `fresh`, `upgrade`, `isolate`), atomic reload transactions with rollback, the
//! dependency cascade and file watching.
//!
//! It is an empty shell for now: the module system comes first.
