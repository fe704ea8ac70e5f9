"""newsgaz against the Python matchers people compare it with, on one corpus and gazetteer.

Every matcher runs in a fresh process (`bench.py one PEER ALIASES`), so that build time and
peak memory are its own. The parent (`bench.py all`) runs them in turn for each gazetteer
size, checks every peer's spans against an exact emulation of the task, and writes
`results/results.json`, `results/results.md` and `results/throughput.png`.

The task: the BBC corpus (2,225 articles joined by blank lines), every alias of the list
(one per line) found as a whole word, case-insensitively, leftmost-longest among the
matches that respect word boundaries, as `str` offsets. For each peer:
- raw: its bare scan of the pre-lowered text, with the settings closest to the task it
  allows (leftmost-longest where it has it), results left as it returns them;
- e2e: from the original text to the task's result: its own lowering, its scan, and where
  it has no word boundaries, overlapping matches filtered by boundary then reduced to
  leftmost-longest (the only order of the two that loses no true match). Each is timed up
  to its natural result (newsgaz: `find`'s Mention objects, or `find_arrays`' columns);
  turning that into spans to compare is not timed.
Run through `run.sh`, which makes the environment.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

Span = tuple[int, int]


# --- the corpus and the task's rules -------------------------------------------------


def shared_data() -> Path:
    return Path(os.environ.get("NEWSGAZ_SHARED_DATA", REPO.parent / "shared" / "data"))


def articles() -> list[str]:
    root = shared_data() / "bbc-news" / "bbc"
    paths = sorted(p for p in root.glob("*/*.txt"))
    if not paths:
        sys.exit(f"no BBC articles under {root}")
    # As the Rust benchmarks read them: UTF-8, invalid bytes replaced (one file is Latin-1).
    return [p.read_bytes().decode("utf-8", errors="replace") for p in paths]


def corpus() -> str:
    return "\n\n".join(articles())


def is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def respects_boundaries(text: str, start: int, end: int) -> bool:
    """A match neither starts nor ends inside a word."""
    if start > 0 and is_word(text[start - 1]) and is_word(text[start]):
        return False
    if end < len(text) and is_word(text[end - 1]) and is_word(text[end]):
        return False
    return True


def leftmost_longest(spans: list[Span]) -> list[Span]:
    spans.sort(key=lambda s: (s[0], -s[1]))
    out: list[Span] = []
    covered = 0
    for start, end in spans:
        if start >= covered:
            out.append((start, end))
            covered = end
    return out


def task_spans(text: str, overlapping: list[Span]) -> list[Span]:
    return leftmost_longest([s for s in overlapping if respects_boundaries(text, *s)])


def lowered(text: str) -> str:
    low = text.lower()
    # str.lower() may lengthen a text ("İ"); offsets must stay those of the original.
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low


# --- the matchers ----------------------------------------------------------------------
# Each returns (build, raw, e2e): build() makes the matcher; raw(matcher, lowered text) is
# its bare scan; e2e(matcher, text) gives the task's spans from the original text.

# ... and to_spans turns what e2e returned into spans, outside the timing: each matcher is
# timed up to its own natural result (newsgaz's Mention objects or columns, flashtext's
# tuples, spaCy's Spans), so no one pays for the harness's conversion.
Peer = tuple[
    Callable[[list[str]], object],
    Callable | None,
    Callable[[object, str], object],
    Callable[[object], list[Span]],
]


def keyword_spans(found) -> list[Span]:
    return [(s, e) for _, s, e in found]


def distinct_lower(aliases: list[str]) -> list[str]:
    return list(dict.fromkeys(a.lower() for a in aliases))


def newsgaz_peer(case: str, columnar: bool) -> Peer:
    import newsgaz

    def build(aliases: list[str]) -> object:
        records = ({"id": f"a{i}", "name": a, "label": "X"} for i, a in enumerate(aliases))
        g = newsgaz.Gazetteer.from_records(records)
        return newsgaz.Matcher(g, case=case, fold_diacritics=False)

    def e2e(m, text: str) -> object:
        return m.find_arrays(text) if columnar else m.find(text)

    def to_spans(found) -> list[Span]:
        if columnar:
            starts, ends, _entities = found
            return list(zip(starts, ends))
        return [(x.start, x.end) for x in found]

    return build, None, e2e, to_spans


def flashtext_peer() -> Peer:
    from flashtext import KeywordProcessor

    def build(aliases: list[str]) -> object:
        kp = KeywordProcessor(case_sensitive=False)
        for a in aliases:
            kp.add_keyword(a)
        return kp

    def e2e(kp, text: str) -> object:
        return kp.extract_keywords(text, span_info=True)

    # flashtext lowers and checks its own (ASCII) word boundaries: it has no bare scan.
    return build, None, e2e, keyword_spans


def flashtext2_peer() -> Peer:
    from flashtext2 import KeywordProcessor

    def build(aliases: list[str]) -> object:
        kp = KeywordProcessor(False)
        kp.add_keywords_from_iter(aliases)
        return kp

    def e2e(kp, text: str) -> object:
        return kp.extract_keywords_with_span(text)

    return build, None, e2e, keyword_spans


def pyahocorasick_peer() -> Peer:
    import ahocorasick

    def build(aliases: list[str]) -> object:
        a = ahocorasick.Automaton()
        for word in distinct_lower(aliases):
            a.add_word(word, len(word))
        a.make_automaton()
        return a

    def raw(a, low: str) -> list:
        return list(a.iter_long(low))

    def e2e(a, text: str) -> list[Span]:
        low = lowered(text)
        return task_spans(low, [(end - n + 1, end + 1) for end, n in a.iter(low)])

    return build, raw, e2e, list


def automata_peer(
    standard: Callable[[list[str]], object],
    longest: Callable[[list[str]], object],
    longest_scan: Callable[[object, str], list],
    overlapping_spans: Callable[[object, str], list[Span]],
) -> Peer:
    """A peer that builds two automata over the lowered aliases: `standard(words)` for the
    overlapping matches e2e filters, and `longest(words)` (leftmost-longest) for its raw
    scan."""

    def build(aliases: list[str]) -> object:
        words = distinct_lower(aliases)
        return standard(words), longest(words)

    def raw(m, low: str) -> list:
        return longest_scan(m[1], low)

    def e2e(m, text: str) -> list[Span]:
        low = lowered(text)
        return task_spans(low, overlapping_spans(m[0], low))

    return build, raw, e2e, list


def ahocorasick_rs_peer() -> Peer:
    import ahocorasick_rs as ac

    return automata_peer(
        ac.AhoCorasick,
        lambda words: ac.AhoCorasick(words, matchkind=ac.MATCHKIND_LEFTMOST_LONGEST),
        lambda a, low: a.find_matches_as_indexes(low),
        lambda a, low: [(s, e) for _, s, e in a.find_matches_as_indexes(low, overlapping=True)],
    )


def daachorse_peer() -> Peer:
    import daachorse as da

    longest = da.MATCH_KIND_LEFTMOST_LONGEST
    return automata_peer(
        da.CharwiseDoubleArrayAhoCorasick,
        lambda words: da.CharwiseDoubleArrayAhoCorasick(words, match_kind=longest),
        lambda a, low: a.find(low),
        lambda a, low: [(s, e) for s, e, _ in a.find_overlapping(low)],
    )


def hyperscan_peer() -> Peer:
    import hyperscan

    def build(aliases: list[str]) -> object:
        words = [w.encode() for w in distinct_lower(aliases)]
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        flags = hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SOM_LEFTMOST
        db.compile(
            expressions=words,
            ids=list(range(len(words))),
            flags=[flags] * len(words),
            literal=True,
        )
        return db

    def raw(db, low: str) -> list:
        found: list = []
        db.scan(low.encode(), match_event_handler=lambda i, s, e, f, c: found.append((s, e)))
        return found

    def e2e(db, text: str) -> list[Span]:
        low = lowered(text)
        data = low.encode()
        found: list[Span] = []
        db.scan(data, match_event_handler=lambda i, s, e, f, c: found.append((s, e)))
        if len(data) != len(low):
            # Byte offsets to str offsets.
            char_at = [0] * (len(data) + 1)
            at = 0
            for i, c in enumerate(low):
                n = len(c.encode())
                for k in range(n):
                    char_at[at + k] = i
                at += n
            char_at[at] = len(low)
            found = [(char_at[s], char_at[e]) for s, e in found]
        return task_spans(low, found)

    return build, raw, e2e, list


def spacy_peer() -> Peer:
    import spacy
    from spacy.matcher import PhraseMatcher
    from spacy.util import filter_spans

    nlp = spacy.blank("en")
    nlp.max_length = 100_000_000

    def build(aliases: list[str]) -> object:
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        matcher.add("ALIAS", list(nlp.tokenizer.pipe(aliases, batch_size=1000)))
        return matcher

    raw_doc: dict[str, object] = {}

    def raw(matcher, low: str) -> list:
        # The bare match over tokens: tokenising is not part of it (done once, outside).
        doc = raw_doc.get("doc")
        if doc is None:
            doc = raw_doc["doc"] = nlp.make_doc(low)
        return matcher(doc)

    def e2e(matcher, text: str) -> object:
        return filter_spans(matcher(nlp.make_doc(text), as_spans=True))

    def to_spans(found) -> list[Span]:
        return [(s.start_char, s.end_char) for s in found]

    return build, raw, e2e, to_spans


PEERS: dict[str, Callable[[], Peer]] = {
    "newsgaz": lambda: newsgaz_peer("insensitive", columnar=False),
    "newsgaz-columnar": lambda: newsgaz_peer("insensitive", columnar=True),
    "newsgaz-smart": lambda: newsgaz_peer("smart", columnar=False),
    "flashtext": flashtext_peer,
    "flashtext2": flashtext2_peer,
    "pyahocorasick": pyahocorasick_peer,
    "ahocorasick-rs": ahocorasick_rs_peer,
    "daachorse": daachorse_peer,
    "hyperscan": hyperscan_peer,
    "spacy": spacy_peer,
}


# --- one matcher, in this process ----------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """Resident memory now (Linux), to see what a build keeps."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def timed(f: Callable[[], object], runs: int, budget: float) -> tuple[float, object]:
    """The median of up to `runs` runs, fewer when they would pass `budget` seconds. Each
    run is the call alone: the previous run's result is freed before it starts."""
    times: list[float] = []
    result = None
    spent = 0.0
    while len(times) < runs and (not times or spent + times[-1] < budget):
        result = None
        gc.collect()
        started = time.perf_counter()
        result = f()
        times.append(time.perf_counter() - started)
        spent += times[-1]
    return statistics.median(times), result


