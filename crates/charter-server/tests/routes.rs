//! `Routes::build` refuses, naming each, every mismatch between the handlers and the API.

mod support;

use charter_contract::{
    Api, Endpoint, ErrorCode, Method, NoBody, NoParams, Stability, StandardErrors, Version,
};
use charter_server::{ApiError, Input, RouteInfo, RouteProblem, Routes};
use support::*;

#[test]
fn every_declared_operation_needs_a_handler() {
    let error = Routes::<Notes>::new(&api())
        .add::<ListNotes>(list_notes)
        .add::<GetNote>(get_note)
        .add::<Explode>(explode)
        .add::<Undocumented>(undocumented)
        .build()
        .unwrap_err();
    assert_eq!(
        error.problems,
        [
            RouteProblem::MissingHandler(RouteInfo::of::<CreateNote>()),
            RouteProblem::MissingHandler(RouteInfo::of::<DeleteNote>()),
            RouteProblem::MissingHandler(RouteInfo::of::<Wait>()),
        ]
    );
    assert_eq!(
        error.to_string(),
        "the routes do not match the API `notes`:\n  \
         - no handler for `createNote` (POST /v1/notes, routes::support::CreateNote): add \
         `.add::<routes::support::CreateNote>(handler)`\n  \
         - no handler for `deleteNote` (DELETE /v1/notes/{note_id}, routes::support::DeleteNote): \
         add `.add::<routes::support::DeleteNote>(handler)`\n  \
         - no handler for `wait` (GET /v1/wait, routes::support::Wait): add \
         `.add::<routes::support::Wait>(handler)`"
    );
}

/// `GET /v1/stray`, which the notes API does not declare.
struct Stray;

impl Endpoint for Stray {
    const OPERATION_ID: &'static str = "stray";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/v1/stray";
    const TAG: &'static str = "notes";
    const SUMMARY: &'static str = "Not in the API";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [ErrorCode] = &[];
    type Path = NoParams;
    type Query = NoParams;
    type Request = NoBody;
    type Response = NoBody;
}

async fn stray(_: Notes, _: Input<Stray>) -> Result<NoBody, ApiError> {
    Ok(NoBody)
}

#[test]
fn a_handler_for_an_undeclared_endpoint_or_a_second_handler_is_refused() {
    let error = routes().add::<Stray>(stray).add::<GetNote>(get_note).build().unwrap_err();
    assert_eq!(
        error.problems,
        [
            RouteProblem::UndeclaredEndpoint(RouteInfo::of::<Stray>()),
            RouteProblem::DuplicateHandler {
                first: RouteInfo::of::<GetNote>(),
                second: RouteInfo::of::<GetNote>(),
            },
        ]
    );
    let message = error.to_string();
    assert!(
        message.contains(
            "a handler for `stray` (GET /v1/stray, routes::Stray), which the API does not \
             declare: add the endpoint to a version with `.operation::<routes::Stray>()` or \
             remove the handler"
        ),
        "{message}"
    );
    assert!(message.contains("two handlers for GET /v1/notes/{note_id}"), "{message}");
}

macro_rules! probe {
    ($name:ident, $method:ident, $path:literal) => {
        struct $name;
        impl Endpoint for $name {
            const OPERATION_ID: &'static str = stringify!($name);
            const METHOD: Method = Method::$method;
            const PATH: &'static str = $path;
            const TAG: &'static str = "probes";
            const SUMMARY: &'static str = "A probe";
            const SUCCESS: u16 = 204;
            const ERRORS: &'static [ErrorCode] = &[];
            type Path = NoParams;
            type Query = NoParams;
            type Request = NoBody;
            type Response = NoBody;
        }
    };
}

probe!(ById, Get, "/v1/things/{id}");
probe!(ByName, Delete, "/v1/things/{name}");
probe!(Colon, Get, "/v1/:thing");
probe!(Relative, Get, "v1/relative");

async fn nothing<E: Endpoint>(_: (), _: Input<E>) -> Result<NoBody, ApiError> {
    Ok(NoBody)
}

#[test]
fn paths_a_router_cannot_hold_are_refused_instead_of_panicking() {
    let api = Api::new::<StandardErrors>("probes", "Probes").version(
        Version::new("v1", Stability::Beta, "0.1.0")
            .operation::<ById>()
            .operation::<ByName>()
            .operation::<Colon>()
            .operation::<Relative>(),
    );
    let error = Routes::<()>::new(&api)
        .add::<ById>(nothing::<ById>)
        .add::<ByName>(nothing::<ByName>)
        .add::<Colon>(nothing::<Colon>)
        .add::<Relative>(nothing::<Relative>)
        .build()
        .unwrap_err();
    assert_eq!(
        error.problems,
        [
            RouteProblem::ConflictingPaths {
                first: RouteInfo::of::<ById>(),
                second: RouteInfo::of::<ByName>(),
            },
            RouteProblem::UnroutablePath {
                route: RouteInfo::of::<Colon>(),
                reason: "a segment mixes text with `{`, `}` or `*`, or starts with `:`",
            },
            RouteProblem::UnroutablePath {
                route: RouteInfo::of::<Relative>(),
                reason: "it does not start with `/`",
            },
        ]
    );
}

#[test]
fn a_complete_set_of_handlers_builds_and_health_needs_none() {
    assert!(routes().build().is_ok());
}
