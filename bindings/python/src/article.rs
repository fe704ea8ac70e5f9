//! `Article` and its parts (quotes, speech cues, attributions) with `str`-index spans,
//! and the parse functions.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;

use crate::convert::{chars, py_to_json, to_python};
use crate::errors::{to_py, ArticleError};
use crate::records::Speaker;

/// A `(start, end)` span in `str` indices.
type Chars = (usize, usize);

/// A parsed article; spans are `(start, end)` `str` indices into `text`.
#[pyclass(frozen, module = "newsgaz")]
pub struct Article {
    #[pyo3(get)]
    id: Option<String>,
    #[pyo3(get)]
    title: Option<String>,
    #[pyo3(get)]
    text: String,
    #[pyo3(get)]
    title_span: Option<Chars>,
    #[pyo3(get)]
    paragraphs: Vec<Chars>,
    #[pyo3(get)]
    sentences: Vec<Chars>,
    #[pyo3(get)]
    quotes: Vec<Py<Quote>>,
    #[pyo3(get)]
    attributions: Vec<Py<Attribution>>,
    /// url, source, published, published_date (ISO 8601), authors, language, dateline,
    /// byline (spans as `(start, end)` `str` indices), replaced_invalid_utf8, extra.
    #[pyo3(get)]
    metadata: Py<PyAny>,
    /// The core's article (byte offsets), for `to_json` and annotation.
    pub inner: newsgaz::Article,
}

impl Article {
    /// The quotations (the objects Python sees).
    pub fn quotes(&self, py: Python<'_>) -> Vec<Py<Quote>> {
        self.quotes.iter().map(|q| q.clone_ref(py)).collect()
    }

    /// The attributions (the objects Python sees).
    pub fn attributions(&self, py: Python<'_>) -> Vec<Py<Attribution>> {
        self.attributions.iter().map(|x| x.clone_ref(py)).collect()
    }
}

#[pymethods]
impl Article {
    /// The article as the core's JSON: the documented schema, with UTF-8 byte offsets.
    fn to_json(&self) -> String {
        serde_json::to_string(&self.inner).expect("articles serialise")
    }

    fn __repr__(&self) -> String {
        format!(
            "Article(title={}, paragraphs={}, sentences={}, quotes={})",
            self.title
                .as_deref()
                .map_or("None".into(), |t| format!("{t:?}")),
            self.paragraphs.len(),
            self.sentences.len(),
            self.quotes.len()
        )
    }
}

/// A quotation: `span` includes the marks, `content` lies between them; `speaker` is set
/// on the quotes of an annotated article.
#[pyclass(frozen, module = "newsgaz", get_all)]
pub struct Quote {
    span: Chars,
    content: Chars,
    /// The text between the marks.
    text: String,
    /// `"speech"` or `"scare"`.
    kind: &'static str,
    cue: Option<Py<SpeechCue>>,
    /// The speaker linked by the annotator (None before annotation).
    speaker: Option<Py<Speaker>>,
}

#[pymethods]
impl Quote {
    fn __repr__(&self) -> String {
        format!("Quote(kind={:?}, text={:?})", self.kind, self.text)
    }
}

/// The words tying a quotation to its speaker: `said`, with speaker `Putin`.
#[pyclass(frozen, module = "newsgaz", get_all)]
pub struct SpeechCue {
    span: Chars,
    /// The cue as written.
    text: String,
    /// The lemma: `say`, `tell`, `according to`.
    verb: String,
    speaker: Option<Chars>,
    /// The speaker phrase as written.
    speaker_text: Option<String>,
    /// True when the cue is the previous quotation's, which this one continues.
    carried: bool,
}

#[pymethods]
impl SpeechCue {
    fn __repr__(&self) -> String {
        let speaker = self.speaker_text.as_deref();
        format!(
            "SpeechCue(verb={:?}, speaker={})",
            self.verb,
            speaker.map_or("None".into(), |s| format!("{s:?}"))
        )
    }
}

