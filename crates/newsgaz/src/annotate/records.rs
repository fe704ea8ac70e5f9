//! The records an annotation is made of: mentions, entity rows, co-occurrences and
//! speakers. They hold entity indices, not strings: names, ids and labels stay in the
//! gazetteer and are written when a record is serialised or converted.

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::gazetteer::{AliasKind, EntityIndex};
use crate::span::TextSpan;

/// How a mention names its entity.
///
/// ```
/// use newsgaz::MentionForm;
/// use newsgaz::gazetteer::AliasKind;
/// assert_eq!(MentionForm::of_kind(AliasKind::Demonym), MentionForm::Demonym);
/// assert_eq!(serde_json::to_string(&MentionForm::Partial).unwrap(), "\"partial\"");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum MentionForm {
    /// A listed name or alias of the entity.
    #[default]
    Name,
    /// One capitalised token of a person's name (`Putin` for Vladimir Putin), linked in
    /// context by the annotator.
    Partial,
    /// A demonym or adjectival alias (`Chinese` → China).
    Demonym,
    /// A surname after a title (`Mr Blair`) that exactly one listed person has, in an
    /// article that never names that person in full.
    Titled,
}

impl MentionForm {
    /// The form of a match of an alias of `kind`.
    ///
    /// ```
    /// use newsgaz::MentionForm;
    /// use newsgaz::gazetteer::AliasKind;
    /// assert_eq!(MentionForm::of_kind(AliasKind::Alias), MentionForm::Name);
    /// ```
    pub fn of_kind(kind: AliasKind) -> MentionForm {
        match kind {
            AliasKind::Demonym => MentionForm::Demonym,
            _ => MentionForm::Name,
        }
    }

    /// The name JSON and Python use: `name`, `partial`, `demonym` or `titled`.
    ///
    /// ```
    /// assert_eq!(newsgaz::MentionForm::Demonym.as_str(), "demonym");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MentionForm::Name => "name",
            MentionForm::Partial => "partial",
            MentionForm::Demonym => "demonym",
            MentionForm::Titled => "titled",
        }
    }
}

/// The entities a mention may refer to, preferred first; never empty. Up to three are
/// held inline, so most mentions allocate nothing for them.
///
/// ```
/// use newsgaz::{Annotator, Entry, Gazetteer, Matcher};
///
/// let g = Gazetteer::from_entries(
///     [Entry::new("city:a", "Paris", "CITY"), Entry::new("city:b", "Paris", "CITY")],
///     "example",
/// )?;
/// let annotated = Annotator::new(Matcher::new(g)).annotate_text("Paris");
/// let ids: Vec<&str> = annotated.mentions[0].candidates.iter().map(|&e| annotated.entry(e).id.as_str()).collect();
/// assert_eq!(ids, ["city:a", "city:b"]);
/// # Ok::<(), newsgaz::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CandidateEntities(SmallVec<[EntityIndex; 3]>);

impl FromIterator<EntityIndex> for CandidateEntities {
    /// The entities in order, the preferred one first (at least one).
    fn from_iter<I: IntoIterator<Item = EntityIndex>>(entities: I) -> CandidateEntities {
        let list: SmallVec<[EntityIndex; 3]> = entities.into_iter().collect();
        debug_assert!(!list.is_empty(), "a mention has at least one candidate");
        CandidateEntities(list)
    }
}

impl CandidateEntities {
    /// The preferred entity.
    ///
    /// ```
    /// # use newsgaz::{Annotator, Entry, Gazetteer, Matcher};
    /// # let g = Gazetteer::from_entries([Entry::new("c:a", "Paris", "CITY")], "x")?;
    /// let annotated = Annotator::new(Matcher::new(g)).annotate_text("Paris");
    /// let m = &annotated.mentions[0];
    /// assert_eq!(m.candidates.preferred(), m.entity());
    /// # Ok::<(), newsgaz::Error>(())
    /// ```
    pub fn preferred(&self) -> EntityIndex {
        self.0[0]
    }
}

impl std::ops::Deref for CandidateEntities {
    type Target = [EntityIndex];

    fn deref(&self) -> &[EntityIndex] {
        &self.0
    }
}

