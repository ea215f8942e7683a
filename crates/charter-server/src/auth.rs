//! Bearer JWTs: verified against a JWKS of Ed25519 keys; minted with a development key pair.
//!
//! Tokens are short-lived: the server refuses one whose lifetime (`exp - iat`) exceeds
//! [`MAX_LIFETIME_SECS`], whatever its signature. The development key pair lives in a directory
//! (`target/dev-keys` for `cargo xtask serve`), created on first use; its public half is written
//! beside it as `jwks.json`, the file the server verifies against.

use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use ring::rand::SystemRandom;
use ring::signature::{Ed25519KeyPair, KeyPair as _};
use serde::{Deserialize, Serialize};

/// The `iss` claim of development tokens, and the issuer the server accepts.
pub const ISSUER: &str = "charter-dev";
/// The `aud` claim every token for this API carries.
pub const AUDIENCE: &str = "billing";
/// The longest lifetime a token may have, in seconds.
pub const MAX_LIFETIME_SECS: i64 = 3600;
/// The lifetime of tokens `mint` makes by default, in seconds.
pub const DEFAULT_LIFETIME_SECS: i64 = 900;

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
    /// The cryptography library refused.
    #[error("cannot {0}")]
    Crypto(String),
}

/// What a token says about its bearer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Who the token is for; logged as `user_id`.
    pub sub: String,
    /// Space-separated scopes, e.g. `billing:read billing:write`.
    pub scope: String,
    /// The issuer.
    pub iss: String,
    /// The audience.
    pub aud: String,
    /// Issued at, seconds since the epoch.
    pub iat: i64,
    /// Expires at, seconds since the epoch.
    pub exp: i64,
    /// A unique id; rate limits are kept per token.
    pub jti: String,
}

impl Claims {
    /// Claims for `subject` with `scopes`, valid from now for `lifetime_secs`.
    #[must_use]
    pub fn new(subject: &str, scopes: &[&str], lifetime_secs: i64) -> Self {
        let now = chrono::Utc::now().timestamp();
        Claims {
            sub: subject.to_owned(),
            scope: scopes.join(" "),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            iat: now,
            exp: now + lifetime_secs,
            jti: uuid::Uuid::new_v4().to_string(),
        }
    }
}

/// An Ed25519 key pair that signs development tokens.
pub struct DevKeys {
    key_id: String,
    pkcs8: Vec<u8>,
    public: Vec<u8>,
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
        let pkcs8 = pkcs8.as_ref().to_vec();
        let key_id = format!("dev-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
        Self::from_parts(key_id, pkcs8)
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
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| KeyError::Io { path, source }
        };
        match fs::read_to_string(&path) {
            Ok(text) => {
                let invalid = |problem: String| KeyError::Invalid { path: path.clone(), problem };
                let stored: StoredKey = serde_json::from_str(&text)
                    .map_err(|error| invalid(format!("not a stored key: {error}")))?;
                let pkcs8 = URL_SAFE_NO_PAD
                    .decode(stored.pkcs8)
                    .map_err(|error| invalid(format!("the key is not base64url: {error}")))?;
                let keys = Self::from_parts(stored.kid, pkcs8)
                    .map_err(|error| invalid(error.to_string()))?;
                keys.write_jwks(&dir.join("jwks.json"))?;
                Ok(keys)
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let keys = Self::generate()?;
                fs::create_dir_all(dir).map_err(io(dir))?;
                let stored = StoredKey {
                    kid: keys.key_id.clone(),
                    pkcs8: URL_SAFE_NO_PAD.encode(&keys.pkcs8),
                };
                let text = serde_json::to_string_pretty(&stored).unwrap_or_default();
                write_private(&path, &text).map_err(io(&path))?;
                keys.write_jwks(&dir.join("jwks.json"))?;
                Ok(keys)
            }
            Err(error) => Err(KeyError::Io { path, source: error }),
        }
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

    /// A verifier that trusts this key pair.
    ///
    /// # Errors
    /// Never in practice: the JWKS is built from a valid key.
    pub fn verifier(&self) -> Result<Verifier, KeyError> {
        Verifier::from_jwks(&self.jwks().to_string())
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
    let mut file = fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    fs::write(path, text)
}

/// The caller a valid token identifies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caller {
    /// The token's subject.
    pub subject: String,
    /// The scopes it grants.
    pub scopes: Vec<String>,
    /// The token's id; rate limits are kept per token.
    pub token_id: String,
}

/// Why a bearer token was refused; the message is safe to show the caller.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refusal(pub String);

/// Verifies bearer tokens against a JWKS.
pub struct Verifier {
    keys: Vec<(Option<String>, DecodingKey)>,
    validation: Validation,
}

