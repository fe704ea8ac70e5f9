//! Organisations the gazetteer does not list, found from the way news names them.
//!
//! The same capitalised words the people finder reads (`words`), in runs that may also
//! hold words the gazetteer matched as places ("Burlington Industries Inc", "Bank of
//! England": a found name claims its words; never a listed organisation or person, which
//! always win), joined by a space, `&`, or after an organisation's head noun by `of`,
//! `for`, `of the`, and once so joined by `and`, `in`, `de` ("Organisation for Security
//! and Cooperation in Europe"). A run is an organisation's name when the text gives
//! evidence, precision first:
//! - `designator`: it ends in a legal form or a club's ending ("Inc", "SpA", "FC"), or
//!   holds `&` beside a legal form or head noun ("Douglas & Lomason Co");
//! - `head-noun`: it ends in an organisation's head noun ("Commerce Department", "Korea
//!   Exchange Bank"), or one is followed by `of`... ("Ministry of Defence");
//! - `acronym`: an acronym of its words follows in brackets ("... Countries (OPEC)"), with
//!   other evidence (an acronym alone: "Gross Domestic Product (GDP)");
//! - `context`: words beside it say so ("a Pirelli spokesman", "shares of Pirelli",
//!   "analysts at Nomura", "Pirelli's chief executive");
//! - `results`: it stands in a results line or a table ("Crewe 0 Watford 2", "Surrey
//!   326 and 154-5", "Blackpool 4 2 1 1 3 2"), or beside `v` ("Leeds v Wimbledon"): a
//!   team. A listed team whose `home` is the name is linked instead, when one team of the
//!   article's sport has it; such a home is also the team in sports prose ("Leicestershire
//!   beat Somerset", "Surrey captain") and anywhere else in an article about that sport,
//!   but after "in" and its kin.
//!
//! Each becomes an entity of the article (`org:~burlington-industries-inc`, label `ORG`,
//! its evidence in `evidence`); later shorter forms link to it: the name without its legal
//! form ("Burlington Industries"), a company's first word ("Burlington", never to the
//! town), its acronym. Lists (words, their files) are the lexicon's (`org-*.txt`).

use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;

use super::words::{is_all_capitals, is_initial, word_before, words_in, Word};
use super::Found;
use crate::gazetteer::{AliasKind, EntityIndex, Entry, Gazetteer};
use crate::lexicon::{kinds, kinds_any_case, Kinds, List};
use crate::matcher::Candidate;
use crate::span::Span;

/// The most words a found organisation's name has.
const MAX_WORDS: usize = 10;

/// What the finder knows of the gazetteer's entries, built once per annotator.
#[derive(Clone, Debug, Default)]
pub(crate) struct OrgKnowledge {
    /// Countries and first-level regions: never a team in a results line (national sides
    /// keep their country's name) and never a company's short form.
    country: Vec<bool>,
    /// Places of every kind: the only listed entities a found name may hold ("Bank of
    /// England"); a listed organisation or person always wins.
    place: Vec<bool>,
    /// Listed teams by the place they stand for (`home`, lower case).
    teams_by_home: FxHashMap<String, Vec<EntityIndex>>,
    /// Each listed team's sport, one bit of the sports the gazetteer names (0: none).
    sport: Vec<u64>,
    /// A bit for each byte length of a home (63: 63 bytes or more).
    home_lengths: u64,
    /// A place in a results line may be a team ([`AnnotateOptions::place_context`]).
    ///
    /// [`AnnotateOptions::place_context`]: super::AnnotateOptions::place_context
    places_as_teams: bool,
}

