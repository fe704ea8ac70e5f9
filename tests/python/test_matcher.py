"""Matcher options from Python (issue 3): case modes, folding switches, overlapping search."""

import pickle

import pytest

import newsgaz
from _interrupt import CtrlC, cpu_of

GAZ = newsgaz.Gazetteer.from_records(
    [
        {"id": "country:US", "name": "US", "label": "COUNTRY"},
        {"id": "country:CN", "name": "China", "label": "COUNTRY"},
        {"id": "person:putin", "name": "Vladimir Putin", "label": "PERSON", "aliases": ["Putin"]},
    ]
)


@pytest.mark.parametrize(
    ("options", "want"),
    [
        ({}, ["US", "China", "CHINA"]),
        ({"case": "smart"}, ["US", "China", "CHINA"]),
        ({"case": "insensitive"}, ["us", "US", "china", "China", "CHINA"]),
        ({"case": "exact"}, ["US", "China"]),
        ({"case": "smart", "acronym_max_len": 0}, ["US", "China", "CHINA"]),
        ({"case": "insensitive", "word_boundaries": False}, ["us", "US", "china", "China", "CHINA"]),
    ],
)
def test_case_modes(options, want):
    text = "us US china China CHINA"
    assert [m.text for m in newsgaz.Matcher(GAZ, **options).find(text)] == want


def test_overlapping_is_chosen_per_search():
    text = "Vladimir Putin spoke"
    matcher = newsgaz.Matcher(GAZ)
    assert [m.text for m in matcher.find(text)] == ["Vladimir Putin"]
    assert [(m.start, m.end) for m in matcher.find(text, overlapping=True)] == [(0, 14), (9, 14)]
    # Not a matcher option: an error, never silently ignored.
    with pytest.raises(ValueError, match="unknown field `overlapping`"):
        newsgaz.Matcher(GAZ, overlapping=True)
    annotator = newsgaz.Annotator(matcher, overlapping=True)
    assert [m.text for m in annotator.annotate(text).mentions] == ["Vladimir Putin", "Putin"]


def test_folding_switches():
    text = "Vladimir\u00a0Putin"
    assert [m.text for m in newsgaz.Matcher(GAZ).find(text)] == [text]
    assert [m.text for m in newsgaz.Matcher(GAZ, fold_whitespace=False).find(text)] == ["Putin"]


def test_options_survive_pickling():
    matcher = newsgaz.Matcher(GAZ, case="insensitive", fold_diacritics=False)
    clone = pickle.loads(pickle.dumps(matcher))
    assert clone.options_json() == matcher.options_json()
    text = "us vladimir putin"
    assert [m.text for m in clone.find(text, overlapping=True)] == ["us", "vladimir putin", "putin"]


def test_invalid_option_values_are_value_errors():
    with pytest.raises(ValueError, match="invalid matcher option"):
        newsgaz.Matcher(GAZ, acronym_max_len=-1)
    with pytest.raises(ValueError, match="invalid matcher option"):
        newsgaz.Matcher(GAZ, word_boundaries="yes")


def test_option_types_are_strict():
    # A truthy string is not a bool, a float is not a count.
    for options in ({"fold_diacritics": "no"}, {"acronym_max_len": 2.5}):
        with pytest.raises(ValueError, match="invalid matcher option"):
            newsgaz.Matcher(GAZ, **options)
    with pytest.raises(ValueError, match="invalid annotator option"):
        newsgaz.Annotator(newsgaz.Matcher(GAZ), partial_names="yes")


def test_find_many_equals_find_in_input_order():
    texts = ["us Vladimir Putin", "", "China and CHINA", "Putin"] * 25
    matcher = newsgaz.Matcher(GAZ)
    for threads in (None, 1, 2):
        got = matcher.find_many(texts, threads=threads)
        assert [[(m.start, m.end, m.entity) for m in ms] for ms in got] == [
            [(m.start, m.end, m.entity) for m in matcher.find(t)] for t in texts
        ]
    nested = matcher.find_many(["Vladimir Putin"], overlapping=True)
    assert [m.text for m in nested[0]] == ["Vladimir Putin", "Putin"]


