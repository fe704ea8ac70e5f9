//! An annotated article as bytes that travel alone (to another process, through a
//! pickle): the article, the records, and the gazetteer entries they refer to — only
//! those, renumbered, unless the gazetteer is the built-in one, which every process has.
//! Decoding checks every index and every span, so a damaged snapshot is an error, never
//! a panic or a misread.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::error::Error;
use crate::gazetteer::{EntityIndex, Entry, Gazetteer};
use crate::offsets::CharBlocks;
use crate::span::{Span, TextSpan};

use super::annotated::{AnnotatedArticle, Records};
use super::focus::{CountryFocus, Focus, PlaceFocus};
use super::records::{
    CandidateEntities, Cooccurrence, EntitySummary, Fact, Mention, Speaker, SpeakerLink,
};

/// Bumped when the layout below changes; an older snapshot is refused, not misread.
const SNAPSHOT_VERSION: u32 = 1;

/// A mention: its span, its candidates, then its facts ([`Mention::FACTS`]), written as
/// one flat array.
struct MentionRow {
    span: Span,
    candidates: Vec<u32>,
    facts: Vec<Fact>,
}

impl Serialize for MentionRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut row = serializer.serialize_seq(Some(2 + self.facts.len()))?;
        row.serialize_element(&self.span)?;
        row.serialize_element(&self.candidates)?;
        for fact in &self.facts {
            row.serialize_element(fact)?;
        }
        row.end()
    }
}

impl<'de> Deserialize<'de> for MentionRow {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Row;
        impl<'de> serde::de::Visitor<'de> for Row {
            type Value = MentionRow;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a mention: span, candidates, then its facts")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<MentionRow, A::Error> {
                use serde::de::Error as _;
                let span = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let candidates = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(1, &self))?;
                let mut facts = Vec::with_capacity(Mention::FACTS.len());
                while let Some(fact) = seq.next_element()? {
                    facts.push(fact);
                }
                Ok(MentionRow {
                    span,
                    candidates,
                    facts,
                })
            }
        }
        deserializer.deserialize_seq(Row)
    }
}

/// The focus: countries as (code, entity, score's bits, mentions), places as (entity,
/// score's bits, mentions).
type FocusRows = (
    Vec<(String, Option<u32>, u64, usize)>,
    Vec<(u32, u64, usize)>,
);

#[derive(Serialize, Deserialize)]
struct Snapshot {
    version: u32,
    source: String,
    article: Article,
    /// `None`: indices are into the built-in gazetteer.
    entries: Option<Vec<Entry>>,
    mentions: Vec<MentionRow>,
    /// entity, count, first byte, in_title, salience's bits (exact through any encoding).
    entities: Vec<(u32, usize, usize, bool, u64)>,
    speakers: Vec<Option<(Span, Option<u32>, SpeakerLink)>>,
    attribution_entities: Vec<Option<u32>>,
    cooccurrences: Vec<(u32, u32, usize)>,
    /// The people found in the text: entity `entries + i` (or built-in + i) is `people[i]`.
    #[serde(default)]
    people: Vec<Entry>,
    /// The focus: countries as (code, entity, score's bits, mentions), places as
    /// (entity, score's bits, mentions).
    #[serde(default)]
    focus: FocusRows,
}

