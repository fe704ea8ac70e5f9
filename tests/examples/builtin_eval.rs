//! Measures the built-in gazetteer on the shared data (release mode recommended):
//!
//! ```text
//! cargo run --release -p newsgaz-conformance --example builtin_eval -- load
//! cargo run --release -p newsgaz-conformance --example builtin_eval -- seed
//! cargo run --release -p newsgaz-conformance --example builtin_eval -- conll [eng.testa]
//! cargo run --release -p newsgaz-conformance --example builtin_eval -- bbc [SAMPLE_OUT]
//! ```
//!
//! Everything runs the default annotator over the built-in gazetteer, as `newsgaz tag`
//! does; `NEWSGAZ_EVAL_PLACE_CONTEXT=off` switches the place-context rule off (the
//! gazetteer alone). `conll` scores LOC/ORG/MISC (demonyms as MISC) with the core's
//! [`ConllScores`] and lists the most frequent errors; `NEWSGAZ_EVAL_SPORTS=skip|only`
//! leaves out or keeps only the sports pages, `NEWSGAZ_EVAL_DUMP=FILE` writes every
//! prediction with its context. `newsgaz eval --builtin` gives the same scores (see
//! `docs/builtin-gazetteer.md`).
//!
//! `bbc` prints mentions per article and the 50 most frequent matched aliases, and writes
//! 100 random mentions with their context (seeded, so the same sample every run;
//! `NEWSGAZ_EVAL_SEED` draws another) for judging by hand; `NEWSGAZ_EVAL_DROPPED=FILE`
//! writes the mentions the place-context rule drops.

use std::collections::HashMap;
use std::time::Instant;

use newsgaz::{AnnotateOptions, Annotator, Article, Gazetteer, Matcher};
use newsgaz_conformance::{shared_data, tagged};
use newsgaz_eval::{ConllDocument, ConllScores, LabelMap};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(data) = shared_data() else { return };
    match args.first().map(String::as_str) {
        Some("load") => load(),
        Some("seed") => seed(&data),
        Some("conll") => {
            let file = args.get(1).map_or("eng.testa", String::as_str);
            conll_eval(&data.join("conll2003").join(file));
        }
        Some("bbc") => bbc(&data, args.get(1).map(String::as_str)),
        _ => eprintln!("usage: builtin_eval load|seed|conll [FILE]|bbc [SAMPLE_OUT]"),
    }
}

