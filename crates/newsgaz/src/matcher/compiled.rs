//! A matcher in a compiled file: the crate version and options it was built with, its
//! gazetteer, its tables (what each folded key accepts), its engine and its word-start
//! filter. The word-start engine is stored as its packed radix tree, which loading checks
//! node by node in one pass over its bytes (`Trie::from_parts`: every offset where a
//! pre-order walk expects it, keys in order and valid UTF-8) instead of building it again
//! from the keys; the unanchored engine is stored as its keys and built on loading. Every
//! other index and range is checked against what it points into.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::prefilter::FirstWords;
use super::rules::{acceptance_key, CandidateRange, Pool, Rule, Variant, Variants};
use super::trie::Trie;
use super::{Candidate, Engine, Matcher, MatcherOptions, Pattern, Search, Tables, MAX_WALK};
use crate::binary::{self, Reader, Writer};
use crate::error::{GazetteerError, Location};
use crate::gazetteer::{compiled as entries, EntityIndex, Gazetteer};

/// The version of the code that built the tables: another version rebuilds them.
const BUILT_BY: &str = env!("CARGO_PKG_VERSION");

/// The engine is stored as its keys (the unanchored scan, built on loading).
const ENGINE_KEYS: u8 = 0;
/// The engine is stored as its packed radix tree (the word-start walks).
const ENGINE_TRIE: u8 = 1;

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
        let inner = &self.inner;
        // The tables written are the ones the engine was built or loaded with: a file is
        // what its matcher is. The unanchored engine is stored as its keys, which only a
        // fresh build of the tables holds.
        let fresh;
        let (patterns, variants, pool, engine) = match &inner.engine {
            Engine::WordStarts(trie) => (
                &inner.patterns[..],
                &inner.variants,
                &inner.pool,
                StoredEngine::Trie(trie),
            ),
            Engine::Unanchored(_) => {
                fresh = Tables::new(self.gazetteer(), self.options());
                (
                    &fresh.patterns[..],
                    &fresh.variants,
                    &fresh.pool,
                    StoredEngine::Keys(fresh.keys()),
                )
            }
        };
        let mut w = Writer::default();
        w.str(BUILT_BY);
        w.str(&serde_json::to_string(self.options()).expect("options serialise"));
        w.len(self.gazetteer().len());
        // Two sections, so that a loader can read them on two threads.
        let mut section = Writer::default();
        entries::write(self.gazetteer(), &mut section);
        w.bytes(&section.bytes);
        let mut section = Writer::default();
        write_tables(patterns, variants, pool, engine, &mut section);
        match &self.inner.first_words {
            Some(filter) => {
                let (first, follows, always) = filter.parts();
                section.u8(1);
                for blocks in [first, follows] {
                    section.len(blocks.len());
                    blocks.iter().for_each(|&b| section.u64(b));
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
    /// use newsgaz::{Entry, Gazetteer, GazetteerError, Matcher};
    /// use newsgaz::gazetteer::CompiledProblem;
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
        Matcher::load_compiled(bytes, source, false)
    }

    /// [`Matcher::from_compiled`], its gazetteer marked as the built-in one when `builtin`.
    pub(crate) fn load_compiled(
        bytes: &[u8],
        source: &str,
        builtin: bool,
    ) -> Result<Matcher, GazetteerError> {
        let mark = |mut gazetteer: Gazetteer| {
            if builtin {
                gazetteer.mark_builtin();
            }
            gazetteer
        };
        let payload = binary::open(bytes, source)?;
        let mut r = Reader::new(payload, source);
        let prefix = Prefix::read(&mut r)?;
        let entry_section = r.section("entries")?;
        let table_section = r.section("tables")?;
        if !r.is_done() {
            return Err(r.corrupt("bytes after the tables"));
        }
        if prefix.built_by != BUILT_BY {
            let gazetteer = mark(read_entries(entry_section, source)?);
            return Ok(Matcher::with_options(gazetteer, prefix.options));
        }
        let (gazetteer, search) = both(
            || read_entries(entry_section, source),
            || read_search(table_section, &prefix),
        );
        prefix.finish(mark(gazetteer?), search?, source)
    }

    /// Reads a compiled gazetteer file (see [`Matcher::from_compiled`]). Its two sections
    /// are read and loaded on two threads, each from its own handle of the file: reading
    /// tens of megabytes into fresh memory costs as much as loading them.
    ///
    /// ```
    /// let err = newsgaz::Matcher::from_compiled_path("no/such.ngz").unwrap_err();
    /// assert!(matches!(err, newsgaz::GazetteerError::Io { .. }), "{err}");
    /// ```
    pub fn from_compiled_path(path: impl AsRef<Path>) -> Result<Matcher, GazetteerError> {
        let path = path.as_ref();
        let source = path.display().to_string();
        let io = |e| GazetteerError::Io {
            at: Location::new(&source),
            source: e,
        };
        let whole = || Matcher::from_compiled(&std::fs::read(path).map_err(io)?, &source);
        let mut file = File::open(path).map_err(io)?;
        let metadata = file.metadata().map_err(io)?;
        if !metadata.is_file() || metadata.len() <= HEAD as u64 {
            return whole();
        }
        let file_len = metadata.len();
        let mut head = vec![0; HEAD];
        file.read_exact(&mut head).map_err(io)?;
        let header = binary::header(&head, file_len, &source)?;
        let Some(split) = Split::of(&head, file_len, &source) else {
            // Not laid out as this version writes files: the whole file says what is wrong.
            return whole();
        };
        // The length of the tables section, just after the entries.
        let gap_at = split.entries.end;
        let mut gap = vec![0; (split.payload_len - gap_at).min(10)];
        read_at(path, gap_at, &mut gap).map_err(io)?;
        let mut r = Reader::at_offset(&gap, gap_at, &source);
        let Ok((tables_at, tables_len)) = r.section_extent("tables") else {
            return whole();
        };
        if tables_at + tables_len != split.payload_len {
            return whole();
        }
        let part = |range: Range<usize>| {
            let mut bytes = vec![0; range.len()];
            read_at(path, range.start, &mut bytes).map_err(io)?;
            let mut crc = crc32fast::Hasher::new();
            crc.update(&bytes);
            Ok::<_, GazetteerError>((bytes, crc))
        };
        let prefix = &split.prefix;
        let (gazetteer, search) = both(
            || {
                let (bytes, crc) = part(split.entries.clone())?;
                let entries = read_entries(
                    Reader::at_offset(&bytes, split.entries.start, &source),
                    &source,
                );
                Ok::<_, GazetteerError>((entries, crc))
            },
            || {
                let (bytes, crc) = part(tables_at..split.payload_len)?;
                let search = read_search(Reader::at_offset(&bytes, tables_at, &source), prefix);
                Ok::<_, GazetteerError>((search, crc))
            },
        );
        let ((gazetteer, entries_crc), (search, tables_crc)) = (gazetteer?, search?);
        // The checksum first: a file that changed, or was damaged, says so.
        let mut crc = crc32fast::Hasher::new();
        crc.update(&head[binary::HEADER_LEN..binary::HEADER_LEN + split.entries.start]);
        crc.combine(&entries_crc);
        crc.update(&gap[..tables_at - gap_at]);
        crc.combine(&tables_crc);
        if crc.finalize() != header.checksum {
            return Err(binary::checksum_mismatch(&source));
        }
        split.prefix.finish(gazetteer?, search?, &source)
    }
}

/// The first bytes of a file that [`Matcher::from_compiled_path`] reads to find its
/// sections; a file this code writes has its prefix and the entries' length in them.
const HEAD: usize = 64 * 1024;

/// Reads `buf.len()` bytes at payload offset `at` of the file, through a handle of its own.
fn read_at(path: &Path, at: usize, buf: &mut [u8]) -> std::io::Result<()> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start((binary::HEADER_LEN + at) as u64))?;
    file.read_exact(buf)
}

