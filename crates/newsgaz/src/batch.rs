//! Batches: many articles or texts annotated on several threads, results in input order
//! (`parallel::map_in_order`), from values, from parsed records, or from a stream of raw
//! records read as the batch goes. Above `annotate` and `input`, which it joins.

use crate::annotate::{AnnotatedArticle, Annotator, Mention};
use crate::article::{Article, Decoding};
use crate::input::RawRecord;
use crate::parallel::{map_in_order, map_in_order_weighted};
use crate::{ArticleError, Location};

/// The most threads a batch starts per core, whatever it is asked for: more only adds
/// switching (and `--threads 1000000000` would try to start that many).
///
/// ```
/// assert_eq!(newsgaz::batch::thread_count(Some(1)), 1);
/// let cores = std::thread::available_parallelism().unwrap().get();
/// assert_eq!(newsgaz::batch::thread_count(Some(usize::MAX)), cores * newsgaz::batch::MAX_THREADS_PER_CORE);
/// ```
pub const MAX_THREADS_PER_CORE: usize = 4;

/// The threads a batch asked for `requested` threads runs on (`None`: one per core),
/// at most [`MAX_THREADS_PER_CORE`] per core: callers warn when it is fewer.
pub fn thread_count(requested: Option<usize>) -> usize {
    crate::parallel::thread_count(requested)
}

impl Annotator {
    /// Annotates `(input, source)` pairs on `threads` threads (`None`: every core),
    /// parsing each input there too, and hands `take` each outcome in input order with
    /// its position: an annotated article, or the error that names the input by its
    /// source. No input is lost. An error from `take` stops the batch (no input is
    /// started after it) and is returned.
    ///
    /// ```
    /// use newsgaz::{Annotator, Gazetteer, Matcher};
    /// use newsgaz::batch::ArticleInput;
    ///
    /// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    /// let batch = vec![
    ///     (ArticleInput::Plain("Peru".into()), "#0".to_owned()),
    ///     (ArticleInput::Json(serde_json::json!({"title": "No text"})), "#1".to_owned()),
    ///     (ArticleInput::Json(serde_json::json!({"text": "Chile and Peru"})), "#2".to_owned()),
    /// ];
    /// let mut outcomes = Vec::new();
    /// annotator.annotate_each(batch, Some(2), |i, outcome| {
    ///     outcomes.push((i, outcome.map(|a| a.mentions.len()).map_err(|e| e.to_string())));
    ///     Ok::<(), ()>(())
    /// }).unwrap();
    /// assert_eq!(outcomes[0], (0, Ok(1)));
    /// assert!(outcomes[1].1.as_ref().unwrap_err().starts_with("#1"));
    /// assert_eq!(outcomes[2], (2, Ok(2)));
    /// ```
    pub fn annotate_each<E>(
        &self,
        inputs: impl IntoIterator<Item = (ArticleInput, String), IntoIter: Send>,
        threads: Option<usize>,
        take: impl FnMut(usize, Result<AnnotatedArticle, ArticleError>) -> Result<(), E>,
    ) -> Result<(), E> {
        let work = |(input, source): (ArticleInput, String)| {
            let article = match input {
                ArticleInput::Parsed(article) => *article,
                ArticleInput::Plain(text) => Article::parse_plain(text),
                ArticleInput::Json(value) => {
                    Article::from_json_value(value, &Location::new(source.as_str()))?
                }
            };
            reserve_for(&article, &source)?;
            Ok(self.annotate_owned(article, source))
        };
        map_in_order(inputs.into_iter(), threads, Self::WINDOW, work, take)
    }

