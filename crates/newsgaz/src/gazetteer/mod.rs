//! The gazetteer: entities with ids, labels and aliases.

pub(crate) mod compiled;

pub use crate::error::CompiledProblem;
mod files;
mod ids;

use std::io::BufRead;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{GazetteerError, Location};
use crate::normalize::CaseMode;

use ids::IdIndex;

/// What kind of surface form an alias is.
///
/// ```
/// use newsgaz::Entry;
/// use newsgaz::gazetteer::AliasKind;
/// let china = Entry::new("country:CN", "China", "COUNTRY").alias_of_kind("Chinese", AliasKind::Demonym);
/// assert_eq!(china.aliases[0].kind, AliasKind::Demonym);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum AliasKind {
    /// The entry's own name.
    Name,
    /// Another name for the entity (`PRC`, `Beijing` for the Chinese government...).
    #[default]
    Alias,
    /// A demonym or adjectival form that refers to the entity (`Chinese` → China).
    Demonym,
}

/// One surface form of an entry. In JSON an alias is a string, or an object
/// `{"text": "Chinese", "kind": "demonym", "case": "exact"}`.
///
/// ```
/// let alias = newsgaz::gazetteer::Alias::new("PRC");
/// assert_eq!((alias.text.as_str(), alias.kind, alias.case), ("PRC", newsgaz::gazetteer::AliasKind::Alias, None));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "AliasRepr", into = "AliasRepr")]
pub struct Alias {
    /// The surface form.
    pub text: String,
    /// What kind of form it is.
    pub kind: AliasKind,
    /// Case mode for this alias alone, overriding the entry's and the matcher's.
    pub case: Option<CaseMode>,
}

impl Alias {
    /// A plain alias.
    ///
    /// ```
    /// let alias = newsgaz::gazetteer::Alias::new("Beijing");
    /// assert_eq!(alias.text, "Beijing");
    /// ```
    pub fn new(text: impl Into<String>) -> Alias {
        Alias {
            text: text.into(),
            kind: AliasKind::Alias,
            case: None,
        }
    }

    /// An alias of the given kind.
    ///
    /// ```
    /// use newsgaz::gazetteer::{Alias, AliasKind};
    /// assert_eq!(Alias::of_kind("Russian", AliasKind::Demonym).kind, AliasKind::Demonym);
    /// ```
    pub fn of_kind(text: impl Into<String>, kind: AliasKind) -> Alias {
        Alias {
            kind,
            ..Alias::new(text)
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum AliasRepr {
    Text(String),
    Full {
        text: String,
        #[serde(default)]
        kind: AliasKind,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        case: Option<CaseMode>,
    },
}

impl From<AliasRepr> for Alias {
    fn from(r: AliasRepr) -> Alias {
        match r {
            AliasRepr::Text(text) => Alias::new(text),
            AliasRepr::Full { text, kind, case } => Alias { text, kind, case },
        }
    }
}

impl From<Alias> for AliasRepr {
    fn from(a: Alias) -> AliasRepr {
        if a.kind == AliasKind::Alias && a.case.is_none() {
            AliasRepr::Text(a.text)
        } else {
            AliasRepr::Full {
                text: a.text,
                kind: a.kind,
                case: a.case,
            }
        }
    }
}

/// One entity of a gazetteer.
///
/// The entry's `name` is itself an alias: it need not be repeated in `aliases`.
///
/// ```
/// let entry = newsgaz::Entry::new("city:lisbon", "Lisbon", "CITY").alias("Lisboa");
/// assert_eq!(entry.surface_forms().count(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Stable identifier, unique within the gazetteer (`country:CN`, `org:nato`...).
    pub id: String,
    /// Preferred display name.
    pub name: String,
    /// Entity type (`PERSON`, `COUNTRY`, `ORG`...).
    pub label: String,
    /// Other surface forms.
    #[serde(default)]
    pub aliases: Vec<Alias>,
    /// Case mode for this entry's forms, overriding the matcher's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<CaseMode>,
    /// Free-form attributes (ISO codes, population...), kept as given.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub attributes: Map<String, Value>,
}

/// A surface form of an entry as the matcher sees it.
///
/// ```
/// let entry = newsgaz::Entry::new("c:cn", "China", "COUNTRY").alias("PRC");
/// let forms: Vec<&str> = entry.surface_forms().map(|f| f.text).collect();
/// assert_eq!(forms, ["China", "PRC"]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SurfaceForm<'e> {
    /// The text.
    pub text: &'e str,
    /// Its kind.
    pub kind: AliasKind,
    /// Its case mode, if the alias or the entry sets one.
    pub case: Option<CaseMode>,
}

impl Entry {
    /// The entry of one JSON record (`id`, `name`, `label`, optional `aliases`, `case`
    /// and `attributes`; other fields become attributes), its errors placed at `at`.
    ///
    /// ```
    /// let value = serde_json::json!({"id": "c:cn", "name": "China", "label": "COUNTRY", "aliases": ["PRC"]});
    /// let entry = newsgaz::Entry::from_json(value, &newsgaz::Location::new("<records>").at_line(1))?;
    /// assert_eq!(entry.aliases[0].text, "PRC");
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn from_json(value: Value, at: &Location) -> Result<Entry, GazetteerError> {
        entry_from_value(value, at)
    }

