//! People the gazetteer does not list, found from the way news introduces them.
//!
//! A run of capitalised words (no punctuation between them, no word the gazetteer
//! matched) is a person's name when the text gives evidence, precision first:
//! - `title`: a title or office directly before it ("Defense Minister Sergei Shoigu",
//!   "Mr Blair", "coach Arsene Wenger");
//! - `appositive`: a role after it ("Ana Ferreira, the economy minister,");
//! - `speech`: a speech verb beside it ("…, John Smith said", "said John Smith");
//! - `given-name`: its first word a common given name ("Tony Blair");
//! - `initials`: initials before a family name ("J. Adams");
//! - `nationality`: a country in brackets after it ("Pete Sampras (U.S.)");
//! - `list`: a name of two or three words in a comma list beside a person's;
//! - `who`: ", who" after it; `speech` also for one word right after a quotation's verb
//!   ("said Parnevik.") or before a verb and a pronoun ("Nerweyi said he");
//! - `family-name`: its last word the family name of a person named in full here ("Naina
//!   Yeltsin"), not at a sentence's start.
//!
//! Organisations are found first (`organisations`, over the same words) and claim theirs.
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

use super::organisations::{find_organisations, OrgKnowledge};
use super::partial::PartialNames;
use super::words::{capitalised_words, is_all_capitals, is_initial, word_before, words_in, Word};
use super::Found;
use crate::gazetteer::{AliasKind, EntityIndex, Entry};
use crate::lexicon::{kinds, Kinds, List};
use crate::matcher::Candidate;
use crate::span::Span;

/// Which names [`find_people`] finds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Finders {
    pub(crate) people: bool,
    pub(crate) organisations: bool,
}

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
    Initials,
    Nationality,
    List,
    Who,
    Family,
}

impl Evidence {
    const ALL: [Evidence; 9] = [
        Evidence::Title,
        Evidence::Appositive,
        Evidence::Speech,
        Evidence::GivenName,
        Evidence::Initials,
        Evidence::Nationality,
        Evidence::List,
        Evidence::Who,
        Evidence::Family,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Evidence::Title => "title",
            Evidence::Appositive => "appositive",
            Evidence::Speech => "speech",
            Evidence::GivenName => "given-name",
            Evidence::Initials => "initials",
            Evidence::Nationality => "nationality",
            Evidence::List => "list",
            Evidence::Who => "who",
            Evidence::Family => "family-name",
        }
    }
}

/// A set of [`Evidence`], one bit each (no allocation per name).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct EvidenceSet(u16);

