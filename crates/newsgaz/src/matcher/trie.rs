//! A radix tree of the folded aliases, walked anchored from each position where a mention
//! may start.
//!
//! Anchored walks need no failure transitions, which are most of the cost of building an
//! Aho-Corasick automaton; a radix tree built from the sorted keys has at most two nodes
//! per key and stores each run of single-child bytes once, as a label. Each node is packed
//! into one run of bytes (header, label, child bytes, for wide nodes a table of child slots
//! by byte, child offsets) so that a step of a walk touches one or two cache lines.

/// No pattern ends at this node.
const NONE: u32 = u32::MAX;

/// Bytes before a packed node's label: pattern (u32), label length (u32), child count (u16).
const HEADER: usize = 10;

/// A node with more children than this (a wide node, near the root) also stores a table
/// of 256 bytes, each child's slot plus one by first byte: one lookup instead of a
/// binary search of dependent loads, the hottest part of walks on large gazetteers.
const NARROW: usize = 8;

/// Whether a node of `children` children has the table (slots must fit a byte).
fn is_wide(children: usize) -> bool {
    children > NARROW && children < 256
}

/// The packed radix tree.
#[derive(Debug)]
pub(super) struct Trie {
    /// Nodes, each `HEADER` bytes, then its label, its children's first bytes (sorted),
    /// for a wide node the table of slots by byte, then its children's offsets in `data`
    /// (u32 little-endian each).
    data: Vec<u8>,
    /// The offsets of the root's children by first byte (`NONE` when absent).
    root: Box<[u32; 256]>,
}

#[inline]
fn read_u32(data: &[u8], at: usize) -> u32 {
    // One bounds check for the four bytes.
    u32::from_le_bytes(data[at..at + 4].try_into().expect("four bytes"))
}

/// A node waiting to be written: keys `lo..hi` (sorted) go through it, its path is
/// `depth` bytes long, and the bytes of its label are those of `label_from..depth`.
struct Pending {
    /// Where its offset goes: a root slot, or the offset slot in its parent.
    target: Target,
    lo: usize,
    hi: usize,
    label_from: usize,
    depth: usize,
}

#[derive(Clone, Copy)]
enum Target {
    Root(u8),
    Slot(usize),
}

/// The children of the keys `lo..hi`, whose common path is `depth` bytes long: for each
/// first byte, the keys that have it and the length of their common path.
fn children<'k>(
    key: &impl Fn(usize) -> &'k [u8],
    lo: usize,
    hi: usize,
    depth: usize,
    out: &mut Vec<(u8, usize, usize, usize)>,
) {
    out.clear();
    let mut a = lo;
    while a < hi {
        let byte = key(a)[depth];
        let mut b = a + 1;
        while b < hi && key(b)[depth] == byte {
            b += 1;
        }
        // The range's common prefix is that of its first and last keys.
        let (first, last) = (key(a), key(b - 1));
        let common = first
            .iter()
            .zip(last)
            .skip(depth + 1)
            .take_while(|(x, y)| x == y)
            .count();
        out.push((byte, a, b, depth + 1 + common));
        a = b;
    }
}

impl Trie {
    /// Builds the tree of `keys`, which must be sorted, distinct and non-empty; pattern
    /// `i` is `keys[i]`. Nodes are written packed, depth first, as they are found (each
    /// parent's child offsets filled in when the child is written): no tree is built
    /// first, so the build keeps little beyond the result.
    pub(super) fn new<K: AsRef<str>>(keys: &[K]) -> Trie {
        debug_assert!(keys.windows(2).all(|w| w[0].as_ref() < w[1].as_ref()));
        let key = |i: usize| keys[i].as_ref().as_bytes();
        let mut root = Box::new([NONE; 256]);
        let mut data = Vec::new();
        let mut group = Vec::new();
        let mut pending: Vec<Pending> = Vec::new();
        // The root: its children are reached through `root`, by first byte.
        children(&key, 0, keys.len(), 0, &mut group);
        for &(byte, lo, hi, depth) in group.iter().rev() {
            pending.push(Pending {
                target: Target::Root(byte),
                lo,
                hi,
                label_from: 1,
                depth,
            });
        }
        while let Some(node) = pending.pop() {
            let offset = u32::try_from(data.len()).expect("radix tree under 4 GiB");
            match node.target {
                Target::Root(byte) => root[byte as usize] = offset,
                Target::Slot(at) => data[at..at + 4].copy_from_slice(&offset.to_le_bytes()),
            }
            let Pending {
                mut lo,
                hi,
                label_from,
                depth,
                ..
            } = node;
            let label = &key(lo)[label_from..depth];
            let mut pattern = NONE;
            if key(lo).len() == depth {
                // Sorted and distinct: only the first key can end here.
                pattern = lo as u32;
                lo += 1;
            }
            children(&key, lo, hi, depth, &mut group);
            let count = group.len();
            data.extend_from_slice(&pattern.to_le_bytes());
            data.extend_from_slice(&(label.len() as u32).to_le_bytes());
            data.extend_from_slice(&(count as u16).to_le_bytes());
            data.extend_from_slice(label);
            data.extend(group.iter().map(|&(byte, ..)| byte));
            if is_wide(count) {
                let mut table = [0u8; 256];
                for (slot, &(byte, ..)) in group.iter().enumerate() {
                    table[byte as usize] = slot as u8 + 1;
                }
                data.extend_from_slice(&table);
            }
            let slots = data.len();
            data.resize(slots + 4 * count, 0);
            for (i, &(_, lo, hi, child_depth)) in group.iter().enumerate().rev() {
                pending.push(Pending {
                    target: Target::Slot(slots + 4 * i),
                    lo,
                    hi,
                    label_from: depth + 1,
                    depth: child_depth,
                });
            }
        }
        data.shrink_to_fit();
        Trie { data, root }
    }

