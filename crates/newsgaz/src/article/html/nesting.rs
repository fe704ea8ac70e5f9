//! Bounds a page's nesting and element count before any parser sees it, in one linear
//! pass with an explicit stack: tags nested deeper than `max_html_depth`, and every tag
//! past the `max_html_elements`-th element, are replaced by a space (their text kept),
//! as browsers flatten past depth 512. The parsers after this (html5ever's tree builder,
//! the extractor, the metadata readers) recurse over the tree or cost more than linear
//! time in its depth: 20,000 misnested `<a><font><i><table><tr><td>` overflowed a
//! thread's stack, and 20,000 nested `<div>` took minutes.
//!
//! The stack models what a parser keeps open closely enough for a bound: void elements
//! open nothing, `<p>`, `<li>`, `<td>` and their kind close an open one of their name
//! near the top, an end tag closes up to its element when that is near the top, and the
//! text of `<script>`, `<style>` and other raw-text elements is not scanned for tags.

use std::borrow::Cow;

/// How far from the top of the stack an end tag (or an implicitly closing start tag)
/// looks for its element: a bound, so that stray end tags cost constant time each.
const END_TAG_REACH: usize = 64;
const IMPLICIT_CLOSE_REACH: usize = 8;

/// What bounding a page did: tags replaced, and where the first one was.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Flattened {
    /// Tags replaced because they were nested deeper than the limit.
    pub(super) too_deep: usize,
    /// Tags replaced because the page had more elements than the limit.
    pub(super) past_elements: usize,
    /// Byte of the page where the first replaced tag was.
    pub(super) first_at: Option<usize>,
}

/// The page with its nesting and element count bounded, and what was replaced (the page
/// itself, borrowed, when nothing was).
pub(super) fn bound_nesting(
    html: &str,
    max_depth: usize,
    max_elements: usize,
) -> (Cow<'_, str>, Flattened) {
    let bytes = html.as_bytes();
    // Open elements: a name key, and whether its tags are dropped.
    let mut stack: Vec<(u64, bool)> = Vec::new();
    let mut elements = 0usize;
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let mut flattened = Flattened::default();
    let mut at = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + lt;
        let rest = &bytes[start + 1..];
        match rest.first() {
            Some(b'!') if rest.starts_with(b"!--") => {
                at = find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            }
            Some(b'!' | b'?') => at = tag_end(bytes, start + 1),
            Some(b'/') if rest.get(1).is_some_and(u8::is_ascii_alphabetic) => {
                let (name, name_end) = tag_name(bytes, start + 2);
                let end = tag_end(bytes, name_end);
                let reach = stack.len().saturating_sub(END_TAG_REACH);
                if let Some(k) = (reach..stack.len()).rev().find(|&k| stack[k].0 == name) {
                    if stack[k].1 {
                        dropped.push((start, end));
                    }
                    stack.truncate(k);
                }
                at = end;
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, name_end) = tag_name(bytes, start + 1);
                let end = tag_end(bytes, name_end);
                let self_closing = end >= 2 && bytes[end - 2] == b'/';
                elements += 1;
                if IMPLICITLY_CLOSED.contains(&name) {
                    // Not across a table or a list: a `<tr>` in a nested table closes
                    // nothing outside it.
                    let reach = stack.len().saturating_sub(IMPLICIT_CLOSE_REACH);
                    let open = (reach..stack.len())
                        .rev()
                        .take_while(|&k| stack[k].0 == name || !SCOPES.contains(&stack[k].0))
                        .find(|&k| stack[k].0 == name);
                    if let Some(k) = open {
                        stack.truncate(k);
                    }
                }
                let too_deep = stack.len() >= max_depth;
                let past = elements > max_elements;
                let drop = too_deep || past;
                if drop {
                    dropped.push((start, end));
                    if past {
                        flattened.past_elements += 1;
                    } else {
                        flattened.too_deep += 1;
                    }
                }
                at = end;
                if RAW_TEXT.contains(&name) {
                    // Its text holds no tags: skip to its end tag (dropped with it: a
                    // script's text is no page text).
                    let (_, close_end) = raw_text_end(bytes, end, &bytes[start + 1..name_end]);
                    if drop {
                        dropped.last_mut().expect("pushed above").1 = close_end;
                    }
                    at = close_end;
                } else if !self_closing && !VOID.contains(&name) {
                    stack.push((name, drop));
                }
            }
            _ => at = start + 1,
        }
    }
    if dropped.is_empty() {
        return (Cow::Borrowed(html), flattened);
    }
    flattened.first_at = dropped.first().map(|d| d.0);
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    dropped.sort_unstable();
    for (start, end) in dropped {
        if start < from {
            continue;
        }
        out.push_str(&html[from..start]);
        out.push(' ');
        from = end;
    }
    out.push_str(&html[from..]);
    (Cow::Owned(out), flattened)
}

