//! `newsgaz`: tag news articles with the entities of a gazetteer.

use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use newsgaz::{
    gazetteer_from_conll, html_escape, read_records_with, AnnotateOptions, AnnotatedArticle,
    Annotator, CaseMode, ConllDocument, ConllScores, Decoding, Gazetteer, InputFormat,
    MatcherBuilder, Mention, MentionForm,
};

#[derive(Parser)]
#[command(
    name = "newsgaz",
    version,
    about = "Find the people, places and organisations news articles mention."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Tag articles: one JSON object a line, in input order.
    ///
    /// Each line is {"id","source","title","text","mentions":[...]} where a mention is
    /// {"start","end","char_start","char_end","text","entity","name","label","candidates",
    /// "paragraph","sentence","in_title","in_quote","form"}: start/end are byte offsets,
    /// char_start/char_end code point offsets into text. Each line also has "entities",
    /// "quotes", "attributions" and "cooccurrences". A record that cannot be read yields
    /// {"source","error"} in its place.
    Tag(TagArgs),
    /// Score a gazetteer on CoNLL files: entity-level precision, recall and F1 per label
    /// and overall, exact span and label, as conlleval counts them.
    Eval(EvalArgs),
}

/// How mentions are resolved in context (shared by `tag` and `eval`).
#[derive(clap::Args)]
struct AnnotateArgs {
    /// Do not match partial person names ("Putin" for Vladimir Putin named in full).
    #[arg(long)]
    no_partial: bool,
    /// Do not use evidence from the same article to resolve ambiguous aliases.
    #[arg(long)]
    no_document_rules: bool,
    /// A numeric attribute (such as population) whose higher value wins ambiguous aliases.
    #[arg(long, value_name = "ATTRIBUTE")]
    prior: Option<String>,
    /// Link role-phrase speakers ("the Russian president") to a person titled so earlier.
    #[arg(long)]
    role_rule: bool,
    /// Labels of person entries (default: PERSON and PER); may be repeated.
    #[arg(long = "person-label", value_name = "LABEL")]
    person_labels: Vec<String>,
    /// Keep city and US state names that the words beside them show to be a team
    /// ("Chicago 4 Boston 2") or part of a longer name ("Chicago White Sox").
    #[arg(long)]
    no_place_context: bool,
}

impl AnnotateArgs {
    fn options(&self, default_prior: Option<&str>) -> AnnotateOptions {
        let mut options = AnnotateOptions::default();
        options.partial_names = !self.no_partial;
        options.document_rules = !self.no_document_rules;
        options.prior = self.prior.clone().or(default_prior.map(str::to_owned));
        options.role_rule = self.role_rule;
        options.place_context = !self.no_place_context;
        if !self.person_labels.is_empty() {
            options.person_labels = self.person_labels.clone();
        }
        options
    }
}

