//! Builds a matcher from a million aliases and reports the build time and the resident
//! memory the matcher and the gazetteer keep; run it under `/usr/bin/time -v` for the peak.
//!
//! Then it compiles the matcher (`Matcher::to_compiled`), writes the file (to
//! `$MILLION_COMPILED`, or a temporary file), and loads it back: compile time, file size,
//! load time (median of `RUNS`), the loaded matcher's resident memory and its search
//! throughput, which must find what the built one found.
//!
//! `cargo run --release -p newsgaz-benches --example million [-- ALIASES [unanchored]]`
//! (`unanchored`: the aho-corasick scan instead of the word-start radix tree).

use std::time::Instant;

use newsgaz::CaseMode;
use newsgaz_benches::{large_gazetteer, median_secs, resident_bytes, text};

fn main() {
    let aliases: usize = std::env::args()
        .nth(1)
        .map_or(1_000_000, |n| n.parse().expect("ALIASES"));
    let started = Instant::now();
    let before_gazetteer = resident_bytes();
    let gazetteer = large_gazetteer(aliases, 3);
    let gazetteer_bytes = resident_bytes().saturating_sub(before_gazetteer);
    println!(
        "generated {} entries, {aliases} aliases in {:.2} s",
        gazetteer.len(),
        started.elapsed().as_secs_f64()
    );
    let sample = text(&gazetteer, 1_000_000, 5);
    let before_matcher = resident_bytes();
    let started = Instant::now();
    let unanchored = std::env::args().nth(2).is_some_and(|a| a == "unanchored");
    let matcher = newsgaz_benches::matcher(gazetteer, CaseMode::Smart, unanchored);
    let engine = if unanchored {
        "unanchored aho-corasick scan"
    } else {
        "word-start radix tree"
    };
    let build = started.elapsed().as_secs_f64();
    let matcher_bytes = resident_bytes().saturating_sub(before_matcher);
    println!(
        "built the matcher ({engine}) in {build:.2} s; resident: matcher {:.0} bytes per alias, \
         gazetteer {:.0} bytes per alias",
        matcher_bytes as f64 / aliases as f64,
        gazetteer_bytes as f64 / aliases as f64,
    );
    let runs: usize = std::env::var("RUNS").map_or(5, |r| r.parse().expect("RUNS"));
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..runs {
        let started = Instant::now();
        found = matcher.find_iter(&sample).count();
        times.push(started.elapsed());
    }
    let secs = median_secs(times);
    println!(
        "searched {:.2} MB in {secs:.3} s (median of {runs}) = {:.1} MB/s; {found} mentions",
        sample.len() as f64 / 1e6,
        sample.len() as f64 / 1e6 / secs
    );

    let started = Instant::now();
    let bytes = matcher.to_compiled();
    let compile = started.elapsed().as_secs_f64();
    let path = std::env::var_os("MILLION_COMPILED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("million-{}.ngz", std::process::id()))
        });
    std::fs::write(&path, &bytes).expect("writes the compiled file");
    println!(
        "compiled in {compile:.2} s: {} = {:.1} MB ({:.0} bytes per alias)",
        path.display(),
        bytes.len() as f64 / 1e6,
        bytes.len() as f64 / aliases as f64
    );
    drop(bytes);
    drop(matcher);
    let before_load = resident_bytes();
    let mut loads = Vec::new();
    let mut loaded = None;
    for _ in 0..runs {
        drop(loaded.take());
        let started = Instant::now();
        loaded = Some(newsgaz::Matcher::from_compiled_path(&path).expect("loads"));
        loads.push(started.elapsed());
    }
    let loaded = loaded.expect("one run at least");
    let loaded_bytes = resident_bytes().saturating_sub(before_load);
    let mut times = Vec::new();
    let mut again = 0;
    for _ in 0..runs {
        let started = Instant::now();
        again = loaded.find_iter(&sample).count();
        times.push(started.elapsed());
    }
    assert_eq!(
        again, found,
        "the loaded matcher finds what the built one found"
    );
    let search = median_secs(times);
    println!(
        "loaded in {:.3} s (median of {runs}); resident: matcher and gazetteer {:.0} bytes per alias; searched {:.1} MB/s",
        median_secs(loads),
        loaded_bytes as f64 / aliases as f64,
        sample.len() as f64 / 1e6 / search
    );
    if std::env::var_os("MILLION_COMPILED").is_none() {
        let _ = std::fs::remove_file(&path);
    }
}
