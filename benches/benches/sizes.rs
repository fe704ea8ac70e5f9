//! Build and search timed separately as the gazetteer grows: 1k, 10k, 100k and 1M aliases
//! (the GeoNames list of the peer comparison, padded with made-up names past about
//! 211,000) over the BBC corpus, for `find` and for `annotate`, beside two baselines in
//! the same harness: the raw aho-corasick crate (same patterns, leftmost-longest, ASCII
//! case-insensitive, no boundaries, no folding) and the naive reference (every alias
//! searched on its own, on the first 100 KB). Needs `../shared/data`; skips without it.
//!
//! `cargo bench -p newsgaz-benches --bench sizes` (`-- find` for one group).

use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newsgaz::{Annotator, Article, CaseMode, Matcher, MatcherOptions};
use newsgaz_benches::{alias_gazetteer, bbc_articles, bench_aliases, naive_count, shared_data};

const SIZES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];

/// The peers' semantics: case-insensitive, diacritics kept.
fn insensitive() -> MatcherOptions {
    let mut options = MatcherOptions::with_case(CaseMode::Insensitive);
    options.fold_diacritics = false;
    options
}

fn raw_baseline(aliases: &[String]) -> AhoCorasick {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(aliases)
        .expect("aho-corasick builds")
}

fn sizes(c: &mut Criterion) {
    let Some(data) = shared_data() else { return };
    let articles = bbc_articles(&data);
    if articles.is_empty() {
        return;
    }
    let text = articles.join("\n\n");
    let parsed: Vec<Article> = articles
        .iter()
        .map(|a| Article::parse_plain(a.as_str()))
        .collect();
    let all = bench_aliases(&data, *SIZES.last().expect("sizes"));
    for n in SIZES {
        let aliases = &all[..n];
        let gazetteer = Arc::new(alias_gazetteer(aliases));

        let mut build = c.benchmark_group("build");
        build.sample_size(10);
        build.throughput(Throughput::Elements(n as u64));
        build.bench_function(BenchmarkId::new("newsgaz", n), |b| {
            b.iter(|| Matcher::with_options(gazetteer.clone(), insensitive()))
        });
        build.bench_function(BenchmarkId::new("aho-corasick", n), |b| {
            b.iter(|| raw_baseline(aliases))
        });
        build.finish();

        let matcher = Matcher::with_options(gazetteer.clone(), insensitive());
        let smart = Matcher::new(gazetteer.clone());
        let raw = raw_baseline(aliases);
        let mut find = c.benchmark_group("find");
        find.sample_size(10);
        find.throughput(Throughput::Bytes(text.len() as u64));
        find.bench_function(BenchmarkId::new("newsgaz", n), |b| {
            b.iter(|| matcher.find_iter(&text).count())
        });
        find.bench_function(BenchmarkId::new("newsgaz-smart", n), |b| {
            b.iter(|| smart.find_iter(&text).count())
        });
        find.bench_function(BenchmarkId::new("aho-corasick", n), |b| {
            b.iter(|| raw.find_iter(&text).count())
        });
        find.finish();

        let annotator = Annotator::new(smart);
        let mut annotate = c.benchmark_group("annotate");
        annotate.sample_size(10);
        annotate.throughput(Throughput::Bytes(text.len() as u64));
        annotate.bench_function(BenchmarkId::new("newsgaz", n), |b| {
            b.iter(|| {
                parsed
                    .iter()
                    .map(|a| annotator.annotate(a, "bbc").mentions.len())
                    .sum::<usize>()
            })
        });
        annotate.finish();

        if n <= 10_000 {
            // The naive reference is quadratic in spirit: a slice of the corpus only.
            let cut = (0..=100_000)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            let head = &text[..cut];
            let mut naive = c.benchmark_group("naive");
            naive.sample_size(10);
            naive.throughput(Throughput::Bytes(head.len() as u64));
            assert_eq!(
                matcher.find_iter(head).count(),
                naive_count(&gazetteer, head),
                "newsgaz and the naive reference disagree"
            );
            naive.bench_function(BenchmarkId::new("naive", n), |b| {
                b.iter(|| naive_count(&gazetteer, head))
            });
            naive.bench_function(BenchmarkId::new("newsgaz", n), |b| {
                b.iter(|| matcher.find_iter(head).count())
            });
            naive.finish();
        }
    }
}

criterion_group!(benches, sizes);
criterion_main!(benches);
