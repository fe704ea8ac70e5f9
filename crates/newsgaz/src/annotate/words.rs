//! The words of a text as name-finding sees them: capitalised tokens, the gaps between
//! them, and the closed word lists that say which capitalised words are titles, roles,
//! or never part of a person's name.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::span::Span;

/// A word list, hashed on first use: the lists are looked up for every capitalised word.
pub(crate) struct WordSet {
    words: &'static [&'static str],
    set: OnceLock<HashSet<&'static str>>,
}

impl WordSet {
    pub(crate) const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            set: OnceLock::new(),
        }
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(word)
    }
}

/// A word of the text: letters and digits, with inner hyphens and apostrophes.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word {
    pub(crate) span: Span,
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
        let b = bytes[i];
        let upper = if b.is_ascii_uppercase() {
            true
        } else if b >= 0xc0 {
            text[i..].chars().next().is_some_and(char::is_uppercase)
        } else {
            i += 1;
            continue;
        };
        // A word starts here unless a letter, a digit or an inner mark runs into it.
        let starts = upper
            && text[..i].chars().next_back().is_none_or(|c| {
                let inner_mark = matches!(c, '-' | '\'' | '\u{2019}');
                let after_word = || {
                    text[..i - c.len_utf8()]
                        .chars()
                        .next_back()
                        .is_some_and(is_word_char)
                };
                !is_word_char(c) && (!inner_mark || !after_word())
            });
        let end = word_end(text, i);
        if starts {
            out.push(Word {
                span: Span::new(i, end),
            });
        }
        i = end.max(i + 1);
    }
    out
}

/// Where the word that starts at `start` ends: letters and digits, with inner hyphens
/// and apostrophes.
fn word_end(text: &str, start: usize) -> usize {
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
pub(crate) static ABBREVIATED: WordSet = WordSet::new(&[
    "Mr", "Mrs", "Ms", "Dr", "St", "Sen", "Gov", "Gen", "Rep", "Col", "Capt", "Lt", "Sgt", "Maj",
    "Adm", "Rev", "Prof", "Supt", "Insp", "Cllr",
]);

/// Titles written before a name that make it a person's even where the gazetteer knows
/// the word as a place ("Mr Jordan", "Queen Elizabeth").
pub(crate) static HONORIFICS: WordSet = WordSet::new(&[
    "Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Lord", "Lady", "King", "Queen", "Prince",
    "Princess", "Pope",
]);

/// Capitalised titles and offices that, directly before a name, make it a person's.
pub(crate) static TITLE_HEADS: WordSet = WordSet::new(&[
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
]);

/// Capitalised words that qualify a title before it ("Defense Minister", "Home Secretary",
/// "Shadow Chancellor"); a title only when a head follows.
pub(crate) static TITLE_MODIFIERS: WordSet = WordSet::new(&[
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
]);

/// Lower-case roles that, directly before a capitalised name, make it a person's
/// ("coach Arsene Wenger", "striker Thierry Henry", "leader Michael Howard").
pub(crate) static ROLES: WordSet = WordSet::new(&[
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
]);

/// Capitalised words that are never part of a person's name: words that start sentences,
/// calendar words, and the words of organisations, places, events and works.
pub(crate) static NOT_NAMES: WordSet = WordSet::new(&[
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
]);

/// Verbs of speech after a name ("…, Smith said") or before it ("said John Smith").
pub(crate) static SPEECH_VERBS: WordSet = WordSet::new(&[
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
]);

/// Family names that, first in a two-word name, make it family name first ("Li
/// Shangfu", "Xi Jinping", "Kim Jong-un"): the most common Chinese, Korean and Vietnamese
/// family names in their usual romanisation.
pub(crate) static FAMILY_FIRST: WordSet = WordSet::new(&[
    "Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Hu",
    "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Liang", "Song", "Zheng", "Xie", "Han", "Tang",
    "Feng", "Yu", "Dong", "Xiao", "Cheng", "Cao", "Yuan", "Deng", "Xi", "Fu", "Shen", "Zeng",
    "Peng", "Lu", "Su", "Jiang", "Cai", "Jia", "Ding", "Wei", "Xue", "Ye", "Yan", "Pan", "Du",
    "Dai", "Xia", "Zhong", "Tian", "Ren", "Fan", "Fang", "Shi", "Yao", "Tan", "Liao", "Zou",
    "Xiong", "Jin", "Hao", "Kong", "Bai", "Cui", "Kang", "Mao", "Qiu", "Qin", "Gu", "Hou", "Shao",
    "Meng", "Long", "Wan", "Duan", "Lei", "Qian", "Yin", "Yi", "Wen", "Kim", "Park", "Choi",
    "Jung", "Cho", "Yoon", "Jang", "Lim", "Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu",
    "Dang", "Bui", "Ngo", "Duong", "Ly", "Hun", "Moon", "Roh", "Chun",
]);

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
