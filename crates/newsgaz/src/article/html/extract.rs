//! The article body of a parsed page, in one walk of its tree.
//!
//! The walk (no recursion: it follows first-child, next-sibling and parent links) turns
//! the page into text blocks (a paragraph, a heading, a list item, a cell, the text
//! directly inside a `<div>`), each with its length, the length of its link text and the
//! element that holds it. Scripts, styles, forms' controls, navigation, asides and footers
//! and hidden elements are never read. Elements whose class or id names boilerplate
//! (`page-boilerplate-classes.txt`) are read, but their blocks are left out unless the page
//! has nothing else.
//!
//! The body is then chosen as readability chooses it (the ideas, not the code): every
//! paragraph-like block scores its container and, less, the containers above it (by its
//! commas and length); containers named like content score more, and each container's
//! score shrinks with its link density. The best container, joined by siblings that score
//! close to it (an only child standing for its parent), holds the body; inside it,
//! blocks named as boilerplate are dropped, and a precision guard cuts leading and
//! trailing blocks that are no prose (share bars, headings, tags, "Read more" lists) and
//! drops runs of two or more link lines (related stories); a lone link line between
//! paragraphs stays.

use dom_query::{Document, NodeData, NodeId, Tree};

use crate::lexicon::{self, List};

/// Blocks of fewer characters score no container.
const MIN_SCORING_CHARS: usize = 25;
/// A body shorter than this is retried with the blocks named as boilerplate.
const MIN_BODY_CHARS: usize = 250;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    Paragraph,
    Heading,
    ListItem,
    List,
    Cell,
    Quote,
    Pre,
    Div,
    Section,
    /// `<article>`: a section that is one story.
    Article,
    Body,
    Link,
    Break,
    OtherBlock,
    Inline,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "p" => Tag::Paragraph,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Tag::Heading,
            "li" | "dt" | "dd" => Tag::ListItem,
            "ul" | "ol" | "dl" => Tag::List,
            "td" | "th" => Tag::Cell,
            "blockquote" => Tag::Quote,
            "pre" => Tag::Pre,
            "div" | "center" => Tag::Div,
            "section" | "main" => Tag::Section,
            "article" => Tag::Article,
            "body" => Tag::Body,
            "a" => Tag::Link,
            "br" => Tag::Break,
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "caption" | "address" | "hr"
            | "details" | "summary" | "fieldset" | "dialog" | "html" | "form" | "header"
            | "legend" => Tag::OtherBlock,
            _ => Tag::Inline,
        }
    }

    fn is_block(self) -> bool {
        !matches!(self, Tag::Inline | Tag::Link | Tag::Break)
    }

    /// The score a container starts with for its tag (readability's weights).
    fn base_score(self) -> f32 {
        match self {
            Tag::Div | Tag::Section | Tag::Article => 5.0,
            Tag::Pre | Tag::Cell | Tag::Quote => 3.0,
            Tag::List | Tag::ListItem => -3.0,
            Tag::Heading => -5.0,
            _ => 0.0,
        }
    }
}

/// Elements never read: not text a reader sees, or not the article's.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "head"
            | "title"
            | "nav"
            | "aside"
            | "footer"
            | "menu"
            | "video"
            | "audio"
            | "map"
            | "figure"
            | "figcaption"
            | "picture"
            | "label"
    )
}

struct Element {
    parent: u32,
    tag: Tag,
    /// +1 named as content, -1 as boilerplate, 0 neither.
    class_weight: i8,
    /// Named as boilerplate, itself or an ancestor.
    boilerplate: bool,
    chars: u32,
    link_chars: u32,
    /// How many of its child elements hold text.
    children: u32,
}

struct Block {
    /// The innermost block element holding the text.
    owner: u32,
    tag: Tag,
    text: String,
    chars: u32,
    link_chars: u32,
    commas: u32,
    boilerplate: bool,
}

