//! Annotating articles: matches turned into who and where, the way a careful reader would.
//!
//! An [`Annotator`] is built once from a [`Matcher`] and [`AnnotateOptions`], then
//! annotates any number of articles (it is immutable, `Send` and `Sync`). Per article it
//!
//! 1. finds every full alias with the matcher,
//! 2. links partial person names ("Putin", "Li") to a person named in full in the same
//!    article (`partial`),
//! 3. resolves ambiguous aliases with in-document evidence, then a numeric prior
//!    (`resolve`),
//! 4. keeps a place whose name is also a word ("Brits") only with evidence, and resolves
//!    ambiguous place names with the article's other places as a prior (`focus`),
//! 5. drops city and state names that the words beside them show to be a team or part
//!    of a longer name (`context`),
//! 6. finds the people the gazetteer does not list and links their partial names
//!    (`people`, over the capitalised words of `words`),
//! 7. summarises entities with a salience score and same-sentence co-occurrences
//!    (`summary`), and the article's countries and places (`focus`),
//! 8. links quotation speakers to person mentions (`speakers`),
//!
//! and returns an [`AnnotatedArticle`]: the article with its records (`records`), which
//! hold entity indices; names and ids are written when the records are serialised.

mod annotated;
mod context;
mod focus;
mod organisations;
mod partial;
mod people;
mod records;
pub mod render;
mod resolve;
mod snapshot;
mod speakers;
mod summary;
mod words;

use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::gazetteer::{Entities, EntityIndex};
use crate::matcher::{Candidate, Interrupted, Matcher};
use crate::offsets::CharBlocks;
use crate::span::Span;

pub use annotated::{AnnotatedArticle, AttributionView, QuoteView};
pub use focus::{CountryFocus, Focus, PlaceFocus};
pub use records::{
    CandidateEntities, Cooccurrence, EntitySummary, Fact, Mention, MentionForm, Speaker,
    SpeakerLink,
};
pub use summary::SALIENCE_WEIGHTS;

/// Options of an [`Annotator`]. Serialisable, so that the CLI and the Python binding
/// parse them in one place; unknown keys are an error.
///
/// ```
/// use newsgaz::AnnotateOptions;
///
/// let options: AnnotateOptions = serde_json::from_str(r#"{"prior": "population"}"#)?;
/// assert!(options.partial_names && options.prior.as_deref() == Some("population"));
/// assert!(serde_json::from_str::<AnnotateOptions>(r#"{"partial": true}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct AnnotateOptions {
    /// Labels of person entries: their single name tokens are matched as partial names.
    pub person_labels: Vec<String>,
    /// Match partial person names ("Putin" for Vladimir Putin named in full elsewhere):
    /// family names, in capitals too ("PUTIN"), but not a word that stands beside another
    /// capitalised name ("Tony Martin" is not Tony Blair).
    pub partial_names: bool,
    /// Let given names link alone as partial names too ("Tony" for Tony Blair); off by
    /// default, since a given name is shared by many people.
    pub partial_given_names: bool,
    /// Find the people the gazetteer does not list, from the evidence news writing gives
    /// (a title before the name, a role after it, a speech verb beside it, a common given
    /// name first): each becomes an entity of the article (`person:~li-shangfu`), and a
    /// title with a surname that exactly one listed person has links to that person.
    /// Only [`Annotator::annotate`] and its kin find them (not `text_mentions`).
    pub people: bool,
    /// Find the organisations the gazetteer does not list, from the
    /// evidence news writing gives (a legal form or a head noun ending the name, "Burlington
    /// Industries Inc", "Commerce Department"; an acronym defined after it; words beside
    /// it, "a Pirelli spokesman"; a results line, "Crewe 0 Watford 2"): each becomes an
    /// entity of the article (`org:~burlington-industries-inc`), its name claims its words
    /// ("Bank of England" is not England), and shorter forms link to it ("Burlington").
    pub organisations: bool,
    /// Resolve ambiguous aliases with evidence from the same article (a candidate that
    /// is mentioned unambiguously elsewhere wins; a person named in full claims a
    /// single-token alias that is also one of their name tokens).
    pub document_rules: bool,
    /// Use where the article is about while reading it: an ambiguous place name may go to
    /// the candidate in the country whose cities, states and regions the article names
    /// clearly more (their mentions weighing at least 2, a title mention 3, and over twice
    /// those of the default's country; only among places, never away from a country or a
    /// national capital: "Westminster" beside Denver and Colorado), and a place the gazetteer marks `needs_context`
    /// (a name that is also a word, a plural or an event: "Brits") is kept only beside
    /// another place in its country or after "in" or "near". The article's
    /// [`Focus`] is reported either way.
    pub focus: bool,
    /// A numeric attribute of the entries (such as `population`) that breaks remaining
    /// ties: the candidate with the higher value wins.
    pub prior: Option<String>,
    /// Link a role phrase speaker ("the Russian president") to the last person whose
    /// mention was directly preceded by the phrase's last word ("President Vladimir Putin").
    pub role_rule: bool,
    /// Drop a mention of a place selected by `place_context_entities` when the words
    /// beside it show that it names a team ("Chicago 4 Boston 2", "Leeds v Wimbledon",
    /// "NEW YORK AT SEATTLE") or is part of a longer name ("Chicago White Sox", "Dynamo
    /// Moscow").
    pub place_context: bool,
    /// The entries `place_context` applies to: a label (`CITY`) or an id prefix ending in
    /// `:` (`us-state:`, `division:` for the provinces and states of other countries). Countries are left out by default: a national side keeps its
    /// country's name.
    pub place_context_entities: Vec<String>,
    /// Also report the matches that the leftmost-longest ones overlap ("Putin" inside
    /// "Vladimir Putin"), ordered by start then end. Partial names are still found only
    /// where no match lies; every mention is resolved by the same rules.
    pub overlapping: bool,
}

