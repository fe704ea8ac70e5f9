//! The records Python sees: mentions, entity rows, speakers. Built from the core's
//! records; every offset was computed by the core.

use newsgaz::annotate::Fact;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::convert::chars;
use crate::gazetteer::{EntryNames, Gazetteer};

use crate::values::{by_value, dict_of, value_record};
use crate::{reduced, Reduced};

/// One mention: `text[start:end] == mention.text`.
///
/// Like `re.Match`, it keeps the text it was found in and slices `text` from it when asked,
/// and it names its entity by index into the gazetteer, whose strings every mention of
/// the entry shares: making one costs one small object (64 bytes), whatever the mention.
/// Offsets are held in 32 bits (checked when made: a mention ending past 4 GiB of text is
/// an error, never a wrong offset), which keeps the object in pymalloc's 64-byte class.
#[pyclass(frozen, module = "newsgaz")]
pub struct Mention {
    /// `str` index of the first character.
    #[pyo3(get)]
    pub start: u32,
    /// `str` index one past the last character.
    #[pyo3(get)]
    pub end: u32,
    /// UTF-8 byte offset of the first byte.
    #[pyo3(get)]
    pub byte_start: u32,
    /// UTF-8 byte offset one past the last byte.
    #[pyo3(get)]
    pub byte_end: u32,
    /// Paragraph and sentence indices, `NO_INDEX` for none: a text holds fewer than
    /// 2^32 - 1 of either in practice, and the object stays small (checked when made).
    paragraph: u32,
    sentence: u32,
    entity: newsgaz::EntityIndex,
    form: newsgaz::MentionForm,
    /// True in the title.
    #[pyo3(get)]
    pub in_title: bool,
    /// True between the marks of a quotation.
    #[pyo3(get)]
    pub in_quote: bool,
    /// The text the mention was found in and its gazetteer, one per search.
    found_in: Py<FoundIn>,
    /// The candidates' ids when there are several (else the entry's shared `(id,)`).
    ambiguous: Option<Py<PyTuple>>,
}

/// What every mention of one search shares (a Python object: its references are counted
/// without atomics, under the GIL).
#[pyclass(frozen, module = "newsgaz")]
pub struct FoundIn {
    /// The whole text the mentions were found in.
    pub source: Py<PyString>,
    /// The gazetteer whose strings they share.
    pub gazetteer: Py<Gazetteer>,
    /// The people found in the text (after the gazetteer's entries: see the core's
    /// `Entities`), and their strings.
    pub people: Vec<newsgaz::Entry>,
    people_names: Vec<EntryNames>,
}

impl FoundIn {
    /// What the mentions of `source` share: `gazetteer`, and the article's `people`.
    pub fn new(
        py: Python<'_>,
        source: Py<PyString>,
        gazetteer: Py<Gazetteer>,
        people: &[newsgaz::Entry],
    ) -> FoundIn {
        FoundIn {
            source,
            gazetteer,
            people: people.to_vec(),
            people_names: people.iter().map(|e| EntryNames::of(py, e)).collect(),
        }
    }

    /// The entries the mentions' indices point to.
    fn entities(&self) -> newsgaz::gazetteer::Entities<'_> {
        newsgaz::gazetteer::Entities::new(&self.gazetteer.get().inner, &self.people)
    }

    /// The strings of `entity`: the gazetteer's, or a person's found in the text.
    fn names(&self, py: Python<'_>, entity: newsgaz::EntityIndex) -> &EntryNames {
        match self.entities().found_position(entity) {
            Some(found) => &self.people_names[found],
            None => self.gazetteer.get().names(py, entity),
        }
    }

    /// The entry of `entity`.
    fn entry(&self, entity: newsgaz::EntityIndex) -> &newsgaz::Entry {
        self.entities().entry(entity)
    }

    /// The entity whose id is `id`.
    fn index_of(&self, id: &str) -> Option<newsgaz::EntityIndex> {
        self.entities().index_of(id)
    }
}

/// `Mention.paragraph`/`sentence` when there is none.
const NO_INDEX: u32 = u32::MAX;

