"""The spaCy component (`nlp.add_pipe("newsgaz")`) on spacy.blank("en"): no model download."""

import json
import pickle
import subprocess

import pytest
import spacy

import newsgaz
from newsgaz.spacy import NewsgazComponent


def ents(doc):
    return [(e.start_char, e.end_char, e.label_, e.kb_id_, e.id_) for e in doc.ents]


def spans(doc, key="newsgaz"):
    return [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans[key]]


@pytest.fixture(scope="module")
def seed_tagged(shared_data, repo):
    """`newsgaz tag` on the seed article: its text and its mentions (char offsets)."""
    path = shared_data / "seed" / "putin-li-shangfu.txt"
    out = subprocess.run(
        ["cargo", "run", "--quiet", "--locked", "-p", "newsgaz-cli", "--", "tag", str(path)],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    record = json.loads(out.splitlines()[0])
    mentions = [(m["char_start"], m["char_end"], m["label"], m["entity"]) for m in record["mentions"]]
    return record["text"], mentions


def test_seed_article_ents_are_what_tag_finds(seed_tagged):
    text, tagged = seed_tagged
    nlp = spacy.blank("en")
    nlp.add_pipe("newsgaz")
    doc = nlp(text)
    assert len(tagged) >= 30
    assert [(s, e, label, kb) for s, e, label, kb, _ in ents(doc)] == tagged
    # id_ is the entity id too, and every ent's text is the mention's.
    assert all(kb == span_id for *_, kb, span_id in ents(doc))
    assert doc._.newsgaz_misaligned == []
    # Every mention, the overlapped ones included, is in doc.spans: the matcher's, and the
    # people found in the text (which only annotation finds).
    overlapping = newsgaz.Matcher(newsgaz.Gazetteer.default()).find(text, overlapping=True)
    people = {(s, e) for s, e, _, kb in tagged if kb.startswith("person:~")}
    assert people
    assert {(s, e) for s, e, *_ in spans(doc)} == {(m.start, m.end) for m in overlapping} | people
    assert len(spans(doc)) >= len(tagged)


def test_pipe_in_two_processes_equals_one(seed_tagged, shared_data):
    bbc = sorted((shared_data / "bbc-news" / "bbc" / "politics").glob("*.txt"))[:40]
    texts = [seed_tagged[0]] + [p.read_text(encoding="utf-8") for p in bbc]
    nlp = spacy.blank("en")
    nlp.add_pipe("newsgaz")
    one = [(ents(d), spans(d)) for d in nlp.pipe(texts, batch_size=8)]
    two = [(ents(d), spans(d)) for d in nlp.pipe(texts, batch_size=8, n_process=2)]
    single = [(ents(d), spans(d)) for d in map(nlp, texts)]
    assert one == two == single
    assert sum(len(e) for e, _ in one) > 300


def test_to_disk_and_spacy_load_give_the_same_results(seed_tagged, tmp_path):
    text, _ = seed_tagged
    nlp = spacy.blank("en")
    nlp.add_pipe("newsgaz", config={"annotator": {"partial_names": False}})
    before = nlp(text)
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["newsgaz"]
    assert loaded.get_pipe("newsgaz").settings == nlp.get_pipe("newsgaz").settings
    after = loaded(text)
    assert ents(after) == ents(before) and spans(after) == spans(before)


def test_a_gazetteer_file_is_saved_compiled(repo, tmp_path):
    source = tmp_path / "gazetteer.jsonl"
    source.write_bytes((repo / "examples" / "gazetteer.jsonl").read_bytes())
    nlp = spacy.blank("en")
    nlp.add_pipe("newsgaz", config={"builtin": False, "gazetteer": str(source)})
    text = "Ministers met in Lisboa before the EU summit in São Paulo."
    before = nlp(text)
    assert [e.kb_id_ for e in before.ents] == ["city:lisbon", "org:eu", "city:sao-paulo"]
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "newsgaz" / "matcher.ngz").is_file()
    source.unlink()  # the saved pipeline does not need the source any more
    assert ents(spacy.load(tmp_path / "pipeline")(text)) == ents(before)
    # to_bytes/from_bytes carry the compiled matcher too.
    fresh = spacy.blank("en")
    fresh.add_pipe("newsgaz", config={"builtin": False, "gazetteer": str(source)})
    fresh.from_bytes(nlp.to_bytes())
    assert ents(fresh(text)) == ents(before)


