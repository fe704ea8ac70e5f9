"""Annotation from Python (issue 6): context linking, summary, HTML for notebooks."""

import json
import pickle

import pytest

import newsgaz

GAZ = newsgaz.Gazetteer.from_records(
    [
        {"id": "person:putin", "name": "Vladimir Putin", "label": "PERSON"},
        {"id": "person:li-shangfu", "name": "Li Shangfu", "label": "PERSON"},
        {"id": "person:li-qiang", "name": "Li Qiang", "label": "PERSON"},
        {
            "id": "country:RU",
            "name": "Russia",
            "label": "COUNTRY",
            "aliases": [{"text": "Russian", "kind": "demonym"}],
        },
    ]
)
ANNOTATOR = newsgaz.Annotator(newsgaz.Matcher(GAZ))


def test_partial_names_demonyms_and_str_offsets():
    text = "😀 Putin <hosts> Li\n\n😀 Vladimir Putin met Li Shangfu. Li praised Russian ties."
    a = ANNOTATOR.annotate(text)
    got = [(m.text, m.entity, m.form, m.in_title) for m in a.mentions]
    assert got == [
        ("Putin", "person:putin", "partial", True),
        ("Li", "person:li-shangfu", "partial", True),
        ("Vladimir Putin", "person:putin", "name", False),
        ("Li Shangfu", "person:li-shangfu", "name", False),
        ("Li", "person:li-shangfu", "partial", False),
        ("Russian", "country:RU", "demonym", False),
    ]
    for m in a.mentions:
        assert text[m.start : m.end] == m.text
        assert text.encode()[m.byte_start : m.byte_end].decode() == m.text
    assert a.mentions[4].candidates == ("person:li-shangfu", "person:li-qiang")
    # The same from a parsed article.
    same = ANNOTATOR.annotate(newsgaz.parse_article(text), source="x")
    assert [m.entity for m in same.mentions] == [m.entity for m in a.mentions]
    assert same.source == "x"


def test_summary_cooccurrence_json_and_html():
    a = ANNOTATOR.annotate("Russia Talks\n\nVladimir Putin spoke. Putin left Russia.")
    rows = [(e.id, e.count, e.in_title) for e in a.entities]
    assert rows == [("country:RU", 2, True), ("person:putin", 2, False)]
    assert abs(sum(e.salience for e in a.entities) - 1.0) < 1e-9
    # One body paragraph: Russia is title 3 + first paragraph 2, Putin 2 + 2.
    assert abs(a.entities[0].salience - 5 / 9) < 1e-9
    assert a.entities[1].first == a.text.index("Vladimir")
    assert a.cooccurrences == [("country:RU", "person:putin", 1)]
    record = json.loads(a.to_json())
    assert record["mentions"][0]["form"] == "name"
    assert record["entities"][0]["id"] == "country:RU"
    html = a._repr_html_()
    assert html == a.to_html()
    assert html.count("</mark>") == len(a.mentions)
    assert ">PERSON</span>" in html and ">COUNTRY</span>" in html
    assert a.quotes == [] and a.attributions == []


def test_options_are_checked_and_change_results():
    with pytest.raises(ValueError, match="unknown field"):
        newsgaz.Annotator(newsgaz.Matcher(GAZ), partial=False)
    off = newsgaz.Annotator(newsgaz.Matcher(GAZ), partial_names=False)
    assert json.loads(off.options_json())["partial_names"] is False
    text = "Vladimir Putin spoke. Putin left."
    assert len(off.annotate(text).mentions) == 1
    assert len(ANNOTATOR.annotate(text).mentions) == 2


def test_pickle_round_trip_keeps_options():
    off = newsgaz.Annotator(newsgaz.Matcher(GAZ, case="exact"), partial_names=False, prior="population")
    clone = pickle.loads(pickle.dumps(off))
    assert clone.options_json() == off.options_json()
    assert clone.matcher.options_json() == off.matcher.options_json()
    text = "Vladimir Putin spoke. Putin left."
    assert [m.text for m in clone.annotate(text).mentions] == ["Vladimir Putin"]


def test_annotated_article_carries_its_article_quotes_with_speakers():
    people = newsgaz.Gazetteer.from_records(
        [
            {"id": "p:putin", "name": "Vladimir Putin", "label": "PERSON"},
            {"id": "org:reuters", "name": "Reuters", "label": "ORG"},
        ]
    )
    text = "£ Talks\n\nMOSCOW (Reuters) - “We agreed,” Vladimir Putin said. Talks ended, Reuters reported."
    a = newsgaz.Annotator(newsgaz.Matcher(people)).annotate(text)
    assert a.article.text == a.text and len(a.article.sentences) == 2
    start, end = a.article.sentences[0]
    assert a.text[start:end] == "“We agreed,” Vladimir Putin said."
    dateline = a.article.metadata["dateline"]
    assert a.text[slice(*dateline["span"])] == "MOSCOW (Reuters) -" and isinstance(dateline["place"], tuple)
    quote = a.quotes[0]
    assert quote.text == "We agreed," and a.text[slice(*quote.span)] == "“We agreed,”"
    speaker = quote.speaker
    assert speaker is not None and (speaker.text, speaker.entity, speaker.link) == ("Vladimir Putin", "p:putin", "mention")
    assert a.text[speaker.start : speaker.end] == "Vladimir Putin"
    assert [(x.source_text, x.entity) for x in a.attributions] == [("Reuters", "org:reuters")]
    # Parsed alone, the same quote has no linked speaker yet.
    assert newsgaz.parse_article(text).quotes[0].speaker is None
    # The lists are built once: the same objects on every access.
    assert a.mentions is a.mentions
    assert isinstance(a.entities[0], newsgaz.EntitySummary)