    /// Annotates `(article, source)` pairs on `threads` threads (`None`: every core),
    /// giving the results in input order. The articles are given away (no copy of their
    /// text).
    ///
    /// ```
    /// use newsgaz::{Annotator, Article, Gazetteer, Matcher};
    ///
    /// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    /// let batch: Vec<(Article, String)> = ["Peru", "Chile and Peru", "nothing"]
    ///     .iter()
    ///     .enumerate()
    ///     .map(|(i, t)| (Article::parse_plain(*t), format!("#{i}")))
    ///     .collect();
    /// let done = annotator.annotate_many(batch, Some(2));
    /// let counts: Vec<(&str, usize)> = done.iter().map(|a| (a.source(), a.mentions.len())).collect();
    /// assert_eq!(counts, [("#0", 1), ("#1", 2), ("#2", 0)]);
    /// ```
    pub fn annotate_many(
        &self,
        articles: Vec<(Article, String)>,
        threads: Option<usize>,
    ) -> Vec<AnnotatedArticle> {
        let mut done = Vec::with_capacity(articles.len());
        let work = |(article, source)| self.annotate_owned(article, source);
        map_in_order(articles.into_iter(), threads, Self::WINDOW, work, |_, a| {
            done.push(a);
            Ok::<(), std::convert::Infallible>(())
        })
        .unwrap_or_else(|never| match never {});
        done
    }

    /// [`Annotator::text_mentions`] of many texts on `threads` threads (`None`: every
    /// core), in input order.
    ///
    /// ```
    /// use newsgaz::{Annotator, Gazetteer, Matcher};
    ///
    /// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    /// let found = annotator.text_mentions_many(&["Peru", "", "Chile and Peru"], Some(2));
    /// assert_eq!(found.iter().map(Vec::len).collect::<Vec<_>>(), [1, 0, 2]);
    /// ```
    pub fn text_mentions_many<T: AsRef<str> + Sync>(
        &self,
        texts: &[T],
        threads: Option<usize>,
    ) -> Vec<Vec<Mention>> {
        let mut found = Vec::with_capacity(texts.len());
        self.text_mentions_each(texts, threads, |_, mentions| {
            found.push(mentions);
            Ok::<(), std::convert::Infallible>(())
        })
        .unwrap_or_else(|never| match never {});
        found
    }

    /// [`Annotator::text_mentions`] of many texts on `threads` threads (`None`: every
    /// core), the calling thread among them, each text's mentions handed to `take` on the
    /// calling thread in input order as soon as they are ready. What `take` does with
    /// them (turn them into objects of another language, write them out) overlaps the
    /// search of the texts after. The first error of `take` stops the batch and is
    /// returned.
    ///
    /// ```
    /// use newsgaz::{Annotator, Gazetteer, Matcher};
    ///
    /// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    /// let mut counts = Vec::new();
    /// annotator
    ///     .text_mentions_each(&["Peru", "", "Chile and Peru"], Some(2), |i, mentions| {
    ///         counts.push((i, mentions.len()));
    ///         Ok::<(), String>(())
    ///     })
    ///     .unwrap();
    /// assert_eq!(counts, [(0, 1), (1, 0), (2, 2)]);
    /// ```
    pub fn text_mentions_each<T, E>(
        &self,
        texts: &[T],
        threads: Option<usize>,
        take: impl FnMut(usize, Vec<Mention>) -> Result<(), E>,
    ) -> Result<(), E>
    where
        T: AsRef<str> + Sync,
    {
        let work = |text: &T| self.text_mentions(text.as_ref());
        map_in_order(texts.iter(), threads, Self::WINDOW, work, take)
    }

