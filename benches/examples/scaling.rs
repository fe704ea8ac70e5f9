//! Annotation cost against article length: one article made of BBC bodies, at 1×, 4× and
//! 16× a base of about 320 kB, parsed and annotated with the built-in gazetteer; with the
//! quotation marks as written, and with them replaced by plain letters (no quotes). A
//! linear pipeline costs the same per megabyte at every size. Skips without `../shared`.
//!
//! `cargo run --release -p newsgaz-benches --example scaling [-- RUNS]`

use std::time::Instant;

use newsgaz::{Annotator, Article, Gazetteer, Matcher};
use newsgaz_benches::{bbc_or_skip, median_secs, runs_arg, shared_data};

const BASE_BYTES: usize = 320_000;

fn main() {
    let Some(data) = shared_data() else { return };
    let Some(articles) = bbc_or_skip(&data) else {
        return;
    };
    let runs = runs_arg(3);
    // The bodies (everything after each title line), as paragraphs of one article.
    let bodies: Vec<&str> = articles
        .iter()
        .map(|a| {
            a.split_once("\n\n")
                .map_or(a.as_str(), |(_, body)| body)
                .trim()
        })
        .collect();
    let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    println!("size, quotes: parse + annotate (median of {runs}), per MB, quotes, mentions");
    for quotes in [true, false] {
        let mut base_per_mb = None;
        for factor in [1, 4, 16] {
            let text = article_text(&bodies, BASE_BYTES * factor, quotes);
            let mut times = Vec::new();
            let mut found = (0, 0);
            for _ in 0..runs {
                let started = Instant::now();
                let annotated =
                    annotator.annotate_owned(Article::parse_plain(text.clone()), "long".into());
                times.push(started.elapsed());
                found = (annotated.article().quotes.len(), annotated.mentions.len());
            }
            let secs = median_secs(times);
            let mb = text.len() as f64 / 1e6;
            let per_mb = secs / mb;
            let base = *base_per_mb.get_or_insert(per_mb);
            println!(
                "{factor:>2}x {mb:.2} MB, quotes {}: {:.3} s, {:.3} s/MB ({:.2}x the 1x cost per MB), {} quotes, {} mentions",
                if quotes { "kept" } else { "removed" },
                secs,
                per_mb,
                per_mb / base,
                found.0,
                found.1
            );
        }
    }
}

/// A title, then bodies in turn (repeated as needed) until `bytes`; with `quotes` false,
/// every quotation mark replaced by a letter.
fn article_text(bodies: &[&str], bytes: usize, quotes: bool) -> String {
    let mut text = String::from("One long article\n\n");
    for body in bodies.iter().cycle() {
        if text.len() >= bytes {
            break;
        }
        text.push_str(body);
        text.push_str("\n\n");
    }
    if !quotes {
        text = text
            .chars()
            .map(|c| {
                if "\"“”‘’'«»".contains(c) {
                    'q'
                } else {
                    c
                }
            })
            .collect();
    }
    text
}
