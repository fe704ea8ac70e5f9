//! Tables of annotated articles as Arrow-layout columns, built here from the core's
//! records with no Python object per row: `newsgaz.to_pandas` and `newsgaz.to_arrow`
//! (in `newsgaz/frames.py`) wrap the buffers without copying them row by row.
//!
//! Each column is a tuple `(name, kind, length, validity, *buffers)`: `validity` is an
//! Arrow bitmap (bit set: a value) or None, and `kind` says what follows:
//! `"int64"` (values), `"float64"` (values), `"bool"` (a bitmap), `"str"` (int64 offsets
//! and UTF-8 bytes), `"category"` (int32 codes and the list of the category strings).

use std::collections::HashMap;

use newsgaz::annotate::Fact;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};

use crate::annotate::AnnotatedArticle;
use crate::errors::NewsgazError;

/// Bits, least significant first, as Arrow lays them out.
#[derive(Default)]
struct Bitmap {
    bytes: Vec<u8>,
    len: usize,
}

impl Bitmap {
    fn push(&mut self, bit: bool) {
        if self.len % 8 == 0 {
            self.bytes.push(0);
        }
        if bit {
            self.bytes[self.len / 8] |= 1 << (self.len % 8);
        }
        self.len += 1;
    }
}

/// Strings interned as codes into a list of categories.
#[derive(Default)]
struct Categories<'a> {
    codes: HashMap<&'a str, i32>,
    list: Vec<&'a str>,
}

impl<'a> Categories<'a> {
    fn code(&mut self, value: &'a str) -> i32 {
        *self.codes.entry(value).or_insert_with(|| {
            self.list.push(value);
            (self.list.len() - 1) as i32
        })
    }
}

enum Values<'a> {
    Int(Vec<i64>),
    Float(Vec<f64>),
    Bool(Bitmap),
    Str {
        offsets: Vec<i64>,
        data: Vec<u8>,
    },
    Category {
        codes: Vec<i32>,
        categories: Categories<'a>,
    },
}

/// One column being filled, a value per row (or a missing value).
struct Column<'a> {
    name: &'static str,
    values: Values<'a>,
    valid: Bitmap,
    missing: bool,
}

impl<'a> Column<'a> {
    fn new(name: &'static str, values: Values<'a>) -> Column<'a> {
        let values = match values {
            Values::Str { .. } => Values::Str {
                offsets: vec![0],
                data: Vec::new(),
            },
            other => other,
        };
        Column {
            name,
            values,
            valid: Bitmap::default(),
            missing: false,
        }
    }

    fn int(name: &'static str) -> Column<'a> {
        Column::new(name, Values::Int(Vec::new()))
    }

    fn float(name: &'static str) -> Column<'a> {
        Column::new(name, Values::Float(Vec::new()))
    }

    fn bool(name: &'static str) -> Column<'a> {
        Column::new(name, Values::Bool(Bitmap::default()))
    }

    fn str(name: &'static str) -> Column<'a> {
        Column::new(
            name,
            Values::Str {
                offsets: Vec::new(),
                data: Vec::new(),
            },
        )
    }

    fn category(name: &'static str) -> Column<'a> {
        Column::new(
            name,
            Values::Category {
                codes: Vec::new(),
                categories: Categories::default(),
            },
        )
    }

    fn valid(&mut self, valid: bool) {
        self.valid.push(valid);
        self.missing |= !valid;
    }

    fn push_int(&mut self, value: Option<usize>) {
        if let Values::Int(v) = &mut self.values {
            v.push(value.unwrap_or(0) as i64);
        }
        self.valid(value.is_some());
    }

    fn push_float(&mut self, value: f64) {
        if let Values::Float(v) = &mut self.values {
            v.push(value);
        }
        self.valid(true);
    }

    fn push_bool(&mut self, value: bool) {
        if let Values::Bool(v) = &mut self.values {
            v.push(value);
        }
        self.valid(true);
    }

    fn push_str(&mut self, value: Option<&'a str>) {
        match &mut self.values {
            Values::Str { offsets, data } => {
                data.extend_from_slice(value.unwrap_or("").as_bytes());
                offsets.push(data.len() as i64);
            }
            Values::Category { codes, categories } => {
                codes.push(value.map_or(-1, |v| categories.code(v)));
            }
            _ => {}
        }
        self.valid(value.is_some());
    }

    fn into_py<'py>(self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let len = self.valid.len;
        let valid = self.missing.then(|| PyBytes::new(py, &self.valid.bytes));
        let head = (self.name, kind(&self.values), len, valid);
        let bytes = |b: &[u8]| PyBytes::new(py, b).into_any();
        let buffers: Vec<Bound<'py, PyAny>> = match self.values {
            Values::Int(v) => vec![bytes(&as_bytes(&v, i64::to_ne_bytes))],
            Values::Float(v) => vec![bytes(&as_bytes(&v, f64::to_ne_bytes))],
            Values::Bool(bits) => vec![bytes(&bits.bytes)],
            Values::Str { offsets, data } => {
                vec![bytes(&as_bytes(&offsets, i64::to_ne_bytes)), bytes(&data)]
            }
            Values::Category { codes, categories } => vec![
                bytes(&as_bytes(&codes, i32::to_ne_bytes)),
                PyList::new(py, categories.list)?.into_any(),
            ],
        };
        let head = head.into_pyobject(py)?;
        PyTuple::new(py, head.iter().chain(buffers).collect::<Vec<_>>())
    }
}

fn kind(values: &Values<'_>) -> &'static str {
    match values {
        Values::Int(_) => "int64",
        Values::Float(_) => "float64",
        Values::Bool(_) => "bool",
        Values::Str { .. } => "str",
        Values::Category { .. } => "category",
    }
}

fn as_bytes<T: Copy, const N: usize>(values: &[T], to_bytes: fn(T) -> [u8; N]) -> Vec<u8> {
    values.iter().flat_map(|&v| to_bytes(v)).collect()
}

/// The columns of table `what` (`mentions`, `entities` or `quotes`) over `results`, with
/// the position of each row's article in `document` and its `source`.
#[pyfunction]
pub fn _columns<'py>(
    py: Python<'py>,
    results: Vec<PyRef<'py, AnnotatedArticle>>,
    what: &str,
) -> PyResult<Bound<'py, PyList>> {
    let articles: Vec<&newsgaz::AnnotatedArticle> = results.iter().map(|r| &*r.inner).collect();
    let columns = crate::run::detach(py, || table(&articles, what))?;
    let columns = columns.ok_or_else(|| {
        NewsgazError::new_err(format!(
            "what={what:?}: expected \"mentions\", \"entities\" or \"quotes\""
        ))
    })?;
    let columns = columns
        .into_iter()
        .map(|c| c.into_py(py))
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, columns)
}