impl OrgKnowledge {
    pub(crate) fn build(gazetteer: &Gazetteer, places_as_teams: bool) -> OrgKnowledge {
        let mut teams_by_home: FxHashMap<String, Vec<EntityIndex>> = FxHashMap::default();
        let mut country = Vec::with_capacity(gazetteer.len());
        let mut place = Vec::with_capacity(gazetteer.len());
        let mut sports: Vec<&str> = Vec::new();
        let mut sport = Vec::with_capacity(gazetteer.len());
        for (i, e) in gazetteer.entries().iter().enumerate() {
            country.push(e.is_country_or_region());
            place.push(e.is_place());
            let bit = match e.attributes.get("sport").and_then(Value::as_str) {
                Some(name) => {
                    let at = sports.iter().position(|s| *s == name).unwrap_or_else(|| {
                        sports.push(name);
                        sports.len() - 1
                    });
                    1u64.checked_shl(at as u32).unwrap_or(0)
                }
                None => 0,
            };
            sport.push(bit);
            let homes = e.attributes.get("home").and_then(Value::as_array);
            for home in homes.into_iter().flatten().filter_map(Value::as_str) {
                let entity = EntityIndex::from_usize(i).expect("over 4 billion entries");
                teams_by_home
                    .entry(home.to_lowercase())
                    .or_default()
                    .push(entity);
            }
        }
        let home_lengths = teams_by_home.keys().fold(0u64, |bits, home| {
            bits | 1u64.checked_shl(home.len() as u32).unwrap_or(1 << 63)
        });
        OrgKnowledge {
            home_lengths,
            country,
            place,
            teams_by_home,
            sport,
            places_as_teams,
        }
    }

    /// Whether `name` may be a listed team's home: a bit test of its length (most runs are
    /// none, and are turned away before they are lower-cased).
    fn may_be_home(&self, name: &str) -> bool {
        self.home_lengths & 1u64.checked_shl(name.len() as u32).unwrap_or(1 << 63) != 0
    }

    /// The listed teams whose home is `name` (in any case).
    fn home_teams(&self, name: &str) -> Option<&Vec<EntityIndex>> {
        if !self.may_be_home(name) {
            return None;
        }
        self.teams_by_home.get(&name.to_lowercase())
    }

    fn sport(&self, entity: EntityIndex) -> u64 {
        self.sport.get(entity.as_usize()).copied().unwrap_or(0)
    }

    fn is_place(&self, entity: EntityIndex) -> bool {
        self.place.get(entity.as_usize()).copied().unwrap_or(false)
    }

    pub(crate) fn is_country(&self, entity: EntityIndex) -> bool {
        self.country
            .get(entity.as_usize())
            .copied()
            .unwrap_or(false)
    }
}

/// What shows that a name is an organisation's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Evidence {
    Designator,
    HeadNoun,
    Acronym,
    Context,
    Results,
}

impl Evidence {
    const ALL: [Evidence; 5] = [
        Evidence::Designator,
        Evidence::HeadNoun,
        Evidence::Acronym,
        Evidence::Context,
        Evidence::Results,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Evidence::Designator => "designator",
            Evidence::HeadNoun => "head-noun",
            Evidence::Acronym => "acronym",
            Evidence::Context => "context",
            Evidence::Results => "results",
        }
    }
}

/// A run of words `from..to` that may be an organisation's name.
#[derive(Clone, Copy, Debug)]
struct Run {
    from: usize,
    to: usize,
    /// Joined by a connector (`of`, `&`...) somewhere.
    connected: bool,
}

/// An organisation found in the article.
struct Organisation {
    name: String,
    evidence: u8,
}

/// What [`find_organisations`] found: the article's organisations (entity `first + i` is
/// entry `i`), their mentions and the listed teams' (in text order), and the mentions of
/// `found` their names claim.
pub(crate) struct Organisations {
    pub(crate) entries: Vec<Entry>,
    pub(crate) mentions: Vec<Found>,
    pub(crate) claimed: Vec<usize>,
}