fn load() {
    let t = Instant::now();
    let gazetteer = Gazetteer::builtin();
    let loaded = t.elapsed();
    let t = Instant::now();
    let matcher = Matcher::new(gazetteer.clone());
    let built = t.elapsed();
    let forms: usize = gazetteer
        .entries()
        .iter()
        .map(|e| e.surface_forms().count())
        .sum();
    println!(
        "built-in gazetteer: {} entries, {forms} surface forms; first load (decompress + parse) {:.0} ms; matcher build {:.0} ms",
        gazetteer.len(),
        loaded.as_secs_f64() * 1e3,
        built.as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let again = Gazetteer::builtin();
    println!(
        "second call {:.3} ms ({} entries)",
        t.elapsed().as_secs_f64() * 1e3,
        again.len()
    );
    drop(matcher);
}

fn seed(data: &std::path::Path) {
    let path = data.join("seed/putin-li-shangfu.txt");
    let article = Article::parse_plain_bytes(&std::fs::read(&path).unwrap(), "seed").unwrap();
    for m in tagged(&annotator().annotate(&article, "seed")).mentions {
        println!("{:>5} {:<20} {:<24} {}", m.start, m.text, m.entity, m.label);
    }
}

/// The annotator every measurement uses: the built-in gazetteer, the default matcher
/// (smart case) and the default annotation options, as `newsgaz tag` runs them.
/// `NEWSGAZ_EVAL_PLACE_CONTEXT=off` switches the place-context rule off: the gazetteer
/// alone.
fn annotator() -> Annotator {
    let mut options = AnnotateOptions::default();
    options.place_context = std::env::var("NEWSGAZ_EVAL_PLACE_CONTEXT").as_deref() != Ok("off");
    Annotator::with_options(Matcher::new(Gazetteer::default()), options)
}

/// Whether a document is a sports page: its first line is a headline such as
/// "SOCCER - ..." or "BASEBALL - ...".
fn is_sports(doc: &ConllDocument) -> bool {
    const SPORTS: &[&str] = &[
        "SOCCER",
        "CRICKET",
        "TENNIS",
        "GOLF",
        "BASEBALL",
        "RUGBY",
        "ATHLETICS",
        "CYCLING",
        "MOTORCYCLING",
        "MOTOR",
        "BOXING",
        "HORSE",
        "NFL",
        "NHL",
        "NBA",
        "BASKETBALL",
        "SWIMMING",
        "ROWING",
        "SQUASH",
        "BADMINTON",
        "YACHTING",
        "SKIING",
        "ALPINE",
        "OLYMPICS",
        "ICE",
        "HOCKEY",
        "VOLLEYBALL",
        "HANDBALL",
        "JUDO",
        "WRESTLING",
        "SNOOKER",
        "DARTS",
        "TRIATHLON",
        "SPORT",
        "SPORTS",
    ];
    doc.sentences
        .first()
        .and_then(|s| doc.tokens.get(s.start))
        .is_some_and(|t| SPORTS.contains(&t.text.as_str()))
}

fn conll_eval(path: &std::path::Path) {
    let mut docs = ConllDocument::read_path(path).unwrap();
    // NEWSGAZ_EVAL_SPORTS=skip leaves out the sports pages, where CoNLL labels city
    // names as teams (ORG); =only keeps just them.
    match std::env::var("NEWSGAZ_EVAL_SPORTS").as_deref() {
        Ok("skip") => docs.retain(|d| !is_sports(d)),
        Ok("only") => docs.retain(is_sports),
        _ => {}
    }
    let annotator = annotator();
    let mut scores = ConllScores::default();
    let mut wrong: HashMap<String, usize> = HashMap::new();
    let mut missed: HashMap<String, usize> = HashMap::new();
    let mut dump = Vec::new();
    for doc in &docs {
        let gold = doc.entities();
        // The entity and gazetteer label of each prediction, in order, for the dump.
        let linked = doc.predict_linked(&annotator, &LabelMap::builtin_conll());
        let found: Vec<String> = linked
            .iter()
            .map(|p| format!("{}\t{}", p.id, p.label))
            .collect();
        let predicted: Vec<_> = linked.into_iter().map(|p| p.entity).collect();
        scores.add(&gold, &predicted);
        for (p, found) in predicted.iter().zip(&found) {
            let right = gold.contains(p);
            let there = gold
                .iter()
                .find(|g| g.start < p.end && p.start < g.end)
                .map_or("O", |g| if right { "right" } else { g.label.as_str() });
            let text = doc.phrase(p);
            if !right {
                *wrong
                    .entry(format!("{} {text:?} (gold {there})", p.label))
                    .or_default() += 1;
            }
            // For reading: the prediction, what the gold says there, the page, and six
            // tokens either side (the sentence's own, with the match in brackets).
            let sentence = doc
                .sentences
                .iter()
                .find(|s| s.contains(&p.start))
                .cloned()
                .unwrap_or(p.start..p.end);
            let words = |r: std::ops::Range<usize>| -> String {
                let w: Vec<&str> = doc.tokens[r].iter().map(|t| t.text.as_str()).collect();
                w.join(" ")
            };
            dump.push(format!(
                "{}\t{text}\t{there}\t{}\t{} [[{text}]] {}\t{found}",
                p.label,
                if is_sports(doc) { "sports" } else { "other" },
                words(p.start.saturating_sub(6).max(sentence.start)..p.start),
                words(p.end..(p.end + 6).min(sentence.end).max(p.end)),
            ));
        }
        for g in gold.iter().filter(|g| !predicted.contains(g)) {
            if g.label == "LOC" || g.label == "ORG" {
                *missed
                    .entry(format!("{} {:?}", g.label, doc.phrase(g)))
                    .or_default() += 1;
            }
        }
    }
    println!("{} documents from {}", docs.len(), path.display());
    for (label, c) in &scores.labels {
        println!(
            "{label:<5} precision {:.1}% ({}/{})  recall {:.1}% ({}/{})",
            c.precision(),
            c.correct,
            c.predicted,
            c.recall(),
            c.correct,
            c.gold
        );
    }
    if let Ok(out) = std::env::var("NEWSGAZ_EVAL_DUMP") {
        std::fs::write(&out, dump.join("\n")).unwrap();
    }
    let mut wrong: Vec<_> = wrong.into_iter().collect();
    wrong.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("most frequent wrong predictions:");
    for (what, n) in wrong.iter().take(40) {
        println!("  {n:>4} {what}");
    }
    let mut missed: Vec<_> = missed.into_iter().collect();
    missed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("most frequent missed LOC/ORG:");
    for (what, n) in missed.iter().take(30) {
        println!("  {n:>4} {what}");
    }
}

/// A small deterministic generator (xorshift64*), so the sample is reproducible.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
}

