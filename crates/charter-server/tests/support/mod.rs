//! A small notes API, its handlers and helpers to call a router in-process: what the tests of
//! the glue run against. Nothing here knows any example built on Charter.

#![allow(dead_code, unreachable_pub)]

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{Method as HttpMethod, Request, StatusCode, header};
use charter_contract::{
    Api, Endpoint, ErrorCode, Method, NoBody, NoParams, Scope, Scopes, Stability, StandardErrors,
    Version,
};
use charter_server::auth::{Claims, DevKeys, JwtConfig};
use charter_server::{ApiError, Config, Input, LogSink, RateLimit, Routes};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower::ServiceExt as _;

pub const READ: Scope = Scope::new("notes:read", "Read notes.");
pub const WRITE: Scope = Scope::new("notes:write", "Write notes.");
pub const ADMIN: Scope = Scope::new("notes:admin", "Delete notes.");

/// A note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Note {
    /// Its id.
    pub id: u64,
    /// What it says.
    pub text: String,
    /// Its tags.
    pub tags: Vec<String>,
}

/// A new note.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    /// What it says.
    pub text: String,
    /// Its tags.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// `GET /v1/notes` query.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// At most this many.
    #[serde(default)]
    pub limit: Option<u8>,
}

/// `/v1/notes/{note_id}`.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct NotePath {
    /// The note.
    pub note_id: u64,
}

macro_rules! endpoint {
    ($name:ident, $id:literal, $method:ident, $path:literal, $success:literal, [$($code:ident),*],
     $path_ty:ty, $query:ty, $request:ty, $response:ty $(, scope = $scope:expr)?) => {
        #[derive(Debug)]
        pub struct $name;
        impl Endpoint for $name {
            const OPERATION_ID: &'static str = $id;
            const METHOD: Method = Method::$method;
            const PATH: &'static str = $path;
            const TAG: &'static str = "notes";
            const SUMMARY: &'static str = $id;
            const SUCCESS: u16 = $success;
            const ERRORS: &'static [ErrorCode] = &[$(ErrorCode::$code),*];
            $(const SCOPE: Option<Scope> = Some($scope);)?
            type Path = $path_ty;
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
    [VALIDATION_FAILED],
    NoParams,
    ListQuery,
    NoBody,
    Vec<Note>
);
endpoint!(
    CreateNote,
    "createNote",
    Post,
    "/v1/notes",
    201,
    [VALIDATION_FAILED, CONFLICT],
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
    [VALIDATION_FAILED, NOT_FOUND],
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
    [VALIDATION_FAILED, NOT_FOUND],
    NotePath,
    NoParams,
    NoBody,
    NoBody,
    scope = ADMIN
);
endpoint!(Explode, "explode", Get, "/v1/explode", 200, [], NoParams, NoParams, NoBody, Note);
endpoint!(
    Undocumented,
    "undocumented",
    Get,
    "/v1/undocumented",
    200,
    [],
    NoParams,
    NoParams,
    NoBody,
    Note
);
endpoint!(Wait, "wait", Get, "/v1/wait", 200, [], NoParams, NoParams, NoBody, Note);

/// The notes API: every endpoint above in `v1`.
pub fn api() -> Api {
    Api::new::<StandardErrors>("notes", "Notes API")
        .scopes(Scopes { read: READ, write: WRITE })
        .version(
            Version::new("v1", Stability::Stable, "1.0.0")
                .operation::<ListNotes>()
                .operation::<CreateNote>()
                .operation::<GetNote>()
                .operation::<DeleteNote>()
                .operation::<Explode>()
                .operation::<Undocumented>()
                .operation::<Wait>(),
        )
}

/// The notes service's state.
#[derive(Clone, Default)]
pub struct Notes {
    pub notes: Arc<tokio::sync::RwLock<BTreeMap<u64, Note>>>,
    pub next: Arc<AtomicU64>,
    pub broken: Arc<AtomicBool>,
    /// `GET /v1/wait` answers once this is notified.
    pub release: Arc<tokio::sync::Notify>,
    /// Notified when `GET /v1/wait` has started.
    pub waiting: Arc<tokio::sync::Notify>,
}

pub async fn list_notes(state: Notes, input: Input<ListNotes>) -> Result<Vec<Note>, ApiError> {
    let limit = usize::from(input.query.limit.unwrap_or(u8::MAX));
    Ok(state.notes.read().await.values().take(limit).cloned().collect())
}

pub async fn create_note(state: Notes, input: Input<CreateNote>) -> Result<Note, ApiError> {
    let mut notes = state.notes.write().await;
    if notes.values().any(|note| note.text == input.body.text) {
        return Err(ApiError::new(ErrorCode::CONFLICT, "a note says that already"));
    }
    let id = state.next.fetch_add(1, Ordering::Relaxed) + 1;
    let note = Note { id, text: input.body.text, tags: input.body.tags };
    notes.insert(id, note.clone());
    Ok(note)
}

pub async fn get_note(state: Notes, input: Input<GetNote>) -> Result<Note, ApiError> {
    let id = input.path.note_id;
    state.notes.read().await.get(&id).cloned().ok_or_else(|| ApiError::not_found("note", id))
}

pub async fn delete_note(state: Notes, input: Input<DeleteNote>) -> Result<NoBody, ApiError> {
    let id = input.path.note_id;
    state
        .notes
        .write()
        .await
        .remove(&id)
        .map(|_| NoBody)
        .ok_or_else(|| ApiError::not_found("note", id))
}

pub async fn explode(_: Notes, _: Input<Explode>) -> Result<Note, ApiError> {
    tokio::task::yield_now().await;
    panic!("the disk caught fire at /var/lib/notes");
}

pub async fn undocumented(_: Notes, _: Input<Undocumented>) -> Result<Note, ApiError> {
    Err(ApiError::new(ErrorCode::CONFLICT, "secret detail"))
}

pub async fn wait(state: Notes, _: Input<Wait>) -> Result<Note, ApiError> {
    state.waiting.notify_one();
    state.release.notified().await;
    Ok(Note { id: 0, text: "waited".to_owned(), tags: Vec::new() })
}

/// Every handler.
pub fn routes() -> Routes<Notes> {
    Routes::new(&api())
        .add::<ListNotes>(list_notes)
        .add::<CreateNote>(create_note)
        .add::<GetNote>(get_note)
        .add::<DeleteNote>(delete_note)
        .add::<Explode>(explode)
        .add::<Undocumented>(undocumented)
        .add::<Wait>(wait)
        .build_version("9.9.9")
        .health_check("notes", |state: Notes| async move {
            if state.broken.load(Ordering::Relaxed) {
                Err("the notes are unreadable: checksum mismatch")
            } else {
                Ok(())
            }
        })
}

/// A log sink tests can read back.
#[derive(Clone, Default)]
pub struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buffer {
    /// Every line written so far, parsed.
    pub fn lines(&self) -> Vec<Value> {
        let bytes = self.0.lock().unwrap().clone();
        String::from_utf8(bytes)
            .unwrap()
            .lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|error| panic!("{line}: {error}"))
            })
            .collect()
    }

    /// The lines with `"message": "request"`.
    pub fn requests(&self) -> Vec<Value> {
        self.lines().into_iter().filter(|line| line["message"] == "request").collect()
    }
}

