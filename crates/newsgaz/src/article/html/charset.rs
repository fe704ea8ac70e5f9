//! Decoding an HTML page's bytes: a byte order mark, else UTF-16 told by its pattern of
//! zero bytes, else the HTTP `Content-Type` charset, else the page's `<meta charset>` (in
//! its first 4 kB), else UTF-8 when the bytes are valid UTF-8, else the encoding
//! chardetng detects. UTF-8 (declared or not) with a few stray bytes stays UTF-8, the
//! stray bytes an error naming the byte (or, lossy, replaced and counted): decoding it
//! whole as windows-1252 turned every "São" into "SÃ£o". A charset that lies (declared
//! UTF-8, bytes in another encoding) is detected instead. With an encoding chosen, bytes
//! it cannot decode are an error naming the encoding and the byte (or, lossy, replaced and
//! counted). [`Decoded::source`] says how the encoding was chosen.

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use crate::article::Decoding;
use crate::error::{ArticleError, Location};

/// A decoded page.
#[derive(Debug)]
pub(super) struct Decoded {
    pub(super) text: String,
    pub(super) encoding: &'static Encoding,
    /// Invalid sequences replaced (lossy decoding).
    pub(super) replaced: usize,
    /// How the encoding was chosen.
    pub(super) source: Chosen,
}

/// How a page's encoding was chosen; written as the article's
/// `metadata.extra["encoding_source"]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Chosen {
    Bom,
    Utf16Pattern,
    ContentType,
    Meta,
    ValidUtf8,
    /// UTF-8 with a few stray bytes.
    MostlyUtf8,
    /// Detected; the encoding declared and the byte its reading failed at, when one was.
    Detected(Option<(&'static Encoding, usize)>),
}

impl std::fmt::Display for Chosen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Chosen::Bom => f.write_str("bom"),
            Chosen::Utf16Pattern => f.write_str("utf-16 pattern"),
            Chosen::ContentType => f.write_str("content-type"),
            Chosen::Meta => f.write_str("meta"),
            Chosen::ValidUtf8 => f.write_str("valid utf-8"),
            Chosen::MostlyUtf8 => f.write_str("mostly utf-8"),
            Chosen::Detected(None) => f.write_str("detected"),
            Chosen::Detected(Some((declared, byte))) => write!(
                f,
                "detected: declared {}, invalid at byte {byte}",
                declared.name()
            ),
        }
    }
}

/// The page's text, the encoding used, how it was chosen and the number of replaced
/// sequences.
pub(super) fn decode_page(
    bytes: &[u8],
    content_type: Option<&str>,
    at: &Location,
    decoding: Decoding,
) -> Result<Decoded, ArticleError> {
    let (declared, bom, source) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (Some(encoding), bom, Chosen::Bom),
        None => match utf16_pattern(bytes) {
            Some(encoding) => (Some(encoding), 0, Chosen::Utf16Pattern),
            None => match content_type.and_then(charset_label) {
                Some(e) => (Some(e), 0, Chosen::ContentType),
                None => match meta_charset(bytes) {
                    Some(e) => (Some(e), 0, Chosen::Meta),
                    None => (None, 0, Chosen::ValidUtf8),
                },
            },
        },
    };
    let body = &bytes[bom..];
    let labelled = matches!(source, Chosen::ContentType | Chosen::Meta);
    let utf16 = |e: &'static Encoding| e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE;
    let (encoding, source) = match declared {
        // UTF-16 labels in a page that reached us as bytes of ASCII-compatible markup
        // mean UTF-8 (as browsers read them), unless its bytes say UTF-16.
        Some(e) if utf16(e) && labelled => (UTF_8, source),
        Some(e) => (e, source),
        None => (UTF_8, source),
    };
    let (encoding, source) = match std::str::from_utf8(body) {
        Err(_) if encoding == UTF_8 && bom == 0 && mostly_utf8(body) => (UTF_8, Chosen::MostlyUtf8),
        Err(e) if encoding == UTF_8 && bom == 0 => {
            let declared = labelled.then_some((UTF_8, e.valid_up_to()));
            (detect(body), Chosen::Detected(declared))
        }
        _ => (encoding, source),
    };
    let strict = strictly(encoding, body);
    // A declared charset the bytes are not valid in: detected instead, when the
    // detected one reads them all (a page labelled Shift_JIS written in windows-1252).
    if let (Err(offset), true) = (&strict, labelled && encoding != UTF_8) {
        let guess = detect(body);
        if guess != encoding {
            if let Ok(text) = strictly(guess, body) {
                return Ok(Decoded {
                    text,
                    encoding: guess,
                    replaced: 0,
                    source: Chosen::Detected(Some((encoding, bom + offset))),
                });
            }
        }
    }
    let decoded = |text: String, replaced: usize| Decoded {
        text,
        encoding,
        replaced,
        source,
    };
    match strict {
        Ok(text) => Ok(decoded(text, 0)),
        Err(offset) if decoding == Decoding::Strict => Err(ArticleError::Undecodable {
            at: at.clone(),
            encoding: encoding.name().to_owned(),
            offset: bom + offset,
        }),
        Err(_) => {
            let (text, _) = encoding.decode_without_bom_handling(body);
            let replaced = text.matches('\u{fffd}').count();
            Ok(decoded(text.into_owned(), replaced))
        }
    }
}

