//! A small API of the tests' own (notes) and helpers to generate its clients.

#![allow(dead_code, unreachable_pub)]

use charter_contract::{
    Api, Endpoint, ErrorCode, Method, NoBody, NoParams, Scope, Scopes, Stability, StandardErrors,
    Version,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A note's short name, unique among notes.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, proptest_derive::Arbitrary)]
pub struct NoteSlug(#[schemars(length(min = 3, max = 40))] pub String);

/// A short note.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, proptest_derive::Arbitrary)]
pub struct Note {
    /// Its short name.
    pub slug: NoteSlug,
    /// Its title.
    pub title: String,
}

/// A page of notes.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema, proptest_derive::Arbitrary)]
pub struct NotePage {
    /// The notes.
    pub items: Vec<Note>,
}

/// The path parameters of one note.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct NotePath {
    /// Which note.
    pub slug: NoteSlug,
}

/// The path parameters of one revision of a note.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct RevisionPath {
    /// Which note.
    pub slug: NoteSlug,
    /// Which revision, counted from 1.
    pub revision: u32,
}

macro_rules! endpoint {
    ($name:ident, $id:literal, $path:literal, [$($error:expr),*], $path_type:ty, $response:ty) => {
        /// A test operation.
        pub struct $name;
        impl Endpoint for $name {
            const OPERATION_ID: &'static str = $id;
            const METHOD: Method = Method::Get;
            const PATH: &'static str = $path;
            const TAG: &'static str = "notes";
            const SUMMARY: &'static str = "A test operation";
            const SUCCESS: u16 = 200;
            const ERRORS: &'static [ErrorCode] = &[$($error),*];
            type Path = $path_type;
            type Query = NoParams;
            type Request = NoBody;
            type Response = $response;
        }
    };
}

endpoint!(ListNotes, "listNotes", "/v1/notes", [], NoParams, NotePage);
endpoint!(GetNote, "getNote", "/v1/notes/{slug}", [ErrorCode::NOT_FOUND], NotePath, Note);
endpoint!(
    ListNotesV2,
    "listNotes",
    "/v2/notes",
    [ErrorCode::VALIDATION_FAILED],
    NoParams,
    NotePage
);
endpoint!(
    GetRevision,
    "getNoteRevision",
    "/v2/notes/{slug}/revisions/{revision}",
    [ErrorCode::CONFLICT],
    RevisionPath,
    Note
);

pub fn notes() -> Api {
    Api::new::<StandardErrors>("notes", "Notes API")
        .tag("notes", "Short notes.")
        .scopes(Scopes {
            read: Scope::new("notes:read", "Read notes."),
            write: Scope::new("notes:write", "Write notes."),
        })
        .version(
            Version::new("v1", Stability::Stable, "1.0.0")
                .operation::<ListNotes>()
                .operation::<GetNote>()
                .schema::<Note>()
                .schema::<NoteSlug>()
                .schema::<NotePage>(),
        )
        .version(
            Version::new("v2", Stability::Beta, "2.0.0")
                .operation::<ListNotesV2>()
                .operation::<GetRevision>()
                .schema::<Note>()
                .schema::<NoteSlug>()
                .schema::<NotePage>(),
        )
}

/// Every file of every client of `api`.
pub fn clients(api: &Api) -> Vec<Vec<(String, String)>> {
    let documents = charter_openapi::emit(api).unwrap_or_else(|error| panic!("{error}"));
    api.versions
        .iter()
        .zip(&documents)
        .map(|(version, document)| {
            charter_clients::generate(api, version, document)
                .unwrap_or_else(|error| panic!("{error}"))
        })
        .collect()
}

pub fn file<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    files.iter().find(|(name, _)| name == path).map(|(_, text)| text.as_str()).unwrap_or_else(
        || panic!("no {path} among {:?}", files.iter().map(|f| &f.0).collect::<Vec<_>>()),
    )
}

/// An API whose only operation is the public `GET /health`.
pub fn status() -> Api {
    Api::new::<StandardErrors>("status", "Status API").version(Version::new(
        "v1",
        Stability::Stable,
        "1.0.0",
    ))
}

/// Writes `files` under `root`.
pub fn write(root: &std::path::Path, files: &[(String, String)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    }
}
