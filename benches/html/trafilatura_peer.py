"""trafilatura (Python) on the article-extraction benchmark's pages, beside newsgaz's
`html_extraction` example: the same metadata coverage (title, published date, an author,
a language) and throughput on one thread (pages are decoded as the example does: bytes in).

Run it in a scratch environment (trafilatura is not a newsgaz dependency):
    python3 -m venv /tmp/trafenv && /tmp/trafenv/bin/pip install trafilatura lxml_html_clean
    /tmp/trafenv/bin/python benches/html/trafilatura_peer.py [../shared/data/article-extraction-benchmark]
"""

import gzip
import json
import statistics
import sys
import time
from pathlib import Path

import trafilatura

bench = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[3] / "shared/data/article-extraction-benchmark")
truth = json.loads((bench / "ground-truth.json").read_text())
pages = [(k, v["url"], gzip.decompress((bench / "html" / f"{k}.html.gz").read_bytes())) for k, v in truth.items()]
total = sum(len(p[2]) for p in pages)


def run():
    return [trafilatura.bare_extraction(html, url=url, with_metadata=True) for _, url, html in pages]


times = []
for _ in range(3):
    started = time.perf_counter()
    results = run()
    times.append(time.perf_counter() - started)
secs = statistics.median(times)
n = len(pages)


def has(doc, field):
    if doc is None:
        return False
    value = getattr(doc, field, None) if not isinstance(doc, dict) else doc.get(field)
    return bool(value)


cover = {f: sum(has(d, f) for d in results) for f in ("title", "date", "author", "language")}
print(f"trafilatura {trafilatura.__version__}: metadata coverage on {n} pages: "
      + ", ".join(f"{f} {100 * c / n:.1f}%" for f, c in cover.items()))
print(f"trafilatura: 1 thread {n / secs:.1f} pages/s {total / 1e6 / secs:.2f} MB/s")
