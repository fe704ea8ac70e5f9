#!/usr/bin/env bash
# Runs every test: Rust (format, lints, unit, conformance, CLI, doctests) and Python
# (builds the extension into .venv with maturin, then pytest and stubtest), then the
# second tier: spaCy, Dask, Spark and the example notebook (tests/integrations).
# Needs only the Rust toolchain, Python 3 and, for Spark, Java 17: it installs what
# else it needs into .venv.
#   scripts/test.sh           both tiers
#   scripts/test.sh --quick   the first tier only (no spaCy, Dask, PySpark or Jupyter)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=false
case "${1:-}" in
    --quick) quick=true ;;
    "") ;;
    *) echo "usage: scripts/test.sh [--quick]" >&2; exit 2 ;;
esac

echo "== cargo fmt / clippy"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test"
cargo test --workspace --locked

echo "== python"
scripts/python-env.sh
VIRTUAL_ENV="$PWD/.venv" .venv/bin/maturin develop --quiet --locked -m bindings/python/Cargo.toml
.venv/bin/python -m pytest -q tests/python
if $quick; then
    .venv/bin/python -m mypy.stubtest newsgaz --mypy-config-file scripts/stubtest/without-spacy.ini \
        --allowlist scripts/stubtest/without-spacy.allowlist --ignore-unused-allowlist
    exit 0
fi

echo "== integrations (spaCy, Dask, Spark, notebook)"
scripts/python-env.sh --integrations
.venv/bin/python -m pytest -q tests/integrations
.venv/bin/python -m mypy.stubtest newsgaz