impl AnnotatedArticle {
    /// The annotation as self-contained bytes: the article, the records, and the
    /// gazetteer entries they refer to (none when the gazetteer is the built-in one).
    /// [`AnnotatedArticle::from_snapshot`] reads them back; the result serialises to the
    /// same JSON.
    ///
    /// ```
    /// use newsgaz::{AnnotatedArticle, Annotator, Entry, Gazetteer, Matcher};
    ///
    /// let g = Gazetteer::from_entries([Entry::new("c:a", "Paris", "CITY"), Entry::new("c:b", "Rome", "CITY")], "g")?;
    /// let annotated = Annotator::new(Matcher::new(g)).annotate_text("Rain in Rome.");
    /// let back = AnnotatedArticle::from_snapshot(&annotated.to_snapshot())?;
    /// assert_eq!(back.gazetteer().len(), 1);
    /// assert_eq!(serde_json::to_string(&back)?, serde_json::to_string(&annotated)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_snapshot(&self) -> Vec<u8> {
        let builtin = Arc::ptr_eq(self.gazetteer(), Gazetteer::builtin());
        let listed = self.gazetteer().len();
        let mut kept = Renumber::new(builtin, listed);
        // The gazetteer's entries first, so that the people's indices follow them.
        for e in self.entity_indices() {
            if e.as_usize() < listed {
                kept.index(e);
            }
        }
        let base = kept.kept.as_ref().map_or(listed, Vec::len) as u32;
        let mut renumber = |e: EntityIndex| match e.as_usize().checked_sub(listed) {
            Some(local) => base + local as u32,
            None => kept.index(e),
        };
        let mentions = self
            .mentions
            .iter()
            .map(|m| MentionRow {
                span: Span::new(m.span.start, m.span.end),
                candidates: m.candidates.iter().map(|&e| renumber(e)).collect(),
                facts: m.facts().collect(),
            })
            .collect();
        let entities = self
            .entities
            .iter()
            .map(|e| {
                let entity = renumber(e.entity);
                (entity, e.count, e.first, e.in_title, e.salience.to_bits())
            })
            .collect();
        let speakers = self
            .speakers
            .iter()
            .map(|s| {
                s.as_ref().map(|s| {
                    let span = Span::new(s.span.start, s.span.end);
                    (span, s.entity.map(&mut renumber), s.link)
                })
            })
            .collect();
        let attribution_entities = self
            .attribution_entities
            .iter()
            .map(|e| e.map(&mut renumber))
            .collect();
        let cooccurrences = self
            .cooccurrences
            .iter()
            .map(|c| (renumber(c.a), renumber(c.b), c.count))
            .collect();
        let countries = self
            .focus
            .countries
            .iter()
            .map(|c| {
                let entity = c.entity.map(&mut renumber);
                (c.code.clone(), entity, c.score.to_bits(), c.mentions)
            })
            .collect();
        let places = self
            .focus
            .places
            .iter()
            .map(|p| (renumber(p.entity), p.score.to_bits(), p.mentions))
            .collect();
        let entries = kept
            .kept
            .map(|kept| kept.iter().map(|&e| self.entry(e).clone()).collect());
        let snapshot = Snapshot {
            version: SNAPSHOT_VERSION,
            source: self.source().to_owned(),
            article: self.article().clone(),
            entries,
            mentions,
            entities,
            speakers,
            attribution_entities,
            cooccurrences,
            people: self.people().to_vec(),
            focus: (countries, places),
        };
        serde_json::to_vec(&snapshot).expect("snapshots serialise")
    }

    /// Reads what [`AnnotatedArticle::to_snapshot`] wrote. Bytes of another snapshot
    /// version, or with an index or span that does not fit, are a
    /// [`Error::InvalidSnapshot`](crate::Error::InvalidSnapshot) error.
    ///
    /// ```
    /// let error = newsgaz::AnnotatedArticle::from_snapshot(b"{}").unwrap_err();
    /// assert!(error.to_string().contains("annotation snapshot"));
    /// ```
    pub fn from_snapshot(bytes: &[u8]) -> Result<AnnotatedArticle, Error> {
        let invalid = |problem: String| Error::InvalidSnapshot { problem };
        let s: Snapshot = serde_json::from_slice(bytes).map_err(|e| invalid(e.to_string()))?;
        if s.version != SNAPSHOT_VERSION {
            return Err(invalid(format!(
                "version {} (this build reads version {SNAPSHOT_VERSION})",
                s.version
            )));
        }
        let gazetteer = match s.entries {
            None => Gazetteer::builtin().clone(),
            Some(entries) => Arc::new(Gazetteer::from_entries(entries, "<snapshot>")?),
        };
        let count = gazetteer.len() + s.people.len();
        let entity = |e: u32| -> Result<EntityIndex, Error> {
            if (e as usize) < count {
                Ok(EntityIndex::from_u32(e))
            } else {
                Err(invalid(format!("entity {e} of {count}")))
            }
        };
        let text = &s.article.text;
        crate::article::check_spans(&s.article).map_err(invalid)?;
        let chars = CharBlocks::new(text);
        let text_span = |span: Span| -> Result<TextSpan, Error> {
            crate::article::check_span(text, span).map_err(invalid)?;
            Ok(chars.text_span(text, span))
        };
        let mentions = s
            .mentions
            .into_iter()
            .map(|row| {
                if row.candidates.is_empty() {
                    return Err(invalid("a mention with no candidate".into()));
                }
                let candidates: CandidateEntities = row
                    .candidates
                    .into_iter()
                    .map(entity)
                    .collect::<Result<Vec<_>, _>>()?
                    .into_iter()
                    .collect();
                Mention::from_facts(text_span(row.span)?, candidates, row.facts).map_err(invalid)
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let entities = s
            .entities
            .into_iter()
            .map(|(e, count, first, in_title, salience)| {
                let first_span = text_span(Span::new(first, first))?;
                Ok(EntitySummary {
                    entity: entity(e)?,
                    count,
                    first,
                    char_first: first_span.char_start,
                    in_title,
                    salience: f64::from_bits(salience),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let speakers = s
            .speakers
            .into_iter()
            .map(|s| {
                s.map(|(span, e, link)| {
                    Ok(Speaker {
                        span: text_span(span)?,
                        entity: e.map(entity).transpose()?,
                        link,
                    })
                })
                .transpose()
            })
            .collect::<Result<Vec<_>, Error>>()?;
        if speakers.len() != s.article.quotes.len()
            || s.attribution_entities.len() != s.article.attributions.len()
        {
            return Err(invalid("records do not match the article's quotes".into()));
        }
        let attribution_entities = s
            .attribution_entities
            .into_iter()
            .map(|e| e.map(entity).transpose())
            .collect::<Result<Vec<_>, Error>>()?;
        let cooccurrences = s
            .cooccurrences
            .into_iter()
            .map(|(a, b, count)| {
                Ok(Cooccurrence {
                    a: entity(a)?,
                    b: entity(b)?,
                    count,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let (countries, places) = s.focus;
        let countries = countries
            .into_iter()
            .map(|(code, e, score, mentions)| {
                Ok(CountryFocus {
                    code,
                    entity: e.map(entity).transpose()?,
                    score: f64::from_bits(score),
                    mentions,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let places = places
            .into_iter()
            .map(|(e, score, mentions)| {
                Ok(PlaceFocus {
                    entity: entity(e)?,
                    score: f64::from_bits(score),
                    mentions,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let records = Records {
            mentions,
            entities,
            speakers,
            attribution_entities,
            cooccurrences,
            people: s.people,
            focus: Focus { countries, places },
        };
        Ok(AnnotatedArticle::new(
            s.source, s.article, gazetteer, chars, records,
        ))
    }
}

/// Entity indices as the snapshot writes them: unchanged over the built-in gazetteer,
/// else numbered in order of first use.
struct Renumber {
    /// New index of each old one (`u32::MAX`: not yet used); empty when unchanged.
    new: Vec<u32>,
    /// The old indices kept, in new order (`None`: unchanged).
    kept: Option<Vec<EntityIndex>>,
}

impl Renumber {
    fn new(unchanged: bool, len: usize) -> Renumber {
        if unchanged {
            Renumber {
                new: Vec::new(),
                kept: None,
            }
        } else {
            Renumber {
                new: vec![u32::MAX; len],
                kept: Some(Vec::new()),
            }
        }
    }

    fn index(&mut self, e: EntityIndex) -> u32 {
        let Some(kept) = &mut self.kept else {
            return e.as_u32();
        };
        let slot = &mut self.new[e.as_usize()];
        if *slot == u32::MAX {
            *slot = kept.len() as u32;
            kept.push(e);
        }
        *slot
    }
}

/// `span` lies within `text` and on its character boundaries.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Annotator, Matcher};

    fn annotated(gazetteer: Arc<Gazetteer>, text: &str) -> AnnotatedArticle {
        Annotator::new(Matcher::new(gazetteer)).annotate(&Article::parse_plain(text), "t.txt")
    }

    const TEXT: &str = "Putin in Paris\n\n“We agreed,” Vladimir Putin told Reuters in Paris. £5 in Rome, Reuters reported.";

    #[test]
    fn snapshots_read_back_to_the_same_json_over_either_gazetteer() {
        let custom = Gazetteer::from_entries(
            [
                Entry::new("c:x", "Lyon", "CITY"),
                Entry::new("c:p", "Paris", "CITY"),
                Entry::new("c:p2", "Paris", "CITY"),
                Entry::new("c:r", "Rome", "CITY"),
                Entry::new("o:r", "Reuters", "ORG"),
                Entry::new("p:vp", "Vladimir Putin", "PERSON"),
            ],
            "g",
        )
        .unwrap();
        for g in [Gazetteer::builtin().clone(), Arc::new(custom)] {
            let a = annotated(g.clone(), TEXT);
            assert!(!a.mentions.is_empty());
            let back = AnnotatedArticle::from_snapshot(&a.to_snapshot()).unwrap();
            assert_eq!(
                serde_json::to_string(&back).unwrap(),
                serde_json::to_string(&a).unwrap()
            );
            assert_eq!(
                back.text_span(Span::new(0, 5)),
                a.text_span(Span::new(0, 5))
            );
            if !Arc::ptr_eq(&g, Gazetteer::builtin()) {
                // Lyon is never mentioned, so it does not travel.
                assert!(back.gazetteer().len() < g.len() && back.gazetteer().get("c:x").is_none());
            }
        }
    }

    #[test]
    fn damaged_snapshots_are_errors() {
        let a = annotated(Gazetteer::builtin().clone(), TEXT);
        let good = String::from_utf8(a.to_snapshot()).unwrap();
        let text_len = a.text().len();
        let cases = [
            good.replacen("\"version\":1", "\"version\":9", 1),
            good.replacen(
                "\"mentions\":[[{\"start\":",
                "\"mentions\":[[{\"start\":999999",
                1,
            ),
            good.replacen(
                &format!("\"end\":{text_len}"),
                &format!("\"end\":{}", text_len + 1),
                1,
            ),
            good[..good.len() / 2].to_owned(),
        ];
        for (i, bad) in cases.iter().enumerate() {
            assert_ne!(bad, &good, "case {i} changed nothing");
            let error = AnnotatedArticle::from_snapshot(bad.as_bytes()).unwrap_err();
            assert!(
                error.to_string().contains("annotation snapshot"),
                "case {i}: {error}"
            );
        }
        // A span inside a character: "£" is two bytes.
        let pound = a.text().find('£').unwrap();
        let mut s: serde_json::Value = serde_json::from_str(&good).unwrap();
        s["article"]["sentences"][0]["end"] = (pound + 1).into();
        let error = AnnotatedArticle::from_snapshot(s.to_string().as_bytes()).unwrap_err();
        assert!(error.to_string().contains("does not fit"), "{error}");
    }
}
