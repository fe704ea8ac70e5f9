//! `Annotator` and `AnnotatedArticle`.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::article::{Article, Attribution, Quote, Spans};
use crate::convert::options;
use crate::errors::invalid_options;
use crate::gazetteer::Gazetteer;
use crate::matcher::Matcher;
use crate::records::{EntitySummary, Mention};
use crate::{reduced, Reduced};

/// Annotates articles in context: partial person names, ambiguous aliases, an entity
/// summary, same-sentence pairs and quote speakers. Immutable; share between threads.
#[pyclass(frozen, module = "newsgaz")]
pub struct Annotator {
    inner: newsgaz::Annotator,
    matcher: Py<Matcher>,
}

#[pymethods]
impl Annotator {
    /// Keyword options are those of the core's `AnnotateOptions` (`partial_names`,
    /// `document_rules`, `prior`, `role_rule`, `person_labels`, `place_context`,
    /// `place_context_entities`, `overlapping`).
    #[new]
    #[pyo3(signature = (matcher, **options))]
    fn new(
        py: Python<'_>,
        matcher: Py<Matcher>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Annotator> {
        let options = self::options("annotator", options)?;
        Ok(Annotator::build(py, matcher, options))
    }

    fn __reduce__(&self, py: Python<'_>) -> PyResult<Reduced<(Py<Matcher>, String)>> {
        let args = (self.matcher.clone_ref(py), self.options_json());
        reduced(py, "_annotator_from_options_json", args)
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
        let annotator = &self.inner;
        let source = source.to_owned();
        let inner = match article.downcast::<Article>() {
            Ok(a) => {
                let parsed = a.get().inner.clone();
                py.detach(|| annotator.annotate_owned(parsed, source))
            }
            Err(_) => {
                let text: String = article.extract()?;
                py.detach(|| annotator.annotate_owned(newsgaz::Article::parse_plain(text), source))
            }
        };
        AnnotatedArticle::new(py, inner, self.matcher.get().gazetteer_ref())
    }

    /// `annotate` over many articles (each an `Article` or a text in the plain layout) on
    /// `threads` threads (None: every core), without the GIL; results in input order,
    /// each with its index as `source` (`#0`, `#1`, ...).
    #[pyo3(signature = (articles, *, threads = None))]
    fn annotate_many(
        &self,
        py: Python<'_>,
        articles: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<AnnotatedArticle>> {
        let mut batch = Vec::new();
        for (i, item) in articles.try_iter()?.enumerate() {
            let item = item?;
            let article = match item.downcast::<Article>() {
                Ok(a) => a.get().inner.clone(),
                Err(_) => newsgaz::Article::parse_plain(item.extract::<String>()?),
            };
            batch.push((article, format!("#{i}")));
        }
        let annotator = &self.inner;
        let done = py.detach(|| annotator.annotate_many(batch, threads));
        let gazetteer = self.matcher.get().gazetteer_ref();
        done.into_iter()
            .map(|inner| AnnotatedArticle::new(py, inner, gazetteer))
            .collect()
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
pub fn _annotator_from_options_json(
    py: Python<'_>,
    matcher: Py<Matcher>,
    options: &str,
) -> PyResult<Annotator> {
    let options = serde_json::from_str(options).map_err(|e| invalid_options("annotator", e))?;
    Ok(Annotator::build(py, matcher, options))
}

/// The mentions found in `source` as Python records; `gazetteer` is the annotation's.
pub fn mentions_to_py<'py>(
    py: Python<'py>,
    mentions: &[newsgaz::Mention],
    source: &Py<PyString>,
    gazetteer: &Py<Gazetteer>,
) -> PyResult<Bound<'py, PyList>> {
    // Straight into the list: no vector of records in between.
    let records = mentions
        .iter()
        .map(|m| Mention::new(py, m, source, gazetteer));
    PyList::new(py, records)
}

/// An annotated article: the parsed `article` and what was found in it. Its lists are
/// built once, when it is made. `_repr_html_` renders it in notebooks.
#[pyclass(frozen, module = "newsgaz")]
pub struct AnnotatedArticle {
    /// The article, its quotes with their speakers, its attributions with their entities.
    #[pyo3(get)]
    article: Py<Article>,
    /// Mentions in text order, resolved in context.
    #[pyo3(get)]
    mentions: Py<pyo3::types::PyList>,
    /// One row per entity, most salient first.
    #[pyo3(get)]
    entities: Py<pyo3::types::PyList>,
    /// `(a, b, count)`: entities mentioned together in `count` sentences, `a < b`.
    #[pyo3(get)]
    cooccurrences: Vec<(String, String, usize)>,
    /// The article's text, which the mentions slice.
    #[pyo3(get)]
    text: Py<PyString>,
    inner: newsgaz::AnnotatedArticle,
}

impl AnnotatedArticle {
    fn new(
        py: Python<'_>,
        inner: newsgaz::AnnotatedArticle,
        gazetteer: &Py<Gazetteer>,
    ) -> PyResult<AnnotatedArticle> {
        let article = Spans::of_annotated(&inner).article(py, inner.article(), Some(&inner))?;
        let text = PyString::new(py, inner.text()).unbind();
        let mentions = mentions_to_py(py, &inner.mentions, &text, gazetteer)?;
        let entities = inner
            .entities
            .iter()
            .map(|e| Py::new(py, EntitySummary::new(e, &inner)))
            .collect::<PyResult<Vec<_>>>()?;
        let id = |e| inner.entry(e).id.clone();
        let cooccurrences = inner
            .cooccurrences
            .iter()
            .map(|c| (id(c.a), id(c.b), c.count))
            .collect();
        Ok(AnnotatedArticle {
            article: Py::new(py, article)?,
            mentions: mentions.unbind(),
            entities: pyo3::types::PyList::new(py, entities)?.unbind(),
            cooccurrences,
            text,
            inner,
        })
    }
}

#[pymethods]
impl AnnotatedArticle {
    #[getter]
    fn id(&self) -> Option<String> {
        self.inner.article().id.clone()
    }

    #[getter]
    fn source(&self) -> &str {
        self.inner.source()
    }

    #[getter]
    fn title(&self) -> Option<String> {
        self.inner.article().title.clone()
    }

    /// Quotations in text order, each with its `speaker` (the article's quotes).
    #[getter]
    fn quotes(&self, py: Python<'_>) -> Vec<Py<Quote>> {
        self.article.get().quotes(py)
    }

    /// Credited sources in text order, each with its `entity` (the article's).
    #[getter]
    fn attributions(&self, py: Python<'_>) -> Vec<Py<Attribution>> {
        self.article.get().attributions(py)
    }

    /// The record as one JSON object (the line `newsgaz tag` prints; byte offsets in
    /// `start`/`end`, `str` indices in `char_start`/`char_end`).
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
        let title = self.inner.article().title.as_deref();
        format!(
            "AnnotatedArticle(title={}, mentions={}, entities={})",
            title.map_or("None".into(), |t| format!("{t:?}")),
            self.inner.mentions.len(),
            self.inner.entities.len()
        )
    }
}
