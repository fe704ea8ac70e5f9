//! `Article` and its parts (quotes, speech cues, attributions) with `str`-index spans,
//! and the parse functions.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};
use serde_json::Value;

use crate::convert::{chars, py_to_json, to_python};
use crate::errors::{to_py, ArticleError};
use crate::records::Speaker;
use crate::values::{by_value, dict_of, repr};
use crate::{reduced, Reduced};

/// What a plain record's `__reduce__` returns: `_record(kind, state)`.
type RecordReduced = Reduced<(&'static str, Py<PyTuple>)>;

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
    /// Where the article was read from (`path`, `path:line`, `path#index`), when it was
    /// read from a file or given a name; `annotate_many` reports it as the `source`.
    #[pyo3(get)]
    pub source: Option<String>,
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

    /// The article as a dict of plain values; every span is `(start, end)` in `str`
    /// indices, quotes and attributions are dicts.
    pub fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        dict.set_item("id", &self.id)?;
        dict.set_item("title", &self.title)?;
        dict.set_item("text", &self.text)?;
        dict.set_item("title_span", self.title_span)?;
        dict.set_item("paragraphs", &self.paragraphs)?;
        dict.set_item("sentences", &self.sentences)?;
        let quotes = self.quotes.iter().map(|q| q.get().to_dict(py));
        dict.set_item(
            "quotes",
            PyList::new(py, quotes.collect::<PyResult<Vec<_>>>()?)?,
        )?;
        let attributions = self.attributions.iter().map(|x| x.get().to_dict(py));
        let attributions = attributions.collect::<PyResult<Vec<_>>>()?;
        dict.set_item("attributions", PyList::new(py, attributions)?)?;
        // A copy: the caller may change the dict.
        let metadata = self.metadata.bind(py).downcast::<PyDict>()?.copy()?;
        dict.set_item("metadata", metadata)?;
        Ok(dict)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(other) = other.downcast::<Article>() else {
            return Ok(false);
        };
        let other = other.get();
        // Quotes and attributions too: an annotated article's carry speakers and entities.
        Ok(self.inner == other.inner
            && self.source == other.source
            && PyList::new(py, &self.quotes)?.eq(PyList::new(py, &other.quotes)?)?
            && PyList::new(py, &self.attributions)?.eq(PyList::new(py, &other.attributions)?)?)
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        pyo3::types::PyString::new(py, &self.to_json()).hash()
    }

    /// Pickled as the core's JSON with its quotes and attributions (which carry an
    /// annotation's speakers and entities).
    fn __reduce__(&self, py: Python<'_>) -> PyResult<Reduced<Py<PyTuple>>> {
        let json = PyBytes::new(py, self.to_json().as_bytes());
        let args = (json, self.quotes(py), self.attributions(py), &self.source);
        reduced(py, "_article", args.into_pyobject(py)?.unbind())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let names = ["title", "paragraphs", "sentences", "quotes"];
        let values = (
            &self.title,
            self.paragraphs.len(),
            self.sentences.len(),
            self.quotes.len(),
        );
        repr(py, "Article", &names, values)
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

impl Quote {
    const FIELDS: [&'static str; 6] = ["span", "content", "text", "kind", "cue", "speaker"];

    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let cue = self.cue.as_ref().map(|c| c.clone_ref(py));
        let speaker = self.speaker.as_ref().map(|s| s.clone_ref(py));
        (self.span, self.content, &self.text, self.kind, cue, speaker).into_pyobject(py)
    }

    pub fn from_state(state: &Bound<'_, PyTuple>) -> PyResult<Quote> {
        let (span, content, text, kind, cue, speaker): (_, _, _, String, _, _) = state.extract()?;
        let kind = match kind.as_str() {
            "speech" => "speech",
            "scare" => "scare",
            other => return Err(ArticleError::new_err(format!("no quote kind {other:?}"))),
        };
        Ok(Quote {
            span,
            content,
            text,
            kind,
            cue,
            speaker,
        })
    }
}

#[pymethods]
impl Quote {
    /// The quotation as a dict of plain values (its cue and speaker as dicts).
    pub fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict_of(py, &Self::FIELDS, &self.state(py)?)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        by_value(self.state(py)?, other, |o: &Self| o.state(py))
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        self.state(py)?.hash()
    }

    fn __reduce__(&self, py: Python<'_>) -> PyResult<RecordReduced> {
        reduced(py, "_record", ("Quote", self.state(py)?.unbind()))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        repr(py, "Quote", &["kind", "text"], (self.kind, &self.text))
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

impl SpeechCue {
    const FIELDS: [&'static str; 6] =
        ["span", "text", "verb", "speaker", "speaker_text", "carried"];

    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let state = (
            self.span,
            &self.text,
            &self.verb,
            self.speaker,
            &self.speaker_text,
            self.carried,
        );
        state.into_pyobject(py)
    }

    pub fn from_state(state: &Bound<'_, PyTuple>) -> PyResult<SpeechCue> {
        let (span, text, verb, speaker, speaker_text, carried) = state.extract()?;
        Ok(SpeechCue {
            span,
            text,
            verb,
            speaker,
            speaker_text,
            carried,
        })
    }
}

#[pymethods]
impl SpeechCue {
    /// The cue as a dict of plain values.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict_of(py, &Self::FIELDS, &self.state(py)?)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        by_value(self.state(py)?, other, |o: &Self| o.state(py))
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        self.state(py)?.hash()
    }

    fn __reduce__(&self, py: Python<'_>) -> PyResult<RecordReduced> {
        reduced(py, "_record", ("SpeechCue", self.state(py)?.unbind()))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let values = (&self.verb, &self.speaker_text);
        repr(py, "SpeechCue", &["verb", "speaker_text"], values)
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

impl Attribution {
    const FIELDS: [&'static str; 5] = ["source", "source_text", "cue", "verb", "entity"];

    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let state = (
            self.source,
            &self.source_text,
            self.cue,
            &self.verb,
            &self.entity,
        );
        state.into_pyobject(py)
    }

    pub fn from_state(state: &Bound<'_, PyTuple>) -> PyResult<Attribution> {
        let (source, source_text, cue, verb, entity) = state.extract()?;
        Ok(Attribution {
            source,
            source_text,
            cue,
            verb,
            entity,
        })
    }
}

#[pymethods]
impl Attribution {
    /// The attribution as a dict of plain values.
    pub fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        dict_of(py, &Self::FIELDS, &self.state(py)?)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        by_value(self.state(py)?, other, |o: &Self| o.state(py))
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        self.state(py)?.hash()
    }

    fn __reduce__(&self, py: Python<'_>) -> PyResult<RecordReduced> {
        reduced(py, "_record", ("Attribution", self.state(py)?.unbind()))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let values = (&self.source_text, &self.verb, &self.entity);
        repr(
            py,
            "Attribution",
            &["source_text", "verb", "entity"],
            values,
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
            source: None,
            inner: a.clone(),
        })
    }
}

/// A core article as a Python one (computed offsets converted, nothing recomputed).
pub fn article_to_py(py: Python<'_>, a: newsgaz::Article) -> PyResult<Article> {
    Spans::new(&a.text).article(py, &a, None)
}

/// Unpickling helper: an article from the core's JSON, checked, with the quotes and
/// attributions it was pickled with.
#[pyfunction]
pub fn _article(
    py: Python<'_>,
    json: &[u8],
    quotes: Vec<Py<Quote>>,
    attributions: Vec<Py<Attribution>>,
    source: Option<String>,
) -> PyResult<Article> {
    let inner = newsgaz::Article::from_serialized_json(json).map_err(to_py)?;
    if quotes.len() != inner.quotes.len() || attributions.len() != inner.attributions.len() {
        return Err(ArticleError::new_err(
            "invalid pickled article: its quotes do not match its text",
        ));
    }
    let mut article = article_to_py(py, inner)?;
    article.quotes = quotes;
    article.attributions = attributions;
    article.source = source;
    Ok(article)
}

/// The decoding a `lossy` flag asks for.
fn decoding_of(lossy: bool) -> newsgaz::Decoding {
    if lossy {
        newsgaz::Decoding::Lossy
    } else {
        newsgaz::Decoding::Strict
    }
}

/// Parses an article in the plain-text layout (title line, blank line, paragraphs).
#[pyfunction]
pub fn parse_article(py: Python<'_>, text: &str) -> PyResult<Article> {
    let a = crate::run::detach(py, || newsgaz::Article::parse_plain(text))?;
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
    let decoding = decoding_of(lossy);
    let a = py
        .detach(|| newsgaz::Article::parse_plain_bytes_with(data, source, decoding))
        .map_err(to_py)?;
    let mut article = article_to_py(py, a)?;
    article.source = Some(source.to_owned());
    Ok(article)
}

/// Parses an HTML page (`str`, or `bytes` decoded by `content_type`'s charset, else the
/// page's `<meta charset>`, else detection): its main text and metadata, each field's
/// origin in `metadata["provenance"]`.
#[pyfunction]
#[pyo3(signature = (html, url = None, *, content_type = None, source = "<html>", lossy = false))]
pub fn parse_html(
    py: Python<'_>,
    html: &Bound<'_, PyAny>,
    url: Option<String>,
    content_type: Option<String>,
    source: &str,
    lossy: bool,
) -> PyResult<Article> {
    let decoding = decoding_of(lossy);
    let a = if let Ok(text) = html.downcast::<pyo3::types::PyString>() {
        let text = text.to_str()?;
        py.detach(|| newsgaz::Article::from_html(text, url.as_deref()))
    } else {
        let bytes = html.extract::<&[u8]>()?;
        let mut page = newsgaz::PageInfo::new();
        page.url = url;
        page.content_type = content_type;
        py.detach(|| newsgaz::Article::from_html_bytes(bytes, &page, source, decoding))
            .map_err(to_py)?
    };
    article_to_py(py, a)
}

/// Parses a JSON record (JSON as `str` or `bytes`, or a dict) with the field names
/// feeds use.
#[pyfunction]
pub fn parse_article_json(py: Python<'_>, record: &Bound<'_, PyAny>) -> PyResult<Article> {
    let json_text = |bytes: &[u8]| {
        serde_json::from_slice(bytes)
            .map_err(|e| ArticleError::new_err(format!("<record>: invalid JSON: {e}")))
    };
    let value = if let Ok(text) = record.downcast::<pyo3::types::PyString>() {
        json_text(text.to_str()?.as_bytes())?
    } else if let Ok(bytes) = record.downcast::<PyBytes>() {
        json_text(bytes.as_bytes())?
    } else if record.downcast::<pyo3::types::PyMapping>().is_ok() {
        py_to_json(record, "the article record")?
    } else {
        let kind = record.get_type().name()?;
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "parse_article_json(record): expected a str or bytes of JSON, or a dict, got {kind}"
        )));
    };
    let a = py
        .detach(|| newsgaz::Article::from_json_value(value, &newsgaz::Location::new("<record>")))
        .map_err(to_py)?;
    article_to_py(py, a)
}

/// The articles of the files at `paths` (JSON Lines, JSON arrays, plain text, each
/// optionally gzipped), one result per record in order: an `Article` with its `source`,
/// or with `keep_errors` the exception naming the record in its place (else the first
/// one raises).
#[pyfunction]
pub fn _read_paths(
    py: Python<'_>,
    paths: Vec<std::path::PathBuf>,
    lossy: bool,
    keep_errors: bool,
) -> PyResult<Vec<Py<PyAny>>> {
    let decoding = decoding_of(lossy);
    let records: Vec<newsgaz::Record> = crate::run::detach(py, || {
        paths
            .iter()
            .flat_map(|p| newsgaz::path_records(p))
            .filter_map(|raw| raw.parse(decoding))
            .collect()
    })?;
    records
        .into_iter()
        .map(|record| match record.article {
            Ok(a) => {
                let mut article = article_to_py(py, a)?;
                article.source = Some(record.source);
                Ok(Py::new(py, article)?.into_any())
            }
            Err(e) if keep_errors => Ok(to_py(e).into_value(py).into_any()),
            Err(e) => Err(to_py(e)),
        })
        .collect()
}
