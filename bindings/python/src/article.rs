//! `Article` and its parts (quotes, speech cues, attributions) with `str`-index spans,
//! and the parse functions.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use serde_json::Value;

use crate::convert::{chars, py_to_json, to_python};
use crate::errors::{to_py, ArticleError};
use crate::records::Speaker;
use crate::values::{repr, value_record};
use crate::{reduced, Reduced};

/// A `(start, end)` span in `str` indices.
type Chars = (usize, usize);

/// The core article a Python `Article` views: one of its own, or an annotated article's
/// (whose quotes then carry speakers and whose attributions carry entities).
#[derive(Clone)]
pub enum CoreArticle {
    Parsed(Arc<newsgaz::Article>),
    Annotated(Arc<newsgaz::AnnotatedArticle>),
}

impl CoreArticle {
    /// The core's article.
    pub fn get(&self) -> &newsgaz::Article {
        match self {
            CoreArticle::Parsed(a) => a,
            CoreArticle::Annotated(a) => a.article(),
        }
    }

    fn annotation(&self) -> Option<&newsgaz::AnnotatedArticle> {
        match self {
            CoreArticle::Parsed(_) => None,
            CoreArticle::Annotated(a) => Some(a),
        }
    }
}

/// A parsed article; spans are `(start, end)` `str` indices into `text`. A view over the
/// core's article: the Python values are made when first asked for, then kept.
#[pyclass(frozen, module = "newsgaz")]
pub struct Article {
    core: CoreArticle,
    /// Where the article was read from (`path`, `path:line`, `path#index`), when it was
    /// read from a file or given a name; `annotate_many` reports it as the `source`.
    #[pyo3(get)]
    pub source: Option<String>,
    /// The text as a Python `str`: made once, shared with the annotation's mentions.
    text: PyOnceLock<Py<PyString>>,
    /// Spans, quotes, attributions and metadata, made together on first access.
    parts: PyOnceLock<Parts>,
}

/// What an `Article` makes on first access.
pub struct Parts {
    title_span: Option<Chars>,
    paragraphs: Vec<Chars>,
    sentences: Vec<Chars>,
    quotes: Vec<Py<Quote>>,
    attributions: Vec<Py<Attribution>>,
    metadata: Py<PyAny>,
}

impl Article {
    /// A view over `core`.
    pub fn new(core: CoreArticle, source: Option<String>) -> Article {
        Article {
            core,
            source,
            text: PyOnceLock::new(),
            parts: PyOnceLock::new(),
        }
    }

    /// The core's article.
    pub fn core(&self) -> &newsgaz::Article {
        self.core.get()
    }

    /// The text as a Python `str`, made once.
    pub fn text_str(&self, py: Python<'_>) -> &Py<PyString> {
        self.text
            .get_or_init(py, || PyString::new(py, &self.core().text).unbind())
    }

    fn parts(&self, py: Python<'_>) -> PyResult<&Parts> {
        self.parts.get_or_try_init(py, || {
            let parts = |spans: Spans<'_>| spans.parts(py, self.core(), self.core.annotation());
            match &self.core {
                CoreArticle::Parsed(a) => parts(Spans::new(&a.text)),
                CoreArticle::Annotated(a) => parts(Spans::of_annotated(a)),
            }
        })
    }

    /// The quotations (the objects Python sees).
    pub fn quotes(&self, py: Python<'_>) -> PyResult<Vec<Py<Quote>>> {
        Ok(self
            .parts(py)?
            .quotes
            .iter()
            .map(|q| q.clone_ref(py))
            .collect())
    }

    /// The attributions (the objects Python sees).
    pub fn attributions(&self, py: Python<'_>) -> PyResult<Vec<Py<Attribution>>> {
        let parts = self.parts(py)?;
        Ok(parts.attributions.iter().map(|x| x.clone_ref(py)).collect())
    }
}

#[pymethods]
impl Article {
    /// The article's id, from its record (`id` or `guid`), if any.
    #[getter]
    fn id(&self) -> Option<&str> {
        self.core().id.as_deref()
    }

    /// The title, if any (the first line of a plain text).
    #[getter]
    fn title(&self) -> Option<&str> {
        self.core().title.as_deref()
    }

