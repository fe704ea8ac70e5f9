//! `Annotator` and `AnnotatedArticle`.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use std::sync::Arc;

use pyo3::sync::PyOnceLock;

use crate::article::{Article, Attribution, CoreArticle, Quote};
use crate::convert::options;
use crate::errors::{invalid_options, to_py};
use crate::gazetteer::Gazetteer;
use crate::matcher::Matcher;
use crate::records::{check_indices, check_offsets, mentions_to_py, EntitySummary};
use crate::run::{detach, run_interruptible};
use crate::{reduced, Reduced};

/// Annotates articles in context: partial person names, ambiguous aliases, an entity
/// summary, same-sentence pairs and quote speakers. Immutable; share between threads.
#[pyclass(frozen, module = "newsgaz")]
pub struct Annotator {
    /// Shared, never copied: a call borrows it.
    inner: std::sync::Arc<newsgaz::Annotator>,
    matcher: Py<Matcher>,
}

#[pymethods]
impl Annotator {
    /// Keyword options are those of the core's `AnnotateOptions` (`partial_names`,
    /// `partial_given_names`, `people`, `organisations`, `document_rules`, `focus`, `prior`, `role_rule`,
    /// `person_labels`, `place_context`, `place_context_entities`, `overlapping`).
    #[new]
    #[pyo3(
        signature = (matcher, **options),
        text_signature = "(matcher, *, person_labels=['PERSON', 'PER'], partial_names=True, partial_given_names=False, people=True, organisations=True, document_rules=True, focus=True, prior=None, role_rule=False, place_context=True, place_context_entities=['CITY', 'us-state:', 'division:'], overlapping=False)"
    )]
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
        let parsed = match article.downcast::<Article>() {
            Ok(a) => Parsed::Article(Box::new(a.get().core().clone())),
            Err(_) => Parsed::Plain(article.extract().map_err(|_| {
                let kind = article
                    .get_type()
                    .name()
                    .map_or("?".into(), |n| n.to_string());
                pyo3::exceptions::PyTypeError::new_err(format!(
                    "annotate(article): expected an Article or a str, got {kind}"
                ))
            })?),
        };
        let annotator = &*self.inner;
        let source = source.to_owned();
        let inner = run_interruptible(py, move |keep_going| {
            let article = match parsed {
                Parsed::Article(article) => *article,
                Parsed::Plain(text) => newsgaz::Article::parse_plain(text),
            };
            annotator.annotate_interruptible(article, source, keep_going)
        })?;
        AnnotatedArticle::new(py, inner, self.matcher.get().gazetteer_ref())
    }

    /// `annotate` over many items on `threads` threads (None: every core), without the
    /// GIL; results in input order, each with its article's `source` or else its position
    /// (`#0`, `#1`, ...).
    ///
    /// An item is an `Article`, a `str` in the plain layout, or a dict with the field
    /// names feeds use (`title`, `text`, `url`...). With `errors="raise"` (the default)
    /// the first bad item raises; with `errors="return"` its place holds the exception
    /// (a `NewsgazError`, or a `TypeError` for an item of another type) and the others
    /// are annotated. `progress=True` shows a tqdm bar when tqdm is installed. Ctrl-C
    /// stops the batch after the article being finished.
    #[pyo3(signature = (items, *, threads = None, errors = "raise", progress = false))]
    fn annotate_many(
        &self,
        py: Python<'_>,
        items: &Bound<'_, PyAny>,
        threads: Option<usize>,
        errors: &str,
        progress: bool,
    ) -> PyResult<Vec<Py<PyAny>>> {
        let threads = crate::run::threads(py, threads)?;
        let keep_errors = match errors {
            "raise" => false,
            "return" => true,
            other => {
                return Err(crate::errors::NewsgazError::new_err(format!(
                    "errors={other:?}: expected \"raise\" or \"return\""
                )))
            }
        };
        let mut results: Vec<Option<Py<PyAny>>> = Vec::new();
        let mut inputs = Vec::new();
        let mut positions = Vec::new();
        for (i, item) in items.try_iter()?.enumerate() {
            results.push(None);
            let item = item?;
            match input_of(&item, i) {
                Ok(input) => {
                    let named = item.downcast::<Article>().ok();
                    let source = named.and_then(|a| a.get().source.clone());
                    inputs.push((input, source.unwrap_or_else(|| format!("#{i}"))));
                    positions.push(i);
                }
                Err(e) if keep_errors => results[i] = Some(e.into_value(py).into_any()),
                Err(e) => return Err(e),
            }
        }
        let bar = progress_bar(py, progress, results.len())?;
        let annotator = &self.inner;
        let gazetteer = self.matcher.get().gazetteer_ref();
        // Each result is made with the GIL as soon as it is ready, while the other
        // threads go on; a pending Ctrl-C stops the batch there.
        detach(py, || {
            annotator.annotate_each(inputs, threads, |k, outcome| {
                Python::attach(|py| {
                    py.check_signals()?;
                    let result = match outcome {
                        Ok(inner) => {
                            Py::new(py, AnnotatedArticle::new(py, inner, gazetteer)?)?.into_any()
                        }
                        Err(e) if keep_errors => to_py(e).into_value(py).into_any(),
                        Err(e) => return Err(to_py(e)),
                    };
                    results[positions[k]] = Some(result);
                    if let Some(bar) = &bar {
                        bar.call_method1(py, "update", (1,))?;
                    }
                    PyResult::Ok(())
                })
            })
        })
        .and_then(|done| done)
        .inspect_err(|_| close(py, &bar))?;
        close(py, &bar);
        Ok(results
            .into_iter()
            .map(|r| r.expect("every item has a result"))
            .collect())
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

    /// Equal when their matchers are and their options are.
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.downcast::<Annotator>().is_ok_and(|o| {
            let o = o.get();
            self.inner.options() == o.inner.options() && self.matcher.get().same(o.matcher.get())
        })
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        let matcher = self.matcher.bind(py).hash()?;
        (matcher, self.options_json()).into_pyobject(py)?.hash()
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
        Annotator {
            inner: std::sync::Arc::new(inner),
            matcher,
        }
    }
}

