use serde::Deserialize;

use super::*;
use crate::article::{Attribution, Quote, QuoteKind, SpeechCue};
use crate::gazetteer::{AliasKind, Entry, Gazetteer};

/// The records as `newsgaz tag` writes them, read back: the tests check the contract.
#[derive(Deserialize)]
struct Got {
    mentions: Vec<M>,
    entities: Vec<E>,
    quotes: Vec<Q>,
    attributions: Vec<A>,
    cooccurrences: Vec<C>,
}

#[derive(Deserialize)]
struct M {
    start: usize,
    text: String,
    entity: String,
    candidates: Vec<String>,
    in_title: bool,
    in_quote: bool,
    form: MentionForm,
}

#[derive(Deserialize)]
struct E {
    id: String,
    in_title: bool,
    count: usize,
    first: usize,
    salience: f64,
}

#[derive(Deserialize)]
struct Q {
    char_start: usize,
    char_end: usize,
    text: String,
    verb: Option<String>,
    speaker: Option<S>,
}

#[derive(Deserialize)]
struct S {
    text: String,
    entity: Option<String>,
    link: SpeakerLink,
}

#[derive(Deserialize)]
struct A {
    entity: Option<String>,
    verb: String,
}

#[derive(Deserialize)]
struct C {
    a: String,
    b: String,
    count: usize,
}

trait AnnotateJson {
    fn annotate_json(&self, article: &Article, source: &str) -> Got;
    fn annotate_text_json(&self, text: &str) -> Got;
}

impl AnnotateJson for Annotator {
    fn annotate_json(&self, article: &Article, source: &str) -> Got {
        let annotated = self.annotate(article, source);
        serde_json::from_value(serde_json::to_value(&annotated).unwrap()).unwrap()
    }

    fn annotate_text_json(&self, text: &str) -> Got {
        let annotated = self.annotate_text(text);
        serde_json::from_value(serde_json::to_value(&annotated).unwrap()).unwrap()
    }
}

fn people_and_places() -> Gazetteer {
    Gazetteer::from_entries(
        [
            Entry::new("person:putin", "Vladimir Putin", "PERSON"),
            Entry::new("person:li-shangfu", "Li Shangfu", "PERSON"),
            Entry::new("person:li-qiang", "Li Qiang", "PERSON"),
            Entry::new("person:shoigu", "Sergei Shoigu", "PERSON"),
            Entry::new("country:CN", "China", "COUNTRY")
                .alias_of_kind("Chinese", AliasKind::Demonym),
            Entry::new("country:RU", "Russia", "COUNTRY")
                .alias_of_kind("Russian", AliasKind::Demonym),
            Entry::new("org:reuters", "Reuters", "ORG"),
        ],
        "test",
    )
    .unwrap()
}

fn annotator(options: AnnotateOptions) -> Annotator {
    Annotator::with_options(Matcher::new(people_and_places()), options)
}

/// (text, entity, form) of every mention.
fn linked(a: &Got) -> Vec<(&str, &str, MentionForm)> {
    a.mentions
        .iter()
        .map(|m| (m.text.as_str(), m.entity.as_str(), m.form))
        .collect()
}

#[test]
fn annotator_is_send_sync() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Annotator>();
}

#[test]
fn partial_names_link_to_the_person_named_in_full() {
    use MentionForm::*;
    let a = annotator(AnnotateOptions::default());
    let article = Article::parse_plain(
        "Putin Meets Li\n\nVladimir Putin met Li Shangfu. Li thanked Putin. Shoigu was absent.",
    );
    let got = a.annotate_json(&article, "t");
    assert_eq!(
        linked(&got),
        [
            // The title's "Putin" and "Li" come before the full names: nearest after.
            ("Putin", "person:putin", Partial),
            ("Li", "person:li-shangfu", Partial),
            ("Vladimir Putin", "person:putin", Name),
            ("Li Shangfu", "person:li-shangfu", Name),
            ("Li", "person:li-shangfu", Partial),
            ("Putin", "person:putin", Partial),
            // Sergei Shoigu is never named in full: "Shoigu" stays untagged.
        ]
    );
    // Li Qiang shares the token; he stays a candidate, after the person present.
    assert_eq!(
        got.mentions[4].candidates,
        ["person:li-shangfu", "person:li-qiang"]
    );
    assert!(got.mentions[0].in_title && !got.mentions[2].in_title);

    let off = annotator(AnnotateOptions {
        partial_names: false,
        ..AnnotateOptions::default()
    });
    assert_eq!(off.annotate_json(&article, "t").mentions.len(), 2);
}

