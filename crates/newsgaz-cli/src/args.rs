//! The command line: subcommands and their arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use newsgaz::input::{InputFormat, Limits};
use newsgaz::{AnnotateOptions, CaseMode};

#[derive(Parser)]
#[command(
    name = "newsgaz",
    version,
    about = "Find the people, places and organisations news articles mention."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Tag articles: one JSON object a line, in input order.
    ///
    /// Each line is {"id","source","title","text","mentions":[...]} where a mention is
    /// {"start","end","char_start","char_end","text","entity","name","label","country",
    /// "candidates","paragraph","sentence","in_title","in_quote","form"}: start/end are byte
    /// offsets, char_start/char_end code point offsets into text. Each line also has
    /// "entities", "quotes", "attributions", "cooccurrences", "people" and "focus". A record
    /// that cannot be read yields {"source","error"} in its place.
    Tag(TagArgs),
    /// Score a gazetteer on CoNLL files: entity-level precision, recall and F1 per label
    /// and overall, exact span and label, as conlleval counts them.
    Eval(EvalArgs),
    /// Compile gazetteers into one file that loads without building, or count what a
    /// gazetteer holds.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

#[derive(Subcommand)]
pub enum GazetteerCommand {
    /// Compile gazetteer files, and the built-in gazetteer unless --no-default, into one
    /// compiled file (entries and the matcher's tables, versioned and checksummed) that
    /// `tag --gazetteer FILE` loads as it is, without building.
    Compile(CompileArgs),
    /// Print a gazetteer's entries, surface forms, keys, ambiguity, labels and the memory
    /// its search tables take.
    Stats(StatsArgs),
}

#[derive(clap::Args)]
pub struct CompileArgs {
    /// Gazetteer files: .jsonl, .json, .csv, .tsv (each may be gzipped) or compiled.
    pub inputs: Vec<PathBuf>,
    /// The compiled file to write.
    #[arg(long, short = 'o', value_name = "FILE", required = true)]
    pub output: PathBuf,
    /// Leave the built-in gazetteer out (it is compiled in by default, after the inputs,
    /// as `tag` would use it).
    #[arg(long)]
    pub no_default: bool,
    /// How letters are compared (as `tag --case`): the file holds a matcher for this mode.
    #[arg(long, default_value = "smart", value_name = "smart|exact|insensitive")]
    pub case: CaseMode,
}

#[derive(clap::Args)]
pub struct StatsArgs {
    /// Gazetteer files, merged (any format `compile` reads).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Case mode of the matcher whose tables are counted.
    #[arg(long, default_value = "smart", value_name = "smart|exact|insensitive")]
    pub case: CaseMode,
}

/// How mentions are resolved in context (shared by `tag` and `eval`).
#[derive(clap::Args)]
pub struct AnnotateArgs {
    /// Do not match partial person names ("Putin" for Vladimir Putin named in full).
    #[arg(long)]
    pub no_partial: bool,
    /// Do not find people the gazetteer does not list (names after a title, beside a
    /// speech verb, with a role after them, or led by a common given name).
    #[arg(long)]
    pub no_people: bool,
    /// Do not find organisations the gazetteer does not list (names ending in a legal
    /// form or a head noun, "Burlington Industries Inc", "Commerce Department"; an
    /// acronym defined after them; "a Pirelli spokesman"; teams in a results line).
    #[arg(long)]
    pub no_organisations: bool,
    /// Do not use evidence from the same article to resolve ambiguous aliases.
    #[arg(long)]
    pub no_document_rules: bool,
    /// Do not use where the article is about while reading it (the country its other
    /// places lie in for ambiguous place names; the evidence a place named like a word,
    /// such as "Brits", needs). The focus is reported either way.
    #[arg(long)]
    pub no_focus: bool,
    /// A numeric attribute (such as population) whose higher value wins ambiguous aliases.
    #[arg(long, value_name = "ATTRIBUTE")]
    pub prior: Option<String>,
    /// Link role-phrase speakers ("the Russian president") to a person titled so earlier.
    #[arg(long)]
    pub role_rule: bool,
    /// Labels of person entries (default: PERSON and PER); may be repeated.
    #[arg(long = "person-label", value_name = "LABEL")]
    pub person_labels: Vec<String>,
    /// Keep city and US state names that the words beside them show to be a team
    /// ("Chicago 4 Boston 2") or part of a longer name ("Chicago White Sox").
    #[arg(long)]
    pub no_place_context: bool,
}

