//! The precision rules: which surface forms the built-in gazetteer keeps, and the few case
//! marks the matcher's smart default leaves necessary. Documented, with the evidence, in
//! `docs/builtin-gazetteer.md`.

use std::collections::{BTreeMap, HashMap, HashSet};

use newsgaz::gazetteer::AliasKind;
use newsgaz::CaseMode;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::words::WordStats;
use crate::{Decision, Draft, Form, Origin, Source};

/// A word whose lower-case form occurs this often in the BBC corpus is an ordinary word.
pub(crate) const COMMON_WORD_MIN_LOWER: u32 = 2;
/// A word that follows another proper name this often...
pub(crate) const PROPER_NAME_MIN_PAIRS: u32 = 3;
/// ...in at least this share of its capitalised occurrences is a person's name.
pub(crate) const PROPER_NAME_MIN_SHARE: f64 = 0.3;
/// A word that comes before another proper name in at least this share of its capitalised
/// occurrences (and [`PROPER_NAME_MIN_PAIRS`] times) is a first name ("Vladimir Putin").
/// Higher than for surnames: places often qualify names ("London Marathon").
pub(crate) const FIRST_NAME_MIN_SHARE: f64 = 0.5;
/// Cities this large keep their names whatever people share them: in news the city is
/// the likelier reading ("Sofia", "Shanghai").
pub(crate) const NAME_RULES_MAX_POPULATION: u64 = 1_000_000;
/// Cities under this population are matched by multi-word names only (unless capitals):
/// single-word names of towns are more often people, teams and words than the town.
pub(crate) const SINGLE_WORD_TOWN_MIN_POPULATION: u64 = 100_000;
/// A single word that begins at least this many multi-word names in the gazetteer is a
/// name prefix ("San Andreas", "Santa Cruz", "New ..."), not a place of its own.
pub(crate) const NAME_PREFIX_MIN_NAMES: usize = 100;
/// Non-Latin alternate names are kept for cities of at least this population.
pub(crate) const NON_LATIN_MIN_POPULATION: u64 = 100_000;
/// Latin-script alternate names of cities smaller than this are dropped, unless they are
/// the name with other diacritics (exonyms of small towns are rare in news and collide).
pub(crate) const EXONYM_MIN_POPULATION: u64 = 100_000;
/// An alternate name that is another entity's own name stays only when its entity is at
/// least this many times more populous.
pub(crate) const SHADOW_POPULATION_RATIO: u64 = 10;

/// Words capitalised for grammar, not because they name a place.
const CALENDAR_WORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// A precision rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// The same text twice for one entry.
    Duplicate,
    /// Codes and fragments: digits, under three letters (under two characters in other
    /// scripts), or an all-capitals alternate of up to four letters (airport codes).
    CodeOrFragment,
    /// A GeoNames alternate written in lower case: a romanisation ("hua sheng dun").
    Romanisation,
    /// A Latin-script exonym of a city under `EXONYM_MIN_POPULATION`.
    MinorExonym,
    /// Another entity's own name, and this entity is not much more populous.
    Shadowed,
    /// A month or weekday name.
    CalendarWord,
    /// An ordinary English word (by its lower-case use in the BBC corpus): dropped from
    /// places; kept for countries' own names, acronyms and demonyms, which smart case
    /// keeps from matching the lower-case word.
    CommonWord,
    /// A person's surname (it often follows another proper name in the BBC corpus).
    PersonName,
    /// A person's first name (it mostly comes before another proper name).
    FirstName,
    /// A non-Latin alternate name of a city under `NON_LATIN_MIN_POPULATION`.
    MinorNonLatin,
    /// A single-word name of a town under `SINGLE_WORD_TOWN_MIN_POPULATION`.
    MinorTown,
    /// The first word of many multi-word names (`NAME_PREFIX_MIN_NAMES`).
    NamePrefix,
}

impl Rule {
    /// The rule's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Duplicate => "duplicate",
            Rule::CodeOrFragment => "code-or-fragment",
            Rule::Romanisation => "romanisation",
            Rule::MinorExonym => "minor-exonym",
            Rule::Shadowed => "shadowed",
            Rule::CalendarWord => "calendar-word",
            Rule::CommonWord => "common-word",
            Rule::PersonName => "person-name",
            Rule::FirstName => "first-name",
            Rule::MinorNonLatin => "minor-non-latin",
            Rule::MinorTown => "minor-town",
            Rule::NamePrefix => "name-prefix",
        }
    }

    /// Whether the rule rests on evidence worth listing one by one.
    fn is_evidence(self) -> bool {
        matches!(
            self,
            Rule::Shadowed
                | Rule::CalendarWord
                | Rule::CommonWord
                | Rule::PersonName
                | Rule::FirstName
                | Rule::NamePrefix
        )
    }
}

