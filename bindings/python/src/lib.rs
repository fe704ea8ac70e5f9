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
    m.add_function(wrap_pyfunction!(parse_article, m)?)?;
    m.add_function(wrap_pyfunction!(_matcher_from_options_json, m)?)?;
    m.add("NewsgazError", py.get_type::<NewsgazError>())?;
    m.add("GazetteerError", py.get_type::<GazetteerError>())?;
    m.add("ArticleError", py.get_type::<ArticleError>())?;
    Ok(())
}
