"""Records behave as Python values: they pickle (across processes too), compare and hash
by value, and turn into dicts; annotated articles travel as self-contained snapshots;
errors pickle and keep their classes."""

import multiprocessing
import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

import newsgaz

RECORDS = [
    {"id": "p:ferreira", "name": "Ana Ferreira", "label": "PERSON", "aliases": ["Ferreira"]},
    {"id": "org:acme", "name": "Acme Mining", "label": "ORG", "aliases": ["Acme"]},
    {"id": "c:lyon", "name": "Lyon", "label": "CITY"},
    {"id": "c:paris-fr", "name": "Paris", "label": "CITY"},
    {"id": "c:paris-tx", "name": "Paris", "label": "CITY"},
    {"id": "org:wire", "name": "Wire Service", "label": "ORG"},
]
# Made up for these tests: a title, a quote with a speaker, an attribution, a pound sign
# and a character outside the BMP before the mentions.
TEXT = (
    "Acme Mining in Paris\n\n"
    "“We will stay,” Ana Ferreira told reporters in Paris. 🎉 £5 a share, "
    "Wire Service reported. Ferreira left for Paris."
)


@pytest.fixture(scope="module")
def custom() -> newsgaz.Annotator:
    return newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.from_records(RECORDS)))


@pytest.fixture(scope="module")
def builtin() -> newsgaz.Annotator:
    return newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.default()))


def annotated(annotator: newsgaz.Annotator) -> newsgaz.AnnotatedArticle:
    return annotator.annotate(TEXT, source="made-up.txt")


def records_of(aa: newsgaz.AnnotatedArticle) -> dict[str, object]:
    """One record of every class an annotation holds."""
    quote = aa.quotes[0]
    return {
        "Mention": aa.mentions[0],
        "EntitySummary": aa.entities[0],
        "Quote": quote,
        "SpeechCue": quote.cue,
        "Speaker": quote.speaker,
        "Attribution": aa.attributions[0],
        "Article": aa.article,
        "AnnotatedArticle": aa,
    }


@pytest.mark.parametrize("which", ["custom", "builtin"])
def test_every_record_pickles_and_compares_by_value(which, request):
    aa = annotated(request.getfixturevalue(which))
    assert aa.quotes and aa.attributions and aa.quotes[0].speaker is not None
    for name, record in records_of(aa).items():
        assert type(record).__name__ == name
        back = pickle.loads(pickle.dumps(record))
        assert back is not record
        assert back == record, name
        assert hash(back) == hash(record), name
        assert back != 42 and record != "x"
        if hasattr(record, "to_dict"):
            assert back.to_dict() == record.to_dict(), name
    # Two annotations of the same text are equal values; of another text, not.
    again = annotated(request.getfixturevalue(which))
    assert again == aa and again.mentions == aa.mentions
    assert aa.mentions[0] != aa.mentions[1]
    other = request.getfixturevalue(which).annotate(TEXT + " Lyon.", source="made-up.txt")
    assert other != aa
    assert len({m for m in aa.mentions}) == len({(m.start, m.end) for m in aa.mentions})


def test_an_annotated_article_travels_with_only_the_entries_it_names(custom):
    aa = annotated(custom)
    back = pickle.loads(pickle.dumps(aa))
    assert back.to_json() == aa.to_json()
    assert [m.candidates for m in back.mentions] == [m.candidates for m in aa.mentions]
    ambiguous = [m for m in back.mentions if len(m.candidates) > 1]
    assert ambiguous and ambiguous[0].candidates == ("c:paris-fr", "c:paris-tx")
    # Lyon is never mentioned: it does not travel.
    assert b"c:lyon" not in pickle.dumps(aa)
    # A lone mention carries its candidates' entries alone, and its text.
    mention = ambiguous[0]
    data = pickle.dumps(mention)
    assert b"c:paris-tx" in data and b"org:acme" not in data
    assert pickle.loads(data).text == "Paris"


