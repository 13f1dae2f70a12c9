//! `format(value, spec)` and `%`-formatting.
