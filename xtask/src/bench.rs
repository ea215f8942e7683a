//! `cargo xtask bench`: the differ at real-world scale. It reports numbers and never judges
//! them; there is no timed test anywhere.
//!
//! The workload is GitHub's published REST description (OpenAPI 3.0.3, 11-13 MB, 600-800
//! paths) at three versions, fetched by `../shared/bench/github-specs.sh` into
//! `target/bench-data/` when missing (never committed). For 19.0.0 -> 23.0.2 and
//! 16.0.0 -> 23.0.2 it runs the release builds, each several times, and prints medians:
//!
//! - the differ alone (the `diff_files` example with `--timings`): load (read and check both
//!   files, in parallel), diff, render (JSON), and the wall time of the process from start to
//!   exit with its JSON output written;
//! - the user-facing `xtask diff-contract --base-file … --head-file … --format json`: wall time;
//! - peak memory of each process (its maximum RSS, from GNU time's `%M`, i.e. `wait4`);
//! - in the same run, Python's `json.load` of the same two files (timed inside Python), and the
//!   Python process's wall time.
//!
//! A third row does the same for a synthetic pair: the emitted billing documents (v1, and v2
//! with its paths renamed to match) copied 380 times, about 12 MB each: many small components
//! and some 17,000 findings, where GitHub's pair has large shared components and 2,800.
//!
//! OpenAPI 3.1: 19.0.0 and 23.0.2 rewritten in 3.1's spelling (`target/bench-data/openapi-3.1/`):
//! the pair in 3.1 against the pair in 3.0 (time, memory, the same breaking findings), and
//! 19.0.0 in 3.0 against its own 3.1 form (no finding).
//!
//! Growth: the pair 19.0.0 -> 23.0.2 copied 1, 4 and 16 times into one document (every copy's
//! paths under a new prefix, its components renamed and its `$ref`s rewritten to them), written
//! minified to `target/bench-data/growth/`, so time and memory per megabyte show whether the
//! cost is linear. At 16x the documents exceed the 64 MiB limit, so the growth series raises it
//! with the example's `--max-bytes`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context as _, bail};
use charter_differ::respell::to_openapi_31;
use serde_json::{Map, Value};

/// The tasks of this repository only: Charter's own benchmark, over the billing example.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Task {
    /// Measure the differ on GitHub's REST description (fetched into target/bench-data when
    /// missing): load, diff, total time and peak memory against Python's json.load, and growth
    /// at 1x, 4x and 16x. Reports numbers, asserts nothing.
    Bench(Args),
}

/// Flags of `cargo xtask bench`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Runs per measurement; the tables show medians.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Runs per growth measurement (16x takes seconds per run).
    #[arg(long, default_value_t = 3)]
    growth_runs: usize,
    /// Skip the growth series.
    #[arg(long)]
    no_growth: bool,
    /// Where GitHub's descriptions are (and are downloaded to when missing).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
}

const PAIRS: [(&str, &str); 2] = [("19.0.0", "23.0.2"), ("16.0.0", "23.0.2")];
const SCALES: [usize; 3] = [1, 4, 16];
/// Where the download script lives, relative to the workspace root.
const FETCH_SCRIPT: &str = "../shared/bench/github-specs.sh";

