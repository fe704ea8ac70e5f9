"""Writes the article-extraction benchmark's 122 pages as a WARC archive with warcio (the
writer Common Crawl's tools use): a warcinfo record, then for each page a request record
and a response record (HTTP 200, text/html, the page's URL), gzipped a record at a time,
the whole repeated REPEATS times. It checks that newsgaz reads what a real writer writes,
and times `newsgaz tag` over it.

Run it in a scratch environment (warcio is not a newsgaz dependency):
    python3 -m venv /tmp/warcenv && /tmp/warcenv/bin/pip install warcio
    /tmp/warcenv/bin/python benches/html/make_warc.py OUT.warc.gz [REPEATS] [BENCH_DIR]
    newsgaz tag OUT.warc.gz --threads 1 -o /dev/null
"""

import gzip
import io
import json
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

out = Path(sys.argv[1])
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 1
bench = Path(sys.argv[3] if len(sys.argv) > 3 else Path(__file__).parents[3] / "shared/data/article-extraction-benchmark")
truth = json.loads((bench / "ground-truth.json").read_text())

with out.open("wb") as f:
    writer = WARCWriter(f, gzip=True)
    writer.write_record(writer.create_warcinfo_record(out.name, {"software": "warcio", "format": "WARC File Format 1.0"}))
    for _ in range(repeats):
        for key, page in truth.items():
            url = page["url"]
            html = gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes())
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(html)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers))
print(f"{out}: {len(truth) * repeats} pages, {out.stat().st_size} bytes")
