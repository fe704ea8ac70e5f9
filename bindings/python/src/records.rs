//! The records Python sees: mentions, entity rows, speakers. Built from the core's
//! records; every offset was computed by the core.

use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use crate::convert::chars;
use crate::gazetteer::Gazetteer;

/// One mention: `text[start:end] == mention.text`.
#[pyclass(frozen, module = "newsgaz", get_all)]
pub struct Mention {
    /// `str` index of the first character.
    pub start: usize,
    /// `str` index one past the last character.
    pub end: usize,
    /// UTF-8 byte offset of the first byte.
    pub byte_start: usize,
    /// UTF-8 byte offset one past the last byte.
    pub byte_end: usize,
    pub text: Py<PyString>,
    pub entity: Py<PyString>,
    pub name: Py<PyString>,
    pub label: Py<PyString>,
    /// Entity ids, preferred first; a mention of one entity shares its entry's tuple.
    pub candidates: Py<PyTuple>,
    pub paragraph: Option<usize>,
    pub sentence: Option<usize>,
    /// True in the title.
    pub in_title: bool,
    /// True between the marks of a quotation.
    pub in_quote: bool,
    /// `name`, `partial` or `demonym`.
    pub form: Py<PyString>,
}

impl Mention {
    /// The record of `m`, a mention in `text`; `gazetteer` is the annotation's, whose
    /// strings it shares.
    pub fn new(py: Python<'_>, m: &newsgaz::Mention, text: &str, gazetteer: &Gazetteer) -> Mention {
        let names = gazetteer.names(py, m.entity());
        let (start, end) = chars(m.span);
        Mention {
            start,
            end,
            byte_start: m.span.start,
            byte_end: m.span.end,
            text: PyString::new(py, m.text(text)).unbind(),
            entity: names.id.clone_ref(py),
            name: names.name.clone_ref(py),
            label: names.label.clone_ref(py),
            candidates: if m.candidates.len() == 1 {
                names.alone.clone_ref(py)
            } else {
                let ids = m
                    .candidates
                    .iter()
                    .map(|&e| gazetteer.names(py, e).id.bind(py));
                PyTuple::new(py, ids).expect("a tuple of str").unbind()
            },
            paragraph: m.paragraph,
            sentence: m.sentence,
            in_title: m.in_title,
            in_quote: m.in_quote,
            form: form(py, m.form).unbind(),
        }
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
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Mention(start={}, end={}, text={:?}, entity={:?}, label={:?})",
            self.start,
            self.end,
            self.text.bind(py).to_string(),
            self.entity.bind(py).to_string(),
            self.label.bind(py).to_string()
        )
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
