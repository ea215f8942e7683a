//! Bearer JWTs: what a token must say ([`JwtConfig`]), what it says ([`Claims`]), and the
//! [`Verifier`] that checks one against the keys of a JWKS.
//!
//! Tokens from the development key pair and from a real identity provider verify alike: `aud`
//! may be one string or a list, `jti` may be absent (rate limits then key on a digest of the
//! token), scopes may come as a space-separated `scope` string or a `scope`/`scp` list, and the
//! JWKS may hold RSA, EC (P-256, P-384) and Ed25519 keys. Symmetric keys are never trusted.
//! Whatever its signature, a token living longer than [`JwtConfig::max_lifetime_secs`]
//! (`exp - iat`, at most [`MAX_LIFETIME_SECS`] by default) or issued in the future is refused.

use std::sync::Arc;

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, Jwk, KeyAlgorithm, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::Caller;
use super::keys::KeyError;

/// The longest lifetime (`exp - iat`) a token may have by default, in seconds.
pub const MAX_LIFETIME_SECS: i64 = 3600;
/// The lifetime of development tokens unless asked otherwise, in seconds.
pub const DEFAULT_LIFETIME_SECS: i64 = 900;
/// How far clocks may disagree, in seconds, when checking `exp`, `nbf` and `iat`.
pub const DEFAULT_LEEWAY_SECS: u64 = 30;

/// What a token must say to be accepted, and how a refusal is worded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JwtConfig {
    /// The `iss` every token must carry, e.g. `https://login.example.com/`.
    pub issuer: String,
    /// A value the token's `aud` must be, or contain when it is a list.
    pub audience: String,
    /// The realm named in `WWW-Authenticate: Bearer realm="…"` on a `401`.
    pub realm: String,
    /// The longest `exp - iat` accepted, in seconds.
    pub max_lifetime_secs: i64,
    /// How far clocks may disagree, in seconds.
    pub leeway_secs: u64,
}

impl JwtConfig {
    /// The defaults for the API called `name`: tokens issued by `<name>-dev` (the development
    /// key pair) for the audience `<name>`, realm `<name>`, living at most
    /// [`MAX_LIFETIME_SECS`].
    ///
    /// ```
    /// let config = charter_server::auth::JwtConfig::for_api("notes");
    /// assert_eq!((config.issuer.as_str(), config.audience.as_str()), ("notes-dev", "notes"));
    /// ```
    #[must_use]
    pub fn for_api(name: &str) -> Self {
        JwtConfig {
            issuer: format!("{name}-dev"),
            audience: name.to_owned(),
            realm: name.to_owned(),
            max_lifetime_secs: MAX_LIFETIME_SECS,
            leeway_secs: DEFAULT_LEEWAY_SECS,
        }
    }
}

/// The `aud` claim: one audience or a list of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    /// `"aud": "notes"`.
    One(String),
    /// `"aud": ["notes", "https://api.example.com"]`.
    Many(Vec<String>),
}

impl Audience {
    /// Whether `audience` is the audience or one of them.
    #[must_use]
    pub fn contains(&self, audience: &str) -> bool {
        match self {
            Audience::One(one) => one == audience,
            Audience::Many(many) => many.iter().any(|one| one == audience),
        }
    }
}

/// What a token says about its bearer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "WireClaims")]
pub struct Claims {
    /// Who the token is for; logged as `user_id`.
    pub sub: String,
    /// Space-separated scopes, e.g. `notes:read notes:write`. Read from `scope` (a string or a
    /// list) and `scp` (likewise), as identity providers differ.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub scope: String,
    /// The issuer.
    pub iss: String,
    /// The audience.
    pub aud: Audience,
    /// Issued at, seconds since the epoch.
    pub iat: i64,
    /// Expires at, seconds since the epoch.
    pub exp: i64,
    /// A unique id, when the issuer gives one; rate limits are kept per token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
    /// Every other claim, e.g. `email` or a tenant id.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Claims {
    /// Claims that `config` accepts, for `subject` with `scopes`, valid from now for
    /// `lifetime_secs`, with a fresh `jti`.
    #[must_use]
    pub fn new(config: &JwtConfig, subject: &str, scopes: &[&str], lifetime_secs: i64) -> Self {
        let now = chrono::Utc::now().timestamp();
        Claims {
            sub: subject.to_owned(),
            scope: scopes.join(" "),
            iss: config.issuer.clone(),
            aud: Audience::One(config.audience.clone()),
            iat: now,
            exp: now.saturating_add(lifetime_secs),
            jti: Some(uuid::Uuid::new_v4().to_string()),
            extra: Map::new(),
        }
    }

