//! `newsgaz gazetteer compile` and `stats`, and `tag` over compiled and CSV gazetteers:
//! the same output as the source files, and a damaged compiled file refused by name.

mod common;

use std::path::PathBuf;

use common::newsgaz;

fn scratch(name: &str) -> PathBuf {
    common::scratch("gazetteer", name)
}

fn write(name: &str, text: &str) -> String {
    let path = scratch(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

const PEOPLE_JSONL: &str = r#"{"id":"p:ferreira","name":"Ana Ferreira","label":"PERSON","aliases":["Ferreira"]}
{"id":"org:acme","name":"Acme Mining","label":"ORG","aliases":["Acme"]}
"#;

const PEOPLE_CSV: &str = "id,name,label,aliases\r\np:ferreira,Ana Ferreira,PERSON,Ferreira\r\norg:acme,Acme Mining,ORG,Acme\r\n";

const ARTICLE: &str = "Acme Mining shuts Lima mine\n\nAna Ferreira, who runs Acme Mining in Peru, said the mine in Lima would close. Ferreira spoke in Paris.\n";

fn tag(gazetteer_args: &[&str]) -> String {
    let article = write("article.txt", ARTICLE);
    let (code, out, err) = newsgaz(&[&["tag", &article], gazetteer_args].concat());
    assert_eq!(code, 0, "{err}");
    // The source path is the same in every run; the output must be too.
    out
}

#[test]
fn compiled_and_csv_gazetteers_tag_like_the_jsonl_they_come_from() {
    let jsonl = write("people.jsonl", PEOPLE_JSONL);
    let csv = write("people.csv", PEOPLE_CSV);
    let with_builtin = scratch("people.ngz").display().to_string();
    let alone = scratch("people-alone.ngz").display().to_string();
    let (code, _, err) = newsgaz(&["gazetteer", "compile", &jsonl, "-o", &with_builtin]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("entries"), "{err}");
    let (code, _, err) = newsgaz(&["gazetteer", "compile", &csv, "--no-default", "-o", &alone]);
    assert_eq!(code, 0, "{err}");

    let from_jsonl = tag(&["-g", &jsonl]);
    assert!(from_jsonl.contains("p:ferreira") && from_jsonl.contains("country:PE"));
    assert_eq!(tag(&["-g", &csv]), from_jsonl);
    assert_eq!(
        tag(&["-g", &with_builtin]),
        from_jsonl,
        "compiled with the built-in entries"
    );
    let only_people = tag(&["-g", &jsonl, "--no-default"]);
    assert!(!only_people.contains("country:PE"));
    assert_eq!(tag(&["-g", &alone]), only_people, "compiled without them");
    // Another case mode than the file's: rebuilt from its entries, same as from source.
    assert_eq!(
        tag(&["-g", &alone, "--case", "exact"]),
        tag(&["-g", &jsonl, "--no-default", "--case", "exact"])
    );
    // A compiled file among others gives its entries.
    let extra = write(
        "extra.jsonl",
        "{\"id\":\"org:x\",\"name\":\"Xylo\",\"label\":\"ORG\"}\n",
    );
    assert!(tag(&["-g", &alone, "-g", &extra]).contains("p:ferreira"));

    let (code, out, err) = newsgaz(&["gazetteer", "stats", &alone]);
    assert_eq!(code, 0, "{err}");
    for want in [
        "entries        2",
        "surface forms  4",
        "PERSON",
        "search tables",
    ] {
        assert!(out.contains(want), "{want} in\n{out}");
    }
}

#[test]
fn damaged_compiled_files_are_refused_with_what_is_wrong() {
    let jsonl = write("small.jsonl", PEOPLE_JSONL);
    let good = scratch("small.ngz");
    let (code, _, err) = newsgaz(&[
        "gazetteer",
        "compile",
        &jsonl,
        "--no-default",
        "-o",
        &good.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&good).unwrap();
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x04;
    let mut later = bytes.clone();
    later[8] = 99;
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "flipped.ngz",
            flipped,
            "checksum mismatch: the file is corrupted",
        ),
        (
            "truncated.ngz",
            bytes[..bytes.len() - 10].to_vec(),
            "truncated: ",
        ),
        ("later.ngz", later, "written in compiled format version 99"),
    ];
    for (name, content, want) in cases {
        let path = scratch(name);
        std::fs::write(&path, content).unwrap();
        let shown = path.display().to_string();
        let (code, out, err) = newsgaz(&["tag", "-g", &shown, &jsonl]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(out.is_empty());
        assert!(
            err.starts_with(&format!("newsgaz: {shown}: ")) && err.contains(want),
            "{name}: {err}"
        );
    }
    let (code, _, err) = newsgaz(&["tag", "-g", "no/such.ngz", &jsonl]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such.ngz"), "{err}");
    let unknown = write("people.xml", "<people/>");
    let (code, _, err) = newsgaz(&["gazetteer", "stats", &unknown]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown gazetteer format"), "{err}");
}