/// What the rules did.
pub(crate) struct Outcome {
    pub(crate) decisions: Vec<Decision>,
    pub(crate) dropped: Vec<(Rule, usize)>,
}

/// Lower case without diacritics: how two spellings are compared ("Niš" = "Nis").
pub(crate) fn fold(text: &str) -> String {
    text.nfd()
        .filter(|&c| !is_combining_mark(c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (('\u{C0}'..='\u{24F}').contains(&c) && c != '×' && c != '÷')
        || ('\u{1E00}'..='\u{1EFF}').contains(&c)
}

/// Whether every letter is in the Latin script (and there is one).
pub(crate) fn is_latin(text: &str) -> bool {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(is_latin_letter)
}

/// An acronym: two to five capital letters, dots and hyphens aside ("UN", "U.S.", "NATO").
pub(crate) fn is_acronym(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| *c != '.' && *c != '-').collect();
    (2..=5).contains(&letters.len()) && letters.iter().all(|c| c.is_ascii_uppercase())
}

fn is_single_word(text: &str) -> bool {
    text.chars().all(char::is_alphanumeric)
}

/// A first-level division (`curated/divisions.tsv`): its cue forms ("Porto province")
/// count for no rule of other entries.
fn is_division(draft: &Draft) -> bool {
    draft.attributes.get("kind").and_then(|k| k.as_str()) == Some("first-level division")
}

/// Applies the rules to every draft, in place.
pub(crate) fn apply(drafts: &mut Vec<Draft>, stats: &WordStats) -> Outcome {
    // Every entity's own names (and curated forms): what alternates may not shadow.
    let mut owners: HashMap<String, Vec<(String, Option<u64>)>> = HashMap::new();
    // Every form anywhere: multi-word names the person-name rule must not count.
    let mut known: HashSet<String> = HashSet::new();
    for d in drafts.iter() {
        // A division (population unknown) shadows no city's alternate name: "Chittagong"
        // stays the city's, the division takes only what no city has.
        known.insert(d.name.to_lowercase());
        if is_division(d) {
            known.extend(d.forms.iter().map(|f| f.text.to_lowercase()));
            continue;
        }
        owners
            .entry(fold(&d.name))
            .or_default()
            .push((d.id.clone(), d.population));
        known.insert(d.name.to_lowercase());
        for f in &d.forms {
            if f.origin == Origin::Curated {
                owners
                    .entry(fold(&f.text))
                    .or_default()
                    .push((d.id.clone(), d.population));
            }
            known.insert(f.text.to_lowercase());
        }
    }
    // How many multi-word forms each first word begins.
    let mut prefixes: HashMap<String, usize> = HashMap::new();
    for d in drafts.iter().filter(|d| !is_division(d)) {
        for text in std::iter::once(&d.name).chain(d.forms.iter().map(|f| &f.text)) {
            if let Some((first, _)) = text.split_once(' ') {
                *prefixes.entry(first.to_owned()).or_default() += 1;
            }
        }
    }
    let mut dropped: BTreeMap<Rule, usize> = BTreeMap::new();
    let mut decisions = Vec::new();
    let mut note = |draft: &Draft, text: &str, rule: Rule, evidence: String| {
        *dropped.entry(rule).or_default() += 1;
        if rule.is_evidence() {
            decisions.push(Decision {
                entity: draft.id.clone(),
                alias: text.to_owned(),
                rule,
                evidence,
            });
        }
    };
    let checker = Checker {
        prefixes: &prefixes,
        stats,
        owners: &owners,
        known: &known,
    };

    drafts.retain_mut(|draft| {
        // A place whose own name fails goes altogether: the name is always matched.
        if draft.source == Source::City {
            let name = Form::new(&draft.name, AliasKind::Name, Origin::Name);
            if let Some((rule, evidence)) = checker.verdict(draft, &name) {
                note(draft, &draft.name, rule, evidence);
                return false;
            }
        }
        if draft.source == Source::City
            && draft.tier != 1
            && draft.population.unwrap_or(0) < SINGLE_WORD_TOWN_MIN_POPULATION
            && is_single_word(&draft.name)
        {
            note(draft, &draft.name, Rule::MinorTown, String::new());
            return false;
        }
        let mut seen: HashSet<String> = HashSet::from([draft.name.clone()]);
        // A text that is both an alias and a demonym ("Saudi", "Thai") is a demonym.
        let demonyms: HashSet<String> = draft
            .forms
            .iter()
            .filter(|f| f.kind == AliasKind::Demonym)
            .map(|f| f.text.clone())
            .collect();
        let forms: Vec<Form> = std::mem::take(&mut draft.forms)
            .into_iter()
            .filter(|f| f.kind == AliasKind::Demonym || !demonyms.contains(&f.text))
            .collect();
        for form in forms {
            if form.text.is_empty() {
                continue;
            }
            if !seen.insert(form.text.clone()) {
                note(draft, &form.text, Rule::Duplicate, String::new());
                continue;
            }
            match checker.verdict(draft, &form) {
                None => {}
                // Countries' own names, demonyms and acronyms stay: the matcher's smart
                // case already keeps a capitalised alias from matching the lower-case word.
                Some((Rule::CommonWord, evidence))
                    if form.origin == Origin::Demonym || is_acronym(&form.text) =>
                {
                    note(
                        draft,
                        &form.text,
                        Rule::CommonWord,
                        format!("{evidence}; kept (smart case: capitalised only)"),
                    );
                }
                Some((rule, evidence)) => {
                    note(draft, &form.text, rule, evidence);
                    continue;
                }
            }
            draft.forms.push(form);
        }
        // The country's own name: never dropped; smart case keeps it from matching the
        // lower-case word ("Jersey" is not "jersey", "Chad" not "chad").
        if draft.source == Source::Country {
            let lower = stats.lower_count(&draft.name);
            if is_single_word(&draft.name) && lower >= COMMON_WORD_MIN_LOWER {
                note(
                    draft,
                    &draft.name.clone(),
                    Rule::CommonWord,
                    format!("lower-case {lower}x; kept (smart case: capitalised only)"),
                );
            }
        }
        mark_acronyms(draft, stats);
        true
    });
    decisions.sort();
    Outcome {
        decisions,
        dropped: dropped.into_iter().collect(),
    }
}

/// The data is written for the matcher's default, [`CaseMode::Smart`]: an all-capital
/// alias of up to `acronym_max_len` letters matches only in capitals ("US" is not "us",
/// "WHO" not "who"), and any other alias only where its capitalised words are capitalised
/// ("NATO" matches "Nato", the BBC's spelling, but not "nato"). So no form needs a mark,
/// except a longer acronym whose title-case form is an ordinary word at the start of a
/// sentence (its lower-case form is a common word): it is case-exact. When that form is
/// the entry's name, the entry is case-exact and its other forms are marked smart, so that
/// they do not inherit the entry's exact case.
fn mark_acronyms(draft: &mut Draft, stats: &WordStats) {
    let max = newsgaz::MatcherOptions::default().acronym_max_len;
    let needs_exact = |text: &str| {
        is_acronym(text)
            && text.chars().filter(|c| c.is_alphabetic()).count() > max
            && stats.lower_count(&text.to_lowercase()) >= COMMON_WORD_MIN_LOWER
    };
    if draft.case.is_none() && needs_exact(&draft.name) {
        draft.case = Some(CaseMode::Exact);
        for f in &mut draft.forms {
            if !needs_exact(&f.text) {
                f.case.get_or_insert(CaseMode::Smart);
            }
        }
    }
    for f in &mut draft.forms {
        if needs_exact(&f.text) {
            f.case.get_or_insert(CaseMode::Exact);
        }
    }
}

struct Checker<'a> {
    prefixes: &'a HashMap<String, usize>,
    stats: &'a WordStats,
    owners: &'a HashMap<String, Vec<(String, Option<u64>)>>,
    known: &'a HashSet<String>,
}