/// Runs `task` in the workspace at `root` (the billing workspace, found from the current
/// directory).
pub(crate) fn run(task: Task, root: &Path) -> anyhow::Result<std::process::ExitCode> {
    let Task::Bench(args) = task;
    let runs = args.runs.max(1);
    let data = args.data.clone().unwrap_or_else(|| root.join("target/bench-data"));
    fetch(root, &data)?;
    let binaries = build(root)?;
    let time = Path::new("/usr/bin/time");
    let time = time.exists().then_some(time);
    if time.is_none() {
        eprintln!(
            "note: /usr/bin/time (GNU time) is missing: peak memory of xtask is not measured"
        );
    }
    println!(
        "## GitHub's REST description, release build, medians of {runs} runs ({} cores)\n",
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    println!(
        "| pair | size (base + head) | load | diff | render | total, differ alone | total, xtask diff-contract | findings | peak RSS, differ alone | peak RSS, xtask | Python json.load | Python process |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let mut rows: Vec<(String, PathBuf, PathBuf)> = PAIRS
        .iter()
        .map(|(old, new)| {
            let file = |version: &str| data.join(format!("github-{version}.json"));
            (format!("{old} -> {new}"), file(old), file(new))
        })
        .collect();
    let (base, head) = synthetic(root, &data)?;
    rows.push((format!("billing v1 -> v2, {SYNTHETIC_COPIES}x (synthetic)"), base, head));
    for (label, base, head) in &rows {
        let differ = measure_differ(&binaries.differ, base, head, &[], runs, time)?;
        let xtask = measure_xtask(&binaries.xtask, base, head, runs, time)?;
        let python = measure_python(base, head, runs);
        println!(
            "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            megabytes(&[base, head]),
            ms(differ.load),
            ms(differ.diff),
            ms(differ.render),
            ms(differ.wall),
            ms(xtask.wall),
            differ.findings,
            mib(differ.peak_kb),
            mib(xtask.peak_kb),
            python.as_ref().map_or_else(|_| "n/a".to_owned(), |p| ms(p.load)),
            python.as_ref().map_or_else(|_| "n/a".to_owned(), |p| ms(p.wall)),
        );
        if xtask.findings != differ.findings {
            eprintln!(
                "note: {label}: xtask reported {} findings, the differ alone {}",
                xtask.findings, differ.findings
            );
        }
        if let Err(error) = python {
            eprintln!("note: Python not measured: {error:#}");
        }
    }
    println!(
        "\nload: reading and checking both files (in parallel); total: process start to exit, \
         JSON written to a file; peak RSS: the process's maximum resident set (GNU time %M)."
    );
    spelled_31(&binaries, &data, runs, time)?;
    if !args.no_growth {
        growth(&binaries, &data, args.growth_runs.max(1), time)?;
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// The pair of the first row and its base, rewritten in OpenAPI 3.1's spelling (`to_openapi_31`):
/// 19.0.0 -> 23.0.2 in 3.1 against the same pair in 3.0 (time, memory, and whether the breaking
/// findings are the same), and 19.0.0 in 3.0 against its own 3.1 form (no finding expected).
fn spelled_31(
    binaries: &Binaries,
    data: &Path,
    runs: usize,
    time: Option<&Path>,
) -> anyhow::Result<()> {
    let (old, new) = PAIRS[0];
    let original = |version: &str| data.join(format!("github-{version}.json"));
    let rewrite = |version: &str| -> anyhow::Result<PathBuf> {
        let out = data.join("openapi-3.1").join(format!("github-{version}.json"));
        std::fs::create_dir_all(out.parent().unwrap_or(data))?;
        let document = to_openapi_31(read_json(&original(version))?);
        let writer = std::io::BufWriter::new(std::fs::File::create(&out)?);
        serde_json::to_writer_pretty(writer, &document)?;
        Ok(out)
    };
    let (old_31, new_31) = (rewrite(old)?, rewrite(new)?);
    println!("\n## The same descriptions in OpenAPI 3.1's spelling, medians of {runs} runs\n");
    println!(
        "| pair | size (base + head) | load | diff | render | total, differ alone | total, xtask diff-contract | findings | breaking | peak RSS, differ alone | peak RSS, xtask |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    let rows = [
        (format!("{old} -> {new}, 3.0"), original(old), original(new)),
        (format!("{old} -> {new}, 3.1"), old_31.clone(), new_31),
        (format!("{old}, 3.0 -> its 3.1 form"), original(old), old_31),
    ];
    let mut breaking = Vec::new();
    for (label, base, head) in &rows {
        let differ = measure_differ(&binaries.differ, base, head, &[], runs, time)?;
        let xtask = measure_xtask(&binaries.xtask, base, head, runs, time)?;
        let found = breaking_findings(&scratch(base, "xtask")?)?;
        println!(
            "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            megabytes(&[base, head]),
            ms(differ.load),
            ms(differ.diff),
            ms(differ.render),
            ms(differ.wall),
            ms(xtask.wall),
            differ.findings,
            found.len(),
            mib(differ.peak_kb),
            mib(xtask.peak_kb),
        );
        breaking.push(found);
    }
    if let [in_30, in_31, _] = breaking.as_slice() {
        let only_30: Vec<_> = in_30.difference(in_31).collect();
        let only_31: Vec<_> = in_31.difference(in_30).collect();
        println!(
            "\nBreaking findings of {old} -> {new}: {} in 3.0, {} in 3.1; only in 3.0: {}, only in \
             3.1: {}",
            in_30.len(),
            in_31.len(),
            only_30.len(),
            only_31.len()
        );
        for (side, list) in [("3.0", &only_30), ("3.1", &only_31)] {
            for finding in list.iter().take(10) {
                println!("  only in {side}: {finding}");
            }
        }
    }
    Ok(())
}

/// The breaking findings of a JSON report, as `id method path pointer`: one per operation
/// that reaches a change whose rule is breaking (`format_version` 2 lists each change once,
/// its operations in the version's `operation_lists`).
fn breaking_findings(report: &Path) -> anyhow::Result<std::collections::BTreeSet<String>> {
    let report = read_json(report)?;
    let changes = report.pointer("/versions/0/changes").and_then(Value::as_array);
    let lists = report.pointer("/versions/0/operation_lists").and_then(Value::as_array);
    let text = |value: &Value, key: &str| {
        value.get(key).and_then(Value::as_str).unwrap_or_default().to_owned()
    };
    let mut found = std::collections::BTreeSet::new();
    for change in changes.into_iter().flatten() {
        if change.get("level").and_then(Value::as_str) != Some("breaking") {
            continue;
        }
        let operations = change
            .get("operation_list")
            .and_then(Value::as_u64)
            .and_then(|list| lists?.get(usize::try_from(list).ok()?)?.as_array());
        let (id, pointer) = (text(change, "id"), text(change, "pointer"));
        match operations {
            Some(operations) => found.extend(operations.iter().map(|operation| {
                format!("{id} {} {} {pointer}", text(operation, "method"), text(operation, "path"))
            })),
            None => {
                found.insert(format!("{id}   {pointer}"));
            }
        }
    }
    Ok(found)
}

/// How many times the synthetic row copies the emitted billing documents (about 12 MB each).
const SYNTHETIC_COPIES: usize = 380;

/// The synthetic pair: the emitted v1 document, and v2 with its `/v2/` paths renamed `/v1/`
/// (so its operations match v1's and their differences are found), each copied
/// [`SYNTHETIC_COPIES`] times like the growth series. Many small components and many findings:
/// a different shape of work from GitHub's description.
fn synthetic(root: &Path, data: &Path) -> anyhow::Result<(PathBuf, PathBuf)> {
    let dir = data.join("synthetic");
    std::fs::create_dir_all(&dir)?;
    let read = |version: &str| read_json(&root.join(charter_xtask::document_path(version)));
    let base = read("v1")?;
    let mut head = read("v2")?;
    if let Some(paths) = head.get_mut("paths").and_then(Value::as_object_mut) {
        let renamed: Map<String, Value> = std::mem::take(paths)
            .into_iter()
            .map(|(path, item)| (path.replacen("/v2/", "/v1/", 1), item))
            .collect();
        *paths = renamed;
    }
    let files = [dir.join("base.json"), dir.join("head.json")];
    write_copies([&base, &head], &files, SYNTHETIC_COPIES, true)?;
    let [base, head] = files;
    Ok((base, head))
}

/// Downloads the descriptions with the shared script when one is missing.
fn fetch(root: &Path, data: &Path) -> anyhow::Result<()> {
    let missing = ["16.0.0", "19.0.0", "23.0.2"]
        .iter()
        .any(|version| !data.join(format!("github-{version}.json")).is_file());
    if !missing {
        return Ok(());
    }
    let script = root.join(FETCH_SCRIPT);
    if !script.is_file() {
        bail!(
            "GitHub's REST descriptions are missing from {} and {} is not there to fetch them: \
             put the files github-16.0.0.json, github-19.0.0.json and github-23.0.2.json there \
             (each is package/generated/api.github.com.json of `npm pack @octokit/openapi@<version>`)",
            data.display(),
            script.display()
        );
    }
    eprintln!(
        "fetching GitHub's REST descriptions into {} with {}",
        data.display(),
        script.display()
    );
    let status = Command::new("bash")
        .arg(&script)
        .arg(data)
        .current_dir(root)
        .status()
        .with_context(|| format!("running {}", script.display()))?;
    if !status.success() {
        bail!("{} failed ({status}); it needs npm and the npm registry", script.display());
    }
    Ok(())
}

struct Binaries {
    differ: PathBuf,
    xtask: PathBuf,
}

/// Builds the release `diff_files` example and `xtask` binary, and finds them in cargo's output.
fn build(root: &Path) -> anyhow::Result<Binaries> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("building the release binaries (cargo build --release)…");
    let output = Command::new(cargo)
        .args(["build", "--release", "--message-format=json-render-diagnostics"])
        .args(["-p", "charter-differ", "--example", "diff_files", "-p", "xtask", "--bin", "xtask"])
        .current_dir(root)
        .stderr(Stdio::inherit())
        .output()
        .context("running cargo build --release")?;
    if !output.status.success() {
        bail!("cargo build --release failed ({})", output.status);
    }
    let (mut differ, mut xtask) = (None, None);
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else { continue };
        let name = message.pointer("/target/name").and_then(Value::as_str);
        let executable = message.get("executable").and_then(Value::as_str).map(PathBuf::from);
        match (name, executable) {
            (Some("diff_files"), Some(path)) => differ = Some(path),
            (Some("xtask"), Some(path)) => xtask = Some(path),
            _ => {}
        }
    }
    match (differ, xtask) {
        (Some(differ), Some(xtask)) => Ok(Binaries { differ, xtask }),
        _ => bail!("cargo build did not report the diff_files and xtask executables"),
    }
}

/// Medians of one measured command.
#[derive(Default)]
struct Measured {
    load: f64,
    diff: f64,
    render: f64,
    wall: f64,
    findings: usize,
    peak_kb: Option<u64>,
}

/// One run of a command: wall time in milliseconds, peak RSS, stderr.
struct Run {
    wall: f64,
    peak_kb: Option<u64>,
    stderr: String,
}

/// Runs `program` with `args`, stdout to `output`, under GNU time when available.
fn run_once(
    program: &Path,
    args: &[&std::ffi::OsStr],
    output: &Path,
    time: Option<&Path>,
) -> anyhow::Result<Run> {
    let peak_file = output.with_extension("rss");
    let mut command = match time {
        Some(time) => {
            let mut command = Command::new(time);
            command.args(["-f", "%M", "-o"]).arg(&peak_file).arg(program);
            command
        }
        None => Command::new(program),
    };
    command.args(args).stdin(Stdio::null()).stderr(Stdio::piped());
    command.stdout(std::fs::File::create(output).with_context(|| output.display().to_string())?);
    let start = Instant::now();
    let child = command.output().with_context(|| format!("running {}", program.display()))?;
    let wall = start.elapsed().as_secs_f64() * 1e3;
    let stderr = String::from_utf8_lossy(&child.stderr).into_owned();
    // 0: nothing blocks, 1: findings block; anything else is a failure.
    if !matches!(child.status.code(), Some(0 | 1)) {
        bail!("{} failed ({}): {stderr}", program.display(), child.status);
    }
    let peak_kb = time
        .and_then(|_| std::fs::read_to_string(&peak_file).ok())
        .and_then(|text| text.lines().last().and_then(|line| line.trim().parse().ok()));
    Ok(Run { wall, peak_kb, stderr })
}

fn measure_differ(
    program: &Path,
    base: &Path,
    head: &Path,
    extra: &[&str],
    runs: usize,
    time: Option<&Path>,
) -> anyhow::Result<Measured> {
    let output = scratch(base, "differ")?;
    let mut args: Vec<&std::ffi::OsStr> = vec!["--timings".as_ref()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.extend([base.as_os_str(), head.as_os_str()]);
    let (mut load, mut diff, mut render, mut wall, mut peak) =
        (vec![], vec![], vec![], vec![], vec![]);
    let mut findings = 0;
    for _ in 0..runs {
        let run = run_once(program, &args, &output, time)?;
        let field = |key: &str| -> Option<f64> {
            let line = run.stderr.lines().find(|line| line.starts_with("timings:"))?;
            let value = line.split_whitespace().find_map(|part| part.strip_prefix(key))?;
            value.parse().ok()
        };
        load.push(field("load_ms=").context("no timings line from diff_files")?);
        diff.push(field("diff_ms=").unwrap_or_default());
        render.push(field("render_ms=").unwrap_or_default());
        findings = field("findings=").map_or(0, |count| count as usize);
        wall.push(run.wall);
        // GNU time's figure, else the process's own high-water mark.
        if let Some(kb) = run.peak_kb.or_else(|| field("peak_rss_kb=").map(|kb| kb as u64)) {
            peak.push(kb as f64);
        }
    }
    Ok(Measured {
        load: median(&mut load),
        diff: median(&mut diff),
        render: median(&mut render),
        wall: median(&mut wall),
        findings,
        peak_kb: (!peak.is_empty()).then(|| median(&mut peak) as u64),
    })
}

fn measure_xtask(
    program: &Path,
    base: &Path,
    head: &Path,
    runs: usize,
    time: Option<&Path>,
) -> anyhow::Result<Measured> {
    let output = scratch(base, "xtask")?;
    let args: Vec<&std::ffi::OsStr> = vec![
        "diff-contract".as_ref(),
        "--base-file".as_ref(),
        base.as_os_str(),
        "--head-file".as_ref(),
        head.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ];
    let (mut wall, mut peak) = (vec![], vec![]);
    for _ in 0..runs {
        let run = run_once(program, &args, &output, time)?;
        wall.push(run.wall);
        if let Some(kb) = run.peak_kb {
            peak.push(kb as f64);
        }
    }
    let report: Value = serde_json::from_slice(&std::fs::read(&output)?)
        .with_context(|| format!("{}: not the JSON report", output.display()))?;
    // The JSON report (`format_version` 2) groups findings by change; its counts still count
    // findings, one per operation reaching a change.
    let findings = ["breaking", "warning", "info", "waived"]
        .iter()
        .filter_map(|level| report.pointer(&format!("/versions/0/counts/{level}"))?.as_u64())
        .sum::<u64>() as usize;
    Ok(Measured {
        wall: median(&mut wall),
        findings,
        peak_kb: (!peak.is_empty()).then(|| median(&mut peak) as u64),
        ..Measured::default()
    })
}

/// Python's `json.load` of both files, timed inside Python, and the process's wall time.
struct Python {
    load: f64,
    wall: f64,
}

const PYTHON: &str = "import json, sys, time\n\
start = time.perf_counter()\n\
for name in sys.argv[1:]:\n    with open(name, 'rb') as f:\n        json.load(f)\n\
print((time.perf_counter() - start) * 1000)\n";

fn measure_python(base: &Path, head: &Path, runs: usize) -> anyhow::Result<Python> {
    let (mut load, mut wall) = (vec![], vec![]);
    for _ in 0..runs {
        let start = Instant::now();
        let output = Command::new("python3")
            .args(["-c", PYTHON])
            .args([base, head])
            .output()
            .context("running python3")?;
        wall.push(start.elapsed().as_secs_f64() * 1e3);
        if !output.status.success() {
            bail!("python3 failed: {}", String::from_utf8_lossy(&output.stderr));
        }
        let text = String::from_utf8_lossy(&output.stdout);
        load.push(text.trim().parse::<f64>().context("python3 printed no time")?);
    }
    Ok(Python { load: median(&mut load), wall: median(&mut wall) })
}

/// The growth series: time and memory at 1x, 4x and 16x.
fn growth(
    binaries: &Binaries,
    data: &Path,
    runs: usize,
    time: Option<&Path>,
) -> anyhow::Result<()> {
    let dir = data.join("growth");
    std::fs::create_dir_all(&dir)?;
    let (old, new) = PAIRS[0];
    let sources =
        [data.join(format!("github-{old}.json")), data.join(format!("github-{new}.json"))];
    let mut parsed: Option<[Value; 2]> = None;
    println!(
        "\n## Growth: {old} -> {new} copied k times into one document (paths under new prefixes, \
         components renamed), minified; medians of {runs} runs\n"
    );
    println!(
        "| k | size (base + head) | load | diff | render | total | findings | peak RSS | total per MB | RSS per MB | Python json.load |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for k in SCALES {
        let files = [dir.join(format!("base-{k}x.json")), dir.join(format!("head-{k}x.json"))];
        if files.iter().any(|file| !file.is_file()) {
            let [base, head] = match &mut parsed {
                Some(documents) => &*documents,
                None => {
                    eprintln!("generating the growth documents in {}…", dir.display());
                    parsed.insert([read_json(&sources[0])?, read_json(&sources[1])?])
                }
            };
            write_copies([base, head], &files, k, false)?;
        }
        let bytes = total_bytes(&[&files[0], &files[1]]);
        let limit = (bytes + 1).to_string();
        let differ = measure_differ(
            &binaries.differ,
            &files[0],
            &files[1],
            &["--max-bytes", &limit],
            runs,
            time,
        )?;
        let python = measure_python(&files[0], &files[1], runs);
        #[allow(clippy::cast_precision_loss)]
        let megabytes = bytes as f64 / 1e6;
        println!(
            "| {k}x | {megabytes:.1} MB | {} | {} | {} | {} | {} | {} | {:.1} ms | {} | {} |",
            ms(differ.load),
            ms(differ.diff),
            ms(differ.render),
            ms(differ.wall),
            differ.findings,
            mib(differ.peak_kb),
            differ.wall / megabytes,
            differ.peak_kb.map_or_else(
                || "n/a".to_owned(),
                |kb| format!("{:.1} MiB", kb as f64 / 1024.0 / megabytes)
            ),
            python.as_ref().map_or_else(|_| "n/a".to_owned(), |p| ms(p.load)),
        );
    }
    Ok(())
}

/// `document` with its paths and components copied `k` times: copy 0 is the document itself,
/// copy i > 0 has its paths under `/copy{i}` and its components renamed `{name}-copy{i}`, with
/// every local `$ref` (and discriminator mapping) rewritten to the renamed components.
fn copies(document: &Value, k: usize) -> Value {
    let mut out = document.clone();
    let Some(object) = out.as_object_mut() else { return out };
    let paths = document.get("paths").and_then(Value::as_object).cloned().unwrap_or_default();
    let components =
        document.get("components").and_then(Value::as_object).cloned().unwrap_or_default();
    let mut all_paths = paths.clone();
    let mut all_components = components.clone();
    for copy in 1..k {
        let suffix = format!("-copy{copy}");
        for (path, item) in &paths {
            let mut item = item.clone();
            rename_refs(&mut item, &suffix);
            all_paths.insert(format!("/copy{copy}{path}"), item);
        }
        for (kind, entries) in &components {
            let Some(entries) = entries.as_object() else { continue };
            let Some(Value::Object(target)) = all_components.get_mut(kind) else { continue };
            for (name, value) in entries {
                let mut value = value.clone();
                rename_refs(&mut value, &suffix);
                target.insert(format!("{name}{suffix}"), value);
            }
        }
    }
    object.insert("paths".to_owned(), Value::Object(all_paths));
    object.insert("components".to_owned(), Value::Object(all_components));
    out
}

/// Rewrites `#/components/<kind>/<name>…` strings to `#/components/<kind>/<name><suffix>…`.
fn rename_refs(value: &mut Value, suffix: &str) {
    match value {
        Value::String(text) => {
            if let Some(rest) = text.strip_prefix("#/components/")
                && let Some((kind, name)) = rest.split_once('/')
            {
                let (name, tail) = name.split_once('/').map_or((name, ""), |(n, t)| (n, t));
                let tail = if tail.is_empty() { String::new() } else { format!("/{tail}") };
                *text = format!("#/components/{kind}/{name}{suffix}{tail}");
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rename_refs(item, suffix)),
        Value::Object(map) => rename_map(map, suffix),
        _ => {}
    }
}

fn rename_map(map: &mut Map<String, Value>, suffix: &str) {
    for value in map.values_mut() {
        rename_refs(value, suffix);
    }
}

/// Where a command's stdout goes.
fn scratch(input: &Path, what: &str) -> anyhow::Result<PathBuf> {
    let dir = input.parent().unwrap_or(Path::new(".")).join("out");
    std::fs::create_dir_all(&dir)?;
    let stem = input.file_stem().and_then(|stem| stem.to_str()).unwrap_or("input");
    Ok(dir.join(format!("{stem}-{what}.json")))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn ms(millis: f64) -> String {
    format!("{millis:.0} ms")
}

fn mib(kb: Option<u64>) -> String {
    kb.map_or_else(|| "n/a".to_owned(), |kb| format!("{:.0} MiB", kb as f64 / 1024.0))
}

fn read_json(path: &Path) -> anyhow::Result<Value> {
    let bytes = std::fs::read(path).with_context(|| path.display().to_string())?;
    Ok(serde_json::from_slice(&bytes)?)
}

/// Writes each document copied `k` times (see [`copies`]) to its file, indented or minified.
fn write_copies(
    documents: [&Value; 2],
    files: &[PathBuf; 2],
    k: usize,
    pretty: bool,
) -> anyhow::Result<()> {
    for (document, file) in documents.into_iter().zip(files) {
        let copied = copies(document, k);
        let writer = std::io::BufWriter::new(std::fs::File::create(file)?);
        if pretty {
            serde_json::to_writer_pretty(writer, &copied)?;
        } else {
            serde_json::to_writer(writer, &copied)?;
        }
    }
    Ok(())
}

fn total_bytes(files: &[&Path]) -> u64 {
    files.iter().map(|file| file.metadata().map_or(0, |m| m.len())).sum()
}

fn megabytes(files: &[&Path]) -> String {
    let bytes = total_bytes(files);
    #[allow(clippy::cast_precision_loss)]
    let megabytes = bytes as f64 / 1e6;
    format!("{megabytes:.1} MB")
}
