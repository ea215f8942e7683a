//! The development key pair: an Ed25519 key that signs tokens on a developer's machine.
//!
//! It lives in a directory (`target/dev-keys` for `cargo xtask serve`), created on first use,
//! with its public half beside it as `jwks.json`: the file a server verifies against.

use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use ring::rand::SystemRandom;
use ring::signature::{Ed25519KeyPair, KeyPair as _};
use serde::{Deserialize, Serialize};

use super::jwt::{Claims, JwtConfig, Verifier};

/// Why keys could not be made, read or used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// A key file does not hold what it should.
    #[error(
        "{path}: {problem}\n  help: delete it and run `cargo xtask serve` or `cargo xtask \
         dev-token` to create a new development key pair"
    )]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// A JWKS document holds no key a server can verify tokens with.
    #[error("the JWKS is not usable: {0}")]
    Jwks(String),
    /// The cryptography library refused.
    #[error("cannot {0}")]
    Crypto(String),
}

/// An Ed25519 key pair that signs development tokens.
pub struct DevKeys {
    pub(super) key_id: String,
    pub(super) pkcs8: Vec<u8>,
    public: Vec<u8>,
}

impl std::fmt::Debug for DevKeys {
    /// Names the key, never its private half.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DevKeys").field("key_id", &self.key_id).finish_non_exhaustive()
    }
}

#[derive(Serialize, Deserialize)]
struct StoredKey {
    kid: String,
    pkcs8: String,
}

impl DevKeys {
    /// A new random key pair.
    ///
    /// # Errors
    /// When the system's random source fails.
    pub fn generate() -> Result<Self, KeyError> {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new())
            .map_err(|_| KeyError::Crypto("generate an Ed25519 key pair".into()))?;
        let key_id = format!("dev-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        Self::from_parts(key_id, pkcs8.as_ref().to_vec())
    }

    fn from_parts(key_id: String, pkcs8: Vec<u8>) -> Result<Self, KeyError> {
        let pair = Ed25519KeyPair::from_pkcs8_maybe_unchecked(&pkcs8)
            .map_err(|error| KeyError::Crypto(format!("read the Ed25519 key: {error}")))?;
        let public = pair.public_key().as_ref().to_vec();
        Ok(DevKeys { key_id, pkcs8, public })
    }

    /// Reads the key pair in `dir`, or creates one there (with its `jwks.json`) on first use.
    ///
    /// # Errors
    /// When the directory cannot be written or holds a damaged key.
    pub fn load_or_create(dir: &Path) -> Result<Self, KeyError> {
        let path = dir.join("signing-key.json");
        match fs::read_to_string(&path) {
            Ok(text) => Self::read_stored(dir, &path, &text),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let keys = Self::generate()?;
                fs::create_dir_all(dir)
                    .map_err(|source| KeyError::Io { path: dir.to_path_buf(), source })?;
                let stored = StoredKey {
                    kid: keys.key_id.clone(),
                    pkcs8: URL_SAFE_NO_PAD.encode(&keys.pkcs8),
                };
                let text = serde_json::to_string_pretty(&stored).unwrap_or_default();
                match write_private(&path, &text) {
                    Ok(()) => {}
                    // Another process created it first: use theirs.
                    Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                        let text = fs::read_to_string(&path)
                            .map_err(|source| KeyError::Io { path: path.clone(), source })?;
                        return Self::read_stored(dir, &path, &text);
                    }
                    Err(source) => return Err(KeyError::Io { path, source }),
                }
                keys.write_jwks(&dir.join("jwks.json"))?;
                Ok(keys)
            }
            Err(source) => Err(KeyError::Io { path, source }),
        }
    }

    fn read_stored(dir: &Path, path: &Path, text: &str) -> Result<Self, KeyError> {
        let invalid = |problem: String| KeyError::Invalid { path: path.to_path_buf(), problem };
        let stored: StoredKey = serde_json::from_str(text)
            .map_err(|error| invalid(format!("not a stored key: {error}")))?;
        let pkcs8 = URL_SAFE_NO_PAD
            .decode(stored.pkcs8)
            .map_err(|error| invalid(format!("the key is not base64url: {error}")))?;
        let keys =
            Self::from_parts(stored.kid, pkcs8).map_err(|error| invalid(error.to_string()))?;
        keys.write_jwks(&dir.join("jwks.json"))?;
        Ok(keys)
    }

    fn write_jwks(&self, path: &Path) -> Result<(), KeyError> {
        let text = serde_json::to_string_pretty(&self.jwks()).unwrap_or_default();
        fs::write(path, text + "\n")
            .map_err(|source| KeyError::Io { path: path.to_path_buf(), source })
    }

    /// The public half as a JWKS document.
    #[must_use]
    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({
            "keys": [{
                "kty": "OKP",
                "crv": "Ed25519",
                "x": URL_SAFE_NO_PAD.encode(&self.public),
                "kid": self.key_id,
                "alg": "EdDSA",
                "use": "sig",
            }]
        })
    }

    /// A verifier that trusts this key pair and checks tokens against `config`.
    ///
    /// # Errors
    /// Never in practice: the JWKS is built from a valid key.
    pub fn verifier(&self, config: JwtConfig) -> Result<Verifier, KeyError> {
        Verifier::from_jwks(&self.jwks().to_string(), config)
    }

    /// A signed token carrying `claims`.
    ///
    /// # Errors
    /// When signing fails.
    pub fn mint(&self, claims: &Claims) -> Result<String, KeyError> {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.key_id.clone());
        jsonwebtoken::encode(&header, claims, &EncodingKey::from_ed_der(&self.pkcs8))
            .map_err(|error| KeyError::Crypto(format!("sign a token: {error}")))
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let draft = draft_path(path);
    let mut file = fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&draft)?;
    publish(&draft, path, file.write_all(text.as_bytes()).and_then(|()| file.sync_all()))
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let draft = draft_path(path);
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(&draft)?;
    publish(&draft, path, file.write_all(text.as_bytes()).and_then(|()| file.sync_all()))
}