fn table<'a>(articles: &[&'a newsgaz::AnnotatedArticle], what: &str) -> Option<Vec<Column<'a>>> {
    let mut document = Column::int("document");
    let mut source = Column::category("source");
    let mut row = |i: usize, a: &'a newsgaz::AnnotatedArticle| {
        document.push_int(Some(i));
        source.push_str(Some(a.source()));
    };
    let mut columns = match what {
        "mentions" => {
            let mut c = vec![
                Column::int("start"),
                Column::int("end"),
                Column::int("byte_start"),
                Column::int("byte_end"),
                Column::str("text"),
                Column::category("entity"),
                Column::category("name"),
                Column::category("label"),
                Column::category("country"),
                Column::int("candidates"),
            ];
            // Then a column per fact of the core's mentions, typed by its kind.
            let own = c.len();
            let facts = newsgaz::Mention::FACTS
                .iter()
                .zip(newsgaz::Mention::FACT_DEFAULTS);
            c.extend(facts.map(|(&name, kind)| match kind {
                Fact::Flag(_) => Column::bool(name),
                Fact::Form(_) => Column::category(name),
                _ => Column::int(name),
            }));
            for (i, a) in articles.iter().enumerate() {
                for m in &a.mentions {
                    row(i, a);
                    let entry = a.entry(m.entity());
                    c[0].push_int(Some(m.span.char_start));
                    c[1].push_int(Some(m.span.char_end));
                    c[2].push_int(Some(m.span.start));
                    c[3].push_int(Some(m.span.end));
                    c[4].push_str(Some(&a.text()[m.span.start..m.span.end]));
                    c[5].push_str(Some(&entry.id));
                    c[6].push_str(Some(&entry.name));
                    c[7].push_str(Some(&entry.label));
                    c[8].push_str(entry.country_code());
                    c[9].push_int(Some(m.candidates.len()));
                    for (column, fact) in c[own..].iter_mut().zip(m.facts()) {
                        match fact {
                            Fact::Flag(b) => column.push_bool(b),
                            Fact::Form(f) => column.push_str(Some(f.as_str())),
                            Fact::Index(i) => column.push_int(i),
                            _ => column.push_str(None),
                        }
                    }
                }
            }
            c
        }
        "entities" => {
            let mut c = [
                Column::category("entity"),
                Column::category("name"),
                Column::category("label"),
                Column::int("count"),
                Column::int("first"),
                Column::int("byte_first"),
                Column::bool("in_title"),
                Column::float("salience"),
            ];
            for (i, a) in articles.iter().enumerate() {
                for e in &a.entities {
                    row(i, a);
                    let entry = a.entry(e.entity);
                    c[0].push_str(Some(&entry.id));
                    c[1].push_str(Some(&entry.name));
                    c[2].push_str(Some(&entry.label));
                    c[3].push_int(Some(e.count));
                    c[4].push_int(Some(e.char_first));
                    c[5].push_int(Some(e.first));
                    c[6].push_bool(e.in_title);
                    c[7].push_float(e.salience);
                }
            }
            c.into_iter().collect()
        }
        "quotes" => {
            let mut c = [
                Column::int("start"),
                Column::int("end"),
                Column::str("text"),
                Column::category("kind"),
                Column::category("verb"),
                Column::str("speaker_text"),
                Column::category("speaker_entity"),
                Column::category("speaker_link"),
            ];
            for (i, a) in articles.iter().enumerate() {
                for q in a.quotes() {
                    row(i, a);
                    let text = a.text();
                    let cue = q.quote.cue.as_ref();
                    c[0].push_int(Some(q.span.char_start));
                    c[1].push_int(Some(q.span.char_end));
                    c[2].push_str(Some(q.quote.content.slice(text)));
                    c[3].push_str(Some(match q.quote.kind {
                        newsgaz::article::QuoteKind::Scare => "scare",
                        _ => "speech",
                    }));
                    c[4].push_str(cue.map(|c| c.verb.as_str()));
                    let phrase = cue.and_then(|c| c.speaker).map(|s| s.slice(text));
                    c[5].push_str(phrase);
                    let entity = q
                        .speaker
                        .and_then(|s| s.entity)
                        .map(|e| a.entry(e).id.as_str());
                    c[6].push_str(entity);
                    c[7].push_str(q.speaker.map(|s| s.link.as_str()));
                }
            }
            c.into_iter().collect()
        }
        _ => return None,
    };
    columns.splice(0..0, [document, source]);
    Some(columns)
}
