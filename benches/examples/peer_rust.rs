//! The Rust side of the peer comparison (`benches/peers/run.sh`): newsgaz's `find` and the
//! raw aho-corasick crate over the joined BBC corpus, with the alias list the Python peers
//! get. Prints one JSON line.
//!
//! `cargo run --release -p newsgaz-benches --example peer_rust -- ALIASES.txt [RUNS]`

use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};
use newsgaz::{AnnotateOptions, Annotator, CaseMode, Matcher, MatcherOptions};
use newsgaz_benches::{
    alias_gazetteer, bbc_articles, median_secs, read_aliases, resident_bytes, shared_data,
};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: peer_rust ALIASES.txt [RUNS]");
    let runs: usize = args.next().map_or(5, |r| r.parse().expect("RUNS"));
    let aliases = read_aliases(&path);
    let Some(data) = shared_data() else {
        std::process::exit(2)
    };
    let text = bbc_articles(&data).join("\n\n");
    let time = |f: &mut dyn FnMut() -> usize| {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..runs {
            let started = Instant::now();
            found = f();
            times.push(started.elapsed());
        }
        (median_secs(times), found)
    };

    let before_gazetteer = resident_bytes();
    let gazetteer = std::sync::Arc::new(alias_gazetteer(&aliases));
    let before = resident_bytes();
    let gazetteer_bytes = before.saturating_sub(before_gazetteer);
    let started = Instant::now();
    let mut options = MatcherOptions::with_case(CaseMode::Insensitive);
    options.fold_diacritics = false;
    let insensitive = Matcher::with_options(gazetteer.clone(), options);
    let build_s = started.elapsed().as_secs_f64();
    let matcher_bytes = resident_bytes().saturating_sub(before);
    let (find_s, matches) = time(&mut || insensitive.find_iter(&text).count());
    // The records Python's `find` converts: matches only, as mention records.
    let plain = Annotator::with_options(insensitive, AnnotateOptions::plain());
    let (records_s, _) = time(&mut || plain.text_mentions(&text).len());
    drop(plain);
    let smart = Matcher::new(gazetteer.clone());
    let (smart_s, smart_matches) = time(&mut || smart.find_iter(&text).count());
    drop(smart);

    // The baseline: the same patterns, leftmost-longest, ASCII case-insensitive, no
    // boundaries, no folding, no offsets but bytes.
    let started = Instant::now();
    let raw = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&aliases)
        .expect("aho-corasick builds");
    let raw_build_s = started.elapsed().as_secs_f64();
    let (raw_s, raw_matches) = time(&mut || raw.find_iter(&text).count());

    println!(
        "{}",
        serde_json::json!({
            "peer": "newsgaz (Rust)",
            "aliases": aliases.len(),
            "bytes": text.len(),
            "build_s": build_s,
            "matcher_bytes": matcher_bytes,
            "gazetteer_bytes": gazetteer_bytes,
            "e2e_s": find_s,
            "records_s": records_s,
            "matches": matches,
            "smart_s": smart_s,
            "smart_matches": smart_matches,
            "aho_corasick_build_s": raw_build_s,
            "aho_corasick_s": raw_s,
            "aho_corasick_matches": raw_matches,
        })
    );
}
