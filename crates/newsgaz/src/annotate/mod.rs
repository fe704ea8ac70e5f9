//! Annotating articles: matches turned into who and where, the way a careful reader would.
//!
//! An [`Annotator`] is built once from a [`Matcher`] and [`AnnotateOptions`], then
//! annotates any number of articles (it is immutable, `Send` and `Sync`). Per article it
//!
//! 1. finds every full alias with the matcher,
//! 2. links partial person names ("Putin", "Li") to a person named in full in the same
//!    article ([`partial`]),
//! 3. resolves ambiguous aliases with in-document evidence, then a numeric prior
//!    ([`resolve`]),
//! 4. drops city and state names that the words beside them show to be a team or part
//!    of a longer name ([`context`]),
//! 5. summarises entities with a salience score and same-sentence co-occurrences
//!    ([`summary`]),
//! 6. links quotation speakers to person mentions ([`speakers`]).

mod context;
mod html;
pub use html::html_escape;
mod partial;
mod resolve;
mod speakers;
mod summary;

use serde::{Deserialize, Serialize};

use crate::article::{Article, QuoteKind};
use crate::gazetteer::EntityIndex;
use crate::matcher::{Candidate, Matcher};
use crate::offsets::CharOffsets;
use crate::span::Span;
use crate::tag::{Mention, MentionForm, Place};

pub use summary::SALIENCE_WEIGHTS;

/// Options of an [`Annotator`]. Serialisable, so that the CLI and the Python binding
/// parse them in one place; unknown keys are an error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct AnnotateOptions {
    /// Labels of person entries: their single name tokens are matched as partial names.
    pub person_labels: Vec<String>,
    /// Match partial person names ("Putin" for Vladimir Putin named in full elsewhere).
    pub partial_names: bool,
    /// Resolve ambiguous aliases with evidence from the same article (a candidate that
    /// is mentioned unambiguously elsewhere wins; a person named in full claims a
    /// single-token alias that is also one of their name tokens).
    pub document_rules: bool,
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
    /// `:` (`us-state:`). Countries are left out by default: a national side keeps its
    /// country's name.
    pub place_context_entities: Vec<String>,
}

impl Default for AnnotateOptions {
    fn default() -> AnnotateOptions {
        AnnotateOptions {
            person_labels: vec!["PERSON".into(), "PER".into()],
            partial_names: true,
            document_rules: true,
            prior: None,
            role_rule: false,
            place_context: true,
            place_context_entities: vec!["CITY".into(), "us-state:".into()],
        }
    }
}

/// One row per resolved entity of an article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntitySummary {
    /// The entity's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its label.
    pub label: String,
    /// Number of mentions resolved to it.
    pub count: usize,
    /// Byte offset of its first mention.
    pub first: usize,
    /// Code point offset of its first mention.
    pub char_first: usize,
    /// True when the title mentions it.
    pub in_title: bool,
    /// Its share of the article's weighted mentions, in `0..=1` (see [`SALIENCE_WEIGHTS`]).
    pub salience: f64,
}

/// Two entities mentioned in the same sentence (the title counts as one sentence).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cooccurrence {
    /// The smaller id of the pair.
    pub a: String,
    /// The larger id of the pair.
    pub b: String,
    /// Number of sentences that mention both.
    pub count: usize,
}

/// How a quotation's speaker was linked to an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum SpeakerLink {
    /// The speaker phrase is (or contains) a mention of the entity.
    Mention,
    /// A pronoun (he, she) resolved to the last person mentioned before it.
    Pronoun,
    /// A role phrase resolved by the role rule.
    Role,
    /// Not linked: the phrase stays as written.
    Unlinked,
}

/// The speaker of a quotation: the phrase as written and the entity it was linked to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// Byte offset of the phrase.
    pub start: usize,
    /// Byte offset one past the phrase.
    pub end: usize,
    /// Code point offset of the phrase.
    pub char_start: usize,
    /// Code point offset one past the phrase.
    pub char_end: usize,
    /// The phrase as written (`Putin`, `he`, `the Russian president`).
    pub text: String,
    /// The linked entity's id, if any.
    pub entity: Option<String>,
    /// The linked entity's name, if any.
    pub name: Option<String>,
    /// How the link was made.
    pub link: SpeakerLink,
}

/// A quotation with its speaker linked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRecord {
    /// Byte offset of the opening mark.
    pub start: usize,
    /// Byte offset one past the closing mark.
    pub end: usize,
    /// Code point offset of the opening mark.
    pub char_start: usize,
    /// Code point offset one past the closing mark.
    pub char_end: usize,
    /// The words between the marks.
    pub text: String,
    /// Speech or scare quotes.
    pub kind: QuoteKind,
    /// The speech cue's lemma (`say`, `tell`), when there is a cue.
    pub verb: Option<String>,
    /// The speaker, when the cue names one.
    pub speaker: Option<Speaker>,
}