    /// The scopes granted, one per entry.
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scope.split_whitespace()
    }
}

/// A scope claim as identity providers write it.
#[derive(Deserialize)]
#[serde(untagged)]
enum ScopeClaim {
    Text(String),
    List(Vec<String>),
}

/// [`Claims`] as read from a token.
#[derive(Deserialize)]
struct WireClaims {
    sub: String,
    #[serde(default)]
    scope: Option<ScopeClaim>,
    #[serde(default)]
    scp: Option<ScopeClaim>,
    iss: String,
    aud: Audience,
    iat: i64,
    exp: i64,
    #[serde(default)]
    jti: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl From<WireClaims> for Claims {
    fn from(wire: WireClaims) -> Self {
        let mut scopes: Vec<String> = Vec::new();
        for claim in [wire.scope, wire.scp].into_iter().flatten() {
            let names: Vec<String> = match claim {
                ScopeClaim::Text(text) => text.split_whitespace().map(str::to_owned).collect(),
                ScopeClaim::List(list) => list,
            };
            for name in names {
                if !name.is_empty() && !scopes.contains(&name) {
                    scopes.push(name);
                }
            }
        }
        Claims {
            sub: wire.sub,
            scope: scopes.join(" "),
            iss: wire.iss,
            aud: wire.aud,
            iat: wire.iat,
            exp: wire.exp,
            jti: wire.jti.filter(|jti| !jti.is_empty()),
            extra: wire.extra,
        }
    }
}

/// Why a bearer token was refused; the message is safe to show the caller.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refusal(pub String);

/// One key of the JWKS and the algorithms a token signed with it may use.
struct TrustedKey {
    kid: Option<String>,
    key: DecodingKey,
    validation: Validation,
}

/// Verifies bearer tokens against the keys of a JWKS and a [`JwtConfig`]. Cheap to clone.
#[derive(Clone)]
pub struct Verifier(Arc<Inner>);

struct Inner {
    keys: Vec<TrustedKey>,
    config: JwtConfig,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kids: Vec<&str> =
            self.0.keys.iter().map(|key| key.kid.as_deref().unwrap_or("(no kid)")).collect();
        f.debug_struct("Verifier").field("keys", &kids).field("config", &self.0.config).finish()
    }
}

impl Verifier {
    /// Trusts the signing keys of a JWKS document (RSA, EC P-256/P-384, Ed25519) for tokens
    /// that `config` accepts. Keys for encryption, symmetric keys and keys of unsupported
    /// curves are left out.
    ///
    /// # Errors
    /// When the document is not a JWKS, or holds no key to verify with (saying why each key was
    /// left out).
    pub fn from_jwks(text: &str, config: JwtConfig) -> Result<Self, KeyError> {
        let document: Value = serde_json::from_str(text)
            .map_err(|error| KeyError::Jwks(format!("not JSON: {error}")))?;
        let Some(entries) = document.get("keys").and_then(Value::as_array) else {
            return Err(KeyError::Jwks("no `keys` array".to_owned()));
        };
        let mut keys = Vec::new();
        let mut left_out = Vec::new();
        for (index, entry) in entries.iter().enumerate() {
            match trusted_key(entry, &config) {
                Ok(key) => keys.push(key),
                Err(reason) => left_out.push(format!("key {index}: {reason}")),
            }
        }
        if keys.is_empty() {
            let reasons = if left_out.is_empty() {
                "the set is empty".to_owned()
            } else {
                left_out.join("; ")
            };
            return Err(KeyError::Jwks(format!("no key to verify tokens with ({reasons})")));
        }
        Ok(Verifier(Arc::new(Inner { keys, config })))
    }

    /// What tokens must say.
    #[must_use]
    pub fn config(&self) -> &JwtConfig {
        &self.0.config
    }