#[derive(clap::Args)]
struct EvalArgs {
    /// CoNLL files to score (token first, entity tag last, IOB1 or IOB2; -DOCSTART-
    /// separates documents).
    #[arg(required = true)]
    tests: Vec<PathBuf>,
    /// Build the gazetteer from the entities of this CoNLL file (each phrase with its
    /// labels; exact case; prior `count`, the number of times it was seen); may be repeated.
    #[arg(long)]
    train: Vec<PathBuf>,
    /// With --train: keep a phrase only when at least this share of its occurrences in
    /// training is tagged as an entity (drops annotation slips such as "The" as LOC).
    #[arg(long, default_value_t = 0.5)]
    min_ratio: f64,
    /// A gazetteer in JSON Lines whose labels are the CoNLL labels; may be repeated.
    #[arg(long = "gazetteer", short = 'g')]
    gazetteers: Vec<PathBuf>,
    /// Also use the built-in gazetteer (after any --train and --gazetteer entries).
    #[arg(long)]
    builtin: bool,
    /// How letters are compared.
    #[arg(long, value_enum, default_value_t = Case::Exact)]
    case: Case,
    /// Also score with the partial-name and in-document rules switched off, one at a
    /// time and together.
    #[arg(long)]
    ablation: bool,
    /// Score gazetteer label FROM as CoNLL label TO (`PERSON=PER`); may be repeated.
    #[arg(long = "label", value_name = "FROM=TO", value_parser = parse_label_map)]
    labels: Vec<(String, String)>,
    /// Score mentions by a demonym ("Chinese") as this label (CoNLL-2003 calls them MISC)
    /// rather than as their entity's label.
    #[arg(long, value_name = "LABEL")]
    demonym_label: Option<String>,
    #[command(flatten)]
    annotate: AnnotateArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum Case {
    Smart,
    Exact,
    Insensitive,
}

impl From<Case> for CaseMode {
    fn from(case: Case) -> CaseMode {
        match case {
            Case::Smart => CaseMode::Smart,
            Case::Exact => CaseMode::Exact,
            Case::Insensitive => CaseMode::Insensitive,
        }
    }
}

#[derive(clap::Args)]
struct TagArgs {
    /// Article files (.txt plain layout, .json object or array, .jsonl one a line), or `-`
    /// for standard input (plain text unless --input-format says otherwise).
    #[arg(default_value = "-")]
    inputs: Vec<PathBuf>,
    /// A gazetteer in JSON Lines ({"id","name","label","aliases"}); may be repeated. Its
    /// entries come before the built-in ones and replace those with the same id.
    #[arg(long = "gazetteer", short = 'g')]
    gazetteers: Vec<PathBuf>,
    /// Do not use the built-in gazetteer (countries, cities, regions, US states and
    /// organisations, used by default alongside any --gazetteer); then at least one
    /// --gazetteer is required.
    #[arg(long)]
    no_default: bool,
    /// How letters are compared, for forms whose gazetteer entry sets no case of its own:
    /// smart (case-insensitive, but acronyms only in capitals and capitalised words only
    /// at capitals), exact or insensitive.
    #[arg(long, value_enum, default_value_t = Case::Smart)]
    case: Case,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
    /// Layout of standard input.
    #[arg(long, value_enum, default_value_t = StdinFormat::Txt)]
    input_format: StdinFormat,
    /// Replace invalid UTF-8 with U+FFFD instead of reporting the record as an error.
    #[arg(long)]
    lossy: bool,
    #[command(flatten)]
    annotate: AnnotateArgs,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// One JSON object a line.
    Jsonl,
    /// A human-readable table of mentions, entities and quotes.
    Table,
    /// An HTML page: mentions highlighted by label, with a legend and the entity table.
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum StdinFormat {
    Txt,
    Json,
    Jsonl,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Tag(args) => match run_tag(&args) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::from(1),
            Err(message) => {
                eprintln!("newsgaz: {message}");
                ExitCode::from(2)
            }
        },
        Command::Eval(args) => match run_eval(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("newsgaz: {message}");
                ExitCode::from(2)
            }
        },
    }
}

/// Returns Ok(false) when some record failed (it was reported in the output).
fn run_tag(args: &TagArgs) -> Result<bool, String> {
    let builtin = !args.no_default && !Gazetteer::builtin().is_empty();
    if args.gazetteers.is_empty() && !builtin {
        return Err(if args.no_default {
            "no gazetteer: --no-default needs at least one --gazetteer PATH".into()
        } else {
            "no gazetteer: this build has no built-in gazetteer (feature `default-gazetteer`); pass --gazetteer PATH".into()
        });
    }
    let parts = args
        .gazetteers
        .iter()
        .map(Gazetteer::from_jsonl_path)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let yours = Gazetteer::merge(parts).map_err(|e| e.to_string())?;
    let gazetteer = if builtin {
        yours.overlay(Gazetteer::builtin())
    } else {
        yours
    };
    let matcher = MatcherBuilder::new()
        .case_mode(args.case.into())
        .build(gazetteer);
    let annotator = Annotator::with_options(matcher, args.annotate.options(None));

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut all_ok = true;
    if let OutputFormat::Html = args.format {
        writeln!(
            out,
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>newsgaz</title></head><body>"
        )
        .map_err(|e| format!("writing output: {e}"))?;
    }
    for input in &args.inputs {
        let (bytes, name, format) = read_input(input, args.input_format)?;
        let decoding = if args.lossy {
            Decoding::Lossy
        } else {
            Decoding::Strict
        };
        for record in read_records_with(&bytes, &name, format, decoding) {
            match record.article {
                Ok(article) => {
                    let annotated = annotator.annotate(&article, record.source);
                    write_annotated(&mut out, &annotated, args.format)
                }
                Err(e) => {
                    all_ok = false;
                    eprintln!("newsgaz: {e}");
                    let line = serde_json::json!({"source": record.source, "error": e.to_string()});
                    match args.format {
                        OutputFormat::Html => {
                            writeln!(out, "<p>error: {}</p>", html_escape(&line.to_string()))
                        }
                        _ => writeln!(out, "{line}"),
                    }
                }
            }
            .map_err(|e| format!("writing output: {e}"))?;
        }
    }
    if let OutputFormat::Html = args.format {
        writeln!(out, "</body></html>").map_err(|e| format!("writing output: {e}"))?;
    }
    out.flush().map_err(|e| format!("writing output: {e}"))?;
    Ok(all_ok)
}

