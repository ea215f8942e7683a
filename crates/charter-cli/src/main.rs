//! (being ported)
fn main() {}
