//! Word knowledge: the closed word lists of `data/lexicon/`, one file a list, read into
//! one table the first time a word is looked up.
//!
//! A list file is one word a line (a second column, where a list has one, is the word's
//! value: a speech verb's lemma; a third marks which lists of a shared file the line is
//! in), after a header of `#` lines that says what the list is
//! for and where it came from, and `# Case: exact` or `# Case: any`. An `exact` list
//! holds words as they must be written (`Mr`, `coach`); an `any` list holds words in any
//! ASCII case (`said`, `SAID`, `Said`), stored in lower case.
//!
//! Every list shares one hash table of word kinds, so that one lookup tells every list a
//! word is in ([`kinds`]): the people finder looks up every capitalised word, with a fast
//! hash (the keys are our own words, not an attacker's) behind a bit test that turns
//! most words away by their first two letters and length.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// One word list, with its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum List {
    /// Common US given names (US Census 1990).
    GivenNames,
    /// Titles that may be shortened with a full stop (`Mr.`, `Sen.`).
    AbbreviatedTitles,
    /// Titles that make the name after them a person's even where it is a place.
    Honorifics,
    /// Capitalised titles and offices that, before a name, make it a person's.
    TitleHeads,
    /// Capitalised words that qualify a title before it ("Defense Minister").
    TitleModifiers,
    /// Lower-case roles that, before a capitalised name, make it a person's.
    Roles,
    /// Capitalised words that are never part of a person's name.
    NotNames,
    /// Verbs of speech that tie a quotation to its speaker, with their lemma
    /// (`speech-verbs.txt`, the forms marked `quote`).
    QuoteCueVerbs,
    /// Verbs of speech that make the name next to them a person's (`speech-verbs.txt`, the
    /// forms marked `name`).
    NameCueVerbs,
    /// Family names written first ("Li Shangfu").
    FamilyFirst,
    /// Words between a speaker and the speech verb ("Putin also said").
    SpeakerAuxiliaries,
    /// Words a speaker phrase never crosses.
    ClauseStops,
    /// Determiners that may open a speaker phrase.
    Determiners,
    /// Subject pronouns that may stand for a speaker.
    Pronouns,
    /// Pronouns that stand for one person (he, she).
    PersonPronouns,
    /// Roles in a sports team ("Madrid midfielder").
    TeamRoles,
    /// Tokens of names that never name a person alone.
    NotAloneNames,
    /// Words that make a byline an organisation or a desk.
    BylineNonPersonWords,
    /// Lower-case particles inside names (`van`, `de`).
    NameParticles,
    /// Function words after a quoted phrase.
    FunctionWords,
    /// Words before a quoted phrase that make it a name or a modifier.
    ScareQuoteOpeners,
    /// Nouns that make a lower-case phrase a news source (`state media`).
    OutletNouns,
    /// Words after `told X` that end an attribution.
    AfterTold,
    /// Legal forms and club endings that end an organisation's name ("Inc", "FC").
    OrgDesignators,
    /// Nouns that head an organisation's name ("Bank", "Ministry").
    OrgHeads,
    /// Words right after a name that make it an organisation's (`org-cues.txt`, marked
    /// `after`: "a Pirelli spokesman").
    OrgCuesAfter,
    /// Words after a name's possessive that make it an organisation's (`org-cues.txt`,
    /// marked `possessive`: "Pirelli's chief executive").
    OrgCuesPossessive,
    /// Words right before a name that make it an organisation's, with the words that must
    /// precede them (`org-cues.txt`, marked `before`: "shares of", "analysts at").
    OrgCuesBefore,
    /// Days and months.
    CalendarWords,
    /// Words of an element's class or id that name boilerplate (`page-boilerplate-classes.txt`).
    PageBoilerplateClasses,
    /// Words of an element's class or id that name an article's text
    /// (`page-content-classes.txt`).
    PageContentClasses,
}