    /// The packed nodes and the root's slots, as a compiled file stores them.
    pub(super) fn parts(&self) -> (&[u8], &[u32; 256]) {
        (&self.data, &self.root)
    }

    /// A tree from the parts [`Trie::parts`] gave, checked to be one that [`Trie::new`]
    /// could have built: every node where the walk in pre-order expects it (so each is
    /// reached once, the walk ends, and no byte is left over), every part inside the data,
    /// child bytes ascending and the wide tables matching them, patterns numbered in key
    /// order, each key valid UTF-8 and at most `max_key` bytes. A search with such a tree
    /// cannot go out of bounds or end inside a character. Gives each pattern's key length.
    /// Linear in the data: no key is rebuilt.
    pub(super) fn from_parts(
        data: Vec<u8>,
        root: Box<[u32; 256]>,
        max_key: usize,
    ) -> Result<(Trie, Vec<u32>), String> {
        let mut lengths: Vec<u32> = Vec::new();
        // (node, bytes of the key before its label, UTF-8 state after them).
        let mut stack: Vec<(u32, usize, Utf8)> = Vec::new();
        for byte in (0..=255u8).rev() {
            let node = root[byte as usize];
            if node != NONE {
                let state = Utf8::default()
                    .step(byte)
                    .ok_or_else(|| format!("root byte {byte:#04x} begins no character"))?;
                stack.push((node, 1, state));
            }
        }
        let mut next = 0usize;
        while let Some((node, depth, state)) = stack.pop() {
            let at = node as usize;
            if at != next {
                return Err(format!("a node at {at}, where {next} was expected"));
            }
            let part = |from: usize, len: usize, what: &str| {
                from.checked_add(len)
                    .and_then(|end| data.get(from..end))
                    .ok_or_else(|| format!("node at {at}: {what} past the end"))
            };
            let header = part(at, HEADER, "header")?;
            let pattern = read_u32(header, 0);
            let label_len = read_u32(header, 4) as usize;
            let count = u16::from_le_bytes([header[8], header[9]]) as usize;
            let label = part(at + HEADER, label_len, "label")?;
            let depth = depth + label_len;
            if depth > max_key {
                return Err(format!("node at {at}: a key over {max_key} bytes"));
            }
            let state = label
                .iter()
                .try_fold(state, |s, &b| s.step(b))
                .ok_or_else(|| format!("node at {at}: a key that is not UTF-8"))?;
            if pattern != NONE {
                if pattern as usize != lengths.len() || !state.is_complete() {
                    return Err(format!("node at {at}: pattern {pattern} out of order"));
                }
                lengths.push(depth as u32);
            } else if count == 0 {
                return Err(format!("node at {at}: a leaf with no pattern"));
            }
            let mut end = at + HEADER + label_len;
            let bytes = part(end, count, "child bytes")?;
            if bytes.windows(2).any(|w| w[0] >= w[1]) {
                return Err(format!("node at {at}: child bytes out of order"));
            }
            end += count;
            if is_wide(count) {
                let table = part(end, 256, "child table")?;
                let mut want = [0u8; 256];
                for (slot, &b) in bytes.iter().enumerate() {
                    want[b as usize] = slot as u8 + 1;
                }
                if table != want {
                    return Err(format!("node at {at}: a child table that does not match"));
                }
                end += 256;
            }
            let offsets = part(end, 4 * count, "child offsets")?;
            next = end + 4 * count;
            for (i, &b) in bytes.iter().enumerate().rev() {
                let state = state
                    .step(b)
                    .ok_or_else(|| format!("node at {at}: a key that is not UTF-8"))?;
                stack.push((read_u32(offsets, 4 * i), depth + 1, state));
            }
        }
        if next != data.len() {
            return Err(format!("{} bytes after the last node", data.len() - next));
        }
        Ok((Trie { data, root }, lengths))
    }

