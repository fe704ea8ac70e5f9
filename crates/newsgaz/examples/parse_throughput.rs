//! Parse throughput over a corpus of plain-text articles (`.txt` files, searched
//! recursively): every file is read into memory first, then parsed `RUNS` times; the
//! median MB/s is printed. Invalid UTF-8 is decoded lossily, so every file is parsed.
//!
//! ```text
//! cargo run --release -p newsgaz --example parse_throughput -- ../shared/data/bbc-news/bbc 7
//! ```

use std::path::{Path, PathBuf};
use std::time::Instant;

use newsgaz::article::Decoding;
use newsgaz::Article;

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") && !path.ends_with("README.TXT") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: parse_throughput DIR [RUNS]")?);
    let runs: usize = args.next().map_or(Ok(7), |r| r.parse())?;
    let mut paths = Vec::new();
    collect(&dir, &mut paths)?;
    paths.sort();
    let files = paths
        .iter()
        .map(std::fs::read)
        .collect::<Result<Vec<_>, _>>()?;
    let bytes: usize = files.iter().map(Vec::len).sum();
    let mut rates = Vec::new();
    let mut counts = (0, 0, 0, 0);
    for _ in 0..runs {
        let start = Instant::now();
        counts = (0, 0, 0, 0);
        for (file, path) in files.iter().zip(&paths) {
            let a =
                Article::parse_plain_bytes_with(file, &path.to_string_lossy(), Decoding::Lossy)?;
            counts.0 += a.paragraphs.len();
            counts.1 += a.sentences.len();
            counts.2 += a.quotes.len();
            counts.3 += a.attributions.len();
        }
        rates.push(bytes as f64 / 1e6 / start.elapsed().as_secs_f64());
    }
    rates.sort_by(f64::total_cmp);
    println!(
        "{} files, {:.2} MB; {} paragraphs, {} sentences, {} quotes, {} attributions",
        files.len(),
        bytes as f64 / 1e6,
        counts.0,
        counts.1,
        counts.2,
        counts.3
    );
    let shown: Vec<String> = rates.iter().map(|r| format!("{r:.1}")).collect();
    println!(
        "parse throughput: median {:.1} MB/s over {runs} runs (sorted: {})",
        rates[rates.len() / 2],
        shown.join(", ")
    );
    Ok(())
}
