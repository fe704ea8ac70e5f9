//! The annotated article: the article itself, its records, and the one place where
//! records become JSON (entity ids, names and labels are written from the gazetteer here).

use std::sync::Arc;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use crate::article::{Article, Attribution, Quote};
use crate::gazetteer::{Entities, EntityIndex, Entry, Gazetteer};
use crate::offsets::CharBlocks;
use crate::span::{Span, TextSpan};

use super::focus::{CountryFocus, Focus, PlaceFocus};
use super::records::{Cooccurrence, EntitySummary, Mention, Speaker};

/// What the annotator found, before it is tied to its article.
pub(super) struct Records {
    pub(super) mentions: Vec<Mention>,
    pub(super) entities: Vec<EntitySummary>,
    pub(super) speakers: Vec<Option<Speaker>>,
    pub(super) attribution_entities: Vec<Option<EntityIndex>>,
    pub(super) cooccurrences: Vec<Cooccurrence>,
    pub(super) people: Vec<Entry>,
    pub(super) focus: Focus,
}

/// An annotated article: the parsed [`Article`] (text, title, paragraphs, sentences,
/// quotes, attributions, metadata) and what the annotator found in it. Serialised, it is
/// one line of `newsgaz tag` output (see the README for the fields).
///
/// ```
/// use newsgaz::{Annotator, Article, Entry, Gazetteer, Matcher};
///
/// let g = Gazetteer::from_entries([Entry::new("c:lisbon", "Lisbon", "CITY")], "example")?;
/// let article = Article::parse_plain("Title\n\nRain in Lisbon.");
/// let annotated = Annotator::new(Matcher::new(g)).annotate(&article, "a.txt");
/// let json: serde_json::Value = serde_json::to_value(&annotated)?;
/// assert_eq!(json["mentions"][0]["entity"], "c:lisbon");
/// assert_eq!(json["sentences"][0]["char_start"], 7);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct AnnotatedArticle {
    /// Mentions in text order, each resolved in context.
    pub mentions: Vec<Mention>,
    /// One row per resolved entity, most salient first.
    pub entities: Vec<EntitySummary>,
    /// The speaker of each of the article's quotations (same order), when one was found.
    pub speakers: Vec<Option<Speaker>>,
    /// The entity each of the article's attributions credits (same order), if any.
    pub attribution_entities: Vec<Option<EntityIndex>>,
    /// Entity pairs mentioned in the same sentence, most frequent first.
    pub cooccurrences: Vec<Cooccurrence>,
    /// Where the article is about: its countries and places with scores.
    pub focus: Focus,
    source: String,
    article: Article,
    gazetteer: Arc<Gazetteer>,
    /// People found in the text that the gazetteer does not list: entity
    /// `gazetteer.len() + i` is `people[i]`.
    people: Vec<Entry>,
    chars: CharBlocks,
}

impl PartialEq for AnnotatedArticle {
    fn eq(&self, other: &AnnotatedArticle) -> bool {
        // Indices mean the same only over the same entries.
        (Arc::ptr_eq(&self.gazetteer, &other.gazetteer) || self.gazetteer == other.gazetteer)
            && self.source == other.source
            && self.article == other.article
            && self.mentions == other.mentions
            && self.entities == other.entities
            && self.speakers == other.speakers
            && self.attribution_entities == other.attribution_entities
            && self.cooccurrences == other.cooccurrences
            && self.people == other.people
            && self.focus == other.focus
    }
}

/// A quotation of an annotated article with its speaker.
///
/// ```
/// use newsgaz::{Annotator, Article, Gazetteer, Matcher};
/// use newsgaz::article::QuoteKind;
///
/// let article = Article::parse_plain("T\n\n“We agreed,” he said.");
/// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone())).annotate(&article, "x");
/// let quote = annotated.quotes().next().unwrap();
/// assert_eq!((quote.quote.kind, quote.span.char_start), (QuoteKind::Speech, 3));
/// # let _ = quote.speaker;
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct QuoteView<'a> {
    /// The quotation as parsed.
    pub quote: &'a Quote,
    /// Its span, marks included, in bytes and code points.
    pub span: TextSpan,
    /// Its speaker, if one was found.
    pub speaker: Option<&'a Speaker>,
}

