//! Build and search timed separately, for both search engines (word-start radix tree, the
//! default; one unanchored aho-corasick scan), against the naive baseline; and on real
//! news (BBC corpus, GeoNames cities) when `../shared/data` is present.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newsgaz::{CaseMode, Gazetteer, Matcher};
use newsgaz_benches::{
    bbc_articles, gazetteer, geonames_gazetteer, naive_count, shared_data, text,
};

fn engines() -> [(&'static str, bool); 2] {
    [("word-starts", false), ("unanchored", true)]
}

fn matcher(g: &Arc<Gazetteer>, case: CaseMode, unanchored: bool) -> Matcher {
    newsgaz_benches::matcher(g.clone(), case, unanchored)
}

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    for n in [1_000, 10_000] {
        let g = Arc::new(gazetteer(n, 7));
        for (engine, unanchored) in engines() {
            group.bench_with_input(BenchmarkId::new(engine, n), &g, |b, g| {
                b.iter(|| matcher(g, CaseMode::Smart, unanchored))
            });
        }
    }
    group.finish();
}

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    let g = Arc::new(gazetteer(1_000, 7));
    let t = text(&g, 100_000, 11);
    group.throughput(Throughput::Bytes(t.len() as u64));
    for (engine, unanchored) in engines() {
        // The baseline folds ASCII case only: compare in insensitive mode.
        let m = matcher(&g, CaseMode::Insensitive, unanchored);
        assert_eq!(
            m.find_iter(&t).count(),
            naive_count(&g, &t),
            "newsgaz and the baseline disagree"
        );
        group.bench_function(engine, |b| b.iter(|| m.find_iter(&t).count()));
    }
    group.bench_function("naive", |b| b.iter(|| naive_count(&g, &t)));
    group.finish();
}

/// Real news: the BBC corpus against the GeoNames cities (about 357,000 forms).
fn news(c: &mut Criterion) {
    let Some(data) = shared_data() else { return };
    let Some(g) = geonames_gazetteer(&data) else {
        return;
    };
    let articles = bbc_articles(&data);
    if articles.is_empty() {
        return;
    }
    let g = Arc::new(g);
    let mut group = c.benchmark_group("news");
    group.sample_size(10);
    for (engine, unanchored) in engines() {
        group.bench_function(BenchmarkId::new("build", engine), |b| {
            b.iter(|| matcher(&g, CaseMode::Smart, unanchored))
        });
    }
    let bytes: usize = articles.iter().map(String::len).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    for (engine, unanchored) in engines() {
        let m = matcher(&g, CaseMode::Smart, unanchored);
        group.bench_function(BenchmarkId::new("search", engine), |b| {
            b.iter(|| {
                articles
                    .iter()
                    .map(|a| m.find_iter(a).count())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, build, search, news);
criterion_main!(benches);
