"""Article parsing from Python: str indices, quotes, attributions, metadata, JSON records."""

import json

import pytest

import newsgaz

BODY = (
    "Title 😀\n\n"
    "By Jane Doe\n\n"
    "MOSCOW (Reuters) - Putin said the talks were “useful” and “a real step forward.” "
    "He met Li, Reuters reported.\n\n"
    "A “no limits” deal was signed, according to the ministry."
)


def test_spans_are_str_indices_and_quotes_have_speakers():
    a = newsgaz.parse_article(BODY)
    t = a.text
    assert a.title == "Title 😀" and t[a.title_span[0] : a.title_span[1]] == a.title
    assert [t[s:e].split()[0] for s, e in a.sentences] == ["Putin", "He", "A"]
    assert a.metadata["authors"] == ["Jane Doe"]
    dl = a.metadata["dateline"]
    assert t[dl["span"][0] : dl["span"][1]] == "MOSCOW (Reuters) -"
    assert t[dl["agency"][0] : dl["agency"][1]] == "Reuters"
    kinds = [(q.text, q.kind) for q in a.quotes]
    assert kinds == [("useful", "speech"), ("a real step forward.", "speech"), ("no limits", "scare")]
    for q in a.quotes[:2]:
        assert t[q.span[0] : q.span[1]].startswith("“")
        assert t[q.content[0] : q.content[1]] == q.text
        assert q.cue is not None and q.cue.verb == "say" and q.cue.speaker_text == "Putin"
        assert t[q.cue.speaker[0] : q.cue.speaker[1]] == "Putin"
    assert a.quotes[2].cue is None
    sources = [(x.source_text, x.verb) for x in a.attributions]
    assert sources == [("Reuters", "report"), ("the ministry", "according to")]
    for x in a.attributions:
        assert t[x.source[0] : x.source[1]] == x.source_text


def test_to_json_is_the_core_schema_with_byte_offsets():
    a = newsgaz.parse_article(BODY)
    doc = json.loads(a.to_json())
    raw = a.text.encode()
    s = doc["sentences"][0]
    assert raw[s["start"] : s["end"]].decode() == a.text[a.sentences[0][0] : a.sentences[0][1]]
    assert doc["quotes"][2]["kind"] == "scare"


def test_parse_article_json_understands_feed_field_names():
    record = {
        "guid": "x1",
        "headline": "Big news",
        "content": "It happened. “We won,” she said.",
        "pubDate": "kept",
        "date": "Tue, 18 Apr 2023 10:05:00 +0300",
        "author": "Amy Roe",
    }
    for given in (record, json.dumps(record)):
        a = newsgaz.parse_article_json(given)
        assert a.id == "x1" and a.title == "Big news"
        assert a.text == "Big news\n\nIt happened. “We won,” she said."
        assert a.metadata["published_date"] == "2023-04-18T10:05:00+03:00"
        assert a.metadata["authors"] == ["Amy Roe"]
        assert a.metadata["extra"] == {"pubDate": "kept"}
        assert a.quotes[0].cue.speaker_text == "she"
    with pytest.raises(newsgaz.ArticleError, match=r"<record>: field `text`: missing required field"):
        newsgaz.parse_article_json({"title": "no body"})


def test_invalid_utf8_is_an_error_unless_lossy():
    data = b"Title\n\nIt cost \xa315m."
    with pytest.raises(newsgaz.ArticleError, match=r"f.txt: invalid UTF-8 at byte 15"):
        newsgaz.parse_article_bytes(data, "f.txt")
    a = newsgaz.parse_article_bytes(data, "f.txt", lossy=True)
    assert a.text == "Title\n\nIt cost \ufffd15m."
    assert a.metadata["replaced_invalid_utf8"] == 1
