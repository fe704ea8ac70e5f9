//! The words of a text as name-finding sees them: capitalised tokens, the gaps between
//! them, and the closed word lists that say which capitalised words are titles, roles,
//! or never part of a person's name.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::span::Span;

/// A closed word list. Every list shares one hash table of word kinds, so that one
/// lookup tells every list a word is in ([`kinds`]): the lists are looked up for every
/// capitalised word (with a fast hash: the keys are our own words, not an attacker's).
pub(crate) struct WordSet {
    bit: u16,
    words: &'static [&'static str],
}

impl WordSet {
    pub(crate) const fn new(bit: u16, words: &'static [&'static str]) -> WordSet {
        WordSet { bit, words }
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        kinds(word).is(self)
    }
}

/// The lists a word is in, one bit each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Kinds(u16);

impl Kinds {
    pub(crate) fn is(self, list: &WordSet) -> bool {
        self.0 & list.bit != 0
    }
}

/// Common given names (US Census 1990, see the file's header): read from the data file
/// into the shared table, so its word slice is empty.
pub(crate) static GIVEN_NAMES: WordSet = WordSet::new(1 << 8, &[]);

/// The given names' data file: one name a line, `#` comments.
const GIVEN_NAMES_FILE: &str = include_str!("../../data/given-names.txt");

/// Every list, each with its own bit.
static LISTS: [&WordSet; 9] = [
    &GIVEN_NAMES,
    &ABBREVIATED,
    &HONORIFICS,
    &TITLE_HEADS,
    &TITLE_MODIFIERS,
    &ROLES,
    &NOT_NAMES,
    &SPEECH_VERBS,
    &FAMILY_FIRST,
];

/// The lists `word` is in: a bit test turns away most words (by their first two letters
/// and length), one hash lookup answers for the rest.
pub(crate) fn kinds(word: &str) -> Kinds {
    struct Lexicon {
        /// A bit for each (first letter, second letter, length) some listed word has.
        shapes: [u64; 256],
        table: FxHashMap<&'static str, u16>,
    }
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    let lexicon = LEXICON.get_or_init(|| {
        let mut lexicon = Lexicon {
            shapes: [0; 256],
            table: FxHashMap::default(),
        };
        let given = GIVEN_NAMES_FILE
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|w| (w, GIVEN_NAMES.bit));
        let listed = LISTS
            .iter()
            .flat_map(|list| list.words.iter().map(|&w| (w, list.bit)));
        for (w, bit) in listed.chain(given) {
            *lexicon.table.entry(w).or_default() |= bit;
            let shape = shape(w);
            lexicon.shapes[shape / 64] |= 1 << (shape % 64);
        }
        lexicon
    });
    let shape = shape(word);
    if lexicon.shapes[shape / 64] & (1 << (shape % 64)) == 0 {
        return Kinds(0);
    }
    Kinds(lexicon.table.get(word).copied().unwrap_or(0))
}

/// A word's shape for [`kinds`]' bit test: the low five bits of its first two bytes (the
/// letter whatever its case) and its length up to 15, in 14 bits.
fn shape(word: &str) -> usize {
    let bytes = word.as_bytes();
    let byte = |i: usize| usize::from(bytes.get(i).map_or(0, |b| b & 31));
    byte(0) << 9 | byte(1) << 4 | word.len().min(15)
}

/// A word of the text: letters and digits, with inner hyphens and apostrophes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word {
    pub(crate) span: Span,
    /// Where the word ends without its possessive ending ("Blair" of "Blair's").
    pub(crate) stem_end: usize,
    /// Its stem is written like a name (see [`is_capitalised_name`]).
    pub(crate) name_like: bool,
}

impl Word {
    /// The word without its possessive ending.
    pub(crate) fn stem<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.start..self.stem_end]
    }

    /// Whether it has a possessive ending.
    pub(crate) fn is_possessive(&self) -> bool {
        self.stem_end < self.span.end
    }
}

