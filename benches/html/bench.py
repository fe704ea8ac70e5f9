"""Body extraction on the article-extraction benchmark's pages: newsgaz against
trafilatura, readability-lxml, newspaper4k and resiliparse, each given the same raw bytes
and URL, scored by the benchmark's own scorer (evaluate.py, imported from its folder).

Each extractor runs in a process of its own (`bench.py --worker NAME`), round after round,
the order rotating each round; a round's time is the extraction of all pages on one
thread, measured inside the worker (imports and reading the pages left out). newsgaz is
timed as a user runs it: the whole `newsgaz tag --threads 1` process over a JSON Lines file
of {"url", "html"} records (start, gazetteer, parsing, annotation and output included).
Peak memory is the worker process's maximum resident set. Medians over rounds.

    benches/html/run.sh [--rounds N] [--bench DIR]
"""

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEERS = ["trafilatura", "trafilatura_precision", "readability", "newspaper4k", "resiliparse", "all_p"]


def load_pages(bench):
    truth = json.loads((bench / "ground-truth.json").read_text())
    pages = [(k, v["url"], gzip.decompress((bench / "html" / f"{k}.html.gz").read_bytes())) for k, v in truth.items()]
    return truth, pages


def extractor(name):
    """A function from (html bytes, url) to body text, for a peer."""
    if name.startswith("trafilatura"):
        import trafilatura

        precision = name.endswith("precision")
        return lambda html, url: trafilatura.extract(html, url=url, favor_precision=precision) or ""
    if name == "readability":
        import lxml.html
        from readability import Document

        def run(html, url):
            summary = Document(html, url=url).summary(html_partial=True)
            return lxml.html.fromstring(summary).text_content() if summary.strip() else ""

        return run
    if name == "newspaper4k":
        import newspaper

        def run(html, url):
            article = newspaper.Article(url, fetch_images=False)
            article.download(input_html=html.decode("utf-8", "replace"))
            article.parse()
            return article.text

        return run
    if name == "resiliparse":
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import bytes_to_str, detect_encoding
        from resiliparse.parse.html import HTMLTree

        def run(html, url):
            tree = HTMLTree.parse(bytes_to_str(html, detect_encoding(html)))
            return extract_plain_text(tree, main_content=True)

        return run
    if name == "all_p":
        from resiliparse.parse.encoding import bytes_to_str, detect_encoding
        from resiliparse.parse.html import HTMLTree

        def run(html, url):
            tree = HTMLTree.parse(bytes_to_str(html, detect_encoding(html)))
            return "\n".join(p.text for p in tree.body.query_selector_all("p")) if tree.body else ""

        return run
    raise SystemExit(f"unknown extractor {name}")


def worker(name, bench, out):
    truth, pages = load_pages(bench)
    run = extractor(name)
    failed = 0
    bodies = {}
    started = time.perf_counter()
    for key, url, html in pages:
        try:
            body = run(html, url)
        except Exception:  # a page the extractor fails on gives it no body, as for a user
            body, failed = "", failed + 1
        bodies[key] = {"articleBody": body}
    seconds = time.perf_counter() - started
    Path(out).write_text(json.dumps({"seconds": seconds, "output": bodies, "failed": failed}))


def newsgaz_bodies(tagged, keys):
    """The body of each page in `newsgaz tag`'s output: the text from its first paragraph."""
    bodies = {}
    with open(tagged) as f:
        for key, line in zip(keys, f):
            record = json.loads(line)
            text = record.get("text", "")
            paragraphs = record.get("paragraphs") or []
            bodies[key] = {"articleBody": text[paragraphs[0]["char_start"]:] if paragraphs else ""}
    return bodies