fn run_eval(args: &EvalArgs) -> Result<(), String> {
    if args.train.is_empty() && args.gazetteers.is_empty() && !args.builtin {
        return Err("no gazetteer: pass --train CONLL, --gazetteer PATH or --builtin".into());
    }
    let mut parts = Vec::new();
    for path in &args.train {
        let docs = ConllDocument::read_path(path).map_err(|e| e.to_string())?;
        parts.push(
            gazetteer_from_conll(&docs, args.min_ratio, &path.display().to_string())
                .map_err(|e| e.to_string())?,
        );
    }
    for path in &args.gazetteers {
        parts.push(Gazetteer::from_jsonl_path(path).map_err(|e| e.to_string())?);
    }
    if args.builtin {
        if Gazetteer::builtin().is_empty() {
            return Err(
                "--builtin: this build has no built-in gazetteer (feature `default-gazetteer`)"
                    .into(),
            );
        }
        parts.push(Gazetteer::builtin().clone());
    }
    let gazetteer = Gazetteer::merge(parts).map_err(|e| e.to_string())?;
    // Labels are mapped when scoring, so that options that select entries by their own
    // label (person labels, the place-context rule) still see them.
    let conll_label = |m: &Mention| -> Option<String> {
        if m.form == MentionForm::Demonym {
            if let Some(label) = &args.demonym_label {
                return Some(label.clone());
            }
        }
        let mapped = args.labels.iter().find(|(from, _)| *from == m.label);
        Some(mapped.map_or_else(|| m.label.clone(), |(_, to)| to.clone()))
    };
    let entries = gazetteer.len();
    let matcher = MatcherBuilder::new()
        .case_mode(args.case.into())
        .build(gazetteer);
    let default_prior = (!args.train.is_empty()).then_some("count");
    let options = args.annotate.options(default_prior);
    let mut configurations = vec![("as configured", options.clone())];
    if args.ablation {
        for (name, partial, document) in [
            ("without partial names", false, true),
            ("without in-document rules", true, false),
            ("without either", false, false),
        ] {
            let mut o = options.clone();
            o.partial_names = partial && options.partial_names;
            o.document_rules = document && options.document_rules;
            configurations.push((name, o));
        }
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let write_err = |e: io::Error| format!("writing output: {e}");
    for path in &args.tests {
        let docs = ConllDocument::read_path(path).map_err(|e| e.to_string())?;
        for (name, options) in &configurations {
            let annotator = Annotator::with_options(matcher.clone(), options.clone());
            let scores = ConllScores::evaluate_with(&annotator, &docs, conll_label);
            writeln!(
                out,
                "# {}: {} documents, {} gazetteer entries; {name} (partial names {}, in-document rules {}, prior {}, place context {})",
                path.display(),
                scores.documents,
                entries,
                on_off(options.partial_names),
                on_off(options.document_rules),
                options.prior.as_deref().unwrap_or("none"),
                on_off(options.place_context),
            )
            .map_err(write_err)?;
            write_scores(&mut out, &scores).map_err(write_err)?;
        }
    }
    out.flush().map_err(write_err)
}

fn parse_label_map(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((from, to)) if !from.trim().is_empty() && !to.trim().is_empty() => {
            Ok((from.trim().to_owned(), to.trim().to_owned()))
        }
        _ => Err(format!("expected FROM=TO, found {text:?}")),
    }
}