impl Block {
    fn link_density(&self) -> f32 {
        self.link_chars as f32 / self.chars.max(1) as f32
    }
}

/// The page read into elements and blocks.
struct Page {
    elements: Vec<Element>,
    blocks: Vec<Block>,
}

const NONE: u32 = u32::MAX;

/// The article body of `doc`: its blocks' texts in page order, white space collapsed
/// (a `<br>` kept as a line break).
pub(super) fn body_blocks(doc: &Document) -> Vec<String> {
    let page = read(&doc.tree);
    let mut chosen = choose(&page, false);
    let chars: u32 = chosen.iter().map(|&b| page.blocks[b].chars).sum();
    if (chars as usize) < MIN_BODY_CHARS {
        let again = choose(&page, true);
        let more: u32 = again.iter().map(|&b| page.blocks[b].chars).sum();
        if more > chars {
            chosen = again;
        }
    }
    let mut page = page;
    chosen
        .into_iter()
        .map(|b| std::mem::take(&mut page.blocks[b].text))
        .collect()
}

/// What the walk needs of a node, read under one borrow of the tree.
enum Seen {
    Element {
        tag: Tag,
        skip: bool,
        class_weight: i8,
    },
    Text,
    Other,
}

fn see(tree: &Tree, id: &NodeId) -> Seen {
    tree.query_node_or(id, Seen::Other, |node| match &node.data {
        NodeData::Element(element) => {
            let name: &str = &element.name.local;
            if is_skipped(name) {
                return Seen::Element {
                    tag: Tag::Inline,
                    skip: true,
                    class_weight: 0,
                };
            }
            let mut class_weight = 0i8;
            let mut hidden = false;
            for attr in &element.attrs {
                let value: &str = &attr.value;
                match &*attr.name.local {
                    "class" | "id" => {
                        class_weight = weigh_max(class_weight, class_weight_of(value))
                    }
                    "hidden" => hidden = true,
                    "aria-hidden" => hidden |= value.eq_ignore_ascii_case("true"),
                    "style" => hidden |= is_hidden_style(value),
                    "role" => {
                        hidden |= matches!(
                            value,
                            "navigation"
                                | "complementary"
                                | "contentinfo"
                                | "banner"
                                | "dialog"
                                | "menu"
                                | "menubar"
                        )
                    }
                    _ => {}
                }
            }
            Seen::Element {
                tag: Tag::of(name),
                skip: hidden,
                class_weight,
            }
        }
        NodeData::Text { .. } => Seen::Text,
        _ => Seen::Other,
    })
}

/// Content wins over boilerplate when an element's names say both ("article-header").
fn weigh_max(a: i8, b: i8) -> i8 {
    if a == 1 || b == 1 {
        1
    } else {
        a.min(b)
    }
}

