//! `cargo run --release -p charter-differ --example diff_files -- [--timings] [--max-bytes N] OLD NEW`:
//! the differ alone, file mode with JSON output on stdout, for timing and memory measurements
//! without a front end. Exit codes as the front ends' file mode: 0, 1 (blocking findings), 2
//! (unreadable input).
//!
//! `--timings` adds one line on stderr, for benchmarks to read:
//! `timings: load_ms=… diff_ms=… render_ms=… findings=… peak_rss_kb=…`, where load is reading
//! and checking both files (in parallel, as `compare_files` does), diff is the comparison and
//! render the JSON text; peak RSS is the process's own high-water mark (`VmHWM`). `--max-bytes`
//! raises the size limit of each document above `MAX_DOCUMENT_BYTES`, for the benchmark's
//! growth series only.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use charter_differ::load::MAX_DOCUMENT_BYTES;
use charter_differ::{
    Context, Document, FailOn, Format, LoadError, Options, Report, Stability, VersionReport, render,
};

fn main() -> ExitCode {
    let mut timings = false;
    let mut limit = MAX_DOCUMENT_BYTES;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--timings" => timings = true,
            "--max-bytes" => match args.next().and_then(|bytes| bytes.parse().ok()) {
                Some(bytes) => limit = bytes,
                None => return usage(),
            },
            _ => files.push(arg),
        }
    }
    let [base, head] = files.as_slice() else {
        return usage();
    };
    let start = Instant::now();
    let documents = std::thread::scope(|scope| {
        let base = scope.spawn(|| Document::read_with_limit(Path::new(base), limit));
        let head = Document::read_with_limit(Path::new(head), limit);
        (base.join(), head)
    });
    let (base, head) = match documents {
        (Ok(Ok(base)), Ok(head)) => (base, head),
        (Ok(Err(error)), _) | (_, Err(error)) => return fail(&error),
        (Err(panic), _) => std::panic::resume_unwind(panic),
    };
    let loaded = Instant::now();
    let name = head.name().to_owned();
    let version = VersionReport::compare(
        &name,
        Stability::Stable,
        Some(Arc::new(base)),
        Some(Arc::new(head)),
    );
    let report = Report::new(vec![version]);
    let compared = Instant::now();
    // JSON names no file or command, so the texts of the context do not show.
    let context =
        Context { command: "diff_files", waivers: "a waiver file", catalogue: "the catalogue" };
    let text = render(&report, Format::Json, Options::new(context));
    let rendered = Instant::now();
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    if timings {
        let millis = |from: Instant, to: Instant| to.duration_since(from).as_secs_f64() * 1e3;
        eprintln!(
            "timings: load_ms={:.1} diff_ms={:.1} render_ms={:.1} findings={} peak_rss_kb={}",
            millis(start, loaded),
            millis(loaded, compared),
            millis(compared, rendered),
            report.findings().count(),
            peak_rss_kb().map_or_else(|| "?".to_owned(), |kb| kb.to_string()),
        );
    }
    let code = ExitCode::from(u8::from(report.blocking(FailOn::Breaking) > 0));
    // As the front ends do: the process ends, the operating system reclaims the memory.
    std::mem::forget(report);
    code
}

fn usage() -> ExitCode {
    eprintln!("usage: diff_files [--timings] [--max-bytes N] OLD NEW");
    ExitCode::from(2)
}

fn fail(error: &LoadError) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(2)
}

/// `VmHWM` of `/proc/self/status`: the largest resident set this process has had, in KiB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