    /// The caller `token` identifies, or why it is refused.
    ///
    /// # Errors
    /// When the token is malformed, signed by an unknown key or with an algorithm its key does
    /// not allow, expired or not yet valid, for another audience or issuer, issued in the
    /// future, or lives longer than the configured maximum.
    pub fn verify(&self, token: &str) -> Result<Caller, Refusal> {
        let refuse = |message: String| Err(Refusal(message));
        let Ok(header) = jsonwebtoken::decode_header(token) else {
            return refuse("the bearer token is not a JWT".to_owned());
        };
        let config = &self.0.config;
        let candidates: Vec<&TrustedKey> = self
            .0
            .keys
            .iter()
            .filter(|key| match (&header.kid, &key.kid) {
                (Some(wanted), Some(kid)) => wanted == kid,
                _ => true,
            })
            .collect();
        if candidates.is_empty() {
            let kid = header.kid.unwrap_or_default();
            return refuse(format!("the bearer token is signed by an unknown key `{kid}`"));
        }
        let mut last = format!(
            "the bearer token is signed with {:?}, which no trusted key allows",
            header.alg
        );
        for candidate in candidates {
            if !candidate.validation.algorithms.contains(&header.alg) {
                continue;
            }
            match jsonwebtoken::decode::<Claims>(token, &candidate.key, &candidate.validation) {
                Ok(data) => return self.admit(token, data.claims),
                Err(error) => {
                    use jsonwebtoken::errors::ErrorKind;
                    last = match error.kind() {
                        // Another key may have signed it.
                        ErrorKind::InvalidSignature
                        | ErrorKind::InvalidAlgorithm
                        | ErrorKind::InvalidKeyFormat
                        | ErrorKind::InvalidEcdsaKey
                        | ErrorKind::InvalidRsaKey(_) => {
                            last = "the bearer token is not signed by a trusted key".to_owned();
                            continue;
                        }
                        ErrorKind::ExpiredSignature => "the bearer token has expired".to_owned(),
                        ErrorKind::ImmatureSignature => {
                            "the bearer token is not valid yet (`nbf`)".to_owned()
                        }
                        ErrorKind::InvalidAudience => {
                            format!(
                                "the bearer token is not for the audience `{}`",
                                config.audience
                            )
                        }
                        ErrorKind::InvalidIssuer => {
                            format!("the bearer token is not issued by `{}`", config.issuer)
                        }
                        ErrorKind::MissingRequiredClaim(claim) => {
                            format!("the bearer token has no `{claim}` claim")
                        }
                        ErrorKind::Json(error) => {
                            // The position is in the decoded claims, which the caller never saw.
                            let text = error.to_string();
                            let at = format!(" at line {} column {}", error.line(), error.column());
                            let reason = text.strip_suffix(&at).unwrap_or(&text);
                            format!("the bearer token's claims are not valid: {reason}")
                        }
                        _ => "the bearer token is not valid".to_owned(),
                    };
                    return refuse(last);
                }
            }
        }
        refuse(last)
    }

    /// The caller of a token whose signature and standard claims are valid, after the checks
    /// jsonwebtoken does not make.
    fn admit(&self, token: &str, claims: Claims) -> Result<Caller, Refusal> {
        let config = &self.0.config;
        let now = chrono::Utc::now().timestamp();
        let leeway = i64::try_from(config.leeway_secs).unwrap_or(i64::MAX);
        if claims.iat > now.saturating_add(leeway) {
            return Err(Refusal("the bearer token is issued in the future (`iat`)".to_owned()));
        }
        let lifetime = claims.exp.saturating_sub(claims.iat);
        if lifetime > config.max_lifetime_secs {
            return Err(Refusal(format!(
                "the bearer token lives {lifetime} s; tokens may live at most {} s",
                config.max_lifetime_secs
            )));
        }
        let token_id = claims.jti.clone().unwrap_or_else(|| digest(token));
        Ok(Caller {
            subject: claims.sub.clone(),
            scopes: claims.scopes().map(str::to_owned).collect(),
            token_id,
            claims,
        })
    }
}

