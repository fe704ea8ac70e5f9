//! One matcher and one annotator shared by many threads give what one thread gives.

use std::sync::Arc;

use newsgaz::{Annotator, Article, Gazetteer, Matcher};

/// Made-up texts that mention places of the built-in gazetteer in varying ways.
fn texts() -> Vec<String> {
    let places = [
        "Paris",
        "Lima",
        "New York",
        "Chile",
        "São Paulo",
        "PERU",
        "the Congo",
    ];
    (0..400)
        .map(|i| {
            let a = places[i % places.len()];
            let b = places[(i * 3 + 1) % places.len()];
            format!(
                "Report {i}\n\n“{a} and {b},” said the minister in {b}. Talks in {a} on day {i}."
            )
        })
        .collect()
}

#[test]
fn a_shared_matcher_and_annotator_give_one_threads_results() {
    let matcher = Matcher::new(Gazetteer::builtin().clone());
    let annotator = Arc::new(Annotator::new(matcher.clone()));
    let texts = Arc::new(texts());
    let alone: Vec<(Vec<_>, String)> = texts
        .iter()
        .map(|t| {
            let spans = matcher
                .find_iter(t)
                .map(|m| (m.span(), m.entity()))
                .collect();
            let json =
                serde_json::to_string(&annotator.annotate(&Article::parse_plain(t.clone()), "t"))
                    .unwrap();
            (spans, json)
        })
        .collect();
    let found: usize = alone.iter().map(|a| a.0.len()).sum();
    assert!(
        found >= 2 * texts.len(),
        "the texts mention places ({found} matches)"
    );
    let alone = Arc::new(alone);
    let workers: Vec<_> = (0..8)
        .map(|k| {
            let (matcher, annotator, texts, alone) = (
                matcher.clone(),
                annotator.clone(),
                texts.clone(),
                alone.clone(),
            );
            std::thread::spawn(move || {
                // Each thread walks the texts from its own offset, so that they overlap.
                for step in 0..texts.len() {
                    let i = (step * 7 + k * 50) % texts.len();
                    let t = &texts[i];
                    let spans: Vec<_> = matcher
                        .find_iter(t)
                        .map(|m| (m.span(), m.entity()))
                        .collect();
                    assert_eq!(spans, alone[i].0, "text {i} on thread {k}");
                    let annotated = annotator.annotate(&Article::parse_plain(t.clone()), "t");
                    assert_eq!(serde_json::to_string(&annotated).unwrap(), alone[i].1);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    // And the batch calls on several threads.
    let many = annotator.text_mentions_many(&texts, Some(4));
    let one: Vec<_> = texts.iter().map(|t| annotator.text_mentions(t)).collect();
    assert_eq!(many, one);
}