#[test]
fn partial_name_prefers_nearest_full_mention_before_then_after() {
    let a = annotator(AnnotateOptions::default());
    let text = "Li said so. Li Qiang spoke. Li agreed. Li Shangfu came. Li left.";
    let got = a.annotate_text_json(text);
    let partials: Vec<(usize, &str)> = got
        .mentions
        .iter()
        .filter(|m| m.form == MentionForm::Partial)
        .map(|m| (m.start, m.entity.as_str()))
        .collect();
    assert_eq!(
        partials,
        [
            (0, "person:li-qiang"),
            (28, "person:li-qiang"),
            (56, "person:li-shangfu")
        ]
    );
}

#[test]
fn demonyms_have_their_form() {
    let a = annotator(AnnotateOptions::default());
    let got = a.annotate_text_json("Russian and Chinese officials met in Russia.");
    assert_eq!(
        linked(&got),
        [
            ("Russian", "country:RU", MentionForm::Demonym),
            ("Chinese", "country:CN", MentionForm::Demonym),
            ("Russia", "country:RU", MentionForm::Name),
        ]
    );
}

fn ambiguous_gazetteer() -> Gazetteer {
    let mut georgia_us = Entry::new("state:GA", "Georgia", "STATE").alias("Atlanta's state");
    georgia_us
        .attributes
        .insert("population".into(), 10_700_000.into());
    let mut georgia = Entry::new("country:GE", "Georgia", "COUNTRY").alias("Tbilisi");
    georgia
        .attributes
        .insert("population".into(), "3700000".into());
    Gazetteer::from_entries([georgia, georgia_us], "t").unwrap()
}

#[test]
fn ambiguous_alias_prefers_in_document_evidence_then_prior() {
    let matcher = Matcher::new(ambiguous_gazetteer());
    let cases = [
        // (text, prior, document rules, expected entity of "Georgia")
        ("Georgia", None, true, "country:GE"),
        ("Georgia", Some("population"), true, "state:GA"),
        ("Tbilisi, Georgia", Some("population"), true, "country:GE"),
        ("Tbilisi, Georgia", Some("population"), false, "state:GA"),
        ("Tbilisi, Georgia", None, false, "country:GE"),
        ("Georgia, Atlanta's state", None, true, "state:GA"),
    ];
    for (text, prior, document_rules, expected) in cases {
        let a = Annotator::with_options(
            matcher.clone(),
            AnnotateOptions {
                prior: prior.map(str::to_owned),
                document_rules,
                ..AnnotateOptions::default()
            },
        );
        let got = a.annotate_text_json(text);
        let georgia = got.mentions.iter().find(|m| m.text == "Georgia").unwrap();
        assert_eq!(
            georgia.entity, expected,
            "{text} {prior:?} {document_rules}"
        );
        assert_eq!(georgia.candidates.len(), 2, "every candidate is kept");
    }
}

#[test]
fn a_person_named_in_full_claims_a_single_token_alias() {
    let gazetteer = Gazetteer::from_entries(
        [
            Entry::new("country:JO", "Jordan", "COUNTRY"),
            Entry::new("person:mj", "Michael Jordan", "PERSON"),
        ],
        "t",
    )
    .unwrap();
    let matcher = Matcher::new(gazetteer);
    let text = "Michael Jordan scored. Jordan left.";
    let with = Annotator::new(matcher.clone()).annotate_text_json(text);
    assert_eq!(with.mentions[1].entity, "person:mj");
    assert_eq!(with.mentions[1].candidates, ["person:mj", "country:JO"]);
    assert_eq!(with.mentions[1].form, MentionForm::Partial);
    let without = Annotator::with_options(
        matcher.clone(),
        AnnotateOptions {
            document_rules: false,
            ..AnnotateOptions::default()
        },
    )
    .annotate_text_json(text);
    assert_eq!(without.mentions[1].entity, "country:JO");
    // Without the person in full, Jordan is the country.
    let alone = Annotator::new(matcher).annotate_text_json("Jordan left.");
    assert_eq!(alone.mentions[0].entity, "country:JO");
}