/// What comes before the sections of a payload.
struct Prefix<'b> {
    built_by: &'b str,
    options: MatcherOptions,
    count: usize,
    count_at: usize,
}

impl<'b> Prefix<'b> {
    fn read(r: &mut Reader<'b>) -> Result<Prefix<'b>, GazetteerError> {
        let built_by = r.str("version")?;
        let options_at = r.position();
        let options: MatcherOptions = serde_json::from_str(r.str("options")?)
            .map_err(|e| r.corrupt_at(options_at, format!("options: {e}")))?;
        let count_at = r.position();
        // Not `len`: the entries may not be at hand (`Split::of`); `finish` checks the count.
        let count = r.var("entries")?;
        let count = usize::try_from(count)
            .map_err(|_| r.corrupt_at(count_at, format!("entries: {count}")))?;
        Ok(Prefix {
            built_by,
            options,
            count,
            count_at,
        })
    }

    /// The matcher of the loaded sections, once they agree with the prefix.
    fn finish(
        &self,
        gazetteer: Gazetteer,
        search: Search,
        source: &str,
    ) -> Result<Matcher, GazetteerError> {
        if gazetteer.len() != self.count {
            return Err(Reader::at_offset(&[], 0, source).corrupt_at(
                self.count_at,
                format!("{} entries announced, {} read", self.count, gazetteer.len()),
            ));
        }
        Ok(search.with(Arc::new(gazetteer), self.options.clone()))
    }
}

/// Where a file's sections lie in its payload, found from its first bytes.
struct Split<'b> {
    prefix: Prefix<'b>,
    /// The entries section's bytes (after its length).
    entries: Range<usize>,
    payload_len: usize,
}