/// `body` decoded by `encoding`, or the byte of its first malformed sequence.
fn strictly(encoding: &'static Encoding, body: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len() * 3);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok(text),
        _ => Err(read.saturating_sub(1)),
    }
}

/// UTF-8 with a few stray bytes: as many well-formed multi-byte characters as invalid
/// sequences, or more (a page in a legacy encoding has almost no well-formed ones).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    multibyte > 0 && multibyte >= invalid
}

/// UTF-16 without a byte order mark, told by its zero bytes: markup and Latin text put
/// a zero in the high byte of most units (the even bytes in big-endian), and almost
/// never in the low one.
fn utf16_pattern(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024) & !1];
    if head.len() < 16 {
        return None;
    }
    let units = head.len() / 2;
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    if even * 10 >= units * 6 && odd * 20 <= units {
        Some(encoding_rs::UTF_16BE)
    } else if odd * 10 >= units * 6 && even * 20 <= units {
        Some(encoding_rs::UTF_16LE)
    } else {
        None
    }
}

/// The encoding chardetng guesses for `bytes`.
fn detect(bytes: &[u8]) -> &'static Encoding {
    // Only called on bytes that are not valid UTF-8: UTF-8 is no candidate.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// The charset parameter of a `Content-Type` value (`text/html; charset=ISO-8859-1`).