#[test]
fn entities_salience_and_cooccurrence() {
    let a = annotator(AnnotateOptions::default());
    let article = Article::parse_plain(
        "China and Russia\n\nVladimir Putin visited China.\n\nPutin met Russian officials. Reuters reported.",
    );
    let got = a.annotate_json(&article, "t");
    let rows: Vec<(&str, usize, bool)> = got
        .entities
        .iter()
        .map(|e| (e.id.as_str(), e.count, e.in_title))
        .collect();
    // Weights: China 3 + 2, Russia 3 + 1, Putin 2 + 1, Reuters 1: total 13.
    assert_eq!(
        rows,
        [
            ("country:CN", 2, true),
            ("country:RU", 2, true),
            ("person:putin", 2, false),
            ("org:reuters", 1, false)
        ]
    );
    let salience: Vec<f64> = got.entities.iter().map(|e| e.salience).collect();
    for (got, want) in salience
        .iter()
        .zip([5.0 / 13.0, 4.0 / 13.0, 3.0 / 13.0, 1.0 / 13.0])
    {
        assert!((got - want).abs() < 1e-12, "{got} != {want}");
    }
    assert_eq!(
        got.entities[2].first,
        article.text.find("Vladimir").unwrap()
    );
    let pairs: Vec<(&str, &str, usize)> = got
        .cooccurrences
        .iter()
        .map(|c| (c.a.as_str(), c.b.as_str(), c.count))
        .collect();
    assert_eq!(
        pairs,
        [
            ("country:CN", "country:RU", 1),
            ("country:CN", "person:putin", 1),
            ("country:RU", "person:putin", 1)
        ]
    );
}

/// An article with hand-built quotes: `(quote, cue, speaker phrase)` as substrings of the
/// text, each found after the previous quote.
fn with_quotes(text: &str, quotes: &[(&str, &str, Option<&str>)]) -> Article {
    let mut article = Article::parse_plain(text);
    // Replace what the parser found, so these tests check linking alone.
    article.quotes.clear();
    let span_of = |needle: &str, from: usize| {
        let start = from + text[from..].find(needle).expect(needle);
        Span::new(start, start + needle.len())
    };
    let mut from = 0;
    for &(quote, cue, speaker) in quotes {
        let span = span_of(quote, from);
        let cue_span = span_of(cue, 0);
        let speaker = speaker.map(|s| {
            // The speaker phrase nearest before the cue.
            let at = text[..cue_span.start].rfind(s).expect(s);
            Span::new(at, at + s.len())
        });
        article.quotes.push(Quote {
            span,
            content: Span::new(span.start + 3, span.end - 3),
            kind: QuoteKind::Speech,
            cue: Some(SpeechCue {
                span: cue_span,
                verb: "say".into(),
                speaker,
                carried: false,
            }),
        });
        from = span.end;
    }
    article
}

fn speakers(got: &Got) -> Vec<(&str, Option<&str>, SpeakerLink)> {
    got.quotes
        .iter()
        .map(|q| {
            let s = q.speaker.as_ref().unwrap();
            (s.text.as_str(), s.entity.as_deref(), s.link)
        })
        .collect()
}

