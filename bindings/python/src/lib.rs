//! Python bindings for newsgaz. This crate converts; the core computes. One module per
//! concept; this file only registers them.

mod annotate;
mod article;
mod convert;
mod errors;
mod frames;
mod gazetteer;
mod matcher;
mod records;
mod run;
mod values;

use pyo3::prelude::*;

/// mimalloc keeps freed pages for reuse: a search that builds its result vectors afresh
/// each call otherwise pays page faults for them every time (a fifth of the time of a
/// `find` with 100,000 mentions, measured), and glibc's consolidation of small frees.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What `__reduce__` returns: a callable and its arguments.
type Reduced<Args> = (Py<PyAny>, Args);

/// A `__reduce__` result: the module's unpickling helper `helper` called with `args`.
fn reduced<Args>(py: Python<'_>, helper: &str, args: Args) -> PyResult<Reduced<Args>> {
    let rebuild = py.import("newsgaz._newsgaz")?.getattr(helper)?.unbind();
    Ok((rebuild, args))
}

/// Unpickling helper of the value records: `kind` rebuilt from its state.
#[pyfunction]
fn _record(
    py: Python<'_>,
    kind: &str,
    state: &Bound<'_, pyo3::types::PyTuple>,
) -> PyResult<Py<PyAny>> {
    let record = match kind {
        "EntitySummary" => Py::new(py, records::EntitySummary::from_state(state)?)?.into_any(),
        "Speaker" => Py::new(py, records::Speaker::from_state(state)?)?.into_any(),
        "Quote" => Py::new(py, article::Quote::from_state(state)?)?.into_any(),
        "SpeechCue" => Py::new(py, article::SpeechCue::from_state(state)?)?.into_any(),
        "Attribution" => Py::new(py, article::Attribution::from_state(state)?)?.into_any(),
        other => {
            return Err(errors::NewsgazError::new_err(format!(
                "no record kind {other:?}"
            )))
        }
    };
    Ok(record)
}

#[pymodule]
fn _newsgaz(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<gazetteer::Gazetteer>()?;
    m.add_class::<matcher::Matcher>()?;
    m.add_class::<records::Mention>()?;
    m.add_class::<records::EntitySummary>()?;
    m.add_class::<records::Speaker>()?;
    m.add_class::<article::Article>()?;
    m.add_class::<article::Quote>()?;
    m.add_class::<article::SpeechCue>()?;
    m.add_class::<article::Attribution>()?;
    m.add_class::<annotate::Annotator>()?;
    m.add_class::<annotate::AnnotatedArticle>()?;
    m.add_function(wrap_pyfunction!(article::parse_article, m)?)?;
    m.add_function(wrap_pyfunction!(article::parse_article_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(article::parse_article_json, m)?)?;
    m.add_function(wrap_pyfunction!(article::parse_html, m)?)?;
    m.add_function(wrap_pyfunction!(matcher::_matcher_over_builtin, m)?)?;
    m.add_function(wrap_pyfunction!(matcher::_matcher_from_compiled_cached, m)?)?;
    m.add_function(wrap_pyfunction!(annotate::_annotator_from_options_json, m)?)?;
    m.add_function(wrap_pyfunction!(annotate::_annotated, m)?)?;
    m.add_function(wrap_pyfunction!(article::_article, m)?)?;
    m.add_function(wrap_pyfunction!(article::_read_paths, m)?)?;
    m.add_function(wrap_pyfunction!(records::_mention, m)?)?;
    m.add_function(wrap_pyfunction!(_record, m)?)?;
    m.add_function(wrap_pyfunction!(frames::_columns, m)?)?;
    m.add_function(wrap_pyfunction!(run::_panic_in_core, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("NewsgazError", py.get_type::<errors::NewsgazError>())?;
    m.add("GazetteerError", py.get_type::<errors::GazetteerError>())?;
    m.add("ArticleError", py.get_type::<errors::ArticleError>())?;
    // The extension is private: `newsgaz` is the public module, and its `__all__` the one
    // list of public names.
    m.delattr("__all__")?;
    Ok(())
}
