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
    /// The core's JSON (byte offsets), kept for `to_json`.
    json: String,
}

#[pymethods]
impl Article {
    /// The article as the core's JSON: the documented schema, with UTF-8 byte offsets.
    fn to_json(&self) -> String {
        self.json.clone()
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

/// Code point offsets of every byte boundary of a text, for conversions in any order.
struct CharIndex(Vec<usize>);

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        let mut table = vec![0; text.len() + 1];
        let mut chars = 0;
        for (i, b) in text.bytes().enumerate() {
            table[i] = chars;
            if (b as i8) >= -0x40 {
                chars += 1;
            }
        }
        table[text.len()] = chars;
        // Bytes inside a character map to the character's own index; spans never end there.
        CharIndex(table)
    }

    fn span(&self, s: newsgaz::Span) -> (usize, usize) {
        (self.0[s.start], self.0[s.end])
    }
}

fn article_to_py(py: Python<'_>, a: newsgaz::Article) -> PyResult<Article> {
    let chars = CharIndex::new(&a.text);
    let json = serde_json::to_string(&a).expect("articles serialise");
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
        id: a.id,
        title: a.title,
        title_span: a.title_span.map(|s| chars.span(s)),
        paragraphs: a.paragraphs.iter().map(|&s| chars.span(s)).collect(),
        sentences: a.sentences.iter().map(|&s| chars.span(s)).collect(),
        quotes,
        attributions,
        metadata: json_to_py(py, &metadata)?,
        text: a.text,
        json,
    })
}

/// Rewrites `{"start": b, "end": e}` objects (byte spans) as `[char_start, char_end]`,
/// leaving `extra` (the record's own fields) as given.
fn spans_to_chars(value: &mut Value, chars: &CharIndex, top: bool) {
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
    m.add_function(wrap_pyfunction!(parse_article, m)?)?;
    m.add_function(wrap_pyfunction!(parse_article_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(parse_article_json, m)?)?;
    m.add_function(wrap_pyfunction!(_matcher_from_options_json, m)?)?;
    m.add("NewsgazError", py.get_type::<NewsgazError>())?;
    m.add("GazetteerError", py.get_type::<GazetteerError>())?;
    m.add("ArticleError", py.get_type::<ArticleError>())?;
    Ok(())
}
