//! Place names that, in their context, name something else: a team in a results line
//! ("Chicago 4 Boston 2", "Leeds v Wimbledon", "NEW YORK AT SEATTLE") or a part of a
//! longer proper name ("Chicago White Sox", "Dynamo Moscow", "MaliVai Washington").
//!
//! The rules look at the words right beside a mention, nothing else, and apply to the
//! entities [`AnnotateOptions::place_context_entities`] selects: by default cities and US
//! states, which name clubs and franchises; countries and nations (which name national
//! sides, still places in CoNLL-2003's scheme) are left alone. The evidence, counted on
//! CoNLL-2003 `eng.train`, is in `docs/builtin-gazetteer.md`.
//!
//! [`AnnotateOptions::place_context_entities`]: super::AnnotateOptions::place_context_entities

use crate::gazetteer::{EntityIndex, Gazetteer};
use crate::lexicon::List;

use super::Found;

/// Which entities the rules apply to: a selector is a label (`CITY`) or an id prefix
/// ending in `:` (`us-state:`).
#[derive(Clone, Debug)]
pub(crate) struct PlaceContext {
    selected: Vec<bool>,
}

impl PlaceContext {
    pub(crate) fn new(gazetteer: &Gazetteer, selectors: &[String]) -> PlaceContext {
        let selected = gazetteer
            .entries()
            .iter()
            .map(|e| {
                selectors.iter().any(|s| {
                    if s.ends_with(':') {
                        e.id.starts_with(s.as_str())
                    } else {
                        e.label == *s
                    }
                })
            })
            .collect();
        PlaceContext { selected }
    }

    fn applies(&self, entity: EntityIndex) -> bool {
        self.selected
            .get(entity.as_usize())
            .copied()
            .unwrap_or(false)
    }

    /// Drops the mentions (resolved, so their first candidate is the one meant) of
    /// selected entities whose neighbours say they name a team or part of a longer name.
    pub(crate) fn filter(&self, text: &str, found: &mut Vec<Found>) {
        found.retain(|f| {
            f.partial
                || !self.applies(f.entity())
                || !names_something_else(text, f.span.start, f.span.end)
        });
    }
}

/// Whether the words around `text[start..end]` make it a team or part of a longer name.
fn names_something_else(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let after = &text[end..];
    let next = word_after(after);
    let previous = word_before(before);
    // A team in a results line or a fixture: a score after it ("Brighton 4", "NEW YORK
    // 74 59"; not a dateline's date, "MOSCOW 1996-08-30"), "v" on either side, or "at"
    // and another name after it (the visitors).
    if next.is_some_and(is_score) {
        return true;
    }
    let versus = |w: &str| matches!(w, "v" | "v." | "vs" | "vs." | "V" | "VS");
    if next.is_some_and(versus) || previous.is_some_and(versus) {
        return true;
    }
    if let Some(rest) = after.strip_prefix(' ') {
        if let Some(rest) = rest
            .strip_prefix("at ")
            .or_else(|| rest.strip_prefix("AT "))
        {
            if rest.chars().next().is_some_and(char::is_uppercase) {
                return true;
            }
        }
    }
    // A person: a title right before it ("Mr Houston", "Dr Sofia"). A team: a player's
    // or an official's role right after it ("Madrid midfielder Guti", "Newcastle's
    // centre"; national sides keep their country's name, see the module's note).
    if previous.is_some_and(|w| List::Honorifics.contains(w.strip_suffix('.').unwrap_or(w))) {
        return true;
    }
    let role = next
        .filter(|w| *w != "'s")
        .or_else(|| after.strip_prefix(" 's").and_then(word_after))
        .or_else(|| after.strip_prefix("'s").and_then(word_after))
        .or_else(|| after.strip_prefix("\u{2019}s").and_then(word_after));
    if role.is_some_and(|w| List::TeamRoles.contains(w.trim_end_matches([',', '.']))) {
        return true;
    }
    // Part of a longer name: a capitalised word right after it ("Chicago White Sox",
    // "London Stock Exchange"), or right before it when that word does not begin its
    // sentence ("Dynamo Moscow", "MaliVai Washington"). Words in capitals throughout
    // (headlines, tables) say nothing, so they do not count.
    if next.is_some_and(is_title_case) {
        return true;
    }
    // The word before must end in a letter: "Tel Aviv, Chicago" is a list, "Prophet.
    // New York" a new sentence; "SEC's Boston office" is a possessive, not a name.
    if let Some(previous) = previous.filter(|w| {
        w.ends_with(char::is_alphabetic) && !w.ends_with("'s") && !w.ends_with("\u{2019}s")
    }) {
        let earlier = before[..before.len() - previous.len() - 1].trim_end_matches(' ');
        // In a title written in title case ("Putin Meets China's Defense Minister In
        // Moscow") the word before says nothing. (A capitalised word after still does:
        // "Bristol City 2-1 Milton Keynes".)
        if is_title_case(previous)
            && !starts_sentence(earlier)
            && !is_title_case_title(before, after)
        {
            return true;
        }
    }
    false
}

