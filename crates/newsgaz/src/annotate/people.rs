//! People the gazetteer does not list, found from the way news introduces them.
//!
//! A run of capitalised words (no punctuation between them, no word the gazetteer
//! matched) is a person's name when the text gives evidence, precision first:
//! - `title`: a title or office directly before it ("Defense Minister Sergei Shoigu",
//!   "Mr Blair", "coach Arsene Wenger");
//! - `appositive`: a role after it ("Ana Ferreira, the economy minister,");
//! - `speech`: a speech verb beside it ("…, John Smith said", "said John Smith");
//! - `given-name`: its first word a common given name ("Tony Blair").
//!
//! Without a title, a name needs two words or more. Each person found becomes an entity of
//! the article alone: id `person:~` and its name in lower case with `-` between words
//! (`person:~li-shangfu`), label `PERSON`, its longest form as name, its evidence in the
//! attribute `evidence`. Later partial mentions link to it: the family name ("Shoigu",
//! "Li" of "Li Shangfu", "SHOIGU" in capitals), never a given name alone, and never a word
//! that stands beside another capitalised name ("Tony Martin" is not Tony Blair). A title
//! and a surname that exactly one listed person has link to that person
//! ([`MentionForm::Titled`]). A listed person always wins: words the gazetteer matched are
//! never part of a found name.
//!
//! [`MentionForm::Titled`]: super::MentionForm::Titled

use rustc_hash::{FxHashMap, FxHashSet};

use serde_json::Value;

use super::partial::PartialNames;
use super::words::{capitalised_words, is_all_capitals, word_before, Word};
use super::Found;
use crate::gazetteer::{AliasKind, EntityIndex, Entry};
use crate::lexicon::{kinds, Kinds, List};
use crate::matcher::Candidate;
use crate::span::Span;

/// True when `word` is one of the common given names the annotator knows.
pub(crate) fn is_given_name(word: &str) -> bool {
    List::GivenNames.contains(word)
}

/// The most words a found name has (after its title).
const MAX_NAME_WORDS: usize = 4;

/// What shows that a name is a person's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Evidence {
    Title,
    Appositive,
    Speech,
    GivenName,
}

impl Evidence {
    const ALL: [Evidence; 4] = [
        Evidence::Title,
        Evidence::Appositive,
        Evidence::Speech,
        Evidence::GivenName,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Evidence::Title => "title",
            Evidence::Appositive => "appositive",
            Evidence::Speech => "speech",
            Evidence::GivenName => "given-name",
        }
    }
}

/// A set of [`Evidence`], one bit each (no allocation per name).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct EvidenceSet(u8);

impl EvidenceSet {
    fn insert(&mut self, e: Evidence) {
        self.0 |= 1 << e as u8;
    }

    fn extend(&mut self, other: EvidenceSet) {
        self.0 |= other.0;
    }

    fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// In the order of [`Evidence`].
    fn iter(self) -> impl Iterator<Item = Evidence> {
        Evidence::ALL
            .into_iter()
            .filter(move |&e| self.0 & (1 << e as u8) != 0)
    }
}

/// The index of a name's family name among its words: the first for two-word names
/// written family name first ("Li Shangfu"), else the last.
pub(crate) fn family_index(words: &[&str]) -> usize {
    if words.len() == 2 && List::FamilyFirst.contains(words[0]) && !is_given_name(words[1]) {
        0
    } else {
        words.len() - 1
    }
}

/// A run of capitalised words that may be a name: words `from..to`, of which the first
/// `title` words are a title.
#[derive(Clone, Copy, Debug)]
struct Run {
    from: usize,
    to: usize,
    title: usize,
    /// A title head stands in the run or directly before it.
    titled: bool,
    /// A gazetteer match the name replaces ("Mr Jordan"), by index into `found`.
    replaces: Option<usize>,
}

/// A person found in the article.
struct Person {
    words: Vec<String>,
    family: usize,
    evidence: EvidenceSet,
    /// Starts of its mentions that name it in full.
    full: Vec<usize>,
}