/// An index as stored in a mention; an error for one too large to store.
fn stored_index(index: Option<usize>) -> PyResult<u32> {
    match index {
        None => Ok(NO_INDEX),
        Some(i) => u32::try_from(i)
            .ok()
            .filter(|&i| i != NO_INDEX)
            .ok_or_else(|| {
                crate::errors::NewsgazError::new_err(format!(
                    "a paragraph or sentence index of {i} does not fit a mention (at most {})",
                    NO_INDEX - 1
                ))
            }),
    }
}

fn loaded_index(index: u32) -> Option<usize> {
    (index != NO_INDEX).then_some(index as usize)
}

/// An offset as stored in a mention; an error for one past 4 GiB.
fn stored_offset(offset: usize) -> PyResult<u32> {
    u32::try_from(offset).map_err(|_| {
        crate::errors::NewsgazError::new_err(format!(
            "a mention ending at byte {offset} does not fit a mention (texts up to {} bytes)",
            u32::MAX
        ))
    })
}

/// An error unless every mention's paragraph and sentence index fits a [`Mention`]
/// (articles' mentions; a plain text's have none).
pub fn check_indices(mentions: &[newsgaz::Mention]) -> PyResult<()> {
    let largest = mentions
        .iter()
        .filter_map(|m| m.paragraph.max(m.sentence))
        .max();
    stored_index(largest).map(drop)
}

/// An error unless every offset of `mentions`, found in a text of `text_len` UTF-8 bytes,
/// fits a [`Mention`]: no mention ends past its text, and code point offsets never exceed
/// byte offsets, so only a text past 4 GiB needs its mentions read.
pub fn check_offsets(mentions: &[newsgaz::Mention], text_len: usize) -> PyResult<()> {
    if stored_offset(text_len).is_ok() {
        return Ok(());
    }
    let end = mentions.iter().map(|m| m.span.end).max().unwrap_or(0);
    stored_offset(end).map(drop)
}

impl Mention {
    /// The record of `m`, a mention in `found_in`'s text, sharing its gazetteer's strings;
    /// `m`'s indices passed [`check_indices`] and its offsets [`check_offsets`].
    pub fn new(py: Python<'_>, m: &newsgaz::Mention, found_in: &Py<FoundIn>) -> Mention {
        let index = |i: Option<usize>| i.map_or(NO_INDEX, |i| i as u32);
        let (start, end) = chars(m.span);
        // Every offset is at most the largest byte end, which `check_offsets` bounded.
        let (start, end) = (start as u32, end as u32);
        let ambiguous = (m.candidates.len() > 1).then(|| {
            let names = found_in.get();
            let ids = m.candidates.iter().map(|&e| names.names(py, e).id.bind(py));
            PyTuple::new(py, ids).expect("a tuple of str").unbind()
        });
        Mention {
            start,
            end,
            byte_start: m.span.start as u32,
            byte_end: m.span.end as u32,
            paragraph: index(m.paragraph),
            sentence: index(m.sentence),
            in_title: m.in_title,
            in_quote: m.in_quote,
            form: m.form,
            entity: m.entity(),
            found_in: found_in.clone_ref(py),
            ambiguous,
        }
    }

    fn names<'a>(&'a self, py: Python<'_>) -> &'a EntryNames {
        self.found_in.get().names(py, self.entity)
    }

    /// The candidates' indices, preferred first.
    fn candidate_indices(&self, py: Python<'_>) -> PyResult<Vec<newsgaz::EntityIndex>> {
        let Some(ids) = &self.ambiguous else {
            return Ok(vec![self.entity]);
        };
        let found_in = self.found_in.get();
        ids.bind(py)
            .iter()
            .map(|id| {
                let id = id.extract::<String>()?;
                Ok(found_in.index_of(&id).expect("candidates are entries"))
            })
            .collect()
    }

