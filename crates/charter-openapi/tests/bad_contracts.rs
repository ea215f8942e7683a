//! Each way a contract can be wrong gets one clear error naming every place involved.
//!
//! The contracts here are small and test-local; each case builds one version that is wrong in
//! exactly one way and checks the whole message.

use contracts::api::{Endpoint, Method, NoBody, NoParams, Stability, Version};
use contracts::{Api, ErrorCode};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A thing.
#[derive(Serialize, Deserialize, JsonSchema)]
struct Thing {
    /// Its name.
    name: String,
}

/// Path parameters with `thing_id`.
#[derive(Serialize, Deserialize, JsonSchema)]
struct ThingPath {
    /// The thing.
    thing_id: u32,
}

/// Path parameters with a field no template has.
#[derive(Serialize, Deserialize, JsonSchema)]
struct WidePath {
    /// The thing.
    thing_id: u32,
    /// Not in the template.
    shelf: u32,
}

/// A response holding a pair, which OpenAPI 3.0 cannot express.
#[derive(Serialize, Deserialize, JsonSchema)]
struct Pair {
    /// A tuple.
    both: (String, u32),
}

mod other {
    use schemars::JsonSchema;
    use serde::{Deserialize, Serialize};

    /// Another type that calls itself `Thing`.
    #[derive(Serialize, Deserialize, JsonSchema)]
    pub(crate) struct Thing {
        /// Its weight.
        pub(crate) weight: u32,
    }
}

/// Holds both `Thing`s.
#[derive(Serialize, Deserialize, JsonSchema)]
struct Holder {
    /// The first.
    a: Thing,
    /// The second.
    b: other::Thing,
}

macro_rules! endpoint {
    ($name:ident, $id:literal, $method:expr, $path:literal, $path_type:ty, $response:ty) => {
        struct $name;
        impl Endpoint for $name {
            const OPERATION_ID: &'static str = $id;
            const METHOD: Method = $method;
            const PATH: &'static str = $path;
            const TAG: &'static str = "things";
            const SUMMARY: &'static str = "A test operation";
            const SUCCESS: u16 = 200;
            const ERRORS: &'static [ErrorCode] = &[];
            type Path = $path_type;
            type Query = NoParams;
            type Request = NoBody;
            type Response = $response;
        }
    };
}

endpoint!(GetThing, "getThing", Method::Get, "/v1/things/{thing_id}", ThingPath, Thing);
endpoint!(ListThings, "getThing", Method::Get, "/v1/things", NoParams, Thing);
endpoint!(GetThingById, "getThingById", Method::Get, "/v1/things/{id}", ThingPath, Thing);
endpoint!(GetShelved, "getShelved", Method::Get, "/v1/things/{thing_id}", WidePath, Thing);
endpoint!(GetNoParams, "getNoParams", Method::Get, "/v1/things/{thing_id}", NoParams, Thing);
endpoint!(GetPair, "getPair", Method::Get, "/v1/pair", NoParams, Pair);
endpoint!(GetHolder, "getHolder", Method::Get, "/v1/holder", NoParams, Holder);
endpoint!(GetUnversioned, "getUnversioned", Method::Get, "/things", NoParams, Thing);

fn api(version: Version) -> Api {
    Api {
        name: "test",
        title: "Test API",
        description: "For tests.",
        contact: ("Tests", "tests@charter.invalid"),
        license: ("MIT", "https://opensource.org/license/mit"),
        tags: vec![("things", "Things.")],
        servers: Vec::new(),
        versions: vec![version],
    }
}

fn v1() -> Version {
    Version::new("v1", Stability::Stable, "1.0.0")
        .schema::<contracts::ErrorEnvelope>()
        .schema::<contracts::ErrorBody>()
        .schema::<ErrorCode>()
        .schema::<contracts::FieldError>()
}