/// The value of one of a mention's facts: its fields past its span and candidates
/// ([`Mention::FACTS`]), for the code that treats them all alike (the JSON record,
/// snapshots, the Python binding). Serialised as the plain value: a number or `null`, a
/// boolean, a form's name.
///
/// ```
/// use newsgaz::annotate::Fact;
/// assert_eq!(serde_json::to_string(&Fact::Index(None)).unwrap(), "null");
/// assert_eq!(serde_json::from_str::<Fact>("true").unwrap(), Fact::Flag(true));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Fact {
    /// An index, or none.
    Index(Option<usize>),
    /// Yes or no.
    Flag(bool),
    /// How a mention names its entity.
    Form(MentionForm),
}

/// A type a mention's fact may have.
trait AsFact: Sized {
    /// The fact's value when nothing says otherwise; its variant is the fact's kind.
    const DEFAULT: Fact;
    fn fact(&self) -> Fact;
    fn from_fact(fact: Fact) -> Option<Self>;
}

impl AsFact for Option<usize> {
    const DEFAULT: Fact = Fact::Index(None);
    fn fact(&self) -> Fact {
        Fact::Index(*self)
    }
    fn from_fact(fact: Fact) -> Option<Self> {
        match fact {
            Fact::Index(i) => Some(i),
            _ => None,
        }
    }
}

impl AsFact for bool {
    const DEFAULT: Fact = Fact::Flag(false);
    fn fact(&self) -> Fact {
        Fact::Flag(*self)
    }
    fn from_fact(fact: Fact) -> Option<Self> {
        match fact {
            Fact::Flag(b) => Some(b),
            _ => None,
        }
    }
}

impl AsFact for MentionForm {
    const DEFAULT: Fact = Fact::Form(MentionForm::Name);
    fn fact(&self) -> Fact {
        Fact::Form(*self)
    }
    fn from_fact(fact: Fact) -> Option<Self> {
        match fact {
            Fact::Form(f) => Some(f),
            _ => None,
        }
    }
}