impl List {
    /// Every list.
    pub(crate) const ALL: [List; 31] = [
        List::GivenNames,
        List::AbbreviatedTitles,
        List::Honorifics,
        List::TitleHeads,
        List::TitleModifiers,
        List::Roles,
        List::NotNames,
        List::QuoteCueVerbs,
        List::NameCueVerbs,
        List::FamilyFirst,
        List::SpeakerAuxiliaries,
        List::ClauseStops,
        List::Determiners,
        List::Pronouns,
        List::PersonPronouns,
        List::TeamRoles,
        List::NotAloneNames,
        List::BylineNonPersonWords,
        List::NameParticles,
        List::FunctionWords,
        List::ScareQuoteOpeners,
        List::OutletNouns,
        List::AfterTold,
        List::OrgDesignators,
        List::OrgHeads,
        List::OrgCuesAfter,
        List::OrgCuesPossessive,
        List::OrgCuesBefore,
        List::CalendarWords,
        List::PageBoilerplateClasses,
        List::PageContentClasses,
    ];

    /// The list's data file.
    fn file(self) -> &'static str {
        macro_rules! lexicon {
            ($name:literal) => {
                include_str!(concat!("../data/lexicon/", $name, ".txt"))
            };
        }
        match self {
            List::GivenNames => lexicon!("given-names"),
            List::AbbreviatedTitles => lexicon!("abbreviated-titles"),
            List::Honorifics => lexicon!("honorifics"),
            List::TitleHeads => lexicon!("title-heads"),
            List::TitleModifiers => lexicon!("title-modifiers"),
            List::Roles => lexicon!("roles"),
            List::NotNames => lexicon!("not-names"),
            List::QuoteCueVerbs | List::NameCueVerbs => lexicon!("speech-verbs"),
            List::FamilyFirst => lexicon!("family-first"),
            List::SpeakerAuxiliaries => lexicon!("speaker-auxiliaries"),
            List::ClauseStops => lexicon!("clause-stops"),
            List::Determiners => lexicon!("determiners"),
            List::Pronouns => lexicon!("pronouns"),
            List::PersonPronouns => lexicon!("person-pronouns"),
            List::TeamRoles => lexicon!("team-roles"),
            List::NotAloneNames => lexicon!("not-alone-names"),
            List::BylineNonPersonWords => lexicon!("byline-non-person-words"),
            List::NameParticles => lexicon!("name-particles"),
            List::FunctionWords => lexicon!("function-words"),
            List::ScareQuoteOpeners => lexicon!("scare-quote-openers"),
            List::OutletNouns => lexicon!("outlet-nouns"),
            List::AfterTold => lexicon!("after-told"),
            List::OrgDesignators => lexicon!("org-designators"),
            List::OrgHeads => lexicon!("org-heads"),
            List::OrgCuesAfter | List::OrgCuesPossessive | List::OrgCuesBefore => {
                lexicon!("org-cues")
            }
            List::CalendarWords => lexicon!("calendar-words"),
            List::PageBoilerplateClasses => lexicon!("page-boilerplate-classes"),
            List::PageContentClasses => lexicon!("page-content-classes"),
        }
    }

    fn bit(self) -> u32 {
        1 << self as u32
    }

    /// Whether the list's words match in any ASCII case: its header says `# Case: any`.
    fn header_says_any_case(self) -> bool {
        self.file()
            .lines()
            .take_while(|l| l.starts_with('#'))
            .any(|l| l.trim() == "# Case: any")
    }

    /// The mark a line of a shared file must carry in its third column to be in this list.
    fn mark(self) -> Option<&'static str> {
        match self {
            List::QuoteCueVerbs => Some("quote"),
            List::NameCueVerbs => Some("name"),
            List::OrgCuesAfter => Some("after"),
            List::OrgCuesPossessive => Some("possessive"),
            List::OrgCuesBefore => Some("before"),
            _ => None,
        }
    }

    /// The list's entries as the file writes them: the word, and its value if any.
    pub(crate) fn entries(self) -> impl Iterator<Item = (&'static str, Option<&'static str>)> {
        self.file()
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(move |l| {
                let mut fields = l.split_whitespace();
                let word = fields.next().expect("a non-blank line has a field");
                let value = fields.next();
                let marked = |mark| {
                    fields
                        .next()
                        .is_some_and(|m| m.split(',').any(|m| m == mark))
                };
                self.mark().is_none_or(marked).then_some((word, value))
            })
    }

    /// Whether `word` is in the list: as written for an `exact` list, in any ASCII case
    /// for an `any` list.
    pub(crate) fn contains(self, word: &str) -> bool {
        let lexicon = lexicon();
        if lexicon.any_case & self.bit() != 0 {
            kinds_any_case(word).is(self)
        } else {
            kinds(word).is(self)
        }
    }

    /// The value the list gives `word` (a speech verb's lemma), looked up as
    /// [`List::contains`] looks it up.
    pub(crate) fn value(self, word: &str) -> Option<&'static str> {
        let lexicon = lexicon();
        if !lexicon.may_hold(word) {
            return None;
        }
        let folded;
        let key = if lexicon.any_case & self.bit() != 0 {
            folded = fold(word)?;
            folded.as_str()
        } else {
            word
        };
        lexicon.values.get(&(self as u8, key)).copied()
    }
}

