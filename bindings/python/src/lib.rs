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

    /// Parses JSON Lines text.
    #[staticmethod]
    fn from_jsonl_str(text: &str) -> PyResult<Gazetteer> {
        let inner = newsgaz::Gazetteer::from_jsonl_str(text, "<string>").map_err(gazetteer_err)?;
        Ok(Gazetteer {
            inner: Arc::new(inner),
        })
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
    /// Compiles a matcher; keyword options are those of the core's `MatcherOptions`
    /// (for example `case="exact"`).
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
#[pyclass(frozen, module = "newsgaz", get_all)]
struct Article {
    id: Option<String>,
    title: Option<String>,
    text: String,
    title_span: Option<(usize, usize)>,
    paragraphs: Vec<(usize, usize)>,
    sentences: Vec<(usize, usize)>,
}

#[pymethods]
impl Article {
    fn __repr__(&self) -> String {
        format!(
            "Article(title={:?}, paragraphs={}, sentences={})",
            self.title,
            self.paragraphs.len(),
            self.sentences.len()
        )
    }
}

/// Parses an article in the plain-text layout (title line, blank line, paragraphs).
#[pyfunction]
fn parse_article(py: Python<'_>, text: &str) -> Article {
    py.detach(|| {
        let a = newsgaz::Article::parse_plain(text);
        let mut chars = newsgaz::CharOffsets::new(&a.text);
        let mut convert = |s: newsgaz::Span| (chars.char_offset(s.start), chars.char_offset(s.end));
        let title_span = a.title_span.map(&mut convert);
        let paragraphs = a.paragraphs.iter().map(|&s| convert(s)).collect();
        let sentences = a.sentences.iter().map(|&s| convert(s)).collect();
        Article {
            id: a.id,
            title: a.title,
            title_span,
            paragraphs,
            sentences,
            text: a.text,
        }
    })
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
    /// `document_rules`, `prior`, `role_rule`, `person_labels`).
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
        let text: String = match article.downcast::<Article>() {
            Ok(a) => a.get().text.clone(),
            Err(_) => article.extract()?,
        };
        let annotator = &self.inner;
        let inner = py.detach(|| annotator.annotate(&newsgaz::Article::parse_plain(text), source));
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
    m.add_class::<Annotator>()?;
    m.add_class::<AnnotatedArticle>()?;
    m.add_class::<Entity>()?;
    m.add_function(wrap_pyfunction!(parse_article, m)?)?;
    m.add_function(wrap_pyfunction!(_matcher_from_options_json, m)?)?;
    m.add_function(wrap_pyfunction!(_annotator_from_options_json, m)?)?;
    m.add("NewsgazError", py.get_type::<NewsgazError>())?;
    m.add("GazetteerError", py.get_type::<GazetteerError>())?;
    m.add("ArticleError", py.get_type::<ArticleError>())?;
    Ok(())
}
