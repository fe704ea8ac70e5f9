"""DataFrames and batches: to_pandas/to_arrow columns built in Rust, read_articles over
the CLI's formats, annotate_many over str/Article/dict items with errors in place, a
progress bar, and Ctrl-C that stops a batch."""

import gzip
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsgaz
from _interrupt import CtrlC, cpu_of

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

RECORDS = [
    {"id": "c:lisbon", "name": "Lisbon", "label": "CITY", "aliases": ["Lisboa"]},
    {"id": "c:porto", "name": "Porto", "label": "CITY"},
    {"id": "p:silva", "name": "Rui Silva", "label": "PERSON"},
]


@pytest.fixture(scope="module")
def annotator() -> newsgaz.Annotator:
    return newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.from_records(RECORDS)))


TEXTS = [
    "Rain in Lisbon\n\n“It will pass,” Rui Silva said in Porto. 😀 Lisboa again.",
    "Nothing here.",
    "T\n\n𝔄 £ Porto, Porto and Lisbon.",
]


def test_mentions_table_has_one_row_per_mention_with_str_offsets(annotator):
    results = [annotator.annotate(t, source=f"s{i}") for i, t in enumerate(TEXTS)]
    df = newsgaz.to_pandas(results)
    assert len(df) == sum(len(r.mentions) for r in results)
    for row in df.itertuples():
        assert TEXTS[row.document][row.start : row.end] == row.text
        assert TEXTS[row.document].encode()[row.byte_start : row.byte_end].decode() == row.text
    assert list(df["source"].unique()) == ["s0", "s2"]
    assert str(df["paragraph"].dtype) == "Int64" and df["paragraph"].isna().any()
    assert df["entity"].dtype == "category"
    assert df["in_title"].dtype == bool and df["in_title"].any()
    # The same table from one article's method.
    one = results[2].to_pandas()
    assert list(one["text"]) == ["Porto", "Porto", "Lisbon"]


def test_entities_and_quotes_tables(annotator):
    results = [annotator.annotate(t) for t in TEXTS]
    entities = newsgaz.to_pandas(results, "entities")
    assert len(entities) == sum(len(r.entities) for r in results)
    assert entities["salience"].dtype == float
    quotes = newsgaz.to_pandas(results, "quotes")
    assert list(quotes["text"]) == ["It will pass,"]
    assert list(quotes["speaker_text"]) == ["Rui Silva"]
    assert list(quotes["speaker_entity"]) == ["p:silva"]
    with pytest.raises(newsgaz.NewsgazError, match="mentions"):
        newsgaz.to_pandas(results, "nothing")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"results\[0\]"):
        newsgaz.to_pandas(["not an article"])  # type: ignore[list-item]


def test_arrow_table_matches_the_pandas_one(annotator):
    results = [annotator.annotate(t) for t in TEXTS]
    for what in ["mentions", "entities", "quotes"]:
        table = newsgaz.to_arrow(results, what)
        df = newsgaz.to_pandas(results, what)
        assert table.num_rows == len(df)
        assert table.column_names == list(df.columns)
        for name in table.column_names:
            got = table.column(name).to_pylist()
            want = [None if pd.isna(v) else v for v in df[name].tolist()]
            assert got == want, (what, name)
    mentions = newsgaz.to_arrow(results)
    assert mentions.schema.field("text").type == pa.large_string()
    assert pa.types.is_dictionary(mentions.schema.field("entity").type)


def test_a_missing_extra_is_named(annotator, monkeypatch):
    result = annotator.annotate(TEXTS[0])
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"newsgaz\[pandas\]"):
        result.to_pandas()
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"newsgaz\[arrow\]"):
        result.to_arrow()


words = st.sampled_from(["Lisbon", "Porto", "Lisboa", "Rui Silva", "x", "𝔄", "😀", "é", "£", " ", ".", "\n"])