/// A notes service in-process: its router inside every layer, its keys, state and log.
pub struct Service {
    pub router: Router,
    pub keys: DevKeys,
    pub state: Notes,
    pub log: Buffer,
}

impl Service {
    pub fn start() -> Self {
        Self::with(routes(), RateLimit { burst: 1000, per_second: 1000.0 })
    }

    pub fn with(routes: Routes<Notes>, rate_limit: RateLimit) -> Self {
        let keys = DevKeys::generate().unwrap();
        let log = Buffer::default();
        let state = Notes::default();
        let config = Config::new(keys.verifier(JwtConfig::for_api("notes")).unwrap())
            .with_rate_limit(rate_limit)
            .with_log(LogSink::to(log.clone()));
        let router = config.layer(routes.build().unwrap().with_state(state.clone()));
        Service { router, keys, state, log }
    }

    /// A token for `subject` granting `scopes`.
    pub fn token(&self, subject: &str, scopes: &[Scope]) -> String {
        let names: Vec<&str> = scopes.iter().map(|scope| scope.name).collect();
        self.keys.mint(&Claims::new(&JwtConfig::for_api("notes"), subject, &names, 300)).unwrap()
    }

    /// Sends a request; `token` as bearer, `body` as JSON.
    pub async fn call(
        &self,
        method: HttpMethod,
        uri: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(text) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(text.to_owned())
            }
            None => Body::empty(),
        };
        Answer::of(self.router.clone().oneshot(request.body(body).unwrap()).await.unwrap()).await
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
}

impl Answer {
    pub async fn of(response: axum::response::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        Answer { status, headers, text: String::from_utf8(bytes.to_vec()).unwrap() }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|error| panic!("{}: {error}", self.text))
    }

    /// The envelope's code.
    pub fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
    }

    pub fn message(&self) -> String {
        self.json()["error"]["message"].as_str().unwrap_or_default().to_owned()
    }
}
