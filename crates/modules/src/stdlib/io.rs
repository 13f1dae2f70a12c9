//! `io`: the in-memory streams and the `sys.stdin` wrapper, in Python (`py/io.py`); `open` is
//! the VM's builtin file object.

use crate::native::NativeModule;

/// The `io` module.
pub(super) fn module() -> NativeModule {
    NativeModule::new("io")
        .doc("The io module provides the Python interfaces to stream handling.")
        .python(include_str!("py/io.py"))
}
