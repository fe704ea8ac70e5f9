//! A matcher in a compiled file: the crate version and options it was built with, its
//! gazetteer, and its tables (the folded keys and what each accepts). Loading checks every
//! index and range against what it points into, then rebuilds the radix tree and the
//! first-word filter from the keys: both are linear in the keys' bytes, and rebuilding them
//! means no stored pointer structure has to be trusted.

use std::path::Path;
use std::sync::Arc;

use super::prefilter::FirstWords;
use super::rules::{acceptance_key, CandidateRange, Pool, Rule, Variant, Variants};
use super::{Candidate, Matcher, MatcherOptions, Pattern, Search, Tables};
use crate::binary::{self, Reader, Writer};
use crate::error::{GazetteerError, Location};
use crate::gazetteer::{compiled as entries, EntityIndex, Gazetteer};

/// The version of the code that built the tables: another version rebuilds them.
const BUILT_BY: &str = env!("CARGO_PKG_VERSION");

impl Matcher {
    /// This matcher as a compiled gazetteer file: its options, its gazetteer and its search
    /// tables, loaded back by [`Matcher::from_compiled`] much faster than it was built. The
    /// bytes are the same for the same gazetteer and options.
    ///
    /// ```
    /// use newsgaz::{Entry, Gazetteer, Matcher};
    /// let g = Gazetteer::from_entries([Entry::new("c:cn", "China", "COUNTRY").alias("PRC")], "g")?;
    /// let bytes = Matcher::new(g).to_compiled();
    /// let loaded = Matcher::from_compiled(&bytes, "g.ngz")?;
    /// assert_eq!(loaded.find_iter("the PRC").count(), 1);
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn to_compiled(&self) -> Vec<u8> {
        let tables = Tables::new(self.gazetteer(), self.options());
        let mut w = Writer::default();
        w.str(BUILT_BY);
        w.str(&serde_json::to_string(self.options()).expect("options serialise"));
        w.len(self.gazetteer().len());
        // Two sections, so that a loader can read them on two threads.
        let mut section = Writer::default();
        entries::write(self.gazetteer(), &mut section);
        w.bytes(&section.bytes);
        let mut section = Writer::default();
        write_tables(&tables, &mut section);
        match &self.inner.first_words {
            Some(filter) => {
                let (blocks, follows, always) = filter.parts();
                // 1: first words only (files written before the second filter); 2: both.
                section.u8(if follows.is_some() { 2 } else { 1 });
                section.len(blocks.len());
                blocks.iter().for_each(|&b| section.u64(b));
                if let Some(follows) = follows {
                    section.len(follows.len());
                    follows.iter().for_each(|&b| section.u64(b));
                }
                always.iter().for_each(|&a| section.u8(u8::from(a)));
            }
            None => section.u8(0),
        }
        w.bytes(&section.bytes);
        binary::seal(&w.bytes)
    }