    /// Bytes on the heap.
    pub(super) fn heap_bytes(&self) -> usize {
        self.data.capacity() + std::mem::size_of::<[u32; 256]>()
    }

    /// Calls `found(pattern, bytes)` for every pattern that the bytes `bytes` yields start
    /// with, shortest first, `bytes` having yielded just the pattern's bytes.
    #[inline]
    pub(super) fn walk<B: Bytes>(&self, bytes: &mut B, found: impl FnMut(u32, &mut B)) {
        let Some(first) = bytes.next_byte() else {
            return;
        };
        self.walk_nodes(self.root[first as usize], 0, bytes, found);
    }

    /// Where the bytes `path` lead from the root, or `None` when no key begins with them.
    /// The patterns on the way are not reported: [`Trie::walk_from`] goes on from there.
    pub(super) fn descend(&self, path: &[u8]) -> Option<Position> {
        let (&first, mut rest) = path.split_first()?;
        let mut node = self.root[first as usize];
        while node != NONE {
            let parts = self.node(node);
            let n = parts.label.len().min(rest.len());
            if parts.label[..n] != rest[..n] {
                return None;
            }
            rest = &rest[n..];
            let Some((&byte, after)) = rest.split_first() else {
                return Some(Position { node, at: n as u32 });
            };
            rest = after;
            node = parts.child(byte);
        }
        None
    }

    /// [`Trie::walk`] from `position`, where the bytes before those `bytes` yields led
    /// (see [`Trie::descend`]): `found` hears of the pattern that ends there, if any, and
    /// of every one after it.
    #[inline]
    pub(super) fn walk_from<B: Bytes>(
        &self,
        position: Position,
        bytes: &mut B,
        found: impl FnMut(u32, &mut B),
    ) {
        self.walk_nodes(position.node, position.at as usize, bytes, found);
    }

    /// The walk from `node` (`NONE`: nowhere), the first `matched` bytes of whose label
    /// have been read already.
    #[inline]
    fn walk_nodes<B: Bytes>(
        &self,
        mut node: u32,
        mut matched: usize,
        bytes: &mut B,
        mut found: impl FnMut(u32, &mut B),
    ) {
        while node != NONE {
            let parts = self.node(node);
            for &want in &parts.label[matched..] {
                if bytes.next_byte() != Some(want) {
                    return;
                }
            }
            matched = 0;
            if parts.pattern != NONE {
                found(parts.pattern, bytes);
            }
            let Some(byte) = bytes.next_byte() else {
                return;
            };
            node = parts.child(byte);
        }
    }

    /// The parts of the node at offset `node` of the data.
    #[inline(always)]
    fn node(&self, node: u32) -> Node<'_> {
        // One bounds check per part of the node, not one per byte read.
        let (header, rest) = self.data[node as usize..].split_at(HEADER);
        let pattern = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
        let label_len = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let children = u16::from_le_bytes([header[8], header[9]]) as usize;
        let (label, rest) = rest.split_at(label_len as usize);
        Node {
            pattern,
            label,
            children,
            rest,
        }
    }
}

/// Where a walk stands in the tree: `at` bytes into the label of `node` (its whole label
/// read when `at` is the label's length).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Position {
    node: u32,
    at: u32,
}

/// A packed node, read.
struct Node<'t> {
    pattern: u32,
    label: &'t [u8],
    children: usize,
    /// The child bytes, the table of a wide node, the child offsets, and what follows.
    rest: &'t [u8],
}

impl Node<'_> {
    /// The child reached by `byte` after the label, or `NONE`.
    #[inline(always)]
    fn child(&self, byte: u8) -> u32 {
        let (child_bytes, rest) = self.rest.split_at(self.children);
        let (index, offsets) = if self.children <= NARROW {
            (child_bytes.iter().position(|&b| b == byte), rest)
        } else if is_wide(self.children) {
            let (table, offsets) = rest.split_at(256);
            let slot = table[byte as usize];
            ((slot > 0).then(|| slot as usize - 1), offsets)
        } else {
            (child_bytes.binary_search(&byte).ok(), rest)
        };
        match index {
            Some(i) => read_u32(offsets, 4 * i),
            None => NONE,
        }
    }
}

