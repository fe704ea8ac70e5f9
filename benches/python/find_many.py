"""Python throughput of `Matcher.find` in a loop against `find_many` on 1 and 2 threads.

    .venv/bin/python benches/python/find_many.py [SHARED_DATA]

Uses the BBC corpus (SHARED_DATA/bbc-news/bbc, default ../shared/data beside the repo) and
the built-in gazetteer; checks that the batch gives the same mentions as the loop. One and
two threads run in turn, 15 times (the machine may be shared: a slow spell then hits both),
and the ratio is the median of each turn's ratio. Build the extension with
`maturin develop --release` first.
"""

import statistics
import sys
import time
from pathlib import Path

import newsgaz

REPO = Path(__file__).resolve().parents[2]


def secs(run):
    """The time of one call; the previous result was freed before."""
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def main():
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared" / "data"
    paths = sorted((data / "bbc-news" / "bbc").glob("*/*.txt"))
    if not paths:
        sys.exit(f"no BBC articles under {data}")
    texts = [p.read_bytes().decode("utf-8", errors="replace") for p in paths]
    mb = sum(len(t.encode()) for t in texts) / 1e6
    matcher = newsgaz.Matcher(newsgaz.Gazetteer.default())
    loop, found = secs(lambda: [matcher.find(t) for t in texts])
    turns = []
    for _ in range(15):
        one, _ = secs(lambda: matcher.find_many(texts, threads=1))
        two, batch = secs(lambda: matcher.find_many(texts, threads=2))
        turns.append((one, two))
    one = statistics.median(t[0] for t in turns)
    two = statistics.median(t[1] for t in turns)
    ratio = statistics.median(a / b for a, b in turns)
    spans = lambda lists: [[(m.start, m.end, m.entity) for m in ms] for ms in lists]  # noqa: E731
    assert spans(found) == spans(batch), "find_many differs from find"
    print(
        f"{len(texts)} texts, {mb:.2f} MB, {sum(map(len, found))} mentions: "
        f"find loop {loop:.3f} s ({mb / loop:.1f} MB/s); find_many 1 thread {one:.3f} s "
        f"({mb / one:.1f} MB/s); 2 threads {two:.3f} s ({mb / two:.1f} MB/s); 2 threads are "
        f"{ratio:.2f}x one (median of 15 turns)"
    )


if __name__ == "__main__":
    main()
