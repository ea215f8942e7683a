//! The emitted documents, as far as fixtures care: each version's component schemas.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::layout::{Problem, is_version_name, read_json};

/// Where `cargo xtask openapi` writes the documents, relative to the workspace root.
pub const DOCUMENTS_DIR: &str = "generated/openapi";

/// One emitted document.
#[derive(Clone, Debug)]
pub struct Document {
    /// The version, from the file name: `v1` for `generated/openapi/v1.json`.
    pub version: String,
    /// The file, relative to the workspace root.
    pub path: PathBuf,
    /// `components.schemas`, by name.
    pub schemas: BTreeMap<String, Value>,
}

/// A document that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The documents' folder cannot be listed.
    #[error("{}: cannot list the documents: {source}; run `cargo xtask openapi`", path.display())]
    Unlisted {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The folder holds no document.
    #[error("{}: no `v<N>.json` document; run `cargo xtask openapi`", path.display())]
    None {
        /// The folder.
        path: PathBuf,
    },
    /// A document cannot be read or is not JSON.
    #[error(transparent)]
    Unreadable(#[from] Problem),
    /// A document has no `components.schemas` object.
    #[error("{}: no `components.schemas` object", path.display())]
    NoComponents {
        /// The document.
        path: PathBuf,
    },
}

impl Document {
    /// Reads every `generated/openapi/v<N>.json` under the workspace `root`, sorted by version.
    ///
    /// # Errors
    /// When the folder cannot be listed or holds no document, or a document is unusable.
    pub fn read_all(root: &Path) -> Result<Vec<Document>, DocumentError> {
        let dir = PathBuf::from(DOCUMENTS_DIR);
        let entries = fs::read_dir(root.join(&dir))
            .map_err(|source| DocumentError::Unlisted { path: dir.clone(), source })?;
        let mut documents = Vec::new();
        for entry in entries {
            let entry =
                entry.map_err(|source| DocumentError::Unlisted { path: dir.clone(), source })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(version) = name.strip_suffix(".json").filter(|v| is_version_name(v)) else {
                continue;
            };
            documents.push(Document::read(root, version, &dir.join(&name))?);
        }
        if documents.is_empty() {
            return Err(DocumentError::None { path: dir });
        }
        documents.sort_by_key(|document| version_order(&document.version));
        Ok(documents)
    }

    /// Reads one document.
    ///
    /// # Errors
    /// When it cannot be read, is not JSON or has no `components.schemas`.
    pub fn read(root: &Path, version: &str, path: &Path) -> Result<Document, DocumentError> {
        let value = read_json(root, path)?;
        let Some(Value::Object(schemas)) = value.pointer("/components/schemas") else {
            return Err(DocumentError::NoComponents { path: path.to_path_buf() });
        };
        Ok(Document {
            version: version.to_owned(),
            path: path.to_path_buf(),
            schemas: schemas.iter().map(|(name, schema)| (name.clone(), schema.clone())).collect(),
        })
    }
}

/// `v2` before `v10`.
fn version_order(version: &str) -> (usize, String) {
    (version.len(), version.to_owned())
}