impl Default for AnnotateOptions {
    fn default() -> AnnotateOptions {
        AnnotateOptions {
            person_labels: vec!["PERSON".into(), "PER".into()],
            partial_names: true,
            partial_given_names: false,
            people: true,
            organisations: true,
            document_rules: true,
            focus: true,
            prior: None,
            role_rule: false,
            place_context: true,
            place_context_entities: vec!["CITY".into(), "us-state:".into(), "division:".into()],
            overlapping: false,
        }
    }
}

impl AnnotateOptions {
    /// Matches only: every context rule off (no partial names, no in-article evidence,
    /// no place context), so each mention is a gazetteer match with its candidates in
    /// gazetteer order.
    ///
    /// ```
    /// use newsgaz::{AnnotateOptions, Annotator, Entry, Gazetteer, Matcher};
    ///
    /// let g = Gazetteer::from_entries([Entry::new("p:putin", "Vladimir Putin", "PERSON")], "example")?;
    /// let plain = Annotator::with_options(Matcher::new(g), AnnotateOptions::plain());
    /// let found = plain.annotate_text("Vladimir Putin met Putin's aides.");
    /// assert_eq!(found.mentions.len(), 1);
    /// # Ok::<(), newsgaz::Error>(())
    /// ```
    pub fn plain() -> AnnotateOptions {
        AnnotateOptions {
            partial_names: false,
            people: false,
            organisations: false,
            document_rules: false,
            focus: false,
            place_context: false,
            ..AnnotateOptions::default()
        }
    }
}

/// A mention while the annotator works on it: a span and its candidates, preferred first.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub(crate) span: Span,
    /// Inline up to three: most matches have one, and none allocates.
    pub(crate) candidates: smallvec::SmallVec<[Candidate; 3]>,
    /// Persons added as candidates because the mention is one of their name tokens.
    pub(crate) claimed: Vec<EntityIndex>,
    /// A partial name found by the partial-name matcher, not by the gazetteer's matcher.
    pub(crate) partial: bool,
    /// A surname after a title linked to the one listed person with that family name.
    pub(crate) titled: bool,
}

impl Found {
    pub(crate) fn entity(&self) -> EntityIndex {
        self.candidates[0].entity
    }
}

/// Annotates articles in context. Immutable; build once, share between threads.
///
/// ```
/// use newsgaz::{Annotator, Article, Gazetteer, Matcher};
/// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
/// let annotated = annotator.annotate(&Article::parse_plain("Peru\n\nLima hosted talks."), "x");
/// assert_eq!(annotated.mentions.len(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct Annotator {
    matcher: Matcher,
    options: AnnotateOptions,
    partials: partial::PartialNames,
    organisations: organisations::OrgKnowledge,
    prior: Vec<Option<f64>>,
    places: context::PlaceContext,
    geography: focus::Geography,
    /// No rule can change a match: no partial names, document rules, place context, focus
    /// or prior. Mentions are then made straight from the matches.
    matches_only: bool,
}

impl Annotator {
    /// An annotator with the default options.
    ///
    /// ```
    /// # use newsgaz::{Annotator, Gazetteer, Matcher};
    /// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    /// assert!(annotator.options().partial_names);
    /// ```
    pub fn new(matcher: Matcher) -> Annotator {
        Annotator::with_options(matcher, AnnotateOptions::default())
    }