fn on_off(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

fn write_scores(out: &mut impl Write, scores: &ConllScores) -> io::Result<()> {
    writeln!(
        out,
        "{:<8} {:>6} {:>9} {:>7} {:>9} {:>7} {:>7}",
        "label", "gold", "predicted", "correct", "precision", "recall", "F1"
    )?;
    let overall = scores.overall();
    for (label, c) in scores
        .labels
        .iter()
        .map(|(l, c)| (l.as_str(), c))
        .chain([("overall", &overall)])
    {
        writeln!(
            out,
            "{:<8} {:>6} {:>9} {:>7} {:>9.2} {:>7.2} {:>7.2}",
            label,
            c.gold,
            c.predicted,
            c.correct,
            c.precision(),
            c.recall(),
            c.f1()
        )?;
    }
    writeln!(out)
}

fn read_input(
    path: &Path,
    stdin_format: StdinFormat,
) -> Result<(Vec<u8>, String, InputFormat), String> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("reading standard input: {e}"))?;
        let format = match stdin_format {
            StdinFormat::Txt => InputFormat::PlainText,
            StdinFormat::Json => InputFormat::Json,
            StdinFormat::Jsonl => InputFormat::JsonLines,
        };
        return Ok((bytes, "-".into(), format));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((
        bytes,
        path.display().to_string(),
        InputFormat::from_path(path),
    ))
}

fn write_annotated(
    out: &mut impl Write,
    annotated: &AnnotatedArticle,
    format: OutputFormat,
) -> io::Result<()> {
    match format {
        OutputFormat::Jsonl => {
            serde_json::to_writer(&mut *out, annotated)?;
            writeln!(out)
        }
        OutputFormat::Html => {
            writeln!(out, "<h2>{}</h2>", html_escape(&annotated.source))?;
            out.write_all(annotated.to_html().as_bytes())
        }
        OutputFormat::Table => write_table(out, annotated),
    }
}

fn write_table(out: &mut impl Write, a: &AnnotatedArticle) -> io::Result<()> {
    let show = |v: Option<usize>| v.map_or("-".to_owned(), |v| v.to_string());
    writeln!(out, "# {} ({} mentions)", a.source, a.mentions.len())?;
    writeln!(
        out,
        "{:>7} {:>7}  {:<28} {:<24} {:<10} {:<8} para sent",
        "start", "end", "text", "entity", "label", "form"
    )?;
    for m in &a.mentions {
        let form = serde_json::to_value(m.form).map_err(io::Error::other)?;
        let mut flags = String::new();
        if m.in_title {
            flags.push_str(" title");
        }
        if m.in_quote {
            flags.push_str(" quote");
        }
        writeln!(
            out,
            "{:>7} {:>7}  {:<28} {:<24} {:<10} {:<8} {:>4} {:>4}{flags}",
            m.start,
            m.end,
            m.text.replace('\n', " "),
            m.entity,
            m.label,
            form.as_str().unwrap_or(""),
            show(m.paragraph),
            show(m.sentence)
        )?;
    }
    writeln!(
        out,
        "\n{:<24} {:<10} {:>5} {:>8} {:>8}",
        "entity", "label", "count", "first", "salience"
    )?;
    for e in &a.entities {
        writeln!(
            out,
            "{:<24} {:<10} {:>5} {:>8} {:>8.3}{}",
            e.id,
            e.label,
            e.count,
            e.first,
            e.salience,
            if e.in_title { " title" } else { "" }
        )?;
    }
    if !a.quotes.is_empty() {
        writeln!(out, "\nquotes:")?;
        for q in &a.quotes {
            let speaker = q.speaker.as_ref().map_or("-".to_owned(), |s| {
                format!("{} -> {}", s.text, s.entity.as_deref().unwrap_or("?"))
            });
            writeln!(
                out,
                "{:>7} {:<40} {speaker}",
                q.start,
                q.text.replace('\n', " ")
            )?;
        }
    }
    if !a.cooccurrences.is_empty() {
        writeln!(out, "\nsame sentence:")?;
        for c in &a.cooccurrences {
            writeln!(out, "{:>5}  {} + {}", c.count, c.a, c.b)?;
        }
    }
    Ok(())
}
