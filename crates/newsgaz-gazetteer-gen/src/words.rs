//! How words are used in a corpus of English news (the BBC articles of the shared data):
//! the evidence for deciding which place names are also ordinary words or people's names.

use std::collections::HashMap;
use std::path::Path;

/// Counts of word forms over a corpus.
#[derive(Debug, Default)]
pub struct WordStats {
    /// Occurrences of each all-lower-case word ("nice", "reading").
    lower: HashMap<String, u32>,
    /// Occurrences of each capitalised word ("Nice", "Reading"), anywhere.
    capitalised: HashMap<String, u32>,
    /// Capitalised word pairs separated by one space ("Tony Blair"), by second word.
    pairs: HashMap<String, HashMap<String, u32>>,
    /// The same pairs by first word.
    pairs_by_first: HashMap<String, HashMap<String, u32>>,
    /// Occurrences of each capitalised word directly before a number ("Oakland 5"): a
    /// team in a results table.
    before_number: HashMap<String, u32>,
    /// Number of texts read (articles, CoNLL sentences).
    pub documents: usize,
}

/// Whether a word is all lower case (and has a letter).
fn is_lower(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_uppercase)
}

/// Whether a word is capitalised: an upper-case first letter, no other upper case.
fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && !chars.any(char::is_uppercase)
}

impl WordStats {
    /// Reads every `*/*.txt` file under `dir`, in sorted order.
    pub fn from_bbc_dir(dir: &Path) -> Result<WordStats, String> {
        let mut stats = WordStats::default();
        let mut files = Vec::new();
        let categories = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for category in categories {
            let category = category
                .map_err(|e| format!("{}: {e}", dir.display()))?
                .path();
            if !category.is_dir() {
                continue;
            }
            let entries =
                std::fs::read_dir(&category).map_err(|e| format!("{}: {e}", category.display()))?;
            for entry in entries {
                let path = entry
                    .map_err(|e| format!("{}: {e}", category.display()))?
                    .path();
                if path.extension().is_some_and(|x| x == "txt") {
                    files.push(path);
                }
            }
        }
        files.sort();
        for path in files {
            // The corpus has a few Latin-1 bytes; they do not touch the words we count.
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            stats.add_text(&String::from_utf8_lossy(&bytes));
            stats.documents += 1;
        }
        Ok(stats)
    }

    /// Reads the text of a CoNLL-2003 file (tokens only; the labels are not looked at):
    /// one sentence a line.
    pub fn add_conll_text(&mut self, path: &Path) -> Result<(), String> {
        let content =
            std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut sentence: Vec<&str> = Vec::new();
        for line in content.lines().chain(std::iter::once("")) {
            match line.split_whitespace().next() {
                Some(token) if token != "-DOCSTART-" => sentence.push(token),
                _ => {
                    if !sentence.is_empty() {
                        self.add_text(&sentence.join(" "));
                        self.documents += 1;
                        sentence.clear();
                    }
                }
            }
        }
        Ok(())
    }

    /// Adds one text's words.
    pub fn add_text(&mut self, text: &str) {
        // (word, end offset, starts a sentence)
        let mut previous: Option<(&str, usize, bool)> = None;
        for (start, word) in words(text) {
            let gap = previous.map_or("", |(_, end, _)| &text[end..start]);
            let sentence_start = previous.is_none()
                || gap.contains(['.', '!', '?', '\n', '"', '“', ':'])
                || gap.contains("\u{201c}");
            if is_lower(word) {
                *self.lower.entry(word.to_owned()).or_default() += 1;
            } else if is_capitalised(word) {
                *self.capitalised.entry(word.to_owned()).or_default() += 1;
                if let Some((prev, _, prev_sentence_start)) = previous {
                    // "Bill Clinton", "Mr Clinton": a capitalised word inside a sentence
                    // before another one.
                    if is_capitalised(prev) && gap == " " && !prev_sentence_start {
                        *self
                            .pairs
                            .entry(word.to_owned())
                            .or_default()
                            .entry(prev.to_owned())
                            .or_default() += 1;
                    }
                    if is_capitalised(prev) && gap == " " {
                        *self
                            .pairs_by_first
                            .entry(prev.to_owned())
                            .or_default()
                            .entry(word.to_owned())
                            .or_default() += 1;
                    }
                }
            } else if word.starts_with(|c: char| c.is_ascii_digit()) && gap == " " {
                if let Some((prev, _, _)) = previous.filter(|p| is_capitalised(p.0)) {
                    *self.before_number.entry(prev.to_owned()).or_default() += 1;
                }
            }
            previous = Some((word, start + word.len(), sentence_start));
        }
    }

