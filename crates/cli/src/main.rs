//! The `hotpy` command.

fn main() {}