impl<'b> Split<'b> {
    /// `None` when the first bytes do not hold the prefix, or the tables were built by
    /// another version (then the whole file is read, as [`Matcher::from_compiled`] does).
    fn of(head: &'b [u8], file_len: u64, source: &'b str) -> Option<Split<'b>> {
        let payload_len = usize::try_from(file_len).ok()? - binary::HEADER_LEN;
        let mut r = Reader::new(&head[binary::HEADER_LEN..], source);
        let prefix = Prefix::read(&mut r).ok()?;
        let (at, len) = r.section_extent("entries").ok()?;
        let end = at.checked_add(len).filter(|&end| end < payload_len)?;
        (prefix.built_by == BUILT_BY).then_some(Split {
            prefix,
            entries: at..end,
            payload_len,
        })
    }
}

/// `a` on another thread, `b` on this one.
fn both<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        let a = a
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}

/// The entries section: the gazetteer, every entry checked.
fn read_entries(mut section: Reader<'_>, source: &str) -> Result<Gazetteer, GazetteerError> {
    let gazetteer = entries::read(&mut section, source)?;
    if !section.is_done() {
        return Err(section.corrupt("bytes after the entries"));
    }
    Ok(gazetteer)
}

/// The tables section: tables, engine and filter, checked.
fn read_search(mut section: Reader<'_>, prefix: &Prefix<'_>) -> Result<Search, GazetteerError> {
    let (tables, trie) = read_tables(&mut section, prefix.count)?;
    let filter = read_filter(&mut section)?;
    if !section.is_done() {
        return Err(section.corrupt("bytes after the filter"));
    }
    let options = &prefix.options;
    Ok(match trie {
        Some(trie) => Search::loaded(options, tables, trie, filter),
        None => Search::new(options, tables, false, None),
    })
}

/// The first-word filter, when the file has one (any bits are safe: a wrong bit can only
/// make a search walk a start it could have skipped, or skip one, never read out of bounds).
fn read_filter(r: &mut Reader<'_>) -> Result<Option<FirstWords>, GazetteerError> {
    let kind_at = r.position();
    let kind = r.u8("filter")?;
    match kind {
        0 => return Ok(None),
        1 => {}
        _ => return Err(r.corrupt_at(kind_at, format!("filter kind {kind}"))),
    }
    let at = r.position();
    let blocks = |r: &mut Reader<'_>| {
        let count = r.len(8, "filter blocks")?;
        (0..count)
            .map(|_| r.u64("filter"))
            .collect::<Result<Vec<_>, _>>()
    };
    let first = blocks(r)?;
    let follows = blocks(r)?;
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

