//! Python data to and from the core's serde types (through `pythonize`), for options,
//! records and metadata.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;

use crate::errors::NewsgazError;

/// Plain Python data (None, bool, int, float, str, list, tuple, dict) as JSON; `what`
/// names the argument in the error.
pub fn py_to_json(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Value> {
    pythonize::depythonize(obj).map_err(|e| {
        if let Some((path, number)) = out_of_range(obj) {
            return NewsgazError::new_err(format!(
                "{what}: {path}: the number {number} is out of range (whole numbers must fit in 64 bits)"
            ));
        }
        let kind = obj
            .get_type()
            .name()
            .map_or_else(|_| "?".into(), |n| n.to_string());
        NewsgazError::new_err(format!("{what}: cannot read a {kind} as JSON data: {e}"))
    })
}

/// Where in plain Python data an int too large for JSON's 64 bits stands (`["acronym_max_len"]`,
/// `[3]["attributes"]["population"]`), and the int; walked with an explicit stack, as data
/// may nest deep.
fn out_of_range(obj: &Bound<'_, PyAny>) -> Option<(String, String)> {
    use pyo3::types::{PyInt, PyList, PyTuple};
    let mut stack = vec![(obj.clone(), String::new())];
    while let Some((value, path)) = stack.pop() {
        if let Ok(dict) = value.downcast::<PyDict>() {
            for (k, v) in dict.iter() {
                stack.push((v, format!("{path}[{}]", k.repr().ok()?)));
            }
        } else if let Ok(list) = value.downcast::<PyList>() {
            for (i, v) in list.iter().enumerate() {
                stack.push((v, format!("{path}[{i}]")));
            }
        } else if let Ok(tuple) = value.downcast::<PyTuple>() {
            for (i, v) in tuple.iter().enumerate() {
                stack.push((v, format!("{path}[{i}]")));
            }
        } else if value.downcast::<PyInt>().is_ok()
            && value.extract::<i64>().is_err()
            && value.extract::<u64>().is_err()
        {
            return Some((path, value.str().ok()?.to_string()));
        }
    }
    None
}

/// A serialisable core value as plain Python data (dicts, lists, str, numbers, None).
pub fn to_python<T: serde::Serialize>(py: Python<'_>, value: &T) -> PyResult<Py<PyAny>> {
    pythonize::pythonize(py, value)
        .map(Bound::unbind)
        .map_err(|e| NewsgazError::new_err(e.to_string()))
}

/// Keyword options parsed into a core options struct (unknown keys are errors). They go
/// through JSON so that types are checked strictly (`"yes"` is not a bool), exactly as
/// when the CLI or a pickle hands them over.
pub fn options<T: serde::de::DeserializeOwned + Default>(
    what: &str,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<T> {
    match options {
        Some(dict) => serde_json::from_value(py_to_json(dict.as_any(), what)?)
            .map_err(|e| crate::errors::invalid_options(what, e)),
        None => Ok(T::default()),
    }
}

/// A core span as `(start, end)` `str` indices.
pub fn chars(span: newsgaz::TextSpan) -> (usize, usize) {
    (span.char_start, span.char_end)
}