/// What `annotate` was given: a parsed article, or a text to parse without the GIL.
enum Parsed {
    Article(Box<newsgaz::Article>),
    Plain(String),
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

/// A batch item as the core's input: an `Article`, a `str` or a mapping of feed fields.
fn input_of(item: &Bound<'_, PyAny>, i: usize) -> PyResult<newsgaz::batch::ArticleInput> {
    if let Ok(a) = item.downcast::<Article>() {
        return Ok(newsgaz::batch::ArticleInput::Parsed(Box::new(
            a.get().core().clone(),
        )));
    }
    if let Ok(text) = item.downcast::<PyString>() {
        return Ok(newsgaz::batch::ArticleInput::Plain(
            text.to_str()?.to_owned(),
        ));
    }
    if item.downcast::<pyo3::types::PyMapping>().is_ok() {
        let value = crate::convert::py_to_json(item, &format!("items[{i}]"))?;
        return Ok(newsgaz::batch::ArticleInput::Json(value));
    }
    let kind = item.get_type().name()?;
    Err(pyo3::exceptions::PyTypeError::new_err(format!(
        "items[{i}]: expected an Article, a str or a dict of feed fields, got {kind}"
    )))
}

/// A tqdm bar of `total` items when asked for and tqdm is installed.
fn progress_bar(py: Python<'_>, wanted: bool, total: usize) -> PyResult<Option<Py<PyAny>>> {
    if !wanted {
        return Ok(None);
    }
    let Ok(tqdm) = py.import("tqdm") else {
        return Ok(None);
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("total", total)?;
    kwargs.set_item("unit", "article")?;
    Ok(Some(
        tqdm.getattr("tqdm")?.call((), Some(&kwargs))?.unbind(),
    ))
}

fn close(py: Python<'_>, bar: &Option<Py<PyAny>>) {
    if let Some(bar) = bar {
        // A bar that cannot close is no reason to lose the results.
        let _ = bar.call_method0(py, "close");
    }
}

/// Unpickling helper: an annotated article from its snapshot.
#[pyfunction]
pub fn _annotated(py: Python<'_>, snapshot: &[u8]) -> PyResult<AnnotatedArticle> {
    let inner = py
        .detach(|| newsgaz::AnnotatedArticle::from_snapshot(snapshot))
        .map_err(crate::errors::to_py)?;
    let gazetteer = Py::new(py, Gazetteer::shared(inner.gazetteer().clone()))?;
    AnnotatedArticle::new(py, inner, &gazetteer)
}

/// An annotated article: the parsed `article` and what was found in it. A view over the
/// core's annotation, shared: its lists are made when first asked for, then kept.
/// `_repr_html_` renders it in notebooks.
#[pyclass(frozen, module = "newsgaz")]
pub struct AnnotatedArticle {
    pub(crate) inner: Arc<newsgaz::AnnotatedArticle>,
    /// The gazetteer the entities come from (the mentions share its strings).
    gazetteer: Py<Gazetteer>,
    article: PyOnceLock<Py<Article>>,
    mentions: PyOnceLock<Py<PyList>>,
    entities: PyOnceLock<Py<PyList>>,
}

impl AnnotatedArticle {
    fn new(
        py: Python<'_>,
        inner: newsgaz::AnnotatedArticle,
        gazetteer: &Py<Gazetteer>,
    ) -> PyResult<AnnotatedArticle> {
        // Checked now, so that a bad record fails where it is made, not when read.
        check_indices(&inner.mentions)?;
        check_offsets(&inner.mentions, inner.text().len())?;
        Ok(AnnotatedArticle {
            inner: Arc::new(inner),
            gazetteer: gazetteer.clone_ref(py),
            article: PyOnceLock::new(),
            mentions: PyOnceLock::new(),
            entities: PyOnceLock::new(),
        })
    }

    fn article_view(&self, py: Python<'_>) -> PyResult<&Py<Article>> {
        self.article.get_or_try_init(py, || {
            let core = CoreArticle::Annotated(Arc::clone(&self.inner));
            Py::new(py, Article::new(core, None))
        })
    }
}

#[pymethods]
impl AnnotatedArticle {
    /// The article, its quotes with their speakers, its attributions with their entities.
    #[getter]
    fn article(&self, py: Python<'_>) -> PyResult<Py<Article>> {
        Ok(self.article_view(py)?.clone_ref(py))
    }

    /// The article's text, which the mentions slice.
    #[getter]
    fn text(&self, py: Python<'_>) -> PyResult<Py<PyString>> {
        Ok(self.article_view(py)?.get().text_str(py).clone_ref(py))
    }

    /// Mentions in text order, resolved in context.
    #[getter]
    fn mentions(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        let mentions = self.mentions.get_or_try_init(py, || {
            let text = self.article_view(py)?.get().text_str(py);
            let source = (text, self.inner.text().len());
            let people = self.inner.people();
            let list = mentions_to_py(py, &self.inner.mentions, source, &self.gazetteer, people)?;
            PyResult::Ok(list.unbind())
        })?;
        Ok(mentions.clone_ref(py))
    }

    /// One row per entity, most salient first.
    #[getter]
    fn entities(&self, py: Python<'_>) -> PyResult<Py<PyList>> {
        let entities = self.entities.get_or_try_init(py, || {
            let rows = self.inner.entities.iter();
            let rows = rows.map(|e| Py::new(py, EntitySummary::new(e, &self.inner)));
            PyResult::Ok(PyList::new(py, rows.collect::<PyResult<Vec<_>>>()?)?.unbind())
        })?;
        Ok(entities.clone_ref(py))
    }

    /// `(a, b, count)`: entities mentioned together in `count` sentences, `a < b`.
    #[getter]
    fn cooccurrences(&self) -> Vec<(&str, &str, usize)> {
        let id = |e| self.inner.entry(e).id.as_str();
        let pairs = self.inner.cooccurrences.iter();
        pairs.map(|c| (id(c.a), id(c.b), c.count)).collect()
    }

    /// The article's id, if any.
    #[getter]
    fn id(&self) -> Option<String> {
        self.inner.article().id.clone()
    }

    /// Where the article was read from, or its position in a batch (`#0`), or `<text>`.
    #[getter]
    fn source(&self) -> &str {
        self.inner.source()
    }

    /// The article's title, if any.
    #[getter]
    fn title(&self) -> Option<String> {
        self.inner.article().title.clone()
    }

    /// The people found in the text that the gazetteer does not list, as dicts with
    /// `id` (`person:~…`, of this article alone), `name`, `label` and `evidence`.
    #[getter]
    fn people<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let people = self.inner.people().iter().map(|e| {
            let dict = PyDict::new(py);
            dict.set_item("id", &e.id)?;
            dict.set_item("name", &e.name)?;
            dict.set_item("label", &e.label)?;
            let evidence: Vec<&str> = e
                .attributes
                .get("evidence")
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
                .unwrap_or_default();
            dict.set_item("evidence", evidence)?;
            Ok(dict)
        });
        PyList::new(py, people.collect::<PyResult<Vec<_>>>()?)
    }

    /// Where the article is about, as a dict: `countries`, dicts with `code`, `entity`
    /// and `name` (of the country's own entry, `None` when the gazetteer lists none),
    /// `score` and `mentions`; and `places` (other than countries), dicts with `entity`,
    /// `name`, `label`, `country`, `score` and `mentions`. Most weighed first; the
    /// scores of each list add up to 1.
    #[getter]
    fn focus<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let focus = &self.inner.focus;
        let countries = focus.countries.iter().map(|c| {
            let dict = PyDict::new(py);
            let entry = c.entity.map(|e| self.inner.entry(e));
            dict.set_item("code", &c.code)?;
            dict.set_item("entity", entry.map(|e| &e.id))?;
            dict.set_item("name", entry.map(|e| &e.name))?;
            dict.set_item("score", c.score)?;
            dict.set_item("mentions", c.mentions)?;
            Ok(dict)
        });
        let places = focus.places.iter().map(|p| {
            let dict = PyDict::new(py);
            let entry = self.inner.entry(p.entity);
            dict.set_item("entity", &entry.id)?;
            dict.set_item("name", &entry.name)?;
            dict.set_item("label", &entry.label)?;
            dict.set_item("country", entry.country_code())?;
            dict.set_item("score", p.score)?;
            dict.set_item("mentions", p.mentions)?;
            Ok(dict)
        });
        let dict = PyDict::new(py);
        dict.set_item("countries", countries.collect::<PyResult<Vec<_>>>()?)?;
        dict.set_item("places", places.collect::<PyResult<Vec<_>>>()?)?;
        Ok(dict)
    }

