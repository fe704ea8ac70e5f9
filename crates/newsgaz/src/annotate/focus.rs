//! Where an article is about: its countries and places, weighted like salience, and that
//! focus used as evidence while the article is read.
//!
//! The geography comes from the entries' attributes, so any gazetteer can carry it: an
//! entry lies in the country of its `country_code` attribute, a country is the entry with
//! an `iso2` attribute, and an entry marked `needs_context` is a place whose name is also
//! a common word, a plural or an event ("Brits"). While an article is annotated,
//!
//! 1. the places mentioned without ambiguity (every candidate in one country) weigh for
//!    their country ([`CountryWeights`]: three in the title, one elsewhere);
//! 2. a `needs_context` place stays a candidate only with evidence: another mention in its
//!    country, or "in"/"near" right before it;
//! 3. an ambiguous place name may go to the candidate in the country whose cities, states
//!    and regions the article names clearly more ("Westminster" beside Denver and Colorado
//!    is the one in Colorado), after the in-article evidence of [`resolve`](super::resolve)
//!    and before the numeric prior ([`Geography::pick`] says when);
//!
//! and once the mentions are final, [`Geography::focus`] scores every country and place.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::gazetteer::{AliasKind, EntityIndex, Gazetteer};
use crate::span::Span;

use super::records::Mention;
use super::summary::weight;
use super::Found;

/// Labels that make an entry a place even without a country code (continents, seas).
const PLACE_LABELS: &[&str] = &["COUNTRY", "CITY", "REGION", "LOC", "GPE", "PLACE", "STATE"];

/// Words right before a `needs_context` place name that show it is the place.
const PLACE_CUES: &[&str] = &["in", "near", "In", "Near"];

/// Weight of a mention in the title while the article is read (elsewhere: one).
const TITLE_WEIGHT: f64 = 3.0;

/// The least weight (two mentions, or one in the title) a country needs before the focus
/// overrules the default reading of an ambiguous place name.
const FOCUS_MIN_WEIGHT: f64 = 2.0;

/// Per entry bits of [`Geography::flags`].
const PLACE: u8 = 1;
const NATION: u8 = 2;
const NEEDS_CONTEXT: u8 = 4;
const CAPITAL: u8 = 8;

/// The geography of a gazetteer's entries, built once per annotator.
#[derive(Clone, Debug, Default)]
pub(crate) struct Geography {
    /// Per entry: 0 for none, else 1 + its country's index into `codes`. Empty when no
    /// entry has a country.
    country: Vec<u16>,
    /// Per entry: `PLACE`, `NATION`, `NEEDS_CONTEXT`, `CAPITAL` bits. Empty when no entry
    /// has any.
    flags: Vec<u8>,
    /// The country codes, as written in the attributes.
    codes: Vec<Box<str>>,
    /// Per code: the entry that is the country itself, if the gazetteer lists it.
    nations: Vec<Option<EntityIndex>>,
}

