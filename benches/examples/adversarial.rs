//! Matching cost on adversarial gazetteers, as the text grows 1×, 4×, 16×:
//! - one alias of 10,000 words, all `a` but the last (`b`), against a text of `a a a ...`:
//!   every word start walks up to 10,000 words before failing, so the cost per byte is
//!   bounded by the length of the longest alias, not by a constant;
//! - a million distinct one-word aliases (`w0` ... `w999999`) against a text of them;
//! - 100,000 entries that all have the one-letter name `a`, against `a a a ...`: each match
//!   has 100,000 candidates.
//!
//! `cargo run --release -p newsgaz-benches --example adversarial`

use std::time::Instant;

use newsgaz::{Entry, Gazetteer, Matcher};

fn main() {
    let long = vec!["a"; 9_999].join(" ") + " b";
    let matcher = Matcher::new(one_alias(&long));
    println!("one alias of 10,000 words sharing its prefix with the text:");
    for factor in [1, 4, 16] {
        let text = "a ".repeat(2_000 * factor);
        time(&matcher, &text, factor);
    }
    let started = Instant::now();
    let entries = (0..1_000_000).map(|i| Entry::new(format!("w:{i}"), format!("w{i}"), "X"));
    let many = Matcher::new(Gazetteer::from_entries(entries, "many").expect("valid entries"));
    println!(
        "a million one-word aliases (built in {:.2} s):",
        started.elapsed().as_secs_f64()
    );
    for factor in [1, 4, 16] {
        let text: String = (0..50_000 * factor)
            .map(|i| format!("w{} ", i * 7 % 1_000_000))
            .collect();
        time(&many, &text, factor);
    }
    let entries = (0..100_000).map(|i| Entry::new(format!("a:{i}"), "a", "X"));
    let ambiguous = Matcher::new(Gazetteer::from_entries(entries, "a").expect("valid entries"));
    println!("100,000 entries named `a`:");
    for factor in [1, 4, 16] {
        let text = "a ".repeat(1_000 * factor);
        time(&ambiguous, &text, factor);
    }
}

fn one_alias(alias: &str) -> Gazetteer {
    Gazetteer::from_entries([Entry::new("long", alias, "X")], "one").expect("a valid entry")
}

fn time(matcher: &Matcher, text: &str, factor: usize) {
    let started = Instant::now();
    let found = matcher.find_iter(text).count();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "  {factor:>2}x: {:.2} MB in {secs:.3} s ({:.3} s/MB), {found} matches",
        text.len() as f64 / 1e6,
        secs / (text.len() as f64 / 1e6)
    );
}