/// Finds the organisations of `text` (see the module's note). `covered[i]` is the mention
/// of `found` over word `i`; `is_person` says which entities are persons (never part of an
/// organisation's name); found entities are numbered from `first`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn find_organisations(
    text: &str,
    title: Option<Span>,
    words: &[Word],
    covered: &[Option<usize>],
    found: &[Found],
    first: usize,
    is_person: impl Fn(EntityIndex) -> bool,
    knowledge: &OrgKnowledge,
) -> Organisations {
    let word = |i: usize| words[i].span.slice(text);
    let stem = |i: usize| words[i].stem(text);
    // Each word's lists, looked up once (the finder asks of every word several times).
    let word_kinds: Vec<Kinds> = (0..words.len()).map(|i| kinds(stem(i))).collect();
    let kind = |i: usize| word_kinds[i];
    let gap = |i: usize| &text[words[i].span.end..words[i + 1].span.start];
    let usable = |i: usize| match covered[i] {
        None => words[i].name_like || is_all_capitals(stem(i)) || is_initial(stem(i)),
        Some(f) => knowledge.is_place(found[f].entity()) && !is_person(found[f].entity()),
    };
    let demonym = |i: usize| {
        covered[i].is_some_and(|f| {
            found[f]
                .candidates
                .first()
                .is_some_and(|c| c.kind == AliasKind::Demonym)
        })
    };
    // The words of one mention are all in a run or none.
    let whole_mentions = |from: usize, to: usize| {
        let inside = |f: usize| {
            found[f].span.start >= words[from].span.start
                && found[f].span.end <= words[to - 1].span.end
        };
        (from..to).all(|i| covered[i].is_none_or(inside))
    };

    // Runs: a space joins, as do "&", the full stop of an initial ("A.G. Edwards"), and
    // after a head noun a connector.
    let mut runs = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !usable(i) {
            i += 1;
            continue;
        }
        let from = i;
        let mut connected = false;
        while i + 1 < words.len() && i + 1 - from < MAX_WORDS && !words[i].is_possessive() {
            let g = gap(i);
            // A connector joins right after a head noun ("Bank of England") or inside a
            // name joined so already ("Organisation for Security and Cooperation in
            // Europe"); never after a legal form ("Kia Motor Corp of South Korea").
            let head_before = kind(i).is(List::OrgHeads);
            let ends = kind(i).is(List::OrgDesignators);
            // A name that reached a place has ended ("Bank of America in New York",
            // "University of California and Dan Gillmor"), but for a second place
            // ("Police Federation of England and Wales").
            let place = |i: usize| covered[i].is_some();
            let joins = match g {
                " " => true,
                "." | ". " => is_initial(word(i)),
                " & " => true,
                " of " | " for " | " of the " => !ends && (head_before || connected),
                " in " | " de " => !ends && connected && !place(i),
                " and " => !ends && connected && (!place(i) || place(i + 1)),
                _ => false,
            };
            if !joins || !usable(i + 1) {
                break;
            }
            connected |= g.len() > 2 && g != " & ";
            i += 1;
        }
        let mut to = i + 1;
        // "The Agriculture Department", "Boston-based Reagan Communications": words that
        // open a sentence or describe the name are not part of it.
        let mut from = from;
        while from < to && is_opening_word(stem(from), kind(from)) {
            from += 1;
        }
        // "the Association of British insurers": a name does not end in a demonym.
        while to > from + 1 && demonym(to - 1) {
            to -= 1;
        }
        while to > from && kind(to - 1).is(List::OrgHeads) && to - from == 1 {
            to -= 1;
        }
        if from < to && whole_mentions(from, to) {
            runs.push(Run {
                from,
                to,
                connected,
            });
        }
        i += 1;
    }

    let in_title = |r: &Run| words_in(title, words, r.from, r.to);
    let span_of = |r: &Run| Span::new(words[r.from].span.start, words[r.to - 1].stem_end);
    // One mention of the gazetteer over the whole run: it is that mention, not a new name.
    let one_mention = |r: &Run| {
        covered[r.from].is_some_and(|f| {
            (r.from..r.to).all(|i| covered[i] == Some(f)) && found[f].span.end >= span_of(r).end
        })
    };
    // A company's first word may name it alone: not a country's, not a common word.
    let company_word = |i: usize| {
        covered[i].is_none_or(|f| !knowledge.is_country(found[f].entity()))
            && is_company_word(stem(i))
    };
    let any_uncovered = |r: &Run| (r.from..r.to).any(|i| covered[i].is_none());
    let country_in = |r: &Run| {
        (r.from..r.to).any(|i| covered[i].is_some_and(|f| knowledge.is_country(found[f].entity())))
    };

    // The sports of the listed teams the gazetteer found in the article.
    let article_sports = found
        .iter()
        .fold(0, |sports, f| sports | knowledge.sport(f.entity()));
    let mut orgs: Vec<Organisation> = Vec::new();
    let mut by_name: FxHashMap<String, usize> = FxHashMap::default();
    let mut short: FxHashMap<String, Option<usize>> = FxHashMap::default();
    let mut team_links: Vec<(Span, Vec<EntityIndex>, Run)> = Vec::new();
    for run in &runs {
        if in_title(run) || one_mention(run) && !results_line(text, span_of(run)) {
            continue;
        }
        let n = run.to - run.from;
        let last = stem(run.to - 1).trim_end_matches('.');
        // "Gold Fields of South Africa Ltd": the name began before "of"; its start is
        // not known, so nothing is found.
        let continues = word_before(text, words[run.from].span.start).is_some_and(|(at, w)| {
            matches!(w, "of" | "for" | "&")
                && word_before(text, at).is_some_and(|(_, w)| w.starts_with(char::is_uppercase))
        });
        if continues && !cue_before(text, words[run.from].span.start) {
            continue;
        }
        // "Manchester City Football Club": a listed organisation right before is the name;
        // what follows it is no organisation of its own.
        let after_listed = run.from > 0
            && gap(run.from - 1) == " "
            && covered[run.from - 1].is_some_and(|f| {
                let e = found[f].entity();
                !knowledge.is_place(e) && !is_person(e)
            });
        if after_listed {
            continue;
        }
        let mut evidence = 0u8;
        let add = |evidence: &mut u8, e: Evidence| *evidence |= 1 << e as u8;
        // "Procter & Gamble", not "Peru & Chile": a word the gazetteer does not know on
        // each side.
        // "Procter & Gamble & Co", "David Rubin & Partners": "&" with a legal form or a
        // head noun ("Black & White", "Body & Soul" are titles).
        let amp = (run.from..run.to - 1).any(|i| gap(i) == " & ")
            && (run.from..run.to).any(|i| {
                let k = kind(i);
                k.is(List::OrgDesignators) || k.is(List::OrgHeads)
            });
        if n >= 2 && (List::OrgDesignators.contains(last) || amp) {
            add(&mut evidence, Evidence::Designator);
        }
        // Not a head noun that ends a place's name ("Jewish West Bank settlements").
        let head_in_place =
            covered[run.to - 1].is_some_and(|f| found[f].span.start < words[run.to - 1].span.start);
        let head_last = List::OrgHeads.contains(last)
            && !head_in_place
            && (run.from..run.to - 1).any(|i| !kind(i).is(List::OrgHeads));
        // Not a person with a head noun for a surname ("Lisa Power"), nor a place named
        // by the compass ("South Bank").
        let person_like = kind(run.from).is(List::GivenNames) && n <= 3;
        let compass_only =
            (run.from..run.to - 1).all(|i| matches!(stem(i), "North" | "South" | "East" | "West"));
        if n >= 2 && (head_last || run.connected) && !person_like && !compass_only {
            add(&mut evidence, Evidence::HeadNoun);
        }
        let after = &text[words[run.to - 1].span.end..];
        let acronym = defined_acronym(after).filter(|a| {
            let initials: String = (run.from..run.to)
                .filter_map(|i| stem(i).chars().next())
                .collect();
            initials == *a
        });
        // An acronym confirms a name that is an organisation's by other evidence ("Crime
        // Scene Investigation (CSI)" and "Gross Domestic Product (GDP)" are not).
        if n >= 2 && acronym.is_some() && evidence != 0 {
            add(&mut evidence, Evidence::Acronym);
        }
        let plain_single = n > 1
            || (covered[run.from].is_none()
                && stem(run.from).chars().nth(1).is_some()
                && !kind(run.from).is(List::GivenNames)
                && !kind(run.from).is(List::TitleHeads));
        if plain_single && any_uncovered(run) && context_says(text, words, run.from, run.to) {
            add(&mut evidence, Evidence::Context);
        }
        // A team: the last words of a run (a table's header, "W L PCT GB", goes before).
        let team_from = (run.from..run.to)
            .rev()
            .take(3)
            .take_while(|&i| !is_initial(stem(i)))
            .last();
        // The cheap tests first: most runs stand in no results line.
        let team_from = team_from.filter(|&from| {
            !run.connected
                && !kind(from).is(List::GivenNames)
                && (results_line(text, span_of(&Run { from, ..*run }))
                    || knowledge.may_be_home(span_of(&Run { from, ..*run }).slice(text)))
                && (from..run.to).all(|i| !is_common_in_tables(stem(i)))
        });
        if let Some(team_from) = team_from {
            let team = Run {
                from: team_from,
                ..*run
            };
            let places_ok =
                knowledge.places_as_teams || !(team.from..team.to).any(|i| covered[i].is_some());
            // A listed team's home may be a county or a region ("Surrey 326"); other
            // countries and regions stand for national sides, which keep their names.
            let has_team = || knowledge.home_teams(span_of(&team).slice(text)).is_some();
            // A listed team's home is the team also where sports prose says so ("Leicestershire
            // beat Somerset", "Surrey captain Chris Lewis").
            let team_words = || has_team() && sports_prose(text, span_of(&team));
            let results = places_ok && results_line(text, span_of(&team));
            if places_ok && (!country_in(&team) || has_team()) && (results || team_words()) {
                let name = span_of(&team).slice(text);
                // The listed team, when one has that home in a sport the article's other
                // teams play (or one alone has it): "CHICAGO 74 61" with no other team
                // named is any of five clubs, and is found as a team of the article.
                let teams = knowledge.home_teams(name);
                let in_sport = teams.map(|teams| -> Vec<EntityIndex> {
                    let playing: Vec<EntityIndex> = teams
                        .iter()
                        .copied()
                        .filter(|&t| knowledge.sport(t) & article_sports != 0)
                        .collect();
                    match (teams.len(), playing.len()) {
                        (1, _) if article_sports == 0 || !playing.is_empty() => teams.clone(),
                        (_, 1) => playing,
                        _ => Vec::new(),
                    }
                });
                if let Some(teams) = in_sport.filter(|t| !t.is_empty()) {
                    team_links.push((span_of(&team), teams, team));
                    continue;
                }
                // Sports prose alone links a listed team; it finds none ("The New York
                // team reported their findings").
                if !results {
                    continue;
                }
                if team_from > run.from {
                    let name = name.to_owned();
                    let o = *by_name.entry(name.clone()).or_insert_with(|| {
                        orgs.push(Organisation { name, evidence: 0 });
                        orgs.len() - 1
                    });
                    orgs[o].evidence |= 1 << Evidence::Results as u8;
                    continue;
                }
                add(&mut evidence, Evidence::Results);
            }
        }
        if evidence == 0 {
            continue;
        }
        let name = span_of(run).slice(text);
        // A shorter form of an organisation found before is that organisation
        // ("Burlington Industries" after "Burlington Industries Inc").
        if let Some(&Some(o)) = short.get(name) {
            orgs[o].evidence |= evidence;
            continue;
        }
        let o = *by_name.entry(name.to_owned()).or_insert_with(|| {
            orgs.push(Organisation {
                name: name.to_owned(),
                evidence: 0,
            });
            orgs.len() - 1
        });
        orgs[o].evidence |= evidence;
        // Shorter forms: the acronym, the name without its legal forms, a company's
        // first word.
        let mut shorter = |form: &str| {
            let slot = short.entry(form.to_owned()).or_insert(Some(o));
            if *slot != Some(o) {
                *slot = None; // two organisations share it: it names neither
            }
        };
        if let Some(a) = acronym {
            shorter(a);
        }
        let mut end = run.to;
        while end - run.from > 1
            && List::OrgDesignators.contains(stem(end - 1).trim_end_matches('.'))
        {
            end -= 1;
        }
        if end < run.to && (end - run.from != 1 || company_word(run.from)) {
            shorter(Span::new(words[run.from].span.start, words[end - 1].stem_end).slice(text));
        }
        let designated = evidence & (1 << Evidence::Designator as u8) != 0;
        // Not from a long name, whose first word may be its parent's ("Diageo Chateau &
        // Estate Wines").
        if designated && (2..=3).contains(&n) && company_word(run.from) && !country_in(run) {
            shorter(stem(run.from));
        }
    }

    // Every run that names an organisation found here: in full, or by a shorter form
    // (the longest of its first words that does).
    let mut mentions: Vec<Found> = Vec::new();
    let mut claimed: Vec<usize> = Vec::new();
    let local = |o: usize| EntityIndex::from_usize(first + o).expect("over 4 billion entries");
    let mention = |span: Span, entities: &[EntityIndex]| Found {
        span,
        candidates: entities
            .iter()
            .map(|&entity| Candidate {
                entity,
                kind: AliasKind::Alias,
            })
            .collect(),
        claimed: Vec::new(),
        partial: false,
        titled: false,
    };
    let orgs_evidence: Vec<u8> = orgs.iter().map(|o| o.evidence).collect();
    if !orgs.is_empty() {
        // The first words of every name and shorter form: a run that begins with none is
        // turned away before its prefixes are looked up.
        let first_words: FxHashSet<&str> = by_name
            .keys()
            .chain(short.keys())
            .map(|k| k.split([' ', '.']).next().unwrap_or(k))
            .collect();
        for run in &runs {
            let first = word(run.from);
            let first = first.strip_suffix("'s").unwrap_or(first);
            if !first_words.contains(first) && !first_words.contains(stem(run.from)) {
                continue;
            }
            for to in (run.from + 1..=run.to).rev() {
                let r = Run { to, ..*run };
                if !whole_mentions(r.from, r.to) {
                    continue;
                }
                let key = span_of(&r).slice(text);
                let o = by_name
                    .get(key)
                    .copied()
                    .or_else(|| short.get(key).copied().flatten());
                // A place named by a company's first word or a team's name is the
                // organisation only where the words before do not make it a place ("a plant
                // in Wuxi") and a team's outside a results line ("NEW YORK 1996-08-31"); a
                // name with words besides the place's is the organisation ("shares of Royal
                // Bank of Scotland").
                let place = (r.from..r.to).all(|i| covered[i].is_some());
                let team_only = o.is_some_and(|o| orgs_evidence[o] == 1 << Evidence::Results as u8);
                let place_words = place
                    && (word_before(text, words[r.from].span.start).is_some_and(|(_, w)| {
                        matches!(w, "in" | "at" | "near" | "from" | "to" | "of")
                    }) || team_only && !results_line(text, span_of(&r)));
                if place_words {
                    break;
                }
                if let Some(o) = o {
                    mentions.push(mention(span_of(&r), &[local(o)]));
                    claimed.extend((r.from..r.to).filter_map(|i| covered[i]));
                    break;
                }
            }
        }
    }
    // A listed team linked in a results line is the team wherever the article names its
    // home again ("Essex and Kent both face tense finishes"), but after a word that makes
    // it a place ("in Kent").
    // In an article about a sport (a listed team of it named or linked), any home of one
    // listed team of that sport is that team too ("Essex, Derbyshire and Surrey all closed
    // in on victory" in a county cricket report).
    let mut homes: FxHashMap<String, Vec<EntityIndex>> = FxHashMap::default();
    let mut sports = article_sports;
    for (span, teams, run) in team_links {
        sports |= teams.iter().fold(0, |s, &t| s | knowledge.sport(t));
        homes.insert(span.slice(text).to_lowercase(), teams.clone());
        mentions.push(mention(span, &teams));
        claimed.extend((run.from..run.to).filter_map(|i| covered[i]));
    }
    let team_of_sport = |key: &str| -> Option<Vec<EntityIndex>> {
        if let Some(teams) = homes.get(key) {
            return Some(teams.clone());
        }
        let teams = knowledge.home_teams(key)?;
        let playing: Vec<EntityIndex> = teams
            .iter()
            .copied()
            .filter(|&t| knowledge.sport(t) & sports != 0)
            .collect();
        (playing.len() == 1).then_some(playing)
    };
    if sports != 0 {
        for run in &runs {
            let key = span_of(run).slice(text);
            if !knowledge.may_be_home(key) {
                continue;
            }
            let Some(teams) = team_of_sport(&key.to_lowercase()) else {
                continue;
            };
            let located = word_before(text, words[run.from].span.start)
                .is_some_and(|(_, w)| matches!(w, "in" | "at" | "near" | "from" | "to" | "of"));
            if !located && !in_title(run) {
                mentions.push(mention(span_of(run), &teams));
                claimed.extend((run.from..run.to).filter_map(|i| covered[i]));
            }
        }
    }
    mentions.sort_by_key(|f| (f.span.start, f.span.end));
    mentions.dedup_by_key(|f| f.span);
    claimed.sort_unstable();
    claimed.dedup();

    let evidence_values: [Value; 5] = Evidence::ALL.map(|e| Value::from(e.as_str()));
    let entries = orgs
        .into_iter()
        .map(|org| {
            let mut id = String::from("org:~");
            super::people::push_slug(&mut id, &org.name);
            let mut entry = Entry::new(id, org.name, "ORG");
            let evidence = Evidence::ALL
                .into_iter()
                .filter(|&e| org.evidence & (1 << e as u8) != 0)
                .map(|e| evidence_values[e as usize].clone());
            entry
                .attributes
                .insert("evidence".into(), Value::Array(evidence.collect()));
            entry
        })
        .collect();
    Organisations {
        entries,
        mentions,
        claimed,
    }
}

