"""People the gazetteer does not list, from Python: the records name them, they pickle with
their article and their mentions, and an option turns finding them off."""

import json
import pickle

import newsgaz

TEXT = "Talks\n\nDefense Minister Sergei Shoigu met Mr Jordan in Jordan. Shoigu said Mr Jordan was ready."
GAZETTEER = [{"id": "country:JO", "name": "Jordan", "label": "COUNTRY"}]


def annotator(**options: bool) -> newsgaz.Annotator:
    return newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.from_records(GAZETTEER)), **options)


def test_found_people_are_entities_of_the_article() -> None:
    annotated = annotator().annotate(TEXT)
    assert annotated.people == [
        {"id": "person:~sergei-shoigu", "name": "Sergei Shoigu", "label": "PERSON", "evidence": ["title", "given-name"]},
        {"id": "person:~jordan", "name": "Jordan", "label": "PERSON", "evidence": ["title"]},
    ]
    got = [(m.text, m.entity, m.form) for m in annotated.mentions]
    assert got == [
        ("Sergei Shoigu", "person:~sergei-shoigu", "name"),
        ("Jordan", "person:~jordan", "name"),
        ("Jordan", "country:JO", "name"),
        ("Shoigu", "person:~sergei-shoigu", "partial"),
        ("Jordan", "person:~jordan", "name"),
    ]
    for m in annotated.mentions:
        assert annotated.text[m.start : m.end] == m.text
    assert annotated.mentions[0].name == "Sergei Shoigu"
    assert annotated.mentions[0].label == "PERSON"
    rows = {e.id: e.count for e in annotated.entities}
    assert rows["person:~sergei-shoigu"] == 2


def test_found_people_pickle_with_their_records() -> None:
    annotated = annotator().annotate(TEXT)
    back = pickle.loads(pickle.dumps(annotated))
    assert back == annotated and back.people == annotated.people
    mention = pickle.loads(pickle.dumps(annotated.mentions[0]))
    assert mention == annotated.mentions[0]
    assert (mention.entity, mention.name) == ("person:~sergei-shoigu", "Sergei Shoigu")
    assert '"people":[{"id":"person:~sergei-shoigu"' in annotated.to_json()


def test_the_people_option_turns_finding_off() -> None:
    annotated = annotator(people=False).annotate(TEXT)
    assert annotated.people == []
    assert [m.entity for m in annotated.mentions] == ["country:JO", "country:JO", "country:JO"]


def test_focus_and_country_codes_travel_with_the_result():
    annotator = newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.default()))
    text = "Talks in Lima\n\nPeru's president met envoys in Lima and Cusco. Chile sent a minister."
    annotated = annotator.annotate(text)
    focus = annotated.focus
    assert [c["code"] for c in focus["countries"]] == ["PE", "CL"]
    assert focus["countries"][0]["entity"] == "country:PE"
    assert abs(sum(c["score"] for c in focus["countries"]) - 1.0) < 1e-9
    assert focus["places"][0]["name"] == "Lima" and focus["places"][0]["country"] == "PE"
    assert {m.text: m.country for m in annotated.mentions} == {
        "Lima": "PE",
        "Peru": "PE",
        "Cusco": "PE",
        "Chile": "CL",
    }
    assert annotated.to_dict()["focus"] == focus
    assert json.loads(annotated.to_json())["focus"]["countries"][0]["code"] == "PE"
    back = pickle.loads(pickle.dumps(annotated))
    assert back.focus == focus and back == annotated
    # The focus option: on by default, off on request; the focus is reported either way.
    off = newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.default()), focus=False)
    assert off.annotate(text).focus == focus
