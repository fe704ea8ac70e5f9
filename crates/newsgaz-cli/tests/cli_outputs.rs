//! An input is never an output: `-o` onto an input (by any name) is refused before
//! anything is written, and an output appears whole or not at all.

mod common;

use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    common::scratch("outputs", name)
}

const RECORD: &str = "{\"title\": \"Rain\", \"text\": \"Rain in Lisbon and Porto.\"}\n";
const GAZETTEER: &str = "{\"id\": \"c:porto\", \"name\": \"Porto\", \"label\": \"CITY\"}\n";

/// Runs `args`, expecting a refusal that names `target`, and checks that `target` still
/// holds `before`.
fn refused(args: &[&str], target: &PathBuf, before: &str) {
    let (code, _, err) = common::newsgaz(args);
    assert_eq!(code, 2, "{args:?}: {err}");
    assert!(err.contains("an input is never an output"), "{err}");
    assert!(err.contains(target.to_str().unwrap()), "{err}");
    assert_eq!(std::fs::read_to_string(target).unwrap(), before, "{args:?}");
}

#[test]
fn writing_onto_an_input_is_refused_whatever_its_name() {
    let input = scratch("a.jsonl");
    std::fs::write(&input, RECORD).unwrap();
    let input_s = input.to_str().unwrap();
    refused(&["tag", input_s, "-o", input_s], &input, RECORD);
    // The same file by another name: a symbolic link, a hard link, a path through `..`.
    let symlink = scratch("a-link.jsonl");
    let _ = std::fs::remove_file(&symlink);
    std::os::unix::fs::symlink(&input, &symlink).unwrap();
    refused(
        &["tag", input_s, "-o", symlink.to_str().unwrap()],
        &symlink,
        RECORD,
    );
    let hard = scratch("a-hard.jsonl");
    let _ = std::fs::remove_file(&hard);
    std::fs::hard_link(&input, &hard).unwrap();
    refused(
        &["tag", input_s, "-o", hard.to_str().unwrap()],
        &hard,
        RECORD,
    );
    let dotted = input.parent().unwrap().join("../").join(
        input
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap(),
    );
    let dotted = dotted.join("a.jsonl");
    refused(
        &["tag", input_s, "-o", dotted.to_str().unwrap()],
        &dotted,
        RECORD,
    );
}

#[test]
fn a_gazetteer_is_an_input_too() {
    let gazetteer = scratch("g.jsonl");
    std::fs::write(&gazetteer, GAZETTEER).unwrap();
    let g = gazetteer.to_str().unwrap();
    let input = scratch("b.jsonl");
    std::fs::write(&input, RECORD).unwrap();
    let i = input.to_str().unwrap();
    refused(
        &["tag", i, "--gazetteer", g, "-o", g],
        &gazetteer,
        GAZETTEER,
    );
    refused(&["gazetteer", "compile", g, "-o", g], &gazetteer, GAZETTEER);
}

#[test]
fn an_output_is_written_whole_and_replaces_the_old_one() {
    let input = scratch("c.jsonl");
    std::fs::write(&input, RECORD.repeat(3)).unwrap();
    let output = scratch("c.out.jsonl");
    std::fs::write(&output, "old output\n").unwrap();
    let (code, stdout, err) = common::newsgaz(&[
        "tag",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{err}");
    let written = std::fs::read_to_string(&output).unwrap();
    assert_eq!(written.lines().count(), 3);
    assert!(written.contains("Lisbon"));
    // No temporary file is left beside it.
    let folder = output.parent().unwrap();
    let left: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("newsgaz-partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_failed_run_leaves_the_old_output_whole() {
    let input = scratch("d.jsonl");
    std::fs::write(&input, RECORD).unwrap();
    let output = scratch("d.out.jsonl");
    std::fs::write(&output, "old output\n").unwrap();
    // A gazetteer that does not load: the run fails after the output was opened.
    let bad = scratch("bad-gazetteer.jsonl");
    std::fs::write(&bad, "{not json\n").unwrap();
    let (code, _, err) = common::newsgaz(&[
        "tag",
        input.to_str().unwrap(),
        "--gazetteer",
        bad.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "old output\n");
}

#[test]
fn a_special_file_is_written_as_it_is() {
    use std::os::unix::fs::FileTypeExt;
    let input = scratch("e.jsonl");
    std::fs::write(&input, RECORD).unwrap();
    let (code, _, err) = common::newsgaz(&["tag", input.to_str().unwrap(), "-o", "/dev/null"]);
    assert_eq!(code, 0, "{err}");
    // Still the device, not a regular file put in its place.
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
}

#[test]
fn eval_errors_onto_a_test_file_is_refused_and_written_elsewhere() {
    const CONLL: &str = "-DOCSTART- -X- O O\n\nRain NN O\nin IN O\nLisbon NNP I-LOC\n";
    let test = scratch("dev.conll");
    std::fs::write(&test, CONLL).unwrap();
    let test_s = test.to_str().unwrap();
    let g = scratch("lisbon.jsonl");
    std::fs::write(
        &g,
        "{\"id\": \"c:l\", \"name\": \"Lisbon\", \"label\": \"CITY\"}\n",
    )
    .unwrap();
    let g_s = g.to_str().unwrap();
    refused(
        &["eval", test_s, "-g", g_s, "--errors", test_s],
        &test,
        CONLL,
    );
    let errors = scratch("errors.tsv");
    let (code, _, err) = common::newsgaz(&[
        "eval",
        test_s,
        "-g",
        g_s,
        "--errors",
        errors.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    // Lisbon is found with the gazetteer's label, not CoNLL's: one row, after the header.
    let written = std::fs::read_to_string(&errors).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines.len(), 2, "{written}");
    assert!(lines[0].starts_with("kind\tgold\tpredicted"), "{written}");
    assert!(
        lines[1].starts_with("label\tLOC\tCITY\tLisbon\tc:l\t"),
        "{written}"
    );
}