    /// Creates an entry with no aliases besides its name.
    ///
    /// ```
    /// let entry = newsgaz::Entry::new("country:CN", "China", "COUNTRY");
    /// assert_eq!((entry.id.as_str(), entry.aliases.len()), ("country:CN", 0));
    /// ```
    pub fn new(id: impl Into<String>, name: impl Into<String>, label: impl Into<String>) -> Entry {
        Entry {
            id: id.into(),
            name: name.into(),
            label: label.into(),
            aliases: Vec::new(),
            case: None,
            attributes: Map::new(),
        }
    }

    /// Adds a plain alias (builder style).
    ///
    /// ```
    /// let entry = newsgaz::Entry::new("c:cn", "China", "COUNTRY").alias("PRC");
    /// assert_eq!(entry.aliases[0].text, "PRC");
    /// ```
    pub fn alias(mut self, alias: impl Into<String>) -> Entry {
        self.aliases.push(Alias::new(alias));
        self
    }

    /// Adds an alias of a given kind (builder style).
    ///
    /// ```
    /// use newsgaz::Entry;
    /// use newsgaz::gazetteer::AliasKind;
    /// let entry = Entry::new("c:cn", "China", "COUNTRY").alias_of_kind("Chinese", AliasKind::Demonym);
    /// assert_eq!(entry.aliases[0].kind, AliasKind::Demonym);
    /// ```
    pub fn alias_of_kind(mut self, alias: impl Into<String>, kind: AliasKind) -> Entry {
        self.aliases.push(Alias::of_kind(alias, kind));
        self
    }

    /// A place by its label: a country, region, continent or city (and the CoNLL and
    /// spaCy place labels). Read by the annotator wherever a place is told from an
    /// organisation or a person.
    pub(crate) fn is_place(&self) -> bool {
        self.is_country_or_region() || matches!(self.label.as_str(), "CITY" | "LOC" | "GPE")
    }

    /// A country, a region or a continent by its label: what a national side or a
    /// division keeps its name for.
    pub(crate) fn is_country_or_region(&self) -> bool {
        matches!(self.label.as_str(), "COUNTRY" | "REGION" | "CONTINENT")
    }

    /// The code of the country the entry is or lies in: its `country_code` attribute, or
    /// `iso2` for a country itself (the built-in gazetteer's ISO 3166-1 alpha-2 codes).
    ///
    /// ```
    /// let mut lisbon = newsgaz::Entry::new("c:lisbon", "Lisbon", "CITY");
    /// assert_eq!(lisbon.country_code(), None);
    /// lisbon.attributes.insert("country_code".into(), "PT".into());
    /// assert_eq!(lisbon.country_code(), Some("PT"));
    /// ```
    pub fn country_code(&self) -> Option<&str> {
        let code = |key: &str| self.attributes.get(key)?.as_str().filter(|c| !c.is_empty());
        code("country_code").or_else(|| code("iso2"))
    }