impl Geography {
    pub(crate) fn new(gazetteer: &Gazetteer) -> Geography {
        let entries = gazetteer.entries();
        let mut codes: Vec<Box<str>> = Vec::new();
        let mut code_index: HashMap<&str, u16> = HashMap::new();
        let mut nations: Vec<Option<EntityIndex>> = Vec::new();
        let mut country = Vec::new();
        let mut flags = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            let mut bits = 0;
            if PLACE_LABELS.contains(&entry.label.as_str()) {
                bits |= PLACE;
            }
            if entry.attributes.get("needs_context").is_some_and(|v| {
                !matches!(v, serde_json::Value::Null | serde_json::Value::Bool(false))
            }) {
                bits |= NEEDS_CONTEXT;
            }
            if entry.attributes.contains_key("capital_of") {
                bits |= CAPITAL;
            }
            let mut slot = 0;
            if let Some(code) = entry.country_code() {
                bits |= PLACE;
                let next = codes.len();
                // More than 65,535 distinct codes: the rest have no country.
                if let Some(&at) = code_index.get(code) {
                    slot = at + 1;
                } else if let Ok(at) = u16::try_from(next) {
                    if at < u16::MAX {
                        code_index.insert(code, at);
                        codes.push(code.into());
                        nations.push(None);
                        slot = at + 1;
                    }
                }
                let is_nation = entry.attributes.get("iso2").and_then(|v| v.as_str()) == Some(code);
                if is_nation && slot > 0 {
                    bits |= NATION;
                    let nation = &mut nations[usize::from(slot - 1)];
                    nation
                        .get_or_insert(EntityIndex::from_usize(i).expect("over 4 billion entries"));
                }
            }
            if slot > 0 && country.is_empty() {
                country = vec![0; entries.len()];
            }
            if let Some(c) = country.get_mut(i) {
                *c = slot;
            }
            if bits != 0 && flags.is_empty() {
                flags = vec![0; entries.len()];
            }
            if let Some(f) = flags.get_mut(i) {
                *f = bits;
            }
        }
        Geography {
            country,
            flags,
            codes,
            nations,
        }
    }

    /// 1 + the index of `entity`'s country, or 0 (people of the article have none).
    fn country_of(&self, entity: EntityIndex) -> u16 {
        self.country.get(entity.as_usize()).copied().unwrap_or(0)
    }

    fn has(&self, entity: EntityIndex, bit: u8) -> bool {
        self.flags
            .get(entity.as_usize())
            .is_some_and(|f| f & bit != 0)
    }

    /// Whether any entry has a country or needs context: otherwise nothing here applies.
    pub(crate) fn is_empty(&self) -> bool {
        self.country.is_empty() && self.flags.is_empty()
    }

    /// How much each country weighs among the mentions found so far: a mention counts
    /// when every candidate lies in one country and none needs context; demonyms do not
    /// count ("Spanish" is also a language).
    pub(crate) fn weights(&self, found: &[Found], title: Option<Span>) -> CountryWeights {
        let mut weights = CountryWeights::default();
        if self.country.is_empty() {
            return weights;
        }
        let named = |f: &&Found| !f.partial && f.candidates[0].kind != AliasKind::Demonym;
        for f in found.iter().filter(named) {
            let first = self.country_of(f.entity());
            let one_country = f
                .candidates
                .iter()
                .all(|c| self.country_of(c.entity) == first && !self.has(c.entity, NEEDS_CONTEXT));
            if first != 0 && one_country {
                let in_title = title.is_some_and(|t| t.contains(f.span));
                let weight = if in_title { TITLE_WEIGHT } else { 1.0 };
                let local = !self.has(f.entity(), NATION);
                weights.add(first, weight, local);
            }
        }
        weights
    }

    /// Removes the candidates that need context and have none ("Brits" in an article with
    /// nothing else in South Africa and no "in" before it), and the mentions left with no
    /// candidate.
    pub(crate) fn require_context(
        &self,
        text: &str,
        weights: &CountryWeights,
        found: &mut Vec<Found>,
    ) {
        if self.flags.is_empty() {
            return;
        }
        found.retain_mut(|f| {
            if f.partial
                || !f
                    .candidates
                    .iter()
                    .any(|c| self.has(c.entity, NEEDS_CONTEXT))
            {
                return true;
            }
            let cued = super::words::word_before(text, f.span.start)
                .is_some_and(|(_, w)| PLACE_CUES.contains(&w));
            f.candidates.retain(|c| {
                !self.has(c.entity, NEEDS_CONTEXT)
                    || cued
                    || weights.of(self.country_of(c.entity)).0 > 0.0
            });
            !f.candidates.is_empty()
        });
    }

    /// The candidate of an ambiguous place name that the article's focus picks instead of
    /// `best`, the one the other rules would choose. Precision first, so only when every
    /// candidate is a place, `best` is neither a country nor a national capital (London is
    /// not London, Ontario, because an article about Canada names it), and the places the
    /// article names inside the other candidate's country (not the country itself: news
    /// names the US everywhere) weigh at least [`FOCUS_MIN_WEIGHT`] and more than twice
    /// those in `best`'s.
    pub(crate) fn pick(&self, weights: &CountryWeights, f: &Found, best: usize) -> Option<usize> {
        let chosen = f.candidates[best].entity;
        if self.has(chosen, NATION | CAPITAL)
            || !f.candidates.iter().all(|c| self.has(c.entity, PLACE))
        {
            return None;
        }
        let weight = |e: EntityIndex| weights.of(self.country_of(e)).1;
        let floor = weight(chosen) * 2.0;
        let (at, w) = f
            .candidates
            .iter()
            .enumerate()
            .map(|(i, c)| (i, weight(c.entity)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))?;
        (w >= FOCUS_MIN_WEIGHT && w > floor).then_some(at)
    }

    /// The article's focus from its final mentions: every country its places lie in and
    /// every place it names, with their share of the weighted mentions (title 3, first
    /// paragraph 2, elsewhere 1; a demonym half its place's weight).
    pub(crate) fn focus(&self, mentions: &[Mention]) -> Focus {
        let mut countries: Vec<CountryFocus> = Vec::new();
        let mut places: Vec<PlaceFocus> = Vec::new();
        let mut country_rows: HashMap<u16, usize> = HashMap::new();
        let mut place_rows: HashMap<EntityIndex, usize> = HashMap::new();
        for m in mentions {
            let entity = m.entity();
            if !self.has(entity, PLACE) {
                continue;
            }
            let w = weight(m)
                * if m.form == super::MentionForm::Demonym {
                    0.5
                } else {
                    1.0
                };
            let slot = self.country_of(entity);
            if slot > 0 {
                let row = *country_rows.entry(slot).or_insert_with(|| {
                    countries.push(CountryFocus {
                        code: self.codes[usize::from(slot - 1)].to_string(),
                        entity: self.nations[usize::from(slot - 1)],
                        score: 0.0,
                        mentions: 0,
                    });
                    countries.len() - 1
                });
                countries[row].score += w;
                countries[row].mentions += 1;
            }
            if !self.has(entity, NATION) {
                let row = *place_rows.entry(entity).or_insert_with(|| {
                    places.push(PlaceFocus {
                        entity,
                        score: 0.0,
                        mentions: 0,
                    });
                    places.len() - 1
                });
                places[row].score += w;
                places[row].mentions += 1;
            }
        }
        let total: f64 = countries.iter().map(|c| c.score).sum();
        countries.iter_mut().for_each(|c| c.score /= total);
        let total: f64 = places.iter().map(|p| p.score).sum();
        places.iter_mut().for_each(|p| p.score /= total);
        // Stable sorts: ties stay in order of first mention.
        countries.sort_by(|a, b| b.score.total_cmp(&a.score));
        places.sort_by(|a, b| b.score.total_cmp(&a.score));
        Focus { countries, places }
    }
}

