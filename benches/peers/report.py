"""Writes results.md (tables) and throughput.png (MB/s against gazetteer size) from
results.json, as `bench.py all` leaves it. `python report.py DIR` redoes them."""

from __future__ import annotations

import json
import sys
import statistics
from pathlib import Path

RUST = "newsgaz (Rust)"
NEWSGAZ = ("newsgaz", "newsgaz-columnar", "newsgaz-smart")
# Peers whose e2e spans follow word boundaries (they filter overlapping matches, or check
# boundaries themselves); flashtext and flashtext2 check boundaries themselves.
BOUNDARY_CORRECT = ("pyahocorasick", "ahocorasick-rs", "daachorse", "hyperscan", "spacy",
                    "flashtext", "flashtext2")


def mbps(row: dict, key: str) -> float | None:
    secs = row.get(key)
    return row["bytes"] / 1e6 / secs if secs else None


def fmt(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:,.{digits}f}"


def paired(ours: dict, peer: dict, peer_key: str) -> str:
    """How many times faster newsgaz's e2e is than the peer's `peer_key` time: the median
    over rounds of the ratio within each round (the two ran minutes apart at most), with
    each round's ratio; the ratio of medians when the rounds were not kept."""
    mine, theirs = ours.get("e2e_s_rounds"), peer.get(f"{peer_key}_rounds")
    if not mine or not theirs or len(mine) != len(theirs):
        return f"{peer[peer_key] / ours['e2e_s']:.2f}×"
    each = [t / m for m, t in zip(mine, theirs)]
    shown = ", ".join(f"{r:.2f}" for r in each)
    return f"{statistics.median(each):.2f}× (rounds: {shown})"


def write(out_dir: Path) -> None:
    data = json.loads((out_dir / "results.json").read_text())
    rows = data["results"]
    sizes = sorted({r["aliases"] for r in rows})
    lines = [
        "# newsgaz and its peers",
        "",
        f"Corpus: {data['meta']['corpus']} ({data['meta']['bytes'] / 1e6:.2f} MB); "
        f"{data['meta']['cpus']} cores; Python {data['meta']['python']}; "
        f"times are medians of up to {data['meta']['runs']} runs, each matcher in a fresh process; "
        f"every matcher ran {data['meta'].get('rounds', 1)} times in turn and keeps its median round "
        "(the machine is shared: a slow spell hits all matchers alike).",
        "MB/s is of UTF-8 bytes. *raw*: the bare scan of pre-lowered text; *e2e*: original text to "
        "whole-word, leftmost-longest `str` spans. *identical*: share of spans identical to the "
        "exact emulation (union as the base). *memory*: resident growth over the build (newsgaz's "
        "includes making its gazetteer from Python dicts, and pages its allocator, mimalloc, "
        "keeps for reuse); for newsgaz (Rust), the matcher alone.",
        "",
    ]
    for size in sizes:
        lines += [
            f"## {size:,} aliases",
            "",
            "| matcher | build s | memory MB | raw MB/s | e2e MB/s | matches | identical | missed | extra |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in (r for r in rows if r["aliases"] == size):
            if "error" in r:
                lines.append(f"| {r['peer']} | {r['error']} | | | | | | | |")
                continue
            agree = r.get("agreement", {})
            memory = r.get("build_mem_mb")
            if memory is None and "matcher_bytes" in r:
                memory = r["matcher_bytes"] / 1e6
            raw = mbps(r, "raw_s") or mbps(r, "aho_corasick_s")
            name = r["peer"] + (" (raw: aho-corasick crate)" if r["peer"] == RUST else "")
            lines.append(
                f"| {name} | {r['build_s']:.3f} | {fmt(memory)} | {fmt(raw)} | "
                f"{fmt(mbps(r, 'e2e_s'))} | {r['matches']:,} | "
                f"{fmt(agree['identical'] * 100, 2) + '%' if agree else '–'} | "
                f"{agree.get('missed', '–')} | {agree.get('extra', '–')} |"
            )
        threads = [r for r in rows if r["aliases"] == size and "find_many_1_s" in r]
        for r in threads:
            many = [k for k in r if k.startswith("find_many_") and k != "find_many_1_s"]
            for k in many:
                lines.append(
                    f"\n{r['peer']} `find_many` over the {size:,}-alias list: 1 thread "
                    f"{fmt(mbps(r, 'find_many_1_s'))} MB/s, {k.split('_')[2]} threads "
                    f"{fmt(mbps(r, k))} MB/s ({r['find_many_1_s'] / r[k]:.2f}×)."
                )
        best = [r for r in rows if r["aliases"] == size and r["peer"] in BOUNDARY_CORRECT
                and "error" not in r]
        if best:
            e2e = max(best, key=lambda r: mbps(r, "e2e_s") or 0)
            # spaCy's raw figure matches a Doc tokenised beforehand: not a scan of text.
            scans = [r for r in best if "raw_s" in r and r["peer"] != "spacy"]
            raw = max(scans, key=lambda r: mbps(r, "raw_s") or 0, default=None)
            tokens = next((r for r in best if r["peer"] == "spacy" and "raw_s" in r), None)
            lines.append("")
            for name in ("newsgaz", "newsgaz-columnar"):
                ours = next((r for r in rows if r["aliases"] == size and r["peer"] == name
                             and "error" not in r), None)
                if ours is None:
                    continue
                ratios = [f"{name}: {paired(ours, e2e, 'e2e_s')} the fastest "
                          f"boundary-correct peer e2e ({e2e['peer']})"]
                if raw:
                    ratios.append(f"{paired(ours, raw, 'raw_s')} the fastest "
                                  f"raw text scan ({raw['peer']})")
                if tokens:
                    ratios.append(f"{mbps(ours, 'e2e_s') / mbps(tokens, 'raw_s'):.2f}× spaCy's "
                                  "match over a pre-tokenised Doc")
                lines.append("- " + "; ".join(ratios) + ".")
        examples = [(r["peer"], e) for r in rows if r["aliases"] == size
                    for e in r.get("agreement", {}).get("examples", [])]
        if examples:
            lines += ["", "Disagreements, first few of each matcher (span, text):", ""]
            lines += [f"- {peer}: {e['kind']} {tuple(e['span'])} {e['text']!r}" for peer, e in examples]
        lines.append("")
    (out_dir / "results.md").write_text("\n".join(lines))
    plot(rows, sizes, out_dir / "throughput.png")


def plot(rows: list[dict], sizes: list[int], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is missing: no plot", file=sys.stderr)
        return
    fig, ax = plt.subplots(figsize=(8, 5))
    names = list(dict.fromkeys(r["peer"] for r in rows))
    for name in names:
        points = [(r["aliases"], mbps(r, "e2e_s")) for r in rows
                  if r["peer"] == name and "error" not in r]
        points = [(x, y) for x, y in points if y]
        if points:
            style = "-o" if name.startswith("newsgaz") else "--."
            ax.plot(*zip(*points), style, label=f"{name} e2e")
    raw = [(r["aliases"], mbps(r, "aho_corasick_s")) for r in rows if r["peer"] == RUST]
    if raw:
        ax.plot(*zip(*raw), ":", color="grey", label="aho-corasick crate, raw (Rust)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("aliases in the gazetteer")
    ax.set_ylabel("MB/s (BBC corpus, one thread)")
    ax.set_title("Whole-word, case-insensitive, leftmost-longest matching")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent / "results"))
