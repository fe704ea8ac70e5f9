"""Runs every case of tests/annotate_cases/*.json against the Python package."""

import json
from pathlib import Path

import pytest

import newsgaz

CASES = sorted((Path(__file__).resolve().parents[1] / "annotate_cases").glob("*.json"))


def load_cases():
    for path in CASES:
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            yield pytest.param(case, id=f"{path.stem}/{case['name']}")


def test_cases_exist():
    assert CASES, "no annotation case file"


@pytest.mark.parametrize("case", list(load_cases()))
def test_case(case):
    text = case["text"]
    gazetteer = newsgaz.Gazetteer.from_records(case["gazetteer"])
    matcher = newsgaz.Matcher(gazetteer, **case.get("matcher", {}))
    annotated = newsgaz.Annotator(matcher, **case.get("options", {})).annotate(text)
    found = annotated.mentions
    if "focus" in case:
        assert [c["code"] for c in annotated.focus["countries"]] == case["focus"]
    got = [(m.start, m.end, m.text, m.entity, m.form) for m in found]
    want = [(e["span"][0], e["span"][1], e["text"], e["entity"], e["form"]) for e in case["expected"]]
    assert got == want
    for m, e in zip(found, case["expected"]):
        assert text[m.start : m.end] == m.text
        if "candidates" in e:
            assert list(m.candidates) == e["candidates"]
        if "country" in e:
            assert m.country == e["country"]