/// The words of `text` that begin with a capital letter, in order: the only ones a name
/// is made of. Only bytes that may begin such a word (A-Z, or a multi-byte character)
/// are looked at closely: lower-case text costs one test a byte.
pub(crate) fn capitalised_words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 40);
    let is_word_char = |c: char| c.is_alphanumeric();
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time to the next byte that may begin a capitalised word.
        while let Some(chunk) = bytes.get(i..i + 8) {
            let mask = capital_mask(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
            if mask != 0 {
                // Little-endian: the lowest flagged bit is the first such byte.
                i += (mask.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        let Some(&b) = bytes.get(i) else { break };
        let upper = if b.is_ascii_uppercase() {
            true
        } else if b >= 0xc0 {
            text[i..].chars().next().is_some_and(char::is_uppercase)
        } else {
            i += 1;
            continue;
        };
        // A word starts here unless a letter, a digit or an inner mark runs into it.
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let starts = upper
            && match before {
                None => true,
                // The common case, a space or punctuation before: no character decoding.
                Some(p) if p < 0x80 && !p.is_ascii_alphanumeric() && !matches!(p, b'-' | b'\'') => {
                    true
                }
                Some(p) if p < 0x80 && p.is_ascii_alphanumeric() => false,
                _ => text[..i].chars().next_back().is_none_or(|c| {
                    let inner_mark = matches!(c, '-' | '\'' | '\u{2019}');
                    let after_word = || {
                        text[..i - c.len_utf8()]
                            .chars()
                            .next_back()
                            .is_some_and(is_word_char)
                    };
                    !is_word_char(c) && (!inner_mark || !after_word())
                }),
            };
        // Each word's end, stem and shape in one pass over its bytes when it is ASCII
        // (name finding asks for them many times), else character by character.
        let (end, stem_end, name_like) = match ascii_word(bytes, i) {
            Some(found) => found,
            None => {
                let end = word_end(text, i);
                let word = &text[i..end];
                let stem = possessive_stem(word).unwrap_or(word);
                (end, i + stem.len(), is_capitalised_name(stem))
            }
        };
        if starts {
            out.push(Word {
                span: Span::new(i, end),
                stem_end,
                name_like,
            });
        }
        i = end.max(i + 1);
    }
    out
}

/// The word of ASCII letters and digits (inner hyphens and apostrophes) that starts at
/// `start`: its end, the end of its stem (without `'s`), and whether the stem is written
/// like a name (as [`is_capitalised_name`] says). `None` when a byte past ASCII comes
/// before its end: such a word goes character by character.
fn ascii_word(bytes: &[u8], start: usize) -> Option<(usize, usize, bool)> {
    let mut j = start;
    let mut letters_only = true;
    while let Some(&b) = bytes.get(j) {
        if b.is_ascii_alphanumeric() {
            letters_only &= b.is_ascii_alphabetic();
        } else if b >= 0x80 {
            return None;
        } else if matches!(b, b'-' | b'\'') {
            match bytes.get(j + 1) {
                Some(n) if n.is_ascii_alphanumeric() => {}
                // "Jean-Émile": what follows the mark is past ASCII.
                Some(&n) if n >= 0x80 => return None,
                _ => break,
            }
        } else {
            break;
        }
        j += 1;
    }
    let word = &bytes[start..j];
    let stem = match word.strip_suffix(b"'s") {
        Some(stem) if !stem.is_empty() => stem,
        _ => word,
    };
    let name_like = letters_only
        && stem.first().is_some_and(u8::is_ascii_uppercase)
        && stem.iter().any(u8::is_ascii_lowercase);
    Some((j, start + stem.len(), name_like))
}

/// The high bit of each byte of `chunk` (little-endian) that is an ASCII capital or not
/// ASCII (a capital in another script begins with such a byte): eight bytes tested at
/// once, exactly (no carry or borrow crosses a byte), no branch per byte.
fn capital_mask(chunk: u64) -> u64 {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES * 0x80;
    let low = chunk & !HIGH;
    // Bytes below 0x80 strictly between 0x40 and 0x5b ('A'..='Z'), the classic
    // has-between test.
    let capitals = (ONES * (127 + 0x5b) - low) & !chunk & (low + ONES * (127 - 0x40)) & HIGH;
    capitals | (chunk & HIGH)
}

/// Where the word that starts at `start` ends: letters and digits, with inner hyphens
/// and apostrophes.
fn word_end(text: &str, start: usize) -> usize {
    // ASCII letters and digits first, a byte at a time; the rest by characters.
    let bytes = text.as_bytes();
    let mut ascii = start;
    while bytes.get(ascii).is_some_and(u8::is_ascii_alphanumeric) {
        ascii += 1;
    }
    match bytes.get(ascii) {
        None => return ascii,
        Some(&b) if b < 0x80 && !matches!(b, b'-' | b'\'') => return ascii,
        _ => {}
    }
    let mut end = start;
    let mut chars = text[start..].char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_alphanumeric() {
            end = start + at + c.len_utf8();
        } else if matches!(c, '-' | '\'' | '\u{2019}')
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
        {
            continue;
        } else {
            break;
        }
    }
    end
}

/// The word that ends one space before byte `at`, if any ("coach" of "coach Arsene").
pub(crate) fn word_before(text: &str, at: usize) -> Option<(usize, &str)> {
    let head = text[..at].strip_suffix(' ')?;
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || matches!(c, '-' | '\'' | '\u{2019}'))
        .last()
        .map(|(i, _)| i)?;
    Some((start, &head[start..])).filter(|(_, w)| w.starts_with(char::is_alphanumeric))
}

