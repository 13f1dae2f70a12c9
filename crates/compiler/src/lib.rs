//! The hotpy compiler: parser → AST (in a `bumpalo` arena) → scopes → bytecode code objects.
