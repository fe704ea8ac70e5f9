//! `Gazetteer`: a validated list of entities.

use std::sync::{Arc, OnceLock};

use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};
use serde_json::Value;

use crate::convert::{py_to_json, to_python};
use crate::errors::to_py;
use crate::Reduced;

/// A validated list of entities (id, name, label, aliases, attributes).
#[pyclass(frozen, module = "newsgaz")]
pub struct Gazetteer {
    pub inner: Arc<newsgaz::Gazetteer>,
    /// Each entry's id, name and label as Python strings, made on first use and then
    /// shared by every record that names the entry.
    names: Box<[OnceLock<EntryNames>]>,
}

/// An entry's strings as Python objects.
pub struct EntryNames {
    pub id: Py<PyString>,
    pub name: Py<PyString>,
    pub label: Py<PyString>,
    /// `(id,)`: the candidates of every mention of this entry alone.
    pub alone: Py<PyTuple>,
}

#[pymethods]
impl Gazetteer {
    /// Builds a gazetteer from dicts with keys id, name, label, aliases (optional).
    #[staticmethod]
    fn from_records(records: &Bound<'_, PyAny>) -> PyResult<Gazetteer> {
        if is_data_frame(records) {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "Gazetteer.from_records(records): got a DataFrame, whose rows are not dicts; \
                 use Gazetteer.from_pandas(df, id=..., name=..., label=..., aliases=...)",
            ));
        }
        let py = records.py();
        let mut entries = Vec::new();
        for (i, item) in records.try_iter()?.enumerate() {
            let item = item?;
            let entry = match plain_entry(&item) {
                Some(entry) => entry,
                // Anything else goes through JSON, which names what is wrong and where.
                None => {
                    let at = newsgaz::Location::new("<records>").at_line(i + 1);
                    let value = py_to_json(&item, &at.to_string())?;
                    newsgaz::Entry::from_json(value, &at).map_err(to_py)?
                }
            };
            entries.push(entry);
        }
        let inner = py
            .detach(|| newsgaz::Gazetteer::from_entries(entries, "<records>"))
            .map_err(to_py)?;
        Ok(Gazetteer::from(inner))
    }

    /// Builds a gazetteer from a pandas DataFrame, a row per entry: the columns named by
    /// `id`, `name` and `label` hold strings; `aliases`, if given, names a column of lists
    /// of strings or of `|`-separated strings (missing: none); `attributes` names columns
    /// kept as each entry's attributes (missing values as None).
    #[staticmethod]
    #[pyo3(signature = (df, *, id = "id", name = "name", label = "label", aliases = None, attributes = Vec::new()))]
    fn from_pandas(
        df: &Bound<'_, PyAny>,
        id: &str,
        name: &str,
        label: &str,
        aliases: Option<&str>,
        attributes: Vec<String>,
    ) -> PyResult<Gazetteer> {
        if !is_data_frame(df) {
            let kind = df.get_type().name()?;
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "Gazetteer.from_pandas(df): expected a pandas DataFrame, got {kind}"
            )));
        }
        let present: Vec<String> = df.getattr("columns")?.call_method0("tolist")?.extract()?;
        let column = |wanted: &str| -> PyResult<Vec<Bound<'_, PyAny>>> {
            if !present.iter().any(|c| c == wanted) {
                return Err(crate::errors::GazetteerError::new_err(format!(
                    "<DataFrame>: no column {wanted:?} (columns: {})",
                    present.join(", ")
                )));
            }
            df.get_item(wanted)?.call_method0("tolist")?.extract()
        };
        let (ids, names, labels) = (column(id)?, column(name)?, column(label)?);
        let alias_cells = aliases.map(column).transpose()?;
        let attribute_cells = attributes
            .iter()
            .map(|a| column(a))
            .collect::<PyResult<Vec<_>>>()?;
        let mut values = Vec::with_capacity(ids.len());
        for row in 0..ids.len() {
            let cell = |cells: &[Bound<'_, PyAny>], column: &str| -> PyResult<Value> {
                let value = &cells[row];
                if value.is_none() || is_nan(value) {
                    return Ok(Value::Null);
                }
                py_to_json(value, &format!("<DataFrame> row {row}, column {column:?}"))
            };
            let mut record = serde_json::Map::new();
            record.insert("id".into(), cell(&ids, id)?);
            record.insert("name".into(), cell(&names, name)?);
            record.insert("label".into(), cell(&labels, label)?);
            if let (Some(cells), Some(column)) = (&alias_cells, aliases) {
                let list = match cell(cells, column)? {
                    Value::String(s) if s.trim().is_empty() => Value::Array(Vec::new()),
                    Value::String(s) => s.split('|').map(|a| Value::String(a.into())).collect(),
                    Value::Null => Value::Array(Vec::new()),
                    other => other,
                };
                record.insert("aliases".into(), list);
            }
            let mut extra = serde_json::Map::new();
            for (cells, column) in attribute_cells.iter().zip(&attributes) {
                extra.insert(column.clone(), cell(cells, column)?);
            }
            record.insert("attributes".into(), Value::Object(extra));
            values.push(Value::Object(record));
        }
        let inner = newsgaz::Gazetteer::from_values(values, "<DataFrame>").map_err(to_py)?;
        Ok(Gazetteer::from(inner))
    }

    /// Loads a gazetteer file: JSON Lines (`.jsonl`), a JSON array (`.json`), CSV (`.csv`)
    /// or TSV (`.tsv`), each optionally gzipped, or a compiled file
    /// (`Matcher.to_compiled`), whatever its name.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Gazetteer> {
        let inner = py
            .detach(|| newsgaz::Gazetteer::from_path(path))
            .map_err(to_py)?;
        Ok(Gazetteer::from(inner))
    }

    /// The built-in gazetteer: countries, cities, regions, US states and organisations
    /// (loaded once, then shared).
    #[staticmethod]
    fn default(py: Python<'_>) -> Gazetteer {
        // The core's own `Arc`: a matcher over it with the default options is the
        // embedded compiled one.
        let inner = py.detach(|| newsgaz::Gazetteer::builtin().clone());
        Gazetteer::shared(inner)
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
        Gazetteer::shared(inner)
    }

    /// The entries as JSON Lines text (one object a line).
    fn to_jsonl(&self) -> String {
        self.inner
            .entries()
            .iter()
            .map(|e| serde_json::to_string(e).expect("entries serialise") + "\n")
            .collect()
    }

    /// The entries' ids, by index: what `Matcher.find_arrays` gives as entities.
    fn ids(&self, py: Python<'_>) -> Vec<Py<PyString>> {
        (0..self.inner.len())
            .map(|i| {
                let index = newsgaz::EntityIndex::from_usize(i).expect("a gazetteer's index");
                self.names(py, index).id.clone_ref(py)
            })
            .collect()
    }

    /// The entry with `id` as a dict (`id`, `name`, `label`, `aliases`, `attributes`...,
    /// as in JSON Lines), or `default` when there is none.
    #[pyo3(signature = (id, default = None))]
    fn get(&self, py: Python<'_>, id: &str, default: Option<Py<PyAny>>) -> PyResult<Py<PyAny>> {
        match self.inner.get(id) {
            Some(entry) => to_python(py, entry),
            None => Ok(default.unwrap_or_else(|| py.None())),
        }
    }

    /// True when an entry has this id.
    fn __contains__(&self, id: &str) -> bool {
        self.inner.index_of(id).is_some()
    }

    /// The entries as dicts, in order (see `get`).
    fn __iter__(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let entries = self
            .inner
            .entries()
            .iter()
            .map(|e| to_python(py, e))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(pyo3::types::PyList::new(py, entries)?
            .as_any()
            .try_iter()?
            .into_any()
            .unbind())
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// Equal when they hold the same entries in the same order.
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.downcast::<Gazetteer>().is_ok_and(|o| {
            let o = &o.get().inner;
            Arc::ptr_eq(&self.inner, o) || *self.inner == **o
        })
    }

    /// By size and first id: cheap, and consistent with `==`.
    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        let first = self.inner.entries().first().map(|e| e.id.as_str());
        (self.inner.len(), first).into_pyobject(py)?.hash()
    }

    fn __repr__(&self) -> String {
        let builtin = if self.is_builtin() { ", built-in" } else { "" };
        format!("Gazetteer({} entries{builtin})", self.inner.len())
    }

    /// Pickled as its JSON Lines; the built-in gazetteer by name (a few bytes).
    fn __reduce__(slf: &Bound<'_, Self>) -> PyResult<Reduced<Py<PyTuple>>> {
        let py = slf.py();
        if slf.get().is_builtin() {
            let default = slf.get_type().getattr("default")?.unbind();
            return Ok((default, PyTuple::empty(py).unbind()));
        }
        let from = slf.get_type().getattr("from_jsonl_str")?.unbind();
        Ok((from, PyTuple::new(py, [slf.get().to_jsonl()])?.unbind()))
    }
}