/// How much each country weighs in an article while it is read: every mention in it, and
/// the mentions of places inside it (few countries per article: a list).
#[derive(Clone, Debug, Default)]
pub(crate) struct CountryWeights(Vec<(u16, f64, f64)>);

impl CountryWeights {
    fn add(&mut self, slot: u16, weight: f64, local: bool) {
        let local = if local { weight } else { 0.0 };
        match self.0.iter_mut().find(|(s, _, _)| *s == slot) {
            Some((_, all, inside)) => {
                *all += weight;
                *inside += local;
            }
            None => self.0.push((slot, weight, local)),
        }
    }

    /// `(every mention, places inside)` of the country in `slot`.
    fn of(&self, slot: u16) -> (f64, f64) {
        if slot == 0 {
            return (0.0, 0.0);
        }
        self.0
            .iter()
            .find(|(s, _, _)| *s == slot)
            .map_or((0.0, 0.0), |&(_, all, inside)| (all, inside))
    }
}

/// Where an article is about: the countries its places lie in and the places it names,
/// each with a score (its share of the weighted place mentions; the scores of each list
/// add up to 1), highest first. Serialised as `{"countries": [...], "places": [...]}`.
///
/// ```
/// use newsgaz::{Annotator, Article, Gazetteer, Matcher};
///
/// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
/// let article = Article::parse_plain("Talks in Beijing\n\nChinese and Russian envoys met in Beijing. Moscow said little.");
/// let focus = &annotator.annotate(&article, "x").focus;
/// let codes: Vec<&str> = focus.countries.iter().map(|c| c.code.as_str()).collect();
/// assert_eq!(codes, ["CN", "RU"]);
/// assert!(focus.countries[0].score > 0.5);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Focus {
    /// Countries, most weighed first: a city, state or region counts for its country, a
    /// demonym for its nation (at half weight).
    pub countries: Vec<CountryFocus>,
    /// Places other than countries (cities, states, regions), most weighed first.
    pub places: Vec<PlaceFocus>,
}

/// A country of an article's [`Focus`].
///
/// ```
/// use newsgaz::{Annotator, Gazetteer, Matcher};
/// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
/// let focus = annotator.annotate_text("Lima and Cusco").focus;
/// let peru = &focus.countries[0];
/// assert_eq!((peru.code.as_str(), peru.mentions, peru.score), ("PE", 2, 1.0));
/// assert!(peru.entity.is_some());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CountryFocus {
    /// Its code, as the entries' `country_code` attributes give it (ISO 3166-1 alpha-2 in
    /// the built-in gazetteer).
    pub code: String,
    /// The entry of the country itself, when the gazetteer lists it.
    pub entity: Option<EntityIndex>,
    /// Its share of the weighted mentions of places with a country, in `0..=1`.
    pub score: f64,
    /// The mentions that count for it.
    pub mentions: usize,
}

/// A place of an article's [`Focus`].
///
/// ```
/// use newsgaz::{Annotator, Gazetteer, Matcher};
/// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone())).annotate_text("Lima, Lima and Cusco");
/// let lima = &annotated.focus.places[0];
/// assert_eq!((annotated.entry(lima.entity).name.as_str(), lima.mentions), ("Lima", 2));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlaceFocus {
    /// The place.
    pub entity: EntityIndex,
    /// Its share of the weighted mentions of places other than countries, in `0..=1`.
    pub score: f64,
    /// Its mentions.
    pub mentions: usize,
}