fn is_hidden_style(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// +1 when a class or id names content, -1 when it names boilerplate, else 0.
fn class_weight_of(names: &str) -> i8 {
    let mut weight = 0i8;
    for word in class_words(names) {
        let kinds = lexicon::kinds(&word);
        if kinds.is(List::PageContentClasses) {
            return 1;
        }
        if kinds.is(List::PageBoilerplateClasses) {
            weight = -1;
        }
    }
    weight
}

/// The words of class names or an id, in lower case: split at anything not a letter or
/// digit and where a lower-case letter meets a capital ("relatedArticles").
fn class_words(names: &str) -> impl Iterator<Item = String> + '_ {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut last_lower = false;
    for c in names.chars() {
        if !c.is_ascii_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            last_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && last_lower && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        last_lower = c.is_ascii_lowercase();
        word.push(c.to_ascii_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words.into_iter()
}

/// The state of the walk: the open elements and the block being read.
struct Walker {
    page: Page,
    /// The nodes of the open elements, with the block element each one's opening
    /// replaced (for block elements).
    open: Vec<(NodeId, Option<u32>)>,
    /// The innermost open element.
    current: u32,
    /// The innermost open block element: it owns the text being read.
    owner: u32,
    link_depth: u32,
    text: String,
    chars: u32,
    link_chars: u32,
    commas: u32,
}

impl Walker {
    /// Ends the block being read, if it holds text.
    fn flush(&mut self) {
        let trimmed = self.text.trim();
        if self.chars > 0 && !trimmed.is_empty() && self.owner != NONE {
            let element = &self.page.elements[self.owner as usize];
            self.page.blocks.push(Block {
                owner: self.owner,
                tag: element.tag,
                text: trimmed.to_owned(),
                chars: self.chars,
                link_chars: self.link_chars,
                commas: self.commas,
                boilerplate: element.boilerplate,
            });
        }
        self.text.clear();
        self.chars = 0;
        self.link_chars = 0;
        self.commas = 0;
    }

    fn open(&mut self, id: NodeId, tag: Tag, class_weight: i8) {
        if tag.is_block() {
            self.flush();
        }
        let parent_boilerplate =
            self.current != NONE && self.page.elements[self.current as usize].boilerplate;
        let index = self.page.elements.len() as u32;
        self.page.elements.push(Element {
            parent: self.current,
            tag,
            class_weight,
            boilerplate: parent_boilerplate
                || (class_weight < 0 && !matches!(tag, Tag::Body | Tag::Link)),
            chars: 0,
            link_chars: 0,
            children: 0,
        });
        let replaced_owner = tag.is_block().then_some(self.owner);
        self.open.push((id, replaced_owner));
        self.current = index;
        if tag.is_block() {
            self.owner = index;
        }
        if tag == Tag::Link {
            self.link_depth += 1;
        }
    }

    fn close(&mut self) {
        let Some((_, replaced_owner)) = self.open.pop() else {
            return;
        };
        if self.page.elements[self.current as usize].tag == Tag::Link {
            self.link_depth = self.link_depth.saturating_sub(1);
        }
        if let Some(previous) = replaced_owner {
            self.flush();
            self.owner = previous;
        }
        self.current = self.page.elements[self.current as usize].parent;
    }

    fn text(&mut self, contents: &str) {
        for c in contents.chars() {
            if c.is_whitespace() {
                push_space(&mut self.text, ' ');
                continue;
            }
            self.text.push(c);
            self.chars += 1;
            if self.link_depth > 0 {
                self.link_chars += 1;
            }
            if matches!(c, ',' | '，' | '、') {
                self.commas += 1;
            }
        }
    }
}

/// One walk of the tree into elements and blocks.
fn read(tree: &Tree) -> Page {
    let root = tree.root_id();
    let mut walk = Walker {
        page: Page {
            elements: Vec::new(),
            blocks: Vec::new(),
        },
        open: Vec::new(),
        current: NONE,
        owner: NONE,
        link_depth: 0,
        text: String::new(),
        chars: 0,
        link_chars: 0,
        commas: 0,
    };
    let mut next = tree.first_child_of(&root).map(|n| n.id);
    while let Some(id) = next {
        let mut opened = false;
        match see(tree, &id) {
            Seen::Element { skip: true, .. } | Seen::Other => {}
            Seen::Element {
                tag: Tag::Break, ..
            } => push_space(&mut walk.text, '\n'),
            Seen::Element {
                tag, class_weight, ..
            } => {
                walk.open(id, tag, class_weight);
                opened = true;
            }
            Seen::Text => {
                tree.query_node(&id, |node| {
                    if let NodeData::Text { contents } = &node.data {
                        walk.text(contents);
                    }
                });
            }
        }
        // The next node in page order, closing the elements left on the way.
        if opened {
            if let Some(child) = tree.first_child_of(&id) {
                next = Some(child.id);
                continue;
            }
            walk.close();
        }
        let mut at = id;
        next = loop {
            if let Some(sibling) = tree.next_sibling_of(&at) {
                break Some(sibling.id);
            }
            match tree.parent_of(&at) {
                Some(parent) if parent.id != root => {
                    at = parent.id;
                    if walk.open.last().is_some_and(|(open, _)| *open == at) {
                        walk.close();
                    }
                }
                _ => break None,
            }
        };
    }
    walk.flush();
    let mut page = walk.page;
    // Each element's characters: its blocks', then its children's (children come after
    // their parents, so one backward pass adds every subtree up).
    for block in &page.blocks {
        let element = &mut page.elements[block.owner as usize];
        element.chars += block.chars;
        element.link_chars += block.link_chars;
    }
    for index in (0..page.elements.len()).rev() {
        let (parent, chars, link_chars) = {
            let e = &page.elements[index];
            (e.parent, e.chars, e.link_chars)
        };
        if parent != NONE {
            let p = &mut page.elements[parent as usize];
            p.chars += chars;
            p.link_chars += link_chars;
            p.children += u32::from(chars > 0);
        }
    }
    page
}

fn push_space(text: &mut String, space: char) {
    match text.chars().last() {
        None => {}
        Some('\n') => {}
        Some(' ') if space == '\n' => {
            text.pop();
            text.push('\n');
        }
        Some(' ') => {}
        Some(_) => text.push(space),
    }
}

/// The blocks of the body, by index, in page order.
fn choose(page: &Page, with_boilerplate: bool) -> Vec<usize> {
    let mut scores: Vec<(f32, bool)> = page.elements.iter().map(|_| (0.0, false)).collect();
    let usable = |block: &Block| with_boilerplate || !block.boilerplate;
    for block in &page.blocks {
        if !usable(block) || (block.chars as usize) < MIN_SCORING_CHARS {
            continue;
        }
        if !matches!(
            block.tag,
            Tag::Paragraph
                | Tag::Div
                | Tag::Pre
                | Tag::Quote
                | Tag::Cell
                | Tag::Section
                | Tag::Article
                | Tag::ListItem
        ) {
            continue;
        }
        let points = 1.0 + block.commas as f32 + (block.chars as f32 / 100.0).min(3.0);
        // The block's own element scores when it is a container of text (a div, a cell);
        // a paragraph scores its parent and the elements above it.
        let mut at = if block.tag == Tag::Paragraph || block.tag == Tag::ListItem {
            page.elements[block.owner as usize].parent
        } else {
            block.owner
        };
        let mut level = 0;
        while at != NONE && level < 5 {
            let element = &page.elements[at as usize];
            let slot = &mut scores[at as usize];
            if !slot.1 {
                *slot = (initial_score(element), true);
            }
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f32 * 3.0,
            };
            slot.0 += points / divider;
            at = element.parent;
            level += 1;
        }
    }
    // Each container's score shrinks with its links.
    let mut best = NONE;
    let mut best_score = 0.0f32;
    for (index, (score, scored)) in scores.iter_mut().enumerate() {
        if !*scored {
            continue;
        }
        let element = &page.elements[index];
        if !with_boilerplate && element.boilerplate {
            *scored = false;
            continue;
        }
        let density = element.link_chars as f32 / element.chars.max(1) as f32;
        *score *= 1.0 - density;
        if *score > best_score {
            best_score = *score;
            best = index as u32;
        }
    }
    if best == NONE {
        // No paragraph long enough to score a container (a short page, bare text): every
        // block is a candidate, and the precision guard keeps the sentences.
        let mut chosen: Vec<usize> = (0..page.blocks.len())
            .filter(|&b| usable(&page.blocks[b]))
            .collect();
        trim_to_prose(page, &mut chosen);
        return chosen;
    }
    // Several near-best containers under one ancestor: the ancestor holds the body.
    let near: Vec<u32> = scores
        .iter()
        .enumerate()
        .filter(|(i, (s, scored))| *scored && *i as u32 != best && *s >= best_score * 0.75)
        .map(|(i, _)| i as u32)
        .collect();
    if near.len() >= 2 {
        // How many near-best containers each element holds: one climb from each.
        let mut holds = vec![0u32; page.elements.len()];
        for &n in &near {
            let mut at = page.elements[n as usize].parent;
            while at != NONE {
                holds[at as usize] += 1;
                at = page.elements[at as usize].parent;
            }
        }
        let mut at = page.elements[best as usize].parent;
        while at != NONE && page.elements[at as usize].tag != Tag::Body {
            if holds[at as usize] >= 2 {
                best = at;
                break;
            }
            at = page.elements[at as usize].parent;
        }
    }
    // Climb while the parent scores more (the body is split over siblings).
    loop {
        let parent = page.elements[best as usize].parent;
        if parent == NONE || page.elements[parent as usize].tag == Tag::Body {
            break;
        }
        let (parent_score, parent_scored) = scores[parent as usize];
        if parent_scored && parent_score > scores[best as usize].0 {
            best = parent;
        } else {
            break;
        }
    }
    // An only child stands for its parent: the siblings that join are the parent's.
    loop {
        let parent = page.elements[best as usize].parent;
        if parent == NONE
            || page.elements[parent as usize].tag == Tag::Body
            || page.elements[parent as usize].children != 1
        {
            break;
        }
        best = parent;
    }
    let best_score = scores[best as usize].0.max(best_score);

    // Siblings of the best container that score near it, or read as prose, join it.
    let parent = page.elements[best as usize].parent;
    let threshold = (best_score * 0.2).max(10.0);
    let mut containers: Vec<u32> = vec![best];
    if parent != NONE {
        for (index, element) in page.elements.iter().enumerate() {
            let index = index as u32;
            if element.parent != parent || index == best {
                continue;
            }
            if !with_boilerplate && element.boilerplate {
                continue;
            }
            let (score, scored) = scores[index as usize];
            let bonus = if element.class_weight > 0 && page.elements[best as usize].class_weight > 0
            {
                best_score * 0.2
            } else {
                0.0
            };
            let joins = (scored && score + bonus >= threshold)
                || (element.tag == Tag::Paragraph && {
                    let density = element.link_chars as f32 / element.chars.max(1) as f32;
                    (element.chars >= 80 && density < 0.25)
                        || (element.chars > 0 && element.chars < 80 && element.link_chars == 0)
                });
            if joins {
                containers.push(index);
            }
        }
    }

    // Which elements lie in a chosen container: parents come before their children, so
    // one forward pass says it for every element.
    let mut inside = vec![false; page.elements.len()];
    for &c in &containers {
        inside[c as usize] = true;
    }
    for index in 0..page.elements.len() {
        let parent = page.elements[index].parent;
        if parent != NONE && inside[parent as usize] {
            inside[index] = true;
        }
    }
    let mut chosen: Vec<usize> = page
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, block)| usable(block) && inside[block.owner as usize])
        .map(|(i, _)| i)
        .collect();
    trim_to_prose(page, &mut chosen);
    chosen
}

