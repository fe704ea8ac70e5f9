#!/usr/bin/env bash
# Creates .venv (if absent) with what the Python side needs to build and test.
#   scripts/python-env.sh                 maturin, pytest, hypothesis, mypy, pandas, pyarrow, tqdm
#   scripts/python-env.sh --integrations  also spaCy, Dask (distributed), PySpark and the notebook
#                                         runner (nbclient, ipykernel, matplotlib) for the second tier
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
# pandas, pyarrow and tqdm are optional for users; the tests cover both with and without.
want=("maturin>=1.5,<2" "pytest>=8" "hypothesis>=6" "mypy>=1.10" "pandas>=2" "pyarrow>=14" "tqdm>=4")
if [ "${1:-}" = "--integrations" ]; then
    want+=("spacy>=3.7,<4" "dask[distributed]>=2024.1" "pyspark>=3.5" "nbclient>=0.10" "nbformat>=5.9"
        "ipykernel>=6.29" "matplotlib>=3.8")
fi
missing=()
for spec in "${want[@]}"; do
    # The distribution's name: what comes before any extra or version bound.
    name="${spec%%[<>=\[]*}"
    .venv/bin/python -m pip show --quiet "$name" >/dev/null 2>&1 || missing+=("$spec")
done
if [ ${#missing[@]} -gt 0 ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "${missing[@]}"
fi