    /// An annotator with `options`; the partial-name matcher and the priors are built here.
    ///
    /// ```
    /// use newsgaz::{AnnotateOptions, Annotator, Gazetteer, Matcher};
    /// let mut options = AnnotateOptions::default();
    /// options.prior = Some("population".into());
    /// let annotator = Annotator::with_options(Matcher::new(Gazetteer::builtin().clone()), options);
    /// assert_eq!(annotator.options().prior.as_deref(), Some("population"));
    /// ```
    pub fn with_options(matcher: Matcher, options: AnnotateOptions) -> Annotator {
        let gazetteer = matcher.gazetteer();
        let partials = partial::PartialNames::build(gazetteer, &options);
        let places = context::PlaceContext::new(gazetteer, &options.place_context_entities);
        let organisations = if options.people || options.organisations {
            organisations::OrgKnowledge::build(gazetteer, options.place_context)
        } else {
            organisations::OrgKnowledge::default()
        };
        let geography = focus::Geography::new(gazetteer);
        let prior: Vec<Option<f64>> = gazetteer
            .entries()
            .iter()
            .map(|e| {
                options
                    .prior
                    .as_ref()
                    .and_then(|name| e.attributes.get(name))
                    .and_then(|v| v.as_f64().or_else(|| v.as_str()?.trim().parse().ok()))
            })
            .collect();
        let matches_only = !options.partial_names
            && !options.document_rules
            && !options.place_context
            && (!options.focus || geography.is_empty())
            && prior.iter().all(Option::is_none);
        Annotator {
            matcher,
            options,
            partials,
            organisations,
            prior,
            places,
            geography,
            matches_only,
        }
    }

    /// The matcher.
    ///
    /// ```
    /// # use newsgaz::{Annotator, Gazetteer, Matcher};
    /// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    /// assert_eq!(annotator.matcher().find_iter("Peru").count(), 1);
    /// ```
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The options.
    ///
    /// ```
    /// # use newsgaz::{AnnotateOptions, Annotator, Gazetteer, Matcher};
    /// let annotator = Annotator::with_options(Matcher::new(Gazetteer::builtin().clone()), AnnotateOptions::plain());
    /// assert!(!annotator.options().place_context);
    /// ```
    pub fn options(&self) -> &AnnotateOptions {
        &self.options
    }

    /// Annotates `article`; `source` says where it was read from.
    ///
    /// ```
    /// use newsgaz::{Annotator, Article, Entry, Gazetteer, Matcher};
    ///
    /// let g = Gazetteer::from_entries([Entry::new("c:lisbon", "Lisbon", "CITY")], "example")?;
    /// let article = Article::parse_plain("Title\n\nRain in Lisbon. Sun later.");
    /// let annotated = Annotator::new(Matcher::new(g)).annotate(&article, "example.txt");
    /// assert_eq!((annotated.mentions[0].sentence, annotated.article().sentences.len()), (Some(0), 2));
    /// # Ok::<(), newsgaz::Error>(())
    /// ```
    pub fn annotate(&self, article: &Article, source: impl Into<String>) -> AnnotatedArticle {
        self.annotate_owned(article.clone(), source.into())
    }

    /// Annotates a plain text with no title, paragraphs or quotes.
    ///
    /// ```
    /// use newsgaz::{Annotator, Entry, Gazetteer, Matcher};
    ///
    /// let g = Gazetteer::from_entries([Entry::new("c:lisbon", "Lisbon", "CITY")], "example")?;
    /// let annotated = Annotator::new(Matcher::new(g)).annotate_text("Lisbon");
    /// assert_eq!((annotated.source(), annotated.mentions[0].paragraph), ("<text>", None));
    /// # Ok::<(), newsgaz::Error>(())
    /// ```
    pub fn annotate_text(&self, text: &str) -> AnnotatedArticle {
        let article = Article {
            text: text.to_owned(),
            ..Article::default()
        };
        self.annotate_owned(article, "<text>".into())
    }

    /// The mention records of a plain text (no title, paragraphs or quotes), without the
    /// text's copy or the article-level summaries of [`Annotator::annotate_text`]: what a
    /// search for mentions needs, at the cost of the search and one record per mention.
    ///
    /// ```
    /// use newsgaz::{Annotator, Gazetteer, Matcher};
    ///
    /// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    /// let text = "Chile and Perú";
    /// let mentions = annotator.text_mentions(text);
    /// assert_eq!(mentions, annotator.annotate_text(text).mentions);
    /// assert_eq!((mentions[1].span.char_start, mentions[1].span.char_end), (10, 14));
    /// ```
    pub fn text_mentions(&self, text: &str) -> Vec<Mention> {
        self.text_mentions_interruptible(text, || true)
            .expect("an annotation that keeps going is never interrupted")
    }