def run_one(args: argparse.Namespace) -> None:
    aliases = Path(args.aliases).read_text(encoding="utf-8").splitlines()
    text = corpus()
    build, raw, e2e, to_spans = PEERS[args.peer]()
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    matcher = build(aliases)
    build_s = time.perf_counter() - started
    gc.collect()
    after_build = rss_mb()
    out: dict[str, object] = {
        "peer": args.peer,
        "aliases": len(aliases),
        "bytes": len(text.encode()),
        "build_s": build_s,
        "build_mem_mb": after_build - before,
    }
    if raw is not None:
        low = lowered(text)
        raw_s, found = timed(lambda: raw(matcher, low), args.runs, args.budget)
        out["raw_s"] = raw_s
        out["raw_matches"] = len(found)  # type: ignore[arg-type]
    e2e_s, found = timed(lambda: e2e(matcher, text), args.runs, args.budget)
    spans = to_spans(found)
    out["e2e_s"] = e2e_s
    out["matches"] = len(spans)  # type: ignore[arg-type]
    out["peak_rss_mb"] = peak_rss_mb()
    if args.peer == "newsgaz":
        import newsgaz

        # Every core against one, over the articles one by one.
        docs = articles()
        for threads in (1, None):
            secs, _ = timed(
                lambda: matcher.find_many(docs, threads=threads),  # type: ignore[attr-defined]
                args.runs,
                args.budget,
            )
            out[f"find_many_{threads or os.cpu_count()}_s"] = secs
        out["newsgaz_version"] = getattr(newsgaz, "__version__", "")
    if args.spans:
        Path(args.spans).write_text(json.dumps(spans))
    print(json.dumps(out))


