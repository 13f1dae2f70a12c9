//! Python numeric semantics: [`int`] (inline `i64` fast path, big-int slow path) and [`float`].

pub mod float;
pub mod int;