    /// [`Annotator::text_mentions`] that asks `keep_going` after each mebibyte of text
    /// searched and stops, with [`Interrupted`], when it says no: for a caller that must
    /// honour a cancellation (Ctrl-C in Python) during one long text without a thread
    /// of its own. The work after the search (records, and for an annotator with context
    /// rules, resolution) is linear and is not interrupted.
    ///
    /// ```
    /// use newsgaz::{Annotator, Gazetteer, Interrupted, Matcher};
    ///
    /// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    /// let text = "Chile and Peru. ".repeat(200_000); // 3.2 MB
    /// let mut asked = 0;
    /// let found = annotator.text_mentions_interruptible(&text, || {
    ///     asked += 1;
    ///     true
    /// });
    /// assert_eq!(found.map(|m| m.len()), Ok(400_000));
    /// assert_eq!(asked, 3);
    /// let stop_at_once = annotator.text_mentions_interruptible(&text, || false);
    /// assert_eq!(stop_at_once, Err(Interrupted));
    /// ```
    pub fn text_mentions_interruptible(
        &self,
        text: &str,
        mut keep_going: impl FnMut() -> bool,
    ) -> Result<Vec<Mention>, Interrupted> {
        if self.matches_only {
            // Every match is a mention as it is (its candidates in the matcher's order):
            // no intermediate list.
            let matches = self
                .matcher
                .search(text, self.options.overlapping, &mut keep_going)?;
            let mut chars = crate::offsets::CharCursor::new(text);
            return Ok(matches
                .into_iter()
                .map(|m| Mention {
                    span: chars.text_span(m.span()),
                    candidates: m.candidates().iter().map(|c| c.entity).collect(),
                    paragraph: None,
                    sentence: None,
                    in_title: false,
                    in_quote: false,
                    form: MentionForm::of_kind(m.candidates()[0].kind),
                })
                .collect());
        }
        let found = self.find(text, None, &mut keep_going)?;
        // Mentions ascend by start: one pass counts their code points, no index needed.
        let mut chars = crate::offsets::CharCursor::new(text);
        Ok(self.mentions(&Article::default(), |span| chars.text_span(span), &found))
    }

    /// Annotates an article the caller gives away (no copy of its text).
    ///
    /// ```
    /// use newsgaz::{Annotator, Article, Gazetteer, Matcher};
    ///
    /// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone()))
    ///     .annotate_owned(Article::parse_plain("T\n\nA body."), "x".into());
    /// assert_eq!(annotated.article().paragraphs.len(), 1);
    /// ```
    pub fn annotate_owned(&self, article: Article, source: String) -> AnnotatedArticle {
        self.annotate_interruptible(article, source, || true)
            .expect("an annotation that keeps going is never interrupted")
    }

    /// [`Annotator::annotate_owned`] that asks `keep_going` after each mebibyte of text
    /// searched and between the steps after the search (people, mentions), and stops,
    /// with [`Interrupted`], when it says no: the one way a caller cancels a long call
    /// (Ctrl-C in Python), as in [`Annotator::text_mentions_interruptible`].
    ///
    /// ```
    /// use newsgaz::{Annotator, Article, Gazetteer, Interrupted, Matcher};
    ///
    /// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    /// let article = Article::parse_plain(&"Chile and Peru. ".repeat(200_000));
    /// let stopped = annotator.annotate_interruptible(article, "long".into(), || false);
    /// assert_eq!(stopped.map(|a| a.mentions.len()), Err(Interrupted));
    /// ```
    pub fn annotate_interruptible(
        &self,
        article: Article,
        source: String,
        mut keep_going: impl FnMut() -> bool,
    ) -> Result<AnnotatedArticle, Interrupted> {
        // Asked again between the steps after the search, each linear in the text.
        let mut step = || keep_going().then_some(()).ok_or(Interrupted);
        let mut found = self.find(&article.text, article.title_span, &mut || step().is_ok())?;
        step()?;
        let gazetteer = self.matcher.gazetteer().clone();
        let finders = people::Finders {
            people: self.options.people,
            organisations: self.options.organisations,
        };
        let people = if finders.people || finders.organisations {
            let (text, title) = (&article.text, article.title_span);
            people::find_people(
                text,
                title,
                &mut found,
                gazetteer.len(),
                &self.partials,
                &self.organisations,
                finders,
            )
        } else {
            Vec::new()
        };
        step()?;
        let chars = CharBlocks::new(&article.text);
        let text = &article.text;
        let mentions = self.mentions(&article, |span| chars.text_span(text, span), &found);
        step()?;
        let entities = summary::entities(&mentions);
        let focus = self.geography.focus(&mentions);
        let lookup = Entities::new(&gazetteer, &people);
        let cooccurrences = summary::cooccurrences(|e| lookup.entry(e), &mentions);
        let is_person = |e: EntityIndex| match e.as_usize().checked_sub(gazetteer.len()) {
            None => self.partials.is_person(e),
            Some(i) => people.get(i).is_some_and(|p| p.label == "PERSON"),
        };
        let is_place = |e: EntityIndex| lookup.entry(e).is_place();
        let speakers = speakers::speakers(
            &article,
            &chars,
            &mentions,
            is_person,
            is_place,
            &self.options,
        );
        let attribution_entities = speakers::attribution_entities(&article, &mentions);
        Ok(AnnotatedArticle::new(
            source,
            article,
            gazetteer,
            chars,
            annotated::Records {
                mentions,
                entities,
                speakers,
                attribution_entities,
                cooccurrences,
                people,
                focus,
            },
        ))
    }