/// A word that may stand for its company alone: a name, not a common word.
fn is_company_word(word: &str) -> bool {
    let k = kinds(word);
    word.chars().count() >= 3
        && !k.is(List::NotNames)
        && !k.is(List::GivenNames)
        && !k.is(List::TitleHeads)
        && !k.is(List::OrgHeads)
        && !k.is(List::OrgDesignators)
        && !List::Determiners.contains(word)
}

/// A word of headings and calendars, never a team's ("Division", "July", "CENTRAL"),
/// in capitals too; the points of the compass begin teams' names ("West Bromwich").
fn is_common_in_tables(word: &str) -> bool {
    let title_case = |w: &str| -> String {
        let mut chars = w.chars();
        chars
            .next()
            .map(|c| {
                c.to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect()
            })
            .unwrap_or_default()
    };
    let word = if is_all_capitals(word) {
        title_case(word)
    } else {
        word.to_owned()
    };
    List::NotNames.contains(&word) && !matches!(word.as_str(), "North" | "South" | "East" | "West")
}

/// A word that opens a sentence or describes a name rather than being part of it
/// ("The", "But", "He", "Boston-based").
fn is_opening_word(word: &str, exact: Kinds) -> bool {
    // One lookup for the lists of any case.
    let any = kinds_any_case(word);
    exact.is(List::CalendarWords)
        || any.is(List::Determiners)
        || any.is(List::ClauseStops)
        || any.is(List::Pronouns)
        || word
            .rsplit_once('-')
            .is_some_and(|(_, tail)| tail.starts_with(char::is_lowercase))
}

