//! Annotation on shared data (issue 6): entity linking in context on the seed article,
//! and CoNLL-2003 dev scores of a gazetteer built from the training entities. Skips
//! without `../shared/data`; required when `CI` is set.

use newsgaz::{
    AnnotateOptions, Annotator, Article, CaseMode, Gazetteer, Matcher, MatcherOptions, MentionForm,
};
use newsgaz_conformance::{repo_root, shared_data, tagged, whole_word_positions, Tagged};
use newsgaz_eval::{gazetteer_from_conll, ConllDocument, ConllScores, LabelMap};

fn annotate_seed() -> Option<Tagged> {
    let data = shared_data()?;
    let path = data.join("seed/putin-li-shangfu.txt");
    let bytes = std::fs::read(&path).unwrap();
    let article = Article::parse_plain_bytes(&bytes, &path.display().to_string()).unwrap();
    let gazetteer =
        Gazetteer::from_jsonl_path(repo_root().join("tests/fixtures/seed-people.jsonl")).unwrap();
    let annotator = Annotator::new(Matcher::new(gazetteer));
    Some(tagged(&annotator.annotate(&article, "seed")))
}

#[test]
fn seed_article_names_resolve_in_context() {
    let Some(a) = annotate_seed() else { return };
    let text = &a.text;
    for m in &a.mentions {
        assert_eq!(&text[m.start..m.end], m.text);
    }
    let covering = |at: usize| a.mentions.iter().find(|m| m.start <= at && at < m.end);
    for (word, entity) in [
        ("Li", "person:li-shangfu"),
        ("Putin", "person:putin"),
        ("Shoigu", "person:shoigu"),
        ("Chinese", "country:CN"),
        ("Russian", "country:RU"),
    ] {
        let positions = whole_word_positions(text, word);
        assert!(positions.len() >= 2, "{word} occurs in the article");
        for at in positions {
            let m = covering(at).unwrap_or_else(|| panic!("{word} at {at} is not tagged"));
            assert_eq!(m.entity, entity, "{word} at byte {at}");
        }
    }
    // Partial names are marked as such; Li Qiang stays a candidate of every lone "Li".
    let lone_li: Vec<_> = a.mentions.iter().filter(|m| m.text == "Li").collect();
    assert!(lone_li.len() >= 4);
    for m in lone_li {
        assert_eq!(m.form, MentionForm::Partial);
        assert_eq!(m.candidates, ["person:li-shangfu", "person:li-qiang"]);
    }
    let demonyms: Vec<&str> = a
        .mentions
        .iter()
        .filter(|m| m.form == MentionForm::Demonym)
        .map(|m| m.text.as_str())
        .collect();
    assert!(demonyms.contains(&"Chinese") && demonyms.contains(&"Russian"));
    // The title's "Putin" comes before any full name: linked to the nearest one after.
    let title_putin = &a.mentions[0];
    assert!(title_putin.in_title && title_putin.text == "Putin");
    assert_eq!(title_putin.entity, "person:putin");
    // Summary: Putin is in the title; Russia and China lead the salience ranking.
    let putin = a.entities.iter().find(|e| e.id == "person:putin").unwrap();
    assert!(putin.in_title && putin.count == whole_word_positions(text, "Putin").len());
    let top: Vec<&str> = a.entities[..2].iter().map(|e| e.id.as_str()).collect();
    assert!(
        top.contains(&"country:CN") && top.contains(&"country:RU"),
        "{top:?}"
    );
    let sum: f64 = a.entities.iter().map(|e| e.salience).sum();
    assert!((sum - 1.0).abs() < 1e-9);
    assert!(a
        .cooccurrences
        .iter()
        .any(|c| c.a == "person:li-shangfu" && c.b == "person:putin" && c.count >= 2));
}

#[test]
fn conll_dev_scores_beat_the_baseline_and_the_rules_help() {
    let Some(data) = shared_data() else { return };
    let dir = data.join("conll2003");
    let train = ConllDocument::read_path(dir.join("eng.train")).unwrap();
    let dev = ConllDocument::read_path(dir.join("eng.testa")).unwrap();
    assert_eq!((train.len(), dev.len()), (946, 216));
    let gold: usize = dev.iter().map(|d| d.entities().len()).sum();
    assert_eq!(gold, 5942, "entity count of the published dev set");
    let gazetteer = gazetteer_from_conll(&train, 0.5, "eng.train").unwrap();
    let matcher = Matcher::with_options(gazetteer, MatcherOptions::with_case(CaseMode::Exact));
    let score = |partial_names: bool, document_rules: bool, people: bool| {
        let mut options = AnnotateOptions::default();
        options.partial_names = partial_names;
        options.document_rules = document_rules;
        options.people = people;
        options.prior = Some("count".into());
        let scores = ConllScores::evaluate(
            &Annotator::with_options(matcher.clone(), options),
            &dev,
            // People found in the text are PERSON; CoNLL's label is PER.
            &LabelMap::new().map("PERSON", "PER"),
        );
        assert_eq!(scores.overall().gold, 5942);
        scores
    };
    let with = score(true, true, true);
    let without_people = score(true, true, false);
    let without = score(false, false, false);
    // The CoNLL-2003 paper's baseline: 71.18 F1 on dev.
    assert!(with.overall().f1() > 78.0, "{:?}", with.overall());
    assert!(without_people.overall().f1() > without.overall().f1());
    assert!(
        without_people.labels["PER"].recall() > without.labels["PER"].recall() + 2.0,
        "partial names"
    );
    // People found in the text: PER recall up by more than 15 points, precision kept.
    let (per, before) = (&with.labels["PER"], &without_people.labels["PER"]);
    assert!(per.recall() > before.recall() + 15.0, "{per:?} {before:?}");
    assert!(per.precision() > before.precision(), "{per:?} {before:?}");
}

