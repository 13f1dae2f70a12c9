//! Python `float` semantics.
