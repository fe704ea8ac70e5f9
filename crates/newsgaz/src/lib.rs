//! newsgaz turns raw news articles into typed data and finds every person, place and
//! organisation they mention by matching a gazetteer.
//!
//! ```
//! use newsgaz::{Article, Entry, Gazetteer, Matcher};
//!
//! let gazetteer = Gazetteer::from_entries(
//!     [Entry::new("country:CN", "China", "COUNTRY").alias("PRC")],
//!     "example",
//! )?;
//! let matcher = Matcher::new(gazetteer);
//! let article = Article::parse_plain("Title\n\nChina’s navy sailed.");
//! let spans: Vec<&str> = matcher.find_iter(&article.text).map(|m| &article.text[m.start()..m.end()]).collect();
//! assert_eq!(spans, ["China"]);
//! # Ok::<(), newsgaz::Error>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod annotate;
mod article;
mod binary;
mod builtin;
mod bytes8;
mod error;
mod gazetteer;
pub mod html;
mod input;
mod lexicon;
mod matcher;
mod normalize;
mod offsets;
mod parallel;
mod span;

pub use annotate::{
    AnnotateOptions, AnnotatedArticle, Annotator, ArticleInput, AttributionView, Candidates,
    Cooccurrence, CountryFocus, EntitySummary, Focus, Mention, MentionForm, PlaceFocus, QuoteView,
    Speaker, SpeakerLink, SALIENCE_WEIGHTS,
};
#[cfg(feature = "html")]
pub use article::PageInfo;
pub use article::{
    Article, Attribution, Byline, Dateline, Decoding, Metadata, MetadataSource, PublishedDate,
    Quote, QuoteKind, SpeechCue,
};
pub use error::{ArticleError, CompiledProblem, Error, GazetteerError, Location};
pub use gazetteer::{Alias, AliasKind, EntityIndex, Entry, Gazetteer, SurfaceForm};
pub use input::{
    open_input, path_records, read_records, read_records_with, InputFormat, RawRecord, Record,
    RecordReader,
};
pub use matcher::{Candidate, Interrupted, Match, Matcher, MatcherOptions, MatcherStats, Matches};
pub use normalize::CaseMode;
pub use offsets::{CharCursor, CharIndex};
pub use span::{Span, TextSpan};

/// The README's Rust examples, compiled and run as doctests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
