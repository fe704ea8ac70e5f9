#!/usr/bin/env bash
# The page comparison in one command: makes benches/html/.venv, installs the peers
# (requirements.txt), builds the newsgaz CLI in release, then runs bench.py (arguments are
# passed on: `run.sh --rounds 5`). Needs ../shared/data/article-extraction-benchmark beside
# the repository. Writes benches/html/results/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"
if [ ! -x "$here/.venv/bin/python" ]; then
    python3 -m venv "$here/.venv"
    # The pip of some Pythons cannot resolve lxml's extras: a current one can.
    "$here/.venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
fi
py="$here/.venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
cargo build --quiet --release -p newsgaz-cli
exec "$py" "$here/bench.py" --newsgaz "$repo/target/release/newsgaz" "$@"