    /// The name followed by the aliases, each text once (first occurrence wins), in order.
    ///
    /// ```
    /// let entry = newsgaz::Entry::new("c:cn", "China", "COUNTRY").alias("China").alias("PRC");
    /// // The name first; an alias repeating it is given once.
    /// assert_eq!(entry.surface_forms().count(), 2);
    /// ```
    pub fn surface_forms(&self) -> impl Iterator<Item = SurfaceForm<'_>> {
        let mut seen: Vec<&str> = Vec::with_capacity(self.aliases.len() + 1);
        let name = SurfaceForm {
            text: &self.name,
            kind: AliasKind::Name,
            case: self.case,
        };
        std::iter::once(name)
            .chain(self.aliases.iter().map(|a| SurfaceForm {
                text: &a.text,
                kind: a.kind,
                case: a.case.or(self.case),
            }))
            .filter(move |form| {
                if seen.contains(&form.text) {
                    false
                } else {
                    seen.push(form.text);
                    true
                }
            })
    }
}

/// The index of an entry within its gazetteer.
///
/// ```
/// use newsgaz::{Entry, Gazetteer};
/// let g = Gazetteer::from_entries([Entry::new("c:cn", "China", "COUNTRY")], "example")?;
/// let index = g.index_of("c:cn").unwrap();
/// assert_eq!(g.entry(index).name, "China");
/// # Ok::<(), newsgaz::GazetteerError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct EntityIndex(u32);

impl EntityIndex {
    /// The index as a position: in its gazetteer, or past the gazetteer's entries, among
    /// the people an annotation found in the text (see [`Entities`]).
    ///
    /// ```
    /// # use newsgaz::{Entry, Gazetteer};
    /// let g = Gazetteer::from_entries([Entry::new("a", "A", "X"), Entry::new("b", "B", "X")], "g")?;
    /// assert_eq!(g.index_of("b").unwrap().as_usize(), 1);
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn as_usize(self) -> usize {
        self.0 as usize
    }

    /// The index at `position`; `None` past the 4,294,967,295 an index can hold.
    ///
    /// ```
    /// let index = newsgaz::EntityIndex::from_usize(7).unwrap();
    /// assert_eq!(index.as_usize(), 7);
    /// assert_eq!(newsgaz::EntityIndex::from_usize(usize::MAX), None);
    /// ```
    pub fn from_usize(position: usize) -> Option<EntityIndex> {
        u32::try_from(position).ok().map(EntityIndex)
    }

    /// The index as stored (compiled files, snapshots).
    pub(crate) fn as_u32(self) -> u32 {
        self.0
    }

    /// The index stored as `value`.
    pub(crate) fn from_u32(value: u32) -> EntityIndex {
        EntityIndex(value)
    }
}

/// What the entity indices of an annotation point to: the gazetteer's entries, then the
/// people found in the text, whose indices follow the gazetteer's (person `i` is index
/// `gazetteer.len() + i`). The one place that rule is written.
///
/// ```
/// use newsgaz::{Annotator, Gazetteer, Matcher};
/// use newsgaz::gazetteer::Entities;
///
/// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
/// let annotated = annotator.annotate_text("Mr Rui Silva went to Peru.");
/// let entities = Entities::new(annotated.gazetteer(), annotated.people());
/// let silva = entities.index_of("person:~rui-silva").unwrap();
/// assert_eq!((entities.found_position(silva), entities.entry(silva).name.as_str()), (Some(0), "Rui Silva"));
/// let peru = entities.index_of("country:PE").unwrap();
/// assert_eq!(entities.found_position(peru), None);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Entities<'a> {
    gazetteer: &'a Gazetteer,
    found: &'a [Entry],
}

