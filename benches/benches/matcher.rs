//! Build and search timed separately, against the naive baseline.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newsgaz::Matcher;
use newsgaz_benches::{gazetteer, naive_count, text};

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    for n in [1_000, 10_000] {
        let g = std::sync::Arc::new(gazetteer(n, 7));
        group.bench_with_input(BenchmarkId::from_parameter(n), &g, |b, g| {
            b.iter(|| Matcher::new(g.clone()))
        });
    }
    group.finish();
}

fn search(c: &mut Criterion) {
    let mut group = c.benchmark_group("search");
    let g = gazetteer(1_000, 7);
    let t = text(&g, 100_000, 11);
    let matcher = Matcher::new(g.clone());
    assert_eq!(
        matcher.find_iter(&t).count(),
        naive_count(&g, &t),
        "newsgaz and the baseline disagree"
    );
    group.throughput(Throughput::Bytes(t.len() as u64));
    group.bench_function("newsgaz", |b| b.iter(|| matcher.find_iter(&t).count()));
    group.bench_function("naive", |b| b.iter(|| naive_count(&g, &t)));
    group.finish();
}

criterion_group!(benches, build, search);
criterion_main!(benches);