/// True for a pandas DataFrame (by its type's name: pandas need not be installed).
fn is_data_frame(obj: &Bound<'_, PyAny>) -> bool {
    let ty = obj.get_type();
    let module = ty.module().map(|m| m.to_string()).unwrap_or_default();
    ty.name().is_ok_and(|n| n == "DataFrame") && module.starts_with("pandas")
}

/// A float NaN: pandas' missing value in object columns.
fn is_nan(value: &Bound<'_, PyAny>) -> bool {
    value.extract::<f64>().is_ok_and(f64::is_nan)
}

impl From<newsgaz::Gazetteer> for Gazetteer {
    fn from(inner: newsgaz::Gazetteer) -> Gazetteer {
        Gazetteer::shared(Arc::new(inner))
    }
}

impl Gazetteer {
    /// True for the core's built-in gazetteer itself.
    pub fn is_builtin(&self) -> bool {
        Arc::ptr_eq(&self.inner, newsgaz::Gazetteer::builtin())
    }

    pub fn shared(inner: Arc<newsgaz::Gazetteer>) -> Gazetteer {
        let names = (0..inner.len()).map(|_| OnceLock::new()).collect();
        Gazetteer { inner, names }
    }

    /// The Python strings of `entity`'s entry.
    pub fn names(&self, py: Python<'_>, entity: newsgaz::EntityIndex) -> &EntryNames {
        self.names[entity.as_usize()].get_or_init(|| EntryNames::of(py, self.inner.entry(entity)))
    }
}

