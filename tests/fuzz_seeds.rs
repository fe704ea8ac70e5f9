//! Replays the inputs kept under `fuzz/seeds/<target>/` through the checks the cargo-fuzz
//! targets run (`newsgaz_conformance::robustness`), on stable Rust, as an ordinary test:
//! a regression found by fuzzing stays fixed once its input is kept there.

use std::path::Path;

use newsgaz_conformance::robustness::{
    check_annotation_bytes, check_article_bytes, check_compiled_bytes, check_gazetteer_bytes,
    check_limited_bytes, check_page_bytes,
};

fn replay(target: &str, check: fn(&[u8]) -> Result<(), String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/seeds")
        .join(target);
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        if let Err(e) = check(&bytes) {
            panic!("{}: {e}", path.display());
        }
        seen += 1;
    }
    assert!(seen > 0, "no seeds under {}", dir.display());
}

#[test]
fn article_parse_seeds() {
    replay("article_parse", check_article_bytes);
}

#[test]
fn page_parse_seeds() {
    replay("page_parse", check_page_bytes);
}

#[test]
fn gazetteer_load_seeds() {
    replay("gazetteer_load", check_gazetteer_bytes);
}

#[test]
fn compiled_load_seeds() {
    replay("compiled_load", check_compiled_bytes);
}

#[test]
fn annotate_seeds() {
    replay("annotate", check_annotation_bytes);
}

#[test]
fn the_checks_catch_what_they_check() {
    // A span outside the text is reported, not passed.
    let mut article = newsgaz::Article::parse_plain("T\n\nBody.");
    article.paragraphs.push(newsgaz::Span::new(3, 99));
    assert!(newsgaz_conformance::robustness::check_article(&article).is_err());
}

#[test]
fn input_limits_seeds() {
    replay("input_limits", check_limited_bytes);
}
