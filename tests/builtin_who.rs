//! The built-in gazetteer and the annotator on the traps of issue 29 ("who in real news"):
//! provinces of other countries, a capital its country's alias once shadowed, cities once
//! dropped because a team bears their name, teams in results, a place that is where a
//! speaker is and not who, the wire's spellings. Needs the `default-gazetteer` feature.

use newsgaz::{Annotator, Article, Gazetteer, Matcher};

fn annotate(text: &str) -> newsgaz::AnnotatedArticle {
    let annotator = Annotator::new(Matcher::new(Gazetteer::builtin().clone()));
    annotator.annotate_owned(Article::parse_plain(text), "test".into())
}

/// Each mention as (text, entity id).
fn linked(text: &str) -> Vec<(String, String)> {
    let a = annotate(text);
    a.mentions
        .iter()
        .map(|m| {
            let id = a.entry(m.entity()).id.clone();
            (a.text()[m.span.start..m.span.end].to_owned(), id)
        })
        .collect()
}

fn id_of(found: &[(String, String)], text: &str) -> Option<String> {
    found
        .iter()
        .find(|(t, _)| t == text)
        .map(|(_, id)| id.clone())
}

#[test]
fn provinces_of_other_countries_are_found_and_a_cue_picks_the_division() {
    let found = linked("Fires\n\nWildfires in Quebec and Ontario spread east.");
    assert_eq!(
        id_of(&found, "Quebec").as_deref(),
        Some("division:ca-quebec")
    );
    assert_eq!(
        id_of(&found, "Ontario").as_deref(),
        Some("division:ca-ontario")
    );
    let a = annotate("Fires\n\nWildfires in Quebec and Ontario spread east.");
    assert_eq!(
        a.focus.countries[0].code, "CA",
        "a Canadian story is about Canada"
    );
    // A name a big city bears is the city's; a cue makes it the division.
    let found = linked("Vote\n\nSao Paulo voted. In the state of Sao Paulo turnout fell.");
    assert!(id_of(&found, "Sao Paulo").is_some_and(|id| id.starts_with("geonames:")));
    assert_eq!(
        id_of(&found, "state of Sao Paulo").as_deref(),
        Some("division:br-sao-paulo")
    );
}

#[test]
fn a_capital_is_never_its_country_and_cities_named_like_teams_are_places() {
    let found =
        linked("Floods\n\nOfficials in Brasilia met. Floods hit Rotterdam, Antwerp and Duisburg.");
    for name in ["Brasilia", "Rotterdam", "Antwerp", "Duisburg"] {
        let id = id_of(&found, name).unwrap_or_default();
        assert!(id.starts_with("geonames:"), "{name} is a city, got {id:?}");
    }
}

#[test]
fn a_city_in_a_results_line_is_its_team_and_elsewhere_the_city() {
    let found = linked("Results\n\nLeeds 2 Wimbledon 1\nFans in Leeds cheered.");
    assert_eq!(
        found[0],
        ("Leeds".to_owned(), "org:leeds-united".to_owned())
    );
    assert_eq!(found[1].1, "team:football-wimbledon");
    assert!(found[2].1.starts_with("geonames:"), "{found:?}");
}

/// The entity the first quotation's speaker phrase links to.
fn first_speaker(text: &str) -> Option<newsgaz::EntityIndex> {
    let a = annotate(text);
    let speaker = a
        .quotes()
        .next()
        .and_then(|q| q.speaker)
        .expect("a speaker phrase");
    speaker.entity
}

#[test]
fn a_place_where_the_speaker_is_does_not_speak() {
    let located = "Talks\n\nA spokesperson in Brussels said \"no deal\" was likely.";
    assert_eq!(first_speaker(located), None);
    let whole = "Talks\n\n\"No deal,\" Moscow said.";
    assert!(
        first_speaker(whole).is_some(),
        "a place as the whole phrase still speaks"
    );
}

#[test]
fn the_wire_spellings_link() {
    let found = linked("Wire\n\nPrices rose in the U.S last week, Reuter reported.");
    assert_eq!(id_of(&found, "U.S").as_deref(), Some("country:US"));
    assert_eq!(id_of(&found, "Reuter").as_deref(), Some("org:reuters"));
}
