//! Runs every case of `tests/cases/*.json` against the Rust core.

use newsgaz::find_mentions;
use newsgaz_conformance::{case_files, case_matcher};

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
            let matcher = match case_matcher(case) {
                Ok(m) => m,
                Err(e) => {
                    failures.push(format!("{where_}: {e}"));
                    continue;
                }
            };
            let found: Vec<_> = find_mentions(&matcher, &case.text)
                .into_iter()
                .inspect(|m| {
                    // Byte offsets and char offsets must describe the same text.
                    assert_eq!(&case.text[m.start..m.end], m.text, "{where_}: byte offsets");
                    let by_chars: String = case
                        .text
                        .chars()
                        .skip(m.char_start)
                        .take(m.char_end - m.char_start)
                        .collect();
                    assert_eq!(by_chars, m.text, "{where_}: char offsets");
                })
                .collect();
            let got: Vec<String> = found
                .iter()
                .map(|m| format!("{}..{} {:?} {}", m.char_start, m.char_end, m.text, m.entity))
                .collect();
            let want: Vec<String> = case
                .expected
                .iter()
                .map(|e| format!("{}..{} {:?} {}", e.span[0], e.span[1], e.text, e.entity))
                .collect();
            if got != want {
                failures.push(format!("{where_}:\n   got  {got:?}\n   want {want:?}"));
                continue;
            }
            for (m, e) in found.iter().zip(&case.expected) {
                if let Some(candidates) = &e.candidates {
                    if &m.candidates != candidates {
                        failures.push(format!(
                            "{where_}: candidates {:?} != {candidates:?}",
                            m.candidates
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
