//! The language of a text when the page does not say: whatlang's trigram model, reported
//! as an ISO 639-1 code (`en`) with its confidence, and only when whatlang calls its guess
//! reliable (precision first).

/// whatlang's ISO 639-3 codes and their ISO 639-1 codes.
const CODES: &[(&str, &str)] = &[
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

/// Characters read: the language shows in the first few thousand, and detection time
/// stays bounded on long pages.
const SAMPLE: usize = 4000;

/// `(code, confidence)` of `text`'s language, when whatlang is sure enough.
pub(super) fn detect_language(text: &str) -> Option<(&'static str, f64)> {
    let end = text
        .char_indices()
        .nth(SAMPLE)
        .map_or(text.len(), |(i, _)| i);
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    let short = CODES.iter().find(|(long, _)| *long == code)?.1;
    Some((short, info.confidence()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_with_confidence_or_stays_silent() {
        let english = "The government announced on Tuesday that the new rules would take effect \
                       next month, after a long debate in parliament about their cost.";
        let (code, confidence) = detect_language(english).unwrap();
        assert_eq!(code, "en");
        assert!(confidence > 0.5, "{confidence}");
        let german = "Die Regierung hat am Dienstag angekündigt, dass die neuen Regeln im \
                      nächsten Monat in Kraft treten, nach einer langen Debatte im Parlament.";
        assert_eq!(detect_language(german).unwrap().0, "de");
        assert_eq!(detect_language("ok"), None);
        assert_eq!(detect_language(""), None);
    }
}
