//! Raw bytes through the loader and the differ: the input is two documents separated by
//! `SEPARATOR` (or one document compared with itself). Loading may fail with an error, whose
//! message must be one line; whatever loads is compared and rendered in every format. A
//! document compared with a copy of itself must report no change.

#![no_main]

use charter_differ::Document;
use charter_differ_fuzz::{assert_no_change, compare_and_render, loaded, split};
use libfuzzer_sys::fuzz_target;

fn load(name: &str, bytes: &[u8]) -> Option<std::sync::Arc<Document>> {
    loaded(name, Document::parse(name, bytes))
}

fuzz_target!(|data: &[u8]| {
    let (base, head) = split(data);
    let (Some(old), Some(new)) = (load("base", base), load("head", head)) else { return };
    compare_and_render(old.clone(), new);
    // The base against its own copy: nothing changed.
    if let Some(copy) = load("copy", base) {
        assert_no_change(&compare_and_render(old, copy));
    }
});
