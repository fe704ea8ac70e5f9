//! Runs the `newsgaz` binary as a user would.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

fn repo_file(rel: &str) -> String {
    format!("{}/../../{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn newsgaz(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgaz"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The binary may exit (on a bad gazetteer) before reading its input: a broken pipe
    // here is expected then, and the exit code and stderr are what the test checks.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn tags_the_example_article() {
    let gazetteer = repo_file("examples/gazetteer.jsonl");
    let (code, out, err) = newsgaz(
        &[
            "tag",
            &repo_file("examples/article.txt"),
            "--gazetteer",
            &gazetteer,
        ],
        b"",
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1);
    let v: Value = serde_json::from_str(lines[0]).unwrap();
    let text = v["text"].as_str().unwrap();
    let mentions = v["mentions"].as_array().unwrap();
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for m in mentions {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let (cs, ce) = (
            m["char_start"].as_u64().unwrap() as usize,
            m["char_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], m["text"].as_str().unwrap());
        assert_eq!(
            chars[cs..ce].iter().collect::<String>(),
            m["text"].as_str().unwrap()
        );
        found.push(m["entity"].as_str().unwrap().to_owned());
    }
    for entity in [
        "country:PT",
        "country:BR",
        "city:lisbon",
        "city:sao-paulo",
        "org:eu",
    ] {
        assert!(
            found.iter().any(|f| f == entity),
            "{entity} not found in {found:?}"
        );
    }
    assert_eq!(
        v["title"],
        "Harbour Talks Open in Lisbon as Portugal and Brazil Court Investors"
    );
    assert_eq!(
        mentions[0]["paragraph"],
        Value::Null,
        "the first mention is in the title"
    );
}

#[test]
fn jsonl_batch_keeps_order_and_reports_bad_records() {
    let gazetteer = repo_file("examples/gazetteer.jsonl");
    let input = b"{\"id\":\"a\",\"title\":\"Brazil\",\"text\":\"Lisbon.\"}\n{\"title\":\"no text\"}\n{\"id\":\"c\",\"text\":\"EU\"}\n";
    let (code, out, err) = newsgaz(
        &["tag", "-", "--input-format", "jsonl", "-g", &gazetteer],
        input,
    );
    assert_eq!(code, 1, "a failed record makes the exit code 1");
    assert!(
        err.contains("-:2: field `text`: missing required field"),
        "{err}"
    );
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["mentions"].as_array().unwrap().len(), 2);
    assert_eq!(lines[1]["source"], "-:2");
    assert!(lines[1]["error"].is_string());
    assert_eq!(lines[2]["mentions"][0]["entity"], "org:eu");
}

#[test]
fn bad_gazetteer_is_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("newsgaz-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.jsonl");
    std::fs::write(&path, "{\"id\":\"x\",\"name\":\"X\",\"label\":\"L\"}\n{\"id\":\"x\",\"name\":\"Y\",\"label\":\"L\"}\n").unwrap();
    let (code, out, err) = newsgaz(&["tag", "-", "-g", path.to_str().unwrap()], b"text");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("bad.jsonl:2: field `id`: duplicate id `x`"),
        "{err}"
    );
}

#[test]
fn lossy_flag_decodes_latin1_input_that_strict_mode_reports() {
    let gazetteer = repo_file("examples/gazetteer.jsonl");
    let input = b"Title\n\nParma sold him for \xa315.8m.\n";
    let (code, out, err) = newsgaz(&["tag", "--gazetteer", &gazetteer], input);
    assert_eq!(code, 1);
    assert!(err.contains("-: invalid UTF-8 at byte 26"), "{err}");
    assert!(out.contains("\"error\""), "{out}");
    let (code, out, err) = newsgaz(&["tag", "--lossy", "--gazetteer", &gazetteer], input);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(
        v["text"].as_str().unwrap(),
        "Title\n\nParma sold him for \u{fffd}15.8m.\n"
    );
}

#[test]
fn builtin_gazetteer_is_used_unless_no_default() {
    let (code, out, err) = newsgaz(&["tag", "-"], b"Title\n\nChina and the US met in Geneva.");
    if cfg!(feature = "default-gazetteer") {
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        let found: Vec<&str> = v["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["entity"].as_str().unwrap())
            .collect();
        assert_eq!(found, ["country:CN", "country:US", "geonames:2660646"]);
    } else {
        assert_eq!(code, 2);
    }
    let (code, out, err) = newsgaz(&["tag", "-", "--no-default"], b"China");
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("--no-default needs at least one --gazetteer"),
        "{err}"
    );
}

#[test]
fn case_flag_sets_the_matcher_case_mode() {
    let gazetteer = repo_file("examples/gazetteer.jsonl");
    let count = |case: &str| {
        let (code, out, err) = newsgaz(
            &["tag", "-", "--no-default", "-g", &gazetteer, "--case", case],
            b"Title\n\nportugal and Portugal and PORTUGAL.",
        );
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        v["mentions"].as_array().unwrap().len()
    };
    assert_eq!(count("smart"), 2);
    assert_eq!(count("insensitive"), 3);
    assert_eq!(count("exact"), 1);
}

#[test]
fn standard_input_s_format_is_guessed_from_its_first_bytes_and_said() {
    let jsonl = b"{\"text\": \"Talks in Peru.\"}\n{\"text\": \"Talks in Chile.\"}\n";
    let (code, out, err) = newsgaz(&["tag"], jsonl);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.lines().count(),
        2,
        "two records, not one article of raw JSON"
    );
    assert!(
        err.contains("reading standard input as jsonl (guessed"),
        "{err}"
    );
    // Text stays text, and says nothing; --input-format wins over the guess.
    let (code, out, err) = newsgaz(&["tag"], b"Title\n\n{Talks in Peru.}");
    assert_eq!((code, out.lines().count(), err.as_str()), (0, 1, ""));
    let (code, out, err) = newsgaz(&["tag", "--input-format", "txt"], jsonl);
    assert_eq!((code, out.lines().count(), err.as_str()), (0, 1, ""));
}
