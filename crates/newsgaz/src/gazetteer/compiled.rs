//! The entries of a gazetteer in a compiled file: a table of labels (most entries share a
//! few), then each entry's id, name, label number, case, aliases and attributes (JSON
//! values in a tagged binary form: no text to tokenise on loading). Reading checks every
//! entry as loading JSON Lines does.

use serde_json::{Map, Value};

use super::{Alias, AliasKind, Builder, Entry, Gazetteer};
use crate::binary::{Reader, Writer};
use crate::error::GazetteerError;
use crate::normalize::CaseMode;

/// The gazetteer of a compiled file (`Matcher::to_compiled`), without building its
/// matcher: the file's version and options are passed over, its entries read.
pub(crate) fn read_file(bytes: &[u8], source: &str) -> Result<Gazetteer, GazetteerError> {
    let payload = crate::binary::open(bytes, source)?;
    let mut r = Reader::new(payload, source);
    r.str("version")?;
    r.str("options")?;
    r.len(0, "entries")?;
    read(&mut r.section("entries")?, source)
}

fn case_code(case: Option<CaseMode>) -> u8 {
    match case {
        None => 0,
        Some(CaseMode::Smart) => 1,
        Some(CaseMode::Insensitive) => 2,
        Some(CaseMode::Exact) => 3,
    }
}

/// The code of an alias kind, for candidate lists too.
pub(crate) fn kind_code(kind: AliasKind) -> u8 {
    match kind {
        AliasKind::Name => 0,
        AliasKind::Alias => 1,
        AliasKind::Demonym => 2,
    }
}

/// The alias kind of a code, for candidate lists too.
pub(crate) fn kind_of_code(code: u8) -> Option<AliasKind> {
    Some(match code {
        0 => AliasKind::Name,
        1 => AliasKind::Alias,
        2 => AliasKind::Demonym,
        _ => return None,
    })
}

pub(crate) fn write(gazetteer: &Gazetteer, w: &mut Writer) {
    let mut labels: Vec<&str> = Vec::new();
    let mut label_of = std::collections::HashMap::new();
    for entry in gazetteer.entries() {
        label_of.entry(entry.label.as_str()).or_insert_with(|| {
            labels.push(&entry.label);
            labels.len() as u32 - 1
        });
    }
    w.len(labels.len());
    for label in &labels {
        w.str(label);
    }
    w.len(gazetteer.len());
    for entry in gazetteer.entries() {
        w.str(&entry.id);
        w.str(&entry.name);
        w.var(u64::from(label_of[entry.label.as_str()]));
        w.u8(case_code(entry.case));
        w.len(entry.aliases.len());
        for alias in &entry.aliases {
            w.str(&alias.text);
            w.u8(kind_code(alias.kind));
            w.u8(case_code(alias.case));
        }
        write_object(&entry.attributes, w);
    }
}

fn read_case(r: &mut Reader<'_>) -> Result<Option<CaseMode>, GazetteerError> {
    Ok(match r.u8("case")? {
        0 => None,
        1 => Some(CaseMode::Smart),
        2 => Some(CaseMode::Insensitive),
        3 => Some(CaseMode::Exact),
        other => return Err(r.corrupt(format!("unknown case code {other}"))),
    })
}

pub(crate) fn read(r: &mut Reader<'_>, source: &str) -> Result<Gazetteer, GazetteerError> {
    let label_count = r.len(2, "labels")?;
    let labels = (0..label_count)
        .map(|_| r.str("label").map(str::to_owned))
        .collect::<Result<Vec<String>, _>>()?;
    // Each entry takes at least: id, name (2 bytes each), label, case, aliases, attributes.
    let count = r.len(7, "entries")?;
    let mut builder = Builder::with_capacity(source, count);
    for i in 0..count {
        let at = r.position();
        let id = r.str("id")?.to_owned();
        let name = r.str("name")?.to_owned();
        let label = r.var32("label")? as usize;
        let Some(label) = labels.get(label) else {
            return Err(r.corrupt(format!("entry {i}: label number {label} of {label_count}")));
        };
        let case = read_case(r)?;
        let alias_count = r.len(4, "aliases")?;
        let mut aliases = Vec::with_capacity(alias_count);
        for _ in 0..alias_count {
            let text = r.str("alias")?.to_owned();
            let code = r.u8("alias kind")?;
            let kind = kind_of_code(code)
                .ok_or_else(|| r.corrupt(format!("unknown alias kind code {code}")))?;
            let case = read_case(r)?;
            aliases.push(Alias { text, kind, case });
        }
        let attributes = read_object(r, 0)?;
        let entry = Entry {
            id,
            name,
            label: label.clone(),
            aliases,
            case,
            attributes,
        };
        builder
            .push(entry, i + 1)
            .map_err(|e| r.corrupt_at(at, format!("entry {i}: {e}")))?;
    }
    Ok(builder.finish())
}

/// JSON values nest at most this deep in a compiled file (serde_json's own limit).
const MAX_DEPTH: usize = 128;

fn write_object(map: &Map<String, Value>, w: &mut Writer) {
    w.len(map.len());
    for (key, value) in map {
        w.str(key);
        write_value(value, w);
    }
}

fn write_value(value: &Value, w: &mut Writer) {
    match value {
        Value::Null => w.u8(0),
        Value::Bool(b) => w.u8(1 + u8::from(*b)),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                w.u8(3);
                w.var(u);
            } else if let Some(i) = n.as_i64() {
                w.u8(4);
                w.u64(i as u64);
            } else {
                w.u8(5);
                w.u64(n.as_f64().expect("a JSON number is finite").to_bits());
            }
        }
        Value::String(s) => {
            w.u8(6);
            w.str(s);
        }
        Value::Array(items) => {
            w.u8(7);
            w.len(items.len());
            items.iter().for_each(|v| write_value(v, w));
        }
        Value::Object(map) => {
            w.u8(8);
            write_object(map, w);
        }
    }
}

fn read_object(r: &mut Reader<'_>, depth: usize) -> Result<Map<String, Value>, GazetteerError> {
    if depth > MAX_DEPTH {
        return Err(r.corrupt("attributes nest too deep"));
    }
    let mut map = Map::new();
    for _ in 0..r.len(2, "attributes")? {
        let key = r.str("attribute name")?.to_owned();
        let value = read_value(r, depth + 1)?;
        map.insert(key, value);
    }
    Ok(map)
}

fn read_value(r: &mut Reader<'_>, depth: usize) -> Result<Value, GazetteerError> {
    if depth > MAX_DEPTH {
        return Err(r.corrupt("attributes nest too deep"));
    }
    Ok(match r.u8("attribute")? {
        0 => Value::Null,
        1 => Value::Bool(false),
        2 => Value::Bool(true),
        3 => Value::from(r.var("number")?),
        4 => Value::from(r.u64("number")? as i64),
        5 => {
            let float = f64::from_bits(r.u64("number")?);
            serde_json::Number::from_f64(float)
                .map(Value::Number)
                .ok_or_else(|| r.corrupt("a number that is not finite"))?
        }
        6 => Value::String(r.str("attribute")?.to_owned()),
        7 => {
            let len = r.len(1, "array")?;
            Value::Array(
                (0..len)
                    .map(|_| read_value(r, depth + 1))
                    .collect::<Result<_, _>>()?,
            )
        }
        8 => Value::Object(read_object(r, depth + 1)?),
        other => return Err(r.corrupt(format!("unknown attribute tag {other}"))),
    })
}
