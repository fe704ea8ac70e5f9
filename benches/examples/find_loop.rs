//! Searches the joined BBC corpus with `find` over an alias list, again and again: a
//! target for `perf record` (nothing else runs in the process but the build).
//!
//! `cargo run --profile profiling -p newsgaz-benches --example find_loop -- ALIASES.txt [SECONDS]`

use std::time::{Duration, Instant};

use newsgaz::{CaseMode, Matcher, MatcherOptions};
use newsgaz_benches::{alias_gazetteer, bbc_articles, median_secs, read_aliases, shared_data};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: find_loop ALIASES.txt [SECONDS]");
    let seconds: f64 = args.next().map_or(10.0, |s| s.parse().expect("SECONDS"));
    let aliases = read_aliases(&path);
    let Some(data) = shared_data() else {
        std::process::exit(2)
    };
    let text = bbc_articles(&data).join("\n\n");
    let mut options = MatcherOptions::with_case(CaseMode::Insensitive);
    options.fold_diacritics = false;
    let matcher = Matcher::with_options(std::sync::Arc::new(alias_gazetteer(&aliases)), options);
    let (started, mut times, mut found) = (Instant::now(), Vec::new(), 0);
    while started.elapsed() < Duration::from_secs_f64(seconds) {
        let run = Instant::now();
        found = matcher.find_iter(&text).count();
        times.push(run.elapsed());
    }
    let median = median_secs(times);
    println!(
        "{found} matches, median {:.2} ms, {:.1} MB/s",
        median * 1e3,
        text.len() as f64 / median / 1e6
    );
}
