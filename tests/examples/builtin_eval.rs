//! Measures the built-in gazetteer on the shared data (release mode recommended):
//!
//! ```text
//! cargo run --release -p newsgaz-conformance --example builtin_eval -- load
//! cargo run --release -p newsgaz-conformance --example builtin_eval -- seed
//! cargo run --release -p newsgaz-conformance --example builtin_eval -- conll [eng.testa]
//! cargo run --release -p newsgaz-conformance --example builtin_eval -- bbc [SAMPLE_OUT]
//! ```
//!
//! `bbc` prints mentions per article and the 50 most frequent matched aliases, and writes
//! 100 random mentions with their context (seeded, so the same sample every run) for
//! judging by hand.

use std::collections::HashMap;
use std::time::Instant;

use newsgaz::{tag_article, Article, Gazetteer, Matcher};
use newsgaz_conformance::{conll, shared_data};

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
    let matcher = Matcher::new(Gazetteer::default());
    for m in tag_article(&matcher, &article, "seed").mentions {
        println!("{:>5} {:<20} {:<24} {}", m.start, m.text, m.entity, m.label);
    }
}

/// NEWSGAZ_EVAL_CASE=exact: the whole matcher case-exact; =form: drop matches that break
/// their form's own case mode (what the data asks, for a matcher that does not honour it);
/// unset: the matcher's defaults.
fn eval_mode() -> String {
    std::env::var("NEWSGAZ_EVAL_CASE").unwrap_or_default()
}

fn eval_matcher() -> Matcher {
    let mut builder = Matcher::builder();
    if eval_mode() == "exact" {
        builder.case_mode(newsgaz::CaseMode::Exact);
    }
    builder.build(Gazetteer::default())
}

fn keep(matcher: &Matcher, m: &newsgaz::Match<'_>, text: &str) -> bool {
    eval_mode() != "form" || conll::respects_form_case(matcher.gazetteer(), m, text)
}

fn conll_eval(path: &std::path::Path) {
    let content = std::fs::read_to_string(path).unwrap();
    let mut docs = conll::read_documents(&content);
    // NEWSGAZ_EVAL_SPORTS=skip leaves out the sports pages (headline "SOCCER - ...",
    // "BASEBALL - ..."), where CoNLL labels city names as teams (ORG).
    if std::env::var("NEWSGAZ_EVAL_SPORTS").is_ok_and(|v| v == "skip") {
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
            "MOTOR RACING",
            "BOXING",
            "HORSE RACING",
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
            "ALPINE SKIING",
            "OLYMPICS",
            "ICE HOCKEY",
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
        docs.retain(|d| {
            let head = d.text.lines().next().unwrap_or("");
            !SPORTS.iter().any(|s| {
                head.starts_with(&format!("{s} -"))
                    || head.starts_with(&format!("{s} "))
                        && head
                            .split(" - ")
                            .next()
                            .is_some_and(|h| h.chars().all(|c| !c.is_lowercase()))
            })
        });
    }
    let matcher = eval_matcher();
    let score = conll::score_with(&matcher, &docs, |m, text| keep(&matcher, m, text));
    println!("{} documents from {}", docs.len(), path.display());
    for (kind, c) in &score.by_type {
        println!(
            "{kind:<5} precision {:.1}% ({}/{})  recall {:.1}% ({}/{})",
            100.0 * c.precision(),
            c.true_positives,
            c.predicted,
            100.0 * c.recall(),
            c.true_positives,
            c.gold
        );
    }
    let mut wrong: HashMap<String, usize> = HashMap::new();
    if let Ok(out) = std::env::var("NEWSGAZ_EVAL_DUMP") {
        let lines: Vec<String> = score
            .false_positives
            .iter()
            .map(|(k, t, g, id)| format!("{k}\t{t}\t{g}\t{id}"))
            .collect();
        std::fs::write(&out, lines.join("\n")).unwrap();
        let lines: Vec<String> = score
            .true_positives
            .iter()
            .map(|(k, t, id)| format!("{k}\t{t}\tTP\t{id}"))
            .collect();
        std::fs::write(format!("{out}.tp"), lines.join("\n")).unwrap();
    }
    for (kind, text, there, _) in &score.false_positives {
        *wrong
            .entry(format!("{kind} {text:?} (gold {there})"))
            .or_default() += 1;
    }
    let mut wrong: Vec<_> = wrong.into_iter().collect();
    wrong.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("most frequent wrong predictions:");
    for (what, n) in wrong.iter().take(40) {
        println!("  {n:>4} {what}");
    }
    let mut missed: HashMap<String, usize> = HashMap::new();
    for (kind, text) in &score.false_negatives {
        if kind == "LOC" || kind == "ORG" {
            *missed.entry(format!("{kind} {text:?}")).or_default() += 1;
        }
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
    let matcher = eval_matcher();
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
        let mut tagged = tag_article(&matcher, &article, name);
        if eval_mode() == "form" {
            let kept: Vec<_> = matcher
                .find_iter(&tagged.text)
                .filter(|m| keep(&matcher, m, &tagged.text[m.start()..m.end()]))
                .map(|m| m.start())
                .collect();
            tagged.mentions.retain(|x| kept.contains(&x.start));
        }
        for m in &tagged.mentions {
            *by_alias
                .entry(format!("{} → {}", m.text, m.entity))
                .or_default() += 1;
        }
        all.push(tagged);
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
    let mut rng = Rng(0x5EED_2026);
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