def run_child(args):
    process = subprocess.Popen(args)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{args} failed with {status}")
    return usage.ru_maxrss / 1024  # kB -> MB


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker")
    parser.add_argument("--out")
    parser.add_argument("--newsgaz")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--bench", type=Path, default=HERE.parents[2] / "shared/data/article-extraction-benchmark")
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.bench, args.out)

    sys.path.insert(0, str(args.bench))
    import evaluate  # the benchmark's own scorer

    truth, pages = load_pages(args.bench)
    total_mb = sum(len(p[2]) for p in pages) / 1e6
    scratch = Path(tempfile.mkdtemp(prefix="newsgaz-html-bench-"))
    jsonl = scratch / "pages.jsonl"
    with jsonl.open("w") as f:
        for key, url, html in pages:
            f.write(json.dumps({"id": key, "url": url, "html": html.decode("utf-8", "replace")}) + "\n")
    keys = [p[0] for p in pages]

    names = ["newsgaz"] + PEERS
    times = {n: [] for n in names}
    peaks = {n: [] for n in names}
    outputs = {}
    failures = {"newsgaz": 0}
    for round_ in range(args.rounds):
        order = names[round_ % len(names):] + names[: round_ % len(names)]
        for name in order:
            out = scratch / f"{name}.json"
            if name == "newsgaz":
                tagged = scratch / "tagged.jsonl"
                started = time.perf_counter()
                peaks[name].append(run_child([args.newsgaz, "tag", "--threads", "1", "-o", str(tagged), str(jsonl)]))
                times[name].append(time.perf_counter() - started)
                outputs[name] = newsgaz_bodies(tagged, keys)
            else:
                peaks[name].append(run_child([sys.executable, __file__, "--worker", name, "--out", str(out), "--bench", str(args.bench)]))
                result = json.loads(out.read_text())
                times[name].append(result["seconds"])
                outputs[name] = result["output"]
                failures[name] = result["failed"]
            print(f"round {round_ + 1}: {name} {times[name][-1]:.2f} s", file=sys.stderr)

    rows = []
    for name in names:
        scores = evaluate.metrics_from_tp_fp_fns(
            [evaluate.string_shingle_matching(true=truth[k]["articleBody"], pred=outputs[name][k]["articleBody"]) for k in keys]
        )
        seconds = statistics.median(times[name])
        rows.append((name, scores["f1"], scores["precision"], scores["recall"], len(pages) / seconds, total_mb / seconds, statistics.median(peaks[name])))
    rows.sort(key=lambda r: -r[1])
    versions = {}
    for module in ["trafilatura", "readability", "newspaper", "resiliparse"]:
        try:
            from importlib.metadata import version

            versions[module] = version({"readability": "readability-lxml", "newspaper": "newspaper4k"}.get(module, module))
        except Exception:
            versions[module] = "?"
    lines = [
        f"# Body extraction on the {len(pages)} pages of the article-extraction benchmark",
        "",
        f"{args.rounds} rounds, medians, one thread; {total_mb:.1f} MB of HTML. Peers: " + ", ".join(f"{m} {v}" for m, v in versions.items()) + ".",
        "newsgaz: the whole `newsgaz tag --threads 1` process (annotation included); peers: extraction alone, in-process.",
        "",
        "| extractor | body F1 | precision | recall | pages/s | MB/s | peak MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, f1, p, r, pps, mbs, peak in rows:
        failed = f" ({failures[name]} pages raised: no body)" if failures[name] else ""
        lines.append(f"| {name}{failed} | {f1:.3f} | {p:.3f} | {r:.3f} | {pps:.1f} | {mbs:.2f} | {peak:.0f} |")
    fastest_accurate = max((r for r in rows if r[0].startswith("trafilatura")), key=lambda r: r[4])
    ours = next(r for r in rows if r[0] == "newsgaz")
    lines += ["", f"newsgaz pages/s against trafilatura's fastest mode: {ours[4] / fastest_accurate[4]:.1f}x"]
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "html-peers.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 4.5))
        for name, f1, _, _, pps, _, _ in rows:
            ax.scatter(pps, f1, color="crimson" if name == "newsgaz" else "steelblue")
            ax.annotate(name, (pps, f1), textcoords="offset points", xytext=(5, 4), fontsize=8)
        ax.set_xscale("log")
        ax.set_xlabel("pages per second, one thread (log)")
        ax.set_ylabel("body F1 (benchmark scorer)")
        ax.set_title(f"Body extraction, {len(pages)} pages")
        ax.grid(True, alpha=0.3)
        fig.tight_layout()
        fig.savefig(results / "html-peers.png", dpi=120)
    except ImportError:
        pass


if __name__ == "__main__":
    main()
