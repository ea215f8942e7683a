//! The contract's three readers agree on every schema: the types in `contracts/`, the documents
//! in `generated/openapi/` and the clients in `generated/clients/`. Every fixture under
//! `fixtures/` and 256 generated values of every registered type go through all three; every
//! failure is listed, each naming its file or type.
#![cfg(test)]

use std::path::Path;

#[test]
fn contract_documents_and_clients_read_every_schema_alike() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    charter_roundtrip::Harness::new(&{{name_snake}}_contracts::api(), root)
        .client("v1", {{name_snake}}_client_v1::schemas::round_trip)
        .run();
}