/// The SHA-256 of a token in hex: its id when it has no `jti`.
fn digest(token: &str) -> String {
    use std::fmt::Write as _;
    let digest = ring::digest::digest(&ring::digest::SHA256, token.as_bytes());
    digest.as_ref().iter().fold(String::with_capacity(64), |mut text, byte| {
        let _ = write!(text, "{byte:02x}");
        text
    })
}

/// A JWKS entry as a key tokens may be verified with, or why it is left out.
fn trusted_key(entry: &Value, config: &JwtConfig) -> Result<TrustedKey, String> {
    let jwk: Jwk = serde_json::from_value(entry.clone()).map_err(|error| error.to_string())?;
    if let Some(PublicKeyUse::Encryption) = jwk.common.public_key_use {
        return Err("it is for encryption (`use: enc`)".to_owned());
    }
    let family: Vec<Algorithm> = match &jwk.algorithm {
        AlgorithmParameters::RSA(_) => vec![
            Algorithm::RS256,
            Algorithm::RS384,
            Algorithm::RS512,
            Algorithm::PS256,
            Algorithm::PS384,
            Algorithm::PS512,
        ],
        AlgorithmParameters::EllipticCurve(parameters) => match parameters.curve {
            EllipticCurve::P256 => vec![Algorithm::ES256],
            EllipticCurve::P384 => vec![Algorithm::ES384],
            _ => return Err(format!("the curve {:?} is not supported", parameters.curve)),
        },
        AlgorithmParameters::OctetKeyPair(parameters) => match parameters.curve {
            EllipticCurve::Ed25519 => vec![Algorithm::EdDSA],
            _ => return Err(format!("the curve {:?} is not supported", parameters.curve)),
        },
        AlgorithmParameters::OctetKey(_) => {
            return Err(
                "a symmetric key is never trusted: whoever verifies could also sign".to_owned()
            );
        }
    };
    let algorithms = match jwk.common.key_algorithm {
        None => family,
        Some(named) => match signing_algorithm(named) {
            Some(algorithm) if family.contains(&algorithm) => vec![algorithm],
            _ => return Err(format!("its `alg` {named:?} does not fit the key")),
        },
    };
    let key = DecodingKey::from_jwk(&jwk).map_err(|error| error.to_string())?;
    let mut validation = Validation::new(algorithms[0]);
    validation.algorithms = algorithms;
    validation.set_audience(&[&config.audience]);
    validation.set_issuer(&[&config.issuer]);
    validation.set_required_spec_claims(&["exp", "sub", "aud", "iss"]);
    validation.leeway = config.leeway_secs;
    validation.validate_nbf = true;
    Ok(TrustedKey { kid: jwk.common.key_id, key, validation })
}