impl<'a> Entities<'a> {
    /// The entries of `gazetteer`, then `found`.
    pub fn new(gazetteer: &'a Gazetteer, found: &'a [Entry]) -> Entities<'a> {
        Entities { gazetteer, found }
    }

    /// The entry `index` points to.
    pub fn entry(&self, index: EntityIndex) -> &'a Entry {
        match self.found_position(index) {
            Some(i) => &self.found[i],
            None => self.gazetteer.entry(index),
        }
    }

    /// Which of the people found in the text `index` points to, if it points past the
    /// gazetteer.
    pub fn found_position(&self, index: EntityIndex) -> Option<usize> {
        index.as_usize().checked_sub(self.gazetteer.len())
    }

    /// The index of the person found in the text at `position`.
    pub fn found_index(&self, position: usize) -> EntityIndex {
        EntityIndex::from_usize(self.gazetteer.len() + position).expect("over 4 billion entries")
    }

    /// The index of the entry whose id is `id`, in the gazetteer or among the people.
    pub fn index_of(&self, id: &str) -> Option<EntityIndex> {
        self.gazetteer.index_of(id).or_else(|| {
            let position = self.found.iter().position(|e| e.id == id)?;
            Some(self.found_index(position))
        })
    }
}

/// A validated list of entries with unique ids.
///
/// `Gazetteer::default()` is the built-in gazetteer (see [`Gazetteer::builtin`]).
///
/// ```
/// use newsgaz::{Entry, Gazetteer};
/// let g = Gazetteer::from_jsonl_str(r#"{"id": "c:cn", "name": "China", "label": "COUNTRY", "aliases": ["PRC"]}"#, "g.jsonl")?;
/// assert_eq!((g.len(), g.get("c:cn").unwrap().aliases.len()), (1, 1));
/// # Ok::<(), newsgaz::GazetteerError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    ids: IdIndex,
    /// The embedded built-in gazetteer or a copy of it (a gazetteer never changes once
    /// made): a matcher over it with the default options is the embedded compiled one.
    builtin: bool,
}

/// Two gazetteers are equal when they hold the same entries in the same order.
impl PartialEq for Gazetteer {
    fn eq(&self, other: &Gazetteer) -> bool {
        self.entries == other.entries
    }
}

impl Gazetteer {
    /// Whether this is the built-in gazetteer or an unchanged copy of it.
    pub(crate) fn is_builtin(&self) -> bool {
        self.builtin
    }

    /// Marks a gazetteer read from the embedded data as the built-in one.
    pub(crate) fn mark_builtin(&mut self) {
        self.builtin = true;
    }

    /// Validates `entries` (non-empty id, name and label; no empty alias; unique ids).
    ///
    /// `source` names the input in errors; entry `i` is reported as line `i + 1`.
    ///
    /// ```
    /// use newsgaz::{Entry, Gazetteer};
    /// let twice = [Entry::new("x", "X", "L"), Entry::new("x", "Y", "L")];
    /// assert!(Gazetteer::from_entries(twice, "example").is_err());
    /// ```
    pub fn from_entries(
        entries: impl IntoIterator<Item = Entry>,
        source: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        let mut builder = Builder::new(source);
        for (i, entry) in entries.into_iter().enumerate() {
            builder.push(entry, i + 1)?;
        }
        Ok(builder.finish())
    }

    /// Parses records given as JSON values (one object per entry).
    ///
    /// `source` names the input in errors; record `i` is reported as line `i + 1`.
    ///
    /// ```
    /// let values = [serde_json::json!({"id": "c:cn", "name": "China", "label": "COUNTRY", "population": 1400})];
    /// let g = newsgaz::Gazetteer::from_values(values, "<records>")?;
    /// assert_eq!(g.get("c:cn").unwrap().attributes["population"], 1400);
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn from_values(
        values: impl IntoIterator<Item = Value>,
        source: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        let mut builder = Builder::new(source);
        for (i, value) in values.into_iter().enumerate() {
            let at = Location::new(source).at_line(i + 1);
            builder.push(entry_from_value(value, &at)?, i + 1)?;
        }
        Ok(builder.finish())
    }

