#!/usr/bin/env bash
# Runs every test: Rust (format, lints, unit, conformance, CLI, doctests) and Python
# (builds the extension into .venv with maturin, then pytest). Needs only the Rust
# toolchain and Python 3: it installs what else it needs into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt / clippy"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test"
cargo test --workspace --locked

echo "== python"
scripts/python-env.sh
VIRTUAL_ENV="$PWD/.venv" .venv/bin/maturin develop --quiet --locked -m bindings/python/Cargo.toml
.venv/bin/python -m pytest -q tests/python
.venv/bin/python -m mypy.stubtest newsgaz
