//! Hostile inputs under a memory cap (`prlimit --as`, 1 GiB) and a time cap (`timeout`):
//! a line of 1.2 GB, a gzip bomb, a page nested 64,000 deep, among ordinary records. The
//! run never aborts: each record is an article or an error record in its place naming
//! the limit, the records after it are read, and the exit code is 1. Inputs are made
//! here, not committed.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn scratch(name: &str) -> PathBuf {
    common::scratch("limits", name)
}

fn small_records(path: &Path, count: usize) {
    let mut out = String::new();
    for i in 0..count {
        let line =
            serde_json::json!({"id": format!("r{i}"), "text": format!("Talks in Lima, day {i}.")});
        out.push_str(&format!("{line}\n"));
    }
    std::fs::write(path, out).unwrap();
}

/// Two records, a line of `huge` bytes, and a last record.
fn with_a_huge_line(path: &Path, huge: usize) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(file, r#"{{"text": "Before, in Paris."}}"#).unwrap();
    writeln!(file, r#"{{"text": "Before, in Peru."}}"#).unwrap();
    file.write_all(br#"{"text": ""#).unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..huge >> 20 {
        file.write_all(&chunk).unwrap();
    }
    file.write_all(b"\"}\n").unwrap();
    writeln!(file, r#"{{"text": "After, in Chile."}}"#).unwrap();
}

/// A gzip file of `size` zero bytes (a few hundred KB on disk).
fn bomb(path: &Path, size: usize) {
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(path).unwrap(),
        flate2::Compression::fast(),
    );
    let chunk = vec![b'0'; 1 << 20];
    for _ in 0..size >> 20 {
        encoder.write_all(&chunk).unwrap();
    }
    encoder.finish().unwrap();
}

/// `newsgaz ARGS` under 1 GiB of address space and 5 minutes: exit code and output lines.
fn capped(args: &[&str]) -> (i32, Vec<Value>, String) {
    let out = Command::new("prlimit")
        .arg("--as=1073741824")
        .args(["timeout", "300", env!("CARGO_BIN_EXE_newsgaz")])
        .args(args)
        .output()
        .expect("prlimit and timeout (util-linux, coreutils) run the binary");
    let lines = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (
        out.status.code().unwrap_or(-1),
        lines,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn error_of(line: &Value) -> Option<&str> {
    line["error"].as_str()
}

#[test]
fn oversized_records_are_error_records_in_place_under_a_memory_cap() {
    let feed = scratch("feed.jsonl");
    small_records(&feed, 200);
    let huge = scratch("huge.jsonl");
    // Larger than the whole address space the run is given.
    with_a_huge_line(&huge, 1200 << 20);
    let zipped = scratch("bomb.txt.gz");
    bomb(&zipped, 300 << 20);
    let deep = scratch("deep.html");
    let page = "<html><body>".to_owned()
        + &"<div>".repeat(64_000)
        + "<p>Floods closed the road into Lima on Monday.</p>"
        + &"</div>".repeat(64_000);
    std::fs::write(&deep, page).unwrap();
    let last = scratch("last.txt");
    std::fs::write(&last, "Last\n\nTalks in Quito.").unwrap();
    let paths: Vec<&str> = [&feed, &huge, &zipped, &deep, &last]
        .iter()
        .map(|p| p.to_str().unwrap())
        .collect();
    for threads in ["1", "2"] {
        let mut args = vec!["tag", "--threads", threads];
        args.extend(&paths);
        let (code, lines, stderr) = capped(&args);
        assert_eq!(code, 1, "threads {threads}: {stderr}");
        assert_eq!(
            lines.len(),
            200 + 4 + 1 + 1 + 1,
            "threads {threads}: {stderr}"
        );
        assert!(lines[..200].iter().all(|l| error_of(l).is_none()));
        let huge_lines = &lines[200..204];
        assert_eq!(huge_lines[0]["text"], "Before, in Paris.");
        let error = error_of(&huge_lines[2]).unwrap();
        assert!(
            error.ends_with(":3: more than 67108864 bytes from byte 59 (the limit max_record_bytes; raise it with --max-record-bytes)"),
            "{error}"
        );
        assert_eq!(huge_lines[3]["text"], "After, in Chile.");
        let error = error_of(&lines[204]).unwrap();
        assert!(
            error.contains("bomb.txt.gz: more than 67108864 bytes"),
            "{error}"
        );
        let page = &lines[205];
        assert!(page["text"]
            .as_str()
            .unwrap()
            .contains("Floods closed the road"));
        let limit = &page["metadata"]["extra"]["limits"]["max_html_depth"];
        assert_eq!(limit["value"], 256);
        assert!(limit["tags_replaced"].as_u64().unwrap() > 60_000);
        assert_eq!(lines[206]["title"], "Last");
    }
}

#[test]
fn a_gzipped_input_past_its_decompressed_limit_ends_in_an_error_record() {
    let zipped = scratch("lines.jsonl.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&zipped).unwrap(),
        flate2::Compression::fast(),
    );
    for i in 0..100_000 {
        writeln!(encoder, r#"{{"text": "Record {i} from Lima."}}"#).unwrap();
    }
    encoder.finish().unwrap();
    let path = zipped.to_str().unwrap();
    let (code, lines, _) = capped(&["tag", "--max-decompressed-bytes", "1000000", path]);
    assert_eq!(code, 1);
    let (last, read) = lines.split_last().unwrap();
    assert!(read.len() > 20_000, "{}", read.len());
    assert!(read.iter().all(|l| error_of(l).is_none()));
    let error = error_of(last).unwrap();
    assert!(
        error.contains("more than 1000000 bytes")
            && error.contains("raise it with --max-decompressed-bytes"),
        "{error}"
    );
}

#[test]
fn a_thread_count_past_four_a_core_is_clamped_with_a_warning() {
    let text = scratch("clamp.txt");
    std::fs::write(&text, "Title\n\nTalks in Lima.").unwrap();
    let (code, stdout, stderr) =
        common::newsgaz(&["tag", "--threads", "1000000000", text.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("--threads 1000000000 is more than 4 a core: running"),
        "{stderr}"
    );
    assert_eq!(stdout.lines().count(), 1);
}

#[test]
fn the_bbc_corpus_then_an_oversized_record_then_a_small_file_all_in_order() {
    // Needs ../shared/data (required when CI is set).
    let Some(data) = newsgaz_conformance::shared_data() else {
        return;
    };
    let mut articles: Vec<PathBuf> = Vec::new();
    let mut dirs = vec![data.join("bbc-news/bbc")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                articles.push(path);
            }
        }
    }
    articles.sort();
    assert_eq!(articles.len(), 2225);
    let huge = scratch("bbc-then-huge.jsonl");
    {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&huge).unwrap());
        file.write_all(br#"{"text": ""#).unwrap();
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..100 {
            file.write_all(&chunk).unwrap();
        }
        file.write_all(b"\"}\n").unwrap();
    }
    let last = scratch("bbc-last.txt");
    std::fs::write(&last, "Last\n\nTalks in Quito.").unwrap();
    let mut paths: Vec<&str> = articles.iter().map(|p| p.to_str().unwrap()).collect();
    paths.push(huge.to_str().unwrap());
    paths.push(last.to_str().unwrap());
    for threads in ["1", "2"] {
        let mut args = vec!["tag", "--lossy", "--threads", threads];
        args.extend(&paths);
        let (code, lines, stderr) = capped(&args);
        assert_eq!(code, 1, "threads {threads}: {stderr}");
        assert_eq!(lines.len(), 2225 + 2, "threads {threads}");
        for (line, path) in lines.iter().zip(&articles) {
            assert_eq!(line["source"], path.to_str().unwrap());
            assert!(error_of(line).is_none(), "{line}");
        }
        let error = error_of(&lines[2225]).unwrap();
        assert!(error.contains("the limit max_record_bytes"), "{error}");
        assert_eq!(lines[2226]["title"], "Last");
    }
}

#[test]
fn a_gazetteer_gzip_bomb_is_an_error_not_an_abort() {
    // One member of 64 MiB of zeros, repeated: 4 GiB once inflated, from about 4 MB.
    let member = {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&vec![b' '; 64 << 20]).unwrap();
        encoder.finish().unwrap()
    };
    let bomb = scratch("bomb.jsonl.gz");
    std::fs::write(&bomb, member.repeat(64)).unwrap();
    let text = scratch("bomb-article.txt");
    std::fs::write(&text, "Title\n\nTalks in Lima.").unwrap();
    let (code, lines, stderr) =
        capped(&["tag", "-g", bomb.to_str().unwrap(), text.to_str().unwrap()]);
    assert_eq!((code, lines.len()), (2, 0), "{stderr}");
    assert!(
        stderr.contains("bomb.jsonl.gz: out of memory inflating it, at byte"),
        "{stderr}"
    );
}

#[test]
fn a_record_whose_annotation_would_exhaust_memory_is_an_error_not_an_abort() {
    // 35 MB dense with names: over a gigabyte to annotate, more than the run is given.
    let dense = scratch("dense.txt");
    let unit = "Talks in Paris and Lima went on, ";
    std::fs::write(
        &dense,
        format!("Title\n\n{}", unit.repeat(35_000_000 / unit.len())),
    )
    .unwrap();
    let last = scratch("dense-last.txt");
    std::fs::write(&last, "Last\n\nTalks in Quito.").unwrap();
    for threads in ["1", "2"] {
        let (code, lines, stderr) = capped(&[
            "tag",
            "--threads",
            threads,
            dense.to_str().unwrap(),
            last.to_str().unwrap(),
        ]);
        assert_eq!((code, lines.len()), (1, 2), "{stderr}");
        let error = error_of(&lines[0]).unwrap();
        assert!(
            error.contains("may need") && error.contains("which cannot be reserved")
                || error.contains("does not fit in memory"),
            "{error}"
        );
        assert_eq!(lines[1]["title"], "Last");
    }
}