/// The engine as a compiled file stores it.
enum StoredEngine<'a> {
    /// The word-start engine's packed radix tree, byte for byte.
    Trie(&'a Trie),
    /// The keys, in order, for the unanchored engine (built on loading).
    Keys(Vec<&'a str>),
}

fn write_tables(
    patterns: &[Pattern],
    variants: &Variants,
    pool: &Pool,
    engine: StoredEngine<'_>,
    w: &mut Writer,
) {
    // The pool first, so that a reader checks each variant's ranges as it reads it. The
    // capitals in the order of the variants that use them (the pool has them in gazetteer
    // order, the variants are in key order): checking them on loading is then one pass.
    let mut capitals: Vec<u32> = Vec::with_capacity(pool.capitals.len());
    let rules: Vec<(u8, u32, u32)> = variants
        .list
        .iter()
        .map(|v| match v.rule {
            Rule::Capitals { start, len } => {
                let at = capitals.len() as u32;
                capitals.extend_from_slice(&pool.capitals[start as usize..][..len as usize]);
                (2, at, len)
            }
            other => rule_code(other),
        })
        .collect();
    w.u32s(&capitals);
    w.str(&pool.exact);
    w.len(pool.candidates.len());
    for c in &pool.candidates {
        w.var(u64::from(c.entity.as_u32()));
        w.u8(entries::kind_code(c.kind));
    }
    match engine {
        StoredEngine::Trie(trie) => {
            let (data, root) = trie.parts();
            w.u8(ENGINE_TRIE);
            w.bytes(data);
            // Plus one: an empty slot (u32::MAX) is then one byte, not five.
            root.iter()
                .for_each(|&slot| w.var(u64::from(slot.wrapping_add(1))));
        }
        StoredEngine::Keys(keys) => {
            // The keys in order, one after the other, then their lengths.
            w.u8(ENGINE_KEYS);
            w.str(&keys.concat());
            w.len(keys.len());
            for key in &keys {
                w.var(key.len() as u64);
            }
        }
    }
    // Variant counts, not ranges: small numbers, short varints.
    for p in patterns {
        w.var(u64::from(p.variant_count));
    }
    w.len(variants.list.len());
    for (v, &(code, a, b)) in variants.list.iter().zip(&rules) {
        w.u8(code);
        w.var(u64::from(a));
        w.var(u64::from(b));
        w.var(u64::from(v.candidates.start));
        w.var(u64::from(v.candidates.len));
    }
    // Sorted: the same tables give the same bytes.
    let mut unions: Vec<(&(u32, u64), &CandidateRange)> = variants.unions.iter().collect();
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
fn read_tables(
    r: &mut Reader<'_>,
    entities: usize,
) -> Result<(Tables, Option<Trie>), GazetteerError> {
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
            entity: EntityIndex::from_u32(entity),
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

    let engine_at = r.position();
    let (arena, keys, trie, key_lengths) = match r.u8("engine")? {
        ENGINE_TRIE => {
            let data = r.bytes("radix tree")?.to_vec();
            let mut root = Box::new([0u32; 256]);
            for slot in root.iter_mut() {
                *slot = r.var32("radix tree root")?.wrapping_sub(1);
            }
            let (trie, lengths) = Trie::from_parts(data, root, MAX_WALK)
                .map_err(|e| r.corrupt_at(engine_at, format!("radix tree: {e}")))?;
            (String::new(), Vec::new(), Some(trie), lengths)
        }
        ENGINE_KEYS => {
            let (arena, keys) = read_keys(r)?;
            let lengths = keys.iter().map(|k| k.end - k.start).collect();
            (arena, keys, None, lengths)
        }
        other => return Err(r.corrupt_at(engine_at, format!("engine {other}"))),
    };
    let key_count = key_lengths.len();

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
        let key_len = key_lengths[i] as usize;
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
    let tables = Tables {
        arena,
        keys,
        patterns,
        variants: Variants { list, unions },
        pool,
    };
    Ok((tables, trie))
}

/// The keys of the unanchored engine: sorted, distinct, non-empty, in one arena.
fn read_keys(r: &mut Reader<'_>) -> Result<(String, Vec<Range<u32>>), GazetteerError> {
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
    Ok((arena, keys))
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
                    x.candidates().iter().map(|c| c.entity.as_u32()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_loaded_matcher_compiles_to_the_bytes_it_was_loaded_from() {
        // A key over 1 KiB makes the matcher choose the unanchored engine (stored as keys).
        let long = Entry::new("x:long", "a ".repeat(600).trim_end(), "X");
        let with_long =
            Gazetteer::from_entries(gazetteer().entries().iter().cloned().chain([long]), "g")
                .unwrap();
        for g in [gazetteer(), with_long] {
            let options = MatcherOptions::with_case(CaseMode::Insensitive);
            let bytes = Matcher::with_options(g, options).to_compiled();
            let loaded = Matcher::from_compiled(&bytes, "g.ngz").unwrap();
            assert!(loaded.to_compiled() == bytes);
        }
        // The embedded built-in matcher, loaded, writes the same bytes as a fresh build.
        let builtin = Matcher::new(Gazetteer::builtin().clone());
        let fresh = Matcher::with_options(
            Gazetteer::builtin().as_ref().clone(),
            builtin.options().clone(),
        );
        assert!(builtin.to_compiled() == fresh.to_compiled());
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
                let only_entries = entries::read_file(&bytes, "g.ngz").unwrap();
                assert_eq!(only_entries, gazetteer());
            }
        }
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

    #[test]
    fn files_are_read_in_two_parts_with_the_same_result_and_the_same_errors() {
        // Over `HEAD` bytes, so that the sections are read apart.
        let mut entries: Vec<Entry> = (0..4000)
            .map(|i| Entry::new(format!("t:{i}"), format!("Town {i}"), "CITY"))
            .collect();
        entries.extend(gazetteer().entries().iter().cloned());
        let g = Gazetteer::from_entries(entries, "g").unwrap();
        let bytes = Matcher::new(g).to_compiled();
        assert!(bytes.len() > 2 * HEAD, "{}", bytes.len());
        let path = std::env::temp_dir().join(format!("newsgaz-split-{}.ngz", std::process::id()));
        let load = |bytes: &[u8]| {
            std::fs::write(&path, bytes).unwrap();
            Matcher::from_compiled_path(&path)
        };
        let whole = Matcher::from_compiled(&bytes, "g").unwrap();
        let split = load(&bytes).unwrap();
        assert_eq!(split.gazetteer(), whole.gazetteer());
        assert_eq!(found(&split), found(&whole));
        assert!(!found(&split).is_empty());

        let payload = binary::open(&bytes, "g").unwrap();
        let mut r = Reader::new(payload, "g");
        Prefix::read(&mut r).unwrap();
        let (entries_at, entries_len) = r.section_extent("entries").unwrap();
        let tables_len_at = binary::HEADER_LEN + entries_at + entries_len;
        // A byte changed in the prefix, the entries, the tables' length, the tables.
        for at in [
            40,
            binary::HEADER_LEN + entries_at + 100,
            tables_len_at,
            bytes.len() - 300,
        ] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x04;
            let err = load(&damaged).unwrap_err();
            let problem = match &err {
                GazetteerError::Compiled { problem, .. } => problem,
                other => panic!("{at}: {other}"),
            };
            assert!(matches!(problem, CompiledProblem::Checksum), "{at}: {err}");
            assert!(
                err.to_string().starts_with(&path.display().to_string()),
                "{err}"
            );
        }
        let err = load(&bytes[..bytes.len() - 1]).unwrap_err();
        assert!(
            matches!(
                err,
                GazetteerError::Compiled {
                    problem: CompiledProblem::Truncated { .. },
                    ..
                }
            ),
            "{err}"
        );
        let mut longer = bytes.clone();
        longer.push(0);
        let err = load(&longer).unwrap_err();
        assert!(
            matches!(
                err,
                GazetteerError::Compiled {
                    problem: CompiledProblem::Corrupt { .. },
                    ..
                }
            ),
            "{err}"
        );
        // Damage that the checksum was made to cover: the same error as from the bytes.
        let mut crafted = payload.to_vec();
        crafted[entries_at + 50] ^= 0xff;
        let crafted = seal(&crafted);
        let want = Matcher::from_compiled(&crafted, &path.display().to_string()).unwrap_err();
        assert_eq!(load(&crafted).unwrap_err().to_string(), want.to_string());
        std::fs::remove_file(&path).unwrap();
    }
}