def test_mentions_keep_their_text_and_names():
    # A mention slices its text from the string it was found in, which it keeps alive.
    matcher = newsgaz.Matcher(GAZ)
    text = "".join(["Ünïcode ", "and Vladimir Putin; ", "China"])
    found = matcher.find(text) + matcher.find_many([text], threads=2)[0]
    del text
    assert [(m.text, m.entity, m.name, m.label, m.candidates, m.form) for m in found] == [
        ("Vladimir Putin", "person:putin", "Vladimir Putin", "PERSON", ("person:putin",), "name"),
        ("China", "country:CN", "China", "COUNTRY", ("country:CN",), "name"),
    ] * 2
    assert repr(found[1]) == (
        "Mention(start=28, end=33, text='China', entity='country:CN', label='COUNTRY')"
    )
    annotated = newsgaz.Annotator(matcher).annotate("T\n\nChina and £ US")
    assert annotated.text is annotated.text
    assert [annotated.text[m.start : m.end] for m in annotated.mentions] == ["China", "US"]


def test_find_many_stops_at_a_bad_text_and_names_nothing_else():
    matcher = newsgaz.Matcher(GAZ)
    with pytest.raises(TypeError):
        matcher.find_many(["China", 3])  # type: ignore[list-item]


def test_find_arrays_are_find_as_columns():
    matcher = newsgaz.Matcher(GAZ)
    ids = GAZ.ids()
    assert len(ids) == len(GAZ)
    for text in ["us Vladimir Putin", "", "Ünïcode: China and CHINA, Putin", "Vladimir Putin"]:
        for overlapping in (False, True):
            starts, ends, entities = matcher.find_arrays(text, overlapping=overlapping)
            assert all(a.typecode == "q" for a in (starts, ends, entities))
            got = [(s, e, ids[x]) for s, e, x in zip(starts, ends, entities)]
            want = [(m.start, m.end, m.entity) for m in matcher.find(text, overlapping=overlapping)]
            assert got == want
            assert all(text[s:e] for s, e, _ in got)
    assert len(matcher.find_arrays("Vladimir Putin", overlapping=True)[0]) == 2


def test_annotate_many_equals_annotate():
    annotator = newsgaz.Annotator(newsgaz.Matcher(GAZ))
    texts = ["T\n\nVladimir Putin met China. Putin left.", newsgaz.parse_article("T\n\nUS talks.")]
    many = annotator.annotate_many(texts, threads=2)
    one = [annotator.annotate(t) for t in texts]

    def records(a: newsgaz.AnnotatedArticle) -> list[tuple[int, int, str, str]]:
        return [(m.start, m.end, m.entity, m.form) for m in a.mentions]

    assert [records(a) for a in many] == [records(a) for a in one]
    assert [a.source for a in many] == ["#0", "#1"]


def test_mentions_share_the_gazetteer_strings():
    a, b = newsgaz.Matcher(GAZ).find("China, then China")
    # One str object per entry, not one per mention.
    assert a.entity is b.entity and a.label is b.label and a.candidates[0] is b.entity
    assert (a.entity, a.form) == ("country:CN", "name")


def test_ctrl_c_stops_find_many_between_texts():
    matcher = newsgaz.Matcher(GAZ)
    # One 12 kB text with no match, a million times over (the same object: no memory):
    # seconds of work, which the Ctrl-C must cut short.
    texts = ["xyzzy " * 2000] * 1_000_000
    whole = cpu_of(matcher.find_many, texts[:62_500], threads=2) * 16
    with CtrlC(after=0.1) as ctrl_c, pytest.raises(KeyboardInterrupt):
        ctrl_c.run(matcher.find_many, texts, threads=2)
    ctrl_c.check(whole)


def test_an_offset_past_4_gib_is_an_error_never_a_wrong_offset():
    # Mentions keep their offsets in 32 bits (a 64-byte object); one that cannot be held is
    # refused with a clear error (here through a crafted pickle: a 4 GiB text is too big
    # for a test).
    m = newsgaz.Matcher(GAZ).find("China")[0]
    make, (gazetteer, source, fields) = m.__reduce__()
    assert make(gazetteer, source, fields).end == 5
    crafted = (0, 5, 2**32, 2**32 + 5) + tuple(fields[4:])
    with pytest.raises(newsgaz.NewsgazError, match="does not fit a mention"):
        make(gazetteer, source, crafted)