    /// Parses and annotates a stream of records ([`crate::input::RecordReader`]) on `threads`
    /// threads (`None`: every core), the calling thread among them. Each outcome (the
    /// record's source, and its annotated article or the error in its place) is turned
    /// by `render` into what the caller keeps (a line of output, say), on the thread that
    /// annotated it; `take` gets these on the calling thread, in input order. Records are
    /// read by whichever thread is free, and at most [`Annotator::WINDOW`] records, or
    /// [`Annotator::WINDOW_BYTES`] bytes of them, are held at a time (one larger record
    /// aside), so memory does not grow with the stream's length.
    /// The first error of `take` stops the batch and is returned.
    ///
    /// ```
    /// use newsgaz::{Annotator, Gazetteer, Matcher};
    /// use newsgaz::article::Decoding;
    /// use newsgaz::input::{InputFormat, RecordReader};
    ///
    /// let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    /// let input = &b"{\"text\": \"Peru\"}\nnot json\n{\"text\": \"Chile and Peru\"}\n"[..];
    /// let records = RecordReader::new(input, "f.jsonl", InputFormat::JsonLines);
    /// let mut seen = Vec::new();
    /// let render = |source: String, outcome: Result<newsgaz::AnnotatedArticle, newsgaz::ArticleError>| {
    ///     (source, outcome.map(|a| a.mentions.len()).map_err(|e| e.to_string()))
    /// };
    /// annotator
    ///     .annotate_records(records, Decoding::Strict, Some(2), render, |done| {
    ///         seen.push(done);
    ///         Ok::<(), std::io::Error>(())
    ///     })
    ///     .unwrap();
    /// assert_eq!(seen[0], ("f.jsonl:1".to_owned(), Ok(1)));
    /// assert!(seen[1].1.as_ref().unwrap_err().starts_with("f.jsonl:2: invalid article record"));
    /// assert_eq!(seen[2], ("f.jsonl:3".to_owned(), Ok(2)));
    /// ```
    pub fn annotate_records<T: Send, E>(
        &self,
        records: impl IntoIterator<Item = RawRecord, IntoIter: Send>,
        decoding: Decoding,
        threads: Option<usize>,
        render: impl Fn(String, Result<AnnotatedArticle, ArticleError>) -> T + Sync,
        mut take: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        let work = |raw: RawRecord| {
            let record = raw.parse(decoding)?;
            let source = record.source;
            let outcome = record.article.and_then(|article| {
                reserve_for(&article, &source)?;
                Ok(self.annotate_owned(article, source.clone()))
            });
            Some(render(source, outcome))
        };
        let records = records.into_iter();
        let window = (Self::WINDOW, Self::WINDOW_BYTES);
        let size = |raw: &RawRecord| raw.len();
        map_in_order_weighted(records, threads, window, size, work, |_, done| {
            match done {
                Some(done) => take(done),
                // A blank line: no record.
                None => Ok(()),
            }
        })
    }

    /// The most records [`Annotator::annotate_records`] holds at a time: read but not
    /// yet handed to `take`.
    pub const WINDOW: usize = 1024;

    /// The most bytes of records [`Annotator::annotate_records`] holds at a time, read
    /// but not yet handed to `take`; their rendered output (about six times their size)
    /// waits with them. One slow page in front of 1,100 records of 128 KB held 862 MB
    /// when only records were counted.
    pub const WINDOW_BYTES: usize = 16 << 20;
}

/// Memory a large article's annotation may need, per byte of its text: the words,
/// matches, mentions and records of a text dense with names (a 60 MB one peaked at 2.4
/// GB, about 40 a byte; ordinary news needs far less). Only reserved, never touched: on
/// a machine with the memory, asking costs nothing.
const MEMORY_PER_TEXT_BYTE: usize = 40;

/// Checks that the memory a large article's annotation may need can be reserved (and
/// gives it back): a record that would exhaust it is an error in its place, not an abort
/// of the run. A heuristic: what other threads take meanwhile is not counted.
fn reserve_for(article: &Article, source: &str) -> Result<(), ArticleError> {
    let len = article.text.len();
    if len < 1 << 20 {
        return Ok(());
    }
    let needed = len.saturating_mul(MEMORY_PER_TEXT_BYTE);
    let mut probe: Vec<u8> = Vec::new();
    probe
        .try_reserve_exact(needed)
        .map_err(|_| ArticleError::OutOfMemory {
            at: Location::new(source),
            bytes: len as u64,
            needed: needed as u64,
        })
}

/// An article for [`Annotator::annotate_each`], parsed or still to parse.
///
/// ```
/// let input = newsgaz::batch::ArticleInput::Plain("Title\n\nBody.".into());
/// assert!(matches!(input, newsgaz::batch::ArticleInput::Plain(_)));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum ArticleInput {
    /// An article already parsed.
    Parsed(Box<Article>),
    /// A text in the plain layout (title line, blank line, paragraphs).
    Plain(String),
    /// A JSON record with the field names feeds use (see [`Article::from_json_value`]).
    Json(serde_json::Value),
}
