//! Each way a contract can be wrong gets one clear error naming every place involved.
//!
//! The contracts here are small and test-local; each case builds one version that is wrong in
//! exactly one way and checks the whole message.

use charter_contract::{
    Api, Auth, Endpoint, ErrorCode, Method, NoBody, NoParams, Scope, Scopes, Stability,
    StandardErrors, Version,
};
use proptest_derive::Arbitrary;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A thing.
#[derive(Debug, Serialize, Deserialize, JsonSchema, Arbitrary)]
struct Thing {
    /// Its name.
    name: String,
}

/// Path parameters with `thing_id`.
#[derive(Debug, Serialize, Deserialize, JsonSchema, Arbitrary)]
struct ThingPath {
    /// The thing.
    thing_id: u32,
}

/// Path parameters with a field no template has.
#[derive(Debug, Serialize, Deserialize, JsonSchema, Arbitrary)]
struct WidePath {
    /// The thing.
    thing_id: u32,
    /// Not in the template.
    shelf: u32,
}

/// A response holding a pair, which OpenAPI 3.0 cannot express.
#[derive(Debug, Serialize, Deserialize, JsonSchema, Arbitrary)]
struct Pair {
    /// A tuple.
    both: (String, u32),
}

mod other {
    use proptest_derive::Arbitrary;
    use schemars::JsonSchema;
    use serde::{Deserialize, Serialize};

    /// Another type that calls itself `Thing`.
    #[derive(Debug, Serialize, Deserialize, JsonSchema, Arbitrary)]
    pub(crate) struct Thing {
        /// Its weight.
        pub(crate) weight: u32,
    }
}

/// Holds both `Thing`s.
#[derive(Debug, Serialize, Deserialize, JsonSchema, Arbitrary)]
struct Holder {
    /// The first.
    a: Thing,
    /// The second.
    b: other::Thing,
}