impl EntryNames {
    /// The strings of `entry`.
    pub fn of(py: Python<'_>, entry: &newsgaz::Entry) -> EntryNames {
        let id = PyString::new(py, &entry.id);
        EntryNames {
            alone: PyTuple::new(py, [&id])
                .expect("a tuple of one str")
                .unbind(),
            id: id.unbind(),
            name: PyString::new(py, &entry.name).unbind(),
            label: PyString::new(py, &entry.label).unbind(),
        }
    }
}

/// The entry of a record in the common shape, read without building JSON first: a dict
/// with `id`, `name` and `label` as `str` and at most `aliases` as a list of `str` besides.
/// `None` for any other record (it is converted through JSON, which reports its errors).
fn plain_entry(record: &Bound<'_, PyAny>) -> Option<newsgaz::Entry> {
    let dict = record.cast_exact::<pyo3::types::PyDict>().ok()?;
    if !(3..=4).contains(&dict.len()) {
        return None;
    }
    let text = |key: &str| -> Option<String> {
        let value = dict.get_item(key).ok()??;
        Some(
            value
                .cast_exact::<PyString>()
                .ok()?
                .to_str()
                .ok()?
                .to_owned(),
        )
    };
    let mut entry = newsgaz::Entry::new(text("id")?, text("name")?, text("label")?);
    if dict.len() == 4 {
        let aliases = dict.get_item("aliases").ok()??;
        let aliases = aliases.cast_exact::<pyo3::types::PyList>().ok()?;
        for alias in aliases.iter() {
            let alias = alias.cast_exact::<PyString>().ok()?.to_str().ok()?;
            entry.aliases.push(newsgaz::gazetteer::Alias::new(alias));
        }
    }
    Some(entry)
}