fn bbc(data: &std::path::Path, sample_out: Option<&str>) {
    let mut paths: Vec<_> = std::fs::read_dir(data.join("bbc-news/bbc"))
        .unwrap()
        .flat_map(|c| std::fs::read_dir(c.unwrap().path()).into_iter().flatten())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let annotator = annotator();
    // NEWSGAZ_EVAL_DROPPED=FILE: write the mentions the place-context rule drops, with
    // their context, for reading.
    let dropped_out = std::env::var("NEWSGAZ_EVAL_DROPPED").ok();
    let without_rule = dropped_out.as_ref().map(|_| {
        let mut options = annotator.options().clone();
        options.place_context = false;
        Annotator::with_options(annotator.matcher().clone(), options)
    });
    let mut dropped = String::new();
    let mut all = Vec::new();
    let mut by_alias: HashMap<String, usize> = HashMap::new();
    let t = Instant::now();
    let mut failed = 0;
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let name = path.strip_prefix(data).unwrap().display().to_string();
        // A few BBC files are not UTF-8; they are read as Latin-1 would be lossy, so skip
        // them and say how many.
        let Ok(article) = Article::parse_plain_bytes(&bytes, &name) else {
            failed += 1;
            continue;
        };
        let tagged = tagged(&annotator.annotate(&article, name.clone()));
        if let Some(without) = &without_rule {
            for m in self::tagged(&without.annotate(&article, "")).mentions {
                if !tagged.mentions.iter().any(|t| t.start == m.start) {
                    let from = floor(&article.text, m.start.saturating_sub(50));
                    let to = floor(&article.text, (m.end + 50).min(article.text.len()));
                    let context = format!(
                        "{}[[{}]]{}",
                        &article.text[from..m.start],
                        m.text,
                        &article.text[m.end..to]
                    )
                    .replace(['\n', '\t'], " ");
                    dropped.push_str(&format!("{name}\t{}\t{}\t{context}\n", m.text, m.entity));
                }
            }
        }
        for m in &tagged.mentions {
            *by_alias
                .entry(format!("{} → {}", m.text, m.entity))
                .or_default() += 1;
        }
        all.push(tagged);
    }
    if let Some(out) = &dropped_out {
        std::fs::write(out, &dropped).unwrap();
    }
    let mentions: usize = all.iter().map(|a| a.mentions.len()).sum();
    println!(
        "{} articles tagged ({failed} unreadable), {mentions} mentions, {:.2} mentions per article, {:.0} ms",
        all.len(),
        mentions as f64 / all.len() as f64,
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut labels: HashMap<&str, usize> = HashMap::new();
    for m in all.iter().flat_map(|a| &a.mentions) {
        *labels.entry(m.label.as_str()).or_default() += 1;
    }
    let mut labels: Vec<_> = labels.into_iter().collect();
    labels.sort();
    println!("by label: {labels:?}");
    let mut top: Vec<_> = by_alias.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("50 most frequent matched aliases:");
    for (alias, n) in top.iter().take(50) {
        println!("  {n:>5} {alias}");
    }
    let Some(out) = sample_out else { return };
    let flat: Vec<_> = all
        .iter()
        .flat_map(|a| a.mentions.iter().map(move |m| (a, m)))
        .collect();
    // NEWSGAZ_EVAL_SEED picks another sample (a fresh one after rule changes).
    let seed = std::env::var("NEWSGAZ_EVAL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_2026);
    let mut rng = Rng(seed);
    let mut sample = String::from("# n\tsource\ttext\tentity\tlabel\tcontext\n");
    for n in 0..100 {
        let (a, m) = flat[rng.below(flat.len())];
        let from = a.text[..m.start]
            .char_indices()
            .rev()
            .nth(60)
            .map_or(0, |(i, _)| i);
        let to = a.text[m.end..]
            .char_indices()
            .nth(60)
            .map_or(a.text.len(), |(i, _)| m.end + i);
        let context = format!(
            "{}[[{}]]{}",
            &a.text[from..m.start],
            m.text,
            &a.text[m.end..to]
        )
        .replace(['\n', '\t'], " ");
        sample.push_str(&format!(
            "{n}\t{}\t{}\t{}\t{}\t{context}\n",
            a.source, m.text, m.entity, m.label
        ));
    }
    std::fs::write(out, sample).unwrap();
    println!("wrote 100 sampled mentions to {out}");
}

/// The nearest char boundary at or before `at`.
fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
