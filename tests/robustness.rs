//! Checks that hold for any input, however malformed: shared by the cargo-fuzz targets
//! (`fuzz/fuzz_targets/`) and by `tests/fuzz_seeds.rs`, which replays the kept seeds on
//! stable Rust. Each returns the first broken rule; a panic is a failure too.

use std::sync::OnceLock;

use newsgaz::article::Decoding;
use newsgaz::input::{read_records_with, InputFormat};
use newsgaz::{AnnotatedArticle, Annotator, Article, Gazetteer, Matcher, Span};

/// The annotator the checks use: the built-in gazetteer, built once per process.
fn annotator() -> &'static Annotator {
    static ANNOTATOR: OnceLock<Annotator> = OnceLock::new();
    ANNOTATOR.get_or_init(|| Annotator::new(Matcher::new(Gazetteer::builtin().clone())))
}

/// `bytes` as an article in every layout and decoding: never a panic, and every article
/// read has spans that slice its text; each is annotated and checked by
/// [`check_annotated`].
pub fn check_article_bytes(bytes: &[u8]) -> Result<(), String> {
    for format in [
        InputFormat::PlainText,
        InputFormat::Json,
        InputFormat::JsonLines,
    ] {
        for decoding in [Decoding::Strict, Decoding::Lossy] {
            for record in read_records_with(bytes, "fuzz", format, decoding) {
                let Ok(article) = record.article else {
                    continue;
                };
                check_article(&article).map_err(|e| format!("{format:?}, {decoding:?}: {e}"))?;
                let annotated = annotator().annotate(&article, record.source);
                check_annotated(&annotated).map_err(|e| format!("{format:?}: {e}"))?;
            }
        }
    }
    Ok(())
}

/// `bytes` as an HTML page and as a WARC archive of pages, strictly and lossily decoded:
/// never a panic (nor an endless read), and every article read checked as
/// [`check_article_bytes`] checks.
pub fn check_page_bytes(bytes: &[u8]) -> Result<(), String> {
    for format in [InputFormat::Html, InputFormat::Warc] {
        for decoding in [Decoding::Strict, Decoding::Lossy] {
            for record in read_records_with(bytes, "fuzz", format, decoding) {
                let Ok(article) = record.article else {
                    continue;
                };
                check_article(&article).map_err(|e| format!("{format:?}, {decoding:?}: {e}"))?;
                let annotated = annotator().annotate(&article, record.source);
                check_annotated(&annotated).map_err(|e| format!("{format:?}: {e}"))?;
            }
        }
    }
    Ok(())
}

