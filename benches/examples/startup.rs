//! Time to a ready matcher over the built-in gazetteer, as a new process sees it: the
//! embedded data read and parsed, then the matcher built. Each measurement runs in a fresh
//! process (the data is parsed once per process), so this re-runs itself `RUNS` times.
//!
//! `cargo run --release -p newsgaz-benches --example startup`

use std::process::Command;
use std::time::Instant;

use newsgaz::{Gazetteer, Matcher};

fn main() {
    if std::env::args().nth(1).as_deref() == Some("--once") {
        let started = Instant::now();
        let gazetteer = Gazetteer::builtin();
        let parsed = started.elapsed().as_secs_f64();
        let matcher = Matcher::new(gazetteer.clone());
        let ready = started.elapsed().as_secs_f64();
        assert!(matcher.find_iter("Paris").count() == 1);
        println!("{parsed} {ready}");
        return;
    }
    let runs: usize = std::env::var("RUNS").map_or(7, |r| r.parse().expect("RUNS"));
    let exe = std::env::current_exe().expect("own path");
    let mut parsed = Vec::new();
    let mut ready = Vec::new();
    for _ in 0..runs {
        let out = Command::new(&exe)
            .arg("--once")
            .output()
            .expect("runs itself");
        let line = String::from_utf8(out.stdout).expect("UTF-8");
        let mut fields = line
            .split_whitespace()
            .map(|f| f.parse::<f64>().expect("seconds"));
        parsed.push(fields.next().expect("parse time"));
        ready.push(fields.next().expect("ready time"));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "built-in gazetteer ({} entries): loaded in {:.1} ms, matcher ready in {:.1} ms (medians of {runs} processes)",
        Gazetteer::builtin().len(),
        median(&mut parsed) * 1e3,
        median(&mut ready) * 1e3
    );
}
