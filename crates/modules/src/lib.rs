//! Modules for hotpy.
//!
//! This crate will own the module registry (the Python face of which is `sys.modules`), the import
//! system with loaders behind a trait (filesystem, in-memory, native), the importer → imported edges
//! that the reload layer reads, and the native standard modules.
//!
//! It is an empty shell for now: the VM comes first.
