//! `newsgaz eval`: a gazetteer scored on CoNLL files.

use std::io::{self, BufWriter, Write};

use newsgaz::{Annotator, Matcher, MatcherOptions};
use newsgaz_eval::{gazetteer_from_conll, ConllDocument, ConllScores, LabelMap};

use crate::args::EvalArgs;
use crate::gazetteer::load_gazetteer;

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
        for (name, partial, document, people) in [
            ("without partial names", false, true, true),
            ("without in-document rules", true, false, true),
            ("without people found in the text", true, true, false),
            ("without any of them", false, false, false),
        ] {
            let mut o = options.clone();
            o.partial_names = partial && options.partial_names;
            o.document_rules = document && options.document_rules;
            o.people = people && options.people;
            configurations.push((name, o));
        }
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let write_err = |e: io::Error| format!("writing output: {e}");
    for path in &args.tests {
        let docs = ConllDocument::read_path(path).map_err(|e| e.to_string())?;
        for (name, options) in &configurations {
            let annotator = Annotator::with_options(matcher.clone(), options.clone());
            let scores = ConllScores::evaluate(&annotator, &docs, &labels);
            writeln!(
                out,
                "# {}: {} documents, {} gazetteer entries; {name} (partial names {}, people {}, in-document rules {}, prior {}, place context {})",
                path.display(),
                scores.documents,
                entries,
                on_off(options.partial_names),
                on_off(options.people),
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