/// Where a byte sequence is in UTF-8: how many continuation bytes the character under way
/// still needs, and the range the next one must fall in (which rules out overlong forms,
/// surrogates and code points past U+10FFFF).
#[derive(Clone, Copy, Default)]
struct Utf8 {
    need: u8,
    lo: u8,
    hi: u8,
}

impl Utf8 {
    fn step(self, byte: u8) -> Option<Utf8> {
        if self.need > 0 {
            return (self.lo..=self.hi).contains(&byte).then_some(Utf8 {
                need: self.need - 1,
                lo: 0x80,
                hi: 0xbf,
            });
        }
        let (need, lo, hi) = match byte {
            0x00..=0x7f => (0, 0, 0),
            0xc2..=0xdf => (1, 0x80, 0xbf),
            0xe0 => (2, 0xa0, 0xbf),
            0xed => (2, 0x80, 0x9f),
            0xe1..=0xef => (2, 0x80, 0xbf),
            0xf0 => (3, 0x90, 0xbf),
            0xf1..=0xf3 => (3, 0x80, 0xbf),
            0xf4 => (3, 0x80, 0x8f),
            _ => return None,
        };
        Some(Utf8 { need, lo, hi })
    }

    fn is_complete(self) -> bool {
        self.need == 0
    }
}

/// What a walk reads: bytes one at a time (a lazily folded text, or a slice).
pub(super) trait Bytes {
    /// The next byte, or `None` at the end.
    fn next_byte(&mut self) -> Option<u8>;
}

impl Bytes for crate::normalize::FoldCursor<'_> {
    #[inline(always)]
    fn next_byte(&mut self) -> Option<u8> {
        crate::normalize::FoldCursor::next_byte(self)
    }
}

/// A slice read from an offset; `at` is one past the last byte read.
#[cfg(test)]
pub(super) struct SliceBytes<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

