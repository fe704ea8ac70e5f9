"""What a notebook user waits for: `annotate_many` on 1 and 2 threads, the fixed cost of
one `find` and one `annotate` call on a short text, and tables of the whole corpus.

    .venv/bin/python benches/python/notebook.py [SHARED_DATA]

Reads the BBC corpus with `read_articles` (SHARED_DATA/bbc-news/bbc, default ../shared/data
beside the repo, lossy for its one Latin-1 file) and uses the built-in gazetteer. One and
two threads run in turn 7 times (the machine may be shared: a slow spell then hits both);
the ratio is the median of each turn's ratio. Build the extension with
`maturin develop --release` first; pandas and pyarrow are needed for the table timings.
"""

import statistics
import sys
import time
from pathlib import Path

import newsgaz

REPO = Path(__file__).resolve().parents[2]


def secs(run):
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def per_call(run, calls=20_000):
    """Median over 5 rounds of the time of one call, in microseconds."""
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(calls):
            run()
        rounds.append((time.perf_counter() - started) / calls * 1e6)
    return statistics.median(rounds)


def main():
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data"
    articles = newsgaz.read_articles(str(data / "bbc-news" / "bbc" / "*" / "*.txt"), lossy=True)
    mb = sum(len(a.text.encode()) for a in articles) / 1e6
    annotator = newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.default()))
    print(f"{len(articles)} articles, {mb:.2f} MB")

    ones, twos, ratios = [], [], []
    for _ in range(7):
        one, a = secs(lambda: annotator.annotate_many(articles, threads=1))
        del a
        two, b = secs(lambda: annotator.annotate_many(articles, threads=2))
        del b
        ones.append(one)
        twos.append(two)
        ratios.append(one / two)
    print(
        f"annotate_many: 1 thread {mb / statistics.median(ones):.1f} MB/s, "
        f"2 threads {mb / statistics.median(twos):.1f} MB/s, "
        f"ratio {statistics.median(ratios):.2f} (turns {', '.join(f'{r:.2f}' for r in ratios)})"
    )

    short = (
        "Officials in Lisbon and Madrid met on Tuesday. “We agreed,” the minister said, "
        "before talks with Germany and France resume in Brussels next month, Reuters reported "
        "on Wednesday from Lisbon and from Porto."
    )[:200]
    assert len(short) == 200
    matcher = annotator.matcher
    print(f"per call on {len(short)} characters: find {per_call(lambda: matcher.find(short)):.1f} µs, "
          f"annotate {per_call(lambda: annotator.annotate(short), calls=5_000):.1f} µs, "
          f"find_arrays {per_call(lambda: matcher.find_arrays(short)):.1f} µs")

    results = annotator.annotate_many(articles)
    mentions = sum(len(r.mentions) for r in results)
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        print("pandas or pyarrow missing: no table timings")
        return
    for name, make in [("to_pandas", newsgaz.to_pandas), ("to_arrow", newsgaz.to_arrow)]:
        times = []
        for _ in range(5):
            t, table = secs(lambda: make(results, "mentions"))
            times.append(t)
        rows = len(table)
        assert rows == mentions
        print(f"{name}(mentions): {rows} rows in {statistics.median(times) * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
