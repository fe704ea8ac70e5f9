"""Pickled sizes and load times: an annotator over the built-in gazetteer, and a matcher
over a made-up gazetteer of ALIASES aliases (default 100,000; entries of one name and
three aliases). Each load runs in a fresh process (a process caches what it unpickled),
median of RUNS (default 5). Run with the venv that has newsgaz installed:

    .venv/bin/python benches/python/pickles.py [ALIASES]
"""

import os
import pickle
import random
import statistics
import subprocess
import sys
import tempfile
import time

import newsgaz

LOAD = """
import pickle, sys, time
data = open(sys.argv[1], "rb").read()
started = time.perf_counter()
import newsgaz
value = pickle.loads(data)
value.annotate("Paris") if hasattr(value, "annotate") else value.find("Paris")
print(time.perf_counter() - started)
"""


def made_up(n: int) -> list[dict]:
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"

    def word() -> str:
        return "".join(rng.choice(letters) for _ in range(rng.randint(3, 9))).capitalize()

    def form() -> str:
        return " ".join(word() for _ in range(rng.randint(1, 3)))

    return [
        {"id": f"e{i}", "name": form(), "label": "X", "aliases": [form() for _ in range(3)]}
        for i in range((n + 3) // 4)
    ]


def fresh_load_seconds(value: object, runs: int) -> tuple[int, float]:
    with tempfile.NamedTemporaryFile(delete=False, suffix=".pickle") as f:
        data = pickle.dumps(value)
        f.write(data)
    try:
        times = [
            float(subprocess.check_output([sys.executable, "-c", LOAD, f.name], text=True))
            for _ in range(runs)
        ]
    finally:
        os.unlink(f.name)
    return len(data), statistics.median(times)


def main() -> None:
    aliases = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(os.environ.get("RUNS", "5"))
    annotator = newsgaz.Annotator(newsgaz.Matcher(newsgaz.Gazetteer.default()))
    size, seconds = fresh_load_seconds(annotator, runs)
    print(f"annotator over the built-in gazetteer: {size} bytes, unpickled and ready in {seconds * 1e3:.0f} ms")
    gazetteer = newsgaz.Gazetteer.from_records(made_up(aliases))
    started = time.perf_counter()
    matcher = newsgaz.Matcher(gazetteer)
    build = time.perf_counter() - started
    size, seconds = fresh_load_seconds(matcher, runs)
    print(
        f"matcher over {aliases:,} made-up aliases: built in {build:.2f} s; pickled {size / 1e6:.1f} MB "
        f"({size / aliases:.0f} bytes per alias), unpickled and ready in {seconds:.3f} s"
    )


if __name__ == "__main__":
    main()
