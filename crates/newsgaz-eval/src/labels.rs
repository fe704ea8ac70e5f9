//! Which CoNLL label a mention is scored as: gazetteer labels mapped (`COUNTRY` → `LOC`),
//! demonyms apart ("Chinese" is CoNLL's `MISC`), unmapped labels kept or left out.

use newsgaz::{Entry, Mention, MentionForm};

/// A mapping from a mention to the label it is scored as.
///
/// ```
/// use newsgaz_eval::LabelMap;
///
/// let map = LabelMap::new().map("PERSON", "PER").demonyms_as("MISC");
/// assert_eq!(map.label_of("PERSON", false).as_deref(), Some("PER"));
/// assert_eq!(map.label_of("COUNTRY", true).as_deref(), Some("MISC"));
/// assert_eq!(map.label_of("ORG", false).as_deref(), Some("ORG"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabelMap {
    pairs: Vec<(String, String)>,
    demonym: Option<String>,
    only_mapped: bool,
}

impl LabelMap {
    /// Every label scored as itself.
    ///
    /// ```
    /// assert_eq!(newsgaz_eval::LabelMap::new().label_of("X", true).as_deref(), Some("X"));
    /// ```
    pub fn new() -> LabelMap {
        LabelMap::default()
    }

    /// The built-in gazetteer scored as CoNLL-2003: places (`COUNTRY`, `CITY`, `REGION`)
    /// as `LOC`, `ORG` as itself, people (`PERSON`, found in the text) as `PER`, demonyms
    /// as `MISC`, anything else left out.
    ///
    /// ```
    /// let map = newsgaz_eval::LabelMap::builtin_conll();
    /// assert_eq!(map.label_of("CITY", false).as_deref(), Some("LOC"));
    /// assert_eq!(map.label_of("CONTINENT", false), None);
    /// ```
    pub fn builtin_conll() -> LabelMap {
        let mut map = LabelMap::new()
            .map("COUNTRY", "LOC")
            .map("CITY", "LOC")
            .map("REGION", "LOC")
            .map("ORG", "ORG")
            .map("PERSON", "PER")
            .demonyms_as("MISC");
        map.only_mapped = true;
        map
    }

    /// Scores gazetteer label `from` as `to`.
    ///
    /// ```
    /// let map = newsgaz_eval::LabelMap::new().map("GPE", "LOC");
    /// assert_eq!(map.label_of("GPE", false).as_deref(), Some("LOC"));
    /// ```
    pub fn map(mut self, from: impl Into<String>, to: impl Into<String>) -> LabelMap {
        self.pairs.push((from.into(), to.into()));
        self
    }

    /// Scores mentions by a demonym as `label`, whatever their entity's label.
    ///
    /// ```
    /// let map = newsgaz_eval::LabelMap::new().demonyms_as("MISC");
    /// assert_eq!(map.label_of("COUNTRY", true).as_deref(), Some("MISC"));
    /// ```
    pub fn demonyms_as(mut self, label: impl Into<String>) -> LabelMap {
        self.demonym = Some(label.into());
        self
    }

    /// The label a mention of an entry labelled `label` is scored as (`None`: left out).
    ///
    /// ```
    /// assert_eq!(newsgaz_eval::LabelMap::builtin_conll().label_of("ORG", false).as_deref(), Some("ORG"));
    /// ```
    pub fn label_of(&self, label: &str, demonym: bool) -> Option<String> {
        if demonym {
            if let Some(d) = &self.demonym {
                return Some(d.clone());
            }
        }
        match self.pairs.iter().find(|(from, _)| from == label) {
            Some((_, to)) => Some(to.clone()),
            None if self.only_mapped => None,
            None => Some(label.to_owned()),
        }
    }

    /// The label `mention` (of `entry`, its resolved entity) is scored as.
    ///
    /// ```
    /// use newsgaz::{Annotator, Entry, Gazetteer, Matcher};
    ///
    /// let g = Gazetteer::from_entries([Entry::new("c:fr", "France", "COUNTRY")], "x")?;
    /// let annotated = Annotator::new(Matcher::new(g)).annotate_text("France");
    /// let m = &annotated.mentions[0];
    /// let label = newsgaz_eval::LabelMap::builtin_conll().label(m, annotated.entry(m.entity()));
    /// assert_eq!(label.as_deref(), Some("LOC"));
    /// # Ok::<(), newsgaz::Error>(())
    /// ```
    pub fn label(&self, mention: &Mention, entry: &Entry) -> Option<String> {
        self.label_of(&entry.label, mention.form == MentionForm::Demonym)
    }
}