    /// Parses JSON Lines: one entry object per line; blank lines are skipped.
    ///
    /// ```
    /// let g = newsgaz::Gazetteer::from_jsonl_str("{\"id\": \"a\", \"name\": \"A\", \"label\": \"L\"}\n\n", "g")?;
    /// assert_eq!(g.len(), 1);
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn from_jsonl_str(text: &str, source: &str) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_jsonl_lines(text.lines().map(|l| Ok(l.to_owned())), source)
    }

    /// Reads JSON Lines from a reader.
    ///
    /// ```
    /// let text = "{\"id\": \"a\", \"name\": \"A\", \"label\": \"L\"}\n";
    /// let g = newsgaz::Gazetteer::from_jsonl_reader(std::io::Cursor::new(text), "g")?;
    /// assert_eq!(g.len(), 1);
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn from_jsonl_reader(
        reader: impl BufRead,
        source: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_jsonl_lines(reader.lines(), source)
    }

    /// Reads a JSON Lines file.
    ///
    /// ```
    /// let err = newsgaz::Gazetteer::from_jsonl_path("no/such/file.jsonl").unwrap_err();
    /// assert!(err.to_string().starts_with("no/such/file.jsonl"), "{err}");
    /// ```
    pub fn from_jsonl_path(path: impl AsRef<Path>) -> Result<Gazetteer, GazetteerError> {
        let path = path.as_ref();
        let source = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| GazetteerError::Io {
            at: Location::new(&source),
            source: e,
        })?;
        Gazetteer::from_jsonl_reader(std::io::BufReader::new(file), &source)
    }

    fn from_jsonl_lines(
        lines: impl Iterator<Item = std::io::Result<String>>,
        source: &str,
    ) -> Result<Gazetteer, GazetteerError> {
        let mut builder = Builder::new(source);
        for (i, line) in lines.enumerate() {
            let at = Location::new(source).at_line(i + 1);
            let line = line.map_err(|e| GazetteerError::Io {
                at: at.clone(),
                source: e,
            })?;
            let line = line.trim_start_matches('\u{feff}');
            if line.trim().is_empty() {
                continue;
            }
            let value: Value =
                serde_json::from_str(line).map_err(|e| GazetteerError::InvalidRecord {
                    at: at.clone(),
                    message: e.to_string(),
                })?;
            builder.push(entry_from_value(value, &at)?, i + 1)?;
        }
        Ok(builder.finish())
    }

    /// Merges several gazetteers; ids must stay unique across all of them.
    ///
    /// ```
    /// use newsgaz::{Entry, Gazetteer};
    /// let a = Gazetteer::from_entries([Entry::new("a", "A", "L")], "a")?;
    /// let b = Gazetteer::from_entries([Entry::new("b", "B", "L")], "b")?;
    /// assert_eq!(Gazetteer::merge([a, b])?.len(), 2);
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn merge(parts: impl IntoIterator<Item = Gazetteer>) -> Result<Gazetteer, GazetteerError> {
        let mut builder = Builder::new("<merged>");
        for part in parts {
            for (i, entry) in part.entries.into_iter().enumerate() {
                builder.push(entry, i + 1)?;
            }
        }
        Ok(builder.finish())
    }

    /// This gazetteer's entries first, then `base`'s entries whose ids it does not use:
    /// your own entries extend a base gazetteer (such as [`Gazetteer::builtin`]), replace
    /// its entries that share an id, and, coming first, are preferred among the candidates
    /// of an ambiguous alias.
    ///
    /// ```
    /// use newsgaz::{Entry, Gazetteer};
    /// let mine = Gazetteer::from_entries([Entry::new("country:CN", "China", "STATE")], "mine")?;
    /// let g = mine.overlay(Gazetteer::builtin());
    /// assert_eq!(g.get("country:CN").unwrap().label, "STATE");
    /// assert_eq!(g.len(), Gazetteer::builtin().len());
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn overlay(self, base: &Gazetteer) -> Gazetteer {
        let mut entries = self.entries;
        let mut ids = self.ids;
        for entry in base.entries() {
            if ids.get(&entries, &entry.id).is_none() {
                let index = EntityIndex::from_usize(entries.len()).expect("over 4 billion entries");
                entries.push(entry.clone());
                ids.insert(&entries, index).expect("a new id");
            }
        }
        Gazetteer {
            entries,
            ids,
            builtin: false,
        }
    }

    /// All entries, in input order.
    ///
    /// ```
    /// assert!(newsgaz::Gazetteer::builtin().entries().iter().any(|e| e.id == "org:nato"));
    /// ```
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry at `index`.
    ///
    /// ```
    /// let g = newsgaz::Gazetteer::builtin();
    /// assert_eq!(g.entry(g.index_of("org:nato").unwrap()).id, "org:nato");
    /// ```
    pub fn entry(&self, index: EntityIndex) -> &Entry {
        &self.entries[index.as_usize()]
    }

    /// The entry with `id`, if any.
    ///
    /// ```
    /// assert_eq!(newsgaz::Gazetteer::builtin().get("us-state:GA").unwrap().name, "Georgia");
    /// ```
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.index_of(id).map(|i| self.entry(i))
    }

    /// The index of the entry with `id`, if any.
    ///
    /// ```
    /// assert!(newsgaz::Gazetteer::builtin().index_of("no:such-id").is_none());
    /// ```
    pub fn index_of(&self, id: &str) -> Option<EntityIndex> {
        self.ids.get(&self.entries, id)
    }

    /// Number of entries.
    ///
    /// ```
    /// assert!(newsgaz::Gazetteer::builtin().len() > 1000);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is no entry.
    ///
    /// ```
    /// assert!(newsgaz::Gazetteer::merge([])?.is_empty());
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Accumulates validated entries, remembering where each id was first seen.
struct Builder<'s> {
    source: &'s str,
    entries: Vec<Entry>,
    ids: IdIndex,
    lines: Vec<usize>,
}