/// A file of this process only beside `path`, written whole before it takes `path`'s name.
fn draft_path(path: &Path) -> std::path::PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.draft", uuid::Uuid::new_v4().simple()));
    path.with_file_name(name)
}

/// Gives the written `draft` the name `path` unless a file has it (`AlreadyExists`): a hard
/// link is atomic, so another process starting at the same time reads either no file or the
/// whole of one, never an empty one. The draft is removed either way.
fn publish(draft: &Path, path: &Path, written: std::io::Result<()>) -> std::io::Result<()> {
    let linked = written.and_then(|()| fs::hard_link(draft, path));
    let _ = fs::remove_file(draft);
    linked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> JwtConfig {
        JwtConfig::for_api("notes")
    }

    #[test]
    fn the_key_pair_is_created_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let first = DevKeys::load_or_create(dir.path()).unwrap();
        let token = first.mint(&Claims::new(&config(), "ada", &[], 60)).unwrap();
        let again = DevKeys::load_or_create(dir.path()).unwrap();
        assert!(again.verifier(config()).unwrap().verify(&token).is_ok());
        let jwks = fs::read_to_string(dir.path().join("jwks.json")).unwrap();
        assert!(Verifier::from_jwks(&jwks, config()).unwrap().verify(&token).is_ok());
        assert!(!format!("{first:?}").contains("pkcs8"), "Debug never shows the private key");
    }

    #[test]
    fn instances_starting_together_share_one_key_pair() {
        let dir = tempfile::tempdir().unwrap();
        let starts: Vec<_> = (0..8)
            .map(|_| {
                let dir = dir.path().to_path_buf();
                std::thread::spawn(move || DevKeys::load_or_create(&dir).map(|keys| keys.key_id))
            })
            .collect();
        let ids: Vec<String> =
            starts.into_iter().map(|start| start.join().unwrap().unwrap()).collect();
        assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
        let mut names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["jwks.json", "signing-key.json"], "no draft is left behind");
    }

    #[test]
    fn a_damaged_key_file_says_how_to_recover() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("signing-key.json"), "{").unwrap();
        let message = DevKeys::load_or_create(dir.path()).unwrap_err().to_string();
        assert!(message.contains("signing-key.json: not a stored key"), "{message}");
        assert!(message.contains("delete it and run `cargo xtask serve`"), "{message}");
        fs::write(dir.path().join("signing-key.json"), r#"{"kid": "k", "pkcs8": "AAAA"}"#).unwrap();
        let message = DevKeys::load_or_create(dir.path()).unwrap_err().to_string();
        assert!(message.contains("signing-key.json: cannot read the Ed25519 key"), "{message}");
    }
}
