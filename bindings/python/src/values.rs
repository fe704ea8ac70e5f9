//! Records that behave as values: equal when their states are, hashed by them, and made
//! into dicts from them. A record's state is one tuple of plain Python values (and
//! nested records), in the order of its fields.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::article::{Attribution, Quote, SpeechCue};
use crate::records::{EntitySummary, Speaker};

/// `__eq__` of a record whose state is `mine`: true when `other` is of the same class
/// with an equal state.
pub fn by_value<'py, T>(
    mine: Bound<'py, PyTuple>,
    other: &Bound<'py, PyAny>,
    state: impl FnOnce(&T) -> PyResult<Bound<'py, PyTuple>>,
) -> PyResult<bool>
where
    T: pyo3::PyClass<Frozen = pyo3::pyclass::boolean_struct::True> + Sync,
{
    match other.downcast::<T>() {
        Ok(other) => mine.eq(state(other.get())?),
        Err(_) => Ok(false),
    }
}

/// A dict of `names` to the values of `state`, nested records as dicts.
pub fn dict_of<'py>(
    py: Python<'py>,
    names: &[&str],
    state: &Bound<'py, PyTuple>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in names.iter().zip(state.iter()) {
        let value = if value.hasattr(pyo3::intern!(py, "to_dict"))? {
            value.call_method0(pyo3::intern!(py, "to_dict"))?
        } else {
            value
        };
        dict.set_item(name, value)?;
    }
    Ok(dict)
}

/// `Class(name=value, ...)` with Python's reprs of the values, as a dataclass shows
/// itself; `values` is a tuple in the order of `names`.
pub fn repr<'py>(
    py: Python<'py>,
    class: &str,
    names: &[&str],
    values: impl IntoPyObject<'py, Target = PyTuple, Output = Bound<'py, PyTuple>>,
) -> PyResult<String> {
    let values = values.into_pyobject(py).map_err(Into::into)?;
    let mut fields = Vec::with_capacity(names.len());
    for (name, value) in names.iter().zip(values.iter()) {
        fields.push(format!("{name}={}", value.repr()?));
    }
    Ok(format!("{class}({})", fields.join(", ")))
}

/// Unpickling helper of the plain records: `kind` rebuilt from its state.
#[pyfunction]
pub fn _record(py: Python<'_>, kind: &str, state: &Bound<'_, PyTuple>) -> PyResult<Py<PyAny>> {
    let record = match kind {
        "EntitySummary" => Py::new(py, EntitySummary::from_state(state)?)?.into_any(),
        "Speaker" => Py::new(py, Speaker::from_state(state)?)?.into_any(),
        "Quote" => Py::new(py, Quote::from_state(state)?)?.into_any(),
        "SpeechCue" => Py::new(py, SpeechCue::from_state(state)?)?.into_any(),
        "Attribution" => Py::new(py, Attribution::from_state(state)?)?.into_any(),
        other => {
            return Err(crate::errors::NewsgazError::new_err(format!(
                "no record kind {other:?}"
            )))
        }
    };
    Ok(record)
}