/// Issue 15: the seed article with the built-in gazetteer alone finds its four people,
/// links every later "Putin", "Li" and "Shoigu" to them and the quotes' speakers too.
#[test]
fn seed_article_people_are_found_with_the_builtin_gazetteer_alone() {
    let Some(data) = shared_data() else { return };
    let path = data.join("seed/putin-li-shangfu.txt");
    let article = Article::parse_plain_bytes(&std::fs::read(&path).unwrap(), "seed").unwrap();
    let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    let annotated = annotator.annotate(&article, "seed");
    let people: Vec<&str> = annotated.people().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        people,
        [
            "person:~li-shangfu",
            "person:~sergei-shoigu",
            "person:~vladimir-putin",
            "person:~xi-jinping"
        ]
    );
    let text = annotated.text();
    let id = |m: &newsgaz::Mention| annotated.entry(m.entity()).id.as_str();
    for (word, entity) in [
        ("Li", "person:~li-shangfu"),
        ("Putin", "person:~vladimir-putin"),
        ("Shoigu", "person:~sergei-shoigu"),
        ("Xi", "person:~xi-jinping"),
    ] {
        let positions = whole_word_positions(text, word);
        assert!(!positions.is_empty(), "{word} occurs");
        for at in positions {
            let m = annotated
                .mentions
                .iter()
                .find(|m| m.span.start <= at && at < m.span.end)
                .unwrap_or_else(|| panic!("{word} at {at} is not tagged"));
            assert_eq!(id(m), entity, "{word} at byte {at}");
        }
    }
    // Every mention is one a careful reader would make: the four people, the two
    // countries and their demonyms, Ukraine, the US, two cities, two regions, three
    // organisations.
    let mut ids: Vec<&str> = annotated.mentions.iter().map(&id).collect();
    ids.sort_unstable();
    ids.dedup();
    let names: Vec<&str> = ids
        .iter()
        .map(|i| {
            annotated
                .entry(
                    annotated
                        .mentions
                        .iter()
                        .find(|m| id(m) == *i)
                        .unwrap()
                        .entity(),
                )
                .name
                .as_str()
        })
        .collect();
    let mut names = names;
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "Associated Press",
            "Beijing",
            "China",
            "Europe",
            "Far East",
            "Li Shangfu",
            "Moscow",
            "NATO",
            "Reuters",
            "Russia",
            "Sergei Shoigu",
            "Ukraine",
            "United States",
            "Vladimir Putin",
            "Xi Jinping"
        ]
    );
    // "Putin said …" and, after "Li told Putin", "He said …" (Li).
    let speakers: Vec<(&str, Option<&str>)> = annotated
        .quotes()
        .filter_map(|q| q.speaker)
        .map(|s| {
            (
                s.span.slice(text),
                s.entity.map(|e| annotated.entry(e).id.as_str()),
            )
        })
        .collect();
    assert!(speakers.contains(&("Putin", Some("person:~vladimir-putin"))));
    assert!(speakers.contains(&("He", Some("person:~li-shangfu"))));
    // The focus: Russia and China, far ahead of Ukraine and the US; Moscow the main place;
    // every place mention carries its country.
    let focus: Vec<(&str, f64)> = annotated
        .focus
        .countries
        .iter()
        .map(|c| (c.code.as_str(), c.score))
        .collect();
    let mut main: Vec<&str> = focus.iter().take(2).map(|c| c.0).collect();
    main.sort_unstable();
    assert_eq!(main, ["CN", "RU"], "{focus:?}");
    assert!(focus[1].1 > 3.0 * focus[2].1, "{focus:?}");
    assert_eq!(
        annotated.entry(annotated.focus.places[0].entity).name,
        "Moscow"
    );
    for m in &annotated.mentions {
        let expected = match id(m) {
            "country:CN" | "geonames:1816670" => Some("CN"),
            "country:RU" | "geonames:524901" => Some("RU"),
            "country:UA" => Some("UA"),
            "country:US" => Some("US"),
            _ => None,
        };
        assert_eq!(annotated.country_code(m.entity()), expected, "{}", id(m));
    }

    // With the seed's people listed, the listed ids win and no person is found.
    let listed =
        Gazetteer::from_jsonl_path(repo_root().join("tests/fixtures/seed-people.jsonl")).unwrap();
    let merged = listed.overlay(Gazetteer::builtin());
    let annotated = Annotator::new(Matcher::new(merged)).annotate(&article, "seed");
    assert!(annotated.people().is_empty());
    for at in whole_word_positions(text, "Shoigu") {
        let m = annotated
            .mentions
            .iter()
            .find(|m| m.span.start <= at && at < m.span.end)
            .unwrap();
        assert_eq!(annotated.entry(m.entity()).id, "person:shoigu");
    }
}
