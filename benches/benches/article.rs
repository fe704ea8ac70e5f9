//! Article parsing throughput (layout, sentences, quotes, cues, attributions) on a
//! synthetic article built from sentences written for this benchmark. The real-corpus
//! figure comes from `cargo run --release -p newsgaz --example parse_throughput`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsgaz::Article;

const SENTENCES: &[&str] = &[
    "The minister met Mr. Alder in the U.S. capital on Jan. 5 at 9 a.m.",
    "“We have agreed to cut tariffs by 3.5%,” she said.",
    "Shares in Acme Corp. rose to $4.2bn, according to the Office for National Statistics.",
    "He called the plan a “no limits” partnership, Reuters reported.",
    "\"It is a good day. It could be better,\" said Dr. Lee, who spoke after the talks...",
    "The firm said in a statement that J.R.R. Holdings Ltd. had paid £1.5m.",
    "A spokesman told the BBC on Monday that the talks would go on.",
];

fn article(paragraphs: usize) -> String {
    let mut text = String::from("Ministers Agree Tariff Cuts\n\nMOSCOW (Reuters) - ");
    for p in 0..paragraphs {
        for s in 0..3 {
            text.push_str(SENTENCES[(p * 3 + s) % SENTENCES.len()]);
            text.push(' ');
        }
        text.push_str("\n\n");
    }
    text
}

fn parse(c: &mut Criterion) {
    let text = article(300);
    let parsed = Article::parse_plain(text.as_str());
    assert_eq!(parsed.paragraphs.len(), 300);
    assert!(parsed.sentences.len() > 900 && !parsed.quotes.is_empty());
    let mut group = c.benchmark_group("article");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse_plain", |b| {
        b.iter(|| Article::parse_plain(text.as_str()).sentences.len())
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
