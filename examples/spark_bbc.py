"""The BBC corpus annotated with PySpark, checked against one process.

    python examples/spark_bbc.py [CORPUS_DIR] [--master local[2]] [--repeat 1]

Runs Spark in local mode, broadcasts the annotator (each Python worker process unpickles
it once and keeps it for every task it runs; the matcher over the built-in gazetteer is
built once per process), annotates the articles with ``mapInPandas`` (one row per mention)
and compares the mentions with those of a single process, mention for mention. Prints
the wall times and a JSON summary as its last line; exits 1 if the two results differ.
Needs Java 17 and ``pip install newsgaz[pandas,arrow] pyspark``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path
from typing import Iterator

import pandas as pd

import newsgaz

# PySpark 4.x warns about pandas 3 on every conversion; the conversions used here work.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")

COLUMNS = ["source", "start", "end", "text", "entity", "label", "form"]
SCHEMA = "source string, start long, end long, text string, entity string, label string, form string"


def annotate_paths(paths: list[str], annotator: newsgaz.Annotator) -> pd.DataFrame:
    """Read the files, annotate them, one row per mention."""
    articles = newsgaz.read_articles(list(paths), lossy=True)
    results = annotator.annotate_many(articles, threads=1)
    frame = newsgaz.to_pandas(results)[COLUMNS]
    return frame.astype({c: str for c in ("source", "entity", "label", "form")})


def on_spark(
    paths: list[str], annotator: newsgaz.Annotator, master: str, runs: int = 2
) -> tuple[pd.DataFrame, list[float]]:
    """The mentions computed by Spark, and the seconds each of ``runs`` jobs took (not
    counting the session's start; the first also starts the Python workers)."""
    from pyspark.sql import SparkSession

    # The workers run the interpreter that runs this script (with newsgaz installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(master)
        .appName("newsgaz-bbc")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        shared = spark.sparkContext.broadcast(annotator)

        def annotate_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
            annotator = shared.value  # unpickled once per worker process, then cached
            for batch in batches:
                yield annotate_paths(batch["path"].tolist(), annotator)

        slices = 4 * spark.sparkContext.defaultParallelism
        took = []
        for _ in range(runs):
            start = time.perf_counter()
            frame = spark.createDataFrame(pd.DataFrame({"path": paths})).repartition(slices)
            rows = frame.mapInPandas(annotate_batches, schema=SCHEMA).toPandas()
            took.append(time.perf_counter() - start)
    finally:
        spark.stop()
    return rows, took


def in_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted by article and offset: Spark's partitions come back in any order."""
    return frame.sort_values(["source", "start", "end"], kind="stable").reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc-news" / "bbc"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(default))
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--repeat", type=int, default=1, help="read the corpus this many times")
    args = parser.parse_args(argv)

    paths = sorted(str(p) for p in Path(args.corpus).glob("*/*.txt")) * args.repeat
    if not paths:
        parser.error(f"no */*.txt files under {args.corpus}")
    annotator = newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.default()))
    start = time.perf_counter()
    single = annotate_paths(paths, annotator)
    single_seconds = time.perf_counter() - start
    distributed, spark_seconds = on_spark(paths, annotator, args.master)

    equal = in_order(single).equals(in_order(distributed))
    summary = {
        "articles": len(paths),
        "mentions": len(single),
        "equal": equal,
        "one_process_seconds": round(single_seconds, 3),
        "spark_seconds": [round(t, 3) for t in spark_seconds],
        "master": args.master,
    }
    print(f"{len(paths)} articles, {len(single)} mentions")
    runs = ", then ".join(f"{t:.2f} s" for t in spark_seconds)
    print(f"one process: {single_seconds:.2f} s; Spark {args.master}: {runs}")
    print(json.dumps(summary))
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
