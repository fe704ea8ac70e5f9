"""Hostile input from Python (issue 30): the reading limits as keywords, clamped
threads with a warning, numbers too large for JSON named where they stand, lone
surrogate escapes named or replaced."""

import gzip
import warnings

import pytest

import newsgaz


def test_a_record_past_max_record_bytes_is_an_error_in_its_place(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "Talks in Lima."}\n{"text": "' + "a" * 500 + '"}\n{"text": "Peru."}\n')
    results = newsgaz.read_articles(path, errors="return", max_record_bytes=100)
    assert [type(r).__name__ for r in results] == ["Article", "ArticleError", "Article"]
    assert str(results[1]).endswith(
        "feed.jsonl:2: more than 100 bytes from byte 27 (the limit max_record_bytes; raise it with --max-record-bytes)"
    )
    # The default reads it; None keeps the default.
    assert len(newsgaz.read_articles(path, max_record_bytes=None)) == 3
    with pytest.raises(newsgaz.NewsgazError, match="max_record_bytes=-1: expected a whole number"):
        newsgaz.read_articles(path, max_record_bytes=-1)


def test_a_gzip_input_past_max_decompressed_bytes_ends_in_an_error(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt") as f:
        for i in range(2000):
            f.write(f'{{"text": "Record {i} from Lima."}}\n')
    results = newsgaz.read_articles(path, errors="return", max_decompressed_bytes=10_000)
    *read, last = results
    assert 200 < len(read) < 2000 and all(isinstance(r, newsgaz.Article) for r in read)
    assert "the limit max_decompressed_bytes" in str(last)


def test_a_deep_page_is_flattened_and_says_so(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 5000 + "<p>Floods closed the road into Lima.</p>" + "</div>" * 5000)
    (article,) = newsgaz.read_articles(path, max_html_depth=64)
    assert "Floods closed the road" in article.text
    limit = article.metadata["extra"]["limits"]["max_html_depth"]
    assert limit["value"] == 64 and limit["tags_replaced"] > 4900


def test_threads_past_four_a_core_are_clamped_with_a_warning():
    matcher = newsgaz.Matcher(newsgaz.Gazetteer.from_records([{"id": "l", "name": "Lima", "label": "CITY"}]))
    with pytest.warns(ResourceWarning, match=r"threads=1000000000 is more than 4 a core"):
        found = matcher.find_many(["Lima"] * 5, threads=10**9)
    assert [len(f) for f in found] == [1] * 5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        matcher.find_many(["Lima"], threads=1)


def test_numbers_too_large_for_json_are_named_where_they_stand():
    with pytest.raises(newsgaz.NewsgazError, match=r"\['acronym_max_len'\]: the number 10{30} is out of range"):
        newsgaz.Matcher(newsgaz.Gazetteer.from_records([]), acronym_max_len=10**30)
    records = [
        {"id": "a", "name": "Lima", "label": "CITY"},
        {"id": "b", "name": "Quito", "label": "CITY", "attributes": {"population": 10**30}},
    ]
    with pytest.raises(newsgaz.NewsgazError, match=r"<records>:2: \['attributes'\]\['population'\]: the number"):
        newsgaz.Gazetteer.from_records(records)


def test_lone_surrogate_escapes_are_named_or_replaced(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "a \\ud800 b"}\n{"text": "Lima"}\n')
    first, second = newsgaz.read_articles(path, errors="return")
    assert "`\\ud800` is a lone UTF-16 surrogate" in str(first)
    assert second.text == "Lima"
    first, _ = newsgaz.read_articles(path, lossy=True)
    assert first.text == "a \ufffd b"