/// A word with an English possessive ending (`China’s`, `Blair's`): its stem.
pub(crate) fn possessive_stem(word: &str) -> Option<&str> {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .filter(|s| !s.is_empty())
}

/// Capitalised and written like a name: an upper-case letter, then at least one more
/// letter, some lower case (not an acronym), letters, hyphens and apostrophes only.
pub(crate) fn is_capitalised_name(word: &str) -> bool {
    // ASCII words (nearly all) in one pass over the bytes.
    if word.is_ascii() {
        let bytes = word.as_bytes();
        return bytes.first().is_some_and(u8::is_ascii_uppercase)
            && bytes.iter().any(u8::is_ascii_lowercase)
            && bytes
                .iter()
                .all(|&b| b.is_ascii_alphabetic() || matches!(b, b'-' | b'\''));
    }
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}'))
}

/// All capitals, two letters or more (`BLAIR` in a headline).
pub(crate) fn is_all_capitals(word: &str) -> bool {
    let mut chars = word.chars();
    if !chars.next().is_some_and(char::is_uppercase)
        || !chars.next().is_some_and(char::is_uppercase)
    {
        return false;
    }
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, '-' | '\'' | '\u{2019}'))
}

/// Titles that may be shortened with a full stop (`Mr.`, `Sen.`).
pub(crate) static ABBREVIATED: WordSet = WordSet::new(
    1,
    &[
        "Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Gov", "Gen", "Rep", "Col", "Capt", "Lt", "Sgt",
        "Maj", "Adm", "Rev", "Prof", "Supt", "Insp", "Cllr",
    ],
);

/// Titles written before a name that make it a person's even where the gazetteer knows
/// the word as a place ("Mr Jordan", "Queen Elizabeth").
pub(crate) static HONORIFICS: WordSet = WordSet::new(
    2,
    &[
        "Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Lord", "Lady", "King", "Queen", "Prince",
        "Princess", "Pope",
    ],
);

/// Capitalised titles and offices that, directly before a name, make it a person's.
pub(crate) static TITLE_HEADS: WordSet = WordSet::new(
    4,
    &[
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Dr",
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Pope",
        "President",
        "Minister",
        "Secretary",
        "Chancellor",
        "Senator",
        "Sen",
        "Governor",
        "Gov",
        "General",
        "Gen",
        "Mayor",
        "Premier",
        "Judge",
        "Ambassador",
        "Commissioner",
        "Chairman",
        "Chairwoman",
        "Rep",
        "Representative",
        "Col",
        "Colonel",
        "Capt",
        "Captain",
        "Lt",
        "Lieutenant",
        "Sgt",
        "Sergeant",
        "Maj",
        "Major",
        "Adm",
        "Admiral",
        "Rev",
        "Reverend",
        "Prof",
        "Professor",
        "Archbishop",
        "Bishop",
        "Cardinal",
        "Sheikh",
        "Emir",
        "Ayatollah",
        "Coach",
        "Inspector",
        "Detective",
        "Superintendent",
        "Supt",
        "Insp",
        "Commander",
        "Marshal",
        "Cllr",
        "Councillor",
        "Congressman",
        "Congresswoman",
        "Justice",
        "Attorney",
        "Spokesman",
        "Spokeswoman",
        "Leader",
        "Speaker",
        "Chief",
        "Director",
        "Vice",
    ],
);

