//! The cost of finding the people and organisations the gazetteer does not list: the BBC
//! corpus annotated with the built-in gazetteer, both finders on and both off, in
//! alternating rounds (the machine is shared: each round's ratio is the figure to trust).
//! Annotation alone; `tag_finders_cost` times the whole `newsgaz tag`. Skips without
//! `../shared/data`.
//!
//! `cargo run --release -p newsgaz-benches --example people_cost [-- ROUNDS]`; add
//! `--features mimalloc` to measure with the allocator the CLI and Python use.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::time::Instant;

use newsgaz::{AnnotateOptions, Annotator, Article, Gazetteer, Matcher};
use newsgaz_benches::{bbc_or_skip, median_secs, runs_arg, shared_data};

fn main() {
    let Some(data) = shared_data() else { return };
    let Some(texts) = bbc_or_skip(&data) else {
        return;
    };
    let rounds = runs_arg(7);
    let articles: Vec<Article> = texts
        .iter()
        .map(|t| Article::parse_plain(t.as_str()))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let matcher = Matcher::new(Gazetteer::builtin().clone());
    let annotator = |people: bool| {
        let mut options = AnnotateOptions::default();
        options.people = people;
        options.organisations = people;
        Annotator::with_options(matcher.clone(), options)
    };
    let (with, without) = (annotator(true), annotator(false));
    let time = |a: &Annotator| {
        let started = Instant::now();
        let mut mentions = 0;
        for article in &articles {
            mentions += a.annotate(article, "bbc").mentions.len();
        }
        (started.elapsed(), mentions)
    };
    let (mut on, mut off, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut found_on, mut found_off) = (0, 0);
    for _ in 0..rounds {
        let (a, m) = time(&with);
        let (b, n) = time(&without);
        ratios.push(a.as_secs_f64() / b.as_secs_f64());
        (found_on, found_off) = (m, n);
        on.push(a);
        off.push(b);
    }
    ratios.sort_by(f64::total_cmp);
    let mb = bytes as f64 / 1e6;
    let (a, b) = (median_secs(on), median_secs(off));
    println!(
        "{} articles, {mb:.2} MB, annotate (parse excluded), median of {rounds} rounds:",
        articles.len()
    );
    println!("  finders on:  {:.1} MB/s, {found_on} mentions", mb / a);
    println!("  finders off: {:.1} MB/s, {found_off} mentions", mb / b);
    println!(
        "  time on/off per round: median {:.2}, min {:.2}, max {:.2}",
        ratios[rounds / 2],
        ratios[0],
        ratios[rounds - 1]
    );
}