/// An attribution of an annotated article with the entity it credits.
///
/// ```
/// use newsgaz::{Annotator, Article, Entry, Gazetteer, Matcher};
///
/// let g = Gazetteer::from_entries([Entry::new("org:reuters", "Reuters", "ORG")], "example")?;
/// let article = Article::parse_plain("T\n\nTalks failed, Reuters reported.");
/// let annotated = Annotator::new(Matcher::new(g)).annotate(&article, "x");
/// let credited = annotated.attributions().next().unwrap();
/// assert_eq!(credited.source.slice(annotated.text()), "Reuters");
/// assert_eq!(annotated.entry(credited.entity.unwrap()).id, "org:reuters");
/// # Ok::<(), newsgaz::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct AttributionView<'a> {
    /// The attribution as parsed.
    pub attribution: &'a Attribution,
    /// The source phrase, in bytes and code points.
    pub source: TextSpan,
    /// The entity the source phrase mentions, if any.
    pub entity: Option<EntityIndex>,
}

impl AnnotatedArticle {
    pub(super) fn new(
        source: String,
        article: Article,
        gazetteer: Arc<Gazetteer>,
        chars: CharBlocks,
        records: Records,
    ) -> AnnotatedArticle {
        AnnotatedArticle {
            mentions: records.mentions,
            entities: records.entities,
            speakers: records.speakers,
            attribution_entities: records.attribution_entities,
            cooccurrences: records.cooccurrences,
            people: records.people,
            focus: records.focus,
            source,
            article,
            gazetteer,
            chars,
        }
    }

    /// The article that was annotated.
    ///
    /// ```
    /// # use newsgaz::{Annotator, Gazetteer, Matcher};
    /// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone())).annotate_text("One. Two.");
    /// assert_eq!(annotated.article().text, "One. Two.");
    /// ```
    pub fn article(&self) -> &Article {
        &self.article
    }

    /// The text every offset refers to.
    ///
    /// ```
    /// # use newsgaz::{Annotator, Gazetteer, Matcher};
    /// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone())).annotate_text("Hi");
    /// assert_eq!(annotated.text(), "Hi");
    /// ```
    pub fn text(&self) -> &str {
        &self.article.text
    }

    /// Where the article was read from (`path`, `path:line`, `path#index`, `-`).
    ///
    /// ```
    /// # use newsgaz::{Annotator, Article, Gazetteer, Matcher};
    /// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    /// assert_eq!(annotator.annotate(&Article::parse_plain("x"), "in.txt").source(), "in.txt");
    /// ```
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The gazetteer the entity indices refer to.
    ///
    /// ```
    /// # use newsgaz::{Annotator, Gazetteer, Matcher};
    /// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone())).annotate_text("Hi");
    /// assert_eq!(annotated.gazetteer().len(), Gazetteer::builtin().len());
    /// ```
    pub fn gazetteer(&self) -> &Arc<Gazetteer> {
        &self.gazetteer
    }

    /// The entry of `entity` (its id, name, label and attributes): the gazetteer's, or
    /// one of the article's [`people`](AnnotatedArticle::people).
    ///
    /// ```
    /// # use newsgaz::{Annotator, Gazetteer, Matcher};
    /// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone())).annotate_text("Peru");
    /// assert_eq!(annotated.entry(annotated.mentions[0].entity()).id, "country:PE");
    /// ```
    pub fn entry(&self, entity: EntityIndex) -> &Entry {
        Entities::new(&self.gazetteer, &self.people).entry(entity)
    }

    /// The country code of `entity` (`GB` for Westminster): its entry's `country_code`
    /// attribute, or `iso2` for a country itself; `None` for entities with neither
    /// (organisations, people, seas).
    ///
    /// ```
    /// # use newsgaz::{Annotator, Gazetteer, Matcher};
    /// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone())).annotate_text("Lima, Peru");
    /// let codes: Vec<_> = annotated.mentions.iter().map(|m| annotated.country_code(m.entity())).collect();
    /// assert_eq!(codes, [Some("PE"), Some("PE")]);
    /// ```
    pub fn country_code(&self, entity: EntityIndex) -> Option<&str> {
        self.entry(entity).country_code()
    }

