//! `GET /health`: unversioned, public, present in every version's document.
//!
//! The server answers it with the checks the service runs (its database, say); each check
//! names a dependency and says whether it works, never why not.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::api::{Auth, Endpoint, Method, NoBody, NoParams};

/// Whether the service, or one of its dependencies, works.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    /// Working.
    Ok,
    /// Not working; requests that need it fail.
    Failing,
}

/// The state of the service and of each dependency it checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(remote = "Self")]
pub struct Health {
    /// `ok` when every check is `ok`.
    pub status: HealthStatus,
    /// The version of the running build.
    pub version: String,
    /// One entry per dependency checked.
    pub checks: Vec<HealthCheck>,
}

/// The result of checking one dependency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(remote = "Self")]
pub struct HealthCheck {
    /// What was checked, e.g. `store`.
    pub name: String,
    /// Its state.
    pub status: HealthStatus,
    /// How long the check took, in milliseconds.
    pub duration_ms: u64,
}

/// `GET /health`.
#[derive(Debug)]
pub struct GetHealth;

impl Endpoint for GetHealth {
    const OPERATION_ID: &'static str = "getHealth";
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/health";
    const TAG: &'static str = "health";
    const SUMMARY: &'static str = "Report whether the service and its dependencies work";
    const DESCRIPTION: &'static str = "Public and unversioned, for load balancers and uptime \
        checks. Answers 200 with `status: ok` when every check passes.";
    const SUCCESS: u16 = 200;
    const ERRORS: &'static [crate::error::ErrorCode] = &[];
    const AUTH: Auth = Auth::Public;

    type Path = NoParams;
    type Query = NoParams;
    type Request = NoBody;
    type Response = Health;
}

crate::object_only!(Health, HealthCheck);