fn error(version: Version) -> String {
    match charter_openapi::emit(&api(version)) {
        Ok(_) => panic!("the contract was accepted"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn a_sound_contract_is_accepted() {
    let documents = charter_openapi::emit(&api(v1().operation::<GetThing>().schema::<Thing>()))
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(documents.len(), 1);
    assert!(documents[0].json.contains("\"/v1/things/{thing_id}\""));
}

#[test]
fn two_endpoints_with_one_operation_id() {
    let message = error(v1().operation::<GetThing>().operation::<ListThings>().schema::<Thing>());
    assert_eq!(
        message,
        "v1: operationId `getThing` is claimed by two endpoints: bad_contracts::GetThing and \
         bad_contracts::ListThings\n  help: give one of them another OPERATION_ID; generated \
         clients name methods after it"
    );
}

#[test]
fn two_endpoints_with_one_method_and_path() {
    let message = error(v1().operation::<GetThing>().operation::<GetThingById>().schema::<Thing>());
    assert_eq!(
        message,
        "v1: `GET /v1/things/{thing_id} (also written /v1/things/{id})` is described by two \
         endpoints: bad_contracts::GetThing and bad_contracts::GetThingById\n  help: remove one, \
         or change its METHOD or PATH"
    );
}

#[test]
fn a_path_parameter_missing_from_the_template() {
    let message = error(v1().operation::<GetShelved>().schema::<Thing>());
    assert_eq!(
        message,
        "bad_contracts::GetShelved: field `shelf` of bad_contracts::WidePath is not a parameter \
         of the path template `/v1/things/{thing_id}`\n  help: add `{shelf}` to PATH, or remove \
         the field from bad_contracts::WidePath"
    );
}

#[test]
fn a_template_parameter_missing_from_the_type() {
    let message = error(v1().operation::<GetNoParams>().schema::<Thing>());
    assert_eq!(
        message,
        "bad_contracts::GetNoParams: the path template `/v1/things/{thing_id}` has \
         `{thing_id}`, but contracts::api::NoParams has no field `thing_id`\n  help: add a field \
         `thing_id` to contracts::api::NoParams, or remove `{thing_id}` from PATH"
    );
}

#[test]
fn two_registered_types_claiming_one_schema_name() {
    let message = error(
        v1().operation::<GetHolder>().schema::<Holder>().schema::<Thing>().schema::<other::Thing>(),
    );
    assert_eq!(
        message,
        "v1: two Rust types claim the schema name `Thing`: bad_contracts::Thing and \
         bad_contracts::other::Thing\n  help: rename one of them, or give it another schema name \
         with #[schemars(rename = \"…\")]"
    );
}

#[test]
fn a_second_type_with_a_taken_name_is_found_where_it_is_used() {
    let message = error(v1().operation::<GetHolder>().schema::<Holder>().schema::<Thing>());
    assert_eq!(
        message,
        "v1: two Rust types claim the schema name `Thing`: bad_contracts::Thing and the type of \
         `Holder` at /properties/b/allOf/0\n  help: rename one of them, or give it another schema \
         name with #[schemars(rename = \"…\")]"
    );
}

#[test]
fn a_reached_type_that_is_not_registered() {
    let message = error(v1().operation::<GetThing>());
    assert_eq!(
        message,
        "v1: schema `Thing` is reached from the response of getThing, but no Rust type is \
         registered for it\n  help: add `.schema::<Thing>()` to the `v1` version in contracts"
    );
}

#[test]
fn a_registered_type_that_nothing_reaches() {
    let message = error(v1().operation::<GetThing>().schema::<Thing>().schema::<Holder>());
    assert_eq!(
        message,
        "v1: bad_contracts::Holder is registered as schema `Holder`, but no operation of v1 \
         reaches it\n  help: remove `.schema::<…>()` for it from the `v1` version in contracts"
    );
}

#[test]
fn a_tuple_is_refused_naming_the_rust_type_and_construct() {
    let message = error(v1().operation::<GetPair>().schema::<Pair>());
    assert_eq!(
        message,
        "bad_contracts::Pair: its schema uses a tuple (`items` as an array) at \
         `/properties/both/items`, which an OpenAPI 3.0 document cannot hold\n  help: use a \
         struct with named fields instead of a tuple"
    );
}

#[test]
fn a_versioned_endpoint_outside_its_prefix() {
    let message = error(v1().operation::<GetUnversioned>().schema::<Thing>());
    assert_eq!(
        message,
        "bad_contracts::GetUnversioned: the path `/things` is in version v1 but does not start \
         with `/v1/`\n  help: versioned operations live under their version's prefix; only \
         public operations such as /health are unversioned"
    );
}
