#!/usr/bin/env bash
# Creates .venv (if absent) with what the Python side needs to build and test.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
# pandas, pyarrow and tqdm are optional for users; the tests cover both with and without.
want=(maturin pytest hypothesis mypy pandas pyarrow tqdm)
missing=()
for pkg in "${want[@]}"; do
    .venv/bin/python -m pip show --quiet "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check \
        "maturin>=1.5,<2" "pytest>=8" "hypothesis>=6" "mypy>=1.10" \
        "pandas>=2" "pyarrow>=14" "tqdm>=4"
fi
