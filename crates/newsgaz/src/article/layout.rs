//! The plain-text layout: an optional title line, blank lines between paragraphs, and a
//! byline (`By Jane Doe`) and dateline (`MOSCOW (Reuters) -`) at the start of the body.
//!
//! Every span refers to the text as given: nothing is normalised or copied.

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// A dateline at the start of the body: `MOSCOW (Reuters) -`, `LONDON, March 3 (AP) —`.
///
/// ```
/// let a = newsgaz::Article::parse_plain("Title\n\nLONDON, March 3 (AP) - Rain fell.");
/// let d = a.metadata.dateline.as_ref().unwrap();
/// assert_eq!((d.place.slice(&a.text), d.detail.unwrap().slice(&a.text)), ("LONDON", "March 3"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The whole dateline, separator included.
    pub span: Span,
    /// The place (`MOSCOW`, `NEW YORK`).
    pub place: Span,
    /// What follows the place after a comma (`March 3`, `Ukraine`), if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Span>,
    /// The agency in parentheses (`Reuters`, `AP`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<Span>,
}

/// A byline line: `By Jane Doe and John Roe`.
///
/// ```
/// let a = newsgaz::Article::parse_plain("Title\n\nBy Jane Doe and John Roe\n\nRain fell.");
/// let b = a.metadata.byline.as_ref().unwrap();
/// assert_eq!(b.authors.len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Byline {
    /// The whole line.
    pub span: Span,
    /// Each name in it.
    pub authors: Vec<Span>,
}

/// Title, paragraphs, byline and dateline of a text.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    pub(crate) title: Option<Span>,
    pub(crate) paragraphs: Vec<Span>,
    pub(crate) byline: Option<Byline>,
    pub(crate) dateline: Option<Dateline>,
    /// A news agency named after the byline's authors (`By Jane Doe, Reuters`).
    pub(crate) byline_agency: Option<Span>,
}

/// Splits `text[from..]` into title (when `may_have_title`: the first non-blank line, when
/// a blank line follows it), paragraphs (runs of non-blank lines), byline and dateline.
pub(crate) fn layout(text: &str, from: usize, may_have_title: bool) -> Layout {
    let mut lines = line_spans(&text[from..])
        .into_iter()
        .map(|l| trim_span(text, Span::new(l.start + from, l.end + from)));
    let mut out = Layout::default();
    let mut current: Option<Span> = None;
    let mut seen_content = false;
    let mut title_candidate: Option<Span> = None;
    let mut last_was_bullet = false;
    for line in lines.by_ref() {
        if line.is_empty() {
            if let Some(t) = title_candidate.take() {
                out.title = Some(t);
            }
            out.paragraphs.extend(current.take());
            last_was_bullet = false;
            continue;
        }
        if may_have_title && !seen_content {
            seen_content = true;
            title_candidate = Some(line);
            continue;
        }
        if let Some(t) = title_candidate.take() {
            // No blank line after the first line: it was body.
            current = Some(t);
        }
        seen_content = true;
        // A list item (`- item`, `* item`, `• item`) is a paragraph of its own.
        let bullet = is_bullet(line.slice(text));
        if bullet || last_was_bullet {
            out.paragraphs.extend(current.take());
        }
        last_was_bullet = bullet;
        current = Some(match current {
            Some(p) => Span::new(p.start, line.end),
            None => line,
        });
    }
    // A lone line is body: a title is a first line with a blank line after it.
    out.paragraphs.extend(title_candidate.take().or(current));
    if let Some(first) = out.paragraphs.first().copied() {
        let mut first = first;
        if let Some(mut byline) = byline(text, first) {
            // `By Jane Doe, Reuters`: the agency is the source, not an author.
            if byline.authors.len() > 1
                && byline
                    .authors
                    .last()
                    .is_some_and(|a| is_agency(a.slice(text)))
            {
                out.byline_agency = byline.authors.pop();
            }
            first.start = byline.span.end;
            out.byline = Some(byline);
            first = skip_space(text, first);
            if first.is_empty() {
                out.paragraphs.remove(0);
                first = out.paragraphs.first().copied().unwrap_or(first);
            }
        }
        if let Some(dateline) = dateline(text, first) {
            first.start = dateline.span.end;
            out.dateline = Some(dateline);
            first = skip_space(text, first);
        }
        if let Some(p) = out.paragraphs.first_mut() {
            if !first.is_empty() && p.end == first.end {
                *p = first;
            }
        }
    }
    out
}

