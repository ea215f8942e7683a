//! Raw bytes through the loader and the differ: the input is two documents separated by
//! `SEPARATOR` (or one document compared with itself). Loading may fail with an error, whose
//! message must be one line; whatever loads is compared and rendered in every format. A
//! document compared with a copy of itself must report no change.

#![no_main]

use charter_differ::Document;
use charter_differ_fuzz::{assert_no_change, compare_and_render, split};
use libfuzzer_sys::fuzz_target;

fn load(name: &str, bytes: &[u8]) -> Option<Document> {
    match Document::parse(name, bytes) {
        Ok(document) => Some(document),
        Err(error) => {
            let message = error.to_string();
            assert!(message.starts_with(name), "error without the file name: {message}");
            assert!(!message.contains('\n'), "error of several lines: {message}");
            None
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (base, head) = split(data);
    let (Some(old), Some(new)) = (load("base", base), load("head", head)) else { return };
    compare_and_render(old, new);
    // The base against its own copy: nothing changed.
    if let (Some(old), Some(copy)) = (load("base", base), load("copy", base)) {
        assert_no_change(&compare_and_render(old, copy));
    }
});