/// A source the article credits: `Reuters reported`, `according to the ministry`;
/// `entity` is set on the attributions of an annotated article.
#[pyclass(frozen, module = "newsgaz", get_all)]
pub struct Attribution {
    source: Chars,
    /// The source as written.
    source_text: String,
    cue: Chars,
    /// The lemma: `report`, `according to`, `say`, `tell`.
    verb: String,
    /// The id of the entity the source phrase mentions (None before annotation).
    entity: Option<String>,
}

#[pymethods]
impl Attribution {
    fn __repr__(&self) -> String {
        format!(
            "Attribution(source={:?}, verb={:?})",
            self.source_text, self.verb
        )
    }
}

/// Converts byte spans of one text, with offsets the core computes.
pub struct Spans<'t> {
    text: &'t str,
    text_span: Box<dyn Fn(newsgaz::Span) -> newsgaz::TextSpan + 't>,
}

impl<'t> Spans<'t> {
    /// Spans of `text`, indexed here.
    pub fn new(text: &'t str) -> Spans<'t> {
        let index = newsgaz::CharIndex::new(text);
        Spans {
            text,
            text_span: Box::new(move |span| index.text_span(span)),
        }
    }

    /// Spans of an annotated article, with the index its annotation already built.
    pub fn of_annotated(annotated: &'t newsgaz::AnnotatedArticle) -> Spans<'t> {
        Spans {
            text: annotated.text(),
            text_span: Box::new(|span| annotated.text_span(span)),
        }
    }

    fn chars(&self, span: newsgaz::Span) -> Chars {
        chars((self.text_span)(span))
    }

    fn slice(&self, span: newsgaz::Span) -> String {
        span.slice(self.text).to_owned()
    }

    pub fn quote(
        &self,
        py: Python<'_>,
        q: &newsgaz::Quote,
        speaker: Option<Py<Speaker>>,
    ) -> PyResult<Py<Quote>> {
        let cue = q
            .cue
            .as_ref()
            .map(|c| {
                let cue = SpeechCue {
                    span: self.chars(c.span),
                    text: self.slice(c.span),
                    verb: c.verb.clone(),
                    speaker: c.speaker.map(|s| self.chars(s)),
                    speaker_text: c.speaker.map(|s| self.slice(s)),
                    carried: c.carried,
                };
                Py::new(py, cue)
            })
            .transpose()?;
        let quote = Quote {
            span: self.chars(q.span),
            content: self.chars(q.content),
            text: self.slice(q.content),
            kind: match q.kind {
                newsgaz::QuoteKind::Scare => "scare",
                _ => "speech",
            },
            cue,
            speaker,
        };
        Py::new(py, quote)
    }

    pub fn attribution(
        &self,
        py: Python<'_>,
        x: &newsgaz::Attribution,
        entity: Option<String>,
    ) -> PyResult<Py<Attribution>> {
        let attribution = Attribution {
            source: self.chars(x.source),
            source_text: self.slice(x.source),
            cue: self.chars(x.cue),
            verb: x.verb.clone(),
            entity,
        };
        Py::new(py, attribution)
    }

    /// The metadata as a dict: the core's fields, with the dateline's and byline's spans
    /// as `(start, end)` `str` indices like every span of the package.
    fn metadata(&self, py: Python<'_>, m: &newsgaz::Metadata) -> PyResult<Py<PyAny>> {
        let mut value = serde_json::to_value(m).expect("metadata serialises");
        if let Value::Object(map) = &mut value {
            // Written below from the typed fields.
            map.remove("dateline");
            map.remove("byline");
        }
        let dict = to_python(py, &value)?;
        let dict = dict.bind(py).downcast::<PyDict>()?;
        if let Some(d) = &m.dateline {
            let part = PyDict::new(py);
            part.set_item("span", self.chars(d.span))?;
            part.set_item("place", self.chars(d.place))?;
            part.set_item("detail", d.detail.map(|s| self.chars(s)))?;
            part.set_item("agency", d.agency.map(|s| self.chars(s)))?;
            dict.set_item("dateline", part)?;
        }
        if let Some(b) = &m.byline {
            let part = PyDict::new(py);
            part.set_item("span", self.chars(b.span))?;
            let authors: Vec<Chars> = b.authors.iter().map(|&s| self.chars(s)).collect();
            part.set_item("authors", authors)?;
            dict.set_item("byline", part)?;
        }
        Ok(dict.clone().into_any().unbind())
    }

    /// The whole article; `speakers` and `entities` come from an annotation.
    pub fn article(
        &self,
        py: Python<'_>,
        a: &newsgaz::Article,
        annotation: Option<&newsgaz::AnnotatedArticle>,
    ) -> PyResult<Article> {
        let quotes = a
            .quotes
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let speaker = annotation
                    .and_then(|x| Some((x, x.speakers.get(i)?.as_ref()?)))
                    .map(|(x, s)| Py::new(py, Speaker::new(s, x)))
                    .transpose()?;
                self.quote(py, q, speaker)
            })
            .collect::<PyResult<_>>()?;
        let attributions = a
            .attributions
            .iter()
            .enumerate()
            .map(|(i, x)| {
                let entity = annotation.and_then(|an| {
                    let e = (*an.attribution_entities.get(i)?)?;
                    Some(an.entry(e).id.clone())
                });
                self.attribution(py, x, entity)
            })
            .collect::<PyResult<_>>()?;
        Ok(Article {
            id: a.id.clone(),
            title: a.title.clone(),
            title_span: a.title_span.map(|s| self.chars(s)),
            paragraphs: a.paragraphs.iter().map(|&s| self.chars(s)).collect(),
            sentences: a.sentences.iter().map(|&s| self.chars(s)).collect(),
            quotes,
            attributions,
            metadata: self.metadata(py, &a.metadata)?,
            text: a.text.clone(),
            inner: a.clone(),
        })
    }
}