# --- all of them, each in a fresh process -------------------------------------------------


def rust_run(aliases: Path, runs: int) -> dict[str, object]:
    exe = REPO / "target" / "release" / "examples" / "peer_rust"
    done = subprocess.run(
        [str(exe), str(aliases), str(runs)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def emulation(text: str, aliases: list[str]) -> list[Span]:
    """The task done the obvious way: every overlapping match, by boundary, longest."""
    import ahocorasick_rs

    low = lowered(text)
    automaton = ahocorasick_rs.AhoCorasick(distinct_lower(aliases))
    found = automaton.find_matches_as_indexes(low, overlapping=True)
    return task_spans(low, [(s, e) for _, s, e in found])


def agreement(want: list[Span], got: list[Span], text: str) -> dict[str, object]:
    w, g = set(want), set(got)
    same = len(w & g)
    missed = sorted(w - g)
    extra = sorted(g - w)
    examples = [
        {"kind": "missed", "span": s, "text": text[s[0] : s[1]]} for s in missed[:3]
    ] + [{"kind": "extra", "span": s, "text": text[s[0] : s[1]]} for s in extra[:3]]
    return {
        "identical": same / max(len(w | g), 1),
        "missed": len(missed),
        "extra": len(extra),
        "examples": examples,
    }


def run_peer(
    args: argparse.Namespace,
    peer: str,
    alias_file: Path,
    size: int,
    want: list[Span],
    text: str,
    spans: bool,
) -> dict[str, object]:
    """One matcher in a fresh process; with `spans`, its agreement with the emulation."""
    spans_file = alias_file.parent / f"spans-{peer}-{size}.json"
    command = [
        sys.executable,
        __file__,
        "one",
        peer,
        str(alias_file),
        "--runs",
        str(args.runs),
        "--budget",
        str(args.budget),
    ]
    if spans:
        command += ["--spans", str(spans_file)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        return {"peer": peer, "aliases": size, "error": "timeout"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        return {"peer": peer, "aliases": size, "error": last[:200]}
    row = json.loads(done.stdout.strip().splitlines()[-1])
    if spans:
        got = [tuple(s) for s in json.loads(spans_file.read_text())]
        row["agreement"] = agreement(want, got, text)  # type: ignore[arg-type]
        spans_file.unlink(missing_ok=True)
    return row


def median_round(rows: list[dict[str, object]]) -> dict[str, object]:
    """The round with the median e2e time, with every round's time and the agreement
    (measured in the first round) kept."""
    timed = [r for r in rows if "e2e_s" in r]
    if not timed:
        return rows[0]
    timed.sort(key=lambda r: float(r["e2e_s"]))  # type: ignore[arg-type]
    row = dict(timed[(len(timed) - 1) // 2])
    row["e2e_s_rounds"] = [r["e2e_s"] for r in rows if "e2e_s" in r]
    if all("raw_s" in r for r in rows):
        row["raw_s_rounds"] = [r["raw_s"] for r in rows]
    for r in rows:
        if "agreement" in r:
            row["agreement"] = r["agreement"]
    return row


def run_all(args: argparse.Namespace) -> None:
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    text = corpus()
    results: list[dict[str, object]] = []
    for size in args.sizes:
        alias_file = out_dir / f"aliases-{size}.txt"
        with alias_file.open("w") as f:
            subprocess.run(
                [str(REPO / "target" / "release" / "examples" / "aliases"), str(size)],
                stdout=f,
                check=True,
            )
        aliases = alias_file.read_text(encoding="utf-8").splitlines()
        want = emulation(text, aliases)
        print(f"# {size} aliases: the emulation finds {len(want)} matches", flush=True)
        # Every matcher once per round, in turn, so that a slow spell of the (shared)
        # machine hits all of them alike; each keeps its median round by e2e time.
        rounds: dict[str, list[dict[str, object]]] = {}
        for round_no in range(args.rounds):
            rust = rust_run(alias_file, args.runs)
            rust["aliases"] = size
            rounds.setdefault(str(rust["peer"]), []).append(rust)
            for peer in args.peers:
                if size > args.peer_max_size and not peer.startswith("newsgaz"):
                    continue
                row = run_peer(args, peer, alias_file, size, want, text, spans=round_no == 0)
                print(json.dumps(row), flush=True)
                rounds.setdefault(peer, []).append(row)
        for rows in rounds.values():
            results.append(median_round(rows))
        alias_file.unlink()
    meta = {
        "corpus": "BBC News, 2,225 articles joined by blank lines",
        "bytes": len(text.encode()),
        "runs": args.runs,
        "rounds": args.rounds,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    (out_dir / "results.json").write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    import report

    report.write(out_dir)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("one", help="one matcher, one alias list (prints a JSON line)")
    one.add_argument("peer", choices=sorted(PEERS))
    one.add_argument("aliases")
    one.add_argument("--runs", type=int, default=5)
    one.add_argument("--budget", type=float, default=60.0)
    one.add_argument("--spans", help="write the e2e spans here (JSON)")
    every = sub.add_parser("all", help="every matcher at every size, each in a fresh process")
    every.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000, 1_000_000])
    every.add_argument("--peers", nargs="+", default=list(PEERS), choices=sorted(PEERS))
    every.add_argument("--peer-max-size", type=int, default=100_000,
                       help="above this size only newsgaz runs (the peers take minutes to build)")
    every.add_argument("--runs", type=int, default=5)
    every.add_argument("--rounds", type=int, default=3,
                       help="run every matcher this many times in turn; keep each one's median")
    every.add_argument("--budget", type=float, default=60.0)
    every.add_argument("--timeout", type=float, default=900.0)
    every.add_argument("--out", default=str(HERE / "results"))
    args = parser.parse_args()
    if args.command == "one":
        run_one(args)
    else:
        run_all(args)


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
