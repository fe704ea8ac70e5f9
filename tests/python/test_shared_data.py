"""Tests that read ../shared/data: skipped without it, required when CI is set."""

import re

import pytest

import newsgaz


def test_seed_article_every_china_russia_putin(shared_data):
    text = (shared_data / "seed" / "putin-li-shangfu.txt").read_text(encoding="utf-8")
    gaz = newsgaz.Gazetteer.from_records(
        [
            {"id": "country:CN", "name": "China", "label": "COUNTRY"},
            {"id": "country:RU", "name": "Russia", "label": "COUNTRY"},
            {"id": "person:putin", "name": "Vladimir Putin", "label": "PERSON", "aliases": ["Putin"]},
        ]
    )
    found = newsgaz.Matcher(gaz).find(text)
    for m in found:
        assert text[m.start : m.end] == m.text
    for word, entity in [("China", "country:CN"), ("Russia", "country:RU"), ("Putin", "person:putin")]:
        starts = [x.start() for x in re.finditer(rf"(?<!\w){word}(?!\w)", text)]
        assert starts
        for s in starts:
            assert any(m.entity == entity and m.start <= s < m.end for m in found), (word, s)


def test_seed_article_quotes_and_sentences(shared_data):
    text = (shared_data / "seed" / "putin-li-shangfu.txt").read_text(encoding="utf-8")
    a = newsgaz.parse_article(text)
    assert len(a.paragraphs) == 12 and len(a.sentences) == 13
    for s, e in a.sentences:
        assert a.text[s:e].endswith((".", ".”"))
    scare = [q for q in a.quotes if q.kind == "scare"]
    assert [q.text for q in scare] == ["no limits"]
    said = [q for q in a.quotes if q.cue is not None and q.cue.text == "said"]
    assert [q.cue.speaker_text for q in said] == ["Putin", "Putin", "He"]
    assert [x.source_text for x in a.attributions] == ["Reuters", "the Associated Press"]


def test_bbc_latin1_file_needs_lossy(shared_data):
    data = (shared_data / "bbc-news" / "bbc" / "sport" / "199.txt").read_bytes()
    with pytest.raises(newsgaz.ArticleError, match=r"invalid UTF-8 at byte 257"):
        newsgaz.parse_article_bytes(data, "sport/199.txt")
    a = newsgaz.parse_article_bytes(data, "sport/199.txt", lossy=True)
    assert a.title and a.metadata["replaced_invalid_utf8"] >= 1