    /// The mentions of `text` before they become records: matched, partial names
    /// linked, resolved and filtered by place context.
    /// The matches of `text` as mentions to resolve, resolved; the searches ask
    /// `keep_going` (see [`Annotator::text_mentions_interruptible`]).
    fn find(
        &self,
        text: &str,
        title: Option<Span>,
        keep_going: &mut dyn FnMut() -> bool,
    ) -> Result<Vec<Found>, Interrupted> {
        let found_of = |m: crate::Match<'_>| Found {
            span: m.span(),
            candidates: m.candidates().into(),
            claimed: Vec::new(),
            partial: false,
            titled: false,
        };
        let mut found: Vec<Found> = (self.matcher.search(text, false, keep_going)?)
            .into_iter()
            .map(found_of)
            .collect();
        if self.options.partial_names {
            let gazetteer = self.matcher.gazetteer();
            found = self
                .partials
                .link(gazetteer, text, title, found, self.options.document_rules);
        }
        if self.options.overlapping {
            // The leftmost-longest ones are found again: keep them as they are (partial
            // claims included) and add the others.
            let mut inner: Vec<Found> = (self.matcher.search(text, true, keep_going)?)
                .into_iter()
                .filter(|m| {
                    let at = found.partition_point(|f| f.span < m.span());
                    found.get(at).is_none_or(|f| f.span != m.span())
                })
                .map(found_of)
                .collect();
            found.append(&mut inner);
            found.sort_by_key(|f| (f.span.start, f.span.end));
        }
        if self.options.focus && !self.geography.is_empty() {
            let weights = self.geography.weights(&found, title);
            self.geography.require_context(text, &weights, &mut found);
            let focus = |f: &Found, best| self.geography.pick(&weights, f, best);
            resolve::resolve(&mut found, self.options.document_rules, focus, &self.prior);
        } else {
            resolve::resolve(
                &mut found,
                self.options.document_rules,
                |_, _| None,
                &self.prior,
            );
        }
        if self.options.place_context {
            self.places.filter(text, &mut found);
        }
        Ok(found)
    }

    /// One record per found mention, with its place in the article whose layout (title,
    /// paragraphs, sentences, quotes) `article` gives; `text_span` adds a span's code
    /// point offsets (it is called in text order).
    fn mentions(
        &self,
        article: &Article,
        mut text_span: impl FnMut(Span) -> crate::TextSpan,
        found: &[Found],
    ) -> Vec<Mention> {
        // Mentions ascend, so one cursor walks the quotes (no scan per mention).
        let mut quote = 0;
        found
            .iter()
            .map(|f| {
                let Span { start, end } = f.span;
                let quotes = &article.quotes;
                while quote < quotes.len() && quotes[quote].content.end < start {
                    quote += 1;
                }
                let in_quote = quotes[quote..]
                    .iter()
                    .take_while(|q| q.content.start <= start)
                    .any(|q| end <= q.content.end);
                let form = if f.titled {
                    MentionForm::Titled
                } else if f.partial || f.claimed.contains(&f.entity()) {
                    MentionForm::Partial
                } else {
                    MentionForm::of_kind(f.candidates[0].kind)
                };
                Mention {
                    span: text_span(f.span),
                    candidates: f.candidates.iter().map(|c| c.entity).collect(),
                    paragraph: article.paragraph_at(start),
                    sentence: article.sentence_at(start),
                    in_title: article.title_span.is_some_and(|t| t.contains(f.span)),
                    in_quote,
                    form,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
