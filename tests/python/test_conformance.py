"""Runs every case of tests/cases/*.json against the Python package."""

import json
from pathlib import Path

import pytest

import newsgaz

CASES = sorted((Path(__file__).resolve().parents[1] / "cases").glob("*.json"))


def load_cases():
    for path in CASES:
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            yield pytest.param(case, id=f"{path.stem}/{case['name']}")


def find(case: dict) -> list[newsgaz.Mention]:
    """The case's matcher options build the matcher; its `overlapping` chooses the search."""
    options = dict(case.get("options", {}))
    overlapping = options.pop("overlapping", False)
    gazetteer = newsgaz.Gazetteer.from_records(case["gazetteer"])
    return newsgaz.Matcher(gazetteer, **options).find(case["text"], overlapping=overlapping)


def test_cases_exist():
    assert CASES, "no conformance case file"


@pytest.mark.parametrize("case", list(load_cases()))
def test_case(case):
    text = case["text"]
    found = find(case)
    got = [(m.start, m.end, m.text, m.entity) for m in found]
    want = [(e["span"][0], e["span"][1], e["text"], e["entity"]) for e in case["expected"]]
    assert got == want
    for m, e in zip(found, case["expected"]):
        assert text[m.start : m.end] == m.text
        assert text.encode("utf-8")[m.byte_start : m.byte_end].decode("utf-8") == m.text
        if "candidates" in e:
            assert list(m.candidates) == e["candidates"]
