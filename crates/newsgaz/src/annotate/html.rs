//! An HTML view of an annotated article: mentions highlighted by label, a legend, the
//! entity table and the quotations with their speakers. Self-contained (inline styles), so it renders in a notebook cell.

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

/// `text` escaped for HTML text and attribute values (`& < > " '`).
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape(&mut out, text);
    out
}

fn escape(out: &mut String, text: &str) {
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
    let labels: BTreeSet<&str> = a.mentions.iter().map(|m| m.label.as_str()).collect();
    out.push_str("<div class=\"newsgaz-legend\">");
    for label in &labels {
        let _ = write!(
            out,
            "<span style=\"background:{};padding:0 4px;margin-right:6px;border-radius:3px\">",
            colour(label)
        );
        escape(&mut out, label);
        out.push_str("</span>");
    }
    out.push_str("</div>\n<div class=\"newsgaz-text\" style=\"white-space:pre-wrap\">");
    let mut at = 0;
    for m in &a.mentions {
        escape(&mut out, &a.text[at..m.start]);
        let _ = write!(
            out,
            "<mark style=\"background:{};padding:0 2px;border-radius:3px\" title=\"",
            colour(&m.label)
        );
        escape(&mut out, &format!("{} ({}, {})", m.name, m.entity, m.label));
        out.push_str("\" data-entity=\"");
        escape(&mut out, &m.entity);
        out.push_str("\">");
        escape(&mut out, &m.text);
        out.push_str("</mark>");
        at = m.end;
    }
    escape(&mut out, &a.text[at..]);
    out.push_str("</div>\n");
    if !a.entities.is_empty() {
        out.push_str(
            "<table class=\"newsgaz-entities\"><thead><tr><th>entity</th><th>label</th>\
             <th>count</th><th>salience</th></tr></thead><tbody>",
        );
        for e in &a.entities {
            let _ = write!(
                out,
                "<tr><td><span style=\"background:{}\">",
                colour(&e.label)
            );
            escape(&mut out, &e.name);
            out.push_str("</span></td><td>");
            escape(&mut out, &e.label);
            let _ = write!(
                out,
                "</td><td>{}</td><td>{:.3}</td></tr>",
                e.count, e.salience
            );
        }
        out.push_str("</tbody></table>\n");
    }
    if !a.quotes.is_empty() {
        out.push_str(
            "<table class=\"newsgaz-quotes\"><thead><tr><th>quote</th><th>speaker</th>\
             </tr></thead><tbody>",
        );
        for q in &a.quotes {
            out.push_str("<tr><td>");
            escape(&mut out, &q.text);
            out.push_str("</td><td>");
            if let Some(s) = &q.speaker {
                escape(&mut out, s.name.as_deref().unwrap_or(&s.text));
            }
            out.push_str("</td></tr>");
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</div>\n");
    out
}