    /// Loads a matcher from a compiled gazetteer file's bytes (see [`Matcher::to_compiled`]);
    /// `source` names it in errors. A file of another format version, truncated, or
    /// corrupted is refused with a [`GazetteerError::Compiled`] saying which. Tables built
    /// by another version of newsgaz are rebuilt from the entries.
    ///
    /// ```
    /// use newsgaz::{CompiledProblem, Entry, Gazetteer, GazetteerError, Matcher};
    /// let g = Gazetteer::from_entries([Entry::new("c:cn", "China", "COUNTRY")], "g")?;
    /// let mut bytes = Matcher::new(g).to_compiled();
    /// let last = bytes.len() - 1;
    /// bytes[last] ^= 1;
    /// let err = Matcher::from_compiled(&bytes, "g.ngz").unwrap_err();
    /// assert!(matches!(err, GazetteerError::Compiled { problem: CompiledProblem::Checksum, .. }));
    /// assert_eq!(err.to_string(), "g.ngz: checksum mismatch: the file is corrupted");
    /// # Ok::<(), newsgaz::GazetteerError>(())
    /// ```
    pub fn from_compiled(bytes: &[u8], source: &str) -> Result<Matcher, GazetteerError> {
        let payload = binary::open(bytes, source)?;
        let mut r = Reader::new(payload, source);
        let built_by = r.str("version")?;
        let options_at = r.position();
        let options: MatcherOptions = serde_json::from_str(r.str("options")?)
            .map_err(|e| r.corrupt_at(options_at, format!("options: {e}")))?;
        let count_at = r.position();
        let count = r.len(0, "entries")?;
        let entry_section = r.section("entries")?;
        let mut table_section = r.section("tables")?;
        if !r.is_done() {
            return Err(r.corrupt("bytes after the tables"));
        }
        let read_entries = |mut section: Reader<'_>| {
            let gazetteer = entries::read(&mut section, source)?;
            if !section.is_done() {
                return Err(section.corrupt("bytes after the entries"));
            }
            Ok(gazetteer)
        };
        if built_by != BUILT_BY {
            let gazetteer = read_entries(entry_section)?;
            return Ok(Matcher::with_options(gazetteer, options));
        }
        // The entries on another thread, the tables and the engine on this one.
        let (gazetteer, search) = std::thread::scope(|scope| {
            let entries = scope.spawn(|| read_entries(entry_section));
            let search = (|| {
                let tables = read_tables(&mut table_section, count)?;
                let filter = read_filter(&mut table_section)?;
                if !table_section.is_done() {
                    return Err(table_section.corrupt("bytes after the filter"));
                }
                Ok(Search::new(&options, tables, false, filter))
            })();
            let gazetteer = entries
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (gazetteer, search)
        });
        let (gazetteer, search) = (gazetteer?, search?);
        if gazetteer.len() != count {
            return Err(r.corrupt_at(
                count_at,
                format!("{count} entries announced, {} read", gazetteer.len()),
            ));
        }
        Ok(search.with(Arc::new(gazetteer), options))
    }

    /// Reads a compiled gazetteer file (see [`Matcher::from_compiled`]).
    ///
    /// ```
    /// let err = newsgaz::Matcher::from_compiled_path("no/such.ngz").unwrap_err();
    /// assert!(matches!(err, newsgaz::GazetteerError::Io { .. }), "{err}");
    /// ```
    pub fn from_compiled_path(path: impl AsRef<Path>) -> Result<Matcher, GazetteerError> {
        let path = path.as_ref();
        let source = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| GazetteerError::Io {
            at: Location::new(&source),
            source: e,
        })?;
        Matcher::from_compiled(&bytes, &source)
    }
}

/// The gazetteer of a compiled file, without building its matcher.
pub(crate) fn read_gazetteer(bytes: &[u8], source: &str) -> Result<Gazetteer, GazetteerError> {
    let payload = binary::open(bytes, source)?;
    let mut r = Reader::new(payload, source);
    r.str("version")?;
    r.str("options")?;
    r.len(0, "entries")?;
    entries::read(&mut r.section("entries")?, source)
}

/// The first-word filter, when the file has one (any bits are safe: a wrong bit can only
/// make a search walk a start it could have skipped, or skip one, never read out of bounds).
fn read_filter(r: &mut Reader<'_>) -> Result<Option<FirstWords>, GazetteerError> {
    let kind_at = r.position();
    let kind = r.u8("filter")?;
    if kind == 0 {
        return Ok(None);
    }
    if kind > 2 {
        return Err(r.corrupt_at(kind_at, format!("filter kind {kind}")));
    }
    let at = r.position();
    let blocks = |r: &mut Reader<'_>| {
        let count = r.len(8, "filter blocks")?;
        (0..count)
            .map(|_| r.u64("filter"))
            .collect::<Result<Vec<_>, _>>()
    };
    let first = blocks(r)?;
    let follows = if kind == 2 { Some(blocks(r)?) } else { None };
    let mut always = Box::new([false; 256]);
    for slot in always.iter_mut() {
        *slot = r.u8("filter")? != 0;
    }
    FirstWords::from_parts(first, follows, always)
        .map(Some)
        .ok_or_else(|| r.corrupt_at(at, "filter blocks, not a power of two".to_owned()))
}

fn rule_code(rule: Rule) -> (u8, u32, u32) {
    match rule {
        Rule::Any => (0, 0, 0),
        Rule::Acronym => (1, 0, 0),
        Rule::Capitals { start, len } => (2, start, len),
        Rule::Exact { start, len } => (3, start, len),
    }
}

