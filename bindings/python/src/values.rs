//! Records that behave as values: equal when their states are, hashed by them, and made
//! into dicts from them. A record's state is one tuple of plain Python values (and
//! nested records), in the order of its fields.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyTuple};

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
        // Floats to three decimals: short and deterministic.
        let value = match value.downcast::<PyFloat>() {
            Ok(f) => PyFloat::new(py, (f.value() * 1000.0).round() / 1000.0).into_any(),
            Err(_) => value,
        };
        fields.push(format!("{name}={}", value.repr()?));
    }
    Ok(format!("{class}({})", fields.join(", ")))
}

/// Declares a record class that behaves as a value, from its fields alone: the frozen
/// class with a property per field (its doc comment the property's docstring), its state
/// (one tuple, in field order) and `FIELDS`, `from_state`, `to_dict`, `__eq__` and
/// `__hash__` by state, `__reduce__` through `_record`, and `__repr__` showing the fields
/// listed after `repr`. `validate` checks a state read back from a pickle.
macro_rules! value_record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* $field:ident : $ty:ty ),* $(,)?
        }
        repr: [$($shown:ident),* $(,)?];
        $(validate: $validate:path;)?
    ) => {
        $(#[$meta])*
        #[pyclass(frozen, module = "newsgaz", get_all)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty ),*
        }

        impl $name {
            /// The field names, in the order of the state.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// The fields as one tuple: what equality, hashing and pickling use.
            pub fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
                ($(&self.$field,)*).into_pyobject(py)
            }

            /// The record a state describes.
            pub fn from_state(state: &Bound<'_, pyo3::types::PyTuple>) -> PyResult<$name> {
                let ($($field,)*) = state.extract()?;
                let record = $name { $($field),* };
                $($validate(&record)?;)?
                Ok(record)
            }
        }

        #[pymethods]
        impl $name {
            /// The record as a dict of plain values (nested records as dicts).
            pub fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
                $crate::values::dict_of(py, Self::FIELDS, &self.state(py)?)
            }

            fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
                $crate::values::by_value(self.state(py)?, other, |o: &Self| o.state(py))
            }

            fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
                self.state(py)?.hash()
            }

            fn __reduce__(
                &self,
                py: Python<'_>,
            ) -> PyResult<$crate::Reduced<(&'static str, Py<pyo3::types::PyTuple>)>> {
                $crate::reduced(py, "_record", (stringify!($name), self.state(py)?.unbind()))
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let shown = ($(&self.$shown,)*);
                $crate::values::repr(py, stringify!($name), &[$(stringify!($shown)),*], shown)
            }
        }
    };
}
pub(crate) use value_record;
