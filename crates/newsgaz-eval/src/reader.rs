//! Reading CoNLL-2003 style files.
//!
//! A file has one token a line, columns separated by white space, the entity tag in the
//! last column (IOB1 as in CoNLL-2003, or IOB2); a blank line ends a sentence and a
//! `-DOCSTART-` line starts a document.

use std::collections::HashMap;
use std::path::Path;

use newsgaz::{Article, Location, Span};

use crate::ConllError;

/// One token and its entity tag (`O`, `I-PER`, `B-LOC`...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConllToken {
    /// The token as written.
    pub text: String,
    /// The entity tag.
    pub tag: String,
}

/// An entity: tokens `start..end` of a document, with a label.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConllEntity {
    /// Index of the first token.
    pub start: usize,
    /// Index one past the last token.
    pub end: usize,
    /// The label (`PER`, `LOC`, `ORG`, `MISC`).
    pub label: String,
}

/// One document: its tokens and where its sentences lie.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConllDocument {
    /// Every token, in order.
    pub tokens: Vec<ConllToken>,
    /// Token ranges of the sentences.
    pub sentences: Vec<std::ops::Range<usize>>,
}

impl ConllDocument {
    /// The entities the tags mark: a run of `I-X` (or `B-X` then `I-X`) tags within one
    /// sentence; `B-X` always starts a new entity, as in IOB1 and IOB2.
    pub fn entities(&self) -> Vec<ConllEntity> {
        let mut out = Vec::new();
        for sentence in &self.sentences {
            let mut open: Option<ConllEntity> = None;
            for i in sentence.clone() {
                let tag = &self.tokens[i].tag;
                let (prefix, label) = tag.split_once('-').unwrap_or(("O", ""));
                let continues = prefix == "I" && open.as_ref().is_some_and(|e| e.label == label);
                if continues {
                    if let Some(e) = open.as_mut() {
                        e.end = i + 1;
                    }
                    continue;
                }
                out.extend(open.take());
                if prefix != "O" {
                    open = Some(ConllEntity {
                        start: i,
                        end: i + 1,
                        label: label.to_owned(),
                    });
                }
            }
            out.extend(open);
        }
        out
    }

    /// The tokens of `entity` joined by spaces.
    pub fn phrase(&self, entity: &ConllEntity) -> String {
        let words: Vec<&str> = self.tokens[entity.start..entity.end]
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        words.join(" ")
    }

    /// The document as an article (tokens joined by spaces, sentences by line breaks; each
    /// sentence is also a paragraph; no title) and the byte span of every token.
    pub fn to_article(&self) -> (Article, Vec<Span>) {
        let mut text = String::new();
        let mut token_spans = vec![Span::new(0, 0); self.tokens.len()];
        let mut sentence_spans = Vec::with_capacity(self.sentences.len());
        for (n, sentence) in self.sentences.iter().enumerate() {
            if n > 0 {
                text.push('\n');
            }
            let start = text.len();
            for i in sentence.clone() {
                if i > sentence.start {
                    text.push(' ');
                }
                let at = text.len();
                text.push_str(&self.tokens[i].text);
                token_spans[i] = Span::new(at, text.len());
            }
            sentence_spans.push(Span::new(start, text.len()));
        }
        let article = Article {
            text,
            paragraphs: sentence_spans.clone(),
            sentences: sentence_spans,
            ..Article::default()
        };
        (article, token_spans)
    }

    /// Reads CoNLL text; `source` names it in errors.
    pub fn read(text: &str, source: &str) -> Result<Vec<ConllDocument>, ConllError> {
        let mut documents = Vec::new();
        let mut doc = ConllDocument::default();
        let mut sentence_start = 0;
        let end_sentence = |doc: &mut ConllDocument, start: &mut usize| {
            if doc.tokens.len() > *start {
                doc.sentences.push(*start..doc.tokens.len());
            }
            *start = doc.tokens.len();
        };
        for (i, line) in text.lines().enumerate() {
            let at = || Location::new(source).at_line(i + 1);
            let columns: Vec<&str> = line.split_whitespace().collect();
            if columns.is_empty() {
                end_sentence(&mut doc, &mut sentence_start);
                continue;
            }
            if columns[0] == "-DOCSTART-" {
                end_sentence(&mut doc, &mut sentence_start);
                if !doc.tokens.is_empty() {
                    documents.push(std::mem::take(&mut doc));
                }
                sentence_start = 0;
                continue;
            }
            if columns.len() < 2 {
                return Err(ConllError::InvalidLine {
                    at: at(),
                    message: format!("expected a token and a tag, found {line:?}"),
                });
            }
            let tag = columns[columns.len() - 1];
            let valid = tag == "O"
                || tag
                    .split_once('-')
                    .is_some_and(|(p, l)| matches!(p, "I" | "B") && !l.is_empty());
            if !valid {
                return Err(ConllError::InvalidLine {
                    at: at().field("tag"),
                    message: format!("expected O, I-LABEL or B-LABEL, found {tag:?}"),
                });
            }
            doc.tokens.push(ConllToken {
                text: columns[0].to_owned(),
                tag: tag.to_owned(),
            });
        }
        end_sentence(&mut doc, &mut sentence_start);
        if !doc.tokens.is_empty() {
            documents.push(doc);
        }
        Ok(documents)
    }

    /// Reads a CoNLL file.
    pub fn read_path(path: impl AsRef<Path>) -> Result<Vec<ConllDocument>, ConllError> {
        let path = path.as_ref();
        let source = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConllError::Io {
            at: Location::new(&source),
            source: e,
        })?;
        ConllDocument::read(&text, &source)
    }
}

/// Maps byte offsets of token starts and ends to token indices.
pub(crate) struct TokenIndex {
    starts: HashMap<usize, usize>,
    ends: HashMap<usize, usize>,
}

impl TokenIndex {
    pub(crate) fn new(token_spans: &[Span]) -> TokenIndex {
        TokenIndex {
            starts: token_spans
                .iter()
                .enumerate()
                .map(|(i, s)| (s.start, i))
                .collect(),
            ends: token_spans
                .iter()
                .enumerate()
                .map(|(i, s)| (s.end, i))
                .collect(),
        }
    }

    /// The token range `start..end` covers, if it starts and ends on token boundaries.
    pub(crate) fn range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        Some((*self.starts.get(&start)?, *self.ends.get(&end)? + 1))
    }
}
