//! Time to load a compiled gazetteer file (`newsgaz gazetteer compile`) into a ready
//! matcher: the median of `RUNS` loads (default 7) in this process, for profiling the
//! loader alone.
//!
//! `cargo run --release -p newsgaz-benches --example load -- FILE.ngz`

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: load FILE.ngz");
    let runs: usize = std::env::var("RUNS").map_or(7, |r| r.parse().expect("RUNS"));
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let matcher = newsgaz::Matcher::from_compiled_path(&path).expect("a compiled file");
        times.push(started.elapsed().as_secs_f64());
        assert!(matcher.find_iter("a").count() < usize::MAX);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "loaded {path} in {:.3} s (median of {runs})",
        times[runs / 2]
    );
}
