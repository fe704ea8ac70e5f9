"""Annotation on the seed article (issue 6): skipped without ../shared/data, required in CI."""

import re

import newsgaz


def test_seed_article_names_resolve_in_context(shared_data, repo):
    text = (shared_data / "seed" / "putin-li-shangfu.txt").read_text(encoding="utf-8")
    gaz = newsgaz.Gazetteer.from_file(repo / "tests" / "fixtures" / "seed-people.jsonl")
    a = newsgaz.Annotator(newsgaz.Matcher(gaz)).annotate(text)
    for word, entity in [
        ("Li", "person:li-shangfu"),
        ("Putin", "person:putin"),
        ("Shoigu", "person:shoigu"),
        ("Chinese", "country:CN"),
        ("Russian", "country:RU"),
    ]:
        starts = [x.start() for x in re.finditer(rf"(?<!\w){word}(?!\w)", text)]
        assert len(starts) >= 2
        for s in starts:
            covering = [m for m in a.mentions if m.start <= s < m.end]
            assert covering and covering[0].entity == entity, (word, s)
