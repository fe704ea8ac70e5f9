//! Inputs for the benchmarks, generated deterministically so runs are comparable.

use newsgaz::{Entry, Gazetteer};

/// A small deterministic pseudo-random generator (xorshift), so inputs need no crate.
pub struct Rng(u64);

impl Rng {
    /// Seeds the generator.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// A made-up capitalised word of 4 to 9 letters.
pub fn word(rng: &mut Rng) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    let len = 4 + rng.below(6);
    let mut w: String = (0..len).map(|_| LETTERS[rng.below(26)] as char).collect();
    w[..1].make_ascii_uppercase();
    w
}

/// A gazetteer of `n` entries with one- to three-word names.
pub fn gazetteer(n: usize, seed: u64) -> Gazetteer {
    let mut rng = Rng::new(seed);
    let entries = (0..n).map(|i| {
        let words = 1 + rng.below(3);
        let name = (0..words)
            .map(|_| word(&mut rng))
            .collect::<Vec<_>>()
            .join(" ");
        Entry::new(format!("e{i}"), name, "X")
    });
    Gazetteer::from_entries(entries, "bench").expect("generated ids are unique")
}

/// About `bytes` of text: random words with some of the gazetteer's names mixed in.
pub fn text(gazetteer: &Gazetteer, bytes: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(bytes + 64);
    while out.len() < bytes {
        if rng.below(10) == 0 {
            out.push_str(&gazetteer.entries()[rng.below(gazetteer.len())].name);
        } else {
            out.push_str(&word(&mut rng).to_lowercase());
        }
        out.push_str(if rng.below(12) == 0 { ". " } else { " " });
    }
    out
}

/// The naive baseline: every alias searched separately in the lower-cased text, then
/// whole-word and non-overlapping filtering. Correct for ASCII; slow by design.
pub fn naive_count(gazetteer: &Gazetteer, text: &str) -> usize {
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for entry in gazetteer.entries() {
        for form in entry.surface_forms() {
            let form = form.text.to_ascii_lowercase();
            for (i, _) in lower.match_indices(&form) {
                let end = i + form.len();
                let word_before = lower[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
                let word_after = lower[end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
                if !word_before && !word_after {
                    found.push((i, end));
                }
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut last_end = 0;
    found
        .into_iter()
        .filter(|&(s, e)| {
            s >= last_end && {
                last_end = e;
                true
            }
        })
        .count()
}
