//! `newsgaz tag`: every record of every input annotated, in input order, as a stream:
//! inputs are read a window of records at a time and annotated on every core, so memory
//! does not grow with the input.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsgaz::article::Decoding;
use newsgaz::input::{InputFormat, Limits, RawRecord, RecordReader};
use newsgaz::{AnnotatedArticle, Annotator, ArticleError, Gazetteer, MatcherOptions};

use crate::args::TagArgs;
use crate::gazetteer::load_matcher;
use crate::output::Output;
use crate::target::Target;

/// Returns Ok(false) when some record failed (it was reported in the output).
pub fn run(args: &TagArgs) -> Result<bool, String> {
    // Refused before anything is read or written: an input is never an output.
    let inputs = args
        .inputs
        .iter()
        .chain(&args.gazetteers)
        .map(PathBuf::as_path);
    let mut target = match &args.output {
        Some(path) => Some(Target::create(path, inputs)?),
        None => None,
    };
    // A build without the built-in gazetteer tags with the given ones alone.
    let builtin = !args.no_default && !Gazetteer::builtin().is_empty();
    if args.gazetteers.is_empty() && !builtin {
        return Err(if args.no_default {
            "no gazetteer: --no-default needs at least one --gazetteer PATH".into()
        } else {
            "no gazetteer: this build has no built-in gazetteer (feature `default-gazetteer`); pass --gazetteer PATH".into()
        });
    }
    let matcher = load_matcher(
        &args.gazetteers,
        builtin,
        MatcherOptions::with_case(args.case),
    )?;
    let annotator = Annotator::with_options(matcher, args.annotate.options(None));
    let decoding = if args.lossy {
        Decoding::Lossy
    } else {
        Decoding::Strict
    };
    let sink: Box<dyn Write + '_> = match target.as_mut() {
        Some(target) => Box::new(target),
        None => Box::new(io::stdout().lock()),
    };
    let write_err = |e: io::Error| format!("writing output: {e}");
    let mut out =
        Output::start(BufWriter::with_capacity(1 << 16, sink), args.format).map_err(write_err)?;
    let progress = progress_bar();
    // WARC records that are no pages, by reason, for a summary at the end.
    let skipped = std::sync::Mutex::new(std::collections::BTreeMap::<String, u64>::new());
    let limits = args.limits.limits();
    // Every input's records, one stream, so that many small files share the threads.
    let records = args.inputs.iter().flat_map(|path| {
        let progress = progress.clone();
        let skipped = &skipped;
        records_of(path, args.input_format, limits).inspect(move |raw| {
            progress.inc(raw.len() as u64);
            if let Some(reason) = raw.skipped() {
                let mut skipped = skipped.lock().unwrap_or_else(|e| e.into_inner());
                *skipped.entry(reason.to_owned()).or_default() += 1;
            }
        })
    });
    // Each record's output is made on the thread that annotated it; only the writing is
    // in order on this one.
    let format = args.format;
    let render = |source: String, outcome: Result<AnnotatedArticle, ArticleError>| {
        let mut fragment = Output::<Vec<u8>>::fragment(format);
        let message = match outcome {
            Ok(annotated) => match fragment.article(&annotated) {
                Ok(()) => return Ok((fragment.into_inner().into_bytes(), None)),
                // Its output does not fit in memory: an error record in its place.
                Err(e) if e.kind() == io::ErrorKind::OutOfMemory => {
                    fragment = Output::<Vec<u8>>::fragment(format);
                    format!(
                        "{source}: its output ({} mentions) does not fit in memory; --max-record-bytes sets the largest record read",
                        annotated.mentions.len()
                    )
                }
                Err(e) => return Err(e),
            },
            Err(e) => e.to_string(),
        };
        fragment.error(&source, &message)?;
        Ok((fragment.into_inner().into_bytes(), Some(message)))
    };
    let threads = newsgaz::batch::thread_count(args.threads);
    if args.threads.is_some_and(|asked| asked > threads) {
        eprintln!(
            "newsgaz: --threads {} is more than {} a core: running {threads}",
            args.threads.unwrap_or_default(),
            newsgaz::batch::MAX_THREADS_PER_CORE
        );
    }
    let mut all_ok = true;
    let mut articles = 0u64;
    annotator
        .annotate_records(records, decoding, Some(threads), render, |rendered| {
            let (bytes, failed): (Vec<u8>, Option<String>) = rendered?;
            articles += 1;
            if articles % 64 == 0 {
                progress.set_message(format!("{articles} articles"));
            }
            if let Some(message) = failed {
                all_ok = false;
                progress.suspend(|| eprintln!("newsgaz: {message}"));
            }
            out.bytes(&bytes)
        })
        .map_err(write_err)?;
    out.finish().map_err(write_err)?;
    if let Some(target) = target {
        target.commit()?;
    }
    progress.finish_with_message(format!("{articles} articles"));
    let skipped = skipped.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(summary) = skipped_summary(&skipped) {
        eprintln!("newsgaz: {summary}");
    }
    Ok(all_ok)
}

/// `12 WARC records skipped as no HTML page: 5 request, 4 warcinfo, ...` (the most
/// frequent reasons first), or `None` when none was.
fn skipped_summary(skipped: &std::collections::BTreeMap<String, u64>) -> Option<String> {
    let total: u64 = skipped.values().sum();
    if total == 0 {
        return None;
    }
    let mut reasons: Vec<(&String, &u64)> = skipped.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let shown = 6;
    let mut parts: Vec<String> = reasons
        .iter()
        .take(shown)
        .map(|(reason, n)| format!("{n} {reason}"))
        .collect();
    if reasons.len() > shown {
        let rest: u64 = reasons[shown..].iter().map(|(_, n)| **n).sum();
        parts.push(format!("{rest} other"));
    }
    let records = if total == 1 { "record" } else { "records" };
    Some(format!(
        "{total} WARC {records} skipped as no HTML page: {}",
        parts.join(", ")
    ))
}

/// The records of one input (`-`: standard input, in `stdin_format`); an input that
/// cannot be opened is one error record.
fn records_of(
    path: &Path,
    stdin_format: Option<InputFormat>,
    limits: Limits,
) -> Box<dyn Iterator<Item = RawRecord> + Send> {
    if path == Path::new("-") {
        let mut stdin = io::BufReader::with_capacity(1 << 16, io::stdin());
        let format = stdin_format.unwrap_or_else(|| {
            // Guessed from the first bytes (a failed read is reported by the reader).
            let guess = io::BufRead::fill_buf(&mut stdin)
                .ok()
                .and_then(InputFormat::sniff);
            if let Some(format) = guess {
                eprintln!(
                    "newsgaz: reading standard input as {} (guessed from its first bytes; --input-format sets it)",
                    format.name()
                );
            }
            guess.unwrap_or(InputFormat::PlainText)
        });
        return Box::new(RecordReader::with_limits(stdin, "-", format, limits));
    }
    newsgaz::input::path_records_limited(path, limits)
}

/// Articles, megabytes and megabytes a second on standard error when it is a terminal;
/// nothing otherwise.
fn progress_bar() -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{spinner} {msg}, {bytes} read ({bytes_per_sec})")
        .expect("a valid template");
    bar.set_style(style);
    bar.set_message("0 articles");
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}
