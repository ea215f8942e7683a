//! The billing contract's three readers agree on every schema: the contract types in
//! `contracts/`, the emitted documents in `generated/openapi/` and the generated clients in
//! `generated/clients/`, on every fixture under `fixtures/v<N>/` and on generated values of every
//! registered type. charter-roundtrip does the work, exactly as it would for another team's API.

use std::path::Path;

#[test]
fn contract_round_trips() {
    let workspace_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    charter_roundtrip::Harness::new(&contracts::api(), workspace_root)
        .client("v1", billing_client_v1::schemas::round_trip)
        .client("v2", billing_client_v2::schemas::round_trip)
        .run();
}