impl Verifier {
    /// Trusts the Ed25519 keys of a JWKS document.
    ///
    /// # Errors
    /// When the document is not a JWKS or holds no Ed25519 key.
    pub fn from_jwks(text: &str) -> Result<Self, KeyError> {
        let invalid = |problem: String| KeyError::Invalid { path: PathBuf::from("JWKS"), problem };
        let set: JwkSet =
            serde_json::from_str(text).map_err(|error| invalid(format!("not a JWKS: {error}")))?;
        let mut keys = Vec::new();
        for jwk in &set.keys {
            if let jsonwebtoken::jwk::AlgorithmParameters::OctetKeyPair(parameters) = &jwk.algorithm
            {
                let key = DecodingKey::from_ed_components(&parameters.x)
                    .map_err(|error| invalid(format!("a key is not valid: {error}")))?;
                keys.push((jwk.common.key_id.clone(), key));
            }
        }
        if keys.is_empty() {
            return Err(invalid("no Ed25519 (OKP) key in the set".to_owned()));
        }
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iat", "sub", "aud", "iss"]);
        validation.leeway = 30;
        Ok(Verifier { keys, validation })
    }

    /// The caller `token` identifies, or why it is refused.
    ///
    /// # Errors
    /// When the token is malformed, signed by an unknown key, expired, for another audience or
    /// issuer, or lives longer than [`MAX_LIFETIME_SECS`].
    pub fn verify(&self, token: &str) -> Result<Caller, Refusal> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| Refusal("the bearer token is not a JWT".to_owned()))?;
        let candidates = self.keys.iter().filter(|(kid, _)| {
            header.kid.is_none() || kid.is_none() || kid.as_deref() == header.kid.as_deref()
        });
        let mut last = Refusal("the bearer token is not signed by a trusted key".to_owned());
        for (_, key) in candidates {
            match jsonwebtoken::decode::<Claims>(token, key, &self.validation) {
                Ok(data) => {
                    let claims = data.claims;
                    if claims.exp - claims.iat > MAX_LIFETIME_SECS {
                        return Err(Refusal(format!(
                            "the bearer token lives {} s; tokens may live at most {MAX_LIFETIME_SECS} s",
                            claims.exp - claims.iat
                        )));
                    }
                    return Ok(Caller {
                        scopes: claims.scope.split_whitespace().map(str::to_owned).collect(),
                        token_id: if claims.jti.is_empty() { token.to_owned() } else { claims.jti },
                        subject: claims.sub,
                    });
                }
                Err(error) => {
                    use jsonwebtoken::errors::ErrorKind;
                    last = Refusal(match error.kind() {
                        ErrorKind::ExpiredSignature => "the bearer token has expired".to_owned(),
                        ErrorKind::InvalidAudience => {
                            format!("the bearer token is not for `{AUDIENCE}`")
                        }
                        ErrorKind::InvalidIssuer => {
                            format!("the bearer token is not issued by `{ISSUER}`")
                        }
                        ErrorKind::InvalidSignature => {
                            "the bearer token is not signed by a trusted key".to_owned()
                        }
                        ErrorKind::MissingRequiredClaim(claim) => {
                            format!("the bearer token has no `{claim}` claim")
                        }
                        _ => "the bearer token is not valid".to_owned(),
                    });
                }
            }
        }
        Err(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minted_token_verifies_and_names_its_caller() {
        let keys = DevKeys::generate().unwrap();
        let token = keys.mint(&Claims::new("ada", &["billing:read"], 60)).unwrap();
        let caller = keys.verifier().unwrap().verify(&token).unwrap();
        assert_eq!(caller.subject, "ada");
        assert_eq!(caller.scopes, ["billing:read"]);
    }

    #[test]
    fn foreign_expired_and_long_lived_tokens_are_refused() {
        let keys = DevKeys::generate().unwrap();
        let verifier = keys.verifier().unwrap();
        let stranger = DevKeys::generate().unwrap();
        let foreign = stranger.mint(&Claims::new("eve", &[], 60)).unwrap();
        assert_eq!(
            verifier.verify(&foreign).unwrap_err().0,
            "the bearer token is not signed by a trusted key"
        );

        let mut claims = Claims::new("ada", &[], 60);
        claims.iat -= 600;
        claims.exp = claims.iat + 60;
        let expired = keys.mint(&claims).unwrap();
        assert_eq!(verifier.verify(&expired).unwrap_err().0, "the bearer token has expired");

        let long = keys.mint(&Claims::new("ada", &[], 86_400)).unwrap();
        assert!(verifier.verify(&long).unwrap_err().0.contains("tokens may live at most 3600 s"));
        assert_eq!(verifier.verify("not-a-token").unwrap_err().0, "the bearer token is not a JWT");
    }

    #[test]
    fn the_key_pair_is_created_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let first = DevKeys::load_or_create(dir.path()).unwrap();
        let token = first.mint(&Claims::new("ada", &[], 60)).unwrap();
        let again = DevKeys::load_or_create(dir.path()).unwrap();
        assert!(again.verifier().unwrap().verify(&token).is_ok());
        let jwks = fs::read_to_string(dir.path().join("jwks.json")).unwrap();
        assert!(Verifier::from_jwks(&jwks).unwrap().verify(&token).is_ok());
    }

    #[test]
    fn a_damaged_key_file_says_how_to_recover() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("signing-key.json"), "{").unwrap();
        let message = DevKeys::load_or_create(dir.path()).err().unwrap().to_string();
        assert!(message.contains("signing-key.json: not a stored key"), "{message}");
        assert!(message.contains("delete it and run `cargo xtask serve`"), "{message}");
    }
}