/// `after` begins with an acronym in brackets: " (OPEC)" or " ( OPEC )".
fn defined_acronym(after: &str) -> Option<&str> {
    let rest = after.strip_prefix(" (")?;
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let end = rest.find(|c: char| !c.is_ascii_uppercase())?;
    let (acronym, tail) = rest.split_at(end);
    let tail = tail.strip_prefix(' ').unwrap_or(tail);
    ((2..=8).contains(&acronym.len()) && tail.starts_with(')')).then_some(acronym)
}

/// Words beside words `from..to` say they name an organisation (`org-cues.txt`).
fn context_says(text: &str, words: &[Word], from: usize, to: usize) -> bool {
    let last = &words[to - 1];
    let after = &text[last.span.end..];
    fn next(s: &str) -> Option<&str> {
        let s = s.strip_prefix(' ')?;
        let end = s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len());
        Some(&s[..end])
    }
    if last.is_possessive() {
        if next(after).is_some_and(|w| List::OrgCuesPossessive.contains(w)) {
            return true;
        }
    } else if let Some(w) = next(after) {
        if List::OrgCuesAfter.contains(w) {
            return true;
        }
        // "Pirelli 's chief": the possessive written apart (as CoNLL-2003 tokens are).
        if w.is_empty()
            && after.starts_with(" 's ")
            && next(&after[3..]).is_some_and(|w| List::OrgCuesPossessive.contains(w))
        {
            return true;
        }
    }
    cue_before(text, words[from].span.start)
}