def test_over_the_builtin_gazetteer_pickles_name_it(builtin):
    aa = annotated(builtin)
    # The snapshot holds no entries: the built-in gazetteer is named, not copied.
    assert len(pickle.dumps(aa)) < 3 * len(aa.to_json())
    mentions = pickle.dumps(aa.mentions)
    assert len(mentions) < 4000
    back = pickle.loads(mentions)
    assert [m.entity for m in back] == [m.entity for m in aa.mentions]


def test_damaged_pickles_are_errors_not_crashes(custom):
    aa = annotated(custom)
    helper, (snapshot,) = aa.__reduce__()
    for bad in [snapshot[: len(snapshot) // 2], snapshot.replace(b'"version":1', b'"version":7')]:
        with pytest.raises(newsgaz.NewsgazError, match="snapshot"):
            helper(bad)
    helper, (json, quotes, attributions, source) = aa.article.__reduce__()
    with pytest.raises(newsgaz.ArticleError, match="does not fit"):
        helper(json.replace(b'"end":', b'"end":9999', 1), quotes, attributions, source)
    with pytest.raises(newsgaz.ArticleError, match="quotes"):
        helper(json, [], attributions, source)
    helper, (gazetteer, text, fields) = aa.mentions[0].__reduce__()
    with pytest.raises(newsgaz.NewsgazError, match="span"):
        helper(gazetteer, text, (0, 10_000, *fields[2:]))
    with pytest.raises(newsgaz.NewsgazError, match="candidate"):
        helper(gazetteer, text, (*fields[:9], [99]))


def test_to_dict_gives_plain_values_with_str_offsets(custom):
    aa = annotated(custom)
    d = aa.to_dict()
    assert d["source"] == "made-up.txt" and d["text"] == TEXT
    for m in d["mentions"]:
        assert TEXT[m["start"] : m["end"]] == m["text"]
        assert TEXT.encode()[m["byte_start"] : m["byte_end"]].decode() == m["text"]
        assert isinstance(m["candidates"], list)
    quote = d["quotes"][0]
    assert TEXT[slice(*quote["content"])] == quote["text"] == "We will stay,"
    assert quote["speaker"]["text"] == "Ana Ferreira" and quote["cue"]["verb"] == "tell"
    assert d["attributions"][0]["source_text"] == "Wire Service"
    assert {e["id"] for e in d["entities"]} >= {"org:acme", "p:ferreira"}
    # Plain data: it pickles and compares as dicts do.
    assert pickle.loads(pickle.dumps(d)) == d


def test_errors_are_newsgaz_classes_that_pickle():
    for cls in (newsgaz.NewsgazError, newsgaz.GazetteerError, newsgaz.ArticleError):
        assert cls.__module__ == "newsgaz"
        error = cls("made up")
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is cls and str(back) == "made up"
    with pytest.raises(newsgaz.ArticleError) as raised:
        newsgaz.parse_article_json({"title": "no text"})
    back = pickle.loads(pickle.dumps(raised.value))
    assert isinstance(back, newsgaz.ArticleError) and "text" in str(back)


def test_matchers_annotators_and_gazetteers_compare_by_value(custom):
    g = newsgaz.Gazetteer.from_records(RECORDS)
    assert g == newsgaz.Gazetteer.from_records(RECORDS) and hash(g) == hash(
        newsgaz.Gazetteer.from_records(RECORDS)
    )
    assert g != newsgaz.Gazetteer.from_records(RECORDS[:2])
    assert newsgaz.Matcher(g) == custom.matcher
    assert newsgaz.Matcher(g, case="exact") != custom.matcher
    assert newsgaz.Annotator(newsgaz.Matcher(g)) == custom
    assert newsgaz.Annotator(newsgaz.Matcher(g), partial_names=False) != custom
    assert pickle.loads(pickle.dumps(custom)) == custom


def test_constructor_signatures_show_the_real_defaults():
    import inspect

    g = newsgaz.Gazetteer.from_records(RECORDS)
    matcher = newsgaz.Matcher(g)
    for cls, made in [(newsgaz.Matcher, matcher), (newsgaz.Annotator, newsgaz.Annotator(matcher))]:
        import json

        defaults = json.loads(made.options_json())
        shown = {
            name: p.default
            for name, p in inspect.signature(cls).parameters.items()
            if p.kind is inspect.Parameter.KEYWORD_ONLY
        }
        assert shown == defaults, cls


def annotate_in_worker(text: str) -> newsgaz.AnnotatedArticle:
    annotator = newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.default()))
    if not text:
        newsgaz.parse_article_json({"title": "no text"})
    return annotator.annotate(text, source="worker")