impl AnnotateArgs {
    pub fn options(&self, default_prior: Option<&str>) -> AnnotateOptions {
        let mut options = AnnotateOptions::default();
        options.partial_names = !self.no_partial;
        options.people = !self.no_people;
        options.organisations = !self.no_organisations;
        options.document_rules = !self.no_document_rules;
        options.focus = !self.no_focus;
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
pub struct EvalArgs {
    /// CoNLL files to score (token first, entity tag last, IOB1 or IOB2; -DOCSTART-
    /// separates documents).
    #[arg(required = true)]
    pub tests: Vec<PathBuf>,
    /// Build the gazetteer from the entities of this CoNLL file (each phrase with its
    /// labels; exact case; prior `count`, the number of times it was seen); may be repeated.
    #[arg(long)]
    pub train: Vec<PathBuf>,
    /// With --train: keep a phrase only when at least this share of its occurrences in
    /// training is tagged as an entity (drops annotation slips such as "The" as LOC).
    #[arg(long, default_value_t = 0.5)]
    pub min_ratio: f64,
    /// A gazetteer file (any format `tag` reads) whose labels are the CoNLL labels; may be
    /// repeated.
    #[arg(long = "gazetteer", short = 'g')]
    pub gazetteers: Vec<PathBuf>,
    /// Also use the built-in gazetteer (after any --train and --gazetteer entries).
    #[arg(long)]
    pub builtin: bool,
    /// How letters are compared.
    #[arg(long, default_value = "exact", value_name = "smart|exact|insensitive")]
    pub case: CaseMode,
    /// Also score with the partial-name and in-document rules switched off, one at a
    /// time and together.
    #[arg(long)]
    pub ablation: bool,
    /// Score gazetteer label FROM as CoNLL label TO (`PERSON=PER`); may be repeated.
    #[arg(long = "label", value_name = "FROM=TO", value_parser = parse_label_map)]
    pub labels: Vec<(String, String)>,
    /// Score mentions by a demonym ("Chinese") as this label (CoNLL-2003 calls them MISC)
    /// rather than as their entity's label.
    #[arg(long, value_name = "LABEL")]
    pub demonym_label: Option<String>,
    /// Write every error of the configured run to this file, one a line, tab-separated:
    /// `missed` (gold, not predicted), `extra` (predicted, not gold) or `label` (the right
    /// span, the wrong label); the gold and predicted labels, the phrase, the entity id,
    /// the file and the words around it. For reading misses one by one.
    #[arg(long, value_name = "PATH")]
    pub errors: Option<PathBuf>,
    #[command(flatten)]
    pub annotate: AnnotateArgs,
}

#[derive(clap::Args)]
pub struct TagArgs {
    /// Article files (.txt plain layout, .json object or array, .jsonl one a line, .html
    /// or .htm a web page: its main text and metadata, .warc an archive: each HTML
    /// response a page, other records skipped and counted on stderr; each may be gzipped,
    /// as .jsonl.gz, .html.gz or .warc.gz), or `-` for standard input (plain text unless
    /// --input-format says otherwise). JSON Lines, JSON arrays and WARC archives are read
    /// as a stream.
    #[arg(default_value = "-")]
    pub inputs: Vec<PathBuf>,
    /// Write the output here instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Threads that parse and annotate (default: one per core). The output keeps the
    /// input order whatever the number.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// A gazetteer file: .jsonl ({"id","name","label","aliases"}), .json, .csv or .tsv
    /// (each may be gzipped), or compiled (`newsgaz gazetteer compile`); may be repeated.
    /// Its entries come before the built-in ones and replace those with the same id. A
    /// compiled file given alone is used as compiled, whole: it holds the built-in entries
    /// unless it was compiled with --no-default.
    #[arg(long = "gazetteer", short = 'g')]
    pub gazetteers: Vec<PathBuf>,
    /// Do not use the built-in gazetteer (countries, cities, regions, US states and
    /// organisations, used by default alongside any --gazetteer); then at least one
    /// --gazetteer is required.
    #[arg(long)]
    pub no_default: bool,
    /// How letters are compared, for forms whose gazetteer entry sets no case of its own:
    /// smart (case-insensitive, but acronyms only in capitals and capitalised words only
    /// at capitals), exact or insensitive.
    #[arg(long, default_value = "smart", value_name = "smart|exact|insensitive")]
    pub case: CaseMode,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    pub format: OutputFormat,
    /// Layout of standard input: txt, json, jsonl, html or warc (default: guessed from
    /// its first bytes, said on stderr, else txt).
    #[arg(long, value_name = "txt|json|jsonl|html|warc")]
    pub input_format: Option<InputFormat>,
    /// Replace invalid UTF-8 with U+FFFD instead of reporting the record as an error.
    #[arg(long)]
    pub lossy: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub annotate: AnnotateArgs,
}

/// The limits on one input's records (`newsgaz::input::Limits`).
#[derive(clap::Args)]
pub struct LimitArgs {
    /// The largest record in bytes (a JSONL line, a JSON array element, a whole .txt,
    /// .json or .html input, a WARC page, an HTTP body once decoded): a larger one is an
    /// error record in its place, and the run goes on.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_record_bytes)]
    pub max_record_bytes: u64,
    /// The most bytes one gzipped input may inflate to; past it the input ends in an
    /// error record.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_decompressed_bytes)]
    pub max_decompressed_bytes: u64,
    /// HTML tags nested deeper are replaced by a space, their text kept (reported in the
    /// article's metadata.extra.limits).
    #[arg(long, value_name = "DEPTH", default_value_t = Limits::default().max_html_depth)]
    pub max_html_depth: usize,
    /// The tags of a page's elements past this many are replaced the same way.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_html_elements)]
    pub max_html_elements: usize,
}

impl LimitArgs {
    pub fn limits(&self) -> Limits {
        Limits::default()
            .max_record_bytes(self.max_record_bytes)
            .max_decompressed_bytes(self.max_decompressed_bytes)
            .max_html_depth(self.max_html_depth)
            .max_html_elements(self.max_html_elements)
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    /// One JSON object a line.
    Jsonl,
    /// A human-readable table of mentions, entities and quotes.
    Table,
    /// An HTML page: mentions highlighted by label, with a legend and the entity table.
    Html,
}

pub fn parse_label_map(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((from, to)) if !from.trim().is_empty() && !to.trim().is_empty() => {
            Ok((from.trim().to_owned(), to.trim().to_owned()))
        }
        _ => Err(format!("expected FROM=TO, found {text:?}")),
    }
}