    /// Quotations in text order, each with its `speaker` (the article's quotes).
    #[getter]
    fn quotes(&self, py: Python<'_>) -> PyResult<Vec<Py<Quote>>> {
        self.article_view(py)?.get().quotes(py)
    }

    /// Credited sources in text order, each with its `entity` (the article's).
    #[getter]
    fn attributions(&self, py: Python<'_>) -> PyResult<Vec<Py<Attribution>>> {
        self.article_view(py)?.get().attributions(py)
    }

    /// The record as one JSON object (the line `newsgaz tag` prints; byte offsets in
    /// `start`/`end`, `str` indices in `char_start`/`char_end`).
    fn to_json(&self) -> String {
        serde_json::to_string(&*self.inner).expect("annotated articles serialise")
    }

    /// The record as a dict of plain values: the article's fields (`str`-index spans),
    /// `source`, `mentions` and `entities` as lists of dicts, `cooccurrences` and
    /// `focus`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = self.article_view(py)?.get().to_dict(py)?;
        dict.set_item("source", self.inner.source())?;
        let mentions = self.mentions(py)?;
        let mentions = mentions.bind(py).iter().map(|m| m.call_method0("to_dict"));
        dict.set_item(
            "mentions",
            PyList::new(py, mentions.collect::<PyResult<Vec<_>>>()?)?,
        )?;
        let entities = self.entities(py)?;
        let entities = entities.bind(py).iter().map(|e| e.call_method0("to_dict"));
        dict.set_item(
            "entities",
            PyList::new(py, entities.collect::<PyResult<Vec<_>>>()?)?,
        )?;
        dict.set_item("cooccurrences", self.cooccurrences())?;
        dict.set_item("focus", self.focus(py)?)?;
        Ok(dict)
    }

    /// Equal when their JSON records are: the same article, source and findings,
    /// whatever gazetteer object the entity ids come from.
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .downcast::<AnnotatedArticle>()
            .is_ok_and(|o| self.to_json() == o.get().to_json())
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        PyString::new(py, &self.to_json()).hash()
    }

    /// Pickled as a snapshot: the article, the findings and the entries they name (the
    /// built-in gazetteer by name), so a result pickles small whatever its gazetteer.
    fn __reduce__(&self, py: Python<'_>) -> PyResult<Reduced<(Py<PyBytes>,)>> {
        let bytes = PyBytes::new(py, &self.inner.to_snapshot()).unbind();
        reduced(py, "_annotated", (bytes,))
    }

    /// A pandas DataFrame of this article's `mentions`, `entities` or `quotes` (see
    /// `newsgaz.to_pandas`).
    #[pyo3(signature = (what = "mentions"))]
    fn to_pandas<'py>(slf: &Bound<'py, Self>, what: &str) -> PyResult<Bound<'py, PyAny>> {
        let frames = slf.py().import("newsgaz.frames")?;
        frames.call_method1("to_pandas", (slf, what))
    }

    /// A pyarrow Table of this article's `mentions`, `entities` or `quotes` (see
    /// `newsgaz.to_arrow`).
    #[pyo3(signature = (what = "mentions"))]
    fn to_arrow<'py>(slf: &Bound<'py, Self>, what: &str) -> PyResult<Bound<'py, PyAny>> {
        let frames = slf.py().import("newsgaz.frames")?;
        frames.call_method1("to_arrow", (slf, what))
    }

    /// An HTML fragment: mentions highlighted by label, a legend, the entity table.
    fn to_html(&self) -> String {
        self.inner.to_html()
    }

    fn _repr_html_(&self) -> String {
        self.inner.to_html()
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let names = ["source", "title", "mentions", "entities"];
        let values = (
            self.inner.source(),
            &self.inner.article().title,
            self.inner.mentions.len(),
            self.inner.entities.len(),
        );
        crate::values::repr(py, "AnnotatedArticle", &names, values)
    }
}
