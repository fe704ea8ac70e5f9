#!/usr/bin/env bash
# Runs the cargo-fuzz targets for SECONDS each (default 60), or only TARGET: the matcher
# against the naive reference (both engines), article parsing, HTML pages and WARC
# archives, gazetteer loading (JSON
# Lines and compiled files) and
# annotation (no panic, every span on char boundaries), and every layout under small
# limits (records kept one for one). Installs cargo-fuzz first if it
# is missing. Each target starts from its kept seeds (fuzz/seeds/TARGET), which
# tests/fuzz_seeds.rs also replays on stable. libFuzzer needs
# nightly-only compiler flags; RUSTC_BOOTSTRAP lets the stable toolchain pass them, so no
# second toolchain is needed. A disagreement fails with the input under fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
targets="${2:-matcher_reference article_parse page_parse input_limits gazetteer_load compiled_load annotate}"
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install --quiet --locked cargo-fuzz
fi
cd fuzz
for target in $targets; do
    mkdir -p "corpus/$target"
    seeds=()
    if [ -d "seeds/$target" ]; then seeds=("seeds/$target"); fi
    echo "== fuzz $target for ${seconds}s"
    # The page targets are built optimised: the parser is slow without it.
    flags=()
    if [ "$target" = page_parse ] || [ "$target" = input_limits ]; then flags=(-O); fi
    RUSTC_BOOTSTRAP=1 cargo fuzz run "${flags[@]}" "$target" "corpus/$target" "${seeds[@]}" -- \
        -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1
done
