//! `newsgaz-gazetteer-gen`: rebuilds the built-in gazetteer from the shared data.
//!
//! ```text
//! cargo run --release -p newsgaz-gazetteer-gen -- [--data DIR] [--check]
//! ```
//!
//! Writes `crates/newsgaz/data/gazetteer.jsonl.gz`, the same compiled as the library embeds
//! it (`crates/newsgaz/data/builtin.ngz.lz4`), and the evidence of the precision rules,
//! `docs/builtin-gazetteer-decisions.tsv`. With `--check` it writes nothing and fails when
//! the committed data differs from what it would write.

use std::path::PathBuf;
use std::process::ExitCode;

fn repo_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn main() -> ExitCode {
    let mut data = std::env::var_os("NEWSGAZ_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/data"));
    let mut check = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data" => match args.next() {
                Some(dir) => data = PathBuf::from(dir),
                None => return fail("--data needs a directory"),
            },
            "--check" => check = true,
            other => {
                return fail(&format!(
                    "unknown argument `{other}` (use --data DIR, --check)"
                ))
            }
        }
    }
    let generated = match newsgaz_gazetteer_gen::generate(&data) {
        Ok(g) => g,
        Err(e) => return fail(&e),
    };
    let data_path = repo_root().join("crates/newsgaz/data/gazetteer.jsonl.gz");
    let compiled_path = repo_root().join("crates/newsgaz/data/builtin.ngz.lz4");
    let compiled = match newsgaz_gazetteer_gen::compile(&generated.jsonl) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let decisions_path = repo_root().join("docs/builtin-gazetteer-decisions.tsv");
    let mut tsv = String::from("entity\talias\trule\tevidence\n");
    for d in &generated.decisions {
        tsv.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            d.entity,
            d.alias,
            d.rule.name(),
            d.evidence
        ));
    }
    eprintln!(
        "{} entries, {} surface forms; dropped by rule: {}",
        generated.entries,
        generated.forms,
        generated
            .dropped
            .iter()
            .map(|(r, n)| format!("{} {n}", r.name()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if check {
        let committed = std::fs::read(&data_path)
            .map_err(|e| e.to_string())
            .and_then(|b| newsgaz_gazetteer_gen::decompress(&b).map_err(|e| e.to_string()));
        let compiled_current = std::fs::read(&compiled_path).is_ok_and(|c| c == compiled);
        return match committed {
            Ok(text) if text == generated.jsonl && compiled_current => {
                eprintln!("{}: up to date", data_path.display());
                ExitCode::SUCCESS
            }
            Ok(text) if text == generated.jsonl => fail(&format!(
                "{} is out of date: rerun the generator",
                compiled_path.display()
            )),
            Ok(_) => fail(&format!(
                "{} is out of date: rerun the generator",
                data_path.display()
            )),
            Err(e) => fail(&format!("{}: {e}", data_path.display())),
        };
    }
    let compressed = newsgaz_gazetteer_gen::compress(&generated.jsonl);
    for (path, bytes) in [
        (&data_path, compressed.as_slice()),
        (&compiled_path, compiled.as_slice()),
        (&decisions_path, tsv.as_bytes()),
    ] {
        if let Err(e) = std::fs::write(path, bytes) {
            return fail(&format!("{}: {e}", path.display()));
        }
        eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("newsgaz-gazetteer-gen: {message}");
    ExitCode::from(2)
}