/// Whether the mention is in the text's first line (an article's title) and that line is
/// in title case: at least three words, four in five of them beginning with a capital.
/// Only the title: in the body, short capitalised lines are mostly results and lists.
fn is_title_case_title(before: &str, after: &str) -> bool {
    if before.contains('\n') {
        return false;
    }
    let end = after.find('\n').unwrap_or(after.len());
    let words = before
        .split_whitespace()
        .chain(after[..end].split_whitespace())
        .filter(|w| w.chars().any(char::is_alphabetic));
    let (mut all, mut capitalised) = (0, 0);
    for word in words {
        all += 1;
        capitalised += usize::from(word.starts_with(char::is_uppercase));
    }
    // The mention itself counts as one capitalised word.
    all >= 2 && 5 * (capitalised + 1) >= 4 * (all + 1)
}

/// The word after a single space, up to the next space or line break.
fn word_after(after: &str) -> Option<&str> {
    let rest = after.strip_prefix(' ')?;
    let word = rest.split([' ', '\n', '\t']).next()?;
    (!word.is_empty()).then_some(word)
}

/// The word before a single space, back to the previous space or line break.
fn word_before(before: &str) -> Option<&str> {
    let rest = before.strip_suffix(' ')?;
    let word = rest.rsplit([' ', '\n', '\t']).next()?;
    (!word.is_empty()).then_some(word)
}

/// A score or a figure in a table: digits, maybe with `.`, `,`, `/` or one `-` ("4",
/// ".629", "326", "473-6"), but not a date ("1996-08-30").
fn is_score(word: &str) -> bool {
    let word = word.trim_end_matches([',', ';', ')']);
    let starts = word.starts_with(|c: char| c.is_ascii_digit())
        || (word.starts_with('.') && word[1..].starts_with(|c: char| c.is_ascii_digit()));
    let date = word.len() == 10 && word.matches('-').count() == 2;
    starts
        && !date
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '/' | '-'))
}

/// A capital then a lower-case letter ("White", "MaliVai"; not "AT", "U.S.", "DJs").
fn is_title_case(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase)
}

/// Whether a word after `earlier` (the text before it, trailing spaces trimmed) begins a
/// sentence: nothing before it on its line, or sentence-ending punctuation (not a dash:
/// "state banks - Banque Misr" goes on; headlines before a dash are in capitals).
fn starts_sentence(earlier: &str) -> bool {
    earlier.is_empty()
        || earlier.ends_with(['\n', '.', '!', '?', ':', ';', '"', '\u{201c}', '\'', '('])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams_and_longer_names_by_their_neighbours() {
        // (text, mention, names something else)
        let cases = [
            ("Pohang 3 Ulsan 2", "Ulsan", true),
            ("NEW YORK 74 59 .556", "NEW YORK", true),
            ("MOSCOW 1996-08-30", "MOSCOW", false),
            ("Leeds v Wimbledon", "Wimbledon", true),
            ("Leeds v Wimbledon", "Leeds", true),
            ("NEW YORK AT SEATTLE", "NEW YORK", true),
            ("NEW YORK AT SEATTLE", "SEATTLE", false),
            ("the Chicago White Sox won", "Chicago", true),
            ("fans of Dynamo Moscow threw", "Moscow", true),
            ("In Boston , he said", "Boston", false),
            ("He said. Boston is cold", "Boston", false),
            ("flew to Boston on Monday", "Boston", false),
            ("flew to Boston. Then", "Boston", false),
            ("BIRMINGHAM , England", "BIRMINGHAM", false),
            ("ENGLAND V PAKISTAN AT BIRMINGHAM", "BIRMINGHAM", false),
            ("lives in London at present", "London", false),
            ("in Tel Aviv, Chicago and Athens", "Chicago", false),
            ("said Ms Prophet. New York-born", "New York", false),
            ("the SEC's Boston office", "Boston", false),
            ("two New York DJs", "New York", false),
            ("the London Stock Exchange", "London", true),
            ("stars in London's Leicester Square", "Leicester", true),
            ("Mr Houston was quoted", "Houston", true),
            ("Putin Meets Mr Houston", "Houston", true),
            ("Madrid midfielder Guti", "Madrid", true),
            ("Newcastle's 18-year-old centre", "Newcastle", false),
            ("Leicester's centre Ollie Smith", "Leicester", true),
            ("flew to Madrid, the capital", "Madrid", false),
            ("state banks - Banque Misr, and", "Misr", true),
            (
                "Putin Meets China's Defense Minister In Moscow",
                "Moscow",
                false,
            ),
            ("Talks Held In Moscow", "Moscow", false),
            ("the film Gangs Of New York won", "New York", true),
            ("Talks held.\nIn Moscow Hotel rooms", "Moscow", true),
            ("he arrived in Moscow", "Moscow", false),
        ];
        for (text, mention, want) in cases {
            let start = text.find(mention).unwrap();
            assert_eq!(
                names_something_else(text, start, start + mention.len()),
                want,
                "{mention} in {text:?}"
            );
        }
    }

    #[test]
    fn scores_are_figures_not_dates() {
        for (word, want) in [
            ("4", true),
            (".629", true),
            ("473-6", true),
            ("2,", true),
            ("1996-08-30", false),
            ("4th", false),
            ("x", false),
        ] {
            assert_eq!(is_score(word), want, "{word}");
        }
    }
}