#[test]
fn speakers_link_to_mentions_pronouns_and_roles() {
    let text = "Talks\n\nRussian President Vladimir Putin said “useful information” was shared. \
                He said “more”. The Russian president said “enough”. Reuters said “nothing”.";
    let article = with_quotes(
        text,
        &[
            (
                "“useful information”",
                "said “useful",
                Some("Vladimir Putin"),
            ),
            ("“more”", "said “more", Some("He")),
            ("“enough”", "said “enough", Some("The Russian president")),
            ("“nothing”", "said “nothing", Some("Reuters")),
        ],
    );
    let html = annotator(AnnotateOptions::default())
        .annotate(&article, "t")
        .to_html();
    let plain = annotator(AnnotateOptions::default()).annotate_json(&article, "t");
    assert!(html.contains("<tr><td>useful information</td><td>Vladimir Putin</td></tr>"));
    assert!(html.contains("<tr><td>enough</td><td>The Russian president</td></tr>"));
    assert_eq!(
        speakers(&plain),
        [
            ("Vladimir Putin", Some("person:putin"), SpeakerLink::Mention),
            ("He", Some("person:putin"), SpeakerLink::Pronoun),
            // "Russian" inside the role phrase is a demonym, not the speaker.
            ("The Russian president", None, SpeakerLink::Unlinked),
            ("Reuters", Some("org:reuters"), SpeakerLink::Mention),
        ]
    );
    assert_eq!(plain.quotes[0].text, "useful information");
    assert_eq!(plain.quotes[0].verb.as_deref(), Some("say"));
    let q = &plain.quotes[0];
    assert_eq!(
        text.chars()
            .skip(q.char_start)
            .take(q.char_end - q.char_start)
            .collect::<String>(),
        "“useful information”"
    );
    let in_quote: Vec<&str> = plain
        .mentions
        .iter()
        .filter(|m| m.in_quote)
        .map(|m| m.text.as_str())
        .collect();
    assert!(in_quote.is_empty(), "{in_quote:?}");

    let roles = annotator(AnnotateOptions {
        role_rule: true,
        ..AnnotateOptions::default()
    })
    .annotate_json(&article, "t");
    assert_eq!(
        speakers(&roles)[2],
        (
            "The Russian president",
            Some("person:putin"),
            SpeakerLink::Role
        )
    );
}

#[test]
fn speech_without_its_own_speaker_continues_the_last_one_nearby() {
    let text =
        "Vladimir Putin said “a” and “b”. Then “c”. Later on. Still “d”. Li Shangfu saw “e”.";
    let mut article = with_quotes(text, &[("“a”", "said", Some("Vladimir Putin"))]);
    for (quote, kind) in [
        ("“b”", QuoteKind::Speech),
        ("“c”", QuoteKind::Speech),
        ("“d”", QuoteKind::Speech),
        ("“e”", QuoteKind::Scare),
    ] {
        let at = text.find(quote).unwrap();
        let span = Span::new(at, at + quote.len());
        article.quotes.push(Quote {
            span,
            content: Span::new(span.start + 3, span.end - 3),
            kind,
            cue: None,
        });
    }
    let got = annotator(AnnotateOptions::default()).annotate_json(&article, "t");
    let entities: Vec<Option<&str>> = got
        .quotes
        .iter()
        .map(|q| q.speaker.as_ref().and_then(|s| s.entity.as_deref()))
        .collect();
    // "b" same sentence, "c" next sentence; "d" is two sentences on; "e" is scare quotes.
    assert_eq!(
        entities,
        [
            Some("person:putin"),
            Some("person:putin"),
            Some("person:putin"),
            None,
            None
        ]
    );
}

#[test]
fn pronoun_without_an_earlier_person_stays_unlinked() {
    let text = "He said “no”. Vladimir Putin agreed.";
    let article = with_quotes(text, &[("“no”", "said", Some("He"))]);
    let got = annotator(AnnotateOptions::default()).annotate_json(&article, "t");
    assert_eq!(speakers(&got), [("He", None, SpeakerLink::Unlinked)]);
}

#[test]
fn mentions_inside_quotes_and_attributions() {
    let text = "Li Shangfu said “Russia is a friend”, Reuters reported.";
    let mut article = with_quotes(
        text,
        &[("“Russia is a friend”", "said", Some("Li Shangfu"))],
    );
    let at = text.find("Reuters").unwrap();
    let cue = text.find("reported").unwrap();
    article.attributions.push(Attribution {
        source: Span::new(at, at + 7),
        cue: Span::new(cue, cue + 8),
        verb: "report".into(),
    });
    let got = annotator(AnnotateOptions::default()).annotate_json(&article, "t");
    let quoted: Vec<(&str, bool)> = got
        .mentions
        .iter()
        .map(|m| (m.text.as_str(), m.in_quote))
        .collect();
    assert_eq!(
        quoted,
        [("Li Shangfu", false), ("Russia", true), ("Reuters", false)]
    );
    assert_eq!(got.attributions[0].entity.as_deref(), Some("org:reuters"));
    assert_eq!(got.attributions[0].verb, "report");
}