#[cfg(test)]
impl Bytes for SliceBytes<'_> {
    #[inline]
    fn next_byte(&mut self) -> Option<u8> {
        let b = self.bytes.get(self.at).copied();
        self.at += 1;
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_prefix_pattern_from_an_anchor() {
        let mut keys = ["abc", "abc def", "abc ghi", "ab", "b", "abd", "x"];
        keys.sort();
        let trie = Trie::new(&keys);
        let walk = |text: &str, start: usize| {
            let mut out = Vec::new();
            let mut bytes = SliceBytes {
                bytes: text.as_bytes(),
                at: start,
            };
            trie.walk(&mut bytes, |p, b| out.push((keys[p as usize], b.at)));
            out
        };
        assert_eq!(walk("abc def", 0), [("ab", 2), ("abc", 3), ("abc def", 7)]);
        assert_eq!(walk("abc gh", 0), [("ab", 2), ("abc", 3)]);
        assert_eq!(walk("zabd", 1), [("ab", 3), ("abd", 4)]);
        assert_eq!(walk("abc def", 1), [("b", 2)]);
        assert_eq!(walk("", 0), []);
        assert_eq!(walk("a", 0), []);
        assert_eq!(walk("q", 0), []);
    }

    #[test]
    fn a_walk_resumed_after_a_descent_finds_what_the_whole_walk_finds_past_it() {
        // Wide nodes (over 8 children), labels cut anywhere, keys that end on the way.
        let mut keys: Vec<String> = ["ab", "abc", "abcdef", "abcdef gh", "abx", "b", "bcd"]
            .iter()
            .map(|k| k.to_string())
            .chain(('a'..='m').map(|c| format!("a{c}")))
            .chain(('a'..='m').map(|c| format!("abc{c} z")))
            .collect();
        keys.sort();
        keys.dedup();
        let trie = Trie::new(&keys);
        let texts = [
            "abcdef gh",
            "abcdefg",
            "abx",
            "abck z",
            "bcd",
            "ab",
            "zz",
            "abq",
        ];
        for text in texts {
            let mut whole = Vec::new();
            let mut bytes = SliceBytes {
                bytes: text.as_bytes(),
                at: 0,
            };
            trie.walk(&mut bytes, |p, b| whole.push((p, b.at)));
            for cut in 1..=text.len() {
                let want: Vec<_> = whole
                    .iter()
                    .copied()
                    .filter(|&(_, end)| end >= cut)
                    .collect();
                let mut got = Vec::new();
                match trie.descend(&text.as_bytes()[..cut]) {
                    Some(position) => {
                        let mut bytes = SliceBytes {
                            bytes: text.as_bytes(),
                            at: cut,
                        };
                        trie.walk_from(position, &mut bytes, |p, b| got.push((p, b.at)));
                    }
                    // No key begins with the bytes before the cut.
                    None => assert!(!keys
                        .iter()
                        .any(|k| k.as_bytes().starts_with(&text.as_bytes()[..cut]))),
                }
                assert_eq!(got, want, "{text:?} cut at {cut}");
            }
        }
        assert_eq!(trie.descend(b""), None);
    }

    #[test]
    fn agrees_with_prefix_checks_on_wide_and_deep_nodes() {
        // Nodes with more than 8 children (binary search), long labels and multi-byte chars.
        let letters = [
            "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "é", "头",
        ];
        let mut keys: Vec<String> = Vec::new();
        for x in letters {
            keys.push(x.to_owned());
            for y in letters {
                keys.push(format!("{x}{y}"));
                keys.push(format!("{x}{y} long tail {y}"));
            }
        }
        keys.sort();
        keys.dedup();
        let trie = Trie::new(&keys);
        for text in [
            "abc",
            "ké long tail é!",
            "头头 long tail 头",
            "jj long tail",
            "zzz",
            "é",
        ] {
            for start in 0..text.len() {
                let mut got = Vec::new();
                let mut bytes = SliceBytes {
                    bytes: text.as_bytes(),
                    at: start,
                };
                trie.walk(&mut bytes, |p, b| got.push((p, b.at)));
                let mut want: Vec<(u32, usize)> = keys
                    .iter()
                    .enumerate()
                    .filter(|(_, k)| text.as_bytes()[start..].starts_with(k.as_bytes()))
                    .map(|(i, k)| (i as u32, start + k.len()))
                    .collect();
                want.sort_by_key(|&(_, end)| end);
                assert_eq!(got, want, "{text:?} from {start}");
            }
        }
    }

    fn walks(trie: &Trie, text: &str) -> Vec<(u32, usize)> {
        let mut got = Vec::new();
        for start in 0..text.len() {
            let mut bytes = SliceBytes {
                bytes: text.as_bytes(),
                at: start,
            };
            trie.walk(&mut bytes, |p, b| got.push((p, b.at)));
        }
        got
    }

    #[test]
    fn parts_load_back_and_damaged_parts_are_refused_or_stay_in_bounds() {
        let mut keys: Vec<String> = ["ab", "abc", "abc def", "b", "é", "头头", "x y"]
            .map(str::to_owned)
            .to_vec();
        // A wide node (over 8 children) under "w".
        keys.extend(('a'..='l').map(|c| format!("w{c}")));
        keys.sort();
        let trie = Trie::new(&keys);
        let (data, root) = trie.parts();
        let (back, lengths) = Trie::from_parts(data.to_vec(), Box::new(*root), 1024).unwrap();
        assert_eq!(back.data, trie.data);
        let want: Vec<u32> = keys.iter().map(|k| k.len() as u32).collect();
        assert_eq!(lengths, want);
        let text = "abc def é 头头 x y wa wl b";
        assert_eq!(walks(&back, text), walks(&trie, text));

        assert!(
            Trie::from_parts(data.to_vec(), Box::new(*root), 6).is_err(),
            "max key"
        );
        assert!(Trie::from_parts(data[..data.len() - 1].to_vec(), Box::new(*root), 1024).is_err());
        let mut longer = data.to_vec();
        longer.push(0);
        assert!(Trie::from_parts(longer, Box::new(*root), 1024).is_err());

        // "é" is root byte 0xc3 then a node labelled 0xa9: another label byte is not UTF-8.
        let single = Trie::new(&["é"]);
        let (data1, root1) = single.parts();
        let label = data1.iter().rposition(|&b| b == 0xa9).unwrap();
        let mut bad = data1.to_vec();
        bad[label] = b'A';
        let err = Trie::from_parts(bad, Box::new(*root1), 1024).unwrap_err();
        assert!(err.contains("not UTF-8"), "{err}");

        // Any one byte changed: refused, or a tree whose walks stay in bounds and whose
        // patterns are numbered below the count it gives.
        for at in 0..data.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut damaged = data.to_vec();
                damaged[at] ^= flip;
                if let Ok((t, lengths)) = Trie::from_parts(damaged, Box::new(*root), 1024) {
                    for (p, _) in walks(&t, text) {
                        assert!((p as usize) < lengths.len());
                    }
                }
            }
        }
        let mut moved = Box::new(*root);
        moved[b'x' as usize] += 1;
        assert!(Trie::from_parts(data.to_vec(), moved, 1024).is_err());
    }
}