impl EvidenceSet {
    fn insert(&mut self, e: Evidence) {
        self.0 |= 1 << e as u16;
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
            .filter(move |&e| self.0 & (1 << e as u16) != 0)
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
/// Every entry returned is named by a mention's first candidate.
pub(crate) fn find_people(
    text: &str,
    title: Option<Span>,
    found: &mut Vec<Found>,
    listed: usize,
    persons: &PartialNames,
    knowledge: &OrgKnowledge,
    finders: Finders,
) -> Vec<Entry> {
    let mut entries = find_entries(text, title, found, listed, persons, knowledge, finders);
    keep_named(found, &mut entries, listed);
    entries
}

/// Drops the entries (entity `listed + i` is entry `i`) that no mention of `found` names
/// by its first candidate, and renumbers the others: a finder may set a name aside after
/// finding it (a place's words before it, "in Paris Holdings Ltd"; a team at a run's end
/// that no mention reaches), and an entity named nowhere is no finding.
fn keep_named(found: &mut [Found], entries: &mut Vec<Entry>, listed: usize) {
    let local = |e: EntityIndex| e.as_usize().checked_sub(listed);
    let mut named = vec![false; entries.len()];
    for f in found.iter() {
        if let Some(i) = local(f.entity()) {
            named[i] = true;
        }
    }
    if named.iter().all(|&n| n) {
        return;
    }
    let mut renumbered = Vec::with_capacity(named.len());
    let mut next = listed;
    for &n in &named {
        renumbered.push(n.then(|| {
            next += 1;
            EntityIndex::from_usize(next - 1).expect("over 4 billion entries")
        }));
    }
    let renumber = |e: EntityIndex| local(e).map_or(Some(e), |i| renumbered[i]);
    for f in found.iter_mut() {
        f.candidates.retain(|c| match renumber(c.entity) {
            Some(e) => {
                c.entity = e;
                true
            }
            None => false,
        });
        f.claimed = f.claimed.iter().filter_map(|&e| renumber(e)).collect();
    }
    let mut keep = named.into_iter();
    entries.retain(|_| keep.next().unwrap_or(false));
}

fn find_entries(
    text: &str,
    title: Option<Span>,
    found: &mut Vec<Found>,
    listed: usize,
    persons: &PartialNames,
    knowledge: &OrgKnowledge,
    finders: Finders,
) -> Vec<Entry> {
    let words = capitalised_words(text);
    let word = |i: usize| words[i].span.slice(text);
    let stem = |i: usize| words[i].stem(text);
    let mut covered = cover(&words, found);
    // Organisations first: their names claim the words in them (a place in "Bank of
    // England", a would-be person in "Burlington Industries").
    let mut out: Vec<Entry> = Vec::new();
    if finders.organisations {
        let is_person = |e: EntityIndex| e.as_usize() < listed && persons.is_person(e);
        let orgs = find_organisations(
            text, title, &words, &covered, found, listed, is_person, knowledge,
        );
        if !orgs.mentions.is_empty() {
            remove_indices(found, &orgs.claimed);
            found.extend(orgs.mentions);
            found.sort_by_key(|f| (f.span.start, f.span.end));
            found.dedup_by_key(|f| f.span);
            covered = cover(&words, found);
        }
        out = orgs.entries;
    }
    if !finders.people {
        return out;
    }
    let listed = listed + out.len();
    let covered = covered;
    let is_country = |e: EntityIndex| knowledge.is_country(e);
    let gap = |i: usize| &text[words[i].span.end..words[i + 1].span.start];
    // Joined to the next word: one space, or a full stop and a space after an initial or
    // an abbreviated title.
    let joined = |i: usize| {
        i + 1 < words.len()
            && !words[i].is_possessive()
            && match gap(i) {
                " " => true,
                ". " => is_initial(word(i)) || List::AbbreviatedTitles.contains(word(i)),
                // "J.K. Rowling"
                "." => is_initial(word(i)) && is_initial(word(i + 1)),
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

    let in_title = |r: &Run| words_in(title, &words, r.from, r.to);
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
            if who_after(after) {
                evidence.insert(Evidence::Who);
            }
            // "J. Adams", "R. Irani": initials before a family name.
            if is_initial(name[0])
                && words[r.from + r.title].span.end < text.len()
                && text[words[r.from + r.title].span.end..].starts_with('.')
            {
                evidence.insert(Evidence::Initials);
            }
            // "Pete Sampras (U.S.)": a country in brackets after the name, as results and
            // line-ups write it.
            let bracket = after
                .strip_prefix(" (")
                .map(|a| a.strip_prefix(' ').unwrap_or(a));
            if let Some(rest) = bracket {
                let at = text.len() - rest.len();
                let country = words.get(r.to).is_some_and(|w| w.span.start == at)
                    && covered[r.to].is_some_and(|f| is_country(found[f].entity()));
                if country {
                    evidence.insert(Evidence::Nationality);
                }
            }
        } else if who_after(&text[words[r.to - 1].span.end..]) {
            evidence.insert(Evidence::Who);
        } else if speech_then_pronoun(&text[words[r.to - 1].span.end..]) {
            evidence.insert(Evidence::Speech);
        } else if speech_before(&text[..words[r.from].span.start])
            && text[words[r.to - 1].span.end..].starts_with([',', '.', ' '])
            && !words[r.to - 1].is_possessive()
        {
            // "…," said Parnevik.": a family name right after the verb of a quotation.
            let after = &text[words[r.to - 1].span.end..];
            if after.starts_with([',', '.']) || after.starts_with(" ,") || after.starts_with(" .") {
                evidence.insert(Evidence::Speech);
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
    // Each run's evidence, then the names of a list whose neighbour is a person's
    // ("Sanath Jayasuriya, Romesh Kaluwitharana, Asanka Gurusinha").
    let mut found_evidence: Vec<EvidenceSet> = runs
        .iter()
        .map(|run| {
            // Cheap tests first: one untitled word has no evidence (most runs: "The",
            // "He") but after a speech verb.
            let after = &text[words[run.to - 1].span.end..];
            if !run.titled
                && run.to - run.from - run.title < 2
                && !speech_before(&text[..words[run.from].span.start])
                && !who_after(after)
                && !speech_then_pronoun(after)
            {
                return EvidenceSet::default();
            }
            let name = name_words(run);
            if in_title(run) || before_particle(&text[words[run.to - 1].span.end..]) {
                return EvidenceSet::default();
            }
            match plausible(&name) {
                Some(first) => evidence(run, &name, first),
                None => EvidenceSet::default(),
            }
        })
        .collect();
    let listable = |k: usize| {
        let r = &runs[k];
        let n = r.to - r.from - r.title;
        (2..=3).contains(&n)
            && r.title == 0
            && !in_title(r)
            && !before_particle(&text[words[r.to - 1].span.end..])
            && plausible(&name_words(r)).is_some()
    };
    let listed_after = |k: usize| {
        let between = &text[words[runs[k].to - 1].span.end..words[runs[k + 1].from].span.start];
        !words[runs[k].to - 1].is_possessive()
            && matches!(
                between,
                ", " | " , " | " and " | ", and " | " , and " | " ; " | "; "
            )
    };
    // Evidence spreads from a listed name to its neighbour, forward then back.
    let spreads = |evidence: &[EvidenceSet], to: usize, from: usize| {
        evidence[to].is_empty()
            && !evidence[from].is_empty()
            && listable(to)
            && listable(from)
            && listed_after(to.min(from))
    };
    for k in 1..runs.len() {
        if spreads(&found_evidence, k, k - 1) {
            found_evidence[k].insert(Evidence::List);
        }
    }
    for k in (0..runs.len().saturating_sub(1)).rev() {
        if spreads(&found_evidence, k, k + 1) {
            found_evidence[k].insert(Evidence::List);
        }
    }
    for (run, &evidence) in runs.iter().zip(&found_evidence) {
        if evidence.is_empty() {
            continue;
        }
        let name = name_words(run);
        if name.len() == 1 {
            singles.push((*run, evidence));
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

    // "Naina Yeltsin" beside Boris Yeltsin: a name of two or three words whose last is
    // the family name of a person named in full here is a person's too.
    let families: FxHashSet<String> = people
        .iter()
        .filter(|p| p.words.len() >= 2)
        .map(|p| p.words[p.family].clone())
        .collect();
    for (k, run) in runs.iter().enumerate() {
        // Cheap tests first: most runs end in no family name found here.
        let n = run.to - run.from - run.title;
        if families.is_empty()
            || !found_evidence[k].is_empty()
            || !(2..=3).contains(&n)
            || !families.contains(stem(run.to - 1))
            || !listable(k)
        {
            continue;
        }
        let name = name_words(run);
        if family_index(&name) != name.len() - 1 || !families.contains(name[name.len() - 1]) {
            continue;
        }
        // Not at a sentence's start, where any word is capitalised ("Recent Bond films"),
        // nor after a word that describes ("Euro-sceptic Kilroy-Silk").
        let before = text[..words[run.from].span.start].trim_end_matches(' ');
        let opens = before.is_empty()
            || before.ends_with([
                '.', '!', '?', '"', '\'', '\n', ':', '\u{201c}', '\u{2018}', '(',
            ]);
        let described = name[0]
            .rsplit_once('-')
            .is_some_and(|(_, t)| t.starts_with(char::is_lowercase));
        if opens || described {
            continue;
        }
        let key = name.join(" ");
        if index.contains_key(&key) {
            continue;
        }
        let mut evidence = EvidenceSet::default();
        evidence.insert(Evidence::Family);
        people.push(Person {
            family: name.len() - 1,
            words: name.iter().map(|w| (*w).to_owned()).collect(),
            evidence,
            full: Vec::new(),
        });
        index.insert(key, people.len() - 1);
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
    for (run, evidence) in &singles {
        let word = stem(run.from + run.title);
        if by_family.contains_key(word) {
            continue; // linked with the other partial names below
        }
        if let ([one], true) = (persons.by_family(word), run.titled) {
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
        people[p].evidence.extend(*evidence);
    }
    if people.is_empty() && titled.is_empty() {
        return out;
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

    remove_indices(found, &dropped);
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
    out.reserve(people.len());
    let evidence_values: [Value; 9] = Evidence::ALL.map(|e| Value::from(e.as_str()));
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

/// Removes the mentions at `indices` (any order, repeats allowed) from `found`.
fn remove_indices(found: &mut Vec<Found>, indices: &[usize]) {
    if indices.is_empty() {
        return;
    }
    let mut keep = vec![true; found.len()];
    indices.iter().for_each(|&f| keep[f] = false);
    let mut i = 0;
    found.retain(|_| {
        i += 1;
        keep[i - 1]
    });
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

/// A particle and a capitalised word follow: the name goes on ("Joost van der
/// Westhuizen"), so the words before are not a name of their own.
fn before_particle(after: &str) -> bool {
    let mut rest = after;
    let mut particles = 0;
    while let Some(r) = rest.strip_prefix(' ') {
        let end = r.find(' ').unwrap_or(r.len());
        if !List::NameParticles.contains(&r[..end]) {
            return particles > 0 && r.starts_with(char::is_uppercase);
        }
        particles += 1;
        rest = &r[end..];
    }
    false
}

/// ", who" or ", whose" right after the name: English asks "who" of people alone.
fn who_after(after: &str) -> bool {
    let rest = after
        .strip_prefix(", ")
        .or_else(|| after.strip_prefix(" , "));
    rest.is_some_and(|r| {
        let word = r.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        matches!(word, "who" | "whose")
    })
}

/// "Nerweyi said he…": a speech verb, then a pronoun for one person.
fn speech_then_pronoun(after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let mut tokens = rest.split(' ');
    let verb = tokens.next().unwrap_or("");
    let pronoun = tokens.next().unwrap_or("");
    kinds(verb).is(List::NameCueVerbs) && matches!(pronoun, "he" | "she" | "his" | "her" | "him")
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
pub(crate) fn push_slug(out: &mut String, name: &str) {
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