    /// The whole text: the title line, then the paragraphs.
    #[getter]
    fn text(&self, py: Python<'_>) -> Py<PyString> {
        self.text_str(py).clone_ref(py)
    }

    /// Where the title lies in `text`, as `(start, end)` `str` indices.
    #[getter]
    fn title_span(&self, py: Python<'_>) -> PyResult<Option<Chars>> {
        Ok(self.parts(py)?.title_span)
    }

    /// The paragraphs, as `(start, end)` `str` indices.
    #[getter]
    fn paragraphs(&self, py: Python<'_>) -> PyResult<Vec<Chars>> {
        Ok(self.parts(py)?.paragraphs.clone())
    }

    /// The sentences, as `(start, end)` `str` indices.
    #[getter]
    fn sentences(&self, py: Python<'_>) -> PyResult<Vec<Chars>> {
        Ok(self.parts(py)?.sentences.clone())
    }

    /// Quotations in text order.
    #[getter(quotes)]
    fn quotes_py(&self, py: Python<'_>) -> PyResult<Vec<Py<Quote>>> {
        self.quotes(py)
    }

    /// Credited sources in text order.
    #[getter(attributions)]
    fn attributions_py(&self, py: Python<'_>) -> PyResult<Vec<Py<Attribution>>> {
        self.attributions(py)
    }

    /// url, source, published, published_date (ISO 8601), authors, language, dateline,
    /// byline (spans as `(start, end)` `str` indices), replaced_invalid_utf8, extra.
    #[getter]
    fn metadata(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(self.parts(py)?.metadata.clone_ref(py))
    }

    /// The article as the core's JSON: the documented schema, with UTF-8 byte offsets.
    fn to_json(&self) -> String {
        serde_json::to_string(self.core()).expect("articles serialise")
    }

    /// The article as a dict of plain values; every span is `(start, end)` in `str`
    /// indices, quotes and attributions are dicts.
    pub fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let parts = self.parts(py)?;
        let dict = PyDict::new(py);
        dict.set_item("id", self.id())?;
        dict.set_item("title", self.title())?;
        dict.set_item("text", self.text_str(py))?;
        dict.set_item("title_span", parts.title_span)?;
        dict.set_item("paragraphs", &parts.paragraphs)?;
        dict.set_item("sentences", &parts.sentences)?;
        let quotes = parts.quotes.iter().map(|q| q.get().to_dict(py));
        dict.set_item(
            "quotes",
            PyList::new(py, quotes.collect::<PyResult<Vec<_>>>()?)?,
        )?;
        let attributions = parts.attributions.iter().map(|x| x.get().to_dict(py));
        let attributions = attributions.collect::<PyResult<Vec<_>>>()?;
        dict.set_item("attributions", PyList::new(py, attributions)?)?;
        // A copy: the caller may change the dict.
        let metadata = parts.metadata.bind(py).downcast::<PyDict>()?.copy()?;
        dict.set_item("metadata", metadata)?;
        Ok(dict)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        let Ok(other) = other.downcast::<Article>() else {
            return Ok(false);
        };
        let other = other.get();
        // Quotes and attributions too: an annotated article's carry speakers and entities.
        Ok(self.core() == other.core()
            && self.source == other.source
            && PyList::new(py, self.quotes(py)?)?.eq(PyList::new(py, other.quotes(py)?)?)?
            && PyList::new(py, self.attributions(py)?)?
                .eq(PyList::new(py, other.attributions(py)?)?)?)
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        PyString::new(py, &self.to_json()).hash()
    }

    /// Pickled as the core's JSON with its quotes and attributions (which carry an
    /// annotation's speakers and entities).
    fn __reduce__(&self, py: Python<'_>) -> PyResult<Reduced<Py<PyTuple>>> {
        let json = PyBytes::new(py, self.to_json().as_bytes());
        let args = (json, self.quotes(py)?, self.attributions(py)?, &self.source);
        reduced(py, "_article", args.into_pyobject(py)?.unbind())
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let names = ["title", "paragraphs", "sentences", "quotes"];
        let a = self.core();
        let values = (
            &a.title,
            a.paragraphs.len(),
            a.sentences.len(),
            a.quotes.len(),
        );
        repr(py, "Article", &names, values)
    }
}