def test_a_spawned_process_pool_returns_annotated_results_and_errors():
    texts = [TEXT, "Rain in Lisbon and Paris.", "Peru and Chile."]
    expected = [annotate_in_worker(t) for t in texts]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        got = pool.map(annotate_in_worker, texts)
        assert got == expected
        assert [m.text for m in got[1].mentions] == ["Lisbon", "Paris"]
        with pytest.raises(newsgaz.ArticleError, match="text"):
            pool.map(annotate_in_worker, [TEXT, ""])


def test_eight_threads_share_one_annotator(builtin):
    texts = [f"{TEXT} Lisbon {i}. Peru." * (1 + i % 5) for i in range(64)]
    serial = [builtin.annotate(t).to_json() for t in texts]
    with ThreadPoolExecutor(8) as pool:
        threaded = list(pool.map(lambda t: builtin.annotate(t).to_json(), texts))
    assert threaded == serial


def test_reprs_are_python_reprs(custom):
    aa = annotated(custom)
    assert repr(aa) == "AnnotatedArticle(source='made-up.txt', title='Acme Mining in Paris', mentions=%d, entities=%d)" % (
        len(aa.mentions),
        len(aa.entities),
    )
    quote = aa.quotes[0]
    assert repr(quote) == "Quote(kind='speech', text='We will stay,')"
    assert repr(quote.cue) == "SpeechCue(verb='tell', speaker_text='Ana Ferreira')"
    assert repr(quote.speaker).startswith("Speaker(text='Ana Ferreira', entity=")
    assert repr(aa.attributions[0]) == "Attribution(source_text='Wire Service', verb='report', entity='org:wire')"
    assert repr(aa.entities[0]).startswith("EntitySummary(id=")
    assert repr(aa.article).startswith("Article(title='Acme Mining in Paris', paragraphs=1")
    for record in records_of(aa).values():
        assert "Some(" not in repr(record)


def test_bad_arguments_are_type_errors_that_name_them(custom):
    with pytest.raises(TypeError, match=r"annotate\(article\): expected an Article or a str, got NoneType"):
        custom.annotate(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"parse_article_json\(record\).*got int"):
        newsgaz.parse_article_json(7)  # type: ignore[arg-type]
    # JSON as bytes is JSON.
    assert newsgaz.parse_article_json(b'{"text": "Rain in Lyon."}').text == "Rain in Lyon."
    with pytest.raises(newsgaz.ArticleError, match="invalid JSON"):
        newsgaz.parse_article_json(b"{not json")
    # Options: NewsgazError (a ValueError) that names the option's problem.
    with pytest.raises(newsgaz.NewsgazError, match="invalid matcher option.*loud"):
        newsgaz.Matcher(newsgaz.Gazetteer.from_records(RECORDS), case="loud")  # type: ignore[arg-type]
    with pytest.raises(newsgaz.NewsgazError, match="invalid annotator option.*colour"):
        newsgaz.Annotator(custom.matcher, colour=True)  # type: ignore[call-arg]


def test_a_panic_in_the_core_is_a_newsgaz_error():
    from newsgaz import _newsgaz

    with pytest.raises(newsgaz.NewsgazError, match="internal error in newsgaz.*made-up bug"):
        _newsgaz._panic_in_core("made-up bug")
