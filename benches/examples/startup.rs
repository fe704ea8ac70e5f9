//! Time to the first match over the built-in gazetteer, as a new process sees it, for
//! each way a user writes it: `Matcher::builtin()`, `Matcher::new(Gazetteer::default())`
//! and `Matcher::new(Gazetteer::builtin().clone())`. Each measurement runs in a fresh
//! process (the data is loaded once per process), so this re-runs itself `RUNS` times a
//! way, the ways alternating.
//!
//! `cargo run --release -p newsgaz-benches --example startup`

use std::process::Command;
use std::time::Instant;

use newsgaz::{Gazetteer, Matcher};

const WAYS: [&str; 3] = [
    "Matcher::builtin()",
    "Matcher::new(Gazetteer::default())",
    "Matcher::new(Gazetteer::builtin().clone())",
];

fn main() {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some("--once") {
        let way: usize = args.next().and_then(|w| w.parse().ok()).expect("a way");
        let started = Instant::now();
        let matcher = match way {
            0 => Matcher::builtin(),
            1 => Matcher::new(Gazetteer::default()),
            _ => Matcher::new(Gazetteer::builtin().clone()),
        };
        assert_eq!(matcher.find_iter("Rain in Paris.").count(), 1);
        println!("{}", started.elapsed().as_secs_f64());
        return;
    }
    let runs: usize = std::env::var("RUNS").map_or(7, |r| r.parse().expect("RUNS"));
    let exe = std::env::current_exe().expect("own path");
    let mut times = vec![Vec::new(); WAYS.len()];
    for _ in 0..runs {
        for (way, times) in times.iter_mut().enumerate() {
            let out = Command::new(&exe)
                .args(["--once", &way.to_string()])
                .output()
                .expect("runs itself");
            let line = String::from_utf8(out.stdout).expect("UTF-8");
            times.push(line.trim().parse::<f64>().expect("seconds"));
        }
    }
    println!(
        "built-in gazetteer ({} entries), time to the first match in a fresh process (medians of {runs}):",
        Gazetteer::builtin().len()
    );
    for (way, times) in WAYS.iter().zip(&mut times) {
        times.sort_by(f64::total_cmp);
        println!("  {way}: {:.1} ms", times[times.len() / 2] * 1e3);
    }
}
