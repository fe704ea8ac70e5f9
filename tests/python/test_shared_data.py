"""Tests that read ../shared/data: skipped without it, required when CI is set."""

import re

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
