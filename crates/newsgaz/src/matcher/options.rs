//! The options a matcher is built with.

use serde::{Deserialize, Serialize};

use crate::normalize::{CaseMode, Folding};

/// The options a matcher is built with: the one way to configure it. Serialisable, so
/// that the CLI, the Python binding and the conformance cases all parse options in one
/// place; unknown keys are an error.
///
/// ```
/// use newsgaz::{CaseMode, Entry, Gazetteer, Matcher, MatcherOptions};
///
/// let mut options = MatcherOptions::default();
/// options.case = CaseMode::Exact;
/// let g = Gazetteer::from_entries([Entry::new("c:cn", "China", "COUNTRY")], "example")?;
/// let matcher = Matcher::with_options(g, options);
/// assert_eq!(matcher.find_iter("CHINA and China").count(), 1);
/// let parsed: MatcherOptions = serde_json::from_str(r#"{"case": "exact"}"#).unwrap();
/// assert_eq!(&parsed, matcher.options());
/// # Ok::<(), newsgaz::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct MatcherOptions {
    /// How letters are compared, for forms whose entry or alias sets no case of its own
    /// (default: [`CaseMode::Smart`]).
    pub case: CaseMode,
    /// In [`CaseMode::Smart`], an all-capital alias with at most this many letters is an
    /// acronym and matches only in capitals (default: 3, for `US`, `IT`, `WHO`).
    pub acronym_max_len: usize,
    /// Fold diacritics: "Sao Paulo" matches "São Paulo" (default: true).
    pub fold_diacritics: bool,
    /// Fold apostrophes (’ ‘ ') and dashes (‐ – — -) to one each (default: true).
    pub fold_punctuation: bool,
    /// Any run of white space, newlines and no-break spaces included, matches one space
    /// (default: true).
    pub fold_whitespace: bool,
    /// A mention may not start or end inside a word (default: true). Scripts written
    /// without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) need no boundary.
    pub word_boundaries: bool,
}

impl Default for MatcherOptions {
    fn default() -> MatcherOptions {
        MatcherOptions {
            case: CaseMode::Smart,
            acronym_max_len: 3,
            fold_diacritics: true,
            fold_punctuation: true,
            fold_whitespace: true,
            word_boundaries: true,
        }
    }
}

impl MatcherOptions {
    /// The default options with letters compared by `case`, the option most often set.
    ///
    /// ```
    /// use newsgaz::{CaseMode, MatcherOptions};
    /// assert_eq!(MatcherOptions::with_case(CaseMode::Exact).case, CaseMode::Exact);
    /// ```
    pub fn with_case(case: CaseMode) -> MatcherOptions {
        MatcherOptions {
            case,
            ..MatcherOptions::default()
        }
    }

    pub(super) fn folding(&self) -> Folding {
        Folding {
            case: true,
            diacritics: self.fold_diacritics,
            punctuation: self.fold_punctuation,
            whitespace: self.fold_whitespace,
        }
    }
}