/// Capitalised words that qualify a title before it ("Defense Minister", "Home Secretary",
/// "Shadow Chancellor"); a title only when a head follows.
pub(crate) static TITLE_MODIFIERS: WordSet = WordSet::new(
    8,
    &[
        "Prime",
        "Deputy",
        "Foreign",
        "Defence",
        "Defense",
        "Home",
        "Interior",
        "Finance",
        "Health",
        "Education",
        "Trade",
        "Culture",
        "Sport",
        "Sports",
        "Environment",
        "Energy",
        "Transport",
        "Labor",
        "Labour",
        "Economy",
        "Economic",
        "Agriculture",
        "State",
        "Shadow",
        "Former",
        "Acting",
        "Chief",
        "Executive",
        "Treasury",
        "Justice",
        "Industry",
        "Culture",
        "Media",
        "Welsh",
        "Scottish",
        "Northern",
        "Irish",
        "Cabinet",
        "Development",
        "Communities",
        "Work",
        "Pensions",
        "Security",
        "Immigration",
        "Tourism",
        "Science",
        "Technology",
        "First",
        "Attorney",
        "Solicitor",
        "Lord",
        "Crown",
        "Vice",
        "Opposition",
        "Party",
        "Majority",
        "Minority",
        "Assistant",
        "Senior",
        "Grand",
        "Field",
        "Lieutenant",
        "Managing",
    ],
);

/// Lower-case roles that, directly before a capitalised name, make it a person's
/// ("coach Arsene Wenger", "striker Thierry Henry", "leader Michael Howard").
pub(crate) static ROLES: WordSet = WordSet::new(
    16,
    &[
        "president",
        "minister",
        "secretary",
        "chancellor",
        "leader",
        "boss",
        "coach",
        "manager",
        "striker",
        "midfielder",
        "defender",
        "goalkeeper",
        "keeper",
        "winger",
        "forward",
        "captain",
        "skipper",
        "chairman",
        "chairwoman",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "executive",
        "director",
        "singer",
        "actor",
        "actress",
        "star",
        "rapper",
        "guitarist",
        "drummer",
        "comedian",
        "presenter",
        "producer",
        "author",
        "writer",
        "novelist",
        "poet",
        "designer",
        "analyst",
        "economist",
        "lawyer",
        "prosecutor",
        "judge",
        "senator",
        "governor",
        "mayor",
        "ambassador",
        "envoy",
        "commissioner",
        "champion",
        "counterpart",
        "wife",
        "husband",
        "son",
        "daughter",
        "brother",
        "sister",
        "mother",
        "father",
        "founder",
        "premier",
        "general",
        "inspector",
        "superintendent",
        "detective",
        "professor",
        "chief",
        "vocalist",
        "frontman",
        "frontwoman",
        "songwriter",
        "filmmaker",
        "playwright",
        "businessman",
        "businesswoman",
        "tycoon",
        "mp",
        "mep",
        "candidate",
        "deputy",
        "colleague",
        "veteran",
        "dictator",
        "monarch",
        "entrepreneur",
        "investor",
        "banker",
        "campaigner",
        "activist",
        "referee",
        "batsman",
        "bowler",
        "fly-half",
        "centre",
        "prop",
        "flanker",
        "lock",
        "scrum-half",
        "full-back",
        "spokesman",
        "cleric",
        "rival",
        "opponent",
    ],
);