macro_rules! endpoint {
    (
        $name:ident, $id:literal, $method:expr, $path:literal, $path_type:ty, $response:ty
        $(, errors = $errors:expr)? $(, auth = $auth:expr)? $(, scope = $scope:expr)?
    ) => {
        struct $name;
        impl Endpoint for $name {
            const OPERATION_ID: &'static str = $id;
            const METHOD: Method = $method;
            const PATH: &'static str = $path;
            const TAG: &'static str = "things";
            const SUMMARY: &'static str = "A test operation";
            const SUCCESS: u16 = 200;
            const ERRORS: &'static [ErrorCode] = &[$($errors)?];
            $(const AUTH: Auth = $auth;)?
            $(const SCOPE: Option<Scope> = Some($scope);)?
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

/// 418: not in the standard catalogue.
const TEAPOT: ErrorCode = ErrorCode::new("teapot", 418, "I am a teapot.");
/// `conflict`, with a status the catalogue does not give it.
const CONFLICT_422: ErrorCode = ErrorCode::new("conflict", 422, "Taken.");
/// A scope with a space in its name.
const SPACED: Scope = Scope::new("things admin", "Everything.");
/// The API's read scope, described differently.
const READ_AGAIN: Scope = Scope::new("read", "Read some things.");
/// A scope of its own.
const ADMIN: Scope = Scope::new("things:admin", "Administer things.");

endpoint!(GetTeapot, "getTeapot", Method::Get, "/v1/teapot", NoParams, Thing, errors = TEAPOT);
endpoint!(GetConflict, "getConflict", Method::Get, "/v1/c", NoParams, Thing, errors = CONFLICT_422);
endpoint!(GetSpaced, "getSpaced", Method::Get, "/v1/spaced", NoParams, Thing, scope = SPACED);
endpoint!(
    GetPublicScoped,
    "getPublicScoped",
    Method::Get,
    "/public",
    NoParams,
    Thing,
    auth = Auth::Public,
    scope = ADMIN
);
endpoint!(GetReread, "getReread", Method::Get, "/v1/reread", NoParams, Thing, scope = READ_AGAIN);

fn api(version: Version) -> Api {
    Api::new::<StandardErrors>("test", "Test API")
        .description("For tests.")
        .tag("things", "Things.")
        .version(version)
}

fn v1() -> Version {
    Version::new("v1", Stability::Stable, "1.0.0")
}

fn error(version: Version) -> String {
    error_of(&api(version))
}

fn error_of(api: &Api) -> String {
    match charter_openapi::emit(api) {
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
         `{thing_id}`, but charter_contract::api::NoParams has no field `thing_id`\n  help: add a \
         field `thing_id` to charter_contract::api::NoParams, or remove `{thing_id}` from PATH"
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
         registered for it\n  help: add `.schema::<Thing>()` to the `v1` version in the contract"
    );
}

#[test]
fn a_registered_type_that_nothing_reaches() {
    let message = error(v1().operation::<GetThing>().schema::<Thing>().schema::<Holder>());
    assert_eq!(
        message,
        "v1: bad_contracts::Holder is registered as schema `Holder`, but no operation of v1 \
         reaches it\n  help: remove `.schema::<…>()` for it from the `v1` version in the contract"
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

#[test]
fn an_error_code_the_catalogue_does_not_list() {
    let message = error(v1().operation::<GetTeapot>().schema::<Thing>());
    assert_eq!(
        message,
        "bad_contracts::GetTeapot: ERRORS has `teapot` (418), which the API's error catalogue \
         does not list\n  help: add it to the EXTRA codes of the API's ErrorCatalogue (the type \
         given to `Api::new`), or remove it from ERRORS"
    );
}

#[test]
fn an_error_code_with_another_status_than_the_catalogue_gives() {
    let message = error(v1().operation::<GetConflict>().schema::<Thing>());
    assert_eq!(
        message,
        "bad_contracts::GetConflict: ERRORS has `conflict` with status 422, but the API's error \
         catalogue gives `conflict` status 409\n  help: use the catalogue's const for the code \
         in ERRORS"
    );
}

#[test]
fn a_scope_that_a_scope_claim_cannot_hold() {
    let message = error(v1().operation::<GetSpaced>().schema::<Thing>());
    assert_eq!(
        message,
        "bad_contracts::GetSpaced: its SCOPE `things admin` has the character ' ', which a \
         `scope` claim cannot hold\n  help: name the scope with one word of printable ASCII, \
         e.g. `notes:admin`"
    );
}

#[test]
fn a_scope_on_a_public_operation() {
    let message = error(v1().operation::<GetPublicScoped>().schema::<Thing>());
    assert_eq!(
        message,
        "bad_contracts::GetPublicScoped: SCOPE is `things:admin` but the operation is public\n  \
         help: a public operation takes no token: remove SCOPE, or make AUTH `Auth::BearerJwt`"
    );
}

#[test]
fn a_scope_described_two_ways() {
    let message = error(v1().operation::<GetReread>().schema::<Thing>());
    assert_eq!(
        message,
        "bad_contracts::GetReread: its SCOPE `read` is described as \"Read some things.\", but \
         `Api::scopes` describes it as \"Read every resource.\"\n  help: declare the scope once \
         as a const and use it everywhere"
    );
}

#[test]
fn an_api_scope_without_a_name() {
    let api = api(v1().operation::<GetThing>().schema::<Thing>())
        .scopes(Scopes { read: Scope::new("", "Read."), write: Scope::new("write", "Write.") });
    assert_eq!(
        error_of(&api),
        "the API: the read scope has an empty name\n  help: name each scope with one word of \
         printable ASCII, e.g. `notes:read`, and say what it allows: `Scope::new(name, \
         description)` in `Api::scopes`"
    );
}

#[test]
fn a_version_added_without_its_error_envelope() {
    let mut api = api(v1());
    api.versions.clear();
    api.versions.push(v1().operation::<GetThing>().schema::<Thing>());
    assert_eq!(
        error_of(&api),
        "v1: its operations answer errors, but no schema `ErrorEnvelope` is registered with it\n  \
         help: add the version with `Api::version`, which registers the envelope of the API's \
         error catalogue"
    );
}
