"""Time and memory of building a 1M-alias matcher from Python, in the steps a user takes:
the alias dicts, `Gazetteer.from_records`, then `Matcher` (issue 10's 1M build figure).

    cargo build --release -p newsgaz-benches --example aliases
    target/release/examples/aliases 1000000 > /tmp/al1m.txt
    python benches/python/build_million.py /tmp/al1m.txt
"""

import resource
import sys
import time

import newsgaz

aliases = open(sys.argv[1], encoding="utf-8").read().splitlines()
t0 = time.perf_counter()
records = [{"id": f"a{i}", "name": a, "label": "X"} for i, a in enumerate(aliases)]
t1 = time.perf_counter()
gazetteer = newsgaz.Gazetteer.from_records(records)
t2 = time.perf_counter()
matcher = newsgaz.Matcher(gazetteer, case="insensitive", fold_diacritics=False)
t3 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{len(aliases)} aliases: dicts {t1 - t0:.2f} s, from_records {t2 - t1:.2f} s, "
      f"Matcher {t3 - t2:.2f} s, peak RSS {peak:.0f} MB")