/// Capitalised words that are never part of a person's name: words that start sentences,
/// calendar words, and the words of organisations, places, events and works.
pub(crate) static NOT_NAMES: WordSet = WordSet::new(
    32,
    &[
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "To",
        "For",
        "Of",
        "And",
        "But",
        "Or",
        "If",
        "As",
        "By",
        "From",
        "With",
        "After",
        "Before",
        "When",
        "While",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
        "Its",
        "There",
        "Here",
        "What",
        "Who",
        "Why",
        "How",
        "Where",
        "Which",
        "Yesterday",
        "Today",
        "Tomorrow",
        "Last",
        "Next",
        "Meanwhile",
        "However",
        "Also",
        "Now",
        "Then",
        "Some",
        "Many",
        "Most",
        "All",
        "Both",
        "Each",
        "Every",
        "No",
        "Not",
        "Under",
        "Over",
        "Despite",
        "Although",
        "Since",
        "Until",
        "During",
        "Among",
        "Between",
        "Against",
        "Without",
        "About",
        "Following",
        "According",
        "Speaking",
        "Asked",
        "Like",
        "Unlike",
        "Even",
        "Only",
        "Just",
        "So",
        "Yet",
        "Still",
        "Instead",
        "Indeed",
        "Perhaps",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Assembly",
        "Council",
        "Committee",
        "Party",
        "Court",
        "Department",
        "Ministry",
        "Office",
        "House",
        "Street",
        "Road",
        "Avenue",
        "University",
        "College",
        "School",
        "Hospital",
        "Bank",
        "Group",
        "Inc",
        "Ltd",
        "Corp",
        "Co",
        "Company",
        "Club",
        "United",
        "City",
        "County",
        "Motors",
        "Electric",
        "Airlines",
        "Airways",
        "Air",
        "Fund",
        "Union",
        "Association",
        "Federation",
        "League",
        "Cup",
        "Awards",
        "Award",
        "Prize",
        "Act",
        "Bill",
        "Treaty",
        "Agency",
        "Service",
        "Services",
        "Commission",
        "Board",
        "Authority",
        "Institute",
        "Centre",
        "Center",
        "Museum",
        "Church",
        "Cathedral",
        "Stadium",
        "Park",
        "Square",
        "Bridge",
        "Station",
        "Airport",
        "Island",
        "Islands",
        "River",
        "Lake",
        "Mountain",
        "Mountains",
        "Valley",
        "Sea",
        "Ocean",
        "Gulf",
        "Bay",
        "Coast",
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Central",
        "National",
        "International",
        "Royal",
        "Federal",
        "Democratic",
        "Democrat",
        "Democrats",
        "Republican",
        "Republicans",
        "Labour",
        "Conservative",
        "Conservatives",
        "Tory",
        "Tories",
        "Liberal",
        "Liberals",
        "Green",
        "Greens",
        "Socialist",
        "Communist",
        "Government",
        "Parliament",
        "Congress",
        "Senate",
        "Cabinet",
        "Army",
        "Navy",
        "Police",
        "Force",
        "Forces",
        "Times",
        "News",
        "Post",
        "Journal",
        "Television",
        "TV",
        "Radio",
        "Records",
        "Music",
        "Pictures",
        "Studios",
        "Games",
        "Olympics",
        "Olympic",
        "World",
        "Championship",
        "Championships",
        "Open",
        "Series",
        "Festival",
        "Day",
        "Week",
        "Year",
        "Christmas",
        "Easter",
        "God",
        "Internet",
        "Web",
        "Online",
        "Network",
        "Systems",
        "Technologies",
        "Technology",
        "Software",
        "Foundation",
        "Trust",
        "Society",
        "Organisation",
        "Organization",
        "Administration",
        "Programme",
        "Program",
        "Project",
        "Report",
        "Review",
        "Index",
        "Exchange",
        "Market",
        "Markets",
        "Stock",
        "Securities",
        "Capital",
        "Holdings",
        "Partners",
        "Industries",
        "Global",
        "Energy",
        "Oil",
        "Gas",
        "Power",
        "Telecom",
        "Communications",
        "Media",
        "Entertainment",
        "Film",
        "Films",
        "Theatre",
        "Theater",
        "Band",
        "Orchestra",
        "Show",
        "Album",
        "Oscar",
        "Oscars",
        "Grammy",
        "Grammys",
        "Brit",
        "Brits",
        "Premiership",
        "Division",
        "Rovers",
        "Athletic",
        "Wanderers",
        "Albion",
        "Villa",
        "Hotspur",
        "Academy",
        "Hall",
        "Palace",
        "Castle",
        "Tower",
        "Building",
        "Mall",
        "Prison",
        "Zone",
        "Region",
        "Province",
        "State",
        "States",
        "Republic",
        "Kingdom",
        "Empire",
        "Mosque",
        "Temple",
        "Catholic",
        "Muslim",
        "Islamic",
        "Christian",
        "Jewish",
        "English",
        "British",
        "American",
        "European",
        "Sport",
        "Sports",
        "Magazine",
        "Press",
        "Daily",
        "Weekly",
        "Sunday",
        "Mail",
        "Telegraph",
        "Guardian",
        "Express",
        "Mirror",
        "Observer",
        "Independent",
        "Herald",
        "Tribune",
        "Gazette",
        "Chronicle",
        "Standard",
        "Street",
        "Policy",
        "Plan",
        "Budget",
        "Office",
        "Unit",
        "Team",
        "Squad",
        "Tour",
        "Trophy",
        "Grand",
        "Prix",
        "Limited",
        "Plc",
        "PLC",
        "LLC",
        "AG",
        "SA",
        "Bros",
        "Brothers",
        "Sons",
        "Steel",
        "Foods",
        "Stores",
        "Retail",
        "Insurance",
        "Finance",
        "Financial",
        "Investment",
        "Investments",
        "Consulting",
        "Airport",
        "Hotel",
        "Restaurant",
        "Cafe",
        "Bar",
        "Pub",
        "Shop",
        "Store",
        "Club",
        "Channel",
        "Party",
        "Movement",
        "Front",
        "Alliance",
        "Coalition",
        "Council",
        "Summit",
        "Conference",
        "Forum",
        "War",
        "Wars",
        "Battle",
        "Revolution",
        "Crisis",
        "Affair",
        "Scandal",
        "Inquiry",
        "Strategy",
        "Initiative",
        "Campaign",
        "Fair",
        "Expo",
        "Show",
        "Awards",
        "Age",
        "Ages",
        "Century",
        "Era",
        "Mobile",
        "Phone",
        "Phones",
        "Computer",
        "Computers",
        "Digital",
        "Data",
        "Labs",
        "Lab",
        "Research",
        "Health",
        "Care",
        "Medical",
        "Pharmaceuticals",
        "Pharma",
        "Chemicals",
        "Mining",
        "Resources",
        "Petroleum",
        "Shell",
        "Motor",
        "Cars",
        "Auto",
        "Automotive",
        "Aviation",
        "Aerospace",
        "Defence",
        "Defense",
        "Security",
        "Intelligence",
        "Justice",
        "Home",
        "Foreign",
        "Interior",
        "Treasury",
        "Education",
        "Environment",
        "Agriculture",
        "Transport",
        "Culture",
        "Tourism",
        "Trade",
        "Industry",
        "Economy",
        "Minister",
        "President",
        "Secretary",
        "Chancellor",
        "Prime",
        "Deputy",
        "Chief",
        "Executive",
        "Director",
        "Chairman",
        "Leader",
        "Speaker",
        "Spokesman",
        "Spokeswoman",
    ],
);