/// The words before byte `start` make what follows an organisation's name ("shares of",
/// "analysts at"; "Shares of" opening a sentence too).
fn cue_before(text: &str, start: usize) -> bool {
    let Some((at, before)) = word_before(text, start) else {
        return false;
    };
    let Some(wanted) = List::OrgCuesBefore.value(before) else {
        return false;
    };
    word_before(text, at).is_some_and(|(_, w)| wanted.split(',').any(|x| x.eq_ignore_ascii_case(w)))
}

/// Sports prose beside a name: "beat" on either side, or a team role after it (`team-roles`:
/// "Surrey captain", "Madrid's midfielder").
fn sports_prose(text: &str, span: Span) -> bool {
    let after = &text[span.end..];
    let after = after
        .strip_prefix("'s")
        .or_else(|| after.strip_prefix(" 's"))
        .or_else(|| after.strip_prefix("\u{2019}s"))
        .unwrap_or(after);
    let next = after.strip_prefix(' ').map(|a| {
        &a[..a
            .find(|c: char| !c.is_alphabetic() && c != '-')
            .unwrap_or(a.len())]
    });
    if next.is_some_and(|w| w == "beat" || List::TeamRoles.contains(w)) {
        return true;
    }
    text[..span.start].ends_with(" beat ")
}