impl Checker<'_> {
    /// The first rule that rejects `form` of `draft`, with its evidence.
    fn verdict(&self, draft: &Draft, form: &Form) -> Option<(Rule, String)> {
        if form.origin == Origin::Curated {
            return None;
        }
        let text = form.text.as_str();
        let latin = is_latin(text);
        let trusted_names = matches!(
            draft.source,
            Source::UsState | Source::Continent | Source::CuratedRegion | Source::Organisation
        );
        if trusted_names && form.origin == Origin::Name {
            return None;
        }
        let from_alternates = form.origin == Origin::Alternate;
        // Mechanical filters.
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        if text.chars().any(|c| c.is_ascii_digit())
            || (latin && letters < 3 && !is_acronym(text))
            || (!latin && text.chars().count() < 2)
            || (from_alternates && latin && letters <= 4 && is_acronym(text))
        {
            return Some((Rule::CodeOrFragment, String::new()));
        }
        if from_alternates && latin && text.chars().next().is_some_and(char::is_lowercase) {
            return Some((Rule::Romanisation, String::new()));
        }
        if from_alternates
            && latin
            && draft.source == Source::City
            && draft.population.unwrap_or(0) < EXONYM_MIN_POPULATION
            && fold(text) != fold(&draft.name)
        {
            return Some((Rule::MinorExonym, String::new()));
        }
        if from_alternates
            && !latin
            && draft.source == Source::City
            && draft.population.unwrap_or(0) < NON_LATIN_MIN_POPULATION
        {
            return Some((Rule::MinorNonLatin, String::new()));
        }
        // Evidence-based rules.
        if form.origin != Origin::Name && form.origin != Origin::Demonym {
            // A capital is never shadowed by its country: "Brasilia", a translation of
            // Brazil's name, is the city.
            let capitals = draft.attributes.get("capitals").and_then(|c| c.as_array());
            let capital = capitals
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_str())
                .find(|c| fold(c) == fold(text));
            if let Some(capital) = capital {
                return Some((
                    Rule::Shadowed,
                    format!("the name of its capital, {capital}"),
                ));
            }
            if let Some(owners) = self.owners.get(&fold(text)) {
                let own = draft.population.unwrap_or(0);
                if let Some((other, population)) = owners.iter().find(|(id, population)| {
                    // Capitals and the cities placed before states are not shadowed by
                    // entities of unknown population (New York City keeps "New York").
                    *id != draft.id
                        && population.map_or(draft.tier != 1, |p| {
                            own < p.saturating_mul(SHADOW_POPULATION_RATIO)
                        })
                }) {
                    return Some((
                        Rule::Shadowed,
                        format!(
                            "name of {other} (population {}) vs {own}",
                            population.map_or("unknown".to_owned(), |p| p.to_string())
                        ),
                    ));
                }
            }
        }
        if !latin || !is_single_word(text) {
            return None;
        }
        if CALENDAR_WORDS.contains(&text.to_lowercase().as_str()) {
            return Some((Rule::CalendarWord, String::new()));
        }
        let begins = self.prefixes.get(text).copied().unwrap_or(0);
        if draft.tier != 1 && draft.source != Source::Country && begins >= NAME_PREFIX_MIN_NAMES {
            return Some((
                Rule::NamePrefix,
                format!("begins {begins} multi-word names"),
            ));
        }
        // The matcher folds diacritics, so "Ísland" (Iceland) would match "Island": the
        // word's use is looked up without its diacritics too.
        let lower = self
            .stats
            .lower_count(text)
            .max(self.stats.lower_count(&fold(text)));
        let capitalised = self.stats.capitalised_count(text);
        if lower >= COMMON_WORD_MIN_LOWER {
            return Some((
                Rule::CommonWord,
                format!("lower-case {lower}x, capitalised {capitalised}x"),
            ));
        }
        // A country's translated names are held to the name rules too ("Maurice",
        // Mauritius in French, is mostly a first name in English news); its English
        // names and demonyms are not.
        let name_rules = form.origin != Origin::Demonym
            && if draft.source == Source::Country {
                form.origin == Origin::Alternate
            } else {
                draft.population.unwrap_or(0) < NAME_RULES_MAX_POPULATION
            };
        if name_rules {
            let pairs = self
                .stats
                .after_proper_name_count(text, |pair| self.known.contains(&pair.to_lowercase()));
            if pairs >= PROPER_NAME_MIN_PAIRS
                && f64::from(pairs) >= PROPER_NAME_MIN_SHARE * f64::from(capitalised)
            {
                return Some((
                    Rule::PersonName,
                    format!("after a proper name {pairs}x of {capitalised}x capitalised"),
                ));
            }
            // No rule drops a city because a team bears its name: sport is a context, decided
            // in the text (the place-context rule, teams in results lines).
            let pairs = self
                .stats
                .before_proper_name_count(text, |pair| self.known.contains(&pair.to_lowercase()));
            if pairs >= PROPER_NAME_MIN_PAIRS
                && f64::from(pairs) >= FIRST_NAME_MIN_SHARE * f64::from(capitalised)
            {
                return Some((
                    Rule::FirstName,
                    format!("before a proper name {pairs}x of {capitalised}x capitalised"),
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_acronym_tests() {
        assert!(is_latin("São Paulo") && is_latin("Łódź") && !is_latin("Москва"));
        assert!(!is_latin("北京") && !is_latin("123"));
        for (text, acronym) in [
            ("UN", true),
            ("U.S.", true),
            ("NATO", true),
            ("Nato", false),
            ("ITAR-TASS", false),
            ("G7", false),
        ] {
            assert_eq!(is_acronym(text), acronym, "{text}");
        }
        assert_eq!(fold("Niš"), "nis");
        assert_eq!(fold("Côte d'Ivoire"), "cote d'ivoire");
    }
}
