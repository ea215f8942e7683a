//! `cargo run --release -p charter-differ --example diff_files -- OLD NEW`: the differ alone,
//! file mode with JSON output, for timing and memory measurements without the xtask binary.

use std::process::ExitCode;

use charter_differ::{FailOn, Format, Options, compare_files, render};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base, head] = args.as_slice() else {
        eprintln!("usage: diff_files OLD NEW");
        return ExitCode::from(2);
    };
    match compare_files(base.as_ref(), head.as_ref()) {
        Ok(report) => {
            print!("{}", render(&report, Format::Json, Options::default()));
            ExitCode::from(u8::from(report.blocking(FailOn::Breaking) > 0))
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
