//! Python bindings for newsgaz. This crate converts; the core computes.

use std::sync::Arc;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};
use serde_json::Value;

pyo3::create_exception!(
    _newsgaz,
    NewsgazError,
    PyValueError,
    "Base class of newsgaz errors."
);
pyo3::create_exception!(
    _newsgaz,
    GazetteerError,
    NewsgazError,
    "A gazetteer could not be loaded."
);
pyo3::create_exception!(
    _newsgaz,
    ArticleError,
    NewsgazError,
    "An article could not be parsed."
);

/// What `__reduce__` returns: a callable and its arguments.
type Reduced<Args> = (Py<PyAny>, Args);

fn gazetteer_err(e: newsgaz::GazetteerError) -> PyErr {
    GazetteerError::new_err(e.to_string())
}

/// A validated list of entities (id, name, label, aliases, attributes).
#[pyclass(frozen, module = "newsgaz")]
struct Gazetteer {
    inner: Arc<newsgaz::Gazetteer>,
}

#[pymethods]
impl Gazetteer {
    /// Builds a gazetteer from dicts with keys id, name, label, aliases (optional).
    #[staticmethod]
    fn from_records(records: &Bound<'_, PyAny>) -> PyResult<Gazetteer> {
        let values = records
            .try_iter()?
            .map(|item| py_to_json(&item?))
            .collect::<PyResult<Vec<Value>>>()?;
        let inner = newsgaz::Gazetteer::from_values(values, "<records>").map_err(gazetteer_err)?;
        Ok(Gazetteer {
            inner: Arc::new(inner),
        })
    }

