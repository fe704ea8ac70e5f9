//! Authors from pages' metadata, precision first: a value is kept only when it reads as a
//! person's name. "Staff", desks, agencies, sites, e-mail addresses and profile URLs are
//! dropped; "By Jane Doe and Amy Roe" gives two names.

use crate::lexicon::List;

/// The person names among `values`, in order, without duplicates.
pub(super) fn person_names<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for value in values {
        for part in split_names(value) {
            if let Some(name) = as_person_name(&part) {
                if !names.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// One value split into the names it lists: `By A and B`, `A, B`, `A | B`.
fn split_names(value: &str) -> Vec<String> {
    let value = value.trim();
    let value = strip_prefix_word(value, "by").unwrap_or(value);
    let mut parts = Vec::new();
    for piece in value.split([',', ';', '|', '/', '&', '\n']) {
        for name in piece.split(" and ") {
            let name = name.trim();
            if !name.is_empty() {
                parts.push(name.to_owned());
            }
        }
    }
    parts
}

fn strip_prefix_word<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let head = text.get(..word.len())?;
    let rest = &text[word.len()..];
    (head.eq_ignore_ascii_case(word) && rest.starts_with(char::is_whitespace))
        .then(|| rest.trim_start())
}

/// `text` as a person's name (white space collapsed), or `None` when it does not read as
/// one: two to five words, each capitalised (or a particle, or an initial), no digits, no
/// address, no organisation word.
fn as_person_name(text: &str) -> Option<String> {
    if text.contains([
        '@', ':', '(', ')', '[', ']', '{', '}', '<', '>', '=', '#', '"',
    ]) || text.chars().any(|c| c.is_ascii_digit())
        || text.to_ascii_lowercase().contains("www.")
    {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return None;
    }
    let mut capitalised = 0;
    for word in &words {
        let lower = word.to_lowercase();
        let bare = lower.trim_matches(|c: char| c == '.' || c == ',');
        if List::BylineNonPersonWords.contains(bare) {
            return None;
        }
        // A particle as written (`van`, `al`); capitalised, it is a name (`Al Root`).
        if List::NameParticles.contains(word) {
            continue;
        }
        let first = word.chars().next()?;
        if !first.is_uppercase() {
            return None;
        }
        if !word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
        {
            return None;
        }
        capitalised += 1;
    }
    // A name written all in capitals is kept as written; one word alone is not enough.
    (capitalised >= 2).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_kept_and_organisations_dropped() {
        let cases: &[(&[&str], &[&str])] = &[
            (&["Jane Doe"], &["Jane Doe"]),
            (&["By Jane Doe and Amy Roe"], &["Jane Doe", "Amy Roe"]),
            (&["BY JANE DOE"], &["JANE DOE"]),
            (&["Jane Doe, Amy Roe", "jane doe"], &["Jane Doe", "Amy Roe"]),
            (&["Ludwig van Beethoven"], &["Ludwig van Beethoven"]),
            (&["J. R. Smith"], &["J. R. Smith"]),
            (&["Al Root"], &["Al Root"]),
            (&["Omar al Bashir"], &["Omar al Bashir"]),
            (&["By TOM KRISHER, AP Auto Writer"], &["TOM KRISHER"]),
            (&["Rachael Link, MS, RD"], &["Rachael Link"]),
            (&["Staff"], &[]),
            (&["BBC News"], &[]),
            (&["Associated Press"], &[]),
            (&["Reuters Staff"], &[]),
            (&["The Editorial Board"], &[]),
            (&["https://www.example.com/people/jane-doe"], &[]),
            (&["jane@example.com"], &[]),
            (&["Madonna"], &[]),
            (&["admin"], &[]),
            (&["Jane Doe 2019"], &[]),
        ];
        for (values, want) in cases {
            assert_eq!(person_names(values.iter().copied()), *want, "{values:?}");
        }
    }
}