value_record! {
    /// A quotation: `span` includes the marks, `content` lies between them; `speaker` is
    /// set on the quotes of an annotated article.
    pub struct Quote {
        /// Where the quotation lies, marks included, as `(start, end)` `str` indices.
        span: Chars,
        /// Where the text between the marks lies.
        content: Chars,
        /// The text between the marks.
        text: String,
        /// `"speech"` or `"scare"`.
        kind: String,
        /// The words that tie it to its speaker, if any.
        cue: Option<Py<SpeechCue>>,
        /// The speaker linked by the annotator (None before annotation).
        speaker: Option<Py<Speaker>>,
    }
    repr: [kind, text];
    validate: Quote::check_kind;
}

impl Quote {
    fn check_kind(&self) -> PyResult<()> {
        match self.kind.as_str() {
            "speech" | "scare" => Ok(()),
            other => Err(ArticleError::new_err(format!("no quote kind {other:?}"))),
        }
    }
}

value_record! {
    /// The words tying a quotation to its speaker: `said`, with speaker `Putin`.
    pub struct SpeechCue {
        /// Where the cue lies, as `(start, end)` `str` indices.
        span: Chars,
        /// The cue as written.
        text: String,
        /// The lemma: `say`, `tell`, `according to`.
        verb: String,
        /// Where the speaker phrase lies, if there is one.
        speaker: Option<Chars>,
        /// The speaker phrase as written.
        speaker_text: Option<String>,
        /// True when the cue is the previous quotation's, which this one continues.
        carried: bool,
    }
    repr: [verb, speaker_text];
}

value_record! {
    /// A source the article credits: `Reuters reported`, `according to the ministry`;
    /// `entity` is set on the attributions of an annotated article.
    pub struct Attribution {
        /// Where the source phrase lies, as `(start, end)` `str` indices.
        source: Chars,
        /// The source as written.
        source_text: String,
        /// Where the cue (`reported`, `according to`) lies.
        cue: Chars,
        /// The lemma: `report`, `according to`, `say`, `tell`.
        verb: String,
        /// The id of the entity the source phrase mentions (None before annotation).
        entity: Option<String>,
    }
    repr: [source_text, verb, entity];
}

/// Converts byte spans of one text, with offsets the core computes.
pub struct Spans<'t> {
    text: &'t str,
    text_span: Box<dyn Fn(newsgaz::Span) -> newsgaz::TextSpan + 't>,
}

