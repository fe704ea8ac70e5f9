//! `newsgaz`: tag news articles with the entities of a gazetteer.

use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use newsgaz::{read_records, tag_article, Gazetteer, InputFormat, Matcher, TaggedArticle};

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
    /// "paragraph","sentence"}: start/end are byte offsets, char_start/char_end code point
    /// offsets into text. A record that cannot be read yields {"source","error"} in its place.
    Tag(TagArgs),
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
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
    /// Layout of standard input.
    #[arg(long, value_enum, default_value_t = StdinFormat::Txt)]
    input_format: StdinFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// One JSON object a line.
    Jsonl,
    /// A human-readable table of mentions.
    Table,
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
    let mut parts = args
        .gazetteers
        .iter()
        .map(Gazetteer::from_jsonl_path)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    if builtin {
        // Your entries come first (they win ambiguous aliases) and replace built-in
        // entries with the same id.
        let yours: std::collections::HashSet<&str> = parts
            .iter()
            .flat_map(|g| g.entries().iter().map(|e| e.id.as_str()))
            .collect();
        let rest = Gazetteer::builtin()
            .entries()
            .iter()
            .filter(|e| !yours.contains(e.id.as_str()))
            .cloned();
        let rest =
            Gazetteer::from_entries(rest, "<built-in gazetteer>").map_err(|e| e.to_string())?;
        parts.push(rest);
    }
    let gazetteer = Gazetteer::merge(parts).map_err(|e| e.to_string())?;
    let matcher = Matcher::new(gazetteer);

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut all_ok = true;
    for input in &args.inputs {
        let (bytes, name, format) = read_input(input, args.input_format)?;
        for record in read_records(&bytes, &name, format) {
            match record.article {
                Ok(article) => {
                    let tagged = tag_article(&matcher, &article, record.source);
                    write_tagged(&mut out, &tagged, args.format)
                }
                Err(e) => {
                    all_ok = false;
                    eprintln!("newsgaz: {e}");
                    let line = serde_json::json!({"source": record.source, "error": e.to_string()});
                    writeln!(out, "{line}")
                }
            }
            .map_err(|e| format!("writing output: {e}"))?;
        }
    }
    out.flush().map_err(|e| format!("writing output: {e}"))?;
    Ok(all_ok)
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

fn write_tagged(
    out: &mut impl Write,
    tagged: &TaggedArticle,
    format: OutputFormat,
) -> io::Result<()> {
    match format {
        OutputFormat::Jsonl => {
            serde_json::to_writer(&mut *out, tagged)?;
            writeln!(out)
        }
        OutputFormat::Table => {
            writeln!(
                out,
                "# {} ({} mentions)",
                tagged.source,
                tagged.mentions.len()
            )?;
            writeln!(
                out,
                "{:>7} {:>7}  {:<28} {:<24} {:<10} para sent",
                "start", "end", "text", "entity", "label"
            )?;
            for m in &tagged.mentions {
                let show = |v: Option<usize>| v.map_or("-".to_owned(), |v| v.to_string());
                writeln!(
                    out,
                    "{:>7} {:>7}  {:<28} {:<24} {:<10} {:>4} {:>4}",
                    m.start,
                    m.end,
                    m.text.replace('\n', " "),
                    m.entity,
                    m.label,
                    show(m.paragraph),
                    show(m.sentence)
                )?;
            }
            Ok(())
        }
    }
}
