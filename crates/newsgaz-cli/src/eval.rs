//! `newsgaz eval`: a gazetteer scored on CoNLL files.

use std::collections::{HashMap, HashSet};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use newsgaz::{Annotator, Matcher, MatcherOptions};
use newsgaz_eval::{
    gazetteer_from_conll, ConllDocument, ConllEntity, ConllScores, LabelMap, Prediction,
};

use crate::args::EvalArgs;
use crate::gazetteer::load_gazetteer;
use crate::target::Target;

pub fn run(args: &EvalArgs) -> Result<(), String> {
    if args.train.is_empty() && args.gazetteers.is_empty() && !args.builtin {
        return Err("no gazetteer: pass --train CONLL, --gazetteer PATH or --builtin".into());
    }
    let mut parts = Vec::new();
    for path in &args.train {
        let docs = ConllDocument::read_path(path).map_err(|e| e.to_string())?;
        parts.push(
            gazetteer_from_conll(&docs, args.min_ratio, &path.display().to_string())
                .map_err(|e| e.to_string())?,
        );
    }
    let gazetteer = load_gazetteer(parts, &args.gazetteers, args.builtin)?;
    // Labels are mapped when scoring, so that options that select entries by their own
    // label (person labels, the place-context rule) still see them.
    let mut labels = LabelMap::new();
    for (from, to) in &args.labels {
        labels = labels.map(from, to);
    }
    // People found in the text are labelled PERSON; CoNLL calls them PER.
    if !args.labels.iter().any(|(from, _)| from == "PERSON") {
        labels = labels.map("PERSON", "PER");
    }
    if let Some(label) = &args.demonym_label {
        labels = labels.demonyms_as(label);
    }
    let entries = gazetteer.len();
    let matcher = Matcher::with_options(gazetteer, MatcherOptions::with_case(args.case));
    let default_prior = (!args.train.is_empty()).then_some("count");
    let options = args.annotate.options(default_prior);
    let mut configurations = vec![("as configured", options.clone())];
    if args.ablation {
        // Each finder and rule off alone, then all of them.
        for (name, partial, document, people, organisations) in [
            ("without partial names", false, true, true, true),
            ("without in-document rules", true, false, true, true),
            (
                "without organisations found in the text",
                true,
                true,
                true,
                false,
            ),
            ("without people found in the text", true, true, false, true),
            ("without any of them", false, false, false, false),
        ] {
            let mut o = options.clone();
            o.partial_names = partial && options.partial_names;
            o.document_rules = document && options.document_rules;
            o.people = people && options.people;
            o.organisations = organisations && options.organisations;
            configurations.push((name, o));
        }
    }
    // Each test file is read once, for the errors and the scores.
    let tests = args
        .tests
        .iter()
        .map(|path| {
            Ok((
                path,
                ConllDocument::read_path(path).map_err(|e| e.to_string())?,
            ))
        })
        .collect::<Result<Vec<_>, String>>()?;
    if let Some(path) = &args.errors {
        let annotator = Annotator::with_options(matcher.clone(), options.clone());
        // An input is never an output: the tests, the training files and gazetteers.
        let inputs = args.tests.iter().chain(&args.train).chain(&args.gazetteers);
        let target = Target::create(path, inputs.map(PathBuf::as_path))?;
        write_errors(target, &tests, &annotator, &labels)?;
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let write_err = |e: io::Error| format!("writing output: {e}");
    for (path, docs) in &tests {
        for (name, options) in &configurations {
            let annotator = Annotator::with_options(matcher.clone(), options.clone());
            let scores = ConllScores::evaluate(&annotator, docs, &labels);
            writeln!(
                out,
                "# {}: {} documents, {} gazetteer entries; {name} (partial names {}, people {}, organisations {}, in-document rules {}, prior {}, place context {})",
                path.display(),
                scores.documents,
                entries,
                on_off(options.partial_names),
                on_off(options.people),
                on_off(options.organisations),
                on_off(options.document_rules),
                options.prior.as_deref().unwrap_or("none"),
                on_off(options.place_context),
            )
            .map_err(write_err)?;
            write_scores(&mut out, &scores).map_err(write_err)?;
        }
    }
    out.flush().map_err(write_err)
}

/// Writes every missed, extra and mislabelled entity of `tests` to `target` (see
/// `EvalArgs::errors`).
fn write_errors(
    target: Target,
    tests: &[(&PathBuf, Vec<ConllDocument>)],
    annotator: &Annotator,
    labels: &LabelMap,
) -> Result<(), String> {
    let write_err = |e: io::Error| format!("writing the errors: {e}");
    let mut out = BufWriter::new(target);
    writeln!(out, "kind\tgold\tpredicted\tphrase\tid\tfile\tcontext").map_err(write_err)?;
    for (test, docs) in tests {
        for doc in docs {
            let gold = doc.entities();
            let predicted = doc.predict_linked(annotator, labels);
            // By token span: one lookup per entity, no scan of the other side.
            let predicted_at: HashMap<(usize, usize), &Prediction> = predicted
                .iter()
                .map(|p| ((p.entity.start, p.entity.end), p))
                .collect();
            let gold_at: HashSet<(usize, usize)> = gold.iter().map(|g| (g.start, g.end)).collect();
            let context = |start: usize, end: usize| {
                let from = start.saturating_sub(6);
                let to = (end + 6).min(doc.tokens.len());
                let words: Vec<&str> = doc.tokens[from..to]
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect();
                words.join(" ")
            };
            let mut rows = Vec::new();
            for g in &gold {
                match predicted_at.get(&(g.start, g.end)) {
                    Some(p) if p.entity.label == g.label => {}
                    Some(p) => rows.push((
                        g.start,
                        "label",
                        g.label.as_str(),
                        p.entity.label.as_str(),
                        p.id.as_str(),
                        g.end,
                    )),
                    None => rows.push((g.start, "missed", g.label.as_str(), "", "", g.end)),
                }
            }
            for p in &predicted {
                if !gold_at.contains(&(p.entity.start, p.entity.end)) {
                    rows.push((
                        p.entity.start,
                        "extra",
                        "",
                        p.entity.label.as_str(),
                        p.id.as_str(),
                        p.entity.end,
                    ));
                }
            }
            rows.sort_by_key(|r| r.0);
            for (start, kind, gold_label, predicted_label, id, end) in rows {
                let phrase = doc.phrase(&ConllEntity {
                    start,
                    end,
                    label: String::new(),
                });
                writeln!(
                    out,
                    "{kind}\t{gold_label}\t{predicted_label}\t{phrase}\t{id}\t{}\t{}",
                    test.display(),
                    context(start, end)
                )
                .map_err(write_err)?;
            }
        }
    }
    out.into_inner()
        .map_err(|e| write_err(e.into_error()))?
        .commit()
}

fn on_off(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

fn write_scores(out: &mut impl Write, scores: &ConllScores) -> io::Result<()> {
    writeln!(
        out,
        "{:<8} {:>6} {:>9} {:>7} {:>9} {:>7} {:>7}",
        "label", "gold", "predicted", "correct", "precision", "recall", "F1"
    )?;
    let overall = scores.overall();
    for (label, c) in scores
        .labels
        .iter()
        .map(|(l, c)| (l.as_str(), c))
        .chain([("overall", &overall)])
    {
        writeln!(
            out,
            "{:<8} {:>6} {:>9} {:>7} {:>9.2} {:>7.2} {:>7.2}",
            label,
            c.gold,
            c.predicted,
            c.correct,
            c.precision(),
            c.recall(),
            c.f1()
        )?;
    }
    writeln!(out)
}