/// Declares [`Mention`] once: its span and candidates, then its facts, from which
/// [`Mention::FACTS`], [`Mention::facts`] and [`Mention::from_facts`] are made, so that the
/// JSON record, snapshots and the Python binding follow a new fact without a line of
/// their own.
macro_rules! mention_with_facts {
    (
        $(#[$meta:meta])*
        pub struct Mention {
            $(#[$span_meta:meta])* pub span: TextSpan,
            $(#[$candidates_meta:meta])* pub candidates: CandidateEntities,
            facts { $( $(#[$fact_meta:meta])* $fact:ident : $ty:ty, )* }
        }
    ) => {
        $(#[$meta])*
        pub struct Mention {
            $(#[$span_meta])* pub span: TextSpan,
            $(#[$candidates_meta])* pub candidates: CandidateEntities,
            $( $(#[$fact_meta])* pub $fact: $ty, )*
        }

        impl Mention {
            /// The names of the mention's facts, in the order records write them.
            ///
            /// ```
            /// assert_eq!(newsgaz::Mention::FACTS[0], "paragraph");
            /// ```
            pub const FACTS: &'static [&'static str] = &[$(stringify!($fact)),*];

            /// Each fact's value when nothing says otherwise, in the order of
            /// [`Mention::FACTS`]: its variant is the fact's kind (a table's column type).
            ///
            /// ```
            /// use newsgaz::annotate::Fact;
            /// assert_eq!(newsgaz::Mention::FACT_DEFAULTS[2], Fact::Flag(false));
            /// ```
            pub const FACT_DEFAULTS: &'static [Fact] = &[$(<$ty as AsFact>::DEFAULT),*];

            /// The values of the facts, in the order of [`Mention::FACTS`].
            ///
            /// ```
            /// # use newsgaz::{Annotator, Gazetteer, Matcher};
            /// # use newsgaz::annotate::Fact;
            /// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone())).annotate_text("Peru");
            /// let facts: Vec<Fact> = annotated.mentions[0].facts().collect();
            /// assert_eq!(facts[0], Fact::Index(None));
            /// ```
            pub fn facts(&self) -> impl ExactSizeIterator<Item = Fact> {
                [$(AsFact::fact(&self.$fact)),*].into_iter()
            }

            /// A mention from its span, its candidates and its facts in the order of
            /// [`Mention::FACTS`]; an error names the first fact that is missing or of
            /// the wrong kind.
            ///
            /// ```
            /// # use newsgaz::{Annotator, Gazetteer, Matcher, Mention};
            /// let annotated = Annotator::new(Matcher::new(Gazetteer::builtin().clone())).annotate_text("Peru");
            /// let m = &annotated.mentions[0];
            /// assert_eq!(Mention::from_facts(m.span, m.candidates.clone(), m.facts()).as_ref(), Ok(m));
            /// assert!(Mention::from_facts(m.span, m.candidates.clone(), m.facts().skip(1)).is_err());
            /// ```
            pub fn from_facts(
                span: TextSpan,
                candidates: CandidateEntities,
                facts: impl IntoIterator<Item = Fact>,
            ) -> Result<Mention, String> {
                let mut facts = facts.into_iter();
                let mention = Mention {
                    span,
                    candidates,
                    $($fact: facts
                        .next()
                        .and_then(AsFact::from_fact)
                        .ok_or_else(|| format!("the mention's `{}` is missing or of another kind", stringify!($fact)))?,)*
                };
                match facts.next() {
                    Some(_) => Err("more facts than a mention has".into()),
                    None => Ok(mention),
                }
            }
        }
    };
}

mention_with_facts! {
    /// One mention of an entity in an article.
    ///
    /// `span.slice(text)` is the mention as written; [`AnnotatedArticle::entry`] gives the
    /// entity's id, name and label. Serialised (as `newsgaz tag` prints it) the record has
    /// `start`, `end`, `char_start`, `char_end`, `text`, `entity`, `name`, `label`,
    /// `candidates`, `paragraph`, `sentence`, `in_title`, `in_quote` and `form`.
    ///
    /// ```
    /// use newsgaz::{Annotator, Entry, Gazetteer, Matcher, MentionForm};
    ///
    /// let g = Gazetteer::from_entries([Entry::new("city:lisbon", "Lisbon", "CITY")], "example")?;
    /// let annotated = Annotator::new(Matcher::new(g)).annotate_text("£5 in Lisbon");
    /// let m = &annotated.mentions[0];
    /// assert_eq!((m.span.char_start, m.text(annotated.text())), (6, "Lisbon"));
    /// assert_eq!((annotated.entry(m.entity()).id.as_str(), m.form), ("city:lisbon", MentionForm::Name));
    /// # Ok::<(), newsgaz::Error>(())
    /// ```
    ///
    /// [`AnnotatedArticle::entry`]: crate::AnnotatedArticle::entry
    #[derive(Clone, Debug, PartialEq, Eq)]
    #[non_exhaustive]
    pub struct Mention {
        /// Where the mention lies in the article's text.
        pub span: TextSpan,
        /// Every entity it may refer to, the resolved one first.
        pub candidates: CandidateEntities,
        facts {
            /// Index of the body paragraph holding the mention (`None` in the title or plain
            /// text).
            paragraph: Option<usize>,
            /// Index of the body sentence holding the mention (`None` in the title or plain
            /// text).
            sentence: Option<usize>,
            /// True when the mention lies in the article's title.
            in_title: bool,
            /// True when the mention lies inside a quotation (between its marks).
            in_quote: bool,
            /// How the mention names the preferred entity.
            form: MentionForm,
        }
    }
}

impl Mention {
    /// The entity the mention was resolved to (the first candidate).
    ///
    /// ```
    /// # use newsgaz::{Annotator, Entry, Gazetteer, Matcher};
    /// # let g = Gazetteer::from_entries([Entry::new("c:a", "Paris", "CITY")], "x")?;
    /// let annotated = Annotator::new(Matcher::new(g)).annotate_text("in Paris");
    /// assert_eq!(annotated.entry(annotated.mentions[0].entity()).name, "Paris");
    /// # Ok::<(), newsgaz::Error>(())
    /// ```
    pub fn entity(&self) -> EntityIndex {
        self.candidates.preferred()
    }

    /// The mention as written in `text` (the article's text).
    ///
    /// ```
    /// # use newsgaz::{Annotator, Entry, Gazetteer, Matcher};
    /// # let g = Gazetteer::from_entries([Entry::new("c:a", "Paris", "CITY")], "x")?;
    /// let annotated = Annotator::new(Matcher::new(g)).annotate_text("in PARIS");
    /// assert_eq!(annotated.mentions[0].text(annotated.text()), "PARIS");
    /// # Ok::<(), newsgaz::Error>(())
    /// ```
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span.slice(text)
    }
}

/// One row per resolved entity of an article. Serialised with the entity's `id`, `name`
/// and `label`.
///
/// ```
/// use newsgaz::{Annotator, Entry, Gazetteer, Matcher};
///
/// let g = Gazetteer::from_entries([Entry::new("c:a", "Paris", "CITY")], "example")?;
/// let annotated = Annotator::new(Matcher::new(g)).annotate_text("Paris, then Paris.");
/// let row = &annotated.entities[0];
/// assert_eq!((row.count, row.first, row.salience), (2, 0, 1.0));
/// # Ok::<(), newsgaz::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct EntitySummary {
    /// The entity.
    pub entity: EntityIndex,
    /// Number of mentions resolved to it.
    pub count: usize,
    /// Byte offset of its first mention.
    pub first: usize,
    /// Code point offset of its first mention.
    pub char_first: usize,
    /// True when the title mentions it.
    pub in_title: bool,
    /// Its share of the article's weighted mentions, in `0..=1` (see
    /// [`SALIENCE_WEIGHTS`](crate::annotate::SALIENCE_WEIGHTS)).
    pub salience: f64,
}

/// Two entities mentioned in the same sentence (the title counts as one sentence);
/// `a`'s id sorts before `b`'s.
///
/// ```
/// use newsgaz::{Annotator, Entry, Gazetteer, Matcher};
///
/// let g = Gazetteer::from_entries(
///     [Entry::new("c:a", "Paris", "CITY"), Entry::new("c:b", "Rome", "CITY")],
///     "example",
/// )?;
/// let annotated = Annotator::new(Matcher::new(g)).annotate(&newsgaz::Article::parse_plain("T\n\nParis and Rome."), "x");
/// let pair = &annotated.cooccurrences[0];
/// assert_eq!((annotated.entry(pair.a).id.as_str(), annotated.entry(pair.b).id.as_str(), pair.count), ("c:a", "c:b", 1));
/// # Ok::<(), newsgaz::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Cooccurrence {
    /// The entity whose id sorts first.
    pub a: EntityIndex,
    /// The other entity.
    pub b: EntityIndex,
    /// Number of sentences that mention both.
    pub count: usize,
}

/// How a quotation's speaker was linked to an entity.
///
/// ```
/// assert_eq!(newsgaz::annotate::SpeakerLink::Pronoun.as_str(), "pronoun");
/// ```
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

impl SpeakerLink {
    /// The name JSON and Python use.
    ///
    /// ```
    /// assert_eq!(newsgaz::annotate::SpeakerLink::Unlinked.as_str(), "unlinked");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            SpeakerLink::Mention => "mention",
            SpeakerLink::Pronoun => "pronoun",
            SpeakerLink::Role => "role",
            SpeakerLink::Unlinked => "unlinked",
        }
    }
}

/// The speaker of a quotation: the phrase as written and the entity it was linked to.
/// Serialised with `text`, the entity's id as `entity` and its `name`.
///
/// ```
/// use newsgaz::{Annotator, Article, Entry, Gazetteer, Matcher};
/// use newsgaz::annotate::SpeakerLink;
///
/// let g = Gazetteer::from_entries([Entry::new("p:putin", "Vladimir Putin", "PERSON")], "example")?;
/// let article = Article::parse_plain("T\n\n“We agreed,” Vladimir Putin said.");
/// let annotated = Annotator::new(Matcher::new(g)).annotate(&article, "x");
/// let speaker = annotated.speakers[0].as_ref().unwrap();
/// assert_eq!((speaker.span.slice(annotated.text()), speaker.link), ("Vladimir Putin", SpeakerLink::Mention));
/// # Ok::<(), newsgaz::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Speaker {
    /// The phrase (`Putin`, `he`, `the Russian president`).
    pub span: TextSpan,
    /// The linked entity, if any.
    pub entity: Option<EntityIndex>,
    /// How the link was made.
    pub link: SpeakerLink,
}
