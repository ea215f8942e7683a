//! One structured JSON line per request, and one per internal error, on a shared sink.

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};

/// Where log lines go: standard output by default; tests pass a buffer.
#[derive(Clone)]
pub struct LogSink(Arc<Mutex<Box<dyn Write + Send>>>);

impl LogSink {
    /// Lines go to standard output.
    #[must_use]
    pub fn stdout() -> Self {
        Self::to(std::io::stdout())
    }

    /// Lines go to `writer`.
    pub fn to(writer: impl Write + Send + 'static) -> Self {
        LogSink(Arc::new(Mutex::new(Box::new(writer))))
    }

    /// Writes one JSON object as a line, with the time and level first.
    pub(crate) fn line(&self, level: &str, fields: Map<String, Value>) {
        let mut object = Map::new();
        object.insert(
            "time".into(),
            chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true).into(),
        );
        object.insert("level".into(), level.into());
        object.extend(fields);
        let mut writer = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // A log line that cannot be written must not fail the request.
        let _ = writeln!(writer, "{}", Value::Object(object));
        let _ = writer.flush();
    }
}

impl std::fmt::Debug for LogSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LogSink")
    }
}