    /// Loads a JSON Lines file.
    #[staticmethod]
    fn from_jsonl(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Gazetteer> {
        let inner = py
            .detach(|| newsgaz::Gazetteer::from_jsonl_path(path))
            .map_err(gazetteer_err)?;
        Ok(Gazetteer {
            inner: Arc::new(inner),
        })
    }

    /// The built-in gazetteer: countries, cities, regions, US states and organisations
    /// (loaded once, then shared).
    #[staticmethod]
    fn default(py: Python<'_>) -> Gazetteer {
        static BUILTIN: std::sync::OnceLock<Arc<newsgaz::Gazetteer>> = std::sync::OnceLock::new();
        let inner = py.detach(|| {
            BUILTIN
                .get_or_init(|| Arc::new(newsgaz::Gazetteer::builtin().clone()))
                .clone()
        });
        Gazetteer { inner }
    }

    /// Parses JSON Lines text.
    #[staticmethod]
    fn from_jsonl_str(text: &str) -> PyResult<Gazetteer> {
        let inner = newsgaz::Gazetteer::from_jsonl_str(text, "<string>").map_err(gazetteer_err)?;
        Ok(Gazetteer {
            inner: Arc::new(inner),
        })
    }

    /// This gazetteer's entries first, then `base`'s entries whose ids it does not use
    /// (for example `mine.overlay(Gazetteer.default())`).
    fn overlay(&self, py: Python<'_>, base: &Gazetteer) -> Gazetteer {
        let (yours, base) = (self.inner.clone(), base.inner.clone());
        let inner = py.detach(|| Arc::new(Arc::unwrap_or_clone(yours).overlay(&base)));
        Gazetteer { inner }
    }

    /// The entries as JSON Lines text (one object a line).
    fn to_jsonl(&self) -> String {
        self.inner
            .entries()
            .iter()
            .map(|e| serde_json::to_string(e).expect("entries serialise") + "\n")
            .collect()
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!("Gazetteer(<{} entries>)", self.inner.len())
    }

    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<Reduced<(String,)>> {
        let from = slf.get_type().getattr("from_jsonl_str")?.unbind();
        Ok((from, (slf.get().to_jsonl(),)))
    }
}

/// A compiled matcher over a gazetteer. Immutable and safe to share between threads.
#[pyclass(frozen, module = "newsgaz")]
struct Matcher {
    inner: newsgaz::Matcher,
    gazetteer: Py<Gazetteer>,
}

#[pymethods]
impl Matcher {
    /// Compiles a matcher; keyword options are those of the core's `MatcherOptions`:
    /// `case` ("smart", "insensitive" or "exact"), `acronym_max_len`, `fold_diacritics`,
    /// `fold_punctuation`, `fold_whitespace`, `word_boundaries`, `overlapping`.
    #[new]
    #[pyo3(signature = (gazetteer, **options))]
    fn new(
        py: Python<'_>,
        gazetteer: Py<Gazetteer>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Matcher> {
        let options = match options {
            Some(dict) => serde_json::from_value(py_to_json(dict.as_any())?)
                .map_err(|e| PyValueError::new_err(format!("invalid matcher option: {e}")))?,
            None => newsgaz::MatcherOptions::default(),
        };
        Ok(Matcher::build(py, gazetteer, options))
    }

    /// The options as a JSON object string.
    fn options_json(&self) -> String {
        serde_json::to_string(self.inner.options()).expect("options serialise")
    }

    /// Finds mentions in `text`; `start`/`end` are `str` indices.
    fn find(&self, py: Python<'_>, text: &str) -> Vec<Mention> {
        let matcher = self.inner.clone();
        py.detach(|| newsgaz::find_mentions(&matcher, text))
            .into_iter()
            .map(Mention::from)
            .collect()
    }

    /// Every mention in `text`, overlapping ones included, ordered by start then end.
    fn find_overlapping(&self, py: Python<'_>, text: &str) -> Vec<Mention> {
        let matcher = self.inner.clone();
        py.detach(|| newsgaz::find_overlapping_mentions(&matcher, text))
            .into_iter()
            .map(Mention::from)
            .collect()
    }

    /// The gazetteer this matcher was built from.
    #[getter]
    fn gazetteer(&self, py: Python<'_>) -> Py<Gazetteer> {
        self.gazetteer.clone_ref(py)
    }

    fn __repr__(&self) -> String {
        format!("Matcher(<{} entries>)", self.inner.gazetteer().len())
    }

    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<Reduced<(Py<Gazetteer>, String)>> {
        let py = slf.py();
        let rebuild = py
            .import("newsgaz._newsgaz")?
            .getattr("_matcher_from_options_json")?
            .unbind();
        let this = slf.get();
        Ok((rebuild, (this.gazetteer.clone_ref(py), this.options_json())))
    }
}

/// Unpickling helper: a matcher from a gazetteer and its options as JSON.
#[pyfunction]
fn _matcher_from_options_json(
    py: Python<'_>,
    gazetteer: Py<Gazetteer>,
    options: &str,
) -> PyResult<Matcher> {
    let options: newsgaz::MatcherOptions = serde_json::from_str(options)
        .map_err(|e| PyValueError::new_err(format!("invalid matcher options: {e}")))?;
    Ok(Matcher::build(py, gazetteer, options))
}

impl Matcher {
    /// Compiles without the GIL.
    fn build(
        py: Python<'_>,
        gazetteer: Py<Gazetteer>,
        options: newsgaz::MatcherOptions,
    ) -> Matcher {
        let shared = gazetteer.get().inner.clone();
        let inner = py.detach(|| newsgaz::MatcherBuilder::with_options(options).build(shared));
        Matcher { inner, gazetteer }
    }
}

/// One mention: `text[start:end] == mention.text`.
#[pyclass(frozen, module = "newsgaz", get_all)]
struct Mention {
    /// `str` index of the first character.
    start: usize,
    /// `str` index one past the last character.
    end: usize,
    /// UTF-8 byte offset of the first byte.
    byte_start: usize,
    /// UTF-8 byte offset one past the last byte.
    byte_end: usize,
    text: String,
    entity: String,
    name: String,
    label: String,
    candidates: Vec<String>,
    paragraph: Option<usize>,
    sentence: Option<usize>,
    /// True in the title.
    in_title: bool,
    /// True between the marks of a quotation.
    in_quote: bool,
    /// `name`, `partial` or `demonym`.
    form: String,
}

/// The lower-case name serde gives a unit enum variant (`partial`, `speech`...).
fn variant_name(value: impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

impl From<newsgaz::Mention> for Mention {
    fn from(m: newsgaz::Mention) -> Mention {
        Mention {
            start: m.char_start,
            end: m.char_end,
            byte_start: m.start,
            byte_end: m.end,
            text: m.text,
            entity: m.entity,
            name: m.name,
            label: m.label,
            candidates: m.candidates,
            paragraph: m.paragraph,
            sentence: m.sentence,
            in_title: m.in_title,
            in_quote: m.in_quote,
            form: variant_name(m.form),
        }
    }
}

#[pymethods]
impl Mention {
    fn __repr__(&self) -> String {
        format!(
            "Mention(start={}, end={}, text={:?}, entity={:?}, label={:?})",
            self.start, self.end, self.text, self.entity, self.label
        )
    }
}

/// A parsed article; spans are `(start, end)` `str` indices into `text`.
#[pyclass(frozen, module = "newsgaz")]
struct Article {
    #[pyo3(get)]
    id: Option<String>,
    #[pyo3(get)]
    title: Option<String>,
    #[pyo3(get)]
    text: String,
    #[pyo3(get)]
    title_span: Option<(usize, usize)>,
    #[pyo3(get)]
    paragraphs: Vec<(usize, usize)>,
    #[pyo3(get)]
    sentences: Vec<(usize, usize)>,
    #[pyo3(get)]
    quotes: Vec<Py<Quote>>,
    #[pyo3(get)]
    attributions: Vec<Py<Attribution>>,
    /// url, source, published, published_date (ISO 8601), authors, language, dateline,
    /// byline (spans as `str` indices), replaced_invalid_utf8, extra.
    #[pyo3(get)]
    metadata: Py<PyAny>,
    /// The core's article (byte offsets), for `to_json` and annotation.
    inner: newsgaz::Article,
}

#[pymethods]
impl Article {
    /// The article as the core's JSON: the documented schema, with UTF-8 byte offsets.
    fn to_json(&self) -> String {
        serde_json::to_string(&self.inner).expect("articles serialise")
    }

    fn __repr__(&self) -> String {
        format!(
            "Article(title={:?}, paragraphs={}, sentences={}, quotes={})",
            self.title,
            self.paragraphs.len(),
            self.sentences.len(),
            self.quotes.len()
        )
    }
}

/// A quotation: `span` includes the marks, `content` lies between them.
#[pyclass(frozen, module = "newsgaz", get_all)]
struct Quote {
    span: (usize, usize),
    content: (usize, usize),
    /// The text between the marks.
    text: String,
    /// `"speech"` or `"scare"`.
    kind: String,
    cue: Option<Py<SpeechCue>>,
}

#[pymethods]
impl Quote {
    fn __repr__(&self) -> String {
        format!("Quote(kind={:?}, text={:?})", self.kind, self.text)
    }
}

/// The words tying a quotation to its speaker: `said`, with speaker `Putin`.
#[pyclass(frozen, module = "newsgaz", get_all)]
struct SpeechCue {
    span: (usize, usize),
    /// The cue as written.
    text: String,
    /// The lemma: `say`, `tell`, `according to`.
    verb: String,
    speaker: Option<(usize, usize)>,
    /// The speaker phrase as written.
    speaker_text: Option<String>,
    /// True when the cue is the previous quotation's, which this one continues.
    carried: bool,
}

#[pymethods]
impl SpeechCue {
    fn __repr__(&self) -> String {
        format!(
            "SpeechCue(verb={:?}, speaker={:?})",
            self.verb, self.speaker_text
        )
    }
}

/// A source the article credits: `Reuters reported`, `according to the ministry`.
#[pyclass(frozen, module = "newsgaz", get_all)]
struct Attribution {
    source: (usize, usize),
    /// The source as written.
    source_text: String,
    cue: (usize, usize),
    /// The lemma: `report`, `according to`, `say`, `tell`.
    verb: String,
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

fn article_to_py(py: Python<'_>, a: newsgaz::Article) -> PyResult<Article> {
    let chars = newsgaz::CharIndex::new(&a.text);
    let slice = |s: newsgaz::Span| s.slice(&a.text).to_owned();
    let quotes = a
        .quotes
        .iter()
        .map(|q| {
            let cue = q
                .cue
                .as_ref()
                .map(|c| {
                    Py::new(
                        py,
                        SpeechCue {
                            span: chars.span(c.span),
                            text: slice(c.span),
                            verb: c.verb.clone(),
                            speaker: c.speaker.map(|s| chars.span(s)),
                            speaker_text: c.speaker.map(slice),
                            carried: c.carried,
                        },
                    )
                })
                .transpose()?;
            let kind = match q.kind {
                newsgaz::QuoteKind::Scare => "scare",
                _ => "speech",
            };
            Py::new(
                py,
                Quote {
                    span: chars.span(q.span),
                    content: chars.span(q.content),
                    text: slice(q.content),
                    kind: kind.into(),
                    cue,
                },
            )
        })
        .collect::<PyResult<_>>()?;
    let attributions = a
        .attributions
        .iter()
        .map(|x| {
            Py::new(
                py,
                Attribution {
                    source: chars.span(x.source),
                    source_text: slice(x.source),
                    cue: chars.span(x.cue),
                    verb: x.verb.clone(),
                },
            )
        })
        .collect::<PyResult<_>>()?;
    let mut metadata = serde_json::to_value(&a.metadata).expect("metadata serialises");
    spans_to_chars(&mut metadata, &chars, true);
    Ok(Article {
        id: a.id.clone(),
        title: a.title.clone(),
        title_span: a.title_span.map(|s| chars.span(s)),
        paragraphs: a.paragraphs.iter().map(|&s| chars.span(s)).collect(),
        sentences: a.sentences.iter().map(|&s| chars.span(s)).collect(),
        quotes,
        attributions,
        metadata: json_to_py(py, &metadata)?,
        text: a.text.clone(),
        inner: a,
    })
}

/// Rewrites `{"start": b, "end": e}` objects (byte spans) as `[char_start, char_end]`,
/// leaving `extra` (the record's own fields) as given.
fn spans_to_chars(value: &mut Value, chars: &newsgaz::CharIndex, top: bool) {
    match value {
        Value::Object(map) => {
            if map.len() == 2 {
                if let (Some(s), Some(e)) = (
                    map.get("start").and_then(Value::as_u64),
                    map.get("end").and_then(Value::as_u64),
                ) {
                    let (s, e) = chars.span(newsgaz::Span::new(s as usize, e as usize));
                    *value = serde_json::json!([s, e]);
                    return;
                }
            }
            for (key, v) in map.iter_mut() {
                if !(top && key == "extra") {
                    spans_to_chars(v, chars, false);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| spans_to_chars(v, chars, false)),
        _ => {}
    }
}

/// Converts JSON to plain Python data; spans (two-element arrays of integers made by
/// `spans_to_chars`) become tuples.
fn json_to_py(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any().unbind(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any().unbind(),
            _ => n
                .as_f64()
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_py(py, v)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

fn article_err(e: newsgaz::ArticleError) -> PyErr {
    ArticleError::new_err(e.to_string())
}

/// Parses an article in the plain-text layout (title line, blank line, paragraphs).
#[pyfunction]
fn parse_article(py: Python<'_>, text: &str) -> PyResult<Article> {
    let a = py.detach(|| newsgaz::Article::parse_plain(text));
    article_to_py(py, a)
}

/// Parses UTF-8 bytes in the plain-text layout; `lossy=True` replaces invalid UTF-8
/// with U+FFFD instead of raising `ArticleError`.
#[pyfunction]
#[pyo3(signature = (data, source = "<bytes>", lossy = false))]
fn parse_article_bytes(
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
        .map_err(article_err)?;
    article_to_py(py, a)
}

/// Parses a JSON record (a `str` of JSON, or a dict) with the field names feeds use.
#[pyfunction]
fn parse_article_json(py: Python<'_>, record: &Bound<'_, PyAny>) -> PyResult<Article> {
    let value = match record.extract::<String>() {
        Ok(s) => serde_json::from_str(&s)
            .map_err(|e| ArticleError::new_err(format!("<record>: invalid JSON: {e}")))?,
        Err(_) => py_to_json(record)?,
    };
    let a = py
        .detach(|| newsgaz::Article::from_json_value(value, &newsgaz::Location::new("<record>")))
        .map_err(article_err)?;
    article_to_py(py, a)
}

/// Annotates articles in context: partial person names, ambiguous aliases, an entity
/// summary, same-sentence pairs and quote speakers. Immutable; share between threads.
#[pyclass(frozen, module = "newsgaz")]
struct Annotator {
    inner: newsgaz::Annotator,
    matcher: Py<Matcher>,
}

#[pymethods]
impl Annotator {
    /// Keyword options are those of the core's `AnnotateOptions` (`partial_names`,
    /// `document_rules`, `prior`, `role_rule`, `person_labels`, `place_context`,
    /// `place_context_entities`).
    #[new]
    #[pyo3(signature = (matcher, **options))]
    fn new(
        py: Python<'_>,
        matcher: Py<Matcher>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Annotator> {
        let options = match options {
            Some(dict) => serde_json::from_value(py_to_json(dict.as_any())?)
                .map_err(|e| PyValueError::new_err(format!("invalid annotator option: {e}")))?,
            None => newsgaz::AnnotateOptions::default(),
        };
        Ok(Annotator::build(py, matcher, options))
    }

    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<Reduced<(Py<Matcher>, String)>> {
        let py = slf.py();
        let rebuild = py
            .import("newsgaz._newsgaz")?
            .getattr("_annotator_from_options_json")?
            .unbind();
        let this = slf.get();
        Ok((rebuild, (this.matcher.clone_ref(py), this.options_json())))
    }

    /// Annotates an article, or a text in the plain layout (title line, blank line,
    /// paragraphs).
    #[pyo3(signature = (article, source = "<text>"))]
    fn annotate(
        &self,
        py: Python<'_>,
        article: &Bound<'_, PyAny>,
        source: &str,
    ) -> PyResult<AnnotatedArticle> {
        // A parsed Article is annotated as it is (JSON metadata, quotes and all); a str is
        // parsed in the plain layout first.
        let parsed: newsgaz::Article = match article.downcast::<Article>() {
            Ok(a) => a.get().inner.clone(),
            Err(_) => newsgaz::Article::parse_plain(article.extract::<String>()?),
        };
        let annotator = &self.inner;
        let inner = py.detach(|| annotator.annotate(&parsed, source));
        Ok(AnnotatedArticle { inner })
    }

    /// The options as a JSON object string.
    fn options_json(&self) -> String {
        serde_json::to_string(self.inner.options()).expect("options serialise")
    }

    /// The matcher this annotator was built from.
    #[getter]
    fn matcher(&self, py: Python<'_>) -> Py<Matcher> {
        self.matcher.clone_ref(py)
    }

    fn __repr__(&self) -> String {
        format!("Annotator({})", self.options_json())
    }
}

impl Annotator {
    /// Builds without the GIL.
    fn build(py: Python<'_>, matcher: Py<Matcher>, options: newsgaz::AnnotateOptions) -> Annotator {
        let core = matcher.get().inner.clone();
        let inner = py.detach(|| newsgaz::Annotator::with_options(core, options));
        Annotator { inner, matcher }
    }
}

/// Unpickling helper: an annotator from a matcher and its options as JSON.
#[pyfunction]
fn _annotator_from_options_json(
    py: Python<'_>,
    matcher: Py<Matcher>,
    options: &str,
) -> PyResult<Annotator> {
    let options: newsgaz::AnnotateOptions = serde_json::from_str(options)
        .map_err(|e| PyValueError::new_err(format!("invalid annotator options: {e}")))?;
    Ok(Annotator::build(py, matcher, options))
}

/// One row per resolved entity of an article.
#[pyclass(frozen, module = "newsgaz", get_all)]
struct Entity {
    id: String,
    name: String,
    label: String,
    /// Number of mentions.
    count: usize,
    /// `str` index of the first mention.
    first: usize,
    /// UTF-8 byte offset of the first mention.
    byte_first: usize,
    in_title: bool,
    /// Share of the article's weighted mentions (title 3, first paragraph 2, else 1).
    salience: f64,
}

#[pymethods]
impl Entity {
    fn __repr__(&self) -> String {
        format!(
            "Entity(id={:?}, label={:?}, count={}, salience={:.3})",
            self.id, self.label, self.count, self.salience
        )
    }
}

/// An annotated article. `_repr_html_` renders it in notebooks.
#[pyclass(frozen, module = "newsgaz")]
struct AnnotatedArticle {
    inner: newsgaz::AnnotatedArticle,
}

#[pymethods]
impl AnnotatedArticle {
    #[getter]
    fn id(&self) -> Option<String> {
        self.inner.id.clone()
    }

    #[getter]
    fn source(&self) -> String {
        self.inner.source.clone()
    }

    #[getter]
    fn title(&self) -> Option<String> {
        self.inner.title.clone()
    }

    #[getter]
    fn text(&self) -> String {
        self.inner.text.clone()
    }

    /// Mentions in text order, resolved in context.
    #[getter]
    fn mentions(&self) -> Vec<Mention> {
        self.inner
            .mentions
            .iter()
            .cloned()
            .map(Mention::from)
            .collect()
    }

    /// One row per entity, most salient first.
    #[getter]
    fn entities(&self) -> Vec<Entity> {
        self.inner
            .entities
            .iter()
            .map(|e| Entity {
                id: e.id.clone(),
                name: e.name.clone(),
                label: e.label.clone(),
                count: e.count,
                first: e.char_first,
                byte_first: e.first,
                in_title: e.in_title,
                salience: e.salience,
            })
            .collect()
    }

    /// Quotations as dicts: `start`/`end` (`str` indices of the marks), `text`, `kind`,
    /// `verb`, `speaker` (None or a dict with `start`, `end`, `text`, `entity`, `name`, `link`).
    #[getter]
    fn quotes<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner
            .quotes
            .iter()
            .map(|q| {
                let d = PyDict::new(py);
                d.set_item("start", q.char_start)?;
                d.set_item("end", q.char_end)?;
                d.set_item("text", &q.text)?;
                d.set_item("kind", variant_name(q.kind))?;
                d.set_item("verb", &q.verb)?;
                let speaker = match &q.speaker {
                    None => None,
                    Some(s) => {
                        let sd = PyDict::new(py);
                        sd.set_item("start", s.char_start)?;
                        sd.set_item("end", s.char_end)?;
                        sd.set_item("text", &s.text)?;
                        sd.set_item("entity", &s.entity)?;
                        sd.set_item("name", &s.name)?;
                        sd.set_item("link", variant_name(s.link))?;
                        Some(sd)
                    }
                };
                d.set_item("speaker", speaker)?;
                Ok(d)
            })
            .collect()
    }

    /// Credited sources as dicts: `start`, `end` (`str` indices), `text`, `verb`, `entity`.
    #[getter]
    fn attributions<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        self.inner
            .attributions
            .iter()
            .map(|a| {
                let d = PyDict::new(py);
                d.set_item("start", a.char_start)?;
                d.set_item("end", a.char_end)?;
                d.set_item("text", &a.text)?;
                d.set_item("verb", &a.verb)?;
                d.set_item("entity", &a.entity)?;
                Ok(d)
            })
            .collect()
    }

    /// `(a, b, count)`: entities mentioned together in `count` sentences, `a < b`.
    #[getter]
    fn cooccurrences(&self) -> Vec<(String, String, usize)> {
        self.inner
            .cooccurrences
            .iter()
            .map(|c| (c.a.clone(), c.b.clone(), c.count))
            .collect()
    }

    /// The record as one JSON object (the line `newsgaz tag` prints; byte offsets).
    fn to_json(&self) -> String {
        serde_json::to_string(&self.inner).expect("annotated articles serialise")
    }

    /// An HTML fragment: mentions highlighted by label, a legend, the entity table.
    fn to_html(&self) -> String {
        self.inner.to_html()
    }

    fn _repr_html_(&self) -> String {
        self.inner.to_html()
    }

    fn __repr__(&self) -> String {
        format!(
            "AnnotatedArticle(title={:?}, mentions={}, entities={})",
            self.inner.title,
            self.inner.mentions.len(),
            self.inner.entities.len()
        )
    }
}

/// Converts plain Python data (None, bool, int, float, str, list, tuple, dict) to JSON.
fn py_to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        Ok(Value::Null)
    } else if let Ok(b) = obj.extract::<bool>() {
        Ok(Value::Bool(b))
    } else if let Ok(i) = obj.extract::<i64>() {
        Ok(Value::from(i))
    } else if let Ok(f) = obj.extract::<f64>() {
        Ok(serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number))
    } else if let Ok(s) = obj.extract::<String>() {
        Ok(Value::String(s))
    } else if let Ok(d) = obj.downcast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, v) in d.iter() {
            let key: String = k.extract().map_err(|_| {
                GazetteerError::new_err(format!("dict keys must be str, found {k:?}"))
            })?;
            map.insert(key, py_to_json(&v)?);
        }
        Ok(Value::Object(map))
    } else if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        Ok(Value::Array(
            obj.try_iter()?
                .map(|x| py_to_json(&x?))
                .collect::<PyResult<_>>()?,
        ))
    } else {
        Err(GazetteerError::new_err(format!(
            "cannot convert {} to JSON",
            obj.get_type().name()?
        )))
    }
}

#[pymodule]
fn _newsgaz(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Gazetteer>()?;
    m.add_class::<Matcher>()?;
    m.add_class::<Mention>()?;
    m.add_class::<Article>()?;
    m.add_class::<Quote>()?;
    m.add_class::<SpeechCue>()?;
    m.add_class::<Attribution>()?;
    m.add_class::<Annotator>()?;
    m.add_class::<AnnotatedArticle>()?;
    m.add_class::<Entity>()?;
    m.add_function(wrap_pyfunction!(parse_article, m)?)?;
    m.add_function(wrap_pyfunction!(parse_article_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(parse_article_json, m)?)?;
    m.add_function(wrap_pyfunction!(_matcher_from_options_json, m)?)?;
    m.add_function(wrap_pyfunction!(_annotator_from_options_json, m)?)?;
    m.add("NewsgazError", py.get_type::<NewsgazError>())?;
    m.add("GazetteerError", py.get_type::<GazetteerError>())?;
    m.add("ArticleError", py.get_type::<ArticleError>())?;
    Ok(())
}