/// The lists a word is in, one bit each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Kinds(u32);

impl Kinds {
    /// Whether the word is in `list`.
    pub(crate) fn is(self, list: List) -> bool {
        self.0 & list.bit() != 0
    }
}

/// Every list in one table.
struct Lexicon {
    /// A bit for each (first letter, second letter, length) some listed word has; the
    /// letters without their case bit, so that one test serves both lookups.
    shapes: [u64; 256],
    /// Each word (lower case for `any` lists) and the lists it is in.
    table: FxHashMap<&'static str, u32>,
    /// The lists that match in any case, one bit each.
    any_case: u32,
    /// The second column of a list, by list and word.
    values: FxHashMap<(u8, &'static str), &'static str>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lexicon = Lexicon {
            shapes: [0; 256],
            table: FxHashMap::default(),
            any_case: 0,
            values: FxHashMap::default(),
        };
        for list in List::ALL {
            let any_case = list.header_says_any_case();
            if any_case {
                lexicon.any_case |= list.bit();
            }
            for (word, value) in list.entries() {
                // Lower case is stored once, leaked: the lists are small and live as
                // long as the program.
                let word: &'static str = if any_case && word.bytes().any(|b| b.is_ascii_uppercase())
                {
                    Box::leak(word.to_ascii_lowercase().into_boxed_str())
                } else {
                    word
                };
                *lexicon.table.entry(word).or_default() |= list.bit();
                let shape = shape(word);
                lexicon.shapes[shape / 64] |= 1 << (shape % 64);
                if let Some(value) = value {
                    lexicon.values.insert((list as u8, word), value);
                }
            }
        }
        lexicon
    })
}

/// The lists `word` is in as written: a bit test turns away most words (by their first
/// two letters and length), one hash lookup answers for the rest. An `any` list's words
/// are found here only in lower case; [`kinds_any_case`] finds them in any case.
pub(crate) fn kinds(word: &str) -> Kinds {
    let lexicon = lexicon();
    if !lexicon.may_hold(word) {
        return Kinds(0);
    }
    Kinds(lexicon.table.get(word).copied().unwrap_or(0))
}

/// The `any` lists `word` is in, in any ASCII case.
pub(crate) fn kinds_any_case(word: &str) -> Kinds {
    let lexicon = lexicon();
    if !lexicon.may_hold(word) {
        return Kinds(0);
    }
    let Some(folded) = fold(word) else {
        return Kinds(0);
    };
    let found = lexicon.table.get(folded.as_str()).copied().unwrap_or(0);
    Kinds(found & lexicon.any_case)
}

