//! Not generated yet.
compile_error!("{{name}}-client-v1 is not generated yet: run `cargo xtask openapi` first");