/// A tag name's key (lowercase; names of over 8 bytes hashed) and the byte after it.
fn tag_name(bytes: &[u8], from: usize) -> (u64, usize) {
    let len = bytes[from..]
        .iter()
        .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>'))
        .count();
    (key(&bytes[from..from + len]), from + len)
}

fn key(name: &[u8]) -> u64 {
    if name.len() <= 8 {
        name.iter()
            .fold(0u64, |k, b| (k << 8) | u64::from(b.to_ascii_lowercase()))
    } else {
        // FNV-1a, with the top bit set so no short name's key is met.
        let hash = name.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x100_0000_01b3)
        });
        hash | (1 << 63)
    }
}

/// The byte after the `>` that ends the tag whose attributes start at `from` (quoted
/// values may hold `>`); the end of the page when none does.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') if bytes[i - 1].is_ascii_whitespace() || bytes[i - 1] == b'=' => {
                quote = Some(b)
            }
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// The start and end of the end tag `</name>` of a raw-text element whose text starts at
/// `from` (the end of the page when it is not closed).
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> (usize, usize) {
    let mut at = from;
    while let Some(i) = find(bytes, at, b"</") {
        let after = &bytes[i + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name) {
            return (i, tag_end(bytes, i + 2 + name.len()));
        }
        at = i + 2;
    }
    (bytes.len(), bytes.len())
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|i| from + i)
}

const fn k(name: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < name.len() {
        key = (key << 8) | name[i] as u64;
        i += 1;
    }
    key
}

/// Elements that open nothing.
const VOID: [u64; 15] = [
    k(b"area"),
    k(b"base"),
    k(b"br"),
    k(b"col"),
    k(b"embed"),
    k(b"hr"),
    k(b"img"),
    k(b"input"),
    k(b"link"),
    k(b"meta"),
    k(b"param"),
    k(b"source"),
    k(b"track"),
    k(b"wbr"),
    k(b"keygen"),
];

/// Elements whose text is not markup.
const RAW_TEXT: [u64; 9] = [
    k(b"script"),
    k(b"style"),
    k(b"textarea"),
    k(b"title"),
    k(b"xmp"),
    k(b"iframe"),
    k(b"noembed"),
    k(b"noframes"),
    k(b"noscript"),
];

/// Elements that bound the search for an implicitly closed one.
const SCOPES: [u64; 8] = [
    k(b"table"),
    k(b"ul"),
    k(b"ol"),
    k(b"dl"),
    k(b"select"),
    k(b"html"),
    k(b"body"),
    k(b"template"),
];

/// Elements a start tag of the same name closes when one is open near the top.
const IMPLICITLY_CLOSED: [u64; 11] = [
    k(b"p"),
    k(b"li"),
    k(b"dt"),
    k(b"dd"),
    k(b"option"),
    k(b"tr"),
    k(b"td"),
    k(b"th"),
    k(b"tbody"),
    k(b"thead"),
    k(b"tfoot"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_within_the_limits_are_borrowed_untouched() {
        let page = "<html><body><div><p>One<p>Two<ul><li>a<li>b</ul><script>if (a<b) x('<div>')</script><br><img src='a>b'></div></body></html>";
        let (out, flattened) = bound_nesting(page, 6, 100);
        assert!(matches!(out, Cow::Borrowed(_)));
        assert_eq!(flattened, Flattened::default());
        // 1,000 unclosed `<p>` are siblings, not 1,000 deep.
        let page = "<div>".to_owned() + &"<p>x".repeat(1000) + "</div>";
        assert!(matches!(
            bound_nesting(&page, 8, 10_000).0,
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn tags_past_the_depth_are_replaced_their_text_kept() {
        let page = "<div>".repeat(5) + "deep" + &"</div>".repeat(5) + "<p>after</p>";
        let (out, flattened) = bound_nesting(&page, 3, 100);
        assert_eq!(out, "<div><div><div>  deep  </div></div></div><p>after</p>");
        assert_eq!((flattened.too_deep, flattened.first_at), (2, Some(15)));
        // Misnested formatting and tables, as a hostile page has them.
        let page = "<a><font><i><table><tr><td>".repeat(100) + "text";
        let (out, flattened) = bound_nesting(&page, 30, 10_000);
        assert!(out.ends_with("text") && flattened.too_deep > 400);
        assert_eq!(out.matches('<').count(), 30);
    }

    #[test]
    fn tags_past_the_element_count_are_replaced() {
        let page = "<p>a".repeat(10);
        let (out, flattened) = bound_nesting(&page, 512, 4);
        assert_eq!(out, "<p>a<p>a<p>a<p>a a a a a a a");
        assert_eq!((flattened.past_elements, flattened.first_at), (6, Some(16)));
    }

    #[test]
    fn broken_markup_ends_without_a_panic() {
        for page in [
            "<",
            "<div",
            "<!--",
            "</",
            "</div",
            "<script>",
            "<a href=\"x>",
            "<é>",
            "<a\u{e9}>",
        ] {
            let (out, _) = bound_nesting(page, 0, 0);
            assert!(out.len() <= page.len() + 1, "{page}");
        }
    }
}