/// Verbs of speech after a name ("…, Smith said") or before it ("said John Smith").
pub(crate) static SPEECH_VERBS: WordSet = WordSet::new(
    64,
    &[
        "said",
        "says",
        "told",
        "added",
        "explained",
        "insisted",
        "argued",
        "warned",
        "stated",
        "claimed",
        "admitted",
        "noted",
        "wrote",
        "asked",
        "replied",
        "declared",
        "announced",
        "confirmed",
        "denied",
        "stressed",
        "commented",
        "remarked",
        "urged",
        "acknowledged",
    ],
);

/// Family names that, first in a two-word name, make it family name first ("Li
/// Shangfu", "Xi Jinping", "Kim Jong-un"): the most common Chinese, Korean and Vietnamese
/// family names in their usual romanisation.
pub(crate) static FAMILY_FIRST: WordSet = WordSet::new(
    128,
    &[
        "Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun",
        "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Liang", "Song", "Zheng", "Xie",
        "Han", "Tang", "Feng", "Yu", "Dong", "Xiao", "Cheng", "Cao", "Yuan", "Deng", "Xi", "Fu",
        "Shen", "Zeng", "Peng", "Lu", "Su", "Jiang", "Cai", "Jia", "Ding", "Wei", "Xue", "Ye",
        "Yan", "Pan", "Du", "Dai", "Xia", "Zhong", "Tian", "Ren", "Fan", "Fang", "Shi", "Yao",
        "Tan", "Liao", "Zou", "Xiong", "Jin", "Hao", "Kong", "Bai", "Cui", "Kang", "Mao", "Qiu",
        "Qin", "Gu", "Hou", "Shao", "Meng", "Long", "Wan", "Duan", "Lei", "Qian", "Yin", "Yi",
        "Wen", "Kim", "Park", "Choi", "Jung", "Cho", "Yoon", "Jang", "Lim", "Nguyen", "Tran", "Le",
        "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Ngo", "Duong", "Ly", "Hun", "Moon", "Roh",
        "Chun",
    ],
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_marks_and_drop_outer_ones() {
        let text = "China’s Li-Shangfu met O'Neill's 'team' -- 2022.";
        let got: Vec<&str> = capitalised_words(text)
            .iter()
            .map(|w| w.span.slice(text))
            .collect();
        assert_eq!(got, ["China’s", "Li-Shangfu", "O'Neill's"]);
        assert_eq!(word_before(text, 10), Some((0, "China’s")));
        assert_eq!(word_before("said -- Li", 8), None);
        assert_eq!(word_before("Li", 0), None);
        assert_eq!(possessive_stem("China’s"), Some("China"));
        assert_eq!(possessive_stem("Boris"), None);
    }

    #[test]
    fn every_list_has_its_own_bit_and_kinds_answer_for_all() {
        let bits: Vec<u16> = LISTS.iter().map(|l| l.bit).collect();
        assert!(bits.iter().all(|b| b.count_ones() == 1));
        assert_eq!(
            bits.iter().fold(0, |a, b| a | b).count_ones() as usize,
            LISTS.len()
        );
        for list in LISTS {
            for w in list.words {
                assert!(list.contains(w), "{w}");
            }
        }
        assert!(kinds("President").is(&TITLE_HEADS) && !kinds("Putin").is(&TITLE_HEADS));
        assert!(GIVEN_NAMES.contains("Tony") && !GIVEN_NAMES.contains("Putin"));
    }

    #[test]
    fn the_ascii_pass_agrees_with_the_character_pass() {
        let text = "Blair's BBC's O'Neill Smith-Jones X Ab1 Mr. Jean-Émile Zoë China’s Li- A's End";
        for (i, _) in text.char_indices() {
            let Some((end, stem_end, name_like)) = ascii_word(text.as_bytes(), i) else {
                continue;
            };
            let word = &text[i..word_end(text, i)];
            let stem = possessive_stem(word).unwrap_or(word);
            assert_eq!(end, i + word.len(), "{word}");
            assert_eq!(
                (stem_end, name_like),
                (i + stem.len(), is_capitalised_name(stem)),
                "{word}"
            );
        }
    }

    #[test]
    fn the_eight_byte_mask_flags_exactly_capitals_and_non_ascii() {
        for position in 0..8 {
            for b in 0..=255u8 {
                let mut chunk = *b"abcd  z.";
                chunk[position] = b;
                // Exact byte by byte (the scan jumps to the lowest flagged byte).
                let want = chunk.iter().enumerate().fold(0u64, |mask, (k, &c)| {
                    let flagged = c.is_ascii_uppercase() || c >= 0x80;
                    mask | (u64::from(flagged) << (8 * k + 7))
                });
                let got = capital_mask(u64::from_le_bytes(chunk));
                assert_eq!(got, want, "byte {b:#x} at {position}");
            }
        }
        // Across the skipped stretches the words are those found byte by byte.
        let text = "a long lower-case stretch then Li and Ömer, ZIP and Zoë at the end Xi";
        let got: Vec<&str> = capitalised_words(text)
            .iter()
            .map(|w| w.span.slice(text))
            .collect();
        assert_eq!(got, ["Li", "Ömer", "ZIP", "Zoë", "Xi"]);
    }

    #[test]
    fn name_shapes() {
        for (word, name, capitals) in [
            ("Putin", true, false),
            ("PUTIN", false, true),
            ("NATO", false, true),
            ("putin", false, false),
            ("O'Neill", true, false),
            ("A", false, false),
            ("Élodie", true, false),
        ] {
            assert_eq!(is_capitalised_name(word), name, "{word}");
            assert_eq!(is_all_capitals(word), capitals, "{word}");
        }
    }
}
