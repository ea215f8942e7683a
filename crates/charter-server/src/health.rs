//! `GET /health` from the checks an application supplies, one per dependency.
//!
//! A check is an async function of the application's state that succeeds when its dependency
//! works: `|state: MyState| async move { state.db.ping().await }`. Register it with
//! [`Routes::health_check`](crate::Routes::health_check). `/health` runs every check at once,
//! each for at most [`CHECK_TIMEOUT`]; a check that fails, panics or runs out of time is
//! `failing`, and its reason goes to the log (never to the caller).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use charter_contract::health::{Health, HealthCheck, HealthStatus};
use serde_json::Map;

use crate::log::{self, Level};

/// How long one check may take before it counts as `failing`.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(3);

/// A check's future: `Err` says why the dependency does not work.
type CheckFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;

/// One named check over state `S`.
pub(crate) struct Check<S> {
    pub(crate) name: String,
    pub(crate) run: Arc<dyn Fn(S) -> CheckFuture + Send + Sync>,
}

impl<S> Clone for Check<S> {
    fn clone(&self) -> Self {
        Check { name: self.name.clone(), run: Arc::clone(&self.run) }
    }
}

impl<S> Check<S> {
    /// The check called `name` that runs `check`.
    pub(crate) fn new<F, Fut, E>(name: String, check: F) -> Self
    where
        F: Fn(S) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
        E: std::fmt::Display,
    {
        Check {
            name,
            run: Arc::new(move |state| {
                let running = check(state);
                Box::pin(async move { running.await.map_err(|error| error.to_string()) })
            }),
        }
    }
}

/// Runs every check against `state` at once and reports them in order, as build `version`.
pub(crate) async fn report<S: Clone + Send + 'static>(
    state: S,
    checks: &[Check<S>],
    version: &str,
) -> Health {
    let mut running = tokio::task::JoinSet::new();
    for (index, check) in checks.iter().enumerate() {
        let future = (check.run)(state.clone());
        running.spawn(async move {
            let started = Instant::now();
            let outcome = match tokio::time::timeout(CHECK_TIMEOUT, future).await {
                Ok(outcome) => outcome,
                Err(_) => Err(format!("no answer within {} s", CHECK_TIMEOUT.as_secs())),
            };
            (index, outcome, started.elapsed())
        });
    }
    let mut results: Vec<Option<(Result<(), String>, Duration)>> = vec![None; checks.len()];
    while let Some(joined) = running.join_next().await {
        // A panicking check leaves its slot empty: it is reported as failing below.
        if let Ok((index, outcome, took)) = joined
            && let Some(slot) = results.get_mut(index)
        {
            *slot = Some((outcome, took));
        }
    }
    let mut entries = Vec::with_capacity(checks.len());
    for (check, result) in checks.iter().zip(results) {
        let (outcome, took) =
            result.unwrap_or_else(|| (Err("the check panicked".to_owned()), Duration::ZERO));
        let status = match outcome {
            Ok(()) => HealthStatus::Ok,
            Err(reason) => {
                let mut fields = Map::new();
                fields.insert("message".into(), "health check failed".into());
                fields.insert("check".into(), check.name.clone().into());
                fields.insert("error".into(), reason.into());
                if let Some(trace_id) = log::current_trace_id() {
                    fields.insert("trace_id".into(), trace_id.into());
                }
                log::write_current(Level::Warn, fields);
                HealthStatus::Failing
            }
        };
        let duration_ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX);
        entries.push(HealthCheck { name: check.name.clone(), status, duration_ms });
    }
    let status = if entries.iter().all(|entry| entry.status == HealthStatus::Ok) {
        HealthStatus::Ok
    } else {
        HealthStatus::Failing
    };
    Health { status, version: version.to_owned(), checks: entries }
}