    /// The entities found in the text that the gazetteer does not list, organisations
    /// first, then people (see [`AnnotateOptions::organisations`] and
    /// [`AnnotateOptions::people`]): entity index `gazetteer().len() + i` is `people()[i]`.
    /// Each has an id of this article alone (`org:~…` with the label `ORG`, `person:~…`
    /// with `PERSON`), its longest form as name and an attribute `evidence` (for
    /// organisations `designator`, `head-noun`, `acronym`, `context`, `results`; for people
    /// `title`, `appositive`, `speech`, `given-name`, `initials`, `nationality`, `list`,
    /// `who`, `family-name`).
    ///
    /// [`AnnotateOptions::organisations`]: crate::AnnotateOptions::organisations
    /// [`AnnotateOptions::people`]: crate::AnnotateOptions::people
    ///
    /// ```
    /// # use newsgaz::{Annotator, Gazetteer, Matcher};
    /// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    /// let annotated = annotator.annotate_text("Defense Minister Sergei Shoigu arrived. Shoigu spoke.");
    /// assert_eq!(annotated.people()[0].id, "person:~sergei-shoigu");
    /// let found = annotator.annotate_text("Burlington Industries Inc fell. Burlington said so.");
    /// assert_eq!(found.people()[0].id, "org:~burlington-industries-inc");
    /// assert_eq!(found.mentions.len(), 2);
    /// let last = annotated.mentions.last().unwrap();
    /// assert_eq!(annotated.entry(last.entity()).name, "Sergei Shoigu");
    /// ```
    pub fn people(&self) -> &[Entry] {
        &self.people
    }

    /// Every entity index the records hold, in record order (mentions' candidates,
    /// entity rows, speakers, attributions, co-occurrences, focus).
    pub(crate) fn entity_indices(&self) -> impl Iterator<Item = EntityIndex> + '_ {
        let mentions = self
            .mentions
            .iter()
            .flat_map(|m| m.candidates.iter().copied());
        let entities = self.entities.iter().map(|e| e.entity);
        let speakers = self.speakers.iter().flatten().filter_map(|s| s.entity);
        let attributions = self.attribution_entities.iter().flatten().copied();
        let pairs = self.cooccurrences.iter().flat_map(|c| [c.a, c.b]);
        let countries = self.focus.countries.iter().filter_map(|c| c.entity);
        let places = self.focus.places.iter().map(|p| p.entity);
        mentions
            .chain(entities)
            .chain(speakers)
            .chain(attributions)
            .chain(pairs)
            .chain(countries)
            .chain(places)
    }

    /// A byte span of the text with its code point offsets.
    ///
    /// ```
    /// # use newsgaz::{Annotator, Gazetteer, Matcher, Span};
    /// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone())).annotate_text("£1 x");
    /// assert_eq!(annotated.text_span(Span::new(4, 5)).char_start, 3);
    /// ```
    pub fn text_span(&self, span: Span) -> TextSpan {
        self.chars.text_span(&self.article.text, span)
    }

    /// The quotations in text order, each with its speaker.
    ///
    /// ```
    /// # use newsgaz::{Annotator, Article, Gazetteer, Matcher};
    /// let article = Article::parse_plain("T\n\nA “no limits” deal.");
    /// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone())).annotate(&article, "x");
    /// assert!(annotated.quotes().all(|q| q.speaker.is_none()));
    /// ```
    pub fn quotes(&self) -> impl ExactSizeIterator<Item = QuoteView<'_>> + '_ {
        self.article
            .quotes
            .iter()
            .zip(&self.speakers)
            .map(|(quote, speaker)| QuoteView {
                quote,
                span: self.text_span(quote.span),
                speaker: speaker.as_ref(),
            })
    }

    /// The attributions in text order, each with the entity it credits.
    ///
    /// ```
    /// # use newsgaz::{Annotator, Article, Gazetteer, Matcher};
    /// let article = Article::parse_plain("T\n\nIt rained, the ministry said.");
    /// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone())).annotate(&article, "x");
    /// assert_eq!(annotated.attributions().len(), annotated.article().attributions.len());
    /// ```
    pub fn attributions(&self) -> impl ExactSizeIterator<Item = AttributionView<'_>> + '_ {
        self.article
            .attributions
            .iter()
            .zip(&self.attribution_entities)
            .map(|(attribution, &entity)| AttributionView {
                attribution,
                source: self.text_span(attribution.source),
                entity,
            })
    }

    /// A self-contained HTML fragment: the text with mentions highlighted by label, a
    /// legend, and the entity table (for notebooks and `newsgaz tag --format html`).
    ///
    /// ```
    /// # use newsgaz::{Annotator, Gazetteer, Matcher};
    /// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone())).annotate_text("Peru <3");
    /// let html = annotated.to_html();
    /// assert!(html.contains("data-entity=\"country:PE\"") && html.contains("&lt;3"));
    /// ```
    pub fn to_html(&self) -> String {
        super::render::render(self)
    }
}

