//! What a document says, for a small API of the tests' own (`support/notes.rs`): security,
//! scopes, error responses from the API's catalogue, `info`.

use charter_contract::{Api, Stability, StandardErrors, Version};
use serde_json::{Value, json};

#[path = "support/notes.rs"]
mod notes;

fn emit(api: &Api) -> Vec<Value> {
    charter_openapi::emit(api)
        .unwrap_or_else(|error| panic!("{error}"))
        .into_iter()
        .map(|document| serde_json::from_str(&document.json).unwrap())
        .collect()
}

#[test]
fn a_version_without_bearer_operations_names_no_security_scheme() {
    // Only `/health`, which is public: the document must not require a scheme it lacks.
    let api = Api::new::<StandardErrors>("status", "Status API").version(Version::new(
        "v1",
        Stability::Stable,
        "1.0.0",
    ));
    let document = &emit(&api)[0];
    assert_eq!(document.get("security"), None, "{document:#}");
    assert_eq!(document["components"].get("securitySchemes"), None);
    assert!(!document.to_string().contains("bearerAuth"));
    assert_eq!(document["paths"]["/health"]["get"]["security"], json!([]));
}

#[test]
fn a_version_with_bearer_operations_requires_the_scheme_by_default() {
    for document in emit(&notes::api()) {
        assert_eq!(document["security"], json!([{"bearerAuth": []}]));
        assert_eq!(document["components"]["securitySchemes"]["bearerAuth"]["scheme"], "bearer");
        assert_eq!(document["paths"]["/health"]["get"]["security"], json!([]));
    }
}

#[test]
fn the_bearer_scheme_names_the_apis_scopes_and_each_scope_of_its_own() {
    let documents = emit(&notes::api());
    let description = |document: &Value| {
        document["components"]["securitySchemes"]["bearerAuth"]["description"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // v2 has no endpoint with a scope of its own.
    assert_eq!(
        description(&documents[1]),
        "A short-lived JWT signed with EdDSA by a key in the issuer's JWKS. Its `scope` claim \
         lists `notes:read` for reads and `notes:write` for changes."
    );
    assert_eq!(
        description(&documents[0]),
        "A short-lived JWT signed with EdDSA by a key in the issuer's JWKS. Its `scope` claim \
         lists `notes:read` for reads and `notes:write` for changes. Some operations need a \
         scope of their own, named in their description: `notes:admin` (Delete notes for good)."
    );
    let operations = &documents[0]["paths"]["/v1/notes/{note_id}"];
    assert_eq!(
        operations["delete"]["description"],
        "Needs a bearer token with the scope `notes:admin`."
    );
    assert_eq!(
        operations["get"]["description"],
        "Needs a bearer token with the scope `notes:read`."
    );
    assert_eq!(
        documents[0]["paths"]["/v1/notes"]["post"]["description"],
        "Needs a bearer token with the scope `notes:write`."
    );
}

#[test]
fn bearer_operations_document_forbidden_and_the_apis_own_codes() {
    let documents = emit(&notes::api());
    let get = &documents[0]["paths"]["/v1/notes/{note_id}"]["get"]["responses"];
    let statuses: Vec<&String> = get.as_object().unwrap().keys().collect();
    assert_eq!(statuses, ["200", "401", "403", "404", "410", "429", "500"]);
    assert_eq!(get["403"], json!({"$ref": "#/components/responses/Forbidden"}));
    assert_eq!(get["410"], json!({"$ref": "#/components/responses/Gone"}));

    let responses = &documents[0]["components"]["responses"];
    assert_eq!(responses["Gone"]["description"], "`gone`: The note was deleted and stays deleted.");
    assert_eq!(
        responses["Gone"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/ErrorEnvelope"})
    );
    assert_eq!(responses["RateLimited"]["headers"]["Retry-After"]["required"], true);
    // Only the codes some operation of the version answers get a response.
    let names: Vec<&String> =
        documents[1]["components"]["responses"].as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        ["Forbidden", "Internal", "NotFound", "RateLimited", "Unauthorized", "ValidationFailed"]
    );
    // The `ErrorCode` schema lists the whole catalogue, the API's own code included.
    let codes = &documents[1]["components"]["schemas"]["ErrorCode"]["enum"];
    assert_eq!(codes.as_array().unwrap().len(), 9);
    assert!(codes.as_array().unwrap().contains(&json!("gone")));
}

#[test]
fn info_holds_only_what_the_api_declares() {
    let documents = emit(&notes::api());
    assert_eq!(
        documents[0]["info"],
        json!({
            "title": "Notes API v1",
            "description": "Short notes.\n\nThe stable version.",
            "version": "1.0.0",
            "contact": {"name": "Notes team", "email": "notes@example.com"},
            "license": {"name": "MIT", "url": "https://opensource.org/license/mit"},
            "x-stability": "stable",
        })
    );
    assert_eq!(documents[1]["info"]["description"], "Short notes.");

    let bare = Api::new::<StandardErrors>("bare", "Bare API").version(Version::new(
        "v1",
        Stability::Beta,
        "0.1.0",
    ));
    assert_eq!(
        emit(&bare)[0]["info"],
        json!({"title": "Bare API v1", "version": "0.1.0", "x-stability": "beta"})
    );
}
