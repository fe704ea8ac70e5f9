//! Evaluating newsgaz on CoNLL-2003 style files: reading them ([`ConllDocument`]), building
//! a gazetteer from their entities ([`gazetteer_from_conll`]), mapping labels
//! ([`LabelMap`]) and scoring an annotator the way `conlleval` does ([`ConllScores`]).
//!
//! ```
//! use newsgaz::{Annotator, Matcher};
//! use newsgaz_eval::{gazetteer_from_conll, ConllDocument, ConllScores, LabelMap};
//!
//! let docs = ConllDocument::read("Anna NNP I-NP I-PER\nBerg NNP I-NP I-PER\nspoke VBD I-VP O\n", "x")?;
//! let gazetteer = gazetteer_from_conll(&docs, 0.5, "x")?;
//! let scores = ConllScores::evaluate(&Annotator::new(Matcher::new(gazetteer)), &docs, &LabelMap::new());
//! assert_eq!(scores.overall().f1(), 100.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod labels;
mod reader;
mod score;
mod train;

pub use labels::LabelMap;
pub use reader::{ConllDocument, ConllEntity, ConllToken};
pub use score::{ConllCounts, ConllScores, Prediction};
pub use train::gazetteer_from_conll;

use newsgaz::Location;

/// An error from reading a CoNLL file.
///
/// ```
/// let err = newsgaz_eval::ConllDocument::read("Anna NNP I-NP X-PER\n", "a.conll").unwrap_err();
/// assert!(err.to_string().starts_with("a.conll:1: field `tag`"), "{err}");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConllError {
    /// A line does not have the shape `TOKEN ... TAG` with an IOB tag.
    #[error("{at}: invalid CoNLL line: {message}")]
    InvalidLine {
        /// Where, with the field named.
        at: Location,
        /// What was wrong.
        message: String,
    },
    /// Reading the input failed.
    #[error("{at}: {source}")]
    Io {
        /// Which input.
        at: Location,
        /// The I/O error.
        source: std::io::Error,
    },
}

#[cfg(test)]
mod tests;