def test_builtin_and_a_file_together(repo):
    nlp = spacy.blank("en")
    path = str(repo / "examples" / "gazetteer.jsonl")
    nlp.add_pipe("newsgaz", config={"gazetteer": path})
    doc = nlp("Ana Ferreira flew from Lisboa to Madrid.")
    ids = [e.kb_id_ for e in doc.ents]
    assert "city:lisbon" in ids  # from the file
    assert any(i.startswith("geonames:") for i in ids)  # Madrid, from the built-in gazetteer


def test_misaligned_mentions_are_expanded_in_spans_and_reported():
    nlp = spacy.blank("en")
    nlp.add_pipe("newsgaz")
    doc = nlp("Trains run Berlin+Paris daily, and Rome too.")
    # spaCy keeps "Berlin+Paris" as one token; newsgaz finds two mentions in it.
    assert [t.text for t in doc][2] == "Berlin+Paris"
    misaligned = doc._.newsgaz_misaligned
    assert [(doc.text[s:e]) for s, e, _ in misaligned] == ["Berlin", "Paris"]
    # Out of doc.ents, in doc.spans expanded to the token, Rome aligned and in both.
    assert [e.text for e in doc.ents] == ["Rome"]
    assert [s.text for s in doc.spans["newsgaz"]] == ["Berlin+Paris", "Berlin+Paris", "Rome"]
    assert sorted(s.kb_id_ for s in list(doc.spans["newsgaz"])[:2]) == sorted(i for *_, i in misaligned)


def test_existing_entities_are_kept_unless_overwrite_ents():
    def with_existing(overwrite):
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("entity_ruler")
        ruler.add_patterns([{"label": "TRIP", "pattern": "to Rome"}])
        nlp.add_pipe("newsgaz", config={"overwrite_ents": overwrite})
        return nlp("From Berlin to Rome.")

    kept = with_existing(False)
    assert [(e.text, e.label_) for e in kept.ents] == [("Berlin", "CITY"), ("to Rome", "TRIP")]
    overwritten = with_existing(True)
    assert [(e.text, e.label_) for e in overwritten.ents] == [("Berlin", "CITY"), ("Rome", "CITY")]
    # Either way Rome is in doc.spans.
    assert [s.text for s in kept.spans["newsgaz"]] == ["Berlin", "Rome"]


def test_spans_key_none_skips_spans_and_a_custom_key_is_used():
    nlp = spacy.blank("en")
    nlp.add_pipe("newsgaz", config={"spans_key": None})
    doc = nlp("Berlin and Rome.")
    assert "newsgaz" not in doc.spans and [e.text for e in doc.ents] == ["Berlin", "Rome"]
    nlp2 = spacy.blank("en")
    nlp2.add_pipe("newsgaz", config={"spans_key": "places"})
    doc2 = nlp2("Berlin and Rome.")
    assert [s.text for s in doc2.spans["places"]] == ["Berlin", "Rome"]


def test_the_component_and_the_pipeline_pickle():
    nlp = spacy.blank("en")
    nlp.add_pipe("newsgaz", config={"matcher": {"case": "insensitive"}})
    text = "LYON and rome."
    before = ents(nlp(text))
    assert [e[3] for e in before] != []
    component = pickle.loads(pickle.dumps(nlp.get_pipe("newsgaz")))
    assert isinstance(component, NewsgazComponent)
    assert ents(component(spacy.blank("en")(text))) == before
    assert ents(pickle.loads(pickle.dumps(nlp))(text)) == before


def test_bad_config_is_a_newsgaz_error(tmp_path):
    nlp = spacy.blank("en")
    with pytest.raises(newsgaz.NewsgazError, match="no gazetteer"):
        nlp.add_pipe("newsgaz", config={"builtin": False})
    nlp2 = spacy.blank("en")
    nlp2.add_pipe("newsgaz", config={"gazetteer": str(tmp_path / "missing.jsonl")})
    with pytest.raises(FileNotFoundError):
        nlp2("Berlin.")
    nlp3 = spacy.blank("en")
    nlp3.add_pipe("newsgaz", config={"matcher": {"case": "sideways"}})
    with pytest.raises(newsgaz.NewsgazError):
        nlp3("Berlin.")


def test_the_module_docstring_example_runs():
    import doctest

    import newsgaz.spacy

    result = doctest.testmod(newsgaz.spacy)
    assert result.attempted > 0 and result.failed == 0