/// The signing algorithm a JWK's `alg` names.
fn signing_algorithm(named: KeyAlgorithm) -> Option<Algorithm> {
    Some(match named {
        KeyAlgorithm::ES256 => Algorithm::ES256,
        KeyAlgorithm::ES384 => Algorithm::ES384,
        KeyAlgorithm::RS256 => Algorithm::RS256,
        KeyAlgorithm::RS384 => Algorithm::RS384,
        KeyAlgorithm::RS512 => Algorithm::RS512,
        KeyAlgorithm::PS256 => Algorithm::PS256,
        KeyAlgorithm::PS384 => Algorithm::PS384,
        KeyAlgorithm::PS512 => Algorithm::PS512,
        KeyAlgorithm::EdDSA => Algorithm::EdDSA,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use jsonwebtoken::{EncodingKey, Header};
    use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _};
    use serde_json::json;

    use super::super::DevKeys;
    use super::*;

    fn config() -> JwtConfig {
        JwtConfig::for_api("notes")
    }

    /// A token the development keys sign over `claims` given as JSON, as any issuer might.
    fn signed(keys: &DevKeys, claims: &Value) -> String {
        let claims: Claims = serde_json::from_value(claims.clone()).unwrap();
        keys.mint(&claims).unwrap()
    }

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn a_minted_token_verifies_and_names_its_caller() {
        let keys = DevKeys::generate().unwrap();
        let token = keys.mint(&Claims::new(&config(), "ada", &["notes:read"], 60)).unwrap();
        let caller = keys.verifier(config()).unwrap().verify(&token).unwrap();
        assert_eq!(caller.subject, "ada");
        assert_eq!(caller.scopes, ["notes:read"]);
        assert_eq!(Some(&caller.token_id), caller.claims.jti.as_ref());
    }

    #[test]
    fn an_identity_provider_token_without_jti_and_with_an_audience_list_is_accepted() {
        let keys = DevKeys::generate().unwrap();
        let verifier = keys.verifier(config()).unwrap();
        let token = signed(
            &keys,
            &json!({
                "sub": "auth0|ada", "iss": "notes-dev", "aud": ["https://other.example", "notes"],
                "iat": now(), "exp": now() + 300, "scp": ["notes:read", "notes:write"],
                "email": "ada@example.com",
            }),
        );
        let caller = verifier.verify(&token).unwrap();
        assert_eq!(caller.scopes, ["notes:read", "notes:write"]);
        assert_eq!(caller.token_id.len(), 64, "a digest of the token stands in for `jti`");
        assert_eq!(caller.token_id, verifier.verify(&token).unwrap().token_id, "stable");
        assert_eq!(caller.claims.extra["email"], "ada@example.com");
        assert!(caller.claims.aud.contains("notes"));

        let elsewhere = signed(
            &keys,
            &json!({"sub": "ada", "iss": "notes-dev", "aud": ["https://other.example"],
                    "iat": now(), "exp": now() + 300}),
        );
        assert_eq!(
            verifier.verify(&elsewhere).unwrap_err().0,
            "the bearer token is not for the audience `notes`"
        );
    }

    #[test]
    fn issuer_and_audience_come_from_the_configuration() {
        let keys = DevKeys::generate().unwrap();
        let idp = JwtConfig {
            issuer: "https://login.example.com/".to_owned(),
            audience: "api://notes".to_owned(),
            ..config()
        };
        let verifier = keys.verifier(idp.clone()).unwrap();
        assert!(verifier.verify(&keys.mint(&Claims::new(&idp, "ada", &[], 60)).unwrap()).is_ok());
        let mut elsewhere = Claims::new(&idp, "ada", &[], 60);
        elsewhere.aud = Audience::One("notes".to_owned());
        assert_eq!(
            verifier.verify(&keys.mint(&elsewhere).unwrap()).unwrap_err().0,
            "the bearer token is not for the audience `api://notes`"
        );
        let dev = keys.mint(&Claims::new(&config(), "ada", &[], 60)).unwrap();
        assert_eq!(
            verifier.verify(&dev).unwrap_err().0,
            "the bearer token is not issued by `https://login.example.com/`"
        );
        let mut other_issuer = Claims::new(&idp, "ada", &[], 60);
        other_issuer.iss = "https://evil.example.com/".to_owned();
        assert_eq!(
            verifier.verify(&keys.mint(&other_issuer).unwrap()).unwrap_err().0,
            "the bearer token is not issued by `https://login.example.com/`"
        );
    }

    #[test]
    fn foreign_expired_future_and_long_lived_tokens_are_refused() {
        let keys = DevKeys::generate().unwrap();
        let verifier = keys.verifier(config()).unwrap();
        let stranger = DevKeys::generate().unwrap();
        let foreign = stranger.mint(&Claims::new(&config(), "eve", &[], 60)).unwrap();
        assert!(
            verifier
                .verify(&foreign)
                .unwrap_err()
                .0
                .starts_with("the bearer token is signed by an unknown key `dev-")
        );
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = None;
        let unnamed = jsonwebtoken::encode(
            &header,
            &Claims::new(&config(), "eve", &[], 60),
            &EncodingKey::from_ed_der(&stranger.pkcs8),
        )
        .unwrap();
        assert_eq!(
            verifier.verify(&unnamed).unwrap_err().0,
            "the bearer token is not signed by a trusted key"
        );

        let mut claims = Claims::new(&config(), "ada", &[], 60);
        claims.iat -= 600;
        claims.exp = claims.iat + 60;
        let expired = keys.mint(&claims).unwrap();
        assert_eq!(verifier.verify(&expired).unwrap_err().0, "the bearer token has expired");

        let mut claims = Claims::new(&config(), "ada", &[], 60);
        claims.iat += 10 * 365 * 86_400;
        claims.exp = claims.iat + 60;
        let future = keys.mint(&claims).unwrap();
        assert_eq!(
            verifier.verify(&future).unwrap_err().0,
            "the bearer token is issued in the future (`iat`)"
        );

        let long = keys.mint(&Claims::new(&config(), "ada", &[], 86_400)).unwrap();
        assert!(verifier.verify(&long).unwrap_err().0.contains("tokens may live at most 3600 s"));
        assert_eq!(verifier.verify("not-a-token").unwrap_err().0, "the bearer token is not a JWT");

        let no_iat = signed_raw(
            &keys,
            &json!({"sub": "ada", "iss": "notes-dev", "aud": "notes", "exp": now() + 60}),
        );
        assert_eq!(
            verifier.verify(&no_iat).unwrap_err().0,
            "the bearer token's claims are not valid: missing field `iat`"
        );
    }

    /// A token over arbitrary JSON claims, signed by `keys`.
    fn signed_raw(keys: &DevKeys, claims: &Value) -> String {
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(keys.key_id.clone());
        jsonwebtoken::encode(&header, claims, &EncodingKey::from_ed_der(&keys.pkcs8)).unwrap()
    }

    #[test]
    fn an_es256_key_of_a_jwks_verifies_tokens_it_signed() {
        let rng = ring::rand::SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let point = pair.public_key().as_ref();
        let jwks = json!({"keys": [
            {"kty": "oct", "k": "c2VjcmV0", "kid": "shared"},
            {"kty": "RSA", "use": "enc", "n": "AQAB", "e": "AQAB", "kid": "enc"},
            {"kty": "EC", "crv": "P-256", "kid": "idp-1", "use": "sig",
             "x": URL_SAFE_NO_PAD.encode(&point[1..33]), "y": URL_SAFE_NO_PAD.encode(&point[33..65])},
        ]});
        let verifier = Verifier::from_jwks(&jwks.to_string(), config()).unwrap();
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some("idp-1".to_owned());
        let claims = json!({"sub": "svc", "iss": "notes-dev", "aud": "notes", "iat": now(),
                            "exp": now() + 60, "scope": "notes:read"});
        let token =
            jsonwebtoken::encode(&header, &claims, &EncodingKey::from_ec_der(pkcs8.as_ref()))
                .unwrap();
        assert_eq!(verifier.verify(&token).unwrap().scopes, ["notes:read"]);

        // The symmetric key was left out: a token signed with it is refused.
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some("shared".to_owned());
        let forged =
            jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(b"secret")).unwrap();
        assert_eq!(
            verifier.verify(&forged).unwrap_err().0,
            "the bearer token is signed by an unknown key `shared`"
        );
    }

    #[test]
    fn a_jwks_without_a_usable_key_says_why() {
        for (text, expected) in [
            ("[]", "the JWKS is not usable: no `keys` array"),
            (
                "{",
                "the JWKS is not usable: not JSON: EOF while parsing an object at line 1 column 1",
            ),
            (
                r#"{"keys": []}"#,
                "the JWKS is not usable: no key to verify tokens with (the set is empty)",
            ),
            (
                r#"{"keys": [{"kty": "oct", "k": "c2VjcmV0"}]}"#,
                "the JWKS is not usable: no key to verify tokens with (key 0: a symmetric key is \
                 never trusted: whoever verifies could also sign)",
            ),
        ] {
            assert_eq!(Verifier::from_jwks(text, config()).unwrap_err().to_string(), expected);
        }
    }

    #[test]
    fn claims_write_one_space_separated_scope_and_read_every_form() {
        let claims = Claims::new(&config(), "ada", &["a", "b"], 60);
        let json = serde_json::to_value(&claims).unwrap();
        assert_eq!(json["scope"], "a b");
        assert_eq!(json["aud"], "notes");
        assert_eq!(serde_json::from_value::<Claims>(json).unwrap(), claims);
        let read: Claims = serde_json::from_value(json!({
            "sub": "x", "iss": "i", "aud": "a", "iat": 1, "exp": 2,
            "scope": ["a", "b"], "scp": "b c", "jti": "",
        }))
        .unwrap();
        assert_eq!((read.scope.as_str(), read.jti), ("a b c", None));
    }
}