fn charset_label(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower[at + "charset".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let label: String = rest
        .trim_start()
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| !matches!(c, '"' | '\'' | ';' | ' ' | '>' | '/'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

/// The charset a `<meta>` tag in the first 4 kB declares (`<meta charset="...">` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">`).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = head[from..].find("<meta") {
        let start = from + at;
        let end = head[start..].find('>').map_or(head.len(), |e| start + e);
        if let Some(encoding) = charset_label(&head[start..end]) {
            return Some(encoding);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(bytes: &[u8], content_type: Option<&str>) -> (String, &'static str) {
        let page = decode_page(
            bytes,
            content_type,
            &Location::new("p.html"),
            Decoding::Strict,
        )
        .unwrap();
        (page.text, page.encoding.name())
    }

    fn lossy(bytes: &[u8], content_type: Option<&str>) -> Decoded {
        decode_page(
            bytes,
            content_type,
            &Location::new("p.html"),
            Decoding::Lossy,
        )
        .unwrap()
    }

    #[test]
    fn utf8_with_stray_bytes_stays_utf8_and_utf16_is_told_by_its_zeros() {
        // Declared UTF-8: São Paulo and München in UTF-8, two stray windows-1252 quotes.
        let mut bytes = "<meta charset=utf-8><p>São Paulo and München "
            .as_bytes()
            .to_vec();
        bytes.extend_from_slice(b"\x93quoted\x94</p>");
        let page = lossy(&bytes, None);
        assert!(page.text.contains("São Paulo and München"), "{}", page.text);
        assert_eq!((page.encoding.name(), page.replaced), ("UTF-8", 2));
        assert_eq!(page.source.to_string(), "mostly utf-8");
        // Strict: the first stray byte is named.
        let err = decode_page(&bytes, None, &Location::new("p.html"), Decoding::Strict)
            .err()
            .unwrap();
        assert_eq!(err.to_string(), "p.html: cannot decode as UTF-8 at byte 47");
        // A page in windows-1252 that says UTF-8: detected, and why.
        let legacy = lossy(
            b"<meta charset=utf-8><p>caf\xe9 cr\xe8me br\xfbl\xe9e</p>",
            None,
        );
        assert_eq!(legacy.encoding.name(), "windows-1252");
        assert_eq!(
            legacy.source.to_string(),
            "detected: declared UTF-8, invalid at byte 26"
        );
        // UTF-16 with no byte order mark, either way round.
        let text = "<html><p>Talks in São Paulo went on.</p></html>";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, name) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            let page = lossy(&bytes, None);
            assert_eq!((page.text.as_str(), page.encoding.name()), (text, name));
            assert_eq!(page.source.to_string(), "utf-16 pattern");
        }
    }

    #[test]
    fn header_meta_bom_and_detection() {
        let latin = b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>";
        assert_eq!(
            decoded(latin, None),
            (
                "<meta charset=\"iso-8859-1\"><p>café</p>".into(),
                "windows-1252"
            )
        );
        // The HTTP header wins over the page.
        let page = b"<meta charset=utf-8><p>caf\xe9</p>";
        assert_eq!(
            decoded(page, Some("text/html; charset=windows-1252")).1,
            "windows-1252"
        );
        // A lying UTF-8 declaration: detected instead.
        assert_eq!(decoded(page, None).1, "windows-1252");
        let http_equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\"><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>";
        assert!(decoded(http_equiv, None).0.contains("Привет"));
        assert_eq!(
            decoded(
                "\u{feff}<p>é</p>".as_bytes(),
                Some("text/html; charset=latin1")
            )
            .1,
            "UTF-8"
        );
        assert_eq!(
            decoded(b"<p>plain</p>", None),
            ("<p>plain</p>".into(), "UTF-8")
        );
    }

    #[test]
    fn undecodable_bytes_name_the_encoding_and_byte() {
        // Declared Shift_JIS, written in windows-1252: detected, and said why.
        let page = lossy(
            b"<p>caf\xe9 cr\xe8me</p>",
            Some("text/html; charset=shift_jis"),
        );
        assert_eq!(page.text, "<p>café crème</p>");
        assert_eq!(page.encoding.name(), "windows-1252");
        assert_eq!(
            page.source.to_string(),
            "detected: declared Shift_JIS, invalid at byte 6"
        );
        // UTF-16 by its byte order mark with an unpaired surrogate: no other reading.
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("<p>ab".encode_utf16().flat_map(u16::to_le_bytes));
        bytes.extend(0xD800u16.to_le_bytes());
        bytes.extend(u16::from(b'c').to_le_bytes());
        let err = decode_page(&bytes, None, &Location::new("p.html"), Decoding::Strict)
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "p.html: cannot decode as UTF-16LE at byte 13"
        );
        let page = lossy(&bytes, None);
        assert_eq!((page.text.as_str(), page.replaced), ("<p>ab\u{fffd}c", 1));
        assert_eq!(page.source.to_string(), "bom");
    }
}