    /// The core's facts of this mention ([`newsgaz::Mention::FACTS`]), from its compact
    /// fields: the one place this record lists them.
    fn facts(&self) -> [Fact; FACT_COUNT] {
        [
            Fact::Index(loaded_index(self.paragraph)),
            Fact::Index(loaded_index(self.sentence)),
            Fact::Flag(self.in_title),
            Fact::Flag(self.in_quote),
            Fact::Form(self.form),
        ]
    }

    /// The names of the values of [`Mention::state`]: the mention's own, then the core's
    /// facts.
    fn fields() -> &'static [&'static str] {
        static FIELDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
        FIELDS.get_or_init(|| {
            let own = [
                "start",
                "end",
                "byte_start",
                "byte_end",
                "text",
                "entity",
                "name",
                "label",
                "country",
                "candidates",
            ];
            own.into_iter()
                .chain(newsgaz::Mention::FACTS.iter().copied())
                .collect()
        })
    }

    fn state<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let names = self.names(py);
        let own: [Bound<'py, PyAny>; 10] = [
            self.start.into_pyobject(py)?.into_any(),
            self.end.into_pyobject(py)?.into_any(),
            self.byte_start.into_pyobject(py)?.into_any(),
            self.byte_end.into_pyobject(py)?.into_any(),
            self.text(py)?.into_any(),
            names.id.bind(py).clone().into_any(),
            names.name.bind(py).clone().into_any(),
            names.label.bind(py).clone().into_any(),
            self.country().into_pyobject(py)?.into_any(),
            self.candidates(py).into_bound(py).into_any(),
        ];
        let mut values = Vec::from(own);
        for fact in self.facts() {
            values.push(fact_to_py(py, fact)?);
        }
        PyTuple::new(py, values)
    }
}

/// How many facts a core mention has; the compact record above holds each.
const FACT_COUNT: usize = 5;
const _: () = assert!(newsgaz::Mention::FACTS.len() == FACT_COUNT);