/// A JSON array of the items `make` yields (records are written without collecting them).
struct Seq<F>(F);

impl<F: Fn() -> I, I: IntoIterator<Item = T>, T: Serialize> Serialize for Seq<F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

fn seq<F: Fn() -> I, I: IntoIterator<Item = T>, T: Serialize>(make: F) -> Seq<F> {
    Seq(make)
}

/// A span's four offsets and its text, the fields every record starts with.
fn span_fields<M: SerializeMap>(map: &mut M, span: TextSpan, text: &str) -> Result<(), M::Error> {
    map.serialize_entry("start", &span.start)?;
    map.serialize_entry("end", &span.end)?;
    map.serialize_entry("char_start", &span.char_start)?;
    map.serialize_entry("char_end", &span.char_end)?;
    map.serialize_entry("text", text)
}

/// A record seen with what it needs to be written: the article's text and the gazetteer.
struct Json<'a, T> {
    record: T,
    annotated: &'a AnnotatedArticle,
}

impl AnnotatedArticle {
    fn json<T>(&self, record: T) -> Json<'_, T> {
        Json {
            record,
            annotated: self,
        }
    }

    fn id(&self, entity: EntityIndex) -> &str {
        &self.entry(entity).id
    }
}

impl Serialize for Json<'_, &Mention> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (m, a) = (self.record, self.annotated);
        let entry = a.entry(m.entity());
        let mut map = serializer.serialize_map(Some(10 + Mention::FACTS.len()))?;
        span_fields(&mut map, m.span, m.text(a.text()))?;
        map.serialize_entry("entity", &entry.id)?;
        map.serialize_entry("name", &entry.name)?;
        map.serialize_entry("label", &entry.label)?;
        map.serialize_entry("country", &entry.country_code())?;
        map.serialize_entry("candidates", &seq(|| m.candidates.iter().map(|&e| a.id(e))))?;
        for (name, fact) in Mention::FACTS.iter().zip(m.facts()) {
            map.serialize_entry(name, &fact)?;
        }
        map.end()
    }
}

impl Serialize for Json<'_, &EntitySummary> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (e, a) = (self.record, self.annotated);
        let entry = a.entry(e.entity);
        let mut map = serializer.serialize_map(Some(8))?;
        map.serialize_entry("id", &entry.id)?;
        map.serialize_entry("name", &entry.name)?;
        map.serialize_entry("label", &entry.label)?;
        map.serialize_entry("count", &e.count)?;
        map.serialize_entry("first", &e.first)?;
        map.serialize_entry("char_first", &e.char_first)?;
        map.serialize_entry("in_title", &e.in_title)?;
        map.serialize_entry("salience", &e.salience)?;
        map.end()
    }
}

impl Serialize for Json<'_, &Speaker> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (s, a) = (self.record, self.annotated);
        let entry = s.entity.map(|e| a.entry(e));
        let mut map = serializer.serialize_map(Some(8))?;
        span_fields(&mut map, s.span, s.span.slice(a.text()))?;
        map.serialize_entry("entity", &entry.map(|e| &e.id))?;
        map.serialize_entry("name", &entry.map(|e| &e.name))?;
        map.serialize_entry("link", &s.link)?;
        map.end()
    }
}

