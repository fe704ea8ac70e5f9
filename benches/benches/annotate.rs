//! The cost of annotating in context (partial names, ambiguity, summary) over matching
//! alone, on a gazetteer of persons and a text that names them in full and in part.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsgaz::{Annotator, Article, Gazetteer, Matcher};
use newsgaz_benches::{gazetteer, word, Rng};

fn persons(n: usize) -> Gazetteer {
    let entries: Vec<_> = gazetteer(n, 7)
        .entries()
        .iter()
        .cloned()
        .map(|mut e| {
            e.label = "PERSON".into();
            e
        })
        .collect();
    Gazetteer::from_entries(entries, "bench").expect("ids stay unique")
}

/// Paragraphs of random words with full names (1 in 10) and their last words (1 in 20).
fn article(g: &Gazetteer, bytes: usize) -> Article {
    let mut rng = Rng::new(11);
    let mut text = String::from("Title\n\n");
    while text.len() < bytes {
        let name = &g.entries()[rng.below(g.len())].name;
        match rng.below(20) {
            0 | 1 => text.push_str(name),
            2 => text.push_str(name.rsplit(' ').next().unwrap_or(name)),
            _ => text.push_str(&word(&mut rng).to_lowercase()),
        }
        text.push_str(match rng.below(40) {
            0 => ".\n\n",
            1..=3 => ". ",
            _ => " ",
        });
    }
    Article::parse_plain(text)
}

fn annotate(c: &mut Criterion) {
    let g = persons(1_000);
    let a = article(&g, 100_000);
    let matcher = Matcher::new(g);
    let annotator = Annotator::new(matcher.clone());
    let annotated = annotator.annotate(&a, "bench");
    assert!(annotated.mentions.len() > matcher.find_iter(&a.text).count());
    let mut group = c.benchmark_group("annotate");
    group.throughput(Throughput::Bytes(a.text.len() as u64));
    group.bench_function("find_iter", |b| {
        b.iter(|| matcher.find_iter(&a.text).count())
    });
    group.bench_function("annotate", |b| b.iter(|| annotator.annotate(&a, "bench")));
    group.finish();
    c.bench_function("annotator_build/1000", |b| {
        b.iter(|| Annotator::new(matcher.clone()))
    });
}

criterion_group!(benches, annotate);
criterion_main!(benches);
