//! Runs every annotation case of `tests/annotate_cases/*.json` against the Rust core
//! (`tests/python/test_annotate_conformance.py` runs the same cases from Python).

use newsgaz::{AnnotateOptions, Annotator, Article, Gazetteer, Matcher, MatcherOptions};
use newsgaz_conformance::repo_root;
use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    #[allow(dead_code)]
    description: String,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    gazetteer: Vec<Value>,
    #[serde(default)]
    matcher: Map<String, Value>,
    #[serde(default)]
    options: Map<String, Value>,
    expected: Vec<Expected>,
    /// The focus countries' codes, in order, where the case lists them.
    #[serde(default)]
    focus: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    span: [usize; 2],
    text: String,
    entity: String,
    form: String,
    #[serde(default)]
    candidates: Option<Vec<String>>,
    /// The mention's country code, where the case gives the field (`null`: none).
    #[serde(default, deserialize_with = "some")]
    country: Option<Option<String>>,
}

/// A field that is present, `null` included.
fn some<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

#[test]
fn every_annotation_case_passes() {
    let dir = repo_root().join("tests/annotate_cases");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    let mut failures = Vec::new();
    let mut count = 0;
    for path in paths {
        let file: CaseFile =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in file.cases {
            count += 1;
            let gazetteer = Gazetteer::from_values(case.gazetteer, &case.name).unwrap();
            let matcher_options: MatcherOptions =
                serde_json::from_value(Value::Object(case.matcher)).unwrap();
            let options: AnnotateOptions =
                serde_json::from_value(Value::Object(case.options)).unwrap();
            let matcher = Matcher::with_options(gazetteer, matcher_options);
            let article = Article::parse_plain(case.text.as_str());
            let annotated = Annotator::with_options(matcher, options).annotate(&article, "case");
            if let Some(want) = &case.focus {
                let codes: Vec<&str> = annotated
                    .focus
                    .countries
                    .iter()
                    .map(|c| c.code.as_str())
                    .collect();
                if codes != *want {
                    failures.push(format!("{}: focus {codes:?}, want {want:?}", case.name));
                }
            }
            for (m, e) in annotated.mentions.iter().zip(&case.expected) {
                if let Some(want) = &e.country {
                    let code = annotated.country_code(m.entity());
                    if code != want.as_deref() {
                        failures.push(format!(
                            "{}: {:?} country {code:?}, want {want:?}",
                            case.name, e.text
                        ));
                    }
                }
            }
            let got = &annotated;
            let got: Vec<String> = got
                .mentions
                .iter()
                .map(|m| {
                    let ids: Vec<&str> = m
                        .candidates
                        .iter()
                        .map(|&e| got.entry(e).id.as_str())
                        .collect();
                    format!(
                        "{}..{} {:?} {} {} {:?}",
                        m.span.char_start,
                        m.span.char_end,
                        m.text(got.text()),
                        got.entry(m.entity()).id,
                        m.form.as_str(),
                        ids
                    )
                })
                .collect();
            let want: Vec<String> = case
                .expected
                .iter()
                .map(|e| {
                    format!(
                        "{}..{} {:?} {} {}",
                        e.span[0], e.span[1], e.text, e.entity, e.form
                    )
                })
                .collect();
            // Candidates are compared only where the case lists them.
            let matches = got.len() == want.len()
                && got
                    .iter()
                    .zip(&case.expected)
                    .zip(&want)
                    .all(|((g, e), w)| match &e.candidates {
                        Some(c) => *g == format!("{w} {c:?}"),
                        None => g.starts_with(&format!("{w} [")),
                    });
            if !matches {
                failures.push(format!("{}:\n   got  {got:?}\n   want {want:?}", case.name));
            }
        }
    }
    assert!(count >= 10);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
