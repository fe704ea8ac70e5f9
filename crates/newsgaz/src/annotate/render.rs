//! HTML views of annotated articles: mentions highlighted by label, a legend, the entity
//! table and the quotations with their speakers. A fragment is self-contained (inline
//! styles), so it renders in a notebook cell; [`page`] wraps fragments into a document.
//!
//! ```
//! use newsgaz::annotate::render;
//! use newsgaz::{Annotator, Gazetteer, Matcher};
//!
//! let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
//! let page = render::page([annotator.annotate_text("Peru & Chile").to_html()]);
//! assert!(page.starts_with("<!DOCTYPE html>") && page.contains("Peru</mark> &amp;"));
//! ```

use std::collections::BTreeSet;
use std::fmt::Write;

use super::AnnotatedArticle;

/// Background colours for the usual labels; other labels take a colour from `PALETTE`.
const KNOWN: &[(&str, &str)] = &[
    ("PERSON", "#fde68a"),
    ("PER", "#fde68a"),
    ("COUNTRY", "#bfdbfe"),
    ("LOC", "#bfdbfe"),
    ("GPE", "#bfdbfe"),
    ("CITY", "#c7d2fe"),
    ("ORG", "#bbf7d0"),
    ("MISC", "#e9d5ff"),
];
const PALETTE: &[&str] = &[
    "#fecaca", "#fed7aa", "#a5f3fc", "#f5d0fe", "#d9f99d", "#e5e7eb",
];

fn colour(label: &str) -> &'static str {
    KNOWN
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, c)| *c)
        .unwrap_or_else(|| {
            let hash = label
                .bytes()
                .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
            PALETTE[hash % PALETTE.len()]
        })
}

/// A whole HTML document holding `fragments` in order.
///
/// ```
/// let page = newsgaz::annotate::render::page(["<p>one</p>".to_owned()]);
/// assert!(page.contains("<p>one</p>") && page.ends_with("</html>\n"));
/// ```
pub fn page(fragments: impl IntoIterator<Item = String>) -> String {
    let mut out = String::from(PAGE_START);
    for fragment in fragments {
        out.push_str(&fragment);
    }
    out.push_str(PAGE_END);
    out
}

/// What [`page`] writes before the fragments (for writers that stream them).
///
/// ```
/// assert!(newsgaz::annotate::render::PAGE_START.starts_with("<!DOCTYPE html>"));
/// ```
pub const PAGE_START: &str =
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>newsgaz</title></head><body>\n";

/// What [`page`] writes after the fragments.
///
/// ```
/// assert_eq!(newsgaz::annotate::render::PAGE_END, "</body></html>\n");
/// ```
pub const PAGE_END: &str = "</body></html>\n";

/// `text` escaped for HTML text and attribute values (`& < > " '`).
///
/// ```
/// assert_eq!(newsgaz::annotate::render::escape("<a href='x'>&"), "&lt;a href=&#39;x&#39;&gt;&amp;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

pub(crate) fn render(a: &AnnotatedArticle) -> String {
    let mut out = String::new();
    out.push_str("<div class=\"newsgaz\" style=\"font-family:sans-serif;line-height:1.6\">\n");
    let text = a.text();
    let label = |m: &crate::Mention| a.entry(m.entity()).label.as_str();
    let labels: BTreeSet<&str> = a.mentions.iter().map(label).collect();
    out.push_str("<div class=\"newsgaz-legend\">");
    for label in &labels {
        let _ = write!(
            out,
            "<span style=\"background:{};padding:0 4px;margin-right:6px;border-radius:3px\">",
            colour(label)
        );
        escape_into(&mut out, label);
        out.push_str("</span>");
    }
    out.push_str("</div>\n<div class=\"newsgaz-text\" style=\"white-space:pre-wrap\">");
    let mut at = 0;
    for (i, m) in a.mentions.iter().enumerate() {
        // In overlapping mode only the outermost mention is marked: the longest of those
        // starting together (the last, by the matcher's order) and none inside it.
        let longer_follows = a
            .mentions
            .get(i + 1)
            .is_some_and(|n| n.span.start == m.span.start);
        if m.span.start < at || longer_follows {
            continue;
        }
        let entry = a.entry(m.entity());
        escape_into(&mut out, &text[at..m.span.start]);
        let _ = write!(
            out,
            "<mark style=\"background:{};padding:0 2px;border-radius:3px\" title=\"",
            colour(&entry.label)
        );
        escape_into(
            &mut out,
            &format!("{} ({}, {})", entry.name, entry.id, entry.label),
        );
        out.push_str("\" data-entity=\"");
        escape_into(&mut out, &entry.id);
        out.push_str("\">");
        escape_into(&mut out, m.text(text));
        out.push_str("</mark>");
        at = m.span.end;
    }
    escape_into(&mut out, &text[at..]);
    out.push_str("</div>\n");
    if !a.entities.is_empty() {
        out.push_str(
            "<table class=\"newsgaz-entities\"><thead><tr><th>entity</th><th>label</th>\
             <th>count</th><th>salience</th></tr></thead><tbody>",
        );
        for e in &a.entities {
            let entry = a.entry(e.entity);
            let _ = write!(
                out,
                "<tr><td><span style=\"background:{}\">",
                colour(&entry.label)
            );
            escape_into(&mut out, &entry.name);
            out.push_str("</span></td><td>");
            escape_into(&mut out, &entry.label);
            let _ = write!(
                out,
                "</td><td>{}</td><td>{:.3}</td></tr>",
                e.count, e.salience
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if a.quotes().len() > 0 {
        out.push_str(
            "<table class=\"newsgaz-quotes\"><thead><tr><th>quote</th><th>speaker</th>\
             </tr></thead><tbody>",
        );
        for q in a.quotes() {
            out.push_str("<tr><td>");
            escape_into(&mut out, q.quote.content.slice(text));
            out.push_str("</td><td>");
            if let Some(s) = q.speaker {
                let name = s.entity.map(|e| a.entry(e).name.as_str());
                escape_into(&mut out, name.unwrap_or(s.span.slice(text)));
            }
            out.push_str("</td></tr>");
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</div>\n");
    out
}