impl Lexicon {
    fn may_hold(&self, word: &str) -> bool {
        let shape = shape(word);
        self.shapes[shape / 64] & (1 << (shape % 64)) != 0
    }
}

/// A word's shape for the bit test: the low five bits of its first two bytes (the letter
/// whatever its case) and its length up to 15, in 14 bits.
fn shape(word: &str) -> usize {
    let bytes = word.as_bytes();
    let byte = |i: usize| usize::from(bytes.get(i).map_or(0, |b| b & 31));
    byte(0) << 9 | byte(1) << 4 | word.len().min(15)
}

/// The longest word an `any` list may hold (checked by a test): longer words are in none.
const LONGEST_ANY_CASE: usize = 32;

/// A short word on the stack.
struct Folded {
    bytes: [u8; LONGEST_ANY_CASE],
    len: usize,
}

impl Folded {
    fn copy(word: &str) -> Option<Folded> {
        let mut out = Folded {
            bytes: [0; LONGEST_ANY_CASE],
            len: word.len(),
        };
        out.bytes
            .get_mut(..word.len())?
            .copy_from_slice(word.as_bytes());
        Some(out)
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).expect("copied from a str, ASCII folded")
    }
}

/// `word` in ASCII lower case, on the stack; `None` when it is longer than any `any`
/// list's word.
fn fold(word: &str) -> Option<Folded> {
    let mut out = Folded::copy(word)?;
    out.bytes[..out.len].make_ascii_lowercase();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_has_a_header_its_own_bit_and_no_repeated_word() {
        assert!(List::ALL.len() <= 32);
        for (i, list) in List::ALL.into_iter().enumerate() {
            assert_eq!(list as usize, i, "{list:?} out of order in ALL");
            let header: Vec<&str> = list
                .file()
                .lines()
                .take_while(|l| l.starts_with('#'))
                .collect();
            assert!(
                header.len() >= 2,
                "{list:?} says what it is and where it came from"
            );
            assert!(
                header
                    .iter()
                    .any(|l| matches!(l.trim(), "# Case: any" | "# Case: exact")),
                "{list:?} says its case"
            );
            let mut seen = std::collections::HashSet::new();
            for (word, _) in list.entries() {
                assert!(seen.insert(word), "{list:?} lists {word} twice");
                if list.header_says_any_case() {
                    assert!(word.len() <= LONGEST_ANY_CASE, "{word}");
                }
            }
        }
    }

    #[test]
    fn every_listed_word_is_found_as_its_list_says() {
        for list in List::ALL {
            for (word, value) in list.entries() {
                assert!(list.contains(word), "{list:?}: {word}");
                assert_eq!(list.value(word), value, "{list:?}: {word}");
                if list.header_says_any_case() {
                    for w in [word.to_ascii_uppercase(), word.to_ascii_lowercase()] {
                        assert!(list.contains(&w), "{list:?}: {w}");
                        assert_eq!(list.value(&w), value, "{list:?}: {w}");
                    }
                }
            }
        }
        assert!(kinds("President").is(List::TitleHeads) && !kinds("Putin").is(List::TitleHeads));
        assert!(List::GivenNames.contains("Tony") && !List::GivenNames.contains("Putin"));
        assert!(
            !List::GivenNames.contains("TONY"),
            "exact lists keep their case"
        );
        assert_eq!(List::QuoteCueVerbs.value("Said"), Some("say"));
        assert_eq!(List::NameCueVerbs.value("denied"), Some("deny"));
        assert!(List::NameCueVerbs.contains("said") && !List::NameCueVerbs.contains("saying"));
        assert_eq!(List::QuoteCueVerbs.value("sad"), None);
        assert_eq!(List::QuoteCueVerbs.value("saidx"), None);
        assert!(List::SpeakerAuxiliaries.contains("MONDAY"));
        assert!(!List::Pronouns.contains("a very long word that no list could hold at all"));
    }
}