/// A core article as a Python one (computed offsets converted, nothing recomputed).
pub fn article_to_py(py: Python<'_>, a: newsgaz::Article) -> PyResult<Article> {
    Spans::new(&a.text).article(py, &a, None)
}

/// Parses an article in the plain-text layout (title line, blank line, paragraphs).
#[pyfunction]
pub fn parse_article(py: Python<'_>, text: &str) -> PyResult<Article> {
    let a = py.detach(|| newsgaz::Article::parse_plain(text));
    article_to_py(py, a)
}

/// Parses UTF-8 bytes in the plain-text layout; `lossy=True` replaces invalid UTF-8
/// with U+FFFD instead of raising `ArticleError`.
#[pyfunction]
#[pyo3(signature = (data, source = "<bytes>", lossy = false))]
pub fn parse_article_bytes(
    py: Python<'_>,
    data: &[u8],
    source: &str,
    lossy: bool,
) -> PyResult<Article> {
    let decoding = if lossy {
        newsgaz::Decoding::Lossy
    } else {
        newsgaz::Decoding::Strict
    };
    let a = py
        .detach(|| newsgaz::Article::parse_plain_bytes_with(data, source, decoding))
        .map_err(to_py)?;
    article_to_py(py, a)
}

/// Parses a JSON record (a `str` of JSON, or a dict) with the field names feeds use.
#[pyfunction]
pub fn parse_article_json(py: Python<'_>, record: &Bound<'_, PyAny>) -> PyResult<Article> {
    let value = match record.extract::<String>() {
        Ok(s) => serde_json::from_str(&s)
            .map_err(|e| ArticleError::new_err(format!("<record>: invalid JSON: {e}")))?,
        Err(_) => py_to_json(record, "the article record")?,
    };
    let a = py
        .detach(|| newsgaz::Article::from_json_value(value, &newsgaz::Location::new("<record>")))
        .map_err(to_py)?;
    article_to_py(py, a)
}
