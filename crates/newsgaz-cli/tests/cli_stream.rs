//! `newsgaz tag` as a stream: many records on many threads, gzip input, an output file,
//! and inputs that fail in the middle, each record answered in its place.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn scratch(name: &str) -> PathBuf {
    common::scratch("stream", name)
}

fn tag(args: &[&str]) -> (i32, String, String) {
    common::newsgaz(&[&["tag"], args].concat())
}

/// A few thousand made-up records, every 97th of them broken.
fn feed() -> String {
    let mut feed = String::new();
    for i in 0..3000 {
        if i % 97 == 13 {
            feed.push_str("{not json\n");
        } else {
            let line = serde_json::json!({
                "id": format!("n{i}"),
                "title": format!("Report {i}"),
                "text": format!("Talks in Paris and Lima, day {i}. \"We agree,\" said the minister."),
            });
            feed.push_str(&format!("{line}\n"));
        }
    }
    feed
}

fn gzip(path: &Path, bytes: &[u8]) {
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(path).unwrap(),
        flate2::Compression::fast(),
    );
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap();
}

/// Each line's source and whether it is an error, with the sources' file name dropped.
fn summary(out: &str) -> Vec<(String, bool, usize)> {
    out.lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            let source = v["source"].as_str().unwrap();
            let at = source.rsplit_once(':').map_or(source, |s| s.1).to_owned();
            let mentions = v["mentions"].as_array().map_or(0, Vec::len);
            (at, v.get("error").is_some(), mentions)
        })
        .collect()
}

#[test]
fn threads_and_gzip_give_the_one_thread_output_in_order() {
    let feed = feed();
    let plain = scratch("feed.jsonl");
    std::fs::write(&plain, &feed).unwrap();
    let gz = scratch("feed.jsonl.gz");
    gzip(&gz, feed.as_bytes());
    let plain = plain.to_str().unwrap();
    let (code, one, _) = tag(&["--threads", "1", plain]);
    assert_eq!(code, 1, "broken records make the exit code 1");
    let (_, two, _) = tag(&["--threads", "2", plain]);
    let (_, four, _) = tag(&["--threads", "4", plain]);
    assert_eq!(one, two);
    assert_eq!(one, four);
    let lines = summary(&one);
    assert_eq!(lines.len(), 3000);
    for (i, (at, failed, mentions)) in lines.iter().enumerate() {
        assert_eq!(at, &(i + 1).to_string());
        assert_eq!(*failed, i % 97 == 13, "line {}", i + 1);
        if !failed {
            assert_eq!(*mentions, 2, "line {}", i + 1);
        }
    }
    // The same records through gzip, and into a file.
    let written = scratch("out.jsonl");
    let (code, stdout, _) = tag(&["-o", written.to_str().unwrap(), gz.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    let from_gz = std::fs::read_to_string(&written).unwrap();
    assert_eq!(summary(&from_gz), lines);
    assert_eq!(from_gz.replace("feed.jsonl.gz:", "feed.jsonl:"), one);
}

#[test]
fn a_missing_input_and_a_truncated_gzip_are_error_records_in_place() {
    let good = scratch("good.txt");
    std::fs::write(&good, "A title\n\nTalks in Paris.").unwrap();
    let bytes = feed().into_bytes();
    let whole = scratch("whole.jsonl.gz");
    gzip(&whole, &bytes);
    let compressed = std::fs::read(&whole).unwrap();
    let cut = scratch("cut.jsonl.gz");
    std::fs::write(&cut, &compressed[..compressed.len() / 2]).unwrap();
    let missing = scratch("missing.jsonl");
    let (code, out, err) = tag(&[
        good.to_str().unwrap(),
        missing.to_str().unwrap(),
        cut.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines[0]["mentions"].is_array());
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("missing.jsonl"),
        "{}",
        lines[1]
    );
    // The readable start of the cut stream, then one error naming the line it broke at.
    let last = lines.len() - 1;
    let broken = &lines[last - 1];
    let message = broken["error"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("{}:", cut.display())),
        "{message}"
    );
    assert!(lines[2..last - 1]
        .iter()
        .all(|l| l["source"].as_str().unwrap().contains("cut.jsonl.gz:")));
    assert!(lines.len() > 100, "the start of the cut stream is read");
    assert!(
        lines[last]["mentions"].is_array(),
        "the input after it is read"
    );
    assert!(err.contains("missing.jsonl"));
}

#[test]
fn a_directory_is_an_error_record_and_empty_or_nul_inputs_are_articles() {
    let dir = scratch("a-directory");
    std::fs::create_dir_all(&dir).unwrap();
    let empty = scratch("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let blank = scratch("blank.txt");
    std::fs::write(&blank, "  \n\n \t").unwrap();
    let nul = scratch("nul.txt");
    std::fs::write(&nul, "T\n\nA\0B in Paris").unwrap();
    let (code, out, _) = tag(&[
        dir.to_str().unwrap(),
        empty.to_str().unwrap(),
        blank.to_str().unwrap(),
        nul.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(
        lines[0]["error"].as_str().unwrap().contains("a-directory"),
        "{}",
        lines[0]
    );
    // Empty and blank inputs are articles with nothing in them; a NUL byte is text.
    assert_eq!(lines[1]["mentions"].as_array().unwrap().len(), 0);
    assert_eq!(lines[2]["mentions"].as_array().unwrap().len(), 0);
    let mention = &lines[3]["mentions"][0];
    assert_eq!(
        (mention["text"].as_str(), mention["char_start"].as_u64()),
        (Some("Paris"), Some(10))
    );
}
