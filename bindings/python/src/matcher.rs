//! `Matcher`: a compiled matcher, searched for mentions.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};

use crate::annotate::mentions_to_py;
use crate::convert::options;
use crate::errors::invalid_options;
use crate::gazetteer::Gazetteer;
use crate::{reduced, Reduced};

/// A compiled matcher over a gazetteer. Immutable and safe to share between threads.
#[pyclass(frozen, module = "newsgaz")]
pub struct Matcher {
    pub inner: newsgaz::Matcher,
    gazetteer: Py<Gazetteer>,
    /// Matches only, leftmost-longest; and every match, overlapping ones included.
    plain: [newsgaz::Annotator; 2],
}

#[pymethods]
impl Matcher {
    /// Compiles a matcher; keyword options are those of the core's `MatcherOptions`:
    /// `case` ("smart", "insensitive" or "exact"), `acronym_max_len`, `fold_diacritics`,
    /// `fold_punctuation`, `fold_whitespace`, `word_boundaries`.
    #[new]
    #[pyo3(signature = (gazetteer, **options))]
    fn new(
        py: Python<'_>,
        gazetteer: Py<Gazetteer>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Matcher> {
        let options = self::options("matcher", options)?;
        Ok(Matcher::build(py, gazetteer, options))
    }

    /// The options as a JSON object string.
    fn options_json(&self) -> String {
        serde_json::to_string(self.inner.options()).expect("options serialise")
    }

    /// Finds mentions in `text`; `start`/`end` are `str` indices. Leftmost-longest
    /// mentions, or with `overlapping=True` every match, ordered by start then end.
    #[pyo3(signature = (text, *, overlapping = false))]
    fn find<'py>(
        &self,
        py: Python<'py>,
        text: Py<PyString>,
        overlapping: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let annotator = &self.plain[usize::from(overlapping)];
        let str = text.bind(py).to_str()?;
        let mentions = py.detach(|| annotator.text_mentions(str));
        mentions_to_py(py, &mentions, &text, &self.gazetteer)
    }

    /// `find` over many texts on `threads` threads (None: every core), without the GIL;
    /// one list of mentions per text, in input order.
    #[pyo3(signature = (texts, *, overlapping = false, threads = None))]
    fn find_many(
        &self,
        py: Python<'_>,
        texts: Vec<Py<PyString>>,
        overlapping: bool,
        threads: Option<usize>,
    ) -> PyResult<Vec<Py<PyList>>> {
        // The texts are read in place, not copied.
        let annotator = &self.plain[usize::from(overlapping)];
        let strs = texts
            .iter()
            .map(|t| t.bind(py).to_str())
            .collect::<PyResult<Vec<&str>>>()?;
        let mut lists = Vec::with_capacity(texts.len());
        let gazetteer = &self.gazetteer;
        // Each text's records are made with the GIL as soon as its mentions are found,
        // while the other threads go on searching; a pending Ctrl-C stops the batch there.
        py.detach(|| {
            annotator.text_mentions_each(&strs, threads, |i, mentions| {
                Python::attach(|py| {
                    py.check_signals()?;
                    lists.push(mentions_to_py(py, &mentions, &texts[i], gazetteer)?.unbind());
                    PyResult::Ok(())
                })
            })
        })?;
        Ok(lists)
    }

    /// Finds mentions in `text` as three columns: `(starts, ends, entities)`, each an
    /// `array.array("q")` (64-bit ints), one element per mention, in the order of `find`.
    /// `starts`/`ends` are `str` indices; `entities` index the gazetteer's entries (see
    /// `Gazetteer.ids`). No object is made per mention: for bulk work, and zero-copy into
    /// NumPy (`numpy.frombuffer(starts, dtype=numpy.int64)`).
    #[pyo3(signature = (text, *, overlapping = false))]
    fn find_arrays<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        overlapping: bool,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        let columns = py.detach(|| {
            let found = if overlapping {
                self.inner.find_overlapping_iter(text)
            } else {
                self.inner.find_iter(text)
            };
            // Matches come in text order: one pass counts their code points.
            let mut chars = newsgaz::CharCursor::new(text);
            let mut columns = [Vec::new(), Vec::new(), Vec::new()];
            for m in found {
                let span = chars.text_span(m.span());
                for (column, value) in
                    columns
                        .iter_mut()
                        .zip([span.char_start, span.char_end, m.entity().0 as usize])
                {
                    column.extend_from_slice(&(value as i64).to_ne_bytes());
                }
            }
            columns
        });
        let array = py.import("array")?.getattr("array")?;
        let [starts, ends, entities] =
            columns.map(|bytes| array.call1(("q", PyBytes::new(py, &bytes))));
        Ok((starts?, ends?, entities?))
    }

    /// The gazetteer this matcher was built from.
    #[getter]
    fn gazetteer(&self, py: Python<'_>) -> Py<Gazetteer> {
        self.gazetteer.clone_ref(py)
    }

    fn __repr__(&self) -> String {
        format!("Matcher(<{} entries>)", self.inner.gazetteer().len())
    }

    fn __reduce__(&self, py: Python<'_>) -> PyResult<Reduced<(Py<Gazetteer>, String)>> {
        let args = (self.gazetteer.clone_ref(py), self.options_json());
        reduced(py, "_matcher_from_options_json", args)
    }
}

/// Unpickling helper: a matcher from a gazetteer and its options as JSON.
#[pyfunction]
pub fn _matcher_from_options_json(
    py: Python<'_>,
    gazetteer: Py<Gazetteer>,
    options: &str,
) -> PyResult<Matcher> {
    let options = serde_json::from_str(options).map_err(|e| invalid_options("matcher", e))?;
    Ok(Matcher::build(py, gazetteer, options))
}

impl Matcher {
    /// The gazetteer, as the Python object whose strings records share.
    pub fn gazetteer_ref(&self) -> &Py<Gazetteer> {
        &self.gazetteer
    }

    /// Compiles without the GIL.
    fn build(
        py: Python<'_>,
        gazetteer: Py<Gazetteer>,
        options: newsgaz::MatcherOptions,
    ) -> Matcher {
        let shared = gazetteer.get().inner.clone();
        let (inner, plain) = py.detach(|| {
            let inner = newsgaz::Matcher::with_options(shared, options);
            let mut overlapping = newsgaz::AnnotateOptions::plain();
            overlapping.overlapping = true;
            let plain = [
                newsgaz::Annotator::with_options(inner.clone(), newsgaz::AnnotateOptions::plain()),
                newsgaz::Annotator::with_options(inner.clone(), overlapping),
            ];
            (inner, plain)
        });
        Matcher {
            inner,
            gazetteer,
            plain,
        }
    }
}