/// A score: one to three digits.
fn is_score(word: &str) -> bool {
    (1..=3).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())
}

/// The name at `span` stands in a results line, a table or a fixture: a score after it
/// and another after the next name ("Crewe 0 Watford 2"), or a score before it after
/// another ("... 0 Watford 2"), or three numbers after it (a table row), or a score and
/// `and` or `for` (cricket: "Kent 244 and 103-4"), or `v` on either side.
fn results_line(text: &str, span: Span) -> bool {
    // Most names are followed by a word and preceded by one: a byte test each side turns
    // them away before any token is read.
    let next_byte = text.as_bytes().get(span.end + 1).copied();
    let after_space = text.as_bytes().get(span.end) == Some(&b' ');
    let score_or_v_after =
        after_space && next_byte.is_some_and(|b| b.is_ascii_digit() || b == b'v' || b == b'V');
    let before = &text.as_bytes()[..span.start];
    let score_or_v_before = (before.len() >= 2
        && before[before.len() - 1] == b' '
        && before[before.len() - 2].is_ascii_digit())
        || [&b" v "[..], b" vs ", b" v. ", b" vs. ", b" V ", b" VS "]
            .iter()
            .any(|s| before.ends_with(s));
    if !score_or_v_after && !score_or_v_before {
        return false;
    }
    // The line the name stands in, up to 64 bytes each side (a bounded look: a line
    // may be the whole text).
    let mut end = (span.end + 64).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = span.start.saturating_sub(64);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let after = &text[span.end..end];
    let after = &after[..after.find('\n').unwrap_or(after.len())];
    let before = &text[start..span.start];
    let before = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    // Tokens without a sentence's full stop ("Wimbledon 1."); a comma stays, for a
    // scorers' list is no results line ("Grady 29, Crawford 41").
    let tokens_after: smallvec::SmallVec<[&str; 4]> = after
        .split(' ')
        .skip(1)
        .take(4)
        .map(|t| t.strip_suffix('.').unwrap_or(t))
        .collect();
    let versus = |w: &str| matches!(w, "v" | "v." | "vs" | "vs." | "V" | "VS");
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if tokens_after.first().is_some_and(|t| versus(t))
        && tokens_after.get(1).is_some_and(|t| capitalised(t))
    {
        return true;
    }
    let mut tokens_before = before.rsplit(' ').skip(1);
    let previous = tokens_before.next();
    if previous.is_some_and(versus) {
        // "Leeds v Wimbledon", or a fixture list's date: "May 18 v Worcestershire".
        return tokens_before
            .clone()
            .next()
            .is_some_and(|t| capitalised(t) || t.starts_with(|c: char| c.is_ascii_digit()));
    }
    let Some(&score) = tokens_after.first() else {
        return false;
    };
    if !is_score(score) {
        return false;
    }
    let next = tokens_after.get(1).copied().unwrap_or("");
    // Three numbers: a table row.
    if tokens_after
        .iter()
        .take(3)
        .filter(|t| is_score(t) || t.starts_with('.'))
        .count()
        == 3
    {
        return true;
    }
    // Cricket: "Kent 244 and 103-4", "Essex 372 for seven" (not "Halo 2 and Half-Life 2").
    let after_next = tokens_after.get(2).copied().unwrap_or("");
    if matches!(next, "and" | "for")
        && score.len() >= 2
        && (after_next.starts_with(|c: char| c.is_ascii_digit()) || next == "for")
    {
        return true;
    }
    // The second of a pair: a score and a name before it.
    if previous.is_some_and(is_score) && tokens_before.next().is_some_and(capitalised) {
        return true;
    }
    // The first of a pair: a name and a score after its score.
    capitalised(next) && tokens_after[2..].iter().any(|t| is_score(t))
}
