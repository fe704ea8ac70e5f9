"""The BBC corpus annotated on a Dask cluster, checked against one process.

    python examples/dask_bbc.py [CORPUS_DIR] [--workers 2] [--repeat 1]

Starts a ``dask.distributed.LocalCluster`` of worker processes, sends the annotator to
every worker once (``client.scatter(..., broadcast=True)``: a pickled annotator over the
built-in gazetteer is a few hundred bytes, and each worker process builds its matcher
once), annotates the articles with ``dask.bag`` partitions, and compares the mentions
with those of a single process, mention for mention. Prints the wall times and a JSON
summary as its last line; exits 1 if the two results differ.
Needs ``pip install newsgaz[pandas] "dask[distributed]"``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import dask.bag as db
import pandas as pd
from dask.distributed import Client, LocalCluster

import newsgaz

COLUMNS = ["source", "start", "end", "text", "entity", "label", "form"]


def annotate_paths(paths: list[str], annotator: newsgaz.Annotator) -> pd.DataFrame:
    """One partition: read the files, annotate them, one row per mention."""
    articles = newsgaz.read_articles(list(paths), lossy=True)
    results = annotator.annotate_many(articles, threads=1)
    frame = newsgaz.to_pandas(results)[COLUMNS]
    return frame.astype({c: str for c in ("source", "entity", "label", "form")})


def on_cluster(
    paths: list[str], annotator: newsgaz.Annotator, workers: int, runs: int = 2
) -> tuple[pd.DataFrame, list[float]]:
    """The mentions from a cluster of ``workers`` processes, and the seconds each of
    ``runs`` runs took (not counting the cluster's start; the first also unpickles the
    annotator and builds its matcher in each worker)."""
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster:
        with Client(cluster) as client:
            shared = client.scatter(annotator, broadcast=True)
            took = []
            for _ in range(runs):
                start = time.perf_counter()
                bag = db.from_sequence(paths, npartitions=4 * workers)
                frames = bag.map_partitions(lambda part, a: [annotate_paths(part, a)], shared)
                rows = pd.concat(frames.compute(), ignore_index=True)
                took.append(time.perf_counter() - start)
    return rows, took


def main(argv: list[str] | None = None) -> int:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc-news" / "bbc"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(default))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="read the corpus this many times")
    args = parser.parse_args(argv)

    paths = sorted(str(p) for p in Path(args.corpus).glob("*/*.txt")) * args.repeat
    if not paths:
        parser.error(f"no */*.txt files under {args.corpus}")
    annotator = newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.default()))
    start = time.perf_counter()
    single = annotate_paths(paths, annotator)  # the baseline: one process, one thread
    single_seconds = time.perf_counter() - start
    distributed, cluster_seconds = on_cluster(paths, annotator, args.workers)

    equal = single.reset_index(drop=True).equals(distributed.reset_index(drop=True))
    summary = {
        "articles": len(paths),
        "mentions": len(single),
        "equal": equal,
        "one_process_seconds": round(single_seconds, 3),
        "cluster_seconds": [round(t, 3) for t in cluster_seconds],
        "workers": args.workers,
    }
    print(f"{len(paths)} articles, {len(single)} mentions")
    runs = ", then ".join(f"{t:.2f} s" for t in cluster_seconds)
    print(f"one process: {single_seconds:.2f} s; {args.workers} workers: {runs}")
    print(json.dumps(summary))
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