/// `bytes` (after two bytes that choose small limits) as an input of every layout under
/// those limits, strictly and lossily decoded: never a panic; under any limits an input
/// yields as many records, in the same order, as under none (a record past a limit is
/// an error in its place, never dropped); a limit's error names a byte inside the input;
/// every article read is checked as [`check_article_bytes`] checks.
pub fn check_limited_bytes(bytes: &[u8]) -> Result<(), String> {
    use newsgaz::input::{read_records_limited, Limits};
    use newsgaz::ArticleError;
    let (choice, input) = match bytes {
        [a, b, rest @ ..] => ((*a, *b), rest),
        _ => return Ok(()),
    };
    let limits = Limits::default()
        .max_record_bytes(1 + u64::from(choice.0) * 3)
        .max_html_depth(usize::from(choice.1 % 16))
        .max_html_elements(usize::from(choice.1 / 16) * 4);
    let unlimited = Limits::default()
        .max_record_bytes(u64::MAX)
        .max_html_depth(usize::MAX)
        .max_html_elements(usize::MAX);
    for format in [
        InputFormat::PlainText,
        InputFormat::Json,
        InputFormat::JsonLines,
        InputFormat::Html,
        InputFormat::Warc,
    ] {
        for decoding in [Decoding::Strict, Decoding::Lossy] {
            let limited = read_records_limited(input, "fuzz", format, decoding, limits);
            let free = read_records_limited(input, "fuzz", format, decoding, unlimited);
            let sources = |records: &[newsgaz::input::Record]| -> Vec<String> {
                records.iter().map(|r| r.source.clone()).collect()
            };
            // A line past the limit is an error record whatever it holds, so a long blank
            // line of JSON Lines, which is no record without limits, is one under them.
            let free_sources = sources(&free);
            let limited_sources: Vec<String> = limited
                .iter()
                .filter(|r| {
                    !matches!(r.article, Err(ArticleError::LimitExceeded { .. }))
                        || free_sources.contains(&r.source)
                })
                .map(|r| r.source.clone())
                .collect();
            // WARC records past the limit may be read past differently (a skipped record
            // is no record); every other layout keeps its records one for one.
            if format != InputFormat::Warc && limited_sources != free_sources {
                return Err(format!(
                    "{format:?}, {decoding:?}: records {:?} under limits, {:?} without",
                    sources(&limited),
                    free_sources
                ));
            }
            for record in limited {
                match record.article {
                    Err(ArticleError::LimitExceeded { offset, .. })
                        if offset > input.len() as u64 =>
                    {
                        return Err(format!(
                            "{format:?}: a limit passed at byte {offset} of {}",
                            input.len()
                        ));
                    }
                    Err(_) => {}
                    Ok(article) => {
                        check_article(&article)
                            .map_err(|e| format!("{format:?}, {decoding:?}: {e}"))?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The article's title, paragraph, sentence, quote and attribution spans lie on char
/// boundaries of its text; paragraphs and sentences follow one another without overlap,
/// and quotes come in text order.
pub fn check_article(article: &Article) -> Result<(), String> {
    let text = &article.text;
    let mut spans: Vec<Span> = article.title_span.into_iter().collect();
    spans.extend(&article.paragraphs);
    spans.extend(&article.sentences);
    for q in &article.quotes {
        spans.extend([q.span, q.content]);
        spans.extend(q.cue.as_ref().and_then(|c| c.speaker));
    }
    spans.extend(article.attributions.iter().map(|a| a.source));
    for span in spans {
        slices(text, span)?;
    }
    ascending("paragraphs", &article.paragraphs)?;
    ascending("sentences", &article.sentences)?;
    // Quotes may nest (‘…’ inside “…”), but come in text order.
    match article
        .quotes
        .windows(2)
        .find(|w| w[1].span.start < w[0].span.start)
    {
        Some(w) => Err(format!(
            "quotes out of order: {:?} then {:?}",
            w[0].span, w[1].span
        )),
        None => Ok(()),
    }
}

/// Every mention slices the text on char boundaries, its char offsets count the code
/// points before it, mentions ascend by start, and every candidate is an entry.
pub fn check_annotated(a: &AnnotatedArticle) -> Result<(), String> {
    let text = a.text();
    let mut last_start = 0;
    // Indices past the gazetteer's are the people found in the text.
    let entities = a.gazetteer().len() + a.people().len();
    for m in &a.mentions {
        let span = Span::new(m.span.start, m.span.end);
        slices(text, span)?;
        let chars_before = text[..span.start].chars().count();
        let chars_in = text[span.start..span.end].chars().count();
        if (m.span.char_start, m.span.char_end) != (chars_before, chars_before + chars_in) {
            return Err(format!("mention {span:?}: char offsets {:?}", m.span));
        }
        if span.start < last_start {
            return Err(format!("mention {span:?} starts before the one before it"));
        }
        last_start = span.start;
        if m.candidates.is_empty() || m.candidates.iter().any(|&e| e.as_usize() >= entities) {
            return Err(format!("mention {span:?}: candidates {:?}", m.candidates));
        }
    }
    for (found, entry) in a.people().iter().enumerate() {
        let index = newsgaz::gazetteer::Entities::new(a.gazetteer(), a.people()).found_index(found);
        // Found entities are people or organisations, each named by a mention.
        let found_kind = [("person:~", "PERSON"), ("org:~", "ORG")]
            .iter()
            .any(|(prefix, label)| entry.id.starts_with(prefix) && entry.label == *label);
        if !found_kind {
            return Err(format!(
                "found entity {:?} has label {:?}: neither a person nor an organisation",
                entry.id, entry.label
            ));
        }
        if !a.mentions.iter().any(|m| m.entity() == index) {
            return Err(format!(
                "found entity {:?} ({}) is named by no mention",
                entry.id, entry.name
            ));
        }
    }
    // Every record can be written, the people's included.
    serde_json::to_string(a).map_err(|e| e.to_string())?;
    Ok(())
}

/// `bytes` as a gazetteer in JSON Lines: an error or a gazetteer, never a panic; a
/// gazetteer builds a matcher whose matches on the same bytes, as text, slice it.
pub fn check_gazetteer_bytes(bytes: &[u8]) -> Result<(), String> {
    let text = String::from_utf8_lossy(bytes);
    let Ok(gazetteer) = Gazetteer::from_jsonl_str(&text, "fuzz.jsonl") else {
        return Ok(());
    };
    let matcher = Matcher::new(gazetteer);
    for overlapping in [false, true] {
        let found: Vec<Span> = if overlapping {
            matcher
                .find_overlapping_iter(&text)
                .map(|m| m.span())
                .collect()
        } else {
            matcher.find_iter(&text).map(|m| m.span()).collect()
        };
        for span in found {
            slices(&text, span)?;
        }
    }
    Ok(())
}

/// `bytes` as a compiled gazetteer file, and as the payload of one whose header and
/// checksum are right (so that the fuzzer reaches the payload's reader): refused with a
/// typed error or loaded, never a panic; a loaded matcher searches the bytes as text with
/// every span on char boundaries.
pub fn check_compiled_bytes(bytes: &[u8]) -> Result<(), String> {
    let sealed = seal_compiled(bytes);
    for file in [bytes, &sealed[..]] {
        let Ok(matcher) = Matcher::from_compiled(file, "fuzz.ngz") else {
            continue;
        };
        let text = String::from_utf8_lossy(bytes);
        for overlapping in [false, true] {
            let found: Vec<Span> = if overlapping {
                matcher
                    .find_overlapping_iter(&text)
                    .map(|m| m.span())
                    .collect()
            } else {
                matcher.find_iter(&text).map(|m| m.span()).collect()
            };
            for span in found {
                slices(&text, span)?;
            }
        }
        // What loads is what it says: compiling it again loads the same entries.
        let again = Matcher::from_compiled(&matcher.to_compiled(), "again.ngz")
            .map_err(|e| format!("a loaded matcher's own compiled form is refused: {e}"))?;
        if again.gazetteer() != matcher.gazetteer() {
            return Err("compiling a loaded matcher again changes its entries".into());
        }
    }
    Ok(())
}

/// A compiled file around `payload`: the header of a real one (magic, format version),
/// this payload's length and its CRC-32.
pub fn seal_compiled(payload: &[u8]) -> Vec<u8> {
    static HEADER: OnceLock<Vec<u8>> = OnceLock::new();
    let header = HEADER.get_or_init(|| {
        let empty = Gazetteer::from_entries(std::iter::empty(), "empty").expect("no entries");
        Matcher::new(empty).to_compiled()[..32].to_vec()
    });
    let mut file = header[..16].to_vec();
    file.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    file.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    file.extend_from_slice(&header[28..32]);
    file.extend_from_slice(payload);
    file
}

/// A gazetteer and a text from the same bytes (split at the first NUL byte: records, then
/// text), annotated: [`check_annotated`] holds.
pub fn check_annotation_bytes(bytes: &[u8]) -> Result<(), String> {
    let (records, text) = match bytes.iter().position(|&b| b == 0) {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (&b""[..], bytes),
    };
    let records = String::from_utf8_lossy(records);
    let text = String::from_utf8_lossy(text).into_owned();
    // The fuzzer's own gazetteer when its records make one, else the built-in one (built
    // once: building it for each input would leave no time to fuzz).
    let own = Gazetteer::from_jsonl_str(&records, "fuzz.jsonl")
        .ok()
        .filter(|g| !g.is_empty())
        .map(|g| Annotator::new(Matcher::new(g)));
    let annotator = match &own {
        Some(own) => own,
        None => annotator(),
    };
    let annotated = annotator.annotate(&Article::parse_plain(text), "fuzz");
    check_article(annotated.article())?;
    check_annotated(&annotated)
}

fn slices(text: &str, span: Span) -> Result<(), String> {
    if span.start > span.end || text.get(span.start..span.end).is_none() {
        return Err(format!(
            "span {span:?} does not slice a text of {} bytes",
            text.len()
        ));
    }
    Ok(())
}

fn ascending(what: &str, spans: &[Span]) -> Result<(), String> {
    match spans.windows(2).find(|w| w[1].start < w[0].end) {
        Some(w) => Err(format!(
            "{what} overlap or go back: {:?} then {:?}",
            w[0], w[1]
        )),
        None => Ok(()),
    }
}
