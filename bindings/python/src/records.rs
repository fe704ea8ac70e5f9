//! The records Python sees: mentions, entity rows, speakers. Built from the core's
//! records; every offset was computed by the core.

use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use crate::convert::chars;
use crate::gazetteer::{EntryNames, Gazetteer};

/// One mention: `text[start:end] == mention.text`.
///
/// Like `re.Match`, it keeps the text it was found in and slices `text` from it when asked,
/// and it names its entity by index into the gazetteer, whose strings every mention of
/// the entry shares: making one costs one small object, whatever the mention.
#[pyclass(frozen, module = "newsgaz")]
pub struct Mention {
    /// `str` index of the first character.
    #[pyo3(get)]
    pub start: usize,
    /// `str` index one past the last character.
    #[pyo3(get)]
    pub end: usize,
    /// UTF-8 byte offset of the first byte.
    #[pyo3(get)]
    pub byte_start: usize,
    /// UTF-8 byte offset one past the last byte.
    #[pyo3(get)]
    pub byte_end: usize,
    #[pyo3(get)]
    pub paragraph: Option<usize>,
    #[pyo3(get)]
    pub sentence: Option<usize>,
    /// True in the title.
    #[pyo3(get)]
    pub in_title: bool,
    /// True between the marks of a quotation.
    #[pyo3(get)]
    pub in_quote: bool,
    form: newsgaz::MentionForm,
    entity: newsgaz::EntityIndex,
    /// The whole text the mention was found in.
    source: Py<PyString>,
    gazetteer: Py<Gazetteer>,
    /// The candidates' ids when there are several (else the entry's shared `(id,)`).
    ambiguous: Option<Py<PyTuple>>,
}

impl Mention {
    /// The record of `m`, a mention in `source`; `gazetteer` is the annotation's, whose
    /// strings it shares.
    pub fn new(
        py: Python<'_>,
        m: &newsgaz::Mention,
        source: &Py<PyString>,
        gazetteer: &Py<Gazetteer>,
    ) -> Mention {
        let (start, end) = chars(m.span);
        let ambiguous = (m.candidates.len() > 1).then(|| {
            let names = gazetteer.get();
            let ids = m.candidates.iter().map(|&e| names.names(py, e).id.bind(py));
            PyTuple::new(py, ids).expect("a tuple of str").unbind()
        });
        Mention {
            start,
            end,
            byte_start: m.span.start,
            byte_end: m.span.end,
            paragraph: m.paragraph,
            sentence: m.sentence,
            in_title: m.in_title,
            in_quote: m.in_quote,
            form: m.form,
            entity: m.entity(),
            source: source.clone_ref(py),
            gazetteer: gazetteer.clone_ref(py),
            ambiguous,
        }
    }

    fn names<'a>(&'a self, py: Python<'_>) -> &'a EntryNames {
        self.gazetteer.get().names(py, self.entity)
    }
}

