//! `repr` and `str` of builtin values.
