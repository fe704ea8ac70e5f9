"""Per-call cost from Python with the built-in gazetteer: `find`, `parse_article` and
`annotate` on a 200-character text, and `annotate_many` on the BBC corpus with 1 and 2
threads (when ../shared/data is there). Medians of rounds; prints one line per figure.

    .venv/bin/python benches/python/call_cost.py [--rounds 7]
"""
import argparse
import pathlib
import statistics
import time

import newsgaz

TEXT = (
    "Floods in Porto\n\nRain fell on Porto and Lisbon on Monday, said Rui Silva, the mayor. "
    "Portugal's government met in Lisbon to plan repairs with Spain, and the European Union "
    "sent aid to the north on Tuesday."
)


def per_call(fn, calls):
    started = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - started) / calls


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=20_000)
    args = parser.parse_args()
    matcher = newsgaz.Matcher(newsgaz.Gazetteer.default())
    annotator = newsgaz.Annotator(matcher)
    text = TEXT[:200]
    assert len(text) == 200
    article = newsgaz.parse_article(text)
    calls = {
        "find": lambda: matcher.find(text),
        "parse_article": lambda: newsgaz.parse_article(text),
        "annotate(str)": lambda: annotator.annotate(text),
        "annotate(Article)": lambda: annotator.annotate(article),
    }
    medians = {}
    for name, fn in calls.items():
        fn()
        rounds = [per_call(fn, args.calls) for _ in range(args.rounds)]
        medians[name] = statistics.median(rounds)
        print(f"{name:18} {medians[name] * 1e6:7.2f} us per call (median of {args.rounds})")
    print(f"annotate(str) / find: {medians['annotate(str)'] / medians['find']:.2f}x")
    bbc = pathlib.Path(__file__).resolve().parents[2].parent / "shared/data/bbc-news/bbc"
    texts = [p.read_bytes().decode("utf-8", "replace") for p in sorted(bbc.glob("*/*.txt"))]
    if texts:
        for threads in (1, 2):
            for read in (False, True):
                rounds = []
                for _ in range(max(3, args.rounds // 2)):
                    started = time.perf_counter()
                    done = annotator.annotate_many(texts, threads=threads)
                    if read:
                        # What most callers do next: every mention as a Python object.
                        sum(len(a.mentions) for a in done)
                    rounds.append(time.perf_counter() - started)
                what = " + .mentions" if read else ""
                print(f"annotate_many{what} BBC ({len(texts)} texts), {threads} thread(s): "
                      f"{statistics.median(rounds) * 1e3:.0f} ms (median of {len(rounds)})")


if __name__ == "__main__":
    main()
