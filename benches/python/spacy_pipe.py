"""What the newsgaz spaCy component adds per document in `nlp.pipe`, over a blank pipeline.

    .venv/bin/python benches/python/spacy_pipe.py [SHARED_DATA] [--peer]

Runs `spacy.blank("en")` (the tokenizer alone) and the same pipeline with the component
(built-in gazetteer, `doc.ents` and `doc.spans`) over the 2,225 BBC articles, in turn, 7
times (the machine may be shared: a slow spell then hits both), and prints the median time
of each, the time added per document, and, with ``--peer``, spaCy's own `entity_ruler`
holding the same aliases as phrase patterns (its build time, and the time it adds). Build
the extension with `maturin develop --release` first.
"""

import statistics
import sys
import time
from pathlib import Path

import spacy

import newsgaz

REPO = Path(__file__).resolve().parents[2]


def timed(run):
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    shared = Path(args[0]) if args else REPO.parent / "shared" / "data"
    texts = [a.text for a in newsgaz.read_articles(str(shared / "bbc-news" / "bbc" / "*" / "*.txt"), lossy=True)]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6

    blank = spacy.blank("en")
    with_newsgaz = spacy.blank("en")
    with_newsgaz.add_pipe("newsgaz")
    pipelines = {"blank": blank, "newsgaz": with_newsgaz}
    if "--peer" in sys.argv:
        gazetteer = newsgaz.Gazetteer.default()
        patterns = [
            {"label": e["label"], "pattern": a if isinstance(a, str) else a["text"], "id": e["id"]}
            for e in gazetteer
            for a in [e["name"], *e.get("aliases", [])]
        ]
        ruler_nlp = spacy.blank("en")
        ruler = ruler_nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        build, _ = timed(lambda: ruler.add_patterns(patterns))
        print(f"entity_ruler: {len(patterns)} phrase patterns built in {build:.1f} s")
        pipelines["entity_ruler"] = ruler_nlp
    with_newsgaz(texts[0])  # the matcher is built on first use: not part of the timing

    times = {name: [] for name in pipelines}
    ents = {}
    for _ in range(7):
        for name, nlp in pipelines.items():
            took, docs = timed(lambda: list(nlp.pipe(texts, batch_size=256)))
            times[name].append(took)
            ents[name] = sum(len(d.ents) for d in docs)

    print(f"{len(texts)} BBC articles, {megabytes:.2f} MB, nlp.pipe(batch_size=256), median of 7")
    base = statistics.median(times["blank"])
    for name, runs in times.items():
        median = statistics.median(runs)
        added = (median - base) / len(texts) * 1e6
        print(
            f"{name:>13}: {median:6.3f} s  ({megabytes / median:5.1f} MB/s)  "
            f"+{added:7.1f} µs/doc over blank  ents {ents[name]}"
        )


if __name__ == "__main__":
    main()
