"""Compiled gazetteers from Python: to_compiled/from_compiled round trips, damaged bytes
refused by name, I/O errors as Python's own, and pickles that carry compiled tables (or,
over the built-in gazetteer, only the options)."""

import pickle

import pytest

import newsgaz

RECORDS = [
    {"id": "p:ferreira", "name": "Ana Ferreira", "label": "PERSON", "aliases": ["Ferreira"]},
    {"id": "org:acme", "name": "Acme Mining", "label": "ORG", "aliases": ["Acme"]},
    {"id": "c:pt", "name": "Portugal", "label": "COUNTRY", "aliases": ["Portuguese"]},
]
TEXT = "Ana Ferreira of Acme Mining flew to Portugal; Ferreira said Acme would stay. 🎉 Portugal."


def spans(matcher: newsgaz.Matcher) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.entity) for m in matcher.find(TEXT)]


@pytest.fixture()
def matcher() -> newsgaz.Matcher:
    return newsgaz.Matcher(newsgaz.Gazetteer.from_records(RECORDS), case="insensitive")


def test_compiled_bytes_load_the_same_matcher(matcher, tmp_path):
    data = matcher.to_compiled()
    assert isinstance(data, bytes) and data[:4] == b"\x89NGZ"
    loaded = newsgaz.Matcher.from_compiled(data)
    assert spans(loaded) == spans(matcher)
    assert len(spans(matcher)) == 6
    assert loaded.options_json() == matcher.options_json()
    assert loaded.gazetteer.to_jsonl() == matcher.gazetteer.to_jsonl()
    path = tmp_path / "people.ngz"
    path.write_bytes(data)
    assert spans(newsgaz.Matcher.from_compiled_path(path)) == spans(matcher)
    # A compiled file is a gazetteer file too.
    assert len(newsgaz.Gazetteer.from_file(path)) == 3


def test_damaged_bytes_and_missing_files_raise_what_is_wrong(matcher, tmp_path):
    data = bytearray(matcher.to_compiled())
    data[len(data) // 2] ^= 1
    with pytest.raises(newsgaz.GazetteerError, match="checksum mismatch"):
        newsgaz.Matcher.from_compiled(bytes(data))
    with pytest.raises(newsgaz.GazetteerError, match="truncated"):
        newsgaz.Matcher.from_compiled(matcher.to_compiled()[:-5])
    with pytest.raises(newsgaz.GazetteerError, match="not a compiled newsgaz gazetteer"):
        newsgaz.Matcher.from_compiled(b'{"id": 1}')
    assert issubclass(newsgaz.GazetteerError, newsgaz.NewsgazError)
    assert issubclass(newsgaz.NewsgazError, ValueError)
    with pytest.raises(FileNotFoundError, match="no-such.ngz"):
        newsgaz.Matcher.from_compiled_path(tmp_path / "no-such.ngz")
    with pytest.raises(FileNotFoundError):
        newsgaz.Gazetteer.from_file(tmp_path / "no-such.jsonl")
    with pytest.raises(IsADirectoryError):
        newsgaz.Gazetteer.from_file(tmp_path)


def test_gazetteer_files_of_every_format(tmp_path):
    csv = tmp_path / "people.csv"
    csv.write_text("id,name,label,aliases,party\r\np:1,Ana Ferreira,PERSON,Ferreira,Verde\r\n")
    g = newsgaz.Gazetteer.from_file(csv)
    assert len(g) == 1
    ragged = tmp_path / "ragged.tsv"
    ragged.write_text("id\tname\tlabel\np:1\tAna\n")
    with pytest.raises(
        newsgaz.GazetteerError, match="ragged.tsv:2: invalid record: 2 cells where the header has 3"
    ):
        newsgaz.Gazetteer.from_file(ragged)


def test_pickles_carry_the_compiled_tables_and_load_once(matcher):
    data = pickle.dumps(matcher)
    first = pickle.loads(data)
    assert spans(first) == spans(matcher)
    assert pickle.loads(data) is first, "the same pickle in one process loads once"
    annotator = newsgaz.Annotator(matcher)
    again = pickle.loads(pickle.dumps(annotator))
    assert [m.entity for m in again.annotate(TEXT).mentions] == [
        m.entity for m in annotator.annotate(TEXT).mentions
    ]


def test_builtin_pickles_are_small():
    matcher = newsgaz.Matcher(newsgaz.Gazetteer.default())
    annotator = newsgaz.Annotator(matcher)
    for value in (newsgaz.Gazetteer.default(), matcher, annotator):
        assert len(pickle.dumps(value)) < 1000, type(value)
    text = "Talks in Paris and Lima; NATO said China would attend."
    loaded = pickle.loads(pickle.dumps(annotator))
    assert [m.entity for m in loaded.annotate(text).mentions] == [
        m.entity for m in annotator.annotate(text).mentions
    ]
    exact = newsgaz.Matcher(newsgaz.Gazetteer.default(), case="exact")
    data = pickle.dumps(exact)
    first = pickle.loads(data)
    assert first.options_json() == exact.options_json()
    # Options other than the defaults build a matcher: once per process, while it lives.
    assert pickle.loads(data) is first
    assert pickle.loads(pickle.dumps(matcher)) is not first


def test_the_builtin_matcher_comes_compiled_whatever_the_constructor():
    builtin = newsgaz.Matcher.builtin()
    by_default = newsgaz.Matcher(newsgaz.Gazetteer.default())
    text = "Talks in Paris and Lima; NATO said China would attend."
    assert [m.entity for m in builtin.find(text)] == [m.entity for m in by_default.find(text)]
    assert builtin.options_json() == by_default.options_json()
    assert len(builtin.gazetteer) == len(newsgaz.Gazetteer.default())
    # A pickle of it names the built-in tables instead of holding them.
    assert len(pickle.dumps(builtin)) < 1000


def test_gazetteer_is_a_read_only_collection_of_entries():
    g = newsgaz.Gazetteer.from_records(RECORDS)
    assert "c:pt" in g and "c:xx" not in g
    assert g.get("c:pt") == {"id": "c:pt", "name": "Portugal", "label": "COUNTRY", "aliases": ["Portuguese"]}
    assert g.get("c:xx") is None and g.get("c:xx", {}) == {}
    assert [e["id"] for e in g] == ["p:ferreira", "org:acme", "c:pt"]
    assert repr(g) == "Gazetteer(3 entries)"
    builtin = newsgaz.Gazetteer.default()
    assert repr(builtin).endswith(", built-in)")
    assert builtin.get("country:CN")["attributes"]["iso3"] == "CHN"
    assert newsgaz.__version__.count(".") == 2
