//! A small API of its own for the tests and the `emit` example: notes, in a stable `v1` and a
//! beta `v2`, with parameters, optional fields, a documented enum, an error code of its own
//! and an endpoint with a scope of its own, so that every part of a document is exercised.

use charter_contract::{
    Api, Endpoint, ErrorCatalogue, ErrorCode, Method, NoBody, NoParams, Scope, Scopes, Stability,
    Version, not_null,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The notes API's error codes: the standard ones and one of its own.
pub(crate) struct NotesErrors;

/// 410: the note was deleted.
pub(crate) const GONE: ErrorCode =
    ErrorCode::new("gone", 410, "The note was deleted and stays deleted.");

impl ErrorCatalogue for NotesErrors {
    const EXTRA: &'static [ErrorCode] = &[GONE];
}

/// Reading notes.
pub(crate) const READ: Scope = Scope::new("notes:read", "Read notes.");
/// Writing notes.
pub(crate) const WRITE: Scope = Scope::new("notes:write", "Create and change notes.");
/// Deleting notes for good.
pub(crate) const ADMIN: Scope = Scope::new("notes:admin", "Delete notes for good.");

/// Where a note is in its life.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, proptest_derive::Arbitrary)]
#[serde(rename_all = "snake_case")]
pub(crate) enum NoteState {
    /// Only its author sees it.
    Draft,
    /// Everyone sees it.
    Published,
}

/// A short note.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, proptest_derive::Arbitrary)]
pub(crate) struct Note {
    /// Its identifier.
    pub(crate) id: u64,
    /// Its title.
    pub(crate) title: String,
    /// Its text, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]
    pub(crate) body: Option<String>,
    /// Where it is in its life.
    pub(crate) state: NoteState,
    /// Words it is filed under.
    pub(crate) tags: Vec<String>,
}

/// A note to create.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, proptest_derive::Arbitrary)]
pub(crate) struct NewNote {
    /// Its title.
    pub(crate) title: String,
    /// Its text.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]
    pub(crate) body: Option<String>,
}

/// A page of notes.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, proptest_derive::Arbitrary)]
pub(crate) struct NotePage {
    /// The notes, oldest first.
    pub(crate) items: Vec<Note>,
    /// The `after` of the next page; absent on the last.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]
    pub(crate) next: Option<u64>,
}

/// The path parameters of one note.
#[derive(Serialize, Deserialize, JsonSchema)]
pub(crate) struct NotePath {
    /// Which note.
    pub(crate) note_id: u64,
}

/// The query parameters of a list.
#[derive(Serialize, Deserialize, JsonSchema)]
pub(crate) struct ListQuery {
    /// At most this many notes.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]
    pub(crate) limit: Option<u32>,
    /// Start after this note.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "not_null")]
    pub(crate) after: Option<u64>,
}

macro_rules! endpoint {
    (
        $name:ident, $id:literal, $method:ident, $path:literal, $success:literal,
        [$($error:expr),*], $path_type:ty, $query:ty, $request:ty, $response:ty
        $(, scope = $scope:expr)?
    ) => {
        #[doc = concat!("`", $id, "`.")]
        pub(crate) struct $name;
        impl Endpoint for $name {
            const OPERATION_ID: &'static str = $id;
            const METHOD: Method = Method::$method;
            const PATH: &'static str = $path;
            const TAG: &'static str = "notes";
            const SUMMARY: &'static str = concat!("The ", $id, " operation");
            const SUCCESS: u16 = $success;
            const ERRORS: &'static [ErrorCode] = &[$($error),*];
            $(const SCOPE: Option<Scope> = Some($scope);)?
            type Path = $path_type;
            type Query = $query;
            type Request = $request;
            type Response = $response;
        }
    };
}

endpoint!(
    ListNotes,
    "listNotes",
    Get,
    "/v1/notes",
    200,
    [ErrorCode::VALIDATION_FAILED],
    NoParams,
    ListQuery,
    NoBody,
    NotePage
);
endpoint!(
    CreateNote,
    "createNote",
    Post,
    "/v1/notes",
    201,
    [ErrorCode::VALIDATION_FAILED, ErrorCode::CONFLICT],
    NoParams,
    NoParams,
    NewNote,
    Note
);
endpoint!(
    GetNote,
    "getNote",
    Get,
    "/v1/notes/{note_id}",
    200,
    [ErrorCode::NOT_FOUND, GONE],
    NotePath,
    NoParams,
    NoBody,
    Note
);
endpoint!(
    DeleteNote,
    "deleteNote",
    Delete,
    "/v1/notes/{note_id}",
    204,
    [ErrorCode::NOT_FOUND],
    NotePath,
    NoParams,
    NoBody,
    NoBody,
    scope = ADMIN
);
endpoint!(
    ListNotesV2,
    "listNotes",
    Get,
    "/v2/notes",
    200,
    [ErrorCode::VALIDATION_FAILED],
    NoParams,
    ListQuery,
    NoBody,
    NotePage
);
endpoint!(
    GetNoteV2,
    "getNote",
    Get,
    "/v2/notes/{note_id}",
    200,
    [ErrorCode::NOT_FOUND],
    NotePath,
    NoParams,
    NoBody,
    Note
);

/// The notes API, both versions.
pub(crate) fn api() -> Api {
    Api::new::<NotesErrors>("notes", "Notes API")
        .description("Short notes.")
        .contact("Notes team", "notes@example.com")
        .license("MIT", "https://opensource.org/license/mit")
        .tag("notes", "Short notes.")
        .server("http://127.0.0.1:8080", "A developer machine")
        .scopes(Scopes { read: READ, write: WRITE })
        .version(
            Version::new("v1", Stability::Stable, "1.0.0")
                .description("The stable version.")
                .operation::<ListNotes>()
                .operation::<CreateNote>()
                .operation::<GetNote>()
                .operation::<DeleteNote>()
                .schema::<Note>()
                .schema::<NoteState>()
                .schema::<NewNote>()
                .schema::<NotePage>(),
        )
        .version(
            Version::new("v2", Stability::Beta, "2.0.0-beta.1")
                .operation::<ListNotesV2>()
                .operation::<GetNoteV2>()
                .schema::<Note>()
                .schema::<NoteState>()
                .schema::<NotePage>(),
        )
}
