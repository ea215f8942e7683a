//! What `cargo xtask fixtures` scaffolds for the real documents is a sound starting point: the
//! valid scaffold of every component passes its schema and its contract type, the invalid one
//! fails both, so a person editing them starts from something the tests accept.

use roundtrip_tests::{Document, scaffold};

use crate::validator::Validators;
use crate::{assert_no_failures, workspace_root};

#[test]
fn scaffolds_of_every_component_are_accepted_or_rejected_as_meant() {
    let root = workspace_root();
    let documents = Document::read_all(&root).unwrap_or_else(|error| panic!("{error}"));
    let api = contracts::billing();
    let mut failures = Vec::new();
    for document in &documents {
        let validators = Validators::new(document).unwrap_or_else(|error| panic!("{error}"));
        let version = api.version(&document.version).expect("every document has a version");
        for (name, named) in document
            .schemas
            .keys()
            .filter_map(|name| Some((name, version.schemas.iter().find(|s| s.name == *name)?)))
        {
            let at = format!("{} {name}", document.version);
            let valid = scaffold::valid(&document.schemas, name).expect("a component");
            let errors = validators.errors(name, &valid);
            if !errors.is_empty() {
                failures.push(format!("{at}: the scaffold {valid} breaks the schema: {errors:?}"));
            }
            if let Err(error) = (named.round_trip)(valid.clone()) {
                failures
                    .push(format!("{at}: the scaffold {valid} breaks the contract type: {error}"));
            }
            let (case, invalid) = scaffold::invalid(&document.schemas, name).expect("a component");
            if validators.errors(name, &invalid).is_empty() {
                failures
                    .push(format!("{at}: the invalid scaffold {case} {invalid} passes the schema"));
            }
            if (named.round_trip)(invalid.clone()).is_ok() {
                failures
                    .push(format!("{at}: the invalid scaffold {case} {invalid} passes the type"));
            }
        }
    }
    assert_no_failures("scaffold failure(s)", &failures);
}
