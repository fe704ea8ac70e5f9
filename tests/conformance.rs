//! Runs every case of `tests/cases/*.json` against the Rust core.

use newsgaz_conformance::{case_annotator, case_files};
use serde_json::Value;

#[test]
fn every_conformance_case_passes() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (path, file) in case_files() {
        for case in &file.cases {
            count += 1;
            let where_ = format!(
                "{} / {}",
                path.file_name().unwrap().to_string_lossy(),
                case.name
            );
            let annotator = match case_annotator(case) {
                Ok(m) => m,
                Err(e) => {
                    failures.push(format!("{where_}: {e}"));
                    continue;
                }
            };
            // The records as `newsgaz tag` writes them.
            let annotated = serde_json::to_value(annotator.annotate_text(&case.text)).unwrap();
            let found = annotated["mentions"].as_array().unwrap();
            let field = |m: &Value, key: &str| m[key].as_u64().unwrap() as usize;
            for m in found {
                // Byte offsets and char offsets must describe the same text.
                let (start, end) = (field(m, "start"), field(m, "end"));
                assert_eq!(&case.text[start..end], m["text"], "{where_}: byte offsets");
                let (char_start, char_end) = (field(m, "char_start"), field(m, "char_end"));
                let by_chars: String = case
                    .text
                    .chars()
                    .skip(char_start)
                    .take(char_end - char_start)
                    .collect();
                assert_eq!(by_chars, m["text"], "{where_}: char offsets");
            }
            let got: Vec<String> = found
                .iter()
                .map(|m| {
                    let (start, end) = (field(m, "char_start"), field(m, "char_end"));
                    format!(
                        "{start}..{end} {} {}",
                        m["text"],
                        m["entity"].as_str().unwrap()
                    )
                })
                .collect();
            let want: Vec<String> = case
                .expected
                .iter()
                .map(|e| {
                    format!(
                        "{}..{} {} {}",
                        e.span[0],
                        e.span[1],
                        Value::from(e.text.as_str()),
                        e.entity
                    )
                })
                .collect();
            if got != want {
                failures.push(format!("{where_}:\n   got  {got:?}\n   want {want:?}"));
                continue;
            }
            for (m, e) in found.iter().zip(&case.expected) {
                if let Some(candidates) = &e.candidates {
                    if m["candidates"] != serde_json::json!(candidates) {
                        failures.push(format!(
                            "{where_}: candidates {} != {candidates:?}",
                            m["candidates"]
                        ));
                    }
                }
            }
        }
    }
    assert!(count > 0, "no conformance case found");
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
