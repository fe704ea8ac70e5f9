#!/usr/bin/env bash
# Runs the cargo-fuzz target (the matcher against the naive reference, both engines) for
# SECONDS (default 60), installing cargo-fuzz first if it is missing. libFuzzer needs
# nightly-only compiler flags; RUSTC_BOOTSTRAP lets the stable toolchain pass them, so no
# second toolchain is needed. A disagreement fails with the input under fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install --quiet --locked cargo-fuzz
fi
cd fuzz
RUSTC_BOOTSTRAP=1 cargo fuzz run matcher_reference -- \
    -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1
