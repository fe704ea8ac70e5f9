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

    /// Bytes on the heap.
    pub(super) fn heap_bytes(&self) -> usize {
        self.data.capacity() + std::mem::size_of::<[u32; 256]>()
    }

    /// Calls `found(pattern, bytes)` for every pattern that the bytes `bytes` yields start
    /// with, shortest first, `bytes` having yielded just the pattern's bytes.
    #[inline]
    pub(super) fn walk<B: Bytes>(&self, bytes: &mut B, mut found: impl FnMut(u32, &mut B)) {
        let Some(first) = bytes.next_byte() else {
            return;
        };
        let data = &self.data[..];
        let mut node = self.root[first as usize];
        while node != NONE {
            // One bounds check per part of the node, not one per byte read.
            let (header, rest) = data[node as usize..].split_at(HEADER);
            let pattern = u32::from_le_bytes([header[0], header[1], header[2], header[3]]);
            let label_len = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
            let children = u16::from_le_bytes([header[8], header[9]]) as usize;
            let (label, rest) = rest.split_at(label_len as usize);
            for &want in label {
                if bytes.next_byte() != Some(want) {
                    return;
                }
            }
            if pattern != NONE {
                found(pattern, bytes);
            }
            let Some(byte) = bytes.next_byte() else {
                return;
            };
            let (child_bytes, rest) = rest.split_at(children);
            let (index, offsets) = if children <= NARROW {
                (child_bytes.iter().position(|&b| b == byte), rest)
            } else if is_wide(children) {
                let (table, offsets) = rest.split_at(256);
                let slot = table[byte as usize];
                ((slot > 0).then(|| slot as usize - 1), offsets)
            } else {
                (child_bytes.binary_search(&byte).ok(), rest)
            };
            node = match index {
                Some(i) => read_u32(offsets, 4 * i),
                None => NONE,
            };
        }
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
}
