//! The article-extraction benchmark: parses every page of
//! `../shared/data/article-extraction-benchmark` with `Article::from_html_bytes`, writes
//! the scorer's `output/newsgaz.json` beside the peers' published outputs in
//! `target/html-eval/`, runs the benchmark's own scorer there (`evaluate.py`), and prints
//! metadata coverage and throughput on one thread and two.
//!
//! `cargo run --release -p newsgaz-benches --example html_extraction [-- OUT_DIR]`

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use newsgaz::article::Decoding;
use newsgaz::{Article, PageInfo};
use newsgaz_benches::{median_secs, shared_data};
use serde_json::{json, Value};

fn main() {
    let Some(data) = shared_data() else {
        std::process::exit(2)
    };
    let bench = data.join("article-extraction-benchmark");
    let out = std::env::args().nth(1).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/html-eval"),
        PathBuf::from,
    );
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(bench.join("ground-truth.json")).unwrap())
            .expect("ground truth");
    let mut pages: Vec<(String, String, Vec<u8>)> = Vec::new();
    for (key, gold) in truth.as_object().expect("an object") {
        let path = bench.join("html").join(format!("{key}.html.gz"));
        let bytes = read_page(&path);
        let url = gold["url"].as_str().unwrap_or_default().to_owned();
        pages.push((key.clone(), url, bytes));
    }
    let total_bytes: usize = pages.iter().map(|p| p.2.len()).sum();
    let parse = |(key, url, bytes): &(String, String, Vec<u8>)| {
        let page = PageInfo::new().url(url.clone());
        let article = Article::from_html_bytes(bytes, &page, key, Decoding::Lossy)
            .expect("lossy decoding always succeeds");
        (key.clone(), article)
    };

    // Throughput: the whole set on one thread, then split over two; medians of 3.
    let mut articles = Vec::new();
    let mut one = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        articles = pages.iter().map(parse).collect::<Vec<_>>();
        one.push(started.elapsed());
    }
    let mut two = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let (left, right) = pages.split_at(pages.len() / 2);
        std::thread::scope(|s| {
            let a = s.spawn(|| left.iter().map(parse).count());
            let b = s.spawn(|| right.iter().map(parse).count());
            a.join().unwrap() + b.join().unwrap()
        });
        two.push(started.elapsed());
    }
    let (one, two) = (median_secs(one), median_secs(two));

    // The scorer's input: the body (the text after the title).
    let mut output = serde_json::Map::new();
    let mut coverage = [0usize; 4];
    let mut rows = Vec::new();
    for (key, a) in &articles {
        let body_from = a.paragraphs.first().map_or(a.text.len(), |p| p.start);
        output.insert(key.clone(), json!({"articleBody": &a.text[body_from..]}));
        let m = &a.metadata;
        let has = [
            a.title.is_some(),
            m.published_date.is_some(),
            !m.authors.is_empty(),
            m.language.is_some(),
        ];
        for (count, has) in coverage.iter_mut().zip(has) {
            *count += usize::from(has);
        }
        rows.push(json!({
            "key": key, "url": m.url, "title": a.title, "published": m.published_date.map(|d| d.to_string()),
            "authors": m.authors, "language": m.language, "source": m.source, "provenance": m.provenance,
        }));
    }
    let output_dir = out.join("output");
    std::fs::create_dir_all(&output_dir).unwrap();
    std::fs::copy(
        bench.join("ground-truth.json"),
        out.join("ground-truth.json"),
    )
    .unwrap();
    for peer in std::fs::read_dir(bench.join("peers")).unwrap() {
        let peer = peer.unwrap().path();
        std::fs::copy(&peer, output_dir.join(peer.file_name().unwrap())).unwrap();
    }
    let version = json!({"version": env!("CARGO_PKG_VERSION"), "output": output});
    std::fs::write(output_dir.join("newsgaz.json"), version.to_string()).unwrap();
    let metadata_rows: String = rows.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(out.join("newsgaz-metadata.jsonl"), metadata_rows).unwrap();

    let n = articles.len();
    let share = |c: usize| format!("{:.1}%", 100.0 * c as f64 / n as f64);
    println!(
        "metadata coverage on {n} pages: title {}, published date {}, author {}, language {}",
        share(coverage[0]),
        share(coverage[1]),
        share(coverage[2]),
        share(coverage[3])
    );
    let mb = total_bytes as f64 / 1e6;
    println!(
        "throughput over {n} pages ({mb:.1} MB of HTML): 1 thread {:.1} pages/s {:.2} MB/s; \
         2 threads {:.1} pages/s {:.2} MB/s ({:.2}x)",
        n as f64 / one,
        mb / one,
        n as f64 / two,
        mb / two,
        one / two
    );
    let scorer = bench.join("evaluate.py");
    let status = std::process::Command::new("python3")
        .arg(&scorer)
        .current_dir(&out)
        .status()
        .expect("python3 runs the scorer");
    std::process::exit(status.code().unwrap_or(1));
}

/// The bytes of a stored page (gzip-compressed), read through newsgaz's input opener.
fn read_page(path: &Path) -> Vec<u8> {
    let mut bytes = Vec::new();
    newsgaz::input::open_input(path)
        .map_err(|e| e.to_string())
        .and_then(|(mut reader, _)| reader.read_to_end(&mut bytes).map_err(|e| e.to_string()))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes
}