fn initial_score(element: &Element) -> f32 {
    element.tag.base_score() + 25.0 * element.class_weight as f32
}

/// The precision guard: leading and trailing runs of blocks that are no prose (a share
/// bar, a byline's pieces, tags, a list of links, headings before the text) are cut back
/// to the prose, and runs of two or more link lines inside it (a list of related stories)
/// are dropped; a lone link line between paragraphs stays (a source, a product's address).
fn trim_to_prose(page: &Page, chosen: &mut Vec<usize>) {
    let is_links = |b: &Block| b.link_density() > 0.5;
    let is_scrap = |&b: &usize| {
        let block = &page.blocks[b];
        is_links(block)
            || block.tag == Tag::Heading
            || (block.chars < 30 && !ends_a_sentence(&block.text))
    };
    let start = chosen
        .iter()
        .position(|b| !is_scrap(b))
        .unwrap_or(chosen.len());
    let end = chosen
        .iter()
        .rposition(|b| !is_scrap(b))
        .map_or(start, |e| e + 1);
    chosen.truncate(end);
    chosen.drain(..start);
    let mut kept = Vec::with_capacity(chosen.len());
    let mut i = 0;
    while i < chosen.len() {
        let mut j = i;
        while j < chosen.len() && is_links(&page.blocks[chosen[j]]) {
            j += 1;
        }
        if j - i >= 2 {
            i = j;
            continue;
        }
        kept.extend_from_slice(&chosen[i..j.max(i + 1)]);
        i = j.max(i + 1);
    }
    *chosen = kept;
}

