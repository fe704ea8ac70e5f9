//! `newsgaz tag` output formats and `newsgaz eval` (issue 6), run as a user would.

mod common;

use std::path::PathBuf;

use common::newsgaz;
use serde_json::Value;

/// Writes `text` to a fresh file in the temporary directory.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = common::scratch("annotate", name);
    std::fs::write(&path, text).unwrap();
    path
}

const GAZETTEER: &str = r#"{"id": "person:putin", "name": "Vladimir Putin", "label": "PERSON"}
{"id": "country:RU", "name": "Russia", "label": "COUNTRY", "aliases": [{"text": "Russian", "kind": "demonym"}]}
"#;

const ARTICLE: &str =
    "Putin <Visits>\n\nVladimir Putin spoke. The Russian leader & Putin left Russia.";

#[test]
fn tag_jsonl_has_the_annotation_fields() {
    let g = temp_file("g1.jsonl", GAZETTEER);
    let a = temp_file("a1.txt", ARTICLE);
    let (code, out, err) = newsgaz(&["tag", a.to_str().unwrap(), "-g", g.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    let forms: Vec<(&str, &str, bool)> = v["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["text"].as_str().unwrap(),
                m["form"].as_str().unwrap(),
                m["in_title"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        forms,
        [
            ("Putin", "partial", true),
            ("Vladimir Putin", "name", false),
            ("Russian", "demonym", false),
            ("Putin", "partial", false),
            ("Russia", "name", false)
        ]
    );
    assert_eq!(v["entities"][0]["id"], "person:putin");
    assert_eq!(v["entities"][0]["count"], 3);
    assert_eq!(v["cooccurrences"][0]["a"], "country:RU");
    assert!(v["quotes"].as_array().is_some());

    // Partial names can be switched off.
    let (_, out, _) = newsgaz(&[
        "tag",
        a.to_str().unwrap(),
        "-g",
        g.to_str().unwrap(),
        "--no-partial",
    ]);
    let v: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["mentions"].as_array().unwrap().len(), 3);
}

#[test]
fn tag_html_and_table_formats() {
    let g = temp_file("g2.jsonl", GAZETTEER);
    let a = temp_file("a2.txt", ARTICLE);
    let (code, html, err) = newsgaz(&[
        "tag",
        a.to_str().unwrap(),
        "-g",
        g.to_str().unwrap(),
        "--format",
        "html",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert!(html.contains("&lt;Visits&gt;") && html.contains(" &amp; "));
    assert_eq!(html.matches("</mark>").count(), 5);
    assert!(html.contains(">PERSON</span>") && html.contains(">COUNTRY</span>"));

    let (code, table, err) = newsgaz(&[
        "tag",
        a.to_str().unwrap(),
        "-g",
        g.to_str().unwrap(),
        "--format",
        "table",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        table.contains("partial") && table.contains("salience"),
        "{table}"
    );
    assert!(table.contains("country:RU + person:putin"), "{table}");
}

const TRAIN: &str = "-DOCSTART- -X- O O

Anna NNP I-NP I-PER
Berg NNP I-NP I-PER
visited VBD I-VP O
Oslo NNP I-NP I-LOC
. . O O
";

const DEV: &str = "-DOCSTART- -X- O O

Anna NNP I-NP I-PER
Berg NNP I-NP I-PER
left VBD I-VP O
OSLO NNP I-NP I-LOC

Berg NNP I-NP I-PER
won VBD I-VP O
in IN I-PP O
Bergen NNP I-NP I-LOC
";

#[test]
fn eval_scores_a_conll_file_with_and_without_rules() {
    let train = temp_file("train.conll", TRAIN);
    let dev = temp_file("dev.conll", DEV);
    let (code, out, err) = newsgaz(&[
        "eval",
        dev.to_str().unwrap(),
        "--train",
        train.to_str().unwrap(),
        "--ablation",
    ]);
    assert_eq!(code, 0, "{err}");
    let overall: Vec<Vec<&str>> = out
        .lines()
        .filter(|l| l.starts_with("overall"))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(overall.len(), 6, "{out}");
    // gold predicted correct precision recall F1: all three of four, then two without
    // the partial-name rule.
    assert_eq!(overall[0][1..4], ["4", "3", "3"], "{out}");
    assert_eq!(overall[0][6], "85.71");
    assert_eq!(overall[1][1..4], ["4", "2", "2"], "{out}");
    assert!(out.contains("partial names off"));
    assert!(out.contains("without people found in the text (partial names on, people off"));
    assert!(out.contains(
        "without organisations found in the text (partial names on, people on, organisations off"
    ));
}

#[test]
fn eval_maps_gazetteer_labels_to_conll_labels() {
    let dev = temp_file("dev2.conll", DEV);
    let g = temp_file(
        "people.jsonl",
        "{\"id\": \"p:berg\", \"name\": \"Anna Berg\", \"label\": \"PERSON\"}\n",
    );
    let score = |extra: &[&str]| {
        let mut args = vec!["eval", dev.to_str().unwrap(), "-g", g.to_str().unwrap()];
        args.extend_from_slice(extra);
        let (code, out, err) = newsgaz(&args);
        assert_eq!(code, 0, "{err}");
        let overall = out
            .lines()
            .find(|l| l.starts_with("overall"))
            .unwrap()
            .to_owned();
        overall.split_whitespace().nth(3).unwrap().to_owned()
    };
    // Anna Berg and the partial "Berg" are right when PERSON is scored as PER: by
    // default (people found in the text are PERSON), or said; wrong when kept as PERSON.
    assert_eq!(score(&[]), "2");
    assert_eq!(score(&["--label", "PERSON=PER"]), "2");
    assert_eq!(score(&["--label", "PERSON=PERSON"]), "0");
    let (code, _, err) = newsgaz(&["eval", dev.to_str().unwrap(), "--label", "PER"]);
    assert_eq!(code, 2);
    assert!(err.contains("expected FROM=TO"), "{err}");
}

#[test]
fn eval_reports_bad_input_with_file_and_line() {
    let bad = temp_file("bad.conll", "Anna I-PER\nBerg PER\n");
    let (code, _, err) = newsgaz(&[
        "eval",
        bad.to_str().unwrap(),
        "--train",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.conll:2: field `tag`"), "{err}");
    let (code, _, err) = newsgaz(&["eval", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("no gazetteer"), "{err}");
}

/// A CoNLL file of my own: a city as a place, a city as a team in a results line, a
/// country and its demonym.
const RESULTS: &str = "-DOCSTART- -X- O O

Fans NNS I-NP O
in IN I-PP O
Chicago NNP I-NP I-LOC
cheered VBD I-VP O
. . O O

Chicago NNP I-NP I-ORG
4 CD I-NP O
Boston NNP I-NP I-ORG
2 CD I-NP O

French JJ I-NP I-MISC
fans NNS I-NP O
left VBD I-VP O
France NNP I-NP I-LOC
. . O O
";

#[test]
fn eval_scores_the_builtin_gazetteer_with_the_place_context_rule() {
    if !cfg!(feature = "default-gazetteer") {
        return;
    }
    let dev = temp_file("results.conll", RESULTS);
    // (extra arguments, LOC gold/predicted/correct, MISC predicted/correct)
    let cases: [(&[&str], [&str; 3], [&str; 2]); 3] = [
        (&[], ["2", "2", "2"], ["1", "1"]),
        // Without the rule the teams are wrong LOC predictions.
        (&["--no-place-context"], ["2", "4", "2"], ["1", "1"]),
        // Without --demonym-label, "French" is scored as a place.
        (&["--no-demonym"], ["2", "3", "2"], ["0", "0"]),
    ];
    for (extra, loc, misc) in cases {
        let mut args = vec![
            "eval",
            dev.to_str().unwrap(),
            "--builtin",
            "--case",
            "smart",
            "--label",
            "COUNTRY=LOC",
            "--label",
            "CITY=LOC",
            "--label",
            "REGION=LOC",
        ];
        if extra != ["--no-demonym"] {
            args.extend(["--demonym-label", "MISC"]);
            args.extend_from_slice(extra);
        }
        let (code, out, err) = newsgaz(&args);
        assert_eq!(code, 0, "{err}");
        let row = |label: &str| -> Vec<String> {
            out.lines()
                .find(|l| l.starts_with(label))
                .map(|l| l.split_whitespace().map(str::to_owned).collect())
                .unwrap_or_default()
        };
        assert_eq!(row("LOC")[1..4], loc, "{extra:?}\n{out}");
        let misc_row = row("MISC");
        assert_eq!(misc_row[2..4], misc, "{extra:?}\n{out}");
    }
}