fn write_tables(tables: &Tables, w: &mut Writer) {
    // The pool first, so that a reader checks each variant's ranges as it reads it.
    w.u32s(&tables.pool.capitals);
    w.str(&tables.pool.exact);
    w.len(tables.pool.candidates.len());
    for c in &tables.pool.candidates {
        w.var(u64::from(c.entity.0));
        w.u8(entries::kind_code(c.kind));
    }
    // The keys in order, one after the other, then their lengths; variant counts, not
    // ranges: small numbers, short varints.
    let keys = tables.keys();
    w.str(&keys.concat());
    w.len(keys.len());
    for key in &keys {
        w.var(key.len() as u64);
    }
    for p in &tables.patterns {
        w.var(u64::from(p.variant_count));
    }
    w.len(tables.variants.list.len());
    for v in &tables.variants.list {
        let (code, a, b) = rule_code(v.rule);
        w.u8(code);
        w.var(u64::from(a));
        w.var(u64::from(b));
        w.var(u64::from(v.candidates.start));
        w.var(u64::from(v.candidates.len));
    }
    // Sorted: the same tables give the same bytes.
    let mut unions: Vec<(&(u32, u64), &CandidateRange)> = tables.variants.unions.iter().collect();
    unions.sort_unstable_by_key(|(key, _)| **key);
    w.len(unions.len());
    for (&(pattern, key), range) in unions {
        w.var(u64::from(pattern));
        w.var(key);
        w.var(u64::from(range.start));
        w.var(u64::from(range.len));
    }
}

