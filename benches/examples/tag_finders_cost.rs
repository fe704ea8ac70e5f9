//! The cost of the name finders in the whole `newsgaz tag` run: the BBC corpus (2,225
//! files; `--lossy`, for one is Latin-1) tagged on one thread with the built-in gazetteer, every finder on (people and
//! organisations found in the text, the default) against both off (`--no-people
//! --no-organisations`), in alternating rounds: each round's ratio is the figure to trust
//! on a shared machine. Whole processes: reading, parsing, annotating and writing JSON
//! Lines to /dev/null. Skips without `../shared/data`.
//!
//! `cargo build --release -p newsgaz-cli && cargo run --release -p newsgaz-benches
//! --example tag_finders_cost [-- ROUNDS]`

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

use newsgaz_benches::{runs_arg, shared_data};

fn main() {
    let Some(data) = shared_data() else { return };
    let bbc = data.join("bbc-news/bbc");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&bbc)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().flatten())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    if files.is_empty() {
        eprintln!("skipped: no BBC article under {}", bbc.display());
        return;
    }
    let cli = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/newsgaz");
    if !cli.exists() {
        eprintln!("build the CLI first: cargo build --release -p newsgaz-cli");
        std::process::exit(2);
    }
    let rounds = runs_arg(7);
    let run = |finders: bool| {
        let mut command = Command::new(&cli);
        command.args(["tag", "--lossy", "--threads", "1"]);
        if !finders {
            command.args(["--no-people", "--no-organisations"]);
        }
        command
            .args(&files)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let started = Instant::now();
        let status = command.status().expect("the CLI runs");
        assert!(status.success(), "newsgaz tag failed");
        started.elapsed().as_secs_f64()
    };
    let (mut on, mut off, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let a = run(true);
        let b = run(false);
        ratios.push(a / b);
        on.push(a);
        off.push(b);
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "{} files, `newsgaz tag --lossy --threads 1`, median of {rounds} rounds:",
        files.len()
    );
    println!("  finders on:  {:.3} s", median(on));
    println!("  finders off: {:.3} s", median(off));
    let mut sorted = ratios.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "  time on/off per round: median {:.2}, min {:.2}, max {:.2}",
        sorted[rounds / 2],
        sorted[0],
        sorted[rounds - 1]
    );
}
