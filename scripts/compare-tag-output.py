#!/usr/bin/env python3
"""Checks that `newsgaz tag` keeps every field it printed before, with the same values.

    scripts/compare-tag-output.py OLD_NEWSGAZ NEW_NEWSGAZ [--all]

Runs both binaries on the sample article (examples/), the seed article (with the built-in
gazetteer alone and with tests/fixtures/seed-people.jsonl) and 100 BBC articles (every
22nd file in sorted order; all 2,225 with --all) from ../shared/data, then compares the JSON records: every key
of the old output must be in the new one with an equal value (new keys may be added).
Build the old binary from the commit to compare against, for example
`git worktree add /tmp/old HEAD~1 && cargo build --release --manifest-path /tmp/old/Cargo.toml -p newsgaz-cli`.
Exits 1 and lists the differences when there are any.
"""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"


def runs(all_bbc=False):
    yield "sample", ["tag", "examples/article.txt", "--gazetteer", "examples/gazetteer.jsonl"]
    seed = SHARED / "seed" / "putin-li-shangfu.txt"
    if seed.exists():
        yield "seed", ["tag", str(seed)]
        yield "seed+people", ["tag", str(seed), "--gazetteer", "tests/fixtures/seed-people.jsonl"]
    bbc = sorted((SHARED / "bbc-news" / "bbc").glob("*/*.txt"))
    if bbc and all_bbc:
        yield f"bbc{len(bbc)}", ["tag", "--lossy", *map(str, bbc)]
    elif bbc:
        yield "bbc100", ["tag", "--lossy", *map(str, bbc[::22][:100])]


def records(binary, args):
    out = subprocess.run([binary, *args], cwd=REPO, capture_output=True, text=True)
    return out.returncode, [json.loads(line) for line in out.stdout.splitlines()]


def differences(old, new, path):
    if isinstance(old, dict):
        if not isinstance(new, dict):
            yield f"{path}: object became {type(new).__name__}"
            return
        for key, value in old.items():
            if key not in new:
                yield f"{path}.{key}: missing"
            else:
                yield from differences(value, new[key], f"{path}.{key}")
    elif isinstance(old, list):
        if not isinstance(new, list) or len(old) != len(new):
            yield f"{path}: list of {len(old)} became {new if not isinstance(new, list) else len(new)}"
            return
        for i, (a, b) in enumerate(zip(old, new)):
            yield from differences(a, b, f"{path}[{i}]")
    elif old != new:
        yield f"{path}: {old!r} became {new!r}"


def main():
    args = sys.argv[1:]
    all_bbc = "--all" in args
    args = [a for a in args if a != "--all"]
    if len(args) != 2:
        sys.exit(__doc__)
    old_bin, new_bin = args
    failed = False
    for name, args in runs(all_bbc):
        (old_code, old), (new_code, new) = records(old_bin, args), records(new_bin, args)
        found = [] if old_code == new_code else [f"exit code {old_code} became {new_code}"]
        if len(old) != len(new):
            found.append(f"{len(old)} records became {len(new)}")
        for i, (a, b) in enumerate(zip(old, new)):
            found.extend(differences(a, b, f"#{i}"))
        added = sorted(set(new[0]) - set(old[0])) if old and new else []
        print(f"{name}: {len(old)} records, {len(found)} differences; new fields: {added}")
        for line in found[:20]:
            print("   ", line)
        failed |= bool(found)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