#[test]
fn html_escapes_and_highlights() {
    let a = annotator(AnnotateOptions::default());
    let html = a.annotate_text("<b>China</b> & Russia").to_html();
    assert!(html.contains("&lt;b&gt;<mark"), "{html}");
    assert!(
        html.contains(">China</mark>&lt;/b&gt; &amp; <mark"),
        "{html}"
    );
    assert!(html.contains("data-entity=\"country:RU\""));
    // The legend lists the label once.
    assert_eq!(html.matches(">COUNTRY</span>").count(), 1);
    assert!(!html.contains("<b>"));
}

#[test]
fn options_reject_unknown_keys() {
    let err = serde_json::from_str::<AnnotateOptions>(r#"{"partial": true}"#).unwrap_err();
    assert!(err.to_string().contains("unknown field"), "{err}");
    let o: AnnotateOptions = serde_json::from_str(r#"{"prior": "population"}"#).unwrap();
    assert_eq!(o.prior.as_deref(), Some("population"));
    assert!(o.partial_names && o.document_rules && !o.role_rule);
}

#[test]
fn overlapping_reports_nested_matches_resolved_alike() {
    let options = AnnotateOptions {
        overlapping: true,
        ..AnnotateOptions::default()
    };
    let g = Gazetteer::from_entries(
        [
            Entry::new("person:putin", "Vladimir Putin", "PERSON"),
            Entry::new("person:v", "Vladimir", "PERSON"),
            Entry::new("city:moscow", "Moscow", "CITY"),
        ],
        "t",
    )
    .unwrap();
    let a = Annotator::with_options(Matcher::new(g), options);
    let article = Article::parse_plain("T\n\nVladimir Putin left Moscow. Putin came back.");
    let got = a.annotate_json(&article, "t");
    let spans: Vec<(&str, &str, MentionForm)> = got
        .mentions
        .iter()
        .map(|m| (m.text.as_str(), m.entity.as_str(), m.form))
        .collect();
    assert_eq!(
        spans,
        [
            // Ordered by start, then end, as the matcher orders them.
            ("Vladimir", "person:v", MentionForm::Name),
            ("Vladimir Putin", "person:putin", MentionForm::Name),
            ("Moscow", "city:moscow", MentionForm::Name),
            ("Putin", "person:putin", MentionForm::Partial),
        ]
    );
    // The HTML view marks the outer mention only.
    let html = a.annotate(&article, "t").to_html();
    assert_eq!(html.matches("<mark").count(), 3, "{html}");
    assert!(html.contains(">Vladimir Putin</mark>"), "{html}");
}

#[test]
fn plain_preset_is_matches_only() {
    let a = annotator(AnnotateOptions::plain());
    let article = Article::parse_plain("Putin\n\nVladimir Putin met Li Shangfu. Li spoke.");
    let got = a.annotate_json(&article, "t");
    let texts: Vec<&str> = got.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["Vladimir Putin", "Li Shangfu"]);
}

#[test]
fn text_mentions_are_annotate_text_mentions_for_every_options() {
    let g = Gazetteer::from_entries(
        [
            Entry::new("person:putin", "Vladimir Putin", "PERSON"),
            Entry::new("city:paris", "Paris", "CITY").alias_of_kind("Parisian", AliasKind::Demonym),
            Entry::new("person:paris", "Paris", "PERSON"),
            Entry::new("city:sp", "São Paulo", "CITY"),
            Entry::new("person:v", "Vladimir", "PERSON"),
        ],
        "t",
    )
    .unwrap();
    let texts = [
        "Vladimir Putin met Putin in Paris. A Parisian café, SÃO PAULO 😀 and Sao\nPaulo.",
        "",
        "Paris, Paris and Vladimir",
    ];
    let mut plain_overlapping = AnnotateOptions::plain();
    plain_overlapping.overlapping = true;
    let default_overlapping = AnnotateOptions {
        overlapping: true,
        ..AnnotateOptions::default()
    };
    for options in [
        AnnotateOptions::plain(),
        plain_overlapping,
        AnnotateOptions::default(),
        default_overlapping,
    ] {
        let annotator = Annotator::with_options(Matcher::new(g.clone()), options.clone());
        for text in texts {
            assert_eq!(
                annotator.text_mentions(text),
                annotator.annotate_text(text).mentions,
                "{options:?} on {text:?}"
            );
        }
    }
}
