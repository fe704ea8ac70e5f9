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
//!
//! The most used types are at the root; the rest live in their modules: [`article`]
//! (parsing and the article's parts), [`input`] (records read from files and streams),
//! [`gazetteer`] (entries, aliases, the lookup across a gazetteer and the people found in
//! a text), [`matcher`] (searching), [`annotate`] (mentions resolved in context, their
//! summaries, HTML rendering), [`batch`] (many articles on many threads) and [`offsets`]
//! (byte to `str` index conversion).
//!
//! # Layers
//!
//! Each module imports only from the layers below it:
//!
//! 1. `span`, `bytes8`, `normalize`, `error`, `parallel`, `lexicon` (the word lists of
//!    `data/lexicon/`): no other module;
//! 2. [`offsets`], `binary` (the compiled-file container);
//! 3. [`gazetteer`] (with the entries of a compiled file), then [`matcher`] (with the
//!    search tables of a compiled file), then `builtin`;
//! 4. [`article`] (parsing, the article's JSON), then [`input`] (records from files);
//! 5. [`annotate`] (over the matcher and the article; rendering beside what it renders);
//! 6. [`batch`] (over annotation, input and `parallel`).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod annotate;
pub mod article;
pub mod batch;
mod binary;
mod builtin;
mod bytes8;
mod error;
pub mod gazetteer;
pub mod input;
mod lexicon;
pub mod matcher;
mod normalize;
pub mod offsets;
mod parallel;
mod span;

pub use annotate::{AnnotateOptions, AnnotatedArticle, Annotator, Mention, MentionForm};
pub use article::Article;
#[cfg(feature = "html")]
pub use article::PageInfo;
pub use error::{ArticleError, Error, GazetteerError, Location};
pub use gazetteer::{EntityIndex, Entry, Gazetteer};
pub use matcher::{Interrupted, Match, Matcher, MatcherOptions};
pub use normalize::CaseMode;
pub use span::{Span, TextSpan};

/// The README's Rust examples, compiled and run as doctests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
