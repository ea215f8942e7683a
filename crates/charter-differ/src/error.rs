//! Typed errors of the differ. A breaking change is never an error: it is a
//! [`Finding`](crate::Finding). Errors are inputs the differ cannot read and waivers that do not
//! hold; each message says what went wrong and where.

use std::path::PathBuf;

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{name}: cannot read the file: {error}")]
    Io {
        /// The file.
        name: String,
        /// What the operating system said.
        error: std::io::Error,
    },
    /// The input holds nothing but white space.
    #[error("{name}: the document is empty")]
    Empty {
        /// The document.
        name: String,
    },
    /// The input is larger than the size limit, by default
    /// [`MAX_DOCUMENT_BYTES`](crate::load::MAX_DOCUMENT_BYTES) (64 MiB).
    #[error(
        "{name}: the document {} the size limit of {} per document",
        describe_size(*size),
        describe_bytes(*limit)
    )]
    TooLarge {
        /// The document.
        name: String,
        /// Its size in bytes; `None` when it is not a regular file and reading stopped at the
        /// limit.
        size: Option<u64>,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The parsed document would take more memory than allowed
    /// ([`PARSED_BYTES_PER_BYTE`](crate::load::PARSED_BYTES_PER_BYTE) times the size limit):
    /// typically YAML aliases that repeat large anchors.
    #[error(
        "{}: the parsed document would take more than {} of memory; YAML \
         aliases (`*name`) that repeat large anchors multiply a document's size",
        place(name, *line, *column),
        describe_bytes(*limit)
    )]
    TooMuchMemory {
        /// The document.
        name: String,
        /// 1-based line where parsing stopped (0 when unknown).
        line: usize,
        /// 1-based column where parsing stopped (0 when unknown).
        column: usize,
        /// The memory allowed, in bytes.
        limit: u64,
    },
    /// The input is not UTF-8 text.
    #[error("{name}: not UTF-8 text (invalid byte at offset {offset}); is this a binary file?")]
    NotText {
        /// The document.
        name: String,
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// The input is not valid JSON.
    #[error("{}: invalid JSON: {message}", place(name, *line, *column))]
    Json {
        /// The document.
        name: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The input is not valid YAML.
    #[error("{}: invalid YAML: {message}", place(name, *line, *column))]
    Yaml {
        /// The document.
        name: String,
        /// 1-based line (0 when the parser gave no position).
        line: usize,
        /// 1-based column (0 when the parser gave no position).
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The input parsed, but is not an OpenAPI 3.0 document.
    #[error("{name}: {problem}")]
    NotOpenApi {
        /// The document.
        name: String,
        /// What is wrong, and how to fix it.
        problem: String,
    },
    /// The document declares a version of OpenAPI the differ does not read.
    #[error(
        "{name}: OpenAPI {version} is not supported: charter-differ reads OpenAPI 3.0.x and \
         3.1.x documents (convert the document, or compare two documents of those versions)"
    )]
    UnsupportedVersion {
        /// The document.
        name: String,
        /// The version it declares.
        version: String,
    },
    /// An OpenAPI 3.1 document declares another JSON Schema dialect than OpenAPI's own.
    #[error(
        "{name}: `jsonSchemaDialect` is `{dialect}`: charter-differ reads schemas only in \
         OpenAPI 3.1's dialect (remove the field, or set it to \
         `https://spec.openapis.org/oas/3.1/dialect/base`)"
    )]
    UnsupportedDialect {
        /// The document.
        name: String,
        /// The dialect it declares.
        dialect: String,
    },
    /// A local `$ref` points at nothing.
    #[error("{name}: the `$ref` at {pointer} points at `{target}`, which does not exist")]
    MissingRef {
        /// The document.
        name: String,
        /// JSON pointer of the `$ref`.
        pointer: String,
        /// The reference.
        target: String,
    },
    /// A chain of `$ref`s leads back to itself without ever reaching a value.
    #[error("{name}: the `$ref` at {pointer} is part of a cycle of references to references")]
    RefCycle {
        /// The document.
        name: String,
        /// JSON pointer of the `$ref`.
        pointer: String,
    },
    /// The document nests deeper than [`MAX_DEPTH`](crate::load::MAX_DEPTH).
    #[error("{name}: nested deeper than {limit} levels at {pointer}")]
    TooDeep {
        /// The document.
        name: String,
        /// Where the limit was reached.
        pointer: String,
        /// The limit.
        limit: usize,
    },
}

/// `name:line:column`, or `name` alone when the parser gave no position (line 0).
fn place(name: &str, line: usize, column: usize) -> String {
    if line == 0 { name.to_owned() } else { format!("{name}:{line}:{column}") }
}

/// `has 209715200 bytes (200.0 MiB), more than`, or `is larger than` when the size is unknown.
fn describe_size(size: Option<u64>) -> String {
    match size {
        Some(size) => format!("has {}, more than", describe_bytes(size)),
        None => "is larger than".to_owned(),
    }
}

/// `67108864 bytes (64.0 MiB)`, `1024 bytes (1.0 KiB)`.
fn describe_bytes(bytes: u64) -> String {
    // Display only: precision lost above 2^53 bytes does not matter.
    #[allow(clippy::cast_precision_loss)]
    let kib = bytes as f64 / 1024.0;
    if kib < 1024.0 {
        format!("{bytes} bytes ({kib:.1} KiB)")
    } else {
        format!("{bytes} bytes ({:.1} MiB)", kib / 1024.0)
    }
}

/// Why a waiver file could not be read. A waiver that matches no finding is not an error: it
/// is [fulfilled](crate::waivers::Fulfilled).
#[derive(Debug, thiserror::Error)]
pub enum WaiverError {
    /// The file could not be read.
    #[error("{}: cannot read the waiver file: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        error: std::io::Error,
    },
    /// The file is not valid TOML, or not of the waiver format (an unknown key, a missing one).
    #[error(
        "{}: {message} (a waiver is a [[waiver]] table of `rule`, `pointer`, `reason` and \
         optionally `operation` and `version`)",
        place(&path.display().to_string(), *line, *column)
    )]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line (0 when the parser gave no position).
        line: usize,
        /// 1-based column (0 when the parser gave no position).
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// A waiver is malformed: unknown rule, empty reason.
    #[error("{}:{line}: waiver of `{rule}`: {problem}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line of the waiver's `[[waiver]]` table.
        line: usize,
        /// The rule it names.
        rule: String,
        /// What is wrong, and how to fix it.
        problem: String,
    },
}

/// Why a comparison of two files could not be made: either input, or the waivers.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A document could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The waiver file could not be read.
    #[error(transparent)]
    Waivers(#[from] WaiverError),
}