fn is_bullet(line: &str) -> bool {
    ["- ", "* ", "• ", "· ", "– ", "— "]
        .iter()
        .any(|b| line.starts_with(b))
}

/// Line spans without their terminators (`\n` or `\r\n`).
pub(crate) fn line_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    for i in memchr::memchr_iter(b'\n', text.as_bytes()) {
        let end = if i > start && text.as_bytes()[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        spans.push(Span::new(start, end));
        start = i + 1;
    }
    if start < text.len() {
        spans.push(Span::new(start, text.len()));
    }
    spans
}

/// The span without white space at either end.
pub(crate) fn trim_span(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return Span::new(span.start, span.start);
    }
    Span::new(span.start + lead, span.end - trail)
}

fn skip_space(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    Span::new(span.end - s.trim_start().len(), span.end)
}

/// `By Jane Doe`, `By JANE DOE and John Roe`: a first line of at most eight words, each
/// name capitalised.
fn byline(text: &str, paragraph: Span) -> Option<Byline> {
    let p = paragraph.slice(text);
    let line_end = p.find('\n').map_or(p.len(), |i| i);
    let line = p[..line_end].trim_end();
    let rest = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))?;
    if rest.split_whitespace().count() > 8 || rest.ends_with(['.', '!', '?']) {
        return None;
    }
    let base = paragraph.start + 3;
    let mut authors = Vec::new();
    let mut at = 0;
    for part in rest.split([',', '&']) {
        let mut sub_at = at;
        for name in part.split(" and ") {
            let lead = name.len() - name.trim_start().len();
            let trimmed = name.trim();
            if !trimmed.is_empty() {
                let all_capitalised = trimmed
                    .split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase));
                if !all_capitalised {
                    return None;
                }
                let start = base + sub_at + lead;
                authors.push(Span::new(start, start + trimmed.len()));
            }
            sub_at += name.len() + " and ".len();
        }
        at += part.len() + 1;
    }
    if authors.is_empty() {
        return None;
    }
    Some(Byline {
        span: Span::new(paragraph.start, paragraph.start + line.len()),
        authors,
    })
}

/// News agencies and wire services that bylines name after the authors.
#[rustfmt::skip]
fn is_agency(name: &str) -> bool {
    matches!(name,
        "Reuters" | "AP" | "Associated Press" | "The Associated Press" | "AFP" |
        "Agence France-Presse" | "Bloomberg" | "Bloomberg News" | "PA" | "PA Media" |
        "Press Association" | "UPI" | "DPA" | "Xinhua" | "Kyodo" | "Kyodo News" | "TASS" |
        "Interfax" | "ANSA" | "EFE" | "Yonhap" | "ANI" | "PTI" | "CNN" | "BBC News")
}