/// Finds the people of `text` that `found` (the gazetteer's mentions, in text order)
/// does not name, adds their mentions to `found`, and returns their entries (entity
/// `listed + i` is entry `i`, `listed` being the gazetteer's length); `persons` says which
/// gazetteer entries are persons and their family names. Nothing is found inside `title`
/// (headlines are capitalised throughout), but names there are linked.
pub(crate) fn find_people(
    text: &str,
    title: Option<Span>,
    found: &mut Vec<Found>,
    listed: usize,
    persons: &PartialNames,
) -> Vec<Entry> {
    let words = capitalised_words(text);
    let word = |i: usize| words[i].span.slice(text);
    let stem = |i: usize| words[i].stem(text);
    let covered = cover(&words, found);
    let gap = |i: usize| &text[words[i].span.end..words[i + 1].span.start];
    // Joined to the next word: one space, or a full stop and a space after an initial or
    // an abbreviated title.
    let joined = |i: usize| {
        i + 1 < words.len()
            && !words[i].is_possessive()
            && match gap(i) {
                " " => true,
                ". " => is_initial(word(i)) || List::AbbreviatedTitles.contains(word(i)),
                _ => false,
            }
    };
    let in_run =
        |i: usize| covered[i].is_none() && (words[i].name_like || initial_at(text, &words[i]));

    let mut runs = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if !in_run(i) {
            i += 1;
            continue;
        }
        let from = i;
        while joined(i) && in_run(i + 1) {
            i += 1;
        }
        let to = i + 1;
        i = to;
        let title = (from..to)
            .take_while(|&w| {
                let kinds = kinds(word(w));
                kinds.is(List::TitleHeads) || kinds.is(List::TitleModifiers)
            })
            .count();
        let head_in_run = (from..from + title).any(|w| List::TitleHeads.contains(word(w)));
        // "coach Arsene Wenger", "Secretary of State Colin Powell".
        let head_before = || {
            word_before(text, words[from].span.start).is_some_and(|(at, w)| {
                List::Roles.contains(w)
                    || (w == "of"
                        && word_before(text, at).is_some_and(|(_, w)| List::TitleHeads.contains(w)))
            })
        };
        let mut run = Run {
            from,
            to,
            title,
            titled: head_in_run || (title < to - from && head_before()),
            replaces: None,
        };
        if title == to - from {
            // A title alone: "Mr Jordan", where the gazetteer knows Jordan as a place.
            let last = to - 1;
            let next = covered.get(to).copied().flatten();
            match next {
                Some(f)
                    if List::Honorifics.contains(word(last))
                        && joined(last)
                        && found[f].span == Span::new(words[to].span.start, words[to].span.end)
                        && words[to].name_like
                        && !persons.is_person(found[f].entity()) =>
                {
                    run.to = to + 1;
                    run.replaces = Some(f);
                    i = to + 1;
                }
                _ => continue,
            }
        }
        runs.push(run);
    }

    let in_title = |r: &Run| {
        title.is_some_and(|t| {
            t.contains(Span::new(
                words[r.from].span.start,
                words[r.to - 1].span.end,
            ))
        })
    };
    // Inline for names of up to six words: no allocation per run.
    let name_words =
        |r: &Run| -> smallvec::SmallVec<[&str; 6]> { (r.from + r.title..r.to).map(stem).collect() };
    // Whether a run's words may be a name; then the lists its first word is in.
    let plausible = |name: &[&str]| -> Option<Kinds> {
        if name.is_empty() || name.len() > MAX_NAME_WORDS || is_initial(name[name.len() - 1]) {
            return None;
        }
        let first = kinds(name[0]);
        let others_ok = name[1..].iter().all(|w| !List::NotNames.contains(w));
        (!first.is(List::NotNames) && others_ok).then_some(first)
    };
    let evidence = |r: &Run, name: &[&str], first: Kinds| {
        let mut evidence = EvidenceSet::default();
        if r.titled {
            evidence.insert(Evidence::Title);
        }
        if name.len() >= 2 {
            if first.is(List::GivenNames) {
                evidence.insert(Evidence::GivenName);
            }
            let after = &text[words[r.to - 1].span.end..];
            let start = words[r.from].span.start;
            if speech_after(after) || speech_before(&text[..start]) {
                evidence.insert(Evidence::Speech);
            }
            if appositive_after(after) {
                evidence.insert(Evidence::Appositive);
            }
        }
        evidence
    };

    // Persons named in full first, so that a title and one word can name one of them.
    let mut people: Vec<Person> = Vec::new();
    // Every lookup below is by key, never a scan of the people: a long article has
    // thousands of them and a hundred thousand capitalised words.
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    let mut singles = Vec::new();
    let mut joined_key = String::new();
    for run in &runs {
        // Cheap tests first: one untitled word has no evidence (most runs: "The", "He").
        if !run.titled && run.to - run.from - run.title < 2 {
            continue;
        }
        let name = name_words(run);
        if in_title(run) {
            continue;
        }
        let Some(first) = plausible(&name) else {
            continue;
        };
        let evidence = evidence(run, &name, first);
        if evidence.is_empty() {
            continue;
        }
        if name.len() == 1 {
            singles.push(*run);
            continue;
        }
        // Looked up by a borrowed key: a name met again allocates nothing.
        joined_key.clear();
        for (i, word) in name.iter().enumerate() {
            if i > 0 {
                joined_key.push(' ');
            }
            joined_key.push_str(word);
        }
        let p = match index.get(joined_key.as_str()) {
            Some(&p) => p,
            None => {
                people.push(Person {
                    family: family_index(&name),
                    words: name.iter().map(|w| (*w).to_owned()).collect(),
                    evidence: EvidenceSet::default(),
                    full: Vec::new(),
                });
                index.insert(joined_key.clone(), people.len() - 1);
                people.len() - 1
            }
        };
        people[p].evidence.extend(evidence);
    }

    // The people named in full by their family name, as written and in capitals, in
    // the order they were found.
    let mut by_family: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    let mut by_family_capitals: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (p, person) in people.iter().enumerate() {
        let family = &person.words[person.family];
        by_family.entry(family.clone()).or_default().push(p);
        by_family_capitals
            .entry(family.to_uppercase())
            .or_default()
            .push(p);
    }
    let mut added: Vec<Found> = Vec::new();
    let mut added_spans: FxHashSet<Span> = FxHashSet::default();
    let mut dropped: Vec<usize> = Vec::new();
    // Listed persons named by a title and their family name, by that name (as written,
    // and in capitals).
    let mut titled: FxHashMap<String, EntityIndex> = FxHashMap::default();
    let mut titled_capitals: FxHashMap<String, EntityIndex> = FxHashMap::default();
    let local = |p: usize| EntityIndex::from_usize(listed + p).expect("over 4 billion entries");
    let name_span = |r: &Run| {
        Span::new(words[r.from + r.title].span.start, {
            let last = r.to - 1;
            words[last].span.start + stem(last).len()
        })
    };
    let mention = |span: Span, entity: EntityIndex, partial: bool, titled: bool| Found {
        span,
        candidates: smallvec::smallvec![Candidate {
            entity,
            kind: AliasKind::Alias,
        }],
        claimed: Vec::new(),
        partial,
        titled,
    };
    // A title and one word: a person named in full here, a listed person with that
    // family name (if only one has it), or a new person.
    for run in &singles {
        let word = stem(run.from + run.title);
        if by_family.contains_key(word) {
            continue; // linked with the other partial names below
        }
        if let [one] = persons.by_family(word) {
            titled.insert(word.to_owned(), *one);
            titled_capitals.insert(word.to_uppercase(), *one);
            let span = name_span(run);
            added_spans.insert(span);
            added.push(mention(span, *one, true, true));
            dropped.extend(run.replaces);
            continue;
        }
        let p = *index.entry(word.to_owned()).or_insert_with(|| {
            people.push(Person {
                words: vec![word.to_owned()],
                family: 0,
                evidence: EvidenceSet::default(),
                full: Vec::new(),
            });
            people.len() - 1
        });
        people[p].evidence.insert(Evidence::Title);
    }
    if people.is_empty() && titled.is_empty() {
        return Vec::new();
    }

    // Most runs name no one found: a filter on the first byte and the length of every
    // name looked up below turns them away before any hashing.
    let mut names = KeyFilter::default();
    index
        .keys()
        .chain(by_family.keys())
        .chain(titled.keys())
        .for_each(|k| names.add(k));
    let mut capitals = KeyFilter::default();
    by_family_capitals
        .keys()
        .chain(titled_capitals.keys())
        .for_each(|k| capitals.add(k));
    // Every run that names a person: in full, or by family name alone.
    let mut partial_runs = Vec::new();
    let mut key = String::new();
    for run in &runs {
        // The words of a run have lower case: only the names as written can match them.
        let first = stem(run.from + run.title);
        let key_len = (run.from + run.title..run.to)
            .map(|w| words[w].stem_end - words[w].span.start + 1)
            .sum::<usize>();
        if !in_title(run) && !names.may_hold(first, key_len - 1) {
            continue;
        }
        let name = name_words(run);
        key.clear();
        for (i, word) in name.iter().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            key.push_str(word);
        }
        if let Some(&p) = index.get(&key) {
            let span = name_span(run);
            if added_spans.insert(span) {
                // Runs come in text order: each person's starts ascend.
                people[p].full.push(span.start);
                added.push(mention(span, local(p), false, false));
                dropped.extend(run.replaces);
            }
        } else if name.len() == 1 {
            partial_runs.push((name_span(run), name[0], run.replaces));
        } else if in_title(run) {
            // Headlines capitalise every word: each may be a family name.
            for (w, word) in words
                .iter()
                .enumerate()
                .take(run.to)
                .skip(run.from + run.title)
            {
                let span = Span::new(word.span.start, word.span.start + stem(w).len());
                partial_runs.push((span, stem(w), None));
            }
        }
    }
    // Family names in capitals ("SHOIGU") are linked too.
    for (i, w) in words.iter().enumerate() {
        let word = w.span.slice(text);
        if covered[i].is_none() && capitals.may_hold(word, word.len()) && is_all_capitals(word) {
            partial_runs.push((w.span, w.span.slice(text), None));
        }
    }
    for (span, word, replaces) in partial_runs {
        // "Shoigu", or "SHOIGU" in capitals.
        let capitals = is_all_capitals(word);
        let of = if capitals {
            by_family_capitals.get(word)
        } else {
            by_family.get(word)
        };
        let Some(of) = of else {
            // "Blair" after "Mr Blair" named the one listed Blair.
            let named = if capitals {
                titled_capitals.get(word)
            } else {
                titled.get(word)
            };
            if let Some(&entity) = named {
                if added_spans.insert(span) {
                    added.push(mention(span, entity, true, false));
                    dropped.extend(replaces);
                }
            }
            continue;
        };
        // The person named in full nearest before (else after) comes first (inline: most
        // family names belong to one person, and no list is allocated for them).
        let mut of: smallvec::SmallVec<[usize; 4]> = of.iter().copied().collect();
        of.sort_by_key(|&p| nearest(&people[p].full, span.start));
        let mut found = mention(span, local(of[0]), true, false);
        found.candidates.extend(of[1..].iter().map(|&p| Candidate {
            entity: local(p),
            kind: AliasKind::Alias,
        }));
        added.push(found);
        dropped.extend(replaces);
    }

    if !dropped.is_empty() {
        let mut keep = vec![true; found.len()];
        dropped.iter().for_each(|&f| keep[f] = false);
        let mut i = 0;
        found.retain(|_| {
            i += 1;
            keep[i - 1]
        });
    }
    found.extend(added);
    found.sort_by_key(|f| (f.span.start, f.span.end));
    found.dedup_by_key(|f| f.span);

    // Ids are unique within the article: a second "John Smith" is `person:~john-smith-2`.
    // Their hashes are kept (no copy of each id); an equal hash is checked for real.
    let hash = |id: &str| {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(id)
    };
    let mut ids: FxHashSet<u64> = FxHashSet::default();
    let mut out: Vec<Entry> = Vec::with_capacity(people.len());
    let evidence_values: [Value; 4] = Evidence::ALL.map(|e| Value::from(e.as_str()));
    for person in people {
        let name = person.words.join(" ");
        let mut id = String::with_capacity(name.len() + 8);
        id.push_str("person:~");
        push_slug(&mut id, &name);
        let taken =
            |id: &str, out: &[Entry]| ids.contains(&hash(id)) && out.iter().any(|e| e.id == id);
        if taken(&id, &out) {
            let base = id.clone();
            let mut n = 2;
            while taken(&id, &out) {
                id = format!("{base}-{n}");
                n += 1;
            }
        }
        ids.insert(hash(&id));
        let mut entry = Entry::new(id, name, "PERSON");
        let evidence = person
            .evidence
            .iter()
            .map(|e| evidence_values[e as usize].clone());
        entry
            .attributes
            .insert("evidence".into(), Value::Array(evidence.collect()));
        out.push(entry);
    }
    out
}