impl<'t> Spans<'t> {
    /// Spans of `text`, indexed here.
    pub fn new(text: &'t str) -> Spans<'t> {
        let index = newsgaz::offsets::CharIndex::new(text);
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
        q: &newsgaz::article::Quote,
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
                newsgaz::article::QuoteKind::Scare => "scare",
                _ => "speech",
            }
            .to_owned(),
            cue,
            speaker,
        };
        Py::new(py, quote)
    }

    pub fn attribution(
        &self,
        py: Python<'_>,
        x: &newsgaz::article::Attribution,
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
    fn metadata(&self, py: Python<'_>, m: &newsgaz::article::Metadata) -> PyResult<Py<PyAny>> {
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

    /// The parts of article `a` that Python sees; `speakers` and `entities` come from
    /// an annotation.
    fn parts(
        &self,
        py: Python<'_>,
        a: &newsgaz::Article,
        annotation: Option<&newsgaz::AnnotatedArticle>,
    ) -> PyResult<Parts> {
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
        self.parts_with(py, a, quotes, attributions)
    }

    /// The parts of article `a` with the Python quotes and attributions already made (a
    /// pickle's, which carry an annotation's speakers and entities).
    fn parts_with(
        &self,
        py: Python<'_>,
        a: &newsgaz::Article,
        quotes: Vec<Py<Quote>>,
        attributions: Vec<Py<Attribution>>,
    ) -> PyResult<Parts> {
        Ok(Parts {
            title_span: a.title_span.map(|s| self.chars(s)),
            paragraphs: a.paragraphs.iter().map(|&s| self.chars(s)).collect(),
            sentences: a.sentences.iter().map(|&s| self.chars(s)).collect(),
            quotes,
            attributions,
            metadata: self.metadata(py, &a.metadata)?,
        })
    }
}

/// A core article as a Python one (a view: offsets converted when first asked for).
pub fn article_to_py(a: newsgaz::Article, source: Option<String>) -> Article {
    Article::new(CoreArticle::Parsed(Arc::new(a)), source)
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
    let article = article_to_py(inner, source);
    let parts =
        Spans::new(&article.core().text).parts_with(py, article.core(), quotes, attributions)?;
    // A new cell: it takes the pickled quotes and attributions.
    let _ = article.parts.set(py, parts);
    Ok(article)
}

/// The decoding a `lossy` flag asks for.
fn decoding_of(lossy: bool) -> newsgaz::article::Decoding {
    if lossy {
        newsgaz::article::Decoding::Lossy
    } else {
        newsgaz::article::Decoding::Strict
    }
}

/// Parses an article in the plain-text layout (title line, blank line, paragraphs).
#[pyfunction]
pub fn parse_article(py: Python<'_>, text: &str) -> PyResult<Article> {
    let a = crate::run::detach(py, || newsgaz::Article::parse_plain(text))?;
    Ok(article_to_py(a, None))
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
    Ok(article_to_py(a, Some(source.to_owned())))
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
    Ok(article_to_py(a, None))
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
    Ok(article_to_py(a, None))
}

/// The articles of the files at `paths` (JSON Lines, JSON arrays, plain text, each
/// optionally gzipped), one result per record in order: an `Article` with its `source`,
/// or with `keep_errors` the exception naming the record in its place (else the first
/// one raises).
#[pyfunction]
#[pyo3(signature = (paths, lossy, keep_errors, limits = None))]
pub fn _read_paths(
    py: Python<'_>,
    paths: Vec<std::path::PathBuf>,
    lossy: bool,
    keep_errors: bool,
    limits: Option<&Bound<'_, pyo3::types::PyDict>>,
) -> PyResult<Vec<Py<PyAny>>> {
    let decoding = decoding_of(lossy);
    let limits = limits_of(limits)?;
    let records: Vec<newsgaz::input::Record> = crate::run::detach(py, || {
        paths
            .iter()
            .flat_map(|p| newsgaz::input::path_records_limited(p, limits))
            .filter_map(|raw| raw.parse(decoding))
            .collect()
    })?;
    records
        .into_iter()
        .map(|record| match record.article {
            Ok(a) => {
                let article = article_to_py(a, Some(record.source));
                Ok(Py::new(py, article)?.into_any())
            }
            Err(e) if keep_errors => Ok(to_py(e).into_value(py).into_any()),
            Err(e) => Err(to_py(e)),
        })
        .collect()
}

/// The reading limits given as keywords (`max_record_bytes=...`; `None` keeps a
/// default); an unknown name or a value out of range is an error naming it.
fn limits_of(given: Option<&Bound<'_, pyo3::types::PyDict>>) -> PyResult<newsgaz::input::Limits> {
    let mut limits = newsgaz::input::Limits::default();
    let Some(given) = given else {
        return Ok(limits);
    };
    for (name, value) in given.iter() {
        let name: String = name.extract()?;
        if value.is_none() {
            continue;
        }
        let bad = |_| {
            crate::errors::invalid_options(
                "read_articles",
                format!(
                    "{name}={value}: expected a whole number from 0 to {}",
                    u64::MAX
                ),
            )
        };
        let number: u64 = value.extract().map_err(bad)?;
        let size = || usize::try_from(number).unwrap_or(usize::MAX);
        limits = match name.as_str() {
            "max_record_bytes" => limits.max_record_bytes(number),
            "max_decompressed_bytes" => limits.max_decompressed_bytes(number),
            "max_html_depth" => limits.max_html_depth(size()),
            "max_html_elements" => limits.max_html_elements(size()),
            other => {
                return Err(crate::errors::invalid_options(
                    "read_articles",
                    format!("unknown limit {other:?}: expected max_record_bytes, max_decompressed_bytes, max_html_depth or max_html_elements"),
                ))
            }
        };
    }
    Ok(limits)
}
