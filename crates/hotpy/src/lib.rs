//! hotpy: an embeddable Python 3 interpreter with hot reload of modules.
//!
//! This is the facade embedders depend on. It re-exports the layers below it; the engine, VM and
//! reload APIs arrive with their issues.

pub use hotpy_compiler as compiler;
pub use hotpy_lexer as lexer;
pub use hotpy_modules as modules;
pub use hotpy_reload as reload;
pub use hotpy_vm as vm;
