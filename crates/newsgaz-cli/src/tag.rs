//! `newsgaz tag`: every record of every input annotated, in input order.

use std::io::{self, BufWriter, Read};
use std::path::Path;

use newsgaz::{
    read_records_with, Annotator, Decoding, Gazetteer, InputFormat, Matcher, MatcherOptions,
};

use crate::args::TagArgs;
use crate::gazetteer::load_gazetteer;
use crate::output::Output;

/// Returns Ok(false) when some record failed (it was reported in the output).
pub fn run(args: &TagArgs) -> Result<bool, String> {
    // A build without the built-in gazetteer tags with the given ones alone.
    let builtin = !args.no_default && !Gazetteer::builtin().is_empty();
    if args.gazetteers.is_empty() && !builtin {
        return Err(if args.no_default {
            "no gazetteer: --no-default needs at least one --gazetteer PATH".into()
        } else {
            "no gazetteer: this build has no built-in gazetteer (feature `default-gazetteer`); pass --gazetteer PATH".into()
        });
    }
    let gazetteer = load_gazetteer(Vec::new(), &args.gazetteers, builtin)?;
    let matcher = Matcher::with_options(gazetteer, MatcherOptions::with_case(args.case));
    let annotator = Annotator::with_options(matcher, args.annotate.options(None));
    let decoding = if args.lossy {
        Decoding::Lossy
    } else {
        Decoding::Strict
    };
    let write_err = |e: io::Error| format!("writing output: {e}");
    let stdout = io::stdout();
    let mut out = Output::start(BufWriter::new(stdout.lock()), args.format).map_err(write_err)?;
    let mut all_ok = true;
    for input in &args.inputs {
        let (bytes, name, format) = read_input(input, args.input_format)?;
        for record in read_records_with(&bytes, &name, format, decoding) {
            match record.article {
                Ok(article) => out.article(&annotator.annotate_owned(article, record.source)),
                Err(e) => {
                    all_ok = false;
                    eprintln!("newsgaz: {e}");
                    out.error(&record.source, &e.to_string())
                }
            }
            .map_err(write_err)?;
        }
    }
    out.finish().map_err(write_err)?;
    Ok(all_ok)
}

fn read_input(
    path: &Path,
    stdin_format: InputFormat,
) -> Result<(Vec<u8>, String, InputFormat), String> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("reading standard input: {e}"))?;
        return Ok((bytes, "-".into(), stdin_format));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((
        bytes,
        path.display().to_string(),
        InputFormat::from_path(path),
    ))
}