/// A fact as a Python value: an int or None, a bool, a form's (interned) name.
fn fact_to_py(py: Python<'_>, fact: Fact) -> PyResult<Bound<'_, PyAny>> {
    Ok(match fact {
        Fact::Index(i) => i.into_pyobject(py)?.into_any(),
        Fact::Flag(b) => pyo3::types::PyBool::new(py, b).to_owned().into_any(),
        Fact::Form(f) => form(py, f).into_any(),
        other => {
            return Err(crate::errors::NewsgazError::new_err(format!(
                "no Python value for {other:?}"
            )))
        }
    })
}

/// A fact from its Python value (a pickled mention's).
fn fact_from_py(value: &Bound<'_, PyAny>) -> PyResult<Fact> {
    if let Ok(flag) = value.downcast::<pyo3::types::PyBool>() {
        return Ok(Fact::Flag(flag.is_true()));
    }
    if let Ok(form) = value.extract::<String>() {
        let form = serde_json::from_value(serde_json::Value::String(form)).map_err(|e| {
            crate::errors::NewsgazError::new_err(format!("invalid pickled mention: {e}"))
        })?;
        return Ok(Fact::Form(form));
    }
    Ok(Fact::Index(value.extract()?))
}

/// Unpickling helper: a mention of `source` over `gazetteer`, checked to fit both.
/// `fields` is `(start, end, byte_start, byte_end, *facts, candidate positions)`.
#[pyfunction]
pub fn _mention(
    py: Python<'_>,
    gazetteer: Py<Gazetteer>,
    source: Py<PyString>,
    fields: &Bound<'_, PyTuple>,
) -> PyResult<Mention> {
    let bad = |what: &str| {
        crate::errors::NewsgazError::new_err(format!("invalid pickled mention: {what}"))
    };
    if fields.len() != 5 + FACT_COUNT {
        return Err(bad("it has another number of fields"));
    }
    let offset = |i: usize| fields.get_item(i)?.extract::<usize>();
    let (start, end, byte_start, byte_end) = (offset(0)?, offset(1)?, offset(2)?, offset(3)?);
    let positions: Vec<u32> = fields.get_item(4 + FACT_COUNT)?.extract()?;
    let len = gazetteer.get().inner.len();
    if positions.is_empty() || positions.iter().any(|&p| p as usize >= len) {
        return Err(bad("a candidate is not in its gazetteer"));
    }
    let chars = source.bind(py).len()?;
    if !(start <= end && end <= chars && byte_start <= byte_end) {
        return Err(bad("its span does not fit its text"));
    }
    let facts = (4..4 + FACT_COUNT)
        .map(|i| fact_from_py(&fields.get_item(i)?))
        .collect::<PyResult<Vec<_>>>()?;
    let index = |p: u32| newsgaz::EntityIndex::from_usize(p as usize).expect("checked above");
    let span = newsgaz::TextSpan {
        start: byte_start,
        end: byte_end,
        char_start: start,
        char_end: end,
    };
    let candidates = positions.iter().map(|&p| index(p)).collect();
    let core = newsgaz::Mention::from_facts(span, candidates, facts).map_err(|e| bad(&e))?;
    check_indices(std::slice::from_ref(&core))?;
    check_offsets(std::slice::from_ref(&core), byte_end)?;
    let found_in = Py::new(py, FoundIn::new(py, source, gazetteer, &[]))?;
    Ok(Mention::new(py, &core, &found_in))
}

/// A form's name, one interned `str` for all mentions.
fn form(py: Python<'_>, form: newsgaz::MentionForm) -> Bound<'_, PyString> {
    match form {
        newsgaz::MentionForm::Name => pyo3::intern!(py, "name").clone(),
        newsgaz::MentionForm::Partial => pyo3::intern!(py, "partial").clone(),
        newsgaz::MentionForm::Demonym => pyo3::intern!(py, "demonym").clone(),
        newsgaz::MentionForm::Titled => pyo3::intern!(py, "titled").clone(),
        other => PyString::intern(py, other.as_str()),
    }
}

#[pymethods]
impl Mention {
    /// Index of the body paragraph holding the mention (`None` in the title or plain text).
    #[getter]
    fn paragraph(&self) -> Option<usize> {
        loaded_index(self.paragraph)
    }

    /// Index of the body sentence holding the mention (`None` in the title or plain text).
    #[getter]
    fn sentence(&self) -> Option<usize> {
        loaded_index(self.sentence)
    }

    /// The mention as written: `text[start:end]` of the text it was found in.
    #[getter]
    fn text<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        let (start, end) = (self.start as isize, self.end as isize);
        // SAFETY: `source` is a str and the indices are within it; a null result is an
        // error Python has set, which `from_owned_ptr_or_err` takes.
        unsafe {
            let slice =
                pyo3::ffi::PyUnicode_Substring(self.found_in.get().source.as_ptr(), start, end);
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

    /// The code of the entity's country (`"GB"` for Westminster), `None` for entities
    /// with none (organisations, people, seas).
    #[getter]
    fn country(&self) -> Option<String> {
        let found_in = self.found_in.get();
        found_in
            .entry(self.entity)
            .country_code()
            .map(str::to_owned)
    }

    /// Entity ids, preferred first.
    #[getter]
    fn candidates(&self, py: Python<'_>) -> Py<PyTuple> {
        match &self.ambiguous {
            Some(ids) => ids.clone_ref(py),
            None => self.names(py).alone.clone_ref(py),
        }
    }

    /// How the mention names its entity: `name` (its name or an alias), `partial` (part
    /// of a person's name given in full elsewhere: "Putin"), `demonym` ("Chinese") or
    /// `titled` (a surname after a title, "Mr Blair", of the one listed person with it).
    #[getter]
    fn form<'py>(&self, py: Python<'py>) -> Bound<'py, PyString> {
        form(py, self.form)
    }

    /// The mention as a dict of plain values (`str` indices in `start`/`end`, UTF-8 offsets
    /// in `byte_start`/`byte_end`, `candidates` a list of ids).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = dict_of(py, Self::fields(), &self.state(py)?)?;
        dict.set_item("candidates", self.candidates(py).bind(py).to_list())?;
        Ok(dict)
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        by_value(self.state(py)?, other, |o: &Self| o.state(py))
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        self.state(py)?.hash()
    }

    /// Pickled with the text it was found in and its candidates' entries alone (the
    /// built-in gazetteer by name): a mention pickles small whatever its gazetteer.
    fn __reduce__(&self, py: Python<'_>) -> PyResult<Reduced<Py<PyTuple>>> {
        let candidates = self.candidate_indices(py)?;
        let found_in = self.found_in.get();
        let entities = found_in.entities();
        let builtin = found_in.gazetteer.get().is_builtin()
            && candidates
                .iter()
                .all(|&e| entities.found_position(e).is_none());
        let (gazetteer, positions) = if builtin {
            let positions: Vec<u32> = candidates.iter().map(|e| e.as_usize() as u32).collect();
            (self.found_in.get().gazetteer.clone_ref(py), positions)
        } else {
            let entries = candidates.iter().map(|&e| found_in.entry(e).clone());
            let own = newsgaz::Gazetteer::from_entries(entries, "<mention>")
                .map_err(crate::errors::to_py)?;
            (
                Py::new(py, Gazetteer::from(own))?,
                (0..candidates.len() as u32).collect(),
            )
        };
        let mut fields = Vec::with_capacity(5 + FACT_COUNT);
        for offset in [self.start, self.end, self.byte_start, self.byte_end] {
            fields.push(offset.into_pyobject(py)?.into_any());
        }
        for fact in self.facts() {
            fields.push(fact_to_py(py, fact)?);
        }
        fields.push(positions.into_pyobject(py)?.into_any());
        let fields = PyTuple::new(py, fields)?;
        let args =
            (gazetteer, self.found_in.get().source.clone_ref(py), fields).into_pyobject(py)?;
        reduced(py, "_mention", args.unbind())
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

value_record! {
    /// One row per resolved entity of an article.
    pub struct EntitySummary {
        /// The entity's id.
        id: String,
        /// The entity's name.
        name: String,
        /// The entity's label.
        label: String,
        /// Number of mentions.
        count: usize,
        /// `str` index of the first mention.
        first: usize,
        /// UTF-8 byte offset of the first mention.
        byte_first: usize,
        /// True when the title mentions it.
        in_title: bool,
        /// Share of the article's weighted mentions (title 3, first paragraph 2, else 1).
        salience: f64,
    }
    repr: [id, name, label, count, salience];
}

impl EntitySummary {
    pub fn new(
        e: &newsgaz::annotate::EntitySummary,
        a: &newsgaz::AnnotatedArticle,
    ) -> EntitySummary {
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

value_record! {
    /// The speaker of a quotation: the phrase as written and the entity it was linked to.
    pub struct Speaker {
        /// `str` index of the phrase.
        start: usize,
        /// `str` index one past the phrase.
        end: usize,
        /// The phrase as written (`Putin`, `he`, `the Russian president`).
        text: String,
        /// The linked entity's id, if any.
        entity: Option<String>,
        /// The linked entity's name, if any.
        name: Option<String>,
        /// `mention`, `pronoun`, `role` or `unlinked`.
        link: String,
    }
    repr: [text, entity, link];
}

impl Speaker {
    pub fn new(s: &newsgaz::annotate::Speaker, a: &newsgaz::AnnotatedArticle) -> Speaker {
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

/// The mentions found in `source` (`source_len` bytes in UTF-8) as Python records;
/// `gazetteer` is the annotation's. An article's mentions passed [`check_indices`].
pub fn mentions_to_py<'py>(
    py: Python<'py>,
    mentions: &[newsgaz::Mention],
    (source, source_len): (&Py<PyString>, usize),
    gazetteer: &Py<Gazetteer>,
    people: &[newsgaz::Entry],
) -> PyResult<Bound<'py, PyList>> {
    check_offsets(mentions, source_len)?;
    let found_in = Py::new(
        py,
        FoundIn::new(py, source.clone_ref(py), gazetteer.clone_ref(py), people),
    )?;
    let records = mentions.iter().map(|m| Mention::new(py, m, &found_in));
    // Straight into the list: no vector of records in between.
    PyList::new(py, records)
}