/// A form's name, one interned `str` for all mentions.
fn form(py: Python<'_>, form: newsgaz::MentionForm) -> Bound<'_, PyString> {
    match form {
        newsgaz::MentionForm::Name => pyo3::intern!(py, "name").clone(),
        newsgaz::MentionForm::Partial => pyo3::intern!(py, "partial").clone(),
        newsgaz::MentionForm::Demonym => pyo3::intern!(py, "demonym").clone(),
        other => PyString::intern(py, other.as_str()),
    }
}

#[pymethods]
impl Mention {
    /// The mention as written: `text[start:end]` of the text it was found in.
    #[getter]
    fn text<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        let (start, end) = (self.start as isize, self.end as isize);
        // SAFETY: `source` is a str and the indices are within it; a null result is an
        // error Python has set, which `from_owned_ptr_or_err` takes.
        unsafe {
            let slice = pyo3::ffi::PyUnicode_Substring(self.source.as_ptr(), start, end);
            Ok(Bound::from_owned_ptr_or_err(py, slice)?.downcast_into_unchecked())
        }
    }

    /// The entity's id.
    #[getter]
    fn entity(&self, py: Python<'_>) -> Py<PyString> {
        self.names(py).id.clone_ref(py)
    }

    /// The entity's name.
    #[getter]
    fn name(&self, py: Python<'_>) -> Py<PyString> {
        self.names(py).name.clone_ref(py)
    }

    /// The entity's label.
    #[getter]
    fn label(&self, py: Python<'_>) -> Py<PyString> {
        self.names(py).label.clone_ref(py)
    }

    /// Entity ids, preferred first.
    #[getter]
    fn candidates(&self, py: Python<'_>) -> Py<PyTuple> {
        match &self.ambiguous {
            Some(ids) => ids.clone_ref(py),
            None => self.names(py).alone.clone_ref(py),
        }
    }

    /// `name`, `partial` or `demonym`.
    #[getter]
    fn form<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        form(py, self.form)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let names = self.names(py);
        // Python's reprs of the strings, as a dataclass would show them.
        Ok(format!(
            "Mention(start={}, end={}, text={}, entity={}, label={})",
            self.start,
            self.end,
            self.text(py)?.repr()?,
            names.id.bind(py).repr()?,
            names.label.bind(py).repr()?
        ))
    }
}

/// One row per resolved entity of an article.
#[pyclass(frozen, module = "newsgaz", get_all)]
pub struct EntitySummary {
    pub id: String,
    pub name: String,
    pub label: String,
    /// Number of mentions.
    pub count: usize,
    /// `str` index of the first mention.
    pub first: usize,
    /// UTF-8 byte offset of the first mention.
    pub byte_first: usize,
    pub in_title: bool,
    /// Share of the article's weighted mentions (title 3, first paragraph 2, else 1).
    pub salience: f64,
}

impl EntitySummary {
    pub fn new(e: &newsgaz::EntitySummary, a: &newsgaz::AnnotatedArticle) -> EntitySummary {
        let entry = a.entry(e.entity);
        EntitySummary {
            id: entry.id.clone(),
            name: entry.name.clone(),
            label: entry.label.clone(),
            count: e.count,
            first: e.char_first,
            byte_first: e.first,
            in_title: e.in_title,
            salience: e.salience,
        }
    }
}

#[pymethods]
impl EntitySummary {
    fn __repr__(&self) -> String {
        format!(
            "EntitySummary(id={:?}, name={:?}, label={:?}, count={}, salience={:.3})",
            self.id, self.name, self.label, self.count, self.salience
        )
    }
}

/// The speaker of a quotation: the phrase as written and the entity it was linked to.
#[pyclass(frozen, module = "newsgaz", get_all)]
pub struct Speaker {
    /// `str` index of the phrase.
    pub start: usize,
    /// `str` index one past the phrase.
    pub end: usize,
    /// The phrase as written (`Putin`, `he`, `the Russian president`).
    pub text: String,
    /// The linked entity's id, if any.
    pub entity: Option<String>,
    /// The linked entity's name, if any.
    pub name: Option<String>,
    /// `mention`, `pronoun`, `role` or `unlinked`.
    pub link: String,
}

impl Speaker {
    pub fn new(s: &newsgaz::Speaker, a: &newsgaz::AnnotatedArticle) -> Speaker {
        let entry = s.entity.map(|e| a.entry(e));
        let (start, end) = chars(s.span);
        Speaker {
            start,
            end,
            text: s.span.slice(a.text()).to_owned(),
            entity: entry.map(|e| e.id.clone()),
            name: entry.map(|e| e.name.clone()),
            link: s.link.as_str().to_owned(),
        }
    }
}

#[pymethods]
impl Speaker {
    fn __repr__(&self) -> String {
        format!(
            "Speaker(text={:?}, entity={}, link={:?})",
            self.text,
            self.entity
                .as_deref()
                .map_or("None".into(), |e| format!("{e:?}")),
            self.link
        )
    }
}