fn ends_a_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(['.', '!', '?', '…', '。'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_are_read_as_words() {
        let cases: &[(&str, &[&str])] = &[
            ("story-body", &["story", "body"]),
            ("relatedArticles", &["related", "articles"]),
            (
                "c-share__bar  js_social",
                &["c", "share", "bar", "js", "social"],
            ),
            ("HTML5", &["html5"]),
            ("", &[]),
        ];
        for (names, words) in cases {
            assert_eq!(class_words(names).collect::<Vec<_>>(), *words, "{names}");
        }
    }

    #[test]
    fn content_wins_over_boilerplate_on_one_element() {
        for (names, weight) in [
            ("article-body", 1),
            ("article-header", 1),
            ("site-header share-bar", -1),
            ("relatedStories", -1),
            ("comments", -1),
            ("wrapper clearfix", 0),
            ("header", 0),
        ] {
            assert_eq!(class_weight_of(names), weight, "{names}");
        }
    }

    fn body_of(html: &str) -> Vec<String> {
        body_blocks(&Document::from(html))
    }

    #[test]
    fn the_body_is_the_container_of_the_prose() {
        let prose = "<p>The council met on Tuesday evening, and it voted, after a long debate, to close the old bridge for repairs.</p>";
        let cases: &[(&str, &[&str])] = &[
            // A story among link lists: the story alone.
            (
                "<div><ul><li><a href=/a>Home</a></li><li><a href=/b>World</a></li></ul></div><div id=main>PROSE PROSE</div><div><a href=/c>More stories from the council and the town</a></div>",
                &["The council met", "The council met"],
            ),
            // A lone source line between paragraphs stays; a run of related links goes.
            (
                "<div class=story>PROSE<p><a href=/s>https://example.org/source</a></p>PROSE<p><a href=/1>Related: the bridge in pictures from the river</a></p><p><a href=/2>Related: what the mayor said about the vote</a></p></div>",
                &["The council met", "https://example.org/source", "The council met"],
            ),
            // Headings and a share bar before the story are cut; a closing sentence stays.
            (
                "<article><h1>Bridge closes</h1><p><a href=#>Share</a></p>PROSE<p>Work starts in May.</p></article>",
                &["The council met", "Work starts in May."],
            ),
        ];
        for (page, starts) in cases {
            let page = page.replace("PROSE", prose);
            let body = body_of(&page);
            assert_eq!(body.len(), starts.len(), "{page}: {body:?}");
            for (block, start) in body.iter().zip(starts.iter()) {
                assert!(block.starts_with(start), "{page}: {body:?}");
            }
        }
    }

    #[test]
    fn a_deep_page_is_walked_without_recursion() {
        // Far past any stack a recursive walk could use (the nesting bound is not applied
        // here: the walk itself must not recurse).
        let depth = 3_000;
        let page = format!(
            "{}<p>The text at the bottom of a very deep page, which is still read in full.</p>{}",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let body = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || body_of(&page))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(
            body,
            ["The text at the bottom of a very deep page, which is still read in full."]
        );
    }
}