    /// How often the capitalised `word` comes directly before a number.
    pub fn before_number_count(&self, word: &str) -> u32 {
        self.before_number.get(word).copied().unwrap_or(0)
    }

    /// How often `word`, lower-cased, occurs written in lower case.
    pub fn lower_count(&self, word: &str) -> u32 {
        self.lower.get(&word.to_lowercase()).copied().unwrap_or(0)
    }

    /// How often `word` occurs capitalised.
    pub fn capitalised_count(&self, word: &str) -> u32 {
        self.capitalised.get(word).copied().unwrap_or(0)
    }

    /// How often the capitalised `word` follows a capitalised word inside a sentence
    /// ("Tony Blair", "Mr Clinton"), not counting the pairs `is_known_name` accepts ("New
    /// York", "Real Madrid" are names of their own).
    pub fn after_proper_name_count(&self, word: &str, is_known_name: impl Fn(&str) -> bool) -> u32 {
        let Some(before) = self.pairs.get(word) else {
            return 0;
        };
        before
            .iter()
            .filter(|(prev, _)| !is_known_name(&format!("{prev} {word}")))
            .map(|(_, &n)| n)
            .sum()
    }

    /// How often the capitalised `word` comes before a proper name ("Vladimir Putin",
    /// "Paris Hilton"), not counting the pairs `is_known_name` accepts.
    pub fn before_proper_name_count(
        &self,
        word: &str,
        is_known_name: impl Fn(&str) -> bool,
    ) -> u32 {
        let Some(after) = self.pairs_by_first.get(word) else {
            return 0;
        };
        after
            .iter()
            .filter(|(next, _)| {
                self.capitalised_count(next) > self.lower_count(next)
                    && !is_known_name(&format!("{word} {next}"))
            })
            .map(|(_, &n)| n)
            .sum()
    }
}

/// Maximal runs of letters and digits, with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while rest.peek().is_some_and(|&(_, c)| !c.is_alphanumeric()) {
            rest.next();
        }
        let &(start, _) = rest.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = rest.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = i + c.len_utf8();
            rest.next();
        }
        Some((start, &text[start..end]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_forms_and_proper_name_pairs() {
        let mut stats = WordStats::default();
        stats.add_text("Tony Blair met the Reading team. It was nice, Nice said. New York.");
        stats.add_text(
            "Tony Blair again. In Reading the reading was fine, said Mr Blair. Oakland 5.",
        );
        assert_eq!(stats.lower_count("Nice"), 1);
        assert_eq!(stats.lower_count("Reading"), 1);
        assert_eq!(stats.capitalised_count("Reading"), 2);
        // Sentence-initial "Tony" does not count, "Mr" does; "In Reading" does not either.
        assert_eq!(stats.after_proper_name_count("Blair", |_| false), 1);
        assert_eq!(stats.after_proper_name_count("Reading", |_| false), 0);
        assert_eq!(stats.before_proper_name_count("Tony", |_| false), 2);
        assert_eq!(stats.before_number_count("Oakland"), 1);
        assert_eq!(stats.before_number_count("Blair"), 0);
    }
}
