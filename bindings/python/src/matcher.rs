//! `Matcher`: a compiled matcher, searched for mentions.

use pyo3::prelude::*;
use std::collections::HashMap;
use std::sync::Mutex;

use pyo3::types::{
    PyBytes, PyDict, PyList, PyString, PyTuple, PyWeakrefMethods, PyWeakrefReference,
};

use crate::convert::options;
use crate::errors::{invalid_options, to_py};
use crate::gazetteer::Gazetteer;
use crate::records::mentions_to_py;
use crate::run::{detach, run_interruptible};
use crate::{reduced, Reduced};

/// A compiled matcher over a gazetteer. Immutable and safe to share between threads.
#[pyclass(frozen, weakref, module = "newsgaz")]
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
    #[pyo3(
        signature = (gazetteer, **options),
        text_signature = "(gazetteer, *, case='smart', acronym_max_len=3, fold_diacritics=True, fold_punctuation=True, fold_whitespace=True, word_boundaries=True)"
    )]
    fn new(
        py: Python<'_>,
        gazetteer: Py<Gazetteer>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Matcher> {
        let options = self::options("matcher", options)?;
        Ok(Matcher::build(py, gazetteer, options))
    }

    /// The matcher over the built-in gazetteer with the default options, loaded from the
    /// embedded compiled tables once a process and shared: ready in milliseconds.
    /// `Matcher(Gazetteer.default())` is the same matcher.
    #[staticmethod]
    fn builtin(py: Python<'_>) -> PyResult<Matcher> {
        let inner = py.detach(newsgaz::Matcher::builtin);
        Matcher::wrap(py, inner)
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
        // On this thread, without the GIL, Ctrl-C honoured between mebibytes. (A thread of
        // its own made a 5 MB `find` about a third slower.)
        let mentions = run_interruptible(py, |keep_going| {
            annotator.text_mentions_interruptible(str, keep_going)
        })?;
        mentions_to_py(py, &mentions, (&text, str.len()), &self.gazetteer, &[])
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
        let threads = crate::run::threads(py, threads)?;
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
        detach(py, || {
            annotator.text_mentions_each(&strs, threads, |i, mentions| {
                Python::attach(|py| {
                    py.check_signals()?;
                    let source = (&texts[i], strs[i].len());
                    lists.push(mentions_to_py(py, &mentions, source, gazetteer, &[])?.unbind());
                    PyResult::Ok(())
                })
            })
        })??;
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
        let columns = detach(py, || {
            let found = if overlapping {
                self.inner.find_overlapping_iter(text)
            } else {
                self.inner.find_iter(text)
            };
            // Matches come in text order: one pass counts their code points.
            let mut chars = newsgaz::offsets::CharCursor::new(text);
            let mut columns = [Vec::new(), Vec::new(), Vec::new()];
            for m in found {
                let span = chars.text_span(m.span());
                for (column, value) in
                    columns
                        .iter_mut()
                        .zip([span.char_start, span.char_end, m.entity().as_usize()])
                {
                    column.extend_from_slice(&(value as i64).to_ne_bytes());
                }
            }
            columns
        })?;
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
        format!(
            "Matcher({} entries, {})",
            self.inner.gazetteer().len(),
            self.options_json()
        )
    }

    /// This matcher as a compiled gazetteer file's bytes: its options, gazetteer and
    /// search tables, which `Matcher.from_compiled` loads without building. Write them
    /// to a file for `newsgaz tag --gazetteer FILE`.
    fn to_compiled<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let bytes = py.detach(|| self.inner.to_compiled());
        PyBytes::new(py, &bytes)
    }

    /// Loads a matcher from a compiled gazetteer file's bytes (`Matcher.to_compiled`,
    /// `newsgaz gazetteer compile`). A file of another format version, truncated or
    /// corrupted raises `GazetteerError` saying which.
    #[staticmethod]
    fn from_compiled(py: Python<'_>, data: &[u8]) -> PyResult<Matcher> {
        let inner = py
            .detach(|| newsgaz::Matcher::from_compiled(data, "<bytes>"))
            .map_err(to_py)?;
        Matcher::wrap(py, inner)
    }

    /// Reads a compiled gazetteer file (see `from_compiled`).
    #[staticmethod]
    fn from_compiled_path(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Matcher> {
        let inner = py
            .detach(|| newsgaz::Matcher::from_compiled_path(path))
            .map_err(to_py)?;
        Matcher::wrap(py, inner)
    }

    /// Equal when built from equal gazetteers with equal options.
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .downcast::<Matcher>()
            .is_ok_and(|o| self.same(o.get()))
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        let gazetteer = self.gazetteer.bind(py).hash()?;
        (gazetteer, self.options_json()).into_pyobject(py)?.hash()
    }

    /// Pickled compiled (the tables travel, nothing is rebuilt), and over the built-in
    /// gazetteer by its options alone (a few hundred bytes). Unpickling the same bytes
    /// again in a process gives the matcher loaded the first time, while it is alive.
    fn __reduce__(&self, py: Python<'_>) -> PyResult<Reduced<Py<PyTuple>>> {
        if self.gazetteer.get().is_builtin() {
            let options = PyTuple::new(py, [self.options_json()])?.unbind();
            return reduced(py, "_matcher_over_builtin", options);
        }
        let bytes = PyTuple::new(py, [self.to_compiled(py)])?.unbind();
        reduced(py, "_matcher_from_compiled_cached", bytes)
    }
}

