//! A radix tree of the folded aliases, walked anchored from each position where a mention
//! may start.
//!
//! Anchored walks need no failure transitions, which are most of the cost of building an
//! Aho-Corasick automaton; a radix tree built from the sorted keys has at most two nodes
//! per key and stores each run of single-child bytes once, as a label. Each node is packed
//! into one run of bytes (header, label, child bytes, child offsets) so that a step of a
//! walk touches one or two cache lines.

/// No pattern ends at this node.
const NONE: u32 = u32::MAX;

/// A node while building.
#[derive(Clone, Copy, Debug)]
struct Node {
    /// The bytes on the edge into this node after its first one:
    /// `labels[label_start..label_start + label_len]`.
    label_start: u32,
    label_len: u32,
    /// `child_bytes[children_start..children_start + children_len]` are the first bytes of
    /// the children's edges, sorted; `child_nodes` the same range holds the children.
    children_start: u32,
    children_len: u32,
    /// The pattern spelled by the path to this node, or [`NONE`].
    pattern: u32,
}

/// The tree while building. Node 0 is the root.
struct Draft {
    nodes: Vec<Node>,
    labels: Vec<u8>,
    child_bytes: Vec<u8>,
    child_nodes: Vec<u32>,
}

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

fn read_u32(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
}

impl Draft {
    /// Builds the tree of `keys`, which must be sorted, distinct and non-empty; pattern
    /// `i` is `keys[i]`.
    fn new<K: AsRef<str>>(keys: &[K]) -> Draft {
        debug_assert!(keys.windows(2).all(|w| w[0].as_ref() < w[1].as_ref()));
        let key = |i: usize| keys[i].as_ref().as_bytes();
        let mut trie = Draft {
            nodes: vec![Node {
                label_start: 0,
                label_len: 0,
                children_start: 0,
                children_len: 0,
                pattern: NONE,
            }],
            labels: Vec::new(),
            child_bytes: Vec::new(),
            child_nodes: Vec::new(),
        };
        // (node, sorted key range, depth of the node): every key in the range starts with
        // the node's path, which is `depth` bytes long.
        let mut pending: Vec<(u32, usize, usize, usize)> = vec![(0, 0, keys.len(), 0)];
        while let Some((node, mut lo, hi, depth)) = pending.pop() {
            if lo < hi && key(lo).len() == depth {
                // Sorted and distinct: only the first key can end here.
                trie.nodes[node as usize].pattern = lo as u32;
                lo += 1;
            }
            let children_start = trie.child_bytes.len() as u32;
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
                let child = trie.nodes.len() as u32;
                trie.nodes.push(Node {
                    label_start: trie.labels.len() as u32,
                    label_len: common as u32,
                    children_start: 0,
                    children_len: 0,
                    pattern: NONE,
                });
                trie.labels
                    .extend_from_slice(&first[depth + 1..depth + 1 + common]);
                trie.child_bytes.push(byte);
                trie.child_nodes.push(child);
                pending.push((child, a, b, depth + 1 + common));
                a = b;
            }
            let n = &mut trie.nodes[node as usize];
            n.children_start = children_start;
            n.children_len = trie.child_bytes.len() as u32 - children_start;
        }
        trie
    }

    fn label(&self, n: &Node) -> &[u8] {
        &self.labels[n.label_start as usize..(n.label_start + n.label_len) as usize]
    }

    fn children(&self, n: &Node) -> std::ops::Range<usize> {
        n.children_start as usize..(n.children_start + n.children_len) as usize
    }

    /// Lays the nodes out in depth-first order, each in one run of bytes.
    fn pack(self) -> Trie {
        let size = |n: &Node| {
            let children = n.children_len as usize;
            HEADER + n.label_len as usize + 5 * children + if is_wide(children) { 256 } else { 0 }
        };
        let mut offsets = vec![0u32; self.nodes.len()];
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut stack = vec![0u32];
        let mut total = 0usize;
        while let Some(node) = stack.pop() {
            let n = &self.nodes[node as usize];
            offsets[node as usize] = u32::try_from(total).expect("radix tree under 4 GiB");
            total += size(n);
            order.push(node);
            stack.extend(self.child_nodes[self.children(n)].iter().rev());
        }
        let mut data = Vec::with_capacity(total);
        for &node in &order {
            let n = &self.nodes[node as usize];
            data.extend_from_slice(&n.pattern.to_le_bytes());
            data.extend_from_slice(&n.label_len.to_le_bytes());
            data.extend_from_slice(&(n.children_len as u16).to_le_bytes());
            data.extend_from_slice(self.label(n));
            let child_bytes = &self.child_bytes[self.children(n)];
            data.extend_from_slice(child_bytes);
            if is_wide(child_bytes.len()) {
                let mut table = [0u8; 256];
                for (slot, &byte) in child_bytes.iter().enumerate() {
                    table[byte as usize] = slot as u8 + 1;
                }
                data.extend_from_slice(&table);
            }
            for &child in &self.child_nodes[self.children(n)] {
                data.extend_from_slice(&offsets[child as usize].to_le_bytes());
            }
        }
        let mut root = Box::new([NONE; 256]);
        let r = &self.nodes[0];
        for (&byte, &child) in self.child_bytes[self.children(r)]
            .iter()
            .zip(&self.child_nodes[self.children(r)])
        {
            root[byte as usize] = offsets[child as usize];
        }
        Trie { data, root }
    }
}

impl Trie {
    /// Builds the tree of `keys`, which must be sorted, distinct and non-empty; pattern
    /// `i` is `keys[i]`.
    pub(super) fn new<K: AsRef<str>>(keys: &[K]) -> Trie {
        Draft::new(keys).pack()
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
    #[inline]
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
