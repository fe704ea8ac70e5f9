//! `Gazetteer`: a validated list of entities.

use std::sync::Arc;

use pyo3::prelude::*;
use serde_json::Value;

use crate::convert::py_to_json;
use crate::errors::to_py;
use crate::Reduced;

/// A validated list of entities (id, name, label, aliases, attributes).
#[pyclass(frozen, module = "newsgaz")]
pub struct Gazetteer {
    pub inner: Arc<newsgaz::Gazetteer>,
}

#[pymethods]
impl Gazetteer {
    /// Builds a gazetteer from dicts with keys id, name, label, aliases (optional).
    #[staticmethod]
    fn from_records(records: &Bound<'_, PyAny>) -> PyResult<Gazetteer> {
        let values = records
            .try_iter()?
            .map(|item| py_to_json(&item?, "a gazetteer record"))
            .collect::<PyResult<Vec<Value>>>()?;
        let inner = newsgaz::Gazetteer::from_values(values, "<records>").map_err(to_py)?;
        Ok(Gazetteer::from(inner))
    }

    /// Loads a JSON Lines file.
    #[staticmethod]
    fn from_jsonl(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Gazetteer> {
        let inner = py
            .detach(|| newsgaz::Gazetteer::from_jsonl_path(path))
            .map_err(to_py)?;
        Ok(Gazetteer::from(inner))
    }

    /// The built-in gazetteer: countries, cities, regions, US states and organisations
    /// (loaded once, then shared).
    #[staticmethod]
    fn default(py: Python<'_>) -> Gazetteer {
        static BUILTIN: std::sync::OnceLock<Arc<newsgaz::Gazetteer>> = std::sync::OnceLock::new();
        let inner = py.detach(|| {
            BUILTIN
                .get_or_init(|| Arc::new(newsgaz::Gazetteer::builtin().clone()))
                .clone()
        });
        Gazetteer { inner }
    }

    /// Parses JSON Lines text.
    #[staticmethod]
    fn from_jsonl_str(text: &str) -> PyResult<Gazetteer> {
        let inner = newsgaz::Gazetteer::from_jsonl_str(text, "<string>").map_err(to_py)?;
        Ok(Gazetteer::from(inner))
    }

    /// This gazetteer's entries first, then `base`'s entries whose ids it does not use
    /// (for example `mine.overlay(Gazetteer.default())`).
    fn overlay(&self, py: Python<'_>, base: &Gazetteer) -> Gazetteer {
        let (yours, base) = (self.inner.clone(), base.inner.clone());
        let inner = py.detach(|| Arc::new(Arc::unwrap_or_clone(yours).overlay(&base)));
        Gazetteer { inner }
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

impl From<newsgaz::Gazetteer> for Gazetteer {
    fn from(inner: newsgaz::Gazetteer) -> Gazetteer {
        Gazetteer {
            inner: Arc::new(inner),
        }
    }
}