/// Reads the tables and checks that every index and range points inside what it refers
/// to, so that searching with them cannot go out of bounds. Each table is read straight
/// into its final place: a million keys make tens of megabytes, and on a virtual machine
/// faulting fresh pages in is most of the cost of loading.
fn read_tables(r: &mut Reader<'_>, entities: usize) -> Result<Tables, GazetteerError> {
    let capitals = r.u32s("capitals")?;
    let exact = r.str("exact forms")?.to_owned();
    let candidates_at = r.position();
    let candidate_count = r.len(2, "candidates")?;
    let mut candidates = Vec::with_capacity(candidate_count);
    for i in 0..candidate_count {
        let entity = r.var32("candidate")?;
        let code = r.u8("candidate")?;
        let kind = entries::kind_of_code(code)
            .filter(|_| (entity as usize) < entities)
            .ok_or_else(|| {
                r.corrupt_at(
                    candidates_at,
                    format!("candidate {i}: entity {entity}, kind {code}"),
                )
            })?;
        candidates.push(Candidate {
            entity: EntityIndex(entity),
            kind,
        });
    }
    let pool = Pool {
        capitals,
        exact,
        candidates,
    };
    let candidate_range = |r: &Reader<'_>, at: usize, start: u32, len: u32| {
        let fits = len > 0 && (start as u64 + len as u64) <= pool.candidates.len() as u64;
        fits.then_some(CandidateRange { start, len })
            .ok_or_else(|| r.corrupt_at(at, format!("candidate range {start}+{len}")))
    };

    let arena_at = r.position();
    let arena = r.str("keys")?.to_owned();
    if arena.len() > u32::MAX as usize {
        return Err(r.corrupt_at(arena_at, "keys over 4 GiB"));
    }
    let lengths_at = r.position();
    let key_count = r.len(1, "keys")?;
    let mut keys = Vec::with_capacity(key_count);
    let mut previous: Option<&str> = None;
    let mut start = 0usize;
    for i in 0..key_count {
        let len = r.var("key length")?;
        let key = usize::try_from(len)
            .ok()
            .filter(|&len| len > 0)
            .and_then(|len| arena.get(start..start.checked_add(len)?))
            .ok_or_else(|| r.corrupt_at(lengths_at, format!("key {i}: length {len} at {start}")))?;
        if previous.is_some_and(|p| p >= key) {
            return Err(r.corrupt_at(arena_at, format!("key {i} is out of order")));
        }
        previous = Some(key);
        let end = start + key.len();
        keys.push(start as u32..end as u32);
        start = end;
    }
    if start != arena.len() {
        return Err(r.corrupt_at(arena_at, "bytes after the last key"));
    }

    let mut patterns = Vec::with_capacity(key_count);
    let mut first_variant = 0u32;
    for _ in 0..key_count {
        let variant_count = r.var32("variant count")?;
        patterns.push(Pattern {
            first_variant,
            variant_count,
        });
        first_variant = first_variant
            .checked_add(variant_count)
            .ok_or_else(|| r.corrupt("over 2^32 variants"))?;
    }

    let variant_count = r.len(5, "variants")?;
    let mut list = Vec::with_capacity(variant_count);
    for _ in 0..variant_count {
        let at = r.position();
        let code = r.u8("rule")?;
        let (a, b) = (r.var32("rule")?, r.var32("rule")?);
        let rule = match code {
            0 => Rule::Any,
            1 => Rule::Acronym,
            2 if (a as u64 + b as u64) <= pool.capitals.len() as u64 => {
                Rule::Capitals { start: a, len: b }
            }
            3 if pool
                .exact
                .get(a as usize..a as usize + b as usize)
                .is_some() =>
            {
                Rule::Exact { start: a, len: b }
            }
            _ => return Err(r.corrupt_at(at, format!("rule {code} with range {a}+{b}"))),
        };
        let (start, len) = (r.var32("candidates")?, r.var32("candidates")?);
        list.push(Variant {
            rule,
            candidates: candidate_range(r, at, start, len)?,
        });
    }

    let union_count = r.len(4, "unions")?;
    let mut unions = std::collections::HashMap::with_capacity(union_count);
    for _ in 0..union_count {
        let at = r.position();
        let key = (r.var32("union")?, r.var("union")?);
        let (start, len) = (r.var32("union")?, r.var32("union")?);
        if unions
            .insert(key, candidate_range(r, at, start, len)?)
            .is_some()
        {
            return Err(r.corrupt_at(at, "a union given twice"));
        }
    }

    // Each pattern's variants lie in the list, its capitals inside its key, and every
    // union a search can ask for of a pattern with several variants is there; with the
    // count equal, there is no other.
    let mut expected_unions = 0u64;
    for (i, p) in patterns.iter().enumerate() {
        let first = p.first_variant as u64;
        let end = first + p.variant_count as u64;
        if p.variant_count == 0 || end > list.len() as u64 {
            return Err(r.corrupt(format!("pattern {i}: variants {first}..{end}")));
        }
        let own = &list[first as usize..end as usize];
        let key_len = keys[i].len();
        for v in own {
            if let Rule::Capitals { start, len } = v.rule {
                let offsets = &pool.capitals[start as usize..(start + len) as usize];
                if offsets.iter().any(|&o| o as usize >= key_len) {
                    return Err(r.corrupt(format!("pattern {i}: a capital past its key")));
                }
            }
        }
        if own.len() > 1 {
            let loose = own
                .iter()
                .filter(|v| !matches!(v.rule, Rule::Exact { .. }))
                .count();
            let exact = own.len() - loose;
            if loose > 16 {
                return Err(r.corrupt(format!("pattern {i}: {loose} loose variants")));
            }
            for mask in 0u64..(1 << loose) {
                for choice in 0..=exact {
                    if mask == 0 && choice == 0 {
                        continue;
                    }
                    if !unions.contains_key(&(i as u32, acceptance_key(mask, choice))) {
                        return Err(r.corrupt(format!("pattern {i}: a union is missing")));
                    }
                    expected_unions += 1;
                }
            }
        }
    }
    if expected_unions != unions.len() as u64 {
        return Err(r.corrupt("a union of no pattern"));
    }
    Ok(Tables {
        arena,
        keys,
        patterns,
        variants: Variants { list, unions },
        pool,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::binary::seal;
    use crate::error::CompiledProblem;
    use crate::gazetteer::{AliasKind, Entry};
    use crate::normalize::CaseMode;

    fn gazetteer() -> Gazetteer {
        let mut apple = Entry::new("org:apple", "Apple", "ORG");
        apple.case = Some(CaseMode::Exact);
        apple
            .attributes
            .insert("founded".into(), serde_json::json!(1976));
        apple.attributes.insert(
            "nested".into(),
            serde_json::json!({"a": [1, -2, 2.5, null, true, "x"]}),
        );
        Gazetteer::from_entries(
            [
                apple,
                Entry::new("fruit:apple", "apple", "FOOD"),
                Entry::new("c:cn", "China", "COUNTRY")
                    .alias_of_kind("Chinese", AliasKind::Demonym)
                    .alias("中国"),
                Entry::new("c:us", "United States", "COUNTRY").alias("US"),
                Entry::new("p:sp", "São Paulo", "CITY").alias("Sampa"),
                Entry::new("dc", "District of Columbia", "REGION"),
            ],
            "g",
        )
        .unwrap()
    }

    const TEXT: &str = "Apple and apple, APPLE; the US, us, Chinese 中国 ships off Sao Paulo in the District of Columbia.";

    fn found(m: &Matcher) -> Vec<(usize, usize, Vec<u32>)> {
        m.find_iter(TEXT)
            .map(|x| {
                (
                    x.start(),
                    x.end(),
                    x.candidates().iter().map(|c| c.entity.0).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn round_trip_keeps_entries_options_and_results() {
        for case in [CaseMode::Smart, CaseMode::Insensitive, CaseMode::Exact] {
            for word_boundaries in [true, false] {
                let options = MatcherOptions {
                    case,
                    word_boundaries,
                    ..MatcherOptions::default()
                };
                let built = Matcher::with_options(gazetteer(), options.clone());
                let bytes = built.to_compiled();
                assert_eq!(bytes, built.to_compiled(), "deterministic");
                let loaded = Matcher::from_compiled(&bytes, "g.ngz").unwrap();
                assert_eq!(loaded.options(), &options);
                assert_eq!(**loaded.gazetteer(), gazetteer());
                assert_eq!(found(&loaded), found(&built), "{options:?}");
                assert!(!found(&built).is_empty());
                let only_entries = read_gazetteer(&bytes, "g.ngz").unwrap();
                assert_eq!(only_entries, gazetteer());
            }
        }
    }

    #[test]
    fn files_with_the_first_word_filter_alone_still_load() {
        // A matcher whose filter has no second part writes filter kind 1, as files did
        // before the second filter; such a file loads and finds the same.
        let options = MatcherOptions::default();
        let tables = Tables::new(&gazetteer(), &options);
        let keys = tables.keys();
        let (first, follows, always) = {
            let full = FirstWords::new(&keys);
            let (first, follows, always) = full.parts();
            (first.to_vec(), follows.is_some(), Box::new(*always))
        };
        assert!(follows);
        drop(keys);
        let filter = FirstWords::from_parts(first, None, always).unwrap();
        let old = Search::new(&options, tables, false, Some(filter))
            .with(Arc::new(gazetteer()), options.clone());
        let bytes = old.to_compiled();
        let built = Matcher::with_options(gazetteer(), options);
        assert_ne!(bytes, built.to_compiled(), "kind 1, not kind 2");
        let loaded = Matcher::from_compiled(&bytes, "old.ngz").unwrap();
        assert_eq!(found(&loaded), found(&built));
        assert!(!found(&loaded).is_empty());
    }

    #[test]
    fn another_versions_tables_are_rebuilt_from_the_entries() {
        let built = Matcher::new(gazetteer());
        let payload = binary::open(&built.to_compiled(), "g").unwrap().to_vec();
        let mut w = Writer::default();
        w.str("0.0.0-other");
        let mut r = Reader::new(&payload, "g");
        r.str("version").unwrap();
        w.bytes.extend_from_slice(&payload[r.position()..]);
        let loaded = Matcher::from_compiled(&seal(&w.bytes), "g").unwrap();
        assert_eq!(found(&loaded), found(&built));
    }

    #[test]
    fn any_damage_is_refused_or_harmless_never_a_panic() {
        let bytes = Matcher::new(gazetteer()).to_compiled();
        // Truncated anywhere: refused.
        for len in 0..bytes.len() {
            let err = Matcher::from_compiled(&bytes[..len], "g").unwrap_err();
            assert!(
                matches!(
                    err,
                    GazetteerError::Compiled {
                        problem: CompiledProblem::NotCompiled | CompiledProblem::Truncated { .. },
                        ..
                    }
                ),
                "{len}: {err}"
            );
        }
        let payload = binary::open(&bytes, "g").unwrap();
        for i in 0..payload.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut damaged = payload.to_vec();
                damaged[i] ^= flip;
                // With the checksum right, as a crafted file would have it: every value is
                // checked, so the file is refused or loads into a matcher that searches.
                match Matcher::from_compiled(&seal(&damaged), "g") {
                    Ok(m) => {
                        let _ = m.find_iter(TEXT).count();
                        let _ = m.find_overlapping_iter(TEXT).count();
                    }
                    Err(GazetteerError::Compiled { problem, .. }) => {
                        assert!(
                            matches!(problem, CompiledProblem::Corrupt { .. }),
                            "{i}: {problem}"
                        );
                    }
                    Err(other) => panic!("byte {i}: {other}"),
                }
            }
        }
    }
}
