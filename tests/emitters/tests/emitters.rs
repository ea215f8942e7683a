//! Every pair of every stack's `expectations.tsv`, through the differ. Run with `--nocapture` to
//! see the table of each stack: which pairs agree, which are known gaps (and what the differ
//! gives today), which disagree.

use emitters_tests::{check, stack_dir};

fn run(stack: &str) {
    let checked = check(&stack_dir(stack));
    println!("{}", checked.table(stack));
    assert!(!checked.pairs.is_empty(), "{stack}: no pairs");
    assert!(
        checked.failures.is_empty(),
        "{stack}: {} failures:\n  {}",
        checked.failures.len(),
        checked.failures.join("\n  ")
    );
}

#[test]
fn fastapi_pairs() {
    run("fastapi");
}

#[test]
fn hono_pairs() {
    run("hono");
}
