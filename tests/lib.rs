//! Loading the conformance cases and the shared data sets the tests read.
//!
//! The cases live in `tests/cases/*.json` so that Rust and pytest run the very same data.

pub mod reference;
pub mod robustness;

use std::path::{Path, PathBuf};

use newsgaz::{AnnotateOptions, Annotator, Gazetteer, Matcher, MatcherOptions};
use serde::Deserialize;
use serde_json::Value;

/// One file of cases.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFile {
    /// What the file covers.
    pub description: String,
    /// The cases.
    pub cases: Vec<Case>,
}

/// One case: a text, a gazetteer, options and the mentions expected.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Unique within its file.
    pub name: String,
    /// The text searched.
    pub text: String,
    /// Gazetteer records, as in a JSONL gazetteer.
    pub gazetteer: Vec<Value>,
    /// Matcher options; every key must be understood by every runner.
    #[serde(default)]
    pub options: serde_json::Map<String, Value>,
    /// Expected mentions in text order.
    pub expected: Vec<Expected>,
}

/// An expected mention; `span` is in code points (Python `str` indices).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// `[char_start, char_end]`.
    pub span: [usize; 2],
    /// The covered text.
    pub text: String,
    /// The preferred entity id.
    pub entity: String,
    /// Every candidate id, when the case checks them.
    #[serde(default)]
    pub candidates: Option<Vec<String>>,
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Every case file, sorted by name.
pub fn case_files() -> Vec<(PathBuf, CaseFile)> {
    let dir = repo_root().join("tests/cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text =
                std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let file =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p, file)
        })
        .collect()
}

/// Builds what a case asks for: matches only ([`AnnotateOptions::plain`]), with the
/// case's matcher options; its `overlapping` option is the search's choice, not the
/// matcher's.
pub fn case_annotator(case: &Case) -> Result<Annotator, String> {
    let gazetteer =
        Gazetteer::from_values(case.gazetteer.clone(), &case.name).map_err(|e| e.to_string())?;
    let mut options = case.options.clone();
    let overlapping = match options.remove("overlapping") {
        None => false,
        Some(Value::Bool(b)) => b,
        Some(other) => {
            return Err(format!(
                "options: overlapping must be a boolean, found {other}"
            ))
        }
    };
    let options: MatcherOptions =
        serde_json::from_value(Value::Object(options)).map_err(|e| format!("options: {e}"))?;
    let mut search = AnnotateOptions::plain();
    search.overlapping = overlapping;
    Ok(Annotator::with_options(
        Matcher::with_options(gazetteer, options),
        search,
    ))
}

/// Where `../shared/data` is: `NEWSGAZ_SHARED_DATA`, else beside the repository.
///
/// Returns `None` when it is absent and `CI` is not set (the caller skips, saying so);
/// panics when it is absent under `CI`, where these tests are required.
pub fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("NEWSGAZ_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/data"));
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "CI is set but the shared data is missing at {}",
            dir.display()
        );
    }
    eprintln!(
        "skipping: shared data not found at {} (required when CI is set)",
        dir.display()
    );
    None
}

/// Byte offsets where `word` stands as a whole word (no letter or digit on either side).
pub fn whole_word_positions(text: &str, word: &str) -> Vec<usize> {
    text.match_indices(word)
        .filter(|&(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + word.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .map(|(i, _)| i)
        .collect()
}

/// An annotated article as `newsgaz tag` writes it, read back with owned strings: what
/// the tests check is the contract the CLI and Python share.
#[derive(Debug, Deserialize)]
pub struct Tagged {
    /// Where it was read from.
    pub source: String,
    /// The text.
    pub text: String,
    /// The mentions.
    pub mentions: Vec<TaggedMention>,
    /// The entity rows.
    pub entities: Vec<TaggedEntity>,
    /// The same-sentence pairs.
    pub cooccurrences: Vec<TaggedPair>,
}

/// A mention record read back.
#[derive(Debug, Deserialize)]
pub struct TaggedMention {
    /// Byte offset.
    pub start: usize,
    /// Byte offset.
    pub end: usize,
    /// Code point offset.
    pub char_start: usize,
    /// Code point offset.
    pub char_end: usize,
    /// As written.
    pub text: String,
    /// Body paragraph.
    pub paragraph: Option<usize>,
    /// Entity id.
    pub entity: String,
    /// Entity label.
    pub label: String,
    /// Candidate ids.
    pub candidates: Vec<String>,
    /// In the title.
    pub in_title: bool,
    /// `name`, `partial`, `demonym`.
    pub form: newsgaz::MentionForm,
}

/// An entity row read back.
#[derive(Debug, Deserialize)]
pub struct TaggedEntity {
    /// Entity id.
    pub id: String,
    /// Mentions.
    pub count: usize,
    /// In the title.
    pub in_title: bool,
    /// Salience.
    pub salience: f64,
}

/// A same-sentence pair read back.
#[derive(Debug, Deserialize)]
pub struct TaggedPair {
    /// First id.
    pub a: String,
    /// Second id.
    pub b: String,
    /// Sentences.
    pub count: usize,
}

/// `annotated` serialised and read back.
pub fn tagged(annotated: &newsgaz::AnnotatedArticle) -> Tagged {
    serde_json::from_value(serde_json::to_value(annotated).expect("serialises"))
        .expect("the record reads back")
}