@settings(max_examples=60, deadline=None)
@given(st.lists(words, max_size=40).map("".join))
def test_offsets_round_trip_on_non_bmp_text(text):
    annotator = newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.from_records(RECORDS)))
    result = annotator.annotate(text)
    for m in result.to_dict()["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
    df = result.to_pandas()
    assert [text[s:e] for s, e in zip(df["start"], df["end"])] == list(df["text"])
    table = result.to_arrow()
    starts, ends = table.column("start").to_pylist(), table.column("end").to_pylist()
    assert [text[s:e] for s, e in zip(starts, ends)] == table.column("text").to_pylist()


def test_read_articles_reads_every_format_one_result_per_record(tmp_path):
    (tmp_path / "a.txt").write_text("Rain in Lisbon\n\nIt rained in Porto.")
    (tmp_path / "b.jsonl").write_text('{"text": "Porto."}\nnot json\n{"text": "Lisbon."}\n')
    with gzip.open(tmp_path / "c.json.gz", "wt") as f:
        f.write('[{"title": "One", "text": "Lisbon."}, {"text": 7}]')
    (tmp_path / "d.txt").write_bytes(b"Caf\xe9 in Porto")
    got = newsgaz.read_articles(tmp_path / "*", errors="return")
    kinds = [(type(r).__name__, getattr(r, "source", None) or str(r).split(":")[0]) for r in got]
    assert [k for k, _ in kinds] == [
        "Article",
        "Article",
        "ArticleError",
        "Article",
        "Article",
        "ArticleError",
        "ArticleError",
    ]
    assert got[0].source.endswith("a.txt") and got[0].title == "Rain in Lisbon"
    assert got[1].source.endswith("b.jsonl:1")
    assert "b.jsonl:2" in str(got[2])
    assert got[4].source.endswith("c.json.gz#0")
    assert "invalid UTF-8 at byte 3" in str(got[6])
    # lossy: the Latin-1 byte becomes U+FFFD.
    assert newsgaz.read_articles(tmp_path / "d.txt", lossy=True)[0].text == "Caf\ufffd in Porto"
    # Raising is the default; a missing file is Python's own error.
    with pytest.raises(newsgaz.ArticleError, match="b.jsonl:2"):
        newsgaz.read_articles([tmp_path / "a.txt", tmp_path / "b.jsonl"])
    with pytest.raises(FileNotFoundError):
        newsgaz.read_articles(tmp_path / "missing.jsonl")
    with pytest.raises(FileNotFoundError, match="no file matches"):
        newsgaz.read_articles(str(tmp_path / "*.xml"))


def test_annotate_many_keeps_every_item_in_order(annotator, tmp_path):
    (tmp_path / "a.txt").write_text("Rain in Lisbon\n\nIt rained in Porto.")
    article = newsgaz.read_articles(tmp_path / "a.txt")[0]
    items = [
        "Porto.",
        article,
        {"title": "Feed", "text": "Lisboa and Porto."},
        {"title": "no text"},
        42,
        newsgaz.parse_article("Lisbon"),
    ]
    for threads in [1, 2]:
        got = annotator.annotate_many(items, threads=threads, errors="return")
        assert len(got) == len(items)
        assert [m.text for m in got[0].mentions] == ["Porto"]
        assert got[1].source.endswith("a.txt") and got[0].source == "#0"
        assert got[2].title == "Feed" and [m.entity for m in got[2].mentions] == ["c:lisbon", "c:porto"]
        assert isinstance(got[3], newsgaz.ArticleError) and str(got[3]).startswith("#3")
        assert isinstance(got[4], TypeError) and "items[4]" in str(got[4]) and "int" in str(got[4])
        assert got[5].mentions[0].text == "Lisbon"
    with pytest.raises(newsgaz.ArticleError, match="#3"):
        annotator.annotate_many(items[:4])
    with pytest.raises(TypeError, match=r"items\[0\]"):
        annotator.annotate_many([None])
    with pytest.raises(newsgaz.NewsgazError, match="errors="):
        annotator.annotate_many([], errors="ignore")  # type: ignore[call-overload]


def test_progress_bar_counts_the_batch(annotator, capsys):
    got = annotator.annotate_many(["Porto."] * 30, progress=True)
    assert len(got) == 30
    err = capsys.readouterr().err
    assert "30/30" in err and "article" in err


def test_ctrl_c_stops_a_batch_quickly(annotator):
    # 100 MB: seconds of work on 2 threads, in a release build too.
    items = ["Rain in Lisbon and Porto, said Rui Silva. " * 300] * 8000
    whole = cpu_of(annotator.annotate_many, items[:500], threads=2) * 16
    with CtrlC(after=0.1) as ctrl_c, pytest.raises(KeyboardInterrupt):
        ctrl_c.run(annotator.annotate_many, items, threads=2)
    ctrl_c.check(whole)


def test_gazetteer_from_pandas():
    df = pd.DataFrame(
        {
            "qid": ["c:lyon", "c:porto", "c:faro"],
            "title": ["Lyon", "Porto", "Faro"],
            "kind": ["CITY", "CITY", "CITY"],
            "also": [["Lugdunum"], "Oporto|Portus Cale", None],
            "population": [516_000, float("nan"), 64_000],
        }
    )
    g = newsgaz.Gazetteer.from_pandas(
        df, id="qid", name="title", label="kind", aliases="also", attributes=["population"]
    )
    assert len(g) == 3
    assert [a["text"] if isinstance(a, dict) else a for a in g.get("c:porto")["aliases"]] == [
        "Oporto",
        "Portus Cale",
    ]
    assert g.get("c:porto")["attributes"] == {"population": None}
    assert g.get("c:lyon")["attributes"] == {"population": 516000}
    found = newsgaz.Matcher(g).find("From Oporto to Lugdunum.")
    assert [m.entity for m in found] == ["c:porto", "c:lyon"]
    with pytest.raises(newsgaz.GazetteerError, match='no column "id"'):
        newsgaz.Gazetteer.from_pandas(df)
    with pytest.raises(TypeError, match="from_pandas"):
        newsgaz.Gazetteer.from_records(df)
    with pytest.raises(TypeError, match="expected a pandas DataFrame"):
        newsgaz.Gazetteer.from_pandas([{"id": "x"}])
    bad = df.assign(title=["Lyon", None, "Faro"])
    with pytest.raises(newsgaz.GazetteerError, match="name"):
        newsgaz.Gazetteer.from_pandas(bad, id="qid", name="title", label="kind")


@pytest.mark.parametrize("call", ["annotate", "find"])
def test_ctrl_c_stops_one_long_call(annotator, call):
    # 60 MB in one text: over a second of work in a release build.
    text = "Rain in Lisbon and Porto, said Rui Silva. " * 1_500_000
    run = annotator.annotate if call == "annotate" else annotator.matcher.find
    whole = cpu_of(run, text[: len(text) // 16]) * 16
    with CtrlC(after=0.1) as ctrl_c, pytest.raises(KeyboardInterrupt):
        ctrl_c.run(run, text)
    ctrl_c.check(whole)
    # The interrupted call leaves nothing broken behind.
    after = annotator.annotate("Porto.").mentions if call == "annotate" else run("Porto.")
    assert [m.text for m in after] == ["Porto"]