/// `PLACE[, detail] [(Agency)] -` where PLACE is in capitals and the separator is a
/// hyphen, en or em dash, or `--`, followed by white space.
fn dateline(text: &str, paragraph: Span) -> Option<Dateline> {
    let p = paragraph.slice(text);
    let base = paragraph.start;
    // The place: capitals, spaces, dots, apostrophes and hyphens between letters.
    let mut place_end = 0;
    let mut letters = 0;
    for (i, c) in p.char_indices() {
        if c.is_uppercase() {
            letters += 1;
            place_end = i + c.len_utf8();
        } else if c.is_lowercase() || c.is_numeric() {
            return None;
        } else {
            let separator_next =
                c == ' ' && p[i..].trim_start().starts_with(['-', '—', '–', '(', ',']);
            if separator_next || !matches!(c, ' ' | '.' | '\'' | '’' | '-') {
                break;
            }
        }
    }
    if letters < 2 || p[..place_end].split_whitespace().count() > 4 {
        return None;
    }
    let mut rest = &p[place_end..];
    let offset = |rest: &str| base + p.len() - rest.len();
    let mut detail = None;
    if let Some(after) = rest.strip_prefix(',') {
        let lead = after.len() - after.trim_start().len();
        let end = after.find(['(', '-', '—', '–'])?;
        let d = after[..end].trim_end();
        // `d` is all white space when the mark comes straight after the comma.
        let words = d.get(lead..).map_or(0, |d| d.split_whitespace().count());
        if words == 0 || words > 4 || d.contains([',', ';', ':']) {
            return None;
        }
        detail = Some(Span::new(offset(after) + lead, offset(after) + d.len()));
        rest = &after[d.len()..];
    }
    let mut agency = None;
    let trimmed = rest.trim_start();
    if let Some(inner) = trimmed.strip_prefix('(') {
        let close = inner.find(')')?;
        let name = &inner[..close];
        if name.is_empty() || name.split_whitespace().count() > 5 {
            return None;
        }
        agency = Some(Span::new(offset(inner), offset(inner) + close));
        rest = &inner[close + 1..];
    }
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() && agency.is_none() && detail.is_none() {
        return None; // `WORD-word` is not a dateline.
    }
    let after = ["--", "-", "—", "–"]
        .iter()
        .find_map(|sep| trimmed.strip_prefix(sep))?;
    let next = after.trim_start().chars().next();
    if !after.starts_with(char::is_whitespace)
        || !next.is_some_and(|c| {
            c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '“' | '‘' | '\'')
        })
    {
        return None;
    }
    Some(Dateline {
        span: Span::new(base, offset(after)),
        place: Span::new(base, base + place_end),
        detail,
        agency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slices(text: &str, spans: &[Span]) -> Vec<String> {
        spans.iter().map(|s| s.slice(text).to_owned()).collect()
    }

    #[test]
    fn titles_blank_lines_crlf_and_trailing_space() {
        let cases: &[(&str, bool, Option<&str>, &[&str])] = &[
            ("T\n\nA\n\nB", true, Some("T"), &["A", "B"]),
            (
                "T  \r\n\r\nA  \r\nstill A\r\n\r\n\r\n\r\nB \r\n",
                true,
                Some("T"),
                &["A  \r\nstill A", "B"],
            ),
            ("\n\n  T\n\n\nA", true, Some("T"), &["A"]),
            ("no title\nA", true, None, &["no title\nA"]),
            ("T\n\nA", false, None, &["T", "A"]),
            ("Only a line\n", true, None, &["Only a line"]),
            ("One sentence.", true, None, &["One sentence."]),
            ("", true, None, &[]),
            (
                "T\n\nWe will:\n - cut tax\n* build roads\nThen vote.",
                true,
                Some("T"),
                &["We will:", "- cut tax", "* build roads", "Then vote."],
            ),
        ];
        for &(text, may, title, paragraphs) in cases {
            let l = layout(text, 0, may);
            assert_eq!(l.title.map(|s| s.slice(text)), title, "{text:?}");
            assert_eq!(slices(text, &l.paragraphs), paragraphs, "{text:?}");
        }
    }

    #[test]
    fn datelines() {
        type Parts = (&'static str, Option<&'static str>, Option<&'static str>);
        let cases: &[(&str, Option<Parts>, &str)] = &[
            (
                "MOSCOW (Reuters) - Russia said.",
                Some(("MOSCOW", None, Some("Reuters"))),
                "Russia said.",
            ),
            (
                "LONDON, March 3 (AP) — Britain said.",
                Some(("LONDON", Some("March 3"), Some("AP"))),
                "Britain said.",
            ),
            (
                "NEW YORK -- Stocks fell.",
                Some(("NEW YORK", None, None)),
                "Stocks fell.",
            ),
            (
                "KYIV, Ukraine (AP) – Sirens.",
                Some(("KYIV", Some("Ukraine"), Some("AP"))),
                "Sirens.",
            ),
            (
                "ST. LOUIS (Reuters) - Rain.",
                Some(("ST. LOUIS", None, Some("Reuters"))),
                "Rain.",
            ),
            ("US-China talks resumed.", None, "US-China talks resumed."),
            (
                "NATO - the alliance - met.",
                None,
                "NATO - the alliance - met.",
            ),
            (
                "The UK - and France - met.",
                None,
                "The UK - and France - met.",
            ),
            ("BBC One's show won.", None, "BBC One's show won."),
            // A mark straight after the comma (found by the annotate fuzz target).
            ("PARIS, -\u{301} Lima.", None, "PARIS, -\u{301} Lima."),
            ("PARIS, (AP) Lima.", None, "PARIS, (AP) Lima."),
        ];
        for &(body, expected, para) in cases {
            let text = format!("Title\n\n{body}");
            let l = layout(&text, 0, true);
            let got = l.dateline.as_ref().map(|d| {
                (
                    d.place.slice(&text),
                    d.detail.map(|s| s.slice(&text)),
                    d.agency.map(|s| s.slice(&text)),
                )
            });
            assert_eq!(got, expected, "{body}");
            assert_eq!(l.paragraphs[0].slice(&text), para, "{body}");
        }
    }

    #[test]
    fn bylines_as_own_paragraph_or_first_line() {
        let text = "Title\n\nBy Jane Doe and John Roe\n\nMOSCOW (Reuters) - Talks.\n\nMore.";
        let l = layout(text, 0, true);
        let b = l.byline.unwrap();
        assert_eq!(b.span.slice(text), "By Jane Doe and John Roe");
        assert_eq!(slices(text, &b.authors), ["Jane Doe", "John Roe"]);
        assert_eq!(l.dateline.unwrap().place.slice(text), "MOSCOW");
        assert_eq!(slices(text, &l.paragraphs), ["Talks.", "More."]);

        let text = "Title\n\nBy JANE DOE, Amy Lee\nThe body starts.";
        let l = layout(text, 0, true);
        assert_eq!(
            slices(text, &l.byline.unwrap().authors),
            ["JANE DOE", "Amy Lee"]
        );
        assert_eq!(slices(text, &l.paragraphs), ["The body starts."]);

        let text = "Title\n\nBy the way, this is body.";
        assert!(layout(text, 0, true).byline.is_none());

        // An agency after the names is the source, not an author; alone, it is the byline.
        let cases: &[(&str, &[&str], Option<&str>)] = &[
            ("By Jane Doe, Reuters", &["Jane Doe"], Some("Reuters")),
            (
                "By Jane Doe and John Roe, The Associated Press",
                &["Jane Doe", "John Roe"],
                Some("The Associated Press"),
            ),
            ("By Jane Doe, Amy Lee", &["Jane Doe", "Amy Lee"], None),
            ("By Reuters", &["Reuters"], None),
        ];
        for &(line, authors, agency) in cases {
            let text = format!("Title\n\n{line}\n\nBody.");
            let l = layout(&text, 0, true);
            let b = l.byline.as_ref().unwrap();
            assert_eq!(b.span.slice(&text), line);
            assert_eq!(slices(&text, &b.authors), authors, "{line}");
            assert_eq!(l.byline_agency.map(|s| s.slice(&text)), agency, "{line}");
        }
    }
}
