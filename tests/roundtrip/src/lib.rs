//! Only tests live in this package: see `tests/roundtrip.rs`.