/// A quick, inexact test of membership in a few keys: a bit for each first byte and
/// each length (keys longer than 127 bytes pass by length). No false negatives.
#[derive(Default)]
struct KeyFilter {
    first: [u64; 4],
    lengths: u128,
}

impl KeyFilter {
    fn add(&mut self, key: &str) {
        if let Some(&b) = key.as_bytes().first() {
            self.first[usize::from(b >> 6)] |= 1 << (b & 63);
        }
        self.lengths |= 1u128.checked_shl(key.len() as u32).unwrap_or(0);
        if key.len() > 127 {
            self.lengths |= 1 << 127;
        }
    }

    /// Whether a key of `len` bytes that begins like `start` may be among the keys.
    fn may_hold(&self, start: &str, len: usize) -> bool {
        let Some(&b) = start.as_bytes().first() else {
            return false;
        };
        let length_ok = if len > 127 {
            self.lengths & (1 << 127) != 0
        } else {
            self.lengths & (1 << len) != 0
        };
        length_ok && self.first[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }
}

/// For each word, the index of a mention of `found` that overlaps it.
fn cover(words: &[Word], found: &[Found]) -> Vec<Option<usize>> {
    // Words and mentions both ascend: one cursor walks the mentions (no search per word).
    let mut at = 0;
    words
        .iter()
        .map(|w| {
            while at < found.len() && found[at].span.end <= w.span.start {
                at += 1;
            }
            // Leftmost-longest mentions do not overlap, so the first one at `at` decides;
            // with overlapping mentions on, a few more are looked at.
            found[at..]
                .iter()
                .take(4)
                .position(|f| f.span.start < w.span.end && w.span.start < f.span.end)
                .map(|k| at + k)
        })
        .collect()
}

fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// An initial: one capital letter followed by a full stop ("George W. Bush").
fn initial_at(text: &str, word: &Word) -> bool {
    is_initial(word.span.slice(text)) && text[word.span.end..].starts_with('.')
}

/// (after the start, distance): the nearest start before `at` first, then after.
fn nearest(starts: &[usize], at: usize) -> (bool, usize) {
    // `starts` ascend (runs are read in text order): a binary search, not a scan.
    let below = starts.partition_point(|&s| s <= at);
    match below.checked_sub(1) {
        Some(i) => (false, at - starts[i]),
        None => (true, starts.first().map_or(usize::MAX, |&s| s - at)),
    }
}

/// "…, Smith said", "Smith told": a speech verb right after the name.
fn speech_after(after: &str) -> bool {
    let rest = after.strip_prefix(',').unwrap_or(after);
    let Some(rest) = rest.strip_prefix(' ') else {
        return false;
    };
    let verb = rest
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    // As written, in lower case: "Said" in a title is no cue.
    kinds(verb).is(List::NameCueVerbs)
}

/// "said John Smith", "according to John Smith": a speech verb right before the name.
fn speech_before(before: &str) -> bool {
    let Some(rest) = before.strip_suffix(' ') else {
        return false;
    };
    let last = rest
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    kinds(last).is(List::NameCueVerbs) || rest.ends_with("according to")
}

/// "Ana Ferreira, the economy minister," : a comma, then a short phrase that starts in
/// lower case and holds a role, ended by a comma or a full stop.
fn appositive_after(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(", ") else {
        return false;
    };
    let phrase = match rest.find([',', '.', ';', '\n']) {
        Some(end) if rest[end..].starts_with([',', '.']) => &rest[..end],
        _ => return false,
    };
    phrase.split(' ').count() <= 6
        && phrase.chars().next().is_some_and(char::is_lowercase)
        && phrase.split(' ').any(|w| List::Roles.contains(w))
}

/// A name as an id: lower case, words joined by `-`, other marks dropped.
#[cfg(test)]
fn slug(name: &str) -> String {
    let mut out = String::new();
    push_slug(&mut out, name);
    out
}

/// Appends `name` as an id part (see [`slug`]) to `out`.
fn push_slug(out: &mut String, name: &str) {
    let from = out.len();
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out[from..].ends_with('-') && out.len() > from {
            out.push('-');
        }
    }
    while out.len() > from && out.ends_with('-') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_family_names() {
        assert_eq!(slug("Li Shangfu"), "li-shangfu");
        assert_eq!(slug("Seán O'Neill"), "seán-o-neill");
        assert_eq!(family_index(&["Li", "Shangfu"]), 0);
        assert_eq!(family_index(&["Xi", "Jinping"]), 0);
        assert_eq!(family_index(&["Sergei", "Shoigu"]), 1);
        assert_eq!(family_index(&["George", "W", "Bush"]), 2);
        assert!(is_given_name("Tony") && !is_given_name("Will") && !is_given_name("Georgia"));
    }

    #[test]
    fn cues_beside_a_name() {
        assert!(speech_after(", said on Monday"));
        assert!(speech_after(" told reporters"));
        assert!(!speech_after(" saidx"));
        assert!(speech_before("the deal, said "));
        assert!(speech_before("according to "));
        assert!(appositive_after(", the economy minister, said"));
        assert!(appositive_after(", a former Chelsea striker."));
        assert!(!appositive_after(", France, and Spain"));
        assert!(!appositive_after(", the city"));
    }
}
