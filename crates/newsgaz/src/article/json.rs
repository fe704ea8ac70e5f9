//! Articles read back as their `Serialize` wrote them (the documented schema, byte offsets),
//! every span checked against the text before anything slices it.

use crate::error::{ArticleError, Location};
use crate::span::Span;

use super::Article;

impl Article {
    /// Reads an article as its `Serialize` wrote it (the documented schema, byte
    /// offsets), checking that every span fits the text: an article that comes from
    /// outside the parser is refused before anything slices it.
    ///
    /// ```
    /// use newsgaz::Article;
    /// let a = Article::parse_plain("Title\n\nRain in Lisbon.");
    /// assert_eq!(Article::from_serialized_json(serde_json::to_string(&a)?.as_bytes())?, a);
    /// let bad = r#"{"text": "short", "paragraphs": [{"start": 0, "end": 99}], "sentences": []}"#;
    /// assert!(Article::from_serialized_json(bad.as_bytes()).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_serialized_json(json: &[u8]) -> Result<Article, ArticleError> {
        let invalid = |message: String| ArticleError::InvalidRecord {
            at: Location::new("<serialized article>"),
            message,
        };
        let article: Article = serde_json::from_slice(json).map_err(|e| invalid(e.to_string()))?;
        check_spans(&article).map_err(invalid)?;
        Ok(article)
    }
}

/// Whether `span` fits `text`: in bounds, on char boundaries.
pub(crate) fn check_span(text: &str, span: Span) -> Result<(), String> {
    if span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
    {
        Ok(())
    } else {
        Err(format!(
            "span {}..{} does not fit a text of {} bytes",
            span.start,
            span.end,
            text.len()
        ))
    }
}

/// Every span of `article` fits its text (an article read from anywhere but the parser
/// is checked before anything slices it).
/// Whether every span of `article` fits its text.
pub(crate) fn check_spans(article: &Article) -> Result<(), String> {
    let mut spans: Vec<Span> = Vec::new();
    spans.extend(article.title_span);
    spans.extend(&article.paragraphs);
    spans.extend(&article.sentences);
    for q in &article.quotes {
        spans.extend([q.span, q.content]);
        if let Some(cue) = &q.cue {
            spans.push(cue.span);
            spans.extend(cue.speaker);
        }
    }
    for x in &article.attributions {
        spans.extend([x.source, x.cue]);
    }
    if let Some(d) = &article.metadata.dateline {
        spans.extend([d.span, d.place]);
        spans.extend(d.detail);
        spans.extend(d.agency);
    }
    if let Some(b) = &article.metadata.byline {
        spans.push(b.span);
        spans.extend(&b.authors);
    }
    spans
        .into_iter()
        .try_for_each(|span| check_span(&article.text, span))
}