impl Matcher {
    /// Built from equal gazetteers with equal options.
    pub fn same(&self, other: &Matcher) -> bool {
        let (mine, theirs) = (self.inner.gazetteer(), other.inner.gazetteer());
        self.inner.options() == other.inner.options()
            && (std::sync::Arc::ptr_eq(mine, theirs) || mine == theirs)
    }
}

/// Unpickling helper: a matcher over the built-in gazetteer with options given as JSON,
/// built once per process while alive (with the default options it is the embedded one).
#[pyfunction]
pub fn _matcher_over_builtin(py: Python<'_>, options: &str) -> PyResult<Py<Matcher>> {
    once_per_process(py, &[b"builtin:", options.as_bytes()], || {
        let options = serde_json::from_str(options).map_err(|e| invalid_options("matcher", e))?;
        let gazetteer = Py::new(py, Gazetteer::shared(newsgaz::Gazetteer::builtin().clone()))?;
        Ok(Matcher::build(py, gazetteer, options))
    })
}

/// Unpickling helper: the matcher of compiled `data`, loaded once per process while alive.
#[pyfunction]
pub fn _matcher_from_compiled_cached(py: Python<'_>, data: &[u8]) -> PyResult<Py<Matcher>> {
    once_per_process(py, &[b"compiled:", data], || {
        Matcher::from_compiled(py, data)
    })
}

/// Matchers unpickled in this process, by a hash of what they were unpickled from, held
/// weakly: a worker handed the same pickled matcher for every task makes it once.
static UNPICKLED: Mutex<Option<WeakMatchers>> = Mutex::new(None);

/// Matchers by (hash, length) of the bytes they were unpickled from.
type WeakMatchers = HashMap<(u64, usize), Py<PyWeakrefReference>>;

/// The live matcher unpickled from `parts` (concatenated), or a new one from `make`.
fn once_per_process(
    py: Python<'_>,
    parts: &[&[u8]],
    make: impl FnOnce() -> PyResult<Matcher>,
) -> PyResult<Py<Matcher>> {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher =
        std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default()
            .build_hasher();
    parts.iter().for_each(|p| hasher.write(p));
    let key = (hasher.finish(), parts.iter().map(|p| p.len()).sum());
    let cached = {
        let cache = UNPICKLED.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .as_ref()
            .and_then(|c| c.get(&key))
            .map(|w| w.clone_ref(py))
    };
    if let Some(alive) = cached.and_then(|w| w.bind(py).upgrade_as::<Matcher>().ok().flatten()) {
        return Ok(alive.unbind());
    }
    let matcher = Py::new(py, make()?)?;
    let weak = PyWeakrefReference::new(matcher.bind(py).as_any())?.unbind();
    let mut cache = UNPICKLED.lock().unwrap_or_else(|e| e.into_inner());
    let cache = cache.get_or_insert_with(HashMap::new);
    // Forget the matchers that are gone, so the cache stays as small as what is alive.
    cache.retain(|_, w| w.bind(py).upgrade().is_some());
    cache.insert(key, weak);
    Ok(matcher)
}

impl Matcher {
    /// A Python matcher around a loaded core one (its gazetteer wrapped anew).
    fn wrap(py: Python<'_>, inner: newsgaz::Matcher) -> PyResult<Matcher> {
        let gazetteer = Py::new(py, Gazetteer::shared(inner.gazetteer().clone()))?;
        let plain = py.detach(|| Matcher::plain_annotators(&inner));
        Ok(Matcher {
            inner,
            gazetteer,
            plain,
        })
    }

    /// The annotators `find` runs: matches only, leftmost-longest, and every match.
    fn plain_annotators(inner: &newsgaz::Matcher) -> [newsgaz::Annotator; 2] {
        let mut overlapping = newsgaz::AnnotateOptions::plain();
        overlapping.overlapping = true;
        [
            newsgaz::Annotator::with_options(inner.clone(), newsgaz::AnnotateOptions::plain()),
            newsgaz::Annotator::with_options(inner.clone(), overlapping),
        ]
    }

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
            let plain = Matcher::plain_annotators(&inner);
            (inner, plain)
        });
        Matcher {
            inner,
            gazetteer,
            plain,
        }
    }
}