impl Serialize for Json<'_, QuoteView<'_>> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (q, a) = (&self.record, self.annotated);
        let mut map = serializer.serialize_map(Some(8))?;
        // `text` is what lies between the marks; the span includes them.
        span_fields(&mut map, q.span, q.quote.content.slice(a.text()))?;
        map.serialize_entry("kind", &q.quote.kind)?;
        map.serialize_entry("verb", &q.quote.cue.as_ref().map(|c| &c.verb))?;
        map.serialize_entry("speaker", &q.speaker.map(|s| a.json(s)))?;
        map.end()
    }
}

impl Serialize for Json<'_, AttributionView<'_>> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (x, a) = (&self.record, self.annotated);
        let mut map = serializer.serialize_map(Some(7))?;
        span_fields(&mut map, x.source, x.source.slice(a.text()))?;
        map.serialize_entry("verb", &x.attribution.verb)?;
        map.serialize_entry("entity", &x.entity.map(|e| a.id(e)))?;
        map.end()
    }
}

impl Serialize for Json<'_, &CountryFocus> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (c, a) = (self.record, self.annotated);
        let entry = c.entity.map(|e| a.entry(e));
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("code", &c.code)?;
        map.serialize_entry("entity", &entry.map(|e| &e.id))?;
        map.serialize_entry("name", &entry.map(|e| &e.name))?;
        map.serialize_entry("score", &c.score)?;
        map.serialize_entry("mentions", &c.mentions)?;
        map.end()
    }
}

impl Serialize for Json<'_, &PlaceFocus> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (p, a) = (self.record, self.annotated);
        let entry = a.entry(p.entity);
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("entity", &entry.id)?;
        map.serialize_entry("name", &entry.name)?;
        map.serialize_entry("label", &entry.label)?;
        map.serialize_entry("country", &entry.country_code())?;
        map.serialize_entry("score", &p.score)?;
        map.serialize_entry("mentions", &p.mentions)?;
        map.end()
    }
}

impl Serialize for Json<'_, &Focus> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (f, a) = (self.record, self.annotated);
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("countries", &seq(|| f.countries.iter().map(|c| a.json(c))))?;
        map.serialize_entry("places", &seq(|| f.places.iter().map(|p| a.json(p))))?;
        map.end()
    }
}

impl Serialize for Json<'_, &Cooccurrence> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (c, a) = (self.record, self.annotated);
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("a", a.id(c.a))?;
        map.serialize_entry("b", a.id(c.b))?;
        map.serialize_entry("count", &c.count)?;
        map.end()
    }
}

/// A bare span of the text: its four offsets.
impl Serialize for Json<'_, Span> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.annotated.text_span(self.record).serialize(serializer)
    }
}

impl Serialize for AnnotatedArticle {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let a = &self.article;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &a.id)?;
        map.serialize_entry("source", &self.source)?;
        map.serialize_entry("title", &a.title)?;
        map.serialize_entry("text", &a.text)?;
        let mentions = || self.mentions.iter().map(|m| self.json(m));
        map.serialize_entry("mentions", &seq(mentions))?;
        let entities = || self.entities.iter().map(|e| self.json(e));
        map.serialize_entry("entities", &seq(entities))?;
        map.serialize_entry("quotes", &seq(|| self.quotes().map(|q| self.json(q))))?;
        let attributions = || self.attributions().map(|x| self.json(x));
        map.serialize_entry("attributions", &seq(attributions))?;
        let pairs = || self.cooccurrences.iter().map(|c| self.json(c));
        map.serialize_entry("cooccurrences", &seq(pairs))?;
        map.serialize_entry("people", &self.people)?;
        map.serialize_entry("focus", &self.json(&self.focus))?;
        map.serialize_entry("title_span", &a.title_span.map(|s| self.json(s)))?;
        let paragraphs = || a.paragraphs.iter().map(|&s| self.json(s));
        map.serialize_entry("paragraphs", &seq(paragraphs))?;
        let sentences = || a.sentences.iter().map(|&s| self.json(s));
        map.serialize_entry("sentences", &seq(sentences))?;
        map.serialize_entry("metadata", &a.metadata)?;
        map.end()
    }
}