impl<'s> Builder<'s> {
    fn new(source: &'s str) -> Builder<'s> {
        Builder::with_capacity(source, 0)
    }

    fn with_capacity(source: &'s str, entries: usize) -> Builder<'s> {
        Builder {
            source,
            entries: Vec::with_capacity(entries),
            ids: IdIndex::with_capacity(entries),
            lines: Vec::with_capacity(entries),
        }
    }

    fn push(&mut self, entry: Entry, line: usize) -> Result<(), GazetteerError> {
        let at = Location::new(self.source).at_line(line);
        for (field, value) in [
            ("id", &entry.id),
            ("name", &entry.name),
            ("label", &entry.label),
        ] {
            if value.trim().is_empty() {
                return Err(GazetteerError::EmptyValue {
                    at: at.field(field),
                });
            }
        }
        if let Some(i) = entry.aliases.iter().position(|a| a.text.trim().is_empty()) {
            return Err(GazetteerError::EmptyValue {
                at: at.field(format!("aliases[{i}]")),
            });
        }
        // What is matched must hold a letter or a digit, of any script.
        let matched = std::iter::once(("name".to_owned(), &entry.name)).chain(
            entry
                .aliases
                .iter()
                .enumerate()
                .map(|(i, a)| (format!("aliases[{i}]"), &a.text)),
        );
        for (field, value) in matched {
            if !value.chars().any(char::is_alphanumeric) {
                return Err(GazetteerError::NoLetterOrDigit {
                    at: at.field(field),
                    value: value.clone(),
                });
            }
        }
        let index = EntityIndex::from_usize(self.entries.len()).expect("over 4 billion entries");
        self.entries.push(entry);
        if let Err(first) = self.ids.insert(&self.entries, index) {
            let entry = self.entries.pop().expect("just pushed");
            return Err(GazetteerError::DuplicateId {
                at: at.field("id"),
                id: entry.id,
                first_line: self.lines[first.as_usize()],
            });
        }
        self.lines.push(line);
        Ok(())
    }

    fn finish(self) -> Gazetteer {
        Gazetteer {
            entries: self.entries,
            ids: self.ids,
            builtin: false,
        }
    }
}

/// Reads one entry from a JSON object, naming the field at fault.
fn entry_from_value(value: Value, at: &Location) -> Result<Entry, GazetteerError> {
    let Value::Object(mut object) = value else {
        return Err(GazetteerError::InvalidRecord {
            at: at.clone(),
            message: format!("expected a JSON object, found {}", json_kind(&value)),
        });
    };
    let mut text_field = |name: &str| -> Result<String, GazetteerError> {
        match object.remove(name) {
            None | Some(Value::Null) => Err(GazetteerError::MissingField {
                at: at.clone().field(name),
            }),
            Some(Value::String(s)) => Ok(s),
            // Numeric ids are common in exported data: accept them as text.
            Some(Value::Number(n)) if name == "id" => Ok(n.to_string()),
            Some(other) => Err(GazetteerError::InvalidRecord {
                at: at.clone().field(name),
                message: format!("expected a string, found {}", json_kind(&other)),
            }),
        }
    };
    let id = text_field("id")?;
    let name = text_field("name")?;
    let label = text_field("label")?;
    let aliases = match object.remove("aliases") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                serde_json::from_value::<Alias>(item).map_err(|e| GazetteerError::InvalidRecord {
                    at: at.clone().field(format!("aliases[{i}]")),
                    message: format!("expected a string or {{\"text\", \"kind\", \"case\"}}: {e}"),
                })
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(GazetteerError::InvalidRecord {
                at: at.clone().field("aliases"),
                message: format!("expected an array, found {}", json_kind(&other)),
            })
        }
    };
    let case = match object.remove("case") {
        None | Some(Value::Null) => None,
        Some(value) => Some(serde_json::from_value::<CaseMode>(value).map_err(|e| {
            GazetteerError::InvalidRecord {
                at: at.clone().field("case"),
                message: e.to_string(),
            }
        })?),
    };
    let mut attributes = match object.remove("attributes") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map,
        Some(other) => {
            return Err(GazetteerError::InvalidRecord {
                at: at.clone().field("attributes"),
                message: format!("expected an object, found {}", json_kind(&other)),
            })
        }
    };
    // Unknown top-level fields are kept as attributes rather than dropped.
    attributes.extend(object);
    Ok(Entry {
        id,
        name,
        label,
        aliases,
        case,
        attributes,
    })
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Gazetteer, GazetteerError> {
        Gazetteer::from_jsonl_str(text, "g.jsonl")
    }

    #[test]
    fn loads_entries_and_keeps_unknown_fields() {
        let g = load(
            r#"{"id":"a","name":"Alpha","label":"ORG","aliases":["A1"],"iso":"AL"}

{"id":2,"name":"Beta","label":"ORG"}"#,
        )
        .unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g.get("a").unwrap().attributes["iso"], "AL");
        assert_eq!(g.get("2").unwrap().name, "Beta");
        let forms: Vec<(&str, AliasKind)> = g
            .get("a")
            .unwrap()
            .surface_forms()
            .map(|f| (f.text, f.kind))
            .collect();
        assert_eq!(
            forms,
            [("Alpha", AliasKind::Name), ("A1", AliasKind::Alias)]
        );
    }

    #[test]
    fn alias_objects_carry_kind_and_case() {
        let g = load(r#"{"id":"cn","name":"China","label":"COUNTRY","case":"exact","aliases":["PRC",{"text":"Chinese","kind":"demonym","case":"insensitive"}]}"#).unwrap();
        let e = g.get("cn").unwrap();
        let forms: Vec<(&str, AliasKind, Option<CaseMode>)> = e
            .surface_forms()
            .map(|f| (f.text, f.kind, f.case))
            .collect();
        assert_eq!(
            forms,
            [
                ("China", AliasKind::Name, Some(CaseMode::Exact)),
                ("PRC", AliasKind::Alias, Some(CaseMode::Exact)),
                ("Chinese", AliasKind::Demonym, Some(CaseMode::Insensitive)),
            ]
        );
        // Serialises back to the same shape.
        let line = serde_json::to_string(e).unwrap();
        assert_eq!(load(&line).unwrap().get("cn").unwrap(), e);
    }

    #[test]
    fn overlay_puts_yours_first_and_replaces_same_ids() {
        let base = load(
            "{\"id\":\"a\",\"name\":\"Old A\",\"label\":\"X\"}\n{\"id\":\"b\",\"name\":\"B\",\"label\":\"X\"}",
        )
        .unwrap();
        let yours = load(
            "{\"id\":\"c\",\"name\":\"C\",\"label\":\"X\"}\n{\"id\":\"a\",\"name\":\"New A\",\"label\":\"X\"}",
        )
        .unwrap();
        let g = yours.overlay(&base);
        let names: Vec<&str> = g.entries().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["C", "New A", "B"]);
        assert_eq!(g.get("b").unwrap().name, "B");
        assert_eq!(g.index_of("b"), EntityIndex::from_usize(2));
    }

    #[test]
    fn errors_name_line_and_field() {
        let cases = [
            (r#"{"id":"a","label":"X"}"#, "g.jsonl:1: field `name`: missing required field"),
            (
                "{\"id\":\"a\",\"name\":\"A\",\"label\":\"X\"}\n{\"id\":\"a\",\"name\":\"B\",\"label\":\"X\"}",
                "g.jsonl:2: field `id`: duplicate id `a` (first defined at line 1)",
            ),
            (
                r#"{"id":"a","name":"A","label":"X","aliases":["ok"," "]}"#,
                "g.jsonl:1: field `aliases[1]`: empty value",
            ),
            (r#"{"id":"a","name":"A","label":7}"#, "g.jsonl:1: field `label`: invalid record: expected a string, found a number"),
            ("[1]", "g.jsonl:1: invalid record: expected a JSON object, found an array"),
            (
                r#"{"id":"a","name":"A","label":"X","aliases":["A1","."]}"#,
                "g.jsonl:1: field `aliases[1]`: \".\" has no letter or digit",
            ),
            (
                "{\"id\":\"a\",\"name\":\"\u{200d}\",\"label\":\"X\"}",
                "g.jsonl:1: field `name`: \"\\u{200d}\" has no letter or digit",
            ),
            (
                r#"{"id":"a","name":"A","label":"X","aliases":["---"]}"#,
                "g.jsonl:1: field `aliases[0]`: \"---\" has no letter or digit",
            ),
            (
                r#"{"id":"a","name":"A","label":"X","aliases":[{"text":"B","kind":"nickname"}]}"#,
                "g.jsonl:1: field `aliases[0]`: invalid record: expected a string or {\"text\", \"kind\", \"case\"}: data did not match any variant of untagged enum AliasRepr",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(
                load(input).unwrap_err().to_string(),
                expected,
                "input: {input}"
            );
        }
        assert!(
            matches!(load("{oops").unwrap_err(), GazetteerError::InvalidRecord { at, .. } if at.line == Some(1))
        );
        // Letters and digits of any script are names.
        for name in ["東京", "٣", "7", "Ελλάδα"] {
            let line = format!(r#"{{"id":"a","name":"{name}","label":"X"}}"#);
            assert!(load(&line).is_ok(), "{name}");
        }
    }
}
