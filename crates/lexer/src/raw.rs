//! Raw tokens recognised by a `logos` automaton.
