"""The Python package: offsets, errors, pickling, articles."""

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsgaz

GAZ = newsgaz.Gazetteer.from_records(
    [
        {"id": "country:CN", "name": "China", "label": "COUNTRY"},
        {"id": "city:sp", "name": "São Paulo", "label": "CITY", "aliases": ["Sao Paulo"]},
        {"id": "emoji", "name": "𝔘nicode", "label": "X"},
    ]
)
MATCHER = newsgaz.Matcher(GAZ)


def test_offsets_are_str_indices_with_non_bmp_text():
    text = "😀 İ China’s 𝔘nicode in São Paulo and SAO PAULO"
    found = MATCHER.find(text)
    assert [m.text for m in found] == ["China", "𝔘nicode", "São Paulo", "SAO PAULO"]
    for m in found:
        assert text[m.start : m.end] == m.text
        assert text.encode()[m.byte_start : m.byte_end].decode() == m.text


words = st.sampled_from(["China", "china", "São Paulo", "😀", "İ", "ß", "Chinas", " ", "’s", "\n", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=20))
def test_offsets_round_trip_on_random_text(parts):
    text = "".join(parts)
    for m in MATCHER.find(text):
        assert text[m.start : m.end] == m.text
        assert m.entity in m.candidates


def test_errors_are_typed_value_errors_naming_the_record():
    with pytest.raises(newsgaz.GazetteerError, match=r"<records>:2: field `id`: duplicate id `a`"):
        newsgaz.Gazetteer.from_records(
            [{"id": "a", "name": "A", "label": "X"}, {"id": "a", "name": "B", "label": "X"}]
        )
    with pytest.raises(ValueError, match=r"<records>:1: field `name`: missing required field"):
        newsgaz.Gazetteer.from_records([{"id": "a", "label": "X"}])
    # Records in the common shape (read directly) and others (read through JSON) give the
    # same entries and the same errors, in the same places.
    plain = [{"id": "a", "name": "A", "label": "X", "aliases": ["Ay"]}, {"id": "b", "name": "B", "label": "X"}]
    mixed = [
        {"id": "a", "name": "A", "label": "X", "aliases": [{"text": "Ay"}]},
        {"id": "b", "name": "B", "label": "X", "case": None},
    ]
    assert newsgaz.Gazetteer.from_records(plain) == newsgaz.Gazetteer.from_records(mixed)
    for bad, message in [
        ({"id": "c", "name": "", "label": "X"}, r"<records>:3: field `name`: "),
        ({"id": "c", "name": "C", "label": "X", "aliases": [""]}, r"<records>:3: field `aliases\[0\]`: "),
        ({"id": "c", "name": 5, "label": "X"}, r"<records>:3: field `name`: invalid record: expected a string"),
        ({"id": "a", "name": "C", "label": "X"}, r"<records>:3: field `id`: duplicate id `a`"),
    ]:
        with pytest.raises(newsgaz.GazetteerError, match=message):
            newsgaz.Gazetteer.from_records(plain + [bad])
    assert issubclass(newsgaz.NewsgazError, ValueError)
    with pytest.raises(ValueError, match="unknown variant"):
        newsgaz.Matcher(GAZ, case="sometimes")
    with pytest.raises(ValueError, match="unknown field"):
        newsgaz.Matcher(GAZ, colour="blue")


def test_pickle_round_trip_keeps_options_and_results():
    exact = newsgaz.Matcher(GAZ, case="exact")
    clone = pickle.loads(pickle.dumps(exact))
    text = "china and China"
    assert [(m.start, m.entity) for m in clone.find(text)] == [(10, "country:CN")]
    assert len(pickle.loads(pickle.dumps(GAZ))) == 3


def test_parse_article_spans_are_str_indices():
    text = "Título 😀\n\nPrimeira frase. Segunda frase.\n\nOutro parágrafo."
    a = newsgaz.parse_article(text)
    assert a.title == "Título 😀"
    assert [text[s:e] for s, e in a.paragraphs] == ["Primeira frase. Segunda frase.", "Outro parágrafo."]
    assert [text[s:e] for s, e in a.sentences] == ["Primeira frase.", "Segunda frase.", "Outro parágrafo."]
    assert a.title_span == (0, 8)


def test_default_gazetteer_is_the_builtin_one():
    gaz = newsgaz.Gazetteer.default()
    assert len(gaz) > 10_000
    assert newsgaz.Gazetteer.default() is not None
    text = "Chinese officials met Reuters in Paris."
    found = [(text[m.start : m.end], m.entity) for m in newsgaz.Matcher(gaz).find(text)]
    assert found == [("Chinese", "country:CN"), ("Reuters", "org:reuters"), ("Paris", "geonames:2988507")]


def test_overlay_your_entries_first_replacing_same_ids():
    base = newsgaz.Gazetteer.from_records(
        [{"id": "a", "name": "Old", "label": "X"}, {"id": "b", "name": "Bee", "label": "X"}]
    )
    mine = newsgaz.Gazetteer.from_records([{"id": "a", "name": "New", "label": "X"}])
    merged = mine.overlay(base)
    assert len(merged) == 2
    found = newsgaz.Matcher(merged).find("New Old Bee")
    assert [(m.text, m.entity) for m in found] == [("New", "a"), ("Bee", "b")]
