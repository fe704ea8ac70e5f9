//! Decoding an HTML page's bytes: a byte order mark, else the HTTP `Content-Type` charset,
//! else the page's `<meta charset>` (in its first 4 kB), else UTF-8 when the bytes are
//! valid UTF-8, else the encoding chardetng detects. A charset that lies (declared UTF-8,
//! bytes that are not) is detected instead; with an encoding chosen, bytes it cannot
//! decode are an error naming the encoding and the byte (or, lossy, replaced and counted).

use encoding_rs::{DecoderResult, Encoding, UTF_8};

use crate::article::Decoding;
use crate::error::{ArticleError, Location};

/// The page's text, the encoding used and the number of replaced sequences.
pub(super) fn decode_page(
    bytes: &[u8],
    content_type: Option<&str>,
    at: &Location,
    decoding: Decoding,
) -> Result<(String, &'static Encoding, usize), ArticleError> {
    let (declared, bom) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (Some(encoding), bom),
        None => (
            content_type
                .and_then(charset_label)
                .or_else(|| meta_charset(bytes)),
            0,
        ),
    };
    let body = &bytes[bom..];
    let encoding = match declared {
        // UTF-16 labels in a page that reached us as bytes of ASCII-compatible markup
        // mean UTF-8 (as browsers read them), unless a BOM said so.
        Some(e) if bom == 0 && (e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE) => UTF_8,
        Some(e) if e == UTF_8 && std::str::from_utf8(body).is_err() && bom == 0 => detect(body),
        Some(e) => e,
        None if std::str::from_utf8(body).is_ok() => UTF_8,
        None => detect(body),
    };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len() * 3);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut text, true);
    match result {
        DecoderResult::InputEmpty => Ok((text, encoding, 0)),
        DecoderResult::Malformed(..) if decoding == Decoding::Strict => {
            Err(ArticleError::Undecodable {
                at: at.clone(),
                encoding: encoding.name().to_owned(),
                offset: bom + read.saturating_sub(1),
            })
        }
        _ => {
            let (text, _) = encoding.decode_without_bom_handling(body);
            let replaced = text.matches('\u{fffd}').count();
            Ok((text.into_owned(), encoding, replaced))
        }
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
        let (text, encoding, _) = decode_page(
            bytes,
            content_type,
            &Location::new("p.html"),
            Decoding::Strict,
        )
        .unwrap();
        (text, encoding.name())
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
        // Shift_JIS declared, a lead byte with no trail at the end.
        let err = decode_page(
            b"<p>ab\x82",
            Some("text/html; charset=shift_jis"),
            &Location::new("p.html"),
            Decoding::Strict,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "p.html: cannot decode as Shift_JIS at byte 5"
        );
        let (text, _, replaced) = decode_page(
            b"<p>ab\x82",
            Some("text/html; charset=shift_jis"),
            &Location::new("p.html"),
            Decoding::Lossy,
        )
        .unwrap();
        assert_eq!((text.as_str(), replaced), ("<p>ab\u{fffd}", 1));
    }
}