/// A credited source (`Reuters reported`) with the entity it names, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributionRecord {
    /// Byte offset of the source phrase.
    pub start: usize,
    /// Byte offset one past the source phrase.
    pub end: usize,
    /// Code point offset of the source phrase.
    pub char_start: usize,
    /// Code point offset one past the source phrase.
    pub char_end: usize,
    /// The source as written.
    pub text: String,
    /// The cue normalised (`report`, `according to`).
    pub verb: String,
    /// The entity the source phrase mentions, if any.
    pub entity: Option<String>,
}

/// An annotated article: one line of `newsgaz tag` output. The first five fields are
/// those of [`crate::TaggedArticle`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnotatedArticle {
    /// The article's id, if it has one.
    pub id: Option<String>,
    /// Where the article was read from.
    pub source: String,
    /// The title, if any.
    pub title: Option<String>,
    /// The full text all offsets refer to.
    pub text: String,
    /// Mentions in text order, each resolved in context.
    pub mentions: Vec<Mention>,
    /// One row per resolved entity, most salient first.
    pub entities: Vec<EntitySummary>,
    /// Quotations in text order, speakers linked.
    pub quotes: Vec<QuoteRecord>,
    /// Credited sources in text order.
    pub attributions: Vec<AttributionRecord>,
    /// Entity pairs mentioned in the same sentence, most frequent first.
    pub cooccurrences: Vec<Cooccurrence>,
}

impl AnnotatedArticle {
    /// A self-contained HTML fragment: the text with mentions highlighted by label, a
    /// legend, and the entity table (for notebooks and `newsgaz tag --format html`).
    pub fn to_html(&self) -> String {
        html::render(self)
    }
}

/// A mention while the annotator works on it: a span and its candidates, preferred first.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub(crate) span: Span,
    pub(crate) candidates: Vec<Candidate>,
    /// Persons added as candidates because the mention is one of their name tokens.
    pub(crate) claimed: Vec<EntityIndex>,
    /// A partial name found by the partial-name matcher, not by the gazetteer's matcher.
    pub(crate) partial: bool,
}

impl Found {
    pub(crate) fn entity(&self) -> EntityIndex {
        self.candidates[0].entity
    }
}

/// Annotates articles in context. Immutable; build once, share between threads.
#[derive(Clone, Debug)]
pub struct Annotator {
    matcher: Matcher,
    options: AnnotateOptions,
    partials: partial::PartialNames,
    prior: Vec<Option<f64>>,
    places: context::PlaceContext,
}

impl Annotator {
    /// An annotator with the default options.
    pub fn new(matcher: Matcher) -> Annotator {
        Annotator::with_options(matcher, AnnotateOptions::default())
    }

    /// An annotator with `options`; the partial-name matcher and the priors are built here.
    pub fn with_options(matcher: Matcher, options: AnnotateOptions) -> Annotator {
        let gazetteer = matcher.gazetteer();
        let partials = partial::PartialNames::build(gazetteer, &options.person_labels);
        let places = context::PlaceContext::new(gazetteer, &options.place_context_entities);
        let prior = gazetteer
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
        Annotator {
            matcher,
            options,
            partials,
            prior,
            places,
        }
    }

    /// The matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The options.
    pub fn options(&self) -> &AnnotateOptions {
        &self.options
    }

    /// Annotates `article`; `source` says where it was read from.
    pub fn annotate(&self, article: &Article, source: impl Into<String>) -> AnnotatedArticle {
        let text = &article.text;
        let mut found: Vec<Found> = self
            .matcher
            .find_iter(text)
            .map(|m| Found {
                span: m.span(),
                candidates: m.candidates().to_vec(),
                claimed: Vec::new(),
                partial: false,
            })
            .collect();
        if self.options.partial_names {
            found = self.partials.link(text, found, self.options.document_rules);
        }
        resolve::resolve(&mut found, self.options.document_rules, &self.prior);
        if self.options.place_context {
            self.places.filter(text, &mut found);
        }

        let gazetteer = self.matcher.gazetteer();
        let mut chars = CharOffsets::new(text);
        let mentions: Vec<Mention> = found
            .iter()
            .map(|f| {
                let place = Place::in_article(article, f.span.start, f.span.end);
                let form = if f.partial || f.claimed.contains(&f.entity()) {
                    MentionForm::Partial
                } else {
                    MentionForm::of_kind(f.candidates[0].kind)
                };
                Mention::build(
                    gazetteer,
                    text,
                    &mut chars,
                    f.span,
                    &f.candidates,
                    place,
                    form,
                )
            })
            .collect();
        let entities = summary::entities(&mentions);
        let cooccurrences = summary::cooccurrences(&mentions);
        let quotes = speakers::quotes(article, &mentions, &self.options);
        let attributions = speakers::attributions(article, &mentions);
        AnnotatedArticle {
            id: article.id.clone(),
            source: source.into(),
            title: article.title.clone(),
            text: text.clone(),
            mentions,
            entities,
            quotes,
            attributions,
            cooccurrences,
        }
    }

    /// Annotates a plain text with no title, paragraphs or quotes.
    pub fn annotate_text(&self, text: &str) -> AnnotatedArticle {
        let article = Article {
            text: text.to_owned(),
            ..Article::default()
        };
        self.annotate(&article, "<text>")
    }
}

#[cfg(test)]
mod tests;
