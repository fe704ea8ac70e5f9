//! The gazetteer a command runs with (the parts it was given, then the built-in one), and
//! `newsgaz gazetteer compile` and `stats`.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use newsgaz::{Gazetteer, Matcher, MatcherOptions};

use crate::args::{CompileArgs, GazetteerCommand, StatsArgs};
use crate::target::Target;

/// `parts` (built by the command) and the `files` (any format [`Gazetteer::from_path`]
/// reads) merged in that order, overlaid on the built-in gazetteer when `builtin`: given
/// entries come first and replace built-in ones with the same id. With nothing given, the
/// built-in gazetteer itself (whose default matcher is embedded compiled). Commands check
/// first that they were given some gazetteer.
pub fn load_gazetteer(
    mut parts: Vec<Gazetteer>,
    files: &[PathBuf],
    builtin: bool,
) -> Result<Arc<Gazetteer>, String> {
    if builtin && Gazetteer::builtin().is_empty() {
        return Err(
            "this build has no built-in gazetteer (feature `default-gazetteer`); pass --gazetteer PATH"
                .into(),
        );
    }
    if parts.is_empty() && files.is_empty() && builtin {
        return Ok(Gazetteer::builtin().clone());
    }
    for path in files {
        parts.push(Gazetteer::from_path(path).map_err(|e| e.to_string())?);
    }
    let given = Gazetteer::merge(parts).map_err(|e| e.to_string())?;
    Ok(Arc::new(if builtin {
        given.overlay(Gazetteer::builtin())
    } else {
        given
    }))
}

/// The matcher `tag` runs with. A single compiled file is used as compiled, whole (it
/// holds the built-in entries unless it was compiled with --no-default), and rebuilt only
/// when `options` differ from those it was compiled with.
pub fn load_matcher(
    files: &[PathBuf],
    builtin: bool,
    options: MatcherOptions,
) -> Result<Matcher, String> {
    if let [path] = files {
        if is_compiled(path) {
            let matcher = Matcher::from_compiled_path(path).map_err(|e| e.to_string())?;
            return Ok(if matcher.options() == &options {
                matcher
            } else {
                Matcher::with_options(matcher.gazetteer().clone(), options)
            });
        }
    }
    let gazetteer = load_gazetteer(Vec::new(), files, builtin)?;
    Ok(Matcher::with_options(gazetteer, options))
}

fn is_compiled(path: &PathBuf) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && Gazetteer::is_compiled(&head)
}

pub fn run(command: &GazetteerCommand) -> Result<(), String> {
    match command {
        GazetteerCommand::Compile(args) => compile(args),
        GazetteerCommand::Stats(args) => stats(args),
    }
}

fn compile(args: &CompileArgs) -> Result<(), String> {
    let builtin = !args.no_default;
    if args.inputs.is_empty() && !builtin {
        return Err("nothing to compile: --no-default needs at least one INPUT".into());
    }
    // Refused before anything is read or written: an input is never an output.
    let mut target = Target::create(&args.output, args.inputs.iter().map(PathBuf::as_path))?;
    let started = std::time::Instant::now();
    let gazetteer = load_gazetteer(Vec::new(), &args.inputs, builtin)?;
    let matcher = Matcher::with_options(gazetteer, MatcherOptions::with_case(args.case));
    let bytes = matcher.to_compiled();
    target
        .write_all(&bytes)
        .map_err(|e| format!("writing {}: {e}", args.output.display()))?;
    target.commit()?;
    eprintln!(
        "{}: {} entries, {} bytes, in {:.2} s",
        args.output.display(),
        matcher.gazetteer().len(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn stats(args: &StatsArgs) -> Result<(), String> {
    let started = std::time::Instant::now();
    let matcher = load_matcher(&args.inputs, false, MatcherOptions::with_case(args.case))?;
    let loaded = started.elapsed().as_secs_f64();
    let stats = matcher.stats();
    let bytes: u64 = args
        .inputs
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let names: Vec<String> = args
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    println!("gazetteer      {}", names.join(" "));
    println!("file bytes     {bytes}");
    println!("loaded in      {:.3} s", loaded);
    println!("entries        {}", stats.entries);
    println!("surface forms  {}", stats.forms);
    println!(
        "keys           {} (forms that fold alike share one)",
        stats.keys
    );
    println!(
        "ambiguous      {} keys can refer to more than one entity ({:.1}%)",
        stats.ambiguous_keys,
        100.0 * stats.ambiguous_keys as f64 / stats.keys.max(1) as f64
    );
    println!(
        "search tables  {:.1} MB ({:.0} bytes per form)",
        stats.table_bytes as f64 / 1e6,
        stats.table_bytes as f64 / stats.forms.max(1) as f64
    );
    println!("labels");
    let mut labels: Vec<(&String, &usize)> = stats.labels.iter().collect();
    labels.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (label, count) in labels {
        println!("  {label:<12} {count}");
    }
    Ok(())
}
